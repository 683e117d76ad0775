"""Time `reconcile extract` on texts of growing size: is it linear in the size of the text?

The text is the five texts of bench/extract/ repeated, paragraph after paragraph, up to the size
asked (each copy's places and figures as written: the extractor does the same work on every copy).
Each size runs in a fresh process; the parse and the reading of it are timed together, as
`reconcile extract FILE -o accounts.csv` runs them (the vocabulary's loading excluded; the
model's loading included, about 2 s). CPU
seconds of the process (time.process_time) are the figure to compare on a shared machine;
wall seconds are printed beside them.

    python bench/bench_extract.py --sizes 100000 1000000 5000000 [--timeout 900]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = sorted((HERE / "extract").glob("*.txt"))

ONE_RUN = """
import json, sys, time
from pathlib import Path
from reconcile.extract import extract
from reconcile.values import load_vocabulary
vocab = load_vocabulary()
start, cpu = time.perf_counter(), time.process_time()
rows = extract([Path(sys.argv[1])], published="2024-08-26", via="bench", vocab=vocab)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "accounts": len(rows)}))
"""


def make_text(size: int) -> str:
    copies = [path.read_text("utf-8").strip() for path in TEXTS]
    parts: list[str] = []
    total, n = 0, 0
    while total < size:
        part = copies[n % len(copies)]
        parts.append(part)
        total += len(part) + 2
        n += 1
    return "\n\n".join(parts)[:size].rsplit("\n\n", 1)[0] + "\n"


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    parser.add_argument("--timeout", type=float, default=900, help="seconds a size may take before it is cut")
    args = parser.parse_args()
    print("| characters | accounts | CPU seconds | wall seconds |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"text-{size}.txt"
            path.write_text(make_text(size), encoding="utf-8")
            chars = len(path.read_text("utf-8"))
            started = time.perf_counter()
            try:
                done = subprocess.run(
                    [sys.executable, "-c", ONE_RUN, str(path)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=True,
                )
            except subprocess.TimeoutExpired:
                print(f"| {chars:,} | | | > {time.perf_counter() - started:.0f} (cut) |", flush=True)
                continue
            result = json.loads(done.stdout)
            line = f"| {chars:,} | {result['accounts']:,} | {result['cpu']:.2f} | {result['seconds']:.2f} |"
            print(line, flush=True)


if __name__ == "__main__":
    main()
