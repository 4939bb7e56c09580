"""Read like a fact-checker: tell the article from the page around it, its date, its origin.

Lesson 01 asks three first questions about a captured web page, before anyone asks whether
the story is true: which lines are the article and which are the website around it (links
to other stories, share buttons, comment boxes, a date header); does the page show when
the article was published; and is the text a translation. Every answer comes from the
case study's own ``case.toml`` (its ``furniture``, ``date``, ``shown_date``,
``translation_of``), so the lesson works on any case; what each kind of furniture is, the
points and the date choices are in the package's ``data/reading.toml``.

A student's answer for one article (task id ``reading/<article id>``) is a plain dict::

    {
        "furniture": [1, 2, 31],   # line numbers (from 1) of the raw page marked "not the article"
        "date": "shown-not-publication",  # one of DATE_CHOICES: "shown-is-publication",
                                          # "shown-not-publication", "no-date"
        "translation": False,      # is the text a translation of an article in another language?
    }

Any part may be left out (``None``) or empty, but not all of them. Line numbers count
every line of the raw text, blank ones included, as :func:`page_lines` numbers them.
Bad input never raises: :func:`check_answer` returns :meth:`Feedback.invalid` with one
sentence saying what to do.

The package, one concept a submodule (each imports only the ones listed before it):

- :mod:`lessons.reading.guide`: the guide file and its parser (:func:`load_guide`).
- :mod:`lessons.reading.page`: a page as numbered lines (:func:`page_lines`), :func:`date_choice`.
- :mod:`lessons.reading.check`: the checker for one article's answer (:func:`check_answer`).
"""

from __future__ import annotations

# The names imported ``as`` themselves are not in ``__all__`` but were importable from the single
# module this package replaces, so they are re-exported explicitly.
from lessons.reading.check import ANSWER_FIELDS, check_answer
from lessons.reading.guide import (
    BELONGS,
    DATE_CHOICES,
    FurnitureKind,
    ReadingGuide,
    default_guide,
    default_guide_path,
    load_guide,
)
from lessons.reading.guide import GUIDE_FORMAT as GUIDE_FORMAT
from lessons.reading.guide import Belongs as Belongs
from lessons.reading.guide import Points as Points
from lessons.reading.page import PageLine, accepted_date_choices, date_choice, page_lines

__all__ = [
    "ANSWER_FIELDS",
    "BELONGS",
    "DATE_CHOICES",
    "FurnitureKind",
    "PageLine",
    "ReadingGuide",
    "accepted_date_choices",
    "check_answer",
    "date_choice",
    "default_guide",
    "default_guide_path",
    "load_guide",
    "page_lines",
]
