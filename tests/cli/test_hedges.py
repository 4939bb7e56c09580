"""``lessons hedges``: hits as lines or JSON, look-alikes on request, clear errors, no tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.cli import main
from lessons.resources import seed_case_dir
from lessons.text import word_count

ZEROHEDGE = seed_case_dir() / "002_1f13923d1b2108fb.txt"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.txt"
    path.write_text("The talks began in May.\nThe mayor allegedly took money, police said.\n")
    return path


def test_lines_name_file_line_column_category_and_sentence(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hedges", str(sample)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        f"{sample}:2:11: distancing: “allegedly” in: The mayor allegedly took money, police said."
        in lines
    )
    assert any(
        line.startswith(f"{sample}:2:") and "attribution-neutral: “said”" in line for line in lines
    )
    assert not any("“May”" in line for line in lines)  # the month is not a hedge
    words = word_count(sample.read_text())
    assert lines[-1] == f"{sample}: 2 found in {words} words ({200 / words:.1f} per 100 words)"


def test_json_lists_objects_whose_offsets_point_into_the_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["hedges", "--json", str(ZEROHEDGE)]) == 0
    records = json.loads(capsys.readouterr().out)
    text = ZEROHEDGE.read_text(encoding="utf-8")
    assert records
    for record in records:
        assert {"file", "start", "end", "text", "category"} <= record.keys()
        assert record["file"] == str(ZEROHEDGE)
        assert text[record["start"] : record["end"]] == record["text"]
    found = {(record["text"], record["category"]) for record in records}
    assert ("reportedly", "distancing") in found and ("Report", "vague-sourcing") in found


def test_lookalikes_are_listed_with_their_reason_on_request(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hedges", "--json", "--lookalikes", str(sample)]) == 0
    records = json.loads(capsys.readouterr().out)
    month = next(r for r in records if r["text"] == "May")
    assert (
        month["kind"] == "lookalike" and month["rule"] == "may-month" and month["category"] is None
    )
    assert "month" in month["explanation"]
    assert main(["hedges", "--lookalikes", str(sample)]) == 0
    assert "not a hedge (may-month): “May”" in capsys.readouterr().out


def test_several_files_in_one_json_list(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hedges", "--json", str(sample), str(ZEROHEDGE)]) == 0
    files = {record["file"] for record in json.loads(capsys.readouterr().out)}
    assert files == {str(sample), str(ZEROHEDGE)}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
        ("café may".encode("latin-1"), "is not UTF-8 text (byte 3"),
    ],
)
def test_unreadable_files_get_a_sentence_and_the_rest_still_run(
    tmp_path: Path, sample: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.dat"
    bad.write_bytes(content)
    assert main(["hedges", str(bad), str(sample)]) == 2
    captured = capsys.readouterr()
    assert f"lessons hedges: {bad}: {message}" in captured.err
    assert "Traceback" not in captured.err
    assert "allegedly" in captured.out


def test_missing_file_and_folder_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hedges", str(tmp_path / "nope.txt"), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nope.txt: no such file" in err
    assert "is a folder" in err


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"It may rain.")))
    assert main(["hedges", "-"]) == 0
    assert "-:1:4: epistemic-modal: “may”" in capsys.readouterr().out


def test_a_broken_lexicon_is_reported_field_by_field(
    tmp_path: Path, sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lexicon = tmp_path / "mine.toml"
    lexicon.write_text("format = 2\n[word_classes]\n", encoding="utf-8")
    assert main(["hedges", "--lexicon", str(lexicon), str(sample)]) == 2
    err = capsys.readouterr().err
    assert "mine.toml: format:" in err and "mine.toml: categories: is missing" in err


def test_the_installed_command_runs(sample: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from lessons.cli import main; sys.exit(main())",
            "hedges",
            "--json",
            str(sample),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [r["text"] for r in json.loads(result.stdout)] == ["allegedly", "said"]
