"""The workspace: where it is, what a release put there (read in one place, wrong fields
counted as absent), and files written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessons.student.workspace import (
    Release,
    atomic_write_json,
    read_release,
    release_info,
    release_mode,
    release_path,
    state_dir,
    workspace_dir,
)


def test_the_workspace_is_the_folder_in_lessons_workspace(workspace: Path) -> None:
    assert workspace_dir() == workspace
    assert state_dir() == workspace / ".lessons"
    assert release_path() == workspace / ".lessons" / "release.json"
    assert release_path(workspace / "other") == workspace / "other" / ".lessons" / "release.json"


def test_outside_a_release_it_is_practice(workspace: Path) -> None:
    assert release_info() == {}
    assert read_release() == Release()
    assert release_mode() == "practice"


def test_what_a_release_wrote_is_read_back(workspace: Path) -> None:
    atomic_write_json(
        release_path(),
        {
            "mode": "assessment",
            "exercise": "quiz-sources",
            "case_dir": "case",
            "tasks": [{"id": "sources/kyiv-post", "points": 5}, {"id": "sources/deep-dive"}],
        },
    )
    assert release_mode() == "assessment"
    assert read_release() == Release(
        mode="assessment",
        exercise="quiz-sources",
        task_ids=("sources/kyiv-post", "sources/deep-dive"),
        case_dir="case",
    )
    assert release_info()["exercise"] == "quiz-sources"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '["a list"]',
        '{"mode": "exam", "exercise": 5, "tasks": "all", "case_dir": ""}',
        '{"tasks": [5, {"id": 7}, {"points": 1}]}',
    ],
)
def test_a_damaged_release_file_counts_as_no_release(workspace: Path, content: str) -> None:
    release_path().parent.mkdir(parents=True)
    release_path().write_text(content, encoding="utf-8")
    assert read_release() == Release()
    assert release_mode() == "practice"


def test_an_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "file.json"
    atomic_write_json(path, {"b": 1, "a": "ë"})
    atomic_write_json(path, {"c": 2})
    assert json.loads(path.read_text(encoding="utf-8")) == {"c": 2}
    assert [p.name for p in path.parent.iterdir()] == ["file.json"]
