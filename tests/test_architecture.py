"""The package's shape holds: layers import only downward, no cycle of any kind, few top-level
modules, every chart with its skill. Read from the installed package's source, imports inside
functions and registries of module names included."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import lessons
from lessons.skills import SKILLS

ROOT = Path(lessons.__file__).parent
_DOTTED = re.compile(r"lessons(\.\w+)+")

#: The layers, bottom up: a module may import its own layer (without a cycle) and those below.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "lessons.text",
        "lessons.validation",
        "lessons.resources",
        "lessons.feedback",
        "lessons.casestudy",
        "lessons.memo",
        "lessons.charts",
        "lessons._version",
    ),
    tuple(f"lessons.{skill}" for skill in SKILLS),
    ("lessons.skills",),
    ("lessons.tasks",),
    ("lessons.student",),
    ("lessons.teacher", "lessons.grading", "lessons.unit"),
    ("lessons.exchange",),
    ("lessons.widgets", "lessons.cli"),
    ("lessons", "lessons.__main__"),
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = ["lessons", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every lessons module ``module`` names: import statements anywhere in it (inside
    functions too) and strings that spell a module (a registry of module names)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # ``from lessons import tasks`` names the submodule, not the package's own table
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if _DOTTED.fullmatch(node.value) else []
        else:
            continue
        for name in names:
            target = _resolve(name) if name.split(".")[0] == "lessons" else None
            if target is not None and target != module:
                yield target


GRAPH = {module: set(_imported(module, path)) for module, path in MODULES.items()}


def _layer(module: str) -> int:
    best = (-1, -1)  # (length of the matching prefix, layer)
    for number, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(f"{prefix}.")) and len(prefix) > best[0]:
                best = (len(prefix), number)
    assert best[1] >= 0, f"{module} belongs to no layer: add it to LAYERS"
    return best[1]


def test_every_module_belongs_to_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_there_is_no_import_cycle() -> None:
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_core_imports_no_skill_and_widgets_never_the_grader() -> None:
    core = [m for m in MODULES if _layer(m) == 0]
    assert all(_layer(target) == 0 for m in core for target in GRAPH[m])
    widgets = [m for m in MODULES if m.startswith("lessons.widgets")]
    assert not [t for m in widgets for t in GRAPH[m] if t.startswith("lessons.grading")]


def test_at_most_twelve_top_level_modules() -> None:
    top = sorted(p.stem for p in ROOT.glob("*.py") if p.stem not in {"__init__", "__main__"})
    assert len(top) <= 12, top


@pytest.mark.parametrize("module", sorted(m for m in MODULES if "chart" in m.rpartition(".")[2]))
def test_every_chart_module_lives_with_what_it_charts(module: str) -> None:
    owner = module.split(".")[1]
    assert module == "lessons.charts" or owner in SKILLS or owner == "grading", module
