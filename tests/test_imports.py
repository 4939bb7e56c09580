"""``import lessons`` stays light: heavy libraries load only where they are used."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import lessons

HEAVY = ("matplotlib", "pandas", "networkx", "ipywidgets", "anywidget", "tqdm")


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_import_lessons_loads_no_heavy_library() -> None:
    assert not _loaded_after("import lessons") & set(HEAVY)


def test_no_concept_module_loads_plotting_or_dataframes_on_import() -> None:
    modules = [
        info.name
        for info in pkgutil.walk_packages(lessons.__path__, "lessons.")
        if not info.name.startswith("lessons.widgets") and info.name != "lessons.__main__"
    ]
    statement = "\n".join(f"import {name}" for name in modules)
    assert not _loaded_after(statement) & {"matplotlib", "pandas", "networkx"}


def test_public_names_resolve() -> None:
    for name in lessons.__all__:
        assert getattr(lessons, name) is not None, name
