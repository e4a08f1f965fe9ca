"""Name lookups on Neo4j go through a full-text index over entity names, aliases and their keys."""

from __future__ import annotations

import pytest

from kg.answers import COMPANY_KINDS
from kg.errors import EntityNotFound
from kg.stores import cypher

pytestmark = pytest.mark.neo4j


@pytest.fixture
def indexed(neo4j_examples):
    """The example graph with the store's schema in place (a database loaded earlier may predate the index)."""
    neo4j_examples._ensure_schema()
    return neo4j_examples


def test_the_full_text_index_covers_names_aliases_and_keys(indexed):
    [row] = indexed.cypher(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, state "
        "WHERE name = $name RETURN labelsOrTypes, properties, state",
        {"name": cypher.ENTITY_NAME_INDEX},
    )
    assert row == {"labelsOrTypes": ["Entity"], "properties": ["name", "aliases", "keys"], "state": "ONLINE"}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Ecovacs", "Ecovacs"),
        ("科沃斯", "Ecovacs"),
        ("ECOVACS Robotics Co., Ltd.", "Ecovacs"),
        ("Kunlun Tech", "Kunlun Tech"),
    ],
)
def test_lookups_find_names_and_aliases_through_the_index(indexed, monkeypatch, name, expected):
    # with the scan answering nothing, only the index can find the entity
    monkeypatch.setattr(cypher, "FIND_ENTITY", "RETURN 1 AS iri LIMIT 0")
    assert indexed.answers()._find(name, COMPANY_KINDS)["name"] == expected


def test_a_database_without_the_index_still_finds_names(indexed, monkeypatch):
    monkeypatch.setattr(
        cypher, "FIND_ENTITY_INDEXED", cypher.FIND_ENTITY_INDEXED.replace(cypher.ENTITY_NAME_INDEX, "no_such_index")
    )
    assert indexed.answers()._find("Ecovacs", (frozenset({"Company"}),))["name"] == "Ecovacs"


def test_an_unknown_name_is_still_told_with_suggestions(indexed):
    with pytest.raises(EntityNotFound, match="did you mean 'Ecovacs'"):
        indexed.answers()._find("Ecovac", (frozenset({"Company"}),))


def test_researchers_search_names_by_words(indexed):
    rows = indexed.cypher(
        f"CALL db.index.fulltext.queryNodes('{cypher.ENTITY_NAME_INDEX}', $words) "
        "YIELD node, score RETURN node.name AS name ORDER BY score DESC LIMIT 3",
        {"words": "kunlun"},
    )
    assert rows and rows[0]["name"] == "Kunlun Tech"
