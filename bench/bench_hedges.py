"""Measure the hedge detector: precision and recall per category, and words per second.

Quality is measured on the project's own labelled sentences, never taken from the seed
articles: a development set (tests/data/hedges_labelled.toml, written alongside the lexicon)
and a held-out set (tests/data/hedges_heldout.toml, written after it and never used to tune
it). Speed is measured on a large generated text. Prints the figures; asserts nothing.

    python bench/bench_hedges.py [--words 1000000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lessons.hedges.detector import default_lexicon, detect
from lessons.text import word_count

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
LABELLED = DATA / "hedges_labelled.toml"
HELD_OUT = DATA / "hedges_heldout.toml"


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    label: str


def locate(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the n-th occurrence of ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise ValueError(f"{quote!r} (occurrence {occurrence}) is not in {text!r}")
    return start, start + len(quote)


def load_labelled(path: Path = LABELLED) -> list[tuple[str, list[Gold], list[Gold]]]:
    """(text, gold hedges, gold look-alikes) for every labelled sentence."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for entry in data["sentences"]:
        text = entry["text"]
        hedges = [
            Gold(*locate(text, item[0], *item[2:]), item[1]) for item in entry.get("hedges", [])
        ]
        looks = [
            Gold(*locate(text, item[0], *item[2:]), item[1]) for item in entry.get("lookalikes", [])
        ]
        out.append((text, hedges, looks))
    return out


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def evaluate(labelled: list[tuple[str, list[Gold], list[Gold]]]) -> dict[str, Counter]:
    """Count true positives, false positives and false negatives per category.

    A found hit counts for a labelled span when they overlap and have the same category;
    each side is used once. Look-alikes count under their rule id; a look-alike counts as a
    false positive only when it throws away a labelled hedge.
    """
    counts: dict[str, Counter] = {}

    def bump(label: str, key: str) -> None:
        counts.setdefault(label, Counter())[key] += 1

    for text, gold, gold_looks in labelled:
        found = detect(text)
        unused = list(found.hits)
        for span in gold:
            match = next(
                (
                    hit
                    for hit in unused
                    if hit.category == span.label
                    and _overlaps(hit.start, hit.end, span.start, span.end)
                ),
                None,
            )
            if match is None:
                bump(span.label, "fn")
            else:
                unused.remove(match)
                bump(span.label, "tp")
        for hit in unused:
            bump(hit.category, "fp")
        looks = list(found.lookalikes)
        for span in gold_looks:
            match = next(
                (
                    look
                    for look in looks
                    if look.rule == span.label
                    and _overlaps(look.start, look.end, span.start, span.end)
                ),
                None,
            )
            bump("look-alike: " + span.label, "fn" if match is None else "tp")
            if match is not None:
                looks.remove(match)
        for look in looks:
            # An unlabelled look-alike is harmless; one that swallows a labelled hedge is an error.
            if any(_overlaps(look.start, look.end, span.start, span.end) for span in gold):
                bump("look-alike: " + look.rule, "fp")
    return counts


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:6.2f}" if denominator else "   n/a"


def print_quality(counts: dict[str, Counter]) -> None:
    categories = [c.id for c in default_lexicon().categories]
    rules = sorted(label for label in counts if label.startswith("look-alike: "))
    print(f"{'category':44} {'prec.':>6} {'recall':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    total = Counter()
    for label in [*categories, *rules]:
        c = counts.get(label, Counter())
        if label in categories:
            total.update(c)
        print(
            f"{label:44} {_ratio(c['tp'], c['tp'] + c['fp'])} {_ratio(c['tp'], c['tp'] + c['fn'])}"
            f" {c['tp']:4} {c['fp']:4} {c['fn']:4}"
        )
    print(
        f"{'all hedge categories (micro-average)':44} {_ratio(total['tp'], total['tp'] + total['fp'])}"
        f" {_ratio(total['tp'], total['tp'] + total['fn'])} {total['tp']:4} {total['fp']:4} {total['fn']:4}"
    )


def generated_text(words: int, seed: int = 0) -> str:
    """A long text of labelled sentences and plain filler, shuffled into paragraphs."""
    rng = random.Random(seed)
    sentences = [text for text, _, _ in load_labelled()]
    filler = [
        "The committee met on a rainy afternoon to discuss the budget for the coming year.",
        "Children played in the park while their parents talked on the benches nearby.",
        "The train left the station at seven and arrived in the capital before noon.",
        "Farmers in the valley grow wheat, barley and potatoes on small family plots.",
    ]
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(
            rng.choice(sentences if rng.random() < 0.5 else filler) for _ in range(6)
        )
        count += word_count(paragraph)
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def print_speed(words: int) -> None:
    text = generated_text(words)
    n_words = word_count(text)
    detect("warm up")
    best = float("inf")
    hits = 0
    for _ in range(3):
        started = time.perf_counter()
        found = detect(text)
        best = min(best, time.perf_counter() - started)
        hits = len(found.hits)
    print(
        f"throughput: {n_words:,} words ({len(text):,} characters) in {best:.2f} s "
        f"= {n_words / best:,.0f} words per second (best of 3); {hits:,} hits"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="size of the speed test")
    args = parser.parse_args(argv)
    for path, role in (
        (LABELLED, "development set: written with the lexicon, so expect flattering figures"),
        (HELD_OUT, "held-out set: written after the lexicon was frozen, never used to tune it"),
    ):
        labelled = load_labelled(path)
        spans = sum(len(g) for _, g, _ in labelled)
        print(f"{path.name}: {len(labelled)} sentences, {spans} labelled spans ({role})")
        print_quality(evaluate(labelled))
        print()
    print_speed(args.words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
