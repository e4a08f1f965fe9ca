"""The ontology covers the vocabulary, and everything derived from it is in step with it."""

from __future__ import annotations

import subprocess
import sys

import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.schema import load_schema
from ontology import ONTOLOGY_NS, path
from tests.conftest import ROOT

VOCABULARY_CLASSES = [
    "Organization",
    "Company",
    "Brand",
    "Product",
    "Market",
    "Country",
    "Region",
    "Segment",
    "Channel",
    "Strategy",
    "Document",
    "Observation",
]
VOCABULARY_RELATIONS = {
    "launches": (("Company", "Brand"), ("Product",)),
    "develops": (("Organization",), ("Product",)),
    "hasBrand": (("Company",), ("Brand",)),
    "hasSubsidiary": (("Company",), ("Company",)),
    "headquarteredIn": (("Organization",), ("Country",)),
    "locatedIn": (("Organization",), ("Country", "Region")),
    "operatesIn": (("Company", "Brand", "Product"), ("Country", "Region")),
    "expandsInto": (("Company", "Brand"), ("Country", "Region")),
    "competesIn": (("Company", "Brand", "Product"), ("Segment",)),
    "sellsThrough": (("Company", "Brand"), ("Channel",)),
    "adoptsStrategy": (("Company",), ("Strategy",)),
    "partnersWith": (("Organization",), ("Organization",)),
    "acquires": (("Company",), ("Company",)),
    "investsIn": (("Organization",), ()),
}


def test_every_vocabulary_class_is_declared_with_its_hierarchy():
    schema = load_schema()
    assert set(VOCABULARY_CLASSES) <= set(schema.classes)
    assert schema.is_a("Company", "Organization")
    for place in ("Country", "Region", "Segment"):
        assert schema.is_a(place, "Market")


#: Where the ontology accepts more than the vocabulary's minimum: a named company sold through (a retailer, a
#: distributor) is a channel without ceasing to be a company.
WIDER_RANGES = {"sellsThrough": ("Channel", "Company")}


def test_every_vocabulary_relation_has_its_domain_and_range():
    relations = load_schema().relations
    for name, (domain, rng) in VOCABULARY_RELATIONS.items():
        assert (relations[name].domain, relations[name].range) == (domain, WIDER_RANGES.get(name, rng)), name


def test_terms_reuse_public_vocabularies():
    graph = rdflib.Graph().parse(path("kg.ttl"))
    kgo = rdflib.Namespace(ONTOLOGY_NS)
    supers = {str(o) for o in graph.objects(kgo.Company, rdflib.RDFS.subClassOf)}
    assert "https://schema.org/Corporation" in supers
    assert (
        kgo.hasSubsidiary,
        rdflib.RDFS.subPropertyOf,
        rdflib.URIRef("http://www.w3.org/ns/org#hasSubOrganization"),
    ) in graph
    assert (kgo.Provenance, rdflib.RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/prov#Derivation")) in graph


def test_shapes_are_generated_from_the_ontology():
    generated = subprocess.run(
        [sys.executable, "scripts/make_shapes.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert generated == (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")


def test_ontology_documentation_is_generated_from_the_turtle():
    result = CliRunner().invoke(cli, ["ontology"])
    assert result.exit_code == 0
    assert result.output == (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert "| `hasSubsidiary` | `HAS_SUBSIDIARY` | Company | Company |" in result.output
