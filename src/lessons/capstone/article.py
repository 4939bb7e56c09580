"""``capstone/article``: "one article end to end", judged by the lessons' own checkers.

The answer is ``{"article": "<article id>"}``. The work itself is lesson 02, 03 and 04's tasks
for that article (``sources/<id>``, ``hedges/<id>``, ``reliability/<id>``): the checker reads
them from the student's other answers and sums what their own checkers give (each out of 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessons import hedges, reliability, sources
from lessons.capstone.targets import ARTICLE_TARGET, SKILL
from lessons.capstone.wording import _num
from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer, Verdict

__all__ = ["ARTICLE_SKILLS", "check_article"]

#: The lessons whose tasks make up "one article end to end", in teaching order.
ARTICLE_SKILLS: tuple[str, ...] = ("sources", "hedges", "reliability")
_SKILL_WORDS = {
    "sources": "Trace the sources",
    "hedges": "Find the hedges",
    "reliability": "Rate the reliability",
}
#: The checker of each of those lessons' tasks (the capstone builds on the three skills).
_ARTICLE_CHECKERS = {
    "sources": sources.check_answer,
    "hedges": hedges.check_answer,
    "reliability": reliability.check_answer,
}
#: One point for each of the three skills.
_MAX_SCORE = 3.0


def check_article(
    case: Case, answer: object, answers: Mapping[str, Mapping[str, Any]] | None = None
) -> Feedback:
    """ "One article end to end": the chosen article's three tasks, judged by their own
    checkers from ``answers`` (each counts for up to 1 point)."""
    task = f"{SKILL}/{ARTICLE_TARGET}"
    try:
        article = _read_article(case, answer)
    except MalformedAnswer as error:
        return Feedback.invalid(task, error.message, _MAX_SCORE)
    items: list[FeedbackItem] = []
    not_done: list[str] = []
    for skill in ARTICLE_SKILLS:
        item = _skill_item(case, article, skill, answers)
        items.append(item)
        if item.verdict == "missed":
            not_done.append(_SKILL_WORDS[skill].lower())
    if not_done:
        next_step = f"Still to do for {article.outlet}: {', '.join(not_done)}."
    elif all(item.points >= item.max_points for item in items):  # no weakest one to name
        next_step = (
            "All three skills are done. Each earned its full point: try another article, or go "
            "on to Part 2."
        )
    else:
        weakest = min(items, key=lambda item: item.points)
        next_step = (
            "All three skills are done. Go back to the weakest one and read its feedback: "
            f"{weakest.label}."
        )
    return Feedback.from_items(
        task,
        items,
        summary=f"Your article, end to end: {article.outlet}.",
        next_step=next_step,
        details={"article": article.id},
    )


def _read_article(case: Case, answer: object) -> Article:
    """The article the student chose; raises :class:`MalformedAnswer` saying what to fix."""
    if not isinstance(answer, Mapping) or set(answer) - {"article"}:
        raise MalformedAnswer("This answer is damaged: pick your article again.")
    article_id = answer.get("article")
    if not isinstance(article_id, str) or not article_id.strip():
        raise MalformedAnswer("Pick the article you will work on first.")
    try:
        return case.article(case.current_id(article_id.strip()))
    except UnknownArticleError as error:
        raise MalformedAnswer(str(error)) from None


def _skill_item(
    case: Case,
    article: Article,
    skill: str,
    answers: Mapping[str, Mapping[str, Any]] | None,
) -> FeedbackItem:
    """One skill's task for the article, as its own checker judges it ("missed" when it is
    not answered yet or cannot be checked)."""
    saved = (answers or {}).get(f"{skill}/{article.id}")
    label = f"{_SKILL_WORDS[skill]}: {article.outlet}"
    if not isinstance(saved, Mapping):
        return FeedbackItem("missed", label, "Not answered yet.", max_points=1.0)
    result = _ARTICLE_CHECKERS[skill](case, article.id, saved, answers=answers)
    if result.problem is not None:
        return FeedbackItem("missed", label, result.problem, max_points=1.0)
    share = round(result.fraction, 4)
    verdict: Verdict = "right" if share >= 0.8 else "partly" if share > 0 else "wrong"
    level = f", level {result.level} of 4" if result.level is not None else ""
    return FeedbackItem(
        verdict,
        label,
        f"{_num(result.score)} out of {_num(result.max_score)}{level}."
        + (f" {result.next_step}" if result.next_step and share < 1 else ""),
        points=share,
        max_points=1.0,
    )
