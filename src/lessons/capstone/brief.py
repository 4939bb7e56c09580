"""The capstone (lesson 06): one article end to end, and a corrected news brief.

Two tasks:

- ``capstone/article``: the article a student chose to work on end to end, ``{"article":
  "<article id>"}``. The work itself is lesson 02, 03 and 04's tasks for that article
  (``sources/<id>``, ``hedges/<id>``, ``reliability/<id>``); this checker reads them from the
  student's other answers and sums what their own checkers give (each out of 1), so the
  grade of "one article end to end" comes from the very same checkers.
- ``capstone/brief``: a 100-150 word corrected news brief about the claim, ``{"text": str}``.
  The checker looks only at what a machine can fairly judge: the length, attribution and
  hedges (with the hedge detector), whether it names where the claim began and who checked
  or denied it (names from the case's ``key/sources.toml``). Boosters are pointed out, not
  scored. Everything else is the teacher's, with the rubric in ``lessons/data/capstone.toml``.

Both checkers are pure and never raise on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from lessons import hedges, reliability, sources
from lessons.casestudy import Case, UnknownArticleError
from lessons.feedback import Feedback, FeedbackItem, Verdict
from lessons.resources import package_data_file
from lessons.text import normalize_name, word_count
from lessons.validation import DataFileError, Field, Problems, load_data_file

__all__ = [
    "ARTICLE_SKILLS",
    "ARTICLE_TASKS",
    "EXTRA_TARGETS",
    "SKILL",
    "TARGET_TITLES",
    "BriefRules",
    "Capstone",
    "RubricRow",
    "check_answer",
    "check_article",
    "check_brief",
    "default_capstone",
    "load_capstone",
    "names_in",
    "target_title",
]

SKILL = "capstone"
_QUOTES = "\"'“”‘’"
ARTICLE_TARGET = "article"
BRIEF_TARGET = "brief"
#: The capstone's task targets (read by :mod:`lessons.teacher.exercises`); none is an article id.
EXTRA_TARGETS = (ARTICLE_TARGET, BRIEF_TARGET)
ARTICLE_TASKS = False
#: A reader's name for each target, for gradebooks and reports.
TARGET_TITLES = {
    ARTICLE_TARGET: "One article, end to end",
    BRIEF_TARGET: "The corrected news brief",
}
#: The lessons whose tasks make up "one article end to end", in teaching order.
ARTICLE_SKILLS: tuple[str, ...] = ("sources", "hedges", "reliability")
CAPSTONE_FORMAT = 1
#: A brief longer than this is not a brief: the checker asks for one instead of judging it.
MAX_CHARACTERS = 20_000
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


# --------------------------------------------------------------------------------------
# The capstone's data: rules for the brief, points, rubric
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefRules:
    """What the checker asks of a brief."""

    min_words: int
    max_words: int
    too_short_words: int
    attribution_categories: tuple[str, ...]
    hedge_categories: tuple[str, ...]
    min_attributions: int
    min_hedges: int


@dataclass(frozen=True)
class RubricRow:
    """One thing the teacher judges in a brief; ``checked``: the checker looks at it too."""

    id: str
    label: str
    strong: str
    weak: str
    checked: bool = False


@dataclass(frozen=True)
class Capstone:
    """The parsed ``capstone.toml``."""

    brief: BriefRules
    points: Mapping[str, float]
    rubric: tuple[RubricRow, ...]

    @property
    def max_score(self) -> float:
        return float(sum(self.points.values()))


POINT_PARTS = ("length", "attribution", "origin", "hedges", "correction")
_TOP_FIELDS = {
    "format": Field(int, choices=(CAPSTONE_FORMAT,)),
    "brief": Field(dict),
    "points": Field(dict),
    "rubric": Field(list),
}
_BRIEF_FIELDS = {
    "min_words": Field(int),
    "max_words": Field(int),
    "too_short_words": Field(int),
    "attribution_categories": Field(list),
    "hedge_categories": Field(list),
    "min_attributions": Field(int),
    "min_hedges": Field(int),
}
_POINT_FIELDS = {part: Field((int, float)) for part in POINT_PARTS}
_RUBRIC_FIELDS = {
    "id": Field(str),
    "label": Field(str),
    "strong": Field(str),
    "weak": Field(str),
    "checked": Field(bool, required=False),
}


def default_capstone_path() -> Path:
    return package_data_file("capstone.toml")


@lru_cache(maxsize=1)
def default_capstone() -> Capstone:
    """The capstone rules the package ships, loaded and validated once."""
    return load_capstone(default_capstone_path())


def load_capstone(path: str | Path) -> Capstone:
    """Load and validate a capstone file; raises :class:`DataFileError` listing every problem."""
    capstone = load_data_file(path, _parse)
    assert capstone is not None  # _parse returns None only with problems, which raise
    return capstone


def _parse(data: Mapping[str, Any], file: str, problems: Problems) -> Capstone | None:
    from lessons.hedges.detector import default_categories

    top = problems.check_table(file, "", data, _TOP_FIELDS)
    brief = problems.check_table(file, "brief", top.get("brief", {}), _BRIEF_FIELDS)
    known = tuple(category.id for category in default_categories())
    for name in ("attribution_categories", "hedge_categories"):
        for index, category in enumerate(brief.get(name, [])):
            if category not in known:
                problems.add(
                    file,
                    f"brief.{name}[{index}]",
                    f"{category!r} is not a category of the hedge lexicon; use one of: "
                    + ", ".join(known),
                )
    for name in ("min_words", "max_words", "too_short_words", "min_attributions", "min_hedges"):
        if name in brief and brief[name] < 0:
            problems.add(file, f"brief.{name}", f"must be 0 or more, not {brief[name]}")
    if brief.get("min_words", 0) > brief.get("max_words", 10**9):
        problems.add(file, "brief.max_words", "must be at least min_words")
    if brief.get("too_short_words", 0) > brief.get("min_words", 10**9):
        problems.add(file, "brief.too_short_words", "must be at most min_words")
    points = problems.check_table(file, "points", top.get("points", {}), _POINT_FIELDS)
    for name, value in points.items():
        if value < 0:
            problems.add(file, f"points.{name}", f"must be 0 or more, not {value}")
    rows: list[RubricRow] = []
    for index, item in enumerate(top.get("rubric", [])):
        row = problems.check_table(file, f"rubric[{index}]", item, _RUBRIC_FIELDS)
        if all(name in row for name in ("id", "label", "strong", "weak")):
            rows.append(RubricRow(row["id"], row["label"], row["strong"], row["weak"],
                                  bool(row.get("checked", False))))  # fmt: skip
    if "rubric" in top and not rows:
        problems.add(file, "rubric", "needs at least one row for the teacher to grade with")
    if problems:
        return None
    return Capstone(
        brief=BriefRules(
            min_words=brief["min_words"],
            max_words=brief["max_words"],
            too_short_words=brief["too_short_words"],
            attribution_categories=tuple(brief["attribution_categories"]),
            hedge_categories=tuple(brief["hedge_categories"]),
            min_attributions=brief["min_attributions"],
            min_hedges=brief["min_hedges"],
        ),
        points={part: float(points[part]) for part in POINT_PARTS},
        rubric=tuple(rows),
    )


# --------------------------------------------------------------------------------------
# Names of the story's outlets in a text
# --------------------------------------------------------------------------------------


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


def target_title(target: str) -> str:
    """A reader's name for a capstone task target, or the target itself."""
    return TARGET_TITLES.get(target, target)


# --------------------------------------------------------------------------------------
# The checkers
# --------------------------------------------------------------------------------------


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check ``capstone/article`` or ``capstone/brief``; anything else gets a plain sentence."""
    if target == BRIEF_TARGET:
        return check_brief(case, answer)
    if target == ARTICLE_TARGET:
        return check_article(case, answer, answers)
    return Feedback.invalid(
        f"{SKILL}/{target}",
        f"There is no capstone task called {target!r}; the tasks are: "
        + ", ".join(f"{SKILL}/{t}" for t in EXTRA_TARGETS)
        + ".",
    )


def check_article(
    case: Case, answer: object, answers: Mapping[str, Mapping[str, Any]] | None = None
) -> Feedback:
    """ "One article end to end": the chosen article's three tasks, judged by their own
    checkers from ``answers`` (each counts for up to 1 point)."""
    task = f"{SKILL}/{ARTICLE_TARGET}"
    if not isinstance(answer, Mapping) or set(answer) - {"article"}:
        return Feedback.invalid(task, "This answer is damaged: pick your article again.", 3.0)
    article_id = answer.get("article")
    if not isinstance(article_id, str) or not article_id.strip():
        return Feedback.invalid(task, "Pick the article you will work on first.", 3.0)
    try:
        article = case.article(article_id.strip())
    except UnknownArticleError as error:
        return Feedback.invalid(task, str(error), 3.0)
    items: list[FeedbackItem] = []
    not_done: list[str] = []
    for skill in ARTICLE_SKILLS:
        task_id = f"{skill}/{article.id}"
        saved = (answers or {}).get(task_id)
        label = f"{_SKILL_WORDS[skill]}: {article.outlet}"
        if not isinstance(saved, Mapping):
            items.append(FeedbackItem("missed", label, "Not answered yet.", max_points=1.0))
            not_done.append(_SKILL_WORDS[skill].lower())
            continue
        result = _ARTICLE_CHECKERS[skill](case, article.id, saved, answers=answers)
        if result.problem is not None:
            items.append(FeedbackItem("missed", label, result.problem, max_points=1.0))
            not_done.append(_SKILL_WORDS[skill].lower())
            continue
        share = round(result.fraction, 4)
        verdict: Verdict = "right" if share >= 0.8 else "partly" if share > 0 else "wrong"
        level = f", level {result.level} of 4" if result.level is not None else ""
        items.append(
            FeedbackItem(
                verdict,
                label,
                f"{_num(result.score)} out of {_num(result.max_score)}{level}."
                + (f" {result.next_step}" if result.next_step and share < 1 else ""),
                points=share,
                max_points=1.0,
            )
        )
    if not_done:
        next_step = f"Still to do for {article.outlet}: {', '.join(not_done)}."
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


@dataclass(frozen=True)
class _Found:
    attributions: tuple[str, ...]
    hedges: tuple[str, ...]
    boosters: tuple[str, ...]
    vague: tuple[str, ...] = ()


def _detect(text: str, rules: BriefRules) -> _Found:
    from lessons.hedges.detector import find_hedges

    hits = find_hedges(text)
    return _Found(
        attributions=tuple(h.text for h in hits if h.category in rules.attribution_categories),
        hedges=tuple(h.text for h in hits if h.category in rules.hedge_categories),
        boosters=tuple(h.text for h in hits if h.category == "booster"),
        vague=tuple(h.text for h in hits if h.category == "vague-sourcing"),
    )


def _read_brief(answer: object) -> str:
    """The brief's text, or a sentence prefixed with ``!``."""
    if not isinstance(answer, Mapping):
        return "!This answer is empty or damaged: write your brief in the box again."
    unknown = [name for name in answer if name != "text"]
    if unknown:
        return f'!This answer has a part the checker does not know ({unknown[0]!r}); a brief is {{"text": "..."}}.'
    text = answer.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        return "!Write your brief in the box first, then press Check."
    if not isinstance(text, str):
        return "!Your brief must be text: write it in the box."
    if len(text) > MAX_CHARACTERS:
        return "!That is far longer than a news brief: paste only your brief (100 to 150 words)."
    return text


def check_brief(case: Case, answer: object, capstone: Capstone | None = None) -> Feedback:
    """Check a corrected news brief: length, attribution, hedges, where the claim began,
    who checked or denied it; boosters are pointed out. The rest is the teacher's."""
    capstone = capstone or default_capstone()
    rules, points = capstone.brief, capstone.points
    task = f"{SKILL}/{BRIEF_TARGET}"
    text = _read_brief(answer)
    if text.startswith("!"):
        return Feedback.invalid(task, text[1:], max_score=capstone.max_score)
    words = word_count(text)
    found = _detect(text, rules)
    named = names_in(case, text)
    key = case.key("sources")
    items: list[FeedbackItem] = []
    missing: list[str] = []

    # length
    if rules.min_words <= words <= rules.max_words:
        items.append(FeedbackItem("right", f"Length: {words} words", "Inside the limits.",
                                  points=points["length"], max_points=points["length"]))  # fmt: skip
    else:
        near = rules.min_words * 0.9 <= words <= rules.max_words * 1.1
        what = "Add" if words < rules.min_words else "Cut"
        how = (
            f"{what} {rules.min_words - words if words < rules.min_words else words - rules.max_words}"
            f" words: a brief has {rules.min_words} to {rules.max_words}."
        )
        items.append(FeedbackItem("partly" if near else "wrong", f"Length: {words} words", how,
                                  points=points["length"] / 2 if near else 0.0,
                                  max_points=points["length"]))  # fmt: skip
        missing.append(how[0].lower() + how[1:])

    # attribution: who claims what
    if len(found.attributions) >= rules.min_attributions:
        items.append(FeedbackItem("right", "Says who claims what",
                                  "Attribution found: " + _quoted(found.attributions) + ".",
                                  points=points["attribution"], max_points=points["attribution"]))  # fmt: skip
    else:
        have = f" You have {_quoted(found.attributions)}." if found.attributions else ""
        if found.vague:
            have += f" {_quoted(found.vague)} does not say who, so it does not count."
        items.append(FeedbackItem("partly" if found.attributions else "wrong",
                                  "Says who claims what",
                                  f"Say who made each claim (“according to…”, “…said”, “…reported”)"
                                  f" at least {rules.min_attributions} times.{have}",
                                  points=points["attribution"] / 2 if found.attributions else 0.0,
                                  max_points=points["attribution"]))  # fmt: skip
        missing.append("say who made each claim: an attribution such as “according to” or “said”.")

    # where the claim began
    if key is not None:
        origin = key.origin
        if origin in named:
            items.append(FeedbackItem("right", f"Names where the claim began: {key.name(origin)}",
                                      points=points["origin"], max_points=points["origin"]))  # fmt: skip
        else:
            others = [key.name(s) for s in named if key.source(s).role == "relay"]
            explanation = (
                f"You name {_list(others)}, which passed the claim on. Trace it back: where did "
                "it begin, and what was that source based on?"
                if others
                else "Name the source where the claim began, and what it was based on."
            )
            items.append(FeedbackItem("partly" if others else "missed",
                                      "Names where the claim began", explanation,
                                      points=points["origin"] / 2 if others else 0.0,
                                      max_points=points["origin"]))  # fmt: skip
            missing.append("name where the claim began (the lessons traced it there).")

    # hedges
    if len(found.hedges) >= rules.min_hedges:
        items.append(FeedbackItem("right", "Marks what is unconfirmed",
                                  "Hedges found: " + _quoted(found.hedges) + ".",
                                  points=points["hedges"], max_points=points["hedges"]))  # fmt: skip
    else:
        have = f" You have {_quoted(found.hedges)}." if found.hedges else ""
        items.append(FeedbackItem("partly" if found.hedges else "wrong", "Marks what is unconfirmed",
                                  f"Use at least {rules.min_hedges} hedges (“reportedly”, “could”,"
                                  f" “unconfirmed”, “appears”) for what nobody has confirmed.{have}",
                                  points=points["hedges"] / 2 if found.hedges else 0.0,
                                  max_points=points["hedges"]))  # fmt: skip
        missing.append(
            "mark what is unconfirmed with hedges such as “reportedly” or “unconfirmed”."
        )

    # what checking found
    if key is not None:
        checkers = [s for s in named if key.source(s).role in ("doubt", "denial")]
        if checkers:
            items.append(FeedbackItem("right", "Reports who checked or denied it",
                                      "You name " + _list([key.name(s) for s in checkers]) + ".",
                                      points=points["correction"], max_points=points["correction"]))  # fmt: skip
        else:
            hint = bool(re.search(r"fact.?check|denied|denial|\bfake\b", text, re.IGNORECASE))
            items.append(FeedbackItem("partly" if hint else "missed",
                                      "Reports who checked or denied it",
                                      "Say who checked or denied the claim, by name, and what they found.",
                                      points=points["correction"] / 2 if hint else 0.0,
                                      max_points=points["correction"]))  # fmt: skip
            missing.append("say who checked or denied the claim, by name, and what they found.")

    if words < rules.too_short_words:
        # The length item stays as it is; the rest count half: the brief cannot do its job.
        items[1:] = [
            replace(
                item,
                verdict="partly",
                points=item.points / 2,
                explanation=f"{item.explanation} (Half points: a brief under "
                f"{rules.too_short_words} words is too short to do its job.)".strip(),
            )
            if item.points
            else item
            for item in items[1:]
        ]

    if found.boosters:
        items.append(FeedbackItem("note", "Words that sound sure: " + _quoted(found.boosters),
                                  "A booster makes a claim sound surer. Keep it only for what is "
                                  "really established."))  # fmt: skip

    score = sum(item.points for item in items)
    right = sum(1 for item in items if item.verdict == "right")
    scored = sum(1 for item in items if item.max_points)
    if words < rules.too_short_words:
        level = 1
    elif right == scored:
        level = 4
    elif right >= scored - 2:
        level = 3
    else:
        level = 2
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
        level=level,
        details={
            "words": words,
            "attributions": list(found.attributions),
            "hedges": list(found.hedges),
            "boosters": list(found.boosters),
            "named": sorted(named),
        },
    )


def _list(values: Sequence[str]) -> str:
    unique = list(dict.fromkeys(values))
    return ", ".join(unique) if unique else "none"


def _quoted(values: Sequence[str]) -> str:
    return _list([f"“{value.strip(_QUOTES)}”" for value in values])


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


__all__ += ["DataFileError", "default_capstone_path"]
