"""Lesson 05's widgets without a browser: labelled choices, saving, restoring, checking, charts."""

from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w
import pytest

import lessons
from lessons.casestudy import Case
from lessons.charts import FigureView
from lessons.spread import QUESTION_IDS, question
from lessons.student import progress, workspace
from lessons.widgets import _base
from lessons.widgets.spread import SpreadQuestion
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_case(tmp_path_factory.mktemp("seed") / "case")


def ask(question_id: str) -> SpreadQuestion:
    widget = lessons.spread_question(question_id)
    assert isinstance(widget, SpreadQuestion)
    return widget


def assessment() -> None:
    state = workspace.workspace_dir() / ".lessons"
    state.mkdir(parents=True, exist_ok=True)
    (state / "release.json").write_text(json.dumps({"mode": "assessment"}))


def test_one_answer_questions_are_labelled_radio_buttons(case: Case) -> None:
    widget = ask("how-many-sources")
    found = question(case, "how-many-sources")
    assert isinstance(widget.radio, w.RadioButtons) and not widget.boxes
    assert widget.radio.description == "Your answer" and widget.radio.value is None
    assert sorted(value for _label, value in widget.radio.options) == sorted(
        c.id for c in found.choices
    )
    assert found.prompt in widget.prompt.value
    assert "lessons-quiz" in widget.view._dom_classes


def test_tick_every_one_questions_are_labelled_checkboxes(case: Case) -> None:
    widget = ask("hidden-source")
    assert widget.radio is None
    assert sorted(widget.boxes) == sorted(c.id for c in question(case, "hidden-source").choices)
    assert widget.boxes["news-blog"].description == case.article("news-blog").outlet
    assert all(box.description for box in widget.boxes.values())


def shown_order(question_id: str) -> list[str]:
    widget = ask(question_id)
    if widget.radio is not None:
        return [value for _label, value in widget.radio.options]
    return list(widget.boxes)


def test_choices_are_shuffled_per_student_and_stay_put_on_reload(case: Case) -> None:
    orders: dict[str, dict[str, list[str]]] = {}
    for student in ("Ana", "Ben", "Chloe", "Dmytro"):
        progress.set_student_name(student)
        orders[student] = {qid: shown_order(qid) for qid in QUESTION_IDS}
        assert orders[student] == {qid: shown_order(qid) for qid in QUESTION_IDS}  # reload
    key_order = {qid: [c.id for c in question(case, qid).choices] for qid in QUESTION_IDS}
    assert any(order != key_order for order in orders.values())
    assert len({json.dumps(order) for order in orders.values()}) > 1  # students differ
    firsts = {
        order[qid][0] in {c.id for c in question(case, qid).choices if c.verdict == "right"}
        for order in orders.values()
        for qid in QUESTION_IDS
    }
    assert firsts == {True, False}  # the right choice is sometimes first, sometimes not


def test_every_change_is_saved_and_a_new_widget_brings_it_back(case: Case) -> None:
    widget = ask("what-next")
    widget.boxes["size"].value = True
    widget.boxes["denied"].value = True
    assert progress.load_answer("spread/what-next") == {"choices": ["size", "denied"]}
    widget.boxes["size"].value = False
    assert progress.load_answer("spread/what-next") == {"choices": ["denied"]}
    again = ask("what-next")
    assert [c for c, box in again.boxes.items() if box.value] == ["denied"]
    assert "Your saved answer is back." in again.task.status.value
    radio = ask("uncertain-date")
    radio.choose("cannot-say")
    assert ask("uncertain-date").radio.value == "cannot-say"


def test_check_shows_the_checkers_feedback(case: Case) -> None:
    widget = ask("dropped-hedge")
    widget.task.check_button.click()
    assert widget.feedback_text == "Pick an answer first, then press Check."
    widget.choose("news-blog")
    feedback = widget.check()
    assert feedback.score == 0 and "Not this one." in widget.task.feedback.value
    assert "“Expert Claims”" in widget.feedback_text
    assert widget.feedback_text.startswith("Score: 0 out of 1")
    widget.choose("tyler-durden")
    assert widget.check().score == 1
    partly = ask("uncertain-date")
    partly.choose("cannot-say")
    assert partly.check().score == 0.5 and "Partly right" in partly.task.feedback.value
    assert partly.feedback_text.startswith("Score: 0.5 out of 1")


def test_a_damaged_saved_answer_is_not_restored(case: Case) -> None:
    progress.save_answer("spread/how-many-sources", {"choices": ["no-such-choice", 7]})
    widget = ask("how-many-sources")
    assert widget.radio.value is None
    assert widget.check().problem == "Pick an answer first, then press Check."
    saved = {"choices": ["no-such-choice", 7]}
    assert (
        "not one of this question's choices"
        in lessons.check(case, "spread/how-many-sources", saved).problem
    )


def test_in_an_assessment_the_answer_is_saved_without_feedback(case: Case) -> None:
    assessment()
    widget = ask("hidden-source")
    assert widget.task.check_button.description == "Save"
    widget.choose("news-blog")
    widget.task.check_button.click()
    assert "teacher will give you feedback" in widget.task.feedback.value
    assert "Score" not in widget.task.feedback.value
    assert progress.load_answer("spread/hidden-source") == {"choices": ["news-blog"]}
    chains = lessons.my_chains()
    assert isinstance(chains, w.HTML) and "assessment" in chains.value
    hedges = lessons.hedge_thinning()
    assert isinstance(hedges, FigureView) and "counted from the detector" in hedges.alt_text


def test_unknown_questions_get_a_sentence_listing_the_questions(case: Case) -> None:
    message = lessons.spread_question("colour")
    assert isinstance(message, w.HTML)
    for question_id in QUESTION_IDS:
        assert question_id in message.value


def test_charts_are_images_with_alt_text(case: Case) -> None:
    graph = lessons.citation_graph()
    assert isinstance(graph, FigureView) and graph.alt_text.startswith("Citation graph")
    page = graph._repr_html_()
    assert page.startswith('<figure class="lessons-chart"') and "data:image/png;base64," in page
    # A short alt on the image; every outlet in the chart in words under it, not in the alt.
    alt = page.split(' alt="', 1)[1].split('"', 1)[0]
    assert alt == html.escape(graph.alt_text) and "REGNUM" not in alt
    words = page.split("<summary>The chart in words</summary>", 1)[1]
    assert html.escape(graph.description) in words and "REGNUM (on or before" in words
    assert repr(graph) == graph.description
    timeline = lessons.spread_timeline()
    assert isinstance(timeline, FigureView) and "ranges" in timeline.alt_text
    hedges = lessons.hedge_thinning()
    assert isinstance(hedges, FigureView) and "counted from the expert key" in hedges.alt_text
    table = lessons.spread_table()
    assert repr(table).startswith("Every outlet of the story, earliest first")
    assert "<caption" in table._repr_html_() and "REGNUM" in table._repr_html_()
    assert list(table.frame.columns)[:2] == ["outlet", "first carried the claim"]
    assert table.frame.iloc[0]["outlet"] == "REGNUM"


def test_the_graph_coloured_by_saved_ratings_and_the_saved_chains(case: Case) -> None:
    rubric_levels = {c: "met" for c in lessons.reliability.default_rubric().ids}
    progress.save_answer("reliability/deep-dive", {"levels": rubric_levels, "evidence": {}})
    progress.save_answer("sources/kyiv-post", {"chain": ["Business Insider", "REGNUM"]})
    graph = lessons.citation_graph("my ratings")
    assert isinstance(graph, FigureView)
    assert graph.alt_text.endswith("you have rated 1 of 5.")
    assert "The Deep Dive: you rated it 100 (highly trustworthy)" in graph.description
    assert "Kyiv Post: not rated yet" in graph.description
    chains = lessons.my_chains()
    assert isinstance(chains, FigureView)
    assert chains.alt_text.endswith("You have traced 1 of the 5 articles.")
    assert "Kyiv Post from Business Insider (a real link)" in chains.description
    bad = lessons.citation_graph("size")
    assert isinstance(bad, w.HTML) and "my ratings" in bad.value


def test_without_a_sources_key_the_charts_say_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyless = copy_case(tmp_path / "keyless", keys=("spread",))
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("LESSONS_CASE", str(keyless))
    _base._case_at.cache_clear()
    try:
        for chart in (lessons.citation_graph(), lessons.spread_timeline(),
                      lessons.hedge_thinning(), lessons.my_chains(), lessons.spread_table()):  # fmt: skip
            assert isinstance(chart, w.HTML) and "no key for tracing sources" in chart.value
        # the quiz still works: its key is there
        assert isinstance(lessons.spread_question("what-next"), SpreadQuestion)
    finally:
        _base._case_at.cache_clear()
