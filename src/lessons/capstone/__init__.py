"""The capstone (lesson 06): one article end to end, and a corrected news brief.

Two tasks:

- ``capstone/article``: the article a student chose to work on end to end, ``{"article":
  "<article id>"}``. The work itself is lesson 02, 03 and 04's tasks for that article
  (``sources/<id>``, ``hedges/<id>``, ``reliability/<id>``); this checker reads them from the
  student's other answers and sums what their own checkers give (each out of 1), so the
  grade of "one article end to end" comes from the very same checkers.
- ``capstone/brief``: a 100-150 word corrected news brief about the claim, ``{"text": str}``.
  The checker looks only at what a machine can fairly judge: the length, attribution and
  hedges (with the hedge detector), whether it names where the claim began and who checked
  or denied it (names from the case's ``key/sources.toml``). Boosters are pointed out, not
  scored. Everything else is the teacher's, with the rubric in ``lessons/data/capstone.toml``.

Both checkers are pure and never raise on bad input: a helper that cannot read an answer
raises :class:`lessons.feedback.MalformedAnswer`, and the checker turns it into one sentence.

The package, one concept a submodule (each imports only the ones listed before it):

- :mod:`lessons.capstone.targets`: the two task targets and their titles (:func:`target_title`).
- :mod:`lessons.capstone.rules`: the rules for the brief, the points and the rubric, read and
  validated from ``capstone.toml`` (:func:`load_capstone`, :func:`default_capstone`).
- :mod:`lessons.capstone.wording`: how the feedback writes numbers, lists and quoted words.
- :mod:`lessons.capstone.article`: "one article end to end" (:func:`check_article`).
- :mod:`lessons.capstone.brief`: the corrected news brief (:func:`check_brief`,
  :func:`names_in`).
- :mod:`lessons.capstone.check`: the route from any capstone answer to its checker
  (:func:`check_answer`).
"""

from __future__ import annotations

from lessons.capstone.article import ARTICLE_SKILLS, check_article
from lessons.capstone.brief import check_brief, names_in
from lessons.capstone.check import check_answer
from lessons.capstone.rules import (
    BriefRules,
    Capstone,
    DataFileError,
    RubricRow,
    default_capstone,
    default_capstone_path,
    load_capstone,
)
from lessons.capstone.targets import (
    ARTICLE_TARGET,
    ARTICLE_TASKS,
    BRIEF_TARGET,
    EXTRA_TARGETS,
    SKILL,
    TARGET_TITLES,
    target_title,
)

__all__ = [
    "ARTICLE_SKILLS",
    "ARTICLE_TARGET",
    "ARTICLE_TASKS",
    "BRIEF_TARGET",
    "EXTRA_TARGETS",
    "SKILL",
    "TARGET_TITLES",
    "BriefRules",
    "Capstone",
    "DataFileError",
    "RubricRow",
    "check_answer",
    "check_article",
    "check_brief",
    "default_capstone",
    "default_capstone_path",
    "load_capstone",
    "names_in",
    "target_title",
]
