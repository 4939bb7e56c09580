"""Real system users for the course exchange's tests, and a Python every one of them can run.

Tests marked ``users`` create users with ``useradd --create-home`` (names
``lessons-test-<random>``), run ``lessons`` as them with ``runuser`` and delete them with
``userdel -r`` afterwards, even when the test fails. They need root: without it they are
skipped with the reason, except under ``CI=true``, where they fail (CI must run them).

The users need a Python that can import this checkout's installed ``lessons``. The one
running pytest may sit under a private home (pyenv's under /root, a CI checkout under
/home/runner), so :func:`user_python` makes a venv under a world-readable temporary folder
from a system Python: linked to this environment's site-packages when everyone can read
them (seconds), else with the wheel of this checkout and its dependencies installed (a
minute or more, once per session; ``LESSONS_TEST_FULL_VENV=1`` forces this, to try what a
CI checkout under a private home does).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exchange.users import needs_root

REPO = Path(__file__).resolve().parents[2]
#: Where the users' venv and the exchanges go: world-readable, outside any private home.
SHARED = Path("/tmp")


def _everyone_can_read(path: Path) -> bool:
    """Whether any user can reach ``path`` (every folder above it enterable, it readable)."""
    real = path.resolve()
    try:
        return all(os.stat(p).st_mode & 0o001 for p in real.parents) and bool(
            os.stat(real).st_mode & 0o004
        )
    except OSError:
        return False


def _system_python() -> str:
    """A Python of this version that every user can run."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for candidate in (
        sys.executable,
        f"/usr/bin/python{version}",
        f"/usr/local/bin/python{version}",
    ):
        if Path(candidate).exists() and _everyone_can_read(Path(candidate)):
            return candidate
    pytest.fail(
        f"no Python {version} that every user can run (tried {sys.executable} and "
        f"/usr/bin/python{version}): install the system's python{version}"
    )


@pytest.fixture(scope="session")
def user_python() -> Iterator[Path]:
    """A ``python`` every user can run, importing the ``lessons`` installed for the tests."""
    needs_root()
    base = _system_python()
    folder = Path(tempfile.mkdtemp(prefix="lessons-test-venv-", dir=SHARED))
    os.chmod(folder, 0o755)
    venv = folder / "venv"
    site = Path(sysconfig.get_paths()["purelib"])
    try:
        if _everyone_can_read(site) and os.environ.get("LESSONS_TEST_FULL_VENV") != "1":
            subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
            own = subprocess.run(
                [
                    str(venv / "bin" / "python"),
                    "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            paths = dict.fromkeys([str(site), sysconfig.get_paths()["platlib"]])
            (Path(own) / "lessons-test.pth").write_text("\n".join(paths) + "\n")
        else:
            wheels = folder / "wheel"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "wheel",
                    "-q",
                    "--no-deps",
                    "--no-build-isolation",
                    "--wheel-dir",
                    str(wheels),
                    str(REPO),
                ],
                check=True,
            )
            subprocess.run([base, "-m", "venv", str(venv)], check=True)
            (wheel,) = wheels.glob("lessons-*.whl")
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True
            )
        subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)
        yield venv / "bin" / "python"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
