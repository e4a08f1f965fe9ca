"""``--company``/``--depth``, ``--type``, ``--relation`` and ``--source``: what each export keeps."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.errors import AmbiguousName, EntityNotFound, QueryError
from kg.exports.subgraph import Filters, Selection
from tests.kg.exports.conftest import AWKWARD_COMPANY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7 warns about its own internals

ECOVACS = "https://w3id.org/expansion-kg/id/org/ecovacs"


def nodelink(exported, **filters) -> nx.MultiDiGraph:
    return nx.node_link_graph(json.loads(exported("nodelink", **filters).read_text("utf-8")), edges="edges")


def entities(graph: nx.MultiDiGraph) -> set[str]:
    return {n for n, d in graph.nodes(data=True) if d["kind"] != "Observation"}


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_company_neighbourhood_matches_an_ego_graph_of_the_projection(store, exported, depth):
    from kg.stores.projection import project

    expected = nx.ego_graph(project(store).to_networkx(), ECOVACS, radius=depth, undirected=True)
    graph = nodelink(exported, company="ecovacs robotics", depth=depth)  # found by alias, any case
    assert entities(graph) == set(expected.nodes)
    facts = {k for _, _, k, d in graph.edges(keys=True, data=True) if d["relation"] != "hasObservation"}
    assert facts == {k for _, _, k in expected.edges(keys=True)}


def test_type_keeps_entities_of_the_class_and_its_subclasses(exported):
    graph = nodelink(exported, types=("Market",))
    kinds = {d["kind"] for n, d in graph.nodes(data=True) if n in entities(graph)}
    assert kinds == {"Country", "Region", "Segment"}
    assert graph.number_of_edges() == sum(1 for _, _, d in graph.edges(data=True) if d["relation"] == "hasObservation")


def test_relation_keeps_its_facts_and_the_entities_they_link(exported):
    graph = nodelink(exported, relations=("expandsInto",))
    facts = [(s, o) for s, o, d in graph.edges(data=True) if d["relation"] != "hasObservation"]
    assert facts and all(d["relation"] in ("expandsInto", "hasObservation") for _, _, d in graph.edges(data=True))
    assert entities(graph) == {n for pair in facts for n in pair}


def test_source_keeps_what_that_source_states(store, sources, exported):
    awkward = next(p for p in sources if p.name == "awkward.jsonl")
    graph = nodelink(exported, sources=(str(awkward),))
    for _, _, d in graph.edges(data=True):
        assert d["relation"] == "hasObservation" or d["sources"] == [str(awkward.resolve())]
    assert AWKWARD_COMPANY in {d["name"] for _, d in graph.nodes(data=True)}
    assert "Kunlun Tech" not in {d["name"] for _, d in graph.nodes(data=True)}


def test_source_filter_keeps_only_those_named_graphs_in_rdf(sources, exported):
    import rdflib

    awkward = next(p for p in sources if p.name == "awkward.jsonl")
    dataset = rdflib.Dataset()
    dataset.parse(exported("trig", sources=(str(awkward),)), format="trig")
    assert len([g for g in dataset.graphs() if len(g)]) == 1


@pytest.mark.parametrize("filters", [{"company": "Tineco"}, {"relations": ("sellsThrough",)}, {"types": ("Company",)}])
@pytest.mark.parametrize("fmt", ["turtle", "factlines"])
def test_a_subgraph_export_loads_back_on_its_own(exported, tmp_path, fmt, filters):
    from kg.pipeline import load
    from kg.stores.oxigraph import OxigraphStore

    path = exported(fmt, **filters)
    with OxigraphStore(tmp_path / "fresh") as fresh:
        report = load(fresh, [path])
        assert not report.failed, [s.error for s in report.failed]
        assert fresh.stats()["facts"] == sum(1 for _ in nodelink_facts(exported, filters))


def nodelink_facts(exported, filters):
    graph = nodelink(exported, **filters)
    return [k for _, _, k, d in graph.edges(keys=True, data=True) if d["relation"] != "hasObservation"]


@pytest.mark.parametrize(
    "filters, error, message",
    [
        (Filters(types=("Widget",)), QueryError, "unknown type 'Widget' in --type; known: Brand, Channel, Company"),
        (Filters(relations=("owns",)), QueryError, "unknown relation 'owns' in --relation; known: acquires"),
        (Filters(company="Ecovax"), EntityNotFound, "no entity named 'Ecovax' (--company); did you mean 'Ecovacs'?"),
        (Filters(sources=("nowhere.jsonl",)), QueryError, "no loaded source 'nowhere.jsonl' (--source)"),
    ],
)
def test_bad_filters_name_what_is_wrong(store, filters, error, message):
    with pytest.raises(error) as caught:
        Selection(store.ox, filters)
    assert str(caught.value).startswith(message)


def test_a_name_of_two_entities_prefers_the_company(tmp_path, write):
    from kg.pipeline import load
    from kg.stores.oxigraph import OxigraphStore

    sheet = write(
        "two.jsonl",
        '{"entity": "Nova", "type": "Company"}\n{"entity": "Nova", "type": "Brand"}\n'
        '{"entity": "Vega", "type": "Product"}\n{"entity": "Vega", "type": "Segment"}\n',
    )
    with OxigraphStore(tmp_path / "kg") as store:
        load(store, [sheet])
        assert Selection(store.ox, Filters(company="Nova")).start.endswith("/org/nova")
        with pytest.raises(AmbiguousName, match=r"^'Vega' \(--company\) names 2 entities: Vega"):
            Selection(store.ox, Filters(company="Vega"))


def test_sources_that_state_nothing_kept_are_left_out(exported):
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(exported("trig", company="Tineco", depth=0), format="trig")
    paths = {str(o) for _, p, o, _ in dataset.quads() if str(p).endswith("#sourcePath")}
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["ecovacs.jsonl"]
    graph = nodelink(exported, company="Tineco", depth=0)
    assert graph.number_of_nodes() == 1
