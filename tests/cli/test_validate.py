"""``lessons validate``: every problem at once, or what each lesson of a valid case is ready for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lessons.cli import main
from tests.cases import copy_case


def test_a_valid_case_prints_a_summary_then_the_lessons_and_the_totals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "valid case study 'nk-volunteers-2022' with 5 articles" in out[0]
    assert "  01 Read like a fact-checker: all 5 tasks ready" in out
    assert "  05 How the claim spread: all 5 tasks ready" in out
    assert any(line.startswith("  tyler-durden: total ") and ", band " in line for line in out)


def test_a_case_without_keys_says_which_key_file_each_lesson_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_case(tmp_path / "my-case", keys=("hedges",))
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "expert keys: hedges." in out[0]
    assert "  02 Trace the sources: 0 of 5 tasks ready" in out
    assert (
        "      not ready, needs key/sources.toml: sources/kyiv-post, sources/spark-chronicles, "
        "sources/tyler-durden, sources/news-blog, sources/deep-dive"
    ) in out
    assert "  05 How the claim spread: 0 of 5 tasks ready" in out
    assert (
        "      not ready, needs key/spread.toml and key/sources.toml: spread/how-many-sources, "
        "spread/hidden-source, spread/uncertain-date, spread/dropped-hedge"
    ) in out
    assert "      not ready, needs key/spread.toml: spread/what-next" in out
    assert "  06 Capstone: all 2 tasks ready" in out
    assert not any("total" in line for line in out)


def test_a_broken_case_toml_and_a_broken_key_are_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_case(tmp_path / "my-case", keys=("sources",))
    toml = folder / "case.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("title = ", "titel = ", 1))
    (folder / "key" / "hedges.toml").write_text("format = 1\n[articles\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "case.toml: title: is missing; it must be text" in err
    assert any(
        line.startswith("my-case/key/hedges.toml: (file): is not valid TOML at line 2")
        for line in err
    )
    assert err[-1].endswith("problems found, not a valid case study.")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("case.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("key/sources.toml", "format = 1\narticles = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("key/reliability.toml", 'format = 1\narticles = ["kyiv-post"]\n'),
        ("key/spread.toml", 'format = 1\n[questions.what-next]\nchoices = "x"\n'),
    ],
)
def test_no_input_gives_a_traceback(tmp_path: Path, name: str, content: str) -> None:
    folder = copy_case(tmp_path / "my-case", keys=("sources", "reliability", "spread"))
    (folder / name).write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lessons", "validate", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "not a valid case study" in result.stderr


def test_a_60_mb_article_is_refused_quickly_without_a_traceback(tmp_path: Path) -> None:
    folder = copy_case(tmp_path / "my-case", keys=())
    with (folder / "002_1f13923d1b2108fb.txt").open("r+b") as handle:
        handle.truncate(60_000_000)
    result = subprocess.run(
        [sys.executable, "-m", "lessons", "validate", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "'002_1f13923d1b2108fb.txt' is 60.0 MB; an article may be at most 2 MB" in result.stderr
