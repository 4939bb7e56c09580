"""The teacher's key, generated from the key files: complete, with every reason, and its command."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.capstone import default_capstone
from lessons.casestudy import Case
from lessons.cli import main
from lessons.reading import page_lines
from lessons.skills import load_case, load_seed_case
from lessons.sources import sources_key
from lessons.spread import spread_key
from lessons.teacher.casecheck import reliability_totals
from lessons.teacher.key import KEY_HEADINGS, key_markdown
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


@pytest.fixture(scope="module")
def text(case: Case) -> str:
    return key_markdown(case)


def flat(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")


def test_every_skill_with_a_key_has_its_section_in_teaching_order(text: str) -> None:
    positions = [text.index(f"## {title}") for title in KEY_HEADINGS.values()]
    assert positions == sorted(positions)
    assert text.startswith("# The expert key: 100,000 North Korean")


def test_the_sources_key_is_complete_with_reasons(case: Case, text: str) -> None:
    key = sources_key(case)
    assert flat(key.origin_note) in text
    for entry in key.articles.values():
        assert flat(entry.immediate_note) in text
        for named in entry.named:
            assert f"“{flat(named.quote)}”" in text
            if named.garbled:
                assert flat(named.garbled) in text
        for distractor in entry.distractors:
            if distractor.note:
                assert flat(distractor.note) in text
    # a link known only by inference (Business Insider's unnamed "Russian news agencies")
    assert "Kyiv Post ← Business Insider ← (probably) REGNUM" in text
    assert "also accepted as complete: Right" not in text  # the student's words are adapted


def test_the_hedges_and_reliability_keys_are_complete_with_reasons(case: Case, text: str) -> None:
    hedges = case.key("hedges")
    for entry in hedges.articles.values():
        for span in entry.spans:
            if span.note:
                assert flat(span.note) in text
        for lookalike in entry.lookalikes:
            assert flat(lookalike.note) in text
    reliability = case.key("reliability")
    for entry in reliability.articles.values():
        assert f"**Expert band:** {entry.band[0]}-{entry.band[1]}." in text
        for criterion in entry.criteria.values():
            assert flat(criterion.reason) in text


def test_the_quiz_and_the_rubric_are_complete(case: Case, text: str) -> None:
    for question in spread_key(case).questions.values():
        assert f"### spread/{question.id}" in text and flat(question.hint) in text
        for choice in question.choices:
            assert flat(choice.why) in text
    for row in default_capstone().rubric:
        assert flat(row.strong) in text and flat(row.weak) in text


def test_a_case_without_keys_says_so(tmp_path: Path) -> None:
    text = key_markdown(load_case(copy_case(tmp_path / "case", keys=())))
    for skill in ("tracing sources", "finding hedges", "rating reliability", "the spread quiz"):
        assert f"This case has no key for {skill}" in text
    assert "## Lesson 06" in text  # the rubric ships with the package


def test_one_skill_and_unknown_skills(case: Case) -> None:
    only = key_markdown(case, ["spread"])
    assert "## Lesson 05" in only and "## Lesson 02" not in only
    with pytest.raises(ValueError, match="choose from: reading, sources, hedges"):
        key_markdown(case, ["tracing"])


def test_the_command_prints_or_writes_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["key", "--lesson", "spread"]) == 0
    printed = capsys.readouterr().out
    assert "### spread/what-next" in printed and "## Lesson 02" not in printed
    assert main(["key", "--skill", "spread", "--skill", "hedges"]) == 0
    both = capsys.readouterr().out
    assert "## Lesson 05" in both and "## Lesson 03" in both and "## Lesson 02" not in both
    out = tmp_path / "guide" / "key.md"
    assert main(["key", str(copy_case(tmp_path / "case")), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("## Lesson") == len(KEY_HEADINGS)
    assert f"Wrote the key of 'nk-volunteers-2022' to {out}." in capsys.readouterr().out
    broken = copy_case(tmp_path / "broken")
    (broken / "key" / "spread.toml").write_text("format = 1\nquestions = 3\n")
    assert main(["key", str(broken)]) == 2
    assert "key/spread.toml: questions: must be a list" in capsys.readouterr().err


def test_the_headings_name_each_lesson_by_its_notebook_and_skill() -> None:
    assert dict(KEY_HEADINGS) == {
        "reading": "Lesson 01: Read like a fact-checker (from case.toml)",
        "sources": "Lesson 02: Trace the sources",
        "hedges": "Lesson 03: Find the hedges",
        "reliability": "Lesson 04: Rate the reliability",
        "spread": "Lesson 05: How the claim spread",
        "capstone": "Lesson 06: The corrected news brief (rubric)",
    }


def test_lesson_01_key_lists_furniture_lines_dates_and_translations(case: Case, text: str) -> None:
    section = text[text.index("## Lesson 01") : text.index("## Lesson 02")]
    for article in case.articles:
        assert f"### {article.outlet}" in section
        # who published it, which may answer the task, is the key's and the feedback's only
        assert f"**Who published it** (shown after the task): {article.published_by} " in section
        for line in page_lines(article):
            if line.kind is not None:
                assert f"| {line.number} | “{flat(line.short)}”" in section
        if article.shown_date_note:
            assert flat(article.shown_date_note) in flat(section)
    assert "| 1 | “North Korea Willing To Send Russia 100,000 Troops" in section
    assert "either answer counts" in section and "not the article (mark it)" in section
    assert (
        "**Date:** The page shows a date, but it is not when the article was published (shown: 2022-09-26)."
        in section
    )
    assert "**Translation:** yes, of Il Messaggero (it, 2022-08-05)." in section
    assert section.count("**Translation:** no.") == len(case.articles) - 1


def test_lesson_04_key_ends_with_the_expert_totals_in_order(case: Case, text: str) -> None:
    section = text[text.index("## Lesson 04") : text.index("## Lesson 05")]
    order = section[section.index("### The expert totals and ordering") :]
    totals = sorted(reliability_totals(case), key=lambda item: -item.total)
    outlets = {article.id: article.outlet for article in case.articles}
    positions = [order.index(f"| {outlets[item.article_id]} | {item.total} |") for item in totals]
    assert positions == sorted(positions)
    assert "Kyiv Post (55-70) and Tyler Durden" in order  # overlapping bands are named
    assert "The Deep Dive (75-95) and" not in order  # the Deep Dive's band overlaps none


def test_a_case_without_the_reliability_key_has_no_totals(tmp_path: Path) -> None:
    text = key_markdown(
        load_case(copy_case(tmp_path / "case", keys=())), ["reading", "reliability"]
    )
    assert "The expert totals" not in text and "### Kyiv Post" in text
