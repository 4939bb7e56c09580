"""A reopened lesson shows one line where each widget was: the pre-save hook, the server
extension it is registered by, and the config file that enables it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jupyter_core.paths import jupyter_config_path
from jupyter_server.services.contents.filemanager import FileContentsManager

from lessons.widgets import reopen

VIEW = "application/vnd.jupyter.widget-view+json"
VIEW_DATA = {"version_major": 2, "version_minor": 0, "model_id": "abc123"}


def _output(data: dict[str, Any]) -> dict[str, Any]:
    return {"output_type": "display_data", "data": data, "metadata": {}}


def _notebook(*outputs: dict[str, Any], state: bool = True) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if state:
        metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": metadata,
        "cells": [
            {
                "cell_type": "code",
                "id": f"c{index}",
                "source": "x",
                "metadata": {},
                "execution_count": 1,
                "outputs": [output],
            }
            for index, output in enumerate(outputs)
        ],
    }


def test_a_lessons_notebook_is_saved_with_the_line_and_no_widget_view() -> None:
    lesson = _output(reopen.fallback_bundle({"text/plain": "VBox(...)", VIEW: VIEW_DATA}))
    plain_widget = _output({"text/plain": "Button(...)", VIEW: VIEW_DATA})
    table = _output({"text/plain": "a table", "text/html": "<table></table>"})
    model = {"type": "notebook", "content": _notebook(lesson, plain_widget, table)}

    reopen.keep_fallbacks(model=model, path="00.ipynb")

    outputs = [cell["outputs"][0]["data"] for cell in model["content"]["cells"]]
    for data in outputs[:2]:
        assert VIEW not in data
        assert data["text/plain"] == reopen.RERUN_MESSAGE
        assert "to bring your task back" in data["text/html"]
    assert outputs[2] == {"text/plain": "a table", "text/html": "<table></table>"}
    assert "widgets" not in model["content"]["metadata"]


def test_other_notebooks_are_saved_untouched() -> None:
    content = _notebook(_output({"text/plain": "Button(...)", VIEW: VIEW_DATA}))
    model = {"type": "notebook", "content": copy.deepcopy(content)}
    reopen.keep_fallbacks(model=model, path="other.ipynb")
    assert model["content"] == content
    text = {"type": "file", "content": "Run", "format": "text"}
    reopen.keep_fallbacks(model=text, path="notes.txt")
    assert text == {"type": "file", "content": "Run", "format": "text"}


def test_the_server_extension_rewrites_what_jupyter_saves(tmp_path: Path) -> None:
    manager = FileContentsManager(root_dir=str(tmp_path))

    class Server:
        contents_manager = manager

    (point,) = reopen._jupyter_server_extension_points()
    assert point["module"] == "lessons.widgets.reopen"
    reopen._load_jupyter_server_extension(Server())
    lesson = _output(reopen.fallback_bundle({"text/plain": "VBox(...)", VIEW: VIEW_DATA}))
    manager.save({"type": "notebook", "content": _notebook(lesson)}, "lesson.ipynb")

    saved = json.loads((tmp_path / "lesson.ipynb").read_text(encoding="utf-8"))
    data = saved["cells"][0]["outputs"][0]["data"]
    assert VIEW not in data
    assert "".join(data["text/plain"]) == reopen.RERUN_MESSAGE  # nbformat may split lines


def test_the_installed_package_enables_the_extension_in_every_jupyter_server() -> None:
    enabled = {}
    for folder in jupyter_config_path():
        config = Path(folder) / "jupyter_server_config.d" / "lessons.json"
        if config.is_file():
            enabled = json.loads(config.read_text(encoding="utf-8"))
    assert enabled == {"ServerApp": {"jpserver_extensions": {"lessons.widgets.reopen": True}}}


def test_jupyterlab_of_this_environment_never_shows_the_news_pop_up() -> None:
    """The wheel installs JupyterLab defaults (``overrides.d``) that turn off the news and
    update pop-up, which otherwise sat over the lesson's widgets: in ``lessons start``, a
    plain ``jupyter lab``, and a hub's servers whose image installs the wheel."""
    import json
    import sys

    from jupyterlab_server.settings_utils import _get_overrides

    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    shipped = json.loads((settings / "overrides.d" / "lessons.json").read_text())
    overrides, error = _get_overrides(str(settings))
    assert not error
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == shipped["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False


def test_app_mode_is_a_kernel_voila_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """Voila 0.5 sets ``SERVER_SOFTWARE=voila/<version>`` in each kernel it starts for a
    page, and ``VOILA_PREHEAT`` in the kernels it starts ahead of time."""
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert not reopen.app_mode()
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    assert reopen.app_mode()
    monkeypatch.setenv("SERVER_SOFTWARE", "TornadoServer/6.4")
    assert not reopen.app_mode()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert reopen.app_mode()


def test_in_app_mode_the_line_says_to_reload_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    data = reopen.fallback_bundle({"text/plain": "VBox(...)", VIEW: VIEW_DATA})
    assert data["text/plain"] == reopen.APP_RERUN_MESSAGE
    assert "Reload the page" in data["text/html"] and reopen.RERUN_CLASS in data["text/html"]
    assert "cell" not in reopen.APP_RERUN_MESSAGE.lower()
    assert data[VIEW] == VIEW_DATA


def test_the_installed_package_makes_its_voila_template_the_default() -> None:
    """``etc/jupyter/voila.json`` names the shipped template ("lessons"), which every Voila
    of the environment reads: standalone, and the server extension in a hub user's server."""
    import sys

    from voila.paths import collect_template_paths

    chosen = {}
    for folder in jupyter_config_path():
        config = Path(folder) / "voila.json"
        if config.is_file():
            chosen = json.loads(config.read_text(encoding="utf-8"))
    assert chosen == {"VoilaConfiguration": {"template": "lessons"}}
    template = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "lessons"
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    paths = collect_template_paths(["voila", "nbconvert"], "lessons", prune=True)
    assert str(template) in paths
    # Voila's own "lab" template is what it extends, so it must be found after it.
    assert any(path.endswith("voila/templates/lab") for path in paths)
