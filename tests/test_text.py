"""Text utilities: sentences keep exact offsets, words count as a reader counts them, and
quotes and names still match whatever marks, spacing, case or accents a student types."""

from __future__ import annotations

import doctest
from itertools import pairwise

import pytest

from lessons import text
from lessons.resources import seed_case_dir
from lessons.text import (
    fold_marks,
    normalize_name,
    normalize_quote,
    split_sentences,
    word_count,
)

SEED_TEXTS = {path.stem: path.read_text(encoding="utf-8") for path in seed_case_dir().glob("*.txt")}

TRICKY = (
    "He said: “We will go.” Then he left.",
    "It rained. It's over!\nNew line here",
    'Really? "Yes." (Maybe.) [Ok.] 100 people came… 2022 was long.',
    "  Leading and trailing space.   Second one.  ",
    "Headline without a full stop\n\n\nFirst paragraph. Second sentence.\r\nLast line",
    "U.S. online media said 3.5 per cent. Fine.",
    "",
)


def visible(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("body", [*TRICKY, *SEED_TEXTS.values()])
def test_every_sentence_is_the_exact_slice_of_the_text_and_nothing_is_lost(body: str) -> None:
    spans = split_sentences(body)
    for span in spans:
        assert body[span.start : span.end] == span.text
        assert span.text and span.text == span.text.strip()
    for before, after in pairwise(spans):
        assert before.end <= after.start
    # Every character a reader sees is in exactly one sentence, in order.
    assert "".join(visible(span.text) for span in spans) == visible(body)


@pytest.mark.parametrize(
    ("body", "sentences"),
    [
        ("It rained. It stopped.", ["It rained.", "It stopped."]),
        ("Is it true? Nobody knows! Really.", ["Is it true?", "Nobody knows!", "Really."]),
        ("Troops were ready… 100,000 of them.", ["Troops were ready…", "100,000 of them."]),
        (
            "The war began in 2022. 2024 was different.",
            ["The war began in 2022.", "2024 was different."],
        ),
    ],
)
def test_sentences_end_at_full_stops_question_marks_and_exclamations(
    body: str, sentences: list[str]
) -> None:
    assert [span.text for span in split_sentences(body)] == sentences


@pytest.mark.parametrize(
    ("body", "sentences"),
    [
        ("He said: “We will go.” Then he left.", ["He said: “We will go.”", "Then he left."]),
        ('He said "go." "Now," he added.', ['He said "go."', '"Now," he added.']),
        ("He said ‘go.’ ‘Now’ he said.", ["He said ‘go.’", "‘Now’ he said."]),
        ("It was fake (officially.) Then quiet.", ["It was fake (officially.)", "Then quiet."]),
    ],
)
def test_a_closing_quote_after_the_full_stop_stays_with_its_sentence(
    body: str, sentences: list[str]
) -> None:
    assert [span.text for span in split_sentences(body)] == sentences


@pytest.mark.parametrize(
    "body",
    [
        "North Korea offers troops\nRussia says the reports are fake",
        "North Korea offers troops\r\n\r\nRussia says the reports are fake",
        "North Korea offers troops\n   \n\nRussia says the reports are fake\n",
    ],
)
def test_every_line_is_its_own_sentence_even_without_a_full_stop(body: str) -> None:
    assert [span.text for span in split_sentences(body)] == [
        "North Korea offers troops",
        "Russia says the reports are fake",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "U.S. online media company Business Insider",
        "Up 3.5 per cent",
        "Wait...what happened",
        "It was 100,000.Or so they said",
    ],
)
def test_a_full_stop_inside_a_sentence_does_not_split_it(body: str) -> None:
    assert [span.text for span in split_sentences(body)] == [body]


@pytest.mark.parametrize("body", ["", "   ", "\n\n \t\n"])
def test_blank_text_has_no_sentences(body: str) -> None:
    assert split_sentences(body) == []


@pytest.mark.parametrize(
    ("words", "count"),
    [
        ("North Korea offered 100,000 soldiers", 5),
        ("100,000", 1),
        ("1,000,000 people", 2),
        ("up 3.5 per cent", 4),
        ("Kim Jong-un", 2),
        ("don’t say it's fake", 4),
        ("“Fake,” said the ministry — twice.", 5),
        ("(DPR) and (LPR)", 3),
        ("", 0),
        ("… — – “ ” !", 0),
    ],
)
def test_words_are_counted_as_a_reader_counts_them(words: str, count: int) -> None:
    assert word_count(words) == count


def test_a_hyphen_typed_as_a_dash_is_not_a_word() -> None:
    assert word_count("Korotchenko - a TV pundit - named no source") == 7
    assert word_count("yes -- no") == 2


@pytest.mark.parametrize("name", sorted(SEED_TEXTS))
def test_splitting_into_sentences_never_cuts_a_word(name: str) -> None:
    body = SEED_TEXTS[name]
    assert sum(word_count(span.text) for span in split_sentences(body)) == word_count(body)


@pytest.mark.parametrize(
    ("typographic", "plain"),
    [("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")],
)
def test_curly_quotes_and_long_dashes_fold_to_what_a_keyboard_types(
    typographic: str, plain: str
) -> None:
    assert fold_marks(f"a{typographic}b") == f"a{plain}b"


def test_folding_marks_leaves_every_other_character_alone() -> None:
    untouched = 'Café Київ "100,000" - it\'s\u00a0fine… ¿sí? «non»'
    assert fold_marks(untouched) == untouched


CURLY_MARKS = "“”‘’–—"


@pytest.mark.parametrize("name", sorted(SEED_TEXTS))
def test_folding_an_article_keeps_its_length_and_leaves_no_curly_mark(name: str) -> None:
    original = SEED_TEXTS[name]
    folded = fold_marks(original)
    assert len(folded) == len(original)
    assert not any(mark in folded for mark in CURLY_MARKS)
    assert fold_marks(folded) == folded


def test_a_straight_quote_typed_by_a_student_finds_the_curly_one_in_the_article() -> None:
    typed = '"through diplomatic channels"'
    (original,) = [body for body in SEED_TEXTS.values() if typed in fold_marks(body)]
    assert typed not in original
    start = fold_marks(original).index(typed)
    assert original[start : start + len(typed)] == "“through diplomatic channels”"


@pytest.mark.parametrize(
    "pasted",
    [
        '"through diplomatic channels"',
        "“through diplomatic channels”",
        "  “through\ndiplomatic   channels”\n",
        "“through\u00a0diplomatic\tchannels”",
    ],
)
def test_a_pasted_quote_matches_whatever_its_quote_marks_and_spacing(pasted: str) -> None:
    assert normalize_quote(pasted) == normalize_quote("“through diplomatic channels”")
    assert "  " not in normalize_quote(pasted)
    assert normalize_quote(pasted) == normalize_quote(pasted).strip()


def test_a_quote_with_a_different_word_still_does_not_match() -> None:
    assert normalize_quote("“100,000 soldiers”") != normalize_quote('"10,000 soldiers"')
    assert normalize_quote("Kim — Putin") == normalize_quote("Kim - Putin")
    assert normalize_quote("Kim — Putin") != normalize_quote("Kim Putin")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("NY Post", "The N.Y. Post"),
        ("new york post", "The New York Post"),
        ("regnum", "REGNUM"),
        ("cafe muller", "Café Müller"),
        ("Kyiv Post!", "the Kyiv Post"),
        ("Newsweek's", "Newsweek’s"),
        ("Rossiya 1", "Rossiya-1"),
        ("  the   Daily\nMail ", "Daily Mail"),
        ("регнум", "РЕГНУМ"),
    ],
)
def test_names_match_whatever_the_case_accents_punctuation_and_leading_the(
    typed: str, expected: str
) -> None:
    assert normalize_name(typed) == normalize_name(expected)
    assert normalize_name(typed)  # never folded away to nothing


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kyiv Post", "Kyiv Independent"),
        ("New York Post", "New York Times"),
        ("Voice of the People", "Voice of People"),
        ("Theatre Daily", "Daily"),
        ("Регнум", "Ренгум"),
    ],
)
def test_different_names_stay_different(one: str, other: str) -> None:
    assert normalize_name(one) != normalize_name(other)


def test_the_docstring_examples_hold() -> None:
    result = doctest.testmod(text, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
