"""GEXF 1.3 for Gephi (and networkx), written by hand as the rows stream past.

Node kinds are a ``kind`` attribute and a colour (``viz:color``), so Gephi
can partition and colour by kind with no set-up; edges carry the relation
as their label and the number of sources as their weight.  Lists are JSON
arrays in a string attribute, as in GraphML.  Each edge has a GEXF 1.3
``kind`` (its relation, numbered for a second fact of one relation between
the same nodes): Gephi merges parallel edges of one kind, so each fact keeps
an edge of its own.
"""

from __future__ import annotations

from typing import BinaryIO

from kg.exports.graphml import value_text, xml_text
from kg.exports.property_graph import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, Edge, Node, edges, nodes
from kg.exports.rows import GraphReader

GEXF_TYPES = {"string": "string", "int": "integer", "double": "double", "list": "string"}
#: One colour per node kind (colour-blind-safe palette); unknown kinds are grey.
KIND_COLOURS = {
    "Company": (0, 114, 178),
    "Organization": (86, 180, 233),
    "Brand": (213, 94, 0),
    "Product": (230, 159, 0),
    "Country": (0, 158, 115),
    "Region": (0, 158, 115),
    "Segment": (204, 121, 167),
    "Channel": (240, 228, 66),
    "Strategy": (153, 153, 153),
    "Observation": (200, 200, 200),
}


def _attributes(kind: str, spec: tuple[tuple[str, str], ...], skip: tuple[str, ...]) -> str:
    lines = [f'    <attributes class="{kind}" mode="static">']
    lines += [
        f'      <attribute id="{name}" title="{name}" type="{GEXF_TYPES[typ]}"/>'
        for name, typ in spec
        if name not in skip
    ]
    lines.append("    </attributes>")
    return "\n".join(lines)


HEADER = (
    "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
            "  <meta><creator>expansion-kg</creator><description>companies, markets and how they connect"
            "</description></meta>",
            '  <graph defaultedgetype="directed" mode="static">',
            _attributes("node", NODE_ATTRIBUTES, ()),
            _attributes("edge", EDGE_ATTRIBUTES, ("weight", "kind")),
            "    <nodes>",
        ]
    )
    + "\n"
)


def node_element(node: Node) -> str:
    values = "".join(
        f'<attvalue for="{name}" value="{xml_text(value_text(node.attributes[name]), attribute=True)}"/>'
        for name, _ in NODE_ATTRIBUTES
        if name in node.attributes
    )
    r, g, b = KIND_COLOURS.get(str(node.attributes.get("kind")), (128, 128, 128))
    return (
        f'      <node id="{xml_text(node.id, attribute=True)}" label="{xml_text(node.label, attribute=True)}">'
        f'<attvalues>{values}</attvalues><viz:color r="{r}" g="{g}" b="{b}"/></node>\n'
    )


def edge_element(edge: Edge) -> str:
    values = "".join(
        f'<attvalue for="{name}" value="{xml_text(value_text(edge.attributes[name]), attribute=True)}"/>'
        for name, _ in EDGE_ATTRIBUTES
        if name in edge.attributes and name not in ("weight", "kind")
    )
    weight = edge.attributes.get("weight", 1.0)
    return (
        f'      <edge id="{xml_text(edge.id, attribute=True)}" source="{xml_text(edge.source, attribute=True)}"'
        f' target="{xml_text(edge.target, attribute=True)}" label="{xml_text(edge.relation, attribute=True)}"'
        f' kind="{xml_text(str(edge.attributes["kind"]), attribute=True)}"'
        f' weight="{weight!r}"><attvalues>{values}</attvalues></edge>\n'
    )


class GexfExporter:
    """GEXF 1.3: node kinds as an attribute and a colour, facts as labelled, weighted edges."""

    name = "gexf"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        out.write(HEADER.encode("utf-8"))
        for node in nodes(reader):
            out.write(node_element(node).encode("utf-8"))
        out.write(b"    </nodes>\n    <edges>\n")
        for edge in edges(reader):
            out.write(edge_element(edge).encode("utf-8"))
        out.write(b"    </edges>\n  </graph>\n</gexf>\n")
