"""Fact lines (JSONL) in exactly the shape ``loaders/jsonl.py`` reads, with provenance.

Entity lines come first (name, class, aliases, identifiers), then one
relation line per statement of each fact (so a fact three sources state is
three lines, and loading the file back gives it three statements again), then
one metric line per statement of each figure.  Names are the canonical names
and every line says the class of its subject (``s_type``); the object's class
follows from the entity lines and the relation's range (the loader reads any
``o_*`` field as a relation of an unnamed object, so ``o_type`` cannot be
written), so the resolver finds the same entities again.  ``source`` is the source the line
was cited from, or, when it cited none, the path it was loaded from:
provenance survives the round trip even though the loaded file is new.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from kg.exports.rows import EntityRow, FactRow, GraphReader, ObservationRow, Statement


def entity_line(row: EntityRow) -> dict[str, Any]:
    line: dict[str, Any] = {"entity": row.name, "type": row.type, "aliases": list(row.aliases)}
    line.update(row.identifiers)
    return line


def provenance_fields(statement: Statement) -> dict[str, Any]:
    """The provenance a fact line carries: evidence, confidence, span, extractor, note, cited source."""
    fields: dict[str, Any] = {}
    if statement.evidence:
        fields["evidence"] = statement.evidence
    fields["confidence"] = statement.confidence
    if statement.span:
        fields["span"] = list(statement.span)
    if statement.extractor:
        fields["extractor"] = statement.extractor
    if statement.note:
        fields["note"] = statement.note
    fields["source"] = statement.cited or statement.source
    return fields


def relation_lines(row: FactRow, reader: GraphReader) -> Iterator[dict[str, Any]]:
    (s_name, s_type), (o_name, _) = reader.summary(row.subject), reader.summary(row.object)
    base = {"s": s_name, "s_type": s_type, "p": row.relation, "o": o_name, **{k: v for k, v in row.qualifiers}}
    for statement in row.statements:
        yield {**base, **provenance_fields(statement)}


def metric_lines(row: ObservationRow, reader: GraphReader) -> Iterator[dict[str, Any]]:
    name, kind = reader.summary(row.subject)
    base = {"s": name, "s_type": kind, "metric": row.metric, "value": row.value, "unit": row.unit}
    if row.period:
        base["period"] = row.period
    for statement in row.statements:
        yield {**base, **provenance_fields(statement)}


def lines(reader: GraphReader) -> Iterator[dict[str, Any]]:
    """Entity lines, then relation lines, then metric lines."""
    for entity in reader.entities(described=True):
        yield entity_line(entity)
    for fact in reader.facts():
        yield from relation_lines(fact, reader)
    for observation in reader.observations():
        yield from metric_lines(observation, reader)


class FactLinesExporter:
    """JSONL fact lines that ``kg load`` reads back into the same entities, facts and figures."""

    name = "factlines"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        for line in lines(reader):
            out.write(json.dumps(line, ensure_ascii=False, allow_nan=False).encode("utf-8"))
            out.write(b"\n")
