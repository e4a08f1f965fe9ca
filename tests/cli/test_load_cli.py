"""``kg load``, ``kg stats``, ``kg remove`` and the refusals, through click's runner."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES

GOOD = '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}\n'


def stats(invoke):
    return json.loads(invoke("stats", "--format", "json").output)


def test_examples_load_and_count(invoke):
    result = invoke("load", str(EXAMPLES / "factsheets"))
    assert result.exit_code == 0, result.output
    assert "6 sources (6 added, 0 replaced, 0 unchanged, 0 failed)" in result.output
    counts = stats(invoke)
    assert counts["facts"] >= 30 and counts["observations"] == 13 and counts["sources"] == 6
    assert invoke("validate").output == "conforms: the graph satisfies every shape\n"


def test_load_twice_reports_unchanged(invoke, write):
    path = write("a.jsonl", GOOD)
    invoke("load", str(path))
    again = invoke("load", str(path))
    assert again.output.splitlines()[0] == f"unchanged {path}"


def test_dry_run_prints_the_diff_and_writes_nothing(invoke, write):
    result = invoke("load", "--dry-run", str(write("a.jsonl", GOOD)))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("Dry run, nothing written: 1 sources (1 added")
    assert "facts 1 added" in result.output
    assert stats(invoke)["facts"] == 0


@pytest.mark.parametrize(
    "name, content, error",
    [
        (
            "bad.jsonl",
            '{"s": "A", "p": "ownsPlanet", "o": "B"}\n',
            "bad.jsonl:1: unknown relation 'ownsPlanet'; allowed: acquires, adoptsStrategy, competesIn, develops, "
            "expandsInto, hasBrand, hasSubsidiary, headquarteredIn, includes, investsIn, launches, locatedIn, "
            "operatesIn, partnersWith, sellsThrough",
        ),
        (
            "bad.jsonl",
            '{"entity": "A", "type": "Planet"}\n',
            "bad.jsonl:1: unknown class 'Planet'; allowed: Organization",
        ),
        (
            "bad.jsonl",
            '{"s": "A", "p": "launches", "o": "B", "date": "last spring"}\n',
            "bad.jsonl:1: date: 'last spring' is not a date",
        ),
        (
            "bad.jsonl",
            '{"s": "A", "p": "expandsInto", "o": "Atlantis"}\n',
            "bad.jsonl:1: 'Atlantis' is not a known country or region",
        ),
        (
            "bad.jsonl",
            '{"entity": "T", "type": "Brand"}\n{"s": "T", "s_type": "Brand", "p": "hasSubsidiary", "o": "X"}\n',
            "bad.jsonl:2: the subject of hasSubsidiary must be a Company, but 'T' is a Brand",
        ),
        ("bad.jsonl", '{"s": "A", "p": "launches"\n', "bad.jsonl:1: malformed JSON"),
        ("bad.jsonl", b'{"s": "\xff"}\n', "bad.jsonl:1: not valid UTF-8"),
        ("bad.xlsx", "PK", "unknown loader suffix '.xlsx'; known:"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_stores_nothing(invoke, write, name, content, error):
    invoke("load", str(write("good.jsonl", GOOD)))
    before = stats(invoke)
    result = invoke("load", str(write(name, content)))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and error in errors[0], result.output
    assert "Traceback" not in result.output
    assert stats(invoke) == before


def test_one_bad_file_does_not_stop_the_others(invoke, write):
    result = invoke("load", str(write("x/a.jsonl", GOOD)), str(write("x/b.jsonl", "{")))
    assert result.exit_code == 1
    assert "1 added, 0 replaced, 0 unchanged, 1 failed" in result.output
    assert stats(invoke)["facts"] == 1


def test_missing_path_is_one_line(invoke, tmp_path):
    result = invoke("load", str(tmp_path / "nowhere.jsonl"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nowhere.jsonl'}: no such file or folder\n"


def test_remove_source(invoke, write):
    a, b = write("a.jsonl", GOOD), write("b.jsonl", GOOD + '{"s": "Tineco", "p": "expandsInto", "o": "Japan"}\n')
    invoke("load", str(a), str(b))
    result = invoke("remove", "--source", str(b))
    assert result.output == f"removed {b}\n"
    assert stats(invoke)["facts"] == 1
    unknown = invoke("remove", "--source", str(b))
    assert unknown.exit_code == 1 and "this source was never loaded" in unknown.output


def test_names_that_look_like_code_are_stored_as_text(invoke, write):
    names = [
        "Acme \"Quoted\" 'Co'",
        "Back`tick} DETACH DELETE n //",
        "Line\nBreak",
        "<http://evil> ; DROP ALL",
        "x } . ?s ?p ?o",
        "\u202eRTL mark",
        "Null\u0000Byte",
    ]
    lines = "".join(json.dumps({"s": n, "p": "expandsInto", "o": "Japan"}) + "\n" for n in names)
    assert invoke("load", str(write("evil.jsonl", lines))).exit_code == 0
    rows = json.loads(invoke("sparql", "SELECT ?n WHERE { ?c a kgo:Company ; kgo:name ?n }", "--format", "json").output)
    stored = {b["n"]["value"] for b in rows["results"]["bindings"]}
    assert stored == {" ".join(n.split()) for n in names}
    assert stats(invoke)["facts"] == len(names)


def test_max_text_chars_fails_the_long_document_alone(invoke, write):
    from tests.loaders.test_documents import form_bomb_pdf

    bomb, good = write("x/bomb.pdf", form_bomb_pdf(2000)), write("x/good.jsonl", GOOD)
    result = invoke("load", "--max-text-chars", "10000", str(bomb), str(good))
    assert result.exit_code == 1
    assert (
        f"Error: {bomb}: text longer than 10,000 characters by page 1; raise the limit with --max-text-chars"
        in result.output.splitlines()
    )
    assert "1 added, 0 replaced, 0 unchanged, 1 failed" in result.output
    assert stats(invoke)["facts"] == 1
    assert invoke("load", "--max-text-chars", "200000", str(bomb)).exit_code == 0


BAD_FILES = {
    "ids-list.jsonl": ('{"entity": "A", "type": "Company", "ids": [1, 2]}\n', ":1: field 'ids' must be an object"),
    "ids-text.jsonl": ('{"entity": "A", "type": "Company", "ids": "abc"}\n', ":1: field 'ids' must be an object"),
    "int-key.yaml": (
        "- {s: A, p: launches, o: B}\n- {s: A, p: launches, o: B, 1: x}\n",
        ":2: field names must be text",
    ),
    "surrogate.jsonl": ('{"s": "\\ud800", "p": "launches", "o": "B"}\n', ":1: field 's' is not valid Unicode text"),
    "digits.jsonl": (
        '{"s": "A", "metric": "revenue", "unit": "USD", "value": ' + "9" * 5000 + "}\n",
        ":1: malformed JSON: a number with more than 4,300 digits",
    ),
    "nan.jsonl": ('{"s": "A", "metric": "revenue", "unit": "USD", "value": NaN}\n', ":1: malformed JSON: NaN"),
    "inf.csv": ("s,metric,value,unit\nA,revenue,inf,USD\n", ":2: field 'value' must be a finite number, not inf"),
    "no-metric.ttl": (
        "@prefix kgo: <https://w3id.org/expansion-kg/ontology#> .\n<http://e/a> a kgo:Company ; "
        'kgo:name "A" .\n<http://e/o> a kgo:Observation ; kgo:subject <http://e/a> ; kgo:value 1.0 ; '
        'kgo:unit "USD" .\n',
        ": observation <http://e/o> has no kgo:metric",
    ),
    "bomb.yaml": ("- &a {s: A, p: launches, o: B}\n- *a\n", ":2: YAML aliases (*a) are not allowed"),
}


def test_each_bad_file_fails_alone_in_one_line_and_the_rest_load(invoke, write):
    paths = [write(f"x/{name}", text) for name, (text, _) in BAD_FILES.items()]
    good = write("x/zz-good.jsonl", GOOD)
    result = invoke("load", *map(str, paths), str(good))
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == len(paths)
    for error, path, (_, message) in zip(errors, paths, BAD_FILES.values(), strict=True):
        assert error.startswith(f"Error: {path}{message}") and len(error) < len(str(path)) + 320, error
    assert f"added     {good}: facts 1 added" in result.output
    assert f"1 added, 0 replaced, 0 unchanged, {len(BAD_FILES)} failed" in result.output
    assert stats(invoke)["facts"] == 1 and stats(invoke)["observations"] == 0


def test_an_unforeseen_error_in_one_file_is_one_line_and_the_rest_load(invoke, write, monkeypatch):
    import loaders.csv

    def broken(self, path):
        raise RuntimeError("the parser fell over\nwith a second line")
        yield

    monkeypatch.setattr(loaders.csv.CsvLoader, "load", broken)
    bad, good = write("x/a.csv", "s,p,o\nA,launches,B\n"), write("x/b.jsonl", GOOD)
    result = invoke("load", str(bad), str(good))
    assert result.exit_code == 1
    assert f"Error: {bad}: cannot read (RuntimeError: the parser fell over)" in result.output.splitlines()
    assert stats(invoke)["facts"] == 1


def test_tables_show_newlines_and_bidi_marks_as_escapes(invoke, write):
    said = ["Line\nBreak", "\u202eRTL mark", "Tab\there", "Null\u0000Byte"]
    lines = "".join(
        json.dumps({"s": f"Acme {n}", "p": "expandsInto", "o": "Japan", "evidence": e}) + "\n"
        for n, e in enumerate(said)
    )
    assert invoke("load", str(write("evil.jsonl", lines))).exit_code == 0
    result = invoke("sparql", "SELECT ?e WHERE { ?p kgo:evidence ?e } ORDER BY ?e")
    rows = [line.rstrip() for line in result.output.splitlines()[2:]]
    assert rows == ["Line\\nBreak", "Null\\x00Byte", "Tab\\there", "\\u202eRTL mark"]
    assert not any(c in result.output for c in "\u202e\t\x00")


def test_a_zero_width_space_does_not_make_a_second_entity(invoke, write):
    lines = (
        '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}\n'
        '{"s": "Eco\\u200bvacs", "p": "expandsInto", "o": "Ger\\u200bmany"}\n'
    )
    assert invoke("load", str(write("zw.jsonl", lines))).exit_code == 0
    rows = json.loads(invoke("sparql", "SELECT ?c WHERE { ?c a kgo:Company }", "--format", "json").output)
    assert len(rows["results"]["bindings"]) == 1
    assert "Germany" in invoke("paths", "Ecovacs").output


def test_an_alias_that_is_only_a_legal_form_is_warned_about_and_dropped(invoke, write):
    path = write(
        "k.yaml", "facts:\n  - entity: Kunlun Tech\n    type: Company\n    aliases: [Kunlun, Kunlun Tech Co., Ltd.]\n"
    )
    result = invoke("load", str(path))
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings == [
        f"Warning: {path}:2: alias 'Ltd.' of 'Kunlun Tech' is only a legal form and was ignored; "
        "a name holding a comma needs quotes"
    ]
    assert invoke("entities", "Ltd.").exit_code == 1
    assert invoke("entities", "Kunlun").exit_code == 0


def test_a_fact_means_the_entity_its_own_source_declares(invoke, write):
    """A name another source made a Company stays this source's Product in this source's facts."""
    invoke("load", str(write("a.jsonl", '{"s": "ChatGPT", "p": "competesIn", "o": "chat"}\n')))
    invoke(
        "load",
        str(
            write(
                "b.jsonl",
                '{"entity": "ChatGPT", "type": "Product"}\n{"s": "ChatGPT", "p": "competesIn", "o": "assistants"}\n',
            )
        ),
    )
    products = [
        e for e in json.loads(invoke("entities", "ChatGPT", "--format", "json").output) if e["type"] == "Product"
    ]
    assert len(products) == 1 and products[0]["facts"] == 1


def test_fact_sheets_load_before_documents_and_type_their_names(invoke, write):
    doc = write(
        "a/notes.txt", "ChatGPT dominates the field of AI intelligent assistants, so newcomers look elsewhere.\n"
    )
    sheet = write("b/products.jsonl", '{"entity": "ChatGPT", "type": "Product"}\n')
    result = invoke("load", str(doc.parent), str(sheet.parent))
    assert [line.split()[1].rstrip(":") for line in result.output.splitlines()[:2]] == [str(sheet), str(doc)]
    assert [e["type"] for e in json.loads(invoke("entities", "ChatGPT", "--format", "json").output)] == ["Product"]


NON_FINITE = {
    "big.jsonl": '{"s": "A", "metric": "revenue", "unit": "USD", "value": 1e999}\n',
    "minf.jsonl": '{"s": "A", "metric": "revenue", "unit": "USD", "value": -Infinity}\n',
    "text-nan.jsonl": '{"s": "A", "metric": "revenue", "unit": "USD", "value": "nan"}\n',
    "conf.jsonl": '{"s": "A", "metric": "revenue", "unit": "USD", "value": 1, "confidence": NaN}\n',
    "inf.yaml": "- {s: A, metric: revenue, value: .inf, unit: USD}\n",
    "minf.csv": "s,metric,value,unit\nA,revenue,-inf,USD\n",
    "inf.ttl": (
        "@prefix kgo: <https://w3id.org/expansion-kg/ontology#> .\n"
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://e/a> a kgo:Company ; kgo:name "A" .\n'
        '<http://e/o> a kgo:Observation ; kgo:subject <http://e/a> ; kgo:metric "revenue" ; '
        'kgo:value "INF"^^xsd:double ; kgo:unit "USD" .\n'
    ),
}


def test_non_finite_figures_are_refused_at_load_and_the_exports_run(invoke, write):
    """Issue 21, finding 12: NaN and Infinity figures loaded, then crashed the nodelink and factlines exports."""
    paths = [write(f"x/{name}", text) for name, text in NON_FINITE.items()]
    good = write(
        "x/zz-good.jsonl", '{"s": "Acme", "metric": "revenue", "unit": "USD", "value": 12.5, "period": "2024"}\n'
    )
    result = invoke("load", *map(str, paths), str(good))
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == len(paths), result.output
    assert all("finite" in e or "NaN" in e or "Infinity" in e for e in errors), errors
    assert stats(invoke)["observations"] == 1
    for fmt in ("nodelink", "factlines"):
        exported = invoke("export", "--format", fmt)
        assert exported.exit_code == 0, exported.output
        text = exported.output
        values = [json.loads(line) for line in text.splitlines()] if fmt == "factlines" else [json.loads(text)]
        assert "NaN" not in text and "Infinity" not in text and values


def _bounded(limit_bytes: int):
    """A child that may not use more than ``limit_bytes`` of memory.

    A regression then fails instead of eating the machine."""
    import resource

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (limit_bytes, limit_bytes))

    return apply


def test_a_yaml_alias_bomb_and_a_markdown_one_fail_at_once_through_the_cli(write, tmp_path):
    """Issue 21, finding 5: a 426-byte YAML fact sheet and a 404-byte Markdown front matter hung kg load and kg extract
    with memory growing without bound (9**9 values behind a few hundred bytes)."""
    import os
    import subprocess
    import time

    levels = "".join(f"l{n}: &l{n} [{','.join([f'*l{n - 1}' if n else 'lol'] * 9)}]\n" for n in range(9))
    sheet = write("x/bomb.yaml", levels + "facts:\n  - {s: A, p: launches, o: *l8}\n")
    matter = write("x/bomb.md", f"---\n{levels}title: *l8\n---\n\nAcme opened a store in Japan.\n")
    assert len(sheet.read_bytes()) < 500 and len(matter.read_bytes()) < 500
    good = write("x/good.jsonl", GOOD)
    env = {**os.environ, "KG_DATA": str(tmp_path / "kg"), "KG_STORE": "embedded"}
    started = time.monotonic()
    for args in (["load", str(sheet), str(matter), str(good)], ["extract", str(matter)]):
        done = subprocess.run(
            ["kg", *args], capture_output=True, text=True, env=env, timeout=120, preexec_fn=_bounded(3 * 1024**3)
        )
        assert done.returncode == 1, (args, done.stderr[-500:])
        errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Error: ")]
        assert errors and all("YAML aliases" in e and len(e) < 300 for e in errors), errors
        assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 60
    assert "Ecovacs" in subprocess.run(["kg", "entities", "Ecovacs"], capture_output=True, text=True, env=env).stdout
