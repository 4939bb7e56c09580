"""Hand-ins for the grading tests, built from the seed case's expert key so that no result
is written into a test."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lessons import tasks
from lessons.skills import load_seed_case
from lessons.student.submission import build_submission, seal
from lessons.teacher.exercises import Exercise

CASE = load_seed_case()


T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


FLIP = {"met": "not-met", "not-met": "met", "partly": "met"}


Answers = dict[str, dict[str, Any]]


# --- answers built from the expert key, so no result is written into the test ----------------


def expert_rating(article_id: str) -> dict[str, Any]:
    expert = CASE.key("reliability").articles[article_id]
    evidence = {cid: ck.quotes[0] for cid, ck in expert.criteria.items() if ck.quotes}
    return {"levels": dict(expert.levels), "evidence": evidence}


def opposite_rating(article_id: str) -> dict[str, Any]:
    expert = CASE.key("reliability").articles[article_id]
    return {"levels": {cid: FLIP[level] for cid, level in expert.levels.items()}}


def half_right_rating(article_id: str) -> dict[str, Any]:
    expert = CASE.key("reliability").articles[article_id]
    levels = dict(expert.levels)
    for cid in list(levels)[: len(levels) // 2]:
        levels[cid] = FLIP[levels[cid]]
    return {"levels": levels, "evidence": expert_rating(article_id)["evidence"]}


def reliability_answers(make: Callable[[str], dict[str, Any]]) -> Answers:
    return {f"reliability/{a}": make(a) for a in CASE.article_ids}


def submission(student: str, answers: Answers, *, minutes: int = 0, **extra: Any) -> dict[str, Any]:
    data = build_submission(
        student=student,
        answers=answers,
        case=CASE,
        exercise="quiz-reliability",
        now=T0 + dt.timedelta(minutes=minutes),
    )
    data.update(extra)
    return seal(data)


def put(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(json.dumps(data), encoding="utf-8")
    return path


def read_gradebook(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_points(exercise: Exercise, answers: Answers, task_id: str) -> float:
    """The points the same checker gives, computed here from its Feedback."""
    answer = answers.get(task_id)
    if answer is None:
        return 0.0
    feedback = tasks.check(CASE, task_id, answer, answers)
    if not feedback.is_valid:
        return 0.0
    return round(exercise.points(task_id) * feedback.score / feedback.max_score, 2)


# --- a class of briefs for the teacher to mark ---------------------------------------------


def _sentences(text: str) -> list[str]:
    return [part.strip() + "." for part in text.split(". ") if part.strip()]


def brief_variants() -> list[str]:
    """Ten briefs of different quality, each made from the tests' good brief (so no fact is
    written here): whole, cut short, shuffled, stripped of hedges, doubled, and so on."""
    from tests.cases import GOOD_BRIEF

    parts = _sentences(GOOD_BRIEF.rstrip("."))
    unhedged = GOOD_BRIEF.replace("may ", "").replace("reported that ", "said ")
    return [
        GOOD_BRIEF,
        " ".join(parts[:2]),
        " ".join(parts[2:]),
        " ".join(reversed(parts)),
        unhedged,
        " ".join(parts[:4]),
        GOOD_BRIEF.upper(),
        GOOD_BRIEF + " " + " ".join(parts[:3]),
        "\n\n".join(parts),
        " ".join(parts[1::2]),
    ]


#: The class of ten, names in several scripts (each name's slug is the page's file name).
BRIEF_NAMES = (
    "Ana Lima",
    "Ben Okafor",
    "Chloé Martin",
    "Dmytro Шевченко",
    "Eun-ji 김",
    "Fatima الزهراء",
    "Gus Brown",
    "Hana 山田",
    "Ivan Petrov",
    "Jo O'Neil",
)


def brief_submission(student: str, text: str, *, minutes: int = 0) -> dict[str, Any]:
    data = build_submission(
        student=student,
        answers={"capstone/brief": {"text": text}},
        case=CASE,
        exercise="capstone",
        now=T0 + dt.timedelta(minutes=minutes),
    )
    return seal(data)


def brief_class(folder: Path) -> dict[str, str]:
    """Ten students' briefs in ``folder``, one file each: ``{name: brief}``."""
    briefs = dict(zip(BRIEF_NAMES, brief_variants(), strict=True))
    for index, (name, text) in enumerate(briefs.items()):
        put(folder, f"{index:02d}.json", brief_submission(name, text))
    return briefs
