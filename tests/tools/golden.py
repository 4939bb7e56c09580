"""Golden comparison: prove a refactor of ``lessons`` changed no output, byte for byte.

A refactor that only moves modules must leave everything a teacher or a student sees
unchanged. This script records that output once with the old code (BEFORE) and once with the
new code (AFTER), from the very same input files, and compares the two records file by file.

    python tests/tools/golden.py make CLASSDIR               # once, with the OLD code
    python tests/tools/golden.py record CLASSDIR BEFORE_OUT  # old code installed
    python tests/tools/golden.py record CLASSDIR AFTER_OUT   # new code installed
    python tests/tools/golden.py compare BEFORE_OUT AFTER_OUT

``make`` writes fixed synthetic classes of hand-in files with the generators of
``bench/bench_grading.py`` (imported by path, so this script names no module of the package
itself): one folder per exercise in ``exercises/*.toml`` (120 students for ``full-unit``, 60
for every other exercise) and ``full-unit-by-lesson`` (120 students, one file per lesson
each). Each class has its own fixed random seed, so ``make`` writes the same bytes every
time; ``CLASSDIR/golden-classes.json`` lists the classes and the SHA-256 of every file, and
``record`` refuses a class folder that no longer matches it. Run ``make`` once, with the old
code: its files are the input of both records (the new code may generate other files).

``record`` uses whatever ``lessons`` the running interpreter has installed, and only its
public surface, because internal module paths are what the refactor moves:

- ``OUTDIR/grade/<class>/``: every file ``python -m lessons grade <class> --exercise <name>
  --out <class> --quiet`` writes (gradebook, feedback pages, report, skipped list, anything
  else), run as a subprocess from ``OUTDIR/grade``; ``OUTDIR/grade/<class>.run.txt`` holds
  its exit status, standard output and standard error. ``--quiet`` leaves out the progress
  bar, whose timings differ from run to run.
- ``OUTDIR/feedback/<class>.jsonl``: for every submission file (sorted by path) and every
  task id it answers (sorted), one JSON line with the result of
  ``lessons.check(lessons.load_seed_case(), task_id, answer, answers)``: every public
  attribute of the ``Feedback`` (``task``, ``score``, ``max_score``, ``items``, ``summary``,
  ``next_step``, ``level``, ``problem``, ``details``, ``is_valid``, ``fraction``, ...), the
  result of each public method without arguments (``to_text()``, ``to_html()``,
  ``to_dict()``), ``str()``, ``_repr_html_()`` and ``_repr_pretty_()``; each
  ``FeedbackItem`` likewise (``to_text()``, ``html``). Attributes are found with ``dir()``,
  so a new public attribute shows up as a difference too. Objects are named by their class
  name only, never their module. ``str()`` and ``_repr_pretty_()`` are written as
  ``"<same as to_text()>"`` and ``_repr_html_()`` as ``"<same as to_html()>"`` when they
  equal that rendering (a record a third smaller that loses nothing), in full otherwise.
  A checker that raises is recorded as ``error``.
  ``OUTDIR/feedback/<class>.unloaded.txt`` lists the files that are no JSON object with an
  ``answers`` table (the classes hold broken files on purpose).

Normalised: nothing. Two records of the old code (c590814) were compared and were identical
byte for byte, report.html and its charts included, each in a fresh process with its own
hash seed (and ``PYTHONHASHSEED=12345``), from another working directory, with another
``TZ``, ``LANG``, ``TMPDIR`` and an empty ``MPLCONFIGDIR``, and with the classes copied to
another folder. Nothing written holds a time, a duration or a temporary path, so ``record``
rewrites no field. Only what ``record`` itself prints (timings) differs, and it is not kept.
The grader is run with ``--out`` relative to ``OUTDIR/grade``, so what it prints names
``<class>/skipped.csv`` and not the record's own folder.

``compare`` walks both records and compares every file byte for byte; feedback records
(lines of the ``.jsonl`` files) are compared one by one. It prints the number of files and
of feedback records compared, the number of differences (each differing, missing or extra
file counts one; a ``.jsonl`` file counts one per differing record) and a short unified
diff of the first few. Exit status 0 when the records are identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import hashlib
import importlib.util
import inspect
import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MANIFEST = "golden-classes.json"
MANIFEST_FORMAT = 1
#: Students per class: full-unit (and its by-lesson variant) and every other exercise.
FULL_UNIT_STUDENTS = 120
QUIZ_STUDENTS = 60
BY_LESSON_SUFFIX = "-by-lesson"
#: Differences shown as a unified diff; lines of each diff shown; characters of each line.
SHOWN_DIFFS = 5
DIFF_LINES = 24
DIFF_WIDTH = 160
#: Renderings that are usually another's very text: recorded as ``"<same as to_text()>"``
#: when equal (a shorter record that loses nothing), in full when they differ.
ALIASES = {"str()": "to_text()", "_repr_pretty_()": "to_text()", "_repr_html_()": "to_html()"}


# ----------------------------------------------------------------------------------------
# make


def load_bench(path: Path) -> ModuleType:
    """``bench/bench_grading.py`` as a module, imported by its path (it is no package)."""
    spec = importlib.util.spec_from_file_location("golden_bench_grading", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: cannot import the benchmark's generators")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def seed_of(folder: str) -> int:
    """A class's fixed random seed, from its folder name (the same whatever else exists)."""
    return int.from_bytes(hashlib.sha256(folder.encode()).digest()[:4], "big")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def class_files(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted by relative path (as ``/``-separated text)."""
    return sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.as_posix())


def make(classdir: Path, bench_path: Path, exercises_dir: Path) -> int:
    """Write the synthetic classes and their manifest into a new or empty ``classdir``."""
    if classdir.exists() and any(classdir.iterdir()):
        raise SystemExit(f"{classdir}: not empty; make writes the classes into a new folder")
    names = sorted(path.stem for path in exercises_dir.glob("*.toml"))
    if not names:
        raise SystemExit(f"{exercises_dir}: no exercises (*.toml)")
    bench = load_bench(bench_path)
    plan = [
        (name, name, FULL_UNIT_STUDENTS if name == "full-unit" else QUIZ_STUDENTS, False)
        for name in names
    ]
    if "full-unit" in names:
        plan.append(("full-unit" + BY_LESSON_SUFFIX, "full-unit", FULL_UNIT_STUDENTS, True))
    classdir.mkdir(parents=True, exist_ok=True)
    classes = []
    for folder, name, students, by_lesson in plan:
        exercise = bench.load_exercise(name)
        case = exercise.load_case()
        files = students * len(exercise.skills) if by_lesson else students
        seed = seed_of(folder)
        bench.make_class(classdir / folder, case, exercise, files, seed=seed, by_lesson=by_lesson)
        classes.append(
            {
                "folder": folder,
                "exercise": name,
                "files": files,
                "by_lesson": by_lesson,
                "seed": seed,
            }
        )
        print(f"{folder}: {files} files (exercise {name}, seed {seed})")
    digests = {
        path.relative_to(classdir).as_posix(): sha256_of(path)
        for entry in classes
        for path in class_files(classdir / str(entry["folder"]))
    }
    manifest = {"format": MANIFEST_FORMAT, "classes": classes, "files": digests}
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    (classdir / MANIFEST).write_text(text, encoding="utf-8")
    print(f"{len(digests)} files in {len(classes)} classes; manifest {classdir / MANIFEST}")
    return 0


def read_manifest(classdir: Path) -> list[dict[str, Any]]:
    """The classes of ``classdir``, after checking that every file is as ``make`` wrote it."""
    path = classdir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: no class manifest ({error}); run make first") from error
    if manifest.get("format") != MANIFEST_FORMAT:
        raise SystemExit(f"{path}: unknown manifest format {manifest.get('format')!r}")
    classes: list[dict[str, Any]] = manifest["classes"]
    expected: dict[str, str] = manifest["files"]
    found = {
        path.relative_to(classdir).as_posix(): sha256_of(path)
        for entry in classes
        for path in class_files(classdir / entry["folder"])
    }
    if found != expected:
        changed = sorted(set(found) ^ set(expected)) or sorted(
            name for name in found if found[name] != expected[name]
        )
        raise SystemExit(
            f"{classdir}: the class files differ from {MANIFEST} ({len(changed)} files, e.g. "
            f"{changed[0]}); the input of a golden record must be exactly what make wrote"
        )
    return classes


# ----------------------------------------------------------------------------------------
# record


def run_grade(classdir: Path, grade_dir: Path, folder: str, exercise: str) -> tuple[str, float]:
    """Run ``lessons grade`` on one class into ``grade_dir/folder``; keep what it printed."""
    command = [
        sys.executable, "-m", "lessons", "grade", str((classdir / folder).resolve()),
        "--exercise", exercise, "--out", folder, "--quiet",
    ]  # fmt: skip
    began = time.perf_counter()
    done = subprocess.run(
        command, cwd=grade_dir, capture_output=True, text=True, encoding="utf-8", check=False
    )
    seconds = time.perf_counter() - began
    log = f"exit status: {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    (grade_dir / f"{folder}.run.txt").write_text(log, encoding="utf-8")
    return f"{folder}: lessons grade exit {done.returncode}", seconds


def zero_argument(method: Any) -> bool:
    """Whether ``method`` can be called with no arguments."""
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(
        p.default is not inspect.Parameter.empty
        or p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        for p in parameters
    )


class PrettyPrinter:
    """Collects what ``_repr_pretty_`` prints (the part of IPython's printer it uses)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, text: str) -> None:
        self.parts.append(text)

    def pretty(self, value: object) -> None:
        self.parts.append(repr(value))

    def breakable(self, sep: str = " ") -> None:
        self.parts.append(sep)


def public_view(value: object) -> dict[str, Any]:
    """Every public attribute of ``value`` and the result of each public method that takes
    no arguments (``"to_text()"``), plus its text, HTML and pretty renderings; named by class
    name, never by module (modules are what a refactor moves)."""
    view: dict[str, Any] = {"__class__": type(value).__name__}
    for name in dir(value):
        if name.startswith("_"):
            continue
        attribute = getattr(value, name)
        if callable(attribute):
            if inspect.ismethod(attribute) and zero_argument(attribute):
                view[f"{name}()"] = attribute()
            continue
        view[name] = attribute
    if type(value).__str__ is not object.__str__:
        view["str()"] = str(value)
    render = getattr(value, "_repr_html_", None)
    if callable(render):
        view["_repr_html_()"] = render()
    pretty = getattr(value, "_repr_pretty_", None)
    if callable(pretty):
        printer = PrettyPrinter()
        pretty(printer, False)
        view["_repr_pretty_()"] = "".join(printer.parts)
    for alias, original in ALIASES.items():
        if alias in view and original in view and view[alias] == view[original]:
            view[alias] = f"<same as {original}>"
    return view


def to_json(value: object) -> Any:
    """``json.dumps``'s ``default``: objects as their public view, mappings with text keys,
    sets sorted; anything else is an error (the record must not depend on a ``repr``)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return public_view(value)
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(value, key=lambda item: json.dumps(item, default=to_json, sort_keys=True))
    raise TypeError(f"cannot record a {type(value).__name__} in a golden record")


def dump(value: object) -> str:
    return json.dumps(value, default=to_json, sort_keys=True, ensure_ascii=False)


def load_answers(path: Path) -> dict[str, Any] | None:
    """The ``answers`` table of a submission file, or None when it has none (not JSON, ...)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    answers = data.get("answers") if isinstance(data, dict) else None
    return answers if isinstance(answers, dict) else None


def record_feedback(lessons: ModuleType, case: Any, classdir: Path, folder: str, out: Path) -> int:
    """Check every answer of every file of one class; write one JSON line per answer."""
    records = 0
    unloaded = []
    with (out / f"{folder}.jsonl").open("w", encoding="utf-8", newline="\n") as stream:
        for path in class_files(classdir / folder):
            name = path.relative_to(classdir).as_posix()
            answers = load_answers(path)
            if answers is None:
                unloaded.append(name)
                continue
            for task_id in sorted(answers):
                entry: dict[str, Any] = {"file": name, "task": task_id}
                try:
                    feedback = lessons.check(case, task_id, answers[task_id], answers)
                except Exception as error:  # a checker that raises is output too
                    entry["error"] = f"{type(error).__name__}: {error}"
                else:
                    entry["feedback"] = public_view(feedback)
                stream.write(dump(entry) + "\n")
                records += 1
    (out / f"{folder}.unloaded.txt").write_text("".join(f"{n}\n" for n in unloaded), "utf-8")
    return records


def record(classdir: Path, outdir: Path, jobs: int) -> int:
    """Record the grader's files and every answer's feedback of the classes in ``outdir``."""
    began = time.perf_counter()
    classes = read_manifest(classdir)
    if outdir.exists() and any(outdir.iterdir()):
        raise SystemExit(f"{outdir}: not empty; record writes into a new folder")
    grade_dir, feedback_dir = outdir / "grade", outdir / "feedback"
    grade_dir.mkdir(parents=True)
    feedback_dir.mkdir()
    import lessons

    print(f"lessons {lessons.__version__} from {Path(lessons.__file__).parent}")
    # The grader runs in subprocesses while this process checks the answers.
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        runs: list[Future[tuple[str, float]]] = [
            pool.submit(run_grade, classdir, grade_dir, entry["folder"], entry["exercise"])
            for entry in classes
        ]
        case = lessons.load_seed_case()
        records = 0
        for entry in classes:
            records += record_feedback(lessons, case, classdir, entry["folder"], feedback_dir)
        checked = time.perf_counter() - began
        for run in runs:
            line, seconds = run.result()
            print(f"{line} ({seconds:.1f} s)")
    files = sum(1 for path in outdir.rglob("*") if path.is_file())
    print(
        f"recorded {files} files and {records} feedback records into {outdir} in "
        f"{time.perf_counter() - began:.1f} s (answers checked in {checked:.1f} s)"
    )
    return 0


# ----------------------------------------------------------------------------------------
# compare


def record_files(folder: Path) -> dict[str, Path]:
    return {path.relative_to(folder).as_posix(): path for path in class_files(folder)}


def short_diff(before: list[str], after: list[str], label: str) -> list[str]:
    """The first :data:`DIFF_LINES` lines of a unified diff, each cut to :data:`DIFF_WIDTH`
    characters around its first change (a report is one long line of HTML)."""
    diff = difflib.unified_diff(
        before, after, f"before/{label}", f"after/{label}", n=1, lineterm=""
    )
    lines = list(itertools.islice(diff, DIFF_LINES + 1))
    head, body = lines[:2], lines[2 : DIFF_LINES + 1]
    changed_at = [0] * len(body)
    index = 0
    while index < len(body):  # pair each removed line with the added line that replaces it
        if not body[index].startswith("-"):
            index += 1
            continue
        removed_end = index
        while removed_end < len(body) and body[removed_end].startswith("-"):
            removed_end += 1
        added_end = removed_end
        while added_end < len(body) and body[added_end].startswith("+"):
            added_end += 1
        for old, new in zip(range(index, removed_end), range(removed_end, added_end), strict=False):
            changed_at[old] = changed_at[new] = first_difference(body[old], body[new])
        index = added_end
    shown = head + [clip(line, at) for line, at in zip(body, changed_at, strict=True)]
    if len(lines) > DIFF_LINES:
        shown[DIFF_LINES:] = ["  ..."]
    return shown


def first_difference(old: str, new: str) -> int:
    """The index of the first character in which two diff lines differ, marks aside."""
    for index, (a, b) in enumerate(zip(old[1:], new[1:], strict=False), start=1):
        if a != b:
            return index
    return min(len(old), len(new))


def clip(line: str, at: int) -> str:
    """A diff line (its mark kept) cut to :data:`DIFF_WIDTH` characters around ``at``."""
    if len(line) <= DIFF_WIDTH + 1:
        return line
    start = max(1, min(at - DIFF_WIDTH // 4, len(line) - DIFF_WIDTH))
    end = start + DIFF_WIDTH
    before = "..." if start > 1 else ""
    after = "..." if end < len(line) else ""
    return f"{line[0]}{before}{line[start:end]}{after}"


def text_lines(data: bytes) -> list[str] | None:
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None


def record_lines(line: str) -> list[str]:
    """A feedback record spread over lines (one per field) so a diff shows what changed."""
    try:
        return json.dumps(json.loads(line), indent=1, sort_keys=True, ensure_ascii=False).split(
            "\n"
        )
    except ValueError:
        return [line]


def compare_records(name: str, before: bytes, after: bytes) -> Iterator[tuple[str, list[str]]]:
    """Each differing feedback record of a ``.jsonl`` file: (a title, its diff)."""
    old, new = before.decode("utf-8").splitlines(), after.decode("utf-8").splitlines()
    for number in range(max(len(old), len(new))):
        a = old[number] if number < len(old) else None
        b = new[number] if number < len(new) else None
        if a == b:
            continue
        title = f"{name} record {number + 1}"
        for line in (a, b):
            if line is not None:
                try:
                    entry = json.loads(line)
                    title += f" ({entry['file']} {entry['task']})"
                    break
                except (ValueError, KeyError, TypeError):
                    continue
        diff = short_diff(
            record_lines(a) if a is not None else [],
            record_lines(b) if b is not None else [],
            f"{name}:{number + 1}",
        )
        yield title, diff


def compare(before_dir: Path, after_dir: Path) -> int:
    """Compare two records file by file; print the counts and the first differences."""
    for folder in (before_dir, after_dir):
        if not folder.is_dir():
            raise SystemExit(f"{folder}: no such record folder")
    before, after = record_files(before_dir), record_files(after_dir)
    differences: list[tuple[str, list[str]]] = []
    files = records = 0
    for name in sorted(set(before) | set(after)):
        if name not in after:
            differences.append((f"{name}: missing from {after_dir}", []))
            continue
        if name not in before:
            differences.append((f"{name}: extra in {after_dir} (not in {before_dir})", []))
            continue
        files += 1
        old, new = before[name].read_bytes(), after[name].read_bytes()
        if name.endswith(".jsonl"):
            records += len(old.splitlines())
            if old != new:
                differences.extend(compare_records(name, old, new))
            continue
        if old == new:
            continue
        old_lines, new_lines = text_lines(old), text_lines(new)
        if old_lines is None or new_lines is None:
            differences.append((f"{name}: binary files differ ({len(old)} / {len(new)} B)", []))
        else:
            differences.append((f"{name}: differs", short_diff(old_lines, new_lines, name)))
    print(f"files compared: {files}")
    print(f"feedback records compared: {records}")
    print(f"differences: {len(differences)}")
    for title, diff in differences[:SHOWN_DIFFS]:
        print(f"\n== {title}")
        for line in diff:
            print(line)
    if len(differences) > SHOWN_DIFFS:
        print(f"\n... and {len(differences) - SHOWN_DIFFS} more differences")
    return 1 if differences else 0


# ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("make", help="write the synthetic classes (once, old code)")
    making.add_argument("classdir", type=Path)
    making.add_argument(
        "--bench",
        type=Path,
        default=REPO / "bench" / "bench_grading.py",
        help="the benchmark whose generators write the classes (default: this checkout's)",
    )
    making.add_argument(
        "--exercises",
        type=Path,
        default=REPO / "exercises",
        help="the folder of exercise files, one class each (default: this checkout's)",
    )
    recording = commands.add_parser("record", help="record the output of the installed lessons")
    recording.add_argument("classdir", type=Path)
    recording.add_argument("outdir", type=Path)
    recording.add_argument(
        "--jobs",
        type=int,
        default=max(1, min(2, (os.cpu_count() or 2) - 1)),
        help="lessons grade commands run at once, beside the answer checks (default: %(default)s)",
    )
    comparing = commands.add_parser("compare", help="compare two records byte for byte")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "make":
        return make(args.classdir, args.bench, args.exercises)
    if args.command == "record":
        return record(args.classdir, args.outdir, max(1, args.jobs))
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
