"""The projection's cache file: plain JSON data behind a checked header, never code.

The data folder may come from a backup or another hand, so nothing in it is
trusted: the file is read only when its header names this format and version,
its key matches the store's current state, and the body's size and SHA-256
match the header.  Anything else (an old pickle, a truncated or edited file, a
body of the wrong shape) means "no cache": the caller rebuilds.

Layout: one header line of JSON, then the body, also JSON::

    {"format": "kg-projection", "version": 1, "key": ..., "size": ..., "sha256": ...}
    [strings, nodes, edges, predecessors, names, labels]

Every text value is an index into ``strings`` (repeated IRIs, relations and
paths are stored once, which makes the file small and quick to parse); nodes
and edges are rows in the fixed field order below.  ``names`` is the name index the
queries look names up in (:func:`kg.queries.expansion.name_index`: each name and
alias key, and its nodes), stored so that no query computes the key of every name;
``labels`` the same for every IRI under ``/id/`` with a name or alias (what
``kg entities`` looks a name up in), or null when not kept.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from pathlib import Path

from kg.stores.multigraph import MultiDiGraph

FORMAT = "kg-projection"
VERSION = 2
NAME = "projection.json"
#: Caches written by older versions; they are deleted, never read (a pickle can run code).
LEGACY = ("projection.pickle",)
#: Edge fields holding text (or None), then the two numbers, in the order rows store them.
TEXT_FIELDS = ("relation", "date", "since", "until", "via", "market", "status", "evidence", "source")
HEADER_LIMIT = 4096


def read(folder: Path, key: str) -> MultiDiGraph | None:
    """The cached projection for ``key``, or None when the file is missing or fails any check."""
    for name in LEGACY:
        (folder / name).unlink(missing_ok=True)
    try:
        with (folder / NAME).open("rb") as f:
            header = json.loads(f.readline(HEADER_LIMIT))
            if not _header_matches(header, key):
                return None
            body = f.read(header["size"] + 1)
    except (OSError, ValueError):
        return None
    if len(body) != header["size"] or hashlib.sha256(body).hexdigest() != header["sha256"]:
        return None
    try:
        return _decode(body)
    except (ValueError, TypeError, IndexError, KeyError):
        return None


def _header_matches(header: object, key: str) -> bool:
    return (isinstance(header, dict) and header.get("format") == FORMAT and header.get("version") == VERSION
            and header.get("key") == key and type(header.get("size")) is int and header["size"] >= 0
            and isinstance(header.get("sha256"), str))


def write(folder: Path, key: str, graph: MultiDiGraph) -> None:
    """Replace the cache atomically, owner-only; a graph this format cannot hold is simply not cached."""
    from kg.memory import paused_cycle_collection

    try:
        with paused_cycle_collection():  # as in _decode: new lists by the hundred thousand, none in a cycle
            body = _encode(graph)
    except TypeError:
        return
    header = {"format": FORMAT, "version": VERSION, "key": key, "size": len(body),
              "sha256": hashlib.sha256(body).hexdigest()}
    target = folder / NAME
    partial = folder / (NAME + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(json.dumps(header).encode() + b"\n")
        out.write(body)
    os.replace(partial, target)


def _encode(graph: MultiDiGraph) -> bytes:
    table: dict[str, int] = {}

    def text(value: object) -> int | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise TypeError(f"not text: {value!r}")
        return table.setdefault(value, len(table))

    def number(value: object) -> int | float:
        if type(value) not in (int, float):
            raise TypeError(f"not a number: {value!r}")
        return value

    nodes = [[text(n), text(d["type"]), text(d["name"]), [text(a) for a in d["aliases"]], text(d["iso"])]
             for n, d in graph.nodes(data=True)]
    edges = [[text(u), text(v), text(k), *(text(d[f]) for f in TEXT_FIELDS), number(d["support"]),
              number(d["confidence"])] for u, v, k, d in graph.edges(keys=True, data=True)]
    # predecessors in the graph's own order (the order facts were added), which edge order alone cannot restore
    preds = [[text(v), [text(u) for u in us]] for v, us in graph.pred.items() if us]
    names = [[text(key), [text(n) for n in sorted(ns)]] for key, ns in _name_index(graph).items()]
    labels = graph.graph.get("labels")
    labelled = None if labels is None else [[text(key), [text(i) for i in sorted(iris)]] for key, iris in labels.items()]
    return json.dumps([list(table), nodes, edges, preds, names, labelled], separators=(",", ":"),
                      ensure_ascii=False).encode()


def _name_index(graph: MultiDiGraph) -> dict:
    from kg.stores.names import name_index

    return name_index(graph)


def _decode(body: bytes) -> MultiDiGraph:
    """Rebuild the graph by filling networkx's own dicts: several times faster than add_edge per fact."""
    # tens of thousands of new dicts would set off the cycle collector over and over; none of them form cycles
    gc.disable()
    try:
        strings, nodes, edges, preds, names, labelled = json.loads(body)
        if set(map(type, strings)) - {str}:
            raise TypeError("the string table holds a non-string")
        graph = _graph(strings, nodes, edges, preds)
        index = {strings[key]: {strings[n] for n in ns} for key, ns in names}
        if not set().union(*index.values()) <= graph._node.keys():
            raise ValueError("the name index names an unknown node")
        graph.graph["name_index"], graph.graph["name_index_size"] = index, graph.number_of_nodes()
        if labelled is not None:
            graph.graph["labels"] = {strings[key]: {strings[i] for i in iris} for key, iris in labelled}
        return graph
    finally:
        gc.enable()


def _graph(s: list[str], nodes: list, edges: list, preds: list) -> MultiDiGraph:
    graph = MultiDiGraph()
    node, succ, pred = graph._node, graph._succ, graph._pred
    for iri, type_, name, aliases, iso in nodes:
        iri = s[iri]
        node[iri] = {"type": s[type_], "name": s[name], "aliases": [s[a] for a in aliases],
                     "iso": None if iso is None else s[iso]}
        succ[iri], pred[iri] = {}, {}
    for u, v, k, rel, date, since, until, via, market, status, evidence, source, support, confidence in edges:
        if type(support) is not int or type(confidence) not in (int, float):
            raise TypeError("an edge's support or confidence is not a number")
        u, v = s[u], s[v]
        keyed = succ[u].get(v)
        if keyed is None:
            keyed = succ[u][v] = pred[v][u] = {}
        keyed[s[k]] = {
            "relation": s[rel], "date": None if date is None else s[date], "since": None if since is None else s[since],
            "until": None if until is None else s[until], "via": None if via is None else s[via],
            "market": None if market is None else s[market], "status": None if status is None else s[status],
            "support": support, "confidence": confidence, "evidence": None if evidence is None else s[evidence],
            "source": s[source]}
    for v, us in preds:
        v, before = s[v], pred[s[v]]
        pred[v] = {s[u]: before[s[u]] for u in us}
        if len(pred[v]) != len(before):
            raise ValueError("a predecessor list does not match the edges")
    return graph
