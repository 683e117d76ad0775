"""What a kind of evidence is: an ordered ladder of levels, each with its weight, its veto and
its words, and the helpers every kind uses to put values into words with Arrow's kernels.

A kind reads a pair of accounts into one level (or none, -1); its score contribution, its
veto and its reason in words all follow from that level, so that score and words cannot
drift apart. Like a splink comparison level, every level describes itself.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reconcile.schema import Kind as ValueKind
from reconcile.values import Column, ParsedAccounts, Value

if TYPE_CHECKING:
    from reconcile.match.features import Features

NONE = -1  # the level of a pair on which a kind says nothing


@dataclass(frozen=True)
class Level:
    """One rung of a kind's ladder.

    `says` describes the level for people (docs, --help); `weight` is what it adds to a pair's
    score, or None where the kind computes a weight per pair (its `weights` method says how);
    `phrase` is (before, between, after) around the two values the kind shows, or None where
    the level goes unsaid in a link's reasons; `veto` forbids the pair; `decides` makes the
    pair one incident whatever else is said (the user's own label)."""

    says: str
    weight: float | None
    phrase: tuple[str, str, str] | None = None
    veto: bool = False
    decides: bool = False

    def describe(self) -> str:
        effects = []
        if self.decides:
            effects.append("one incident, score 1")
        if self.weight is None:
            effects.append("weight varies")
        elif self.weight:
            effects.append(f"{self.weight:+.2f}")
        if self.veto:
            effects.append("never linked")
        return f"{self.says} ({', '.join(effects) or 'no weight'})"


class Kind(ABC):
    """A kind of evidence about a pair of accounts (a[i], b[i]), read from the features."""

    name: ClassVar[str]
    summary: ClassVar[str]  # one line: what the kind compares
    levels: ClassVar[tuple[Level, ...]]
    cheap: ClassVar[bool] = False  # its vetoes are tested before anything else is scored
    # its weights need no level (no level of it vetoes or decides, and no later kind reads it):
    # scoring then skips the level
    weighs_without_level: ClassVar[bool] = False

    @abstractmethod
    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        """Per pair, the index of its level (NONE where the kind says nothing); `earlier` holds
        the levels of the kinds before this one in the list."""

    def weights(self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray | None) -> np.ndarray:
        """Per pair, what the kind adds to the score: its level's weight (0 for NONE)."""
        assert level is not None
        return self.table("weight")[level]

    def table(self, what: str) -> np.ndarray:
        """A Level attribute of every level, as an array indexed by level (NONE: the last, 0)."""
        tables = self.__dict__.setdefault("_tables", {})
        if what not in tables:
            values = [getattr(lvl, what) or 0 for lvl in self.levels] + [0]
            tables[what] = np.array(values, dtype=float if what == "weight" else bool)
        return tables[what]

    def shown(
        self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        """Per pair, the two values the level's phrase shows (null or "" where it shows none)."""
        blank = pa.nulls(len(a), pa.string())
        return blank, blank

    def reasons(self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray) -> pa.Array:
        """Per pair, the reason in words ("" where the level goes unsaid)."""
        said = np.array([lvl.phrase is not None for lvl in self.levels] + [False])
        level = np.where(said[level], level, NONE)
        phrases = [lvl.phrase or ("", "", "") for lvl in self.levels]
        return phrased(level, phrases, *self.shown(f, a, b, level))

    @property
    def speaks(self) -> bool:
        """Whether any level of the kind is said in a link's reasons (a reason column)."""
        return any(lvl.phrase is not None for lvl in self.levels)

    def describe(self) -> str:
        return f"{self.name}: {self.summary}: " + "; ".join(lvl.describe() for lvl in self.levels)


def texts(values: Iterable[str]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def taken(values: pa.Array | pa.ChunkedArray, codes: np.ndarray) -> pa.Array:
    """values[codes], by Arrow."""
    return pc.take(whole(values), pa.array(codes, type=pa.int64()))


def whole(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One array of a chunked one: taking from many chunks at random costs ten times the copy."""
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def phrased(
    kind: np.ndarray, phrases: Sequence[tuple[str, str, str]], first: pa.Array, second: pa.Array
) -> pa.Array:
    """Per pair, the phrase of its level (an index into `phrases`; NONE: "") around two values:
    before + first + between + second + after. Values a phrase does not show are ""."""
    if not len(kind):
        return pa.nulls(0, pa.string())
    which = pa.array(np.maximum(kind, 0))
    before, between, after = (taken(texts(p[i] for p in phrases), which) for i in range(3))
    first, second = (pc.fill_null(value, "") for value in (first, second))
    text = pc.binary_join_element_wise(before, first, between, second, after, "")
    return pc.if_else(pa.array(kind >= 0), text, pa.scalar("", pa.string()))


class PairTable:
    """A value per pair of distinct codes, computed the first time a pair is met and kept: the
    pairs of distinct values that blocking brings together, never every pair of distinct values
    (tens of thousands of distinct phrases would make that quadratic). `compute` takes the new
    pairs' codes (two arrays) and returns their values; it must be pure. A code of -1 (no
    value) gives `none`. While there are few distinct values (DENSE_CELLS pairs at most) the
    values are kept in a matrix, filled as pairs are met, then read with no check once full;
    beyond, in a dictionary. Threads fill it one at a time."""

    DENSE_CELLS = 1 << 22

    def __init__(
        self, compute: Callable[[np.ndarray, np.ndarray], np.ndarray], width: int, none: float, dtype: type
    ) -> None:
        self._compute = compute
        self._width = width
        self._none = none
        self._dtype = dtype
        self._lock = threading.Lock()
        self._known: dict[int, object] = {}
        self._matrix: np.ndarray | None = None
        if (width + 1) ** 2 <= self.DENSE_CELLS:  # the last row and column: no value
            self._matrix = np.full((width + 1, width + 1), none, dtype=dtype)
            self._filled = np.zeros((width + 1, width + 1), dtype=bool)
            self._filled[-1, :] = self._filled[:, -1] = True
            self._unfilled = width * width

    def __call__(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The values for codes (first[i], second[i]), each below the width, or -1."""
        if self._matrix is None:
            return self._from_dictionary(first, second)
        if self._unfilled and not self._filled[first, second].all():
            with self._lock:
                missing = ~self._filled[first, second]
                new = np.unique(first[missing].astype(np.int64) * self._width + second[missing])
                rows, columns = new // self._width, new % self._width
                if len(new):
                    self._matrix[rows, columns] = self._compute(rows, columns)
                    self._filled[rows, columns] = True
                    self._unfilled -= len(new)
        return self._matrix[first, second]

    def __getstate__(self) -> dict[str, object]:
        """Pickled (Dask ships the features to its workers) with the values found so far, without
        the lock: each copy fills its own, and `compute` is pure, so copies agree."""
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _from_dictionary(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.full(len(first), self._none, dtype=self._dtype)
        valued = np.flatnonzero((first >= 0) & (second >= 0))
        codes, distinct = pd.factorize(first[valued].astype(np.int64) * self._width + second[valued])
        keys = distinct.tolist()
        with self._lock:
            known = self._known
            new = np.array([key for key in keys if key not in known], dtype=np.int64)
            if len(new):
                values = self._compute(new // self._width, new % self._width).tolist()
                known.update(zip(new.tolist(), values, strict=True))
        out[valued] = np.array([known[key] for key in keys], dtype=self._dtype)[codes]
        return out


def column(parsed: ParsedAccounts, field: str, kind: ValueKind) -> Column:
    """A field's values, or every account's value missing when no file has the column."""
    if field in parsed.values:
        return parsed.values[field]
    return Column(np.zeros(len(parsed.table), dtype=np.int64), [Value(kind, "", missing=True)])


def numbers(table: pd.DataFrame, name: str) -> np.ndarray:
    """An optional column's cells as numbers (coordinates, estimates, precision codes), NaN where
    a cell is empty or the column absent (the reader has checked the cells that are given)."""
    if name not in table.columns:
        return np.full(len(table), np.nan)
    return pd.to_numeric(table[name].replace("", None), errors="coerce").to_numpy(np.float64)


def per_account(values: Column, per_unique: list[float] | np.ndarray) -> np.ndarray:
    return np.asarray(per_unique, dtype=float)[values.codes] if len(values.codes) else np.zeros(0)


def codes_by(values: list[str], normalise: Callable[[str], str]) -> tuple[np.ndarray, list[str]]:
    """A code per text, shared by texts alike once normalised (codes in order of first
    appearance, as pd.factorize gives them), and the normalised texts by code; each distinct
    text is normalised once."""
    codes, distinct = pd.factorize(np.array(values, dtype=object))
    normal_codes, normal = pd.factorize(np.array([normalise(str(t)) for t in distinct], dtype=object))
    return normal_codes[codes], [str(t) for t in normal]
