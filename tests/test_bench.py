"""The benchmark scripts under ``bench/`` still run and print their figures.

Nothing here times anything (speed is read from the scripts' output, not asserted): each
script runs once at its smallest size, so a change that breaks a benchmark is caught here
rather than by the next person who needs its figures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"

#: script, its smallest arguments, and lines its output must contain (regular expressions).
RUNS: list[tuple[str, list[str], list[str]]] = [
    (
        "bench_reading.py",
        ["--repeats", "1"],
        [rf"check_answer, {kind} +answers: .* checks/s" for kind in ("expert", "partly", "wrong")]
        + [r"tick a line \(saves the answer\): +[\d.]+ ms"],
    ),
    (
        "bench_sources.py",
        ["--repeats", "1"],
        [r"check_answer, expert answers: .* checks/s", r"chain_figure, build \+ PNG: +[\d.]+ ms"],
    ),
    (
        "bench_unit.py",
        ["--repeats", "1"],
        [rf"{case}: render_unit \(7 lessons\) +[\d.]+ ms" for case in ("seed", "practice")],
    ),
    (
        "bench_spread.py",
        ["--repeats", "1"],
        [r"citation graph +\d+ ms / +\d+ ms", r"spread quiz, right +\d+ µs"],
    ),
    (
        "bench_hedges.py",
        ["--words", "2000"],
        [
            r"held-out set: written after the lexicon was frozen",
            r"all hedge categories \(micro-average\)( +[\d.]+){2}",
            r"throughput: [\d,]+ words .* = [\d,]+ words per second",
        ],
    ),
    (
        "bench_reliability.py",
        ["--answers", "20", "--students", "2"],
        [r"check_answer with the blanket check: \d+ answers .* answers/s", r"[\d,]+ students/s"],
    ),
    (
        "bench_grading.py",
        ["--sizes", "20", "--work", "{tmp}"],
        [r"^ +20 +20 .* \d+ +\d+% +\d+$", r"per submission at N=20: read\+validate [\d.]+ ms"],
    ),
    (
        "bench_marking.py",
        ["--sizes", "10", "--repeats", "1"],
        [r"N= +10: grade +[\d.]+ ms \| open the view +[\d.]+ ms \| Save & next median"],
    ),
]


@pytest.mark.parametrize(("script", "arguments", "expected"), RUNS, ids=[run[0] for run in RUNS])
def test_benchmark_runs_and_prints_its_figures(
    script: str, arguments: list[str], expected: list[str], tmp_path: Path
) -> None:
    environment = {**os.environ, "LESSONS_WORKSPACE": str(tmp_path / "workspace")}
    environment.pop("LESSONS_CASE", None)
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *(a.format(tmp=tmp_path) for a in arguments)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    missing = [line for line in expected if not re.search(line, done.stdout, re.MULTILINE)]
    assert not missing, f"{script} did not print {missing}:\n{done.stdout}"
