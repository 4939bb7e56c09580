"""A case's own lesson text: read in sections, and every problem of every file reported
at once with file, line and what is allowed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessons.skills import load_case
from lessons.unit import read_text, render_lesson
from lessons.validation import DataFileError

PRACTICE = Path(__file__).resolve().parents[2] / "cases" / "practice"


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(PRACTICE, folder)
    shutil.rmtree(folder / "lessons", ignore_errors=True)
    (folder / "lessons").mkdir()
    return folder


def _write(case_dir: Path, name: str, text: str) -> None:
    (case_dir / "lessons" / name).write_text(text, encoding="utf-8")


def test_sections_replace_the_generic_wording_and_order_the_articles(case_dir: Path) -> None:
    _write(
        case_dir,
        "02_trace_the_sources.md",
        "<!-- article gazette -->\n### {{n}}. The Gazette first\n\nWho does it name?\n\n"
        "<!-- talk -->\n## Talk about it\n\n- Our own question.\n",
    )
    case = load_case(case_dir)
    sources = [cell["source"] for cell in render_lesson(case, "02_trace_the_sources")["cells"]]
    first = next(i for i, s in enumerate(sources) if s.startswith("lessons.trace("))
    assert sources[first] == 'lessons.trace("gazette")'
    assert sources[first - 1] == "### 1. The Gazette first\n\nWho does it name?"
    assert "## Talk about it\n\n- Our own question." in sources


def test_every_problem_of_every_file_at_once(case_dir: Path) -> None:
    _write(case_dir, "notes.txt", "hello")
    _write(
        case_dir,
        "01_read_like_a_fact_checker.md",
        "stray text\n<!-- intro -->\nx\n<!-- article nowhere -->\ny\n<!-- talk -->\n{{nope}}\n",
    )
    _write(case_dir, "05_how_the_claim_spread.md", "<!-- what-next -->\n```python loud\nx\n```\n")
    case = load_case(case_dir)
    with pytest.raises(DataFileError) as error:
        read_text(case)
    problems = [str(problem) for problem in error.value.problems]
    assert len(problems) == 6, problems
    joined = "\n".join(problems)
    assert "lessons/notes.txt: file name: is not a lesson's text" in joined
    assert "lessons/01_read_like_a_fact_checker.md: line 1: text before the first section" in joined
    assert "unknown section 'intro'; this lesson's sections are: worked-example" in joined
    assert "no article 'nowhere' in the case; its articles are: corner-blog" in joined
    assert "unknown value {{nope}}" in joined
    assert "lessons/05_how_the_claim_spread.md: line 2: unknown code flag 'loud'" in joined


def test_a_case_without_a_lessons_folder_has_no_text(case_dir: Path) -> None:
    (case_dir / "lessons").rmdir()
    assert read_text(load_case(case_dir)).lessons == {}
