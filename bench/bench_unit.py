"""Measure what ``lessons start`` and ``lessons release`` do before a student sees a lesson:
read and check a case's own lesson text, and render the seven lessons for a case.

Prints, for each shipped case (the seed case and the practice case): ``read_text`` (the
case's ``lessons/*.md``, checked against the templates), ``render_unit`` (all seven
notebooks), and ``write_notebooks`` into an empty workspace (what ``lessons start`` adds to
loading the case). Every figure is the median of several repeats on one core. Asserts
nothing.

    python bench/bench_unit.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _timing import median_time

from lessons.casestudy import Case
from lessons.cli.start import write_notebooks
from lessons.resources import shipped_case_dir
from lessons.skills import load_case, load_seed_case
from lessons.unit import read_text, render_unit


def measure(name: str, case: Case, repeats: int) -> None:
    text = median_time(lambda: read_text(case), repeats)
    render = median_time(lambda: render_unit(case), repeats)

    def write() -> None:
        with tempfile.TemporaryDirectory() as folder:
            write_notebooks(Path(folder), case)

    written = median_time(write, repeats)
    print(f"{name}: read_text {text * 1000:7.2f} ms")
    print(f"{name}: render_unit (7 lessons) {render * 1000:7.2f} ms")
    print(f"{name}: write_notebooks into an empty workspace {written * 1000:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    measure("seed", load_seed_case(), args.repeats)
    measure("practice", load_case(shipped_case_dir("practice")), args.repeats)


if __name__ == "__main__":
    main()
