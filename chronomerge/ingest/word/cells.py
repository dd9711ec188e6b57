"""How Word lays out a table row's cells in its XML, as lxml sees it: the
rules both readers of a document share (the fast scan falls back to these for
a row it cannot read alone). Tracked deletions and moved-from text are
dropped; a cell spanning columns gives its text to its first column, a cell
merged down (vMerge) to every row it spans; content controls and custom XML
are looked through.
"""

from __future__ import annotations

from typing import Any

from ..raw import RawTable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TBL, _TR, _TC, _P, _T = W + "tbl", W + "tr", W + "tc", W + "p", W + "t"
_TAB, _BR, _CR, _NBH = W + "tab", W + "br", W + "cr", W + "noBreakHyphen"
_SDT, _SDT_CONTENT, _CUSTOM = W + "sdt", W + "sdtContent", W + "customXml"
_TCPR, _TRPR, _VAL = W + "tcPr", W + "trPr", W + "val"
_GRID_SPAN, _VMERGE = W + "gridSpan", W + "vMerge"
_GRID_BEFORE, _GRID_AFTER = W + "gridBefore", W + "gridAfter"
_DROPPED = (W + "del", W + "moveFrom", MC + "Fallback", W + "delText")
_TEXT_TAGS = (_P, _T, _TAB, _BR, _CR, _NBH)
_WRAPPERS = (_SDT, _SDT_CONTENT, _CUSTOM, W + "ins", W + "moveTo", W + "smartTag")
# What a reader gives for a cell that continues the merged cell above it
# (w:vMerge without val="restart"); :func:`word_table` replaces it with that
# cell's text. XML text can never hold a NUL, so no real cell reads as this.
CONTINUED = "\x00continued"


def _int(element: Any, default: int = 1) -> int:
    if element is None:
        return default
    try:
        return max(int(element.get(_VAL, default)), 0)
    except ValueError:
        return default


def drop_deleted(element: Any) -> None:
    """Remove tracked deletions and moved-from text from a parsed element."""
    for dropped in list(element.iter(*_DROPPED)):
        parent = dropped.getparent()
        if parent is not None:
            parent.remove(dropped)


def element_text(element: Any) -> str:
    """Text of an element as Word shows it: paragraphs on their own lines.

    Call :func:`drop_deleted` on it (or an ancestor) first.
    """
    parts: list[str] = []
    first = True
    for node in element.iter(*_TEXT_TAGS):
        tag = node.tag
        if tag == _T:
            if node.text:
                parts.append(node.text)
        elif tag == _P:
            if not first:
                parts.append("\n")
            first = False
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _NBH:
            parts.append("-")
        else:
            parts.append("\n")
    text = "".join(parts)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _cells(container: Any) -> list[Any]:
    """The w:tc of a row, looking through content controls and custom XML."""
    found: list[Any] = []
    for child in container:
        tag = child.tag
        if tag == _TC:
            found.append(child)
        elif tag in _WRAPPERS:
            found.extend(_cells(child))
    return found


def row_cells(tr: Any) -> list[str]:
    """A table row as text per grid column: a cell spanning columns gives its
    text to the first, a cell continuing a vertical merge reads CONTINUED."""
    drop_deleted(tr)
    props = tr.find(_TRPR)
    before = _int(props.find(_GRID_BEFORE), 0) if props is not None else 0
    texts: list[str] = [""] * before
    for tc in _cells(tr):
        props = tc.find(_TCPR)
        span = 1
        continued = False
        if props is not None:
            span = max(_int(props.find(_GRID_SPAN), 1), 1)
            vmerge = props.find(_VMERGE)
            continued = vmerge is not None and vmerge.get(_VAL, "continue") != "restart"
        texts.append(CONTINUED if continued else element_text(tc))
        if span > 1:
            texts.extend([""] * (span - 1))
    return texts


def word_table(number: int, rows: list[list[str]], titles: list[str]) -> RawTable:
    """A document's table as both readers give it: "table N", rows numbered
    from 1, the text above it as titles; it may continue the table before it
    (a table split over pages or by year). A cell merged down over several
    rows (one date for a day's entries) belongs to each of them: its text is
    copied into every row it spans, and the table notes where."""
    merged = carry_merged_down(rows)
    return RawTable(
        location=f"table {number}",
        rows=rows,
        numbers=range(1, len(rows) + 1),
        titles=titles,
        may_continue=True,
        plain=True,
        merged_down={i + 1: columns for i, columns in merged.items()},
    )


def carry_merged_down(rows: list[list[str]]) -> dict[int, list[int]]:
    """Replace each CONTINUED cell, in place, by the text of the cell above it
    (itself carried down, for a merge over many rows); returns row index ->
    the grid columns filled so. A merge with nothing above it stays empty."""
    merged: dict[int, list[int]] = {}
    previous: list[str] = []
    for i, row in enumerate(rows):
        if CONTINUED in row:
            filled = []
            for j, value in enumerate(row):
                if value == CONTINUED:
                    row[j] = previous[j] if j < len(previous) else ""
                    if row[j]:
                        filled.append(j)
            if filled:
                merged[i] = filled
        previous = row
    return merged
