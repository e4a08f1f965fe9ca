"""Records to triples under the ontology, one named graph per source.

Each relation instance appears twice: as the plain triple ``s p o`` (what
SPARQL consumers and path queries follow) and as a reified ``kgo:Fact`` that
carries qualifiers and a PROV-O qualified derivation per source.  The fact's
IRI is a hash of the claim, so a fact stated by several sources is one node
with several provenance records, and a graph per source makes removing a
source exact.
"""

from __future__ import annotations

import hashlib
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol, TypeAlias, cast

import pyoxigraph as ox

from kg.errors import LoaderError, OntologyError
from kg.model import STATUSES, Document, Entity, Fact, Observation, Provenance, Record
from kg.resolve import ENTITY_CLASSES, Identity, Resolver, is_legal_form, name_key
from kg.schema import Relation, Schema, load_schema
from kg.timevalue import InvalidDate, parse_period, parse_time
from ontology import ID_NS, ONTOLOGY_NS

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"


class _Terms:
    """Named nodes built once: constructing them per triple costs more than the triple."""

    def __getattr__(self, local: str) -> ox.NamedNode:
        node = ox.NamedNode(ONTOLOGY_NS + local)
        setattr(self, local, node)
        return node


KGO = _Terms()
TYPE = ox.NamedNode(RDF + "type")
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (ox.NamedNode(RDF + n) for n in ("subject", "predicate", "object"))
DERIVATION = ox.NamedNode(PROV + "qualifiedDerivation")
PROV_ENTITY = ox.NamedNode(PROV + "entity")
DOUBLE, INTEGER = ox.NamedNode(XSD + "double"), ox.NamedNode(XSD + "integer")
DATE_QUALIFIERS = ("date", "since", "until")
OWNER_RELATIONS = ("launches", "develops")
ENTITY_QUALIFIERS = ("market",)

#: A term kg writes as a subject or object: an IRI, a blank node or a literal (never an RDF-star triple).
Term: TypeAlias = "ox.NamedNode | ox.BlankNode | ox.Literal"


class StoredQuad(Protocol):
    """A quad as kg's stores hold it, for the type checker.

    pyoxigraph types a quad's subject and object as possibly an RDF-star triple, which has no ``value``;
    kg writes none, so here every subject and object has one.  The graph is a source's named graph, or the
    default graph (the sources' union, see kg.stores.oxigraph) where a pattern leaves the graph open.
    """

    @property
    def subject(self) -> ox.NamedNode | ox.BlankNode: ...
    @property
    def predicate(self) -> ox.NamedNode: ...
    @property
    def object(self) -> Term: ...
    @property
    def graph_name(self) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph: ...


class NamedQuad(StoredQuad, Protocol):
    """A stored quad read from a named graph (a source's)."""

    @property
    def graph_name(self) -> ox.NamedNode: ...


def stored_quads(
    store: ox.Store,
    subject: ox.NamedNode | ox.BlankNode | None = None,
    predicate: ox.NamedNode | None = None,
    obj: Term | None = None,
    graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
) -> Iterator[StoredQuad]:
    """``store.quads_for_pattern(subject, predicate, obj, graph)``, typed as kg's data (:class:`StoredQuad`)."""
    return cast("Iterator[StoredQuad]", store.quads_for_pattern(subject, predicate, obj, graph))


def named_quads(
    store: ox.Store,
    subject: ox.NamedNode | ox.BlankNode | None,
    predicate: ox.NamedNode | None,
    obj: Term | None,
    graph: ox.NamedNode,
) -> Iterator[NamedQuad]:
    """The quads matching a pattern in one named graph (:class:`NamedQuad`)."""
    return cast("Iterator[NamedQuad]", store.quads_for_pattern(subject, predicate, obj, graph))


def local_name(iri: str) -> str:
    """``kgo:``, ``rdf:`` and ``prov:`` IRIs by their local name; other IRIs whole."""
    for ns in (ONTOLOGY_NS, RDF, PROV):
        if iri.startswith(ns):
            return iri[len(ns) :]
    return iri


def term_value(term):
    """A term as a plain Python value: numbers for numeric literals, text for the rest, None for None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith(("#double", "#decimal", "#float")):
            return float(term.value)
        if datatype.endswith(("#integer", "#long", "#int")):
            return int(term.value)
    return term.value


def source_iri(source: str) -> str:
    """The IRI of the named graph holding what one source file states."""
    return f"{ID_NS}source/{hashlib.sha256(source.encode('utf-8')).hexdigest()[:24]}"


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]


def provenance_iri(
    target: str, graph: str, line: int | None, span: tuple[int, int] | None, evidence: str | None
) -> str:
    """The IRI of one statement of a fact or figure in one source (a missing line or evidence is None)."""
    return f"{ID_NS}provenance/{_digest(target, graph, line or None, span, evidence or None)}"


class QuadSpool:
    """A source's quads in the order written: in memory while few, in a nameless file as N-Quads past
    :attr:`spill_at`, so a source of any size is built and written in bounded memory.

    A Python quad object costs about 600 bytes, so a 10^6-fact source (12 million quads) held as objects would
    need 7 GB; as N-Quads on disk it is read back a chunk at a time (:meth:`nquads`), by the bulk loader, or
    parsed again one quad at a time (iteration).  kg writes no blank nodes, so the round trip is exact.
    """

    #: Quads held as objects before the spool moves to its file.
    spill_at = 200_000

    def __init__(self, spill_at: int | None = None, folder: Path | None = None) -> None:
        """``folder`` holds the file (the data folder, whose disk takes the quads anyway; else the temporary
        folder, which may be memory)."""
        self._held: list[ox.Quad] = []
        self._file: IO[bytes] | None = None
        self._count = 0
        self._folder = folder
        if spill_at is not None:
            self.spill_at = spill_at

    def append(self, quad: ox.Quad) -> None:
        self._held.append(quad)
        self._count += 1
        if len(self._held) >= self.spill_at:
            self._spill()

    def _spill(self) -> None:
        if self._file is None:
            # no name on the disk, so it is gone with the process even if killed
            self._file = tempfile.TemporaryFile(prefix="kg-quads-", dir=self._folder)  # noqa: SIM115 - see close()
        self._file.seek(0, 2)
        ox.serialize(self._held, self._file, format=ox.RdfFormat.N_QUADS)
        self._held = []

    @property
    def spilled(self) -> bool:
        """Whether the quads are on disk (read them with :meth:`nquads` rather than as objects)."""
        return self._file is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[ox.Quad]:
        if self._file is None:
            return iter(self._held)
        self._spill()
        self._file.seek(0)
        return ox.parse(self._file, format=ox.RdfFormat.N_QUADS)

    def nquads(self, chunk_bytes: int = 32 << 20) -> Iterator[bytes]:
        """The quads as N-Quads, in chunks of whole lines of about ``chunk_bytes`` each."""
        if self._file is None:
            if self._held:
                yield ox.serialize(self._held, format=ox.RdfFormat.N_QUADS) or b""
            return
        self._spill()
        self._file.seek(0)
        while True:
            chunk = self._file.read(chunk_bytes)
            if not chunk:
                return
            if not chunk.endswith(b"\n"):
                chunk += self._file.readline()  # a line ends the chunk: a literal's newline is escaped in N-Quads
            yield chunk

    def close(self) -> None:
        """Drop the quads and their file."""
        self._held = []
        if self._file is not None:
            self._file.close()
            self._file = None


#: A source's quads as the stores take them: a list, or a spool that may be on disk (iterable more than once).
Quads: TypeAlias = "Sequence[ox.Quad] | QuadSpool"


@dataclass
class DocumentGraph:
    """The quads one source contributes, and the facts, figures and entities among them."""

    graph: str
    quads: QuadSpool = field(default_factory=QuadSpool)
    facts: set[str] = field(default_factory=set)
    observations: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    #: Lines the source should fix but that do not stop it loading, each "path:line: what".
    warnings: list[str] = field(default_factory=list)
    #: The entities the source declares, and whether it is a document (its entities are an extractor's guesses).
    declared: list[Entity] = field(default_factory=list)
    from_document: bool = False


@dataclass
class GraphBuilder:
    """Turns one source's records into a :class:`DocumentGraph`, checking them against the shapes."""

    source: str
    content_hash: str
    resolver: Resolver
    loaded_at: str
    schema: Schema = field(default_factory=load_schema)
    #: Where a big source's quads wait on disk (see :class:`QuadSpool`).
    spool_folder: Path | None = None

    def __post_init__(self) -> None:
        self.out = DocumentGraph(source_iri(self.source), QuadSpool(folder=self.spool_folder))
        self._g = ox.NamedNode(self.out.graph)
        self._typed: set[tuple[str, str]] = set()
        self._aliases: set[tuple[str, str]] = set()
        #: Entities this source declares, by name key: its own facts mean them, whatever other sources hold.
        self._declared: dict[str, Identity] = {}

    def build(self, records: Iterable[Record]) -> DocumentGraph:
        """Entities first, so that aliases declared anywhere in the file serve every fact in it.

        ``records`` is read twice, the entities then the rest, each in the order given: a fact sheet read
        again from its file (see :func:`kg.pipeline.read_records`) is never held whole in memory.
        """
        first = [r for r in records if isinstance(r, (Document, Entity))]
        self.out.declared = [r for r in first if isinstance(r, Entity)]
        self.out.from_document = any(isinstance(r, Document) for r in first)
        self._document(next((r for r in first if isinstance(r, Document)), None))
        first_merge = len(self.resolver.merges)
        rest = (r for r in records if not isinstance(r, (Document, Entity)))
        for record in itertools.chain(first, rest):
            try:
                self._record(record)
            except LoaderError as e:
                prov = getattr(record, "provenance", None)
                raise type(e)(e.message, path=self.source, line=prov.line if prov else None) from None
        for merge in dict.fromkeys(self.resolver.merges[first_merge:]):
            self._merge(merge)
        return self.out

    def _merge(self, merge) -> None:
        node = ox.NamedNode(f"{ID_NS}merge/{_digest(merge.iri, merge.label, merge.reason)}")
        self._add(node, TYPE, KGO.NameMerge)
        self._add(node, KGO.entity, ox.NamedNode(merge.iri))
        self._add(node, KGO.label, ox.Literal(merge.label))
        self._add(node, KGO.reason, ox.Literal(merge.reason))

    def _record(self, record: Record) -> None:
        if isinstance(record, Entity):
            self._entity(record)
        elif isinstance(record, Fact):
            self._fact(record)
        elif isinstance(record, Observation):
            self._observation(record)

    def _add(self, s: ox.NamedNode, p: ox.NamedNode, o) -> None:
        self.out.quads.append(ox.Quad(s, p, o, self._g))

    def _document(self, doc: Document | None) -> None:
        self._add(self._g, TYPE, KGO.Document)
        self._add(self._g, KGO.sourcePath, ox.Literal(self.source))
        self._add(self._g, KGO.contentHash, ox.Literal(self.content_hash))
        self._add(self._g, KGO.loadedAt, ox.Literal(self.loaded_at, datatype=ox.NamedNode(XSD + "dateTime")))
        for key in ("title", "publisher", "author"):
            value = getattr(doc, key, None) if doc else None
            if value:
                self._add(self._g, getattr(KGO, key), ox.Literal(value))
        if doc and doc.date:
            self._add(self._g, KGO.published, ox.Literal(doc.date))

    def _entity(self, entity: Entity) -> Identity:
        if entity.type not in ENTITY_CLASSES:
            raise OntologyError(f"unknown class {entity.type!r}; allowed: {', '.join(ENTITY_CLASSES)}")
        aliases = tuple(a for a in entity.aliases if not self._legal_form_alias(entity, a))
        identity = self.resolver.declare(entity.name, entity.type, aliases, entity.identifiers)
        self._declared.setdefault(name_key(entity.name), identity)
        node = self._node(identity, entity.name)
        for alias in aliases:
            self._alias(identity, node, alias)
        for scheme, value in entity.identifiers:
            self._add(node, getattr(KGO, scheme), ox.Literal(value))
        return identity

    def _legal_form_alias(self, entity: Entity, alias: str) -> bool:
        """An alias that is only a legal form ("Ltd.") would make that word name the entity: warn and drop it.

        It is mostly a name with a comma split by YAML's flow syntax: ``[Kunlun Tech Co., Ltd.]``.
        """
        if not is_legal_form(alias):
            return False
        line = entity.provenance.line if entity.provenance else None
        where = f"{self.source}:{line}" if line is not None else self.source
        self.out.warnings.append(
            f"{where}: alias {alias!r} of {entity.name!r} is only a legal form and was ignored; "
            f"a name holding a comma needs quotes"
        )
        return True

    def _node(self, identity: Identity, surface: str | None = None) -> ox.NamedNode:
        """The entity's node, typed and named once per source; a new spelling becomes an alias."""
        node = ox.NamedNode(identity.iri)
        if (identity.iri, identity.type) not in self._typed:
            self._typed.add((identity.iri, identity.type))
            self.out.entities.add(identity.iri)
            self._add(node, TYPE, getattr(KGO, identity.type))
            self._add(node, KGO.name, ox.Literal(identity.name))
            if identity.iso_code:
                self._add(node, KGO.isoCode, ox.Literal(identity.iso_code))
        if surface:
            self._alias(identity, node, surface)
        return node

    def _alias(self, identity: Identity, node: ox.NamedNode, alias: str) -> None:
        alias = " ".join(alias.split())
        if alias and alias != identity.name and (identity.iri, alias) not in self._aliases:
            self._aliases.add((identity.iri, alias))
            self._add(node, KGO.alias, ox.Literal(alias))

    def _position(
        self,
        name: str,
        declared: str | None,
        allowed: tuple[str, ...],
        role: str,
        relation: Relation,
        owner: str | None = None,
    ) -> Identity:
        if declared:
            if declared not in ENTITY_CLASSES:
                raise OntologyError(f"unknown class {declared!r}; allowed: {', '.join(ENTITY_CLASSES)}")
            identity = self.resolver.declare(name, declared)
        elif (mine := self._declared.get(name_key(name))) and self.schema.accepts(allowed, mine.type):
            identity = mine
        else:
            # an unknown name takes the position's first class: a channel phrase sold through stays a Channel
            default = "Company" if self.schema.accepts(allowed[:1], "Company") else None
            identity = self.resolver.refer(name, allowed, default, owner=owner)
        if not self.schema.accepts(allowed, identity.type):
            need = " or ".join(allowed)
            raise OntologyError(f"the {role} of {relation.name} must be a {need}, but {name!r} is a {identity.type}")
        return identity

    def _fact(self, fact: Fact) -> None:
        relation = self.schema.relations.get(fact.relation)
        if relation is None:
            raise OntologyError(f"unknown relation {fact.relation!r}; allowed: {', '.join(self.schema.relations)}")
        subject = self._position(fact.subject, fact.subject_type, relation.domain, "subject", relation)
        owner = subject.iri if relation.name in OWNER_RELATIONS else None
        obj = self._position(fact.object, fact.object_type, relation.range, "object", relation, owner)
        if owner:
            self.resolver.note_owner(obj.iri, owner)
        s, o = self._node(subject, fact.subject), self._node(obj, fact.object)
        qualifiers = sorted(self._qualifiers(fact))
        fact_node = ox.NamedNode(f"{ID_NS}fact/{_digest(subject.iri, relation.name, obj.iri, *qualifiers)}")
        p = getattr(KGO, relation.name)
        self._add(s, p, o)
        if fact_node.value not in self.out.facts:
            self.out.facts.add(fact_node.value)
            for quad in ((TYPE, KGO.Fact), (RDF_SUBJECT, s), (RDF_PREDICATE, p), (RDF_OBJECT, o)):
                self._add(fact_node, *quad)
            for key, value in qualifiers:
                self._add(fact_node, getattr(KGO, key), value)
        self._provenance(fact_node, fact.provenance, fact.note)

    def _qualifiers(self, fact: Fact) -> Iterator[tuple[str, Term]]:
        for key, value in fact.qualifiers:
            yield key, self._qualifier(key, str(value))

    def _qualifier(self, key: str, value: str):
        if key in DATE_QUALIFIERS:
            try:
                return ox.Literal(parse_time(value).text)
            except InvalidDate as e:
                raise LoaderError(f"{key}: {e}") from None
        if key == "market":
            return self._node(self.resolver.refer(value, ("Country", "Region")), value)
        if key == "via":
            return self._via(value)
        if key == "status" and value not in STATUSES:
            raise LoaderError(f"status {value!r} is not one of {', '.join(STATUSES)}")
        if key == "share":
            return _number(value, key)
        return ox.Literal(value)

    def _via(self, value: str):
        """A named channel or company becomes its node; an entry-mode word stays a word."""
        if name_key(value) in ("subsidiary", "subsidiaries", "brand", "partner", "acquisition", "product"):
            return ox.Literal(value)
        return self._node(self.resolver.refer(value, ("Channel", "Company")), value)

    def _observation(self, obs: Observation) -> None:
        subject = self.resolver.refer(obs.subject, (obs.subject_type,) if obs.subject_type else ())
        try:
            period = parse_period(obs.period) if obs.period else None
        except InvalidDate as e:
            raise LoaderError(f"period: {e}") from None
        node = ox.NamedNode(f"{ID_NS}observation/{_digest(subject.iri, obs.metric, period, obs.unit, obs.value)}")
        if node.value not in self.out.observations:
            self.out.observations.add(node.value)
            self._add(node, TYPE, KGO.Observation)
            self._add(node, KGO.subject, self._node(subject, obs.subject))
            self._add(node, KGO.metric, ox.Literal(obs.metric))
            self._add(node, KGO.value, ox.Literal(repr(float(obs.value)), datatype=DOUBLE))
            self._add(node, KGO.unit, ox.Literal(obs.unit))
            if period:
                self._add(node, KGO.period, ox.Literal(period))
        self._provenance(node, obs.provenance, obs.note)

    def _provenance(self, target: ox.NamedNode, prov: Provenance, note: str | None) -> None:
        node = ox.NamedNode(provenance_iri(target.value, self.out.graph, prov.line, prov.span, prov.evidence))
        self._add(target, DERIVATION, node)
        self._add(node, TYPE, KGO.Provenance)
        self._add(node, PROV_ENTITY, self._g)
        self._add(node, KGO.extractor, ox.Literal(prov.extractor))
        self._add(node, KGO.confidence, ox.Literal(repr(float(prov.confidence)), datatype=DOUBLE))
        if prov.line is not None:
            self._add(node, KGO.line, ox.Literal(str(prov.line), datatype=INTEGER))
        if prov.evidence:
            self._add(node, KGO.evidence, ox.Literal(prov.evidence))
        if prov.span:
            self._add(node, KGO.spanStart, ox.Literal(str(prov.span[0]), datatype=INTEGER))
            self._add(node, KGO.spanEnd, ox.Literal(str(prov.span[1]), datatype=INTEGER))
        if prov.cited:
            self._add(node, KGO.citedSource, ox.Literal(prov.cited))
        if note:
            self._add(node, KGO.note, ox.Literal(note))


def _number(value: str, key: str) -> ox.Literal:
    try:
        return ox.Literal(repr(float(value)), datatype=DOUBLE)
    except ValueError:
        raise LoaderError(f"{key} must be a number, not {value!r}") from None
