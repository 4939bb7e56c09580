"""What every file the grader writes shares: numbers and counts as a teacher reads them, the
pages' style, and writing a file atomically."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

__all__ = ["PAGE_STYLE", "duration", "number", "plural", "points", "write_text"]

PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;"
    "line-height:1.45;color:#1f2328}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}"
    "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px;"
    "text-align:left}.points{font-weight:bold}"
)


def number(value: float) -> str:
    """``7``, ``7.5``, ``7.13``: a number of points without trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def duration(span: dt.timedelta) -> str:
    """``2 days 3 hours 5 minutes``, ``1 hour``, ``less than a minute``: a lateness as a
    teacher says it (whole minutes, rounded up: a hand-in 10 seconds late is 1 minute late)."""
    minutes = -(-int(span.total_seconds()) // 60) if span > dt.timedelta(0) else 0
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        plural(value, unit)
        for value, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if value
    ]
    return " ".join(parts) or "less than a minute"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and the noun agreeing with it: ``1 student``, ``2 students``, ``0 answers``,
    ``10,556 answers`` (thousands separated, as a teacher reads a large class's figures)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def points(value: float) -> str:
    """``1 point``, ``2.5 points``."""
    return f"{number(value)} {'point' if value == 1 else 'points'}"


def write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(name, 0o644)  # readable like any report, not private like mkstemp's 0600
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
