"""How the capstone's feedback writes numbers, lists of names and quoted words."""

from __future__ import annotations

from collections.abc import Sequence

__all__: list[str] = []

_QUOTES = "\"'“”‘’"


def _list(values: Sequence[str]) -> str:
    unique = list(dict.fromkeys(values))
    return ", ".join(unique) if unique else "none"


def _quoted(values: Sequence[str]) -> str:
    return _list([f"“{value.strip(_QUOTES)}”" for value in values])


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")
