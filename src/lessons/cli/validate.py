"""``lessons validate [CASE_DIR]``: check a case study and its keys, listing every problem."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lessons.casestudy import load_case
from lessons.resources import seed_case_dir
from lessons.validation import DataFileError

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a case study folder (default: the bundled seed case)",
        description="Check a case study folder: case.toml, the article files and the keys "
        "in key/. Prints a one-line summary, or every problem (file: field: message).",
    )
    parser.add_argument(
        "case_dir", nargs="?", help="the case study folder (default: the seed case)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder = args.case_dir or seed_case_dir()
    try:
        case = load_case(folder)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{folder}: {count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 2
    keys = ", ".join(sorted(case.keys)) or "none"
    print(
        f"{folder}: valid case study {case.id!r} with {len(case.articles)} articles; "
        f"expert keys: {keys}."
    )
    return 0
