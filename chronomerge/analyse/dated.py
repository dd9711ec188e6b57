"""Shared groundwork for the analysis: dates as day numbers, the review period,
event groups as occurrences, interval counting and plain-words naming of entries.

Dates are handled as whole days since 1970-01-01 (int64) so every rule is a
sorted sweep or a binary search, never a comparison of every pair.
An entry covers the interval ``date_start`` to ``date_end``; an imprecise date
("March 2019") covers the whole month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import overload

import numpy as np
import pandas as pd

from ..agencies import entry_kinds
from ..model import text_column, true_column
from ..review import ReviewSettings

EPOCH = dt.date(1970, 1, 1)
# Precisions the contract counts as a dated contact for gaps.
CLOSE_PRECISIONS: frozenset[str] = frozenset({"day", "week"})
CSC_KIND = "childrens_social_care"
# Spelled out: calendar.month_name follows the machine's locale.
# Words for the adults around a child, to tell a mother's missed appointment
# from the child's when the entry names the person.
_ADULT_WORDS = (
    "mother|mum|mom|father|dad|stepfather|stepmother|step-father|step-mother"
    "|partner|boyfriend|girlfriend|grandmother|grandfather|nan|uncle|aunt|parent"
    "|carer|adult"
)
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


def day_numbers(text: pd.Series) -> np.ndarray:
    """ISO date strings as day numbers (float, NaN when empty or unreadable).

    Parses each distinct value once: a chronology repeats its dates a lot.
    """
    uniq = pd.unique(text)
    parsed = pd.to_datetime(pd.Series(uniq), format="%Y-%m-%d", errors="coerce")
    days = (parsed - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    lookup = dict(zip(uniq, days, strict=True))
    return text.map(lookup).to_numpy(dtype=float)


@overload
def to_day(value: dt.date) -> int: ...
@overload
def to_day(value: None) -> None: ...
def to_day(value: dt.date | None) -> int | None:
    """A date as a day number."""
    return None if value is None else (value - EPOCH).days


def to_date(day: int | float) -> dt.date:
    """A day number as a date."""
    return EPOCH + dt.timedelta(days=int(day))


def iso(day: int | float) -> str:
    """A day number as ``YYYY-MM-DD``."""
    return _iso(int(day))


def uk(day: int | float) -> str:
    """A day number as a UK date, ``dd/mm/yyyy``."""
    return _uk(int(day))


# A review spans a few thousand days and writes them millions of times (every
# listed entry of every decision), so each day's text is made once.
@lru_cache(maxsize=1 << 16)
def _iso(day: int) -> str:
    return to_date(day).isoformat()


@lru_cache(maxsize=1 << 16)
def _uk(day: int) -> str:
    return to_date(day).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Dated:
    """The entries with a known date, one row each, ready for the rules.

    ``rows`` is labelled 0..n-1 with columns pos (position in the input
    frame), entry_id, agency, kind, start, end (day numbers), span (end -
    start), precision, approximate, type (main event type), secondary
    (';'-joined), group, gid (group as a number), person, description,
    in_period (bool). :meth:`col` gives a column
    as a plain array, for loops that would be slow over pandas.
    """

    rows: pd.DataFrame
    period_start: int | None
    period_end: int | None
    _arrays: dict[str, np.ndarray] = field(default_factory=dict, compare=False)

    def col(self, name: str) -> np.ndarray:
        if name not in self._arrays:
            self._arrays[name] = self.rows[name].to_numpy()
        return self._arrays[name]


@dataclass(frozen=True)
class Occurrence:
    """One real occurrence: an event group, dated by its most precise entry."""

    group: str
    start: int
    end: int
    members: tuple[int, ...]  # row labels of Dated.rows, in date then agency order
    agencies: tuple[str, ...]  # sorted


def dated_entries(entries: pd.DataFrame, review: ReviewSettings) -> Dated:
    """The dated entries with everything the rules need (see :class:`Dated`)."""
    start = day_numbers(text_column(entries, "date_start"))
    end = day_numbers(text_column(entries, "date_end"))
    end = np.where(np.isnan(end) | (end < start), start, end)
    known = ~np.isnan(start)
    pos = np.flatnonzero(known)

    def text(name: str, lower: bool = False, clean: bool = True) -> pd.Series:
        values = text_column(entries, name, lower=lower, clean=clean).to_numpy()[pos]
        return pd.Series(values, dtype=object)

    def category(values: pd.Series) -> pd.Categorical:
        # Few distinct values: comparisons and isin then work on the codes.
        return pd.Categorical(values.to_numpy())

    entry_id = text("entry_id", clean=False)
    group = text("event_group", clean=False)
    # An entry with no group is an occurrence of its own.
    group = group.where(group != "", "entry:" + entry_id)
    rows = pd.DataFrame(
        {
            "pos": pos,
            "entry_id": entry_id,
            "agency": category(text("agency")),
            "kind": category(
                pd.Series(entry_kinds(entries, review).to_numpy()[pos], dtype=object)
            ),
            "start": start[known].astype(np.int64),
            "end": end[known].astype(np.int64),
            "precision": category(text("date_precision", lower=True)),
            "approximate": true_column(entries, "date_approximate")[pos],
            "type": category(text("event_type")),
            "secondary": text("secondary_types"),
            "group": group,
            "gid": pd.factorize(group)[0],
            "person": text("person"),
            "description": text("description", clean=False),
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


def _words(values: Iterable[str]) -> str:
    return "|".join(re.escape(v.lower()) for v in values if v and v.strip())


def _people_patterns(
    review: ReviewSettings, generic: tuple[str, ...] = ()
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns for the subject child's names and for anyone else's."""
    subject = [review.review.subject, *generic]
    others: list[str] = []
    for person in review.people:
        names = [person.label, *person.aliases]
        (subject if person.label == review.review.subject else others).extend(names)
    child = re.compile(rf"\b({_words(subject)})\b", re.IGNORECASE)
    other_words = _words(others)
    adult = re.compile(
        rf"\b({_ADULT_WORDS}{'|' + other_words if other_words else ''})\b",
        re.IGNORECASE,
    )
    return child, adult


def mentions(texts: pd.Series, review: ReviewSettings) -> tuple[pd.Series, pd.Series]:
    """Whether each text names the child (or "baby", "child", "infant"), and
    whether it names anyone else."""
    child, adult = _people_patterns(review, ("baby", "child", "infant"))
    said_child = texts.map(lambda t: bool(child.search(t))).astype(bool)
    said_adult = texts.map(lambda t: bool(adult.search(t))).astype(bool)
    return said_child, said_adult


def about_child(persons: pd.Series, review: ReviewSettings) -> pd.Series:
    """Whether each entry may be about the subject child.

    False only when the person column names someone else (another person of
    the review file, or an adult such as "Mother") and not the child.
    """
    child, adult = _people_patterns(review)
    verdict = {
        person: not person or bool(child.search(person)) or not adult.search(person)
        for person in pd.unique(persons)
    }
    return persons.map(verdict).astype(bool)


def period_days(review: ReviewSettings) -> tuple[int | None, int | None]:
    """The review period as day numbers (None where the review file gives none)."""
    return to_day(review.review.period_start), to_day(review.review.period_end)


def has_type(rows: pd.DataFrame, codes: Iterable[str], *, secondary: bool) -> pd.Series:
    """Rows whose main type (or, with ``secondary``, any type) is one of codes."""
    codes = sorted(set(codes))
    found = rows["type"].isin(codes)
    if secondary:
        listed = rows["secondary"] != ""
        if listed.any():
            either = "|".join(re.escape(c) for c in codes)
            pattern = rf"(?:^|;)\s*(?:{either})\s*(?:;|$)"
            found |= listed & rows["secondary"].str.contains(pattern, regex=True)
    return found


def occurrences(dated: Dated, trigger: pd.Series) -> list[Occurrence]:
    """One per event group with a triggering entry inside the review period.

    An occurrence recorded by three agencies counts once. Its dates are those
    of its most precise entry (narrowest interval, then earliest), and it
    names every dated entry of its group inside the period. Sorted by date.
    """
    rows = dated.rows
    in_period = dated.col("in_period").astype(bool)
    hit = trigger.reindex(rows.index, fill_value=False).to_numpy(dtype=bool)
    hit = hit & in_period
    if not hit.any():
        return []
    groups, gids = dated.col("group"), dated.col("gid")
    keep = in_period & np.isin(gids, np.unique(gids[hit]))
    labels = np.flatnonzero(keep)
    starts, ends = dated.col("start"), dated.col("end")
    entry_ids, agency = dated.col("entry_id"), dated.col("agency")
    labels = labels[np.lexsort((entry_ids[labels], agency[labels], starts[labels]))]
    listed: dict[str, list[int]] = {}
    anchor: dict[str, tuple[int, int, str, int]] = {}
    for label in labels.tolist():
        group = groups[label]
        listed.setdefault(group, []).append(label)
        start, end = int(starts[label]), int(ends[label])
        key = (end - start, start, entry_ids[label], end)
        if group not in anchor or key < anchor[group]:
            anchor[group] = key
    found = [
        Occurrence(
            group=group,
            start=anchor[group][1],
            end=anchor[group][3],
            members=tuple(members),
            agencies=tuple(sorted({agency[m] for m in members})),
        )
        for group, members in listed.items()
    ]
    found.sort(key=lambda o: (o.start, o.end, entry_ids[o.members[0]]))
    return found


def bounds(found: Sequence[Occurrence]) -> tuple[np.ndarray, np.ndarray]:
    """The occurrences' first and last days as arrays."""
    starts = np.array([o.start for o in found], dtype=np.int64)
    ends = np.array([o.end for o in found], dtype=np.int64)
    return starts, ends


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
) -> list[tuple[list[int], int]]:
    """Runs of occurrences with at least ``count`` of them within ``days`` days.

    ``starts`` must be sorted. Occurrences count together only when they are
    surely within ``days`` (latest end minus earliest start), so imprecise
    dates never make a pattern that may not be there. Overlapping qualifying
    windows merge into one run, so a cluster gives one flag.

    Returns:
        (members, reached) per run: the positions in it, and the position at
        which ``count`` was first reached (the day the pattern could be seen).
    """
    n = len(starts)
    limit = np.searchsorted(starts, starts + days, side="right")
    runs: list[tuple[list[int], int]] = []
    current: set[int] = set()
    reached = -1
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
                runs.append((sorted(current), reached))
            current, reached = members, int(sure[count - 1])
    if current:
        runs.append((sorted(current), reached))
    return runs


def when(start: int, end: int, precision: str, approximate: bool) -> str:
    """An entry's date in plain words, as precise as the entry is."""
    first, last = to_date(start), to_date(end)
    if start == end:
        text = uk(start)
    elif precision == "week":
        text = f"week of {uk(start)}"
    elif (
        first.day == 1
        and (first.year, first.month) == (last.year, last.month)
        and (last + dt.timedelta(days=1)).day == 1
    ):
        text = f"{_MONTHS[first.month - 1]} {first.year}"
    elif precision == "year" and first.year == last.year:
        text = str(first.year)
    else:
        text = f"between {uk(start)} and {uk(end)}"
    return f"about {text}" if approximate else text


def name_entries(
    dated: Dated, labels: Sequence[int], limit: int = 6, *, agency: bool = True
) -> str:
    """ "GP 12/03/2019, Health Visiting 02/05/2019": the entries behind a flag.

    ``agency=False`` gives the dates alone, for a sentence that names the agency.
    """
    agencies, start, end = dated.col("agency"), dated.col("start"), dated.col("end")
    precision, approx = dated.col("precision"), dated.col("approximate")
    parts = [
        (f"{agencies[i]} " if agency else "")
        + when(int(start[i]), int(end[i]), precision[i], bool(approx[i]))
        for i in labels
    ]
    if len(parts) > limit:
        more = len(parts) - (limit - 1)
        parts = [*parts[: limit - 1], f"and {more} more"]
    return ", ".join(parts)


def number_word(n: int) -> str:
    """Small counts in words, as a panel report writes them."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")
    return words[n] if 0 <= n < len(words) else str(n)
