"""``lessons grade SUBMISSIONS_DIR --exercise EXERCISE --out DIR``: grade a class.

Exit status: 0 every file was graded; 1 the class was graded but some files were skipped
(listed, with the reason) or some answers could not be checked; 2 nothing was graded (the
exercise file is invalid or the submissions folder is missing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lessons.teacher.exercises import load_exercise
from lessons.validation import DataFileError

__all__ = ["EXIT_GRADED", "EXIT_INVALID", "EXIT_SOME_SKIPPED", "register", "run"]

EXIT_GRADED = 0
EXIT_SOME_SKIPPED = 1
EXIT_INVALID = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade a folder of submission files into a gradebook, feedback and a class report",
        description="Read every submission file in a folder (never running anything in them), "
        "check each answer with the lessons' checkers and write DIR/gradebook.csv, "
        "DIR/feedback/<student>.html, DIR/report.html and DIR/skipped.csv. Exit status: 0 all "
        "graded; 1 graded, but some files were skipped or some answers could not be checked; "
        "2 nothing graded (invalid exercise or missing folder).",
    )
    parser.add_argument("submissions", help="the folder of submission files (read recursively)")
    parser.add_argument(
        "--exercise", required=True, help="a shipped exercise (e.g. quiz-sources) or a .toml file"
    )
    parser.add_argument("--out", required=True, help="the folder to write the results into")
    parser.add_argument(
        "--no-charts", action="store_true", help="leave the charts out of report.html (tables only)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


#: Skipped and superseded files listed on the terminal at most; skipped.csv has them all.
MAX_LISTED = 30


def run(args: argparse.Namespace) -> int:
    from lessons.grading import grade
    from lessons.grading.output import plural
    from lessons.grading.report import other_exercise_submissions

    folder = Path(args.submissions)
    if not folder.is_dir():
        print(
            f"{folder}: not a folder; give the folder holding the submission files.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        exercise = load_exercise(args.exercise)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.out)
    result = grade(
        folder,
        exercise,
        out,
        show_progress=False if args.quiet else None,
        charts=not args.no_charts,
    )
    print(
        f"Graded {plural(len(result.students), 'student')} on {exercise.id!r} into {out}: "
        f"gradebook.csv, feedback/ ({plural(len(result.students), 'page')}), report.html."
    )
    if result.combined:
        print(
            f"{plural(result.combined, 'earlier file')} combined with the same students' newer "
            "files: the newest answer to each task counts."
        )
    listed = [f"skipped {item.file}: {item.reason}" for item in result.skipped]
    listed += [f"superseded {old.file}: {old.describe()}" for old in result.superseded]
    for line in listed[:MAX_LISTED]:
        print(line, file=sys.stderr)
    if len(listed) > MAX_LISTED:
        print(
            f"... and {len(listed) - MAX_LISTED} more skipped or superseded files: all of them "
            f"are in {out / 'skipped.csv'}.",
            file=sys.stderr,
        )
    for file, _student, other in other_exercise_submissions(result):
        print(
            f"warning {file}: handed in for exercise {other!r}, graded as {exercise.id!r}.",
            file=sys.stderr,
        )
    for unchecked in result.errors:
        print(f"not checked {unchecked}", file=sys.stderr)
    if result.skipped:
        print(
            f"{plural(len(result.skipped), 'file')} skipped; see {out / 'skipped.csv'}.",
            file=sys.stderr,
        )
    return EXIT_SOME_SKIPPED if result.skipped or result.errors else EXIT_GRADED
