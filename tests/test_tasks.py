"""Task routing: ids split into skill and target, each answer reaches its skill's checker, and
bad ids or damaged answers get one plain sentence instead of an exception."""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any

import pytest

from lessons import tasks
from lessons.feedback import Feedback
from lessons.skills import SKILLS, load_seed_case
from lessons.sources import check_answer, sources_key
from lessons.teacher.exercises import load_exercise, shipped_exercises
from tests.cases import expert_trace

CASE = load_seed_case()


def is_plain_sentences(text: str | None) -> bool:
    """Whether ``text`` is what a student can read: a line of words ending a sentence."""
    return (
        text is not None
        and bool(text.strip())
        and "\n" not in text
        and "Error" not in text
        and text.rstrip().endswith((".", "!", "?"))
    )


@pytest.mark.parametrize(
    ("task_id", "parts"),
    [
        ("sources/kyiv-post", ("sources", "kyiv-post")),
        ("capstone/brief", ("capstone", "brief")),
        ("spread/how-many-sources", ("spread", "how-many-sources")),
        ("reading/a/b", ("reading", "a/b")),
        ("sources", ("sources", "")),
        ("/kyiv-post", ("", "kyiv-post")),
        ("", ("", "")),
    ],
)
def test_a_task_id_splits_at_its_first_slash_into_skill_and_target(
    task_id: str, parts: tuple[str, str]
) -> None:
    assert tasks.split_task_id(task_id) == parts


@pytest.mark.parametrize("skill", sorted(SKILLS))
def test_check_hands_target_answer_and_other_answers_to_the_skills_checker(
    skill: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    verdict = Feedback.invalid(f"{skill}/x", "Recorded.")

    def recorder(case: object, target: str, answer: object, answers: object = None) -> Feedback:
        calls.append((case, target, answer, answers))
        return verdict

    monkeypatch.setitem(SKILLS, skill, dataclasses.replace(SKILLS[skill], check=recorder))
    answer = {"picked": ["regnum"]}
    others = {"start/confidence": {"percent": 40}}
    assert tasks.check(CASE, f"{skill}/kyiv-post", answer, others) is verdict
    assert calls == [(CASE, "kyiv-post", answer, others)]


def test_the_experts_own_trace_scores_full_marks_through_check() -> None:
    answer = expert_trace(sources_key(CASE), "kyiv-post")
    feedback = tasks.check(CASE, "sources/kyiv-post", answer)
    assert feedback.is_valid
    assert feedback.score == feedback.max_score > 0
    assert feedback == check_answer(CASE, "kyiv-post", answer)


@pytest.mark.parametrize(
    "task_id", ["", "nonsense/kyiv-post", "Sources/kyiv-post", "/kyiv-post", "kyiv-post"]
)
def test_a_task_of_no_known_skill_gets_one_plain_sentence_naming_it(task_id: str) -> None:
    feedback = tasks.check(CASE, task_id, {"immediate": "regnum"})
    assert not feedback.is_valid and feedback.score == 0
    assert feedback.task == task_id
    assert is_plain_sentences(feedback.problem)
    assert repr(task_id) in (feedback.problem or "")


@pytest.mark.parametrize("answer", [None, "REGNUM", ["regnum"], 42, True])
def test_an_answer_that_is_not_a_table_is_refused_before_any_checker_sees_it(
    answer: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_run(*args: object, **kwargs: object) -> Feedback:
        raise AssertionError("the checker was called with a damaged answer")

    monkeypatch.setitem(
        SKILLS, "sources", dataclasses.replace(SKILLS["sources"], check=must_not_run)
    )
    feedback = tasks.check(CASE, "sources/kyiv-post", answer)
    assert not feedback.is_valid and feedback.task == "sources/kyiv-post"
    assert is_plain_sentences(feedback.problem)


@pytest.mark.parametrize("skill", sorted(SKILLS))
@pytest.mark.parametrize(
    ("target", "answer"),
    [
        ("kyiv-post", {}),
        ("kyiv-post", {"junk": [1, {"x": None}]}),
        ("no-such-article", {"junk": 1}),
        ("", {}),
        ("kyiv-post", None),
    ],
)
def test_a_student_never_sees_an_exception_from_check(
    skill: str, target: str, answer: object
) -> None:
    feedback = tasks.check(CASE, f"{skill}/{target}", answer)
    assert isinstance(feedback, Feedback)
    if not feedback.is_valid:
        assert is_plain_sentences(feedback.problem)
        assert "Traceback" not in feedback.to_text()


@pytest.mark.parametrize("skill", sorted(SKILLS))
def test_every_skills_checker_takes_case_target_answer_and_optional_answers(skill: str) -> None:
    checker = SKILLS[skill].check
    parameters = inspect.signature(checker).parameters
    assert list(parameters)[:4] == ["case", "target", "answer", "answers"]
    assert parameters["answers"].default is None
    assert all(p.default is not inspect.Parameter.empty for p in list(parameters.values())[3:])


@pytest.mark.parametrize(
    "answer",
    [
        None,
        "",
        "   \n",
        {},
        [],
        (),
        {"named": [], "immediate": "", "credited": None, "chain": []},
        {"levels": {}, "evidence": {"sourcing": "  "}},
        [[], {}, None],
    ],
)
def test_an_answer_with_nothing_filled_in_is_unanswered(answer: object) -> None:
    assert tasks.is_unanswered(answer)


@pytest.mark.parametrize(
    "answer",
    [
        {"credited": False},
        {"percent": 0},
        {"named": ["regnum"], "immediate": ""},
        {"levels": {"sourcing": 0}},
        {"text": " x "},
        [None, "x"],
        False,
        0,
        "REGNUM",
    ],
)
def test_a_choice_made_even_no_or_zero_counts_as_answered(answer: object) -> None:
    assert not tasks.is_unanswered(answer)


def test_every_shipped_exercise_task_is_routed_to_a_known_checker() -> None:
    for name in shipped_exercises():
        for task_id in load_exercise(name).task_ids:
            skill, target = tasks.split_task_id(task_id)
            assert skill in SKILLS and target, task_id


def _near_empty(skill: str, article_id: str) -> dict[str, Any]:
    """A first try that fills in almost nothing: what a student might check first."""
    if skill == "reading":
        return {"furniture": [], "date": "no-date", "translation": None}
    if skill == "sources":
        return {"named": [], "immediate": None, "credited": None, "chain": [article_id]}
    return {"spans": [[0, 3, "booster"]]}


@pytest.mark.parametrize("skill", ["reading", "sources", "hedges"])
def test_the_first_check_in_practice_shows_hints_not_the_experts_quotes(skill: str) -> None:
    """A near-empty answer gets the next step first and at most three verdicts; each missed
    piece says where to look, and its quote waits behind "Show the expert's answer"."""
    for article_id in CASE.article_ids:
        feedback = tasks.check(CASE, f"{skill}/{article_id}", _near_empty(skill, article_id))
        assert feedback.is_valid, feedback.problem
        text, page = feedback.to_text(), feedback.to_html()
        lines = text.splitlines()
        assert lines[1].startswith("Next step:")
        assert sum(line[:1] in "✓◐✗○ℹ" for line in lines[2:]) <= 3
        hidden = [item for item in feedback.items if item.verdict == "missed" and item.quote]
        assert hidden, "the near-empty answer misses pieces that have quotes"
        # what is left once the hints (which name kinds of word, such as "allegedly") are out
        verdicts = "\n".join(lines[2:])
        for item in feedback.items:
            verdicts = verdicts.replace(item.hint, "") if item.hint else verdicts
        for item in hidden:
            assert item.hint and item.to_text() not in text
            assert not re.search(rf"\b{re.escape(item.quote or '')}\b", verdicts), item.quote
        assert "<summary>Show the expert's answer</summary>" in page
        assert all(item.quote in feedback.to_text(full=True) for item in hidden)


def test_a_former_article_id_in_a_task_id_is_read_as_the_current_one() -> None:
    assert tasks.current_task_id(CASE, "hedges/zerohedge") == "hedges/tyler-durden"
    assert tasks.current_task_id(CASE, "sources/il-messaggero") == "sources/spark-chronicles"
    for same in ("hedges/kyiv-post", "spread/hidden-source", "start/confidence", "odd", ""):
        assert tasks.current_task_id(CASE, same) == same
    answers = {"hedges/zerohedge": {"spans": []}, "sources/kyiv-post": {"chain": []}}
    assert tasks.current_answers(CASE, answers) == {
        "hedges/tyler-durden": {"spans": []},
        "sources/kyiv-post": {"chain": []},
    }
