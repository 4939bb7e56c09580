"""The lesson 05 quiz key of the seed case: every question in teaching order, answers that
agree with the other keys, short titles that give nothing away."""

from __future__ import annotations

import pytest

from lessons.casestudy import Case
from lessons.skills import load_seed_case
from lessons.sources import sources_key
from lessons.spread import (
    EXTRA_TARGETS,
    QUESTION_IDS,
    check_answer,
    choice_label,
    question,
    spread_key,
    task_ids,
)
from lessons.teacher.exercises import load_exercise


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def picks(*choice_ids: str) -> dict[str, list[str]]:
    return {"choices": list(choice_ids)}


def test_the_seed_key_asks_every_question_in_teaching_order(case: Case) -> None:
    key = spread_key(case)
    assert tuple(key.questions) == QUESTION_IDS == EXTRA_TARGETS
    assert task_ids(case) == tuple(f"spread/{q}" for q in QUESTION_IDS)
    for found in key.questions.values():
        assert found.prompt and found.hint and len(found.choices) >= 2
        assert all(c.why for c in found.choices)


def test_the_hidden_sources_agree_with_the_sources_key(case: Case) -> None:
    """The articles that hide where their text came from are the uncredited ones, and the
    ZeroHedge page: ZeroHedge's own text credits its sources, but the website that republished
    it never names ZeroHedge (case.toml's publisher; key/reliability.toml's author-outlet)."""
    uncredited = {a for a, entry in sources_key(case).articles.items() if not entry.credited}
    republished = {a.id for a in case.articles if "republished" in a.published_by}
    right = {c.id for c in question(case, "hidden-source").right}
    assert uncredited == {"news-blog", "spark-chronicles"} and republished == {"tyler-durden"}
    assert right == uncredited | republished


def test_the_count_of_boxes_in_question_one_is_the_count_on_the_map(case: Case) -> None:
    """The wrong choice that counts every box gives the number of boxes the graph draws."""
    words = {16: "Sixteen", 17: "Seventeen", 18: "Eighteen", 19: "Nineteen", 20: "Twenty"}
    boxes = len(sources_key(case).outlets)
    label = question(case, "how-many-sources").choice("every-outlet").label  # type: ignore[union-attr]
    assert label.startswith(f"{words[boxes]}: every box in the graph")


def test_the_headline_question_agrees_with_the_reliability_key(case: Case) -> None:
    """Only a headline the reliability key does not find matching its body may be the one
    that states the offer as fact (ZeroHedge's keeps only a trailing ": Report": "partly",
    as the rubric says); every other headline earns nothing."""
    headline = {
        article: entry.criteria["headline-matches"]
        for article, entry in case.key("reliability").articles.items()
    }
    found = question(case, "dropped-hedge")
    for choice in found.choices:
        rated = headline[choice.id]
        if choice.verdict == "right":
            assert rated.level != "met" and "met" not in rated.also
        else:
            assert choice.verdict == "wrong"
    assert [c.id for c in found.right] == ["tyler-durden"]
    assert check_answer(case, "dropped-hedge", picks("news-blog")).score == 0


def test_the_quiz_exercise_lists_the_quiz(case: Case) -> None:
    exercise = load_exercise("quiz-spread")
    assert exercise.mode == "assessment"
    assert exercise.task_ids == task_ids(case)
    unit = load_exercise("full-unit")
    assert set(task_ids(case)) <= set(unit.task_ids)


def test_every_question_has_a_short_title_that_gives_nothing_away(case: Case) -> None:
    from lessons.spread import QUESTION_TITLES, target_title

    assert set(QUESTION_TITLES) == set(QUESTION_IDS)
    for question_id in QUESTION_IDS:
        title = target_title(question_id)
        for choice in question(case, question_id).right:
            assert choice_label(case, question(case, question_id), choice) not in title
    assert target_title("no-such-question") == "no-such-question"
