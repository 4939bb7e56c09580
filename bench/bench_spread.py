"""Measure lessons 05 and 06: the spread tables and charts, the quiz and brief checkers.

Prints, for the seed case study:

- ``appearances_table`` and ``edges_table`` (pandas, built from the keys);
- each chart: building the figure, and building plus rendering it to PNG (what a student
  waits for when the cell runs; ``FigureView`` renders at 100 dpi);
- ``check_answer`` per call for the spread quiz (all five questions) and for the capstone
  brief (right-length, too short), and for "one article end to end" (which runs the three
  lessons' checkers): the grader calls them once per task per submission.

Every figure is the median of several repeats on one core. Asserts nothing.

    python bench/bench_spread.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable
from typing import Any

from _timing import median_time

from lessons import capstone, spread
from lessons.reliability import ReliabilityKey
from lessons.skills import load_seed_case
from lessons.sources import sources_key
from lessons.spread import charts as spread_charts

BRIEF = (
    "North Korea has not been shown to have offered Russia 100,000 soldiers. The claim began "
    "with REGNUM, a pro-Kremlin Russian news agency, which reported that North Korea had "
    "offered the troops through unnamed “diplomatic channels”. A TV pundit, Igor Korotchenko, "
    "said there were “reports” of 100,000 volunteers but named no source. Newsweek's "
    "fact-check found no evidence, and on 11 August 2022 Russia's Foreign Ministry called the "
    "reports fake. The offer may never have existed: no official North Korean statement was "
    "found. North Korean troops did appear in Russia in 2024, but that deployment was far "
    "smaller and does not confirm the 2022 report, according to the lessons' research."
)


def render(build: Callable[[], Any]) -> Callable[[], bytes]:
    def run() -> bytes:
        buffer = io.BytesIO()
        build().savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    os.environ.setdefault("MPLBACKEND", "Agg")

    start = time.perf_counter()
    case = load_seed_case()
    print(f"load the seed case with all keys: {1000 * (time.perf_counter() - start):.0f} ms")
    spread.appearances_table(case)  # warm the imports (pandas, networkx, the lexicon)

    print("\nspread data")
    for name, run in (
        ("appearances_table", lambda: spread.appearances_table(case)),
        ("edges_table", lambda: spread.edges_table(case)),
        ("time_layers", lambda: spread.time_layers(case)),
    ):
        print(f"  {name:<22} {1000 * median_time(run, repeats):7.1f} ms")

    print("\ncharts (build / build and render a PNG)")
    ratings = {"kyiv-post": 60, "news-blog": 30, "deep-dive": 85}
    key = sources_key(case)
    chains = {
        f"sources/{a}": {"chain": [key.name(s) for s in entry.chain]}
        for a, entry in key.articles.items()
    }
    charts: dict[str, Callable[[], Any]] = {
        "citation graph": lambda: spread_charts.citation_graph_figure(case),
        "graph by ratings": lambda: spread_charts.citation_graph_figure(case, ratings=ratings),
        "timeline": lambda: spread_charts.timeline_figure(case),
        "hedges along chain": lambda: spread_charts.hedge_thinning_figure(case),
        "my chains (5 traced)": lambda: spread_charts.my_chains_figure(case, chains),
    }
    for name, build in charts.items():
        built = median_time(build, repeats)
        rendered = median_time(render(build), repeats)
        print(f"  {name:<22} {1000 * built:7.0f} ms / {1000 * rendered:7.0f} ms")

    print("\ncheckers, per call")
    quiz = spread.spread_key(case).questions
    right = [(q, {"choices": [c.id for c in quiz[q].right]}) for q in quiz]
    wrong = [(q, {"choices": [quiz[q].choices[-1].id]}) for q in quiz]
    for label, batch in (("spread quiz, right", right), ("spread quiz, wrong", wrong)):
        per = median_time(
            lambda b=batch: [spread.check_answer(case, q, a) for q, a in b], repeats, 20
        )
        print(f"  {label:<30} {1e6 * per / len(batch):8.0f} µs")
    capstone.default_capstone()
    for label, text in (("brief, 120 words", BRIEF), ("brief, 20 words", BRIEF[:130])):
        per = median_time(lambda t=text: capstone.check_brief(case, {"text": t}), repeats, 20)
        print(f"  {label:<30} {1e6 * per:8.0f} µs")
    hedges = case.key("hedges").article("news-blog")
    reliability = case.key("reliability")
    assert isinstance(reliability, ReliabilityKey)
    rating = reliability.articles["news-blog"]
    answers = {
        "sources/news-blog": chains["sources/news-blog"],
        "hedges/news-blog": {"spans": [[s.start, s.end, s.category] for s in hedges.spans]},
        "reliability/news-blog": {
            "levels": dict(rating.levels),
            "evidence": {c: k.quotes[0] for c, k in rating.criteria.items() if k.quotes},
        },
    }
    per = median_time(
        lambda: capstone.check_article(case, {"article": "news-blog"}, answers), repeats, 10
    )
    print(f"  {'article end to end (3 checks)':<30} {1e6 * per:8.0f} µs")


if __name__ == "__main__":
    main()
