"""Node-link JSON, the shape networkx and d3 read, written one element at a time.

The document is ``{"directed": true, "multigraph": true, "graph": {},
"nodes": [...], "edges": [...]}``: read it with
``networkx.node_link_graph(data, edges="edges")``.  Each edge's ``key`` is
the fact's IRI, so parallel facts between two entities stay apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from kg.exports.property_graph import edges, nodes
from kg.exports.rows import GraphReader


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _write_list(out: BinaryIO, items: Iterable[dict[str, Any]]) -> None:
    first = True
    for item in items:
        out.write(b"\n  " if first else b",\n  ")
        first = False
        out.write(_dumps(item))
    out.write(b"\n ]" if not first else b"]")


class NodeLinkExporter:
    """networkx node-link JSON (``edges="edges"``), a multigraph keyed by fact IRI."""

    name = "nodelink"

    def write(self, reader: GraphReader, out: BinaryIO) -> None:
        out.write(b'{"directed": true, "multigraph": true, "graph": {},\n "nodes": [')
        _write_list(out, ({"id": n.id, **n.attributes} for n in nodes(reader)))
        out.write(b',\n "edges": [')
        _write_list(out, ({"source": e.source, "target": e.target, "key": e.id, **e.attributes} for e in edges(reader)))
        out.write(b"\n}\n")
