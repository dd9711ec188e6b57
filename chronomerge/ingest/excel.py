"""Read workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) into raw tables.

python-calamine reads the cell values (the cached results of formulas, real
date cells; it never evaluates a formula or runs a macro) several times faster
than openpyxl. What calamine does not tell, which rows are hidden, is read
from the sheet's XML directly, with a scan instead of a full parse.
"""

from __future__ import annotations

import io
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


EXCEL_ROWS = 1_048_576  # the most rows a worksheet can have


def _fill_merges(rows: dict[int, list[Any]], merges: list[Any]) -> None:
    """Give every cell of a merged range the value of its top-left cell."""
    for (r0, c0), (r1, c1) in merges:
        top = rows.get(r0)
        if top is None:
            continue
        value = top[c0] if c0 < len(top) else ""
        if value is None or value == "":
            continue
        for r in range(r0, min(r1, EXCEL_ROWS - 1) + 1):
            row = rows.setdefault(r, [])
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if r != r0 or c != c0:
                    row[c] = value


def _trimmed(row: list[Any]) -> list[Any]:
    """A row without its trailing empty cells (a wide sheet costs its cells)."""
    end = len(row)
    while end and (row[end - 1] == "" or row[end - 1] is None):
        end -= 1
    return row if end == len(row) else row[:end]


def _sheet_cells(sheet: Any) -> dict[int, list[Any]]:
    """The sheet's non-blank rows by 0-based row index.

    calamine hands over every row of the used range, blank or not, each as
    wide as the widest row; only rows with a value are kept, without their
    trailing blanks, so a row far down the sheet or a sheet 16,000 columns
    wide is read without holding a million blank cells.
    """
    start_col = (sheet.start or (0, 0))[1]
    end_row = (sheet.end or (0, 0))[0]
    rows: dict[int, list[Any]] = {}
    count = 0
    pad = [""] * start_col
    for count, row in enumerate(sheet.iter_rows(), start=1):  # noqa: B007
        row = _trimmed(row)
        if row:
            rows[count - 1] = pad + row if start_col else row
    # iter_rows starts at the first row of the sheet or of its used range.
    offset = end_row + 1 - count if count else 0
    if offset > 0:
        rows = {i + offset: r for i, r in rows.items()}
    return rows


def _dense(
    rows: dict[int, list[Any]],
) -> tuple[list[list[Any]], list[int]]:
    """Rows in order with the row numbers a person sees; a long run of blank
    rows is shortened to two, enough to keep tables apart."""
    out: list[list[Any]] = []
    numbers: list[int] = []
    last = -1
    for index in sorted(rows):
        gap = index - last - 1
        for blank in range(last + 1, last + 1 + min(gap, 2)):
            out.append([])
            numbers.append(blank + 1)
        out.append(rows[index])
        numbers.append(index + 1)
        last = index
    return out, numbers


def read_workbook(
    source: Path | bytes,
    limits: Limits,
    package: zipfile.ZipFile | None = None,
) -> list[RawTable]:
    """Every worksheet of a workbook as a raw table, in workbook order.

    Args:
        source: the workbook's bytes as read once (or its path).
        limits: the review file's limits.
        package: the opened zip package of an .xlsx/.xlsm, for hidden rows and
            formulas whose results were never saved.

    Raises:
        FileProblem: when the workbook cannot be opened.
    """
    try:
        if isinstance(source, bytes):
            book = CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            book = CalamineWorkbook.from_path(str(source))
    except PasswordError as exc:
        raise FileProblem("file-encrypted") from exc
    except (CalamineError, ZipError, XmlError, OSError, ValueError) as exc:
        raise FileProblem("file-corrupt", detail=_plain(exc)) from exc
    parts = sheet_parts(package) if package is not None else {}
    tables: list[RawTable] = []
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                tables.append(
                    RawTable(meta.name, [], [], skip_reason="it holds no cells")
                )
                continue
            sheet = book.get_sheet_by_name(meta.name)
            cells = _sheet_cells(sheet)
            try:
                merges = sheet.merged_cell_ranges or []
            except (CalamineError, AttributeError):
                merges = []
            if merges:
                _fill_merges(cells, merges)
            hidden: set[int] = set()
            formulas: dict[int, list[str]] = {}
            if package is not None and meta.name in parts:
                hidden = hidden_rows(package, parts[meta.name])
                formulas = fill_unsaved_formulas(package, parts[meta.name], cells)
            rows, numbers = _dense(cells)
            tables.append(
                RawTable(
                    location=meta.name,
                    rows=rows,
                    numbers=numbers,
                    hidden=hidden,
                    column_label=_column_label,
                    hidden_sheet=meta.visible != SheetVisibleEnum.Visible,
                    unsaved_formulas=formulas,
                    skip_reason="" if rows else "it holds no cells",
                )
            )
    except (CalamineError, ZipError, XmlError) as exc:
        raise FileProblem("file-corrupt", detail=_plain(exc)) from exc
    finally:
        book.close()
    return tables


_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>]")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_CELL_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c>|<(?:[A-Za-z_][\w.-]*:)?c[\s>]")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>[^<]|<(?:[A-Za-z_][\w.-]*:)?is[\s>]")
_FORMULA_TEXT = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?f>)", re.S
)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def fill_unsaved_formulas(
    package: zipfile.ZipFile, part: str, cells: dict[int, list[Any]]
) -> dict[int, list[str]]:
    """Put the formula's own text in cells whose result was never saved.

    A workbook written by a program rather than by Excel can hold formulas
    with no cached result; chronomerge never calculates a formula, so such a
    cell would read as empty and a row of them would be lost. The formula's
    text ("=DATE(2019,2,3)") is kept instead, and the cells are returned
    (row number -> cell references) so the row can be reported.
    """
    try:
        data = package.read(part)
    except KeyError:
        return {}
    found: dict[int, list[str]] = {}
    position = 0
    for match in _FORMULA.finditer(data):
        if match.start() < position:
            continue  # a second formula tag inside the cell just read
        cell_start = data.rfind(b"<", 0, match.start())
        while cell_start > 0 and not _CELL_START.match(data, cell_start):
            cell_start = data.rfind(b"<", 0, cell_start)
        close = _CELL_END.search(data, match.end())
        position = close.end() if close else len(data)
        body = data[cell_start:position]
        if cell_start < 0 or _VALUE.search(body):
            continue
        ref = _CELL_REF.search(body)
        if ref is None:
            continue
        column, row = _column_index(ref.group(1)), int(ref.group(2)) - 1
        text_match = _FORMULA_TEXT.search(body)
        formula = (text_match.group(1) or b"") if text_match else b""
        shown = "=" + _unescape(formula) if formula.strip() else "(a formula)"
        values = cells.setdefault(row, [])
        if len(values) <= column:
            values.extend([""] * (column + 1 - len(values)))
        if values[column] in ("", None):
            values[column] = shown
            found.setdefault(row + 1, []).append(
                ref.group(1).decode() + ref.group(2).decode()
            )
    return found


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    for entity, char in (
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&apos;", "'"),
        ("&amp;", "&"),
    ):
        text = text.replace(entity, char)
    return text


def _plain(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return f"the workbook's contents are damaged ({text[:160]})"
