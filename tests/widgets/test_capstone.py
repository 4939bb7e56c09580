"""Lesson 06's widgets without a browser: the article picker with the lessons' own widgets,
the brief's box with its live word count, saving, restoring and checking."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as w
import pytest

import lessons
from lessons.casestudy import Case
from lessons.student import progress, workspace
from lessons.widgets.capstone import BriefEditor, CapstoneArticle
from lessons.widgets.hedges import HedgeFinder
from lessons.widgets.reliability import ReliabilityRater
from lessons.widgets.sources import SourceTracer
from tests.cases import GOOD_BRIEF, copy_case


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_case(tmp_path_factory.mktemp("seed") / "case")


def picker() -> CapstoneArticle:
    widget = lessons.capstone_article()
    assert isinstance(widget, CapstoneArticle)
    return widget


def editor() -> BriefEditor:
    widget = lessons.write_brief()
    assert isinstance(widget, BriefEditor)
    return widget


def test_picking_an_article_shows_the_three_lessons_widgets_for_it(case: Case) -> None:
    widget = picker()
    assert widget.picker.description == "The article you will work on"
    # The "Pick ..." option shows (a Dropdown set to None would show a blank box).
    assert widget.picker.label == "Pick an article…" and widget.picker.index == 0
    assert not widget.picker.value and widget.steps.children == ()
    widget.choose("tyler-durden")
    assert progress.load_answer("capstone/article") == {"article": "tyler-durden"}
    sources, hedges, rating = (widget.parts[s] for s in ("sources", "hedges", "reliability"))
    assert isinstance(sources, SourceTracer) and sources.article.id == "tyler-durden"
    assert isinstance(hedges, HedgeFinder) and isinstance(rating, ReliabilityRater)
    assert widget.steps.titles == (
        "1. Trace the sources",
        "2. Find the hedges",
        "3. Rate the reliability",
    )
    # they keep their own task ids
    assert (
        sources.task_id == "sources/tyler-durden"
        and rating.task.task_id == "reliability/tyler-durden"
    )


def test_work_done_in_the_lessons_comes_back_and_counts(case: Case) -> None:
    progress.save_answer("sources/deep-dive", {"chain": ["Newsweek", "REGNUM"]})
    widget = picker()
    widget.choose("deep-dive")
    assert widget.parts["sources"].chain.steps == ["Newsweek", "REGNUM"]
    feedback = widget.check()
    assert feedback.summary == "Your article, end to end: The Deep Dive."
    verdicts = {i.label.split(":")[0]: i.verdict for i in feedback.items}
    assert verdicts["Find the hedges"] == "missed" and verdicts["Trace the sources"] != "missed"
    assert "Still to do for The Deep Dive: find the hedges, rate the reliability." in (
        widget.feedback_text
    )


def test_the_chosen_article_is_restored(case: Case) -> None:
    picker().choose("news-blog")
    again = picker()
    assert again.picker.value == "news-blog"
    assert isinstance(again.parts["sources"], SourceTracer)
    assert "Your saved answer is back." in again.task.status.value
    again.choose(None)  # type: ignore[arg-type]
    assert again.steps.children == ()


def test_the_brief_box_counts_words_as_the_student_types(case: Case) -> None:
    widget = editor()
    assert widget.text.description == "Your news brief"
    assert widget.word_count_text == "0 words (100 more to reach 100)"
    widget.write("REGNUM said so.")
    assert widget.word_count_text == "3 words (97 more to reach 100)"
    assert "3 words" in widget.count.value and "aria-live" in widget.count.value
    widget.write(GOOD_BRIEF)
    assert widget.word_count_text == "134 words (inside 100-150)"
    widget.write(GOOD_BRIEF + " more" * 20)
    assert widget.word_count_text == "154 words (4 too many: cut to 150)"


def test_the_brief_is_saved_restored_and_checked(case: Case) -> None:
    widget = editor()
    widget.task.check_button.click()
    assert widget.feedback_text == "Write your brief in the box first, then press Check."
    widget.write(GOOD_BRIEF)
    assert progress.load_answer("capstone/brief") == {"text": GOOD_BRIEF}
    feedback = widget.check()
    assert feedback.score == 5 and "Score: 5 out of 5" in widget.task.feedback.value
    again = editor()
    assert again.text.value == GOOD_BRIEF and again.word_count_text.startswith("134 words")


def test_in_an_assessment_the_brief_is_saved_without_feedback(case: Case) -> None:
    state = workspace.workspace_dir() / ".lessons"
    state.mkdir(parents=True)
    (state / "release.json").write_text(json.dumps({"mode": "assessment"}))
    widget = editor()
    assert widget.task.check_button.description == "Save"
    widget.write(GOOD_BRIEF)
    widget.task.check_button.click()
    assert "teacher will give you feedback" in widget.task.feedback.value
    assert "Score" not in widget.task.feedback.value


def test_the_rubric_shows_who_judges_what(case: Case) -> None:
    rubric = lessons.brief_rubric()
    page = rubric._repr_html_()
    assert "<caption" in page and "Who judges it" in page
    assert "the checker and your teacher" in page and "<td>your teacher</td>" in page
    assert "Traces the claim to where it began" in repr(rubric)
    assert not isinstance(rubric, w.Widget)


def test_checking_before_picking_then_picking_no_longer_says_pick_first(case: Case) -> None:
    card = picker()
    card.check()
    assert card.feedback_text == "Pick the article you will work on first."
    card.choose("kyiv-post")
    assert "Pick the article" not in card.feedback_text
    assert "Pick the article" not in card.task.feedback.value
    assert "Kyiv Post" in card.task.feedback.value
