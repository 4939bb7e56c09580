"""The spread data and the lesson 05 quiz: tables from the keys, dates kept as uncertain as
they are, the quiz key validated, and a checker that teaches without giving answers away."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lessons import tasks
from lessons.casestudy import Case
from lessons.feedback import Feedback
from lessons.hedges import hedge_density
from lessons.skills import load_case, load_seed_case
from lessons.sources import MissingKeyError, sources_key
from lessons.spread import (
    EXTRA_TARGETS,
    QUESTION_IDS,
    appearances_table,
    check_answer,
    choice_label,
    edges_table,
    outlet_date,
    question,
    short_date,
    spread_key,
    task_ids,
    time_layers,
)
from lessons.teacher.exercises import load_exercise
from lessons.validation import DataFileError
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


@pytest.fixture(scope="module")
def outlets(case: Case) -> pd.DataFrame:
    return appearances_table(case).set_index("id", drop=False)


# --- the spread data ------------------------------------------------------------------------


def test_every_edge_joins_two_outlets_of_the_table(case: Case, outlets: pd.DataFrame) -> None:
    edges = edges_table(case)
    assert len(edges) == len(sources_key(case).edges) > 0
    assert set(edges["from"]) <= set(outlets["id"])
    assert set(edges["to"]) <= set(outlets["id"])
    assert set(edges["kind"]) == {"credited", "uncredited-copy", "translation"}
    assert not edges.duplicated(["from", "to"]).any()


def test_the_outlets_the_seeds_cite_are_nodes_too(outlets: pd.DataFrame) -> None:
    names = set(outlets["name"])
    for wanted in ("REGNUM", "Daily Mail", "New York Post", "Business Insider", "Newsweek",
                   "The Independent", "Il Messaggero"):  # fmt: skip
        assert wanted in names
    assert any(name.startswith("Russian state TV") for name in names)
    seeds = outlets[outlets["is_seed"]]
    assert sorted(seeds["article"]) == sorted(load_seed_case().article_ids)
    assert not outlets.loc["regnum", "is_seed"]


def test_dates_parse_as_timestamps_and_keep_their_confidence(
    case: Case, outlets: pd.DataFrame
) -> None:
    assert pd.api.types.is_datetime64_any_dtype(outlets["earliest"])
    assert pd.api.types.is_datetime64_any_dtype(outlets["latest"])
    key = sources_key(case)
    for source in key.outlets:
        row = outlets.loc[source.id]
        date = outlet_date(case, source)
        if date is None:
            assert pd.isna(row["earliest"]) and pd.isna(row["latest"])
            assert row["date_label"] == "date not found" and pd.isna(row["date_confidence"])
            continue
        for bound in ("earliest", "latest"):
            value = getattr(date, bound)
            assert pd.isna(row[bound]) if value is None else row[bound].date() == value, bound
        assert row["date_confidence"] == date.confidence
        assert row["date_label"] == date.label()


def test_uncertain_dates_stay_uncertain(outlets: pd.DataFrame) -> None:
    for _, row in outlets.iterrows():
        both = not pd.isna(row["earliest"]) and not pd.isna(row["latest"])
        assert row["date_exact"] == (both and row["earliest"] == row["latest"]), row["id"]
    # REGNUM: only "on or before 5 August"; never turned into a day.
    assert pd.isna(outlets.loc["regnum", "earliest"])
    assert outlets.loc["regnum", "latest"] == pd.Timestamp("2022-08-05")
    assert not outlets.loc["regnum", "date_exact"]
    # The news blog: a range from the copied article to the day the page was saved.
    blog = outlets.loc["adahzionblog"]
    assert (blog["earliest"], blog["latest"]) == (
        pd.Timestamp("2022-08-08"),
        pd.Timestamp("2022-09-26"),
    )
    # The Kyiv Post: "on or after", low confidence; National Review: no date at all.
    assert pd.isna(outlets.loc["kyiv-post", "latest"])
    assert outlets.loc["kyiv-post", "date_confidence"] == "low"
    assert outlets.loc["national-review", "date_label"] == "date not found"
    # Exact days are exact: the New York Post, the Foreign Ministry's denial.
    assert outlets.loc["ny-post", "date_exact"]
    assert outlets.loc["russian-foreign-ministry", "date_label"] == "11 August 2022"


def test_short_dates_say_how_uncertain_they_are(case: Case) -> None:
    key = sources_key(case)
    assert short_date(outlet_date(case, key.source("regnum"))) == "by 5 Aug 2022"
    assert short_date(outlet_date(case, key.source("daily-mail"))) == "4–5 Aug 2022"
    assert short_date(outlet_date(case, key.source("adahzionblog"))) == "8 Aug–26 Sep 2022"
    assert (
        short_date(outlet_date(case, key.source("kyiv-post"))) == "7 Aug 2022 or later (probably)"
    )
    assert short_date(outlet_date(case, key.source("zerohedge"))) == "7 Aug 2022 (probably)"
    assert short_date(None) == "date not found"


def test_time_order_respects_every_citation_and_every_sure_date(case: Case) -> None:
    layers = time_layers(case)
    key = sources_key(case)
    for edge in key.edges:
        assert layers[edge.source] < layers[edge.target], (edge.source, edge.target)
    dates = {s.id: outlet_date(case, s) for s in key.outlets}
    for a, da in dates.items():
        for b, db in dates.items():
            if da and db and da.latest and db.earliest and da.latest < db.earliest:
                assert layers[a] < layers[b], (a, b)
    assert layers["regnum"] == 0
    assert layers["rappler"] == max(layers.values())


def test_dates_that_contradict_the_citations_are_not_trusted(tmp_path: Path) -> None:
    folder = copy_case(tmp_path / "case")
    text = (folder / "key" / "sources.toml").read_text(encoding="utf-8")
    # The Independent (8 August) cites the New York Post: pretend the Post came out later.
    text = text.replace(
        'date = { earliest = 2022-08-05, latest = 2022-08-05, confidence = "high" }\n'
        'note = "Cites Korotchenko on Channel One.',
        'date = { earliest = 2022-08-20, latest = 2022-08-20, confidence = "high" }\n'
        'note = "Cites Korotchenko on Channel One.',
    )
    (folder / "key" / "sources.toml").write_text(text, encoding="utf-8")
    case = load_case(folder)
    assert sources_key(case).source("ny-post").date.latest.day == 20
    layers = time_layers(case)
    for edge in sources_key(case).edges:
        assert layers[edge.source] < layers[edge.target]


def test_hedges_and_bands_come_from_the_other_keys(case: Case, outlets: pd.DataFrame) -> None:
    reliability = case.key("reliability")
    for article_id in case.article_ids:
        row = outlets[outlets["article"] == article_id].iloc[0]
        density = hedge_density(case, article_id)
        assert row["body_hedges_per_100"] == density["body"]
        if density["headline"] is None:
            assert math.isnan(row["headline_hedges_per_100"])
        else:
            assert row["headline_hedges_per_100"] == density["headline"]
        assert row["hedges_counted_by"] == "key"
        low, high = reliability.articles[article_id].band
        assert (row["band_low"], row["band_high"], row["band"]) == (low, high, f"{low}-{high}")
    # The ZeroHedge body says "North Korea has said": a booster the key counts.
    assert outlets.loc["zerohedge", "body_boosters_per_100"] > 0
    non_seeds = outlets[~outlets["is_seed"]]
    assert non_seeds["body_hedges_per_100"].isna().all() and non_seeds["band"].isna().all()


def test_without_hedge_and_reliability_keys_the_detector_counts(tmp_path: Path) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=("sources",)))
    table = appearances_table(case)
    seeds = table[table["is_seed"]]
    assert set(seeds["hedges_counted_by"]) == {"detector"}
    assert (seeds["body_hedges_per_100"] > 0).all()
    assert table["band"].isna().all()


def test_without_a_sources_key_there_is_no_graph(tmp_path: Path) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=()))
    with pytest.raises(MissingKeyError, match="no key for tracing sources"):
        appearances_table(case)
    with pytest.raises(MissingKeyError):
        edges_table(case)


def test_importing_the_module_pulls_in_no_heavy_library() -> None:
    code = (
        "import sys, lessons.spread\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'networkx') if m in sys.modules]\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- the quiz key -----------------------------------------------------------------------------


def test_the_seed_key_asks_every_question_in_teaching_order(case: Case) -> None:
    key = spread_key(case)
    assert tuple(key.questions) == QUESTION_IDS == EXTRA_TARGETS
    assert task_ids(case) == tuple(f"spread/{q}" for q in QUESTION_IDS)
    for found in key.questions.values():
        assert found.prompt and found.hint and len(found.choices) >= 2
        assert all(c.why for c in found.choices)


def test_the_hidden_sources_agree_with_the_sources_key(case: Case) -> None:
    """The articles that hide where their text came from are the uncredited ones."""
    uncredited = {a for a, entry in sources_key(case).articles.items() if not entry.credited}
    right = {c.id for c in question(case, "hidden-source").right}
    assert right == uncredited == {"news-blog", "il-messaggero"}


def test_the_count_of_boxes_in_question_one_is_the_count_on_the_map(case: Case) -> None:
    """The wrong choice that counts every box gives the number of boxes the graph draws."""
    words = {16: "Sixteen", 17: "Seventeen", 18: "Eighteen", 19: "Nineteen", 20: "Twenty"}
    boxes = len(sources_key(case).outlets)
    label = question(case, "how-many-sources").choice("every-outlet").label  # type: ignore[union-attr]
    assert label.startswith(f"{words[boxes]}: every box in the graph")


def test_the_headline_question_agrees_with_the_reliability_key(case: Case) -> None:
    """Only a headline the reliability key finds not matching its body may be the one that
    states the offer as fact; a headline the key rates as matching earns nothing."""
    headline = {
        article: entry.criteria["headline-matches"]
        for article, entry in case.key("reliability").articles.items()
    }
    found = question(case, "dropped-hedge")
    for choice in found.choices:
        rated = headline[choice.id]
        if choice.verdict == "right":
            assert rated.level == "not-met" and "met" not in rated.also
        else:
            assert choice.verdict == "wrong"
    assert [c.id for c in found.right] == ["zerohedge"]
    assert check_answer(case, "dropped-hedge", picks("news-blog")).score == 0


def test_the_quiz_exercise_lists_the_quiz(case: Case) -> None:
    exercise = load_exercise("quiz-spread")
    assert exercise.mode == "assessment"
    assert exercise.task_ids == task_ids(case)
    unit = load_exercise("full-unit")
    assert set(task_ids(case)) <= set(unit.task_ids)


QUESTION = """
[[questions]]
id = "{id}"
prompt = "A question?"
choose = "{choose}"
choices_from = "{source}"
hint = "Look here."
{choices}
"""
CHOICE = """
[[questions.choices]]
id = "{id}"
{label}verdict = "{verdict}"
why = "Because."
{extra}"""


def choice(choice_id: str, verdict: str, *, label: str | None = "A choice", extra: str = "") -> str:
    return CHOICE.format(
        id=choice_id, verdict=verdict, label=f'label = "{label}"\n' if label else "", extra=extra
    )


def broken_case(tmp_path: Path, body: str) -> Path:
    folder = copy_case(tmp_path / "case", keys=("sources", "spread"))
    (folder / "key" / "spread.toml").write_text("format = 1\n" + body, encoding="utf-8")
    return folder


def test_a_broken_quiz_key_reports_every_problem_with_its_field(tmp_path: Path) -> None:
    body = (
        QUESTION.format(id="favourite-colour", choose="one", source="options",
                        choices=choice("a", "right") + choice("b", "wrong"))
        + QUESTION.format(id="hidden-source", choose="several", source="articles",
                          choices=choice("kyiv-post", "partly", label=None)
                          + choice("the-moon", "right", label=None))
        + QUESTION.format(id="what-next", choose="one", source="options",
                          choices=choice("a", "right") + choice("b", "right")
                          + choice("c", "wrong", label=None)
                          + choice("d", "wrong", extra="credit = 0.5\n"))
        + QUESTION.format(id="uncertain-date", choose="one", source="options",
                          choices=choice("A B", "right") + choice("x", "partly", extra="credit = 2\n")
                          + choice("x", "wrong"))
    )  # fmt: skip
    with pytest.raises(DataFileError) as raised:
        load_case(broken_case(tmp_path, body))
    problems = [str(p) for p in raised.value.problems]
    text = "\n".join(problems)
    assert all(p.startswith("key/spread.toml: questions[") for p in problems), text
    assert "questions[0].id: must be one of: 'how-many-sources'" in text
    assert "questions[1].choices[0].verdict: 'partly' only goes with choose = 'one'" in text
    assert (
        "questions[1].choices[1].id: 'the-moon' is not an article of the case; articles are: kyiv-post"
        in text
    )
    assert (
        "questions[2].choices: a question with choose = 'one' needs exactly one right choice, not 2"
        in text
    )
    assert "questions[2].choices[2].label: is missing; a choice of your own needs a label" in text
    assert "questions[2].choices[3].credit: only goes with verdict = 'partly'" in text
    assert "questions[3].choices[0].id: 'A B' must be lower-case letters" in text
    assert "questions[3].choices[1].credit: must be between 0 and 1, not 2" in text
    assert "questions[3].choices[2].id: 'x' is already a choice of this question" in text


def test_a_question_asked_twice_and_unknown_fields_are_reported(tmp_path: Path) -> None:
    one = QUESTION.format(id="what-next", choose="several", source="options",
                          choices=choice("a", "right") + choice("b", "wrong"))  # fmt: skip
    body = one + one + '\n[[questions]]\nid = "dropped-hedge"\ncolour = "red"\n'
    with pytest.raises(DataFileError) as raised:
        load_case(broken_case(tmp_path, body))
    text = str(raised.value)
    assert "questions[1].id: 'what-next' is already used" in text
    assert "questions[2].colour: unknown field; allowed fields are: id, prompt, choose" in text
    assert "questions[2].prompt: is missing" in text


# --- the checker ------------------------------------------------------------------------------


def picks(*choice_ids: str) -> dict[str, list[str]]:
    return {"choices": list(choice_ids)}


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_the_right_answers_score_full_marks(case: Case, question_id: str) -> None:
    found = question(case, question_id)
    feedback = check_answer(case, question_id, picks(*(c.id for c in found.right)))
    assert feedback.is_valid and feedback.score == feedback.max_score == 1
    assert feedback.next_step is None
    for right in found.right:
        assert right.why in feedback.to_text()


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
    zerohedge = found.choice("zerohedge")
    assert choice_label(case, found, zerohedge) == case.article("zerohedge").outlet
    feedback = check_answer(case, "dropped-hedge", picks("zerohedge"))
    assert feedback.items[0].label == case.article("zerohedge").outlet


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ("zerohedge", "This answer is empty or damaged"),
        ({}, "Pick an answer first"),
        ({"choices": []}, "Pick an answer first"),
        ({"choices": "zerohedge"}, "must be a list of the choices"),
        ({"choices": [3]}, "is not one of this question's choices"),
        ({"choices": ["the-moon"]}, "“the-moon” is not one of this question's choices"),
        ({"choices": ["zerohedge", "deep-dive"]}, "asks for one answer"),
        ({"choices": ["zerohedge"] * 60}, "far more choices"),
        ({"choices": ["zerohedge"], "confidence": 3}, "a part the checker does not know"),
    ],
)
def test_bad_answers_get_one_plain_sentence(case: Case, answer: object, sentence: str) -> None:
    feedback = check_answer(case, "dropped-hedge", answer)
    assert not feedback.is_valid and sentence in str(feedback)
    assert feedback.max_score == 1 and "\n" not in str(feedback)


def test_the_same_choice_twice_counts_once(case: Case) -> None:
    feedback = check_answer(case, "hidden-source", picks("news-blog", "news-blog"))
    assert feedback.score == 0.5


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


def test_every_question_has_a_short_title_that_gives_nothing_away(case: Case) -> None:
    from lessons.spread import QUESTION_TITLES, target_title

    assert set(QUESTION_TITLES) == set(QUESTION_IDS)
    for question_id in QUESTION_IDS:
        title = target_title(question_id)
        for choice in question(case, question_id).right:
            assert choice_label(case, question(case, question_id), choice) not in title
    assert target_title("no-such-question") == "no-such-question"
