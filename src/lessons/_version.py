"""The version of lessons, in one place: the package metadata (``pyproject.toml``), hand-in
files and ``lessons --version`` read it here, without the package's public table."""

__all__ = ["__version__"]

__version__ = "0.1.0"
