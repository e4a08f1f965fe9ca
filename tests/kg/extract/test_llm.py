"""The ``llm`` and ``hybrid`` extractors end to end, against a stand-in for an OpenAI-compatible server.

The stand-in is a real HTTP server on 127.0.0.1 that replays answers recorded
in ``tests/fixtures/llm/``: a request is answered by the file named after the
first 16 hex digits of the SHA-256 of its user message (the document chunk).
``<sha>.json`` is a chat completion, served as JSON; ``<sha>.txt`` is served
as an HTML page, as a proxy in front of a stopped model would.  A request
nothing was recorded for gets a 404 and one that is not a chat completion a
500, so a change in what the extractor sends fails here instead of passing
against a stale answer.  The documents are invented for these tests.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract import llm
from kg.extract.hybrid import merge
from kg.model import Entity, Fact, Observation, Provenance

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "llm"
DOCUMENT = FIXTURES / "docs" / "voltara-turkey.txt"
GOLD = FIXTURES / "gold"


def recording_name(user_message: str) -> str:
    return hashlib.sha256(user_message.encode("utf-8")).hexdigest()[:16]


class Replay(BaseHTTPRequestHandler):
    """POST /v1/chat/completions answered from the recordings; anything else is an error."""

    requests: ClassVar[list[dict]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != "/v1/chat/completions":
            return self._send(404, b'{"error": {"message": "no such route"}}')
        try:
            request = json.loads(body)
            [user] = [m["content"] for m in request["messages"] if m["role"] == "user"]
        except (ValueError, KeyError, TypeError):
            return self._send(500, b'{"error": {"message": "not a chat completion request"}}')
        self.requests.append(request)
        name = recording_name(user)
        for suffix, kind in ((".json", "application/json"), (".txt", "text/html")):
            recording = FIXTURES / f"{name}{suffix}"
            if recording.is_file():
                return self._send(200, recording.read_bytes(), kind)
        return self._send(404, b'{"error": {"message": "nothing recorded for this request"}}')

    def _send(self, status: int, data: bytes, kind: str = "application/json"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep the test output to the test's own
        pass


@pytest.fixture
def standin():
    """The replaying server, running for one test; yields its API base and the requests it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (Replay,), {"requests": []}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", server.RequestHandlerClass.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def endpoint(monkeypatch, standin):
    base, requests = standin
    monkeypatch.setenv("KG_LLM_URL", base)
    monkeypatch.setenv("KG_LLM_MODEL", "recorded")
    monkeypatch.delenv("KG_LLM_KEY", raising=False)
    monkeypatch.delenv("KG_LLM_FORMAT", raising=False)
    return requests


@pytest.fixture
def closed_port_url(monkeypatch):
    """KG_LLM_URL naming a port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("KG_LLM_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("KG_LLM_MODEL", "recorded")


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def relations(found: list[dict]) -> list[tuple]:
    return [(x["s"], x["p"], x["o"], x.get("status")) for x in found if "p" in x]


def test_every_recording_answers_a_fixture_document():
    from kg.extract.documents import document_paths, load_document

    documents = document_paths([FIXTURES / "docs", FIXTURES / "other"])
    names = {recording_name(chunk) for d in documents for chunk in llm.chunks(load_document(d).text)}
    recordings = {p.stem for p in FIXTURES.iterdir() if p.is_file()}
    assert recordings == names


def test_metric_names_are_open_but_well_formed_while_relations_stay_closed():
    schema = llm.response_schema()["properties"]
    metric = schema["figures"]["items"]["properties"]["metric"]
    assert "enum" not in metric and metric["pattern"] == llm.METRIC_PATTERN
    assert "enum" in schema["facts"]["items"]["properties"]["relation"]
    assert all(llm.is_metric_name(name) for name in llm.metric_names())
    assert llm.is_metric_name("batterySwapStationCount") and llm.is_metric_name("revenueGrowthYoY")
    for bad in ("battery swap stations", "BatteryCount", "net_profit", "rev-enue", "", "a" * 65):
        assert not llm.is_metric_name(bad), bad
    # the listed names reach the model as guidance, not as a constraint
    system = llm.request_body("text", "m")["messages"][0]["content"]
    assert "overseasRevenueShare" in system and "never the nearest listed name" in system


def test_a_server_without_json_schema_gets_the_schema_in_the_instructions(monkeypatch):
    for fmt, response_format in (("json_object", {"type": "json_object"}), ("none", None)):
        body = llm.request_body("text", "m", fmt=fmt)
        assert body.get("response_format") == response_format
        assert json.dumps(llm.response_schema()) in body["messages"][0]["content"]
    monkeypatch.setenv("KG_LLM_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("KG_LLM_MODEL", "m")
    monkeypatch.setenv("KG_LLM_FORMAT", "grammar")
    with pytest.raises(llm.Unsupported, match="KG_LLM_FORMAT='grammar' is not one of json_schema"):
        llm.endpoint()


def test_llm_extract_keeps_open_metric_names_and_drops_what_breaks_the_schema(endpoint):
    result = kg("extract", "--extractor", "llm", str(DOCUMENT))
    assert result.exit_code == 0, result.output
    found = lines(result.stdout)
    text = DOCUMENT.read_text(encoding="utf-8")

    figures = {x["metric"]: (x["value"], x["unit"], x.get("period")) for x in found if "metric" in x}
    assert figures == {"batterySwapStationCount": (120.0, "count", None), "revenue": (1.2e9, "CNY", "2025")}
    assert "ownsFactoryIn" not in {p for _, p, _, _ in relations(found)}
    assert ("Voltara Mobility", "competesIn", "battery swapping", None) in relations(found)
    for x in found:
        if "span" in x:
            assert text[slice(*x["span"])] == x["evidence"] and x["extractor"] == "llm"
    # a quote re-spaced and re-cased by the model is found, and widened to the document's sentence
    [partner] = [x for x in found if x.get("p") == "partnersWith"]
    assert partner["evidence"] == (
        "Voltara has teamed up with the courier firm Anadolu Kargo, whose riders will lease its scooters."
    )
    # a quote the document does not hold keeps no span
    [germany] = [x for x in found if x.get("o") == "Germany"]
    assert "span" not in germany

    [request] = endpoint
    assert request["model"] == "recorded" and request["response_format"]["type"] == "json_schema"
    sent = request["response_format"]["json_schema"]["schema"]["properties"]["figures"]["items"]
    assert sent["properties"]["metric"] == {"type": "string", "pattern": llm.METRIC_PATTERN}


def test_hybrid_keeps_the_rules_figures_and_entities_and_adds_the_model_relations(endpoint):
    ruled = lines(kg("extract", "--extractor", "rules", str(DOCUMENT)).stdout)
    result = kg("extract", "--extractor", "hybrid", str(DOCUMENT))
    assert result.exit_code == 0, result.output
    hybrid = lines(result.stdout)
    text = DOCUMENT.read_text(encoding="utf-8")

    assert [x for x in hybrid if "metric" in x] == [x for x in ruled if "metric" in x]
    ruled_entities = [x for x in ruled if "entity" in x]
    assert [x for x in hybrid if "entity" in x][: len(ruled_entities)] == ruled_entities
    assert [x for x in ruled if "p" in x] == [x for x in hybrid if "p" in x and x["extractor"] == "rules"]

    added = [x for x in hybrid if "p" in x and x["extractor"] == "llm"]
    # expandsInto Turkey (Türkiye), headquarteredIn China, partnersWith Anadolu Kargo (the rules' "Voltara")
    # and operatesIn Istanbul (a city stands for its country) are the rules' already; Germany has no evidence
    assert relations(added) == [
        ("Voltara Mobility", "competesIn", "battery swapping", None),
        ("Voltara Mobility", "sellsThrough", "scooter leasing", None),
    ]
    for x in added:
        assert text[slice(*x["span"])] == x["evidence"] and x["source"] == str(DOCUMENT)
        assert x["confidence"] == llm.CONFIDENCE
    new_entities = [(x["entity"], x["type"]) for x in hybrid if "entity" in x][len(ruled_entities) :]
    assert new_entities == [("battery swapping", "Segment"), ("scooter leasing", "Channel")]
    assert len(set(relations(hybrid))) == len(relations(hybrid))


def test_a_duplicate_keeps_the_rules_reading_and_a_different_status_is_not_a_duplicate():
    def said(extractor, span=(0, 5)):
        return Provenance("doc.txt", evidence="Acme.", span=span, extractor=extractor)

    ruled = [
        Entity("Acme Robotics", "Company", ("Acme",)),
        Fact("Acme Robotics", "expandsInto", "Turkey", (("date", "2026"),), said("rules")),
        Observation("Acme Robotics", "revenue", 1.0, "USD", "2025", said("rules")),
    ]
    model = [
        Entity("ACME Robotics Co., Ltd.", "Company"),
        Entity("Nowhere Inc", "Company"),
        Fact("The Acme", "expandsInto", "Türkiye", (), said("llm")),
        Fact("ACME Robotics Co., Ltd.", "expandsInto", "Greece", (("status", "planned"),), said("llm")),
        Fact("Acme Robotics", "expandsInto", "Turkey", (("status", "planned"),), said("llm")),
        Fact("Acme Robotics", "expandsInto", "Turkey", (("status", "planned"),), said("llm")),
        Fact("Acme Robotics", "partnersWith", "Nowhere Inc", (), said("llm", span=None)),
        Observation("Acme Robotics", "revenue", 2.0, "USD", "2025", said("llm")),
    ]
    out = merge(ruled, model)
    assert out[:3] == ruled
    assert [(f.object, f.qualifier("status")) for f in out[3:]] == [("Greece", "planned"), ("Turkey", "planned")]
    assert not any(isinstance(r, Entity) for r in out[3:])


@pytest.mark.parametrize("extractor", ["llm", "hybrid"])
@pytest.mark.parametrize(
    "document, message",
    [
        (FIXTURES / "other" / "garbled-answer.txt", "the model's answer is not JSON"),
        (FIXTURES / "other" / "proxy-page.txt", "the answer is not JSON"),
        (None, "HTTP 404"),
    ],
    ids=["garbled-content", "html-page", "unrecorded"],
)
def test_an_unusable_answer_is_a_one_line_error(endpoint, tmp_path, extractor, document, message):
    if document is None:
        document = tmp_path / "unrecorded.txt"
        document.write_text("Nobody recorded an answer for this sentence.\n", encoding="utf-8")
    result = kg("extract", "--extractor", extractor, str(document))
    _assert_one_line_error(result, message)


@pytest.mark.parametrize("extractor", ["llm", "hybrid"])
def test_a_server_that_is_down_is_a_one_line_error(closed_port_url, extractor):
    _assert_one_line_error(kg("extract", "--extractor", extractor, str(DOCUMENT)), "/v1/chat/completions: ")
    _assert_one_line_error(kg("eval", str(GOLD), str(DOCUMENT.parent), "--extractor", extractor), "refused")


def _assert_one_line_error(result, message):
    assert result.exit_code != 0 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert "Traceback" not in result.output and "Traceback" not in result.stderr


def test_eval_with_hybrid_prints_the_same_table_as_with_rules(endpoint):
    rules = kg("eval", str(GOLD), str(DOCUMENT.parent), "--extractor", "rules")
    hybrid = kg("eval", str(GOLD), str(DOCUMENT.parent), "--extractor", "hybrid")
    assert rules.exit_code == hybrid.exit_code == 0, hybrid.output
    assert _shape(hybrid.stdout) == _shape(rules.stdout)
    # the model's competesIn battery swapping is in the gold: hybrid recalls more relations
    assert _totals(hybrid.stdout)["relations R"] > _totals(rules.stdout)["relations R"]
    assert len(endpoint) == 1


def _tables(output: str) -> list[list[str]]:
    return [block.splitlines() for block in output.strip().split("\n\n")]


def _shape(output: str) -> tuple:
    """The per-document table whole but for its scores, the relation table's header, the closing line's words."""
    documents, relation_table, closing = _tables(output)
    return (
        [documents[0], documents[1]] + [row.split()[0] for row in documents[2:]],
        relation_table[:2],
        closing[0].rsplit(":", 1)[0],
    )


def _totals(output: str) -> dict[str, float]:
    documents = _tables(output)[0]
    header = [c.strip() for c in documents[0].split("  ") if c.strip()]
    totals = documents[-1].replace("all (micro)", "all").split()
    return dict(zip(header[1:], map(float, totals[1:]), strict=True))


def test_a_quote_is_placed_on_whole_words_and_only_when_long_enough():
    from kg.model import Document

    text = "Acme entered Japan in 2025. It said “we are here” to stay."
    records = llm.parse_response(
        json.dumps(
            {
                "facts": [
                    {"subject": "Acme", "relation": "expandsInto", "object": "Japan", "evidence": quote}
                    for quote in ("acme  ENTERED japan", 'said "we are here" to', "cme entered Japan", "Japan")
                ]
            }
        ),
        Document("d.txt", "0", text=text),
    )
    assert [f.provenance.span for f in records] == [(0, 27), (28, 58), None, None]
    assert [f.provenance.evidence for f in records][:2] == [text[0:27], text[28:58]]
