"""Rows as the Neo4j store lays them out, for the Cypher script and the neo4j-admin CSV files.

The layout is the one :mod:`kg.stores.cypher` documents and
:mod:`kg.stores.neo4j` writes: ``(:Entity:<Class>:<superclasses>)`` nodes,
``(:Document)-[:STATES]->(:Entity)`` links saying what each source states,
one relationship per fact with its qualifiers and aligned provenance lists,
``(:Observation)`` nodes hung off their subjects, and each statement as an
``(:Evidence)`` node ``PART_OF`` its document.  A graph imported from
these files is one the Neo4j store can go on loading into and removing from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kg.exports.rows import DocumentRow, EntityRow, EntityState, FactRow, ObservationRow, Statement
from kg.rdf import provenance_iri
from kg.schema import load_schema
from kg.stores.cypher import ENTITY, IDENTIFIERS, LAYOUT, OPTIONAL_LISTS, PROVENANCE_LISTS
from kg.stores.neo4j_mapping import span_text
from kg.timevalue import InvalidDate, TimeValue, parse_time


def _present(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def document_props(row: DocumentRow) -> dict[str, Any]:
    return _present(
        {
            "iri": row.iri,
            "path": row.path,
            "contentHash": row.content_hash,
            "loadedAt": row.loaded_at,
            **dict(row.fields),
            "layout": LAYOUT,
        }
    )


def entity_labels(row: EntityRow) -> tuple[str, ...]:
    """``Entity`` and each stated class with its superclasses."""
    return (ENTITY, *row.labels)


def entity_props(row: EntityRow) -> dict[str, Any]:
    props = {
        "iri": row.iri,
        "name": row.name,
        "aliases": list(row.aliases),
        "keys": list(row.keys),
        "isoCode": row.iso_code,
    }
    props.update({k: row.identifiers.get(k) for k in IDENTIFIERS})
    return _present(props)


def state_props(state: EntityState) -> dict[str, Any]:
    """What one source states about an entity (the ``STATES`` relationship's properties)."""
    props = {
        "types": list(state.types),
        "name": state.name,
        "aliases": list(state.aliases),
        "keys": list(state.keys),
        "isoCode": state.iso_code,
        **dict(state.identifiers),
    }
    return _present(props)


def provenance_lists(statements: tuple[Statement, ...]) -> dict[str, list[Any]]:
    """The aligned lists of :data:`kg.stores.cypher.PROVENANCE_LISTS`, one entry per statement.

    A list of :data:`kg.stores.cypher.OPTIONAL_LISTS` is left out when every entry is blank, as the
    store does.
    """
    columns: dict[str, list[Any]] = {
        "sources": [s.source for s in statements],
        "evidence": [s.evidence or "" for s in statements],
        "lines": [s.line or 0 for s in statements],
        "confidences": [s.confidence for s in statements],
        "extractors": [s.extractor or "" for s in statements],
        "citedSources": [s.cited or "" for s in statements],
        "notes": [s.note or "" for s in statements],
        "spans": [span_text(*s.span) if s.span else "" for s in statements],
    }
    return {k: columns[k] for k in PROVENANCE_LISTS if k not in OPTIONAL_LISTS or any(columns[k])}


def fact_props(row: FactRow) -> dict[str, Any]:
    """A fact relationship's properties: iri, qualifiers, provenance lists, support and confidence."""
    qualifiers = dict(row.qualifiers)
    props: dict[str, Any] = {
        "iri": row.iri,
        **{k: qualifiers.get(k) for k in ("date", "since", "until", "share", "amount", "status")},
        "via": qualifiers.get("via"),
        "viaIri": row.via_iri,
        "market": qualifiers.get("market"),
        "marketIri": row.market_iri,
    }
    props.update(time_window(qualifiers))
    return {**_present(props), **provenance_lists(row.statements), "support": row.support, "confidence": row.confidence}


def time_window(qualifiers: dict[str, Any]) -> dict[str, date | None]:
    """The days a fact's date (else its ``since``) covers and the last day of its ``until``, as dates.

    The Neo4j store keeps these beside the text so that path filters compare dates on the server.
    """
    when, until = _time(qualifiers.get("date") or qualifiers.get("since")), _time(qualifiers.get("until"))
    return {
        "dateStart": when.start if when else None,
        "dateEnd": when.end if when else None,
        "untilEnd": until.end if until else None,
    }


def _time(text: Any) -> TimeValue | None:
    try:
        return parse_time(str(text)) if text else None
    except InvalidDate:
        return None


def observation_props(row: ObservationRow) -> dict[str, Any]:
    props = {"iri": row.iri, "metric": row.metric, "value": row.value, "unit": row.unit, "period": row.period}
    return {**_present(props), **provenance_lists(row.statements), "support": row.support, "confidence": row.confidence}


def evidence_rows(row: FactRow | ObservationRow, entities: set[str]) -> list[dict[str, Any]]:
    """Each statement of a fact or figure as the store's ``(:Evidence)`` node: its document, its properties (the
    fields the source gave, keyed by the statement's IRI in the RDF), the entities it names among ``entities``
    (as ``[role, iri]``) and whether it gives a figure (:data:`kg.stores.cypher.WRITE_EVIDENCE`)."""
    figure = isinstance(row, ObservationRow)
    if isinstance(row, ObservationRow):
        named, extra = [["subject", row.subject]], {}
    else:
        named = [
            ["subject", row.subject],
            ["object", row.object],
            *([["via", row.via_iri]] if row.via_iri else []),
            *([["market", row.market_iri]] if row.market_iri else []),
        ]
        extra = {"relation": load_schema().relations[row.relation].neo4j_type}
    mentions = [m for m in named if m[1] in entities]
    out = []
    for s in row.statements:
        fields = {
            "text": s.evidence,
            "line": s.line,
            "spanStart": s.span[0] if s.span else None,
            "spanEnd": s.span[1] if s.span else None,
            "confidence": s.confidence,
            "extractor": s.extractor,
            "citedSource": s.cited,
            "note": s.note,
            **extra,
        }
        props = {
            "iri": provenance_iri(row.iri, s.graph, s.line, s.span, s.evidence),
            "fact": row.iri,
            **{k: v for k, v in fields.items() if v not in (None, "")},
        }
        out.append({"document": s.graph, "props": props, "mentions": mentions, "figure": figure})
    return out
