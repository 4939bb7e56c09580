"""The quiz of lesson 05: its questions, the parsed ``key/spread.toml`` (:class:`SpreadKey`),
and the helpers lessons, widgets and the checker use to get a question and its choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lessons.casestudy import Case

__all__ = [
    "ARTICLE_TASKS",
    "CHOICE_SOURCES",
    "CHOOSE",
    "EXTRA_TARGETS",
    "KEY_FORMAT",
    "QUESTION_IDS",
    "QUESTION_TITLES",
    "SKILL",
    "VERDICTS",
    "Choice",
    "MissingQuizError",
    "Question",
    "SpreadKey",
    "choice_label",
    "question",
    "spread_key",
    "target_title",
    "task_ids",
]

SKILL = "spread"
KEY_FORMAT = 1

#: The questions lesson 05 asks, in teaching order: each has its place in the notebook,
#: and ``key/spread.toml`` gives its prompt, choices and answers for a case.
QUESTION_IDS: tuple[str, ...] = (
    "how-many-sources",
    "hidden-source",
    "uncertain-date",
    "dropped-hedge",
    "what-next",
)
#: Targets of ``spread/<target>`` task ids (read by :mod:`lessons.teacher.exercises`); none is an article.
EXTRA_TARGETS = QUESTION_IDS
ARTICLE_TASKS = False
#: A short title for each question, for gradebooks and reports ("what it asks", no answer).
QUESTION_TITLES: dict[str, str] = {
    "how-many-sources": "How many sources behind the claim?",
    "hidden-source": "Which copies hide their source?",
    "uncertain-date": "When did an undated text first appear?",
    "dropped-hedge": "Which headline first dropped the hedge?",
    "what-next": "What happened next, and what it proves",
}
#: ``one``: exactly one answer; ``several``: tick every right one.
CHOOSE = ("one", "several")
#: Where a question's choices come from: its own ``label``s, or the case's articles.
CHOICE_SOURCES = ("options", "articles")
VERDICTS = ("right", "partly", "wrong")


@dataclass(frozen=True)
class Choice:
    """One choice of a question: whether it is right, and why (shown when it is ticked)."""

    id: str
    verdict: str
    why: str
    label: str = ""
    credit: float = 0.0

    @property
    def earns(self) -> float:
        """The share of the question's point a choice earns when it is the answer."""
        return {"right": 1.0, "partly": self.credit, "wrong": 0.0}[self.verdict]


@dataclass(frozen=True)
class Question:
    """One quiz question: the prompt, its choices and where to look when stuck."""

    id: str
    prompt: str
    choose: str
    choices_from: str
    hint: str
    choices: tuple[Choice, ...]

    @property
    def right(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.verdict == "right")

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class SpreadKey:
    """The parsed ``key/spread.toml``: the quiz questions, in the file's order."""

    questions: Mapping[str, Question]


class MissingQuizError(LookupError):
    """The case study has no ``key/spread.toml``, or it lacks a question."""

    def __init__(self, question_id: str | None = None) -> None:
        self.question_id = question_id
        super().__init__(question_id)

    def __str__(self) -> str:
        if self.question_id is None:
            return (
                "This case study has no key for the spread quiz (key/spread.toml), so answers "
                "cannot be checked; ask your teacher."
            )
        return (
            f"There is no question called {self.question_id!r} in this case study; the "
            f"questions are: {', '.join(QUESTION_IDS)}."
        )


def spread_key(case: Case) -> SpreadKey:
    """The case's quiz key; raises :class:`MissingQuizError` with a plain sentence."""
    key = case.key(SKILL)
    if not isinstance(key, SpreadKey):
        raise MissingQuizError()
    return key


def question(case: Case, question_id: str) -> Question:
    """One question of the case's quiz; the error lists the questions there are."""
    key = spread_key(case)
    found = key.questions.get(question_id) if isinstance(question_id, str) else None
    if found is None:
        raise MissingQuizError(str(question_id))
    return found


def task_ids(case: Case) -> tuple[str, ...]:
    """The spread tasks of a case (``spread/<question>``), in teaching order."""
    key = case.key(SKILL)
    if not isinstance(key, SpreadKey):
        return ()
    return tuple(f"{SKILL}/{q}" for q in QUESTION_IDS if q in key.questions)


def target_title(target: str) -> str:
    """A reader's name for a task target: the question's short title, or the target itself."""
    return QUESTION_TITLES.get(target, target)


def choice_label(case: Case, question: Question, choice: Choice) -> str:
    """What a student sees for a choice: its label, or the article's outlet."""
    if choice.label:
        return choice.label
    if question.choices_from == "articles":
        return case.article(choice.id).outlet
    return choice.id
