"""Pictures of a subgraph: Graphviz DOT, SVG and PNG, in the look of :mod:`kg.pictures`.

A picture is for a part of the graph a person can take in, so it is built as
a :class:`kg.pictures.scene.Scene` in memory and refused beyond
:data:`MAX_NODES` nodes with a hint to narrow it (``--company NAME --depth
N``, ``--type``, ``--relation``).  Node kinds keep the shapes and colours of
the other pictures.  SVG and PNG are drawn by Graphviz's ``dot``; without it
they are refused in one line, as ``kg paths --format svg`` refuses (a layout
of our own would overlap labels on any graph worth drawing).
"""

from __future__ import annotations

from typing import BinaryIO

from kg.errors import Unsupported
from kg.exports.rows import FactRow, GraphReader
from kg.pictures.scene import RELATION_COLORS, EdgeStyle, LegendEntry, Node, Scene, display, kind_style
from kg.pictures.scene import Edge as SceneEdge

MAX_NODES = 2_000
HINT = "narrow it with --company NAME --depth N, --type or --relation"


def _edge(edge_id: str, fact: FactRow, ids: dict[str, str]) -> SceneEdge:
    label = "\n".join(
        [fact.relation]
        + [display(f"{k} {v}") for k, v in fact.qualifiers if k in ("date", "since", "via", "market", "status")]
    )
    info = tuple(
        (k, display(v, None))
        for k, v in [
            ("relation", fact.relation),
            *fact.qualifiers,
            ("support", fact.support),
            ("evidence", fact.evidence),
        ]
        if v not in (None, "")
    )
    style = EdgeStyle(RELATION_COLORS.get(fact.relation, "#777777"), "dashed" if fact.qualifier("status") else "solid")
    return SceneEdge(edge_id, ids[fact.subject], ids[fact.object], label, style, info)


def scene(reader: GraphReader) -> Scene:
    """The kept entities and facts as a scene; radial around ``--company`` when one is given."""
    nodes: list[Node] = []
    ids: dict[str, str] = {}
    for entity in reader.entities():
        if len(nodes) >= MAX_NODES:
            raise Unsupported(f"the picture would have more than {MAX_NODES} nodes; {HINT}")
        ids[entity.iri] = f"n{len(nodes)}"
        info = (("name", display(entity.name, None)), ("kind", entity.type), ("iri", entity.iri))
        nodes.append(Node(ids[entity.iri], display(entity.name), entity.type, kind_style(entity.type), info))
    facts = list(reader.facts())
    edges = [_edge(f"e{i}", fact, ids) for i, fact in enumerate(facts)]
    kinds = sorted({n.kind for n in nodes})
    relations = sorted({f.relation for f in facts})
    legend = tuple(LegendEntry(k, node=kind_style(k)) for k in kinds) + tuple(
        LegendEntry(r, edge=EdgeStyle(RELATION_COLORS.get(r, "#777777"), "solid")) for r in relations
    )
    start = reader.selection.start
    title = f"{display(reader.summary(start)[0])} and its neighbourhood" if start else "Knowledge graph"
    return Scene(
        "radial" if start else "flow",
        title,
        tuple(nodes),
        tuple(edges),
        legend,
        center=ids.get(start) if start else None,
        empty="nothing selected",
    )


#: Graphviz's layout engines; each reads the DOT file's ``layout`` graph attribute, whichever program runs.
LAYOUTS = ("dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork")


def with_layout(source: str, graph_attrs: dict, layout: str) -> str:
    """``source`` with its graph attributes set for ``layout``: the engine, plus what that engine reads."""
    from kg.pictures.dot import _attrs

    if layout not in LAYOUTS:
        raise Unsupported(f"unknown Graphviz layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    attrs = {
        k: v
        for k, v in graph_attrs.items()
        if k not in ("layout", "root", "rankdir", "nodesep", "ranksep", "overlap", "splines")
    }
    attrs["layout"] = layout
    if layout == "dot":
        attrs.update(rankdir="LR", nodesep=0.3, ranksep=0.9)
    else:
        # the other engines place nodes freely: keep labels from piling up, and let edges curve around nodes
        attrs.update(overlap="scale", splines="true")
        if layout in ("twopi", "circo") and "root" in graph_attrs:
            attrs["root"] = graph_attrs["root"]
    old = "  graph " + _attrs(**graph_attrs) + "\n"
    if old not in source:
        raise AssertionError("the DOT source has no graph attribute line to replace")
    return source.replace(old, "  graph " + _attrs(**attrs) + "\n", 1)


def _draw(reader: GraphReader, fmt: str, layout: str | None = None) -> bytes:
    from kg.pictures import dot

    picture = scene(reader)
    source = dot.dot_source(picture)
    if layout is not None:
        source = with_layout(source, dot._graph_attrs(picture), layout)
    return source.encode("utf-8") if fmt == "dot" else dot.render(source, fmt)


class DotExporter:
    """Graphviz DOT of the selected subgraph; ``layout`` names the Graphviz engine (default: as kg draws it)."""

    name = "dot"
    layout: str | None = None

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        out.write(_draw(reader, self.name, self.layout))


class SvgExporter(DotExporter):
    """SVG of the selected subgraph, drawn by Graphviz."""

    name = "svg"


class PngExporter(DotExporter):
    """PNG of the selected subgraph, drawn by Graphviz."""

    name = "png"
