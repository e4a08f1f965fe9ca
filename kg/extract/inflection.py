"""What an English dictionary knows of a word: its parts of speech, and whether a noun has a plural.

LemmInflect's tables (from the SPECIALIST lexicon) answer both; a word they do not know gets no answer,
and the callers keep their own rules for it.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """The dictionary's lemmas of ``word`` by part of speech ("dealers": {"NOUN": ("dealer",)}); {} if unknown."""
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word.lower()))


def only_adjective(word: str) -> bool:
    """True when the dictionary knows ``word`` as an adjective and as nothing else ("indirect", "upmarket").

    >>> only_adjective("indirect"), only_adjective("premium"), only_adjective("Mlily")
    (True, False, False)
    """
    return set(lemmas(word)) == {"ADJ"}


def only_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as a noun and as nothing else ("executives", "sales"; not "plans").

    >>> only_noun("executives"), only_noun("plans"), only_noun("said")
    (True, False, False)
    """
    return set(lemmas(word)) == {"NOUN"}


def only_verb(word: str) -> bool:
    """True when the dictionary knows ``word`` as a verb and as nothing else ("include", "sells"; not "runs"); a
    verb with a hyphenated prefix is read by the verb after it ("co-owns", "re-entered").

    >>> only_verb("include"), only_verb("runs"), only_verb("e-bikes"), only_verb("co-owns")
    (True, False, False, True)
    """
    prefix = _VERB_PREFIX.match(word)
    return set(lemmas(word) or (lemmas(word[prefix.end() :]) if prefix else {})) == {"VERB"}


_VERB_PREFIX = re.compile(r"(?:co|re|pre|out|over|under|mis)-", re.IGNORECASE)


def known_word(word: str) -> bool:
    """True when the dictionary knows ``word`` at all, written in lower case ("trade"; not "xiaomi").

    >>> known_word("Trade"), known_word("Xiaomi")
    (True, False)
    """
    return bool(lemmas(word))


def can_be_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as a noun, whatever else it may be ("brands", "plans")."""
    return "NOUN" in lemmas(word)


def plural_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as the plural of a noun ("dealers", "firms"; not "dealer", "glass").

    >>> plural_noun("dealers"), plural_noun("network"), plural_noun("sales")
    (True, False, True)
    """
    nouns = lemmas(word).get("NOUN", ())
    return bool(nouns) and word.lower() not in nouns


@cache
def uncounted_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as a noun whose plural is the word itself ("hosiery", "lingerie").

    >>> uncounted_noun("lingerie"), uncounted_noun("robot"), uncounted_noun("Mlily")
    (True, False, False)
    """
    from lemminflect import getInflection

    if not can_be_noun(word):
        return False
    forms = getInflection(word.lower(), "NNS")
    return bool(forms) and forms[0] == word.lower()
