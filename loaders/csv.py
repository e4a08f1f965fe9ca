"""CSV fact lines: a header row naming the fact-line fields, one line a row.

Empty cells are absent fields; ``aliases`` holds names separated by ``;``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Record
from loaders.base import read_text
from loaders.factlines import records_from_line


class CsvLoader:
    name = "csv"
    suffixes = (".csv",)

    def load(self, path: Path) -> Iterator[Record]:
        reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
        try:
            for row in reader:
                if None in row:
                    raise LoaderError("more cells than header columns", path=str(path), line=reader.line_num)
                line = {k.strip(): v for k, v in row.items() if k and v not in (None, "")}
                if line:
                    yield from records_from_line(line, source=str(path), number=reader.line_num, extractor=self.name)
        except csv.Error as e:
            raise LoaderError(f"malformed CSV: {e}", path=str(path), line=reader.line_num) from None
