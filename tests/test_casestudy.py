"""The case-study loader: the seed case loads, and every kind of broken file is reported."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lessons.casestudy import UnknownArticleError, missing_quote_message
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
    assert case.article_ids == (
        "kyiv-post",
        "spark-chronicles",
        "tyler-durden",
        "news-blog",
        "deep-dive",
    )
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
    page = case.article("tyler-durden")
    assert "Fight Censorship" not in page.body
    assert (
        page.headline == "North Korea Willing To Send Russia 100,000 Troops For Ukraine War: Report"
    )
    assert page.headline not in page.body


def test_dates_keep_their_uncertainty() -> None:
    case = load_seed_case(with_keys=False)
    blog = case.article("news-blog")
    assert blog.shown_date == dt.date(2022, 9, 26)
    assert blog.date.earliest == dt.date(2022, 8, 8)
    assert not blog.date.is_exact
    assert blog.date.label() == "between 8 August 2022 and 26 September 2022"
    assert case.article("kyiv-post").date.label() == "on or after 5 August 2022"
    assert case.article("tyler-durden").date.is_exact
    translation = case.article("spark-chronicles").translation_of
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


def test_a_page_named_after_the_original_it_translates_is_refused(case_copy: Path) -> None:
    # The name students meet a page by must not say what lesson 01 asks them to find out.
    case = load_case(case_copy)
    index, article = next((i, a) for i, a in enumerate(case.articles) if a.translation_of)
    original = article.translation_of.outlet if article.translation_of else ""
    shown = f"{article.outlet} ({original}, machine-translated)"
    edit(case_copy, lambda t: t.replace(f"outlet = {article.outlet!r}".replace("'", '"'),
                                        f'outlet = "{shown}"', 1))  # fmt: skip
    (problem,) = problems_of(case_copy)
    assert problem.startswith(f"case.toml: articles[{index}].outlet: {shown!r} names the original")
    assert "`publisher`" in problem


def test_who_published_a_page_defaults_to_its_shown_name(case_copy: Path) -> None:
    case = load_case(case_copy)
    assert all(a.published_by == (a.publisher or a.outlet) for a in case.articles)
    plain = next(a for a in case.articles if not a.publisher)
    assert plain.published_by == plain.outlet


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


def with_keys(folder: Path, *names: str) -> Path:
    """``folder`` with the seed's key files named copied into ``key/``."""
    (folder / "key").mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SEEDS / "key" / f"{name}.toml", folder / "key" / f"{name}.toml")
    return folder


def test_a_case_toml_problem_does_not_hide_the_keys_problems(case_copy: Path) -> None:
    with_keys(case_copy, "sources", "reliability")
    edit(case_copy, lambda t: t.replace("title = ", "titel = ", 1))
    edit(
        case_copy,
        lambda t: t.replace('"reported Regnum news agency"', '"reported the Regnum news agency"'),
        "key/sources.toml",
    )
    (case_copy / "key" / "hedges.toml").write_text("format = 1\n[articles\n", encoding="utf-8")
    problems = problems_of(case_copy)
    assert "case.toml: title: is missing; it must be text" in problems
    assert any(
        p.startswith(f"{case_copy.name}/key/hedges.toml: (file): is not valid TOML")
        for p in problems
    )
    assert any(p.startswith("key/sources.toml: ") and "'reported the Regnum" in p for p in problems)
    assert not any(p.startswith("key/reliability.toml") for p in problems)


def test_keys_are_syntax_checked_and_said_unchecked_when_the_articles_are_broken(
    case_copy: Path,
) -> None:
    with_keys(case_copy, "sources")
    edit(case_copy, lambda t: t.replace('id = "kyiv-post"', 'id = ["kyiv-post"]'))
    (case_copy / "key" / "hedges.toml").write_text("format = 1\n[articles\n", encoding="utf-8")
    problems = problems_of(case_copy)
    assert problems[0] == "case.toml: articles[0].id: must be text, not ['kyiv-post']"
    assert problems[1].startswith(f"{case_copy.name}/key/hedges.toml: (file): is not valid TOML")
    assert problems[2].startswith("key/sources.toml: (file): its TOML is readable, but it was not")
    assert "because the article list in case.toml has problems" in problems[2]
    assert len(problems) == 3


def test_keys_are_still_read_when_case_toml_is_not_toml(case_copy: Path) -> None:
    with_keys(case_copy, "spread")
    edit(case_copy, lambda t: t.replace("format = 1", "format = = 1"))
    problems = problems_of(case_copy)
    assert problems[0].startswith(f"{case_copy.name}/case.toml: (file): is not valid TOML at line")
    assert problems[1].startswith("key/spread.toml: (file): its TOML is readable, but")
    assert "because case.toml could not be read" in problems[1]


def test_a_huge_article_is_refused_unread_naming_the_file_and_the_cap(case_copy: Path) -> None:
    with (case_copy / "000_bc58cd3ca06a672a.txt").open("r+b") as handle:
        handle.truncate(60_000_000)  # a 60 MB file, sparse: nothing is written or read
    started = time.perf_counter()
    problems = problems_of(case_copy)
    assert time.perf_counter() - started < 2
    assert problems == [
        "case.toml: articles[0].file: '000_bc58cd3ca06a672a.txt' is 60.0 MB; an article may be "
        "at most 2 MB of text (keep the article, not a whole site or a binary file)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('id = "kyiv-post"', 'id = { name = "kyiv-post" }', "articles[0].id: must be text"),
        ('file = "000_bc58cd3ca06a672a.txt"', "file = [1, 2]", "articles[0].file: must be text"),
        ("format = 1", "format = 1\n" + "x = " + "[" * 3000 + "]" * 3000, "too deep"),
    ],
)
def test_odd_shapes_in_case_toml_are_problems_not_tracebacks(
    case_copy: Path, old: str, new: str, says: str
) -> None:
    edit(case_copy, lambda t: t.replace(old, new, 1))
    assert any(says in p for p in problems_of(case_copy))


def _string_paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _string_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _string_paths(v, (*path, i))]
    return []


@pytest.mark.parametrize("key", ["sources", "hedges", "reliability", "spread"])
def test_a_list_or_a_table_where_text_or_an_id_belongs_is_a_problem(
    case_copy: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every text value of a seed key in turn (a sample of 40) made a list, then a table: a
    problem each time, never another exception."""
    import tomllib

    from lessons import casestudy

    with_keys(case_copy, key)
    key_path = case_copy / "key" / f"{key}.toml"
    table = tomllib.loads(key_path.read_text(encoding="utf-8"))
    real_read = casestudy.read_toml
    paths = _string_paths(table)
    unexpected = []
    for path in paths[:: max(1, len(paths) // 40)]:
        for odd in (["x"], {"x": "y"}):
            changed = copy.deepcopy(table)
            place = changed
            for step in path[:-1]:
                place = place[step]
            place[path[-1]] = odd

            def read(file: Path, problems: Any, name: Any = None, data: Any = changed) -> Any:
                return data if file == key_path else real_read(file, problems, name)

            monkeypatch.setattr(casestudy, "read_toml", read)
            problems = problems_of(case_copy)  # DataFileError, nothing else
            assert problems and all(p.startswith(f"key/{key}.toml") for p in problems)
            unexpected += [(path, p) for p in problems if "did not expect" in p]
    assert not unexpected, unexpected[:3]


def test_a_missing_quote_says_matching_is_exact_and_shows_the_nearest_passage(
    case_copy: Path,
) -> None:
    with_keys(case_copy, "sources")
    edit(
        case_copy,
        lambda t: t.replace(
            '"Korotchenko was also quoted in New York Post as saying"',
            '"Korotchenko was also quoted in the New York Post as saying"',
        ),
        "key/sources.toml",
    )
    problem = next(p for p in problems_of(case_copy) if "quoted in the New York Post" in p)
    assert "quotes must match the article exactly" in problem
    assert "only curly quotes, long dashes and spacing may differ" in problem
    assert problem.endswith(
        "the nearest passage is 'Korotchenko was also quoted in New York Post as saying.'"
    )


def test_a_quote_like_nothing_in_the_article_shows_no_nearest_passage() -> None:
    article = load_seed_case(with_keys=False).article("kyiv-post")
    assert article.nearest("zzzz qqqq xxxx") is None
    assert "nearest" not in missing_quote_message(article, "zzzz qqqq xxxx")


def test_the_nearest_passage_is_found_quickly_in_a_long_article() -> None:
    article = load_seed_case(with_keys=False).article("kyiv-post")
    long = replace(article, raw_text=(article.raw_text + "\n") * 400, furniture=())
    started = time.perf_counter()
    nearest = long.nearest("Presently, North Korea has the worlds fourth largest military")
    assert time.perf_counter() - started < 3
    assert nearest is not None and nearest.startswith("Presently, North Korea has the world's")


def test_renamed_seed_articles_keep_their_former_ids() -> None:
    """The seed's ids name each page as met; the ids used before still find the article."""
    case = load_seed_case(with_keys=False)
    assert case.article("tyler-durden").former_ids == ("zerohedge",)
    assert case.article("spark-chronicles").former_ids == ("il-messaggero",)
    assert dict(case.renamed) == {"il-messaggero": "spark-chronicles", "zerohedge": "tyler-durden"}
    assert case.current_id("zerohedge") == "tyler-durden"
    assert case.current_id("kyiv-post") == "kyiv-post"
    assert case.current_id("no-such-page") == "no-such-page"
    with pytest.raises(UnknownArticleError):
        case.article("zerohedge")  # the key files and exercises name the current id


@pytest.mark.parametrize(
    ("value", "where", "message"),
    [
        (
            '"zerohedge"',
            "articles[2].former_ids",
            "must be a list, not 'zerohedge'",
        ),
        (
            '["Zero Hedge"]',
            "articles[2].former_ids[0]",
            "'Zero Hedge' is not an article id; a former id is text of lower-case letters, "
            "digits and single hyphens, like 'town-gazette'",
        ),
        (
            "[7]",
            "articles[2].former_ids[0]",
            "7 is not an article id; a former id is text of lower-case letters",
        ),
        ('["zerohedge", "zerohedge"]', "articles[2].former_ids[1]", "'zerohedge' is listed twice"),
        (
            '["tyler-durden"]',
            "articles[2].former_ids",
            "'tyler-durden' is this article's own id; list only the ids it had before",
        ),
        (
            '["kyiv-post"]',
            "articles[2].former_ids",
            "'kyiv-post' is the id of an article of this case; a former id must be one no "
            "article has now (the articles' ids: deep-dive, kyiv-post, news-blog, "
            "spark-chronicles, tyler-durden)",
        ),
        (
            '["il-messaggero"]',
            "articles[2].former_ids",
            "'il-messaggero' is already a former id of 'spark-chronicles'; each former id may "
            "belong to one article only",
        ),
    ],
)
def test_bad_former_ids_are_reported_with_file_field_and_value(
    case_copy: Path, value: str, where: str, message: str
) -> None:
    edit(case_copy, lambda t: t.replace('former_ids = ["zerohedge"]', f"former_ids = {value}"))
    (problem,) = problems_of(case_copy)
    assert problem.startswith(f"case.toml: {where}: {message}"), problem
