"""The result of checking any answer: a score, per-item verdicts and explanations that teach.

A :class:`Feedback` renders as HTML in a notebook and as plain text elsewhere (the grader,
a terminal, nbval). Bad input is not a score of zero but a :meth:`Feedback.problem`: one
plain sentence that tells the student what to do.

Feedback teaches without handing over the key. What a student reads first is the next
step, then at most :data:`SHOWN_ITEMS` verdicts; the rest wait behind "Show N more". An
item that would give the expert's answer away (a missed quote, the expert's level) carries
a ``hint`` (where to look, what kind of thing): the student reads the hint, and the expert's
answer waits behind "Show the expert's answer", to open once they have tried. That is a
rendering choice, so checkers stay pure: ``to_html(full=True)`` and ``to_text(full=True)``
show everything, open (docs/design-notes.md, "Feedback that teaches").
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Literal

__all__ = [
    "DIGIPO_LEVELS",
    "DIGIPO_TERMS",
    "SHOWN_ITEMS",
    "Feedback",
    "FeedbackItem",
    "MalformedAnswer",
    "Verdict",
    "level_for",
]

Verdict = Literal["right", "partly", "wrong", "missed", "note"]


class MalformedAnswer(ValueError):
    """An answer a checker cannot read, with the one sentence that tells the student what to
    do. A checker's helpers raise it; the checker turns it into :meth:`Feedback.invalid`,
    so a malformed answer is said one way everywhere."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: How far an answer has got, in plain words: the Digipo 0-4 scale (Caulfield).
DIGIPO_LEVELS: dict[int, str] = {
    0: "no points yet",
    1: "first look",
    2: "asking questions",
    3: "checking for yourself",
    4: "checking like a fact-checker",
}
#: The Digipo scale's own names, one hover away from the plain words.
DIGIPO_TERMS: dict[int, str] = {
    0: "Digipo level 0: nothing to judge yet",
    1: "Digipo level 1, reactive: you respond to the text as it is",
    2: "Digipo level 2, inquisitive: you ask the right questions, but do not answer them yet",
    3: "Digipo level 3, investigative: you look for evidence, with a gap left",
    4: "Digipo level 4, competent: you find the crucial pieces and weigh them",
}

#: Verdicts a student reads before "Show N more".
SHOWN_ITEMS = 3


def level_for(level: int, score: float, max_score: float) -> int:
    """A checker's level kept in step with its score: a zero score is level 0, and a level
    is at most one step above the share of points earned (under a quarter: level 1; under
    half: 2; under three quarters: 3), so "0 out of 30 · level 2" cannot be shown."""
    if max_score <= 0:
        return level
    if score <= 0:
        return 0
    fraction = score / max_score
    cap = 1 if fraction < 0.25 else 2 if fraction < 0.5 else 3 if fraction < 0.75 else 4
    return max(0, min(level, cap))


_MARKS: dict[str, tuple[str, str, str]] = {
    # verdict: (symbol, word, colour) - the word and symbol carry the meaning, not the colour.
    "right": ("✓", "Right", "#1a7f37"),
    "partly": ("◐", "Partly", "#9a6700"),
    "wrong": ("✗", "Not quite", "#b42318"),
    "missed": ("○", "Missed", "#6e4ba8"),
    "note": ("ℹ", "Note", "#3b5b8c"),
}


@dataclass(frozen=True)
class FeedbackItem:
    """One judged part of an answer, with the reason and, where it helps, the quote.

    ``hint`` is for an item whose label, explanation or quote is the expert's answer (a
    missed source, the expert's level): it says where to look and what kind of thing,
    and the rest is shown only behind "Show the expert's answer". ``term`` is the technical
    name behind a plain label, one hover away. The verdict always agrees with the points:
    full points are right (✓), some are partly (◐), none are not quite (✗) or missed (○).
    """

    verdict: Verdict
    label: str
    explanation: str = ""
    quote: str | None = None
    points: float = 0.0
    max_points: float = 0.0
    hint: str = ""
    term: str = ""

    def __post_init__(self) -> None:
        verdict = _agreeing_verdict(self.verdict, self.points, self.max_points)
        if verdict != self.verdict:
            object.__setattr__(self, "verdict", verdict)

    @property
    def reveals(self) -> bool:
        """Whether this item holds an expert's answer kept behind "Show the expert's answer"."""
        return bool(self.hint)

    def to_text(self, full: bool = True) -> str:
        """The item as one line; ``full=False`` gives the hint in place of the expert's answer."""
        symbol, word, _ = _MARKS[self.verdict]
        shown = f" ({_num(self.points)}/{_num(self.max_points)})" if self.max_points else ""
        if self.hint and not full:
            return f"{symbol} {word}{shown}: {self.hint}"
        line = f"{symbol} {word}: {self.label}{shown}"
        if self.explanation:
            line += f" — {self.explanation}"
        if self.quote:
            line += f" ({_quoted(self.quote)})"
        return line

    @cached_property
    def html(self) -> str:
        """This verdict as a list item, any expert's answer folded (kept with the item: a
        grader renders it for many students when the checker reuses the item)."""
        return self.to_html()

    def to_html(self, full: bool = False) -> str:
        """This verdict as a list item; ``full`` opens the expert's answer."""
        return _item_html(
            self.verdict,
            self.label,
            self.explanation,
            self.quote,
            self.points,
            self.max_points,
            self.hint,
            self.term,
            full,
        )


def _agreeing_verdict(verdict: Verdict, points: float, max_points: float) -> Verdict:
    """The verdict whose symbol matches the points of a scored item."""
    if max_points <= 0 or verdict == "note":
        return verdict
    if points >= max_points:
        return "right"
    if points > 0:
        return "partly"
    return verdict if verdict in ("wrong", "missed") else "wrong"


@dataclass(frozen=True)
class Feedback:
    """What a checker says about one answer to one task."""

    task: str
    score: float
    max_score: float
    items: tuple[FeedbackItem, ...] = ()
    summary: str = ""
    next_step: str | None = None
    level: int | None = None
    problem: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.level is not None:
            level = level_for(self.level, self.score, self.max_score)
            if level != self.level:
                object.__setattr__(self, "level", level)

    @classmethod
    def invalid(cls, task: str, message: str, max_score: float = 0.0) -> Feedback:
        """Feedback for an answer that cannot be checked: one sentence saying what to do."""
        return cls(task=task, score=0.0, max_score=max_score, problem=message)

    @classmethod
    def from_items(
        cls,
        task: str,
        items: Iterable[FeedbackItem],
        *,
        summary: str = "",
        next_step: str | None = None,
        level: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Feedback:
        """Feedback whose score is the sum of its items' points."""
        items = tuple(items)
        score = maximum = 0.0  # summed in order, as sum() would: every checker builds one
        for item in items:
            score += item.points
            maximum += item.max_points
        return cls(
            task=task,
            score=round(score, 4),
            max_score=round(maximum, 4),
            items=items,
            summary=summary,
            next_step=next_step,
            level=level,
            details=dict(details or {}),
        )

    @property
    def is_valid(self) -> bool:
        return self.problem is None

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    def to_text(self, full: bool = False) -> str:
        """The feedback as a student reads it: the score, the next step, the summary, then
        at most :data:`SHOWN_ITEMS` verdicts with hints; ``full=True`` lists every verdict
        with the expert's answers (for a teacher, or once the student has tried)."""
        if self.problem:
            return self.problem
        lines = [f"Score: {_num(self.score)} out of {_num(self.max_score)}"]
        if self.level is not None:
            lines[0] += f" · level {self.level} of 4 ({DIGIPO_LEVELS[self.level]})"
        if self.next_step:
            lines.append(f"Next step: {self.next_step}")
        if self.summary:
            lines.append(self.summary)
        if full:
            lines.extend(item.to_text() for item in self.items)
            return "\n".join(lines)
        shown, more = self.items[:SHOWN_ITEMS], self.items[SHOWN_ITEMS:]
        lines.extend(item.to_text(full=False) for item in shown)
        hidden = len(more)
        answers = any(item.reveals for item in self.items)
        if hidden or answers:
            what = [f"{hidden} more" if hidden else "", "the expert's answers" if answers else ""]
            lines.append(
                "Show "
                + " and ".join(part for part in what if part)
                + ": print(feedback.to_text(full=True))"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Plain text in a terminal and for nbval; notebooks show the HTML."""
        printer.text(self.to_text())

    def to_html(self, full: bool = False) -> str:
        """An accessible HTML block: the score and level, the next step, the summary, at most
        :data:`SHOWN_ITEMS` verdicts, then "Show N more" (a ``<details>``, reachable by
        keyboard). An expert's answer sits behind its own "Show the expert's answer";
        ``full=True`` opens both."""
        if self.problem:
            return (
                '<div class="lessons-feedback" role="status" '
                'style="border-left:4px solid #9a6700;padding:6px 10px">'
                f"<p><strong>Check your answer:</strong> {html.escape(self.problem)}</p></div>"
            )
        parts = [_heading_html(self.score, self.max_score, self.level)]
        if self.next_step:
            parts.append(_paragraph_html(self.next_step, "Next step:"))
        if self.summary:
            parts.append(_paragraph_html(self.summary))
        shown, more = self.items[:SHOWN_ITEMS], self.items[SHOWN_ITEMS:]
        render = (lambda item: item.to_html(full=True)) if full else (lambda item: item.html)
        if shown:
            parts.append(_LIST)
            parts.extend([render(item) for item in shown])
            parts.append("</ul>")
        if more:
            parts.append(
                f'<details class="lessons-more"{" open" if full else ""}>'
                f"<summary>Show {len(more)} more</summary>{_LIST}"
            )
            parts.extend([render(item) for item in more])
            parts.append("</ul></details>")
        parts.append("</div>")
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for gradebooks and reports."""
        data = asdict(self)
        data["details"] = dict(self.details)
        return data


_LIST = '<ul style="list-style:none;padding-left:0">'


@lru_cache(maxsize=1024)
def _heading_html(score: float, max_score: float, level: int | None) -> str:
    """The opening of a feedback block with its score line (a class shares a few hundred);
    the level's Digipo name is one hover away."""
    heading = html.escape(f"Score: {_num(score)} out of {_num(max_score)}")
    if level is not None:
        heading += (
            f' · <abbr title="{html.escape(DIGIPO_TERMS[level])}">level {level} of 4 '
            f"({html.escape(DIGIPO_LEVELS[level])})</abbr>"
        )
    return (
        '<div class="lessons-feedback" role="status" '
        'style="border-left:4px solid #3b5b8c;padding:6px 10px">'
        f"<p><strong>{heading}</strong></p>"
    )


@lru_cache(maxsize=4096)
def _paragraph_html(text: str, lead: str = "") -> str:
    """A summary or next step as a paragraph (remembered: many students get the same one)."""
    opening = f"<strong>{lead}</strong> " if lead else ""
    return f"<p>{opening}{html.escape(text)}</p>"


@lru_cache(maxsize=4096)
def _item_html(
    verdict: Verdict,
    label: str,
    explanation: str,
    quote: str | None,
    points: float,
    max_points: float,
    hint: str = "",
    term: str = "",
    full: bool = False,
) -> str:
    """One verdict (a :class:`FeedbackItem`'s fields) as a list item. Remembered by value: a
    class's feedback repeats the same items (the same missed hedge, the same expert reason)
    for many students; the fields key the cache, as a tuple hashes faster than the item."""
    symbol, word, colour = _MARKS[verdict]
    shown = f" ({_num(points)}/{_num(max_points)})" if max_points else ""
    quoted = f" {html.escape(_quoted(quote))}" if quote else ""
    explained = f" — {html.escape(explanation)}" if explanation else ""
    named = html.escape(label)
    if term:
        named = f'<abbr title="{html.escape(term)}">{named}</abbr>'
    opening = (
        f'<li class="lessons-verdict-{verdict}">'
        f'<span style="color:{colour};font-weight:bold">{symbol} {word}:</span> '
    )
    if not hint:
        return f"{opening}{named}{shown}{explained}{quoted}</li>"
    return (
        f"{opening}{html.escape(hint)}{shown}"
        f'<details class="lessons-expert"{" open" if full else ""}>'
        f"<summary>Show the expert's answer</summary>{named}{explained}{quoted}</details></li>"
    )


_OPENING_QUOTES = "“‘\"'«"
_CLOSING_QUOTES = "”’\"'»"


def _quoted(text: str) -> str:
    """Put a quote in quotation marks, unless it already stands in its own."""
    text = text.strip()
    if len(text) > 1 and text[0] in _OPENING_QUOTES and text[-1] in _CLOSING_QUOTES:
        return text
    return f"“{text}”"


def _num(value: float) -> str:
    """``3``, ``2.5``; zero is ``0`` even when a sum of deductions makes it ``-0.0``."""
    if value == 0:
        return "0"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
