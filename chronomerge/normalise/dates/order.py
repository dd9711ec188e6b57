"""A table's rows in the order they were written: the year of a date written
without one (the year that keeps it in order with its neighbours), and the
rows that break the order of a table otherwise kept in date order.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence

from .cell import DateReading
from .vocabulary import WORDS

# A table counts as kept in date order when this share of its neighbouring
# dated rows are in order; only then is a row that breaks the order reported
# (dates.toml: row_order).
ORDERED_SHARE = WORDS.ordered_share
MIN_ORDERED_ROWS = WORDS.min_ordered_rows
_ANCHORS = frozenset({"day", "week", "month"})


def _direction(members: Sequence[int], readings: list[DateReading]) -> int:
    """+1 when the table runs oldest first, -1 when newest first."""
    keys = [
        start
        for i in members
        if (start := readings[i].start) is not None
        and readings[i].precision in _ANCHORS
    ]
    ups = sum(b >= a for a, b in zip(keys, keys[1:], strict=False))
    downs = sum(b <= a for a, b in zip(keys, keys[1:], strict=False))
    return -1 if downs > ups else 1


def infer_years(
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


def out_of_order(members: list[int], readings: list[DateReading]) -> list[int]:
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
