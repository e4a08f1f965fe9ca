"""Write kg/data/places.json, the country and region table kg.places reads.

Reading pycountry and country_converter (which loads its table with pandas)
takes over a second; every command that names a country would pay it.  The
table holds what kg.places needs of them and loads in milliseconds.
``tests/kg/test_places.py`` rebuilds it and fails when the committed file
drifts from the libraries or from kg/data/regions.yaml.

Usage: python scripts/make_places.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kg.places import TABLE, build_table, table_text  # noqa: E402


def main() -> None:
    target = ROOT / "kg" / TABLE
    table = build_table()
    target.write_text(table_text(table), encoding="utf-8")
    print(f"{target.relative_to(ROOT)}: {len(table['names'])} countries, {len(table['regions'])} regions")


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # --help before any writing
    main()
