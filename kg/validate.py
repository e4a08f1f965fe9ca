"""Full SHACL validation of a stored graph with pyshacl.

Loads check records against checks derived from the same shapes (see
:mod:`kg.rdf`); this module runs the shapes themselves, for ``kg validate``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from ontology import ONTOLOGY_NS, path

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    name: str | None
    path: str | None
    message: str
    shape: str


def to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """The union of every source graph as one rdflib graph."""
    text = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return rdflib.Graph().parse(data=text, format="nt")


def validate_graph(data: rdflib.Graph) -> list[Violation]:
    """Every violation of ontology/shapes.ttl, with the ontology's class hierarchy applied."""
    from pyshacl import validate

    shapes = rdflib.Graph().parse(path("shapes.ttl"))
    ontology = rdflib.Graph().parse(path("kg.ttl"))
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True)
    if conforms:
        return []
    return sorted(_violations(report, data), key=lambda v: (v.name or v.focus, v.message))


def _violations(report: rdflib.Graph, data: rdflib.Graph) -> Iterable[Violation]:
    name = rdflib.URIRef(ONTOLOGY_NS + "name")
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        result_path = report.value(result, SH.resultPath)
        label = data.value(focus, name)
        yield Violation(
            str(focus),
            str(label) if label else None,
            str(result_path).removeprefix(ONTOLOGY_NS) if result_path else None,
            str(report.value(result, SH.resultMessage) or "violates a shape"),
            str(report.value(result, SH.sourceShape)).removeprefix(ONTOLOGY_NS),
        )
