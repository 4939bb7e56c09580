"""The Hand in widget: the button writes a submission; without a name or an answer the
student gets one sentence, never a traceback."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest

from lessons.student import progress
from lessons.student.submission import read_submission
from lessons.student.workspace import atomic_write_json
from lessons.widgets.handin import HandIn, hand_in


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    return tmp_path


def test_pressing_hand_in_writes_the_lessons_answers(workspace: Path) -> None:
    progress.set_student_name("Ann Smith")
    progress.save_answer("reliability/tyler-durden", {"levels": {"names-sources": "met"}})
    progress.save_answer("sources/kyiv-post", {"immediate": "regnum"})
    widget = hand_in("reliability")
    assert widget.name.value == "Ann Smith"
    assert widget.button.description == "Hand in"

    widget.button.click()

    assert widget.last_path is not None
    path = workspace / widget.last_path
    submission = read_submission(path)
    assert list(submission.answers) == ["reliability/tyler-durden"]
    assert "Handed in 1 answer as submissions/ann-smith-reliability-" in widget.status.value
    assert "lessons-live" in widget.status._dom_classes  # the line is a live region itself
    assert str(widget).startswith("Handed in 1 answer")


def test_the_name_typed_in_the_hand_in_box_is_used(workspace: Path) -> None:
    progress.save_answer("sources/kyiv-post", {"immediate": "regnum"})
    widget = HandIn()
    assert widget.name.value == ""
    widget.name.value = "Ben Jones"
    message = widget.hand_in()
    assert message.startswith("Handed in 1 answer as submissions/ben-jones-unit-")
    assert progress.student_name() == "Ben Jones"
    assert read_submission(workspace / str(widget.last_path)).student == "Ben Jones"


@pytest.mark.parametrize(
    ("name", "answers", "says"),
    [
        ("", {"sources/kyiv-post": {"immediate": "x"}}, "Type your name"),
        ("a/b", {"sources/kyiv-post": {"immediate": "x"}}, "letters, digits"),
        ("Ann", {}, "no saved answers for the sources tasks"),
    ],
)
def test_what_is_missing_is_said_in_one_sentence(
    workspace: Path, name: str, answers: dict[str, dict[str, str]], says: str
) -> None:
    for task_id, answer in answers.items():
        progress.save_answer(task_id, answer)
    widget = hand_in("sources")
    widget.name.value = name
    message = widget.hand_in()
    assert says in message
    assert "role='alert'" in widget.status.value
    assert widget.last_path is None
    assert not (workspace / "submissions").exists()


def test_unanswered_released_tasks_are_named(workspace: Path) -> None:
    atomic_write_json(
        workspace / ".lessons" / "release.json",
        {
            "mode": "assessment",
            "exercise": "quiz-reliability",
            "tasks": [{"id": "reliability/kyiv-post"}, {"id": "reliability/deep-dive"}],
        },
    )
    progress.set_student_name("Ann")
    progress.save_answer("reliability/kyiv-post", {"levels": {}})
    widget = hand_in("reliability")
    message = widget.hand_in()
    assert "2 of 2 not answered yet:\n- Kyiv Post\n- The Deep Dive\n" in message
    assert "<li>The Deep Dive</li>" in widget.status.value


def test_outside_a_release_the_lessons_own_unanswered_tasks_are_listed(workspace: Path) -> None:
    from lessons.skills import load_seed_case

    case = load_seed_case()
    progress.set_student_name("Ann")
    answered = case.article_ids[:3]
    for article_id in answered:
        progress.save_answer(f"reading/{article_id}", {"furniture": [1]})
    widget = hand_in("reading")
    message = widget.hand_in()
    left = [case.article(a).outlet for a in case.article_ids[3:]]
    total = len(case.article_ids)
    assert f"{len(left)} of {total} not answered yet:" in message
    assert all(f"- {outlet}\n" in message for outlet in left)
    assert widget.status.value.count("<li>") == len(left)
    assert "<ul" in widget.status.value


def test_everything_answered_gives_no_warning(workspace: Path) -> None:
    from lessons.skills import load_seed_case

    progress.set_student_name("Ann")
    for article_id in load_seed_case().article_ids:
        progress.save_answer(f"reading/{article_id}", {"furniture": [1]})
    assert "not answered" not in hand_in("reading").hand_in()


def test_an_unknown_lesson_is_one_sentence_not_a_traceback() -> None:
    widget = hand_in("astrology")
    assert isinstance(widget, w.HTML)
    assert "role='alert'" in widget.value
    assert "no lesson called &#x27;astrology&#x27;; use one of: reading, sources" in widget.value


def test_the_hand_in_widget_says_when_it_stopped_and_reads_well(workspace: Path) -> None:
    from lessons.widgets._base import KeyboardGuard

    widget = hand_in("reliability")
    assert isinstance(widget, HandIn)
    assert any(isinstance(child, KeyboardGuard) for child in widget.view.children)
    # White on the button's green is 5.1:1 (ipywidgets' "success" green was 4.1:1).
    assert widget.button.style.button_color == "#2e7d32"
    assert widget.button.style.text_color == "white"


def test_a_name_changed_elsewhere_is_not_overwritten_by_an_older_hand_in_box(
    workspace: Path,
) -> None:
    progress.set_student_name("Ann Smith")
    progress.save_answer("reliability/tyler-durden", {"levels": {"names-sources": "met"}})
    untouched, edited = hand_in("reliability"), hand_in("reliability")
    progress.set_student_name("Ann Smith-Jones")  # from lesson 00, after both boxes showed
    edited.name.value = "Ann Smyth"
    message = edited.hand_in()
    assert "changed in another tab to Ann Smith-Jones" in message
    assert edited.last_path is None and progress.student_name() == "Ann Smith-Jones"
    assert edited.name.value == "Ann Smith-Jones"
    # A box nobody typed in takes the newer name and hands in under it.
    untouched.hand_in()
    assert untouched.last_path is not None and "ann-smith-jones-" in untouched.last_path
    assert progress.student_name() == "Ann Smith-Jones"


def test_on_a_hub_the_hand_in_box_shows_the_sign_in_name(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "Ann Smith")
    progress.save_answer("reliability/tyler-durden", {"levels": {"names-sources": "met"}})
    widget = hand_in("reliability")
    assert widget.name.value == "Ann Smith" and widget.name.disabled
    assert "JupyterHub as Ann Smith" in widget.hub_note.value
    widget.hand_in()
    assert widget.last_path is not None
