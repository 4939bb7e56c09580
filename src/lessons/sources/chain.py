"""Trace a student's chain of sources back toward the origin, link by link.

Shared by the checker and the chain chart, so both judge a chain the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lessons.sources.key import Edge, SourcesKey

__all__ = ["ChainLink", "ChainTrace", "LinkVerdict", "trace_chain"]

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
    origin; ``shortest`` the fewest links from the article to the origin; ``reached_origin``,
    ``remaining`` and ``shortest`` count an accepted end (the key's ``also_origin``) as the
    origin; ``mapped`` the
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
    def at_origin(self) -> bool:
        """Whether the article is where the claim began and the chain rightly stays there."""
        return self.reached_origin and not self.links

    @property
    def fraction(self) -> float:
        if self.at_origin:
            return 1.0
        return sum(link.credit for link in self.links) / self.denominator


def trace_chain(key: SourcesKey, article_id: str, chain: Sequence[str]) -> ChainTrace:
    """Check a chain of source ids (already resolved) from ``article_id`` back toward the origin."""
    article = key.article(article_id)
    start = key.step(article.outlet)
    ends = key.chain_ends()
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
    shortest = _nearest_end(key, start, ends, 0)
    reached = previous in ends
    remaining = 0 if reached else _nearest_end(key, last_good, ends, shortest)
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


def _nearest_end(key: SourcesKey, step: str, ends: frozenset[str], default: int) -> int:
    """The fewest links from ``step`` back to a step where a chain is complete."""
    distances = key.distances_back(step)
    found = [distances[end] for end in ends if end in distances]
    return min(found) if found else default
