"""Scoring fact lines: names through aliases and country codes, unnamed objects, figures within 1%."""

from __future__ import annotations

import json

import pytest

from kg.errors import LoaderError
from kg.evaluate import Score, evaluate, read_fact_lines

GOLD = [
    {"entity": "Seedance 2.0", "type": "Product", "aliases": ["Secdance2.0"]},
    {"entity": "United States", "type": "Country", "aliases": ["US"]},
    {"s": "ByteDance", "p": "launches", "o": "Seedance 2.0", "date": "2026-02"},
    {"s": "Ecovacs", "p": "expandsInto", "o": "United States", "via": "subsidiary"},
    {"s": "Ecovacs", "p": "competesIn", "o": "floor-cleaning robots"},
    {"s": "Ecovacs", "p": "hasSubsidiary", "o": "*", "o_locatedIn": "Germany"},
    {"s": "Kunlun Tech", "metric": "revenue", "value": 2.57e9, "unit": "CNY", "period": "2026-Q1"},
]


def test_identical_lines_score_one():
    report = evaluate(GOLD, GOLD)
    assert (report.overall.f1, report.figures.f1) == (1.0, 1.0)
    assert report.misses == report.false_positives == []


def test_names_match_through_aliases_case_hyphens_plurals_and_country_codes():
    predicted = [
        {"s": "bytedance", "p": "launches", "o": "Secdance2.0"},
        {"s": "Ecovacs", "p": "expandsInto", "o": "the US"},
        {"s": "Ecovacs", "p": "competesIn", "o": "Floor cleaning robot"},
        {"s": "Ecovacs", "p": "hasSubsidiary", "o": "Ecovacs Germany"},
        {"s": "Kunlun Tech", "metric": "revenue", "value": 2.58e9, "unit": "CNY", "period": "2026-q1"},
    ]
    report = evaluate(GOLD, predicted)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (4, 0, 0)
    assert report.figures == Score(1, 0, 0)


def test_plurals_in_ies_match_their_singular():
    gold = [{"s": "Tianlu Biotech", "p": "competesIn", "o": "cell therapy"}]
    predicted = [{"s": "Tianlu Biotech", "p": "competesIn", "o": "cell therapies"}]
    assert evaluate(gold, predicted).overall == Score(1, 0, 0)
    assert evaluate(gold, [{"s": "Tianlu Biotech", "p": "competesIn", "o": "cell thera"}]).overall.tp == 0


def test_a_predicted_entity_line_joins_names_too():
    predicted = [
        {"entity": "Bytedance Ltd", "type": "Company", "aliases": ["ByteDance"]},
        {"s": "Bytedance Ltd", "p": "launches", "o": "Seedance 2.0"},
    ]
    assert evaluate(GOLD, predicted).relations["launches"].tp == 1


def test_a_company_whose_alias_is_a_town_is_not_that_towns_country():
    # "Songyuan Gases", called "Songyuan" later: the company, not China (Songyuan is also a Chinese city)
    predicted = [
        {"entity": "Songyuan Gases", "type": "Company", "aliases": ["Songyuan"]},
        {"s": "Songyuan Gases", "p": "partnersWith", "o": "Hoa Phat Steel"},
    ]
    assert evaluate([{"s": "Songyuan Gases", "p": "partnersWith", "o": "Hoa Phat Steel"}], predicted).overall.tp == 1
    assert evaluate([{"s": "China", "p": "partnersWith", "o": "Hoa Phat Steel"}], predicted).overall.tp == 0


def test_a_company_called_by_a_town_name_is_the_company():
    # "Zhejiang Sanmu Machinery", called "Sanmu" later (also a Japanese town): a fact about "Sanmu" is the company's
    gold = [
        {"entity": "Zhejiang Sanmu Machinery", "type": "Company", "aliases": ["Sanmu"]},
        {"s": "Zhejiang Sanmu Machinery", "p": "expandsInto", "o": "Brazil"},
    ]
    predicted = [{"entity": "Sanmu", "type": "Company"}, {"s": "Sanmu", "p": "expandsInto", "o": "Brazil"}]
    assert evaluate(gold, predicted).overall == Score(1, 0, 0)
    assert evaluate(gold, [{"s": "Japan", "p": "expandsInto", "o": "Brazil"}]).overall == Score(0, 1, 1)


def test_an_unnamed_object_matches_a_located_subsidiary_and_its_location_line_is_not_wrong():
    predicted = [
        {"s": "Ecovacs", "p": "hasSubsidiary", "o": "Ecovacs Sales GmbH"},
        {"s": "Ecovacs Sales GmbH", "p": "locatedIn", "o": "Germany"},
    ]
    report = evaluate([g for g in GOLD if g.get("p") == "hasSubsidiary"], predicted)
    assert report.overall == Score(1, 0, 0)


def test_a_subsidiary_elsewhere_does_not_match():
    predicted = [{"s": "Ecovacs", "p": "hasSubsidiary", "o": "Ecovacs France"}]
    report = evaluate([g for g in GOLD if g.get("p") == "hasSubsidiary"], predicted)
    assert report.overall == Score(0, 1, 1)


def test_status_is_part_of_the_comparison():
    gold = [{"s": "Acme", "p": "expandsInto", "o": "Japan", "status": "planned"}]
    assert evaluate(gold, [{"s": "Acme", "p": "expandsInto", "o": "Japan"}]).overall == Score(0, 1, 1)
    assert evaluate(gold, [{"s": "Acme", "p": "expandsInto", "o": "Japan", "status": "planned"}]).overall == Score(
        1, 0, 0
    )


@pytest.mark.parametrize(
    "change, matches",
    [
        ({"value": 2.57e9 * 1.009}, True),
        ({"value": 2.57e9 * 1.02}, False),
        ({"unit": "USD"}, False),
        ({"period": "2026-Q2"}, False),
        ({"s": "Kunlun"}, False),
    ],
)
def test_figures_compare_subject_metric_period_unit_and_value_within_one_percent(change, matches):
    predicted = [{**GOLD[-1], **change}]
    assert evaluate([GOLD[-1]], predicted).figures.tp == (1 if matches else 0)


@pytest.mark.parametrize(
    "gold_period, predicted_period, same",
    [
        ("2025-Q1/2025-Q3", "2025-01/2025-09", True),
        ("2023-H1", "2023-01/2023-06", True),
        ("2024", "2024-01/2024-12", True),
        ("2024-Q1", "2024-01/2024-02", False),
        ("2023-H1", "2023", False),
    ],
)
def test_a_period_matches_any_spelling_of_the_same_span(gold_period, predicted_period, same):
    gold = [{**GOLD[-1], "period": gold_period}]
    report = evaluate(gold, [{**GOLD[-1], "period": predicted_period}])
    assert report.figures.tp == (1 if same else 0)
    assert report.period_accuracy == (1.0 if same else 0.0)


def test_duplicates_count_once_and_misses_and_false_positives_are_listed():
    predicted = [{"s": "ByteDance", "p": "launches", "o": "Seedance 2.0"}] * 2 + [
        {"s": "ByteDance", "p": "competesIn", "o": "short video"}
    ]
    report = evaluate(GOLD, predicted)
    assert report.relations["launches"] == Score(1, 0, 0)
    assert report.relations["competesIn"] == Score(0, 1, 1)
    assert {"s": "ByteDance", "p": "competesIn", "o": "short video"} in report.false_positives
    assert any(m.get("o") == "floor-cleaning robots" for m in report.misses)


def test_rows_have_one_line_per_relation_then_totals():
    rows = evaluate(GOLD, GOLD).rows()
    assert [r["relation"] for r in rows][-3:] == ["relations", "figures", "figure values"]
    assert {"relation", "gold", "predicted", "tp", "precision", "recall", "f1"} <= set(rows[0])


def test_scores_with_nothing_to_find():
    assert Score().f1 == 1.0 and Score(0, 2, 0).precision == 0.0 and Score(0, 0, 3).recall == 0.0


def test_read_fact_lines_names_a_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(LoaderError, match=r"gold.jsonl:3: malformed JSON"):
        read_fact_lines(path)
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="expected a JSON object"):
        read_fact_lines(path)


def test_figures_match_strictly_and_by_value_and_unit_alone():
    gold = [{"s": "Acme", "metric": "overseasRevenue", "value": 4.1e9, "unit": "CNY", "period": "2024"}]
    renamed = [{"s": "Acme Group", "metric": "revenue", "value": 4.1e9, "unit": "CNY", "period": "2024"}]
    other_unit = [{"s": "Acme", "metric": "overseasRevenue", "value": 4.1e9, "unit": "USD", "period": "2024"}]
    assert evaluate(gold, renamed).figures == Score(0, 1, 1)
    assert evaluate(gold, renamed).figure_values == Score(1, 0, 0)
    assert evaluate(gold, other_unit).figure_values == Score(0, 1, 1)


def test_period_accuracy_counts_value_matched_figures_with_a_gold_period():
    gold = [
        {"s": "A", "metric": "revenue", "value": 10, "unit": "USD", "period": "2024"},
        {"s": "A", "metric": "revenue", "value": 20, "unit": "USD", "period": "2025-Q1"},
        {"s": "A", "metric": "storeCount", "value": 30, "unit": "count"},
    ]
    predicted = [
        {"s": "A", "metric": "revenue", "value": 10, "unit": "USD", "period": "2024"},
        {"s": "A", "metric": "revenue", "value": 20, "unit": "USD", "period": "2025"},
        {"s": "A", "metric": "storeCount", "value": 30, "unit": "count", "period": "2025"},
    ]
    report = evaluate(gold, predicted)
    assert report.periods == Score(1, 0, 1) and report.period_accuracy == 0.5


def test_a_gold_plan_written_in_its_note_is_a_planned_fact():
    gold = [{"s": "A", "p": "expandsInto", "o": "Japan", "note": "planned; announced in May"}]
    assert evaluate(gold, [{"s": "A", "p": "expandsInto", "o": "Japan", "status": "planned"}]).overall.tp == 1
    assert evaluate(gold, [{"s": "A", "p": "expandsInto", "o": "Japan"}]).overall.tp == 0


def test_reports_add_up_to_micro_averages():
    one = evaluate(GOLD, GOLD[:4])
    two = evaluate(GOLD, GOLD)
    total = one + two
    assert total.overall == one.overall + two.overall
    assert total.figure_values == one.figure_values + two.figure_values


def test_a_folder_pairs_gold_files_with_predictions_or_documents(tmp_path):
    from kg.evaluate import evaluate_folder, micro

    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    (gold / "a.facts.jsonl").write_text('{"s": "Acme Robotics", "p": "expandsInto", "o": "Japan"}\n')
    (gold / "b.facts.jsonl").write_text('{"s": "Zeta", "p": "operatesIn", "o": "Chile"}\n')
    (docs / "a.txt").write_text("Acme Robotics opened a sales subsidiary in Japan in 2025.\n")
    (docs / "b.jsonl").write_text('{"s": "Zeta", "p": "operatesIn", "o": "Chile"}\n')
    scored = evaluate_folder(gold, docs)
    assert [s.name for s in scored] == ["a", "b"]
    assert micro(scored).overall.tp == 2


def test_a_folder_without_a_prediction_names_the_gold_file(tmp_path):
    from kg.evaluate import evaluate_folder

    (tmp_path / "c.facts.jsonl").write_text("{}\n")
    with pytest.raises(LoaderError, match="no prediction or document named c"):
        evaluate_folder(tmp_path, tmp_path)


def test_a_regression_case_reports_missed_and_forbidden_lines():
    from kg.evaluate import score_case

    case = {
        "id": "t-1",
        "text": "Acme Robotics opened a sales subsidiary in Japan in 2025.",
        "facts": [
            {"s": "Acme Robotics", "p": "expandsInto", "o": "Japan"},
            {"s": "Acme Robotics", "p": "operatesIn", "o": "Peru"},
        ],
        "not": [
            {"s": "Acme Robotics", "p": "headquarteredIn", "o": "Japan"},
            {"s": "Acme Robotics", "p": "expandsInto", "o": "Japan"},
        ],
    }
    result = score_case(case)
    assert result.found == 1 and result.missed == [case["facts"][1]]
    assert result.violations == [case["not"][1]]


def test_a_partnership_matches_either_way_round():
    gold = [{"s": "NIO", "p": "partnersWith", "o": "CATL"}]
    assert evaluate(gold, [{"s": "CATL", "p": "partnersWith", "o": "NIO"}]).overall.tp == 1
    assert evaluate([{"s": "A", "p": "hasBrand", "o": "B"}], [{"s": "B", "p": "hasBrand", "o": "A"}]).overall.tp == 0
