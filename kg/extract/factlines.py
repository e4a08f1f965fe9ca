"""Records as fact lines: the JSONL shape of the gold files, loadable by ``kg load``.

Entity lines come first, then relation lines, then metric lines, each group
in the order the records came, so the same document always prints the same
lines.  Provenance travels in the ``source``, ``evidence``, ``span``,
``extractor`` and ``confidence`` fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg.model import QUALIFIERS, Entity, Fact, Observation, Provenance, Record


def to_fact_lines(records: Iterable[Record]) -> Iterator[dict[str, Any]]:
    """Entity lines, relation lines and metric lines for ``records`` (documents are skipped).

    >>> from kg.model import Fact
    >>> line = next(to_fact_lines([Fact("Acme", "expandsInto", "Japan", (("date", "2026-02"),))]))
    >>> {k: line[k] for k in ("s", "p", "o", "date")}
    {'s': 'Acme', 'p': 'expandsInto', 'o': 'Japan', 'date': '2026-02'}
    """
    records = list(records)
    yield from (_entity(r) for r in records if isinstance(r, Entity))
    yield from (_fact(r) for r in records if isinstance(r, Fact))
    yield from (_metric(r) for r in records if isinstance(r, Observation))


def _entity(e: Entity) -> dict[str, Any]:
    line: dict[str, Any] = {"entity": e.name, "type": e.type, "aliases": list(e.aliases)}
    line.update(dict(e.identifiers))
    return line


def _fact(f: Fact) -> dict[str, Any]:
    line: dict[str, Any] = {"s": f.subject, "p": f.relation, "o": f.object}
    qualifiers = dict(f.qualifiers)
    line.update({k: qualifiers[k] for k in QUALIFIERS if k in qualifiers})
    if f.note:
        line["note"] = f.note
    return line | _provenance(f.provenance)


def _metric(o: Observation) -> dict[str, Any]:
    line: dict[str, Any] = {"s": o.subject, "metric": o.metric, "value": o.value, "unit": o.unit}
    if o.period:
        line["period"] = o.period
    if o.subject_type:
        line["s_type"] = o.subject_type
    if o.note:
        line["note"] = o.note
    return line | _provenance(o.provenance)


def _provenance(p: Provenance) -> dict[str, Any]:
    line: dict[str, Any] = {"source": p.source}
    if p.evidence is not None:
        line["evidence"] = p.evidence
    if p.span is not None:
        line["span"] = list(p.span)
    return line | {"extractor": p.extractor, "confidence": p.confidence}
