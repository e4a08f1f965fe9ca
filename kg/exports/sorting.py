"""Sorting more lines than fit in memory: sorted runs on disk, merged lazily.

Exports are sorted so that the same graph gives the same bytes whatever store
or load order produced it.  Oxigraph's indexes are ordered by hashes of the
terms, not by their text, so sorting happens here: at most ``chunk`` lines
are held at a time; longer inputs spill to sorted run files in a temporary
folder, merged with :func:`heapq.merge`.  Lines must not contain ``\\n``
(IRIs and N-Triples lines never do).
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO

#: Lines held in memory before a sorted run is written to disk.
CHUNK = 200_000
#: Run files merged at once; more runs are merged in rounds.
FAN_IN = 64


def sorted_unique(lines: Iterable[str], *, chunk: int | None = None) -> Iterator[str]:
    """``lines`` in code-point order without repeats, in bounded memory.

    >>> list(sorted_unique(["b", "a", "b", "c"], chunk=2))
    ['a', 'b', 'c']
    """
    chunk = chunk or CHUNK
    buffer: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-sort-") as tmp:
        runs: list[Path] = []
        for line in lines:
            buffer.append(line)
            if len(buffer) >= chunk:
                runs.append(_write_run(Path(tmp), sorted(set(buffer))))
                buffer = []
        if not runs:
            yield from sorted(set(buffer))
            return
        if buffer:
            runs.append(_write_run(Path(tmp), sorted(set(buffer))))
            buffer = []
        yield from _unique(_merge(Path(tmp), runs))


def _write_run(folder: Path, lines: Iterable[str]) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, suffix=".run")
    path = Path(name)
    with open(handle, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
    return path


def _read_run(f: IO[str]) -> Iterator[str]:
    for line in f:
        yield line[:-1]


def _merge(folder: Path, runs: list[Path]) -> Iterator[str]:
    """Merge the runs, first in rounds of :data:`FAN_IN` when there are too many to open at once."""
    while len(runs) > FAN_IN:
        merged = []
        for start in range(0, len(runs), FAN_IN):
            group = runs[start : start + FAN_IN]
            with ExitStack() as stack:
                files = [stack.enter_context(p.open(encoding="utf-8", newline="\n")) for p in group]
                merged.append(_write_run(folder, _unique(heapq.merge(*map(_read_run, files)))))
            for path in group:
                path.unlink()
        runs = merged
    with ExitStack() as stack:
        files = [stack.enter_context(p.open(encoding="utf-8", newline="\n")) for p in runs]
        yield from heapq.merge(*map(_read_run, files))


def _unique(lines: Iterable[str]) -> Iterator[str]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line
