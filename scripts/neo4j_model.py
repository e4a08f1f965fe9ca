"""Draw the Neo4j provenance model from a real database: docs/img/neo4j-model.svg and .dot.

The picture is one small subgraph of the example graph as Neo4j holds it: the
documents that state Lumora Robotics' German expansion and its 2025 revenue,
their Evidence nodes, the facts and figures those support, and the entities
they name; two of the sources disagree.  It is read with parameterised Cypher
and drawn with kg.pictures, so it shows what the store writes, not a drawing
of what it should write.  tests/docs/test_neo4j_model_picture.py checks the
committed files against the database.

Usage: python scripts/neo4j_model.py [--out-dir DIR]
   (needs the examples in Neo4j: kg neo4j start && kg load examples/factsheets --store neo4j)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's kg, whatever is installed

ROOT = Path(__file__).resolve().parent.parent
SUBJECT, RELATION, METRIC = "Lumora Robotics", "EXPANDS_INTO", "revenue"

EVIDENCE = """
MATCH (d:Document)<-[:PART_OF]-(ev:Evidence)-[:HAS_ENTITY {role: 'subject'}]->(:Entity {name: $subject})
WHERE ev.relation = $relation OR EXISTS { (ev)-[:SUPPORTS]->(:Observation {metric: $metric}) }
RETURN d.iri AS doc, d.path AS path, ev.iri AS iri, ev.text AS text, ev.line AS line,
       ev.confidence AS confidence, ev.fact AS fact, ev.relation AS relation,
       [(ev)-[m:HAS_ENTITY]->(e) | [m.role, e.iri, e.name, labels(e)]] AS mentions,
       [(ev)-[:SUPPORTS]->(o) | [o.iri, o.metric, o.value, o.unit, o.period]] AS figures
ORDER BY path, iri
"""
FACTS = """
UNWIND $facts AS iri
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.iri IN $entities AND r.iri = iri
RETURN a.iri AS source, b.iri AS target, type(r) AS type, r.iri AS iri, r.status AS status, r.support AS support
ORDER BY iri
"""
STATES = """
MATCH (d:Document)-[:STATES]->(e:Entity)
WHERE d.iri IN $docs AND e.iri IN $entities
RETURN d.iri AS doc, e.iri AS entity
ORDER BY doc, entity
"""


def short(iri: str) -> str:
    """The last characters of an IRI's hash: enough to see that an Evidence's fact is that relationship."""
    return "…" + iri.rsplit("/", 1)[-1][-6:]


def model_scene(store):
    """The subgraph as a :class:`kg.pictures.scene.Scene`, from a Neo4j store holding the examples."""
    from kg.errors import KGError
    from kg.pictures.scene import Edge, EdgeStyle, LegendEntry, Node, NodeStyle, Scene, display, kind_style
    from kg.stores.cypher_answers import entity_type

    rows = store.cypher(EVIDENCE, {"subject": SUBJECT, "relation": RELATION, "metric": METRIC})
    # drawn in an order that does not depend on where the checkout is (an Evidence's IRI hashes its source's path)
    rows = sorted(rows, key=lambda r: (Path(r["path"]).name, r["line"] or 0, r["text"] or "", r["fact"] or ""))
    if not rows:
        raise KGError(
            f"no Evidence about {SUBJECT} in {store.where}; load the examples first: "
            "kg load examples/factsheets --store neo4j"
        )
    document, evidence = NodeStyle("note", "#eeeeee", "#444444"), NodeStyle("box", "#fff6d5", "#b08800")
    figure = NodeStyle("box", "#e3f1e7", "#2e7d32")
    styles = {
        "PART_OF": EdgeStyle("#444444", "solid"),
        "HAS_ENTITY": EdgeStyle("#009e73", "dashed", "vee"),
        "SUPPORTS": EdgeStyle("#2e7d32", "solid", "vee"),
        "STATES": EdgeStyle("#bbbbbb", "dotted", "vee"),
        "HAS_OBSERVATION": EdgeStyle("#2e7d32", "dotted", "vee"),
        "fact": EdgeStyle("#882255", "bold"),
    }
    ids: dict[str, str] = {}
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []

    def node(iri: str, label: str, kind: str, style: NodeStyle) -> str:
        if iri not in ids:
            ids[iri] = f"n{len(ids)}"
            nodes[iri] = Node(ids[iri], label, kind, style)
        return ids[iri]

    def edge(source: str, target: str, label: str, style: str) -> None:
        edges.append(Edge(f"e{len(edges)}", ids[source], ids[target], label, styles[style]))

    entities: set[str] = set()
    for r in rows:
        node(r["doc"], f":Document\n{display(Path(r['path']).name)}", "Document", document)
        details = " · ".join(
            x
            for x in (
                f"line {r['line']}" if r["line"] else "",
                f"confidence {r['confidence']:g}",
                f"fact {short(r['fact'])}",
            )
            if x
        )
        text = display(r["text"] or "(no sentence given)", 60)
        node(r["iri"], f":Evidence\n{text}\n{details}", "Evidence", evidence)
        edge(r["iri"], r["doc"], "PART_OF", "PART_OF")
        for role, iri, name, labels in sorted(r["mentions"]):
            node(iri, f":{entity_type(labels)}\n{display(name)}", entity_type(labels), kind_style(entity_type(labels)))
            entities.add(iri)
            edge(r["iri"], iri, f"HAS_ENTITY {{role: {role}}}", "HAS_ENTITY")
        for iri, metric, value, unit, period in r["figures"]:
            node(iri, f":Observation\n{metric} {value:,.0f} {unit}, {period}", "Observation", figure)
            edge(r["iri"], iri, "SUPPORTS", "SUPPORTS")
            subject = next(m[1] for m in r["mentions"] if m[0] == "subject")
            if not any(e.source == ids[subject] and e.target == ids[iri] for e in edges):
                edge(subject, iri, "HAS_OBSERVATION", "HAS_OBSERVATION")
    facts = sorted({r["fact"] for r in rows if r["relation"]})
    for f in store.cypher(FACTS, {"facts": facts, "entities": sorted(entities)}):
        status = f" {{status: {f['status']}}}" if f["status"] else ""
        edge(f["source"], f["target"], f"{f['type']}{status}\niri {short(f['iri'])}", "fact")
    states = store.cypher(STATES, {"docs": sorted({r["doc"] for r in rows}), "entities": sorted(entities)})
    for s in sorted(states, key=lambda s: (int(ids[s["doc"]][1:]), int(ids[s["entity"]][1:]))):
        edge(s["doc"], s["entity"], "STATES", "STATES")
    legend = (
        LegendEntry(":Document", node=document),
        LegendEntry(":Evidence", node=evidence),
        LegendEntry(":Observation", node=figure),
        LegendEntry(":Company", node=kind_style("Company")),
        LegendEntry(":Country", node=kind_style("Country")),
        *(
            LegendEntry(name if name != "fact" else "a fact (its own type)", edge=style)
            for name, style in styles.items()
        ),
    )
    title = f"Provenance in Neo4j: two sources disagree on {SUBJECT} (drawn from the example graph)"
    return Scene("flow", title, tuple(nodes.values()), tuple(edges), legend)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=ROOT / "docs" / "img",
        help="folder for neo4j-model.dot and neo4j-model.svg (default: docs/img)",
    )
    args = parser.parse_args(argv)
    from kg.errors import KGError
    from kg.neo4j.local import connection_settings
    from kg.pictures import dot
    from kg.stores.neo4j import Neo4jStore

    try:
        store = Neo4jStore(connection_settings())
        try:
            source = dot.dot_source(model_scene(store))
        finally:
            store.close()
        svg = dot.render(source, "svg")
    except KGError as e:
        print(f"Error: {e}", file=sys.stderr)
        return e.exit_code
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "neo4j-model.dot").write_text(source, encoding="utf-8")
    (args.out_dir / "neo4j-model.svg").write_bytes(svg)
    print(args.out_dir / "neo4j-model.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
