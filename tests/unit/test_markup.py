"""The markup of templates and case text: cells, flags and directives, and a plain error
naming the line for what cannot be read."""

from __future__ import annotations

import pytest

from lessons.unit.markup import (
    CellBreak,
    Code,
    Each,
    If,
    Include,
    MarkupError,
    Practice,
    Text,
    parse_body,
    parse_template,
)


def test_a_body_splits_into_markdown_breaks_and_code() -> None:
    nodes = parse_body(
        "# Title\n\ntext\n+++ practice-only\nmore\n```python hidden check\nx = 1\n```\nafter"
    )
    assert [type(node) for node in nodes] == [Text, CellBreak, Text, Code, Text]
    assert nodes[1] == CellBreak(("practice-only",), 4)
    code = nodes[3]
    assert isinstance(code, Code) and code.source == "x = 1" and code.flags == ("hidden", "check")


def test_a_cell_may_be_tagged_lab_only() -> None:
    """``+++ lab-only``: text about running cells, which app mode (Voila) leaves out."""
    nodes = parse_body("+++ lab-only\nPress Shift + Enter.")
    assert nodes[0] == CellBreak(("lab-only",), 1)


def test_a_template_nests_its_directives() -> None:
    nodes = parse_template(
        "<!-- case intro -->\nhi\n<!-- end -->\n<!-- each article -->\n<!-- if ready -->\n"
        "a\n<!-- else -->\nb\n<!-- end -->\n<!-- end -->\n<!-- practice -->\nc\n<!-- end -->"
    )
    include, each, practice = nodes
    assert isinstance(include, Include) and include.name == "intro"
    assert isinstance(each, Each) and each.kind == "article"
    (condition,) = each.body
    assert isinstance(condition, If) and condition.condition == "ready"
    assert [n.lines for n in condition.body if isinstance(n, Text)] == [("a",)]
    assert [n.lines for n in condition.orelse if isinstance(n, Text)] == [("b",)]
    assert isinstance(practice, Practice)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a\n```python\nx", 2, "never closes"),
        ("```python shiny\nx\n```", 1, "unknown code flag 'shiny'"),
        ("```js\nx\n```", 1, "code cells are ```python blocks"),
        ("+++ loud", 1, "unknown cell tag 'loud'"),
        ("a\n<!-- each article -->", 2, "a directive line in case text"),
    ],
)
def test_case_text_errors_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MarkupError) as error:
        parse_body(text)
    assert error.value.line == line
    assert words in error.value.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<!-- each article -->\nx", "is never ended"),
        ("<!-- end -->", "nothing to end"),
        ("<!-- else -->", "outside an <!-- if -->"),
        ("<!-- loop -->", "unknown directive 'loop'"),
        ("<!-- case -->\n<!-- end -->", "needs a name"),
    ],
)
def test_template_errors_are_plain(text: str, words: str) -> None:
    with pytest.raises(MarkupError, match=words):
        parse_template(text)
