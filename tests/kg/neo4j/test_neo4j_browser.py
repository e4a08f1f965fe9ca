"""Neo4j Browser on the local server: a second, real instance on free ports in a temporary home, fetched over HTTP.

The instance uses the checkout's jars when they were laid out from the current
pom (lib/ is linked), else Maven lays them out in the temporary home; the
project's own server is never touched.
"""

from __future__ import annotations

import hashlib
import json
import socket
import urllib.request

import pytest
from click.testing import CliRunner

from kg import javaprocess
from kg.neo4j import local
from tests.conftest import quick_starting_jvm


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, accept: str) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")


@pytest.fixture
def browser_server(tmp_path, monkeypatch):
    """A started second server whose ports are neither Neo4j's defaults nor the project's server's; stopped after."""
    try:
        local._java()
    except Exception as e:  # noqa: BLE001 - no Java means no Neo4j to test
        pytest.skip(str(e))
    jars = local.default_server().lib_dir
    home = tmp_path / "neo4j-home"
    home.mkdir(mode=0o700)
    digest = hashlib.sha256(local.POM.read_bytes()).hexdigest()
    stamp = jars / javaprocess.STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest:
        (home / "lib").symlink_to(jars, target_is_directory=True)
    server = local.LocalServer(home, bolt_port=free_port(), http_port=free_port())
    monkeypatch.setenv("KG_NEO4J_HOME", str(home))
    monkeypatch.setenv("KG_NEO4J_BOLT_PORT", str(server.bolt_port))
    monkeypatch.setenv("KG_NEO4J_HTTP_PORT", str(server.http_port))
    try:
        with quick_starting_jvm():
            yield server
    finally:
        local.stop(server)


@pytest.mark.neo4j
def test_start_serves_browser_and_advertises_the_bolt_port_in_use(browser_server):
    from kg.cli.neo4j_cmd import neo4j_group

    result = CliRunner().invoke(neo4j_group, ["start", "--home", str(browser_server.home)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == browser_server.uri
    assert f"password in {browser_server.password_file}" in result.stderr
    assert f"Neo4j Browser: http://127.0.0.1:{browser_server.http_port}/browser/" in result.stderr
    assert any(jar.name.startswith("neo4j-browser-") for jar in browser_server.lib_dir.iterdir())

    status, kind, page = get(browser_server.browser_url, "text/html")
    assert status == 200 and kind.startswith("text/html")
    assert "<title>Neo4j Browser</title>" in page

    # Browser fills its connect form from the discovery document at the HTTP root
    status, kind, body = get(browser_server.http_url, "application/json")
    discovery = json.loads(body)
    assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{browser_server.bolt_port}"
    assert discovery["bolt_routing"] == f"neo4j://127.0.0.1:{browser_server.bolt_port}"

    status_result = CliRunner().invoke(neo4j_group, ["status", "--format", "json", "--home", str(browser_server.home)])
    info = json.loads(status_result.stdout)
    assert info["running"] is True
    assert info["user"] == "neo4j"
    assert info["password_file"] == str(browser_server.password_file)
    assert info["browser"] == browser_server.browser_url
    assert local.read_password(browser_server) not in status_result.output + result.output
