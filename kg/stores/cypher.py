"""Every Cypher statement of the project, in one place and always parameterised.

Values reach the server only as parameters.  The only names spliced into the
text are labels and relationship types, and those come from the ontology
(:func:`kg.schema.load_schema`) through :func:`label` and :func:`rel_type`,
which refuse anything else; the few structural names (``Entity``,
``Document``, ``Observation``, ``STATES``, ``HAS_OBSERVATION``) and the
property names of :data:`PROVENANCE_LISTS` are constants of this module.

Writes are ``UNWIND $rows AS row MERGE ...`` batches whose text does not depend
on the data, so the server plans each statement once.

How the graph is laid out:

- an entity is ``(:Entity:<Class>:<superclasses> {iri, name, aliases, keys,
  isoCode, wikidata, lei, ticker, domain})``; ``keys`` are the normalised
  names that find an entity by name or alias;
- a source is ``(:Document {iri, path, contentHash, loadedAt, title, ...})``
  with ``(:Document)-[:STATES {types, name, aliases, ...}]->(:Entity)`` saying
  what it states about each entity, so entity properties and labels are
  recomputed exactly when a source goes;
- a fact is one relationship of its relation's type, keyed by ``iri``, with
  its qualifiers (``date``, ``since``, ``until``, ``via`` and ``viaIri``,
  ``market`` and ``marketIri``, ``share``, ``amount``, ``status``; ``dateStart``,
  ``dateEnd`` and ``untilEnd`` as Neo4j dates for the path filters), the aligned
  provenance lists of :data:`PROVENANCE_LISTS` (one entry per statement of the
  fact, ordered by source path), ``support`` (distinct sources) and
  ``confidence`` (the highest);
- a figure is ``(:Observation {iri, metric, value, unit, period, ...})``
  with the same provenance lists, linked ``(subject)-[:HAS_OBSERVATION]->``;
- each statement of a fact or figure (an entry of the lists, the RDF view's
  ``kgo:Provenance``) is also a node, ``(:Evidence {iri, fact, relation, text,
  line, spanStart, spanEnd, confidence, extractor, citedSource, note})``, so
  provenance is a pattern: ``(:Evidence)-[:PART_OF]->(:Document)``,
  ``(:Evidence)-[:HAS_ENTITY {role}]->(:Entity)`` for the subject, object, via
  and market it names, ``(:Evidence)-[:SUPPORTS]->(:Observation)`` for a
  figure, and ``fact`` holding the IRI of the fact relationship it supports (a
  relationship cannot be an endpoint).  A statement belongs to one source, so
  a source's evidence goes with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from kg.resolve import ENTITY_CLASSES
from kg.schema import load_schema

ENTITY, DOCUMENT, OBSERVATION, EVIDENCE = "Entity", "Document", "Observation", "Evidence"
STATES, HAS_OBSERVATION = "STATES", "HAS_OBSERVATION"
#: Provenance as a pattern, named as Neo4j's LLM Graph Builder names its chunks' links (docs/neo4j.md compares).
PART_OF, HAS_ENTITY, SUPPORTS = "PART_OF", "HAS_ENTITY", "SUPPORTS"
#: The layout a document was written with, on ``Document.layout``; a document written before the evidence
#: nodes existed has none, and :data:`SOURCES` gives it no content hash, so the next load rewrites it whole.
LAYOUT = 2
#: Provenance properties of facts and figures: aligned lists, one entry per statement, ordered by
#: source path.  A missing evidence is ``""`` and a missing line ``0``; ``citedSources`` and ``notes``
#: are there only when some statement has one (``""`` in the others), and so are ``spans``, the
#: evidence's character span in its document as ``"start-end"``.  Every string list costs the
#: server a record per fact, so there is no list of graph IRIs: a source's path names it as well.
PROVENANCE_LISTS = ("sources", "evidence", "lines", "confidences", "extractors", "citedSources", "notes", "spans")
OPTIONAL_LISTS = ("citedSources", "notes", "spans")
IDENTIFIERS = ("wikidata", "lei", "ticker", "domain")
BATCH = 5000
#: Prefix of the write statements: their plans are index seeks whatever the data, so a plan once made
#: is kept instead of being remade each time a load changes the statistics (about 0.1 s per statement).
KEEP_PLAN = "CYPHER replan=skip"


def batches(rows: Sequence[Any], size: int = BATCH) -> Iterator[list[Any]]:
    """``rows`` as the ``$rows`` of successive statements, ``size`` at a time."""
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


def label(name: str) -> str:
    """A node label from the ontology's classes (or the structural ones), quoted for Cypher."""
    if name not in load_schema().superclasses and name not in (ENTITY, DOCUMENT, OBSERVATION, EVIDENCE):
        raise ValueError(f"{name!r} is not a class of the ontology")
    return f"`{name}`"


def rel_type(relation: str) -> str:
    """The relationship type of an ontology relation (``hasSubsidiary`` -> ``HAS_SUBSIDIARY``), quoted."""
    found = load_schema().relations.get(relation)
    if found is None:
        raise ValueError(f"{relation!r} is not a relation of the ontology")
    return f"`{found.neo4j_type}`"


def fact_types() -> str:
    """Every fact relationship type, as a ``A|B|C`` alternation."""
    return "|".join(rel_type(r) for r in load_schema().relations)


def relation_names() -> dict[str, str]:
    """Relationship type -> relation name, passed as a parameter to name hops."""
    return {r.neo4j_type: r.name for r in load_schema().relations.values()}


# ---------------------------------------------------------------- schema


@cache
def schema_statements() -> tuple[str, ...]:
    """Constraints and indexes, created before the first write (idempotent)."""
    out = [
        f"CREATE CONSTRAINT {n.lower()}_iri IF NOT EXISTS FOR (n:{label(n)}) REQUIRE n.iri IS UNIQUE"
        for n in (ENTITY, DOCUMENT, OBSERVATION, EVIDENCE)
    ]
    out.append(f"CREATE INDEX document_path IF NOT EXISTS FOR (n:{label(DOCUMENT)}) ON (n.path)")
    # "which sentences support this fact" starts from the fact's IRI
    out.append(f"CREATE INDEX evidence_fact IF NOT EXISTS FOR (n:{label(EVIDENCE)}) ON (n.fact)")
    out += [
        f"CREATE INDEX {cls.lower()}_name IF NOT EXISTS FOR (n:{label(cls)}) ON (n.name)"
        for cls in (ENTITY, *ENTITY_CLASSES)
    ]
    out += [
        f"CREATE CONSTRAINT fact_iri_{r.neo4j_type.lower()} IF NOT EXISTS "
        f"FOR ()-[r:{rel_type(r.name)}]-() REQUIRE r.iri IS UNIQUE"
        for r in load_schema().relations.values()
    ]
    # names, aliases and their normalised keys: name lookups find their candidates here instead of
    # testing every entity's keys, and researchers search names by words (docs/cypher.md)
    out.append(
        f"CREATE FULLTEXT INDEX {ENTITY_NAME_INDEX} IF NOT EXISTS FOR (n:{label(ENTITY)}) "
        "ON EACH [n.name, n.aliases, n.keys]"
    )
    return tuple(out)


def fact_index_fallback(relation: str) -> str:
    """A plain index on a fact type's ``iri``, for servers without relationship uniqueness constraints."""
    typ = rel_type(relation)
    return f"CREATE INDEX fact_iri_{typ.strip('`').lower()} IF NOT EXISTS FOR ()-[r:{typ}]-() ON (r.iri)"


AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
#: The full-text index over entity names, aliases and keys.
ENTITY_NAME_INDEX = "entity_names"


# ---------------------------------------------------------------- writes

WRITE_DOCUMENT = f"""
{KEEP_PLAN}
MERGE (d:{label(DOCUMENT)} {{iri: $graph}})
SET d = $props, d.iri = $graph, d.layout = {LAYOUT}
"""

WRITE_ENTITIES = f"""
{KEEP_PLAN}
UNWIND $rows AS row
MATCH (d:{label(DOCUMENT)} {{iri: $graph}})
MERGE (e:{label(ENTITY)} {{iri: row.iri}})
MERGE (d)-[s:{STATES}]->(e)
SET s = row.state
"""


#: Rows are lists, not maps, because the driver packs every map key of every row: a fact row is
#: ``[iri, subject iri, object iri, qualifiers, provenance]``, a figure row ``[iri, subject iri,
#: properties, provenance]``.  Provenance is one list per statement of the fact, with these fields
#: in this order; ``sources`` repeats ``$source`` once per entry, so it is made on the server.
ROW_LISTS = tuple(p for p in PROVENANCE_LISTS if p != "sources")


def _entries(field: str) -> str:
    """This source's entries of one provenance list, from the row's ``prov``."""
    return "[x IN prov | $source]" if field == "sources" else f"[x IN prov | x[{ROW_LISTS.index(field)}]]"


def _unless_blank(expr: str) -> str:
    """An optional list, or null (no property) when every entry is blank."""
    return f"CASE WHEN any(v IN {expr} WHERE v <> '') THEN {expr} END"


def _new_lists(var: str) -> str:
    """SET clauses giving a new fact or figure this source's provenance lists."""
    return ",\n    ".join(
        f"{var}.{p} = {_unless_blank(_entries(p)) if p in OPTIONAL_LISTS else _entries(p)}" for p in PROVENANCE_LISTS
    )


def _insert_lists(var: str) -> str:
    """SET clauses that put this source's provenance entries among the others', in source-path order.

    ``sources`` is set last, so every clause before it sees the old list (and the same position).
    """
    at = f"size([x IN {var}.sources WHERE x < $source])"

    def merged(p: str) -> str:
        old = f"coalesce({var}.{p}, [pad IN {var}.sources | ''])" if p in OPTIONAL_LISTS else f"{var}.{p}"
        expr = f"{old}[..{at}] + {_entries(p)} + {old}[{at}..]"
        return _unless_blank(expr) if p in OPTIONAL_LISTS else expr

    ordered = [p for p in PROVENANCE_LISTS if p != "sources"] + ["sources"]
    return ",\n    ".join(f"{var}.{p} = {merged(p)}" for p in ordered)


def _prov_top() -> str:
    """The highest confidence among this source's entries (the row's ``prov``)."""
    index = ROW_LISTS.index("confidences")
    return f"reduce(top = 0.0, x IN prov | CASE WHEN x[{index}] > top THEN x[{index}] ELSE top END)"


def _new_summary(var: str) -> str:
    """``support`` and ``confidence`` of a new fact or figure, from the row alone; ``staged`` when a source
    written in parts made it (see :data:`STAGING_PATH`), so reads leave it out until the source is published."""
    return (
        f"{var}.support = CASE WHEN size(prov) > 0 THEN 1 ELSE 0 END,\n    {var}.confidence = {_prov_top()},\n    "
        f"{var}.staged = CASE WHEN $source ENDS WITH '\\u0000staging' THEN true END"
    )


def _added_summary(var: str) -> str:
    """``support`` and ``confidence`` once this source's entries join the others.

    In the same ``SET`` as :func:`_insert_lists`, which every item reads the old values of, so the
    server computes them without reading the lists back (a separate ``SET`` would need an eager pass).
    """
    return (
        f"{var}.support = {var}.support + CASE WHEN size(prov) = 0 OR $source IN {var}.sources THEN 0 ELSE 1 END,"
        f"\n    {var}.confidence = CASE WHEN {_prov_top()} > {var}.confidence THEN {_prov_top()} "
        f"ELSE {var}.confidence END"
    )


def _summary(var: str) -> str:
    """``support`` (distinct sources) and ``confidence`` (highest) from the provenance lists."""
    return (
        f"{var}.support = size(reduce(seen = [], x IN {var}.sources | "
        f"CASE WHEN x IN seen THEN seen ELSE seen + x END)),\n    "
        f"{var}.confidence = reduce(top = 0.0, c IN {var}.confidences | CASE WHEN c > top THEN c ELSE top END)"
    )


@cache
def write_facts(relation: str) -> str:
    """Merge one relation's facts (one statement per relationship type, constant text)."""
    return f"""
{KEEP_PLAN}
UNWIND $rows AS row
WITH row[0] AS iri, row[1] AS subject, row[2] AS object, row[3] AS props, row[4] AS prov
MATCH (s:{label(ENTITY)} {{iri: subject}})
MATCH (o:{label(ENTITY)} {{iri: object}})
MERGE (s)-[r:{rel_type(relation)} {{iri: iri}}]->(o)
ON CREATE SET r += props,
    {_new_lists("r")},
    {_new_summary("r")}
ON MATCH SET {_insert_lists("r")},
    {_added_summary("r")}
"""


WRITE_OBSERVATIONS = f"""
{KEEP_PLAN}
UNWIND $rows AS row
WITH row[0] AS iri, row[1] AS subject, row[2] AS props, row[3] AS prov
MATCH (s:{label(ENTITY)} {{iri: subject}})
MERGE (o:{label(OBSERVATION)} {{iri: iri}})
ON CREATE SET o += props,
    {_new_lists("o")},
    {_new_summary("o")}
ON MATCH SET {_insert_lists("o")},
    {_added_summary("o")}
MERGE (s)-[:{HAS_OBSERVATION}]->(o)
"""


#: One source's statements as nodes (rows built by :func:`kg.stores.neo4j_mapping.source_rows`, after the facts,
#: figures and entities they name): ``[iri, fact or figure IRI, properties, [[role, entity IRI], ...], is a
#: figure]``.  CREATE, not MERGE: the source's old evidence went in :data:`DELETE_EVIDENCE`, and a statement's
#: IRI hashes its source, so no other source holds it.
WRITE_EVIDENCE = f"""
{KEEP_PLAN}
UNWIND $rows AS row
MATCH (d:{label(DOCUMENT)} {{iri: $graph}})
CREATE (ev:{label(EVIDENCE)})-[:{PART_OF}]->(d)
SET ev = row[2], ev.iri = row[0], ev.fact = row[1]
WITH ev, row
CALL (ev, row) {{
  WITH ev, row WHERE row[4]
  MATCH (o:{label(OBSERVATION)} {{iri: row[1]}})
  CREATE (ev)-[:{SUPPORTS}]->(o)
}}
WITH ev, row
UNWIND row[3] AS mention
MATCH (e:{label(ENTITY)} {{iri: mention[1]}})
CREATE (ev)-[:{HAS_ENTITY} {{role: mention[0]}}]->(e)
"""


# ---------------------------------------------------------------- removal of one source's share

#: A source's statements, before its facts and figures are thinned and its document goes.
DELETE_EVIDENCE = f"""
{KEEP_PLAN}
MATCH (:{label(DOCUMENT)} {{iri: $graph}})<-[:{PART_OF}]-(ev:{label(EVIDENCE)})
DETACH DELETE ev
"""

STATED_ENTITIES = f"""
{KEEP_PLAN}
MATCH (d:{label(DOCUMENT)} {{iri: $graph}})
OPTIONAL MATCH (d)-[:{STATES}]->(e:{label(ENTITY)})
RETURN d.path AS source, collect(e.iri) AS iris
"""


def _drop_lists(var: str) -> str:
    """SET clauses keeping the entries at positions ``keep`` (``sources`` last, as in :func:`_insert_lists`)."""

    def kept(p: str) -> str:
        expr = f"[i IN keep | {var}.{p}[i]]"
        return f"CASE WHEN any(i IN keep WHERE {var}.{p}[i] <> '') THEN {expr} END" if p in OPTIONAL_LISTS else expr

    ordered = [p for p in PROVENANCE_LISTS if p != "sources"] + ["sources"]
    return ",\n    ".join(f"{var}.{p} = {kept(p)}" for p in ordered)


@cache
def detach_facts(limit: bool = False) -> str:
    """Take one source out of the facts it states: delete those it alone supports, thin the others; with
    ``limit``, up to ``$batch`` of them (a source removed in parts, :mod:`kg.stores.neo4j_parts`)."""
    return f"""
{KEEP_PLAN}
MATCH (:{label(DOCUMENT)} {{iri: $graph}})-[:{STATES}]->(:{label(ENTITY)})-[r:{fact_types()}]->()
WHERE $source IN r.sources
WITH DISTINCT r{" LIMIT $batch" if limit else ""}
WITH r, [i IN range(0, size(r.sources) - 1) WHERE r.sources[i] <> $source] AS keep
CALL (r, keep) {{
  WITH r, keep WHERE size(keep) = 0
  DELETE r
}}
WITH r, keep WHERE size(keep) > 0
SET {_drop_lists("r")}
WITH r
SET {_summary("r")}
"""


def _detach_observations(limit: str) -> str:
    """Take one source out of the figures it states, as :func:`detach_facts` does facts."""
    return f"""
{KEEP_PLAN}
MATCH (:{label(DOCUMENT)} {{iri: $graph}})-[:{STATES}]->(:{label(ENTITY)})-[:{HAS_OBSERVATION}]->(o:{label(OBSERVATION)})
WHERE $source IN o.sources
WITH DISTINCT o{limit}
WITH o, [i IN range(0, size(o.sources) - 1) WHERE o.sources[i] <> $source] AS keep
CALL (o, keep) {{
  WITH o, keep WHERE size(keep) = 0
  DETACH DELETE o
}}
WITH o, keep WHERE size(keep) > 0
SET {_drop_lists("o")}
WITH o
SET {_summary("o")}
"""  # noqa: E501 - the query's MATCH pattern kept on one line


DETACH_OBSERVATIONS = _detach_observations("")
#: :data:`DETACH_OBSERVATIONS` for up to ``$batch`` figures.
DETACH_OBSERVATIONS_PART = _detach_observations(" LIMIT $batch")

DELETE_DOCUMENT = f"""
{KEEP_PLAN}
MATCH (d:{label(DOCUMENT)} {{iri: $graph}})
DETACH DELETE d
"""


# ---------------------------------------------------------------- a source written in parts

#: A source too big for one transaction is written in parts under a staging name (its document's IRI with
#: STAGING_SUFFIX, its path with STAGING_PATH after it, which sorts right after the path, so its provenance
#: entries already sit where the source's belong), then published: the old version goes, the staged entries
#: are renamed, and one last transaction gives the document its real name.  ``loading`` on the document says
#: which stage it is in (``writing``, ``publishing``, ``removing``, or ``replaced`` for the version a
#: publication removes); ``loadingBeat`` when it last moved.
STAGING_SUFFIX = "#staging"
STAGING_PATH = "\u0000staging"  # the write statements test for it in Cypher's spelling, '\u0000staging'

SET_LOADING = f"""
MATCH (d:{label(DOCUMENT)} {{iri: $graph}})
SET d.loading = $state, d.loadingBeat = datetime()
"""

#: The start of a publication: the staged document is publishing, and the version it replaces, if any, is no
#: source from now on (it goes in parts; the RDF view and the source list show neither until the end).
MARK_PUBLISHING = f"""
MATCH (staged:{label(DOCUMENT)} {{iri: $staged}})
SET staged.loading = 'publishing', staged.loadingBeat = datetime()
WITH staged
OPTIONAL MATCH (old:{label(DOCUMENT)} {{iri: $graph}})
SET old.loading = 'replaced', old.loadingBeat = datetime()
"""

BEAT = f"""
MATCH (d:{label(DOCUMENT)} {{iri: $graph}}) WHERE d.loading IS NOT NULL
SET d.loadingBeat = datetime()
"""

#: Documents some load or removal left unfinished, and the seconds since each last moved.
UNFINISHED = f"""
MATCH (d:{label(DOCUMENT)}) WHERE d.loading IS NOT NULL
RETURN d.iri AS graph, d.path AS path, d.loading AS state,
       duration.inSeconds(d.loadingBeat, datetime()).seconds AS idle
"""


def hidden_sources(unfinished: list[dict]) -> list[str]:
    """The provenance keys kg's answers leave out, from the rows of :data:`UNFINISHED`: every document a load or
    removal has not finished, and while a staged version is published, the source's own key too (its old
    entries go and the staged ones take its name a part at a time; the source is back, whole, when the
    publication's last transaction clears the mark)."""
    keys = [row["path"] for row in unfinished]
    keys += [row["path"].removesuffix(STAGING_PATH) for row in unfinished if row["state"] == "publishing"]
    return sorted(set(keys))


#: The removal of one source in bounded transactions: each statement takes up to ``$batch`` of what is left
#: and is run again until it changes nothing.
DELETE_EVIDENCE_PART = f"""
MATCH (:{label(DOCUMENT)} {{iri: $graph}})<-[:{PART_OF}]-(ev:{label(EVIDENCE)})
WITH ev LIMIT $batch
DETACH DELETE ev
"""


DELETE_STATES_PART = f"""
MATCH (:{label(DOCUMENT)} {{iri: $graph}})-[s:{STATES}]->()
WITH s LIMIT $batch
DELETE s
"""

DELETE_ORPHANS_PART = f"""
MATCH (e:{label(ENTITY)}) WHERE NOT EXISTS {{ (:{label(DOCUMENT)})-[:{STATES}]->(e) }}
WITH e LIMIT $batch
DETACH DELETE e
"""


@cache
def rename_fact_sources_part() -> str:
    """Up to ``$batch`` facts the staged document states: its entries (``$staged``) become the source's."""
    return f"""
MATCH (:{label(DOCUMENT)} {{iri: $graph}})-[:{STATES}]->(:{label(ENTITY)})-[r:{fact_types()}]->()
WHERE $staged IN r.sources
WITH DISTINCT r LIMIT $batch
SET r.sources = [x IN r.sources | CASE WHEN x = $staged THEN $source ELSE x END]
REMOVE r.staged
"""


RENAME_OBSERVATION_SOURCES_PART = f"""
MATCH (:{label(DOCUMENT)} {{iri: $graph}})-[:{STATES}]->(:{label(ENTITY)})-[:{HAS_OBSERVATION}]->(o:{label(OBSERVATION)})
WHERE $staged IN o.sources
WITH DISTINCT o LIMIT $batch
SET o.sources = [x IN o.sources | CASE WHEN x = $staged THEN $source ELSE x END]
REMOVE o.staged
"""  # noqa: E501 - the query's MATCH pattern kept on one line

RENAME_EVIDENCE_PART = f"""
MATCH (:{label(DOCUMENT)} {{iri: $graph}})<-[:{PART_OF}]-(ev:{label(EVIDENCE)})
WHERE ev.iri ENDS WITH $suffix
WITH ev LIMIT $batch
SET ev.iri = left(ev.iri, size(ev.iri) - size($suffix))
"""

#: The last step of a load in parts: the staged document becomes the source, whole.
PUBLISH = f"""
MATCH (d:{label(DOCUMENT)} {{iri: $staged}})
SET d.iri = $graph, d.path = $source
REMOVE d.loading, d.loadingBeat
"""


# ---------------------------------------------------------------- entity state from every source


@cache
def entity_closure() -> dict[str, list[str]]:
    """Each entity class with its superclasses: the labels an entity of that class carries."""
    schema = load_schema()
    return {cls: [cls, *schema.superclasses.get(cls, ())] for cls in ENTITY_CLASSES}


@cache
def class_labels() -> list[str]:
    """Every label an entity can carry for its classes: the entity classes and their superclasses."""
    schema = load_schema()
    return sorted({*ENTITY_CLASSES, *(s for c in ENTITY_CLASSES for s in schema.superclasses.get(c, ()))})


def _union(field: str) -> str:
    return f"reduce(acc = [], st IN states | acc + [x IN coalesce(st.{field}, []) WHERE NOT x IN acc])"


def _first(field: str) -> str:
    return f"head([st IN states WHERE st.{field} IS NOT NULL | st.{field}])"


@cache
def refresh_entities() -> str:
    """Recompute name, aliases, keys, identifiers and labels of entities from what their sources state.

    Sources are taken in path order, so the result does not depend on the order they were loaded in.
    Labels are set from parameters (``$closure``, ``$classLabels``) that :func:`class_labels` and the
    ontology make, never from stored text.
    """
    identifiers = ",\n    ".join(f"e.{k} = {_first(k)}" for k in ("isoCode", *IDENTIFIERS))
    return f"""
{KEEP_PLAN}
UNWIND $iris AS iri
MATCH (e:{label(ENTITY)} {{iri: iri}})
MATCH (d:{label(DOCUMENT)})-[s:{STATES}]->(e)
WITH e, d, s ORDER BY d.path
WITH e, collect(properties(s)) AS states
WITH e, states, head(states).name AS name, {_union("types")} AS types
WITH e, states, name, reduce(acc = [], t IN types | acc + [c IN $closure[t] WHERE NOT c IN acc]) AS wanted
SET e.name = name,
    e.aliases = [a IN {_union("aliases")} WHERE a <> name],
    e.keys = {_union("keys")},
    {identifiers}
SET e:$(wanted)
REMOVE e:$([c IN $classLabels WHERE NOT c IN wanted])
"""


DELETE_UNSTATED = f"""
{KEEP_PLAN}
UNWIND $iris AS iri
MATCH (e:{label(ENTITY)} {{iri: iri}})
WHERE NOT EXISTS {{ (:{label(DOCUMENT)})-[:{STATES}]->(e) }}
DETACH DELETE e
"""


# ---------------------------------------------------------------- reads

SOURCES = f"""
MATCH (d:{label(DOCUMENT)}) WHERE d.loading IS NULL
RETURN d.iri AS graph, d.path AS path, CASE WHEN d.layout >= {LAYOUT} THEN d.contentHash END AS hash
"""

KNOWN_ENTITIES = f"""
MATCH (d:{label(DOCUMENT)})-[s:{STATES}]->(e:{label(ENTITY)})
WHERE d.loading IS NULL
UNWIND s.types AS type
WITH DISTINCT e, type
OPTIONAL MATCH (owner:{label(ENTITY)})-[:{rel_type("launches")}|{rel_type("develops")}]->(e)
WITH e, type, owner ORDER BY owner.iri
RETURN e.iri AS iri, type, e.name AS name, e.aliases AS aliases, collect(DISTINCT owner.iri) AS owners,
       {", ".join(f"e.{k} AS {k}" for k in IDENTIFIERS)}
ORDER BY iri, type
"""

SOURCES_MENTIONING = f"""
MATCH (d:{label(DOCUMENT)})-[:{STATES}]->(:{label(ENTITY)} {{iri: $iri}})
WHERE d.loading IS NULL
RETURN d.path AS path
ORDER BY path
"""

ANY_DOCUMENT = f"MATCH (d:{label(DOCUMENT)}) RETURN d.iri AS graph LIMIT 1"

# The RDF view (kg.stores.neo4j_mapping turns these rows back into each source's quads).
RDF_DOCUMENTS = f"MATCH (d:{label(DOCUMENT)}) WHERE d.loading IS NULL RETURN properties(d) AS props ORDER BY d.path"

RDF_STATEMENTS = f"""
MATCH (d:{label(DOCUMENT)})-[s:{STATES}]->(e:{label(ENTITY)})
WHERE d.loading IS NULL
RETURN d.iri AS graph, e.iri AS iri, properties(s) AS state
"""

RDF_OBSERVATIONS = f"""
MATCH (s:{label(ENTITY)})-[:{HAS_OBSERVATION}]->(o:{label(OBSERVATION)})
RETURN s.iri AS subject, properties(o) AS props
"""


@cache
def rdf_facts() -> str:
    return f"""
MATCH (s:{label(ENTITY)})-[r:{fact_types()}]->(o:{label(ENTITY)})
RETURN s.iri AS subject, type(r) AS type, o.iri AS object, properties(r) AS props
"""


# The RDF view of one neighbourhood (kg export --company on Neo4j): only what the export can reach is read.
ENTITIES_WITH_KEY = f"MATCH (e:{label(ENTITY)}) WHERE $key IN e.keys RETURN e.iri AS iri"


@cache
def neighbours() -> str:
    """The entities one fact away, either way, from any of ``$iris``."""
    return f"""
UNWIND $iris AS iri
MATCH (:{label(ENTITY)} {{iri: iri}})-[:{fact_types()}]-(n:{label(ENTITY)})
RETURN DISTINCT n.iri AS iri
"""


@cache
def cited() -> str:
    """The channels and markets that facts between ``$iris`` name in ``via`` and ``market``."""
    return f"""
UNWIND $iris AS iri
MATCH (:{label(ENTITY)} {{iri: iri}})-[r:{fact_types()}]->(o:{label(ENTITY)})
WHERE o.iri IN $iris
UNWIND [r.viaIri, r.marketIri] AS other
WITH other WHERE other IS NOT NULL
RETURN DISTINCT other AS iri
"""


RDF_STATEMENTS_OF = f"""
UNWIND $iris AS iri
MATCH (d:{label(DOCUMENT)})-[s:{STATES}]->(e:{label(ENTITY)} {{iri: iri}})
WHERE d.loading IS NULL
RETURN d.iri AS graph, e.iri AS iri, properties(s) AS state
"""

RDF_OBSERVATIONS_OF = f"""
UNWIND $iris AS iri
MATCH (s:{label(ENTITY)} {{iri: iri}})-[:{HAS_OBSERVATION}]->(o:{label(OBSERVATION)})
RETURN s.iri AS subject, properties(o) AS props
"""


@cache
def rdf_facts_of() -> str:
    """The facts whose both ends are among ``$iris``."""
    return f"""
UNWIND $iris AS iri
MATCH (s:{label(ENTITY)} {{iri: iri}})-[r:{fact_types()}]->(o:{label(ENTITY)})
WHERE o.iri IN $iris
RETURN s.iri AS subject, type(r) AS type, o.iri AS object, properties(r) AS props
"""


@cache
def existing() -> str:
    """The source paths of each fact or figure IRI already stored (one index seek per type and IRI)."""
    parts = [
        f"UNWIND $iris AS iri MATCH ()-[r:{rel_type(r)}]->() WHERE r.iri = iri RETURN iri, r.sources AS sources"
        for r in load_schema().relations
    ]
    parts.append(f"UNWIND $iris AS iri MATCH (o:{label(OBSERVATION)} {{iri: iri}}) RETURN iri, o.sources AS sources")
    return "\nUNION ALL\n".join(parts)


@cache
def stats() -> str:
    """Counts as the embedded store gives them; each fact type is counted from the count store."""
    facts = "\n  UNION ALL\n".join(
        f"  MATCH ()-[r:{rel_type(r)}]->() RETURN count(r) AS n" for r in load_schema().relations
    )
    return f"""
CALL () {{ MATCH (e:{label(ENTITY)}) RETURN count(e) AS entities }}
CALL () {{ MATCH (o:{label(OBSERVATION)}) RETURN count(o) AS observations }}
CALL () {{ MATCH (d:{label(DOCUMENT)}) WHERE d.loading IS NULL RETURN count(d) AS sources }}
CALL () {{
{facts}
}}
RETURN entities, sum(n) AS facts, observations, sources
"""


FIND_ENTITY = f"""
MATCH (e:{label(ENTITY)})
WHERE $key IN e.keys AND any(l IN labels(e) WHERE l IN $types)
RETURN e.iri AS iri, e.name AS name, labels(e) AS labels
ORDER BY iri
"""

#: FIND_ENTITY through the full-text index: ``$words`` is the key as a phrase in the ``keys`` field, which every
#: entity holding that exact key matches (keys are words and spaces only), so the candidates miss none.
FIND_ENTITY_INDEXED = f"""
CALL db.index.fulltext.queryNodes('{ENTITY_NAME_INDEX}', $words) YIELD node AS e
WHERE $key IN e.keys AND any(l IN labels(e) WHERE l IN $types)
RETURN e.iri AS iri, e.name AS name, labels(e) AS labels
ORDER BY iri
"""

ENTITY_NAMES = f"""
MATCH (e:{label(ENTITY)})
WHERE any(l IN labels(e) WHERE l IN $types)
RETURN DISTINCT e.name AS name
ORDER BY name
"""

#: Whether two entities share a name (then paths fold by names across them: :func:`cypher_paths.expansion_paths`).
SHARED_NAMES = f"""
MATCH (e:{label(ENTITY)})
WITH e.name AS name, count(*) AS holders
WHERE holders > 1
RETURN count(name) > 0 AS shared
"""

NAMES_OF = f"UNWIND $iris AS iri MATCH (e:{label(ENTITY)} {{iri: iri}}) RETURN e.iri AS iri, e.name AS name"

ENTITY_BY_IRI = f"MATCH (e:{label(ENTITY)} {{iri: $iri}}) RETURN e.name AS name, labels(e) AS labels"


# ---------------------------------------------------------------- maintenance

#: Relationships first, then the nodes: a node's DETACH DELETE takes all its relationships with it, and the
#: giants of a large graph have hundreds of thousands, more than one transaction's memory holds.
CLEAR_RELATIONSHIPS = """
MATCH ()-[r]->()
WITH r LIMIT $batch
DELETE r
RETURN count(*) AS deleted
"""

CLEAR_NODES = """
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
"""


@cache
def write_one_fact(relation: str) -> str:
    """One fact in its own statement: the row-at-a-time baseline of the load benchmark."""
    return f"""
MERGE (s:{label(ENTITY)} {{iri: $s}})
MERGE (o:{label(ENTITY)} {{iri: $o}})
MERGE (s)-[r:{rel_type(relation)} {{iri: $iri}}]->(o)
SET r += $props, r.sources = $sources, r.evidence = $evidence, r.support = size($sources)
"""
