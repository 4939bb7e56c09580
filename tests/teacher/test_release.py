"""Releasing a teacher's own case: an assessment's copy of the case holds what the lessons
display and nothing that answers a task; tasks the case does not have are refused."""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from lessons.casestudy import read_case
from lessons.resources import seed_case_dir
from lessons.skills import load_case
from lessons.student.submission import case_fingerprint
from lessons.teacher.exercises import ExerciseTask, load_exercise
from lessons.teacher.release import ReleaseError, release, student_case_toml

#: What a student could read an answer from, in case.toml (top level, then per article).
ANSWERING_FIELDS = ("claim_status",)
ANSWERING_ARTICLE_FIELDS = (
    "shown_date",
    "shown_date_note",
    "publisher",
    "outlet_note",
    "outlet_confidence",
)


def teachers_case(
    tmp_path: Path, *, keys: tuple[str, ...] = ("hedges", "reliability", "sources", "spread")
) -> Path:
    """A copy of the seed case in ``tmp_path/my-case``, as a teacher's own case, with the
    key files named."""
    folder = tmp_path / "my-case"
    folder.mkdir()
    for path in seed_case_dir().iterdir():
        if path.is_file():
            shutil.copyfile(path, folder / path.name)
    (folder / "key").mkdir()
    for name in keys:
        shutil.copyfile(seed_case_dir() / "key" / f"{name}.toml", folder / "key" / f"{name}.toml")
    return folder


def exercise_file(tmp_path: Path, tasks: str, mode: str = "assessment") -> Path:
    path = tmp_path / "my-quiz.toml"
    path.write_text(
        f'format = 1\ntitle = "Mine"\nmode = "{mode}"\ncase = "my-case"\n'
        f'notebooks = ["00_start_here.ipynb"]\n{tasks}',
        encoding="utf-8",
    )
    return path


READING = '[[tasks]]\nskill = "reading"\narticles = "all"\n'
HEDGES = '[[tasks]]\nskill = "hedges"\narticles = "all"\n'


def released_case(out: Path) -> dict:
    return tomllib.loads((out / "case" / "case.toml").read_text(encoding="utf-8"))


def test_an_assessment_copy_of_the_case_holds_no_answer(tmp_path: Path) -> None:
    teachers_case(tmp_path)
    out = tmp_path / "students"
    result = release(load_exercise(exercise_file(tmp_path, READING)), out)
    data = released_case(out)
    assert "claim_status" not in data
    for article in data["articles"]:
        for name in (*ANSWERING_ARTICLE_FIELDS, "furniture", "translation_of"):
            assert name not in article, (article["id"], name)
        assert "note" not in article["date"]
    text = (out / "case" / "case.toml").read_text(encoding="utf-8")
    assert "seed case study" not in text  # the teacher's comments stay behind
    assert not (out / "case" / "key").exists()
    assert sorted(p.name for p in (out / "case").iterdir() if p.suffix == ".toml") == ["case.toml"]
    # The students' notebooks load it: the same articles, the same pages.
    theirs, ours = read_case(out / "case"), read_case(tmp_path / "my-case")
    assert theirs.id == ours.id and theirs.claim == ours.claim
    assert [a.raw_text for a in theirs.articles] == [a.raw_text for a in ours.articles]
    assert [a.date.label() for a in theirs.articles] == [a.date.label() for a in ours.articles]
    assert load_case(out / "case").keys == {}
    assert any("furniture" in note for note in result.notes)


def test_furniture_stays_when_a_lesson_shows_the_article_body(tmp_path: Path) -> None:
    teachers_case(tmp_path)
    out = tmp_path / "students"
    release(load_exercise(exercise_file(tmp_path, READING + HEDGES)), out)
    data = released_case(out)
    assert "claim_status" not in data
    assert any("furniture" in article for article in data["articles"])
    assert all("shown_date_note" not in article for article in data["articles"])
    # The body students mark is the one their marks are graded against.
    assert case_fingerprint(read_case(out / "case")) == case_fingerprint(
        read_case(tmp_path / "my-case")
    )


def test_a_practice_copy_keeps_the_whole_case(tmp_path: Path) -> None:
    folder = teachers_case(tmp_path)
    out = tmp_path / "students"
    release(load_exercise(exercise_file(tmp_path, READING, mode="practice")), out)
    assert (out / "case" / "case.toml").read_bytes() == (folder / "case.toml").read_bytes()
    assert (out / "case" / "key" / "hedges.toml").is_file()


def test_the_written_case_keeps_every_character(tmp_path: Path) -> None:
    folder = teachers_case(tmp_path)
    case = read_case(folder)
    tricky = 'A "quoted" \\ back\tslash\x7f, “curly” and ünïcode'
    changed = replace(case, title=tricky, claim=tricky + "\nsecond line")
    exercise = load_exercise(exercise_file(tmp_path, READING))
    data = tomllib.loads(student_case_toml(changed, exercise))
    assert data["title"] == tricky and data["claim"] == tricky + "\nsecond line"


def test_a_task_the_case_does_not_have_is_refused(tmp_path: Path) -> None:
    teachers_case(tmp_path)
    exercise = load_exercise(exercise_file(tmp_path, READING))
    wrong = replace(
        exercise,
        tasks=(*exercise.tasks, ExerciseTask("sources/ledger", 5), ExerciseTask("spread/who", 5)),
    )
    out = tmp_path / "students"
    with pytest.raises(ReleaseError) as error:
        release(wrong, out)
    problems = error.value.problems
    assert len(problems) == 2
    assert "'sources/ledger' is not a task of the case study" in problems[0]
    assert "sources/kyiv-post" in problems[0]
    assert "'spread/who'" in problems[1] and "spread/how-many-sources" in problems[1]
    assert not out.exists()


def test_a_task_without_its_key_is_refused_in_an_assessment(tmp_path: Path) -> None:
    teachers_case(tmp_path, keys=("sources",))
    tasks = READING + '[[tasks]]\nid = "spread/how-many-sources"\npoints = 5\n'
    out = tmp_path / "students"
    with pytest.raises(ReleaseError) as error:
        release(load_exercise(exercise_file(tmp_path, tasks)), out)
    assert error.value.problems == [
        "my-quiz.toml: tasks: 'spread/how-many-sources' cannot be checked with the case "
        "study 'nk-volunteers-2022': it needs key/spread.toml; add that to the case, or take "
        "the task out of the exercise"
    ]
    assert not out.exists()
    # In practice the lessons still open; the release says which tasks give no feedback.
    practice = release(load_exercise(exercise_file(tmp_path, tasks, mode="practice")), out)
    assert any("spread/how-many-sources" in note for note in practice.notes)


def test_an_assessment_copy_keeps_former_ids_and_never_the_translations_original(
    tmp_path: Path,
) -> None:
    """Former ids answer nothing and keep old saved answers loading; what a page translates
    answers lessons 01 and 02 whatever the exercise."""
    teachers_case(tmp_path)
    out = tmp_path / "students"
    release(load_exercise(exercise_file(tmp_path, HEDGES)), out)
    data = {article["id"]: article for article in released_case(out)["articles"]}
    assert data["tyler-durden"]["former_ids"] == ["zerohedge"]
    assert data["spark-chronicles"]["former_ids"] == ["il-messaggero"]
    assert all("translation_of" not in article for article in data.values())
    assert read_case(out / "case").current_id("zerohedge") == "tyler-durden"
