"""The version of lessons, where a hand-in file can name it without importing the package's
public table (``lessons/__init__``, which points at the widgets)."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
