"""Writing output files safely: whole or not at all, and never over an input.

Owns the two rules every command that writes a file follows (report, extract; the match table
has its own writer in reconcile/match/table.py): a file is written into a temporary file in
the same folder and renamed over the target (os.replace, atomic on POSIX), so a reader, a
crash or a signal never leaves half a file, and the temporary file is removed on any failure;
and an output that is one of the inputs (the same file by any path: symlinks followed, hard
links seen) is refused before anything is read.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file: the same resolved path (symlinks followed), or, where
    both exist, the same inode (a hard link)."""
    first, second = Path(a), Path(b)
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet)
        return False


def clashing(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str] | None]) -> str | None:
    """The first input that `output` would overwrite, or None."""
    for path in inputs:
        if path is not None and same_file(output, path):
            return str(path)
    return None


def _mode_for(target: Path) -> int:
    """The permissions the written file gets: the old file's, else what a plain open() would give."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file object to write `path` through: the text goes to a temporary file beside the
    target and is renamed over it only when the block ends without an exception (signals the
    CLI turns into exceptions included); otherwise the temporary file is removed and the old
    file, if any, is left as it was. A symlink keeps pointing where it did: its target is written."""
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    try:
        with open(
            handle,
            "wb" if binary else "w",
            encoding=None if binary else "utf-8",
            newline=None if binary else "",
        ) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8, newlines as given) to `path` whole or not at all: see atomic_writer."""
    with atomic_writer(path) as file:
        file.write(text)


__all__ = ["atomic_writer", "clashing", "same_file", "write_text_atomically"]
