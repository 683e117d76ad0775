"""Errors about the user's input: where the problem is and how to fix it.

Owned here so every stage raises the same kind of error; the CLI turns them
into exit status 2. A problem is located as the user's file has it: the line
an editor shows (CSV, TSV, JSONL, YAML), else the record number (JSON), the
account's id where it is known, and the column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_PROBLEMS = 20  # problems listed in one error; the rest are counted ("... and 7 more")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can.

    `row` is the record number (1-based, the first account is 1: the number in a default id
    `<stem>:<row>`); `line` is the line of the file where that record starts, header included
    (1-based), where the format has lines; `account` is the account's id where it is known."""

    file: str
    message: str
    fix: str = ""
    row: int | None = None
    column: str | None = None
    line: int | None = None
    account: str | None = None

    def where(self) -> str:
        parts = [self.file or "(no file)"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        elif self.row is not None:
            parts.append(f"record {self.row}")
        if self.account:
            parts.append(f"account {self.account!r}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class InputError(Exception):
    """The input cannot be used; carries the first problems found (at most MAX_PROBLEMS) and
    how many more there are."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        self.problems = problems
        self.more = more
        super().__init__("\n".join([*(str(p) for p in problems), *self.more_lines()]))

    def more_lines(self) -> list[str]:
        return [f"... and {self.more} more problem(s) like these"] if self.more else []

    @classmethod
    def capped(cls, problems: Iterable[Problem], total: int | None = None) -> InputError:
        """The first MAX_PROBLEMS problems; `total` counts them all where they were not all built."""
        listed = list(problems)
        kept = listed[:MAX_PROBLEMS]
        return cls(kept, max(total if total is not None else len(listed), len(listed)) - len(kept))
