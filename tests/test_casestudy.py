"""The case-study loader: the seed case loads, and every kind of broken file is reported."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lessons.casestudy import UnknownArticleError
from lessons.resources import seed_case_dir
from lessons.skills import load_case, load_seed_case
from lessons.validation import DataFileError

SEEDS = seed_case_dir()
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    """A copy of the seed case, without keys, that a test may break."""
    folder = tmp_path / "case"
    folder.mkdir()
    for path in SEEDS.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder


def edit(folder: Path, change: Callable[[str], str], name: str = "case.toml") -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, "the test's edit did not change the file"
    path.write_text(changed, encoding="utf-8")


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(DataFileError) as raised:
        load_case(folder)
    return [str(problem) for problem in raised.value.problems]


def test_seed_case_loads_five_articles_with_bodies() -> None:
    case = load_seed_case()
    assert case.article_ids == ("kyiv-post", "il-messaggero", "zerohedge", "news-blog", "deep-dive")
    for article in case.articles:
        assert article.body, article.id
        assert article.word_count > 200, article.id


@pytest.mark.skipif(
    not SHARED_SEEDS.is_dir(), reason="the shared research folder is not beside the repo"
)
def test_seed_texts_are_byte_for_byte_copies() -> None:
    for original in SHARED_SEEDS.glob("*.txt"):
        assert (SEEDS / original.name).read_bytes() == original.read_bytes(), original.name


def test_body_leaves_out_page_furniture_but_keeps_the_article() -> None:
    case = load_seed_case(with_keys=False)
    blog = case.article("news-blog")
    assert "Monday, September 26, 2022" in blog.raw_text
    assert "Monday, September 26, 2022" not in blog.body
    assert "Leave a Reply" not in blog.body
    assert "A passionate writer" not in blog.body
    assert blog.body.startswith("Russian military expert Igor Korotchenko said on state TV")
    zerohedge = case.article("zerohedge")
    assert "Fight Censorship" not in zerohedge.body
    assert (
        zerohedge.headline
        == "North Korea Willing To Send Russia 100,000 Troops For Ukraine War: Report"
    )
    assert zerohedge.headline not in zerohedge.body


def test_dates_keep_their_uncertainty() -> None:
    case = load_seed_case(with_keys=False)
    blog = case.article("news-blog")
    assert blog.shown_date == dt.date(2022, 9, 26)
    assert blog.date.earliest == dt.date(2022, 8, 8)
    assert not blog.date.is_exact
    assert blog.date.label() == "between 8 August 2022 and 26 September 2022"
    assert case.article("kyiv-post").date.label() == "on or after 7 August 2022"
    assert case.article("zerohedge").date.is_exact
    translation = case.article("il-messaggero").translation_of
    assert translation is not None and translation.outlet == "Il Messaggero"


def test_sentences_carry_offsets_into_the_body() -> None:
    article = load_seed_case(with_keys=False).article("kyiv-post")
    for sentence in article.sentences:
        assert article.body[sentence.start : sentence.end] == sentence.text


def test_find_forgives_typographic_quotes() -> None:
    article = load_seed_case(with_keys=False).article("kyiv-post")
    found = article.find('made it clear "through diplomatic channels"')
    assert found is not None and "Regum stated on August 7" in found.text
    assert article.find("a sentence that is not there") is None


def test_unknown_article_lists_the_valid_ids() -> None:
    case = load_seed_case(with_keys=False)
    with pytest.raises(UnknownArticleError) as raised:
        case.article("daily-mail")
    assert "kyiv-post" in str(raised.value) and "'daily-mail'" in str(raised.value)


def test_missing_article_file_names_file_and_field(case_copy: Path) -> None:
    (case_copy / "002_1f13923d1b2108fb.txt").unlink()
    assert problems_of(case_copy) == [
        "case.toml: articles[2].file: '002_1f13923d1b2108fb.txt' not found in " + str(case_copy)
    ]


def test_unknown_fields_list_the_allowed_ones(case_copy: Path) -> None:
    edit(case_copy, lambda t: t.replace('id = "kyiv-post"', 'id = "kyiv-post"\nauthor = "?"'))
    edit(case_copy, lambda t: t.replace("format = 1", "format = 1\ncolour = 'red'"))
    problems = problems_of(case_copy)
    assert len(problems) == 2
    assert problems[0].startswith(
        "case.toml: colour: unknown field; allowed fields are: format, id"
    )
    assert problems[1].startswith(
        "case.toml: articles[0].author: unknown field; allowed fields are: id, file"
    )


def test_quote_not_in_the_text_is_reported(case_copy: Path) -> None:
    edit(
        case_copy,
        lambda t: t.replace(
            'headline = "North Korea Willing', 'headline = "South Korea Willing', 1
        ),
    )
    edit(case_copy, lambda t: t.replace('text = "Leave a Comment"', 'text = "Leave a comment"'))
    problems = problems_of(case_copy)
    assert any(
        p.startswith("case.toml: articles[2].headline: 'South Korea Willing") for p in problems
    )
    assert any(
        p.startswith(
            "case.toml: articles[2].furniture[5].text: 'Leave a comment' is not a whole line"
        )
        for p in problems
    )


def test_bad_dates_are_reported(case_copy: Path) -> None:
    edit(
        case_copy,
        lambda t: t.replace(
            "earliest = 2022-08-08, latest = 2022-09-26",
            "earliest = 2022-09-26, latest = 2022-08-08",
        ),
    )
    edit(case_copy, lambda t: t.replace("shown_date = 2022-08-07", 'shown_date = "Sunday"'))
    edit(
        case_copy,
        lambda t: t.replace('date = { confidence = "high"', 'date = { confidence = "sure"'),
    )
    problems = problems_of(case_copy)
    assert len(problems) == 3
    assert "case.toml: articles[1].date.confidence: must be one of: 'high', " in problems[0]
    assert problems[0].endswith("not 'sure'")
    assert (
        problems[1]
        == "case.toml: articles[2].shown_date: must be a date (YYYY-MM-DD), not 'Sunday'"
    )
    assert problems[2].startswith(
        "case.toml: articles[3].date.latest: 2022-08-08 is before earliest"
    )


def test_invalid_toml_date_is_a_syntax_problem(case_copy: Path) -> None:
    edit(case_copy, lambda t: t.replace("shown_date = 2022-08-07", "shown_date = 2022-13-07"))
    (problem,) = problems_of(case_copy)
    assert problem.startswith(f"{case_copy.name}/case.toml: (file): is not valid TOML at line ")


def test_an_id_used_twice_is_reported(case_copy: Path) -> None:
    edit(case_copy, lambda t: t.replace('id = "deep-dive"', 'id = "kyiv-post"'))
    assert problems_of(case_copy) == [
        "case.toml: articles[4].id: 'kyiv-post' is already used by articles[0]; ids must be unique"
    ]


def test_all_problems_of_a_file_come_together(case_copy: Path) -> None:
    (case_copy / "000_bc58cd3ca06a672a.txt").unlink()
    edit(case_copy, lambda t: t.replace('id = "deep-dive"', 'id = "Deep Dive"'))
    edit(case_copy, lambda t: t.replace('kind = "date-header"', 'kind = "date"'))
    problems = problems_of(case_copy)
    assert len(problems) == 3
    fields = [p.split(": ")[1] for p in problems]
    assert fields == ["articles[0].file", "articles[3].furniture[0].kind", "articles[4].id"]


def test_non_utf8_article_is_reported(case_copy: Path) -> None:
    (case_copy / "004_8489ece409004b55.txt").write_bytes(b"\xff\xfe\x00binary")
    assert problems_of(case_copy) == [
        "case.toml: articles[4].file: '004_8489ece409004b55.txt' is not UTF-8 text"
    ]


def test_article_file_outside_the_case_folder_is_refused(case_copy: Path) -> None:
    edit(
        case_copy,
        lambda t: t.replace('file = "000_bc58cd3ca06a672a.txt"', 'file = "../../etc/passwd"'),
    )
    assert problems_of(case_copy) == [
        "case.toml: articles[0].file: '../../etc/passwd' must be a file inside the case folder"
    ]


def test_missing_case_toml(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [f"{tmp_path.name}/case.toml: (file): file not found"]


def test_unexpected_key_file_lists_the_allowed_ones(case_copy: Path) -> None:
    (case_copy / "key").mkdir()
    (case_copy / "key" / "answers.toml").write_text("x = 1\n")
    (problem,) = problems_of(case_copy)
    assert re.match(
        r"key/answers.toml: \(file\): unexpected file in key/; allowed key files are: sources.toml, ",
        problem,
    )


def test_key_quote_not_in_the_article_names_the_key_file(case_copy: Path) -> None:
    shutil.copytree(SEEDS / "key", case_copy / "key")
    edit(
        case_copy,
        lambda t: t.replace(
            'quote = "reported Regnum news agency"', 'quote = "reported Regnum TV"'
        ),
        name="key/sources.toml",
    )
    problems = problems_of(case_copy)
    assert len(problems) == 2  # the quote stands twice: in an edge and in the article's list
    for problem in problems:
        assert problem.startswith("key/sources.toml: ")
        assert "'reported Regnum TV' does not occur in the headline or body of 002_" in problem
