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

from cleanco import basename

from kg import places
from kg.errors import LoaderError
from ontology import ID_NS

#: The IRI folder of each entity class; Company and Organization share one.
KIND = {
    "Organization": "org",
    "Company": "org",
    "Brand": "brand",
    "Product": "product",
    "Country": "country",
    "Region": "region",
    "Segment": "segment",
    "Channel": "channel",
    "Strategy": "strategy",
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
    owners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Merge:
    """Why a name was taken to mean an entity whose own name differs."""

    iri: str
    label: str
    reason: str


@dataclass(frozen=True, slots=True)
class Correction:
    """A resolution fixed by hand: ``merge`` a name into an entity, or ``split`` it off one."""

    action: str
    label: str
    iri: str


#: Zero-width and bidi control characters: they change how a name is stored, not how it reads, so a name
#: with one must not become a second, identical-looking entity.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


@lru_cache(maxsize=1 << 17)
def name_key(name: str) -> str:
    """The form of a name that decides identity (cached: resolving, storing and querying ask for the same names).

    >>> name_key("Kunlun  Tech Co., Ltd.")
    'kunlun tech'
    >>> name_key("Asia - Pacific") == name_key("asia-pacific")
    True
    >>> name_key("Eco\\u200bvacs") == name_key("\\u202eEcovacs") == "ecovacs"
    True
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", name)).strip()
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = _strip_legal_forms(text)
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())


def is_legal_form(name: str) -> bool:
    """Whether a name is nothing but legal forms ("Ltd.", "Co., Ltd."): it names no company of its own.

    >>> is_legal_form("Ltd."), is_legal_form("Co., Ltd."), is_legal_form("Kunlun")
    (True, True, False)
    """
    text = " ".join(name.split())
    while text:
        shorter = basename(text).strip(" .,&")
        if shorter == text:
            return False
        text = shorter
    return bool(name.strip())


#: The last word of a segment's key in the plural: "service robots", "batteries", "boxes".
_PLURAL = re.compile(r"(?:(?<=[^aeiou])ies|(?<=ch|sh|ss)es|(?<=x)es|(?<=[^su])s)$")


def segment_key(name: str) -> str:
    """A segment's name key with its last word in the singular: a market segment is named either way.

    Only segments fold plurals: "Ecovacs" and "Ecovac" would be two companies, "service robots" and
    "service robot" are one segment.

    >>> segment_key("Service Robots") == segment_key("service robot") == "service robot"
    True
    >>> segment_key("batteries"), segment_key("lunch boxes"), segment_key("glass"), segment_key("pan-entertainment")
    ('battery', 'lunch box', 'glass', 'pan entertainment')
    """
    key = name_key(name)
    words = key.split()
    if not words or len(words[-1]) < 4:
        return key
    last = _PLURAL.sub(lambda m: "y" if m.group() == "ies" else "", words[-1])
    return " ".join([*words[:-1], last])


def _key(kind: str, name: str) -> str:
    """The identity key of a name within an IRI folder (``kind``)."""
    return segment_key(name) if kind == "segment" else name_key(name)


def _strip_legal_forms(text: str) -> str:
    """Remove legal forms until none is left: "Co., Ltd." is two of them."""
    while True:
        shorter = basename(text)
        if not shorter or shorter == text:
            return text
        text = shorter


@cache
def _descriptors() -> frozenset[str]:
    import yaml  # imported here: yaml compiles a large pattern on import, which a query that needs no descriptor skips

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
    """Maps names and identifiers to identities, learning as records arrive.

    Every time a name is taken to mean an entity whose own name differs, the
    reason is kept in :attr:`merges`, so merges can be explained and undone.
    """

    _by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_short: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _by_id: dict[tuple[str, str], str] = field(default_factory=dict)
    _identity: dict[str, Identity] = field(default_factory=dict)
    _ids_of: dict[str, dict[str, str]] = field(default_factory=dict)
    _products_of: dict[str, set[str]] = field(default_factory=dict)
    _forced: dict[str, str] = field(default_factory=dict)
    _refused: set[tuple[str, str]] = field(default_factory=set)
    merges: list[Merge] = field(default_factory=list)

    @classmethod
    def from_known(cls, known: Iterable[KnownEntity], corrections: Iterable[Correction] = ()) -> Resolver:
        resolver = cls()
        for correction in corrections:
            resolver.correct(correction)
        for entity in known:
            resolver._remember(
                Identity(entity.iri, entity.name, entity.type), (entity.name, *entity.aliases), entity.identifiers
            )
            for owner in entity.owners:
                resolver.note_owner(entity.iri, owner)
        resolver.merges.clear()
        return resolver

    def correct(self, correction: Correction) -> None:
        """Apply a hand-made correction before anything else is resolved."""
        key = name_key(correction.label)
        if correction.action == "merge":
            self._forced[key] = correction.iri
        else:
            self._refused.add((key, correction.iri))

    def note_owner(self, product_iri: str, owner_iri: str) -> None:
        """Remember who launches or develops a product, for matching misspellings within one company."""
        self._products_of.setdefault(owner_iri, set()).add(product_iri)

    def identities(self) -> list[Identity]:
        return list(self._identity.values())

    def declare(
        self, name: str, type_: str, aliases: Iterable[str] = (), identifiers: Iterable[tuple[str, str]] = ()
    ) -> Identity:
        """Resolve an entity a source declares, minting an IRI when it is new."""
        identifiers, aliases = tuple(identifiers), tuple(aliases)
        if type_ in PLACE_CLASSES:
            return self._place(name, (type_,))
        found: tuple[Identity, str | None] | None = self._by_identifier(identifiers) or self._lookup(name, (type_,))
        if found is None or self._conflicts(found[0], identifiers):
            found = (self._mint(name, type_, identifiers), None)
        identity = self._refine(found[0], type_)
        self._note(identity, name, found[1])
        for alias in aliases:
            self._note(identity, alias, "declared as an alias by the source")
        self._remember(identity, (name, *aliases), identifiers)
        return identity

    def refer(
        self, name: str, allowed: tuple[str, ...], default: str | None = None, owner: str | None = None
    ) -> Identity:
        """Resolve a name used in a fact, where ``allowed`` are the classes its position accepts."""
        if any(t in PLACE_CLASSES for t in allowed) and set(allowed) <= set(PLACE_CLASSES):
            return self._place(name, allowed)
        found = self._lookup(name, allowed or ENTITY_CLASSES) or self._misspelt(name, allowed, owner)
        if found is None and (not allowed or set(allowed) & set(PLACE_CLASSES)):
            place = self._try_place(name)
            if place is not None:
                return place
        if found is None:
            identity = self._mint(name, default or (allowed[0] if allowed else "Company"), ())
        else:
            identity = (
                self._refine(found[0], "Company")
                if "Company" in allowed and "Organization" not in allowed
                else found[0]
            )
            self._note(identity, name, found[1])
        self._remember(identity, (name,), ())
        return identity

    def _note(self, identity: Identity, label: str, reason: str | None) -> None:
        if reason and name_key(label) != name_key(identity.name):
            self.merges.append(Merge(identity.iri, " ".join(label.split()), reason))

    def _lookup(self, name: str, allowed: Iterable[str]) -> tuple[Identity, str] | None:
        kinds = list(dict.fromkeys(KIND[t] for t in allowed if t in KIND))
        key = name_key(name)
        forced = self._forced.get(key)
        if forced in self._identity and KIND.get(self._identity[forced].type) in kinds:
            return self._identity[forced], "merged by hand (kg merge)"
        for kind in kinds:
            iri = self._by_key.get((kind, _key(kind, name)))
            if iri and (key, iri) not in self._refused:
                reason = "same name, ignoring case, spacing, punctuation and legal form"
                if kind == "segment" and name_key(name) != name_key(self._identity[iri].name):
                    reason = "same segment name, singular or plural"
                return self._identity[iri], reason
        candidates = {i for i in self._by_short.get(("org", short_key(key)), set()) if (key, i) not in self._refused}
        if "org" in kinds and len(candidates) == 1:
            found = self._identity[next(iter(candidates))]
            return found, f"the same name as {found.name!r} without its descriptor words"
        return None

    def _misspelt(self, name: str, allowed: tuple[str, ...], owner: str | None) -> tuple[Identity, str] | None:
        """A product name one edit away from a product of the same company is that product."""
        from rapidfuzz.distance import Levenshtein

        key = name_key(name)
        if "Product" not in allowed or owner is None or len(key) < 5:
            return None
        close = [
            i
            for i in sorted(self._products_of.get(owner, ()))
            if Levenshtein.distance(key, name_key(self._identity[i].name)) == 1 and (key, i) not in self._refused
        ]
        if len(close) != 1:
            return None
        found = self._identity[close[0]]
        return found, f"one edit from {found.name!r}, a product of the same company"

    def _by_identifier(self, identifiers: tuple[tuple[str, str], ...]) -> tuple[Identity, str] | None:
        for scheme, value in identifiers:
            iri = self._by_id.get((scheme, value.casefold()))
            if iri:
                return self._identity[iri], f"same {scheme} identifier {value}"
        return None

    def _conflicts(self, found: Identity, identifiers: tuple[tuple[str, str], ...]) -> bool:
        known = self._ids_of.get(found.iri, {})
        return any(scheme in known and known[scheme] != value.casefold() for scheme, value in identifiers)

    def _mint(self, name: str, type_: str, identifiers: tuple[tuple[str, str], ...]) -> Identity:
        kind = KIND.get(type_, "org")
        local = slug(_key(kind, name))
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
            key = _key(kind, label)
            if key:
                self._by_key.setdefault((kind, key), identity.iri)
                self._by_short.setdefault((kind, short_key(key)), set()).add(identity.iri)
        for scheme, value in identifiers:
            self._by_id.setdefault((scheme, value.casefold()), identity.iri)
            self._ids_of.setdefault(identity.iri, {}).setdefault(scheme, value.casefold())

    def _try_place(self, name: str) -> Identity | None:
        name = _INVISIBLE.sub("", name)  # as in name_key: "Ger\u200bmany" is Germany
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
