"""The shipped practice case (``cases/practice``): an invented story that loads with every key,
says it is invented, grades the experts' own answers at full marks for every task, and
exercises what the seed case does not (an origin that is one of its own articles)."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from typing import Any

import pytest

from lessons import tasks
from lessons.casestudy import Case
from lessons.hedges import marking_text
from lessons.reading import date_choice, page_lines
from lessons.resources import seed_case_dir, shipped_case_dir
from lessons.skills import SKILLS, load_case, load_seed_case, task_ids
from lessons.sources import outlet_choices
from tests.cases import expert_rating, expert_trace

#: The skills whose every task has an expert answer built from the case (the capstone has
#: no key: its brief is judged by rules, its article pick by the student's other answers).
KEYED = ("reading", "sources", "hedges", "reliability", "spread")


@cache
def _case() -> Case:
    return load_case(shipped_case_dir("practice"))


@pytest.fixture(scope="module")
def case() -> Case:
    return _case()


def _expert_answer(case: Case, task_id: str) -> dict[str, Any]:
    """What a student who agrees with the expert key saves for one task."""
    skill, target = tasks.split_task_id(task_id)
    if skill == "reading":
        article = case.article(target)
        return {
            "furniture": [line.number for line in page_lines(article) if line.belongs == "page"],
            "date": date_choice(article),
            "translation": article.translation_of is not None,
        }
    if skill == "sources":
        return expert_trace(case.key("sources"), target)
    if skill == "hedges":
        expert = case.key("hedges").article(target)
        return {"spans": [[s.start, s.end, s.category] for s in expert.spans]}
    if skill == "reliability" and target == "how-sure-now":
        return {"percent": 10}  # a reflection: any answer earns its point
    if skill == "reliability":
        return expert_rating(case.key("reliability"), target)
    assert skill == "spread"
    question = case.key("spread").questions[target]
    right = [choice.id for choice in question.right]
    return {"choices": right[:1] if question.choose == "one" else right}


def test_the_practice_case_loads_with_every_key(case: Case) -> None:
    assert len(case.article_ids) == 4
    for skill in ("sources", "hedges", "reliability", "spread"):
        assert case.key(skill) is not None, skill


def test_an_unknown_shipped_case_is_an_error_naming_the_practice_case() -> None:
    with pytest.raises(FileNotFoundError) as error:
        shipped_case_dir("no-such-case")
    assert "'no-such-case'" in str(error.value) and "practice" in str(error.value)


def test_the_case_and_every_text_say_the_story_is_invented(case: Case) -> None:
    assert "invented" in case.title and "invented" in case.claim
    for article_id in case.article_ids:
        first = case.article(article_id).raw_text.splitlines()[0]
        assert first.startswith("PRACTICE CASE: this story is invented for practice."), article_id


@pytest.mark.parametrize("task_id", [t for s in KEYED for t in task_ids(_case(), s)])
def test_the_experts_answer_to_every_task_scores_full_marks(case: Case, task_id: str) -> None:
    feedback = tasks.check(case, task_id, _expert_answer(case, task_id))
    assert feedback.max_score and feedback.score == feedback.max_score, feedback.items


def test_every_keyed_skill_has_tasks_and_the_capstone_checks_without_error(case: Case) -> None:
    assert set(KEYED) | {"capstone"} == set(SKILLS)
    assert all(task_ids(case, skill) for skill in KEYED)
    feedback = tasks.check(case, "capstone/brief", {"text": f"{case.claim} {case.claim_status}"})
    assert feedback.max_score and feedback.items


@pytest.mark.parametrize(
    ("article_id", "word", "within"),
    [
        ("corner-blog", "May", "outdoor lane in May"),
        ("herald-check", "May", "six weeks in May"),
        ("gazette", "could", "we could swim there for a penny"),
        ("buzz-copy", "could", "we could swim there for a penny"),
    ],
)
def test_look_alikes_are_not_counted_as_hedges(
    case: Case, article_id: str, word: str, within: str
) -> None:
    text = marking_text(case.article(article_id))
    start = text.index(within) + within.index(word)
    expert = case.key("hedges").article(article_id)
    assert any(n.start == start and n.end == start + len(word) for n in expert.lookalikes)
    assert not any(s.start < start + len(word) and start < s.end for s in expert.spans)
    right = _expert_answer(case, f"hedges/{article_id}")
    marked = {"spans": [*right["spans"], [start, start + len(word), "epistemic-modal"]]}
    feedback = tasks.check(case, f"hedges/{article_id}", marked)
    assert feedback.score == feedback.max_score - 0.5  # half a point off, with the reason
    note = next(n.note for n in expert.lookalikes if n.start == start)
    assert any(i.label == "A look-alike" and i.explanation == note for i in feedback.items)


def test_the_real_may_beside_the_month_is_a_hedge(case: Case) -> None:
    expert = case.key("hedges").article("herald-check")
    assert any(s.text == "may" and s.category == "epistemic-modal" for s in expert.spans)


def test_the_buzz_is_an_uncredited_copy_of_the_gazette(case: Case) -> None:
    key = case.key("sources")
    edge = next(e for e in key.edges_into(key.outlet_of("buzz-copy")))
    assert (edge.source, edge.kind, edge.credited) == (
        "fernhollow-gazette",
        "uncredited-copy",
        False,
    )
    assert key.article("buzz-copy").credited is False
    gazette = case.article("gazette").body
    copied = "said she had heard nothing about a closure"
    assert copied in gazette and copied in case.article("buzz-copy").body


def test_the_origin_of_the_claim_is_one_of_the_cases_articles(case: Case) -> None:
    key = case.key("sources")
    assert key.source(key.origin).article == "corner-blog"
    assert key.article("corner-blog").chain == (key.origin,)
    ids = [source_id for _name, source_id in outlet_choices(case, "corner-blog")]
    assert key.origin in ids, "the blog itself must be a choice for where the claim began"
    feedback = tasks.check(case, "sources/corner-blog", expert_trace(key, "corner-blog"))
    assert feedback.level == 4 and feedback.details["reached_origin"]


def test_the_hidden_source_answers_are_the_uncredited_copies(case: Case) -> None:
    key = case.key("sources")
    copies = {
        a for a in case.article_ids
        if any(not e.credited for e in key.edges_into(key.outlet_of(a)))
    }  # fmt: skip
    right = {c.id for c in case.key("spread").questions["hidden-source"].right}
    assert right == copies == {"buzz-copy"}


def test_the_dates_include_one_shown_that_is_not_the_publication_date(case: Case) -> None:
    choices = {a: date_choice(case.article(a)) for a in case.article_ids}
    assert choices == {
        "corner-blog": "shown-is-publication",
        "gazette": "shown-is-publication",
        "buzz-copy": "shown-not-publication",
        "herald-check": "no-date",
    }


def test_no_text_of_the_practice_case_names_a_seed_article_or_outlet() -> None:
    seed = load_seed_case()
    seed_key = seed.key("sources")
    names = {*seed.article_ids, *(a.outlet for a in seed.articles)}
    names |= {s.name for s in seed_key.outlets} | {s.id for s in seed_key.outlets}
    folder = shipped_case_dir("practice")
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    lesson_texts = list((folder / "lessons").glob("*.md"))
    assert lesson_texts, "the practice case has its own lesson wording"
    assert len(texts) == 9 + len(lesson_texts)  # case.toml, 4 texts, 4 keys, the wording
    for name, text in texts.items():
        found = [n for n in names if n.lower() in text.lower()]
        assert not found, f"{name} names {found}"
    assert folder.resolve() != seed_case_dir().resolve()


def test_lessons_validate_accepts_the_practice_case() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lessons", "validate", str(shipped_case_dir("practice"))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 articles" in result.stdout
