"""The subject child's age at each entry, from the review file's date of birth.

Ages read the way practitioners write them: ``12d`` under a month, ``3m 12d``
under a year, ``2y 4m`` from then on, ``pre-birth`` before the birth. An
entry whose date is not one exact day gets ``c.`` in front (and no days once
the uncertainty is a month or more), so an age never looks more precise than
the date it comes from.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd

from ..model import text_column, true_column
from ..review import ReviewSettings
from .dated import day_numbers, to_date, to_day


def date_of_birth(review: ReviewSettings) -> dt.date | None:
    """The subject child's date of birth, when the review file gives it."""
    person = review.subject_person
    return person.date_of_birth if person is not None else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, kept inside the month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_and_days(born: dt.date, on: dt.date) -> tuple[int, int]:
    """Whole calendar months from ``born`` to ``on``, and the days left over.

    A month after 31 January is the last day of February (see :func:`add_months`).
    """
    months = (on.year - born.year) * 12 + on.month - born.month
    if add_months(born, months) > on:
        months -= 1
    return months, (on - add_months(born, months)).days


def format_age(born: dt.date, on: dt.date, *, exact: bool = True) -> str:
    """The age on a day, e.g. ``format_age(date(2019,1,1), date(2019,4,13))`` is
    ``"3m 12d"``; ``exact=False`` marks it approximate and drops spare days."""
    if on < born:
        return "pre-birth"
    months, days = months_and_days(born, on)
    if months >= 12:
        text = f"{months // 12}y {months % 12}m"
    elif months == 0:
        text = f"{days}d"
    else:
        text = f"{months}m {days}d" if exact else f"{months}m"
    return text if exact else f"c. {text}"


def age_in_words(born: dt.date, on: dt.date) -> str:
    """An age as a published summary gives it: ``aged 4``, ``aged 7 months``,
    ``aged under a month``, ``before birth``; never a day more precise."""
    if on < born:
        return "before birth"
    months, _ = months_and_days(born, on)
    if months >= 12:
        return f"aged {months // 12}"
    if months >= 1:
        return f"aged {months} month" + ("s" if months > 1 else "")
    return "aged under a month"


def age_in_days(entries: pd.DataFrame, review: ReviewSettings) -> pd.Series:
    """Days from the child's birth to each entry's ``date_start`` (Int64).

    Negative before the birth; missing when the date or the date of birth is
    unknown. Aligned to ``entries.index``; the rules use it.
    """
    born = to_day(date_of_birth(review))
    if born is None:
        return pd.Series(pd.NA, index=entries.index, dtype="Int64")
    start = day_numbers(text_column(entries, "date_start"))
    return pd.Series(start - born, index=entries.index).astype("Int64")


def child_ages(entries: pd.DataFrame, review: ReviewSettings) -> pd.Series:
    """The subject child's age at each entry's date, as text (see module notes).

    "" when the entry's date or the child's date of birth is unknown; "around
    birth" when an imprecise date spans the birth. Aligned to ``entries.index``.
    """
    born = date_of_birth(review)
    result = pd.Series("", index=entries.index, dtype=object)
    if born is None or entries.empty:
        return result
    start = day_numbers(text_column(entries, "date_start"))
    end = day_numbers(text_column(entries, "date_end"))
    end = np.where(np.isnan(end) | (end < start), start, end)
    approx = true_column(entries, "date_approximate")
    known = ~np.isnan(start)
    keys = pd.DataFrame(
        {"start": start[known], "end": end[known], "approx": approx[known]}
    )
    born_day = to_day(born)
    cache: dict[tuple[float, float, bool], str] = {}
    texts = []
    for key in keys.itertuples(index=False, name=None):
        if key not in cache:
            first, last, marked = key
            if first < born_day <= last:
                cache[key] = "around birth"
            else:
                exact = first == last and not marked
                if not exact and last - first < 28:
                    # Under a month of uncertainty: days still mean something.
                    text = format_age(born, to_date(first))
                    cache[key] = text if text == "pre-birth" else f"c. {text}"
                else:
                    cache[key] = format_age(born, to_date(first), exact=exact)
        texts.append(cache[key])
    result.iloc[np.flatnonzero(known)] = texts
    return result
