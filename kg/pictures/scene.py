"""What a picture shows, apart from how it is drawn.

Paths, timelines and market answers become one small scene: nodes, edges, a
legend and a layout hint.  The Graphviz drawing and the interactive page both
draw scenes, so a company is the same blue box and a brand entry the same
dashed orange line in either, and the escaping rules live in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from kg.answers import MarketEntry
from kg.queries.expansion import STEP_RELATIONS, ExpansionPath, Hop
from kg.queries.timeline import Event
from kg.timevalue import InvalidDate, parse_time

LABEL_WIDTH = 40


@dataclass(frozen=True)
class NodeStyle:
    """How a kind of node looks: a shape name both renderers know, and two colours."""

    shape: str
    fill: str
    stroke: str
    dashed: bool = False


@dataclass(frozen=True)
class EdgeStyle:
    """How an entry mode or relation looks: colour, line style and arrowhead."""

    color: str
    line: str
    arrow: str = "normal"


# Okabe-Ito colours, which stay apart for the common kinds of colour blindness.
KIND_STYLES: dict[str, NodeStyle] = {
    "Company": NodeStyle("box", "#dceaf7", "#0072b2"),
    "Organization": NodeStyle("rounded", "#e6e1f2", "#6a51a3"),
    "Brand": NodeStyle("hexagon", "#fcecc9", "#c98a00"),
    "Product": NodeStyle("note", "#f7deec", "#b5558f"),
    "Channel": NodeStyle("parallelogram", "#d4f0e5", "#009e73"),
    "Country": NodeStyle("ellipse", "#fbdccd", "#d55e00"),
    "Region": NodeStyle("doubleoctagon", "#f5c7b0", "#a0401a"),
    "Segment": NodeStyle("diamond", "#ececec", "#555555"),
    "Strategy": NodeStyle("trapezium", "#f4efc6", "#8c7d00"),
}
OTHER_KIND = NodeStyle("box", "#ffffff", "#888888", dashed=True)

MODE_STYLES: dict[str, EdgeStyle] = {
    "subsidiary": EdgeStyle("#0072b2", "solid"),
    "brand": EdgeStyle("#d08c00", "dashed"),
    "channel": EdgeStyle("#009e73", "dotted"),
    "product": EdgeStyle("#cc79a7", "solid", "diamond"),
    "partner": EdgeStyle("#3a9bd9", "dashed", "odot"),
    "acquisition": EdgeStyle("#d55e00", "bold"),
    "direct": EdgeStyle("#555555", "solid", "vee"),
}
OTHER_MODE = EdgeStyle("#888888", "solid", "vee")

RELATION_COLORS: dict[str, str] = {
    "hasSubsidiary": MODE_STYLES["subsidiary"].color,
    "hasBrand": MODE_STYLES["brand"].color,
    "launches": MODE_STYLES["product"].color,
    "acquires": MODE_STYLES["acquisition"].color,
    "partnersWith": MODE_STYLES["partner"].color,
    "sellsThrough": MODE_STYLES["channel"].color,
    "expandsInto": "#882255",
    "operatesIn": "#44aa99",
    "locatedIn": "#999933",
    "investsIn": "#332288",
    "competesIn": "#777777",
}

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Node:
    """One drawn node; ``layer`` is its column (hop depth, date index or ring)."""

    id: str
    label: str
    kind: str
    style: NodeStyle
    info: tuple[tuple[str, str], ...] = ()
    layer: int = 0


@dataclass(frozen=True)
class Edge:
    """One drawn edge; ``bend`` separates edges that join the same two nodes."""

    id: str
    source: str
    target: str
    label: str
    style: EdgeStyle
    info: tuple[tuple[str, str], ...] = ()
    bend: float = 0


@dataclass(frozen=True)
class LegendEntry:
    """A legend line: a node kind (``node`` set) or an edge mode or relation (``edge`` set)."""

    label: str
    node: NodeStyle | None = None
    edge: EdgeStyle | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", display(self.label))


@dataclass(frozen=True)
class Scene:
    """Everything a renderer needs; ``layout`` is ``flow``, ``radial`` or ``timeline``."""

    layout: str
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    axis: tuple[str, ...] = ()
    center: str | None = None
    empty: str = "nothing to draw"


def display(text: object, width: int | None = LABEL_WIDTH) -> str:
    """Text safe to show on one line: no control characters, no bidi overrides, bounded length.

    Names come from documents; a stray newline or a right-to-left override
    must not break a label's lines or reverse the text around it.

    >>> display("Acme\\n\\u202eCorp")
    'Acme Corp'
    """
    chars = [" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text)]
    cleaned = _BIDI_CONTROLS.sub("", "".join(c for c in chars if unicodedata.category(c) not in ("Cs", "Co")))
    cleaned = " ".join(cleaned.split())
    if width and len(cleaned) > width:
        cleaned = cleaned[: width - 1].rstrip() + "…"
    return cleaned


def kind_style(kind: str | None) -> NodeStyle:
    """The look of a node kind; kinds outside the ontology get a plain dashed box rather than an error."""
    return KIND_STYLES.get(kind or "", OTHER_KIND)


def mode_style(mode: str) -> EdgeStyle:
    """The look of an entry mode; unknown modes get a neutral grey line."""
    return MODE_STYLES.get(mode, OTHER_MODE)


def tint(color: str, amount: float = 0.82) -> str:
    """``color`` mixed with white, for fills that keep dark text readable."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _info(*pairs: tuple[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple((key, display(value, None)) for key, value in pairs if value not in (None, ""))


def _bends(edges: list[Edge]) -> tuple[Edge, ...]:
    """Offsets centred on 0 (-0.5, 0.5; -1, 0, 1; ...) for edges sharing a pair of nodes, so they fan out."""
    pairs = [tuple(sorted((e.source, e.target))) for e in edges]
    totals, seen = Counter(pairs), Counter[tuple[str, ...]]()
    out = []
    for edge, pair in zip(edges, pairs, strict=True):
        offset = seen[pair] - (totals[pair] - 1) / 2
        seen[pair] += 1
        out.append(replace(edge, bend=(offset if pair[0] == edge.source else -offset) + 0.0))
    return tuple(out)


def _layers(nodes: list[str], edges: list[tuple[str, str]], cap: int) -> dict[str, int]:
    """Columns for a left-to-right drawing: each node one step right of its furthest predecessor.

    Capped, so a cycle across paths (two partners pointing at each other)
    cannot push nodes right for ever.
    """
    layer = dict.fromkeys(nodes, 0)
    for _ in range(cap):
        moved = False
        for source, target in edges:
            if layer[target] < min(layer[source] + 1, cap):
                layer[target], moved = layer[source] + 1, True
        if not moved:
            break
    return layer


@dataclass
class _PathNodes:
    """Nodes met along paths, keyed by kind and name, numbered in order of first sight."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)

    def add(self, name: str, kind: str | None) -> str:
        return self.ids.setdefault((kind or "", name), f"n{len(self.ids)}")

    def nodes(self, layers: dict[str, int]) -> tuple[Node, ...]:
        return tuple(
            Node(
                node,
                display(name),
                kind or "Thing",
                kind_style(kind),
                _info(("name", name), ("kind", kind or "unknown"), ("paths", self.counts[node])),
                layers[node],
            )
            for (kind, name), node in self.ids.items()
        )


def _hop_mode(hop: Hop, path: ExpansionPath, last: bool) -> str:
    """A step is drawn as what it is (a brand, a subsidiary); the final hop as the path's way in."""
    return path.mode if last else STEP_RELATIONS.get(hop.relation, path.mode)


def _edge_label(hop: Hop) -> str:
    lines = [hop.relation] + ([hop.date] if hop.date else []) + ([f"via {hop.via}"] if hop.via else [])
    return "\n".join(display(line) for line in lines)


def paths_scene(paths: list[ExpansionPath], title: str = "") -> Scene:
    """Every hop of every path once; a hop shared by several paths keeps the best path's mode."""
    nodes = _PathNodes()
    edges: dict[tuple, dict] = {}
    for path in paths:
        on_path: set[str] = set()
        for depth, hop in enumerate(path.hops):
            source = nodes.add(hop.source_name, hop.source_type)
            target = nodes.add(hop.target_name, hop.target_type)
            on_path |= {source, target}
            mode = _hop_mode(hop, path, depth == len(path.hops) - 1)
            key = (source, hop.relation, target, hop.date, hop.via)
            entry = edges.setdefault(key, {"hop": hop, "modes": [], "support": 0})
            entry["modes"] += [mode] if mode not in entry["modes"] else []
            entry["support"] = max(entry["support"], hop.support)
        nodes.counts.update(on_path)
    drawn = [_path_edge(f"e{i}", key, entry) for i, (key, entry) in enumerate(edges.items())]
    modes = sorted({e["modes"][0] for e in edges.values()}, key=_mode_order)
    layers = _layers(
        list(nodes.ids.values()), [(e.source, e.target) for e in drawn], max((len(p.hops) for p in paths), default=0)
    )
    return Scene(
        "flow",
        title or _paths_title(paths),
        nodes.nodes(layers),
        _bends(drawn),
        _kind_legend(nodes.ids) + tuple(LegendEntry(m, edge=mode_style(m)) for m in modes),
        empty="no expansion paths",
    )


def _path_edge(edge_id: str, key: tuple, entry: dict) -> Edge:
    hop: Hop = entry["hop"]
    info = _info(
        ("from", hop.source_name),
        ("relation", hop.relation),
        ("to", hop.target_name),
        ("mode", ", ".join(entry["modes"])),
        ("date", hop.date),
        ("via", hop.via),
        ("support", entry["support"]),
        ("evidence", hop.evidence),
        ("source", hop.source),
    )
    return Edge(edge_id, key[0], key[2], _edge_label(hop), mode_style(entry["modes"][0]), info)


def _mode_order(mode: str) -> tuple:
    order = list(MODE_STYLES)
    return (order.index(mode) if mode in order else len(order), mode)


def _kind_legend(keys) -> tuple[LegendEntry, ...]:
    kinds = {kind or "Thing" for kind, _ in keys}
    order = list(KIND_STYLES)
    ranked = sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k))
    return tuple(LegendEntry(k, node=kind_style(k)) for k in ranked)


def _paths_title(paths: list[ExpansionPath]) -> str:
    starts = sorted({p.hops[0].source_name for p in paths if p.hops})
    markets = sorted({p.market for p in paths})
    if len(starts) == 1 and len(markets) == 1:
        return f"How {starts[0]} reaches {markets[0]}"
    return f"Expansion paths of {starts[0]}" if len(starts) == 1 else "Expansion paths"


def _date_key(text: str) -> tuple:
    """Sort key for dates of any precision; text that is not a date sorts by itself, after real dates."""
    try:
        value = parse_time(text)
        return (0, value.start, value.end, value.text)
    except InvalidDate:
        return (1, str(text))


def timeline_scene(events: list[Event], title: str = "") -> Scene:
    """Events stacked under their date on a left-to-right axis, coloured by relation."""
    ordered = sorted(events, key=lambda e: _date_key(e.date))
    axis = tuple(dict.fromkeys(display(e.date) for e in ordered))
    nodes = tuple(_event_node(f"n{i}", event, axis.index(display(event.date))) for i, event in enumerate(ordered))
    relations = sorted({e.relation for e in ordered}, key=lambda r: (r not in RELATION_COLORS, r))
    legend = tuple(LegendEntry(r, node=_event_style(r)) for r in relations)
    return Scene("timeline", title or "Expansion timeline", nodes, (), legend, axis, empty="no dated events")


def _event_style(relation: str, dashed: bool = False) -> NodeStyle:
    color = RELATION_COLORS.get(relation, OTHER_MODE.color)
    return NodeStyle("rounded", tint(color), color, dashed)


def _event_node(node_id: str, event: Event, column: int) -> Node:
    relation = display(event.relation + (f" ({event.status})" if event.status else ""))
    info = _info(
        ("date", event.date),
        ("subject", event.subject),
        ("relation", event.relation),
        ("object", event.object),
        ("via", event.via),
        ("status", event.status),
        ("evidence", event.evidence),
        ("source", event.source),
    )
    style = _event_style(event.relation, dashed=bool(event.status))
    return Node(
        node_id,
        f"{display(event.subject)}\n{relation}\n{display(event.object)}",
        display(event.relation),
        style,
        info,
        column,
    )


def market_scene(market: str, entries: list[MarketEntry]) -> Scene:
    """The market in the middle, each company on a ring around it, one edge per entry mode."""
    kind = _market_kind(entries)
    center = Node(
        "n0",
        display(market),
        kind,
        kind_style(kind),
        _info(("market", market), ("kind", kind), ("companies", len(entries))),
        0,
    )
    nodes: list[Node] = [center]
    edges: list[Edge] = []
    for i, entry in enumerate(entries, start=1):
        counts = ", ".join(f"{mode} {n}" for mode, n in entry.modes.items())
        nodes.append(
            Node(
                f"n{i}",
                display(entry.company),
                "Company",
                kind_style("Company"),
                _info(("company", entry.company), ("ways in", sum(entry.modes.values())), ("modes", counts)),
                1,
            )
        )
        edges += [
            _mode_edge(f"e{len(edges) + j}", f"n{i}", mode, n, entry) for j, (mode, n) in enumerate(entry.modes.items())
        ]
    modes = sorted({m for e in entries for m in e.modes}, key=_mode_order)
    legend = (LegendEntry(kind, node=kind_style(kind)),) + (
        (LegendEntry("Company", node=kind_style("Company")),) if entries else ()
    )
    return Scene(
        "radial",
        f"Who reaches {display(market, None)}",
        tuple(nodes) if entries else (),
        _bends(edges),
        legend + tuple(LegendEntry(m, edge=mode_style(m)) for m in modes),
        center="n0",
        empty=f"nobody reaches {display(market, None)}",
    )


def _market_kind(entries: list[MarketEntry]) -> str:
    """The market's own kind when every path ends on one place; a region when they end on several."""
    ends = {(p.hops[-1].target_type, p.market) for e in entries for p in e.paths if p.hops}
    if len(ends) == 1:
        return next(iter(ends))[0] or "Country"
    return "Region" if ends else "Country"


def _mode_edge(edge_id: str, company: str, mode: str, count: int, entry: MarketEntry) -> Edge:
    example = next((p for p in entry.paths if p.mode == mode), None)
    route = " → ".join([example.hops[0].source_name] + [h.target_name for h in example.hops]) if example else None
    last = example.hops[-1] if example and example.hops else None
    info = _info(
        ("company", entry.company),
        ("mode", mode),
        ("paths", count),
        ("example", route),
        ("date", example.latest if example else None),
        ("support", example.support if example else None),
        ("evidence", last.evidence if last else None),
        ("source", last.source if last else None),
    )
    return Edge(edge_id, company, "n0", display(f"{mode} ×{count}"), mode_style(mode), info)
