"""The reliability rubric, the expert key and the rating checker."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from lessons import reliability, tasks
from lessons.casestudy import Case
from lessons.feedback import MalformedAnswer
from lessons.reliability import LEVELS, ReliabilityKey, Rubric, blanket, check, evidence
from lessons.resources import seed_case_dir
from lessons.skills import load_case, load_seed_case
from lessons.validation import DataFileError
from tests.cases import expert_rating, reliability_only_case, remember_little


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return reliability_only_case(tmp_path_factory.mktemp("seed") / "case")


@pytest.fixture(scope="module")
def key(case: Case) -> ReliabilityKey:
    found = case.key("reliability")
    assert isinstance(found, ReliabilityKey)
    return found


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return reliability.default_rubric()


def item(feedback: Any, label: str) -> Any:
    matches = [i for i in feedback.items if i.label == label]
    assert matches, f"no item {label!r} in {[i.label for i in feedback.items]}"
    return matches[0]


# --- rubric -----------------------------------------------------------------------------------


def test_rubric_weights_add_up_to_100_and_bands_cover_every_total(rubric: Rubric) -> None:
    assert sum(c.weight for c in rubric.criteria) == 100
    assert len(rubric.criteria) >= 7
    for total in range(101):
        assert rubric.band(total)
    assert rubric.bands[0].low == 0 and rubric.bands[-1].high == 100
    for criterion in rubric.criteria:
        assert set(criterion.descriptions) == set(LEVELS)
        assert all(criterion.descriptions.values()) and criterion.cues and criterion.question


def test_score_gives_met_the_weight_partly_half_and_not_met_nothing(rubric: Rubric) -> None:
    ids = rubric.ids
    assert reliability.score(dict.fromkeys(ids, "met")) == 100
    assert reliability.score(dict.fromkeys(ids, "not-met")) == 0
    assert reliability.score(dict.fromkeys(ids, "partly")) == 50
    first = rubric.criteria[0]
    assert reliability.score({first.id: "met"}) == first.weight
    assert reliability.band(100) == "highly trustworthy"
    assert reliability.band(0) == "very doubtful"  # plain words; NewsGuard's name is its term
    assert reliability.default_rubric().bands[0].term == "proceed with maximum caution"
    with pytest.raises(ValueError, match="101"):
        reliability.band(101)


def test_bad_rubric_file_reports_every_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "rubric.toml"
    path.write_text(
        """
format = 1
[[criteria]]
id = "Names Sources"
label = "Names"
question = "?"
weight = 30
met = "a"
partly = "b"
not_met = "c"
look_for = "d"
cues = ["said"]
colour = "red"
furniture = ["sidebar"]
evidence_from = ["gossip"]

[[criteria]]
id = "evidence"
label = "Evidence"
question = "?"
weight = 30
met = "a"
partly = "b"
not_met = "c"
look_for = "d"
cues = []

[[bands]]
name = "low"
min = 10
[[bands]]
name = "high"
min = 5
""",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as error:
        reliability.load_rubric(path)
    text = str(error.value)
    assert "criteria[0].id: 'Names Sources' must be lower-case" in text
    assert "criteria[0].colour: unknown field; allowed fields are: id, label" in text
    assert "criteria[0].furniture[0]: 'sidebar' is not a kind of furniture" in text
    assert (
        "criteria[0].evidence_from[0]: 'gossip' is not a source of evidence; use one of: sources, hedges"
        in text
    )
    assert "criteria[1].cues: is empty" in text
    assert "bands[0].min: must be 0" in text
    assert "bands[1].min: 5 must be above the previous band's min (10)" in text
    assert all(p.file == "rubric.toml" for p in error.value.problems)


def test_rubric_weights_not_adding_up_to_100_are_reported(tmp_path: Path) -> None:
    source = reliability.default_rubric_path().read_text(encoding="utf-8")
    path = tmp_path / "rubric.toml"
    path.write_text(source.replace("weight = 16", "weight = 26", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match="the weights add up to 110; they must add up to 100"):
        reliability.load_rubric(path)


# --- expert key -------------------------------------------------------------------------------


def test_seed_key_rates_every_article_on_every_criterion_inside_its_band(
    case: Case, key: ReliabilityKey, rubric: Rubric
) -> None:
    assert set(key.articles) == set(case.article_ids)
    for article_key in key.articles.values():
        assert set(article_key.criteria) == set(rubric.ids)
        low, high = article_key.band
        assert low <= rubric.score(article_key.levels) <= high
        assert article_key.track_record and article_key.crucial in rubric.ids
        assert all(c.reason for c in article_key.criteria.values())


def test_seed_key_tells_articles_apart(key: ReliabilityKey) -> None:
    bands = {article_id: k.band for article_id, k in key.articles.items()}
    assert bands["news-blog"][1] < bands["deep-dive"][0]


def test_seed_key_treats_the_corrections_link_as_partly_not_met(key: ReliabilityKey) -> None:
    corrections = key.articles["kyiv-post"].criteria["corrections"]
    assert corrections.level == "partly"
    assert "To suggest a correction" in corrections.quotes[0]


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(seed_case_dir(), folder, ignore=shutil.ignore_patterns("key"))
    (folder / "key").mkdir()
    shutil.copy(seed_case_dir() / "key" / "reliability.toml", folder / "key")
    return folder


def test_broken_key_reports_file_field_and_what_is_allowed_all_at_once(case_copy: Path) -> None:
    path = case_copy / "key" / "reliability.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("[articles.deep-dive]", "[articles.deep-diver]", 1)
    text = text.replace("[articles.deep-dive.", "[articles.deep-diver.")
    text = text.replace(
        '[articles.kyiv-post.criteria.evidence]\nlevel = "partly"',
        '[articles.kyiv-post.criteria.evidence]\nlevel = "somewhat"',
    )
    text = text.replace(
        'quotes = ["This is according to U.S. online media company Business Insider"]',
        'quotes = ["according to the BBC"]',
    )
    text = text.replace(
        "[articles.tyler-durden.criteria.corrections]", "[articles.tyler-durden.criteria.fairness]"
    )
    text = text.replace("band = [40, 60]", "band = [70, 80]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_case(case_copy)
    problems = {(p.file, p.field): p.message for p in error.value.problems}
    file = "key/reliability.toml"
    assert "Choose one of: kyiv-post" in problems[(file, "articles.deep-diver")]
    assert "is missing" in problems[(file, "articles.deep-dive")]
    assert (
        "'met', 'partly', 'not-met'"
        in problems[(file, "articles.kyiv-post.criteria.evidence.level")]
    )
    missing = problems[(file, "articles.kyiv-post.criteria.credits-origin.quotes[0]")]
    assert "'according to the BBC' does not occur" in missing
    assert "must match the article exactly" in missing
    assert "unknown criterion" in problems[(file, "articles.tyler-durden.criteria.fairness")]
    assert "is missing" in problems[(file, "articles.tyler-durden.criteria.corrections")]
    assert "outside the band [70, 80]" in problems[(file, "articles.spark-chronicles.band")]


# --- checker: agreement and disagreement -------------------------------------------------------


@pytest.mark.parametrize(
    "article_id", ["kyiv-post", "spark-chronicles", "tyler-durden", "news-blog", "deep-dive"]
)
def test_agreeing_with_the_expert_and_quoting_the_evidence_is_competent(
    case: Case, key: ReliabilityKey, article_id: str
) -> None:
    feedback = reliability.check_answer(case, article_id, expert_rating(key, article_id))
    assert feedback.is_valid
    assert feedback.score == feedback.max_score == 20
    assert feedback.level == 4
    assert all(i.verdict in ("right", "note") for i in feedback.items)
    assert "inside the expert band" in feedback.summary
    assert feedback.details["inside_band"] is True


def test_disagreeing_shows_the_expert_level_reason_and_quote(
    case: Case, key: ReliabilityKey
) -> None:
    answer = expert_rating(key, "deep-dive")
    answer["levels"]["evidence"] = "not-met"
    feedback = reliability.check_answer(case, "deep-dive", answer)
    evidence = item(feedback, "Weighs the evidence")
    expert = key.articles["deep-dive"].criteria["evidence"]
    # level wrong, quote fine: half the points, and the symbol says so
    assert evidence.verdict == "partly" and evidence.points == 1
    assert "You say not met; the expert says met" in evidence.explanation
    assert expert.reason in evidence.explanation
    assert evidence.quote == expert.quotes[0]
    assert feedback.next_step == "Look again at “Weighs the evidence”: " + (
        reliability.default_rubric().criterion("evidence").question
    )


def test_missing_the_crucial_piece_is_named_first(case: Case, key: ReliabilityKey) -> None:
    answer = expert_rating(key, "tyler-durden")
    answer["levels"]["headline-matches"] = "met"
    answer["levels"]["names-sources"] = "not-met"  # heavier and farther off, but not crucial
    feedback = reliability.check_answer(case, "tyler-durden", answer)
    headline = item(feedback, "Headline matches the body")
    # The key rates ZeroHedge's headline "partly" (a trailing ": Report", as the rubric says).
    assert headline.verdict == "partly" and headline.points == 1.5
    assert "the expert says partly met" in headline.explanation
    assert (feedback.next_step or "").startswith(
        "The crucial piece for this article is “Headline matches the body”"
    )
    assert feedback.level == 3


def test_a_defensible_alternative_level_counts_as_agreement(
    case: Case, key: ReliabilityKey
) -> None:
    answer = expert_rating(key, "kyiv-post")
    answer["levels"]["names-sources"] = "partly"
    feedback = reliability.check_answer(case, "kyiv-post", answer)
    names = item(feedback, "Names its sources")
    assert names.verdict == "right" and names.points == 2
    assert "partly met is defensible too" in names.explanation


def test_one_level_off_earns_half_the_level_point(case: Case, key: ReliabilityKey) -> None:
    answer = expert_rating(key, "deep-dive")
    answer["levels"]["hedges-match"] = "partly"
    feedback = reliability.check_answer(case, "deep-dive", answer)
    hedges = item(feedback, "Hedges match the evidence")
    assert hedges.verdict == "partly" and hedges.points == 1.5


def test_total_outside_the_band_says_by_how_much_and_what_the_expert_saw(
    case: Case, key: ReliabilityKey, rubric: Rubric
) -> None:
    levels = dict.fromkeys(rubric.ids, "met")
    feedback = reliability.check_answer(case, "news-blog", {"levels": levels})
    overall = item(feedback, "Overall rating")
    low, high = key.articles["news-blog"].band
    assert overall.verdict == "wrong"
    assert f"{100 - high} points above the expert band {low}–{high}" in overall.explanation
    assert "The expert saw less than you in: “Weighs the evidence”" in overall.explanation
    assert feedback.details["inside_band"] is False


def test_total_just_outside_the_band_earns_half(case: Case, key: ReliabilityKey) -> None:
    answer = expert_rating(key, "deep-dive")
    answer["levels"]["headline-matches"] = "not-met"  # 82 - 10 = 72: 3 below 75
    answer["levels"]["seeks-confirmation"] = "not-met"  # 72 - 5 = 67: 8 below 75
    feedback = reliability.check_answer(case, "deep-dive", answer)
    overall = item(feedback, "Overall rating")
    assert overall.verdict == "partly" and overall.points == 1
    assert "8 points below the expert band 75–95" in overall.explanation
    assert "The expert saw more than you in" in overall.explanation


def test_partial_rating_lists_what_is_missing_without_revealing_it(
    case: Case, key: ReliabilityKey
) -> None:
    answer = {"levels": {"names-sources": "met"}, "evidence": {}}
    feedback = reliability.check_answer(case, "news-blog", answer)
    missed = item(feedback, "Not rated yet")
    assert missed.verdict == "missed" and missed.max_points == 16
    assert "“Credits where it got the story”" in missed.explanation
    expert_reasons = [c.reason for c in key.articles["news-blog"].criteria.values()]
    assert not any(reason in feedback.to_text() for reason in expert_reasons[1:])
    assert feedback.details["total"] is None
    low, high = key.articles["news-blog"].band
    assert f"{low}–{high}" not in feedback.to_text()  # the band comes after a full rating
    assert "About the outlet" not in feedback.to_text()
    assert feedback.next_step.startswith("Rate the questions you skipped")


def test_track_record_is_context_after_rating_not_part_of_the_score(
    case: Case, key: ReliabilityKey
) -> None:
    feedback = reliability.check_answer(case, "news-blog", expert_rating(key, "news-blog"))
    context = item(feedback, "About the outlet (context, not part of your score)")
    assert context.verdict == "note" and context.max_points == 0
    assert "The Independent" in context.explanation


# --- checker: evidence ---------------------------------------------------------------------------


def rate_one(case: Case, article_id: str, criterion: str, level: str, quote: str | None) -> Any:
    answer = {"levels": {criterion: level}, "evidence": {criterion: quote}}
    feedback = reliability.check_answer(case, article_id, answer)
    assert feedback.is_valid, feedback.problem
    return feedback.items[0]


def test_missing_evidence_is_flagged_for_met_but_optional_for_not_met(case: Case) -> None:
    met = rate_one(case, "deep-dive", "evidence", "met", None)
    assert "Add a quote from the article" in met.explanation
    assert met.points == 1 and met.verdict == "partly"
    absent = rate_one(case, "news-blog", "credits-origin", "not-met", "")
    assert absent.verdict == "right" and absent.points == 2


def test_quote_not_in_the_article_is_flagged(case: Case) -> None:
    result = rate_one(
        case, "deep-dive", "evidence", "met", "The BBC confirmed it with three sources."
    )
    assert "not in this article" in result.explanation
    assert result.verdict == "partly" and result.points == 1


def test_quote_from_another_article_names_that_article(case: Case) -> None:
    quote = "This is according to U.S. online media company Business Insider"
    result = rate_one(case, "deep-dive", "credits-origin", "met", quote)
    assert "comes from another article (Kyiv Post)" in result.explanation


def test_page_furniture_is_not_evidence_except_where_the_rubric_allows(case: Case) -> None:
    share = rate_one(
        case, "tyler-durden", "names-sources", "met", "Fight Censorship, Share This Post!"
    )
    assert "a share button, part of the web page around the article" in share.explanation
    link = "To suggest a correction or clarification, write to us here"
    corrections = rate_one(case, "kyiv-post", "corrections", "partly", link)
    assert corrections.verdict == "right"
    elsewhere = rate_one(case, "kyiv-post", "evidence", "partly", link)
    assert "the site's corrections link" in elsewhere.explanation


def test_corrections_link_does_not_make_the_article_met(case: Case, key: ReliabilityKey) -> None:
    link = "To suggest a correction or clarification, write to us here"
    result = rate_one(case, "kyiv-post", "corrections", "met", link)
    assert result.verdict == "partly"
    assert key.articles["kyiv-post"].criteria["corrections"].reason in result.explanation


def test_quote_that_does_not_bear_on_the_criterion_says_what_to_look_for(
    case: Case, rubric: Rubric
) -> None:
    quote = "Presently, North Korea has the world’s fourth largest military"
    result = rate_one(case, "kyiv-post", "names-sources", "met", quote)
    assert "does not seem to bear on this question" in result.explanation
    assert rubric.criterion("names-sources").look_for in result.explanation
    assert result.points == 1.5


def test_quote_bears_by_cue_word_or_overlap_with_the_expert(case: Case) -> None:
    # Not an expert quote, but "according to" is a cue for naming sources.
    cue = "According to Russian state TV and the outlets that picked up the news"
    assert rate_one(case, "deep-dive", "names-sources", "met", cue).verdict == "right"
    # Part of the expert's sentence, without any cue word.
    overlap = "Kremlin nor Pyongyang has"
    assert rate_one(case, "deep-dive", "seeks-confirmation", "met", overlap).verdict == "right"


def test_quotes_are_matched_forgivingly_but_must_be_long_enough(case: Case) -> None:
    typed = "Neither the Kremlin nor Pyongyang has, as of this writing,   confirmed any of these claims."
    assert rate_one(case, "deep-dive", "seeks-confirmation", "met", typed).verdict == "right"
    short = rate_one(case, "deep-dive", "seeks-confirmation", "met", "the Kremlin")
    assert "Quote at least 3 words" in short.explanation
    byline = rate_one(case, "tyler-durden", "author-outlet", "partly", "Tyler Durden")
    assert byline.verdict == "right"


def test_a_hedge_the_detector_finds_bears_on_the_hedges_question(case: Case) -> None:
    # "disputed" is no cue word of the rubric, and the sentence is not the expert's quote:
    # the hedge detector of lesson 03 recognises it as a distancing hedge.
    quote = "The reliability of Regum, however, is highly disputed by western analysts"
    assert rate_one(case, "kyiv-post", "hedges-match", "partly", quote).verdict == "right"
    assert (
        "does not seem to bear"
        in rate_one(
            case,
            "kyiv-post",
            "names-sources",
            "met",
            "Presently, North Korea has the world’s fourth",
        ).explanation
    )


def test_a_source_the_sources_key_names_bears_on_naming_sources(case: Case) -> None:
    quote = "in a live panel discussion on Russian Channel One"
    alone = rate_one(case, "news-blog", "names-sources", "partly", quote)
    assert "does not seem to bear" in alone.explanation  # this case has no sources key
    full = load_seed_case()
    assert any(named.quote == quote for named in full.key("sources").articles["news-blog"].named)
    assert rate_one(full, "news-blog", "names-sources", "partly", quote).verdict == "right"


# --- checker: blanket ratings -------------------------------------------------------------------


def test_rating_every_article_the_same_is_called_blanket(case: Case, rubric: Rubric) -> None:
    doubt = dict.fromkeys(rubric.ids, "not-met")
    answers = {f"reliability/{a}": {"levels": doubt} for a in case.article_ids}
    feedback = reliability.check_answer(case, "deep-dive", {"levels": doubt}, answers=answers)
    note = item(feedback, "Telling articles apart")
    assert "blanket doubt" in note.explanation
    assert "Telling articles apart is the skill" in note.explanation
    assert feedback.details["blanket"] is True


def test_blanket_trust_is_named_too(case: Case, rubric: Rubric) -> None:
    trust = dict.fromkeys(rubric.ids, "met")
    answers = {
        "reliability/kyiv-post": {"levels": trust},
        "reliability/news-blog": {"levels": trust},
    }
    feedback = reliability.check_answer(case, "deep-dive", {"levels": trust}, answers=answers)
    assert "blanket trust" in item(feedback, "Telling articles apart").explanation


def test_ratings_that_tell_articles_apart_are_not_blanket(case: Case, key: ReliabilityKey) -> None:
    answers = {f"reliability/{a}": expert_rating(key, a) for a in case.article_ids}
    feedback = reliability.check_answer(
        case, "deep-dive", answers["reliability/deep-dive"], answers
    )
    assert not [i for i in feedback.items if i.label == "Telling articles apart"]
    assert feedback.details["blanket"] is False


def test_two_ratings_are_too_few_to_call_blanket(case: Case, rubric: Rubric) -> None:
    same = dict.fromkeys(rubric.ids, "partly")
    answers = {"reliability/kyiv-post": {"levels": same}}
    feedback = reliability.check_answer(case, "deep-dive", {"levels": same}, answers=answers)
    assert feedback.details["blanket"] is False


def test_damaged_other_answers_are_ignored(case: Case, key: ReliabilityKey) -> None:
    answers: dict[str, Any] = {
        "reliability/kyiv-post": {"levels": "met"},
        "reliability/news-blog": {"levels": {"nonsense": "met"}},
        "reliability/tyler-durden": [],
        "sources/kyiv-post": {"anything": 1},
    }
    feedback = reliability.check_answer(case, "deep-dive", expert_rating(key, "deep-dive"), answers)
    assert feedback.is_valid and feedback.details["blanket"] is False


class OnlyLookups(dict):
    """Answers that may be looked up but not listed: what the grader's memo can reuse best."""

    def __iter__(self):  # type: ignore[override]
        raise AssertionError("the checker listed every answer")

    def items(self):  # type: ignore[override]
        raise AssertionError("the checker listed every answer")


def test_the_blanket_check_looks_up_only_the_other_ratings(case: Case, rubric: Rubric) -> None:
    same = {"levels": dict.fromkeys(rubric.ids, "partly")}
    answers = OnlyLookups({f"reliability/{a}": same for a in case.article_ids})
    feedback = reliability.check_answer(case, "kyiv-post", same, answers=answers)
    assert feedback.details["blanket"] is True


def test_how_sure_now_is_a_task_exercises_can_list() -> None:
    assert reliability.HOW_SURE_TARGET in reliability.EXTRA_TARGETS


# --- checker: bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "empty or damaged"),
        ("met", "empty or damaged"),
        ({}, "Choose met, partly or not met for at least one question"),
        ({"levels": {}}, "Choose met, partly or not met for at least one question"),
        ({"levels": {"names-sources": None}}, "at least one question"),
        ({"levels": ["met"]}, "This answer is damaged"),
        ({"levels": {"names-sources": "yes"}}, "'yes' is not a level for “Names its sources”"),
        ({"levels": {"names-sources": ["met"]}}, "['met'] is not a level"),
        ({"levels": {"names-sources": {"a": 1}}}, "is not a level"),
        ({"levels": {"fairness": "met"}}, "There is no question called 'fairness'"),
        ({"levels": {"evidence": "met"}, "evidence": "a quote"}, "Your evidence is damaged"),
        ({"levels": {"evidence": "met"}, "evidence": {"evidence": 3}}, "is not text"),
    ],
)
def test_bad_input_gets_one_plain_sentence(case: Case, answer: object, message: str) -> None:
    feedback = reliability.check_answer(case, "deep-dive", answer)
    assert not feedback.is_valid
    assert message in (feedback.problem or "")
    assert "\n" not in (feedback.problem or "") and "Traceback" not in (feedback.problem or "")


@pytest.mark.parametrize(
    ("target", "answer"),
    [("deep-dive", None), ("deep-dive", {"levels": ["met"]}), ("how-sure-now", {})],
)
def test_a_malformed_answer_is_said_for_its_task_with_nothing_to_score(
    case: Case, target: str, answer: object
) -> None:
    feedback = reliability.check_answer(case, target, answer)
    assert feedback.problem and feedback.task == f"reliability/{target}"
    assert feedback.score == feedback.max_score == 0


def test_unreadable_levels_raise_a_malformed_answer_with_the_sentence(rubric: Rubric) -> None:
    with pytest.raises(MalformedAnswer, match="is not a level for"):
        reliability.read_levels(rubric, {"names-sources": "yes"})


def test_unknown_article_lists_the_valid_ones(case: Case) -> None:
    feedback = reliability.check_answer(case, "the-sun", {"levels": {"evidence": "met"}})
    assert "There is no article called 'the-sun'. Choose one of: kyiv-post" in (
        feedback.problem or ""
    )


def test_case_without_a_key_says_it_cannot_check(case: Case) -> None:
    bare = load_case(case.path, with_keys=False)
    feedback = reliability.check_answer(bare, "deep-dive", {"levels": {"evidence": "met"}})
    assert "no expert rating for this article" in (feedback.problem or "")


def test_level_spellings_are_forgiven(case: Case, key: ReliabilityKey) -> None:
    answer = expert_rating(key, "news-blog")
    answer["levels"] = {
        cid: {"not-met": "Not met", "partly": " PARTLY", "met": "met"}[level]
        for cid, level in answer["levels"].items()
    }
    feedback = reliability.check_answer(case, "news-blog", answer)
    assert feedback.score == feedback.max_score


def test_tasks_check_routes_to_this_checker(case: Case, key: ReliabilityKey) -> None:
    answer = expert_rating(key, "spark-chronicles")
    via_router = tasks.check(case, "reliability/spark-chronicles", answer)
    assert via_router == reliability.check_answer(case, "spark-chronicles", answer)
    assert via_router.task == "reliability/spark-chronicles"


# --- scores across articles and "how sure are you now?" ---------------------------------------


def test_article_scores_counts_only_fully_rated_articles(case: Case, key: ReliabilityKey) -> None:
    answers = {
        "reliability/deep-dive": expert_rating(key, "deep-dive"),
        "reliability/news-blog": {"levels": {"evidence": "met"}},
    }
    scores = reliability.article_scores(case, answers)
    assert scores["deep-dive"] == reliability.score(key.articles["deep-dive"].levels)
    assert scores["news-blog"] is None and scores["kyiv-post"] is None
    assert list(scores) == list(case.article_ids)


def test_how_sure_now_compares_with_the_first_lesson(case: Case) -> None:
    answers = {"start/confidence": {"percent": 80}}
    feedback = tasks.check(case, "reliability/how-sure-now", {"percent": 30}, answers)
    assert feedback.is_valid and feedback.score == 1
    assert "50 points less sure than at the start" in feedback.summary
    assert "In the first lesson you were 80% sure." in feedback.to_text()
    assert case.claim_status in feedback.to_text()
    alone = tasks.check(case, "reliability/how-sure-now", {"percent": 30})
    assert "gave no answer in the first lesson" in alone.summary


def test_how_sure_now_has_no_right_answer_so_it_is_never_called_right(case: Case) -> None:
    for percent in (0, 50, 100):
        feedback = tasks.check(case, "reliability/how-sure-now", {"percent": percent})
        assert feedback.score == feedback.max_score == 1  # the point is for answering
        assert {item.verdict for item in feedback.items} == {"note"}
        assert (
            "Right" not in feedback.to_text() and "no right or wrong answer" in feedback.to_text()
        )


@pytest.mark.parametrize("answer", [{}, {"percent": "lots"}, {"percent": 140}, {"percent": True}])
def test_how_sure_now_rejects_bad_input_plainly(case: Case, answer: dict[str, Any]) -> None:
    feedback = tasks.check(case, "reliability/how-sure-now", answer)
    assert "Move the slider" in (feedback.problem or "")


def test_importing_the_checker_loads_no_heavy_libraries(case: Case) -> None:
    import subprocess
    import sys

    code = (
        "import sys, lessons.reliability, lessons.skills as c; c.load_case(sys.argv[1]);"
        "print(sorted(m for m in ('matplotlib', 'pandas', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(case.path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- remembered judgements ------------------------------------------------------------------------


#: The checker's helpers remembered per case (see lessons.memo.per_case), by the submodule of
#: ``lessons.reliability`` that holds them.
REMEMBERED: dict[ModuleType, tuple[str, ...]] = {
    check: ("_judge_criterion", "_judge_levels"),
    blanket: ("_total_if_complete", "_blanket_sentence"),
    evidence: ("_article_text", "_sentences_touched"),
}


def remember_all_little(
    monkeypatch: pytest.MonkeyPatch, entries: int, watched: Case
) -> dict[str, list[tuple[Any, ...]]]:
    """:func:`remember_little` for every remembered helper of the checker."""
    worked: dict[str, list[tuple[Any, ...]]] = {}
    for module, names in REMEMBERED.items():
        worked |= remember_little(monkeypatch, module, names, entries, watched)
    return worked


class RecordingAnswers(dict):
    """Answers that remember which task ids a checker looked up."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.looked_up: list[str] = []

    def get(self, task_id: str, default: Any = None) -> Any:  # type: ignore[override]
        self.looked_up.append(task_id)
        return super().get(task_id, default)


def test_the_blanket_check_stops_reading_once_two_totals_lie_far_apart(
    case: Case, key: ReliabilityKey, rubric: Rubric
) -> None:
    doubt = {"levels": dict.fromkeys(rubric.ids, "not-met")}
    trust = {"levels": dict.fromkeys(rubric.ids, "met")}
    answers = RecordingAnswers({f"reliability/{a}": doubt for a in case.article_ids})
    answers["reliability/spark-chronicles"] = trust  # the first other rating: 100 against 0
    feedback = reliability.check_answer(case, "kyiv-post", doubt, answers)
    assert feedback.details["blanket"] is False
    assert answers.looked_up == ["reliability/spark-chronicles"]
    same = RecordingAnswers({f"reliability/{a}": doubt for a in case.article_ids})
    feedback = reliability.check_answer(case, "kyiv-post", doubt, same)
    assert feedback.details["blanket"] is True
    assert sorted(same.looked_up) == sorted(
        f"reliability/{a}" for a in case.article_ids if a != "kyiv-post"
    )


def test_unhashable_levels_in_other_ratings_are_ignored(case: Case, rubric: Rubric) -> None:
    doubt = {"levels": dict.fromkeys(rubric.ids, "not-met")}
    answers: dict[str, Any] = {f"reliability/{a}": doubt for a in case.article_ids}
    answers["reliability/tyler-durden"] = {"levels": {cid: ["not-met"] for cid in rubric.ids}}
    answers["reliability/news-blog"] = {"levels": {"evidence": {"level": "met"}}}
    feedback = reliability.check_answer(case, "deep-dive", doubt, answers)
    assert feedback.is_valid
    assert "You gave all 3 articles" in item(feedback, "Telling articles apart").explanation


def test_a_remembered_judgement_is_the_same_as_a_fresh_one(
    case: Case, key: ReliabilityKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = expert_rating(key, "tyler-durden")
    answer["levels"]["evidence"] = "met"
    answers = {f"reliability/{a}": expert_rating(key, a) for a in case.article_ids}
    first = reliability.check_answer(case, "tyler-durden", answer, answers)
    again = reliability.check_answer(case, "tyler-durden", answer, answers)
    remember_all_little(monkeypatch, entries=100, watched=case)  # nothing remembered yet
    fresh = reliability.check_answer(case, "tyler-durden", answer, answers)
    assert first == again == fresh
    assert first.details is not again.details  # each answer gets its own details to keep


def test_the_same_levels_with_other_quotes_are_judged_on_those_quotes(
    case: Case, key: ReliabilityKey
) -> None:
    quoted = expert_rating(key, "deep-dive")
    unquoted = {"levels": quoted["levels"], "evidence": {}}
    with_quotes = reliability.check_answer(case, "deep-dive", quoted)
    without = reliability.check_answer(case, "deep-dive", unquoted)
    assert with_quotes.level == 4 and without.level == 1
    assert "Find better evidence" in (without.next_step or "")
    assert with_quotes.summary == without.summary  # what the levels alone decide


def test_remembered_tables_stay_bounded(
    case: Case, rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked = remember_all_little(monkeypatch, entries=3, watched=case)
    for level in LEVELS * 2:  # the second round needs again what the first has forgotten
        for criterion_id in rubric.ids:
            levels = dict.fromkeys(rubric.ids, "partly") | {criterion_id: level}
            answers = {f"reliability/{a}": {"levels": levels} for a in case.article_ids}
            feedback = reliability.check_answer(case, "news-blog", {"levels": levels}, answers)
            assert feedback.details["total"] == reliability.score(levels)
    for name in ("_judge_criterion", "_judge_levels", "_total_if_complete"):
        calls = worked[name]
        assert len(set(calls)) > 3, name  # more different results than the bound
        assert len(calls) > len(set(calls)), name  # so some were forgotten and worked out again


def test_another_case_object_never_gets_this_case_s_judgements(
    case: Case, key: ReliabilityKey, case_copy: Path
) -> None:
    answer = expert_rating(key, "kyiv-post")
    before = reliability.check_answer(case, "kyiv-post", answer)
    path = case_copy / "key" / "reliability.toml"
    record = key.articles["kyiv-post"].track_record
    path.write_text(
        path.read_text(encoding="utf-8").replace(record, "A changed track record."),
        encoding="utf-8",
    )
    after = reliability.check_answer(load_case(case_copy), "kyiv-post", answer)
    about = "About the outlet (context, not part of your score)"
    assert record in item(before, about).explanation
    assert "A changed track record." in item(after, about).explanation


def test_each_criterion_key_knows_how_far_every_level_is_from_the_expert(
    key: ReliabilityKey,
) -> None:
    for article_key in key.articles.values():
        for expert in article_key.criteria.values():
            assert expert.agreements[expert.level] == "agree"
            assert set(expert.agreements) == set(LEVELS)
            for level, agreement in expert.agreements.items():
                assert (agreement == "agree") == (level in expert.accepted)


def _pasted_rating(key: ReliabilityKey, article_id: str, level: str) -> dict[str, Any]:
    """Every question at ``level``, with one sentence of the article pasted as the evidence
    of each."""
    article_key = key.articles[article_id]
    sentence = next(q for c in article_key.criteria.values() for q in c.quotes)
    return {
        "levels": {cid: level for cid in article_key.criteria},
        "evidence": {cid: sentence for cid in article_key.criteria},
    }


@pytest.mark.parametrize("level", ["met", "partly", "not-met"])
def test_a_blanket_rating_with_copy_paste_evidence_stays_at_the_lowest_level(
    case: Case, key: ReliabilityKey, level: str
) -> None:
    for article_id in case.article_ids:
        feedback = reliability.check_answer(
            case, article_id, _pasted_rating(key, article_id, level)
        )
        assert feedback.level is not None and feedback.level <= 1, (article_id, feedback.level)
        pasted = [i for i in feedback.items if "same sentence as evidence" in i.explanation]
        assert len(pasted) == len(key.rubric.criteria)  # each question is told why
        assert all(i.points <= 1 for i in pasted)  # the pasted quote earns nothing


def test_copy_paste_evidence_with_the_experts_levels_stays_at_the_lowest_level(
    case: Case, key: ReliabilityKey
) -> None:
    for article_id in case.article_ids:
        answer = _pasted_rating(key, article_id, "met")
        answer["levels"] = dict(key.articles[article_id].levels)
        honest = reliability.check_answer(case, article_id, expert_rating(key, article_id))
        pasted = reliability.check_answer(case, article_id, answer)
        assert pasted.level == 1 and honest.level is not None and honest.level > 1
        assert pasted.score < honest.score


def test_one_level_everywhere_with_different_evidence_stays_at_the_lowest_level(
    case: Case, key: ReliabilityKey
) -> None:
    for article_id in case.article_ids:
        answer = expert_rating(key, article_id)
        if len(set(answer["levels"].values())) == 1:
            continue  # the expert gave one level everywhere: nothing blanket about it
        answer["levels"] = {cid: "met" for cid in answer["levels"]}
        assert reliability.check_answer(case, article_id, answer).level == 1


def test_the_first_check_of_a_wrong_level_hides_the_experts_level_and_quote(
    case: Case, key: ReliabilityKey
) -> None:
    article_id = case.article_ids[0]
    answer = expert_rating(key, article_id)
    expert = key.articles[article_id]
    flipped = {"met": "not-met", "not-met": "met", "partly": "not-met"}
    answer["levels"] = {cid: flipped[level] for cid, level in answer["levels"].items()}
    feedback = reliability.check_answer(case, article_id, answer)
    text = feedback.to_text()
    for criterion in expert.criteria.values():
        assert criterion.reason not in text
        assert all(quote not in text for quote in criterion.quotes)
    assert "Show the expert" in feedback.to_html()
    assert any(c.reason in feedback.to_text(full=True) for c in expert.criteria.values())


def test_the_rubrics_booster_examples_are_made_up_not_lesson_03_answers() -> None:
    """The rubric's descriptions sit beside lesson 04's buttons, and a booster quoted from a
    seed article ("made it clear", "has said") would answer lesson 03: its examples are
    made up, and occur in no seed text."""
    import tomllib
    from importlib.resources import files

    from lessons.resources import seed_case_dir

    rubric = tomllib.loads(files("lessons").joinpath("data", "rubric.toml").read_text("utf-8"))
    seeds = " ".join(
        " ".join(path.read_text(encoding="utf-8").split()) for path in seed_case_dir().glob("*.txt")
    ).casefold()
    examples = []
    for criterion in rubric["criteria"]:
        for field in ("question", "met", "partly", "not_met", "look_for"):
            text = criterion.get(field, "")
            for boosted in re.findall(r"boost\w*[^\"]*((?:\"[^\"]+\"[, ]*(?:or )?)+)", text):
                examples += re.findall(r"\"([^\"]+)\"", boosted)
    assert examples, "the rubric gives booster examples"
    assert [e for e in examples if e.casefold() in seeds] == []
