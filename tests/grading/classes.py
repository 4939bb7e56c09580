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
