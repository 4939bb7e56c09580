"""The submission format: built and sealed, read back, and every kind of bad file refused
with a reason; the JSON Schema in the package agrees with the reader."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lessons.skills import load_seed_case
from lessons.student import submission as sub

CASE = load_seed_case(with_keys=False)
MOMENT = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC)


def build(**changes: Any) -> dict[str, Any]:
    data = sub.build_submission(
        student="Zoë O'Brien",
        answers={
            "sources/kyiv-post": {"immediate": "business-insider", "credited": True},
            "hedges/tyler-durden": {"spans": [[12, 20, "distancing"]]},
        },
        case=CASE,
        skill=None,
        exercise="full-unit",
        now=MOMENT,
    )
    data.update(changes)
    return sub.seal(data)


def schema_accepts(data: object) -> bool:
    return jsonschema.Draft202012Validator(sub.load_schema()).is_valid(data)


def test_a_built_submission_reads_back() -> None:
    data = build()
    parsed = sub.parse_submission(json.loads(json.dumps(data)), source="x.json")
    assert parsed.student == "Zoë O'Brien"
    assert parsed.slug == "zoë-o-brien--6893b0f99995"  # the name's letters, and a hash
    assert parsed.created == MOMENT
    assert parsed.case_id == CASE.id
    assert parsed.case_fingerprint == sub.case_fingerprint(CASE)
    assert parsed.exercise == "full-unit"
    assert parsed.answers["sources/kyiv-post"]["credited"] is True
    assert data["created"] == "2026-03-02T10:15:00Z"
    assert schema_accepts(data)


def test_the_checksum_is_over_the_canonical_json() -> None:
    data = build()
    content = {k: v for k, v in data.items() if k != "checksum"}
    # Key order and spacing do not matter; the checksum is of the canonical form.
    shuffled = json.loads(json.dumps(content, indent=3, sort_keys=False))
    assert sub.checksum(shuffled) == data["checksum"]
    assert sub.seal(data) == data  # sealing again changes nothing


def test_an_edited_file_fails_its_checksum() -> None:
    data = build()
    data["answers"]["sources/kyiv-post"]["immediate"] = "regnum"
    with pytest.raises(sub.InvalidSubmission, match="checksum does not match"):
        sub.parse_submission(data)


def test_the_case_fingerprint_follows_the_article_texts() -> None:
    article = CASE.articles[0]
    changed = replace(article, raw_text=article.raw_text + "\nOne more line.")
    other = replace(CASE, articles=(changed, *CASE.articles[1:]))
    assert sub.case_fingerprint(other) != sub.case_fingerprint(CASE)
    assert sub.case_fingerprint(load_seed_case(with_keys=False)) == sub.case_fingerprint(CASE)


@pytest.mark.parametrize("name", ["Олена Коваль", "王小明", "فاطمة الزهراء", "Zoë Müller"])
def test_a_name_in_any_script_is_accepted_by_the_reader_and_the_schema(name: str) -> None:
    data = build(student=name)
    assert sub.parse_submission(data).student == name
    assert schema_accepts(data)


def test_file_names_are_safe() -> None:
    name = sub.file_name(build())
    assert name == "zoë-o-brien--6893b0f99995-unit-20260302T101500Z.json"
    assert sub.file_name(build(skill="hedges"), suffix="-2") == (
        "zoë-o-brien--6893b0f99995-hedges-20260302T101500Z-2.json"
    )
    assert sub.file_name(build(student="Ann Smith")) == "ann-smith-unit-20260302T101500Z.json"


def _without(field: str) -> dict[str, Any]:
    data = build()
    del data[field]
    return sub.seal(data)


BAD: dict[str, tuple[object, str]] = {
    "a list": (["not", "an", "object"], "not an object"),
    "other format": ({**build(), "format": "nbgrader"}, "not a lessons submission"),
    "newer version": (build(version=2), "newer version"),
    "version as text": (build(version="1"), "whole number"),
    "unknown field": (build(grade=100), "unknown field 'grade'"),
    "no student": (_without("student"), '"student" must be text'),
    "student a number": (build(student=42), '"student" must be text'),
    "empty student": (build(student=""), "1 to 80 characters"),
    "long student": (build(student="x" * 81), "1 to 80 characters"),
    "path in name": (build(student="../../etc/passwd"), "outside the output folder"),
    "backslash": (build(student="..\\..\\boot"), "outside the output folder"),
    "dot name": (build(student=".."), "outside the output folder"),
    "control char": (build(student="Ann\x00Smith"), "outside the output folder"),
    "no letters": (build(student="!!!"), "at least one letter or digit"),
    "direction": (build(student="Ann\u202etxt.exe"), "direction of text"),
    "C1 control": (build(student="Ann\x85Smith"), "outside the output folder"),
    "bad time": (build(created="yesterday"), '"created" must be a time'),
    "impossible time": (build(created="2026-02-30T10:00:00Z"), "not a real date"),
    "no package": (build(package="lessons"), '"package" must be an object'),
    "no case": (build(case={"title": "x"}), '"case" must be an object with a text "id"'),
    "bad fingerprint": (build(case={"id": CASE.id, "fingerprint": "md5:1"}), "fingerprint"),
    "answers a list": (build(answers=[]), '"answers" must be an object'),
    "bad task id": (build(answers={"../x": {}}), "is not a task id"),
    "answer not object": (build(answers={"sources/kyiv-post": "REGNUM"}), "must be an object"),
    "too many": (
        build(answers={f"sources/t{i}": {} for i in range(sub.MAX_ANSWERS + 1)}),
        "at most",
    ),
    "no checksum": (_without("checksum") | {"checksum": None}, '"checksum" must be'),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_submissions_are_refused_with_a_reason(name: str) -> None:
    data, reason = BAD[name]
    with pytest.raises(sub.InvalidSubmission) as error:
        sub.parse_submission(data)
    assert reason in error.value.reason
    if name not in {"newer version", "no letters", "impossible time"}:
        # The published schema refuses it too, so an LMS converter can check its output.
        assert not schema_accepts(data)


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "is not JSON"),
        (b"\xff\xfe\x00\x01", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "lessons-submission", "version": 1e999}', "whole number"),
        (b"", "is not JSON"),
    ],
    ids=["not-json", "binary", "deep", "huge-number", "empty"],
)
def test_files_that_are_not_json_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    with pytest.raises(sub.InvalidSubmission, match=reason):
        sub.read_submission(_write(tmp_path, "x.json", content))


def test_nan_in_an_answer_is_refused(tmp_path: Path) -> None:
    text = json.dumps(build()).replace('"distancing"', "NaN")
    with pytest.raises(sub.InvalidSubmission, match="NaN"):
        sub.read_submission(_write(tmp_path, "x.json", text.encode()))


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    data = build(answers={"capstone/essay": {"text": "a" * sub.MAX_SUBMISSION_BYTES}})
    path = _write(tmp_path, "big.json", json.dumps(data).encode())
    with pytest.raises(sub.InvalidSubmission, match="at most 1,000,000 bytes"):
        sub.read_submission(path)


@pytest.mark.parametrize("seen_size", [10, 900_000])
def test_a_file_that_grows_after_it_is_measured_is_read_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seen_size: int
) -> None:
    """The size seen a moment before is only where reading starts: a file that grew since is
    read whole, and one that grew past the limit is refused."""
    import os

    small = _write(tmp_path, "small.json", json.dumps(build()).encode())
    big = _write(
        tmp_path,
        "big.json",
        json.dumps(build(answers={"capstone/essay": {"text": "a" * 1_000_000}})).encode(),
    )
    real_lstat = Path.lstat

    def stale_lstat(path: Path) -> os.stat_result:
        info = list(real_lstat(path))
        info[6] = seen_size  # st_size, as it was before the file grew
        return os.stat_result(info)

    monkeypatch.setattr(Path, "lstat", stale_lstat)
    assert sub.read_submission(small).student == "Zoë O'Brien"
    with pytest.raises(sub.InvalidSubmission, match="larger than 1,000,000 bytes"):
        sub.read_submission(big)


def test_links_are_not_followed(tmp_path: Path) -> None:
    target = _write(tmp_path, "real.json", json.dumps(build()).encode())
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert sub.read_submission(target).student == "Zoë O'Brien"
    with pytest.raises(sub.InvalidSubmission, match="not a regular file"):
        sub.read_submission(link)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = sub.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == set(sub._FIELDS)
    assert str(sub.MAX_SUBMISSION_BYTES) in schema["description"].replace(",", "")
