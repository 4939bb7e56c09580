"""``lessons exchange create DIR`` and ``lessons exchange close EXERCISE [--exchange DIR]``:
make a course exchange (the teacher, once per course), end an open assessment.

Exit status: 0 done; 2 the folder cannot be made or given the right permissions, or the
exercise is not released there (one sentence says which and what to do).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["register", "run_close", "run_create"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "exchange",
        help="make a course exchange for a hub class, or close an assessment in it",
        description="A course exchange is a folder shared by a hub's class: released/ (the "
        "teacher's releases, read-only to students) and inbox/ (hand-ins: students create "
        "files there but cannot list it). 'create' makes it (again: puts permissions right); "
        "'close' ends an open assessment, so practice feedback on its tasks comes back. "
        "Exit status: 0 done; 2 refused (the reason is printed).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create",
        help="make DIR a course exchange (released/ 0755, inbox/ 3733)",
        description="Make DIR/released (0755) and DIR/inbox (3733: sticky, writable, not "
        "listable by students, hand-ins readable by your group only). Run by the teacher on "
        "the folder the hub's admin gave them (or on that folder itself).",
    )
    create.add_argument("dir", help="the exchange folder, e.g. /srv/lessons/media-101")
    create.set_defaults(func=run_create)
    close = actions.add_parser(
        "close",
        help="end an open assessment now",
        description="Mark EXERCISE closed in the exchange: from now on its tasks get practice "
        "feedback again (an assessment also ends at its deadline; releasing it again opens "
        "it again). Hand-ins are still accepted: late ones are marked late by the deadline.",
    )
    close.add_argument("exercise", help="the exercise id, as released (e.g. quiz-sources)")
    close.add_argument(
        "--exchange", metavar="DIR", help="the course exchange (default: $LESSONS_EXCHANGE)"
    )
    close.set_defaults(func=run_close)


def run_create(args: argparse.Namespace) -> int:
    from lessons.exchange.layout import ExchangeError, create_exchange

    folder = Path(args.dir)
    try:
        done = create_exchange(folder)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return 2
    for line in done:
        print(line)
    print(
        f"Course exchange ready in {folder}: release into it with 'lessons release EXERCISE "
        f"--exchange {folder}'; students' servers need LESSONS_EXCHANGE={folder}."
    )
    return 0


def run_close(args: argparse.Namespace) -> int:
    from lessons.exchange.layout import ExchangeError, find_exchange
    from lessons.exchange.publish import close

    try:
        path = close(find_exchange(args.exchange), args.exercise)
    except ExchangeError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{args.exercise}: cannot be closed ({error.strerror or error}).", file=sys.stderr)
        return 2
    print(f"Closed {args.exercise!r}: its tasks get practice feedback again ({path}).")
    return 0
