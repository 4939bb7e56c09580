"""Every lesson's outputs in real JupyterLab, checked with axe-core in Chromium: no WCAG 2.1
A or AA violation, before and after each task's *Check* (and *Hand in*) is pressed.

axe-core comes from npm (``tests/run`` installs it into ``.cache/npm``); nothing is
downloaded here. Without it the test is skipped with the reason, except in CI, where it
fails. JupyterLab's page is a fixed frame whose body is 0 px tall with ``overflow:
hidden``, so axe would take nearly every output for clipped and skip it: the test lets the
page grow to the notebook's full height first, so axe sees every output.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import (
    CURRENT_NOTEBOOK,
    REPO,
    Lab,
    open_notebook,
    outputs,
    run_all_cells,
)

pytestmark = pytest.mark.browser

AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
NOTEBOOKS = sorted(path.name for path in (REPO / "notebooks").glob("*.ipynb"))
#: WCAG 2.1 A and AA; a heading level skipped (axe files it under best practice) is checked
#: too, since a screen reader's list of headings is how students find their way.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EXTRA_RULES = ["heading-order"]

#: Lets the page grow with the notebook: no frame, no clipping, every cell laid out.
UNCLIP_CSS = """
html, body { height: auto !important; overflow: visible !important; }
#main, #main .lm-Widget, .jp-WindowedPanel-outer, .jp-WindowedPanel-inner,
.jp-WindowedPanel-viewport { overflow: visible !important; }
"""

#: The tallest page the test makes (Chromium draws taller ones, but slowly).
MAX_HEIGHT = 30_000
LAID_OUT_JS = f"""() => {{
  const notebook = document.querySelector("{CURRENT_NOTEBOOK}");
  const outputs = notebook.querySelectorAll(".jp-OutputArea");
  if (!outputs.length) return false;
  const bottom = outputs[outputs.length - 1].getBoundingClientRect().bottom;
  return notebook.getBoundingClientRect().bottom >= Math.min(bottom, {MAX_HEIGHT} - 400);
}}"""

RUN_AXE_JS = """async ([tags, extra]) => {
  const context = { include: [[".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-OutputArea"]] };
  const describe = (results) => results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({
      target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 200),
    })),
    count: v.nodes.length,
  }));
  const wcag = await axe.run(context, { runOnly: { type: "tag", values: tags } });
  const more = await axe.run(context, { runOnly: { type: "rule", values: extra } });
  return {
    violations: [...describe(wcag), ...describe(more)],
    passes: wcag.passes.reduce((sum, rule) => sum + rule.nodes.length, 0),
  };
}"""


def axe_script() -> Path:
    """axe-core's script, or a skip (a failure in CI) saying how to install it."""
    if AXE.is_file():
        return AXE
    reason = (
        f"axe-core is not installed at {AXE.relative_to(REPO)}: run tests/run, or "
        "`npm install --prefix .cache/npm axe-core@4`."
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def readable(violations: list[dict[str, object]]) -> str:
    """The violations as lines a person can act on: rule, what it asks, where."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}, {violation['count']} elements): "
            f"{violation['help']}"
        )
        for node in violation["nodes"]:  # type: ignore[attr-defined]
            lines.append(f"    at {node['target']}: {node['html']}")
            lines.append(f"       {' '.join(str(node['summary']).split())}")
    return "\n".join(lines)


def grow_page(page: object) -> None:
    """Make the whole notebook part of the page (see the module's docstring), and wait until
    JupyterLab has laid it out at that size: its panel reaches below the last output."""
    page.add_style_tag(content=UNCLIP_CSS)  # type: ignore[attr-defined]
    height = page.evaluate(  # type: ignore[attr-defined]
        f"() => document.querySelector('{CURRENT_NOTEBOOK}').scrollHeight"
    )
    size = {"width": 1400, "height": min(max(int(height) + 400, 1000), MAX_HEIGHT)}
    page.set_viewport_size(size)  # type: ignore[attr-defined]
    page.wait_for_function(LAID_OUT_JS)  # type: ignore[attr-defined]


def check_page(page: object, when: str, name: str) -> int:
    """Run axe over the notebook's outputs; fail listing every violation. Returns how
    many element checks passed (so a run that saw nothing cannot pass)."""
    grow_page(page)
    result = page.evaluate(RUN_AXE_JS, [TAGS, EXTRA_RULES])  # type: ignore[attr-defined]
    violations = result["violations"]
    assert not violations, f"{name}, {when}: axe found\n{readable(violations)}"
    return int(result["passes"])


def press_every_button(page: object, label: str) -> int:
    """Press every output button named ``label``, one by one; returns how many."""
    buttons = outputs(page).get_by_role("button", name=label, exact=True)  # type: ignore[attr-defined]
    count = int(buttons.count())
    for index in range(count):
        buttons.nth(index).click()
    return count


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_wcag_violations_before_and_after_check(page, lab: Lab, name: str) -> None:
    from playwright.sync_api import expect

    script = axe_script()
    open_notebook(page, lab, name)
    run_all_cells(page)
    expect(outputs(page).locator(".jupyter-widgets").first).to_be_visible()
    page.add_script_tag(path=str(script))
    before = check_page(page, "before Check", name)
    assert before > 50, f"{name}: axe checked only {before} elements; the outputs were hidden"

    feedback = outputs(page).locator(".lessons-feedback")
    shown = feedback.count()  # a lesson may print an example's feedback
    checks = press_every_button(page, "Check")
    expect(feedback).to_have_count(shown + checks)
    if press_every_button(page, "Hand in"):
        expect(outputs(page).locator(".lessons-live [role='alert']").last).to_be_visible()
    after = check_page(page, "after Check", name)
    assert after >= before
