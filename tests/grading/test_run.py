"""Grading a class: a mixed folder with hostile files, graded with the real checkers; the
gradebook's columns and totals, feedback pages, the class report and the exit status."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

import pytest

from lessons import tasks
from lessons.cli import main
from lessons.grading import grade, grade_folder
from lessons.student.submission import build_submission
from lessons.teacher.exercises import Exercise, load_exercise
from tests.grading.classes import (
    CASE,
    T0,
    expected_points,
    expert_rating,
    half_right_rating,
    opposite_rating,
    put,
    read_gradebook,
    reliability_answers,
    submission,
)

SKIPPED = {
    "notes.txt": "is not JSON",
    "evil.py": "is not JSON",
    "pickle.json": "not UTF-8",
    "future.json": "newer version",
    "tampered.json": "checksum does not match",
    "escape.json": "outside the output folder",
    "wrongtype.json": '"answers" must be an object',
    "other-case.json": "case study 'moon-landing'",
    "huge.json": "at most 1,000,000 bytes",
    "link.json": "not a regular file",
}


def test_a_mixed_class_is_graded_and_the_hostile_files_skipped(
    mixed_class: tuple[Path, Path], tmp_path: Path, quiz: Exercise
) -> None:
    folder, marker = mixed_class
    out = tmp_path / "results"

    status = main(["grade", str(folder), "--exercise", "quiz-reliability", "--out", str(out)])

    assert status == 1  # graded, but some files were skipped
    assert not marker.exists()  # nothing in a submission ever runs
    rows = read_gradebook(out / "gradebook.csv")
    assert list(rows[0]) == ["student", "total", "maximum", *quiz.task_ids]
    names = [row["student"] for row in rows]
    assert sorted(names, key=str.casefold) == names
    assert set(names) == {
        "Ann Expert",
        "Ben Half",
        "Cat Wrong",
        "Dan <Partial> & Co",
        "eve",
        '\'=HYPERLINK("x")',
    }
    by_name = {row["student"]: row for row in rows}
    for row in rows:
        task_sum = sum(float(row[t]) for t in quiz.task_ids)
        assert float(row["total"]) == pytest.approx(task_sum, abs=0.001)
        assert float(row["maximum"]) == quiz.maximum
    # Every cell is what the widgets' own checker says, times the exercise's points.
    answers_of = {
        "Ann Expert": reliability_answers(expert_rating),
        "Ben Half": reliability_answers(half_right_rating),
        "Cat Wrong": reliability_answers(opposite_rating),
        "eve": reliability_answers(expert_rating),
    }
    for name, answers in answers_of.items():
        for task_id in quiz.task_ids:
            assert float(by_name[name][task_id]) == pytest.approx(
                expected_points(quiz, answers, task_id), abs=0.01
            )
    totals = {name: float(by_name[name]["total"]) for name in answers_of}
    assert totals["Ann Expert"] > totals["Ben Half"] > totals["Cat Wrong"]
    assert totals["Ann Expert"] >= 0.9 * quiz.maximum
    assert totals["eve"] == totals["Ann Expert"]  # the newer (expert) submission counted
    dan = by_name["Dan <Partial> & Co"]
    assert float(dan["reliability/tyler-durden"]) == 0 and float(dan["reliability/deep-dive"]) == 0
    assert float(dan["reliability/kyiv-post"]) == float(
        by_name["Ann Expert"]["reliability/kyiv-post"]
    )

    skipped = read_gradebook(out / "skipped.csv")
    reasons = {row["file"]: row["reason"] for row in skipped}
    for name, reason in SKIPPED.items():
        assert reason in reasons.get(name, ""), f"{name}: {reasons.get(name)!r}"
    assert "superseded" in reasons["eve-old.json"] and "lms/eve/new.json" in reasons["eve-old.json"]
    assert "ann.json" not in reasons
    assert reasons[".hidden.json"].startswith("is a hidden file")  # listed, not read


def test_a_clean_folder_exits_zero_and_empty_folders_still_report(tmp_path: Path) -> None:
    folder = tmp_path / "clean"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    assert (
        main(
            [
                "grade",
                str(folder),
                "--exercise",
                "quiz-reliability",
                "--out",
                str(tmp_path / "a"),
                "--no-charts",
            ]
        )
        == 0
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (
        main(["grade", str(empty), "--exercise", "quiz-reliability", "--out", str(tmp_path / "b")])
        == 0
    )
    assert read_gradebook(tmp_path / "b" / "gradebook.csv") == []
    assert "0 students graded" in (tmp_path / "b" / "report.html").read_text(encoding="utf-8")


def test_nothing_is_graded_without_a_folder_or_a_valid_exercise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "grade",
                str(tmp_path / "nope"),
                "--exercise",
                "quiz-reliability",
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 2
    )
    assert "not a folder" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\ntitle = "x"\nmode = "exam"\n[[tasks]]\nid = "reliability/x"\n')
    assert main(["grade", str(tmp_path), "--exercise", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "bad.toml: mode:" in err and "bad.toml: tasks[0].id:" in err
    assert not (tmp_path / "o").exists()


# --- the whole unit, every lesson's real checker ----------------------------------------------


def expert_answer(task_id: str) -> dict[str, Any] | None:
    """The expert's answer to a task of the unit, built from the case's keys."""
    from lessons.reading import date_choice, page_lines

    lesson, target = task_id.split("/")
    if lesson not in ("reading", "sources", "hedges", "reliability"):
        return None  # answers of the question lessons are checked in their own tests
    article = CASE.article(target)
    if lesson == "reading":
        return {
            "furniture": [line.number for line in page_lines(article) if line.belongs == "page"],
            "date": date_choice(article),
            "translation": article.translation_of is not None,
        }
    if lesson == "sources":
        key = CASE.key("sources").articles[target]
        return {
            "named": [named.source for named in key.named],
            "garbled": [named.source for named in key.named if named.garbled],
            "immediate": key.immediate,
            "credited": key.credited,
            "chain": list(key.chain),
        }
    if lesson == "hedges":
        key = CASE.key("hedges").article(target)
        return {"spans": [[span.start, span.end, span.category] for span in key.spans]}
    if lesson == "reliability":
        return expert_rating(target)
    return None


def novice_answer(task_id: str) -> dict[str, Any] | None:
    lesson, target = task_id.split("/")
    if expert_answer(task_id) is None:
        return None
    if lesson == "reading":
        return {"furniture": [], "date": "shown-is-publication", "translation": True}
    if lesson == "sources":
        key = CASE.key("sources").articles[target]
        guess = key.distractors[0].source if key.distractors else "daily-mail"
        return {
            "named": [guess],
            "immediate": guess,
            "credited": not key.credited,
            "chain": [guess],
        }
    if lesson == "hedges":
        key = CASE.key("hedges").article(target)
        return {"spans": [[n.start, n.end, "booster"] for n in key.lookalikes]}
    if lesson == "reliability":
        return opposite_rating(target)
    return None


BROKEN = {
    "furniture": "all",
    "date": 7,
    "named": 5,
    "chain": "REGNUM",
    "spans": "many",
    "levels": 3,
}


def test_the_whole_unit_is_graded_with_every_lessons_checker(tmp_path: Path) -> None:
    unit = load_exercise("full-unit")
    folder = tmp_path / "unit"
    classes = {
        "Ana Expert": {t: a for t in unit.task_ids if (a := expert_answer(t)) is not None},
        "Nico Novice": {t: a for t in unit.task_ids if (a := novice_answer(t)) is not None},
        "Bo Broken": {t: dict(BROKEN) for t in unit.task_ids},
    }
    for name, answers in classes.items():
        data = build_submission(student=name, answers=answers, case=CASE, now=T0)
        put(folder, f"{name}.json", data)
    out = tmp_path / "out"

    assert main(["grade", str(folder), "--exercise", "full-unit", "--out", str(out)]) == 0

    rows = {row["student"]: row for row in read_gradebook(out / "gradebook.csv")}
    # "teacher's marks": which briefs are marked (tests/grading/test_marks.py); "note": the
    # brief's points are the automatic part only (see tests/test_gradebook.py).
    assert list(rows["Ana Expert"]) == [
        "student",
        "total",
        "maximum",
        *unit.task_ids,
        "teacher's marks",
        "note",
    ]
    for name, answers in classes.items():
        for task_id in unit.task_ids:
            assert float(rows[name][task_id]) == pytest.approx(
                expected_points(unit, answers, task_id), abs=0.01
            ), (name, task_id)
    built = [t for t in unit.task_ids if t in classes["Ana Expert"]]
    assert {t.split("/")[0] for t in built} >= {"reading", "sources", "hedges", "reliability"}
    expert_points = sum(float(rows["Ana Expert"][t]) for t in built)
    assert expert_points >= 0.9 * sum(unit.points(t) for t in built)
    assert float(rows["Nico Novice"]["total"]) < 0.5 * expert_points
    assert float(rows["Bo Broken"]["total"]) == 0
    broken_page = (out / "feedback" / "bo-broken.html").read_text(encoding="utf-8")
    for task_id in built:
        problem = tasks.check(CASE, task_id, BROKEN, classes["Bo Broken"]).problem
        assert problem and html.escape(problem) in broken_page, task_id


def test_a_unit_handed_in_lesson_by_lesson_is_combined_and_nothing_is_listed_as_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each lesson ends with Hand in, so a class sends one file per lesson and student: every
    file counts whole. Only a file with an answer a newer file replaces is listed."""
    unit = load_exercise("full-unit")
    answers = {t: a for t in unit.task_ids if (a := expert_answer(t)) is not None}
    folder = tmp_path / "unit"
    for minutes, lesson in enumerate(unit.skills):
        mine = {t: a for t, a in answers.items() if t.startswith(f"{lesson}/")}
        if mine:
            data = build_submission(
                student="Ana", answers=mine, case=CASE, skill=lesson, exercise=unit.id,
                now=T0 + dt.timedelta(minutes=minutes),
            )  # fmt: skip
            put(folder, f"ana-{minutes}-{lesson}.json", data)
    lessons = len(list(folder.iterdir()))
    out = tmp_path / "out"

    assert main(["grade", str(folder), "--exercise", "full-unit", "--out", str(out)]) == 0

    result = grade_folder(folder, unit, show_progress=False)
    (ana,) = result.students
    assert result.superseded == () and result.combined == lessons - 1
    for task in ana.tasks:
        expected = expected_points(unit, answers, task.task_id)
        assert task.points == pytest.approx(expected, abs=0.01), task.task_id
    assert read_gradebook(out / "skipped.csv") == []
    printed = capsys.readouterr()
    assert "superseded" not in printed.err
    assert f"{lessons - 1} earlier files combined with the same students' newer files" in (
        printed.out
    )
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f"{lessons - 1} earlier files of students who handed in more than once" in report
    assert "Older submissions" not in report

    redo = {t: a for t, a in answers.items() if t.startswith("sources/")}
    first_sources = next(folder.glob("ana-*-sources.json"))
    put(folder, "ana-later.json", build_submission(
        student="Ana", answers=dict(list(redo.items())[:1]), case=CASE, exercise=unit.id,
        now=T0 + dt.timedelta(hours=1),
    ))  # fmt: skip
    result = grade_folder(folder, unit, show_progress=False)
    (old,) = result.superseded
    assert old.file == first_sources.name and result.combined == lessons - 1
    assert old.tasks_replaced == (next(iter(redo)),)
    assert old.describe() == (
        f"Ana handed in again; newer files replace this file's answers to {next(iter(redo))}, "
        "and its other answers still count."
    )


def test_a_student_who_handed_in_twice_gets_one_page_with_the_newest_answers(
    tmp_path: Path, quiz: Exercise
) -> None:
    """Each file is graded as it is read; a second hand-in regrades the student and the
    feedback page is written again, so what is left shows the merged, newest answers."""
    folder = tmp_path / "class"
    put(folder, "a-new.json", submission("Eve", reliability_answers(expert_rating), minutes=20))
    put(folder, "b-old.json", submission("Eve", reliability_answers(opposite_rating)))
    result = grade(folder, quiz, tmp_path / "out", show_progress=False, charts=False)
    (eve,) = result.students
    assert eve.submission.source == "a-new.json"
    assert eve.total == eve.maximum  # the expert rating, handed in last, counts
    pages = list((tmp_path / "out" / "feedback").iterdir())
    assert [page.name for page in pages] == ["eve.html"]
    assert f"Total: {eve.total:g} out of" in pages[0].read_text(encoding="utf-8")
    assert [old.file for old in result.superseded] == ["b-old.json"]
    answered = sum(task.status != "missing" for task in eve.tasks)
    assert result.checks == answered  # the first grading, replaced, is not counted twice


def test_the_progress_bar_shows_on_request_and_is_quiet_when_not_a_terminal(
    tmp_path: Path, quiz: Exercise, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    capsys.readouterr()
    grade_folder(folder, quiz)  # stderr is captured here, so not a terminal: no bar
    assert "Grading" not in capsys.readouterr().err
    grade_folder(folder, quiz, show_progress=True)
    err = capsys.readouterr().err
    assert "Grading" in err and "1/1" in err


def test_grading_modules_do_not_import_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, lessons.grading, lessons.grading.gradebook, lessons.grading._memo, "
        "lessons.grading.folder, lessons.grading.output, lessons.grading.pages, "
        "lessons.grading.results, lessons.grading.run, lessons.grading.submission, "
        "lessons.teacher.release, lessons.grading.report, lessons.student.handin, "
        "lessons.student.names, lessons.student.progress, lessons.student.submission, "
        "lessons.student.workspace, lessons.teacher.exercises\n"
        "print(sorted(m for m in ('matplotlib', 'pandas', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_file_changed_between_checking_and_grading_is_skipped(
    tmp_path: Path, quiz: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A student who handed in twice is graded again from files read a second time: a file
    edited in between shows, and the rest of the class is graded."""
    import lessons.grading.folder as grading

    folder = tmp_path / "class"
    put(folder, "ann-1.json", submission("Ann", reliability_answers(opposite_rating)))
    put(folder, "ann-2.json", submission("Ann", reliability_answers(expert_rating), minutes=5))
    put(folder, "ben.json", submission("Ben", reliability_answers(expert_rating)))
    real_read = grading.read_submission
    reads: list[str] = []

    def read_then_tamper(path: Path, *, source: str = "") -> Any:
        reads.append(source)
        if source == "ann-2.json" and reads.count(source) == 2:  # edited meanwhile
            data = json.loads(path.read_text(encoding="utf-8"))
            data["answers"]["reliability/kyiv-post"] = {"levels": {}}
            path.write_text(json.dumps(data), encoding="utf-8")
        return real_read(path, source=source)

    monkeypatch.setattr(grading, "read_submission", read_then_tamper)
    result = grade(folder, quiz, tmp_path / "out", show_progress=False, charts=False)
    assert [s.student for s in result.students] == ["Ben"]
    (skipped,) = result.skipped
    assert skipped.file == "ann-2.json"
    assert skipped.reason.startswith("changed while it was being graded: checksum does not match")
    assert reads.count("ben.json") == 1  # a student with one file is read once
    # Ann's page, written when her first file was graded, went with her grade.
    assert sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir()) == ["ben.html"]


def test_grading_pauses_the_cycle_collector_and_leaves_it_as_it_was(
    tmp_path: Path, quiz: Exercise
) -> None:
    import gc

    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    during: list[bool] = []
    assert gc.isenabled()
    grade_folder(
        folder, quiz, show_progress=False, on_graded=lambda _: during.append(gc.isenabled())
    )
    assert during == [False] and gc.isenabled()
    gc.disable()
    try:
        grade_folder(folder, quiz, show_progress=False)
        assert not gc.isenabled()  # a caller who had paused it keeps it paused
    finally:
        gc.enable()


def test_a_long_list_of_skipped_files_is_cut_short_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """skipped.csv lists every file; the terminal lists the first few and says where the rest are."""
    from lessons.cli.grade import MAX_LISTED

    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    for index in range(MAX_LISTED + 5):
        (folder / f"broken-{index:02d}.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"
    args = ["grade", str(folder), "--exercise", "quiz-reliability", "--out", str(out)]
    assert main([*args, "--no-charts", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("skipped broken-") == MAX_LISTED
    assert f"... and 5 more skipped or superseded files: all of them are in {out}" in err
    assert len(read_gradebook(out / "skipped.csv")) == MAX_LISTED + 5


def test_a_hand_in_made_in_an_assessment_is_graded_from_inside_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiz: Exercise
) -> None:
    import lessons

    folder = tmp_path / "class"
    assert main(["release", "quiz-reliability", "--out", str(folder), "--mode", "assessment"]) == 0
    monkeypatch.setenv("LESSONS_WORKSPACE", str(folder))
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    monkeypatch.chdir(folder)  # a teacher grading from inside the released folder
    article_id = CASE.article_ids[0]
    task_id = f"reliability/{article_id}"
    expert = expert_rating(article_id)
    rater = lessons.rate(article_id)
    for criterion_id, level in expert["levels"].items():
        rater.levels[criterion_id].value = level
    for criterion_id, quote in expert["evidence"].items():
        rater.evidence[criterion_id].value = quote
    assert "Score" not in str(rater.check())
    handin = lessons.hand_in("reliability")
    handin.name.value = "Ann Expert"
    handin.hand_in()
    assert handin.last_path is not None

    status = main(["grade", "submissions", "--exercise", "quiz-reliability", "--out", "grades"])

    assert status == 0
    [row] = read_gradebook(folder / "grades" / "gradebook.csv")
    assert row["student"] == "Ann Expert"
    assert (
        float(row[task_id])
        == quiz.points(task_id)
        == expected_points(quiz, {task_id: expert}, task_id)
    )


NAMES = {
    "Олена Коваль": expert_rating,
    "王小明": half_right_rating,
    "فاطمة الزهراء": opposite_rating,
    "Zoë Müller": expert_rating,
    "José": expert_rating,
    "Jose": opposite_rating,
    "Maximiliana Alexandra Konstantinopoulou-Papadopoulou Wetherby Anne": expert_rating,
    "Maximiliana Alexandra Konstantinopoulou-Papadopoulou Wetherby Anna": opposite_rating,
}


def test_students_named_in_any_script_hand_in_and_are_graded_as_themselves(
    tmp_path: Path, quiz: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each student names themself in their own workspace, rates the articles and hands in;
    the teacher grades every file, and each name is its own student with its own page."""
    from lessons.student import progress
    from lessons.student.handin import write_submission

    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    folder = tmp_path / "collected"
    folder.mkdir()
    for index, (name, rating) in enumerate(NAMES.items()):
        monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path / f"student-{index}"))
        assert progress.set_student_name(f" {name} ") == name
        for task_id, answer in reliability_answers(rating).items():
            progress.save_answer(task_id, answer)
        handed = write_submission("reliability", case=CASE, now=T0)
        assert handed.path.name.endswith(".json") and "/" not in handed.path.name
        handed.path.rename(folder / handed.path.name)
    assert len(list(folder.iterdir())) == len(NAMES)  # no two file names the same

    out = tmp_path / "out"
    result = grade(folder, quiz, out, show_progress=False, charts=False)

    assert result.skipped == () and result.superseded == ()
    assert sorted(s.student for s in result.students) == sorted(NAMES)
    rows = {row["student"]: row for row in read_gradebook(out / "gradebook.csv")}
    assert set(rows) == set(NAMES)
    pages = {page.name for page in (out / "feedback").iterdir()}
    assert len(pages) == len(NAMES)
    for student in result.students:
        page = (out / "feedback" / f"{student.slug}.html").read_text(encoding="utf-8")
        assert html.escape(student.student) in page
        expected = sum(
            expected_points(quiz, reliability_answers(NAMES[student.student]), t)
            for t in quiz.task_ids
        )
        assert float(rows[student.student]["total"]) == pytest.approx(expected, abs=0.05)
    assert float(rows["José"]["total"]) > float(rows["Jose"]["total"])
    long_names = [n for n in NAMES if n.startswith("Maximiliana")]
    assert long_names[0][:60] == long_names[1][:60]
    assert float(rows[long_names[0]]["total"]) > float(rows[long_names[1]]["total"])
