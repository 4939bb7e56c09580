"""Small text utilities shared by the checkers: sentences, words and forgiving names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Span",
    "fold_marks",
    "normalize_name",
    "normalize_quote",
    "split_sentences",
    "word_count",
]

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
# A word starts with a letter or a digit, so a hyphen typed as a dash (" - ") is not one.
_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w[\w’'-]*", re.UNICODE)
_ARTICLES = {"the", "a", "an"}
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class Span:
    """A stretch of a text by character offsets, with the text it covers."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences (and lines), keeping exact character offsets."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append_trimmed(spans, text, start, match.start() + len(match.group(0).rstrip()))
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    offset = start + (len(piece) - len(piece.lstrip()))
    spans.append(Span(offset, offset + len(stripped), stripped))


def word_count(text: str) -> int:
    """Count the words of ``text`` the way a reader would (numbers count as words)."""
    return len(_WORD.findall(text))


def fold_marks(text: str) -> str:
    """``text`` with curly quotes and long dashes made plain, one character for one, so
    offsets into the folded text are offsets into ``text``."""
    return text.translate(_QUOTE_MARKS)


def normalize_quote(text: str) -> str:
    """Fold typographic quotes, dashes and white space so pasted quotes still match."""
    return " ".join(fold_marks(text).split())


@lru_cache(maxsize=4096)
def normalize_name(name: str) -> str:
    """Reduce a source's name to a key that ignores case, accents, punctuation and "the".

    Remembered (a bounded cache): checkers resolve the same few names for every answer.

    >>> normalize_name("The N.Y. Post")
    'ny post'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"(?<=\w)[.'’](?=\w)", "", plain)
    words = re.findall(r"\w+", plain)
    while words and words[0] in _ARTICLES:
        words.pop(0)
    return " ".join(words)
