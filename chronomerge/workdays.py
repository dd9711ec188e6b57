"""Working days in England and Wales: what an agency's deadline counts.

The bank holidays are data (schemas/submissions.toml), so a partnership adds
a new year, or a one-off holiday, without changing code.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

from .resources import load_toml


@cache
def bank_holidays() -> frozenset[dt.date]:
    """England and Wales bank holidays listed in schemas/submissions.toml."""
    days = load_toml("submissions.toml")["bank_holidays"]["england_and_wales"]
    return frozenset(days)


@cache
def holiday_array() -> np.ndarray:
    """The bank holidays as numpy days, for numpy's working-day counts
    (``np.busday_count(..., holidays=holiday_array())``): the sharing ledger's
    receipt windows count the same working days as the tracker."""
    return np.array(sorted(bank_holidays()), dtype="datetime64[D]")


def holidays_known(year: int) -> bool:
    """Whether the list has this year's bank holidays (else only weekends
    are skipped, and the tracker says so)."""
    return any(day.year == year for day in bank_holidays())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, not a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` working days after ``start`` (``start`` not counted).

    Example:
        >>> add_working_days(dt.date(2019, 4, 18), 1)  # Good Friday, Easter Monday
        datetime.date(2019, 4, 23)
    """
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days after ``first`` up to and including ``last`` (0 when
    ``last`` is not after ``first``): how many working days late."""
    count = 0
    day = first
    while day < last:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
