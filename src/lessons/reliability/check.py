"""The rating checker: each level against the expert's, each quote judged, the total against
the expert band, and feedback that names the piece still missing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer
from lessons.memo import per_case
from lessons.reliability.answers import _read_rating
from lessons.reliability.blanket import _blanket_note
from lessons.reliability.evidence import _OK_STATUSES, EvidenceJudgement, judge_evidence
from lessons.reliability.how_sure import HOW_SURE_TARGET, _check_how_sure
from lessons.reliability.key import ArticleKey, CriterionKey, ReliabilityKey
from lessons.reliability.rubric import LEVEL_SHARE, LEVEL_WORDS, Criterion, Rubric

__all__ = ["COPIED_EVIDENCE", "NEAR_BAND", "check_answer"]

#: Outside the band by at most this many points still earns half the overall points.
NEAR_BAND = 10
#: The same sentence given as evidence for this many questions or more is copy-paste: it
#: earns no evidence points for any of them, since each question needs its own evidence.
COPIED_EVIDENCE = 3


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one article's rating (``target`` = article id) against the expert key.

    ``answer`` is ``{"levels": {criterion: "met"|"partly"|"not-met"}, "evidence":
    {criterion: quote}}``; ``answers`` holds the student's other answers, used to spot
    blanket ratings across articles. Never raises on bad input.
    """
    try:
        if target == HOW_SURE_TARGET and target not in case.article_ids:
            return _check_how_sure(case, answer, answers)
        return _check_rating(case, target, answer, answers)
    except MalformedAnswer as problem:
        return Feedback.invalid(f"reliability/{target}", problem.message)


def _check_rating(
    case: Case, target: str, answer: object, answers: Mapping[str, Mapping[str, Any]] | None
) -> Feedback:
    """Check the rating of article ``target``; raises :class:`MalformedAnswer`."""
    task = f"reliability/{target}"
    try:
        article = case.article(target)
    except UnknownArticleError as error:
        return Feedback.invalid(task, str(error))
    key: ReliabilityKey | None = case.key("reliability")
    if key is None or target not in key.articles:
        return Feedback.invalid(
            task,
            "This case study has no expert rating for this article yet, so your answer is saved "
            "but cannot be checked: ask your teacher.",
        )
    levels, evidence = _read_rating(key.rubric, answer)
    return _judge_rating(case, article, key.articles[target], key, levels, evidence, answers)


@dataclass(frozen=True)
class _CriterionResult:
    criterion: Criterion
    level: str
    agreement: str  # "agree", "close" or "far"
    evidence: EvidenceJudgement


def _criterion_item(result: _CriterionResult, expert: CriterionKey) -> FeedbackItem:
    criterion, level = result.criterion, result.level
    quote: str | None = None
    if result.agreement == "agree" and level == expert.level:
        explanation = f"You and the expert both say {LEVEL_WORDS[level]}."
    elif result.agreement == "agree":
        explanation = (
            f"The expert says {LEVEL_WORDS[expert.level]}, and {LEVEL_WORDS[level]} is "
            f"defensible too: {expert.reason}"
        )
    else:
        explanation = (
            f"You say {LEVEL_WORDS[level]}; the expert says {LEVEL_WORDS[expert.level]}: "
            f"{expert.reason}"
        )
        quote = expert.quotes[0] if expert.quotes else None
    if not result.evidence.is_ok:
        explanation += " " + result.evidence.message
    if quote is not None:
        explanation += " The expert's evidence:"
    hint = ""
    if result.agreement != "agree":
        hint = (
            f"{criterion.label}: you say {LEVEL_WORDS[level]}, and the expert does not. "
            f"{criterion.question} Look for {criterion.look_for}."
        )
        if not result.evidence.is_ok:
            hint += " " + result.evidence.message
    level_points = {"agree": 1.0, "close": 0.5, "far": 0.0}[result.agreement]
    if result.agreement == "far":
        verdict = "wrong"
    elif result.agreement == "agree" and result.evidence.is_ok:
        verdict = "right"
    else:
        verdict = "partly"
    return FeedbackItem(
        verdict,  # type: ignore[arg-type]
        criterion.label,
        explanation,
        quote=quote,
        points=level_points + result.evidence.points,
        max_points=2.0,
        hint=hint,
    )


_Judged = tuple[_CriterionResult, FeedbackItem]


@per_case(entries=20_000)
def _judge_criterion(
    case: Case, article_id: str, criterion_id: str, level: str, quote: str | None
) -> _Judged:
    """One rated criterion judged, with its feedback item: a class picks the same levels and
    sentences again and again, and judging a quote is the slow part."""
    key: ReliabilityKey = case.key("reliability")
    criterion = key.rubric.criterion(criterion_id)
    expert = key.articles[article_id].criteria[criterion_id]
    result = _CriterionResult(
        criterion,
        level,
        expert.agreements[level],
        judge_evidence(case, case.article(article_id), criterion, level, quote, expert.quotes),
    )
    return result, _criterion_item(result, expert)


@dataclass(frozen=True)
class _LevelsJudgement:
    """What the levels of one rating decide, whatever its quotes: the total against the band,
    the items and summary about them, and the next step unless the quotes must decide it."""

    total: int
    complete: bool
    inside: bool | None
    agreements: int
    items: tuple[FeedbackItem, ...]  # after the criteria: what is unrated, the overall rating
    context: tuple[FeedbackItem, ...]  # after any blanket note: the outlet's track record
    summary: str
    next_step: str | None  # None when every level agrees: then the quotes decide it
    evidence_order: tuple[Criterion, ...]  # how weak quotes are ranked, when next_step is None
    crucial_agrees: bool  # whether the crucial criterion's level (if rated) is accepted


@per_case(entries=20_000)
def _judge_levels(
    case: Case, article_id: str, rated_levels: tuple[tuple[str, str], ...]
) -> _LevelsJudgement:
    """What validated levels (their items, in the answer's order) decide against the article's
    key, leaving the quotes aside: a class repeats the same levels far more often than the
    same quotes."""
    key: ReliabilityKey = case.key("reliability")
    rubric, article_key, levels = key.rubric, key.articles[article_id], dict(rated_levels)
    rated = [criterion for criterion in rubric.criteria if criterion.id in levels]
    unrated = [criterion for criterion in rubric.criteria if criterion.id not in levels]
    agreements = {  # rated criterion -> "agree", "close" or "far"
        c.id: article_key.criteria[c.id].agreements[levels[c.id]] for c in rated
    }
    agreed = list(agreements.values()).count("agree")
    crucial = article_key.crucial
    next_step = _levels_step(article_key, rated, agreements, unrated)
    total = rubric.score(levels)
    low, high = article_key.band
    inside = None if unrated else low <= total <= high
    return _LevelsJudgement(
        total=total,
        complete=not unrated,
        inside=inside,
        agreements=agreed,
        items=(
            _unrated_items(rubric, unrated)
            if unrated
            else (_overall_item(rubric, article_key, levels, total),)
        ),
        context=() if unrated else (_outlet_item(article_key),),
        summary=_levels_summary(rubric, article_key, len(rated), agreed, total, inside),
        next_step=next_step,
        evidence_order=(  # only an all-agreeing rating needs it
            tuple(sorted(rated, key=lambda c: (c.id != crucial, -c.weight)))
            if next_step is None
            else ()
        ),
        crucial_agrees=crucial not in agreements or agreements[crucial] == "agree",
    )


def _unrated_items(rubric: Rubric, unrated: Sequence[Criterion]) -> tuple[FeedbackItem, ...]:
    """The items of a rating that leaves ``unrated`` out: what to rate, and no total yet."""
    missed = FeedbackItem(
        "missed",
        "Not rated yet",
        "Choose met, partly or not met for: " + ", ".join(f"“{c.label}”" for c in unrated) + ".",
        max_points=2.0 * len(unrated),
    )
    overall = FeedbackItem(
        "missed",
        "Overall rating",
        f"Rate all {len(rubric.criteria)} questions to get a total to compare with the "
        "expert band.",
        max_points=2.0,
    )
    return missed, overall


def _outlet_item(article_key: ArticleKey) -> FeedbackItem:
    """The outlet's track record: context for a finished rating, never a shortcut to one."""
    return FeedbackItem(
        "note",
        "About the outlet (context, not part of your score)",
        f"{article_key.track_record} (Confidence: {article_key.track_record_confidence}.)",
    )


def _levels_summary(
    rubric: Rubric,
    article_key: ArticleKey,
    rated: int,
    agreed: int,
    total: int,
    inside: bool | None,
) -> str:
    """How many levels agree with the expert, and (once all are rated) where the total lies."""
    if inside is None:
        return (
            f"You have rated {rated} of {len(rubric.criteria)} questions and agree with "
            f"the expert on {agreed} of them."
        )
    low, high = article_key.band
    where = "inside" if inside else "outside"
    return (
        f"You agree with the expert on {agreed} of {rated} questions. Your total, "
        f"{total} ({rubric.band(total)}), is {where} the expert band ({low}–{high})."
    )


def _levels_step(
    article_key: ArticleKey,
    rated: Sequence[Criterion],
    agreements: Mapping[str, str],
    unrated: Sequence[Criterion],
) -> str | None:
    """The next step the levels call for (a skipped question, the crucial piece, the worst
    disagreement), or None when they all agree with the expert."""
    if unrated:
        return f"Rate the questions you skipped, starting with “{unrated[0].label}”."
    crucial = next((c for c in rated if c.id == article_key.crucial), None)
    if crucial is not None and agreements[crucial.id] != "agree":
        return (
            f"The crucial piece for this article is “{crucial.label}”: "
            f"{crucial.question} Read the expert's reason above, then look again."
        )
    disagreements = sorted(
        (c for c in rated if agreements[c.id] != "agree"),
        key=lambda c: (agreements[c.id] != "far", -c.weight),
    )
    if disagreements:
        first = disagreements[0]
        return f"Look again at “{first.label}”: {first.question}"
    return None


def _judge_rating(
    case: Case,
    article: Article,
    article_key: ArticleKey,
    key: ReliabilityKey,
    levels: Mapping[str, str],
    evidence: Mapping[str, str],
    answers: Mapping[str, Mapping[str, Any]] | None,
) -> Feedback:
    rubric = key.rubric
    items: list[FeedbackItem] = []
    statuses: dict[str, str] = {}  # each rated criterion's evidence status, in rubric order
    copied = _copied_quotes(levels, evidence)
    for criterion in rubric.criteria:
        level = levels.get(criterion.id)
        if level is None:
            continue
        quote = evidence.get(criterion.id)
        result, item = _judge_criterion(case, article.id, criterion.id, level, quote)
        status = result.evidence.status
        if copied and isinstance(quote, str) and quote.strip() in copied:
            item, status = _copied_item(item, result), "copied"
        items.append(item)
        statuses[criterion.id] = status
    by_levels = _judge_levels(case, article.id, tuple(levels.items()))
    complete = by_levels.complete
    items.extend(by_levels.items)
    blanket = _blanket_note(case, key, article.id, by_levels.total if complete else None, answers)
    if blanket:
        items.append(FeedbackItem("note", "Telling articles apart", blanket))
    items.extend(by_levels.context)
    return Feedback.from_items(
        f"reliability/{article.id}",
        items,
        summary=by_levels.summary,
        next_step=_next_step(by_levels, statuses, blanket is not None),
        level=_digipo_level(by_levels, article_key, levels, statuses),
        details={
            "article": article.id,
            "levels": dict(levels),
            "total": by_levels.total if complete else None,
            "band": list(article_key.band),
            "inside_band": by_levels.inside,
            "agreements": by_levels.agreements,
            "evidence": statuses,
            "blanket": blanket is not None,
        },
    )


def _overall_item(
    rubric: Rubric, article_key: ArticleKey, levels: Mapping[str, str], total: int
) -> FeedbackItem:
    low, high = article_key.band
    text = f"Your total is {total} ({rubric.band(total)})"
    if low <= total <= high:
        return FeedbackItem(
            "right",
            "Overall rating",
            f"{text}, inside the expert band {low}–{high}.",
            points=2.0,
            max_points=2.0,
        )
    above = total > high
    distance = total - high if above else low - total
    expert_levels = article_key.levels
    differences = sorted(
        (
            (
                criterion.weight
                * (LEVEL_SHARE[levels[criterion.id]] - LEVEL_SHARE[expert_levels[criterion.id]])
                * (1 if above else -1),
                criterion.label,
            )
            for criterion in rubric.criteria
        ),
        reverse=True,
    )
    named = [f"“{label}”" for gap, label in differences if gap > 0][:3]
    explanation = (
        f"{text}, {distance} points {'above' if above else 'below'} the expert band {low}–{high}."
    )
    if named:
        saw = "less" if above else "more"
        explanation += f" The expert saw {saw} than you in: {', '.join(named)}."
    near = distance <= NEAR_BAND
    return FeedbackItem(
        "partly" if near else "wrong",
        "Overall rating",
        explanation,
        points=1.0 if near else 0.0,
        max_points=2.0,
    )


def _next_step(by_levels: _LevelsJudgement, statuses: Mapping[str, str], blanket: bool) -> str:
    """The levels' next step, else the first weak quote, else what to do with a good rating."""
    if by_levels.next_step is not None:
        return by_levels.next_step
    for criterion in by_levels.evidence_order:
        if statuses[criterion.id] not in _OK_STATUSES:
            return f"Find better evidence for “{criterion.label}”: look for {criterion.look_for}."
    if blanket:
        return "Rate each of the other articles on its own evidence, then compare the totals."
    return (
        "Compare your rating with a classmate's: where do you differ, and whose evidence is "
        "stronger?"
    )


def _copied_quotes(levels: Mapping[str, str], evidence: Mapping[str, str]) -> frozenset[str]:
    """The sentences (folded) given as evidence for at least :data:`COPIED_EVIDENCE` rated
    questions: copy-paste, not evidence."""
    quotes = evidence.values()
    if len(set(quotes)) > len(quotes) - COPIED_EVIDENCE + 1:  # too varied to hold a copy
        return frozenset()
    counts: dict[str, int] = {}
    for criterion_id, quote in evidence.items():
        if criterion_id in levels and type(quote) is str:
            pasted = quote.strip()  # a pasted copy is the same text, give or take spaces
            if pasted:
                counts[pasted] = counts.get(pasted, 0) + 1
    return frozenset(quote for quote, count in counts.items() if count >= COPIED_EVIDENCE)


def _copied_item(item: FeedbackItem, result: _CriterionResult) -> FeedbackItem:
    """A criterion's item when its quote is one the student pasted for several questions:
    the evidence earns nothing, and the item says why."""
    note = (
        f" You gave the same sentence as evidence for {COPIED_EVIDENCE} or more questions: "
        "each question needs its own evidence, so it counts for none of them."
    )
    return replace(
        item,
        explanation=item.explanation + note,
        points=item.points - result.evidence.points,
        hint=item.hint + note if item.hint else "",
    )


def _is_blanket_rating(article_key: ArticleKey, levels: Mapping[str, str]) -> bool:
    """Every question given the same level where the expert's levels differ: one answer
    pasted across the rubric, not a rating."""
    chosen = set(levels.values())
    return len(levels) > 2 and len(chosen) == 1 and len(set(article_key.levels.values())) > 1


def _digipo_level(
    by_levels: _LevelsJudgement,
    article_key: ArticleKey,
    levels: Mapping[str, str],
    statuses: Mapping[str, str],
) -> int:
    crucial = article_key.crucial
    quoted = [status for status in statuses.values() if status != "optional"]
    if not quoted or quoted.count("missing") == len(quoted):
        return 1
    if quoted.count("copied") * 2 >= len(quoted) or _is_blanket_rating(article_key, levels):
        return 1  # copy-paste evidence or one level everywhere: the lowest level
    good = quoted.count("ok") / len(quoted)
    if good < 0.5:
        return 2
    crucial_ok = (
        crucial is None
        or crucial not in statuses
        or (by_levels.crucial_agrees and statuses[crucial] in _OK_STATUSES)
    )
    if by_levels.complete and by_levels.inside and crucial_ok and good >= 0.75:
        return 4
    return 3
