"""The shell every lesson widget shares: save on change, restore, Check, assessment mode."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from lessons.casestudy import UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem
from lessons.resources import seed_case_dir
from lessons.skills import load_seed_case
from lessons.student import progress
from lessons.teacher.exercises import load_exercise
from lessons.teacher.release import release
from lessons.widgets._base import TaskWidget, current_case, current_mode, find_article


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    return tmp_path


def _echo_checker(answer: Mapping[str, Any]) -> Feedback:
    right = answer.get("text") == "yes"
    item = FeedbackItem(
        "right" if right else "wrong", "The answer", points=float(right), max_points=1
    )
    return Feedback.from_items("demo/task", [item])


def _task(text: w.Text, mode: str | None = None) -> TaskWidget:
    return TaskWidget(
        "demo/task",
        [text],
        read=lambda: {"text": text.value},
        write=lambda answer: setattr(text, "value", answer.get("text", "")),
        check=_echo_checker,
        watch=[text],
        mode=mode,  # type: ignore[arg-type]
    )


def test_every_change_is_saved_and_a_new_widget_restores_it(workspace: Path) -> None:
    text = w.Text()
    _task(text)
    text.value = "maybe"
    assert progress.load_answer("demo/task", workspace) == {"text": "maybe"}
    again = w.Text()
    shell = _task(again)
    assert again.value == "maybe"
    assert "saved answer is back" in shell.status.value


def test_check_shows_the_feedback_in_practice(workspace: Path) -> None:
    text = w.Text()
    shell = _task(text)
    text.value = "yes"
    feedback = shell.check()
    assert feedback.score == 1
    assert "Score: 1 out of 1" in shell.feedback.value
    assert shell.feedback_text.startswith("Score: 1 out of 1")


def test_assessment_saves_but_shows_no_feedback(workspace: Path) -> None:
    text = w.Text()
    shell = _task(text, mode="assessment")
    assert shell.check_button.description == "Save"
    text.value = "no"
    shell.check()
    assert "Score" not in shell.feedback.value
    assert "teacher will give you feedback" in shell.feedback.value
    assert progress.load_answer("demo/task", workspace) == {"text": "no"}


def test_a_damaged_progress_file_is_put_aside_and_the_student_told(workspace: Path) -> None:
    path = progress.progress_path(workspace)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    shell = _task(w.Text())
    assert "could not be read" in shell.status.value
    assert list(path.parent.glob("*.unreadable-*"))


def test_a_released_assessment_of_a_teachers_case_uses_the_copy_without_keys(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_dir = workspace / "my-case"
    shutil.copytree(seed_case_dir(), case_dir)
    exercise = workspace / "my-quiz.toml"
    exercise.write_text(
        'format = 1\ntitle = "Mine"\nmode = "assessment"\ncase = "my-case"\n'
        'notebooks = ["00_start_here.ipynb"]\n[[tasks]]\nlesson = "sources"\narticles = "all"\n',
        encoding="utf-8",
    )
    folder = workspace / "class"
    release(load_exercise(exercise), folder)
    monkeypatch.setenv("LESSONS_WORKSPACE", str(folder))
    assert current_mode() == "assessment"
    case = current_case()
    assert case.path == folder / "case"
    assert case.article_ids == load_seed_case(with_keys=False).article_ids
    assert case.key("sources") is None


def test_find_article_takes_an_id_or_an_outlet_name() -> None:
    case = load_seed_case(with_keys=False)
    assert find_article(case, "deep-dive").id == "deep-dive"
    assert find_article(case, "The Deep Dive").id == "deep-dive"
    assert find_article(case, "kyiv post").id == "kyiv-post"
    with pytest.raises(UnknownArticleError):
        find_article(case, "Daily Mail")


def test_feedback_on_a_changed_answer_is_marked_stale_until_checked_again(workspace: Path) -> None:
    text = w.Text()
    shell = _task(text)
    text.value = "yes"
    shell.check()
    text.value = "no"
    assert "Score" not in shell.feedback.value
    assert shell.feedback_text == "Your answer has changed: press Check again."
    shell.check()
    assert shell.feedback_text.startswith("Score: 0 out of 1")
