"""Exercise definitions teachers edit: which case study, which tasks, how many points, which mode.

An exercise is a TOML file (format in ``exercises/README.md``)::

    format = 1
    title = "Quiz: trace the sources"
    mode = "assessment"          # or "practice"
    case = "seed"                # or a case-study folder, relative to this file

    [[tasks]]
    skill = "sources"            # every article of the case (or a list of article ids)
    articles = "all"
    points = 10                  # per task

    [[tasks]]
    id = "hedges/ARTICLE-ID"     # or one task by its id (skill/article id)
    points = 5

An optional ``deadline = 2026-12-10T09:00:00Z`` (a TOML date-time) marks later hand-ins as
late, with how late (:func:`deadline_of`: a time without a zone is UTC; a date without a
time means the end of that day, UTC).

``skill`` names one of the skills in :data:`lessons.skills.SKILLS`; ``lesson`` is its old
spelling and is still read. Loading checks every field and reports every problem at once,
naming file, field and what is allowed (:class:`lessons.validation.DataFileError`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lessons.casestudy import Case
from lessons.resources import data_dir, seed_case_dir
from lessons.skills import SKILLS, Skill, load_case
from lessons.skills import notebook as notebook_number
from lessons.tasks import current_task_id, split_task_id
from lessons.validation import ID, DataFileError, Field, Problems, read_toml

__all__ = [
    "EXERCISE_FORMAT",
    "MODES",
    "Exercise",
    "ExerciseTask",
    "deadline_of",
    "find_exercise",
    "load_exercise",
    "shipped_exercises",
]

EXERCISE_FORMAT = 1
MODES = ("practice", "assessment")
Mode = Literal["practice", "assessment"]
DEFAULT_POINTS = 10
MAX_POINTS = 1000
_NOTEBOOK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.ipynb$")

_TOP_FIELDS = {
    "format": Field(int, choices=(EXERCISE_FORMAT,)),
    "title": Field(str),
    "description": Field(str, required=False),
    "case": Field(str, required=False),
    "mode": Field(str, choices=MODES),
    "notebooks": Field((list, str), required=False),
    "tasks": Field(list),
    "deadline": Field(object, required=False),  # checked by _parse_deadline
}
#: The old spelling of the ``skill`` field of a task, still read as a synonym.
_OLD_SKILL_FIELD = "lesson"
_TASK_FIELDS = {
    "id": Field(str, required=False),
    "skill": Field(str, required=False, choices=tuple(SKILLS)),
    _OLD_SKILL_FIELD: Field(str, required=False, choices=tuple(SKILLS)),
    "articles": Field((list, str), required=False),
    "points": Field((int, float), required=False),
}


@dataclass(frozen=True)
class ExerciseTask:
    """One task of an exercise and the points it is worth."""

    id: str
    points: float

    @property
    def skill(self) -> str:
        return split_task_id(self.id)[0]

    @property
    def target(self) -> str:
        return split_task_id(self.id)[1]


@dataclass(frozen=True)
class Exercise:
    """A validated exercise: the case study, the tasks with their points, the mode."""

    id: str
    title: str
    mode: Mode
    case_dir: Path
    case_is_seed: bool
    tasks: tuple[ExerciseTask, ...]
    path: Path
    description: str = ""
    notebooks: tuple[str, ...] | None = None
    #: Hand-ins created after this moment (UTC) are late (:func:`deadline_of`).
    deadline: dt.datetime | None = None

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(task.id for task in self.tasks)

    @property
    def maximum(self) -> float:
        """The most points a student can get."""
        return round(sum(task.points for task in self.tasks), 2)

    @property
    def skills(self) -> tuple[str, ...]:
        """The skills the tasks come from, in order of first appearance."""
        return tuple(dict.fromkeys(task.skill for task in self.tasks))

    def points(self, task_id: str) -> float:
        for task in self.tasks:
            if task.id == task_id:
                return task.points
        raise KeyError(task_id)

    def load_case(self, *, with_keys: bool = True) -> Case:
        """The exercise's case study (with its expert keys, for grading)."""
        return load_case(self.case_dir, with_keys=with_keys)

    def notebook_names(self, available: list[str]) -> tuple[list[str], list[str]]:
        """The notebooks a student needs, from the ``available`` names; and what is missing.

        By default: the first lesson (``00_*``) and the notebook of each skill with tasks,
        found by its number (:func:`lessons.skills.notebook`). ``notebooks = "all"`` takes
        every available notebook; a list names them. Unless the exercise lists its
        notebooks, a skill without a notebook is reported missing (its tasks could not be
        answered).
        """
        names = sorted(available)
        if self.notebooks is not None and self.notebooks != ("all",):
            wanted = list(self.notebooks)
            return [n for n in wanted if n in names], [n for n in wanted if n not in names]
        chosen: list[str] = []
        missing: list[str] = []
        for skill in ("start", *self.skills):
            prefix = notebook_number(skill)
            matches = [n for n in names if prefix and n.startswith(f"{prefix}_")]
            if matches:
                chosen += [n for n in matches if n not in chosen]
            else:
                pattern = f"{prefix}_*.ipynb" if prefix else "no notebook number known"
                missing.append(f"the notebook of {skill!r} ({pattern})")
        if self.notebooks == ("all",):
            chosen = names
        return chosen, missing


def exercises_dir() -> Path:
    """The folder of exercises shipped with the package."""
    return data_dir("exercises")


def shipped_exercises() -> list[str]:
    """The names of the shipped exercises (``full-unit``, ``quiz-sources``, ...)."""
    return sorted(path.stem for path in exercises_dir().glob("*.toml"))


def find_exercise(name_or_path: str | Path) -> Path:
    """The exercise file: a path to a TOML file, or the name of a shipped exercise."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    name = path.name.removesuffix(".toml")
    if path.parent == Path(".") and ID.match(name):
        shipped = exercises_dir() / f"{name}.toml"
        if shipped.is_file():
            return shipped
    choices = ", ".join(shipped_exercises()) or "none"
    problems = Problems()
    problems.add(
        str(name_or_path),
        "(file)",
        f"no such exercise file; give a path to a .toml file or a shipped exercise: {choices}",
    )
    raise DataFileError(problems.items)


def load_exercise(name_or_path: str | Path, case: str | Path | None = None) -> Exercise:
    """Load and validate an exercise; raises DataFileError listing every problem.

    ``case`` (a case study folder, or ``"seed"``) replaces the exercise's own ``case``: its
    tasks ("all" articles included) are then read against that case."""
    path = find_exercise(name_or_path)
    file = path.name
    problems = Problems()
    data = read_toml(path, problems)
    problems.raise_if_any()
    top = problems.check_table(file, "", data, _TOP_FIELDS)
    exercise_id = path.stem
    if not ID.match(exercise_id):
        problems.add(
            file,
            "(file name)",
            f"{exercise_id!r} must be lower-case letters, digits and hyphens, like 'quiz-sources'",
        )
    case_ref = str(Path(case).resolve()) if case not in (None, "seed") else top.get("case", "seed")
    if case == "seed":
        case_ref = "seed"
    case_study, case_dir = _load_exercise_case(path, file, case_ref, problems)
    tasks = _parse_tasks(file, top.get("tasks", []), case_study, problems)
    notebooks = _parse_notebooks(file, top.get("notebooks"), problems)
    deadline = _parse_deadline(file, top.get("deadline"), problems)
    if "tasks" in top and not top["tasks"]:
        problems.add(file, "tasks", "is empty; an exercise needs at least one task")
    problems.raise_if_any()
    return Exercise(
        id=exercise_id,
        title=top["title"],
        mode=top["mode"],
        case_dir=case_dir,
        case_is_seed=case_ref == "seed" or case_dir.resolve() == seed_case_dir().resolve(),
        tasks=tuple(tasks),
        path=path,
        description=top.get("description", ""),
        notebooks=notebooks,
        deadline=deadline,
    )


def deadline_of(value: dt.date) -> dt.datetime:
    """The moment (UTC) a TOML ``deadline`` stands for: a date-time with a zone as given; one
    without a zone (``2026-12-10T09:00:00``) in UTC; a date alone (``2026-12-10``) the end of
    that day in UTC (23:59:59: a hand-in during that day is on time)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    return dt.datetime(value.year, value.month, value.day, 23, 59, 59, tzinfo=dt.UTC)


def _parse_deadline(file: str, value: object, problems: Problems) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return deadline_of(value)
    hint = " (without quotes: TOML reads a quoted date as text)" if isinstance(value, str) else ""
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    problems.add(
        file,
        "deadline",
        "must be a date-time like 2026-12-10T09:00:00Z (a time without a zone is UTC) or a "
        f"date like 2026-12-10 (the end of that day, UTC){hint}, not {shown}",
    )
    return None


def _load_exercise_case(
    path: Path, file: str, case_ref: str, problems: Problems
) -> tuple[Case | None, Path]:
    if case_ref == "seed":
        case_dir = seed_case_dir()
    else:
        case_dir = Path(case_ref)
        if not case_dir.is_absolute():
            case_dir = (path.parent / case_dir).resolve()
    try:
        return load_case(case_dir, with_keys=False), case_dir
    except DataFileError as error:
        for problem in error.problems:
            problems.add(
                file,
                "case",
                f"the case study {case_ref!r} is not valid ({problem}); "
                "give 'seed' or a case-study folder relative to this file",
            )
    return None, case_dir


def _parse_tasks(
    file: str, entries: list[Any], case: Case | None, problems: Problems
) -> list[ExerciseTask]:
    tasks: list[ExerciseTask] = []
    first_seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"tasks[{index}]"
        before = len(problems)
        fields = problems.check_table(file, where, entry, _TASK_FIELDS)
        if len(problems) > before:
            continue
        points = _parse_points(file, where, fields.get("points", DEFAULT_POINTS), problems)
        ids = _task_ids(file, where, fields, case, problems)
        for task_id in ids:
            if task_id in first_seen:
                problems.add(
                    file,
                    where,
                    f"task {task_id!r} is already in {first_seen[task_id]}; each task may appear once",
                )
                continue
            first_seen[task_id] = where
            if points is not None:
                tasks.append(ExerciseTask(task_id, points))
    return tasks


def _parse_points(file: str, where: str, value: float, problems: Problems) -> float | None:
    if not 0 < value <= MAX_POINTS:
        problems.add(
            file,
            f"{where}.points",
            f"must be a number above 0 and at most {MAX_POINTS}, not {value!r}",
        )
        return None
    return float(value)


def _task_ids(
    file: str, where: str, fields: dict[str, Any], case: Case | None, problems: Problems
) -> list[str]:
    skill_field = _OLD_SKILL_FIELD if _OLD_SKILL_FIELD in fields else "skill"
    if "skill" in fields and _OLD_SKILL_FIELD in fields:
        problems.add(file, where, f"give skill or its old spelling {_OLD_SKILL_FIELD}, not both")
        return []
    if ("id" in fields) == (skill_field in fields):
        problems.add(
            file,
            where,
            "give either id (a task id like 'sources/town-gazette') or skill and articles, not "
            + ("both" if "id" in fields else "neither"),
        )
        return []
    if "id" in fields:
        if "articles" in fields:
            problems.add(file, f"{where}.articles", "only goes with skill, not with id")
        return _ids_by_id(file, f"{where}.id", fields["id"], case, problems)
    return _ids_by_skill(
        file, where, skill_field, fields[skill_field], fields.get("articles"), case, problems
    )


def _ids_by_id(
    file: str, where: str, task_id: str, case: Case | None, problems: Problems
) -> list[str]:
    """One task named by its id (``id = "sources/kyiv-post"``), if the case has it (an
    article's former id is read as its current one)."""
    if case is not None:
        task_id = current_task_id(case, task_id)
    skill_id, target = split_task_id(task_id)
    if not re.match(r"^[a-z0-9-]+/[a-z0-9]+(?:-[a-z0-9]+)*$", task_id):
        problems.add(
            file,
            where,
            f"{task_id!r} must look like '<skill>/<target>', e.g. 'sources/kyiv-post'",
        )
        return []
    skill = SKILLS.get(skill_id)
    if skill is None:
        problems.add(
            file,
            where,
            f"{task_id!r}: unknown skill {skill_id!r}; skills are: {', '.join(SKILLS)}",
        )
        return []
    valid = _targets(skill, case)
    if case is not None and valid and target not in valid:
        what = "articles and questions" if skill.article_tasks else "its tasks"
        problems.add(
            file,
            where,
            f"{task_id!r}: skill {skill_id!r} has no task {target!r}; {what} are: "
            + ", ".join(valid),
        )
        return []
    return [task_id]


def _ids_by_skill(
    file: str,
    where: str,
    skill_field: str,
    skill_id: str,
    articles: object,
    case: Case | None,
    problems: Problems,
) -> list[str]:
    """The tasks of one skill on some or all articles (``skill = "sources"``, ``articles =
    "all"``); ``skill_field`` is the field the file used (``skill`` or ``lesson``)."""
    skill = SKILLS[skill_id]
    if not skill.article_tasks:
        listed = ", ".join(f"{skill_id}/{t}" for t in skill.extra_targets) or f"{skill_id}/..."
        problems.add(
            file,
            f"{where}.{skill_field}",
            f"skill {skill_id!r} has no task per article; list its tasks by id instead: {listed}",
        )
        return []
    article_ids = case.article_ids if case else ()
    if articles is None:
        problems.add(file, f"{where}.articles", 'is missing; give a list of article ids, or "all"')
        return []
    if articles == "all":
        return [f"{skill_id}/{article_id}" for article_id in article_ids]
    if isinstance(articles, str) or not isinstance(articles, list) or not articles:
        problems.add(
            file,
            f"{where}.articles",
            f'must be "all" or a non-empty list of article ids, not {articles!r}',
        )
        return []
    ids = []
    for position, article_id in enumerate(articles):
        if isinstance(article_id, str) and case is not None:
            article_id = case.current_id(article_id)  # an exercise written before a rename
        if not isinstance(article_id, str) or (case is not None and article_id not in article_ids):
            problems.add(
                file,
                f"{where}.articles[{position}]",
                f"{article_id!r} is not an article of the case study; articles are: {', '.join(article_ids)}",
            )
            continue
        ids.append(f"{skill_id}/{article_id}")
    return ids


def _targets(skill: Skill, case: Case | None) -> tuple[str, ...]:
    """The targets a skill's task ids may name (only its own targets without a case)."""
    return skill.targets(case) if case is not None else skill.extra_targets


def _parse_notebooks(file: str, value: object, problems: Problems) -> tuple[str, ...] | None:
    if value is None:
        return None
    if value == "all":
        return ("all",)
    if isinstance(value, str) or not isinstance(value, list) or not value:
        problems.add(
            file, "notebooks", f'must be "all" or a list of notebook file names, not {value!r}'
        )
        return None
    names = []
    for index, name in enumerate(value):
        if not isinstance(name, str) or not _NOTEBOOK_NAME.match(name):
            problems.add(
                file,
                f"notebooks[{index}]",
                f"{name!r} must be a notebook file name like '02_trace_the_sources.ipynb'",
            )
            continue
        names.append(name)
    return tuple(names)
