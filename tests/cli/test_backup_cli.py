"""``kg backup`` and ``kg restore``: a backup is checked against its manifest before anything is replaced.

Each hostile or damaged archive is built from a real backup of a real store, and
``kg`` runs as a real process, so the exit code and stderr are what a user sees.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def kg(*args: str, data: Path, check: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_DATA": str(data), "KG_STORE": "embedded", "KG_LOCK_TIMEOUT": "5"}
    return subprocess.run(["kg", *args], capture_output=True, text=True, env=env, check=check)


def stats(data: Path) -> dict:
    return json.loads(kg("stats", "--format", "json", data=data, check=True).stdout)


def one_line_error(done: subprocess.CompletedProcess, code: int, *phrases: str) -> None:
    assert done.returncode == code, done.stderr
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    for phrase in phrases:
        assert phrase in done.stderr, done.stderr


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A store holding the example fact sheets, a backup of it, and the members of that backup."""
    folder = tmp_path_factory.mktemp("snapshot")
    data = folder / "kg-data"
    kg("load", str(EXAMPLES / "factsheets"), data=data, check=True)
    kg("backup", str(folder / "good.tar.gz"), data=data, check=True)
    with tarfile.open(folder / "good.tar.gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isreg()}
    return {"data": data, "backup": folder / "good.tar.gz", "members": members, "stats": stats(data)}


@pytest.fixture
def store(snapshot, tmp_path):
    """A data folder holding one source only, so a restore (or a failed one) shows in its stats."""
    data = tmp_path / "kg-data"
    kg("load", str(EXAMPLES / "factsheets" / "ecovacs.jsonl"), data=data, check=True)
    return data


def manifest_for(files: dict[str, bytes]) -> bytes:
    entries = {
        name: {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
        for name, body in files.items()
        if name.startswith("store/")
    }
    return json.dumps({"format": "kg-backup", "version": 1, "files": entries}).encode()


def craft(path: Path, members: list[tuple[tarfile.TarInfo | str, bytes]]) -> Path:
    """A .tar.gz of exactly these members, in this order (a name is a regular file)."""
    with tarfile.open(path, "w:gz") as tar:
        for member, body in members:
            info = tarfile.TarInfo(member) if isinstance(member, str) else member
            if info.isreg():
                info.size = len(body)
            tar.addfile(info, io.BytesIO(body) if info.isreg() else None)
    return path


def with_manifest(files: dict[str, bytes], manifest: bytes | None = None) -> list[tuple[str, bytes]]:
    return [("kg-backup.json", manifest if manifest is not None else manifest_for(files)), *files.items()]


def store_files(snapshot) -> dict[str, bytes]:
    return {k: v for k, v in snapshot["members"].items() if k.startswith("store/")}


def largest_table(files: dict[str, bytes]) -> str:
    return max((n for n in files if n.endswith(".sst")), key=lambda n: len(files[n]))


def test_a_backup_carries_a_manifest_of_every_file_and_restores(snapshot, store, tmp_path):
    members = snapshot["members"]
    assert next(iter(members)) == "kg-backup.json"
    manifest = json.loads(members["kg-backup.json"])
    assert set(manifest["files"]) == set(members) - {"kg-backup.json"}
    for name, entry in manifest["files"].items():
        assert entry == {"size": len(members[name]), "sha256": hashlib.sha256(members[name]).hexdigest()}
    done = kg("restore", str(snapshot["backup"]), data=store)
    assert done.returncode == 0, done.stderr
    assert stats(store) == snapshot["stats"]


def test_an_archive_holding_only_the_old_marker_is_refused(store, tmp_path):
    before = stats(store)
    bad = craft(tmp_path / "marker.tar.gz", [("store/kg-backup.txt", b"expansion-kg embedded store snapshot\n")])
    one_line_error(kg("restore", str(bad), data=store), 1, str(bad), "not a kg backup")
    assert stats(store) == before


def test_a_backup_without_current_is_refused(snapshot, store, tmp_path):
    before = stats(store)
    files = store_files(snapshot)
    del files["store/CURRENT"]
    bad = craft(tmp_path / "no-current.tar.gz", with_manifest(files))
    one_line_error(kg("restore", str(bad), data=store), 1, str(bad), "lists no store/CURRENT")
    assert stats(store) == before


def test_flipped_bytes_in_a_table_file_are_caught_by_the_checksum(snapshot, store, tmp_path):
    before = stats(store)
    files = store_files(snapshot)
    table = largest_table(files)
    manifest = manifest_for(files)
    body = bytearray(files[table])
    for i in range(200):
        body[len(body) // 3 + i] ^= 0xFF
    files[table] = bytes(body)
    bad = craft(tmp_path / "flipped.tar.gz", with_manifest(files, manifest))
    one_line_error(kg("restore", str(bad), data=store), 1, str(bad), f"checksum of {table} does not match")
    assert stats(store) == before
    assert not list(store.parent.glob(".kg-data.kg-restore-*"))


def test_a_listed_file_missing_from_the_archive_is_refused(snapshot, store, tmp_path):
    files = store_files(snapshot)
    manifest = manifest_for(files)
    del files[largest_table(files)]
    bad = craft(tmp_path / "short.tar.gz", with_manifest(files, manifest))
    one_line_error(kg("restore", str(bad), data=store), 1, "in the manifest but not in the archive")


def _link(name: str, kind: bytes, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


@pytest.mark.parametrize(
    "member, body, phrase",
    [
        ("/tmp/kg-absolute", b"x", "is not listed"),
        ("store/../../escaped", b"x", "is not listed"),
        ("store/000001.sst/../../x", b"x", "is not listed"),
        ("other/000009.sst", b"x", "is not listed"),
        ("README", b"x", "is not listed"),
        (_link("store/000099.sst", tarfile.SYMTYPE, "/etc/passwd"), b"", "not a regular file"),
        (_link("store/000099.sst", tarfile.LNKTYPE, "store/CURRENT"), b"", "not a regular file"),
        (_link("store/000099.sst", tarfile.CHRTYPE), b"", "not a regular file"),
        (_link("store/000099.sst", tarfile.FIFOTYPE), b"", "not a regular file"),
        (_link("store/sub", tarfile.DIRTYPE), b"", "not a regular file"),
    ],
)
def test_members_outside_the_layout_are_refused(snapshot, store, tmp_path, member, body, phrase):
    before = stats(store)
    bad = craft(tmp_path / "odd.tar.gz", [*with_manifest(store_files(snapshot)), (member, body)])
    one_line_error(kg("restore", str(bad), data=store), 1, str(bad), "refused", phrase)
    assert stats(store) == before
    assert not Path("/tmp/kg-absolute").exists() and not (tmp_path / "escaped").exists()


class _Payload:
    """A pickle that runs a shell command when loaded."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_backup_smuggling_a_pickled_cache_runs_nothing(snapshot, store, tmp_path):
    """A crafted backup with a projection.pickle under store/ (and the old marker, so older kg took it)."""
    marker = tmp_path / "code-ran"
    files = {**store_files(snapshot), "store/projection.pickle": pickle.dumps(_Payload(marker))}
    bad = craft(
        tmp_path / "smuggled.tar.gz",
        [*with_manifest(files), ("store/kg-backup.txt", b"expansion-kg embedded store snapshot\n")],
    )
    one_line_error(kg("restore", str(bad), data=store), 1, "refused", "projection.pickle")
    kg("paths", "Ecovacs", data=store)
    assert not marker.exists()
    assert not (store / "projection.pickle").exists()


def test_a_store_that_fails_to_open_is_one_line(store):
    (store / "CURRENT").unlink()
    one_line_error(kg("stats", data=store), 4, str(store), "damaged", "kg restore")


def test_files_are_private(snapshot, store, tmp_path):
    """Data folder and its files owner-only whatever the umask; backups too; an old 0755 folder is tightened."""

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    store.chmod(0o755)
    for path in store.iterdir():
        path.chmod(0o644)
    kg("load", str(EXAMPLES / "factsheets" / "bytedance.csv"), data=store, check=True)
    assert mode(store) == 0o700
    assert {mode(p) for p in store.iterdir()} == {0o600}
    target = tmp_path / "mine.tar.gz"
    kg("backup", str(target), data=store, check=True)
    assert mode(target) == 0o600
    fresh = tmp_path / "restored" / "kg-data"
    assert kg("restore", str(target), data=fresh).returncode == 0
    assert mode(fresh) == 0o700 and {mode(p) for p in fresh.iterdir()} == {0o600}


def test_restore_refuses_to_replace_a_folder_that_is_not_a_data_folder(snapshot, tmp_path):
    home = tmp_path / "someone"
    home.mkdir()
    (home / "notes.txt").write_text("keep me")
    one_line_error(kg("restore", str(snapshot["backup"]), data=home), 1, "not a kg data folder")
    assert (home / "notes.txt").read_text() == "keep me"
