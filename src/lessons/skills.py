"""The skills the unit teaches, each declared once: the registry everything else asks.

A skill is what a lesson trains and what its tasks are named after: a task id is
``"<skill>/<target>"``, where a target is an article id or one of the skill's own targets.
Loading a case's keys, routing an answer to its checker (:func:`lessons.tasks.check`), the
titles on hand-in and feedback pages, exercises and the printed key all ask this module, so
adding a skill is one package and one entry in :data:`SKILLS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from lessons import capstone, hedges, reading, reliability, sources, spread
from lessons.casestudy import Case, KeyParser, UnknownArticleError, read_case
from lessons.feedback import Feedback
from lessons.resources import seed_case_dir

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CONTEXT_NOTEBOOKS",
    "CONTEXT_TITLES",
    "KEY_PARSERS",
    "SKILLS",
    "Chart",
    "Checker",
    "Skill",
    "load_case",
    "load_seed_case",
    "lookup",
    "notebook",
    "task_ids",
    "task_title",
    "title",
]


class Checker(Protocol):
    """A skill's checker: a pure function from an answer to its feedback. ``answers`` holds
    the student's other answers, for checks that compare across tasks."""

    def __call__(
        self,
        case: Case,
        target: str,
        answer: object,
        answers: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Feedback: ...


@dataclass(frozen=True)
class Chart:
    """A chart drawn from a case alone (no student answers): what it shows, and how."""

    description: str
    draw: Callable[[Case], Figure]


@dataclass(frozen=True)
class Skill:
    """One skill: its id (the first part of its task ids), the title students read, the
    number of the lesson notebook that teaches it (``02`` starts
    ``02_trace_the_sources.ipynb``), its checker, the parser of its ``key/<id>.toml`` (None
    when it needs no key file), the targets of its tasks, and the charts a teacher can draw
    for a case."""

    id: str
    title: str
    notebook: str
    check: Checker
    parse_key: KeyParser | None = None
    article_tasks: bool = True
    extra_targets: tuple[str, ...] = ()
    target_title: Callable[[str], str] | None = None
    charts: Mapping[str, Chart] = field(default_factory=dict)
    #: Other skills' key files a task needs, by target (a quiz question read off a chart
    #: drawn from ``key/sources.toml``, say); every task also needs this skill's own key.
    also_needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Whether this skill's parsed key answers a target (a key may leave an article out).
    covers: Callable[[Any, str], bool] | None = None
    #: Targets whose tasks need no key file even though the skill has one (a reflection).
    keyless_targets: tuple[str, ...] = ()

    def needs(self, target: str) -> tuple[str, ...]:
        """The skills whose key files a task of this skill needs, its own first: ``()`` for
        a task that needs no key (reading, capstone)."""
        keyless = self.parse_key is None or target in self.keyless_targets
        own = () if keyless else (self.id,)
        return (*own, *self.also_needs.get(target, ()))

    def targets(self, case: Case) -> tuple[str, ...]:
        """What this skill's tasks may name: the case's articles (when it has a task per
        article), then its own targets."""
        articles = case.article_ids if self.article_tasks else ()
        return (*articles, *self.extra_targets)


def _draw_hedge_density(case: Case) -> Figure:
    from lessons.hedges.charts import hedge_density_figure

    return hedge_density_figure(case)


def _draw_citation_graph(case: Case) -> Figure:
    from lessons.spread.charts import citation_graph_figure

    return citation_graph_figure(case)


def _draw_timeline(case: Case) -> Figure:
    from lessons.spread.charts import timeline_figure

    return timeline_figure(case)


def _draw_hedge_thinning(case: Case) -> Figure:
    from lessons.spread.charts import hedge_thinning_figure

    return hedge_thinning_figure(case)


def _sources_cover(key: Any, target: str) -> bool:
    return target in key.articles


def _hedges_cover(key: Any, target: str) -> bool:
    return key.article(target) is not None


def _reliability_covers(key: Any, target: str) -> bool:
    return target in key.articles


def _spread_covers(key: Any, target: str) -> bool:
    return target in key.questions


#: The spread quiz's questions that are read off a chart drawn from ``key/sources.toml``
#: (the map, the timeline, the hedges along the chain); "what-next" is read from the text.
_SPREAD_CHART_QUESTIONS = ("how-many-sources", "hidden-source", "uncertain-date", "dropped-hedge")

#: Every skill, in teaching order (lessons 01 to 06).
SKILLS: Mapping[str, Skill] = {
    skill.id: skill
    for skill in (
        Skill("reading", "Read like a fact-checker", notebook="01", check=reading.check_answer),
        Skill(
            "sources",
            "Trace the sources",
            notebook="02",
            check=sources.check_answer,
            parse_key=sources.parse_key,
            covers=_sources_cover,
        ),
        Skill(
            "hedges",
            "Find the hedges",
            notebook="03",
            check=hedges.check_answer,
            parse_key=hedges.parse_key,
            covers=_hedges_cover,
            charts={
                "density": Chart(
                    "hedges per 100 words in each article, headline and body",
                    _draw_hedge_density,
                )
            },
        ),
        Skill(
            "reliability",
            "Rate the reliability",
            notebook="04",
            check=reliability.check_answer,
            parse_key=reliability.parse_key,
            extra_targets=reliability.EXTRA_TARGETS,
            covers=_reliability_covers,
            keyless_targets=reliability.EXTRA_TARGETS,
        ),
        Skill(
            "spread",
            "How the claim spread",
            notebook="05",
            check=spread.check_answer,
            parse_key=spread.parse_key,
            article_tasks=False,
            extra_targets=spread.EXTRA_TARGETS,
            target_title=spread.target_title,
            also_needs={question: ("sources",) for question in _SPREAD_CHART_QUESTIONS},
            covers=_spread_covers,
            charts={
                "graph": Chart(
                    "the citation graph: who got the story from whom, earliest on the left",
                    _draw_citation_graph,
                ),
                "timeline": Chart(
                    "when each outlet first carried the claim, uncertain dates as ranges",
                    _draw_timeline,
                ),
                "hedges": Chart(
                    "hedges per 100 words along the chain, headline and body, fact-checks last",
                    _draw_hedge_thinning,
                ),
            },
        ),
        Skill(
            "capstone",
            "Capstone",
            notebook="06",
            check=capstone.check_answer,
            article_tasks=False,
            extra_targets=capstone.EXTRA_TARGETS,
            target_title=capstone.target_title,
        ),
    )
}

#: Answers that are no task of a skill but context other lessons read (how sure a student
#: was at the start), with the title of the lesson that asks for them.
CONTEXT_TITLES: Mapping[str, str] = {"start": "Before you start"}
#: The number of the notebook of each such context lesson (``00_start_here.ipynb``).
CONTEXT_NOTEBOOKS: Mapping[str, str] = {"start": "00"}

#: The parser of each key file a case may have, ``key/<skill>.toml``.
KEY_PARSERS: Mapping[str, KeyParser] = {
    skill.id: skill.parse_key for skill in SKILLS.values() if skill.parse_key is not None
}


def lookup(skill_id: str) -> Skill | None:
    """The skill with this id, or None."""
    return SKILLS.get(skill_id)


def title(skill_id: str) -> str:
    """The title students read for a skill's (or a context lesson's) tasks; the id itself
    when there is no such skill."""
    skill = SKILLS.get(skill_id)
    if skill is not None:
        return skill.title
    return CONTEXT_TITLES.get(skill_id, skill_id)


def notebook(skill_id: str) -> str | None:
    """The number that starts the file name of the notebook teaching a skill (or a context
    lesson): ``"02"`` for ``sources``, ``"00"`` for ``start``; None when there is none."""
    skill = SKILLS.get(skill_id)
    if skill is not None:
        return skill.notebook
    return CONTEXT_NOTEBOOKS.get(skill_id)


def task_ids(case: Case, skill_id: str) -> list[str]:
    """Every task of one skill in a case, in order."""
    skill = SKILLS[skill_id]
    return [f"{skill.id}/{target}" for target in skill.targets(case)]


def task_title(case: Case, task_id: str) -> str:
    """A reader's name for a task: ``Trace the sources: Kyiv Post``, ``Capstone: The
    corrected news brief`` (an article's outlet, or the skill's title for its target)."""
    skill_id, _, target = task_id.partition("/")
    heading = title(skill_id)
    try:
        return f"{heading}: {case.article(target).outlet}"
    except UnknownArticleError:
        pass
    skill = SKILLS.get(skill_id)
    if skill is not None and skill.target_title is not None:
        target = skill.target_title(target)
    return f"{heading}: {target}"


def load_case(folder: str | Path, *, with_keys: bool = True) -> Case:
    """Load and validate the case study in ``folder`` with (by default) every skill's key.

    Raises :class:`lessons.validation.DataFileError` listing every problem of ``case.toml``,
    the article files and the keys in ``key/``.
    """
    return read_case(folder, KEY_PARSERS if with_keys else {})


def load_seed_case(*, with_keys: bool = True) -> Case:
    """The bundled seed case study."""
    return load_case(seed_case_dir(), with_keys=with_keys)
