"""``kg load -`` (standard input) and ``--input-format`` naming a loader, through click's runner."""

from __future__ import annotations

import json
import re

import pytest

GOOD = '{"s": "Ecovacs", "p": "hasBrand", "o": "Tineco"}\n'
OTHER = '{"s": "Ecovacs", "p": "hasBrand", "o": "Deebot"}\n'


def stats(invoke):
    return json.loads(invoke("stats", "--format", "json").output)


def source_paths(invoke) -> list[str]:
    """The source names the provenance in the graph holds (each source graph's kgo:sourcePath)."""
    quads = invoke("export", "--format", "nquads").output.splitlines()
    found = (re.fullmatch(r'(<[^>]+>) <[^>]+#sourcePath> "(.*)" (<[^>]+>) \.', quad) for quad in quads)
    return sorted(m[2] for m in found if m and m[1] == m[3])


def test_standard_input_loads_under_a_stable_name(invoke):
    result = invoke("load", "-", "--input-format", "jsonl", input=GOOD)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("added     <stdin>: facts 1 added")
    assert source_paths(invoke) == ["<stdin>"]
    # the same bytes again change nothing; other bytes replace what <stdin> stated before
    assert invoke("load", "-", "--input-format", "jsonl", input=GOOD).output.splitlines()[0] == "unchanged <stdin>"
    again = invoke("load", "-", "--input-format", "jsonl", input=OTHER)
    assert again.output.splitlines()[0].startswith("replaced  <stdin>: facts 1 added")
    assert stats(invoke)["facts"] == 1 and stats(invoke)["sources"] == 1
    removed = invoke("remove", "--source", "<stdin>")
    assert removed.output == "removed <stdin>\n", removed.output
    assert stats(invoke)["facts"] == 0 and source_paths(invoke) == []


def test_source_name_names_standard_input(invoke, write):
    invoke("load", str(write("a.jsonl", GOOD)))
    result = invoke("load", "-", "--input-format", "jsonl", "--source-name", "crm-export", input=OTHER)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("added     crm-export: facts 1 added")
    assert "crm-export" in source_paths(invoke)
    exported = invoke("export", "--format", "factlines", "--source", "crm-export").output
    assert "Deebot" in exported and "Tineco" not in exported
    assert invoke("remove", "--source", "crm-export").exit_code == 0
    assert stats(invoke)["facts"] == 1 and "crm-export" not in source_paths(invoke)


def test_standard_input_loads_with_the_other_files_given(invoke, write):
    result = invoke("load", str(write("a.jsonl", GOOD)), "-", "--input-format", "jsonl", input=OTHER)
    assert result.exit_code == 0, result.output
    assert "2 sources (2 added" in result.output.splitlines()[-1]


def test_a_document_on_standard_input_goes_through_the_extractor(invoke):
    text = "Ecovacs expanded into Germany in 2021.\n"
    result = invoke("load", "-", "--input-format", "text", "--dry-run", input=text)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("added     <stdin>: facts 1 added")


@pytest.mark.parametrize(
    "name, content, fmt",
    [
        ("facts.txt", GOOD, "jsonl"),
        ("facts.data", GOOD, "jsonl"),
        ("data.tsv", "s,p,o\nEcovacs,hasBrand,Tineco\n", "csv"),
    ],
)
def test_input_format_names_the_loader_of_a_file(invoke, write, name, content, fmt):
    path = write(name, content)
    result = invoke("load", str(path), "--input-format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(f"added     {path}: facts 1 added")
    assert source_paths(invoke) == [str(path)]


def test_bad_standard_input_names_stdin_not_a_temporary_file(invoke):
    result = invoke("load", "-", "--input-format", "jsonl", input='{"s": "A", "p": "launches"\n')
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [errors[0]] and errors[0].startswith("Error: <stdin>:1: malformed JSON"), result.output
    assert stats(invoke)["sources"] == 0


@pytest.mark.parametrize(
    "args, error",
    [
        (["-"], "Error: standard input (-) needs --input-format to name its loader; known: csv, html, jsonl, jsonld,"),
        (["-", "--input-format", "xlsx"], "Error: unknown loader 'xlsx'; known: csv, html, jsonl, jsonld, markdown,"),
        (
            ["{file}", "--input-format", "xlsx"],
            "Error: unknown loader 'xlsx'; known: csv, html, jsonl, jsonld, markdown,",
        ),
        (["-", "-", "--input-format", "jsonl"], "Error: standard input (-) can be read only once"),
        (["{file}", "--source-name", "x"], "Error: --source-name names standard input; give - too"),
        (["-", "--input-format", "jsonl", "--source-name", " "], "Error: --source-name cannot be blank"),
        (
            ["{folder}", "--input-format", "jsonl"],
            "Error: --input-format names the loader of files and standard input, not of a folder's files",
        ),
    ],
)
def test_misuse_is_one_line_and_stores_nothing(invoke, write, args, error):
    path = write("x/a.jsonl", GOOD)
    args = [a.format(file=path, folder=path.parent) for a in args]
    result = invoke("load", *args, input=GOOD)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(error) and result.output.count("\n") == 1, result.output
    assert stats(invoke)["sources"] == 0


class FolderLoader:
    """Stands for a loader that needs the file where it is (its neighbours, its own name)."""

    name, suffixes, reads_stream = "folderish", (".fold",), False


def test_a_loader_that_cannot_read_a_stream_is_refused(invoke, monkeypatch):
    import loaders
    from kg.registry import Entry

    monkeypatch.setitem(
        loaders.registry._entries, "folderish", Entry("folderish", f"{__name__}:FolderLoader", (".fold",))
    )
    result = invoke("load", "-", "--input-format", "folderish", input=GOOD)
    assert result.exit_code == 1, result.output
    assert result.output == "Error: the folderish loader cannot read standard input; give it a file\n"


def test_help_shows_standard_input_with_an_example(invoke):
    text = invoke("load", "--help").output
    assert "--input-format NAME" in text and "--source-name NAME" in text
    assert "kg load - --input-format jsonl" in text
