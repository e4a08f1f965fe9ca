"""The projection cache in the data folder is plain data, checked before use, and rebuilt when a check fails."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import StoreError
from kg.pipeline import load
from kg.queries.expansion import expansion_paths, find_entity
from kg.queries.market import market_counts
from kg.resolve import name_key
from kg.stores import projection, projection_cache
from kg.stores.oxigraph import OxigraphStore
from kg.stores.projection import build_projection, project
from kg.stores.projection_cache import NAME, StoredGraph
from tests.conftest import EXAMPLES
from tests.kg.stores.test_projection_refresh import assert_fresh


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
    done = subprocess.run(
        ["kg", "paths", "Ecovacs", "Germany"],
        capture_output=True,
        text=True,
        env={**os.environ, "KG_DATA": str(loaded), "KG_STORE": "embedded"},
    )
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


def _rewrite_section(cache, name: str, change) -> None:
    """Replace one section of the body by ``change(its JSON value)``, with the offsets and checksum made valid:
    what only a crafted file carries."""
    header_line, body = cache.read_bytes().split(b"\n", 1)
    header = json.loads(header_line)
    parts = {n: body[at : at + size] for n, (at, size) in header["sections"].items()}
    if name == "edges":  # the first node with edges: its own list of rows
        nodes = json.loads(parts["nodes"])
        at, size = nodes["at"], nodes["size"]
        first = next(i for i, n in enumerate(size) if n)
        rows = json.loads(parts["edges"][at[first] : at[first] + size[first]])
        change(rows)
        chunk = json.dumps(rows).encode()
        parts["edges"] = parts["edges"][: at[first]] + chunk + parts["edges"][at[first] + size[first] :]
        shift = len(chunk) - size[first]
        nodes["at"] = [a + shift if a > at[first] else a for a in at]
        size[first] = len(chunk)
        parts["nodes"] = json.dumps(nodes).encode()
    elif name in ("names", "labels"):  # one [key, value] line per key
        value = dict(json.loads(line) for line in parts[name].splitlines())
        change(value)
        parts[name] = b"".join(json.dumps([k, v]).encode() + b"\n" for k, v in sorted(value.items()))
    else:
        value = json.loads(parts[name])
        change(value)
        parts[name] = json.dumps(value).encode()
    offset, body = 0, b""
    for n in projection_cache.SECTIONS:
        header["sections"][n] = [offset, len(parts[n])]
        offset += len(parts[n])
        body += parts[n]
    header.update(size=len(body), sha256=hashlib.sha256(body).hexdigest())
    cache.write_bytes(json.dumps(header).encode() + b"\n" + body)


@pytest.mark.parametrize(
    "damage",
    [
        "edited body",
        "truncated",
        "other key",
        "other version",
        "not json",
        "wrong shape",
        "a node row of the wrong shape",
        "sections past the end",
    ],
)
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
            version = f'"version": {projection_cache.VERSION}'.encode()
            assert version in header
            cache.write_bytes(header.replace(version, b'"version": 99') + b"\n" + body)
        elif damage == "not json":
            _rewrite_with_valid_checksum(cache, b"\x80\x04K\x01.")
        elif damage == "wrong shape":
            _rewrite_with_valid_checksum(cache, b'{"nodes": []}')
        elif damage == "a node row of the wrong shape":
            _rewrite_section(cache, "nodes", lambda nodes: nodes["name"].__setitem__(0, 7))
        else:
            header_data = json.loads(header)
            header_data["sections"]["edges"][1] += 10
            cache.write_bytes(json.dumps(header_data).encode() + b"\n" + body)
        rebuilt = project(store)
    assert _edges(rebuilt) == _edges(truth)
    assert "Evil Germany!!" not in {d["name"] for _, d in rebuilt.nodes(data=True)}
    key = json.loads(header)["key"]
    assert json.loads(cache.read_bytes().split(b"\n", 1)[0])["key"] == key  # written afresh
    assert _edges(projection_cache.read(loaded, key)) == _edges(truth)


@pytest.mark.parametrize("damage", ["unknown node", "text where a number goes", "a hop's support as text"])
def test_a_crafted_part_a_query_reads_later_stops_it_in_one_line_and_a_load_rebuilds(loaded, damage):
    """A query decodes the name index and each node's edges when it first needs them, checking their shape
    then: a file crafted with a valid checksum and a bad part stops the query with a StoreError naming the
    file (never a wrong answer), and a load, which reads the whole file, rebuilds it."""
    with OxigraphStore(loaded) as store:
        build_projection(store)
        key = projection.state_key(store)
        project(store)
    cache = loaded / NAME
    if damage == "unknown node":
        _rewrite_section(cache, "names", lambda names: names[name_key("Ecovacs")].append(10**6))
    elif damage == "text where a number goes":
        _rewrite_section(cache, "edges", lambda rows: rows[0].__setitem__(-2, "1"))
    else:
        _rewrite_section(cache, "hops", lambda hops: hops["expandsInto"][0].__setitem__(-1, "1"))
    with OxigraphStore(loaded) as store:
        graph = project(store)
        with pytest.raises(StoreError, match=r"projection file .* is damaged"):
            if damage == "unknown node":
                find_entity(graph, "Ecovacs")
            elif damage == "text where a number goes":
                _edges(graph)
            else:
                market_counts(graph, "Germany")
    assert projection_cache.read(loaded, key, lazy=False) is None
    with OxigraphStore(loaded) as store:
        load(store, [EXAMPLES / "documents" / "ai-going-global.txt"])
        assert_fresh(store)
    with OxigraphStore(loaded) as store:
        again = project(store)
        assert _edges(again) == _edges(build_projection(store))


def test_a_query_decodes_only_the_edges_it_walks(loaded):
    with OxigraphStore(loaded) as store:
        truth = build_projection(store)
        written = project(store)
        graph = projection_cache.read(loaded, projection.state_key(store))
    assert isinstance(graph, StoredGraph)
    assert expansion_paths(graph, "Ecovacs", "Germany")
    decoded = len(dict.keys(graph._succ))
    assert 0 < decoded < graph.number_of_nodes() // 2
    assert graph.graph["links"] is not None
    # everything that needs every edge decodes the rest first, and finds the same graph as a scan
    assert _edges(graph) == _edges(truth)
    assert {v: list(us) for v, us in graph.pred.items()} == {v: list(us) for v, us in written.pred.items()}
    assert list(graph.nodes(data=True)) == list(written.nodes(data=True))
    assert list(graph.edges(keys=True, data=True)) == list(written.edges(keys=True, data=True))


def test_a_graph_the_format_cannot_hold_leaves_the_cache_as_it_was(loaded):
    """The body is written as it is encoded: a value found mid-way that JSON text cannot carry stops the
    write, and neither a half-written file nor a changed cache is left behind."""
    with OxigraphStore(loaded) as store:
        graph = build_projection(store)
        key = projection.state_key(store)
        project(store)
    before = (loaded / NAME).read_bytes()
    last = list(graph.nodes)[-1]
    fields = dict.fromkeys(projection_cache.TEXT_FIELDS) | {"relation": "hasBrand", "support": 1, "confidence": 1.0}
    graph.add_edge(last, last, key="urn:fact", **fields | {"date": 2024})  # a number where text goes
    projection_cache.write(loaded, "another key", graph)
    assert (loaded / NAME).read_bytes() == before
    assert not (loaded / (NAME + ".partial")).exists()
    assert projection_cache.read(loaded, key) is not None


@given(st.dictionaries(st.text(), st.integers(), max_size=40), st.text())
def test_keyed_lines_find_every_key_by_binary_search_and_no_other(index, other):
    """The name and label indexes are searched in place: every key is found with its value, whatever its
    characters (quotes, backslashes, newlines, any code point), and a key not in the index is not."""
    data = b"prefix" + projection_cache._keyed_lines(index) + b"suffix"
    lines = projection_cache.KeyedLines(data, 6, len(data) - 12, lambda value: value)
    assert {key: lines[key] for key in index} == index
    assert lines.get(other) == index.get(other)
    assert len(lines) == len(index) and lines.decoded() == index


def test_keyed_lines_out_of_order_are_refused_when_decoded_whole():
    data = b'["b",1]\n["a",2]\n'
    with pytest.raises(ValueError, match="not sorted"):
        projection_cache.KeyedLines(data, 0, len(data), lambda value: value).decoded()
