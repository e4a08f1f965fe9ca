"""kg export --company from Neo4j reads only the neighbourhood, and gives the embedded store's bytes."""

from __future__ import annotations

import io

import pytest

from kg.errors import EntityNotFound
from tests.kg.exports.test_neo4j_roundtrip import embedded, frozen_clock  # noqa: F401 - fixtures

pytestmark = pytest.mark.neo4j

CASES = [
    ("factlines", {"company": "Ecovacs", "depth": 0}),
    ("factlines", {"company": "Ecovacs", "depth": 1}),
    ("turtle", {"company": "Ecovacs", "depth": 2}),
    ("graphml", {"company": "Kunlun Tech", "depth": 1}),
    ("csv", {"company": "ecovacs robotics", "depth": 1, "types": ("Company", "Market")}),
    ("nodelink", {"company": "Ecovacs", "depth": 3, "relations": ("expandsInto", "hasBrand")}),
]


@pytest.fixture
def both(neo4j_store, embedded):  # noqa: F811 - embedded is the fixture imported above
    from kg.pipeline import load

    store, files = embedded
    assert not load(neo4j_store, files).failed
    return store, neo4j_store


@pytest.mark.parametrize("fmt, filters", CASES, ids=[f"{f}-{'-'.join(map(str, k.values()))}" for f, k in CASES])
def test_a_neighbourhood_from_neo4j_is_the_embedded_stores(both, fmt, filters):
    from kg.exports import export
    from kg.exports.subgraph import Filters

    embedded_store, neo4j_store = both
    ours, theirs = io.BytesIO(), io.BytesIO()
    export(embedded_store, fmt, ours, filters=Filters(**filters))
    export(neo4j_store, fmt, theirs, filters=Filters(**filters))
    assert theirs.getvalue() == ours.getvalue()
    assert ours.getvalue()


def test_only_the_neighbourhood_is_read(both):
    from kg.resolve import name_key

    _, neo4j_store = both
    everything = list(neo4j_store.quads())
    one_hop = list(neo4j_store.neighbourhood_quads(name_key("Kunlun Tech"), 1))
    assert 0 < len(one_hop) < len(everything) / 2
    assert neo4j_store.neighbourhood_quads(name_key("No Such Company"), 1) is None


def test_an_unknown_company_is_told_as_by_the_embedded_store(both):
    from kg.exports import export
    from kg.exports.subgraph import Filters

    messages = []
    for store in both:
        with pytest.raises(EntityNotFound) as caught:
            export(store, "factlines", io.BytesIO(), filters=Filters(company="Ecovax"))
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "did you mean 'Ecovacs'" in messages[0]
