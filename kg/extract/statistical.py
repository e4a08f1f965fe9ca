"""The ``spacy`` extractor: the rules, with names found by an installed statistical spaCy pipeline.

A trained named-entity recogniser finds organisations and products the
rules' name patterns would miss (lower-case brands, names at the start of a
sentence); those names join the gazetteer and the rules read the relations
as usual.  The pipeline is whichever English one with an ``ner`` component
is installed (``en_core_web_sm`` first); without one the extractor is
unsupported, with a one-line message saying what to install.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from kg.errors import Unsupported
from kg.model import Document, Entity, Record

#: spaCy entity labels and the classes they name; places come from the gazetteer instead.
LABELS = {"ORG": "Company", "PRODUCT": "Product", "NORP": None, "GPE": None, "LOC": None}
PREFERRED = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
INSTALL_HINT = "install one with: python -m spacy download en_core_web_sm"


def extract_spacy(document: Document, known: Iterable[Entity] = ()) -> list[Record]:
    """Entities, facts and figures, with the statistical pipeline's names added to ``known``."""
    from kg.extract.rules import extract_rules

    names = recognised(document.text or "")
    return extract_rules(document, (*known, *names), extractor="spacy")


def recognised(text: str) -> list[Entity]:
    """Organisations and products the statistical pipeline finds in ``text``, once each."""
    nlp = pipeline()
    found: dict[str, Entity] = {}
    for ent in nlp(text).ents:
        kind = LABELS.get(ent.label_)
        name = " ".join(ent.text.split())
        if kind and len(name) > 1 and name not in found:
            found[name] = Entity(name, kind)
    return list(found.values())


@cache
def pipeline():
    """The installed English pipeline with a named-entity recogniser, or Unsupported."""
    import spacy

    installed = spacy.util.get_installed_models()
    for name in (*[p for p in PREFERRED if p in installed], *sorted(installed)):
        if name.startswith("en_"):
            nlp = spacy.load(name, exclude=["lemmatizer", "parser", "tagger", "attribute_ruler"])
            if "ner" in nlp.pipe_names:
                return nlp
    raise Unsupported(f"the spacy extractor needs a statistical English pipeline with NER; {INSTALL_HINT}")
