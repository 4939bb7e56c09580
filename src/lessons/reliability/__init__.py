"""Rate an article's reliability: the rubric, the expert key with its bands, and the checker.

Students rate each *article* (not the outlet's brand) on the weighted criteria of
``lessons/data/rubric.toml``, quoting the sentence behind each judgement. The checker
compares each level with the expert's, judges whether the quote is in the article and
bears on the criterion, places the total inside or outside the expert's band, and notices
blanket ratings (every article rated the same), because telling articles apart is the skill.

One concept per module:

- :mod:`.rubric`: the criteria, levels and bands, :func:`load_rubric`, :func:`score`, :func:`band`.
- :mod:`.key`: the expert key (``key/reliability.toml``) and its parser, :func:`parse_key`.
- :mod:`.evidence`: whether a quote is in the article and bears on a criterion.
- :mod:`.answers`: reading a student's saved levels and quotes, :func:`article_scores`.
- :mod:`.blanket`: the note on rating every article about the same.
- :mod:`.how_sure`: "how sure are you now?", the end-of-lesson reflection.
- :mod:`.check`: the checker, :func:`check_answer`, which brings them together.
"""

# The names imported ``as`` themselves are not in ``__all__`` but were importable from the single
# module this package replaces (the widgets use LEVEL_WORDS and START_CONFIDENCE_TASK), so they
# are re-exported explicitly.
from lessons.reliability.answers import article_scores, read_levels
from lessons.reliability.blanket import BLANKET_MIN_ARTICLES as BLANKET_MIN_ARTICLES
from lessons.reliability.blanket import BLANKET_SPREAD
from lessons.reliability.check import NEAR_BAND as NEAR_BAND
from lessons.reliability.check import check_answer
from lessons.reliability.evidence import MIN_QUOTE_WORDS as MIN_QUOTE_WORDS
from lessons.reliability.evidence import EvidenceJudgement, judge_evidence
from lessons.reliability.how_sure import EXTRA_TARGETS, HOW_SURE_TARGET
from lessons.reliability.how_sure import START_CONFIDENCE_TASK as START_CONFIDENCE_TASK
from lessons.reliability.key import KEY_FORMAT as KEY_FORMAT
from lessons.reliability.key import ArticleKey, CriterionKey, ReliabilityKey, parse_key
from lessons.reliability.rubric import (
    EVIDENCE_FROM,
    LEVELS,
    Band,
    Criterion,
    Rubric,
    band,
    default_rubric,
    load_rubric,
    score,
)
from lessons.reliability.rubric import LEVEL_SHARE as LEVEL_SHARE
from lessons.reliability.rubric import LEVEL_WORDS as LEVEL_WORDS
from lessons.reliability.rubric import RUBRIC_FORMAT as RUBRIC_FORMAT
from lessons.reliability.rubric import default_rubric_path as default_rubric_path

__all__ = [
    "BLANKET_SPREAD",
    "EVIDENCE_FROM",
    "EXTRA_TARGETS",
    "HOW_SURE_TARGET",
    "LEVELS",
    "ArticleKey",
    "Band",
    "Criterion",
    "CriterionKey",
    "EvidenceJudgement",
    "ReliabilityKey",
    "Rubric",
    "article_scores",
    "band",
    "check_answer",
    "default_rubric",
    "judge_evidence",
    "load_rubric",
    "parse_key",
    "read_levels",
    "score",
]
