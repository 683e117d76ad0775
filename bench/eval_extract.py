#!/usr/bin/env python3
"""Precision and recall of `reconcile extract` against hand-annotated claims, by text and overall.

Two sets, each a YAML file of texts with their expected (source, field, value) triples:

- `bench/extract/dev.yaml`: the development set of issue 14, real excerpts (wire copy, army and
  ministry statements, militant claims as quoted, UN/NGO and activist updates) from nine
  regions, annotated before the parse-based extractor first ran; count fields only. A source
  may be written as alternatives ("regional governor|Vitaliy Kim"): the names a reader could
  fairly give that speaker.
- `bench/extract/gold.yaml`: the seed article and the texts written while the rules were built;
  every field.

A predicted triple is correct when a gold triple has the same field, a value that reads the same
(the same interval, place, actor or category) and the same source: the same name (case, accents
and a leading "the" aside), a name that holds all of a gold name's words in order ("Taliban-
appointed spokesman" for "spokesman"), or the same armed group under an alias. Predicted triples
are counted once each (two accounts of one source giving one figure are one triple).

Usage: python bench/eval_extract.py [--misses] [--set dev|gold|all]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

from reconcile.extract import extract
from reconcile.schema import CLAIM_KINDS, Kind
from reconcile.values import Vocabulary, load_vocabulary, parse_value, relation
from reconcile.values.text import fold

HERE = Path(__file__).resolve().parent / "extract"
SETS = {"dev": (HERE / "dev.yaml", HERE / "dev"), "gold": (HERE / "gold.yaml", HERE)}
Triple = tuple[str, str, str]
COUNT_FIELDS = [f for f, kind in CLAIM_KINDS.items() if kind == Kind.COUNT]


def _same(field: str, a: str, b: str, anchor: dt.date, vocab: Vocabulary) -> bool:
    kind = CLAIM_KINDS.get(field, Kind.TEXT)
    x, y = parse_value(kind, a, anchor, vocab), parse_value(kind, b, anchor, vocab)
    if not (x.parsed and y.parsed):
        return fold(a) == fold(b)
    return relation(x, y) == "agree"


def _words(name: str) -> list[str]:
    return re.findall(r"[\w-]+", re.sub(r"^the\s+", "", fold(name)))


def _holds(predicted: str, gold: str) -> bool:
    """Every word of `gold` in `predicted`, in order."""
    words, position = _words(predicted), 0
    for word in _words(gold):
        if word not in words[position:]:
            return False
        position = words.index(word, position) + 1
    return bool(_words(gold))


def score(name: str, spec: dict, vocab: Vocabulary, folder: Path, counts_only: bool):  # type: ignore[no-untyped-def]
    rows = extract([folder / name], published=spec["published"], via=spec["via"], vocab=vocab)
    fields = COUNT_FIELDS if counts_only else [f for f in CLAIM_KINDS if f != "event_type"]
    predicted = sorted({(r["source"], f, r[f]) for r in rows for f in fields if r.get(f)})
    gold = list(dict.fromkeys(tuple(t) for t in spec["expected"]))
    anchor = dt.date.fromisoformat(spec["published"])

    def same_source(a: str, names: str) -> bool:
        for b in names.split("|"):
            if fold(a) == fold(b) or _holds(a, b):
                return True
            if a and b and _same("claimed_by", a, b, anchor, vocab):
                return True
        return False

    def hit(p: Triple, g: Triple) -> bool:
        return p[1] == g[1] and same_source(p[0], g[0]) and _same(p[1], p[2], g[2], anchor, vocab)

    correct = [p for p in predicted if any(hit(p, g) for g in gold)]
    found = [g for g in gold if any(hit(p, g) for p in predicted)]
    missed = [g for g in gold if g not in found]
    extra = [p for p in predicted if p not in correct]
    return len(correct), len(predicted), len(found), len(gold), missed, extra


def evaluate(
    show_misses: bool = False, which: str = "gold"
) -> list[tuple[str, float, float, int, int, int, int]]:
    """(text, precision, recall, gold triples, extracted, correct, found) for each text of a set."""
    vocab = load_vocabulary()
    results = []
    for set_name in ("dev", "gold") if which == "all" else (which,):
        path, folder = SETS[set_name]
        spec = yaml.safe_load(path.read_text("utf-8"))["texts"]
        for name, text_spec in spec.items():
            correct, predicted, found, gold, missed, extra = score(
                name, text_spec, vocab, folder, counts_only=set_name == "dev"
            )
            precision = correct / predicted if predicted else (1.0 if not gold else 0.0)
            recall = found / gold if gold else 1.0
            results.append((name, precision, recall, gold, predicted, correct, found))
            if show_misses:
                for triple in missed:
                    print(f"  {name}: missed {triple}", file=sys.stderr)
                for triple in extra:
                    print(f"  {name}: extra  {triple}", file=sys.stderr)
    return results


def table(results: list[tuple[str, float, float, int, int, int, int]]) -> str:
    lines = ["| text | expected | extracted | precision | recall |", "|---|---:|---:|---:|---:|"]
    for name, precision, recall, gold, predicted, _, _ in results:
        lines.append(f"| {name} | {gold} | {predicted} | {precision:.2f} | {recall:.2f} |")
    gold = sum(r[3] for r in results)
    predicted = sum(r[4] for r in results)
    correct = sum(r[5] for r in results)
    found = sum(r[6] for r in results)
    lines.append(
        f"| **overall** | {gold} | {predicted} | {correct / predicted if predicted else 0:.2f} | "
        f"{found / gold if gold else 0:.2f} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--misses", action="store_true", help="list missed and extra triples on stderr")
    parser.add_argument("--set", choices=("dev", "gold", "all"), default="dev")
    args = parser.parse_args(argv)
    print(table(evaluate(args.misses, args.set)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
