"""Find the hedges: the expert key, the checker of a student's marks, and hedge density.

A student marks spans of an article's *marking text* (:func:`marking_text`: the headline,
a blank line, then the body) and gives each a category of the hedge lexicon. The answer is
``{"spans": [[start, end, category], ...]}`` with character offsets in that text. The expert
key (``key/hedges.toml``, format in ``docs/case-format.md``) lists the spans to find, defensible
alternatives and look-alikes, as quotes resolved to offsets when the case loads.

The detector itself lives in :mod:`lessons.hedges.detector`; ``find_hedges`` and ``Hit`` are
re-exported here for convenience.

The package, one concept a submodule (each imports only the ones listed before it):

- :mod:`lessons.hedges.marking`: the text students mark, :func:`marking_text` and :func:`marking_parts`.
- :mod:`lessons.hedges.key`: the expert key and its parser, :func:`parse_key`.
- :mod:`lessons.hedges.check`: the checker of a student's marks, :func:`check_answer`.
- :mod:`lessons.hedges.density`: hedge counts and density for the spread charts, :func:`hedge_density`.
"""

from __future__ import annotations

from lessons.hedges.check import MAX_MARKS as MAX_MARKS
from lessons.hedges.check import SKILL, check_answer
from lessons.hedges.check import WRONG_CATEGORY_CREDIT as WRONG_CATEGORY_CREDIT
from lessons.hedges.check import WRONG_MARK_PENALTY as WRONG_MARK_PENALTY
from lessons.hedges.density import Source, hedge_counts, hedge_density

# The names imported ``as`` themselves are not in ``__all__`` but were importable from the single
# module this package replaces, so they are re-exported explicitly.
from lessons.hedges.detector import Hit, find_hedges
from lessons.hedges.key import KEY_FORMAT, ArticleKey, HedgeKey, KeyNote, KeySpan, parse_key
from lessons.hedges.key import PARTS as PARTS
from lessons.hedges.marking import marking_parts, marking_text

__all__ = [
    "KEY_FORMAT",
    "SKILL",
    "ArticleKey",
    "HedgeKey",
    "Hit",
    "KeyNote",
    "KeySpan",
    "Source",
    "check_answer",
    "find_hedges",
    "hedge_counts",
    "hedge_density",
    "marking_parts",
    "marking_text",
    "parse_key",
]
