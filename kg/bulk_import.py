"""Files into the local Neo4j server's empty database by ``neo4j-admin database import``: the fastest way in.

The files load first into an embedded store in a temporary folder (the same resolution, checks and bounded
memory as any ``kg load``: a job's part files resolve to one graph), which writes the importer's CSV files
(``kg export --format neo4j-csv``).  Then the server stops, ``neo4j-admin database import full`` writes the
database from them, the server starts again and runs the statements the export left for after the import
(its constraints and indexes).  The importer replaces a database whole, so only an empty one is imported
into; a database that holds anything is refused in one line before anything stops (``kg load --store neo4j``
adds to it, one transaction per source).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError, StoreError
from kg.neo4j import local


@dataclass(frozen=True)
class ImportReport:
    """What went into the database: the sources read and the embedded store's counts of them."""

    sources: int
    stats: dict[str, int]


def import_files(
    server: local.LocalServer, paths: Iterable[Path], *, say: Callable[[str], None] = lambda _: None
) -> ImportReport:
    """Load ``paths`` into the empty database of the running local ``server`` through the bulk importer."""
    from kg.exports import export
    from kg.exports.neo4j_csv import import_arguments
    from kg.pipeline import load
    from kg.stores.oxigraph import OxigraphStore

    settings = _settings(server)
    _check_empty(settings, server)
    with tempfile.TemporaryDirectory(prefix="kg-import-") as folder:
        staged = OxigraphStore(Path(folder) / "kg")
        try:
            say("reading the files into a staging store")
            report = load(staged, list(paths))
            if report.failed:
                raise KGError(f"nothing imported: {report.failed[0].error}")
            export(staged, "neo4j-csv", Path(folder) / "import")
            imported = ImportReport(len(staged.sources()), staged.stats())
        finally:
            staged.close()
        say(f"stopping Neo4j in {server.home} for the import")
        local.stop(server)
        try:
            done = local.admin(
                server, "database", "import", "full", settings.database or local.DATABASE,
                "--overwrite-destination=true", *import_arguments(Path(folder) / "import"),
            )  # fmt: skip
        finally:
            say("starting Neo4j again")
            local.start(server)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
            raise StoreError(f"neo4j-admin database import failed: {lines[-1]}")
        _after_import(settings, (Path(folder) / "import" / "after-import.cypher").read_text(encoding="utf-8"))
    return imported


def _settings(server: local.LocalServer) -> local.Neo4jSettings:
    if local.running_pid(server) is None:
        raise KGError(f"the local Neo4j in {server.home} is not running; start it (kg neo4j start) and import again")
    return local.Neo4jSettings(server.uri, local.USER, local.read_password(server), local.DATABASE)


def _check_empty(settings: local.Neo4jSettings, server: local.LocalServer) -> None:
    from kg.stores.neo4j import Neo4jStore

    store = Neo4jStore(settings)
    try:
        if store.cypher("MATCH (n) RETURN 1 AS found LIMIT 1"):
            raise KGError(
                f"the database of the local Neo4j in {server.home} is not empty: the importer replaces a database "
                "whole, so it writes only an empty one; add to this one with kg load --store neo4j"
            )
    finally:
        store.close()


def _after_import(settings: local.Neo4jSettings, script: str) -> None:
    """Run the statements the export left for after the import, each in auto-commit mode (as cypher-shell)."""
    from kg.exports.cypher_script import statements

    driver = local.connect(settings)
    try:
        with driver.session(database=settings.database) as session:
            for statement in statements(script):
                session.run(statement).consume()
    finally:
        driver.close()
