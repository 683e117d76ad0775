"""reconcile: where accounts of a violent event agree, and where they conflict.

The library API; the CLI only wraps it::

    import reconcile
    accounts = reconcile.load(["article.csv", "other-outlets.yaml"])
    report = reconcile.reconcile(accounts)
    html = reconcile.render(report, "html")   # or "md", "json", "csv"
    incidents = reconcile.match(accounts)     # a DataFrame: each account's incident, and why
    table = reconcile.to_frame(report)        # the report as a DataFrame, in long form

`reconcile` and `match` take any DataFrame of accounts (NaN, numbers, dates, columns left
out), read by `from_frame` as a file of the same records would be.
"""

from __future__ import annotations

from reconcile.errors import InputError, Problem
from reconcile.match import match_accounts as match
from reconcile.model import Report
from reconcile.pipeline import reconcile
from reconcile.read import from_frame, load
from reconcile.report import FORMATS, render, to_frame
from reconcile.values import load_vocabulary

__all__ = [
    "FORMATS",
    "InputError",
    "Problem",
    "Report",
    "from_frame",
    "load",
    "load_vocabulary",
    "match",
    "reconcile",
    "render",
    "to_frame",
]
