"""``lessons validate [CASE_DIR]``: check a case study and its keys, listing every problem;
for a valid case, what each lesson is ready for (:mod:`lessons.teacher.casecheck`)."""

from __future__ import annotations

import argparse
from typing import Any

from lessons.cli._case import add_case_argument, load_case_or_report
from lessons.teacher.casecheck import report

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a case study folder (default: the bundled seed case)",
        description="Check a case study folder: case.toml, the article files and the keys "
        "in key/. Prints every problem (file: field: message); for a valid case, a summary, "
        "which tasks of each lesson are ready (and which key file the others need) and each "
        "article's expert reliability total against its band.",
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
    for line in report(case):
        print(line)
    return 0
