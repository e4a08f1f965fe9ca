"""The embedded store: whole-or-nothing sources, idempotent loads, exact removal, recovery, locking."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.errors import StoreLocked
from kg.pipeline import load, remove
from kg.rdf import KGO, QuadSpool
from kg.stores.oxigraph import OxigraphStore

A = """{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}
{"s": "Ecovacs", "p": "expandsInto", "o": "Germany", "via": "subsidiary"}
"""
B = """{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco", "evidence": "Tineco is Ecovacs's brand."}
{"s": "Tineco", "p": "expandsInto", "o": "the Middle East"}
"""


def support(store, relation):
    rows = store.select(f"""SELECT ?f (COUNT(DISTINCT ?g) AS ?n) WHERE {{
        ?f rdf:predicate kgo:{relation} ; prov:qualifiedDerivation/prov:entity ?g }} GROUP BY ?f""")
    return [r["n"] for r in rows]


def test_loading_twice_changes_nothing(fresh_store, write):
    path = write("a.jsonl", A)
    first = load(fresh_store, [path])
    before = (fresh_store.stats(), len(fresh_store.ox))
    second = load(fresh_store, [path])
    assert first.sources[0].status == "added" and second.sources[0].status == "unchanged"
    assert (fresh_store.stats(), len(fresh_store.ox)) == before


def test_a_fact_from_two_sources_is_one_fact_with_two_provenance_records(fresh_store, write):
    load(fresh_store, [write("a.jsonl", A)])
    report = load(fresh_store, [write("b.jsonl", B)])
    assert (report.sources[0].facts_added, report.sources[0].facts_merged) == (1, 1)
    assert fresh_store.stats()["facts"] == 3
    assert support(fresh_store, "hasBrand") == [2]


def test_remove_drops_exactly_what_only_that_source_supports(fresh_store, write):
    a, b = write("a.jsonl", A), write("b.jsonl", B)
    load(fresh_store, [a, b])
    remove(fresh_store, a)
    assert fresh_store.stats()["facts"] == 2
    assert support(fresh_store, "hasBrand") == [1]
    assert support(fresh_store, "expandsInto") == [1]  # Tineco's, from b; Ecovacs's went with a


def test_a_changed_file_replaces_its_previous_version(fresh_store, write):
    path = write("a.jsonl", A)
    load(fresh_store, [path])
    path.write_text(B, encoding="utf-8")
    report = load(fresh_store, [path])
    assert report.sources[0].status == "replaced"
    assert fresh_store.stats()["facts"] == 2 and fresh_store.stats()["sources"] == 1


def test_a_file_with_one_bad_line_stores_nothing(fresh_store, write):
    load(fresh_store, [write("a.jsonl", A)])
    before = len(fresh_store.ox)
    bad = write("bad.jsonl", B + '{"s": "Ecovacs", "p": "ownsPlanet", "o": "Mars"}\n')
    report = load(fresh_store, [bad])
    assert report.failed and "bad.jsonl:3: unknown relation 'ownsPlanet'" in report.failed[0].error
    assert len(fresh_store.ox) == before


def test_an_incomplete_source_left_by_a_crash_is_dropped_on_open(data_dir, write):
    store = OxigraphStore(data_dir)
    load(store, [write("a.jsonl", A)])
    graph = ox.NamedNode("https://w3id.org/expansion-kg/id/source/crashed")
    store.ox.add(ox.Quad(ox.NamedNode("http://e/x"), KGO.name, ox.Literal("half"), graph))
    store.close()
    reopened = OxigraphStore(data_dir)
    assert reopened.recovered == [graph.value]
    assert reopened.stats()["facts"] == 2
    reopened.close()


def test_a_second_process_is_told_the_folder_is_in_use(fresh_store, data_dir):
    code = f"from kg.stores.oxigraph import OxigraphStore\nOxigraphStore({str(data_dir)!r}, lock_timeout=0.5)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "StoreLocked" in result.stderr and "is in use by another kg process" in result.stderr


def test_lock_error_is_a_store_locked(fresh_store, data_dir):
    with pytest.raises(StoreLocked):
        # pyoxigraph refuses a second handle even within one process
        OxigraphStore(data_dir, lock_timeout=0.2)


# A source past QuadSpool.spill_at is built on disk and written a chunk at a time; these hold it to the same
# store contents as a source built in memory (spill_at lowered, so a few lines spill).

MANY = "".join(
    f'{{"s": "Maker {i}", "p": "expandsInto", "o": "{country}", "evidence": "Maker {i} said \\"hello\\"\\nthere."}}\n'
    for i, country in enumerate(["Germany", "France", "Brazil", "Japan", "Kenya", "Chile"] * 3)
)


def stored(store) -> list[str]:
    """Every quad, named graphs and the default graph, but the load's own time stamp."""
    return sorted(str(q) for q in store.ox if q.predicate != KGO.loadedAt)


def load_spooled(monkeypatch, folder, paths, spill_at):
    monkeypatch.setattr(QuadSpool, "spill_at", spill_at)
    store = OxigraphStore(folder)
    try:
        load(store, paths)
        return stored(store), store.stats()
    finally:
        store.close()


def test_a_source_spooled_to_disk_is_stored_as_one_held_in_memory(tmp_path, write, monkeypatch):
    path = write("many.jsonl", MANY)
    held = load_spooled(monkeypatch, tmp_path / "held", [path], spill_at=10**9)
    spooled = load_spooled(monkeypatch, tmp_path / "spooled", [path], spill_at=7)
    assert spooled == held
    assert held[1]["facts"] == 18


def test_a_spooled_source_beside_others_shares_their_triples_and_is_removed_exactly(tmp_path, write, monkeypatch):
    other, path = write("a.jsonl", A + MANY[: MANY.index("\n") + 1]), write("many.jsonl", MANY)
    held = load_spooled(monkeypatch, tmp_path / "held", [other, path], spill_at=10**9)
    folder = tmp_path / "spooled"
    assert load_spooled(monkeypatch, folder, [other, path], spill_at=7) == held
    alone = load_spooled(monkeypatch, tmp_path / "alone", [other], spill_at=10**9)
    store = OxigraphStore(folder)
    try:
        remove(store, path)
        assert (stored(store), store.stats()) == alone
    finally:
        store.close()


def test_a_spooled_source_changed_in_place_is_swapped_whole(tmp_path, write, monkeypatch):
    path = write("many.jsonl", MANY)
    folder = tmp_path / "kg"
    load_spooled(monkeypatch, folder, [path], spill_at=7)
    path.write_text(MANY.replace("Germany", "Poland"), encoding="utf-8")
    after = load_spooled(monkeypatch, folder, [path], spill_at=7)
    fresh = load_spooled(monkeypatch, tmp_path / "fresh", [path], spill_at=10**9)
    assert after == fresh
    assert not any("Germany" in q for q in after[0])


def test_a_spool_gives_back_its_quads_in_order_and_drops_them_on_close(monkeypatch):
    quads = [
        ox.Quad(ox.NamedNode(f"http://e/{i}"), KGO.name, ox.Literal(f'line\n{i} "q"'), ox.NamedNode("http://g"))
        for i in range(25)
    ]
    spool = QuadSpool(spill_at=4)
    for q in quads:
        spool.append(q)
    assert spool.spilled and len(spool) == 25
    assert list(spool) == quads and list(spool) == quads  # read twice
    chunks = list(spool.nquads(chunk_bytes=100))
    assert len(chunks) > 1 and all(c.endswith(b"\n") for c in chunks)
    assert list(ox.parse(b"".join(chunks), format=ox.RdfFormat.N_QUADS)) == quads
    spool.close()
    assert list(spool) == [] and not list(spool.nquads())


def test_a_big_source_waits_in_the_data_folder_and_leaves_nothing_there(tmp_path, write, monkeypatch):
    """The spool's file is in the data folder (the temporary folder may be memory), with no name on the disk."""
    import tempfile

    folders = []
    made = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: folders.append(k.get("dir")) or made(*a, **k))
    load_spooled(monkeypatch, tmp_path / "kg", [write("many.jsonl", MANY)], spill_at=7)
    assert folders == [tmp_path / "kg"]
    assert not [p for p in (tmp_path / "kg").iterdir() if "quads" in p.name]
