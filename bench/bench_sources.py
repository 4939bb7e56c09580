"""Measure lesson 02's moving parts: loading the sources key, checking answers, drawing charts.

Prints, for the seed case study:

- load and validate ``key/sources.toml`` (with the case, keys for other lessons left out);
- ``check_answer`` per call for expert, partly right and wrong answers on all five articles
  (the grader calls it once per article per submission, so this bounds grading speed);
- ``chain_figure``: building the figure, and building plus rendering it to PNG (what
  a student waits for after pressing *Check*);
- building the widget for one article (what a student waits for when the cell runs).

Every figure is the median of several repeats on one core. Asserts nothing.

    python bench/bench_sources.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from _timing import median_time

from lessons.casestudy import Case
from lessons.resources import seed_case_dir
from lessons.skills import load_case
from lessons.sources import SourcesKey, check_answer, sources_key


def sources_only_copy(folder: Path) -> Path:
    for path in seed_case_dir().iterdir():
        if path.suffix in (".toml", ".txt"):
            shutil.copy(path, folder / path.name)
    (folder / "key").mkdir()
    shutil.copy(seed_case_dir() / "key" / "sources.toml", folder / "key" / "sources.toml")
    return folder


def answers(key: SourcesKey) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """An expert, a partly right and a wrong answer for every article."""
    kinds: dict[str, list[tuple[str, dict[str, Any]]]] = {"expert": [], "partly": [], "wrong": []}
    for article_id, article in key.articles.items():
        named = [key.name(n.source) for n in article.named]
        kinds["expert"].append(
            (
                article_id,
                {
                    "named": named,
                    "garbled": [key.name(n.source) for n in article.named if n.garbled],
                    "immediate": key.name(article.immediate),
                    "credited": article.credited,
                    "chain": [key.name(s) for s in article.chain],
                },
            )
        )
        kinds["partly"].append(
            (article_id, {"named": named[:2], "immediate": "REGNUM", "chain": ["REGNUM"]})
        )
        kinds["wrong"].append(
            (
                article_id,
                {
                    "named": [article.distractors[0].source],
                    "immediate": "Rappler",
                    "credited": not article.credited,
                    "chain": ["Rappler", "Newsweek"],
                },
            )
        )
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    repeats = args.repeats
    with tempfile.TemporaryDirectory() as tmp:
        folder = sources_only_copy(Path(tmp))
        load_time = median_time(lambda: load_case(folder), repeats)
        case: Case = load_case(folder)
        key = sources_key(case)
        print(f"load case.toml + key/sources.toml: {load_time * 1e3:8.2f} ms")
        for kind, items in answers(key).items():
            per_call = median_time(
                lambda items=items: [check_answer(case, a, ans) for a, ans in items],
                repeats,
                inner=200,
            ) / len(items)
            print(
                f"check_answer, {kind:6} answers:     {per_call * 1e3:8.3f} ms per call"
                f"  ({1 / per_call:,.0f} checks/s)"
            )

        from lessons.sources.charts import chain_figure

        chain_figure(case, "news-blog", [])  # import matplotlib and networkx once
        build = median_time(
            lambda: chain_figure(case, "news-blog", ["Korotchenko", "REGNUM"]), repeats
        )

        def build_and_render() -> None:
            fig = chain_figure(case, "news-blog", ["Korotchenko", "REGNUM"])
            fig.savefig(io.BytesIO(), format="png", dpi=100)

        render = median_time(build_and_render, repeats)
        print(f"chain_figure, build:               {build * 1e3:8.1f} ms")
        print(f"chain_figure, build + PNG:         {render * 1e3:8.1f} ms")

        os.environ["LESSONS_CASE"] = str(folder)
        os.environ["LESSONS_WORKSPACE"] = str(Path(tmp) / "workspace")
        import lessons
        from lessons.widgets import _base

        _base._case_at.cache_clear()
        lessons.trace("kyiv-post")  # import ipywidgets once
        widget = median_time(lambda: lessons.trace("deep-dive"), repeats)
        print(f"lessons.trace(article), build:     {widget * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
