"""kg neo4j shell: cypher-shell from Maven Central, connected to the local server without typing the password."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from kg.neo4j import local


def test_cypher_shell_is_the_servers_version():
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    version = ET.parse(local.SHELL_POM).getroot().find("m:properties/m:neo4j.version", ns).text
    assert version == local.neo4j_version()


def test_shell_needs_a_running_server(tmp_path):
    from kg.cli.neo4j_cmd import neo4j_group

    result = CliRunner().invoke(neo4j_group, ["shell", "--home", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: Neo4j in {tmp_path / 'none'} is not running; run 'kg neo4j start' first"


@pytest.mark.neo4j
def test_shell_runs_queries_on_the_local_server(neo4j_settings):
    server = local.default_server()
    if neo4j_settings.uri != server.uri or local.running_pid(server) is None:
        pytest.skip(f"the tests reach {neo4j_settings.uri}, not the local server in {server.home}")
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "NEO4J_URI", "NEO4J_USERNAME")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kg.cli import cli; cli()",
            "neo4j",
            "shell",
            "--home",
            str(server.home),
            "--format",
            "plain",
        ],
        input="RETURN 40 + 2 AS answer;\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["answer", "42"]
    assert (server.shell_lib_dir / f"cypher-shell-{local.neo4j_version()}.jar").is_file()
