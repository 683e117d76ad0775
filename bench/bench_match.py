#!/usr/bin/env python3
"""Matching at scale: our matcher and splink side by side on the same generated files.

For each size, generates accounts with bench/gen_accounts.py (seed 1, the generator's defaults)
and runs each engine as a fresh process under GNU time: wall time (imports, reading and writing
included) and peak memory. Quality is pairwise precision, recall and F1 of the incidents each
engine forms, against the generator's truth; for splink also of its predicted links.

`reconcile match` is the command a user runs (reading, matching, reasons, writing the table);
"incidents only" is the library without reasons (bench/engines/ours.py), to show what the
reasons cost.

Usage: python bench/bench_match.py --sizes 10000 100000 1000000 [--repeat 3] [--skip splink] [--work /tmp/bm]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
# engine -> command (accounts file and output file are appended); each writes id,cluster or,
# for `reconcile match`, its own table (id, incident, ...)
ENGINES = {
    "reconcile match": ["-m", "reconcile.cli", "match"],
    "reconcile, incidents only": [str(HERE / "engines" / "ours.py")],
    "splink": [str(HERE / "engines" / "splink_run.py")],
}


def pair_count(labels: pd.Series) -> int:
    sizes = labels.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def cluster_scores(clusters: pd.DataFrame, truth: pd.Series) -> tuple[float, float, float]:
    labels = clusters.set_index("id")["cluster"].reindex(truth.index)
    labels = labels.fillna(pd.Series(range(-1, -len(labels) - 1, -1), index=labels.index))  # unlisted: alone
    both = pd.DataFrame({"p": labels.to_numpy(), "t": truth.to_numpy()}).value_counts()
    true_positive = int((both * (both - 1) // 2).sum())
    return _prf(true_positive, pair_count(labels), pair_count(truth))


THRESHOLDS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)


def link_scores(links: pd.DataFrame, truth: pd.Series) -> tuple[float, float, float, float]:
    """The best F1 over match-probability thresholds, with its precision, recall and threshold."""
    same = truth.loc[links["id_l"]].to_numpy() == truth.loc[links["id_r"]].to_numpy()
    probability = links["match_probability"].astype(float).to_numpy()
    (precision, recall, f1), threshold = max(
        ((_prf(int((same & (probability >= t)).sum()), int((probability >= t).sum()), pair_count(truth)), t)
         for t in THRESHOLDS),
        key=lambda scored: scored[0][2],
    )  # fmt: skip
    return precision, recall, f1, threshold


def _prf(true_positive: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(engine: str, accounts: Path, work: Path) -> tuple[float, float, Path, Path]:
    slug = engine.replace(" ", "-").replace(",", "")
    clusters, links = work / f"{slug}-{accounts.stem}.csv", work / f"{slug}-{accounts.stem}-links.csv"
    command = ["/usr/bin/time", "-f", "%M", sys.executable, *ENGINES[engine], str(accounts)]
    command += ["-o", str(clusters)] if engine == "reconcile match" else [str(clusters)]
    if engine == "splink":
        command.append(str(links))
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{engine} failed on {accounts}:\n{done.stderr[-3000:]}")
    peak_gb = int(done.stderr.strip().splitlines()[-1]) / 1e6
    return seconds, peak_gb, clusters, links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--skip", choices=list(ENGINES), action="append", default=[])
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine and size (median)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reconcile-bench-match"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}; generator seed {args.seed}\n")
    print("| accounts | engine | wall time | peak memory | incidents: P / R / F1 | links: P / R / F1 |")
    print("|---:|---|---:|---:|---|---|")
    for size in args.sizes:
        accounts, truth_file = args.work / f"accounts_{size}.csv", args.work / f"truth_{size}.csv"
        if not accounts.exists():
            subprocess.run(
                [sys.executable, str(HERE / "gen_accounts.py"), "-n", str(size), "--seed", str(args.seed),
                 "-o", str(accounts), "--truth", str(truth_file)],
                check=True, capture_output=True,
            )  # fmt: skip
        truth = pd.read_csv(truth_file, dtype=str).set_index("id").iloc[:, 0]
        for engine in ENGINES:
            if engine in args.skip:
                continue
            runs = [run(engine, accounts, args.work) for _ in range(args.repeat)]
            seconds = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            _, _, clusters, links = runs[-1]
            table = pd.read_csv(clusters, dtype={"id": str})
            if "incident" in table.columns:
                table = table.rename(columns={"incident": "cluster"})
            p, r, f = cluster_scores(table[["id", "cluster"]], truth)
            link = "—"
            if engine == "splink":
                lp, lr, lf, threshold = link_scores(
                    pd.read_csv(links, dtype={"id_l": str, "id_r": str}), truth
                )
                link = f"{lp:.2f} / {lr:.2f} / {lf:.2f} (best threshold {threshold})"
            print(
                f"| {size:,} | {engine} | {seconds:.1f} s | {peak:.2f} GB | "
                f"{p:.2f} / {r:.2f} / {f:.2f} | {link} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
