"""Measure the lessons on a real JupyterHub (the harness of ``tests/hub``, the configuration of
``docs/hub.md``): how long a student waits from signing in to a ready kernel, alone and with
the class signing in at once, and how much memory each student's server takes.

For each size N (``--students``, default 1 and 10): N fresh students sign in at the same
moment through the hub's login form (HTTP, as a browser posts it), the hub spawns their
servers (the spawn hook copies the lessons), each opens lesson 00 and waits for its kernel
to answer; prints the median and the slowest. Then the first student opens every lesson in
turn (a kernel each, all cells run, as "Run All" would) and the memory of all that
student's processes is read from /proc after each: RSS (counts shared pages once per
process) and PSS (shares them out, the fair figure for a node). Last, how many students one
24 GiB node holds, keeping 2 GiB for the system and the hub. Needs root. Asserts nothing.

    python bench/bench_hub.py [--students 1 10] [--lessons 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hub.harness import (
    Hub,
    HubUser,
    hub_venv,
    processes_of,
    running_hub,
    system_users,
)

GIB = 1024**3
NODE = 24 * GIB
RESERVED = 2 * GIB
#: How long one student may wait for anything (a busy 2-core machine, many spawns at once).
TIMEOUT = 600.0


def _message(msg_type: str, content: dict[str, Any], session: str) -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": session,
            "username": "bench",
            "date": "",
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": "shell",
        "buffers": [],
    }


class Student:
    """One student's browser session against the hub, over HTTP and a kernel websocket."""

    def __init__(self, hub: Hub, user: HubUser) -> None:
        import requests

        self.hub, self.user = hub, user
        self.http = requests.Session()
        self.base = f"{hub.url}/user/{user.name}"

    def sign_in(self) -> None:
        """Post the login form; wait until the hub says the server is ready; open JupyterLab."""
        self.http.get(f"{self.hub.url}/hub/login", timeout=TIMEOUT).raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        answer = self.http.post(
            f"{self.hub.url}/hub/login",
            data={"username": self.user.name, "password": self.user.password, "_xsrf": xsrf},
            timeout=TIMEOUT,
        )
        answer.raise_for_status()
        self.hub.wait_for_server(self.user.name, timeout=TIMEOUT)
        self.http.get(f"{self.base}/lab", timeout=TIMEOUT).raise_for_status()

    def _headers(self) -> dict[str, str]:
        return {"X-XSRFToken": self.http.cookies.get("_xsrf", path=f"/user/{self.user.name}/")}

    def open_notebook(self, path: str) -> Any:
        """Start the notebook's kernel (as JupyterLab does on opening it) and wait until it
        answers; returns the open websocket."""
        import websocket

        answer = self.http.post(
            f"{self.base}/api/sessions",
            json={"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
            headers=self._headers(),
            timeout=TIMEOUT,
        )
        answer.raise_for_status()
        kernel = answer.json()["kernel"]["id"]
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        ws_url = self.base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
        socket = websocket.create_connection(ws_url, cookie=cookies, timeout=TIMEOUT)
        self.request(socket, "kernel_info_request", {})
        return socket

    def request(self, socket: Any, msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
        """Send one shell request and return its reply (other messages are read past)."""
        message = _message(msg_type, content, uuid.uuid4().hex)
        socket.send(json.dumps(message))
        want = msg_type.replace("_request", "_reply")
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = json.loads(socket.recv())
            if (
                reply.get("parent_header", {}).get("msg_id") == message["header"]["msg_id"]
                and reply["header"]["msg_type"] == want
            ):
                return dict(reply["content"])
        raise TimeoutError(f"no {want} within {TIMEOUT:.0f} s")

    def run_notebook(self, path: str) -> int:
        """Open a lesson and run all its code cells; returns how many cells failed."""
        notebook = json.loads((self.user.home / path).read_text())
        socket = self.open_notebook(path)
        failed = 0
        try:
            for cell in notebook["cells"]:
                if cell["cell_type"] != "code":
                    continue
                source = "".join(cell["source"])
                reply = self.request(
                    socket,
                    "execute_request",
                    {"code": source, "silent": False, "store_history": True, "allow_stdin": False},
                )
                failed += reply.get("status") != "ok"
        finally:
            socket.close()
        return failed


def memory(uid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes, summed over every process of ``uid``."""
    rss = pss = 0
    for pid in processes_of(uid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1]) * 1024
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1]) * 1024
    return rss, pss


def sign_in_to_kernel(hub: Hub, user: HubUser, start: threading.Event) -> float:
    """Seconds from posting the login form to lesson 00's kernel answering."""
    student = Student(hub, user)
    start.wait()
    began = time.perf_counter()
    student.sign_in()
    socket = student.open_notebook("media-literacy/00_start_here.ipynb")
    elapsed = time.perf_counter() - began
    socket.close()
    return elapsed


def measure_sign_in(hub: Hub, users: list[HubUser]) -> list[float]:
    start = threading.Event()
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        futures = [pool.submit(sign_in_to_kernel, hub, user, start) for user in users]
        start.set()
        return [future.result() for future in futures]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--lessons", type=int, default=7, help="lessons to open for memory")
    args = parser.parse_args()
    total = sum(args.students)
    with ExitStack() as stack:
        venv, timings = stack.enter_context(hub_venv())
        for step, seconds in timings.items():
            print(f"venv: {step}: {seconds:.1f} s")
        roles = ["teacher"] + [f"s{index:02d}" for index in range(total)]
        users = stack.enter_context(system_users(roles))
        parent = Path(stack.enter_context(tempfile.TemporaryDirectory(dir="/opt")))
        parent.chmod(0o755)
        state = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        started = time.perf_counter()
        hub = stack.enter_context(running_hub(venv, users, Path(state) / "hub", parent))
        print(f"hub up (hub + proxy answering): {time.perf_counter() - started:.1f} s")
        students = [u for u in users if u.role != "teacher"]
        first = 0
        after_sign_in: list[int] = []
        for size in args.students:
            group = students[first : first + size]
            first += size
            seconds = measure_sign_in(hub, group)
            print(
                f"sign-in to a ready kernel, {size:2d} student(s) at once: "
                f"median {statistics.median(seconds):5.1f} s, max {max(seconds):5.1f} s"
            )
            after_sign_in = [memory(u.uid)[1] for u in group]
        print(
            f"memory a student after sign-in (server + lesson 00's kernel), PSS: median "
            f"{statistics.median(after_sign_in) / 2**20:.0f} MiB"
        )
        student = Student(hub, students[0])
        student.sign_in()
        lessons = sorted(p.name for p in (students[0].home / "media-literacy").glob("*.ipynb"))
        print("memory of one student as they open each lesson (a kernel each, all cells run):")
        rss = pss = 0
        for name in lessons[: args.lessons]:
            failed = student.run_notebook(f"media-literacy/{name}")
            rss, pss = memory(students[0].uid)
            note = f" ({failed} cell(s) failed)" if failed else ""
            print(
                f"  after {name:40s} RSS {rss / 2**20:6.0f} MiB  PSS {pss / 2**20:6.0f} MiB{note}"
            )
        usable = NODE - RESERVED
        print(
            f"students per 24 GiB node (2 GiB kept for the system): "
            f"{usable // pss} with {min(args.lessons, len(lessons))} lesson(s) open each "
            f"(PSS {pss / 2**20:.0f} MiB), "
            f"{usable // statistics.median(after_sign_in):.0f} with one lesson open each"
        )


if __name__ == "__main__":
    main()
