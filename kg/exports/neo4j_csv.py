"""CSV files in the layout of ``neo4j-admin database import full``, written into a folder.

The import tool takes several files (nodes and relationships, each with its
own header), so this export is a folder::

    documents.csv  entities.csv  observations.csv        nodes (iri:ID, :LABEL)
    evidence.csv
    states.csv  facts.csv  has_observation.csv           relationships (:START_ID, :END_ID, :TYPE)
    part_of.csv  has_entity.csv  supports.csv
    import.args                                          the import options, for neo4j-admin's @file
    after-import.cypher                                  constraints, and lists CSV cannot hold

Columns are typed (``support:long``, ``confidence:double``,
``aliases:string[]``, ``lines:long[]``); array elements are separated by
U+001F, which names and sentences do not contain, and fields may span lines.
Inside the folder, with the database stopped, run ``neo4j-admin database
import full neo4j @import.args`` (the database name must come first: the
file options take every name after them; add ``--overwrite-destination``
to replace an existing database).  Then start the server and run
``cypher-shell -f after-import.cypher``: it creates the Neo4j store's
constraints and indexes, and restores the lists the CSV format cannot hold (an
array of one empty string, and an empty array, both import as a missing
property).  The result is the Neo4j store's layout
(:mod:`kg.exports.neo4j_rows`); ``kg stats --store neo4j`` then gives the
embedded store's figures.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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
from kg.schema import load_schema
from kg.stores import cypher
from kg.stores.cypher import (
    DOCUMENT,
    EVIDENCE,
    HAS_ENTITY,
    HAS_OBSERVATION,
    IDENTIFIERS,
    OBSERVATION,
    OPTIONAL_LISTS,
    PART_OF,
    PROVENANCE_LISTS,
    STATES,
    SUPPORTS,
)

ARRAY_DELIMITER = "\x1f"
PROVENANCE_TYPES = {
    "sources": "string[]",
    "evidence": "string[]",
    "lines": "long[]",
    "confidences": "double[]",
    "extractors": "string[]",
    "citedSources": "string[]",
    "notes": "string[]",
    "spans": "string[]",
}
PROVENANCE_COLUMNS = [(p, PROVENANCE_TYPES[p]) for p in PROVENANCE_LISTS] + [
    ("support", "long"),
    ("confidence", "double"),
]
#: Property columns of each file: (property, neo4j-admin type); ``string`` is the default type.
NODE_FILES: dict[str, list[tuple[str, str]]] = {
    "documents.csv": [
        ("path", "string"),
        ("contentHash", "string"),
        ("loadedAt", "string"),
        ("title", "string"),
        ("publisher", "string"),
        ("author", "string"),
        ("published", "string"),
        ("layout", "long"),
    ],
    "entities.csv": [
        ("name", "string"),
        ("aliases", "string[]"),
        ("keys", "string[]"),
        ("isoCode", "string"),
        *[(k, "string") for k in IDENTIFIERS],
    ],
    "observations.csv": [
        ("metric", "string"),
        ("value", "double"),
        ("unit", "string"),
        ("period", "string"),
        *PROVENANCE_COLUMNS,
    ],
    "evidence.csv": [
        ("fact", "string"),
        ("relation", "string"),
        ("text", "string"),
        ("line", "long"),
        ("spanStart", "long"),
        ("spanEnd", "long"),
        ("confidence", "double"),
        ("extractor", "string"),
        ("citedSource", "string"),
        ("note", "string"),
    ],
}
RELATIONSHIP_FILES: dict[str, list[tuple[str, str]]] = {
    "states.csv": [
        ("types", "string[]"),
        ("name", "string"),
        ("aliases", "string[]"),
        ("keys", "string[]"),
        ("isoCode", "string"),
        *[(k, "string") for k in IDENTIFIERS],
    ],
    "facts.csv": [
        ("iri", "string"),
        ("date", "string"),
        ("since", "string"),
        ("until", "string"),
        ("share", "double"),
        ("amount", "string"),
        ("status", "string"),
        ("via", "string"),
        ("viaIri", "string"),
        ("market", "string"),
        ("marketIri", "string"),
        ("dateStart", "date"),
        ("dateEnd", "date"),
        ("untilEnd", "date"),
        *PROVENANCE_COLUMNS,
    ],
    "has_observation.csv": [],
    "part_of.csv": [],
    "has_entity.csv": [("role", "string")],
    "supports.csv": [],
}
IMPORT_OPTIONS = ("--array-delimiter=U+001F", "--multiline-fields=true", "--id-type=string")


def header(columns: list[tuple[str, str]], *, node: bool) -> list[str]:
    props = [name if kind == "string" else f"{name}:{kind}" for name, kind in columns]
    return ["iri:ID", *props, ":LABEL"] if node else [":START_ID", ":END_ID", ":TYPE", *props]


def field(value: Any, kind: str) -> str:
    """A value as import-tool text: missing is empty, arrays joined by U+001F, floats in full precision."""
    if value is None:
        return ""
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(_element(v) for v in value)
    return repr(value) if isinstance(value, float) else str(value)


def _element(value: Any) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    if ARRAY_DELIMITER in text:
        raise Unsupported(f"{text[:60]!r} holds U+001F, the array delimiter of the import files")
    return text


def node_row(props: dict[str, Any], labels: Iterable[str], columns: list[tuple[str, str]]) -> list[str]:
    return [props["iri"], *(field(props.get(name), kind) for name, kind in columns), ARRAY_DELIMITER.join(labels)]


def relationship_row(
    start: str, end: str, kind: str, props: dict[str, Any], columns: list[tuple[str, str]]
) -> list[str]:
    return [start, end, kind, *(field(props.get(name), typ) for name, typ in columns)]


class _Files:
    """The CSV writers of one export, each writing ``name.part`` and renamed once all are complete."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._handles = {}
        self.writers = {}
        for name, columns in [*NODE_FILES.items(), *RELATIONSHIP_FILES.items()]:
            handle = (folder / f"{name}.part").open("w", encoding="utf-8", newline="")
            self._handles[name] = handle
            self.writers[name] = csv.writer(handle, lineterminator="\n")
            self.writers[name].writerow(header(columns, node=name in NODE_FILES))

    def close(self, *, complete: bool) -> None:
        for name, handle in self._handles.items():
            handle.close()
            part = self.folder / f"{name}.part"
            if complete:
                os.replace(part, self.folder / name)
            else:
                part.unlink(missing_ok=True)


def import_arguments(folder: Path | None = None) -> list[str]:
    """neo4j-admin's options for the files of an export, in ``folder`` (else named relative to it).

    They go after the database name: ``database import full neo4j <arguments>``.
    """

    def where(name: str) -> str:
        return str(folder / name) if folder else name

    return [
        *IMPORT_OPTIONS,
        *(f"--nodes={where(n)}" for n in NODE_FILES),
        *(f"--relationships={where(n)}" for n in RELATIONSHIP_FILES),
    ]


IN_TRANSACTIONS = "IN TRANSACTIONS OF 10000 ROWS"
#: Provenance lists that are always there, even when every entry is an empty string.
TEXT_LISTS = tuple(p for p in PROVENANCE_LISTS if PROVENANCE_TYPES[p] == "string[]" and p not in OPTIONAL_LISTS)


def _restore_lists(match: str, var: str) -> str:
    missing = " OR ".join(f"{var}.{p} IS NULL" for p in TEXT_LISTS)
    sets = ", ".join(f"{var}.{p} = coalesce({var}.{p}, [x IN {var}.sources | ''])" for p in TEXT_LISTS)
    return f"{match} WHERE {var}.sources IS NOT NULL AND ({missing})\nCALL ({var}) {{ SET {sets} }} {IN_TRANSACTIONS};"


def after_import() -> str:
    """Cypher to run once after the import (in auto-commit mode, as cypher-shell does)."""
    entity, states = cypher.label(cypher.ENTITY), cypher.STATES
    lines = [
        "// Run once after neo4j-admin database import: cypher-shell -f after-import.cypher",
        *(f"{s};" for s in cypher.schema_statements()),
        f"{cypher.AWAIT_INDEXES};",
        _restore_lists(f"MATCH ()-[r:{cypher.fact_types()}]->()", "r"),
        _restore_lists(f"MATCH (r:{cypher.label(OBSERVATION)})", "r"),
        f"MATCH (e:{entity}) WHERE e.aliases IS NULL\nCALL (e) {{ SET e.aliases = [] }} {IN_TRANSACTIONS};",
        f"MATCH ()-[s:{states}]->() WHERE s.aliases IS NULL\nCALL (s) {{ SET s.aliases = [] }} {IN_TRANSACTIONS};",
    ]
    return "\n".join(lines) + "\n"


class Neo4jCsvExporter:
    """A folder of CSV files for ``neo4j-admin database import full``, in the Neo4j store's layout."""

    name = "neo4j-csv"
    folder = True

    def write(self, reader: GraphReader, folder: Path) -> None:
        files = _Files(folder)
        try:
            self._write(reader, files.writers)
        except BaseException:
            files.close(complete=False)
            raise
        files.close(complete=True)
        (folder / "import.args").write_text("\n".join(import_arguments()) + "\n", encoding="utf-8")
        (folder / "after-import.cypher").write_text(after_import(), encoding="utf-8")

    def _write(self, reader: GraphReader, out: dict[str, Any]) -> None:
        for document in reader.documents():
            out["documents.csv"].writerow(node_row(document_props(document), [DOCUMENT], NODE_FILES["documents.csv"]))
        entities: set[str] = set()
        for entity in reader.entities():
            entities.add(entity.iri)
            out["entities.csv"].writerow(
                node_row(entity_props(entity), entity_labels(entity), NODE_FILES["entities.csv"])
            )
            for state in entity.states:
                out["states.csv"].writerow(
                    relationship_row(
                        state.graph, entity.iri, STATES, state_props(state), RELATIONSHIP_FILES["states.csv"]
                    )
                )
        types = {r.name: r.neo4j_type for r in load_schema().relations.values()}
        for fact in reader.facts():
            out["facts.csv"].writerow(
                relationship_row(
                    fact.subject, fact.object, types[fact.relation], fact_props(fact), RELATIONSHIP_FILES["facts.csv"]
                )
            )
            self._evidence(evidence_rows(fact, entities), out)
        for observation in reader.observations():
            out["observations.csv"].writerow(
                node_row(observation_props(observation), [OBSERVATION], NODE_FILES["observations.csv"])
            )
            out["has_observation.csv"].writerow([observation.subject, observation.iri, HAS_OBSERVATION])
            self._evidence(evidence_rows(observation, entities), out)

    @staticmethod
    def _evidence(rows: list[dict[str, Any]], out: dict[str, Any]) -> None:
        """Each statement as an Evidence node with its PART_OF, HAS_ENTITY and SUPPORTS links."""
        for row in rows:
            iri = row["props"]["iri"]
            out["evidence.csv"].writerow(node_row(row["props"], [EVIDENCE], NODE_FILES["evidence.csv"]))
            out["part_of.csv"].writerow([iri, row["document"], PART_OF])
            for role, entity in row["mentions"]:
                out["has_entity.csv"].writerow([iri, entity, HAS_ENTITY, role])
            if row["figure"]:
                out["supports.csv"].writerow([iri, row["props"]["fact"], SUPPORTS])
