"""Stores: the embedded default, Neo4j and any SPARQL 1.1 store, chosen by name."""

from __future__ import annotations

from kg.registry import Entry, Registry

registry = Registry("store", "kg.stores")
registry.register(Entry("embedded", "kg.stores.oxigraph:OxigraphStore", (), "on-disk Oxigraph store in a data folder"))
registry.register(Entry("neo4j", "kg.stores.neo4j:Neo4jStore", (), "a Neo4j server through the official driver"))
registry.register(
    Entry("sparql", "kg.stores.sparql:SparqlStore", (), "a SPARQL 1.1 store over HTTP (Fuseki, GraphDB, ...)")
)
