"""Backups of the embedded store: one file holding a consistent snapshot.

Oxigraph's own backup writes a consistent copy of the store (a RocksDB
checkpoint) while the store stays open; the copy is packed into one
``.tar.gz`` file.  Restoring unpacks into a fresh folder beside the data
folder and swaps it in, so a failed restore leaves the current data as it was.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path

from kg.errors import KGError, StoreError

MARKER = "kg-backup.txt"


def backup(store, target: Path) -> Path:
    """Write a snapshot of ``store`` to ``target`` (a .tar.gz file)."""
    if target.exists():
        raise KGError(f"{target} already exists; choose a new file name")
    with tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as tmp:
        snapshot = Path(tmp) / "store"
        try:
            store.ox.backup(str(snapshot))
        except OSError as e:
            raise StoreError(f"backup of {store.path} failed: {e}") from None
        (snapshot / MARKER).write_text("expansion-kg embedded store snapshot\n", encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(snapshot, arcname="store")
        partial.replace(target)
    return target


def restore(source: Path, data_dir: Path) -> Path:
    """Replace the data folder with the snapshot in ``source``; the old folder goes only once the new one is in place."""
    if not source.is_file():
        raise KGError(f"{source}: no such backup file")
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir.parent))
    try:
        _unpack(source, staging)
        old = data_dir.with_name(data_dir.name + ".before-restore")
        shutil.rmtree(old, ignore_errors=True)
        if data_dir.exists():
            data_dir.rename(old)
        (staging / "store").rename(data_dir)
        (data_dir / MARKER).unlink(missing_ok=True)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return data_dir


def _unpack(source: Path, staging: Path) -> None:
    try:
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(staging, filter="data")
    except (tarfile.TarError, OSError, EOFError) as e:
        raise KGError(f"{source}: not a kg backup ({e})") from None
    if not (staging / "store" / MARKER).exists():
        raise KGError(f"{source}: not a kg backup (no {MARKER} inside)")
