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


def test_a_verdicts_symbol_matches_its_points() -> None:
    """Full points are ✓, some are ◐, none are ✗ or ○, whatever the checker called them."""
    some = FeedbackItem("wrong", "Level", "Half right.", points=1, max_points=2)
    full = FeedbackItem("partly", "Level", "All right.", points=2, max_points=2)
    none = FeedbackItem("partly", "Level", "Nothing right.", points=0, max_points=2)
    missed = FeedbackItem("missed", "Level", "Not done.", max_points=2)
    assert some.to_text().startswith("◐ Partly: Level (1/2)")
    assert full.to_text().startswith("✓ Right: Level (2/2)")
    assert none.to_text().startswith("✗ Not quite: Level (0/2)")
    assert missed.to_text().startswith("○ Missed: Level (0/2)")
    assert "◐ Partly:" in some.html and "✗" not in some.html


def test_a_zero_score_is_level_zero_and_a_level_never_outruns_the_score() -> None:
    nothing = Feedback.from_items("t/x", [FeedbackItem("wrong", "A", max_points=30)], level=2)
    assert nothing.level == 0
    assert nothing.to_text().startswith("Score: 0 out of 30 · level 0 of 4")
    little = Feedback.from_items(
        "t/x", [FeedbackItem("partly", "A", points=1, max_points=10)], level=3
    )
    assert little.level == 1


MANY = tuple(
    FeedbackItem(
        "missed",
        f"Line {n}: a share button",
        "Share buttons are on every page.",
        quote=f"Share on Facebook {n}",
        max_points=1,
        hint="One more line is not the article: a share button.",
    )
    for n in range(1, 9)
)


def test_a_student_reads_the_next_step_first_then_three_items_and_no_expert_quotes() -> None:
    feedback = Feedback.from_items("reading/x", MANY, summary="You marked 0 of 8.", next_step="Go.")
    text = feedback.to_text()
    lines = text.splitlines()
    assert lines[1] == "Next step: Go."
    assert sum(line.startswith("○ Missed") for line in lines) == 3
    assert "Share on Facebook" not in text and "Line 1" not in text  # the key stays hidden
    assert "One more line is not the article" in text
    assert "Show 5 more and the expert's answers" in lines[-1]
    full = feedback.to_text(full=True)
    assert all(f"“Share on Facebook {n}”" in full for n in range(1, 9))


def test_the_rest_and_the_experts_answers_are_one_keyboard_reachable_click_away() -> None:
    page = Feedback.from_items("reading/x", MANY, next_step="Go.").to_html()
    assert page.index("Next step:") < page.index("<li")
    before_more = page.split('<details class="lessons-more">')[0]
    assert before_more.count("<li ") == 3
    assert "<summary>Show 5 more</summary>" in page  # <details> opens with Enter or Space
    assert page.count("<summary>Show the expert's answer</summary>") == 8
    assert " open" not in page
    opened = Feedback.from_items("reading/x", MANY).to_html(full=True)
    assert '<details class="lessons-more" open>' in opened
