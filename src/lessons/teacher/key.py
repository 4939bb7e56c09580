"""The expert key with its reasons, as Markdown for the teacher, generated from the key files.

Generated, never copied: whatever a case's ``key/*.toml`` says (the seed's or a teacher's
own) is what the teacher reads, with the common wrong answers (distractors, look-alikes,
wrong choices) and why they are wrong. Lesson 01 has no key file: its section comes from
``case.toml`` (each page's furniture lines, date and translation), and lesson 04's ends with
the expert totals in order (:func:`lessons.teacher.casecheck.reliability_totals`) and the
bands that overlap. ``lessons key`` prints it; the teacher guide points to it. Pure: no
widgets, no files.

Which skills have a section, in which order, and the lesson each heading names come from
the skill registry (:data:`lessons.skills.SKILLS`); this module writes out each key.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lessons.capstone import default_capstone
from lessons.casestudy import Article, Case
from lessons.hedges.detector import default_lexicon
from lessons.reading import accepted_date_choices, date_choice, default_guide, page_lines
from lessons.reliability import LEVEL_WORDS
from lessons.skills import SKILLS
from lessons.sources import SourcesKey
from lessons.spread import QUESTION_IDS, SpreadKey, choice_label
from lessons.teacher.casecheck import reliability_totals

__all__ = ["KEY_HEADINGS", "key_markdown"]


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|") if text else ""


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return [*lines, ""]


def _teacher_words(explanation: str) -> str:
    """A student-facing explanation for the teacher's key: without its "Right too: "."""
    for opening in ("Right too: ", "Right: "):
        if explanation.startswith(opening):
            rest = explanation.removeprefix(opening)
            return rest[:1].upper() + rest[1:]
    return explanation


def _chain_words(key: SourcesKey, chain: Sequence[str]) -> str:
    """A chain as "A ← B ← (probably) C": a link known only by our inference is marked."""
    words = [key.name(chain[0])]
    for later, earlier in itertools.pairwise(chain):
        edges = key.step_sources(key.step(later)).get(key.step(earlier), ())
        probably = "(probably) " if edges and all(e.inferred for e in edges) else ""
        words.append(f"{probably}{key.name(earlier)}")
    return " ← ".join(words)


def _heading(article: Article) -> str:
    """An article's heading in the key: the name students see, then who published it if
    that differs (it may answer a task, so the lessons show it only after the work)."""
    if article.published_by == article.outlet:
        return f"### {article.outlet}"
    return f"### {article.outlet} ({article.published_by})"


def _reading(case: Case) -> list[str]:
    """Lesson 01's answers, from ``case.toml``: furniture lines, the date, the translation."""
    guide = default_guide()
    points = guide.points
    where = {
        "page": "not the article (mark it)",
        "article": "part of the article (leave it)",
        "either": "either answer counts",
    }
    lines = [
        "No key file: these answers come from case.toml. Points per article: furniture "
        f"{points.furniture:g}, date {points.date:g}, translation {points.translation:g}; each "
        f"line of the article marked as furniture costs {points.wrong_pick:g} of one line's "
        "points. Line numbers count every line of the raw page, blank ones too, as the "
        "notebook shows them.",
        "",
    ]
    for article in case.articles:
        furniture = [line for line in page_lines(article) if line.kind is not None]
        lines += [_heading(article), ""]
        if furniture:
            lines += [f"Page furniture ({len(furniture)} lines):", ""]
            lines += _table(
                ("line", "text", "what it is", "answer"),
                (
                    (
                        line.number,
                        f"“{line.short}”",
                        kind.name if (kind := guide.kinds.get(line.kind or "")) else line.kind,
                        where[line.belongs],
                    )
                    for line in furniture
                ),
            )
        else:
            lines += ["Page furniture: none listed in case.toml.", ""]
        shown = f" (shown: {article.shown_date.isoformat()})" if article.shown_date else ""
        also = "".join(
            f" Also accepted (an uncertain date): {guide.dates[other]}."
            for other in accepted_date_choices(article)[1:]
        )
        lines.append(f"- **Date:** {guide.dates[date_choice(article)]}{shown}.{also}")
        if article.shown_date_note:
            lines.append(f"  {article.shown_date_note}")
        lines.append(
            f"- **Published:** {article.date.label()} ({article.date.confidence} confidence)."
            + (f" {article.date.note}" if article.date.note else "")
        )
        lines.append(
            f"- **Who published it** (shown after the task): {article.published_by} "
            f"({article.outlet_confidence} confidence)."
            + (f" {article.outlet_note}" if article.outlet_note else "")
        )
        original = article.translation_of
        if original is None:
            lines.append("- **Translation:** no.")
        else:
            day = f", {original.date.isoformat()}" if original.date else ""
            lines.append(
                f"- **Translation:** yes, of {original.outlet} ({original.language}{day})."
                + (f" {original.note}" if original.note else "")
            )
        lines.append("")
    return lines


def _sources(case: Case) -> list[str]:
    key = case.key("sources")
    if not isinstance(key, SourcesKey):
        return ["This case has no key for tracing sources (key/sources.toml).", ""]
    name = key.name
    lines = [
        f"**Where the claim began:** {name(key.origin)}. {key.origin_note}",
        "",
        "In the expert chains, “(probably)” marks a link known only by our inference; the "
        "feedback says “probably” for it too.",
        "",
    ]
    for accepted in key.also_origin.values():
        lines += [
            f"A chain ending at {name(accepted.source)} is also accepted as complete: "
            f"{_teacher_words(accepted.explanation)}",
            "",
        ]
    for partly in key.origin_partly.values():
        lines += [
            f"A chain ending at {name(partly.source)} earns {partly.fraction:g} of the origin "
            f"point: {partly.explanation}",
            "",
        ]
    uses = {"origin": "where the claim began", "relay": "passed it on",
            "support": "a background fact", "doubt": "doubt"}  # fmt: skip
    for article in case.articles:
        entry = key.articles.get(article.id)
        if entry is None:
            continue
        credited = "yes" if entry.credited else "no"
        also = (
            f" (also accepted: {', '.join(name(s) for s in entry.also_immediate)})"
            if entry.also_immediate
            else ""
        )
        lines += [
            _heading(article),
            "",
            f"- **Where it got the story:** {name(entry.immediate)}{also}. Says so: {credited}. "
            f"{entry.immediate_note}",
            f"- **Expert chain:** {_chain_words(key, [entry.outlet, *entry.chain])}",
        ]
        if entry.clue:
            lines.append(f"- **Clue shown to students:** {entry.clue}")
        lines += ["", "Sources it names (crucial ones in bold):", ""]
        lines += _table(
            ("source", "used for", "where", "what it gets wrong"),
            (
                (
                    f"**{name(n.source)}**" if n.crucial else name(n.source),
                    uses.get(n.use, n.use),
                    f"“{n.quote}”",
                    " ".join(x for x in (n.garbled or "", n.note) if x),
                )
                for n in entry.named
            ),
        )
        if entry.distractors:
            lines += ["Offered but not named (common wrong picks):", ""]
            lines += _table(
                ("source", "why it is not named here"),
                (
                    (name(d.source), d.note or "The article does not name it.")
                    for d in entry.distractors
                ),
            )
    return lines


def _hedges(case: Case) -> list[str]:
    key = case.key("hedges")
    if key is None:
        return ["This case has no key for finding hedges (key/hedges.toml).", ""]
    lexicon = default_lexicon()

    def label(category: str | None) -> str:
        return lexicon.category(category).label if category in lexicon.category_ids else ""

    lines: list[str] = []
    for article in case.articles:
        entry = key.article(article.id)
        if entry is None:
            continue
        lines += [_heading(article), ""]
        if entry.summary:
            lines += [entry.summary, ""]
        lines += ["The hedges, attributions and boosters to find (crucial ones in bold):", ""]
        lines += _table(
            ("words", "where", "kind", "note"),
            (
                (
                    f"**“{s.text}”**" if s.crucial else f"“{s.text}”",
                    s.part,
                    label(s.category)
                    + (f" (also: {', '.join(label(a) for a in s.also)})" if s.also else ""),
                    s.note,
                )
                for s in entry.spans
            ),
        )
        if entry.alternatives:
            lines += ["Also accepted, not required:", ""]
            lines += _table(
                ("words", "note"), ((f"“{a.text}”", a.note) for a in entry.alternatives)
            )
        if entry.lookalikes:
            lines += ["Look-alikes (common wrong marks):", ""]
            lines += _table(("words", "why it is not a hedge here"),
                            ((f"“{a.text}”", a.note) for a in entry.lookalikes))  # fmt: skip
    return lines


def _reliability(case: Case) -> list[str]:
    key = case.key("reliability")
    if key is None:
        return ["This case has no key for rating reliability (key/reliability.toml).", ""]
    rubric = key.rubric
    lines: list[str] = []
    for article in case.articles:
        entry = key.articles.get(article.id)
        if entry is None:
            continue
        low, high = entry.band
        lines += [_heading(article), "", f"- **Expert band:** {low}-{high}."]
        if entry.crucial:
            lines.append(
                f"- **The criterion the feedback points to first:** {rubric.criterion(entry.crucial).label}."
            )
        lines += [
            f"- **Track record** ({entry.track_record_confidence} confidence; context, not "
            f"scored): {entry.track_record}",
            "",
        ]
        rows = []
        for criterion in rubric.criteria:
            level = entry.criteria.get(criterion.id)
            if level is None:
                continue
            words = LEVEL_WORDS[level.level]
            if level.also:
                words += " (also accepted: " + ", ".join(LEVEL_WORDS[a] for a in level.also) + ")"
            rows.append((criterion.label, words, level.reason))
        lines += _table(("criterion", "level", "why"), rows)
    lines += _reliability_order(case)
    return lines


def _reliability_order(case: Case) -> list[str]:
    """The expert totals (from the key's levels), highest first, and where bands overlap."""
    totals = sorted(reliability_totals(case), key=lambda item: -item.total)
    if not totals:
        return []
    outlets = {article.id: article.outlet for article in case.articles}
    lines = [
        "### The expert totals and ordering",
        "",
        "Each total is the rubric's score of the key's levels above, highest first; the "
        "feedback compares a student's total with the band, not with this number.",
        "",
    ]
    lines += _table(
        ("order", "article", "expert total", "band"),
        (
            (rank, outlets.get(item.article_id, item.article_id), item.total,
             f"{item.band[0]}-{item.band[1]}" + ("" if item.inside else " (total OUTSIDE)"))
            for rank, item in enumerate(totals, start=1)
        ),
    )  # fmt: skip
    overlaps = [
        f"{outlets.get(a.article_id, a.article_id)} ({a.band[0]}-{a.band[1]}) and "
        f"{outlets.get(b.article_id, b.article_id)} ({b.band[0]}-{b.band[1]})"
        for index, a in enumerate(totals)
        for b in totals[index + 1 :]
        if a.band[0] <= b.band[1] and b.band[0] <= a.band[1]
    ]
    if overlaps:
        lines += [
            "Where bands overlap, a class may order those articles either way: the evidence "
            "counts more than the order. Overlapping: " + "; ".join(overlaps) + ".",
            "",
        ]
    return lines


def _spread(case: Case) -> list[str]:
    key = case.key("spread")
    if not isinstance(key, SpreadKey):
        return ["This case has no key for the spread quiz (key/spread.toml).", ""]
    lines: list[str] = []
    for question_id in QUESTION_IDS:
        question = key.questions.get(question_id)
        if question is None:
            continue
        how = "one answer" if question.choose == "one" else "tick every right one"
        lines += [f"### spread/{question.id}", "", f"{question.prompt} ({how})", ""]
        lines += _table(
            ("choice", "verdict", "why"),
            (
                (
                    choice_label(case, question, c),
                    c.verdict + (f" ({c.credit:g})" if c.verdict == "partly" else ""),
                    c.why,
                )
                for c in question.choices
            ),
        )
        lines += [f"Hint shown after a wrong answer: {question.hint}", ""]
    return lines


def _capstone(case: Case) -> list[str]:
    rules = default_capstone()
    brief = rules.brief
    lines = [
        f"The checker looks at the length ({brief.min_words}-{brief.max_words} words), "
        f"attribution (at least {brief.min_attributions}), hedges (at least {brief.min_hedges}), "
        "whether the brief names where the claim began and who checked or denied it; it points "
        "out boosters without scoring them. The rest is yours:",
        "",
    ]
    lines += _table(
        ("what is judged", "a strong brief", "a weak brief", "checker too?"),
        ((r.label, r.strong, r.weak, "yes" if r.checked else "no") for r in rules.rubric),
    )
    return lines


@dataclass(frozen=True)
class _Section:
    """How one skill's key is written out, and what its heading calls it when that is not
    the skill's title."""

    write: Callable[[Case], list[str]]
    subject: str | None = None


#: The key of each skill that has one to print (reading's answers come from case.toml).
_SECTIONS: Mapping[str, _Section] = {
    "reading": _Section(_reading, "Read like a fact-checker (from case.toml)"),
    "sources": _Section(_sources),
    "hedges": _Section(_hedges),
    "reliability": _Section(_reliability),
    "spread": _Section(_spread),
    "capstone": _Section(_capstone, "The corrected news brief (rubric)"),
}

#: The skills with a key, in the registry's teaching order, and their headings.
KEY_HEADINGS: Mapping[str, str] = {
    skill.id: f"Lesson {skill.notebook}: {_SECTIONS[skill.id].subject or skill.title}"
    for skill in SKILLS.values()
    if skill.id in _SECTIONS
}


def key_markdown(case: Case, skills: Sequence[str] | None = None) -> str:
    """The expert key of ``skills`` (default: all, in teaching order) with every reason."""
    chosen = list(skills or KEY_HEADINGS)
    unknown = [name for name in chosen if name not in KEY_HEADINGS]
    if unknown:
        raise ValueError(
            f"There is no skill with a key called {unknown[0]!r}; choose from: "
            f"{', '.join(KEY_HEADINGS)}."
        )
    parts: list[Any] = [
        f"# The expert key: {case.title}",
        "",
        f"The claim: {case.claim}",
        "",
    ]
    if case.claim_status:
        parts += [f"What is known: {case.claim_status}", ""]
    parts += [
        "Generated from the case study's key files by `lessons key`; every reason is the "
        "key's own; lesson 01's come from case.toml.",
        "",
    ]
    for name in chosen:
        parts += [f"## {KEY_HEADINGS[name]}", "", *_SECTIONS[name].write(case)]
    return "\n".join(parts).rstrip() + "\n"
