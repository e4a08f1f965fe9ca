"""The pieces under the exporters: external sorting, Cypher literals, XML escaping, pictures."""

from __future__ import annotations

import random
import shutil
from datetime import date

import pytest

from kg.errors import Unsupported
from kg.exports import sorting
from kg.exports.cypher_script import literal, statements, string_literal
from kg.exports.graphml import xml_text
from tests.kg.stores.bare import BareStore


@pytest.mark.parametrize("chunk, fan_in", [(1_000_000, 64), (7, 64), (3, 2)])
def test_sorted_unique_spills_and_merges_in_rounds(monkeypatch, chunk, fan_in):
    monkeypatch.setattr(sorting, "FAN_IN", fan_in)
    lines = [f"<x{random.Random(n).randrange(50)}> é {n % 13}" for n in range(400)]
    assert list(sorting.sorted_unique(lines, chunk=chunk)) == sorted(set(lines))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain", "'plain'"),
        ("it's", "'it\\'s'"),
        ('say "hi"', "'say \"hi\"'"),
        ("back\\slash", "'back\\\\slash'"),
        ("a\nb\r\tc", "'a\\nb\\r\\tc'"),
        ("bell\x07", "'bell\\u0007'"),
        ("ends with \\", "'ends with \\\\'"),
        ("科沃斯 🚀", "'科沃斯 🚀'"),
    ],
)
def test_string_literals_escape_what_would_end_them(text, expected):
    assert string_literal(text) == expected


def test_literals_of_every_kind():
    assert (
        literal({"a": [1, 2.5, None, True], "b c": date(2026, 2, 1)})
        == "{a: [1, 2.5, null, true], `b c`: date('2026-02-01')}"
    )
    assert literal(1e16) == "1e16" and literal(3.0) == "3.0"
    with pytest.raises(Unsupported):
        literal(float("nan"))


def test_statements_split_where_statements_end():
    script = "// note\nCREATE INDEX x;\n\nUNWIND [\n{a: 'x;'},\n{a: 'y'}\n] AS row\nRETURN row;\n"
    assert list(statements(script)) == ["CREATE INDEX x", "UNWIND [\n{a: 'x;'},\n{a: 'y'}\n] AS row\nRETURN row"]


def test_xml_text_escapes_and_refuses_what_xml_cannot_hold():
    assert xml_text('a<b>&"c"\r') == 'a&lt;b&gt;&amp;"c"&#13;'
    assert xml_text('"x"\n', attribute=True) == "&quot;x&quot;&#10;"
    with pytest.raises(Unsupported, match="control character that XML cannot carry"):
        xml_text("bell\x07")


@pytest.fixture
def bell_store(tmp_path, write):
    """A store whose only evidence holds a control character."""
    from kg.pipeline import load
    from kg.stores.oxigraph import OxigraphStore

    sheet = write("bell.jsonl", '{"s": "Acme", "p": "expandsInto", "o": "Germany", "evidence": "ding\\u0007"}\n')
    store = OxigraphStore(tmp_path / "kg")
    load(store, [sheet])
    yield store
    store.close()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "rdfxml"])
def test_xml_formats_refuse_control_characters_and_leave_no_file(bell_store, tmp_path, fmt):
    from kg.exports import export

    with pytest.raises(Unsupported, match="control character"):
        export(bell_store, fmt, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["jsonld", "nodelink", "cypher", "factlines"])
def test_other_formats_carry_control_characters(bell_store, tmp_path, fmt):
    from kg.exports import export

    export(bell_store, fmt, tmp_path / "out")
    assert "ding" in (tmp_path / "out").read_text("utf-8")


def test_pictures_draw_the_neighbourhood(exported):
    dot = exported("dot", company="Tineco").read_text("utf-8")
    assert dot.startswith("digraph kg {") and "Tineco" in dot and "Kunlun" not in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_graphviz_draws_svg_and_png(exported, fmt, magic):
    assert exported(fmt, company="Ecovacs").read_bytes().startswith(magic)


def test_svg_without_graphviz_is_refused_in_one_line(exported, monkeypatch):
    """As kg paths --format svg refuses: a layout of our own would overlap the labels (issue 22)."""
    import kg.pictures.dot as dot

    monkeypatch.setattr(dot.shutil, "which", lambda name: None)
    with pytest.raises(Unsupported, match=r"^--format svg needs Graphviz's dot program, which is not on PATH") as e:
        exported("svg", company="Acme")
    assert "\n" not in str(e.value)


def test_pictures_refuse_a_graph_too_big_to_see(exported, monkeypatch):
    import kg.exports.picture as picture

    monkeypatch.setattr(picture, "MAX_NODES", 5)
    with pytest.raises(Unsupported, match="narrow it with --company NAME --depth N"):
        exported("dot")


def test_a_store_without_an_rdf_view_is_refused():
    from kg.exports import export

    class Remote(BareStore):
        name = "remote"

    with pytest.raises(Unsupported, match="the remote store has no RDF view to export"):
        export(Remote(), "turtle", None)
