"""kg's own multigraph answers as networkx's MultiDiGraph does, in the same order."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.stores.multigraph import MultiDiGraph


def both(seed: int) -> tuple[MultiDiGraph, nx.MultiDiGraph]:
    rng = random.Random(seed)
    mine, theirs = MultiDiGraph(), nx.MultiDiGraph()
    names = [f"n{i}" for i in range(12)]
    for _ in range(60):
        if rng.random() < 0.3:
            node, attrs = rng.choice(names), {"name": rng.choice("abc"), "type": rng.choice("XY")}
            mine.add_node(node, **attrs)
            theirs.add_node(node, **attrs)
        else:
            u, v = rng.choice(names), rng.choice(names)
            key = rng.choice([None, None, "f1", "f2", 0])
            attrs = {"relation": rng.choice(["a", "b"]), "support": rng.randint(1, 3)}
            assert mine.add_edge(u, v, key=key, **attrs) == theirs.add_edge(u, v, key=key, **attrs)
    return mine, theirs


@pytest.mark.parametrize("seed", range(8))
def test_views_match_networkx(seed):
    mine, theirs = both(seed)
    assert list(mine.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(mine.nodes) == list(theirs.nodes) and len(mine) == len(theirs)
    assert mine.number_of_nodes() == theirs.number_of_nodes()
    assert mine.number_of_edges() == theirs.number_of_edges()
    assert list(mine.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    assert list(mine.edges(data=True)) == list(theirs.edges(data=True))
    assert list(mine.edges()) == list(theirs.edges())
    for node in theirs:
        assert list(mine.out_edges(node, data=True)) == list(theirs.out_edges(node, data=True))
        assert list(mine.out_edges(node, keys=True, data=True)) == list(theirs.out_edges(node, keys=True, data=True))
        assert list(mine.successors(node)) == list(theirs.successors(node))
        assert list(mine.predecessors(node)) == list(theirs.predecessors(node))
        assert mine.nodes[node] == theirs.nodes[node]
    assert {u: dict(vs) for u, vs in mine.pred.items()} == {u: dict(vs) for u, vs in theirs.pred.items()}
    assert list(mine.out_edges(["n1", "n2", "nowhere"])) == list(theirs.out_edges(["n1", "n2", "nowhere"]))
    assert "nowhere" not in mine and "nowhere" not in mine.nodes


@pytest.mark.parametrize("seed", range(4))
def test_networkx_algorithms_run_on_it_through_to_networkx(seed):
    mine, theirs = both(seed)
    converted = mine.to_networkx()
    assert nx.utils.graphs_equal(converted, theirs)
    for node in theirs:
        assert set(nx.ego_graph(converted, node, radius=2, undirected=True)) == set(
            nx.ego_graph(theirs, node, radius=2, undirected=True)
        )
        assert converted.out_degree(node) == theirs.out_degree(node)


def test_a_paths_query_imports_neither_networkx_nor_pandas(tmp_path):
    """networkx, and pandas under country_converter, cost more start-up than the rest of a small query."""
    import os
    import subprocess
    import sys

    from tests.conftest import EXAMPLES, ROOT

    def kg(*args: str) -> str:
        code = (
            f"import sys; from kg.cli import cli; sys.argv = ['kg', *{list(args)!r}]\n"
            "try: cli()\nexcept SystemExit: pass\n"
            "print('IMPORTED', sorted(m for m in ('networkx', 'pandas', 'country_converter') if m in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "KG_DATA": str(tmp_path / "kg-data"), "KG_STORE": "embedded"},
        )
        return out.stdout + out.stderr

    kg("load", str(EXAMPLES / "factsheets"))
    out = kg("paths", "Ecovacs", "Germany")
    assert "Ecovacs -[hasSubsidiary]-> Ecovacs Germany" in out and "IMPORTED []" in out, out
    out = kg("market", "Germany")  # a second run reads the projection from its cache
    assert "Ecovacs" in out and "IMPORTED []" in out, out
