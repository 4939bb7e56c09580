"""The spread charts, judged by their artists (nodes, arrows, bars, lines, labels), not pixels."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text

from lessons.casestudy import Case
from lessons.charts import SHORT_ALT, FigureView
from lessons.hedges import hedge_density
from lessons.reliability import band
from lessons.skills import load_case, load_seed_case
from lessons.sources import MissingKeyError, sources_key
from lessons.sources.charts import LINK_STYLES
from lessons.spread import GROUPS, group_of, outlet_date, short_date
from lessons.spread.charts import (
    BAND_COLOURS,
    EDGE_STYLES,
    GROUP_STYLES,
    UNRATED,
    citation_graph_figure,
    graph_positions,
    hedge_thinning_figure,
    my_chains_figure,
    timeline_figure,
)
from lessons.text import split_sentences
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def alt(fig: Figure) -> str:
    """The image's short alt text."""
    return str(fig.lessons_alt_text)  # type: ignore[attr-defined]


def words(fig: Figure) -> str:
    """The whole chart in words, shown under the image."""
    return str(fig.lessons_description)  # type: ignore[attr-defined]


def by_gid(fig: Figure, prefix: str) -> dict[str, object]:
    """Every artist of the figure whose id starts with ``prefix``, by the rest of its id."""
    found: dict[str, object] = {}
    for artist in fig.findobj():
        gid = artist.get_gid()
        if isinstance(gid, str) and gid.startswith(prefix):
            found[gid[len(prefix) :]] = artist
    return found


def legend_labels(fig: Figure) -> list[str]:
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    return [t.get_text() for legend in legends for t in legend.get_texts()]


def renders(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


# --- 1. the citation graph ------------------------------------------------------------------


def test_the_graph_has_a_node_for_every_outlet_and_an_arrow_for_every_edge(case: Case) -> None:
    fig = citation_graph_figure(case)
    assert isinstance(fig, Figure)
    key = sources_key(case)
    nodes = by_gid(fig, "node:")
    assert set(nodes) == {s.id for s in key.outlets}
    for source in key.outlets:
        label = nodes[source.id].get_text()
        assert label.replace("\n", " ").startswith(source.name.split(" (")[0].split()[0])
        assert label.replace("\n", " ").endswith(short_date(outlet_date(case, source)))
    arrows = by_gid(fig, "edge:")
    assert set(arrows) == {f"{e.source}->{e.target}" for e in key.edges}
    assert all(isinstance(a, Annotation) for a in arrows.values())
    assert renders(fig).startswith(b"\x89PNG")


def test_edges_are_drawn_by_kind_and_uncertain_links_are_grey(case: Case) -> None:
    fig = citation_graph_figure(case)
    arrows = by_gid(fig, "edge:")
    for edge in sources_key(case).edges:
        patch = arrows[f"{edge.source}->{edge.target}"].arrow_patch
        assert patch.get_linestyle() == EDGE_STYLES[edge.kind].line
    copy = arrows["independent->adahzionblog"].arrow_patch
    translation = arrows["il-messaggero->spark-chronicles"].arrow_patch
    probable = arrows["regnum->korotchenko"].arrow_patch
    credited = arrows["ny-post->independent"].arrow_patch
    assert (copy.get_linestyle(), translation.get_linestyle()) == ("dashed", "dotted")
    assert to_hex(probable.get_edgecolor()) != to_hex(credited.get_edgecolor())


def test_the_graph_runs_left_to_right_in_time(case: Case) -> None:
    positions = graph_positions(case)
    fig = citation_graph_figure(case)
    nodes = by_gid(fig, "node:")
    for edge in sources_key(case).edges:
        assert positions[edge.source][0] < positions[edge.target][0]
    assert nodes["regnum"].get_position()[0] == min(x for x, _ in positions.values())
    assert nodes["rappler"].get_position()[0] == max(x for x, _ in positions.values())
    assert "earliest on the left" in fig.axes[0].get_title()


@pytest.mark.parametrize("shipped", ["seed", "practice"])
def test_the_graph_is_laid_out_the_same_at_every_kernel_start(shipped: str) -> None:
    folder = "lessons.resources.seed_case_dir()"
    if shipped == "practice":
        folder = repr(str(Path(__file__).resolve().parents[2] / "cases" / "practice"))
    code = (
        "import json, lessons.resources\n"
        "from lessons.skills import load_case\n"
        "from lessons.spread.charts import graph_positions\n"
        f"print(json.dumps(graph_positions(load_case({folder})), sort_keys=True))\n"
    )
    seen = set()
    for seed in ("1", "2", "3"):  # the hash seed differs at each kernel start
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        seen.add(done.stdout)
    assert len(seen) == 1


def test_outlets_of_one_column_are_one_unit_apart_and_never_overlap(case: Case) -> None:
    import itertools

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    positions = graph_positions(case)
    for x in {x for x, _ in positions.values()}:
        ys = sorted(y for px, y in positions.values() if px == x)
        assert all(b - a == 1 for a, b in itertools.pairwise(ys))
        assert ys[0] == -ys[-1]  # centred
    for fig in (citation_graph_figure(case), my_chains_figure(case, {})):
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        boxes = [
            box.get_bbox_patch().get_window_extent(renderer)  # type: ignore[attr-defined]
            for box in by_gid(fig, "node:").values()
        ]
        for a, b in itertools.combinations(boxes, 2):  # a gap a student can see between boxes
            assert max(b.x0 - a.x1, a.x0 - b.x1, b.y0 - a.y1, a.y0 - b.y1) >= 5
        assert all(box.x0 >= 0 and box.x1 <= fig.bbox.width for box in boxes)


def test_nodes_are_coloured_by_group_and_the_articles_have_a_thick_border(case: Case) -> None:
    fig = citation_graph_figure(case)
    nodes = by_gid(fig, "node:")
    for source in sources_key(case).outlets:
        box = nodes[source.id].get_bbox_patch()
        assert to_hex(box.get_facecolor()) == to_hex(GROUP_STYLES[group_of(source)].fill)
        assert (box.get_linewidth() > 2) == (source.article is not None)
        assert (nodes[source.id].get_fontweight() == "bold") == (source.article is not None)
    labels = legend_labels(fig)
    for group in ("origin", "outlet", "fact-check", "denial"):
        assert GROUPS[group] in labels
    for kind in EDGE_STYLES.values():
        assert kind.words in labels
    assert "an article of this case" in labels and "grey: a probable link, not proven" in labels


def test_the_graph_in_words_describes_every_outlet_and_how_it_got_the_story(case: Case) -> None:
    key = sources_key(case)
    fig = citation_graph_figure(case)
    summary = f"Citation graph of how the claim spread: {len(key.outlets)} outlets"
    assert alt(fig).startswith(summary) and f"with {len(key.edges)} arrows" in alt(fig)
    text = words(fig)
    assert text.startswith(alt(fig))
    for source in sources_key(case).outlets:
        assert source.name in text
    assert (
        "REGNUM (on or before 5 August 2022; where the claim began): no arrow leads to it" in text
    )
    assert "adahzionblog (between 8 August 2022 and 26 September 2022" in text
    assert "got it from The Independent (copied without credit)" in text
    assert "Spark Chronicles (on or after 5 August 2022" in text
    assert "got it from Il Messaggero (translated without credit)" in text
    assert (
        "Igor Korotchenko (on or before 5 August 2022; a person): got it from REGNUM (copied without credit, probably)"
        in text
    )


def test_coloured_by_ratings_the_articles_take_the_band_of_the_students_total(case: Case) -> None:
    ratings = {"kyiv-post": 64, "news-blog": 30, "deep-dive": 85, "tyler-durden": None}
    fig = citation_graph_figure(case, ratings=ratings)
    nodes = by_gid(fig, "node:")
    key = sources_key(case)
    for source in key.outlets:
        fill = to_hex(nodes[source.id].get_bbox_patch().get_facecolor())
        total = ratings.get(source.article or "")
        if source.article is None:
            assert fill == "#ffffff"
        elif total is None:
            assert fill == to_hex(UNRATED)
        else:
            assert fill == to_hex(BAND_COLOURS[band(total)])
    labels = legend_labels(fig)
    assert "your rating: very doubtful" in labels and "not rated yet" in labels
    assert "coloured by your reliability ratings" in fig.axes[0].get_title()
    assert alt(fig).endswith("coloured by your reliability ratings; you have rated 3 of 5.")
    text = words(fig)
    assert "Kyiv Post: you rated it 64 (mostly trustworthy, with gaps)" in text
    assert "ZeroHedge: not rated yet" in text and "Spark Chronicles: not rated yet" in text


@pytest.mark.parametrize(
    "draw",
    [
        citation_graph_figure,
        lambda case: citation_graph_figure(case, ratings={"kyiv-post": 64}),
        timeline_figure,
        hedge_thinning_figure,
        lambda case: my_chains_figure(case, {"sources/kyiv-post": {"chain": ["REGNUM"]}}),
    ],
    ids=["graph", "graph by ratings", "timeline", "hedges", "chains"],
)
def test_alt_text_is_one_or_two_sentences_and_the_rest_is_in_words(case: Case, draw: Any) -> None:
    """A screen reader reads the alt text every time it meets the image: keep it short, and
    put the long description (every outlet, every date) in the chart in words."""
    fig = draw(case)
    short, long = alt(fig), words(fig)
    assert len(split_sentences(short)) <= 2 and len(short) <= SHORT_ALT
    assert long.startswith(short.split(". ")[0]) and len(long) > len(short)


def test_building_charts_leaves_no_pyplot_state() -> None:
    code = (
        "import sys\n"
        "from lessons.skills import load_seed_case\n"
        "from lessons.spread import charts as c\n"
        "case = load_seed_case()\n"
        "figs = [c.citation_graph_figure(case), c.timeline_figure(case),\n"
        "        c.hedge_thinning_figure(case), c.my_chains_figure(case, {})]\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_no_sources_key_no_charts(tmp_path: Path) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=()))
    for draw in (citation_graph_figure, timeline_figure, hedge_thinning_figure):
        with pytest.raises(MissingKeyError):
            draw(case)
    with pytest.raises(MissingKeyError):
        my_chains_figure(case, {})


# --- 2. the timeline --------------------------------------------------------------------------


def test_exact_days_are_diamonds_and_uncertain_dates_are_ranges(case: Case) -> None:
    fig = timeline_figure(case)
    marks = by_gid(fig, "date:")
    for source in sources_key(case).outlets:
        date = outlet_date(case, source)
        if date is None:
            assert source.id not in marks
            continue
        mark = marks[source.id]
        if date.is_exact:
            assert isinstance(mark, Line2D) and mark.get_marker() == "D"
            assert mdates.num2date(mark.get_xdata()[0]).date() == date.earliest
        else:
            assert isinstance(mark, Rectangle), source.id
            assert mark.get_width() >= 1 and mark.get_hatch() == "//"
    blog = marks["daily-mail"]
    start = mdates.num2date(blog.get_x()).date()
    end = mdates.num2date(blog.get_x() + blog.get_width()).date()
    assert (start.day, end.day) == (4, 6)  # 4 and 5 August, both whole days


def test_open_ended_dates_run_to_the_edge_and_missing_dates_say_so(case: Case) -> None:
    fig = timeline_figure(case)
    ax = fig.axes[0]
    marks = by_gid(fig, "date:")
    left, right = ax.get_xlim()
    regnum, kyiv = marks["regnum"], marks["kyiv-post"]
    assert regnum.get_x() == pytest.approx(left)  # "on or before": from the left edge
    assert kyiv.get_x() + kyiv.get_width() == pytest.approx(right)  # "on or after"
    texts = [t.get_text() for t in ax.texts]
    assert "date not found" in texts
    assert texts.count("▶") >= 3 and texts.count("◀") >= 3
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] in ("Daily Mail", "The Mirror") and rows[-1] == "National Review"
    annotations = [a.get_text() for a in ax.texts if isinstance(a, Annotation)]
    assert "8 Aug–26 Sep 2022" in annotations and "7 Aug 2022 (probably)" in annotations


def test_the_timeline_has_a_title_and_alt_text(case: Case) -> None:
    fig = timeline_figure(case)
    assert fig.axes[0].get_title().startswith("When each outlet first carried the claim")
    outlets = sources_key(case).outlets
    days = sum(1 for s in outlets if (date := outlet_date(case, s)) and date.is_exact)
    assert alt(fig).endswith(f"{days} of the {len(outlets)} outlets have an exact day (a diamond).")
    text = words(fig)
    assert text.startswith(alt(fig)) and "uncertain dates are shown as ranges" in text
    assert "adahzionblog: between 8 August 2022 and 26 September 2022 (medium confidence)" in text
    assert "National Review: date not found" in text
    assert renders(fig).startswith(b"\x89PNG")


# --- 3. hedges along the chain ------------------------------------------------------------


def test_hedges_are_drawn_per_100_words_headline_and_body_fact_checks_last(case: Case) -> None:
    fig = hedge_thinning_figure(case)
    ax = fig.axes[0]
    series = by_gid(fig, "series:")
    assert set(series) == {"body", "headline", "boosters"}
    ticks = [t.get_text().split("\n")[0] for t in ax.get_xticklabels()]
    assert ticks[-1] == "The Deep Dive" and len(ticks) == len(case.article_ids)
    order = ["kyiv-post", "spark-chronicles", "tyler-durden", "news-blog", "deep-dive"]
    for name in ("body", "headline"):
        expected = [hedge_density(case, a)[name] for a in order]
        drawn = list(series[name].get_ydata())
        for want, got in zip(expected, drawn, strict=True):
            assert got != got if want is None else got == pytest.approx(want)  # NaN for None
    assert [t.get_text() for t in ax.texts].count("no headline\non the saved page") == 2
    assert "fact-checks" in by_gid(fig, "")
    # The Deep Dive questioned the claim on the strength of Newsweek's fact-check; it is not one.
    assert "checked or\nquestioned it" in [t.get_text() for t in ax.texts]
    assert "fact-check" not in ax.get_title() + alt(fig) + words(fig)
    assert "counted from the expert key" in ax.get_title()
    labels = legend_labels(fig)
    assert "hedges per 100 words in the headline" in labels


def test_the_hedge_chart_can_count_with_the_detector(case: Case) -> None:
    fig = hedge_thinning_figure(case, hedge_source="detector")
    assert "counted from the detector" in fig.axes[0].get_title()
    text = words(fig)
    assert "Tyler Durden (7 Aug 2022 (probably)): body" in text
    assert "The Deep Dive (8 Aug 2022 or later, checked or questioned the claim)" in text


# --- 4. the student's chains ----------------------------------------------------------------


def test_the_students_chains_are_drawn_on_the_same_layout(case: Case) -> None:
    answers = {
        "sources/kyiv-post": {"chain": ["Business Insider", "REGNUM"]},
        "sources/news-blog": {"chain": ["Korotchenko", "Regnum"]},
        "sources/deep-dive": {"chain": ["Newsweek", "Rappler", "The Moon Gazette"]},
        "sources/tyler-durden": {"chain": []},
        "hedges/tyler-durden": {"spans": []},
    }
    fig = my_chains_figure(case, answers)
    links = by_gid(fig, "link:")
    assert set(links) == {
        "kyiv-post:kyiv-post<-business-insider",
        "kyiv-post:business-insider<-regnum",
        "news-blog:adahzionblog<-korotchenko",
        "news-blog:korotchenko<-regnum",
        "deep-dive:deep-dive<-newsweek",
        "deep-dive:newsweek<-rappler",
    }
    styles = {
        "kyiv-post:kyiv-post<-business-insider": "direct",
        "news-blog:adahzionblog<-korotchenko": "skip",
        "deep-dive:newsweek<-rappler": "wrong",
    }
    for gid, verdict in styles.items():
        patch = links[gid].arrow_patch
        assert to_hex(patch.get_edgecolor()) == to_hex(LINK_STYLES[verdict].colour)
        assert patch.get_linestyle() == LINK_STYLES[verdict].line
    # the same layout as the citation graph, with the whole story faint behind
    nodes = by_gid(fig, "node:")
    positions = graph_positions(case)
    assert {n: a.get_position() for n, a in nodes.items()} == positions
    assert len(by_gid(fig, "edge:")) == len(sources_key(case).edges)
    assert nodes["ny-post"].get_color() != nodes["regnum"].get_color()  # faint vs on a chain
    assert alt(fig).endswith("You have traced 3 of the 5 articles.")
    text = words(fig)
    assert "adahzionblog from Igor Korotchenko (skips a step)" in text
    assert "Newsweek from Rappler (not a link the story took)" in text
    assert "not in this story: The Moon Gazette" in text
    assert "Not traced yet: Spark Chronicles, ZeroHedge." in text
    labels = legend_labels(fig)
    assert "your link: skips a step" in labels and "your link: a real link" in labels


def test_without_saved_chains_the_map_says_what_to_do(case: Case) -> None:
    fig = my_chains_figure(
        case, {"sources/kyiv-post": "damaged", "sources/tyler-durden": {"chain": 7}}
    )
    assert not by_gid(fig, "link:")
    texts = [t.get_text() for t in fig.axes[0].texts if isinstance(t, Text)]
    assert "No chains saved yet: trace the articles in lesson 02 first." in texts
    assert alt(fig).endswith("No chains saved yet.") and words(fig) == alt(fig)


@pytest.mark.parametrize(
    "draw",
    [
        lambda c: citation_graph_figure(c),
        lambda c: citation_graph_figure(c, ratings={"deep-dive": 80}),
        lambda c: my_chains_figure(c, {"sources/kyiv-post": {"chain": ["business-insider"]}}),
    ],
    ids=["graph", "my-ratings", "my-chains"],
)
def test_the_graphs_are_readable_at_the_size_the_notebook_shows_them(case: Case, draw: Any) -> None:
    fig = draw(case)
    view = FigureView(fig)
    page = view._repr_html_()
    width = round(fig.get_size_inches()[0] * 100)
    # Shown at its natural size (scrolling sideways in a narrow column), not shrunk to fit.
    assert f'width="{width}"' in page and "max-width:none" in page and "overflow-x:auto" in page
    boxes = list(by_gid(fig, "node:").values())
    assert all(box.get_fontsize() >= 10 for box in boxes)  # type: ignore[attr-defined]
    assert all(t.get_fontsize() >= 10 for t in fig.legends[0].get_texts())
    longest = max(
        len(line)
        for box in boxes
        for line in box.get_text().splitlines()  # type: ignore[attr-defined]
    )
    assert longest <= 16  # short names; the full ones are in the description
    renders(fig)
    legend_box = fig.legends[0].get_window_extent()
    axes_box = fig.axes[0].get_window_extent()
    assert legend_box.y1 <= axes_box.y0 + 1  # the legend sits below the plot, not on it


def test_a_long_outlet_name_is_shortened_on_the_map_and_given_in_full_in_words(
    case: Case,
) -> None:
    fig = citation_graph_figure(case)
    label = by_gid(fig, "node:")["russian-state-tv"].get_text()  # type: ignore[attr-defined]
    assert "Channel One" not in label and label.replace("\n", " ").startswith("Russian state")
    assert "Russian state TV (Channel One or Rossiya 1)" in words(fig)
