"""PairTable, the lazily filled table of values per pair of distinct values: the matrix and the
dictionary give what `compute` gives for every pair met, `none` where a code is -1, and each
pair is computed once, however the pairs arrive (slices, threads)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from reconcile.match.evidence.base import PairTable


@pytest.mark.parametrize("dense_cells", [PairTable.DENSE_CELLS, 4])  # the matrix, then the dictionary
@pytest.mark.parametrize("seed", range(3))
def test_a_pair_table_gives_what_compute_gives(
    monkeypatch: pytest.MonkeyPatch, dense_cells: int, seed: int
) -> None:
    monkeypatch.setattr(PairTable, "DENSE_CELLS", dense_cells)
    computed: list[tuple[int, int]] = []

    def compute(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        computed.extend(zip(first.tolist(), second.tolist(), strict=True))
        return first * 100.0 + second + 0.5

    width = 30
    table = PairTable(compute, width, -7.0, np.float64)
    generator = np.random.default_rng(seed)
    first, second = (generator.integers(-1, width, 5000) for _ in range(2))
    with ThreadPoolExecutor(4) as pool:
        parts = list(
            pool.map(lambda at: table(first[at : at + 500], second[at : at + 500]), range(0, 5000, 500))
        )
    expected = np.where((first >= 0) & (second >= 0), first * 100.0 + second + 0.5, -7.0)
    assert np.concatenate(parts).tolist() == expected.tolist()
    assert len(computed) == len(set(computed))  # each pair once
    assert all(i >= 0 and j >= 0 for i, j in computed)
