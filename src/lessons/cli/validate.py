"""``lessons validate [CASE_DIR]``: check a case study and its keys, listing every problem."""

from __future__ import annotations

import argparse
from typing import Any

from lessons.cli._case import add_case_argument, load_case_or_report

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a case study folder (default: the bundled seed case)",
        description="Check a case study folder: case.toml, the article files and the keys "
        "in key/. Prints a one-line summary, or every problem (file: field: message).",
    )
    add_case_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder, case = load_case_or_report(args.case_dir)
    if case is None:
        return 2
    keys = ", ".join(sorted(case.keys)) or "none"
    print(
        f"{folder}: valid case study {case.id!r} with {len(case.articles)} articles; "
        f"expert keys: {keys}."
    )
    return 0
