"""The ontology as Python sees it: classes, relations, domains and ranges.

Read once from ``ontology/kg.ttl`` and ``ontology/shapes.ttl`` (parsed with
pyoxigraph, which is fast enough for every CLI start), so the Turtle stays the
single source of truth.  The load-time checks of :func:`check_fact` are derived
from the SHACL shapes; ``kg validate`` runs the shapes themselves with pyshacl.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from ontology import ONTOLOGY_NS, path

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"


@dataclass(frozen=True)
class Relation:
    """A relation of the ontology with the classes its subjects and objects may have."""

    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    comment: str

    @property
    def neo4j_type(self) -> str:
        """``hasSubsidiary`` -> ``HAS_SUBSIDIARY``."""
        return "".join("_" + c if c.isupper() else c.upper() for c in self.name).lstrip("_")


@dataclass(frozen=True)
class Schema:
    """Classes (with their superclasses inside the ontology) and relations."""

    superclasses: dict[str, tuple[str, ...]]
    comments: dict[str, str]
    relations: dict[str, Relation]

    @property
    def classes(self) -> list[str]:
        return sorted(self.superclasses)

    def is_a(self, cls: str, ancestor: str) -> bool:
        return cls == ancestor or ancestor in self.superclasses.get(cls, ())

    def labels(self, cls: str) -> tuple[str, ...]:
        """A class and its superclasses, most specific first (Neo4j labels)."""
        return (cls, *self.superclasses.get(cls, ()))

    def most_specific(self, classes: Iterable[str]) -> str:
        """The class with the most superclasses (Company over Organization); alphabetical on a tie; ``Entity``
        for none."""
        return min(classes, key=lambda c: (-len(self.superclasses.get(c, ())), c), default="Entity")

    def accepts(self, allowed: tuple[str, ...], cls: str) -> bool:
        return not allowed or any(self.is_a(cls, a) for a in allowed)


def iri(name: str) -> str:
    return ONTOLOGY_NS + name


def _local(term) -> str:
    return term.value.removeprefix(ONTOLOGY_NS)


def _graph(name: str) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path(name)), format=ox.RdfFormat.TURTLE)
    return store


def _objects(store: ox.Store, subject, predicate: str) -> list:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def _list(store: ox.Store, head) -> list:
    items = []
    while head is not None and head != ox.NamedNode(RDF_NIL):
        firsts = _objects(store, head, RDF_FIRST)
        if not firsts:
            break
        items.append(firsts[0])
        rests = _objects(store, head, RDF_REST)
        head = rests[0] if rests else None
    return items


def _class_constraint(store: ox.Store, node) -> tuple[str, ...]:
    """Classes allowed by ``sh:class C`` or ``sh:or ([sh:class A] [sh:class B])`` on a shape node."""
    direct = [_local(c) for c in _objects(store, node, SH + "class")]
    for head in _objects(store, node, SH + "or"):
        for alt in _list(store, head):
            direct += [_local(c) for c in _objects(store, alt, SH + "class")]
    return tuple(direct)


def _superclasses(store: ox.Store) -> dict[str, tuple[str, ...]]:
    parents: dict[str, list[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "Class")):
        parents[_local(q.subject)] = [
            _local(o) for o in _objects(store, q.subject, RDFS + "subClassOf") if o.value.startswith(ONTOLOGY_NS)
        ]

    def closure(cls: str) -> tuple[str, ...]:
        out: list[str] = []
        for p in parents.get(cls, []):
            out += [p, *closure(p)]
        return tuple(dict.fromkeys(out))

    return {cls: closure(cls) for cls in parents}


def _relations(ontology: ox.Store, shapes: ox.Store) -> dict[str, Relation]:
    relations = {}
    for q in shapes.quads_for_pattern(None, ox.NamedNode(SH + "targetSubjectsOf"), None):
        name = _local(q.object)
        rng: tuple[str, ...] = ()
        for prop in _objects(shapes, q.subject, SH + "property"):
            rng += _class_constraint(shapes, prop)
        domain = _class_constraint(shapes, q.subject)
        if "Observation" in domain:
            continue  # kgo:subject links a figure to what it measures; it is not a relation between entities
        comment = _objects(ontology, q.object, RDFS + "comment")
        relations[name] = Relation(name, domain, rng, comment[0].value if comment else "")
    return relations


@cache
def load_schema() -> Schema:
    ontology, shapes = _graph("kg.ttl"), _graph("shapes.ttl")
    supers = _superclasses(ontology)
    comments = {
        cls: (_objects(ontology, ox.NamedNode(iri(cls)), RDFS + "comment") or [ox.Literal("")])[0].value
        for cls in supers
    }
    return Schema(supers, comments, dict(sorted(_relations(ontology, shapes).items())))


def ontology_markdown() -> str:
    """The classes and relations as Markdown tables, generated from the Turtle."""
    schema = load_schema()
    lines = [
        "# Ontology",
        "",
        "Generated from `ontology/kg.ttl` and `ontology/shapes.ttl` by `kg ontology`;",
        "do not edit by hand.",
        "",
        f"Namespace: `{ONTOLOGY_NS}` (prefix `kgo:`)",
        "",
        "## Classes",
        "",
        "| class | subclass of | meaning |",
        "|---|---|---|",
    ]
    for cls in schema.classes:
        parents = ", ".join(schema.superclasses[cls]) or "—"
        lines.append(f"| `{cls}` | {parents} | {schema.comments[cls]} |")
    lines += ["", "## Relations", "", "| relation | Neo4j type | from | to | meaning |", "|---|---|---|---|---|"]
    for rel in schema.relations.values():
        lines.append(
            f"| `{rel.name}` | `{rel.neo4j_type}` | {' / '.join(rel.domain) or 'anything'} | "
            f"{' / '.join(rel.range) or 'anything'} | {rel.comment} |"
        )
    return "\n".join(lines) + "\n"
