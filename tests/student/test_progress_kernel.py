"""Answers come back in a fresh kernel: what a student enters in one kernel is restored by
the widgets of the next (a restart, or the notebook reopened), driven through jupyter_client."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

KERNEL_TIMEOUT = 120

MAKE_WIDGETS = textwrap.dedent(
    """
    import ipywidgets as w
    from lessons.widgets._base import TaskWidget, current_case
    from lessons.widgets.start import ConfidenceSlider, NameBox

    names = NameBox()
    sure = ConfidenceSlider()
    levels = w.Dropdown(options=["", "met", "partly", "not-met"], description="Names its sources")
    task = TaskWidget(
        "reliability/kyiv-post",
        [levels],
        read=lambda: {"levels": {"names-sources": levels.value}},
        write=lambda saved: setattr(levels, "value", saved["levels"]["names-sources"]),
        case=current_case(),
        watch=[levels],
    )
    """
)


class Kernel:
    """A real IPython kernel with the student's workspace in its environment."""

    def __init__(self, workspace: Path) -> None:
        env = dict(os.environ, LESSONS_WORKSPACE=str(workspace), MPLBACKEND="Agg")
        env.pop("JUPYTERHUB_USER", None)
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(env=env, cwd=str(workspace))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=KERNEL_TIMEOUT)

    def run(self, code: str) -> str:
        """Run ``code``; return its printed output; fail on an error."""
        printed: list[str] = []
        errors: list[str] = []

        def hook(message: dict) -> None:
            content = message["content"]
            if message["msg_type"] == "stream":
                printed.append(content["text"])
            elif message["msg_type"] == "error":
                errors.append("\n".join(content["traceback"]))

        reply = self.client.execute_interactive(code, timeout=KERNEL_TIMEOUT, output_hook=hook)
        assert reply["content"]["status"] == "ok", "\n".join(errors)
        return "".join(printed)

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture
def kernels(tmp_path: Path) -> Iterator[list[Kernel]]:
    started: list[Kernel] = []
    yield started
    for kernel in started:
        if kernel.manager.is_alive():
            kernel.stop()


def test_a_fresh_kernel_restores_every_answer(tmp_path: Path, kernels: list[Kernel]) -> None:
    first = Kernel(tmp_path)
    kernels.append(first)
    first.run(MAKE_WIDGETS)
    first.run(
        "names.name.value = 'Kim Lee'\n"
        "names.save()\n"
        "sure.slider.value = 85\n"
        "levels.value = 'partly'\n"
    )
    first.stop()  # the kernel is gone: only the files on disk remain

    second = Kernel(tmp_path)
    kernels.append(second)
    second.run(MAKE_WIDGETS)
    shown = second.run(
        "print(names.name.value)\n"
        "print(sure.slider.value)\n"
        "print(levels.value)\n"
        "print(task.status.value)\n"
    ).splitlines()

    assert shown[0] == "Kim Lee"
    assert shown[1] == "85"
    assert shown[2] == "partly"
    assert "Your saved answer is back." in shown[3]
    assert (tmp_path / ".lessons" / "progress" / "kim-lee.json").is_file()
