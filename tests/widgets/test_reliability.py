"""Lesson 04's widgets without a browser: controls, running total, saving, restoring, checking."""

from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w
import pytest

import lessons
from lessons import tasks
from lessons.casestudy import Case
from lessons.reliability import LEVELS, ReliabilityKey, default_rubric
from lessons.student import progress, workspace
from lessons.widgets.reliability import ReliabilityRater
from tests.cases import reliability_only_case


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reliability_only_case(tmp_path_factory.mktemp("seed") / "case").path


def key_of(case: Case) -> ReliabilityKey:
    key = case.key("reliability")
    assert isinstance(key, ReliabilityKey)
    return key


def fill_like_the_expert(rater: ReliabilityRater, case: Case) -> None:
    article_key = key_of(case).articles[rater.article.id]
    for criterion_id, expert in article_key.criteria.items():
        rater.levels[criterion_id].value = expert.level
        if expert.quotes:
            rater.evidence[criterion_id].value = expert.quotes[0]


def test_every_criterion_has_a_labelled_three_level_control_and_an_evidence_picker(
    case: Case,
) -> None:
    rater = lessons.rate("deep-dive")
    assert isinstance(rater, ReliabilityRater)
    rubric = default_rubric()
    assert list(rater.levels) == list(rubric.ids) == list(rater.evidence)
    for criterion in rubric.criteria:
        level = rater.levels[criterion.id]
        assert isinstance(level, w.ToggleButtons)
        assert level.description == criterion.question  # what a screen reader hears
        assert [value for _, value in level.options] == list(LEVELS)
        assert [label for label, _ in level.options] == ["met", "partly met", "not met"]
        assert level.value is None  # nothing chosen until the student chooses
        assert len(level.tooltips) == 3
        picker = rater.evidence[criterion.id]
        assert isinstance(picker, w.Combobox) and not picker.ensure_option
        # Shown as "Evidence", named for a screen reader by its question and article.
        assert picker.description_allow_html and picker.placeholder
        assert picker.description == (
            "Evidence<span class='lessons-sr-only'> for "
            f"{html.escape(criterion.label)}, {html.escape(rater.article.outlet)}</span>"
        )
    article = case.article("deep-dive")
    assert [s.text for s in article.sentences][:3] == list(rater.evidence["evidence"].options[1:4])
    assert rater.evidence["evidence"].options[0] == article.headline


def test_evidence_picker_offers_furniture_only_where_the_rubric_accepts_it(case: Case) -> None:
    rater = lessons.rate("kyiv-post")
    link = "To suggest a correction or clarification, write to us here"
    assert link in rater.evidence["corrections"].options
    assert link not in rater.evidence["evidence"].options
    blog = lessons.rate("news-blog")
    assert "Mary Ama" in blog.evidence["author-outlet"].options
    assert "Leave a Reply" not in blog.evidence["author-outlet"].options


def test_running_total_shows_the_score_and_band_as_levels_change(case: Case) -> None:
    rater = lessons.rate("deep-dive")
    assert "your total appears here" in rater.total.value
    rubric = default_rubric()
    rater.levels["names-sources"].value = "met"
    rater.levels["evidence"].value = "partly"
    expected = rubric.score({"names-sources": "met", "evidence": "partly"})
    assert f"Total so far: <strong>{expected}</strong> out of 100" in rater.total.value
    assert rubric.band(expected) in rater.total.value
    assert "2 of 9 questions rated" in rater.total.value
    for control in rater.levels.values():
        control.value = "met"
    assert "Total: <strong>100</strong> out of 100 (highly trustworthy)" in rater.total.value


def test_every_change_is_saved_and_comes_back_when_reopened(case: Case) -> None:
    rater = lessons.rate("tyler-durden")
    rater.levels["headline-matches"].value = "not-met"
    rater.evidence["headline-matches"].value = "North Korea Willing To Send Russia 100,000 Troops"
    saved = progress.load_answer("reliability/tyler-durden")
    assert saved == {
        "levels": {"headline-matches": "not-met"},
        "evidence": {"headline-matches": "North Korea Willing To Send Russia 100,000 Troops"},
    }
    again = lessons.rate("tyler-durden")  # a new kernel, or the cell run again
    assert again.levels["headline-matches"].value == "not-met"
    assert again.evidence["headline-matches"].value.startswith("North Korea Willing")
    assert again.levels["evidence"].value is None
    assert "saved answer is back" in again.task.status.value
    assert "1 of 9 questions rated" in again.total.value


def test_a_damaged_saved_answer_opens_empty_instead_of_failing(case: Case) -> None:
    progress.save_answer(
        "reliability/deep-dive", {"levels": {"evidence": "sort of"}, "evidence": 7}
    )
    rater = lessons.rate("deep-dive")
    assert all(control.value is None for control in rater.levels.values())
    assert all(control.value == "" for control in rater.evidence.values())


def test_check_shows_the_checkers_feedback(case: Case) -> None:
    rater = lessons.rate("deep-dive")
    fill_like_the_expert(rater, case)
    feedback = rater.check()
    assert feedback == tasks.check(case, "reliability/deep-dive", rater.answer)
    assert feedback.score == feedback.max_score
    assert rater.feedback_text == feedback.to_text()
    assert "inside the expert band" in rater.task.feedback.value
    assert "About the outlet" in rater.task.feedback.value


def test_check_with_nothing_chosen_says_what_to_do(case: Case) -> None:
    rater = lessons.rate("news-blog")
    rater.check()
    assert rater.feedback_text.startswith("Choose met, partly or not met")
    assert "Check your answer:" in rater.task.feedback.value


def test_blanket_ratings_across_articles_are_pointed_out(case: Case) -> None:
    for article_id in ("kyiv-post", "tyler-durden", "news-blog"):
        rater = lessons.rate(article_id)
        for control in rater.levels.values():
            control.value = "met"
    rater.check()
    assert "blanket trust" in rater.task.feedback.value  # under "Show N more"


def test_assessment_mode_saves_without_feedback(case: Case) -> None:
    release = workspace.workspace_dir() / ".lessons" / "release.json"
    release.parent.mkdir(parents=True, exist_ok=True)
    release.write_text(json.dumps({"mode": "assessment"}), encoding="utf-8")
    rater = lessons.rate("deep-dive")
    assert rater.task.check_button.description == "Save"
    fill_like_the_expert(rater, case)
    rater.check()
    assert "Score" not in rater.task.feedback.value
    assert "teacher will give you feedback" in rater.feedback_text
    assert progress.load_answer("reliability/deep-dive") == rater.answer


def test_unknown_article_gets_a_sentence_and_outlet_names_work(case: Case) -> None:
    message = lessons.rate("the-sun")
    assert isinstance(message, w.HTML)
    assert (
        "There is no article called &#x27;the-sun&#x27;. Choose one of: kyiv-post" in message.value
    )
    by_name = lessons.rate("The Deep Dive")
    assert isinstance(by_name, ReliabilityRater) and by_name.article.id == "deep-dive"


def test_how_sure_now_is_saved_and_compared_with_the_first_lesson(case: Case) -> None:
    progress.save_answer("start/confidence", {"percent": 70})
    widget = lessons.how_sure_now()
    widget.slider.value = 25
    assert progress.load_answer("reliability/how-sure-now") == {"percent": 25}
    widget.check()
    assert "45 points less sure than at the start" in widget.feedback_text
    assert lessons.how_sure_now().slider.value == 25
    chart = lessons.how_sure_chart()
    assert "at the start 70%, now 25%" in repr(chart)


def test_my_ratings_chart_uses_the_saved_ratings(case: Case) -> None:
    rater = lessons.rate("deep-dive")
    fill_like_the_expert(rater, case)
    total = default_rubric().score(key_of(case).articles["deep-dive"].levels)
    rater.check()
    text = repr(lessons.my_ratings_chart())
    assert f"The Deep Dive: you {total}, expert" in text
    assert "Kyiv Post: not rated yet" in text


def test_my_ratings_chart_shows_an_expert_band_only_after_rating_and_check(case: Case) -> None:
    band = key_of(case).articles["deep-dive"].band
    expert = f"expert {band[0]}-{band[1]}"
    assert expert not in repr(lessons.my_ratings_chart())  # nothing rated: no answers shown
    rater = lessons.rate("deep-dive")
    fill_like_the_expert(rater, case)
    before = repr(lessons.my_ratings_chart())
    assert expert not in before
    assert "The Deep Dive: you" in before and "after you rate it and press Check" in before
    rater.check()
    after = repr(lessons.my_ratings_chart())
    assert "The Deep Dive: you" in after and expert in after
    kyiv = key_of(case).articles["kyiv-post"].band
    assert f"expert {kyiv[0]}-{kyiv[1]}" not in after  # the unrated article still hides its band
    reopened = lessons.rate("deep-dive")
    assert reopened.answer.get("checked") is True  # remembered across reloads


def test_an_assessment_ratings_chart_shows_no_expert_band(case: Case) -> None:
    release = workspace.workspace_dir() / ".lessons" / "release.json"
    release.parent.mkdir(parents=True, exist_ok=True)
    release.write_text(json.dumps({"mode": "assessment"}), encoding="utf-8")
    rater = lessons.rate("deep-dive")
    fill_like_the_expert(rater, case)
    rater.check()
    chart = lessons.my_ratings_chart()
    band = key_of(case).articles["deep-dive"].band
    assert f"expert {band[0]}-{band[1]}" not in repr(chart)
    assert "inside" not in repr(chart) and "the band)" not in repr(chart)
    assert "after your teacher grades" in repr(chart)
    assert chart.figure.axes[0].get_title() == "Your reliability ratings"


def test_show_rubric_lists_every_question_with_its_points(case: Case) -> None:
    view = lessons.show_rubric()
    text = repr(view)
    page = view._repr_html_()
    for criterion in default_rubric().criteria:
        assert f"{criterion.label} ({criterion.weight} points)" in text
        assert html.escape(criterion.descriptions["partly"]) in page
    assert "<caption>" in page and "scope='col'" in page
    assert "Bands: 0-39 very doubtful (NewsGuard: “proceed with maximum caution”);" in text
    assert "; 100 highly trustworthy (NewsGuard: “high credibility”)" in text


def test_the_chosen_level_is_marked_by_a_check_not_only_by_colour(case: Case) -> None:
    """The check mark is drawn by the lessons' CSS on the pressed button; the buttons' icons
    never change (changing them re-drew the buttons and sent keyboard focus to the page)."""
    from lessons.widgets._base import LESSONS_CSS

    rater = lessons.rate("deep-dive")
    assert isinstance(rater, ReliabilityRater)
    level = next(iter(rater.levels.values()))
    level.value = "partly"
    assert list(level.icons) == []
    level.value = "met"
    assert list(level.icons) == []
    assert level.value == "met"
    assert ".widget-toggle-button.mod-active::before {content: '\\2713" in LESSONS_CSS
    assert any(LESSONS_CSS in getattr(c, "value", "") for c in rater.task.view.children)


def test_how_sure_now_does_not_count_the_untouched_50_percent(case: Case) -> None:
    """The slider starts at 50%: that is no answer until the student moves it or presses
    Keep this answer."""
    widget = lessons.how_sure_now()
    assert widget.slider.value == 50 and widget.answer == {}
    feedback = widget.check()
    assert feedback.problem == (
        "Move the slider to say how sure you are now (0 to 100%), then press Check."
    )
    assert progress.load_answer("reliability/how-sure-now") in (None, {})
    widget.keep.click()
    assert progress.load_answer("reliability/how-sure-now") == {"percent": 50}
    assert widget.check().problem is None
    again = lessons.how_sure_now()  # a saved 50% is an answer when the lesson reopens
    assert again.answer == {"percent": 50}
