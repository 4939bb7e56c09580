"""``lessons grade SUBMISSIONS_DIR --exercise EXERCISE --out DIR``: grade a class.

Exit status: 0 every file was graded; 1 the class was graded but some files were skipped
(listed, with the reason) or some answers could not be checked; 2 nothing was graded (the
exercise file or the roster is invalid, the submissions folder is missing, or the results
cannot be written into ``--out``: one sentence says which path and why).

``--roster FILE`` (a CSV as an LMS exports it, :mod:`lessons.grading.roster`) gives every
rostered student a row, and marks who has not handed in.

``--exchange DIR`` first collects the course exchange's inbox (``lessons collect``) into
SUBMISSIONS_DIR (default ``OUT/collected``); a file naming someone other than the signed-in
user who handed it in is skipped (:mod:`lessons.grading.owners`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import os
import sys
from pathlib import Path
from typing import Any

from lessons.teacher.exercises import load_exercise
from lessons.validation import DataFileError

__all__ = [
    "EXIT_GRADED",
    "EXIT_INVALID",
    "EXIT_SOME_SKIPPED",
    "cannot_write",
    "out_problem",
    "register",
    "release_time",
    "run",
]

EXIT_GRADED = 0
EXIT_SOME_SKIPPED = 1
EXIT_INVALID = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade a folder of submission files into a gradebook, feedback and a class report",
        description="Read every submission file in a folder (never running anything in them), "
        "check each answer with the lessons' checkers and write DIR/gradebook.csv, "
        "DIR/feedback/<student>.html, DIR/report.html, DIR/skipped.csv and the LMS imports "
        "DIR/lms/canvas.csv and DIR/lms/grades.csv. Exit status: 0 all "
        "graded; 1 graded, but some files were skipped or some answers could not be checked; "
        "2 nothing graded (invalid exercise or roster, missing folder, or --out cannot be "
        "written).",
    )
    parser.add_argument(
        "submissions",
        nargs="?",
        help="the folder of submission files (read recursively); with --exchange, where to "
        "collect them (default: OUT/collected)",
    )
    parser.add_argument(
        "--exchange",
        metavar="DIR",
        help="collect the hand-ins from this course exchange first (as 'lessons collect')",
    )
    parser.add_argument(
        "--exercise", required=True, help="a shipped exercise (e.g. quiz-sources) or a .toml file"
    )
    parser.add_argument("--out", required=True, help="the folder to write the results into")
    parser.add_argument(
        "--roster",
        metavar="FILE",
        help="a CSV of the class as an LMS exports it (a column Student or name; optional ID, "
        "SIS User ID, SIS Login ID, email, Section): every rostered student gets a row",
    )
    parser.add_argument(
        "--released",
        metavar="WHEN",
        help="when the exercise was released: the folder `lessons release` wrote (its "
        ".lessons/release.json says), or a time like 2026-12-01T08:00:00Z; earlier hand-ins "
        "are flagged in the report",
    )
    parser.add_argument(
        "--no-charts", action="store_true", help="leave the charts out of report.html (tables only)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def cannot_write(option: str, out: Path, error: OSError) -> str:
    """One sentence for an output folder (``--out``) that cannot be written: which path, why,
    what to give instead."""
    # os.replace names the temporary file first and the file it would replace second
    named = error.filename2 or error.filename
    where = Path(named) if named else out
    if error.errno == errno.EISDIR or (where.is_dir() and where != out):
        why = "is a folder where a file must be written"
    elif error.errno in (errno.ENOTDIR, errno.EEXIST) or (where.exists() and not where.is_dir()):
        why = "is a file, or inside one, where a folder must be"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "cannot be written (no permission, or a read-only disk)"
    else:
        why = f"cannot be written ({error.strerror or error})"
    return f"{option}: {where} {why}; give a folder you can write to."


def release_time(given: str) -> tuple[dt.datetime | None, str]:
    """When an exercise was released: read from a released folder's ``.lessons/release.json``,
    or a time (``2026-12-01T08:00:00Z``; without a zone, UTC). ``(None, why)`` if neither."""
    path = Path(given)
    text = given
    if path.is_dir():
        try:
            data = json.loads((path / ".lessons" / "release.json").read_text(encoding="utf-8"))
            text = str(data["released"])
        except (OSError, ValueError, KeyError, TypeError):
            return None, (
                f"{given} is a folder without a readable .lessons/release.json saying when it "
                "was released; give the folder `lessons release` wrote, or a time like "
                "2026-12-01T08:00:00Z."
            )
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None, (
            f"{given!r} is neither a released folder nor a time like 2026-12-01T08:00:00Z."
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC), ""


def out_problem(out: Path) -> str | None:
    """Why ``out`` cannot be the output folder (made if missing), or None if it can."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return cannot_write("--out", out, error)
    if not os.access(out, os.W_OK | os.X_OK):
        return f"--out: {out} cannot be written (no permission); give a folder you can write to."
    return None


#: Skipped and superseded files listed on the terminal at most; skipped.csv has them all.
MAX_LISTED = 30


def run(args: argparse.Namespace) -> int:
    from lessons.grading import grade
    from lessons.grading.output import plural
    from lessons.grading.report import other_exercise_submissions

    folder = Path(args.submissions) if args.submissions else Path(args.out) / "collected"
    if args.exchange:
        from lessons.cli.collect import collect_into

        if collect_into(args.exchange, folder) == EXIT_INVALID:
            return EXIT_INVALID
    elif not args.submissions:
        print("Give the folder of submission files, or --exchange DIR.", file=sys.stderr)
        return EXIT_INVALID
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
    roster = None
    if args.roster:
        from lessons.grading.roster import read_roster

        try:
            roster = read_roster(Path(args.roster))
        except DataFileError as error:
            for problem in error.problems:
                print(f"--roster: {problem}", file=sys.stderr)
            return EXIT_INVALID
    released = None
    if args.released:
        released, why = release_time(args.released)
        if released is None:
            print(f"--released: {why}", file=sys.stderr)
            return EXIT_INVALID
    out = Path(args.out)
    unusable = out_problem(out)
    if unusable is not None:
        print(unusable, file=sys.stderr)
        return EXIT_INVALID
    try:
        result = grade(
            folder,
            exercise,
            out,
            show_progress=False if args.quiet else None,
            charts=not args.no_charts,
            roster=roster,
            released=released,
        )
    except OSError as error:  # a feedback page or a table where a folder stands, a full disk
        print(cannot_write("--out", out, error), file=sys.stderr)
        return EXIT_INVALID
    print(
        f"Graded {plural(len(result.students), 'student')} on {exercise.id!r} into {out}: "
        f"gradebook.csv, feedback/ ({plural(len(result.students), 'page')}), report.html, "
        "lms/canvas.csv, lms/grades.csv."
    )
    if roster is not None:
        rows = result.rows()
        missing = [row.name for row in rows if row.student is None]
        unmatched = [row for row in rows if row.unmatched]
        print(
            f"Roster {roster.file}: {plural(len(roster.entries), 'student')}, "
            f"{len(missing):,} not handed in."
        )
        for row in unmatched:
            assert row.student is not None
            print(
                f"not on the roster {row.student.submission.source}: {row.name!r} {row.unmatched}.",
                file=sys.stderr,
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
    flagged = sum(1 for student in result.students if student.flags)
    noted = [
        *([f"{plural(flagged, 'graded hand-in')} to look at twice"] if flagged else []),
        *(
            [
                f"{plural(len(result.ignored), 'hidden file or link', 'hidden files or links')} "
                "left out unread"
            ]
            if result.ignored
            else []
        ),
    ]
    if noted:
        print(
            f"{' and '.join(noted)}: listed in {out / 'report.html'} and {out / 'skipped.csv'}.",
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
