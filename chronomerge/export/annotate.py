"""The annotated copy for ``chronomerge validate --annotate``: the agency's
chronology as a workbook (whatever it was sent as), each problem cell
highlighted with a comment saying what to fix, and an Issues sheet.

Rows sit at the row numbers the issues name (the worksheet row, the Word
table's row, the CSV record), so "row 12" means the same row in both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from ..model import EXTRA_PREFIX, SEVERITY_LABELS, FileRecord, TableRecord
from .repeatable import FIXED_DATETIME, make_repeatable
from .style import clean_text

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}


def write_text(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write a cell as text, never a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=column)
    cell.value = clean_text(value)
    cell.data_type = "s"
    return cell


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, no []:*?/\\), unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "Sheet"
    title, n = base[:31], 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


class Place(NamedTuple):
    """Where a table's copy is: its sheet, and each column's number by the
    agency's heading and by the canonical column it was read as."""

    title: str
    by_heading: dict[str, int]
    by_canonical: dict[str, int]


# Where each problem is marked: (sheet, row, column) -> [(severity, message)].
Notes = dict[tuple[str, int, int], list[tuple[str, str]]]
ISSUE_HEADINGS = (
    "How important",
    "File",
    "Sheet or table",
    "Row",
    "Column",
    "What is wrong and how to fix it",
    "Go to",
)
ISSUE_WIDTHS = (12, 24, 16, 6, 14, 80, 8)
# The keys of a problem shown in the Issues sheet's first six columns.
SHOWN = ("label", "file", "location", "row", "column", "message")
WIDE = ("description", "outcome", "analysis")  # columns of running text


def write_annotated(
    path: Path,
    *,
    issues: pd.DataFrame,
    entries: pd.DataFrame,
    files: Sequence[FileRecord],
    problems: Sequence[Mapping[str, str]],
) -> Path:
    """Write the annotated workbook; see the module docstring.

    Args:
        path: the workbook to write.
        issues: one row per problem (model.ISSUE_COLUMNS), errors first.
        entries: the entries as read, at their source rows.
        files: what was read from each input (its tables and headings).
        problems: each issue as display text, in the same order (the label,
            file, sheet, row and the column as the agency heads it), as
            ``ValidationReport.problems()`` gives them.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    places = _copy_tables(wb, entries, files)
    notes, links = _locate(issues, places)
    _mark(wb, notes)
    _issues_sheet(wb, issues, problems, links)
    wb.properties.creator = "chronomerge"
    wb.properties.created = FIXED_DATETIME
    wb.properties.modified = FIXED_DATETIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return make_repeatable(path)


def _copy_tables(
    wb: Workbook, entries: pd.DataFrame, files: Sequence[FileRecord]
) -> dict[tuple[str, str], Place]:
    """A sheet for each table read, in the order read: what the agency sent,
    whatever its format, for the problems to be marked on."""
    taken: set[str] = {"issues"}
    places: dict[tuple[str, str], Place] = {}
    for record in files:
        if not record.was_read:
            continue
        for table in record.tables:
            rows = entries[
                (entries["source_file"] == record.name)
                & (entries["source_location"].astype(str) == table.location)
            ]
            title = sheet_title(
                f"{Path(record.name).stem} {table.location}".strip(), taken
            )
            places[(record.name, table.location)] = _copy_table(
                wb.create_sheet(title), table, rows
            )
    return places


def _copy_table(ws: Worksheet, table: TableRecord, rows: pd.DataFrame) -> Place:
    """The table's headings at its header row and each entry at its source
    row, so a row number in a message is the row the agency sees."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns: dict[str, str] = dict(table.columns)
    header_row = int(table.header_row or 1)
    place = Place(ws.title, {}, {})
    for col, (heading, canonical) in enumerate(columns.items(), start=1):
        cell = write_text(ws, header_row, col, heading)
        cell.font = Font(bold=True)
        place.by_heading[heading] = col
        place.by_canonical.setdefault(canonical, col)
        ws.column_dimensions[get_column_letter(col)].width = (
            50 if canonical in WIDE else 16
        )
    for entry in rows.itertuples(index=False):
        values = dict(zip(rows.columns, entry, strict=True))
        row = int(values["source_row"])
        for heading, col in place.by_heading.items():
            canonical = columns[heading]
            # A column read as nothing in particular is kept as extra.<heading>.
            key = (
                f"{EXTRA_PREFIX}{heading}" if canonical in ("extra", "") else canonical
            )
            cell = write_text(ws, row, col, values.get(key, ""))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return place


def _locate(
    issues: pd.DataFrame, places: dict[tuple[str, str], Place]
) -> tuple[Notes, list[str]]:
    """Each issue's cell: the column by heading or canonical name, else the
    first; the problems of one cell gathered for one comment. Also each
    issue's link for the Issues sheet ("" for one with no row, or in a file
    that was not read)."""
    from openpyxl.utils import get_column_letter

    notes: Notes = {}
    links: list[str] = []
    for issue in issues.itertuples(index=False):
        place = places.get((issue.source_file, str(issue.source_location)))
        row = issue.source_row
        if place is None or row is None or pd.isna(row):
            links.append("")
            continue
        col = (
            place.by_heading.get(issue.column)
            or place.by_canonical.get(issue.column)
            or 1
        )
        notes.setdefault((place.title, int(row), col), []).append(
            (issue.severity, issue.message)
        )
        links.append(f"'{place.title}'!{get_column_letter(col)}{int(row)}")
    return notes, links


def _mark(wb: Workbook, notes: Notes) -> None:
    """Fill each problem cell in the colour of its worst problem and comment
    it with every problem found there, each with its label."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    order = {"error": 0, "warning": 1, "info": 2}
    for (title, row, col), found in notes.items():
        worst = min(found, key=lambda f: order[f[0]])[0]
        cell = wb[title].cell(row=row, column=col)
        if cell.value is None:
            write_text(wb[title], row, col, "")
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        text = "\n\n".join(f"{SEVERITY_LABELS[s]}: {m}" for s, m in found)
        comment = Comment(text, "chronomerge")
        comment.width, comment.height = 320, min(60 + 40 * len(found), 400)
        cell.comment = comment


def _issues_sheet(
    wb: Workbook,
    issues: pd.DataFrame,
    problems: Sequence[Mapping[str, str]],
    links: list[str],
) -> None:
    """The first sheet: every problem in words, with a link to its cell."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    sheet = wb.create_sheet("Issues", 0)
    for col, heading in enumerate(ISSUE_HEADINGS, start=1):
        write_text(sheet, 1, col, heading).font = Font(bold=True)
    for index, (problem, link) in enumerate(zip(problems, links, strict=True), start=2):
        shown = [problem[key] for key in SHOWN]
        for col, value in enumerate(shown, start=1):
            cell = write_text(sheet, index, col, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        colour = FILLS[problem["severity"]]  # each problem in its own severity's colour
        sheet.cell(row=index, column=1).fill = PatternFill("solid", fgColor=colour)
        if link:
            cell = write_text(sheet, index, 7, "Show")
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=link)
            cell.font = Font(color="1D4F91", underline="single")
    for letter, width in zip("ABCDEFG", ISSUE_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    if issues.empty:
        write_text(sheet, 2, 1, "No problems found.")
