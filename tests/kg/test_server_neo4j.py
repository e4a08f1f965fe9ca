"""``kg serve --store neo4j``: the endpoint publishes the RDF view of what Neo4j holds, and follows its changes."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from kg.pipeline import load
from kg.server.app import Settings
from kg.server.serving import running
from kg.stores.oxigraph import OxigraphStore
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.neo4j

FACTS_PER_SOURCE = """
PREFIX kgo: <https://w3id.org/expansion-kg/ontology#>
SELECT ?path (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  GRAPH ?g { ?g kgo:sourcePath ?path . ?fact a kgo:Fact }
} GROUP BY ?path ORDER BY ?path
"""


def ask(url: str, query: str) -> tuple[int, list[tuple[str, int]] | str]:
    """Run a SELECT over HTTP; (200, rows as (path, count)) or (status, body)."""
    request = urllib.request.Request(
        f"{url}/sparql?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            bindings = json.load(response)["results"]["bindings"]
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")
    return 200, [(b["path"]["value"], int(b["facts"]["value"])) for b in bindings]


def wait_for(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_the_endpoint_serves_what_neo4j_holds_and_follows_loads(neo4j_store, tmp_path, write):
    embedded = OxigraphStore(tmp_path / "kg")
    try:
        for store in (embedded, neo4j_store):
            assert not load(store, [EXAMPLES / "factsheets"]).failed
        with running(embedded, Settings(workers=1)) as url:
            _, expected = ask(url, FACTS_PER_SOURCE)
        with running(neo4j_store, Settings(workers=1), refresh_every=0.2) as url:
            assert ask(url, FACTS_PER_SOURCE) == (200, expected)
            extra = write("extra.jsonl", '{"s": "Ecovacs", "p": "operatesIn", "o": "Chile"}\n')
            load(neo4j_store, [extra])
            seen = wait_for(lambda: (str(extra.resolve()), 1) in ask(url, FACTS_PER_SOURCE)[1])
            assert seen, "the endpoint did not pick up a load into Neo4j"
    finally:
        embedded.close()


def test_kg_serve_get_on_neo4j(neo4j_examples):
    """``kg serve --store neo4j --get`` answers one request from the RDF view, as the embedded store would."""
    from kg.cli import cli

    path = "/sparql?" + urllib.parse.urlencode({"query": FACTS_PER_SOURCE})
    result = CliRunner().invoke(cli, ["serve", "--store", "neo4j", "--get", path], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "ecovacs.jsonl" in result.output
