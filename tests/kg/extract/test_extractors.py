"""The extractor registry and the optional extractors: a statistical spaCy pipeline and an LLM endpoint.

No test needs a model or a live endpoint: the schema is built from the
ontology, and a canned answer stands for the endpoint's reply.
"""

from __future__ import annotations

import json

import pytest

from kg.errors import UnknownFormat, Unsupported
from kg.extract import extract, llm, registry
from kg.model import Document, Entity, Fact, Observation
from kg.schema import load_schema

TEXT = (
    "Acme Robotics entered Japan in 2025. It now sells through distributors.\n"
    "Its revenue rose 12% to $40 million in 2025."
)
DOCUMENT = Document("note.txt", "0", text=TEXT)


def test_the_registry_lists_every_extractor():
    assert {"rules", "spacy", "llm"} <= set(registry.names())
    with pytest.raises(UnknownFormat, match=r"unknown extractor 'magic'; known: .*rules"):
        extract(DOCUMENT, extractor="magic")


def test_spacy_needs_a_statistical_pipeline():
    from kg.extract import statistical

    statistical.pipeline.cache_clear()
    try:
        records = extract(DOCUMENT, extractor="spacy")
    except Unsupported as e:
        assert "python -m spacy download en_core_web_sm" in str(e) and "\n" not in str(e)
    else:
        assert any(isinstance(r, Fact) and r.provenance.extractor == "spacy" for r in records)


def test_llm_is_off_unless_configured(monkeypatch):
    for name in ("KG_LLM_URL", "KG_LLM_MODEL", "KG_LLM_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(Unsupported, match="set KG_LLM_URL and KG_LLM_MODEL"):
        extract(DOCUMENT, extractor="llm")


def test_llm_endpoint_takes_a_base_or_a_full_address(monkeypatch):
    monkeypatch.setenv("KG_LLM_URL", "http://localhost:8000/v1/")
    monkeypatch.setenv("KG_LLM_MODEL", "small")
    assert llm.endpoint().url == "http://localhost:8000/v1/chat/completions"
    monkeypatch.setenv("KG_LLM_URL", "http://localhost:8000/v1/chat/completions")
    assert llm.endpoint().url == "http://localhost:8000/v1/chat/completions"


def test_the_schema_allows_exactly_the_ontology_relations_and_well_formed_metrics():
    schema = llm.response_schema()
    fact = schema["properties"]["facts"]["items"]["properties"]
    assert fact["relation"]["enum"] == sorted(load_schema().relations)
    assert {"planned", "ended", "denied", None} == set(fact["status"]["enum"])
    metric = schema["properties"]["figures"]["items"]["properties"]["metric"]
    assert "enum" not in metric and metric["pattern"] == llm.METRIC_PATTERN
    assert {"revenue", "revenueGrowthYoY", "overseasRevenueShare", "marketShare", "countryCount"} <= set(
        llm.metric_names()
    )
    assert schema["additionalProperties"] is False


def test_the_request_asks_for_json_under_the_schema():
    body = llm.request_body("some text", "small", ["Acme Robotics"])
    assert body["model"] == "small" and body["messages"][-1] == {"role": "user", "content": "some text"}
    assert "Acme Robotics" in body["messages"][0]["content"]
    assert body["response_format"]["json_schema"]["schema"] == llm.response_schema()


CANNED = json.dumps(
    {
        "entities": [
            {"name": "Acme Robotics", "type": "Company", "aliases": ["Acme"]},
            {"name": "Nowhere", "type": "Planet", "aliases": []},
        ],
        "facts": [
            {
                "subject": "Acme Robotics",
                "relation": "expandsInto",
                "object": "Japan",
                "status": None,
                "date": "2025",
                "since": None,
                "until": None,
                "via": None,
                "market": None,
                "share": None,
                "amount": None,
                "evidence": "Acme Robotics entered Japan in 2025.",
            },
            {"subject": "Acme Robotics", "relation": "ownsTheMoon", "object": "Moon", "evidence": "x"},
            {
                "subject": "Acme Robotics",
                "relation": "expandsInto",
                "object": "Korea",
                "status": "rumoured",
                "evidence": "x",
            },
        ],
        "figures": [
            {
                "subject": "Acme Robotics",
                "metric": "revenueGrowthYoY",
                "value": 12,
                "unit": "percent",
                "period": "2025",
                "evidence": "Its revenue rose 12% to $40 million in 2025.",
            },
            {
                "subject": "Acme Robotics",
                "metric": "happiness index",
                "value": 1,
                "unit": "count",
                "period": None,
                "evidence": "",
            },
        ],
    }
)


def test_a_canned_answer_becomes_records_and_what_breaks_the_schema_is_dropped():
    records = llm.parse_response(CANNED, DOCUMENT)
    assert [e.name for e in records if isinstance(e, Entity)] == ["Acme Robotics"]
    [fact] = [r for r in records if isinstance(r, Fact)]
    assert (fact.subject, fact.relation, fact.object, fact.qualifiers) == (
        "Acme Robotics",
        "expandsInto",
        "Japan",
        (("date", "2025"),),
    )
    assert TEXT[slice(*fact.provenance.span)] == fact.provenance.evidence and fact.provenance.extractor == "llm"
    [figure] = [r for r in records if isinstance(r, Observation)]
    assert (figure.metric, figure.value, figure.unit, figure.period) == ("revenueGrowthYoY", 12.0, "percent", "2025")


def test_an_answer_that_is_not_json_is_a_one_line_error():
    with pytest.raises(llm.ExtractorUnavailable, match="not JSON"):
        llm.parse_response("Sure! Here are the facts:", DOCUMENT)


def test_the_call_reads_the_message_content(monkeypatch):
    class Reply:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return json.dumps({"choices": [{"message": {"content": CANNED}}]}).encode()

    sent = {}

    def fake_urlopen(request, timeout):
        sent.update(url=request.full_url, auth=request.get_header("Authorization"), body=json.loads(request.data))
        return Reply()

    monkeypatch.setattr(llm.urllib.request, "urlopen", fake_urlopen)
    monkeypatch.setenv("KG_LLM_URL", "http://localhost:8000/v1")
    monkeypatch.setenv("KG_LLM_MODEL", "small")
    monkeypatch.setenv("KG_LLM_KEY", "secret")
    records = extract(DOCUMENT, extractor="llm")
    assert sent["url"].endswith("/chat/completions") and sent["auth"] == "Bearer secret"
    assert any(isinstance(r, Fact) for r in records)


def test_long_documents_go_in_paragraph_chunks():
    text = "\n".join(f"Paragraph {i} " + "word " * 50 for i in range(100))
    pieces = list(llm.chunks(text, size=1000))
    assert len(pieces) > 1 and all(len(p) <= 1300 for p in pieces) and "\n".join(pieces) == text
