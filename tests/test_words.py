"""Numbers in text: thousands separators, and a noun that agrees with its number."""

from __future__ import annotations

import pytest

from reconcile.words import counted, number


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [
        (0, "account", "0 accounts"),
        (1, "account", "1 account"),
        (2, "account", "2 accounts"),
        (20_000, "account", "20,000 accounts"),
        (1, "independent source", "1 independent source"),
        (1_234_567, "independent source", "1,234,567 independent sources"),
    ],
)
def test_counted(n: int, noun: str, text: str) -> None:
    assert counted(n, noun) == text


def test_number() -> None:
    assert [number(n) for n in (0, 999, 1000, 20000)] == ["0", "999", "1,000", "20,000"]
