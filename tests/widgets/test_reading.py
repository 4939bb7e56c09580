"""Lesson 01's widget without a browser: the page as labelled checkboxes, saving on every
change, restoring, checking, the worked example that never saves, assessment mode."""

from __future__ import annotations

import json

import ipywidgets as w
import pytest

import lessons
from lessons.casestudy import Case
from lessons.reading import check_answer, date_choice, default_guide, page_lines
from lessons.student import progress, workspace
from lessons.widgets.reading import PageReader


def reader(article_id: str, **options: bool) -> PageReader:
    widget = lessons.read_closely(article_id, **options)
    assert isinstance(widget, PageReader)
    return widget


def test_every_line_of_the_page_is_a_labelled_checkbox_in_order(case: Case) -> None:
    widget = reader("kyiv-post")
    lines = page_lines(case.article("kyiv-post"))
    assert [(n, box.description) for n, box in widget.lines.items()] == [
        (line.number, f"Line {line.number}: {line.text}") for line in lines
    ]
    assert not any(box.value for box in widget.lines.values())
    for control in (widget.date, widget.translation):
        assert control.description, "every control has a visible label"
        assert control.value is None
    assert [value for _label, value in widget.date.options] == [
        value for _label, value in default_guide().date_options()
    ]
    assert "Read like a fact-checker" in widget.view.children[0].value


def test_ticking_a_line_saves_the_answer_at_once(case: Case) -> None:
    widget = reader("news-blog")
    widget.lines[1].value = True
    assert progress.load_answer("reading/news-blog") == {
        "furniture": [1],
        "date": None,
        "translation": None,
    }
    widget.date.value = "shown-not-publication"
    widget.translation.value = False
    assert progress.load_answer("reading/news-blog") == {
        "furniture": [1],
        "date": "shown-not-publication",
        "translation": False,
    }
    assert "Saved." in widget.task.status.value


def test_check_shows_the_checkers_feedback(case: Case) -> None:
    widget = reader("news-blog")
    widget.mark_lines(1, 2, 22)
    widget.date.value = "shown-is-publication"
    widget.translation.value = False
    widget.task.check_button.click()
    expected = check_answer(case, "news-blog", widget.answer)
    assert widget.feedback_text == expected.to_text()
    shown = widget.task.feedback.value
    assert "Score:" in shown and "current-date header" in shown
    assert "Line 31: the comment section" in shown  # a line still to mark, quoted
    assert widget.check().score == expected.score


def test_checking_nothing_asks_for_an_answer(case: Case) -> None:
    widget = reader("tyler-durden")
    widget.task.check_button.click()
    assert widget.feedback_text.startswith("Nothing to check yet")
    assert "Nothing to check yet" in widget.task.feedback.value


def test_a_new_widget_brings_the_saved_answer_back(case: Case) -> None:
    first = reader("tyler-durden")
    first.mark_lines(3, 35)
    first.date.value = date_choice(case.article("tyler-durden"))
    again = reader("tyler-durden")
    assert [n for n, box in again.lines.items() if box.value] == [3, 35]
    assert again.date.value == "shown-is-publication" and again.translation.value is None
    assert "Your saved answer is back." in again.task.status.value


def test_a_damaged_saved_answer_restores_only_what_makes_sense(case: Case) -> None:
    progress.save_answer(
        "reading/deep-dive",
        {"furniture": [24, "26", True, 999], "date": "tomorrow", "translation": "no"},
    )
    widget = reader("deep-dive")
    assert [n for n, box in widget.lines.items() if box.value] == [24]
    assert widget.date.value is None and widget.translation.value is None


def test_the_worked_example_is_never_saved_and_never_restores(case: Case) -> None:
    progress.save_answer(
        "reading/news-blog", {"furniture": [1], "date": "no-date", "translation": True}
    )
    example = reader("news-blog", example=True)
    assert not any(box.value for box in example.lines.values())
    assert "nothing here is saved" in example.task.status.value
    example.mark_lines(2, 22)
    example.date.value = "shown-is-publication"
    feedback = example.check()
    assert feedback.is_valid and "Score:" in example.task.feedback.value
    assert progress.load_answer("reading/news-blog") == {
        "furniture": [1],
        "date": "no-date",
        "translation": True,
    }


def test_mark_lines_names_the_lines_there_are(case: Case) -> None:
    widget = reader("spark-chronicles")
    with pytest.raises(ValueError, match=r"no line 12 to mark; lines are: 1, 2, 3"):
        widget.mark_lines(12)


def test_assessment_mode_saves_without_feedback(case: Case) -> None:
    state = workspace.workspace_dir() / ".lessons"
    state.mkdir(parents=True)
    (state / "release.json").write_text(json.dumps({"mode": "assessment"}))
    widget = reader("kyiv-post")
    assert widget.task.check_button.description == "Save"
    widget.mark_lines(14)
    widget.task.check_button.click()
    assert "teacher will give you feedback" in widget.task.feedback.value
    assert "Score" not in widget.task.feedback.value
    assert progress.load_answer("reading/kyiv-post")["furniture"] == [14]


def test_an_unknown_article_gets_a_sentence_not_a_traceback(case: Case) -> None:
    widget = lessons.read_closely("the-onion")
    assert isinstance(widget, w.HTML)
    assert "There is no article called" in widget.value and "kyiv-post" in widget.value


def test_the_heading_names_the_outlet_not_the_articles_id(case: Case) -> None:
    heading = reader("kyiv-post").task.view.children[0].value
    # As the lesson's own heading names it, and never "the The Deep Dive page".
    assert heading.endswith(": Kyiv Post</h4>") and "kyiv-post" not in heading
    assert ": the " not in reader("deep-dive").task.view.children[0].value
