"""Release an exercise: write the students' copy of the lessons, with no key in assessment mode.

The released folder holds the notebooks the exercise needs, rendered for its case by
:mod:`lessons.unit`, a short ``README.md`` for the students and ``.lessons/release.json`` (mode, exercise, tasks and points), which switches
the widgets to assessment mode (*Save* instead of *Check*, no feedback).

In assessment mode every cell tagged ``practice-only`` is left out (worked answers,
self-checks), every output and any saved widget state is removed, and the finished folder
is searched for every sentence of the case's answer keys (``key/*.toml``) and for code
cells that call a checker directly; if one is found the release is refused and nothing is
written. A teacher's own case is copied without ``key/`` and with a ``case.toml`` written
anew, holding only what the lessons display (:func:`student_case_toml`). In either mode a
task the case does not have is refused, naming it (:func:`task_problems`); in an
assessment, so is a task the case cannot check. What this cannot hide: the installed
``lessons`` package carries the seed case's keys (practice mode needs them to give
feedback), so a student who can program could read them there, unless the students'
installation was stripped with ``lessons remove-keys`` (:mod:`lessons.teacher.keyless`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lessons.casestudy import FORMAT_VERSION, Case, read_case
from lessons.skills import SKILLS, task_ids
from lessons.student.submission import case_fingerprint
from lessons.student.workspace import atomic_write_json, release_path
from lessons.teacher.casecheck import readiness
from lessons.teacher.exercises import Exercise, Mode
from lessons.text import normalize_quote
from lessons.unit import notebook_text, render_unit
from lessons.unit.render import PRACTICE_ONLY_TAG
from lessons.validation import DataFileError

__all__ = [
    "BODY_SKILLS",
    "MIN_KEY_WORDS",
    "PRACTICE_ONLY_TAG",
    "KeyString",
    "Leak",
    "ReleaseError",
    "ReleaseResult",
    "checker_calls",
    "clean_notebook",
    "find_leaks",
    "kept_cells",
    "key_strings",
    "release",
    "student_case_toml",
    "task_problems",
]

#: Key strings shorter than this many words are not searched for (single hedge words like
#: "reportedly" are public teaching vocabulary, not the key).
MIN_KEY_WORDS = 4
RELEASE_FORMAT = 1
#: Skills whose answers point into an article's body as the lessons show it (hedge marks
#: count offsets in it, reliability evidence quotes its sentences and furniture lines, the
#: capstone's "one article end to end" sums those): the body is the page minus its furniture.
BODY_SKILLS = ("hedges", "reliability", "capstone")
#: The case folder of a release, in the students' copy.
CASE_FOLDER = "case"


class ReleaseError(Exception):
    """The release was refused; ``problems`` are sentences for the teacher."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class KeyString:
    """A sentence of an answer key that must never reach an assessment's student folder."""

    file: str
    field: str
    text: str

    @property
    def normalized(self) -> str:
        return _normalize(self.text)


@dataclass(frozen=True)
class Leak:
    """A key string found in a released file (in a notebook: which cell)."""

    file: str
    cell: int | None
    key: KeyString

    def __str__(self) -> str:
        where = "(whole file)" if self.cell is None else f"cell {self.cell}"
        return (
            f"{self.file}: {where}: contains text from {self.key.file} "
            f"({self.key.field}): {self.key.text[:70]!r}"
        )


@dataclass(frozen=True)
class ReleaseResult:
    """What a release wrote."""

    out: Path
    mode: Mode
    exercise: Exercise
    notebooks: tuple[str, ...]
    key_strings_checked: int
    notes: tuple[str, ...] = field(default=())
    #: The folder (in ``out``) holding the copy of a teacher's case; None for the seed.
    case_folder: str | None = None


def _normalize(text: str) -> str:
    return normalize_quote(text).casefold()


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, f"{where}.{name}" if where else str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def key_strings(case_dir: Path) -> list[KeyString]:
    """Every sentence of ``case_dir/key/*.toml`` that is the key's own words.

    Strings of fewer than :data:`MIN_KEY_WORDS` words, and strings that also occur in
    ``case.toml`` or an article text (public material), are left out.
    """
    public_parts = []
    for path in sorted(case_dir.iterdir()):
        if path.suffix in {".txt", ".toml"} and path.is_file():
            public_parts.append(path.read_text(encoding="utf-8", errors="replace"))
    public = _normalize("\n".join(public_parts))
    found: dict[str, KeyString] = {}
    for path in sorted((case_dir / "key").glob("*.toml")):
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for where, text in _strings(table, ""):
            normalized = _normalize(text)
            if len(normalized.split()) < MIN_KEY_WORDS or normalized in public:
                continue
            found.setdefault(normalized, KeyString(f"key/{path.name}", where, text))
    return list(found.values())


def _texts_of_file(path: Path) -> Iterator[tuple[int | None, str]]:
    """The whole text (cell None), then for a notebook each cell's source and outputs."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    yield None, raw
    if path.suffix == ".ipynb":
        try:
            notebook = json.loads(raw)
        except ValueError:
            return
        for index, cell in enumerate(notebook.get("cells", [])):
            parts = [_joined(cell.get("source", ""))]
            for output in cell.get("outputs", []) or []:
                parts.append(_joined(output.get("text", "")))
                for value in (output.get("data") or {}).values():
                    parts.append(
                        _joined(value) if isinstance(value, str | list) else json.dumps(value)
                    )
            yield index, "\n".join(parts)


def _joined(value: object) -> str:
    if isinstance(value, list):
        return "".join(str(item) for item in value)
    return str(value)


def find_leaks(folder: Path, strings: list[KeyString]) -> list[Leak]:
    """Every place in ``folder`` (all files, recursively) where a key string occurs."""
    leaks: list[Leak] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(folder).as_posix()
        reported: set[str] = set()
        texts = list(_texts_of_file(path))
        cells = texts[1:] or texts
        for cell, text in cells:
            normalized = _normalize(text)
            for key in strings:
                if key.normalized in normalized and key.normalized not in reported:
                    reported.add(key.normalized)
                    leaks.append(Leak(relative, cell, key))
        whole = _normalize(texts[0][1])
        for key in strings:
            if key.normalized not in reported and key.normalized in whole:
                leaks.append(Leak(relative, None, key))
    return leaks


_CHECKER_CALL = re.compile(r"(?:^|[^\w])(?:check|check_answer)\s*\(", re.MULTILINE)


def checker_calls(folder: Path) -> list[tuple[str, int, str]]:
    """Code cells of the notebooks in ``folder`` that call a checker directly (``check(``,
    ``check_answer(``, ``widget.check()``): run in an assessment they would show feedback.
    Each as (notebook, cell index, the cell's last line)."""
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook.get("cells", [])):
            source = _joined(cell.get("source", "")).strip()
            if cell.get("cell_type") == "code" and _CHECKER_CALL.search(source):
                found.append((path.name, index, source.splitlines()[-1][:60]))
    return found


def kept_cells(notebook: dict[str, Any], mode: Mode) -> list[int]:
    """The indices of the cells :func:`clean_notebook` keeps, in the original notebook."""
    return [
        index
        for index, cell in enumerate(notebook.get("cells", []))
        if mode == "practice" or PRACTICE_ONLY_TAG not in _tags(cell)
    ]


def _tags(cell: dict[str, Any]) -> list[str]:
    return list((cell.get("metadata") or {}).get("tags") or [])


def clean_notebook(notebook: dict[str, Any], mode: Mode) -> dict[str, Any]:
    """The notebook as students get it: in assessment mode without practice-only cells,
    outputs or saved widget state; in practice mode unchanged."""
    if mode == "practice":
        return notebook
    cleaned = dict(notebook)
    metadata = dict(cleaned.get("metadata", {}))
    metadata.pop("widgets", None)
    cleaned["metadata"] = metadata
    cells = []
    for cell in notebook.get("cells", []):
        if PRACTICE_ONLY_TAG in _tags(cell):
            continue
        cell = dict(cell)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    cleaned["cells"] = cells
    return cleaned


def _student_readme(
    exercise: Exercise, mode: Mode, notebooks: list[str], exchange: bool = False
) -> str:
    first = notebooks[0] if notebooks else "the first notebook"
    lines = [
        f"# {exercise.title}",
        "",
        exercise.description,
        "",
        f"Open **{first}** in JupyterLab and work through the notebooks in order:",
        "",
        *[f"- {name}" for name in notebooks],
        "",
        "Your answers are saved as you go, in the hidden folder `.lessons/`: you can close a",
        "notebook or restart it and your answers come back.",
        "",
    ]
    if mode == "assessment":
        lines += [
            "This is an **assessment**: the button under each task says *Save*, and you see no",
            "feedback until your teacher has graded your work.",
            "",
        ]
    else:
        lines += ["Press *Check* under a task to see feedback on your answer.", ""]
    if exchange:
        lines += [
            "When you have finished, press **Hand in** in the last cell of the lesson: your",
            "teacher receives it at once, and a copy stays in the `submissions/` folder.",
            "When your teacher releases a new version, run `lessons fetch` in a terminal (or",
            "`lessons.fetch()` in a cell); a notebook you changed is kept, and the new one is",
            "put beside it.",
            "",
        ]
        return "\n".join(lines)
    lines += [
        "When you have finished, press **Hand in** in the last cell of the lesson. A file",
        "appears in the `submissions/` folder: give that file to your teacher (or upload it",
        "where your teacher tells you).",
        "",
    ]
    return "\n".join(lines)


def release(
    exercise: Exercise,
    out: Path,
    mode: Mode | None = None,
    *,
    force: bool = False,
    notebooks_dir: Path | None = None,
    now: dt.datetime | None = None,
    exchange: bool = False,
) -> ReleaseResult:
    """Write the students' copy of ``exercise`` into ``out``; raise ReleaseError if refused.

    ``exchange``: the copy is for a course exchange (:mod:`lessons.exchange.publish`), so its
    README says that Hand in reaches the teacher by itself and how to fetch a new version.

    The copy is made in a staging folder beside ``out`` and checked there (no key text, no
    direct checker call in an assessment); only then is it copied into ``out``. Before
    anything is written, every task is checked against the case and its keys
    (:func:`task_problems`); DataFileError if the case or its keys have problems."""
    mode = mode or exercise.mode
    out = Path(out)
    _check_target(out, force)
    case = exercise.load_case()  # with its keys: which tasks it can check
    absent, unchecked = task_problems(exercise, case)
    if absent or (mode == "assessment" and unchecked):
        raise ReleaseError([*absent, *(unchecked if mode == "assessment" else [])])
    if mode == "assessment" and not exercise.case_is_seed and "spread" in exercise.skills:
        # Lesson 05 draws its map from key/sources.toml and asks its quiz from
        # key/spread.toml; a students' copy of a teacher's case carries neither.
        raise ReleaseError(
            [
                f"{exercise.path.name}: tasks: lesson 05's quiz (spread/...) cannot be an "
                "assessment on your own case: its map and questions come from the key files, "
                "which the students' copy leaves out. Release it in practice mode, or take "
                "the spread tasks out of the assessment."
            ]
        )
    strings = key_strings(exercise.case_dir) if mode == "assessment" else []
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix=".lessons-release-", dir=out.parent) as staging_name,
        tempfile.TemporaryDirectory(prefix="lessons-rendered-") as rendered,
    ):
        source = notebooks_dir or _render(case, Path(rendered), exercise.task_ids)
        names = _released_notebooks(exercise, source)
        staging = Path(staging_name)
        original_cell = _stage(staging, exercise, case, mode, source, names, moment, exchange)
        _refuse_what_would_leak(staging, mode, strings, original_cell)
        _copy_tree(staging, out)
    leftovers = find_leaks(out, strings)
    if leftovers:
        raise ReleaseError(
            [
                f"{out} already held files with answer-key text (from an earlier release?); "
                "remove them or release into a new folder:",
                *(str(leak) for leak in leftovers),
            ]
        )
    notes = []
    notes += [
        f"{problem.partition(': tasks: ')[2]} (until then it gives no feedback and earns no "
        "points)."
        for problem in unchecked
    ]
    if mode == "assessment" and not exercise.case_is_seed and not _keeps_furniture(exercise):
        notes.append(
            f"{CASE_FOLDER}/case.toml leaves out the furniture lists (lesson 01's answer), so "
            "the lessons show each page whole as the article, and grading notes that hand-ins "
            "were made on different article texts; reading answers count the page's lines, "
            "which are the same, so their grades are right."
        )
    if mode == "assessment" and exercise.case_is_seed:
        notes.append(
            "The lessons package installed for students carries the seed case's keys (practice "
            "mode needs them for feedback); a student who can program could read them there. "
            "Run 'lessons remove-keys --exercise NAME --yes' in the students' environment to "
            "remove them, and grade where the keys are."
        )
    return ReleaseResult(
        out,
        mode,
        exercise,
        tuple(names),
        len(strings),
        tuple(notes),
        None if exercise.case_is_seed else CASE_FOLDER,
    )


def _render(case: Case, folder: Path, assigned: tuple[str, ...]) -> Path:
    """Write the lessons rendered for ``case`` into ``folder``, with the articles the
    exercise assigns; DataFileError if the case's lesson text has problems."""
    for name, notebook in render_unit(case, assigned=assigned).items():
        (folder / name).write_text(notebook_text(notebook), encoding="utf-8")
    return folder


def _check_target(out: Path, force: bool) -> None:
    """Refuse a target that is a file, or a folder with files in it (unless ``force``)."""
    if out.exists() and not out.is_dir():
        raise ReleaseError([f"{out} is a file; give a folder to release into."])
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ReleaseError(
            [f"{out} is not empty; give a new folder, or add --force to write into it anyway."]
        )


def _released_notebooks(exercise: Exercise, source: Path) -> list[str]:
    """The names of the notebooks ``exercise`` releases; ReleaseError if one is not shipped."""
    available = [path.name for path in source.glob("*.ipynb")]
    names, missing = exercise.notebook_names(available)
    if missing:
        raise ReleaseError(
            [
                f"{exercise.path.name}: notebooks: {item} is not in this version of lessons; "
                f"available notebooks: {', '.join(sorted(available)) or 'none'}"
                for item in missing
            ]
        )
    return names


def _stage(
    staging: Path,
    exercise: Exercise,
    case: Case,
    mode: Mode,
    source: Path,
    names: list[str],
    moment: dt.datetime,
    exchange: bool = False,
) -> dict[str, list[int]]:
    """Write the students' copy into ``staging``: the notebooks as students get them, the
    case if it is not the seed (in an assessment only what the lessons display), a README and ``.lessons/release.json``. Returns, per
    notebook, the author's index of each released cell."""
    original_cell: dict[str, list[int]] = {}  # released cell index -> the author's
    for name in names:
        notebook = json.loads((source / name).read_text(encoding="utf-8"))
        original_cell[name] = kept_cells(notebook, mode)
        cleaned = clean_notebook(notebook, mode)
        (staging / name).write_text(
            json.dumps(cleaned, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    case_folder = None
    if not exercise.case_is_seed:
        case_folder = CASE_FOLDER
        if mode == "practice":
            _copy_case(exercise.case_dir, staging / case_folder)
        else:
            _write_student_case(case, exercise, staging / case_folder)
    (staging / "README.md").write_text(
        _student_readme(exercise, mode, names, exchange), encoding="utf-8"
    )
    atomic_write_json(
        release_path(staging),
        {
            "format": RELEASE_FORMAT,
            "exercise": exercise.id,
            "title": exercise.title,
            "mode": mode,
            "released": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "case": {"id": case.id, "fingerprint": case_fingerprint(case)},
            "case_dir": case_folder,
            "tasks": [{"id": task.id, "points": task.points} for task in exercise.tasks],
            "notebooks": names,
        },
    )
    return original_cell


def _refuse_what_would_leak(
    staging: Path, mode: Mode, strings: list[KeyString], original_cell: dict[str, list[int]]
) -> None:
    """ReleaseError if the staged copy holds key text, or (in an assessment) a cell that
    calls a checker; cells are named by the author's index."""

    def authors(file: str, cell: int | None) -> int | None:
        return cell if cell is None or file not in original_cell else original_cell[file][cell]

    leaks = [
        replace(leak, cell=authors(leak.file, leak.cell)) for leak in find_leaks(staging, strings)
    ]
    if leaks:
        raise ReleaseError(
            [
                "Refused: the assessment copy would contain the answer key. Tag the cells "
                f"with {PRACTICE_ONLY_TAG!r} or remove the text:",
                *(str(leak) for leak in leaks),
            ]
        )
    calls = checker_calls(staging) if mode == "assessment" else []
    if calls:
        raise ReleaseError(
            [
                "Refused: in an assessment these cells would show a checker's feedback when "
                f"run (the installed package has the keys). Tag them {PRACTICE_ONLY_TAG!r}:",
                *(
                    f"{file}: cell {authors(file, cell)}: calls a checker ({line!r})"
                    for file, cell, line in calls
                ),
            ]
        )


def _copy_tree(staging: Path, out: Path) -> None:
    """Copy every folder and file of ``staging`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(staging.rglob("*")):
        target = out / path.relative_to(staging)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _copy_case(case_dir: Path, target: Path) -> None:
    """Copy a teacher's case study whole for practice: case.toml, texts and the keys."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(case_dir.iterdir()):
        if path.is_file() and path.suffix in {".toml", ".txt", ".md"}:
            shutil.copyfile(path, target / path.name)
    if (case_dir / "key").is_dir():
        shutil.copytree(case_dir / "key", target / "key", dirs_exist_ok=True)


def _write_student_case(case: Case, exercise: Exercise, target: Path) -> None:
    """Write an assessment's copy of a teacher's case: :func:`student_case_toml`, the
    article texts and the case's markdown (what the lessons show), no key and no other file.
    ReleaseError if the copy would not load (a bug in lessons, said so)."""
    target.mkdir(parents=True, exist_ok=True)
    for article in case.articles:
        path = target / article.file
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(case.path / article.file, path)
    for path in sorted(case.path.glob("*.md")):
        if path.is_file():
            shutil.copyfile(path, target / path.name)
    (target / "case.toml").write_text(student_case_toml(case, exercise), encoding="utf-8")
    try:
        read_case(target)
    except DataFileError as error:
        raise ReleaseError(
            [
                "The students' copy of the case study would not load; please report this to "
                "the lessons project:",
                *(str(problem) for problem in error.problems),
            ]
        ) from None


def task_problems(exercise: Exercise, case: Case) -> tuple[list[str], list[str]]:
    """What is wrong with the exercise's tasks for ``case`` (loaded with its keys), one
    sentence each: the tasks the case does not have (no such article or question, listing
    the ones it has), and the tasks it has but cannot check (a key file missing, or without
    an entry for it): points no student could earn."""
    ready = {task.task_id: task for lesson in readiness(case) for task in lesson.tasks}
    file = exercise.path.name
    absent: list[str] = []
    unchecked: list[str] = []
    for task in exercise.tasks:
        if task.id not in ready:
            skill = SKILLS.get(task.skill)
            valid = task_ids(case, skill.id) if skill else list(ready)
            which = f"its tasks of skill {task.skill!r}" if skill else "its tasks"
            absent.append(
                f"{file}: tasks: {task.id!r} is not a task of the case study {case.id!r}; "
                f"{which} are: {', '.join(valid)}"
            )
        elif not ready[task.id].ready:
            unchecked.append(
                f"{file}: tasks: {task.id!r} cannot be checked with the case study "
                f"{case.id!r}: it {ready[task.id].reason()}; add that to the case, or take "
                "the task out of the exercise"
            )
    return absent, unchecked


def _keeps_furniture(exercise: Exercise) -> bool:
    """Whether an assessment's copy of the case keeps the furniture lists: unless the
    exercise asks lesson 01's questions and no lesson it grades shows the article body."""
    skills = set(exercise.skills)
    return "reading" not in skills or bool(skills & set(BODY_SKILLS))


def student_case_toml(case: Case, exercise: Exercise) -> str:
    """The ``case.toml`` of an assessment's copy of a teacher's case: what the lessons
    display and nothing that answers a task, written anew (the teacher's comments stay).

    Kept, because the lessons show them or the format needs them: ``format``; ``id`` (a
    hand-in names its case, and grading checks the name); ``title`` and ``claim`` (lesson
    00 shows the claim); per article ``id`` and ``file`` (every widget), ``outlet`` (every
    heading), ``language`` (required), ``headline`` and ``byline`` (lesson 00's reader,
    the text students mark for hedges, the reliability evidence) and the ``date``'s
    ``confidence``, ``earliest`` and ``latest`` (lesson 03's headers, the charts' order).

    Dropped, because only feedback reads them and they answer tasks: ``claim_status``
    (what is known of the claim, said after lesson 04's "how sure are you?"),
    ``shown_date`` and ``shown_date_note`` (the answer to lesson 01's date question),
    ``outlet_note``, ``outlet_confidence`` and the date's ``note`` (lesson 01's feedback;
    a note may name the uncredited source that lessons 02 and 05 ask for).

    ``translation_of`` answers lesson 01's "is it a translation?" and lesson 02's "where did
    it get the story?": it is always dropped (no lesson shows it before a task; only
    feedback reads it). ``former_ids`` stay: they answer nothing, and a student's answers
    saved under an article's former id still load.

    ``furniture`` answers lesson 01's first question (which lines are not the article),
    but it also makes the article body the other lessons show (the page minus those lines):
    hedge marks count offsets in that body, reliability evidence is picked from its
    sentences and furniture lines, and a hand-in carries a fingerprint of it that grading
    compares. So it is dropped when the exercise has reading tasks and no task of
    :data:`BODY_SKILLS`, and kept otherwise (those lessons show the body, so which lines
    are furniture is visible there anyway).
    """
    keep_furniture = _keeps_furniture(exercise)
    lines = [
        "# The students' copy of this case study, written by `lessons release` for an",
        "# assessment: only what the lessons display (format: docs/case-format.md).",
        "",
        f"format = {FORMAT_VERSION}",
        f"id = {_toml(case.id)}",
        f"title = {_toml(case.title)}",
        f"claim = {_toml(case.claim)}",
    ]
    for article in case.articles:
        date: dict[str, object] = {"confidence": article.date.confidence}
        if article.date.earliest is not None:
            date["earliest"] = article.date.earliest
        if article.date.latest is not None:
            date["latest"] = article.date.latest
        lines += [
            "",
            "[[articles]]",
            f"id = {_toml(article.id)}",
            f"file = {_toml(article.file)}",
            f"outlet = {_toml(article.outlet)}",
            f"language = {_toml(article.language)}",
        ]
        lines += [
            f"{name} = {_toml(value)}"
            for name, value in (("headline", article.headline), ("byline", article.byline))
            if value is not None
        ]
        lines.append(f"date = {_toml(date)}")
        if article.former_ids:
            lines.append(f"former_ids = {_toml(list(article.former_ids))}")
        if keep_furniture and article.furniture:
            lines.append("furniture = [")
            lines += [
                f"  {_toml({'kind': item.kind, 'text': item.text})}," for item in article.furniture
            ]
            lines.append("]")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    """``value`` (text, a date, or a table of them) as a TOML value."""
    if isinstance(value, str):  # JSON's escapes are TOML's; DEL is the one JSON leaves raw
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")
