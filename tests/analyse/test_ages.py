"""The child's age at each entry, from the review file's date of birth."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from analyse_helpers import entry, frame, review

from chronomerge.analyse.ages import (
    add_months,
    age_in_days,
    child_ages,
    format_age,
    months_and_days,
)

D = dt.date


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (D(2019, 1, 1), D(2019, 1, 1), "0d"),
        (D(2019, 1, 1), D(2019, 1, 13), "12d"),
        (D(2019, 1, 1), D(2019, 4, 13), "3m 12d"),
        (D(2019, 1, 31), D(2019, 2, 27), "27d"),
        # A month after 31 January is the last day of February.
        (D(2019, 1, 31), D(2019, 2, 28), "1m 0d"),
        (D(2019, 1, 31), D(2019, 3, 1), "1m 1d"),
        (D(2019, 1, 31), D(2019, 3, 31), "2m 0d"),
        (D(2019, 1, 31), D(2019, 4, 29), "2m 29d"),
        (D(2019, 1, 1), D(2019, 12, 31), "11m 30d"),
        (D(2019, 1, 1), D(2020, 1, 1), "1y 0m"),
        (D(2016, 2, 29), D(2017, 2, 27), "11m 29d"),
        (D(2016, 2, 29), D(2017, 2, 28), "1y 0m"),
        (D(2016, 2, 29), D(2018, 7, 1), "2y 4m"),
        (D(2019, 1, 1), D(2018, 12, 31), "pre-birth"),
    ],
)
def test_format_age(born, on, expected):
    assert format_age(born, on) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2019, 1, 31), 1, D(2019, 2, 28)),
        (D(2020, 1, 31), 1, D(2020, 2, 29)),
        (D(2019, 11, 15), 3, D(2020, 2, 15)),
        (D(2019, 6, 1), 0, D(2019, 6, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_months_and_days_add_back_up():
    born = D(2018, 1, 31)
    for offset in range(0, 800, 7):
        on = born + dt.timedelta(days=offset)
        months, days = months_and_days(born, on)
        assert add_months(born, months) + dt.timedelta(days=days) == on
        assert 0 <= days < 31


# The test review's child was born on 2018-12-01; day 0 is 2019-01-01.
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (entry("a", "GP", 0, "other"), "1m 0d"),
        (entry("a", "GP", 410, "other"), "1y 2m"),
        (entry("a", "GP", -31, "other"), "0d"),
        (entry("a", "GP", -40, "other"), "pre-birth"),
        (entry("a", "GP", 0, "other", date_approximate=True), "c. 1m 0d"),
        (entry("a", "GP", 59, "other", end=89, precision="month"), "c. 3m"),
        (entry("a", "GP", 13, "other", end=19, precision="week"), "c. 1m 13d"),
        (entry("a", "GP", -45, "other", end=-15, precision="month"), "around birth"),
        (entry("a", "GP", -61, "other", end=-32, precision="month"), "pre-birth"),
        (entry("a", "GP", None, "other"), ""),
    ],
)
def test_child_ages(row, expected):
    assert child_ages(frame(row), review()).tolist() == [expected]


def test_ages_are_aligned_to_the_entries_index():
    rows = frame(entry("a", "GP", 0, "other"), entry("b", "GP", None, "other"))
    rows.index = pd.Index([7, 3])
    ages = child_ages(rows, review())
    days = age_in_days(rows, review())
    assert list(ages.index) == [7, 3] == list(days.index)
    assert ages.tolist() == ["1m 0d", ""]
    assert str(days.dtype) == "Int64"
    assert days.iloc[0] == 31 and pd.isna(days.iloc[1])


def test_age_in_days_is_negative_before_birth():
    rows = frame(entry("a", "GP", -40, "other"))
    assert age_in_days(rows, review()).tolist() == [-9]


def test_no_date_of_birth_gives_no_ages():
    settings = review().model_copy(update={"people": []})
    rows = frame(entry("a", "GP", 0, "other"))
    assert child_ages(rows, settings).tolist() == [""]
    assert age_in_days(rows, settings).isna().all()
