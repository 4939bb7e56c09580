"""``lessons release EXERCISE --out DIR [--mode practice|assessment] [--case DIR]``: the
students' copy, with the lessons rendered for the exercise's case (or ``--case``).

``--exchange DIR`` instead of ``--out`` releases into a course exchange
(``DIR/released/EXERCISE/``, replacing an earlier release at once), where students' servers
fetch it (:mod:`lessons.exchange.publish`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lessons.exchange.layout import ExchangeError
from lessons.teacher.exercises import MODES, load_exercise
from lessons.teacher.release import ReleaseError, release
from lessons.validation import DataFileError

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "release",
        help="write the students' copy of an exercise (notebooks, mode, no key in assessments)",
        description="Write the notebooks an exercise needs into a folder for students, with "
        "the exercise's mode. In assessment mode the Check buttons become Save, no feedback "
        "is shown, and no part of the answer key is written (the folder is searched for it); "
        "a teacher's own case is copied with only what the lessons display. A task the case "
        "does not have (or, in an assessment, cannot check) refuses the release. With "
        "--exchange DIR it goes into the course exchange for a hub class instead. "
        "Exit status: 0 released; 2 the exercise file is invalid, the release was refused, "
        "--out cannot be written or --exchange is not a course exchange.",
    )
    parser.add_argument(
        "exercise", help="a shipped exercise (full-unit, quiz-sources, ...) or a .toml file"
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="the folder to write (new or empty)")
    target.add_argument(
        "--exchange",
        metavar="DIR",
        help="release into this course exchange (made by 'lessons exchange create') for a "
        "hub class; a re-release replaces the earlier one",
    )
    parser.add_argument(
        "--mode", choices=MODES, help="override the exercise's mode (practice or assessment)"
    )
    parser.add_argument(
        "--case",
        metavar="DIR",
        help="release the exercise on this case study folder instead of the exercise's own "
        "case (its tasks must exist in it)",
    )
    parser.add_argument(
        "--force", action="store_true", help="write into a folder that is not empty"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.case and not (Path(args.case) / "case.toml").is_file():
            print(
                f"--case: {args.case} holds no case.toml; give a case study folder.",
                file=sys.stderr,
            )
            return 2
        exercise = load_exercise(args.exercise, args.case)
        if args.exchange:
            from lessons.exchange.publish import release_to_exchange

            result = release_to_exchange(exercise, Path(args.exchange), args.mode)
        else:
            result = release(exercise, Path(args.out), args.mode, force=args.force)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    except ReleaseError as error:
        for reason in error.problems:
            print(reason, file=sys.stderr)
        return 2
    except OSError as error:  # --out inside a file (/dev/null/x), unwritable, a full disk
        from lessons.cli.grade import cannot_write

        option = "--exchange" if args.exchange else "--out"
        print(cannot_write(option, Path(args.exchange or args.out), error), file=sys.stderr)
        return 2
    except ExchangeError as error:
        print(f"--exchange: {error}", file=sys.stderr)
        return 2
    print(
        f"Released {exercise.id!r} ({result.mode}) to {result.out}: "
        f"{len(result.notebooks)} notebook(s), {len(exercise.tasks)} task(s), "
        f"{exercise.maximum:g} points."
    )
    if result.mode == "assessment":
        print(
            f"No answer-key text is in the folder ({result.key_strings_checked} key sentences "
            "searched for)."
        )
    if result.mode == "assessment" and result.case_folder:
        print(
            f"The case study in {result.case_folder}/ holds what the lessons display: no key "
            "files, no claim status, no date notes, no comments."
        )
    for note in result.notes:
        print(f"Note: {note}")
    if args.exchange:
        print("Students get it with 'lessons fetch', or lessons.fetch() in a notebook.")
    return 0
