"""The hedge detector: every category, every look-alike, offsets, and the lexicon's validation."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lessons.hedges.detector import (
    default_categories,
    default_lexicon,
    detect,
    find_hedges,
    find_lookalikes,
    load_lexicon,
)
from lessons.validation import DataFileError

DATA = Path(__file__).resolve().parents[1] / "data"

#: The categories of /work/shared/pedagogy.md, in the order the lessons list them.
PEDAGOGY_CATEGORIES = [
    "epistemic-modal",
    "evidential-verb",
    "epistemic-adverb",
    "distancing",
    "attribution-neutral",
    "attribution-endorsing",
    "attribution-doubt",
    "attribution-guilt",
    "vague-sourcing",
    "approximator",
    "reported-conditional",
    "booster",
]


def categories_of(text: str) -> dict[str, str]:
    """Hit text -> category for every hit in ``text``."""
    return {hit.text: hit.category for hit in find_hedges(text)}


def test_lexicon_has_exactly_the_pedagogy_categories() -> None:
    assert list(default_lexicon().category_ids) == PEDAGOGY_CATEGORIES


def test_every_category_has_a_label_description_and_examples() -> None:
    for category in default_lexicon().categories:
        assert category.label and category.short and category.description and category.examples


@pytest.mark.parametrize(
    ("sentence", "expected", "category"),
    [
        ("The storm may reach the coast by Thursday.", "may", "epistemic-modal"),
        ("Prices might fall again.", "might", "epistemic-modal"),
        ("A longer strike would hurt small shops.", "would", "epistemic-modal"),
        ("It could not be ruled out.", "could not", "epistemic-modal"),
        ("The painting appears to be a copy.", "appears", "evidential-verb"),
        ("Early results suggest that the drug works.", "suggest", "evidential-verb"),
        ("The ship is believed to have sunk.", "is believed", "evidential-verb"),
        ("The minister is expected to resign.", "is expected to", "evidential-verb"),
        ("The match will probably be cancelled.", "probably", "epistemic-adverb"),
        ("It is not immediately clear who won.", "not immediately clear", "epistemic-adverb"),
        ("The mayor allegedly took money.", "allegedly", "distancing"),
        ("The so-called cure was sold online.", "so-called", "distancing"),
        ("His “apology” lasted ten seconds.", "“apology”", "distancing"),
        ("The coach said the team trained hard.", "said", "attribution-neutral"),
        ("According to the police, the road is shut.", "According to", "attribution-neutral"),
        ("The inquiry revealed that the alarm was off.", "revealed", "attribution-endorsing"),
        ("A teacher pointed out that the test had errors.", "pointed out", "attribution-endorsing"),
        ("The company claimed the toy was safe.", "claimed", "attribution-doubt"),
        ("The agency claims the deal is done.", "claims", "attribution-doubt"),
        ("He insisted that he was at home.", "insisted", "attribution-doubt"),
        ("The driver admitted that he was speeding.", "admitted", "attribution-guilt"),
        ("The singer denied taking the money.", "denied", "attribution-guilt"),
        ("There are reports that the show is off.", "There are reports", "vague-sourcing"),
        ("Sources say the striker will leave.", "Sources say", "vague-sourcing"),
        ("It is believed that the vase was stolen.", "It is believed", "vague-sourcing"),
        ("The offer came through diplomatic channels.", "diplomatic channels", "vague-sourcing"),
        ("Pop Star Quits Band After Ten Years: Report", "Report", "vague-sourcing"),
        ("About 300 people came.", "About", "approximator"),
        ("Up to 40 trains will be cancelled.", "Up to", "approximator"),
        ("The school has nearly 1.3 million books.", "nearly", "approximator"),
        ("The prince would be considering a move.", "would be considering", "reported-conditional"),
        (
            "The general would have made it clear that he is leaving.",
            "would have made it clear",
            "reported-conditional",
        ),
        ("The minister is said to be furious.", "is said to", "reported-conditional"),
        ("The referee was clearly wrong.", "clearly", "booster"),
        ("In fact, the bridge was never finished.", "In fact", "booster"),
        ("The club made it clear that nobody is for sale.", "made it clear", "booster"),
        ("We can confirm that the concert is on.", "can confirm", "booster"),
    ],
)
def test_each_category_is_found(sentence: str, expected: str, category: str) -> None:
    assert categories_of(sentence).get(expected) == category, find_hedges(sentence)


@pytest.mark.parametrize(
    ("sentence", "word", "rule"),
    [
        # the look-alikes the issue names, each beside its hedge use in the next test
        ("The talks began in May and ended in June.", "May", "may-month"),
        ("On 9 May the parade went ahead.", "May", "may-month"),
        ("Every summer we would swim in the lake.", "would", "would-habitual"),
        ("The mayor said the bridge would reopen on Monday.", "would", "would-reported-future"),
        ("The rescuers could not reach the village.", "could not", "could-not-ability"),
        ("She couldn’t find her keys.", "couldn’t", "could-not-ability"),
        ("The pundit appeared on state television.", "appeared", "appear-show-up"),
        ("Two men appeared in court on Monday.", "appeared", "appear-show-up"),
        ("I suggest we wait for the figures.", "suggest", "suggest-propose"),
        ("Write to us to suggest a correction.", "suggest", "suggest-propose"),
        ("Insurance claims rose after the floods.", "claims", "claims-plain-noun"),
        ("The claims office is on the second floor.", "claims", "claims-plain-noun"),
    ],
)
def test_named_lookalikes_are_not_hedges(sentence: str, word: str, rule: str) -> None:
    looks = {look.text: look for look in find_lookalikes(sentence)}
    assert word in looks, find_hedges(sentence)
    assert looks[word].rule == rule
    assert looks[word].explanation
    assert word not in categories_of(sentence)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Russia May Send More Troops To The Border", "May"),
        ("The storm may reach the coast by May 5.", "may"),
        ("A longer strike would hurt small shops.", "would"),
        ("It could not be ruled out.", "could not"),
        ("The evidence appears to be strong.", "appears"),
        ("The data suggest that sleep matters.", "suggest"),
        ("The agency claims the deal is done.", "claims"),
    ],
)
def test_same_words_as_hedges_are_still_found(sentence: str, word: str) -> None:
    assert word in categories_of(sentence)
    assert word not in {look.text for look in find_lookalikes(sentence)}


def test_every_lookalike_rule_fires_on_its_own_examples() -> None:
    lexicon = default_lexicon()
    for rule in lexicon.lookalikes:
        assert rule.examples, f"{rule.id} has no examples"
        for example in rule.examples:
            fired = {look.rule for look in find_lookalikes(example)}
            assert rule.id in fired, (rule.id, example, detect(example))


def test_counterfactual_would_is_a_plain_modal() -> None:
    for rule in default_lexicon().reclassify:
        for example in rule.examples:
            hits = [hit for hit in find_hedges(example) if hit.text.startswith("would")]
            assert [hit.category for hit in hits] == [rule.category], example


def test_hits_carry_exact_offsets_and_their_sentence() -> None:
    text = "Officials met on Monday.\n\nThe deal was reportedly signed. It may fail."
    hits = find_hedges(text)
    assert [(hit.text, hit.category) for hit in hits] == [
        ("reportedly", "distancing"),
        ("may", "epistemic-modal"),
    ]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
        assert hit.text in hit.sentence
    assert hits[0].sentence == "The deal was reportedly signed."
    assert hits[1].sentence == "It may fail."


def test_offsets_count_characters_not_bytes() -> None:
    text = "Café owners 🙂 say prices will probably rise."
    (hit,) = find_hedges(text)
    assert text[hit.start : hit.end] == "probably"


def test_curly_apostrophes_and_quotes_match_like_straight_ones() -> None:
    assert categories_of("It wouldn’t matter.") == {"wouldn’t": "epistemic-modal"}
    assert categories_of("They sent ‘volunteers’ to the front.") == {"‘volunteers’": "distancing"}


def test_scare_quotes_skip_titles_names_and_real_quotations() -> None:
    assert find_hedges("She read “Animal Farm” in one night.") == []
    assert find_hedges("He shouted “Stop” twice.") == []
    quotation = "He said: “we should let them do it, and soon.”"
    assert [hit.text for hit in find_hedges(quotation)] == ["said"]


def test_longest_phrase_wins() -> None:
    assert categories_of("It is believed that the vase was stolen.") == {
        "It is believed": "vague-sourcing"
    }
    assert categories_of("According to reports, it rained.") == {
        "According to reports": "vague-sourcing"
    }


def test_empty_and_unusual_text() -> None:
    assert find_hedges("") == []
    assert find_hedges("   \n\n ") == []
    assert find_hedges("1234 5678, 90!") == []
    assert categories_of("MAYBE") == {"MAYBE": "epistemic-adverb"}


def test_detection_is_plain_data() -> None:
    (hit,) = find_hedges("It may rain.")
    assert hit.to_dict() == {
        "start": 3,
        "end": 6,
        "text": "may",
        "category": "epistemic-modal",
        "sentence": "It may rain.",
        "phrase": "may",
    }


# --- the labelled sets ------------------------------------------------------------------


def labelled(name: str) -> list[dict]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))["sentences"]


@pytest.mark.parametrize("name", ["hedges_labelled.toml", "hedges_heldout.toml"])
def test_labelled_sets_quote_their_sentences_and_use_known_labels(name: str) -> None:
    lexicon = default_lexicon()
    rules = {rule.id for rule in lexicon.lookalikes}
    for entry in labelled(name):
        for quote, category, *_ in entry.get("hedges", []):
            assert quote in entry["text"]
            assert category in lexicon.category_ids
        for quote, rule in entry.get("lookalikes", []):
            assert quote in entry["text"]
            assert rule in rules


def test_development_set_covers_every_category_and_every_lookalike() -> None:
    entries = labelled("hedges_labelled.toml")
    categories = {item[1] for entry in entries for item in entry.get("hedges", [])}
    rules = {item[1] for entry in entries for item in entry.get("lookalikes", [])}
    assert categories == set(default_lexicon().category_ids)
    assert rules == {rule.id for rule in default_lexicon().lookalikes}


def test_development_set_lookalikes_are_all_recognised() -> None:
    for entry in labelled("hedges_labelled.toml"):
        looks = {(look.text, look.rule) for look in find_lookalikes(entry["text"])}
        for quote, rule in entry.get("lookalikes", []):
            assert (quote, rule) in looks, entry["text"]


# --- the lexicon file is validated ------------------------------------------------------

BROKEN_LEXICON = """
format = 1
colour = "red"

[word_classes]
be = ["is", "are"]

[[categories]]
id = "modal"
label = "modal"
short = "modal"
description = "d"
examples = "e"
phrases = ["may", "{verb} said", "*ing hello", "may", "[x]"]

[[lookalikes]]
id = "month"
label = "month"
applies_to = ["may"]
explanation = "the month"
when = [{ capitalised = true }]

[[reclassify]]
id = "r"
applies_to = ["may"]
category = "booster"
explanation = "x"
when = [{ in_sentence = ["if"] }]
"""


def test_a_broken_lexicon_reports_every_problem_with_its_field(tmp_path: Path) -> None:
    path = tmp_path / "my_lexicon.toml"
    path.write_text(BROKEN_LEXICON, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_lexicon(path)
    problems = {(p.file, p.field): p.message for p in caught.value.problems}
    assert ("my_lexicon.toml", "colour") in problems
    assert "allowed fields are" in problems["my_lexicon.toml", "colour"]
    assert "not a word class" in problems["my_lexicon.toml", "categories[0].phrases[1]"]
    assert "be" in problems["my_lexicon.toml", "categories[0].phrases[1]"]
    assert "plain words" in problems["my_lexicon.toml", "categories[0].phrases[2]"]
    assert "already in category" in problems["my_lexicon.toml", "categories[0].phrases[3]"]
    assert "context" in problems["my_lexicon.toml", "categories[0].phrases[4]"]
    assert "capitalized" in problems["my_lexicon.toml", "lookalikes[0].when[0].capitalised"]
    assert "choose one of: modal" in problems["my_lexicon.toml", "reclassify[0].category"]


def test_a_missing_or_garbled_lexicon_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_lexicon(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("format = [", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid TOML"):
        load_lexicon(bad)


def test_a_custom_lexicon_is_used_instead_of_the_default(tmp_path: Path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text(
        'format = 1\n[word_classes]\nbe = ["is"]\n[[categories]]\nid = "guess"\nlabel = "guess"\n'
        'short = "g"\ndescription = "d"\nexamples = "e"\nphrases = ["{be} rumoured to"]\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    hits = find_hedges("She is rumoured to sing. It may rain.", lexicon)
    assert [(hit.text, hit.category) for hit in hits] == [("is rumoured to", "guess")]


def test_importing_the_detector_pulls_in_no_heavy_library() -> None:
    code = (
        "import sys, lessons.hedges.detector, lessons.hedges; "
        "print(sorted(m for m in ('matplotlib', 'pandas', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_categories_alone_match_the_whole_lexicons() -> None:
    assert default_categories() == default_lexicon().categories


def test_loading_the_case_leaves_the_patterns_uncompiled_until_a_hedge_is_checked() -> None:
    """A case's keys and a quiz without hedges need the category names only; compiling every
    pattern of the lexicon would add a fifth of a second to each `lessons grade`."""
    code = (
        "from lessons.skills import load_seed_case; from lessons import tasks; "
        "from lessons.hedges.detector import default_lexicon as lexicon; "
        "case = load_seed_case(); print(lexicon.cache_info().currsize); "
        "tasks.check(case, 'reliability/kyiv-post', {'levels': {}}); "
        "print(lexicon.cache_info().currsize); "
        "tasks.check(case, 'hedges/kyiv-post', {'marks': [[0, 5, 'modal']]}); "
        "print(lexicon.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0", "1"]
