"""The Neo4j store on a real server: the mapping, parity with the embedded store, atomicity, Cypher."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.errors import KGError, QueryError, StoreError
from kg.pipeline import load, remove
from kg.queries.filters import make_filter
from kg.queries.paths import find_paths
from kg.stores.oxigraph import OxigraphStore
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.neo4j

COMPANIES = ["Ecovacs", "Tineco", "ByteDance", "Kunlun Tech", "Lumora Robotics", "Lumora Europe GmbH"]
TARGETS = [None, "Germany", "Middle East", "Asia-Pacific", "Europe", "the US", "Japan", "floor-cleaning robots"]
AMBIGUOUS = '{"entity": "Apex", "type": "Brand"}\n{"entity": "Acme", "type": "Company", "aliases": ["Apex"]}\n'


@pytest.fixture(scope="module")
def parity_stores(neo4j_settings, tmp_path_factory):
    """The examples, and a source that makes a name ambiguous, in an embedded store and a Neo4j store."""
    from kg.stores.neo4j import Neo4jStore

    folder = tmp_path_factory.mktemp("parity")
    extra = folder / "ambiguous.jsonl"
    extra.write_text(AMBIGUOUS, encoding="utf-8")
    embedded, neo = OxigraphStore(folder / "kg"), Neo4jStore(neo4j_settings)
    assert not load(embedded, [EXAMPLES / "factsheets", extra]).failed
    yield embedded, neo, [EXAMPLES / "factsheets", extra]
    embedded.close()
    neo.close()


@pytest.fixture
def both(parity_stores):
    """Both stores with the same sources; Neo4j is reloaded when another test has emptied it."""
    embedded, neo, paths = parity_stores
    if neo.sources().keys() != embedded.sources().keys():
        neo.clear()
        report = load(neo, paths)
        assert not report.failed, [s.error for s in report.failed]
    return embedded, neo


def rank(path) -> tuple:
    return (
        len(path.hops),
        -path.support,
        tuple(-ord(c) for c in path.latest),
        path.market,
        [(h.relation, h.target_name) for h in path.hops],
    )


def answer(store, *args, **kwargs):
    """Paths as comparable records, or the error a store raises."""
    try:
        paths = find_paths(store, *args, **kwargs)
    except KGError as e:
        return type(e).__name__, str(e)
    return [p.as_dict() for p in paths]


def test_stats_sources_and_entities_match_the_embedded_store(both):
    embedded, neo = both
    assert neo.stats() == embedded.stats()
    assert set(neo.sources()) == set(embedded.sources())
    assert known(neo) == known(embedded)


def known(store) -> list:
    """Known entities with their lists in a canonical order (each store groups them its own way)."""
    return sorted(
        (
            replace(
                k,
                aliases=tuple(sorted(k.aliases)),
                identifiers=tuple(sorted(k.identifiers)),
                owners=tuple(sorted(set(k.owners))),
            )
            for k in store.known_entities()
        ),
        key=repr,
    )


@pytest.mark.parametrize("company", COMPANIES)
@pytest.mark.parametrize("target", TARGETS)
def test_paths_match_the_embedded_store(both, company, target):
    embedded, neo = both
    assert answer(neo, company, target) == answer(embedded, company, target)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_hops": 1},
        {"max_hops": 2},
        {"max_hops": 8},
        {"max_hops": 9},
        {"where": make_filter(via="brand,channel")},
        {"where": make_filter(since="2026")},
        {"where": make_filter(as_of="2009")},
        {"where": make_filter(until="2025-12")},
    ],
)
def test_paths_with_options_match_the_embedded_store(both, kwargs):
    embedded, neo = both
    for company in ("Ecovacs", "Kunlun Tech", "ByteDance"):
        assert answer(neo, company, **kwargs) == answer(embedded, company, **kwargs)


@pytest.mark.parametrize("company, target", [("Ecovac", None), ("Ecovacs", "Atlantis"), ("Nobody at all", "Germany")])
def test_unknown_names_fail_alike(both, company, target):
    embedded, neo = both
    assert answer(neo, company, target) == answer(embedded, company, target)
    assert answer(neo, company, target)[0] == "EntityNotFound"


def test_a_name_of_a_brand_and_a_company_alias_denotes_the_company_in_both(both):
    embedded, neo = both
    assert answer(neo, "Apex") == answer(embedded, "Apex") == answer(embedded, "Acme")


def test_paths_are_ranked_and_explained(neo4j_examples):
    paths = find_paths(neo4j_examples, "Ecovacs", "Middle East")
    assert [rank(p) for p in paths] == sorted(rank(p) for p in paths)
    assert {(p.mode, p.hops[-1].relation, p.hops[-1].via) for p in paths} == {
        ("brand", "expandsInto", "dealer and agent network"),
        ("brand", "sellsThrough", "dealer and agent network"),
    }
    assert paths[0].hops[0].source_type == "Company" and paths[0].hops[-1].target_type == "Region"


def fact_lines(*facts: dict) -> str:
    """JSON lines with the same evidence in every source, so no store has a choice of evidence to make."""
    import json

    return "".join(json.dumps({**f, "evidence": f"{f['s']} {f['p']} {f['o']}."}) + "\n" for f in facts)


#: A diamond of subsidiaries (every link in all three sources) above parallel facts that differ in support, two
#: channels into one market, and partner cycles no simple path may take; no two candidates of a path tie.
DIAMOND = {
    "a": [
        {"s": "Acme", "p": "hasSubsidiary", "o": "Corvid"},
        {"s": "Acme", "p": "hasSubsidiary", "o": "Lumen"},
        {"s": "Corvid", "p": "hasSubsidiary", "o": "Tessera"},
        {"s": "Lumen", "p": "hasSubsidiary", "o": "Tessera"},
        {"s": "Tessera", "p": "locatedIn", "o": "Germany"},
        {"s": "Tessera", "p": "expandsInto", "o": "France", "date": "2019-04"},
        {"s": "Acme", "p": "sellsThrough", "o": "distributors", "market": "Japan"},
        {"s": "Acme", "p": "partnersWith", "o": "Beta"},
        {"s": "Beta", "p": "partnersWith", "o": "Acme"},
        {"s": "Acme", "p": "partnersWith", "o": "Acme"},
        {"s": "Beta", "p": "operatesIn", "o": "Spain"},
    ],
    "b": [
        {"s": "Acme", "p": "hasSubsidiary", "o": "Corvid"},
        {"s": "Acme", "p": "hasSubsidiary", "o": "Lumen"},
        {"s": "Corvid", "p": "hasSubsidiary", "o": "Tessera"},
        {"s": "Lumen", "p": "hasSubsidiary", "o": "Tessera"},
        {"s": "Tessera", "p": "expandsInto", "o": "France", "date": "2019-04"},
        {"s": "Acme", "p": "sellsThrough", "o": "distributors", "market": "Japan"},
    ],
    "c": [
        {"s": "Acme", "p": "hasSubsidiary", "o": "Corvid"},
        {"s": "Acme", "p": "hasSubsidiary", "o": "Lumen"},
        {"s": "Corvid", "p": "hasSubsidiary", "o": "Tessera"},
        {"s": "Lumen", "p": "hasSubsidiary", "o": "Tessera"},
        {"s": "Tessera", "p": "expandsInto", "o": "France", "date": "2021-09"},
        {"s": "Acme", "p": "sellsThrough", "o": "online marketplaces", "market": "Japan"},
    ],
}


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((), {}),
        (("France",), {}),
        (("Europe",), {}),
        (("Japan",), {}),
        ((), {"max_hops": 2}),
        ((), {"max_hops": 3}),
        ((), {"where": make_filter(since="2021")}),
        ((), {"where": make_filter(via="partner,channel")}),
    ],
)
def test_paths_fold_parallel_facts_through_a_diamond_as_the_embedded_store_does(
    neo4j_store, write, tmp_path, args, kwargs
):
    sources = [write(f"{name}.jsonl", fact_lines(*facts)) for name, facts in DIAMOND.items()]
    embedded = OxigraphStore(tmp_path / "kg")
    try:
        for store in (embedded, neo4j_store):
            assert not load(store, sources).failed
        assert answer(neo4j_store, "Acme", *args, **kwargs) == answer(embedded, "Acme", *args, **kwargs)
    finally:
        embedded.close()
    paths = find_paths(neo4j_store, "Acme", *args, **kwargs)
    if not args and not kwargs:
        chains = [[h.target_name for h in p.hops] for p in paths]
        assert chains.count(["Corvid", "Tessera", "France"]) == chains.count(["Japan"]) == 1
        assert ["Beta", "Acme", "Corvid"] not in [c[:3] for c in chains]
        assert ["Beta", "Spain"] in chains and ["Lumen", "Tessera", "France"] in chains
        france = next(p for p in paths if [h.target_name for h in p.hops] == ["Corvid", "Tessera", "France"])
        japan = next(p for p in paths if p.market == "Japan")
        assert (france.support, france.hops[-1].date, japan.hops[0].via) == (2, "2019-04", "distributors")


#: Parallel facts that tie on support, mode, date and via, and differ only in a qualifier no path shows (so
#: they are distinct facts) and in their evidence: which one a path shows is the stores' tie rule alone.
TIES = (
    [
        {"s": "Acme", "p": "hasSubsidiary", "o": "Corvid", "share": share, "evidence": f"Acme owns {share} of Corvid."}
        for share in (0.51, 0.6, 0.75)
    ]
    + [
        {
            "s": "Corvid",
            "p": "expandsInto",
            "o": "France",
            "date": "2020-03",
            "amount": amount,
            "evidence": f"Corvid put {amount} into France.",
        }
        for amount in ("EUR 5m", "EUR 9m", "EUR 12m")
    ]
    + [
        {
            "s": "Acme",
            "p": "sellsThrough",
            "o": "distributors",
            "market": "Japan",
            "amount": amount,
            "evidence": f"Distributors sold {amount} of Acme's goods in Japan.",
        }
        for amount in ("JPY 1bn", "JPY 2bn")
    ]
)


def test_paths_through_tied_parallel_facts_show_the_same_evidence_in_both_stores(neo4j_store, write, tmp_path):
    import json

    source = write("ties.jsonl", "".join(json.dumps(f) + "\n" for f in TIES))
    embedded = OxigraphStore(tmp_path / "kg")
    try:
        for store in (embedded, neo4j_store):
            assert not load(store, [source]).failed
        for target in (None, "France", "Japan"):
            assert answer(neo4j_store, "Acme", target) == answer(embedded, "Acme", target)
    finally:
        embedded.close()
    least = {
        r["type"]: r["evidence"]
        for r in neo4j_store.cypher(
            "MATCH ()-[r]->() WITH type(r) AS type, min(r.iri) AS iri "
            "MATCH ()-[r {iri: iri}]->() RETURN type, r.evidence[0] AS evidence"
        )
    }
    [france] = find_paths(neo4j_store, "Acme", "France")
    [japan] = find_paths(neo4j_store, "Acme", "Japan")
    assert [h.evidence for h in france.hops] == [least["HAS_SUBSIDIARY"], least["EXPANDS_INTO"]]
    assert japan.hops[0].evidence == least["SELLS_THROUGH"]


def test_a_hop_shows_the_most_confident_evidence_first_by_line_in_both_stores(neo4j_store, write, tmp_path):
    fact = '{"s": "Acme", "p": "expandsInto", "o": "France"'
    source = write(
        "statements.jsonl",
        "".join(
            f"{fact}{extra}}}\n"
            for extra in (
                ', "confidence": 0.6, "evidence": "Acme opened in Lyon."',
                ', "confidence": 0.9, "evidence": "Acme set up a French subsidiary."',
                ', "confidence": 0.9, "evidence": "Acme moved its French office to Paris."',
                ', "confidence": 1.0',
            )
        ),
    )
    embedded = OxigraphStore(tmp_path / "kg")
    try:
        for store in (embedded, neo4j_store):
            assert not load(store, [source]).failed
        assert answer(neo4j_store, "Acme", "France") == answer(embedded, "Acme", "France")
    finally:
        embedded.close()
    [path] = find_paths(neo4j_store, "Acme", "France")
    assert path.hops[0].evidence == "Acme set up a French subsidiary."


def test_classes_become_labels_with_their_superclasses(neo4j_examples):
    rows = neo4j_examples.cypher(
        "MATCH (e:Entity) WHERE e.name IN ['Ecovacs', 'Germany', 'Middle East'] "
        "RETURN e.name AS name, labels(e) AS labels, e.isoCode AS iso ORDER BY name"
    )
    assert [(r["name"], sorted(r["labels"]), r["iso"]) for r in rows] == [
        ("Ecovacs", ["Company", "Entity", "Organization"], None),
        ("Germany", ["Country", "Entity", "Market"], "DE"),
        ("Middle East", ["Entity", "Market", "Region"], None),
    ]


def test_facts_are_relationships_with_qualifiers_and_provenance(neo4j_examples):
    [row] = neo4j_examples.cypher(
        "MATCH (:Brand {name: 'Tineco'})-[r:SELLS_THROUGH {market: 'Middle East'}]->(c:Channel) "
        "RETURN r AS fact, c.name AS channel"
    )
    fact = row["fact"]
    assert row["channel"] == "dealer and agent network"
    assert fact["_type"] == "SELLS_THROUGH" and fact["marketIri"].endswith("/region/middle-east")
    assert fact["support"] == 1 and fact["confidence"] == 1.0
    assert fact["sources"] == [str((EXAMPLES / "factsheets" / "ecovacs.jsonl").resolve())]
    assert len(fact["evidence"]) == len(fact["lines"]) == len(fact["extractors"]) == 1
    assert fact["citedSources"] == ["seed article, 36Kr"] and "notes" not in fact


def test_provenance_lists_stay_aligned_in_source_order(neo4j_store, write):
    a = write(
        "a.jsonl",
        '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco", "source": "annual report", '
        '"evidence": "Tineco is a brand of Ecovacs.", "confidence": 0.9}\n',
    )
    b = write("b.jsonl", '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco", "confidence": 0.6}\n')
    fact = "MATCH ()-[r:HAS_BRAND]->() RETURN properties(r) AS r"
    load(neo4j_store, [b, a])
    both = neo4j_store.cypher(fact)[0]["r"]
    assert both["sources"] == [str(a.resolve()), str(b.resolve())]
    assert both["evidence"] == ["Tineco is a brand of Ecovacs.", ""] and both["citedSources"] == ["annual report", ""]
    assert (both["support"], both["confidence"], both["confidences"]) == (2, 0.9, [0.9, 0.6])
    remove(neo4j_store, a)
    alone = neo4j_store.cypher(fact)[0]["r"]
    assert (alone["sources"], alone["support"], alone["confidence"]) == ([str(b.resolve())], 1, 0.6)
    assert "citedSources" not in alone
    load(neo4j_store, [a])
    assert neo4j_store.cypher(fact)[0]["r"] == both


def test_figures_are_nodes_linked_to_their_subject(neo4j_examples):
    rows = neo4j_examples.cypher(
        "MATCH (c:Company {name: $name})-[:HAS_OBSERVATION]->(o:Observation) "
        "RETURN o.metric AS metric, o.value AS value, o.unit AS unit, o.period AS period "
        "ORDER BY metric",
        {"name": "Kunlun Tech"},
    )
    assert {"metric": "revenue", "value": 2.57e9, "unit": "CNY", "period": "2026-Q1"} in rows
    assert len(rows) == 5


def test_a_label_only_one_source_stated_goes_with_it(neo4j_store, write):
    org = write("org.jsonl", '{"entity": "Acme", "type": "Organization"}\n')
    company = write("company.jsonl", '{"s": "Acme", "p": "hasSubsidiary", "o": "Acme Sub"}\n')
    load(neo4j_store, [org, company])
    labels = "MATCH (e:Entity {name: 'Acme'}) RETURN labels(e) AS labels"
    assert sorted(neo4j_store.cypher(labels)[0]["labels"]) == ["Company", "Entity", "Organization"]
    remove(neo4j_store, company)
    assert sorted(neo4j_store.cypher(labels)[0]["labels"]) == ["Entity", "Organization"]


def test_a_failed_batch_leaves_nothing_of_its_source(neo4j_store, write, monkeypatch):
    from kg.stores import cypher

    load(neo4j_store, [write("a.jsonl", '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}\n')])
    before = neo4j_store.stats()
    monkeypatch.setattr(cypher, "WRITE_OBSERVATIONS", "UNWIND $rows AS row RETURN 1 / 0")
    with pytest.raises(StoreError, match=r"^Neo4j at \S+ \(database \w+\): / by zero$"):
        load(
            neo4j_store,
            [
                write(
                    "b.jsonl",
                    '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}\n'
                    '{"s": "Ecovacs", "p": "operatesIn", "o": "Japan"}\n'
                    '{"s": "Ecovacs", "metric": "revenue", "value": 1, "unit": "USD"}\n',
                )
            ],
        )
    assert neo4j_store.stats() == before
    assert neo4j_store.cypher("MATCH ()-[r:HAS_BRAND]->() RETURN r.support AS n") == [{"n": 1}]


def test_cypher_is_read_only_unless_asked(neo4j_store):
    with pytest.raises(QueryError, match=r"^Neo4j at "):
        neo4j_store.cypher("CREATE (n:Probe {name: $name}) RETURN n", {"name": "x"})
    assert neo4j_store.cypher("MATCH (n:Probe) RETURN count(n) AS n") == [{"n": 0}]
    neo4j_store.cypher("CREATE (n:Probe {name: $name})", {"name": "x"}, write=True)
    assert neo4j_store.cypher("MATCH (n:Probe) RETURN n.name AS name") == [{"name": "x"}]


def test_cypher_errors_are_one_line(neo4j_store):
    with pytest.raises(QueryError) as caught:
        neo4j_store.cypher("MATCH (n RETURN n")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("Neo4j at ")


def rdf_view(quads) -> set:
    """Quads as a store holds them (numbers in canonical form), without load times and name-merge notes.

    ``loadedAt`` differs between two loads; name merges are not part of the Neo4j layout.
    """
    import pyoxigraph as ox

    from kg.rdf import KGO

    store = ox.Store()
    store.extend(quads)
    # the source graphs only: the embedded store's default graph is their union, which Neo4j derives on export
    held = [q for q in store.quads_for_pattern(None, None, None, None) if isinstance(q.graph_name, ox.NamedNode)]
    merges = {q.subject for q in held if q.object == KGO.NameMerge}
    return {q for q in held if q.predicate != KGO.loadedAt and q.subject not in merges}


def test_the_rdf_view_gives_back_each_source_graph(neo4j_store, tmp_path):
    """The inverse of the mapping: Neo4j's quads are the embedded store's, graph by graph, after a removal too."""
    embedded = OxigraphStore(tmp_path / "kg")
    try:
        for store in (embedded, neo4j_store):
            assert not load(store, [EXAMPLES]).failed
        expected = rdf_view(embedded.ox.quads_for_pattern(None, None, None, None))
        assert rdf_view(neo4j_store.quads()) == expected
        assert any(q.predicate.value.endswith("#spanStart") for q in expected), "no document evidence to compare"
        for store in (embedded, neo4j_store):
            remove(store, EXAMPLES / "factsheets" / "ecovacs.jsonl")
        assert rdf_view(neo4j_store.quads()) == rdf_view(embedded.ox.quads_for_pattern(None, None, None, None))
    finally:
        embedded.close()


def test_a_source_spooled_to_disk_gives_neo4j_the_same_graph(neo4j_store, tmp_path, monkeypatch):
    """A source past QuadSpool.spill_at (lowered here) reaches Neo4j read back from its file, unchanged."""
    from kg.rdf import QuadSpool

    embedded = OxigraphStore(tmp_path / "kg")
    try:
        assert not load(embedded, [EXAMPLES]).failed
        monkeypatch.setattr(QuadSpool, "spill_at", 50)
        assert not load(neo4j_store, [EXAMPLES]).failed
        assert rdf_view(neo4j_store.quads()) == rdf_view(embedded.ox.quads_for_pattern(None, None, None, None))
    finally:
        embedded.close()


def outcome(call):
    """A query's answer as plain data, or the error it raised, so both stores can be compared either way."""
    try:
        found = call()
    except KGError as e:
        return type(e).__name__, str(e)
    if isinstance(found, list):
        return [(x.as_dict(), [p.as_dict() for p in getattr(x, "paths", [])]) for x in found]
    return found.as_dict()


@pytest.mark.parametrize("company", [*COMPANIES, "Apex", "Ecovac"])
def test_timeline_matches_the_embedded_store(both, company):
    from kg.queries.paths import find_timeline

    embedded, neo = both
    assert outcome(lambda: find_timeline(neo, company)) == outcome(lambda: find_timeline(embedded, company))


def test_timeline_is_dated_and_ordered(neo4j_examples):
    from kg.queries.paths import find_timeline
    from kg.queries.timeline import event_order

    events = find_timeline(neo4j_examples, "ByteDance")
    assert events and events == sorted(events, key=event_order) and all(e.date for e in events)
    assert any(e.relation == "launches" and e.object.startswith("Seedance") for e in events)


@pytest.mark.parametrize(
    "names",
    [
        ["Ecovacs", "Kunlun Tech"],
        ["Ecovacs", "Lumora Robotics", "ByteDance"],
        ["Ecovacs"],
        ["Ecovacs", "Nobody at all"],
    ],
)
def test_compare_matches_the_embedded_store(both, names):
    from kg.queries.paths import find_comparison

    embedded, neo = both
    assert outcome(lambda: find_comparison(neo, names)) == outcome(lambda: find_comparison(embedded, names))


@pytest.mark.parametrize(
    "market",
    ["Germany", "Middle East", "Europe", "the US", "Japan", "Asia-Pacific", "floor-cleaning robots", "Atlantis"],
)
@pytest.mark.parametrize(
    "kwargs", [{}, {"max_hops": 2}, {"where": make_filter(via="brand,channel")}, {"where": make_filter(as_of="2020")}]
)
def test_market_entrants_match_the_embedded_store(both, market, kwargs):
    from kg.queries.paths import find_market_entrants

    embedded, neo = both
    assert outcome(lambda: find_market_entrants(neo, market, **kwargs)) == outcome(
        lambda: find_market_entrants(embedded, market, **kwargs)
    )


MARKETS = ["Germany", "Middle East", "Europe", "the US", "Japan", "floor-cleaning robots", "Atlantis"]
COUNT_FILTERS = [{}, {"max_hops": 2}, {"where": make_filter(via="brand,channel")}, {"where": make_filter(as_of="2020")}]


#: A channel and a company of one name: two entities, so Neo4j counts the full answer's paths, folded by names.
SHARED_NAME = (
    '{"s": "Halden Group", "p": "partnersWith", "o": "Amazon", "o_type": "Company"}\n'
    '{"s": "Halden Group", "p": "sellsThrough", "o": "Amazon", "o_type": "Channel", "market": "Germany"}\n'
    '{"s": "Amazon", "s_type": "Company", "p": "operatesIn", "o": "Germany"}\n'
)


@pytest.fixture(scope="module", params=["unique names", "a shared name"])
def counted_stores(request, neo4j_settings, tmp_path_factory):
    """The examples in both stores, alone (every entity named once) or with a source that gives two entities
    one name, and whether a name is shared."""
    from kg.stores.neo4j import Neo4jStore

    folder = tmp_path_factory.mktemp("counted")
    paths = [EXAMPLES / "factsheets"]
    if request.param == "a shared name":
        (folder / "shared.jsonl").write_text(SHARED_NAME, encoding="utf-8")
        paths.append(folder / "shared.jsonl")
    embedded, neo = OxigraphStore(folder / "kg"), Neo4jStore(neo4j_settings)
    assert not load(embedded, paths).failed
    yield embedded, neo, paths, request.param == "a shared name"
    embedded.close()
    neo.close()


@pytest.mark.parametrize("market", MARKETS)
@pytest.mark.parametrize("kwargs", COUNT_FILTERS)
def test_market_counts_match_the_embedded_store(counted_stores, market, kwargs):
    """The counts a table shows: counted on the server when every entity has a name of its own, else from the
    full answer; either way the embedded store's, in the full answer's order."""
    from kg.queries.paths import find_market_entrants
    from kg.stores import cypher

    embedded, neo, paths, shared = counted_stores
    if neo.sources().keys() != embedded.sources().keys():
        neo.clear()
        assert not load(neo, paths).failed
    assert neo._read(cypher.SHARED_NAMES)[0]["shared"] is shared
    counted = outcome(lambda: find_market_entrants(neo, market, paths=False, **kwargs))
    assert counted == outcome(lambda: find_market_entrants(embedded, market, paths=False, **kwargs))
    full = outcome(lambda: find_market_entrants(neo, market, **kwargs))
    if isinstance(full, list):
        assert [entry for entry, _ in counted] == [entry for entry, _ in full]


def test_the_routing_scheme_reads_and_writes_as_bolt_does(both, neo4j_settings):
    """neo4j:// (and so neo4j+s://, Aura's and a cluster's scheme) goes through the driver's routing: writes to
    the leader, reads to a reader, each in a managed transaction the driver retries on transient errors. The
    local server is a single instance that routes to itself."""
    import neo4j

    from kg.stores.neo4j import Neo4jStore

    embedded, bolt = both
    routed = Neo4jStore(replace(neo4j_settings, uri=neo4j_settings.uri.replace("bolt://", "neo4j://", 1)))
    try:
        assert isinstance(routed.driver, neo4j.Neo4jDriver) and not isinstance(bolt.driver, neo4j.Neo4jDriver)
        table = routed.driver.execute_query("CALL dbms.routing.getRoutingTable({})", routing_=neo4j.RoutingControl.READ)
        roles = {row["role"] for server in table.records for row in server["servers"]}
        assert {"READ", "WRITE", "ROUTE"} <= roles
        for company, target in [("Ecovacs", "Germany"), ("ByteDance", None)]:
            assert answer(routed, company, target) == answer(bolt, company, target) == answer(embedded, company, target)
        assert routed.stats() == bolt.stats()
        before = routed.sources()
        source = next(iter(before))
        remove(routed, source)
        assert source not in bolt.sources()  # the routed write reached the one database
    finally:
        routed.close()
