"""Expansion paths, timeline, compare and market on small hand-made graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import AmbiguousName, EntityNotFound, QueryError
from kg.queries.compare import compare
from kg.queries.expansion import expansion_paths
from kg.queries.filters import make_filter
from kg.queries.market import market_entrants
from kg.queries.timeline import timeline


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node, type_, name, iso in [
        ("eco", "Company", "Ecovacs", None),
        ("tin", "Brand", "Tineco", None),
        ("sub", "Company", "Ecovacs Europe", None),
        ("sub2", "Company", "Ecovacs Deutschland", None),
        ("de", "Country", "Germany", "DE"),
        ("fr", "Country", "France", "FR"),
        ("ae", "Country", "United Arab Emirates", "AE"),
        ("me", "Region", "Middle East", None),
        ("dealers", "Channel", "dealer network", None),
        ("apex1", "Company", "Apex", None),
        ("apex2", "Company", "Apex", None),
        ("lum", "Company", "Lumora", None),
        ("robots", "Segment", "floor-cleaning robots", None),
    ]:
        g.add_node(node, type=type_, name=name, aliases=["Ecovacs Robotics"] if node == "eco" else [], iso=iso)
    edges = [
        ("eco", "tin", "hasBrand", {"support": 5}),
        ("eco", "sub", "hasSubsidiary", {"date": "2019"}),
        ("sub", "sub2", "hasSubsidiary", {"date": "2020-03"}),
        ("sub2", "de", "locatedIn", {}),
        ("tin", "dealers", "sellsThrough", {"market": "ae", "date": "2024-Q2"}),
        ("tin", "me", "expandsInto", {"via": "dealer network", "date": "2025-01", "support": 3}),
        ("eco", "fr", "expandsInto", {"status": "planned", "date": "2027"}),
        ("eco", "robots", "competesIn", {}),
        ("lum", "de", "expandsInto", {"date": "2023"}),
        ("lum", "robots", "competesIn", {}),
        ("lum", "dealers", "sellsThrough", {}),
        ("eco", "dealers", "sellsThrough", {}),
    ]
    for s, o, rel, extra in edges:
        g.add_edge(s, o, relation=rel, **{"support": 1, "evidence": f"{s} {rel} {o}", **extra})
    return g


def chains(paths):
    return [[(h.source_name, h.relation, h.target_name) for h in p.hops] for p in paths]


def test_subsidiaries_at_any_depth():
    paths = expansion_paths(graph(), "Ecovacs", "Germany")
    assert chains(paths) == [
        [
            ("Ecovacs", "hasSubsidiary", "Ecovacs Europe"),
            ("Ecovacs Europe", "hasSubsidiary", "Ecovacs Deutschland"),
            ("Ecovacs Deutschland", "locatedIn", "Germany"),
        ]
    ]
    assert paths[0].mode == "subsidiary"
    assert expansion_paths(graph(), "Ecovacs", "Germany", max_hops=2) == []


def test_a_region_is_reached_through_a_member_country_and_by_name():
    paths = expansion_paths(graph(), "Ecovacs", "Middle East")
    assert {p.market for p in paths} == {"Middle East", "United Arab Emirates"}
    channel = next(p for p in paths if p.market == "United Arab Emirates")
    assert channel.hops[-1].via == "dealer network" and channel.mode == "brand"


def test_ranked_shorter_then_better_supported():
    paths = expansion_paths(graph(), "Ecovacs", "Middle East")
    assert [p.support for p in paths] == [3, 1]


def test_planned_facts_are_not_paths():
    assert "France" not in {p.market for p in expansion_paths(graph(), "Ecovacs")}


def test_without_target_every_market_by_mode():
    paths = expansion_paths(graph(), "Ecovacs")
    assert {(p.market, p.mode) for p in paths} == {
        ("Germany", "subsidiary"),
        ("Middle East", "brand"),
        ("United Arab Emirates", "brand"),
    }


def test_via_restricts_entry_modes():
    assert {p.mode for p in expansion_paths(graph(), "Ecovacs", where=make_filter(via="subsidiary"))} == {"subsidiary"}


def test_as_of_drops_later_facts():
    early = expansion_paths(graph(), "Ecovacs", where=make_filter(as_of="2024-12"))
    assert {p.market for p in early} == {"Germany", "United Arab Emirates"}
    since = expansion_paths(graph(), "Ecovacs", where=make_filter(since="2025"))
    assert {p.market for p in since} == {"Middle East"}


def test_segments_are_targets():
    assert chains(expansion_paths(graph(), "Lumora", "floor-cleaning robots")) == [
        [("Lumora", "competesIn", "floor-cleaning robots")]
    ]


def test_aliases_resolve():
    assert expansion_paths(graph(), "ecovacs robotics", "Germany")


def test_unknown_names_suggest_close_ones():
    with pytest.raises(EntityNotFound, match="no entity named 'Ecovax'; did you mean 'Ecovacs'"):
        expansion_paths(graph(), "Ecovax")


def test_ambiguous_names_list_candidates_with_types():
    with pytest.raises(
        AmbiguousName, match=r"'Apex' names 2 entities: Apex \(Company, apex1\); Apex \(Company, apex2\)"
    ):
        expansion_paths(graph(), "Apex")


def test_a_name_of_a_company_and_a_brand_denotes_the_company():
    g = graph()
    g.add_node("lumb", type="Brand", name="Lumora", aliases=[], iso=None)
    g.add_edge("lumb", "fr", relation="expandsInto", support=1, evidence="lumb expandsInto fr")
    assert {p.market for p in expansion_paths(g, "Lumora")} == {"Germany"}


def test_a_market_name_held_by_two_entities_is_ambiguous():
    g = graph()
    g.add_node("robots2", type="Channel", name="floor-cleaning robots", aliases=[], iso=None)
    assert expansion_paths(g, "Lumora", "floor-cleaning robots")  # a channel is no market: the segment is meant
    g.add_node("robots3", type="Segment", name="floor-cleaning robots", aliases=[], iso=None)
    with pytest.raises(AmbiguousName, match=r"'floor-cleaning robots' names 2 entities: .*\(Segment, robots\); "):
        expansion_paths(g, "Lumora", "floor-cleaning robots")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"max_hops": 0}, "--max-hops must be between 1 and 8, not 0"),
        ({"max_hops": 99}, "--max-hops must be between 1 and 8, not 99"),
    ],
)
def test_hop_limits(kwargs, message):
    with pytest.raises(QueryError, match=message):
        expansion_paths(graph(), "Ecovacs", **kwargs)


def test_bad_filters_are_one_line_errors():
    with pytest.raises(QueryError, match="unknown entry mode 'boat'"):
        make_filter(via="boat")
    with pytest.raises(QueryError, match="--since: 'soon' is not a date"):
        make_filter(since="soon")


def test_timeline_includes_what_the_company_controls_in_date_order():
    events = timeline(graph(), "Ecovacs")
    assert [(e.date, e.relation, e.object) for e in events] == [
        ("2019", "hasSubsidiary", "Ecovacs Europe"),
        ("2020-03", "hasSubsidiary", "Ecovacs Deutschland"),
        ("2024-Q2", "sellsThrough", "dealer network"),
        ("2025-01", "expandsInto", "Middle East"),
        ("2027", "expandsInto", "France"),
    ]
    assert events[-1].status == "planned"


def test_compare_shared_and_unique():
    result = compare(graph(), ["Ecovacs", "Lumora"])
    assert result.shared("markets") == ["Germany"] and result.shared("channels") == ["dealer network"]
    assert result.unique("markets", "Ecovacs") == ["Middle East", "United Arab Emirates"]
    assert result.shared("segments") == ["floor-cleaning robots"]
    with pytest.raises(QueryError):
        compare(graph(), ["Ecovacs"])


def test_market_counts_entry_modes():
    entries = market_entrants(graph(), "Germany")
    assert [(e.company, e.modes) for e in entries] == [("Ecovacs", {"subsidiary": 1}), ("Lumora", {"direct": 1})]
