"""The lessons on a real JupyterHub, as docs/hub.md sets it up: a student signs in through
Chromium and finds the lessons in her own JupyterLab; the teacher's hub role sees the class
and a student's does not."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.hub.conftest import SPAWN_TIMEOUT_MS, sign_in
from tests.hub.harness import Hub, run_as

pytestmark = [pytest.mark.hub, pytest.mark.browser]


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
    # The guide's overrides.json: no news prompt.
    expect(page.get_by_text("official Jupyter news")).to_have_count(0)


def _user_token(hub: Hub, name: str) -> str:
    return str(hub.api("POST", f"/users/{name}/tokens", {"note": "hub test"})["token"])


def _get(hub: Hub, path: str, token: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{hub.url}/hub/api{path}", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            import json

            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None


def test_the_teacher_role_sees_the_class_and_a_student_does_not(hub: Hub) -> None:
    teacher, student = hub.users["teacher"], hub.users["student-a"]
    status, users = _get(hub, "/users", _user_token(hub, teacher.name))
    assert status == 200
    names = {user["name"] for user in users}
    assert {hub.users["student-a"].name, hub.users["student-b"].name} <= names

    status, users = _get(hub, "/users", _user_token(hub, student.name))
    # A student's token lists only the student (or is refused): never the class.
    seen = {user["name"] for user in users or []}
    assert hub.users["student-b"].name not in seen
