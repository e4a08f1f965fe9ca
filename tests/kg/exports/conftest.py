"""Stores for the export tests: the example fact sheets plus one sheet of awkward names.

Stores are built once per session on disk (exports read Oxigraph's on-disk
indexes) with the load clock frozen, so two stores holding the same sources
hold the same quads whatever order the files were loaded in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

LOADED_AT = "2026-01-02T03:04:05Z"
#: Names and sentences that break careless escaping in every format.
AWKWARD_COMPANY = 'Acme "Quoted" \\ Back <slash> & Co'
AWKWARD_BRAND = "O'Brien <b>&amp;</b> \\n brand"
AWKWARD_EVIDENCE = 'He said "yes";\nthen left\tquietly \\ <now> & later.'
AWKWARD_NOTE = "line one\r\nline two ' \" } ]"
AWKWARD_LINES = [
    {"entity": AWKWARD_COMPANY, "type": "Company", "aliases": ["Acme <&>"], "domain": "acme.example"},
    {"entity": AWKWARD_BRAND, "type": "Brand"},
    {
        "s": AWKWARD_COMPANY,
        "p": "hasBrand",
        "o": AWKWARD_BRAND,
        "evidence": AWKWARD_EVIDENCE,
        "note": AWKWARD_NOTE,
        "confidence": 0.75,
        "span": [3, 9],
        "source": 'report "2026" <p. 3>',
    },
    {"s": AWKWARD_COMPANY, "p": "expandsInto", "o": "Germany", "date": "2025-03", "via": "subsidiary"},
    {"s": AWKWARD_BRAND, "p": "sellsThrough", "o": "dealers & agents", "market": "France"},
    {
        "s": AWKWARD_COMPANY,
        "metric": "revenue",
        "value": 1234.5,
        "unit": "USD",
        "period": "2025",
        "evidence": AWKWARD_EVIDENCE,
    },
    {"s": "Ecovacs", "p": "partnersWith", "o": AWKWARD_COMPANY, "evidence": 'Ecovacs & Acme "team up".'},
]


def write_sources(folder: Path) -> list[Path]:
    """The example fact sheets and the awkward sheet, copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for path in sorted((EXAMPLES / "factsheets").iterdir()):
        files.append(Path(shutil.copy(path, folder / path.name)))
    awkward = folder / "awkward.jsonl"
    awkward.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in AWKWARD_LINES), "utf-8")
    return [*files, awkward]


def build_store(data: Path, files: list[Path]) -> Path:
    """Load ``files`` in the order given into a new store at ``data``, with the clock frozen."""
    from kg import pipeline
    from kg.stores.oxigraph import OxigraphStore

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_now", lambda: LOADED_AT)
        with OxigraphStore(data) as store:
            for path in files:
                report = pipeline.load(store, [path])
                assert not report.failed, [s.error for s in report.failed]
    return data


@pytest.fixture(scope="session")
def sources(tmp_path_factory) -> list[Path]:
    return write_sources(tmp_path_factory.mktemp("sources"))


@pytest.fixture(scope="session")
def data_folder(tmp_path_factory, sources) -> Path:
    """A data folder holding every source, loaded in name order."""
    return build_store(tmp_path_factory.mktemp("kg") / "data", sources)


def copy_shuffled(source: Path, target: Path, seed: int = 3) -> Path:
    """The quads of one store written into a new one in a shuffled order, a few at a time.

    The loader itself depends on load order (what a source states about a
    country depends on what came before), so the order-independence of
    exports is checked on the same quads inserted in another order.
    """
    import random

    import pyoxigraph as ox

    source_store = ox.Store(str(source))
    quads = list(source_store.quads_for_pattern(None, None, None, None))
    del source_store
    random.Random(seed).shuffle(quads)
    target_store = ox.Store(str(target))
    for start in range(0, len(quads), 97):
        target_store.extend(quads[start : start + 97])
    target_store.flush()
    del target_store
    return target


@pytest.fixture(scope="session")
def shuffled_folder(tmp_path_factory, data_folder) -> Path:
    """A data folder with the same quads as ``data_folder``, inserted in a shuffled order."""
    return copy_shuffled(data_folder, tmp_path_factory.mktemp("kg-shuffled") / "data")


@pytest.fixture
def store(data_folder):
    from kg.stores.oxigraph import OxigraphStore

    opened = OxigraphStore(data_folder)
    yield opened
    opened.close()


@pytest.fixture
def exported(store, tmp_path):
    """``exported(fmt, **filters)``: the path of ``fmt`` exported from the session store."""
    from kg.exports import export, registry
    from kg.exports.subgraph import Filters

    def run(fmt: str, **filters) -> Path:
        entry = registry.get(fmt)
        out = tmp_path / f"{fmt}-{len(list(tmp_path.iterdir()))}{entry.suffixes[0] if entry.suffixes else ''}"
        export(store, fmt, out, filters=Filters(**filters))
        return out

    return run
