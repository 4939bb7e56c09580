"""The spread data as tables: one row per outlet and per citation, built from the keys, with
dates kept as uncertain as they are; importing the package loads no heavy library."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lessons.casestudy import Case
from lessons.hedges import hedge_density
from lessons.skills import load_case, load_seed_case
from lessons.sources import MissingKeyError, sources_key
from lessons.spread import appearances_table, edges_table, outlet_date
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


@pytest.fixture(scope="module")
def outlets(case: Case) -> pd.DataFrame:
    return appearances_table(case).set_index("id", drop=False)


def test_every_edge_joins_two_outlets_of_the_table(case: Case, outlets: pd.DataFrame) -> None:
    edges = edges_table(case)
    assert len(edges) == len(sources_key(case).edges) > 0
    assert set(edges["from"]) <= set(outlets["id"])
    assert set(edges["to"]) <= set(outlets["id"])
    assert set(edges["kind"]) == {"credited", "uncredited-copy", "translation"}
    assert not edges.duplicated(["from", "to"]).any()


def test_the_outlets_the_seeds_cite_are_nodes_too(outlets: pd.DataFrame) -> None:
    names = set(outlets["name"])
    for wanted in ("REGNUM", "Daily Mail", "New York Post", "Business Insider", "Newsweek",
                   "The Independent", "Il Messaggero"):  # fmt: skip
        assert wanted in names
    assert any(name.startswith("Russian state TV") for name in names)
    seeds = outlets[outlets["is_seed"]]
    assert sorted(seeds["article"]) == sorted(load_seed_case().article_ids)
    assert not outlets.loc["regnum", "is_seed"]


def test_dates_parse_as_timestamps_and_keep_their_confidence(
    case: Case, outlets: pd.DataFrame
) -> None:
    assert pd.api.types.is_datetime64_any_dtype(outlets["earliest"])
    assert pd.api.types.is_datetime64_any_dtype(outlets["latest"])
    key = sources_key(case)
    for source in key.outlets:
        row = outlets.loc[source.id]
        date = outlet_date(case, source)
        if date is None:
            assert pd.isna(row["earliest"]) and pd.isna(row["latest"])
            assert row["date_label"] == "date not found" and pd.isna(row["date_confidence"])
            continue
        for bound in ("earliest", "latest"):
            value = getattr(date, bound)
            assert pd.isna(row[bound]) if value is None else row[bound].date() == value, bound
        assert row["date_confidence"] == date.confidence
        assert row["date_label"] == date.label()


def test_uncertain_dates_stay_uncertain(outlets: pd.DataFrame) -> None:
    for _, row in outlets.iterrows():
        both = not pd.isna(row["earliest"]) and not pd.isna(row["latest"])
        assert row["date_exact"] == (both and row["earliest"] == row["latest"]), row["id"]
    # REGNUM: only "on or before 5 August"; never turned into a day.
    assert pd.isna(outlets.loc["regnum", "earliest"])
    assert outlets.loc["regnum", "latest"] == pd.Timestamp("2022-08-05")
    assert not outlets.loc["regnum", "date_exact"]
    # The news blog: a range from the copied article to the day the page was saved.
    blog = outlets.loc["adahzionblog"]
    assert (blog["earliest"], blog["latest"]) == (
        pd.Timestamp("2022-08-08"),
        pd.Timestamp("2022-09-26"),
    )
    # The Kyiv Post: "on or after", low confidence; National Review: no date at all.
    assert pd.isna(outlets.loc["kyiv-post", "latest"])
    assert outlets.loc["kyiv-post", "date_confidence"] == "low"
    assert outlets.loc["national-review", "date_label"] == "date not found"
    # Exact days are exact: the New York Post, the Foreign Ministry's denial.
    assert outlets.loc["ny-post", "date_exact"]
    assert outlets.loc["russian-foreign-ministry", "date_label"] == "11 August 2022"


def test_hedges_and_bands_come_from_the_other_keys(case: Case, outlets: pd.DataFrame) -> None:
    reliability = case.key("reliability")
    for article_id in case.article_ids:
        row = outlets[outlets["article"] == article_id].iloc[0]
        density = hedge_density(case, article_id)
        assert row["body_hedges_per_100"] == density["body"]
        if density["headline"] is None:
            assert math.isnan(row["headline_hedges_per_100"])
        else:
            assert row["headline_hedges_per_100"] == density["headline"]
        assert row["hedges_counted_by"] == "key"
        low, high = reliability.articles[article_id].band
        assert (row["band_low"], row["band_high"], row["band"]) == (low, high, f"{low}-{high}")
    # The ZeroHedge body says "North Korea has said": a booster the key counts.
    assert outlets.loc["zerohedge", "body_boosters_per_100"] > 0
    non_seeds = outlets[~outlets["is_seed"]]
    assert non_seeds["body_hedges_per_100"].isna().all() and non_seeds["band"].isna().all()


def test_without_hedge_and_reliability_keys_the_detector_counts(tmp_path: Path) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=("sources",)))
    table = appearances_table(case)
    seeds = table[table["is_seed"]]
    assert set(seeds["hedges_counted_by"]) == {"detector"}
    assert (seeds["body_hedges_per_100"] > 0).all()
    assert table["band"].isna().all()


def test_without_a_sources_key_there_is_no_graph(tmp_path: Path) -> None:
    case = load_case(copy_case(tmp_path / "case", keys=()))
    with pytest.raises(MissingKeyError, match="no key for tracing sources"):
        appearances_table(case)
    with pytest.raises(MissingKeyError):
        edges_table(case)


def test_importing_the_module_pulls_in_no_heavy_library() -> None:
    code = (
        "import sys, lessons.spread\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'networkx') if m in sys.modules]\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
