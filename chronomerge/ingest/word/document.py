"""Read the tables of a Word document (.docx, .docm) into raw tables.

python-docx's table API loses text that sits in content controls, drops
tracked insertions and will not open .docm files, so the document XML is
walked directly: every top-level table in document order, each row with its
cells on the table grid. Merged cells give their text once: a cell spanning
columns (gridSpan) to its first column, a vertical merge (vMerge) to the row it
starts in. Text inside content controls, tracked insertions and nested tables
stays in its cell; deleted text (tracked deletions) is dropped.

The XML is parsed incrementally (iterparse) and each row is released once
read, so a 100,000-row table does not hold the whole tree in memory. The
parser never resolves entities and never reaches the network.
"""

from __future__ import annotations

import zipfile
from typing import Any

from lxml import etree

from ..raw import RawTable
from ..safety import FileProblem, safe_xml_parser_options
from .cells import (
    _TBL,
    _TR,
    W,
    drop_deleted,
    element_text,
    row_cells,
    word_table,
)
from .fast import fast_path_possible, page_titles, read_tables_fast

DOCUMENT_PART = "word/document.xml"


def _body_level(element: Any, body: Any) -> Any:
    while element.getparent() is not None and element.getparent() is not body:
        element = element.getparent()
    return element


def _preceding_text(anchor: Any) -> list[str]:
    """Text of the paragraphs before a table (since the previous table)."""
    siblings = list(anchor.itersiblings(preceding=True))
    lines: list[str] = []
    for sibling in reversed(siblings):
        drop_deleted(sibling)
        text = element_text(sibling)
        if text:
            lines.extend(line for line in text.split("\n") if line.strip())
    parent = anchor.getparent()
    for sibling in siblings:
        parent.remove(sibling)
    return lines


def read_document(package: zipfile.ZipFile) -> list[RawTable]:
    """Every top-level table of a Word document, in document order.

    Raises:
        FileProblem: "no-table" when the document holds no table, or
            "file-corrupt"/"file-unsafe" when its XML cannot be read.
    """
    try:
        info = package.getinfo(DOCUMENT_PART)
    except KeyError as exc:
        raise FileProblem(
            "file-corrupt", detail="it has no document body (it is not a Word file)"
        ) from exc
    with package.open(info) as stream:
        head = stream.read(4096)
    if fast_path_possible(head):
        try:
            data = package.read(info)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise FileProblem(
                "file-corrupt", detail=f"it is incomplete ({exc})"
            ) from exc
        tables = read_tables_fast(data)
    else:
        tables = read_tables_lxml(package.open(info))
    if not tables:
        raise FileProblem("no-table")
    page_titles = _page_header_lines(package)
    for table in tables:
        table.titles.extend(page_titles)
    return tables


def _page_header_lines(package: zipfile.ZipFile) -> list[str]:
    """Text of the page headers ("Wexmoor Police - chronology"), read last."""
    lines: list[str] = []
    for name in sorted(package.namelist()):
        if name.startswith("word/header") and name.endswith(".xml"):
            for line in page_titles(package.read(name)):
                if line not in lines:
                    lines.append(line)
    return lines


def read_tables_lxml(stream: Any) -> list[RawTable]:
    """Every top-level table, walking the XML with lxml (any namespace prefix)."""
    tables: list[RawTable] = []
    depth = 0
    body = None
    rows: list[list[str]] = []
    titles: list[str] = []
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=(_TBL, _TR, W + "body"),
        **safe_xml_parser_options(),
    )
    try:
        with stream:
            for event, element in events:
                tag = element.tag
                if tag == W + "body":
                    body = element if event == "start" else body
                    continue
                if tag == _TBL:
                    if event == "start":
                        depth += 1
                        if depth == 1:
                            titles = []
                            if body is not None:
                                titles = _preceding_text(_body_level(element, body))
                            rows = []
                        continue
                    depth -= 1
                    if depth == 0:
                        tables.append(word_table(len(tables) + 1, rows, titles))
                        _release(element, body)
                    continue
                if event == "end" and depth == 1:
                    rows.append(row_cells(element))
                    element.clear()
                    parent = element.getparent()
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        raise FileProblem(
            "file-corrupt", detail=f"its text could not be read ({exc.msg})"
        ) from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise FileProblem("file-corrupt", detail=f"it is incomplete ({exc})") from exc
    docinfo = events.root.getroottree().docinfo if events.root is not None else None
    if docinfo is not None and (docinfo.internalDTD or docinfo.doctype):
        raise FileProblem(
            "file-unsafe",
            detail="its text declares XML entities, which Word never writes",
        )
    return tables


def _release(table: Any, body: Any) -> None:
    """Drop a finished table from the tree to keep memory flat."""
    anchor = _body_level(table, body) if body is not None else table
    parent = anchor.getparent()
    if parent is not None and anchor is table:
        parent.remove(table)
    else:
        table.clear()
