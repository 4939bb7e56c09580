"""The capstone's rules as validated data: the shipped file, and a broken one reporting every
problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.capstone import default_capstone, load_capstone
from lessons.validation import DataFileError


def test_the_shipped_rules_ask_for_100_to_150_words_and_carry_a_rubric() -> None:
    rules = default_capstone()
    assert (rules.brief.min_words, rules.brief.max_words) == (100, 150)
    assert rules.max_score == 5
    assert {row.id for row in rules.rubric if row.checked} >= {"origin", "hedges", "correction"}
    assert any(not row.checked for row in rules.rubric)  # some of it is the teacher's alone


def test_a_broken_rules_file_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "capstone.toml"
    path.write_text(
        """format = 1
[brief]
min_words = 200
max_words = 150
attribution_categories = ["said-words"]
hedge_categories = ["distancing"]
min_attributions = 2
min_hedges = -1
colour = "red"
[points]
length = -1
attribution = 1
origin = 1
hedges = 1
[[rubric]]
id = "x"
label = "X"
""",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as raised:
        load_capstone(path)
    text = str(raised.value)
    for expected in (
        "capstone.toml: brief.colour: unknown field",
        "brief.attribution_categories[0]: 'said-words' is not a category of the hedge lexicon",
        "brief.min_hedges: must be 0 or more, not -1",
        "brief.max_words: must be at least min_words",
        "points.correction: is missing",
        "points.length: must be 0 or more, not -1",
        "rubric[0].strong: is missing",
        "rubric: needs at least one row",
    ):
        assert expected in text
