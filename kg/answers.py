"""What a store answers: the questions, the types of the answers, which facts a question may use, and how
answers rank.

:class:`Answers` is the contract: the five expansion questions.  It has two implementations, the
in-memory projection's (:class:`kg.queries.answering.ProjectionAnswers`, for any store with an RDF view)
and Cypher on the server (:class:`kg.stores.cypher_answers.CypherAnswers`, which
:meth:`kg.stores.neo4j.Neo4jStore.answers` gives); both build these types and order them by these rules,
so the two give the same answer in the same order.  This module sits below the stores and the queries, so
neither imports the other for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from kg.errors import AmbiguousName
from kg.timevalue import InvalidDate, TimeValue, parse_time
from kg.vocabulary import MARKET_TYPES

#: The entry modes ``--via`` names: the modes of :data:`kg.vocabulary.STEP_RELATIONS`, a channel, and direct.
ENTRY_MODES = ("subsidiary", "brand", "product", "channel", "partner", "acquisition", "direct")
#: Relations whose dated facts are a company's expansion events.
EVENT_RELATIONS = (
    "launches",
    "expandsInto",
    "operatesIn",
    "hasSubsidiary",
    "acquires",
    "hasBrand",
    "locatedIn",
    "partnersWith",
    "investsIn",
    "sellsThrough",
)
#: The kinds of entity a question about a company starts from, in groups, most wanted first: a name that
#: denotes both a company and a brand denotes the company.
COMPANY_KINDS = (frozenset({"Company", "Organization"}), frozenset({"Brand"}))
#: What a market named in a question may be; one group, so a country and a segment of one name are a tie.
MARKET_KINDS = (frozenset({*MARKET_TYPES, "Segment"}),)
#: What ``kg compare`` sets side by side beside the markets, and the relation each reads.
ASPECTS = {"channels": "sellsThrough", "strategies": "adoptsStrategy", "segments": "competesIn"}


@dataclass(frozen=True)
class FactFilter:
    """Restrictions on the facts a path may use; the default lets every positive fact through."""

    via: frozenset[str] = frozenset()
    since: TimeValue | None = None
    until: TimeValue | None = None
    as_of: TimeValue | None = None

    def admits(self, data: dict) -> bool:
        """A fact is usable if it is a plain positive claim inside the date window."""
        if data.get("status"):
            return False
        if not (self.since or self.until or self.as_of):  # no window: no date to read (a walk asks per edge)
            return True
        date = _time(data.get("date") or data.get("since"))
        if date is not None:
            if self.since and date.end < self.since.start:
                return False
            if self.until and date.start > self.until.end:
                return False
            if self.as_of and date.start > self.as_of.end:
                return False
        ended = _time(data.get("until"))
        return not (self.as_of and ended and ended.end < self.as_of.start)

    def allows_mode(self, mode: str) -> bool:
        return not self.via or mode in self.via

    @property
    def dated(self) -> bool:
        """Whether facts are admitted by their dates (else by their status alone)."""
        return bool(self.since or self.until or self.as_of)


def _time(text: str | None) -> TimeValue | None:
    try:
        return parse_time(text) if text else None
    except InvalidDate:
        return None


@dataclass(frozen=True)
class Hop:
    """One fact on a path, with what explains it."""

    source_name: str
    relation: str
    target_name: str
    date: str | None = None
    via: str | None = None
    evidence: str | None = None
    source: str | None = None
    support: int = 1
    source_type: str | None = None
    target_type: str | None = None

    def as_dict(self) -> dict:
        return {
            "from": self.source_name,
            "relation": self.relation,
            "to": self.target_name,
            "date": self.date,
            "via": self.via,
            "support": self.support,
            "evidence": self.evidence,
            "source": self.source,
            "from_type": self.source_type,
            "to_type": self.target_type,
        }


@dataclass(frozen=True)
class ExpansionPath:
    """A way a company reaches a market; ``mode`` is how it enters (subsidiary, brand, channel, ...)."""

    hops: tuple[Hop, ...]
    market: str
    mode: str
    market_node: str = field(default="", compare=False, repr=False)

    @property
    def support(self) -> int:
        return min(h.support for h in self.hops)

    @property
    def latest(self) -> str:
        return max((h.date or "" for h in self.hops), default="")

    def as_dict(self) -> dict:
        return {
            "market": self.market,
            "mode": self.mode,
            "length": len(self.hops),
            "support": self.support,
            "hops": [h.as_dict() for h in self.hops],
        }


def tie_rank(path: ExpansionPath, facts: Sequence[str]) -> tuple:
    """Which of the paths with the same hops stays: the best supported, then by entry mode, then hop by hop the
    earliest date, then via, then the fact's IRI, so every store shows the same evidence and dates."""
    return (-path.support, path.mode, [(h.date or "", h.via or "", f) for h, f in zip(path.hops, facts, strict=True)])


def path_rank(path: ExpansionPath) -> tuple:
    """How paths are ranked: shortest, best supported, latest (undated first), then by market and hops."""
    return (
        len(path.hops),
        -path.support,
        _descending(path.latest),
        path.market,
        [(h.relation, h.target_name) for h in path.hops],
    )


@lru_cache(maxsize=4096)
def _descending(text: str) -> tuple[int, ...]:
    """A key that sorts strings in descending order, shorter first on a common prefix (undated first)."""
    return tuple(-ord(c) for c in text)


@dataclass(frozen=True)
class Event:
    """One dated fact about a company or something it controls."""

    date: str
    relation: str
    subject: str
    object: str
    via: str | None = None
    status: str | None = None
    evidence: str | None = None
    source: str | None = None

    def as_dict(self) -> dict:
        return dict(vars(self))


def event_order(event: Event) -> tuple:
    """Oldest first (by the first day a date covers, then the last), then by subject, relation and object."""
    try:
        value = parse_time(event.date)
        return (value.start, value.end, event.subject, event.relation, event.object)
    except InvalidDate:
        return (event.date, event.date, event.subject, event.relation, event.object)


@dataclass(frozen=True)
class Comparison:
    """For each aspect: what every company has, what all share, and what is unique to each."""

    companies: tuple[str, ...]
    aspects: dict[str, dict[str, list[str]]]

    def shared(self, aspect: str) -> list[str]:
        sets = [set(v) for v in self.aspects[aspect].values()]
        return sorted(set.intersection(*sets)) if sets else []

    def unique(self, aspect: str, company: str) -> list[str]:
        others = set().union(*(set(v) for c, v in self.aspects[aspect].items() if c != company))
        return sorted(set(self.aspects[aspect][company]) - others)

    def as_dict(self) -> dict:
        return {
            aspect: {
                "shared": self.shared(aspect),
                "unique": {c: self.unique(aspect, c) for c in self.companies},
                "all": values,
            }
            for aspect, values in self.aspects.items()
        }


@dataclass(frozen=True)
class MarketEntry:
    """One company's ways into a market; ``paths`` is empty when only the counts were asked for
    (:meth:`Answers.market_counts`)."""

    company: str
    modes: dict[str, int]
    paths: list[ExpansionPath] = field(default_factory=list)

    @property
    def ways_in(self) -> int:
        """How many paths lead into the market: one for each the full answer lists."""
        return sum(self.modes.values())

    def as_dict(self) -> dict:
        return {"company": self.company, "modes": self.modes, "paths": self.ways_in}


def market_entry(company: str, paths: list[ExpansionPath]) -> MarketEntry:
    """One company's paths into a market, with its entry modes counted."""
    return MarketEntry(company, dict(sorted(Counter(p.mode for p in paths).items())), paths)


def most_ways_in_first(entries: list[MarketEntry]) -> list[MarketEntry]:
    """How market entries rank: most ways in first, then by company name."""
    return sorted(entries, key=lambda e: (-e.ways_in, e.company))


class Answers(Protocol):
    """The expansion questions, answered where the graph lives.

    Names are looked up by name or alias (case, spacing and punctuation ignored); an unknown name raises
    :class:`kg.errors.EntityNotFound` with close names suggested, a name of several entities
    :class:`kg.errors.AmbiguousName` listing them, a bad option :class:`kg.errors.QueryError`.
    """

    def expansion_paths(
        self, source: str, target: str | None = None, *, max_hops: int = 4, where: FactFilter = FactFilter()
    ) -> list[ExpansionPath]:
        """How ``source`` reaches ``target`` (a market, region or segment; every market when None), ranked by
        :func:`path_rank`."""
        ...

    def timeline(self, company: str) -> list[Event]:
        """The dated expansion events of ``company`` and what it controls, in :func:`event_order`."""
        ...

    def compare(self, names: list[str], *, max_hops: int = 4) -> Comparison:
        """Two or more companies side by side: markets, channels, strategies, segments."""
        ...

    def market_entrants(self, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()) -> list[MarketEntry]:
        """Every top-level company that reaches ``market``, with its paths, in :func:`most_ways_in_first` order."""
        ...

    def market_counts(self, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()) -> list[MarketEntry]:
        """:meth:`market_entrants` with the same counts and order; the entries' ``paths`` may be left empty."""
        ...


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class NamedEntity:
    """An entity that holds a looked-up name or alias: its id in the store, its name and its most specific kind."""

    id: str
    name: str
    kind: str


def pick_entity(name: str, found: Sequence[NamedEntity], kinds: Sequence[frozenset[str]], flag: str = "") -> str | None:
    """The id of the entity ``name`` denotes, the one rule of every lookup by name.

    ``found`` are the entities holding the name or alias.  The candidates are those of the first group of
    ``kinds`` that has any (of every kind when no groups are given); a tie among them is an
    :class:`~kg.errors.AmbiguousName` listing each.  None when no entity of those kinds holds the name: the
    caller says so, with suggestions from its own names.

    >>> found = [NamedEntity("b", "Nova", "Brand"), NamedEntity("c", "Nova", "Company")]
    >>> pick_entity("Nova", found, COMPANY_KINDS)
    'c'
    >>> pick_entity("Nova", found, (frozenset({"Product"}),)) is None
    True
    """
    for group in kinds or (frozenset(e.kind for e in found),):
        candidates = sorted((e for e in found if e.kind in group), key=lambda e: e.id)
        if len(candidates) == 1:
            return candidates[0].id
        if candidates:
            listed = "; ".join(f"{e.name} ({e.kind}, {e.id})" for e in candidates)
            raise AmbiguousName(f"{name!r}{flag} names {len(candidates)} entities: {listed}")
    return None
