"""The exchange's folders, a release into it (whole, readable by all, replaced at once) and
the open assessments a student's feedback is refused for; one sentence for each refusal."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from lessons.exchange.layout import ExchangeError, create_exchange, exchange_problems
from lessons.exchange.publish import close, release_to_exchange
from lessons.student.assessment import ASSESSMENT_REFUSAL, check, in_assessment
from lessons.student.workspace import exchange_release, open_assessments, read_release
from lessons.teacher.exercises import load_exercise

QUIZ = "quiz-sources"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An exchange with the sources quiz released into it (an assessment)."""
    exchange = tmp_path_factory.mktemp("course") / "exchange"
    create_exchange(exchange)
    release_to_exchange(load_exercise(QUIZ), exchange)
    return exchange


@pytest.fixture
def student(released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A student's server on the hub: the exchange set, a workspace of their own, and not
    the teacher (the release file is not theirs)."""
    monkeypatch.setenv("LESSONS_EXCHANGE", str(released))
    monkeypatch.setattr(os, "geteuid", lambda: 4242)
    workspace = tmp_path / "practice"
    workspace.mkdir()
    monkeypatch.setenv("LESSONS_WORKSPACE", str(workspace))
    return released, workspace


def test_create_makes_the_two_folders_with_their_modes_and_mends_them(tmp_path: Path) -> None:
    exchange = tmp_path / "course"
    done = create_exchange(exchange)
    assert stat.S_IMODE((exchange / "released").stat().st_mode) == 0o755
    assert stat.S_IMODE((exchange / "inbox").stat().st_mode) == 0o3733
    assert any("made" in line for line in done)
    os.chmod(exchange / "inbox", 0o777)
    assert exchange_problems(exchange) == [
        f"{exchange / 'inbox'} has mode 777, not 3733: run 'lessons exchange create "
        f"{exchange}' to put it right."
    ]
    create_exchange(exchange)
    assert exchange_problems(exchange) == []


def test_create_refuses_a_file_in_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExchangeError, match=r"is a file; give a folder for the course exchange\."):
        create_exchange(tmp_path / "file")


def test_a_release_is_whole_readable_and_carries_its_deadline(released: Path) -> None:
    folder = released / "released" / QUIZ
    assert not [p for p in (released / "released").iterdir() if p.name.startswith(".")]
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path
    info = json.loads((folder / ".lessons" / "release.json").read_text(encoding="utf-8"))
    assert info["mode"] == "assessment" and info["exercise"] == QUIZ
    assert "Hand in" in (folder / "README.md").read_text(encoding="utf-8")
    assert "lessons fetch" in (folder / "README.md").read_text(encoding="utf-8")


def test_a_re_release_replaces_the_old_one_at_once(tmp_path: Path) -> None:
    exchange = tmp_path / "exchange"
    create_exchange(exchange)
    release_to_exchange(load_exercise(QUIZ), exchange)
    marker = exchange / "released" / QUIZ / "stale.txt"
    marker.write_text("from the first release")
    release_to_exchange(load_exercise(QUIZ), exchange, "practice")
    assert not marker.exists()
    assert sorted(p.name for p in (exchange / "released").iterdir()) == [QUIZ]
    assert exchange_release(QUIZ, exchange) is not None
    assert exchange_release(QUIZ, exchange).mode == "practice"  # type: ignore[union-attr]


def test_a_release_into_a_folder_that_is_no_exchange_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="run 'lessons exchange create"):
        release_to_exchange(load_exercise(QUIZ), tmp_path)


def test_an_open_assessment_withholds_feedback_on_its_tasks_only(
    student: tuple[Path, Path],
) -> None:
    del student  # the exchange set, a workspace of its own
    (quiz,) = open_assessments()
    assert quiz.exercise == QUIZ and quiz.task_ids
    task = quiz.task_ids[0]
    assert in_assessment(task_id=task)
    assert str(check(None, task, {})) == ASSESSMENT_REFUSAL  # type: ignore[arg-type]
    assert not in_assessment(task_id="hedges/not-in-the-quiz")
    assert in_assessment()  # a widget that does not say its task: held while any is open


def test_the_teacher_who_released_it_is_not_held(
    released: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONS_EXCHANGE", str(released))
    monkeypatch.setattr(os, "geteuid", lambda: (released / "released" / QUIZ).stat().st_uid)
    assert open_assessments() == []


def test_an_assessment_ends_at_its_deadline_or_when_closed(
    student: tuple[Path, Path], tmp_path: Path
) -> None:
    exchange = tmp_path / "closing"
    create_exchange(exchange)
    release_to_exchange(load_exercise(QUIZ), exchange)
    path = exchange / "released" / QUIZ / ".lessons" / "release.json"
    info = json.loads(path.read_text(encoding="utf-8"))
    info["deadline"] = "2026-12-10T09:00:00Z"
    path.write_text(json.dumps(info), encoding="utf-8")
    before = dt.datetime(2026, 12, 10, 8, 59, tzinfo=dt.UTC)
    after = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
    assert [item.exercise for item in open_assessments(exchange, before)] == [QUIZ]
    assert open_assessments(exchange, after) == []
    close(exchange, QUIZ, now=before - dt.timedelta(hours=1))
    assert open_assessments(exchange, before) == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    with pytest.raises(ExchangeError, match=r"'quiz-x' is not released in .*released there: "):
        close(exchange, "quiz-x")


def test_an_unreadable_release_file_holds_every_task(
    student: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange = tmp_path / "broken"
    folder = exchange / "released" / "quiz-x" / ".lessons"
    folder.mkdir(parents=True)
    (folder / "release.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("LESSONS_EXCHANGE", str(exchange))
    assert in_assessment(task_id="anything/at-all")


def test_the_mode_of_a_fetched_workspace_comes_from_the_exchange(
    student: tuple[Path, Path], tmp_path: Path
) -> None:
    del student  # the exchange set
    workspace = tmp_path / QUIZ  # where fetch puts it
    (workspace / ".lessons").mkdir(parents=True)
    (workspace / ".lessons" / "release.json").write_text(
        json.dumps({"mode": "practice", "exercise": "other", "tasks": []}), encoding="utf-8"
    )
    release = read_release(workspace)
    assert release.mode == "assessment" and release.exercise == QUIZ and release.task_ids
    # named elsewhere, the local file's exercise finds it in the exchange just the same
    elsewhere = tmp_path / "renamed"
    (elsewhere / ".lessons").mkdir(parents=True)
    (elsewhere / ".lessons" / "release.json").write_text(
        json.dumps({"mode": "practice", "exercise": QUIZ}), encoding="utf-8"
    )
    assert read_release(elsewhere).mode == "assessment"
