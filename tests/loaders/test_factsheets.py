"""The JSONL, CSV and YAML loaders read the same facts in the same shape."""

from __future__ import annotations

import pytest

import loaders
from kg.errors import LoaderError, UnknownFormat
from kg.model import Entity, Observation

JSONL = """{"entity": "Tineco", "type": "Brand", "aliases": ["Tineco Intelligent"]}
{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco", "evidence": "Tineco belongs to Ecovacs.", "source": "fact sheet"}
{"s": "Tineco", "p": "expandsInto", "o": "Middle East", "via": "dealer network", "date": "2025-Q3"}
{"s": "Ecovacs", "metric": "storeCount", "value": 120, "unit": "count", "period": "2025"}
"""
CSV = """entity,type,aliases,s,p,o,via,date,evidence,source,metric,value,unit,period
Tineco,Brand,Tineco Intelligent,,,,,,,,,,,
,,,Ecovacs,hasBrand,Tineco,,,Tineco belongs to Ecovacs.,fact sheet,,,,
,,,Tineco,expandsInto,Middle East,dealer network,2025-Q3,,,,,,
,,,Ecovacs,,,,,,,storeCount,120,count,2025
"""
YAML = """facts:
  - {entity: Tineco, type: Brand, aliases: [Tineco Intelligent]}
  - {s: Ecovacs, p: hasBrand, o: Tineco, evidence: Tineco belongs to Ecovacs., source: fact sheet}
  - {s: Tineco, p: expandsInto, o: Middle East, via: dealer network, date: 2025-Q3}
  - {s: Ecovacs, metric: storeCount, value: 120, unit: count, period: "2025"}
"""


def _load(path):
    return list(loaders.for_path(path).load(path))


@pytest.mark.parametrize("name, text", [("f.jsonl", JSONL), ("f.csv", CSV), ("f.yaml", YAML)])
def test_each_format_gives_the_same_records(write, name, text):
    records = _load(write(name, text))
    entity, brand, expands, figure = records
    assert entity == Entity("Tineco", "Brand", ("Tineco Intelligent",), (), entity.provenance)
    assert (brand.subject, brand.relation, brand.object) == ("Ecovacs", "hasBrand", "Tineco")
    assert brand.provenance.evidence == "Tineco belongs to Ecovacs." and brand.provenance.cited == "fact sheet"
    assert expands.qualifiers == (("date", "2025-Q3"), ("via", "dealer network"))
    assert isinstance(figure, Observation) and figure.value == 120.0 and figure.period == "2025"
    first = 2 if name == "f.jsonl" else 3  # the CSV header and the YAML "facts:" key take line 1
    assert [r.provenance.line for r in (brand, expands, figure)] == [first, first + 1, first + 2]


def test_unnamed_objects_become_named_from_what_is_known(write):
    path = write("f.jsonl", '{"s": "Ecovacs", "p": "hasSubsidiary", "o": "*", "o_locatedIn": "Germany"}\n')
    sub, located = _load(path)
    assert (sub.object, located.subject, located.relation, located.object) == (
        "Ecovacs Germany",
        "Ecovacs Germany",
        "locatedIn",
        "Germany",
    )


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"s": "A", "p": "launches"', "f.jsonl:1: malformed JSON"),
        (
            '{"s": "A", "p": "launches", "o": "B", "colour": "red"}',
            "f.jsonl:1: unknown field 'colour' in a relation line; allowed: s, p, o",
        ),
        (
            '{"s": "A", "metric": "revenue", "value": "lots", "unit": "USD"}',
            "f.jsonl:1: field 'value' must be a number, not 'lots'",
        ),
        ('{"s": "A", "p": "launches", "o": ["B"]}', "f.jsonl:1: field 'o' must be text, not list"),
        ('{"s": "A", "p": "launches", "o": "B", "confidence": 7}', "f.jsonl:1: confidence must be between 0 and 1"),
        ("[1, 2]", "f.jsonl:1: expected an object with fields, got list"),
        ('{"x": 1}', "f.jsonl:1: not an entity line"),
        ('{"entity": "A", "type": "Company", "ids": {"isin": "X"}}', "f.jsonl:1: unknown identifier scheme 'isin'"),
    ],
)
def test_bad_lines_name_the_file_line_and_problem(write, line, message):
    path = write("f.jsonl", line + "\n")
    with pytest.raises(LoaderError) as caught:
        _load(path)
    assert str(caught.value).startswith(str(path.parent / message))
    assert "\n" not in str(caught.value)


def test_deeply_nested_json_is_a_clean_error(write):
    path = write("f.jsonl", "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(LoaderError, match=r"f\.jsonl:1: malformed JSON"):
        _load(path)


def test_invalid_utf8_names_the_line(write):
    path = write("f.jsonl", b'{"s": "A", "p": "launches", "o": "B"}\n{"s": "\xff"}\n')
    with pytest.raises(LoaderError, match=r"f.jsonl:2: not valid UTF-8"):
        _load(path)


def test_csv_with_extra_cells_is_refused(write):
    path = write("f.csv", "s,p,o\nA,launches,B,extra\n")
    with pytest.raises(LoaderError, match=r"f.csv:2: more cells than header columns"):
        _load(path)


def test_yaml_errors_name_the_line(write):
    path = write("f.yaml", "- {s: A, p: launches, o: B}\n- {s: A, p: [\n")
    with pytest.raises(LoaderError, match=r"f.yaml:\d+: malformed YAML"):
        _load(path)


def test_unknown_suffix_lists_the_known_ones(write):
    with pytest.raises(UnknownFormat, match=r"unknown loader suffix '.xlsx'; known: .*\.jsonl"):
        loaders.for_path(write("f.xlsx", "x"))


def alias_bomb(depth: int, indent: str = "") -> str:
    """Nested YAML aliases: a few hundred bytes that stand for 9**depth values."""
    lines = [f'{indent}l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{indent}l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "line",
    [
        "{s: A, metric: revenue, unit: USD, value: *l4}",
        "{s: A, p: launches, o: *l4}",
        "{entity: A, type: Company, wikidata: *l4}",
    ],
)
def test_yaml_aliases_are_refused_naming_the_line(write, line):
    path = write("bomb.yaml", "defs:\n" + alias_bomb(4, "  ") + f"facts:\n  - {line}\n")
    with pytest.raises(LoaderError) as caught:
        _load(path)
    assert str(caught.value) == f"{path}:3: YAML aliases (*l0) are not allowed; write the value out"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "- {s: A, metric: revenue, unit: USD, value: " + "9" * 5000 + "}\n",
            "f.yaml:1: bad YAML value: a number with more than",
        ),
        (
            "- {s: A, p: launches, o: B}\n- {s: A, p: launches, o: B, date: 2026-13-45}\n",
            "f.yaml:2: bad YAML value: month must be",
        ),
    ],
)
def test_yaml_values_python_cannot_build_name_the_line(write, text, message):
    path = write("f.yaml", text)
    with pytest.raises(LoaderError) as caught:
        _load(path)
    assert str(caught.value).startswith(str(path.parent / message)) and len(str(caught.value)) < 300


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "f.jsonl",
            '{"entity": "A", "type": "Company", "ids": [1, 2]}',
            "f.jsonl:1: field 'ids' must be an object of scheme: identifier, not list",
        ),
        (
            "f.jsonl",
            '{"entity": "A", "type": "Company", "ids": "abc"}',
            "f.jsonl:1: field 'ids' must be an object of scheme: identifier, not str",
        ),
        (
            "f.jsonl",
            '{"entity": "A", "type": "Company", "ids": {"wikidata": ["Q1"]}}',
            "f.jsonl:1: field 'wikidata' must be text, not list",
        ),
        ("f.yaml", "- {s: A, p: launches, o: B, 1: x}", "f.yaml:1: field names must be text, not 1"),
        ("f.jsonl", '{"s": "\\ud800", "p": "launches", "o": "B"}', "f.jsonl:1: field 's' is not valid Unicode text"),
        (
            "f.jsonl",
            '{"entity": "A", "type": "Company", "aliases": ["\\udfff"]}',
            "f.jsonl:1: field 'aliases' is not valid Unicode text",
        ),
        (
            "f.jsonl",
            '{"s": "A", "metric": "revenue", "unit": "USD", "value": ' + "9" * 5000 + "}",
            "f.jsonl:1: malformed JSON: a number with more than 4,300 digits",
        ),
        (
            "f.jsonl",
            '{"s": "A", "metric": "revenue", "unit": "USD", "value": ' + "9" * 400 + "}",
            "f.jsonl:1: field 'value' must be a number, not a very long number",
        ),
        (
            "f.jsonl",
            '{"s": "A", "metric": "revenue", "unit": "USD", "value": NaN}',
            "f.jsonl:1: malformed JSON: NaN is not a JSON number",
        ),
        (
            "f.jsonl",
            '{"s": "A", "metric": "revenue", "unit": "USD", "value": -Infinity}',
            "f.jsonl:1: malformed JSON: -Infinity is not a JSON number",
        ),
        (
            "f.jsonl",
            '{"s": "A", "metric": "revenue", "unit": "USD", "value": 1e999}',
            "f.jsonl:1: field 'value' must be a finite number, not inf",
        ),
        (
            "f.jsonl",
            '{"s": "A", "metric": "revenue", "unit": "USD", "value": "NaN"}',
            "f.jsonl:1: field 'value' must be a finite number, not nan",
        ),
        (
            "f.csv",
            "s,metric,value,unit\nA,revenue,Infinity,USD",
            "f.csv:2: field 'value' must be a finite number, not inf",
        ),
        (
            "f.yaml",
            "- {s: A, metric: revenue, value: .nan, unit: USD}",
            "f.yaml:1: field 'value' must be a finite number, not nan",
        ),
        (
            "f.jsonl",
            '{"s": "A", "metric": "revenue", "unit": "USD", "value": 1, "span": "' + "x" * 10_000 + '"}',
            "f.jsonl:1: span must be [start, end], not 'xxxxxxxx",
        ),
    ],
)
def test_bad_values_are_one_line_errors_naming_the_line(write, name, text, message):
    path = write(name, text + "\n")
    with pytest.raises(LoaderError) as caught:
        _load(path)
    assert str(caught.value).startswith(f"{path.parent}/{message}")
    assert "\n" not in str(caught.value) and len(str(caught.value)) < len(str(path)) + 310
