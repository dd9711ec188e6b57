"""Shared groundwork for the analysis: dates as day numbers, the review period,
event groups as occurrences, interval counting and plain-words naming of entries.

Dates are handled as whole days since 1970-01-01 (int64) so every rule is a
sorted sweep or a binary search, never a comparison of every pair.
An entry covers the interval ``date_start`` to ``date_end``; an imprecise date
("March 2019") covers the whole month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..review import ReviewSettings

EPOCH = dt.date(1970, 1, 1)
# Precisions the contract counts as a dated contact for gaps.
CLOSE_PRECISIONS: frozenset[str] = frozenset({"day", "week"})
CSC_KIND = "childrens_social_care"
# Spelled out: calendar.month_name follows the machine's locale.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def text_column(entries: pd.DataFrame, name: str) -> pd.Series:
    """A column as clean strings ("" for missing, NaN or absent columns)."""
    if name not in entries.columns:
        return pd.Series("", index=entries.index, dtype=object)
    col = entries[name]
    return col.astype(object).where(col.notna(), "").astype(str).str.strip()


def day_numbers(text: pd.Series) -> np.ndarray:
    """ISO date strings as day numbers (float, NaN when empty or unreadable).

    Parses each distinct value once: a chronology repeats its dates a lot.
    """
    uniq = pd.unique(text)
    parsed = pd.to_datetime(pd.Series(uniq), format="%Y-%m-%d", errors="coerce")
    days = (parsed - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    lookup = dict(zip(uniq, days, strict=True))
    return text.map(lookup).to_numpy(dtype=float)


def to_day(value: dt.date | None) -> int | None:
    """A date as a day number."""
    return None if value is None else (value - EPOCH).days


def to_date(day: int | float) -> dt.date:
    """A day number as a date."""
    return EPOCH + dt.timedelta(days=int(day))


def iso(day: int | float) -> str:
    """A day number as ``YYYY-MM-DD``."""
    return to_date(day).isoformat()


def uk(day: int | float) -> str:
    """A day number as a UK date, ``dd/mm/yyyy``."""
    return to_date(day).strftime("%d/%m/%Y")


def _as_bool(series: pd.Series) -> pd.Series:
    text = series.astype(str).str.strip().str.lower()
    return text.isin({"true", "1", "yes", "y"})


@dataclass(frozen=True)
class Dated:
    """The entries with a known date, one row each, ready for the rules.

    ``rows`` columns: pos (position in the input frame), entry_id, agency, kind,
    start, end (day numbers), span (end - start), precision, approximate,
    type (main event type), types (main and secondary, a frozenset), group,
    in_period (bool), description, person, child_seen.
    """

    rows: pd.DataFrame
    period_start: int | None
    period_end: int | None


def agency_kinds(entries: pd.DataFrame, review: ReviewSettings) -> pd.Series:
    """Each entry's agency kind: its own ``agency_kind``, else the review file's."""
    kinds = text_column(entries, "agency_kind")
    by_name = {a.name: a.kind for a in review.agencies if a.kind}
    if by_name:
        fallback = text_column(entries, "agency").map(by_name).fillna("")
        kinds = kinds.where(kinds != "", fallback)
    return kinds


def prepare(entries: pd.DataFrame, review: ReviewSettings) -> Dated:
    """The dated entries with everything the rules need (see :class:`Dated`)."""
    start = day_numbers(text_column(entries, "date_start"))
    end = day_numbers(text_column(entries, "date_end"))
    end = np.where(np.isnan(end) | (end < start), start, end)
    known = ~np.isnan(start)
    pos = np.flatnonzero(known)
    frame = entries.iloc[pos]
    entry_id = text_column(frame, "entry_id")
    group = text_column(frame, "event_group")
    # An entry with no group is an occurrence of its own.
    group = group.where(group != "", "entry:" + entry_id)
    main = text_column(frame, "event_type")
    secondary = text_column(frame, "secondary_types")
    types = [
        frozenset([m, *(s.strip() for s in sec.split(";") if s.strip())])
        for m, sec in zip(main, secondary, strict=True)
    ]
    rows = pd.DataFrame(
        {
            "pos": pos,
            "entry_id": entry_id.to_numpy(),
            "agency": text_column(frame, "agency").to_numpy(),
            "kind": agency_kinds(frame, review).to_numpy(),
            "start": start[known].astype(np.int64),
            "end": end[known].astype(np.int64),
            "precision": text_column(frame, "date_precision").str.lower().to_numpy(),
            "approximate": _as_bool(text_column(frame, "date_approximate")).to_numpy(),
            "type": main.to_numpy(),
            "types": types,
            "group": group.to_numpy(),
            "description": text_column(frame, "description").to_numpy(),
            "person": text_column(frame, "person").to_numpy(),
            "child_seen": text_column(frame, "child_seen").to_numpy(),
        }
    )
    rows["span"] = rows["end"] - rows["start"]
    p_start, p_end = period_days(review)
    in_period = np.ones(len(rows), dtype=bool)
    if p_start is not None:
        in_period &= rows["end"].to_numpy() >= p_start
    if p_end is not None:
        in_period &= rows["start"].to_numpy() <= p_end
    rows["in_period"] = in_period
    return Dated(rows=rows, period_start=p_start, period_end=p_end)


def period_days(review: ReviewSettings) -> tuple[int | None, int | None]:
    """The review period as day numbers (None where the review file gives none)."""
    return to_day(review.review.period_start), to_day(review.review.period_end)


def has_type(rows: pd.DataFrame, codes: Iterable[str], *, secondary: bool) -> pd.Series:
    """Rows whose main type (or, with ``secondary``, any type) is one of codes."""
    codes = frozenset(codes)
    if not secondary:
        return rows["type"].isin(codes)
    return rows["types"].map(lambda t: not t.isdisjoint(codes)).astype(bool)


def occurrences(dated: Dated, trigger: pd.Series) -> pd.DataFrame:
    """One row per event group with a triggering entry inside the review period.

    An occurrence recorded by three agencies counts once. Its dates are those
    of its most precise entry (narrowest interval, then earliest), and it
    names every dated entry of its group inside the period.

    Returns columns group, start, end, members (row labels of ``dated.rows``,
    in date then agency order), agencies (sorted tuple), sorted by date.
    """
    rows = dated.rows
    columns = ["group", "start", "end", "members", "agencies"]
    in_period = rows["in_period"].to_numpy(dtype=bool)
    hit = trigger.reindex(rows.index, fill_value=False).to_numpy(dtype=bool)
    hit = hit & in_period
    if not hit.any():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    wanted = set(rows["group"].to_numpy()[hit])
    keep = in_period & rows["group"].isin(wanted).to_numpy()
    members = rows[keep].sort_values(["start", "agency", "entry_id"], kind="stable")
    listed: dict[str, list[int]] = {}
    anchor: dict[str, tuple[int, int, str, int]] = {}
    agencies: dict[str, set[str]] = {}
    for label, group, start, end, entry_id, agency in zip(
        members.index,
        members["group"],
        members["start"],
        members["end"],
        members["entry_id"],
        members["agency"],
        strict=True,
    ):
        listed.setdefault(group, []).append(label)
        agencies.setdefault(group, set()).add(agency)
        key = (end - start, start, entry_id, end)
        if group not in anchor or key < anchor[group]:
            anchor[group] = key
    records = [
        (
            group,
            anchor[group][1],
            anchor[group][3],
            tuple(labels),
            tuple(sorted(agencies[group])),
            rows.at[labels[0], "entry_id"],
        )
        for group, labels in listed.items()
    ]
    records.sort(key=lambda rec: (rec[1], rec[2], rec[5]))
    return pd.DataFrame([rec[:5] for rec in records], columns=columns)


class Intervals:
    """Counts entries whose interval overlaps a window, in O(log n) a query.

    Entries starting on or before the window's end, less those ending before
    its start, are exactly those overlapping it.
    """

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        self.starts = np.sort(np.asarray(starts, dtype=np.int64))
        self.ends = np.sort(np.asarray(ends, dtype=np.int64))

    @classmethod
    def of(cls, rows: pd.DataFrame) -> Intervals:
        return cls(rows["start"].to_numpy(), rows["end"].to_numpy())

    def count(self, lo: np.ndarray | int, hi: np.ndarray | int) -> np.ndarray:
        """How many entries overlap each window ``lo``..``hi`` (inclusive)."""
        return np.searchsorted(self.starts, hi, side="right") - np.searchsorted(
            self.ends, lo, side="left"
        )


def runs_within(
    starts: np.ndarray, ends: np.ndarray, count: int, days: int
) -> list[list[int]]:
    """Runs of occurrences with at least ``count`` of them within ``days`` days.

    ``starts`` must be sorted. Occurrences count together only when they are
    surely within ``days`` (latest end minus earliest start), so imprecise
    dates never make a pattern that may not be there. Overlapping qualifying
    windows merge into one run, so a cluster gives one flag.
    """
    n = len(starts)
    limit = np.searchsorted(starts, starts + days, side="right")
    runs: list[list[int]] = []
    current: set[int] = set()
    for i in range(n):
        if limit[i] - i < count:
            continue
        idx = np.arange(i, limit[i])
        sure = idx[ends[i : limit[i]] <= starts[i] + days]
        if len(sure) < count:
            continue
        members = set(sure.tolist())
        if current and not current.isdisjoint(members):
            current |= members
        else:
            if current:
                runs.append(sorted(current))
            current = members
    if current:
        runs.append(sorted(current))
    return runs


def when(row: pd.Series) -> str:
    """An entry's date in plain words, as precise as the entry is."""
    start, end, precision = int(row["start"]), int(row["end"]), row["precision"]
    first, last = to_date(start), to_date(end)
    if start == end:
        text = uk(start)
    elif precision == "week":
        text = f"week of {uk(start)}"
    elif precision == "month" or (
        first.day == 1
        and first.month == last.month
        and first.year == last.year
        and (last + dt.timedelta(days=1)).day == 1
    ):
        text = f"{_MONTHS[first.month - 1]} {first.year}"
    elif precision == "year" and first.year == last.year:
        text = str(first.year)
    else:
        text = f"between {uk(start)} and {uk(end)}"
    return f"about {text}" if row["approximate"] else text


def name_entries(rows: pd.DataFrame, labels: Sequence[int], limit: int = 6) -> str:
    """ "GP 12/03/2019, Health Visiting 02/05/2019": the entries behind a flag."""
    parts = [f"{rows.at[i, 'agency']} {when(rows.loc[i])}" for i in labels]
    if len(parts) > limit:
        more = len(parts) - (limit - 1)
        parts = [*parts[: limit - 1], f"and {more} more"]
    return ", ".join(parts)


def number_word(n: int) -> str:
    """Small counts in words, as a panel report writes them."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")
    return words[n] if 0 <= n < len(words) else str(n)
