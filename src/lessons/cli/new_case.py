"""``lessons new-case DIR TEXT...``: start a case study folder from article texts.

The texts are copied into ``DIR`` beside a ``case.toml`` and ``key/*.toml`` skeletons whose
fields to fill are marked ``TODO``; ``lessons validate DIR`` then lists what is left.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lessons.teacher.newcase import NewCaseError, write_case

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new-case",
        help="start a new case study folder from article text files",
        description="Copy article text files (UTF-8) into a new case study folder and write "
        "case.toml and the expert key skeletons (key/*.toml) with every field to fill marked "
        "TODO. Then fill them in and run 'lessons validate DIR' until it reports no problem.",
    )
    parser.add_argument("folder", metavar="DIR", help="the new case folder (new or empty)")
    parser.add_argument(
        "texts", nargs="+", metavar="TEXT", help="the article text files, in lesson order"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        written = write_case(args.folder, args.texts)
    except NewCaseError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"No case folder was made in {args.folder}.", file=sys.stderr)
        return 2
    texts = len(args.texts)
    print(
        f"Made {args.folder} with {texts} article text{'s' if texts != 1 else ''}, case.toml "
        f"and the key skeletons ({len(written) - texts} files written)."
    )
    print(
        f"Next: fill in every TODO (format: docs/case-format.md), then run "
        f"'lessons validate {args.folder}' until it reports no problem."
    )
    return 0
