"""A real JupyterHub for tests and benchmarks: real system users, a shared venv, the guide's
configuration, configurable-http-proxy, and clean-up of everything it made.

Plain functions and context managers (no pytest), so ``bench/bench_hub.py`` reuses them:

- :func:`system_users`: users made with ``useradd --create-home`` and a password
  (``chpasswd``); on exit their processes are killed and ``userdel --remove`` runs;
- :func:`hub_venv`: a venv under ``/opt`` (mode 0755) with the wheel of this checkout,
  ``jupyterhub`` and JupyterLab, which every user can run;
- :func:`running_hub`: ``jupyterhub`` started from the config in ``docs/hub.md`` on
  127.0.0.1 and free ports, waited for through its REST API, and stopped;
- :func:`guide_blocks`: the code blocks of ``docs/hub.md``, so the guide and the test
  cannot drift apart.

Everything here needs root (``useradd``, PAM, ``runuser``).
"""

from __future__ import annotations

import ast
import fcntl
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "hub.md"
#: Where ``tests/run`` installs configurable-http-proxy with npm.
NPM_BIN = REPO / ".cache" / "npm" / "node_modules" / ".bin"
#: The JupyterHub the harness installs (a 6.x release, as the guide says).
JUPYTERHUB_SPEC = "jupyterhub>=6.1,<7"
#: The idle culler the guide's configuration runs as a hub service.
CULLER_SPEC = "jupyterhub-idle-culler>=1.4"
#: Cached venvs live here, one per set of requirements (see :func:`hub_venv`).
VENV_CACHE = Path("/opt/lessons-hub-venvs")
#: How long to wait for the hub, and for one user's server (a busy 2-core machine needs
#: 10-25 s a server; many at once need far longer).
HUB_TIMEOUT = 180.0
SPAWN_TIMEOUT = 300.0

__all__ = [
    "GUIDE",
    "REPO",
    "Hub",
    "HubUser",
    "guide_blocks",
    "hub_venv",
    "processes_of",
    "run_as",
    "running_hub",
    "system_users",
]


@dataclass(frozen=True)
class HubUser:
    """A real system user with a password, who signs in to the hub through PAM."""

    name: str
    password: str
    role: str

    @property
    def home(self) -> Path:
        return Path(pwd.getpwnam(self.name).pw_dir)

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.name).pw_uid


@dataclass
class Hub:
    """A running JupyterHub: its public URL, an admin API token, and where things are."""

    url: str
    token: str
    venv: Path
    exchange: Path
    state: Path
    users: dict[str, HubUser] = field(default_factory=dict)

    def api(self, method: str, path: str, body: Any = None, timeout: float = 60) -> Any:
        """Call the hub's REST API (``/hub/api/...``) with the admin token; returns the JSON."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text else None

    def wait_for_server(self, name: str, timeout: float = SPAWN_TIMEOUT) -> None:
        """Wait until ``name``'s server is running and ready (the hub says so)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.api("GET", f"/users/{name}").get("servers", {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)  # polling a spawning server, not waiting in a test
        raise TimeoutError(f"{name}'s server was not ready within {timeout:.0f} s:\n{self.log()}")

    def stop_server(self, name: str, timeout: float = SPAWN_TIMEOUT) -> None:
        """Stop ``name``'s server if one runs, and wait until the hub says it is gone."""
        try:
            self.api("DELETE", f"/users/{name}/server")
        except urllib.error.HTTPError as error:
            if error.code != 400:  # 400: no server running
                raise
        deadline = time.monotonic() + timeout
        while self.api("GET", f"/users/{name}").get("servers"):
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{name}'s server did not stop in {timeout:.0f} s:\n{self.log()}"
                )
            time.sleep(0.5)  # polling a stopping server, not waiting in a test

    def log(self, characters: int = 6000) -> str:
        """The end of the hub's log (for failure messages)."""
        path = self.state / "jupyterhub.log"
        return path.read_text(errors="replace")[-characters:] if path.exists() else ""


# --- users -----------------------------------------------------------------------------


def processes_of(uid: int) -> list[int]:
    """Every process id whose real uid is ``uid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        match = re.search(r"^Uid:\s+(\d+)", status, re.MULTILINE)
        if match and int(match.group(1)) == uid:
            found.append(int(entry.name))
    return found


def _kill_all_of(uid: int, timeout: float = 20) -> None:
    """End every process of ``uid`` (TERM, then KILL what is left)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_of(uid):
            with suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while processes_of(uid) and time.monotonic() < deadline:
            time.sleep(0.1)  # waiting for processes to exit
        if not processes_of(uid):
            return


@contextmanager
def system_users(roles: Sequence[str]) -> Iterator[list[HubUser]]:
    """Make one real user per role (``student-a``...), random suffixes, passwords set; on
    exit kill their processes and remove them with their homes, even after a failure."""
    if os.geteuid() != 0:
        raise PermissionError("The hub harness makes system users: run it as root.")
    suffix = secrets.token_hex(3)
    made: list[HubUser] = []
    try:
        for role in roles:
            name = f"lh{role.replace('-', '')}{suffix}"[:32]
            subprocess.run(
                # a private home, as docs/hub.md asks (Debian's default lets others read it)
                ["useradd", "--create-home", "-K", "HOME_MODE=0700", "--shell", "/bin/bash", name],
                check=True,
                capture_output=True,
                timeout=60,
            )
            user = HubUser(name=name, password=secrets.token_urlsafe(18), role=role)
            made.append(user)
            subprocess.run(
                ["chpasswd"],
                input=f"{name}:{user.password}\n",
                text=True,
                check=True,
                capture_output=True,
                timeout=60,
            )
        yield made
    finally:
        for user in made:
            try:
                uid = user.uid
            except KeyError:
                continue
            _kill_all_of(uid)
            subprocess.run(["userdel", "--remove", user.name], capture_output=True, timeout=60)


def run_as(
    user: HubUser,
    command: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run a shell line as ``user`` (``runuser -u``, a login-like environment) and return
    the result; does not raise on a non-zero exit, so a test can assert a refusal."""
    environment = {
        "HOME": str(user.home),
        "USER": user.name,
        "LOGNAME": user.name,
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        **(env or {}),
    }
    return subprocess.run(
        ["runuser", "-u", user.name, "--", "env", "-i"]
        + [f"{k}={v}" for k, v in environment.items()]
        + ["bash", "-c", command],
        cwd=cwd or user.home,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --- the venv every user runs ----------------------------------------------------------


def _user_python() -> str:
    """A Python >= 3.11 that other users can run (the one running us may sit under a
    private home, like pyenv's under /root)."""
    candidates = [sys.executable, "/usr/bin/python3.12", "/usr/bin/python3.11", "/usr/bin/python3"]
    for candidate in candidates:
        path = Path(candidate)
        if not path.exists():
            continue
        real = path.resolve()
        base = real
        readable = all(os.stat(p).st_mode & 0o001 for p in [*real.parents, real])
        if not readable:
            continue
        done = subprocess.run(
            [str(base), "-c", "import sys, venv; print(sys.version_info >= (3, 11))"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.stdout.strip() == "True":
            return str(path)
    raise RuntimeError(
        "No Python 3.11+ that every user can run was found (tried "
        f"{', '.join(candidates)}); install Debian's python3 (apt-get install python3-venv)."
    )


def build_wheel(out: Path) -> Path:
    """The wheel of this checkout (what ``pip install .`` would install)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = out.glob("lessons-*.whl")
    return wheel


def _requirements_key(python: str) -> str:
    """What decides a cached venv's dependencies: the Python, the package's requirements
    (pyproject.toml's [project] table) and the JupyterHub spec."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    app = project.get("optional-dependencies", {}).get("app")  # Voila, for app mode
    text = json.dumps(
        [python, project.get("dependencies"), app, JUPYTERHUB_SPEC, CULLER_SPEC], sort_keys=True
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@contextmanager
def hub_venv(fresh: bool = False) -> Iterator[tuple[Path, dict[str, float]]]:
    """A venv every user can run, with this checkout's wheel (and its ``app`` extra, Voila),
    JupyterHub and JupyterLab;
    yields (venv, timings in seconds).

    The dependencies take a minute or more to install, so a venv is kept under
    :data:`VENV_CACHE` (root-owned, 0755: users run it, none can change it), one per set
    of requirements; each use reinstalls only the wheel. ``fresh=True`` (or
    ``LESSONS_HUB_FRESH_VENV=1``) builds a new one in a temporary folder under /opt and
    removes it afterwards (to measure the full build).
    """
    fresh = fresh or os.environ.get("LESSONS_HUB_FRESH_VENV") == "1"
    timings: dict[str, float] = {}
    python = _user_python()
    with ExitStack() as stack:
        wheels = Path(tempfile.mkdtemp(prefix="lessons-hub-wheel-"))
        stack.callback(shutil.rmtree, wheels, True)
        start = time.perf_counter()
        wheel = build_wheel(wheels)
        timings["build the wheel"] = time.perf_counter() - start
        if fresh:
            venv = Path(tempfile.mkdtemp(prefix="lessons-hub-venv-", dir="/opt"))
            stack.callback(shutil.rmtree, venv, True)
        else:
            VENV_CACHE.mkdir(mode=0o755, exist_ok=True)
            venv = VENV_CACHE / _requirements_key(python)
            lock = stack.enter_context((VENV_CACHE / ".lock").open("w"))
            fcntl.flock(lock, fcntl.LOCK_EX)  # two runs at once share one build
        os.chmod(venv.parent, os.stat(venv.parent).st_mode | 0o755)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        start = time.perf_counter()
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=300)
            subprocess.run([*pip, "--upgrade", "pip"], check=True, capture_output=True, timeout=600)
            done = subprocess.run(
                [*pip, f"{wheel}[app]", JUPYTERHUB_SPEC, CULLER_SPEC],  # as docs/hub.md
                capture_output=True,
                text=True,
                timeout=1800,
            )
            if done.returncode:
                raise RuntimeError(f"pip could not build the hub's venv:\n{done.stderr[-3000:]}")
            (venv / ".complete").write_text("")
            timings["build the venv (dependencies)"] = time.perf_counter() - start
        else:
            subprocess.run(
                [*pip, "--no-deps", "--force-reinstall", str(wheel)],
                check=True,
                capture_output=True,
                timeout=600,
            )
            timings["reuse the venv (reinstall the wheel)"] = time.perf_counter() - start
        venv.chmod(0o755)
        yield venv, timings


# --- the guide's snippets --------------------------------------------------------------


def guide_blocks(language: str, marker: str) -> list[str]:
    """The code blocks of ``docs/hub.md`` in ``language`` whose first line contains
    ``marker`` (e.g. ``("python", "part 2")``), in order."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(rf"^```{language}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    found = [block for block in blocks if marker in block.partition("\n")[0]]
    if not found:
        raise LookupError(f"docs/hub.md has no ```{language} block whose first line has {marker!r}")
    return found


def site_values(**values: Any) -> str:
    """Part 1 of the guide's ``jupyterhub_config.py`` (the site's own values) with the
    test's values: the guide's block must assign exactly the names given, nothing else."""
    (block,) = guide_blocks("python", "part 1")
    names = [
        target.id
        for node in ast.parse(block).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    if sorted(names) != sorted(values):
        raise LookupError(f"docs/hub.md part 1 assigns {names}, the harness sets {sorted(values)}")
    return "".join(f"{name} = {value!r}\n" for name, value in values.items())


# --- the hub ----------------------------------------------------------------------------


#: Ports for the hub, the proxy and the users' servers come from below Linux's ephemeral
#: range (32768-60999), where kernels, browsers and other tests on a shared machine get
#: theirs: a port picked free there can be taken by a starting kernel before the server
#: binds it (a spawn then waits for a ZMQ socket until it times out).
PORTS = range(20000, 32000)


def _free_port() -> int:
    """A port on 127.0.0.1 free now, from :data:`PORTS`."""
    for _ in range(1000):
        port = secrets.choice(PORTS)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1} on 127.0.0.1")


def proxy_command() -> str:
    """configurable-http-proxy: from ``tests/run``'s npm install, else on PATH."""
    local = NPM_BIN / "configurable-http-proxy"
    if local.exists():
        return str(local)
    found = shutil.which("configurable-http-proxy")
    if not found:
        raise RuntimeError(
            "configurable-http-proxy is missing: run `npm install --prefix .cache/npm "
            "configurable-http-proxy@5` (tests/run does)."
        )
    return found


#: JupyterLab settings only the tests need (on top of the guide's overrides.json):
#: render every cell, so a lesson's widgets below the fold are in the page.
TEST_LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def install_lab_overrides(venv: Path) -> Path:
    """The guide's ``overrides.json`` (news prompt off), plus :data:`TEST_LAB_SETTINGS`,
    in the venv's ``share/jupyter/lab/settings`` where every user's JupyterLab reads it."""
    (block,) = guide_blocks("json", "")  # the guide's one JSON block
    settings = json.loads(block)
    for plugin, values in TEST_LAB_SETTINGS.items():
        settings.setdefault(plugin, {}).update(values)
    target = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(settings, indent=2))
    target.chmod(0o644)
    return target


def write_config(
    state: Path,
    venv: Path,
    exchange: Path,
    users: Sequence[HubUser],
    port: int,
    token: str,
) -> Path:
    """``jupyterhub_config.py``: the guide's part 1 with this run's values, its parts 2
    and 3 as they stand, then what only a test needs (ports, files, an API token)."""
    (lessons_part,) = guide_blocks("python", "part 2")
    (signin_part,) = guide_blocks("python", "part 3")
    test_part = f"""
# --- part 4: the test harness only -----------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]
c.ConfigurableHTTPProxy.pid_file = {str(state / "proxy.pid")!r}
c.JupyterHub.pid_file = {str(state / "jupyterhub.pid")!r}
c.JupyterHub.db_url = {"sqlite:///" + str(state / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(state / "cookie_secret")!r}
c.JupyterHub.cleanup_servers = True
c.Spawner.start_timeout = {int(SPAWN_TIMEOUT)}
c.Spawner.http_timeout = {int(SPAWN_TIMEOUT)}
# each server's port from below the ephemeral range (see PORTS in tests/hub/harness.py)
import secrets as _secrets
import socket as _socket


def _port_below_ephemeral_range(spawner):
    for _ in range(1000):
        port = _secrets.choice(range({PORTS.start}, {PORTS.stop}))
        with _socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        spawner.port = port
        return
    raise RuntimeError("no free port for the server")


c.Spawner.pre_spawn_hook = _port_below_ephemeral_range
# window.jupyterapp, so the test can wait for a notebook's kernel
c.Spawner.args = ["--LabApp.expose_app_in_browser=True"]
c.JupyterHub.services = list(c.JupyterHub.services) + [
    {{"name": "lessons-harness", "api_token": {token!r}}}
]
c.JupyterHub.load_roles = list(c.JupyterHub.load_roles) + [
    {{
        "name": "lessons-harness",
        "services": ["lessons-harness"],
        "scopes": [
            "admin:users",
            "admin:servers",
            "tokens",
            "list:users",
            "read:users",
            "list:services",
            "read:services",
        ],
    }}
]
"""
    config = state / "jupyterhub_config.py"
    config.write_text(
        "# --- part 1: the site's values (docs/hub.md), set by the test harness\n"
        + site_values(
            EXCHANGE=str(exchange),
            LESSONS_VENV=str(venv),
            TEACHERS=[u.name for u in users if u.role == "teacher"],
            STUDENTS=[u.name for u in users if u.role != "teacher"],
        )
        + "\n"
        + lessons_part
        + "\n"
        + signin_part
        + test_part
    )
    return config


def _wait_for_hub(url: str, token: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + HUB_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyterhub exited early:\n{log.read_text()[-6000:]}")
        request = urllib.request.Request(
            f"{url}/hub/api/users", headers={"Authorization": f"token {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.25)  # polling a hub that is starting, not waiting in a test
    raise RuntimeError(f"jupyterhub did not answer within {HUB_TIMEOUT:.0f} s:\n{log.read_text()}")


def _end(pid: int, timeout: float = 30) -> None:
    """TERM a process group (or a process) we did not start ourselves (so cannot wait
    for), then KILL it if still there."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)  # waiting for it to exit


@contextmanager
def running_hub(
    venv: Path, users: Sequence[HubUser], state: Path, exchange_parent: Path
) -> Iterator[Hub]:
    """Start JupyterHub with the guide's configuration for ``users``; stop it (and the proxy
    and every server it spawned) on exit.

    The root step of the guide is done here: the exchange's parent folder is made and handed
    to the teacher (``install -d -o TEACHER``); the teacher makes the exchange itself.
    """
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o700)
    (teacher,) = [u for u in users if u.role == "teacher"]
    (root_step,) = guide_blocks("bash", "as root")
    parent = exchange_parent / "lessons"
    subprocess.run(
        [
            "bash",
            "-c",
            re.sub(r"-o teacher\b", f"-o {teacher.name}", root_step).replace(
                "/srv/lessons", str(parent)
            ),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    exchange = parent / "media-literacy"
    install_lab_overrides(venv)
    port = _free_port()
    token = secrets.token_hex(32)
    config = write_config(state, venv, exchange, users, port, token)
    url = f"http://127.0.0.1:{port}"
    log = state / "jupyterhub.log"
    env = {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(state),
    }
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(venv / "bin" / "jupyterhub"), "-f", str(config)],
            cwd=state,
            env=env,
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
        )
        try:
            _wait_for_hub(url, token, process, log)
            yield Hub(
                url=url,
                token=token,
                venv=venv,
                exchange=exchange,
                state=state,
                users={u.role: u for u in users},
            )
        finally:
            # The hub stops the servers and the proxy itself (cleanup_servers, cleanup_proxy).
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=60)
            pid_file = state / "proxy.pid"
            if pid_file.exists():
                text = pid_file.read_text().strip()
                if text.isdigit():
                    _end(int(text))
            for user in users:
                _kill_all_of(user.uid)
