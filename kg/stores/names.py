"""The name index of a projected graph: each name and alias key to the nodes it names.

Kept on the graph (``graph.graph["name_index"]``) and saved with the projection, so a query looks a name up
without computing the key of every name.
"""

from __future__ import annotations

from kg.resolve import name_key
from kg.stores.multigraph import MultiDiGraph


def name_index(graph: MultiDiGraph) -> dict[str, set[str]]:
    """Name and alias keys to nodes, built once per graph and kept on it."""
    index = graph.graph.get("name_index")
    if index is None or graph.graph.get("name_index_size") != graph.number_of_nodes():
        index = {}
        for node, data in graph.nodes(data=True):
            for label in (data["name"], *data.get("aliases", ())):
                index.setdefault(name_key(label), set()).add(node)
        graph.graph["name_index"], graph.graph["name_index_size"] = index, graph.number_of_nodes()
    return index
