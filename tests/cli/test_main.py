"""The ``lessons`` command: help, validate and start."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.cli.start import copy_notebooks
from lessons.resources import data_dir, seed_case_dir


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("start", "validate"):
        assert command in out


def test_validate_the_seed_case_says_it_is_valid_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "valid case study 'nk-volunteers-2022' with 5 articles" in out[0]
    assert "sources" in out[0]


def test_validate_a_broken_case_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in seed_case_dir().glob("*.*"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "001_70ae67a01f55abd5.txt").unlink()
    toml = tmp_path / "case.toml"
    toml.write_text(toml.read_text().replace('id = "zerohedge"', 'id = "kyiv-post"'))
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("case.toml: articles[1].file: '001_70ae67a01f55abd5.txt' not found")
    assert err[1].startswith("case.toml: articles[2].id: 'kyiv-post' is already used")
    assert err[2].endswith("2 problems found, not a valid case study.")


def test_validate_runs_as_a_console_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lessons", "validate", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_copies_the_lessons_and_keeps_edited_copies(tmp_path: Path) -> None:
    shipped = sorted(p.name for p in data_dir("notebooks").glob("*.ipynb"))
    assert copy_notebooks(tmp_path) == shipped
    first = tmp_path / "00_start_here.ipynb"
    first.write_text(first.read_text().replace("Start here", "My notes"))
    assert copy_notebooks(tmp_path) == []
    assert "My notes" in first.read_text()


def test_start_refreshes_an_untouched_copy_of_an_older_release(tmp_path: Path) -> None:
    copy_notebooks(tmp_path)
    first = tmp_path / "00_start_here.ipynb"
    ledger = tmp_path / ".lessons" / "copied.json"
    old = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    first.write_text(old)
    ledger.write_text(json.dumps({"00_start_here.ipynb": hashlib.sha256(old.encode()).hexdigest()}))
    assert copy_notebooks(tmp_path) == ["00_start_here.ipynb"]
    assert first.read_bytes() == (data_dir("notebooks") / "00_start_here.ipynb").read_bytes()
