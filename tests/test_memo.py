"""Helpers remembered per case: found by the case itself, bounded, and pure."""

from __future__ import annotations

import dataclasses

import pytest

from lessons.memo import per_case
from lessons.skills import load_seed_case

CASE = load_seed_case()


def counting(entries: int = 10, cases: int = 2):  # type: ignore[no-untyped-def]
    calls: list[tuple[object, ...]] = []

    @per_case(entries=entries, cases=cases)
    def double(case: object, value: int) -> int:
        calls.append((case, value))
        return value * 2

    return double, calls


def test_a_result_is_worked_out_once_per_case_and_argument() -> None:
    double, calls = counting()
    assert [double(CASE, 2), double(CASE, 2), double(CASE, 3)] == [4, 4, 6]
    assert len(calls) == 2
    other = dataclasses.replace(CASE)  # an equal case is still another case object
    assert double(other, 2) == 4
    assert len(calls) == 3


def test_a_full_table_starts_afresh() -> None:
    double, calls = counting(entries=2)
    for value in (1, 2, 3, 1):
        double(CASE, value)
    assert len(calls) == 4  # the table held two results when 3 came: 1 was forgotten


def test_only_the_last_few_cases_keep_results() -> None:
    double, calls = counting(cases=2)
    cases = [dataclasses.replace(CASE) for _ in range(3)]
    for case in cases:
        double(case, 1)
    double(cases[2], 1)
    assert len(calls) == 3
    double(cases[0], 1)  # the oldest was dropped
    assert len(calls) == 4


def test_cache_clear_forgets_and_keywords_are_refused() -> None:
    double, calls = counting()
    double(CASE, 1)
    double.cache_clear()
    double(CASE, 1)
    assert len(calls) == 2
    with pytest.raises(TypeError, match="keyword"):
        double(CASE, value=1)


def test_an_unhashable_argument_is_worked_out_and_not_remembered() -> None:
    calls: list[object] = []

    @per_case()
    def size(case: object, value: object) -> int:
        calls.append(value)
        return len(value)  # type: ignore[arg-type]

    assert size(CASE, [1, 2]) == size(CASE, [1, 2]) == 2
    assert len(calls) == 2
