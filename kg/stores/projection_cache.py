"""The projection's cache file: plain JSON data behind a checked header, never code, read a part at a time.

The data folder may come from a backup or another hand, so nothing in it is
trusted: the file is read only when its header names this format and version,
its key matches the store's current state, and the body's size and SHA-256
match the header.  Anything else (an old pickle, a truncated or edited file, a
section of the wrong shape) means "no cache": the caller rebuilds.

Layout: one header line of JSON (padded with spaces to a fixed width, as it is written after the body), then
the body, sections of JSON one after the other, each at the offset and of the size the header's ``sections``
gives (the edges come first: they are written as they are encoded)::

    {"format": "kg-projection", "version": 4, "key": ..., "size": ..., "sha256": ...,
     "sections": {"edges": [offset, size], "nodes": ..., "names": ..., "labels": ..., "preds": ..., "links": ...}}

- ``nodes``: columns ``iri``, ``type``, ``name``, ``aliases``, ``iso``, ``at``, ``size``, a list each, one
  value per node in the graph's order, where ``at`` and ``size`` place the node's out-edges in ``edges``;
- ``edges``: for each node with out-edges, its own JSON list of rows ``[target, fact, relation, date, since,
  until, via, market, status, evidence, source, support, confidence]`` (``target`` a row number in
  ``nodes``), so a query decodes the edges of the nodes it walks and no others;
- ``preds``: each node's predecessors in the graph's own order (the order facts were added), which the
  edges alone cannot restore, as row numbers;
- ``names``: the name index the queries look names up in (each name and alias key, and its nodes' places
  in the columns), stored so that no query computes the key of every name: one line of JSON ``[key, rows]``
  per key, sorted by key, so a query finds its key by a binary search and decodes a few lines, not the
  index (at 10^6 facts decoding it whole took a second);
- ``labels``: the same lines for every IRI under ``/id/`` with a name or alias (what ``kg entities`` looks a
  name up in), or ``null`` when not kept;
- ``links``: for each relation, the distinct (subject row, object row) pairs of its edges, and for each
  relation, the distinct (subject row, market) pairs of its edges that name a market: what a question
  about the whole graph (who reaches a market, who nobody owns) reads instead of every edge; then the
  (subject row, object row) pairs that only facts with a ``status`` give (planned, denied, ...: none a
  plain claim), so a question over plain facts needs no edge either;
- ``hops``: for each relation that can end in a market (:data:`kg.vocabulary.MARKET_RELATIONS`), the plain
  facts' distinct (subject row, market, via), each with the highest support of the facts that give it: the
  market is the object's row, or for ``sellsThrough`` the market IRI the fact names.  What a question about
  who reaches a market reads of the hops into it, for their entry mode and support, instead of the edges of
  every company with one.

:func:`read` gives a :class:`StoredGraph`: the nodes are read at once, each node's edges when a query first
asks for them, the indexes when first used.  The whole body's checksum is checked first (16 MB at 10^5
facts: about 10 ms), and the sections a reading decodes are checked for shape as they are decoded; a node's
edges that fail that check raise :class:`kg.errors.StoreError` (``read(..., lazy=False)``, what a load
reads, checks every section and returns None instead, so the load rebuilds the file).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.stores.multigraph import MultiDiGraph
from kg.vocabulary import MARKET_RELATIONS

FORMAT = "kg-projection"
VERSION = 7
NAME = "projection.json"
#: Caches written by older versions; they are deleted, never read (a pickle can run code).
LEGACY = ("projection.pickle",)
#: Edge fields holding text (or None), then the two numbers, in the order rows store them.
TEXT_FIELDS = ("relation", "date", "since", "until", "via", "market", "status", "evidence", "source")
SECTIONS = ("nodes", "names", "labels", "preds", "links", "hops", "edges")
#: The nodes section's columns, one list each, a node's values at the same place in every list.
NODE_COLUMNS = ("iri", "type", "name", "aliases", "iso", "at", "size")
HEADER_LIMIT = 4096
_DAMAGED = (ValueError, TypeError, IndexError, KeyError, AttributeError)


def read(folder: Path, key: str, *, lazy: bool = True) -> MultiDiGraph | None:
    """The cached projection for ``key``, or None when the file is missing or fails any check.

    ``lazy`` (what a query wants): each node's edges and the indexes are decoded when first used.  Without
    it (what a load wants, to change the graph) everything is decoded and checked here."""
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
        graph = StoredGraph(body, header["sections"], folder / NAME)
        if not lazy:
            graph.materialize()
            return _plain(graph)
        return graph
    except (*_DAMAGED, StoreError):
        return None


def _header_matches(header: object, key: str) -> bool:
    if not (
        isinstance(header, dict)
        and header.get("format") == FORMAT
        and header.get("version") == VERSION
        and header.get("key") == key
        and type(header.get("size")) is int
        and header["size"] >= 0
        and isinstance(header.get("sha256"), str)
        and isinstance(header.get("sections"), dict)
    ):
        return False
    sections = header["sections"]
    return set(sections) == set(SECTIONS) and all(
        isinstance(s, list)
        and len(s) == 2
        and all(type(n) is int and n >= 0 for n in s)
        and s[0] + s[1] <= header["size"]
        for s in sections.values()
    )


def write(folder: Path, key: str, graph: MultiDiGraph) -> None:
    """Replace the cache atomically, owner-only; a graph this format cannot hold is simply not cached.

    The body goes to the file as it is encoded, a node's edges at a time, never held whole beside the graph
    (at 10^6 facts it is hundreds of megabytes); the header, which gives its size and checksum, is written
    last into the room left for it at the top of the file, padded with spaces (JSON ignores them).
    """
    from kg.memory import paused_cycle_collection

    target = folder / NAME
    partial = folder / (NAME + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(b" " * (HEADER_LIMIT - 1) + b"\n")
            body = _Body(out)
            with paused_cycle_collection():  # as in reading: new lists by the hundred thousand, none in a cycle
                sections = _encode(graph, body)
            header = {
                "format": FORMAT,
                "version": VERSION,
                "key": key,
                "size": body.size,
                "sha256": body.sha256.hexdigest(),
                "sections": sections,
            }
            out.seek(0)
            out.write(json.dumps(header).encode().ljust(HEADER_LIMIT - 1) + b"\n")
    except TypeError:
        partial.unlink(missing_ok=True)
        return
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)


class _Body:
    """The file's body as it is written: where each part starts, its size, and the checksum of it all."""

    def __init__(self, out) -> None:
        self.out, self.size, self.sha256 = out, 0, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.sha256.update(data)
        self.size += len(data)


def _qualified_only(every: dict, plain: dict) -> dict:
    """Relation -> the sorted pairs of ``every`` that ``plain`` lacks, for the relations with any."""
    return {r: sorted(only) for r, pairs in sorted(every.items()) if (only := pairs - plain.get(r, set()))}


def _hop_order(item: tuple[tuple, int]) -> tuple:
    """A hop's place in the file: by subject, then market (a row or an IRI), then via."""
    (subject, market, via), _ = item
    return subject, str(market), via or ""


def _dumps(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _text(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"not text: {value!r}")
    return value


def _number(value: object) -> int | float:
    if type(value) is int or type(value) is float:
        return value
    raise TypeError(f"not a number: {value!r}")


def _encode(graph: MultiDiGraph, body: _Body) -> dict:
    """Write the graph's sections to ``body``, the edges first as each node's are encoded; their places."""
    row = {n: i for i, n in enumerate(graph._node)}
    start = body.size
    columns: dict[str, list] = {c: [] for c in NODE_COLUMNS}
    links: dict[str | None, set[tuple[int, int]]] = {}
    markets: dict[str | None, set[tuple[int, str]]] = {}
    plain_links: dict[str | None, set[tuple[int, int]]] = {}
    hops: dict[str, dict[tuple, int]] = {}
    text = _text
    for n, d in graph._node.items():
        out = []
        for v, keyed in graph._succ[n].items():
            target = row[v]
            for k, e in keyed.items():
                relation = text(e["relation"])
                out.append(
                    [
                        target,
                        text(k),
                        relation,
                        text(e["date"]),
                        text(e["since"]),
                        text(e["until"]),
                        text(e["via"]),
                        text(e["market"]),
                        text(e["status"]),
                        text(e["evidence"]),
                        text(e["source"]),
                        _number(e["support"]),
                        _number(e["confidence"]),
                    ]
                )
                links.setdefault(relation, set()).add((row[n], target))
                if not e["status"]:
                    plain_links.setdefault(relation, set()).add((row[n], target))
                    if relation in MARKET_RELATIONS:
                        hop = (row[n], text(e["market"]) if relation == "sellsThrough" else target, text(e["via"]))
                        best = hops.setdefault(relation, {})
                        best[hop] = max(best.get(hop, 0), int(_number(e["support"])))
                if e["market"] is not None:
                    markets.setdefault(relation, set()).add((row[n], e["market"]))
        columns["iri"].append(text(n))
        columns["type"].append(text(d["type"]))
        columns["name"].append(text(d["name"]))
        columns["aliases"].append([text(a) for a in d["aliases"]])
        columns["iso"].append(text(d["iso"]))
        if out:
            chunk = _dumps(out)
            columns["at"].append(body.size - start)
            columns["size"].append(len(chunk))
            body.write(chunk)
        else:
            columns["at"].append(0)
            columns["size"].append(0)
    preds = [[row[v], [row[u] for u in us]] for v, us in graph._pred.items() if us]
    names = _keyed_lines({text(key): sorted(row[n] for n in ns) for key, ns in _name_index(graph).items()})
    labels = graph.graph.get("labels")
    labelled = b"null" if labels is None else _keyed_lines({text(key): sorted(iris) for key, iris in labels.items()})
    linked = [
        {r: sorted(pairs) for r, pairs in sorted(links.items())},
        {r: sorted(pairs) for r, pairs in sorted(markets.items())},
        _qualified_only(links, plain_links),
    ]
    sections = {"edges": [start, body.size - start]}
    rest = {
        "nodes": _dumps(columns),
        "names": names,
        "labels": labelled,
        "preds": _dumps(preds),
        "links": _dumps(linked),
        "hops": _dumps(
            {
                r: [[*hop, support] for hop, support in sorted(best.items(), key=_hop_order)]
                for r, best in sorted(hops.items())
            }
        ),
    }
    for name, data in rest.items():
        sections[name] = [body.size, len(data)]
        body.write(data)
    return sections


def _keyed_lines(index: dict) -> bytes:
    """An index as the lines :class:`KeyedLines` searches: ``[key, value]`` per line, sorted by key."""
    return b"".join(_dumps([key, index[key]]) + b"\n" for key in sorted(index))


class KeyedLines(Mapping):
    """A read-only mapping over a section of sorted ``[key, value]`` lines: a lookup is a binary search over the
    bytes that decodes the lines it lands on; ``value`` turns a line's value into the mapping's (and raises
    TypeError or ValueError for one of the wrong shape)."""

    def __init__(self, body: bytes, start: int, size: int, value: Callable[[Any], Any]) -> None:
        self._body, self._start, self._end, self._value = body, start, start + size, value

    def _line(self, at: int, end: int) -> tuple[str, Any]:
        key, value = json.loads(self._body[at:end])
        if type(key) is not str:
            raise TypeError("an index key is not text")
        return key, value

    def _find(self, key: str) -> Any:
        body, lo, hi = self._body, self._start, self._end
        while lo < hi:  # lo is always where a line starts
            at = body.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
            end = body.find(b"\n", at, hi)
            if end < 0:
                raise ValueError("an index line is not ended")
            found, value = self._line(at, end)
            if found == key:
                return self._value(value)
            if found < key:
                lo = end + 1
            else:
                hi = at
        raise KeyError(key)

    def __getitem__(self, key: object) -> Any:
        if not isinstance(key, str):
            raise KeyError(key)
        return self._find(key)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._lines())

    def __len__(self) -> int:
        return self._body.count(b"\n", self._start, self._end)

    def _lines(self) -> Iterator[tuple[str, Any]]:
        at = self._start
        while at < self._end:
            end = self._body.find(b"\n", at, self._end)
            if end < 0:
                raise ValueError("an index line is not ended")
            yield self._line(at, end)
            at = end + 1

    def decoded(self) -> dict:
        """Every key and value, as a plain dict (what a load changes), the order checked as it is read."""
        out: dict = {}
        last = None
        for key, value in self._lines():
            if last is not None and key <= last:
                raise ValueError("the index lines are not sorted")
            out[key], last = self._value(value), key
        return out


def _name_index(graph: MultiDiGraph) -> dict:
    from kg.stores.names import name_index

    return name_index(graph)


def _only(values, *types) -> bool:
    """Whether every value is of one of ``types`` (exactly: no bool for an int)."""
    return set(map(type, values)) <= set(types)


class _Pairs(Mapping):
    """Relation -> pairs, each relation's decoded from rows when first asked for; shape errors name the file."""

    def __init__(self, raw: dict, convert: Callable[[Any], list], damaged: Callable[[Exception], Exception]):
        self._raw, self._convert, self._damaged = raw, convert, damaged
        self._done: dict[str, list] = {}

    def __getitem__(self, relation: str) -> list:
        found = self._done.get(relation)
        if found is None:
            raw = self._raw[relation]
            try:
                found = self._done[relation] = self._convert(raw)
            except _DAMAGED as e:
                raise self._damaged(e) from None
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class _Lazy(dict):
    """``graph.graph`` of a stored graph: the indexes it names are decoded when first asked for."""

    def __init__(self, pending: dict):
        super().__init__()
        self._pending = pending

    def _fill(self, key) -> None:
        make = self._pending.pop(key, None)
        if make is not None:
            dict.__setitem__(self, key, make())

    def get(self, key, default=None):
        self._fill(key)
        return dict.get(self, key, default)

    def __getitem__(self, key):
        self._fill(key)
        return dict.__getitem__(self, key)

    def __contains__(self, key) -> bool:
        return key in self._pending or dict.__contains__(self, key)

    def __setitem__(self, key, value) -> None:
        self._pending.pop(key, None)
        dict.__setitem__(self, key, value)

    def pop(self, key, *default):
        self._fill(key)
        return dict.pop(self, key, *default)


class _Adjacency(dict):
    """``graph._succ`` of a stored graph: a node's out-edges are decoded the first time they are looked up."""

    def __init__(self, graph: StoredGraph):
        super().__init__()
        self._graph = graph

    def __missing__(self, node):
        return self._graph._decode_edges(node)


class StoredGraph(MultiDiGraph):
    """The projection as :func:`read` gives it to a query: a :class:`MultiDiGraph` whose nodes are all read,
    whose edges are decoded node by node as the query walks them, and whose ``pred``, ``succ`` and
    changes first decode every edge (:meth:`materialize`)."""

    def __init__(self, body: bytes, sections: dict, path: Path):
        super().__init__()
        self._body, self._sections, self._path = body, sections, path
        was_enabled = gc.isenabled()
        gc.disable()  # tens of thousands of new dicts, none in a cycle
        try:
            columns = self._section("nodes")
            if type(columns) is not dict or set(columns) != set(NODE_COLUMNS):
                raise TypeError("the nodes section is not the expected columns")
            iris, types, names, aliases, isos, starts, sizes = (columns[c] for c in NODE_COLUMNS)
            edges_at, edges_size = sections["edges"]
            if not (
                len({len(c) for c in columns.values()}) == 1
                and _only(iris, str)
                and _only(types, str)
                and _only(names, str)
                and _only(aliases, list)
                and _only(isos, str, type(None))
                and _only(starts, int)
                and _only(sizes, int)
                and _only((a for each in aliases for a in each), str)
                and min(starts, default=0) >= 0
                and all(map(edges_size.__ge__, map(int.__add__, starts, sizes)))
            ):
                raise TypeError("the node columns are not of the expected shape")
            node = self._node
            for iri, type_, name, alias, iso in zip(iris, types, names, aliases, isos, strict=True):
                node[iri] = {"type": type_, "name": name, "aliases": alias, "iso": iso}
            if len(node) != len(iris):
                raise ValueError("a node is listed twice")
            at = {iri: (edges_at + start, size) for iri, start, size in zip(iris, starts, sizes, strict=True) if size}
            self._iris, self._edges_at = iris, at
            self._succ = _Adjacency(self)
            self._pred = None  # type: ignore[assignment]  # built by materialize()
        finally:
            if was_enabled:
                gc.enable()
        self.graph = _Lazy(
            {"name_index": self._names, "labels": self._labels, "links": self._links, "hops": self._hops}
        )
        self.graph["name_index_size"] = len(node)

    # the sections

    def _section(self, name: str):
        start, size = self._sections[name]
        return json.loads(self._body[start : start + size])

    def _names(self) -> Mapping:
        row = self._iris.__getitem__

        def nodes(rows) -> set[str]:
            if type(rows) is not list or not _only(rows, int) or min(rows, default=0) < 0:
                raise TypeError("a name's nodes are not row numbers")
            return set(map(row, rows))

        return self._index("names", nodes)

    def _labels(self) -> Mapping | None:
        start, size = self._sections["labels"]
        if self._body[start : start + size] == b"null":
            return None

        def iris(value) -> set[str]:
            if type(value) is not list or not _only(value, str):
                raise TypeError("a label's IRIs are not text")
            return set(value)

        return self._index("labels", iris)

    def _index(self, name: str, value: Callable[[Any], Any]) -> Mapping:
        """A section of keyed lines, looked up in place; its shape errors name the file."""

        def checked(raw):
            try:
                return value(raw)
            except _DAMAGED as e:
                raise self._damaged(e) from None

        start, size = self._sections[name]
        return _CheckedLines(self._body, start, size, checked, self._damaged)

    def _links(self) -> tuple[Mapping, Mapping, Mapping]:
        """(relation -> distinct (subject, object) pairs, relation -> distinct (subject, market) pairs, relation
        -> the (subject, object) pairs only facts with a status give); a relation's pairs are made IRIs when
        first asked for (a question reads a few relations of the dozen)."""
        iris = self._iris

        def objects(uv) -> list[tuple[str, str]]:
            return [(iris[u], iris[v]) for u, v in uv]

        def markets(um) -> list[tuple[str, str]]:
            return [(iris[u], m) for u, m in um]

        try:
            sections = self._section("links")
            if type(sections) is not list or len(sections) != 3 or not _only(sections, dict):
                raise TypeError("the links section is not three maps")
        except _DAMAGED as e:
            raise self._damaged(e) from None
        return tuple(  # type: ignore[return-value]
            _Pairs(section, convert, self._damaged)
            for section, convert in zip(sections, (objects, markets, objects), strict=True)
        )

    def _hops(self) -> dict[str, list[tuple]]:
        """Relation -> (subject, market, via, support) of the plain facts that can end in a market."""
        iris = self._iris
        try:
            found: dict[str, list[tuple]] = {}
            for relation, hops in self._section("hops").items():
                rows = found[relation] = []
                for u, market, via, support in hops:
                    if not (
                        (via is None or type(via) is str)
                        and type(support) is int
                        and (market is None or type(market) is str or type(market) is int)
                    ):
                        raise TypeError("a hop is not of the expected shape")
                    rows.append((iris[u], iris[market] if type(market) is int else market, via, support))
            return found
        except _DAMAGED as e:
            raise self._damaged(e) from None

    def _decode_edges(self, node) -> dict:
        if node not in self._node:
            raise KeyError(node)
        adjacency: dict = {}
        dict.__setitem__(self._succ, node, adjacency)
        where = self._edges_at.get(node)
        if where is None:
            return adjacency
        start, size = where
        try:
            rows = json.loads(self._body[start : start + size])
            iris = self._iris
            for v, k, rel, date, since, until, via, market, status, evidence, source, support, confidence in rows:
                if not (
                    type(k) is str
                    and type(rel) is str
                    and type(source) is str
                    and type(support) is int
                    and (type(confidence) is float or type(confidence) is int)
                    and (date is None or type(date) is str)
                    and (since is None or type(since) is str)
                    and (until is None or type(until) is str)
                    and (via is None or type(via) is str)
                    and (market is None or type(market) is str)
                    and (status is None or type(status) is str)
                    and (evidence is None or type(evidence) is str)
                ):
                    raise TypeError("an edge row is not of the expected shape")
                v = iris[v]
                keyed = adjacency.get(v)
                if keyed is None:
                    keyed = adjacency[v] = {}
                keyed[k] = {
                    "relation": rel,
                    "date": date,
                    "since": since,
                    "until": until,
                    "via": via,
                    "market": market,
                    "status": status,
                    "support": support,
                    "confidence": confidence,
                    "evidence": evidence,
                    "source": source,
                }
        except _DAMAGED as e:
            dict.__delitem__(self._succ, node)
            raise self._damaged(e) from None
        return adjacency

    def _damaged(self, error: Exception) -> StoreError:
        return StoreError(
            f"the projection file {self._path} is damaged ({error}); delete it, and the next kg command rebuilds it"
        )

    def materialize(self) -> None:
        """Decode every node's edges and the predecessors; the graph is then a plain MultiDiGraph's dicts."""
        if self._pred is not None:
            return
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            succ = self._succ
            for node in self._iris:
                if not dict.__contains__(succ, node):
                    self._decode_edges(node)
            iris, pred = self._iris, {}
            for node in iris:
                pred[node] = {}
            for v, us in self._section("preds"):
                v = iris[v]
                pred[v] = {iris[u]: succ[iris[u]][v] for u in us}
            incoming = {}
            for targets in succ.values():
                for v in targets:
                    incoming[v] = incoming.get(v, 0) + 1
            if any(len(pred[v]) != n for v, n in incoming.items()):
                raise ValueError("a predecessor list does not match the edges")
            self._pred = pred
        finally:
            if was_enabled:
                gc.enable()

    # what needs every edge

    @property
    def succ(self) -> dict:
        self.materialize()
        return self._succ

    @property
    def pred(self) -> dict:
        self.materialize()
        return self._pred

    def number_of_edges(self) -> int:
        self.materialize()
        return super().number_of_edges()

    def predecessors(self, n):
        self.materialize()
        return super().predecessors(n)

    def add_node(self, n, **attr) -> None:
        self.materialize()
        super().add_node(n, **attr)

    def add_edge(self, u, v, key=None, **attr):
        self.materialize()
        return super().add_edge(u, v, key, **attr)

    def to_networkx(self):
        """A ``networkx.MultiDiGraph`` sharing the decoded dicts; its graph attributes a plain dict (the
        indexes a query reads decoded, the relation pairs left out)."""
        self.materialize()
        graph = super().to_networkx()
        graph.graph = {k: _decoded(self.graph[k]) for k in ("name_index", "name_index_size", "labels")}
        return graph


class _CheckedLines(KeyedLines):
    """:class:`KeyedLines` of a stored graph, a line of the wrong shape raising the graph's one-line error."""

    def __init__(self, body: bytes, start: int, size: int, value, damaged: Callable[[Exception], StoreError]) -> None:
        super().__init__(body, start, size, value)
        self._damaged = damaged

    def _line(self, at: int, end: int) -> tuple[str, Any]:
        try:
            return super()._line(at, end)
        except _DAMAGED as e:
            raise self._damaged(e) from None

    def _find(self, key: str) -> Any:
        try:
            return super()._find(key)
        except KeyError:
            raise
        except ValueError as e:
            raise self._damaged(e) from None


def _decoded(index):
    """An index as a plain dict a load can change (None stays None)."""
    return index.decoded() if isinstance(index, KeyedLines) else index


def _plain(graph: StoredGraph) -> MultiDiGraph:
    """A materialized stored graph as a plain MultiDiGraph (its dicts, no copies), for a load to change."""
    plain = MultiDiGraph()
    plain._node = graph._node
    plain._succ = dict(graph._succ)
    plain._pred = graph._pred
    plain.nodes = type(plain.nodes)(plain._node)
    plain.graph = {k: _decoded(graph.graph[k]) for k in ("name_index", "name_index_size", "labels")}
    # the derived sections are checked like every other, then left: the load changes the graph
    for pairs in graph.graph["links"]:
        for relation in pairs:
            pairs[relation]
    graph.graph["hops"]
    if plain.graph["labels"] is None:
        del plain.graph["labels"]
    return plain
