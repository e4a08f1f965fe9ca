"""Neo4j load throughput: the batched store beside a row-at-a-time baseline and ``neo4j-admin`` import.

- *batched*: :class:`kg.stores.neo4j.Neo4jStore` writing each source in one
  managed transaction of ``UNWIND $rows ... MERGE`` batches (what ``kg load
  --store neo4j`` does once the records are resolved);
- *row-at-a-time*: the store's own statements for one row (the ``STATES`` of the
  entities it names, the fact or figure, the entities' refresh), one transaction
  per row, timed on a sample spread over the load (each source's share written
  into the graph the sources before it built) and scaled up to every row of
  every source;
- *naive*: one plain ``MERGE`` statement per fact row, one transaction each,
  writing a lighter graph (no entity state, no figures, two provenance lists),
  timed on a sample and scaled up the same way;
- *neo4j-admin*: ``neo4j-admin database import full`` of the same graph as CSV
  into a scratch database folder, the fastest way data enters a new database
  (offline, no transactions, no merging into existing data).

Relationships are the facts, and every rate is the fact relationships stored
divided by the seconds the whole load takes that way, so the ratios are ratios
of load times.  (A load has more rows than relationships: a fact stated by two
sources is one relationship written twice.)  The machine may be shared, so
each load is timed ``REPEATS`` times and the fastest counts.

Usage: python benchmarks/neo4j_load.py [N ...]   (default: 1e4 1e5)
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this checkout's kg, whatever is installed
from synthetic import generate, sizes_parser

from kg.rdf import DocumentGraph, GraphBuilder
from kg.resolve import ENTITY_CLASSES, Resolver
from kg.schema import load_schema
from kg.stores import cypher
from kg.stores.neo4j import Neo4jStore
from kg.stores.neo4j_mapping import SourceRows, source_rows

FACTS_PER_SOURCE = 10_000
BASELINE_SAMPLE = 3_000
#: Each load (batched and baseline) is timed this many times and the fastest counts: the machine is shared.
REPEATS = 2
CLOSURE = {c: [c, *load_schema().superclasses.get(c, ())] for c in ENTITY_CLASSES}


def build_sources(n_facts: int, seed: int, work: Path) -> list[DocumentGraph]:
    """The synthetic lines as sources of ``FACTS_PER_SOURCE`` lines, resolved and turned into quads."""
    import json

    from kg.pipeline import content_hash, read_records

    lines = generate(n_facts, seed)
    resolver, out = Resolver(), []
    for i in range(0, len(lines), FACTS_PER_SOURCE):
        path = work / f"synthetic-{i // FACTS_PER_SOURCE:04d}.jsonl"
        path.write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines[i : i + FACTS_PER_SOURCE]), encoding="utf-8"
        )
        builder = GraphBuilder(str(path), content_hash(path), resolver, "2026-01-01T00:00:00Z")
        out.append(builder.build(read_records(path)))
    return out


def baseline_sample(n_facts: int) -> int:
    """Rows the one-transaction-per-row baselines time: ``BASELINE_SAMPLE``, or a third of the facts of a load
    too small for it (a tiny load is a check that every row runs, not a measurement)."""
    return min(BASELINE_SAMPLE, max(1, n_facts // 3))


def warm_up(store: Neo4jStore, work: Path, n_facts: int) -> None:
    """Load and drop a small graph (no bigger than the measured one), so the server has planned every statement
    before the clock starts."""
    (work / "warm").mkdir()
    small = build_sources(min(n_facts, 2_000), 1, work / "warm")
    batched(store, small)
    prepared = [source_rows(s.graph, s.quads) for s in small]
    row_at_a_time_over_the_load(store, prepared, 50)
    naive_row_at_a_time(store, prepared, 50)
    store.clear()


def batched(store: Neo4jStore, sources: list[DocumentGraph]) -> float:
    """Seconds to write every source through the store, quads in (rows built from the quads included)."""
    store.clear()
    started = time.perf_counter()
    for source in sources:
        store.replace_source(source.graph, source.quads)
    return time.perf_counter() - started


def batched_rows(store: Neo4jStore, rows: list[SourceRows]) -> float:
    """Seconds to write the same sources from prepared rows: the like-for-like rival of the baseline."""
    store.clear()
    started = time.perf_counter()
    for source in rows:
        store.replace_rows(source)
    return time.perf_counter() - started


def row_units(rows: SourceRows) -> list[tuple]:
    """Every row a source writes, fact or figure, in the order the batched write takes them."""
    return [("fact", relation, row) for relation in sorted(rows.facts) for row in rows.facts[relation]] + [
        ("figure", None, row) for row in rows.observations
    ]


def evenly(units: list, sample: int) -> list:
    """``sample`` units spread evenly over ``units`` (all of them if there are fewer)."""
    if len(units) <= sample:
        return list(units)
    return [units[i * len(units) // sample] for i in range(sample)]


def row_at_a_time(store: Neo4jStore, rows: SourceRows, sample: int) -> tuple[int, float]:
    """Rows written and seconds taken by the store's own statements, one transaction per row.

    Each transaction does for one row what a batched source transaction does for
    thousands: the ``STATES`` of the entities it names, the fact (or figure), and
    those entities' refresh.  The rows go into whatever graph the store holds; the
    source's document must exist.
    """
    units = evenly(row_units(rows), sample)
    entities = {e["iri"]: e for e in rows.entities}
    with store.driver.session(database=store.settings.database) as session:
        started = time.perf_counter()
        for kind, relation, row in units:
            named = [row[1], row[2]] if kind == "fact" else [row[1]]
            session.execute_write(_one_row, rows, kind, relation, row, [entities[iri] for iri in named])
        return len(units), time.perf_counter() - started


def row_at_a_time_over_the_load(store: Neo4jStore, rows: list[SourceRows], sample: int) -> tuple[int, float]:
    """Rows timed, and the seconds a row-at-a-time write of the whole load would take.

    ``sample`` rows are spread evenly over the sources and over each source's rows
    (facts and figures alike, so the sample has the load's mix).  Each source's share
    is written one transaction per row into the graph the sources before it built,
    and the source is then loaded whole (untimed), so the sample meets the graph at
    every size the load passes through; each source's time is scaled up from its
    share to all its rows.  The estimate writes what the batched load writes: every
    row of every source, including the rows that add a second source to a fact.
    """
    per_source = max(1, sample // len(rows))
    store.clear()
    timed, seconds = 0, 0.0
    for source in rows:
        store.replace_rows(SourceRows(source.graph, source.document))
        n, s = row_at_a_time(store, source, per_source)
        timed, seconds = timed + n, seconds + s * len(row_units(source)) / n
        store.replace_rows(source)
    return timed, seconds


def _one_row(tx, rows: SourceRows, kind: str, relation: str | None, row: list, named: list[dict]) -> None:
    source = rows.document["path"]
    tx.run(cypher.WRITE_ENTITIES, graph=rows.graph, rows=named).consume()
    if kind == "fact":
        tx.run(cypher.write_facts(relation), rows=[row], source=source).consume()
    else:
        tx.run(cypher.WRITE_OBSERVATIONS, rows=[row], source=source).consume()
    tx.run(
        cypher.refresh_entities(), iris=[e["iri"] for e in named], closure=CLOSURE, classLabels=cypher.class_labels()
    ).consume()


def naive_row_at_a_time(store: Neo4jStore, rows: list[SourceRows], sample: int) -> tuple[int, float]:
    """Facts timed, and the seconds one plain ``MERGE`` per fact row of the whole load would take.

    One transaction per fact, on an evenly spread sample of the first source's facts
    written into an empty database; it writes a lighter graph (no entity state, no
    figures, two provenance lists).
    """
    units = evenly([u for u in row_units(rows[0]) if u[0] == "fact"], sample)
    all_facts = sum(len(group) for source in rows for group in source.facts.values())
    store.clear()
    with store.driver.session(database=store.settings.database) as session:
        started = time.perf_counter()
        for _, relation, row in units:
            session.execute_write(_naive_fact, relation, row, rows[0].document["path"])
        seconds = time.perf_counter() - started
    return len(units), seconds * all_facts / len(units)


def _naive_fact(tx, relation: str, row: list, source: str) -> None:
    iri, s, o, props, prov = row
    tx.run(
        cypher.write_one_fact(relation),
        s=s,
        o=o,
        iri=iri,
        props=props,
        sources=[source] * len(prov),
        evidence=[p[0] for p in prov],
    ).consume()


ARRAY = "\x1f"
PROV_TYPES = {"lines": "long[]", "confidences": "double[]"}
FACT_FIELDS = (
    "iri",
    "date",
    "since",
    "until",
    "via",
    "viaIri",
    "market",
    "marketIri",
    "share:double",
    "amount",
    "status",
    "dateStart:date",
    "dateEnd:date",
    "untilEnd:date",
)


def _merge(rows: list[SourceRows]) -> dict[str, dict[str, Any]]:
    """The final graph of all sources, as the store computes it: entity states, facts and figures merged."""
    entities: dict[str, dict] = {}
    facts: dict[str, dict] = {}
    figures: dict[str, dict] = {}
    for source in rows:
        for e in source.entities:
            entities.setdefault(e["iri"], {"states": []})["states"].append(e["state"])
        for relation, group in source.facts.items():
            for iri, s, o, props, prov in group:
                fact = facts.setdefault(
                    iri, {"iri": iri, "s": s, "o": o, "props": props, "relation": relation, "prov": None}
                )
                _merge_prov(fact, _prov(source, prov))
        for iri, subject, props, prov in source.observations:
            figure = figures.setdefault(iri, {"iri": iri, "subject": subject, "props": props, "prov": None})
            _merge_prov(figure, _prov(source, prov))
    return {"entities": entities, "facts": facts, "figures": figures}


def _prov(source: SourceRows, records: list[list]) -> dict[str, list]:
    """A row's provenance lists, ``sources`` included (the store adds it on the server)."""
    return {
        "sources": [source.document["path"]] * len(records),
        **{k: [p[i] for p in records] for i, k in enumerate(cypher.ROW_LISTS)},
    }


def _merge_prov(target: dict, prov: dict[str, list]) -> None:
    target["prov"] = prov if target["prov"] is None else {k: target["prov"][k] + v for k, v in prov.items()}


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ARRAY.join(map(str, value))
    return "" if value is None else value


def _write(path: Path, header: list[str], rows: Any) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
    return path


def _prov_header() -> list[str]:
    return [f"{p}:{PROV_TYPES.get(p, 'string[]')}" for p in cypher.PROVENANCE_LISTS] + [
        "support:int",
        "confidence:double",
    ]


def _prov_cells(prov: dict[str, list]) -> list[Any]:
    lists = [None if p in cypher.OPTIONAL_LISTS and not any(prov[p]) else prov[p] for p in cypher.PROVENANCE_LISTS]
    return [*lists, len(set(prov["sources"])), max(prov["confidences"])]


def _entity_cells(iri: str, states: list[dict]) -> list[Any]:
    schema = load_schema()
    types = sorted({t for s in states for t in s.get("types", ())})
    labels = sorted({"Entity", *types, *(c for t in types for c in schema.superclasses.get(t, ()))})
    name = states[0].get("name")
    aliases = sorted({a for s in states for a in s.get("aliases", ())} - {name})
    keys = sorted({k for s in states for k in s.get("keys", ())})
    first = [next((s[k] for s in states if s.get(k)), None) for k in ("isoCode", *cypher.IDENTIFIERS)]
    return [iri, ";".join(labels), name, aliases, keys, *first]


def write_import_csv(rows: list[SourceRows], folder: Path) -> dict[str, list[Path]]:
    """The graph of ``rows`` in neo4j-admin's CSV import layout: ``{"nodes": [...], "relationships": [...]}``."""
    folder.mkdir(parents=True, exist_ok=True)
    graph = _merge(rows)
    fact_header = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", *FACT_FIELDS, *_prov_header()]
    types = {r.name: r.neo4j_type for r in load_schema().relations.values()}
    nodes = [
        _write(
            folder / "entities.csv",
            ["iri:ID(Entity)", ":LABEL", "name", "aliases:string[]", "keys:string[]", "isoCode", *cypher.IDENTIFIERS],
            (_entity_cells(iri, e["states"]) for iri, e in graph["entities"].items()),
        ),
        _write(
            folder / "documents.csv",
            ["path:ID(Document)", ":LABEL", "contentHash", "loadedAt"],
            ([r.document["path"], "Document", r.document["contentHash"], r.document["loadedAt"]] for r in rows),
        ),
        _write(
            folder / "observations.csv",
            ["iri:ID(Observation)", ":LABEL", "metric", "value:double", "unit", "period", *_prov_header()],
            (
                [
                    o["iri"],
                    "Observation",
                    *(o["props"].get(k) for k in ("metric", "value", "unit", "period")),
                    *_prov_cells(o["prov"]),
                ]
                for o in graph["figures"].values()
            ),
        ),
    ]
    relationships = [
        _write(
            folder / "facts.csv",
            fact_header,
            (
                [
                    f["s"],
                    f["o"],
                    types[f["relation"]],
                    f["iri"],
                    *(f["props"].get(k.split(":")[0]) for k in FACT_FIELDS[1:]),
                    *_prov_cells(f["prov"]),
                ]
                for f in graph["facts"].values()
            ),
        ),
        _write(
            folder / "states.csv",
            [":START_ID(Document)", ":END_ID(Entity)", ":TYPE", "types:string[]", "name"],
            (
                [r.document["path"], e["iri"], cypher.STATES, e["state"].get("types", []), e["state"].get("name")]
                for r in rows
                for e in r.entities
            ),
        ),
        _write(
            folder / "observed.csv",
            [":START_ID(Entity)", ":END_ID(Observation)", ":TYPE"],
            ([o["subject"], o["iri"], cypher.HAS_OBSERVATION] for o in graph["figures"].values()),
        ),
    ]
    return {"nodes": nodes, "relationships": relationships}


def admin_import(rows: list[SourceRows], work: Path) -> tuple[float, float]:
    """Seconds to write the import CSV, and seconds ``neo4j-admin database import full`` takes on it.

    Community has one user database, so the import goes into a scratch home that is
    never started (its ``lib/`` is the local server's), leaving the real server alone.
    """
    from kg.neo4j.local import LocalServer, admin, default_server

    started = time.perf_counter()
    files = write_import_csv(rows, work / "import")
    written = time.perf_counter()
    scratch = LocalServer(work / "scratch-home", bolt_port=1, http_port=1)
    scratch.home.mkdir()
    scratch.lib_dir.symlink_to(default_server().lib_dir)
    done = admin(
        scratch,
        "database",
        "import",
        "full",
        *(f"--nodes={p}" for p in files["nodes"]),
        *(f"--relationships={p}" for p in files["relationships"]),
        "--array-delimiter=U+001F",
        "neo4j",
    )
    if done.returncode != 0:
        raise RuntimeError(f"neo4j-admin database import failed: {(done.stderr or done.stdout).strip()[-2000:]}")
    return written - started, time.perf_counter() - written


def run(n_facts: int, seed: int = 7) -> dict:
    """Relationships (facts) per second of each way in, and their ratios.

    Every rate is the same quantity: the fact relationships the load leaves in the
    database, divided by the seconds the whole load takes that way.  ``batched``
    writes prepared rows, as the baselines do; ``batched_quads`` also turns quads into
    rows, as ``kg load`` does.  The baselines' seconds are estimated from a sample of
    ``baseline_sample(n_facts)`` rows, one transaction each: ``row_at_a_time`` with the store's
    own statements, ``naive`` with one plain ``MERGE`` statement that writes less.
    """
    from kg.neo4j.local import connection_settings

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = build_sources(n_facts, seed, work)
        rows = [source_rows(s.graph, s.quads) for s in sources]
        with Neo4jStore(connection_settings()) as store:
            warm_up(store, work, n_facts)
            seconds = {
                "batched_quads": min(batched(store, sources) for _ in range(REPEATS)),
                "batched": min(batched_rows(store, rows) for _ in range(REPEATS)),
            }
            stored = store.stats()["facts"]
            sample = baseline_sample(n_facts)
            samples: dict[str, int] = {}
            for name, timings in (
                ("row_at_a_time", [row_at_a_time_over_the_load(store, rows, sample) for _ in range(REPEATS)]),
                ("naive", [naive_row_at_a_time(store, rows, sample) for _ in range(REPEATS)]),
            ):
                samples[name], seconds[name] = min(timings, key=lambda t: t[1])
            store.clear()
        csv_s, seconds["admin_import"] = admin_import(rows, work)
    rate = {k: stored / v for k, v in seconds.items()}
    return {
        "facts": n_facts,
        "relationships": stored,
        "baseline_sample": samples["row_at_a_time"],
        "csv_s": csv_s,
        "seconds": seconds,
        "rels_per_s": rate,
        "batched_vs_row_at_a_time": rate["batched"] / rate["row_at_a_time"],
        "batched_vs_naive": rate["batched"] / rate["naive"],
        "batched_quads_vs_row_at_a_time": rate["batched_quads"] / rate["row_at_a_time"],
        "admin_vs_batched": rate["admin_import"] / rate["batched"],
    }


def main(argv: list[str] | None = None) -> None:
    sizes = sizes_parser(__doc__, [10_000, 100_000]).parse_args(argv).sizes
    columns = ("batched", "batched_quads", "row_at_a_time", "naive", "admin_import")
    print(f"{'facts':>8} {'rels':>7} " + " ".join(f"{c:>14}" for c in columns) + "   (relationships/s)")
    for n in sizes:
        r = run(n)
        print(f"{r['facts']:>8} {r['relationships']:>7} " + " ".join(f"{r['rels_per_s'][c]:>14,.0f}" for c in columns))
        print(
            f"{'':>17}batched / row-at-a-time {r['batched_vs_row_at_a_time']:.1f}x, / naive "
            f"{r['batched_vs_naive']:.1f}x; quads in / row-at-a-time {r['batched_quads_vs_row_at_a_time']:.1f}x; "
            f"neo4j-admin / batched {r['admin_vs_batched']:.2g}x"
        )


def rows(n_facts: int, seed: int = 7) -> list[dict]:
    """The rows ``benchmarks/run.py`` prints: batched loading beside its floor and its ceiling.

    The first row is like for like (prepared rows against prepared rows, one transaction per row);
    the second is all of ``kg load``'s write into Neo4j, turning quads into rows included.
    """
    r = run(n_facts, seed)["rels_per_s"]
    floor, ceiling = "one transaction per row (floor)", "neo4j-admin database import full (ceiling)"
    return [
        {
            "figure": "Neo4j batched load",
            "unit": "rels/s",
            "value": r["batched"],
            "baseline": floor,
            "baseline_value": r["row_at_a_time"],
        },
        {
            "figure": "Neo4j load, quads in",
            "unit": "rels/s",
            "value": r["batched_quads"],
            "baseline": floor,
            "baseline_value": r["row_at_a_time"],
        },
        {
            "figure": "Neo4j batched load (ceiling)",
            "unit": "rels/s",
            "value": r["batched"],
            "baseline": ceiling,
            "baseline_value": r["admin_import"],
        },
    ]


if __name__ == "__main__":
    main()
