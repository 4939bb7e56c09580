"""A teacher's ``key/sources.toml``: the origin may be one of the case's own articles, and
every problem with an edge names both ids in the direction the story went."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessons.casestudy import Case
from lessons.resources import seed_case_dir, shipped_case_dir
from lessons.skills import load_case
from lessons.sources import SourcesKey, check_answer, outlet_choices
from lessons.validation import DataFileError
from tests.cases import copy_case, expert_trace

PRACTICE_KEY = shipped_case_dir("practice") / "key" / "sources.toml"


def practice_copy(folder: Path, replace: tuple[tuple[str, str], ...] = ()) -> Path:
    """The practice case copied to ``folder`` with only its sources key, changed by
    ``replace`` (each pair once)."""
    shutil.copytree(shipped_case_dir("practice"), folder)
    for other in ("hedges", "reliability", "spread"):
        (folder / "key" / f"{other}.toml").unlink()
    text = PRACTICE_KEY.read_text(encoding="utf-8")
    for old, new in replace:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "key" / "sources.toml").write_text(text, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(DataFileError) as raised:
        load_case(folder)
    return [str(p) for p in raised.value.problems]


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return load_case(practice_copy(tmp_path_factory.mktemp("practice") / "case"))


# --- an origin that is one of the case's articles ------------------------------------------


def test_an_article_whose_outlet_is_the_origin_is_its_own_source(practice: Case) -> None:
    key = practice.key("sources")
    assert isinstance(key, SourcesKey)
    blog = key.article("corner-blog")
    assert blog.immediate == blog.outlet == key.origin
    assert blog.chain == (key.origin,)


def test_the_origin_article_answered_like_the_expert_earns_every_point(practice: Case) -> None:
    key = practice.key("sources")
    feedback = check_answer(practice, "corner-blog", expert_trace(key, "corner-blog"))
    assert feedback.score == feedback.max_score == key.points.total and feedback.level == 4
    labels = [item.label for item in feedback.items if item.verdict == "right"]
    assert "Chain: Fernhollow Corner is where the claim began" in labels
    assert "Where the claim began: Fernhollow Corner" in labels


def test_a_chain_past_the_origin_article_loses_the_chain_and_the_origin(practice: Case) -> None:
    answer = {**expert_trace(practice.key("sources"), "corner-blog"), "chain": ["the Gazette"]}
    feedback = check_answer(practice, "corner-blog", answer)
    assert feedback.score == feedback.max_score - 4  # chain (3) and origin (1)
    assert any(i.label.startswith("Chain link") and i.verdict == "wrong" for i in feedback.items)


def test_leaving_out_where_the_origin_article_got_it_says_the_claim_began_there(
    practice: Case,
) -> None:
    answer = {**expert_trace(practice.key("sources"), "corner-blog"), "immediate": None}
    feedback = check_answer(practice, "corner-blog", answer)
    missed = next(i for i in feedback.items if i.label == "Where the article got the story")
    assert missed.explanation.startswith("The claim began here, with Fernhollow Corner.")
    credit = next(i for i in feedback.items if i.label.startswith("Does the article say"))
    assert credit.explanation.startswith("No: the claim began with Fernhollow Corner itself")


def test_only_the_origin_article_offers_its_own_outlet_as_a_choice(practice: Case) -> None:
    blog = [source for _name, source in outlet_choices(practice, "corner-blog")]
    gazette = [source for _name, source in outlet_choices(practice, "gazette")]
    assert "fernhollow-corner" in blog and "fernhollow-gazette" in blog
    assert "fernhollow-gazette" not in gazette and "fernhollow-corner" in gazette


def test_an_article_that_is_not_the_origin_cannot_be_its_own_source(tmp_path: Path) -> None:
    folder = practice_copy(
        tmp_path / "case",
        (
            (
                'immediate = "fernhollow-gazette"\nalso_immediate',
                'immediate = "hollow-high-herald"\nalso_immediate',
            ),
            (
                'chain = ["fernhollow-gazette", "fernhollow-corner"]\nclue = "The fact check',
                'chain = ["hollow-high-herald"]\nclue = "The fact check',
            ),
        ),
    )
    messages = problems_of(folder)
    assert any(
        "articles[3].immediate" in m and "'hollow-high-herald' is the article's own outlet" in m
        for m in messages
    ), messages
    assert any(
        "articles[3].chain[0]" in m and "only the article itself when the claim began" in m
        for m in messages
    ), messages


def test_the_origin_articles_chain_has_no_step_after_itself(tmp_path: Path) -> None:
    folder = practice_copy(
        tmp_path / "case",
        (('chain = ["fernhollow-corner"]\nclue = "Is there', 'chain = ["fernhollow-corner", '
          '"fernhollow-council"]\nclue = "Is there'),),
    )  # fmt: skip
    messages = problems_of(folder)
    assert any("articles[0].chain" in m and "the origin itself" in m for m in messages), messages


# --- edge messages: ids, in the story's direction --------------------------------------------


def test_a_missing_edge_is_named_source_then_citing_article(tmp_path: Path) -> None:
    folder = practice_copy(
        tmp_path / "case",
        (('from = "fernhollow-gazette"\nto = "hollow-high-herald"',
          'from = "fernhollow-council"\nto = "valley-daily-buzz"'),),
    )  # fmt: skip
    messages = problems_of(folder)
    assert any(
        "articles[3].immediate" in m
        and "there is no edge 'fernhollow-gazette' -> 'hollow-high-herald' "
        "(source -> citing article)"
        in m
        for m in messages
    ), messages
    assert any(
        "edge 'fernhollow-council' -> 'valley-daily-buzz'" in m and "edges[2]" in m
        for m in messages
    ), messages


def test_an_edge_to_an_unknown_outlet_names_the_edge(tmp_path: Path) -> None:
    folder = practice_copy(
        tmp_path / "case",
        (('from = "fernhollow-council"\nto = "hollow-high-herald"',
          'from = "fernhollow-council"\nto = "the-onion"'),),
    )  # fmt: skip
    messages = problems_of(folder)
    assert any(
        "edges[4].to" in m
        and "edge 'fernhollow-council' -> 'the-onion': 'the-onion' is not an outlet id" in m
        for m in messages
    ), messages


def test_an_edge_to_itself_and_a_repeated_edge_name_the_edge(tmp_path: Path) -> None:
    folder = practice_copy(
        tmp_path / "case",
        (('from = "fernhollow-council"\nto = "hollow-high-herald"',
          'from = "fernhollow-corner"\nto = "fernhollow-corner"'),
         ('from = "fernhollow-corner"\nto = "hollow-high-herald"',
          'from = "fernhollow-corner"\nto = "fernhollow-gazette"')),
    )  # fmt: skip
    messages = problems_of(folder)
    assert any(
        "edge 'fernhollow-corner' -> 'fernhollow-corner': is the same as from" in m
        for m in messages
    ), messages
    assert any(
        "edge 'fernhollow-corner' -> 'fernhollow-gazette' repeats edges[0]" in m for m in messages
    ), messages


def test_a_seed_chain_step_without_an_edge_names_both_ids(tmp_path: Path) -> None:
    text = (seed_case_dir() / "key" / "sources.toml").read_text(encoding="utf-8")
    old = 'chain = ["business-insider", "regnum"]\nclue = "The first paragraph'
    assert text.count(old) == 1
    broken = text.replace(old, old.replace('"regnum"', '"rappler"'))
    folder = copy_case(tmp_path / "case", ("sources",), key_texts={"sources": broken})
    messages = problems_of(folder)
    assert any(
        "articles[0].chain[1]" in m
        and "there is no edge 'rappler' -> 'business-insider' (source -> citing outlet)" in m
        for m in messages
    ), messages
