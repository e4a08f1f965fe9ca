"""Rendering rows for people (aligned tables) and programs (JSON, CSV).

Library code below both the queries and the CLI, so a query can render a table without importing click.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

#: Characters a terminal would act on or hide rather than show: control characters (a newline would
#: break the row), line separators, zero-width and bidi controls (U+202E reverses what follows).
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as a plain aligned text table; cells keep their text, control and bidi characters escaped."""
    columns = list(columns or (rows[0].keys() if rows else []))
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    headers = [_cell(c) for c in columns]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return " ".join(visible(str(value)).split())


def visible(text: str) -> str:
    """Text with its hidden characters written as escapes: a newline as ``\\n``, U+202E as ``\\u202e``.

    >>> visible("Line\\nBreak \\u202eRTL")
    'Line\\\\nBreak \\\\u202eRTL'
    """
    return _HIDDEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _csv_cell(row.get(c)) for c in columns})
    return out.getvalue().rstrip("\n")


def _csv_cell(value: Any) -> Any:
    return ";".join(map(str, value)) if isinstance(value, (list, tuple)) else value
