"""One row per fact, for spreadsheets.

UTF-8 with a byte-order mark, so Excel shows non-Latin names correctly when
the file is opened by double-click (pandas: ``read_csv(path,
encoding="utf-8-sig")``).  Text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return)
get a leading apostrophe, the usual guard against formula injection:
evidence sentences come from documents nobody vetted.
"""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

from kg.exports.rows import FactRow, GraphReader

COLUMNS = (
    "subject",
    "subject_type",
    "relation",
    "object",
    "object_type",
    "date",
    "since",
    "until",
    "via",
    "market",
    "status",
    "share",
    "amount",
    "support",
    "confidence",
    "evidence",
    "sources",
    "subject_iri",
    "object_iri",
    "fact_iri",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A spreadsheet-safe cell: text that looks like a formula is quoted with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def fact_row(row: FactRow, reader: GraphReader) -> list[Any]:
    (s_name, s_type), (o_name, o_type) = reader.summary(row.subject), reader.summary(row.object)
    values = {
        "subject": s_name,
        "subject_type": s_type,
        "relation": row.relation,
        "object": o_name,
        "object_type": o_type,
        **dict(row.qualifiers),
        "support": row.support,
        "confidence": row.confidence,
        "evidence": row.evidence,
        "sources": "\n".join(row.sources),
        "subject_iri": row.subject,
        "object_iri": row.object,
        "fact_iri": row.iri,
    }
    return [cell(values.get(c)) for c in COLUMNS]


class SpreadsheetExporter:
    """CSV with one row per fact: names, classes, qualifiers, support, best evidence, sources."""

    name = "csv"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        try:
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(COLUMNS)
            for fact in reader.facts():
                writer.writerow(fact_row(fact, reader))
        finally:
            text.detach()
