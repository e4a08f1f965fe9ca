"""A Cypher script that builds the graph in Neo4j: constraints, then batched ``UNWIND`` ... ``MERGE``.

A script cannot carry parameters, so each batch is a literal list of maps;
:func:`literal` writes every value as a Cypher literal (strings single-quoted
with backslash escapes, so no value can end a string early).  Labels and
relationship types come only from the ontology through
:func:`kg.stores.cypher.label` and :func:`kg.stores.cypher.rel_type`.  The
layout is the Neo4j store's (:mod:`kg.exports.neo4j_rows`).

Every statement ends with ``;`` at the end of a line and no string holds a raw
line break, so :func:`statements` splits a script safely.  Statements
``MERGE`` on ``iri``, so running the script twice changes nothing, and a run
that stopped half-way is completed by running it again.  Run it with
``cypher-shell -f graph.cypher``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from kg.errors import Unsupported
from kg.exports.neo4j_rows import (
    document_props,
    entity_labels,
    entity_props,
    evidence_rows,
    fact_props,
    observation_props,
    state_props,
)
from kg.exports.rows import GraphReader
from kg.stores import cypher

#: Rows per UNWIND statement.
BATCH = 500
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def string_literal(text: str) -> str:
    """A single-quoted Cypher string; control characters become escapes.

    >>> print(string_literal("it's a \\\\ path\\n"))
    'it\\'s a \\\\ path\\n'
    """
    out = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif c < " " or c == "\x7f":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "'" + "".join(out) + "'"


def literal(value: Any) -> str:
    """A Python value as a Cypher literal (null, boolean, integer, float, string, date, list or map)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise Unsupported(f"{value} has no Cypher literal")
    text = repr(value).replace("e+", "e")
    return text if ("." in text or "e" in text) else text + ".0"


def _key(name: str) -> str:
    return name if name.isidentifier() and name.isascii() else "`" + name.replace("`", "``") + "`"


def unwind(rows: list[dict[str, Any]], body: str) -> str:
    """``UNWIND [<rows>] AS row <body>;``, one row a line."""
    return "UNWIND [\n" + ",\n".join(literal(r) for r in rows) + "\n] AS row\n" + body.strip() + ";\n"


def statements(script: str) -> Iterator[str]:
    """The statements of a script this module wrote, without comments or the final ``;``."""
    current: list[str] = []
    for line in script.splitlines():
        if not current and (not line.strip() or line.startswith("//")):
            continue
        current.append(line)
        if line.endswith(";"):
            yield "\n".join(current)[:-1]
            current = []
    if current:
        yield "\n".join(current)


def _batches(rows: Iterator[Any], size: int | None = None) -> Iterator[list[Any]]:
    size = size or BATCH
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _labels(names: tuple[str, ...]) -> str:
    return "".join(f":{cypher.label(n)}" for n in names)


DOCUMENTS = f"MERGE (d:{cypher.label(cypher.DOCUMENT)} {{iri: row.iri}})\nSET d += row"
STATES = (
    f"MATCH (d:{cypher.label(cypher.DOCUMENT)} {{iri: row.document}})\n"
    f"MERGE (e:{cypher.label(cypher.ENTITY)} {{iri: row.entity}})\n"
    f"MERGE (d)-[s:{cypher.STATES}]->(e)\nSET s = row.state"
)
OBSERVATIONS = (
    f"MATCH (s:{cypher.label(cypher.ENTITY)} {{iri: row.subject}})\n"
    f"MERGE (o:{cypher.label(cypher.OBSERVATION)} {{iri: row.props.iri}})\nSET o += row.props\n"
    f"MERGE (s)-[:{cypher.HAS_OBSERVATION}]->(o)"
)

EVIDENCE = (
    f"MATCH (d:{cypher.label(cypher.DOCUMENT)} {{iri: row.document}})\n"
    f"MERGE (ev:{cypher.label(cypher.EVIDENCE)} {{iri: row.props.iri}})\nSET ev += row.props\n"
    f"MERGE (ev)-[:{cypher.PART_OF}]->(d)\nWITH ev, row\n"
    f"CALL (ev, row) {{ WITH ev, row WHERE row.figure\n"
    f"  MATCH (o:{cypher.label(cypher.OBSERVATION)} {{iri: row.props.fact}})\n"
    f"  MERGE (ev)-[:{cypher.SUPPORTS}]->(o) }}\nWITH ev, row\nUNWIND row.mentions AS m\n"
    f"MATCH (e:{cypher.label(cypher.ENTITY)} {{iri: m[1]}})\n"
    f"MERGE (ev)-[:{cypher.HAS_ENTITY} {{role: m[0]}}]->(e)"
)


def entities_statement(labels: tuple[str, ...]) -> str:
    """Entities sharing one set of labels (labels cannot come from a row without APOC)."""
    return (
        f"MERGE (e:{cypher.label(cypher.ENTITY)} {{iri: row.iri}})\n"
        f"SET e += row{', e' + _labels(labels[1:]) if len(labels) > 1 else ''}"
    )


def facts_statement(relation: str) -> str:
    return (
        f"MATCH (s:{cypher.label(cypher.ENTITY)} {{iri: row.s}})\n"
        f"MATCH (o:{cypher.label(cypher.ENTITY)} {{iri: row.o}})\n"
        f"MERGE (s)-[r:{cypher.rel_type(relation)} {{iri: row.props.iri}}]->(o)\nSET r += row.props"
    )


HEADER = (
    "// expansion-kg graph as Cypher: constraints first, then batched UNWIND ... MERGE statements.\n"
    "// Run: cypher-shell -u neo4j -p PASSWORD -f graph.cypher, or kg cypher --write @graph.cypher"
    "   (statements MERGE on iri: re-running changes nothing)\n"
)


class CypherExporter:
    """A Cypher script: the Neo4j store's constraints, then documents, entities, facts, figures and evidence."""

    name = "cypher"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        for text in self.script(reader):
            out.write(text.encode("utf-8"))

    def script(self, reader: GraphReader) -> Iterator[str]:
        yield HEADER
        yield "\n// schema\n"
        yield from (f"{s};\n" for s in cypher.schema_statements())
        yield f"{cypher.AWAIT_INDEXES};\n"
        yield "\n// documents\n"
        yield from (unwind(b, DOCUMENTS) for b in _batches(iter(map(document_props, reader.documents()))))
        yield "\n// entities, and what each source states about them\n"
        states: list[dict[str, Any]] = []
        yield from self._entities(reader, states)
        yield from (unwind(b, STATES) for b in _batches(iter(states)))
        yield "\n// facts, each followed by its statements as Evidence nodes\n"
        for fact in _batches(reader.facts()):
            yield from (
                unwind(
                    [{"s": f.subject, "o": f.object, "props": fact_props(f)} for f in group],
                    facts_statement(group[0].relation),
                )
                for group in _by_relation(fact)
            )
            yield from (
                unwind(b, EVIDENCE) for b in _batches(e for f in fact for e in evidence_rows(f, self._entity_iris))
            )
        yield "\n// figures, each followed by its statements as Evidence nodes\n"
        for batch in _batches(reader.observations()):
            yield unwind([{"subject": o.subject, "props": observation_props(o)} for o in batch], OBSERVATIONS)
            yield from (
                unwind(b, EVIDENCE) for b in _batches(e for o in batch for e in evidence_rows(o, self._entity_iris))
            )

    def _entities(self, reader: GraphReader, states: list[dict[str, Any]]) -> Iterator[str]:
        """Entities batched by label set, and their STATES links (which merge the entity node themselves)."""
        pending: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self._entity_iris: set[str] = set()
        for entity in reader.entities():
            self._entity_iris.add(entity.iri)
            labels = entity_labels(entity)
            pending.setdefault(labels, []).append(entity_props(entity))
            states.extend({"document": s.graph, "entity": entity.iri, "state": state_props(s)} for s in entity.states)
            if len(pending[labels]) >= BATCH:
                yield unwind(pending.pop(labels), entities_statement(labels))
            if len(states) >= BATCH:
                yield from (unwind(b, STATES) for b in _batches(iter(states)))
                states.clear()
        for labels in sorted(pending):
            yield unwind(pending[labels], entities_statement(labels))


def _by_relation(facts: list[Any]) -> Iterator[list[Any]]:
    group: list[Any] = []
    for fact in facts:
        if group and fact.relation != group[0].relation:
            yield group
            group = []
        group.append(fact)
    if group:
        yield group
