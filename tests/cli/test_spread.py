"""``lessons spread``: the charts written to image files, their alt text printed, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lessons.cli import main
from tests.cases import copy_case


def test_the_citation_graph_is_written_as_png_with_its_alt_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "charts" / "spread.png"
    assert main(["spread", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    printed = capsys.readouterr().out
    assert printed.startswith(f"Wrote {out}: the citation graph")
    assert "Alt text: Citation graph of how the claim spread: 18 outlets" in printed


@pytest.mark.parametrize(
    ("chart", "suffix", "magic", "words"),
    [
        ("timeline", ".svg", b"<?xml", "Timeline of when each outlet first carried the claim"),
        ("hedges", ".pdf", b"%PDF", "Line chart of hedges per 100 words"),
    ],
)
def test_other_charts_and_formats(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    chart: str,
    suffix: str,
    magic: bytes,
    words: str,
) -> None:
    out = tmp_path / f"chart{suffix}"
    assert (
        main(["spread", str(copy_case(tmp_path / "case")), "--chart", chart, "--out", str(out)])
        == 0
    )
    assert out.read_bytes().startswith(magic)
    assert f"Alt text: {words}" in capsys.readouterr().out


def test_a_file_name_that_is_not_an_image_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "graph.gif"
    assert main(["spread", "--out", str(out)]) == 2
    assert not out.exists()
    assert "must end in .png, .svg, .pdf" in capsys.readouterr().err


def test_an_invalid_case_lists_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_case(tmp_path / "case")
    (folder / "key" / "spread.toml").write_text("format = 2\n", encoding="utf-8")
    assert main(["spread", str(folder), "--out", str(tmp_path / "g.png")]) == 2
    err = capsys.readouterr().err
    assert "key/spread.toml: format: must be one of: 1, not 2" in err
    assert "key/spread.toml: questions: is missing" in err
    assert "not a valid case study; nothing drawn." in err


def test_a_case_without_a_sources_key_cannot_be_drawn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_case(tmp_path / "case", keys=("hedges",))
    assert main(["spread", str(folder), "--out", str(tmp_path / "g.png")]) == 2
    assert "no key for tracing sources (key/sources.toml)" in capsys.readouterr().err


def test_an_unwritable_file_is_exit_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["spread", "--out", str(blocker / "graph.png")]) == 1
    assert "could not be written" in capsys.readouterr().err


def test_the_installed_command_runs(tmp_path: Path) -> None:
    out = tmp_path / "graph.png"
    result = subprocess.run(
        [sys.executable, "-m", "lessons", "spread", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.exists() and "Alt text:" in result.stdout
    help_text = subprocess.run(
        [sys.executable, "-m", "lessons", "spread", "--help"], capture_output=True, text=True
    ).stdout
    assert "--chart {graph,timeline,hedges}" in help_text
