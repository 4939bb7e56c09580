"""The course exchange with real users and real permissions: a teacher and two students.

Each command runs as a real system user (``runuser``) in a clean environment, as on a hub
whose spawner sets ``LESSONS_EXCHANGE`` and ``JUPYTERHUB_USER``: what one student can and
cannot do to another's hand-in is what the kernel allows, not what the code says.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lessons.exchange.fetching import notebook_content_digest
from lessons.student.assessment import ASSESSMENT_REFUSAL
from tests.exchange.users import User, add_user, run_as, run_python, system_users

pytestmark = pytest.mark.users

QUIZ = "quiz-sources"  # an assessment
UNIT = "full-unit"  # released for practice, beside the quiz


@dataclass(frozen=True)
class Course:
    python: Path
    exchange: Path
    teacher: User
    alice: User
    bob: User

    def env(self, user: User, exchange: Path | None = None) -> dict[str, str]:
        """A hub server's environment for ``user``."""
        return {"LESSONS_EXCHANGE": str(exchange or self.exchange), "JUPYTERHUB_USER": user.name}

    def lessons(
        self, user: User, *args: str, exchange: Path | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``lessons ARGS`` run by ``user`` on the hub."""
        return run_as(
            user, [str(self.python), "-m", "lessons", *args], env=self.env(user, exchange), cwd=cwd
        )

    def tasks(self, exercise: str, exchange: Path | None = None) -> list[str]:
        """The task ids of a release, as the teacher's release file lists them."""
        path = (exchange or self.exchange) / "released" / exercise / ".lessons" / "release.json"
        return [task["id"] for task in json.loads(path.read_text(encoding="utf-8"))["tasks"]]


def make_exchange(course_python: Path, teacher: User, parent: Path, name: str) -> Path:
    """The admin's one root step (a folder given to the teacher), then the teacher's
    ``lessons exchange create``."""
    folder = parent / name
    folder.mkdir(mode=0o755)
    os.chown(folder, teacher.uid, -1)  # the admin hands the course folder to the teacher
    exchange = folder / "exchange"
    done = run_as(
        teacher, [str(course_python), "-m", "lessons", "exchange", "create", str(exchange)]
    )
    assert done.returncode == 0, done.stderr
    return exchange


def release(course: Course, exercise: str, *options: str, exchange: Path | None = None) -> None:
    done = course.lessons(
        course.teacher,
        "release",
        exercise,
        "--exchange",
        str(exchange or course.exchange),
        *options,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def course(user_python: Path) -> Iterator[Course]:
    """A teacher who released the sources quiz (assessment) and the whole unit (practice),
    and two students who fetched both."""
    with system_users() as made:
        teacher, alice, bob = add_user(made), add_user(made), add_user(made)
        parent = Path(tempfile.mkdtemp(prefix="lessons-test-srv-", dir="/tmp"))
        try:
            os.chmod(parent, 0o755)
            exchange = make_exchange(user_python, teacher, parent, "media-101")
            course = Course(user_python, exchange, teacher, alice, bob)
            release(course, QUIZ)
            release(course, UNIT, "--mode", "practice")
            for student in (alice, bob):
                done = course.lessons(student, "fetch")
                assert done.returncode == 0, done.stderr
            yield course
        finally:
            shutil.rmtree(parent, ignore_errors=True)


HAND_IN = """
import json, sys
from pathlib import Path
from lessons.skills import load_seed_case
from lessons.student import progress
from lessons.student.handin import write_submission
workspace = Path.home() / {exercise!r}
task = json.loads((workspace / ".lessons" / "release.json").read_text())["tasks"][0]["id"]
progress.save_answer(task, {{"sources": []}}, workspace)
result = write_submission(case=load_seed_case(with_keys=False), workspace=workspace)
print(json.dumps({{"student": result.student, "inbox": str(result.inbox_path),
                  "local": str(result.path)}}))
"""


def hand_in(course: Course, student: User, exercise: str = QUIZ) -> dict[str, object]:
    return run_python(
        student, course.python, HAND_IN.format(exercise=exercise), env=course.env(student)
    )


def test_the_exchange_is_the_teachers_with_the_agreed_permissions(course: Course) -> None:
    released, inbox = course.exchange / "released", course.exchange / "inbox"
    assert stat.S_IMODE(released.stat().st_mode) == 0o755
    assert stat.S_IMODE(inbox.stat().st_mode) == 0o3733
    assert inbox.stat().st_uid == course.teacher.uid
    assert inbox.stat().st_gid == pwd.getpwnam(course.teacher.name).pw_gid
    quiz = released / QUIZ
    assert quiz.stat().st_uid == course.teacher.uid
    assert all(
        path.stat().st_uid == course.teacher.uid
        and stat.S_IMODE(path.stat().st_mode) in (0o644, 0o755)
        for path in quiz.rglob("*")
    )
    # a student can neither release nor replace a release
    before = (quiz / ".lessons" / "release.json").read_bytes()
    refused = course.lessons(
        course.bob, "release", QUIZ, "--mode", "practice", "--exchange", str(course.exchange)
    )
    assert refused.returncode == 2 and refused.stderr.startswith("--exchange: ")
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert (quiz / ".lessons" / "release.json").read_bytes() == before
    # each student has the quiz and the unit in a folder of their own
    for student in (course.alice, course.bob):
        assert (student.home / QUIZ / "02_trace_the_sources.ipynb").is_file()
        assert (student.home / UNIT / ".lessons" / "release.json").stat().st_uid == student.uid


def test_a_student_cannot_list_the_inbox_nor_remove_or_replace_anothers_hand_in(
    course: Course,
) -> None:
    alices = Path(str(hand_in(course, course.alice)["inbox"]))
    assert alices.parent == course.exchange / "inbox"
    assert stat.S_IMODE(alices.stat().st_mode) == 0o640 and alices.stat().st_uid == course.alice.uid
    before = alices.read_bytes()
    reading = run_as(course.bob, ["cat", str(alices)])  # even knowing the name
    assert reading.returncode != 0 and "Permission denied" in reading.stderr
    listing = run_as(course.bob, ["ls", str(course.exchange / "inbox")])
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    assert alices.name not in listing.stdout
    bobs = Path(str(hand_in(course, course.bob)["inbox"]))
    removing = run_as(course.bob, ["rm", "-f", str(alices)])
    replacing = run_as(course.bob, ["mv", "-f", str(bobs), str(alices)])
    assert removing.returncode != 0 and replacing.returncode != 0
    assert alices.read_bytes() == before and bobs.exists()
    # the student's own copy stays in their workspace, not readable by the classmate
    local = Path(str(hand_in(course, course.alice)["local"]))
    assert local.is_relative_to(course.alice.home / QUIZ / "submissions")


def test_on_the_hub_a_student_cannot_take_another_name(course: Course) -> None:
    code = f"""
import json
from lessons.student import progress
try:
    progress.set_student_name({course.alice.name!r})
    refused = None
except ValueError as error:
    refused = str(error)
print(json.dumps({{"refused": refused, "name": progress.student_name()}}))
"""
    done = run_python(
        course.bob, course.python, code, env=course.env(course.bob), cwd=course.bob.home / QUIZ
    )
    assert done == {
        "refused": f"On this hub your name is your sign-in name, {course.bob.name}.",
        "name": course.bob.name,
    }
    assert hand_in(course, course.bob)["student"] == course.bob.name


FORGE = """
import json
from pathlib import Path
from lessons.skills import load_seed_case
from lessons.student.handin import write_to_inbox
from lessons.student.submission import build_submission
task = json.loads((Path.home() / {exercise!r} / ".lessons" / "release.json").read_text())["tasks"][0]["id"]
data = build_submission(student={victim!r}, answers={{task: {{"sources": []}}}},
                        case=load_seed_case(with_keys=False), skill=None, exercise={exercise!r})
print(json.dumps({{"inbox": str(write_to_inbox(Path({exchange!r}), data))}}))
"""


def test_collect_and_grade_give_each_hand_in_its_owner_and_refuse_a_forged_one(
    course: Course,
) -> None:
    hand_in(course, course.alice)
    hand_in(course, course.bob)
    practice = Path(str(hand_in(course, course.alice, UNIT)["inbox"])).name  # after the quiz
    forged = run_python(
        course.bob,
        course.python,
        FORGE.format(exercise=QUIZ, victim=course.alice.name, exchange=str(course.exchange)),
        env=course.env(course.bob),
    )
    forged_name = Path(str(forged["inbox"])).name
    out = course.teacher.home / "graded"
    done = course.lessons(
        course.teacher,
        "grade",
        "--exchange",
        str(course.exchange),
        "--exercise",
        QUIZ,
        "--out",
        str(out),
        "--quiet",
    )
    assert done.returncode == 1, done.stderr  # graded, one file skipped
    message = (
        f"handed in by signed-in user {course.bob.name} but names {course.alice.name}: not graded."
    )
    assert f"{course.bob.name}/{forged_name}: {message}" in done.stderr
    with open(out / "collected" / "owners.csv", encoding="utf-8", newline="") as handle:
        owners = {row["file"].split("/")[-1]: row["owner"] for row in csv.DictReader(handle)}
    assert owners[forged_name] == course.bob.name
    assert {course.alice.name, course.bob.name} <= set(owners.values())
    for owner in (course.alice.name, course.bob.name):
        assert all(
            path.name in owners and owners[path.name] == owner
            for path in (out / "collected" / owner).iterdir()
        )
    with open(out / "skipped.csv", encoding="utf-8", newline="") as handle:
        skipped = {row["file"]: row["reason"] for row in csv.DictReader(handle)}
    not_graded = {file: why for file, why in skipped.items() if not why.startswith("superseded")}
    assert not_graded == {
        f"{course.bob.name}/{forged_name}": message,
        # the inbox is shared: the practice hand-in is no answer to the quiz
        f"{course.alice.name}/{practice}": f"was handed in for {UNIT!r}, not for {QUIZ!r}: left out.",
    }
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as handle:
        graded = [row for row in csv.DictReader(handle)]
    names = sorted(next(iter(row.values())) for row in graded)
    assert names == sorted([course.alice.name, course.bob.name])
    # a student cannot collect
    refused = course.lessons(course.bob, "collect", "--out", str(course.bob.home / "loot"))
    assert refused.returncode == 2 and "only the teacher" in refused.stderr


CHECK = """
import json, sys
import lessons
from lessons.skills import load_seed_case
from lessons.student.workspace import read_release, release_mode
case = load_seed_case()
out = {{}}
for task in {tasks!r}:
    result = lessons.check(case, task, {{}})
    out[task] = type(result).__name__ + ": " + str(getattr(result, "message", ""))
out["mode"] = read_release().mode
out["widgets"] = release_mode()  # how a lesson's widget, not naming its task, is made
print(json.dumps(out))
"""


def checks(
    course: Course, student: User, folder: Path, tasks: list[str], exchange: Path | None = None
) -> dict[str, object]:
    return run_python(
        student,
        course.python,
        CHECK.format(tasks=tasks),
        env={**course.env(student, exchange), "LESSONS_WORKSPACE": str(folder)},
        cwd=folder,
    )


def test_an_open_assessment_withholds_practice_feedback_on_its_tasks_and_the_key(
    course: Course,
) -> None:
    quiz_task = course.tasks(QUIZ)[0]
    other = next(task for task in course.tasks(UNIT) if task not in course.tasks(QUIZ))
    seen = checks(course, course.alice, course.alice.home / UNIT, [quiz_task, other])
    assert seen[quiz_task] == f"Withheld: {ASSESSMENT_REFUSAL}"
    assert str(seen[other]).startswith("Feedback")
    assert seen["mode"] == "practice" and seen["widgets"] == "assessment"
    key = course.lessons(course.alice, "key", cwd=course.alice.home / UNIT)
    assert key.returncode == 1 and key.stderr.strip() == ASSESSMENT_REFUSAL and not key.stdout
    # the teacher who released the quiz still reads the key on the same hub
    teachers = course.lessons(course.teacher, "key", "--skill", "sources")
    assert teachers.returncode == 0 and teachers.stdout


def test_editing_the_local_release_file_does_not_change_the_mode(course: Course) -> None:
    folder = course.bob.home / QUIZ
    edit = """
import json
from pathlib import Path
path = Path.cwd() / ".lessons" / "release.json"
data = json.loads(path.read_text())
data["mode"] = "practice"
data["tasks"] = []
data["exercise"] = "something-else"
path.write_text(json.dumps(data))
print(json.dumps({"edited": True}))
"""
    assert run_python(course.bob, course.python, edit, env=course.env(course.bob), cwd=folder)
    quiz_task = course.tasks(QUIZ)[0]
    seen = checks(course, course.bob, folder, [quiz_task])
    assert seen == {
        quiz_task: f"Withheld: {ASSESSMENT_REFUSAL}",
        "mode": "assessment",
        "widgets": "assessment",
    }


def test_closing_the_assessment_brings_practice_feedback_back(
    course: Course, tmp_path_factory: pytest.TempPathFactory
) -> None:
    parent = Path(tempfile.mkdtemp(prefix="lessons-test-srv-", dir="/tmp"))
    try:
        os.chmod(parent, 0o755)
        exchange = make_exchange(course.python, course.teacher, parent, "media-102")
        release(course, QUIZ, exchange=exchange)
        task = course.tasks(QUIZ, exchange)[0]
        folder = course.alice.home / "elsewhere"
        run_as(course.alice, ["mkdir", "-p", str(folder)])
        seen = checks(course, course.alice, folder, [task], exchange)
        assert seen[task] == f"Withheld: {ASSESSMENT_REFUSAL}"
        refused = course.lessons(course.alice, "exchange", "close", QUIZ, exchange=exchange)
        assert refused.returncode == 2  # a student cannot close it
        closed = course.lessons(course.teacher, "exchange", "close", QUIZ, exchange=exchange)
        assert closed.returncode == 0, closed.stderr
        seen = checks(course, course.alice, folder, [task], exchange)
        assert str(seen[task]).startswith("Feedback") and seen["widgets"] == "practice"
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def test_fetch_updates_a_saved_notebook_and_keeps_a_changed_one(course: Course) -> None:
    parent = Path(tempfile.mkdtemp(prefix="lessons-test-srv-", dir="/tmp"))
    try:
        os.chmod(parent, 0o755)
        exchange = make_exchange(course.python, course.teacher, parent, "media-103")
        exercise = "quiz-hedges"
        release(course, exercise, "--mode", "practice", exchange=exchange)
        into = course.alice.home / "fetched"
        first = course.lessons(course.alice, "fetch", "--into", str(into), exchange=exchange)
        assert first.returncode == 0, first.stderr
        notebooks = sorted((into / exercise).glob("*.ipynb"))
        first_content = {
            path.name: notebook_content_digest(path.read_bytes()) for path in notebooks
        }
        # the teacher releases it again, now as an assessment (practice-only cells go)
        release(course, exercise, "--mode", "assessment", exchange=exchange)
        released = exchange / "released" / exercise
        differing = [
            path
            for path in notebooks
            if notebook_content_digest((released / path.name).read_bytes())
            != first_content[path.name]
        ]
        assert differing, "the assessment release should change a notebook's cells"
        saved = differing[0]
        changed = next(path for path in notebooks if path != saved)
        # meanwhile the student ran and saved one notebook, and wrote in the other
        touch = f"""
import json
from pathlib import Path
saved, changed = Path({str(saved)!r}), Path({str(changed)!r})
nb = json.loads(saved.read_text())
nb["metadata"]["saved-by"] = "JupyterLab"
for cell in nb["cells"]:
    if cell["cell_type"] == "code":
        cell["outputs"] = [{{"output_type": "stream", "name": "stdout", "text": "ran"}}]
        cell["execution_count"] = 1
saved.write_text(json.dumps(nb, indent=2))
nb = json.loads(changed.read_text())
nb["cells"][-1]["source"] = "my own notes"
changed.write_text(json.dumps(nb))
print(json.dumps({{"ok": True}}))
"""
        run_python(course.alice, course.python, touch, env=course.env(course.alice, exchange))
        kept = changed.read_bytes()
        new_saved = (released / saved.name).read_bytes()
        second = course.lessons(course.alice, "fetch", "--into", str(into), exchange=exchange)
        assert second.returncode == 0, second.stderr
        assert saved.read_bytes() == new_saved and saved.stat().st_uid == course.alice.uid
        assert changed.read_bytes() == kept
        beside = changed.with_name(f"{changed.stem} (updated).ipynb")
        assert beside.read_bytes() == (released / changed.name).read_bytes()
        assert (
            f"{changed.name} has your changes, so it is kept and the new version is beside it "
            f"as {beside.name}." in second.stdout
        )
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def test_the_spawn_hook_prepares_the_lessons_and_fetches_as_the_student(course: Course) -> None:
    """What a hub's spawn hook runs, as a student who has never logged in before."""
    with system_users() as made:
        carol = add_user(made)
        done = course.lessons(carol, "start", "--no-server")
        assert done.returncode == 0, done.stderr
        assert (carol.home / "media-literacy" / "00_start_here.ipynb").stat().st_uid == carol.uid
        for exercise in (QUIZ, UNIT):
            assert (carol.home / exercise / ".lessons" / "release.json").stat().st_uid == carol.uid
            assert f"{exercise}: " in done.stdout
        again = course.lessons(carol, "start", "--no-server")
        assert f"{QUIZ}: up to date in {carol.home / QUIZ}." in again.stdout
