"""Trace the sources: the expert key of who cited whom, and the checker for one article.

The key (``key/sources.toml``, format in ``docs/case-format.md``) holds the story's *outlets*
(everyone who carried, checked or denied the claim) and the *edges* between them (how the
story moved: credited citation, uncredited copy, translation). It is the one record of the
citation graph: lessons, charts and :mod:`lessons.spread` all read it. For each article it
also holds the sources the article names, where it got the story, and the expert chain.

A student's answer for one article (task id ``sources/<article id>``) is a plain dict::

    {
        "named": ["REGNUM", "business-insider"],  # sources the article names
        "garbled": ["Regum"],                     # which of them it describes wrongly or misspells
        "immediate": "Business Insider",          # where the article got the story
        "credited": True,                         # does the article say where it got it?
        "chain": ["Business Insider", "REGNUM"],  # steps from the article back to the origin
    }

Every value may be a source's id or any name a student might type: names are matched
forgivingly (case, punctuation, "the", and aliases such as "Regum" or "NY Post"). Every
part may be left out or empty except ``chain``, which needs at least one step. Bad input
never raises: :func:`check_answer` returns :meth:`Feedback.invalid` with one sentence.

The package, one concept a submodule (each imports only the ones listed before it):

- :mod:`lessons.sources.key`: the key's data model and the helpers lessons and widgets use.
- :mod:`lessons.sources.parse`: reading and validating ``key/sources.toml`` (:func:`parse_key`).
- :mod:`lessons.sources.chain`: tracing a student's chain link by link (:func:`trace_chain`).
- :mod:`lessons.sources.check`: the checker for one article's answer (:func:`check_answer`).
"""

from __future__ import annotations

from lessons.sources.chain import ChainLink, ChainTrace, LinkVerdict, trace_chain
from lessons.sources.check import ANSWER_FIELDS, check_answer
from lessons.sources.key import (
    EDGE_KINDS,
    KNOWN_FROM,
    ROLES,
    SOURCE_KINDS,
    USES,
    AlsoOrigin,
    ArticleKey,
    Distractor,
    Edge,
    MissingKeyError,
    NamedSource,
    OriginPartly,
    Points,
    Source,
    SourcesKey,
    display_name,
    expert_chain,
    outlet_choices,
    resolve_name,
    source_choices,
    sources_key,
)
from lessons.sources.parse import FORMAT_VERSION, parse_key

__all__ = [
    "ANSWER_FIELDS",
    "EDGE_KINDS",
    "FORMAT_VERSION",
    "KNOWN_FROM",
    "ROLES",
    "SOURCE_KINDS",
    "USES",
    "AlsoOrigin",
    "ArticleKey",
    "ChainLink",
    "ChainTrace",
    "Distractor",
    "Edge",
    "LinkVerdict",
    "MissingKeyError",
    "NamedSource",
    "OriginPartly",
    "Points",
    "Source",
    "SourcesKey",
    "check_answer",
    "display_name",
    "expert_chain",
    "outlet_choices",
    "parse_key",
    "resolve_name",
    "source_choices",
    "sources_key",
    "trace_chain",
]
