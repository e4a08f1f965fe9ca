"""Fact lines: the one record shape shared by the JSONL, CSV and YAML loaders.

A line is an entity line (``entity``, ``type``, ``aliases``, identifiers), a
relation line (``s``, ``p``, ``o`` and qualifiers) or a metric line (``s``,
``metric``, ``value``, ``unit``, ``period``), each with optional provenance
fields.  ``o: "*"`` names an entity the source does not name; its ``o_<relation>``
fields say what is known of it ("a subsidiary located in Germany").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, overload

from kg.errors import LoaderError
from kg.model import (
    IDENTIFIER_SCHEMES,
    QUALIFIERS,
    Entity,
    Fact,
    Observation,
    Provenance,
    Record,
    is_finite,
    is_unicode_text,
)
from loaders.base import quoted

PROVENANCE_FIELDS = ("source", "evidence", "confidence", "span", "extractor", "note")
ENTITY_FIELDS = ("entity", "type", "aliases", "ids", *IDENTIFIER_SCHEMES, "note", "source")
RELATION_FIELDS = ("s", "p", "o", "s_type", "o_type", *QUALIFIERS, *PROVENANCE_FIELDS)
METRIC_FIELDS = ("s", "s_type", "metric", "value", "unit", "period", *PROVENANCE_FIELDS)


def records_from_line(line: object, *, source: str, number: int, extractor: str) -> Iterator[Record]:
    """The records one fact line states; raises LoaderError naming the problem."""
    try:
        if not isinstance(line, Mapping):
            raise LoaderError(f"expected an object with fields, got {type(line).__name__}")
        _check_field_names(line)
        if "entity" in line:
            yield _entity(line, source, number)
        elif "metric" in line:
            yield _metric(line, _provenance(line, source, number, extractor))
        elif "p" in line:
            yield from _relation(line, _provenance(line, source, number, extractor))
        else:
            raise LoaderError(
                "not an entity line (entity), a relation line (s, p, o) or a metric line (s, metric, value)"
            )
    except LoaderError as e:
        raise LoaderError(e.message, path=source, line=number) from None


def _check_field_names(line: Mapping[Any, Any]) -> None:
    """Field names are text (YAML also allows ``1: x`` and ``null: x``)."""
    for key in line:
        if not isinstance(key, str):
            raise LoaderError(f"field names must be text, not {quoted(key)}")


def _check_fields(line: Mapping[str, Any], allowed: tuple[str, ...], kind: str) -> None:
    for key in line:
        if key not in allowed and not (kind == "relation" and _about_object(key)):
            raise LoaderError(f"unknown field {quoted(key)} in a {kind} line; allowed: {', '.join(allowed)}")


def _about_object(key: str) -> bool:
    """``o_<relation>`` fields describe an unnamed object; ``o_type`` is the object's class."""
    return key.startswith("o_") and key != "o_type"


@overload
def _text(line: Mapping[str, Any], key: str, *, required: Literal[True] = True) -> str: ...
@overload
def _text(line: Mapping[str, Any], key: str, *, required: bool) -> str | None: ...
def _text(line: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = line.get(key)
    if value is None or value == "":
        if required:
            raise LoaderError(f"missing field {key!r}")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise LoaderError(f"field {key!r} must be text, not {type(value).__name__}")
    text = _unicode(str(value).strip(), key)
    if required and not text:
        raise LoaderError(f"field {key!r} is empty")
    return text


def _unicode(text: str, key: str) -> str:
    if not is_unicode_text(text):
        raise LoaderError(f"field {key!r} is not valid Unicode text (it holds a lone surrogate such as \\ud800)")
    return text


@overload
def _number(line: Mapping[str, Any], key: str, *, required: Literal[True] = True) -> float: ...
@overload
def _number(line: Mapping[str, Any], key: str, *, required: bool) -> float | None: ...
def _number(line: Mapping[str, Any], key: str, *, required: bool = True) -> float | None:
    value = line.get(key)
    if value is None or value == "":
        if required:
            raise LoaderError(f"missing field {key!r}")
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise LoaderError(f"field {key!r} must be a number, not {quoted(value)}") from None
    if not is_finite(number):
        raise LoaderError(f"field {key!r} must be a finite number, not {number}")
    return number


def _provenance(line: Mapping[str, Any], source: str, number: int, extractor: str) -> Provenance:
    confidence = _number(line, "confidence", required=False)
    if confidence is not None and not 0 <= confidence <= 1:
        raise LoaderError(f"confidence must be between 0 and 1, not {confidence:g}")
    span = line.get("span")
    if span is not None and not (
        isinstance(span, (list, tuple))
        and len(span) == 2
        and all(isinstance(i, int) and not isinstance(i, bool) for i in span)
    ):
        raise LoaderError(f"span must be [start, end], not {quoted(span)}")
    return Provenance(
        source=source,
        line=number,
        evidence=_text(line, "evidence", required=False),
        span=tuple(span) if span else None,
        extractor=_text(line, "extractor", required=False) or extractor,
        confidence=1.0 if confidence is None else confidence,
        cited=_text(line, "source", required=False),
    )


def _list_of_text(line: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = line.get(key) or []
    if isinstance(value, str):
        value = [v for v in value.split(";")]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise LoaderError(f"field {key!r} must be a list of names")
    return tuple(_unicode(v.strip(), key) for v in value if v.strip())


def _identifiers(line: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    given = line.get("ids") or {}
    if not isinstance(given, Mapping):
        raise LoaderError(f"field 'ids' must be an object of scheme: identifier, not {type(given).__name__}")
    ids = dict(given)
    for scheme in IDENTIFIER_SCHEMES:
        if line.get(scheme):
            ids[scheme] = line[scheme]
    for scheme in ids:
        if scheme not in IDENTIFIER_SCHEMES:
            raise LoaderError(f"unknown identifier scheme {quoted(scheme)}; allowed: {', '.join(IDENTIFIER_SCHEMES)}")
    texts = ((scheme, _text(ids, scheme, required=False)) for scheme in sorted(ids))
    return tuple((scheme, text) for scheme, text in texts if text)


def _entity(line: Mapping[str, Any], source: str, number: int) -> Entity:
    _check_fields(line, ENTITY_FIELDS, "entity")
    return Entity(
        name=_text(line, "entity"),
        type=_text(line, "type"),
        aliases=_list_of_text(line, "aliases"),
        identifiers=_identifiers(line),
        provenance=Provenance(source, number),
    )


def _metric(line: Mapping[str, Any], prov: Provenance) -> Observation:
    _check_fields(line, METRIC_FIELDS, "metric")
    return Observation(
        subject=_text(line, "s"),
        metric=_text(line, "metric"),
        value=_number(line, "value"),
        unit=_text(line, "unit"),
        period=_text(line, "period", required=False),
        provenance=prov,
        subject_type=_text(line, "s_type", required=False),
        note=_text(line, "note", required=False),
    )


def _relation(line: Mapping[str, Any], prov: Provenance) -> Iterator[Fact]:
    _check_fields(line, RELATION_FIELDS, "relation")
    subject, relation, obj = _text(line, "s"), _text(line, "p"), _text(line, "o")
    about = {k[2:]: _text(line, k) for k in sorted(line) if _about_object(k)}
    if obj == "*":
        if not about:
            raise LoaderError('an unnamed object ("o": "*") needs at least one o_<relation> field')
        obj = " ".join([subject, *about.values()])
    qualifiers = tuple((k, _text(line, k)) for k in QUALIFIERS if _text(line, k, required=False) is not None)
    yield Fact(
        subject,
        relation,
        obj,
        qualifiers,
        prov,
        subject_type=_text(line, "s_type", required=False),
        object_type=_text(line, "o_type", required=False),
        note=_text(line, "note", required=False),
    )
    for about_relation, value in about.items():
        yield Fact(obj, about_relation, value, (), prov)
