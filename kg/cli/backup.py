"""``kg backup`` and ``kg restore`` for the embedded store."""

from __future__ import annotations

from pathlib import Path

import click

from kg import datafolder
from kg.cli.options import require, store_options


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@store_options(only="embedded")
def backup_cmd(target, open_store):
    """Write a consistent snapshot of the embedded store to a .tar.gz file.

    The file is owner-only (0600) and begins with a manifest of every file's
    size and SHA-256, which kg restore checks.  Temporary files are written
    beside TARGET as .kg-backup-PID-*; those of a killed backup are removed
    by the next one.

    \b
    Example:
        kg backup kg-2026-11-29.tar.gz
    """
    from kg.backup import backup

    with open_store() as store:
        require(store.name == "embedded", "kg backup is for the embedded store; see docs/neo4j.md for Neo4j")
        backup(store, target)
    click.echo(f"wrote {target}")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_DATA",
    help="Data folder to restore into " + datafolder.HELP.removeprefix("Data folder of the embedded store "),
)
def restore_cmd(source, data):
    """Replace the embedded store's data folder with a snapshot from kg backup.

    Every file is checked against the backup's manifest (size and SHA-256) and
    the store is opened before anything is replaced; a bad backup changes
    nothing.  Other kg commands wait while a restore runs.

    \b
    Example:
        kg restore kg-2026-11-29.tar.gz
    """
    from kg.backup import restore
    from kg.stores.oxigraph import default_data_dir

    data_dir = data or default_data_dir()
    restore(source, data_dir)
    click.echo(f"restored {data_dir} from {source}")
