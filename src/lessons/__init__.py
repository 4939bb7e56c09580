"""lessons: guided Jupyter lessons in media literacy on a real news case.

Students call one short function per task, for example ``lessons.read_articles()`` or
``lessons.trace("kyiv-post")``. Names load lazily so ``import lessons`` stays quick and
pulls in neither ipywidgets, matplotlib nor pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

from lessons._version import __version__

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    "load_case": "lessons.skills",
    "load_seed_case": "lessons.skills",
    "Feedback": "lessons.feedback",
    # refuses in an assessment workspace; lessons.tasks.check is the pure route
    "check": "lessons.student.assessment",
    "current_case": "lessons.widgets._base",
    # lesson 00
    "how_to_work": "lessons.widgets.start",
    "read_articles": "lessons.widgets.start",
    "your_name": "lessons.widgets.start",
    "how_sure": "lessons.widgets.start",
    "overview": "lessons.widgets.start",
    # lesson 01: read like a fact-checker
    "read_closely": "lessons.widgets.reading",
    # lesson 04: rate the reliability
    "rate": "lessons.widgets.reliability",
    "show_rubric": "lessons.widgets.reliability",
    "how_sure_now": "lessons.widgets.reliability",
    "my_ratings_chart": "lessons.widgets.reliability",
    "how_sure_chart": "lessons.widgets.reliability",
    # lesson 02: trace the sources
    "trace": "lessons.widgets.sources",
    "trace_chart": "lessons.widgets.sources",
    # lesson 03: find the hedges
    "find_hedges": "lessons.widgets.hedges",
    "detect_hedges": "lessons.widgets.hedges",
    "hedge_categories": "lessons.widgets.hedges",
    "compare_headlines": "lessons.widgets.hedges",
    "hedge_chart": "lessons.widgets.hedges",
    # lesson 05: how the claim spread
    "spread_question": "lessons.widgets.spread",
    "citation_graph": "lessons.widgets.spread",
    "spread_timeline": "lessons.widgets.spread",
    "hedge_thinning": "lessons.widgets.spread",
    "my_chains": "lessons.widgets.spread",
    "spread_table": "lessons.widgets.spread",
    # lesson 06: the capstone
    "capstone_article": "lessons.widgets.capstone",
    "write_brief": "lessons.widgets.capstone",
    "brief_rubric": "lessons.widgets.capstone",
    # handing in (any lesson, or the whole unit)
    "hand_in": "lessons.widgets.handin",
    # on a hub: the teacher's releases from the course exchange, without a server restart
    "fetch": "lessons.exchange.fetching",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lessons' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
