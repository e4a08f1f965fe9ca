"""The ``hybrid`` extractor: the rules' names and figures, and the relations a language model adds.

The rules read figures exactly (value, unit, period, the sentence they sit
in) and name what they find as the gazetteers do; a model reads relations
the rules' cues never anticipated.  So both read the same document (the
model through the ``llm`` extractor, configured as it is) and the result is:

- every entity, fact and figure the rules found, as the rules found it;
- each relation the model found that the rules did not, compared by subject,
  relation, object and status after name normalisation (case, punctuation,
  legal forms, a leading "the", the aliases either reader gave a name the
  rules found, a place by the country or region it names), so for a
  duplicate the rules' reading stays;
- the model's entity for a name only those added relations use, so its
  class is the one the model read, not a guess from the relation;
- nothing else of the model's: its figures are left out (the rules' are
  kept), and so is a relation whose quoted evidence is not in the document,
  since nothing there vouches for it.

Each record keeps the provenance of the reader that found it: the rules'
records say ``rules``, the model's say ``llm`` with the model's confidence and
the document sentence holding its quote, with that sentence's span.  A
reviewer can so tell (and filter) what the model contributed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from kg.model import Document, Entity, Fact, Record


def extract_hybrid(document: Document, known: Iterable[Entity] = ()) -> list[Record]:
    """The rules' records, and the relations the model found beyond them."""
    from kg.extract.llm import extract_llm
    from kg.extract.rules import extract_rules

    known = tuple(known)
    # The model first: an endpoint that is off or down fails the document before the rules' work is spent.
    model = extract_llm(document, known)
    return merge(extract_rules(document, known), model)


def merge(ruled: list[Record], model: Iterable[Record]) -> list[Record]:
    """``ruled`` as it is, plus the model's relations (and the entities they need) that ``ruled`` lacks."""
    model = list(model)
    names = Names(r for r in ruled if isinstance(r, Entity))
    for entity in (r for r in model if isinstance(r, Entity)):
        names.learn(entity)
    seen = {names.fact_key(f) for f in ruled if isinstance(f, Fact)}
    added: list[Fact] = []
    for fact in (r for r in model if isinstance(r, Fact)):
        key = names.fact_key(fact)
        if fact.provenance.span is None or key in seen:
            continue
        seen.add(key)
        added.append(fact)
    used = {names.key(n) for f in added for n in (f.subject, f.object)}
    entities: dict[str, Entity] = {}
    for entity in (r for r in model if isinstance(r, Entity)):
        name_key = names.key(entity.name)
        if name_key in used and name_key not in names.named and name_key not in entities:
            entities[name_key] = entity
    return [*ruled, *entities.values(), *added]


class Names:
    """Keys under which two spellings of one name meet, taught by the rules' entities and their aliases."""

    def __init__(self, entities: Iterable[Entity]):
        entities = list(entities)
        self.alias: dict[str, str] = {}
        for entity in entities:
            main = self._plain(entity.name)
            for alias in entity.aliases:
                self.alias.setdefault(self._plain(alias), main)
        #: The keys the rules already have an entity for.
        self.named = {self.key(e.name) for e in entities}

    def learn(self, entity: Entity) -> None:
        """The model's aliases for a name the rules have: "Voltara" meets "Voltara Mobility" when either says so."""
        spellings = [self._plain(n) for n in (entity.name, *entity.aliases)]
        known = next((self.key(p) for p in spellings if self.key(p) in self.named), None)
        if known is not None:
            for plain in spellings:
                self.alias.setdefault(plain, known)

    def key(self, name: str) -> str:
        plain = self._plain(name)
        return self.alias.get(plain, plain)

    def fact_key(self, fact: Fact) -> tuple[str, str, str, str]:
        return self.key(fact.subject), fact.relation, self.key(fact.object), fact.qualifier("status") or ""

    @staticmethod
    def _plain(name: str) -> str:
        return _place_key(name) or _name_key(name)


@cache
def _name_key(name: str) -> str:
    from kg.resolve import name_key

    return name_key(name)


@cache
def _place_key(name: str) -> str | None:
    """``place:<canonical name>`` when the whole name is a country, region or city (a city stands for its country)."""
    text = re.sub(r"^the\s+", "", " ".join(unicodedata.normalize("NFKC", name).split()), flags=re.IGNORECASE)
    phrase = _places().get(text.casefold())
    return f"place:{phrase.name}" if phrase is not None else None


@cache
def _places() -> dict:
    from kg.extract.gazetteer import places

    return {label.casefold(): phrase for label, phrase in places().entries.items()}
