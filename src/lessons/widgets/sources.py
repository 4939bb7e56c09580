"""Lesson 02's widgets: trace one article's sources, and see your chain beside the expert's.

Thin over :mod:`lessons.sources`: the widget collects the answer dict that module documents
(``named``, ``garbled``, ``immediate``, ``credited``, ``chain``), saves it as task
``sources/<article id>`` on every change, and shows the checker's feedback and, in practice
mode, :func:`lessons.sources.charts.chain_figure`. When the case study has no sources key (an
assessment copy of a teacher's own case), sources are typed by name instead of picked.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from lessons.casestudy import Article, Case, UnknownArticleError
from lessons.charts import FigureView
from lessons.feedback import Feedback
from lessons.sources import (
    MissingKeyError,
    SourcesKey,
    outlet_choices,
    source_choices,
)
from lessons.student import progress
from lessons.widgets._base import (
    TaskView,
    TaskWidget,
    alert,
    current_case,
    current_mode,
    find_article,
)
from lessons.widgets.start import article_html, reading_is_assessed

__all__ = ["ChainBuilder", "SourceTracer", "trace", "trace_chart"]

PICK_ONE = "Pick an outlet…"
#: The value of the "Pick ..." option: an empty string, not None. ipywidgets shows a
#: Dropdown whose value is None with nothing selected, so "Pick an outlet…" was blank.
NOTHING = ""
_WIDE = {"description_width": "initial"}


def _key_or_none(case: Case) -> SourcesKey | None:
    key = case.key("sources")
    return key if isinstance(key, SourcesKey) else None


def _names(value: object) -> list[str]:
    """The non-empty strings of a saved list (anything else in a damaged file is dropped)."""
    if not isinstance(value, list | tuple):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


class ChainBuilder:
    """Build the chain step by step: pick where the story came from, *Add step*, repeat.

    With a key the steps are picked from the story's outlets; without one they are typed.
    ``on_change`` is called after every change (the tracer saves the answer then).
    """

    def __init__(
        self, key: SourcesKey | None, start_name: str, choices: Sequence[tuple[str, str]]
    ) -> None:
        self.key = key
        self.start_name = start_name
        self.steps: list[str] = []
        self.on_change: list[Any] = []
        if choices:
            self.picker: w.Dropdown | w.Text = w.Dropdown(
                options=[(PICK_ONE, NOTHING), *choices],
                value=NOTHING,
                description="Next step back: it got the story from",
                style=_WIDE,
                layout=w.Layout(width="max-content"),
            )
        else:
            self.picker = w.Text(
                value="",
                placeholder="Type the name of an outlet or person",
                description="Next step back: it got the story from",
                style=_WIDE,
            )
        self.add_button = w.Button(
            description="Add step", icon="plus", tooltip="Add this source to the end of your chain"
        )
        self.remove_button = w.Button(
            description="Remove last step", tooltip="Take the last step off your chain"
        )
        self.clear_button = w.Button(description="Clear chain", tooltip="Start the chain again")
        self.display = w.HTML(layout=w.Layout(margin="4px 0"))
        self.add_button.on_click(lambda _b: self.add())
        self.remove_button.on_click(lambda _b: self.remove_last())
        self.clear_button.on_click(lambda _b: self.clear())
        self.view = w.VBox(
            [
                w.HBox([self.picker, self.add_button]),
                w.HBox([self.remove_button, self.clear_button]),
                self.display,
            ]
        )
        self._render()

    def name(self, step: str) -> str:
        if self.key is None:
            return step
        resolved = self.key.resolve(step)
        return self.key.name(resolved) if resolved else step

    def add(self, step: str | None = None) -> None:
        """Add ``step`` (or the picked one) to the end of the chain."""
        value = step if step is not None else self.picker.value
        if not isinstance(value, str) or not value.strip():
            self.display.value = self._html(
                "<span role='alert'>Pick a source first, then press <strong>Add "
                "step</strong>.</span>"
            )
            return
        self.steps.append(value.strip())
        self.picker.value = NOTHING
        self._changed()

    def remove_last(self) -> None:
        if self.steps:
            self.steps.pop()
            self._changed()

    def clear(self) -> None:
        if self.steps:
            self.steps.clear()
            self._changed()

    def set(self, steps: Sequence[str]) -> None:
        """Replace the chain (restoring a saved answer) without calling ``on_change``."""
        self.steps = list(steps)
        self._render()

    def _changed(self) -> None:
        self._render()
        for callback in self.on_change:
            callback()

    def _render(self) -> None:
        self.display.value = self._html("")

    def _html(self, message: str) -> str:
        esc = html.escape
        items = [f"<li><strong>{esc(self.start_name)}</strong> (the article)</li>"]
        items += [
            f"<li>got it from <strong>{esc(self.name(step))}</strong></li>" for step in self.steps
        ]
        if not self.steps:
            items.append(
                "<li><em>No steps yet: pick where the article got the story and press Add "
                "step.</em></li>"
            )
        return (
            f"<div aria-live='polite'><p style='margin:0'>Your chain so far:</p>"
            f"<ol class='lessons-chain' style='margin:2px 0'>{''.join(items)}</ol>{message}</div>"
        )


_NAMED_QUESTION = (
    "<p><strong>1. Which sources does the article name?</strong> Tick every outlet, "
    "person, body or vague source (like “reports” or “analysts”) it says the story or "
    "a fact comes from. Careful: some on the list are not in this article.</p>"
)
_GARBLED_QUESTION = (
    "<p><strong>2. Which of them does it describe wrongly?</strong> A misspelt name, the "
    "wrong kind of thing (a magazine called a TV show), a wrong title. Tick none if it "
    "gets them all right.</p>"
)
_IMMEDIATE_QUESTION = "3. Where did this article get the story?"
_CHAIN_QUESTION = (
    "<p><strong>5. Build the chain back to where the claim began.</strong> Start with "
    "where this article got the story, then where <em>that</em> outlet got it, and so "
    "on, until you reach a source that names no source of its own.</p>"
)


class SourceTracer(TaskView):
    """Trace one article: the sources it names, which it describes wrongly, where it got the
    story, whether it says so, and the chain back to where the claim began; then *Check*."""

    def __init__(self, article: Article, case: Case) -> None:
        self.case = case
        self.article = article
        self.key = _key_or_none(case)
        self.task_id = f"sources/{article.id}"
        self.checked = False  # pressed Check: the expert's chain may be shown
        self.chart = w.HTML(layout=w.Layout(max_width="62em"))
        parts = self._build_parts()
        self._wire_events()
        self.task = TaskWidget(  # puts the saved answer back into the parts
            self.task_id,
            parts,
            case=case,
            read=self._read,
            write=self._write,
            on_feedback=self._checked,
            watch=self._watched(),
            title=f"Trace the sources: {html.escape(article.outlet)}",
        )
        if self.task.mode == "assessment" and self.clue is not None:
            self.clue.layout.display = "none"  # hints belong to practice
        self.view = w.VBox([self.task.view, self.chart])

    # -- building the questions -----------------------------------------------------------

    def _build_parts(self) -> list[w.Widget]:
        """The article (and its clue), then questions 1 to 5. With the article's key the
        sources and outlets are picked from lists; without it they are typed."""
        case, article = self.case, self.article
        article_key = self.key.articles.get(article.id) if self.key else None
        with_key = self.key if article_key is not None else None
        choices = source_choices(case, article.id) if with_key is not None else []
        outlets = outlet_choices(case, article.id) if with_key is not None else []
        # The chain starts at the page as met (its outlet), not at the key's name for it
        # ("ZeroHedge" for the Tyler Durden page): lessons 01 and 05 ask who published it.
        self.chain = ChainBuilder(with_key, article.outlet, outlets)
        return [
            *self._build_reading(article_key.clue if article_key is not None else ""),
            *self._build_sources(choices),
            self._build_immediate(outlets),
            self._build_credited(),
            w.HTML(_CHAIN_QUESTION),
            self.chain.view,
        ]

    def _build_reading(self, clue: str) -> list[w.Widget]:
        """The article to read, and the key's clue for it, if it has one."""
        self.reader = w.Accordion(
            # The article alone answers lesson 01; shown whole while lesson 01 is assessed.
            children=[
                w.HTML(
                    article_html(self.article, raw=reading_is_assessed()),
                    layout=w.Layout(max_width="48em"),
                )
            ],
            titles=("Read the article",),
            selected_index=0,
        )
        self.clue: w.Accordion | None = None
        if not clue:
            return [self.reader]
        self.clue = w.Accordion(
            children=[w.HTML(f"<p>{html.escape(clue)}</p>")],
            titles=("A clue, if you are stuck",),
            selected_index=None,
        )
        return [self.reader, self.clue]

    def _build_sources(self, choices: Sequence[tuple[str, str]]) -> list[w.Widget]:
        """Questions 1 and 2: the sources named and those described wrongly, ticked from
        ``choices`` (name, source id), or typed one per line when there are none."""
        self.named: dict[str, w.Checkbox] = {}
        self.garbled: dict[str, w.Checkbox] = {}
        self.named_text: w.Textarea | None = None
        self.garbled_text: w.Textarea | None = None
        self.garbled_hint = w.HTML(
            "<p style='margin:0'><em>The sources you tick in question 1 appear here.</em></p>"
        )
        named_question, garbled_question = w.HTML(_NAMED_QUESTION), w.HTML(_GARBLED_QUESTION)
        if not choices:
            self.named_text = w.Textarea(
                description="Sources it names (one per line)",
                style=_WIDE,
                layout=w.Layout(width="36em"),
            )
            self.garbled_text = w.Textarea(
                description="Described wrongly (one per line)",
                style=_WIDE,
                layout=w.Layout(width="36em"),
            )
            return [named_question, self.named_text, garbled_question, self.garbled_text]
        for name, source_id in choices:
            self.named[source_id] = w.Checkbox(
                value=False, description=name, indent=False, layout=w.Layout(width="auto")
            )
            self.garbled[source_id] = w.Checkbox(
                value=False,
                description=f"{name} (described wrongly)",
                indent=False,
                layout=w.Layout(width="auto"),
            )
        self._show_garbled()
        grid = w.Layout(grid_template_columns="repeat(2, minmax(16em, 1fr))", width="100%")
        return [
            named_question,
            w.GridBox(list(self.named.values()), layout=grid),
            garbled_question,
            self.garbled_hint,
            w.GridBox(list(self.garbled.values()), layout=grid),
        ]

    def _build_immediate(self, outlets: Sequence[tuple[str, str]]) -> w.Widget:
        """Question 3: the outlet the article got the story from, picked or typed."""
        if outlets:
            self.immediate: w.Dropdown | w.Text = w.Dropdown(
                options=[(PICK_ONE, NOTHING), *outlets],
                value=NOTHING,
                description=_IMMEDIATE_QUESTION,
                style=_WIDE,
                layout=w.Layout(width="max-content"),
            )
        else:
            self.immediate = w.Text(
                value="",
                placeholder="Type the name of an outlet",
                description=_IMMEDIATE_QUESTION,
                style=_WIDE,
            )
        return self.immediate

    def _build_credited(self) -> w.Widget:
        """Question 4: whether the article says where it got the story."""
        self.credited = w.RadioButtons(
            options=[
                ("Yes: it names where it got the story", True),
                ("No: it does not say", False),
            ],
            value=None,
            description="4. Does the article say where it got the story?",
            style=_WIDE,
            layout=w.Layout(width="max-content"),
        )
        return self.credited

    def _wire_events(self) -> None:
        """Unticking a source in question 1 unticks it in question 2; a changed chain is
        saved. Wired before the shell restores the saved answer, as the shell's own
        save-on-change observers come after these."""
        for source_id, box in self.named.items():
            box.observe(lambda _change, sid=source_id: self._named_changed(sid), names="value")
        self.chain.on_change.append(self._chain_changed)

    def _watched(self) -> list[w.Widget]:
        """The controls whose every change is saved (the chain saves itself)."""
        texts = [t for t in (self.named_text, self.garbled_text) if t is not None]
        return [*self.named.values(), *self.garbled.values(), self.immediate, self.credited, *texts]

    # -- the answer as plain data ---------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        if self.named:
            named = [sid for sid, box in self.named.items() if box.value]
            garbled = [sid for sid, box in self.garbled.items() if box.value]
        else:
            named = _names((self.named_text.value if self.named_text else "").splitlines())
            garbled = _names((self.garbled_text.value if self.garbled_text else "").splitlines())
        immediate = self.immediate.value.strip() if isinstance(self.immediate.value, str) else None
        answer: dict[str, Any] = {
            "named": named,
            "garbled": garbled,
            "immediate": immediate or None,
            "credited": self.credited.value,
            "chain": list(self.chain.steps),
        }
        if self.checked:
            answer["checked"] = True
        return answer

    def _write(self, answer: Mapping[str, Any]) -> None:
        named, garbled = _names(answer.get("named")), _names(answer.get("garbled"))
        self.checked = answer.get("checked") is True
        if self.named:
            wanted_named = {self._resolve(n) for n in named}
            wanted_garbled = {self._resolve(n) for n in garbled}
            for sid, box in self.named.items():
                box.value = sid in wanted_named
            for sid, box in self.garbled.items():
                box.value = sid in wanted_garbled
            self._show_garbled()
        else:
            if self.named_text is not None:
                self.named_text.value = "\n".join(named)
            if self.garbled_text is not None:
                self.garbled_text.value = "\n".join(garbled)
        immediate = answer.get("immediate")
        if isinstance(self.immediate, w.Dropdown):
            resolved = self._resolve(immediate) if isinstance(immediate, str) else None
            values = {value for _label, value in self.immediate.options}
            self.immediate.value = resolved if resolved and resolved in values else NOTHING
        else:
            self.immediate.value = immediate if isinstance(immediate, str) else ""
        credited = answer.get("credited")
        self.credited.value = credited if isinstance(credited, bool) else None
        self.chain.set(_names(answer.get("chain")))

    def _named_changed(self, source_id: str) -> None:
        """Unticking a source in question 1 unticks it in question 2 too."""
        if not self.named[source_id].value:
            self.garbled[source_id].value = False
        self._show_garbled()

    def _show_garbled(self) -> None:
        """Question 2 offers only the sources ticked in question 1 (and any already marked)."""
        for source_id, box in self.garbled.items():
            shown = self.named[source_id].value or box.value
            box.layout.display = None if shown else "none"
        any_shown = any(box.layout.display is None for box in self.garbled.values())
        self.garbled_hint.layout.display = "none" if any_shown else None

    def _resolve(self, name: str) -> str:
        return (self.key.resolve(name) if self.key else None) or name

    def _chain_changed(self) -> None:
        self.task.changed()

    # -- checking -------------------------------------------------------------------------

    def _checked(self, answer: Mapping[str, Any], feedback: Feedback) -> None:
        """After *Check*: remember it was pressed, and in practice show the chains."""
        if self.task.mode == "practice" and feedback.is_valid:
            if not self.checked:
                self.checked = True  # remembered: trace_chart may now show the expert's chain
                self.task.save()
            try:
                view = FigureView(self._figure(answer))
            except (MissingKeyError, UnknownArticleError):
                self.chart.value = ""
            else:
                self.chart.value = view._repr_html_()
        else:
            self.chart.value = ""

    def _figure(self, answer: Mapping[str, Any]) -> Any:
        from lessons.sources.charts import chain_figure

        return chain_figure(self.case, self.article.id, _names(answer.get("chain")))


def trace(article_id: str) -> SourceTracer | w.HTML:
    """Trace the sources of one article (``"kyiv-post"``, ``"news-blog"``...)."""
    case = current_case()
    try:
        article = find_article(case, article_id)
    except UnknownArticleError as error:
        return alert(str(error))
    return SourceTracer(article, case)


def trace_chart(article_id: str) -> FigureView | w.HTML:
    """Your saved chain for one article beside the expert's chain, once you have traced
    that article and pressed Check (before that the chart would give the answer away)."""
    case = current_case()
    if current_mode() == "assessment":
        return alert(
            "This is an assessment: you will see the expert's chain after your teacher grades it."
        )
    try:
        article = find_article(case, article_id)
        from lessons.sources.charts import chain_figure

        saved = progress.load_answer(f"sources/{article.id}", case=case) or {}
        if saved.get("checked") is not True:
            return alert(
                f"Trace {article.outlet} and press Check first: then this chart shows your "
                "chain beside the expert's."
            )
        return FigureView(chain_figure(case, article.id, _names(saved.get("chain"))))
    except (UnknownArticleError, MissingKeyError) as error:
        return alert(str(error))
