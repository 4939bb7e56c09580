"""Exercise files: the shipped ones load; a teacher's mistakes are all reported at once,
each naming the file, the field and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.resources import seed_case_dir
from lessons.skills import SKILLS, load_seed_case
from lessons.teacher.exercises import find_exercise, load_exercise, shipped_exercises
from lessons.validation import DataFileError

CASE = load_seed_case(with_keys=False)
#: The skills with one task per article, as the registry says.
ARTICLE_SKILLS = tuple(skill.id for skill in SKILLS.values() if skill.article_tasks)


def write(tmp_path: Path, text: str, name: str = "my-quiz.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataFileError) as error:
        load_exercise(path)
    return [str(problem) for problem in error.value.problems]


def test_the_unit_and_a_quiz_per_skill_are_shipped() -> None:
    names = shipped_exercises()
    assert "full-unit" in names
    for skill in ARTICLE_SKILLS:
        assert f"quiz-{skill}" in names


@pytest.mark.parametrize("name", shipped_exercises())
def test_every_shipped_exercise_loads(name: str) -> None:
    exercise = load_exercise(name)
    assert exercise.id == name
    assert exercise.tasks and exercise.maximum > 0
    for task in exercise.tasks:
        if task.skill in ARTICLE_SKILLS and task.target in CASE.article_ids:
            assert task.points > 0


def test_the_full_unit_covers_every_article_in_every_skill() -> None:
    exercise = load_exercise("full-unit")
    assert exercise.mode == "practice"
    for skill in ARTICLE_SKILLS:
        for article_id in CASE.article_ids:
            assert f"{skill}/{article_id}" in exercise.task_ids


@pytest.mark.parametrize("skill", ARTICLE_SKILLS)
def test_each_quiz_is_one_lesson_in_assessment_mode(skill: str) -> None:
    exercise = load_exercise(f"quiz-{skill}")
    assert exercise.mode == "assessment"
    assert exercise.skills == (skill,)
    assert exercise.task_ids == tuple(f"{skill}/{a}" for a in CASE.article_ids)


def test_tasks_by_id_and_by_skill_and_articles(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        format = 1
        title = "Two ways to name tasks"
        mode = "practice"
        [[tasks]]
        skill = "reliability"
        articles = ["tyler-durden", "news-blog"]
        points = 4
        [[tasks]]
        id = "reliability/kyiv-post"
        points = 2.5
        [[tasks]]
        id = "reliability/deep-dive"
        """,
    )
    exercise = load_exercise(path)
    assert exercise.id == "my-quiz"
    assert exercise.task_ids == (
        "reliability/tyler-durden",
        "reliability/news-blog",
        "reliability/kyiv-post",
        "reliability/deep-dive",
    )
    assert [task.points for task in exercise.tasks] == [4, 4, 2.5, 10]
    assert exercise.maximum == 20.5
    assert exercise.case_dir == seed_case_dir()


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        format = 2
        mode = "exam"
        colour = "blue"
        [[tasks]]
        skill = "sources"
        articles = ["kyiv-post", "daily-mail"]
        [[tasks]]
        id = "gossip/kyiv-post"
        [[tasks]]
        id = "reliability/kyiv-post"
        points = 0
        [[tasks]]
        skill = "reliability"
        id = "reliability/tyler-durden"
        [[tasks]]
        skill = "reliability"
        [[tasks]]
        id = "reliability/the-sun"
        [[tasks]]
        skill = "reliability"
        articles = "all"
        points = 5
        [[tasks]]
        id = "reliability/tyler-durden"
        """,
    )
    problems = problems_of(path)
    text = "\n".join(problems)
    expected = [
        "my-quiz.toml: format: must be one of: 1, not 2",
        "my-quiz.toml: mode: must be one of: 'practice', 'assessment', not 'exam'",
        "my-quiz.toml: colour: unknown field; allowed fields are: format, title, description, "
        "case, mode, notebooks, tasks",
        "my-quiz.toml: title: is missing",
        "my-quiz.toml: tasks[0].articles[1]: 'daily-mail' is not an article of the case study; "
        "articles are: kyiv-post, spark-chronicles, tyler-durden, news-blog, deep-dive",
        "my-quiz.toml: tasks[1].id: 'gossip/kyiv-post': unknown skill 'gossip'; skills are: "
        "reading, sources, hedges, reliability, spread, capstone",
        "my-quiz.toml: tasks[2].points: must be a number above 0",
        "my-quiz.toml: tasks[3]: give either id",
        "my-quiz.toml: tasks[4].articles: is missing",
        "my-quiz.toml: tasks[5].id: 'reliability/the-sun': skill 'reliability' has no task "
        "'the-sun'; articles and questions are: kyiv-post, spark-chronicles, tyler-durden, "
        "news-blog, deep-dive",
        "my-quiz.toml: tasks[7]: task 'reliability/tyler-durden' is already in tasks[6]",
    ]
    for line in expected:
        assert line in text, f"missing problem: {line}\n--- got:\n{text}"


def test_a_teachers_own_case_folder_is_found_relative_to_the_file(tmp_path: Path) -> None:
    case_dir = tmp_path / "cases" / "mine"
    case_dir.mkdir(parents=True)
    for source in seed_case_dir().glob("*.txt"):
        (case_dir / source.name).write_bytes(source.read_bytes())
    (case_dir / "case.toml").write_text(
        (seed_case_dir() / "case.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    path = write(
        exercises,
        'format = 1\ntitle = "Mine"\nmode = "practice"\ncase = "../cases/mine"\n'
        '[[tasks]]\nid = "reliability/deep-dive"\n',
    )
    exercise = load_exercise(path)
    assert exercise.case_dir == case_dir.resolve()
    assert not exercise.case_is_seed

    broken = write(
        exercises,
        'format = 1\ntitle = "Lost"\nmode = "practice"\ncase = "../cases/nowhere"\n'
        '[[tasks]]\nid = "reliability/deep-dive"\n',
        name="lost.toml",
    )
    assert any(
        "lost.toml: case: the case study '../cases/nowhere'" in p for p in problems_of(broken)
    )


def test_an_unknown_exercise_lists_the_shipped_ones() -> None:
    with pytest.raises(DataFileError) as error:
        find_exercise("quiz-astrology")
    message = str(error.value)
    assert "quiz-astrology" in message and "full-unit" in message and "quiz-hedges" in message


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "format = = 1")
    assert any(p.startswith("my-quiz.toml: (file): is not valid TOML") for p in problems_of(path))


def test_notebooks_default_to_the_first_lesson_and_the_task_lessons(tmp_path: Path) -> None:
    available = [
        "00_start_here.ipynb",
        "01_the_claim.ipynb",
        "02_trace_the_sources.ipynb",
        "03_find_the_hedges.ipynb",
        "04_rate_reliability.ipynb",
    ]
    quiz = load_exercise("quiz-reliability")
    assert quiz.notebook_names(available) == (
        ["00_start_here.ipynb", "04_rate_reliability.ipynb"],
        [],
    )
    chosen, missing = quiz.notebook_names(["00_start_here.ipynb"])
    assert chosen == ["00_start_here.ipynb"]
    assert missing == ["the notebook of 'reliability' (04_*.ipynb)"]
    path = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\nnotebooks = ["01_the_claim.ipynb", "x.ipynb"]\n'
        '[[tasks]]\nid = "reliability/deep-dive"\n',
    )
    assert load_exercise(path).notebook_names(available) == (["01_the_claim.ipynb"], ["x.ipynb"])
    every = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\nnotebooks = "all"\n'
        '[[tasks]]\nid = "reliability/deep-dive"\n[[tasks]]\nid = "sources/deep-dive"\n',
        name="every.toml",
    )
    without_02 = [n for n in available if not n.startswith("02_")]
    assert load_exercise(every).notebook_names(without_02) == (
        without_02,
        ["the notebook of 'sources' (02_*.ipynb)"],
    )
    bad = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\nnotebooks = ["../evil.ipynb"]\n'
        '[[tasks]]\nid = "reliability/deep-dive"\n',
        name="bad.toml",
    )
    assert any("bad.toml: notebooks[0]: '../evil.ipynb'" in p for p in problems_of(bad))


def test_a_skill_without_article_tasks_is_listed_by_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\n'
        '[[tasks]]\nskill = "spread"\narticles = "all"\n'
        '[[tasks]]\nid = "spread/kyiv-post"\n',
    )
    problems = problems_of(path)
    assert any(
        p.startswith(
            "my-quiz.toml: tasks[0].skill: skill 'spread' has no task per article; "
            "list its tasks by id instead: spread/"
        )
        for p in problems
    ), problems
    assert any(p.startswith("my-quiz.toml: tasks[1].id: 'spread/kyiv-post'") for p in problems)


def test_lesson_is_still_read_as_the_old_spelling_of_skill(tmp_path: Path) -> None:
    old = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\n'
        '[[tasks]]\nlesson = "hedges"\narticles = ["tyler-durden"]\n'
        '[[tasks]]\nlesson = "spread"\narticles = "all"\n',
    )
    listed = ", ".join(f"spread/{target}" for target in SKILLS["spread"].extra_targets)
    assert problems_of(old) == [
        "my-quiz.toml: tasks[1].lesson: skill 'spread' has no task per article; list its "
        f"tasks by id instead: {listed}"
    ]
    old.write_text(
        'format = 1\ntitle = "t"\nmode = "practice"\n'
        '[[tasks]]\nlesson = "hedges"\narticles = ["tyler-durden"]\n',
        encoding="utf-8",
    )
    assert load_exercise(old).task_ids == ("hedges/tyler-durden",)
    both = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\n'
        '[[tasks]]\nskill = "hedges"\nlesson = "hedges"\narticles = "all"\n',
        name="both.toml",
    )
    assert problems_of(both) == [
        "both.toml: tasks[0]: give skill or its old spelling lesson, not both"
    ]
    unknown = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\n'
        '[[tasks]]\nlesson = "gossip"\narticles = "all"\n',
        name="unknown.toml",
    )
    assert (
        "unknown.toml: tasks[0].lesson: must be one of: 'reading', 'sources', 'hedges', "
        "'reliability', 'spread', 'capstone', not 'gossip'"
    ) in problems_of(unknown)


def test_the_full_units_title_names_every_skill_it_grades() -> None:
    from lessons.skills import task_title
    from lessons.skills import title as skill_title

    unit = load_exercise("full-unit")
    title = unit.title.casefold()
    for task_id in unit.task_ids:
        skill = task_id.split("/")[0]
        target = task_title(load_seed_case(), task_id).split(": ", 1)[1]
        assert skill_title(skill).casefold() in title or target.casefold() in title, task_id


DEADLINE_QUIZ = """
format = 1
title = "A quiz with a deadline"
mode = "assessment"
{deadline}
[[tasks]]
skill = "reliability"
articles = "all"
"""


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2026-12-10T09:00:00Z", "2026-12-10T09:00:00+00:00"),
        ("2026-12-10T10:00:00+01:00", "2026-12-10T09:00:00+00:00"),
        ("2026-12-10T09:00:00", "2026-12-10T09:00:00+00:00"),  # no zone: UTC
        ("2026-12-10", "2026-12-10T23:59:59+00:00"),  # a date alone: the end of that day
    ],
)
def test_a_deadline_is_a_moment_in_utc(tmp_path: Path, written: str, meant: str) -> None:
    path = write(tmp_path, DEADLINE_QUIZ.format(deadline=f"deadline = {written}"))
    deadline = load_exercise(path).deadline
    assert deadline is not None and deadline.isoformat() == meant


def test_an_exercise_without_a_deadline_has_none(tmp_path: Path) -> None:
    assert load_exercise(write(tmp_path, DEADLINE_QUIZ.format(deadline=""))).deadline is None


@pytest.mark.parametrize("written", ['"2026-12-10"', "09:00:00", "20261210"])
def test_a_deadline_that_is_not_a_date_names_the_field_and_the_form(
    tmp_path: Path, written: str
) -> None:
    problems = problems_of(write(tmp_path, DEADLINE_QUIZ.format(deadline=f"deadline = {written}")))
    assert len(problems) == 1
    assert problems[0].startswith("my-quiz.toml: deadline: must be a date")


def test_an_exercise_written_before_an_article_was_renamed_still_loads(tmp_path: Path) -> None:
    old = write(
        tmp_path,
        'format = 1\ntitle = "t"\nmode = "practice"\n'
        '[[tasks]]\nskill = "hedges"\narticles = ["zerohedge", "kyiv-post"]\n'
        '[[tasks]]\nid = "sources/il-messaggero"\n',
    )
    assert load_exercise(old).task_ids == (
        "hedges/tyler-durden",
        "hedges/kyiv-post",
        "sources/spark-chronicles",
    )
