"""A store that holds nothing and can do nothing beyond the contract's required methods, for tests of what
callers do with a store's declared capabilities."""

from __future__ import annotations

from kg.stores.base import Store


class BareStore(Store):
    name = "bare"

    def sources(self):
        return {}

    def replace_source(self, graph, quads, progress=None):
        raise NotImplementedError

    def remove_source(self, graph):
        raise NotImplementedError

    def known_entities(self):
        return []

    def existing(self, iris):
        return {}

    def stats(self):
        return {}
