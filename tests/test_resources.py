"""Shipped data is found: the seed case, notebooks, exercises and the package's own data files,
from a source checkout and from an installed wheel's ``_data`` folder."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from lessons import resources
from lessons.resources import (
    DataName,
    data_dir,
    package_data_file,
    seed_case_dir,
    shipped_case_dir,
)

REPO = Path(__file__).resolve().parents[1]


def test_the_seed_case_has_its_case_file_and_the_five_article_texts_it_names() -> None:
    folder = seed_case_dir()
    case = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
    named = {article["file"] for article in case["articles"]}
    texts = {path.name for path in folder.glob("*.txt")}
    assert len(named) == 5 and named == texts
    for name in named:
        assert (folder / name).read_text(encoding="utf-8").strip()


def test_the_seed_case_carries_its_expert_keys() -> None:
    keys = seed_case_dir() / "key"
    assert {"sources.toml", "hedges.toml", "reliability.toml"} <= {p.name for p in keys.iterdir()}
    for path in keys.glob("*.toml"):
        assert tomllib.loads(path.read_text(encoding="utf-8"))


def test_the_seed_case_is_the_seeds_data_folder() -> None:
    assert seed_case_dir() == data_dir("seeds")


def test_the_practice_case_is_shipped_with_its_texts_and_every_key() -> None:
    folder = shipped_case_dir("practice")
    assert folder == data_dir("cases") / "practice"
    case = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
    assert {article["file"] for article in case["articles"]} == {
        path.name for path in folder.glob("*.txt")
    }
    keys = {path.name for path in (folder / "key").glob("*.toml")}
    assert keys == {"sources.toml", "hedges.toml", "reliability.toml", "spread.toml"}


@pytest.mark.parametrize("name", ["", "nothing-here", "../seeds", "key"])
def test_an_unknown_shipped_case_is_an_error_listing_the_shipped_ones(name: str) -> None:
    with pytest.raises(FileNotFoundError) as error:
        shipped_case_dir(name)
    assert repr(name) in str(error.value) and "practice" in str(error.value)


def test_an_installed_wheels_shipped_case_is_found_in_its_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packaged = tmp_path / "_data" / "cases" / "town"
    packaged.mkdir(parents=True)
    (packaged / "case.toml").write_text('format = 1\nid = "wheel"\n', encoding="utf-8")
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    assert shipped_case_dir("town") == packaged


def test_the_exercises_folder_holds_the_full_unit_and_loadable_toml() -> None:
    folder = data_dir("exercises")
    assert (folder / "full-unit.toml").is_file()
    for path in folder.glob("*.toml"):
        assert tomllib.loads(path.read_text(encoding="utf-8"))["tasks"]


@pytest.mark.parametrize(
    "name", ["rubric.toml", "capstone.toml", "reading.toml", "hedge_lexicon.toml"]
)
def test_the_packages_own_toml_data_files_are_found_and_read(name: str) -> None:
    path = package_data_file(name)
    assert path.name == name
    assert tomllib.loads(path.read_text(encoding="utf-8"))


def test_the_submission_schema_is_found_and_is_json() -> None:
    schema = json.loads(package_data_file("submission.schema.json").read_text(encoding="utf-8"))
    assert schema["type"] == "object"


@pytest.mark.parametrize("name", ["seeds", "cases", "exercises"])
def test_a_source_checkout_finds_its_data_at_the_repository_top_level(
    name: DataName, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in an editable install of this checkout, wherever the tests' own copy is installed:
    # the package has no _data folder and its modules sit in src/lessons.
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    monkeypatch.setattr(resources, "__file__", str(REPO / "src" / "lessons" / "resources.py"))
    assert data_dir(name).resolve() == REPO / name


def test_an_installed_wheels_data_folder_is_preferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packaged = tmp_path / "_data" / "seeds"
    packaged.mkdir(parents=True)
    (packaged / "case.toml").write_text('format = 1\nid = "wheel"\n', encoding="utf-8")
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    assert seed_case_dir() == packaged
    assert (seed_case_dir() / "case.toml").read_text(encoding="utf-8").count("wheel") == 1


def test_a_missing_data_folder_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    with pytest.raises(FileNotFoundError) as error:
        data_dir("lesson-plans")  # type: ignore[arg-type]
    assert "'lesson-plans'" in str(error.value)
    assert str(tmp_path / "_data" / "lesson-plans") in str(error.value)
