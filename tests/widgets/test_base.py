"""The shell every lesson widget shares: save on change, restore, Check through
``lessons.tasks.check`` (never a skill's checker directly), assessment mode."""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

import lessons
import lessons.widgets
from lessons import tasks
from lessons.casestudy import Case, UnknownArticleError
from lessons.cli import main
from lessons.feedback import Feedback, FeedbackItem
from lessons.reliability import LEVELS
from lessons.resources import seed_case_dir
from lessons.skills import SKILLS, Skill, load_seed_case
from lessons.student import progress
from lessons.student.assessment import Withheld
from lessons.teacher.exercises import load_exercise
from lessons.teacher.release import release
from lessons.widgets._base import (
    ASSESSMENT_MESSAGE,
    LIVE_CLASS,
    KeyboardGuard,
    TaskWidget,
    current_case,
    current_mode,
    find_article,
)
from lessons.widgets.reliability import ReliabilityRater

CASE = load_seed_case(with_keys=False)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    # A skill of the tests' own, so the shell's Check has a checker to route "demo/task" to.
    monkeypatch.setitem(SKILLS, "demo", Skill("demo", "Demo", notebook="99", check=_echo_checker))
    yield tmp_path


def _echo_checker(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    right = isinstance(answer, Mapping) and answer.get("text") == "yes"
    item = FeedbackItem(
        "right" if right else "wrong", "The answer", points=float(right), max_points=1
    )
    return Feedback.from_items(f"demo/{target}", [item])


def _task(text: w.Text, mode: str | None = None) -> TaskWidget:
    return TaskWidget(
        "demo/task",
        [text],
        case=CASE,
        read=lambda: {"text": text.value},
        write=lambda answer: setattr(text, "value", answer.get("text", "")),
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


def test_check_asks_lessons_tasks_check_with_the_answer_and_the_saved_answers(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Any, ...]] = []

    def recorder(case: Case, target: str, answer: object, answers: object = None) -> Feedback:
        seen.append((case, target, answer, answers))
        return _echo_checker(case, target, answer)

    reacted: list[tuple[Mapping[str, Any], Feedback]] = []
    monkeypatch.setitem(SKILLS, "demo", dataclasses.replace(SKILLS["demo"], check=recorder))
    text = w.Text()
    shell = TaskWidget(
        "demo/task",
        [text],
        case=CASE,
        read=lambda: {"text": text.value},
        write=lambda answer: None,
        on_feedback=lambda answer, feedback: reacted.append((answer, feedback)),
        watch=[text],
    )
    text.value = "yes"
    feedback = shell.check()
    assert seen == [(CASE, "task", {"text": "yes"}, {"demo/task": {"text": "yes"}})]
    assert reacted == [({"text": "yes"}, feedback)]
    assert shell.last_feedback is feedback


def _filled_widgets() -> Iterator[tuple[str, Callable[[], Any], str]]:
    """(skill, a function that builds one lesson widget and fills in an answer, the target
    its Check should name)."""
    from lessons.capstone import ARTICLE_TARGET, BRIEF_TARGET
    from lessons.reliability import HOW_SURE_TARGET
    from lessons.widgets import capstone, hedges, reading, reliability, sources, spread

    def finder() -> Any:
        widget = hedges.find_hedges("news-blog")
        widget.mark("Claims", "attribution-doubt")
        return widget

    def reader() -> Any:
        widget = reading.read_closely("news-blog")
        widget.mark_lines(1)
        return widget

    def rater() -> Any:
        widget = reliability.rate("deep-dive")
        next(iter(widget.levels.values())).value = "met"
        return widget

    def how_sure() -> Any:
        widget = reliability.how_sure_now()
        widget.slider.value = 30
        return widget

    def tracer() -> Any:
        widget = sources.trace("kyiv-post")
        widget.chain.add("Business Insider")
        return widget

    def question() -> Any:
        widget = spread.spread_question("hidden-source")
        widget.choose(widget.question.choices[0].id)
        return widget

    def article() -> Any:
        widget = capstone.capstone_article()
        widget.choose("tyler-durden")
        return widget

    def brief() -> Any:
        widget = capstone.write_brief()
        widget.write("A short brief.")
        return widget

    yield "hedges", finder, "news-blog"
    yield "reading", reader, "news-blog"
    yield "reliability", rater, "deep-dive"
    yield "reliability", how_sure, HOW_SURE_TARGET
    yield "sources", tracer, "kyiv-post"
    yield "spread", question, "hidden-source"
    yield "capstone", article, ARTICLE_TARGET
    yield "capstone", brief, BRIEF_TARGET


@pytest.mark.parametrize(
    ("skill", "build", "target"),
    list(_filled_widgets()),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_lessons_check_goes_through_tasks_check(
    skill: str,
    build: Callable[[], Any],
    target: str,
    case: Case,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[Any, ...]] = []
    verdict = Feedback.invalid(f"{skill}/{target}", "Recorded by the test.")

    def recorder(case: Case, target: str, answer: object, answers: object = None) -> Feedback:
        calls.append((case, target, answer, answers))
        return verdict

    monkeypatch.setitem(SKILLS, skill, dataclasses.replace(SKILLS[skill], check=recorder))
    widget = build()
    widget.task.check_button.click()
    assert len(calls) == 1, calls
    checked_case, checked_target, answer, answers = calls[0]
    assert checked_case is case and checked_target == target
    assert answer == widget.answer
    assert answers == progress.load_answers().answers
    assert widget.feedback_text == verdict.to_text()


def test_no_widget_imports_or_calls_a_skills_checker() -> None:
    """Widgets check through ``lessons.tasks.check`` only: no ``check_answer`` (nor
    ``check_article``, ``check_brief``) of a skill, no checker module, and no checker taken
    from the registry (``SKILLS[...].check``)."""
    checker_names = {"check_answer", "check_article", "check_brief"}
    found = []
    for path in sorted(Path(lessons.widgets.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                names = {alias.name for alias in node.names}
                if module.endswith(".check") or ("check" in names and module != "lessons.tasks"):
                    found.append(f"{where} imports a checker module from {module}")
                found += [f"{where} imports {name}" for name in sorted(names & checker_names)]
            elif isinstance(node, ast.Import):
                found += [
                    f"{where} imports {alias.name}"
                    for alias in node.names
                    if alias.name.endswith(".check")
                ]
            elif isinstance(node, ast.Name) and node.id in checker_names:
                found.append(f"{where} names {node.id}")
            elif isinstance(node, ast.Attribute) and (
                node.attr in checker_names
                or (node.attr == "check" and isinstance(node.value, ast.Subscript | ast.Call))
            ):
                found.append(f"{where} takes .{node.attr} of a skill")
    assert found == []


def test_in_a_released_assessment_check_saves_and_gives_one_sentence_not_feedback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "class"
    assert main(["release", "quiz-reliability", "--out", str(folder), "--mode", "assessment"]) == 0
    monkeypatch.setenv("LESSONS_WORKSPACE", str(folder))
    monkeypatch.delenv("LESSONS_CASE", raising=False)

    def no_verdict_here(*_args: object, **_kwargs: object) -> Feedback:
        raise AssertionError("an assessment's Save must not check the answer")

    monkeypatch.setattr(tasks, "check", no_verdict_here)
    article_id = load_seed_case(with_keys=False).article_ids[0]
    rater = lessons.rate(article_id)
    assert isinstance(rater, ReliabilityRater)
    criterion = next(iter(rater.levels))
    rater.levels[criterion].value = LEVELS[0]
    result = rater.check()  # what a student's `lessons.rate(...).check()` cell shows
    assert isinstance(result, Withheld)
    assert repr(result) == str(result) == ASSESSMENT_MESSAGE
    assert "Score" not in rater.task.feedback.value and ASSESSMENT_MESSAGE in rater.feedback_text
    saved = progress.load_answer(f"reliability/{article_id}", folder)
    assert saved is not None and saved["levels"] == {criterion: LEVELS[0]}
    rater.levels[criterion].value = LEVELS[-1]
    assert rater.feedback_text == "Your answer has changed: press Save again."
    assert isinstance(rater.task.check(), Withheld)
    assert progress.load_answer(f"reliability/{article_id}", folder)["levels"] == {
        criterion: LEVELS[-1]
    }


def test_an_assessment_answer_that_could_not_be_saved_is_not_called_saved(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = w.Text()
    shell = _task(text, mode="assessment")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress, "atomic_write_json", disk_full)  # the disk refuses the write
    receipt = shell.check()
    assert str(receipt) == "Your answer could not be saved: ask your teacher."
    assert "No space left on device" in shell.status.value
    assert "is saved" not in shell.feedback.value


def test_a_tab_showing_an_older_answer_shows_the_newer_one_instead_of_overwriting(
    workspace: Path,
) -> None:
    """Two notebooks show the same task; a change in the second, then a touch in the first."""
    first_text, second_text = w.Text(), w.Text()
    first, second = _task(first_text), _task(second_text)
    second_text.value = "newer, from the other tab"
    assert progress.load_answer("demo/task", workspace) == {"text": "newer, from the other tab"}

    first_text.value = "older view touched"

    assert progress.load_answer("demo/task", workspace) == {"text": "newer, from the other tab"}
    assert first_text.value == "newer, from the other tab"
    assert first.status_text == "This answer was changed in another tab; showing the newer one."
    assert first.refreshed
    # Now the first tab shows the newest answer, so its next change is saved as usual...
    first_text.value = "yes"
    assert progress.load_answer("demo/task", workspace) == {"text": "yes"}
    assert first.status_text == "Saved."
    # ...and the second tab, now the older one, is refreshed in turn when it is touched.
    feedback = second.check()
    assert second_text.value == "yes"
    assert "changed in another tab" in second.status_text
    assert isinstance(feedback, Feedback) and feedback.score == 1  # the answer it now shows


def test_feedback_on_the_overwritten_view_is_not_shown_as_current(workspace: Path) -> None:
    first_text, second_text = w.Text(), w.Text()
    first = _task(first_text)
    first_text.value = "yes"
    first.check()
    _task(second_text)  # opened after the check: it shows "yes"
    second_text.value = "no"
    first_text.value = "yes again"
    assert first_text.value == "no"
    assert first.feedback_text == "Your answer has changed: press Check again."


def test_a_widget_output_carries_the_line_a_reopened_notebook_shows(workspace: Path) -> None:
    bundle = _task(w.Text())._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    line = "Run this cell (or Run > Run All Cells) to bring your task back: your answers are saved."
    assert bundle["text/plain"] == line
    assert "lessons-rerun" in bundle["text/html"]
    assert "Run this cell (or Run &gt; Run All Cells)" in bundle["text/html"]


def test_the_keyboard_guard_says_when_the_kernel_behind_a_widget_restarted() -> None:
    from lessons.widgets._base import STOPPED_MESSAGE, KeyboardGuard

    guard = KeyboardGuard()
    assert guard.stopped_message == STOPPED_MESSAGE
    assert "stopped when the kernel restarted" in STOPPED_MESSAGE
    assert "run the cell again" in STOPPED_MESSAGE
    # The front end reads the message from the model and watches ipywidgets' own mark of
    # a view whose kernel went away (the browser test sees it happen).
    assert 'model.get("stopped_message")' in guard._esm
    assert "jupyter-widgets-disconnected" in guard._esm


def test_in_app_mode_a_stopped_widget_says_to_reload_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Voila has no cells to run and no kernel menu: the page reloaded runs them all."""
    from lessons.widgets._base import APP_STOPPED_MESSAGE, KeyboardGuard

    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    assert KeyboardGuard().stopped_message == APP_STOPPED_MESSAGE
    assert "reload the page" in APP_STOPPED_MESSAGE
    assert "cell" not in APP_STOPPED_MESSAGE and "kernel" not in APP_STOPPED_MESSAGE


def test_every_lesson_widget_carries_a_guard_that_says_when_it_stopped(workspace: Path) -> None:
    from lessons.widgets._base import Displays, KeyboardGuard, TaskView

    class Plain(Displays):
        def __init__(self) -> None:
            self.view = w.VBox([w.Text()])

    plain = Plain()
    bundle = plain._repr_mimebundle_()
    shown = plain._guarded
    assert shown is not None and shown.children[0] is plain.view
    assert isinstance(shown.children[1], KeyboardGuard)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == shown.model_id
    plain._repr_mimebundle_()
    assert plain._guarded is shown  # shown again: the same box, not a new one

    # A task already holds its guard: it is shown as it is.
    class Task(TaskView):
        def __init__(self) -> None:
            self.task = _task(w.Text())
            self.view = self.task.view

    task = Task()
    task._repr_mimebundle_()
    assert task._guarded is None


def test_pressing_check_again_says_it_checked_again(workspace: Path) -> None:
    """The same answer checked twice gives the same feedback: the status line says the
    second press happened, so the student sees a reaction."""
    text = w.Text()
    shell = _task(text)
    text.value = "no"
    shell.check()
    assert re.fullmatch(r"Saved\. Checked at \d\d:\d\d\.", shell.status_text)
    shell.check()
    assert re.fullmatch(r"Saved\. Checked again at \d\d:\d\d: same result\.", shell.status_text)
    text.value = "yes"
    shell.check()
    assert re.fullmatch(r"Saved\. Checked at \d\d:\d\d\.", shell.status_text)


def test_status_and_feedback_are_live_regions_that_exist_before_their_text(
    workspace: Path,
) -> None:
    """Screen readers announce a change inside a live region that was already there; the
    status line and the feedback area are such regions (the guard gives them their role),
    and the feedback inside holds no second one."""
    text = w.Text()
    shell = _task(text)
    assert LIVE_CLASS in shell.status._dom_classes and LIVE_CLASS in shell.feedback._dom_classes
    assert shell.feedback.value == ""  # the region is there, empty, before any Check
    text.value = "yes"
    shell.check()
    assert "Score: 1 out of 1" in shell.feedback.value
    assert 'role="status"' not in shell.feedback.value
    assert f'.querySelectorAll(".jp-OutputArea-output .{LIVE_CLASS}")' in KeyboardGuard._esm


def test_a_quiz_opened_after_the_widget_was_drawn_withholds_its_feedback(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a hub the teacher may open a quiz while a practice lesson is already on screen:
    from then on, Check on the quiz's tasks saves and shows a receipt, never a verdict."""
    import os

    from lessons.exchange.layout import create_exchange
    from lessons.exchange.publish import release_to_exchange
    from lessons.student.assessment import Withheld
    from lessons.student.workspace import open_assessments
    from lessons.teacher.exercises import load_exercise
    from lessons.widgets.sources import SourceTracer

    exchange = tmp_path / "course"
    create_exchange(exchange)
    release_to_exchange(load_exercise("quiz-sources"), exchange)
    monkeypatch.setattr(os, "geteuid", lambda: 4242)  # a student, not the releasing teacher
    monkeypatch.setenv("LESSONS_EXCHANGE", str(tmp_path / "not-yet"))
    widget = lessons.trace(case.articles[0].id)
    assert isinstance(widget, SourceTracer)
    assert widget.task.mode == "practice"
    monkeypatch.setenv("LESSONS_EXCHANGE", str(exchange))  # the teacher opens the quiz
    (quiz,) = open_assessments()
    assert widget.task.task_id in quiz.task_ids
    result = widget.check()
    assert isinstance(result, Withheld)
    assert widget.task.last_feedback is None
    assert "your answer is saved" in widget.feedback_text.lower()
