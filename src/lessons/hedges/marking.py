"""The text students mark: the headline, a blank line, then the body; answers and the
expert key count their character offsets in it.
"""

from __future__ import annotations

from lessons.casestudy import Article

__all__ = ["marking_parts", "marking_text"]


def marking_text(article: Article) -> str:
    """The text the span widget shows, in which answers and keys count their offsets.

    The headline (when the case gives one), a blank line, then :attr:`Article.body`. When
    the body already starts with the headline, the body alone.
    """
    return "".join(_parts(article))


def _parts(article: Article) -> tuple[str, str, str]:
    """(headline, separator, body) of the marking text; the first two may be empty."""
    body = article.body
    headline = (article.headline or "").strip()
    if not headline:
        return "", "", body
    first_line = body.split("\n", 1)[0].strip()
    if first_line == headline:
        rest = body[len(body.split("\n", 1)[0]) :]
        separator = rest[: len(rest) - len(rest.lstrip())]
        return body[: len(body.split("\n", 1)[0])], separator, rest.lstrip()
    return headline, "\n\n", body


def marking_parts(article: Article) -> dict[str, tuple[int, int]]:
    """Where the headline and the body lie in :func:`marking_text`, as (start, end)."""
    headline, separator, body = _parts(article)
    body_start = len(headline) + len(separator)
    return {"headline": (0, len(headline)), "body": (body_start, body_start + len(body))}
