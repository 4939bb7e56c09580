"""Every lesson notebook is saved the way students should receive it.

Running the notebooks is nbval's job (``pytest --nbval-lax notebooks``); these tests check
what is stored: outputs only where nbval compares them, no saved widget state, set-up code
folded away, no web addresses a student could mistake for sources we checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
CHECK_MARK = "NBVAL_CHECK_OUTPUT"
CHECK_TAG = "nbval-check-output"


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def test_the_unit_has_its_lessons_in_order() -> None:
    numbers = [path.name[:2] for path in NOTEBOOKS if path.name[:2].isdigit()]
    assert numbers == sorted(numbers)
    assert numbers[:5] == ["00", "01", "02", "03", "04"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_kept_only_where_nbval_checks_them(path: Path) -> None:
    for index, cell in enumerate(_cells(path)):
        checked = CHECK_MARK in _source(cell) or CHECK_TAG in cell["metadata"].get("tags", [])
        if cell["cell_type"] == "code" and not checked:
            assert not cell.get("outputs"), f"cell {index} keeps outputs nbval does not check"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_saved_widget_state(path: Path) -> None:
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert "widgets" not in metadata
    assert metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_set_up_code_is_folded_away(path: Path) -> None:
    code = [cell for cell in _cells(path) if cell["cell_type"] == "code"]
    assert code, "a lesson without code cells"
    first = code[0]
    assert "import lessons" in _source(first)
    assert first["metadata"].get("jupyter", {}).get("source_hidden") is True


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_web_addresses(path: Path) -> None:
    text = "\n".join(_source(cell) for cell in _cells(path))
    assert not re.search(r"https?://|www\.", text)


def test_lesson_05_gives_its_take_away_only_after_the_hand_in() -> None:
    """The take-away answers question 5: under the question it would give the answer away."""
    (path,) = [p for p in NOTEBOOKS if p.name.startswith("05_")]
    sources = [_source(cell) for cell in _cells(path)]
    hand_in = next(i for i, s in enumerate(sources) if "lessons.hand_in(" in s)
    question = next(i for i, s in enumerate(sources) if 'spread_question("what-next")' in s)
    take_away = next(i for i, s in enumerate(sources) if "what to take away" in s.lower())
    assert question < hand_in < take_away
