"""RDF files under the ontology load as records; the project's own Turtle round-trips."""

from __future__ import annotations

import pytest

import loaders
from kg.errors import LoaderError
from kg.model import Entity, Fact
from tests.conftest import EXAMPLES

TTL = """@prefix kgo: <https://w3id.org/expansion-kg/ontology#> .
<http://example.org/a> a kgo:Company ; kgo:name "Apex \\"Quoted\\" Robotics" ; kgo:alias "Apex" ;
    kgo:expandsInto <http://example.org/de> .
<http://example.org/de> a kgo:Country ; kgo:name "Germany" .
"""


def test_turtle_gives_entities_and_facts(write):
    records = list(loaders.for_path(write("a.ttl", TTL)).load(write("a.ttl", TTL)))
    entities = [r for r in records if isinstance(r, Entity)]
    facts = [r for r in records if isinstance(r, Fact)]
    assert {e.name for e in entities} == {'Apex "Quoted" Robotics', "Germany"}
    assert [(f.subject, f.relation, f.object) for f in facts] == [('Apex "Quoted" Robotics', "expandsInto", "Germany")]


def test_ntriples_and_jsonld_are_read(write):
    nt = (
        "<http://e/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/expansion-kg/ontology#Brand> .\n"
        '<http://e/a> <https://w3id.org/expansion-kg/ontology#name> "Tineco" .\n'
    )
    jsonld = (
        '{"@id": "http://e/a", "@type": "https://w3id.org/expansion-kg/ontology#Brand", '
        '"https://w3id.org/expansion-kg/ontology#name": "Tineco"}'
    )
    for name, text in (("a.nt", nt), ("a.jsonld", jsonld)):
        path = write(name, text)
        assert [r.name for r in loaders.for_path(path).load(path)] == ["Tineco"]


def test_malformed_turtle_is_a_one_line_error(write):
    path = write("bad.ttl", "<http://e/a> <http://e/p> .\n")
    with pytest.raises(LoaderError, match=r"bad.ttl: malformed RDF"):
        list(loaders.for_path(path).load(path))


def test_entity_without_name_is_refused(write):
    path = write("noname.ttl", "<http://e/a> a <https://w3id.org/expansion-kg/ontology#Company> .\n")
    with pytest.raises(LoaderError, match="is a Company without kgo:name"):
        list(loaders.for_path(path).load(path))


def test_example_turtle_loads():
    path = EXAMPLES / "factsheets" / "lumora.ttl"
    facts = [r for r in loaders.for_path(path).load(path) if isinstance(r, Fact)]
    assert ("Lumora Robotics", "hasSubsidiary", "Lumora Europe GmbH") in {
        (f.subject, f.relation, f.object) for f in facts
    }


OBSERVATION = """@prefix kgo: <https://w3id.org/expansion-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<http://e/acme> a kgo:Company ; kgo:name "Acme" .
<http://e/obs> a kgo:Observation ; kgo:subject <http://e/acme> ; {fields} prov:qualifiedDerivation <http://e/prov> .
<http://e/prov> a kgo:Provenance ; kgo:line {line} .
"""
FIELDS = 'kgo:metric "revenue" ; kgo:unit "USD" ; kgo:value {value} ;'


def test_an_observation_with_its_provenance_loads(write):
    path = write("obs.ttl", OBSERVATION.format(fields=FIELDS.format(value="5.0"), line="3"))
    figure = next(r for r in loaders.for_path(path).load(path) if not isinstance(r, Entity))
    assert (figure.subject, figure.metric, figure.value, figure.unit, figure.provenance.line) == (
        "Acme",
        "revenue",
        5.0,
        "USD",
        3,
    )


@pytest.mark.parametrize(
    "fields, line, message",
    [
        ('kgo:unit "USD" ; kgo:value 5.0 ;', "3", "obs.ttl: observation <http://e/obs> has no kgo:metric"),
        ('kgo:metric "revenue" ; kgo:value 5.0 ;', "3", "obs.ttl: observation <http://e/obs> has no kgo:unit"),
        (FIELDS.format(value="5.0"), '"three"', "obs.ttl: <http://e/prov>: kgo:line must be an integer, not 'three'"),
        (FIELDS.format(value="5.0"), "3.5", "obs.ttl: <http://e/prov>: kgo:line must be an integer, not '3.5'"),
        (
            FIELDS.format(value='"NaN"^^<http://www.w3.org/2001/XMLSchema#double>'),
            "3",
            "obs.ttl: <http://e/obs>: kgo:value must be a finite number, not nan",
        ),
        (
            FIELDS.format(value='"-INF"^^<http://www.w3.org/2001/XMLSchema#double>'),
            "3",
            "obs.ttl: <http://e/obs>: kgo:value must be a finite number, not -inf",
        ),
    ],
)
def test_bad_observations_are_one_line_errors(write, fields, line, message):
    path = write("obs.ttl", OBSERVATION.format(fields=fields, line=line))
    with pytest.raises(LoaderError) as caught:
        list(loaders.for_path(path).load(path))
    assert str(caught.value) == f"{path.parent}/{message}"
