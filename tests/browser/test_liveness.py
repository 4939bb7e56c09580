"""No lesson widget is ever dead without saying so, in real JupyterLab (issue 15).

- A lesson saved, its kernel shut down and the notebook opened again (the next day) shows
  one line where each widget was, "Run this cell ... your answers are saved.", never
  "Error displaying widget: model not found"; running the cells brings the tasks back.
- After the kernel restarts, every widget still on screen says it stopped and how to
  bring it back.
- A tab left open on an older answer shows the newer one when touched, never overwrites it.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from lessons.reliability import default_rubric
from lessons.student import progress
from lessons.widgets._base import CHANGED_ELSEWHERE_MESSAGE, STOPPED_MESSAGE
from lessons.widgets.reopen import RERUN_MESSAGE, WIDGET_VIEW
from tests.browser.conftest import Lab, open_notebook, outputs, restart_kernel, run_all_cells

pytestmark = pytest.mark.browser

#: A name box (shown with a guard added), the confidence slider (its own guard) and a
#: reliability task (a TaskWidget): one of each kind of lesson widget.
CELLS = ["import lessons", "lessons.your_name()", "lessons.how_sure()", 'lessons.rate("kyiv-post")']
WIDGETS = 3
#: Generous waits: kernels start slowly on a loaded 2-core machine.
WAIT_MS = 60_000


def _lesson(lab: Lab, name: str, cells: list[str] = CELLS) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(notebook, lab.root / name)
    return name


def _slider(page: object) -> object:
    return outputs(page).locator(".widget-slider").filter(has_text="How sure are you")  # type: ignore[attr-defined]


def test_a_reopened_lesson_says_how_to_bring_each_task_back(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    name = _lesson(lab, "liveness_reopen.ipynb")
    open_notebook(page, lab, name)
    run_all_cells(page)
    expect(_slider(page)).to_be_visible(timeout=WAIT_MS)
    expect(outputs(page).get_by_role("button", name="Check")).to_be_visible(timeout=WAIT_MS)
    page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")

    saved = json.loads((lab.root / name).read_text(encoding="utf-8"))
    shown = [output["data"] for cell in saved["cells"] for output in cell.get("outputs", [])]
    assert not [data for data in shown if WIDGET_VIEW in data], "a widget view was saved"
    lines = [data for data in shown if "".join(data.get("text/plain", "")) == RERUN_MESSAGE]
    assert len(lines) == WIDGETS

    # The next day: the kernel is gone and the notebook is opened again with a new one.
    restart_kernel(page, lab, name)
    expect(outputs(page).get_by_text(RERUN_MESSAGE, exact=True)).to_have_count(
        WIDGETS, timeout=WAIT_MS
    )
    expect(outputs(page).get_by_text("model not found")).to_have_count(0)
    expect(outputs(page).get_by_text("Error displaying widget")).to_have_count(0)

    # Run > Run All Cells brings every task back.
    run_all_cells(page)
    expect(_slider(page)).to_be_visible(timeout=WAIT_MS)
    expect(outputs(page).get_by_role("button", name="Check")).to_be_visible(timeout=WAIT_MS)
    expect(outputs(page).get_by_text(RERUN_MESSAGE, exact=True)).to_have_count(0)


def test_after_a_kernel_restart_every_widget_says_it_stopped(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    name = _lesson(lab, "liveness_restart.ipynb")
    open_notebook(page, lab, name)
    run_all_cells(page)
    expect(_slider(page)).to_be_visible(timeout=WAIT_MS)
    expect(outputs(page).get_by_text(STOPPED_MESSAGE)).to_have_count(0)

    # Kernel > Restart Kernel (the menu's confirmation dialog left out).
    page.evaluate(
        "() => { const kernel = window.jupyterapp.shell.currentWidget.sessionContext"
        ".session.kernel; kernel.restart().catch(() => {}); }"
    )

    stopped = outputs(page).get_by_text(STOPPED_MESSAGE, exact=True)
    expect(stopped).to_have_count(WIDGETS, timeout=WAIT_MS)
    for index in range(WIDGETS):
        expect(stopped.nth(index)).to_be_visible()
    # Each message sits in the output of the widget it is about.
    slider = page.locator(".widget-slider", has_text="How sure are you")
    slider_output = outputs(page).locator(".jp-OutputArea-output").filter(has=slider)
    expect(slider_output.get_by_role("alert").filter(has_text=STOPPED_MESSAGE)).to_be_visible()
    task_output = (
        outputs(page)
        .locator(".jp-OutputArea-output")
        .filter(has=page.get_by_role("button", name="Check"))
    )
    expect(task_output.get_by_text(STOPPED_MESSAGE, exact=True)).to_be_visible()


def test_a_tab_left_open_shows_the_newer_answer_instead_of_overwriting_it(page, lab: Lab) -> None:
    """Two notebooks show the same task: change it in one, then touch the other."""
    from playwright.sync_api import expect

    cells = ["import lessons", 'lessons.rate("spark-chronicles")']
    criterion = default_rubric().criteria[0]

    def levels(tab: object) -> object:
        return outputs(tab).get_by_role("group", name=criterion.question, exact=True)  # type: ignore[attr-defined]

    first_name = _lesson(lab, "liveness_tab_one.ipynb", cells)
    second_name = _lesson(lab, "liveness_tab_two.ipynb", cells)
    open_notebook(page, lab, first_name)
    run_all_cells(page)
    expect(levels(page)).to_have_count(1, timeout=WAIT_MS)
    other = page.context.new_page()
    open_notebook(other, lab, second_name)
    run_all_cells(other)
    expect(levels(other)).to_have_count(1, timeout=WAIT_MS)

    levels(other).get_by_role("button", name="met", exact=True).click()
    expect(outputs(other).get_by_text("Saved.", exact=True)).to_be_visible(timeout=WAIT_MS)

    page.bring_to_front()
    levels(page).get_by_role("button", name="not met", exact=True).click()

    expect(outputs(page).get_by_text(CHANGED_ELSEWHERE_MESSAGE, exact=True)).to_be_visible(
        timeout=WAIT_MS
    )
    chosen = levels(page).get_by_role("button", pressed=True)
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_accessible_name("met")
    saved = progress.load_answer("reliability/spark-chronicles", lab.root)
    assert saved is not None and saved["levels"][criterion.id] == "met"
