"""The version a hand-in file names is the package's."""

from __future__ import annotations

from importlib.metadata import version

import lessons
from lessons._version import __version__


def test_the_version_is_the_packages() -> None:
    assert __version__ == lessons.__version__ == version("lessons")
