"""Timing shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

__all__ = ["median_time"]


def median_time(run: Callable[[], Any], repeats: int, inner: int = 1) -> float:
    """Median seconds per call over ``repeats`` rounds of ``inner`` calls: the median, as one
    round slowed by other work on a shared machine should not move the figure."""
    rounds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            run()
        rounds.append((time.perf_counter() - start) / inner)
    return statistics.median(rounds)
