"""The contract every loader follows: a name, suffixes, and ``load(path)``.

A loader turns one file into :mod:`kg.model` records with provenance.  It never
writes to a store; it raises :class:`kg.errors.LoaderError` naming the file and
line of the first bad record, so a file loads whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from kg.model import Record


class Loader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def load(self, path: Path) -> Iterator[Record]: ...


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a BOM is dropped); a one-line error otherwise."""
    from kg.errors import LoaderError

    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise LoaderError("binary file, not text", path=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LoaderError(f"not valid UTF-8 (byte {e.start})", path=str(path), line=line) from None
