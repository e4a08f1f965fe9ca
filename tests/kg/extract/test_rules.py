"""The rule-based extractor, sentence by sentence: every relation, coordination, coreference,
status (planned, ended, denied), figures with their units and periods, and provenance."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.periods import find_periods
from kg.extract.quantities import find_quantities
from kg.extract.sentences import normalise, split_sentences
from kg.model import Document, Entity, Fact, Observation


def read(text: str, known=()) -> list:
    return extract(Document("note.txt", "0", text=text), known=known)


def facts(text: str, known=()) -> set[tuple]:
    """(subject, relation, object, status) of every fact read in ``text``."""
    return {(f.subject, f.relation, f.object, f.qualifier("status")) for f in read(text, known) if isinstance(f, Fact)}


def fact(text: str, relation: str, obj: str) -> Fact:
    return next(f for f in read(text) if isinstance(f, Fact) and f.relation == relation and f.object == obj)


def figures(text: str) -> set[tuple]:
    """(subject, metric, value, unit, period) of every figure read in ``text``."""
    return {(o.subject, o.metric, o.value, o.unit, o.period) for o in read(text) if isinstance(o, Observation)}


# One sentence per relation of the vocabulary, each written as business news writes it.
EVERY_RELATION = [
    ("Acme Robotics launched the Nova X2 robot vacuum in March 2025.", ("Acme Robotics", "launches", "Nova X2")),
    ("The Zeta app, developed by Brightwave Tech, now has users in Spain.", ("Brightwave Tech", "develops", "Zeta")),
    ("Lumea, a brand of Acme Group, sells through department stores.", ("Acme Group", "hasBrand", "Lumea")),
    ("Acme Japan, a subsidiary of Acme Group, is located in Japan.", ("Acme Group", "hasSubsidiary", "Acme Japan")),
    ("Kestrel Foods, which is headquartered in Brazil, sells coffee.", ("Kestrel Foods", "headquarteredIn", "Brazil")),
    ("Acme Japan, a subsidiary of Acme Group, is located in Japan.", ("Acme Japan", "locatedIn", "Japan")),
    ("Kestrel Foods has operated in Chile since 2018.", ("Kestrel Foods", "operatesIn", "Chile")),
    ("Acme Group entered Vietnam in 2024.", ("Acme Group", "expandsInto", "Vietnam")),
    (
        "In the field of industrial robots, Acme Group faces Japanese rivals.",
        ("Acme Group", "competesIn", "industrial robots"),
    ),
    ("Acme Group sells through distributors.", ("Acme Group", "sellsThrough", "distributors")),
    ('Acme Group pursues a core strategy of "Mobile first".', ("Acme Group", "adoptsStrategy", "Mobile first")),
    ("Acme Group partnered with Vexo Systems in 2025.", ("Acme Group", "partnersWith", "Vexo Systems")),
    (
        "Acme Group acquired a 65% stake in Brio Foods for $300 million in 2023.",
        ("Acme Group", "acquires", "Brio Foods"),
    ),
    ("Acme Group invested €50 million in Nordic Batteries.", ("Acme Group", "investsIn", "Nordic Batteries")),
]


@pytest.mark.parametrize("sentence, expected", EVERY_RELATION, ids=[e[1][1] for e in EVERY_RELATION])
def test_every_relation_has_a_sentence_that_states_it(sentence, expected):
    assert (*expected, None) in facts(sentence)


def test_a_launch_is_dated_and_its_description_names_a_segment():
    text = "In February 2026, Orbit Labs released the new AI image generation model Prism 4."
    assert fact(text, "launches", "Prism 4").qualifier("date") == "2026-02"
    assert ("Prism 4", "competesIn", "AI image generation", None) in facts(text)


def test_a_named_subsidiary_after_its_owner():
    found = facts("Acme Group opened its German subsidiary Acme Deutschland GmbH in Munich.")
    assert ("Acme Group", "hasSubsidiary", "Acme Deutschland", None) in found
    assert ("Acme Deutschland", "locatedIn", "Germany", None) in found


def test_a_company_goes_by_its_name_without_the_legal_form_kept_as_an_alias():
    records = extract(Document("d", "0", text="Weilan Pumps Co., Ltd. has opened a sales office in Jakarta."))
    entity = next(r for r in records if isinstance(r, Entity) and r.type == "Company")
    assert (entity.name, entity.aliases) == ("Weilan Pumps", ("Weilan Pumps Co., Ltd.",))


def test_an_acquisition_keeps_its_share_amount_and_date():
    bought = fact("Acme Group acquired a 65% stake in Brio Foods for $300 million in 2023.", "acquires", "Brio Foods")
    assert dict(bought.qualifiers) == {"date": "2023", "share": "65", "amount": "300000000 USD"}


def test_a_stake_bought_below_half_is_an_investment_that_keeps_its_share():
    text = "Acme Group acquired a 25% stake in Brio Foods for $300 million in 2023."
    assert ("Acme Group", "acquires", "Brio Foods", None) not in facts(text)
    assert dict(fact(text, "investsIn", "Brio Foods").qualifiers)["share"] == "25"


def test_a_sub_brand_belongs_to_the_company_its_points_back_to():
    text = "Velora Home makes air purifiers. Its sub-brand Brisa is expanding its dealer network in Mexico."
    found = facts(text)
    assert ("Velora Home", "hasBrand", "Brisa", None) in found
    assert ("Brisa", "sellsThrough", "dealer network", None) in found
    assert ("Brisa", "expandsInto", "Mexico", None) in found
    assert fact(text, "expandsInto", "Mexico").qualifier("via") == "dealer network"


class TestCoordination:
    def test_two_countries_give_two_facts(self):
        found = facts("Acme Group entered Vietnam and Thailand in 2024.")
        assert {("Acme Group", "expandsInto", c, None) for c in ("Vietnam", "Thailand")} <= found

    def test_unnamed_subsidiaries_in_a_list_of_places(self):
        found = facts("Acme Group has set up sales subsidiaries in France and the US.")
        for place in ("France", "United States"):
            unit = f"Acme Group {place}"
            assert {("Acme Group", "hasSubsidiary", unit, None), (unit, "locatedIn", place, None)} <= found
            assert (
                fact("Acme Group has set up sales subsidiaries in France and the US.", "expandsInto", place).qualifier(
                    "via"
                )
                == "subsidiary"
            )

    def test_a_list_of_channels_with_an_oxford_comma(self):
        found = facts("Acme Group sells through distributors, online marketplaces, and flagship stores in Europe.")
        assert {o for s, p, o, _ in found if p == "sellsThrough"} == {
            "distributors",
            "online marketplaces",
            "flagship stores",
        }
        assert (
            fact(
                "Acme Group sells through distributors and flagship stores in Europe.", "sellsThrough", "distributors"
            ).qualifier("market")
            == "Europe"
        )

    def test_a_shared_head_is_one_channel(self):
        assert ("Acme Group", "sellsThrough", "dealer and agent network", None) in facts(
            "Acme Group sells through its dealer and agent network."
        )

    def test_partners_listed_together(self):
        found = facts("Acme Group partnered with Vexo Systems and Loomis Data.")
        assert {("Acme Group", "partnersWith", p, None) for p in ("Vexo Systems", "Loomis Data")} <= found


class TestCoreference:
    def test_the_company_and_it_point_back_to_the_subject_before(self):
        found = facts(
            "Acme Group reported record sales. The company also entered Japan. It partnered with Vexo Systems."
        )
        assert ("Acme Group", "expandsInto", "Japan", None) in found
        assert ("Acme Group", "partnersWith", "Vexo Systems", None) in found

    def test_a_resolved_subject_is_less_sure(self):
        text = "Acme Group entered Japan. It also entered Korea."
        assert (
            fact(text, "expandsInto", "South Korea").provenance.confidence
            < fact(text, "expandsInto", "Japan").provenance.confidence
        )

    def test_a_described_company_is_the_one_it_names(self):
        found = facts("Acme Group entered Japan. The Korean company Hanbit Energy entered Poland.")
        assert ("Hanbit Energy", "expandsInto", "Poland", None) in found
        assert ("Acme Group", "expandsInto", "Poland", None) not in found

    def test_an_apposition_is_not_the_subject(self):
        assert ("Nuvola", "launches", "Mira", None) in facts("Nuvola, a Seoul startup, has launched its app Mira.")


class TestStatus:
    @pytest.mark.parametrize(
        "sentence, obj, status",
        [
            ("Acme Group plans to enter Mexico in 2027.", "Mexico", "planned"),
            ("Acme Group is considering entering Chile.", "Chile", "planned"),
            ("Acme Group will open its first store in Peru next year.", "Peru", "planned"),
            ("Acme Group exited Russia in 2022.", "Russia", "ended"),
        ],
    )
    def test_market_moves(self, sentence, obj, status):
        assert {f[3] for f in facts(sentence) if f[2] == obj} == {status}

    def test_denied_reports(self):
        assert ("Acme Group", "acquires", "Brio Foods", "denied") in facts(
            "Acme Group denied reports that it would acquire Brio Foods."
        )

    def test_no_longer_sells_through(self):
        assert ("Acme Group", "sellsThrough", "telecom operators", "ended") in facts(
            "Acme Group no longer sells through telecom operators in Brazil."
        )

    def test_no_plans_is_a_denial(self):
        assert ("Cloudwise", "expandsInto", "China", "denied") in facts("Cloudwise has no plans to enter China.")

    def test_not_only_is_no_negation(self):
        assert ("Acme Group", "expandsInto", "Japan", None) in facts("Acme Group not only entered Japan but grew fast.")


class TestDescriptions:
    def test_segment_before_a_name_and_no_home_from_a_nationality(self):
        found = facts("Swedish furniture maker Norrland Home opened its first store in Poland in May 2024.")
        assert {
            ("Norrland Home", "competesIn", "furniture", None),
            ("Norrland Home", "expandsInto", "Poland", None),
        } <= found
        # the labelling convention: an adjective of nationality names no head office
        assert ("Norrland Home", "headquarteredIn", "Sweden", None) not in found

    def test_a_city_in_the_description_is_home(self):
        found = facts("Gothenburg furniture maker Norrland Home opened a store in Poland.")
        assert ("Norrland Home", "headquarteredIn", "Sweden", None) in found

    def test_an_apposition_after_a_name(self):
        found = facts("Acme Group partnered with Orbita Cloud, a Malaysian hosting provider.")
        assert ("Orbita Cloud", "competesIn", "hosting", None) in found
        assert ("Orbita Cloud", "headquarteredIn", "Malaysia", None) not in found

    def test_a_city_stands_for_its_country_but_is_no_alias_of_it(self):
        records = read("Nuvola, a Seoul startup, entered Japan. Lanterna opened an office in São Paulo.")
        found = {(f.subject, f.relation, f.object) for f in records if isinstance(f, Fact)}
        assert {("Nuvola", "headquarteredIn", "South Korea"), ("Lanterna", "expandsInto", "Brazil")} <= found
        korea = next(e for e in records if isinstance(e, Entity) and e.name == "South Korea")
        assert "Seoul" not in korea.aliases


class TestFigures:
    def test_revenue_and_its_growth_in_a_quarter(self):
        assert figures(
            "Acme Group booked 2.57 billion yuan of revenue in the first quarter of 2026, "
            "45.69% more than a year before."
        ) == {
            ("Acme Group", "revenue", 2.57e9, "CNY", "2026-Q1"),
            ("Acme Group", "revenueGrowthYoY", 45.69, "percent", "2026-Q1"),
        }

    def test_a_share_and_its_growth_follow_the_metric_named_before_and_the_period_of_earlier_figures(self):
        found = figures(
            "Acme Group's revenue reached $2 billion in 2025. Its overseas revenue accounted for 61% "
            "of the total, up 12% year on year."
        )
        assert {
            ("Acme Group", "overseasRevenueShare", 61, "percent", "2025"),
            ("Acme Group", "overseasRevenueGrowthYoY", 12, "percent", "2025"),
        } <= found

    def test_counts_take_only_the_period_right_after_them(self):
        assert figures("In 2025 Acme Group opened 1,200 stores in more than 100 countries.") == {
            ("Acme Group", "storeCount", 1200, "count", None),
            ("Acme Group", "countryCount", 100, "count", None),
        }

    def test_a_market_share(self):
        assert ("Acme Group", "marketShare", 38, "percent", None) in figures(
            "Acme Group holds a 38% share of the market."
        )

    def test_a_range_of_quarters_is_the_period(self):
        assert figures(
            "Between the third quarter of 2024 and the second quarter of 2025, Acme Group earned $150 million."
        ) == {("Acme Group", "revenue", 1.5e8, "USD", "2024-Q3/2025-Q2")}

    def test_a_decline_is_negative_growth(self):
        assert ("Acme Group", "netProfitGrowthYoY", -9, "percent", "FY2025") in figures(
            "Acme Group posted net profit of HK$1.8 billion in FY2025, a 9% decline."
        )

    def test_a_source_is_not_the_subject(self):
        assert figures("According to Sensor Tower data, the mobile games track grew 30% year on year in 2025.") == {
            ("mobile games", "revenueGrowthYoY", 30, "percent", "2025")
        }

    def test_numbers_no_metric_claims_are_left_alone(self):
        assert figures("The gap narrowed from 17.5% to 2.7%, more than 12 times smaller than in 2023.") == set()

    def test_a_count_with_a_scale_and_a_month(self):
        assert figures("Daily token calls in China reached 140 trillion in March 2026.") == {
            ("China", "dailyTokenCalls", 1.4e14, "count", "2026-03")
        }


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("2.57 billion yuan", 2.57e9, "CNY"),
        ("$150 million", 1.5e8, "USD"),
        ("€3bn", 3e9, "EUR"),
        ("RMB 1.2 billion", 1.2e9, "CNY"),
        ("HK$500m", 5e8, "HKD"),
        ("£2.4 billion", 2.4e9, "GBP"),
        ("KRW 9.4 trillion", 9.4e12, "KRW"),
        ("5 trillion won", 5e12, "KRW"),
        ("45.69%", 45.69, "percent"),
        ("8 per cent", 8, "percent"),
        ("1,200", 1200, "count"),
        ("140 trillion", 1.4e14, "count"),
    ],
)
def test_amounts_with_currency_and_scale(text, value, unit):
    [q] = find_quantities(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_a_hedge_is_kept_beside_the_number():
    [q] = find_quantities("more than 100")
    assert (q.value, q.hedge) == (100, "more than")


@pytest.mark.parametrize(
    "text, value",
    [
        ("in the first quarter of 2026", "2026-Q1"),
        ("Q3 2025", "2025-Q3"),
        ("1Q26", "2026-Q1"),
        ("H1 2026", "2026-H1"),
        ("the second half of 2025", "2025-H2"),
        ("in March 2026", "2026-03"),
        ("on February 2, 2026", "2026-02-02"),
        ("FY2025", "FY2025"),  # a fiscal year keeps its name (labelling convention): its months are not given
        ("fiscal 2024", "FY2024"),
        ("the second quarter of fiscal 2026", "FY2026-Q2"),
        ("Q3 FY2025", "FY2025-Q3"),
        ("in 2023", "2023"),
        ("from the third quarter of 2024 to the second quarter of 2025", "2024-Q3/2025-Q2"),
    ],
)
def test_periods(text, value):
    assert [p.value for p in find_periods(text)] == [value]


def test_a_bare_number_is_not_a_year_and_since_is_a_start():
    assert find_periods("It runs 2000 stores") == []
    assert [(p.value, p.role) for p in find_periods("It has sold in Chile since 2018")] == [("2018", "since")]


def test_spaced_hyphens_are_joined_but_a_dash_between_clauses_stays():
    assert normalise("the Asia - Pacific region, year - on - year") == "the Asia-Pacific region, year-on-year"
    assert normalise("Seoul - South Korean maker") == "Seoul - South Korean maker"


def test_sentences_keep_their_offsets_and_headings_stand_alone():
    text = "Acme in Asia\nAcme Group entered Japan. It grew.\n"
    sentences = split_sentences(text)
    assert [s.evidence for s in sentences] == ["Acme in Asia", "Acme Group entered Japan.", "It grew."]
    assert sentences[0].heading and all(text[s.start : s.end] == s.evidence for s in sentences)


def test_a_line_opening_with_a_camel_case_name_is_not_a_wrapped_line():
    text = (
        "Vacuum maker eTidy files for bankruptcy, to be taken over by its Chinese supplier Lanxin\n"
        "eTidy, the US company that sold the first robot mop, will delist.\n"
        "Its lenders agreed to the plan, which the court must still approve in\n"
        "the spring of next year.\n"
    )
    evidence = [s.evidence for s in split_sentences(text)]
    assert evidence[:2] == [
        "Vacuum maker eTidy files for bankruptcy, to be taken over by its Chinese supplier Lanxin",
        "eTidy, the US company that sold the first robot mop, will delist.",
    ]
    assert evidence[2].endswith("the spring of next year.")  # a word in lower case still continues a line


def test_every_fact_carries_its_sentence_as_evidence():
    text = "Acme Group makes robots.\nIn 2024, Acme Group entered Vietnam."
    entered = fact(text, "expandsInto", "Vietnam")
    start, end = entered.provenance.span
    assert text[start:end] == entered.provenance.evidence == "In 2024, Acme Group entered Vietnam."
    assert (entered.provenance.extractor, entered.provenance.source) == ("rules", "note.txt")
    assert 0 < entered.provenance.confidence <= 1


def test_known_entities_are_recognised_through_their_aliases():
    known = [Entity("Tineco", "Brand", ("Tineco Intelligent",))]
    assert ("Tineco", "expandsInto", "Brazil", None) in facts("Tineco Intelligent entered Brazil.", known)


def test_entity_lines_name_what_was_found():
    entities = {
        (e.name, e.type)
        for e in read("Acme Group sells through distributors in the Middle East.")
        if isinstance(e, Entity)
    }
    assert {("Acme Group", "Company"), ("distributors", "Channel"), ("Middle East", "Region")} <= entities


def test_spelling_variants_of_a_name_are_one_entity():
    records = read("Acme Group partnered with Sensor Tower. SensorTower entered Japan.")
    entities = [e for e in records if isinstance(e, Entity) and e.name.replace(" ", "") == "SensorTower"]
    assert len(entities) == 1 and entities[0].aliases


def test_extraction_is_deterministic():
    text = "Acme Group entered Japan and Korea. It sells through distributors and dealers."
    assert read(text) == read(text)


class TestWhatBrokeOnceOnUnseenDocuments:
    def test_a_dateline_in_capitals_is_a_place_not_a_company(self):
        text = "ISTANBUL, 14 May 2026 - Derin Beyaz entered Kenya. Its revenue rose 17% to 48 billion lira in 2025."
        assert ("Derin Beyaz", "revenue", 4.8e10, "TRY", "2025") in figures(text)
        assert not any(s == "ISTANBUL" for s, *_ in figures(text))

    def test_the_day_a_story_was_filed_dates_none_of_its_events(self):
        text = "XIANJU, China, 2 April 2026 - Over the past year Yangmei Arts has opened two stores in Melbourne."
        assert fact(text, "expandsInto", "Australia").qualifier("date") is None
        today = "KUALA LUMPUR, 15 October 2024 - Zesto today launched its app in Malaysia."
        assert fact(today, "expandsInto", "Malaysia").qualifier("date") == "2024-10-15"

    def test_a_currency_prefix_is_not_a_country(self):
        assert figures("Jalan grew fast. Its gross transaction value reached US$6.3 billion in 2025.") == {
            ("Jalan", "grossTransactionValue", 6.3e9, "USD", "2025")
        }

    def test_an_infinitive_belongs_to_the_clause_subject(self):
        found = facts("Sunhollow partnered with Kosmo Logistics to run its warehouses in Canada.")
        assert ("Sunhollow", "operatesIn", "Canada", None) in found
        assert ("Kosmo Logistics", "operatesIn", "Canada", None) not in found

    def test_dates_between_listed_places_date_each_place(self):
        text = "Jalan entered Malaysia in 2024 and the Philippines in March 2026."
        assert fact(text, "expandsInto", "Malaysia").qualifier("date") == "2024"
        assert fact(text, "expandsInto", "Philippines").qualifier("date") == "2026-03"

    def test_not_leaving_a_market_is_operating_there(self):
        assert ("Grabbit", "operatesIn", "Vietnam", None) in facts("Rival Grabbit has said it will not leave Vietnam.")

    def test_home_from_based_but_not_from_one_of_a_countrys_companies(self):
        found = facts(
            "Derin Beyaz, one of Turkey's largest makers of freezers, entered Kenya. "
            "In 2025, Jalan, the Jakarta-based app for ride-hailing, food delivery and payments, entered Malaysia."
        )
        assert ("Jalan", "headquarteredIn", "Indonesia", None) in found
        assert ("Derin Beyaz", "headquarteredIn", "Türkiye", None) not in found
        assert {("Jalan", "competesIn", s, None) for s in ("ride-hailing", "food delivery", "payments")} <= found

    def test_names_with_accents_are_whole(self):
        assert ("Škoda Auto", "expandsInto", "Brazil", None) in facts("Škoda Auto opened an office in São Paulo.")

    def test_a_list_without_a_final_and_is_one_item(self):
        found = facts("Veltrix Mobility, the Indian maker of electric scooters, today announced a new model.")
        assert {o for s, p, o, _ in found if p == "competesIn"} == {"electric scooters"}

    def test_a_noun_for_a_company_inside_a_typed_list_is_read(self):
        # "brands such as A and the snack brand B": "the snack brand" points back and has no name of its own yet
        found = facts("Orvell Foods owns brands such as Kasa and the snack brand Tiko. It entered Chile.")
        assert ("Orvell Foods", "expandsInto", "Chile", None) in found
        assert ("Orvell Foods", "hasBrand", "Kasa", None) in found


def test_a_polish_legal_form_does_not_end_a_sentence():
    text = "The plant is run by a subsidiary, Hanlu Europe Sp. z o.o., based in Lodz. It opens in May."
    assert [s.evidence for s in split_sentences(text)] == [
        "The plant is run by a subsidiary, Hanlu Europe Sp. z o.o., based in Lodz.",
        "It opens in May.",
    ]


def test_a_legal_form_before_a_word_of_the_language_ends_a_sentence():
    text = "It sells through a subsidiary, Hanlu Foods USA Inc. Overseas revenue reached 780 million yuan."
    assert [s.evidence for s in split_sentences(text)] == [
        "It sells through a subsidiary, Hanlu Foods USA Inc.",
        "Overseas revenue reached 780 million yuan.",
    ]
    assert len(split_sentences("Hanlu Foods Ltd. Chairman Wang Lei said so.")) == 1
