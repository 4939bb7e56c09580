"""The class report a teacher reads after grading: charts and tables in one HTML file.

Charts are drawn once per class (not per student) with matplotlib's object API (no pyplot
state), in the Okabe-Ito colour-blind-safe palette, embedded as PNG with alt text; every
chart has a table with the same figures beside it.
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from collections import Counter
from typing import TYPE_CHECKING, Any

from lessons.casestudy import Case
from lessons.gradebook import AUTOMATIC_PART_ONLY, number, plural, write_text
from lessons.grading import LESSON_TITLES, ClassResult, task_title
from lessons.tasks import split_task_id

if TYPE_CHECKING:
    from pathlib import Path

    from matplotlib.figure import Figure

__all__ = [
    "common_mistakes",
    "difficulty_figure",
    "mistakes_figure",
    "other_exercise_submissions",
    "reliability_ratings",
    "render_report",
    "score_distribution_figure",
    "short_task_label",
    "task_difficulty",
    "write_report",
]

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
TOP_MISTAKES = 10
#: Most dots per article in the chart of reliability ratings (a sample beyond that).
MAX_DOTS = 300


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


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _percentages(result: ClassResult) -> list[float]:
    return [100 * s.total / s.maximum if s.maximum else 0.0 for s in result.students]


def score_distribution_figure(result: ClassResult) -> Figure:
    """Histogram of the students' totals as a percentage of the maximum."""
    values = _percentages(result)
    fig = _figure(7, 3.6)
    ax = fig.add_subplot()
    edges = list(range(0, 101, 10))
    counts, _, _ = ax.hist(values, bins=edges, color=OKABE_ITO[0], edgecolor="white")
    ax.set_title("How the class scored")
    ax.set_xlabel("total, % of the maximum")
    ax.set_ylabel("students")
    ax.set_xticks(edges)
    ax.yaxis.get_major_locator().set_params(integer=True)
    bands = ", ".join(
        f"{int(count)} scored {edges[i]}-{edges[i + 1]}%" for i, count in enumerate(counts) if count
    )
    fig.lessons_alt_text = (  # type: ignore[attr-defined]
        f"Histogram of {plural(len(values), 'student')}' totals in bands of 10 percent: "
        f"{bands or 'none'}."
    )
    return fig


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
    lesson, target = split_task_id(task_id)
    if target in case.article_ids:
        return f"{LESSON_TITLES.get(lesson, lesson)}: {case.article(target).outlet.split(' (')[0]}"
    return task_title(case, task_id)


def difficulty_figure(result: ClassResult, case: Case) -> Figure:
    """Mean score per task as a percentage of its points, hardest at the top."""
    rows = sorted(task_difficulty(result), key=lambda row: row["mean_percent"], reverse=True)
    fig = _figure(8, 1.2 + 0.3 * max(len(rows), 1))
    ax = fig.add_subplot()
    lesson_colour = {lesson: OKABE_ITO[i % 7] for i, lesson in enumerate(result.exercise.lessons)}
    ax.barh(
        [short_task_label(case, row["task"]) for row in rows],
        [row["mean_percent"] for row in rows],
        color=[lesson_colour[split_task_id(row["task"])[0]] for row in rows],
    )
    ax.set_xlim(0, 100)
    ax.set_title("Which tasks were hardest")
    ax.set_xlabel("class mean, % of the task's points")
    hardest = sorted(rows, key=lambda row: row["mean_percent"])[:3]
    fig.lessons_alt_text = (  # type: ignore[attr-defined]
        "Bar chart of the class's mean score per task, as a percentage of the task's points. "
        "Hardest: "
        + "; ".join(f"{task_title(case, r['task'])} {r['mean_percent']:.0f}%" for r in hardest)
        + "."
    )
    return fig


def common_mistakes(result: ClassResult, top: int = TOP_MISTAKES) -> list[tuple[str, str, int]]:
    """The most frequent wrong or missed items: (task, what was wrong, number of students)."""
    counter: Counter[tuple[str, str]] = Counter()
    for student in result.students:
        counter.update({(task.task_id, label) for task in student.tasks for label in task.mistakes})
    # Most students first; ties in task and label order, so the report reads the same each run.
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return [(task, label, count) for (task, label), count in ranked[:top]]


def mistakes_figure(mistakes: list[tuple[str, str, int]], case: Case) -> Figure:
    """Horizontal bars: how many students made each of the most common mistakes."""
    import textwrap

    labels = [
        textwrap.fill(f"{short_task_label(case, task)} — {label}", 48, max_lines=2, placeholder="…")
        for task, label, _ in reversed(mistakes)
    ]
    fig = _figure(9, 1.2 + 0.5 * max(len(mistakes), 1))
    ax = fig.add_subplot()
    ax.barh(labels, [count for _, _, count in reversed(mistakes)], color=OKABE_ITO[3])
    ax.set_title("Most common wrong or missed answers")
    ax.set_xlabel("students")
    ax.tick_params(axis="y", labelsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.lessons_alt_text = (  # type: ignore[attr-defined]
        "Bar chart of the most common mistakes: "
        + "; ".join(
            f"{task_title(case, task)}, {label}: {plural(count, 'student')}"
            for task, label, count in mistakes[:5]
        )
        + "."
    )
    return fig


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
        levels = answer.get("levels") if isinstance(answer, dict) else None
        if not isinstance(levels, dict) or not all(type(v) is str for v in levels.values()):
            return article_scores(case, {f"reliability/{article}": answer})[article]  # type: ignore[dict-item]
        key = (article, tuple(levels.items()))
        if key not in totals:
            totals[key] = article_scores(case, {f"reliability/{article}": {"levels": levels}})[
                article
            ]
        return totals[key]

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


def _reliability_figure(rows: list[dict[str, Any]], case: Case) -> tuple[Figure | None, str]:
    if not rows:
        return None, ""
    sampled = _chart_sample(rows)
    note = (
        f"The chart shows a random sample of {MAX_DOTS} ratings per article; the table "
        "below counts them all."
        if len(sampled) < len(rows)
        else ""
    )
    rows = sampled
    try:
        from lessons.reliability_charts import scores_figure

        scores: dict[str, list[float]] = {}
        for row in rows:
            scores.setdefault(row["article"], []).append(row["score"])
        fig = scores_figure(case, scores)
    except ImportError:
        return None, "The chart of reliability ratings needs lessons.reliability_charts."
    except Exception as error:  # the rest of the report is still worth having
        return (
            None,
            f"The chart of reliability ratings could not be drawn ({type(error).__name__}).",
        )
    return fig, note


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure_html(fig: Figure, caption: str) -> str:
    alt = getattr(fig, "lessons_alt_text", caption)
    return (
        f'<figure><img src="data:image/png;base64,{_png(fig)}" alt="{html.escape(alt)}" '
        f'style="max-width:100%"><figcaption>{html.escape(caption)}</figcaption></figure>'
    )


def _table(headers: list[str], rows: list[list[str]]) -> str:
    esc = html.escape
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_report(result: ClassResult, case: Case, *, charts: bool = True) -> str:
    """The class report as one self-contained HTML page."""
    from lessons.gradebook import PAGE_STYLE

    esc = html.escape
    exercise = result.exercise
    percents = _percentages(result)
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Class report: {esc(exercise.title)}</title><style>{PAGE_STYLE}</style>",
        "</head><body>",
        f"<h1>Class report: {esc(exercise.title)}</h1>",
        f"<p>{plural(len(result.students), 'student')} graded out of "
        f"{number(exercise.maximum)} points ({plural(len(exercise.tasks), 'task')}, exercise <code>{esc(exercise.id)}</code>, "
        f"case study <code>{esc(case.id)}</code>).",
    ]
    if percents:
        parts.append(
            f" Mean {statistics.fmean(percents):.0f}%, median {statistics.median(percents):.0f}%."
        )
    if result.checks:
        parts.append(
            f" {plural(result.checks, 'answer')} checked by the lessons' checkers "
            f"({result.reused} of them {'was an answer' if result.reused == 1 else 'were answers'} "
            "already judged, in the same context, and got the same feedback)."
        )
    parts.append("</p>")
    partial = [task for task in exercise.task_ids if task in AUTOMATIC_PART_ONLY]
    for task in partial:
        parts.append(
            f"<p role='note'><strong>{esc(task_title(case, task))}: automatic part only.</strong> "
            f"{esc(AUTOMATIC_PART_ONLY[task])} Read each one and adjust the "
            f"<code>{esc(task)}</code> column of gradebook.csv; full points here are not a "
            "full grade.</p>"
        )
    if result.skipped or result.superseded:
        parts.append(
            f"<p role='alert'><strong>{plural(len(result.skipped), 'file')} skipped</strong> "
            f"and {plural(len(result.superseded), 'older submission')} superseded: see the end "
            "of this page.</p>"
        )
    others = other_exercise_submissions(result)
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
    if result.students:
        parts.append("<h2>Score distribution</h2>")
        if charts:
            parts.append(_figure_html(score_distribution_figure(result), "How the class scored"))
        bands = Counter(min(int(p // 10), 9) for p in percents)
        parts.append(
            _table(
                ["total, % of maximum", "students"],
                [[f"{10 * b}-{10 * b + 10}%", str(bands.get(b, 0))] for b in range(10)],
            )
        )
        parts.append("<h2>Per-question difficulty</h2>")
        if charts:
            parts.append(_figure_html(difficulty_figure(result, case), "Mean score per task"))
        parts.append(
            _table(
                ["task", "points", "mean", "full marks", "answered", "could not be checked"],
                [
                    [
                        task_title(case, row["task"])
                        + (" (automatic part only, see above)" if row["task"] in partial else ""),
                        number(row["max"]),
                        f"{row['mean']:.2f} ({row['mean_percent']:.0f}%)",
                        str(row["full"]),
                        str(row["answered"]),
                        str(row["invalid"]),
                    ]
                    for row in task_difficulty(result)
                ],
            )
        )
        mistakes = common_mistakes(result)
        parts.append("<h2>Most common wrong answers</h2>")
        if mistakes:
            if charts:
                parts.append(_figure_html(mistakes_figure(mistakes, case), "Most common mistakes"))
            parts.append(
                _table(
                    ["task", "what was wrong or missed", "students"],
                    [[task_title(case, t), label, str(n)] for t, label, n in mistakes],
                )
            )
        else:
            parts.append("<p>No wrong or missed answers.</p>")
        if any(split_task_id(t)[0] == "reliability" for t in exercise.task_ids):
            parts.append("<h2>Reliability ratings against the expert bands</h2>")
            ratings = reliability_ratings(result, case)
            fig, note = _reliability_figure(ratings, case) if charts else (None, "")
            if fig is not None:
                parts.append(
                    _figure_html(fig, "The class's reliability ratings beside the expert bands")
                )
            if note:
                parts.append(f"<p>{esc(note)}</p>")
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
    notes = [(s.submission.source, note) for s in result.students for note in s.notes]
    if notes:
        parts.append("<h2>Notes on graded submissions</h2>")
        parts.append(_table(["file", "note"], [[f, n] for f, n in notes]))
    if others:
        parts.append(f"<h2>Handed in for another exercise, graded as {esc(exercise.id)}</h2>")
        parts.append(
            _table(
                ["file", "student", "handed in for"],
                [[file, student, other] for file, student, other in others],
            )
        )
    if result.skipped:
        parts.append("<h2>Files skipped</h2>")
        parts.append(_table(["file", "reason"], [[s.file, s.reason] for s in result.skipped]))
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
    parts.append("</body></html>")
    return "".join(parts)


def write_report(result: ClassResult, case: Case, path: Path, *, charts: bool = True) -> None:
    """Write ``report.html`` (atomically)."""
    write_text(path, render_report(result, case, charts=charts))
