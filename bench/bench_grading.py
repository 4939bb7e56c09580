"""Measure ``lessons grade``: submissions per second for N = 100, 1,000 and 10,000.

Each synthetic class is a mix of students who answer every task right, partly right or
wrong (answers drawn per task with random slips, so few answers repeat), malformed answers,
students who hand in twice, and broken files (not JSON, bad checksum, a newer version).
Answers are built from the seed case's expert keys. The grader runs on one CPU core.

For each N the script runs :func:`lessons.grading.grade` in-process and prints the time of
each phase (read and check the files, run the checkers, write gradebook and feedback pages,
draw the class report; measured from outside by :func:`phase_timings`), the CPU time of it all (steadier than wall time on a machine shared
with other work), and the wall time of the whole ``lessons grade`` command in a fresh
process, with submissions/second. The in-process runs share the process's remembered
results (N=1,000 after N=100, ...); the command starts cold, as a teacher's does, so it is
the figure to quote. Files are written under ``--work`` (the system's temporary folder by
default): creating 10,000 files costs very different times on different file systems, so
``--work /dev/shm`` measures the grader rather than the disk.
With ``--by-lesson`` each student hands in one file per lesson of the exercise, as a class
does when every lesson ends with *Hand in*; N then counts those files, and the grader merges
each student's files into one result.
Goal: at least 1,000 submissions/second on one core, growing linearly. Asserts nothing.

    python bench/bench_grading.py [--sizes 100 1000 10000] [--exercise full-unit] [--work DIR]
                                  [--by-lesson]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lessons.casestudy import Case
from lessons.grading import grade
from lessons.student.submission import build_submission, seal
from lessons.tasks import split_task_id
from lessons.teacher.exercises import Exercise, load_exercise

Answer = dict[str, Any]
#: Chance that a student of each kind slips on one part of an answer.
SLIP = {"right": 0.0, "partly": 0.4, "wrong": 0.9}
FLIP = {"met": "not-met", "partly": "met", "not-met": "met"}


def reliability_answer(case: Case, target: str, kind: str, rng: random.Random) -> Answer:
    key = case.key("reliability")
    if key is None or target not in key.articles:
        return {}
    expert = key.articles[target]
    sentences = [s.text for s in case.article(target).sentences]
    levels, evidence = {}, {}
    for criterion, level in expert.levels.items():
        slipped = rng.random() < SLIP[kind]
        levels[criterion] = FLIP[level] if slipped else level
        quotes = expert.criteria[criterion].quotes
        if quotes and not slipped:
            evidence[criterion] = rng.choice(quotes)
        elif rng.random() < 0.5:
            evidence[criterion] = rng.choice(sentences)
    return {"levels": levels, "evidence": evidence}


def sources_answer(case: Case, target: str, kind: str, rng: random.Random) -> Answer:
    key = case.key("sources")
    if key is None or target not in key.articles:
        return {}
    expert = key.articles[target]
    slip = SLIP[kind]
    others = [d.source for d in expert.distractors] or ["daily-mail"]
    named = [n.source for n in expert.named if rng.random() >= slip]
    named += [rng.choice(others) for _ in range(rng.random() < slip)]
    chain = list(expert.chain)
    if rng.random() < slip:
        chain = chain[: rng.randint(1, len(chain))]
    return {
        "named": named,
        "garbled": [n.source for n in expert.named if n.garbled and rng.random() >= slip],
        "immediate": expert.immediate if rng.random() >= slip else rng.choice(others),
        "credited": expert.credited if rng.random() >= slip else not expert.credited,
        "chain": chain or [rng.choice(others)],
    }


def hedges_answer(case: Case, target: str, kind: str, rng: random.Random) -> Answer:
    key = case.key("hedges")
    expert = key.article(target) if key is not None else None
    if expert is None:
        return {}
    slip = SLIP[kind]
    spans = [[s.start, s.end, s.category] for s in expert.spans if rng.random() >= slip]
    for look in expert.lookalikes:
        if rng.random() < slip:
            spans.append([look.start, look.end, rng.choice(expert.spans).category])
    return {"spans": spans}


def reading_answer(case: Case, target: str, kind: str, rng: random.Random) -> Answer:
    from lessons.reading import DATE_CHOICES, date_choice, page_lines

    article = case.article(target)
    slip = SLIP[kind]
    lines = page_lines(article)
    furniture = [
        line.number
        for line in lines
        if (line.belongs == "page") != (rng.random() < slip / 3)  # miss some, add some
    ]
    return {
        "furniture": furniture,
        "date": date_choice(article) if rng.random() >= slip else rng.choice(DATE_CHOICES),
        "translation": (article.translation_of is not None) != (rng.random() < slip),
    }


def spread_answer(case: Case, target: str, kind: str, rng: random.Random) -> Answer:
    key = case.key("spread")
    question = key.questions.get(target) if key is not None else None
    if question is None:
        return {}
    right = [choice.id for choice in question.right]
    ids = [choice.id for choice in question.choices]
    picked = right if rng.random() >= SLIP[kind] else [rng.choice(ids)]
    return {"choices": picked[:1] if question.choose == "one" else picked}


def capstone_answer(case: Case, target: str, kind: str, rng: random.Random) -> Answer:
    if target == "article":
        return {"article": rng.choice(case.article_ids)}
    # A brief made of the case's own sentences: longer and more careful for better students.
    text = f"{case.claim} {case.claim_status}" if kind != "wrong" else case.claim
    return {"text": text}


GENERATORS: dict[str, Callable[[Case, str, str, random.Random], Answer]] = {
    "reading": reading_answer,
    "reliability": reliability_answer,
    "sources": sources_answer,
    "hedges": hedges_answer,
    "spread": spread_answer,
    "capstone": capstone_answer,
}
MALFORMED: list[Answer] = [
    {"levels": "high"},
    {"choices": "all"},
    {"furniture": "lines 1-3"},
    {"chain": "REGNUM"},
    {"spans": [[5, 2, "nonsense"]]},
    {"named": 5},
]


def make_class(
    folder: Path, case: Case, exercise: Exercise, n: int, seed: int = 1, by_lesson: bool = False
) -> None:
    """Write ``n`` submission files (a few broken, a few second hand-ins) into ``folder``.

    One file per student holds every task of the exercise; with ``by_lesson``, each student
    hands in one file per lesson instead (as the *Hand in* button ending each lesson does),
    and the grader merges a student's files."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    lessons = exercise.skills if by_lesson else (None,)
    kinds: dict[int, str] = {}
    folder.mkdir(parents=True)
    for index in range(n):
        number, lesson = divmod(index, len(lessons))
        second_time = number % 33 == 32  # about 3% hand in twice: the earlier student again
        student = number - 1 if second_time else number
        drawn = rng.choices(["right", "partly", "wrong"], weights=[3, 5, 2])[0]
        kind = kinds.setdefault(student, drawn) if by_lesson else drawn  # one student, one kind
        skill = lessons[lesson]
        tasks = [t for t in exercise.task_ids if skill is None or t.startswith(f"{skill}/")]
        data = build_submission(
            student=f"Student {student:05d}",
            answers=class_answers(case, tasks, kind, rng),
            case=case,
            skill=skill,
            exercise=exercise.id,
            now=start + dt.timedelta(seconds=index),
        )
        text = json.dumps(data, ensure_ascii=False)
        roll = rng.random()
        if roll < 0.02:
            text = text[: len(text) // 2]  # cut off: not JSON
        elif roll < 0.03:
            text = text.replace('"Student', '"Studant', 1)  # edited: bad checksum
        elif roll < 0.04:
            text = json.dumps(seal({**data, "version": 2}))
        (folder / f"{index:05d}.json").write_text(text, encoding="utf-8")


def class_answers(case: Case, task_ids: list[str], kind: str, rng: random.Random) -> Answer:
    """One student's answers to ``task_ids``: a few left out, a few malformed, the rest as a
    student of ``kind`` ("right", "partly" or "wrong") would give them."""
    answers = {}
    for task_id in task_ids:
        lesson, target = split_task_id(task_id)
        roll = rng.random()
        if roll < 0.05:
            continue  # not answered
        if roll < 0.10:
            answers[task_id] = rng.choice(MALFORMED)
            continue
        generator = GENERATORS.get(lesson)
        answers[task_id] = generator(case, target, kind, rng) if generator else {}
    return answers


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_core() -> None:
    """Pin this process (and the children it starts) to a single CPU core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    value = action()
    return time.perf_counter() - began, value


@contextlib.contextmanager
def phase_timings() -> Iterator[dict[str, float]]:
    """Seconds :func:`lessons.grading.grade` spends in each phase, measured from outside.

    While the block runs, the functions ``grade`` calls are replaced in its module by timed
    wrappers: ``check`` (grading each submission with the checkers), ``write`` (each feedback
    page, then the two CSV tables) and ``report`` (the class report). ``read`` (reading and
    validating the files, the rest) is the whole call's time less those; the caller adds it.
    """
    from lessons.grading import run

    clock = {"check": 0.0, "write": 0.0, "report": 0.0}

    def timing(phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                clock[phase] += time.perf_counter() - began

        return wrapper

    class TimedFeedbackWriter(run.FeedbackWriter):
        __call__ = timing("write", run.FeedbackWriter.__call__)

    replacements: dict[str, Any] = {
        "grade_submission": timing("check", run.grade_submission),
        "FeedbackWriter": TimedFeedbackWriter,
        "write_gradebook": timing("write", run.write_gradebook),
        "write_skipped": timing("write", run.write_skipped),
        "write_report": timing("report", run.write_report),
    }
    originals = {name: getattr(run, name) for name in replacements}
    for name, value in replacements.items():
        setattr(run, name, value)
    try:
        yield clock
    finally:
        for name, value in originals.items():
            setattr(run, name, value)


def measure(
    n: int, exercise: Exercise, case: Case, work: Path, run_command: bool, by_lesson: bool
) -> dict[str, float]:
    folder = work / f"class-{n}"
    out = work / f"out-{n}"
    make_class(folder, case, exercise, n, by_lesson=by_lesson)
    with phase_timings() as clock:
        cpu_began = time.process_time()
        whole, result = timed(lambda: grade(folder, exercise, out, show_progress=False))
        cpu = time.process_time() - cpu_began
    clock["read"] = whole - clock["check"] - clock["write"] - clock["report"]
    t_read, t_check, t_write, t_report = (clock[k] for k in ("read", "check", "write", "report"))
    figures = {
        "files": n,
        "graded": len(result.students),
        "skipped": len(result.skipped),
        "read": t_read,
        "check": t_check,
        "write": t_write,
        "report": t_report,
        "peak_mb": peak_memory_mb(),
        "reused": result.reused / result.checks if result.checks else 0.0,
    }
    figures["in_process"] = t_read + t_check + t_write + t_report
    figures["cpu"] = cpu
    if run_command:
        shutil.rmtree(out)
        command = [
            sys.executable, "-c", "import sys; from lessons.cli import main; sys.exit(main())",
            "grade", str(folder), "--exercise", str(exercise.path), "--out", str(out), "--quiet",
        ]  # fmt: skip
        began = time.perf_counter()
        done = subprocess.run(
            command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        figures["command"] = time.perf_counter() - began
        # The command exits 1 when it skipped files (every synthetic class has broken ones),
        # so it is judged by what it wrote: a time for a run that graded no one is no figure.
        gradebook = out / "gradebook.csv"
        rows = (
            len(gradebook.read_text(encoding="utf-8").splitlines()) - 1 if gradebook.exists() else 0
        )
        if rows != len(result.students):
            raise SystemExit(
                f"lessons grade graded {rows} students, not {len(result.students)} "
                f"(exit {done.returncode}):\n{done.stderr.decode(errors='replace')}"
            )
    shutil.rmtree(folder)
    shutil.rmtree(out, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--exercise", default="full-unit")
    parser.add_argument("--no-command", action="store_true", help="skip the end-to-end runs")
    parser.add_argument(
        "--by-lesson",
        action="store_true",
        help="each student hands in one file per lesson (N counts files), merged by the grader",
    )
    parser.add_argument(
        "--work",
        default=None,
        help="folder to write the classes and results in (default: the system's temporary "
        "folder); creating files costs very different times on different file systems",
    )
    args = parser.parse_args()
    one_core()
    exercise = load_exercise(args.exercise)
    case = exercise.load_case()
    print(
        f"exercise {exercise.id}: {len(exercise.tasks)} tasks ({', '.join(exercise.skills)}); "
        + ("one file per lesson; " if args.by_lesson else "")
        + f"one core; Python {sys.version.split()[0]}"
    )
    header = (
        f"{'N':>7} {'graded':>7} {'read s':>8} {'check s':>8} {'write s':>8} {'report s':>9} "
        f"{'total s':>8} {'subm/s':>8} {'cpu s':>7} {'subm/s':>8} {'command s':>10} {'subm/s':>8} "
        f"{'reused':>7} {'peak MB':>8}"
    )
    print(header)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lessons-bench-", dir=args.work) as work:
        for n in args.sizes:
            f = measure(n, exercise, case, Path(work), not args.no_command, args.by_lesson)
            rows.append(f)
            command = f.get("command")
            print(
                f"{n:>7} {f['graded']:>7} {f['read']:>8.2f} {f['check']:>8.2f} {f['write']:>8.2f} "
                f"{f['report']:>9.2f} {f['in_process']:>8.2f} {n / f['in_process']:>8.0f} "
                f"{f['cpu']:>7.2f} {n / f['cpu']:>8.0f} "
                + (f"{command:>10.2f} {n / command:>8.0f}" if command else f"{'-':>10} {'-':>8}")
                + f" {100 * f['reused']:>6.0f}% {f['peak_mb']:>8.0f}"
            )
    if rows:
        last = rows[-1]
        per_file = {
            phase: 1e3 * last[phase] / last["files"] for phase in ("read", "check", "write")
        }
        print(
            "per submission at N={:,}: read+validate {:.3f} ms, checkers {:.3f} ms, "
            "write {:.3f} ms".format(last["files"], *per_file.values())
        )


if __name__ == "__main__":
    main()
