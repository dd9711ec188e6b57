"""Reading UK dates and times: the table of written forms, Excel cells, the
pipeline stage's issues, and dateparser's traps pinned."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from chronomerge.model import DATE_PRECISIONS
from chronomerge.normalise.dates import (
    DateReading,
    fallback_calls,
    normalise_dates,
    read_date,
    sequence_key,
)
from chronomerge.normalise.dates.single import serial_span
from chronomerge.normalise.dates.times import read_time, read_time_text
from chronomerge.review import FileOverride, Person, ReviewInfo, ReviewSettings

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"

# The table is read with this review period and "today" unless a row says
# period "none".
PERIOD = (dt.date(2018, 4, 1), dt.date(2020, 3, 31))
TODAY = dt.date(2021, 6, 30)


def table_rows() -> list[dict[str, str]]:
    with open(DATA / "dates.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def observed(reading: DateReading) -> tuple[str, ...]:
    return (
        reading.start.isoformat() if reading.start else "",
        reading.end.isoformat() if reading.end else "",
        reading.precision,
        "true" if reading.approximate else "false",
        reading.time or "",
        reading.problem or "",
        reading.words,
    )


ROWS = table_rows()


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{n + 2}:{r['text'][:30]!r}" for n, r in enumerate(ROWS)]
)
def test_table_of_written_dates(row: dict[str, str]) -> None:
    period = None if row["period"] == "none" else PERIOD
    reading = read_date(
        row["text"], period=period, date_order=row["order"] or "DMY", today=TODAY
    )
    expected = tuple(
        row[k] for k in ("start", "end", "precision", "approximate", "time", "problem")
    ) + (row.get("words") or "",)
    assert observed(reading) == expected, reading.detail


def test_table_is_large_and_covers_every_precision() -> None:
    assert len(ROWS) >= 300
    assert {r["precision"] for r in ROWS} == set(DATE_PRECISIONS)
    problems = {r["problem"] for r in ROWS}
    for code in (
        "date-missing",
        "date-unreadable",
        "date-impossible",
        "date-month-first",
        "date-year-suspicious",
        "date-year-inferred",
        "date-range-reversed",
    ):
        assert code in problems


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("31/02/2019", "February has 28 days in 2019"),
        ("30/02/2020", "February has 29 days in 2020"),
        ("31/04/2019", "April has 30 days"),
        ("13/13/2019", "there is no month 13"),
        ("00/01/2019", "there is no day 0"),
        ("12/03/221", "the year 221"),
        ("04/23/2019", "read month first it is 23 April 2019"),
    ],
)
def test_problem_details_for_messages(text: str, detail: str) -> None:
    assert read_date(text, today=TODAY).detail == detail


def test_fast_path_reads_as_the_long_way_does() -> None:
    """The shortcuts for the commonest forms give exactly what the full rules
    give, on every table row and every sample date they apply to."""
    from chronomerge.normalise.dates.cell import _fast, _read_long
    from chronomerge.normalise.dates.single import Context

    ctx = Context("DMY", PERIOD[0], PERIOD[1], TODAY)
    texts = [r["text"] for r in ROWS] + [r["date_text"] for r in truth_rows()]
    texts += ["12/03/2019 1435hrs", "Sunday, 17 March 2019", "approx. 12.03.19"]
    used = 0
    for text in texts:
        fast = _fast(text, ctx)
        if fast is not None:
            used += 1
            assert fast == _read_long(text, ctx), text
    assert used > 100


# ------------------------------------------------------------- cell values


@pytest.mark.parametrize(
    ("value", "start", "end", "precision", "time"),
    [
        (dt.datetime(2019, 3, 12), "2019-03-12", "2019-03-12", "day", None),
        (
            dt.datetime(2019, 3, 12, 14, 35, 10),
            "2019-03-12",
            "2019-03-12",
            "day",
            "14:35",
        ),
        (dt.date(2019, 3, 12), "2019-03-12", "2019-03-12", "day", None),
        (pd.Timestamp("2019-03-12 09:05"), "2019-03-12", "2019-03-12", "day", "09:05"),
        (43537, "2019-03-13", "2019-03-13", "day", None),
        (43537.0, "2019-03-13", "2019-03-13", "day", None),
        (43537.6076388889, "2019-03-13", "2019-03-13", "day", "14:35"),
        (np.int64(43466), "2019-01-01", "2019-01-01", "day", None),
        (np.float64(43830), "2019-12-31", "2019-12-31", "day", None),
        (2019, "2019-01-01", "2019-12-31", "year", None),
        (2019.0, "2019-01-01", "2019-12-31", "year", None),
    ],
)
def test_excel_cells_and_serial_numbers(value, start, end, precision, time) -> None:
    reading = read_date(value, today=TODAY)
    assert reading.start.isoformat() == start
    assert reading.end.isoformat() == end
    assert (reading.precision, reading.time, reading.problem) == (precision, time, None)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "date-missing"),
        (math.nan, "date-missing"),
        (pd.NaT, "date-missing"),
        (60, "date-year-suspicious"),  # a small whole number is no date
        (221, "date-year-suspicious"),
        (0.5, "date-unreadable"),
        (-3, "date-unreadable"),
        (True, "date-unreadable"),
        (dt.time(14, 35), "date-unreadable"),
        (3_000_000, "date-year-suspicious"),
        (dt.datetime(1019, 3, 12), "date-year-suspicious"),
    ],
)
def test_cells_that_are_not_dates(value, problem) -> None:
    reading = read_date(value, today=TODAY)
    assert (reading.start, reading.end, reading.problem) == (None, None, problem)


def test_excel_serials_around_its_leap_year_mistake() -> None:
    """Excel counts a 29 February 1900 that never was (serial 60)."""
    assert serial_span(59).start == dt.date(1900, 2, 28)
    assert serial_span(60).problem == "date-impossible"
    assert serial_span(61).start == dt.date(1900, 3, 1)
    assert serial_span(43537).start == dt.date(2019, 3, 13)


def test_real_workbook_cells(tmp_path: Path) -> None:
    """Date cells, serials in a text column and times as openpyxl and calamine
    hand them over."""
    from python_calamine import CalamineWorkbook

    path = tmp_path / "cells.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Time"])
    sheet.append([dt.datetime(2019, 3, 12), dt.time(14, 35)])
    sheet.append([dt.datetime(2019, 3, 12, 9, 5), "2.35pm"])
    sheet.append(["43537", "1435"])
    sheet.append([43537, 0.5])
    sheet.append(["12th March 2019", "14.35hrs"])
    book.save(path)
    expected_dates = [
        "2019-03-12",
        "2019-03-12",
        "2019-03-13",
        "2019-03-13",
        "2019-03-12",
    ]
    expected_times = ["14:35", "14:35", "14:35", "12:00", "14:35"]

    loaded = openpyxl.load_workbook(path).active
    calamine_rows = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    )
    for rows in (
        list(loaded.iter_rows(min_row=2, values_only=True)),
        calamine_rows[1:],
    ):
        dates = [read_date(r[0], today=TODAY).start.isoformat() for r in rows]
        times = [read_time(r[1])[0] for r in rows]
        assert dates == expected_dates
        assert times == expected_times


# --------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:35", ("14:35", True)),
        ("2.35pm", ("14:35", True)),
        ("2.35 PM", ("14:35", True)),
        ("1435", ("14:35", True)),
        ("0905", ("09:05", True)),
        ("905", ("09:05", True)),
        ("14.35hrs", ("14:35", True)),
        ("1435hrs", ("14:35", True)),
        ("14:35 hrs", ("14:35", True)),
        ("8.43 am", ("08:43", True)),
        ("8.43 a.m.", ("08:43", True)),
        ("?10:00", ("10:00", True)),
        ("approx 10:00", ("10:00", True)),
        ("10am", ("10:00", True)),
        ("12pm", ("12:00", True)),
        ("12am", ("00:00", True)),
        ("12 noon", ("12:00", True)),
        ("midday", ("12:00", True)),
        ("midnight", ("00:00", True)),
        ("14:35:59", ("14:35", True)),
        ("14h35", ("14:35", True)),
        ("14hrs", ("14:00", True)),
        ("14:00-15:30", ("14:00", True)),
        ("", (None, True)),
        ("N/K", (None, True)),
        (None, (None, True)),
        (math.nan, (None, True)),
        ("25:00", (None, False)),
        ("14:75", (None, False)),
        ("13pm", (None, False)),
        ("14", (None, False)),
        ("after school", (None, False)),
        (dt.time(9, 5), ("09:05", True)),
        (dt.datetime(1899, 12, 30, 14, 35), ("14:35", True)),
        (0.6076388889, ("14:35", True)),
        (0.0, ("00:00", True)),
        (14.35, ("14:35", True)),
        (1435, ("14:35", True)),
        (8.3, ("08:30", True)),
        (2500, (None, False)),
    ],
)
def test_read_time(value, expected) -> None:
    assert read_time(value) == expected


def test_time_range_in_a_time_cell() -> None:
    assert read_time_text("14:00 - 15:30") == ("14:00", "15:30", True)
    assert read_time_text("2pm to 3.15pm") == ("14:00", "15:15", True)


# ------------------------------------------------------------- years, cache


@pytest.mark.parametrize(
    ("text", "period", "today", "year"),
    [
        ("12/03/19", (dt.date(2018, 1, 1), dt.date(2019, 12, 31)), TODAY, 2019),
        ("12/03/99", (dt.date(2018, 1, 1), dt.date(2019, 12, 31)), TODAY, 1999),
        ("12/03/70", (dt.date(2018, 1, 1), dt.date(2019, 12, 31)), TODAY, 1970),
        ("12/03/60", (dt.date(2018, 1, 1), dt.date(2020, 12, 31)), TODAY, 2060),
        ("12/03/45", (dt.date(1988, 1, 1), dt.date(1990, 12, 31)), TODAY, 1945),
        ("12/03/60", (dt.date(2018, 1, 1), None), TODAY, 2060),
        ("12/03/21", None, dt.date(2021, 1, 1), 2021),
        ("12/03/22", None, dt.date(2021, 1, 1), 1922),
        ("12/03/22", None, dt.date(2022, 1, 1), 2022),
    ],
)
def test_two_digit_years(text, period, today, year) -> None:
    assert read_date(text, period=period, today=today).start.year == year


def test_year_less_reading_takes_a_year() -> None:
    reading = read_date("29 February", today=TODAY)
    assert reading.start is None and reading.yearless is not None
    assert reading.with_year(2019) is None
    leap = reading.with_year(2020)
    assert (leap.start, leap.end, leap.approximate) == (
        dt.date(2020, 2, 29),
        dt.date(2020, 2, 29),
        True,
    )
    winter = read_date("winter", today=TODAY).with_year(2019)
    assert (winter.start, winter.end) == (dt.date(2019, 12, 1), dt.date(2020, 2, 29))
    week = read_date("w/c 23 February", today=TODAY).with_year(2019)
    assert (week.start, week.end) == (dt.date(2019, 2, 23), dt.date(2019, 3, 1))
    late = read_date("late February", today=TODAY).with_year(2019)
    assert (late.start, late.end) == (dt.date(2019, 2, 21), dt.date(2019, 2, 28))
    february = read_date("February", today=TODAY)
    assert february.with_year(2019).end == dt.date(2019, 2, 28)
    assert february.with_year(2020).end == dt.date(2020, 2, 29)


def test_readings_are_cached() -> None:
    first = read_date("17th June 2019", today=TODAY)
    assert read_date("17th June 2019", today=TODAY) is first
    other_order = read_date("03/04/2019", date_order="MDY", today=TODAY)
    assert other_order.start == dt.date(2019, 3, 4)
    assert read_date("03/04/2019", today=TODAY).start == dt.date(2019, 4, 3)


# --------------------------------------------------------- dateparser traps


@pytest.mark.parametrize(
    "text",
    ["Tuesday", "Mon", "see notes", "HV visit", "next week", "asap", "14:35", "12"],
)
def test_fast_rules_keep_non_dates_away_from_dateparser(text: str) -> None:
    before = fallback_calls()
    reading = read_date(text + " ", today=TODAY)  # a fresh cache entry
    assert reading.problem == "date-unreadable"
    assert fallback_calls() == before


def test_fallback_reads_what_rules_do_not_and_invents_nothing() -> None:
    reading = read_date("12th day of March 2019", today=TODAY)
    assert (reading.start, reading.precision) == (dt.date(2019, 3, 12), "day")
    from chronomerge.normalise.dates.cell import _dateparser_day

    assert _dateparser_day("march 2019 sometime", "DMY") is None  # no day: refused
    assert _dateparser_day("the 4th of the month", "DMY") is None
    assert _dateparser_day("03/04/19 seen", "DMY") in (None, dt.date(2019, 4, 3))


@pytest.mark.slow
def test_dateparser_traps_pinned() -> None:
    """What dateparser does on its own, beside what the reader does."""
    import dateparser

    # Its default order is month first.
    assert dateparser.parse("03/04/2019").date() == dt.date(2019, 3, 4)
    assert read_date("03/04/2019", today=TODAY).start == dt.date(2019, 4, 3)
    # With PREFER_DATES_FROM 'past', a two-digit year can land a century back.
    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": dt.datetime(2019, 3, 1),
    }
    assert dateparser.parse("03/04/19", settings=settings).year == 1919
    assert read_date("03/04/19", period=PERIOD, today=TODAY).start == dt.date(
        2019, 4, 3
    )
    # It drops the question mark.
    assert dateparser.parse("?22 May 2016").date() == dt.date(2016, 5, 22)
    assert read_date("?22 May 2016", today=TODAY).approximate is True
    # A lone weekday becomes a date.
    assert dateparser.parse("Tuesday") is not None
    assert read_date("Tuesday", today=TODAY).start is None
    # Nothing for w/c, mid-March, Spring or c.
    for text in ("w/c 04/03/2019", "mid-March 2019", "Spring 2018", "c. March 2015"):
        assert dateparser.parse(text) is None
        assert read_date(text, today=TODAY).start is not None
    # ... and "c. 2015" gets today's day and month invented.
    invented = dateparser.parse(
        "c. 2015", settings={"RELATIVE_BASE": dt.datetime(2021, 6, 30)}
    )
    assert invented.date() == dt.date(2015, 6, 30)
    assert read_date("c. 2015", today=TODAY).precision == "year"


# ------------------------------------------------------------ the stage


def frame(rows: list[dict], file: str = "agency.csv") -> pd.DataFrame:
    """Entries as ingest hands them over: every row with provenance."""
    records = []
    for n, row in enumerate(rows):
        record = {
            "source_file": row.get("source_file", file),
            "source_location": row.get("source_location", ""),
            "source_row": n + 2,
            "source_order": n,
            "date": row.get("date", ""),
            "date_raw": row.get("date_raw", row.get("date", "")),
            "date_end": row.get("date_end", ""),
            "time": row.get("time", ""),
            "sequence": row.get("sequence", ""),
            "description": row.get("description", f"entry {n}"),
        }
        records.append(record)
    return pd.DataFrame(records)


def review(
    start: dt.date | None = None,
    end: dt.date | None = None,
    **extra,
) -> ReviewSettings:
    return ReviewSettings(
        review=ReviewInfo(period_start=start, period_end=end), **extra
    )


def codes(issues) -> list[tuple[int | None, str, str]]:
    return sorted((i.source_row, i.column, i.code) for i in issues)


def test_stage_columns_and_values() -> None:
    entries = frame(
        [
            {"date": "12/03/2019 14:35", "sequence": "Ref 0012"},
            {"date": "March 2019", "time": "2.35pm", "sequence": "3"},
            {"date": "?22/05/2019", "time": "1435hrs"},
            {"date": "12/03/2019", "date_end": "15/03/2019", "time": "14:00-15:30"},
            {"date": "w/c 04/03/2019", "date_end": "", "time": "25:99"},
        ]
    )
    out, issues = normalise_dates(entries, review(), today=TODAY)
    assert len(out) == len(entries) and list(out.index) == list(entries.index)
    assert out["date_text"].tolist() == entries["date"].tolist()
    assert out["date_end_text"].tolist() == entries["date_end"].tolist()
    assert out["date_start"].tolist() == [
        "2019-03-12",
        "2019-03-01",
        "2019-05-22",
        "2019-03-12",
        "2019-03-04",
    ]
    assert out["date_end"].tolist() == [
        "2019-03-12",
        "2019-03-31",
        "2019-05-22",
        "2019-03-15",
        "2019-03-10",
    ]
    assert out["date_precision"].tolist() == ["day", "month", "day", "range", "week"]
    assert out["date_approximate"].tolist() == [False, False, True, False, False]
    assert out["date_approximate"].dtype == bool
    assert out["time"].tolist() == ["14:35", "14:35", "14:35", "14:00", ""]
    assert out["time_end"].tolist() == ["", "", "", "15:30", ""]
    assert out["sequence_key"].tolist()[:2] == [12.0, 3.0]
    assert math.isnan(out["sequence_key"].tolist()[2])
    assert codes(issues) == [(6, "time", "time-unreadable")]


def test_stage_reports_each_problem_where_it_is() -> None:
    entries = frame(
        [
            {"date": "12/03/2019"},
            {"date": ""},
            {"date": "N/K"},
            {"date": "31/02/2019"},
            {"date": "see notes"},
            {"date": "04/23/2019"},
            {"date": "12/03/221"},
            {"date": "12/03/2024"},
            {"date": "12/03/2016"},
            {"date": "12/03/2018"},
        ]
    )
    settings = review(
        dt.date(2017, 1, 1),
        dt.date(2019, 12, 31),
        people=[Person(label="Child A", date_of_birth=dt.date(2018, 6, 1))],
    )
    out, issues = normalise_dates(entries, settings, today=TODAY)
    assert codes(issues) == [
        (3, "date", "date-missing"),
        (4, "date", "date-missing"),
        (5, "date", "date-impossible"),
        (6, "date", "date-unreadable"),
        (7, "date", "date-month-first"),
        (8, "date", "date-year-suspicious"),
        (9, "date", "date-in-future"),
        (9, "date", "date-outside-period"),
        (10, "date", "date-before-birth"),
        (10, "date", "date-outside-period"),
        (11, "date", "date-before-birth"),
    ]
    severity = {(i.source_row, i.code): i.severity for i in issues}
    assert severity[(3, "date-missing")] == "error"
    assert severity[(4, "date-missing")] == "warning"  # N/K: known to be unknown
    assert severity[(10, "date-before-birth")] == "info"
    message = next(i.message for i in issues if i.code == "date-impossible")
    assert "February has 28 days in 2019" in message
    message = next(i.message for i in issues if i.code == "date-before-birth")
    assert "Child A" in message and "1 June 2018" in message
    assert out["date_start"].tolist()[5] == "2019-04-23"  # read, and said so
    precisions = out["date_precision"].tolist()
    assert [precisions[i] for i in (1, 2, 3, 4, 6)] == ["unknown"] * 5


def test_stage_uses_the_files_date_order() -> None:
    entries = pd.concat(
        [
            frame([{"date": "03/04/2019"}, {"date": "04/23/2019"}], file="us.csv"),
            frame([{"date": "03/04/2019"}], file="uk.csv"),
        ],
        ignore_index=True,
    )
    settings = review(files=[FileOverride(match="us*.csv", date_order="MDY")])
    out, issues = normalise_dates(entries, settings, today=TODAY)
    assert out["date_start"].tolist() == ["2019-03-04", "2019-04-23", "2019-04-03"]
    assert issues == []


def test_stage_reads_cells_as_read() -> None:
    entries = frame(
        [
            {"date": "12/03/2019", "date_raw": dt.datetime(2019, 3, 12)},
            {
                "date": "2019-03-12 09:30:00",
                "date_raw": dt.datetime(2019, 3, 12, 9, 30),
            },
            {"date": "43537", "date_raw": 43537},
            {"date": "43537", "date_raw": "43537"},
            {"date": "12/03/2019", "date_raw": None},
        ]
    )
    out, issues = normalise_dates(entries, review(), today=TODAY)
    assert out["date_start"].tolist() == [
        "2019-03-12",
        "2019-03-12",
        "2019-03-13",
        "2019-03-13",
        "2019-03-12",
    ]
    assert out["time"].tolist() == ["", "09:30", "", "", ""]
    assert issues == []


def test_year_less_dates_follow_their_neighbours() -> None:
    entries = frame(
        [
            {"date": "02/12/2018"},
            {"date": "11 December"},
            {"date": "Wednesday December 26"},
            {"date": "3rd January"},
            {"date": "09/01/2019"},
            {"date": "mid January"},
        ]
    )
    out, issues = normalise_dates(entries, review(), today=TODAY)
    assert out["date_start"].tolist() == [
        "2018-12-02",
        "2018-12-11",
        "2018-12-26",
        "2019-01-03",
        "2019-01-09",
        "2019-01-11",
    ]
    assert out["date_approximate"].tolist() == [False, True, True, True, False, True]
    inferred = [i for i in issues if i.code == "date-year-inferred"]
    assert [i.source_row for i in inferred] == [3, 4, 5, 7]
    assert {i.severity for i in inferred} == {"info"}
    assert "the year 2019" in inferred[2].message


def test_year_less_dates_in_a_newest_first_table() -> None:
    entries = frame(
        [
            {"date": "09/01/2019"},
            {"date": "3rd January"},
            {"date": "11 December"},
            {"date": "02/12/2018"},
        ]
    )
    out, _ = normalise_dates(entries, review(), today=TODAY)
    assert out["date_start"].tolist() == [
        "2019-01-09",
        "2019-01-03",
        "2018-12-11",
        "2018-12-02",
    ]


def test_year_less_date_alone_takes_the_review_period() -> None:
    entries = frame([{"date": "11 December"}])
    settings = review(dt.date(2019, 6, 1), dt.date(2021, 5, 31))
    out, _ = normalise_dates(entries, settings, today=TODAY)
    assert out["date_start"].tolist() == ["2019-12-11"]


def test_row_out_of_order_in_an_ordered_table() -> None:
    dates = [f"{d:02d}/03/2019" for d in range(1, 13)]
    dates[6] = "07/03/2018"  # a mistyped year
    out, issues = normalise_dates(
        frame([{"date": d} for d in dates]), review(), today=TODAY
    )
    assert codes(issues) == [(8, "date", "date-out-of-order")]
    # Newest first works the same way.
    out, issues = normalise_dates(
        frame([{"date": d} for d in reversed(dates)]), review(), today=TODAY
    )
    assert codes(issues) == [(7, "date", "date-out-of-order")]


def test_no_order_issue_for_an_unordered_table() -> None:
    dates = ["05/03/2019", "01/03/2019", "09/03/2019", "02/03/2019", "07/03/2019"]
    dates += ["03/03/2019", "08/03/2019", "04/03/2019"]
    _, issues = normalise_dates(
        frame([{"date": d} for d in dates]), review(), today=TODAY
    )
    assert issues == []


def test_order_is_checked_per_sheet() -> None:
    first = frame(
        [{"date": f"{d:02d}/03/2019", "source_location": "2019"} for d in range(1, 9)]
    )
    second = frame(
        [{"date": f"{d:02d}/02/2018", "source_location": "2018"} for d in range(1, 9)]
    )
    entries = pd.concat([first, second], ignore_index=True)
    _, issues = normalise_dates(entries, review(), today=TODAY)
    assert issues == []


def test_start_and_end_date_columns() -> None:
    entries = frame(
        [
            {"date": "12/03/2019", "date_end": "15/03/2019"},
            {"date": "March 2019", "date_end": "May 2019"},
            {"date": "12/03/2019", "date_end": "12/03/2019"},
            {"date": "12/03/2019", "date_end": "10/03/2019"},
            {"date": "12/03/2019", "date_end": "soon"},
            {"date": "30 December 2018", "date_end": "2 January"},
        ]
    )
    out, issues = normalise_dates(entries, review(), today=TODAY)
    assert out["date_start"].tolist() == [
        "2019-03-12",
        "2019-03-01",
        "2019-03-12",
        "2019-03-12",
        "2019-03-12",
        "2018-12-30",
    ]
    assert out["date_end"].tolist() == [
        "2019-03-15",
        "2019-05-31",
        "2019-03-12",
        "2019-03-12",
        "2019-03-12",
        "2019-01-02",
    ]
    assert out["date_precision"].tolist() == [
        "range",
        "range",
        "day",
        "day",
        "day",
        "range",
    ]
    assert codes(issues) == [
        (5, "date_end", "date-range-reversed"),
        (6, "date_end", "date-unreadable"),
    ]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("12", 12.0),
        ("Ref 0012", 12.0),
        ("E-3.2", 3.2),
        (7, 7.0),
        ("", math.nan),
        (None, math.nan),
        ("n/a", math.nan),
    ],
)
def test_sequence_key(value, key) -> None:
    got = sequence_key(value)
    assert got == key or (math.isnan(got) and math.isnan(key))


def test_stage_keeps_every_row_of_a_large_mixed_frame() -> None:
    texts = [r["text"] for r in ROWS] * 3
    entries = frame([{"date": t} for t in texts])
    out, issues = normalise_dates(entries, review(*PERIOD), today=TODAY)
    assert len(out) == len(texts)
    assert set(out["date_precision"]) <= set(DATE_PRECISIONS)
    assert all(i.message for i in issues)


# ------------------------------------------------------------ sample data


def truth_rows() -> list[dict[str, str]]:
    path = SAMPLE / "child_a" / "truth.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


TRUTH = truth_rows()
needs_truth = pytest.mark.skipif(not TRUTH, reason="sample_data has no truth.csv")


def truth_review() -> ReviewSettings:
    from chronomerge.review import read_review

    return read_review(SAMPLE / "child_a" / "review.toml")


def truth_expected(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(
        row[k] for k in ("date_start", "date_end", "date_precision", "date_approximate")
    )


def stage_observed(out: pd.DataFrame) -> list[tuple[str, ...]]:
    return [
        (s, e, p, "true" if a else "false")
        for s, e, p, a in zip(
            out["date_start"],
            out["date_end"],
            out["date_precision"],
            out["date_approximate"],
            strict=True,
        )
    ]


@needs_truth
def test_sample_date_texts_read_as_truth_says() -> None:
    """Every truth row's date text, read in its table's order (year-less
    dates take their year from the rows around them)."""
    entries = pd.DataFrame(
        {
            "source_file": [r["source_file"] for r in TRUTH],
            "source_location": [r["source_location"] for r in TRUTH],
            "source_row": [int(r["source_row"]) for r in TRUTH],
            "source_order": [int(r["source_row"]) for r in TRUTH],
            "date": [r["date_text"] for r in TRUTH],
            "time": [""] * len(TRUTH),
        }
    )
    out, _ = normalise_dates(entries, truth_review(), today=TODAY)
    wrong = [
        (r["source_file"], r["source_row"], r["date_text"], truth_expected(r), got)
        for r, got in zip(TRUTH, stage_observed(out), strict=True)
        if got != truth_expected(r)
    ]
    assert wrong == []
    # Where the date cell holds the time, it is read from there.
    times = [
        (r["date_text"], r["time"], t)
        for r, t in zip(TRUTH, out["time"], strict=True)
        if t and t != r["time"]
    ]
    assert times == []
    with_clock = [bool(re.search(r"\d:\d\d", r["date_text"])) for r in TRUTH]
    assert [bool(t) for t in out["time"]] == with_clock
    assert any(with_clock)


PLANTED_DATE_PROBLEMS = {
    "month_first_date": "date-month-first",
    "impossible_date": "date-impossible",
    "unreadable_date": "date-unreadable",
    "missing_date": "date-missing",
    "unknown_date": "date-missing",
    "outside_period": "date-outside-period",
}


@needs_truth
def test_sample_planted_date_problems_are_reported_where_planted() -> None:
    """Each date problem the sample plants is an issue on its row; a value
    that only reads month first (12/17/2019) is read so and flagged, never
    silently."""
    entries = pd.DataFrame(
        {
            "source_file": [r["source_file"] for r in TRUTH],
            "source_location": [r["source_location"] for r in TRUTH],
            "source_row": [int(r["source_row"]) for r in TRUTH],
            "source_order": [int(r["source_row"]) for r in TRUTH],
            "date": [r["date_text"] for r in TRUTH],
        }
    )
    _, issues = normalise_dates(entries, truth_review(), today=TODAY)
    found = {(i.source_file, i.source_row, i.code) for i in issues}
    planted = {
        (r["source_file"], int(r["source_row"]), PLANTED_DATE_PROBLEMS[p])
        for r in TRUTH
        for p in r["planted"].split(";")
        if p in PLANTED_DATE_PROBLEMS
    }
    assert planted and planted <= found
    month_first = {f for f in found if f[2] == "date-month-first"}
    assert month_first == {p for p in planted if p[2] == "date-month-first"}
    assert month_first
    for issue in issues:
        if issue.code == "date-month-first":
            assert issue.severity == "warning" and issue.value in issue.message


def _sample_tables() -> dict[tuple[str, str], list[list[object]]]:
    """Every table of the sample files as rows of cells, read with openpyxl,
    python-docx and the csv module (row 1 is the first row)."""
    import docx

    tables: dict[tuple[str, str], list[list[object]]] = {}
    for path in sorted((SAMPLE / "child_a").iterdir()):
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            for sheet in book.worksheets:
                rows = [list(r) for r in sheet.iter_rows(values_only=True)]
                for merged in sheet.merged_cells.ranges:
                    top = sheet.cell(merged.min_row, merged.min_col).value
                    for r in range(merged.min_row, merged.max_row + 1):
                        for c in range(merged.min_col, merged.max_col + 1):
                            rows[r - 1][c - 1] = top
                tables[(path.name, sheet.title)] = rows
        elif path.suffix == ".docx":
            document = docx.Document(str(path))
            for n, table in enumerate(document.tables, start=1):
                rows = [[c.text for c in row.cells] for row in table.rows]
                tables[(path.name, f"table {n}")] = rows
        elif path.suffix == ".csv" and path.name[0].isupper():
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
            delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
            rows = list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))
            tables[(path.name, "")] = rows
    return tables


def _heading_columns(rows: list[list[object]]) -> tuple[int | None, int | None]:
    """(date column, time column), from the first row headed "Date..." that
    is not a merged heading spanning both."""
    for row in rows:
        names = [str(c or "").strip().lower() for c in row]
        date = next((i for i, n in enumerate(names) if n.startswith("date")), None)
        if date is None or (names.count(names[date]) > 1 and "time" not in names):
            continue
        return date, names.index("time") if "time" in names else None
    raise AssertionError("no heading row")


@needs_truth
def test_sample_cells_read_as_truth_says() -> None:
    """The cells themselves, as the readers hand them over: Excel date cells,
    serial numbers in text, and separate time columns (2.35pm, 1435,
    14.35hrs)."""
    tables = _sample_tables()
    keys = {(r["source_file"], r["source_location"]) for r in TRUTH}
    columns = {key: _heading_columns(tables[key]) for key in keys}
    records = []
    for r in TRUTH:
        key = (r["source_file"], r["source_location"])
        row = tables[key][int(r["source_row"]) - 1]
        date_col, time_col = columns[key]
        cell = row[date_col]
        records.append(
            {
                "source_file": key[0],
                "source_location": key[1],
                "source_row": int(r["source_row"]),
                "source_order": int(r["source_row"]),
                "date_raw": cell,
                "date": "" if cell is None else str(cell),
                "time": row[time_col] if time_col is not None else "",
            }
        )
    out, issues = normalise_dates(pd.DataFrame(records), truth_review(), today=TODAY)
    wrong = [
        (
            r["source_file"],
            r["source_row"],
            repr(rec["date_raw"]),
            truth_expected(r),
            got,
        )
        for r, rec, got in zip(TRUTH, records, stage_observed(out), strict=True)
        if got != truth_expected(r)
    ]
    assert wrong == []
    times = [
        (r["source_file"], r["source_row"], rec["time"], r["time"], t)
        for r, rec, t in zip(TRUTH, records, out["time"], strict=True)
        if t != r["time"]
    ]
    assert times == []
    assert not [i for i in issues if i.code == "time-unreadable"]


def test_a_file_that_looks_month_first_is_named_once() -> None:
    us = frame(
        [{"date": d} for d in ("04/23/2019", "03/04/2019", "05/06/2019", "12/14/2019")],
        file="us.csv",
    )
    mixed = frame(
        [{"date": d} for d in ("04/23/2019", "03/04/2019", "23/04/2019")],
        file="mixed.csv",
    )
    _, issues = normalise_dates(
        pd.concat([us, mixed], ignore_index=True), review(), today=TODAY
    )
    column = [i for i in issues if i.code == "date-column-month-first"]
    assert [(i.source_file, i.source_row, i.value) for i in column] == [
        ("us.csv", None, "03/04/2019")
    ]
    assert "2 dates in it can only be read month first" in column[0].message
    assert "date_order" in column[0].message
    per_value = [
        (i.source_file, i.source_row) for i in issues if i.code == "date-month-first"
    ]
    assert per_value == [("us.csv", 2), ("us.csv", 5), ("mixed.csv", 2)]


def test_end_time_column() -> None:
    entries = frame(
        [
            {"date": "12/03/2019 14:00"},
            {"date": "12/03/2019", "time": "9am"},
            {"date": "13/03/2019", "time": "10:00"},
        ]
    )
    entries["time_end"] = ["15.30", "1100hrs", "later"]
    out, issues = normalise_dates(entries, review(), today=TODAY)
    assert out["time"].tolist() == ["14:00", "09:00", "10:00"]
    assert out["time_end"].tolist() == ["15:30", "11:00", ""]
    assert out["time_end_text"].tolist() == ["15.30", "1100hrs", "later"]
    assert codes(issues) == [(4, "time_end", "time-unreadable")]


def test_words_after_the_date_become_an_empty_description() -> None:
    entries = frame(
        [
            {
                "date": "June 2018 - First children in need assessment",
                "description": "",
            },
            {"date": "12/03/2019 \u2013 home visit", "description": "Seen at home."},
            {"date": "12/03/2019 10:00 strategy meeting", "description": " "},
            {"date": "see notes", "description": ""},
        ]
    )
    out, issues = normalise_dates(entries, review(*PERIOD), today=TODAY)
    assert out["description"].tolist() == [
        "First children in need assessment",
        "Seen at home.",
        "strategy meeting",
        "",
    ]
    # The cell as written is kept whole, and its date and time are read.
    assert out["date_text"].tolist() == entries["date"].tolist()
    assert out["date_start"].tolist() == ["2018-06-01", "2019-03-12", "2019-03-12", ""]
    assert out["time"].tolist() == ["", "", "10:00", ""]
    assert codes(issues) == [(5, "date", "date-unreadable")]
