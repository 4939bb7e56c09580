"""The ``lessons`` command: one subcommand per module in :data:`COMMANDS`."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

__all__ = ["COMMANDS", "build_parser", "main"]

#: Subcommand name -> module with ``register(subparsers)``; the module sets ``func``.
COMMANDS: dict[str, str] = {
    "start": "lessons.cli.start",
    "validate": "lessons.cli.validate",
    "new-case": "lessons.cli.new_case",
    "release": "lessons.cli.release",
    "grade": "lessons.cli.grade",
    "hedges": "lessons.cli.hedges",
    "spread": "lessons.cli.spread",
    "key": "lessons.cli.key",
    "remove-keys": "lessons.cli.remove_keys",
    "exchange": "lessons.cli.exchange",
    "fetch": "lessons.cli.fetch",
    "collect": "lessons.cli.collect",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lessons",
        description="Media-literacy lessons in Jupyter: start them, check a case study, "
        "release exercises and grade a class.",
    )
    parser.add_argument("--version", action="version", version=_version())
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        importlib.import_module(module).register(subparsers)
    return parser


def _version() -> str:
    from lessons._version import __version__

    return f"lessons {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failure, 2 invalid input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
