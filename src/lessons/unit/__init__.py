"""The unit's lessons, rendered for any case: generic templates filled with the case's
articles, numbers and own wording (``lessons/*.md`` beside its ``case.toml``)."""

from lessons.unit.casetext import CaseText
from lessons.unit.render import (
    article_order,
    lesson_stems,
    notebook_text,
    read_text,
    render_lesson,
    render_unit,
)

__all__ = [
    "CaseText",
    "article_order",
    "lesson_stems",
    "notebook_text",
    "read_text",
    "render_lesson",
    "render_unit",
]
