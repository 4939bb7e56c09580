"""``lessons new-case``: from text files to a case folder that ``lessons validate`` checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.resources import seed_case_dir


def test_new_case_makes_a_folder_that_validate_reports_field_by_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "kyiv-post.txt"
    text.write_bytes((seed_case_dir() / "000_bc58cd3ca06a672a.txt").read_bytes())
    case = tmp_path / "my-case"
    assert main(["new-case", str(case), str(text)]) == 0
    out = capsys.readouterr().out
    assert f"Made {case} with 1 article text" in out
    assert "lessons validate" in out
    assert sorted(p.name for p in (case / "key").iterdir()) == [
        "hedges.toml",
        "reliability.toml",
        "sources.toml",
        "spread.toml",
    ]
    assert main(["validate", str(case)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "case.toml: articles[0].outlet: is missing; it must be text" in err
    assert "key/spread.toml: (file): its TOML is readable, but it was not checked" in err[-2]
    assert err[-1].endswith("9 problems found, not a valid case study.")


def test_new_case_lists_every_problem_and_makes_nothing(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lessons",
            "new-case",
            str(tmp_path / "case"),
            str(tmp_path / "missing.txt"),
            str(tmp_path / "latin1.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].endswith("missing.txt does not exist.")
    assert lines[1].endswith("latin1.txt is not UTF-8 text; save it as UTF-8 and try again.")
    assert lines[2] == f"No case folder was made in {tmp_path / 'case'}."
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "case").exists()


def test_new_case_refuses_a_folder_that_holds_a_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "a.txt"
    text.write_text("A headline\n", encoding="utf-8")
    case = tmp_path / "case"
    assert main(["new-case", str(case), str(text)]) == 0
    assert main(["new-case", str(case), str(text)]) == 2
    err = capsys.readouterr().err
    assert "already holds a case.toml; it is never overwritten." in err
