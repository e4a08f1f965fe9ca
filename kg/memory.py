"""Bulk work without Python's cycle collector getting in the way.

Loading a source makes millions of small objects (quads, rows, dicts) that
live until the source is written.  Each pass of the cycle collector walks all
of them, and it runs again every few hundred thousand allocations, so a large
source spends about half its time being scanned for cycles it does not have.
Reference counting still frees everything as usual; collection resumes when
the bulk work ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector for the block (nested blocks leave it paused until the outermost ends)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def resumed_cycle_collection() -> Iterator[None]:
    """Collect cycles in the block, even inside a paused one: long work that leaves cyclic garbage as it goes
    (a database driver's sessions, transactions and results, part after part) would otherwise grow without
    bound."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()
