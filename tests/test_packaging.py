"""The wheel works outside the repository, as in a JupyterHub image."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("lessons-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only the wheel installed; returns its bin folder."""
    env_dir = tmp_path_factory.mktemp("fresh-venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return env_dir / "bin"


def test_wheel_ships_the_data_as_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("seeds", "cases"):
        for shipped in (REPO / folder).rglob("*"):
            if shipped.is_file():
                assert f"lessons/_data/{folder}/{shipped.relative_to(REPO / folder)}" in names
    for shipped in (REPO / "exercises").glob("*.*"):
        assert f"lessons/_data/exercises/{shipped.name}" in names
    templates = REPO / "src" / "lessons" / "unit" / "templates"
    for template in templates.glob("*.md"):
        assert f"lessons/unit/templates/{template.name}" in names
    assert not any(name.startswith("lessons/_data/notebooks/") for name in names)
    assert "lessons/data/hedge_lexicon.toml" in names
    assert "lessons/static/span_marker.js" in names
    assert "lessons/py.typed" in names  # type checkers read the package's own hints
    # App mode: Voila's template for the lessons, and the config that makes it the default.
    shared = {name.split(".data/data/", 1)[1] for name in names if ".data/data/" in name}
    assert "etc/jupyter/voila.json" in shared
    for part in ("conf.json", "index.html.j2", "page.html"):
        assert f"share/jupyter/voila/templates/lessons/{part}" in shared


def test_installed_wheel_validates_the_seed_case_from_another_folder(
    installed: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(installed / "lessons"), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid case study 'nk-volunteers-2022' with 5 articles" in result.stdout
    assert "site-packages/lessons/_data/seeds" in result.stdout
    assert str(REPO) not in result.stdout


def test_installed_wheel_renders_its_lessons(installed: Path, tmp_path: Path) -> None:
    code = (
        "from lessons.resources import data_dir\n"
        "from lessons.skills import load_seed_case\n"
        "from lessons.unit import render_unit\n"
        "print(sorted(render_unit(load_seed_case())))\n"
        "print(data_dir('exercises'))"
    )
    result = subprocess.run(
        [str(installed / "python"), "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    notebooks, exercises = result.stdout.strip().splitlines()
    assert "00_start_here.ipynb" in notebooks
    assert "site-packages/lessons/_data/exercises" in exercises
