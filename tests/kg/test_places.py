"""Countries and regions from the shipped table answer as pycountry and country_converter do.

The table spares each command the libraries' start-up (pandas); these tests
hold it to the libraries themselves, so it cannot drift from them unnoticed.
"""

from __future__ import annotations

import contextlib
import logging
import re
import subprocess
import sys
from functools import cache
from importlib.resources import files

import pytest

from kg import places
from tests.conftest import EXAMPLES, ROOT


@cache
def _converter():
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    return coco.CountryConverter()


def library_country(name: str) -> tuple[str, str] | None:
    """What ``places.country`` answered when it asked the libraries on every call."""
    import pycountry

    text = places._clean(name)
    if len(text) < 2 or text.lower() in places._region_index():
        return None
    code = None
    if not (len(text) <= 3 and not text.isupper()):
        with contextlib.suppress(LookupError):
            code = pycountry.countries.lookup(text).alpha_2
    if code is None and re.search(r"[A-Za-z]", text) and not (len(text) <= 3 and not text.isupper()):
        found = _converter().convert(text, to="ISO2", not_found=None)
        code = found if isinstance(found, str) and len(found) == 2 else None
    return (code, library_country_name(code)) if code else None


def library_country_name(code: str) -> str:
    import pycountry

    name = _converter().convert(code, src="ISO2", to="name_short", not_found=None)
    if isinstance(name, str) and name:
        return name
    found = pycountry.countries.get(alpha_2=code)
    return getattr(found, "common_name", None) or found.name if found else code


def names_to_try() -> list[str]:
    """Every name and code the libraries know, everyday variants, region names, and the examples' words."""
    import pycountry

    names = set()
    for c in pycountry.countries:
        names |= {v for v in c._fields.values() if isinstance(v, str)}
    data = _converter().data
    for column in ("name_short", "name_official", "ISO2", "ISO3"):
        names |= {str(v) for v in data[column].dropna()}
    for region in places.regions():
        names |= {region.name, *region.aliases}
    names |= {
        "the US",
        "UK",
        "U.S.",
        "South Korea",
        "Korea",
        "Holland",
        "Ivory Coast",
        "Burma",
        "Czechia",
        "Asia excluding China",
        "China without Hong Kong",
        "Congo",
        "Guinea",
        "Niger",
        "Dominica",
        "the Netherlands",
        "Türkiye",
        "Turkey",
        "Russia",
        "Vatican",
        "ZZ",
        "XK",
        "EL",
        "it",
        "in",
        "us",
        "Atlantis",
        "Seedance",
        "123",
        "Germany ",
        " the  United   States ",
        "Asia - Pacific",
        "A",
    }
    for path in EXAMPLES.rglob("*"):
        if path.is_file() and path.suffix in {".txt", ".md", ".jsonl", ".csv", ".yaml"}:
            text = path.read_text("utf-8", errors="replace")
            words = re.findall(r"[A-Z][\w.-]*(?: [A-Z][\w.-]*)*", text)
            names |= set(words) | set(re.findall(r"[A-Za-z]{2,}", text)[:2000])
    return sorted(names)


def test_countries_answer_as_the_libraries_do():
    differ = {}
    for name in names_to_try():
        found = places.country(name)
        mine = (found.code, found.name) if found else None
        if mine != library_country(name):
            differ[name] = (mine, library_country(name))
    assert differ == {}


def test_country_names_of_every_code_match_the_libraries():
    import pycountry

    codes = {c.alpha_2 for c in pycountry.countries} | {"XK", "EL", "UK", "ZZ", "QQ"}
    assert {c: places.country_name(c) for c in codes} == {c: library_country_name(c) for c in codes}


def test_everyday_names():
    assert places.country("the US") == places.Country("US", "United States")
    assert places.country("UK").code == "GB"
    assert places.country("Asia - Pacific") is None and places.region_name("Asia - Pacific") == "Asia-Pacific"
    assert "DE" in places.region("Europe").members and "DE" not in places.region("Asia").members
    assert places.country("us") is None  # a word, not a code


def test_every_listed_member_is_a_country_code():
    # YAML 1.1 reads a bare NO as false: Norway fell out of the Nordics once
    assert "NO" in places.region("the Nordics").members
    assert all(isinstance(m, str) and len(m) == 2 for r in places.regions() for m in r.members)


def test_the_shipped_table_matches_the_libraries():
    shipped = files("kg").joinpath(places.TABLE).read_text("utf-8")
    assert shipped == places.table_text(places.build_table()), (
        "kg/data/places.json drifted: run python scripts/make_places.py"
    )


def imported_after(code: str) -> list[str]:
    check = f"import sys; {code}; print(sorted(m for m in HEAVY if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}; {check}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


HEAVY = ("pandas", "country_converter", "pycountry", "yaml")


def test_naming_a_place_imports_neither_pandas_nor_the_country_libraries():
    assert imported_after(
        "from kg import places; places.country('Germany'); places.country('South Korea');"
        "places.region('Europe'); places.country_name('KR')"
    ) == ["[]"]
    # the gazetteer reads its own lexicons with yaml, but no country library
    assert imported_after("from kg.extract import gazetteer; gazetteer.places()") == ["['yaml']"]


@pytest.mark.parametrize("name", ["Germany", "Deutschland", "DE", "DEU"])
def test_a_lookup_by_any_code_or_name(name):
    assert library_country(name) == (
        (places.country(name).code, places.country(name).name) if places.country(name) else None
    )
