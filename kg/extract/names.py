"""Names no gazetteer knows: capitalised words, versioned names, cued names, anaphors.

A run of capitalised words ("Kunlun Tech", "Seedance 2.0", "36Kr") is a
candidate name.  What it names comes from its shape and its neighbours: a
legal form or company word at its end ("Hanbit Energy", "Acme Inc."), a noun
right before it ("the sub-brand Tineco", "the model Nova 3"), a version
number (a product), an appositive ("Nuvola, a Korean startup").  A
sentence's first word is a name only when something vouches for it, since
every sentence starts with a capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extract.gazetteer import ADVERBS_BEFORE_VERB, Phrase, places, subject_verb_follows, trie_pattern
from kg.extract.inflection import known_word, only_noun, only_verb
from kg.extract.lexicon import data, literal_alternation
from kg.extract.mentions import UNTYPED, Mention
from kg.extract.phrases import BRAND_NOUN_AFTER, DATELINE, DAY_FIRST_DATELINE, EXCHANGE

_LEGAL = (
    r"(?:Inc|Ltd|Corp|Co|Pte|Pty|Sdn|Bhd|Pvt|Ltda|Kft|Plc|S\.A|N\.V|B\.V|K\.K|S\.p\.A|L\.L\.C|S\.r\.l|S\.A\.S|S\.L)\."
)
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: "58.com", "51.ca": a web address that is a company's name.
_DOMAIN = r"\d+\.(?:com|cn|net|io|ai|ca)\b"
_TOKEN = (
    # "No. 3" is no name of its own ("the No. 1 spot"); after one, it is the name's number (see _VERSION)
    r"(?!No\.\s?\d)"
    # "S'Young", "L'Oréal": a capital, an apostrophe and a capitalised word are one name
    rf"(?:{_LEGAL}|{_DOMAIN}|\d{{1,4}}(?=\s+[{_UPPER}])|[{_UPPER}]'[{_UPPER}][\w&+.\-]*[\w+]|"
    # "A.P. Moller-Maersk", "J.P. Morgan": initials with their periods open a name (not "U.S." or "U.K.")
    rf"(?!U\.S\.|U\.K\.|U\.N\.|E\.U\.)(?:[{_UPPER}]\.){{2,3}}(?=\s+[{_UPPER}])|"
    # "St. John Knits", "St. Regis": a saint's abbreviation opens a name
    rf"(?:St|Ste)\.(?=\s+[{_UPPER}])|"
    rf"[{_UPPER}][\w&+.\-]*(?:'(?=[a-z]{{2}})[\w&+.\-]*)?[\w+]|[{_UPPER}]|[a-z]{{1,3}}[{_UPPER}][\w\-]*|"
    # "52TOYS", "3irobotix", but not an ordinal ("the 10,000th-unit celebration")
    rf"\d+(?!(?:st|nd|rd|th)(?:\b|-))[A-Za-z][\w\-]*)"
)
#: "Atlas 3", "Seedance 2.0"; not "About 3 million", where the number is a quantity. "Shandong Electric Power
#: Construction Corporation No. 3": a numbered unit's number ends its name.
_VERSION = (
    r"(?:\s+No\.\s?\d{1,3}(?![\d,.]?\d)|\s?[vV]?(?:\d+\.\d+(?:\.\d+)*|\d{1,3})"
    r"(?![\d,.%]\d|\w|\s?%|\s?percent|\s+(?:million|billion|thousand|trillion|hundred|per\s+cent)\b))"
)
#: "Zoomlion Heavy Industry Science and Technology", "Weilong Trade and Development Group": "and" between two
#: words of a company's line of business, the second ending the name or followed by its legal form, is inside
#: the name ("Alibaba and Tencent", "Huawei and Commerce Ministry" stay apart).  One lookbehind a word, as each
#: must be of fixed width.
_NAME_AND_BEFORE = (
    "Science Sciences Industry Industrial Trade Technology Engineering Research Machinery Energy Investment "
    "Development Electric Electronics Mining Materials Culture Media Education Agriculture Commerce"
).split()
_NAME_AND_AFTER = (
    "Technology Technologies Trade Trading Development Engineering Investment Industry Industries Commerce "
    "Exploration Construction Manufacturing Services"
).split()
_NAME_AND = (
    "(?:" + "|".join(f"(?<={w})" for w in _NAME_AND_BEFORE) + r")\s+and\s+"
    rf"(?=(?:{'|'.join(_NAME_AND_AFTER)})(?:\s+(?:Co|Group|Holdings|Corporation|Company|Limited|Ltd)\b|(?![\w-])(?!\s+[{_UPPER}])))"
)
#: "Food and Drug Administration", "Securities and Exchange Commission", "Roads and Transport Authority": a public
#: body's name joins two words of its remit with "and" before the word for the body.
_PUBLIC_AND_BEFORE = "Food Securities Roads Road Land Water Health Customs Markets Trade Science".split()
_PUBLIC_AND = (
    "(?:" + "|".join(f"(?<={w})" for w in _PUBLIC_AND_BEFORE) + r")\s+and\s+"
    r"(?=[A-Z][a-z]+\s+(?:Administration|Authority|Commission|Agency|Bureau|Board|Council)\b)"
)
_JOINER = (
    # "Van den Berg Diervoeding", "Bakkerij van der Meer": a Dutch or German name's particles
    r"(?:\s+(?:van|von)\s+(?:den|der|de)\s+|(?<=\bVan)\s+(?:den|der|de)\s+|"
    r"\s+(?:&|of|de|du|do|da|dos|das|del|della|des|von|van)\s+|{_NAME_AND}|{_PUBLIC_AND}|(?<=Belt)\s+and\s+(?=Road\b)|"
    # "Xinjiang Yu-Fei International Fishing Co., Ltd": a legal form after a comma, with or without its period
    r",?\s+(?={_LEGAL})|,\s+(?=(?:Ltd|Limited|LLC|Inc|Plc)\b(?!['\u2019]))|\s+)".replace("{_LEGAL}", _LEGAL)
    .replace("{_NAME_AND}", _NAME_AND)
    .replace("{_PUBLIC_AND}", _PUBLIC_AND)
)
#: "C$1.86 billion", "HK$28 billion": letters before a currency sign are part of the amount, not a name.
_NAME = re.compile(rf"(?<![\w$€£¥])(?:{_TOKEN}(?:{_JOINER}{_TOKEN})*{_VERSION}?)(?![\w$])")
_SPLIT = re.compile(r"\s+(?:&|of|de|du|do|da|dos|das|del|della|des|von|van|den|der)\s+|\s+")
_INNER_SHAPE = re.compile(r"[a-z][A-Z]|\d|^[A-Z]{2,}$|^[A-Z]'[A-Z]")
_VERSIONED = re.compile(r"\d")
#: Words with a digit that are no model's number: "Shining 3D", "Vantage 5G".
_DIMENSION_WORD = re.compile(r"(?<![\w-])[2-8][DGK](?![\w-])")
_LETTER = re.compile(r"[A-Za-z]")
_PERIOD_WORD = re.compile(r"^(?:FY|Q[1-4]|H[12]|[1-4]Q|[12]H)'?\d{0,4}$")
#: "Cross-border", "Short-video": an adjective that opens a sentence or headline, never a name on its own.
COMPOUND_ADJECTIVE = re.compile(r"[A-Z][a-z]+-[a-z]+(?:-[a-z]+)?")
#: "English-language", "Home-grown", "Loss-making": a compound adjective before a name ("Coca-Cola" keeps its capital).
_OPENING_ADJECTIVE = re.compile(r"[A-Z][a-z]+-[a-z]+(?:-[a-z]+)?\s+")
#: The participles of a compound adjective a name opens: "Hong Kong-listed", "Tencent-backed", "Singapore-registered".
ATTRIBUTE_PARTICIPLES = (
    "based|headquartered|listed|owned|backed|born|made|founded|focused|led|famous|linked|controlled|funded|registered"
)
_ATTRIBUTIVE = re.compile(rf"-(?:{ATTRIBUTE_PARTICIPLES})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DocumentWords:
    """What the whole document says about its words: which appear in lower case, which mid-sentence capitalised;
    ``body``, its text below the headings (what a title-case headline's names are checked against)."""

    lower: frozenset[str]
    capitalised: frozenset[str]
    body: str = ""
    #: Names whose last word ends in "'s" (:func:`apostrophe_names`), such as "Moody's" or "Kestrel's Organic".
    apostrophe: frozenset[str] = frozenset()
    #: Nationalities, product nouns, numbers, adjectives and generic words that open a name (:func:`led_names`,
    #: :func:`numbered_names`, :func:`opened_names`, :func:`adjective_led_names`): "Korean Air", "Game Science",
    #: "361 Degrees", "Source Code", "New Hope".
    led: frozenset[str] = frozenset()
    #: Names joined by "and" (:func:`joined_names`): "Industrial and Commercial Bank of China"; and titles with a
    #: colon (:func:`colon_names`): "Black Myth: Wukong", "Honkai: Star Rail".
    joined: frozenset[str] = frozenset()
    #: Names the document gives a mine or deposit (:func:`site_names`): "Arcadia" of "the Arcadia lithium mine".
    sites: frozenset[str] = frozenset()
    #: A short place name and the country the document's fuller naming makes it (:func:`short_places`).
    short_places: tuple[tuple[str, str], ...] = ()
    #: Names styled in lower case (:func:`stylised_names`), with their type: "vivo", "imoo".
    stylised: tuple[tuple[str, str], ...] = ()
    #: Towns and provinces read only after a place word, which the document does read as places somewhere
    #: (:func:`places_read`), with the country each stands for: "in Apodaca, Nuevo León" makes "Nuevo León economy
    #: secretary ..." the province's official, not a company's.
    places_read: tuple[tuple[str, str], ...] = ()
    #: Towns the gazetteer does not know that the document shows are towns (:func:`unknown_towns`), folded:
    #: "yongkang" of "The Yongkang-based company" and of the dateline "YONGKANG, China, 18 February 2026 -".
    towns: frozenset[str] = frozenset()
    #: Short forms in brackets of the common words before them (:func:`abbreviated_terms`): "HUDs" of "head-up
    #: displays (HUDs)", which name goods or customers, never a company.
    terms: frozenset[str] = frozenset()


_WEB_ADDRESS = re.compile(r"\S*(?:://|www\.)\S*")
_LOWER_WORD = re.compile(r"(?<![\w'-])[a-z][\w'-]*")
#: The capital comes first and the lookbehind after it, so the engine skips straight to capitals.
#: Not after an interview's "Q: " or "A: ", which opens a sentence.
_INNER_CAPITAL = re.compile(r"[A-Z](?<=[a-z0-9,;:%)] [A-Z])(?<!\b[QA]: [A-Z])[\w'-]*")


def document_words(sentences: list[str], body: str = "") -> DocumentWords:
    """Lower-case words, capitalised words inside sentences (after a lower-case word or a comma), and the words
    that keep their "'s" as part of a name."""
    text = "\n".join(sentences)
    return DocumentWords(
        # "https://www.okai.co/news": a web address's lower case says nothing of how the text writes a name
        frozenset(_LOWER_WORD.findall(_WEB_ADDRESS.sub(" ", text))),
        frozenset(_INNER_CAPITAL.findall(text)),
        body,
        apostrophe_names(text),
        led_names(text) | numbered_names(text) | opened_names(text) | adjective_led_names(text),
        joined_names(text) | colon_names(text) | acronym_names(text) | institution_names(text),
        site_names(text),
        short_places(text),
        stylised_names(text),
        places_read(text),
        unknown_towns(text),
        abbreviated_terms(text),
    )


#: "The Yongkang-based company", "a Jiaxing-headquartered maker": the word before is where a company is based.
_BASED_IN = re.compile(
    r"(?<![\w-])(?!(?:The|A|An|Its|Their)\s)([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)-(?:based|headquartered)\b"
)
#: A dateline's town and its country: "YONGKANG, China, 18 February 2026 - ".
_DATELINE_TOWN = re.compile(r"^([A-Z][A-Z'-]+(?:\s[A-Z][A-Z'-]+)?),\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,", re.MULTILINE)


def unknown_towns(text: str) -> frozenset[str]:
    """Words the document shows are towns, folded: a company said to be based there, a dateline's town.

    >>> sorted(unknown_towns("YONGKANG, China, 3 May 2026 - The Jiaxing-based firm and Xiaomi-backed Roko met."))
    ['jiaxing', 'yongkang']
    """
    return frozenset(m.group(1).casefold() for m in (*_BASED_IN.finditer(text), *_DATELINE_TOWN.finditer(text)))


#: Lower-case words, then a short form in brackets: "head-up displays (HUDs)", "small and medium-sized enterprises
#: (SMEs)".
_TERM_IN_BRACKETS = re.compile(r"((?:[a-z][a-z-]*\s+){1,6})\(([A-Z][A-Za-z]{1,7})\)")
_TERM_JOINERS = frozenset(("and", "of", "for", "the", "to", "&"))


def abbreviated_terms(text: str) -> frozenset[str]:
    """Short forms the document gives in brackets for the common words before them, whose initials they spell.

    >>> sorted(abbreviated_terms("makers of head-up displays (HUDs) and electric vehicles (EVs) for the EU (EU)"))
    ['EVs', 'HUDs']
    >>> sorted(abbreviated_terms("small and medium-sized enterprises (SMEs), a partner (Lumo)"))
    ['SMEs']
    """
    found = set()
    for match in _TERM_IN_BRACKETS.finditer(text):
        short = match.group(2)
        letters = (short[:-1] if short.endswith("s") and len(short) > 2 else short).casefold()
        words = [w for w in match.group(1).split() if w not in _TERM_JOINERS]
        for count in range(1, len(words) + 1):
            tail = words[-count:]
            if letters in ("".join(w[0] for w in tail), "".join(p[0] for w in tail for p in w.split("-") if p)):
                found.add(short)
                break
    return frozenset(found)


def places_read(text: str) -> tuple[tuple[str, str], ...]:
    """The towns and provinces of more than one word that the gazetteer reads only after a place word, as the
    document names them somewhere ("in Apodaca, Nuevo León"), and the country of each.

    >>> places_read("a plant in Apodaca, Nuevo León. Nuevo León officials came.")
    (('Nuevo León', 'Mexico'),)
    """
    return tuple(sorted(places().cued_towns(text).items()))


#: A short name of two countries, what in a document tells the one meant, and what tells the other.
_SHORT_PLACES = (
    (
        "Congo",
        "DR Congo",
        re.compile(
            r"\bDemocratic\s+Republic\s+of\s+(?:the\s+)?Congo\b|\bDR\s?Congo\b|\bDRC\b|"
            r"\b(?i:kinshasa|katanga|lubumbashi|kolwezi|lualaba)\b|\bCongolese\s+francs?\b"
        ),
        re.compile(r"(?<!Democratic )\bRepublic\s+of\s+(?:the\s+)?Congo\b|\b(?i:brazzaville|pointe-noire)\b"),
    ),
)


def short_places(text: str) -> tuple[tuple[str, str], ...]:
    """ "Congo" in a story datelined "Democratic Republic of Congo" or set in Kinshasa is DR Congo, not the Republic of
    Congo the bare name stands for elsewhere.

    >>> short_places("KINSHASA - Congo's state miner said ..."), short_places("Congo's output rose")
    ((('Congo', 'DR Congo'),), ())
    """
    return tuple(
        (short, meant) for short, meant, this, other in _SHORT_PLACES if this.search(text) and not other.search(text)
    )


#: A capitalised name before a mine or deposit, maybe with its mineral between: "the Arcadia lithium mine".
_SITE_NAME = re.compile(
    r"(?<![\w-])([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:mine|mines|deposit|deposits|prospect|oilfield|gasfield|concession)\b"
)


def site_names(text: str) -> frozenset[str]:
    """Names the document gives a mine or deposit: "at its Arcadia mine" makes "Arcadia" later the mine's name,
    not a town of that name elsewhere (Arcadia, California).

    >>> sorted(site_names("trial output at the Arcadia lithium mine. Production at Arcadia rose."))
    ['Arcadia']
    """
    return frozenset(m.group(1) for m in _SITE_NAME.finditer(text))


@cache
def _demonym_pair() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])({trie_pattern(data('names')['demonyms'])})\s+([A-Z][\w&-]*)(?![\w'’-])")


#: Words after a nationality that make a title or an office, not a company's name ("German Chancellor ...").
_TITLE_WORDS = frozenset(
    "Chancellor President Prime Premier Minister Ministry Foreign Finance Trade Commerce King Queen Prince "
    "Ambassador Embassy Government Parliament Senate Congress Navy Army Central State National Federal".split()
)


@cache
def _product_noun_pair() -> re.Pattern[str]:
    nouns = sorted({w.capitalize() for w in data("names")["type_cues"]["Product"]}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, nouns))})\s+([A-Z][\w&-]*)(?![\w'’-])")


def led_names(text: str) -> frozenset[str]:
    """ "Korean Air", "Saudi Aramco", "Game Science", "App Store": a nationality or a product noun before a
    capitalised word the document never writes without it is the name's first word, not an adjective or a
    description ("Chinese Tencent", where "Tencent" also stands alone, is Tencent)."""
    found = set()
    for pair, letters in ((_demonym_pair(), False), (_product_noun_pair(), True)):
        for m in pair.finditer(text):
            opener, word = m.group(1), m.group(2)
            one_letter = letters and len(word) == 1  # "Model Y": a product's letter
            # "Thai President Foods": a title or generic word that opens a company's name is part of it
            titled = (word in _TITLE_WORDS or word in _skipped()) and not _company_name_after(text, m.end())
            if titled or (len(word) < 2 and not one_letter):
                continue
            if not _stands_alone(text, opener, word):
                found.add(f"{opener} {word}")
    return frozenset(found)


#: "361 Degrees", "46 Interactive": a number, then a capitalised word.
_NUMBERED_PAIR = re.compile(
    r"(?<![\w$€£¥.,-])(\d{1,4})\s+([A-Z][a-z][\w&-]*)(?![\w'’-])(?P<after>['’]s\b|[,.;:)]|\s+[a-z]+)?"
)


def numbered_names(text: str) -> frozenset[str]:
    """ "361 Degrees", "46 Interactive": a number that opens a name the document writes at least twice, once before a
    verb or a punctuation mark ("12 Dalian stores", a count of stores, is never followed so).

    >>> sorted(numbered_names("517 Sports makes shoes. In Brazil, 517 Sports opened a store. It sold 300 Tesla cars."))
    ['517 Sports']
    """
    found = set()
    counts: dict[str, int] = {}
    for m in _NUMBERED_PAIR.finditer(text):
        number, word = m.group(1), m.group(2)
        if (len(number) == 4 and 1900 <= int(number) <= 2100) or word in _skipped() or word in _tail_words():
            continue
        pair = f"{number} {word}"
        counts[pair] = counts.get(pair, 0) + 1
        after = (m.group("after") or "").strip()
        if not after[:1].islower() or after in _VERBS_AFTER_NAME or after in _words("subject_verbs"):
            found.add(pair)
    return frozenset(p for p in found if counts[p] > 1)


#: "Source Code Capital", "Data Bridge Ventures": a word that opens no name elsewhere, then a company's name.
_OPENED_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]+)\s+([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,2})(?![\w'’-])")


def opened_names(text: str) -> frozenset[str]:
    """ "Source Code Capital": a generic word ("Source", "Data") opens a company's name when the document never
    writes the rest without it ("Rival Grabbit", a describing noun before a name, stays apart).

    >>> sorted(opened_names("backed by Source Code Capital and Data Bridge Ventures. Bridge Ventures said so."))
    ['Source Code']
    """
    found = set()
    openers = _words("not_names") | _words("generic_terms")
    for m in _OPENED_NAME.finditer(text):
        opener, rest = m.group(1), m.group(2)
        if opener not in openers or opener in _tail_words() or rest.split()[-1] not in _company_ends():
            continue
        if len(rest.split()) < 2 or not _stands_alone(text, opener, rest.split()[0]):
            found.add(f"{opener} {rest.split()[0]}")
    return frozenset(found)


#: Adjectives, numbers and prepositions that open companies' names ("New Hope", "First Quantum", "One Medical",
#: "On Running"), capitalised inside a sentence: after a lower-case word, a comma or a possessive.
_INNER_OPENER = re.compile(
    r"(?:(?<=[a-z,] )|(?<=['’]s ))(?P<opener>New|First|Next|One|On)\s+(?P<word>[A-Z][a-z][\w&-]*)(?![\w'’-])"
)


def adjective_led_names(text: str) -> frozenset[str]:
    """ "China's New Hope Liuhe ... New Hope wants": an adjective or number capitalised inside a sentence opens a
    name when the document never writes the word after it alone ("new plants" stays lower case, "New York" is a
    place).

    >>> sorted(adjective_led_names("a stake in First Quantum Minerals. First Quantum said. New plants opened."))
    ['First Quantum']
    """
    found = set()
    for m in _INNER_OPENER.finditer(text):
        opener, word = m.group("opener"), m.group("word")
        pair = f"{opener} {word}"
        place = _place_entry(pair)
        if (
            word in _skipped()
            or (place is not None and not place.ambiguous)
            or (opener == "On" and _is_place(word))  # "Chery Bets On Spain": a title-case headline's preposition
            or _stands_alone(text, opener, word)
        ):
            continue  # a town read only after "in" ("New Hope, Pennsylvania") gives way to the name
        found.add(pair)
    return frozenset(found)


_CAPITALISED_RUN = re.compile(r"(?:\s+[A-Z][\w&-]*){1,3}")


def _company_name_after(text: str, pos: int) -> bool:
    """ "Thai President Foods": capitalised words after a title word that end in a company word make a name."""
    run = _CAPITALISED_RUN.match(text, pos)
    return run is not None and run.group().split()[-1] in _company_ends()


def _stands_alone(text: str, opener: str, word: str) -> bool:
    """Whether ``word`` is written without ``opener`` and outside any other name: "FN Steel" does not make "Steel"
    of "British Steel" a word of its own."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
        before = text[max(0, m.start() - 40) : m.start()].split()
        previous = before[-1].lstrip("\"'(\u201c\u2018") if before else ""
        if previous == opener or (previous[:1].isupper() and previous[-1:] not in ".!?:;,\"'"):
            continue
        return True
    return False


#: "Industrial and Commercial Bank of China", "China Petroleum and Chemical Corp": words, "and", then a name that
#: ends like an institution or a company.
_JOINED = re.compile(
    r"(?<![\w-])(?!(?:The|A|An|In|On|At|For|And|But|With|By|From|Its|Their)\s)"
    r"(?P<a>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+(?:and|&)\s+(?P<b>(?:[A-Z][\w-]*\s+){0,3}"
    r"(?:Bank|Corporation|Corp\.?|Company|Group|Commission|Corps|Holdings|Exchanges?|Clearing|Construction|"
    r"Industry|Industries|Trust|Insurance|Securities|Development|Chemical|Chemicals|Food|Foods|Beverage|Beverages)"
    r"(?:\s+of\s+[A-Z][a-z]+)?)(?![\w-])"
)


_OFFICE_AFTER = re.compile(r"\s+(?:Minister|Ministry|Secretary|Department|Commission|Committee|Bureau|Office)\b")


_ACRONYM_AFTER = re.compile(r"\s+\([A-Z]{2,10}\)")


#: "Department of Health and Human Services", "Ministry of Industry and Information Technology": a public office's
#: remit joins its words with "and".
_OFFICE_AND = re.compile(
    r"(?<![\w-])(?:Department|Ministry|Minister|Secretary|Office|Bureau|Commission)\s+(?:of|for)\s+(?:the\s+)?"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:and|&)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?![\w-])"
)


#: Capitalised words joined by "of", "for", "and", "the" or "&", then a short name in brackets.
_ACRONYM_JOINERS = ("of", "for", "and", "the", "&")
_ACRONYM_DEFINED = re.compile(
    rf"(?<![\w-])(?P<name>[A-Z][\w'-]*(?:\s+(?:(?:{'|'.join(_ACRONYM_JOINERS)})\s+)*[A-Z][\w'-]*){{1,8}})"
    r"\s+\((?P<short>[A-Z]{3,8})\)"
)


def acronym_names(text: str) -> frozenset[str]:
    """ "European Bank for Reconstruction and Development (EBRD)": the words whose initials the short name in
    brackets spells are one name, joiners and all.

    >>> sorted(acronym_names("a loan from the European Bank for Reconstruction and Development (EBRD) helped"))
    ['European Bank for Reconstruction and Development']
    """
    found = set()
    for m in _ACRONYM_DEFINED.finditer(text):
        words = m.group("name").split()
        short = m.group("short")
        # the name is the shortest tail of the run whose capitalised words' initials spell the short name
        for start in range(len(words) - 1, -1, -1):
            tail = words[start:]
            if tail[0] in _ACRONYM_JOINERS:
                continue
            initials = "".join(w[0] for w in tail if w not in _ACRONYM_JOINERS)
            if initials == short:
                if any(w in _ACRONYM_JOINERS for w in tail):
                    found.add(" ".join(tail))
                break
    return frozenset(found)


#: "Institute of Microbiology of the Chinese Academy of Sciences", "University of the West Indies": a public
#: body's head noun, then "of (the)" and capitalised words, as often as the name goes on.
_INSTITUTION_OF = re.compile(
    r"(?<![\w-])(?:(?!(?:The|A|An|In|At|With|By|For|From)\s)[A-Z][\w-]*\s+){0,2}"
    r"(?:Institute|University|Academy|Ministry|Council|Bureau|Museum|Bank|Fund|Department|Federation|Association|"
    r"Chamber)\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*)*)*"
)


def institution_names(text: str) -> frozenset[str]:
    """Public bodies named with "of the" inside, which a name's words do not otherwise join.

    >>> sorted(institution_names("with the Institute of Microbiology of the Chinese Academy of Sciences. The end."))
    ['Institute of Microbiology of the Chinese Academy of Sciences']
    """
    return frozenset(m.group() for m in _INSTITUTION_OF.finditer(text) if " the " in m.group())


#: A capitalised name and a comma right before: the phrase after it is the rest of a list of names.
_NAME_LISTED_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*,\s+$")


def joined_names(text: str) -> frozenset[str]:
    """ "Industrial and Commercial Bank of China": words the document never writes outside the phrase, "and", and a
    name ending like a company, are one name ("Xiaomi and China Mobile Group", Xiaomi named elsewhere, are two); so
    is a public office's remit ("Department of Health and Human Services")."""
    found = {m.group() for m in _OFFICE_AND.finditer(text)}
    for m in _JOINED.finditer(text):
        first, last = m.group("a").split()[0], m.group("a").split()[-1]
        named = " " in m.group("a") and last in _company_ends()
        of_before = text[max(0, m.start() - 3) : m.start()] == "of "  # "the University of Tokyo and Bank of X"
        if first in _words("not_names") or _is_place(m.group("a")) or named or of_before:
            continue  # "Ivory Energy and Industrial Bank": a company's name, "and", another's
        if _OFFICE_AFTER.match(text, m.end()):
            continue  # "Trade and Industry Minister X": a ministry's remit, no company
        if _NAME_LISTED_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue  # "Universal Music Group, Sony Music and Warner Music Group": a list's last "and"
        # "Foshan Haitian Flavouring and Food ... founded in Foshan ... Haitian's": a city opening a name stands
        # alone as the city and the name's short form alone too, so the word before "and" is the one the document
        # must never write outside the phrase
        distinct = last if " " in m.group("a") and _is_place(first) else first
        alone = rf"(?<![\w-]){re.escape(distinct)}(?![\w-])"
        if len(re.findall(alone, text)) == len(re.findall(re.escape(m.group()), text)):
            found.add(m.group())
        elif _ACRONYM_AFTER.match(text, m.end()):
            # "Pakistan Space and Upper Atmosphere Research Commission (SUPARCO)": a short name in brackets says the
            # whole is one name, whatever else its first word names
            found.add(m.group())
    return frozenset(found)


_COLON_TITLE = re.compile(
    r"(?<![\w-])(?P<a>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}):\s(?P<b>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})(?![\w-])"
)


def colon_names(text: str) -> frozenset[str]:
    """ "Black Myth: Wukong", "Honkai: Star Rail": a title and its subtitle are one name where the document never
    writes the title's words without the colon after them, and they open no line (a heading's "Analysis: ...")."""
    found = set()
    for m in _COLON_TITLE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not text[line_start : m.start()].strip() or m.group("a").split()[0] in _words("not_names"):
            continue
        alone = rf"(?<![\w-]){re.escape(m.group('a'))}(?![\w-])(?!:\s[A-Z])"
        if not re.search(alone, text):
            found.add(m.group())
    return frozenset(found)


_DEMONYM_BEFORE = re.compile(r"(\S+)\s+$")
#: (the word after is whole: "Shopee's in-house carrier" is no "in")
_APOSTROPHE_S = re.compile(r"(?<![\w'’-])([A-Z][\w&.-]*)['’]s\s+([a-z]+)(?![\w-])")
#: "Penner's, a Dutch bakery chain,": a possessive owns a noun, never an apposition.
_APOSTROPHE_S_APPOSED = re.compile(r"(?<![\w'’-])([A-Z][\w&.-]*)['’]s,\s+(?:a|an|the)\s")
#: Verbs a name can be the subject of, never a noun a possessive could own ("Kestrel's said", not "Kestrel's sales").
_VERBS_AFTER_NAME = frozenset(
    (
        "is was has had will would said says agreed added announced reported built bought sold opened closed made "
        "grew rose fell won lost took held led began became spent raised posted launched signed acquired entered "
        "expanded cut downgraded upgraded rated warned expects expected plans planned runs operates employs owns "
        "sells makes holds wants aims intends"
        # "Lowe's in the United States": a possessive owns a noun, never a preposition
        " in at on for from with into across since"
    ).split()
)


_APOSTROPHE_NAME = re.compile(r"(?<![\w'’-])([A-Z][\w&.-]*)['’]s\s+([A-Z][a-z][\w&-]*)")


def apostrophe_names(text: str) -> frozenset[str]:
    """Words whose "'s" belongs to a name ("Moody's said ...", "Kestrel's built its brand ..."): written with it
    before a verb, and never without it in the document.  Elsewhere "'s" is a possessive ("Huawei's chips", where
    "Huawei" also stands alone) and is no part of the name."""
    found = {
        m.group(1)
        for m in _APOSTROPHE_S.finditer(text)
        if m.group(2) in _VERBS_AFTER_NAME and not _participle_before_noun(text, m)
    }
    found |= {m.group(1) for m in _APOSTROPHE_S_APPOSED.finditer(text)}
    # names known to end in "'s" ("Lowe's home improvement stores"), whatever follows them
    found |= {m.group(1) for m in _APOSTROPHE_S.finditer(text) if m.group(1) in _words("apostrophe_names")}
    # "Bao's Pastry opened ... Bao's Pastry has": a possessive the document always writes before the same
    # capitalised word, twice or more, is the first word of one name
    pairs = [(m.group(1), m.group(2)) for m in _APOSTROPHE_NAME.finditer(text)]
    paired = {a for a, b in pairs if pairs.count((a, b)) > 1 and all(y == b for x, y in pairs if x == a)}
    found = {w for w in found if not re.search(rf"(?<![\w-]){re.escape(w)}(?![\w'’-])", text)}
    # "Yinhe Piano Co.'s planned purchase", "Weida Group's planned plant": a legal form or a company word ends a
    # name, and its "'s" is a possessive
    found = {w for w in found if w.rstrip(".") not in _words("legal_forms") and w not in _words("company_heads")}
    # ("Bao Shi", a person sharing the word, does not make "Bao" stand alone)
    return frozenset(found) | {
        w for w in paired if not re.search(rf"(?<![\w-]){re.escape(w)}(?![\w'’-])(?!\s+[A-Z])", text)
    }


def _participle_before_noun(text: str, m: re.Match[str]) -> bool:
    """ "NaaS Technology's planned takeover": a participle after "'s" that a noun follows describes the noun, and
    the "'s" is a possessive."""
    after = _NEXT_WORD.match(text, m.end())
    return m.group(2).endswith("ed") and after is not None and only_noun(after.group(1))


_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")


def _keep_apostrophes(text: str, names: frozenset[str]) -> str:
    """``text`` with the "'s" of ``names`` written as a letter (same length), so a name run goes through it."""
    words = "|".join(re.escape(w) for w in sorted(names, key=len, reverse=True))
    return re.sub(rf"(?<![\w-])({words})['’]s(?![\w])", lambda m: m.group(1) + "\u02bcs", text)


#: Words that end a company's name ("Chongqing Dovra Industry", "Zhejiang Varo Holding Group").
_COMPANY_END_WORDS = frozenset(
    (
        "Group Holdings Holding Industry Industries Industrial Technology Technologies Science Trade Trading "
        "Development Engineering Motor Motors Automobile Auto Electric Electronics Energy Power Machinery Mining "
        "Pharmaceutical Pharmaceuticals Foods Food Dairy Logistics Bank Securities Insurance Steel Chemical "
        "Chemicals Materials Textile Co Corp Corporation Company Limited Ltd "
        "Biosciences Bioscience Biotech Biologics Biopharma Biotechnology Medical Healthcare Health Cement Glass "
        "Brewery Resources Metals Cobalt Lithium Express Aviation Airlines Shipping Semiconductor Robotics Software "
        "Systems Networks Communications Telecom Optical Appliances Equipment Construction Railway Petrochemical "
        "Motorcycle Apparel Airways Petroleum Oil Mobile Railways Ports Post Venture Ventures Capital Investment "
        "Merchants Partners Fund"
    ).split()
)
#: Trades a Chinese legal name ends in after its home city ("Hangzhou Qiyuan Textiles", "Guangzhou Yimei Cosmetics");
#: after a country they may name a unit in that country that the story does not follow ("Serbia Zijin Copper").
_TRADE_END_WORDS = frozenset(
    (
        "Textiles Cosmetics Garments Garment Clothing Fashion Footwear Shoes Tyre Tyres Tire Tires Rubber Ceramics "
        "Plastics Furniture Lighting Packaging Paper Printing Fibre Fibres Fiber Fibers Silk Leather Toys Tools "
        "Instruments Devices Batteries Battery Cables Cable Wire Solar Photovoltaic Hydrogen Beverage Beverages "
        "Brewing Tea Coffee Seeds Seed Agriculture Fisheries Feed Coatings Paints Polymers Precision Components "
        "Parts Diagnostics Biological Nutrition Seafood Meat Wines Vehicle Vehicles Shipbuilding Properties "
        "Hotels Tourism Environmental Appliance Hardware Optics Optoelectronics Aluminium Aluminum Copper Silicon"
    ).split()
)


_COINED = re.compile(r"[A-Z][a-z]+[A-Z][a-z]")


def place_led_names(found: list[Mention]) -> list[Mention]:
    """ "Chongqing Dovra Industry", "Tianjin Rova Trade and Development": a place that opens a longer guessed name
    ending in a company word is part of the company's name (the guess is trusted over the place, as Chinese
    companies are named after their home city or province)."""
    places = {m.start: m for m in found if m.origin in ("place", "city")}
    if not places:
        return found
    out = []
    for m in found:
        place = places.get(m.start) if m.origin == "guess" and " " in m.surface else None
        if (
            place is not None
            and (
                m.surface.rsplit(" ", 1)[1].rstrip(".") in _COMPANY_END_WORDS
                or (place.origin == "city" and m.surface.rsplit(" ", 1)[1] in _TRADE_END_WORDS)
                # "China National Building Material", "China State Construction Engineering": a state firm's name
                or m.surface[place.end - m.start :].split(" ", 2)[1:2] in (["National"], ["State"])
                # "Manila-based Luzon MedSupply": a coined word with a capital inside makes the run a name
                or (place.origin == "city" and any(_COINED.match(w) for w in m.surface[place.end - m.start :].split()))
            )
        ):
            m = Mention(m.start, m.end, m.name, "Company", m.surface, "cue", m.confidence)
        elif (
            place is not None
            and place.origin == "place"
            and place.end < m.end
            and m.surface[place.end - m.start :][:1] == " "
        ):
            # "China Jushi started a line": a country before a name is the name's attribute ("Jushi" is named too)
            rest = m.surface[place.end - m.start + 1 :]
            out.append(Mention(place.end + 1, m.end, rest, m.type, rest, m.origin, m.confidence))
        out.append(m)
    return out


_TITLE_WORD = re.compile(r"(?<![\w'-])[A-Za-z][\w'-]{3,}")


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


@cache
def _infrastructure_heads() -> frozenset[str]:
    return frozenset(h.lower() for h in data("names")["infrastructure_heads"])


@cache
def _infrastructure_after() -> re.Pattern[str]:
    heads = trie_pattern(sorted(_infrastructure_heads(), key=len, reverse=True))
    return re.compile(
        rf"\s+(?:(?:standard-gauge|high-speed|cable-stayed|multipurpose|deep-sea|\d[\w.-]*)\s+)?(?:{heads})\b"
    )


def infrastructure_names(text: str, found: list[Mention]) -> list[Mention]:
    """ "the Lagos-Ibadan railway", "the Karot hydropower station", "Peljesac Bridge": a name no one has typed,
    followed by (or ending with) the noun of an infrastructure project, names the project, a product its builder
    develops.

    >>> text = "It built the Lagos-Ibadan railway and the Peljesac Bridge."
    >>> def guess(name): return Mention(text.index(name), text.index(name) + len(name), name, "", name, "guess")
    >>> found = [guess("Lagos-Ibadan"), guess("Peljesac Bridge")]
    >>> [(m.name, m.type) for m in infrastructure_names(text, found)]
    [('Lagos-Ibadan railway', 'Product'), ('Peljesac Bridge', 'Product')]
    """
    out = []
    heads = _infrastructure_heads()
    for m in found:
        if m.type != UNTYPED or m.origin not in ("guess", "cue"):
            out.append(m)
            continue
        noun = _infrastructure_after().match(text, m.end)
        if noun is not None:
            surface = text[m.start : noun.end()]
            out.append(Mention(m.start, noun.end(), surface, "Product", surface, m.origin, m.confidence))
        elif " " in m.surface and m.surface.rsplit(" ", 1)[1].lower() in heads and _THE_BEFORE.search(text, 0, m.start):
            out.append(m.typed("Product"))  # "the Peljesac Bridge" (not "China Road and Bridge", a company)
        else:
            out.append(m)
    return out


def title_case(line: str) -> bool:
    """A headline in title case ("Orvane Motors Rides Strong Demand In Mexico"): nearly every word of four letters
    or more capitalised, so a capital says nothing of a name there."""
    words = _TITLE_WORD.findall(line)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def named_in_body(m: Mention, words: DocumentWords) -> Mention | None:
    """A guessed name of a title-case headline, cut to the longest start of it the body names too ("Brightwave
    Solar Sells Arizona Plant" -> "Brightwave Solar"); None when the body names no start of it."""
    if m.origin != "guess" or not words.body:
        return m
    parts = m.surface.split(" ")
    for n in range(len(parts), 0, -1):
        name = " ".join(parts[:n])
        if len(name) >= 2 and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", words.body):
            return (
                m
                if n == len(parts)
                else Mention(m.start, m.start + len(name), name, m.type, name, m.origin, m.confidence)
            )
    return None


@cache
def _currency_words() -> frozenset[str]:
    """ "KRW 9.4 trillion", "Rs 30 crore" start with a currency, not a name."""
    return frozenset(w for w in data("currencies")["words"] if w.isupper() or (w[:1].isupper() and len(w) <= 3))


@cache
def _words(key: str) -> frozenset[str]:
    return frozenset(str(w) for w in data("names")[key])


#: A name ending in a word for a feature of the land or sea names that feature ("Red Sea", "Mekong Delta", "Gulf
#: Coast"), not a company, which would have a word of its own after it ("Red Sea Global"); rivers, bays and lakes
#: are left out, since brands and companies end in them too ("Jade River", "Crunchy Bay").
_GEOGRAPHIC_FEATURE = re.compile(r"\s(?:Sea|Ocean|Coast|Delta|Strait|Straits|Peninsula|Basin|Desert|Mountains|Canal)$")


def never_a_name(word: str) -> bool:
    """Whether a capitalised word never names anyone alone: "From", "Inside", "The" (``not_names``)."""
    return word in _words("not_names")


def _trusted(m: Mention, type_: str, confidence: float) -> Mention:
    """A guessed name whose type a cue gave: trusted like a gazetteer entry."""
    return Mention(m.start, m.end, m.name, type_, m.surface, "cue", confidence)


@cache
def _appositive_regex() -> re.Pattern[str]:
    """ ", a Korean startup" / ", a grocery delivery app" after a name: the noun says what the name is."""
    cues = data("names")["type_cues"]
    groups = "|".join(f"(?P<{t}>{literal_alternation(words)})" for t, words in cues.items())
    # not a possessive: "Yang Hao, the company's vice-president" is the company's person, not a company
    return re.compile(
        rf",\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){{0,4}}?(?:{groups})\b(?!['\u2019]s\b)", re.IGNORECASE
    )


@cache
def _type_cues() -> dict[str, str]:
    """Lower-cased cue noun -> the type it gives the name after it ("brand" -> Brand)."""
    return {w.lower(): t for t, words in data("names")["type_cues"].items() for w in words}


def type_cue(word: str) -> str | None:
    """The type a cue noun gives the name after it ("maker" -> Company), None for other words."""
    return _type_cues().get(word.lower())


def _word_before(text: str, pos: int) -> str:
    """The lower-cased word right before ``pos``, looking past "called" or "named" ("the app called X")."""
    words = text[max(0, pos - 40) : pos].split()
    if words and words[-1].lower() in ("called", "named", "dubbed"):
        words.pop()
    return words[-1].lower() if words and not words[-1].endswith(",") else ""


NUMBER_WORD = re.compile(
    r"One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Fifteen|Twenty|Thirty|Forty|Fifty|Hundreds|"
    r"Thousands|Millions|Dozens|Several"
)
_LOWER_WORD_NEXT = re.compile(r"\s+[a-z]")


def guessed_names(text: str, words: DocumentWords) -> Iterator[Mention]:
    """Capitalised runs of ``text`` that look like names, typed where their shape or neighbours say."""
    sentence_start = _sentence_start(text)
    label = _SPEAKER_LABEL.match(text, sentence_start)
    if label is not None:
        sentence_start = label.end()  # "A: Mostly customers in ...": an interview's answer opens after its label
    scanned = _keep_apostrophes(text, words.apostrophe) if words.apostrophe else text
    for match in _NAME.finditer(scanned):
        trimmed = _trim(match.group())
        if trimmed is None:
            continue
        start = match.start() + trimmed[0]
        end = start + trimmed[1]
        if label is not None and start < label.end():
            continue  # the label "Q" or "A" itself
        surface = text[start:end]
        source = "guess"
        led = None
        if words.led and start > match.start():
            led = _DEMONYM_BEFORE.search(text, match.start(), start)
        if led and f"{led.group(1)} {surface.split()[0]}" in words.led:
            # "Korean Air", "Game Science": the nationality or noun opens the name, which the document vouches for
            # over the place "Korea" or a game called "Science"
            start, surface, source = led.start(1), text[led.start(1) : end], "cue"
            if len(surface.split()[-1]) == 1:
                # "Model Y": a product noun and a letter name one product
                yield Mention(start, end, surface, "Product", surface, "cue", 0.7)
                continue
        elif start == sentence_start and not _vouched_at_start(text, start, end, words):
            continue
        if NUMBER_WORD.fullmatch(surface) and _LOWER_WORD_NEXT.match(text, end):
            continue  # "Two years on, ...": a number opening a sentence, no name
        if surface.startswith("Belt and Road"):
            continue  # China's Belt and Road Initiative, its projects: a policy, no company
        if _GEOGRAPHIC_FEATURE.search(surface):
            continue  # "the Red Sea coast", "the Mekong Delta": a sea, a river or a coast, no company
        if _FUNDING_ROUND.search(text, max(0, start - 8), end):
            continue  # "a Series C round": the round's letter, not a name
        if names_a_pair(surface, text, end):
            continue
        if COMPOUND_ADJECTIVE.fullmatch(surface):
            continue  # "Cross-border shopping app Dolo": an adjective written with a capital, not a name
        opening = _OPENING_ADJECTIVE.match(surface)
        if opening is not None and opening.end() < len(surface):
            # "its English-language Trip.com brand": the adjective before the name is no part of it
            start, surface = start + opening.end(), surface[opening.end() :]
        origin = _OF_COUNTRY.fullmatch(surface)
        if (
            origin
            and _is_home_place(origin.group(2))
            and origin.group(1).split()[0] not in _INSTITUTION_WORDS
            # "Commercial Aircraft Corporation of China (COMAC)", "Industrial Bank of Korea": a corporation's or
            # bank's full name, not a company and where it is from
            and origin.group(1).split()[-1] not in _CORPORATION_HEADS
            and not _ACRONYM_AFTER.match(text, end)
        ):
            # "Vestas of Denmark": the company, then where it is from ("Bank of China" stays whole)
            end = start + len(origin.group(1))
            surface = origin.group(1)
        if source == "guess" and any(w in _ROMANCE_JOINERS for w in surface.split()[1:-1]):
            source = "cue"  # "Metro do Porto", "Banco do Brasil": a name whole, over the city or country it ends in
        yield _typed(text, Mention(start, end, surface, UNTYPED, surface, source, 0.6))
    for joined in words.joined:
        head = joined.split(" of ")[0].split()[-1]  # "... Commercial Bank of China": a bank
        kind = "Company" if head in _company_ends() else UNTYPED
        for found in re.finditer(re.escape(joined), text):
            yield _typed(text, Mention(found.start(), found.end(), joined, kind, joined, "cue", 0.7))
    if " (" in text:
        yield from _with_seat_in_brackets(text)
    for found in _TITLE.finditer(text):
        # "releases Over the Moon on Netflix": a capital on a preposition mid-sentence opens a title
        yield Mention(found.start(), found.end(), found.group(), "Product", found.group(), "cue", 0.65)
    yield from _lower_case_names(text)
    if words.stylised:
        yield from _stylised_mentions(text, words)
    for found in _DRUG_NAME.finditer(text):
        # "toripalimab", "savolitinib": a medicine's international name is written in lower case, also where a
        # sentence opens with it ("Serplulimab, on sale in China since 2022, ...")
        name = found.group()[0].lower() + found.group()[1:]
        yield Mention(found.start(), found.end(), name, "Product", found.group(), "cue", 0.7)


#: "Dingdong (Cayman) Limited", "Geely (Hangzhou) Automobile Co., Ltd.": a registered name with the place of its
#: seat in brackets, then the words of a company's name.
_SEAT_IN_BRACKETS = re.compile(
    r"(?<![\w-])[A-Z][\w&.'-]*(?:\s+(?:&\s+|of\s+)?[A-Z][\w&.'-]*){0,5}\s+"
    r"\((?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]{1,3})\)"
    r"(?P<rest>(?:\s+[A-Z][\w&.'-]*){1,4}(?:,?\s+(?:Ltd|Limited|Inc|LLC)\b\.?)?)?"
)


def _is_seat(name: str) -> bool:
    """Whether a bracketed word names a place a company may be registered in ("Shanghai", "Cayman")."""
    from kg.extract.gazetteer import world_cities

    return name in places().entries or name in world_cities() or name in ("Cayman", "BVI", "HK")


def _with_seat_in_brackets(text: str) -> Iterator[Mention]:
    """ "Dingdong (Cayman) Limited" and, with no company word after the brackets, "ACM Research (Shanghai)": a
    company's unit named by its seat, when a name of two words or more opens it."""
    for found in _SEAT_IN_BRACKETS.finditer(text):
        if found.group("rest") is None:
            seat = found.group()[found.group().rindex("(") + 1 : -1]
            if (
                found.group().count(" ") < 2
                or text[found.end() : found.end() + 2].strip()[:1].isupper()
                or not _is_seat(seat)
            ):
                continue  # "Tesla (Shanghai) Gigafactory", "Abu Dhabi Future Energy Company (Masdar)": no seat
            surface = found.group()
            yield Mention(found.start(), found.end(), surface, "Company", surface, "cue", 0.7)
            continue
        words = found.group("rest").replace(",", " ").split()
        if not any(w.rstrip(".") in _company_ends() for w in words):
            continue  # "Tesla (Shanghai) Gigafactory": a place in brackets, no registered company
        surface = found.group().rstrip(".") if not found.group().endswith(("Co.", "Ltd.", "Inc.")) else found.group()
        yield Mention(found.start(), found.start() + len(surface), surface, "Company", surface, "cue", 0.75)


#: A title that opens with a capitalised preposition or adverb after a lower-case word, then its capitalised
#: words: "takes Over the Moon to Netflix", "its hit Into the Dead 2".
_TITLE = re.compile(
    r"(?<=[a-z,] )(?:Over|Into|Under|Beyond|Across|Through|After|Before|Against|Behind|Between|Without|Within|Upon|"
    r"Once|Out|Up|Off|Down|Where|When|How|What|Who|Along|Around|Above|Below|Inside|Outside)"
    r"(?:\s+(?:the|a|an|of|in|on|to|and|&|my|your|our|its|their))*(?:\s+[A-Z][\w'-]*)+(?:\s+\d{1,2}\b)?"
)
#: The stems that end international nonproprietary names of medicines (antibodies, kinase inhibitors, GLP-1 drugs
#: ...), a licence suffix allowed ("penpulimab-kcqx").
_DRUG_NAME = re.compile(
    r"(?<![\w-])[A-Za-z][a-z]{2,}(?:mab|tinib|rafenib|ciclib|lisib|parib|zomib|glutide|patide|gliflozin|previr|buvir|tecan)"
    r"(?:-[a-z]{4})?(?![\w-])"
)


@cache
def _lower_apposed() -> re.Pattern[str]:
    """ "Another Chinese brand, realme, which ...": a lower-case name set off by commas after the noun that types
    it (the nouns spelled out, so the scan jumps from one to the next)."""
    return re.compile(rf"(?<![\w-])(?P<noun>{trie_pattern(_type_cues())}),\s+(?P<name>[a-z][a-z0-9]{{2,15}}),")


@cache
def _typed_after_name() -> re.Pattern[str]:
    """ ", the oral-care brand of": an apposition whose noun types the name before it."""
    return re.compile(rf",\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}?(?P<noun>{trie_pattern(_type_cues())})\b")


@cache
def _lower_hyphened() -> re.Pattern[str]:
    """ "dry-mortar equipment maker m-tec in 2013": a short lower-case word, a hyphen and a word right after the
    noun that types it, a name by its shape (not a compound noun: "e-commerce", "e-bikes")."""
    return re.compile(
        rf"(?<![\w-])(?P<noun>{trie_pattern(_type_cues())})\s+(?P<name>[a-z]{{1,2}}-[a-z]{{2,10}})(?![\w-])"
    )


_COMPOUND_NOUNS = frozenset(
    "e-commerce e-bike e-bikes e-scooter e-scooters e-cigarette e-cigarettes e-book e-books "
    "e-reader e-readers e-sports e-wallet e-wallets x-ray x-rays".split()
)


@cache
def _lower_after_noun() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])(?P<noun>{trie_pattern(_type_cues())})\s+(?P<name>[a-z][a-z0-9]{{2,15}})(?=[\s,.'\u2019])"
    )


def _capitalised_inside(text: str) -> frozenset[str]:
    """Words the text capitalises inside its sentences (after a lower-case word or a comma)."""
    return frozenset(m.group() for m in _INNER_CAPITAL.finditer(text))


def stylised_names(text: str) -> tuple[tuple[str, str], ...]:
    """Names a document styles in lower case ("phone maker vivo", "brand imoo"): a word right after a noun that
    types a company or brand, which the document also writes capitalised (in its headline, at a sentence's start)
    and never after "the", "its" or "their" (as it would a common noun: "its sales")."""
    found: dict[str, str] = {}
    pos = 0
    while (match := _lower_after_noun().search(text, pos)) is not None:
        pos = match.start("name")  # "phone maker kelo": the name of one match may be the noun of the next
        kind = _type_cues().get(match.group("noun"))
        name = match.group("name")
        if kind not in ("Company", "Brand") or name in found or name in _stop_words() or name.endswith("ly"):
            continue
        if known_word(name) and name.capitalize() not in _capitalised_inside(text):
            continue  # "group revenue rose 16%", "Revenue climbed": a word of the language, capitalised only to open
        if not (text[match.end("name")] in ",.'\u2019" or subject_verb_follows(text, match.end("name"))):
            continue  # "giant screen system": a noun the next word heads, no name
        if (
            re.search(rf"(?<![\w-]){name.capitalize()}(?![\w-])", text)
            and not re.search(rf"\b(?:the|its|their)\s+{name}\b", text, re.IGNORECASE)
            and _acts_as_name(text, name)
        ):
            found[name] = kind
    for match in _LOWER_SENTENCE_START.finditer(text):
        # "oraimo is the accessories brand of Transsion": a sentence opens with a capital unless a name styled in
        # lower case opens it, as the subject of a verb a company takes
        name = match.group("name")
        end = match.end("name")
        if name in found or name in _stop_words() or known_word(name):
            continue  # "Co., Ltd. today announced": a word of the language after an abbreviation's point
        before = _WORD_BEFORE.search(text, 0, match.start())
        if before is not None and ("." in before.group(1) or before.group(1) in _ABBREVIATIONS):
            continue  # "The U.S. drugmaker paid": the point closes an abbreviation, not a sentence
        if re.search(rf"\b(?:a|an|the|its|their)\s+{re.escape(name)}\b", text, re.IGNORECASE):
            continue  # "a Chinese drugmaker ... drugmaker said": a common noun the story uses
        if _COPULA_AFTER.match(text, end) or subject_verb_follows(text, end):
            found[name] = "Company"
    return tuple(found.items())


_WORD_BEFORE = re.compile(r"(\S+)[.!?]\s+$")
_ABBREVIATIONS = frozenset("Ltd Co Inc Corp Bhd Pty Plc No St Mr Mrs Ms Dr Jr vs approx".split())
_COPULA_AFTER = re.compile(r"\s+(?:is|was|has|had|will|said|says)\s")
_LOWER_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<name>[a-z][a-z0-9]{2,})(?=\s)", re.MULTILINE)


def _acts_as_name(text: str, name: str) -> bool:
    """The word is somewhere set off by a description ("vivo, the number two brand") or the subject of a verb a
    company takes ("Vivo goes live", "soundo plans stores")."""
    for at in re.finditer(rf"(?<![\w-])(?:{name}|{name.capitalize()})(?![\w-])", text):
        if re.match(r",\s+(?:the|a|an|which|who)\s", text[at.end() :]) or subject_verb_follows(text, at.end()):
            return True
    return False


def _stylised_mentions(text: str, words: DocumentWords) -> Iterator[Mention]:
    """Every use of a name the document styles in lower case, and its capitalised form opening a sentence."""
    for name, kind in words.stylised:
        for at in re.finditer(rf"(?<![\w-])(?:{name}|{name.capitalize()})(?![\w-])", text):
            yield Mention(at.start(), at.end(), name, kind, at.group(), "cue", 0.7)


def _lower_case_names(text: str) -> Iterator[Mention]:
    """Names written in lower case that the noun before them marks: set off by commas ("realme", "itel"), or of a
    short hyphened shape ("m-tec")."""
    for match in _lower_hyphened().finditer(text) if "-" in text else ():
        kind = _type_cues().get(match.group("noun"))
        name = match.group("name")
        if kind in ("Company", "Brand") and name not in _COMPOUND_NOUNS:
            m = Mention(match.start("name"), match.end("name"), name, UNTYPED, name, "guess", 0.6)
            yield _trusted(m, kind, 0.7)
    for match in _lower_apposed().finditer(text) if ", " in text else ():
        # "on Thai shopping apps, usmile, the oral-care brand of X": the description after the name says what it is
        described = _typed_after_name().match(text, match.end("name"))
        kind = _type_cues().get((described or match).group("noun"))
        name = match.group("name")
        if kind is None or name in _stop_words() or name.endswith("ly"):
            continue
        m = Mention(match.start("name"), match.end("name"), name, UNTYPED, name, "guess", 0.6)
        yield _trusted(m, kind, 0.7)


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_FUNDING_ROUND = re.compile(r"\b[Ss]eries\s+[A-H]\d?\+?$")
_PAIR = re.compile(r"[A-Z][\w.&]+-[A-Z][\w.&]+")


def names_a_pair(surface: str, text: str, end: int) -> bool:
    """ "the Orrin-Lanyu venture": two partners named together before what they share, no company's name."""
    return bool(_PAIR.fullmatch(surface) and _PAIRING_NOUN.match(text, end))


_PAIRING_NOUN = re.compile(
    r"\s+(?:joint\s+)?(?:venture|tie-up|partnership|alliance|JV|deal|pact|merger)s?\b", re.IGNORECASE
)
_OF_COUNTRY = re.compile(r"([A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*) of ((?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)?)")
#: Words that open names of the form "<institution> of <Country>": they are the whole name.
_INSTITUTION_WORDS = frozenset(
    "Bank Bureau Ministry Department University Institute Academy Association Federation Council Commission "
    "Chamber Embassy Government People Republic Kingdom State Port Office Agency Authority Board Union Society "
    "Museum College School Court League Church".split()
)


def _place_entry(name: str) -> Phrase | None:
    return places().entries.get(name.removeprefix("the "))


def _is_place(name: str) -> bool:
    return _place_entry(name) is not None


def place_named(name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a place ("Ontario", "Shanghai")."""
    return _is_place(name)


def _is_home_place(name: str) -> bool:
    """A country or a city: "Vestas of Denmark", "Keenon Robotics of Shanghai" say where the company is from."""
    phrase = _place_entry(name)
    return phrase is not None and phrase.type == "Country" and phrase.origin in ("place", "city")


def _sentence_start(text: str) -> int:
    """Where the sentence's first word is: after opening quotes and brackets, and after a wire dateline ("PUERTO
    MADRYN, Argentina, Feb 17, 2019 — Far down the coast ..." opens with "Far")."""
    dateline = DATELINE.match(text) or DAY_FIRST_DATELINE.match(text)
    start = dateline.end() if dateline else 0
    bullet = _BULLET.match(text, start)  # "- Marketplaces matter more than malls.", "2) Hydrogen optionality."
    start = bullet.end() if bullet else start
    return start + len(text[start:]) - len(text[start:].lstrip(" \"'("))


_BULLET = re.compile(r"\s*(?:[-*\u2022\u2013\u2014]|\d{1,2}[.)])\s+")


#: The label of an interview's question or answer: "Q:", "A:".
_SPEAKER_LABEL = re.compile(r"[QA]:\s+")


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,4}s")
#: Body styles written as acronyms after a car's name: never part of it.
_BODY_STYLES = frozenset(("SUV", "MPV", "SUVs", "MPVs"))


_GENERATIONS = frozenset(("X", "Y", "Z", "Alpha"))


#: Cached: the same names and sentence openers recur in every document.
@lru_cache(maxsize=8192)
def _trim(candidate: str) -> tuple[int, int] | None:
    """Offset and length of ``candidate`` without its leading and trailing words that are not names;
    None when nothing is left."""
    words = candidate.split(" ")
    skip, tail = _skipped(), _tail_words()
    first, last = 0, len(words)
    # "Sao Paulo-based FarmaNova": the name is what the attribute describes, after it
    described = [i for i, w in enumerate(words[:-1]) if _ATTRIBUTIVE.search(w)]
    first = described[-1] + 1 if described else 0
    if last - first > 1 and words[first] in ("Gen", "Generation") and words[first + 1] in _GENERATIONS:
        first += 2  # "the Gen Z fast-fashion label": a generation of buyers, no name
    while first < last and (
        (
            words[first] in skip
            and not _opens_institution(words[first:last])
            and not _compass_name(words[first:last])
            and not (words[first] in _NAME_OPENERS and last - first > 1 and words[first + 1][:1].isupper())
        )
        or _ATTRIBUTIVE.search(words[first])
        or words[first] in _JOINING_WORDS
        or (words[first].isdigit() and not _numbered_company(words[first:last]))
    ):
        # "Shares of Tanfeng Group": neither the skipped word nor the "of" after it is part of the name; "200 Tesla
        # cars", "In 2024 Tencent": nor is a count or a year before it
        first += 1
    if 0 < first < last and words[first - 1] in _words("demonyms") and words[last - 1].rstrip(".") in _named_heads():
        first -= 1  # "Indian Premier League", "Vietnamese Dairy Company": the demonym opens the name
    elif 0 < first == last - 1 and words[first].rstrip(".") in _company_ends() and words[first - 1][:1].isupper():
        first -= 1  # "True Corporation", "Summit Holdings": a company word alone is no name, the word before opens it
    joiner = next(
        (
            i
            for i in range(first, last)
            if words[i] in _JOINING_WORDS
            and all(w in skip for w in words[i + 1 : last])
            # "Wonderful Group of Companies", "Dangote Group of Companies": a group's full name
            and not (i > first and words[i - 1] == "Group" and words[i + 1 : last] == ["Companies"])
            # "Barkley & Co": a partnership's legal form after its "&"
            and not (
                words[i] == "&"
                and words[i + 1 : last]
                and all(w.rstrip(".") in ("Co", "Cie") for w in words[i + 1 : last])
            )
        ),
        None,
    )
    last = joiner if joiner is not None else last
    while last > first and (
        words[last - 1] in tail or words[last - 1] in _JOINING_WORDS or words[last - 1] in _words("demonyms")
    ):
        last -= 1  # "Cheap Chinese components": a nationality ends no name
    if last - first > 1 and (_PLURAL_ACRONYM.fullmatch(words[last - 1]) or words[last - 1] in _BODY_STYLES):
        last -= 1  # "G3 SUVs", "its Q7 EVs", "the Atto 3 SUV": the goods' noun after a model's name
    kept = words[first:last]
    if not kept or all(w in skip for w in kept) or _ATTRIBUTIVE.search(kept[-1]):
        return None
    if not _LETTER.search(kept[0]) and not _numbered_company(kept):
        return None
    if len(kept) > 1 and " ".join(kept) in _words("demonyms"):
        return None  # "its Latin American business": an adjective of a region, not a name
    if len(kept) == 1 and _PERIOD_WORD.match(kept[0]):
        return None
    return sum(len(w) + 1 for w in words[:first]), len(" ".join(kept))


_COMPASS = frozenset(("North", "South", "East", "West"))
_COMPASS_ADJECTIVES = frozenset(("Northern", "Southern", "Eastern", "Western"))


def _compass_name(words: list[str]) -> bool:
    """ "West China Cement", "West International Holding": a compass word opens a name of three words or more
    that is no place ("West Java", "South Africa" are read as places)."""
    if len(words) == 2 and words[0] in _COMPASS_ADJECTIVES:
        # "the Northern Table and Snow Harvest brands": a compass adjective before a word that is neither a place
        # ("Western Europe") nor a generic term opens a name
        second = words[1].rstrip(".,")
        return second[:1].isupper() and second not in _skipped() and not _is_place(" ".join(words))
    if len(words) < 3 or words[0] not in _COMPASS | _COMPASS_ADJECTIVES:
        return False  # "Southern Cross Pool Supplies" as "West China Cement"
    # "East Asia Glass Holding": a place's name opens it, but a company's last word closes it
    return not _is_place(" ".join(words[:2])) or words[-1].rstrip(".,") in _company_ends()


#: Generic words that open names of institutions and groups: "International Olympic Committee".
_INSTITUTION_OPENERS = frozenset(("International", "Global", "National", "Central"))
#: Words that open company names of any ending ("United Solar Polysilicon", "General Mills") when a capitalised
#: word follows (the places they open, "United States", are the gazetteer's).
#: ("H2 Mobility Deutschland": hydrogen's formula, not the second half of a year, before a name's other words)
_NAME_OPENERS = frozenset(("United", "General", "Atlantic", "Pacific", "H2"))
_BODY_ENDS = frozenset(("Committee", "Federation", "Corporation", "Fund", "Organization", "Organisation", "Partners"))


def _opens_institution(words: list[str]) -> bool:
    """ "International Ski Federation", "Global Infrastructure Partners": a generic first word is part of a name of
    three words or more that ends like an institution or a company ("International sales" is no name)."""
    last = words[-1].rstrip(".,") if words else ""
    return (
        len(words) >= 3
        and words[0] in _INSTITUTION_OPENERS
        and (last in _INSTITUTION_WORDS or last in _BODY_ENDS or last in _company_ends())
    )


def _numbered_company(words: list[str]) -> bool:
    """ "99 Logistics Group", "360 Security Technology": a number opens a name only where a company word ends it
    (and the number is no year: "2024 Revenue")."""
    number = words[0]
    if not number.isdigit():
        return False
    year = len(number) == 4 and 1900 <= int(number) <= 2100
    return len(words) > 1 and not year and words[-1].rstrip(".") in _company_ends()


@cache
def _tail_words() -> frozenset[str]:
    """Words a name does not end with: function words, months and days ("Loomis Data" keeps its "Data")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    months = {
        w
        for w in _words("not_names")
        if w[:3] in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    }
    days = {w for w in _words("not_names") if w.endswith("day")}
    # "Tai On", "Wing On": a romanised Cantonese syllable ends names; a preposition is not capitalised in prose, and
    # in a title-case headline a capitalised word follows it
    stops = frozenset(w for w in _words("not_names") if w.lower() in STOP_WORDS) - {"On"}
    return stops | months | days


def company_ends() -> frozenset[str]:
    """Words that end a company's name: its legal forms and company words ("Foods", "Holdings", "Ltd")."""
    return _company_ends()


def ends_in_company_word(name: str) -> bool:
    """Whether a name's last word is a legal form or company word: "Hisense South Africa Holdings", "Gallo Record
    Company" name companies, whatever else their words say."""
    words = name.split()  # an anaphor not yet pointed anywhere has no name
    return bool(words) and words[-1].rstrip(".,") in _company_ends()


@cache
def _company_ends() -> frozenset[str]:
    return _words("company_heads") | {w.rstrip(".") for w in _words("legal_forms")}


@cache
def _named_heads() -> frozenset[str]:
    return _company_ends() | _words("organization_heads")


#: The last words of a name that an "of" and a country complete: "Industrial Bank of Korea".
_CORPORATION_HEADS = frozenset(("Corporation", "Corp", "Corp.", "Company", "Bank"))
#: The particles of Portuguese, Spanish, French and Italian names: "Caixa Geral de Depósitos".
_ROMANCE_JOINERS = frozenset(("de", "du", "do", "da", "dos", "das", "del", "della", "des"))
#: Words inside a name between its capitalised words: "Bank of China", "Banco do Brasil", "Metro de Madrid".
_JOINING_WORDS = frozenset(("&", "of", "von", "van")) | _ROMANCE_JOINERS


@cache
def _skipped() -> frozenset[str]:
    """Words a name does not start with: function words, generic terms, nationalities, currency codes,
    and the nouns that describe a name ("Rival Grabbit" is Grabbit)."""
    cues = {w.capitalize() for words in data("names")["type_cues"].values() for w in words}
    return _words("not_names") | _words("generic_terms") | _words("demonyms") | _currency_words() | cues


def _vouched_at_start(text: str, start: int, end: int, words: DocumentWords) -> bool:
    """A sentence's first capitalised word is a name if its shape, the document or the next word says so."""
    surface = text[start:end]
    first = surface.split()[0]
    if _INNER_SHAPE.search(first):
        return True
    if first in words.capitalised and not (len(surface.split()) == 1 and first.lower() in words.lower):
        # "Home textile makers ...": a word the document writes in lower case too ("home textiles") is vouched for
        # only by what follows it, not by a capital it has inside another name ("Dieshiqiao Home Textiles City")
        return True
    if len(surface.split()) > 1 and text.startswith((", a ", ", an ", ", the "), end):
        return True  # "Delivery Hero, the German owner of ...": a description set off after it says it is a name
    if first.lower() in words.lower:
        return False
    if len(surface.split()) > 1:
        return True
    rest = text[end:].lstrip()
    if GOODS_MAKER.match(rest) and first not in words.capitalised:
        return False  # "Drone maker widens Brazil push": the goods of a company the sentence has not named
    following = rest.split(" ", 1)[0].strip(",.;:").lower() if rest else ""
    if following in ADVERBS_BEFORE_VERB and " " in rest:
        # "Sailun already operates a plant in Vietnam": the verb after the adverb tells
        following = rest.split(" ", 2)[1].strip(",.;:").lower()
    if rest.startswith(
        ("'s ", "' ", ", a ", ", an ", ", the ", ", which ", ", whose ", " (", "and its ", "and their ")
    ):
        return True
    if _AND_NAME.match(rest):
        return True  # "Xiaomi and Oppo posted ...": a name coordinated with another
    # "Samsung, for years the leader ...": a lone word before a comma is a name unless it is a sentence adverb
    # (those are listed under not_names) or the document also writes it in lower case (checked above)
    if len(surface.split()) == 1 and _ABSTRACT_NOUN.search(first) and following in _WEAK_VERBS:
        return False  # "Production is expected to begin ...": a noun that opens the sentence, not a company
    if len(surface.split()) == 1 and first.lower() in _WORK_NOUNS and following in _UNDER_WAY_VERBS:
        return False  # "Work began on the site in March": what was started, not who started it
    if following in _words("subject_verbs") and _NOUN_AFTER_ALL.match(rest):
        return False  # "Early signs are encouraging": "signs" is the subject, a noun, and the word before it no name
    if rest.startswith(", ") and first.lower().endswith("ly") and len(surface.split()) == 1:
        return False  # "Internally, corn stays its top seed": a sentence adverb, not a name set off by a comma
    if len(surface.split()) == 1 and known_word(first):
        return False  # "Trade rose 5%", "Coffee sales grew": an English word the document never capitalises elsewhere
    if len(surface.split()) == 1 and following and only_verb(following) and not _people_of_a_place(first):
        return True  # "Candix brought with it ...": a word no dictionary knows, then a verb, is the clause's subject
    return following in _words("subject_verbs") or (rest.startswith(", ") and first[:1].isupper() and len(first) > 2)


def _people_of_a_place(word: str) -> bool:
    """ "Uzbeks", "Kenyans": a nationality's people, no company."""
    demonyms = _words("demonyms")
    return word in demonyms or (word.endswith("s") and word[:-1] in demonyms)


#: A maker's noun after a lone opening word, then no name: "Paint maker enters Peru" (not "Amazfit maker Zepp").
GOODS_MAKER = re.compile(
    r"(?:maker|makers|producer|producers|manufacturer|manufacturers|exporter|exporters|grower|growers|brand|"
    r"brands|chain|chains|retailer|retailers)\s+[a-z]"
)
#: A verb-like word followed by a copula or auxiliary, which makes it a plural noun: "signs are", "plans were".
_NOUN_AFTER_ALL = re.compile(r"\S+\s+(?:are|were|remain|remained|have|had|look|looked|seem|seemed)\b")
#: "and Oppo posted", "and LG dominate": a second name, capitalised word or short capitals, then a verb or comma.
_AND_NAME = re.compile(r"(?:and|&)\s+[A-Z](?:[a-z]+[\w-]*|[A-Z0-9]{1,5}\b)(?:\s+[A-Z][\w-]*)?\s*(?:,|\s+[a-z])")
#: Nouns for work on a project, and the verbs that say how it goes: "Work began", "Construction resumed".
_WORK_NOUNS = frozenset("work works construction building production drilling mining trading output assembly".split())
_UNDER_WAY_VERBS = frozenset(
    "began begins begun started starts start resumed resumes halted halts stopped stops stalled continued continues "
    "finished ended ends got is was has had will should".split()
)
_ABSTRACT_NOUN = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ism|ship|ure|ing)$")
_WEAK_VERBS = frozenset(
    ("is", "was", "has", "had", "will", "would", "could", "may", "might", "remains", "also", "now", "still")
)


#: "every smartphone Oppo sells": a product noun, then the name of who sells or makes it (a clause without "that").
_MAKES_IT = re.compile(
    r"\s+(?:sells|sold|makes|made|builds|built|ships|shipped|produces|produced|offers|offered|exports|exported|"
    r"designs|designed|imports|imported|distributes|distributed)\b"
)


def _typed(text: str, mention: Mention) -> Mention:
    """The type a name's own words or its neighbours give it; a cue makes the name trusted."""
    described = _appositive_regex().match(text, mention.end) if text.startswith(",", mention.end) else None
    if described is not None and _apposed_to_main_clause(text, mention.start, described.end()):
        described = None
    apposed = next((t for t, v in described.groupdict().items() if v), None) if described else None
    kind = _head_type(mention.surface)
    if kind == "Organization" and apposed == "Company":
        return _trusted(mention, "Company", 0.75)  # "Bambu Lab, the Shenzhen-based maker of printers"
    if kind:
        return _trusted(mention, kind, 0.75)
    kind = _type_cues().get(_word_before(text, mention.start))
    if kind and not (kind == "Product" and _MAKES_IT.match(text, mention.end)):
        return _trusted(mention, kind, 0.7)
    if BRAND_NOUN_AFTER.match(text, mention.end):
        return _trusted(mention, "Brand", 0.7)  # "the Vega brand", "the Orla and Brisk labels"
    kind = apposed
    if kind and kind != "Product":
        return _trusted(mention, kind, 0.7)

    if (
        _VERSIONED.search(_DIMENSION_WORD.sub("", mention.surface))
        and not mention.surface[0].isdigit()
        and not _digit_in_company_name(mention.surface)
    ):
        return mention.typed("Product", 0.6)
    return mention


def _digit_in_company_name(surface: str) -> bool:
    """ "C4Games", "V3 Robotics": what follows the name's last digit ends in a company's word, so the digit is no
    model's number."""
    after = _VERSIONED.split(surface)[-1].split()
    return bool(after) and after[-1] in _company_ends()


def _person_roles(*, after_name: bool = False, before_name: bool = False) -> str:
    """The role nouns of ``names.yaml`` that mark a person beside them; after a name, not those a company also has;
    before a name, not "partner" or "leader", which a business story puts before companies far more often."""
    names = data("names")
    skip = set(names["company_roles"]) if after_name else ({"partner", "leader"} if before_name else set())
    return literal_alternation(w for w in names["person_roles"] if w not in skip)


#: "former Google engineer Steven Yang", "chief executive Lara Novak", "Mr. Wu": a role noun or title before a name.
PERSON_BEFORE = re.compile(
    rf"\b(?:{_person_roles(before_name=True)}|{literal_alternation(data('names')['person_titles'])}|"
    # "managing partner Li Na", "opposition leader X"; but "with local partner Tobol Agrotech", "market leader Midea"
    r"(?:managing|senior|founding|general|equity|junior)\s+partner|(?:party|opposition|union|team)\s+leader)"
    r"\.?\s*,?\s+$",
    re.IGNORECASE,
)
#: "X, the group's chief executive", "X, a senior analyst at": a role noun in an aside after the name.
PERSON_ROLE_AFTER = _person_roles(after_name=True)
#: "Founded in 2011 by X, the company ...": a name closing a fronted participle phrase, the main clause after it.
_FRONTED_BY = re.compile(
    r"^\s*(?:(?:Co-)?[Ff]ounded|Set\s+up|Started|Backed|Led|Run|Created|Established)\b[^,;]*\bby\s+(?:[\w'-]+\s+){0,4}$"
)


#: "In a filing with the Shanghai Stock Exchange, the company said": a sentence opening with a preposition, no
#: comma yet before the name.
_FRONTED_PREPOSITION = re.compile(r"^\s*(?:In|At|On|Under|According\s+to|Through|Via|From|To|With)\b[^,;]*$")
#: A verb right after ", the Wenzhou-based company": the description is the main clause's subject.
_VERB_AFTER = re.compile(r"\s+(?:said|says|has|had|is|was|will|would|plans|planned|expects|expected|reported|told)\b")


def _apposed_to_main_clause(text: str, start: int, end: int) -> bool:
    """Whether ", the company ..." after the name at ``start`` (its description ending at ``end``) opens the main
    clause rather than describing it."""
    if PERSON_BEFORE.search(text, max(0, start - 40), start) or _FRONTED_BY.match(text[:start]):
        return True
    return bool(_FRONTED_PREPOSITION.match(text[:start]) and _VERB_AFTER.match(text, end))


_FUND_NUMBER = re.compile(r"\d{1,2}|[IVX]{1,4}")
#: A country's central bank, by the words its names share.
_MONETARY_AUTHORITY = re.compile(r"\b(?:Central|Reserve|National\s+Reserve)\s+Bank\b|\bPeople's\s+Bank\s+of\b")


#: Cached: a document names its companies again and again.
@lru_cache(maxsize=8192)
def _head_type(surface: str) -> str | None:
    """The type the last of several words gives a name: a legal form or company word, an organisation word."""
    if EXCHANGE.search(surface):
        return "Organization"  # "Bursa Malaysia", "HKEX": where shares trade, no company
    words = surface.split()
    if len(words) > 2 and _FUND_NUMBER.fullmatch(words[-1]):
        words = words[:-1]  # "SoftBank Vision Fund 2", "Hillhouse Fund IV": the fund's number closes its name
        if len(words) > 2 and words[-1] == "No.":
            words = words[:-1]  # "Shandong Electric Power Construction Corporation No. 3": a numbered unit
    if len(words) < 2:
        return None
    if words[0] in _words("organization_heads") and "of" in words:
        return "Organization"  # "Ministry of Communication and Information Technology": a ministry, whatever its remit
    if _MONETARY_AUTHORITY.search(surface):
        return "Organization"  # "Saudi Central Bank", "Central Bank of Nigeria": a regulator, whatever "Bank" says
    last = words[-1].rstrip(".")
    if last in _words("legal_forms") or last + "." in _words("legal_forms") or last in _words("company_heads"):
        return "Company"
    if last in _words("organization_heads"):
        return "Organization"
    return None


@cache
def _anaphor_regex() -> re.Pattern[str]:
    spec = data("names")
    nouns = literal_alternation([*spec["anaphor_nouns"], *spec["part_anaphor_nouns"]])
    pronouns = "|".join(f"{w}|{w.capitalize()}" for w in spec["pronouns"])
    return re.compile(
        # "its parent group", "its owner": the owner of the company "its" stands for (see rules._parent_of)
        rf"(?<![\w-])(?:[Ii]ts\s+(?:parent|owner)(?:\s+(?:group|company|firm|conglomerate))?(?:'s)?(?![\w-])|"
        rf"(?:{pronouns})|[Tt]he\s+(?P<modifiers>(?:[\w]+-(?:based|headquartered|listed|founded|born|owned|backed)\s+|(?!(?:the|a|an|of|and|or|is|are|was|were|has|have|had|its|their|in|on|at|to|for|with|by|as|that|which)\s)"
        rf"[a-z][\w-]*\s+|[A-Z][\w.]*\s+){{0,3}}?)"
        rf"{nouns}(?:'s)?)(?![\w-])"
    )


def anaphors(text: str) -> Iterator[Mention]:
    """Words that point back to a company named before ("it", "its", "the Hangzhou-based company").

    A capitalised word inside counts only when it names a place or a nationality
    ("the San Francisco firm"); "the Zeta company" names a company of its own.
    """
    for match in _anaphor_regex().finditer(text):
        modifiers = match.group("modifiers") or ""
        if modifiers != modifiers.lower() and _part_noun(match.group()):
            continue  # "the Brazilian unit": a local unit, whose place the place readings take
        if _describes_a_place(modifiers) and not _words("source_modifiers") & {w.lower() for w in modifiers.split()}:
            yield Mention(match.start(), match.end(), "", UNTYPED, match.group(), "anaphor", 0.8)


#: "Management plans to ...", "The board approved ...", "Executives said ...": the people who decide and speak for
#: a company stand for it at the head of a sentence, however many sentences back the story named it (not
#: "Executives at rival makers say ...": other companies' people).
_CORPORATE_VOICE = re.compile(
    r"(?:(?:The|Its|Their)\s+)?(?:[Mm]anagement(?:\s+team)?|[Bb]oard(?:\s+of\s+directors)?|Executives|"
    r"[Ll]eadership(?:\s+team)?)(?=\s+(?!at\b|from\b|of\b|in\b|across\b|elsewhere\b)[a-z])"
)
#: The last word of a :data:`_CORPORATE_VOICE` mention.
VOICE_NOUNS = frozenset(("management", "team", "board", "directors", "executives", "leadership"))


def corporate_voice(text: str) -> tuple[Mention, ...]:
    """The company's own people opening a sentence: a mention pointing back to the company (see rules._resolved)."""
    found = _CORPORATE_VOICE.match(text)
    if found is None:
        return ()
    return (Mention(0, found.end(), "", UNTYPED, found.group(), "anaphor", 0.8),)


def _part_noun(anaphor: str) -> bool:
    return anaphor.removesuffix("'s").rsplit(" ", 1)[-1] in _words("part_anaphor_nouns")


def _describes_a_place(modifiers: str) -> bool:
    if not modifiers:  # "it", "the company"
        return True
    capitalised = " ".join(w for w in modifiers.split() if w[0].isupper() and not _ATTRIBUTIVE.search(w))
    return not capitalised or capitalised in places().entries or capitalised in _words("demonyms")


@cache
def _product_anaphor_regex() -> re.Pattern[str]:
    nouns = literal_alternation(data("names")["product_anaphor_nouns"])
    return re.compile(rf"(?<![\w-])[Tt]he\s+(?:[a-z][\w-]*\s+){{0,2}}?{nouns}(?:'s)?(?![\w-])")


@cache
def _product_noun_regex() -> re.Pattern[str]:
    """The noun of :func:`_product_anaphor_regex` after a space: found quickly, and missing from most sentences."""
    nouns = literal_alternation(data("names")["product_anaphor_nouns"])
    return re.compile(rf"\s{nouns}(?:'s)?(?![\w-])")


def product_anaphors(text: str) -> Iterator[Mention]:
    """ "the drug", "the new app": they point back to the product named last."""
    if not _product_noun_regex().search(text):
        return
    for match in _product_anaphor_regex().finditer(text):
        yield Mention(match.start(), match.end(), "", "Product", match.group(), "anaphor", 0.8)


def is_pronoun(m: Mention) -> bool:
    return m.surface.lower() in data("names")["pronouns"]


_DEMONYM_NOUNS = re.compile(
    r"\b(?:markets?|subsidiar(?:y|ies)|operations?|units?|arms?|entit(?:y|ies)|branch(?:es)?|"
    r"offices?|plants?|factor(?:y|ies)|warehouses?|stores?|hubs?|(?<!media\s)(?<!news\s)outlets?|shops?|showrooms?|"
    r"dealerships?|boutiques?|sales|consumers|shoppers|customers|users|revenue)\b"
)


_FACILITY_END = re.compile(
    r"(?:factor(?:y|ies)|warehouses?|stores?|hubs?|outlets?|shops?|showrooms?|dealerships?|boutiques?)$"
)


@cache
def _demonym_regex() -> re.Pattern[str]:
    demonym = "(?:" + trie_pattern(data("names")["demonyms"]) + ")"
    listed = rf"{demonym}(?:(?:,\s+|\s+and\s+|\s+or\s+|,\s+and\s+){demonym})*"
    # "the African smartphone market": up to two lower-case words may stand between the adjective and its noun
    return re.compile(rf"(?<![\w-])(?P<list>{listed})\s+(?:[a-z][\w-]*\s+){{0,2}}?{_DEMONYM_NOUNS.pattern[2:]}")


def demonym_places(text: str) -> Iterator[Mention]:
    """Countries named by adjective before a market word ("the German and French markets")."""
    names = data("names")["demonyms"]
    if not _DEMONYM_NOUNS.search(text):
        return
    for match in _demonym_regex().finditer(text):
        # "its Vietnamese factory" is in Vietnam; "our first European warehouse near Budapest" is in Hungary
        facility = _FACILITY_END.search(match.group())
        for part in _single_demonym().finditer(match.group("list")):
            start = match.start("list") + part.start()
            place = _place(names[part.group()])
            if place and not (facility and place[1] == "Region"):
                yield Mention(start, start + len(part.group()), place[0], place[1], part.group(), "place")


@cache
def _single_demonym() -> re.Pattern[str]:
    return re.compile(trie_pattern(data("names")["demonyms"]))


@cache
def _place(name: str) -> tuple[str, str] | None:
    """The canonical name and class of the country or region an adjective points at."""
    from kg.places import country, region_name

    region = region_name(name)
    if region:
        return region, "Region"
    found = country(name)
    return (found.name, "Country") if found else None
