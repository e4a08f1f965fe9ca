"""Whether a sentence claims a fact, plans it, ended it, or denies it.

"plans to launch", "is considering entering", "denied ... acquire" and
"no longer sells through" are not plain facts: the words between the subject
and the verb decide the ``status`` qualifier (see ``data/modality.yaml``).
Denial outranks an ending, an ending outranks a plan.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.extract.lexicon import alternation, data, lower_regex

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
    text = _NOT_NEGATION.sub(" ", " ".join(_MONTH_MAY.sub("month", window).lower().split()))
    text = _GOES_ON.sub(" ", text)
    return next((name for name in _STATUSES if _regex(name).search(text)), None)
