"""Trace the sources: the expert key of who cited whom, and the checker for one article.

The key (``key/sources.toml``, format in ``seeds/README.md``) holds the story's *outlets*
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
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, Literal, NamedTuple, TypeVar

from lessons.case_cache import CaseCache
from lessons.casestudy import (
    CONFIDENCE_LEVELS,
    Case,
    DateInfo,
    UnknownArticleError,
    check_quote,
)
from lessons.feedback import Feedback, FeedbackItem, Verdict
from lessons.text import normalize_name
from lessons.validation import Field, Problems

__all__ = [
    "ANSWER_FIELDS",
    "EDGE_KINDS",
    "KNOWN_FROM",
    "ROLES",
    "SOURCE_KINDS",
    "USES",
    "ArticleKey",
    "ChainLink",
    "ChainTrace",
    "Distractor",
    "Edge",
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

FORMAT_VERSION = 1
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
#: The parts of an answer.
#: ``checked`` (True once the student pressed Check) is the widget's note, not graded.
ANSWER_FIELDS = ("named", "garbled", "immediate", "credited", "chain", "checked")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_USE_PHRASES = {
    "origin": "as where the claim began",
    "relay": "as a source that passed the claim on",
    "support": "for a background fact",
    "doubt": "to cast doubt on the claim",
}
#: Confidences too low to state a link as fact.
_UNSURE = ("low", "low-medium", "medium-low")
#: Priority of each crucial piece in the "next step" (the first missing one is named).
_PRIORITY = {"immediate": 1, "credited": 2, "origin": 3, "chain": 4, "named": 5, "garbled": 6}


# --------------------------------------------------------------------------------------
# The key model
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Someone or something an article can name: an outlet of the story, or another source.

    ``in_graph`` sources (the key's ``[[outlets]]``) carried, checked or denied the claim
    and are the nodes of the citation graph; the others (vague ones, background facts) are
    not. ``same_step_as`` makes a source count as another's step in a chain (Korotchenko
    and the TV channel he spoke on; "diplomatic channels" and REGNUM).
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
# Parsing and validating the key
# --------------------------------------------------------------------------------------

_DATE_FIELDS = {
    "confidence": Field(str, choices=CONFIDENCE_LEVELS),
    "earliest": Field(dt.date, required=False),
    "latest": Field(dt.date, required=False),
    "note": Field(str, required=False),
}
_TOP_FIELDS = {
    "format": Field(int, choices=(FORMAT_VERSION,)),
    "origin": Field(str),
    "origin_note": Field(str),
    "points": Field(dict, required=False),
    "origin_partly": Field(list, required=False),
    "outlets": Field(list),
    "other_sources": Field(list, required=False),
    "edges": Field(list),
    "articles": Field(list),
}
_POINT_FIELDS = {name: Field((int, float), required=False) for name in Points.__dataclass_fields__}
_PARTLY_FIELDS = {
    "source": Field(str),
    "fraction": Field((int, float)),
    "explanation": Field(str),
}
_OUTLET_FIELDS = {
    "id": Field(str),
    "name": Field(str),
    "aliases": Field(list, required=False),
    "kind": Field(str, choices=SOURCE_KINDS),
    "role": Field(str, choices=ROLES),
    "article": Field(str, required=False),
    "date": Field(dict, required=False),
    "same_step_as": Field(str, required=False),
    "note": Field(str, required=False),
}
_OTHER_FIELDS = {
    "id": Field(str),
    "name": Field(str),
    "aliases": Field(list, required=False),
    "kind": Field(str, choices=SOURCE_KINDS),
    "same_step_as": Field(str, required=False),
    "note": Field(str, required=False),
}
_EDGE_FIELDS = {
    "from": Field(str),
    "to": Field(str),
    "kind": Field(str, choices=EDGE_KINDS),
    "known": Field(str, choices=KNOWN_FROM),
    "confidence": Field(str, choices=CONFIDENCE_LEVELS),
    "credited": Field(bool, required=False),
    "quote": Field(str, required=False),
    "article": Field(str, required=False),
    "note": Field(str, required=False),
}
_ARTICLE_FIELDS = {
    "id": Field(str),
    "immediate": Field(str),
    "also_immediate": Field(list, required=False),
    "credited": Field(bool),
    "immediate_quote": Field(str, required=False),
    "immediate_note": Field(str),
    "chain": Field(list),
    "clue": Field(str, required=False),
    "named": Field(list),
    "distractors": Field(list, required=False),
}
_NAMED_FIELDS = {
    "source": Field(str),
    "quote": Field(str),
    "use": Field(str, choices=USES),
    "crucial": Field(bool, required=False),
    "garbled": Field(str, required=False),
    "note": Field(str, required=False),
}
_DISTRACTOR_FIELDS = {"source": Field(str), "note": Field(str, required=False)}


class _Parser:
    """Reads one ``key/sources.toml`` table, recording every problem in ``problems``."""

    def __init__(self, case: Case, problems: Problems, file: str) -> None:
        self.case = case
        self.problems = problems
        self.file = file
        self.sources: dict[str, Source] = {}
        self.names: dict[str, str] = {}

    def add(self, where: str, message: str) -> None:
        self.problems.add(self.file, where, message)

    def parse(self, table: dict[str, Any]) -> SourcesKey:
        top = self.problems.check_table(self.file, "", table, _TOP_FIELDS)
        points = self._points(top.get("points", {}))
        for index, item in enumerate(top.get("outlets", [])):
            self._source(f"outlets[{index}]", item, in_graph=True)
        for index, item in enumerate(top.get("other_sources", [])):
            self._source(f"other_sources[{index}]", item, in_graph=False)
        self._check_steps(top)
        self._check_seed_outlets()
        edges = self._edges(top.get("edges", []))
        self._check_acyclic(edges)
        origin = top.get("origin", "")
        if origin and not self._is_outlet(origin):
            self.add("origin", f"{origin!r} is not an outlet id; use one of: {self._outlet_ids()}")
        partly: dict[str, OriginPartly] = {}
        for index, item in enumerate(top.get("origin_partly", [])):
            where = f"origin_partly[{index}]"
            fields = self.problems.check_table(self.file, where, item, _PARTLY_FIELDS)
            source = fields.get("source")
            if source is not None and source not in self.sources:
                self.add(f"{where}.source", self._unknown(source))
                continue
            fraction = fields.get("fraction")
            if fraction is not None and not 0 < fraction < 1:
                self.add(
                    f"{where}.fraction", f"must be between 0 and 1 (exclusive), not {fraction}"
                )
                continue
            if source and fraction is not None and "explanation" in fields:
                partly[source] = OriginPartly(source, float(fraction), fields["explanation"])
        key = SourcesKey(
            origin=origin,
            origin_note=top.get("origin_note", ""),
            sources=dict(self.sources),
            edges=tuple(edges),
            articles={},
            points=points,
            origin_partly=partly,
            names=dict(self.names),
        )
        articles: dict[str, ArticleKey] = {}
        for index, item in enumerate(top.get("articles", [])):
            article = self._article(key, f"articles[{index}]", item)
            if article is None:
                continue
            if article.article_id in articles:
                self.add(f"articles[{index}].id", f"{article.article_id!r} already has an entry")
                continue
            articles[article.article_id] = article
        if "articles" in top:
            for article_id in self.case.article_ids:
                if article_id not in articles and not any(
                    isinstance(a, Mapping) and a.get("id") == article_id for a in top["articles"]
                ):
                    self.add(
                        "articles",
                        f"has no entry for article {article_id!r}; every article needs one",
                    )
        return SourcesKey(
            origin=key.origin,
            origin_note=key.origin_note,
            sources=key.sources,
            edges=key.edges,
            articles=articles,
            points=points,
            origin_partly=partly,
            names=key.names,
        )

    # -- pieces -------------------------------------------------------------------------

    def _points(self, table: object) -> Points:
        fields = self.problems.check_table(self.file, "points", table, _POINT_FIELDS)
        for name, value in list(fields.items()):
            if value < 0 or (name == "wrong_pick" and value > 1):
                allowed = "between 0 and 1" if name == "wrong_pick" else "0 or more"
                self.add(f"points.{name}", f"must be {allowed}, not {value}")
                del fields[name]
        return Points(**{name: float(value) for name, value in fields.items()})

    def _source(self, where: str, item: object, *, in_graph: bool) -> None:
        spec = _OUTLET_FIELDS if in_graph else _OTHER_FIELDS
        fields = self.problems.check_table(self.file, where, item, spec)
        source_id = fields.get("id")
        # A wrong kind is reported but the source still counts, so the rest of the file is
        # not buried in "not an id" problems.
        if source_id is None or "name" not in fields:
            return
        if not _ID.match(source_id):
            self.add(
                f"{where}.id",
                f"{source_id!r} must be lower-case letters, digits and single hyphens, like "
                "'ny-post'",
            )
            return
        if source_id in self.sources:
            self.add(f"{where}.id", f"{source_id!r} is already used; source ids must be unique")
            return
        aliases = fields.get("aliases", [])
        if not all(isinstance(alias, str) and alias.strip() for alias in aliases):
            self.add(f"{where}.aliases", "must be a list of non-empty names")
            aliases = [a for a in aliases if isinstance(a, str) and a.strip()]
        date = None
        if "date" in fields:
            date = self._date(f"{where}.date", fields["date"])
        article = fields.get("article")
        if article is not None and article not in self.case.article_ids:
            self.add(f"{where}.article", str(UnknownArticleError(article, self.case.article_ids)))
            article = None
        source = Source(
            id=source_id,
            name=fields["name"],
            kind=fields.get("kind", "unnamed"),
            aliases=tuple(aliases),
            note=fields.get("note", ""),
            in_graph=in_graph,
            role=fields.get("role"),
            article=article,
            date=date,
            same_step_as=fields.get("same_step_as"),
        )
        self.sources[source_id] = source
        for index, name in enumerate((source_id, source.name, *source.aliases)):
            normal = normalize_name(name)
            if not normal:
                self.add(f"{where}.aliases", f"{name!r} has no letters or digits")
                continue
            owner = self.names.setdefault(normal, source_id)
            if owner != source_id:
                field_name = "id" if index == 0 else "name" if index == 1 else "aliases"
                self.add(
                    f"{where}.{field_name}",
                    f"{name!r} also names {owner!r}; each name or alias must mean one source",
                )

    def _date(self, where: str, table: object) -> DateInfo:
        fields = self.problems.check_table(self.file, where, table, _DATE_FIELDS)
        earliest, latest = fields.get("earliest"), fields.get("latest")
        if earliest and latest and earliest > latest:
            self.add(
                f"{where}.latest",
                f"{latest} is before earliest ({earliest}); latest must be on or after earliest",
            )
        return DateInfo(fields.get("confidence", "low"), earliest, latest, fields.get("note", ""))

    def _check_steps(self, top: Mapping[str, Any]) -> None:
        for group in ("outlets", "other_sources"):
            for index, item in enumerate(top.get(group, [])):
                if not isinstance(item, Mapping) or item.get("id") not in self.sources:
                    continue
                step = self.sources[item["id"]].same_step_as
                if step is None:
                    continue
                target = self.sources.get(step)
                if target is None or not target.in_graph:
                    self.add(
                        f"{group}[{index}].same_step_as",
                        f"{step!r} is not an outlet id; use one of: {self._outlet_ids()}",
                    )
                elif target.same_step_as:
                    self.add(
                        f"{group}[{index}].same_step_as",
                        f"{step!r} itself counts as {target.same_step_as!r}; point to "
                        f"{target.same_step_as!r} instead",
                    )

    def _check_seed_outlets(self) -> None:
        for article_id in self.case.article_ids:
            owners = [s.id for s in self.sources.values() if s.article == article_id]
            if len(owners) > 1:
                self.add(
                    "outlets",
                    f"article {article_id!r} is claimed by several outlets ({', '.join(owners)}); "
                    "give it to one",
                )
            elif not owners:
                self.add(
                    "outlets",
                    f"no outlet has article = {article_id!r}; add the outlet that published it",
                )

    def _edges(self, items: Iterable[object]) -> list[Edge]:
        edges: list[Edge] = []
        seen: dict[tuple[str, str], int] = {}
        for index, item in enumerate(items):
            where = f"edges[{index}]"
            before = len(self.problems)
            fields = self.problems.check_table(self.file, where, item, _EDGE_FIELDS)
            for end in ("from", "to"):
                value = fields.get(end)
                if value is not None and not self._is_outlet(value):
                    self.add(
                        f"{where}.{end}",
                        f"{value!r} is not an outlet id; use one of: {self._outlet_ids()}",
                    )
            source, target = fields.get("from"), fields.get("to")
            if source is not None and source == target:
                self.add(f"{where}.to", "is the same as from; an outlet cannot be its own source")
            kind, known = fields.get("kind"), fields.get("known")
            credited = fields.get("credited")
            if kind == "translation" and credited is None:
                self.add(
                    f"{where}.credited",
                    "is missing; a translation must say whether it credits the original (true or "
                    "false)",
                )
            elif kind in ("credited", "uncredited-copy") and credited is not None:
                self.add(
                    f"{where}.credited",
                    f"is only for translations; a {kind!r} edge is "
                    f"{'' if kind == 'credited' else 'not '}credited by its kind",
                )
            if known == "case-note" and not fields.get("note"):
                self.add(f"{where}.note", "is missing; say what the case notes say about this edge")
            article = fields.get("article")
            if known == "quote":
                article = article or (
                    self.sources[target].article if target in self.sources else None
                )
                if "quote" not in fields:
                    self.add(
                        f"{where}.quote",
                        "is missing; an edge known from a quote must give the quote",
                    )
                elif article is None:
                    self.add(
                        f"{where}.article",
                        f"is missing; {target!r} is not a seed article, so say which article "
                        "holds the quote",
                    )
                else:
                    check_quote(
                        self.case,
                        article,
                        fields["quote"],
                        self.file,
                        f"{where}.quote",
                        self.problems,
                    )
            if source and target and (source, target) in seen:
                self.add(
                    where,
                    f"repeats edges[{seen[(source, target)]}] ({source} -> {target}); give each "
                    "pair once",
                )
            if len(self.problems) > before or source is None or target is None:
                continue
            seen[(source, target)] = index
            edges.append(
                Edge(
                    source=source,
                    target=target,
                    kind=fields["kind"],
                    known=fields["known"],
                    confidence=fields["confidence"],
                    credited=credited if credited is not None else kind == "credited",
                    quote=fields.get("quote"),
                    article=article,
                    note=fields.get("note", ""),
                )
            )
        return edges

    def _check_acyclic(self, edges: Sequence[Edge]) -> None:
        later: dict[str, list[str]] = {}
        for edge in edges:
            later.setdefault(edge.source, []).append(edge.target)
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done

        def visit(node: str, path: list[str]) -> list[str] | None:
            state[node] = 1
            for nxt in later.get(node, []):
                if state.get(nxt) == 1:
                    return [*path, node, nxt]
                if nxt not in state and (cycle := visit(nxt, [*path, node])):
                    return cycle
            state[node] = 2
            return None

        for node in list(later):
            if node not in state and (cycle := visit(node, [])):
                start = cycle.index(cycle[-1])
                self.add(
                    "edges", "the story cannot go round in a circle: " + " -> ".join(cycle[start:])
                )
                return

    def _article(self, key: SourcesKey, where: str, item: object) -> ArticleKey | None:
        before = len(self.problems)
        fields = self.problems.check_table(self.file, where, item, _ARTICLE_FIELDS)
        article_id = fields.get("id")
        if article_id is None:
            return None
        if article_id not in self.case.article_ids:
            self.add(f"{where}.id", str(UnknownArticleError(article_id, self.case.article_ids)))
            return None
        outlet = key.outlet_of(article_id)
        if outlet is None:
            return None  # reported by _check_seed_outlets
        direct = key.step_sources(key.step(outlet))
        immediate = fields.get("immediate")
        also = fields.get("also_immediate", [])
        for name, value in [
            ("immediate", immediate),
            *((f"also_immediate[{i}]", v) for i, v in enumerate(also)),
        ]:
            if value is None:
                continue
            if not isinstance(value, str) or not self._is_outlet(value):
                self.add(
                    f"{where}.{name}",
                    f"{value!r} is not an outlet id; use one of: {self._outlet_ids()}",
                )
            elif key.step(value) not in direct:
                self.add(
                    f"{where}.{name}",
                    f"{value!r} has no edge to {outlet!r}; add the edge that shows the article "
                    "got the story there",
                )
        credited = fields.get("credited")
        if immediate in key.sources and credited is not None:
            edge = next((e for e in key.edges_into(outlet) if e.source == immediate), None)
            if edge is not None and edge.credited != credited:
                self.add(
                    f"{where}.credited",
                    f"is {str(credited).lower()}, but the edge {immediate} -> {outlet} says "
                    f"{str(edge.credited).lower()}",
                )
        if credited and "immediate_quote" not in fields:
            self.add(
                f"{where}.immediate_quote",
                "is missing; a credited source must be quoted where the article credits it",
            )
        if "immediate_quote" in fields:
            check_quote(
                self.case,
                article_id,
                fields["immediate_quote"],
                self.file,
                f"{where}.immediate_quote",
                self.problems,
            )
        chain = fields.get("chain", [])
        self._check_chain(key, f"{where}.chain", outlet, chain, immediate, also)
        named: list[NamedSource] = []
        for index, entry in enumerate(fields.get("named", [])):
            n = self._named(article_id, f"{where}.named[{index}]", entry)
            if n is None:
                continue
            if any(other.source == n.source for other in named):
                self.add(
                    f"{where}.named[{index}].source",
                    f"{n.source!r} is already named above; give each source once",
                )
                continue
            named.append(n)
        if "named" in fields and not fields["named"]:
            self.add(f"{where}.named", "is empty; list the sources the article names")
        distractors: list[Distractor] = []
        for index, entry in enumerate(fields.get("distractors", [])):
            d_where = f"{where}.distractors[{index}]"
            d = self.problems.check_table(self.file, d_where, entry, _DISTRACTOR_FIELDS)
            source = d.get("source")
            if source is None:
                continue
            if source not in self.sources:
                self.add(f"{d_where}.source", self._unknown(source))
            elif any(n.source == source for n in named):
                self.add(
                    f"{d_where}.source",
                    f"{source!r} is named by the article, so it cannot be a distractor",
                )
            elif source == outlet:
                self.add(f"{d_where}.source", f"{source!r} is the article's own outlet")
            else:
                distractors.append(Distractor(source, d.get("note", "")))
        if len(self.problems) > before:
            return None
        return ArticleKey(
            article_id=article_id,
            outlet=outlet,
            immediate=fields["immediate"],
            credited=fields["credited"],
            immediate_note=fields["immediate_note"],
            chain=tuple(chain),
            named=tuple(named),
            also_immediate=tuple(also),
            immediate_quote=fields.get("immediate_quote"),
            distractors=tuple(distractors),
            clue=fields.get("clue", ""),
        )

    def _check_chain(
        self,
        key: SourcesKey,
        where: str,
        outlet: str,
        chain: list[Any],
        immediate: Any,
        also: list[Any],
    ) -> None:
        if not chain:
            self.add(where, "is empty; give the steps from the article back to the origin")
            return
        previous = key.step(outlet)
        for index, value in enumerate(chain):
            if not isinstance(value, str) or not self._is_outlet(value):
                self.add(
                    f"{where}[{index}]",
                    f"{value!r} is not an outlet id; use one of: {self._outlet_ids()}",
                )
                return
            step = key.step(value)
            if step not in key.step_sources(previous):
                self.add(
                    f"{where}[{index}]",
                    f"there is no edge {value} -> {key.name(previous)!r}; each step must be a "
                    "source of the one before",
                )
                return
            previous = step
        if key.origin and previous != key.step(key.origin):
            self.add(
                where, f"ends at {chain[-1]!r}; the chain must end at the origin, {key.origin!r}"
            )
        firsts = {key.step(v) for v in [immediate, *also] if isinstance(v, str)}
        if firsts and key.step(chain[0]) not in firsts:
            self.add(
                f"{where}[0]",
                f"{chain[0]!r} should be the immediate source ({immediate!r}) or one of "
                "also_immediate",
            )

    def _named(self, article_id: str, where: str, entry: object) -> NamedSource | None:
        before = len(self.problems)
        fields = self.problems.check_table(self.file, where, entry, _NAMED_FIELDS)
        source = fields.get("source")
        if source is not None and source not in self.sources:
            self.add(f"{where}.source", self._unknown(source))
        if "quote" in fields:
            check_quote(
                self.case, article_id, fields["quote"], self.file, f"{where}.quote", self.problems
            )
        if (
            len(self.problems) > before
            or source is None
            or "quote" not in fields
            or "use" not in fields
        ):
            return None
        return NamedSource(
            source=source,
            quote=fields["quote"],
            use=fields["use"],
            crucial=fields.get("crucial", False),
            garbled=fields.get("garbled"),
            note=fields.get("note", ""),
        )

    def _is_outlet(self, source_id: str) -> bool:
        source = self.sources.get(source_id)
        return source is not None and source.in_graph

    def _outlet_ids(self) -> str:
        return ", ".join(s.id for s in self.sources.values() if s.in_graph) or "(none yet)"

    def _unknown(self, source_id: object) -> str:
        return f"{source_id!r} is not the id of an outlet or other source in this file"


def parse_key(case: Case, table: dict[str, Any], problems: Problems, file: str) -> SourcesKey:
    """Parse and validate ``key/sources.toml``; every problem goes to ``problems``."""
    return _Parser(case, problems, file).parse(table)


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
    """``(name, id)`` pairs of every outlet of the story except the article's own: the choices
    for the immediate source and for each step of the chain."""
    article = _article_key(case, article_id)
    key = sources_key(case)
    return _sorted_choices(key, (s.id for s in key.outlets if s.id != article.outlet))


def expert_chain(case: Case, article_id: str) -> tuple[str, ...]:
    """The expert chain of outlet ids, from the article's immediate source to the origin."""
    return _article_key(case, article_id).chain


# --------------------------------------------------------------------------------------
# Tracing a chain (shared by the checker and the chart)
# --------------------------------------------------------------------------------------

LinkVerdict = Literal["direct", "skip", "wrong", "repeat", "outside"]
_CREDIT: dict[str, float] = {
    "direct": 1.0,
    "skip": 0.5,
    "wrong": 0.0,
    "repeat": 0.0,
    "outside": 0.0,
}


@dataclass(frozen=True)
class ChainLink:
    """One link of a student's chain: did ``later`` really get the story from ``earlier``?

    ``direct``: an edge of the key; ``skip``: yes, but through steps the student left out
    (``via``: the sources of ``later`` on the way); ``wrong``: the story did not go that way;
    ``repeat``: already in the chain; ``outside``: not an outlet of the story's graph.
    """

    later: str
    earlier: str
    verdict: LinkVerdict
    edges: tuple[Edge, ...] = ()
    via: tuple[str, ...] = ()

    @property
    def credit(self) -> float:
        return _CREDIT[self.verdict]


@dataclass(frozen=True)
class ChainTrace:
    """A student's chain checked against the citation graph, link by link.

    ``start`` is the article's own step; ``steps`` the student's steps after it (same-step
    names merged); ``end`` the last step and ``last_good`` the last one reached by a real
    or skipping link; ``remaining`` the fewest links still needed from ``last_good`` to the
    origin; ``shortest`` the fewest links from the article to the origin; ``mapped`` the
    vague sources the student used that stand for an outlet's step; ``doubled`` the
    sources the student put in twice in a row (counted once).
    """

    article_id: str
    start: str
    steps: tuple[str, ...]
    links: tuple[ChainLink, ...]
    end: str
    last_good: str
    reached_origin: bool
    remaining: int
    shortest: int
    mapped: tuple[str, ...] = ()
    doubled: tuple[str, ...] = ()

    @property
    def denominator(self) -> int:
        """How many links a complete chain through the student's steps needs (at least the "
        "shortest)."""
        return max(self.shortest, len(self.links) + self.remaining, 1)

    @property
    def fraction(self) -> float:
        return sum(link.credit for link in self.links) / self.denominator


def trace_chain(key: SourcesKey, article_id: str, chain: Sequence[str]) -> ChainTrace:
    """Check a chain of source ids (already resolved) from ``article_id`` back toward the origin."""
    article = key.article(article_id)
    start = key.step(article.outlet)
    origin = key.step(key.origin)
    steps: list[str] = []
    mapped: list[str] = []
    doubled: list[str] = []
    previous_id = None
    for source_id in chain:
        step = key.step(source_id)
        if step != source_id and not key.sources[source_id].in_graph:
            mapped.append(source_id)
        if source_id == previous_id:
            doubled.append(source_id)
        previous_id = source_id
        if steps and steps[-1] == step:
            continue  # "Korotchenko" then "Rossiya 1": one step
        if not steps and step == start:
            continue  # the student began with the article itself
        steps.append(step)
    links: list[ChainLink] = []
    previous = last_good = start
    seen = {start}
    for step in steps:
        source = key.sources[step]
        if not source.in_graph:
            links.append(ChainLink(previous, step, "outside"))
            continue
        if step in seen:
            links.append(ChainLink(previous, step, "repeat"))
            continue
        seen.add(step)
        direct = key.step_sources(previous)
        if step in direct:
            links.append(ChainLink(previous, step, "direct", edges=tuple(direct[step])))
        elif step in key.distances_back(previous):
            via = tuple(s for s in direct if s == step or step in key.distances_back(s))
            links.append(ChainLink(previous, step, "skip", via=via))
        else:
            links.append(ChainLink(previous, step, "wrong"))
        if links[-1].verdict != "wrong":
            last_good = step
        previous = step
    shortest = key.distances_back(start).get(origin, 0)
    reached = previous == origin
    remaining = 0 if reached else key.distances_back(last_good).get(origin, shortest)
    return ChainTrace(
        article_id=article_id,
        start=start,
        steps=tuple(steps),
        links=tuple(links),
        end=previous,
        last_good=last_good,
        reached_origin=reached,
        remaining=remaining,
        shortest=shortest,
        mapped=tuple(mapped),
        doubled=tuple(dict.fromkeys(doubled)),
    )


# --------------------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------------------


class _Answer(NamedTuple):
    """An answer with every name resolved to a source id."""

    named: tuple[str, ...]
    garbled: tuple[str, ...]
    immediate: str | None
    credited: bool | None
    chain: tuple[str, ...]


#: Typed name -> source id, or the sentence (prefixed ``!``) saying it is none; and (list
#: part, typed names) -> the part's ids, or the sentence for the first name that is none. A
#: class types the same few names in the same lists, and resolving one normalises it and may
#: look for a close match. Only plain strings are keys, so equal keys are the same input.
_RESOLVED = CaseCache(cases=4, entries=20_000)
_Resolved = dict[Any, Any]


def _parse_answer(key: SourcesKey, answer: object, resolved: _Resolved) -> _Answer | str:
    """The answer with every name resolved to an id, or one sentence saying what to fix.

    ``resolved`` remembers the names already resolved with ``key`` (see ``_RESOLVED``)."""
    if not isinstance(answer, Mapping):
        return "This answer is empty or damaged: answer the task again."
    for name in answer:
        if name not in ANSWER_FIELDS:
            return (
                f"This answer has a part the checker does not know ({name!r}); "
                f"an answer has: {', '.join(ANSWER_FIELDS)}."
            )
    named = _resolve_list(key, answer.get("named"), "named", "sources", resolved)
    if isinstance(named, str):
        return named
    garbled = _resolve_list(key, answer.get("garbled"), "garbled", "sources", resolved)
    if isinstance(garbled, str):
        return garbled
    chain = _resolve_list(key, answer.get("chain"), "chain", "steps", resolved)
    if isinstance(chain, str):
        return chain
    immediate = answer.get("immediate")
    if immediate is not None and not (isinstance(immediate, str) and not immediate.strip()):
        immediate = _resolve_remembered(key, immediate, resolved)
        if immediate.startswith("!"):
            return immediate[1:]
    else:
        immediate = None
    credited = answer.get("credited")
    if credited is not None and not isinstance(credited, bool):
        return (
            "The 'credited' part must be true or false: does the article say where it got the "
            "story?"
        )
    if not (named or garbled or immediate or credited is not None or chain):
        return (
            "Nothing to check yet: tick the sources the article names, pick where it got the "
            "story, and build the chain back to where the claim began."
        )
    if not chain:
        return (
            "Build the chain first: add at least one step back from the article toward where the "
            "claim began."
        )
    return _Answer(named, garbled, immediate, credited, chain)


def _resolve_list(
    key: SourcesKey, value: object, part: str, what: str, resolved: _Resolved
) -> tuple[str, ...] | str:
    """The ids of one list part of an answer (empty if left out; each source once, except in
    the chain), or one sentence saying what to fix."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        return f'The {part!r} part must be a list of {what}, like ["REGNUM", "Business Insider"].'
    names = tuple(value)
    if not _plain_strings(names):
        return _resolve_each(key, part, names, resolved)
    found = resolved.get((part, names))
    if found is None:
        found = resolved[part, names] = _resolve_each(key, part, names, resolved)
    return found


def _plain_strings(values: tuple[object, ...]) -> bool:
    """Whether every value is a ``str`` itself (not a subclass): safe as a remembered key."""
    return set(map(type, values)) <= {str}


def _resolve_each(
    key: SourcesKey, part: str, names: tuple[object, ...], resolved: _Resolved
) -> tuple[str, ...] | str:
    """The ids of one list part's ``names``, or the sentence for the first that is none."""
    ids: list[str] = []
    for name in names:
        source_id = _resolve_remembered(key, name, resolved)
        if source_id.startswith("!"):
            return source_id[1:]
        ids.append(source_id)
    return tuple(ids) if part == "chain" else tuple(dict.fromkeys(ids))


def _resolve_remembered(key: SourcesKey, name: object, resolved: _Resolved) -> str:
    """:func:`_resolve_or_problem`, remembered in ``resolved`` for plain strings (exact keys)."""
    if type(name) is not str:
        return _resolve_or_problem(key, name)
    found = resolved.get(name)
    if found is None:
        found = resolved[name] = _resolve_or_problem(key, name)
    return found


def _resolve_or_problem(key: SourcesKey, name: object) -> str:
    """A source id, or a sentence prefixed with ``!``."""
    if not isinstance(name, str) or not name.strip():
        return '!Every source must be a name, like "REGNUM"; remove the empty or odd entries.'
    resolved = key.resolve(name)
    if resolved is not None:
        return resolved
    suggestion = key.suggest(name)
    hint = f" Did you mean {suggestion}?" if suggestion else ""
    shown = name.strip() if len(name.strip()) <= 60 else name.strip()[:57] + "..."
    return f"!“{shown}” is not a source in this story: pick one from the list.{hint}"


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one article's answer (see the module docstring for its shape) against the key.

    Pure: no widgets, no files. ``answers`` (the student's other answers) is not needed here.
    """
    task = f"sources/{target}"
    try:
        key = sources_key(case)
        article_key = _article_key(case, target)
    except (MissingKeyError, UnknownArticleError) as error:
        return Feedback.invalid(task, str(error))
    parsed = _parse_answer(key, answer, _RESOLVED.table(case))
    if isinstance(parsed, str):
        return Feedback.invalid(task, parsed, max_score=key.points.total)
    return _Checker(case, key, article_key, _JUDGED.table(case)).feedback(task, parsed)


T = TypeVar("T")


class _Part(NamedTuple, Generic[T]):
    """One judged part of an answer: its feedback items, the crucial pieces it found missing
    and what the rest of the feedback needs from it."""

    items: tuple[FeedbackItem, ...]
    missing: tuple[tuple[int, str], ...]
    result: T


#: (article, part, the part's value) -> its :class:`_Part`: a class gives the same named
#: sources, picks and chains again and again, and each part's judgement depends on nothing
#: else of the answer (the key and the article come with the case and the article id). A
#: part may be a piece of another, such as the item for one named source a student missed.
_JUDGED = CaseCache(cases=4, entries=20_000)


class _Checker:
    """Builds the feedback for one parsed answer; each part adds items and crucial pieces."""

    def __init__(
        self, case: Case, key: SourcesKey, article: ArticleKey, judged: dict[Any, _Part[Any]]
    ) -> None:
        self.case = case
        self.key = key
        self.article = article
        self.judged = judged
        self.items: list[FeedbackItem] = []
        self.missing: list[tuple[int, str]] = []  # (priority, crucial piece still missing)

    def feedback(self, task: str, answer: _Answer) -> Feedback:
        named_fraction, found, total = self._part("named", answer.named, _Checker._named)
        self._part("garbled", answer.garbled, _Checker._garbled)
        immediate_right = self._part("immediate", answer.immediate, _Checker._immediate)
        credited_right = self._part("credited", answer.credited, _Checker._credited)
        trace = self._part("chain", answer.chain, _Checker._chain_and_origin)
        level = self._level(named_fraction, immediate_right, credited_right, trace)
        summary = self._summary(found, total, immediate_right, trace)
        if self.missing:
            next_step = f"The crucial piece still missing: {min(self.missing)[1]}"
        else:
            next_step = (
                "You traced this one like a fact-checker. Compare your chain with the expert's "
                "in the chart, then try the next article."
            )
        return Feedback.from_items(
            task,
            self.items,
            summary=summary,
            next_step=next_step,
            level=level,
            details={
                "article": self.article.article_id,
                "named": list(answer.named),
                "garbled": list(answer.garbled),
                "immediate": answer.immediate,
                "credited": answer.credited,
                "chain": list(trace.steps),
                "links": [
                    {
                        "later": link.later,
                        "earlier": link.earlier,
                        "verdict": link.verdict,
                        "via": list(link.via),
                    }
                    for link in trace.links
                ],
                "expert_chain": list(self.article.chain),
                "reached_origin": trace.reached_origin,
            },
        )

    def _part(self, part: str, value: Hashable, judge: Callable[[_Checker, Any], T]) -> T:
        """Add the items and missing pieces of one part, judged by a fresh checker the first
        time its value is seen for this article and remembered in ``self.judged``."""
        memo_key = (self.article.article_id, part, value)
        found = self.judged.get(memo_key)
        if found is None:
            alone = _Checker(self.case, self.key, self.article, self.judged)
            result = judge(alone, value)
            found = _Part(tuple(alone.items), tuple(alone.missing), result)
            self.judged[memo_key] = found
        self.items.extend(found.items)
        self.missing.extend(found.missing)
        return found.result

    # -- named sources ------------------------------------------------------------------

    def _named(self, named: tuple[str, ...]) -> tuple[float, int, int]:
        points = self.key.points
        expected = [n.source for n in self.article.named]
        share = points.named / len(expected)
        picked = set(named)
        found = [s for s in expected if s in picked]
        wrong = [s for s in named if s not in expected]
        if found:
            self._part("found named", tuple(found), _Checker._found_named)
        for source in expected:
            if source not in picked:
                self._part("missed named", source, _Checker._missed_named)
        earned = share * len(found)
        penalty = min(earned, share * points.wrong_pick * len(wrong))
        for source in wrong:
            distractor = next((d for d in self.article.distractors if d.source == source), None)
            if source == self.article.outlet:
                explanation = "That is the article's own outlet, not a source it names."
            else:
                explanation = f"The article does not name {self.key.name(source)}."
                if distractor and distractor.note:
                    explanation += f" {distractor.note}"
            if penalty:
                explanation += f" (Picking it costs {_num(penalty / len(wrong))} points.)"
            self.items.append(
                FeedbackItem(
                    "wrong",
                    f"Not named: {self.key.name(source)}",
                    explanation,
                    points=-penalty / len(wrong),
                )
            )
        fraction = (earned - penalty) / points.named if points.named else 1.0
        return fraction, len(found), len(expected)

    def _found_named(self, found: tuple[str, ...]) -> None:
        """The item for the sources the article names that the student ticked."""
        expected = len(self.article.named)
        share = self.key.points.named / expected
        self.items.append(
            FeedbackItem(
                "right",
                f"Sources you found ({len(found)} of {expected}): "
                + ", ".join(self.key.name(s) for s in found),
                points=share * len(found),
                max_points=share * len(found),
            )
        )

    def _missed_named(self, source: str) -> None:
        """The item for a source the article names that the student did not tick."""
        entry = self.article.named_source(source)
        assert entry is not None
        explanation = f"The article names it {_USE_PHRASES[entry.use]}."
        if entry.note:
            explanation += f" {entry.note}"
        self.items.append(
            FeedbackItem(
                "missed",
                self.key.name(source),
                explanation,
                quote=entry.quote,
                max_points=self.key.points.named / len(self.article.named),
            )
        )
        if entry.crucial:
            self._miss(
                "named",
                f"a source that matters in this article, {self.key.name(source)}: find where "
                "the article names it.",
            )

    def _garbled(self, garbled: tuple[str, ...]) -> None:
        share_total = self.key.points.garbled
        expected = [n for n in self.article.named if n.garbled]
        picks = list(garbled)
        if not expected:
            if not picks:
                self.items.append(
                    FeedbackItem(
                        "right",
                        "Described wrongly: none",
                        "Right: this article names its sources without misspelling or "
                        "mislabelling them.",
                        points=share_total,
                        max_points=share_total,
                    )
                )
            for source in picks:
                self.items.append(
                    FeedbackItem(
                        "wrong",
                        f"Described wrongly? {self.key.name(source)}",
                        "We found nothing wrong in how this article names or describes it.",
                        max_points=share_total / len(picks),
                    )
                )
            return
        share = share_total / len(expected)
        matched: set[str] = set()
        unmatched_picks: list[str] = []
        for pick in picks:
            entry = next(
                (
                    n
                    for n in expected
                    if n.source not in matched and self._same_thing(pick, n.source)
                ),
                None,
            )
            if entry is None:
                unmatched_picks.append(pick)
            else:
                matched.add(entry.source)
        earned = share * len(matched)
        penalty = min(earned, share * self.key.points.wrong_pick * len(unmatched_picks))
        for entry in expected:
            name = self.key.name(entry.source)
            if entry.source in matched:
                self.items.append(
                    FeedbackItem(
                        "right",
                        f"Described wrongly: {name}",
                        entry.garbled or "",
                        quote=entry.quote,
                        points=share,
                        max_points=share,
                    )
                )
            else:
                self.items.append(
                    FeedbackItem(
                        "missed",
                        f"Described wrongly: {name}",
                        entry.garbled or "",
                        quote=entry.quote,
                        max_points=share,
                    )
                )
                self._miss(
                    "garbled",
                    "a careless description a careful reader should notice: look again at how "
                    f"the article names {name}.",
                )
        for pick in unmatched_picks:
            explanation = "We found nothing wrong in how the article names or describes it."
            if penalty:
                explanation += f" (Costs {_num(penalty / len(unmatched_picks))} points.)"
            self.items.append(
                FeedbackItem(
                    "wrong",
                    f"Described wrongly? {self.key.name(pick)}",
                    explanation,
                    points=-penalty / len(unmatched_picks),
                )
            )

    def _same_thing(self, pick: str, expected: str) -> bool:
        """A pick matches a garbled source if it is the same, or the same chain step and not "
        "vague."""
        if pick == expected:
            return True
        sources = self.key.sources
        if sources[pick].kind == "unnamed" or sources[expected].kind == "unnamed":
            return False
        return self.key.step(pick) == self.key.step(expected)

    # -- immediate source and credit ------------------------------------------------------

    def _immediate(self, pick: str | None) -> bool:
        points = self.key.points.immediate
        article = self.article
        right_name = self.key.name(article.immediate)
        label = "Where the article got the story"
        if pick is None:
            self.items.append(
                FeedbackItem(
                    "missed",
                    label,
                    f"It got it from {right_name}. {article.immediate_note}",
                    quote=article.immediate_quote,
                    max_points=points,
                )
            )
            self._miss("immediate", f"where {self._this()} got the story (its immediate source).")
            return False
        if self._same_step(pick, article.immediate):
            self.items.append(
                FeedbackItem(
                    "right",
                    f"{label}: {right_name}",
                    article.immediate_note,
                    quote=article.immediate_quote,
                    points=points,
                    max_points=points,
                )
            )
            return True
        if any(self._same_step(pick, other) for other in article.also_immediate):
            edge = next(
                (e for e in self.key.edges_into(article.outlet) if self._same_step(e.source, pick)),
                None,
            )
            self.items.append(
                FeedbackItem(
                    "right",
                    f"{label}: {self.key.name(pick)}",
                    f"Also right: it credits {self.key.name(pick)}. Its main source is "
                    f"{right_name}.",
                    quote=edge.quote if edge else None,
                    points=points,
                    max_points=points,
                )
            )
            return True
        pick_name = self.key.name(pick)
        start = self.key.step(article.outlet)
        direct = self.key.step_sources(start)
        earned = 0.0
        if self.key.step(pick) == start:
            explanation = (
                f"{pick_name} is the article itself. It got the story from {right_name}: "
                f"{article.immediate_note}"
            )
        elif self.key.step(pick) in direct:
            earned = points / 2
            explanation = (
                f"The article does name {pick_name}, but it got the story from {right_name}. "
                f"{article.immediate_note}"
            )
        elif self.key.step(pick) in self.key.distances_back(start):
            explanation = (
                f"{pick_name} is further back in the chain. The article got the story from "
                f"{right_name}. {article.immediate_note}"
            )
        else:
            explanation = (
                f"The story did not reach this article from {pick_name}. It got it from "
                f"{right_name}. {article.immediate_note}"
            )
        self.items.append(
            FeedbackItem(
                "partly" if earned else "wrong",
                f"{label}: {pick_name}",
                explanation,
                quote=article.immediate_quote,
                points=earned,
                max_points=points,
            )
        )
        self._miss("immediate", f"where {self._this()} got the story (its immediate source).")
        return False

    def _credited(self, credited: bool | None) -> bool:
        points = self.key.points.credited
        article = self.article
        name = self.key.name(article.immediate)
        if article.credited:
            truth = f"Yes: it names {name} as its source."
        else:
            truth = f"No: it never names {name}. {article.immediate_note}"
        label = "Does the article say where it got the story?"
        if credited is None:
            self.items.append(
                FeedbackItem(
                    "missed", label, truth, quote=article.immediate_quote, max_points=points
                )
            )
            self._miss("credited", self._credit_piece())
            return False
        if credited == article.credited:
            self.items.append(
                FeedbackItem(
                    "right",
                    label,
                    truth,
                    quote=article.immediate_quote,
                    points=points,
                    max_points=points,
                )
            )
            return True
        self.items.append(
            FeedbackItem("wrong", label, truth, quote=article.immediate_quote, max_points=points)
        )
        self._miss("credited", self._credit_piece())
        return False

    def _credit_piece(self) -> str:
        if self.article.credited:
            return (
                f"whether {self._this()} says where it got the story: read again for a name "
                "before “reported” or after “according to”."
            )
        return (
            f"whether {self._this()} says where it got the story: a text that copies or "
            "translates another without naming it hides where the story came from."
        )

    # -- chain and origin ---------------------------------------------------------------

    def _chain_and_origin(self, chain: tuple[str, ...]) -> ChainTrace:
        """Judge the chain link by link and where it ends; the trace is what the rest needs."""
        trace = trace_chain(self.key, self.article.article_id, chain)
        self._chain(trace)
        self._origin(trace)
        return trace

    def _chain(self, trace: ChainTrace) -> None:
        points = self.key.points.chain
        unit = points / trace.denominator
        name = self.key.name
        for source_id in trace.mapped:
            source = self.key.sources[source_id]
            self.items.append(
                FeedbackItem(
                    "note",
                    f"{source.name} counts as the step {name(self.key.step(source_id))}",
                    source.note,
                )
            )
        for source_id in trace.doubled:
            self.items.append(
                FeedbackItem(
                    "note",
                    f"{name(source_id)} is in your chain twice in a row",
                    "Each step back is one outlet or person, so it counts once: remove the copy.",
                )
            )
        for link in trace.links:
            verdict, explanation, quote = self._judge_link(link)
            self.items.append(
                FeedbackItem(
                    verdict,
                    f"Chain link: {name(link.later)} ← {name(link.earlier)}",
                    explanation,
                    quote=quote,
                    points=link.credit * unit,
                    max_points=unit,
                )
            )
        broken = next((link for link in trace.links if link.verdict != "direct"), None)
        if broken is not None:
            if broken.verdict == "skip":
                piece = (
                    f"the step you skipped between {name(broken.later)} and {name(broken.earlier)}."
                )
            else:
                piece = (
                    f"where {name(broken.later)} really got the story: your link to "
                    f"{name(broken.earlier)} is not one the story took."
                )
            self._miss("chain", piece)
        left = points - unit * len(trace.links)
        if left > 1e-9:
            if trace.reached_origin:
                explanation = (
                    f"Your chain reaches {name(trace.end)}, but a full chain has at least "
                    f"{trace.shortest} links: see the skipped steps above."
                )
            elif trace.last_good != trace.end:
                explanation = (
                    f"Your chain goes wrong after {name(trace.last_good)}. "
                    f"{self._keep_going(trace.last_good)}"
                )
            else:
                explanation = (
                    f"Your chain stops at {name(trace.end)}. {self._keep_going(trace.end)}"
                )
            self.items.append(
                FeedbackItem("missed", "Chain: steps still missing", explanation, max_points=left)
            )

    def _judge_link(self, link: ChainLink) -> tuple[Verdict, str, str | None]:
        """The verdict, the explanation and (if it is in this article) the quote for one link."""
        name = self.key.name
        later, earlier = name(link.later), name(link.earlier)
        if link.verdict == "direct":
            edge = min(link.edges, key=lambda e: (e.source != link.earlier, _is_inference(e)))
            if _is_inference(edge):
                explanation = (
                    f"Right: {later} probably got the story from {earlier} "
                    f"(our inference, {edge.confidence} confidence)."
                )
                if edge.note:
                    explanation += f" {edge.note}"
                return "right", *self._quote_parts(edge, explanation)
            explanation = f"Right: {self._edge_sentence(edge)}"
            if edge.known == "case-note":
                explanation = explanation[:-1] + " (our research)."
            if edge.kind != "credited" and edge.note:
                explanation += f" {edge.note}"
            return "right", *self._quote_parts(edge, explanation)
        if link.verdict == "skip":
            via = " or ".join(name(v) for v in link.via)
            direct = self.key.step_sources(link.later)
            got = (
                "got"
                if any(not all(_is_inference(e) for e in direct.get(v, ())) for v in link.via)
                else "probably got"
            )
            leads = (
                f"which leads back to {earlier}."
                if self._surely_back(link.later, link.earlier)
                else f"which probably leads back to {earlier} (part of that trail is our inference)."
            )
            explanation = (
                f"{earlier} is further back: you skipped a step. {later} {got} the story from "
                f"{via}, {leads}"
            )
            edges: Sequence[Edge] = (
                self.key.step_sources(link.later).get(link.via[0], ()) if link.via else ()
            )
            if not edges:
                return "partly", explanation, None
            if edges[0].kind != "credited" and edges[0].note:
                explanation += f" {edges[0].note}"
            return "partly", *self._quote_parts(edges[0], explanation)
        if link.verdict == "outside":
            note = self.key.sources[link.earlier].note
            return (
                "wrong",
                f"{earlier} did not pass the claim on, so it has no place in the chain. {note}",
                None,
            )
        if link.verdict == "repeat":
            return (
                "wrong",
                f"{earlier} is already in your chain: the story cannot go round in a circle.",
                None,
            )
        if link.later in self.key.distances_back(link.earlier):
            got = (
                f"got the story from {later}"
                if self._surely_back(link.earlier, link.later)
                else f"probably got the story from {later} (our inference)"
            )
            return "wrong", f"Backwards: {earlier} {got}, not the other way round.", None
        explanation = f"{later} did not get the story from {earlier}, directly or through others."
        if self.key.sources[link.earlier].role in ("doubt", "denial"):
            explanation += f" {earlier} came later, to check or deny the claim."
        return "wrong", explanation, None

    def _quote_parts(self, edge: Edge, explanation: str) -> tuple[str, str | None]:
        """Put an edge's quote in the quote slot if it is from this article, else in the text."""
        if edge.quote and edge.article not in (None, self.article.article_id):
            outlet = self.key.outlet_of(edge.article)
            source = self.key.name(outlet or edge.article)
            if _is_inference(edge):
                return f"{explanation} In {source}'s words: “{edge.quote}”", None
            return f"{explanation} {source} reports it: “{edge.quote}”", None
        return explanation, edge.quote

    def _edge_sentence(self, edge: Edge) -> str:
        later, earlier = self.key.name(edge.target), self.key.name(edge.source)
        if edge.kind == "uncredited-copy":
            return f"{later} took the story from {earlier} without naming it."
        if edge.kind == "translation":
            return f"{later} is a translation of {earlier}" + (
                "." if edge.credited else ", and does not say so."
            )
        return f"{later} names {earlier} as a source."

    def _keep_going(self, step: str) -> str:
        """A hint toward the origin from ``step``: the sources it got the story from that lead "
        "there."""
        origin = self.key.step(self.key.origin)
        sources = self.key.step_sources(step)
        distance = {
            s: 0 if s == origin else self.key.distances_back(s).get(origin) for s in sources
        }
        reachable = {s: d for s, d in distance.items() if d is not None}
        if not reachable:
            return f"Start again from {self._this()}: where did it get the story?"
        nearest = min(reachable.values())
        toward = [s for s, d in reachable.items() if d == nearest]
        edges = [e for s in toward for e in sources[s]]
        sure = [e for e in edges if not _is_inference(e)]
        names = _and(self.key.name(s) for s in toward)
        if not sure:
            return (
                f"Keep going: {self.key.name(step)} probably got the story from {names} "
                "(our inference)."
            )
        return (
            f"Keep going: {self.key.name(step)} got the story from {names}"
            f"{self._quote_from(sure[0])}."
        )

    def _surely_back(self, later: str, earlier: str) -> bool:
        """Whether the story reached ``later`` from ``earlier`` along links that are known,
        not our inference (so feedback can say "got" rather than "probably got")."""
        seen = {later}
        queue = deque([later])
        while queue:
            current = queue.popleft()
            for source, edges in self.key.step_sources(current).items():
                if source in seen or all(_is_inference(e) for e in edges):
                    continue
                if source == earlier:
                    return True
                seen.add(source)
                queue.append(source)
        return False

    def _quote_from(self, edge: Edge) -> str:
        """`` (“quote”)``, naming the article it comes from when that is not this one."""
        if not edge.quote:
            return ""
        if edge.article and edge.article != self.article.article_id:
            outlet = self.key.outlet_of(edge.article)
            return f" (as {self.key.name(outlet or edge.article)} reports: “{edge.quote}”)"
        return f" (“{edge.quote}”)"

    def _origin(self, trace: ChainTrace) -> None:
        points = self.key.points.origin
        origin_name = self.key.name(self.key.origin)
        label = "Where the claim began"
        if trace.reached_origin:
            self.items.append(
                FeedbackItem(
                    "right",
                    f"{label}: {origin_name}",
                    self.key.origin_note,
                    points=points,
                    max_points=points,
                )
            )
            return
        end_name = self.key.name(trace.end)
        partly = next(
            (p for p in self.key.origin_partly.values() if self.key.step(p.source) == trace.end),
            None,
        )
        if partly is not None:
            self.items.append(
                FeedbackItem(
                    "partly",
                    f"{label}: {end_name}",
                    partly.explanation,
                    points=points * partly.fraction,
                    max_points=points,
                )
            )
        else:
            explanation = (
                f"Your chain ends at {end_name}, but the claim began with {origin_name}. "
                f"{self.key.origin_note}"
            )
            if trace.end == trace.start:
                explanation = (
                    f"Your chain does not leave the article. The claim began with {origin_name}. "
                    f"{self.key.origin_note}"
                )
            self.items.append(
                FeedbackItem("wrong", f"{label}: {end_name}", explanation, max_points=points)
            )
        self._miss(
            "origin",
            "where the claim began: trace the chain back until a source names no source of its "
            f"own ({origin_name} is the one to find).",
        )

    # -- level and summary ----------------------------------------------------------------

    def _miss(self, part: str, piece: str) -> None:
        self.missing.append((_PRIORITY[part], piece))

    def _level(
        self, named_fraction: float, immediate_right: bool, credited_right: bool, trace: ChainTrace
    ) -> int:
        """Digipo 0-4: 4 when every crucial piece is found; 3 with evidence but a piece missing."""
        if not self.missing and named_fraction >= 0.75:
            return 4
        if trace.reached_origin or (immediate_right and credited_right):
            return 3
        if (
            named_fraction >= 0.5
            or immediate_right
            or any(link.verdict == "direct" for link in trace.links)
        ):
            return 2
        return 1

    def _summary(self, found: int, total: int, immediate_right: bool, trace: ChainTrace) -> str:
        parts = [f"You found {found} of the {total} sources this article names."]
        parts.append(
            "You found where it got the story."
            if immediate_right
            else "Where it got the story is not right yet."
        )
        if trace.reached_origin and all(link.verdict == "direct" for link in trace.links):
            parts.append(f"Your chain reaches {self.key.name(trace.end)}, where the claim began.")
        elif trace.reached_origin:
            parts.append(
                f"Your chain reaches {self.key.name(trace.end)}, but skips or mixes up steps."
            )
        else:
            parts.append(f"Your chain stops at {self.key.name(trace.end)}.")
        return " ".join(parts)

    def _same_step(self, a: str, b: str) -> bool:
        """Same source, or the same chain step when neither is a vague source."""
        return a == b or (
            self.key.sources[a].kind != "unnamed"
            and self.key.sources[b].kind != "unnamed"
            and self.key.step(a) == self.key.step(b)
        )

    def _this(self) -> str:
        return "this article"


def _is_inference(edge: Edge) -> bool:
    """Whether a link is our inference rather than something a text or the case notes state:
    a low confidence, or an uncredited copy known only from our research and not certain.
    Feedback says such a link "probably" happened and never that a source was named."""
    return edge.confidence in _UNSURE or (
        edge.kind == "uncredited-copy" and edge.known == "case-note" and edge.confidence != "high"
    )


def _and(names: Iterable[str]) -> str:
    """``"A, B and C"``."""
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2g}"
