"""Typed records that flow between the stages: loaders -> resolve -> rdf -> store.

Loaders and extractors produce these records with names as they appear in the
source; :mod:`kg.resolve` turns names into canonical identities.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

#: Qualifier keys a relation instance may carry (see ontology/kg.ttl).
QUALIFIERS = ("date", "since", "until", "via", "market", "share", "amount", "status")
#: Values the ``status`` qualifier may take; a fact without one is a plain positive claim.
STATUSES = ("planned", "ended", "denied")
#: External identifier schemes; two records with the same identifier are one entity.
IDENTIFIER_SCHEMES = ("wikidata", "lei", "ticker", "domain")

_SURROGATE = re.compile("[\ud800-\udfff]")


def is_unicode_text(text: str) -> bool:
    """False when the text holds a lone surrogate (JSON's ``"\\ud800"``): no store or file encoding can hold one."""
    return text.isascii() or not _SURROGATE.search(text)


def is_finite(value: float) -> bool:
    """False for NaN and the infinities, which a figure cannot be and JSON exports cannot write."""
    return math.isfinite(value)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record came from: which document, where in it, who read it, how sure."""

    source: str
    line: int | None = None
    evidence: str | None = None
    span: tuple[int, int] | None = None
    extractor: str = "factsheet"
    confidence: float = 1.0
    cited: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing with a name: company, brand, product, market, channel, strategy."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """One relation instance between two named things, with qualifiers.

    ``subject_type``/``object_type`` are set when the source says what the
    thing is; otherwise the resolver infers it from the relation's domain and
    range.
    """

    subject: str
    relation: str
    object: str
    qualifiers: tuple[tuple[str, str], ...] = ()
    provenance: Provenance = field(default_factory=lambda: Provenance("<unknown>"))
    subject_type: str | None = None
    object_type: str | None = None
    note: str | None = None

    def qualifier(self, key: str) -> str | None:
        return dict(self.qualifiers).get(key)


@dataclass(frozen=True, slots=True)
class Observation:
    """A figure: ``metric`` of ``subject`` is ``value`` ``unit`` over ``period``."""

    subject: str
    metric: str
    value: float
    unit: str
    period: str | None = None
    provenance: Provenance = field(default_factory=lambda: Provenance("<unknown>"))
    subject_type: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A source as a whole: a fact sheet or an article."""

    source: str
    content_hash: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    text: str | None = None


Record = Entity | Fact | Observation | Document
