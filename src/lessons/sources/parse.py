"""Parse and validate a teacher's ``key/sources.toml`` into a :class:`SourcesKey`.

Every problem goes to one :class:`Problems` collector, so a teacher sees them all at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lessons.casestudy import CONFIDENCE_LEVELS, Case, DateInfo, UnknownArticleError, check_quote
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
    NamedSource,
    OriginPartly,
    Points,
    Source,
    SourcesKey,
)
from lessons.text import normalize_name
from lessons.validation import ID, Field, Problems

__all__ = ["FORMAT_VERSION", "parse_key"]

FORMAT_VERSION = 1


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
    "also_origin": Field(list, required=False),
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
_ALSO_ORIGIN_FIELDS = {
    "source": Field(str),
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
        also = self._also_origin(top.get("also_origin", []), origin, partly)
        key = SourcesKey(
            origin=origin,
            origin_note=top.get("origin_note", ""),
            sources=dict(self.sources),
            edges=tuple(edges),
            articles={},
            points=points,
            origin_partly=partly,
            also_origin=also,
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
            also_origin=also,
            names=key.names,
        )

    # -- pieces -------------------------------------------------------------------------

    def _also_origin(
        self, items: list[Any], origin: str, partly: Mapping[str, OriginPartly]
    ) -> dict[str, AlsoOrigin]:
        """Chain ends accepted as complete besides the origin (``[[also_origin]]``)."""
        also: dict[str, AlsoOrigin] = {}
        seeds = {s.id for s in self.sources.values() if s.article}
        for index, item in enumerate(items):
            where = f"also_origin[{index}]"
            fields = self.problems.check_table(self.file, where, item, _ALSO_ORIGIN_FIELDS)
            source = fields.get("source")
            if source is None or "explanation" not in fields:
                continue
            if not self._is_outlet(source):
                self.add(
                    f"{where}.source",
                    f"{source!r} is not an outlet id; use one of: {self._outlet_ids()}",
                )
            elif source == origin or source in also:
                self.add(f"{where}.source", f"{source!r} is the origin or already listed")
            elif source in partly:
                self.add(
                    f"{where}.source",
                    f"{source!r} is also in origin_partly; a chain end is either accepted "
                    "(also_origin) or earns part of the origin point (origin_partly)",
                )
            elif source in seeds:
                self.add(f"{where}.source", f"{source!r} is the outlet of an article of the case")
            else:
                also[source] = AlsoOrigin(source, fields["explanation"])
        return also

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
        if not ID.match(source_id):
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
            self._check_edge_ends(where, fields)
            self._check_edge_credit(where, fields)
            article = self._edge_evidence(where, fields)
            source, target = fields.get("from"), fields.get("to")
            if source and target and (source, target) in seen:
                self.add(
                    where,
                    f"{_edge(source, target)} repeats edges[{seen[(source, target)]}]; give "
                    "each pair once",
                )
            if len(self.problems) > before or source is None or target is None:
                continue
            seen[(source, target)] = index
            credited = fields.get("credited")
            edges.append(
                Edge(
                    source=source,
                    target=target,
                    kind=fields["kind"],
                    known=fields["known"],
                    confidence=fields["confidence"],
                    credited=credited if credited is not None else fields["kind"] == "credited",
                    quote=fields.get("quote"),
                    article=article,
                    note=fields.get("note", ""),
                )
            )
        return edges

    def _check_edge_ends(self, where: str, fields: Mapping[str, Any]) -> None:
        """Both ends of an edge are outlets, and not the same one."""
        source, target = fields.get("from"), fields.get("to")
        for end in ("from", "to"):
            value = fields.get(end)
            if value is not None and not self._is_outlet(value):
                self.add(
                    f"{where}.{end}",
                    f"{_edge(source, target)}: {value!r} is not an outlet id; use one of: "
                    f"{self._outlet_ids()}",
                )
        if source is not None and source == target:
            self.add(
                f"{where}.to",
                f"{_edge(source, target)}: is the same as from; an outlet cannot be its own "
                "source (an article where the claim began is the origin, with no edge)",
            )

    def _check_edge_credit(self, where: str, fields: Mapping[str, Any]) -> None:
        """``credited`` is given for a translation, and only for one (other kinds say it)."""
        kind, credited = fields.get("kind"), fields.get("credited")
        edge = _edge(fields.get("from"), fields.get("to"))
        if kind == "translation" and credited is None:
            self.add(
                f"{where}.credited",
                f"{edge}: is missing; a translation must say whether it credits the original "
                "(true or false)",
            )
        elif kind in ("credited", "uncredited-copy") and credited is not None:
            self.add(
                f"{where}.credited",
                f"{edge}: is only for translations; a {kind!r} edge is "
                f"{'' if kind == 'credited' else 'not '}credited by its kind",
            )

    def _edge_evidence(self, where: str, fields: Mapping[str, Any]) -> str | None:
        """Check what an edge is known from (a case-note needs its note, a quote must be in
        its article) and return the article that holds its quote, if any."""
        known, target = fields.get("known"), fields.get("to")
        edge = _edge(fields.get("from"), target)
        if known == "case-note" and not fields.get("note"):
            self.add(
                f"{where}.note", f"{edge}: is missing; say what the case notes say about this edge"
            )
        article: str | None = fields.get("article")
        if known != "quote":
            return article
        article = article or (self.sources[target].article if target in self.sources else None)
        if "quote" not in fields:
            self.add(
                f"{where}.quote",
                f"{edge}: is missing; an edge known from a quote must give the quote",
            )
        elif article is None:
            self.add(
                f"{where}.article",
                f"{edge}: is missing; {target!r} published no article of this case, so say "
                "which article holds the quote",
            )
        else:
            found = Problems()
            check_quote(self.case, article, fields["quote"], self.file, f"{where}.quote", found)
            for problem in found.items:
                self.add(problem.field, f"{edge}: {problem.message}")
        return article

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
                    "edges",
                    "the story cannot go round in a circle (source -> citing outlet): "
                    + " -> ".join(repr(node) for node in cycle[start:]),
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
        immediate = fields.get("immediate")
        also = fields.get("also_immediate", [])
        self._check_immediate(key, where, outlet, immediate, also)
        self._check_credit(key, where, article_id, outlet, fields)
        chain = fields.get("chain", [])
        self._check_chain(key, f"{where}.chain", outlet, chain, immediate, also)
        named = self._named_sources(article_id, where, fields.get("named", []))
        if "named" in fields and not fields["named"]:
            self.add(f"{where}.named", "is empty; list the sources the article names")
        distractors = self._distractors(where, fields.get("distractors", []), named, outlet)
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

    def _check_immediate(
        self, key: SourcesKey, where: str, outlet: str, immediate: Any, also: list[Any]
    ) -> None:
        """The immediate source and each ``also_immediate`` are outlets with an edge to the
        article's outlet, or the article's own outlet when the claim began there."""
        direct = key.step_sources(key.step(outlet))
        at_origin = _is_origin(key, outlet)
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
            elif key.step(value) == key.step(outlet):
                if not at_origin:
                    self.add(
                        f"{where}.{name}",
                        f"{value!r} is the article's own outlet; only an article where the claim "
                        f"began (the origin, {key.origin!r}) is its own source: give the outlet "
                        "it got the story from, or make this outlet the origin",
                    )
            elif key.step(value) not in direct:
                self.add(
                    f"{where}.{name}",
                    f"there is no {_edge(value, outlet)} (source -> citing article); add the "
                    "edge that shows the article got the story there",
                )

    def _check_credit(
        self, key: SourcesKey, where: str, article_id: str, outlet: str, fields: Mapping[str, Any]
    ) -> None:
        """``credited`` agrees with the edge from the immediate source, and a credited source
        is quoted where the article credits it."""
        immediate, credited = fields.get("immediate"), fields.get("credited")
        if immediate in key.sources and credited is not None:
            edge = next((e for e in key.edges_into(outlet) if e.source == immediate), None)
            if edge is not None and edge.credited != credited:
                self.add(
                    f"{where}.credited",
                    f"is {str(credited).lower()}, but the {_edge(immediate, outlet)} says "
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

    def _named_sources(
        self, article_id: str, where: str, entries: Iterable[object]
    ) -> list[NamedSource]:
        """The sources the article names, each once."""
        named: list[NamedSource] = []
        for index, entry in enumerate(entries):
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
        return named

    def _distractors(
        self, where: str, entries: Iterable[object], named: Sequence[NamedSource], outlet: str
    ) -> list[Distractor]:
        """The sources offered as wrong picks: known, and neither named nor the outlet."""
        distractors: list[Distractor] = []
        for index, entry in enumerate(entries):
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
        return distractors

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
        if (
            isinstance(chain[0], str)
            and chain[0] in self.sources
            and key.step(chain[0]) == previous
        ):
            self._check_chain_at_origin(key, where, outlet, chain)
            return
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
                    f"there is no {_edge(value, previous)} (source -> citing outlet); each "
                    "step must be a source of the one before",
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

    def _check_chain_at_origin(
        self, key: SourcesKey, where: str, outlet: str, chain: list[Any]
    ) -> None:
        """A chain that is the article's own outlet alone: right only for the article where
        the claim began (its outlet is the origin), which has no step back."""
        if not _is_origin(key, outlet):
            self.add(
                f"{where}[0]",
                f"{chain[0]!r} is the article's own outlet; a chain is only the article itself "
                f"when the claim began there (the origin, {key.origin!r}); start from the "
                "outlet it got the story from",
            )
        elif len(chain) > 1:
            self.add(
                where,
                f"starts at {chain[0]!r}, the origin itself; the claim began in this article, "
                "so give the chain as that one step",
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


def _edge(source: object, target: object) -> str:
    """How messages name an edge: its ids in the direction the story went."""
    return f"edge {source!r} -> {target!r}"


def _is_origin(key: SourcesKey, outlet: str) -> bool:
    """Whether the claim began with this outlet (so its article has no source to trace)."""
    return bool(key.origin) and key.step(outlet) == key.step(key.origin)


def parse_key(case: Case, table: dict[str, Any], problems: Problems, file: str) -> SourcesKey:
    """Parse and validate ``key/sources.toml``; every problem goes to ``problems``."""
    return _Parser(case, problems, file).parse(table)
