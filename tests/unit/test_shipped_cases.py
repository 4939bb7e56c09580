"""Every lesson runs for a case that is not the seed: the shipped practice case (with its own
lesson text and every key) and a minimal case (its case.toml and texts, no keys). Each is
set up the way a teacher does it (``lessons start --case DIR``) and every notebook is run in
a real kernel by nbval. A student of either case never meets a name from the seed story, every
article has its task in lessons 1 to 4 when its key is there, and a lesson whose key is missing
says once which file it needs.

These tests start kernels, so they are marked ``notebooks``: ``pytest -m "not notebooks"``
leaves them out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from lessons.casestudy import Case
from lessons.resources import shipped_case_dir
from lessons.skills import load_case, load_seed_case
from lessons.unit.render import lesson_stems, read_text

pytestmark = pytest.mark.notebooks

#: The lessons that work article by article: their skill's key file, and the task widget.
TASK_LESSONS = {
    "01_read_like_a_fact_checker": (None, "read_closely"),
    "02_trace_the_sources": ("key/sources.toml", "trace"),
    "03_find_the_hedges": ("key/hedges.toml", "find_hedges"),
    "04_rate_reliability": ("key/reliability.toml", "rate"),
}
#: The lessons whose executed outputs are checked for seed names: the ones that show the
#: most of the case (its articles, then every outlet of the story).
EXECUTED = ("00_start_here", "05_how_the_claim_spread")


def _minimal_case(folder: Path) -> Path:
    """The practice case without its keys or lesson text: case.toml and the article texts."""
    practice = shipped_case_dir("practice")
    folder.mkdir()
    shutil.copy2(practice / "case.toml", folder)
    for text in practice.glob("*.txt"):
        shutil.copy2(text, folder)
    return folder


def _start(case_dir: Path, workspace: Path) -> Path:
    """What a teacher runs: ``lessons start --case DIR --dir WS --no-server``."""
    done = subprocess.run(
        [
            *(sys.executable, "-m", "lessons", "start"),
            *("--case", str(case_dir), "--dir", str(workspace), "--no-server"),
        ],
        capture_output=True,
        text=True,
        env=_student_env(workspace),
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return workspace


def _student_env(workspace: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LESSONS_CASE"}
    return env | {"LESSONS_WORKSPACE": str(workspace), "MPLBACKEND": "Agg"}


@pytest.fixture(scope="module")
def practice_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _start(shipped_case_dir("practice"), tmp_path_factory.mktemp("practice") / "ws")


@pytest.fixture(scope="module")
def minimal_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("minimal")
    return _start(_minimal_case(root / "case"), root / "ws")


@pytest.fixture(params=["practice", "minimal"])
def workspace(request: pytest.FixtureRequest) -> Path:
    ws: Path = request.getfixturevalue(f"{request.param}_ws")
    return ws


def _notebooks(workspace: Path) -> list[Path]:
    return sorted(workspace.glob("*.ipynb"))


def _cells(workspace: Path, stem: str) -> list[dict[str, Any]]:
    notebook = json.loads((workspace / f"{stem}.ipynb").read_text(encoding="utf-8"))
    cells: list[dict[str, Any]] = notebook["cells"]
    return cells


def _source(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _markdown(workspace: Path, stem: str) -> str:
    cells = _cells(workspace, stem)
    return "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")


def _code(workspace: Path, stem: str) -> str:
    return "\n".join(_source(c) for c in _cells(workspace, stem) if c["cell_type"] == "code")


def _strip_note(name: str) -> str:
    """'Russian state TV (Channel One or Rossiya 1)' -> 'Russian state TV'."""
    return re.sub(r"\s*\(.*?\)", "", name).split(",")[0].strip()


def _seed_names() -> set[str]:
    """Names from the seed story, read from its data: its articles' ids, outlets, bylines and
    originals, and every source its key names that is not a vague phrase."""
    seed = load_seed_case()
    names: set[str] = set()
    for article_id in seed.article_ids:
        article = seed.article(article_id)
        names |= {article_id, _strip_note(article.outlet)}
        names |= {article.byline} if article.byline else set()
        if article.translation_of is not None:
            names.add(article.translation_of.outlet)
    sources = seed.key("sources")
    assert sources is not None, "the seed case has a sources key"
    for source in sources.sources.values():
        if source.kind == "unnamed":
            continue  # vague phrases ("there are reports") are no names
        names.add(_strip_note(source.name))
        # Aliases of two words or more, with a capital (short ones such as "EU" or "the
        # blog" are ordinary words in another story).
        names |= {
            alias
            for alias in source.aliases
            if len(alias.split()) > 1 and alias != alias.lower() and "(" not in alias
        }
    return {name for name in names if len(name) > 3}


def _seed_names_in(text: str, names: set[str]) -> list[str]:
    return sorted(name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text))


def _outputs_text(notebook: Any) -> str:
    parts: list[str] = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type == "error":
                parts.append(f"{output.ename}: {output.evalue}")
            else:
                data = output.get("data", {})
                parts += [
                    data.get(kind, "") for kind in ("text/plain", "text/html", "text/markdown")
                ]
    return "\n".join(parts)


def test_the_seed_names_come_from_the_seed_data() -> None:
    names = _seed_names()
    seed = load_seed_case()
    # A name list that lost the seed's articles would make the tests below pass for nothing.
    assert set(seed.article_ids) <= names
    assert len(names) > 2 * len(seed.article_ids)


def test_every_lesson_runs_without_an_error(workspace: Path) -> None:
    notebooks = _notebooks(workspace)
    assert [path.stem for path in notebooks] == list(lesson_stems())
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q"),
            *(path.name for path in notebooks),
        ],
        cwd=workspace,
        env=_student_env(workspace),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]


def test_no_seed_name_is_in_any_lesson(workspace: Path) -> None:
    names = _seed_names()
    for path in _notebooks(workspace):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join(_source(cell) for cell in notebook["cells"])
        assert _seed_names_in(text, names) == [], path.name


@pytest.fixture
def executed(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Lessons 00 and 05 run top to bottom in a kernel, with their outputs."""
    for name, value in _student_env(workspace).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("LESSONS_CASE", raising=False)
    runs: dict[str, Any] = {}
    for stem in EXECUTED:
        notebook = nbformat.read(workspace / f"{stem}.ipynb", as_version=4)
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(workspace)}},
        ).execute()
        runs[stem] = notebook
    yield runs


def test_what_the_lessons_show_has_no_seed_name_and_no_traceback(
    executed: dict[str, Any],
) -> None:
    names = _seed_names()
    for stem, notebook in executed.items():
        shown = _outputs_text(notebook)
        assert shown.strip(), f"{stem} showed nothing"
        assert _seed_names_in(shown, names) == [], stem
        assert "Traceback" not in shown, stem
        assert not [
            o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"
        ], stem


def test_the_practice_lessons_show_its_own_case(practice_ws: Path) -> None:
    case = load_case(practice_ws / "case")
    shown = _markdown(practice_ws, "00_start_here") + _code(practice_ws, "00_start_here")
    assert "invented for practice" in shown
    assert case.claim in shown


def test_every_practice_article_has_its_task_in_lessons_1_to_4(practice_ws: Path) -> None:
    case = load_case(practice_ws / "case")
    for stem, (_key, widget) in TASK_LESSONS.items():
        code = _code(practice_ws, stem)
        for article_id in case.article_ids:
            assert f'lessons.{widget}("{article_id}")' in code, (stem, article_id)
        # Every key is there: no lesson says one is missing.
        assert "key/" not in _markdown(practice_ws, stem), stem


def test_the_minimal_case_reads_its_pages_and_says_once_which_key_is_missing(
    minimal_ws: Path,
) -> None:
    case = load_case(minimal_ws / "case")
    reading = _code(minimal_ws, "01_read_like_a_fact_checker")
    for article_id in case.article_ids:
        assert f'lessons.read_closely("{article_id}")' in reading, article_id
    for stem, (key, widget) in TASK_LESSONS.items():
        if key is None:
            continue
        assert f"lessons.{widget}(" not in _code(minimal_ws, stem), stem
        assert "lessons.read_articles()" in _code(minimal_ws, stem), stem
        assert _markdown(minimal_ws, stem).count(f"`{key}`") == 1, stem
    assert "lessons.spread_question(" not in _code(minimal_ws, "05_how_the_claim_spread")
    assert _markdown(minimal_ws, "05_how_the_claim_spread").count("`key/spread.toml`") == 1


def _practice_case() -> Case:
    return load_case(shipped_case_dir("practice"))


def test_a_practice_prompt_does_not_name_where_its_article_got_the_story() -> None:
    """Ask before telling: the prompt above an article's task in lessons 2 to 4 must not name
    the outlet the article took its story from (the answer to tracing it)."""
    case = _practice_case()
    sources = case.key("sources")
    assert sources is not None
    text = read_text(case)
    checked = 0
    for stem in ("02_trace_the_sources", "03_find_the_hedges", "04_rate_reliability"):
        for article_id in case.article_ids:
            expert = sources.article(article_id)
            own = next(o.id for o in sources.outlets if o.article == article_id)
            if expert.immediate == own:
                continue  # where the claim began: it took the story from nobody
            section = text.section(stem, f"article {article_id}")
            if section is None:
                continue
            prompt = "\n".join(
                line for node in section for line in getattr(node, "lines", ())
            ).lower()
            outlet = sources.source(expert.immediate)
            for name in (outlet.name, *outlet.aliases):
                assert not re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", prompt), (
                    stem,
                    article_id,
                    name,
                )
            checked += 1
    assert checked >= 3


def test_the_practice_take_away_comes_after_the_hand_in_and_only_in_practice(
    practice_ws: Path,
) -> None:
    case = load_case(practice_ws / "case")
    section = read_text(case).section("05_how_the_claim_spread", "take-away")
    assert section is not None
    heading = next(line for node in section for line in getattr(node, "lines", ()) if line)
    cells = _cells(practice_ws, "05_how_the_claim_spread")
    hand_in = next(i for i, c in enumerate(cells) if 'lessons.hand_in("spread")' in _source(c))
    take_away = next(i for i, c in enumerate(cells) if heading in _source(c))
    assert take_away > hand_in
    assert "practice-only" in cells[take_away]["metadata"].get("tags", [])


def test_the_minimal_case_describes_no_task_or_chart_it_lacks(minimal_ws: Path) -> None:
    """A lesson without its key does not tell the student how to work a task that is not there,
    or ask about a map, arrows or totals it never shows."""
    assert "How the task works" not in _markdown(minimal_ws, "02_trace_the_sources")
    assert "totals" not in _markdown(minimal_ws, "04_rate_reliability")
    spread = _markdown(minimal_ws, "05_how_the_claim_spread").lower()
    for word in ("arrow", "picture", "question for you"):
        assert word not in spread, word


def test_the_practice_case_keeps_what_the_minimal_case_leaves_out(practice_ws: Path) -> None:
    assert "How the task works" in _markdown(practice_ws, "02_trace_the_sources")
    assert "totals" in _markdown(practice_ws, "04_rate_reliability")
    spread = _markdown(practice_ws, "05_how_the_claim_spread").lower()
    assert "arrow" in spread and "talk about it" in spread
