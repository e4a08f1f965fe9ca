"""The extraction mechanisms one by one, on sentences written for these tests.

Each test names the mechanism it exercises; the sentences are invented (see
also the larger regression corpus in ``regression/``).
"""

from __future__ import annotations

import itertools

import pytest

from kg.extract import extract
from kg.extract.factlines import to_fact_lines
from kg.extract.figures import find_figures
from kg.extract.quantities import word_quantities
from kg.extract.sentences import MAX_SENTENCE_CHARS, split_sentences
from kg.model import Document


def lines(text: str) -> list[dict]:
    return list(to_fact_lines(extract(Document("test.txt", "0", text=text))))


def relations(text: str) -> set[tuple]:
    return {(x["s"], x["p"], x["o"], x.get("status")) for x in lines(text) if "p" in x}


def figures(text: str) -> set[tuple]:
    return {(x["s"], x["metric"], x["value"], x["unit"], x.get("period")) for x in lines(text) if "metric" in x}


# Document focus and coreference


def test_the_headlines_first_name_is_the_company_a_descriptor_points_back_to():
    found = relations(
        "Brimwell names new Asia chief\n\nThe kettle maker will open a service centre in Jakarta next year."
    )
    assert ("Brimwell", "expandsInto", "Indonesia", "planned") in found


def test_a_descriptor_points_to_the_company_it_described_not_the_last_one_named():
    text = (
        "Noodle chain Pando Kitchen crossed 300 outlets in May. Rival Sorin Foods, a frozen-food brand, "
        "also grew. The chain's first restaurant abroad opened in Kuala Lumpur in 2019."
    )
    found = relations(text)
    assert ("Pando Kitchen", "expandsInto", "Malaysia", None) in found
    assert not any(s == "Sorin Foods" and o == "Malaysia" for s, _, o, _ in found)


def test_we_in_a_quote_is_the_speakers_company():
    found = relations('"We now run two warehouses outside Lisbon," said Ines Costa, operations head of Tarvel Freight.')
    assert ("Tarvel Freight", "operatesIn", "Portugal", None) in found
    assert not any(s == "Ines Costa" for s, *_ in found)


def test_a_titled_name_is_a_person_never_a_subject():
    found = relations("Gao Min, chief executive of Lumask, said the company had opened an office in Nairobi.")
    assert not any(s == "Gao Min" for s, *_ in found)
    assert ("Lumask", "locatedIn", "Kenya", None) in found


def test_places_that_followed_are_where_the_company_now_operates():
    found = relations("Quillo's booking app went live in Peru in 2021. Bolivia and Paraguay followed a year later.")
    assert {("Quillo", "operatesIn", "Bolivia", None), ("Quillo", "operatesIn", "Paraguay", None)} <= found


def test_a_reporter_does_not_take_the_focus():
    text = (
        "Orrin Pumps opened a plant in Izmir in 2023. Statlane said pump demand in the region doubled. "
        "The firm now sells in Greece."
    )
    assert ("Orrin Pumps", "operatesIn", "Greece", None) in relations(text)


# Presence


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Hollin Tea has 40 stores in Manila.", ("Hollin Tea", "operatesIn", "Philippines", None)),
        ("Corvana's app counts 3 million users in Chile.", ("Corvana", "operatesIn", "Chile", None)),
        ("Vexo Labs keeps a research office in Munich.", ("Vexo Labs", "locatedIn", "Germany", None)),
        (
            "Tessin Motors set up an assembly plant in Rayong in 2022.",
            ("Tessin Motors", "expandsInto", "Thailand", None),
        ),
        ("Dunmere's Lagos office handles sales across West Africa.", ("Dunmere", "locatedIn", "Nigeria", None)),
        ("Palo Verde Foods is headquartered in Lima.", ("Palo Verde Foods", "headquarteredIn", "Peru", None)),
    ],
)
def test_presence_is_read_from_the_word_before_or_after_a_place(text, fact):
    assert fact in relations(text)


def test_an_origin_or_another_companys_home_is_not_presence():
    found = relations("Kelvo Audio, a speaker brand from Denmark, invested in Fonix, a Seoul headphone maker.")
    assert not any(p in ("operatesIn", "expandsInto") and o in ("Denmark", "South Korea") for _, p, o, _ in found)


def test_a_presence_that_is_only_planned_is_a_planned_entry():
    found = relations("Marlow Bikes will sell its e-bikes in Austria from next spring.")
    assert ("Marlow Bikes", "expandsInto", "Austria", "planned") in found
    assert ("Marlow Bikes", "operatesIn", "Austria", None) not in found


# Lists and fronted phrases


def test_one_list_of_places_after_a_cue_stops_at_the_clause_end():
    found = relations("Ferrox entered Kenya, Uganda and Rwanda in 2024, while its rival stayed in Ethiopia.")
    assert {("Ferrox", "expandsInto", c, None) for c in ("Kenya", "Uganda", "Rwanda")} <= found
    assert ("Ferrox", "expandsInto", "Ethiopia", None) not in found


def test_a_fronted_phrase_belongs_to_the_subject_after_its_comma():
    found = relations("After opening a depot in Gdansk, Harlan Tools moved into the Baltic states.")
    assert ("Harlan Tools", "expandsInto", "Poland", None) in found


def test_a_fronted_backer_invests_in_the_subject():
    found = relations("Backed by Crestline Capital, Omvo opened a lab in Zurich.")
    assert ("Crestline Capital", "investsIn", "Omvo", None) in found


# Relations as noun phrases


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Tallow Games' puzzle app Brixa topped the charts in Japan.", ("Tallow Games", "develops", "Brixa", None)),
        ("Nerin's snack brand Crunchy Owl reached Canada in May.", ("Nerin", "hasBrand", "Crunchy Owl", None)),
        ("Velkor-owned sportswear label Runa entered Spain.", ("Velkor", "hasBrand", "Runa", None)),
        (
            "Juno, the tea label Oshiro Group bought in 2021, now sells in Korea.",
            ("Oshiro Group", "hasBrand", "Juno", None),
        ),
        ("Pell Ventures took a 15% stake in Arvo Robotics.", ("Pell Ventures", "investsIn", "Arvo Robotics", None)),
        (
            "Brisa Pay raised funds in a round led by Sandbar Partners.",
            ("Sandbar Partners", "investsIn", "Brisa Pay", None),
        ),
        (
            "Strand Motors' customers include Kappa Freight and Lumo Logistics.",
            ("Strand Motors", "partnersWith", "Kappa Freight", None),
        ),
    ],
)
def test_a_noun_phrase_gives_the_same_fact_as_a_verb(text, fact):
    assert fact in relations(text)


# Segments and channels


def test_a_range_lists_segments_and_a_channel_phrase_lists_channels():
    found = relations(
        "Ostra Home's range spans air purifiers, dehumidifiers and fans, sold through hardware chains in Italy."
    )
    assert {("Ostra Home", "competesIn", s, None) for s in ("air purifiers", "dehumidifiers", "fans")} <= found
    assert ("Ostra Home", "sellsThrough", "hardware chains", None) in found


def test_a_description_of_the_company_names_its_segments():
    found = relations("Pemba Solar grew fast. The inverter and battery maker now exports to Brazil.")
    # segments are named in the plural, as the labelling conventions give them
    assert {("Pemba Solar", "competesIn", "inverters", None), ("Pemba Solar", "competesIn", "batteries", None)} <= found


# Modality


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Sorvik Foods plans to open stores in Chile.", ("Sorvik Foods", "expandsInto", "Chile", "planned")),
        ("Sorvik Foods has disclosed plans for a factory in Peru.", ("Sorvik Foods", "expandsInto", "Peru", "planned")),
        ("The board will lead Sorvik Foods' push into Mexico.", ("Sorvik Foods", "expandsInto", "Mexico", "planned")),
    ],
)
def test_plans_are_planned_never_plain(text, fact):
    found = relations(text)
    assert fact in found and (*fact[:3], None) not in found


def qualified(text: str) -> set[tuple]:
    return {(x["o"], x.get("date"), x.get("via"), x.get("status")) for x in lines(text) if x.get("p") == "expandsInto"}


def test_a_date_and_a_facility_belong_to_their_own_clause():
    found = qualified("Ostrava Pumps opened a factory in Zambia in 2021 and now aims to enter Malawi.")
    assert ("Zambia", "2021", "factory", None) in found
    assert ("Malawi", None, None, "planned") in found
    assert not any(o == "Malawi" and (date or via) for o, date, via, _ in found)


def test_a_fronted_date_holds_for_every_clause_a_fronted_subordinate_date_for_its_own():
    assert ("Malawi", "2020", None, None) in qualified(
        "In 2020 Ostrava Pumps entered Zambia and opened a warehouse in Malawi."
    )
    found = qualified("After reaching Zambia in 2020, Ostrava Pumps now wants to enter Malawi.")
    assert ("Malawi", None, None, "planned") in found


def test_a_plan_in_a_relative_clause_stays_in_it():
    found = relations("Ostrava Pumps, which hopes to enter Malawi, built a factory in Zambia in 2021.")
    assert ("Ostrava Pumps", "expandsInto", "Zambia", None) in found
    assert ("Ostrava Pumps", "expandsInto", "Zambia", "planned") not in found
    assert ("Ostrava Pumps", "expandsInto", "Malawi", "planned") in found


def test_a_facility_before_a_list_of_places_is_each_ones():
    found = qualified("Ostrava Pumps opened factories in Zambia, Malawi and Angola.")
    assert {("Zambia", None, "factory", None), ("Angola", None, "factory", None)} <= found


def test_a_stopped_channel_ends_the_channel_not_the_presence():
    found = relations("Haverly stopped selling through kiosks in Japan in 2024.")
    assert not any(p == "operatesIn" and st == "ended" for _, p, _, st in found)


# Figures


def test_numbers_written_as_words_fractions_and_multiples():
    assert [(q.value, q.unit) for q in word_quantities("a dozen shops, forty-two kiosks, two-thirds of sales")] == [
        (12.0, "count"),
        (42.0, "count"),
        (66.7, "percent"),
    ]
    found = figures("Vestaro's overseas revenue tripled to 3 billion yuan in 2024.")
    assert ("Vestaro", "overseasRevenueGrowthYoY", 200.0, "percent", "2024") in found


def test_a_from_to_sequence_gives_two_levels_of_the_metric_named_before():
    found = {(f.metric, f.value) for f in find_figures("Its market share rose from 8% in 2023 to 11% in 2024.", [])}
    assert found == {("marketShare", 8.0), ("marketShare", 11.0)}


def test_the_headlines_period_is_carried_to_the_figures_after_it():
    found = figures("Ruvan posts record 2025 results\n\nRevenue rose 12% to 4 billion yuan.")
    assert ("Ruvan", "revenue", 4e9, "CNY", "2025") in found


def test_an_unlisted_metric_gets_a_camel_case_name_from_its_words():
    found = {(f.metric, f.value) for f in find_figures("The firm runs 140 charging stations and 12 showrooms.", [])}
    assert ("chargingStationCount", 140.0) in found or ("stationCount", 140.0) in found


def test_physical_units_are_read_with_the_number():
    found = {(f.metric, f.value, f.unit) for f in find_figures("The plant has an annual capacity of 12GWh.", [])}
    assert found == {("annualProductionCapacity", 12.0, "GWh")}


def test_a_figure_for_a_place_keeps_the_company_as_subject():
    found = figures("Tovra Retail said 30% of its revenue came from Brazil in 2024.")
    assert any(s == "Tovra Retail" and v == 30.0 for s, _, v, _, _ in found)


# Run-on text


def test_a_run_on_sentence_is_read_in_bounded_pieces():
    text = "Acme Robotics opened stores in Germany, " * 400
    pieces = split_sentences(text)
    assert len(pieces) > 1 and max(len(s.text) for s in pieces) <= MAX_SENTENCE_CHARS
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(pieces)]
    assert all(not gap.strip(" ,") for gap in gaps) and pieces[0].start == 0  # nothing between the pieces is lost
    assert all(text[s.start : s.end] == s.evidence for s in pieces)


def test_a_relative_clause_belongs_to_the_name_it_hangs_on():
    found = relations("Vanta Cells, which supplies Orlo's packs and is the largest maker of sodium batteries, grew.")
    assert ("Vanta Cells", "competesIn", "sodium batteries", None) in found
    assert not any(s == "Orlo" and p == "competesIn" for s, p, _, _ in found)


def test_an_aside_does_not_hide_the_subject():
    found = relations("Kestra, the survey says, is the leader in Mexico, but its rival grew faster.")
    assert ("Kestra", "operatesIn", "Mexico", None) in found


def test_the_continent_points_back_to_the_place_named_last():
    text = "Demand in Africa keeps growing. Ferrox, for years the leader on the continent, sells solar lamps."
    assert ("Ferrox", "operatesIn", "Africa", None) in relations(text)


def test_a_nationality_before_a_segment_and_market_is_a_place():
    found = relations("Holm Audio holds 9% of the Brazilian headphone market.")
    assert ("Holm Audio", "operatesIn", "Brazil", None) in found


def test_strategies_are_read_whole_from_reliance_and_named_models():
    found = relations(
        "Corvel grew fast. It leans heavily on livestreams and coupons to win buyers. "
        "Under its asset-light model, Corvel rents every store."
    )
    assert ("Corvel", "adoptsStrategy", "livestreams and coupons", None) in found
    assert ("Corvel", "adoptsStrategy", "asset-light model", None) in found


# One company under several names in one document


def entities(text: str) -> dict[str, list[str]]:
    return {x["entity"]: x["aliases"] for x in lines(text) if "entity" in x}


def test_a_short_form_joins_the_full_name_that_only_adds_corporate_words():
    text = "Pavo said it would enter Chile. Pavo Holdings already sells its pumps in Peru."
    assert "Pavo" in entities(text)["Pavo Holdings"]
    assert ("Pavo Holdings", "expandsInto", "Chile", "planned") in relations(text)


def test_a_shortened_name_joins_the_name_it_shortens():
    text = "Korvel Pharma opened an office in Lyon. Korvel Pharmaceutical also sells its creams in Spain."
    named = entities(text)
    assert "Korvel Pharma" in named["Korvel Pharmaceutical"] and "Korvel Pharma" not in named


def test_a_local_unit_and_a_unit_the_document_relates_keep_names_of_their_own():
    text = "Its Polish subsidiary, Tarsk Foods Poland, runs a bakery in Gdansk, Tarsk Foods said."
    assert {"Tarsk Foods", "Tarsk Foods Poland"} <= set(entities(text))
    assert ("Tarsk Foods", "hasSubsidiary", "Tarsk Foods Poland", None) in relations(text)


def test_a_name_after_an_attribute_of_its_own_is_the_name():
    found = relations("Lumen Bio entered Chile by acquiring Santiago-based VidaGen and Lima-based Curativa.")
    assert {("Lumen Bio", "acquires", "VidaGen", None), ("Lumen Bio", "acquires", "Curativa", None)} <= found
