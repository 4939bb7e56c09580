"""Remember what a pure helper worked out for a case: ``@per_case(entries=...)``.

A checker is a pure function of (case, answer), and many students give the same part of an
answer (a level with its quote, a mark, a named source), so a helper that judges one part
can remember its result. The decorator declares that once, instead of each checker keeping
tables by hand. Results are found by the case's identity (the case is held, so its id cannot
be reused while its results live) and the helper's other arguments (a call with an
unhashable argument is worked out and not remembered).
Only the last few cases keep results, and a case's full table starts afresh, so memory stays
bounded whatever a class hands in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, cast

from lessons.casestudy import Case

__all__ = ["Remembered", "per_case"]

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Remembered(Protocol[P, R_co]):
    """A helper wrapped by :func:`per_case`: called like the helper, plus ``cache_clear``."""

    def __call__(self, case: Case, *args: P.args, **kwargs: P.kwargs) -> R_co: ...

    def cache_clear(self) -> None:
        """Forget every remembered result (for tests)."""


class _Tables:
    """One table of results per case, for the last ``cases`` cases. The case asked for last
    is kept at hand: a grader asks for the same case thousands of times in a row."""

    __slots__ = ("_cases", "_tables", "last_case", "last_table")

    def __init__(self, cases: int) -> None:
        self._cases = cases
        self._tables: dict[int, tuple[Case, dict[Any, Any]]] = {}
        self.last_case: Case | None = None
        self.last_table: dict[Any, Any] = {}

    def of(self, case: Case) -> dict[Any, Any]:
        found = self._tables.get(id(case))
        if found is not None and found[0] is case:
            table = found[1]
        else:
            if len(self._tables) >= self._cases:
                del self._tables[next(iter(self._tables))]
            table = {}
            self._tables[id(case)] = (case, table)
        self.last_case, self.last_table = case, table
        return table

    def clear(self) -> None:
        self._tables.clear()
        self.last_case, self.last_table = None, {}


def per_case(
    *, entries: int = 20_000, cases: int = 4
) -> Callable[[Callable[Concatenate[Case, P], R]], Remembered[P, R]]:
    """Remember a pure helper's results per case: at most ``entries`` for each of the last
    ``cases`` cases. The helper takes the case first and hashable positional arguments."""

    def decorate(helper: Callable[Concatenate[Case, P], R]) -> Remembered[P, R]:
        tables = _Tables(cases)

        @functools.wraps(helper)
        def remembered(case: Case, *args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                raise TypeError(
                    f"{helper.__name__} is remembered per case: pass arguments by position"
                )
            table = tables.last_table if case is tables.last_case else tables.of(case)
            try:
                return cast(R, table[args])
            except KeyError:
                if len(table) >= entries:  # full: start afresh, so memory stays bounded
                    table.clear()
                result = table[args] = helper(case, *args, **kwargs)
                return result
            except TypeError:  # an unhashable argument: work it out, remember nothing
                return helper(case, *args, **kwargs)

        remembered.cache_clear = tables.clear  # type: ignore[attr-defined]
        return cast(Remembered[P, R], remembered)

    return decorate
