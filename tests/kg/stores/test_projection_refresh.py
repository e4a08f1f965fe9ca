"""Loads and removals keep the stored projection equal to a fresh build, so no query after them builds it."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from kg.pipeline import load, remove
from kg.queries.entities import matching_entities
from kg.queries.expansion import name_index
from kg.queries.paths import find_market_entrants, find_paths, find_timeline
from kg.resolve import name_key
from kg.stores import projection, projection_cache
from kg.stores.oxigraph import OxigraphStore
from kg.stores.projection import build_projection, scan_projection, state_key
from tests.conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_jsonl


def _edges(graph):
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True))


def _nodes(graph):
    return sorted((n, d["type"], d["name"], tuple(d["aliases"]), d["iso"]) for n, d in graph.nodes(data=True))


def _names(graph):
    index = {}
    for node, data in graph.nodes(data=True):
        for label in (data["name"], *data["aliases"]):
            index.setdefault(name_key(label), set()).add(node)
    return index


def _labels(store):
    """Name key -> the IRIs under /id/ with that name or alias, as kg entities finds them without the index."""
    labels = {}
    for row in store.select(
        "SELECT DISTINCT ?e ?label WHERE { { ?e kgo:name ?label } UNION { ?e kgo:alias ?label } FILTER(isIRI(?e)) }"
    ):
        if "/id/" in row["e"]:
            labels.setdefault(name_key(row["label"]), set()).add(row["e"])
    return labels


def assert_fresh(store) -> None:
    """The projection the store holds, and the one in its data folder, are what a fresh build gives."""
    truth = build_projection(store)
    key, held = store.projection
    assert key == state_key(store)
    assert (_nodes(held), _edges(held)) == (_nodes(truth), _edges(truth))
    if held.graph.get("name_index_size") == held.number_of_nodes():
        assert name_index(held) == _names(truth)
    assert held.graph["labels"] == _labels(store)
    if "edge_at" in held.graph:  # the fact -> edge index the patches keep
        assert held.graph["edge_at"] == {k: (u, v) for u, v, k in held.edges(keys=True)}
    projection.save(store)
    stored = projection_cache.read(store.path, key)
    assert (_nodes(stored), _edges(stored)) == (_nodes(truth), _edges(truth))
    assert stored.graph["name_index"] == _names(truth)
    assert stored.graph["labels"] == _labels(store)


def test_the_scan_builds_what_the_sparql_build_does(data_dir, tmp_path):
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES, write_jsonl(tmp_path / "facts.jsonl", 2000, seed=5)])
        truth, scanned = build_projection(store), scan_projection(store)
    assert _nodes(scanned) == _nodes(truth)
    assert _edges(scanned) == _edges(truth)


def test_reading_fact_by_fact_builds_what_the_scan_does(data_dir, tmp_path):
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES, write_jsonl(tmp_path / "facts.jsonl", 2000, seed=5)])
        scanned, looked_up = scan_projection(store), scan_projection(store, by_lookup=True)
    assert (_nodes(looked_up), _edges(looked_up)) == (_nodes(scanned), _edges(scanned))
    assert looked_up.graph["labels"] == scanned.graph["labels"]


def test_a_first_load_spooled_to_disk_leaves_a_fresh_projection(data_dir, tmp_path, monkeypatch):
    from kg.rdf import QuadSpool

    monkeypatch.setattr(QuadSpool, "spill_at", 500)  # the source's quads go to disk; the projection is read by lookup
    monkeypatch.setattr(projection, "LOOKUP_FROM", 1000)
    with OxigraphStore(data_dir) as store:
        load(store, [write_jsonl(tmp_path / "facts.jsonl", 1500, seed=3)])
        assert_fresh(store)
        load(store, [EXAMPLES / "factsheets"])  # and a later source patches it as usual
        assert_fresh(store)


def test_a_big_store_without_its_projection_file_is_projected_by_lookups(data_dir, tmp_path, monkeypatch):
    """A query that finds no projection file (an older kg's folder) rebuilds it; for a store of many quads by
    lookups, in bounded memory, never by the scan that holds every quad."""
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "factsheets", write_jsonl(tmp_path / "facts.jsonl", 300, seed=4)])
        truth = scan_projection(store)
    (data_dir / projection_cache.NAME).unlink()
    monkeypatch.setattr(projection, "LOOKUP_FROM", 1000)

    def no_scan(*args, **kwargs):
        raise AssertionError("the whole store was scanned at once")

    monkeypatch.setattr(projection, "_Scan", no_scan)
    with OxigraphStore(data_dir) as store:
        rebuilt = projection.project(store)
    assert (_nodes(rebuilt), _edges(rebuilt)) == (_nodes(truth), _edges(truth))
    assert (data_dir / projection_cache.NAME).is_file()


def test_loading_and_removing_sources_keeps_the_projection_fresh(data_dir, tmp_path):
    sheets = sorted((EXAMPLES / "factsheets").iterdir())
    synthetic = write_jsonl(tmp_path / "facts.jsonl", 1500, seed=3)
    with OxigraphStore(data_dir) as store:
        for sheet in sheets:  # one source at a time: the first into an empty store, the rest on top
            load(store, [sheet])
            assert_fresh(store)
        load(store, [EXAMPLES / "documents", synthetic])
        assert_fresh(store)
        remove(store, sheets[0])  # facts other sources state stay, with one source fewer
        assert_fresh(store)
        remove(store, synthetic)
        assert_fresh(store)


def test_sources_naming_the_same_entities_patch_the_projection_fresh(data_dir, tmp_path):
    """As a job's part files do: every source names the same giants and countries, so most entities a
    source states are already nodes that read as before (kept with their edges), a few are new or gain an
    alias (recomputed with every fact touching them)."""
    first = write_jsonl(tmp_path / "part-0.jsonl", 2000, seed=11)
    parts = [write_jsonl(tmp_path / f"part-{seed}.jsonl", 250, seed=seed) for seed in (12, 13, 14)]
    with OxigraphStore(data_dir) as store:
        load(store, [first])
        for part in parts:
            load(store, [part])
            assert_fresh(store)
        remove(store, parts[1])
        assert_fresh(store)
        load(store, [EXAMPLES / "factsheets"])  # names some of them again, under other aliases
        assert_fresh(store)


def test_reloading_a_changed_source_updates_its_nodes_and_edges(data_dir, tmp_path):
    sheet = tmp_path / "sheet.jsonl"
    lines = [
        {"entity": "Mopwell", "type": "Brand", "aliases": ["Mopwell Clean"]},
        {"s": "Ecovacs", "p": "hasBrand", "o": "Mopwell", "evidence": "Ecovacs owns Mopwell."},
        {"s": "Mopwell", "p": "expandsInto", "o": "Germany", "via": "dealer network", "date": "2025-Q3"},
    ]
    sheet.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "factsheets", sheet])
        assert_fresh(store)
        lines[0]["aliases"] = ["Mopwell Home"]  # an alias changes, a fact goes, another comes
        lines[2] = {"s": "Mopwell", "p": "sellsThrough", "o": "online marketplaces", "market": "France"}
        sheet.write_text("".join(json.dumps(line) + "\n" for line in lines))
        load(store, [sheet])
        assert_fresh(store)
        assert find_entity_names(store, "Mopwell Home") and not find_entity_names(store, "Mopwell Clean")
        assert matching_entities(store, "Mopwell Home") == sorted(find_entity_names(store, "Mopwell Home"))
        assert [p.market for p in find_paths(store, "Mopwell")] == ["France"]


def find_entity_names(store, name):
    return name_index(store.projection[1]).get(name_key(name), set())


def test_the_first_query_after_a_load_builds_nothing(data_dir, monkeypatch):
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "factsheets"])
    with OxigraphStore(data_dir) as store:
        remove(store, EXAMPLES / "factsheets" / "ai-market.jsonl")

    def no_build(*_):
        raise AssertionError("a query built the projection")

    monkeypatch.setattr(projection, "build_projection", no_build)
    monkeypatch.setattr(projection, "scan_projection", no_build)
    with OxigraphStore(data_dir, share=True) as store:
        assert find_paths(store, "Ecovacs", "Germany")
        assert find_market_entrants(store, "Germany")
        assert find_timeline(store, "ByteDance")


def test_a_folder_without_a_stored_projection_is_scanned_once(data_dir):
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "factsheets"])
    (data_dir / projection_cache.NAME).unlink()
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "documents"])  # no projection to update: the load scans the store
        assert_fresh(store)


@pytest.mark.parametrize("copy", [False, True])
def test_a_projection_of_another_state_is_not_patched(data_dir, tmp_path, copy):
    """A projection file keyed to another state (an older folder, a crash between the write and the save) is
    never taken as the state before a load: the load scans the store instead."""
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "factsheets" / "ecovacs.jsonl"])
    stale = tmp_path / "stale"
    shutil.copy(data_dir / projection_cache.NAME, stale)
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "factsheets" / "bytedance.csv"])
    if copy:
        shutil.copy(stale, data_dir / projection_cache.NAME)
    with OxigraphStore(data_dir) as store:
        load(store, [EXAMPLES / "documents"])
        assert_fresh(store)
