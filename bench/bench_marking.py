"""Measure the machine's part of marking briefs: what a teacher waits for, not the reading.

For a class of N briefs (N = 10, 100 and 1,000 by default: the tests' ten briefs, repeated
under other names) the script grades the class (``lessons grade`` in-process, writing
``marks.csv`` and ``marking.ipynb``), opens the marking view on it, saves a mark for every
brief through the view (as *Save & next* does: a locked read, a revision check and an atomic
write of the whole file), then grades again with every mark counted. It prints the median
time of opening the view, of one *Save & next*, and of each grading run, in ms. A teacher's
time to mark is the reading, measured by hand (docs/teacher-guide.md, "Marking briefs").
Asserts nothing.

    python bench/bench_marking.py [--sizes 10 100 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

# The class of briefs the tests mark (tests/grading/classes.py), from the repository.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import median_time

from lessons.grading import grade
from lessons.teacher.exercises import load_exercise
from lessons.widgets.marking import MarkingView
from tests.grading.classes import BRIEF_NAMES, brief_submission, brief_variants, put


def build_class(folder: Path, size: int) -> None:
    """``size`` hand-ins: the ten briefs again and again, each student named apart."""
    briefs = brief_variants()
    for index in range(size):
        name = f"{BRIEF_NAMES[index % len(BRIEF_NAMES)]} {index // len(BRIEF_NAMES) + 1}"
        put(folder, f"{index:05d}.json", brief_submission(name, briefs[index % len(briefs)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    exercise = load_exercise("capstone")
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="bench-marking-"))
        try:
            folder, out = work / "class", work / "out"
            build_class(folder, size)

            def first_grading(folder: Path = folder, out: Path = out) -> None:
                shutil.rmtree(out, ignore_errors=True)
                grade(folder, exercise, out, show_progress=False, charts=False)

            graded = median_time(first_grading, args.repeats)
            opened = median_time(lambda out=out: MarkingView(out), args.repeats)
            view = MarkingView(out)
            saves = []
            for number in range(size):
                start = time.perf_counter()
                view.save_and_next(str(5 + number % 15), comment=f"Comment {number}.")
                saves.append(time.perf_counter() - start)
            saves.sort()
            regraded = median_time(
                lambda folder=folder, out=out: grade(
                    folder, exercise, out, show_progress=False, charts=False
                ),
                args.repeats,
            )
            print(
                f"N={size:>5}: grade {graded * 1000:8.1f} ms | open the view "
                f"{opened * 1000:7.1f} ms | Save & next median {saves[len(saves) // 2] * 1000:6.2f}"
                f" ms, slowest {saves[-1] * 1000:6.2f} ms | grade again, all marked "
                f"{regraded * 1000:8.1f} ms ({view.marked_count} marks)"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
