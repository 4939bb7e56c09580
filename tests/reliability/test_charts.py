"""Charts of the reliability lesson: a student's ratings, "how sure" then and now, a class."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from lessons.casestudy import Case
from lessons.charts import OKABE_ITO
from lessons.reliability import ReliabilityKey, charts
from tests.cases import reliability_only_case

PALETTE = set(OKABE_ITO.values())


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return reliability_only_case(tmp_path_factory.mktemp("seed") / "case")


def bands(case: Case) -> dict[str, tuple[int, int]]:
    key = case.key("reliability")
    assert isinstance(key, ReliabilityKey)
    return {a: k.band for a, k in key.articles.items()}


def test_ratings_figure_puts_each_score_beside_its_expert_band(case: Case) -> None:
    expert = bands(case)
    low, high = expert["tyler-durden"]
    scores = {a: None for a in case.article_ids} | {
        "tyler-durden": high + 12,
        "news-blog": sum(expert["news-blog"]) // 2,
    }
    fig = charts.ratings_figure(case, scores)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title() == "Your reliability ratings beside the expert bands"
    assert len(ax.patches) == len(case.article_ids)  # one band bar per article
    band_widths = sorted(p.get_width() for p in ax.patches)
    assert band_widths == sorted(h - lo for lo, h in expert.values())
    markers = [line for line in ax.lines if line.get_marker() == "D"]
    assert sorted(line.get_xdata()[0] for line in markers) == sorted(
        s for s in scores.values() if s is not None
    )
    alt = fig.lessons_alt_text
    assert f"you {high + 12}, expert {low}-{high} (12 above the band)" in alt
    assert "(inside the band)" in alt
    assert alt.count("not rated yet") == len(case.article_ids) - 2
    for article in case.articles:
        assert article.outlet in alt


def test_charts_use_the_okabe_ito_palette(case: Case) -> None:
    fig = charts.ratings_figure(case, {"deep-dive": 80})
    ax = fig.axes[0]
    colours = {to_hex(p.get_facecolor()).upper() for p in ax.patches}
    colours |= {to_hex(line.get_markerfacecolor()).upper() for line in ax.lines}
    assert colours <= {c.upper() for c in PALETTE}


def test_confidence_figure_shows_then_and_now(case: Case) -> None:
    fig = charts.confidence_figure(80, 35, claim=case.claim)
    ax = fig.axes[0]
    assert ax.get_title() == "How sure are you that the claim is true?"
    assert sorted(p.get_width() for p in ax.patches) == [35, 80]
    assert "at the start 80%, now 35%" in fig.lessons_alt_text
    assert case.claim in fig.lessons_alt_text
    missing = charts.confidence_figure(None, 35)
    assert len(missing.axes[0].patches) == 1
    assert "no answer saved at the start" in missing.lessons_alt_text


def class_table(case: Case) -> pd.DataFrame:
    rows = [
        {"student": "Ana", "article": "deep-dive", "score": 80},
        {"student": "Ben", "article": "deep-dive", "score": 80},
        {"student": "Cleo", "article": "deep-dive", "score": 40},
        {"student": "Ana", "article": "news-blog", "score": 30},
        {"student": "Ben", "article": "news-blog", "score": None},
    ]
    return pd.DataFrame(rows)


def test_class_ratings_figure_charts_the_spread_against_the_band(case: Case) -> None:
    fig = charts.class_ratings_figure(case, class_table(case))
    ax = fig.axes[0]
    assert ax.get_title() == "Class reliability ratings beside the expert bands"
    dots = ax.collections
    assert sum(len(c.get_offsets()) for c in dots) == 4  # the row without a score is left out
    low, high = bands(case)["deep-dive"]
    alt = fig.lessons_alt_text
    inside = sum(low <= s <= high for s in (80, 80, 40))
    assert (
        f"The Deep Dive: 3 ratings from 40 to 80, median 80, {inside} inside the expert band {low}-{high}"
        in alt
    )
    assert "A personal news blog (adahzionblog): 1 rating, 30" in alt
    assert "Kyiv Post: no ratings" in alt
    # Equal scores are spread apart, not drawn on top of each other.
    deep = [tuple(xy) for c in dots for xy in c.get_offsets() if xy[0] == 80]
    assert len(set(deep)) == 2


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame({"student": ["a"], "score": [3]}), "missing: article"),
        (
            pd.DataFrame({"student": ["a"], "article": ["the-sun"], "score": [3]}),
            "not in the case: the-sun",
        ),
        (
            pd.DataFrame({"student": ["a"], "article": ["deep-dive"], "score": [130]}),
            "between 0 and 100, not 130",
        ),
    ],
)
def test_class_ratings_figure_rejects_bad_tables_saying_what_is_valid(
    case: Case, table: pd.DataFrame, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        charts.class_ratings_figure(case, table)


def test_class_ratings_figure_with_no_ratings_still_draws_the_bands(case: Case) -> None:
    empty = pd.DataFrame(columns=["student", "article", "score"])
    fig = charts.class_ratings_figure(case, empty)
    assert len(fig.axes[0].patches) == len(case.article_ids)
    assert fig.lessons_alt_text.count("no ratings") == len(case.article_ids)


def test_charts_need_no_pyplot_and_importing_them_loads_no_matplotlib(case: Case) -> None:
    code = (
        "import sys; import lessons.reliability.charts as c;"
        "assert 'matplotlib' not in sys.modules and 'pandas' not in sys.modules;"
        "from lessons.skills import load_case; case = load_case(sys.argv[1]);"
        "c.ratings_figure(case, {}).savefig(sys.argv[2]);"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out_png = Path(case.path).parent / "chart.png"
    done = subprocess.run(
        [sys.executable, "-c", code, str(case.path), str(out_png)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"
    assert out_png.read_bytes().startswith(b"\x89PNG")


def test_a_case_without_a_reliability_key_charts_the_scores_alone(case: Case) -> None:
    from lessons.skills import load_case

    bare = load_case(case.path, with_keys=False)
    fig = charts.ratings_figure(bare, {"deep-dive": 70})
    assert not fig.axes[0].patches
    assert "The Deep Dive: you 70, no expert band" in fig.lessons_alt_text


def test_scores_figure_draws_the_same_chart_as_the_table_without_pandas(case: Case) -> None:
    table = class_table(case).dropna(subset=["score"])
    scores = {a: list(table.loc[table["article"] == a, "score"]) for a in case.article_ids}
    from_table = charts.class_ratings_figure(case, class_table(case))
    from_scores = charts.scores_figure(case, scores)
    assert from_scores.lessons_alt_text == from_table.lessons_alt_text
    dots = [c.get_offsets().tolist() for c in from_scores.axes[0].collections]
    assert dots == [c.get_offsets().tolist() for c in from_table.axes[0].collections]
