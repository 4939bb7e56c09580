"""Measure click-to-feedback in real JupyterLab: press *Check* on a lesson's task and time
until its feedback shows, for every task of every lesson, in Debian's Chromium.

What a student waits for: the click reaches the kernel (widget comm message), the kernel
saves the answer, checks it through ``lessons.tasks.check``, renders the feedback (and, in
lesson 02, the chain chart), and the new HTML comes back and is drawn. Each round opens
the lesson with a fresh kernel and runs all its cells, as a student does, then presses
each *Check* in turn and times it inside the page (``performance.now()`` from the click to
the first frame after the task's feedback area holds a verdict).

The workspace holds the experts' answers for lessons 02, 03, 04 and 06 (so their checks
do the real work: a full answer judged, a chart drawn); lesson 01's and 05's tasks are
checked as a student first finds them, unanswered. Prints, per lesson, how many presses,
the median and the 95th percentile. Asserts nothing.

    python bench/bench_latency.py [--rounds 3] [--lessons 02 04]

Needs Debian's Chromium (/usr/bin/chromium) and the package installed with its test extras.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lessons.reliability import ReliabilityKey  # noqa: E402
from lessons.skills import load_seed_case  # noqa: E402
from lessons.sources import SourcesKey  # noqa: E402
from lessons.student import progress  # noqa: E402
from tests.cases import GOOD_BRIEF, expert_rating, expert_trace  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
KERNEL_READY_JS = """() => {
    const kernel = window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
#: Press the index-th Check of the open notebook; resolve with the milliseconds until the
#: task's feedback area holds a verdict (and the next frame is drawn).
PRESS_JS = f"""async (index) => {{
  const checks = [...document.querySelectorAll("{NOTEBOOK} .jp-OutputArea button")]
    .filter((b) => b.textContent.trim() === "Check");
  const button = checks[index];
  const task = button.closest(".lessons-task");
  const shown = () => task.querySelector(".lessons-feedback");
  if (shown()) return null;  // only a task with no feedback yet can be timed
  return await new Promise((resolve) => {{
    const start = performance.now();
    const watch = new MutationObserver(() => {{
      if (!shown()) return;
      watch.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    }});
    watch.observe(task, {{ childList: true, subtree: true, characterData: true }});
    button.click();
  }});
}}"""
COUNT_JS = f"""() => [...document.querySelectorAll("{NOTEBOOK} .jp-OutputArea button")]
  .filter((b) => b.textContent.trim() === "Check").length"""
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def fill_answers(workspace: Path) -> None:
    """The experts' answers for lessons 02-04 and the capstone, saved as a student's."""
    case = load_seed_case()
    sources, reliability = case.key("sources"), case.key("reliability")
    hedges = case.key("hedges")
    assert isinstance(sources, SourcesKey) and isinstance(reliability, ReliabilityKey)
    progress.set_student_name("Bench Student", workspace)
    for article_id in case.article_ids:
        progress.save_answer(f"sources/{article_id}", expert_trace(sources, article_id), workspace)
        spans = [[s.start, s.end, s.category] for s in hedges.article(article_id).spans]
        progress.save_answer(f"hedges/{article_id}", {"spans": spans}, workspace)
        progress.save_answer(
            f"reliability/{article_id}", expert_rating(reliability, article_id), workspace
        )
    progress.save_answer("reliability/how-sure-now", {"percent": 30}, workspace)
    progress.save_answer("capstone/article", {"article": case.article_ids[-1]}, workspace)
    progress.save_answer("capstone/brief", {"text": GOOD_BRIEF}, workspace)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_lab(root: Path, settings: Path) -> tuple[subprocess.Popen[bytes], str]:
    for name, values in SETTINGS.items():
        plugin, _, file = name.rpartition("/")
        (settings / plugin).mkdir(parents=True, exist_ok=True)
        (settings / plugin / file).write_text(json.dumps(values))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, LESSONS_WORKSPACE=str(root), JUPYTERLAB_SETTINGS_DIR=str(settings))
    env["MPLBACKEND"] = "Agg"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--IdentityProvider.token=", "--ServerApp.password=",
        f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
        "--ServerApp.port_retries=0", "--ServerApp.disable_check_xsrf=True",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = (root.parent / "lab.log").open("wb")
    lab = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=5):
                return lab, url
        except OSError:
            time.sleep(0.25)  # the server is starting
    lab.terminate()
    raise SystemExit("JupyterLab did not start within 120 s")


def end_sessions(url: str) -> None:
    """End every kernel, so the next opening of a lesson starts a fresh one."""
    with urllib.request.urlopen(f"{url}/api/sessions", timeout=30) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{url}/api/sessions/{session['id']}", method="DELETE")
        urllib.request.urlopen(request, timeout=60).close()


def one_round(page: object, url: str, name: str) -> list[float]:
    """Open the lesson with a fresh kernel, run it, and time every Check once."""
    end_sessions(url)
    page.goto(f"{url}/lab/tree/{name}?reset")  # type: ignore[attr-defined]
    page.wait_for_selector(NOTEBOOK, timeout=120_000)  # type: ignore[attr-defined]
    page.wait_for_function(KERNEL_READY_JS, timeout=120_000)  # type: ignore[attr-defined]
    page.evaluate(  # type: ignore[attr-defined]
        "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
    )
    page.wait_for_function(  # type: ignore[attr-defined]
        f"""() => [...document.querySelectorAll("{NOTEBOOK} .jp-InputArea-prompt")]
              .every((prompt) => !prompt.textContent.includes("[*]"))""",
        timeout=300_000,
    )
    page.wait_for_function(KERNEL_READY_JS, timeout=300_000)  # type: ignore[attr-defined]
    count = int(page.evaluate(COUNT_JS))  # type: ignore[attr-defined]
    times = []
    for index in range(count):
        elapsed = page.evaluate(PRESS_JS, index)  # type: ignore[attr-defined]
        if elapsed is not None:
            times.append(float(elapsed))
    return times


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (no interpolation on a few dozen presses)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="fresh kernels a lesson")
    parser.add_argument("--lessons", nargs="*", default=None, help="e.g. 02 04 (default: all)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    if args.lessons:
        names = [n for n in names if n[:2] in args.lessons]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "workspace"
        root.mkdir()
        for name in names:
            shutil.copy(REPO / "notebooks" / name, root / name)
        fill_answers(root)
        lab, url = start_lab(root, Path(folder) / "settings")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                print(f"click to feedback, {args.rounds} fresh kernels a lesson (ms)")
                print(f"{'lesson':<36} {'presses':>7} {'median':>8} {'p95':>8} {'max':>8}")
                for name in names:
                    times = [t for _ in range(args.rounds) for t in one_round(page, url, name)]
                    if not times:
                        print(f"{name:<36} {0:>7}  (no Check button)")
                        continue
                    print(
                        f"{name:<36} {len(times):>7} {statistics.median(times):>8.0f} "
                        f"{percentile(times, 0.95):>8.0f} {max(times):>8.0f}"
                    )
                browser.close()
        finally:
            lab.terminate()  # ends its kernels too
            try:
                lab.wait(timeout=20)
            except subprocess.TimeoutExpired:
                lab.kill()


if __name__ == "__main__":
    main()
