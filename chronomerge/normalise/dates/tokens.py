"""Date text as tokens: cleaned, split into numbers, month names, separators
and small words, and summed up as a shape ("aMY" for "12 March 2019").

Token kinds: ``a`` a 1-2 digit number, ``b`` 3 digits, ``Y`` 4, ``X`` 5 (an
Excel serial), ``Z`` 8 (20190312), ``N`` any other; ``A`` a two-digit year
after an apostrophe ('19); ``M`` a month; ``S`` a season; ``T`` "term"; ``E``
early/mid/late; ``Q`` quarter; ``O`` an ordinal word; ``K``/``L`` week
commencing / ending; ``R``/``F`` academic / financial; ``y`` "year"; ``-`` a
separator; ``w`` any other word; ``U`` anything else.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .vocabulary import FILLERS, MONTHS, WEEK_PHRASES, WEEKDAYS, WORD_KINDS


class Tok(NamedTuple):
    kind: str  # a: 1-2 digits, b: 3, Y: 4, X: 5, Z: 8, N: other; A: 'yy; M month...
    value: int | str
    text: str
    ordinal: bool = False  # written 12th: a day, never a year or a month


_TOKEN = re.compile(r"\d+º?|[a-z]+|\S")
_SPACED = re.compile(r" [-/.\\] ")
_NUMBER_KIND = {1: "a", 2: "a", 3: "b", 4: "Y", 5: "X", 8: "Z"}
_DROP = Tok("", "", "")  # weekdays and brackets: no meaning for the interval
_PIECES: dict[str, Tok] = {}


def _piece(piece: str) -> Tok:
    """The token for a word or mark (cached: the vocabulary is small)."""
    found = _PIECES.get(piece)
    if found is not None:
        return found
    if piece in MONTHS:
        tok = Tok("M", MONTHS[piece], piece)
    elif piece in WORD_KINDS:
        tok = Tok(WORD_KINDS[piece], piece, piece)
    elif piece in WEEKDAYS or piece in "()[]:":
        tok = _DROP
    elif piece == "¦":
        tok = Tok("-", "spaced", "-")
    elif piece in "/.-\\":
        tok = Tok("-", piece, piece)
    elif piece.isalpha() or piece in ",;&":
        tok = Tok("w", piece, piece)  # a filler, a link word or an unknown word
    else:
        tok = Tok("U", piece, piece)
    if len(_PIECES) < 10_000:
        _PIECES[piece] = tok
    return tok


def tokenise(text: str) -> list[Tok]:
    """Numbers, words and separators; weekdays and brackets dropped.

    A separator with spaces on both sides (" - ") has the value "spaced": it
    can join the two ends of a range anywhere.
    """
    if " " in text:
        text = _SPACED.sub(" ¦ ", text)
    tokens: list[Tok] = []
    append = tokens.append
    apostrophe = False
    for piece in _TOKEN.findall(text):
        if "0" <= piece[0] <= "9":
            ordinal = piece[-1] == "º"
            digits = piece[:-1] if ordinal else piece
            if apostrophe and len(digits) == 2:
                append(Tok("A", int(digits), digits))
            else:
                kind = _NUMBER_KIND.get(len(digits), "N")
                append(Tok(kind, int(digits), digits, ordinal))
            apostrophe = False
        elif piece == "'":
            apostrophe = True
        else:
            tok = _piece(piece)
            if tok is not _DROP:
                append(tok)
            apostrophe = False
    return tokens


_UNICODE = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "`": "'",
        "\u00b4": "'",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "_": " ",
    }
)
_ORDINAL = re.compile(r"(\d)\s?(?:s\s?t|n\s?d|r\s?d|t\s?h)\b")
_AMPM = re.compile(r"\b([ap])\.\s?m\b\.?")
_HAS_ORDINAL = re.compile(r"\d\s?[snrt]")
_HAS_WEEK = re.compile(r"\bw(?:k|\s?[/.]\s?[cbe]|[cbe]\b|eek)")
_DOB = re.compile(r"\bd\.\s?o\.\s?b\.?|\bdob\b:?")


def clean(text: str) -> str:
    """Lower case, one space, plain dashes, ordinals and 'w/c' made plain."""
    text = " ".join(text.lower().translate(_UNICODE).split())
    if "." in text and "m" in text:
        text = _AMPM.sub(r"\1m", text)
    if _HAS_ORDINAL.search(text):
        text = _ORDINAL.sub("\\1º", text)
    if "w" in text and _HAS_WEEK.search(text):
        for pattern, replacement in WEEK_PHRASES:
            text = pattern.sub(replacement, text)
        text = " ".join(text.split())
    if "dob" in text or "d.o" in text:
        text = " ".join(_DOB.sub(" ", text).split())
    return text


def shape_of(tokens: list[Tok]) -> tuple[str, list[Tok]]:
    """The shape of a single reading: separators next to words dropped, except
    in "Mar-19" (a month then a two-digit year); fillers and commas dropped."""
    kept: list[Tok] = []
    for tok in tokens:
        if tok.kind == "w" and (tok.value in FILLERS or tok.value == ","):
            continue
        kept.append(tok)
    out: list[Tok] = []
    last = len(kept) - 1
    for i, tok in enumerate(kept):
        if tok.kind == "-":
            if not out or i == last or out[-1].kind == "-":
                continue
            before, after = out[-1].kind, kept[i + 1].kind
            numeric = before in "abYA" and after in "abYA-"
            month_year = (before == "M" and after == "a" and i + 1 == last) or (
                before == "Y" and after == "a" and i + 1 == last
            )
            if not (numeric or month_year or (before == "S" and after == "Y")):
                continue
        out.append(tok)
    while out and out[-1].kind == "-":
        out.pop()
    return "".join(t.kind for t in out), out


def number_tok(digits: str) -> Tok:
    return Tok(_NUMBER_KIND.get(len(digits), "N"), int(digits), digits)
