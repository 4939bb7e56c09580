"""``lessons.teacher.newcase``: a scaffold from texts that ``validate`` reports field by field,
and that becomes a valid case once its TODOs are filled with the seed case's values."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from lessons.resources import seed_case_dir
from lessons.skills import load_case
from lessons.teacher.newcase import (
    KEY_FILES,
    NewCaseError,
    Text,
    article_ids,
    read_texts,
    scaffold,
    write_case,
)
from lessons.validation import DataFileError


def _seed() -> dict[str, Any]:
    return tomllib.loads((seed_case_dir() / "case.toml").read_text(encoding="utf-8"))


def _seed_texts(folder: Path) -> list[Path]:
    """The seed texts, copied under their article ids (``kyiv-post.txt``), in lesson order."""
    folder.mkdir()
    paths = []
    for article in _seed()["articles"]:
        path = folder / f"{article['id']}.txt"
        shutil.copyfile(seed_case_dir() / article["file"], path)
        paths.append(path)
    return paths


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataFileError) as error:
        load_case(folder)
    return [str(problem) for problem in error.value.problems]


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"


def _fill_case_toml(folder: Path) -> None:
    """Do what the teacher does: write every TODO field, and the seed's value where a
    guessed one stood (headline, byline, date)."""
    seed = _seed()
    blocks = (folder / "case.toml").read_text(encoding="utf-8").split("[[articles]]\n")
    filled = []
    for index, block in enumerate(blocks):
        source = seed if index == 0 else seed["articles"][index - 1]
        guessed = ("id",) if index == 0 else ("headline", "byline", "date")
        kept = [
            line
            for line in block.splitlines()
            if not line.startswith("# TODO")
            and not line.startswith(tuple(f"{g} =" for g in guessed))
        ]
        skip = {"format", "articles"} if index == 0 else {"id", "file"}
        added = [f"{key} = {_toml(value)}" for key, value in source.items() if key not in skip]
        at = 1 if index == 0 else 2  # after "format = 1", or after "id" and "file"
        body = [line for line in kept if line and not line.startswith("#")]
        position = kept.index(body[at - 1]) + 1
        filled.append("\n".join(kept[:position] + added + kept[position:]) + "\n")
    (folder / "case.toml").write_text("[[articles]]\n".join(filled), encoding="utf-8")


def test_article_ids_come_from_the_file_names_valid_and_unique() -> None:
    names = ["Kyiv Post.txt", "kyiv_post.txt", "000_BC58.txt", "---.txt"]
    assert article_ids(names) == ["kyiv-post", "kyiv-post-2", "000-bc58", "article"]


def test_the_scaffold_guesses_headline_and_byline_and_numbers_the_lines() -> None:
    text = Text("story.txt", '\nBig "news" today\nBy Jane Doe\n\nFirst paragraph.\n')
    case_toml = scaffold("My Case", [text])["case.toml"]
    data = tomllib.loads(case_toml)
    assert data["id"] == "my-case"
    article = data["articles"][0]
    assert article["id"] == "story"
    assert article["file"] == "story.txt"
    assert article["headline"] == 'Big "news" today'
    assert article["byline"] == "By Jane Doe"
    assert "outlet" not in article and "language" not in article  # left to the teacher
    assert article["date"]["confidence"] == "TODO"
    assert "# 5: First paragraph." in case_toml
    assert re.search(r"headline = .*# TODO: confirm", case_toml)
    assert "# TODO outlet" in case_toml


def test_a_first_line_as_long_as_a_paragraph_is_not_taken_for_a_headline() -> None:
    text = Text("story.txt", "It was " + "a very long first sentence, " * 10 + "and so on.\n")
    article = tomllib.loads(scaffold("c", [text])["case.toml"])["articles"][0]
    assert "headline" not in article


def test_the_key_skeletons_parse_as_toml_and_name_every_article() -> None:
    files = scaffold("c", [Text("one.txt", "One\n"), Text("two.txt", "Two\n")])
    assert sorted(files) == ["case.toml", *sorted(f"key/{name}.toml" for name in KEY_FILES)]
    for name, content in files.items():
        data = tomllib.loads(content)
        assert data["format"] == 1, name
    reliability = tomllib.loads(files["key/reliability.toml"])
    assert sorted(reliability["articles"]) == ["one", "two"]
    assert "names-sources" in reliability["articles"]["one"]["criteria"]


def test_validate_on_a_fresh_scaffold_names_each_field_to_fill(tmp_path: Path) -> None:
    case = tmp_path / "case"
    write_case(case, _seed_texts(tmp_path / "texts"))
    problems = _problems(case)
    assert "case.toml: title: is missing; it must be text" in problems
    assert "case.toml: claim: is missing; it must be text" in problems
    for index in range(5):
        assert f"case.toml: articles[{index}].outlet: is missing; it must be text" in problems
        assert f"case.toml: articles[{index}].language: is missing; it must be text" in problems
        assert any(
            p.startswith(f"case.toml: articles[{index}].date.confidence: must be one of")
            for p in problems
        )
    not_checked = [p for p in problems if p.startswith("key/")]
    assert len(not_checked) == 4  # one line per key file: checked once case.toml is right
    assert all("not checked against the articles" in p for p in not_checked)
    assert len(problems) == 2 + 5 * 3 + 4


def test_once_case_toml_is_filled_validate_lists_the_key_fields(tmp_path: Path) -> None:
    case = tmp_path / "case"
    write_case(case, _seed_texts(tmp_path / "texts"))
    _fill_case_toml(case)
    problems = _problems(case)
    assert all(not p.startswith("case.toml") for p in problems)
    expected = [
        "key/sources.toml: origin: is missing",
        "key/sources.toml: edges: is missing",
        "key/hedges.toml: articles.kyiv-post.spans: is missing",
        "key/reliability.toml: articles.kyiv-post.band: is missing",
        "key/reliability.toml: articles.kyiv-post.criteria.evidence.level: is missing",
        "key/spread.toml: questions[0].prompt: is missing",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), start


def test_filled_with_the_seed_values_the_case_is_valid(tmp_path: Path) -> None:
    case = tmp_path / "case"
    write_case(case, _seed_texts(tmp_path / "texts"))
    _fill_case_toml(case)
    for name in KEY_FILES:
        shutil.copyfile(seed_case_dir() / "key" / f"{name}.toml", case / "key" / f"{name}.toml")
    loaded = load_case(case)
    seed = load_case(seed_case_dir())
    assert loaded.article_ids == seed.article_ids
    assert sorted(loaded.keys) == sorted(seed.keys)
    assert [a.body for a in loaded.articles] == [a.body for a in seed.articles]


def test_read_texts_reports_every_problem_in_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    with pytest.raises(NewCaseError) as error:
        read_texts(
            [
                tmp_path / "missing.txt",
                tmp_path / "latin1.txt",
                tmp_path / "empty.txt",
                tmp_path / "folder",
            ]
        )
    problems = error.value.problems
    assert len(problems) == 4
    assert problems[0].endswith("missing.txt does not exist.")
    assert "is not UTF-8 text" in problems[1]
    assert "is empty" in problems[2]
    assert "is a folder" in problems[3]


def test_write_case_never_overwrites_a_case_or_fills_a_used_folder(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Headline\n", encoding="utf-8")
    case = tmp_path / "case"
    write_case(case, [text])
    before = (case / "case.toml").read_bytes()
    with pytest.raises(NewCaseError) as error:
        write_case(case, [text])
    assert error.value.problems == (f"{case} already holds a case.toml; it is never overwritten.",)
    assert (case / "case.toml").read_bytes() == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(NewCaseError, match="exists and is not empty"):
        write_case(other, [text])
    assert sorted(p.name for p in other.iterdir()) == ["notes.md"]


def test_texts_are_copied_byte_for_byte(tmp_path: Path) -> None:
    text = tmp_path / "crlf.txt"
    text.write_bytes("Title\r\nBody – with a dash\r\n".encode())
    write_case(tmp_path / "case", [text])
    assert (tmp_path / "case" / "crlf.txt").read_bytes() == text.read_bytes()
