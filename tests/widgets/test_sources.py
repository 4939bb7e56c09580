"""Lesson 02's widget without a browser: choices, the chain builder, saving, restoring, checking."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import ipywidgets as w
import pytest

import lessons
from lessons.casestudy import Case
from lessons.sources import SourcesKey, source_choices
from lessons.student import progress, workspace
from lessons.widgets import _base
from lessons.widgets.sources import SourceTracer
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_case(tmp_path_factory.mktemp("seed") / "case", ("sources",))


def key_of(case: Case) -> SourcesKey:
    key = case.key("sources")
    assert isinstance(key, SourcesKey)
    return key


def tracer(article_id: str) -> SourceTracer:
    widget = lessons.trace(article_id)
    assert isinstance(widget, SourceTracer)
    return widget


def fill_like_the_expert(widget: SourceTracer, key: SourcesKey) -> None:
    article = key.article(widget.article.id)
    for named in article.named:
        widget.named[named.source].value = True
        widget.garbled[named.source].value = bool(named.garbled)
    widget.immediate.value = article.immediate
    widget.credited.value = article.credited
    for step in article.chain:
        widget.chain.picker.value = step
        widget.chain.add_button.click()


def test_choices_are_labelled_checkboxes_for_the_named_sources_and_distractors(case: Case) -> None:
    widget = tracer("kyiv-post")
    expected = source_choices(case, "kyiv-post")
    assert [(box.description, sid) for sid, box in widget.named.items()] == expected
    assert all(box.description.endswith("(described wrongly)") for box in widget.garbled.values())
    assert len(widget.garbled) == len(expected)
    for control in (widget.immediate, widget.credited, widget.chain.picker):
        assert control.description, "every control has a visible label"
    # Both drop-downs show their "Pick ..." option, not a blank box; nothing is answered yet.
    for dropdown in (widget.immediate, widget.chain.picker):
        assert dropdown.label == "Pick an outlet…" and dropdown.index == 0
    assert widget.answer["immediate"] is None and widget.credited.value is None
    assert "adahzionblog" in [value for _label, value in widget.immediate.options]
    assert "kyiv-post" not in [value for _label, value in widget.immediate.options]


def test_checking_nothing_asks_for_an_answer(case: Case) -> None:
    widget = tracer("tyler-durden")
    widget.task.check_button.click()
    assert widget.feedback_text.startswith("Nothing to check yet")
    assert "Nothing to check yet" in widget.task.feedback.value
    assert widget.chart.value == ""


def test_the_expert_answer_gets_full_marks_and_a_chart(case: Case) -> None:
    widget = tracer("news-blog")
    fill_like_the_expert(widget, key_of(case))
    widget.task.check_button.click()
    assert widget.feedback_text.startswith("Score: 10 out of 10 · level 4 of 4")
    assert "lessons-verdict-right" in widget.task.feedback.value
    assert '<img src="data:image/png;base64,' in widget.chart.value
    assert 'alt="How the story reached adahzionblog.' in widget.chart.value


def test_a_partial_answer_is_explained_and_charted(case: Case) -> None:
    widget = tracer("news-blog")
    widget.named["korotchenko"].value = True
    widget.named["independent"].value = True  # not named: the copy never credits it
    widget.chain.add("korotchenko")
    widget.chain.add("regnum")
    feedback = widget.check()
    assert 0 < feedback.score < feedback.max_score
    shown = widget.task.feedback.value  # all of it, the rest under "Show N more"
    assert "Not named: The Independent" in shown
    assert "skipped a step" in shown
    assert "Missing from your chain: The Independent, New York Post." in widget.chart.value


def test_every_change_is_saved_and_a_new_widget_restores_it(case: Case) -> None:
    widget = tracer("deep-dive")
    widget.named["newsweek"].value = True
    widget.garbled["mironov"].value = True
    widget.immediate.value = "newsweek"
    widget.credited.value = True
    widget.chain.add("newsweek")
    saved = progress.load_answer("sources/deep-dive")
    assert saved == {
        "named": ["newsweek"],
        "garbled": ["mironov"],
        "immediate": "newsweek",
        "credited": True,
        "chain": ["newsweek"],
    }
    again = tracer("deep-dive")
    assert again.answer == saved
    assert "Your saved answer is back" in again.task.status.value
    assert "got it from <strong>Newsweek</strong>" in again.chain.display.value


def test_the_chain_builder_adds_removes_and_clears(case: Case) -> None:
    widget = tracer("spark-chronicles")
    chain = widget.chain
    chain.add_button.click()
    assert "Pick a source first" in chain.display.value
    for step in ("il-messaggero", "daily-mail", "regnum"):
        chain.picker.value = step
        chain.add_button.click()
        assert chain.picker.label == "Pick an outlet…"  # ready for the next step
    assert widget.answer["chain"] == ["il-messaggero", "daily-mail", "regnum"]
    chain.remove_button.click()
    assert progress.load_answer("sources/spark-chronicles")["chain"] == [
        "il-messaggero",
        "daily-mail",
    ]
    chain.clear_button.click()
    assert progress.load_answer("sources/spark-chronicles")["chain"] == []
    assert "No steps yet" in chain.display.value


def test_a_damaged_saved_answer_is_restored_as_far_as_it_goes(case: Case) -> None:
    progress.save_answer(
        "sources/kyiv-post",
        {"named": ["Regum", 7, None], "immediate": ["x"], "credited": "yes", "chain": "REGNUM"},
    )
    widget = tracer("kyiv-post")
    assert widget.answer == {
        "named": ["regnum"],
        "garbled": [],
        "immediate": None,
        "credited": None,
        "chain": [],
    }


def test_the_clue_is_offered_closed(case: Case) -> None:
    widget = tracer("news-blog")
    assert widget.clue is not None and widget.clue.selected_index is None
    assert widget.clue.titles == ("A clue, if you are stuck",)
    assert widget.reader.selected_index == 0  # the article is open to read


def test_an_unknown_article_gets_a_sentence(case: Case) -> None:
    message = lessons.trace("the-sun")
    assert isinstance(message, w.HTML) and "Choose one of" in message.value
    chart = lessons.trace_chart("the-sun")
    assert isinstance(chart, w.HTML) and "Choose one of" in chart.value


def test_trace_chart_draws_the_saved_chain(case: Case) -> None:
    widget = tracer("kyiv-post")
    widget.chain.add("business-insider")
    widget.check()
    chart = lessons.trace_chart("kyiv-post")
    assert "Kyiv Post from Business Insider (a real link)" in repr(chart)
    assert "Missing from your chain: REGNUM." in chart._repr_html_()


def test_trace_chart_keeps_the_experts_chain_hidden_until_the_article_is_checked(
    case: Case,
) -> None:
    before = lessons.trace_chart("news-blog")
    assert isinstance(before, w.HTML)
    assert "press Check first" in before.value and "REGNUM" not in before.value
    widget = tracer("news-blog")
    widget.chain.add("independent")
    still = lessons.trace_chart("news-blog")
    assert isinstance(still, w.HTML) and "press Check first" in still.value
    widget.check()
    assert progress.load_answer("sources/news-blog")["checked"] is True
    chart = lessons.trace_chart("news-blog")
    assert not isinstance(chart, w.HTML) and "expert" in repr(chart)
    assert tracer("news-blog").answer["checked"] is True  # remembered on reopening


def test_assessment_mode_saves_without_feedback_clues_or_charts(case: Case) -> None:
    state = workspace.workspace_dir() / ".lessons"
    state.mkdir(parents=True)
    (state / "release.json").write_text(json.dumps({"mode": "assessment"}))
    widget = tracer("news-blog")
    assert widget.task.check_button.description == "Save"
    assert widget.clue is not None and widget.clue.layout.display == "none"
    widget.chain.add("independent")
    widget.task.check_button.click()
    assert "teacher will give you feedback" in widget.task.feedback.value
    assert "Score" not in widget.task.feedback.value and widget.chart.value == ""
    assert progress.load_answer("sources/news-blog")["chain"] == ["independent"]
    chart = lessons.trace_chart("news-blog")
    assert isinstance(chart, w.HTML) and "assessment" in chart.value


def test_without_a_key_sources_are_typed_and_checking_says_why_not(
    case_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyless = tmp_path / "keyless"
    shutil.copytree(case_dir, keyless)
    shutil.rmtree(keyless / "key")
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("LESSONS_CASE", str(keyless))
    _base._case_at.cache_clear()
    try:
        widget = tracer("kyiv-post")
        assert widget.named == {} and widget.named_text is not None
        widget.named_text.value = "Regum\nBusiness Insider\n\n"
        widget.immediate.value = "Business Insider"
        widget.chain.picker.value = "Business Insider"
        widget.chain.add_button.click()
        assert progress.load_answer("sources/kyiv-post") == {
            "named": ["Regum", "Business Insider"],
            "garbled": [],
            "immediate": "Business Insider",
            "credited": None,
            "chain": ["Business Insider"],
        }
        widget.task.check_button.click()
        assert "no key for tracing sources" in widget.feedback_text
    finally:
        _base._case_at.cache_clear()


def test_question_two_offers_only_the_sources_ticked_in_question_one(case: Case) -> None:
    widget = tracer("kyiv-post")
    shown = [sid for sid, box in widget.garbled.items() if box.layout.display is None]
    assert shown == [] and widget.garbled_hint.layout.display is None
    widget.named["regnum"].value = True
    widget.garbled["regnum"].value = True
    shown = [sid for sid, box in widget.garbled.items() if box.layout.display is None]
    assert shown == ["regnum"] and widget.garbled_hint.layout.display == "none"
    widget.named["regnum"].value = False
    assert widget.garbled["regnum"].value is False
    assert widget.garbled["regnum"].layout.display == "none"
    assert progress.load_answer("sources/kyiv-post")["garbled"] == []


def test_the_article_is_shown_whole_while_reading_is_assessed_beside_it(case: Case) -> None:
    """The article alone, without the lines around it, would answer lesson 01's task."""
    article = case.articles[0]
    furniture = html.escape(article.furniture[0].text)
    assert furniture not in tracer(article.id).reader.children[0].value  # after lesson 01
    state = workspace.workspace_dir() / ".lessons"
    state.mkdir(parents=True, exist_ok=True)
    release = {"mode": "assessment", "tasks": [{"id": f"reading/{article.id}", "points": 1}]}
    (state / "release.json").write_text(json.dumps(release))
    assert furniture in tracer(article.id).reader.children[0].value
