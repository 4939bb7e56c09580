"""``capstone/brief``: the checker of a 100-150 word corrected news brief, ``{"text": str}``.

The checker looks only at what a machine can fairly judge: the length, attribution and hedges
(with the hedge detector), whether it names where the claim began and who checked or denied
it (names from the case's ``key/sources.toml``). Boosters are pointed out, not scored.
Everything else is the teacher's, with the rubric in ``lessons/data/capstone.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lessons.capstone.rules import BriefRules, Capstone, default_capstone
from lessons.capstone.targets import BRIEF_TARGET, SKILL
from lessons.capstone.wording import _list, _num, _quoted
from lessons.casestudy import Case
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer
from lessons.sources import SourcesKey
from lessons.text import normalize_name, word_count

if TYPE_CHECKING:
    from lessons.hedges.detector import Hit

__all__ = ["MAX_CHARACTERS", "check_brief", "names_in"]

#: A brief longer than this is not a brief: the checker asks for one instead of judging it.
MAX_CHARACTERS = 20_000


def names_in(case: Case, text: str) -> dict[str, str]:
    """The outlets of the story a text names: ``{outlet id: the name or alias that matched}``.

    Uses the names and aliases of ``key/sources.toml`` (whole words, any case, punctuation
    and a leading "the" ignored); empty when the case has no sources key.
    """
    key = case.key("sources")
    if key is None:
        return {}
    words = f" {normalize_name(text)} "
    found: dict[str, str] = {}
    for source in key.outlets:
        for name in (source.name, *source.aliases):
            wanted = normalize_name(name)
            if wanted and f" {wanted} " in words:
                found[source.id] = name
                break
    return found


@dataclass(frozen=True)
class _Found:
    attributions: tuple[str, ...]
    hedges: tuple[str, ...]
    boosters: tuple[str, ...]
    vague: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Brief:
    """A brief as the checker reads it: its text, its length, the detector's hits and the
    story's outlets it names."""

    text: str
    words: int
    found: _Found
    named: dict[str, str]


#: One judged part of a brief, and what the next step would say when the part falls short.
_Part = tuple[FeedbackItem, str | None]


#: A word that names someone in the middle of a sentence: a capital after the first word.
_NAME = re.compile(r"(?<=[\w,;:)”\"’'] )[A-Z][\w’'-]+")


def _detect(case: Case, text: str, rules: BriefRules) -> _Found:
    """The hedges and attributions of a brief, judged as lesson 03 teaches them.

    A hedge is a word that marks a claim as unconfirmed ("reportedly", "could"); scare
    quotes count as the lesson teaches them, around someone's own word (a real word, in a
    sentence that names whose it is), so ``alert('x')`` is no hedge. An attribution says
    whose words these are, so it counts only in a sentence that names someone (an outlet of
    the case, or a name written with a capital). A word counts once in each sentence, so a
    sentence pasted again and again adds nothing.
    """
    from lessons.hedges.detector import SCARE_QUOTES, find_hedges

    hits = find_hedges(text)
    seen: set[tuple[str, str, str]] = set()

    def once(kind: str, hit: Hit) -> bool:
        key = (kind, " ".join(hit.sentence.lower().split()), hit.text.lower())
        if key in seen:
            return False
        seen.add(key)
        return True

    attributions = tuple(
        h.text
        for h in hits
        if h.category in rules.attribution_categories
        and _names_someone(case, h.sentence)
        and once("attribution", h)
    )
    hedges = tuple(
        h.text
        for h in hits
        if h.category in rules.hedge_categories
        and (h.phrase != SCARE_QUOTES or _someones_word(case, h))
        and once("hedge", h)
    )
    return _Found(
        attributions=attributions,
        hedges=hedges,
        boosters=tuple(h.text for h in hits if h.category == "booster"),
        vague=tuple(h.text for h in hits if h.category == "vague-sourcing"),
    )


def _someones_word(case: Case, hit: Hit) -> bool:
    """Whether scare quotes wrap a real word (three letters or more) in a sentence that names
    whose word it is."""
    has_word = any(sum(c.isalpha() for c in word) >= 3 for word in hit.text.split())
    return has_word and _names_someone(case, hit.sentence)


def _names_someone(case: Case, sentence: str) -> bool:
    """Whether a sentence names a source: an outlet of the case's story, or a name."""
    return bool(names_in(case, sentence)) or _NAME.search(sentence) is not None


def _read_brief(answer: object) -> str:
    """The brief's text; raises :class:`MalformedAnswer` saying what to fix."""
    if not isinstance(answer, Mapping):
        raise MalformedAnswer("This answer is empty or damaged: write your brief in the box again.")
    unknown = [name for name in answer if name != "text"]
    if unknown:
        raise MalformedAnswer(
            f"This answer has a part the checker does not know ({unknown[0]!r}); "
            'a brief is {"text": "..."}.'
        )
    text = answer.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise MalformedAnswer("Write your brief in the box first, then press Check.")
    if not isinstance(text, str):
        raise MalformedAnswer("Your brief must be text: write it in the box.")
    if len(text) > MAX_CHARACTERS:
        raise MalformedAnswer(
            "That is far longer than a news brief: paste only your brief (100 to 150 words)."
        )
    return text


def check_brief(case: Case, answer: object, capstone: Capstone | None = None) -> Feedback:
    """Check a corrected news brief: length, attribution, hedges, where the claim began,
    who checked or denied it; boosters are pointed out. The rest is the teacher's."""
    capstone = capstone or default_capstone()
    rules = capstone.brief
    task = f"{SKILL}/{BRIEF_TARGET}"
    try:
        text = _read_brief(answer)
    except MalformedAnswer as error:
        return Feedback.invalid(task, error.message, max_score=capstone.max_score)
    brief = _Brief(text, word_count(text), _detect(case, text, rules), names_in(case, text))
    parts = _judge(brief, case.key("sources"), capstone)
    items = [item for item, _ in parts]
    missing = [step for _, step in parts if step is not None]
    if brief.words < rules.too_short_words:
        # The length item stays as it is; the rest count half: the brief cannot do its job.
        items[1:] = _halved(items[1:], rules.too_short_words)
    if brief.found.boosters:
        items.append(
            FeedbackItem(
                "note",
                "Words that sound sure: " + _quoted(brief.found.boosters),
                "A booster makes a claim sound surer. Keep it only for what is really established.",
            )
        )
    score = sum(item.points for item in items)
    return Feedback.from_items(
        task,
        items,
        summary=(
            f"The checker looked at length, attribution, hedges and the sources you name "
            f"({_num(score)} of {_num(capstone.max_score)}). Your teacher grades the rest "
            "with the rubric: are your facts right, at the confidence the lessons gave them?"
        ),
        next_step=f"The crucial piece still missing: {missing[0]}"
        if missing
        else (
            "Read your brief against the rubric once more: is every fact right, and every "
            "uncertain thing marked as uncertain?"
        ),
        level=_level(items, brief.words, rules),
        details={
            "words": brief.words,
            "attributions": list(brief.found.attributions),
            "hedges": list(brief.found.hedges),
            "boosters": list(brief.found.boosters),
            "named": sorted(brief.named),
        },
    )


def _judge(brief: _Brief, key: SourcesKey | None, capstone: Capstone) -> list[_Part]:
    """The brief's scored parts, in the order the feedback lists them; the two about the
    story's sources only when the case has a sources key."""
    rules, points = capstone.brief, capstone.points
    parts = [
        _length(brief, rules, points["length"]),
        _attribution(brief, rules, points["attribution"]),
    ]
    if key is not None:
        parts.append(_origin(brief, key, points["origin"]))
    parts.append(_hedges(brief, rules, points["hedges"]))
    if key is not None:
        parts.append(_correction(brief, key, points["correction"]))
    return parts


def _length(brief: _Brief, rules: BriefRules, worth: float) -> _Part:
    words = brief.words
    if rules.min_words <= words <= rules.max_words:
        return FeedbackItem(
            "right", f"Length: {words} words", "Inside the limits.", points=worth, max_points=worth
        ), None
    near = rules.min_words * 0.9 <= words <= rules.max_words * 1.1
    what = "Add" if words < rules.min_words else "Cut"
    how = (
        f"{what} {rules.min_words - words if words < rules.min_words else words - rules.max_words}"
        f" words: a brief has {rules.min_words} to {rules.max_words}."
    )
    item = FeedbackItem(
        "partly" if near else "wrong",
        f"Length: {words} words",
        how,
        points=worth / 2 if near else 0.0,
        max_points=worth,
    )
    return item, how[0].lower() + how[1:]


def _attribution(brief: _Brief, rules: BriefRules, worth: float) -> _Part:
    """Who claims what: enough attributions, and vague sourcing ("experts say") not counted."""
    found = brief.found
    vague = (
        f" {_quoted(found.vague)} does not say who, so it does not count." if found.vague else ""
    )
    item = _counted(
        found.attributions,
        rules.min_attributions,
        "Says who claims what",
        "Attribution found",
        "Say who made each claim (“according to…”, “…said”, “…reported”)"
        f" at least {rules.min_attributions} times.",
        worth,
        vague,
    )
    step = "say who made each claim: an attribution such as “according to” or “said”."
    return item, None if item.verdict == "right" else step


def _origin(brief: _Brief, key: SourcesKey, worth: float) -> _Part:
    """Where the claim began: the origin named, or half for naming only who passed it on."""
    origin = key.origin
    if origin in brief.named:
        return FeedbackItem(
            "right",
            f"Names where the claim began: {key.name(origin)}",
            points=worth,
            max_points=worth,
        ), None
    # a source that named none of its own (the key's also_origin) did not surely pass the
    # claim on: the link back from it is an inference, so the feedback does not say it did
    ends = [key.name(s) for s in brief.named if s in key.also_origin]
    others = [
        key.name(s)
        for s in brief.named
        if key.source(s).role == "relay" and s not in key.also_origin
    ]
    parts = []
    if ends:
        parts.append(
            f"You name {_list(ends)}, who named no source of their own: as far as those words "
            "go, the trail ends there."
        )
    if others:
        parts.append(f"You name {_list(others)}, which passed the claim on.")
    if parts:
        parts.append("Trace it back: where did it begin, and what was that source based on?")
    explanation = (
        " ".join(parts) or "Name the source where the claim began, and what it was based on."
    )
    others += ends
    item = FeedbackItem(
        "partly" if others else "missed",
        "Names where the claim began",
        explanation,
        points=worth / 2 if others else 0.0,
        max_points=worth,
    )
    return item, "name where the claim began (the lessons traced it there)."


def _hedges(brief: _Brief, rules: BriefRules, worth: float) -> _Part:
    """What is unconfirmed is marked: enough hedges."""
    item = _counted(
        brief.found.hedges,
        rules.min_hedges,
        "Marks what is unconfirmed",
        "Hedges found",
        f"Use at least {rules.min_hedges} hedges (“reportedly”, “could”,"
        " “unconfirmed”, “appears”) for what nobody has confirmed.",
        worth,
    )
    step = "mark what is unconfirmed with hedges such as “reportedly” or “unconfirmed”."
    return item, None if item.verdict == "right" else step


def _counted(
    words: Sequence[str],
    minimum: int,
    label: str,
    found_as: str,
    ask: str,
    worth: float,
    note: str = "",
) -> FeedbackItem:
    """A part judged by how many words of a kind the brief has: full marks with ``minimum``,
    half with some (quoting them, then ``note``), none without."""
    if len(words) >= minimum:
        return FeedbackItem(
            "right", label, f"{found_as}: {_quoted(words)}.", points=worth, max_points=worth
        )
    have = f" You have {_quoted(words)}." if words else ""
    return FeedbackItem(
        "partly" if words else "wrong",
        label,
        f"{ask}{have}{note}",
        points=worth / 2 if words else 0.0,
        max_points=worth,
    )


def _correction(brief: _Brief, key: SourcesKey, worth: float) -> _Part:
    """What checking found: who checked or denied the claim, by name (half for a nameless
    "denied" or "fact-check")."""
    checkers = [s for s in brief.named if key.source(s).role in ("doubt", "denial")]
    if checkers:
        return FeedbackItem(
            "right",
            "Reports who checked or denied it",
            "You name " + _list([key.name(s) for s in checkers]) + ".",
            points=worth,
            max_points=worth,
        ), None
    hint = bool(re.search(r"fact.?check|denied|denial|\bfake\b", brief.text, re.IGNORECASE))
    item = FeedbackItem(
        "partly" if hint else "missed",
        "Reports who checked or denied it",
        "Say who checked or denied the claim, by name, and what they found.",
        points=worth / 2 if hint else 0.0,
        max_points=worth,
    )
    return item, "say who checked or denied the claim, by name, and what they found."


def _halved(items: Sequence[FeedbackItem], too_short_words: int) -> list[FeedbackItem]:
    """Items that earned points, at half, saying why: a brief too short to do its job."""
    return [
        replace(
            item,
            verdict="partly",
            points=item.points / 2,
            explanation=f"{item.explanation} (Half points: a brief under "
            f"{too_short_words} words is too short to do its job.)".strip(),
        )
        if item.points
        else item
        for item in items
    ]


def _level(items: Sequence[FeedbackItem], words: int, rules: BriefRules) -> int:
    """How far the brief has got on the 1-4 scale: 1 when far too short, 4 when every
    scored part is right, 3 when at most two are not."""
    right = sum(1 for item in items if item.verdict == "right")
    scored = sum(1 for item in items if item.max_points)
    if words < rules.too_short_words:
        return 1
    if right == scored:
        return 4
    if right >= scored - 2:
        return 3
    return 2
