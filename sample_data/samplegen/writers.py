"""Write each agency's file in its own layout, and say where each entry sits.

Every writer returns, for each record, (record, source_location, source_row,
date_text) as the contract defines them: sheet name and worksheet row for a
workbook; ``table N`` and the row inside that table (header rows counted) for
Word; ``""`` and the record number (header = 1) for CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from chronomerge.export.repeatable import FIXED_DATETIME, make_repeatable

from .history import Record

Placed = tuple[Record, str, int, str]
W_NS = nsmap["w"]
Writer = Callable[[Path, list[Record], random.Random], list[Placed]]
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
WORKERS = {
    "police": ["PC 4471", "PC 2380", "DC 2210", "DS 1187", "PS 903"],
    "csc": ["SW1", "SW2", "SW3", "TM1", "Student SW"],
    "hv": ["HV1", "HV2", "CNN1"],
    "gp": ["GP1", "GP2", "Practice nurse", "GP registrar"],
    "school": ["DSL", "Deputy DSL", "Class teacher", "Attendance officer"],
    "midwifery": ["MW1", "MW2", "MW3"],
    "amh": ["CPN", "Care coordinator", "Psychiatrist"],
    "housing": ["Housing Officer 2", "Income Officer", "Repairs"],
    "idva": ["IDVA1", "IDVA2"],
}


def date_text(record: Record) -> str:
    return record.reading.text


def _save_workbook(wb: Workbook, path: Path, creator: str) -> None:
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = FIXED_DATETIME
    wb.properties.modified = FIXED_DATETIME
    wb.save(path)
    make_repeatable(path)


def _save_document(doc: docx.document.Document, path: Path, author: str) -> None:
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME
    props.revision = 1
    doc.save(path)
    make_repeatable(path)


def _header(ws, row: int, names: list[str], widths: list[int]) -> None:
    for col, (name, width) in enumerate(zip(names, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=name)
        cell.font = BOLD
        ws.column_dimensions[cell.column_letter].width = width


def police(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """Title rows above the header; date and time in one text cell."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Police chronology"
    ws["A1"] = "WEXMOOR POLICE - PUBLIC PROTECTION UNIT"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Chronology of police involvement: Child A (LCSPR)"
    ws["A3"] = (
        "OFFICIAL-SENSITIVE. Prepared for the Wexmoor Safeguarding Children "
        "Partnership. Times are 24 hour."
    )
    _header(
        ws,
        5,
        ["Date/Time", "Occurrence No.", "Type", "Details", "Officer", "Action/Outcome"],
        [18, 16, 20, 80, 10, 28],
    )
    placed = []
    for i, record in enumerate(records):
        row = 6 + i
        text = date_text(record) + (f" {record.time}" if record.time else "")
        year = record.date.year % 100
        values = [
            text,
            f"WX/{year:02d}/{record.rid * 37 % 90000 + 10000:06d}",
            record.ctype,
            record.description,
            rng.choice(WORKERS["police"]),
            record.outcome,
        ]
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value).alignment = WRAP
        placed.append((record, ws.title, row, text))
    _save_workbook(wb, path, "Wexmoor Police")
    return placed


GUIDANCE = [
    "How to complete this chronology",
    "1. Record every significant event in date order, one event a row.",
    "2. Use the Type of contact drop-down where you can.",
    "3. Write for a reader outside your agency: avoid jargon and abbreviations.",
    "4. Do not delete rows; mark corrections in the Outcome column.",
    "5. Return the completed workbook to the review lead by the agreed date.",
]


def csc(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """A guidance sheet first; real date cells, a few serial numbers typed as
    text, and some merged cells."""
    wb = Workbook()
    guide = wb.active
    guide.title = "Guidance"
    for i, line in enumerate(GUIDANCE, start=1):
        guide.cell(row=i, column=1, value=line)
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 90
    ws = wb.create_sheet("Chronology")
    _header(
        ws, 1, ["Date", "Type of contact", "Details", "Outcome", "Worker"],
        [13, 22, 80, 30, 12],
    )  # fmt: skip
    ws.freeze_panes = "A2"
    placed = []
    workers = _runs(records, rng)
    for i, record in enumerate(records):
        row = 2 + i
        cell = ws.cell(row=row, column=1, value=record.reading.cell_value)
        cell.number_format = (
            "DD/MM/YYYY" if isinstance(record.reading.cell, dt.datetime) else "@"
        )
        ws.cell(row=row, column=2, value=record.ctype)
        ws.cell(row=row, column=3, value=record.description).alignment = WRAP
        ws.cell(row=row, column=4, value=record.outcome or None)
        ws.cell(row=row, column=5, value=workers[i])
        placed.append((record, ws.title, row, record.reading.text))
    # Merged cells: a worker's run of visits, and details spilling into Outcome.
    runs = [
        i
        for i in range(len(records) - 2)
        if workers[i] == workers[i + 1] == workers[i + 2]
    ]
    last = -3
    for i in sorted(rng.sample(runs, min(4, len(runs)))):
        if i > last + 2:  # merged ranges must not overlap
            ws.merge_cells(start_row=2 + i, end_row=4 + i, start_column=5, end_column=5)
            last = i
    wide = [i for i, r in enumerate(records) if not r.outcome and r.description]
    for i in sorted(rng.sample(wide, min(2, len(wide)))):
        ws.merge_cells(start_row=2 + i, end_row=2 + i, start_column=3, end_column=4)
    _save_workbook(wb, path, "Wexmoor Children's Social Care")
    return placed


def _runs(records: list[Record], rng: random.Random) -> list[str]:
    """Workers in runs, as a case passes from one social worker to the next."""
    out, current = [], rng.choice(WORKERS["csc"][:3])
    for _ in records:
        if rng.random() < 0.08:
            current = rng.choice(WORKERS["csc"])
        out.append(current)
    return out


def _table(doc, headers: list[str], widths: list[float]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _widths(table, widths)
    return table


def _widths(table, widths: list[float]) -> None:
    """Column widths in centimetres, on the grid and on every cell so far."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        column = 0
        for tc in row._tr.tc_lst:
            tc.width = Cm(sum(widths[column : column + tc.grid_span]))
            column += tc.grid_span


def _add_rows(table, rows: list[list[str]]) -> None:
    """Append rows to a Word table, one paragraph per line of each cell.

    Written as XML in one go: python-docx's add_row is too slow for the
    benchmark sizes, and the result is the same markup it would make.
    """
    widths = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    parts = [f'<w:tbl xmlns:w="{W_NS}">']
    for row in rows:
        parts.append("<w:tr>")
        for width, text in zip(widths, row, strict=True):
            width_xml = f'<w:tcW w:type="dxa" w:w="{width.twips}"/>' if width else ""
            parts.append(f"<w:tc><w:tcPr>{width_xml}</w:tcPr>")
            for line in text.split("\n"):
                run = f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>'
                parts.append(f"<w:p>{run if line else ''}</w:p>")
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    for tr in parse_xml("".join(parts)).findall(qn("w:tr")):
        table._tbl.append(tr)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def hospital(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """One table under two header rows with merged cells; a separate time
    column written 2.35pm, 1435, 14.35hrs or 14:35."""
    doc = docx.Document()
    doc.add_heading("Fenbridge Hospitals NHS Foundation Trust", level=1)
    doc.add_paragraph("Chronology of involvement: Child A and family (LCSPR).")
    doc.add_paragraph("Compiled by the named nurse for safeguarding children.")
    table = doc.add_table(rows=2, cols=5)
    table.style = "Table Grid"
    top, sub = table.rows[0].cells, table.rows[1].cells
    top[0].merge(top[1]).text = "Date and time"
    top[2].merge(top[3]).text = "Attendance"
    top[4].merge(sub[4]).text = "Outcome"
    for cell, text in zip(
        sub[:4], ["Date", "Time", "Department", "Details"], strict=True
    ):
        cell.text = text
    for row in table.rows[:2]:
        _repeat_header(row)
    _widths(table, [2.2, 1.6, 2.4, 9.4, 3.0])
    placed = []
    cells = []
    for i, record in enumerate(records):
        text = date_text(record)
        cells.append(
            [text, record.time_text, record.ctype, record.description, record.outcome]
        )
        placed.append((record, "table 1", 3 + i, text))
    _add_rows(table, cells)
    _save_document(doc, path, "Named Nurse Safeguarding")
    return placed


HV_HEADERS = ["Date", "Contact type", "Details of contact", "Practitioner"]


def health_visiting(
    path: Path, records: list[Record], rng: random.Random
) -> list[Placed]:
    """A table continued in a second table that repeats the header row."""
    doc = docx.Document()
    doc.add_heading("Wexmoor 0-19 Health Visiting Service", level=1)
    doc.add_paragraph("Chronology for the Local Child Safeguarding Practice Review.")
    doc.add_paragraph("Child: Child A. Siblings: Sibling 1 (school nursing).")
    split = len(records) // 2 + rng.randrange(-5, 6)
    placed = []
    for number, chunk in ((1, records[:split]), (2, records[split:])):
        if number == 2:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_paragraph("Chronology (continued)")
        table = _table(doc, HV_HEADERS, [2.8, 2.6, 10.0, 2.0])
        _repeat_header(table.rows[0])
        cells = []
        for i, record in enumerate(chunk):
            text = date_text(record)
            worker = rng.choice(WORKERS["hv"])
            cells.append([text, record.ctype, record.description, worker])
            placed.append((record, f"table {number}", 2 + i, text))
        _add_rows(table, cells)
    _save_document(doc, path, "0-19 Safeguarding Lead")
    return placed


def mental_health(
    path: Path, records: list[Record], rng: random.Random
) -> list[Placed]:
    """One table; many dates are approximate, some cells run to two paragraphs."""
    doc = docx.Document()
    doc.add_heading("Wexmoor Adult Mental Health Service", level=1)
    doc.add_paragraph("Chronology: Mother (adult), for the review about Child A.")
    doc.add_paragraph(
        "Some dates are approximate: they come from later conversations with Mother."
    )
    table = _table(doc, ["Date", "Source", "Event", "Analysis"], [3.0, 2.4, 9.4, 3.6])
    placed = []
    cells = []
    for i, record in enumerate(records):
        text = date_text(record)
        source = rng.choice(WORKERS["amh"])
        cells.append([text, source, record.description, record.outcome])
        placed.append((record, "table 1", 2 + i, text))
    _add_rows(table, cells)
    _save_document(doc, path, "AMH Safeguarding Lead")
    return placed


def _csv(
    path: Path,
    records: list[Record],
    headers: list[str],
    values: Callable[[Record], list[str]],
    *,
    encoding: str,
    delimiter: str,
    newline: str,
) -> list[Placed]:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator=newline)
        writer.writerow(headers)
        placed = []
        for i, record in enumerate(records):
            writer.writerow(values(record))
            placed.append((record, "", 2 + i, date_text(record)))
    return placed


def gp(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """A practice system extract: cp1252, semicolons, multi-line cells."""
    return _csv(
        path,
        records,
        ["Date", "Time", "Consultation type", "Summary", "Clinician"],
        lambda r: [
            date_text(r),
            r.time,
            r.ctype,
            r.description,
            rng.choice(WORKERS["gp"]),
        ],
        encoding="cp1252",
        delimiter=";",
        newline="\r\n",
    )


def school(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """A safeguarding log saved as CSV UTF-8 (with a byte-order mark)."""
    return _csv(
        path,
        records,
        ["Date", "Pupil", "Category", "What happened", "Action taken", "Staff"],
        lambda r: [
            date_text(r),
            "Sibling 1" if r.person == "Sibling 1" else r.person,
            r.ctype,
            r.description,
            r.outcome,
            rng.choice(WORKERS["school"]),
        ],
        encoding="utf-8-sig",
        delimiter=",",
        newline="\r\n",
    )


def housing(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """Plain UTF-8 CSV with Unix line endings; many dates are approximate."""
    return _csv(
        path,
        records,
        ["Date", "Officer", "Category", "Notes"],
        lambda r: [
            date_text(r),
            rng.choice(WORKERS["housing"]),
            r.ctype,
            r.description,
        ],
        encoding="utf-8",
        delimiter=",",
        newline="\n",
    )


def midwifery(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """Dates partly real date cells, partly typed text in several forms."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Maternity"
    _header(
        ws, 1, ["Date", "Time", "Contact", "Details", "Midwife"], [16, 8, 20, 80, 10]
    )
    placed = []
    for i, record in enumerate(records):
        row = 2 + i
        cell = ws.cell(row=row, column=1, value=record.reading.cell_value)
        if isinstance(record.reading.cell, dt.datetime):
            cell.number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=2, value=record.time_text or None)
        ws.cell(row=row, column=3, value=record.ctype)
        ws.cell(row=row, column=4, value=record.description).alignment = WRAP
        ws.cell(row=row, column=5, value=rng.choice(WORKERS["midwifery"]))
        placed.append((record, ws.title, row, record.reading.text))
    _save_workbook(wb, path, "Fenbridge Community Midwifery")
    return placed


def idva(path: Path, records: list[Record], rng: random.Random) -> list[Placed]:
    """A merged title row above the header; mixed date cells and text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "IDVA chronology"
    ws["A1"] = "Wexmoor Domestic Abuse Service (IDVA) - chronology for LCSPR Child A"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:E1")
    _header(
        ws, 2, ["Date", "Time", "Contact type", "Summary", "Risk"], [14, 8, 18, 80, 10]
    )
    placed = []
    for i, record in enumerate(records):
        row = 3 + i
        cell = ws.cell(row=row, column=1, value=record.reading.cell_value)
        if isinstance(record.reading.cell, dt.datetime):
            cell.number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=2, value=record.time_text or None)
        ws.cell(row=row, column=3, value=record.ctype)
        ws.cell(row=row, column=4, value=record.description).alignment = WRAP
        ws.cell(row=row, column=5, value=rng.choice(["Standard", "Medium", "High"]))
        placed.append((record, ws.title, row, record.reading.text))
    _save_workbook(wb, path, "Wexmoor Domestic Abuse Service")
    return placed


WRITERS: dict[str, Writer] = {
    "police": police,
    "csc": csc,
    "hospital": hospital,
    "hv": health_visiting,
    "gp": gp,
    "school": school,
    "midwifery": midwifery,
    "amh": mental_health,
    "housing": housing,
    "idva": idva,
}
