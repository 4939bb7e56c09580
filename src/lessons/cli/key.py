"""``lessons key [CASE_DIR] [--skill NAME] [--out FILE.md]``: the expert key with its reasons.

Prints (or writes) the key of a case study (default: the seed case) as Markdown, generated
from its ``key/*.toml`` files (lesson 01's from ``case.toml``): for each skill, every
expected answer, why, and the common wrong answers with why they are wrong; lesson 04's
section ends with the expert totals in order. ``--lesson`` is the old spelling of ``--skill``.

Inside a workspace released as an assessment (``$LESSONS_WORKSPACE``, else the current
folder, as the widgets resolve it) it refuses with one sentence, whatever case is named:
the students' folder is no place for the key. A teacher runs it in their own folder.
Exit status: 0 done; 1 the file could not be written, or refused in an assessment; 2 the
case study is invalid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lessons.cli._case import add_case_argument, load_case_or_report
from lessons.student.assessment import ASSESSMENT_REFUSAL, in_assessment
from lessons.teacher.key import KEY_HEADINGS, key_markdown

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "key",
        help="print the expert key with its reasons, for the teacher",
        description="Print the expert key of a case study as Markdown, generated from its key "
        "files: the answers of every skill, why, and the common wrong answers.",
    )
    add_case_argument(parser)
    parser.add_argument(
        "--skill",
        "--lesson",
        dest="skill",
        action="append",
        choices=tuple(KEY_HEADINGS),
        help="only this skill's key (repeat for several; default: every skill); "
        "--lesson is its old spelling",
    )
    parser.add_argument("--out", metavar="FILE", help="write to this file instead of printing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if in_assessment():
        print(ASSESSMENT_REFUSAL, file=sys.stderr)
        return 1
    _folder, case = load_case_or_report(args.case_dir)
    if case is None:
        return 2
    text = key_markdown(case, args.skill)
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"{out}: could not be written ({error.strerror or error}).", file=sys.stderr)
        return 1
    print(f"Wrote the key of {case.id!r} to {out}.")
    return 0
