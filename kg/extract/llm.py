"""The ``llm`` extractor: an OpenAI-compatible ``/chat/completions`` endpoint, asked for JSON.

Off unless configured: ``KG_LLM_URL`` (the API base, e.g.
``https://api.openai.com/v1``, or the full ``.../chat/completions`` address),
``KG_LLM_MODEL`` and, where the server wants one, ``KG_LLM_KEY``.  The answer
must follow a JSON schema built from the ontology: relation names, classes
and statuses are closed lists, so the model cannot invent a relation.  Metric
names are open, as the labelling conventions want (a figure the core list
does not name gets its own lowerCamelCase name, never the nearest listed
one): the schema checks their shape and the instructions give the listed
names as the ones to use where they fit.  Whatever still breaks the schema is
dropped.  Each item keeps the sentence holding the quote the model gives as
evidence, located in the document for its span.

``KG_LLM_FORMAT`` says how the schema is asked for: ``json_schema`` (the
default: ``response_format`` of type ``json_schema``, which the server
enforces), ``json_object`` (JSON mode, the schema in the instructions) or
``none`` (the schema in the instructions only), for servers that refuse the
first.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeGuard

from kg.errors import KGError, Unsupported
from kg.model import QUALIFIERS, STATUSES, Document, Entity, Fact, Observation, Provenance, Record

EXTRACTOR = "llm"
CONFIDENCE = 0.7
CHUNK_CHARS = 12_000
TIMEOUT_SECONDS = 120
ENTITY_CLASSES = ("Organization", "Company", "Brand", "Product", "Country", "Region", "Segment", "Channel", "Strategy")
#: A metric name: lowerCamelCase letters and digits ("revenueGrowthYoY", "batterySwapStationCount").
METRIC_PATTERN = "^[a-z][a-zA-Z0-9]*$"
METRIC_MAX_CHARS = 64
#: A quoted evidence of fewer words could sit in many sentences; it is kept but not located.
MIN_QUOTE_WORDS = 3
FORMATS = ("json_schema", "json_object", "none")
INSTRUCTIONS = (
    "You read business documents and list what they state about companies, brands, products, markets, "
    "channels and strategies, and the figures they give. Use only the relation names and classes the "
    "schema allows. Name things as the text does. Mark planned, ended or denied facts with "
    "status. Give periods as 2026, 2026-Q1, 2026-H1, 2026-03 or 2025-Q2/2026-Q1, and money in units "
    "(2.57 billion yuan is 2570000000 CNY). Quote the sentence each item comes from as evidence."
)
METRIC_GUIDANCE = (
    "Name each figure's metric in lowerCamelCase. Use one of these names when it is exactly the quantity "
    "the text gives: {names}. Otherwise make a name in the same scheme from the text's words (netProfit, "
    "rdExpense, monthlyActiveUsers, shipments, batterySwapStationCount); never the nearest listed name for "
    "a different quantity."
)


class ExtractorUnavailable(KGError):
    """The extraction service could not be reached or answered with something unreadable."""

    exit_code = 4


@dataclass(frozen=True)
class Endpoint:
    url: str
    model: str
    key: str | None
    format: str = "json_schema"


def endpoint() -> Endpoint:
    """The configured endpoint, or Unsupported naming the settings to give."""
    url, model = os.environ.get("KG_LLM_URL", "").strip(), os.environ.get("KG_LLM_MODEL", "").strip()
    if not url or not model:
        raise Unsupported(
            "the llm extractor is off: set KG_LLM_URL and KG_LLM_MODEL (and KG_LLM_KEY if the server needs one)"
        )
    if not url.rstrip("/").endswith("/chat/completions"):
        url = url.rstrip("/") + "/chat/completions"
    fmt = os.environ.get("KG_LLM_FORMAT", "").strip() or "json_schema"
    if fmt not in FORMATS:
        raise Unsupported(f"KG_LLM_FORMAT={fmt!r} is not one of {', '.join(FORMATS)}")
    return Endpoint(url, model, os.environ.get("KG_LLM_KEY") or None, fmt)


def extract_llm(document: Document, known: Iterable[Entity] = ()) -> list[Record]:
    """Records the endpoint reads in ``document``, chunk by chunk."""
    target = endpoint()
    names = [e.name for e in known][:200]
    records: list[Record] = []
    for chunk in chunks(document.text or ""):
        content = call(target, request_body(chunk, target.model, names, fmt=target.format))
        records += parse_response(content, document)
    return records


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """Paragraph-aligned pieces of at most about ``size`` characters."""
    piece: list[str] = []
    length = 0
    for paragraph in text.split("\n"):
        if piece and length + len(paragraph) > size:
            yield "\n".join(piece)
            piece, length = [], 0
        piece.append(paragraph)
        length += len(paragraph) + 1
    if "".join(piece).strip():
        yield "\n".join(piece)


def response_schema() -> dict[str, Any]:
    """The JSON schema the answer must follow: closed relations, classes and statuses, well-formed metric names."""
    text = {"type": "string"}
    entity = _object(
        {
            "name": text,
            "type": {"type": "string", "enum": list(ENTITY_CLASSES)},
            "aliases": {"type": "array", "items": text},
        }
    )
    return _object(
        {
            "entities": {"type": "array", "items": entity},
            "facts": {"type": "array", "items": _fact_schema()},
            "figures": {"type": "array", "items": _figure_schema()},
        }
    )


def _fact_schema() -> dict[str, Any]:
    from kg.schema import load_schema

    text, maybe = {"type": "string"}, {"type": ["string", "null"]}
    qualifiers = {k: maybe for k in QUALIFIERS if k != "status"}
    return _object(
        {
            "subject": text,
            "relation": {"type": "string", "enum": sorted(load_schema().relations)},
            "object": text,
            "status": {"type": ["string", "null"], "enum": [*STATUSES, None]},
            **qualifiers,
            "evidence": text,
        }
    )


def _figure_schema() -> dict[str, Any]:
    text = {"type": "string"}
    return _object(
        {
            "subject": text,
            "metric": {"type": "string", "pattern": METRIC_PATTERN},
            "value": {"type": "number"},
            "unit": text,
            "period": {"type": ["string", "null"]},
            "evidence": text,
        }
    )


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def is_metric_name(name: str | None) -> TypeGuard[str]:
    """True for a well-formed metric name, listed or not: lowerCamelCase, at most ``METRIC_MAX_CHARS``."""
    if not name:
        return False
    return len(name) <= METRIC_MAX_CHARS and re.fullmatch(METRIC_PATTERN, name) is not None


def metric_names() -> list[str]:
    """Every metric of ``data/metrics.yaml``: the base metrics and their growth and share forms."""
    from kg.extract.lexicon import data

    spec = data("metrics")
    names = {*spec["metrics"], *spec["growth"]["names"].values(), *spec["share"]["names"].values()}
    return sorted(names)


def instructions(known: Iterable[str] = (), *, fmt: str = "json_schema") -> str:
    """The system message: the task, the metric names to prefer, the known names, and the schema when not enforced."""
    names = list(known)
    parts = [INSTRUCTIONS, METRIC_GUIDANCE.format(names=", ".join(metric_names()))]
    if names:
        parts.append(f"Names already in the graph: {', '.join(names)}.")
    if fmt != "json_schema":
        # Without a schema-constrained answer the model only knows the shape from here.
        parts.append("Answer with one JSON object that follows this JSON schema: " + json.dumps(response_schema()))
    return "\n".join(parts)


def request_body(text: str, model: str, known: Iterable[str] = (), *, fmt: str = "json_schema") -> dict[str, Any]:
    """The chat request: instructions, the known names as a hint, the text, and the schema as ``fmt`` asks."""
    body: dict[str, Any] = {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": instructions(known, fmt=fmt)},
            {"role": "user", "content": text},
        ],
    }
    if fmt == "json_schema":
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "kg_facts", "strict": True, "schema": response_schema()},
        }
    elif fmt == "json_object":
        body["response_format"] = {"type": "json_object"}
    return body


def call(target: Endpoint, body: dict[str, Any]) -> str:
    """POST the request; the answer's message content, or a one-line error."""
    headers = {"Content-Type": "application/json"}
    if target.key:
        headers["Authorization"] = f"Bearer {target.key}"
    request = urllib.request.Request(target.url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        raise ExtractorUnavailable(f"{target.url}: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise ExtractorUnavailable(f"{target.url}: {getattr(e, 'reason', e)}") from None
    except json.JSONDecodeError as e:
        raise ExtractorUnavailable(f"{target.url}: the answer is not JSON ({e.msg})") from None
    try:
        return str(answer["choices"][0]["message"]["content"])
    except (KeyError, IndexError, TypeError):
        raise ExtractorUnavailable(f"{target.url}: the answer has no choices[0].message.content") from None


def parse_response(content: str, document: Document) -> list[Record]:
    """Records from the model's JSON answer; items that break the schema or the ontology are dropped."""
    try:
        answer = json.loads(_unfenced(content))
    except json.JSONDecodeError as e:
        raise ExtractorUnavailable(f"{document.source}: the model's answer is not JSON ({e.msg})") from None
    if not isinstance(answer, dict):
        raise ExtractorUnavailable(f"{document.source}: the model's answer is not a JSON object")
    locate = _Locator(document)
    records: list[Record] = [e for e in map(_entity, _items(answer, "entities")) if e]
    records += [f for f in (_fact(item, locate) for item in _items(answer, "facts")) if f]
    records += [o for o in (_figure(item, locate) for item in _items(answer, "figures")) if o]
    return records


_FENCE = re.compile(r"^\s*```(?:json)?\s*\n(.*)\n\s*```\s*$", re.DOTALL)


def _unfenced(content: str) -> str:
    """The answer without a Markdown code fence, which models in JSON mode without a schema often add."""
    match = _FENCE.match(content)
    return match.group(1) if match else content


def _items(answer: dict, key: str) -> list[dict]:
    items = answer.get(key) or []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _text(item: dict, key: str) -> str | None:
    value = item.get(key)
    return (
        " ".join(str(value).split()) or None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool)
        else None
    )


def _entity(item: dict) -> Entity | None:
    name, kind = _text(item, "name"), _text(item, "type")
    if not name or kind not in ENTITY_CLASSES:
        return None
    aliases = tuple(a for a in (item.get("aliases") or []) if isinstance(a, str) and a.strip() and a != name)
    return Entity(name, kind, aliases)


def _fact(item: dict, locate: _Locator) -> Fact | None:
    from kg.schema import load_schema

    subject, relation, obj = _text(item, "subject"), _text(item, "relation"), _text(item, "object")
    if not subject or not obj or relation not in load_schema().relations:
        return None
    qualifiers = tuple((k, v) for k in QUALIFIERS if (v := _text(item, k)) is not None)
    if dict(qualifiers).get("status") not in (None, *STATUSES):
        return None
    return Fact(subject, relation, obj, qualifiers, locate(_text(item, "evidence")))


def _figure(item: dict, locate: _Locator) -> Observation | None:
    subject, metric, unit = _text(item, "subject"), _text(item, "metric"), _text(item, "unit")
    value = item.get("value")
    if (
        not subject
        or not is_metric_name(metric)
        or not unit
        or isinstance(value, bool)
        or not isinstance(value, (int, float))
    ):
        return None
    return Observation(subject, metric, float(value), unit, _text(item, "period"), locate(_text(item, "evidence")))


class _Locator:
    """Provenance for a quote: the document's sentence that holds it, with its span, when the document has it.

    The model may re-space a quote, change its case or straighten its quotes;
    the match allows for that, on whole words only.  The evidence is then the
    document's own text, so ``text[span]`` is always the evidence, as for the
    rules.
    """

    def __init__(self, document: Document):
        self.document = document
        self.text = document.text or ""
        self._sentences: list[tuple[int, int]] | None = None

    def __call__(self, evidence: str | None) -> Provenance:
        span = self.find(evidence) if evidence else None
        if span is not None:
            span = self.sentence_around(span)
            evidence = self.text[span[0] : span[1]]
        return Provenance(
            source=self.document.source, evidence=evidence, span=span, extractor=EXTRACTOR, confidence=CONFIDENCE
        )

    def find(self, quote: str) -> tuple[int, int] | None:
        """Where the document holds ``quote`` as whole words, or None; a quote too short to place is not placed."""
        words = quote.split()
        if len(words) < MIN_QUOTE_WORDS:
            return None
        parts = [re.sub(r"[\"'“”‘’]", "[\"'“”‘’]", re.escape(w)) for w in words]
        pattern = r"\s+".join(parts)
        pattern = (r"(?<!\w)" if words[0][0].isalnum() else "") + pattern
        pattern += r"(?!\w)" if words[-1][-1].isalnum() else ""
        match = re.search(pattern, self.text, re.IGNORECASE)
        return match.span() if match else None

    def sentence_around(self, span: tuple[int, int]) -> tuple[int, int]:
        """The span widened to the sentences it touches."""
        if self._sentences is None:
            from kg.extract.sentences import split_sentences

            self._sentences = [(s.start, s.end) for s in split_sentences(self.text)]
        touched = [(a, b) for a, b in self._sentences if a < span[1] and span[0] < b]
        if not touched:
            return span
        return min(span[0], touched[0][0]), max(span[1], touched[-1][1])
