"""Reading and validating ``key/spread.toml`` (format in ``docs/case-format.md``): :func:`parse_key`.

Every problem goes to the case's :class:`~lessons.validation.Problems`, naming the field, so
a teacher sees them all at once.
"""

from __future__ import annotations

from typing import Any

from lessons.casestudy import Case
from lessons.spread.key import (
    CHOICE_SOURCES,
    CHOOSE,
    KEY_FORMAT,
    QUESTION_IDS,
    VERDICTS,
    Choice,
    Question,
    SpreadKey,
)
from lessons.validation import ID, Field, Problems

__all__ = ["parse_key"]

_TOP_FIELDS = {"format": Field(int, choices=(KEY_FORMAT,)), "questions": Field(list)}
_QUESTION_FIELDS = {
    "id": Field(str, choices=QUESTION_IDS),
    "prompt": Field(str),
    "choose": Field(str, choices=CHOOSE),
    "choices_from": Field(str, choices=CHOICE_SOURCES),
    "hint": Field(str),
    "choices": Field(list),
}
_CHOICE_FIELDS = {
    "id": Field(str),
    "label": Field(str, required=False),
    "verdict": Field(str, choices=VERDICTS),
    "credit": Field((int, float), required=False),
    "why": Field(str),
}


def parse_key(case: Case, table: dict[str, Any], problems: Problems, file: str) -> SpreadKey:
    """Parse and validate ``key/spread.toml``; every problem goes to ``problems``."""
    top = problems.check_table(file, "", table, _TOP_FIELDS)
    questions: dict[str, Question] = {}
    for index, item in enumerate(top.get("questions", [])):
        where = f"questions[{index}]"
        parsed = _parse_question(case, file, where, item, problems)
        if parsed is None:
            continue
        if parsed.id in questions:
            problems.add(file, f"{where}.id", f"{parsed.id!r} is already used; ask each once")
            continue
        questions[parsed.id] = parsed
    return SpreadKey(questions)


def _blank(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


def _parse_question(
    case: Case, file: str, where: str, item: object, problems: Problems
) -> Question | None:
    """One ``[[questions]]`` table, or None when it has any problem."""
    before = len(problems)
    fields = problems.check_table(file, where, item, _QUESTION_FIELDS)
    for name in ("prompt", "hint"):
        if name in fields and _blank(fields[name]):
            problems.add(file, f"{where}.{name}", "must not be empty")
    from_articles = fields.get("choices_from") == "articles"
    choose = fields.get("choose", "one")
    choices: list[Choice] = []
    seen: set[str] = set()
    for index, entry in enumerate(fields.get("choices", [])):
        at = f"{where}.choices[{index}]"
        parsed = _parse_choice(case, file, at, entry, problems, choose, from_articles, seen)
        if parsed is not None:
            choices.append(parsed)
    if "choices" in fields:
        _check_right_count(file, where, choose, choices, problems)
    if len(problems) > before:
        return None
    return Question(
        id=fields["id"],
        prompt=fields["prompt"].strip(),
        choose=choose,
        choices_from=fields["choices_from"],
        hint=fields["hint"].strip(),
        choices=tuple(choices),
    )


def _parse_choice(
    case: Case,
    file: str,
    at: str,
    entry: object,
    problems: Problems,
    choose: str,
    from_articles: bool,
    seen: set[str],
) -> Choice | None:
    """One ``[[questions.choices]]`` table (its problems reported, its id added to ``seen``),
    or None when it lacks an id, a verdict or a reason."""
    c = problems.check_table(file, at, entry, _CHOICE_FIELDS)
    if "id" not in c or "verdict" not in c or "why" not in c:
        return None
    choice_id = c["id"]
    _check_choice_id(case, file, at, choice_id, problems, from_articles)
    if choice_id in seen:
        problems.add(file, f"{at}.id", f"{choice_id!r} is already a choice of this question")
    seen.add(choice_id)
    if not from_articles and _blank(c.get("label")):
        problems.add(file, f"{at}.label", "is missing; a choice of your own needs a label")
    if _blank(c["why"]):
        problems.add(file, f"{at}.why", "must say why the choice is right or not")
    credit = c.get("credit")
    if c["verdict"] == "partly":
        if credit is None:
            credit = 0.5
        elif not 0 < credit < 1:
            problems.add(file, f"{at}.credit", f"must be between 0 and 1, not {credit}")
        if choose == "several":
            problems.add(
                file,
                f"{at}.verdict",
                "'partly' only goes with choose = 'one'; a 'several' question has right "
                "and wrong choices",
            )
    elif credit is not None:
        problems.add(file, f"{at}.credit", "only goes with verdict = 'partly'")
    return Choice(
        choice_id,
        c["verdict"],
        c["why"],
        label=c.get("label", ""),
        credit=float(credit or 0.0),
    )


def _check_choice_id(
    case: Case, file: str, at: str, choice_id: str, problems: Problems, from_articles: bool
) -> None:
    """A choice of the case's articles is an article id; a choice of one's own is an id."""
    if from_articles and choice_id not in case.article_ids:
        problems.add(
            file,
            f"{at}.id",
            f"{choice_id!r} is not an article of the case; articles are: "
            + ", ".join(case.article_ids),
        )
    elif not from_articles and not ID.match(choice_id):
        problems.add(
            file,
            f"{at}.id",
            f"{choice_id!r} must be lower-case letters, digits and single hyphens, like "
            "'one-source'",
        )


def _check_right_count(
    file: str, where: str, choose: str, choices: list[Choice], problems: Problems
) -> None:
    """A question has two choices or more: exactly one right for ``one``, at least one for
    ``several``."""
    right = sum(1 for c in choices if c.verdict == "right")
    if len(choices) < 2:
        problems.add(file, f"{where}.choices", "needs at least two choices")
    elif choose == "one" and right != 1:
        problems.add(
            file,
            f"{where}.choices",
            f"a question with choose = 'one' needs exactly one right choice, not {right}",
        )
    elif choose == "several" and right == 0:
        problems.add(file, f"{where}.choices", "needs at least one right choice")
