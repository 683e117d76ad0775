"""`--explain`: why an account joined its incident, in words, and the incidents it was compared
with but did not join (near misses), each with the score and the reasons of the kinds of
evidence.
"""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from reconcile.match.blocking import candidate_pairs, label_pairs, undated_pairs
from reconcile.match.evidence import THRESHOLD, reasons, score_pairs
from reconcile.match.features import features
from reconcile.match.incidents import Matching, scopes_without_evidence
from reconcile.values import ParsedAccounts


def score_text(score: float) -> str:
    """A score as it is held (four decimals, trailing zeros dropped): rounding it further could
    show a near miss of 0.4950 as 0.50, beside "below the threshold 0.5"."""
    return f"{score:.4f}".rstrip("0").rstrip(".") or "0"


def explain(parsed: ParsedAccounts, matching: Matching, account_id: str) -> str:
    """Why an account joined its incident, and the incidents it nearly joined but did not."""
    f = features(parsed, matching.windows, matching.taxonomy)
    rows = np.flatnonzero(pc.equal(f.ids, account_id).to_numpy(zero_copy_only=False))
    if len(rows) == 0:
        raise KeyError(account_id)
    row = int(rows[0])
    incident_of = np.empty(len(f.scope), dtype=np.int64)
    for number, group in enumerate(matching.groups):
        incident_of[group] = number
    a, b = candidate_pairs(f, np.array([row]))
    n = len(f.scope)
    by_label_or_undated = np.concatenate([label_pairs(f, np.array([row])), undated_pairs(f)])
    mine = by_label_or_undated[(by_label_or_undated // n == row) | (by_label_or_undated % n == row)]
    a, b = np.concatenate([a, mine // n]), np.concatenate([b, mine % n])  # the global partitions' pairs
    others = np.where(a == row, b, a)
    others = others[others != row]
    mates = [r for r in matching.groups[incident_of[row]] if r != row]
    others = np.unique(np.concatenate([others, np.array(mates, dtype=np.int64)]))
    lines = [f"{account_id} is in {matching.ids[incident_of[row]]} with {len(mates)} other account(s)."]
    if f.scope[row] in scopes_without_evidence(f):
        said = "No account of its scope gives a date, a place or an incident label: all are one incident."
        return "\n".join([*lines, said]) + "\n"
    if len(others) == 0:
        return "\n".join([*lines, "No other account shares a block with it: nothing to compare."]) + "\n"
    score, veto = score_pairs(f, np.full(len(others), row), others)
    joined = [
        (s, o) for s, o, v in zip(score, others, veto, strict=True) if incident_of[o] == incident_of[row]
    ]
    missed: dict[int, tuple[float, int, bool]] = {}
    for s, o, v in zip(score, others, veto, strict=True):
        number = int(incident_of[o])
        # per incident, its strongest account that could be linked; a forbidden one only if none
        if number != incident_of[row] and (
            number not in missed or (not v, s) > (not missed[number][2], missed[number][0])
        ):
            missed[number] = (float(s), int(o), bool(v))
    lines.append("Joined:" if joined else "Joined: (alone)")
    ids = f.ids.to_pylist()
    for s, o in sorted(joined, key=lambda p: (-p[0], ids[p[1]])):
        lines.append(f"  {ids[o]}  score {score_text(s)}: " + "; ".join(reasons(f, row, int(o))))
    if missed:
        lines.append("Near misses (other incidents it was compared with):")
        for number, (s, o, v) in sorted(missed.items(), key=lambda kv: (-kv[1][0], kv[0])):
            why = (
                "forbidden: "
                if v
                else f"below the threshold {THRESHOLD}: "
                if s < THRESHOLD
                else "a contender: reaches the threshold, but the two incidents do not join as wholes "
                "(their accounts average below it, or two of them cannot be linked): "
            )
            lines.append(
                f"  {matching.ids[number]} via {ids[o]}  score {score_text(s)}, {why}"
                + "; ".join(reasons(f, row, o))
            )
    return "\n".join(lines) + "\n"
