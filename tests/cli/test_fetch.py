"""``lessons fetch`` and ``lessons start --no-server`` on a hub: the releases reach the
student's home, with one line each, and no exchange is one sentence (status 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.cli import main


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An exchange with the sources quiz released, and a student's home."""
    exchange = tmp_path / "exchange"
    assert main(["exchange", "create", str(exchange)]) == 0
    assert main(["release", "quiz-sources", "--exchange", str(exchange)]) == 0
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("LESSONS_EXCHANGE", str(exchange))
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    return exchange, home


def test_fetch_brings_each_release_home(
    hub: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _exchange, home = hub
    capsys.readouterr()
    assert main(["fetch"]) == 0
    assert capsys.readouterr().out.startswith(f"quiz-sources: 3 new or updated file(s) in {home}")
    assert (home / "quiz-sources" / "02_trace_the_sources.ipynb").is_file()


def test_start_without_a_server_writes_the_lessons_and_fetches(
    hub: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _exchange, home = hub
    monkeypatch.chdir(home)
    capsys.readouterr()
    assert main(["start", "--no-server"]) == 0
    out = capsys.readouterr().out
    assert (home / "media-literacy" / "00_start_here.ipynb").is_file()
    assert (home / "quiz-sources" / ".lessons" / "release.json").is_file()
    assert "quiz-sources: 3 new or updated file(s)" in out


def test_start_on_a_hub_without_its_exchange_still_prepares_the_lessons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("LESSONS_EXCHANGE", str(tmp_path / "not-made-yet"))
    monkeypatch.chdir(tmp_path)
    assert main(["start", "--no-server"]) == 0
    err = capsys.readouterr().err.strip()
    assert err == (
        f"There is no course exchange at {tmp_path / 'not-made-yet'} yet: your teacher has "
        "not set it up."
    )
    assert (tmp_path / "media-literacy" / "00_start_here.ipynb").is_file()


def test_fetch_without_an_exchange_is_one_sentence(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LESSONS_EXCHANGE", raising=False)
    assert main(["fetch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "set LESSONS_EXCHANGE" in err


def test_lessons_fetch_in_a_notebook_cell(hub: tuple[Path, Path]) -> None:
    import lessons

    _exchange, home = hub
    result = lessons.fetch()
    assert "quiz-sources" in result._repr_html_()
    assert (home / "quiz-sources" / "README.md").is_file()


def test_start_updates_a_lesson_only_saved_and_keeps_one_written_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``lessons start``'s own copies follow fetch's rule: opening, running and saving a
    lesson (outputs, metadata) is no change, so a new version replaces it; a lesson whose
    cells the student changed is kept."""
    import json

    from lessons.exchange.fetching import notebook_content_digest

    monkeypatch.delenv("LESSONS_EXCHANGE", raising=False)
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    workspace = tmp_path / "ws"
    assert main(["start", "--no-server", "--dir", str(workspace)]) == 0
    first, second = sorted(workspace.glob("*.ipynb"))[:2]
    current = {path: path.read_bytes() for path in (first, second)}
    ledger_path = workspace / ".lessons" / "copied.json"
    ledger = json.loads(ledger_path.read_text(encoding="utf-8"))
    for path in (first, second):  # as an older version of the lessons wrote them
        notebook = json.loads(path.read_bytes())
        notebook["cells"][0]["source"] = "an older version of this lesson"
        older = json.dumps(notebook).encode("utf-8")
        ledger[path.name] = notebook_content_digest(older)
        path.write_bytes(older)
    ledger_path.write_text(json.dumps(ledger), encoding="utf-8")
    saved = json.loads(first.read_bytes())  # the student opened, ran and saved it
    saved["metadata"]["saved"] = True
    for cell in saved["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "ran"}]
    first.write_text(json.dumps(saved), encoding="utf-8")
    mine = json.loads(second.read_bytes())  # the student wrote in it
    mine["cells"][-1]["source"] = "my notes"
    second.write_text(json.dumps(mine), encoding="utf-8")
    assert main(["start", "--no-server", "--dir", str(workspace)]) == 0
    assert first.read_bytes() == current[first]
    assert json.loads(second.read_bytes())["cells"][-1]["source"] == "my notes"
