"""Fetch: copy each release in the course exchange into the student's ``~/<EXERCISE>/``.

``lessons fetch`` (a terminal), ``lessons.fetch()`` (a notebook cell) and
``lessons start --no-server`` (a hub's spawn hook) run :func:`fetch`; no server restart is
needed. A notebook is replaced by a newer release only if the student has not changed its
*content* (the cells' types and sources, :func:`notebook_content_digest`): saving it,
running it (outputs) and metadata are not changes. A changed one is kept, and the new
version written beside it as ``NAME (updated).ipynb`` with one line saying so. Other files
follow the same rule by their bytes. What was written is remembered per workspace in
``.lessons/fetched.json``.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lessons.exchange.layout import ExchangeError, find_exchange
from lessons.student.workspace import (
    RELEASED_FOLDER,
    atomic_write_json,
    read_json_object,
    release_path,
)

__all__ = [
    "FETCH_LEDGER",
    "FetchResult",
    "Fetched",
    "Placed",
    "fetch",
    "notebook_content_digest",
    "place_file",
    "updated_name",
]

#: The record, in each fetched workspace, of what fetch wrote there (path -> digest).
FETCH_LEDGER = "fetched.json"

Placed = Literal["written", "same", "kept"]


def notebook_content_digest(data: bytes) -> str | None:
    """A digest of what a student can change in a notebook: each cell's type and source.

    Outputs, execution counts, cell ids and metadata are left out, so a notebook that was
    only opened, saved or run has the digest it was released with. None if ``data`` is not
    a notebook."""
    try:
        notebook = json.loads(data)
        cells = [
            [
                str(cell.get("cell_type", "")),
                "".join(source) if isinstance(source := cell.get("source", ""), list) else source,
            ]
            for cell in notebook["cells"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def _digest(name: str, data: bytes) -> str | None:
    """What :func:`place_file` compares: a notebook's content, any other file's bytes."""
    if name.endswith(".ipynb"):
        return notebook_content_digest(data)
    return hashlib.sha256(data).hexdigest()


def updated_name(path: Path) -> Path:
    """``NAME (updated).ext`` beside ``path``: where a release goes when the student changed
    their copy."""
    return path.with_name(f"{path.stem} (updated){path.suffix}")


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (a hidden file beside it, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.new")
    with open(staging, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staging, target)


def place_file(
    target: Path, data: bytes, written_before: str | None, *, beside: bool = True
) -> tuple[Placed, str | None]:
    """Put a released file at ``target`` unless the student changed the copy there.

    ``written_before`` is the digest of what was written there last time (None if
    nothing). Returns ``("written", digest)`` when ``target`` was missing or unchanged since
    (replaced); ``("same", digest)`` when it already has this content (left as it is, with
    its outputs); ``("kept", digest)`` when the student changed it: it is left alone and,
    with ``beside``, the new version is written as :func:`updated_name`."""
    new = _digest(target.name, data)
    if not target.exists():
        _write(target, data)
        return "written", new
    current = _digest(target.name, target.read_bytes())
    if current is not None and current == new:
        return "same", new
    unchanged = current is not None and current == written_before
    if not unchanged and written_before is not None and target.name.endswith(".ipynb"):
        # a record from before content digests: the whole file's digest
        unchanged = hashlib.sha256(target.read_bytes()).hexdigest() == written_before
    if unchanged:
        _write(target, data)
        return "written", new
    if beside:
        other = updated_name(target)
        if not other.exists() or _digest(other.name, other.read_bytes()) != new:
            _write(other, data)
    return "kept", new


@dataclass(frozen=True)
class Fetched:
    """One exercise fetched: where, which files were new or replaced, which kept."""

    exercise: str
    folder: Path
    written: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    problem: str | None = None

    def lines(self) -> list[str]:
        """What the student reads about this exercise: one line, and one per kept file."""
        if self.problem:
            return [self.problem]
        if self.written:
            head = f"{self.exercise}: {len(self.written)} new or updated file(s) in {self.folder}."
        else:
            head = f"{self.exercise}: up to date in {self.folder}."
        return [
            head,
            *(
                f"{name} has your changes, so it is kept and the new version is beside it as "
                f"{updated_name(Path(name)).name}."
                for name in self.kept
            ),
        ]


@dataclass(frozen=True)
class FetchResult:
    """Every exercise fetched from the exchange; it shows as its lines in a notebook."""

    exchange: Path
    exercises: tuple[Fetched, ...] = field(default=())

    def lines(self) -> list[str]:
        if not self.exercises:
            return [f"Nothing is released in {self.exchange} yet."]
        return [line for item in self.exercises for line in item.lines()]

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(item.problem for item in self.exercises if item.problem)

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return "".join(f"<p role='status'>{html.escape(line)}</p>" for line in self.lines())


def fetch(exchange: Path | str | None = None, into: Path | str | None = None) -> FetchResult:
    """Copy every release in the exchange (``exchange``, else ``$LESSONS_EXCHANGE``) into
    ``into/<EXERCISE>/`` (default: the home folder). ExchangeError with one sentence when
    there is no exchange or its releases cannot be read; a release that cannot be copied
    is reported in its line and the others are still fetched."""
    root = find_exchange(exchange)
    home = Path(into) if into is not None else Path.home()
    released = root / RELEASED_FOLDER
    try:
        names = sorted(path.name for path in released.iterdir() if not path.name.startswith("."))
    except FileNotFoundError:
        raise ExchangeError(
            f"There is no course exchange at {root} yet: your teacher has not set it up."
        ) from None
    except OSError as error:
        raise ExchangeError(
            f"The course exchange {root} cannot be read ({error.strerror or error}): tell "
            "your teacher."
        ) from None
    results = []
    for name in names:
        source = released / name
        if not source.is_dir() or not release_path(source).is_file():
            continue
        try:
            results.append(_fetch_whole(source, home / name))
        except OSError as error:
            results.append(
                Fetched(
                    name,
                    home / name,
                    problem=f"{name}: could not be fetched ({error.strerror or error}); "
                    "try again in a minute, or tell your teacher.",
                )
            )
    return FetchResult(root, tuple(results))


#: How many times a fetch starts again when the teacher released anew while it copied.
_ATTEMPTS = 3


def _fetch_whole(source: Path, folder: Path) -> Fetched:
    """:func:`_fetch_one`, again if the release changed while it was copied (its release
    file differs after), so the workspace ends with one release's files, not a mix."""
    for _attempt in range(_ATTEMPTS):
        before = release_path(source).read_bytes()
        fetched = _fetch_one(source, folder)
        if release_path(source).read_bytes() == before:
            return fetched
    return fetched


def _fetch_one(source: Path, folder: Path) -> Fetched:
    """Copy one release into ``folder``, by :func:`place_file`; the release file always."""
    ledger_path = folder / ".lessons" / FETCH_LEDGER
    ledger = read_json_object(ledger_path)
    written, kept = [], []
    files = sorted(path for path in source.rglob("*") if path.is_file() and not path.is_symlink())
    for path in files:
        relative = path.relative_to(source).as_posix()
        if relative.startswith(".lessons/") and relative != ".lessons/release.json":
            continue
        data = path.read_bytes()
        target = folder / relative
        if relative == ".lessons/release.json":
            if not target.exists() or target.read_bytes() != data:
                _write(target, data)
            continue
        before = ledger.get(relative)
        placed, digest = place_file(target, data, before if isinstance(before, str) else None)
        if placed == "written":
            written.append(relative)
        elif placed == "kept":
            kept.append(relative)
        if placed != "kept":
            ledger[relative] = digest
    atomic_write_json(ledger_path, ledger)
    return Fetched(source.name, folder, tuple(written), tuple(kept))
