"""Bounded tables of pure results, one per case object, for checker work a class repeats.

A checker is a pure function of (case, answer); many students give the same part of an
answer (a level, a quote, a mark), so the judgement of that part can be remembered. The
table is found by the case's identity (the case is held, so its id cannot be reused while
the table lives); only the last few cases keep a table, and a full table starts afresh,
so memory stays bounded.
"""

from __future__ import annotations

from typing import Any

from lessons.casestudy import Case

__all__ = ["CaseCache"]


class CaseCache:
    """Tables of remembered results, one per case: ``cache.table(case)[key] = value``."""

    def __init__(self, cases: int, entries: int) -> None:
        self._cases = cases
        self._entries = entries
        self._tables: dict[int, tuple[Case, dict[Any, Any]]] = {}

    def table(self, case: Case) -> dict[Any, Any]:
        """The table of ``case``, emptied first when it holds ``entries`` results."""
        found = self._tables.get(id(case))
        if found is not None and found[0] is case:
            if len(found[1]) >= self._entries:
                found[1].clear()
            return found[1]
        if len(self._tables) >= self._cases:
            del self._tables[next(iter(self._tables))]
        table: dict[Any, Any] = {}
        self._tables[id(case)] = (case, table)
        return table
