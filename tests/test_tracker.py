"""The submission tracker: planted late, missing, resubmitted and faulty
submissions, in a folder of real files written here."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronomerge import tracker
from chronomerge.cli import app
from chronomerge.errors import ReviewFileError
from chronomerge.ingest import read_inputs
from chronomerge.review import parse_review, read_review
from chronomerge.workdays import add_working_days, working_days_between

REVIEW = """
[review]
name = "Tracker test"

[[agencies]]
name = "Northshire Police"
kind = "police"
files = ["police*.csv"]
asked = 2019-04-01
deadline_days = 20

[[agencies]]
name = "Northshire Children's Social Care"
kind = "childrens_social_care"
files = ["csc*.csv"]
asked = 2019-04-01
deadline = 2019-04-26

[[agencies]]
name = "Riverside Surgery"
kind = "gp"
files = ["gp*.csv"]
asked = 2019-04-01
deadline_days = 20

[[agencies]]
name = "Northshire Schools"
kind = "education"
files = ["school*.csv"]
asked = 2019-04-01
deadline_days = 10

[[agencies]]
name = "Northshire Housing"
kind = "housing"
files = ["housing*.csv"]
"""
ROWS = [
    ["Date", "Description"],
    ["04/03/2019", "Officers attended the home after a neighbour heard shouting"],
    ["11/03/2019", "Referral sent to children's social care about the incident"],
]


def write(path: Path, rows: list[list[str]], saved: dt.date) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    stamp = dt.datetime.combine(saved, dt.time(12, 0)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    # Police: deadline 20 working days after 1 April 2019 (Easter 19 and 22
    # April skipped) is 1 May; received 3 May by file date: 2 days late.
    write(tmp_path / "police_chronology.csv", ROWS, dt.date(2019, 5, 3))
    # CSC: on time, but a row without a date (an error to fix).
    bad = [*ROWS, ["", "Strategy discussion held with police and health"]]
    write(tmp_path / "csc_chronology.csv", bad, dt.date(2019, 4, 20))
    # GP: sent on time, then a corrected version later (date in its name).
    write(tmp_path / "gp_chronology.csv", ROWS, dt.date(2019, 4, 10))
    corrected = [*ROWS, ["12/03/2019", "GP saw the child with mother for a cough"]]
    write(tmp_path / "gp_chronology_v2 2019-06-12.csv", corrected, dt.date(2019, 6, 20))
    # Schools and Housing: nothing received.
    return tmp_path


def by_agency(folder: Path, **kwargs) -> dict[str, dict]:
    table = tracker(folder, today=dt.date(2019, 5, 10), **kwargs)
    return {row["agency"]: row for row in table.to_dict("records")}


def test_working_days_skip_weekends_and_bank_holidays():
    assert add_working_days(dt.date(2019, 4, 1), 20) == dt.date(2019, 5, 1)
    assert add_working_days(dt.date(2019, 4, 18), 1) == dt.date(2019, 4, 23)
    assert working_days_between(dt.date(2019, 5, 1), dt.date(2019, 5, 3)) == 2
    # Early May bank holiday (6 May 2019) is not a working day.
    assert working_days_between(dt.date(2019, 5, 3), dt.date(2019, 5, 7)) == 1
    assert working_days_between(dt.date(2019, 5, 3), dt.date(2019, 5, 1)) == 0


def test_planted_late_missing_resubmitted_and_faulty(folder: Path):
    rows = by_agency(folder)
    assert list(rows) == [
        "Northshire Police",
        "Northshire Children's Social Care",
        "Riverside Surgery",
        "Northshire Schools",
        "Northshire Housing",
    ]
    police = rows["Northshire Police"]
    assert police["status"] == "checked clean"
    assert (police["deadline"], police["received"]) == ("2019-05-01", "2019-05-03")
    assert police["working_days_late"] == 2
    assert police["timeliness"] == "2 working days late"
    assert "file date" in police["why"] and police["received_from"] == "file date"
    csc = rows["Northshire Children's Social Care"]
    assert csc["status"] == "checked with errors" and csc["errors"] >= 1
    assert csc["timeliness"] == "on time" and csc["deadline"] == "2019-04-26"
    gp = rows["Riverside Surgery"]
    assert gp["status"] == "resubmitted"
    assert gp["files"] == "gp_chronology_v2 2019-06-12.csv"
    assert gp["superseded"] == "gp_chronology.csv"
    assert (gp["received"], gp["resubmitted"]) == ("2019-04-10", "2019-06-12")
    assert gp["timeliness"] == "on time"
    schools = rows["Northshire Schools"]
    # Deadline 10 working days after 1 April: 15 April; by 10 May, 16 working
    # days have passed (Good Friday, Easter Monday and 6 May not counted).
    assert schools["status"] == "not received" and schools["deadline"] == "2019-04-15"
    assert schools["timeliness"] == "not received; 16 working days overdue"
    housing = rows["Northshire Housing"]
    assert housing["status"] == "not received" and housing["deadline"] == ""
    assert housing["timeliness"] == "not received"


def test_without_checking_files_are_only_received(folder: Path):
    rows = by_agency(folder, check=False)
    assert rows["Northshire Police"]["status"] == "received"
    assert rows["Northshire Children's Social Care"]["status"] == "received"
    assert rows["Riverside Surgery"]["status"] == "resubmitted"
    assert rows["Northshire Schools"]["status"] == "not received"


def test_the_earlier_version_is_listed_not_read(folder: Path):
    result = read_inputs(folder, read_review(folder / "review.toml"))
    status = {f.name: f.status for f in result.files}
    assert status["gp_chronology.csv"] == "skipped"
    assert status["gp_chronology_v2 2019-06-12.csv"] == "read"
    said = [i for i in result.issues if i.code == "file-superseded"]
    assert [i.source_file for i in said] == ["gp_chronology.csv"]
    assert "gp_chronology_v2 2019-06-12.csv is a newer version" in said[0].message
    assert set(result.entries["source_file"]) == {
        "police_chronology.csv",
        "csc_chronology.csv",
        "gp_chronology_v2 2019-06-12.csv",
    }


def test_two_parts_of_one_chronology_are_both_read(tmp_path: Path):
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    write(tmp_path / "police part 1.csv", ROWS, dt.date(2019, 4, 2))
    write(tmp_path / "police part 2.csv", ROWS[:2], dt.date(2019, 4, 3))
    result = read_inputs(tmp_path, read_review(tmp_path / "review.toml"))
    assert {f.name for f in result.files if f.status == "read"} == {
        "police part 1.csv",
        "police part 2.csv",
    }


def test_status_command_prints_the_tracker_and_writes_csv(folder: Path, tmp_path):
    out = tmp_path / "tracker.csv"
    result = CliRunner().invoke(
        app, ["status", str(folder), "--today", "2019-05-10", "--csv", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "2 working days late" in result.output
    assert "2 not received" in result.output
    with out.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [r["status"] for r in written][:3] == [
        "checked clean",
        "checked with errors",
        "resubmitted",
    ]


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ("asked = 2019-04-01\ndeadline_days = 5\ndeadline = 2019-05-01", "not both"),
        ("deadline_days = 5", "add asked"),
        ("asked = 2019-04-01\ndeadline = 2019-03-01", "deadline is before asked"),
    ],
)
def test_unclear_deadlines_are_refused_naming_the_line(table: str, said: str):
    text = f'[[agencies]]\nname = "Police"\n{table}\n'
    with pytest.raises(ReviewFileError) as caught:
        parse_review(text, "review.toml")
    assert said in str(caught.value)
    assert "review.toml: line 1: agencies.0" in str(caught.value)


def test_the_pack_about_sheet_lists_the_submissions(folder: Path, tmp_path: Path):
    from openpyxl import load_workbook

    from chronomerge.pipeline import build_pack

    out = tmp_path / "pack"
    build_pack(folder, out, outputs="xlsx")
    book = load_workbook(out / "panel_pack.xlsx", read_only=True)
    rows = [
        [v for v in row if v is not None]
        for row in book["About"].iter_rows(values_only=True)
    ]
    start = rows.index(["Submissions"])
    table = {r[0]: r[1:] for r in rows[start + 2 : start + 7]}
    assert table["Northshire Police"] == [
        "checked clean",
        "2019-05-03 (file date)",
        "2019-05-01: 2 working days late",
    ]
    assert table["Riverside Surgery"][:2] == [
        "resubmitted",
        "2019-04-10 (file date); new version 2019-06-12",
    ]
    assert table["Northshire Schools"] == ["not received", "2019-04-15: not received"]
    not_read = next(r for r in rows if r and r[0] == "gp_chronology.csv")
    assert "is a newer version" in not_read[1]


def test_files_for_two_periods_are_both_read(tmp_path: Path):
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    first = "police incidents 01.04.2019 to 30.06.2019.csv"
    second = "police incidents 01.07.2019 to 30.09.2019.csv"
    write(tmp_path / first, ROWS, dt.date(2019, 7, 2))
    write(tmp_path / second, ROWS[:2], dt.date(2019, 10, 2))
    result = read_inputs(tmp_path, read_review(tmp_path / "review.toml"))
    assert {f.name for f in result.files if f.status == "read"} == {first, second}
    assert not [i for i in result.issues if i.code == "file-superseded"]


@pytest.mark.parametrize(
    ("earlier", "newer"),
    [
        ("police.csv", "police v2.csv"),
        ("police_FINAL.csv", "police_final_corrected (1).csv"),
        ("police 2019-05-03.csv", "police 2019-06-01.csv"),
        ("police version 2.csv", "police version 10.csv"),
    ],
)
def test_which_file_is_the_newer_version(tmp_path: Path, earlier: str, newer: str):
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    # Both saved the same day: the name decides (its date, then its number).
    write(tmp_path / earlier, ROWS, dt.date(2019, 6, 2))
    write(tmp_path / newer, ROWS[:2], dt.date(2019, 6, 2))
    result = read_inputs(tmp_path, read_review(tmp_path / "review.toml"))
    assert [f.name for f in result.files if f.status == "read"] == [newer]
