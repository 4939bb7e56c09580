"""Feedback renders the same verdicts as HTML (notebooks, feedback pages) and as text."""

from __future__ import annotations

import pytest

from lessons.feedback import Feedback, FeedbackItem

ITEMS = (
    FeedbackItem(
        "right", "Named source", "You found REGNUM.", quote="REGNUM", points=1, max_points=1
    ),
    FeedbackItem("missed", "Pundit", "Igor <Korotchenko> said it on TV.", max_points=1),
    FeedbackItem("note", "About the outlet", "Context & not scored."),
)


def test_the_score_is_the_sum_of_the_items_and_text_lists_every_verdict() -> None:
    feedback = Feedback.from_items("sources/kyiv-post", ITEMS, summary="Two sources.", level=2)
    assert (feedback.score, feedback.max_score) == (1, 2)
    text = feedback.to_text()
    assert text.splitlines()[0] == "Score: 1 out of 2 · level 2 of 4 (asking questions)"
    assert "✓ Right: Named source (1/1) — You found REGNUM. (“REGNUM”)" in text
    assert "○ Missed: Pundit (0/1)" in text


def test_html_escapes_every_text_and_says_each_verdict_in_words() -> None:
    html = Feedback.from_items("sources/kyiv-post", ITEMS, next_step="Look <again>.").to_html()
    assert "Igor &lt;Korotchenko&gt;" in html and "Context &amp; not scored." in html
    assert "Look &lt;again&gt;." in html and "<again>" not in html
    for word in ("Right:", "Missed:", "Note:"):  # the word, not only the colour, carries it
        assert word in html
    assert html.count("<li ") == len(ITEMS)


def test_an_item_renders_once_and_equal_items_render_alike() -> None:
    item = FeedbackItem("wrong", "Chain", "REGNUM came first.", points=0, max_points=2)
    twin = FeedbackItem("wrong", "Chain", "REGNUM came first.", points=0, max_points=2)
    assert item.html is item.html  # kept with the item
    assert item.html == twin.html and item == twin
    assert "html" not in Feedback.from_items("t/x", [item]).to_dict()["items"][0]


@pytest.mark.parametrize("problem", ["Choose a level first.", "Mark <some> words."])
def test_a_problem_is_one_sentence_saying_what_to_do(problem: str) -> None:
    feedback = Feedback.invalid("hedges/kyiv-post", problem)
    assert feedback.to_text() == problem and not feedback.is_valid
    assert "Check your answer:" in feedback.to_html()
    assert "<some>" not in feedback.to_html()


def test_a_score_of_minus_zero_reads_zero() -> None:
    """Deductions can sum to -0.0; no student should read "Score: -0"."""
    items = [FeedbackItem("wrong", "Mark", "Not a hedge.", points=-0.0, max_points=1)]
    feedback = Feedback(task="hedges/x", score=-0.0, max_score=1, items=tuple(items))
    for shown in (feedback.to_text(), feedback.to_html()):
        assert "Score: 0 out of 1" in shown and "-0" not in shown
