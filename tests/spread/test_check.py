"""The lesson 05 quiz checker: it teaches without giving answers away, and bad answers get one
plain sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons import tasks
from lessons.casestudy import Case
from lessons.feedback import Feedback
from lessons.skills import load_case, load_seed_case
from lessons.spread import QUESTION_IDS, check_answer, choice_label, question, task_ids
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def picks(*choice_ids: str) -> dict[str, list[str]]:
    return {"choices": list(choice_ids)}


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_the_right_answers_score_full_marks(case: Case, question_id: str) -> None:
    found = question(case, question_id)
    feedback = check_answer(case, question_id, picks(*(c.id for c in found.right)))
    assert feedback.is_valid and feedback.score == feedback.max_score == 1
    assert feedback.next_step is None
    for right in found.right:
        assert right.why in feedback.to_text(full=True)


def test_one_answer_right_partly_or_wrong(case: Case) -> None:
    right = check_answer(case, "uncertain-date", picks("independent-then-copy"))
    assert right.score == 1 and right.items[0].verdict == "right"
    partly = check_answer(case, "uncertain-date", picks("cannot-say"))
    assert partly.score == 0.5 and partly.items[0].verdict == "partly"
    assert "An uncertain date is a range, not a blank." in partly.items[0].explanation
    assert partly.next_step == question(case, "uncertain-date").hint
    wrong = check_answer(case, "uncertain-date", picks("page-date"))
    assert wrong.score == 0 and wrong.items[0].verdict == "wrong"
    assert "current-date header" in wrong.items[0].explanation
    # The hint says where to look; it does not give the right choice away.
    right_label = question(case, "uncertain-date").right[0].label
    assert right_label not in wrong.to_text() and right_label not in partly.to_text()


def test_ticking_several_counts_the_right_ones_and_costs_for_wrong_ones(case: Case) -> None:
    found = question(case, "what-next")
    right_ids = [c.id for c in found.right]
    assert len(right_ids) == 5
    two = check_answer(case, "what-next", picks("size", "place"))
    assert two.score == pytest.approx(0.4) and two.max_score == 1
    missed = [i for i in two.items if i.verdict == "missed"]
    assert len(missed) == 1 and missed[0].label == "3 more right answers to find"
    # Unticked right answers are counted, not named.
    for choice in found.right[2:]:
        assert choice.label not in two.to_text()
    with_wrong = check_answer(case, "what-next", picks("size", "place", "never-sent"))
    assert with_wrong.score == pytest.approx(0.3)
    wrong = [i for i in with_wrong.items if i.verdict == "wrong"]
    assert len(wrong) == 1 and "Kursk" in wrong[0].explanation
    assert "costs 0.1 points" in wrong[0].explanation
    everything = check_answer(case, "what-next", picks(*(c.id for c in found.choices)))
    assert 0 < everything.score < 1
    only_wrong = check_answer(case, "what-next", picks("never-sent", "sources-checked"))
    assert only_wrong.score == 0 and only_wrong.is_valid


def test_article_choices_are_shown_with_their_outlet(case: Case) -> None:
    found = question(case, "dropped-hedge")
    page = found.choice("tyler-durden")
    assert choice_label(case, found, page) == case.article("tyler-durden").outlet
    feedback = check_answer(case, "dropped-hedge", picks("tyler-durden"))
    assert feedback.items[0].label == case.article("tyler-durden").outlet


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ("tyler-durden", "This answer is empty or damaged"),
        ({}, "Pick an answer first"),
        ({"choices": []}, "Pick an answer first"),
        ({"choices": "tyler-durden"}, "must be a list of the choices"),
        ({"choices": [3]}, "is not one of this question's choices"),
        ({"choices": ["the-moon"]}, "“the-moon” is not one of this question's choices"),
        ({"choices": ["tyler-durden", "deep-dive"]}, "asks for one answer"),
        ({"choices": ["tyler-durden"] * 60}, "far more choices"),
        ({"choices": ["tyler-durden"], "confidence": 3}, "a part the checker does not know"),
    ],
)
def test_bad_answers_get_one_plain_sentence(case: Case, answer: object, sentence: str) -> None:
    feedback = check_answer(case, "dropped-hedge", answer)
    assert not feedback.is_valid and sentence in str(feedback)
    assert feedback.max_score == 1 and "\n" not in str(feedback)


def test_the_same_choice_twice_counts_once(case: Case) -> None:
    # Three pages hide whose text they show (the blog, the translation, the republished
    # ZeroHedge page): one of them, picked twice, is still one of three.
    feedback = check_answer(case, "hidden-source", picks("news-blog", "news-blog"))
    once = check_answer(case, "hidden-source", picks("news-blog"))
    assert feedback.score == once.score == pytest.approx(1 / 3, abs=1e-3)


def test_unknown_questions_and_cases_without_a_quiz(tmp_path: Path, case: Case) -> None:
    unknown = tasks.check(case, "spread/favourite-colour", picks("a"))
    assert not unknown.is_valid and "how-many-sources" in str(unknown)
    no_quiz = load_case(copy_case(tmp_path / "case", keys=("sources",)))
    feedback = tasks.check(no_quiz, "spread/what-next", picks("size"))
    assert not feedback.is_valid and "no key for the spread quiz" in str(feedback)
    assert task_ids(no_quiz) == ()


def test_the_task_router_and_the_checker_agree(case: Case) -> None:
    routed = tasks.check(case, "spread/hidden-source", picks("news-blog"))
    direct = check_answer(case, "hidden-source", picks("news-blog"))
    assert isinstance(routed, Feedback) and routed == direct
    assert routed.task == "spread/hidden-source"


def test_the_quiz_releases_as_an_assessment_with_no_key_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lessons.cli import main

    assert main(["release", "quiz-spread", "--out", str(tmp_path / "class")]) == 0
    assert (tmp_path / "class" / "05_how_the_claim_spread.ipynb").exists()
    assert "No answer-key text is in the folder" in capsys.readouterr().out


def test_a_choice_saved_under_a_former_article_id_counts_as_the_article(case: Case) -> None:
    now = check_answer(
        case, "hidden-source", picks("news-blog", "spark-chronicles", "tyler-durden")
    )
    before = check_answer(case, "hidden-source", picks("news-blog", "il-messaggero", "zerohedge"))
    assert before.to_dict() == now.to_dict() and before.score == 1
