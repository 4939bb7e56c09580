"""How the claim spread: the story's outlets and citations as tables, and the lesson's quiz.

The data comes from the case's keys, never from code: the outlets and edges of
``key/sources.toml`` (who cited, copied or translated whom, and when), the articles' dates
in ``case.toml``, hedges per 100 words from ``key/hedges.toml`` (or the detector), and the
expert's reliability bands from ``key/reliability.toml``. :func:`appearances_table` and
:func:`edges_table` return them as pandas DataFrames; :func:`time_layers` orders the
outlets left to right in time for the charts (:mod:`lessons.spread.charts`). An uncertain
date stays a range (``earliest``/``latest``, either may be missing), never a single day.

The quiz of lesson 05 (task ids ``spread/<question>``) asks the questions of
:data:`QUESTION_IDS`; ``key/spread.toml`` gives each one's prompt, choices and reasons (format
in ``docs/case-format.md``). A student's answer is ``{"choices": [choice id, ...]}``: one id for a
question that asks for one answer, any number for "tick every one". :func:`check_answer`
never raises on bad input. pandas and networkx are imported only inside the functions that
need them.

The package, one concept a submodule (each imports only the ones listed before it):

- :mod:`lessons.spread.key`: the quiz's questions and its parsed key (:class:`SpreadKey`), and
  the helpers that get a question and its choices (:func:`question`, :func:`choice_label`).
- :mod:`lessons.spread.parse`: reading and validating ``key/spread.toml`` (:func:`parse_key`).
- :mod:`lessons.spread.check`: the checker of one quiz answer (:func:`check_answer`).
- :mod:`lessons.spread.outlets`: each outlet's chart group, date and column in time
  (:func:`group_of`, :func:`outlet_date`, :func:`short_date`, :func:`time_layers`).
- :mod:`lessons.spread.tables`: the spread data as DataFrames (:func:`appearances_table`,
  :func:`edges_table`).
- :mod:`lessons.spread.charts`: the charts drawn from them.
"""

from __future__ import annotations

from lessons.sources import MissingKeyError
from lessons.spread.check import check_answer
from lessons.spread.key import (
    ARTICLE_TASKS,
    CHOICE_SOURCES,
    CHOOSE,
    EXTRA_TARGETS,
    QUESTION_IDS,
    QUESTION_TITLES,
    SKILL,
    VERDICTS,
    Choice,
    MissingQuizError,
    Question,
    SpreadKey,
    choice_label,
    question,
    spread_key,
    target_title,
    task_ids,
)
from lessons.spread.outlets import (
    GROUPS,
    UNCERTAIN_CONFIDENCE,
    group_of,
    outlet_date,
    short_date,
    time_layers,
)
from lessons.spread.parse import parse_key
from lessons.spread.tables import appearances_table, edges_table

__all__ = [
    "ARTICLE_TASKS",
    "CHOICE_SOURCES",
    "CHOOSE",
    "EXTRA_TARGETS",
    "GROUPS",
    "QUESTION_IDS",
    "QUESTION_TITLES",
    "SKILL",
    "UNCERTAIN_CONFIDENCE",
    "VERDICTS",
    "Choice",
    "MissingKeyError",
    "MissingQuizError",
    "Question",
    "SpreadKey",
    "appearances_table",
    "check_answer",
    "choice_label",
    "edges_table",
    "group_of",
    "outlet_date",
    "parse_key",
    "question",
    "short_date",
    "spread_key",
    "target_title",
    "task_ids",
    "time_layers",
]
