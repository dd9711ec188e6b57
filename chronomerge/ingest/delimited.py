"""Read delimited text (.csv, .tsv, .txt) into a raw table.

The encoding is decided in a fixed order: a byte-order mark, then UTF-8, then
Windows-1252 (what Excel writes on UK machines), and only then a detector
limited to likely encodings: unrestricted detectors read short UK files as
Japanese or Central European and turn "£" into "Ł". The delimiter is the one
that splits the first records most consistently. Quoted cells may hold line
breaks; each record keeps its number as a spreadsheet would show it.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections import Counter

import pandas as pd

from .raw import RawTable

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a UK agency's export may plausibly be in, for the detector.
LIKELY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
DELIMITERS = (",", "\t", ";", "|")
_SAMPLE_CHARS = 64 * 1024

csv.field_size_limit(64 * 1024 * 1024)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    for name in ("utf-8", "cp1252"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=LIKELY_ENCODINGS).best()
        if best is not None and best.encoding:
            return str(best), best.encoding
    except (ImportError, LookupError, UnicodeDecodeError):
        pass
    return data.decode("latin-1"), "latin_1"


def sniff_delimiter(text: str, suffix: str = "") -> str:
    """The delimiter that gives the first records the most consistent width."""
    return _sniff(text, suffix)[0]


def _sniff(text: str, suffix: str = "") -> tuple[str, int]:
    """(delimiter, widest record in the sample)."""
    sample = text[:_SAMPLE_CHARS]
    cut = sample.rfind("\n")
    if len(text) > _SAMPLE_CHARS and cut > 0:
        sample = sample[:cut]
    best = ("\t" if suffix == ".tsv" else ",", (0.0, 0))
    widest = {best[0]: 1}
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        widths = [
            len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r
        ]
        if not widths:
            continue
        widest[delimiter] = max(widths)
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count / len(widths), width)
        if score > best[1]:
            best = (delimiter, score)
    return best[0], widest.get(best[0], 1)


def _parse_fast(text: str, delimiter: str, width: int) -> list[list[str]] | None:
    """Records parsed by pandas' C parser (about twice as fast as csv), or
    None when a record is wider than the sample's widest or a quote is left
    open: the csv module then reads the file.
    """
    try:
        with warnings.catch_warnings():
            # A record wider than ``names`` would shift or lose cells: refuse.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = _read_frame(text, delimiter, width)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, UnicodeError):
        return None
    columns = [frame[c].tolist() for c in frame.columns]
    return list(map(list, zip(*columns, strict=True)))


def _read_frame(text: str, delimiter: str, width: int) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(text.encode("utf-8")),
        sep=delimiter,
        header=None,
        names=range(max(width, 1)),
        dtype=object,
        na_filter=False,
        keep_default_na=False,
        skip_blank_lines=False,
        engine="c",
        encoding="utf-8",
        quotechar='"',
        doublequote=True,
        index_col=False,
    )


def read_delimited(data: bytes, suffix: str = "") -> tuple[RawTable, dict[str, str]]:
    """The records of a delimited text file as one raw table.

    Returns:
        The table (location "", numbers = record numbers from 1) and what was
        detected: {"encoding": ..., "delimiter": ...}.
    """
    text, encoding = decode(data)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter, width = _sniff(text, suffix)
    rows = _parse_fast(text, delimiter, width) if len(text) > _SAMPLE_CHARS else None
    if rows is None:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = list(reader)
    table = RawTable(
        location="", rows=rows, numbers=range(1, len(rows) + 1), plain=True
    )
    return table, {"encoding": encoding, "delimiter": delimiter}
