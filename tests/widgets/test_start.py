"""Lesson 00's widgets: the reader, the name box and the confidence slider."""

from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w
import pytest

from lessons.skills import load_seed_case
from lessons.student import progress
from lessons.widgets.start import ArticleReader, CaseOverview, ConfidenceSlider, NameBox, overview


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LESSONS_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path


def test_reader_shows_every_page_whole_so_it_answers_nothing_of_lesson_01(
    workspace: Path,
) -> None:
    reader = ArticleReader()
    for article in load_seed_case().articles:
        reader.picker.value = article.id
        # Every line around the article is there: which ones they are is lesson 01's task.
        for item in article.furniture:
            assert html.escape(item.text) in reader.text.value
    assert not any(isinstance(child, w.Checkbox) for child in reader.view.children[0].children)


def test_the_name_is_saved_once_it_reaches_the_kernel(workspace: Path) -> None:
    box = NameBox()
    box.name.value = "Zoë O'Brien"
    assert progress.student_name(workspace) == "Zoë O'Brien"
    assert "Thanks, Zoë O&#x27;Brien" in box.status.value  # escaped HTML


def test_an_empty_name_gets_a_sentence_not_a_traceback(workspace: Path) -> None:
    box = NameBox()
    assert box.save() == "Type your name in the box first."
    assert progress.student_name(workspace) is None


def test_fixing_the_spelling_of_a_name_keeps_the_answers(workspace: Path) -> None:
    box = NameBox()
    box.name.value = "Zoe Obrian"
    slider = ConfidenceSlider()
    slider.slider.value = 35
    box.name.value = "Zoë O'Brien"
    assert progress.load_answer("start/confidence", workspace) == {"percent": 35}
    assert ConfidenceSlider().slider.value == 35


def test_answers_given_before_the_name_move_to_the_name(workspace: Path) -> None:
    ConfidenceSlider().slider.value = 80
    NameBox().name.value = "Sam Lee"
    assert progress.progress_path(workspace).name == "sam-lee.json"
    assert progress.load_answer("start/confidence", workspace) == {"percent": 80}


def test_overview_lists_every_article_and_leaves_its_date_to_lesson_01(workspace: Path) -> None:
    text = str(overview())
    assert text.startswith("The claim: ")
    case = load_seed_case()
    for article in case.articles:
        assert f"- {article.outlet} (in code: {article.id})" in text
        assert article.date.label() not in text  # the researched date answers lesson 01
    assert "<blockquote>" in overview()._repr_html_()


def test_a_student_whose_answer_is_where_the_slider_starts_can_keep_it(workspace: Path) -> None:
    sure = ConfidenceSlider()
    assert "press Keep this answer to keep 50%" in sure.status.value
    assert progress.load_answer("start/confidence", workspace) is None  # nothing chosen yet
    sure.keep.click()
    assert progress.load_answer("start/confidence", workspace) == {"percent": 50}
    assert sure.status.value == "Saved: 50% sure."
    assert ConfidenceSlider().status.value == "Saved."


def _release(workspace: Path, tasks: list[str]) -> None:
    state = workspace / ".lessons"
    state.mkdir(exist_ok=True)
    release = {"mode": "assessment", "tasks": [{"id": task, "points": 1} for task in tasks]}
    (state / "release.json").write_text(json.dumps(release), encoding="utf-8")


def test_an_assessment_of_reading_shows_every_page_whole_and_no_dates(workspace: Path) -> None:
    """The body alone would tell which lines are furniture, and the researched dates what
    the page says of its date: lesson 01's answers."""
    case = load_seed_case()
    article = case.articles[0]
    _release(workspace, [f"reading/{article.id}"])
    reader = ArticleReader()
    reader.picker.value = article.id
    furniture = next(item.text for item in article.furniture)
    assert html.escape(furniture) in reader.text.value
    assert article.date.label() not in reader.text.value
    assert article.date.label() not in str(overview())


def test_an_assessment_without_reading_shows_no_dates_either(workspace: Path) -> None:
    case = load_seed_case()
    _release(workspace, [f"hedges/{case.articles[0].id}"])
    reader = ArticleReader()
    assert case.articles[0].date.label() not in str(overview())  # lesson 01 asks, always
    assert case.articles[0].date.label() not in reader.text.value


def test_a_name_typed_in_an_older_tab_does_not_overwrite_a_newer_one(workspace: Path) -> None:
    progress.set_student_name("Ann Smith")
    old_tab, new_tab = NameBox(), NameBox()
    new_tab.name.value = "Ann Smith-Jones"
    assert progress.student_name() == "Ann Smith-Jones"
    old_tab.name.value = "Ann Smyth"
    assert progress.student_name() == "Ann Smith-Jones"  # nothing overwritten
    assert old_tab.name.value == "Ann Smith-Jones"
    assert "changed in another tab to Ann Smith-Jones" in old_tab.status.value
    old_tab.name.value = "Ann Smyth"  # now it shows the newest, a change is saved
    assert progress.student_name() == "Ann Smyth"


def test_a_slider_in_an_older_tab_shows_the_newer_answer_instead_of_overwriting(
    workspace: Path,
) -> None:
    old_tab, new_tab = ConfidenceSlider(), ConfidenceSlider()
    new_tab.slider.value = 80
    old_tab.slider.value = 20
    assert progress.load_answer("start/confidence") == {"percent": 80}
    assert old_tab.slider.value == 80
    assert "changed in another tab" in old_tab.status.value
    old_tab.slider.value = 25
    assert progress.load_answer("start/confidence") == {"percent": 25}


def test_on_a_hub_the_name_box_shows_the_sign_in_name_greyed_out(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "zoe.obrien")
    box = NameBox()
    assert box.name.value == "zoe.obrien" and box.name.disabled and box.button.disabled
    assert "signed in to your class&#x27;s JupyterHub as zoe.obrien" in box.hub_note.value
    assert "nothing to type here" in box.hub_note.value
    assert box.save().startswith("You signed in to your class's JupyterHub as zoe.obrien")
    assert progress.student_name() == "zoe.obrien"  # the sign-in name, nothing stored over it


def test_lesson_00s_widgets_carry_the_guard_that_says_when_they_stopped(workspace: Path) -> None:
    from lessons.widgets._base import _has_guard

    for widget in (NameBox(), ConfidenceSlider(), ArticleReader()):
        bundle = widget._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        shown = widget._guarded if widget._guarded is not None else widget.view
        assert _has_guard(shown)


def test_how_to_work_is_one_line_in_jupyterlab(monkeypatch: pytest.MonkeyPatch) -> None:
    from lessons.widgets.start import LAB_READY, how_to_work

    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    shown = how_to_work()
    assert str(shown) == LAB_READY
    assert shown._repr_html_() == f"<p>{html.escape(LAB_READY)}</p>"


def test_how_to_work_gives_app_mode_its_steps_and_the_way_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under Voila, lesson 00's "How to work a notebook" text is left out (lab-only) and this
    says what to do instead: no cells, answers in the boxes, Check, reload when stuck."""
    from lessons.widgets.start import APP_STEPS, how_to_work

    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("SCRIPT_NAME", "/user/ann/voila/render/media-literacy/00_start_here.ipynb")
    shown = how_to_work()
    text = str(shown)
    page = shown._repr_html_()
    for step in APP_STEPS:
        assert step in text and html.escape(step) in page
    assert "<h2>How this page works</h2>" in page
    assert "href='/user/ann/voila/tree/media-literacy'" in page
    for words in ("Shift", "Run All", "Kernel", "cell"):
        assert words not in text
    # A page at the top of the server's folder: the list is the server's own.
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/00_start_here.ipynb")
    assert "href='/voila/tree'" in how_to_work()._repr_html_()
    monkeypatch.delenv("SCRIPT_NAME")
    assert "your browser's Back button" in how_to_work()._repr_html_()


def test_the_overview_names_code_ids_only_where_there_is_code(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = load_seed_case().articles[0]
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    assert f"<code>{article.id}</code>" in overview()._repr_html_()
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")  # app mode: no code cells
    page = overview()._repr_html_()
    assert f"<strong>{article.outlet}</strong>" in page and "<code>" not in page
    assert CaseOverview.NO_DATES in page
