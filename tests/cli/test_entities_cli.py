"""Resolution across sources, explained and corrected by hand: kg entities, kg merge, kg split."""

from __future__ import annotations

import json

A = (
    '{"entity": "Kunlun Tech", "type": "Company", "aliases": ["Kunlun Tech Co., Ltd."]}\n'
    '{"s": "Kunlun Tech", "p": "launches", "o": "Skywork Music"}\n'
)
B = '{"s": "Kunlun", "p": "launches", "o": "Skywork Musik"}\n{"s": "Kunlun Wanwei", "p": "expandsInto", "o": "Japan"}\n'


def entities(invoke, name):
    result = invoke("entities", name, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_short_name_and_misspelt_product_resolve_with_reasons(invoke, write):
    invoke("load", str(write("a.jsonl", A)), str(write("b.jsonl", B)))
    [kunlun] = entities(invoke, "Kunlun")
    assert kunlun["name"] == "Kunlun Tech" and "Kunlun" in kunlun["aliases"]
    assert kunlun["merges"][0]["reason"] == "the same name as 'Kunlun Tech' without its descriptor words"
    [product] = entities(invoke, "Skywork Musik")
    assert product["name"] == "Skywork Music" and product["aliases"] == ["Skywork Musik"]
    assert "one edit from 'Skywork Music'" in product["merges"][0]["reason"]


def test_merge_and_split_survive_reloading(invoke, write):
    a, b = write("a.jsonl", A), write("b.jsonl", B)
    invoke("load", str(a), str(b))
    assert invoke("merge", "Kunlun Tech", "Kunlun Wanwei").exit_code == 0
    [merged] = entities(invoke, "Kunlun Wanwei")
    assert merged["name"] == "Kunlun Tech"
    assert invoke("split", "Kunlun", "--from", "Kunlun Tech").exit_code == 0
    [alone] = entities(invoke, "Kunlun")
    assert alone["name"] == "Kunlun" and alone["iri"].endswith("/org/kunlun")
    b.write_text(B + '{"s": "Kunlun Wanwei", "p": "operatesIn", "o": "Korea"}\n', encoding="utf-8")
    invoke("load", str(b))
    assert entities(invoke, "Kunlun Wanwei")[0]["name"] == "Kunlun Tech"
    assert entities(invoke, "Kunlun")[0]["name"] == "Kunlun"


def test_unknown_names_and_pointless_corrections_are_one_line_errors(invoke, write, data_dir):
    invoke("load", str(write("a.jsonl", A)))
    missing = invoke("entities", "Nobody")
    # the folder asked is named: a name missing from the wrong folder reads the same as one missing from the right
    assert missing.exit_code == 1 and missing.output == f"Error: no entity named 'Nobody' (data folder {data_dir})\n"
    same = invoke("merge", "Kunlun Tech", "Kunlun Tech Co., Ltd.")
    assert same.exit_code == 1 and "are already one entity" in same.output
    own = invoke("split", "Kunlun Tech", "--from", "Kunlun Tech")
    assert own.exit_code == 1 and "is the entity's own name" in own.output
