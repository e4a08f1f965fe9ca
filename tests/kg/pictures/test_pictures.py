"""Pictures of paths, timelines and markets: DOT that Graphviz reads, SVG and PNG, the self-contained page."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from kg.answers import MarketEntry
from kg.errors import KGError, UnknownFormat, Unsupported
from kg.pictures import FORMATS, market_picture, paths_picture, timeline_picture
from kg.pictures import dot as dotmod
from kg.pictures.html import embed_json, template
from kg.pictures.scene import KIND_STYLES, MODE_STYLES, display, market_scene, paths_scene, timeline_scene
from kg.queries.expansion import ExpansionPath, Hop
from kg.queries.timeline import Event

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
HOSTILE = [
    'Acme "Quoted" Inc',
    "back\\slash\\N\\G\\",
    "</script><script>alert(1)</script>",
    "line\nbreak\r\nname",
    "\u05e9\u05dc\u05d5\u05dd\u200f Co \u202eevil",
    "A &lt; B & <b>C</b>",
    "it's ]] }} <!-- x",
    "\\",
    "@@DATA@@ @@TITLE@@",
]


def hop(subject: str, relation: str, target: str, subject_type: str, target_type: str, **extra) -> Hop:
    return Hop(subject, relation, target, source_type=subject_type, target_type=target_type, **extra)


def sample_paths() -> list[ExpansionPath]:
    to_europe = hop(
        "Ecovacs",
        "hasSubsidiary",
        "Ecovacs Europe",
        "Company",
        "Company",
        date="2019",
        evidence="Ecovacs set up Ecovacs Europe GmbH.",
        source="https://example.com/annual-report",
    )
    brand = hop("Ecovacs", "hasBrand", "Tineco", "Company", "Brand", support=5)
    return [
        ExpansionPath(
            (hop("Ecovacs", "expandsInto", "Germany", "Company", "Country", date="2018", via="Amazon"),),
            "Germany",
            "channel",
        ),
        ExpansionPath(
            (to_europe, hop("Ecovacs Europe", "locatedIn", "Germany", "Company", "Country")), "Germany", "subsidiary"
        ),
        ExpansionPath(
            (
                brand,
                hop(
                    "Tineco",
                    "sellsThrough",
                    "United Arab Emirates",
                    "Brand",
                    "Country",
                    date="2024-Q2",
                    via="dealer network",
                ),
            ),
            "United Arab Emirates",
            "brand",
        ),
        ExpansionPath(
            (brand, hop("Tineco", "expandsInto", "Middle East", "Brand", "Region", date="2025-01")),
            "Middle East",
            "brand",
        ),
        ExpansionPath(
            (
                hop("Ecovacs", "launches", "Deebot X1", "Company", "Product", date="2022"),
                hop("Deebot X1", "expandsInto", "France", "Product", "Country", date="2022-09"),
            ),
            "France",
            "product",
        ),
        ExpansionPath(
            (
                hop("Ecovacs", "partnersWith", "MediaMarkt", "Company", "Channel"),
                hop("MediaMarkt", "operatesIn", "Austria", "Channel", "Country"),
            ),
            "Austria",
            "partner",
        ),
        ExpansionPath(
            (
                hop("Ecovacs", "acquires", "Lumora", "Company", "Organization", date="2021"),
                hop("Lumora", "operatesIn", "Italy", "Organization", "Country"),
            ),
            "Italy",
            "acquisition",
        ),
        ExpansionPath(
            (hop("Ecovacs", "competesIn", "floor-cleaning robots", "Company", "Segment"),),
            "floor-cleaning robots",
            "direct",
        ),
    ]


def sample_events() -> list[Event]:
    """Deliberately out of order: the picture sorts by date, whatever the precision."""
    return [
        Event("2022", "launches", "Ecovacs", "Deebot X1", evidence="Deebot X1 launched in 2022"),
        Event("2019", "hasSubsidiary", "Ecovacs", "Ecovacs Europe", source="https://example.com/r"),
        Event("2024-Q2", "sellsThrough", "Tineco", "dealer network"),
        Event("2020-03", "hasSubsidiary", "Ecovacs Europe", "Ecovacs Deutschland"),
        Event("2022", "expandsInto", "Deebot X1", "France"),
        Event("2027", "expandsInto", "Ecovacs", "Spain", status="planned"),
    ]


def sample_entries() -> list[MarketEntry]:
    paths = sample_paths()
    return [
        MarketEntry("Ecovacs", {"brand": 2, "subsidiary": 1}, [paths[1], paths[2], paths[3]]),
        MarketEntry("Roborock", {"channel": 3, "partner": 1}),
        MarketEntry("Dreame", {"direct": 1}),
    ]


def hostile_paths() -> list[ExpansionPath]:
    hops = [
        hop(
            a,
            "hasSubsidiary",
            b,
            "Company",
            "Company",
            date='20"19',
            evidence=f'said "{a}" </script>',
            source="javascript:alert(1)",
        )
        for a, b in itertools.pairwise(HOSTILE)
    ]
    hops.append(hop(HOSTILE[-1], "locatedIn", 'Ger"many</title>', "Company", "Country"))
    return [ExpansionPath(tuple(hops), 'Ger"many</title>', "subsidiary")]


def hostile_events() -> list[Event]:
    return [
        Event("2019", "launches", name, HOSTILE[-1 - i], status='pl"anned', evidence="</script>")
        for i, name in enumerate(HOSTILE)
    ]


def hostile_entries() -> list[MarketEntry]:
    return [MarketEntry(name, {"brand": 1, "subsidiary": 2}) for name in HOSTILE]


PICTURES = {
    "paths": lambda fmt: paths_picture(sample_paths(), fmt, title="Ecovacs → markets"),
    "timeline": lambda fmt: timeline_picture(sample_events(), fmt, title="Ecovacs: timeline"),
    "market": lambda fmt: market_picture("Middle East", sample_entries(), fmt),
}
HOSTILE_PICTURES = {
    "paths": lambda fmt: paths_picture(hostile_paths(), fmt, title=HOSTILE[2]),
    "timeline": lambda fmt: timeline_picture(hostile_events(), fmt, title=HOSTILE[1]),
    "market": lambda fmt: market_picture(HOSTILE[2], hostile_entries(), fmt),
}
SCENES = {
    "paths": lambda: paths_scene(sample_paths()),
    "timeline": lambda: timeline_scene(sample_events()),
    "market": lambda: market_scene("Middle East", sample_entries()),
}


def need_graphviz() -> None:
    """Under CI a missing Graphviz fails the test; elsewhere it is skipped."""
    if shutil.which("dot"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Graphviz's dot program is required under CI")
    pytest.skip("Graphviz is not installed")


def svg_nodes(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "node"]


def svg_texts(svg: bytes) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def page_data(page: bytes) -> dict:
    match = re.search(rb'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no embedded data"
    return json.loads(match.group(1))


# --- the API -----------------------------------------------------------------


def test_formats_and_unknown_format():
    assert FORMATS == ("dot", "svg", "png", "html")
    with pytest.raises(UnknownFormat, match="picture format 'pdf'"):
        paths_picture(sample_paths(), "pdf")


@pytest.mark.parametrize("kind", sorted(PICTURES))
@pytest.mark.parametrize("fmt", ["dot", "html"])
def test_same_input_same_bytes(kind, fmt):
    first, second = PICTURES[kind](fmt), PICTURES[kind](fmt)
    assert isinstance(first, bytes) and first == second


@pytest.mark.parametrize("kind", sorted(PICTURES))
def test_svg_is_deterministic(kind):
    need_graphviz()
    assert PICTURES[kind]("svg") == PICTURES[kind]("svg")


def test_missing_graphviz_is_one_line_unsupported(monkeypatch):
    monkeypatch.setattr(dotmod.shutil, "which", lambda name: None)
    for fmt in ("svg", "png"):
        with pytest.raises(Unsupported) as caught:
            paths_picture(sample_paths(), fmt)
        message = str(caught.value)
        assert "\n" not in message and "apt-get install graphviz" in message and "--format html" in message
    assert paths_picture(sample_paths(), "dot").startswith(b"digraph")
    assert paths_picture(sample_paths(), "html").startswith(b"<!DOCTYPE html>")


def test_graphviz_timeout_and_failure(monkeypatch):
    monkeypatch.setattr(dotmod.shutil, "which", lambda name: "/usr/bin/dot")

    def too_slow(*args, **kwargs):
        raise subprocess.TimeoutExpired("dot", kwargs["timeout"])

    monkeypatch.setattr(dotmod.subprocess, "run", too_slow)
    with pytest.raises(Unsupported, match="took more than"):
        dotmod.render("digraph {}", "svg", timeout=0.5)
    failed = subprocess.CompletedProcess(["dot"], 1, b"", b"syntax\nbad")
    monkeypatch.setattr(dotmod.subprocess, "run", lambda *a, **k: failed)
    with pytest.raises(KGError, match="Graphviz could not draw the picture: bad"):
        dotmod.render("digraph {", "svg")


# --- DOT, SVG and PNG --------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(PICTURES))
def test_dot_parses_and_svg_has_one_element_per_node(kind):
    need_graphviz()
    scene = SCENES[kind]()
    svg = PICTURES[kind]("svg")
    nodes = svg_nodes(svg)
    axis = [f"d{i}" for i in range(len(scene.axis))]
    assert sorted(nodes) == sorted([n.id for n in scene.nodes] + axis)
    texts = svg_texts(svg)
    for node in scene.nodes:
        for line in node.label.split("\n"):
            assert line in texts


@pytest.mark.parametrize("kind", sorted(PICTURES))
def test_png(kind):
    need_graphviz()
    assert PICTURES[kind]("png").startswith(b"\x89PNG\r\n\x1a\n")


def test_paths_dot_visual_language():
    text = PICTURES["paths"]("dot").decode()
    shapes = {
        "Ecovacs": "box",
        "Tineco": "hexagon",
        "Deebot X1": "note",
        "MediaMarkt": "parallelogram",
        "Germany": "ellipse",
        "Middle East": "doubleoctagon",
        "floor-cleaning robots": "diamond",
    }
    for name, shape in shapes.items():
        assert re.search(rf'label=<{re.escape(name)}>, shape="{shape}"', text), name
    assert re.search(r'label=<hasSubsidiary<BR ALIGN="CENTER"/>2019>.*style="solid"', text)
    assert re.search(r'label=<hasBrand>.*style="dashed"', text)
    assert re.search(
        r'label=<sellsThrough<BR ALIGN="CENTER"/>2024-Q2<BR ALIGN="CENTER"/>via dealer network>'
        r'.*color="#d08c00".*style="dashed"',
        text,
    ), "a brand's channel hop is drawn as the brand way in"
    assert re.search(r'label=<expandsInto<BR ALIGN="CENTER"/>2018<BR ALIGN="CENTER"/>via Amazon>.*style="dotted"', text)
    assert re.search(r'label=<acquires<BR ALIGN="CENTER"/>2021>.*style="bold"', text)
    assert 'arrowhead="odot"' in text and 'arrowhead="diamond"' in text
    assert 'tooltip="from: Ecovacs&#10;relation: hasSubsidiary' in text and "evidence: Ecovacs set up" in text
    for legend in ("Company", "Brand", "Region", "subsidiary", "brand", "channel", "partner", "acquisition"):
        assert f"{legend}</FONT></TD>" in text


def test_styles_are_distinct_per_kind_and_mode():
    looks = {(s.shape, s.fill) for s in KIND_STYLES.values()}
    assert len(looks) == len(KIND_STYLES) and len({s.shape for s in KIND_STYLES.values()}) == len(KIND_STYLES)
    assert len({(s.color, s.line, s.arrow) for s in MODE_STYLES.values()}) == len(MODE_STYLES)
    assert len({s.color for s in MODE_STYLES.values()}) == len(MODE_STYLES)
    assert (MODE_STYLES["subsidiary"].line, MODE_STYLES["brand"].line, MODE_STYLES["channel"].line) == (
        "solid",
        "dashed",
        "dotted",
    )


def test_paths_scene_merges_shared_hops_and_reads_left_to_right():
    scene = paths_scene(sample_paths())
    names = [dict(n.info)["name"] for n in scene.nodes]
    assert len(names) == len(set(names)) == 13
    assert sum(1 for e in scene.edges if e.label == "hasBrand") == 1
    layer = {n.id: n.layer for n in scene.nodes}
    assert all(layer[e.target] > layer[e.source] for e in scene.edges)
    assert dict(next(n for n in scene.nodes if n.label == "Ecovacs").info)["paths"] == "8"


def test_timeline_dot_has_a_time_axis():
    text = PICTURES["timeline"]("dot").decode()
    dates = re.findall(r"d\d+ \[label=<<B>([^<]+)</B>>", text)
    assert dates == ["2019", "2020-03", "2022", "2024-Q2", "2027"]
    assert "d0 -> d1" in text and "d3 -> d4" in text
    assert re.search(r"\{ rank=same; d2; n2; n3; \}", text), "both 2022 events share the 2022 column"
    assert 'style="filled,rounded,dashed"' in text, "a planned event is dashed"
    assert "expandsInto (planned)" in text


def test_market_dot_centres_the_market():
    text = PICTURES["market"]("dot").decode()
    assert 'layout="twopi"' in text and 'root="n0"' in text
    assert re.search(r'n0 \[label=<Middle East>, shape="doubleoctagon"', text)
    for label in ("brand ×2", "subsidiary ×1", "channel ×3", "partner ×1", "direct ×1"):
        assert re.search(rf"n\d -> n0 \[label=<{label}>", text), label


@pytest.mark.parametrize("kind", sorted(PICTURES))
def test_empty_input_still_draws(kind):
    empty = {
        "paths": lambda fmt: paths_picture([], fmt),
        "timeline": lambda fmt: timeline_picture([], fmt),
        "market": lambda fmt: market_picture("Atlantis", [], fmt),
    }[kind]
    assert b"empty [label=<<I>" in empty("dot")
    assert page_data(empty("html"))["nodes"] == []
    if shutil.which("dot"):
        ET.fromstring(empty("svg"))


# --- escaping ----------------------------------------------------------------


def test_display_strips_controls_and_bidi_overrides_but_keeps_marks():
    assert display("line\nbreak\r\n\tname") == "line break name"
    assert display("\u05e9\u200f Co \u202eevil\u2066x\u2069") == "\u05e9\u200f Co evilx"
    assert display("x" * 60).endswith("…") and len(display("x" * 60)) == 40


def test_dot_quoted_strings_hold_no_backslash_or_inner_quote():
    text = HOSTILE_PICTURES["paths"]("dot").decode()
    for value in re.findall(r'="((?:[^"\\]|\\.)*)"', text):
        assert "\\" not in value
    assert "<script>" not in text and "&lt;/script&gt;&lt;script&gt;" in text
    assert "@@DATA@@ @@TITLE@@" in text


@pytest.mark.parametrize("kind", sorted(HOSTILE_PICTURES))
def test_hostile_names_survive_graphviz_exactly(kind):
    need_graphviz()
    svg = HOSTILE_PICTURES[kind]("svg")
    texts = " | ".join(svg_texts(svg))
    for name in HOSTILE:
        assert display(name) in texts, name
    if kind == "paths":
        tooltips = [a.get(XLINK_TITLE) for a in ET.fromstring(svg).iter(f"{SVG}a")]
        assert any("name: back\\slash\\N\\G\\\n" in (t or "") for t in tooltips)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("kind", sorted(HOSTILE_PICTURES))
def test_hostile_names_cannot_break_out_of_the_page(kind):
    page = HOSTILE_PICTURES[kind]("html")
    text = page.decode()
    assert text.count("<script") == 2 and text.count("</script>") == 2
    assert "<b>C</b>" not in text and "alert(1)</script>" not in text
    parser = _Tags()
    parser.feed(text)
    assert "b" not in parser.tags and "a" not in parser.tags
    data = page_data(page)
    shown = json.dumps(data, ensure_ascii=False)
    for name in HOSTILE:
        assert json.dumps(display(name, None), ensure_ascii=False)[1:-1] in shown, name
    if kind == "paths":
        assert "javascript:alert(1)" in shown, "kept as data; the page only links http(s) sources"


def test_embed_json_escapes_everything_that_could_end_a_script():
    text = embed_json({"a": "</script><!-- <script>", "b": "&amp;\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- <script>", "b": "&amp;\u2028"}


# --- the page ----------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(PICTURES))
def test_page_embeds_every_node_and_edge(kind):
    scene = SCENES[kind]()
    data = page_data(PICTURES[kind]("html"))
    assert [n["id"] for n in data["nodes"]] == [n.id for n in scene.nodes]
    assert [(e["source"], e["target"]) for e in data["edges"]] == [(e.source, e.target) for e in scene.edges]
    assert data["layout"] == scene.layout and data["legend"]
    if kind == "paths":
        names = {dict(map(tuple, n["info"]))["name"] for n in data["nodes"]}
        assert names == {h.source_name for p in sample_paths() for h in p.hops} | {
            h.target_name for p in sample_paths() for h in p.hops
        }
        edge = next(e for e in data["edges"] if e["label"].startswith("hasSubsidiary"))
        info = dict(map(tuple, edge["info"]))
        assert info["date"] == "2019" and info["support"] == "1" and info["source"].startswith("https://")
    if kind == "timeline":
        assert data["axis"] == ["2019", "2020-03", "2022", "2024-Q2", "2027"]


@pytest.mark.parametrize("kind", sorted(PICTURES))
def test_page_is_self_contained(kind):
    text = PICTURES[kind]("html").decode()
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert "<link" not in text and "@import" not in text and not re.search(r"url\(\s*['\"]?https?:", text)
    assert re.search(
        r"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#x27;none&#x27;; "
        r"script-src &#x27;sha256-[A-Za-z0-9+/=]+&#x27;",
        text,
    )
    assert "The data as a table" in text and "<table>" in text


def test_page_script_is_valid_javascript(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    code = re.search(r'<script id="kg-code">(.*?)</script>', template(), re.S).group(1)
    (tmp_path / "page.js").write_text(code, encoding="utf-8")
    done = subprocess.run([node, "--check", str(tmp_path / "page.js")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
