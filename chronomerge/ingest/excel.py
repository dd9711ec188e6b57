"""Read workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) into raw tables.

python-calamine reads the cell values (the cached results of formulas, real
date cells; it never evaluates a formula or runs a macro) several times faster
than openpyxl. What calamine does not tell, which rows are hidden, is read
from the sheet's XML directly, with a scan instead of a full parse.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
    XmlError,
    ZipError,
)

from ..review import Limits
from .headers import HEADER_WINDOW
from .raw import RawTable
from .safety import FileProblem, safe_xml_parser_options

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HIDDEN_ROW = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>'
)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_label(index: int) -> str:
    return f"Column {column_letter(index)}"


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(**safe_xml_parser_options())
    return etree.fromstring(data, parser)


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside an .xlsx/.xlsm package."""
    try:
        book = _parse(package.read("xl/workbook.xml"))
        rels = _parse(package.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, etree.XMLSyntaxError):
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter(f"{{{_NS_PKG}}}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{{{_NS_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_NS_REL}}}id"), "")
        if not target:
            continue
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = path
    return parts


def hidden_rows(package: zipfile.ZipFile, part: str) -> set[int]:
    """Row numbers marked hidden in a sheet's XML (filtered or hidden rows)."""
    try:
        data = package.read(part)
    except KeyError:
        return set()
    if b'hidden="' not in data:
        return set()
    rows: set[int] = set()
    for match in _HIDDEN_ROW.finditer(data):
        number = _ROW_NUMBER.search(match.group(0))
        if number:
            rows.add(int(number.group(1)))
    return rows


def _fill_merges(rows: list[list[Any]], merges: list[Any], limit: int) -> None:
    """Give every cell of a merged range the value of its top-left cell."""
    width = len(rows[0]) if rows else 0
    for (r0, c0), (r1, c1) in merges:
        if r0 >= len(rows):
            continue
        top = rows[r0]
        value = top[c0] if c0 < len(top) else ""
        if value is None or value == "":
            continue
        last = min(r1, limit - 1)
        while len(rows) <= last:
            rows.append([""] * width)
        for r in range(r0, last + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if r != r0 or c != c0:
                    row[c] = value


def read_workbook(
    path: Path, limits: Limits, package: zipfile.ZipFile | None = None
) -> list[RawTable]:
    """Every worksheet of a workbook as a raw table, in workbook order.

    Args:
        path: the workbook.
        limits: the review file's limits (rows read per sheet).
        package: the opened zip package of an .xlsx/.xlsm, for hidden rows.

    Raises:
        FileProblem: when the workbook cannot be opened.
    """
    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise FileProblem("file-encrypted") from exc
    except (CalamineError, ZipError, XmlError, OSError, ValueError) as exc:
        raise FileProblem("file-corrupt", detail=_plain(exc)) from exc
    parts = sheet_parts(package) if package is not None else {}
    tables: list[RawTable] = []
    limit = limits.max_rows + HEADER_WINDOW + 2
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                tables.append(
                    RawTable(meta.name, [], [], skip_reason="it holds no cells")
                )
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False, nrows=limit)
            try:
                merges = sheet.merged_cell_ranges or []
            except (CalamineError, AttributeError):
                merges = []
            if merges:
                _fill_merges(rows, merges, limit)
            hidden = set()
            if package is not None and meta.name in parts:
                hidden = hidden_rows(package, parts[meta.name])
            tables.append(
                RawTable(
                    location=meta.name,
                    rows=rows,
                    numbers=range(1, len(rows) + 1),
                    hidden=hidden,
                    column_label=_column_label,
                    hidden_sheet=meta.visible != SheetVisibleEnum.Visible,
                )
            )
    except (CalamineError, ZipError, XmlError) as exc:
        raise FileProblem("file-corrupt", detail=_plain(exc)) from exc
    finally:
        book.close()
    return tables


def _plain(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return f"the workbook's contents are damaged ({text[:160]})"
