"""Pictures of a subgraph: Graphviz DOT, SVG and PNG, in the look of :mod:`kg.pictures`.

A picture is for a part of the graph a person can take in, so it is built as
a :class:`kg.pictures.scene.Scene` in memory and refused beyond
:data:`MAX_NODES` nodes with a hint to narrow it (``--company NAME --depth
N``, ``--type``, ``--relation``).  Node kinds keep the shapes and colours of
the other pictures.  SVG is drawn by Graphviz's ``dot`` when it is installed,
and otherwise by :func:`plain_svg`, a small renderer that puts the nodes on a
circle; PNG needs Graphviz.
"""

from __future__ import annotations

import math
import shutil
from typing import BinaryIO

from kg.errors import Unsupported
from kg.exports.rows import FactRow, GraphReader
from kg.pictures.scene import (RELATION_COLORS, EdgeStyle, LegendEntry, Node, Scene, display, kind_style)
from kg.pictures.scene import Edge as SceneEdge

MAX_NODES = 2_000
HINT = "narrow it with --company NAME --depth N, --type or --relation"


def _edge(edge_id: str, fact: FactRow, ids: dict[str, str]) -> SceneEdge:
    label = "\n".join([fact.relation] + [display(f"{k} {v}") for k, v in fact.qualifiers
                                         if k in ("date", "since", "via", "market", "status")])
    info = tuple((k, display(v, None)) for k, v in [("relation", fact.relation), *fact.qualifiers,
                                                    ("support", fact.support), ("evidence", fact.evidence)]
                 if v not in (None, ""))
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
        LegendEntry(r, edge=EdgeStyle(RELATION_COLORS.get(r, "#777777"), "solid")) for r in relations)
    start = reader.selection.start
    title = f"{display(reader.summary(start)[0])} and its neighbourhood" if start else "Knowledge graph"
    return Scene("radial" if start else "flow", title, tuple(nodes), tuple(edges), legend,
                 center=ids.get(start) if start else None, empty="nothing selected")


def _draw(reader: GraphReader, fmt: str) -> bytes:
    from kg.pictures import draw

    return draw(scene(reader), fmt)


class DotExporter:
    """Graphviz DOT of the selected subgraph."""

    name = "dot"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        out.write(_draw(reader, "dot"))


class SvgExporter:
    """SVG of the selected subgraph: Graphviz when installed, else the built-in circle layout."""

    name = "svg"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        if shutil.which("dot"):
            out.write(_draw(reader, "svg"))
        else:
            out.write(plain_svg(scene(reader)).encode("utf-8"))


class PngExporter:
    """PNG of the selected subgraph, drawn by Graphviz."""

    name = "png"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        out.write(_draw(reader, "png"))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _positions(scene_: Scene, radius: float) -> dict[str, tuple[float, float]]:
    """Nodes evenly on a circle, in scene order; the centre node (if any) in the middle."""
    ring = [n for n in scene_.nodes if n.id != scene_.center]
    places = {n.id: (radius * math.cos(2 * math.pi * i / max(len(ring), 1) - math.pi / 2),
                     radius * math.sin(2 * math.pi * i / max(len(ring), 1) - math.pi / 2))
              for i, n in enumerate(ring)}
    if scene_.center:
        places[scene_.center] = (0.0, 0.0)
    return places


def plain_svg(scene_: Scene) -> str:
    """A self-contained SVG of a scene without Graphviz: nodes on a circle, straight labelled edges."""
    radius = max(120.0, 28.0 * len(scene_.nodes) / math.pi)
    size = 2 * radius + 320
    places = {k: (x + size / 2, y + size / 2 + 40) for k, (x, y) in _positions(scene_, radius).items()}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:.0f}" height="{size + 40:.0f}" '
             f'viewBox="0 0 {size:.0f} {size + 40:.0f}" font-family="Helvetica,Arial,sans-serif">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>',
             f'<rect width="100%" height="100%" fill="white"/><text x="16" y="28" font-size="16" '
             f'font-weight="bold">{_xml(scene_.title)}</text>']
    parts += [_svg_edge(e, places) for e in scene_.edges]
    parts += [_svg_node(n, places[n.id]) for n in scene_.nodes]
    if not scene_.nodes:
        parts.append(f'<text x="16" y="60" font-style="italic">{_xml(scene_.empty)}</text>')
    parts += _svg_legend(scene_.legend)
    return "\n".join(parts + ["</svg>"]) + "\n"


def _svg_edge(edge: SceneEdge, places: dict[str, tuple[float, float]]) -> str:
    (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
    dash = ' stroke-dasharray="6 4"' if edge.style.line == "dashed" else ""
    label = _xml(edge.label.splitlines()[0] if edge.label else "")
    return (f'<g><title>{_xml(chr(10).join(f"{k}: {v}" for k, v in edge.info))}</title>'
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{edge.style.color}" '
            f'stroke-width="1.4"{dash} marker-end="url(#arrow)"/><text x="{(x1 + x2) / 2:.1f}" '
            f'y="{(y1 + y2) / 2:.1f}" font-size="9" fill="{edge.style.color}">{label}</text></g>')


def _svg_node(node: Node, place: tuple[float, float]) -> str:
    x, y = place
    width = 14 + 6.5 * len(node.label)
    style = node.style
    dash = ' stroke-dasharray="4 3"' if style.dashed else ""
    corner = "14" if style.shape in ("ellipse", "rounded", "doubleoctagon") else "2"
    return (f'<g><title>{_xml(chr(10).join(f"{k}: {v}" for k, v in node.info))}</title>'
            f'<rect x="{x - width / 2:.1f}" y="{y - 12:.1f}" width="{width:.1f}" height="24" rx="{corner}" '
            f'fill="{style.fill}" stroke="{style.stroke}" stroke-width="1.4"{dash}/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle">{_xml(node.label)}</text></g>')


def _svg_legend(legend: tuple[LegendEntry, ...]) -> list[str]:
    parts = []
    for i, entry in enumerate(legend):
        y = 52 + 18 * i
        if entry.node:
            parts.append(f'<rect x="16" y="{y - 10}" width="22" height="12" fill="{entry.node.fill}" '
                         f'stroke="{entry.node.stroke}"/>')
        elif entry.edge:
            parts.append(f'<line x1="16" y1="{y - 4}" x2="38" y2="{y - 4}" stroke="{entry.edge.color}" '
                         'stroke-width="2"/>')
        parts.append(f'<text x="44" y="{y}" font-size="11">{_xml(entry.label)}</text>')
    return parts
