"""Helpers for tests with real system users: make and delete them, run commands as them."""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["User", "add_user", "needs_root", "run_as", "run_python", "system_users"]


def needs_root() -> None:
    """Skip (locally) or fail (under ``CI=true``) when the tests cannot create users."""
    reason = None
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        reason = "creates real system users: needs root"
    elif not shutil.which("useradd") or not shutil.which("runuser"):
        reason = "needs useradd and runuser (Linux shadow utilities)"
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"under CI the 'users' tests must run, but this one {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class User:
    """A real system user made for a test."""

    name: str
    home: Path
    uid: int


@contextmanager
def system_users() -> Iterator[list[User]]:
    """A list to which :func:`add_user` adds users; every one is deleted with its home on
    the way out, whether the test passed or not."""
    made: list[User] = []
    try:
        yield made
    finally:
        for user in made:
            subprocess.run(["userdel", "-r", user.name], capture_output=True, check=False)


def add_user(made: list[User]) -> User:
    """Make a user ``lessons-test-<random>`` with a home, recorded in ``made``."""
    name = f"lessons-test-{secrets.token_hex(4)}"
    subprocess.run(
        ["useradd", "--create-home", "--shell", "/bin/bash", name], check=True, capture_output=True
    )
    entry = pwd.getpwnam(name)
    user = User(name, Path(entry.pw_dir), entry.pw_uid)
    made.append(user)
    return user


def run_as(
    user: User,
    command: list[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as ``user`` in a clean environment (HOME, PATH and ``env`` only),
    in ``cwd`` (default: the user's home)."""
    environment = {
        "HOME": str(user.home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        **(env or {}),
    }
    return subprocess.run(
        [
            "runuser",
            "-u",
            user.name,
            "--",
            "env",
            "-i",
            *(f"{k}={v}" for k, v in environment.items()),
            *command,
        ],
        cwd=cwd or user.home,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_python(
    user: User,
    python: Path,
    code: str,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> dict[str, object]:
    """Run ``code`` (which prints one JSON object last) as ``user``; that object."""
    done = run_as(user, [str(python), "-c", code], env=env, cwd=cwd)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(result, dict)
    return result
