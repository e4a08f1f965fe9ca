"""JSON-LD with a context generated from the ontology.

:func:`context` turns ``ontology/kg.ttl`` (classes, object and datatype
properties) and the datatypes ``ontology/shapes.ttl`` requires into a JSON-LD
context: ``Company`` is ``kgo:Company``, ``hasBrand`` takes IRIs, ``value`` is
an ``xsd:double``.  The shipped ``ontology/context.jsonld`` is its output
(``python -m kg.exports.jsonld > ontology/context.jsonld``; a test checks it).

The export embeds the context, so it opens offline, and keeps one named graph
per source (``{"@id": <source>, "@graph": [...]}``).  Node objects are written
one at a time from the graph-major sorted quads; a node with very many values
is written as several objects with the same ``@id``, which JSON-LD merges.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

import pyoxigraph as ox

from kg.exports.rdf import PREFIXES, graph_major_lines, parse_lines
from kg.exports.rows import GraphReader
from kg.rdf import StoredQuad, stored_quads
from kg.schema import _graph
from ontology import ONTOLOGY_NS

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_STRING = PREFIXES["xsd"] + "string"
LANG_STRING = PREFIXES["rdf"] + "langString"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
#: Values of one node object before it is written and a new one with the same ``@id`` begins.
MAX_VALUES = 10_000


def _typed(store: ox.Store, cls: str) -> list[str]:
    return sorted(
        q.subject.value.removeprefix(ONTOLOGY_NS)
        for q in stored_quads(store, None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cls))
        if q.subject.value.startswith(ONTOLOGY_NS)
    )


def _shape_datatypes() -> dict[str, str]:
    """Property -> datatype the shapes require, when it is not a plain string."""
    shapes = _graph("shapes.ttl")
    found = {}
    for q in stored_quads(shapes, None, ox.NamedNode(SH + "datatype")):
        path = next(stored_quads(shapes, q.subject, ox.NamedNode(SH + "path")), None)
        if path is not None and q.object.value != XSD_STRING:
            found[path.object.value.removeprefix(ONTOLOGY_NS)] = "xsd:" + q.object.value.rsplit("#", 1)[1]
    return found


def context() -> dict[str, Any]:
    """The JSON-LD context of the ontology: prefixes, then classes, then properties, each sorted."""
    ontology = _graph("kg.ttl")
    datatypes = _shape_datatypes()
    terms: dict[str, Any] = dict(PREFIXES)
    for cls in _typed(ontology, OWL + "Class"):
        terms[cls] = f"kgo:{cls}"
    objects = set(_typed(ontology, OWL + "ObjectProperty"))
    plain = _typed(ontology, OWL + "DatatypeProperty") + _typed(ontology, PREFIXES["rdf"] + "Property")
    names = objects | set(plain)
    for name in sorted(names):
        if name in objects:
            terms[name] = {"@id": f"kgo:{name}", "@type": "@id"}
        elif name in datatypes:
            terms[name] = {"@id": f"kgo:{name}", "@type": datatypes[name]}
        else:
            terms[name] = f"kgo:{name}"
    return {"@context": terms}


def context_text() -> str:
    """The text of ``ontology/context.jsonld``."""
    return json.dumps(context(), indent=2, ensure_ascii=False) + "\n"


class _Compactor:
    """Turns RDF terms into the compact keys and values the context allows."""

    def __init__(self, terms: dict[str, Any]):
        self.keys: dict[str, str] = {}
        self.coercion: dict[str, str | None] = {}
        for term, definition in terms.items():
            if term in PREFIXES:
                continue
            iri = definition if isinstance(definition, str) else definition["@id"]
            full = ONTOLOGY_NS + iri.removeprefix("kgo:")
            self.keys[full] = term
            self.coercion[term] = None if isinstance(definition, str) else definition["@type"]

    def key(self, predicate: str) -> str:
        if predicate in self.keys:
            return self.keys[predicate]
        return self.compact(predicate)

    def compact(self, iri: str) -> str:
        for prefix in ("kgo", "prov", "rdf", "rdfs", "xsd"):
            local = iri.removeprefix(PREFIXES[prefix])
            if local != iri and local.isidentifier():
                return f"{prefix}:{local}"
        return iri

    def type_value(self, term: ox.NamedNode) -> str:
        return self.keys.get(term.value) or self.compact(term.value)

    def value(self, key: str, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Any:
        coercion = self.coercion.get(key)
        if isinstance(term, ox.Literal):
            return self._literal(term, coercion)
        iri = term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
        return iri if coercion == "@id" else {"@id": iri}

    def _literal(self, term: ox.Literal, coercion: str | None) -> Any:
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = self.compact(term.datatype.value)
        if coercion == datatype or (coercion is None and term.datatype.value == XSD_STRING):
            return term.value
        return {"@value": term.value, "@type": datatype}


class JsonLdExporter:
    """JSON-LD 1.1 with the ontology's context embedded and one named graph per source."""

    name = "jsonld"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        terms = context()["@context"]
        writer = _Writer(out, _Compactor(terms))
        head = json.dumps({"@context": terms}, indent=1, ensure_ascii=False)[:-2]
        out.write(f'{head},\n "@graph": ['.encode())
        node: list[StoredQuad] = []
        # kg's own export, read back: no RDF-star triples (see StoredQuad)
        for quad in cast("Iterator[StoredQuad]", parse_lines(graph_major_lines(reader), ox.RdfFormat.N_QUADS)):
            graph = _graph_of(quad)
            if node and (graph != writer.graph or quad.subject != node[0].subject or len(node) >= MAX_VALUES):
                writer.node(node)
                node = []
            if graph != writer.graph:
                writer.open_graph(graph)
            node.append(quad)
        if node:
            writer.node(node)
        writer.open_graph(None)
        out.write(b"\n ]\n}\n")


def _graph_of(quad: StoredQuad) -> str | None:
    return None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value


class _Writer:
    """Writes the top-level ``@graph`` items: default-graph nodes, and named graphs with their nodes."""

    def __init__(self, out: BinaryIO, compactor: _Compactor):
        self.out, self.compactor = out, compactor
        self.graph: str | None = None
        self._items = 0
        self._nodes = 0

    def _item(self) -> None:
        self.out.write(b",\n  " if self._items else b"\n  ")
        self._items += 1

    def open_graph(self, graph: str | None) -> None:
        """Close the named graph being written, if any, and open ``graph`` (None: the default graph)."""
        if self.graph is not None:
            self.out.write(b"\n  ]}")
        self.graph, self._nodes = graph, 0
        if graph is not None:
            self._item()
            self.out.write(json.dumps({"@id": graph}, ensure_ascii=False)[:-1].encode("utf-8") + b', "@graph": [')

    def node(self, quads: list[StoredQuad]) -> None:
        if self.graph is None:
            self._item()
        else:
            self.out.write(b",\n    " if self._nodes else b"\n    ")
            self._nodes += 1
        self.out.write(json.dumps(_node_object(quads, self.compactor), ensure_ascii=False).encode("utf-8"))


def _node_object(quads: list[StoredQuad], compactor: _Compactor) -> dict[str, Any]:
    subject = quads[0].subject
    node: dict[str, Any] = {"@id": subject.value if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"}
    values: dict[str, list[Any]] = {}
    for quad in quads:
        if quad.predicate.value == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            values.setdefault("@type", []).append(compactor.type_value(quad.object))
            continue
        key = compactor.key(quad.predicate.value)
        values.setdefault(key, []).append(compactor.value(key, quad.object))
    for key, found in values.items():
        node[key] = found[0] if len(found) == 1 else found
    return node


if __name__ == "__main__":
    import sys

    sys.stdout.write(context_text())
