"""What makes a text cell safe in a spreadsheet: a cell that starts with one of FORMULA_STARTS
would be evaluated as a formula, so every CSV writer (the report's, the match table's) prefixes
it with an apostrophe."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
