"""SPARQL store load throughput: sources written into Fuseki (in memory, on this machine) beside the embedded store.

Each size's synthetic lines are cut into sources of ``FACTS_PER_SOURCE`` lines, resolved and turned into quads
once; then the same sources are written, timed, through

- *embedded*: :class:`kg.stores.oxigraph.OxigraphStore` in a fresh data folder (its bulk loader for big sources);
- *sparql update*: :class:`kg.stores.sparql.SparqlStore`, each source one SPARQL Update request
  (``INSERT DATA`` into a staging graph, then ``MOVE``);
- *sparql put*: the same store, each source streamed as N-Triples by a Graph Store Protocol ``PUT`` into a
  staging graph, then moved by a second request (what a source of ``PUT_FROM`` quads or more takes).

The Fuseki dataset is emptied before each write; each load is timed ``REPEATS`` times and the fastest counts
(the machine may be shared).

Usage: python benchmarks/sparql_load.py [N ...]   (default: 1e4 5e4)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this checkout's kg, whatever is installed
from neo4j_load import build_sources
from synthetic import sizes_parser

from kg.fuseki import local
from kg.rdf import DocumentGraph
from kg.stores.oxigraph import OxigraphStore
from kg.stores.sparql import SparqlStore

REPEATS = 2
HEAP = "3g"


def embedded(sources: list[DocumentGraph], work: Path) -> float:
    with tempfile.TemporaryDirectory(dir=work) as folder:
        store = OxigraphStore(Path(folder) / "kg")
        started = time.perf_counter()
        for source in sources:
            store.replace_source(source.graph, source.quads)
        store.ox.flush()
        seconds = time.perf_counter() - started
        store.close()
    return seconds


def sparql(sources: list[DocumentGraph], url: str, put_from: int) -> float:
    store = SparqlStore(url, put_from=put_from)
    store.client.update(b"DROP ALL")
    started = time.perf_counter()
    for source in sources:
        store.replace_source(source.graph, source.quads)
    return time.perf_counter() - started


def timings(sources: list[DocumentGraph], url: str, work: Path) -> list[tuple[str, float]]:
    """Each way's fastest seconds for writing ``sources``."""
    ways = (
        ("embedded", lambda: embedded(sources, work)),
        ("sparql update", lambda: sparql(sources, url, put_from=10**12)),
        ("sparql put", lambda: sparql(sources, url, put_from=1)),
    )
    return [(name, min(write() for _ in range(REPEATS))) for name, write in ways]


def main() -> None:
    sizes = sizes_parser(__doc__, [10_000, 50_000]).parse_args().sizes
    server = local.start(heap=HEAP, progress=lambda text: print(text, file=sys.stderr))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            print("facts    quads      store          seconds  facts/s  quads/s")
            for n in sizes:
                folder = work / str(n)
                folder.mkdir()
                sources = build_sources(n, 7, folder)
                facts = sum(len(s.facts) for s in sources)
                quads = sum(len(s.quads) for s in sources)
                for name, seconds in timings(sources, server.url, work):
                    rates = f"{facts / seconds:7.0f}  {quads / seconds:7.0f}"
                    print(f"{facts:<8} {quads:<10} {name:<14} {seconds:7.2f}  {rates}")
    finally:
        local.stop(server)


if __name__ == "__main__":
    main()
