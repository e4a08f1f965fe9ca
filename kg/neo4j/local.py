"""A Neo4j Community server that the project starts itself, and connections to any Neo4j.

Neo4j's tarball cannot be downloaded everywhere the project runs, but its
``bin/neo4j`` only puts ``lib/*`` on a classpath and starts a main class.  So
Maven lays out ``lib/`` from the ``pom.xml`` beside this file, the server runs
detached with its process id in ``run/neo4j.pid``, and the ``neo4j`` user gets a
generated password kept in a file only its owner can read.  docs/neo4j.md has
the whole story.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ClientError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from kg import javaprocess
from kg.errors import StoreError

#: What marks a line of Neo4j's log or output as an error.
_ERROR_MARK = r"\b(ERROR|FATAL)\b|Exception|Error:"

POM = Path(__file__).with_name("pom.xml")
SHELL_POM = Path(__file__).with_name("cypher-shell.xml")
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
SHELL_CLASS = "org.neo4j.shell.Main"
USER = "neo4j"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DATABASE = "neo4j"
HEAP = "2g"
PAGECACHE = "512m"
TRANSACTION_TOTAL_MAX = "1g"

# The flags the 5.26 launcher passes from the tarball's default server.jvm.additional lines.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
)
# neo4j-admin needs the module openings too, but not the server's heap and GC tuning.
ADMIN_FLAGS = (*(f for f in JVM_FLAGS if f.startswith(("--", "-Dlog4j", "-Dio.netty"))), "-Dfile.encoding=UTF-8")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LocalServer:
    """The folder of one local server, laid out like the tarball (lib, conf, data, logs, run, import, plugins)."""

    home: Path
    bolt_port: int = 7687
    http_port: int = 7474

    @property
    def lib_dir(self) -> Path:
        return self.home / "lib"

    @property
    def shell_lib_dir(self) -> Path:
        """cypher-shell's jars, laid out apart from the server's so its client libraries never meet the server's."""
        return self.home / "shell-lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def import_dir(self) -> Path:
        return self.home / "import"

    @property
    def plugins_dir(self) -> Path:
        return self.home / "plugins"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def log_file(self) -> Path:
        """The JVM's stdout and stderr (Neo4j itself also writes logs/neo4j.log and logs/debug.log)."""
        return self.logs_dir / "console.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/"

    @property
    def browser_url(self) -> str:
        """Neo4j Browser, served by the server itself from the neo4j-browser jar in lib/."""
        return f"{self.http_url}browser/"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect; the repr hides the password so settings can be logged."""

    uri: str
    user: str = USER
    password: str | None = None
    database: str | None = DATABASE

    def __repr__(self) -> str:
        hidden = "'***'" if self.password is not None else "None"
        return (
            f"Neo4jSettings(uri={_safe_uri(self.uri)!r}, user={self.user!r}, password={hidden}, "
            f"database={self.database!r})"
        )

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None


# ---------------------------------------------------------------- where things live


def default_home() -> Path:
    """``$KG_NEO4J_HOME``, else ``./.neo4j-local`` (git-ignored), so each checkout has its own server."""
    home = os.environ.get("KG_NEO4J_HOME")
    return Path(home).expanduser().absolute() if home else Path(".neo4j-local").absolute()


def default_server(home: Path | str | None = None) -> LocalServer:
    """The local server in ``home`` (default: default_home()), ports from ``$KG_NEO4J_BOLT_PORT``/``_HTTP_PORT``."""
    where = Path(home).expanduser().absolute() if home else default_home()
    return LocalServer(
        where, bolt_port=_port_env("KG_NEO4J_BOLT_PORT", 7687), http_port=_port_env("KG_NEO4J_HTTP_PORT", 7474)
    )


def _port_env(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise StoreError(f"{name}={text!r} is not a port number (1-65535)")
    return int(text)


@functools.cache
def neo4j_version() -> str:
    """The Neo4j version pinned in pom.xml: the one whose jars resolve_jars lays out."""
    return javaprocess.pom_property(POM, "neo4j.version")


# ---------------------------------------------------------------- jars and config


def resolve_jars(server: LocalServer, *, progress: Progress | None = None) -> Path:
    """Lay out lib/ with Maven, only when it is missing or was made from another pom (a stamp holds the pom's hash)."""
    stamp = javaprocess.stamp_of(server.lib_dir)
    if stamp and stamp != hashlib.sha256(POM.read_bytes()).hexdigest() and running_pid(server) is not None:
        # a running JVM reads its jars lazily from lib/: swapping the folder under it could break a live server;
        # the new pom's jars are laid out at the next start, once it has stopped
        return server.lib_dir
    return javaprocess.lay_out(POM, server.lib_dir, what=f"Neo4j {neo4j_version()} jars", progress=progress)


def resolve_shell(server: LocalServer, *, progress: Progress | None = None) -> Path:
    """Lay out shell-lib/ (cypher-shell and its libraries) with Maven, as resolve_jars does lib/."""
    return javaprocess.lay_out(
        SHELL_POM, server.shell_lib_dir, what=f"cypher-shell {neo4j_version()}", progress=progress
    )


def make_home_private(server: LocalServer) -> None:
    """The home 0700, whether kg created it now or it was left 0755 by an older kg: it holds the password and data."""
    server.home.mkdir(mode=0o700, parents=True, exist_ok=True)
    if server.home.stat().st_mode & 0o777 != 0o700:
        server.home.chmod(0o700)


def write_config(server: LocalServer) -> Path:
    """Write conf/neo4j.conf: loopback only, auth on, no file or network reads from Cypher, every folder inside home."""
    make_home_private(server)
    for folder in (
        server.conf_dir,
        server.data_dir,
        server.logs_dir,
        server.run_dir,
        server.import_dir,
        server.plugins_dir,
    ):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{server.bolt_port}",
        # the discovery document at the HTTP root gives these to clients: Browser fills its connect form from it,
        # and without them it would offer the default :7687 whatever port this server listens on
        "server.bolt.advertised_address": f"127.0.0.1:{server.bolt_port}",
        "server.http.enabled": "true",
        "server.http.listen_address": f"127.0.0.1:{server.http_port}",
        "server.http.advertised_address": f"127.0.0.1:{server.http_port}",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        # LOAD CSV may read neither local files (file:// URLs) nor any host on the network:
        # a query must not be a way to read the machine's files or reach other services from it
        "dbms.security.allow_csv_import_from_file_urls": "false",
        "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
        "dbms.usage_report.enabled": "false",
        "server.memory.heap.initial_size": HEAP,
        "server.memory.heap.max_size": HEAP,
        "server.memory.pagecache.size": PAGECACHE,
        "dbms.memory.transaction.total.max": TRANSACTION_TOTAL_MAX,
        "db.tx_log.rotation.retention_policy": "2 days 2G",
        # Bolt shuts down after the databases have stopped and its connections are closed: its default waits
        # (5 s each for the thread pool and the connections) would only hold up every stop by ten seconds
        "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
        "internal.server.bolt.connection_shutdown_wait_time": "1s",
        **{
            f"server.directories.{name}": str(server.home / name)
            for name in ("data", "logs", "run", "import", "plugins", "lib")
        },
    }
    lines = [
        "# Written by kg/neo4j/local.py at each start; edits here are overwritten.",
        *(f"{key}={value}" for key, value in settings.items()),
        *(f"server.jvm.additional={flag}" for flag in JVM_FLAGS),
    ]
    _write_private(server.conf_file, "\n".join(lines) + "\n")
    return server.conf_file


# ---------------------------------------------------------------- password


def read_password(server: LocalServer) -> str:
    """The generated password of the local server's ``neo4j`` user, from its owner-only file."""
    try:
        return server.password_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise StoreError(f"{server.password_file}: no password file; run 'kg neo4j start' first") from None
    except OSError as e:
        raise StoreError(f"{server.password_file}: cannot read the password file: {e.strerror}") from None


def ensure_password(server: LocalServer) -> str:
    """Give ``neo4j`` a generated password before the first start.

    Neo4j takes an initial password only before it creates its system database.
    """
    if (server.data_dir / "databases" / "system").exists():
        if not server.password_file.is_file():
            raise StoreError(
                f"{server.home}: the server already has users but {server.password_file} is missing; "
                f"remove {server.data_dir} to start afresh"
            )
        return read_password(server)
    password = read_password(server) if server.password_file.is_file() else _new_password()
    _write_secret(server.password_file, password)
    # neo4j-admin (picocli) reads an argument starting with @ from that file: the password never shows in argv,
    # which every user of the machine can read in the process list
    done = admin(server, "dbms", "set-initial-password", f"@{server.password_file}")
    if done.returncode != 0:
        output = (done.stderr or "") + "\n" + (done.stdout or "")
        cause = javaprocess.last_error_line(output, _ERROR_MARK).replace(password, "***")
        raise StoreError(f"{server.home}: neo4j-admin dbms set-initial-password failed: {cause}")
    return password


def _new_password() -> str:
    """A random password that neo4j-admin's argument parser cannot take for an option (nor split: no spaces, quotes)."""
    while (password := secrets.token_urlsafe(24)).startswith("-"):
        pass
    return password


def _write_private(path: Path, text: str) -> None:
    """Replace a file with one created owner-only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(text)


def _write_secret(path: Path, text: str) -> None:
    """Write ``text`` to a file created owner-only (0600), so it is never readable by others, not even briefly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(text + "\n")


# ---------------------------------------------------------------- processes


def _java() -> str:
    """The java to run Neo4j 5.26 with (Java 17 or 21)."""
    return javaprocess.java("Neo4j", "17 or 21")


def _classpath(server: LocalServer) -> str:
    return os.pathsep.join(str(d / "*") for d in (server.plugins_dir, server.conf_dir, server.lib_dir))


def _env(server: LocalServer) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(server.conf_dir)}


def server_command(server: LocalServer, java: str) -> list[str]:
    """The java command line ``bin/neo4j console`` would run for this home."""
    return [
        java,
        "-cp",
        _classpath(server),
        *JVM_FLAGS,
        f"-Xms{HEAP}",
        f"-Xmx{HEAP}",
        "-Dfile.encoding=UTF-8",
        MAIN_CLASS,
        f"--home-dir={server.home}",
        f"--config-dir={server.conf_dir}",
        "--console-mode",
    ]


def shell(server: LocalServer, args: list[str], *, progress: Progress | None = None) -> int:
    """Run cypher-shell connected to this home's server as ``neo4j``, with the terminal's stdin and stdout.

    The password goes in NEO4J_PASSWORD, which cypher-shell reads: a process's environment is its owner's
    alone to read, where its command line is everyone's.
    """
    password = read_password(server)
    resolve_shell(server, progress=progress)
    command = [
        _java(),
        *ADMIN_FLAGS,
        "-cp",
        str(server.shell_lib_dir / "*"),
        SHELL_CLASS,
        "-a",
        server.uri,
        "-u",
        USER,
        "-d",
        DATABASE,
        *args,
    ]
    try:
        return subprocess.run(command, env={**os.environ, "NEO4J_PASSWORD": password}).returncode
    except OSError as e:
        raise StoreError(f"cannot run cypher-shell from {server.shell_lib_dir}: {e.strerror}") from e


def admin(server: LocalServer, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``neo4j-admin ARGS`` (org.neo4j.cli.AdminTool) on this home, e.g. ``database import full``."""
    resolve_jars(server)
    if not server.conf_file.is_file():
        write_config(server)
    command = [_java(), *ADMIN_FLAGS, "-cp", _classpath(server), ADMIN_CLASS, *args]
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=server.home,
            env=_env(server),
            stdin=subprocess.DEVNULL,
            umask=0o077,
        )
    except OSError as e:
        raise StoreError(f"cannot run neo4j-admin in {server.home}: {e.strerror}") from e


def _launch(server: LocalServer) -> int:
    """Start the server detached from this process, its output in log_file; returns its pid."""
    server.logs_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if server.log_file.exists():
        server.log_file.replace(server.log_file.with_name(server.log_file.name + ".1"))
    command = server_command(server, _java())
    with os.fdopen(os.open(server.log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as log:
        try:
            # umask: the databases, transaction logs and logs Neo4j writes are its owner's alone
            child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=server.home,
                env=_env(server),
                start_new_session=True,
                umask=0o077,
            )
        except OSError as e:
            raise StoreError(f"cannot start Neo4j in {server.home}: {e.strerror}") from e
    javaprocess.launched[child.pid] = child
    server.pid_file.write_text(f"{child.pid}\n", encoding="utf-8")
    return child.pid


def running_pid(server: LocalServer) -> int | None:
    """The pid of this home's running server, or None (a stale pid file is removed)."""
    return javaprocess.pid_in(
        server.pid_file, lambda pid: javaprocess.runs(pid, MAIN_CLASS, f"--home-dir={server.home}")
    )


# ---------------------------------------------------------------- start, stop, status


def start(server: LocalServer, *, timeout: float = 180, progress: Progress | None = None) -> str:
    """Start the server unless it already runs, and return its Bolt URI once Bolt answers ``RETURN 1``."""
    pid = running_pid(server)
    if pid is not None:
        _wait_for_bolt(server, pid, timeout, launched=False)
        return server.uri
    _check_ports_free(server)
    resolve_jars(server, progress=progress)
    write_config(server)
    ensure_password(server)
    if progress:
        progress(f"starting Neo4j {neo4j_version()} in {server.home} (log: {server.log_file}) ...")
    _wait_for_bolt(server, _launch(server), timeout, launched=True)
    return server.uri


def _check_ports_free(server: LocalServer) -> None:
    """Fail before launching when something else already listens on the Bolt or HTTP port."""
    for name, port, env in (
        ("Bolt", server.bolt_port, "KG_NEO4J_BOLT_PORT"),
        ("HTTP", server.http_port, "KG_NEO4J_HTTP_PORT"),
    ):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise StoreError(
                    f"cannot start Neo4j in {server.home}: {name} port 127.0.0.1:{port} is already in use "
                    f"by another process; stop it or set {env}"
                )


def _wait_for_bolt(server: LocalServer, pid: int, timeout: float, *, launched: bool) -> None:
    """Poll Bolt until it answers; a dead process or the timeout becomes a StoreError quoting the log."""
    password = read_password(server)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not javaprocess.alive(pid):
            javaprocess.launched.pop(pid, None)
            server.pid_file.unlink(missing_ok=True)
            cause = javaprocess.log_cause(server.log_file, _ERROR_MARK)
            raise StoreError(f"Neo4j in {server.home} exited while starting; see {server.log_file}: {cause}")
        if _bolt_answers(server, password):
            return
        time.sleep(0.5)
    cause = javaprocess.log_cause(server.log_file, _ERROR_MARK)
    if launched:
        javaprocess.terminate(pid, 30)
        server.pid_file.unlink(missing_ok=True)
    raise StoreError(
        f"Neo4j in {server.home} did not answer on {server.uri} within {timeout:g} s; see {server.log_file}: {cause}"
    )


def _bolt_answers(server: LocalServer, password: str) -> bool:
    """Whether the server runs ``RETURN 1``; a refused password is an error at once, not a reason to wait."""
    try:
        with neo4j.GraphDatabase.driver(server.uri, auth=(USER, password), connection_timeout=2.0) as driver:
            _return_one(driver, DATABASE)
        return True
    except AuthError:
        raise StoreError(f"Neo4j at {server.uri} refused the password in {server.password_file}") from None
    except (DriverError, Neo4jError, OSError):
        return False


def stop(server: LocalServer, *, timeout: float = 60) -> str:
    """Stop exactly the process in pid_file (SIGTERM, SIGKILL after ``timeout``); says what it did."""
    pid = running_pid(server)
    if pid is None:
        return f"Neo4j in {server.home} is not running"
    javaprocess.terminate(pid, timeout)
    if javaprocess.alive(pid):
        raise StoreError(f"Neo4j in {server.home} (pid {pid}) did not stop, even after SIGKILL")
    server.pid_file.unlink(missing_ok=True)
    return f"stopped Neo4j in {server.home} (pid {pid})"


def status(server: LocalServer) -> dict[str, Any]:
    """Whether this home's server runs, and where to find it."""
    pid = running_pid(server)
    return {
        "running": pid is not None,
        "pid": pid,
        **connection_info(server),
        "home": str(server.home),
        "version": neo4j_version(),
        "log_file": str(server.log_file),
    }


def connection_info(server: LocalServer) -> dict[str, str]:
    """How a person reaches the server: Bolt URI, user, the file holding the password (never the password), Browser."""
    return {"uri": server.uri, "user": USER, "password_file": str(server.password_file), "browser": server.browser_url}


# ---------------------------------------------------------------- connections


def connection_settings(
    uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None
) -> Neo4jSettings:
    """Flags, else NEO4J_URI/USERNAME/PASSWORD/DATABASE, else the local server with its generated password."""
    env = os.environ.get
    uri = uri or env("NEO4J_URI")
    user = user or env("NEO4J_USERNAME") or USER
    password = password if password is not None else env("NEO4J_PASSWORD")
    database = database or env("NEO4J_DATABASE")
    local = default_server()
    if not uri or uri == local.uri:
        if password is None and local.password_file.is_file() and user == USER:
            password = read_password(local)
        return Neo4jSettings(local.uri, user, password, database or DATABASE)
    return Neo4jSettings(uri, user, password, database)


def connect(settings: Neo4jSettings) -> neo4j.Driver:
    """A driver known to work: every way the server can be wrong becomes one line naming the URI, never the password."""
    scheme = settings.uri.partition("://")[0].lower()
    if scheme not in BOLT_SCHEMES:
        raise StoreError(
            f"cannot use Neo4j URI {_safe_uri(settings.uri)}: not a Bolt URI; "
            f"use one of {', '.join(s + '://' for s in BOLT_SCHEMES)}"
        )
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth)
    except (ConfigurationError, ValueError) as e:
        raise StoreError(f"cannot use Neo4j URI {_safe_uri(settings.uri)}: {_scrub(e, settings)}") from None
    try:
        driver.verify_connectivity()
        _return_one(driver, settings.database)
    except (Neo4jError, DriverError, OSError) as e:
        driver.close()
        raise _connect_error(settings, e) from None
    return driver


def _return_one(driver: neo4j.Driver, database: str | None) -> None:
    """Run ``RETURN 1`` once, without the driver's retries, so a failure shows at once."""
    with driver.session(database=database) as session:
        session.run("RETURN 1").consume()


def _connect_error(settings: Neo4jSettings, e: Exception) -> StoreError:
    """The one-line StoreError for a failed connection."""
    where = f"Neo4j at {_safe_uri(settings.uri)}"
    if isinstance(e, ServiceUnavailable):
        text = _scrub(e, settings)
        reason = re.search(r"\(reason (?:\[Errno \d+\] )?(.+?)\)+$", text)
        return StoreError(f"cannot reach {where}: {reason.group(1) if reason else text}")
    if isinstance(e, AuthError):
        hint = " (no password given: set NEO4J_PASSWORD)" if settings.password is None else ""
        return StoreError(f"{where} refused the credentials for user {settings.user}{hint}")
    if isinstance(e, ClientError) and e.code == "Neo.ClientError.Database.DatabaseNotFound":
        return StoreError(f"{where} has no database '{settings.database}'")
    return StoreError(f"{where}: {_scrub(e, settings)}")


def _scrub(e: BaseException, settings: Neo4jSettings) -> str:
    """The error's message on one line, with the password masked should a server or driver ever echo it."""
    text = _one_line(getattr(e, "message", None) or str(e) or type(e).__name__)
    return text.replace(settings.password, "***") if settings.password else text


def _safe_uri(uri: str) -> str:
    """The URI with any password written into it masked."""
    return re.sub(r"(//[^/@:]*):[^/@]*@", r"\1:***@", uri)


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
