"""``lessons exchange create|close`` and ``lessons release --exchange``: what the teacher
types and reads, with the documented exit statuses."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from lessons.cli import main


def test_create_says_what_it_made_and_what_comes_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = tmp_path / "media-101"
    assert main(["exchange", "create", str(exchange)]) == 0
    out = capsys.readouterr().out
    assert f"made {exchange / 'inbox'}" in out
    assert f"lessons release EXERCISE --exchange {exchange}" in out
    assert stat.S_IMODE((exchange / "inbox").stat().st_mode) == 0o3733
    assert main(["exchange", "create", str(exchange)]) == 0  # again: nothing to mend


def test_create_on_a_file_is_one_sentence_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["exchange", "create", str(tmp_path / "file")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"{tmp_path / 'file'} is a file; give a folder for the course exchange."


def test_release_into_the_exchange_and_close(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange = tmp_path / "media-101"
    main(["exchange", "create", str(exchange)])
    assert main(["release", "quiz-sources", "--exchange", str(exchange)]) == 0
    out = capsys.readouterr().out
    assert f"to {exchange / 'released' / 'quiz-sources'}" in out
    assert "Students get it with 'lessons fetch'" in out
    monkeypatch.setenv("LESSONS_EXCHANGE", str(exchange))
    assert main(["exchange", "close", "quiz-sources"]) == 0
    assert "Closed 'quiz-sources'" in capsys.readouterr().out
    assert main(["exchange", "close", "quiz-nothing"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("'quiz-nothing' is not released in") and err.endswith("quiz-sources.")


def test_release_into_a_folder_that_is_no_exchange_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["release", "quiz-sources", "--exchange", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"--exchange: {tmp_path / 'released'} is missing: run 'lessons exchange create {tmp_path}'."
    )


def test_release_takes_out_or_exchange_not_both(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["release", "quiz-sources", "--out", str(tmp_path / "a"), "--exchange", "b"])
    assert stopped.value.code == 2


def test_close_without_an_exchange_says_how_to_name_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LESSONS_EXCHANGE", raising=False)
    assert main(["exchange", "close", "quiz-sources"]) == 2
    assert "give --exchange DIR, or set LESSONS_EXCHANGE" in capsys.readouterr().err
