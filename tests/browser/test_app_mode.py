"""App mode (issue 18) in Debian's Chromium: the lessons in Voila, served as
``lessons start --app`` serves them (Voila's server extension in the student's own Jupyter
server, on a fresh workspace).

- Every request the page makes goes to this machine: one to any other host fails the test
  (it is refused and recorded), so the lessons work offline and leak nothing to a CDN.
- No code is shown, and no text about running cells: lesson 00 says how the page works.
- The widgets render; a student answers, presses *Check*, reads feedback, and after a reload
  (a new kernel) finds the answer back.
- axe-core finds no WCAG 2.1 A or AA violation on the page (as tests/browser/test_accessibility.py
  checks JupyterLab's outputs), before and after *Check*.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from lessons.cli import main
from lessons.student import progress
from lessons.widgets.start import APP_STEPS
from tests.browser.conftest import REPO, Lab, serve_app

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
#: Voila runs every cell before it shows the page: generous, for a loaded 2-core machine.
RENDER_MS = 180_000
LAB_ONLY_TEXT = ["Shift + Enter", "Run All Cells", "Restart Kernel", "How to work a notebook"]
AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.1 A and AA, and headings in order, over the whole page (Voila's page is the lesson).
RUN_AXE_JS = """async () => {
  const found = [
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    await axe.run(document, { runOnly: { type: "rule", values: ["heading-order"] } }),
  ];
  return found.flatMap((result) => result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}: ` + v.nodes.slice(0, 3).map((n) => n.html.slice(0, 160)).join(" | ")));
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    workspace = tmp_path_factory.mktemp("app-mode") / "media-literacy"
    assert main(["start", "--dir", str(workspace), "--no-server"]) == 0
    with serve_app(workspace) as running:
        yield running


@pytest.fixture
def elsewhere(page: object) -> list[str]:
    """Every address the page (or a tab it opens) asks for on another host than this
    machine: refused, and recorded."""
    refused: list[str] = []

    def only_local(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            refused.append(url)
            route.abort()  # type: ignore[attr-defined]

    def socket_host(socket: object) -> None:
        url = socket.url  # type: ignore[attr-defined]
        if urlsplit(url).hostname not in LOCAL_HOSTS:
            refused.append(url)

    # On the context, so a tab the page opens is watched from its first request.
    context = page.context  # type: ignore[attr-defined]
    context.route("**/*", only_local)
    page.on("websocket", socket_host)  # type: ignore[attr-defined]
    context.on("page", lambda tab: tab.on("websocket", socket_host))
    return refused


def render(page: object, app: Lab, notebook: str) -> float:
    """Open ``notebook`` in app mode; return the seconds until its first widget showed."""
    from playwright.sync_api import expect

    started = time.monotonic()
    page.goto(f"{app.url}/voila/render/{notebook}", timeout=RENDER_MS)  # type: ignore[attr-defined]
    expect(page.locator(".jupyter-widgets").first).to_be_visible(timeout=RENDER_MS)  # type: ignore[attr-defined]
    seconds = time.monotonic() - started
    print(f"\n{notebook}: first widget {seconds:.1f} s after the request")
    return seconds


def no_code_and_no_dead_widgets(page: object) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text("Error displaying widget")).to_have_count(0)  # type: ignore[attr-defined]
    expect(page.get_by_text("Run this cell")).to_have_count(0)  # type: ignore[attr-defined]
    # Voila leaves out every code cell's input: no editor, and none of the code's text.
    expect(page.locator(".jp-InputArea-editor, .cm-editor")).to_have_count(0)  # type: ignore[attr-defined]
    expect(page.get_by_text("import lessons")).to_have_count(0)  # type: ignore[attr-defined]
    expect(page.get_by_text(re.compile(r"lessons\.\w+\("))).to_have_count(0)  # type: ignore[attr-defined]


def test_lesson_00_says_how_the_page_works_and_nothing_about_cells(
    page: object, app: Lab, elsewhere: list[str]
) -> None:
    from playwright.sync_api import expect

    render(page, app, "00_start_here.ipynb")
    help_box = page.locator(".lessons-how-to-work")  # type: ignore[attr-defined]
    expect(help_box).to_be_visible()
    for step in APP_STEPS:
        expect(help_box).to_contain_text(step)
    for words in LAB_ONLY_TEXT:
        expect(page.get_by_text(words)).to_have_count(0)  # type: ignore[attr-defined]
    no_code_and_no_dead_widgets(page)
    name = page.locator(".widget-text", has_text="Your name").locator("input")  # type: ignore[attr-defined]
    expect(name).to_be_visible()

    # The help's link opens the list of lessons (in a new tab, as JupyterLab's renderer
    # opens every link), where the next lesson is.
    with page.context.expect_page() as opened:  # type: ignore[attr-defined]
        help_box.get_by_role("link", name="the list of lessons").click()
    lessons_list = opened.value
    expect(lessons_list.get_by_text("01_read_like_a_fact_checker.ipynb")).to_be_visible(
        timeout=RENDER_MS
    )
    assert elsewhere == []


def line_box(area: object, number: int) -> object:
    """The checkbox of one page line, found by its accessible name ("Line 14: ...")."""
    return area.get_by_role("checkbox", name=re.compile(rf"^Line {number}: "))  # type: ignore[attr-defined]


def test_a_student_answers_checks_and_finds_the_answer_after_a_reload(
    page: object, app: Lab, elsewhere: list[str]
) -> None:
    from playwright.sync_api import expect

    notebook = "01_read_like_a_fact_checker.ipynb"
    render(page, app, notebook)
    no_code_and_no_dead_widgets(page)
    area = page.locator(".jp-OutputArea").filter(has_text="Read like a fact-checker: Kyiv Post")  # type: ignore[attr-defined]
    expect(area).to_have_count(1)

    line_box(area, 14).check()
    line_box(area, 15).check()
    area.get_by_label("The page shows no date", exact=True).check()
    area.get_by_label("No: it was written in the language you read", exact=True).check()
    area.get_by_role("button", name="Check").click()
    feedback = area.locator(".lessons-feedback")
    expect(feedback).to_contain_text("level")
    expect(feedback).to_contain_text("Next step")
    answer = {"furniture": [14, 15], "date": "no-date", "translation": False}
    assert progress.load_answer("reading/kyiv-post", app.root) == answer

    # A reload renders the lesson again in a new kernel: the saved answer comes back.
    page.reload(timeout=RENDER_MS)  # type: ignore[attr-defined]
    area = page.locator(".jp-OutputArea").filter(has_text="Read like a fact-checker: Kyiv Post")  # type: ignore[attr-defined]
    expect(area).to_have_count(1, timeout=RENDER_MS)
    expect(line_box(area, 14)).to_be_checked()
    expect(line_box(area, 15)).to_be_checked()
    expect(line_box(area, 19)).not_to_be_checked()
    expect(area.get_by_label("The page shows no date", exact=True)).to_be_checked()
    expect(area.get_by_text("Your saved answer is back.")).to_be_visible()
    no_code_and_no_dead_widgets(page)
    assert elsewhere == []


def test_the_watch_on_other_hosts_catches_voilas_own_template(
    page: object, app: Lab, elsewhere: list[str]
) -> None:
    """The check above can fail: Voila's own "lab" template (asked for by name) fetches
    Font Awesome from a CDN, and the watch records it."""
    render(page, app, "00_start_here.ipynb?template=lab")
    assert any("cdn.jsdelivr.net" in url for url in elsewhere), elsewhere


def no_wcag_violations(page: object) -> None:
    """axe-core (from npm, as tests/run installs it) over the whole page; skipped without it,
    except in CI."""
    import os

    if not AXE.is_file():
        reason = f"axe-core is not installed at {AXE.relative_to(REPO)}: run tests/run."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    violations = page.evaluate(RUN_AXE_JS)  # type: ignore[attr-defined]
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("notebook", ["00_start_here.ipynb", "01_read_like_a_fact_checker.ipynb"])
def test_app_mode_pages_have_no_wcag_violations(
    page: object, app: Lab, elsewhere: list[str], notebook: str
) -> None:
    from playwright.sync_api import expect

    render(page, app, notebook)
    no_wcag_violations(page)
    checks = page.get_by_role("button", name="Check", exact=True)  # type: ignore[attr-defined]
    if checks.count():
        checks.first.click()
        expect(page.locator(".lessons-feedback").first).to_be_visible()  # type: ignore[attr-defined]
        no_wcag_violations(page)
    assert elsewhere == []
