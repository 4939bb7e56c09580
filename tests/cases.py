"""What many test modules start from: copies of the seed case holding only the keys a test
wants, the experts' own answers, and a brief that passes every automatic check."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from lessons.casestudy import Case
from lessons.memo import per_case
from lessons.reliability import ReliabilityKey
from lessons.resources import seed_case_dir
from lessons.skills import load_case
from lessons.sources import SourcesKey

__all__ = [
    "ALL_KEYS",
    "GOOD_BRIEF",
    "SEED_KEY",
    "copy_case",
    "expert_rating",
    "expert_trace",
    "reliability_only_case",
    "remember_little",
    "sources_only_case",
]

SEED_KEY = seed_case_dir() / "key"
ALL_KEYS = ("sources", "hedges", "reliability", "spread")

#: A brief that does everything the capstone checker looks for (134 words): the automatic
#: part alone gives it full points.
GOOD_BRIEF = (
    "North Korea has not been shown to have offered Russia 100,000 soldiers. The claim, which "
    "spread in early August 2022, began with REGNUM, a pro-Kremlin Russian news agency, which "
    "reported that North Korea had offered the troops through unnamed “diplomatic channels”. A "
    "Russian TV pundit, Igor Korotchenko, said there were “reports” of 100,000 volunteers but "
    "named no source. Outlets such as the Daily Mail and the New York Post repeated the claim, "
    "often without saying how little it rested on. Newsweek's fact-check found no evidence for "
    "it, and on 11 August 2022 Russia's Foreign Ministry called the reports fake. The offer may "
    "never have existed: no official North Korean statement was found. North Korean troops did "
    "appear in Russia in 2024, but that deployment was far smaller and does not confirm the "
    "2022 report."
)


def copy_case(
    folder: Path, keys: Iterable[str] = ALL_KEYS, *, key_texts: Mapping[str, str] | None = None
) -> Path:
    """The seed case copied to ``folder`` with only the key files named, a key's text replaced
    where ``key_texts`` gives one (to test a teacher's broken or changed key)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in seed_case_dir().iterdir():
        if path.suffix in (".toml", ".txt"):
            shutil.copy(path, folder / path.name)
    (folder / "key").mkdir(exist_ok=True)
    texts = key_texts or {}
    for name in keys:
        text = texts.get(name)
        if text is None:
            shutil.copy(SEED_KEY / f"{name}.toml", folder / "key" / f"{name}.toml")
        else:
            (folder / "key" / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def sources_only_case(folder: Path) -> Case:
    """The seed case with only its sources key, so other lessons' keys cannot interfere."""
    return load_case(copy_case(folder, keys=("sources",)))


def reliability_only_case(folder: Path) -> Case:
    """The seed case with only the reliability key, so other skills' keys cannot interfere."""
    return load_case(copy_case(folder, keys=("reliability",)))


def expert_trace(key: SourcesKey, article_id: str) -> dict[str, Any]:
    """The sources key's own answer, written with display names as a student's widget would
    save it."""
    article = key.article(article_id)
    return {
        "named": [key.name(n.source) for n in article.named],
        "garbled": [key.name(n.source) for n in article.named if n.garbled],
        "immediate": key.name(article.immediate),
        "credited": article.credited,
        "chain": [key.name(step) for step in article.chain],
    }


def expert_rating(key: ReliabilityKey, article_id: str) -> dict[str, Any]:
    """The rating of a student who agrees with the expert and quotes the expert's evidence."""
    article_key = key.articles[article_id]
    return {
        "levels": dict(article_key.levels),
        "evidence": {cid: c.quotes[0] for cid, c in article_key.criteria.items() if c.quotes},
    }


def remember_little(
    monkeypatch: pytest.MonkeyPatch,
    module: ModuleType,
    names: tuple[str, ...],
    entries: int,
    watched: Case,
    cases: int = 1,
) -> dict[str, list[tuple[Any, ...]]]:
    """Put back each remembered helper of ``module`` with small bounds and nothing remembered
    yet, and record the arguments of every result each one works out (not finds) for the
    ``watched`` case."""
    worked: dict[str, list[tuple[Any, ...]]] = {}
    for name in names:
        helper = getattr(module, name).__wrapped__
        calls = worked[name] = []

        def record(case: Case, *args: Any, helper: Any = helper, calls: list[Any] = calls) -> Any:
            if case is watched:
                calls.append(args)
            return helper(case, *args)

        monkeypatch.setattr(module, name, per_case(entries=entries, cases=cases)(record))
    return worked
