"""The matcher's pool of threads: numpy, pandas and Arrow let go of the GIL in their loops, so
partitions, slices of pairs, merge batches and reasons run side by side."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np

T = TypeVar("T")  # what a slice of work returns

WORKERS = min(4, os.cpu_count() or 1)


def in_slices(
    work: Callable[[np.ndarray, np.ndarray], T], a: np.ndarray, b: np.ndarray, at_once: int
) -> list[T]:
    """work(a[s], b[s]) for consecutive slices s of `at_once` pairs, in the pool of threads; the
    results in slice order."""
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(
            pool.map(lambda at: work(a[at : at + at_once], b[at : at + at_once]), range(0, len(a), at_once))
        )
