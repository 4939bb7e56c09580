"""The submission file a student hands in: build it, seal it with a checksum, read it back.

A submission is plain JSON data, never code; its format is documented as a JSON Schema in
``lessons/data/submission.schema.json`` so an LMS export can be converted to it::

    {"format": "lessons-submission", "version": 1, "student": "Ann Smith",
     "created": "2026-03-02T10:15:00Z", "skill": "sources", "exercise": "quiz-sources",
     "package": {"name": "lessons", "version": "0.1.0"},
     "case": {"id": "nk-volunteers-2022", "fingerprint": "sha256:..."},
     "answers": {"sources/kyiv-post": {...}}, "checksum": "sha256:..."}

The checksum is SHA-256 of the canonical JSON of every other field (:func:`canonical_json`):
it catches a file damaged or edited by hand after hand-in, not a determined forger (anyone
can recompute it). :func:`read_submission` checks everything and raises
:class:`InvalidSubmission` with the reason, so the grader can list the file and skip it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from lessons._version import __version__
from lessons.student.names import MAX_NAME_LENGTH, name_problem, student_slug

__all__ = [
    "MAX_ANSWERS",
    "MAX_SUBMISSION_BYTES",
    "SUBMISSION_FORMAT",
    "SUBMISSION_VERSION",
    "TASK_ID",
    "InvalidSubmission",
    "Submission",
    "answer_digest",
    "build_submission",
    "canonical_json",
    "case_fingerprint",
    "case_fingerprints",
    "checksum",
    "file_name",
    "load_schema",
    "parse_submission",
    "read_submission",
    "seal",
]

SUBMISSION_FORMAT = "lessons-submission"
SUBMISSION_VERSION = 1
#: Larger files are refused unread: a class's real submissions are a few kilobytes.
MAX_SUBMISSION_BYTES = 1_000_000
MAX_ANSWERS = 500
TASK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")
_CHECKSUM = re.compile(r"^sha256:[0-9a-f]{64}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)$")
_FIELDS = (
    "format",
    "version",
    "student",
    "created",
    "skill",
    "exercise",
    "package",
    "case",
    "answers",
    "checksum",
)


class InvalidSubmission(ValueError):
    """A file that is not a valid submission; ``reason`` says why in one sentence."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class Submission:
    """A checked submission: who handed in which answers, when, for which case."""

    student: str
    created: dt.datetime
    answers: Mapping[str, Mapping[str, Any]]
    case_id: str
    case_fingerprint: str | None
    package_version: str
    skill: str | None = None
    exercise: str | None = None
    source: str = ""
    path: Path | None = None

    @property
    def slug(self) -> str:
        """The file-name-safe id of the student (the grader's key for "same student")."""
        return student_slug(self.student)


def canonical_json(data: Any) -> bytes:
    """The one byte string a JSON value hashes as: sorted keys, no spaces, UTF-8.

    Equal to Python's ``json.dumps(data, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False, allow_nan=False).encode("utf-8")``.
    """
    return _CANONICAL.encode(data).encode("utf-8")


# One encoder for every call: json.dumps with options builds a new one each time.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def checksum(data: Mapping[str, Any]) -> str:
    """``"sha256:<hex>"`` of the canonical JSON of ``data`` without its ``checksum`` field."""
    content = {key: value for key, value in data.items() if key != "checksum"}
    return "sha256:" + hashlib.sha256(canonical_json(content)).hexdigest()


def seal(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with its checksum set (use it when converting an LMS export)."""
    sealed = {key: value for key, value in data.items() if key != "checksum"}
    sealed["checksum"] = checksum(sealed)
    return sealed


def case_fingerprint(case: Any) -> str:
    """``"sha256:<hex>"`` of the articles' ids and bodies: what answers' offsets refer to."""
    return _fingerprint(tuple((article.id, article.body) for article in case.articles))


def case_fingerprints(case: Any) -> frozenset[str]:
    """The case's fingerprint now and as it was under its articles' former ids (the n-th
    former id of each renamed article, for each n): a hand-in made before a rename was made
    on the same texts."""
    found = {case_fingerprint(case)}
    depth = max((len(article.former_ids) for article in case.articles), default=0)
    for n in range(depth):
        found.add(
            _fingerprint(
                tuple(
                    (article.former_ids[min(n, len(article.former_ids) - 1)], article.body)
                    if article.former_ids
                    else (article.id, article.body)
                    for article in case.articles
                )
            )
        )
    return frozenset(found)


@lru_cache(maxsize=8)
def _fingerprint(texts: tuple[tuple[str, str], ...]) -> str:
    """The fingerprint of (id, body) pairs, remembered: the grader compares it with every
    submission's, and hashing every article's body each time is wasted work."""
    digest = hashlib.sha256()
    for article_id, body in texts:
        digest.update(article_id.encode("utf-8") + b"\0" + body.encode("utf-8") + b"\0")
    return "sha256:" + digest.hexdigest()


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_submission(
    *,
    student: str,
    answers: Mapping[str, Mapping[str, Any]],
    case: Any,
    skill: str | None = None,
    exercise: str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A sealed submission (plain data) ready to be written as JSON."""
    data: dict[str, Any] = {
        "format": SUBMISSION_FORMAT,
        "version": SUBMISSION_VERSION,
        "student": student,
        "created": _timestamp(now or dt.datetime.now(dt.UTC)),
        "skill": skill,
        "exercise": exercise,
        "package": {"name": "lessons", "version": __version__},
        "case": {"id": case.id, "fingerprint": case_fingerprint(case)},
        "answers": {task_id: dict(answer) for task_id, answer in sorted(answers.items())},
    }
    return seal(json.loads(json.dumps(data, allow_nan=False)))


def file_name(data: Mapping[str, Any], suffix: str = "") -> str:
    """``<student>-<skill or unit>-<UTC time>.json``, safe as a file name."""
    moment = str(data.get("created", "")).replace("-", "").replace(":", "")
    moment = re.sub(r"[^0-9TZ]", "", moment) or "undated"
    scope = data.get("skill") or "unit"
    return f"{student_slug(str(data.get('student', '')))}-{scope}-{moment}{suffix}.json"


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _text(data: Mapping[str, Any], name: str, *, optional: bool = False) -> str | None:
    value = data.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InvalidSubmission(f'"{name}" must be text, not {_kind(value)}.')
    return value


@lru_cache(maxsize=1024)
def _is_task_id(text: str) -> bool:
    """Whether ``text`` is a task id (remembered: a class hands in the same few dozen)."""
    return TASK_ID.match(text) is not None


_FOR_THE_TEACHER = {
    "empty": f'"student" must be a name of 1 to {MAX_NAME_LENGTH} characters.',
    "too-long": f'"student" must be a name of 1 to {MAX_NAME_LENGTH} characters.',
    "unsafe": (
        '"student" {name!r} contains a slash, a leading dot or a control character, '
        "which could write outside the output folder."
    ),
    "direction": (
        '"student" {name!r} holds a character that reverses the direction of text, '
        "so it could show as another name."
    ),
    "no-letter": '"student" {name!r} must contain at least one letter or digit.',
}


def _check_student(name: str) -> str:
    """``name`` if it meets the name rules (:func:`lessons.student.names.name_problem`)."""
    problem = name_problem(name)
    if problem is None:
        return name
    shown = name[:40] if problem == "unsafe" else name
    raise InvalidSubmission(_FOR_THE_TEACHER[problem].format(name=shown))


def _verify_checksum(data: Mapping[str, Any], stated: str) -> None:
    content = {key: value for key, value in data.items() if key != "checksum"}
    fast = _fast_canonical(content)
    if fast is not None and "sha256:" + hashlib.sha256(fast).hexdigest() == stated:
        return
    try:  # the definition; the fast encoder writes some floats differently (1e16 for 1e+16)
        actual = "sha256:" + hashlib.sha256(canonical_json(content)).hexdigest()
    except ValueError:  # NaN or Infinity somewhere in the answers
        raise InvalidSubmission(
            "holds a number that is not valid JSON (NaN or Infinity)."
        ) from None
    if actual != stated:
        raise InvalidSubmission(
            "checksum does not match: the file was changed after it was handed in."
        )


def _fast_canonical(data: object) -> bytes | None:
    """:func:`canonical_json` by msgspec, five times faster: equal bytes for everything a
    submission holds except floats written with an exponent; None if it cannot encode."""
    import msgspec

    try:
        return msgspec.json.encode(data, order="sorted")
    except (TypeError, ValueError, OverflowError, msgspec.EncodeError):
        return None


def answer_digest(value: object) -> bytes:
    """A short digest of a JSON value that equal values share (keys in any order): the
    grader's key for "the same answer". Not the checksum: floats may be written either way."""
    encoded = _fast_canonical(value)
    return hashlib.blake2b(
        encoded if encoded is not None else canonical_json(value), digest_size=16
    ).digest()


def parse_submission(data: object, *, source: str = "", path: Path | None = None) -> Submission:
    """Check decoded JSON against the submission format; raise InvalidSubmission if wrong.
    ``source`` and ``path`` say where it was read from."""
    if not isinstance(data, dict):
        raise InvalidSubmission(
            f"is not a submission: the file holds {_kind(data)}, not an object."
        )
    if data.get("format") != SUBMISSION_FORMAT:
        raise InvalidSubmission(
            f'is not a lessons submission: "format" is not "{SUBMISSION_FORMAT}".'
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidSubmission(f'"version" must be a whole number, not {_kind(version)}.')
    if version != SUBMISSION_VERSION:
        newer = "a newer" if version > SUBMISSION_VERSION else "an unknown"
        raise InvalidSubmission(
            f"was written by {newer} version of lessons (submission version {version}; "
            f"this version reads version {SUBMISSION_VERSION})."
        )
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise InvalidSubmission(
            f"has unknown field {unknown[0]!r}; allowed fields are: {', '.join(_FIELDS)}."
        )
    student = _check_student(_text(data, "student") or "")
    created_text = _text(data, "created") or ""
    created = _parse_time(created_text)
    skill = _text(data, "skill", optional=True)
    exercise = _text(data, "exercise", optional=True)
    package = data.get("package")
    if not isinstance(package, dict) or not isinstance(package.get("version"), str):
        raise InvalidSubmission('"package" must be an object with a text "version".')
    case = data.get("case")
    if not isinstance(case, dict) or not isinstance(case.get("id"), str):
        raise InvalidSubmission('"case" must be an object with a text "id".')
    fingerprint = case.get("fingerprint")
    if fingerprint is not None and not (
        isinstance(fingerprint, str) and _CHECKSUM.match(fingerprint)
    ):
        raise InvalidSubmission('"case.fingerprint" must be "sha256:" and 64 hex digits.')
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise InvalidSubmission(f'"answers" must be an object, not {_kind(answers)}.')
    if len(answers) > MAX_ANSWERS:
        raise InvalidSubmission(
            f'"answers" holds {len(answers)} answers; at most {MAX_ANSWERS} are allowed.'
        )
    for task_id, answer in answers.items():
        if not _is_task_id(task_id):
            raise InvalidSubmission(
                f"answer key {task_id[:60]!r} is not a task id like 'sources/town-gazette'."
            )
        if not isinstance(answer, dict):
            raise InvalidSubmission(
                f'the answer to "{task_id}" must be an object, not {_kind(answer)}.'
            )
    stated = data.get("checksum")
    if not isinstance(stated, str) or not _CHECKSUM.match(stated):
        raise InvalidSubmission('"checksum" must be "sha256:" and 64 hex digits.')
    _verify_checksum(data, stated)
    return Submission(
        student=" ".join(student.split()),
        created=created,
        answers=answers,
        case_id=case["id"],
        case_fingerprint=fingerprint,
        package_version=package["version"],
        skill=skill,
        exercise=exercise,
        source=source,
        path=path,
    )


def _parse_time(text: str) -> dt.datetime:
    if not _TIMESTAMP.match(text):
        raise InvalidSubmission(
            f'"created" must be a time like 2026-03-02T10:15:00Z, not {text[:40]!r}.'
        )
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidSubmission(f'"created" {text!r} is not a real date and time.') from None
    return moment.astimezone(dt.UTC)


def read_submission(path: Path, *, source: str = "") -> Submission:
    """Read and check one submission file; never follows links, never runs anything."""
    try:
        info = path.lstat()
    except OSError as error:
        raise InvalidSubmission(f"cannot be read ({error.strerror}).") from None
    if not stat.S_ISREG(info.st_mode):  # lstat: a link is not followed, so not regular
        raise InvalidSubmission("is not a regular file (a link or a special file).")
    if info.st_size > MAX_SUBMISSION_BYTES:
        raise InvalidSubmission(
            f"is {info.st_size:,} bytes; a submission may be at most {MAX_SUBMISSION_BYTES:,} bytes."
        )
    try:
        with path.open("rb") as handle:
            # The size it had a moment ago (asking for a megabyte costs a megabyte's buffer),
            # then whatever it has grown by, up to the limit.
            raw = handle.read(info.st_size + 1)
            if len(raw) > info.st_size:
                raw += handle.read(MAX_SUBMISSION_BYTES + 1 - len(raw))
    except OSError as error:
        raise InvalidSubmission(f"cannot be read ({error.strerror}).") from None
    if len(raw) > MAX_SUBMISSION_BYTES:
        raise InvalidSubmission(f"is larger than {MAX_SUBMISSION_BYTES:,} bytes.")
    return parse_submission(_decode(raw), source=source or path.name, path=path)


def _decode(raw: bytes) -> object:
    """The JSON value of a file's bytes. msgspec decodes a class's files several times faster
    than the standard library; anything it refuses is decoded again by the standard library,
    whose error is the one reported (and which alone accepts NaN, reported at the checksum)."""
    import msgspec

    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError, ValueError):
        pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidSubmission("is not JSON: it is not UTF-8 text.") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidSubmission("is not usable JSON: it is nested too deeply.") from None
    except ValueError as error:
        message = getattr(error, "msg", str(error))
        raise InvalidSubmission(f"is not JSON ({message}).") from None


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The JSON Schema of the submission format (package data)."""
    text = files("lessons").joinpath("data", "submission.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert isinstance(schema, dict)
    return schema
