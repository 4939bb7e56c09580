"""Locate the data the package ships: the seed case study, the other shipped cases, the
exercises. (The lessons themselves are rendered for a case by :mod:`lessons.unit`.)"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

__all__ = ["DataName", "data_dir", "package_data_file", "seed_case_dir", "shipped_case_dir"]

DataName = Literal["seeds", "cases", "exercises"]


def data_dir(name: DataName) -> Path:
    """Return the folder of shipped data called ``name``.

    An installed wheel carries the data inside the package (``lessons/_data``); a source
    checkout installed in editable mode finds it at the repository's top level.
    """
    packaged = Path(str(files("lessons"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"The package's {name!r} folder is missing: looked in {packaged}.")


def seed_case_dir() -> Path:
    """The bundled case study (the five seed articles and their keys)."""
    return data_dir("seeds")


def shipped_case_dir(name: str) -> Path:
    """The folder of a case study shipped besides the seed case (``cases/NAME``, such as the
    fictional ``practice`` case); an unknown name is an error listing the shipped ones."""
    folder = data_dir("cases")
    case = folder / name
    if name and "/" not in name and "\\" not in name and (case / "case.toml").is_file():
        return case
    shipped = sorted(p.name for p in folder.iterdir() if (p / "case.toml").is_file())
    raise FileNotFoundError(
        f"There is no shipped case called {name!r}; the shipped cases are: {', '.join(shipped)}."
    )


def package_data_file(name: str) -> Path:
    """A data file of the package itself (``lessons/data/NAME``): rubric, lexicon, guides."""
    return Path(str(files("lessons"))) / "data" / name
