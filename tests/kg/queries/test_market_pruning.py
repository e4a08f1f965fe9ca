"""kg market walks only towards the market; the answers are those of walking everywhere."""

from __future__ import annotations

import sys

import pytest

from kg.answers import market_entry, most_ways_in_first
from kg.pipeline import load
from kg.queries.expansion import MARKET_RELATIONS, hops_to_market, paths_from, target_test
from kg.queries.filters import make_filter
from kg.queries.market import market_counts, market_entrants, reach_of, top_level_companies
from kg.stores import projection_cache
from kg.stores.oxigraph import OxigraphStore
from kg.stores.projection import build_projection
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_jsonl


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("market")
    with OxigraphStore(folder / "kg-data") as store:
        load(store, [write_jsonl(folder / "facts.jsonl", 3000, seed=11)])
        return build_projection(store)


def walking_everywhere(graph, market, max_hops, where):
    accept = target_test(graph, market)
    entries = []
    for node in top_level_companies(graph):
        paths = [
            p for p in paths_from(graph, node, lambda _: True, max_hops=max_hops, where=where) if accept(p.market_node)
        ]
        if paths:
            entries.append(market_entry(graph.nodes[node]["name"], paths))
    return most_ways_in_first(entries)


@pytest.mark.parametrize("market", ["Germany", "Japan", "Europe", "Asia-Pacific", "Brazil"])
@pytest.mark.parametrize("max_hops", [1, 2, 4])
def test_the_same_entrants_and_paths(graph, market, max_hops):
    for where in (make_filter(), make_filter(since="2018"), make_filter(via="partner,subsidiary")):
        assert market_entrants(graph, market, max_hops=max_hops, where=where) == walking_everywhere(
            graph, market, max_hops, where
        )


@pytest.mark.parametrize("market", ["Germany", "Japan", "Europe", "Asia-Pacific", "Brazil", "e-commerce"])
@pytest.mark.parametrize("max_hops", [1, 2, 3, 4])
def test_counting_gives_the_counts_of_the_full_answer(graph, market, max_hops):
    for where in (
        make_filter(),
        make_filter(since="2018"),
        make_filter(via="partner,subsidiary"),
        make_filter(via="channel,direct"),
    ):
        full = market_entrants(graph, market, max_hops=max_hops, where=where)
        counted = market_counts(graph, market, max_hops=max_hops, where=where)
        assert [(e.company, e.modes, e.ways_in) for e in counted] == [(e.company, e.modes, len(e.paths)) for e in full]
        assert all(not e.paths for e in counted)


def test_counting_folds_paths_that_read_the_same(graph):
    """Two facts of one relation between the same two entities, and two entities of one name, give paths that
    read the same: the full answer keeps one of them, and so does the count."""
    g = graph.__class__()
    for node, data in graph.nodes(data=True):
        g.add_node(node, **data)
    for u, v, k, data in graph.edges(keys=True, data=True):
        g.add_edge(u, v, key=k, **data)
        if data["relation"] in ("partnersWith", "expandsInto"):
            g.add_edge(u, v, key=k + "-again", **{**data, "date": "2001", "support": 2})
    twin = "https://example.org/twin"
    some = next(
        n for n, d in g.nodes(data=True) if d["type"] == "Company" and any(True for _ in g.out_edges(n)) and g.pred[n]
    )
    g.add_node(twin, **g.nodes[some])
    for _, v, k, data in list(g.out_edges(some, keys=True, data=True)):
        g.add_edge(twin, v, key=k + "-twin", **data)
    reaching = [
        (u, k, d) for u in list(g.nodes) for _, v, k, d in list(g.out_edges(u, keys=True, data=True)) if v == some
    ]
    assert reaching  # the twin is reached the same ways, so prefixes of one name end on either
    for u, k, data in reaching:
        g.add_edge(u, twin, key=k + "-to-twin", **data)
    for market in ("Germany", "Europe"):
        full = market_entrants(g, market)
        assert [(e.company, e.modes, e.ways_in) for e in market_counts(g, market)] == [
            (e.company, e.modes, len(e.paths)) for e in full
        ]


def test_reach_counts_the_fewest_hops_to_the_market(graph):
    accept = target_test(graph, "Germany")
    reach = hops_to_market(graph, accept, 4)
    assert reach and set(reach.values()) <= {1, 2, 3, 4}
    for node, hops in reach.items():
        if hops == 1:  # a market hop from here lands in Germany
            markets = [
                d.get("market") if d["relation"] == "sellsThrough" else t
                for _, t, d in graph.out_edges(node, data=True)
                if d["relation"] in MARKET_RELATIONS
            ]
            assert any(accept(m) for m in markets if m in graph)


@pytest.fixture(scope="module")
def stored(graph, tmp_path_factory):
    """The graph as a query reads it from a data folder: nodes at once, each node's edges when walked, the
    relation pairs instead of every edge (kg.stores.projection_cache)."""
    folder = tmp_path_factory.mktemp("stored")
    projection_cache.write(folder, "key", graph)
    return lambda: projection_cache.read(folder, "key")


@pytest.mark.parametrize("market", ["Germany", "Japan", "Europe", "Asia-Pacific", "Brazil", "e-commerce"])
def test_a_stored_projection_gives_the_same_answers(graph, stored, market):
    assert top_level_companies(stored()) == top_level_companies(graph)
    for max_hops in (1, 2, 3, 4):
        fresh = stored()
        assert fresh.graph.get("links") is not None
        assert reach_of(fresh, target_test(fresh, market), max_hops) == hops_to_market(
            graph, target_test(graph, market), max_hops
        )
        for where in (make_filter(), make_filter(since="2018"), make_filter(via="partner,subsidiary")):
            assert market_counts(stored(), market, max_hops=max_hops, where=where) == market_counts(
                graph, market, max_hops=max_hops, where=where
            )
            assert market_entrants(stored(), market, max_hops=max_hops, where=where) == market_entrants(
                graph, market, max_hops=max_hops, where=where
            )


def tangled(seed: int):
    """A small graph with every shape a count must get right: cycles, self-loops, two relations between the
    same nodes, facts with a status beside plain ones, hops into the market by several relations."""
    import random

    from kg.stores.multigraph import MultiDiGraph

    rng = random.Random(seed)
    g = MultiDiGraph()
    companies = [f"c{i}" for i in range(10)]
    for node in companies:
        g.add_node(node, type="Company", name=node.upper(), aliases=[], iso=None)
    for node, name, iso in (("de", "Germany", "DE"), ("fr", "France", "FR")):
        g.add_node(node, type="Country", name=name, aliases=[], iso=iso)
    g.add_node("shops", type="Channel", name="shops", aliases=[], iso=None)
    fields = ("date", "since", "until", "via", "market", "status", "evidence", "source", "confidence")

    def fact(u, v, relation, **extra):
        data = {**dict.fromkeys(fields), "support": rng.randint(1, 3), "confidence": 0.8, "source": "s", **extra}
        g.add_edge(u, v, key=f"f{g.number_of_edges()}", relation=relation, **data)

    for _ in range(34):
        u, v = rng.choice(companies), rng.choice(companies)
        status = rng.choice([None, None, None, "planned"])
        fact(u, v, rng.choice(["partnersWith", "hasSubsidiary", "acquires"]), status=status)
    for _ in range(14):
        u, market = rng.choice(companies), rng.choice(["de", "fr"])
        relation = rng.choice(["expandsInto", "operatesIn", "sellsThrough", "expandsInto"])
        extra = {"via": rng.choice([None, "subsidiary", "distributors"]), "status": rng.choice([None, None, "denied"])}
        if relation == "sellsThrough":
            fact(u, "shops", relation, market=market, **extra)
        else:
            fact(u, market, relation, **extra)
    return g


@pytest.mark.parametrize("seed", range(12))
def test_counting_a_tangled_graph_gives_the_full_answers_counts(seed, tmp_path):
    g = tangled(seed)
    projection_cache.write(tmp_path, "key", g)
    for max_hops in range(1, 7):
        for where in (make_filter(), make_filter(via="partner,direct"), make_filter(via="subsidiary,channel")):
            for market in ("Germany", "France"):
                full = [
                    (e.company, e.modes, len(e.paths))
                    for e in market_entrants(g, market, max_hops=max_hops, where=where)
                ]
                assert [
                    (e.company, e.modes, e.ways_in) for e in market_counts(g, market, max_hops=max_hops, where=where)
                ] == full
                stored = projection_cache.read(tmp_path, "key")
                assert stored is not None and stored.graph.get("links") is not None
                assert [
                    (e.company, e.modes, e.ways_in)
                    for e in market_counts(stored, market, max_hops=max_hops, where=where)
                ] == full
