"""The capstone: its rules as validated data, the brief's checker, and "one article end to end"
judged by the lessons' own checkers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lessons import tasks
from lessons.capstone import (
    check_answer,
    check_article,
    check_brief,
    default_capstone,
    load_capstone,
    names_in,
)
from lessons.casestudy import Case
from lessons.reliability import ReliabilityKey
from lessons.skills import load_case, load_seed_case
from lessons.sources import sources_key
from lessons.validation import DataFileError
from tests.cases import GOOD_BRIEF, copy_case, expert_rating, expert_trace


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def brief(text: str) -> dict[str, str]:
    return {"text": text}


def item(feedback: Any, label_start: str) -> Any:
    found = [i for i in feedback.items if i.label.startswith(label_start)]
    assert len(found) == 1, [i.label for i in feedback.items]
    return found[0]


# --- the rules --------------------------------------------------------------------------------


def test_the_shipped_rules_ask_for_100_to_150_words_and_carry_a_rubric() -> None:
    rules = default_capstone()
    assert (rules.brief.min_words, rules.brief.max_words) == (100, 150)
    assert rules.max_score == 5
    assert {row.id for row in rules.rubric if row.checked} >= {"origin", "hedges", "correction"}
    assert any(not row.checked for row in rules.rubric)  # some of it is the teacher's alone


def test_a_broken_rules_file_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "capstone.toml"
    path.write_text(
        """format = 1
[brief]
min_words = 200
max_words = 150
attribution_categories = ["said-words"]
hedge_categories = ["distancing"]
min_attributions = 2
min_hedges = -1
colour = "red"
[points]
length = -1
attribution = 1
origin = 1
hedges = 1
[[rubric]]
id = "x"
label = "X"
""",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as raised:
        load_capstone(path)
    text = str(raised.value)
    for expected in (
        "capstone.toml: brief.colour: unknown field",
        "brief.attribution_categories[0]: 'said-words' is not a category of the hedge lexicon",
        "brief.min_hedges: must be 0 or more, not -1",
        "brief.max_words: must be at least min_words",
        "points.correction: is missing",
        "points.length: must be 0 or more, not -1",
        "rubric[0].strong: is missing",
        "rubric: needs at least one row",
    ):
        assert expected in text


# --- the brief ----------------------------------------------------------------------------------


def test_a_brief_that_does_everything_checked_gets_full_marks(case: Case) -> None:
    feedback = check_brief(case, brief(GOOD_BRIEF))
    assert feedback.is_valid and feedback.score == feedback.max_score == 5
    assert feedback.level == 4
    assert item(feedback, "Length").label == "Length: 134 words"
    assert item(feedback, "Names where the claim began").label.endswith("REGNUM")
    assert "Newsweek, Russian Foreign Ministry" in item(feedback, "Reports who").explanation
    assert "“reported”" in item(feedback, "Says who claims what").explanation
    assert "“may”" in item(feedback, "Marks what is unconfirmed").explanation
    assert "your teacher grades the rest" in feedback.summary.lower()
    assert set(feedback.details["named"]) >= {"regnum", "korotchenko", "newsweek", "ny-post"}


def test_length_outside_the_limits(case: Case) -> None:
    long = check_brief(case, brief(GOOD_BRIEF + " It spread fast, and it spread far." * 3))
    length = item(long, "Length")
    assert length.verdict == "partly" and length.points == 0.5  # within a tenth of the limit
    assert "Cut 5 words" in length.explanation
    short = check_brief(case, brief("REGNUM reportedly said so, according to Newsweek."))
    assert item(short, "Length").verdict == "wrong" and short.level == 1
    assert short.next_step.startswith("The crucial piece still missing: add 93 words")


def test_a_brief_far_too_short_earns_half_for_everything_else(case: Case) -> None:
    text = "REGNUM reportedly said the offer was allegedly made, according to Newsweek."
    feedback = check_brief(case, brief(text))
    assert feedback.level == 1 and item(feedback, "Length").points == 0
    origin = item(feedback, "Names where the claim began")
    assert origin.verdict == "partly" and origin.points == 0.5
    assert "too short to do its job" in origin.explanation
    assert feedback.score == 2  # attribution, origin, hedges, correction: half of 4
    limit = default_capstone().brief.too_short_words
    longer = " ".join([text] * (limit // 10 + 1))
    assert item(check_brief(case, brief(longer)), "Names where the claim began").points == 1


def test_naming_only_the_outlets_that_passed_it_on_is_half_the_origin_point(case: Case) -> None:
    text = GOOD_BRIEF.replace("began with REGNUM, a", "was spread by a").replace(
        "probably REGNUM's", ""
    )
    feedback = check_brief(case, brief(text))
    origin = item(feedback, "Names where the claim began")
    assert origin.verdict == "partly" and origin.points == 0.5
    assert "Daily Mail" in origin.explanation and "where did it begin" in origin.explanation
    assert feedback.level == 3


def test_a_denial_without_a_name_is_half_the_correction_point(case: Case) -> None:
    text = GOOD_BRIEF.replace("Newsweek's fact-check found no evidence for it, and", "").replace(
        "Russia's Foreign Ministry called the reports fake", "Moscow denied the reports"
    )
    correction = item(check_brief(case, brief(text)), "Reports who checked or denied it")
    assert correction.verdict == "partly" and correction.points == 0.5
    nothing = check_brief(case, brief(text.replace("Moscow denied the reports", "it went on")))
    assert item(nothing, "Reports who checked").verdict == "missed"


def test_boosters_are_pointed_out_not_scored(case: Case) -> None:
    text = GOOD_BRIEF.replace("reported that North Korea had", "made it clear that North Korea had")
    feedback = check_brief(case, brief(text))
    note = item(feedback, "Words that sound sure")
    assert note.verdict == "note" and note.max_points == 0 and "“made it clear”" in note.label


def test_no_attribution_and_no_hedges_are_named_as_missing(case: Case) -> None:
    flat = " ".join(["North Korea sends 100,000 soldiers to Russia in exchange for grain."] * 10)
    feedback = check_brief(case, brief(flat))
    assert item(feedback, "Says who claims what").verdict == "wrong"
    assert item(feedback, "Marks what is unconfirmed").verdict == "wrong"
    assert item(feedback, "Names where the claim began").verdict == "missed"
    assert feedback.score == 1  # the length is right, nothing else
    assert feedback.next_step == (
        "The crucial piece still missing: say who made each claim: an attribution such as "
        "“according to” or “said”."
    )


def test_without_a_sources_key_only_length_attribution_and_hedges_are_checked(
    tmp_path: Path,
) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=()))
    feedback = check_brief(case, brief(GOOD_BRIEF))
    assert feedback.score == feedback.max_score == 3
    assert [i.label.split(":")[0] for i in feedback.items] == [
        "Length",
        "Says who claims what",
        "Marks what is unconfirmed",
    ]


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (None, "empty or damaged"),
        ("North Korea", "empty or damaged"),
        ({}, "Write your brief in the box first"),
        ({"text": "   "}, "Write your brief in the box first"),
        ({"text": 42}, "must be text"),
        ({"text": "x", "title": "y"}, "a part the checker does not know"),
        ({"text": "word " * 5000}, "far longer than a news brief"),
    ],
)
def test_bad_briefs_get_one_plain_sentence(case: Case, answer: object, sentence: str) -> None:
    feedback = check_brief(case, answer)
    assert not feedback.is_valid and sentence in str(feedback) and feedback.max_score == 5


def test_tasks_route_to_the_capstone(case: Case) -> None:
    assert tasks.check(case, "capstone/brief", brief(GOOD_BRIEF)) == check_brief(
        case, brief(GOOD_BRIEF)
    )
    unknown = check_answer(case, "essay", brief("x"))
    assert not unknown.is_valid and "capstone/article, capstone/brief" in str(unknown)


def test_names_are_found_forgivingly(case: Case, tmp_path: Path) -> None:
    found = names_in(case, "As the N.Y. Post and Regum said")
    assert set(found) == {"ny-post", "regnum"} and found["regnum"] == "Regum"
    assert names_in(case, "Nobody named here.") == {}
    assert names_in(load_case(copy_case(tmp_path / "case", keys=())), "REGNUM") == {}


# --- one article end to end -------------------------------------------------------------------


def perfect_answers(case: Case, article_id: str) -> dict[str, dict[str, Any]]:
    hedge_key = case.key("hedges").article(article_id)
    reliability = case.key("reliability")
    assert isinstance(reliability, ReliabilityKey)
    return {
        f"sources/{article_id}": expert_trace(sources_key(case), article_id),
        f"hedges/{article_id}": {"spans": [[s.start, s.end, s.category] for s in hedge_key.spans]},
        f"reliability/{article_id}": expert_rating(reliability, article_id),
    }


def test_the_article_is_judged_by_the_three_lessons_own_checkers(case: Case) -> None:
    answers = perfect_answers(case, "news-blog")
    feedback = check_article(case, {"article": "news-blog"}, answers)
    assert feedback.is_valid and feedback.score == feedback.max_score == 3
    assert [i.label.split(":")[0] for i in feedback.items] == [
        "Trace the sources",
        "Find the hedges",
        "Rate the reliability",
    ]
    assert all(i.verdict == "right" for i in feedback.items)
    assert feedback.next_step.startswith("All three skills are done.")
    routed = tasks.check(case, "capstone/article", {"article": "news-blog"}, answers)
    assert routed == feedback


def test_what_is_not_done_yet_is_listed(case: Case) -> None:
    answers = perfect_answers(case, "kyiv-post")
    del answers["hedges/kyiv-post"]
    answers["reliability/kyiv-post"] = {"levels": "all met"}
    feedback = check_article(case, {"article": "kyiv-post"}, answers)
    assert feedback.score == 1
    assert item(feedback, "Find the hedges").verdict == "missed"
    rating = item(feedback, "Rate the reliability")
    assert rating.verdict == "missed" and rating.explanation  # the checker's own sentence
    assert feedback.next_step == (
        "Still to do for Kyiv Post: find the hedges, rate the reliability."
    )
    nothing = check_article(case, {"article": "kyiv-post"}, None)
    assert nothing.score == 0 and nothing.max_score == 3


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ({}, "Pick the article you will work on first."),
        ({"article": ""}, "Pick the article you will work on first."),
        (
            {"article": "the-moon"},
            "There is no article called 'the-moon'. Choose one of: kyiv-post",
        ),
        ({"article": "kyiv-post", "x": 1}, "damaged"),
        ([], "damaged"),
    ],
)
def test_bad_article_answers_get_one_plain_sentence(
    case: Case, answer: object, sentence: str
) -> None:
    feedback = check_article(case, answer, {})
    assert not feedback.is_valid and sentence in str(feedback)


def test_the_capstone_releases_as_an_assessment_with_no_key_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lessons.cli import main

    assert main(["release", "capstone", "--out", str(tmp_path / "class")]) == 0
    notebook = (tmp_path / "class" / "06_capstone.ipynb").read_text(encoding="utf-8")
    assert "lessons.write_brief()" in notebook and "practice-only" not in notebook
    assert "No answer-key text is in the folder" in capsys.readouterr().out


def test_vague_sourcing_does_not_count_as_saying_who(case: Case) -> None:
    text = (
        "Experts say North Korea offered 100,000 soldiers. Sources say Russia agreed. "
        "It may be true, and it might not be."
    )
    feedback = check_brief(case, brief(text))
    who = item(feedback, "Says who claims what")
    assert who.verdict == "wrong" and who.points == 0
    assert "“Experts say”" in who.explanation and "does not say who" in who.explanation
