"""A students' installation without keys: after :func:`remove_keys` no answer of the shipped
cases is left in their data, and the cases still load and still prepare the lessons."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.resources import seed_case_dir
from lessons.skills import load_case, load_seed_case
from lessons.teacher.exercises import Exercise, load_exercise
from lessons.teacher.keyless import KeylessError, remove_keys, shipped_case_dirs
from lessons.teacher.release import find_leaks, key_strings


def installed_copy(root: Path) -> Path:
    """A copy of the installed package's data folder (the seed case and cases/*)."""
    data = seed_case_dir().parent
    for name in ("seeds", "cases"):
        shutil.copytree(data / name, root / name)
    return root


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return installed_copy(tmp_path / "_data")


@pytest.fixture
def four_lessons(tmp_path: Path) -> Exercise:
    """An assessment of lessons 01-04 on the seed case: reading and the lessons that show
    the article body."""
    path = tmp_path / "four-lessons.toml"
    tasks = "".join(
        f'[[tasks]]\nskill = "{skill}"\narticles = "all"\n'
        for skill in ("reading", "sources", "hedges", "reliability")
    )
    path.write_text(f'format = 1\ntitle = "Four"\nmode = "assessment"\n{tasks}', "utf-8")
    return load_exercise(path)


def test_no_key_sentence_and_no_answer_of_case_toml_is_left(
    data: Path, four_lessons: Exercise
) -> None:
    cases = shipped_case_dirs(data)
    assert cases[0].name == "seeds" and len(cases) >= 2
    strings = [s for folder in cases for s in key_strings(folder)]
    assert find_leaks(data, strings)  # the shipped data carries the keys' sentences

    result = remove_keys(data, four_lessons)

    assert set(result.removed) == {folder / "key" for folder in cases}
    assert not list(data.rglob("key"))
    assert find_leaks(data, strings) == []
    seed = load_case(data / "seeds")
    original = load_seed_case(with_keys=False)
    assert seed.keys == {} and seed.article_ids == original.article_ids
    assert original.claim_status and seed.claim_status != original.claim_status
    assert all(a.shown_date is None and not a.outlet_note for a in seed.articles)
    assert all(not a.publisher for a in seed.articles)  # who published it answers lesson 01
    assert any(a.furniture for a in seed.articles)  # lessons 02-04 show the body without it
    assert all(a.translation_of is None for a in seed.articles)  # lesson 01's answer


def test_an_exercise_of_lesson_01_alone_drops_the_furniture_too(data: Path) -> None:
    remove_keys(data, load_exercise("quiz-reading"))
    assert all(not a.furniture for a in load_case(data / "seeds").articles)


def test_twice_is_the_same_as_once(data: Path, four_lessons: Exercise) -> None:
    remove_keys(data, four_lessons)
    once = (data / "seeds" / "case.toml").read_text(encoding="utf-8")
    again = remove_keys(data, four_lessons)
    assert again.removed == ()
    assert (data / "seeds" / "case.toml").read_text(encoding="utf-8") == once


def test_lesson_05s_quiz_is_refused_before_anything_changes(data: Path) -> None:
    before = (data / "seeds" / "case.toml").read_text(encoding="utf-8")
    with pytest.raises(KeylessError, match=r"spread/hidden-source.*cannot be shown without"):
        remove_keys(data, load_exercise("full-unit"))
    assert (data / "seeds" / "key").is_dir()
    assert (data / "seeds" / "case.toml").read_text(encoding="utf-8") == before


def test_the_stripped_seed_case_still_prepares_the_lessons(
    data: Path, tmp_path: Path, four_lessons: Exercise, capsys: pytest.CaptureFixture[str]
) -> None:
    remove_keys(data, four_lessons)
    workspace = tmp_path / "student"
    status = main(["start", "--case", str(data / "seeds"), "--dir", str(workspace), "--no-server"])
    assert status == 0, capsys.readouterr()
    assert len(list(workspace.glob("*.ipynb"))) == 7
