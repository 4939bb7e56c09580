"""The hedges key (quotes resolved to offsets, validated) and the checker of students' marks."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from lessons import tasks
from lessons.casestudy import Case
from lessons.hedges import (
    ArticleKey,
    HedgeKey,
    check_answer,
    hedge_counts,
    hedge_density,
    marking_parts,
    marking_text,
)
from lessons.hedges import check as hedge_check
from lessons.hedges.detector import default_lexicon
from lessons.resources import seed_case_dir
from lessons.skills import load_case, load_seed_case
from lessons.text import word_count
from lessons.validation import DataFileError
from tests.cases import remember_little


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def key_of(case: Case, article_id: str) -> ArticleKey:
    key = case.key("hedges")
    assert isinstance(key, HedgeKey)
    article_key = key.article(article_id)
    assert article_key is not None
    return article_key


def mark(text: str, quote: str, category: str, occurrence: int = 1) -> list[Any]:
    """A student's mark on the n-th occurrence of ``quote``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return [start, start + len(quote), category]


def items(feedback: Any, verdict: str) -> list[Any]:
    return [item for item in feedback.items if item.verdict == verdict]


# --- the marking text and the key -------------------------------------------------------


def test_marking_text_is_headline_blank_line_body(case: Case) -> None:
    article = case.article("tyler-durden")
    text = marking_text(article)
    parts = marking_parts(article)
    assert article.headline is not None
    assert text == article.headline + "\n\n" + article.body
    assert text[slice(*parts["headline"])] == article.headline
    assert text[slice(*parts["body"])] == article.body


def test_marking_text_without_headline_is_the_body(case: Case) -> None:
    article = case.article("kyiv-post")
    assert article.headline is None
    assert marking_text(article) == article.body
    assert marking_parts(article)["headline"] == (0, 0)


def test_every_article_has_a_key_whose_spans_quote_the_marking_text(case: Case) -> None:
    key = case.key("hedges")
    assert set(key.articles) == set(case.article_ids)
    for article in case.articles:
        article_key = key.article(article.id)
        text = marking_text(article)
        assert article_key.text == text
        assert article_key.spans, article.id
        assert any(span.crucial for span in article_key.spans), article.id
        for span in [*article_key.spans, *article_key.alternatives, *article_key.lookalikes]:
            assert text[span.start : span.end] == span.text
        for span in article_key.spans:
            start, end = marking_parts(article)[span.part]
            assert start <= span.start < span.end <= end
        starts = [span.start for span in article_key.spans]
        assert starts == sorted(starts)


def test_headline_hedges_are_keyed_in_the_headline(case: Case) -> None:
    for article_id in ("tyler-durden", "news-blog", "deep-dive"):
        parts = {span.part for span in key_of(case, article_id).spans}
        assert parts == {"headline", "body"}, article_id


BROKEN_KEY = """
format = 1
extra = 1

[articles.no-such-article]
spans = []

[articles.tyler-durden]
spans = [
  { quote = "nowhere in the text", category = "booster" },
  { quote = "would", category = "epistemic-modal" },
  { quote = "reportedly", occurrence = 9, category = "distancing" },
  { quote = "citing", category = "gossip", also = ["rumour"] },
  { quote = "has reported", category = "attribution-neutral" },
  { quote = "Business Insider has reported", category = "attribution-neutral" },
  { quote = "Report", part = "body", category = "vague-sourcing" },
  { quote = "may", within = "would", category = "epistemic-modal" },
  { quote = "unverified", category = "distancing", colour = "red" },
]
lookalikes = [{ quote = "has reported", note = "a look-alike that is also a span" }]

[articles.kyiv-post]
spans = [{ quote = "allegedly", part = "headline", category = "distancing" }]
"""


@pytest.fixture
def case_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(seed_case_dir(), folder, ignore=shutil.ignore_patterns("key", "*.md"))
    (folder / "key").mkdir()
    return folder


def test_a_broken_key_reports_every_problem_with_file_and_field(case_folder: Path) -> None:
    (case_folder / "key" / "hedges.toml").write_text(BROKEN_KEY, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_case(case_folder)
    problems = {p.field: p.message for p in caught.value.problems}
    assert {p.file for p in caught.value.problems} == {"key/hedges.toml"}
    assert "allowed fields are" in problems["extra"]
    assert "kyiv-post" in problems["articles.no-such-article"]
    assert "does not occur" in problems["articles.tyler-durden.spans[0].quote"]
    assert "must match the article exactly" in problems["articles.tyler-durden.spans[0].quote"]
    repeated = problems["articles.tyler-durden.spans[1].quote"]
    assert "times" in repeated and "occurrence" in repeated and "within" in repeated
    assert "occurs 2 times" in problems["articles.tyler-durden.spans[2].occurrence"]
    assert "choose one of" in problems["articles.tyler-durden.spans[3].category"]
    assert "'rumour'" in problems["articles.tyler-durden.spans[3].also[0]"]
    assert "overlaps spans[4]" in problems["articles.tyler-durden.spans[5]"]
    assert "does not occur in the body" in problems["articles.tyler-durden.spans[6].quote"]
    assert "must occur exactly once" in problems["articles.tyler-durden.spans[7].within"]
    assert "allowed fields are" in problems["articles.tyler-durden.spans[8].colour"]
    assert "cannot also be a hedge" in problems["articles.tyler-durden.lookalikes[0]"]
    assert "no headline" in problems["articles.kyiv-post.spans[0].part"]


def test_quotes_forgive_typographic_quotes_and_spacing(case_folder: Path) -> None:
    (case_folder / "key" / "hedges.toml").write_text(
        'format = 1\n[articles.tyler-durden]\nspans = [{ quote = "don\'t   appear", '
        'category = "evidential-verb" }]\n',
        encoding="utf-8",
    )
    span = load_case(case_folder).key("hedges").article("tyler-durden").spans[0]
    assert span.text == "don’t appear"


# --- the checker ------------------------------------------------------------------------


def perfect_answer(case: Case, article_id: str) -> dict[str, Any]:
    key = key_of(case, article_id)
    return {"spans": [[s.start, s.end, s.category] for s in key.spans]}


@pytest.mark.parametrize("article_id", load_seed_case().article_ids)
def test_the_key_itself_scores_full_marks(case: Case, article_id: str) -> None:
    feedback = check_answer(case, article_id, perfect_answer(case, article_id))
    assert feedback.is_valid
    assert feedback.score == feedback.max_score == len(key_of(case, article_id).spans)
    assert feedback.level == 4
    assert not items(feedback, "missed") and not items(feedback, "wrong")


def test_an_exact_mark_is_right_and_the_rest_are_listed_as_missed(case: Case) -> None:
    key = key_of(case, "tyler-durden")
    text = key.text
    feedback = check_answer(case, "tyler-durden", {"spans": [mark(text, "has said", "booster")]})
    (right,) = items(feedback, "right")
    assert right.quote == "has said" and right.points == 1
    missed = items(feedback, "missed")
    assert len(missed) == len(key.spans) - 1
    report = next(m for m in missed if m.quote == "Report")
    assert "trailing" in report.explanation  # the expert's note comes with the missed span
    assert feedback.score == 1 and feedback.max_score == len(key.spans)
    assert feedback.level == 1  # one of many: a first look, as the score says
    # the crucial piece still missing is pointed to, without handing over the quote
    assert "still missing is in the" in feedback.next_step and "Report" not in feedback.next_step


def test_an_overlapping_mark_counts_and_shows_the_keyed_words(case: Case) -> None:
    text = key_of(case, "spark-chronicles").text
    answer = {"spans": [mark(text, "would be considering turning", "reported-conditional")]}
    feedback = check_answer(case, "spark-chronicles", answer)
    (right,) = items(feedback, "right")
    assert right.points == 1
    assert "The expert marked “would be considering”" in right.explanation


def test_a_mark_on_part_of_a_phrase_counts(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    answer = {"spans": [mark(text, "There are reports", "vague-sourcing")]}
    (right,) = items(check_answer(case, "kyiv-post", answer), "right")
    assert right.quote == "There are reports"


def test_the_wrong_category_earns_half_and_says_which_is_right(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    answer = {"spans": [mark(text, "allegedly", "booster")]}
    feedback = check_answer(case, "kyiv-post", answer)
    (partly,) = items(feedback, "partly")
    assert partly.points == 0.5
    labels = {c.id: c.label for c in default_lexicon().categories}
    assert labels["booster"] in partly.explanation and labels["distancing"] in partly.explanation
    assert feedback.details["right_category"] == 0


def test_an_also_accepted_category_earns_full_credit(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    answer = {"spans": [mark(text, "several", "approximator")]}
    (right,) = items(check_answer(case, "kyiv-post", answer), "right")
    assert right.points == 1


def test_a_keyed_lookalike_is_explained_and_costs_half_a_point(case: Case) -> None:
    text = key_of(case, "tyler-durden").text
    answer = {
        "spans": [
            mark(text, "has said", "booster"),
            mark(text, "unlikely", "epistemic-adverb", occurrence=1),
        ]
    }
    feedback = check_answer(case, "tyler-durden", answer)
    look = next(item for item in items(feedback, "wrong") if item.quote == "unlikely")
    assert "surprising" in look.explanation
    assert feedback.score == 0.5
    assert feedback.details["wrong_marks"] == 1


def test_a_detector_lookalike_is_explained_even_when_the_key_is_silent(case: Case) -> None:
    text = key_of(case, "deep-dive").text
    answer = {
        "spans": [mark(text, "‘Volunteers’", "distancing"), mark(text, "about", "approximator", 2)]
    }
    feedback = check_answer(case, "deep-dive", answer)
    look = next(item for item in items(feedback, "wrong") if item.quote == "about")
    assert "number" in look.explanation


def test_a_defensible_alternative_is_not_penalised(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    answer = {"spans": [mark(text, "allegedly", "distancing"), mark(text, "at least", "booster")]}
    feedback = check_answer(case, "kyiv-post", answer)
    note = next(item for item in items(feedback, "note") if item.quote == "at least")
    fuzzy = default_lexicon().category("approximator").label
    assert "fair" in note.explanation and fuzzy in note.explanation
    assert feedback.score == 1
    assert not items(feedback, "wrong")


def test_a_plain_word_is_wrong_and_costs_half_a_point(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    answer = {"spans": [mark(text, "allegedly", "distancing"), mark(text, "Ukraine", "booster")]}
    feedback = check_answer(case, "kyiv-post", answer)
    wrong = [item for item in items(feedback, "wrong") if item.quote == "Ukraine"]
    assert wrong and "do not" in wrong[0].explanation
    assert feedback.score == 0.5


def test_penalties_never_make_a_score_negative(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    answer = {"spans": [mark(text, "Ukraine", "booster"), mark(text, "Moscow", "booster")]}
    feedback = check_answer(case, "kyiv-post", answer)
    assert feedback.score == 0
    assert feedback.level == 0  # no points, no level


def test_a_whole_paragraph_marked_at_once_earns_nothing(case: Case) -> None:
    key = key_of(case, "kyiv-post")
    paragraph = key.text.split("\n\n")[0]
    feedback = check_answer(case, "kyiv-post", {"spans": [[0, len(paragraph), "distancing"]]})
    assert feedback.score == 0
    assert any("few words" in item.explanation for item in items(feedback, "wrong"))


def test_marking_the_same_hedge_twice_counts_once(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    start, end, _ = mark(text, "allegedly", "distancing")
    answer = {"spans": [[start, end, "distancing"], [start, end - 2, "distancing"]]}
    feedback = check_answer(case, "kyiv-post", answer)
    assert feedback.score == 1
    assert any("counts once" in item.explanation for item in items(feedback, "note"))


def test_a_hedge_word_the_key_leaves_out_is_a_free_note(case: Case) -> None:
    text = key_of(case, "deep-dive").text
    answer = {
        "spans": [mark(text, "‘Volunteers’", "distancing"), mark(text, "confirmed", "booster")]
    }
    feedback = check_answer(case, "deep-dive", answer)
    assert feedback.score == 1
    assert not items(feedback, "wrong")


def test_offsets_include_the_headline(case: Case) -> None:
    text = key_of(case, "tyler-durden").text
    answer = {"spans": [mark(text, "Report", "vague-sourcing")]}
    (right,) = items(check_answer(case, "tyler-durden", answer), "right")
    assert right.quote == "Report"


def test_the_checker_is_routed_by_task_id(case: Case) -> None:
    text = key_of(case, "tyler-durden").text
    answer = {"spans": [mark(text, "has said", "booster")]}
    assert tasks.check(case, "hedges/tyler-durden", answer) == check_answer(
        case, "tyler-durden", answer
    )


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"spans": []}, "not marked anything"),
        ({}, "damaged"),
        ({"spans": "allegedly"}, "damaged"),
        (None, "damaged"),
        ({"spans": [[1, 2]]}, "Mark number 1 is damaged"),
        ({"spans": [["a", "b", "booster"]]}, "Mark number 1 is damaged"),
        ({"spans": [[True, 5, "booster"]]}, "Mark number 1 is damaged"),
        ({"spans": [[0, 9, "booster"], [5, 3, "booster"]]}, "Mark number 2 is outside"),
        ({"spans": [[-1, 3, "booster"]]}, "outside"),
        ({"spans": [[0, 10**6, "booster"]]}, "outside"),
        ({"spans": [[0, 9, "gossip"]]}, "“gossip”, which is not one of the categories"),
        ({"spans": [[0, 9, None]]}, "not one of the categories"),
        ({"spans": [[0, 1, "booster"]] * 500}, "more than"),
    ],
)
def test_malformed_answers_get_one_plain_sentence(
    case: Case, answer: object, expected: str
) -> None:
    feedback = check_answer(case, "kyiv-post", answer)
    assert not feedback.is_valid
    assert expected in feedback.problem
    assert feedback.problem.count(".") <= 2 and "\n" not in feedback.problem


@pytest.mark.parametrize("answer", [None, {"spans": []}, {"spans": [[0, 9, "gossip"]]}])
def test_a_malformed_answer_is_still_marked_out_of_the_key_s_spans(
    case: Case, answer: object
) -> None:
    feedback = check_answer(case, "kyiv-post", answer)
    assert feedback.problem and feedback.task == "hedges/kyiv-post"
    assert feedback.max_score == len(key_of(case, "kyiv-post").spans)


def test_a_mark_on_white_space_only_is_refused(case: Case) -> None:
    text = key_of(case, "kyiv-post").text
    gap = text.index("\n\n")
    feedback = check_answer(case, "kyiv-post", {"spans": [[gap, gap + 2, "booster"]]})
    assert "covers no words" in feedback.problem


def test_an_unknown_article_lists_the_valid_ones(case: Case) -> None:
    feedback = check_answer(case, "daily-mail", {"spans": [[0, 3, "booster"]]})
    assert "daily-mail" in feedback.problem and "kyiv-post" in feedback.problem


def test_a_case_without_hedge_key_says_so(case_folder: Path) -> None:
    case = load_case(case_folder)
    feedback = check_answer(case, "tyler-durden", {"spans": [[0, 3, "booster"]]})
    assert "no expert key" in feedback.problem


def test_feedback_text_and_html_render(case: Case) -> None:
    text = key_of(case, "tyler-durden").text
    feedback = check_answer(case, "tyler-durden", {"spans": [mark(text, "has said", "booster")]})
    assert "You found 1 of the" in feedback.to_text()
    assert "lessons-verdict-missed" in feedback.to_html()


# --- what the checker remembers ----------------------------------------------------------


def test_a_new_case_object_is_judged_by_its_own_key(case: Case, case_folder: Path) -> None:
    seed_key = (seed_case_dir() / "key" / "hedges.toml").read_text(encoding="utf-8")
    changed = seed_key.replace("the deal is alleged, not established.", "CHANGED FOUND NOTE.")
    changed = changed.replace('Business Insider."', 'CHANGED MISSED NOTE."')
    assert changed.count("CHANGED") == 2
    (case_folder / "key" / "hedges.toml").write_text(changed, encoding="utf-8")
    other = load_case(case_folder)
    answer = {"spans": [mark(key_of(case, "kyiv-post").text, "allegedly", "distancing")]}

    before = check_answer(case, "kyiv-post", answer)  # remembered for the seed case
    after = check_answer(other, "kyiv-post", answer)

    assert "CHANGED" not in before.to_text()
    (right,) = items(after, "right")
    assert right.explanation.endswith("CHANGED FOUND NOTE.")
    assert any("CHANGED MISSED NOTE." in item.explanation for item in items(after, "missed"))


#: The checker's helpers remembered per case (see lessons.memo.per_case).
REMEMBERED = ("_plain_mark", "_basis")


def test_remembered_marks_are_bounded_and_change_no_result(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = key_of(case, "tyler-durden").text
    answers = [
        {"spans": [mark(text, "has said", category), [start, start + 12, "booster"]]}
        for category in ("booster", "distancing")
        for start in range(0, 400, 40)
    ]
    fresh = [check_answer(case, "tyler-durden", answer).to_dict() for answer in answers]
    worked = remember_little(monkeypatch, hedge_check, REMEMBERED, entries=3, watched=case)
    for _ in range(2):  # the second round reads marks from a memo that keeps starting afresh
        assert [check_answer(case, "tyler-durden", a).to_dict() for a in answers] == fresh
    read = worked["_plain_mark"]
    assert len(set(read)) > 3  # more different marks than the bound
    assert len(read) > len(set(read))  # so some were forgotten and read again


@pytest.mark.parametrize("start", [True, 1.0])
def test_a_mark_equal_to_a_remembered_one_but_not_an_int_is_still_damaged(
    case: Case, start: object
) -> None:
    assert check_answer(case, "kyiv-post", {"spans": [[1, 9, "booster"]]}).is_valid
    feedback = check_answer(case, "kyiv-post", {"spans": [[start, 9, "booster"]]})
    assert feedback.problem is not None and "damaged" in feedback.problem


# --- hedge density ----------------------------------------------------------------------


def test_density_counts_the_key_per_part_without_boosters(case: Case) -> None:
    key = key_of(case, "tyler-durden")
    article = case.article("tyler-durden")
    counts = hedge_counts(case, "tyler-durden")
    assert counts["source"] == "key"
    headline_hedges = [s for s in key.spans if s.part == "headline" and s.category != "booster"]
    body_hedges = [s for s in key.spans if s.part == "body" and s.category != "booster"]
    assert counts["headline_hedges"] == len(headline_hedges)
    assert counts["body_hedges"] == len(body_hedges)
    density = hedge_density(case, "tyler-durden")
    assert density["headline"] == round(
        100 * len(headline_hedges) / word_count(article.headline), 2
    )
    assert density["body"] == round(100 * len(body_hedges) / word_count(article.body), 2)


def test_density_without_headline_is_none(case: Case) -> None:
    assert hedge_density(case, "kyiv-post")["headline"] is None


def test_density_can_use_the_detector_for_a_case_without_key(case_folder: Path) -> None:
    case = load_case(case_folder)
    counts = hedge_counts(case, "tyler-durden")
    assert counts["source"] == "detector"
    assert counts["body_hedges"] > 0
    with pytest.raises(LookupError):
        hedge_counts(case, "tyler-durden", source="key")


def test_density_of_chosen_categories(case: Case) -> None:
    key = key_of(case, "tyler-durden")
    boosters = hedge_counts(case, "tyler-durden", categories=["booster"])
    assert boosters["body_hedges"] == sum(s.category == "booster" for s in key.spans)


def test_a_headline_already_at_the_top_of_the_body_is_not_shown_twice(case: Case) -> None:
    from dataclasses import replace

    article = case.article("tyler-durden")
    kept = tuple(item for item in article.furniture if item.kind != "headline")
    in_body = replace(article, furniture=kept)
    assert in_body.body.startswith(article.headline)
    assert marking_text(in_body) == in_body.body
    start, end = marking_parts(in_body)["headline"]
    assert in_body.body[start:end] == article.headline
    body_start, body_end = marking_parts(in_body)["body"]
    assert body_end == len(in_body.body) and not in_body.body[body_start].isspace()
