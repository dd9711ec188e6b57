"""``chronomerge template``: the blank chronology an author sends to agencies.

The headings are ones the reader knows (schemas/columns.toml), so a filled-in
template validates and merges with nothing to map by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import ChronomergeError
from ..review import ReviewSettings, read_review
from .repeatable import FIXED_DATETIME, make_repeatable
from .style import event_type_codes, event_type_label

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TemplateFormat = Literal["xlsx", "docx"]

# (heading, width in characters, drop-down list name or "")
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("Date", 14, ""),
    ("Time", 8, ""),
    ("Type of contact", 28, "types"),
    ("Person", 16, "people"),
    ("Details of event", 60, ""),
    ("Practitioner", 18, ""),
    ("Action/Outcome", 36, ""),
    ("Child seen?", 10, "yes_no"),
    ("Seen alone?", 10, "yes_no"),
    ("Agency analysis", 40, ""),
)
BLANK_ROWS = 1000

GUIDANCE: tuple[str, ...] = (
    "Put one contact or event on each row, in date order, oldest first.",
    "Include every contact with the child and family during the review period, "
    "and significant events before it that help explain what happened.",
    "Write what happened, who was there, what was decided and what was done. "
    "Avoid abbreviations the panel may not know; explain any you use.",
    "Dates are day first (UK): 04/03/2019 is 4 March 2019. Write the time as "
    "14:35 in its own column.",
    "If you do not know the exact day, write what you know: 'March 2019', "
    "'w/c 04/03/2019', 'mid-April 2018', 'Spring 2018', 'Autumn term 2018', "
    "'between 3 and 5 March 2019'.",
    "If a date is uncertain, put '?' or 'approx' before it: '?22/05/2016', "
    "'approx March 2019'. If it is not known at all, write 'N/K'.",
    "Use only the names agreed for this review (below), never real names, "
    "dates of birth, NHS or National Insurance numbers, addresses, postcodes, "
    "phone numbers or email addresses.",
    "Choose the type of contact from the list where one fits; otherwise "
    "describe it in your own words.",
    "Keep the headings as they are. Do not merge cells or leave blank rows "
    "between entries.",
    "Before sending, check the file: 'chronomerge validate FILE' or the "
    "'Check my chronology' page lists anything to fix.",
)
EXAMPLE = (
    "Example: Date 04/03/2019 | Time 14:35 | Type of contact: Home visit | Person: "
    "Child A | Details of event: Unannounced home visit by the social worker. "
    "Child A seen in the living room with Mother; home conditions poor. | "
    "Practitioner: Social worker | Action/Outcome: Discussed with manager; "
    "strategy discussion requested | Child seen? Yes | Seen alone? No"
)


def write_template(
    path: str | Path,
    review: ReviewSettings | str | Path | None = None,
    *,
    format: TemplateFormat | None = None,
    agency: str = "",
) -> Path:
    """Write the blank chronology template (xlsx or docx, from the suffix).

    Args:
        path: where to write it.
        review: the review file (or its settings): name, period, marking and
            agreed names.
        format: "xlsx" or "docx"; by default from the file's suffix.
        agency: the agency the template is for (printed above the table).

    Example:
        >>> write_template("police_template.xlsx", agency="Police")  # doctest: +SKIP
    """
    path = Path(path)
    if not isinstance(review, ReviewSettings):
        review = read_review(review)
    fmt = format or path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "docx"):
        raise ChronomergeError(
            f"A template can be written as .xlsx or .docx, not '{path.suffix}'."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _write_xlsx(path, review, agency)
    else:
        _write_docx(path, review, agency)
    return make_repeatable(path)


def _uk(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else "(see the Terms of Reference)"


def title_lines(review: ReviewSettings, agency: str) -> list[str]:
    """The lines above the table: review, agency, period, marking."""
    info = review.review
    return [
        f"{info.name}: agency chronology",
        f"Agency: {agency}" if agency else "Agency: (write your agency's name here)",
        f"Review period: {_uk(info.period_start)} to {_uk(info.period_end)}",
        info.marking,
    ]


def people_lines(review: ReviewSettings) -> list[str]:
    """The agreed names, with roles, for the guidance."""
    return [
        f"{p.label}" + (f" ({p.role})" if p.role else "") for p in review.people
    ] or ["Child A (the child the review is about)", "Mother", "Father"]


def _write_xlsx(path: Path, review: ReviewSettings, agency: str) -> None:
    """The workbook: the Chronology sheet to fill in, its drop-down lists
    (kept on a hidden sheet, so they survive copying rows), and Guidance."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    rows = _chronology_sheet(ws, review, agency)
    refs = _lists_sheet(wb, review)
    _drop_downs(ws, refs, rows)
    _guidance_sheet(wb, review)
    wb.active = 0
    wb.properties.creator = "chronomerge"
    wb.properties.created = FIXED_DATETIME
    wb.properties.modified = FIXED_DATETIME
    wb.save(path)


def _chronology_sheet(ws: Worksheet, review: ReviewSettings, agency: str) -> range:
    """The titles, the headings in the order the reader knows, and a page set
    up to print: landscape, one page wide, headings on every page, the
    marking at top and bottom. Returns the blank rows to fill in."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = "Chronology"
    titles = title_lines(review, agency)
    for row, line in enumerate(titles, start=1):
        ws.cell(row=row, column=1, value=line).font = Font(bold=row <= 2)
    header_row = len(titles) + 2
    head_fill = PatternFill("solid", fgColor="1D4F91")
    for col, (heading, width, _list) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=header_row, column=col, value=heading)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = review.review.marking
    ws.oddFooter.center.text = review.review.marking
    ws.oddFooter.right.text = "Page &P of &N"
    return range(header_row + 1, header_row + BLANK_ROWS + 1)


def _lists_sheet(wb: Workbook, review: ReviewSettings) -> dict[str, str]:
    """The hidden Lists sheet: types of contact, the agreed names, yes/no.
    Returns each list's cell range, for the drop-downs."""
    from openpyxl.utils import get_column_letter

    lists = wb.create_sheet("Lists")
    lists.sheet_state = "hidden"
    values = {
        "types": [event_type_label(code) for code in event_type_codes()],
        "people": [p.label for p in review.people] or ["Child A", "Mother", "Father"],
        "yes_no": ["Yes", "No", "Not applicable"],
    }
    refs: dict[str, str] = {}
    for col, (name, items) in enumerate(values.items(), start=1):
        letter = get_column_letter(col)
        lists.cell(row=1, column=col, value=name)
        for row, item in enumerate(items, start=2):
            lists.cell(row=row, column=col, value=item)
        refs[name] = f"Lists!${letter}$2:${letter}${len(items) + 1}"
    return refs


def _drop_downs(ws: Worksheet, refs: dict[str, str], rows: range) -> None:
    """A drop-down on every blank row of the columns that have a list. Only
    yes/no is strict (a warning); the others take the agency's own words."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for col, (heading, _width, list_name) in enumerate(COLUMNS, start=1):
        if not list_name:
            continue
        letter = get_column_letter(col)
        check = DataValidation(
            type="list",
            formula1=refs[list_name],
            allow_blank=True,
            showErrorMessage=list_name == "yes_no",
            errorStyle="warning",
            error="Choose from the list, or write your own words.",
            prompt=f"Choose the {heading.lower().rstrip('?')} from the list.",
            showInputMessage=True,
        )
        check.add(f"{letter}{rows[0]}:{letter}{rows[-1]}")
        ws.add_data_validation(check)


def _guidance_sheet(wb: Workbook, review: ReviewSettings) -> None:
    """How to fill it in, the agreed names, an example row, the marking."""
    from openpyxl.styles import Alignment, Font

    guide = wb.create_sheet("Guidance")
    guide.column_dimensions["A"].width = 110
    lines = [
        f"How to fill in this chronology ({review.review.name})",
        "",
        *[f"{n}. {text}" for n, text in enumerate(GUIDANCE, start=1)],
        "",
        "Names agreed for this review:",
        *[f"  • {p}" for p in people_lines(review)],
        "",
        EXAMPLE,
        "",
        review.review.marking,
    ]
    for row, line in enumerate(lines, start=1):
        cell = guide.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)


def _write_docx(path: Path, review: ReviewSettings, agency: str) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    section.header.paragraphs[0].text = review.review.marking
    section.footer.paragraphs[0].text = review.review.marking
    titles = title_lines(review, agency)
    doc.add_heading(titles[0], level=1)
    for line in titles[1:3]:
        doc.add_paragraph(line)
    doc.add_heading("How to fill in this chronology", level=2)
    for text in GUIDANCE:
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph(
        "Names agreed for this review: " + "; ".join(people_lines(review))
    )
    doc.add_paragraph(EXAMPLE).runs[0].italic = True
    doc.add_paragraph(
        "Types of contact: "
        + "; ".join(event_type_label(code) for code in event_type_codes())
    )
    table = doc.add_table(rows=1 + 20, cols=len(COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, (heading, width, _list) in zip(header.cells, COLUMNS, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
        cell.width = Cm(width / 4)
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(10)
    props = doc.core_properties
    props.author = "chronomerge"
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME
    props.last_modified_by = "chronomerge"
    doc.save(str(path))
