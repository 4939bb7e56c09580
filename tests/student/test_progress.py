"""Saving and restoring answers: atomic under a killed process, safe between kernels,
corrupt files put aside with one sentence."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lessons.student import progress


def _child_env(workspace: Path) -> dict[str, str]:
    env = dict(os.environ, LESSONS_WORKSPACE=str(workspace))
    env.pop("JUPYTERHUB_USER", None)
    return env


def test_an_answer_survives_a_new_process(workspace: Path) -> None:
    progress.set_student_name("Ann Smith")
    progress.save_answer("sources/kyiv-post", {"immediate": "business-insider", "named": ["a"]})
    code = "from lessons.student import progress; print(progress.load_answer('sources/kyiv-post'))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=_child_env(workspace),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "business-insider" in out
    saved = json.loads(progress.progress_path().read_text(encoding="utf-8"))
    assert saved["format"] == progress.PROGRESS_FORMAT
    assert saved["student"] == "Ann Smith"


SAVER = textwrap.dedent(
    """
    import sys
    from lessons.student import progress
    n = int(sys.argv[1])
    while True:
        n += 1
        # a big answer makes each write take long enough to be interrupted mid-way
        progress.save_answer("hedges/tyler-durden", {"n": n, "spans": [[i, i + 5, "booster"] for i in range(400)]})
        progress.save_answer(f"reliability/n{n % 7}", {"n": n})
        print(n, flush=True)
    """
)


def test_a_save_killed_at_any_moment_leaves_a_whole_file(workspace: Path) -> None:
    """Kill a saving process (SIGKILL, no clean-up) many times; every file must load."""
    progress.set_student_name("Kim")
    path = progress.progress_path()
    rng = random.Random(4)
    last = 0
    for _round in range(40):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(last)],
            env=_child_env(workspace),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        for _ in range(rng.randint(1, 6)):  # let it finish a few saves...
            assert child.stdout.readline(), "the saving process died on its own"
        time.sleep(rng.uniform(0, 0.006))  # ...then kill it at a random moment of the next ones
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        data = json.loads(path.read_text(encoding="utf-8"))  # never a broken file
        assert data["format"] == progress.PROGRESS_FORMAT
        n = data["answers"]["hedges/tyler-durden"]["n"]
        assert n > last, "the previous or the new state, never an older one"
        assert len(data["answers"]["hedges/tyler-durden"]["spans"]) == 400
        last = n
        result = progress.load_answers()
        assert result.notice is None
        assert result.answers["hedges/tyler-durden"]["n"] == n
    assert not list(path.parent.glob("*.unreadable-*"))
    # Temporary files a kill left behind are cleared by the next save.
    progress.save_answer("start/confidence", {"percent": 10})
    assert not list(path.parent.glob("*.tmp"))


WRITER = textwrap.dedent(
    """
    import sys
    from lessons.student import progress
    for i in range(int(sys.argv[2])):
        progress.save_answer(f"sources/{sys.argv[1]}-{i}", {"i": i})
    """
)


def test_two_kernels_saving_at_once_lose_nothing(workspace: Path) -> None:
    progress.set_student_name("Kim")
    count = 60
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name, str(count)], env=_child_env(workspace)
        )
        for name in ("first", "second")
    ]
    for child in children:
        assert child.wait(timeout=120) == 0
    answers = progress.load_answers().answers
    for name in ("first", "second"):
        assert {answers[f"sources/{name}-{i}"]["i"] for i in range(count)} == set(range(count))


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"format": 1, "answers": {"sources/kyiv-post": {"a"',  # cut off half-way
        b"\xff\xfe\x00garbage",
        b'{"format": 1, "answers": {"sources/kyiv-post": "not an object"}}',
        b'["a list"]',
        b"[" * 5000 + b"]" * 5000,
    ],
    ids=["not-json", "truncated", "binary", "wrong-type", "list", "deep"],
)
def test_a_corrupt_file_is_kept_aside_and_work_continues(workspace: Path, content: bytes) -> None:
    progress.set_student_name("Ann")
    path = progress.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)

    result = progress.load_answers()

    assert result.answers == {}
    assert result.notice is not None
    assert "kept aside" in result.notice and "carry on" in result.notice
    kept = list(path.parent.glob("ann.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == content  # renamed, not deleted
    assert kept[0].name in result.notice
    # The student is told once; saving works again at once.
    assert progress.load_answers().notice is None
    progress.save_answer("sources/kyiv-post", {"immediate": "regnum"})
    assert progress.load_answer("sources/kyiv-post") == {"immediate": "regnum"}


def test_the_notice_waits_for_the_widget_that_shows_it(workspace: Path) -> None:
    """A plain load (e.g. the confidence slider) must not swallow the one-sentence notice."""
    progress.set_student_name("Ann")
    path = progress.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{oops", encoding="utf-8")
    assert progress.load_answer("start/confidence") is None
    assert progress.load_answers().notice is not None


def test_a_file_from_a_newer_version_says_so(workspace: Path) -> None:
    progress.set_student_name("Ann")
    path = progress.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": 99, "answers": {}}), encoding="utf-8")
    notice = progress.load_answers().notice
    assert notice is not None and "newer version" in notice


def test_the_hub_user_name_is_the_default(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "ann.smith")
    assert progress.student_name() == "ann.smith"
    assert progress.progress_path().name == "ann-smith.json"
    progress.set_student_name("Ann Smith")  # the same student (slug), spelt out
    assert progress.student_name() == "Ann Smith"


def test_on_a_hub_another_name_is_refused_in_one_sentence(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    with pytest.raises(ValueError) as refused:
        progress.set_student_name("alice")
    assert str(refused.value) == "On this hub your name is your sign-in name, bob."
    assert progress.student_name() == "bob"


def test_on_a_hub_an_edited_student_file_does_not_change_the_name(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress.set_student_name("alice")
    progress.save_answer("sources/x", {"cites": []})
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    assert progress.student_name() == "bob"
    assert progress.progress_path().name == "bob.json"
    # answers saved under the name used before this hub come along to the sign-in name
    assert progress.load_answer("sources/x") == {"cites": []}


def test_naming_yourself_keeps_the_answers_given_before(workspace: Path) -> None:
    progress.save_answer("start/confidence", {"percent": 70})
    assert progress.progress_path().name == "unnamed.json"
    progress.set_student_name("  Zoë   O'Brien ")
    assert progress.student_name() == "Zoë O'Brien"
    assert progress.progress_path().name == "zoë-o-brien--6893b0f99995.json"
    assert progress.load_answer("start/confidence") == {"percent": 70}


def test_answers_saved_under_the_slug_an_earlier_version_gave_still_load(
    workspace: Path,
) -> None:
    """Before names of every script, "Zoë O'Brien" was saved as zoe-o-brien.json."""
    progress.set_student_name("Zoë O'Brien")
    old = progress.progress_path().with_name("zoe-o-brien.json")
    answers = {"start/confidence": {"percent": 70}}
    old.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": progress.PROGRESS_FORMAT, "answers": answers}
    old.write_text(json.dumps(data), encoding="utf-8")
    assert progress.load_answer("start/confidence") == {"percent": 70}
    progress.save_answer("sources/kyiv-post", {"immediate": "regnum"})
    assert progress.progress_path() == old  # still one file of answers
    assert set(progress.read_answers()) == {"start/confidence", "sources/kyiv-post"}


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("", "Type your name"),
        ("   ", "Type your name"),
        (42, "Type your name"),
        ("x" * 81, "too long"),
        ("../../etc", "letters, digits"),
        ("a/b", "letters, digits"),
        ("!!!", "at least one letter"),
    ],
)
def test_unusable_names_get_one_sentence(workspace: Path, name: object, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        progress.set_student_name(name)
    assert progress.student_name() is None


def test_an_answer_that_is_not_plain_data_is_refused(workspace: Path) -> None:
    with pytest.raises(ValueError):
        progress.save_answer("start/confidence", {"percent": float("nan")})
    with pytest.raises(TypeError):
        progress.save_answer("start/confidence", {"percent": object()})
    assert progress.load_answer("start/confidence") is None


def test_a_save_from_an_older_view_never_overwrites_a_newer_answer(workspace: Path) -> None:
    progress.set_student_name("Kim")
    shown = progress.load_answers().revision("sources/kyiv-post")  # both tabs load: nothing yet
    assert shown == 0
    first = progress.save_answer_if_current("sources/kyiv-post", {"immediate": "regnum"}, shown)
    assert first.saved and first.revision == 1

    stale = progress.save_answer_if_current("sources/kyiv-post", {"immediate": "tass"}, shown)

    assert not stale.saved
    assert stale.answer == {"immediate": "regnum"} and stale.revision == 1
    assert progress.load_answer("sources/kyiv-post") == {"immediate": "regnum"}
    again = progress.save_answer_if_current("sources/kyiv-post", {"immediate": "tass"}, 1)
    assert again.saved and again.revision == 2
    assert progress.load_answers().revision("sources/kyiv-post") == 2
    # A plain save (a widget that keeps no revision) is a newer answer too.
    progress.save_answer("sources/kyiv-post", {"immediate": "ria"})
    assert not progress.save_answer_if_current("sources/kyiv-post", {"immediate": "x"}, 2).saved


def test_a_file_saved_before_revisions_were_kept_loads_and_saves(workspace: Path) -> None:
    progress.set_student_name("Ann")
    path = progress.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    answers = {"start/confidence": {"percent": 70}}
    path.write_text(json.dumps({"format": 1, "answers": answers}), encoding="utf-8")
    result = progress.load_answers()
    assert result.answers == answers and result.revision("start/confidence") == 0
    assert progress.save_answer_if_current("start/confidence", {"percent": 80}, 0).saved
    assert json.loads(path.read_text(encoding="utf-8"))["revisions"] == {"start/confidence": 1}


RENAMER = textwrap.dedent(
    """
    import os, signal, sys
    from lessons.student import progress
    kill_at, calls, replace = int(sys.argv[1]), 0, os.replace

    def replace_or_die(*args, **kwargs):
        # Killed (SIGKILL, no clean-up) just before the kill_at-th file lands on disk.
        global calls
        calls += 1
        if calls == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return replace(*args, **kwargs)

    os.replace = replace_or_die
    progress.set_student_name(sys.argv[2])
    print("finished", flush=True)
    """
)


@pytest.mark.parametrize("before", [None, "Zoe"], ids=["unnamed", "named"])
def test_a_name_change_killed_at_any_moment_keeps_every_answer_under_one_name(
    workspace: Path, before: str | None
) -> None:
    """Kill the name change before each file it writes lands, and after the last: every
    earlier answer loads, under the old name or the new one, never split between them."""
    if before:
        progress.set_student_name(before)
    earlier = {f"sources/article-{i}": {"i": i} for i in range(30)}
    for task_id, answer in earlier.items():
        progress.save_answer(task_id, answer)
    new_name = "Zoë O'Brien"
    progress.save_answer("start/confidence", {"percent": 40})
    template = workspace.parent / f"template-{before}"
    shutil.copytree(workspace / ".lessons", template)

    kill_at = 1
    while True:
        shutil.rmtree(workspace / ".lessons")
        shutil.copytree(template, workspace / ".lessons")
        child = subprocess.run(
            [sys.executable, "-c", RENAMER, str(kill_at), new_name],
            env=_child_env(workspace),
            capture_output=True,
            text=True,
            timeout=120,
        )
        finished = child.returncode == 0
        assert finished or child.returncode == -signal.SIGKILL, child.stderr

        result = progress.load_answers()  # what the student's next widget loads

        assert progress.student_name() in {before, new_name}
        assert result.notice is None
        for task_id, answer in earlier.items():
            assert result.answers.get(task_id) == answer, (kill_at, task_id)
        assert result.answers["start/confidence"] == {"percent": 40}
        if finished:
            assert progress.student_name() == new_name
            break
        kill_at += 1
    assert kill_at >= 3, "the name change wrote fewer files than expected: nothing was tested"
    # After the last run, the answers live under the new name and the old file is handled.
    assert progress.progress_path().name == "zoë-o-brien--6893b0f99995.json"
    state = json.loads((workspace / ".lessons" / "student.json").read_text(encoding="utf-8"))
    assert state == {"student": new_name}


def _old_progress_file(answers: dict[str, object], revisions: dict[str, int]) -> Path:
    """A progress file as the lessons wrote it before the seed's articles were renamed."""
    path = progress.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "format": progress.PROGRESS_FORMAT,
                "student": "Ann",
                "answers": answers,
                "revisions": revisions,
            }
        ),
        encoding="utf-8",
    )
    return path


def test_answers_saved_under_a_former_article_id_load_and_save_under_the_current_one(
    workspace: Path,
) -> None:
    from lessons.skills import load_seed_case

    case = load_seed_case()
    old = {"spans": [[0, 5, "booster"]]}
    path = _old_progress_file(
        {"hedges/zerohedge": old, "reliability/il-messaggero": {"levels": {}}},
        {"hedges/zerohedge": 3, "reliability/il-messaggero": 1},
    )
    loaded = progress.load_answers(case=case)
    assert loaded.answers == {
        "hedges/tyler-durden": old,
        "reliability/spark-chronicles": {"levels": {}},
    }
    assert loaded.revision("hedges/tyler-durden") == 3
    assert progress.load_answer("hedges/tyler-durden", case=case) == old
    assert "hedges/tyler-durden" in progress.read_answers(case=case)
    # Without the case the file reads as it is.
    assert "hedges/zerohedge" in progress.load_answers().answers
    # A widget showing revision 3 saves without a false "changed in another tab", and the
    # file then holds the current id only.
    saved = progress.save_answer_if_current("hedges/tyler-durden", {"spans": []}, 3, case=case)
    assert saved.saved and saved.revision == 4
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["answers"]) == {"hedges/tyler-durden", "reliability/spark-chronicles"}
    assert data["revisions"]["hedges/tyler-durden"] == 4


def test_an_answer_under_the_current_id_wins_over_one_under_a_former_id(workspace: Path) -> None:
    from lessons.skills import load_seed_case

    _old_progress_file(
        {"hedges/zerohedge": {"spans": []}, "hedges/tyler-durden": {"spans": [[0, 5, "booster"]]}},
        {"hedges/zerohedge": 7, "hedges/tyler-durden": 2},
    )
    loaded = progress.load_answers(case=load_seed_case())
    assert loaded.answers == {"hedges/tyler-durden": {"spans": [[0, 5, "booster"]]}}
    assert loaded.revision("hedges/tyler-durden") == 2
