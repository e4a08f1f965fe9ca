"""Entities as resolution sees them: names, aliases, identifiers, and why each name was merged."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import EntityNotFound
from kg.resolve import name_key
from ontology import ONTOLOGY_NS


@dataclass
class EntityReport:
    iri: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)
    merges: list[dict] = field(default_factory=list)
    facts: int = 0
    sources: list[str] = field(default_factory=list)


def matching_entities(store, name: str) -> list[str]:
    """IRIs of the entities whose name or alias has the same key as ``name``."""
    key = name_key(name)
    found = _labelled(store, key)
    if found is None:  # no label index: the key of every name and alias
        rows = store.select(
            "SELECT DISTINCT ?e ?label WHERE { { ?e kgo:name ?label } UNION { ?e kgo:alias ?label } FILTER(isIRI(?e)) }"
        )
        found = sorted({r["e"] for r in rows if name_key(r["label"]) == key and "/id/" in r["e"]})
    if not found:
        raise EntityNotFound(f"no entity named {name!r}")
    return found


def _labelled(store, key: str) -> list[str] | None:
    """The IRIs the embedded store's projection lists under a name key (kept by the loads), or None."""
    if store.path is None or store.oxigraph() is None:
        return None
    from kg.stores.projection import labelled, project

    return labelled(project(store), key)


def describe(store, iri: str) -> EntityReport:
    node = ox.NamedNode(iri)
    report = EntityReport(iri, "", "")
    # node is a validated NamedNode: its N-Triples form cannot break out of the query
    for row in store.select(f"SELECT ?p ?o WHERE {{ {node} ?p ?o }}"):
        _attribute(report, row["p"], row["o"])
    report.merges = store.select(f"""SELECT DISTINCT ?label ?reason ?path WHERE {{
        GRAPH ?g {{ ?m a kgo:NameMerge ; kgo:entity {node} ; kgo:label ?label ; kgo:reason ?reason }}
        OPTIONAL {{ ?g kgo:sourcePath ?path }} }} ORDER BY ?label ?path""")
    # the type checked inside each branch: Oxigraph then starts from the entity, not from every fact
    report.facts = store.select(
        f"SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ {{ ?f rdf:subject {node} . ?f a kgo:Fact }} "
        f"UNION {{ ?f rdf:object {node} . ?f a kgo:Fact }} }}"
    )[0]["n"]
    report.sources = store.sources_mentioning(iri)
    return report


def _attribute(report: EntityReport, predicate: str, value) -> None:
    local = predicate.removeprefix(ONTOLOGY_NS)
    if predicate.endswith("#type") and value.startswith(ONTOLOGY_NS):
        kind = value.removeprefix(ONTOLOGY_NS)
        if report.type in ("", "Organization"):
            report.type = kind
    elif local == "name":
        report.name = min(filter(None, (report.name, value)))
    elif local == "alias" and value not in report.aliases:
        report.aliases = sorted([*report.aliases, value])
    elif local in ("wikidata", "lei", "ticker", "domain", "isoCode"):
        report.identifiers[local] = value
