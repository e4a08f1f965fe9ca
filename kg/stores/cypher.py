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

from functools import cache

from kg.resolve import ENTITY_CLASSES
from kg.schema import load_schema
from kg.vocabulary import MARKET_RELATIONS, STEP_RELATIONS

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
    """``support`` and ``confidence`` of a new fact or figure, from the row alone."""
    return f"{var}.support = CASE WHEN size(prov) > 0 THEN 1 ELSE 0 END,\n    {var}.confidence = {_prov_top()}"


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
def detach_facts() -> str:
    """Take one source out of the facts it states: delete those it alone supports, thin the others."""
    return f"""
{KEEP_PLAN}
MATCH (:{label(DOCUMENT)} {{iri: $graph}})-[:{STATES}]->(:{label(ENTITY)})-[r:{fact_types()}]->()
WHERE $source IN r.sources
WITH DISTINCT r
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


DETACH_OBSERVATIONS = f"""
{KEEP_PLAN}
MATCH (:{label(DOCUMENT)} {{iri: $graph}})-[:{STATES}]->(:{label(ENTITY)})-[:{HAS_OBSERVATION}]->(o:{label(OBSERVATION)})
WHERE $source IN o.sources
WITH DISTINCT o
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

DELETE_DOCUMENT = f"""
{KEEP_PLAN}
MATCH (d:{label(DOCUMENT)} {{iri: $graph}})
DETACH DELETE d
"""


# ---------------------------------------------------------------- entity state from every source


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
MATCH (d:{label(DOCUMENT)})
RETURN d.iri AS graph, d.path AS path, CASE WHEN d.layout >= {LAYOUT} THEN d.contentHash END AS hash
"""

KNOWN_ENTITIES = f"""
MATCH (d:{label(DOCUMENT)})-[s:{STATES}]->(e:{label(ENTITY)})
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
RETURN d.path AS path
ORDER BY path
"""

ANY_DOCUMENT = f"MATCH (d:{label(DOCUMENT)}) RETURN d.iri AS graph LIMIT 1"

# The RDF view (kg.stores.neo4j_mapping turns these rows back into each source's quads).
RDF_DOCUMENTS = f"MATCH (d:{label(DOCUMENT)}) RETURN properties(d) AS props ORDER BY d.path"

RDF_STATEMENTS = f"""
MATCH (d:{label(DOCUMENT)})-[s:{STATES}]->(e:{label(ENTITY)})
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
CALL () {{ MATCH (d:{label(DOCUMENT)}) RETURN count(d) AS sources }}
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

ENTITY_BY_IRI = f"MATCH (e:{label(ENTITY)} {{iri: $iri}}) RETURN e.name AS name, labels(e) AS labels"


# ---------------------------------------------------------------- expansion paths


def admits(var: str) -> str:
    """A fact is usable by a path: a plain positive claim inside the date window of the parameters.

    Mirrors :meth:`kg.answers.FactFilter.admits` over the ``dateStart``/``dateEnd``
    (of ``date``, else ``since``) and ``untilEnd`` properties written with each fact.
    """
    return (
        f"{var}.status IS NULL"
        f" AND ($sinceStart IS NULL OR {var}.dateEnd IS NULL OR {var}.dateEnd >= $sinceStart)"
        f" AND ($untilEnd IS NULL OR {var}.dateStart IS NULL OR {var}.dateStart <= $untilEnd)"
        f" AND ($asOfEnd IS NULL OR {var}.dateStart IS NULL OR {var}.dateStart <= $asOfEnd)"
        f" AND ($asOfStart IS NULL OR {var}.untilEnd IS NULL OR {var}.untilEnd >= $asOfStart)"
    )


def _best_evidence(var: str) -> str:
    """The most confident non-empty evidence of a fact (the first in source order on a tie).

    The two lists are read once (bound as ``x``), so the cost is linear in the fact's statements.
    """
    return (
        f"head([x IN [[{var}.evidence, {var}.confidences]] | reduce(best = null, i IN range(0, size(x[0]) - 1) | "
        f"CASE WHEN x[0][i] <> '' AND (best IS NULL OR x[1][i] > best.c) "
        f"THEN {{text: x[0][i], c: x[1][i]}} ELSE best END).text])"
    )


def _kind(node: str) -> str:
    """The most specific class among a node's labels (``$specific`` lists subclasses first)."""
    return f"head([c IN $specific WHERE c IN labels({node})])"


def _accepts(market: str) -> str:
    """The target test of :func:`kg.queries.expansion.target_test`, or any place when ``$any``."""
    return (
        f"(($any AND {_kind(market)} IN ['Country', 'Region']) OR {market}.iri = $target "
        f"OR {market}.isoCode = $country OR {market}.isoCode IN $members "
        f"OR ({_kind(market)} = 'Region' AND {market}.name = $regionName))"
    )


@cache
def expansion_paths(max_hops: int) -> str:
    """Paths from each of ``$starts`` through step facts, then one market hop, deduplicated, in no order.

    Mirrors :func:`kg.queries.expansion.expansion_paths`: steps are simple paths of
    at most ``max_hops - 1`` facts; only facts :func:`admits` allows are followed;
    a ``sellsThrough`` hop lands on its ``market`` qualifier.  Of paths with the
    same hops (by names), the best supported stays; on a tie, the entry mode, then
    hop by hop the earliest date, then via, then the fact's IRI (the rule of
    :func:`kg.queries.expansion.paths_from`, so both stores show the same facts).  Each row
    is ``start`` (an index into ``$starts``), ``mode`` and ``facts``, the element ids
    of the path's facts, which :data:`HOP_FACTS` turns into hops in the same
    transaction.  The caller ranks the paths, and folds the few that two
    same-named nodes at a path's end leave apart (:meth:`kg.stores.neo4j.Neo4jStore._paths`).

    What the server holds grows with the answer for one end node, not with the
    paths it could walk:

    - the markets the target test accepts are found once; the walk carries node
      and relationship references only, pruning self-loops (which no simple path
      uses) as it expands; only walks that end at a node with a market fact go on;
    - the walks are grouped by the node they end at, and each node is then done
      on its own (a subquery), reading its market facts once however many walks
      reach it.  Per market (relation and name) it keeps a staircase: for each
      support level, the best fact (earliest date, via, IRI) among those at least
      that well supported.  A walk whose weakest step has support ``s`` takes the
      step of the lowest level ``>= s`` (or the top one), which is exactly the
      best of its paths through that market, so one row per walk and market goes
      on, not one per parallel fact (the dated facts of one market can be hundreds);
    - those rows are folded into the row of their hops' names (and an int coding
      the hops' relations), as the ``min`` of a list that ranks the path first and
      carries its facts last, and stream out node by node: the server never holds
      the whole answer, nor sorts it;
    - evidence, sources and types are read once per fact, by :data:`HOP_FACTS`.

    ``max_hops`` shapes the pattern, so it is checked to be a small int, never a value.
    """
    if not isinstance(max_hops, int) or not 1 <= max_hops <= 8:
        raise ValueError(f"max_hops must be an int between 1 and 8, not {max_hops!r}")
    steps = "|".join(rel_type(r) for r in STEP_RELATIONS)
    direct = "|".join(rel_type(r) for r in MARKET_RELATIONS if r != "sellsThrough")
    sells = rel_type("sellsThrough")
    places = "|".join(label(c) for c in ("Country", "Region", "Segment"))
    # the hops' types, folded into one int of the row's key (three bits a hop) instead of a list of strings
    step_codes, market_codes = (
        "{" + ", ".join(f"{rel_type(r)}: {i}" for i, r in enumerate(relations, 1)) + "}"
        for relations in (STEP_RELATIONS, MARKET_RELATIONS)
    )
    sells_type = sells.strip("`")
    via = f"CASE WHEN type(m) = '{sells_type}' THEN t.name ELSE coalesce(m.via, '') END"
    return f"""
CALL () {{
  MATCH (x:{places})
  WITH x WHERE {_kind("x")} IN ['Country', 'Region', 'Segment'] AND {_accepts("x")}
  RETURN collect(x) AS accepted
}}
UNWIND range(0, size($starts) - 1) AS startIndex
MATCH (start:{label(ENTITY)} {{iri: $starts[startIndex]}})
MATCH p = (start)-[steps:{steps}*0..{max_hops - 1}]->(n)
WHERE all(r IN steps WHERE startNode(r) <> endNode(r) AND {admits("r")})
WITH accepted, startIndex, steps, nodes(p) AS walk, n,
     CASE WHEN size(steps) > 0 THEN $stepModes[type(steps[0])] END AS stepMode
WHERE all(i IN range(0, size(walk) - 2) WHERE NOT walk[i] IN walk[i + 1..])
  AND (stepMode IS NULL OR size($allowedModes) = 0 OR stepMode IN $allowedModes)
  AND EXISTS {{ (n)-[:{direct}|{sells}]->() }}
WITH accepted, n, collect([startIndex, stepMode, [x IN walk | x.name],
                           reduce(code = 0, r IN steps | code * 8 + {step_codes}[type(r)]),
                           reduce(low = null, r IN steps | CASE WHEN low IS NULL OR r.support < low THEN r.support
                                                                 ELSE low END),
                           [r IN steps | [coalesce(r.date, ''), coalesce(r.via, ''), r.iri, elementId(r)]]]) AS ways
CALL (n, accepted, ways) {{
  CALL (n, accepted) {{
    CALL (n, accepted) {{
      MATCH (n)-[m:{direct}]->(t)
      WHERE t IN accepted AND {admits("m")}
      RETURN m, t, t AS market
      UNION ALL
      MATCH (n)-[m:{sells}]->(t)
      WHERE {admits("m")}
      MATCH (market:{label(ENTITY)} {{iri: m.marketIri}})
      WHERE market IN accepted
      RETURN m, t, market
    }}
    WITH m, t, market, [coalesce(m.date, ''), {via}, m.iri, elementId(m)] AS tie,
         CASE WHEN type(m) = '{sells_type}' THEN 'channel'
              WHEN coalesce(m.via, '') = '' THEN 'direct'
              WHEN toLower(m.via) STARTS WITH 'subsidiar' THEN 'subsidiary'
              ELSE 'channel' END AS directMode
    WITH type(m) AS type, market.name AS marketName, m.support AS support, min(tie) AS tie,
         min(CASE WHEN size($allowedModes) = 0 OR directMode IN $allowedModes
                  THEN [-m.support, directMode, [tie]] END) AS direct
    WITH type, marketName, collect([support, tie]) AS levels, min(direct) AS direct
    UNWIND levels AS level
    UNWIND [l IN levels WHERE l[0] >= level[0]] AS above
    WITH type, marketName, direct, level[0] AS level, min(above[1]) AS tie
    RETURN type, marketName, direct, collect([level, tie]) AS stairs
  }}
  UNWIND ways AS way
  WITH way, type, marketName, direct,
       reduce(pick = null, s IN stairs | CASE WHEN s[0] >= way[4] AND (pick IS NULL OR s[0] < pick[0]) THEN s
                                              ELSE pick END) AS above,
       reduce(top = null, s IN stairs | CASE WHEN top IS NULL OR s[0] > top[0] THEN s ELSE top END) AS top
  WITH way[0] AS start, way[2] + [marketName, way[3] * 8 + {market_codes}[type]] AS key,
       CASE WHEN way[4] IS NULL THEN direct
            WHEN above IS NOT NULL THEN [-way[4], way[1], way[5] + [above[1]]]
            ELSE [-top[0], way[1], way[5] + [top[1]]] END AS path
  WHERE path IS NOT NULL
  WITH start, key, min(path) AS best
  RETURN start, best[1] AS mode, [h IN best[2] | h[3]] AS facts
}}
RETURN start, mode, facts
"""


#: Each fact of :func:`expansion_paths`' rows as a hop, read once however many paths share it (by element id, so
#: in the same transaction): after the id, the fields of :class:`kg.answers.Hop` in their order, then
#: the IRI of the node the hop reaches, then the fact's own IRI; a ``sellsThrough`` fact reaches its ``market``
#: qualifier, via its channel.
HOP_FACTS = f"""
UNWIND $facts AS id
MATCH (a)-[f]->(b)
WHERE elementId(f) = id
WITH id, a, f, b, type(f) = '{rel_type("sellsThrough").strip("`")}' AS sells
OPTIONAL MATCH (listed:{label(ENTITY)} {{iri: f.marketIri}})
WHERE sells
WITH id, a, f, b, sells, CASE WHEN sells THEN listed ELSE b END AS to
RETURN id, a.name AS from, $relations[type(f)] AS relation, to.name AS to, f.date AS date,
       CASE WHEN sells THEN b.name ELSE f.via END AS via, {_best_evidence("f")} AS evidence,
       head(f.sources) AS source, f.support AS support, {_kind("a")} AS fromType, {_kind("to")} AS toType,
       to.iri AS toIri, f.iri AS iri
"""


#: Companies nobody in the graph owns, as :func:`kg.queries.market.top_level_companies` finds them.
TOP_LEVEL_COMPANIES = f"""
MATCH (company:{label(ENTITY)})
WHERE {_kind("company")} IN ['Company', 'Organization']
  AND NOT EXISTS {{ ()-[:{rel_type("hasSubsidiary")}|{rel_type("hasBrand")}|{rel_type("acquires")}]->(company) }}
RETURN company.iri AS iri
ORDER BY iri
"""


def _controlled() -> str:
    """``$start`` and everything it controls through subsidiaries and brands, at any depth, once each."""
    return (
        f"MATCH (:{label(ENTITY)} {{iri: $start}})-[:{rel_type('hasSubsidiary')}|{rel_type('hasBrand')}]->*(n)\n"
        "WITH DISTINCT n"
    )


@cache
def timeline(relations: tuple[str, ...]) -> str:
    """The dated facts of ``relations`` about ``$start`` and what it controls (:func:`kg.queries.timeline.timeline`)."""
    types = "|".join(rel_type(r) for r in relations)
    return f"""
{_controlled()}
MATCH (n)-[r:{types}]->(t)
WHERE coalesce(r.date, r.since) IS NOT NULL
RETURN DISTINCT coalesce(r.date, r.since) AS date, $relations[type(r)] AS relation, n.name AS subject,
       t.name AS object, r.via AS via, r.status AS status, {_best_evidence("r")} AS evidence,
       head(r.sources) AS source
"""


@cache
def controlled_objects(relations: tuple[str, ...]) -> str:
    """Names reached by plain claims of ``relations`` from ``$start`` and what it controls (kg compare)."""
    types = "|".join(rel_type(r) for r in relations)
    return f"""
{_controlled()}
MATCH (n)-[r:{types}]->(t)
WHERE r.status IS NULL
RETURN $relations[type(r)] AS relation, collect(DISTINCT t.name) AS names
"""


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
