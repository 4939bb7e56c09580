"""How the claim spread: the story's outlets and citations as tables, and the lesson's quiz.

The data comes from the case's keys, never from code: the outlets and edges of
``key/sources.toml`` (who cited, copied or translated whom, and when), the articles' dates
in ``case.toml``, hedges per 100 words from ``key/hedges.toml`` (or the detector), and the
expert's reliability bands from ``key/reliability.toml``. :func:`appearances_table` and
:func:`edges_table` return them as pandas DataFrames; :func:`time_layers` orders the
outlets left to right in time for the charts (:mod:`lessons.spread.charts`). An uncertain
date stays a range (``earliest``/``latest``, either may be missing), never a single day.

The quiz of lesson 05 (task ids ``spread/<question>``) asks the questions of
:data:`QUESTION_IDS`; ``key/spread.toml`` gives each one's prompt, choices and reasons (format
in ``seeds/README.md``). A student's answer is ``{"choices": [choice id, ...]}``: one id for a
question that asks for one answer, any number for "tick every one". :func:`check_answer`
never raises on bad input. pandas and networkx are imported only inside the functions that
need them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lessons.casestudy import Case, DateInfo
from lessons.feedback import Feedback, FeedbackItem
from lessons.sources import MissingKeyError, Source, sources_key
from lessons.validation import ID, Field, Problems

if TYPE_CHECKING:
    import pandas as pd

    from lessons.hedges import Source as HedgeSource

__all__ = [
    "ARTICLE_TASKS",
    "CHOICE_SOURCES",
    "CHOOSE",
    "EXTRA_TARGETS",
    "GROUPS",
    "QUESTION_IDS",
    "QUESTION_TITLES",
    "SKILL",
    "UNCERTAIN_CONFIDENCE",
    "VERDICTS",
    "Choice",
    "Question",
    "SpreadKey",
    "appearances_table",
    "check_answer",
    "choice_label",
    "edges_table",
    "group_of",
    "outlet_date",
    "parse_key",
    "question",
    "short_date",
    "spread_key",
    "target_title",
    "task_ids",
    "time_layers",
]

SKILL = "spread"
KEY_FORMAT = 1

#: The questions lesson 05 asks, in teaching order: each has its place in the notebook,
#: and ``key/spread.toml`` gives its prompt, choices and answers for a case.
QUESTION_IDS: tuple[str, ...] = (
    "how-many-sources",
    "hidden-source",
    "uncertain-date",
    "dropped-hedge",
    "what-next",
)
#: Targets of ``spread/<target>`` task ids (read by :mod:`lessons.teacher.exercises`); none is an article.
EXTRA_TARGETS = QUESTION_IDS
ARTICLE_TASKS = False
#: A short title for each question, for gradebooks and reports ("what it asks", no answer).
QUESTION_TITLES: dict[str, str] = {
    "how-many-sources": "How many sources behind the claim?",
    "hidden-source": "Which copies hide their source?",
    "uncertain-date": "When did the blog's text first appear?",
    "dropped-hedge": "Which headline first dropped the hedge?",
    "what-next": "Why 2024 does not confirm 2022",
}
#: ``one``: exactly one answer; ``several``: tick every right one.
CHOOSE = ("one", "several")
#: Where a question's choices come from: its own ``label``s, or the case's articles.
CHOICE_SOURCES = ("options", "articles")
VERDICTS = ("right", "partly", "wrong")
#: Share of one right choice's points lost for each wrong choice ticked ("several").
WRONG_PICK = 0.5
MAX_PICKS = 50

#: Date confidences below "medium": such links and dates are shown as "probably".
UNCERTAIN_CONFIDENCE = ("low", "low-medium", "medium-low")

#: How a node is grouped (and coloured) in the charts: by what it did with the claim first
#: (began it, checked it, denied it), else by its kind.
GROUPS: dict[str, str] = {
    "origin": "where the claim began",
    "state-media": "state TV or state media",
    "person": "a person",
    "news-agency": "news agency passing it on",
    "outlet": "news outlet or website passing it on",
    "other": "other source passing it on",
    "fact-check": "fact-check or doubt",
    "denial": "official denial",
}


# --------------------------------------------------------------------------------------
# The spread data
# --------------------------------------------------------------------------------------


def group_of(source: Source) -> str:
    """The chart group of an outlet (a key of :data:`GROUPS`)."""
    if source.role == "origin":
        return "origin"
    if source.role == "doubt":
        return "fact-check"
    if source.role == "denial":
        return "denial"
    if source.kind in ("state-tv", "state-media"):
        return "state-media"
    if source.kind in ("person", "news-agency", "outlet"):
        return source.kind
    return "other"


def outlet_date(case: Case, source: Source) -> DateInfo | None:
    """When an outlet first carried the claim: its own date, or its article's, or None."""
    if source.date is not None:
        return source.date
    if source.article is not None:
        return case.article(source.article).date
    return None


def short_date(date: DateInfo | None) -> str:
    """A compact date for a chart label: "5 Aug 2022", "4-5 Aug 2022", "7 Aug 2022 or
    later", "by 5 Aug 2022", "date not found"; "(probably)" when the confidence is low."""
    if date is None or (date.earliest is None and date.latest is None):
        return "date not found"
    first, last = date.earliest, date.latest
    if first is not None and last is not None:
        if first == last:
            text = _short(first)
        elif (first.year, first.month) == (last.year, last.month):
            text = f"{first.day}–{_short(last)}"
        elif first.year == last.year:
            text = f"{first.day} {first:%b}–{_short(last)}"
        else:
            text = f"{_short(first)}–{_short(last)}"
    elif first is not None:
        text = f"{_short(first)} or later"
    else:
        assert last is not None
        text = f"by {_short(last)}"
    if date.confidence in UNCERTAIN_CONFIDENCE:
        text += " (probably)"
    return text


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _is_exact(date: DateInfo | None) -> bool:
    return date is not None and date.is_exact


def time_layers(case: Case) -> dict[str, int]:
    """Each outlet's column, left to right in time: an outlet always stands right of every
    outlet it got the story from and of every outlet that surely came before it (the
    latest possible date of one before the earliest possible date of the other).

    Raises :class:`lessons.sources.MissingKeyError` when the case has no sources key.
    """
    import networkx as nx

    key = sources_key(case)
    ids = [s.id for s in key.outlets]
    dates = {s.id: outlet_date(case, s) for s in key.outlets}
    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((e.source, e.target) for e in key.edges)
    before = [
        (a, b)
        for a in ids
        for b in ids
        if a != b
        and (da := dates[a]) is not None
        and (db := dates[b]) is not None
        and da.latest is not None
        and db.earliest is not None
        and da.latest < db.earliest
    ]
    with_dates = graph.copy()
    with_dates.add_edges_from(before)
    if nx.is_directed_acyclic_graph(with_dates):
        graph = with_dates  # dates that contradict the citations are ignored, not trusted
    layers: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        layers[node] = max((layers[p] + 1 for p in graph.predecessors(node)), default=0)
    return {node: layers[node] for node in ids}


def _timestamp(day: dt.date | None) -> Any:
    import pandas as pd

    return pd.Timestamp(day) if day is not None else pd.NaT


def appearances_table(case: Case, *, hedge_source: HedgeSource = "auto") -> pd.DataFrame:
    """One row per outlet of the story (seed or not), in key order.

    Columns: ``id``, ``name``, ``kind``, ``role``, ``group`` (see :data:`GROUPS`), ``article``
    (the case's article it published, or None), ``is_seed``, ``earliest`` and ``latest``
    (Timestamps, NaT when that bound is unknown), ``date_exact``, ``date_label`` ("between 4
    August 2022 and 5 August 2022"), ``date_confidence``, ``date_note``, ``layer`` (column in
    time order), ``headline_hedges_per_100`` and ``body_hedges_per_100`` (seeds only; NaN
    when there is no headline or no text), ``body_boosters_per_100``, ``hedges_counted_by``
    (``key`` or ``detector``; ``hedge_source`` chooses as in
    :func:`lessons.hedges.hedge_counts`), ``band_low``, ``band_high`` and ``band`` (the
    expert's reliability band of the article, where the case has one).
    """
    import pandas as pd

    key = sources_key(case)
    layers = time_layers(case)
    reliability = case.key("reliability")
    rows = []
    for source in key.outlets:
        date = outlet_date(case, source)
        row: dict[str, Any] = {
            "id": source.id,
            "name": source.name,
            "kind": source.kind,
            "role": source.role,
            "group": group_of(source),
            "article": source.article,
            "is_seed": source.article is not None,
            "earliest": _timestamp(date.earliest if date else None),
            "latest": _timestamp(date.latest if date else None),
            "date_exact": _is_exact(date),
            "date_label": date.label() if date else "date not found",
            "date_confidence": date.confidence if date else None,
            "date_note": date.note if date else "",
            "layer": layers[source.id],
            **_hedge_columns(case, source.article, hedge_source),
            **_band_columns(reliability, source.article),
        }
        rows.append(row)
    table = pd.DataFrame(rows)
    for column in ("earliest", "latest"):
        table[column] = pd.to_datetime(table[column])
    return table


def _hedge_columns(case: Case, article_id: str | None, source: HedgeSource) -> dict[str, Any]:
    from lessons.hedges import hedge_counts

    nan = float("nan")
    if article_id is None:
        return {
            "headline_hedges_per_100": nan,
            "body_hedges_per_100": nan,
            "body_boosters_per_100": nan,
            "hedges_counted_by": None,
        }
    hedges = hedge_counts(case, article_id, source=source)
    boosters = hedge_counts(case, article_id, source=source, categories=["booster"])

    def per_100(count: int, words: int) -> float:
        return round(100 * count / words, 2) if words else nan

    return {
        "headline_hedges_per_100": per_100(hedges["headline_hedges"], hedges["headline_words"]),
        "body_hedges_per_100": per_100(hedges["body_hedges"], hedges["body_words"]),
        "body_boosters_per_100": per_100(boosters["body_hedges"], boosters["body_words"]),
        "hedges_counted_by": hedges["source"],
    }


def _band_columns(reliability: Any, article_id: str | None) -> dict[str, Any]:
    articles = getattr(reliability, "articles", {}) if reliability is not None else {}
    band = articles[article_id].band if article_id in articles else None
    if band is None:
        return {"band_low": None, "band_high": None, "band": None}
    return {"band_low": band[0], "band_high": band[1], "band": f"{band[0]}-{band[1]}"}


def edges_table(case: Case) -> pd.DataFrame:
    """One row per edge of the citation graph: the story went ``from`` one outlet ``to``
    another. Columns: ``from``, ``to``, ``kind`` (``credited``, ``uncredited-copy``,
    ``translation``), ``credited``, ``known`` (``quote`` or ``case-note``), ``confidence``,
    ``uncertain`` (confidence below medium), ``quote``, ``note``."""
    import pandas as pd

    key = sources_key(case)
    columns = [
        "from",
        "to",
        "kind",
        "credited",
        "known",
        "confidence",
        "uncertain",
        "quote",
        "note",
    ]
    rows = [
        {
            "from": edge.source,
            "to": edge.target,
            "kind": edge.kind,
            "credited": edge.credited,
            "known": edge.known,
            "confidence": edge.confidence,
            "uncertain": edge.confidence in UNCERTAIN_CONFIDENCE,
            "quote": edge.quote,
            "note": edge.note,
        }
        for edge in key.edges
    ]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------
# The quiz key
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One choice of a question: whether it is right, and why (shown when it is ticked)."""

    id: str
    verdict: str
    why: str
    label: str = ""
    credit: float = 0.0

    @property
    def earns(self) -> float:
        """The share of the question's point a choice earns when it is the answer."""
        return {"right": 1.0, "partly": self.credit, "wrong": 0.0}[self.verdict]


@dataclass(frozen=True)
class Question:
    """One quiz question: the prompt, its choices and where to look when stuck."""

    id: str
    prompt: str
    choose: str
    choices_from: str
    hint: str
    choices: tuple[Choice, ...]

    @property
    def right(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.verdict == "right")

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class SpreadKey:
    """The parsed ``key/spread.toml``: the quiz questions, in the file's order."""

    questions: Mapping[str, Question]


_TOP_FIELDS = {"format": Field(int, choices=(KEY_FORMAT,)), "questions": Field(list)}
_QUESTION_FIELDS = {
    "id": Field(str, choices=QUESTION_IDS),
    "prompt": Field(str),
    "choose": Field(str, choices=CHOOSE),
    "choices_from": Field(str, choices=CHOICE_SOURCES),
    "hint": Field(str),
    "choices": Field(list),
}
_CHOICE_FIELDS = {
    "id": Field(str),
    "label": Field(str, required=False),
    "verdict": Field(str, choices=VERDICTS),
    "credit": Field((int, float), required=False),
    "why": Field(str),
}


def parse_key(case: Case, table: dict[str, Any], problems: Problems, file: str) -> SpreadKey:
    """Parse and validate ``key/spread.toml``; every problem goes to ``problems``."""
    top = problems.check_table(file, "", table, _TOP_FIELDS)
    questions: dict[str, Question] = {}
    for index, item in enumerate(top.get("questions", [])):
        where = f"questions[{index}]"
        parsed = _parse_question(case, file, where, item, problems)
        if parsed is None:
            continue
        if parsed.id in questions:
            problems.add(file, f"{where}.id", f"{parsed.id!r} is already used; ask each once")
            continue
        questions[parsed.id] = parsed
    return SpreadKey(questions)


def _blank(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


def _parse_question(
    case: Case, file: str, where: str, item: object, problems: Problems
) -> Question | None:
    before = len(problems)
    fields = problems.check_table(file, where, item, _QUESTION_FIELDS)
    for name in ("prompt", "hint"):
        if name in fields and _blank(fields[name]):
            problems.add(file, f"{where}.{name}", "must not be empty")
    from_articles = fields.get("choices_from") == "articles"
    choose = fields.get("choose", "one")
    choices: list[Choice] = []
    seen: set[str] = set()
    for index, entry in enumerate(fields.get("choices", [])):
        at = f"{where}.choices[{index}]"
        c = problems.check_table(file, at, entry, _CHOICE_FIELDS)
        if "id" not in c or "verdict" not in c or "why" not in c:
            continue
        choice_id = c["id"]
        if from_articles and choice_id not in case.article_ids:
            problems.add(
                file,
                f"{at}.id",
                f"{choice_id!r} is not an article of the case; articles are: "
                + ", ".join(case.article_ids),
            )
        elif not from_articles and not ID.match(choice_id):
            problems.add(
                file,
                f"{at}.id",
                f"{choice_id!r} must be lower-case letters, digits and single hyphens, like "
                "'one-source'",
            )
        if choice_id in seen:
            problems.add(file, f"{at}.id", f"{choice_id!r} is already a choice of this question")
        seen.add(choice_id)
        if not from_articles and _blank(c.get("label")):
            problems.add(file, f"{at}.label", "is missing; a choice of your own needs a label")
        if _blank(c["why"]):
            problems.add(file, f"{at}.why", "must say why the choice is right or not")
        credit = c.get("credit")
        if c["verdict"] == "partly":
            if credit is None:
                credit = 0.5
            elif not 0 < credit < 1:
                problems.add(file, f"{at}.credit", f"must be between 0 and 1, not {credit}")
            if choose == "several":
                problems.add(
                    file,
                    f"{at}.verdict",
                    "'partly' only goes with choose = 'one'; a 'several' question has right "
                    "and wrong choices",
                )
        elif credit is not None:
            problems.add(file, f"{at}.credit", "only goes with verdict = 'partly'")
        choices.append(
            Choice(
                choice_id,
                c["verdict"],
                c["why"],
                label=c.get("label", ""),
                credit=float(credit or 0.0),
            )
        )
    if "choices" in fields:
        right = sum(1 for c in choices if c.verdict == "right")
        if len(choices) < 2:
            problems.add(file, f"{where}.choices", "needs at least two choices")
        elif choose == "one" and right != 1:
            problems.add(
                file,
                f"{where}.choices",
                f"a question with choose = 'one' needs exactly one right choice, not {right}",
            )
        elif choose == "several" and right == 0:
            problems.add(file, f"{where}.choices", "needs at least one right choice")
    if len(problems) > before:
        return None
    return Question(
        id=fields["id"],
        prompt=fields["prompt"].strip(),
        choose=choose,
        choices_from=fields["choices_from"],
        hint=fields["hint"].strip(),
        choices=tuple(choices),
    )


class MissingQuizError(LookupError):
    """The case study has no ``key/spread.toml``, or it lacks a question."""

    def __init__(self, question_id: str | None = None) -> None:
        self.question_id = question_id
        super().__init__(question_id)

    def __str__(self) -> str:
        if self.question_id is None:
            return (
                "This case study has no key for the spread quiz (key/spread.toml), so answers "
                "cannot be checked; ask your teacher."
            )
        return (
            f"There is no question called {self.question_id!r} in this case study; the "
            f"questions are: {', '.join(QUESTION_IDS)}."
        )


def spread_key(case: Case) -> SpreadKey:
    """The case's quiz key; raises :class:`MissingQuizError` with a plain sentence."""
    key = case.key(SKILL)
    if not isinstance(key, SpreadKey):
        raise MissingQuizError()
    return key


def question(case: Case, question_id: str) -> Question:
    """One question of the case's quiz; the error lists the questions there are."""
    key = spread_key(case)
    found = key.questions.get(question_id) if isinstance(question_id, str) else None
    if found is None:
        raise MissingQuizError(str(question_id))
    return found


def task_ids(case: Case) -> tuple[str, ...]:
    """The spread tasks of a case (``spread/<question>``), in teaching order."""
    key = case.key(SKILL)
    if not isinstance(key, SpreadKey):
        return ()
    return tuple(f"{SKILL}/{q}" for q in QUESTION_IDS if q in key.questions)


def target_title(target: str) -> str:
    """A reader's name for a task target: the question's short title, or the target itself."""
    return QUESTION_TITLES.get(target, target)


def choice_label(case: Case, question: Question, choice: Choice) -> str:
    """What a student sees for a choice: its label, or the article's outlet."""
    if choice.label:
        return choice.label
    if question.choices_from == "articles":
        return case.article(choice.id).outlet
    return choice.id


# --------------------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------------------


def _read_choices(question: Question, answer: object) -> list[str] | str:
    """The ticked choice ids, or one sentence saying what to fix."""
    if not isinstance(answer, Mapping):
        return "This answer is empty or damaged: answer the question again."
    unknown = [name for name in answer if name != "choices"]
    if unknown:
        return (
            f"This answer has a part the checker does not know ({unknown[0]!r}); an answer is "
            'a list of choices, like {"choices": ["' + question.choices[0].id + '"]}.'
        )
    picks = answer.get("choices")
    if picks is None or picks == []:
        return "Pick an answer first, then press Check."
    if isinstance(picks, str) or not isinstance(picks, list | tuple):
        return "The answer must be a list of the choices you ticked."
    if len(picks) > MAX_PICKS:
        return "That is far more choices than the question has: tick only the ones you mean."
    chosen: list[str] = []
    for pick in picks:
        if not isinstance(pick, str) or question.choice(pick.strip()) is None:
            shown = pick if isinstance(pick, str) and len(pick) <= 40 else "one of them"
            return f"“{shown}” is not one of this question's choices: pick from the list."
        if pick.strip() not in chosen:
            chosen.append(pick.strip())
    if question.choose == "one" and len(chosen) > 1:
        return "This question asks for one answer: pick only the best one."
    return chosen


def check_answer(
    case: Case,
    target: str,
    answer: object,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Feedback:
    """Check one quiz answer (``target`` is a question id) against ``key/spread.toml``.

    Pure: no widgets, no files; ``answers`` (the student's other answers) is not needed.
    """
    task = f"{SKILL}/{target}"
    try:
        found = question(case, target)
    except MissingQuizError as error:
        return Feedback.invalid(task, str(error))
    chosen = _read_choices(found, answer)
    if isinstance(chosen, str):
        return Feedback.invalid(task, chosen, max_score=1.0)
    if found.choose == "one":
        return _check_one(case, task, found, chosen[0])
    return _check_several(case, task, found, chosen)


def _check_one(case: Case, task: str, question: Question, pick: str) -> Feedback:
    choice = question.choice(pick)
    assert choice is not None
    label = choice_label(case, question, choice)
    item = FeedbackItem(
        choice.verdict,  # type: ignore[arg-type]
        label,
        choice.why,
        points=choice.earns,
        max_points=1.0,
    )
    if choice.verdict == "right":
        summary, next_step = "Right.", None
    elif choice.verdict == "partly":
        summary = "Partly right: there is a better answer."
        next_step = question.hint
    else:
        summary, next_step = "Not this one.", question.hint
    return Feedback.from_items(
        task,
        [item],
        summary=summary,
        next_step=next_step,
        details={"question": question.id, "choices": [pick]},
    )


def _check_several(case: Case, task: str, question: Question, picks: Sequence[str]) -> Feedback:
    right = question.right
    share = 1.0 / len(right)
    found = [c for c in right if c.id in picks]
    wrong = [question.choice(p) for p in picks if question.choice(p) not in right]
    earned = share * len(found)
    penalty = min(earned, share * WRONG_PICK * len(wrong))
    items = [
        FeedbackItem(
            "right", choice_label(case, question, c), c.why, points=share, max_points=share
        )
        for c in found
    ]
    for choice in wrong:
        assert choice is not None
        why = choice.why
        if penalty:
            why += f" (Ticking it costs {_num(penalty / len(wrong))} points.)"
        items.append(
            FeedbackItem(
                "wrong",
                choice_label(case, question, choice),
                why,
                points=-penalty / len(wrong),
            )
        )
    missed = len(right) - len(found)
    if missed:
        items.append(
            FeedbackItem(
                "missed",
                f"{missed} more right {'answer' if missed == 1 else 'answers'} to find",
                "Read the choices you left unticked again.",
                max_points=share * missed,
            )
        )
    summary = f"You ticked {len(found)} of the {len(right)} right answers"
    summary += (
        f" and {len(wrong)} that {'is' if len(wrong) == 1 else 'are'} not right." if wrong else "."
    )
    next_step = None if not missed and not wrong else question.hint
    return Feedback.from_items(
        task,
        items,
        summary=summary,
        next_step=next_step,
        details={"question": question.id, "choices": list(picks)},
    )


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


__all__ += ["MissingKeyError", "MissingQuizError"]
