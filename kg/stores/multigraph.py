"""A directed multigraph with networkx's layout and the part of its API the queries use.

``import networkx`` costs more CPU than the rest of a ``kg paths`` run on a small
graph, and the queries need none of its algorithms: they walk out-edges and
read attributes.  This class keeps networkx's dicts (``_node``, ``_succ``,
``_pred``, ``graph``) and answers ``nodes``, ``edges``, ``out_edges``,
``add_node``, ``add_edge`` the way ``networkx.MultiDiGraph`` does, in the same
order, so the queries take either (the tests build theirs with networkx).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


class _NodeView:
    """``graph.nodes``: a mapping node -> attributes, callable as ``nodes(data=True)``."""

    __slots__ = ("_node",)

    def __init__(self, node: dict):
        self._node = node

    def __call__(self, data: bool = False):
        return iter(self._node.items()) if data else iter(self._node)

    def __getitem__(self, n):
        return self._node[n]

    def __iter__(self):
        return iter(self._node)

    def __contains__(self, n) -> bool:
        return n in self._node

    def __len__(self) -> int:
        return len(self._node)


class MultiDiGraph:
    def __init__(self):
        self.graph: dict = {}
        self._node: dict = {}
        self._succ: dict = {}
        self._pred: dict = {}
        # one view for the graph's life, as networkx caches its own: the queries read it per edge they walk
        self.nodes = _NodeView(self._node)

    @property
    def succ(self) -> dict:
        return self._succ

    @property
    def pred(self) -> dict:
        return self._pred

    def __contains__(self, n) -> bool:
        return n in self._node

    def __iter__(self):
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return sum(len(keyed) for targets in self._succ.values() for keyed in targets.values())

    def add_node(self, n, **attr) -> None:
        if n not in self._node:
            self._succ[n], self._pred[n], self._node[n] = {}, {}, {}
        self._node[n].update(attr)

    def add_edge(self, u, v, key=None, **attr):
        for n in (u, v):
            if n not in self._node:
                self.add_node(n)
        keyed = self._succ[u].get(v)
        if keyed is None:
            keyed = self._succ[u][v] = self._pred[v][u] = {}
        if key is None:  # networkx's choice: the lowest unused integer, counting from the number of keys
            key = len(keyed)
            while key in keyed:
                key += 1
        keyed.setdefault(key, {}).update(attr)
        return key

    def successors(self, n) -> Iterator:
        return iter(self._succ[n])

    def predecessors(self, n) -> Iterator:
        return iter(self._pred[n])

    def out_edges(self, nbunch=None, data: bool = False, keys: bool = False) -> Iterator[tuple]:
        sources: Iterable[Any]
        if nbunch is None:
            sources = self._node
        elif _is_node(nbunch, self._node):
            sources = (nbunch,)
        else:
            sources = [n for n in nbunch if n in self._node]
        for u in sources:
            for v, keyed in self._succ[u].items():
                for k, d in keyed.items():
                    yield (u, v) + ((k,) if keys else ()) + ((d,) if data else ())

    def edges(self, nbunch=None, data: bool = False, keys: bool = False) -> Iterator[tuple]:
        return self.out_edges(nbunch, data=data, keys=keys)

    def to_networkx(self):
        """The same graph as a ``networkx.MultiDiGraph`` for its algorithms, sharing these dicts (no copy)."""
        import networkx as nx

        graph: nx.MultiDiGraph = nx.MultiDiGraph()
        # networkx's own private dicts, replaced on purpose (its stubs do not declare them)
        graph.graph, graph._node, graph._adj, graph._succ, graph._pred = (  # type: ignore[attr-defined]
            self.graph,
            self._node,
            self._succ,
            self._succ,
            self._pred,
        )
        return graph


def _is_node(n, nodes: dict) -> bool:
    try:
        return n in nodes
    except TypeError:  # a list of nodes is not hashable, so not a node
        return False
