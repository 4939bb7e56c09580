"""The class report's SVG charts: bars as long as their values, labels a reader can read and a
screen reader can name, escaped text, well-formed and the same bytes every time."""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET

import pytest

from lessons.charts import OKABE_ITO
from lessons.grading.report_charts import (
    StripRow,
    SvgChart,
    histogram,
    horizontal_bars,
    integer_ticks,
    strip_chart,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"
PALETTE = set(OKABE_ITO.values())


def parse(chart: SvgChart) -> ET.Element:
    """The chart's ``<svg>`` as XML: parsing fails on anything not well-formed."""
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def tooltip(element: ET.Element) -> str | None:
    title = element.find(f"{SVG}title")
    return title.text if title is not None else None


def bars(root: ET.Element) -> list[ET.Element]:
    """The data's rectangles: those with a tooltip (the background and legend have none)."""
    return [r for r in root.iter(f"{SVG}rect") if tooltip(r) is not None]


def texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def words(element: ET.Element) -> str:
    """A text element's lines, joined by line breaks."""
    spans = element.findall(f"{SVG}tspan")
    return "\n".join(s.text or "" for s in spans) if spans else element.text or ""


def tick_positions(root: ET.Element) -> dict[str, float]:
    """The x of each x-axis tick label (the small centred texts under the plot)."""
    return {
        words(t): float(t.get("x", 0))
        for t in texts(root)
        if t.get("font-size") == "12" and t.get("text-anchor") == "middle"
    }


def bar_chart(labels: list[str], values: list[float], **options: object) -> SvgChart:
    arguments: dict[str, object] = {
        "title": "Which tasks were hardest",
        "alt_text": "Bar chart of the mean score per task.",
        "chart_id": "bars",
        "x_label": "class mean, % of the task's points",
        "colours": OKABE_ITO["vermillion"],
        "ticks": range(0, 101, 20),
        "value_format": "{:.0f}%",
    } | options
    return horizontal_bars(labels, values, **arguments)  # type: ignore[arg-type]


def scores_histogram(counts: list[int], **options: object) -> SvgChart:
    arguments: dict[str, object] = {
        "title": "How the class scored",
        "alt_text": "Histogram of the students' totals.",
        "chart_id": "scores",
        "x_label": "total, % of the maximum",
        "y_label": "students",
    } | options
    return histogram(counts, list(range(0, 101, 10)), **arguments)  # type: ignore[arg-type]


STRIP = {
    "title": "Class reliability ratings beside the expert bands",
    "alt_text": "Chart of the class's reliability totals.",
    "chart_id": "reliability-chart",
    "x_label": "reliability total (0-100)",
    "legend": ("expert band", "one student's total", "class median"),
    "empty_note": "no ratings",
}


def test_bars_are_as_long_as_their_values_one_per_row_in_the_given_order() -> None:
    labels = ["Capstone: the brief", "Find the hedges: Kyiv Post", "Rate the reliability"]
    values = [37.0, 54.0, 74.0]
    root = parse(bar_chart(labels, values))

    drawn = bars(root)
    assert [tooltip(b) for b in drawn] == [
        "Capstone: the brief: 37%",
        "Find the hedges: Kyiv Post: 54%",
        "Rate the reliability: 74%",
    ]
    widths = [float(b.get("width", 0)) for b in drawn]
    ticks = tick_positions(root)
    plot = ticks["100"] - ticks["0"]
    for width, value in zip(widths, values, strict=True):
        assert width == pytest.approx(plot * value / 100, abs=0.1)
    tops = [float(b.get("y", 0)) for b in drawn]
    assert tops == sorted(tops) and len(set(tops)) == 3  # first at the top, one row each
    assert all(float(b.get("x", 0)) == pytest.approx(ticks["0"]) for b in drawn)


def test_each_value_is_written_at_its_bar_end_and_labels_sit_left_of_the_axis() -> None:
    labels = ["How the claim spread: Which headline first dropped the hedge?", "Short"]
    root = parse(bar_chart(labels, [61.6, 100.0]))

    by_words = {words(t): t for t in texts(root)}
    for bar, value in zip(bars(root), ["62%", "100%"], strict=True):
        written = by_words[value]
        end = float(bar.get("x", 0)) + float(bar.get("width", 0))
        assert float(written.get("x", 0)) == pytest.approx(end + 5, abs=0.1)
        assert float(written.get("x", 0)) + text_width(value) <= float(root.get("width", 0))
    for label in labels:
        text = by_words[label]
        assert text.get("text-anchor") == "end"
        # Right-aligned against the axis, with room for the label on the left: never clipped.
        assert float(text.get("x", 0)) - text_width(label) >= 0
        assert float(text.get("x", 0)) < float(bars(root)[0].get("x", 0))


def test_bars_take_their_colours_from_the_palette() -> None:
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["blue"]]
    root = parse(bar_chart(["a", "b", "c"], [10, 20, 30], colours=colours))

    assert [b.get("fill") for b in bars(root)] == colours
    assert {b.get("fill") for b in bars(root)} <= PALETTE


def test_counts_get_whole_number_ticks_and_two_line_labels_keep_both_lines() -> None:
    root = parse(
        bar_chart(
            ["Capstone: The corrected news brief — Missed:\nNames where the claim began"],
            [254],
            ticks=None,
            value_format="{:g}",
        )
    )

    assert list(tick_positions(root)) == [str(t) for t in range(0, 301, 50)]
    assert "Capstone: The corrected news brief — Missed:\nNames where the claim began" in [
        words(t) for t in texts(root)
    ]
    assert "254" in [words(t) for t in texts(root)]


@pytest.mark.parametrize("label", ['A & <B> "quoted"', "Outlet's <script>alert(1)</script>"])
def test_labels_and_titles_are_escaped(label: str) -> None:
    chart = bar_chart([label], [50], title=f"Title {label}", alt_text=f"Alt {label}.")

    root = parse(chart)  # would fail on a raw < or &
    assert "<B>" not in chart.svg and "<script>" not in chart.svg
    assert label in [words(t) for t in texts(root)]
    assert tooltip(bars(root)[0]) == f"{label}: 50%"
    assert root.findtext(f"{SVG}title") == f"Title {label}"
    assert root.findtext(f"{SVG}desc") == f"Alt {label}."
    figure = chart.figure_html(f"Caption {label}")
    assert f"Caption {label}" not in figure and "<figcaption>Caption " in figure


def test_a_label_with_characters_xml_forbids_still_parses() -> None:
    root = parse(bar_chart(["bell\x07 and null\x00"], [5]))

    assert "bell and null" in [words(t) for t in texts(root)]


def test_the_chart_is_named_by_its_title_and_described_by_its_alt_text() -> None:
    chart = bar_chart(["a"], [50], chart_id="difficulty-chart")
    root = parse(chart)

    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    assert ids == ["difficulty-chart-title", "difficulty-chart-desc"]
    named = {e.get("id"): e.text for e in root.iter() if e.get("id") in ids}
    assert named == {
        "difficulty-chart-title": "Which tasks were hardest",
        "difficulty-chart-desc": "Bar chart of the mean score per task.",
    }
    assert "Which tasks were hardest" in [words(t) for t in texts(root)]  # drawn, too
    assert chart.title == "Which tasks were hardest"
    assert chart.alt_text == "Bar chart of the mean score per task."
    width, height = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert "max-width:100%" in (root.get("style") or "")
    assert "system-ui" in (root.get("font-family") or "")
    sizes = [int(t.get("font-size") or root.get("font-size") or 0) for t in texts(root)]
    assert min(sizes) >= 12


def test_the_same_input_gives_the_same_bytes() -> None:
    rows = [StripRow("Kyiv Post", [64, 64, 70, 12], (55, 70))]
    assert strip_chart(rows, **STRIP).svg == strip_chart(rows, **STRIP).svg  # type: ignore[arg-type]
    assert bar_chart(["a"], [1]).svg == bar_chart(["a"], [1]).svg


def test_nothing_to_chart_gives_a_chart_that_says_so() -> None:
    root = parse(bar_chart([], []))
    assert bars(root) == []
    assert "nothing to show" in [words(t) for t in texts(root)]

    empty = parse(strip_chart([], **STRIP))  # type: ignore[arg-type]
    assert "no ratings" in [words(t) for t in texts(empty)]

    nobody = parse(scores_histogram([0] * 10))
    assert bars(nobody) == []


def test_mismatched_lengths_are_refused_with_both_counts() -> None:
    with pytest.raises(ValueError, match="2 labels for 1 values"):
        bar_chart(["a", "b"], [1])
    with pytest.raises(ValueError, match="a histogram of 3 bars needs 4 edges"):
        histogram(
            [1, 2, 3], [0, 10, 20], title="", alt_text="", chart_id="h", x_label="", y_label=""
        )


def test_histogram_bars_stand_apart_with_heights_in_proportion_and_counts_on_top() -> None:
    counts = [0, 1, 41, 16, 0, 53, 76, 20, 45, 26]
    root = parse(scores_histogram(counts, colour="#0072B2"))

    drawn = bars(root)
    assert [tooltip(b) for b in drawn] == [
        f"{10 * i}-{10 * i + 10}: {c}" for i, c in enumerate(counts) if c
    ]
    heights = [float(b.get("height", 0)) for b in drawn]
    shown = [c for c in counts if c]
    for height, count in zip(heights, shown, strict=True):
        assert height / heights[0] == pytest.approx(count / shown[0], rel=0.01)
    lefts = [float(b.get("x", 0)) for b in drawn]
    rights = [x + float(b.get("width", 0)) for x, b in zip(lefts, drawn, strict=True)]
    assert all(r < next_left for r, next_left in zip(rights, lefts[1:], strict=False))  # gaps
    assert {b.get("fill") for b in drawn} | {
        g.get("fill") for g in root.iter(f"{SVG}g") if g.find(f"{SVG}rect") is not None
    } <= {None, "#0072B2"}
    written = [words(t) for t in texts(root)]
    assert all(str(c) in written for c in shown)
    assert list(tick_positions(root)) == [str(t) for t in range(0, 101, 10)]
    assert "students" in written and "total, % of the maximum" in written


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(0, [0, 1]), (7, list(range(8))), (9, [0, 2, 4, 6, 8, 10]), (254, list(range(0, 301, 50)))],
)
def test_integer_ticks_count_whole_students_past_the_largest(
    maximum: int, expected: list[int]
) -> None:
    assert integer_ticks(maximum) == expected


def diamonds(root: ET.Element) -> list[tuple[float, float, str]]:
    """Each diamond's centre and tooltip, from its path ``M x top l ...``."""
    found = []
    for path in root.iter(f"{SVG}path"):
        x, top = path.get("d", "")[1:].split("l")[0].split()
        if tooltip(path) is not None:
            found.append((float(x), float(top) + 4.5, tooltip(path) or ""))
    return found


def test_strip_chart_puts_each_diamond_in_its_row_at_its_score_and_the_median_line() -> None:
    rows = [
        StripRow("Kyiv Post", [64, 64, 64, 70, 12, 99], (55, 70)),
        StripRow("A personal news blog\n(adahzionblog)", [30, 45], (25, 45)),
        StripRow("The Deep Dive", []),
    ]
    root = parse(strip_chart(rows, **STRIP))  # type: ignore[arg-type]

    ticks = tick_positions(root)
    zero, per_point = ticks["0"], (ticks["100"] - ticks["0"]) / 100
    labels = {words(t): float(t.get("y", 0)) for t in texts(root) if t.get("text-anchor") == "end"}
    middles = [labels[row.label] for row in rows]
    half_row = (middles[1] - middles[0]) / 2
    drawn = diamonds(root)
    assert len(drawn) == 8
    placed = [(x, y, float(score)) for x, y, score in drawn]
    for row, middle in zip(rows, middles, strict=True):
        inside = sorted(s for x, y, s in placed if abs(y - middle) < half_row)
        assert inside == sorted(float(v) for v in row.values)
    for x, _, score in placed:
        assert x == pytest.approx(zero + per_point * score, abs=0.1)
    same = [y for _, y, s in placed if s == 64]
    assert len(set(same)) == 3  # equal scores spread apart, not drawn on top of each other

    medians = [line for line in root.iter(f"{SVG}line") if tooltip(line)]
    assert [tooltip(m) for m in medians] == ["class median: 64", "class median: 37.5"]
    for line, row, middle in zip(medians, rows, middles, strict=False):
        assert float(line.get("x1", 0)) == pytest.approx(
            zero + per_point * statistics.median(row.values), abs=0.1
        )
        assert float(line.get("y1", 0)) < middle < float(line.get("y2", 0))
    medians_group = next(g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}line") is not None)
    assert medians_group.get("stroke") == OKABE_ITO["black"]
    assert float(medians_group.get("stroke-width", 0)) >= 2.5

    empty = next(t for t in texts(root) if words(t) == "no ratings")
    assert abs(float(empty.get("y", 0)) - middles[2]) < 1 and empty.get("font-style") == "italic"


def test_strip_chart_bands_are_hatched_and_a_zero_width_band_still_shows() -> None:
    rows = [StripRow("Kyiv Post", [60], (55, 70)), StripRow("Spark", [50], (40, 40))]
    chart = strip_chart(rows, **STRIP)  # type: ignore[arg-type]
    root = parse(chart)

    bands = bars(root)
    assert [tooltip(b) for b in bands] == ["expert band: 55-70", "expert band: 40-40"]
    pattern = root.find(f".//{SVG}pattern")
    assert pattern is not None and pattern.get("id") == "reliability-chart-hatch"
    assert all(b.get("fill") == "url(#reliability-chart-hatch)" for b in bands)
    assert float(bands[1].get("width", 0)) > 1
    ticks = tick_positions(root)
    per_point = (ticks["100"] - ticks["0"]) / 100
    assert float(bands[0].get("width", 0)) == pytest.approx(15 * per_point, abs=0.1)
    written = [words(t) for t in texts(root)]
    for name in STRIP["legend"]:
        assert name in written
    assert "reliability total (0-100)" in written
