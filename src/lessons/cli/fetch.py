"""``lessons fetch [--exchange DIR] [--into DIR]``: copy the teacher's releases from the
course exchange into ``~/<EXERCISE>/`` (a student, in a terminal; ``lessons.fetch()`` does
the same in a notebook cell).

A notebook you changed is kept and the new version written beside it as
``NAME (updated).ipynb``. Exit status: 0 fetched (or nothing new); 1 some release could not
be copied (each said why); 2 no exchange is set, or it cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="copy your teacher's releases from the course exchange into your home folder",
        description="Copy each exercise your teacher released into ~/EXERCISE/. A notebook "
        "whose cells you changed is kept, and the new version is written beside it as "
        "'NAME (updated).ipynb'; one you only opened, ran or saved is updated. Exit status: "
        "0 fetched; 1 some release could not be copied; 2 no course exchange.",
    )
    parser.add_argument(
        "--exchange", metavar="DIR", help="the course exchange (default: $LESSONS_EXCHANGE)"
    )
    parser.add_argument(
        "--into", metavar="DIR", help="where the exercise folders go (default: your home folder)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from lessons.exchange.fetching import fetch
    from lessons.exchange.layout import ExchangeError

    try:
        result = fetch(args.exchange, args.into)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return 2
    for line in result.lines():
        print(line)
    return 1 if result.problems else 0
