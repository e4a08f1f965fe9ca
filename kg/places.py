"""Countries and regions: one identity per place, from maintained data.

Countries resolve to ISO 3166-1 alpha-2 codes as pycountry's exact lookup
does, with country_converter's name patterns as the fallback for everyday
names ("the US", "South Korea", "UK").  Regions come from
``kg/data/regions.yaml``, whose members are drawn from country_converter's
classifications.

Both libraries are read once, when ``kg/data/places.json`` is written
(``scripts/make_places.py``), not on each command: country_converter loads its
table with pandas, which alone costs a second of start-up for a command that
normalises one country name.  The file holds pycountry's lookup keys, country
names, country_converter's patterns in its own order and each region's
members; ``tests/kg/test_places.py`` fails when it drifts from the libraries.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
#: What country_converter cuts a name at ("Asia excluding China" is read as "Asia").
_EXCLUDE = re.compile(r"excl\w.*|without|w/o")
TABLE = "data/places.json"


@dataclass(frozen=True)
class Country:
    code: str
    name: str


@dataclass(frozen=True)
class Region:
    name: str
    aliases: tuple[str, ...]
    members: frozenset[str]


def _clean(name: str) -> str:
    return _ARTICLE.sub("", re.sub(r"\s*-\s*", "-", " ".join(name.split()))).strip(" .,;")


@cache
def _table() -> dict:
    return json.loads(files("kg").joinpath(TABLE).read_text("utf-8"))


@cache
def country(name: str) -> Country | None:
    """The country a name denotes, or None.

    >>> country("the US")
    Country(code='US', name='United States')
    >>> country("South Korea").code
    'KR'
    >>> country("Seedance") is None
    True
    """
    text = _clean(name)
    if len(text) < 2 or text.lower() in _region_index():
        return None
    code = _pycountry_code(text) or _coco_code(text)
    return Country(code, country_name(code)) if code else None


def _pycountry_code(text: str) -> str | None:
    if len(text) <= 3 and not text.isupper():
        return None  # "us", "it" and "in" are words, not codes
    return _table()["lookup"].get(text.lower())


def _coco_code(text: str) -> str | None:
    if not re.search(r"[A-Za-z]", text) or (len(text) <= 3 and not text.isupper()):
        return None
    code = _coco_convert(text, "ISO2")
    return code if isinstance(code, str) and len(code) == 2 else None


@cache
def country_name(code: str) -> str:
    """The everyday short name of a country (``KR`` -> ``South Korea``)."""
    known = _table()["names"].get(code)
    if known is not None:
        return known
    name = _coco_convert(code, "name_short", src="ISO2")
    return name if isinstance(name, str) and name else code


def countries() -> list[tuple[str, str, str]]:
    """Every ISO 3166-1 country as (alpha-2 code, name, common name), in pycountry's order."""
    return [tuple(row) for row in _table()["countries"]]


@cache
def _coco_patterns(column: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(row[column], re.IGNORECASE) for row in _table()["coco"])


def _coco_convert(name: str, to: str, src: str | None = None) -> str | list[str]:
    """country_converter's ``convert(name, src, to, not_found=None)`` for ``to`` in ISO2 and name_short.

    As there, a name nothing matches comes back as itself, and a name several
    patterns match as the list of their answers.
    """
    spec = _EXCLUDE.split(name)[0]
    rows = _table()["coco"]
    to = "ISO2_out" if to == "ISO2" else to
    if src is None:
        src = "ISOnumeric" if _is_int(spec) else {2: "ISO2", 3: "ISO3"}.get(len(spec), "regex")
    if src in ("regex", "ISO2"):
        found = [row[to] for row, pattern in zip(rows, _coco_patterns(src), strict=True) if pattern.search(spec)]
    else:
        wanted = spec.lower()
        found = [row[to] for row in rows if re.sub(r"\..*", "", row[src]).lower() == wanted]
    if not found:
        return spec
    return found[0] if len(found) == 1 else found


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


@cache
def regions() -> tuple[Region, ...]:
    """Every region of ``kg/data/regions.yaml`` with its member countries."""
    return tuple(Region(r["name"], tuple(r["aliases"]), frozenset(r["members"])) for r in _table()["regions"])


@cache
def _region_index() -> dict[str, str]:
    index = {}
    for item in _table()["regions"]:
        for label in (item["name"], *item["aliases"]):
            index[_clean(label).lower()] = item["name"]
    return index


def region_name(name: str) -> str | None:
    """The canonical name of a region a text names, or None.

    >>> region_name("Asia - Pacific")
    'Asia-Pacific'
    """
    return _region_index().get(_clean(name).lower())


def region(name: str) -> Region | None:
    canonical = region_name(name)
    return next((r for r in regions() if r.name == canonical), None) if canonical else None


# Writing the table: the only place pycountry and country_converter are read.


def build_table() -> dict:
    """The contents of ``data/places.json``, read from pycountry, country_converter and ``regions.yaml``."""
    import logging
    import math

    import country_converter as coco
    import pycountry
    import yaml

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    converter = coco.CountryConverter()

    def text(value) -> str | None:
        return None if isinstance(value, float) and math.isnan(value) else str(value)

    rows = []
    for record in converter.data.to_dict("records"):
        iso2 = text(record["ISO2"])
        rows.append(
            {
                "regex": record["regex"],
                "ISO2": iso2,
                # the answer as convert(..., to="ISO2") gives it: the first code of the pattern, letters only
                "ISO2_out": "".join(c for c in iso2.split("|")[0] if c.isalnum()).upper() if iso2 else None,
                # matched as convert matches the column: as text, cut at the first dot
                "ISO3": str(record["ISO3"]),
                "ISOnumeric": str(record["ISOnumeric"]),
                "name_short": record["name_short"],
            }
        )
    codes = sorted({c.alpha_2 for c in pycountry.countries} | {r["ISO2_out"] for r in rows if r["ISO2_out"]})
    names = {}
    for code in codes:
        name = converter.convert(code, src="ISO2", to="name_short", not_found=None)
        if not (isinstance(name, str) and name):
            found = pycountry.countries.get(alpha_2=code)
            name = getattr(found, "common_name", None) or found.name if found else code
        names[code] = name
    lookup: dict[str, str] = {}
    for c in pycountry.countries:
        for value in c._fields.values():
            if isinstance(value, str):
                lookup.setdefault(value.lower(), pycountry.countries.lookup(value).alpha_2)
    spec = yaml.safe_load(files("kg").joinpath("data/regions.yaml").read_text("utf-8"))
    regions_ = [
        {
            "name": item["name"],
            "aliases": list(item.get("aliases", [])),
            "members": sorted(_members(item, converter.data)),
        }
        for item in spec
    ]
    return {
        "about": f"written by scripts/make_places.py from pycountry {_version('pycountry')}, "
        f"country_converter {_version('country_converter')} and kg/data/regions.yaml; do not edit",
        "countries": [[c.alpha_2, c.name, getattr(c, "common_name", c.name)] for c in pycountry.countries],
        "names": names,
        "lookup": dict(sorted(lookup.items())),
        "coco": rows,
        "regions": regions_,
    }


def _members(item: dict, data) -> set[str]:
    members = set(item.get("include", []))
    for column, wanted in (("UNregion", item.get("un_regions")), ("continent", item.get("continents"))):
        if wanted:
            members |= set(data.loc[data[column].isin(wanted), "ISO2"].dropna())
    if item.get("classification"):
        members |= set(data.loc[data[item["classification"]].notna(), "ISO2"].dropna())
    members -= set(item.get("exclude", []))
    # country_converter writes a few codes as patterns ("^GR$|^EL$"): the first alternative is the ISO code
    return {re.sub(r"^\^?([A-Z]{2})\$?(?:\|.*)?$", r"\1", m) for m in members if isinstance(m, str)}


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def table_text(table: dict) -> str:
    """``table`` as the file holds it: one entry a line, so a change to the libraries reads as a small diff."""

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in table.items():
        if isinstance(value, dict):
            body = "{\n" + ",\n".join(f"  {dump(k)}: {dump(v)}" for k, v in value.items()) + "\n }"
        elif isinstance(value, list):
            body = "[\n" + ",\n".join(f"  {dump(item)}" for item in value) + "\n ]"
        else:
            body = dump(value)
        parts.append(f" {dump(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
