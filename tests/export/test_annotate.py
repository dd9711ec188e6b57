"""The annotated copy (``validate --annotate``) written from the issues and
entries frames and the file records alone, with no validation report: each
problem cell filled and commented at the row the issue names, and an Issues
sheet that links to it."""

from __future__ import annotations

import openpyxl
import pandas as pd

from chronomerge.export.annotate import FILLS, write_annotated
from chronomerge.model import (
    SEVERITY_LABELS,
    FileRecord,
    Issue,
    TableRecord,
    issues_frame,
)

FORMULA = '=HYPERLINK("http://example.invalid","x")'
IMPOSSIBLE = "February has 28 days in 2019."
MISSING = "This entry has no description."
SKIPPED = "notes.txt is not a chronology."


def _written(tmp_path):
    table = TableRecord(
        location="Log",
        header_row=2,
        header_rows=1,
        columns={"When": "date", "What happened": "description", "Worker": "extra"},
        rows=2,
        agency="Oakfield Primary",
        agency_basis="file name",
    )
    files = [
        FileRecord(
            name="school.xlsx",
            path=str(tmp_path / "school.xlsx"),
            format="xlsx",
            status="read",
            tables=(table,),
        ),
        FileRecord(name="notes.txt", path=str(tmp_path / "notes.txt"), format="txt"),
    ]
    entries = pd.DataFrame(
        [
            {
                "source_file": "school.xlsx",
                "source_location": "Log",
                "source_row": 3,
                "date": "31/02/2019",
                "description": "Call from mum about attendance.",
                "extra.Worker": FORMULA,
            },
            {
                "source_file": "school.xlsx",
                "source_location": "Log",
                "source_row": 4,
                "date": "04/03/2019",
                "description": "",
                "extra.Worker": "AB",
            },
        ]
    )
    issues = issues_frame(
        [
            Issue(
                severity="error",
                code="date-impossible",
                source_file="school.xlsx",
                source_location="Log",
                source_row=3,
                column="date",
                value="31/02/2019",
                message=IMPOSSIBLE,
            ),
            Issue(
                severity="warning",
                code="description-missing",
                source_file="school.xlsx",
                source_location="Log",
                source_row=4,
                column="description",
                message=MISSING,
            ),
            Issue(
                severity="info",
                code="file-skipped",
                source_file="notes.txt",
                message=SKIPPED,
            ),
        ]
    )
    headings = {"date": "When", "description": "What happened"}
    problems = [
        {
            "severity": issue.severity,
            "label": SEVERITY_LABELS[issue.severity],
            "file": issue.source_file,
            "location": issue.source_location,
            "row": "" if pd.isna(issue.source_row) else str(int(issue.source_row)),
            "column": headings.get(issue.column, issue.column),
            "message": issue.message,
        }
        for issue in issues.itertuples(index=False)
    ]
    path = write_annotated(
        tmp_path / "out" / "annotated.xlsx",
        issues=issues,
        entries=entries,
        files=files,
        problems=problems,
    )
    return openpyxl.load_workbook(path)


def test_problem_cells_are_filled_and_commented_at_their_rows(tmp_path):
    wb = _written(tmp_path)
    assert wb.sheetnames == ["Issues", "school Log"]  # the unread file has none
    sheet = wb["school Log"]
    assert [c.value for c in sheet[2]] == ["When", "What happened", "Worker"]
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].value == "31/02/2019"
    assert sheet["A3"].fill.fgColor.rgb.endswith(FILLS["error"])
    assert sheet["A3"].comment.text == f"Must fix: {IMPOSSIBLE}"
    assert sheet["B4"].fill.fgColor.rgb.endswith(FILLS["warning"])
    assert sheet["B4"].comment.text == f"Check: {MISSING}"
    assert sheet["A4"].comment is None and sheet["B3"].comment is None
    assert sheet["C3"].value == FORMULA and sheet["C3"].data_type == "s"


def test_the_issues_sheet_lists_each_problem_and_links_to_its_cell(tmp_path):
    issues = _written(tmp_path)["Issues"]
    rows = [[c.value for c in row] for row in issues.iter_rows(min_row=2)]
    assert [row[:6] for row in rows] == [
        ["Must fix", "school.xlsx", "Log", "3", "When", IMPOSSIBLE],
        ["Check", "school.xlsx", "Log", "4", "What happened", MISSING],
        ["Note", "notes.txt", None, None, None, SKIPPED],
    ]
    links = [c.hyperlink.location if c.hyperlink else None for c in issues["G"][1:]]
    assert links == ["'school Log'!A3", "'school Log'!B4", None]


def test_each_problem_on_the_issues_sheet_has_its_own_severitys_colour(tmp_path):
    issues = _written(tmp_path)["Issues"]
    colours = [issues.cell(row=r, column=1).fill.fgColor.rgb for r in (2, 3, 4)]
    expected = [FILLS["error"], FILLS["warning"], FILLS["info"]]
    assert [c[-6:] for c in colours] == expected
