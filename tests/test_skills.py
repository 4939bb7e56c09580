"""The skill registry: every skill declared once, complete, and what lists skills reads it."""

from __future__ import annotations

import inspect

import pytest

from lessons import skills
from lessons.casestudy import Case
from lessons.resources import seed_case_dir
from lessons.skills import (
    CONTEXT_NOTEBOOKS,
    CONTEXT_TITLES,
    KEY_PARSERS,
    SKILLS,
    Chart,
    load_case,
    load_seed_case,
)
from lessons.unit import lesson_stems

CASE = load_seed_case()


def test_skills_are_keyed_by_their_own_id_in_teaching_order() -> None:
    assert list(SKILLS) == ["reading", "sources", "hedges", "reliability", "spread", "capstone"]
    for skill_id, skill in SKILLS.items():
        assert skill.id == skill_id
        assert skill_id.isidentifier() and skill_id == skill_id.lower()
    notebooks = [skill.notebook for skill in SKILLS.values()]
    assert notebooks == sorted(notebooks)


@pytest.mark.parametrize("skill_id", list(SKILLS))
def test_every_skill_has_a_checker_with_the_one_signature(skill_id: str) -> None:
    parameters = inspect.signature(SKILLS[skill_id].check).parameters
    assert list(parameters)[:4] == ["case", "target", "answer", "answers"]
    assert parameters["answers"].default is None
    rest = list(parameters.values())[4:]
    assert all(p.default is not inspect.Parameter.empty for p in rest)


@pytest.mark.parametrize("skill_id", list(SKILLS))
def test_every_skill_has_a_title_a_notebook_and_targets(skill_id: str) -> None:
    skill = SKILLS[skill_id]
    assert skill.title.strip() and skill.title[0].isupper()
    assert len(skill.notebook) == 2 and skill.notebook.isdigit()
    notebooks = [stem for stem in lesson_stems() if stem.startswith(f"{skill.notebook}_")]
    assert len(notebooks) == 1, notebooks
    targets = skill.targets(CASE)
    assert targets, "a skill with no task could never be checked"
    assert len(set(targets)) == len(targets)
    if skill.article_tasks:
        assert targets[: len(CASE.article_ids)] == CASE.article_ids
    else:
        assert not set(targets) & set(CASE.article_ids)
    assert skills.task_ids(CASE, skill_id) == [f"{skill_id}/{target}" for target in targets]


def test_no_two_skills_or_context_lessons_share_an_id_a_title_or_a_notebook() -> None:
    ids = [*SKILLS, *CONTEXT_TITLES]
    titles = [skill.title for skill in SKILLS.values()] + list(CONTEXT_TITLES.values())
    notebooks = [skill.notebook for skill in SKILLS.values()] + list(CONTEXT_NOTEBOOKS.values())
    for values in (ids, titles, notebooks):
        assert len(set(values)) == len(values), values
    assert set(CONTEXT_NOTEBOOKS) == set(CONTEXT_TITLES)


def test_key_parsers_are_the_skills_with_a_key_file() -> None:
    assert list(KEY_PARSERS) == [s.id for s in SKILLS.values() if s.parse_key is not None]
    seed_keys = {path.stem for path in (seed_case_dir() / "key").glob("*.toml")}
    assert set(KEY_PARSERS) == seed_keys
    assert set(CASE.keys) == seed_keys
    assert not load_seed_case(with_keys=False).keys


def test_every_chart_is_described_and_drawn_from_a_case() -> None:
    for skill in SKILLS.values():
        for name, chart in skill.charts.items():
            assert isinstance(chart, Chart) and name.isidentifier()
            assert chart.description.strip() and not chart.description.endswith(".")
            assert list(inspect.signature(chart.draw).parameters) == ["case"]


@pytest.mark.parametrize(
    ("task_id", "expected"),
    [
        ("sources/kyiv-post", "Trace the sources: Kyiv Post"),
        ("reliability/how-sure-now", "Rate the reliability: how-sure-now"),
        ("spread/what-next", "How the claim spread: What happened next, and what it proves"),
        ("capstone/brief", "Capstone: The corrected news brief"),
        ("start/confidence", "Before you start: confidence"),
        ("gossip/kyiv-post", "gossip: Kyiv Post"),
        ("gossip/rumour", "gossip: rumour"),
    ],
)
def test_task_title_names_the_skill_and_the_article_or_target(task_id: str, expected: str) -> None:
    assert skills.task_title(CASE, task_id) == expected


def test_lookups_by_id() -> None:
    assert skills.lookup("hedges") is SKILLS["hedges"]
    assert skills.lookup("start") is None and skills.lookup("gossip") is None
    assert skills.title("spread") == "How the claim spread"
    assert skills.title("start") == "Before you start"
    assert skills.title("gossip") == "gossip"
    assert skills.notebook("sources") == "02"
    assert skills.notebook("start") == "00"
    assert skills.notebook("gossip") is None


def test_a_case_loads_with_every_key_or_none() -> None:
    case = load_case(seed_case_dir())
    assert isinstance(case, Case)
    assert case.article_ids == CASE.article_ids
    assert set(case.keys) == set(KEY_PARSERS)
    assert not load_case(seed_case_dir(), with_keys=False).keys


def test_each_skill_says_which_key_files_its_tasks_need() -> None:
    assert SKILLS["reading"].needs("kyiv-post") == ()
    assert SKILLS["capstone"].needs("brief") == ()
    assert SKILLS["sources"].needs("kyiv-post") == ("sources",)
    assert SKILLS["reliability"].needs("kyiv-post") == ("reliability",)
    assert SKILLS["reliability"].needs("how-sure-now") == ()
    assert SKILLS["spread"].needs("how-many-sources") == ("spread", "sources")
    assert SKILLS["spread"].needs("what-next") == ("spread",)
    for skill in SKILLS.values():
        for target in skill.also_needs:
            assert target in skill.extra_targets, (skill.id, target)
        for name in (n for t in skill.targets(CASE) for n in skill.needs(t)):
            assert name in KEY_PARSERS, (skill.id, name)
