"""A date written over Day | Month | Year columns is read as one date.

Some case-management exports give the day, month and year of each entry in
columns of their own. Read one by one, the year looks like the date and every
entry would be dated 1 January; joined, each row has its day. Every test
writes a real file and reads it as a merge does.
"""

from __future__ import annotations

import datetime as dt
import json

from ingest_helpers import codes, write_csv, write_xlsx
from openpyxl import Workbook
from typer.testing import CliRunner

from chronomerge.checking import validate_files
from chronomerge.cli import app
from chronomerge.pipeline import read_and_check
from chronomerge.review import ReviewSettings

TODAY = dt.date(2021, 1, 1)
TEXTS = [
    "Family support worker called in after school; children home and fed, "
    "father said the boiler is still not fixed.",
    "Paediatric clinic letter received about the younger child's weight, "
    "review booked in three months.",
    "Mother rang the duty line upset after an argument with her partner; "
    "advice given and a visit offered for tomorrow.",
]
JOINED = (
    "The date of each entry was joined from the columns 'Day', 'Month' and "
    "'Year' (its day, month and year written apart)."
)


def _read(path):
    return read_and_check(path, ReviewSettings(), today=TODAY)


def test_day_month_and_year_columns_give_each_row_its_day(tmp_path):
    rows = [["Day", "Month", "Year", "Notes"]]
    rows += [["7", "Jan", "2020", TEXTS[0]], ["21", "3", "2020", TEXTS[1]]]
    rows += [["2nd", "September", "20", TEXTS[2]]]
    out = _read(write_csv(tmp_path / "family_support.csv", rows))
    e = out.entries
    assert list(e.date_start) == ["2020-01-07", "2020-03-21", "2020-09-02"]
    assert list(e.date_precision) == ["day"] * 3
    assert list(e.description) == TEXTS
    # The parts stay as written, beside the date read from them.
    assert list(e["extra.Month"]) == ["Jan", "3", "September"]
    (report,) = out.files[0].tables
    assert report.inferred["date"] == JOINED
    assert report.columns["Day"] == "date (day)"
    assert report.columns["Year"] == "date (year)"
    assert "column-missing" not in codes(out)
    assert "date-unreadable" not in codes(out)


def test_numbers_stored_as_numbers_in_a_workbook_are_joined_too(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet.append(["Day", "Month", "Year", "Details"])
    for day, month, text in zip((4, 18, 30), (11, 11, 12), TEXTS, strict=True):
        sheet.append([day, month, 2019, text])
    path = tmp_path / "health.xlsx"
    book.save(path)
    e = _read(path).entries
    assert list(e.date_start) == ["2019-11-04", "2019-11-18", "2019-12-30"]


def test_without_a_day_column_each_entry_is_its_month_not_a_guessed_day(tmp_path):
    rows = [["Month", "Year", "What happened"]]
    rows += [["February", "2018", TEXTS[0]], ["Feb", "2018", TEXTS[1]]]
    rows += [["June", "2018", TEXTS[2]]]
    e = _read(write_xlsx(tmp_path / "housing.xlsx", {"Log": rows})).entries
    assert list(e.date_precision) == ["month"] * 3
    assert list(e.date_start) == ["2018-02-01", "2018-02-01", "2018-06-01"]
    assert list(e.date_end) == ["2018-02-28", "2018-02-28", "2018-06-30"]


def test_a_day_column_of_weekdays_is_not_taken_for_the_day_of_the_month(tmp_path):
    rows = [["Day", "Month", "Year", "Notes"]]
    rows += [["Monday", "May", "2019", TEXTS[0]], ["Friday", "May", "2019", TEXTS[1]]]
    e = _read(write_csv(tmp_path / "school.csv", rows)).entries
    # Month and year still give the month; the weekday is kept as written.
    assert list(e.date_precision) == ["month", "month"]
    assert list(e.date_start) == ["2019-05-01", "2019-05-01"]
    assert list(e["extra.Day"]) == ["Monday", "Friday"]


def test_a_date_column_wins_over_parts_beside_it(tmp_path):
    rows = [["Date", "Year", "Month", "Notes"]]
    rows += [["03/02/2019", "2019", "Feb", TEXTS[0]]]
    rows += [["10/02/2019", "2019", "Feb", TEXTS[1]]]
    out = _read(write_csv(tmp_path / "police.csv", rows))
    assert list(out.entries.date_start) == ["2019-02-03", "2019-02-10"]
    (report,) = out.files[0].tables
    assert "date" not in report.inferred
    assert report.columns["Year"] == "extra"


def test_validate_says_the_date_was_joined(tmp_path):
    rows = [["Day", "Month", "Year", "Notes"]]
    rows += [
        [str(d), "April", "2020", t] for d, t in zip((1, 8, 15), TEXTS, strict=True)
    ]
    path = write_csv(tmp_path / "early_help.csv", rows)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert JOINED in " ".join(result.output.split())
    report = validate_files(path, today=TODAY)
    assert JOINED in json.dumps(report.to_dict())
