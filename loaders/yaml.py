"""YAML fact lines: a list of mappings (or ``facts:`` holding one), each a fact line.

Aliases are refused (see :class:`loaders.base.SafeYamlLoader`), so no item
can stand for more values than the file spells out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from kg.errors import LoaderError
from kg.model import Record
from loaders.base import SafeYamlLoader, read_text, value_error, yaml_error
from loaders.factlines import records_from_line


class YamlLoader:
    name = "yaml"
    suffixes = (".yaml", ".yml")

    def load(self, path: Path) -> Iterator[Record]:
        for number, item in _items(path):
            yield from records_from_line(item, source=str(path), number=number, extractor=self.name)


def _items(path: Path) -> list[tuple[int, object]]:
    """Each list item with the line it starts on, so errors can name it."""
    loader = SafeYamlLoader(read_text(path))
    try:
        root = loader.get_single_node()
        if root is None:
            return []
        if isinstance(root, yaml.MappingNode):
            root = next((v for k, v in root.value if k.value == "facts"), None)
        if not isinstance(root, yaml.SequenceNode):
            raise LoaderError("expected a list of fact lines (or a mapping with 'facts:')", path=str(path), line=1)
        return [(node.start_mark.line + 1, _construct(loader, node, path)) for node in root.value]
    except yaml.YAMLError as e:
        raise yaml_error(e, path=path) from None
    finally:
        loader.dispose()


def _construct(loader: SafeYamlLoader, node: yaml.Node, path: Path) -> object:
    """One item as Python values; a value PyYAML cannot build (a 5,000-digit integer, 2026-13-45) names its line."""
    try:
        return loader.construct_document(node)
    except ValueError as e:
        raise LoaderError(f"bad YAML value: {value_error(e)}", path=str(path), line=node.start_mark.line + 1) from None
