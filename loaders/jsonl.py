"""JSONL fact lines: one JSON object a line, in the shape of the gold files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Record
from loaders.base import read_text, value_error
from loaders.factlines import records_from_line


class JsonlLoader:
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")

    def load(self, path: Path) -> Iterator[Record]:
        for number, text in enumerate(read_text(path).splitlines(), start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text, parse_constant=_no_constant)
            except json.JSONDecodeError as e:
                raise LoaderError(f"malformed JSON: {e.msg} (column {e.colno})", path=str(path), line=number) from None
            except ValueError as e:  # a number past Python's int-string digit limit, or NaN/Infinity
                raise LoaderError(f"malformed JSON: {value_error(e)}", path=str(path), line=number) from None
            except RecursionError:
                raise LoaderError("malformed JSON: nested too deeply", path=str(path), line=number) from None
            yield from records_from_line(line, source=str(path), number=number, extractor=self.name)


def _no_constant(name: str) -> float:
    """NaN and Infinity are not JSON (Python's parser accepts them); no figure can be either."""
    raise ValueError(f"{name} is not a JSON number")
