"""A knowledge graph of companies, products, markets and strategies, built from documents.

The small public API:

- :func:`kg.pipeline.load` loads files into a store,
- :func:`kg.queries.paths.find_paths` answers how a company reaches a market,
- :class:`kg.stores.oxigraph.OxigraphStore` is the embedded store.
"""

__version__ = "0.1.0"
