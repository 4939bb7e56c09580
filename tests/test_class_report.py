"""The class report: its tables count every student; a chart of one dot per student is
sampled for a large class and says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lessons import class_report
from lessons.casestudy import load_seed_case
from lessons.exercises import load_exercise
from lessons.grading import grade_folder
from lessons.submission import build_submission

CASE = load_seed_case()


def expert(article_id: str) -> dict[str, object]:
    return {"levels": dict(CASE.key("reliability").articles[article_id].levels)}


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


def test_the_report_with_charts_does_not_load_pandas(tmp_path: Path) -> None:
    """`lessons grade` draws its charts without pandas, which costs a third of a second."""
    import subprocess
    import sys

    folder = tmp_path / "class"
    folder.mkdir()
    data = build_submission(
        student="Ann",
        answers={f"reliability/{a}": expert(a) for a in CASE.article_ids},
        case=CASE,
        now=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    (folder / "ann.json").write_text(json.dumps(data), encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from lessons.exercises import load_exercise; "
        "from lessons.grading import grade; "
        f"grade(Path({str(folder)!r}), load_exercise('quiz-reliability'), "
        f"Path({str(tmp_path / 'out')!r}), show_progress=False); "
        "print('pandas' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "beside the expert bands</figcaption>" in page.replace("&#x27;", "'")
    assert "could not be drawn" not in page
