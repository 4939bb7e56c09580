"""The markup of lesson templates and of a case's lesson text: plain markdown that splits
into notebook cells, with the few directives a template needs to fit any case.

Both kinds of file are markdown a teacher can read on any web page:

- ``+++`` on a line of its own starts a new markdown cell; ``+++ practice-only`` gives the
  new cell that tag (left out of an assessment), ``+++ lab-only`` the tag that leaves it
  out of app mode (Voila: text about running cells, when there are none to run).
- A fenced block opened with ```` ```python ```` is a code cell. Words after ``python``
  are flags: ``hidden`` folds the code away, ``check`` lets nbval compare its output,
  ``practice-only`` leaves it out of an assessment.
- ``{{name}}`` is a value taken from the case (its claim, the number of articles, an
  article's id ...); :data:`lessons.unit.render.PLACEHOLDERS` lists them.

Templates (shipped in ``lessons/unit/templates``) also hold directives, each an HTML
comment alone on its line, so they do not show when the file is read as markdown:
``<!-- case NAME -->`` (the case's text called NAME, or what follows up to the matching
``<!-- end -->`` when the case has none), ``<!-- each article -->``, ``<!-- if COND -->``
(with an optional ``<!-- else -->``) and ``<!-- practice -->`` (every cell inside is
practice-only). A case's lesson text holds sections instead: ``<!-- NAME -->`` starts the
text called NAME (:mod:`lessons.unit.casetext`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

__all__ = [
    "ARTICLE_PLACEHOLDERS",
    "CODE_FLAGS",
    "PLACEHOLDERS",
    "CellBreak",
    "Code",
    "Each",
    "If",
    "Include",
    "MarkupError",
    "Node",
    "Practice",
    "Text",
    "parse_body",
    "parse_template",
    "placeholders",
]

#: Words a code fence may carry after ``python``, and what each means.
CODE_FLAGS: dict[str, str] = {
    "hidden": "fold the code away (students need not read it)",
    "check": "nbval compares the cell's output with the output saved in the notebook",
    "practice-only": "leave the cell out of an assessment",
}
MARKDOWN_TAGS = ("practice-only", "lab-only")
#: The values a template or a case's text may use anywhere, as ``{{name}}``.
PLACEHOLDERS: dict[str, str] = {
    "title": "the case's title",
    "claim": "the claim, as case.toml words it",
    "count": "how many articles the case has, in words (five)",
    "Count": "the same, capitalised (Five)",
    "boxes": "how many outlets the map of lesson 05 shows (from key/sources.toml)",
    "arrows": "how many arrows the map of lesson 05 shows (from key/sources.toml)",
    "task_count": "how many articles this lesson has a task for, in words",
    "last_article": "the id of the last article in this lesson's order",
    "needed_keys": "the key files this lesson's missing tasks need",
}
#: The values a per-article section (or a template's ``each article``) may also use.
ARTICLE_PLACEHOLDERS: dict[str, str] = {
    "id": "the article's id",
    "n": "its number in this lesson's order (1, 2, ...)",
    "outlet": "its outlet, as case.toml names it",
}

_DIRECTIVE = re.compile(r"^<!--\s*(.*?)\s*-->\s*$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_FENCE = re.compile(r"^```\s*(\S*)(.*)$")


class MarkupError(ValueError):
    """A line of a template or of a case's lesson text that cannot be read."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass(frozen=True)
class Text:
    """Lines of markdown (they join the current markdown cell)."""

    lines: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class CellBreak:
    """``+++``: a new markdown cell starts here, with these tags."""

    tags: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Code:
    """A code cell."""

    source: str
    flags: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Include:
    """``<!-- case NAME -->``: the case's text called NAME, else ``default``."""

    name: str
    default: tuple[Node, ...]
    line: int


@dataclass(frozen=True)
class Each:
    """``<!-- each article -->``: ``body`` once for every article, in the lesson's order."""

    kind: str
    body: tuple[Node, ...]
    line: int


@dataclass(frozen=True)
class If:
    """``<!-- if COND -->``: ``body`` when the condition holds for the case, else ``orelse``."""

    condition: str
    body: tuple[Node, ...]
    orelse: tuple[Node, ...] = field(default=())
    line: int = 0


@dataclass(frozen=True)
class Practice:
    """``<!-- practice -->``: every cell started inside is practice-only."""

    body: tuple[Node, ...]
    line: int


Node = Text | CellBreak | Code | Include | Each | If | Practice


def placeholders(text: str) -> list[str]:
    """The names of the ``{{name}}`` placeholders in ``text``, in order."""
    return _PLACEHOLDER.findall(text)


def _code_block(lines: Sequence[str], start: int, offset: int) -> tuple[Code, int]:
    """The code cell whose fence opens at ``lines[start]`` (file line ``offset + start + 1``),
    and the index after it."""
    match = _FENCE.match(lines[start])
    assert match is not None
    flags = tuple(match.group(2).split())
    unknown = [flag for flag in flags if flag not in CODE_FLAGS]
    if unknown:
        raise MarkupError(
            offset + start + 1,
            f"unknown code flag {unknown[0]!r}; a code fence may carry: {', '.join(CODE_FLAGS)}",
        )
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "```":
            source = "\n".join(lines[start + 1 : end]).strip("\n")
            return Code(source, flags, start + 1), end + 1
    raise MarkupError(offset + start + 1, "a code block that never closes: end it with a line ```")


def _cell_break(text: str, number: int) -> CellBreak:
    tags = tuple(text.split()[1:])
    unknown = [tag for tag in tags if tag not in MARKDOWN_TAGS]
    if unknown:
        raise MarkupError(
            number,
            f"unknown cell tag {unknown[0]!r}; a +++ line may carry: {', '.join(MARKDOWN_TAGS)}",
        )
    return CellBreak(tags, number)


def _body_nodes(lines: Sequence[str], offset: int) -> Iterator[Node]:
    """Markdown, cell breaks and code cells: what both templates and case text hold."""
    index = 0
    pending: list[str] = []
    pending_line = offset + 1

    def flush() -> Iterator[Node]:
        if pending:
            yield Text(tuple(pending), pending_line)
            pending.clear()

    while index < len(lines):
        line = lines[index]
        number = offset + index + 1
        fence = _FENCE.match(line)
        if fence and fence.group(1) == "python":
            yield from flush()
            code, index = _code_block(lines, index, offset)
            yield Code(code.source, code.flags, number)
            continue
        if fence and fence.group(1):
            raise MarkupError(
                number,
                f"a code block in {fence.group(1)!r}: code cells are ```python blocks",
            )
        if line.strip() == "+++" or line.startswith("+++ "):
            yield from flush()
            yield _cell_break(line.strip(), number)
        else:
            if not pending:
                pending_line = number
            pending.append(line)
        index += 1
    yield from flush()


def parse_body(text: str, first_line: int = 1) -> tuple[Node, ...]:
    """Parse a case's text (no directives): markdown, ``+++`` breaks and code cells.

    A line that looks like a directive is an error here: case text cannot loop or include.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _DIRECTIVE.match(line):
            raise MarkupError(
                first_line + index,
                "a directive line in case text; a case's lesson text holds only sections "
                "(<!-- NAME -->), markdown, +++ lines and ```python blocks",
            )
    return tuple(_body_nodes(lines, first_line - 1))


_OPENERS = ("case", "each", "if", "practice")


@dataclass
class _Frame:
    """An open directive while a template is parsed."""

    opener: str
    argument: str
    line: int
    parent: list[Node]
    body: list[Node] = field(default_factory=list)
    orelse: list[Node] | None = None

    def node(self) -> Node:
        if self.opener == "case":
            return Include(self.argument, tuple(self.body), self.line)
        if self.opener == "each":
            return Each(self.argument, tuple(self.body), self.line)
        if self.opener == "if":
            return If(self.argument, tuple(self.body), tuple(self.orelse or ()), self.line)
        return Practice(tuple(self.body), self.line)


def parse_template(text: str) -> tuple[Node, ...]:
    """Parse a lesson template into nodes; MarkupError names the first bad line."""
    lines = text.split("\n")
    stack: list[_Frame] = []
    top: list[Node] = []
    current = top
    chunk: list[str] = []
    chunk_start = 0
    for index, line in enumerate(lines):
        match = _DIRECTIVE.match(line)
        if not match:
            if not chunk:
                chunk_start = index
            chunk.append(line)
            continue
        current.extend(_body_nodes(chunk, chunk_start))
        chunk = []
        number = index + 1
        words = match.group(1).split()
        head = words[0] if words else ""
        argument = " ".join(words[1:])
        if head in _OPENERS:
            if head != "practice" and not argument:
                raise MarkupError(number, f"<!-- {head} --> needs a name after {head!r}")
            stack.append(_Frame(head, argument, number, current))
            current = stack[-1].body
        elif head == "else":
            if not stack or stack[-1].opener != "if" or stack[-1].orelse is not None:
                raise MarkupError(number, "<!-- else --> outside an <!-- if -->")
            stack[-1].orelse = []
            current = stack[-1].orelse
        elif head == "end":
            if not stack:
                raise MarkupError(number, "<!-- end --> with nothing to end")
            frame = stack.pop()
            frame.parent.append(frame.node())
            current = frame.parent
        else:
            raise MarkupError(
                number,
                f"unknown directive {head!r}; a template knows: "
                f"{', '.join((*_OPENERS, 'else', 'end'))}",
            )
    current.extend(_body_nodes(chunk, chunk_start))
    if stack:
        raise MarkupError(stack[-1].line, f"<!-- {stack[-1].opener} --> is never ended")
    return tuple(top)
