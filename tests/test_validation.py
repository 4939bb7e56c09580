"""Validation of teachers' files: every problem at once, each naming the file, the field and
what is allowed; missing and broken files; the shared id pattern."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from lessons.validation import (
    ID,
    DataFileError,
    Field,
    Problem,
    Problems,
    load_data_file,
    read_toml,
)

FILE = "case.toml"
WHERE = "articles[2]"
FIELDS = {
    "id": Field(str),
    "points": Field(int),
    "weight": Field(float, required=False),
    "confidence": Field(str, choices=("high", "medium", "low")),
    "published": Field(dt.date, required=False),
    "tags": Field(list, required=False),
}
GOOD = {"id": "kyiv-post", "points": 3, "confidence": "low"}


def checked(table: object, fields: dict[str, Field] = FIELDS) -> tuple[dict[str, Any], Problems]:
    problems = Problems()
    return problems.check_table(FILE, WHERE, table, fields), problems


def by_field(problems: Problems) -> dict[str, str]:
    assert all(problem.file == FILE for problem in problems.items)
    return {problem.field: problem.message for problem in problems.items}


def write(tmp_path: Path, content: str | bytes, name: str = "rubric.toml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_valid_table_comes_back_whole_with_no_problems() -> None:
    table = {**GOOD, "weight": 0.5, "published": dt.date(2022, 8, 7), "tags": ["x"]}
    valid, problems = checked(table)
    assert valid == table
    assert not problems and len(problems) == 0


def test_a_broken_table_reports_every_problem_at_once_naming_file_and_field() -> None:
    valid, problems = checked({"colour": "red", "points": "three", "confidence": "maybe"})
    messages = by_field(problems)
    assert set(messages) == {
        "articles[2].colour",
        "articles[2].points",
        "articles[2].confidence",
        "articles[2].id",
    }
    assert "unknown field" in messages["articles[2].colour"]
    assert "missing" in messages["articles[2].id"]
    assert "'three'" in messages["articles[2].points"]
    assert "'maybe'" in messages["articles[2].confidence"]
    assert valid == {}


def test_only_the_valid_fields_of_a_broken_table_are_returned() -> None:
    valid, problems = checked({**GOOD, "points": 2.5, "colour": "red"})
    assert valid == {"id": "kyiv-post", "confidence": "low"}
    assert set(by_field(problems)) == {"articles[2].points", "articles[2].colour"}


def test_an_unknown_field_lists_every_allowed_field() -> None:
    _, problems = checked({**GOOD, "outelt": "Kyiv Post"})
    message = by_field(problems)["articles[2].outelt"]
    for name in FIELDS:
        assert name in message


def test_a_table_that_allows_no_fields_says_so() -> None:
    _, problems = checked({"extra": 1}, {})
    assert "none" in by_field(problems)["articles[2].extra"]


def test_a_missing_required_field_says_what_it_must_be_and_optional_ones_may_be_left_out() -> None:
    _, problems = checked({"id": "kyiv-post", "confidence": "low"})
    assert list(by_field(problems)) == ["articles[2].points"]
    assert "whole number" in by_field(problems)["articles[2].points"]


@pytest.mark.parametrize(
    ("field", "value", "described"),
    [
        (Field(int), "3", "a whole number"),
        (Field(int), 2.5, "a whole number"),
        (Field(int), True, "a whole number"),
        (Field(float), "0.5", "a number"),
        (Field(float), False, "a number"),
        (Field(str), 7, "text"),
        (Field(bool), "yes", "true or false"),
        (Field(list), "a, b", "a list"),
        (Field(dict), [1], "a table"),
        (Field(dt.date), "2022-08-07", "YYYY-MM-DD"),
        (Field(dt.date), dt.datetime(2022, 8, 7, 12, 0), "YYYY-MM-DD"),
        (Field((str, list)), 3, "text or a list"),
    ],
)
def test_a_value_of_the_wrong_type_says_what_it_must_be_and_shows_the_value(
    field: Field, value: object, described: str
) -> None:
    valid, problems = checked({"value": value}, {"value": field})
    message = by_field(problems)["articles[2].value"]
    assert described in message and repr(value) in message
    assert valid == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (Field(float), 3),
        (Field(float), 0.25),
        (Field(int), 0),
        (Field(bool), False),
        (Field(dt.date), dt.date(2022, 8, 7)),
        (Field((str, list)), ["a"]),
    ],
)
def test_a_value_of_the_right_type_is_accepted(field: Field, value: object) -> None:
    valid, problems = checked({"value": value}, {"value": field})
    assert valid == {"value": value} and not problems


def test_a_value_outside_the_choices_names_every_choice() -> None:
    _, problems = checked({**GOOD, "confidence": "certain"})
    message = by_field(problems)["articles[2].confidence"]
    assert "'certain'" in message
    for choice in ("'high'", "'medium'", "'low'"):
        assert choice in message


@pytest.mark.parametrize("table", ["kyiv-post", ["kyiv-post"], 3, None])
def test_something_that_is_not_a_table_is_one_problem_at_its_place(table: object) -> None:
    valid, problems = checked(table)
    assert valid == {}
    assert len(problems) == 1
    assert problems.items[0].field == WHERE
    assert repr(table) in problems.items[0].message


def test_a_top_level_field_is_named_without_a_leading_dot() -> None:
    problems = Problems()
    problems.check_table(FILE, "", {"colour": "red"}, FIELDS)
    assert "colour" in by_field(problems)
    assert "id" in by_field(problems)


def test_a_very_long_wrong_value_is_shortened_in_the_message() -> None:
    _, problems = checked({**GOOD, "points": "x" * 5000})
    message = by_field(problems)["articles[2].points"]
    assert len(message) < 200 and "..." in message


@pytest.mark.parametrize("value", ["sources", "hedges"])
def test_check_choice_returns_an_allowed_value(value: str) -> None:
    problems = Problems()
    assert problems.check_choice(FILE, "lesson", value, ["sources", "hedges"], "lesson") == value
    assert not problems


@pytest.mark.parametrize("value", ["Sources", "spread", 3, ["sources"]])
def test_check_choice_refuses_anything_else_naming_every_choice(value: object) -> None:
    problems = Problems()
    assert (
        problems.check_choice(FILE, "lesson", value, iter(["sources", "hedges"]), "lesson") is None
    )
    (problem,) = problems.items
    assert (problem.file, problem.field) == (FILE, "lesson")
    assert repr(value) in problem.message and "lesson" in problem.message
    assert "sources" in problem.message and "hedges" in problem.message


def test_check_choice_leaves_a_missing_value_to_the_caller() -> None:
    problems = Problems()
    assert problems.check_choice(FILE, "lesson", None, ["sources"], "lesson") is None
    assert not problems


def test_problems_are_raised_all_together_and_only_when_there_are_any() -> None:
    problems = Problems()
    problems.raise_if_any()  # nothing wrong: nothing raised
    problems.add(FILE, "title", "is missing")
    problems.add("sources.toml", "sources[0].id", "must be text")
    with pytest.raises(DataFileError) as error:
        problems.raise_if_any()
    assert [(p.file, p.field) for p in error.value.problems] == [
        (FILE, "title"),
        ("sources.toml", "sources[0].id"),
    ]


def test_a_data_file_error_prints_every_problem_as_file_field_message() -> None:
    error = DataFileError(
        [
            Problem(FILE, "title", "is missing; it must be text"),
            Problem(FILE, "articles[0].date", "must be a date (YYYY-MM-DD), not 'soon'"),
        ]
    )
    assert str(error).splitlines() == [
        "case.toml: title: is missing; it must be text",
        "case.toml: articles[0].date: must be a date (YYYY-MM-DD), not 'soon'",
    ]
    assert isinstance(error, ValueError)  # callers catching ValueError still catch it


def test_read_toml_reads_tables_lists_and_dates(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "Quiz"\ndate = 2022-08-07\n[[tasks]]\nid = "sources/x"\n')
    problems = Problems()
    data = read_toml(path, problems)
    assert data == {"title": "Quiz", "date": dt.date(2022, 8, 7), "tasks": [{"id": "sources/x"}]}
    assert not problems


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "not found"),
        ('title = "Quiz\nmode = "practice"\n', "not valid TOML"),
        ("[tasks\n", "not valid TOML"),
        ("title = 'Caf\xe9'\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_missing_or_broken_file_is_one_problem_naming_the_file(
    tmp_path: Path, content: str | bytes | None, says: str
) -> None:
    path = tmp_path / "rubric.toml" if content is None else write(tmp_path, content)
    problems = Problems()
    assert read_toml(path, problems) == {}
    (problem,) = problems.items
    assert problem.file == "rubric.toml"
    assert says in problem.message


def test_a_folder_or_an_unreadable_file_is_one_problem_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "case.toml").mkdir()
    problems = Problems()
    assert read_toml(tmp_path / "case.toml", problems) == {}
    assert [str(p) for p in problems.items] == ["case.toml: (file): is a folder, not a TOML file"]

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    path = write(tmp_path, 'title = "Quiz"\n')
    monkeypatch.setattr(Path, "open", refuse)
    problems = Problems()
    assert read_toml(path, problems) == {}
    (problem,) = problems.items
    assert (problem.file, problem.message) == (path.name, "cannot be read: Permission denied")


def test_a_toml_syntax_error_says_on_which_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "Quiz"\nmode = "practice"\npoints = \n')
    problems = Problems()
    read_toml(path, problems)
    assert "line 3" in problems.items[0].message


def test_load_data_file_returns_what_parse_builds_from_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "Quiz"\n')
    seen: list[tuple[dict[str, Any], str]] = []

    def parse(data: dict[str, Any], file: str, problems: Problems) -> str:
        seen.append((data, file))
        return data["title"].upper()

    assert load_data_file(str(path), parse) == "QUIZ"
    assert seen == [({"title": "Quiz"}, "rubric.toml")]


@pytest.mark.parametrize("content", [None, "title = \n"])
def test_load_data_file_on_a_missing_or_broken_file_raises_naming_it_without_parsing(
    tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "rubric.toml" if content is None else write(tmp_path, content)

    def parse(data: dict[str, Any], file: str, problems: Problems) -> str:
        raise AssertionError("parse must not see a file that could not be read")

    with pytest.raises(DataFileError) as error:
        load_data_file(path, parse)
    assert str(error.value).startswith("rubric.toml: ")
    assert len(error.value.problems) == 1


def test_load_data_file_raises_every_problem_parse_found_never_a_half_valid_object(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, 'title = 3\ncolour = "red"\n')

    def parse(data: dict[str, Any], file: str, problems: Problems) -> dict[str, Any]:
        return problems.check_table(file, "", data, {"title": Field(str), "mode": Field(str)})

    with pytest.raises(DataFileError) as error:
        load_data_file(path, parse)
    assert sorted(p.field for p in error.value.problems) == ["colour", "mode", "title"]
    assert all(line.startswith("rubric.toml: ") for line in str(error.value).splitlines())


@pytest.mark.parametrize(
    "accepted",
    ["kyiv-post", "nk-volunteers-2022", "quiz-sources", "deep-dive", "a", "2022", "x1-2y"],
)
def test_an_id_is_lower_case_words_of_letters_and_digits_joined_by_single_hyphens(
    accepted: str,
) -> None:
    assert ID.match(accepted)


@pytest.mark.parametrize(
    "refused",
    [
        "",
        "Kyiv-Post",
        "kyiv_post",
        "kyiv post",
        "kyiv--post",
        "-kyiv",
        "kyiv-",
        "kyïv",
        "kyiv.toml",
        " kyiv-post",
        "kyiv-post ",
        "kyiv-post\n",
    ],
)
def test_anything_else_is_not_an_id(refused: str) -> None:
    assert ID.match(refused) is None


def test_a_syntax_error_says_its_line_and_the_file_with_its_folder(tmp_path: Path) -> None:
    path = write(tmp_path, 'format = 1\n[articles\nx = "y"\n')
    problems = Problems()
    assert read_toml(path, problems, name="my-case/key/hedges.toml") == {}
    (problem,) = problems.items
    assert str(problem).startswith(
        "my-case/key/hedges.toml: (file): is not valid TOML at line 2, column 10: Expected ']'"
    )


def test_lists_nested_thousands_deep_are_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "a = " + "[" * 5000 + "]" * 5000 + "\n")
    problems = Problems()
    assert read_toml(path, problems) == {}
    (problem,) = problems.items
    assert "too deep" in problem.message


def test_a_date_in_quotes_says_to_write_it_without_them() -> None:
    problems = Problems()
    problems.check_table(
        "case.toml", "date", {"earliest": "2031-05-03"}, {"earliest": Field(dt.date)}
    )
    (problem,) = problems.items
    assert problem.message.endswith("write the date without quotes: 2031-05-03")
