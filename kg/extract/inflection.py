"""What an English dictionary knows of a word: whether it is only an adjective, whether a noun has a plural.

LemmInflect's tables (from the SPECIALIST lexicon) answer both; a word they do not know gets no answer,
and the callers keep their own rules for it.
"""

from __future__ import annotations

from functools import cache


@cache
def only_adjective(word: str) -> bool:
    """True when the dictionary knows ``word`` as an adjective and as nothing else ("indirect", "upmarket").

    >>> only_adjective("indirect"), only_adjective("premium"), only_adjective("Mlily")
    (True, False, False)
    """
    from lemminflect import getAllLemmas

    return set(getAllLemmas(word.lower())) == {"ADJ"}


@cache
def uncounted_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as a noun whose plural is the word itself ("hosiery", "lingerie").

    >>> uncounted_noun("lingerie"), uncounted_noun("robot"), uncounted_noun("Mlily")
    (True, False, False)
    """
    from lemminflect import getAllLemmas, getInflection

    lowered = word.lower()
    if "NOUN" not in getAllLemmas(lowered):
        return False
    forms = getInflection(lowered, "NNS")
    return bool(forms) and forms[0] == lowered


@cache
def only_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as a noun and as nothing else ("executives", "sales"; not "plans").

    >>> only_noun("executives"), only_noun("plans"), only_noun("said")
    (True, False, False)
    """
    from lemminflect import getAllLemmas

    return set(getAllLemmas(word.lower())) == {"NOUN"}


@cache
def can_be_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as a noun, whatever else it may be ("brands", "plans")."""
    from lemminflect import getAllLemmas

    return "NOUN" in getAllLemmas(word.lower())


@cache
def only_verb(word: str) -> bool:
    """True when the dictionary knows ``word`` as a verb and as nothing else ("include", "sells"; not "runs").

    >>> only_verb("include"), only_verb("runs"), only_verb("e-bikes")
    (True, False, False)
    """
    from lemminflect import getAllLemmas

    return set(getAllLemmas(word.lower())) == {"VERB"}


@cache
def plural_noun(word: str) -> bool:
    """True when the dictionary knows ``word`` as the plural of a noun ("dealers", "firms"; not "dealer", "glass").

    >>> plural_noun("dealers"), plural_noun("network"), plural_noun("sales")
    (True, False, True)
    """
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word.lower()).get("NOUN", ())
    return bool(lemmas) and word.lower() not in lemmas
