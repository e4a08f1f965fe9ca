"""``kg cypher`` without ``--write`` only reads the graph: judged by the server's EXPLAIN, run in a read transaction.

Each refused statement is one a read transaction alone lets through (the
review saw each of them run): they are refused before they run, in one line,
with exit code 1.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import threading

import pytest

pytestmark = pytest.mark.neo4j


def kg_cypher(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["kg", "cypher", *args], capture_output=True, text=True, env=os.environ.copy(), timeout=120)


def refused(done: subprocess.CompletedProcess, phrase: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stderr.startswith("Error: Neo4j at ") and done.stderr.count("\n") == 1, done.stderr
    assert "refused without --write" in done.stderr and phrase in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
def web():
    """A web server on loopback that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            body = b"name\nsecret-from-the-network\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/data.csv", seen
    server.shutdown()
    server.server_close()


def test_load_csv_is_refused_before_the_server_fetches_anything(neo4j_examples, web):
    url, seen = web
    done = kg_cypher("LOAD CSV WITH HEADERS FROM $url AS row RETURN row.name AS name", "--param", f"url={url}")
    refused(done, "LOAD CSV")
    assert "secret-from-the-network" not in done.stdout
    assert seen == []


def test_terminate_transactions_is_refused_and_a_running_load_survives(neo4j_settings, neo4j_examples):
    """A transaction stays open in another session, as a kg load's would; kg cypher must not abort it."""
    from kg.neo4j.local import connect

    driver = connect(neo4j_settings)
    try:
        with driver.session(database=neo4j_settings.database) as session:
            tx = session.begin_transaction(metadata={"kg_probe": "terminate"})
            tx.run("CREATE (:TerminateProbe)").consume()
            with driver.session(database=neo4j_settings.database) as other:
                ids = [
                    r["id"]
                    for r in other.run(
                        "SHOW TRANSACTIONS YIELD transactionId AS id, metaData "
                        "WHERE metaData.kg_probe = 'terminate' RETURN id"
                    )
                ]
            assert len(ids) == 1
            refused(kg_cypher("TERMINATE TRANSACTIONS $id", "--param", f"id={ids[0]}"), "TERMINATE")
            tx.run("MATCH (p:TerminateProbe) DETACH DELETE p").consume()
            tx.commit()  # raises if the transaction was terminated
    finally:
        driver.close()


@pytest.mark.parametrize(
    "query, phrase",
    [
        ("SHOW TRANSACTIONS", "SHOW TRANSACTIONS"),
        ("SHOW SETTINGS YIELD name, value RETURN name, value", "SHOW SETTINGS"),
        ("CALL db.clearQueryCaches()", "changes the schema or the server"),
        ("CALL dbms.listConfig() YIELD name, value RETURN name, value", "changes the schema or the server"),
        ("CALL db.info()", "procedure db.info is not on the read-only list"),
        (
            "MATCH (c:Company) RETURN c.name AS x UNION CALL db.ping() YIELD success RETURN toString(success) AS x",
            "procedure db.ping is not on the read-only list",
        ),
        ("CREATE INDEX kg_probe IF NOT EXISTS FOR (n:Probe) ON (n.x)", "changes the schema"),
        ("MATCH (c:Company) SET c.touched = true", "writes to the graph"),
    ],
)
def test_statements_beyond_reading_the_graph_are_refused(neo4j_examples, query, phrase):
    refused(kg_cypher(query), phrase)
    assert neo4j_examples.cypher("MATCH (c:Company) WHERE c.touched RETURN count(c) AS n") == [{"n": 0}]
    assert neo4j_examples.cypher("SHOW INDEXES YIELD name WHERE name = 'kg_probe' RETURN name") == []


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:Company {name: 'Ecovacs'}) RETURN c.name AS name",
        "CALL db.labels() YIELD label WHERE label = 'Company' RETURN label",
        "CALL db.relationshipTypes() YIELD relationshipType RETURN count(*) > 0 AS any",
        "CALL db.schema.nodeTypeProperties() YIELD nodeType RETURN count(*) > 0 AS any",
        "SHOW INDEXES YIELD name RETURN count(*) > 0 AS any",
        "SHOW CONSTRAINTS YIELD name RETURN count(*) > 0 AS any",
    ],
)
def test_reads_of_the_graph_and_its_schema_still_run(neo4j_examples, query):
    done = kg_cypher(query, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() not in ("", "[]")
