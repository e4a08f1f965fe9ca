"""Documents to candidate facts: extractors behind one interface, found through a registry.

``rules`` (the default) is offline and deterministic; ``spacy`` adds the
names an installed statistical spaCy pipeline finds; ``llm`` asks an
OpenAI-compatible endpoint configured by ``KG_LLM_URL``, ``KG_LLM_KEY`` and
``KG_LLM_MODEL``; ``hybrid`` keeps what the rules find and adds the
relations that endpoint finds beyond them.  Third parties register more
under the ``kg.extractors`` entry-point group: a callable
``(document, known) -> list[Record]``.

>>> from kg.model import Document
>>> records = extract(Document("note.txt", "0", text="Acme Robotics opened a sales subsidiary in Japan."))
>>> sorted((r.subject, r.relation, r.object) for r in records if hasattr(r, "relation"))[:2]
[('Acme Robotics', 'expandsInto', 'Japan'), ('Acme Robotics', 'hasSubsidiary', 'Acme Robotics Japan')]
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import KGError
from kg.model import Document, Entity, Record
from kg.registry import Entry, Registry

registry = Registry("extractor", "kg.extractors")

for _entry in (
    Entry("rules", "kg.extract.rules:extract_rules", description="offline rules over spaCy's tokenizer and gazetteers"),
    Entry(
        "spacy",
        "kg.extract.statistical:extract_spacy",
        description="rules plus names from a statistical spaCy pipeline",
    ),
    Entry("llm", "kg.extract.llm:extract_llm", description="an OpenAI-compatible chat endpoint (KG_LLM_URL)"),
    Entry(
        "hybrid",
        "kg.extract.hybrid:extract_hybrid",
        description="the rules' names and figures, plus the relations the llm extractor adds",
    ),
):
    registry.register(_entry)


def extract(document: Document, *, extractor: str = "rules", known: Iterable[Entity] = ()) -> list[Record]:
    """Entities, facts and figures ``extractor`` reads in ``document``; ``known`` entities serve as a gazetteer."""
    if document.text is None:
        raise KGError(f"{document.source}: the document has no text to extract from")
    function = registry.get(extractor).load()
    return list(function(document, tuple(known)))


__all__ = ["extract", "registry"]
