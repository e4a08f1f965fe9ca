"""What a researcher's Cypher may do without ``--write``: read the graph, and nothing else.

A read transaction stops writes to the graph, but not everything a read
transaction may run is harmless: ``TERMINATE TRANSACTIONS`` aborts other
people's work, ``LOAD CSV`` makes the server fetch files and URLs, and some
procedures clear caches or reveal the configuration.  So the server is asked
first, with ``EXPLAIN`` (which plans the query without running it): the query
type must be ``r``, and every step of the plan must be a read of the graph,
with procedure calls only from a short list.  The text of the query is never
guessed at; the plan is the server's own account of what would run.
"""

from __future__ import annotations

from typing import Any

#: Procedures that only read the graph's schema or indexes.
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships",
    }
)
#: SHOW commands that list the graph's own schema; the others show other sessions' queries, settings, users.
READ_LISTINGS = frozenset({"ShowIndexes", "ShowConstraints", "ShowProcedures", "ShowFunctions"})
#: Plan steps that are refused whatever the query type says, and why.
REFUSED_STEPS = {
    "LoadCSV": "LOAD CSV reads files and URLs from the server",
    "TransactionForeach": "CALL ... IN TRANSACTIONS commits on its own",
    "TransactionApply": "CALL ... IN TRANSACTIONS commits on its own",
}
QUERY_KINDS = {"w": "writes to the graph", "rw": "writes to the graph", "s": "changes the schema or the server"}


def refusal(summary: Any) -> str | None:
    """Why the query ``EXPLAIN`` summarised must not run read-only, or None when it only reads the graph."""
    kind: Any = getattr(summary, "query_type", None)
    if kind != "r":
        return f"the query {QUERY_KINDS.get(kind, f'is of type {kind!r}, not a read')}"
    plan = getattr(summary, "plan", None)
    if not plan:
        return "the server gave no plan for the query, so what it does is unknown"
    for step, details in _steps(plan):
        reason = _step_refusal(step, details)
        if reason:
            return reason
    return None


def _steps(plan: dict) -> list[tuple[str, str]]:
    """Every (operator, details) of a plan tree, operators without their ``@database`` suffix."""
    found, todo = [], [plan]
    while todo:
        node = todo.pop()
        found.append(
            (str(node.get("operatorType", "")).split("@", 1)[0], str((node.get("args") or {}).get("Details", "")))
        )
        todo.extend(node.get("children") or [])
    return found


def _step_refusal(step: str, details: str) -> str | None:
    if step in REFUSED_STEPS:
        return REFUSED_STEPS[step]
    if step.startswith("Terminate"):
        return "TERMINATE aborts other sessions' work"
    if step.startswith("Show") and step not in READ_LISTINGS:
        return f"{_words(step)} shows more than the graph (only SHOW INDEXES, CONSTRAINTS, PROCEDURES, FUNCTIONS)"
    if step == "ProcedureCall":
        name = details.split("(", 1)[0].strip()
        if name not in READ_PROCEDURES:
            return f"procedure {name or '?'} is not on the read-only list ({', '.join(sorted(READ_PROCEDURES))})"
    return None


def _words(step: str) -> str:
    """``ShowTransactions`` -> ``SHOW TRANSACTIONS``."""
    return "".join(f" {c}" if c.isupper() and i else c for i, c in enumerate(step)).upper()
