"""How numbers read in text, in every output: thousands separators ("20,000") and a noun that
agrees with its number ("1 account", "2 accounts")."""

from __future__ import annotations

IRREGULAR = {"is": "are", "was": "were", "this": "these"}


def number(n: int) -> str:
    """20000 -> "20,000"."""
    return f"{n:,}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """(1, "account") -> "1 account"; (20000, "account") -> "20,000 accounts"; the plural of the
    last word is given, or made by adding "s"."""
    if n == 1:
        return f"1 {noun}"
    if plural is None:
        head, _, last = noun.rpartition(" ")
        plural = f"{head} {IRREGULAR.get(last, last + 's')}".strip()
    return f"{number(n)} {plural}"
