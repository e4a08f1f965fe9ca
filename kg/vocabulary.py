"""The words an expansion path is made of, for every store and query that walks one.

Which relations are steps from a company to what it controls or works with (and the entry mode each
names), which relations reach a market, which classes are markets, and how many hops a path may take.
Below the stores and the queries, so the Neo4j store's Cypher and the in-memory queries walk the same
paths, and importing either does not import the other.
"""

from __future__ import annotations

#: Relation -> the entry mode a path through it names.
STEP_RELATIONS = {
    "hasSubsidiary": "subsidiary",
    "hasBrand": "brand",
    "launches": "product",
    "acquires": "acquisition",
    "partnersWith": "partner",
}
#: Relations whose object can be the market a path ends in.
MARKET_RELATIONS = ("locatedIn", "operatesIn", "expandsInto", "sellsThrough", "competesIn")
#: Classes a market is.
MARKET_TYPES = ("Country", "Region")
#: The longest path, in hops.
MAX_HOPS = 8
