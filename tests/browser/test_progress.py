"""Answers survive in real JupyterLab: answer in lesson 00, reload the page, restart the
kernel, run the notebook again, and see the name and the slider as the student left them."""

from __future__ import annotations

import json

import pytest

from lessons.student import progress
from tests.browser.conftest import Lab, open_notebook, outputs, restart_kernel, run_all_cells

pytestmark = pytest.mark.browser

NAME = "Kim Lee-Okafor"
#: Generous waits: kernels start slowly on a loaded 2-core machine.
WAIT_MS = 60_000


def test_answers_come_back_after_a_reload_and_a_kernel_restart(page, lab: Lab) -> None:
    from playwright.sync_api import expect

    open_notebook(page, lab, "00_start_here.ipynb")
    run_all_cells(page)

    # The name, typed and confirmed with Enter, as a student would.
    name_box = outputs(page).get_by_label("Your name")
    expect(name_box).to_be_visible(timeout=WAIT_MS)
    name_box.fill(NAME)
    name_box.press("Enter")
    expect(outputs(page).get_by_text(f"Thanks, {NAME}")).to_be_visible(timeout=WAIT_MS)

    # The confidence slider, moved by keyboard: five steps of 5% to the right.
    slider = outputs(page).locator(".widget-slider").filter(has_text="How sure are you")
    handle = slider.get_by_role("slider")
    start = round(float(handle.get_attribute("aria-valuenow") or "0"))
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    chosen = start + 25
    expect(outputs(page).get_by_text(f"Saved: {chosen}% sure.")).to_be_visible(timeout=WAIT_MS)

    saved = json.loads(progress.progress_path(lab.root).read_text(encoding="utf-8"))
    assert saved["student"] == NAME
    assert saved["answers"]["start/confidence"] == {"percent": chosen}

    # Close and reopen: reload the page, restart the kernel, run everything again.
    page.reload()
    open_notebook(page, lab, "00_start_here.ipynb")
    restart_kernel(page, lab, "00_start_here.ipynb")
    run_all_cells(page)

    expect(outputs(page).get_by_label("Your name")).to_have_value(NAME, timeout=WAIT_MS)
    expect(outputs(page).get_by_text(f"Welcome back, {NAME}.")).to_be_visible()
    restored = outputs(page).locator(".widget-slider").filter(has_text="How sure are you")
    expect(restored.locator(".widget-readout")).to_have_text(str(chosen))
    value = restored.get_by_role("slider").get_attribute("aria-valuenow")
    assert value is not None and round(float(value)) == chosen
