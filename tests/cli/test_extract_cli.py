"""``kg extract`` and ``kg eval`` through click's runner, on exact output where it is stable."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from kg.cli.extract_cmd import eval_cmd, extract_cmd

ARTICLE = "Acme Robotics entered Japan in 2025. It sells through distributors and flagship stores.\n"


@pytest.fixture
def kg():
    group = click.Group(commands=[extract_cmd, eval_cmd])
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(group, list(args), catch_exceptions=False)

    return run


def test_extract_prints_fact_lines_and_a_summary(kg, write):
    path = write("note.txt", ARTICLE)
    result = kg("extract", str(path))
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert (
        lines[0]["entity"]
        and {"s": "Acme Robotics", "p": "expandsInto", "o": "Japan"}.items()
        <= lines[next(i for i, x in enumerate(lines) if x.get("p") == "expandsInto")].items()
    )
    fact = next(x for x in lines if x.get("p") == "expandsInto")
    assert fact["evidence"] == "Acme Robotics entered Japan in 2025." and fact["span"] == [0, 36]
    assert fact["source"] == str(path) and fact["extractor"] == "rules" and fact["date"] == "2025"
    assert result.stderr == "1 documents: 1 read, 0 failed; 3 facts, 0 figures, 4 entities\n"


def test_extract_as_a_table(kg, write):
    result = kg("extract", str(write("note.txt", ARTICLE)), "--format", "table")
    assert result.stdout.splitlines()[1].split() == ["subject", "relation", "object", "details", "confidence"]
    assert any(line.split()[:3] == ["Acme", "Robotics", "expandsInto"] for line in result.stdout.splitlines())


def test_a_bad_document_is_reported_and_the_others_still_read(kg, write, tmp_path):
    write("docs/good.txt", ARTICLE)
    write("docs/empty.txt", "")
    write("docs/facts.jsonl", '{"s": "A", "p": "expandsInto", "o": "Japan"}\n')
    result = kg("extract", str(tmp_path / "docs"), "--stats")
    assert result.exit_code == 1
    assert '"o": "Japan"' in result.stdout
    errors = result.stderr.splitlines()
    assert errors[0] == f"Error: {tmp_path / 'docs' / 'empty.txt'}: empty document"
    assert errors[1] == "2 documents: 1 read, 1 failed; 3 facts, 0 figures, 4 entities"
    assert errors[2].endswith("words/s")


def test_a_fact_sheet_named_directly_is_not_a_document(kg, write):
    path = write("facts.jsonl", "{}\n")
    result = kg("extract", str(path))
    assert result.exit_code == 1 and "not a document" in result.stderr


def test_an_unknown_extractor_is_refused_by_the_option(kg, write):
    result = kg("extract", str(write("note.txt", ARTICLE)), "--extractor", "magic")
    assert result.exit_code == 2 and "Invalid value for '--extractor'" in result.output


def test_eval_prints_scores_per_relation(kg, write):
    gold = write(
        "gold.jsonl",
        '{"s": "Acme Robotics", "p": "expandsInto", "o": "Japan"}\n'
        '{"s": "Acme Robotics", "p": "sellsThrough", "o": "dealers"}\n',
    )
    predicted = write("pred.jsonl", kg("extract", str(write("note.txt", ARTICLE))).stdout)
    result = kg("eval", str(gold), str(predicted), "--details")
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[2:] if line and line[0].isalpha()}
    assert rows["expandsInto"] == ["1", "1", "1", "1", "1", "1"]
    assert rows["relations"] == ["2", "3", "1", "0.333", "0.5", "0.4"]
    assert "  Acme Robotics sellsThrough dealers" in result.stdout


def test_eval_as_json(kg, write):
    gold = write("gold.jsonl", '{"s": "A", "metric": "revenue", "value": 10, "unit": "USD", "period": "2025"}\n')
    result = kg("eval", str(gold), str(gold), "--format", "json")
    report = json.loads(result.stdout)
    assert report["scores"][-2] == {
        "relation": "figures",
        "gold": 1,
        "predicted": 1,
        "tp": 1,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert report["misses"] == report["false_positives"] == []


def test_eval_names_a_bad_gold_file(write):
    from kg.cli import cli

    gold = write("gold.jsonl", "{broken\n")
    result = CliRunner().invoke(cli, ["eval", str(gold), str(gold)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {gold}:1: malformed JSON: Expecting property name enclosed in double quotes (column 2)\n"
    )


def test_max_text_chars_fails_the_long_document_alone(kg, write, tmp_path):
    write("docs/a-long.md", "# Acme\n\n" + ARTICLE * 40)
    write("docs/b-short.txt", ARTICLE)
    result = kg("extract", str(tmp_path / "docs"), "--max-text-chars", "2000")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / 'docs' / 'a-long.md'}: text longer than 2,000 characters; raise the limit with "
        "--max-text-chars",
        "2 documents: 1 read, 1 failed; 3 facts, 0 figures, 4 entities",
    ]
    assert kg("extract", str(tmp_path / "docs"), "--max-text-chars", "5000").exit_code == 0


def test_eval_scores_a_folder_of_documents_a_row_each_then_the_micro_average(kg, tmp_path):
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    (gold / "one.facts.jsonl").write_text('{"s": "Acme Robotics", "p": "expandsInto", "o": "Japan"}\n')
    (gold / "two.facts.jsonl").write_text('{"s": "Zeta Foods", "metric": "revenue", "value": 2e9, "unit": "USD"}\n')
    (docs / "one.txt").write_text("Acme Robotics opened a sales subsidiary in Japan in 2025.\n")
    (docs / "two.txt").write_text("Zeta Foods said its revenue reached $2 billion last year.\n")
    result = kg("eval", str(gold), str(docs))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["document", "relations", "P", "relations"]
    assert [line.split()[0] for line in lines[2:5]] == ["one", "two", "all"]
    assert "period accuracy" in result.stdout
    report = json.loads(kg("eval", str(gold), str(docs), "--format", "json").stdout)
    assert [d["document"] for d in report["documents"]] == ["one", "two"]
    assert report["summary"]["relations R"] == 1.0 and report["summary"]["figure values F1"] == 1.0


def test_eval_refuses_a_file_against_a_folder(kg, write, tmp_path):
    result = kg("eval", str(write("gold.jsonl", "{}\n")), str(tmp_path))
    assert result.exit_code == 2 and "both be files or both be folders" in result.output
