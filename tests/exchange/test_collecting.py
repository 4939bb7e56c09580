"""Hand-in into the inbox, collect by owner, and the grader's owner check (names of any
script follow the slug rules: the same student spelt differently passes, another is refused)."""

from __future__ import annotations

import csv
import json
import os
import pwd
import stat
from pathlib import Path

import pytest

from lessons.exchange.collecting import OWNERS_HEADER, collect
from lessons.exchange.layout import ExchangeError, create_exchange
from lessons.grading.owners import check_owners, mismatch, read_owners
from lessons.grading.results import Skipped
from lessons.skills import load_seed_case
from lessons.student import progress
from lessons.student.handin import HandInError, inbox_name, write_submission
from lessons.student.names import student_slug
from lessons.student.submission import build_submission, read_submission


@pytest.fixture
def exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exchange"
    create_exchange(folder)
    monkeypatch.setenv("LESSONS_EXCHANGE", str(folder))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(progress, "_pending_notice", None)
    return folder


def some_task() -> str:
    case = load_seed_case(with_keys=False)
    return f"sources/{case.articles[0].id}"


def hand_in(workspace: Path, name: str) -> Path:
    workspace.mkdir(parents=True, exist_ok=True)
    progress.set_student_name(name, workspace)
    progress.save_answer(some_task(), {"sources": []}, workspace)
    result = write_submission(case=load_seed_case(with_keys=False), workspace=workspace)
    assert result.inbox_path is not None
    return result.inbox_path


def test_a_hand_in_goes_to_the_workspace_and_the_inbox(exchange: Path, tmp_path: Path) -> None:
    path = hand_in(tmp_path / "ws", "Zoë O'Brien")
    assert path.parent == exchange / "inbox"
    slug, exercise, moment, secret = path.stem.split("+")
    assert (slug, exercise, len(secret)) == (student_slug("Zoë O'Brien"), "practice", 32)
    assert moment.endswith("Z") and int(secret, 16) >= 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the inbox is setgid: the group reads
    assert read_submission(path).student == "Zoë O'Brien"
    assert not [p for p in (exchange / "inbox").iterdir() if p.name.startswith(".")]
    local = list((tmp_path / "ws" / "submissions").iterdir())
    assert len(local) == 1 and local[0].read_bytes() == path.read_bytes()


def test_two_hand_ins_in_the_same_instant_get_different_names() -> None:
    data = {"student": "Ann", "exercise": "quiz-sources"}
    assert inbox_name(data) != inbox_name(data)


def test_a_missing_inbox_keeps_the_local_copy_and_says_so(exchange: Path, tmp_path: Path) -> None:
    (exchange / "inbox").rmdir()
    with pytest.raises(HandInError) as refused:
        hand_in(tmp_path / "ws", "Ann")
    message = str(refused.value)
    assert message.startswith("Your answers are saved in submissions/ann-unit-")
    assert "could not be handed in to the class" in message and "\n" not in message
    assert len(list((tmp_path / "ws" / "submissions").iterdir())) == 1


def test_collect_copies_by_owner_once_and_lists_the_owners(exchange: Path, tmp_path: Path) -> None:
    first = hand_in(tmp_path / "a", "Ann")
    os.symlink("/etc/hostname", exchange / "inbox" / "a-link.json")
    out = tmp_path / "collected"
    result = collect(exchange, out)
    me = pwd.getpwuid(os.geteuid()).pw_name
    assert result.copied == (f"{me}/{first.name}",)
    assert result.skipped == (("a-link.json", "is a link: left out."),)
    assert (out / me / first.name).read_bytes() == first.read_bytes()
    with open(out / "owners.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == OWNERS_HEADER
    assert rows[1][:4] == [f"{me}/{first.name}", me, str(os.geteuid()), str(first.stat().st_size)]
    assert rows[1][5].endswith("Z") and rows[1][5] >= rows[1][4][:19]
    second = hand_in(tmp_path / "a", "Ann")
    again = collect(exchange, out)
    assert again.copied == (f"{me}/{second.name}",) and again.already == (f"{me}/{first.name}",)
    assert read_owners(out) == {f"{me}/{first.name}": me, f"{me}/{second.name}": me}
    # a hand-in rewritten in the inbox (same size, old times) is collected again
    first.write_bytes(first.read_bytes().replace(b'"Ann"', b'"Ana"'))
    os.utime(first, (0, 0))
    assert collect(exchange, out).copied == (f"{me}/{first.name}",)
    assert b'"Ana"' in (out / me / first.name).read_bytes()


def test_collect_without_an_inbox_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(
        ExchangeError, match="give the exchange folder 'lessons exchange create' made"
    ):
        collect(tmp_path, tmp_path / "out")


@pytest.mark.parametrize(
    ("owner", "student", "same"),
    [
        ("bob", "bob", True),
        ("bob", "Bob", True),
        ("ann.smith", "Ann Smith", True),
        ("bob", "alice", False),
        ("ivan", "Иван", False),  # another script is another name
        ("jose", "José", False),
    ],
)
def test_the_owner_check_follows_the_slug_rules(owner: str, student: str, same: bool) -> None:
    reason = mismatch(owner, student)
    if same:
        assert reason is None
    else:
        assert reason == f"handed in by signed-in user {owner} but names {student}: not graded."


def test_a_file_naming_someone_else_is_skipped_and_owners_csv_is_no_hand_in(
    tmp_path: Path,
) -> None:
    case = load_seed_case(with_keys=False)
    folder = tmp_path / "collected"
    (folder / "bob").mkdir(parents=True)
    for name, student in (("own.json", "bob"), ("forged.json", "alice")):
        data = build_submission(
            student=student, answers={some_task(): {"sources": []}}, case=case, skill=None
        )
        (folder / "bob" / name).write_text(json.dumps(data), encoding="utf-8")
    (folder / "owners.csv").write_text(
        "file,owner,uid,bytes,modified\nbob/own.json,bob,1,1,x\nbob/forged.json,bob,1,1,x\n",
        encoding="utf-8",
    )
    items = [
        read_submission(folder / "bob" / "forged.json", source="bob/forged.json"),
        read_submission(folder / "bob" / "own.json", source="bob/own.json"),
        Skipped("owners.csv", "is not JSON."),
    ]
    checked = list(check_owners(folder, items))
    assert checked[0] == Skipped(
        "bob/forged.json", "handed in by signed-in user bob but names alice: not graded."
    )
    assert not isinstance(checked[1], Skipped) and checked[1].student == "bob"
    assert len(checked) == 2  # owners.csv is the list, not a hand-in
    # a folder collect did not write is not checked at all
    (folder / "owners.csv").unlink()
    assert list(check_owners(folder, items)) == items


def test_hand_ins_for_another_exercise_are_left_out_with_the_reason(tmp_path: Path) -> None:
    """The inbox is shared by every exercise: a practice hand-in after the quiz must not
    replace the quiz's answers (the newest answer to each task counts)."""
    case = load_seed_case(with_keys=False)
    folder = tmp_path / "collected"
    (folder / "bob").mkdir(parents=True)
    (folder / "owners.csv").write_text("file,owner,uid,bytes,modified\n", encoding="utf-8")
    items = []
    for name, exercise in (
        ("quiz.json", "quiz-sources"),
        ("unit.json", "full-unit"),
        ("p.json", None),
    ):
        data = build_submission(
            student="bob",
            answers={some_task(): {"sources": []}},
            case=case,
            skill=None,
            exercise=exercise,
        )
        (folder / "bob" / name).write_text(json.dumps(data), encoding="utf-8")
        items.append(read_submission(folder / "bob" / name, source=f"bob/{name}"))
    left_out: list[Skipped] = []
    kept = list(check_owners(folder, items, "quiz-sources", left_out))
    assert [item.source for item in kept if not isinstance(item, Skipped)] == ["bob/quiz.json"]
    assert left_out == [
        Skipped(
            "bob/unit.json", "was handed in for 'full-unit', not for 'quiz-sources': left out."
        ),
        Skipped(
            "bob/p.json", "was handed in from a practice folder, not for 'quiz-sources': left out."
        ),
    ]
