"""``lessons release``: the students' copy has the notebooks and the mode, and in assessment
mode no sentence of any answer key, in any file (this test searches for them itself)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from lessons.cli import main
from lessons.resources import seed_case_dir
from lessons.skills import load_case
from lessons.teacher.exercises import load_exercise, shipped_exercises
from lessons.teacher.release import PRACTICE_ONLY_TAG, ReleaseError, release
from lessons.text import normalize_quote
from lessons.unit import render_lesson
from lessons.widgets._base import current_mode

SEEDS = seed_case_dir()


def _all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _all_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _all_strings(item)]
    return []


def _fold(text: str) -> str:
    return normalize_quote(text).casefold()


def seed_key_strings() -> list[str]:
    """Every sentence of every seeds/key/*.toml (four words or more) that is not public
    text already (the articles and case.toml are what students read anyway)."""
    public = _fold(
        "\n".join(
            p.read_text(encoding="utf-8") for p in SEEDS.iterdir() if p.suffix in {".txt", ".toml"}
        )
    )
    found = set()
    for path in sorted((SEEDS / "key").glob("*.toml")):
        for text in _all_strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            folded = _fold(text)
            if len(folded.split()) >= 4 and folded not in public:
                found.add(folded)
    return sorted(found)


def texts_in(folder: Path) -> dict[str, str]:
    """Every file's text; for notebooks also each cell's source and outputs joined."""
    texts = {}
    for path in folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes().decode("utf-8", errors="replace")
            texts[str(path.relative_to(folder))] = raw
            if path.suffix == ".ipynb":
                for index, cell in enumerate(json.loads(raw)["cells"]):
                    parts = ["".join(cell["source"])]
                    parts += [json.dumps(o, ensure_ascii=False) for o in cell.get("outputs", [])]
                    for output in cell.get("outputs", []):
                        parts += ["".join(output.get("text", ""))]
                        parts += [
                            "".join(v)
                            for v in output.get("data", {}).values()
                            if isinstance(v, list | str)
                        ]
                    texts[f"{path.name} cell {index}"] = "\n".join(parts)
    return texts


def leaks(folder: Path) -> list[str]:
    keys = seed_key_strings()
    return [
        f"{where}: {key[:60]}"
        for where, text in texts_in(folder).items()
        for key in keys
        if key in _fold(text)
    ]


def test_the_seed_keys_have_sentences_to_search_for() -> None:
    keys = seed_key_strings()
    assert len(keys) > 50  # reasons, notes and explanations of every key file


@pytest.mark.parametrize("name", shipped_exercises())
def test_an_assessment_release_holds_no_key(tmp_path: Path, name: str) -> None:
    out = tmp_path / "students"
    status = main(["release", name, "--out", str(out), "--mode", "assessment"])
    assert status == 0
    exercise = load_exercise(name)
    notebooks = sorted(p.name for p in out.glob("*.ipynb"))
    assert notebooks and notebooks[0].startswith("00_")
    release_info = json.loads((out / ".lessons" / "release.json").read_text(encoding="utf-8"))
    assert release_info["mode"] == "assessment"
    assert release_info["exercise"] == name
    assert [t["id"] for t in release_info["tasks"]] == list(exercise.task_ids)
    assert current_mode(out) == "assessment"
    assert leaks(out) == []
    for notebook in out.glob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code")
        assert all(PRACTICE_ONLY_TAG not in c["metadata"].get("tags", []) for c in cells)
        lesson = not notebook.name.startswith("00_")  # lessons 01-06
        told = False  # "press Check, read the feedback" holds in a test: said once, before use
        for cell in cells if lesson else []:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] != "markdown":
                continue
            told = told or ("In a test" in text and "**Save**" in text)
            if "press **Check**" in text.replace("\n", " "):
                assert told, (notebook.name, text)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "**assessment**" in readme
    assert "feedback on Check" not in readme and "Press *Check*" not in readme


def test_a_practice_release_keeps_the_lessons_as_rendered_for_its_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "class"
    assert main(["release", "quiz-reliability", "--out", str(out), "--mode", "practice"]) == 0
    assert "Released 'quiz-reliability' (practice)" in capsys.readouterr().out
    assert current_mode(out) == "practice"
    exercise = load_exercise("quiz-reliability")
    case = exercise.load_case()
    notebooks = sorted(out.glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        assert json.loads(notebook.read_text(encoding="utf-8")) == render_lesson(
            case, notebook.stem
        )
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "Hand in" in readme and "Check" in readme


def _notebook(cells: list[dict[str, Any]], widgets: object = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    if widgets is not None:
        metadata["widgets"] = widgets
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def _code(source: str, *, output: str = "", tags: tuple[str, ...] = ()) -> dict[str, Any]:
    outputs = [{"output_type": "stream", "name": "stdout", "text": [output]}] if output else []
    return {
        "cell_type": "code",
        "metadata": {"tags": list(tags)},
        "source": [source],
        "outputs": outputs,
        "execution_count": 3 if output else None,
    }


def _markdown(text: str, *, tags: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": [text]}


@pytest.fixture
def lesson_folder(tmp_path: Path) -> tuple[Path, str]:
    """Notebooks that carry key text in every place a release must clean."""
    key_sentence = seed_key_strings()[0]
    folder = tmp_path / "notebooks"
    folder.mkdir()
    start = _notebook([_markdown("# Start here"), _code("import lessons")])
    rate = _notebook(
        [
            _markdown("# Rate the reliability"),
            _code("lessons.rate('kyiv-post')", output=f"Expert: {key_sentence}"),
            _markdown(f"**Worked answer:** {key_sentence}", tags=(PRACTICE_ONLY_TAG,)),
            _code("print(lessons.check(...))", output="x", tags=(PRACTICE_ONLY_TAG, "other")),
            _code("lessons.hand_in('reliability')"),
        ],
        widgets={"application/vnd.jupyter.widget-state+json": {"state": {"x": key_sentence}}},
    )
    (folder / "00_start_here.ipynb").write_text(json.dumps(start), encoding="utf-8")
    (folder / "04_rate_reliability.ipynb").write_text(json.dumps(rate), encoding="utf-8")
    return folder, key_sentence


def test_assessment_drops_practice_cells_outputs_and_widget_state(
    tmp_path: Path, lesson_folder: tuple[Path, str]
) -> None:
    folder, key_sentence = lesson_folder
    out = tmp_path / "out"
    exercise = load_exercise("quiz-reliability")
    result = release(exercise, out, "assessment", notebooks_dir=folder)
    assert result.notebooks == ("00_start_here.ipynb", "04_rate_reliability.ipynb")
    assert result.key_strings_checked > 50
    rate = json.loads((out / "04_rate_reliability.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in rate["cells"]]
    assert sources == [
        "# Rate the reliability",
        "lessons.rate('kyiv-post')",
        "lessons.hand_in('reliability')",
    ]
    assert "widgets" not in rate["metadata"]
    assert leaks(out) == []
    # The same notebooks released for practice keep everything.
    practice = release(exercise, tmp_path / "practice", "practice", notebooks_dir=folder)
    assert practice.mode == "practice"
    assert any(key_sentence in text for text in texts_in(tmp_path / "practice").values())


def test_key_text_in_an_untagged_cell_refuses_the_release(
    tmp_path: Path, lesson_folder: tuple[Path, str]
) -> None:
    folder, key_sentence = lesson_folder
    path = folder / "04_rate_reliability.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"].append(_markdown(f"Remember: {key_sentence.upper()}"))
    path.write_text(json.dumps(notebook), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ReleaseError) as error:
        release(load_exercise("quiz-reliability"), out, "assessment", notebooks_dir=folder)
    message = str(error.value)
    # The cell is named by its place in the author's notebook (practice-only cells counted).
    assert "04_rate_reliability.ipynb: cell 5: contains text from key/" in message
    assert not out.exists()  # nothing written


def test_a_folder_in_use_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "students"
    out.mkdir()
    (out / "ann-work.ipynb").write_text("{}", encoding="utf-8")
    assert main(["release", "quiz-reliability", "--out", str(out)]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["ann-work.ipynb"]


def test_an_invalid_exercise_is_reported_not_released(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\ntitle = "x"\nmode = "exam"\n[[tasks]]\nlesson = "sources"\n')
    assert main(["release", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "bad.toml: mode:" in err and "bad.toml: tasks[0].articles: is missing" in err
    assert not (tmp_path / "o").exists()


def teachers_case(tmp_path: Path) -> Path:
    """The seed case copied into ``tmp_path/my-case``, keys included, as a teacher's own."""
    case_dir = tmp_path / "my-case"
    case_dir.mkdir()
    for source in SEEDS.iterdir():
        if source.is_file():
            (case_dir / source.name).write_bytes(source.read_bytes())
    (case_dir / "key").mkdir()
    for source in (SEEDS / "key").glob("*.toml"):
        (case_dir / "key" / source.name).write_bytes(source.read_bytes())
    return case_dir


def test_a_teachers_case_is_copied_without_its_key_for_an_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_dir = teachers_case(tmp_path)
    exercise_path = tmp_path / "my-quiz.toml"
    exercise_path.write_text(
        'format = 1\ntitle = "Mine"\nmode = "assessment"\ncase = "my-case"\n'
        'notebooks = ["00_start_here.ipynb"]\n[[tasks]]\nlesson = "reliability"\narticles = "all"\n',
        encoding="utf-8",
    )
    out = tmp_path / "students"
    assert main(["release", str(exercise_path), "--out", str(out)]) == 0
    assert "holds what the lessons display" in capsys.readouterr().out
    assert not (out / "case" / "key").exists()
    # Written anew: no claim status, no answer of lesson 01, none of the teacher's comments.
    text = (out / "case" / "case.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert "claim_status" not in data and "The seed case study" not in text
    assert all("shown_date_note" not in article for article in data["articles"])
    assert load_case(out / "case").article_ids == load_case(case_dir).article_ids
    info = json.loads((out / ".lessons" / "release.json").read_text(encoding="utf-8"))
    assert info["case_dir"] == "case"
    assert leaks(out) == []
    practice = tmp_path / "practice"
    assert main(["release", str(exercise_path), "--out", str(practice), "--mode", "practice"]) == 0
    assert (practice / "case" / "key" / "reliability.toml").is_file()
    assert (practice / "case" / "case.toml").read_bytes() == (case_dir / "case.toml").read_bytes()


def test_tasks_the_case_cannot_have_graded_refuse_the_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_dir = teachers_case(tmp_path)
    (case_dir / "key" / "spread.toml").unlink()
    exercise_path = tmp_path / "my-quiz.toml"
    exercise_path.write_text(
        'format = 1\ntitle = "Mine"\nmode = "assessment"\ncase = "my-case"\n'
        '[[tasks]]\nid = "spread/how-many-sources"\npoints = 5\n'
        '[[tasks]]\nid = "spread/what-next"\npoints = 5\n',
        encoding="utf-8",
    )
    out = tmp_path / "students"
    assert main(["release", str(exercise_path), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"my-quiz.toml: tasks: 'spread/{question}' cannot be checked with the case study "
        "'nk-volunteers-2022': it needs key/spread.toml; add that to the case, or take the "
        "task out of the exercise"
        for question in ("how-many-sources", "what-next")
    ]
    assert not out.exists()


def test_a_cell_that_would_print_feedback_refuses_an_assessment(
    tmp_path: Path, lesson_folder: tuple[Path, str]
) -> None:
    folder, _ = lesson_folder
    path = folder / "04_rate_reliability.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"].append(_code("rater = lessons.rate('tyler-durden')\nrater.check()"))
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(ReleaseError) as error:
        release(
            load_exercise("quiz-reliability"), tmp_path / "out", "assessment", notebooks_dir=folder
        )
    assert "04_rate_reliability.ipynb: cell 5: calls a checker ('rater.check()')" in str(
        error.value
    )
    # Practice mode runs it on purpose: feedback is the point there.
    release(
        load_exercise("quiz-reliability"), tmp_path / "practice", "practice", notebooks_dir=folder
    )


def test_release_on_another_case_renders_the_lessons_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    practice = Path(__file__).resolve().parents[2] / "cases" / "practice"
    exercise = tmp_path / "pool.toml"
    exercise.write_text(
        'format = 1\ntitle = "The pool rumour"\nmode = "practice"\n'
        '[[tasks]]\nskill = "sources"\narticles = "all"\n',
        encoding="utf-8",
    )
    out = tmp_path / "class"
    assert main(["release", str(exercise), "--out", str(out), "--case", str(practice)]) == 0
    lesson = json.loads((out / "02_trace_the_sources.ipynb").read_text(encoding="utf-8"))
    calls = [
        cell["source"] for cell in lesson["cells"] if cell["source"].startswith("lessons.trace(")
    ]
    assert calls == [f'lessons.trace("{a}")' for a in load_case(practice).article_ids]
    assert (out / "case" / "case.toml").is_file()
    assert (
        main(["release", str(exercise), "--out", str(tmp_path / "x"), "--case", str(tmp_path)]) == 2
    )
    assert "holds no case.toml" in capsys.readouterr().err


def test_an_assessment_of_lesson_05_on_a_teachers_case_is_refused_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its map and quiz come from key files the students' copy leaves out: released, the
    lesson would show only "ask your teacher"."""
    teachers_case(tmp_path)
    exercise_path = tmp_path / "my-quiz.toml"
    exercise_path.write_text(
        'format = 1\ntitle = "Mine"\nmode = "assessment"\ncase = "my-case"\n'
        '[[tasks]]\nid = "spread/how-many-sources"\npoints = 5\n',
        encoding="utf-8",
    )
    out = tmp_path / "students"
    assert main(["release", str(exercise_path), "--out", str(out)]) == 2
    assert "cannot be an assessment on your own case" in capsys.readouterr().err
    assert not out.exists()
    practice = tmp_path / "practice"
    assert main(["release", str(exercise_path), "--out", str(practice), "--mode", "practice"]) == 0


@pytest.mark.parametrize(("out", "expected"), [("/dev/null/x", "is a file"), ("FILE", "is a file")])
def test_an_unusable_out_gives_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str, expected: str
) -> None:
    if out == "FILE":
        out = str(tmp_path / "class.txt")
        Path(out).write_text("a file", encoding="utf-8")
    assert main(["release", "quiz-hedges", "--out", out]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert err.count("\n") == 1
