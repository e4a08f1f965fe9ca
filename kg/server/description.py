"""The SPARQL 1.1 Service Description answered at ``GET /sparql`` without a query.

It tells a client what the endpoint speaks (languages, result formats, the
union default graph) and lists each source's named graph, so a consumer can
discover where facts come from before asking.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.server import formats

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
PREFIXES = {"sd": SD, "formats": FORMATS_NS, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "N-Quads",
    "TriG",
)


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def _service(endpoint: str, updates: bool) -> tuple[ox.BlankNode, list[ox.Triple]]:
    service = ox.BlankNode("service")
    languages = ["SPARQL11Query"] + (["SPARQL11Update"] if updates else [])
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, RDFS_LABEL, ox.Literal("expansion-kg SPARQL endpoint")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
    ]
    triples += [ox.Triple(service, _sd("supportedLanguage"), _sd(lang)) for lang in languages]
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in RESULT_FORMAT_IRIS]
    return service, triples


def _dataset(service: ox.BlankNode, graphs: Iterable[str]) -> list[ox.Triple]:
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    for i, iri in enumerate(graphs):
        named = ox.BlankNode(f"g{i}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(iri)),
        ]
    return triples


def service_description(endpoint: str, graphs: Iterable[str], media_type: str, *, updates: bool) -> bytes:
    """The description of the endpoint at ``endpoint`` serving ``graphs``, as ``media_type``."""
    service, triples = _service(endpoint, updates)
    triples += _dataset(service, graphs)
    prefixes = PREFIXES if media_type == formats.TURTLE.media_type else None
    return ox.serialize(triples, format=formats.GRAPH_WRITERS[media_type], prefixes=prefixes) or b""
