"""Fetch: a release reaches the student's ``~/<EXERCISE>/``; a notebook that was only opened,
run or saved is updated, one whose cells the student changed is kept with the new version
beside it, and the line saying so is the one a student reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessons.exchange.fetching import (
    FETCH_LEDGER,
    fetch,
    notebook_content_digest,
    place_file,
    updated_name,
)
from lessons.exchange.layout import ExchangeError, create_exchange


def notebook(*sources: str, outputs: bool = False) -> bytes:
    cells = [
        {
            "cell_type": "code",
            "id": f"c{index}",
            "metadata": {},
            "source": source,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "ran"}]
            if outputs
            else [],
            "execution_count": 1 if outputs else None,
        }
        for index, source in enumerate(sources)
    ]
    data = {"cells": cells, "metadata": {"saved": outputs}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(data, indent=1).encode("utf-8")


def publish(exchange: Path, exercise: str, files: dict[str, bytes]) -> None:
    """A release as the teacher's command leaves it (what matters to fetch: the files)."""
    folder = exchange / "released" / exercise
    (folder / ".lessons").mkdir(parents=True, exist_ok=True)
    (folder / ".lessons" / "release.json").write_text(
        json.dumps({"exercise": exercise, "mode": "practice", "tasks": []}), encoding="utf-8"
    )
    for name, data in files.items():
        (folder / name).write_bytes(data)


@pytest.fixture
def exchange(tmp_path: Path) -> Path:
    folder = tmp_path / "exchange"
    create_exchange(folder)
    return folder


def test_only_cell_sources_count_as_content() -> None:
    plain = notebook_content_digest(notebook("a = 1", "print(a)"))
    assert plain == notebook_content_digest(notebook("a = 1", "print(a)", outputs=True))
    assert plain != notebook_content_digest(notebook("a = 2", "print(a)"))
    assert notebook_content_digest(b"not a notebook") is None


def test_fetch_copies_each_release_into_a_folder_of_its_own(exchange: Path, tmp_path: Path) -> None:
    publish(exchange, "quiz-one", {"01.ipynb": notebook("x"), "README.md": b"read me"})
    publish(exchange, "quiz-two", {"02.ipynb": notebook("y")})
    home = tmp_path / "home"
    result = fetch(exchange, home)
    assert (home / "quiz-one" / "01.ipynb").read_bytes() == notebook("x")
    assert (home / "quiz-one" / "README.md").read_bytes() == b"read me"
    assert (home / "quiz-two" / ".lessons" / "release.json").is_file()
    assert str(result).splitlines() == [
        f"quiz-one: 2 new or updated file(s) in {home / 'quiz-one'}.",
        f"quiz-two: 1 new or updated file(s) in {home / 'quiz-two'}.",
    ]
    again = fetch(exchange, home)
    assert str(again).splitlines()[0] == f"quiz-one: up to date in {home / 'quiz-one'}."


def test_a_saved_notebook_is_updated_and_a_changed_one_kept_beside_the_new(
    exchange: Path, tmp_path: Path
) -> None:
    publish(exchange, "unit", {"saved.ipynb": notebook("a"), "mine.ipynb": notebook("b")})
    home = tmp_path / "home"
    fetch(exchange, home)
    saved, mine = home / "unit" / "saved.ipynb", home / "unit" / "mine.ipynb"
    saved.write_bytes(notebook("a", outputs=True))  # opened, run and saved: no change
    mine.write_bytes(notebook("b", "my own notes"))  # the student wrote in it
    publish(exchange, "unit", {"saved.ipynb": notebook("a2"), "mine.ipynb": notebook("b2")})
    result = fetch(exchange, home)
    assert saved.read_bytes() == notebook("a2")
    assert mine.read_bytes() == notebook("b", "my own notes")
    beside = home / "unit" / "mine (updated).ipynb"
    assert beside.read_bytes() == notebook("b2")
    assert (
        "mine.ipynb has your changes, so it is kept and the new version is beside it as "
        "mine (updated).ipynb."
    ) in str(result).splitlines()
    assert "mine (updated).ipynb" in result._repr_html_()
    # fetching again changes nothing and says the same of the kept notebook
    assert fetch(exchange, home).exercises[0].kept == ("mine.ipynb",)
    assert mine.read_bytes() == notebook("b", "my own notes")


def test_a_notebook_the_student_made_with_a_released_name_is_kept(
    exchange: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "unit").mkdir(parents=True)
    (home / "unit" / "01.ipynb").write_bytes(notebook("the student's own"))
    publish(exchange, "unit", {"01.ipynb": notebook("released")})
    fetch(exchange, home)
    assert (home / "unit" / "01.ipynb").read_bytes() == notebook("the student's own")
    assert (home / "unit" / "01 (updated).ipynb").read_bytes() == notebook("released")
    ledger = json.loads((home / "unit" / ".lessons" / FETCH_LEDGER).read_text(encoding="utf-8"))
    assert "01.ipynb" not in ledger


def test_the_local_release_file_follows_the_teachers(exchange: Path, tmp_path: Path) -> None:
    publish(exchange, "unit", {"01.ipynb": notebook("x")})
    home = tmp_path / "home"
    fetch(exchange, home)
    local = home / "unit" / ".lessons" / "release.json"
    local.write_text('{"mode": "practice", "edited": true}', encoding="utf-8")
    fetch(exchange, home)
    assert "edited" not in json.loads(local.read_text(encoding="utf-8"))


def test_without_an_exchange_fetch_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LESSONS_EXCHANGE", raising=False)
    with pytest.raises(ExchangeError, match="No course exchange is set: give --exchange DIR"):
        fetch(into=tmp_path)
    with pytest.raises(ExchangeError, match=r"no course exchange at .* yet"):
        fetch(tmp_path / "missing", tmp_path)


def test_place_file_reads_an_old_whole_file_record(tmp_path: Path) -> None:
    """A workspace whose record holds whole-file digests (before content digests) still
    gets its untouched notebooks updated."""
    import hashlib

    target = tmp_path / "01.ipynb"
    target.write_bytes(notebook("old"))
    old_record = hashlib.sha256(notebook("old")).hexdigest()
    assert place_file(target, notebook("new"), old_record)[0] == "written"
    assert target.read_bytes() == notebook("new")
    assert updated_name(target).name == "01 (updated).ipynb"
