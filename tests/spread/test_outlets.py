"""The outlets in time: short chart dates that say how uncertain they are, and the time layers
that respect every citation and every sure date."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.casestudy import Case
from lessons.skills import load_case, load_seed_case
from lessons.sources import sources_key
from lessons.spread import outlet_date, short_date, time_layers
from tests.cases import copy_case


@pytest.fixture(scope="module")
def case() -> Case:
    return load_seed_case()


def test_short_dates_say_how_uncertain_they_are(case: Case) -> None:
    key = sources_key(case)
    assert short_date(outlet_date(case, key.source("regnum"))) == "by 5 Aug 2022"
    assert short_date(outlet_date(case, key.source("daily-mail"))) == "4–5 Aug 2022"
    assert short_date(outlet_date(case, key.source("adahzionblog"))) == "8 Aug–26 Sep 2022"
    assert (
        short_date(outlet_date(case, key.source("kyiv-post"))) == "5 Aug 2022 or later (probably)"
    )
    assert short_date(outlet_date(case, key.source("zerohedge"))) == "7 Aug 2022 (probably)"
    assert short_date(None) == "date not found"


def test_time_order_respects_every_citation_and_every_sure_date(case: Case) -> None:
    layers = time_layers(case)
    key = sources_key(case)
    for edge in key.edges:
        assert layers[edge.source] < layers[edge.target], (edge.source, edge.target)
    dates = {s.id: outlet_date(case, s) for s in key.outlets}
    for a, da in dates.items():
        for b, db in dates.items():
            if da and db and da.latest and db.earliest and da.latest < db.earliest:
                assert layers[a] < layers[b], (a, b)
    assert layers["regnum"] == 0
    assert layers["rappler"] == max(layers.values())


def test_dates_that_contradict_the_citations_are_not_trusted(tmp_path: Path) -> None:
    folder = copy_case(tmp_path / "case")
    text = (folder / "key" / "sources.toml").read_text(encoding="utf-8")
    # The Independent (8 August) cites the New York Post: pretend the Post came out later.
    text = text.replace(
        'date = { earliest = 2022-08-05, latest = 2022-08-05, confidence = "high" }\n'
        'note = "Cites Korotchenko on Channel One.',
        'date = { earliest = 2022-08-20, latest = 2022-08-20, confidence = "high" }\n'
        'note = "Cites Korotchenko on Channel One.',
    )
    (folder / "key" / "sources.toml").write_text(text, encoding="utf-8")
    case = load_case(folder)
    assert sources_key(case).source("ny-post").date.latest.day == 20
    layers = time_layers(case)
    for edge in sources_key(case).edges:
        assert layers[edge.source] < layers[edge.target]
