"""Scenes as one self-contained HTML page with an interactive drawing.

The page (``page.html``) holds its style and code inline and its data as JSON
in a ``<script type="application/json">`` tag: nothing is fetched, so the file
can be mailed or opened offline.  Its Content-Security-Policy admits only the
page's own script, by hash, so text that got past escaping still could not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.pictures.scene import Edge, LegendEntry, Node, Scene

_CODE = re.compile(r'<script id="kg-code">(.*?)</script>', re.S)
_PLACEHOLDER = re.compile(r"@@([A-Z]+)@@")


@lru_cache(maxsize=1)
def template() -> str:
    """The page skeleton with its CSS and JavaScript, shipped beside this module."""
    return resources.files("kg.pictures").joinpath("page.html").read_text(encoding="utf-8")


def policy(page: str) -> str:
    """A CSP that allows inline styles and exactly the page's own script, and no network at all."""
    match = _CODE.search(page)
    assert match, "page.html lost its kg-code script"
    digest = base64.b64encode(hashlib.sha256(match.group(1).encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def embed_json(value: Any) -> str:
    """JSON that cannot end its ``<script>`` element early.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their
    ``\\u`` escapes mean the same; without them a name such as
    ``</script><script>...`` would close the data tag and run as code.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _node(node: Node) -> dict[str, Any]:
    return {
        "id": node.id,
        "label": node.label,
        "kind": node.kind,
        "shape": node.style.shape,
        "fill": node.style.fill,
        "stroke": node.style.stroke,
        "dashed": node.style.dashed,
        "layer": node.layer,
        "info": [list(row) for row in node.info],
    }


def _edge(edge: Edge) -> dict[str, Any]:
    return {
        "id": edge.id,
        "source": edge.source,
        "target": edge.target,
        "label": edge.label,
        "color": edge.style.color,
        "line": edge.style.line,
        "arrow": edge.style.arrow,
        "bend": edge.bend,
        "info": [list(row) for row in edge.info],
    }


def _legend(entry: LegendEntry) -> dict[str, Any]:
    node, edge = entry.node, entry.edge
    node_data = {"shape": node.shape, "fill": node.fill, "stroke": node.stroke, "dashed": node.dashed} if node else None
    edge_data = {"color": edge.color, "line": edge.line, "arrow": edge.arrow} if edge else None
    return {"label": entry.label, "node": node_data, "edge": edge_data}


def scene_data(scene: Scene) -> dict[str, Any]:
    """The scene as the plain data the page's script draws."""
    return {
        "layout": scene.layout,
        "title": scene.title,
        "center": scene.center,
        "axis": list(scene.axis),
        "empty": scene.empty,
        "nodes": [_node(n) for n in scene.nodes],
        "edges": [_edge(e) for e in scene.edges],
        "legend": [_legend(e) for e in scene.legend],
    }


def data_table(scene: Scene) -> str:
    """The facts behind the drawing as a plain table: readable without script, and by screen readers."""
    rows = [dict(e.info) for e in scene.edges] or [dict(n.info) for n in scene.nodes]
    if not rows:
        return f"<p>{html.escape(scene.empty)}</p>"
    columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row.get(c, ''))}</td>" for c in columns) + "</tr>\n" for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def summary(scene: Scene) -> str:
    """One line under the title saying how much is drawn."""
    if scene.layout == "timeline":
        return f"{len(scene.nodes)} events on {len(scene.axis)} dates"
    if scene.layout == "radial":
        return f"{max(len(scene.nodes) - 1, 0)} companies, {len(scene.edges)} entry modes"
    return f"{len(scene.nodes)} nodes, {len(scene.edges)} facts"


def page(scene: Scene) -> str:
    """The whole page; placeholders are filled in one pass, so data can never fill in another placeholder."""
    skeleton = template()
    values = {
        "TITLE": html.escape(scene.title),
        "SUMMARY": html.escape(summary(scene)),
        "CSP": html.escape(policy(skeleton)),
        "TABLE": data_table(scene),
        "DATA": embed_json(scene_data(scene)),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], skeleton)
