"""Apache Jena Fuseki, run by the project from its Maven Central jar, for the SPARQL store.

``jena-fuseki-server`` is one shaded jar holding the server and every library it needs.  Maven lays it
out into ``lib/`` from the ``pom.xml`` beside this file (once: a stamp holds the pom's hash), and the
server runs detached on a loopback port with one updatable dataset, ``/kg``: in memory by default (a
transactional in-memory dataset, gone when the server stops), or TDB2 in a folder.  Each server keeps
its pid file, log and Fuseki's own run folder in ``run/<port>/`` under the home, so two servers share
the jar and nothing else.  docs/stores.md shows how to point kg at it.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg import javaprocess
from kg.errors import StoreError

POM = Path(__file__).with_name("pom.xml")
MAIN_CLASS = "org.apache.jena.fuseki.main.cmds.FusekiServerCmd"
#: The dataset's name: the server answers at http://127.0.0.1:PORT/kg (query, update, data).
DATASET = "kg"
#: Enough for the tests' graphs and for trying kg out; a big graph wants TDB2 and more.
HEAP = "512m"


Progress = Callable[[str], None]


@dataclass(frozen=True)
class LocalFuseki:
    """One local server: the home holding the jar, its port, and its TDB2 folder (None: in memory)."""

    home: Path
    port: int
    data: Path | None = None
    heap: str = HEAP

    @property
    def lib_dir(self) -> Path:
        return self.home / "lib"

    @property
    def run_dir(self) -> Path:
        """This server's own folder: Fuseki's base (FUSEKI_BASE), its log and its pid file."""
        return self.home / "run" / str(self.port)

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "fuseki.pid"

    @property
    def log_file(self) -> Path:
        return self.run_dir / "console.log"

    @property
    def url(self) -> str:
        """The dataset's URL, what ``--sparql-url`` takes."""
        return f"http://127.0.0.1:{self.port}/{DATASET}"


def default_home() -> Path:
    """``$KG_FUSEKI_HOME``, else ``./.fuseki-local`` (git-ignored), as the local Neo4j's home is chosen."""
    home = os.environ.get("KG_FUSEKI_HOME")
    return Path(home).expanduser().absolute() if home else Path(".fuseki-local").absolute()


def free_port() -> int:
    """A loopback port nothing listens on now (the kernel's pick), for a server of the caller's own."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def fuseki_version() -> str:
    """The Fuseki version pinned in pom.xml."""
    return javaprocess.pom_property(POM, "fuseki.version")


# ---------------------------------------------------------------- the jar


def resolve_jar(home: Path, *, progress: Progress | None = None) -> Path:
    """Lay out ``home/lib`` with Maven unless its stamp holds the pom's hash; returns the folder."""
    return javaprocess.lay_out(
        POM, home / "lib", what=f"Fuseki {fuseki_version()}", progress=progress, transitive=False
    )


def _java() -> str:
    """The java to run Fuseki 5 with (Java 17 or later)."""
    return javaprocess.java("Fuseki", "17 or later")


def server_command(server: LocalFuseki, java: str) -> list[str]:
    """The java command line: loopback only, SPARQL Update and the Graph Store Protocol's writes allowed."""
    storage = ["--tdb2", f"--loc={server.data}"] if server.data is not None else ["--mem"]
    return [
        java,
        f"-Xmx{server.heap}",
        "-Dfile.encoding=UTF-8",
        "-cp",
        str(server.lib_dir / "*"),
        MAIN_CLASS,
        "--localhost",
        f"--port={server.port}",
        "--update",
        *storage,
        f"/{DATASET}",
    ]


def start(
    home: Path | None = None,
    *,
    port: int | None = None,
    data: Path | None = None,
    heap: str = HEAP,
    timeout: float = 60,
    progress: Progress | None = None,
) -> LocalFuseki:
    """Start a server in ``home`` (default :func:`default_home`) on ``port`` (default: a free one), its dataset
    in memory or in the TDB2 folder ``data``, with ``heap`` for the JVM; returns it once the dataset answers."""
    server = LocalFuseki((home or default_home()).absolute(), port or free_port(), data, heap)
    resolve_jar(server.home, progress=progress)
    if running_pid(server) is not None:
        _wait_until_answering(server, running_pid(server) or 0, timeout)
        return server
    server.run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with os.fdopen(os.open(server.log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as log:
        try:
            child = subprocess.Popen(
                server_command(server, _java()),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=server.run_dir,
                env={**os.environ, "FUSEKI_BASE": str(server.run_dir)},
                start_new_session=True,
                umask=0o077,
            )
        except OSError as e:
            raise StoreError(f"cannot start Fuseki in {server.home}: {e.strerror}") from e
    javaprocess.launched[child.pid] = child
    server.pid_file.write_text(f"{child.pid}\n", encoding="utf-8")
    if progress:
        progress(f"starting Fuseki {fuseki_version()} at {server.url} (log: {server.log_file}) ...")
    try:
        _wait_until_answering(server, child.pid, timeout)
    except StoreError:
        javaprocess.terminate(child.pid, 10)
        server.pid_file.unlink(missing_ok=True)
        raise
    return server


def _wait_until_answering(server: LocalFuseki, pid: int, timeout: float) -> None:
    """Poll the dataset with ``ASK {}``; a dead process or the timeout is a StoreError quoting the log."""
    deadline = time.monotonic() + timeout
    ask = f"{server.url}/query?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    while time.monotonic() < deadline:
        if not javaprocess.alive(pid):
            raise StoreError(
                f"Fuseki in {server.run_dir} exited while starting: {javaprocess.log_cause(server.log_file)}"
            )
        try:
            with urllib.request.urlopen(ask, timeout=2) as answer:  # loopback only: a URL built here
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise StoreError(
        f"Fuseki did not answer at {server.url} within {timeout:g} s; see {server.log_file}: "
        f"{javaprocess.log_cause(server.log_file)}"
    )


def running_pid(server: LocalFuseki) -> int | None:
    """The pid of this server's process, or None (a stale pid file is removed)."""
    return javaprocess.pid_in(server.pid_file, lambda pid: javaprocess.runs(pid, MAIN_CLASS, f"--port={server.port}"))


def stop(server: LocalFuseki, *, timeout: float = 20) -> str:
    """Stop exactly the process in the pid file (SIGTERM, SIGKILL after ``timeout``) and drop its run folder."""
    pid = running_pid(server)
    if pid is None:
        return f"Fuseki at {server.url} is not running"
    javaprocess.terminate(pid, timeout)
    if javaprocess.alive(pid):
        raise StoreError(f"Fuseki at {server.url} (pid {pid}) did not stop, even after SIGKILL")
    shutil.rmtree(server.run_dir, ignore_errors=True)
    return f"stopped Fuseki at {server.url} (pid {pid})"


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.fuseki.local start [--port N] [--data DIR]`` prints the dataset URL; ``stop PORT`` stops it."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m kg.fuseki.local", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    started = commands.add_parser("start", help="start a server; prints its dataset URL")
    started.add_argument("--port", type=int, help="loopback port (default: a free one)")
    started.add_argument("--data", type=Path, help="TDB2 folder (default: a dataset in memory)")
    started.add_argument("--heap", default=HEAP, help=f"JVM heap (default: {HEAP})")
    stopped = commands.add_parser("stop", help="stop the server on PORT")
    stopped.add_argument("port", type=int)
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            data = args.data.absolute() if args.data else None
            print(
                start(port=args.port, data=data, heap=args.heap, progress=lambda text: print(text, file=sys.stderr)).url
            )
        else:
            print(stop(LocalFuseki(default_home(), args.port)))
    except StoreError as e:
        print(f"Error: {e}", file=sys.stderr)
        return e.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
