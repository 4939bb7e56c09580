"""The real JupyterHub for the ``hub`` tests: system users, a shared venv, the guide's
configuration, configurable-http-proxy (see :mod:`tests.hub.harness`).

- ``hub`` (package): JupyterHub running for two students and a teacher, all removed with
  their homes and processes when the hub tests are done (they run first), even on failure;
- ``hub_page`` (per test): a factory of fresh browser tabs (one context each, so two
  students are two separate sign-ins); each tab's screenshot goes to ``test-results/``;
- :func:`sign_in`: a student's sign-in through the hub's login form, until JupyterLab is up.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.hub.harness import Hub, HubUser, hub_venv, running_hub, system_users

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
#: A student's server on a busy 2-core machine takes 10-25 s to start, more when several
#: start at once; the tests wait generously (an assertion that holds returns at once).
SPAWN_TIMEOUT_MS = 300_000


@pytest.fixture(scope="package")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    if os.geteuid() != 0:
        pytest.fail(
            "The hub tests make system users and start JupyterHub: run them as root, or "
            "leave them out with -m 'not hub'."
        )
    with ExitStack() as stack:
        venv, timings = stack.enter_context(hub_venv())
        for step, seconds in timings.items():
            print(f"hub venv: {step}: {seconds:.1f} s")
        users = stack.enter_context(system_users(["student-a", "student-b", "teacher"]))
        # The exchange's parent is world-readable (students read released/ through it).
        parent = Path(tempfile.mkdtemp(prefix="lessons-hub-srv-", dir="/opt"))
        stack.callback(shutil.rmtree, parent, True)
        parent.chmod(0o755)
        state = tmp_path_factory.mktemp("hub-state")
        # The hub's log (spawns, the spawn hook's output) is kept beside the screenshots.
        stack.callback(_keep_log, state / "jupyterhub.log")
        yield stack.enter_context(running_hub(venv, users, state, parent))


def _keep_log(log: Path) -> None:
    if log.exists():
        RESULTS.mkdir(exist_ok=True)
        shutil.copy(log, RESULTS / "jupyterhub.log")


@pytest.fixture
def hub_page(request: pytest.FixtureRequest) -> Iterator[Callable[[str], Any]]:
    """``hub_page(label)`` opens a tab in a context of its own (its own cookies)."""
    from playwright.sync_api import expect, sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, EXPECT_TIMEOUT_MS

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        tabs: list[tuple[str, Any]] = []

        def open_tab(label: str) -> Any:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.set_default_timeout(SPAWN_TIMEOUT_MS)
            tab = context.new_page()
            tabs.append((label, tab))
            return tab

        try:
            yield open_tab
        finally:
            RESULTS.mkdir(exist_ok=True)
            failed = getattr(request.node, "rep_call", None)
            for label, tab in tabs:
                if failed is None or failed.failed:
                    name = f"{request.node.name}-{label}".replace("/", "_")
                    try:
                        tab.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
                    except Exception as error:  # a crashed tab must not hide the failure
                        print(f"no screenshot of {label}: {error}")
            browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's report on the test item, so fixtures know if the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def sign_in(page: Any, hub: Hub, user: HubUser) -> None:
    """Sign ``user`` in through the hub's login form and wait until their JupyterLab is up
    (the hub spawns the server, runs the spawn hook, then redirects to ``/user/NAME/lab``)."""
    from playwright.sync_api import expect

    page.goto(f"{hub.url}/hub/login")
    page.get_by_label("Username").fill(user.name)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/user/{user.name}/lab**", timeout=SPAWN_TIMEOUT_MS)
    expect(page.locator("#jp-main-dock-panel")).to_be_visible(timeout=SPAWN_TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the hub tests before all others: Playwright's sync API cannot start while
    another is running, and tests/browser keeps one for the whole session (its ``browser``
    fixture), so the hub tests' own browsers must come and go before it starts."""
    hub = [item for item in items if item.get_closest_marker("hub")]
    items[:] = hub + [item for item in items if not item.get_closest_marker("hub")]
