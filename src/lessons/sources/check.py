"""The checker for one article's answer (task id ``sources/<article id>``).

Resolves the names a student typed, judges each part against the key and builds the
:class:`Feedback`; pure, and bad input gets one plain sentence instead of an exception.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from lessons.casestudy import CONFIDENCE_LEVELS, Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer, Verdict
from lessons.memo import per_case
from lessons.sources.chain import ChainLink, ChainTrace, trace_chain
from lessons.sources.key import (
    ArticleKey,
    Edge,
    MissingKeyError,
    NamedSource,
    SourcesKey,
    _article_key,
    sources_key,
)

__all__ = ["ANSWER_FIELDS", "check_answer"]

#: The parts of an answer.
#: ``checked`` (True once the student pressed Check) is the widget's note, not graded.
ANSWER_FIELDS = ("named", "garbled", "immediate", "credited", "chain", "checked")

_USE_PHRASES = {
    "origin": "as where the claim began",
    "relay": "as a source that passed the claim on",
    "support": "for a background fact",
    "doubt": "to cast doubt on the claim",
}
#: What to look for, before the expert's answer is shown.
_IMMEDIATE_HINT = (
    "Look for the sentence that says who the story came from (“according to …”, "
    "“… reported”, “via …”), or whether the claim begins here."
)
_CREDIT_HINT = (
    "Look for a line that names another outlet or person as the source (“according to …”, "
    "“… reported”)."
)
#: Confidences too low to state a link as fact.
#: Priority of each crucial piece in the "next step" (the first missing one is named).
_PRIORITY = {"immediate": 1, "credited": 2, "origin": 3, "chain": 4, "named": 5, "garbled": 6}


class _Answer(NamedTuple):
    """An answer with every name resolved to a source id."""

    named: tuple[str, ...]
    garbled: tuple[str, ...]
    immediate: str | None
    credited: bool | None
    chain: tuple[str, ...]


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one article's answer (its shape is in :mod:`lessons.sources`) against the key.

    Pure: no widgets, no files. ``answers`` (the student's other answers) is not needed here.
    """
    task = f"sources/{target}"
    try:
        key = sources_key(case)
        article_key = _article_key(case, target)
    except (MissingKeyError, UnknownArticleError) as error:
        return Feedback.invalid(task, str(error))
    try:
        parsed = _parse_answer(case, answer)
    except MalformedAnswer as error:
        return Feedback.invalid(task, error.message, max_score=key.points.total)
    return _Checker(case, key, article_key).feedback(task, parsed)


# -- reading the answer -----------------------------------------------------------------------


def _parse_answer(case: Case, answer: object) -> _Answer:
    """The answer with every name resolved to an id; raises :class:`MalformedAnswer` with
    one sentence saying what to fix."""
    if not isinstance(answer, Mapping):
        raise MalformedAnswer("This answer is empty or damaged: answer the task again.")
    for name in answer:
        if name not in ANSWER_FIELDS:
            raise MalformedAnswer(
                f"This answer has a part the checker does not know ({name!r}); "
                f"an answer has: {', '.join(ANSWER_FIELDS)}."
            )
    named = _list_part(case, answer.get("named"), "named", "sources")
    garbled = _list_part(case, answer.get("garbled"), "garbled", "sources")
    chain = _list_part(case, answer.get("chain"), "chain", "steps")
    immediate = answer.get("immediate")
    if immediate is not None and not (isinstance(immediate, str) and not immediate.strip()):
        immediate = _source_id(case, immediate)
    else:
        immediate = None
    credited = answer.get("credited")
    if credited is not None and not isinstance(credited, bool):
        raise MalformedAnswer(
            "The 'credited' part must be true or false: does the article say where it got the "
            "story?"
        )
    if not (named or garbled or immediate or credited is not None or chain):
        raise MalformedAnswer(
            "Nothing to check yet: tick the sources the article names, pick where it got the "
            "story, and build the chain back to where the claim began."
        )
    if not chain:
        raise MalformedAnswer(
            "Build the chain first: add at least one step back from the article toward where the "
            "claim began."
        )
    return _Answer(named, garbled, immediate, credited, chain)


def _list_part(case: Case, value: object, part: str, what: str) -> tuple[str, ...]:
    """The ids of one list part of an answer (empty if left out; each source once, except in
    the chain); raises :class:`MalformedAnswer` for the first name that is none."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        shown = ", ".join(f'"{name}"' for name in _example_names(sources_key(case)))
        raise MalformedAnswer(f"The {part!r} part must be a list of {what}, like [{shown}].")
    names = tuple(value)
    if _plain_strings(names):
        return _remembered_ids(case, part, names)
    return _source_ids(case, part, names)


def _plain_strings(values: tuple[object, ...]) -> bool:
    """Whether every value is a ``str`` itself (not a subclass): safe as a remembered key."""
    return set(map(type, values)) <= {str}


@per_case(entries=20_000, cases=4)
def _remembered_ids(case: Case, part: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`_source_ids` of plain strings, remembered: a class types the same few names in
    the same lists."""
    return _source_ids(case, part, names)


def _source_ids(case: Case, part: str, names: tuple[object, ...]) -> tuple[str, ...]:
    """The ids of one list part's ``names``; raises for the first that is none."""
    ids = tuple(_source_id(case, name) for name in names)
    return ids if part == "chain" else tuple(dict.fromkeys(ids))


def _source_id(case: Case, name: object) -> str:
    """The id of the source a typed ``name`` means; raises :class:`MalformedAnswer` if none.
    Remembered for plain strings only: a ``str`` subclass may resolve unlike an equal string."""
    if type(name) is str:
        return _remembered_id(case, name)
    return _resolve(sources_key(case), name)


@per_case(entries=20_000, cases=4)
def _remembered_id(case: Case, name: str) -> str:
    """:func:`_resolve` with the case's key, remembered: resolving a name normalises it and
    may look for a close match, and a class types the same few names."""
    return _resolve(sources_key(case), name)


def _example_names(key: SourcesKey) -> list[str]:
    """Two of the case's own source names (the first in its key), to show an answer's shape."""
    return [key.name(source_id) for source_id in list(key.sources)[:2]]


def _resolve(key: SourcesKey, name: object) -> str:
    """A source id; raises :class:`MalformedAnswer` saying what to pick instead."""
    if not isinstance(name, str) or not name.strip():
        example = _example_names(key)[0]
        raise MalformedAnswer(
            f'Every source must be a name, like "{example}"; remove the empty or odd entries.'
        )
    resolved = key.resolve(name)
    if resolved is not None:
        return resolved
    suggestion = key.suggest(name)
    hint = f" Did you mean {suggestion}?" if suggestion else ""
    shown = name.strip() if len(name.strip()) <= 60 else name.strip()[:57] + "..."
    raise MalformedAnswer(f"“{shown}” is not a source in this story: pick one from the list.{hint}")


# -- judging the answer -----------------------------------------------------------------------

T = TypeVar("T")
V = TypeVar("V", bound=Hashable)


class _Part(NamedTuple, Generic[T]):
    """One judged part of an answer: its feedback items, the crucial pieces it found missing
    and what the rest of the feedback needs from it."""

    items: tuple[FeedbackItem, ...]
    missing: tuple[tuple[int, str], ...]
    result: T


@per_case(entries=20_000, cases=4)
def _judged(
    case: Case, article_id: str, judge: Callable[[_Checker, Any], Any], value: Hashable
) -> _Part[Any]:
    """One part of an answer judged by a fresh checker: a class gives the same named sources,
    picks and chains again and again, and each part's judgement depends on nothing else of
    the answer (the key and the article come with the case and the article id). A part may
    be a piece of another, such as the item for one named source a student missed."""
    alone = _Checker(case, sources_key(case), _article_key(case, article_id))
    result = judge(alone, value)
    return _Part(tuple(alone.items), tuple(alone.missing), result)


class _Checker:
    """Builds the feedback for one parsed answer; each part adds items and crucial pieces."""

    def __init__(self, case: Case, key: SourcesKey, article: ArticleKey) -> None:
        self.case = case
        self.key = key
        self.article = article
        self.items: list[FeedbackItem] = []
        self.missing: list[tuple[int, str]] = []  # (priority, crucial piece still missing)

    def feedback(self, task: str, answer: _Answer) -> Feedback:
        named_fraction, found, total, ticked_wrong = self._part(_Checker._named, answer.named)
        self._part(_Checker._garbled, answer.garbled)
        immediate_right = self._part(_Checker._immediate, answer.immediate)
        credited_right = self._part(_Checker._credited, answer.credited)
        trace = self._part(_Checker._chain_and_origin, answer.chain)
        level = self._level(named_fraction, immediate_right, credited_right, trace)
        if ticked_wrong > found:  # ticking (nearly) every source is a first look
            level = min(level, 1)
        summary = self._summary(found, total, immediate_right, trace)
        if self.missing:
            next_step = f"The crucial piece still missing: {min(self.missing)[1]}"
        else:
            next_step = (
                "You traced this one like a fact-checker. Compare your chain with the expert's "
                "in the chart, then try the next article."
            )
        return Feedback.from_items(
            task,
            self.items,
            summary=summary,
            next_step=next_step,
            level=level,
            details={
                "article": self.article.article_id,
                "named": list(answer.named),
                "garbled": list(answer.garbled),
                "immediate": answer.immediate,
                "credited": answer.credited,
                "chain": list(trace.steps),
                "links": [
                    {
                        "later": link.later,
                        "earlier": link.earlier,
                        "verdict": link.verdict,
                        "via": list(link.via),
                    }
                    for link in trace.links
                ],
                "expert_chain": list(self.article.chain),
                "reached_origin": trace.reached_origin,
            },
        )

    def _part(self, judge: Callable[[_Checker, V], T], value: V) -> T:
        """Add the items and missing pieces of one part, judged once per article and value
        (see :func:`_judged`), and return what the rest of the feedback needs from it."""
        found = _judged(self.case, self.article.article_id, judge, value)
        self.items.extend(found.items)
        self.missing.extend(found.missing)
        return found.result

    # -- named sources ------------------------------------------------------------------

    def _named(self, named: tuple[str, ...]) -> tuple[float, int, int, int]:
        points = self.key.points
        expected = [n.source for n in self.article.named]
        share = points.named / len(expected)
        picked = set(named)
        found = [s for s in expected if s in picked]
        wrong = [s for s in named if s not in expected]
        if found:
            self._part(_Checker._found_named, tuple(found))
        for source in expected:
            if source not in picked:
                self._part(_Checker._missed_named, source)
        earned = share * len(found)
        penalty = min(earned, share * points.wrong_pick * len(wrong))
        for source in wrong:
            distractor = next((d for d in self.article.distractors if d.source == source), None)
            if source == self.article.outlet:
                explanation = "That is the article's own outlet, not a source it names."
            else:
                explanation = f"The article does not name {self.key.name(source)}."
                if distractor and distractor.note:
                    explanation += f" {distractor.note}"
            if penalty:
                explanation += " Ticking a source the article does not name takes points off."
            self.items.append(
                FeedbackItem(
                    "wrong",
                    f"Not named: {self.key.name(source)}",
                    explanation,
                    points=-penalty / len(wrong),
                )
            )
        fraction = (earned - penalty) / points.named if points.named else 1.0
        return fraction, len(found), len(expected), len(wrong)

    def _found_named(self, found: tuple[str, ...]) -> None:
        """The item for the sources the article names that the student ticked."""
        expected = len(self.article.named)
        share = self.key.points.named / expected
        self.items.append(
            FeedbackItem(
                "right",
                f"Sources you found ({len(found)} of {expected}): "
                + ", ".join(self.key.name(s) for s in found),
                points=share * len(found),
                max_points=share * len(found),
            )
        )

    def _missed_named(self, source: str) -> None:
        """The item for a source the article names that the student did not tick."""
        entry = self.article.named_source(source)
        assert entry is not None
        explanation = f"The article names it {_USE_PHRASES[entry.use]}."
        if entry.note:
            explanation += f" {entry.note}"
        self.items.append(
            FeedbackItem(
                "missed",
                self.key.name(source),
                explanation,
                quote=entry.quote,
                max_points=self.key.points.named / len(self.article.named),
                hint=f"A source the article names {_USE_PHRASES[entry.use]}: find where the "
                "text says who or what it is, and tick it.",
            )
        )
        if entry.crucial:
            self._miss(
                "named",
                f"a source that matters in this article, one it names "
                f"{_USE_PHRASES[entry.use]}: find where the article names it.",
            )

    def _garbled(self, garbled: tuple[str, ...]) -> None:
        expected = [n for n in self.article.named if n.garbled]
        picks = list(garbled)
        if not expected:
            self._nothing_garbled(picks)
            return
        share = self.key.points.garbled / len(expected)
        matched, unmatched_picks = self._match_garbled(picks, expected)
        earned = share * len(matched)
        penalty = min(earned, share * self.key.points.wrong_pick * len(unmatched_picks))
        for entry in expected:
            self._garbled_entry(entry, entry.source in matched, share)
        for pick in unmatched_picks:
            explanation = "We found nothing wrong in how the article names or describes it."
            if penalty:
                explanation += " A wrong pick takes points off."
            self.items.append(
                FeedbackItem(
                    "wrong",
                    f"Described wrongly? {self.key.name(pick)}",
                    explanation,
                    points=-penalty / len(unmatched_picks),
                )
            )

    def _nothing_garbled(self, picks: list[str]) -> None:
        """The items for an article that names every source rightly: full marks for picking
        none, and no points for a pick."""
        share_total = self.key.points.garbled
        if not picks:
            self.items.append(
                FeedbackItem(
                    "right",
                    "Described wrongly: none",
                    "Right: this article names its sources without misspelling or "
                    "mislabelling them.",
                    points=share_total,
                    max_points=share_total,
                )
            )
        for source in picks:
            self.items.append(
                FeedbackItem(
                    "wrong",
                    f"Described wrongly? {self.key.name(source)}",
                    "We found nothing wrong in how this article names or describes it.",
                    max_points=share_total / len(picks),
                )
            )

    def _match_garbled(
        self, picks: list[str], expected: list[NamedSource]
    ) -> tuple[set[str], list[str]]:
        """The garbled sources the picks found (each once), and the picks that found none."""
        matched: set[str] = set()
        unmatched_picks: list[str] = []
        for pick in picks:
            entry = next(
                (
                    n
                    for n in expected
                    if n.source not in matched and self._same_thing(pick, n.source)
                ),
                None,
            )
            if entry is None:
                unmatched_picks.append(pick)
            else:
                matched.add(entry.source)
        return matched, unmatched_picks

    def _garbled_entry(self, entry: NamedSource, found: bool, share: float) -> None:
        """The item for one source the article names wrongly, found or missed."""
        name = self.key.name(entry.source)
        if found:
            self.items.append(
                FeedbackItem(
                    "right",
                    f"Described wrongly: {name}",
                    entry.garbled or "",
                    quote=entry.quote,
                    points=share,
                    max_points=share,
                )
            )
            return
        self.items.append(
            FeedbackItem(
                "missed",
                f"Described wrongly: {name}",
                entry.garbled or "",
                quote=entry.quote,
                max_points=share,
                hint="A source the article describes carelessly: compare how it names each "
                "source with what the source really is.",
            )
        )
        self._miss(
            "garbled",
            "a careless description a careful reader should notice: look again at how "
            f"the article names {name}.",
        )

    def _same_thing(self, pick: str, expected: str) -> bool:
        """A pick matches a garbled source if it is the same, or the same chain step and not "
        "vague."""
        if pick == expected:
            return True
        sources = self.key.sources
        if sources[pick].kind == "unnamed" or sources[expected].kind == "unnamed":
            return False
        return self.key.step(pick) == self.key.step(expected)

    # -- immediate source and credit ------------------------------------------------------

    def _immediate(self, pick: str | None) -> bool:
        points = self.key.points.immediate
        article = self.article
        right_name = self.key.name(article.immediate)
        label = "Where the article got the story"
        if pick is None:
            got = (
                f"The claim began here, with {right_name}."
                if self._at_origin()
                else f"It got it from {right_name}."
            )
            self.items.append(
                FeedbackItem(
                    "missed",
                    label,
                    f"{got} {article.immediate_note}",
                    quote=article.immediate_quote,
                    max_points=points,
                    hint=_IMMEDIATE_HINT,
                )
            )
            self._miss("immediate", f"where {self._this()} got the story (its immediate source).")
            return False
        if self._same_step(pick, article.immediate):
            self.items.append(
                FeedbackItem(
                    "right",
                    f"{label}: {right_name}",
                    article.immediate_note,
                    quote=article.immediate_quote,
                    points=points,
                    max_points=points,
                )
            )
            return True
        if any(self._same_step(pick, other) for other in article.also_immediate):
            self._also_immediate(label, pick)
            return True
        earned, explanation = self._wrong_immediate(pick)
        self.items.append(
            FeedbackItem(
                "partly" if earned else "wrong",
                f"{label}: {self.key.name(pick)}",
                explanation,
                quote=article.immediate_quote,
                points=earned,
                max_points=points,
                hint=f"{label}: not {self.key.name(pick)}. {_IMMEDIATE_HINT}",
            )
        )
        self._miss("immediate", f"where {self._this()} got the story (its immediate source).")
        return False

    def _also_immediate(self, label: str, pick: str) -> None:
        """The item for a pick that is another source the article credits: also right."""
        edge = next(
            (
                e
                for e in self.key.edges_into(self.article.outlet)
                if self._same_step(e.source, pick)
            ),
            None,
        )
        points = self.key.points.immediate
        self.items.append(
            FeedbackItem(
                "right",
                f"{label}: {self.key.name(pick)}",
                f"Also right: it credits {self.key.name(pick)}. Its main source is "
                f"{self.key.name(self.article.immediate)}.",
                quote=edge.quote if edge else None,
                points=points,
                max_points=points,
            )
        )

    def _wrong_immediate(self, pick: str) -> tuple[float, str]:
        """The points and explanation for a pick that is not where the article got the story:
        half the points for a source the article names directly, none for any other."""
        article = self.article
        pick_name, right_name = self.key.name(pick), self.key.name(article.immediate)
        start = self.key.step(article.outlet)
        if self.key.step(pick) == start:
            return 0.0, (
                f"{pick_name} is the article itself. It got the story from {right_name}: "
                f"{article.immediate_note}"
            )
        if self.key.step(pick) in self.key.step_sources(start):
            return self.key.points.immediate / 2, (
                f"The article does name {pick_name}, but it got the story from {right_name}. "
                f"{article.immediate_note}"
            )
        if self.key.step(pick) in self.key.distances_back(start):
            return 0.0, (
                f"{pick_name} is further back in the chain. The article got the story from "
                f"{right_name}. {article.immediate_note}"
            )
        return 0.0, (
            f"The story did not reach this article from {pick_name}. It got it from "
            f"{right_name}. {article.immediate_note}"
        )

    def _credited(self, credited: bool | None) -> bool:
        points = self.key.points.credited
        article = self.article
        name = self.key.name(article.immediate)
        if self._at_origin():
            truth = (
                f"{'Yes' if article.credited else 'No'}: the claim began with {name} itself, "
                f"and it {'says' if article.credited else 'never says'} where its writer got it. "
                f"{article.immediate_note}"
            )
        elif article.credited:
            truth = f"Yes: it names {name} as its source."
        else:
            truth = f"No: it never names {name}. {article.immediate_note}"
        label = "Does the article say where it got the story?"
        if credited is None:
            self.items.append(
                FeedbackItem(
                    "missed",
                    label,
                    truth,
                    quote=article.immediate_quote,
                    max_points=points,
                    hint=f"{label} {_CREDIT_HINT}",
                )
            )
            self._miss("credited", self._credit_piece())
            return False
        if credited == article.credited:
            self.items.append(
                FeedbackItem(
                    "right",
                    label,
                    truth,
                    quote=article.immediate_quote,
                    points=points,
                    max_points=points,
                )
            )
            return True
        self.items.append(
            FeedbackItem(
                "wrong",
                label,
                truth,
                quote=article.immediate_quote,
                max_points=points,
                hint=f"{label} Not what you said. {_CREDIT_HINT}",
            )
        )
        self._miss("credited", self._credit_piece())
        return False

    def _credit_piece(self) -> str:
        if self._at_origin():
            return f"whether {self._this()}, where the claim began, says where its writer got it."
        if self.article.credited:
            return (
                f"whether {self._this()} says where it got the story: read again for a name "
                "before “reported” or after “according to”."
            )
        return (
            f"whether {self._this()} says where it got the story: a text that copies or "
            "translates another without naming it hides where the story came from."
        )

    # -- chain and origin ---------------------------------------------------------------

    def _chain_and_origin(self, chain: tuple[str, ...]) -> ChainTrace:
        """Judge the chain link by link and where it ends; the trace is what the rest needs."""
        trace = trace_chain(self.key, self.article.article_id, chain)
        self._chain(trace)
        self._origin(trace)
        return trace

    def _chain(self, trace: ChainTrace) -> None:
        points = self.key.points.chain
        unit = points / trace.denominator
        name = self.key.name
        for source_id in trace.mapped:
            source = self.key.sources[source_id]
            self.items.append(
                FeedbackItem(
                    "note",
                    f"{source.name} counts as the step {name(self.key.step(source_id))}",
                    source.note,
                )
            )
        for source_id in trace.doubled:
            self.items.append(
                FeedbackItem(
                    "note",
                    f"{name(source_id)} is in your chain twice in a row",
                    "Each step back is one outlet or person, so it counts once: remove the copy.",
                )
            )
        for link in trace.links:
            verdict, explanation, quote = self._judge_link(link)
            self.items.append(
                FeedbackItem(
                    verdict,
                    f"Chain link: {name(link.later)} ← {name(link.earlier)}",
                    explanation,
                    quote=quote,
                    points=link.credit * unit,
                    max_points=unit,
                )
            )
        if trace.at_origin:
            self.items.append(
                FeedbackItem(
                    "right",
                    f"Chain: {name(trace.start)} is where the claim began",
                    "Right: the claim began with this article, so there is no step back to take.",
                    points=points,
                    max_points=points,
                )
            )
            return
        broken = next((link for link in trace.links if link.verdict != "direct"), None)
        if broken is not None:
            if broken.verdict == "skip":
                piece = (
                    f"the step you skipped between {name(broken.later)} and {name(broken.earlier)}."
                )
            else:
                piece = (
                    f"where {name(broken.later)} really got the story: your link to "
                    f"{name(broken.earlier)} is not one the story took."
                )
            self._miss("chain", piece)
        left = points - unit * len(trace.links)
        if left > 1e-9:
            if trace.reached_origin:
                explanation = (
                    f"Your chain reaches {name(trace.end)}, but a full chain has at least "
                    f"{trace.shortest} links: see the skipped steps above."
                )
            elif trace.last_good != trace.end:
                explanation = (
                    f"Your chain goes wrong after {name(trace.last_good)}. "
                    f"{self._keep_going(trace.last_good)}"
                )
            else:
                explanation = (
                    f"Your chain stops at {name(trace.end)}. {self._keep_going(trace.end)}"
                )
            self.items.append(
                FeedbackItem("missed", "Chain: steps still missing", explanation, max_points=left)
            )

    def _judge_link(self, link: ChainLink) -> tuple[Verdict, str, str | None]:
        """The verdict, the explanation and (if it is in this article) the quote for one link."""
        name = self.key.name
        later, earlier = name(link.later), name(link.earlier)
        if link.verdict == "direct":
            # The surest edge explains the link: when a step has two (a pundit and his TV
            # channel), feedback must not state the less certain one as what a text says.
            edge = min(
                link.edges,
                key=lambda e: (
                    _is_inference(e),
                    CONFIDENCE_LEVELS.index(e.confidence),
                    e.source != link.earlier,
                ),
            )
            if _is_inference(edge):
                explanation = (
                    f"Right: {later} probably got the story from {earlier} "
                    f"(our inference, {edge.confidence} confidence)."
                )
                if edge.note:
                    explanation += f" {edge.note}"
                return "right", *self._quote_parts(edge, explanation)
            explanation = f"Right: {self._edge_sentence(edge)}"
            if edge.known == "case-note":
                explanation = explanation[:-1] + " (our research)."
            if edge.kind != "credited" and edge.note:
                explanation += f" {edge.note}"
            return "right", *self._quote_parts(edge, explanation)
        if link.verdict == "skip":
            via = " or ".join(name(v) for v in link.via)
            direct = self.key.step_sources(link.later)
            got = (
                "got"
                if any(not all(_is_inference(e) for e in direct.get(v, ())) for v in link.via)
                else "probably got"
            )
            leads = (
                f"which leads back to {earlier}."
                if self._surely_back(link.later, link.earlier)
                else f"which probably leads back to {earlier} (part of that trail is our inference)."
            )
            explanation = (
                f"{earlier} is further back: you skipped a step. {later} {got} the story from "
                f"{via}, {leads}"
            )
            edges: Sequence[Edge] = (
                self.key.step_sources(link.later).get(link.via[0], ()) if link.via else ()
            )
            if not edges:
                return "partly", explanation, None
            if edges[0].kind != "credited" and edges[0].note:
                explanation += f" {edges[0].note}"
            return "partly", *self._quote_parts(edges[0], explanation)
        if link.verdict == "outside":
            note = self.key.sources[link.earlier].note
            return (
                "wrong",
                f"{earlier} did not pass the claim on, so it has no place in the chain. {note}",
                None,
            )
        if link.verdict == "repeat":
            return (
                "wrong",
                f"{earlier} is already in your chain: the story cannot go round in a circle.",
                None,
            )
        if link.later in self.key.distances_back(link.earlier):
            got = (
                f"got the story from {later}"
                if self._surely_back(link.earlier, link.later)
                else f"probably got the story from {later} (our inference)"
            )
            return "wrong", f"Backwards: {earlier} {got}, not the other way round.", None
        explanation = f"{later} did not get the story from {earlier}, directly or through others."
        if self.key.sources[link.earlier].role in ("doubt", "denial"):
            explanation += f" {earlier} came later, to check or deny the claim."
        return "wrong", explanation, None

    def _quote_parts(self, edge: Edge, explanation: str) -> tuple[str, str | None]:
        """Put an edge's quote in the quote slot if it is from this article, else in the text."""
        if edge.quote and edge.article not in (None, self.article.article_id):
            outlet = self.key.outlet_of(edge.article)
            source = self.key.name(outlet or edge.article)
            if _is_inference(edge):
                return f"{explanation} In {source}'s words: “{edge.quote}”", None
            return f"{explanation} {source} reports it: “{edge.quote}”", None
        return explanation, edge.quote

    def _edge_sentence(self, edge: Edge) -> str:
        later, earlier = self.key.name(edge.target), self.key.name(edge.source)
        if edge.kind == "uncredited-copy":
            return f"{later} took the story from {earlier} without naming it."
        if edge.kind == "translation":
            return f"{later} is a translation of {earlier}" + (
                "." if edge.credited else ", and does not say so."
            )
        return f"{later} names {earlier} as a source."

    def _keep_going(self, step: str) -> str:
        """A hint toward the origin from ``step``: the sources it got the story from that lead "
        "there."""
        origin = self.key.step(self.key.origin)
        sources = self.key.step_sources(step)
        distance = {
            s: 0 if s == origin else self.key.distances_back(s).get(origin) for s in sources
        }
        reachable = {s: d for s, d in distance.items() if d is not None}
        if not reachable:
            return f"Start again from {self._this()}: where did it get the story?"
        nearest = min(reachable.values())
        toward = [s for s, d in reachable.items() if d == nearest]
        edges = [e for s in toward for e in sources[s]]
        sure = [e for e in edges if not _is_inference(e)]
        names = _and(self.key.name(s) for s in toward)
        if not sure:
            return (
                f"Keep going: {self.key.name(step)} probably got the story from {names} "
                "(our inference)."
            )
        return (
            f"Keep going: {self.key.name(step)} got the story from {names}"
            f"{self._quote_from(sure[0])}."
        )

    def _surely_back(self, later: str, earlier: str) -> bool:
        """Whether the story reached ``later`` from ``earlier`` along links that are known,
        not our inference (so feedback can say "got" rather than "probably got")."""
        seen = {later}
        queue = deque([later])
        while queue:
            current = queue.popleft()
            for source, edges in self.key.step_sources(current).items():
                if source in seen or all(_is_inference(e) for e in edges):
                    continue
                if source == earlier:
                    return True
                seen.add(source)
                queue.append(source)
        return False

    def _quote_from(self, edge: Edge) -> str:
        """`` (“quote”)``, naming the article it comes from when that is not this one."""
        if not edge.quote:
            return ""
        if edge.article and edge.article != self.article.article_id:
            outlet = self.key.outlet_of(edge.article)
            return f" (as {self.key.name(outlet or edge.article)} reports: “{edge.quote}”)"
        return f" (“{edge.quote}”)"

    def _origin(self, trace: ChainTrace) -> None:
        points = self.key.points.origin
        origin_name = self.key.name(self.key.origin)
        label = "Where the claim began"
        also = self.key.also_origin.get(trace.end)
        if trace.reached_origin and also is not None:
            self.items.append(
                FeedbackItem(
                    "right",
                    f"{label}: {self.key.name(trace.end)}",
                    also.explanation,
                    points=points,
                    max_points=points,
                )
            )
            return
        if trace.reached_origin:
            self.items.append(
                FeedbackItem(
                    "right",
                    f"{label}: {origin_name}",
                    self.key.origin_note,
                    points=points,
                    max_points=points,
                )
            )
            return
        end_name = self.key.name(trace.end)
        partly = next(
            (p for p in self.key.origin_partly.values() if self.key.step(p.source) == trace.end),
            None,
        )
        if partly is not None:
            self.items.append(
                FeedbackItem(
                    "partly",
                    f"{label}: {end_name}",
                    partly.explanation,
                    points=points * partly.fraction,
                    max_points=points,
                )
            )
        else:
            explanation = (
                f"Your chain ends at {end_name}, but the claim began with {origin_name}. "
                f"{self.key.origin_note}"
            )
            if trace.end == trace.start:
                explanation = (
                    f"Your chain does not leave the article. The claim began with {origin_name}. "
                    f"{self.key.origin_note}"
                )
            self.items.append(
                FeedbackItem("wrong", f"{label}: {end_name}", explanation, max_points=points)
            )
        self._miss(
            "origin",
            "where the claim began: trace the chain back until a source names no source of its "
            "own.",
        )

    # -- level and summary ----------------------------------------------------------------

    def _miss(self, part: str, piece: str) -> None:
        self.missing.append((_PRIORITY[part], piece))

    def _level(
        self, named_fraction: float, immediate_right: bool, credited_right: bool, trace: ChainTrace
    ) -> int:
        """Digipo 0-4: 4 when every crucial piece is found; 3 with evidence but a piece missing,
        and at least a quarter of the named sources found (the first question: without them
        the chain is a guess)."""
        if not self.missing and named_fraction >= 0.75:
            return 4
        if named_fraction >= 0.25 and (
            trace.reached_origin or (immediate_right and credited_right)
        ):
            return 3
        if (
            named_fraction >= 0.5
            or immediate_right
            or any(link.verdict == "direct" for link in trace.links)
        ):
            return 2
        return 1

    def _summary(self, found: int, total: int, immediate_right: bool, trace: ChainTrace) -> str:
        parts = [f"You found {found} of the {total} sources this article names."]
        parts.append(
            "You found where it got the story."
            if immediate_right
            else "Where it got the story is not right yet."
        )
        if (
            trace.reached_origin
            and trace.end in self.key.also_origin
            and all(link.verdict == "direct" for link in trace.links)
        ):
            parts.append(
                f"Your chain reaches {self.key.name(trace.end)}, where the known trail ends."
            )
        elif trace.reached_origin and all(link.verdict == "direct" for link in trace.links):
            parts.append(f"Your chain reaches {self.key.name(trace.end)}, where the claim began.")
        elif trace.reached_origin:
            parts.append(
                f"Your chain reaches {self.key.name(trace.end)}, but skips or mixes up steps."
            )
        else:
            parts.append(f"Your chain stops at {self.key.name(trace.end)}.")
        return " ".join(parts)

    def _same_step(self, a: str, b: str) -> bool:
        """Same source, or the same chain step when neither is a vague source."""
        return a == b or (
            self.key.sources[a].kind != "unnamed"
            and self.key.sources[b].kind != "unnamed"
            and self.key.step(a) == self.key.step(b)
        )

    def _at_origin(self) -> bool:
        """Whether this article is where the claim began (the key's origin is its outlet)."""
        return self.key.step(self.article.outlet) == self.key.step(self.key.origin)

    def _this(self) -> str:
        return "this article"


def _is_inference(edge: Edge) -> bool:
    """Whether a link is our inference rather than something a text or the case notes state:
    a low confidence, or an uncredited copy known only from our research and not certain.
    Feedback says such a link "probably" happened and never that a source was named."""
    return edge.inferred


def _and(names: Iterable[str]) -> str:
    """``"A, B and C"``."""
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
