"""A source too big for one Neo4j transaction, written (or removed) in bounded ones.

The server caps what its transactions may hold together
(``dbms.memory.transaction.total.max``); a source of a few tens of thousands
of facts passes the local server's cap, and a 10^6-fact file would need far
more memory than the machine has.  So a big source is written in parts, each
its own transaction, and kept whole or absent by naming:

1. **writing**: the document is created under a staging name
   (:data:`~kg.stores.cypher.STAGING_SUFFIX` on its IRI and on its evidence's,
   :data:`~kg.stores.cypher.STAGING_PATH` after its path in the provenance
   lists), then its entities, then its facts, figures and evidence a part at
   a time.  The staged document is no source (:data:`~kg.stores.cypher.SOURCES`
   leaves it out), and a version of the source already stored stays as it was.
2. **publishing**: the old version is removed in parts, the staged entries
   renamed to the source's, the entities recomputed; the last transaction
   gives the document its real name.

A failure while writing (an error, Ctrl-C) removes what was staged before it
is raised; once publishing has begun, the load is finished rather than undone.
A process killed on the way leaves the document marked (``loading``), and the
next write to the database finishes that work first (:func:`recover`): a staged
source is removed, a publication completed, a removal carried on.

Readers: a document marked ``loading`` is no source (the source list, the
RDF view, name lookups leave it out), and kg's Cypher answers leave out what
only unfinished documents state, and while a staged version is published the
source's own entries too (:func:`kg.stores.cypher.hidden_sources`): they see
the old version whole, then nothing of the source, then the new version
whole.  A researcher's own Cypher sees every part unless it asks the same
(docs/neo4j.md says how); facts and figures a part created carry
``staged: true`` until publication.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

import neo4j
from neo4j import SummaryCounters
from neo4j.exceptions import Neo4jError

from kg.errors import StoreError
from kg.stores import cypher
from kg.stores.neo4j_mapping import SourceRows

#: The server setting that caps the memory of the transactions together.
TRANSACTION_LIMIT = "dbms.memory.transaction.total.max"


class TooBig(Exception):
    """A transaction passed the server's transaction memory cap."""


def too_big_is_final(write: Callable[[], None]) -> None:
    """Run ``write``; the server's "transaction too big" becomes :class:`TooBig`, which the driver does not
    retry (as a transient error it would be retried for half a minute, failing the same way each time)."""
    try:
        write()
    except Neo4jError as e:
        if TRANSACTION_LIMIT in (e.message or ""):
            raise TooBig from e
        raise


#: Runs one transaction function on the server (:meth:`kg.stores.neo4j.Neo4jStore._run` for writes).
Run = Callable[[Callable[[neo4j.ManagedTransaction], Any]], Any]

#: Rows of one kind each transaction outside the parts handles (entities written, facts removed or renamed,
#: entities recomputed).
BATCH = 10_000
#: A document marked ``loading`` that has not moved for this many seconds belongs to no running process.
STALE_AFTER = 120


def staged_names(graph: str, source: str) -> tuple[str, str]:
    """The staging IRI and provenance key of a source's document."""
    return graph + cypher.STAGING_SUFFIX, source + cypher.STAGING_PATH


def write(
    run: Run, head: SourceRows, parts: Iterable[SourceRows], progress: Callable[[str], None] | None = None
) -> None:
    """Write a source given as a head (document and entities) and parts, then publish it over its old version;
    ``progress`` hears of each part written and of the publication."""
    graph, source = head.graph, head.document["path"]
    staged, staged_source = staged_names(graph, source)
    _refuse_a_running_load(run, staged)
    run(lambda tx: _stage_document(tx, head, staged, staged_source))
    run = _beating(run, staged)
    try:
        for batch in cypher.batches(head.entities, BATCH):
            _execute(run, cypher.WRITE_ENTITIES, graph=staged, rows=batch)
        done = 0
        for part in parts:
            _write_part(run, part, staged, staged_source)
            done += sum(map(len, part.facts.values())) + len(part.observations)
            if progress:
                progress(f"{_name(source)}: {done:,} facts and figures written to Neo4j, in parts")
    except BaseException:
        # nothing of the source is published yet: take the staged share out again, then let the error through
        # (if the server is gone, the next write to it does that, see recover)
        with contextlib.suppress(Exception):  # the first error is the one to report
            _remove(run, staged, staged_source)
        raise
    if progress:
        progress(f"{_name(source)}: publishing")
    _publish(run, graph, source, {e["iri"] for e in head.entities})


def _name(source: str) -> str:
    return PurePath(source).name


def remove(run: Run, graph: str, source: str) -> None:
    """Remove a stored source in parts; marked first, so an interrupted removal is carried on, not left half."""
    _execute(run, cypher.SET_LOADING, graph=graph, state="removing")
    _remove(_beating(run, graph), graph, source)


def recover(run: Run, *, stale_after: float = STALE_AFTER) -> list[str]:
    """Finish what killed processes left: staged sources removed, publications and removals completed.

    Documents that moved in the last ``stale_after`` seconds belong to a running load and are left alone.
    Returns the paths of the sources it finished.
    """
    finished = []
    rows = run(lambda tx: [r.data() for r in tx.run(cypher.UNFINISHED)])
    unfinished = {row["graph"] for row in rows}
    for row in rows:
        graph, path, state = row["graph"], row["path"], row["state"]
        if state == "replaced" and graph + cypher.STAGING_SUFFIX in unfinished:
            continue  # the version a publication removes: that publication's to finish
        if row["idle"] is not None and row["idle"] < stale_after:
            continue
        if state == "writing":
            _remove(_beating(run, graph), graph, path)
        elif state == "publishing":
            _publish(
                run,
                graph.removesuffix(cypher.STAGING_SUFFIX),
                path.removesuffix(cypher.STAGING_PATH),
                set(_stated(run, graph) or ()),
            )
        else:
            _remove(_beating(run, graph), graph, path)
        finished.append(path.removesuffix(cypher.STAGING_PATH))
    if finished:
        _until_done(run, cypher.DELETE_ORPHANS_PART)
    return list(dict.fromkeys(finished))


# ---------------------------------------------------------------- steps


def _refuse_a_running_load(run: Run, staged: str) -> None:
    for row in run(lambda tx: [r.data() for r in tx.run(cypher.UNFINISHED)]):
        if row["graph"] == staged:
            raise StoreError(
                f"{row['path'].removesuffix(cypher.STAGING_PATH)} is being loaded into Neo4j by another process "
                f"(last step {row['idle']} s ago); if that process is gone, the next load after "
                f"{STALE_AFTER} s without a step cleans it up"
            )


def _stage_document(tx: neo4j.ManagedTransaction, head: SourceRows, staged: str, staged_source: str) -> None:
    tx.run(cypher.WRITE_DOCUMENT, graph=staged, props={**head.document, "path": staged_source}).consume()
    tx.run(cypher.SET_LOADING, graph=staged, state="writing").consume()


def _beating(run: Run, graph: str) -> Run:
    """``run``, each transaction also saying that the work on document ``graph`` is alive (its ``loadingBeat``),
    so no other process takes a long publication or removal for one a killed process left."""

    def beating(work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        def and_beat(tx: neo4j.ManagedTransaction) -> Any:
            out = work(tx)
            tx.run(cypher.BEAT, graph=graph).consume()
            return out

        return run(and_beat)

    return beating


def _execute(run: Run, statement: str, **params: Any) -> SummaryCounters:
    """One statement in its own transaction; what it changed."""
    return run(lambda tx: tx.run(statement, params).consume().counters)


def _write_part(run: Run, part: SourceRows, staged: str, staged_source: str) -> None:
    """One part's facts, figures and evidence in one transaction (evidence IRIs staged too: the old version's are
    the same)."""
    run(lambda tx: too_big_is_final(lambda: _part(tx, part, staged, staged_source)))


def _part(tx: neo4j.ManagedTransaction, part: SourceRows, staged: str, staged_source: str) -> None:
    for relation in sorted(part.facts):
        for batch in cypher.batches(part.facts[relation]):
            tx.run(cypher.write_facts(relation), rows=batch, source=staged_source).consume()
    for batch in cypher.batches(part.observations):
        tx.run(cypher.WRITE_OBSERVATIONS, rows=batch, source=staged_source).consume()
    evidence = [[row[0] + cypher.STAGING_SUFFIX, *row[1:]] for row in part.evidence]
    for batch in cypher.batches(evidence):
        tx.run(cypher.WRITE_EVIDENCE, graph=staged, rows=batch).consume()


def _publish(run: Run, graph: str, source: str, stated: set[str]) -> None:
    """The staged source replaces the stored one; each step can be run again after a crash."""
    staged, staged_source = staged_names(graph, source)
    run = _beating(run, staged)
    _execute(run, cypher.MARK_PUBLISHING, staged=staged, graph=graph)
    touched = _remove(run, graph, source, refresh=False)
    params = {"graph": staged, "staged": staged_source, "source": source}
    _until_done(run, cypher.rename_fact_sources_part(), **params)
    _until_done(run, cypher.RENAME_OBSERVATION_SOURCES_PART, **params)
    _until_done(run, cypher.RENAME_EVIDENCE_PART, graph=staged, suffix=cypher.STAGING_SUFFIX)
    _refresh(run, touched | stated, touched - stated)
    _execute(run, cypher.PUBLISH, staged=staged, graph=graph, source=source)


def _remove(run: Run, graph: str, source: str, *, refresh: bool = True) -> set[str]:
    """Take one document's share out in parts; the entities it stated (recomputed unless ``refresh`` is off)."""
    found = _stated(run, graph)
    if found is None:
        return set()
    stated = set(found)
    _until_done(run, cypher.DELETE_EVIDENCE_PART, graph=graph)
    _until_done(run, cypher.detach_facts(limit=True), graph=graph, source=source)
    _until_done(run, cypher.DETACH_OBSERVATIONS_PART, graph=graph, source=source)
    _until_done(run, cypher.DELETE_STATES_PART, graph=graph)
    _execute(run, cypher.DELETE_DOCUMENT, graph=graph)
    if refresh:
        _refresh(run, stated, stated)
    return stated


def _stated(run: Run, graph: str) -> list[str] | None:
    """The entities a document states, or None when there is no such document."""
    found = run(lambda tx: tx.run(cypher.STATED_ENTITIES, graph=graph).single())
    return list(found["iris"]) if found else None


def _refresh(run: Run, iris: set[str], dropped: set[str]) -> None:
    closure = cypher.entity_closure()
    for batch in cypher.batches(sorted(iris), BATCH):
        _execute(run, cypher.refresh_entities(), iris=batch, closure=closure, classLabels=cypher.class_labels())
    for batch in cypher.batches(sorted(dropped), BATCH):
        _execute(run, cypher.DELETE_UNSTATED, iris=batch)


def _until_done(run: Run, statement: str, **params: Any) -> None:
    """Run a statement that handles up to ``$batch`` rows of what is left until it changes nothing."""
    while _execute(run, statement, **params, batch=BATCH).contains_updates:
        pass
