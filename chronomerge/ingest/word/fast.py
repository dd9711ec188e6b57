"""A fast path for Word tables: scan the document XML instead of building it.

Building an lxml tree costs tens of microseconds per table row; a scan with
compiled regular expressions over the raw XML costs a fraction of that. The
scan only handles what Word writes for plain rows (prefix ``w``, UTF-8, text
runs, tabs, breaks, merged cells, content controls, tracked changes): any row
holding something else (a nested table, alternate content, tab stops, XML
comments) is parsed with lxml instead, by the same rules as
:mod:`chronomerge.ingest.word`. Tests run both on the same files.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from ..raw import RawTable
from ..safety import FileProblem, safe_xml_parser_options
from .cells import CONTINUED, row_cells, word_table

W_URI = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TABLE_OR_ROW = re.compile(rb"<(/?)w:(tbl|tr)(?=[\s>/])")
_CELL_CLOSE = b"</w:tc>"
_ROW_CLOSE = b"</w:tr>"
_CHUNK = 4 * 1024 * 1024  # bytes of a table read at a time
_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_SPECIAL = re.compile(rb"<w:(?:tab|br|cr|noBreakHyphen)(?=[\s/>])")
_TOKENS = re.compile(
    rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:(p|tab|br|cr|noBreakHyphen)(?=[\s/>])"
)
_GRID_SPAN = re.compile(rb'<w:gridSpan\s+w:val="(\d+)"')
_GRID_BEFORE = re.compile(rb'<w:gridBefore\s+w:val="(\d+)"')
_VMERGE = re.compile(rb"<w:vMerge\b([^>]*)>")
_RESTART = re.compile(rb'w:val="restart"')
# Anything in a row that the scan does not handle sends the row to lxml.
_SLOW_MARKERS = (b"<w:tbl>", b"<w:tbl ", b"AlternateContent", b"<w:tabs", b"<!")
_TITLE_WINDOW = 20_000


def fast_path_possible(head: bytes) -> bool:
    """True for UTF-8 documents that use the usual ``w`` prefix."""
    declaration = head[: head.find(b"?>") + 2] if head.startswith(b"<?xml") else b""
    encoding = re.search(rb'encoding=["\']([\w.-]+)', declaration)
    if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b'xmlns:w="' + W_URI + b'"' in head and b"<w:document" in head


def _namespaces(data: bytes) -> bytes:
    """The namespace declarations of the document's root element."""
    start = data.find(b"<w:document")
    end = data.find(b">", start)
    return b" ".join(re.findall(rb'xmlns(?::\w+)?="[^"]*"', data[start:end]))


def _cell_text(cell: bytes) -> str:
    """Text of a cell or paragraphs: paragraphs on their own lines."""
    parts: list[bytes] = []
    first = True
    for text, tag in _TOKENS.findall(cell):
        if not tag:
            parts.append(text)
        elif tag == b"p":
            if not first:
                parts.append(b"\n")
            first = False
        elif tag == b"tab":
            parts.append(b"\t")
        elif tag == b"noBreakHyphen":
            parts.append(b"-")
        else:
            parts.append(b"\n")
    joined = b"".join(parts)
    value = joined.decode("utf-8")
    if b"&" in joined:
        value = html.unescape(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


_ROW_SPECIAL = re.compile(
    rb"<w:(?:tab|br|cr|noBreakHyphen|gridSpan|vMerge|gridBefore)(?=[\s/>])"
)


def _simple_row(row: bytes) -> list[str] | None:
    """Text of a row whose cells each hold one paragraph of plain runs.

    Most rows are like this, and the checks are made once for the row.
    Returns None for any other row.
    """
    cells = row.split(_CELL_CLOSE)[:-1]
    paragraphs = row.count(b"</w:p>") + row.count(b"<w:p/>")
    if paragraphs != len(cells) or _ROW_SPECIAL.search(row):
        return None
    findall = _TEXT.findall
    joined = b"\x00".join([b"".join(findall(cell)) for cell in cells])
    value = joined.decode("utf-8")
    if b"&" in joined:
        value = html.unescape(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return [cell.strip() for cell in value.split("\x00")] if cells else []


def row_fast(row: bytes) -> list[str]:
    """A plain table row as text per grid column.

    The row is cut at each cell's end tag; what precedes a cell's start in its
    piece (row properties, content-control properties) holds no text.
    """
    simple = _simple_row(row)
    if simple is not None:
        return simple
    texts: list[str] = []
    if b"gridBefore" in row:
        found = _GRID_BEFORE.search(row)
        if found:
            texts.extend([""] * int(found.group(1)))
    for cell in row.split(_CELL_CLOSE)[:-1]:
        span = 1
        if b"gridSpan" in cell:
            found = _GRID_SPAN.search(cell)
            span = max(int(found.group(1)), 1) if found else 1
        if b"vMerge" in cell:
            found = _VMERGE.search(cell)
            if found and not _RESTART.search(found.group(1)):
                texts.append(CONTINUED)
                texts.extend([""] * (span - 1))
                continue
        if cell.count(b"</w:p>") + cell.count(b"<w:p/>") <= 1 and not _SPECIAL.search(
            cell
        ):
            joined = b"".join(_TEXT.findall(cell))
            value = joined.decode("utf-8")
            if b"&" in joined:
                value = html.unescape(value)
            if "\r" in value:
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            texts.append(value.strip())
        else:
            texts.append(_cell_text(cell))
        if span > 1:
            texts.extend([""] * (span - 1))
    return texts


class _SlowRows:
    """Parses single rows with lxml, with the document's namespaces declared."""

    def __init__(self, data: bytes) -> None:
        self.open = b"<root " + _namespaces(data) + b">"
        self.parser = etree.XMLParser(**safe_xml_parser_options())

    def __call__(self, row: bytes) -> list[str]:
        try:
            root = etree.fromstring(self.open + row + b"</root>", self.parser)
        except etree.XMLSyntaxError as exc:
            raise FileProblem(
                "file-corrupt", detail=f"its text could not be read ({exc.msg})"
            ) from exc
        return row_cells(root[0])


def page_titles(part: bytes) -> list[str]:
    """Lines of a page header part (word/header1.xml)."""
    return _titles(part) if b"<w:" in part else []


def _titles(region: bytes) -> list[str]:
    """Lines of the paragraphs between two tables (the last few only)."""
    region = region[-_TITLE_WINDOW:]
    lines: list[str] = []
    for paragraph in region.split(b"</w:p>"):
        text = _cell_text(paragraph)
        if text:
            lines.extend(line for line in text.split("\n") if line.strip())
    return lines


_TABLE_TAG = re.compile(rb"<(/?)w:tbl(?=[\s>])")


def _table_spans(data: bytes) -> list[tuple[int, int, bool]]:
    """(start, end, has nested tables) of every top-level table."""
    spans: list[tuple[int, int, bool]] = []
    depth = 0
    start = 0
    nested = False
    for match in _TABLE_TAG.finditer(data):
        if match.group(1):
            depth -= 1
            if depth == 0:
                spans.append((start, data.find(b">", match.end()) + 1, nested))
            depth = max(depth, 0)
        else:
            if depth == 0:
                start = match.start()
                nested = False
            else:
                nested = True
            depth += 1
    if depth != 0:
        raise FileProblem(
            "file-corrupt",
            detail="its last table is cut short (the file is incomplete)",
        )
    return spans


_ROW_OPEN = re.compile(rb"<w:tr(?=[\s>])")


def _row_start(piece: bytes) -> int:
    found = _ROW_OPEN.search(piece)
    return found.start() if found else -1


def _bulk_rows(table: bytes) -> list[list[str]] | None:
    """Rows of a table in which every cell is one paragraph of plain runs.

    The checks are made once for the whole table, and its text is decoded in
    one go: most tables are like this. Returns None for any other table.
    """
    if _ROW_SPECIAL.search(table) or any(m in table for m in _SLOW_MARKERS[2:]):
        return None
    cells = table.count(_CELL_CLOSE)
    if table.count(b"</w:p>") + table.count(b"<w:p/>") != cells:
        return None
    findall = _TEXT.findall
    rows = [
        b"\x00".join(
            [b"".join(findall(cell)) for cell in piece.split(_CELL_CLOSE)[:-1]]
        )
        for piece in table.split(_ROW_CLOSE)[:-1]
        if _row_start(piece) >= 0
    ]
    joined = b"\x01".join(rows)
    text = joined.decode("utf-8")
    if b"&" in joined:
        text = html.unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not rows:
        return []
    return [
        [cell.strip() for cell in row.split("\x00")] if row else []
        for row in text.split("\x01")
    ]


def _plain_rows(data: bytes, start: int, end: int, slow: _SlowRows) -> list[list[str]]:
    """Rows of a table without nested tables, read a few megabytes at a time
    (so a huge table is never copied whole), each part in one pass when it
    can be."""
    rows: list[list[str]] = []
    position = start
    while position < end:
        cut = data.find(_ROW_CLOSE, min(position + _CHUNK, end), end)
        cut = end if cut < 0 else cut + len(_ROW_CLOSE)
        chunk = data[position:cut]
        position = cut
        bulk = _bulk_rows(chunk)
        rows.extend(bulk if bulk is not None else _row_by_row(chunk, slow))
    return rows


def _row_by_row(chunk: bytes, slow: _SlowRows) -> list[list[str]]:
    rows: list[list[str]] = []
    for piece in chunk.split(_ROW_CLOSE)[:-1]:
        start = _row_start(piece)
        if start < 0:
            continue
        row = piece[start:]
        if any(marker in row for marker in _SLOW_MARKERS):
            rows.append(slow(row + _ROW_CLOSE))
        else:
            rows.append(row_fast(row + _ROW_CLOSE))
    return rows


def _nested_rows(table: bytes, slow: _SlowRows) -> list[list[str]]:
    """Rows of a table holding nested tables: top-level rows found by depth."""
    rows: list[list[str]] = []
    depth = 0
    row_start = -1
    for match in _TABLE_OR_ROW.finditer(table):
        closing, kind = match.group(1), match.group(2)
        if kind == b"tbl":
            depth += -1 if closing else 1
            continue
        if depth != 1:
            continue
        if not closing:
            row_start = match.start()
        elif row_start >= 0:
            rows.append(slow(table[row_start : match.end() + 1]))
            row_start = -1
    return rows


def read_tables_fast(data: bytes) -> list[RawTable]:
    """Every top-level table of a document, scanning its XML."""
    slow = _SlowRows(data)
    tables: list[RawTable] = []
    previous_end = 0
    for start, end, nested in _table_spans(data):
        titles = _titles(data[previous_end:start])
        previous_end = end
        if nested:
            rows = _nested_rows(data[start:end], slow)
        else:
            rows = _plain_rows(data, start, end, slow)
        tables.append(word_table(len(tables) + 1, rows, titles))
    return tables
