"""Grading a class: a mixed folder with hostile files, graded with the real checkers; the
gradebook's columns and totals, feedback pages, the class report and the exit status."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lessons import tasks
from lessons.casestudy import Case
from lessons.cli import main
from lessons.grading import grade, grade_folder, task_points, task_title
from lessons.grading.gradebook import number
from lessons.skills import load_seed_case
from lessons.student.submission import MAX_SUBMISSION_BYTES, build_submission, seal
from lessons.teacher.exercises import Exercise, load_exercise

CASE = load_seed_case()
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
FLIP = {"met": "not-met", "not-met": "met", "partly": "met"}

Answers = dict[str, dict[str, Any]]


# --- answers built from the expert key, so no result is written into the test ----------------


def expert_rating(article_id: str) -> dict[str, Any]:
    expert = CASE.key("reliability").articles[article_id]
    evidence = {cid: ck.quotes[0] for cid, ck in expert.criteria.items() if ck.quotes}
    return {"levels": dict(expert.levels), "evidence": evidence}


def opposite_rating(article_id: str) -> dict[str, Any]:
    expert = CASE.key("reliability").articles[article_id]
    return {"levels": {cid: FLIP[level] for cid, level in expert.levels.items()}}


def half_right_rating(article_id: str) -> dict[str, Any]:
    expert = CASE.key("reliability").articles[article_id]
    levels = dict(expert.levels)
    for cid in list(levels)[: len(levels) // 2]:
        levels[cid] = FLIP[levels[cid]]
    return {"levels": levels, "evidence": expert_rating(article_id)["evidence"]}


def reliability_answers(make: Callable[[str], dict[str, Any]]) -> Answers:
    return {f"reliability/{a}": make(a) for a in CASE.article_ids}


def submission(student: str, answers: Answers, *, minutes: int = 0, **extra: Any) -> dict[str, Any]:
    data = build_submission(
        student=student,
        answers=answers,
        case=CASE,
        exercise="quiz-reliability",
        now=T0 + dt.timedelta(minutes=minutes),
    )
    data.update(extra)
    return seal(data)


def put(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def quiz() -> Exercise:
    return load_exercise("quiz-reliability")


@pytest.fixture
def mixed_class(tmp_path: Path) -> tuple[Path, Path]:
    """A class folder as a teacher might collect it, hostile files included."""
    folder = tmp_path / "collected"
    marker = tmp_path / "executed.txt"
    put(folder, "ann.json", submission("Ann Expert", reliability_answers(expert_rating)))
    put(folder, "ben.json", submission("Ben Half", reliability_answers(half_right_rating)))
    put(folder, "cat.json", submission("Cat Wrong", reliability_answers(opposite_rating)))
    partial = reliability_answers(expert_rating)
    partial["reliability/zerohedge"] = {"levels": "all of them"}  # malformed answer
    del partial["reliability/deep-dive"]  # not answered
    put(folder, "dan.json", submission("Dan <Partial> & Co", partial))
    # The same student twice: the newer file counts, the older is reported.
    put(folder, "eve-old.json", submission("Eve", reliability_answers(opposite_rating)))
    put(
        folder,
        "lms/eve/new.json",
        submission("eve", reliability_answers(expert_rating), minutes=30),
    )
    put(folder, "formula.json", submission('=HYPERLINK("x")', reliability_answers(opposite_rating)))
    # Hostile and broken files, each skipped with a reason.
    put(folder, "notes.txt", b"Remember to grade these by Friday.")
    put(folder, "evil.py", f"open({str(marker)!r}, 'w').write('ran')\n".encode())
    put(folder, "pickle.json", b"\x80\x04\x95\x00\x00\x00\x00")
    put(folder, "future.json", submission("Fay", {}, version=2))
    tampered = submission("Gus", reliability_answers(opposite_rating))
    tampered["answers"] = reliability_answers(expert_rating)
    put(folder, "tampered.json", tampered)
    put(folder, "escape.json", submission("../../../etc/cron.d/x", {}))
    put(folder, "wrongtype.json", seal({**submission("Hal", {}), "answers": ["a"]}))
    put(folder, "other-case.json", submission("Ida", {}, case={"id": "moon-landing"}))
    big = submission("Jo", {"reliability/kyiv-post": {"note": "x" * MAX_SUBMISSION_BYTES}})
    put(folder, "huge.json", big)
    os.symlink("/etc/passwd", folder / "link.json")
    put(folder, ".hidden.json", b"ignored")
    return folder, marker


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


def read_gradebook(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_points(exercise: Exercise, answers: Answers, task_id: str) -> float:
    """The points the same checker gives, computed here from its Feedback."""
    answer = answers.get(task_id)
    if answer is None:
        return 0.0
    feedback = tasks.check(CASE, task_id, answer, answers)
    if not feedback.is_valid:
        return 0.0
    return round(exercise.points(task_id) * feedback.score / feedback.max_score, 2)


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
    assert float(dan["reliability/zerohedge"]) == 0 and float(dan["reliability/deep-dive"]) == 0
    assert float(dan["reliability/kyiv-post"]) == float(
        by_name["Ann Expert"]["reliability/kyiv-post"]
    )

    skipped = read_gradebook(out / "skipped.csv")
    reasons = {row["file"]: row["reason"] for row in skipped}
    for name, reason in SKIPPED.items():
        assert reason in reasons.get(name, ""), f"{name}: {reasons.get(name)!r}"
    assert "superseded" in reasons["eve-old.json"] and "lms/eve/new.json" in reasons["eve-old.json"]
    assert ".hidden.json" not in reasons and "ann.json" not in reasons


def test_feedback_pages_teach_and_escape(
    mixed_class: tuple[Path, Path], tmp_path: Path, quiz: Exercise
) -> None:
    folder, _ = mixed_class
    out = tmp_path / "results"
    grade(folder, quiz, out, show_progress=False, charts=False)
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert pages == [
        "ann-expert.html",
        "ben-half.html",
        "cat-wrong.html",
        "dan-partial-co.html",
        "eve.html",
        "hyperlink-x.html",
    ]
    dan = (out / "feedback" / "dan-partial-co.html").read_text(encoding="utf-8")
    assert "Dan &lt;Partial&gt; &amp; Co" in dan and "<Partial>" not in dan
    assert "No answer was handed in." in dan
    malformed = tasks.check(CASE, "reliability/zerohedge", {"levels": "all of them"})
    assert malformed.problem and html.escape(malformed.problem) in dan
    cat = (out / "feedback" / "cat-wrong.html").read_text(encoding="utf-8")
    wrong = tasks.check(CASE, "reliability/kyiv-post", opposite_rating("kyiv-post"))
    assert wrong.next_step and html.escape(wrong.next_step) in cat
    assert "Rate the reliability: Kyiv Post" in cat


def test_the_class_report_has_its_charts_with_alt_text(
    mixed_class: tuple[Path, Path], tmp_path: Path, quiz: Exercise
) -> None:
    folder, _ = mixed_class
    out = tmp_path / "results"
    grade(folder, quiz, out, show_progress=False)
    report = (out / "report.html").read_text(encoding="utf-8")
    for heading in (
        "Score distribution",
        "Per-question difficulty",
        "Most common wrong answers",
        "Reliability ratings against the expert bands",
        "Files skipped",
        "Older submissions",
    ):
        assert f"<h2>{heading}" in report
    charts = report.count('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert charts == 4 and report.count('role="img"') == charts
    assert report.count(' aria-labelledby="') == charts
    descs = report.split("<desc id=")[1:]  # each chart's alt text, named by aria-labelledby
    alt_texts = [desc.split(">", 1)[1].split("</desc>", 1)[0] for desc in descs]
    assert len(alt_texts) == charts and all(text.strip() for text in alt_texts)
    assert alt_texts[0].startswith("Histogram of 6 students")
    assert "<img" not in report
    assert "tampered.json" in report and "checksum does not match" in report
    assert "<Partial>" not in report


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


def test_a_checker_that_crashes_does_not_stop_the_class(
    tmp_path: Path, quiz: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    put(folder, "ben.json", submission("Ben", reliability_answers(opposite_rating)))
    real_check = tasks.check

    def flaky(case: Case, task_id: str, answer: object, answers: Any = None) -> Any:
        if task_id == "reliability/news-blog":
            raise RuntimeError("bug")
        return real_check(case, task_id, answer, answers)

    monkeypatch.setattr("lessons.tasks.check", flaky)
    result = grade_folder(folder, quiz, show_progress=False)
    assert len(result.students) == 2
    assert len(result.errors) == 2 and all("reliability/news-blog" in e for e in result.errors)
    for student in result.students:
        crashed = [t for t in student.tasks if t.task_id == "reliability/news-blog"]
        assert crashed[0].status == "error" and crashed[0].points == 0
        assert any(t.points > 0 for t in student.tasks) or student.student == "Ben"


@pytest.mark.parametrize(
    ("points", "score", "maximum", "expected"),
    [(10, 2, 3, 6.67), (10, 1, 1, 10), (5, 0, 4, 0), (2.5, 57, 200, 0.71), (10, 7, 5, 10)],
)
def test_task_points_are_rounded_half_up_and_capped(
    points: float, score: float, maximum: float, expected: float
) -> None:
    from lessons.feedback import Feedback

    feedback = Feedback(task="t/x", score=score, max_score=maximum)
    assert task_points(points, feedback) == expected
    assert task_points(points, Feedback.invalid("t/x", "Do it again.")) == 0


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
    # "note": the brief's points are the automatic part only (see tests/test_gradebook.py).
    assert list(rows["Ana Expert"]) == ["student", "total", "maximum", *unit.task_ids, "note"]
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
    for minutes, lesson in enumerate(unit.lessons):
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


def test_results_written_inside_the_submissions_folder_are_not_read_back(
    tmp_path: Path, quiz: Exercise
) -> None:
    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(expert_rating)))
    for _ in range(2):  # the second run finds the first run's results in the folder
        result = grade(folder, quiz, folder / "results", show_progress=False, charts=False)
        assert result.skipped == ()
        assert [s.student for s in result.students] == ["Ann"]


def test_the_newest_answer_to_each_task_counts(tmp_path: Path, quiz: Exercise) -> None:
    """Handed in the whole quiz first, then two articles again: nothing is lost."""
    folder = tmp_path / "class"
    put(folder, "first.json", submission("Eve", reliability_answers(opposite_rating)))
    again = {f"reliability/{a}": expert_rating(a) for a in ("kyiv-post", "deep-dive")}
    put(folder, "again.json", submission("Eve", again, minutes=20))
    result = grade_folder(folder, quiz, show_progress=False)
    (eve,) = result.students
    points = {task.task_id: task.points for task in eve.tasks}
    everything = reliability_answers(opposite_rating) | again
    for task_id in quiz.task_ids:
        assert points[task_id] == pytest.approx(
            expected_points(quiz, everything, task_id), abs=0.01
        )
    assert points["reliability/kyiv-post"] > 0  # the newer, expert rating counted
    (old,) = result.superseded
    assert old.file == "first.json" and old.kept == "again.json"
    assert old.tasks_used == (
        "reliability/il-messaggero",
        "reliability/news-blog",
        "reliability/zerohedge",
    )
    assert "first.json" not in {s.file for s in result.skipped}


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
        "import sys, lessons.grading, lessons.grading.gradebook, lessons.grading.memo, lessons.teacher.release, "
        "lessons.grading.report, lessons.student.progress, lessons.student.submission, lessons.teacher.exercises\n"
        "print(sorted(m for m in ('matplotlib', 'pandas', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_feedback_page_starts_with_the_points_of_every_task(
    tmp_path: Path, quiz: Exercise
) -> None:
    folder = tmp_path / "class"
    put(folder, "ann.json", submission("Ann", reliability_answers(half_right_rating)))
    result = grade(folder, quiz, tmp_path / "out", show_progress=False, charts=False)
    page = (tmp_path / "out" / "feedback" / "ann.html").read_text(encoding="utf-8")
    (ann,) = result.students
    for task in ann.tasks:
        row = (
            f"{html.escape(task_title(CASE, task.task_id))}</a></td><td>{number(task.points)} of 10"
        )
        assert row in page
        assert f"<section id='{task.task_id}'>" in page


def test_a_file_changed_between_checking_and_grading_is_skipped(
    tmp_path: Path, quiz: Exercise, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A student who handed in twice is graded again from files read a second time: a file
    edited in between shows, and the rest of the class is graded."""
    import lessons.grading.run as grading

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


def test_an_empty_answer_is_not_answered_and_a_damaged_one_could_not_be_checked(
    tmp_path: Path, quiz: Exercise
) -> None:
    from lessons.grading.gradebook import feedback_page
    from lessons.grading.report import render_report, task_difficulty

    answers = reliability_answers(expert_rating)
    answers["reliability/kyiv-post"] = {"levels": {}, "evidence": {}}  # pressed Check, empty
    answers["reliability/zerohedge"] = {"levels": "all of them"}  # damaged
    folder = tmp_path / "class"
    put(folder, "kim.json", submission("Kim", answers))
    result = grade_folder(folder, quiz, show_progress=False)
    (kim,) = result.students
    by_task = {t.task_id: t for t in kim.tasks}
    empty, damaged = by_task["reliability/kyiv-post"], by_task["reliability/zerohedge"]
    assert empty.status == "unanswered" and empty.points == 0
    assert empty.message.startswith("Not answered")
    assert "press Check" not in empty.message  # no on-screen instructions in the grade
    assert damaged.status == "invalid" and "Answer could not be checked" in damaged.mistakes
    page = feedback_page(kim, CASE, quiz)
    assert "Not answered" in page and "Choose met, partly or not met" not in page
    rows = {row["task"]: row for row in task_difficulty(result)}
    assert rows["reliability/kyiv-post"]["answered"] == 0
    assert rows["reliability/kyiv-post"]["invalid"] == 0
    assert rows["reliability/zerohedge"]["invalid"] == 1
    assert "Not answered" not in " ".join(m for t in kim.tasks for m in t.mistakes)
    assert render_report(result, CASE, charts=False)


@pytest.mark.parametrize(
    ("answer", "empty"),
    [
        ({}, True),
        ({"levels": {}, "evidence": {}}, True),
        ({"named": [], "immediate": None, "credited": None, "chain": [" "]}, True),
        ({"choices": []}, True),
        ({"credited": False}, False),  # "No" is an answer
        ({"percent": 0}, False),
        ({"levels": "all of them"}, False),  # damaged, not empty
        ("text", False),
    ],
)
def test_is_unanswered_tells_an_untouched_task_from_a_damaged_one(
    answer: object, empty: bool
) -> None:
    assert tasks.is_unanswered(answer) is empty


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
