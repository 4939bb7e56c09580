"""Lesson 03's widgets without a browser: the span marker's state, saving, restoring, checking."""

from __future__ import annotations

import html
import json
from pathlib import Path

import anywidget
import ipywidgets as w
import pytest

import lessons
from lessons.casestudy import Case
from lessons.hedges import check_answer, marking_parts, marking_text
from lessons.hedges.detector import default_lexicon
from lessons.student import progress
from lessons.widgets.hedges import NOT_MARKED_YET, HedgeFinder, SpanMarker


def finder(article_id: str) -> HedgeFinder:
    made = lessons.find_hedges(article_id)
    assert isinstance(made, HedgeFinder)
    return made


def span_of(text: str, quote: str, category: str) -> list[object]:
    start = text.index(quote)
    return [start, start + len(quote), category]


def test_the_marker_shows_headline_and_body_with_every_category(case: Case) -> None:
    task = finder("tyler-durden")
    article = case.article("tyler-durden")
    assert isinstance(task.marker, anywidget.AnyWidget)
    assert task.marker.text == marking_text(article)
    assert (
        task.marker.heading_end
        == len(article.headline or "")
        == marking_parts(article)["headline"][1]
    )
    assert [c["id"] for c in task.marker.categories] == list(default_lexicon().category_ids)
    assert all(c["label"] and c["short"] for c in task.marker.categories)
    assert article.outlet in task.marker.label
    assert task.task.task_id == "hedges/tyler-durden"


def test_the_front_end_is_package_data_and_synced_state_is_declared() -> None:
    assert "export default" in SpanMarker._esm and "aria-label" in SpanMarker._esm
    assert ".sm-mark" in SpanMarker._css
    synced = set(SpanMarker().keys)
    assert {"text", "spans", "categories", "heading_end", "label"} <= synced


def test_marks_set_by_the_front_end_are_saved_at_once(case: Case) -> None:
    task = finder("kyiv-post")
    mark = span_of(task.text, "allegedly", "distancing")
    task.marker.spans = [mark]  # what the JavaScript does when the student presses Mark
    assert progress.load_answer("hedges/kyiv-post") == {"spans": [mark]}
    assert "Saved" in task.task.status.value


def test_check_shows_the_checkers_feedback(case: Case) -> None:
    task = finder("kyiv-post")
    task.marker.spans = [span_of(task.text, "allegedly", "distancing")]
    feedback = task.check()
    assert feedback == check_answer(case, "kyiv-post", task.answer)
    distancing = default_lexicon().category("distancing").label
    assert f"✓ Right: {distancing}" in task.feedback_text
    assert "○ Missed" in task.feedback_text
    assert "lessons-feedback" in task.task.feedback.value


def test_check_with_nothing_marked_says_what_to_do(case: Case) -> None:
    task = finder("deep-dive")
    task.check()
    assert task.feedback_text.startswith("You have not marked anything yet")


def test_marks_come_back_in_a_new_widget(case: Case) -> None:
    first = finder("news-blog")
    first.mark("Claims", "attribution-doubt")
    first.mark("There are reports that", "vague-sourcing")
    second = finder("news-blog")
    assert second.marker.spans == first.marker.spans
    assert "saved answer is back" in second.task.status.value
    assert second.check().score == 2


def test_damaged_saved_marks_are_left_out_on_restore(case: Case) -> None:
    text = marking_text(case.article("tyler-durden"))
    good = span_of(text, "has said", "booster")
    progress.save_answer(
        "hedges/tyler-durden",
        {"spans": [good, [5, 2, "booster"], [0, 10**6, "booster"], [0, 4, "gossip"], "x"]},
    )
    assert finder("tyler-durden").marker.spans == [good]


def test_mark_helper_replaces_an_overlapping_mark(case: Case) -> None:
    task = finder("spark-chronicles")
    task.mark("would be", "epistemic-modal")
    task.mark("would be considering", "reported-conditional")
    assert task.marker.spans == [span_of(task.text, "would be considering", "reported-conditional")]
    with pytest.raises(ValueError, match="not in the text"):
        task.mark("no such words", "booster")


def test_an_unknown_article_gets_a_sentence_not_a_traceback(case: Case) -> None:
    shown = lessons.find_hedges("daily-mail")
    assert isinstance(shown, w.HTML)
    assert "daily-mail" in shown.value and "tyler-durden" in shown.value


def test_assessment_mode_saves_without_feedback(case: Case, tmp_path: Path) -> None:
    state = tmp_path / "workspace" / ".lessons"
    state.mkdir(parents=True)
    (state / "release.json").write_text(json.dumps({"mode": "assessment"}), encoding="utf-8")
    task = finder("tyler-durden")
    assert task.task.check_button.description == "Save"
    task.mark("has said", "booster")
    task.check()
    assert "Your answer is saved" in task.feedback_text
    assert "Right" not in task.task.feedback.value


def test_detector_report_lists_hits_and_lookalikes() -> None:
    report = lessons.detect_hedges("The talks began in May. It may rain, reportedly.")
    text = str(report)
    label = {c.id: c.label for c in default_lexicon().categories}
    assert f"{label['epistemic-modal']}: “may”" in text
    assert f"{label['distancing']}: “reportedly”" in text
    assert "“May”: " in text and "month" in text
    assert "<mark" in report._repr_html_()
    assert str(lessons.detect_hedges("")) == "0 found:"


def test_category_table_lists_every_category() -> None:
    table = lessons.hedge_categories()
    for category in default_lexicon().categories:
        assert category.label in table._repr_html_()
        assert category.label in repr(table)


def test_headline_comparison_and_chart(case: Case) -> None:
    key = case.key("hedges")
    notes = [s.note for k in key.articles.values() for s in k.spans if s.part == "headline"]
    # Before an article is marked, its row holds only its headline: the expert key's hedges
    # and notes would be the answer to the task above it.
    before = lessons.compare_headlines()
    assert "“Report”" not in before._repr_html_()
    assert not any(note and note in before._repr_html_() for note in notes)
    assert html.escape(NOT_MARKED_YET) in before._repr_html_() and NOT_MARKED_YET in repr(before)
    for article in case.articles:
        progress.save_answer(f"hedges/{article.id}", {"spans": [[0, 1, "booster"]]})
    comparison = lessons.compare_headlines()
    assert "“Report”" in comparison._repr_html_()
    assert html.escape(NOT_MARKED_YET) not in comparison._repr_html_()
    for article in case.articles:
        if article.headline:
            assert article.headline in repr(comparison)
    chart = lessons.hedge_chart()
    assert chart.alt_text.startswith("Bar chart of hedges per 100 words")
    assert 'alt="Bar chart' in chart._repr_html_()


def test_in_an_assessment_the_comparison_and_chart_show_no_key(case: Case, tmp_path: Path) -> None:
    state = tmp_path / "workspace" / ".lessons"
    state.mkdir(parents=True)
    (state / "release.json").write_text(json.dumps({"mode": "assessment"}), encoding="utf-8")
    key = case.key("hedges")
    notes = [s.note for k in key.articles.values() for s in k.spans if s.part == "headline"]
    shown = lessons.compare_headlines()._repr_html_()
    assert "counted from the detector" in shown and "expert's note" not in shown
    assert not any(note in shown for note in notes)
    assert "counted from the detector" in lessons.hedge_chart().alt_text


def test_marks_saved_under_the_former_id_come_back_and_save_under_the_new_one(
    case: Case,
) -> None:
    text = marking_text(case.article("tyler-durden"))
    good = span_of(text, "has said", "booster")
    progress.save_answer("hedges/zerohedge", {"spans": [good]})  # as saved before the rename
    task = finder("tyler-durden")
    assert task.marker.spans == [good]
    task.task.save()
    assert "changed in another tab" not in task.task.status.value
    assert set(progress.read_answers()) == {"hedges/tyler-durden"}
    assert finder("zerohedge").task.task_id == "hedges/tyler-durden"  # an old notebook's cell
