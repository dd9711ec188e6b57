"""Workbooks: values, dates, merges, hidden rows and sheets, several sheets."""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import codes, write_xlsx

from chronomerge.ingest import read_inputs
from chronomerge.review import FileOverride, ReviewSettings


def entries(path, review=None):
    result = read_inputs(path, review)
    return result, result.entries


def test_title_rows_real_dates_times_and_numbers(tmp_path):
    path = write_xlsx(
        tmp_path / "chronology.xlsx",
        {
            "Chronology": [
                ["Police chronology"],
                ["Agency: Wexmoor Children's Services"],
                [],
                ["Date", "Time", "Details", "Occurrence No."],
                [dt.datetime(2019, 3, 12, 14, 35), dt.time(14, 35), "Visit", 1234],
                [dt.datetime(2019, 3, 13), None, "=1+1", 1.5],
                [43537, "", "Serial typed as a number", ""],
                ["12/03/19", "2.35pm", "Typed date", ""],
            ]
        },
    )
    result, e = entries(path)
    assert list(e.source_row) == [5, 6, 7, 8]
    assert list(e.source_location) == ["Chronology"] * 4
    assert list(e.date) == ["12/03/2019 14:35", "13/03/2019", "43537", "12/03/19"]
    assert e.date_raw[0] == dt.datetime(2019, 3, 12, 14, 35)
    assert e.date_raw[2] == 43537
    assert e.date_raw[3] == "12/03/19"
    assert list(e.time) == ["14:35", "", "", "2.35pm"]
    assert list(e.description) == [
        "Visit",
        "=1+1",
        "Serial typed as a number",
        "Typed date",
    ]
    assert list(e["extra.Occurrence No."]) == ["1234", "1.5", "", ""]
    # The labelled line wins over a title that names another agency.
    assert set(e.agency) == {"Children's Social Care"}
    assert set(e.agency_basis) == {"title"}
    assert set(e.agency_kind) == {"childrens_social_care"}
    table = result.files[0].tables[0]
    assert table.header_row == 4
    assert table.columns == {
        "Date": "date",
        "Time": "time",
        "Details": "description",
        "Occurrence No.": "extra",
    }
    assert "column-unmapped" in codes(result)


def test_cached_formula_values_are_read_never_evaluated(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(
        tmp_path / "f.xlsx",
        {"S": [["Date", "Details"], ["01/01/2019", '=CONCAT("a","b")']]},
        text=False,
    )
    # openpyxl stores no cached value: the formula is never calculated ("ab"),
    # its text is kept so the row is not lost, and a warning says so.
    result, e = entries(path)
    assert list(e.description) == ['=CONCAT("a","b")']
    assert [i.code for i in result.issues if i.code == "formula-unsaved"] == [
        "formula-unsaved"
    ]
    assert load_workbook(path)["S"]["B2"].value.startswith("=")


def test_merged_cells_give_their_value_to_every_cell(tmp_path):
    path = write_xlsx(
        tmp_path / "merged.xlsx",
        {
            "Sheet1": [
                ["Title merged over the width"],
                ["Date", "Details", "Outcome", "Worker"],
                ["01/02/2019", "Visit", "NFA", "SW Jones"],
                ["02/02/2019", "Call", "", ""],
                ["03/02/2019", "Letter spilling into outcome", "", ""],
            ]
        },
        merges={"Sheet1": ["A1:D1", "D3:D4", "B5:C5"]},
    )
    _, e = entries(path)
    assert list(e.source_row) == [3, 4, 5]
    assert list(e.practitioner) == ["SW Jones", "SW Jones", ""]
    assert list(e.outcome) == ["NFA", "", "Letter spilling into outcome"]


def test_merge_below_the_last_row_still_gives_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {"S": [["Date", "Details"], ["01/02/2019", "Long entry"]]},
        merges={"S": ["B2:B3"]},
    )
    _, e = entries(path)
    assert list(e.source_row) == [2, 3]
    assert list(e.description) == ["Long entry", "Long entry"]


def test_hidden_rows_and_hidden_sheets_are_read_and_reported(tmp_path):
    path = write_xlsx(
        tmp_path / "hidden.xlsx",
        {
            "Visible": [["Date", "Details"], ["01/01/2019", "a"], ["02/01/2019", "b"]],
            "Secret": [["Date", "Details"], ["03/01/2019", "c"]],
        },
        hidden_rows={"Visible": [3]},
        hidden_sheets=["Secret"],
    )
    result, e = entries(path)
    assert list(zip(e.source_location, e.source_row, strict=True)) == [
        ("Visible", 2),
        ("Visible", 3),
        ("Secret", 2),
    ]
    hidden = [i for i in result.issues if i.code == "rows-hidden"]
    assert len(hidden) == 1 and "rows 3" in hidden[0].message
    assert [i.source_location for i in result.issues if i.code == "sheet-hidden"] == [
        "Secret"
    ]
    assert list(e.source_order) == [0, 1, 2]


def test_guidance_and_example_sheets_are_skipped_and_listed(tmp_path):
    chronology = [["Date", "Details"], ["01/01/2019", "real"]]
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Guidance": [["How to complete this chronology"], ["Write the date"]],
            "Worked example": chronology,
            "Chronology": chronology,
            "Lists": [["Home visit"], ["Phone call"]],
        },
    )
    result, e = entries(path)
    assert set(e.source_location) == {"Chronology"}
    skipped = {i.source_location: i.message for i in result.issues}
    assert "Guidance" in skipped and "Worked example" in skipped
    assert "guidance or an example" in skipped["Worked example"]


def test_review_override_picks_sheets_header_row_and_columns(tmp_path):
    path = write_xlsx(
        tmp_path / "odd.xlsx",
        {
            "A": [["x"], ["When", "What happened to whom"], ["01/01/2019", "a"]],
            "B": [["Date", "Details"], ["02/01/2019", "b"]],
        },
    )
    review = ReviewSettings(
        files=[
            FileOverride(
                match="odd*.xlsx",
                sheets=["a"],
                header_row=2,
                columns={"When": "date", "What happened to whom": "description"},
                agency="Northshire Police",
            )
        ]
    )
    result, e = entries(path, review)
    assert list(e.source_location) == ["A"]
    assert list(e.date) == ["01/01/2019"] and list(e.description) == ["a"]
    assert list(e.agency) == ["Northshire Police"]
    assert list(e.agency_basis) == ["review"]
    assert list(e.agency_kind) == ["police"]
    assert "sheet-skipped" in codes(result)


def test_blank_rows_skipped_and_rows_without_date_or_text_kept(tmp_path):
    path = write_xlsx(
        tmp_path / "gaps.xlsx",
        {
            "S": [
                ["Date", "Details", "Notes"],
                ["01/01/2019", "", ""],
                [],
                ["   ", None, ""],
                ["", "No date on this one", ""],
                ["", "", "only a note"],
            ]
        },
    )
    _, e = entries(path)
    assert list(e.source_row) == [2, 5, 6]
    assert list(e.description) == ["", "No date on this one", ""]
    assert list(e["extra.Notes"]) == ["", "", "only a note"]


def test_data_in_a_column_without_heading_is_kept(tmp_path):
    path = write_xlsx(
        tmp_path / "side.xlsx",
        {"S": [["Date", "Details"], ["01/01/2019", "a", "", "side note"]]},
    )
    result, e = entries(path)
    assert list(e["extra.Column D"]) == ["side note"]
    assert result.files[0].tables[0].columns["Column D"] == "extra"


def test_missing_required_column_is_reported(tmp_path):
    path = write_xlsx(
        tmp_path / "nodesc.xlsx",
        {"S": [["Date", "Time", "Worker"], ["01/01/2019", "10:00", "SW"]]},
    )
    result, e = entries(path)
    assert len(e) == 1
    missing = [i for i in result.issues if i.code == "column-missing"]
    assert [i.column for i in missing] == ["description"]
    assert "'Date', 'Time', 'Worker'" in missing[0].message


@pytest.mark.parametrize("limit", [3, 5])
def test_rows_past_the_limit_are_kept_as_text_and_reported(tmp_path, limit):
    rows = [["Date", "Details"]] + [["01/01/2019", f"r{i}"] for i in range(4)]
    path = write_xlsx(tmp_path / "big.xlsx", {"S": rows})
    review = ReviewSettings.model_validate({"limits": {"max_rows": limit}})
    result, e = entries(path, review)
    assert list(e.source_row) == [2, 3, 4, 5]  # every row is an entry
    assert ("too-many-rows" in codes(result)) == (limit < 4)
    if limit < 4:
        assert list(e.description)[:3] == ["r0", "r1", "r2"]
        assert list(e.description)[3] == "01/01/2019 | r3"  # its cells, as text
        assert list(e.date_raw)[3] == ""  # its columns were not read
        message = next(i.message for i in result.issues if i.code == "too-many-rows")
        assert "row 5 on were kept as text only" in message


def test_header_far_down_found_with_the_review_files_header_row(tmp_path):
    rows = [[f"Guidance line {i}"] for i in range(60)]
    rows += [["Date", "Details"], ["01/01/2019", "a"]]
    path = write_xlsx(tmp_path / "deep.xlsx", {"S": rows})
    result, e = entries(path)
    assert len(e) == 0 and "no-header" in codes(result)
    review = ReviewSettings(files=[FileOverride(match="deep.xlsx", header_row=61)])
    _, e = entries(path, review)
    assert list(e.source_row) == [62] and list(e.description) == ["a"]
