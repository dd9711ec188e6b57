"""Hostile layouts: files whose headings no list knows, still read in full.

Each layout below is one that agencies really send (a heading of their own
words, a slash heading, a title block over the headings, an empty column
beside a full one, no header at all, words in the date cell, a header on two
rows, a date split over Day / Month / Year, a date and time in one cell),
written with this module's own text as a workbook, a Word table and a CSV.
Each is read as ``chronomerge validate`` and a merge read it (ingest, dates,
checks) and must keep every row, find the narrative column, raise no
"description missing" and read every date. Nothing here adds a heading to a
list: what the columns are is found from their cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ingest_helpers import write_csv, write_docx, write_xlsx

from chronomerge.pipeline import read_and_check
from chronomerge.review import ReviewSettings

# Our own narrative text: long, varied, no two rows alike.
STORY = [
    "Health visitor saw mother and the baby at home; baby feeding well and "
    "mother tired but coping with support from her sister.",
    "School nurse rang to say the older child has missed four days this "
    "month without a reason being given by the family.",
    "Duty social worker spoke to father by phone about the mark on the "
    "child's arm that the nursery had noticed at drop off.",
    "GP appointment for the baby's cough; mother mentioned low mood and was "
    "offered talking therapies and a follow up in two weeks.",
    "Officers attended after neighbours heard shouting late at night; both "
    "adults spoken to apart, the children were asleep upstairs.",
    "Housing officer visited about the rent arrears; the flat was cold with "
    "no heating and mother asked for help with the boiler.",
]
DAYS = [
    "04/03/2019",
    "11/03/2019",
    "19/03/2019",
    "02/04/2019",
    "15/04/2019",
    "30/04/2019",
]
ISO = [
    "2019-03-04",
    "2019-03-11",
    "2019-03-19",
    "2019-04-02",
    "2019-04-15",
    "2019-04-30",
]
STAFF = ["HV Jones", "SN Patel", "SW Duty", "Dr Khan", "PC 4411", "HO Reid"]
TODAY = dt.date(2021, 1, 1)


@dataclass
class Layout:
    """A table as an agency laid it out: title lines, header rows, data rows,
    the narrative each row must give and the first day each must read."""

    name: str
    header: list[list[str]]
    rows: list[list[str]]
    narrative: list[str] = field(default_factory=lambda: list(STORY))
    starts: list[str] = field(default_factory=lambda: list(ISO))
    titles: list[str] = field(default_factory=list)


def _rows(*columns: list[str]) -> list[list[str]]:
    return [list(cells) for cells in zip(*columns, strict=True)]


LAYOUTS = [
    Layout(
        "heading of their own words",
        [["When", "Narrative of contact", "Staff"]],
        _rows(DAYS, STORY, STAFF),
    ),
    Layout(
        "what we did",
        [["Date", "Worker", "What we did"]],
        _rows(DAYS, STAFF, STORY),
    ),
    Layout(
        "practitioner's record",
        [["Seen on", "Team", "Practitioner's record"]],
        _rows(
            DAYS,
            ["0-19 team", "School health", "Duty", "GP", "Response", "Housing"],
            STORY,
        ),
    ),
    Layout(
        "a single word heading",
        [["Recorded", "Entry"]],
        _rows(DAYS, STORY),
    ),
    Layout(
        "slash headings",
        [["Date", "Incident/Contact", "Outcome / decision"]],
        _rows(
            DAYS,
            STORY,
            ["NFA", "Letter sent", "Visit booked", "Review", "DASH done", "NFA"],
        ),
    ),
    Layout(
        "concern / action",
        [["Date", "Staff", "Concern / action"]],
        _rows(DAYS, STAFF, STORY),
    ),
    Layout(
        "details and outcome",
        [["Date", "Details and outcome", "By"]],
        _rows(DAYS, STORY, STAFF),
    ),
    Layout(
        "header on row 4 under a title block",
        [["Date", "Practitioner", "Record"]],
        _rows(DAYS, STAFF, STORY),
        titles=[
            "Northshire Family Service",
            "Chronology for the review of Child D",
            "",
        ],
    ),
    Layout(
        "an empty Event column beside a full Details one",
        [["Date", "Event", "Details", "Worker"]],
        _rows(DAYS, [""] * 6, STORY, STAFF),
    ),
    Layout(
        "no header at all",
        [],
        _rows(DAYS, STAFF, STORY),
    ),
    Layout(
        "words after the date",
        [["Date", "Note", "Who"]],
        _rows(
            [
                "June 2018 - first assessment",
                "12/03/19 (approx)",
                "3rd April 2019 am",
                "w/c 6 May 2019",
                "approx. 20/05/2019",
                "01/06/2019 - evening",
            ],
            STORY,
            STAFF,
        ),
        starts=[
            "2018-06-01",
            "2019-03-12",
            "2019-04-03",
            "2019-05-06",
            "2019-05-20",
            "2019-06-01",
        ],
    ),
    Layout(
        "a two-line header",
        [["Date of", "Summary of", "Name of"], ["contact", "contact", "worker"]],
        _rows(DAYS, STORY, STAFF),
    ),
    Layout(
        "a date split into Day / Month / Year",
        [["Day", "Month", "Year", "Account"]],
        _rows(
            ["4", "11", "19", "2", "15", "30"],
            ["March", "March", "March", "April", "Apr", "4"],
            ["2019"] * 6,
            STORY,
        ),
    ),
    Layout(
        "a date and time in one cell",
        [["Date and time", "Log"]],
        _rows(
            [
                "04/03/2019 09:15",
                "11/03/2019 14:40",
                "19/03/2019 at 16:05",
                "02/04/2019 11.30",
                "15/04/2019 23:55",
                "30/04/2019 08:00hrs",
            ],
            STORY,
        ),
    ),
]


def write(layout: Layout, fmt: str, folder: Path) -> Path:
    """The layout as a real file: title lines above the table (paragraphs
    above a Word table), then the header rows and the entries."""
    path = folder / f"Northshire_Family_Service.{fmt}"
    table = [*layout.header, *layout.rows]
    if fmt == "xlsx":
        return write_xlsx(path, {"Chronology": [[t] for t in layout.titles] + table})
    if fmt == "docx":
        return write_docx(path, [table], before=[t for t in layout.titles if t])
    return write_csv(path, [[t] for t in layout.titles] + table)


CASES = [pytest.param(x, id=x.name) for x in LAYOUTS]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
@pytest.mark.parametrize("layout", CASES)
def test_every_row_kept_narrative_found_and_dated(tmp_path, layout, fmt):
    path = write(layout, fmt, tmp_path)
    out = read_and_check(path, ReviewSettings(), today=TODAY)
    e = out.entries
    assert len(e) == len(layout.rows), "every row is an entry"
    assert list(e.description) == layout.narrative
    found = {i.code for i in out.issues}
    assert "description-missing" not in found
    assert "column-missing" not in found
    assert list(e.date_start) == layout.starts


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_a_date_and_time_in_one_cell_gives_both(tmp_path, fmt):
    layout = next(x for x in LAYOUTS if x.name == "a date and time in one cell")
    out = read_and_check(write(layout, fmt, tmp_path), ReviewSettings(), today=TODAY)
    assert list(out.entries.time) == [
        "09:15",
        "14:40",
        "16:05",
        "11:30",
        "23:55",
        "08:00",
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_an_unrecognised_header_is_said_and_named_in_the_mapping(tmp_path, fmt):
    layout = LAYOUTS[0]
    out = read_and_check(write(layout, fmt, tmp_path), ReviewSettings(), today=TODAY)
    (table,) = out.files[0].tables
    assert table.columns["Narrative of contact"] == "description"
    assert "description" in table.inferred
    assert "Narrative of contact" in table.inferred["description"]
