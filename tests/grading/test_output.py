"""What every written file shares: counts read as a teacher reads them."""

from __future__ import annotations

import pytest

from lessons.grading.output import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 students"), (1, "1 student"), (2, "2 students"), (10556, "10,556 students")],
)
def test_plural_agrees_with_the_count_and_separates_thousands(count: int, expected: str) -> None:
    assert plural(count, "student") == expected
