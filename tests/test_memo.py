"""Per-case tables of remembered results: found by the case itself, and bounded."""

from __future__ import annotations

import dataclasses

from lessons.casestudy import load_seed_case
from lessons.memo import CaseCache

CASE = load_seed_case()


def test_each_case_has_its_own_table_and_a_full_table_starts_afresh() -> None:
    cache = CaseCache(cases=2, entries=3)
    table = cache.table(CASE)
    table.update(a=1, b=2)
    assert cache.table(CASE) == {"a": 1, "b": 2}
    other = dataclasses.replace(CASE)  # an equal case is still another case object
    assert cache.table(other) == {}
    table["c"] = 3
    assert cache.table(CASE) == {}  # held three entries: emptied before being handed out


def test_only_the_last_few_cases_keep_a_table() -> None:
    cache = CaseCache(cases=2, entries=10)
    cases = [dataclasses.replace(CASE) for _ in range(3)]
    for number, case in enumerate(cases):
        cache.table(case)["n"] = number
    assert cache.table(cases[2]) == {"n": 2}
    assert cache.table(cases[0]) == {}  # the oldest was dropped
