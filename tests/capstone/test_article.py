""" "One article end to end", judged by the three lessons' own checkers."""

from __future__ import annotations

from typing import Any

import pytest

from lessons import tasks
from lessons.capstone import check_article
from lessons.casestudy import Case
from lessons.reliability import ReliabilityKey
from lessons.skills import load_seed_case
from lessons.sources import sources_key
from tests.cases import expert_rating, expert_trace


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def item(feedback: Any, label_start: str) -> Any:
    found = [i for i in feedback.items if i.label.startswith(label_start)]
    assert len(found) == 1, [i.label for i in feedback.items]
    return found[0]


def perfect_answers(case: Case, article_id: str) -> dict[str, dict[str, Any]]:
    hedge_key = case.key("hedges").article(article_id)
    reliability = case.key("reliability")
    assert isinstance(reliability, ReliabilityKey)
    return {
        f"sources/{article_id}": expert_trace(sources_key(case), article_id),
        f"hedges/{article_id}": {"spans": [[s.start, s.end, s.category] for s in hedge_key.spans]},
        f"reliability/{article_id}": expert_rating(reliability, article_id),
    }


def test_the_article_is_judged_by_the_three_lessons_own_checkers(case: Case) -> None:
    answers = perfect_answers(case, "news-blog")
    feedback = check_article(case, {"article": "news-blog"}, answers)
    assert feedback.is_valid and feedback.score == feedback.max_score == 3
    assert [i.label.split(":")[0] for i in feedback.items] == [
        "Trace the sources",
        "Find the hedges",
        "Rate the reliability",
    ]
    assert all(i.verdict == "right" for i in feedback.items)
    assert feedback.next_step.startswith("All three skills are done.")
    routed = tasks.check(case, "capstone/article", {"article": "news-blog"}, answers)
    assert routed == feedback


def test_what_is_not_done_yet_is_listed(case: Case) -> None:
    answers = perfect_answers(case, "kyiv-post")
    del answers["hedges/kyiv-post"]
    answers["reliability/kyiv-post"] = {"levels": "all met"}
    feedback = check_article(case, {"article": "kyiv-post"}, answers)
    assert feedback.score == 1
    assert item(feedback, "Find the hedges").verdict == "missed"
    rating = item(feedback, "Rate the reliability")
    assert rating.verdict == "missed" and rating.explanation  # the checker's own sentence
    assert feedback.next_step == (
        "Still to do for Kyiv Post: find the hedges, rate the reliability."
    )
    nothing = check_article(case, {"article": "kyiv-post"}, None)
    assert nothing.score == 0 and nothing.max_score == 3


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ({}, "Pick the article you will work on first."),
        ({"article": ""}, "Pick the article you will work on first."),
        (
            {"article": "the-moon"},
            "There is no article called 'the-moon'. Choose one of: kyiv-post",
        ),
        ({"article": "kyiv-post", "x": 1}, "damaged"),
        ([], "damaged"),
    ],
)
def test_bad_article_answers_get_one_plain_sentence(
    case: Case, answer: object, sentence: str
) -> None:
    feedback = check_article(case, answer, {})
    assert not feedback.is_valid and sentence in str(feedback)


def test_an_article_chosen_under_its_former_id_is_the_article(case: Case) -> None:
    answers = perfect_answers(case, "tyler-durden")
    before = check_article(case, {"article": "zerohedge"}, answers)
    now = check_article(case, {"article": "tyler-durden"}, answers)
    assert before.is_valid and before.to_dict() == now.to_dict()
