"""The sources key's data model (sources, citation edges, one expert answer per article), and
the helpers lessons and widgets use to get it and its choices from a case.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lessons.casestudy import Case, DateInfo, UnknownArticleError
from lessons.text import normalize_name

__all__ = [
    "EDGE_KINDS",
    "KNOWN_FROM",
    "ROLES",
    "SOURCE_KINDS",
    "USES",
    "AlsoOrigin",
    "ArticleKey",
    "Distractor",
    "Edge",
    "MissingKeyError",
    "NamedSource",
    "OriginPartly",
    "Points",
    "Source",
    "SourcesKey",
    "display_name",
    "expert_chain",
    "outlet_choices",
    "resolve_name",
    "source_choices",
    "sources_key",
]

SOURCE_KINDS = (
    "outlet",
    "news-agency",
    "state-tv",
    "state-media",
    "person",
    "official-body",
    "organisation",
    "unnamed",
)
#: What an outlet did with the claim.
ROLES = ("origin", "relay", "doubt", "denial")
#: How the story moved along an edge.
EDGE_KINDS = ("credited", "uncredited-copy", "translation")
#: How an edge is known: a quote in a seed text, or the project's case notes.
KNOWN_FROM = ("quote", "case-note")
#: How an article uses a source it names.
USES = ("origin", "relay", "support", "doubt")


# --------------------------------------------------------------------------------------
# The key model
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Someone or something an article can name: an outlet of the story, or another source.

    ``in_graph`` sources (the key's ``[[outlets]]``) carried, checked or denied the claim
    and are the nodes of the citation graph; the others (vague ones, background facts) are
    not. ``same_step_as`` makes a source count as another's step in a chain (e.g. a pundit
    and the TV channel he spoke on; a vague source and the agency that claimed it).
    """

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    in_graph: bool = False
    role: str | None = None
    article: str | None = None
    date: DateInfo | None = None
    same_step_as: str | None = None


@dataclass(frozen=True)
class Edge:
    """The story moved from ``source`` to ``target``: the target cites, copies or translates it."""

    source: str
    target: str
    kind: str
    known: str
    confidence: str
    credited: bool
    quote: str | None = None
    article: str | None = None
    note: str = ""

    @property
    def inferred(self) -> bool:
        """Whether the link is our inference, not what a text or the case notes state: a
        confidence below medium, or an uncredited copy known only from research and not
        certain. Feedback, the map and the printed key say "probably" for it."""
        return self.confidence in ("low", "low-medium", "medium-low") or (
            self.kind == "uncredited-copy"
            and self.known == "case-note"
            and self.confidence != "high"
        )


@dataclass(frozen=True)
class NamedSource:
    """A source one article names: where (the quote), how it uses it, and what it gets wrong."""

    source: str
    quote: str
    use: str
    crucial: bool = False
    garbled: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Distractor:
    """A source of the story that an article does *not* name, offered as a plausible choice."""

    source: str
    note: str = ""


@dataclass(frozen=True)
class ArticleKey:
    """The expert answer for one article."""

    article_id: str
    outlet: str
    immediate: str
    credited: bool
    immediate_note: str
    chain: tuple[str, ...]
    named: tuple[NamedSource, ...]
    also_immediate: tuple[str, ...] = ()
    immediate_quote: str | None = None
    distractors: tuple[Distractor, ...] = ()
    clue: str = ""

    def named_source(self, source_id: str) -> NamedSource | None:
        return next((n for n in self.named if n.source == source_id), None)


@dataclass(frozen=True)
class AlsoOrigin:
    """A chain end accepted as complete besides the origin: a source that names no source of
    its own, where the link further back is only an inference; ``explanation`` says why."""

    source: str
    explanation: str


@dataclass(frozen=True)
class OriginPartly:
    """A chain end that earns part of the origin point, with the reason it is not the origin."""

    source: str
    fraction: float
    explanation: str


@dataclass(frozen=True)
class Points:
    """How many points each part of an answer is worth (see ``[points]`` in the key)."""

    named: float = 3.0
    garbled: float = 1.0
    immediate: float = 1.0
    credited: float = 1.0
    chain: float = 3.0
    origin: float = 1.0
    wrong_pick: float = 0.5

    @property
    def total(self) -> float:
        return self.named + self.garbled + self.immediate + self.credited + self.chain + self.origin


@dataclass(frozen=True)
class SourcesKey:
    """The parsed ``key/sources.toml``: sources, citation edges and one answer per article."""

    origin: str
    origin_note: str
    sources: Mapping[str, Source]
    edges: tuple[Edge, ...]
    articles: Mapping[str, ArticleKey]
    points: Points = field(default_factory=Points)
    origin_partly: Mapping[str, OriginPartly] = field(default_factory=dict)
    also_origin: Mapping[str, AlsoOrigin] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def outlets(self) -> tuple[Source, ...]:
        """The nodes of the citation graph, in key order."""
        return tuple(s for s in self.sources.values() if s.in_graph)

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def name(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        return source.name if source else source_id

    def resolve(self, name: str) -> str | None:
        """The id of the source ``name`` means (an id, a name or an alias), or None."""
        return self.names.get(normalize_name(name)) if isinstance(name, str) else None

    def suggest(self, name: str) -> str | None:
        """The display name closest to a misspelt ``name``, if any is close."""
        close = difflib.get_close_matches(normalize_name(name), list(self.names), n=1, cutoff=0.75)
        return self.name(self.names[close[0]]) if close else None

    def outlet_of(self, article_id: str) -> str | None:
        """The id of the outlet that published an article of the case."""
        return next((s.id for s in self.outlets if s.article == article_id), None)

    def step(self, source_id: str) -> str:
        """The chain step a source counts as (itself, or its ``same_step_as``)."""
        source = self.sources.get(source_id)
        return source.same_step_as if source and source.same_step_as else source_id

    def chain_ends(self) -> frozenset[str]:
        """The steps where a student's chain is complete: the origin and any ``also_origin``."""
        return frozenset({self.step(self.origin), *(self.step(s) for s in self.also_origin)})

    def edges_into(self, outlet_id: str) -> tuple[Edge, ...]:
        """Where an outlet got the story: the edges that end at it."""
        return tuple(e for e in self.edges if e.target == outlet_id)

    def edges_from(self, outlet_id: str) -> tuple[Edge, ...]:
        """Who took the story from an outlet."""
        return tuple(e for e in self.edges if e.source == outlet_id)

    @cached_property
    def _graph(self) -> dict[str, dict[str, tuple[Edge, ...]]]:
        """step -> {earlier step: edges}: the citation graph with same-step sources merged."""
        found: dict[str, dict[str, list[Edge]]] = {}
        for edge in self.edges:
            later, earlier = self.step(edge.target), self.step(edge.source)
            if later != earlier:
                found.setdefault(later, {}).setdefault(earlier, []).append(edge)
        return {k: {e: tuple(edges) for e, edges in v.items()} for k, v in found.items()}

    def step_sources(self, step: str) -> dict[str, tuple[Edge, ...]]:
        """The chain steps a step got the story from directly, with the edges that show it."""
        return dict(self._graph.get(step, {}))

    @cached_property
    def _distances(self) -> dict[str, dict[str, int]]:
        return {}

    def distances_back(self, step: str) -> dict[str, int]:
        """Every step the story reached ``step`` through, with the fewest links back to it."""
        cached = self._distances.get(step)
        if cached is not None:
            return dict(cached)
        distance = {step: 0}
        queue = deque([step])
        while queue:
            current = queue.popleft()
            for earlier in self._graph.get(current, {}):
                if earlier not in distance:
                    distance[earlier] = distance[current] + 1
                    queue.append(earlier)
        distance.pop(step)
        self._distances[step] = distance
        return dict(distance)

    def article(self, article_id: str) -> ArticleKey:
        return self.articles[article_id]


# --------------------------------------------------------------------------------------
# Helpers for lessons and widgets
# --------------------------------------------------------------------------------------


class MissingKeyError(LookupError):
    """The case study has no ``key/sources.toml``."""

    def __str__(self) -> str:
        return (
            "This case study has no key for tracing sources (key/sources.toml), so answers cannot "
            "be checked; ask your teacher."
        )


def sources_key(case: Case) -> SourcesKey:
    """The case's sources key; raises :class:`MissingKeyError` with a plain sentence."""
    key = case.key("sources")
    if not isinstance(key, SourcesKey):
        raise MissingKeyError()
    return key


def _article_key(case: Case, article_id: str) -> ArticleKey:
    key = sources_key(case)
    case.article(article_id)  # raises UnknownArticleError listing the valid ids
    try:
        return key.article(article_id)
    except KeyError:
        raise UnknownArticleError(article_id, tuple(key.articles)) from None


def display_name(case: Case, source_id: str) -> str:
    """The name a student sees for a source id (the id itself if unknown)."""
    return sources_key(case).name(source_id)


def resolve_name(case: Case, name: str) -> str | None:
    """The id of the source a typed name means, forgiving case, punctuation and aliases."""
    return sources_key(case).resolve(name)


def _sorted_choices(key: SourcesKey, ids: Iterable[str]) -> list[tuple[str, str]]:
    unique = dict.fromkeys(ids)
    return sorted(((key.name(i), i) for i in unique), key=lambda pair: normalize_name(pair[0]))


def source_choices(case: Case, article_id: str) -> list[tuple[str, str]]:
    """``(name, id)`` pairs to pick the named sources from: the right ones and the distractors,
    in alphabetical order so the list gives nothing away."""
    article = _article_key(case, article_id)
    ids = [n.source for n in article.named] + [d.source for d in article.distractors]
    return _sorted_choices(sources_key(case), ids)


def outlet_choices(case: Case, article_id: str) -> list[tuple[str, str]]:
    """``(name, id)`` pairs of every outlet of the story except the article's own (kept when the
    claim began with it, the one right answer there): the choices for the immediate source and
    for each step of the chain."""
    article = _article_key(case, article_id)
    key = sources_key(case)
    own = article.outlet if key.step(article.outlet) != key.step(key.origin) else None
    return _sorted_choices(key, (s.id for s in key.outlets if s.id != own))


def expert_chain(case: Case, article_id: str) -> tuple[str, ...]:
    """The expert chain of outlet ids, from the article's immediate source to the origin."""
    return _article_key(case, article_id).chain
