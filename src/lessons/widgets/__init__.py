"""The student-facing widgets, one module per lesson; all thin over the checkers."""

__all__: list[str] = []
