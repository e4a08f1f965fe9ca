"""GraphML for networkx, Gephi and yEd, written by hand as the rows stream past.

Attributes are declared as typed ``<key>`` elements (``support`` an int,
``confidence`` and ``weight`` doubles); lists (aliases, sources) are JSON
arrays in a string, since GraphML has no list type.  Node ids and edge ids
are IRIs, and each edge's IRI is also its ``iri`` attribute (igraph keeps no
edge ids); ``label`` repeats the name (nodes) or relation (edges) because
Gephi and yEd show that key, and ``weight`` is the number of sources.  The
edge element's ``label`` XML attribute is the edge's ``kind`` (see
:func:`kg.exports.property_graph.edges`), which Gephi takes for the edge
type, so parallel facts stay apart in Gephi.
"""

from __future__ import annotations

import json
import re
from typing import Any, BinaryIO

from kg.errors import Unsupported
from kg.exports.property_graph import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, Edge, Node, edges, nodes
from kg.exports.rdf import XML_ILLEGAL
from kg.exports.rows import GraphReader

GRAPHML_TYPES = {"string": "string", "int": "int", "double": "double", "list": "string"}
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE = {**_TEXT, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_CHARS = re.compile("[&<>\r]")
_ATTRIBUTE_CHARS = re.compile('[&<>\r"\n\t]')


def xml_text(value: str, *, attribute: bool = False) -> str:
    """``value`` escaped for XML content or a double-quoted attribute (newlines and tabs survive)."""
    if XML_ILLEGAL.search(value):
        raise Unsupported(
            f"{value[:60]!r} holds a control character that XML cannot carry; "
            f"export to node-link JSON or an RDF format instead"
        )
    table, chars = (_ATTRIBUTE, _ATTRIBUTE_CHARS) if attribute else (_TEXT, _TEXT_CHARS)
    return chars.sub(lambda m: table[m.group()], value)


def value_text(value: Any) -> str:
    """A Python value as attribute text (not yet escaped): lists as JSON arrays, floats in full precision."""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _keys() -> list[str]:
    lines = ['  <key id="label" for="node" attr.name="label" attr.type="string"/>']
    lines += [
        f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{GRAPHML_TYPES[kind]}"/>'
        for name, kind in NODE_ATTRIBUTES
    ]
    lines.append('  <key id="e_label" for="edge" attr.name="label" attr.type="string"/>')
    lines += [
        f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{GRAPHML_TYPES[kind]}"/>'
        for name, kind in EDGE_ATTRIBUTES
    ]
    return lines


HEADER = (
    "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
            ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
            *_keys(),
            '  <graph id="kg" edgedefault="directed">',
        ]
    )
    + "\n"
)
FOOTER = "  </graph>\n</graphml>\n"


def node_element(node: Node) -> str:
    data = [f'<data key="label">{xml_text(node.label)}</data>']
    data += [
        f'<data key="n_{name}">{xml_text(value_text(node.attributes[name]))}</data>'
        for name, _ in NODE_ATTRIBUTES
        if name in node.attributes
    ]
    return f'    <node id="{xml_text(node.id, attribute=True)}">{"".join(data)}</node>\n'


def edge_element(edge: Edge) -> str:
    data = [f'<data key="e_label">{xml_text(edge.relation)}</data>']
    data += [
        f'<data key="e_{name}">{xml_text(value_text(edge.attributes[name]))}</data>'
        for name, _ in EDGE_ATTRIBUTES
        if name in edge.attributes
    ]
    # Gephi reads the edge element's label attribute as the edge type, and keeps parallel edges of distinct types
    return (
        f'    <edge id="{xml_text(edge.id, attribute=True)}" source="{xml_text(edge.source, attribute=True)}"'
        f' target="{xml_text(edge.target, attribute=True)}"'
        f' label="{xml_text(str(edge.attributes["kind"]), attribute=True)}">'
        f"{''.join(data)}</edge>\n"
    )


class GraphMLExporter:
    """GraphML 1.0: entities and figures as nodes, facts as edges, typed attributes."""

    name = "graphml"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        out.write(HEADER.encode("utf-8"))
        for node in nodes(reader):
            out.write(node_element(node).encode("utf-8"))
        for edge in edges(reader):
            out.write(edge_element(edge).encode("utf-8"))
        out.write(FOOTER.encode("utf-8"))
