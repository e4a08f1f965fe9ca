"""Backups of the embedded store: one file holding a consistent snapshot, checked before it is restored.

Oxigraph's own backup writes a consistent copy of the store (a RocksDB
checkpoint) while the store stays open; the copy is packed into one
``.tar.gz`` whose first member, ``kg-backup.json``, lists every file of the
store with its size and SHA-256.

A backup may come from anywhere, so restoring trusts nothing in it: the
archive must hold the manifest and then only regular files named as RocksDB
names them, under ``store/``, each matching its size and checksum.  Everything
is unpacked and opened in a staging folder beside the data folder first; only
then is the staging folder exchanged with the data folder in one rename, while
the data folder's lock keeps every other kg process out.  A bad archive leaves
the current store untouched; a restore killed at any point leaves either the
old store or the new one, whole.

Temporary files carry this process's id in their names (``.kg-backup-PID-*``
beside the backup, ``.DATA.kg-restore-PID-*`` beside the data folder), so a
later run removes those a killed run left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import hashlib
import json
import os
import re
import shutil
import signal
import tarfile
import tempfile
import threading
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import KGError, StoreError
from kg.stores.oxigraph import hold_lock

MANIFEST = "kg-backup.json"
FORMAT = "kg-backup"
VERSION = 1
STORE = "store"
#: The files a RocksDB checkpoint holds; nothing else is unpacked from a backup.
STORE_FILE = re.compile(r"(CURRENT|IDENTITY|MANIFEST-\d{1,20}|OPTIONS-\d{1,20}|\d{1,20}\.(sst|log|blob))\Z")
MANIFEST_LIMIT = 16 << 20
CHUNK = 1 << 20


# ---------------------------------------------------------------- backup


def backup(store, target: Path) -> Path:
    """Write a snapshot of ``store`` to ``target`` (a .tar.gz file, owner-only)."""
    target = target.absolute()
    if target.exists():
        raise KGError(f"{target} already exists; choose a new file name")
    folder = target.parent
    if not folder.is_dir():
        raise KGError(f"{target}: the folder {folder} does not exist")
    _remove_stale(folder, ".kg-backup-")
    prefix = f".kg-backup-{os.getpid()}-"
    partial = folder / f"{prefix}{target.name}.partial"
    with _cleanup_on_sigterm(), _private():
        try:
            staging = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
            snapshot = staging / STORE
            try:
                store.ox.backup(str(snapshot))
            except (OSError, RuntimeError) as e:
                raise StoreError(f"backup of {store.path} failed: {e}") from None
            _pack(snapshot, partial)
            _publish(partial, target)
            _fsync_dir(folder)
        finally:
            # by the prefix, not by name: a SIGTERM between mkdtemp making the folder and returning its name
            # would leave it unnamed here
            _remove(folder.glob(f"{prefix}*"))
    return target


def _pack(snapshot: Path, partial: Path) -> None:
    """The manifest first, then every file of the snapshot; written 0600 and synced before it is named."""
    files = sorted(p for p in snapshot.iterdir())
    entries: dict[str, dict[str, Any]] = {}
    for path in files:
        if not path.is_file() or path.is_symlink() or not STORE_FILE.match(path.name):
            raise StoreError(f"backup of the store found an unexpected file {path.name} in the snapshot")
        entries[f"{STORE}/{path.name}"] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    manifest = json.dumps({"format": FORMAT, "version": VERSION, "files": entries}, indent=1).encode()
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        with tarfile.open(fileobj=out, mode="w:gz") as tar:
            tar.addfile(_member(MANIFEST, len(manifest)), fileobj=_Bytes(manifest))
            for path in files:
                with path.open("rb") as f:
                    tar.addfile(_member(f"{STORE}/{path.name}", entries[f"{STORE}/{path.name}"]["size"]), f)
        out.flush()
        os.fsync(out.fileno())


def _publish(partial: Path, target: Path) -> None:
    """Give the finished file its name; unlike a rename, a link refuses to replace a file that appeared meanwhile."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise KGError(f"{target} already exists; choose a new file name") from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise KGError(f"{target} already exists; choose a new file name") from None
        os.replace(partial, target)


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.type = size, 0o600, tarfile.REGTYPE
    return info


class _Bytes:
    """The file-like read tarfile needs, over bytes in memory."""

    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.data) if n < 0 else self.at + n
        chunk, self.at = self.data[self.at : end], min(end, len(self.data))
        return chunk


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- restore


def restore(source: Path, data_dir: Path, *, lock_timeout: float | None = None) -> Path:
    """Replace the data folder with the snapshot in ``source``, once the snapshot is checked and opens.

    The data folder's lock is held from the first step to the last, so a
    ``kg load`` started meanwhile waits and then writes into the restored store.
    """
    if not source.is_file():
        raise KGError(f"{source}: no such backup file")
    data_dir = data_dir.absolute()
    _refuse_foreign_folder(data_dir)
    data_dir.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with hold_lock(data_dir, lock_timeout), _cleanup_on_sigterm(), _private():
        _remove_stale(data_dir.parent, f".{data_dir.name}.kg-restore-")
        staging = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.kg-restore-{os.getpid()}-", dir=data_dir.parent))
        try:
            incoming = staging / STORE
            unpack(source, incoming)
            _check_opens(source, incoming)
            # lock the new folder before it takes the data folder's name, so no one opens it before we let go
            with hold_lock(incoming, 0):
                _exchange(incoming, data_dir)
                _fsync_dir(data_dir.parent)
                shutil.rmtree(staging, ignore_errors=True)  # now the old store
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return data_dir


def _refuse_foreign_folder(data_dir: Path) -> None:
    """Refuse to replace a folder that is not a data folder (KG_DATA pointing at a home folder, say)."""
    if not data_dir.is_dir():
        if data_dir.exists():
            raise KGError(f"{data_dir} is a file, not a data folder")
        return
    names = {p.name for p in data_dir.iterdir()}
    if names and not names & {"CURRENT", "LOCK", "IDENTITY"}:
        raise KGError(f"{data_dir} is not a kg data folder (no CURRENT or LOCK file); not replacing it")


def unpack(source: Path, into: Path) -> None:
    """Unpack a backup into the new folder ``into``, refusing anything the manifest does not vouch for."""
    into.mkdir(mode=0o700)
    try:
        with tarfile.open(source, "r|gz") as tar:
            members = iter(tar)
            files = _read_manifest(source, tar, next(members, None))
            seen: set[str] = set()
            for member in members:
                _unpack_member(source, tar, member, files, seen, into)
    except (tarfile.TarError, EOFError, zlib.error) as e:
        raise KGError(f"{source}: not a kg backup, or damaged ({e})") from None
    except OSError as e:
        raise KGError(f"{source}: cannot unpack into {into}: {e}") from None
    missing = sorted(set(files) - seen)
    if missing:
        raise KGError(f"{source}: damaged backup: {missing[0]} is in the manifest but not in the archive")
    _fsync_dir(into)


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    """A regular file's content (the callers check ``member.isreg()``; tarfile gives None only for other kinds)."""
    data = tar.extractfile(member)
    assert data is not None, f"{member.name} is not a regular file"
    return data


def _read_manifest(source: Path, tar: tarfile.TarFile, member: tarfile.TarInfo | None) -> dict[str, dict]:
    if member is None or member.name != MANIFEST or not member.isreg() or member.size > MANIFEST_LIMIT:
        raise KGError(
            f"{source}: not a kg backup (it does not start with {MANIFEST}; "
            "an older backup without a manifest cannot be checked, so it is refused)"
        )
    try:
        manifest = json.loads(_extract(tar, member).read())
        files = manifest["files"]
        ok = (
            manifest.get("format") == FORMAT
            and manifest.get("version") == VERSION
            and isinstance(files, dict)
            and all(_valid_entry(entry) for entry in files.values())
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise KGError(f"{source}: not a kg backup ({MANIFEST} is not a version {VERSION} manifest)")
    for name in files:
        if not name.startswith(f"{STORE}/") or not STORE_FILE.match(name[len(STORE) + 1 :]):
            raise KGError(f"{source}: refused: the manifest lists {name!r}, which is not a file of a store")
    if f"{STORE}/CURRENT" not in files:
        raise KGError(f"{source}: damaged backup: the manifest lists no {STORE}/CURRENT file")
    return files


def _valid_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and type(entry.get("size")) is int
        and entry["size"] >= 0
        and isinstance(entry.get("sha256"), str)
        and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) is not None
    )


def _unpack_member(
    source: Path, tar: tarfile.TarFile, member: tarfile.TarInfo, files: dict[str, dict], seen: set[str], into: Path
) -> None:
    """Write one listed regular file into ``into``, checking its size and SHA-256 as it streams."""
    name = member.name
    if not member.isreg():
        raise KGError(f"{source}: refused: {name!r} is not a regular file (links, folders and devices are refused)")
    if name not in files:
        raise KGError(f"{source}: refused: {name!r} is not listed in {MANIFEST}")
    if name in seen:
        raise KGError(f"{source}: refused: {name!r} appears twice")
    seen.add(name)
    expected = files[name]
    if member.size != expected["size"]:
        raise KGError(f"{source}: damaged backup: {name} has {member.size} bytes, the manifest says {expected['size']}")
    digest = hashlib.sha256()
    fd = os.open(into / name[len(STORE) + 1 :], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, _extract(tar, member) as data:
        while chunk := data.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != expected["sha256"]:
        raise KGError(f"{source}: damaged backup: the checksum of {name} does not match the manifest")


def _check_opens(source: Path, folder: Path) -> None:
    """Open the unpacked store once: RocksDB checks its own manifest and files on open."""
    try:
        store = ox.Store(str(folder))
        next(iter(store.named_graphs()), None)
        store.flush()
    except (OSError, RuntimeError) as e:
        raise KGError(f"{source}: the store in this backup does not open ({e})") from None
    del store
    gc.collect()  # the store must be closed (its own lock released) before this process locks the folder


def _exchange(new: Path, current: Path) -> None:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so the data folder always exists whole.

    Elsewhere, or on a file system without it: two renames, the gap between
    them covered by the lock the caller holds.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(current), rename_exchange) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise StoreError(f"cannot swap the restored store into {current}: {os.strerror(ctypes.get_errno())}")
    aside = new.with_name(new.name + ".old")
    os.rename(current, aside)
    os.rename(new, current)
    os.rename(aside, new)


# ---------------------------------------------------------------- shared


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale(folder: Path, prefix: str) -> None:
    """Remove temporary files and folders named ``PREFIX<pid>-...`` whose process no longer runs."""
    _remove(
        item
        for item in folder.glob(f"{prefix}*")
        if (pid := item.name[len(prefix) :].split("-", 1)[0]).isdigit() and not _alive(int(pid))
    )


def _remove(items: Iterable[Path]) -> None:
    """Remove files and folders (a symlink as a file)."""
    for item in list(items):
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item, ignore_errors=True)
        else:
            item.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _private() -> Iterator[None]:
    """Everything created meanwhile (RocksDB's files included) is owner-only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


@contextlib.contextmanager
def _cleanup_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while temporary files exist, so ``finally`` blocks remove them.

    SIGKILL cannot be caught; what it leaves is removed by the next run.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
