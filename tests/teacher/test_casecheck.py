"""What a case is ready for: tasks per lesson, the key files the others need, and totals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessons.skills import SKILLS, load_case, load_seed_case
from lessons.teacher import casecheck
from lessons.teacher.casecheck import (
    ReliabilityTotal,
    TaskReadiness,
    readiness,
    reliability_totals,
    report,
)
from tests.cases import copy_case


def test_every_task_of_the_seed_case_is_ready() -> None:
    lessons = readiness(load_seed_case())
    assert [lesson.skill_id for lesson in lessons] == list(SKILLS)
    assert [lesson.notebook for lesson in lessons] == ["01", "02", "03", "04", "05", "06"]
    for lesson in lessons:
        assert lesson.tasks and not lesson.not_ready, lesson.skill_id


def test_a_case_without_keys_says_which_key_file_each_task_needs(tmp_path: Path) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=()))
    by_skill = {lesson.skill_id: lesson for lesson in readiness(case)}
    assert len(by_skill["reading"].ready) == 5
    assert by_skill["capstone"].ready == ("capstone/article", "capstone/brief")
    assert {t.needs for t in by_skill["sources"].tasks} == {("key/sources.toml",)}
    assert {t.needs for t in by_skill["hedges"].tasks} == {("key/hedges.toml",)}
    assert by_skill["reliability"].ready == ("reliability/how-sure-now",)
    needs = {t.task_id: t.needs for t in by_skill["spread"].tasks}
    assert needs["spread/how-many-sources"] == ("key/spread.toml", "key/sources.toml")
    assert needs["spread/what-next"] == ("key/spread.toml",)


def test_spread_questions_read_off_a_chart_need_the_sources_key(tmp_path: Path) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=("spread", "hedges")))
    spread = next(lesson for lesson in readiness(case) if lesson.skill_id == "spread")
    assert spread.ready == ("spread/what-next",)
    assert {t.reason() for t in spread.not_ready} == {"needs key/sources.toml"}


def test_a_key_that_leaves_an_article_out_says_so(tmp_path: Path) -> None:
    folder = copy_case(tmp_path / "case", keys=("hedges",))
    text = (folder / "key" / "hedges.toml").read_text(encoding="utf-8")
    # drop the key's table for one article (the key may leave articles out)
    start = text.index("[articles.tyler-durden]")
    end = text.index("\n[articles.", start + 1) + 1
    (folder / "key" / "hedges.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    hedges = next(lesson for lesson in readiness(load_case(folder)) if lesson.skill_id == "hedges")
    (gap,) = hedges.not_ready
    assert gap.task_id == "hedges/tyler-durden"
    assert gap.reason() == "key/hedges.toml has no entry for 'tyler-durden'"


def test_reliability_totals_are_the_expert_levels_against_each_band() -> None:
    totals = {t.article_id: t for t in reliability_totals(load_seed_case())}
    assert list(totals) == list(load_seed_case().article_ids)
    for total in totals.values():
        assert total.inside and total.band[0] <= total.total <= total.band[1]


def test_no_totals_without_a_reliability_key(tmp_path: Path) -> None:
    assert reliability_totals(load_case(copy_case(tmp_path / "case", keys=()))) == ()


def test_report_lists_lessons_then_totals_and_flags_a_total_outside_its_band(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=("reliability",)))
    lines = report(case)
    assert "  01 Read like a fact-checker: all 5 tasks ready" in lines
    assert "  02 Trace the sources: 0 of 5 tasks ready" in lines
    assert any(re.fullmatch(r"  tyler-durden: total \d+, band \d+-\d+", line) for line in lines)
    monkeypatch.setattr(
        casecheck, "reliability_totals", lambda _case: (ReliabilityTotal("x", 31, (40, 60)),)
    )
    assert report(case)[-1] == "  x: total 31, band 40-60  <- OUTSIDE the band"


def test_a_task_is_ready_only_without_needs_or_gap() -> None:
    assert TaskReadiness("reading/x").ready
    assert not TaskReadiness("sources/x", needs=("key/sources.toml",)).ready
    assert not TaskReadiness("hedges/x", gap="key/hedges.toml has no entry for 'x'").ready
