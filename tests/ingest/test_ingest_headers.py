"""Header-row detection and heading mapping (chronomerge.ingest.headers)."""

from __future__ import annotations

import pytest

from chronomerge.ingest.headers import assign_columns, find_header, map_headings
from chronomerge.resources import load_toml


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("Date", "date"),
        ("Date of Contact", "date"),
        ("  date of contact ", "date"),
        ("Date/Time", "date"),
        ("Date & time", "date"),
        ("Date (DD/MM/YYYY)", "date"),
        ("Detials", "description"),
        ("Descripton", "description"),
        ("Details of contact", "description"),
        ("Event Ref", "sequence"),
        ("Start Date", "date"),
        ("Start Time", "time"),
        ("End Date", "date_end"),
        ("End Time", "time_end"),
        ("Source of Information", "agency"),
        ("Child seen?", "child_seen"),
        ("Seen alone", "seen_alone"),
        ("Action/Outcome", "outcome"),
        ("Agency analysis", "analysis"),
        ("Time (24hr)", "time"),
        ("Practitioner", "practitioner"),
    ],
)
def test_known_headings_map(heading, column):
    assert map_headings([heading]) == {heading.strip(): column}


@pytest.mark.parametrize(
    "heading", ["Occurrence No.", "Pupil", "Clinician", "Date of birth", "Name of GP"]
)
def test_unknown_headings_are_extra(heading):
    assert map_headings([heading]) == {heading: "extra"}


def test_every_synonym_in_columns_toml_maps_to_its_column():
    for column, spec in load_toml("columns.toml")["columns"].items():
        for heading in spec["headings"]:
            assert map_headings([heading])[heading] == column, heading


def test_duplicate_meaning_keeps_the_best_match_and_reports_it():
    mapping = assign_columns(["Detials", "Details", "Date"])
    assert [c.column for c in mapping.choices] == [None, "description", "date"]
    assert mapping.duplicates == [("description", ["Details", "Detials"])]


def test_overrides_win_and_can_keep_a_column_as_extra():
    mapping = map_headings(
        ["When it happened", "Narrative", "Notes"],
        {"when it happened": "date", "Notes": "extra"},
    )
    assert mapping == {
        "When it happened": "date",
        "Narrative": "description",
        "Notes": "extra",
    }


def test_repeated_headings_get_distinct_keys():
    assert map_headings(["Notes", "Notes", ""]) == {
        "Notes": "description",
        "Notes (2)": "extra",
        "Column 3": "extra",
    }


def test_header_found_below_title_rows_by_content():
    rows = [
        ["Child A LCSPR", "", ""],
        ["Agency: Police", "", ""],
        ["", "", ""],
        ["Date", "Details", "Officer"],
        ["01/02/2019", "Visit", "PC 1"],
    ]
    header = find_header(rows)
    assert header is not None
    assert (header.index, header.span) == (3, 1)
    assert header.headings == ["Date", "Details", "Officer"]


def test_two_row_header_is_combined():
    rows = [
        ["Date", "Time", "Details", "Child", ""],
        ["", "", "", "Seen?", "Seen alone?"],
        ["01/02/2019", "10:00", "Visit", "Yes", "No"],
    ]
    header = find_header(rows)
    assert header is not None and header.span == 2
    assert header.mapping.columns == {
        "Date": "date",
        "Time": "time",
        "Details": "description",
        "Child Seen?": "child_seen",
        "Seen alone?": "seen_alone",
    }


def test_group_row_above_a_full_header_is_a_title_not_a_header():
    rows = [
        ["Contact", "", "Response", ""],
        ["Date", "Details", "Outcome", "Worker"],
        ["01/02/2019", "Visit", "NFA", "SW1"],
    ]
    header = find_header(rows)
    assert header is not None and (header.index, header.span) == (1, 1)


@pytest.mark.parametrize(
    "rows",
    [
        [["How to complete this chronology"], ["1. Record every contact"]],
        [["Date", "Something"], ["01/01/2019", "x"]],
        [["Agency", "Police"], ["Author", "DS Smith"]],
        [],
    ],
)
def test_no_header_when_headings_are_not_recognised(rows):
    assert find_header(rows) is None


def test_header_row_fixed_by_the_review_file():
    rows = [["Code", "Text"], ["01/01/2019", "x"]]
    header = find_header(rows, {"Code": "date", "Text": "description"}, 0)
    assert header is not None and header.mapping.columns == {
        "Code": "date",
        "Text": "description",
    }


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("Concern / action", "description"),
        ("Incident/Contact", "description"),
        ("Outcome / decision", "outcome"),
        ("Details and outcome", "description"),
        ("Details & outcome", "description"),
        ("Time/Date", "date"),
        ("Type/Category", "agency_type"),
        ("Pupil/Staff", "extra"),
    ],
)
def test_joined_headings_are_matched_part_by_part(heading, column):
    assert map_headings([heading]) == {heading: column}


def test_joined_heading_loses_to_a_whole_heading_of_the_same_meaning():
    mapping = assign_columns(["Date", "Details", "Concern / action"])
    assert [c.column for c in mapping.choices] == ["date", "description", None]


def test_an_empty_column_loses_to_a_full_one_of_the_same_meaning():
    mapping = assign_columns(["Date", "Event", "Details"], filled=[5, 0, 5])
    assert [c.column for c in mapping.choices] == ["date", None, "description"]
    assert mapping.duplicates == []
    assert mapping.inferred == {
        "description": "The column 'Details' was taken as the description "
        "because 'Event' is empty."
    }
    # Both full: the heading decides, as without the cells.
    both = assign_columns(["Date", "Event", "Details"], filled=[5, 4, 5])
    assert [c.column for c in both.choices] == ["date", "description", None]
    assert both.inferred == {}


def test_an_override_wins_even_when_its_column_is_empty():
    mapping = assign_columns(
        ["Date", "Event", "Details"], {"Event": "description"}, filled=[5, 0, 5]
    )
    assert [c.column for c in mapping.choices] == ["date", "description", None]
