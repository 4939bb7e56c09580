"""Lesson 01's checker: right, partly right, wrong and bad answers on every seed article,
judged against case.toml alone; and the guide file that says what each kind of furniture is."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from lessons import reading, tasks
from lessons.casestudy import FURNITURE_KINDS, Article, Case
from lessons.feedback import Feedback
from lessons.reading import (
    DATE_CHOICES,
    check_answer,
    date_choice,
    default_guide,
    default_guide_path,
    load_guide,
    page_lines,
)
from lessons.reading import check as reading_check
from lessons.skills import load_case, load_seed_case
from lessons.teacher.exercises import load_exercise
from lessons.validation import DataFileError
from tests.cases import remember_little

CASE = load_seed_case(with_keys=False)
GUIDE = default_guide()
ARTICLES = CASE.article_ids
TOTAL = GUIDE.points.total


def lines_of(article: Article, belongs: str) -> list[int]:
    return [line.number for line in page_lines(article) if line.belongs == belongs]


def expert(article: Article) -> dict[str, Any]:
    """The answer case.toml implies: every page line marked, the date and translation right."""
    return {
        "furniture": lines_of(article, "page"),
        "date": date_choice(article),
        "translation": article.translation_of is not None,
    }


def check(article_id: str, answer: object) -> Feedback:
    feedback = check_answer(CASE, article_id, answer)
    assert "Traceback" not in feedback.to_text()
    return feedback


def verdicts(feedback: Feedback, verdict: str) -> list[str]:
    return [item.label for item in feedback.items if item.verdict == verdict]


def other(choices: Iterable[Any], right: Any) -> Any:
    return next(choice for choice in choices if choice != right)


# -- the guide -------------------------------------------------------------------------------


def test_the_shipped_guide_covers_every_kind_of_furniture_and_every_date_choice() -> None:
    assert set(GUIDE.kinds) == set(FURNITURE_KINDS)
    assert [choice for _label, choice in GUIDE.date_options()] == list(DATE_CHOICES)
    assert all(kind.name and kind.why.endswith(".") for kind in GUIDE.kinds.values())
    # what the lesson teaches: a site's date header and links to other stories are not the article
    assert GUIDE.kinds["date-header"].belongs == "page"
    assert GUIDE.kinds["related-link"].belongs == "page"
    assert GUIDE.kinds["byline"].belongs == "article"


def test_a_broken_guide_reports_every_problem_with_file_and_field(tmp_path: Path) -> None:
    text = default_guide_path().read_text(encoding="utf-8")
    text = text.replace('belongs = "page"\nwhy = "Adverts', 'belongs = "nowhere"\nwhy = "Adverts')
    text = text.replace("wrong_pick = 0.5", "wrong_pick = 3")
    text = text.replace('no-date = "The page shows no date"\n', "")
    text = text.replace("[kinds.disclaimer]", "[kinds.banner]")
    broken = tmp_path / "reading.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_guide(broken)
    problems = [str(problem) for problem in error.value.problems]
    assert any("kinds.advertising.belongs" in p and "'page'" in p for p in problems), problems
    assert any("points.wrong_pick" in p and "between 0 and 1" in p for p in problems), problems
    assert any("dates.no-date" in p and "missing" in p for p in problems), problems
    assert any("kinds.banner" in p and "disclaimer" in p for p in problems), problems
    assert any("kinds.disclaimer" in p and "missing" in p for p in problems), problems
    assert all(p.startswith("reading.toml: ") for p in problems)


# -- the page, line by line ------------------------------------------------------------------


@pytest.mark.parametrize("article_id", ARTICLES)
def test_page_lines_are_numbered_as_in_the_raw_text_and_skip_blank_lines(article_id: str) -> None:
    article = CASE.article(article_id)
    raw = article.raw_text.splitlines()
    lines = page_lines(article)
    assert [line.number for line in lines] == [n for n, t in enumerate(raw, 1) if t.strip()]
    for line in lines:
        assert line.text == raw[line.number - 1].strip()
    furniture = {item.text.strip() for item in article.furniture}
    for line in lines:
        assert (line.kind is not None) == (line.text in furniture)
        if line.kind is None:
            assert line.belongs == "article"
            assert line.text in article.body


def test_the_dates_come_from_case_toml() -> None:
    # The blog's date header is the capture date; ZeroHedge's byline date is its own; the
    # other pages show no date (case notes).
    assert date_choice(CASE.article("news-blog")) == "shown-not-publication"
    assert date_choice(CASE.article("tyler-durden")) == "shown-is-publication"
    for article_id in ("kyiv-post", "spark-chronicles", "deep-dive"):
        assert date_choice(CASE.article(article_id)) == "no-date"


# -- right, partly right, wrong on every article ---------------------------------------------


@pytest.mark.parametrize("article_id", ARTICLES)
def test_the_expert_answer_scores_full_marks_at_level_4(article_id: str) -> None:
    article = CASE.article(article_id)
    feedback = check(article_id, expert(article))
    assert feedback.is_valid
    assert feedback.score == feedback.max_score == TOTAL
    assert feedback.level == 4
    assert not verdicts(feedback, "wrong") and not verdicts(feedback, "missed")
    assert feedback.next_step and "like a fact-checker" in feedback.next_step
    # the lesson also tells what is known of the publisher and the date, with confidence
    notes = {item.label: item.explanation for item in feedback.items if item.verdict == "note"}
    assert article.published_by in notes["Who published it"]
    assert article.date.confidence in notes["When it was published, as far as we know"]
    assert article.date.label().lower() in notes["When it was published, as far as we know"].lower()


@pytest.mark.parametrize("article_id", ARTICLES)
def test_lines_either_way_cost_nothing_and_are_explained(article_id: str) -> None:
    article = CASE.article(article_id)
    either = lines_of(article, "either")
    answer = expert(article)
    answer["furniture"] = answer["furniture"] + either
    feedback = check(article_id, answer)
    assert feedback.score == TOTAL
    notes = [item for item in feedback.items if item.verdict == "note" and "Line" in item.label]
    assert [int(item.label.split()[1].rstrip(":")) for item in notes] == either
    assert all("does not count either way" in item.explanation for item in notes)


@pytest.mark.parametrize("article_id", ARTICLES)
def test_a_partly_right_answer_quotes_each_missed_line_and_names_the_next_one(
    article_id: str,
) -> None:
    article = CASE.article(article_id)
    page = lines_of(article, "page")
    found, missed = page[: len(page) // 2], page[len(page) // 2 :]
    answer = {**expert(article), "furniture": found}
    feedback = check(article_id, answer)
    assert 0 < feedback.score < feedback.max_score
    texts = {line.number: line for line in page_lines(article)}
    missed_items = [item for item in feedback.items if item.verdict == "missed"]
    assert [item.label.split(":")[0] for item in missed_items] == [f"Line {n}" for n in missed]
    for item, number in zip(missed_items, missed, strict=True):
        kind = GUIDE.kinds[texts[number].kind or ""]
        assert item.label == f"Line {number}: {kind.name}"
        assert item.explanation == kind.why
        assert item.quote == texts[number].short
    assert feedback.next_step is not None
    first = GUIDE.kinds[texts[missed[0]].kind or ""]
    assert first.name in feedback.next_step  # what kind of line, not which one
    assert f"line {missed[0]}" not in feedback.next_step.lower()
    assert feedback.level == (4 if len(found) >= 0.75 * len(page) else 3)


@pytest.mark.parametrize("article_id", ARTICLES)
def test_a_wrong_answer_scores_nothing_and_explains_every_mistake(article_id: str) -> None:
    article = CASE.article(article_id)
    right = expert(article)
    body = lines_of(article, "article")
    answer = {
        "furniture": body,
        "date": next(c for c in DATE_CHOICES if c not in reading.accepted_date_choices(article)),
        "translation": not right["translation"],
    }
    feedback = check(article_id, answer)
    assert feedback.is_valid
    assert feedback.score == 0
    assert feedback.level == 0
    wrong = verdicts(feedback, "wrong")
    assert [label for label in wrong if label.startswith("Line")] == [
        f"Line {n} is part of the article" for n in body
    ]
    assert any(label.startswith("What the page tells you about the date") for label in wrong)
    assert any(label.startswith("Is it a translation?") for label in wrong)
    # the date is the crucial piece, and the explanation is case.toml's own note
    assert feedback.next_step is not None and "the date" in feedback.next_step
    date_item = next(i for i in feedback.items if i.label.startswith("What the page tells"))
    assert article.shown_date_note in date_item.explanation


def test_marking_every_line_cannot_beat_marking_the_right_ones() -> None:
    for article_id in ARTICLES:
        article = CASE.article(article_id)
        everything = [line.number for line in page_lines(article)]
        all_marked = check(article_id, {"furniture": everything})
        only_right = check(article_id, {"furniture": lines_of(article, "page")})
        assert 0 <= all_marked.score < only_right.score


def test_the_site_date_header_is_explained_where_a_student_takes_it_for_the_publication_date() -> (
    None
):
    answer = {"furniture": [31, 33], "date": "shown-is-publication", "translation": False}
    feedback = check("news-blog", answer)
    date_item = next(i for i in feedback.items if i.label.startswith("What the page tells"))
    assert date_item.verdict == "wrong"
    assert "current-date header" in date_item.explanation
    header = next(i for i in feedback.items if i.label == "Line 1: a date header")
    assert header.verdict == "missed" and header.quote == "Monday, September 26, 2022"
    assert "when someone opened the page" in header.explanation
    assert feedback.next_step is not None and feedback.next_step.startswith(
        "The crucial piece still missing: the date"
    )
    when = next(i for i in feedback.items if i.label.startswith("When it was published"))
    assert "Between 8 August 2022 and 26 September 2022 (confidence: medium)" in when.explanation


def test_the_article_goes_on_after_the_sidebar() -> None:
    # Kyiv Post: lines 21 and 23 come after the Syrsky sidebar but belong to the article.
    answer = {**expert(CASE.article("kyiv-post")), "furniture": [14, 15, 17, 19, 21, 23, 25, 26]}
    feedback = check("kyiv-post", answer)
    wrong = [i for i in feedback.items if i.verdict == "wrong"]
    assert [i.label for i in wrong] == [
        "Line 21 is part of the article",
        "Line 23 is part of the article",
    ]
    assert all("goes on after" in i.explanation for i in wrong)
    assert all(i.points < 0 for i in wrong)
    assert feedback.level == 3
    assert feedback.next_step is not None and "line 21 is part of the article" in feedback.next_step


def test_a_byline_is_part_of_the_article() -> None:
    answer = {**expert(CASE.article("tyler-durden"))}
    answer["furniture"] = [*answer["furniture"], 32]
    feedback = check("tyler-durden", answer)
    item = next(i for i in feedback.items if i.verdict == "wrong")
    assert item.label == "Line 32 is part of the article"
    assert item.quote == "Sun, 08/07/2022 – 17:00"
    assert GUIDE.kinds["byline"].why in item.explanation


def test_missing_the_translation_names_the_original_and_the_clues() -> None:
    answer = {**expert(CASE.article("spark-chronicles")), "translation": False}
    feedback = check("spark-chronicles", answer)
    item = next(i for i in feedback.items if i.label.startswith("Is it a translation?"))
    assert item.verdict == "wrong" and item.points == 0
    assert "Il Messaggero of 5 August 2022" in item.explanation
    assert "sarebbe" in item.explanation and "read oddly" in item.explanation
    assert feedback.next_step is not None and "translation" in feedback.next_step


def test_either_reading_of_an_uncertain_shown_date_earns_the_points() -> None:
    # A shown date that fits a publication date of low confidence may or may not be the day
    # the article came out: grading one reading as the fact would grade an inference.
    label = "What the page tells you about the date"
    uncertain = [a for a in CASE.articles if len(reading.accepted_date_choices(a)) == 2]
    sure = [a for a in CASE.articles if a.shown_date and len(reading.accepted_date_choices(a)) == 1]
    assert uncertain and sure
    for article in uncertain:
        likelier, also = reading.accepted_date_choices(article)
        for picked in (likelier, also):
            feedback = check(article.id, {**expert(article), "date": picked})
            item = next(i for i in feedback.items if i.label.startswith(label))
            assert item.verdict == "right" and item.points == item.max_points
        said = next(
            i.explanation
            for i in check(article.id, {**expert(article), "date": also}).items
            if i.label.startswith(label)
        )
        assert "This counts too" in said and article.date.confidence in said
        assert check(article.id, {**expert(article), "date": "no-date"}).score < TOTAL
    for article in sure:
        (right,) = reading.accepted_date_choices(article)
        wrong = other(("shown-is-publication", "shown-not-publication"), right)
        assert check(article.id, {**expert(article), "date": wrong}).score < TOTAL


def test_a_copy_is_not_a_translation() -> None:
    answer = {**expert(CASE.article("news-blog")), "translation": True}
    feedback = check("news-blog", answer)
    item = next(i for i in feedback.items if i.label.startswith("Is it a translation?"))
    assert item.verdict == "wrong" and "a copy, not a translation" in item.explanation
    publisher = next(i for i in feedback.items if i.label == "Who published it")
    assert "near-copy of an article in The Independent" in publisher.explanation


@pytest.mark.parametrize("article_id", ARTICLES)
def test_parts_left_unanswered_are_marked_missed_not_rejected(article_id: str) -> None:
    article = CASE.article(article_id)
    feedback = check(article_id, {"furniture": lines_of(article, "page")})
    assert feedback.is_valid
    assert feedback.score == GUIDE.points.furniture
    missed = verdicts(feedback, "missed")
    assert "What the page tells you about the date" in missed
    assert "Is it a translation?" in missed
    assert feedback.level == 2
    # nothing gives away the parts still to answer
    text = feedback.to_text()
    assert article.shown_date_note not in text and article.date.note not in text
    assert "Who published it" not in text and article.outlet_note not in text
    assert feedback.next_step is not None and "(question 2)" in feedback.next_step
    answered = check(article_id, {"translation": article.translation_of is not None})
    assert "Who published it" in [item.label for item in answered.items]


# -- bad answers -----------------------------------------------------------------------------

BAD_ANSWERS: list[tuple[object, str]] = [
    (None, "empty or damaged"),
    ("kyiv-post", "empty or damaged"),
    ([], "empty or damaged"),
    ({}, "Nothing to check yet"),
    ({"furniture": [], "date": None, "translation": None}, "Nothing to check yet"),
    ({"furniture": "1, 2"}, "must be a list of line numbers"),
    ({"furniture": ["one"]}, "Mark lines by their numbers only"),
    ({"furniture": [True]}, "Mark lines by their numbers only"),
    ({"furniture": [1.5]}, "Mark lines by their numbers only"),
    ({"furniture": [0]}, "There is no line 0 on this page"),
    ({"furniture": [10_000]}, "There is no line 10000 on this page"),
    ({"date": "yesterday"}, "Pick one of the answers about the date"),
    ({"date": 2022}, "Pick one of the answers about the date"),
    ({"translation": "yes"}, "must be true or false"),
    ({"furniture": [], "publisher": "Kyiv Post"}, "part the checker does not know"),
]


@pytest.mark.parametrize("article_id", ARTICLES)
@pytest.mark.parametrize(("answer", "message"), BAD_ANSWERS)
def test_bad_answers_get_one_plain_sentence(article_id: str, answer: object, message: str) -> None:
    feedback = check(article_id, answer)
    assert not feedback.is_valid
    assert feedback.problem is not None and message in feedback.problem
    assert "\n" not in feedback.problem and feedback.problem.endswith((".", "?"))
    assert feedback.max_score == TOTAL and feedback.score == 0


def test_a_blank_line_is_not_a_line_to_mark() -> None:
    blank = CASE.article("kyiv-post").raw_text.splitlines().index("") + 1
    feedback = check("kyiv-post", {"furniture": [blank]})
    assert feedback.problem == f"Line {blank} is empty: mark only lines with words on them."


def test_an_unknown_article_lists_the_valid_ones() -> None:
    feedback = check("the-onion", {"furniture": [1]})
    assert not feedback.is_valid and feedback.problem is not None
    assert "the-onion" in feedback.problem and all(a in feedback.problem for a in ARTICLES)


def test_tasks_route_reading_answers_to_this_checker() -> None:
    article = CASE.article("deep-dive")
    feedback = tasks.check(CASE, "reading/deep-dive", expert(article))
    assert feedback.task == "reading/deep-dive" and feedback.score == TOTAL


def test_the_unit_and_the_quiz_include_every_reading_task() -> None:
    for name in ("full-unit", "quiz-reading"):
        exercise = load_exercise(name)
        assert [t for t in exercise.task_ids if t.startswith("reading/")] == [
            f"reading/{article_id}" for article_id in ARTICLES
        ]
    assert load_exercise("quiz-reading").mode == "assessment"


# -- a teacher's own case --------------------------------------------------------------------


def own_case(tmp_path: Path, extra: str = "") -> Case:
    (tmp_path / "one.txt").write_text(
        "Breaking: the school fair moves to Saturday\n\nThe fair will be on Saturday.\nShare\n",
        encoding="utf-8",
    )
    (tmp_path / "case.toml").write_text(
        "format = 1\nid = 'fair'\ntitle = 'The fair'\nclaim = 'The fair moved.'\n"
        "[[articles]]\nid = 'school-site'\nfile = 'one.txt'\noutlet = 'The school website'\n"
        "language = 'en'\ndate = { confidence = 'high', earliest = 2024-05-02, "
        "latest = 2024-05-02 }\n" + extra,
        encoding="utf-8",
    )
    return load_case(tmp_path)


def test_a_case_without_furniture_or_dates_still_checks(tmp_path: Path) -> None:
    case = own_case(tmp_path)
    right = check_answer(case, "school-site", {"date": "no-date", "translation": False})
    assert right.score == TOTAL and right.level == 4
    assert "This page holds nothing but the article" in verdicts(right, "right")
    wrong = check_answer(case, "school-site", {"furniture": [4], "date": "no-date"})
    assert 0 < wrong.score < TOTAL
    assert "Line 4 is part of the article" in verdicts(wrong, "wrong")


def test_a_teachers_furniture_and_shown_date_drive_the_answers(tmp_path: Path) -> None:
    case = own_case(
        tmp_path,
        "shown_date = 2024-05-01\nfurniture = [{ kind = 'share-button', text = 'Share' }]\n",
    )
    article = case.article("school-site")
    assert date_choice(article) == "shown-not-publication"
    feedback = check_answer(case, "school-site", expert(article))
    assert feedback.score == TOTAL
    assert "Lines that are not the article, found (1 of 1): line 4" in verdicts(feedback, "right")


def test_lines_found_are_right_and_each_line_still_to_find_is_missed() -> None:
    case = load_seed_case(with_keys=False)
    feedback = check_answer(case, "kyiv-post", {"furniture": [14], "date": "no-date"})
    found = next(item for item in feedback.items if item.label.startswith("Lines that are not"))
    assert found.verdict == "right" and found.points == found.max_points
    assert any(item.verdict == "missed" for item in feedback.items)


# -- remembered judgements -------------------------------------------------------------------


def varied_answers(article: Article, count: int) -> list[dict[str, Any]]:
    """Answers that share some parts and differ in others, as a class's answers do."""
    rng = random.Random(article.id)
    numbers = [line.number for line in page_lines(article)]
    page = lines_of(article, "page")
    answers = []
    for _ in range(count):
        slip = rng.choice([0.1, 0.3, 0.6])  # careless answers find few lines, mark many wrong
        marked = [n for n in numbers if (n in page) != (rng.random() < slip)]
        answers.append(
            {
                "furniture": rng.sample(marked, len(marked)),
                "date": rng.choice([None, *DATE_CHOICES]),
                "translation": rng.choice([None, False, True]),
            }
        )
    return answers


def fresh_check(article_id: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The feedback from a case object of its own, so nothing remembered can be reused."""
    return check_answer(load_seed_case(with_keys=False), article_id, answer).to_dict()


#: The checker's judgements remembered per case (see lessons.memo.per_case).
REMEMBERED = ("_judge", "_judge_furniture", "_found_lines", "_wrong_line")


@pytest.mark.parametrize("entries", [5, 1000])
@pytest.mark.parametrize("article_id", ["kyiv-post", "news-blog"])
def test_remembered_judgements_equal_fresh_ones_and_stay_bounded(
    article_id: str, entries: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = load_seed_case(with_keys=False)
    worked = remember_little(monkeypatch, reading_check, REMEMBERED, entries, watched=case, cases=2)
    answers = varied_answers(case.article(article_id), 20)
    expected = [fresh_check(article_id, answer) for answer in answers]
    for _ in range(2):  # the second round finds some judgements remembered
        for answer, want in zip(answers, expected, strict=True):
            assert check_answer(case, article_id, answer).to_dict() == want
    for name, calls in worked.items():  # a result is worked out again only once forgotten
        forgotten = len(set(calls)) > entries
        assert (len(calls) > len(set(calls))) == forgotten, name


def test_a_new_case_object_does_not_get_another_cases_judgements(tmp_path: Path) -> None:
    answer = {"furniture": [4], "date": "no-date", "translation": False}
    (tmp_path / "plain").mkdir()
    (tmp_path / "share").mkdir()
    plain = own_case(tmp_path / "plain")
    with_share = own_case(
        tmp_path / "share", "furniture = [{ kind = 'share-button', text = 'Share' }]\n"
    )
    for _ in range(2):
        assert "Line 4 is part of the article" in verdicts(
            check_answer(plain, "school-site", answer), "wrong"
        )
        found = check_answer(with_share, "school-site", answer)
        assert "Lines that are not the article, found (1 of 1): line 4" in verdicts(found, "right")


def test_each_feedback_has_details_of_its_own() -> None:
    article = CASE.article("kyiv-post")
    first = check("kyiv-post", expert(article))
    first.details["furniture"].append(99)
    first.details["expected_furniture"].clear()
    second = check("kyiv-post", expert(article))
    assert second.details["furniture"] == lines_of(article, "page")
    assert second.details["expected_furniture"] == lines_of(article, "page")


@pytest.mark.parametrize("article_id", ARTICLES)
def test_marking_every_line_stays_at_the_lowest_level(article_id: str) -> None:
    article = CASE.article(article_id)
    answer = {**expert(article), "furniture": [line.number for line in page_lines(article)]}
    feedback = check(article_id, answer)
    assert feedback.level == 1


@pytest.mark.parametrize("article_id", ARTICLES)
def test_a_missed_line_s_hint_says_where_to_look_not_which_line(article_id: str) -> None:
    article = CASE.article(article_id)
    feedback = check(article_id, {**expert(article), "furniture": []})
    missed = [item for item in feedback.items if item.verdict == "missed" and item.hint]
    page = lines_of(article, "page")
    assert len(missed) == len(page)
    last = max(line.number for line in page_lines(article))
    places = set()
    for item, number in zip(missed, page, strict=True):
        start, end = map(int, item.hint.split("somewhere in lines ")[1].split(",")[0].split("-"))
        assert start <= number <= end and end - start == min(9, last - 1)  # ten lines, not one
        assert f"Line {number}" not in item.hint
        places.add((start, end))
    # Missed lines in different tens read as different places to look, not one sentence again.
    assert len({item.hint for item in missed}) >= len(places)


@pytest.mark.parametrize("article_id", ARTICLES)
def test_no_line_found_is_never_level_3_however_right_the_two_questions(article_id: str) -> None:
    # The lines around the article are the lesson's first task: a reading not begun.
    feedback = check(article_id, {**expert(CASE.article(article_id)), "furniture": []})
    assert feedback.level is not None and feedback.level <= 2


def test_a_question_left_blank_is_not_answered_yet_not_wrong() -> None:
    article_id = ARTICLES[0]
    answer = {**expert(CASE.article(article_id)), "date": None, "translation": None}
    summary = check(article_id, answer).summary
    assert summary is not None
    assert "You have not answered the date question yet." in summary
    assert "You have not answered whether it is a translation yet." in summary
    assert "not right yet" not in summary
