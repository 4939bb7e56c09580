"""``lessons spread [CASE_DIR] --out FILE.png``: draw how the claim spread, for slides and reports.

Draws the citation graph of a case study (default: the seed case) from its
``key/sources.toml``, or with ``--chart`` the timeline of first appearances or the hedges
along the chain, and writes it as PNG, SVG or PDF (by the file's suffix). The chart's alt
text is printed, to paste wherever the picture goes. Exit status: 0 written; 1 the file
could not be written; 2 the case study is invalid, has no sources key, or the file name has
a suffix that is not an image format.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lessons.cli._case import add_case_argument, load_case_or_report
from lessons.skills import SKILLS, Chart
from lessons.sources import MissingKeyError

__all__ = ["CHARTS", "FORMATS", "register", "run"]

#: ``--chart`` choices, as the registry lists the spread skill's charts: what each draws, and how.
CHARTS: Mapping[str, Chart] = SKILLS["spread"].charts
FORMATS = (".png", ".svg", ".pdf")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "spread",
        help="draw how the claim spread (citation graph, timeline, hedges) to an image file",
        description="Draw how the claim of a case study spread, from its key/sources.toml, and "
        "write it to an image file (PNG, SVG or PDF, by the suffix). Prints the chart's alt text.",
    )
    add_case_argument(parser)
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="the image to write (.png, .svg or .pdf)"
    )
    parser.add_argument(
        "--chart",
        choices=tuple(CHARTS),
        default="graph",
        help="; ".join(f"{name}: {chart.description}" for name, chart in CHARTS.items())
        + " (default: graph)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        print(
            f"{out}: the file name must end in {', '.join(FORMATS)} (the image format to write).",
            file=sys.stderr,
        )
        return 2
    folder, case = load_case_or_report(args.case_dir, "nothing drawn")
    if case is None:
        return 2
    chart = CHARTS[args.chart]
    try:
        figure = chart.draw(case)
    except MissingKeyError as error:
        print(f"{folder}: {error}", file=sys.stderr)
        return 2
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(out, dpi=figure.dpi)
    except OSError as error:
        print(f"{out}: could not be written ({error.strerror or error}).", file=sys.stderr)
        return 1
    print(f"Wrote {out}: {chart.description}.")
    print(f"Alt text: {getattr(figure, 'lessons_alt_text', '')}")
    description = getattr(figure, "lessons_description", None)
    if description:
        print(f"Description: {description}")
    return 0
