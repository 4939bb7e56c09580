"""``lessons remove-keys --exercise NAME --yes``: an installation with no answers in it.

For the students' image of a hub, after ``pip install lessons-*.whl``: deletes the shipped
cases' ``key/`` folders and rewrites their ``case.toml`` as an assessment release would
(:mod:`lessons.teacher.keyless`), so a student who can program finds no key in the
installed package. Practice feedback and grading need the keys: the teacher grades in
their own installation. Without ``--yes`` it says what it would remove and removes nothing.
The exercise the students will do decides what ``case.toml`` keeps; one with lesson 05's
quiz is refused (its questions are read from the key). Exit status: 0 done; 1 nothing
removed (no ``--yes``, or a file could not be changed); 2 not an installed wheel, or the
exercise is invalid or refused, or a case is invalid.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lessons.teacher.exercises import load_exercise
from lessons.teacher.keyless import (
    KeylessError,
    installed_data_root,
    refuse_unshown,
    remove_keys,
    shipped_case_dirs,
)
from lessons.validation import DataFileError

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "remove-keys",
        help="delete the answer keys from this installation (for a students' image)",
        description="Delete the shipped case studies' keys from this installation and strip "
        "their case.toml to what the lessons display, as an assessment release does, so "
        "students on it cannot read the answers. Practice feedback and grading then give "
        "nothing here: grade in an installation that has the keys.",
    )
    parser.add_argument(
        "--exercise",
        required=True,
        help="the exercise the students will do (a shipped name or a .toml file), which "
        "decides what case.toml keeps, as for lessons release",
    )
    parser.add_argument("--yes", action="store_true", help="really delete them")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = installed_data_root()
    if root is None:
        print(
            "This lessons package runs from a source checkout, not an installed wheel, so "
            "nothing was removed: run this in the students' environment after "
            "pip install lessons-*.whl.",
            file=sys.stderr,
        )
        return 2
    try:
        exercise = load_exercise(args.exercise)
        refuse_unshown(exercise)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    except KeylessError as error:
        print(error, file=sys.stderr)
        return 2
    cases = shipped_case_dirs(root)
    if not args.yes:
        print(
            f"This would delete the keys of {len(cases)} case studies in {root} and strip "
            "their case.toml; run again with --yes to do it (reinstall the package to get "
            "them back)."
        )
        return 1
    try:
        result = remove_keys(root, exercise)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{error.filename}: could not be changed ({error.strerror}).", file=sys.stderr)
        return 1
    print(
        f"Removed {len(result.removed)} key folders and stripped {len(result.rewritten)} "
        f"case.toml files in {root}: this installation gives no feedback and cannot "
        "grade; grade where the keys are."
    )
    return 0
