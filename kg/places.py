"""Countries and regions: one identity per place, from maintained data.

Countries resolve to ISO 3166-1 alpha-2 codes through pycountry, with
country_converter's name patterns as the fallback for everyday names ("the
US", "South Korea", "UK").  Regions come from ``kg/data/regions.yaml``, whose
members are drawn from country_converter's classifications.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pycountry
import yaml

_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)


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
def _converter():
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    return coco.CountryConverter()


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
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def _coco_code(text: str) -> str | None:
    if not re.search(r"[A-Za-z]", text) or len(text) <= 3 and not text.isupper():
        return None
    code = _converter().convert(text, to="ISO2", not_found=None)
    return code if isinstance(code, str) and len(code) == 2 else None


@cache
def country_name(code: str) -> str:
    """The everyday short name of a country (``KR`` -> ``South Korea``)."""
    name = _converter().convert(code, src="ISO2", to="name_short", not_found=None)
    if isinstance(name, str) and name:
        return name
    found = pycountry.countries.get(alpha_2=code)
    return getattr(found, "common_name", None) or found.name if found else code


@cache
def regions() -> tuple[Region, ...]:
    """Every region of ``kg/data/regions.yaml`` with its member countries."""
    spec = yaml.safe_load(files("kg").joinpath("data/regions.yaml").read_text("utf-8"))
    return tuple(_region(item) for item in spec)


def _region(item: dict) -> Region:
    data = _converter().data
    members = set(item.get("include", []))
    for column, wanted in (("UNregion", item.get("un_regions")), ("continent", item.get("continents"))):
        if wanted:
            members |= set(data.loc[data[column].isin(wanted), "ISO2"].dropna())
    if item.get("classification"):
        members |= set(data.loc[data[item["classification"]].notna(), "ISO2"].dropna())
    members -= set(item.get("exclude", []))
    return Region(item["name"], tuple(item.get("aliases", [])), frozenset(m for m in members if isinstance(m, str)))


@cache
def _region_index() -> dict[str, str]:
    spec = yaml.safe_load(files("kg").joinpath("data/regions.yaml").read_text("utf-8"))
    index = {}
    for item in spec:
        for label in (item["name"], *item.get("aliases", [])):
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
