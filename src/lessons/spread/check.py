"""The checker of the lesson 05 quiz: one answer to one question, ``{"choices": [choice id,
...]}``, against ``key/spread.toml`` (:func:`check_answer`); it never raises on bad input."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lessons.casestudy import Case
from lessons.feedback import Feedback, FeedbackItem, MalformedAnswer
from lessons.spread.key import SKILL, MissingQuizError, Question, choice_label, question

__all__ = ["MAX_PICKS", "WRONG_PICK", "check_answer"]

#: Share of one right choice's points lost for each wrong choice ticked ("several").
WRONG_PICK = 0.5
MAX_PICKS = 50


def _read_choices(case: Case, question: Question, answer: object) -> list[str]:
    """The ticked choice ids (an article's former id read as its current one); raises
    :class:`MalformedAnswer` saying what to fix."""
    if not isinstance(answer, Mapping):
        raise MalformedAnswer("This answer is empty or damaged: answer the question again.")
    unknown = [name for name in answer if name != "choices"]
    if unknown:
        raise MalformedAnswer(
            f"This answer has a part the checker does not know ({unknown[0]!r}); an answer is "
            'a list of choices, like {"choices": ["' + question.choices[0].id + '"]}.'
        )
    picks = answer.get("choices")
    if picks is None or picks == []:
        raise MalformedAnswer("Pick an answer first, then press Check.")
    if isinstance(picks, str) or not isinstance(picks, list | tuple):
        raise MalformedAnswer("The answer must be a list of the choices you ticked.")
    if len(picks) > MAX_PICKS:
        raise MalformedAnswer(
            "That is far more choices than the question has: tick only the ones you mean."
        )
    chosen: list[str] = []
    for pick in picks:
        if isinstance(pick, str) and question.choices_from == "articles":
            pick = case.current_id(pick.strip())
        if not isinstance(pick, str) or question.choice(pick.strip()) is None:
            shown = pick if isinstance(pick, str) and len(pick) <= 40 else "one of them"
            raise MalformedAnswer(
                f"“{shown}” is not one of this question's choices: pick from the list."
            )
        if pick.strip() not in chosen:
            chosen.append(pick.strip())
    if question.choose == "one" and len(chosen) > 1:
        raise MalformedAnswer("This question asks for one answer: pick only the best one.")
    return chosen


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one quiz answer (``target`` is a question id) against ``key/spread.toml``.

    Pure: no widgets, no files; ``answers`` (the student's other answers) is not needed.
    """
    task = f"{SKILL}/{target}"
    try:
        found = question(case, target)
    except MissingQuizError as error:
        return Feedback.invalid(task, str(error))
    try:
        chosen = _read_choices(case, found, answer)
    except MalformedAnswer as error:
        return Feedback.invalid(task, error.message, max_score=1.0)
    if found.choose == "one":
        return _check_one(case, task, found, chosen[0])
    return _check_several(case, task, found, chosen)


def _check_one(case: Case, task: str, question: Question, pick: str) -> Feedback:
    choice = question.choice(pick)
    assert choice is not None
    label = choice_label(case, question, choice)
    item = FeedbackItem(
        choice.verdict,  # type: ignore[arg-type]
        label,
        choice.why,
        points=choice.earns,
        max_points=1.0,
    )
    if choice.verdict == "right":
        summary, next_step = "Right.", None
    elif choice.verdict == "partly":
        summary = "Partly right: there is a better answer."
        next_step = question.hint
    else:
        summary, next_step = "Not this one.", question.hint
    return Feedback.from_items(
        task,
        [item],
        summary=summary,
        next_step=next_step,
        details={"question": question.id, "choices": [pick]},
    )


def _check_several(case: Case, task: str, question: Question, picks: Sequence[str]) -> Feedback:
    right = question.right
    share = 1.0 / len(right)
    found = [c for c in right if c.id in picks]
    wrong = [question.choice(p) for p in picks if question.choice(p) not in right]
    earned = share * len(found)
    penalty = min(earned, share * WRONG_PICK * len(wrong))
    items = [
        FeedbackItem(
            "right", choice_label(case, question, c), c.why, points=share, max_points=share
        )
        for c in found
    ]
    for choice in wrong:
        assert choice is not None
        why = choice.why
        if penalty:
            why += f" (Ticking it costs {_num(penalty / len(wrong))} points.)"
        items.append(
            FeedbackItem(
                "wrong",
                choice_label(case, question, choice),
                why,
                points=-penalty / len(wrong),
            )
        )
    missed = len(right) - len(found)
    if missed:
        items.append(
            FeedbackItem(
                "missed",
                f"{missed} more right {'answer' if missed == 1 else 'answers'} to find",
                "Read the choices you left unticked again.",
                max_points=share * missed,
            )
        )
    summary = f"You ticked {len(found)} of the {len(right)} right answers"
    summary += (
        f" and {len(wrong)} that {'is' if len(wrong) == 1 else 'are'} not right." if wrong else "."
    )
    next_step = None if not missed and not wrong else question.hint
    return Feedback.from_items(
        task,
        items,
        summary=summary,
        next_step=next_step,
        details={"question": question.id, "choices": list(picks)},
    )


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")
