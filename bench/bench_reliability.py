"""Measure the reliability checker and charts: checks per second and time per figure.

The checker runs once per article per student in the widget and in ``lessons grade``
(with the student's other ratings, for the blanket check), so it must be far below a
millisecond. Answers are generated from the seed case: expert-like answers, random levels
with quotes drawn from the article's sentences (or typed text that is not in it, or page
furniture), and partial answers. Prints the figures; asserts nothing.

    python bench/bench_reliability.py [--answers 5000] [--students 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from lessons.casestudy import Case
from lessons.reliability import LEVELS, ReliabilityKey, article_scores, check_answer
from lessons.skills import load_seed_case


def random_answer(
    case: Case, key: ReliabilityKey, article_id: str, rng: random.Random
) -> dict[str, Any]:
    article = case.article(article_id)
    article_key = key.articles[article_id]
    levels: dict[str, str] = {}
    evidence: dict[str, str] = {}
    kind = rng.random()
    for criterion_id, expert in article_key.criteria.items():
        if kind < 0.15 and rng.random() < 0.5:
            continue  # a partial answer
        levels[criterion_id] = expert.level if kind < 0.5 else rng.choice(LEVELS)
        pick = rng.random()
        if pick < 0.4 and expert.quotes:
            evidence[criterion_id] = rng.choice(expert.quotes)
        elif pick < 0.75:
            evidence[criterion_id] = rng.choice(article.sentences).text
        elif pick < 0.85:
            evidence[criterion_id] = f"A sentence typed from memory number {rng.randint(1, 10**6)}."
        elif pick < 0.9 and article.furniture:
            evidence[criterion_id] = rng.choice(article.furniture).text
    return {"levels": levels, "evidence": evidence}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--students", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(2022)

    started = time.perf_counter()
    case = load_seed_case()
    print(f"load the seed case with its keys: {1000 * (time.perf_counter() - started):.1f} ms")
    key = case.key("reliability")
    assert isinstance(key, ReliabilityKey)
    ids = list(case.article_ids)

    students = []
    for _ in range(max(1, args.answers // len(ids))):
        students.append({f"reliability/{a}": random_answer(case, key, a, rng) for a in ids})
    timings: list[float] = []
    for answers in students:
        for article_id in ids:
            t0 = time.perf_counter()
            check_answer(case, article_id, answers[f"reliability/{article_id}"], answers=answers)
            timings.append(time.perf_counter() - t0)
    total = sum(timings)
    print(
        f"check_answer with the blanket check: {len(timings)} answers in {total:.2f} s = "
        f"{len(timings) / total:,.0f} answers/s; median {1e6 * statistics.median(timings):.0f} µs, "
        f"slowest {1e6 * max(timings):.0f} µs"
    )
    t0 = time.perf_counter()
    for answers in students:
        article_scores(case, answers)
    elapsed = time.perf_counter() - t0
    print(f"article_scores: {len(students) / elapsed:,.0f} students/s")

    import pandas as pd

    from lessons.charts import FigureView
    from lessons.reliability.charts import (
        class_ratings_figure,
        confidence_figure,
        ratings_figure,
    )

    def timed(label: str, make: Any) -> None:
        t0 = time.perf_counter()
        figure = make()
        drawn = time.perf_counter()
        FigureView(figure).png()
        done = time.perf_counter()
        print(f"{label}: build {1000 * (drawn - t0):.0f} ms, PNG {1000 * (done - drawn):.0f} ms")

    scores = article_scores(case, students[0])
    timed("ratings_figure", lambda: ratings_figure(case, scores))
    timed("confidence_figure", lambda: confidence_figure(70, 25, claim=case.claim))
    rows = [
        {"student": f"s{i}", "article": a, "score": s}
        for i, answers in enumerate(students[: args.students])
        for a, s in article_scores(case, answers).items()
        if s is not None
    ]
    table = pd.DataFrame(rows, columns=["student", "article", "score"])
    timed(f"class_ratings_figure ({len(rows)} ratings)", lambda: class_ratings_figure(case, table))


if __name__ == "__main__":
    main()
