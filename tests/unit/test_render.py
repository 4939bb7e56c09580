"""Lessons rendered for a case: each article its section, the case's own wording where it
has some, generic wording where not, tasks the case cannot check left out with one note,
and ``notebooks/`` kept in step with the seed's rendering."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from lessons.skills import load_case, load_seed_case
from lessons.unit import lesson_stems, render_lesson, render_unit

REPO = Path(__file__).resolve().parents[2]
PRACTICE = REPO / "cases" / "practice"
#: The widget call of each lesson that works article by article.
ARTICLE_CALLS = {
    "01_read_like_a_fact_checker": "lessons.read_closely",
    "02_trace_the_sources": "lessons.trace",
    "03_find_the_hedges": "lessons.find_hedges",
    "04_rate_reliability": "lessons.rate",
}


def _sources(notebook: dict[str, Any]) -> list[str]:
    return [cell["source"] for cell in notebook["cells"]]


def _text(notebook: dict[str, Any]) -> str:
    return "\n".join(_sources(notebook))


def _minimal_case(tmp_path: Path) -> Path:
    """The practice case's texts and case.toml, without key files or lesson text."""
    folder = tmp_path / "minimal"
    folder.mkdir()
    for path in PRACTICE.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder


def _comparable(notebook: dict[str, Any]) -> list[tuple[str, str, list[str], bool]]:
    """What a student sees of each cell, outputs and nbval's bookkeeping left aside."""
    cells = []
    for cell in notebook["cells"]:
        source = cell["source"]
        text = "".join(source) if isinstance(source, list) else source
        metadata = cell.get("metadata", {})
        hidden = bool(metadata.get("jupyter", {}).get("source_hidden"))
        cells.append((cell["cell_type"], text, sorted(metadata.get("tags", [])), hidden))
    return cells


@pytest.mark.parametrize("stem", lesson_stems())
def test_the_notebooks_folder_is_the_seed_case_rendered(stem: str) -> None:
    """``notebooks/`` is what students of the seed case get; re-run
    ``python tests/tools/render_notebooks.py`` after changing a template or the seed's text."""
    kept = json.loads((REPO / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    assert _comparable(kept) == _comparable(render_lesson(load_seed_case(), stem))


@pytest.mark.parametrize("stem", list(ARTICLE_CALLS))
def test_every_article_of_a_case_gets_its_own_section_and_widget(stem: str) -> None:
    case = load_case(PRACTICE)
    sources = _sources(render_lesson(case, stem))
    for article in case.articles:
        call = f'{ARTICLE_CALLS[stem]}("{article.id}")'
        (index,) = [i for i, source in enumerate(sources) if source == call]
        heading = sources[index - 1]
        assert heading.startswith("### "), heading


def test_counts_and_the_claim_come_from_the_case() -> None:
    case = load_case(PRACTICE)
    lessons = render_unit(case)
    start = _text(lessons["00_start_here.ipynb"])
    assert "on four articles" in start
    assert "five" not in start
    spread = _text(lessons["05_how_the_claim_spread.ipynb"])
    from lessons.spread import appearances_table, edges_table

    boxes, arrows = len(appearances_table(case)), len(edges_table(case))
    assert f"The map has {boxes} boxes and {arrows} arrows." in spread


def test_who_published_a_page_is_never_in_a_lesson_before_the_work(tmp_path: Path) -> None:
    # `publisher` may answer a task (a copy, a republication): headings, lists and widget
    # titles use `outlet`, the name students meet the page by; only feedback shows it.
    folder = shutil.copytree(PRACTICE, tmp_path / "practice")
    toml = folder / "case.toml"
    text = toml.read_text(encoding="utf-8")
    first = text.index("\noutlet = ")
    secret = "Republished from elsewhere, unnamed"
    toml.write_text(text[:first] + f'\npublisher = "{secret}"' + text[first:], encoding="utf-8")
    case = load_case(folder)
    assert case.articles[0].published_by == secret
    lessons = render_unit(case)
    assert all(secret not in _text(notebook) for notebook in lessons.values())
    assert all(case.articles[0].outlet in _text(lessons[f"{stem}.ipynb"]) for stem in ARTICLE_CALLS)


def test_a_case_without_keys_keeps_reading_and_says_once_which_key_is_missing(
    tmp_path: Path,
) -> None:
    case = load_case(_minimal_case(tmp_path))
    lessons = render_unit(case)
    reading = _sources(lessons["01_read_like_a_fact_checker.ipynb"])
    assert sum(source.startswith("lessons.read_closely(") for source in reading) == 4
    for stem, key in (
        ("02_trace_the_sources", "key/sources.toml"),
        ("03_find_the_hedges", "key/hedges.toml"),
        ("04_rate_reliability", "key/reliability.toml"),
    ):
        text = _text(lessons[f"{stem}.ipynb"])
        assert f"{ARTICLE_CALLS[stem]}(" not in text
        assert text.count(f"`{key}`") == 1, stem
    spread = _text(lessons["05_how_the_claim_spread.ipynb"])
    assert "lessons.citation_graph(" not in spread
    assert "spread_question(" not in spread
    assert spread.count("`key/spread.toml`") == 1


def test_a_case_without_lesson_text_gets_generic_wording(tmp_path: Path) -> None:
    case = load_case(_minimal_case(tmp_path))
    start = render_lesson(case, "00_start_here")
    assert start["cells"][0]["source"].startswith(f"# Start here: {case.title}")
    assert case.claim in start["cells"][0]["source"]


def test_practice_only_wording_is_tagged_so_an_assessment_leaves_it_out() -> None:
    lesson = render_lesson(load_seed_case(), "05_how_the_claim_spread")
    tagged = [c for c in lesson["cells"] if "practice-only" in c["metadata"].get("tags", [])]
    assert any("take away" in cell["source"] for cell in tagged)
    untagged = [c for c in lesson["cells"] if c not in tagged]
    assert not any("take away" in cell["source"] for cell in untagged)


#: What only JupyterLab has: in app mode (Voila) cells run on open, and there is no menu.
LAB_ONLY_WORDS = ("Shift + Enter", "Shift+Enter", "Run All", "Restart Kernel", "Kernel →")


@pytest.mark.parametrize("folder", [None, PRACTICE], ids=["seed", "practice"])
def test_text_about_running_cells_is_tagged_so_app_mode_leaves_it_out(folder: Path | None) -> None:
    """Voila's "lessons" template drops cells tagged lab-only; lesson 00 says how app mode
    works instead, through ``lessons.how_to_work()`` in its first cell."""
    case = load_case(folder) if folder else load_seed_case()
    for stem, lesson in render_unit(case).items():
        for cell in lesson["cells"]:
            if "lab-only" not in cell["metadata"].get("tags", []):
                assert not any(words in cell["source"] for words in LAB_ONLY_WORDS), (stem, cell)
    start = render_lesson(case, "00_start_here")["cells"]
    tagged = [cell for cell in start if "lab-only" in cell["metadata"].get("tags", [])]
    assert len(tagged) == 1 and "Shift + Enter" in tagged[0]["source"]
    first_code = next(cell for cell in start if cell["cell_type"] == "code")
    assert "lessons.how_to_work()" in first_code["source"]


def test_set_up_code_is_folded_and_cells_have_ids() -> None:
    for lesson in render_unit(load_case(PRACTICE)).values():
        code = [cell for cell in lesson["cells"] if cell["cell_type"] == "code"]
        assert code[0]["source"].startswith("import lessons")
        assert code[0]["metadata"]["jupyter"]["source_hidden"] is True
        ids = [cell["id"] for cell in lesson["cells"]]
        assert len(set(ids)) == len(ids)


def test_an_unknown_lesson_is_an_error_naming_the_lessons() -> None:
    with pytest.raises(ValueError, match="00_start_here"):
        render_lesson(load_seed_case(), "07_nope")


def test_an_exercise_that_assigns_some_articles_gets_those_sections_only() -> None:
    case = load_seed_case()
    half = case.article_ids[:2]
    lesson = render_lesson(
        case, "02_trace_the_sources", assigned=[f"sources/{a}" for a in half] + ["hedges/x"]
    )
    calls = [s for s in _sources(lesson) if s.startswith("lessons.trace(")]
    assert calls == [f'lessons.trace("{a}")' for a in article_order_for(case, half)]
    whole = render_lesson(case, "03_find_the_hedges", assigned=[f"sources/{a}" for a in half])
    assert sum(s.startswith("lessons.find_hedges(") for s in _sources(whole)) == len(case.articles)


def article_order_for(case: Any, ids: tuple[str, ...]) -> list[str]:
    """``ids`` in lesson 02's order for the case."""
    from lessons.unit import article_order, read_text

    return [a for a in article_order(case, read_text(case), "02_trace_the_sources") if a in ids]
