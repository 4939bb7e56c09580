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
    """One table of results per case, for the last ``cases`` cases."""

    __slots__ = ("_cases", "_tables")

    def __init__(self, cases: int) -> None:
        self._cases = cases
        self._tables: dict[int, tuple[Case, dict[Any, Any]]] = {}

    def of(self, case: Case) -> dict[Any, Any]:
        found = self._tables.get(id(case))
        if found is not None and found[0] is case:
            return found[1]
        if len(self._tables) >= self._cases:
            del self._tables[next(iter(self._tables))]
        table: dict[Any, Any] = {}
        self._tables[id(case)] = (case, table)
        return table

    def clear(self) -> None:
        self._tables.clear()


def per_case(
    *, entries: int = 20_000, cases: int = 4
) -> Callable[[Callable[Concatenate[Case, P], R]], Remembered[P, R]]:
    """Remember a pure helper's results per case: at most ``entries`` for each of the last
    ``cases`` cases. The helper takes the case first and hashable positional arguments
    (only positional: a keyword argument is refused)."""

    def decorate(helper: Callable[Concatenate[Case, P], R]) -> Remembered[P, R]:
        tables = _Tables(cases)
        # The case asked for last and its table, at hand: a grader asks for the same case
        # thousands of times in a row, and this wrapper runs for every part of every answer.
        last_case: Case | None = None
        last_table: dict[Any, Any] = {}

        @functools.wraps(helper)
        def remembered(case: Case, *args: Any) -> Any:
            nonlocal last_case, last_table
            if case is not last_case:
                last_case, last_table = case, tables.of(case)
            table = last_table
            try:
                return table[args]
            except KeyError:
                if len(table) >= entries:  # full: start afresh, so memory stays bounded
                    table.clear()
                result = table[args] = helper(case, *args)  # type: ignore[call-arg]
                return result
            except TypeError:  # an unhashable argument: work it out, remember nothing
                return helper(case, *args)  # type: ignore[call-arg]

        def cache_clear() -> None:
            nonlocal last_case, last_table
            tables.clear()
            last_case, last_table = None, {}

        remembered.cache_clear = cache_clear  # type: ignore[attr-defined]
        return cast(Remembered[P, R], remembered)

    return decorate
