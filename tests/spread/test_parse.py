"""Reading ``key/spread.toml``: a broken quiz key reports every problem with its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.skills import load_case
from lessons.validation import DataFileError
from tests.cases import copy_case

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
