"""YAML fact lines: a list of mappings (or ``facts:`` holding one), each a fact line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from kg.errors import LoaderError
from kg.model import Record
from loaders.base import read_text
from loaders.factlines import records_from_line


class YamlLoader:
    name = "yaml"
    suffixes = (".yaml", ".yml")

    def load(self, path: Path) -> Iterator[Record]:
        for number, item in _items(path):
            yield from records_from_line(item, source=str(path), number=number, extractor=self.name)


def _items(path: Path) -> list[tuple[int, object]]:
    """Each list item with the line it starts on, so errors can name it."""
    try:
        root = yaml.compose(read_text(path), Loader=yaml.SafeLoader)
        if root is None:
            return []
        if isinstance(root, yaml.MappingNode):
            root = next((v for k, v in root.value if k.value == "facts"), None)
        if not isinstance(root, yaml.SequenceNode):
            raise LoaderError("expected a list of fact lines (or a mapping with 'facts:')", path=str(path), line=1)
        return [(node.start_mark.line + 1, yaml.safe_load(yaml.serialize(node))) for node in root.value]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise LoaderError(f"malformed YAML: {problem}", path=str(path), line=mark.line + 1 if mark else None) from None
