"""Bulk work on Python objects: the cyclic garbage collector held off while a stage runs.

Reading and matching a million accounts creates millions of small objects (values, lists,
tuples) that live until the stage ends. Python's cyclic collector walks every live container
each time enough new ones are made, so at that scale it costs a fifth of the run and frees
nothing. `collector_paused` holds it off for the block and restores it after; reference
counting still frees everything that is not a cycle.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
