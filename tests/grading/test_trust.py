"""Hand-ins to look at twice: times that cannot be right, look-alike letters in a name,
answers to tasks no lesson has, fields written twice; and files left out unread, each
listed once in the report and skipped.csv."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

from lessons.cli import main
from lessons.grading.trust import confusable_letters, duplicate_keys, time_flag
from lessons.skills import load_seed_case
from lessons.student.submission import build_submission
from tests.grading.classes import expert_rating, put, reliability_answers, submission

CASE = load_seed_case()
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def test_a_cyrillic_letter_in_a_latin_name_is_flagged_and_whole_scripts_are_not() -> None:
    assert confusable_letters("\u0410nn Smith") == ["\u0410"]  # Cyrillic А
    assert confusable_letters("Ann Smith") == []
    assert confusable_letters("Олена Коваль") == []
    assert confusable_letters("王小明") == []


def test_times_in_the_future_or_before_the_release_are_flagged_with_slack() -> None:
    assert time_flag(NOW + dt.timedelta(minutes=4), now=NOW) is None
    assert "in the future" in (time_flag(NOW + dt.timedelta(hours=2), now=NOW) or "")
    released = NOW - dt.timedelta(days=1)
    assert "before the exercise was released" in (
        time_flag(released - dt.timedelta(minutes=1), now=NOW, released=released) or ""
    )
    assert time_flag(released, now=NOW, released=released) is None


def test_fields_written_twice_are_found(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}', encoding="utf-8")
    assert duplicate_keys(path) == ["c", "a"]
    path.write_text('{"a": 1}', encoding="utf-8")
    assert duplicate_keys(path) == []


def test_each_doubtful_hand_in_and_left_out_file_is_listed_once(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    answers = reliability_answers(expert_rating)
    put(folder, "fine.json", submission("Ann Smith", answers))
    put(folder, "lookalike.json", submission("\u0410nn Smith", answers))
    future = build_submission(
        student="Ben", answers=answers, case=CASE, now=dt.datetime.now(dt.UTC).replace(year=2099)
    )
    put(folder, "future.json", future)
    stranger = {**answers, "reliability/no-such-article": {"levels": {}}}
    put(folder, "unknown.json", submission("Cat", stranger))
    twice = json.dumps(submission("Dan", answers))
    put(
        folder,
        "twice.json",
        twice.replace('"student": "Dan"', '"student": "X", "student": "Dan"').encode(),
    )
    put(folder, ".DS_Store", b"\x00\x01")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("x", encoding="utf-8")
    os.symlink(tmp_path, folder / "elsewhere")
    out = tmp_path / "out"

    status = main(
        ["grade", str(folder), "--exercise", "quiz-reliability", "--out", str(out), "--quiet"]
    )

    assert status == 0  # all graded: the flags and left-out files are listed, not failures
    with (out / "skipped.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(row["file"], row["reason"]) for row in csv.DictReader(handle)]
    files = [file for file, _ in rows]
    assert sorted(files) == sorted(
        [
            ".DS_Store",
            ".git",
            "elsewhere",
            "future.json",
            "lookalike.json",
            "twice.json",
            "unknown.json",
        ]
    )
    reasons = dict(rows)
    assert "in the future" in reasons["future.json"]
    assert "look-alikes" in reasons["lookalike.json"]
    assert "reliability/no-such-article" in reasons["unknown.json"]
    assert "student" in reasons["twice.json"] and "written twice" in reasons["twice.json"]
    assert "link to a folder" in reasons["elsewhere"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<strong>4 graded hand-ins to look at twice</strong>" in report
    assert report.count("no-such-article") == 1
    assert "config" not in report  # a hidden folder is listed once, not file by file
    page = (out / "feedback").glob("*.html")
    assert not any("look at twice" in p.read_text(encoding="utf-8") for p in page)
