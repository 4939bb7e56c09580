"""The lessons on a real JupyterHub, as docs/hub.md sets it up: a student signs in through
Chromium and finds the lessons in her own JupyterLab; the teacher's hub role sees the class
and a student's does not; and the course from release to gradebook: the teacher releases a
quiz with the guide's commands, two students sign in, answer and hand in through the
widgets, neither can read or forge the other's hand-in, and the teacher collects and
grades."""

from __future__ import annotations

import csv
import json
import os
import pwd
import re
import stat
import urllib.error
import urllib.request
from typing import Any

import pytest

from lessons.reading import date_choice, default_guide, page_lines
from lessons.skills import SKILLS, load_case
from lessons.teacher.exercises import load_exercise
from tests.hub.conftest import SPAWN_TIMEOUT_MS, sign_in
from tests.hub.harness import Hub, HubUser, guide_blocks, run_as

pytestmark = [pytest.mark.hub, pytest.mark.browser]

#: The reading widget's two answers to "Is the text a translation?" (lessons.widgets.reading).
TRANSLATION_LABELS = {
    True: "Yes: it is translated from an article in another language",
    False: "No: it was written in the language you read",
}


def test_signing_in_starts_a_server_with_the_lessons(hub: Hub, hub_page: Any) -> None:
    from playwright.sync_api import expect

    student = hub.users["student-a"]
    page = hub_page("student-a")
    sign_in(page, hub, student)

    # The spawn hook ran as the student: her lessons are in her home, owned by her.
    listing = run_as(student, "stat -c '%U %n' media-literacy/00_start_here.ipynb")
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.split()[0] == student.name
    browser_entry = page.locator(".jp-DirListing-item", has_text="media-literacy")
    expect(browser_entry).to_be_visible(timeout=SPAWN_TIMEOUT_MS)
    # The guide's overrides.json is in force: JupyterLab neither asks about news nor
    # fetches it, and shows no such prompt.
    settings = page.request.get(
        f"{hub.url}/user/{student.name}/lab/api/settings/"
        "@jupyterlab/apputils-extension:notification"
    )
    assert settings.ok, settings.text()
    defaults = settings.json()["schema"]["properties"]  # overrides.json sets the defaults
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False
    expect(page.get_by_text("official Jupyter news")).to_have_count(0)


def test_a_student_opens_the_lessons_in_app_mode_in_her_own_server(hub: Hub, hub_page: Any) -> None:
    """The guide's app-mode address, in the student's own server: Voila renders lesson 00
    with her sign-in name, no code, and nothing loaded from another host."""
    from urllib.parse import urlsplit

    from playwright.sync_api import expect

    (block,) = guide_blocks("python", "app mode")
    found = re.search(r'default_url = "([^"]+)"', block)
    assert found, block
    student = hub.users["student-a"]
    page = hub_page("student-a-app")
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if urlsplit(request.url).hostname not in {"127.0.0.1", "localhost"}
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    sign_in(page, hub, student)
    page.goto(f"{hub.url}/user/{student.name}{found.group(1)}", timeout=SPAWN_TIMEOUT_MS)
    expect(page.locator(".lessons-how-to-work")).to_be_visible(timeout=SPAWN_TIMEOUT_MS)
    name = page.locator(".widget-text", has_text="Your name").locator("input")
    expect(name).to_have_value(student.name)  # the hub's sign-in name, in her own server
    expect(name).to_be_disabled()
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    expect(page.get_by_text("lessons.your_name()")).to_have_count(0)
    assert elsewhere == []


def _user_token(hub: Hub, name: str) -> str:
    """A new API token of ``name`` (made with the harness's admin token)."""
    return str(hub.api("POST", f"/users/{name}/tokens", {"note": "hub test"})["token"])


def _get(hub: Hub, path: str, token: str) -> tuple[int, Any]:
    """GET ``/hub/api{path}`` with ``token``: (status, JSON or None when refused)."""
    request = urllib.request.Request(
        f"{hub.url}/hub/api{path}", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None


def test_the_teacher_role_sees_the_class_and_a_student_does_not(hub: Hub) -> None:
    teacher, student = hub.users["teacher"], hub.users["student-a"]
    token = _user_token(hub, teacher.name)
    status, users = _get(hub, "/users", token)
    assert status == 200
    names = {user["name"] for user in users}
    assert {hub.users["student-a"].name, hub.users["student-b"].name} <= names
    # The teacher may start and stop the students' servers, but not open them.
    status, me = _get(hub, "/user", token)
    assert status == 200
    assert "servers!group=students" in me["scopes"]
    assert not [scope for scope in me["scopes"] if scope.startswith("access:servers!group")]

    status, users = _get(hub, "/users", _user_token(hub, student.name))
    # A student's token lists only the student (or is refused): never the class.
    seen = {user["name"] for user in users or []}
    assert hub.users["student-b"].name not in seen


def test_the_idle_culler_runs_as_a_hub_service(hub: Hub) -> None:
    """The guide's culler frees the memory of servers left open (docs/hub.md, section 7)."""
    service = hub.api("GET", "/services/idle-culler")
    assert "jupyterhub_idle_culler" in service["command"]
    assert service["pid"] > 0
    os.kill(service["pid"], 0)  # running (raises if not)


# --- release to gradebook: two students and a teacher ----------------------------------


def command_lines(block: str) -> list[str]:
    """The commands of a guide's shell block (comments and blank lines left out)."""
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def hub_env(hub: Hub) -> dict[str, str]:
    """What the guide's Spawner.environment gives every user's terminal."""
    return {
        "LESSONS_EXCHANGE": str(hub.exchange),
        "PATH": f"{hub.venv}/bin:/usr/local/bin:/usr/bin:/bin",
    }


def answer_and_hand_in(page: Any, hub: Hub, user: HubUser, exercise: str, task_id: str) -> None:
    """In the student's JupyterLab: open the fetched quiz's lesson, run it, answer one task
    through its widget, save it, and hand in with the *Hand in* button."""
    from playwright.sync_api import expect

    from tests.browser.conftest import CURRENT_NOTEBOOK, run_all_cells, wait_for_kernel

    skill, article_id = task_id.split("/", 1)
    notebook = next(
        path.name
        for path in sorted((hub.exchange / "released" / exercise).glob("*.ipynb"))
        if path.name.startswith(f"{SKILLS[skill].notebook}_")
    )
    page.goto(f"{hub.url}/user/{user.name}/lab/tree/{exercise}/{notebook}?reset")
    expect(page.locator(CURRENT_NOTEBOOK)).to_be_visible(timeout=SPAWN_TIMEOUT_MS)
    wait_for_kernel(page)
    run_all_cells(page)
    outlet = load_exercise(exercise).case_dir
    article = load_case(outlet).article(article_id)
    area = (
        page.locator(CURRENT_NOTEBOOK)
        .locator(".jp-OutputArea")
        .filter(has_text=f"Read like a fact-checker: {article.outlet}")
    )
    expect(area).to_have_count(1)
    # The key's answer (from the case, as the practice case's browser test does): every line
    # around the article, the date, the translation.
    for line in page_lines(article):
        if line.belongs == "page":
            area.get_by_role("checkbox", name=re.compile(rf"^Line {line.number}: ")).check()
    date_labels = {value: label for label, value in default_guide().date_options()}
    area.get_by_label(date_labels[date_choice(article)], exact=True).check()
    area.get_by_label(TRANSLATION_LABELS[article.translation_of is not None], exact=True).check()
    area.get_by_role("button", name="Save").click()
    expect(area).to_contain_text("Your answer is saved")

    hand_in = (
        page.locator(CURRENT_NOTEBOOK)
        .locator(".jp-OutputArea")
        .filter(has=page.get_by_role("button", name="Hand in"))
    )
    # On the hub the name is the sign-in name, already in the box.
    expect(hand_in.get_by_label("Your name")).to_have_value(user.name)
    hand_in.get_by_role("button", name="Hand in").click()
    expect(hand_in.get_by_role("status").first).to_contain_text("Handed in 1 answer")


def test_two_students_and_a_teacher_from_release_to_gradebook(hub: Hub, hub_page: Any) -> None:
    teacher, alice, bob = hub.users["teacher"], hub.users["student-a"], hub.users["student-b"]
    env = hub_env(hub)

    # The teacher's commands before class, exactly as docs/hub.md gives them.
    (before,) = guide_blocks("bash", "teacher, before class")
    for line in command_lines(before):
        done = run_as(teacher, line, env)
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
    (exercise,) = re.findall(r"lessons release (\S+)", before)
    released = hub.exchange / "released" / exercise
    release = json.loads((released / ".lessons" / "release.json").read_text())
    task_ids = [task["id"] for task in release["tasks"]]
    inbox = hub.exchange / "inbox"
    # The inbox: sticky, setgid to the teacher's group, writable and not listable by others.
    assert stat.S_IMODE(inbox.stat().st_mode) == 0o3733
    assert inbox.stat().st_gid == pwd.getpwnam(teacher.name).pw_gid

    # Each student signs in (a fresh server: the spawn hook fetches the quiz), answers a task
    # and hands in through the widget.
    for student, task_id in ((alice, task_ids[0]), (bob, task_ids[-1])):
        hub.stop_server(student.name)
        page = hub_page(student.role)
        sign_in(page, hub, student)
        fetched = run_as(student, f"stat -c %U {exercise}/.lessons/release.json")
        assert fetched.stdout.strip() == student.name, fetched.stderr
        answer_and_hand_in(page, hub, student, exercise, task_id)
    handed_in = sorted(inbox.iterdir())
    assert sorted(path.stat().st_uid for path in handed_in) == sorted([alice.uid, bob.uid])
    alices = next(path for path in handed_in if path.stat().st_uid == alice.uid)

    # Bob can neither look into Alice's home (her answers, her submissions/), nor list the
    # inbox, nor find Alice's file there, nor read it even by its exact name, nor delete or
    # replace it.
    peek = run_as(bob, f"ls {alice.home}/{exercise}", env)
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    listing = run_as(bob, f"ls {inbox}", env)
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    guess = run_as(bob, f"cat {inbox}/{alice.name}+*", env)
    assert guess.returncode != 0 and alice.name not in guess.stdout
    read = run_as(bob, f"cat '{alices}'", env)
    assert read.returncode != 0 and "Permission denied" in read.stderr
    assert stat.S_IMODE(alices.stat().st_mode) == 0o640
    remove = run_as(bob, f"rm -f '{alices}'", env)
    assert remove.returncode != 0 and alices.exists()
    replace = run_as(bob, f"echo '{{}}' > '{alices}'", env)
    assert replace.returncode != 0
    assert json.loads(alices.read_text())["student"] == alice.name

    # On the hub Bob cannot take Alice's name...
    rename = run_as(
        bob,
        'python -c "from lessons.student import progress; progress.set_student_name('
        f"'{alice.name}')\"",
        {**env, "JUPYTERHUB_USER": bob.name},
    )
    assert rename.returncode != 0
    assert f"your name is your sign-in name, {bob.name}" in rename.stderr
    # ...and a hand-in he forges in Alice's name (his answers saved under her name and
    # handed in by the lessons' own code, run in his terminal with her sign-in name: a valid
    # file in the inbox) is refused by the grader.
    forge = run_as(
        bob,
        "python - <<'EOF'\n"
        "import os\n"
        "from lessons.student import progress\n"
        "from lessons.student.handin import write_submission\n"
        "from lessons.widgets._base import current_case\n"
        "mine = progress.read_answers()\n"
        f"os.environ['JUPYTERHUB_USER'] = '{alice.name}'\n"
        "for task_id, answer in mine.items():\n"
        "    progress.save_answer(task_id, answer)\n"
        "print(write_submission('reading', case=current_case()).inbox_path)\n"
        "EOF",
        {**env, "JUPYTERHUB_USER": bob.name},
        cwd=bob.home / exercise,
    )
    assert forge.returncode == 0 and "inbox" in forge.stdout, forge.stderr

    # The teacher's commands after class, as docs/hub.md gives them.
    # While the quiz is open, the key is refused to a student everywhere (her practice
    # lessons beside the quiz cannot give its answers); once the teacher closes it, it is not.
    key = run_as(alice, "lessons key", {**env, "JUPYTERHUB_USER": alice.name})
    assert key.returncode != 0 and "Traceback" not in key.stderr, key.stdout
    (after,) = guide_blocks("bash", "teacher, after class")
    for line in command_lines(after):
        done = run_as(teacher, line, env)
        # grade exits 1 when it skipped a file (the forged one), 0 when all were graded
        assert done.returncode in (0, 1), f"{line}\n{done.stdout}{done.stderr}"
        if line.startswith("lessons exchange close"):
            key = run_as(alice, "lessons key", {**env, "JUPYTERHUB_USER": alice.name})
            assert key.returncode == 0, key.stderr
    (results,) = re.findall(r"--out (\S+)\s*$", command_lines(after)[-1])
    out = teacher.home / results
    with (out / "gradebook.csv").open(newline="") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert sorted(rows) == sorted([alice.name, bob.name])
    for row in rows.values():
        assert [column for column in row if "/" in column] == task_ids
    # Each has full points for the task answered with the key's answer, none for the rest;
    # the file forged in Alice's name gave her nothing.
    for name, answered in ((alice.name, task_ids[0]), (bob.name, task_ids[-1])):
        scores = {task_id: float(rows[name][task_id]) for task_id in task_ids}
        assert scores[answered] > 0, rows[name]
        assert all(score == 0 for task_id, score in scores.items() if task_id != answered)
    skipped = (out / "skipped.csv").read_text()
    assert f"handed in by signed-in user {bob.name} but names {alice.name}: not graded" in skipped
