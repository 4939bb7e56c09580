"""The class report a teacher reads after grading: charts and tables in one HTML file.

Charts are drawn once per class (not per student) as inline SVG (:mod:`lessons.grading.report_charts`,
no matplotlib: a millisecond instead of a second), in the Okabe-Ito colour-blind-safe
palette, each named by its title and described by its alt text; every chart has a table
with the same figures beside it.
"""

from __future__ import annotations

import html
import statistics
import textwrap
from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from lessons import skills
from lessons.casestudy import Case
from lessons.charts import OKABE_ITO as PALETTE
from lessons.charts import short_outlet
from lessons.grading.output import PAGE_STYLE, duration, number, plural, write_text
from lessons.grading.report_charts import (
    StripRow,
    SvgChart,
    histogram,
    horizontal_bars,
    strip_chart,
)
from lessons.grading.results import AUTOMATIC_PART_ONLY, ClassResult, ClassRow, late_by
from lessons.reliability.charts import class_ratings_alt_text, expert_bands
from lessons.skills import task_title
from lessons.tasks import split_task_id

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "common_mistakes",
    "difficulty_chart",
    "mistakes_by_task",
    "mistakes_chart",
    "other_exercise_submissions",
    "ranked_mistakes",
    "reliability_chart",
    "reliability_ratings",
    "render_report",
    "score_distribution_chart",
    "short_task_label",
    "task_difficulty",
    "write_report",
]

#: The class report's colours, one per skill in order: the shared Okabe-Ito palette.
OKABE_ITO = tuple(
    PALETTE[name]
    for name in (
        "blue",
        "orange",
        "bluish green",
        "vermillion",
        "reddish purple",
        "sky blue",
        "yellow",
    )
)
TOP_MISTAKES = 10
#: Most mistakes listed under each task (the rest are counted).
MISTAKES_PER_TASK = 10
#: Most dots per article in the chart of reliability ratings (a sample beyond that).
MAX_DOTS = 300
_UNSEEN = object()


def other_exercise_submissions(result: ClassResult) -> list[tuple[str, str, str]]:
    """Graded files handed in for another exercise: (file, student, that exercise's id).

    They are graded all the same (a student may have handed in the whole unit for a quiz),
    but the teacher is warned, as for skipped files, in case the wrong exercise was given."""
    graded_as = result.exercise.id
    return [
        (s.submission.source, s.student, s.submission.exercise)
        for s in result.students
        if s.submission.exercise and s.submission.exercise != graded_as
    ]


def _percentages(result: ClassResult) -> list[float]:
    return [100 * s.total / s.maximum if s.maximum else 0.0 for s in result.students]


def _score_bands(percents: list[float]) -> list[int]:
    """How many totals fall in each band of 10 percent, 0-10 to 90-100 (100 in the last)."""
    counts = [0] * 10
    for percent in percents:
        counts[min(max(int(percent // 10), 0), 9)] += 1
    return counts


def score_distribution_chart(result: ClassResult, percents: list[float] | None = None) -> SvgChart:
    """Histogram of the students' totals as a percentage of the maximum (``percents``: those
    percentages, when already worked out)."""
    values = _percentages(result) if percents is None else percents
    edges = list(range(0, 101, 10))
    counts = _score_bands(values)
    bands = ", ".join(
        f"{count} scored {edges[i]}-{edges[i + 1]}%" for i, count in enumerate(counts) if count
    )
    return histogram(
        counts,
        edges,
        title="How the class scored",
        alt_text=(
            f"Histogram of {plural(len(values), 'student')}' totals in bands of 10 percent: "
            f"{bands or 'none'}."
        ),
        chart_id="score-chart",
        x_label="total, % of the maximum",
        y_label="students",
        colour=OKABE_ITO[0],
    )


def task_difficulty(result: ClassResult) -> list[dict[str, Any]]:
    """Per task: mean points, share of full marks, answered and malformed answers."""
    rows = []
    count = len(result.students) or 1
    for index, task in enumerate(result.exercise.tasks):
        results = [student.tasks[index] for student in result.students]
        mean = sum(r.points for r in results) / count
        rows.append(
            {
                "task": task.id,
                "max": task.points,
                "mean": mean,
                "mean_percent": 100 * mean / task.points if task.points else 0.0,
                "full": sum(1 for r in results if r.points >= r.max_points > 0),
                "answered": sum(1 for r in results if r.status not in ("missing", "unanswered")),
                "invalid": sum(1 for r in results if r.status in ("invalid", "error")),
            }
        )
    return rows


def short_task_label(case: Case, task_id: str) -> str:
    """A chart label for a task: its title as everywhere else, with the outlet's name cut
    before any parenthesis (``Trace the sources: ZeroHedge``)."""
    skill, target = split_task_id(task_id)
    if target in case.article_ids:
        return f"{skills.title(skill)}: {case.article(target).outlet.split(' (')[0]}"
    return task_title(case, task_id)


def difficulty_chart(
    result: ClassResult, case: Case, difficulty: list[dict[str, Any]] | None = None
) -> SvgChart:
    """Mean score per task as a percentage of its points, hardest at the top, coloured by
    lesson (``difficulty``: :func:`task_difficulty`, when already worked out)."""
    if difficulty is None:
        difficulty = task_difficulty(result)
    rows = sorted(difficulty, key=lambda row: row["mean_percent"])
    skill_colour = {skill: OKABE_ITO[i % 7] for i, skill in enumerate(result.exercise.skills)}
    return horizontal_bars(
        [short_task_label(case, row["task"]) for row in rows],
        [row["mean_percent"] for row in rows],
        title="Which tasks were hardest",
        alt_text=(
            "Bar chart of the class's mean score per task, as a percentage of the task's points. "
            "Hardest: "
            + "; ".join(f"{task_title(case, r['task'])} {r['mean_percent']:.0f}%" for r in rows[:3])
            + "."
        ),
        chart_id="difficulty-chart",
        x_label="class mean, % of the task's points",
        colours=[skill_colour[split_task_id(row["task"])[0]] for row in rows],
        ticks=range(0, 101, 20),
        value_format="{:.0f}%",
    )


def ranked_mistakes(result: ClassResult) -> list[tuple[str, str, int]]:
    """Every wrong or missed item: (task, what was wrong, number of students), the most
    students first; among equally many, the crucial piece first (the one worth the most
    points), then in the exercise's task order, then as first met in the class."""
    counter: Counter[tuple[str, str]] = Counter()
    weight: dict[tuple[str, str], float] = {}
    weighed: set[int] = set()
    for student in result.students:
        counter.update({(task.task_id, label) for task in student.tasks for label in task.mistakes})
        for task in student.tasks:
            if task.mistakes and id(task) not in weighed:  # shared results weighed once
                weighed.add(id(task))
                for label, points in zip(task.mistakes, task.mistake_weights, strict=False):
                    key = (task.task_id, label)
                    weight[key] = max(weight.get(key, 0.0), points)
    order = {task: index for index, task in enumerate(result.exercise.task_ids)}
    ranked = sorted(
        counter.items(),
        key=lambda item: (-item[1], -weight.get(item[0], 0.0), order.get(item[0][0], 0)),
    )
    return [(task, label, count) for (task, label), count in ranked]


def common_mistakes(result: ClassResult, top: int = TOP_MISTAKES) -> list[tuple[str, str, int]]:
    """The most frequent wrong or missed items (:func:`ranked_mistakes`, the first ``top``)."""
    return ranked_mistakes(result)[:top]


def mistakes_by_task(
    result: ClassResult, ranked: list[tuple[str, str, int]] | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Each task's wrong or missed items, ranked as :func:`ranked_mistakes` (``ranked``,
    when already worked out): task -> [(what was wrong, number of students)], tasks in the
    exercise's order, those without mistakes left out."""
    grouped: dict[str, list[tuple[str, int]]] = {task: [] for task in result.exercise.task_ids}
    for task, label, count in ranked_mistakes(result) if ranked is None else ranked:
        grouped.setdefault(task, []).append((label, count))
    return {task: rows for task, rows in grouped.items() if rows}


def mistakes_chart(mistakes: list[tuple[str, str, int]], case: Case) -> SvgChart:
    """Horizontal bars: how many students made each of the most common mistakes, the most
    common at the top."""
    return horizontal_bars(
        [
            textwrap.fill(
                f"{short_task_label(case, task)} — {label}", 48, max_lines=2, placeholder="…"
            )
            for task, label, _ in mistakes
        ],
        [count for _, _, count in mistakes],
        title="Most common wrong or missed answers",
        alt_text=(
            "Bar chart of the most common mistakes: "
            + "; ".join(
                f"{task_title(case, task)}, {label}: {plural(count, 'student')}"
                for task, label, count in mistakes[:5]
            )
            + "."
        ),
        chart_id="mistakes-chart",
        x_label="students",
        colours=OKABE_ITO[3],
    )


def reliability_ratings(result: ClassResult, case: Case) -> list[dict[str, Any]]:
    """Rows (student, article, score) of every complete reliability rating in the class."""
    try:
        from lessons.reliability import article_scores
    except ImportError:
        return []
    rated = [
        article
        for article in case.article_ids
        if f"reliability/{article}" in result.exercise.task_ids
    ]
    totals: dict[tuple[str, tuple[tuple[str, Any], ...]], int | None] = {}

    def total(article: str, answer: object) -> int | None:
        """The rating's total, remembered by its levels: a class repeats the same ratings."""
        levels = answer.get("levels") if type(answer) is dict else None
        try:
            key = (article, tuple(levels.items()))  # type: ignore[union-attr]
            found = totals.get(key, _UNSEEN)
        except (AttributeError, TypeError):  # no table of levels, or a list among them
            return article_scores(case, {f"reliability/{article}": answer})[article]  # type: ignore[dict-item]
        if found is _UNSEEN:
            found = totals[key] = article_scores(
                case, {f"reliability/{article}": {"levels": levels}}
            )[article]
        return found  # type: ignore[return-value]

    rows = []
    for student in result.students:
        answers = student.submission.answers
        for article in rated:
            try:
                score = total(article, answers.get(f"reliability/{article}"))
            except Exception:  # a damaged rating is left out of the chart, never fatal
                continue
            if score is not None:
                rows.append({"student": student.student, "article": article, "score": score})
    return rows


def _chart_sample(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most :data:`MAX_DOTS` rows per article (a fixed random sample), so a chart of one
    dot per student stays readable and quick for a class of thousands."""
    import random

    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_article.setdefault(row["article"], []).append(row)
    rng = random.Random(0)
    sample = []
    for group in by_article.values():
        sample += group if len(group) <= MAX_DOTS else rng.sample(group, MAX_DOTS)
    return sample


def reliability_chart(rows: list[dict[str, Any]], case: Case) -> SvgChart:
    """The class's reliability totals, one diamond per row of :func:`reliability_ratings`
    (all of them: sample first for a large class), with each article's median and expert
    band."""
    bands = expert_bands(case)
    scores: dict[str, list[float]] = {}
    for row in rows:
        scores.setdefault(row["article"], []).append(row["score"])
    return strip_chart(
        [
            StripRow(short_outlet(case, a), scores.get(a, []), bands.get(a))
            for a in case.article_ids
        ],
        title="Class reliability ratings beside the expert bands",
        alt_text=class_ratings_alt_text(case, scores),
        chart_id="reliability-chart",
        x_label="reliability total (0-100)",
        legend=("expert band", "one student's total", "class median"),
        empty_note="no ratings",
    )


def _sampled_reliability_chart(
    rows: list[dict[str, Any]], case: Case
) -> tuple[SvgChart | None, str]:
    """The reliability chart of a sample of ``rows``, and a note saying so if it is one; or
    no chart and a note saying why (the rest of the report is still worth having)."""
    if not rows:
        return None, ""
    sampled = _chart_sample(rows)
    note = (
        f"The chart shows a random sample of {MAX_DOTS} ratings per article; the table "
        "below counts them all."
        if len(sampled) < len(rows)
        else ""
    )
    try:
        chart = reliability_chart(sampled, case)
    except Exception as error:  # the rest of the report is still worth having
        return (
            None,
            f"The chart of reliability ratings could not be drawn ({type(error).__name__}).",
        )
    return chart, note


def _table(headers: list[str], rows: list[list[str]]) -> str:
    esc = html.escape
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_report(result: ClassResult, case: Case, *, charts: bool = True) -> str:
    """The class report as one self-contained HTML page: a summary with every warning, the
    charts with their tables, then the lists the warnings point to."""
    esc = html.escape
    exercise = result.exercise
    percents = _percentages(result)
    others = other_exercise_submissions(result)
    rows = result.rows()
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Class report: {esc(exercise.title)}</title><style>{PAGE_STYLE}</style>",
        "</head><body>",
        f"<h1>Class report: {esc(exercise.title)}</h1>",
        *_summary(result, case, percents),
        *_warnings(result, case, others),
        *_students_section(result, rows),
    ]
    if result.students:
        parts += _score_section(result, percents, charts)
        parts += _difficulty_section(result, case, charts)
        parts += _mistakes_section(result, case, charts)
        if any(split_task_id(t)[0] == "reliability" for t in exercise.task_ids):
            parts += _reliability_section(result, case, charts)
    parts += _lists(result, others)
    parts.append("</body></html>")
    return "".join(parts)


def _summary(result: ClassResult, case: Case, percents: list[float]) -> list[str]:
    """The opening paragraph: how many were graded on what, the mean and median, the checks."""
    esc = html.escape
    exercise = result.exercise
    parts = [
        f"<p>{plural(len(result.students), 'student')} graded out of "
        f"{number(exercise.maximum)} points ({plural(len(exercise.tasks), 'task')}, exercise <code>{esc(exercise.id)}</code>, "
        f"case study <code>{esc(case.id)}</code>).",
    ]
    if percents:
        parts.append(
            f" Mean {statistics.fmean(percents):.0f}%, median {statistics.median(percents):.0f}%."
        )
    if result.checks:
        parts.append(f" {plural(result.checks, 'answer')} checked by the lessons' checkers.")
    parts.append("</p>")
    return parts


def _students_section(result: ClassResult, rows: list[ClassRow]) -> list[str]:
    """Every student: total, how late, a link to the feedback page; then, with a roster, who
    has not handed in and the hand-ins on no roster row."""
    esc = html.escape
    exercise = result.exercise
    graded = [row for row in rows if row.student is not None]
    parts = ["<h2>Students</h2>"]
    if not graded:
        parts.append("<p>No hand-ins were graded.</p>")
    else:
        deadline = exercise.deadline
        head = ["student", "total", *(["late"] if deadline else []), "feedback"]
        parts.append(
            "<table><thead><tr>"
            + "".join(f"<th scope='col'>{h}</th>" for h in head)
            + "</tr></thead><tbody>"
        )
        for row in graded:
            student = row.student
            assert student is not None
            late = late_by(exercise, student)
            cells = [
                esc(row.name) + (" (not on the roster)" if row.unmatched else ""),
                f"{number(student.total)} of {number(student.maximum)}",
                *([esc(duration(late)) + " late" if late else "on time"] if deadline else []),
                f"<a href='feedback/{quote(student.slug)}.html'>feedback</a>",
            ]
            parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        parts.append("</tbody></table>")
    if result.roster is not None:
        missing = [row.name for row in rows if row.student is None]
        parts.append(f"<h2>Not handed in ({len(missing):,} of {len(result.roster.entries):,})</h2>")
        if missing:
            parts.append("<ul>" + "".join(f"<li>{esc(name)}</li>" for name in missing) + "</ul>")
        else:
            parts.append("<p>Every student on the roster handed in.</p>")
        strangers = [row for row in rows if row.unmatched]
        if strangers:
            parts.append("<h2>Hand-ins on no roster row (graded, not matched)</h2>")
            parts.append(
                _table(
                    ["file", "name in the hand-in", "why"],
                    [
                        [row.student.submission.source, row.name, row.unmatched]
                        for row in strangers
                        if row.student is not None
                    ],
                )
            )
    return parts


def _partial_tasks(result: ClassResult) -> list[str]:
    """The exercise's tasks whose points are still the automatic part only, for some
    answers (none once the teacher has marked every answer)."""
    marking = result.marking
    if marking is not None and marking.answers and not marking.waiting:
        return []
    return [task for task in result.exercise.task_ids if task in AUTOMATIC_PART_ONLY]


def _partial_label(result: ClassResult) -> str:
    """What the difficulty table says of a task still partly automatic."""
    marking = result.marking
    if marking is not None and marking.marked:
        return " (the teacher's marks where given, else the automatic part; see above)"
    return " (automatic part only, see above)"


def _warnings(result: ClassResult, case: Case, others: list[tuple[str, str, str]]) -> list[str]:
    """What the teacher must know before reading the figures: tasks graded only in part,
    files skipped, superseded, combined or handed in for another exercise, answers not checked."""
    esc = html.escape
    exercise = result.exercise
    parts = []
    for task in _partial_tasks(result):
        parts.append(
            f"<p role='note'><strong>{esc(task_title(case, task))}: automatic part only.</strong> "
            f"{esc(AUTOMATIC_PART_ONLY[task])} Read each one and mark it in "
            "<a href='marking.ipynb'>marking.ipynb</a> (or in marks.csv); full points here "
            "are not a full grade until you have.</p>"
        )
    parts += _marking(result)
    junk = sum(1 for item in result.skipped if item.junk)
    said = [
        *(
            [f"{plural(len(result.skipped) - junk, 'hand-in')} could not be graded"]
            if len(result.skipped) > junk
            else []
        ),
        *([f"{plural(junk, 'file')} {'is' if junk == 1 else 'are'} not a hand-in"] if junk else []),
        *(
            [f"{plural(len(result.superseded), 'older submission')} superseded"]
            if result.superseded
            else []
        ),
    ]
    if said:
        parts.append(
            f"<p role='alert'><strong>{'; '.join(said)}</strong>: see the end of this page.</p>"
        )
    flagged = sum(1 for student in result.students if student.flags)
    if flagged:
        parts.append(
            f"<p role='alert'><strong>{plural(flagged, 'graded hand-in')} to look at "
            "twice</strong> (a time that cannot be right, a name with look-alike letters, "
            "answers to tasks no lesson has, fields written twice): see the end of this "
            "page.</p>"
        )
    if result.combined:
        parts.append(
            f"<p>{plural(result.combined, 'earlier file')} of students who handed in more than "
            f"once (a lesson at a time, say) {'was' if result.combined == 1 else 'were'} "
            "combined with their newer files: each student's newest answer to each task "
            "counts.</p>"
        )
    if others:
        parts.append(
            f"<p role='alert'><strong>{plural(len(others), 'file')} handed in for another "
            f"exercise</strong> {'was' if len(others) == 1 else 'were'} graded as "
            f"<code>{esc(exercise.id)}</code>: see the end of this page.</p>"
        )
    if result.errors:
        parts.append(
            f"<p role='alert'><strong>{plural(len(result.errors), 'answer')} could not be "
            "checked</strong> "
            "because of an error in lessons: see the end of this page.</p>"
        )
    return parts


def _marking(result: ClassResult) -> list[str]:
    """How many answers await the teacher's marking, and where to mark them."""
    marking = result.marking
    if marking is None or not marking.answers:
        return []
    if not marking.waiting:
        return [
            f"<p role='note'><strong>All {plural(marking.answers, 'answer')} to mark are "
            "marked</strong>: the teacher's marks count in every total, the feedback pages "
            "and the LMS files.</p>"
        ]
    changed = (
        f"; {plural(marking.changed, 'mark')} for a text handed in again since "
        f"{'is' if marking.changed == 1 else 'are'} not counted until marked again"
        if marking.changed
        else ""
    )
    return [
        f"<p role='alert'><strong>{plural(marking.waiting, 'answer')} await"
        f"{'s' if marking.waiting == 1 else ''} marking</strong> ({marking.marked:,} of "
        f"{marking.answers:,} marked{changed}): open <a href='marking.ipynb'>marking.ipynb"
        "</a> in JupyterLab (or fill in marks.csv in a spreadsheet), then run "
        "<code>lessons grade</code> again into this folder to count the marks.</p>"
    ]


def _score_section(result: ClassResult, percents: list[float], charts: bool) -> list[str]:
    """How the class scored: the histogram and its table."""
    parts = ["<h2>Score distribution</h2>"]
    if charts:
        parts.append(score_distribution_chart(result, percents).figure_html("How the class scored"))
    parts.append(
        _table(
            ["total, % of maximum", "students"],
            [
                [f"{10 * band}-{10 * band + 10}%", str(count)]
                for band, count in enumerate(_score_bands(percents))
            ],
        )
    )
    return parts


def _difficulty_section(result: ClassResult, case: Case, charts: bool) -> list[str]:
    """Per-question difficulty: the chart of mean scores and the table of every task."""
    parts = ["<h2>Per-question difficulty</h2>"]
    difficulty = task_difficulty(result)
    if charts:
        parts.append(difficulty_chart(result, case, difficulty).figure_html("Mean score per task"))
    partial = _partial_tasks(result)
    parts.append(
        _table(
            ["task", "points", "mean", "full marks", "answered", "could not be checked"],
            [
                [
                    task_title(case, row["task"])
                    + (_partial_label(result) if row["task"] in partial else ""),
                    number(row["max"]),
                    f"{row['mean']:.2f} ({row['mean_percent']:.0f}%)",
                    str(row["full"]),
                    str(row["answered"]),
                    str(row["invalid"]),
                ]
                for row in difficulty
            ],
        )
    )
    return parts


def _mistakes_section(result: ClassResult, case: Case, charts: bool) -> list[str]:
    """The wrong or missed answers: the most common charted, then each task's, ranked by
    how many students made them (the crucial piece first among equals)."""
    esc = html.escape
    ranked = ranked_mistakes(result)
    parts = ["<h2>Most common wrong answers</h2>"]
    if not ranked:
        parts.append("<p>No wrong or missed answers.</p>")
        return parts
    if charts:
        parts.append(
            mistakes_chart(ranked[:TOP_MISTAKES], case).figure_html("Most common mistakes")
        )
    for task, rows in mistakes_by_task(result, ranked).items():
        parts.append(f"<h3>{esc(task_title(case, task))}</h3>")
        shown = rows[:MISTAKES_PER_TASK]
        parts.append(
            _table(
                ["what was wrong or missed", "students"], [[label, str(n)] for label, n in shown]
            )
        )
        if len(rows) > len(shown):
            parts.append(f"<p>and {plural(len(rows) - len(shown), 'less common mistake')}.</p>")
    return parts


def _reliability_section(result: ClassResult, case: Case, charts: bool) -> list[str]:
    """The class's reliability ratings beside the expert bands, and a table per article."""
    parts = ["<h2>Reliability ratings against the expert bands</h2>"]
    ratings = reliability_ratings(result, case)
    chart, note = _sampled_reliability_chart(ratings, case) if charts else (None, "")
    if chart is not None:
        parts.append(chart.figure_html("The class's reliability ratings beside the expert bands"))
    if note:
        parts.append(f"<p>{html.escape(note)}</p>")
    by_article: dict[str, list[float]] = {}
    for row in ratings:
        by_article.setdefault(row["article"], []).append(row["score"])
    parts.append(
        _table(
            ["article", "ratings", "lowest", "median", "highest"],
            [
                [
                    task_title(case, f"reliability/{article}"),
                    str(len(scores)),
                    number(min(scores)),
                    number(statistics.median(scores)),
                    number(max(scores)),
                ]
                for article, scores in by_article.items()
            ],
        )
    )
    return parts


def _lists(result: ClassResult, others: list[tuple[str, str, str]]) -> list[str]:
    """The end of the report: notes on graded files, files for another exercise, files
    skipped and superseded, and answers that could not be checked."""
    esc = html.escape
    parts = []
    notes = [(s.submission.source, note) for s in result.students for note in s.notes]
    if notes:
        parts.append("<h2>Notes on graded submissions</h2>")
        parts.append(_table(["file", "note"], [[f, n] for f, n in notes]))
    if others:
        parts.append(
            f"<h2>Handed in for another exercise, graded as {esc(result.exercise.id)}</h2>"
        )
        parts.append(
            _table(
                ["file", "student", "handed in for"],
                [[file, student, other] for file, student, other in others],
            )
        )
    flagged = [(s.student, flag) for s in result.students for flag in s.flags]
    if flagged:
        parts.append("<h2>Graded hand-ins to look at twice</h2>")
        parts.append(
            _table(
                ["student", "file", "what to look at"],
                [[name, *flag.split(": ", 1)] for name, flag in flagged],
            )
        )
    junk = [item for item in result.skipped if item.junk]
    refused = [item for item in result.skipped if not item.junk]
    if refused:
        parts.append("<h2>Hand-ins that could not be graded</h2>")
        parts.append(_table(["file", "reason"], [[s.file, s.reason] for s in refused]))
    if junk:
        parts.append("<h2>Files that are not hand-ins (not counted as students)</h2>")
        parts.append(_table(["file", "reason"], [[s.file, s.reason] for s in junk]))
    if result.ignored:
        parts.append("<h2>Left out unread (hidden files and folders, links to folders)</h2>")
        parts.append(_table(["file", "why"], [[s.file, s.reason] for s in result.ignored]))
    if result.superseded:
        parts.append("<h2>Older submissions (the newest answer to each task counts)</h2>")
        parts.append(
            _table(
                ["file", "student", "what counts instead"],
                [[s.file, s.student, s.describe()] for s in result.superseded],
            )
        )
    if result.errors:
        parts.append("<h2>Answers that could not be checked</h2>")
        parts.append("<ul>" + "".join(f"<li>{esc(e)}</li>" for e in result.errors) + "</ul>")
    return parts


def write_report(result: ClassResult, case: Case, path: Path, *, charts: bool = True) -> None:
    """Write ``report.html`` (atomically)."""
    write_text(path, render_report(result, case, charts=charts))
