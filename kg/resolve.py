"""One identity per real-world thing.

Names become canonical IRIs: countries by ISO 3166-1 code, regions by their
canonical name, everything else by a normalised name key (case, spacing,
hyphens and legal forms do not split an entity).  External identifiers
(Wikidata QID, LEI, ticker, web domain) win over names: two records with the
same identifier are one entity whatever they are called.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from urllib.parse import quote

import yaml
from cleanco import basename

from kg import places
from kg.errors import LoaderError
from ontology import ID_NS

#: The IRI folder of each entity class; Company and Organization share one.
KIND = {
    "Organization": "org", "Company": "org", "Brand": "brand", "Product": "product",
    "Country": "country", "Region": "region", "Segment": "segment",
    "Channel": "channel", "Strategy": "strategy",
}
ENTITY_CLASSES = tuple(KIND)
PLACE_CLASSES = ("Country", "Region")


@dataclass(frozen=True, slots=True)
class Identity:
    """A resolved entity: its IRI, the name it is shown by and its class."""

    iri: str
    name: str
    type: str
    iso_code: str | None = None


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """An entity already in the store, as the resolver needs it."""

    iri: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=1 << 17)
def name_key(name: str) -> str:
    """The form of a name that decides identity.

    >>> name_key("Kunlun  Tech Co., Ltd.")
    'kunlun tech'
    >>> name_key("Asia - Pacific") == name_key("asia-pacific")
    True
    """
    text = unicodedata.normalize("NFKC", name).strip()
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = _strip_legal_forms(text)
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())


def _strip_legal_forms(text: str) -> str:
    """Remove legal forms until none is left: "Co., Ltd." is two of them."""
    while True:
        shorter = basename(text)
        if not shorter or shorter == text:
            return text
        text = shorter


@cache
def _descriptors() -> frozenset[str]:
    data = yaml.safe_load(files("kg").joinpath("data/company_words.yaml").read_text("utf-8"))
    return frozenset(data["descriptors"])


def short_key(key: str) -> str:
    """A company key without trailing descriptor words (``kunlun tech`` -> ``kunlun``)."""
    words = key.split()
    while len(words) > 1 and words[-1] in _descriptors():
        words.pop()
    return " ".join(words)


def slug(key: str) -> str:
    return quote(key.replace(" ", "-"), safe="-") or "unnamed"


def entity_iri(kind: str, local: str) -> str:
    return f"{ID_NS}{kind}/{local}"


@dataclass
class Resolver:
    """Maps names and identifiers to identities, learning as records arrive."""

    _by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_short: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _by_id: dict[tuple[str, str], str] = field(default_factory=dict)
    _identity: dict[str, Identity] = field(default_factory=dict)
    _ids_of: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_known(cls, known: Iterable[KnownEntity]) -> "Resolver":
        resolver = cls()
        for entity in known:
            resolver._remember(Identity(entity.iri, entity.name, entity.type),
                               (entity.name, *entity.aliases), entity.identifiers)
        return resolver

    def identities(self) -> list[Identity]:
        return list(self._identity.values())

    def declare(self, name: str, type_: str, aliases: Iterable[str] = (),
                identifiers: Iterable[tuple[str, str]] = ()) -> Identity:
        """Resolve an entity a source declares, minting an IRI when it is new."""
        identifiers = tuple(identifiers)
        if type_ in PLACE_CLASSES:
            return self._place(name, (type_,))
        found = self._by_identifier(identifiers) or self._lookup(name, (type_,), aliases)
        if found is None or self._conflicts(found, identifiers):
            found = self._mint(name, type_, identifiers)
        found = self._refine(found, type_)
        self._remember(found, (name, *aliases), identifiers)
        return found

    def refer(self, name: str, allowed: tuple[str, ...], default: str | None = None) -> Identity:
        """Resolve a name used in a fact, where ``allowed`` are the classes its position accepts."""
        if any(t in PLACE_CLASSES for t in allowed) and set(allowed) <= set(PLACE_CLASSES):
            return self._place(name, allowed)
        found = self._lookup(name, allowed or ENTITY_CLASSES)
        if found is None and (not allowed or set(allowed) & set(PLACE_CLASSES)):
            place = self._try_place(name)
            if place is not None:
                return place
        if found is None:
            found = self._mint(name, default or (allowed[0] if allowed else "Company"), ())
        elif "Company" in allowed and "Organization" not in allowed:
            found = self._refine(found, "Company")
        self._remember(found, (name,), ())
        return found

    def _lookup(self, name: str, allowed: Iterable[str], aliases: Iterable[str] = ()) -> Identity | None:
        kinds = dict.fromkeys(KIND[t] for t in allowed if t in KIND)
        for label in (name, *aliases):
            key = name_key(label)
            for kind in kinds:
                iri = self._by_key.get((kind, key))
                if iri:
                    return self._identity[iri]
        for kind in kinds:
            candidates = self._by_short.get((kind, short_key(name_key(name))), set())
            if kind == "org" and len(candidates) == 1:
                return self._identity[next(iter(candidates))]
        return None

    def _by_identifier(self, identifiers: tuple[tuple[str, str], ...]) -> Identity | None:
        for scheme, value in identifiers:
            iri = self._by_id.get((scheme, value.casefold()))
            if iri:
                return self._identity[iri]
        return None

    def _conflicts(self, found: Identity, identifiers: tuple[tuple[str, str], ...]) -> bool:
        known = self._ids_of.get(found.iri, {})
        return any(scheme in known and known[scheme] != value.casefold() for scheme, value in identifiers)

    def _mint(self, name: str, type_: str, identifiers: tuple[tuple[str, str], ...]) -> Identity:
        kind = KIND.get(type_, "org")
        local = slug(name_key(name))
        iri = entity_iri(kind, local)
        if iri in self._identity and identifiers:
            scheme, value = sorted(identifiers)[0]
            iri = entity_iri(kind, f"{local}-{scheme}-{slug(name_key(value))}")
        return Identity(iri, " ".join(name.split()), type_)

    def _refine(self, found: Identity, type_: str) -> Identity:
        """Organization becomes Company when a source says so; nothing else changes class."""
        if found.type == "Organization" and type_ == "Company":
            return Identity(found.iri, found.name, type_, found.iso_code)
        return found

    def _remember(self, identity: Identity, labels: Iterable[str], identifiers: Iterable[tuple[str, str]]) -> None:
        kind = KIND.get(identity.type, "org")
        self._identity[identity.iri] = identity
        for label in labels:
            key = name_key(label)
            if key:
                self._by_key.setdefault((kind, key), identity.iri)
                self._by_short.setdefault((kind, short_key(key)), set()).add(identity.iri)
        for scheme, value in identifiers:
            self._by_id.setdefault((scheme, value.casefold()), identity.iri)
            self._ids_of.setdefault(identity.iri, {}).setdefault(scheme, value.casefold())

    def _try_place(self, name: str) -> Identity | None:
        region = places.region_name(name)
        if region:
            return Identity(entity_iri("region", slug(name_key(region))), region, "Region")
        found = places.country(name)
        if found:
            return Identity(entity_iri("country", found.code), found.name, "Country", found.code)
        return None

    def _place(self, name: str, allowed: tuple[str, ...]) -> Identity:
        place = self._try_place(name)
        if place is None or place.type not in allowed:
            wanted = " or ".join(allowed).lower()
            raise LoaderError(f"{name!r} is not a known {wanted}")
        return place
