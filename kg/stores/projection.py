"""The graph as the path queries see it: entities as nodes, facts as edges.

A fact stated by several sources is one edge whose ``support`` counts them;
its qualifiers and one piece of evidence (the most confident) ride along, so
path queries can explain every hop.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.stores import projection_cache
from kg.stores.multigraph import MultiDiGraph
from ontology import ONTOLOGY_NS

ENTITY_QUERY = """
SELECT ?e ?type ?name (SAMPLE(?code) AS ?iso) (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="\\u001f") AS ?aliases) WHERE {
  VALUES ?type { %s }
  ?e a ?type ; kgo:name ?name .
  OPTIONAL { ?e kgo:alias ?alias }
  OPTIONAL { ?e kgo:isoCode ?code }
} GROUP BY ?e ?type ?name
"""

#: A fact's evidence is the most confident non-empty one, the first by source path and line on a tie (the
#: Neo4j store's rule): the least of keys "<1 - confidence, 7 digits>\x01<path>\x01<line, 10 digits>\x01<text>";
#: statements without evidence key "~", after every digit.
FACT_QUERY = """
SELECT ?f ?s ?p ?o ?date ?since ?until ?via ?viaName ?market ?status
       (COUNT(DISTINCT ?g) AS ?support) (MAX(?conf) AS ?confidence)
       (MIN(?evidenceKey) AS ?evidence) (MIN(?path) AS ?source) WHERE {
  ?f a kgo:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:qualifiedDerivation ?d .
  ?d prov:entity ?g ; kgo:confidence ?conf .
  ?g kgo:sourcePath ?path .
  OPTIONAL { ?d kgo:evidence ?ev FILTER(STRLEN(?ev) > 0) }
  OPTIONAL { ?d kgo:line ?line }
  BIND(STR(1000000 - xsd:integer(ROUND(?conf * 1000000))) AS ?rank)
  BIND(COALESCE(STR(?line), "0") AS ?at)
  BIND(IF(BOUND(?ev), CONCAT(SUBSTR(CONCAT("0000000", ?rank), STRLEN(?rank) + 1), "\\u0001", ?path, "\\u0001",
                             SUBSTR(CONCAT("0000000000", ?at), STRLEN(?at) + 1), "\\u0001", ?ev), "~")
       AS ?evidenceKey)
  OPTIONAL { ?f kgo:date ?date } OPTIONAL { ?f kgo:since ?since } OPTIONAL { ?f kgo:until ?until }
  OPTIONAL { ?f kgo:via ?via OPTIONAL { ?via kgo:name ?viaName } }
  OPTIONAL { ?f kgo:market ?market } OPTIONAL { ?f kgo:status ?status }
} GROUP BY ?f ?s ?p ?o ?date ?since ?until ?via ?viaName ?market ?status
"""


def project(store) -> MultiDiGraph:
    """The projection of an embedded store, cached in its data folder while the store is unchanged.

    Building it is a scan of every fact; the cache is keyed by the stored
    sources and their content hashes (and the queries that build it), so any
    load or removal rebuilds it.  The cache is plain JSON behind a checksum
    (:mod:`kg.stores.projection_cache`): a file that fails a check is rebuilt.
    """
    path = getattr(store, "path", None)
    if path is None:
        return build_projection(store)
    # the queries are part of the key, so a projection built by an older rule is rebuilt, not reused
    state = (ENTITY_QUERY, FACT_QUERY, sorted((s.graph, s.content_hash) for s in store.sources().values()))
    key = hashlib.sha256(repr(state).encode()).hexdigest()
    cached = projection_cache.read(Path(path), key)
    if cached is not None:
        return cached
    graph = build_projection(store)
    if not getattr(store, "read_only", False):  # a reader beside another process writes nothing into its folder
        projection_cache.write(Path(path), key, graph)
    return graph


def build_projection(store) -> MultiDiGraph:
    """A MultiDiGraph of every entity and fact in an embedded store."""
    from kg.resolve import ENTITY_CLASSES

    graph = MultiDiGraph()
    types = " ".join(f"kgo:{c}" for c in ENTITY_CLASSES)
    for row in store.select(ENTITY_QUERY % types):
        _add_node(graph, row["e"], row["type"].removeprefix(ONTOLOGY_NS), row["name"],
                  [a for a in (row["aliases"] or "").split("\x1f") if a], row["iso"])
    for row in store.select(FACT_QUERY):
        if row["s"] in graph and row["o"] in graph:
            graph.add_edge(row["s"], row["o"], key=row["f"], **_edge(row))
    return graph


def _add_node(graph: MultiDiGraph, iri: str, type_: str, name: str, aliases: list[str],
              iso: str | None = None) -> None:
    """Keep the most specific type when an entity carries several (Company over Organization)."""
    if iri in graph and graph.nodes[iri]["type"] == "Company":
        type_ = "Company"
    previous = graph.nodes[iri].get("aliases", []) if iri in graph else []
    graph.add_node(iri, type=type_, name=name, aliases=sorted(set(previous) | set(aliases)), iso=iso)


def _edge(row: dict) -> dict:
    via = row["viaName"] or row["via"]
    return {
        "relation": row["p"].removeprefix(ONTOLOGY_NS), "date": row["date"], "since": row["since"],
        "until": row["until"], "via": via, "market": row["market"], "status": row["status"],
        "support": row["support"], "confidence": row["confidence"], "evidence": _evidence(row["evidence"]),
        "source": row["source"],
    }


def _evidence(key: str | None) -> str | None:
    """The text of :data:`FACT_QUERY`'s evidence key."""
    return None if key is None or key == "~" else key.split("\x01", 3)[3]
