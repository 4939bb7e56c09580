"""Measure lesson 01's moving parts: the guide, splitting a page into lines, checking, the widget.

Prints, for the seed case study:

- read and validate the shipped guide (``data/reading.toml``);
- ``page_lines`` for the longest page (the widget and the checker both call it);
- ``check_answer`` per call for expert, partly right and wrong answers on all five articles
  (the grader calls it once per article per submission, so this bounds grading speed);
- building the widget for one article (what a student waits for when the cell runs), and
  one click on a line (it saves the answer to disk).

Every figure is the median of several repeats on one core. Asserts nothing.

    python bench/bench_reading.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from _timing import median_time

from lessons.casestudy import Article
from lessons.reading import (
    DATE_CHOICES,
    check_answer,
    date_choice,
    default_guide_path,
    load_guide,
    page_lines,
)
from lessons.skills import load_seed_case


def answers(articles: tuple[Article, ...]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """An expert, a partly right and a wrong answer for every article."""
    kinds: dict[str, list[tuple[str, dict[str, Any]]]] = {"expert": [], "partly": [], "wrong": []}
    for article in articles:
        lines = page_lines(article)
        page = [line.number for line in lines if line.belongs == "page"]
        body = [line.number for line in lines if line.belongs == "article"]
        right_date = date_choice(article)
        translated = article.translation_of is not None
        expert = {"furniture": page, "date": right_date, "translation": translated}
        kinds["expert"].append((article.id, expert))
        kinds["partly"].append((article.id, {"furniture": page[::2] + body[:1]}))
        wrong_date = next(choice for choice in DATE_CHOICES if choice != right_date)
        wrong = {"furniture": body, "date": wrong_date, "translation": not translated}
        kinds["wrong"].append((article.id, wrong))
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    repeats = args.repeats
    case = load_seed_case(with_keys=False)

    guide = median_time(lambda: load_guide(default_guide_path()), repeats, inner=20)
    print(f"load data/reading.toml:            {guide * 1e3:8.3f} ms")
    longest = max(case.articles, key=lambda article: len(article.raw_text))
    lines = median_time(lambda: page_lines(longest), repeats, inner=200)
    print(f"{'page_lines (' + longest.id + '):':35}{lines * 1e3:8.3f} ms")
    for kind, items in answers(case.articles).items():
        per_call = median_time(
            lambda items=items: [check_answer(case, a, ans) for a, ans in items],
            repeats,
            inner=200,
        ) / len(items)
        print(
            f"check_answer, {kind:6} answers:     {per_call * 1e3:8.3f} ms per call"
            f"  ({1 / per_call:,.0f} checks/s)"
        )

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.pop("LESSONS_CASE", None)
        os.environ["LESSONS_WORKSPACE"] = str(Path(tmp) / "workspace")
        import lessons

        lessons.read_closely("kyiv-post")  # import ipywidgets once
        widget = median_time(lambda: lessons.read_closely("news-blog"), repeats)
        print(f"lessons.read_closely(article):     {widget * 1e3:8.1f} ms")
        reader = lessons.read_closely("news-blog")
        box = reader.lines[1]

        def click() -> None:
            box.value = not box.value

        save = median_time(click, repeats, inner=20)
        print(f"tick a line (saves the answer):    {save * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
