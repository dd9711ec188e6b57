"""The date stage of the pipeline: read every entry's date and time, fill in
years that were not written, and report what cannot be read or looks wrong.

Works per file and table (sheet / Word table), in the order the rows were
written, because that order is what tells a missing year and a row out of
place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..catalogue import make_issue
from ..model import Issue
from ..review import Person, ReviewSettings
from .date_reader import DateReading, read_date
from .date_text import long_date
from .times import read_time, read_time_text

# A table counts as kept in date order when this share of its neighbouring
# dated rows are in order; only then is a row that breaks the order reported.
ORDERED_SHARE = 0.9
MIN_ORDERED_ROWS = 6
_ANCHORS = frozenset({"day", "week", "month"})
_SEQUENCE = re.compile(r"\d+(?:\.\d+)?")
_NUMERIC_START = re.compile(r"\s*\??\s*(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\b")


def normalise_dates(
    entries: pd.DataFrame,
    review: ReviewSettings,
    *,
    today: dt.date | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Read the date and time of every entry.

    Adds ``date_text`` (the date as written), ``date_start`` and ``date_end``
    (ISO, "" when unknown), ``date_precision``, ``date_approximate``, ``time``
    and ``time_end`` (``HH:MM`` or ""), and ``sequence_key`` (a number from the
    Event Ref / Sequence column, NaN when none) for ordering within a day. The
    raw End Date / time texts are kept as ``date_end_text``, ``time_text`` and
    ``time_end_text``. No row is dropped; problems come back as issues.
    """
    today = today or dt.date.today()
    info = review.review
    period = (info.period_start, info.period_end)
    has_period = period != (None, None)
    out = entries.copy()
    n = len(out)

    def column(name: str) -> list[Any]:
        return out[name].tolist() if name in out.columns else [None] * n

    texts = [_text(v) for v in column("date")]
    raws = column("date_raw") if "date_raw" in out.columns else texts
    end_texts = [_text(v) for v in column("date_end")]
    time_values = column("time")
    time_end_values = column("time_end")
    files = [_text(v) for v in column("source_file")]
    locations = [_text(v) for v in column("source_location")]
    rows = [_row(v) for v in column("source_row")]
    orders = column("source_order")
    if "source_order" not in out.columns:
        orders = list(range(n))

    issues: list[Issue] = []
    subject = review.subject_person
    order_of: dict[str, str] = {}
    readings: list[DateReading] = []
    for i in range(n):
        file_name = files[i]
        if file_name not in order_of:
            override = review.override_for(file_name)
            order_of[file_name] = override.date_order if override else "DMY"
        raw = raws[i]
        value = texts[i] if _blank(raw) or isinstance(raw, str) else raw
        readings.append(
            read_date(
                value,
                period=period if has_period else None,
                date_order=order_of[file_name],  # type: ignore[arg-type]
                today=today,
            )
        )

    def where(i: int, column_name: str, value: str) -> dict[str, Any]:
        return {
            "source_file": files[i],
            "source_location": locations[i],
            "source_row": rows[i],
            "column": column_name,
            "value": value,
        }

    groups: dict[tuple[str, str], list[int]] = {}
    for i in range(n):
        groups.setdefault((files[i], locations[i]), []).append(i)
    for members in groups.values():
        members.sort(key=lambda i: (_order(orders[i]), i))
        for i, year in _infer_years(members, readings, period, today).items():
            filled = readings[i].with_year(year)
            if filled is not None:
                readings[i] = filled
                issues.append(
                    make_issue(
                        "date-year-inferred",
                        detail=f"the year {year}",
                        **where(i, "date", texts[i]),
                    )
                )

    starts, ends, precisions, approx = [], [], [], []
    times, time_ends = [], []
    for i, reading in enumerate(readings):
        if reading.problem and reading.problem != "date-year-inferred":
            issues.append(_problem_issue(reading, where(i, "date", texts[i])))
        if end_texts[i].strip() and reading.known:
            reading = _extend(
                reading,
                end_texts[i],
                i,
                where,
                period,
                has_period,
                order_of[files[i]],
                today,
                issues,
            )
            readings[i] = reading
        starts.append(reading.start.isoformat() if reading.start else "")
        ends.append(reading.end.isoformat() if reading.end else "")
        precisions.append(reading.precision)
        approx.append(bool(reading.approximate))
        time, time_end = reading.time, reading.time_end
        if time is None:
            time, time_end = _time_cells(
                time_values[i], time_end_values[i], i, where, issues
            )
        elif time_end is None and not _blank(time_end_values[i]):
            _, time_end = _time_cells(None, time_end_values[i], i, where, issues)
        times.append(time or "")
        time_ends.append(time_end or "")
        if reading.known:
            place = where(i, "date", texts[i])
            issues.extend(_range_checks(reading, subject, period, today, place))

    for members in groups.values():
        for i in _out_of_order(members, readings):
            issues.append(make_issue("date-out-of-order", **where(i, "date", texts[i])))
    by_file: dict[str, list[str]] = {}
    for file_name, text in zip(files, texts, strict=True):
        by_file.setdefault(file_name, []).append(text)
    for file_name, file_texts in by_file.items():
        if order_of[file_name] == "DMY":
            found = _month_first_file(file_name, file_texts)
            if found is not None:
                issues.append(found)

    if "date_end" in out.columns:
        out = out.rename(columns={"date_end": "date_end_text"})
    if "time" in out.columns:
        out = out.rename(columns={"time": "time_text"})
    if "time_end" in out.columns:
        out = out.rename(columns={"time_end": "time_end_text"})
    out["date_text"] = texts
    out["date_start"] = starts
    out["date_end"] = ends
    out["date_precision"] = precisions
    out["date_approximate"] = pd.Series(approx, index=out.index, dtype=bool)
    out["time"] = times
    out["time_end"] = time_ends
    out["sequence_key"] = [sequence_key(v) for v in column("sequence")]
    return out, issues


# ------------------------------------------------------------------ helpers


def _blank(value: Any) -> bool:
    if type(value) is str:
        return not value.strip()
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    return "" if _blank(value) else str(value)


def _row(value: Any) -> int | None:
    try:
        return None if _blank(value) else int(value)
    except (TypeError, ValueError):
        return None


def _order(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.inf


def sequence_key(value: Any) -> float:
    """A number from an Event Ref / Sequence cell ("12", "E-0012", "3.2"),
    for ordering entries within a day; NaN when it has none."""
    if _blank(value):
        return math.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = _SEQUENCE.search(str(value))
    return float(match.group()) if match else math.nan


def _month_first_file(file_name: str, texts: list[str]) -> Issue | None:
    """A file whose numeric dates only ever read month first (04/23/2019) and
    never only day first (23/04/2019): its dates that read either way
    (03/04/2019) were probably meant month first too."""
    month_first = day_first = 0
    either: list[str] = []
    for text in texts:
        match = _NUMERIC_START.match(text)
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if 12 < first <= 31 and 1 <= second <= 12:
            day_first += 1
        elif 12 < second <= 31 and 1 <= first <= 12:
            month_first += 1
        elif 1 <= first <= 12 and 1 <= second <= 12 and first != second:
            either.append(text)
    if not month_first or day_first or not either:
        return None
    only = "date" if month_first == 1 else "dates"
    return make_issue(
        "date-column-month-first",
        source_file=file_name,
        column="date",
        value=either[0],
        detail=f"{month_first} {only} in it can only be read month first, none "
        f"only day first, and {len(either)} read either way",
    )


def _problem_issue(reading: DateReading, place: dict[str, Any]) -> Issue:
    severity = None
    if reading.problem == "date-missing" and reading.detail == "not known":
        severity = "warning"  # written as N/K: the writer knows it is missing
    return make_issue(
        reading.problem or "date-unreadable",
        severity=severity,
        detail=reading.detail,
        **place,
    )


def _extend(
    reading: DateReading,
    end_text: str,
    i: int,
    where: Any,
    period: tuple[dt.date | None, dt.date | None],
    has_period: bool,
    order: str,
    today: dt.date,
    issues: list[Issue],
) -> DateReading:
    """Start Date and End Date columns (Chronolator): one interval."""
    end = read_date(
        end_text,
        period=period if has_period else None,
        date_order=order,  # type: ignore[arg-type]
        today=today,
    )
    if end.yearless is not None and reading.start is not None:
        year = reading.start.year
        filled = end.with_year(year)
        if filled is not None and filled.end and filled.end < reading.start:
            filled = end.with_year(year + 1)
        end = filled or end
    if end.problem == "date-missing":
        return reading
    if end.end is None:
        if end.problem:
            issues.append(_problem_issue(end, where(i, "date_end", end_text)))
        return reading
    if reading.start is not None and end.end < reading.start:
        issues.append(
            make_issue(
                "date-range-reversed",
                detail=f"the start date is {long_date(reading.start)}",
                **where(i, "date_end", end_text),
            )
        )
        return reading
    if reading.end is not None and end.end <= reading.end:
        return reading
    from dataclasses import replace

    return replace(
        reading,
        end=end.end,
        precision="range",
        approximate=reading.approximate or end.approximate,
    )


def _time_cells(
    value: Any, end_value: Any, i: int, where: Any, issues: list[Issue]
) -> tuple[str | None, str | None]:
    """The separate time (and end time) columns."""
    time = time_end = None
    if isinstance(value, str):
        time, time_end, ok = read_time_text(value)
    else:
        time, ok = read_time(None if _blank(value) else value)
    if not ok:
        issues.append(make_issue("time-unreadable", **where(i, "time", _text(value))))
    if end_value is not None and not _blank(end_value):
        end, ok_end = read_time(end_value)
        if not ok_end:
            issues.append(
                make_issue("time-unreadable", **where(i, "time_end", _text(end_value)))
            )
        time_end = end or time_end
    return time, time_end


def _range_checks(
    reading: DateReading,
    subject: Person | None,
    period: tuple[dt.date | None, dt.date | None],
    today: dt.date,
    place: dict[str, Any],
) -> list[Issue]:
    """In the future, outside the review period, before the child's birth."""
    found: list[Issue] = []
    start, end = reading.start, reading.end
    if start is not None and start > today:
        found.append(make_issue("date-in-future", **place))
    low, high = period
    outside = (low is not None and end is not None and end < low) or (
        high is not None and start is not None and start > high
    )
    if outside:
        found.append(
            make_issue("date-outside-period", detail=_period_text(period), **place)
        )
    person = subject
    birth = person.date_of_birth if person is not None else None
    if person is not None and birth is not None and end is not None and end < birth:
        found.append(
            make_issue(
                "date-before-birth",
                person=person.label,
                detail=long_date(person.date_of_birth),
                **place,
            )
        )
    return found


def _period_text(period: tuple[dt.date | None, dt.date | None]) -> str:
    low, high = period
    if low and high:
        return f"{long_date(low)} to {long_date(high)}"
    if low:
        return f"from {long_date(low)}"
    return f"up to {long_date(high)}"  # type: ignore[arg-type]


# ----------------------------------------------------- years and row order


def _direction(members: Sequence[int], readings: list[DateReading]) -> int:
    """+1 when the table runs oldest first, -1 when newest first."""
    keys = [
        readings[i].start
        for i in members
        if readings[i].start is not None and readings[i].precision in _ANCHORS
    ]
    ups = sum(b >= a for a, b in zip(keys, keys[1:], strict=False))
    downs = sum(b <= a for a, b in zip(keys, keys[1:], strict=False))
    return -1 if downs > ups else 1


def _infer_years(
    members: list[int],
    readings: list[DateReading],
    period: tuple[dt.date | None, dt.date | None],
    today: dt.date,
) -> dict[int, int]:
    """The year for each year-less date: the one that keeps it in order with
    the rows before and after it in the same table."""
    if not any(readings[i].yearless for i in members):
        return {}
    sequence = list(members)
    if _direction(members, readings) < 0:
        sequence.reverse()
    anchors: list[dt.date | None] = []
    following: dt.date | None = None
    for i in reversed(sequence):
        anchors.append(following)
        r = readings[i]
        if r.start is not None and r.precision in _ANCHORS and not r.yearless:
            following = r.start
    anchors.reverse()
    chosen: dict[int, int] = {}
    previous: dt.date | None = None
    for position, i in enumerate(sequence):
        r = readings[i]
        if r.yearless is None:
            if r.start is not None and r.precision in _ANCHORS:
                previous = r.start
            continue
        year = _pick_year(r, previous, anchors[position], period, today)
        if year is None:
            continue
        chosen[i] = year
        filled = r.with_year(year)
        if filled is not None and filled.start is not None:
            previous = filled.start
    return chosen


def _pick_year(
    reading: DateReading,
    previous: dt.date | None,
    following: dt.date | None,
    period: tuple[dt.date | None, dt.date | None],
    today: dt.date,
) -> int | None:
    def start_in(year: int) -> dt.date | None:
        filled = reading.with_year(year)
        return filled.start if filled is not None else None

    if previous is not None:
        for year in range(previous.year, previous.year + 9):
            start = start_in(year)
            if start is not None and start >= previous:
                return year
        return None
    if following is not None:
        for year in range(following.year, following.year - 9, -1):
            start = start_in(year)
            if start is not None and start <= following:
                return year
        return None
    low, high = period
    if low or high:
        first = (low or high).year  # type: ignore[union-attr]
        last = (high or low).year  # type: ignore[union-attr]
        for year in range(first, last + 1):
            start = start_in(year)
            if (
                start is not None
                and (low is None or start >= low)
                and (high is None or start <= high)
            ):
                return year
        return last
    for year in range(today.year, today.year - 9, -1):
        start = start_in(year)
        if start is not None and start <= today:
            return year
    return None


def _out_of_order(members: list[int], readings: list[DateReading]) -> list[int]:
    """Rows that break the order of a table that is otherwise in date order:
    those outside its longest run kept in order. Only exact days count: a
    "w/c" week or a month sits before the days inside it, rightly."""
    dated = [
        i
        for i in members
        if readings[i].start is not None
        and readings[i].precision == "day"
        and readings[i].problem is None
    ]
    if len(dated) < MIN_ORDERED_ROWS:
        return []
    keys = [readings[i].start.toordinal() for i in dated]  # type: ignore[union-attr]
    pairs = len(keys) - 1
    ups = sum(b >= a for a, b in zip(keys, keys[1:], strict=False))
    downs = sum(b <= a for a, b in zip(keys, keys[1:], strict=False))
    if ups >= downs and ups >= ORDERED_SHARE * pairs and ups < pairs:
        kept = _longest_ordered(keys)
    elif downs > ups and downs >= ORDERED_SHARE * pairs and downs < pairs:
        kept = _longest_ordered([-k for k in keys])
    else:
        return []
    return [i for position, i in enumerate(dated) if position not in kept]


def _longest_ordered(keys: list[int]) -> set[int]:
    """Positions of a longest non-decreasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(keys)
    for position, key in enumerate(keys):
        slot = bisect_right(tails, key)
        if slot == len(tails):
            tails.append(key)
            tail_at.append(position)
        else:
            tails[slot] = key
            tail_at[slot] = position
        parent[position] = tail_at[slot - 1] if slot > 0 else -1
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        kept.add(position)
        position = parent[position]
    return kept
