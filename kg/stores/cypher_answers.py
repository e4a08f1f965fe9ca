"""The expansion questions answered in Cypher on the server: the :class:`kg.answers.Answers` of a Neo4j store.

The queries are in :mod:`kg.stores.cypher`; the answers are built from their rows with the types and
ranking rules of :mod:`kg.answers`, so they equal the projection's answers (the Neo4j store tests hold the
two side by side).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import neo4j

from kg import places
from kg.answers import (
    ASPECTS,
    COMPANY_KINDS,
    EVENT_RELATIONS,
    MARKET_KINDS,
    Comparison,
    Event,
    ExpansionPath,
    FactFilter,
    Hop,
    MarketEntry,
    NamedEntity,
    event_order,
    market_entry,
    most_ways_in_first,
    path_rank,
    pick_entity,
    tie_rank,
)
from kg.errors import EntityNotFound, QueryError, StoreError
from kg.resolve import ENTITY_CLASSES, name_key
from kg.schema import load_schema
from kg.stores import cypher, cypher_paths
from kg.vocabulary import MAX_HOPS, STEP_RELATIONS

#: Runs a read query with its parameters, giving its rows as dicts.
Read = Callable[..., list[dict[str, Any]]]
#: Runs a function in one read transaction, giving what it returns.
ReadTransaction = Callable[[Callable[[neo4j.ManagedTransaction], Any]], Any]


class CypherAnswers:
    """:class:`kg.answers.Answers` over one Neo4j store, each question in one read transaction."""

    def __init__(self, read: Read, read_transaction: ReadTransaction):
        self._read, self._transaction = read, read_transaction

    def expansion_paths(
        self, source: str, target: str | None = None, *, max_hops: int = 4, where: FactFilter = FactFilter()
    ) -> list[ExpansionPath]:
        """The answer of :func:`kg.queries.expansion.expansion_paths`, computed by the server."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
        start = self._find(source, COMPANY_KINDS)
        rows = self._paths(max_hops, starts=[start["iri"]], **self._target(target), **_filter_params(where))
        return sorted(rows, key=path_rank)

    def timeline(self, company: str) -> list[Event]:
        """The answer of :func:`kg.queries.timeline.timeline`, computed by the server."""
        start = self._find(company, COMPANY_KINDS)
        hidden = self._hidden()
        rows = self._read(
            cypher_paths.timeline(EVENT_RELATIONS, bool(hidden)),
            start=start["iri"],
            relations=cypher.relation_names(),
            hidden=hidden,
        )
        return sorted({Event(**r) for r in rows}, key=event_order)

    def compare(self, names: list[str], *, max_hops: int = 4) -> Comparison:
        """The answer of :func:`kg.queries.compare.compare`, computed by the server."""
        if len(names) < 2:
            raise QueryError("compare needs at least two companies")
        starts = [self._find(n, COMPANY_KINDS) for n in names]
        companies = tuple(s["name"] for s in starts)
        aspects: dict[str, dict[str, list[str]]] = {"markets": {}, **{a: {} for a in ASPECTS}}
        by_relation = {relation: aspect for aspect, relation in ASPECTS.items()}
        hidden = self._hidden()
        for name, start in zip(companies, starts, strict=True):
            aspects["markets"][name] = sorted({p.market for p in self.expansion_paths(name, max_hops=max_hops)})
            found = {
                r["relation"]: r["names"]
                for r in self._read(
                    cypher_paths.controlled_objects(tuple(ASPECTS.values()), bool(hidden)),
                    start=start["iri"],
                    relations=cypher.relation_names(),
                    hidden=hidden,
                )
            }
            for relation, aspect in by_relation.items():
                aspects[aspect][name] = sorted(found.get(relation, []))
        return Comparison(companies, aspects)

    def market_entrants(self, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()) -> list[MarketEntry]:
        """The answer of :func:`kg.queries.market.market_entrants`: every top-level company's paths, in one query."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
        target = self._target(market)
        starts = self._starts()
        grouped: dict[int, list[ExpansionPath]] = {}
        index = {iri: i for i, iri in enumerate(starts)}
        found = self._paths(
            max_hops, starts=starts, startIndex=index, **target, **_filter_params(where), rows=True, anchored=True
        )
        for start, path in found:
            grouped.setdefault(start, []).append(path)
        return most_ways_in_first(
            [market_entry(paths[0].hops[0].source_name, sorted(paths, key=path_rank)) for paths in grouped.values()]
        )

    def market_counts(self, market: str, *, max_hops: int = 4, where: FactFilter = FactFilter()) -> list[MarketEntry]:
        """The counts of :meth:`market_entrants`, counted on the server: no path or hop is sent, which at 10^5
        facts is a quarter of a million paths for one country and millions for a region.  When two entities
        share a name, paths to either fold into one by names, which only the full answer does."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise QueryError(f"--max-hops must be between 1 and {MAX_HOPS}, not {max_hops}")
        if self._read(cypher.SHARED_NAMES)[0]["shared"]:
            return [replace(e, paths=[]) for e in self.market_entrants(market, max_hops=max_hops, where=where)]
        target = self._target(market)
        starts = self._starts()
        params = {**target, **_filter_params(where), **_naming(), "starts": starts}
        params["startIndex"] = {iri: i for i, iri in enumerate(starts)}

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[list[Any]], dict[str, str]]:
            params["hidden"] = cypher.hidden_sources([r.data() for r in tx.run(cypher.UNFINISHED)])
            query = cypher_paths.expansion_paths(max_hops, bool(params["hidden"]), anchored=True, counted=True)
            rows = tx.run(query, params).values()
            iris = sorted({starts[start] for start, _, _ in rows})
            return rows, {r["iri"]: r["name"] for r in tx.run(cypher.NAMES_OF, iris=iris)}

        rows, names = self._transaction(work)
        modes: dict[str, dict[str, int]] = {}
        for start, mode, paths in rows:
            if starts[start] in names:  # a company removed while the question ran is left out, not an error
                modes.setdefault(names[starts[start]], {})[mode] = paths
        return most_ways_in_first([MarketEntry(name, dict(sorted(counted.items()))) for name, counted in modes.items()])

    def _paths(self, max_hops: int, *, rows: bool = False, anchored: bool = False, **params: Any) -> list:
        """The paths of :func:`cypher_paths.expansion_paths` (with the index of their start in ``$starts``
        when ``rows``), in no order; ``anchored``, walked back from the market's facts (``$startIndex`` maps
        each start's IRI to its index).

        One read transaction: the paths, as their facts' element ids, then each of those facts as a hop (names,
        evidence, source, types), read and built once however many paths share it.  The server folds together
        the paths with the same hops (by names) that end at the same node; those that end at two nodes of one
        name meet here, and the better stays by the server's rule.
        """
        params.update(_naming())

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[list[Any]], dict[str, tuple[Hop, str, str]]]:
            params["hidden"] = cypher.hidden_sources([r.data() for r in tx.run(cypher.UNFINISHED)])
            hiding = bool(params["hidden"])
            found = tx.run(cypher_paths.expansion_paths(max_hops, hiding, anchored), params).values()
            if not found:
                return found, {}
            ids = sorted({f for _, _, facts in found for f in facts})
            rows = tx.run(
                cypher_paths.hop_facts(hiding),
                facts=ids,
                relations=params["relations"],
                specific=params["specific"],
                hidden=params["hidden"],
            )
            return found, {r[0]: (Hop(*r[1:11]), r[11], r[12]) for r in rows.values()}

        found, hops = self._transaction(work)
        kept: dict[tuple, tuple[tuple, int, ExpansionPath]] = {}
        for start, mode, facts in found:
            path = _path(mode, facts, hops)
            key = (start, path.hops[0].source_name, *((h.relation, h.target_name) for h in path.hops))
            rank = tie_rank(path, [hops[f][2] for f in facts])
            if key not in kept or rank < kept[key][0]:
                kept[key] = (rank, start, path)
        return [(start, path) for _, start, path in kept.values()] if rows else [p for _, _, p in kept.values()]

    def _starts(self) -> list[str]:
        """The IRIs of the top-level companies, the starts of a market's paths."""
        hidden = self._hidden()
        query = cypher_paths.top_level_companies(bool(hidden))
        return [r["iri"] for r in self._read(query, specific=_naming()["specific"], hidden=hidden)]

    def _hidden(self) -> list[str]:
        """The provenance keys of sources a load or removal in parts has not finished (left out of answers)."""
        return cypher.hidden_sources(self._read(cypher.UNFINISHED))

    def _find(self, name: str, kinds: Sequence[frozenset[str]]) -> dict[str, Any]:
        """The entity a name or alias denotes, by :func:`kg.answers.pick_entity`."""
        types = sorted(set().union(*kinds))
        rows = self._lookup(name_key(name), types)
        found = [NamedEntity(r["iri"], r["name"], entity_type(r["labels"])) for r in rows]
        picked = pick_entity(name, found, kinds)
        if picked is None:
            names = [r["name"] for r in self._read(cypher.ENTITY_NAMES, types=types)]
            raise EntityNotFound(f"no entity named {name!r}{_suggestions(name, names)}")
        return next(r for r in rows if r["iri"] == picked)

    def _lookup(self, key: str, types: list[str]) -> list[dict[str, Any]]:
        """Entities holding ``key``, found through the full-text index; a scan of every entity's keys only when
        the index finds none (a database written before the index existed, or a name that is not there)."""
        if key:
            try:
                rows = self._read(cypher.FIND_ENTITY_INDEXED, words=f'keys:"{key}"', key=key, types=types)
            except StoreError:
                rows = []
            if rows:
                return rows
        return self._read(cypher.FIND_ENTITY, key=key, types=types)

    def _target(self, market: str | None) -> dict[str, Any]:
        """Parameters of the target test, as :func:`kg.queries.expansion.target_test` decides it."""
        params: dict[str, Any] = {
            "any": market is None,
            "target": None,
            "country": None,
            "members": [],
            "regionName": None,
        }
        if market is None:
            return params
        country, region = places.country(market), places.region(market)
        if country is None and region is None:
            found = self._find(market, MARKET_KINDS)
            params["target"] = found["iri"]
            region = places.region(found["name"]) if entity_type(found["labels"]) == "Region" else None
        params["country"] = country.code if country else None
        params["members"] = sorted(region.members) if region else []
        params["regionName"] = region.name if region else None
        return params


def _filter_params(where: FactFilter) -> dict[str, Any]:
    return {
        "allowedModes": sorted(where.via),
        "sinceStart": where.since.start if where.since else None,
        "untilEnd": where.until.end if where.until else None,
        "asOfStart": where.as_of.start if where.as_of else None,
        "asOfEnd": where.as_of.end if where.as_of else None,
    }


def _naming() -> dict[str, Any]:
    """Relation names, entry modes and the class order that name hops as the projection does."""
    schema = load_schema()
    specific = sorted(ENTITY_CLASSES, key=lambda c: -len(schema.superclasses.get(c, ())))
    return {
        "relations": cypher.relation_names(),
        "specific": specific,
        "stepModes": {schema.relations[r].neo4j_type: m for r, m in STEP_RELATIONS.items()},
    }


def entity_type(labels: Sequence[str]) -> str:
    """The most specific class among a node's labels (Company over Organization)."""
    return load_schema().most_specific(c for c in labels if c in ENTITY_CLASSES)


def _suggestions(name: str, names: list[str]) -> str:
    """Close names, scored as :func:`kg.queries.expansion.find_entity` scores them."""
    from rapidfuzz import fuzz, process, utils

    close = [
        m
        for m, score, _ in process.extract(name, names, scorer=fuzz.ratio, processor=utils.default_process, limit=3)
        if score >= 60
    ]
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _path(mode: str, facts: list[str], hops: dict[str, tuple[Hop, str, str]]) -> ExpansionPath:
    """A path of :func:`cypher_paths.expansion_paths` from its facts' hops (shared by every path through a fact)."""
    last, market_iri, _ = hops[facts[-1]]
    return ExpansionPath(tuple(hops[f][0] for f in facts), last.target_name, mode, market_iri)
