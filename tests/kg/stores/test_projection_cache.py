"""The projection cache in the data folder is plain data, checked before use, and rebuilt when a check fails."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess

import pytest

from kg.pipeline import load
from kg.stores.oxigraph import OxigraphStore
from kg.stores.projection import build_projection, project
from kg.stores import projection_cache
from kg.stores.projection_cache import NAME
from tests.conftest import EXAMPLES


class _Payload:
    """A pickle that runs a shell command when loaded: what a crafted data folder or backup could carry."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _edges(graph):
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True))


@pytest.fixture
def loaded(data_dir):
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "factsheets"])
    return data_dir


def test_a_pickle_in_the_data_folder_is_never_loaded(loaded, tmp_path):
    marker = tmp_path / "code-ran"
    (loaded / "projection.pickle").write_bytes(pickle.dumps(_Payload(marker)))
    done = subprocess.run(["kg", "paths", "Ecovacs", "Germany"], capture_output=True, text=True,
                          env={**os.environ, "KG_DATA": str(loaded), "KG_STORE": "embedded"})
    assert done.returncode == 0, done.stderr
    assert "Ecovacs Germany" in done.stdout
    assert not marker.exists()
    assert not (loaded / "projection.pickle").exists()


def test_the_cache_is_reused_while_the_store_is_unchanged(loaded):
    with OxigraphStore(loaded) as store:
        first = project(store)
        cache = loaded / NAME
        stamp = cache.stat().st_mtime_ns
        again = project(store)
    assert cache.stat().st_mtime_ns == stamp  # read, not rewritten
    assert _edges(again) == _edges(first)
    assert list(again.nodes(data=True)) == list(first.nodes(data=True))
    assert cache.stat().st_mode & 0o777 == 0o600


def _tamper_body(cache, old: bytes, new: bytes) -> None:
    header, body = cache.read_bytes().split(b"\n", 1)
    assert old in body
    cache.write_bytes(header + b"\n" + body.replace(old, new))


def _rewrite_with_valid_checksum(cache, body: bytes) -> None:
    header = json.loads(cache.read_bytes().split(b"\n", 1)[0])
    header.update(size=len(body), sha256=hashlib.sha256(body).hexdigest())
    cache.write_bytes(json.dumps(header).encode() + b"\n" + body)


@pytest.mark.parametrize("damage", ["edited body", "truncated", "other key", "other version", "not json",
                                    "wrong shape", "unknown node", "text where a number goes"])
def test_a_cache_that_fails_a_check_is_rebuilt_not_trusted(loaded, damage):
    with OxigraphStore(loaded) as store:
        truth = build_projection(store)
        project(store)
        cache = loaded / NAME
        header, body = cache.read_bytes().split(b"\n", 1)
        if damage == "edited body":
            _tamper_body(cache, b'"Ecovacs Germany"', b'"Evil Germany!!"')
        elif damage == "truncated":
            cache.write_bytes(header + b"\n" + body[: len(body) // 2])
        elif damage == "other key":
            cache.write_bytes(header.replace(b'"key": "', b'"key": "0') + b"\n" + body)
        elif damage == "other version":
            cache.write_bytes(header.replace(b'"version": 1', b'"version": 99') + b"\n" + body)
        elif damage == "not json":
            _rewrite_with_valid_checksum(cache, b"\x80\x04K\x01.")
        elif damage == "wrong shape":
            _rewrite_with_valid_checksum(cache, b'{"nodes": []}')
        elif damage == "unknown node":
            strings, nodes, edges, preds, *rest = json.loads(body)
            _rewrite_with_valid_checksum(cache, json.dumps([strings, nodes[1:], edges, preds, *rest]).encode())
        else:
            strings, nodes, edges, preds, *rest = json.loads(body)
            edges[0][-2] = "1"
            _rewrite_with_valid_checksum(cache, json.dumps([strings, nodes, edges, preds, *rest]).encode())
        rebuilt = project(store)
    assert _edges(rebuilt) == _edges(truth)
    assert "Evil Germany!!" not in {d["name"] for _, d in rebuilt.nodes(data=True)}
    key = json.loads(header)["key"]
    assert json.loads(cache.read_bytes().split(b"\n", 1)[0])["key"] == key  # written afresh
    assert _edges(projection_cache.read(loaded, key)) == _edges(truth)
