"""The result of checking any answer: a score, per-item verdicts and explanations that teach.

A :class:`Feedback` renders as HTML in a notebook and as plain text elsewhere (the grader,
a terminal, nbval). Bad input is not a score of zero but a :meth:`Feedback.problem`: one
plain sentence that tells the student what to do.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Literal

__all__ = ["DIGIPO_LEVELS", "Feedback", "FeedbackItem", "MalformedAnswer", "Verdict"]

Verdict = Literal["right", "partly", "wrong", "missed", "note"]


class MalformedAnswer(ValueError):
    """An answer a checker cannot read, with the one sentence that tells the student what to
    do. A checker's helpers raise it; the checker turns it into :meth:`Feedback.invalid`,
    so a malformed answer is said one way everywhere."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: The Digipo 0-4 scale (Caulfield), used to say how far an answer has got.
DIGIPO_LEVELS: dict[int, str] = {
    0: "not started",
    1: "reactive",
    2: "inquisitive",
    3: "investigative",
    4: "competent",
}

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
    """One judged part of an answer, with the reason and, where it helps, the quote."""

    verdict: Verdict
    label: str
    explanation: str = ""
    quote: str | None = None
    points: float = 0.0
    max_points: float = 0.0

    def to_text(self) -> str:
        symbol, word, _ = _MARKS[self.verdict]
        line = f"{symbol} {word}: {self.label}"
        if self.max_points:
            line += f" ({_num(self.points)}/{_num(self.max_points)})"
        if self.explanation:
            line += f" — {self.explanation}"
        if self.quote:
            line += f" ({_quoted(self.quote)})"
        return line

    @cached_property
    def html(self) -> str:
        """This verdict as a list item (kept with the item: a grader renders it for many
        students when the checker reuses the item)."""
        return _item_html(
            self.verdict, self.label, self.explanation, self.quote, self.points, self.max_points
        )


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

    def to_text(self) -> str:
        if self.problem:
            return self.problem
        lines = [f"Score: {_num(self.score)} out of {_num(self.max_score)}"]
        if self.level is not None:
            lines[0] += f" · level {self.level} of 4 ({DIGIPO_LEVELS[self.level]})"
        if self.summary:
            lines.append(self.summary)
        lines.extend(item.to_text() for item in self.items)
        if self.next_step:
            lines.append(f"Next step: {self.next_step}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Plain text in a terminal and for nbval; notebooks show the HTML."""
        printer.text(self.to_text())

    def to_html(self) -> str:
        """An accessible HTML block: a heading, a list of verdicts, the next step."""
        if self.problem:
            return (
                '<div class="lessons-feedback" role="status" '
                'style="border-left:4px solid #9a6700;padding:6px 10px">'
                f"<p><strong>Check your answer:</strong> {html.escape(self.problem)}</p></div>"
            )
        parts = [_heading_html(self.score, self.max_score, self.level)]
        if self.summary:
            parts.append(_paragraph_html(self.summary))
        if self.items:
            parts.append('<ul style="list-style:none;padding-left:0">')
            parts.extend([item.html for item in self.items])
            parts.append("</ul>")
        if self.next_step:
            parts.append(_paragraph_html(self.next_step, "Next step:"))
        parts.append("</div>")
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for gradebooks and reports."""
        data = asdict(self)
        data["details"] = dict(self.details)
        return data


@lru_cache(maxsize=1024)
def _heading_html(score: float, max_score: float, level: int | None) -> str:
    """The opening of a feedback block with its score line (a class shares a few hundred)."""
    heading = f"Score: {_num(score)} out of {_num(max_score)}"
    if level is not None:
        heading += f" · level {level} of 4 ({DIGIPO_LEVELS[level]})"
    return (
        '<div class="lessons-feedback" role="status" '
        'style="border-left:4px solid #3b5b8c;padding:6px 10px">'
        f"<p><strong>{html.escape(heading)}</strong></p>"
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
) -> str:
    """One verdict (a :class:`FeedbackItem`'s fields) as a list item. Remembered by value: a
    class's feedback repeats the same items (the same missed hedge, the same expert reason)
    for many students; the fields key the cache, as a tuple hashes faster than the item."""
    symbol, word, colour = _MARKS[verdict]
    shown = f" ({_num(points)}/{_num(max_points)})" if max_points else ""
    quoted = f" {html.escape(_quoted(quote))}" if quote else ""
    explained = f" — {html.escape(explanation)}" if explanation else ""
    return (
        f'<li class="lessons-verdict-{verdict}">'
        f'<span style="color:{colour};font-weight:bold">{symbol} {word}:</span> '
        f"{html.escape(label)}{shown}{explained}{quoted}</li>"
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
