#!/usr/bin/env python3
"""Precision and recall of `reconcile extract` against hand-annotated triples.

For each text in bench/extract/gold.yaml: extract accounts, turn them into (source, field,
value) triples, and count a predicted triple correct when a gold triple has the same source
(case and accents aside) and a value that reads the same (same interval, place, actor, category).
Prints a Markdown table; `--misses` lists what was missed and what was extra.

Usage: python bench/eval_extract.py [--misses]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from reconcile.extract import extract
from reconcile.schema import CLAIM_KINDS, Kind
from reconcile.values import Vocabulary, load_vocabulary, parse_value, relation
from reconcile.values.text import fold

HERE = Path(__file__).resolve().parent / "extract"
Triple = tuple[str, str, str]


def _same(field: str, a: str, b: str, anchor: dt.date, vocab: Vocabulary) -> bool:
    kind = CLAIM_KINDS.get(field, Kind.TEXT)
    x, y = parse_value(kind, a, anchor, vocab), parse_value(kind, b, anchor, vocab)
    if not (x.parsed and y.parsed):
        return fold(a) == fold(b)
    return relation(x, y) == "agree"


def score(name: str, spec: dict, vocab: Vocabulary) -> tuple[int, int, int, list[Triple], list[Triple]]:
    rows = extract([HERE / name], published=spec["published"], via=spec["via"], vocab=vocab)
    fields = [f for f in CLAIM_KINDS if f != "event_type"]
    predicted = sorted({(r["source"], f, r[f]) for r in rows for f in fields if r.get(f)})
    gold = [tuple(t) for t in spec["expected"]]
    anchor = dt.date.fromisoformat(spec["published"])

    def same_source(a: str, b: str) -> bool:  # the same name, or the same armed group under an alias
        return fold(a) == fold(b) or (bool(a) and bool(b) and _same("claimed_by", a, b, anchor, vocab))

    def hit(p: Triple, g: Triple) -> bool:
        return same_source(p[0], g[0]) and p[1] == g[1] and _same(p[1], p[2], g[2], anchor, vocab)

    correct = [p for p in predicted if any(hit(p, g) for g in gold)]
    found = [g for g in gold if any(hit(p, g) for p in predicted)]
    missed = [g for g in gold if g not in found]
    extra = [p for p in predicted if p not in correct]
    return len(correct), len(predicted), len(found), missed, extra  # type: ignore[return-value]


def evaluate(show_misses: bool = False) -> list[tuple[str, float, float, int, int]]:
    spec = yaml.safe_load((HERE / "gold.yaml").read_text("utf-8"))["texts"]
    vocab = load_vocabulary()
    results = []
    for name, text_spec in spec.items():
        correct, predicted, found, missed, extra = score(name, text_spec, vocab)
        precision = correct / predicted if predicted else 0.0
        recall = found / len(text_spec["expected"])
        results.append((name, precision, recall, len(text_spec["expected"]), predicted))
        if show_misses:
            for triple in missed:
                print(f"  {name}: missed {triple}", file=sys.stderr)
            for triple in extra:
                print(f"  {name}: extra  {triple}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--misses", action="store_true", help="list missed and extra triples on stderr")
    args = parser.parse_args(argv)
    print("| text | gold triples | extracted | precision | recall |\n|---|---:|---:|---:|---:|")
    for name, precision, recall, gold, predicted in evaluate(args.misses):
        print(f"| {name} | {gold} | {predicted} | {precision:.2f} | {recall:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
