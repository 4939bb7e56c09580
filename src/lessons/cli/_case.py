"""What the commands that read a case study share: its argument and its error report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lessons.casestudy import Case
from lessons.resources import seed_case_dir
from lessons.skills import load_case
from lessons.unit import read_text
from lessons.validation import DataFileError

__all__ = ["add_case_argument", "load_case_or_report"]


def add_case_argument(parser: Any) -> None:
    """The optional CASE_DIR argument (default: the bundled seed case)."""
    parser.add_argument(
        "case_dir", nargs="?", help="the case study folder (default: the seed case)"
    )


def load_case_or_report(case_dir: str | None, outcome: str = "") -> tuple[Path, Case | None]:
    """Load the case; on problems print each one and a count line, and return None.

    ``outcome`` ends the count line with what the command did not do ("nothing drawn").
    """
    folder = Path(case_dir) if case_dir else seed_case_dir()
    try:
        case = load_case(folder)
        read_text(case)  # the case's own lesson text, checked against the lessons
        return folder, case
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        ending = f"; {outcome}" if outcome else ""
        print(
            f"{folder}: {count} problem{'s' if count != 1 else ''} found, "
            f"not a valid case study{ending}.",
            file=sys.stderr,
        )
        return folder, None
