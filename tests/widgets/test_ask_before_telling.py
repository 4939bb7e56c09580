"""Ask before telling: what a lesson shows around a task never answers another lesson's
question. Lesson 01 asks what each page's dates tell and whether it is a translation, so the
articles shown in lessons 00, 02 and 04 carry no researched date, and no widget or chart names
what a page turns out to be (a translation of Il Messaggero, ZeroHedge's article)."""

from __future__ import annotations

import html
import re

import ipywidgets as w

import lessons
from lessons.casestudy import Case
from lessons.widgets.start import ArticleReader


def _texts(widget: w.Widget) -> str:
    """Every HTML and label text inside ``widget``, unescaped."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, w.HTML | w.HTMLMath | w.Label):
            found.append(html.unescape(node.value))
        for child in getattr(node, "children", ()) or ():
            walk(child)

    walk(widget)
    return "\n".join(found)


def _researched_dates(case: Case) -> list[str]:
    return [article.date.label() for article in case.articles]


def test_lessons_02_and_04_show_the_article_without_its_researched_date(case: Case) -> None:
    for article in case.articles:
        for made in (lessons.trace(article.id), lessons.rate(article.id)):
            shown = _texts(made.view)
            assert "date confidence" not in shown, article.id
            assert article.date.label() not in shown, (article.id, article.date.label())


def test_lesson_00_shows_no_researched_date(case: Case) -> None:
    reader = ArticleReader()
    for article in case.articles:
        reader.picker.value = article.id
        assert all(label not in reader.text.value for label in _researched_dates(case))


def test_no_task_names_what_a_page_turns_out_to_be(case: Case) -> None:
    """The hedges box (lesson 03) and the other tasks name the page as met: never the
    original a translation translates, nor who published a republished page."""
    hidden = {
        name
        for article in case.articles
        for name in (
            article.translation_of.outlet if article.translation_of else "",
            article.publisher.split(":")[0] if article.publisher else "",
        )
        if name
    }
    assert hidden == {"Il Messaggero", "ZeroHedge"}
    for article in case.articles:
        for made in (
            lessons.read_closely(article.id),
            lessons.trace(article.id),
            lessons.find_hedges(article.id),
            lessons.rate(article.id),
        ):
            shown = _texts(made.view)
            shown = re.sub(r"<[^>]+>", " ", shown)
            body = article.body + (article.headline or "") + article.raw_text
            for name in hidden - {n for n in hidden if n in body}:
                assert name not in shown.replace(body, ""), (article.id, type(made), name)
            assert "translation of an article" not in shown, article.id
