"""Hedges per 100 words by article and date, and the headline-versus-body comparison."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.casestudy import Case
from lessons.charts import OKABE_ITO
from lessons.hedges import hedge_density
from lessons.hedges.charts import (
    BODY_COLOUR,
    HEADLINE_COLOUR,
    articles_by_date,
    density_rows,
    headline_comparison,
    hedge_density_figure,
)
from lessons.resources import seed_case_dir
from lessons.skills import load_case, load_seed_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def test_articles_run_from_earliest_possible_date(case: Case) -> None:
    ordered = articles_by_date(case)
    earliest = [a.date.earliest for a in ordered]
    assert earliest == sorted(earliest)
    assert sorted(a.id for a in ordered) == sorted(case.article_ids)


def test_rows_carry_density_and_an_honest_date(case: Case) -> None:
    rows = density_rows(case)
    for row in rows:
        article = case.article(row["id"])
        assert row["date"] == f"{article.date.label()} ({article.date.confidence} confidence)"
        assert {"headline": row["headline"], "body": row["body"]} == hedge_density(case, row["id"])
        assert (row["headline"] is None) == (not article.headline)
    assert any("on or after" in row["date"] for row in rows)  # uncertain dates look uncertain


def test_figure_has_title_bars_legend_colour_blind_palette_and_alt_text(case: Case) -> None:
    fig = hedge_density_figure(case)
    (ax,) = fig.axes
    assert "Hedges per 100 words" in ax.get_title()
    headlines = sum(1 for a in case.articles if a.headline)
    assert len(ax.patches) == len(case.articles) + headlines
    assert {BODY_COLOUR, HEADLINE_COLOUR} <= set(OKABE_ITO.values())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["body", "headline"]
    labels = [tick.get_text() for tick in ax.get_xticklabels()]
    assert "confidence" in labels[0]
    assert sum(t.get_text() == "no headline" for t in ax.texts) == len(case.articles) - headlines
    for row in density_rows(case):
        assert row["outlet"] in fig.lessons_alt_text


def test_without_a_key_the_detector_counts_and_the_title_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(seed_case_dir(), folder, ignore=shutil.ignore_patterns("key"))
    case = load_case(folder)
    fig = hedge_density_figure(case)
    assert "counted from the detector" in fig.axes[0].get_title()
    rows = headline_comparison(case)
    assert all(row["source"] == "detector" and row["note"] == "" for row in rows)
    assert "Report" in next(r for r in rows if r["id"] == "tyler-durden")["headline_hedges"]


def test_headline_comparison_uses_the_key_notes(case: Case) -> None:
    rows = headline_comparison(case)
    assert [row["id"] for row in rows] == [a.id for a in articles_by_date(case) if a.headline]
    page = next(row for row in rows if row["id"] == "tyler-durden")
    assert page["headline_hedges"] == ["Report"]
    assert page["note"]


def test_importing_the_charts_does_not_import_matplotlib() -> None:
    code = "import sys, lessons.hedges.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
