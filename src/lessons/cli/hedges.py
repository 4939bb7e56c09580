"""``lessons hedges FILE... [--json]``: list the hedges, attributions and boosters in texts.

For teachers preparing a new case: run the detector on any UTF-8 text file (``-`` reads
standard input). Offsets count characters of the decoded text; lines and columns count
from 1. Files that cannot be read are reported on standard error and skipped.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from pathlib import Path
from typing import Any

from lessons.hedges.detector import Detection, Lexicon, default_lexicon, load_lexicon
from lessons.text import word_count
from lessons.validation import DataFileError

__all__ = ["read_text", "register", "run"]

#: Bytes looked at to tell a binary file from text.
SNIFF = 8192


class UnreadableFile(Exception):
    """A file that is not readable UTF-8 text; the message is a sentence for the user."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "hedges",
        help="list the hedges, attributions and boosters in text files",
        description="Find the hedges (allegedly, would be considering), attributions "
        "(according to, claimed) and boosters (clearly, made it clear) in UTF-8 text files, "
        'with their category, position and sentence. Look-alikes ("May" the month, '
        '"appeared on TV") are left out; --lookalikes lists them with the reason.',
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="text files ('-' for stdin)")
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list of objects instead of lines"
    )
    parser.add_argument(
        "--lookalikes",
        action="store_true",
        help="also list look-alikes and why they are not hedges",
    )
    parser.add_argument(
        "--lexicon", metavar="TOML", help="use this lexicon file instead of the built-in one"
    )
    parser.set_defaults(func=run)


def read_text(name: str) -> str:
    """The text of a file (or stdin for ``-``); raises UnreadableFile with a plain sentence."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder; give text files") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror})") from None
    if b"\x00" in data[:SNIFF]:
        raise UnreadableFile("looks like a binary file, not text; give a UTF-8 text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8 and try again"
        ) from None


def _records(name: str, text: str, found: Detection, lookalikes: bool) -> list[dict[str, Any]]:
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def place(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    records = []
    for hit in found.hits:
        line, column = place(hit.start)
        records.append(
            {
                "file": name,
                "kind": "hit",
                "start": hit.start,
                "end": hit.end,
                "line": line,
                "column": column,
                "text": hit.text,
                "category": hit.category,
                "sentence": hit.sentence,
            }
        )
    if lookalikes:
        for look in found.lookalikes:
            line, column = place(look.start)
            records.append(
                {
                    "file": name,
                    "kind": "lookalike",
                    "start": look.start,
                    "end": look.end,
                    "line": line,
                    "column": column,
                    "text": look.text,
                    "category": None,
                    "rule": look.rule,
                    "explanation": look.explanation,
                    "sentence": look.sentence,
                }
            )
        records.sort(key=lambda record: (record["start"], record["kind"]))
    return records


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(text: str) -> str:
    """The hit in quotation marks, unless it brings its own (scare quotes)."""
    return text if text[:1] in "\"'“‘" else f"“{text}”"


def _print_lines(records: list[dict[str, Any]], name: str, text: str) -> None:
    hits = [record for record in records if record["kind"] == "hit"]
    for record in records:
        where = f"{name}:{record['line']}:{record['column']}"
        shown = _quoted(record["text"])
        if record["kind"] == "hit":
            print(f"{where}: {record['category']}: {shown} in: {_short(record['sentence'])}")
        else:
            print(f"{where}: not a hedge ({record['rule']}): {shown}: {record['explanation']}")
    words = word_count(text)
    per_100 = f"{100 * len(hits) / words:.1f}" if words else "0"
    print(f"{name}: {len(hits)} found in {words} words ({per_100} per 100 words)")


def run(args: argparse.Namespace) -> int:
    lexicon: Lexicon
    try:
        lexicon = load_lexicon(args.lexicon) if args.lexicon else default_lexicon()
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    status = 0
    collected: list[dict[str, Any]] = []
    for name in args.files:
        try:
            text = read_text(name)
        except UnreadableFile as error:
            print(f"lessons hedges: {name}: {error}", file=sys.stderr)
            status = 2
            continue
        records = _records(name, text, lexicon.detect(text), args.lookalikes)
        if args.json:
            collected.extend(records)
        else:
            _print_lines(records, name, text)
    if args.json:
        json.dump(collected, sys.stdout, ensure_ascii=False, indent=1)
        print()
    return status
