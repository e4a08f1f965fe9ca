"""Whether a sentence claims a fact, plans it, ended it, or denies it.

"plans to launch", "is considering entering", "denied ... acquire" and
"no longer sells through" are not plain facts: the words between the subject
and the verb decide the ``status`` qualifier (see ``data/modality.yaml``).
Denial outranks an ending, an ending outranks a plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache, lru_cache
from typing import TypeVar

from kg.extract.lexicon import alternation, data, lower_regex
from kg.extract.view import Claim

_STATUSES = ("denied", "ended", "planned")
#: "released in May 2024": the month, not the modal verb.
#: The month, not the modal verb: "in May 2017", "May 12", "since May", "early May" (however the text was cased).
_MONTH_MAY = re.compile(
    r"\bmay(?=\s+(?:\d|of\b))|(?<=\bin\s)may\b|(?<=\bsince\s)may\b|(?<=\bearly\s)may\b|(?<=\blate\s)may\b|"
    r"(?<=\bmid-)may\b|(?<=\buntil\s)may\b|(?<=\blast\s)may\b|(?<=\bnext\s)may\b|(?<=\bthis\s)may\b",
    re.IGNORECASE,
)
_NOT_NEGATION = re.compile(
    r"\bnot\s+(?:only|just|merely|simply)\b|\bno\s+(?:doubt|wonder)\b|"
    # "did not say where the plant will be built": what was left unsaid, no denial
    r"\b(?:did|does|do|has|have|had|would)\s+not\s+(?:yet\s+)?(?:say|said|disclose|disclosed|give|given|specify|"
    r"specified|reveal|revealed|comment|commented|respond|responded|name|named|elaborate|detail|detailed|provide|"
    r"provided)\b",
    re.IGNORECASE,
)
#: "will keep working with", "will continue to sell": what goes on is no plan.
_GOES_ON = re.compile(
    r"\b(?:will|would|plans?\s+to|intends?\s+to|expects?\s+to)\s+(?:keep|continue|remain|stay|stick\s+(?:to|with)|maintain)\b"
)


@cache
def _regex(name: str) -> re.Pattern[str]:
    return lower_regex(rf"(?<![\w-]){alternation(data('modality')[name])}(?![\w-])")


#: A quotation mark, not an apostrophe ("didn't", "its owners'" keep theirs).
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d\u2018]|(?<!\w)['\u2019]")


#: Cached: the few words between a subject and its verb ("", " has", " plans to") recur throughout a corpus.
@lru_cache(maxsize=4096)
def status(window: str) -> str | None:
    """The status the words of ``window`` give a fact, or None for a plain claim.

    >>> status(" plans to"), status(" no longer"), status(" denied reports that it would"), status(" has")
    ('planned', 'ended', 'denied', None)
    >>> status(" will keep working with"), status(" will continue to")
    (None, None)
    >>> status("launched in may 2017, the site has"), status(" may enter")
    (None, 'planned')
    """
    # 'in "preliminary discussions" about': quotation marks around the words change nothing they say
    window = _QUOTE_MARK.sub("", window)
    text = _NOT_NEGATION.sub(" ", " ".join(_MONTH_MAY.sub("month", window).lower().split()))
    text = _GOES_ON.sub(" ", text)
    return next((name for name in _STATUSES if _regex(name).search(text)), None)


#: A claim told as what others said: "X reported that", "there were rumours that", "speculation that".
_HEARSAY = re.compile(
    r"\b(?:report(?:s|ed)?|rumou?r(?:s|ed)?|speculation|suggestions?|claims?)\s+(?:[\w'-]+\s+){0,3}?that\b|"
    r"\b(?:reported|wrote|claimed|suggested)\b|"
    r"\b(?:according\s+to|citing)\s+(?:[\w'-]+\s+){0,3}?(?:reports?|sources?|people)\b",
    re.IGNORECASE,
)
#: What anyone said, which a sentence after it may call untrue: "A trade magazine said X planned ...".
_SAID = re.compile(r"\bsaid\b", re.IGNORECASE)
#: Relations to a company, whose name a later denial repeats ("not in talks with Vivotest"); places recur too often.
_TO_COMPANIES = frozenset(("acquires", "investsIn", "partnersWith"))
#: A sentence that says what was told is not so: "the reports were untrue", "called them baseless", "That is wrong",
#: an interview's answer "No." to a question about a report.
_TOLD_UNTRUE = re.compile(
    r"^\W*(?:no|not\s+true|not\s+at\s+all)\W*$|"
    r"\b(?:reports?|rumou?rs?|speculation|suggestions?|claims?|story|stories|them|it|that|this)\s+"
    r"(?:(?:is|are|was|were|as)\s+)?(?:(?:simply|completely|totally|entirely|also)\s+)?"
    r"(?:wrong|untrue|false|inaccurate|incorrect|baseless|groundless|unfounded|pure\s+speculation|"
    r"not\s+(?:true|correct|accurate|right|the\s+case|on\s+(?:our|the)\s+agenda))\b",
    re.IGNORECASE,
)
#: A sentence that denies something: "We did not make a bid", "we are not in talks with Vivotest".
_NEGATED = re.compile(r"\b(?:not|never|no|denied|denies|n't)\b", re.IGNORECASE)

T = TypeVar("T")


def denied_nearby(read: list[tuple[int, T, str, list[Claim]]]) -> Iterator[tuple[T, Claim, Claim]]:
    """Claims a sentence tells as hearsay that one of the next two sentences calls untrue: (sentence, claim, denied).

    "Local papers reported that X was bidding for Y. X said the reports were untrue": the bid is denied.
    """
    untrue = [n for n, _, text, _ in read if _TOLD_UNTRUE.search(text)]
    negated = {n: text for n, _, text, _ in read if _NEGATED.search(text)}
    if not negated and not untrue:
        return
    for number, sentence, text, claims in read:
        hearsay = _HEARSAY.search(text) is not None
        if not hearsay and not _SAID.search(text):
            continue
        called_untrue = any(0 < u - number <= 2 for u in untrue)
        for c in claims:
            # "... had bid for Vivotest. We did not make a bid, and we are not in talks with Vivotest."
            named_again = (
                hearsay
                and c.relation in _TO_COMPANIES
                and any(0 < n - number <= 2 and c.object.name in later for n, later in negated.items())
            )
            if (called_untrue or named_again) and dict(c.qualifiers).get("status") in (None, "planned"):
                kept = tuple(q for q in c.qualifiers if q[0] != "status")
                yield sentence, c, replace(c, qualifiers=(*kept, ("status", "denied")))
