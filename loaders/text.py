"""Plain-text documents: the file's text, with the title, author, publisher and date it states."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.model import Record
from loaders.document import document, read_document_text, text_metadata


class TextLoader:
    """A ``.txt`` file as one document; the pipeline hands its text to the extractor."""

    name = "text"
    suffixes = (".txt",)

    def load(self, path: Path) -> Iterator[Record]:
        data, text = read_document_text(path)
        yield document(path, data, text, **text_metadata(text))
