"""The class report: its tables count every student; a chart of one dot per student is
sampled for a large class and says so."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lessons.grading import ClassResult, grade, grade_folder
from lessons.grading import report as class_report
from lessons.skills import load_seed_case, task_title
from lessons.student.submission import build_submission
from lessons.teacher.exercises import Exercise, load_exercise

CASE = load_seed_case()
SVG = "{http://www.w3.org/2000/svg}"
FLIP = {"met": "not-met", "not-met": "met", "partly": "met"}


def expert(article_id: str) -> dict[str, object]:
    return {"levels": dict(CASE.key("reliability").articles[article_id].levels)}


def opposite(article_id: str) -> dict[str, object]:
    levels = CASE.key("reliability").articles[article_id].levels
    return {"levels": {criterion: FLIP[level] for criterion, level in levels.items()}}


def write_class(folder: Path, answers_by_student: dict[str, dict[str, object]]) -> Path:
    folder.mkdir()
    for student, answers in answers_by_student.items():
        data = build_submission(
            student=student, answers=answers, case=CASE, now=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        )
        (folder / f"{student}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> ClassResult:
    """Ann rates like the expert, Ben the opposite, Cy the expert's way but Kyiv Post's."""
    articles = CASE.article_ids
    folder = write_class(
        tmp_path_factory.mktemp("mixed") / "class",
        {
            "Ann": {f"reliability/{a}": expert(a) for a in articles},
            "Ben": {f"reliability/{a}": opposite(a) for a in articles},
            "Cy": {f"reliability/{a}": expert(a) for a in articles}
            | {"reliability/kyiv-post": opposite("kyiv-post")},
        },
    )
    return grade_folder(folder, load_exercise("quiz-reliability"), show_progress=False)


def svg_charts(page: str) -> list[ET.Element]:
    """Every ``<svg>`` of a page, parsed as XML (which fails on anything not well-formed)."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", page, re.DOTALL)]


def tooltips(root: ET.Element, tag: str) -> list[str]:
    return [
        title.text or ""
        for element in root.iter(f"{SVG}{tag}")
        if (title := element.find(f"{SVG}title")) is not None
    ]


def test_a_large_class_gets_a_sampled_chart_and_complete_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for index in range(3):
        data = build_submission(
            student=f"Student {index}",
            answers={f"reliability/{a}": expert(a) for a in CASE.article_ids},
            case=CASE,
            now=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )
        (folder / f"{index}.json").write_text(json.dumps(data), encoding="utf-8")
    result = grade_folder(folder, load_exercise("quiz-reliability"), show_progress=False)
    monkeypatch.setattr(class_report, "MAX_DOTS", 2)

    page = class_report.render_report(result, CASE)

    assert "a random sample of 2 ratings per article; the table below counts them all" in page
    rows = class_report.reliability_ratings(result, CASE)
    assert len(rows) == 3 * len(CASE.article_ids)
    text = page.replace("&#x27;", "'")
    assert (
        "<figcaption>The class's reliability ratings beside the expert bands</figcaption>" in text
    )
    for article in CASE.articles:  # every rating is in the table: 3 per article
        assert f"<td>Rate the reliability: {article.outlet}</td><td>3</td>" in text
    (chart,) = [c for c in svg_charts(page) if c.get("id") == "reliability-chart"]
    assert len(tooltips(chart, "path")) == 2 * len(CASE.article_ids)  # one diamond per rating


def test_grading_with_charts_loads_neither_matplotlib_nor_pandas(tmp_path: Path) -> None:
    """The report's charts are SVG written by hand: importing matplotlib cost 0.3 s and
    pandas another third of a second, most of `lessons grade` for a class of 30."""
    articles = CASE.article_ids
    folder = write_class(
        tmp_path / "class",
        {
            "Ann": {f"reliability/{a}": expert(a) for a in articles},
            "Ben": {f"reliability/{a}": opposite(a) for a in articles},
        },
    )
    script = (
        "import sys; from pathlib import Path; from lessons.teacher.exercises import load_exercise; "
        "from lessons.grading import grade; "
        f"grade(Path({str(folder)!r}), load_exercise('quiz-reliability'), "
        f"Path({str(tmp_path / 'out')!r}), show_progress=False); "
        "print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    descriptions = [chart.findtext(f"{SVG}desc") or "" for chart in svg_charts(page)]
    assert len(descriptions) == 4
    histogram, difficulty, mistakes, reliability = descriptions
    assert histogram.startswith("Histogram of 2 students' totals in bands of 10 percent: ")
    assert sum(int(n) for n in re.findall(r"(\d+) scored \d+-\d+%", histogram)) == 2
    assert difficulty.startswith("Bar chart of the class's mean score per task, as a percentage")
    assert mistakes.startswith("Bar chart of the most common mistakes: Rate the reliability: ")
    assert reliability.startswith(
        "Chart of the class's reliability totals (0 to 100) for 5 articles, one diamond per "
        "student, with the class median and the expert band."
    )
    assert "<img" not in page and "could not be drawn" not in page


def test_each_chart_is_an_svg_named_by_its_title_and_alt_text_with_ids_unique_on_the_page(
    mixed: ClassResult,
) -> None:
    page = class_report.render_report(mixed, CASE)

    charts = svg_charts(page)
    assert [c.get("id") for c in charts] == [
        "score-chart",
        "difficulty-chart",
        "mistakes-chart",
        "reliability-chart",
    ]
    ids = [e.get("id") for c in charts for e in c.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for chart in charts:
        assert chart.get("role") == "img"
        title_id, desc_id = (chart.get("aria-labelledby") or "").split()
        named = {e.get("id"): e.tag for e in chart.iter() if e.get("id") in (title_id, desc_id)}
        assert named == {title_id: f"{SVG}title", desc_id: f"{SVG}desc"}
        assert (chart.findtext(f"{SVG}desc") or "").strip()
    titles = [c.findtext(f"{SVG}title") for c in charts]
    assert titles == [
        "How the class scored",
        "Which tasks were hardest",
        "Most common wrong or missed answers",
        "Class reliability ratings beside the expert bands",
    ]
    assert page == class_report.render_report(mixed, CASE)  # the same bytes every time


def test_the_hardest_task_is_at_the_top_with_its_mean_written_beside_it(
    mixed: ClassResult,
) -> None:
    root = ET.fromstring(class_report.difficulty_chart(mixed, CASE).svg)

    rows = sorted(class_report.task_difficulty(mixed), key=lambda row: row["mean_percent"])
    assert tooltips(root, "rect") == [
        f"{class_report.short_task_label(CASE, row['task'])}: {row['mean_percent']:.0f}%"
        for row in rows
    ]
    assert rows[0]["mean_percent"] < rows[-1]["mean_percent"]  # an order to get wrong
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    tops = [float(b.get("y", 0)) for b in bars]
    assert tops == sorted(tops)
    assert {b.get("fill") for b in bars} == {class_report.OKABE_ITO[0]}  # one lesson, one colour
    written = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    assert {f"{row['mean_percent']:.0f}%" for row in rows} <= written


def test_mistake_labels_wrap_on_two_lines_at_most_and_the_counts_are_written() -> None:
    long = "Wrong: " + "a very long description of what went wrong " * 4
    mistakes = [("reliability/kyiv-post", long, 7), ("reliability/tyler-durden", "Missed: x", 2)]

    root = ET.fromstring(class_report.mistakes_chart(mistakes, CASE).svg)

    labels = {
        "".join(t.itertext()): [s.text or "" for s in t.iter(f"{SVG}tspan")]
        for t in root.iter(f"{SVG}text")
        if "".join(t.itertext()).startswith("Rate the reliability")
    }
    (wrapped,) = [lines for lines in labels.values() if lines]
    assert len(wrapped) == 2 and all(len(line) <= 48 for line in wrapped)
    assert wrapped[-1].endswith("…")
    assert "Rate the reliability: Tyler Durden — Missed: x" in labels
    first, second = tooltips(root, "rect")  # the most common at the top, each with its count
    assert first.startswith("Rate the reliability: Kyiv Post — Wrong: a very")
    assert first.endswith("…: 7")
    assert second == "Rate the reliability: Tyler Durden — Missed: x: 2"
    written = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    assert {"7", "2", "students"} <= written
    ticks = [t for t in written if t.isdigit()]
    assert sorted(map(int, ticks)) == list(range(8))  # whole students, 0 to 7


def test_a_chart_that_cannot_be_drawn_leaves_a_note_and_the_rest_of_the_report(
    mixed: ClassResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("cannot draw")

    monkeypatch.setattr(class_report, "strip_chart", broken)
    page = class_report.render_report(mixed, CASE)

    assert "The chart of reliability ratings could not be drawn (ValueError)." in page
    assert len(svg_charts(page)) == 3
    assert "<td>Rate the reliability: Kyiv Post</td><td>3</td>" in page


def test_a_report_without_charts_has_no_svg_but_all_its_tables(mixed: ClassResult) -> None:
    page = class_report.render_report(mixed, CASE, charts=False)

    assert "<svg" not in page and "<figure" not in page
    # students, scores, tasks, ratings, and one table of mistakes per task that has some
    assert page.count("<table>") == 4 + len(class_report.mistakes_by_task(mixed))


def test_the_class_report_has_its_charts_with_alt_text(
    mixed_class: tuple[Path, Path], tmp_path: Path, quiz: Exercise
) -> None:
    folder, _ = mixed_class
    out = tmp_path / "results"
    grade(folder, quiz, out, show_progress=False)
    report = (out / "report.html").read_text(encoding="utf-8")
    for heading in (
        "Score distribution",
        "Per-question difficulty",
        "Most common wrong answers",
        "Reliability ratings against the expert bands",
        "Students",
        "Hand-ins that could not be graded",
        "Files that are not hand-ins (not counted as students)",
        "Older submissions",
    ):
        assert f"<h2>{heading}" in report
    not_hand_ins = report[report.index("Files that are not hand-ins") :]
    not_hand_ins = not_hand_ins[: not_hand_ins.index("<h2>Older")]
    for junk in ("notes.txt", "evil.py", "pickle.json", "link.json", "huge.json"):
        assert junk in not_hand_ins
    for refused in ("tampered.json", "future.json", "escape.json", "other-case.json"):
        assert refused not in not_hand_ins
    charts = report.count('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert charts == 4 and report.count('role="img"') == charts
    assert report.count(' aria-labelledby="') == charts
    descs = report.split("<desc id=")[1:]  # each chart's alt text, named by aria-labelledby
    alt_texts = [desc.split(">", 1)[1].split("</desc>", 1)[0] for desc in descs]
    assert len(alt_texts) == charts and all(text.strip() for text in alt_texts)
    assert alt_texts[0].startswith("Histogram of 6 students")
    assert "<img" not in report
    assert "tampered.json" in report and "checksum does not match" in report
    assert "<Partial>" not in report


# --- the teacher's desk: students, who has not handed in, mistakes by task, junk apart ------


def _fake_class(mistakes_of: dict[str, dict[str, tuple[tuple[str, float], ...]]]) -> ClassResult:
    """A class whose students made the given mistakes: student -> task -> (label, weight)."""
    from lessons.grading import StudentResult, TaskResult
    from lessons.student.submission import Submission

    quiz = load_exercise("quiz-reliability")
    students = []
    for name, by_task in mistakes_of.items():
        submission = Submission(
            name, dt.datetime(2026, 3, 2, tzinfo=dt.UTC), {}, CASE.id, None, "1"
        )
        results = tuple(
            TaskResult(
                task,
                0.0,
                10.0,
                "graded",
                mistakes=tuple(label for label, _ in by_task.get(task, ())),
                mistake_weights=tuple(weight for _, weight in by_task.get(task, ())),
            )
            for task in quiz.task_ids
        )
        students.append(StudentResult(submission, results))
    return ClassResult(quiz, tuple(students))


def test_mistakes_are_ranked_by_students_then_the_crucial_piece_first_grouped_by_task() -> None:
    first, second = load_exercise("quiz-reliability").task_ids[:2]
    # "Wrong: a" and "Wrong: z" are each made by two students; "z" is worth more points.
    result = _fake_class(
        {
            "Ann": {second: (("Wrong: a", 1.0), ("Wrong: z", 5.0)), first: (("Missed: m", 1.0),)},
            "Ben": {second: (("Wrong: a", 1.0), ("Wrong: z", 5.0), ("Missed: b", 9.0))},
        }
    )
    assert class_report.mistakes_by_task(result) == {
        first: [("Missed: m", 1)],
        second: [("Wrong: z", 2), ("Wrong: a", 2), ("Missed: b", 1)],
    }
    page = class_report.render_report(result, CASE, charts=False)
    headings = re.findall(r"<h3>(.*?)</h3>", page)
    assert headings == [
        task_title(CASE, first),
        task_title(CASE, second),
    ]
    assert page.index("Wrong: z") < page.index("Wrong: a")


def test_the_report_lists_every_student_with_a_link_to_a_page_that_exists(tmp_path: Path) -> None:
    articles = CASE.article_ids
    folder = write_class(
        tmp_path / "class",
        {
            "Ann Smith": {f"reliability/{a}": expert(a) for a in articles},
            "Олена Коваль": {f"reliability/{a}": opposite(a) for a in articles},
        },
    )
    (folder / "notes.txt").write_text("grade by Friday", encoding="utf-8")
    (folder / "other.json").write_text('{"format": "something else"}', encoding="utf-8")
    out = tmp_path / "out"
    result = grade(folder, load_exercise("quiz-reliability"), out, show_progress=False)
    page = (out / "report.html").read_text(encoding="utf-8")

    from urllib.parse import unquote

    links = re.findall(r"<a href='(feedback/[^']+)'>feedback</a>", page)
    assert len(links) == len(result.students) == 2
    assert all((out / unquote(link)).is_file() for link in links)
    students = page[page.index("<h2>Students</h2>") : page.index("<h2>Score distribution")]
    assert "Ann Smith" in students and "Олена Коваль" in students
    assert "already judged" not in page and "same context" not in page
    junk = page[page.index("not hand-ins (not counted as students)") :]
    assert "notes.txt" in junk and "other.json" in junk
    assert "<strong>2 files are not a hand-in</strong>" in page  # not "skipped students"
    assert "2 students graded" in page


def test_with_a_roster_the_report_names_who_has_not_handed_in(tmp_path: Path) -> None:
    from dataclasses import replace

    from lessons.grading.roster import read_roster

    articles = CASE.article_ids
    folder = write_class(
        tmp_path / "class",
        {
            "Ann Smith": {f"reliability/{a}": expert(a) for a in articles},
            "Zed": {f"reliability/{a}": expert(a) for a in articles},
        },
    )
    roster = tmp_path / "roster.csv"
    roster.write_text('Student,ID\n"Smith, Ann",1\n"Absent, Ben",2\n', encoding="utf-8")
    result = grade_folder(folder, load_exercise("quiz-reliability"), show_progress=False)
    result = replace(result, roster=read_roster(roster))
    page = class_report.render_report(result, CASE, charts=False)
    assert "<h2>Not handed in (1 of 2)</h2><ul><li>Absent, Ben</li></ul>" in page
    assert "Zed (not on the roster)" in page
    assert "no roster row has this name" in page
