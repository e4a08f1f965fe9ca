"""``kg backup`` and ``kg restore`` for the embedded store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import require, store_options


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@store_options
def backup_cmd(target, open_store):
    """Write a consistent snapshot of the embedded store to a .tar.gz file.

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
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), envvar="KG_DATA",
              help="Data folder to restore into (default: KG_DATA, else ./kg-data).")
def restore_cmd(source, data):
    """Replace the embedded store's data folder with a snapshot from kg backup.

    \b
    Example:
        kg restore kg-2026-11-29.tar.gz
    """
    from kg.backup import restore
    from kg.stores.oxigraph import OxigraphStore, default_data_dir

    data_dir = data or default_data_dir()
    if data_dir.exists():
        OxigraphStore(data_dir, lock_timeout=0).close()  # refuses while another process has it open
    restore(source, data_dir)
    click.echo(f"restored {data_dir} from {source}")
