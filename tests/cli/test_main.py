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
from lessons.cli.start import write_notebooks
from lessons.resources import seed_case_dir
from lessons.skills import load_case, load_seed_case
from lessons.unit import lesson_stems, notebook_text, render_lesson


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
    toml.write_text(toml.read_text().replace('id = "tyler-durden"', 'id = "kyiv-post"'))
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


def test_start_writes_the_lessons_and_keeps_edited_copies(tmp_path: Path) -> None:
    case = load_seed_case()
    assert write_notebooks(tmp_path, case) == [f"{stem}.ipynb" for stem in lesson_stems()]
    first = tmp_path / "00_start_here.ipynb"
    first.write_text(first.read_text().replace("Start here", "My notes"))
    assert write_notebooks(tmp_path, case) == []
    assert "My notes" in first.read_text()


def test_start_refreshes_an_untouched_copy_of_an_older_release(tmp_path: Path) -> None:
    case = load_seed_case()
    write_notebooks(tmp_path, case)
    first = tmp_path / "00_start_here.ipynb"
    ledger = tmp_path / ".lessons" / "copied.json"
    old = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    first.write_text(old)
    ledger.write_text(json.dumps({"00_start_here.ipynb": hashlib.sha256(old.encode()).hexdigest()}))
    assert write_notebooks(tmp_path, case) == ["00_start_here.ipynb"]
    expected = notebook_text(render_lesson(case, "00_start_here"))
    assert first.read_text(encoding="utf-8") == expected


def test_start_for_another_case_rewrites_untouched_lessons_for_it(tmp_path: Path) -> None:
    """Switching a workspace to a teacher's case rewrites the lessons the student has not
    edited, so the headings and widgets name that case's articles."""
    write_notebooks(tmp_path, load_seed_case())
    practice = load_case(Path(__file__).resolve().parents[2] / "cases" / "practice")
    assert len(write_notebooks(tmp_path, practice)) == len(lesson_stems())
    lesson = (tmp_path / "02_trace_the_sources.ipynb").read_text(encoding="utf-8")
    for article in practice.articles:
        assert f'lessons.trace(\\"{article.id}\\")' in lesson
