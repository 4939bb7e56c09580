"""The class report's charts, written directly as SVG markup.

A bar chart is a few rectangles and labels: writing them as SVG takes about a millisecond,
where importing matplotlib and saving PNGs took a second of every ``lessons grade``. SVG text
is real text (a screen reader and a page search read it), stays sharp when zoomed or printed
and weighs less than a PNG. Each chart is an ``<svg role="img">`` named by its own
``<title>`` and ``<desc>`` (the alt text). The functions take plain numbers and labels, so
they know nothing of classes or case studies; their colours are the shared chart style of
:mod:`lessons.charts`, so the report looks like the students' charts.
"""

from __future__ import annotations

import html
import itertools
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lessons.charts import (
    BAND_COLOUR,
    GRID_COLOUR,
    MEDIAN_COLOUR,
    OKABE_ITO,
    STUDENT_COLOUR,
    swarm_offsets,
)

__all__ = [
    "StripRow",
    "SvgChart",
    "histogram",
    "horizontal_bars",
    "integer_ticks",
    "strip_chart",
    "text_width",
]

FONT_FAMILY = "system-ui, sans-serif"
TEXT_COLOUR = "#1f2328"
TITLE_SIZE = 16
LABEL_SIZE = 13
TICK_SIZE = 12
#: Width of a character in em: generous, so an estimated label is never wider than drawn.
CHAR_EM = 0.6
#: Charts aim at this width (px), the report's text column, so their text is not shrunk.
CHART_WIDTH = 800
MIN_PLOT_WIDTH = 280
PAD = 10
PLOT_TOP = PAD + TITLE_SIZE + 16  # the plot starts under the title
BELOW_PLOT = 50  # tick marks, tick labels and the axis label under the plot

# Characters XML forbids, which a label from a data file could still carry.
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


@dataclass(frozen=True)
class SvgChart:
    """A chart's title, its alt text and its ``<svg>`` markup (which holds both)."""

    title: str
    alt_text: str
    svg: str

    def figure_html(self, caption: str) -> str:
        """The chart in a ``<figure>`` with a caption, for an HTML page. The figure has no side
        margins, so a chart as wide as the page's text column keeps its text at full size."""
        return (
            f'<figure style="margin:1em 0">{self.svg}'
            f"<figcaption>{_esc(caption)}</figcaption></figure>"
        )


@dataclass(frozen=True)
class StripRow:
    """One row of a strip chart: its label, its values (one dot each) and an optional band
    (lowest, highest) drawn behind the dots."""

    label: str
    values: Sequence[float]
    band: tuple[float, float] | None = None


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """The width in px of ``text``'s longest line at ``size`` px, estimated generously."""
    return CHAR_EM * size * max(len(line) for line in text.split("\n"))


def integer_ticks(maximum: float, most: int = 8) -> list[int]:
    """Whole-number ticks from 0 to at least ``maximum``, in steps of 1, 2 or 5 times a power
    of ten, at most ``most`` steps: an axis of students counts whole students."""
    step, factors = 1, itertools.cycle((2, 2.5, 2))  # 1, 2, 5, 10, 20, 50, ...
    while math.ceil(maximum / step) > most:
        step = round(step * next(factors))
    return list(range(0, max(1, math.ceil(maximum / step)) * step + 1, step))


def histogram(
    counts: Sequence[int],
    edges: Sequence[float],
    *,
    title: str,
    alt_text: str,
    chart_id: str,
    x_label: str,
    y_label: str,
    colour: str = OKABE_ITO["blue"],
) -> SvgChart:
    """Vertical bars of ``counts`` between consecutive ``edges``, with white gaps, whole-number
    y ticks and each count written above its bar."""
    if len(edges) != len(counts) + 1:
        raise ValueError(f"a histogram of {len(counts)} bars needs {len(counts) + 1} edges")
    y_ticks = integer_ticks(max(counts, default=0))
    left = PAD + LABEL_SIZE + 10 + max(text_width(str(t), TICK_SIZE) for t in y_ticks) + 10
    plot_width = CHART_WIDTH - left - 2 * PAD
    top, plot_height = PLOT_TOP + TICK_SIZE + 4, 240  # room for a count above the top tick
    bottom = top + plot_height
    x = _scale(edges[0], edges[-1], left, left + plot_width)
    y = _scale(0, y_ticks[-1], bottom, top)
    parts = [f'<g fill="{_esc(colour)}">']
    labels = []
    for low, high, count in zip(edges[:-1], edges[1:], counts, strict=True):
        if not count:
            continue
        parts.append(
            f'<rect x="{_n(x(low) + 1)}" y="{_n(y(count))}" width="{_n(x(high) - x(low) - 2)}" '
            f'height="{_n(bottom - y(count))}"><title>{low:g}-{high:g}: {count}</title></rect>'
        )
        labels.append(_text((x(low) + x(high)) / 2, y(count) - 9, str(count), anchor="middle"))
    parts.append("</g>")
    parts += labels
    parts.append(_x_axis(x, bottom, edges, x_label))
    parts.append(_line(left, top, left, bottom))
    for tick in y_ticks:
        parts.append(_line(left - 5, y(tick), left, y(tick)))
        parts.append(_text(left - 8, y(tick), str(tick), size=TICK_SIZE, anchor="end"))
    middle = (top + bottom) / 2
    parts.append(
        f'<text x="{_n(PAD)}" y="{_n(middle)}" dy="0.8em" text-anchor="middle" '
        f'transform="rotate(-90 {_n(PAD)} {_n(middle)})">{_esc(y_label)}</text>'
    )
    return _chart(chart_id, title, alt_text, CHART_WIDTH, bottom + BELOW_PLOT, "".join(parts))


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    alt_text: str,
    chart_id: str,
    x_label: str,
    colours: str | Sequence[str],
    ticks: Sequence[float] | None = None,
    value_format: str = "{:g}",
) -> SvgChart:
    """One bar per label, the first at the top, labels right-aligned against the axis and each
    value written at its bar's end. A label may hold a line break (two lines at most read
    well). ``ticks`` default to whole numbers from 0 past the largest value."""
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels for {len(values)} values")
    fills = [colours] * len(values) if isinstance(colours, str) else list(colours)
    if len(fills) != len(values):
        raise ValueError(f"{len(fills)} colours for {len(values)} bars")
    ticks = list(ticks) if ticks is not None else integer_ticks(max(values, default=0))
    texts = [value_format.format(v) for v in values]
    two_lines = any("\n" in label for label in labels)
    row = 40 if two_lines else 26
    left = PAD + max((text_width(label) for label in labels), default=0) + 10
    right = max((text_width(t) for t in texts), default=0) + 8 + PAD
    plot_width = max(MIN_PLOT_WIDTH, CHART_WIDTH - left - right)
    width = max(left + plot_width + right, text_width(title, TITLE_SIZE) + 2 * PAD)
    bottom = PLOT_TOP + row * max(len(labels), 1)
    x = _scale(ticks[0], ticks[-1], left, left + plot_width)
    parts = []
    for index, (label, value, text, fill) in enumerate(
        zip(labels, values, texts, fills, strict=True)
    ):
        middle = PLOT_TOP + row * (index + 0.5)
        end = x(value)
        name = label.replace("\n", " ")
        parts.append(
            f'<rect x="{_n(left)}" y="{_n(middle - 0.35 * row)}" width="{_n(end - left)}" '
            f'height="{_n(0.7 * row)}" fill="{_esc(fill)}"><title>{_esc(name)}: {_esc(text)}'
            "</title></rect>"
        )
        parts.append(_text(left - 8, middle, label, anchor="end"))
        parts.append(_text(end + 5, middle, text))
    if not labels:
        parts.append(_text(left + 6, PLOT_TOP + row / 2, "nothing to show", italic=True))
    parts.append(_x_axis(x, bottom, ticks, x_label))
    parts.append(_line(left, PLOT_TOP, left, bottom))
    return _chart(chart_id, title, alt_text, width, bottom + BELOW_PLOT, "".join(parts))


def strip_chart(
    rows: Sequence[StripRow],
    *,
    title: str,
    alt_text: str,
    chart_id: str,
    x_label: str,
    legend: tuple[str, str, str],
    empty_note: str,
    ticks: Sequence[float] = range(0, 101, 10),
) -> SvgChart:
    """One row per :class:`StripRow`, the first at the top: its band as a hatched bar, one
    diamond per value (spread apart where values are close, the same way every time), the
    median as a thick line, or ``empty_note`` for a row without values. ``legend`` names the
    band, one diamond and the median line."""
    row = 72  # a swarm step (0.09 of a row) is about a diamond's height
    left = PAD + max((text_width(r.label) for r in rows), default=0) + 10
    plot_width = max(MIN_PLOT_WIDTH, CHART_WIDTH - left - 2 * PAD)
    bottom = PLOT_TOP + row * max(len(rows), 1)
    x = _scale(ticks[0], ticks[-1], left, left + plot_width)
    hatch = f"{chart_id}-hatch"
    parts = [_line(x(t), PLOT_TOP, x(t), bottom, GRID_COLOUR) for t in ticks]
    diamonds, medians = [], []
    for index, strip in enumerate(rows):
        middle = PLOT_TOP + row * (index + 0.5)
        parts.append(_text(left - 8, middle, strip.label, anchor="end"))
        if strip.band is not None:
            low, high = strip.band
            if high - low < 0.8:  # a band of zero width still shows as a thin bar
                low, high = (low + high) / 2 - 0.4, (low + high) / 2 + 0.4
            parts.append(
                f'<rect x="{_n(x(low))}" y="{_n(middle - 0.275 * row)}" '
                f'width="{_n(x(high) - x(low))}" height="{_n(0.55 * row)}" '
                f'fill="url(#{_esc(hatch)})" stroke="{OKABE_ITO["blue"]}"><title>'
                f"{_esc(legend[0])}: {strip.band[0]:g}-{strip.band[1]:g}</title></rect>"
            )
        values = sorted(strip.values)
        if not values:
            parts.append(_text(x(ticks[0]) + 6, middle, empty_note, italic=True))
            continue
        for value, offset in zip(values, swarm_offsets(values), strict=True):
            diamonds.append(_diamond(x(value), middle + offset * row, f"{value:g}"))
        median = statistics.median(values)
        medians.append(
            f'<line x1="{_n(x(median))}" y1="{_n(middle - 0.38 * row)}" x2="{_n(x(median))}" '
            f'y2="{_n(middle + 0.38 * row)}"><title>{_esc(legend[2])}: {median:g}</title></line>'
        )
    if not rows:
        parts.append(_text(x(ticks[0]) + 6, PLOT_TOP + row / 2, empty_note, italic=True))
    parts.append(
        f'<g fill="{STUDENT_COLOUR}" stroke="#000" stroke-width="0.8">{"".join(diamonds)}</g>'
    )
    parts.append(f'<g stroke="{MEDIAN_COLOUR}" stroke-width="3">{"".join(medians)}</g>')
    parts.append(_x_axis(x, bottom, ticks, x_label))
    parts.append(_line(left, PLOT_TOP, left, bottom))
    legend_top = bottom + BELOW_PLOT + 6
    parts.append(_legend(legend, legend_top, hatch))
    defs = (
        f'<defs><pattern id="{_esc(hatch)}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{BAND_COLOUR}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{OKABE_ITO["blue"]}" stroke-width="1.5"/>'
        "</pattern></defs>"
    )
    return _chart(chart_id, title, alt_text, CHART_WIDTH, legend_top + 24, defs + "".join(parts))


def _legend(names: tuple[str, str, str], y: float, hatch: str) -> str:
    """The strip chart's legend in one centred row: a band, a diamond and a median line, each
    a sample 24 px wide followed by its name."""
    widths = [30 + text_width(name) for name in names]
    gap = 20
    first = (CHART_WIDTH - sum(widths) - gap * (len(names) - 1)) / 2
    band, dot, median = itertools.accumulate([first, *(w + gap for w in widths[:-1])])
    middle = y + 8
    return (
        f'<rect x="{_n(band)}" y="{_n(middle - 6)}" width="24" height="12" '
        f'fill="url(#{_esc(hatch)})" stroke="{OKABE_ITO["blue"]}"/>'
        f'<g fill="{STUDENT_COLOUR}" stroke="#000" stroke-width="0.8">'
        f"{_diamond(dot + 12, middle)}</g>"
        + _line(median + 12, middle - 8, median + 12, middle + 8, MEDIAN_COLOUR, width=3)
        + "".join(
            _text(start + 30, middle, name)
            for start, name in zip((band, dot, median), names, strict=True)
        )
    )


def _chart(
    chart_id: str, title: str, alt_text: str, width: float, height: float, body: str
) -> SvgChart:
    """Wrap a chart's ``body`` in its ``<svg>``, named by its title and described by its
    alt text, with the title drawn at the top."""
    ident = _esc(chart_id)
    width, height = math.ceil(width), math.ceil(height)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" style="max-width:100%;height:auto" '
        f'font-family="{FONT_FAMILY}" font-size="{LABEL_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{ident}-title">{_esc(title)}</title>'
        f'<desc id="{ident}-desc">{_esc(alt_text)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
        + _text(width / 2, PAD + TITLE_SIZE / 2, title, size=TITLE_SIZE, anchor="middle", bold=True)
        + body
        + "</svg>"
    )
    return SvgChart(title, alt_text, svg)


def _x_axis(x: Callable[[float], float], y: float, ticks: Sequence[float], label: str) -> str:
    """The x axis along ``y``: its line, tick marks, tick labels and its label below."""
    parts = [_line(x(ticks[0]), y, x(ticks[-1]), y)]
    for tick in ticks:
        parts.append(_line(x(tick), y, x(tick), y + 5))
        parts.append(_text(x(tick), y + 16, f"{tick:g}", size=TICK_SIZE, anchor="middle"))
    parts.append(_text((x(ticks[0]) + x(ticks[-1])) / 2, y + 37, label, anchor="middle"))
    return "".join(parts)


def _scale(low: float, high: float, start: float, end: float) -> Callable[[float], float]:
    """Map values from ``low``-``high`` to px from ``start`` to ``end``, clipped to that range."""
    span = (high - low) or 1

    def to_px(value: float) -> float:
        share = min(max((value - low) / span, 0.0), 1.0)
        return start + share * (end - start)

    return to_px


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = LABEL_SIZE,
    anchor: str = "start",
    bold: bool = False,
    italic: bool = False,
) -> str:
    """A text centred vertically on ``y``; each line break starts a new line."""
    attributes = f'x="{_n(x)}" y="{_n(y)}"'
    if size != LABEL_SIZE:
        attributes += f' font-size="{size}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if bold:
        attributes += ' font-weight="bold"'
    if italic:
        attributes += ' font-style="italic"'
    lines = text.split("\n")
    if len(lines) == 1:
        return f'<text {attributes} dy="0.35em">{_esc(text)}</text>'
    first = f"{0.35 - 0.6 * (len(lines) - 1):g}em"  # lines 1.2 em apart, centred on y
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{first if i == 0 else "1.2em"}">{_esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text {attributes}>{spans}</text>"


def _line(
    x1: float, y1: float, x2: float, y2: float, colour: str = TEXT_COLOUR, width: float = 1
) -> str:
    thick = f' stroke-width="{width:g}"' if width != 1 else ""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}"{thick}/>'
    )


def _diamond(x: float, y: float, tooltip: str = "", half: float = 4.5) -> str:
    """A diamond centred on (x, y), in relative moves so thousands of them stay short."""
    path = (
        f'<path d="M{_n(x)} {_n(y - half)}l{half:g} {half:g}-{half:g} {half:g}-{half:g}-{half:g}z"'
    )
    return f"{path}><title>{_esc(tooltip)}</title></path>" if tooltip else f"{path}/>"


def _n(value: float) -> str:
    """A coordinate to a tenth of a pixel, without a needless ``.0``."""
    text = f"{value:.1f}"
    return "0" if text == "-0.0" else text.removesuffix(".0")


def _esc(text: str) -> str:
    """``text`` safe in XML content and quoted attributes."""
    return html.escape(text.translate(_NOT_XML), quote=True)
