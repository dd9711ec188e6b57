"""Writers of real test files (xlsx, docx, csv) for the ingest tests."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from lxml import etree
from openpyxl import Workbook

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    merges: dict[str, list[str]] | None = None,
    hidden_rows: dict[str, list[int]] | None = None,
    hidden_sheets: Iterable[str] = (),
    text: bool = True,
) -> Path:
    """A workbook with one sheet per entry; strings stay text (even "=1+1")."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if text and isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
        for ref in (merges or {}).get(name, []):
            sheet.merge_cells(ref)
        for number in (hidden_rows or {}).get(name, []):
            sheet.row_dimensions[number].hidden = True
        if name in set(hidden_sheets):
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def write_docx(
    path: Path,
    tables: Sequence[Sequence[Sequence[str]]],
    *,
    before: Sequence[str] = (),
    between: Sequence[str] = (),
) -> Path:
    """A Word document: paragraphs ``before``, then the tables in order."""
    document = Document()
    for line in before:
        document.add_paragraph(line)
    for index, rows in enumerate(tables):
        if index and between:
            for line in between:
                document.add_paragraph(line)
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    table.cell(r, c).text = value
    document.save(path)
    return path


def edit_docx(path: Path, edit: Callable[[etree._Element], None]) -> Path:
    """Rewrite word/document.xml of a docx with ``edit`` (given the root)."""
    with zipfile.ZipFile(path) as source:
        parts = {i: source.read(i) for i in source.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


def w(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(W + tag)
    for key, value in attrs.items():
        element.set(W + key, value)
    return element


def run(text: str, tag: str = "t") -> etree._Element:
    r = w("r")
    t = etree.SubElement(r, W + tag)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def paragraph(*runs: etree._Element) -> etree._Element:
    p = w("p")
    for r in runs:
        p.append(r)
    return p


def cells_of(root: etree._Element, table: int = 0) -> list[list[etree._Element]]:
    tbl = root.findall(f".//{W}tbl")[table]
    return [tr.findall(f"{W}tc") for tr in tbl.findall(f"{W}tr")]


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    newline: str = "\r\n",
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def codes(result: Any) -> list[str]:
    return [issue.code for issue in result.issues]
