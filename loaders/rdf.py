"""RDF under the project ontology (Turtle, N-Triples, JSON-LD, TriG, N-Quads, RDF/XML) back into records.

Entities are the nodes typed with an entity class and named with ``kgo:name``;
relations are the ``kgo:`` triples between them, with the qualifiers and
provenance of a matching reified ``kgo:Fact`` when the file has one (as the
project's own exports do).  IRIs are not trusted as identities: names and
identifiers go through the resolver like any other source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import LoaderError
from kg.model import IDENTIFIER_SCHEMES, QUALIFIERS, Entity, Fact, Observation, Provenance, Record, is_finite
from kg.resolve import ENTITY_CLASSES
from kg.schema import load_schema
from loaders.base import quoted
from ontology import ONTOLOGY_NS

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"


def _parse(path: Path, fmt: ox.RdfFormat) -> list[ox.Triple]:
    try:
        # a dataset (TriG, N-Quads) is read as the union of its graphs: a triple that several sources' graphs
        # hold is one triple, as in the merged graph
        return list(dict.fromkeys(q.triple for q in ox.parse(path=str(path), format=fmt)))
    except SyntaxError as e:
        raise LoaderError(f"malformed RDF: {str(e).splitlines()[0]}", path=str(path)) from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise LoaderError(f"unreadable RDF: {e}", path=str(path)) from None


class _Graph:
    """The parsed triples indexed by subject, with helpers to read ``kgo:`` values."""

    def __init__(self, triples: list[ox.Triple]):
        self.by_subject: dict = defaultdict(list)
        for t in triples:
            self.by_subject[t.subject].append(t)

    def values(self, node, local: str, ns: str = ONTOLOGY_NS) -> list:
        return [t.object for t in self.by_subject.get(node, []) if t.predicate.value == ns + local]

    def value(self, node, local: str, ns: str = ONTOLOGY_NS):
        found = self.values(node, local, ns)
        return found[0] if found else None

    def types(self, node) -> list[str]:
        return [o.value.removeprefix(ONTOLOGY_NS) for o in self.values(node, "type", RDF)]


class RdfLoader:
    name = "rdf"
    suffixes: tuple[str, ...] = ()
    format = ox.RdfFormat.TURTLE

    def load(self, path: Path) -> Iterator[Record]:
        self._path = str(path)
        graph = _Graph(_parse(path, self.format))
        names = {node: self._entity_type(graph, node) for node in graph.by_subject}
        entities = {node: (graph.value(node, "name"), cls) for node, cls in names.items() if cls}
        for node, (name, cls) in sorted(entities.items(), key=lambda kv: kv[0].value):
            if name is None:
                raise LoaderError(f"{node} is a {cls} without kgo:name", path=str(path))
            yield self._entity(graph, node, name.value, cls, path)
        yield from self._facts(graph, entities, path)
        yield from self._observations(graph, entities, path)

    @staticmethod
    def _entity_type(graph: _Graph, node) -> str | None:
        schema = load_schema()
        types = [t for t in graph.types(node) if t in ENTITY_CLASSES]
        return max(types, key=lambda t: len(schema.superclasses.get(t, ())), default=None)

    @staticmethod
    def _entity(graph: _Graph, node, name: str, cls: str, path: Path) -> Entity:
        aliases = tuple(sorted(a.value for a in graph.values(node, "alias")))
        ids = tuple((s, graph.value(node, s).value) for s in IDENTIFIER_SCHEMES if graph.value(node, s))
        return Entity(name, cls, aliases, ids, Provenance(str(path), extractor="rdf"))

    def _facts(self, graph: _Graph, entities: dict, path: Path) -> Iterator[Fact]:
        reified = self._reified(graph)
        relations = load_schema().relations
        for node in sorted(entities, key=lambda n: n.value):
            for t in graph.by_subject[node]:
                relation = t.predicate.value.removeprefix(ONTOLOGY_NS)
                if relation not in relations or t.object not in entities:
                    continue
                (s_name, s_type), (o_name, o_type) = entities[node], entities[t.object]
                for qualifiers, prov in reified.get((node, t.predicate, t.object), [((), None)]):
                    yield Fact(
                        s_name.value,
                        relation,
                        o_name.value,
                        qualifiers,
                        prov or Provenance(str(path), extractor="rdf"),
                        s_type,
                        o_type,
                    )

    def _reified(self, graph: _Graph) -> dict:
        """Qualifiers and provenance of every ``kgo:Fact`` node, keyed by its triple."""
        found: dict = defaultdict(list)
        for node in graph.by_subject:
            if "Fact" not in graph.types(node):
                continue
            key = (
                graph.value(node, "subject", RDF),
                graph.value(node, "predicate", RDF),
                graph.value(node, "object", RDF),
            )
            qualifiers = tuple((q, self._qualifier_text(graph, v)) for q in QUALIFIERS for v in graph.values(node, q))
            provs = graph.values(node, "qualifiedDerivation", PROV) or [None]
            for prov in provs:
                found[key].append((qualifiers, self._provenance(graph, prov)))
        return found

    @staticmethod
    def _qualifier_text(graph: _Graph, value) -> str:
        if isinstance(value, ox.Literal):
            return value.value
        name = graph.value(value, "name")
        return name.value if name else value.value

    def _provenance(self, graph: _Graph, node) -> Provenance | None:
        if node is None:
            return None

        def text(local: str) -> str | None:
            found = graph.value(node, local)
            return found.value if found is not None else None

        start, end = (
            self._integer(node, "spanStart", text("spanStart")),
            self._integer(node, "spanEnd", text("spanEnd")),
        )
        line = self._integer(node, "line", text("line"))
        confidence = self._number(node, "confidence", text("confidence") or "1")
        if not 0 <= confidence <= 1:
            raise LoaderError(f"{node}: kgo:confidence must be between 0 and 1, not {confidence:g}", path=self._path)
        return Provenance(
            source=self._path,
            line=line,
            evidence=text("evidence"),
            span=(start, end) if start is not None and end is not None else None,
            extractor=text("extractor") or "rdf",
            confidence=confidence,
            cited=text("citedSource"),
        )

    def _integer(self, node, local: str, text: str | None) -> int | None:
        """An integer literal (a line, a span offset), or a one-line error naming the node."""
        if text is None:
            return None
        try:
            return int(text)
        except ValueError:
            raise LoaderError(f"{node}: kgo:{local} must be an integer, not {quoted(text)}", path=self._path) from None

    def _number(self, node, local: str, text: str | None) -> float:
        """A finite number literal (a value, a confidence), or a one-line error naming the node."""
        try:
            number = float(text or "")  # None and "" alike are no number
        except (TypeError, ValueError):
            raise LoaderError(f"{node}: kgo:{local} must be a number, not {quoted(text)}", path=self._path) from None
        if not is_finite(number):
            raise LoaderError(f"{node}: kgo:{local} must be a finite number, not {number}", path=self._path)
        return number

    def _required(self, graph: _Graph, node, local: str) -> str:
        found = graph.value(node, local)
        if found is None:
            raise LoaderError(f"observation {node} has no kgo:{local}", path=self._path)
        return found.value

    def _observations(self, graph: _Graph, entities: dict, path: Path) -> Iterator[Observation]:
        for node in sorted(graph.by_subject, key=lambda n: n.value):
            if "Observation" not in graph.types(node):
                continue
            subject = graph.value(node, "subject")
            if subject not in entities:
                raise LoaderError(f"observation {node} has no named subject", path=str(path))
            number = self._number(node, "value", self._required(graph, node, "value"))
            metric, unit = self._required(graph, node, "metric"), self._required(graph, node, "unit")
            period = graph.value(node, "period")
            prov = self._provenance(graph, graph.value(node, "qualifiedDerivation", PROV))
            yield Observation(
                entities[subject][0].value,
                metric,
                number,
                unit,
                period.value if period else None,
                prov or Provenance(str(path), extractor="rdf"),
                entities[subject][1],
            )


class TurtleLoader(RdfLoader):
    name, suffixes, format = "turtle", (".ttl",), ox.RdfFormat.TURTLE


class NTriplesLoader(RdfLoader):
    name, suffixes, format = "ntriples", (".nt",), ox.RdfFormat.N_TRIPLES


class JsonLdLoader(RdfLoader):
    name, suffixes, format = "jsonld", (".jsonld",), ox.RdfFormat.JSON_LD


class TriGLoader(RdfLoader):
    name, suffixes, format = "trig", (".trig",), ox.RdfFormat.TRIG


class NQuadsLoader(RdfLoader):
    name, suffixes, format = "nquads", (".nq",), ox.RdfFormat.N_QUADS


class RdfXmlLoader(RdfLoader):
    name, suffixes, format = "rdfxml", (".rdf", ".owl"), ox.RdfFormat.RDF_XML
