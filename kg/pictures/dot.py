"""Scenes as Graphviz DOT, and DOT drawn as SVG or PNG by Graphviz's ``dot`` program.

Every piece of text reaches DOT as an HTML-like label (``label=<...>``) or a
quoted string holding no backslash and no double quote.  Plain quoted labels
would need backslash escapes, and a name ending in a backslash would then
swallow the closing quote in the DOT lexer; XML entities have no such trap.
"""

from __future__ import annotations

import shutil
import subprocess

from kg.errors import KGError, Unsupported
from kg.pictures.scene import Edge, EdgeStyle, LegendEntry, Node, Scene

GRAPHVIZ_TIMEOUT = 60.0
FONT = "Helvetica,Arial,sans-serif"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_LINE_SAMPLES = {"solid": "———", "dashed": "– – –", "dotted": "· · · · ·", "bold": "<B>━━━</B>"}


def html_text(text: str) -> str:
    """Text for inside an HTML-like label: XML entities for ``& < > "``, ``<BR/>`` between lines.

    Graphviz decodes entities and then expands ``\\N``, ``\\G`` and friends even
    in HTML-like labels, so a backslash is written as two escaped backslashes.
    """
    escaped = "".join(_ENTITIES.get(c, c) for c in text).replace("\\", "&#92;" * 2)
    return escaped.replace("\n", '<BR ALIGN="CENTER"/>')


def quoted(text: str) -> str:
    """A DOT quoted string for attributes Graphviz copies into SVG (tooltips).

    The DOT lexer reads a backslash before the closing quote as an escaped
    quote, so no raw backslash is written: each becomes four ``&#92;``
    entities, which Graphviz's two rounds of escape processing on tooltips
    bring back to one.  Newlines become ``&#10;``, which SVG keeps.
    """
    escaped = "".join(_ENTITIES.get(c, c) for c in text).replace("\\", "&#92;" * 4).replace("\n", "&#10;")
    return f'"{escaped}"'


class Html(str):
    """An HTML-like label body, already escaped; written as ``<...>`` rather than quoted.

    Graphviz rejects an empty one, so an empty body is written as a no-break space.
    """


def _attrs(**values: str | float) -> str:
    parts = []
    for key, value in values.items():
        if isinstance(value, Html):
            parts.append(f"{key}=<{value or '&#160;'}>")
        elif isinstance(value, str):
            parts.append(f"{key}={quoted(value)}")
        else:
            parts.append(f"{key}={value:g}")
    return "[" + ", ".join(parts) + "]"


def _tooltip(info: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in info)


def node_line(node: Node) -> str:
    """One node statement: the kind's shape and colours, the label, and its facts as a tooltip."""
    rounded = node.style.shape == "rounded"
    style = ["filled"] + (["rounded"] if rounded else []) + (["dashed"] if node.style.dashed else [])
    shape = "box" if rounded else node.style.shape
    return f"  {node.id} " + _attrs(
        label=Html(html_text(node.label)),
        shape=shape,
        style=",".join(style),
        fillcolor=node.style.fill,
        color=node.style.stroke,
        tooltip=_tooltip(node.info) or node.label,
    )


def edge_line(edge: Edge) -> str:
    """One edge statement in its mode's colour, line style and arrowhead."""
    style = edge.style
    return f"  {edge.source} -> {edge.target} " + _attrs(
        label=Html(html_text(edge.label)),
        color=style.color,
        fontcolor=style.color,
        style=style.line,
        arrowhead=style.arrow,
        penwidth=2.4 if style.line == "bold" else 1.4,
        tooltip=_tooltip(edge.info) or edge.label,
    )


def header_label(scene: Scene) -> Html:
    """The title and the legend as one HTML-like table, drawn above the graph in every layout.

    Kinds and modes sit in two rows of one grid; a nested table would be
    stretched by Graphviz to the width of the wider row.
    """
    rows = [[_legend_node(e) for e in scene.legend if e.node], [_legend_edge(e) for e in scene.legend if e.edge]]
    rows = [row for row in rows if row]
    width = max((len(row) for row in rows), default=1)
    lines = [
        f'<TR><TD ALIGN="LEFT" COLSPAN="{width}"><FONT POINT-SIZE="16"><B>{html_text(scene.title)}</B></FONT></TD></TR>'
    ]
    for row in rows:
        filler = f'<TD COLSPAN="{width - len(row)}"></TD>' if len(row) < width else ""
        lines.append("<TR>" + "".join(row) + filler + "</TR>")
    return Html('<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3">' + "".join(lines) + "</TABLE>")


def _legend_node(entry: LegendEntry) -> str:
    assert entry.node is not None
    rounded = ' STYLE="rounded"' if entry.node.shape in ("rounded", "ellipse") else ""
    return (
        f'<TD BGCOLOR="{entry.node.fill}" COLOR="{entry.node.stroke}" BORDER="1"{rounded}>'
        f'<FONT POINT-SIZE="11">{html_text(entry.label)}</FONT></TD>'
    )


def _legend_edge(entry: LegendEntry) -> str:
    style: EdgeStyle | None = entry.edge
    assert style is not None
    sample = _LINE_SAMPLES.get(style.line, _LINE_SAMPLES["solid"])
    return f'<TD><FONT POINT-SIZE="11"><FONT COLOR="{style.color}">{sample}</FONT> {html_text(entry.label)}</FONT></TD>'


def _graph_attrs(scene: Scene) -> dict[str, str | float]:
    common: dict[str, str | float] = {
        "label": header_label(scene),
        "labelloc": "t",
        "labeljust": "l",
        "fontname": FONT,
        "bgcolor": "white",
        "pad": 0.3,
        "tooltip": scene.title,
    }
    if scene.layout == "radial" and scene.nodes:
        return {
            **common,
            "layout": "twopi",
            "root": scene.center or scene.nodes[0].id,
            "ranksep": 2.5,
            "overlap": "scale",
            "splines": "true",
        }
    return {**common, "layout": "dot", "rankdir": "LR", "nodesep": 0.3, "ranksep": 0.9}


def timeline_lines(scene: Scene) -> list[str]:
    """A date axis (one plain node per date, chained) with each date's events in the same column."""
    lines = []
    for i, date in enumerate(scene.axis):
        lines.append(f"  d{i} " + _attrs(label=Html(f"<B>{html_text(date)}</B>"), shape="plaintext", fontsize=12))
    for i in range(len(scene.axis) - 1):
        lines.append(f"  d{i} -> d{i + 1} " + _attrs(color="#999999", penwidth=2, arrowhead="vee", weight=10))
    for i in range(len(scene.axis)):
        column = [n.id for n in scene.nodes if n.layer == i]
        chain = " -> ".join([f"d{i}", *column])
        lines.append(f"  {{ rank=same; d{i}; {'; '.join(column)}; }}")
        lines.append(f"  {chain} " + _attrs(style="invis"))
    return lines


def dot_source(scene: Scene) -> str:
    """The whole scene as DOT text: same scene, same bytes."""
    lines = [
        "digraph kg {",
        "  graph " + _attrs(**_graph_attrs(scene)),
        "  node " + _attrs(fontname=FONT, fontsize=11, penwidth=1.4, margin="0.12,0.06"),
        "  edge " + _attrs(fontname=FONT, fontsize=9, arrowsize=0.8),
    ]
    if not scene.nodes:
        lines.append("  empty " + _attrs(label=Html(f"<I>{html_text(scene.empty)}</I>"), shape="plaintext"))
    lines += [node_line(n) for n in scene.nodes]
    lines += [edge_line(e) for e in scene.edges]
    if scene.layout == "timeline":
        lines += timeline_lines(scene)
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(source: str, fmt: str, timeout: float = GRAPHVIZ_TIMEOUT) -> bytes:
    """DOT drawn by Graphviz as ``svg`` or ``png``; missing Graphviz is a one-line :class:`Unsupported`."""
    program = shutil.which("dot")
    hint = "install Graphviz (apt-get install graphviz) or use --format html"
    if program is None:
        raise Unsupported(f"--format {fmt} needs Graphviz's dot program, which is not on PATH: {hint}")
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise Unsupported(
            f"Graphviz took more than {timeout:g} s to draw this picture; use --format html or fewer paths (--limit)"
        ) from None
    except OSError as e:
        raise Unsupported(f"could not run Graphviz's dot program ({e.strerror}): {hint}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KGError(f"Graphviz could not draw the picture: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout
