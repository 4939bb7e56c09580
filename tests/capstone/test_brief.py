"""The corrected news brief's checker: length, attribution, hedges, the origin and who checked
it, judged from the case's keys; the rest is the teacher's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lessons.capstone import check_brief, default_capstone, names_in
from lessons.casestudy import Case
from lessons.skills import load_case, load_seed_case
from lessons.sources import sources_key
from tests.cases import GOOD_BRIEF, copy_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def brief(text: str) -> dict[str, str]:
    return {"text": text}


def item(feedback: Any, label_start: str) -> Any:
    found = [i for i in feedback.items if i.label.startswith(label_start)]
    assert len(found) == 1, [i.label for i in feedback.items]
    return found[0]


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


def test_a_source_that_named_none_is_not_said_to_have_passed_the_claim_on(case: Case) -> None:
    # The key accepts a chain ending at a source that named no source of its own (its link
    # back to the origin is an inference): the brief's feedback must not say it passed it on.
    key = sources_key(case)
    ends = [key.name(s) for s in key.also_origin]
    text = GOOD_BRIEF.replace("began with REGNUM, a", "was spread by a").replace(
        "probably REGNUM's", ""
    )
    origin = item(check_brief(case, brief(text)), "Names where the claim began")
    assert ends and all(
        f"You name {end}, who named no source" in origin.explanation for end in ends
    )
    assert not any(f"{end}, which passed" in origin.explanation for end in ends)
    assert origin.points == 0.5


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


def test_names_are_found_forgivingly(case: Case, tmp_path: Path) -> None:
    found = names_in(case, "As the N.Y. Post and Regum said")
    assert set(found) == {"ny-post", "regnum"} and found["regnum"] == "Regum"
    assert names_in(case, "Nobody named here.") == {}
    assert names_in(load_case(copy_case(tmp_path / "case", keys=())), "REGNUM") == {}


def test_vague_sourcing_does_not_count_as_saying_who(case: Case) -> None:
    text = (
        "Experts say North Korea offered 100,000 soldiers. Sources say Russia agreed. "
        "It may be true, and it might not be."
    )
    feedback = check_brief(case, brief(text))
    who = item(feedback, "Says who claims what")
    assert who.verdict == "wrong" and who.points == 0
    assert "“Experts say”" in who.explanation and "does not say who" in who.explanation


def test_quoted_code_and_quoted_words_with_no_source_are_no_hedges(case: Case) -> None:
    feedback = check_brief(case, brief("alert('x') is what 'nobody' said. " * 8))
    assert feedback.details["hedges"] == [] and feedback.details["attributions"] == []
    assert item(feedback, "Marks what is unconfirmed").points == 0
    assert feedback.score == 0 and feedback.level == 0
    assert feedback.to_text().startswith("Score: 0 out of 5 · level 0 of 4")


def test_a_long_nonsense_brief_scores_nothing_at_level_zero(case: Case) -> None:
    words = ["zorp", "'blick'", "flen", "said", "quibble", "'wug'", "dax"]
    text = " ".join(words[i % len(words)] for i in range(2000)) + "."
    feedback = check_brief(case, brief(text))
    assert feedback.is_valid and feedback.score == 0 and feedback.level == 0


def test_a_sentence_pasted_again_and_again_counts_once(case: Case) -> None:
    sentence = "REGNUM reportedly said it. "
    once = check_brief(case, brief(sentence))
    pasted = check_brief(case, brief(sentence * 30))
    assert pasted.details["hedges"] == once.details["hedges"] == ["reportedly"]
    assert pasted.details["attributions"] == once.details["attributions"] == ["said"]
    assert item(pasted, "Marks what is unconfirmed").verdict == "partly"
