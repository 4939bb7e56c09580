"""Small things only a browser shows (issue 15, point 10 and the charts): the "Pick ..."
option of a drop-down is shown, not a blank box; keyboard focus stays on a level button;
each evidence box has a name of its own; long tick-box labels wrap without overlapping;
charts fit the output beside the open file browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from lessons.reliability import default_rubric
from lessons.skills import load_seed_case
from tests.browser.conftest import REPO, Lab, open_notebook, outputs, run_all_cells, serve_lab

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A workspace of its own: what a drop-down shows before any answer is saved depends on
    no other test having answered the same task in the shared workspace."""
    root = tmp_path_factory.mktemp("ux-lab-root")
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, root / notebook.name)
    with serve_lab(root, tmp_path_factory) as running:
        yield running


def test_pick_options_show_and_long_labels_do_not_overlap(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    open_notebook(page, lab, "02_trace_the_sources.ipynb")
    run_all_cells(page)
    task = outputs(page).locator(".lessons-task").first
    expect(task).to_be_visible()
    question = task.locator(".widget-dropdown", has_text="3. Where did this article get")
    chain = task.locator(".widget-dropdown", has_text="Next step back")
    for dropdown in (question, chain):
        select = dropdown.locator("select")
        # What the closed drop-down shows: the selected option's text, not nothing.
        shown = select.evaluate(
            "(s) => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text.replace(/\\s/g, ' ') : ''"
        )
        assert shown == "Pick an outlet…"

    # "... (described wrongly)" labels wrap inside their own row, never over the next one.
    # Question 2 lists the sources ticked in question 1: tick them all.
    named = task.locator(".widget-gridbox").first.locator("input[type=checkbox]")
    for index in range(named.count()):
        named.nth(index).check()
    boxes = task.locator(".widget-checkbox", has_text="(described wrongly)")
    expect(boxes).to_have_count(named.count())
    expect(boxes.last).to_be_visible()
    rects = boxes.evaluate_all(
        "(all) => all.map((b) => { const r = b.getBoundingClientRect();"
        " const l = b.querySelector('.widget-label-basic').getBoundingClientRect();"
        " return [r.left, r.top, r.bottom, l.bottom]; })"
    )
    for left, top, bottom, label_bottom in rects:
        assert label_bottom <= bottom + 1, "a wrapped label runs out of its row"
        below = [r for r in rects if r[0] == left and r[1] > top]
        if below:
            assert min(r[1] for r in below) >= bottom - 1, "a row overlaps the next"

    open_notebook(page, lab, "06_capstone.ipynb")
    run_all_cells(page)
    picker = outputs(page).locator(".widget-dropdown", has_text="The article you will work on")
    select = picker.locator("select")
    expect(select).to_be_visible()
    shown = select.evaluate(
        "(s) => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text.replace(/\\s/g, ' ') : ''"
    )
    assert shown == "Pick an article…"


def test_level_buttons_keep_focus_and_evidence_boxes_have_their_own_names(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    case = load_seed_case(with_keys=False)
    article = case.article("deep-dive")
    criterion = default_rubric().criteria[0]
    open_notebook(page, lab, "04_rate_reliability.ipynb")
    run_all_cells(page)
    task = outputs(page).locator(".lessons-task", has_text=f"Rate the article: {article.outlet}")
    group = task.get_by_role("group", name=criterion.question, exact=True)
    expect(group).to_have_count(1)

    partly = group.get_by_role("button", name="partly met", exact=True)
    partly.focus()
    page.keyboard.press("Enter")
    expect(partly).to_have_attribute("aria-pressed", "true")
    expect(partly).to_be_focused()  # not thrown to the page body
    page.keyboard.press("Tab")  # and the keyboard goes on from there
    expect(group.get_by_role("button", name="not met", exact=True)).to_be_focused()
    # The pressed level shows a check mark, drawn without re-drawing the buttons.
    mark = partly.evaluate("(b) => getComputedStyle(b, '::before').content")
    assert "✓" in mark

    # Every evidence box of the lesson is named by its question and article.
    evidence = outputs(page).get_by_role("combobox", name="Evidence for", exact=False)
    expect(evidence.first).to_be_visible()
    names = evidence.evaluate_all(
        "(all) => all.map((box) => box.labels[0].textContent.replace(/\\s+/g, ' ').trim())"
    )
    assert len(names) == len(set(names)) == len(default_rubric().criteria) * len(case.articles)
    assert f"Evidence for {criterion.label}, {article.outlet}" in names
    for box in (
        task.get_by_role("combobox", name=f"Evidence for {criterion.label}, {article.outlet}"),
    ):
        expect(box).to_have_count(1)


def test_charts_fit_the_output_beside_the_file_browser(page, lab: Lab) -> None:
    """At 1,280 pixels with the file browser open the output is narrower than the widest
    chart (960 pixels): charts scale down instead of scrolling sideways."""
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1280, "height": 900})
    open_notebook(page, lab, "05_how_the_claim_spread.ipynb")
    run_all_cells(page)
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute('filebrowser:activate'); }"
    )
    expect(page.locator(".jp-FileBrowser")).to_be_visible()
    charts = outputs(page).locator("figure.lessons-chart img")
    expect(charts.first).to_be_visible()
    sizes = charts.evaluate_all(
        "(all) => all.map((img) => [img.getBoundingClientRect().width, img.naturalWidth,"
        " img.closest('.jp-OutputArea-output').getBoundingClientRect().width,"
        " img.closest('.lessons-chart-scroll').scrollWidth,"
        " img.closest('.lessons-chart-scroll').clientWidth])"
    )
    assert any(natural > output for _shown, natural, output, _s, _c in sizes), (
        "the test needs a chart wider than the output"
    )
    for shown, _natural, output, scroll_width, client_width in sizes:
        assert shown <= output + 0.5
        assert scroll_width <= client_width + 1, "a chart still scrolls sideways"


def test_a_double_click_marks_a_word_with_the_chosen_category(page, lab: Lab) -> None:
    """Marking a run of hedges of one kind takes one action each: choose the category once,
    then double-click each word (lesson 03 asked four actions a mark)."""
    from playwright.sync_api import expect

    from lessons.hedges import marking_text
    from lessons.student import progress

    case = load_seed_case(with_keys=False)
    article = case.article(case.article_ids[-1])
    text = marking_text(article)
    open_notebook(page, lab, "03_find_the_hedges.ipynb")
    run_all_cells(page)
    task = outputs(page).locator(".lessons-task", has_text=f"Find the hedges: {article.outlet}")
    words = task.locator(".sm-text")
    expect(words.locator(".sm-word").first).to_be_visible()
    task.get_by_label("Category", exact=True).select_option("booster")
    chosen = words.locator(".sm-word").nth(3)
    chosen.scroll_into_view_if_needed()
    start, end = int(chosen.get_attribute("data-start")), int(chosen.get_attribute("data-end"))
    chosen.dblclick()
    mark = words.locator("mark.sm-cat-booster")
    expect(mark).to_have_count(1)
    expect(mark).to_contain_text(text[start:end])
    expect(task.locator(".sm-list li")).to_have_count(1)
    expect(task).to_contain_text("Saved.")
    saved = progress.load_answer(f"hedges/{article.id}", lab.root)
    assert saved == {"spans": [[start, end, "booster"]]}
