"""Paragraphs and sentences of a document, with their character offsets.

spaCy's blank English tokenizer cuts the words, and the rule of spaCy's
sentencizer cuts the sentences: a sentence starts at the first word after a
sentence-ending mark.  The rule runs on the token arrays spaCy exports, not
on token objects, so splitting costs little more than tokenizing; no
statistical model is needed.  A line that ends without
sentence punctuation and is short stands alone as a heading, so the title of
an article does not run into its first sentence; a long line that ends
mid-sentence is joined to the next one (hard-wrapped text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kg.extract.inflection import known_word

_LINE = re.compile(r"[^\n]+")
_ENDS_SENTENCE = re.compile(r"[.!?:;\"'”’)\]]\s*$")
_SPACED_HYPHEN = re.compile(r"(?<=\w) +- +(?=\w)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " ", "–": "-", "—": " — "})
_SPACES = re.compile(r"\s+")
_ABBREVIATION = re.compile(
    r"\b(?:Pte|Pty|Ltd|Co|Corp|Inc|Sdn|Bhd|Tbk|Plc|Mr|Mrs|Ms|Dr|St|No|vs|approx|est|Jan|Feb|Mar|Apr|Jun|"
    # "Fengmao Europe Sp. z o.o., based in Lodz": a Polish company's legal form
    r"Sp|o\.o|"
    # "J." is an initial, but "B&Q." and "AT&T." end a name
    r"Jul|Aug|Sept?|Oct|Nov|Dec|(?<!&)[A-Z])\.,?$"
)
_CONTINUES = re.compile(r"[a-z0-9,;(]|(?:Ltd|Co|Inc|Corp|Sdn|Bhd|Tbk|Plc|LLC)\b")
MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 50, 120


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: where it is in the document, its text as written and as matched.

    ``evidence`` is exactly ``document.text[start:end]``; ``text`` is the
    same words normalised for matching (``Asia - Pacific`` -> ``Asia-Pacific``,
    curly quotes straightened, runs of whitespace collapsed).
    """

    start: int
    end: int
    evidence: str
    text: str
    paragraph: int
    heading: bool


@cache
def _tokenizer():
    """spaCy's blank English tokenizer, and the hashes of the marks that end a sentence."""
    import spacy
    from spacy.pipeline import Sentencizer

    nlp = spacy.blank("en")
    ends = frozenset(nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars)
    return nlp.tokenizer, ends


@cache
def _opening_quote_hashes() -> frozenset[int]:
    tokenizer, _ = _tokenizer()
    return frozenset(tokenizer.vocab.strings.add(c) for c in ('"', "\u201c", "'", "\u2018"))


def sentence_starts(doc, ends: frozenset[int]) -> list[int]:
    """Character offsets where the sentences of ``doc`` start (spaCy's sentencizer rule, on its arrays).

    A token starts a sentence when it is a word and the last token before it
    that is a word or a sentence-ending mark is such a mark; other marks
    (quotes, brackets) in between do not count.  Only the few ending marks
    are looked past, so one pass over plain lists beats array arithmetic on
    a paragraph's worth of tokens.
    """
    from spacy.attrs import IDX, IS_PUNCT, ORTH

    if len(doc) == 0:
        return []
    punct, orth, offset = doc.to_array([IS_PUNCT, ORTH, IDX]).T.tolist()
    opening_quotes = _opening_quote_hashes()
    starts = [0]
    for i, token in enumerate(orth):
        if token in ends:
            after = i + 1
            while after < len(orth) and punct[after] and orth[after] not in ends:
                after += 1
            if after < len(orth) and orth[after] not in ends:
                # 'freeport. "We are ...': a quote opened after a space belongs to the sentence it opens
                opening = next(
                    (j for j in range(i + 1, after) if orth[j] in opening_quotes and offset[j] > offset[j - 1] + 1),
                    None,
                )
                starts.append(offset[opening] if opening is not None else offset[after])
    return starts


def normalise(text: str) -> str:
    """Text as the patterns expect it: spaced hyphens joined, quotes straight, single spaces.

    >>> normalise("the Asia - Pacific region’s year - on - year growth")
    "the Asia-Pacific region's year-on-year growth"
    """
    text = _SPACES.sub(" ", text.translate(_QUOTES))
    if " -- " in text:
        text = text.replace(" -- ", " — ")  # a dash typed as two hyphens
    if " - " not in text:
        return text.strip()
    return _SPACED_HYPHEN.sub(lambda m: "-" if _compound(text, m.start(), m.end()) else m.group(), text).strip()


def _compound(text: str, start: int, end: int) -> bool:
    """A spaced hyphen joins a compound ("year - on - year", "Asia - Pacific"), not two clauses ("Seoul - South")
    nor a name and the aside or verb after it ("Yalla Group - a startup founded by ...", "ZTE - has won")."""
    left = re.search(r"[\w]+$", text[:start])
    right = re.match(r"[\w]+", text[end:])
    if not text[end].isupper():
        if left and _PLURAL_WORD.fullmatch(left.group()) and _ASIDE_LIST.match(text, end):
            return False  # "makes water valves - butterfly, gate and check types": an aside after a plural noun
        return not (right and right.group() in _CLAUSE_OPENERS) and not (left and left.group()[:1].isupper())
    from kg.extract.gazetteer import places

    return bool(left and right and f"{left.group()}-{right.group()}" in places().entries)


#: Words that open an aside or a clause after a dash, never the second half of a compound.
_CLAUSE_OPENERS = frozenset(
    "a an the its their his her has have had is was are were will would which who whose that it they and but or "
    "as while with including for by at into such mostly mainly chiefly".split()
)
#: An aside that lists: "butterfly, gate and check types".
_ASIDE_LIST = re.compile(r"[a-z][\w-]*(?:\s+[a-z][\w-]*)?,\s")
#: A plural noun: "valves", "types" (not "class", "gas" or "us").
_PLURAL_WORD = re.compile(r"[a-z]{3,}[^s]s")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each paragraph: a line, or hard-wrapped lines joined."""
    lines = [m for m in _LINE.finditer(text) if m.group().strip()]
    width = _wrap_width(lines)
    start: int | None = None
    end = 0  # read only once start is set, and set with it
    for line in lines:
        if start is not None and not _continues(text[start:end], line.group(), width):
            yield start, end
            start = None
        if start is None:
            start = line.start()
        end = line.end()
    if start is not None:
        yield start, end


def _wrap_width(lines: list[re.Match[str]]) -> int | None:
    """The width text was hard-wrapped at, or None when each line is a paragraph."""
    lengths = [len(m.group().rstrip()) for m in lines]
    if not lengths or max(lengths) > MAX_WRAP_WIDTH:
        return None
    widest = max(lengths)
    near = sum(1 for n in lengths if n >= 0.8 * widest)
    return widest if widest >= MIN_WRAP_WIDTH and near >= max(3, len(lengths) // 3) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """A line ending mid-sentence was wrapped when the next starts with a word in lower case or it fills the
    width."""
    last_line = previous.rsplit("\n", 1)[-1].rstrip()
    if _ENDS_SENTENCE.search(last_line) or len(last_line) < MIN_WRAP_WIDTH * 0.8:
        return False
    # a word in lower case goes on the sentence; "iRobot", "eBay" opening a line are names that may open a new one
    first_word = line.split(maxsplit=1)[0] if line.strip() else ""
    return first_word.islower() or bool(width and len(last_line) >= 0.7 * width)


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text``, in order, with offsets into ``text``."""
    spans = list(paragraphs(text))
    tokenizer, ends = _tokenizer()
    docs = tokenizer.pipe(text[s:e] for s, e in spans)
    out: list[Sentence] = []
    for number, ((start, end), doc) in enumerate(zip(spans, docs, strict=True)):
        sents = [
            piece
            for joined in _rejoin(text, _spans(text, start, end, sentence_starts(doc, ends)))
            for span in _cut_after_names(text, *joined)
            for piece in _bounded(text, *span)
        ]
        heading = len(sents) == 1 and _is_heading(text[start:end])
        out += [Sentence(s, e, text[s:e], normalise(text[s:e]), number, heading) for s, e in sents if e > s]
    return out


def _spans(text: str, start: int, end: int, offsets: list[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of the paragraph ``text[start:end]``, trailing spaces left out."""
    bounds = [start + o for o in offsets] + [end]
    out = []
    for s, e in itertools.pairwise(bounds):
        e = s + len(text[s:e].rstrip())
        if e > s:
            out.append((s, e))
    return out


def _rejoin(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences cut after an abbreviation ("Cloudwise Asia Pte." | "Ltd., to serve") are one again."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            out
            and _ABBREVIATION.search(text, max(out[-1][0], out[-1][1] - 8), out[-1][1])
            and _CONTINUES.match(text, start)
        ):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


#: A name ending in a capital after "&" ("B&Q.", "AT&T."), whose full stop the tokenizer keeps as an initial's.
_AMPERSAND_NAME_END = re.compile(r"(?<=&[A-Z])\.\s+(?=[A-Z\"])")


#: A legal form ending a sentence, then a word of the language opening the next: "... through a subsidiary, Xiangyun
#: Foods USA Inc. Overseas revenue reached ..." ("Acme Ltd. Chairman Wang said" stays one).
_LEGAL_FORM_END = re.compile(r"\b(?:Inc|Ltd|Corp|LLC|GmbH|Plc|Bhd|Tbk)\.\s+(?=(?P<word>[A-Z][a-z]+)\s+[a-z])")


def _cut_after_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "Kingfisher, the group behind B&Q. Its line-up ...", "... Xiangyun Foods USA Inc. Overseas revenue reached
    ...": two sentences each."""
    # each cut: where the sentence before ends (after its full stop) and where the next one starts
    piece = text[start:end]
    cuts = [(f.start() + 1, f.end()) for f in _AMPERSAND_NAME_END.finditer(text, start, end)] if "&" in piece else []
    cuts += [
        (f.start() + f.group().index(".") + 1, f.end())
        for f in _LEGAL_FORM_END.finditer(text, start, end)
        if known_word(f.group("word"))  # "Overseas", "The": a word of the language, which a name would not be
    ]
    out = []
    for stop, resume in sorted(cuts):
        out.append((start, stop))
        start = resume
    return [*out, (start, end)]


#: The longest stretch read as one sentence. Real sentences are far shorter; a run-on text (a list with no full
#: stop, a table flattened into a line) is read in pieces, so the work per sentence, and so extraction, stays
#: linear in the size of the input.
MAX_SENTENCE_CHARS = 600
_SOFT_BREAK = re.compile(r"[;,]\s|\s")


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most :data:`MAX_SENTENCE_CHARS`, at a semicolon, comma or space."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        breaks = [m.end() for m in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit)]
        strong = [m.end() for m in re.finditer(r"[;,]\s", text[start + MAX_SENTENCE_CHARS // 2 : limit])]
        cut = (start + MAX_SENTENCE_CHARS // 2 + strong[-1]) if strong else (breaks[-1] if breaks else limit)
        piece_end = start + len(text[start:cut].rstrip())
        out.append((start, piece_end))
        start = cut
    out.append((start, end))
    return out


def _is_heading(line: str) -> bool:
    return not _ENDS_SENTENCE.search(line) and len(line.split()) <= 24
