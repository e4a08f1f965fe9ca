"""The local server's setup keeps its secrets and the machine to itself: a second, real instance in a temporary home.

The instance shares the checkout's jars (lib/ is linked, so Maven does not
run) and listens on free ports; the project's own server is never touched.
"""

from __future__ import annotations

import http.server
import socket
import stat
import threading
import time
from pathlib import Path

import pytest
from neo4j.exceptions import ClientError

from kg import javaprocess
from kg.neo4j import local
from tests.conftest import quick_starting_jvm


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def second(tmp_path) -> local.LocalServer:
    """A local server in a home left 0755 by an older kg, with the checkout's jars; stopped afterwards."""
    jars = local.default_server().lib_dir
    if not (jars / javaprocess.STAMP).is_file():
        pytest.skip(f"no Neo4j jars in {jars}; run kg neo4j start once")
    try:
        local._java()
    except Exception as e:  # noqa: BLE001 - no Java means no Neo4j to test
        pytest.skip(str(e))
    home = tmp_path / "neo4j-home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    (home / "lib").symlink_to(jars, target_is_directory=True)
    server = local.LocalServer(home, bolt_port=free_port(), http_port=free_port())
    with quick_starting_jvm():
        yield server
        local.stop(server)


def _admin_command_lines(stop: threading.Event, seen: list[bytes]) -> None:
    """Every command line of a neo4j-admin set-initial-password process, as any user of the machine can read it."""
    while not stop.is_set():
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                args = cmdline.read_bytes()
            except OSError:
                continue
            if b"set-initial-password" in args and args not in seen:
                seen.append(args)
        time.sleep(0.01)


def test_the_password_is_never_in_a_command_line_and_the_home_is_private(second):
    seen: list[bytes] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_admin_command_lines, args=(stop, seen))
    watcher.start()
    try:
        local.resolve_jars(second)
        local.write_config(second)
        password = local.ensure_password(second)
    finally:
        stop.set()
        watcher.join()
    assert seen, "neo4j-admin was never seen running"
    assert not any(password.encode() in args for args in seen)
    assert (second.data_dir / "dbms" / "auth.ini").is_file()
    assert mode(second.home) == 0o700
    assert mode(second.password_file) == 0o600 and mode(second.conf_file) == 0o600
    assert {mode(d) for d in (second.conf_dir, second.data_dir, second.logs_dir, second.run_dir)} == {0o700}


@pytest.fixture
def web():
    """A web server on loopback that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            body = b"name\nfrom-the-network\n"
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


@pytest.mark.neo4j
def test_the_server_loads_no_csv_from_the_network_or_by_file_url(second, web, tmp_path):
    """Even a --write query (or another client with the password) cannot make the server fetch or read files."""
    url, seen = web
    local.start(second, timeout=240)
    secret = tmp_path / "secret.csv"
    secret.write_text("name\nfrom-a-local-file\n")
    settings = local.Neo4jSettings(second.uri, local.USER, local.read_password(second), local.DATABASE)
    driver = local.connect(settings)
    try:
        for source in (url, secret.as_uri()):
            with driver.session(database=local.DATABASE) as session, pytest.raises(ClientError):
                session.run("LOAD CSV WITH HEADERS FROM $source AS row RETURN row.name AS name", source=source).data()
        with driver.session(database=local.DATABASE) as session:
            assert session.run("RETURN 1 AS one").single()["one"] == 1  # the server itself works
    finally:
        driver.close()
    assert seen == []
    assert mode(second.home) == 0o700
    logs = [p for p in second.logs_dir.iterdir() if p.is_file()]
    assert logs and {mode(p) for p in logs} == {0o600}
