"""The shared chart style: a colour-blind-safe palette, figures that carry their alt text and
the chart in words, and outlet names short enough for an axis."""

from __future__ import annotations

import subprocess
import sys

import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from lessons import charts
from lessons.casestudy import Case
from lessons.reliability.charts import confidence_figure
from lessons.skills import load_seed_case

#: The eight colours of Okabe and Ito (2008), "Color Universal Design".
PUBLISHED = {
    "orange": (230, 159, 0),
    "sky blue": (86, 180, 233),
    "bluish green": (0, 158, 115),
    "yellow": (240, 228, 66),
    "blue": (0, 114, 178),
    "vermillion": (213, 94, 0),
    "reddish purple": (204, 121, 167),
    "black": (0, 0, 0),
}


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def test_the_palette_is_okabe_ito_exactly() -> None:
    assert {
        name: tuple(round(c * 255) for c in to_rgb(colour))
        for name, colour in charts.OKABE_ITO.items()
    } == PUBLISHED


def test_the_named_colours_come_from_the_palette() -> None:
    palette = set(charts.OKABE_ITO.values())
    assert {charts.BAND_COLOUR, charts.STUDENT_COLOUR, charts.MEDIAN_COLOUR} <= palette
    # a score, its band and the median never share a colour: each has its own shape too
    assert len({charts.BAND_COLOUR, charts.STUDENT_COLOUR, charts.MEDIAN_COLOUR}) == 3
    # the tint is a light sky blue: black text on it keeps its contrast
    red, green, blue = to_rgb(charts.SKY_BLUE_TINT)
    assert blue > red and min(red, green, blue) > 0.75


def test_a_new_figure_is_made_without_pyplot_at_100_dpi() -> None:
    code = (
        "import sys; from lessons import charts\n"
        "assert 'matplotlib' not in sys.modules\n"
        "fig = charts.new_figure(6, 2.5)\n"
        "print([float(v) for v in fig.get_size_inches()], float(fig.dpi),"
        " type(fig.get_layout_engine()).__name__, 'matplotlib.pyplot' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[6.0, 2.5] 100.0 ConstrainedLayoutEngine False"


def test_a_figure_view_carries_the_alt_text_and_the_description() -> None:
    fig = charts.new_figure(4, 2)
    fig.add_subplot().bar([0, 1], [3, 5])
    charts.describe(fig, "Bar chart of two values.", "Bar chart of two values: 3 and 5.")
    view = charts.FigureView(fig)
    assert view.alt_text == "Bar chart of two values."
    assert view.description == "Bar chart of two values: 3 and 5." == repr(view)
    page = view._repr_html_()
    assert '<img src="data:image/png;base64,' in page and 'width="400" height="200"' in page
    assert 'alt="Bar chart of two values."' in page
    assert "<summary>The chart in words</summary><p>Bar chart of two values: 3 and 5.</p>" in page
    assert view.png().startswith(b"\x89PNG")


def test_described_with_alt_text_alone_the_alt_text_is_the_description() -> None:
    fig = charts.new_figure(4, 2)
    charts.describe(fig, "A chart of <one> thing.")
    assert not hasattr(fig, "lessons_description")
    view = charts.FigureView(fig)
    assert view.alt_text == view.description == "A chart of <one> thing."
    assert 'alt="A chart of &lt;one&gt; thing."' in view._repr_html_()
    assert charts.FigureView(charts.new_figure(1, 1)).alt_text == "A chart."


def test_figure_view_shows_an_image_with_alt_text() -> None:
    view = charts.FigureView(confidence_figure(50, 20))
    assert view.png().startswith(b"\x89PNG")
    page = view._repr_html_()
    assert '<img src="data:image/png;base64,' in page
    assert 'alt="Bar chart of how sure you were' in page
    assert repr(view) == view.alt_text


def test_figure_view_keeps_a_long_description_out_of_the_images_alt() -> None:
    """A screen reader meets a short alt text; the whole description is under the image."""
    fig = confidence_figure(50, 20)
    rows = " ".join(f"Article {n}: rated {n * 7}, expert band 40-60." for n in range(1, 40))
    fig.lessons_alt_text = "Chart of your ratings. Each bar is one article. " + rows  # type: ignore[attr-defined]
    view = charts.FigureView(fig)
    assert view.alt_text == "Chart of your ratings. Each bar is one article."
    assert view.description == fig.lessons_alt_text and repr(view) == view.description  # type: ignore[attr-defined]
    page = view._repr_html_()
    assert 'alt="Chart of your ratings. Each bar is one article."' in page
    assert "<summary>The chart in words</summary><p>Chart of your ratings." in page
    assert "Article 39: rated 273" in page.split("</summary>", 1)[1]

    fig.lessons_description = "The whole chart in words."  # type: ignore[attr-defined]
    fig.lessons_alt_text = "A short alt text set by the chart."  # type: ignore[attr-defined]
    assert view.alt_text == "A short alt text set by the chart."
    assert view.description == "The whole chart in words."
    fig.lessons_alt_text = "x" * (charts.SHORT_ALT + 50) + ". More."  # type: ignore[attr-defined]
    del fig.lessons_description  # type: ignore[attr-defined]
    assert len(view.alt_text) == charts.SHORT_ALT and view.alt_text.endswith("xx…")
    fig.lessons_alt_text = "A chart of " + "many words " * 40 + "in one sentence."  # type: ignore[attr-defined]
    cut = view.alt_text
    assert cut.startswith("A chart of many words") and cut.endswith("…")
    assert cut[:-1].endswith(("many", "words")) and len(cut) <= charts.SHORT_ALT  # whole words


def test_tidy_axes_hides_the_top_and_right_spines_and_draws_a_grid_on_request() -> None:
    fig = charts.new_figure(4, 2)
    plain, gridded = fig.subplots(1, 2)
    charts.tidy_axes(plain)
    charts.tidy_axes(gridded, grid=charts.GRID_COLOUR)
    for ax in (plain, gridded):
        assert [side for side, spine in ax.spines.items() if spine.get_visible()] == [
            "left",
            "bottom",
        ]
    assert not any(line.get_visible() for line in plain.xaxis.get_gridlines())
    assert all(line.get_visible() for line in gridded.xaxis.get_gridlines())
    assert gridded.get_axisbelow() is True


def test_short_outlet_wraps_a_long_name_on_two_lines_and_shortens_the_rest(case: Case) -> None:
    assert charts.short_outlet(case, "kyiv-post") == "Kyiv Post"
    assert charts.short_outlet(case, "news-blog") == "A personal news blog\n(adahzionblog)"
    assert charts.short_outlet(case, "news-blog", width=12) == "A personal\nnews blog …"
    assert charts.short_outlet(case, "news-blog", width=8, lines=4).count("\n") == 3
    for article in case.articles:
        label = charts.short_outlet(case, article.id, width=14)
        assert label.count("\n") <= 1 and all(len(line) <= 14 for line in label.split("\n"))


def test_plain_outlet_drops_the_explanation_and_names_the_page_as_met(case: Case) -> None:
    assert charts.plain_outlet(case.article("kyiv-post")) == "Kyiv Post"
    assert charts.plain_outlet(case.article("news-blog")) == "A personal news blog"
    # What the page turns out to be (a translation of Il Messaggero) is for the student to find.
    assert charts.plain_outlet(case.article("spark-chronicles")) == "Spark Chronicles"


def test_swarm_offsets_spread_equal_scores_apart_the_same_way_every_time() -> None:
    scores = [10.0, 10.0, 10.0, 11.0, 40.0, 80.0, 80.0]
    offsets = charts.swarm_offsets(scores)
    assert offsets == charts.swarm_offsets(scores)
    assert offsets[0] == offsets[4] == offsets[5] == 0.0  # a dot alone stays on the line
    close = list(zip(scores[:4], offsets[:4], strict=True))
    assert len({offset for _, offset in close}) == 4  # close scores never overlap
    assert all(abs(offset) <= 0.32 for offset in offsets)
    assert offsets[6] != offsets[5]


# --- every chart of the package fits the notebook -------------------------------------------

#: A JupyterLab notebook's output area in a 1,280-pixel-wide window is about 968 pixels wide.
NOTEBOOK_PIXELS = 960
CHART_MODULES = (
    "lessons.hedges.charts",
    "lessons.reliability.charts",
    "lessons.sources.charts",
    "lessons.spread.charts",
)


def _every_chart(case: Case) -> dict[str, Figure]:
    """Every figure the lessons draw, for ``case``, by the name of the function drawing it."""
    import pandas as pd

    from lessons.hedges.charts import hedge_density_figure
    from lessons.reliability.charts import class_ratings_figure, ratings_figure, scores_figure
    from lessons.sources.charts import chain_figure
    from lessons.spread.charts import (
        citation_graph_figure,
        hedge_thinning_figure,
        my_chains_figure,
        timeline_figure,
    )

    ids = list(case.article_ids)
    chain = {f"sources/{ids[0]}": {"chain": ["no such outlet"]}}
    return {
        "hedge_density_figure": hedge_density_figure(case),
        "ratings_figure": ratings_figure(case, {a: 50 for a in ids}),
        "confidence_figure": confidence_figure(30, 70, claim=case.claim),
        "class_ratings_figure": class_ratings_figure(
            case, pd.DataFrame({"student": ["a", "b"], "article": ids[:2], "score": [40, 90]})
        ),
        "scores_figure": scores_figure(case, {a: [20.0, 55.0, 80.0] for a in ids}),
        "chain_figure": chain_figure(case, ids[-1], []),
        "citation_graph_figure": citation_graph_figure(case, ratings={ids[0]: 60}),
        "timeline_figure": timeline_figure(case),
        "hedge_thinning_figure": hedge_thinning_figure(case),
        "my_chains_figure": my_chains_figure(case, chain),
    }


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("shipped", ["seed", "practice"])
def test_every_chart_fits_the_notebook_with_a_title_and_alt_text(shipped: str) -> None:
    import importlib
    from pathlib import Path

    import lessons

    if shipped == "seed":
        case = lessons.load_seed_case()
    else:
        case = lessons.load_case(Path(__file__).resolve().parents[1] / "cases" / "practice")
    drawn = _every_chart(case)
    every = {
        name
        for module in CHART_MODULES
        for name in getattr(importlib.import_module(module), "__all__", ())
        if name.endswith("_figure")
    }
    assert set(drawn) == every  # a new chart is measured here too
    for name, fig in drawn.items():
        view = charts.FigureView(fig)
        width, _height = _png_size(view.png())
        assert width <= NOTEBOOK_PIXELS, (name, width)
        assert f'width="{width}"' in view._repr_html_(), name  # shown at the size drawn
        titles = [fig.get_suptitle(), *(ax.get_title() for ax in fig.axes)]
        assert any(title.strip() for title in titles), name
        assert getattr(fig, "lessons_alt_text", "").strip(), name
        assert view.alt_text.strip() and view.alt_text != "A chart.", name
