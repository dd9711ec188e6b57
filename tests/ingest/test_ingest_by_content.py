"""Columns found by their cells when the headings do not say (issue 15).

Every test writes a real file (csv, xlsx, docx) and reads it as a merge
would: no row is lost for an unfamiliar heading, the description, date and
type columns are found from what the cells hold, and each such choice is
said in plain words (the table's ``inferred``, validate's output, the
manifest). The review file's ``columns`` still decides when it is given.
"""

from __future__ import annotations

import datetime as dt
import json

from ingest_helpers import codes, write_csv, write_docx, write_xlsx
from typer.testing import CliRunner

from chronomerge.checking import validate_files
from chronomerge.cli import app
from chronomerge.ingest import read_inputs
from chronomerge.pipeline import merge, read_and_check
from chronomerge.review import FileOverride, ReviewSettings

NARRATIVE = [
    (
        "03/02/2019",
        "Home visit by social worker; Child A seen alone in bedroom.",
        "SW1",
    ),
    ("05/02/2019", "Mother phoned to say the children were staying with MGM.", "SW1"),
    ("12/02/2019", "Strategy discussion with police and health; s47 agreed.", "TM"),
    ("14/02/2019", "Joint visit with police, both children seen and spoken to.", "SW2"),
    ("20/02/2019", "Initial child protection conference held; CP plan agreed.", "SW1"),
]


def table(result, n: int = 0) -> dict:
    return result.files[0].tables[n]


def test_headings_no_list_knows_keep_every_row_and_find_the_columns(tmp_path):
    rows = [["Occurred", "Narrative of what we did", "Staff"], *NARRATIVE]
    path = write_xlsx(tmp_path / "unfamiliar.xlsx", {"Log": rows})
    result = read_inputs(path)
    e = result.entries
    assert len(e) == len(NARRATIVE)
    assert list(e.source_row) == [2, 3, 4, 5, 6]
    assert list(e.description) == [r[1] for r in NARRATIVE]
    assert list(e.date) == [r[0] for r in NARRATIVE]
    assert list(e["extra.Staff"]) == [r[2] for r in NARRATIVE]
    report = table(result)
    assert report.header_guessed is True and report.header_row == 1
    assert report.columns == {
        "Occurred": "date",
        "Narrative of what we did": "description",
        "Staff": "extra",
    }
    assert report.inferred["description"] == (
        "The column 'Narrative of what we did' was taken as the description "
        "because it holds the longest text (9 words a row)."
    )
    assert "5 of its 5 filled cells read as dates" in report.inferred["date"]
    warning = next(i for i in result.issues if i.code == "no-header")
    assert warning.severity == "warning"
    assert "row 1 as the headings and every row below it as an entry" in (
        warning.message
    )
    assert "column-missing" not in codes(result)


def test_csv_headed_date_time_and_incident_details_is_read(tmp_path):
    rows = [["Date/Time", "Incident details"]] + [
        [f"{d} 1{i}:15", text] for i, (d, text, _) in enumerate(NARRATIVE)
    ]
    path = write_csv(tmp_path / "police.csv", rows)
    result = read_inputs(path)
    e = result.entries
    assert len(e) == 5 and list(e.description) == [r[1] for r in NARRATIVE]
    assert table(result).columns == {
        "Date/Time": "date",
        "Incident details": "description",
    }
    assert [i.severity for i in result.issues if i.code == "no-header"] == ["warning"]
    # The time part of the Date/Time cell is read as the time.
    prepared = read_and_check(path, ReviewSettings())
    assert list(prepared.entries.time) == [f"1{i}:15" for i in range(5)]


def test_slash_and_and_headings_are_matched_part_by_part(tmp_path):
    rows = [
        ["Date", "Concern / action", "Outcome / decision", "Incident/Contact"],
        *[[d, text, "NFA", "Phone call"] for d, text, _ in NARRATIVE],
    ]
    path = write_csv(tmp_path / "school.csv", rows)
    result = read_inputs(path)
    columns = table(result).columns
    assert columns["Concern / action"] == "description"
    assert columns["Outcome / decision"] == "outcome"
    # Both description parts: the better match keeps it, the other is extra.
    assert columns["Incident/Contact"] == "extra"
    assert list(result.entries.description) == [r[1] for r in NARRATIVE]
    assert "no-header" not in codes(result)


def test_details_and_outcome_is_the_description(tmp_path):
    rows = [["Date", "Details and outcome"], *[[d, t] for d, t, _ in NARRATIVE]]
    result = read_inputs(write_csv(tmp_path / "a.csv", rows))
    assert table(result).columns["Details and outcome"] == "description"


def test_an_empty_column_never_wins_over_a_full_one(tmp_path):
    rows = [["Date", "Event", "Details"], *[[d, "", t] for d, t, _ in NARRATIVE]]
    path = write_docx(tmp_path / "health.docx", [rows])
    result = read_inputs(path)
    assert list(result.entries.description) == [r[1] for r in NARRATIVE]
    report = table(result)
    assert report.columns["Details"] == "description"
    assert report.inferred == {
        "description": "The column 'Details' was taken as the description "
        "because 'Event' is empty."
    }
    # Nothing in the empty column was set aside, so nothing to warn about.
    assert "column-duplicate" not in codes(result)


def test_two_full_columns_of_one_meaning_still_keep_the_first(tmp_path):
    rows = [["Date", "Event", "Details"], *[[d, "Visit", t] for d, t, _ in NARRATIVE]]
    result = read_inputs(write_docx(tmp_path / "both.docx", [rows]))
    assert table(result).columns["Event"] == "description"
    assert table(result).inferred == {}
    assert "column-duplicate" in codes(result)


def test_a_table_without_any_header_row_keeps_every_row(tmp_path):
    rows = [[d, t, s] for d, t, s in NARRATIVE]
    result = read_inputs(write_csv(tmp_path / "bare.csv", rows))
    e = result.entries
    assert list(e.source_row) == [1, 2, 3, 4, 5]
    assert list(e.description) == [r[1] for r in NARRATIVE]
    report = table(result)
    assert report.header_row is None and report.header_rows == 0
    assert report.columns["Column 1"] == "date"
    warning = next(i for i in result.issues if i.code == "no-header")
    assert "every row from row 1 as an entry" in warning.message


def test_type_column_found_by_its_short_repeated_vocabulary(tmp_path):
    kinds = ["Home visit", "Phone call", "Strategy meeting", "Home visit", "Conference"]
    staff = ["Jo", "Sam", "Jo", "Sam", "Jo"]
    body = [
        [f"{n}{d[2:]}", kind, text, who]
        for n in ("0", "1")
        for (d, text, _), kind, who in zip(NARRATIVE, kinds, staff, strict=True)
    ]
    rows = [["When", "Kind", "What we recorded", "Staff"], *body]
    path = write_xlsx(tmp_path / "csc.xlsx", {"S": rows})
    result = read_inputs(path)
    report = table(result)
    assert report.columns["Kind"] == "agency_type"
    assert report.columns["What we recorded"] == "description"
    assert "short list of repeated values" in report.inferred["agency_type"]
    # A list of staff repeats too, but does not name kinds of contact.
    assert report.columns["Staff"] == "extra"


def test_guidance_and_name_lists_are_still_not_read_as_entries(tmp_path):
    path = write_docx(
        tmp_path / "odd.docx",
        [[["Name", "Role"], ["Jo Bloggs", "Social worker"], ["A N Other", "GP"]]],
    )
    result = read_inputs(path)
    assert len(result.entries) == 0
    assert codes(result) == ["table-skipped", "no-header"]


def test_date_cells_with_words_after_the_date_are_read(tmp_path):
    rows = [
        ["Chronology of involvement"],
        ["Timeline", "Who"],
        ["June 2018 - First children in need assessment", "SW1"],
        ["12/03/2019 \u2013 home visit, children seen", "SW2"],
        ["3.4.19 (approx) - strategy meeting", "TM"],
    ]
    path = write_xlsx(tmp_path / "timeline.xlsx", {"Sheet1": rows})
    out = read_and_check(path, ReviewSettings(), today=dt.date(2020, 1, 1))
    e = out.entries
    assert list(e.description) == [
        "First children in need assessment",
        "home visit, children seen",
        "strategy meeting",
    ]
    assert list(e.date_start) == ["2018-06-01", "2019-03-12", "2019-04-03"]
    assert list(e.date_text) == [r[0] for r in rows[2:]]
    found = {i.code for i in out.issues}
    assert not found & {"column-missing", "description-missing", "date-unreadable"}
    assert "words after the date" in table(out).inferred["description"]


def test_the_review_file_overrides_an_inferred_column(tmp_path):
    rows = [
        ["Occurred", "Narrative of what we did", "Short note"],
        *[[d, t, "see file"] for d, t, _ in NARRATIVE],
    ]
    path = write_xlsx(tmp_path / "unfamiliar.xlsx", {"Log": rows})
    review = ReviewSettings(
        files=[
            FileOverride(
                match="unfamiliar.xlsx",
                columns={
                    "Narrative of what we did": "extra",
                    "Short note": "description",
                },
            )
        ]
    )
    result = read_inputs(path, review)
    report = table(result)
    assert report.columns["Narrative of what we did"] == "extra"
    assert report.columns["Short note"] == "description"
    assert "description" not in report.inferred
    assert list(result.entries.description) == ["see file"] * 5
    assert list(result.entries["extra.Narrative of what we did"]) == [
        r[1] for r in NARRATIVE
    ]


def test_validate_and_the_manifest_name_the_inference(tmp_path):
    rows = [["Occurred", "Narrative of what we did"], *[r[:2] for r in NARRATIVE]]
    path = write_xlsx(tmp_path / "unfamiliar.xlsx", {"Log": rows})
    reason = (
        "The column 'Narrative of what we did' was taken as the description "
        "because it holds the longest text"
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert reason in " ".join(result.output.split())
    report = validate_files(path, today=dt.date(2020, 1, 1))
    assert reason in json.dumps(report.to_dict())
    chronology = merge(path, ReviewSettings(), today=dt.date(2020, 1, 1))
    written = chronology.write_manifest(tmp_path / "manifest.json")
    manifest = json.loads(written.read_text(encoding="utf-8"))
    inferred = {i["column"]: i for i in manifest["inferred_columns"]}
    assert inferred["description"]["file"] == "unfamiliar.xlsx"
    assert inferred["description"]["location"] == "Log"
    assert inferred["description"]["reason"].startswith(reason)


def test_a_joined_heading_part_is_checked_against_the_cells(tmp_path):
    kinds = ["Home visit", "Phone call", "Home visit", "Strategy meeting", "Home visit"]
    rows = [
        ["Date", "Type of Contact / Event", "Summary of involvement"],
        *[[d, k, t] for (d, t, _), k in zip(NARRATIVE * 2, kinds * 2, strict=True)],
    ]
    result = read_inputs(write_xlsx(tmp_path / "hv.xlsx", {"S": rows}))
    report = table(result)
    assert report.columns == {
        "Date": "date",
        "Type of Contact / Event": "agency_type",
        "Summary of involvement": "description",
    }
    assert list(result.entries.agency_type[:2]) == ["Home visit", "Phone call"]
    assert "column-missing" not in codes(result)


def test_a_description_of_short_labels_gives_way_to_the_narrative(tmp_path):
    labels = ["Visit", "Call", "Meeting", "Visit", "Conference"]
    rows = [
        ["Date", "Event", "Details of incident"],
        *[[d, k, t] for (d, t, _), k in zip(NARRATIVE, labels, strict=True)],
    ]
    result = read_inputs(write_docx(tmp_path / "police.docx", [rows]))
    assert list(result.entries.description) == [r[1] for r in NARRATIVE]
    assert list(result.entries["extra.Event"]) == labels
    reason = table(result).inferred["description"]
    assert reason.startswith("The column 'Details of incident' was taken as the")
    assert "'Event' holds short labels" in reason


def test_a_long_cell_that_starts_with_a_date_marks_the_date_column(tmp_path):
    story = (
        " - Mother attended the emergency department with Child A, who had a "
        "swelling to the left forearm; seen by the paediatric registrar, who "
        "asked for a skeletal survey and informed children's social care."
    )
    rows = [
        ["Entry", "Staff"],
        ["12/01/2019" + story, "Nurse 1"],
        ["14/01/2019" + story.replace("left", "right"), "Nurse 2"],
        ["20/01/2019" + story.replace("Mother", "Father"), "Nurse 1"],
    ]
    path = write_csv(tmp_path / "ed.csv", rows)
    out = read_and_check(path, ReviewSettings(), today=dt.date(2020, 1, 1))
    e = out.entries
    assert len(e) == 3
    assert list(e.date_start) == ["2019-01-12", "2019-01-14", "2019-01-20"]
    assert all(d.startswith("Mother") or d.startswith("Father") for d in e.description)
    assert "start with a date" in table(out).inferred["date"]
    assert table(out).header_row == 1


def test_a_column_of_numbers_gives_way_to_the_words_after_the_dates(tmp_path):
    rows = [
        ["Timeline", "Details"],
        ["03/02/2019 - home visit, children seen alone", "1041"],
        ["05/02/2019 - mother phoned, children with MGM", "1042"],
        ["12/02/2019 - strategy discussion, s47 agreed", "1043"],
    ]
    path = write_xlsx(tmp_path / "numbers.xlsx", {"Sheet1": rows})
    out = read_and_check(path, ReviewSettings(), today=dt.date(2020, 1, 1))
    e = out.entries
    assert list(e.description) == [
        "home visit, children seen alone",
        "mother phoned, children with MGM",
        "strategy discussion, s47 agreed",
    ]
    assert list(e["extra.Details"]) == ["1041", "1042", "1043"]
    assert "description-missing" not in codes(out)


def test_a_two_column_table_numbered_down_the_side_is_read_not_skipped(tmp_path):
    rows = [
        ["1", "03/02/2019 Home visit by social worker; Child A seen alone."],
        ["2", "05/02/2019 Mother phoned to say the children were with MGM."],
        ["3", "12/02/2019 Strategy discussion with police and health."],
    ]
    path = write_docx(tmp_path / "numbered.docx", [rows])
    out = read_and_check(path, ReviewSettings(), today=dt.date(2020, 1, 1))
    assert len(out.entries) == 3
    assert list(out.entries.date_start) == ["2019-02-03", "2019-02-05", "2019-02-12"]


def test_a_title_merged_across_the_columns_is_not_taken_for_the_headings(tmp_path):
    """Headings no list knows under two merged title rows: the titles repeat
    one text in every cell, so the row below them gives the headings, and
    every data row (and only those) is an entry."""
    rows = [
        ["RIVERTON CONSTABULARY - RESTRICTED", "", "", "", ""],
        ["Records held on the family, prepared for the review", "", "", "", ""],
        ["", "", "", "", ""],
        ["Logged", "Ref no", "Category", "Account of attendance", "Attending"],
        *[
            [d, f"RC/{n:04d}", "Call", t, "PC 11"]
            for n, (d, t, _) in enumerate(NARRATIVE)
        ],
    ]
    path = write_xlsx(
        tmp_path / "riverton.xlsx",
        {"Extract": rows},
        merges={"Extract": ["A1:E1", "A2:E2"]},
    )
    result = read_inputs(path)
    report = table(result)
    assert report.header_row == 4 and report.header_guessed
    assert report.columns["Logged"] == "date"
    assert report.columns["Account of attendance"] == "description"
    assert list(result.entries.source_row) == list(range(5, 5 + len(NARRATIVE)))
    assert list(result.entries.description) == [t for _, t, _ in NARRATIVE]


def test_bare_numbers_in_a_description_column_are_not_taken_for_years(tmp_path):
    # A column headed as the description that holds reference numbers ("000",
    # "1234": years no chronology could hold) or bare dates ("'00") keeps its
    # text; it is not read as a column of dates with the descriptions empty.
    path = write_csv(
        tmp_path / "refs.csv",
        [
            ["Event", "Source of Information", "Type", "Impact"],
            ["000", "", "=SUM(A1:A3)", ""],
            ["1234", "", "visit", ""],
            ["´00", "", "visit", ""],
        ],
    )
    result = read_inputs(path)
    assert list(result.entries["description"]) == ["000", "1234", "´00"]
    assert list(result.entries["date_raw"]) == ["", "", ""]
    assert "date" not in table(result).inferred
