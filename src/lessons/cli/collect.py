"""``lessons collect [--exchange DIR] --out FOLDER``: copy every hand-in from the course
exchange's inbox into ``FOLDER/<owner>/``, with ``FOLDER/owners.csv`` saying who owns each
file; then ``lessons grade FOLDER`` refuses a file that names someone else.

Exit status: 0 collected; 1 collected, but some inbox files were left out (each said why);
2 no exchange, the inbox cannot be listed (not the teacher's), or FOLDER cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "collect",
        help="copy the hand-ins from the course exchange into a folder, by owner",
        description="Copy every hand-in file in the exchange's inbox into FOLDER/<owner>/ "
        "(the owner is the signed-in user who created the file) and list them in "
        "FOLDER/owners.csv. Collecting again copies only new files. Exit status: 0 collected; "
        "1 some files left out; 2 refused.",
    )
    parser.add_argument(
        "--exchange", metavar="DIR", help="the course exchange (default: $LESSONS_EXCHANGE)"
    )
    parser.add_argument("--out", required=True, metavar="FOLDER", help="where to copy them")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return collect_into(args.exchange, Path(args.out))


def collect_into(exchange: str | Path | None, out: Path) -> int:
    """Collect into ``out`` and report on the terminal; the exit status (see the module)."""
    from lessons.exchange.collecting import collect
    from lessons.exchange.layout import ExchangeError, find_exchange

    try:
        result = collect(find_exchange(exchange), out)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:  # the folder to collect into: a file, no permission, disk full
        where = error.filename or out
        print(
            f"{where} cannot be written ({error.strerror or error}); give a folder you can "
            "write to.",
            file=sys.stderr,
        )
        return 2
    print(
        f"Collected {len(result.copied)} new hand-in file(s) into {out} "
        f"({len(result.already)} there from before; {result.owners} student(s)); owners in "
        f"{out / 'owners.csv'}."
    )
    for name, why in result.skipped:
        print(f"left out {name}: {why}", file=sys.stderr)
    return 1 if result.skipped else 0
