"""The expansion questions in Cypher: paths, the facts of their hops, timelines and what a company controls.

The statements of :class:`kg.stores.cypher_answers.CypherAnswers`, on the layout :mod:`kg.stores.cypher`
writes (whose docstring describes it); parameterised the same way, with labels and relationship types only
from the ontology.
"""

from __future__ import annotations

from functools import cache

from kg.stores.cypher import ENTITY, label, rel_type
from kg.vocabulary import MARKET_RELATIONS, STEP_RELATIONS


def visible(var: str, hiding: bool) -> str:
    """A fact or figure some finished source states: no part of a source still being written (``staged``), and
    when ``hiding``, not only stated by sources a load or removal in parts has not finished (``$hidden``, the
    provenance keys of :func:`kg.stores.cypher.hidden_sources`).  So a big source is in kg's answers whole or
    not at all.  Each query comes in two texts, with and without ``hiding``: the list tests cost a path walk
    a third more time, and the list is nearly always empty."""
    if not hiding:
        return f"{var}.staged IS NULL"
    return f"{var}.staged IS NULL AND any(x IN {var}.sources WHERE NOT x IN $hidden)"


def admits(var: str, hiding: bool) -> str:
    """A fact is usable by a path: a plain positive claim inside the date window of the parameters, stated
    by a finished source (:func:`visible`).

    Mirrors :meth:`kg.answers.FactFilter.admits` over the ``dateStart``/``dateEnd``
    (of ``date``, else ``since``) and ``untilEnd`` properties written with each fact.
    """
    return (
        f"{var}.status IS NULL AND {visible(var, hiding)}"
        f" AND ($sinceStart IS NULL OR {var}.dateEnd IS NULL OR {var}.dateEnd >= $sinceStart)"
        f" AND ($untilEnd IS NULL OR {var}.dateStart IS NULL OR {var}.dateStart <= $untilEnd)"
        f" AND ($asOfEnd IS NULL OR {var}.dateStart IS NULL OR {var}.dateStart <= $asOfEnd)"
        f" AND ($asOfStart IS NULL OR {var}.untilEnd IS NULL OR {var}.untilEnd >= $asOfStart)"
    )


def _best_evidence(var: str, hiding: bool) -> str:
    """The most confident non-empty evidence a finished source gives a fact (the first in source order on a tie).

    The three lists are read once (bound as ``x``), so the cost is linear in the fact's statements.
    """
    finished = "NOT x[2][i] IN $hidden AND " if hiding else ""
    return (
        f"head([x IN [[{var}.evidence, {var}.confidences, {var}.sources]] | "
        f"reduce(best = null, i IN range(0, size(x[0]) - 1) | "
        f"CASE WHEN x[0][i] <> '' AND {finished}(best IS NULL OR x[1][i] > best.c) "
        f"THEN {{text: x[0][i], c: x[1][i]}} ELSE best END).text])"
    )


def _support(var: str, hiding: bool) -> str:
    """How many finished sources state a fact: its ``support``, counted again when ``hiding``."""
    if not hiding:
        return f"{var}.support"
    return (
        f"size(reduce(seen = [], x IN {var}.sources | CASE WHEN x IN seen OR x IN $hidden THEN seen ELSE seen + x END))"
    )


def _first_source(var: str, hiding: bool) -> str:
    """The first finished source of a fact, in source order."""
    return f"head([x IN {var}.sources WHERE NOT x IN $hidden])" if hiding else f"head({var}.sources)"


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
def expansion_paths(max_hops: int, hiding: bool = False, anchored: bool = False, counted: bool = False) -> str:
    """Paths from each of ``$starts`` through step facts, then one market hop, deduplicated, in no order.

    Mirrors :func:`kg.queries.expansion.expansion_paths`: steps are simple paths of
    at most ``max_hops - 1`` facts; only facts :func:`admits` allows are followed;
    a ``sellsThrough`` hop lands on its ``market`` qualifier.  Of paths with the
    same hops (by names), the best supported stays; on a tie, the entry mode, then
    hop by hop the earliest date, then via, then the fact's IRI (the rule of
    :func:`kg.queries.expansion.paths_from`, so both stores show the same facts).  Each row
    is ``start`` (an index into ``$starts``), ``mode`` and ``facts``, the element ids
    of the path's facts, which :func:`hop_facts` turns into hops in the same
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
    - evidence, sources and types are read once per fact, by :func:`hop_facts`.

    ``counted``: rows of ``start``, ``mode`` and ``paths``, how many paths of that start have that mode, and no
    facts.  Only right when no two entities share a name: the paths that end at two nodes of one name are two
    rows here, one once folded (:meth:`kg.stores.cypher_answers.CypherAnswers.market_counts` checks).

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
{_walks(max_hops, hiding, anchored, steps, direct, sells)}
WITH accepted, startIndex, steps, nodes(p) AS walk, n,
     CASE WHEN size(steps) > 0 THEN $stepModes[type(steps[0])] END AS stepMode
WHERE all(i IN range(0, size(walk) - 2) WHERE NOT walk[i] IN walk[i + 1..])
  AND (stepMode IS NULL OR size($allowedModes) = 0 OR stepMode IN $allowedModes)
WITH accepted, n, collect([startIndex, stepMode, [x IN walk | x.name],
                           reduce(code = 0, r IN steps | code * 8 + {step_codes}[type(r)]),
                           reduce(low = null, r IN steps | CASE WHEN low IS NULL OR {_support("r", hiding)} < low
                                                                 THEN {_support("r", hiding)} ELSE low END),
                           [r IN steps | [coalesce(r.date, ''), coalesce(r.via, ''), r.iri, elementId(r)]]]) AS ways
CALL (n, accepted, ways) {{
  CALL (n, accepted) {{
    CALL (n, accepted) {{
      MATCH (n)-[m:{direct}]->(t)
      WHERE t IN accepted AND {admits("m", hiding)}
      RETURN m, t, t AS market
      UNION ALL
      MATCH (n)-[m:{sells}]->(t)
      WHERE {admits("m", hiding)}
      MATCH (market:{label(ENTITY)} {{iri: m.marketIri}})
      WHERE market IN accepted
      RETURN m, t, market
    }}
    WITH m, t, market, [coalesce(m.date, ''), {via}, m.iri, elementId(m)] AS tie,
         CASE WHEN type(m) = '{sells_type}' THEN 'channel'
              WHEN coalesce(m.via, '') = '' THEN 'direct'
              WHEN toLower(m.via) STARTS WITH 'subsidiar' THEN 'subsidiary'
              ELSE 'channel' END AS directMode
    WITH type(m) AS type, market.name AS marketName, {_support("m", hiding)} AS support, min(tie) AS tie,
         min(CASE WHEN size($allowedModes) = 0 OR directMode IN $allowedModes
                  THEN [-{_support("m", hiding)}, directMode, [tie]] END) AS direct
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
{_answer(counted)}"""


def _answer(counted: bool) -> str:
    """The end of :func:`expansion_paths`: each path's facts, or how many paths each start has of each mode."""
    if not counted:
        return """  RETURN start, best[1] AS mode, [h IN best[2] | h[3]] AS facts
}
RETURN start, mode, facts
"""
    return """  RETURN start, best[1] AS mode, count(*) AS paths
}
RETURN start, mode, sum(paths) AS paths
"""


def _walks(max_hops: int, hiding: bool, anchored: bool, steps: str, direct: str, sells: str) -> str:
    """The walks of :func:`expansion_paths`: from each start forwards (a company's paths), or, ``anchored``, from
    the nodes with a market fact the target test accepts backwards to the starts (a market's entrants).

    A market's entrants walked forwards from every top-level company follow every path of every company, most of
    which never reach the market; walked back from the market's own facts, only the paths that end there are."""
    walk = f"p = (start)-[steps:{steps}*0..{max_hops - 1}]->(n)"
    usable = f"all(r IN steps WHERE startNode(r) <> endNode(r) AND {admits('r', hiding)})"
    if not anchored:
        return (
            "UNWIND range(0, size($starts) - 1) AS startIndex\n"
            f"MATCH (start:{label(ENTITY)} {{iri: $starts[startIndex]}})\n"
            f"MATCH {walk}\n"
            f"WHERE {usable} AND EXISTS {{ (n)-[:{direct}|{sells}]->() }}"
        )
    return f"""CALL (accepted) {{
  UNWIND accepted AS market
  MATCH (n)-[m:{direct}]->(market)
  WHERE {admits("m", hiding)}
  RETURN n
  UNION
  MATCH (n)-[m:{sells}]->()
  WHERE {admits("m", hiding)} AND m.marketIri IN [a IN accepted | a.iri]
  RETURN n
}}
MATCH {walk}
WHERE {usable} AND $startIndex[start.iri] IS NOT NULL
WITH accepted, $startIndex[start.iri] AS startIndex, steps, p, n"""


@cache
def hop_facts(hiding: bool = False) -> str:
    """Each fact of :func:`expansion_paths`' rows as a hop, read once however many paths share it (by element id,
    so in the same transaction): after the id, the fields of :class:`kg.answers.Hop` in their order, then the
    IRI of the node the hop reaches, then the fact's own IRI; a ``sellsThrough`` fact reaches its ``market``
    qualifier, via its channel."""
    return f"""
UNWIND $facts AS id
MATCH (a)-[f]->(b)
WHERE elementId(f) = id
WITH id, a, f, b, type(f) = '{rel_type("sellsThrough").strip("`")}' AS sells
OPTIONAL MATCH (listed:{label(ENTITY)} {{iri: f.marketIri}})
WHERE sells
WITH id, a, f, b, sells, CASE WHEN sells THEN listed ELSE b END AS to
RETURN id, a.name AS from, $relations[type(f)] AS relation, to.name AS to, f.date AS date,
       CASE WHEN sells THEN b.name ELSE f.via END AS via, {_best_evidence("f", hiding)} AS evidence,
       {_first_source("f", hiding)} AS source, {_support("f", hiding)} AS support,
       {_kind("a")} AS fromType, {_kind("to")} AS toType, to.iri AS toIri, f.iri AS iri
"""


@cache
def top_level_companies(hiding: bool = False) -> str:
    """Companies nobody in the graph owns, as :func:`kg.queries.market.top_level_companies` finds them."""
    return f"""
MATCH (company:{label(ENTITY)})
WHERE {_kind("company")} IN ['Company', 'Organization']
  AND NOT EXISTS {{
    ()-[r:{rel_type("hasSubsidiary")}|{rel_type("hasBrand")}|{rel_type("acquires")}]->(company)
    WHERE {visible("r", hiding)}
  }}
RETURN company.iri AS iri
ORDER BY iri
"""


def _controlled(hiding: bool) -> str:
    """``$start`` and everything it controls through subsidiaries and brands, at any depth, once each."""
    return (
        f"MATCH (:{label(ENTITY)} {{iri: $start}})"
        f"-[c:{rel_type('hasSubsidiary')}|{rel_type('hasBrand')} WHERE {visible('c', hiding)}]->*(n)\n"
        "WITH DISTINCT n"
    )


@cache
def timeline(relations: tuple[str, ...], hiding: bool = False) -> str:
    """The dated facts of ``relations`` about ``$start`` and what it controls (:func:`kg.queries.timeline.timeline`)."""
    types = "|".join(rel_type(r) for r in relations)
    return f"""
{_controlled(hiding)}
MATCH (n)-[r:{types}]->(t)
WHERE coalesce(r.date, r.since) IS NOT NULL AND {visible("r", hiding)}
RETURN DISTINCT coalesce(r.date, r.since) AS date, $relations[type(r)] AS relation, n.name AS subject,
       t.name AS object, r.via AS via, r.status AS status, {_best_evidence("r", hiding)} AS evidence,
       {_first_source("r", hiding)} AS source
"""


@cache
def controlled_objects(relations: tuple[str, ...], hiding: bool = False) -> str:
    """Names reached by plain claims of ``relations`` from ``$start`` and what it controls (kg compare)."""
    types = "|".join(rel_type(r) for r in relations)
    return f"""
{_controlled(hiding)}
MATCH (n)-[r:{types}]->(t)
WHERE r.status IS NULL AND {visible("r", hiding)}
RETURN $relations[type(r)] AS relation, collect(DISTINCT t.name) AS names
"""
