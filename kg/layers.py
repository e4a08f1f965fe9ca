"""The layers of the code, bottom to top: a module imports from its own layer and the layers below, never above.

Each layer names the packages and modules in it; a module belongs to the layer of its longest listed
prefix (``kg.stores.neo4j`` is in ``stores`` because ``kg.stores`` is).  ``tests/test_architecture.py``
reads every module's imports (function-level ones included) and fails on an import that points up, on an
import cycle, and on a module no layer lists.

The order follows the data: records and identity at the bottom, then what reads files and documents, the
RDF they become, what a store answers (below both stores), the stores that keep it, the queries over a
store, what writes the graph out, what runs a whole job (a load, a backup, the SPARQL endpoint), and the
command line on top.

>>> layer_of("kg.stores.neo4j"), layer_of("kg.cli.render"), layer_of("loaders.csv")
('stores', 'cli', 'reading')
"""

from __future__ import annotations

#: (layer, the packages and modules in it), bottom first.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # records, errors, the ontology and the small helpers every layer uses
    (
        "foundation",
        (
            "kg",
            "kg.errors",
            "kg.model",
            "kg.schema",
            "ontology",
            "kg.timevalue",
            "kg.places",
            "kg.memory",
            "kg.registry",
            "kg.render",
            "kg.layers",
        ),
    ),
    # canonical IRIs and name keys: loaders and extractors use the same identity rules
    ("identity", ("kg.resolve",)),
    # files and documents to records
    ("reading", ("loaders", "kg.extract", "kg.evaluate")),
    # records to triples
    ("rdf", ("kg.rdf",)),
    # what a store answers: the words of a path, the answers' types, which facts count, how answers rank
    ("answers", ("kg.vocabulary", "kg.answers")),
    # where the triples live
    ("stores", ("kg.stores", "kg.neo4j", "kg.fuseki", "kg.javaprocess", "kg.datafolder")),
    # questions asked of a store
    ("queries", ("kg.queries", "kg.validate")),
    # the graph written out: export formats and pictures
    ("outputs", ("kg.pictures", "kg.exports")),
    # whole jobs: load (and the reloads after kg merge/split), backup and restore, the SPARQL endpoint
    ("services", ("kg.pipeline", "kg.backup", "kg.bulk_import", "kg.server")),
    # the kg command
    ("cli", ("kg.cli",)),
)

#: Layer name -> its height (0 at the bottom).
RANK = {name: height for height, (name, _) in enumerate(LAYERS)}


def layer_of(module: str) -> str | None:
    """The layer of ``module`` (a dotted name), or None when no layer lists it or a package holding it."""
    best: tuple[int, str] | None = None
    for name, members in LAYERS:
        for member in members:
            if (module == member or module.startswith(member + ".")) and (best is None or len(member) > best[0]):
                best = (len(member), name)
    return None if best is None else best[1]
