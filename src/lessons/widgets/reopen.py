"""A reopened lesson shows one friendly line where each widget was, never "model not found".

A widget's output in a notebook names a model that lives only in the kernel that made it.
JupyterLab autosaves, so a lesson opened the next day (a new kernel) holds outputs whose
models are gone, and ipywidgets 8 shows "Error displaying widget: model not found" for
each: it always prefers the widget view for a trusted notebook and has no setting to fall
back to an output's other mimetypes.

So the fix is on the way to the disk. Every lesson widget's output carries, beside the
widget view, a ``text/html`` and ``text/plain`` line (:data:`RERUN_MESSAGE`, marked with
:data:`RERUN_CLASS`); this module is a Jupyter server extension whose pre-save hook keeps
only that line in the saved file, in a notebook that holds at least one such output (any
other widget output of that notebook gets the same line; other notebooks are untouched),
and drops saved widget state there. The page being edited keeps its live widgets; the
file on disk, and so every reopened notebook, shows the line until the cell is run again.

The package installs ``etc/jupyter/jupyter_server_config.d/lessons.json``, which enables
the extension in every Jupyter server of that environment: ``lessons start``, a plain
``jupyter lab``, and a JupyterHub's single-user servers whose image installs the wheel.
This module imports nothing heavy: it runs inside the server, not the kernel.

In app mode (the lessons in Voila, :func:`app_mode`) there is no cell to run: a page is
rendered afresh, cells and all, each time it is loaded, so the line says to reload the page
(:data:`APP_RERUN_MESSAGE`).
"""

from __future__ import annotations

import html
import os
from typing import Any

__all__ = [
    "APP_RERUN_MESSAGE",
    "RERUN_CLASS",
    "RERUN_MESSAGE",
    "WIDGET_VIEW",
    "app_mode",
    "fallback_bundle",
    "keep_fallbacks",
]

#: What a reopened lesson shows where each widget was.
RERUN_MESSAGE = (
    "Run this cell (or Run > Run All Cells) to bring your task back: your answers are saved."
)
#: The same line in app mode (Voila), where there are no cells to run.
APP_RERUN_MESSAGE = "Reload the page to bring your task back: your answers are saved."
#: The class that marks the line in an output's ``text/html``.
RERUN_CLASS = "lessons-rerun"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _rerun_html(message: str) -> str:
    return (
        f"<p class='{RERUN_CLASS}' style='margin:4px 0;padding:6px 10px;background:#fff8c5;"
        f"border:1px solid #d4a72c;border-radius:4px'>{html.escape(message)}</p>"
    )


RERUN_HTML = _rerun_html(RERUN_MESSAGE)


def app_mode() -> bool:
    """True in a kernel that Voila started (the lessons as an app, with no code and no
    cells to run). Voila sets ``SERVER_SOFTWARE`` to ``voila/<version>`` and the
    ``VOILA_*`` variables in the environment of every kernel it starts (voila 0.5's
    ``handler.py`` and ``voila_kernel_manager.py``); JupyterLab's kernels have neither."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/") or (
        "VOILA_PREHEAT" in os.environ
    )


def fallback_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """``bundle`` (a widget's mime bundle) with the rerun line as its HTML and text (in app
    mode, the line that says to reload the page)."""
    message = APP_RERUN_MESSAGE if app_mode() else RERUN_MESSAGE
    return {**bundle, "text/plain": message, "text/html": _rerun_html(message)}


def _outputs(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    cells = notebook.get("cells")
    found: list[dict[str, Any]] = []
    for cell in cells if isinstance(cells, list) else []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            if isinstance(output, dict) and isinstance(output.get("data"), dict):
                found.append(output)
    return found


def _is_lessons_output(output: dict[str, Any]) -> bool:
    shown = output["data"].get("text/html")
    text = "".join(shown) if isinstance(shown, list) else shown
    return isinstance(text, str) and RERUN_CLASS in text


def keep_fallbacks(model: dict[str, Any], **_kwargs: Any) -> None:
    """Jupyter pre-save hook: in a lessons notebook, save each widget output as its line.

    Changes ``model`` in place (the server then writes it). A notebook without a lessons
    widget output is left exactly as it is.
    """
    content = model.get("content")
    if model.get("type") != "notebook" or not isinstance(content, dict):
        return
    outputs = _outputs(content)
    if not any(_is_lessons_output(output) for output in outputs):
        return
    for output in outputs:
        data = output["data"]
        if WIDGET_VIEW in data:
            output["data"] = {key: value for key, value in data.items() if key != WIDGET_VIEW} | {
                "text/plain": RERUN_MESSAGE,
                "text/html": RERUN_HTML,
            }
    metadata = content.get("metadata")
    if isinstance(metadata, dict):
        widgets = metadata.get("widgets")
        if isinstance(widgets, dict):
            widgets.pop(WIDGET_STATE, None)
            if not widgets:
                del metadata["widgets"]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Where Jupyter server finds this extension (enabled by the shipped config file)."""
    return [{"module": "lessons.widgets.reopen"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Register :func:`keep_fallbacks` with the server's contents manager (added to any
    hooks already there, never replacing one)."""
    server_app.contents_manager.register_pre_save_hook(keep_fallbacks)
