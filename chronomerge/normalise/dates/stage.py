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
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pandas as pd

from ...catalogue import make_issue
from ...model import Issue
from ...review import Person, ReviewSettings
from .cell import DateReading, read_date
from .order import infer_years, out_of_order
from .single import long_date
from .times import read_time, read_time_text

_SEQUENCE = re.compile(r"\d+(?:\.\d+)?")
_NUMERIC_START = re.compile(r"\s*\??\s*(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\b")
Period = tuple[dt.date | None, dt.date | None]


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

    Words written after the date in the date cell ("June 2018 - First CIN
    assessment") become the description of an entry that has none, so its
    text is typed and checked like any other; where the entry has a
    description they stay in ``date_text``, which keeps the cell as written.

    Chronologies repeat the same cells (dates, times, sequence numbers), so
    each distinct cell is read once and each distinct reading is checked once;
    the work per row is a few dictionary look-ups.
    """
    today = today or dt.date.today()
    info = review.review
    period = (info.period_start, info.period_end)
    cells = _DateCells.of(entries)
    order_of: dict[str, str] = {}
    for file_name in dict.fromkeys(cells.files):
        override = review.override_for(file_name)
        order_of[file_name] = override.date_order if override else "DMY"
    reader = _CellReader(period, today)
    readings = [
        reader.read(text if isinstance(raw, str) or _blank(raw) else raw, order_of[f])
        for text, raw, f in zip(cells.texts, cells.raws, cells.files, strict=True)
    ]
    groups = _tables(cells.files, cells.locations, cells.orders)
    issues = _fill_years(groups, readings, cells, period, today)
    read = _read_each(readings, cells, review, reader, order_of, issues, today)
    for members in groups:
        for i in out_of_order(members, readings):
            issues.append(
                make_issue(
                    "date-out-of-order", **cells.where(i, "date", cells.texts[i])
                )
            )
    issues.extend(_month_first_files(cells.files, cells.texts, order_of))
    return _with_dates(entries, cells, readings, read), issues


@dataclass
class _DateCells:
    """The cells the date stage reads, one list per column (None where the
    table has no such column), and where each entry came from."""

    texts: list[str]
    raws: list[Any]
    end_texts: list[str]
    time_values: list[Any]
    time_end_values: list[Any]
    sequences: list[Any]
    files: list[str]
    locations: list[str]
    rows: list[Any]
    orders: list[Any]

    @classmethod
    def of(cls, entries: pd.DataFrame) -> _DateCells:
        n = len(entries)

        def column(name: str) -> list[Any]:
            return entries[name].tolist() if name in entries.columns else [None] * n

        texts = _texts(column("date"))
        return cls(
            texts=texts,
            raws=column("date_raw") if "date_raw" in entries.columns else texts,
            end_texts=_texts(column("date_end")),
            time_values=column("time"),
            time_end_values=column("time_end"),
            sequences=column("sequence"),
            files=_texts(column("source_file")),
            locations=_texts(column("source_location")),
            rows=column("source_row"),
            orders=column("source_order")
            if "source_order" in entries.columns
            else list(range(n)),
        )

    def where(self, i: int, column_name: str, value: str) -> dict[str, Any]:
        """An issue's place: the entry's file, sheet, row and the cell."""
        return {
            "source_file": self.files[i],
            "source_location": self.locations[i],
            "source_row": _row(self.rows[i]),
            "column": column_name,
            "value": value,
        }


@dataclass
class _Read:
    """The columns the date stage adds, one value per entry."""

    starts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    precisions: list[str] = field(default_factory=list)
    approximate: list[bool] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    time_ends: list[str] = field(default_factory=list)


def _fill_years(
    groups: list[list[int]],
    readings: list[DateReading],
    cells: _DateCells,
    period: tuple[dt.date | None, dt.date | None],
    today: dt.date,
) -> list[Issue]:
    """Dates written without a year take it from their neighbours in the
    table; each such date is an issue, so the author can check it."""
    issues: list[Issue] = []
    for members in groups:
        for i, year in infer_years(members, readings, period, today).items():
            filled = readings[i].with_year(year)
            if filled is not None:
                readings[i] = filled
                issues.append(
                    make_issue(
                        "date-year-inferred",
                        detail=f"the year {year}",
                        **cells.where(i, "date", cells.texts[i]),
                    )
                )
    return issues


def _read_each(
    readings: list[DateReading],
    cells: _DateCells,
    review: ReviewSettings,
    reader: _CellReader,
    order_of: dict[str, str],
    issues: list[Issue],
    today: dt.date,
) -> _Read:
    """Each entry's interval, end date, precision and times, with its problems
    added to ``issues``."""
    period = (review.review.period_start, review.review.period_end)
    checks = _Checks(review.subject_person, period, today)
    times = _TimeReader()
    where = cells.where
    read = _Read()
    for i, reading in enumerate(readings):
        if reading.problem and reading.problem != "date-year-inferred":
            issues.append(_problem_issue(reading, where(i, "date", cells.texts[i])))
        end_text = cells.end_texts[i]
        if end_text and reading.known and end_text.strip():
            reading = _extend(
                reading, end_text, i, where, reader, order_of[cells.files[i]], issues
            )
            readings[i] = reading
        start_iso, end_iso, found = checks.of(reading)
        read.starts.append(start_iso)
        read.ends.append(end_iso)
        read.precisions.append(reading.precision)
        read.approximate.append(bool(reading.approximate))
        time, time_end = reading.time, reading.time_end
        value, end_value = cells.time_values[i], cells.time_end_values[i]
        ok = ok_end = True
        if time is None:
            time, time_end, ok, ok_end = times.read(value, end_value)
        elif time_end is None and not _blank(end_value):
            _, time_end, ok, ok_end = times.read(None, end_value)
        if not ok:
            issues.append(
                make_issue("time-unreadable", **where(i, "time", _text(value)))
            )
        if not ok_end:
            place = where(i, "time_end", _text(end_value))
            issues.append(make_issue("time-unreadable", **place))
        read.times.append(time or "")
        read.time_ends.append(time_end or "")
        if found:
            place = where(i, "date", cells.texts[i])
            issues.extend(make_issue(code, **extra, **place) for code, extra in found)
    return read


def _with_dates(
    entries: pd.DataFrame,
    cells: _DateCells,
    readings: list[DateReading],
    read: _Read,
) -> pd.DataFrame:
    """The entries with the date columns added; the raw end date and time
    texts kept under ``*_text`` names."""
    out = entries.rename(
        columns={
            c: f"{c}_text" for c in ("date_end", "time", "time_end") if c in entries
        }
    )
    out["date_text"] = cells.texts
    out["date_start"] = read.starts
    out["date_end"] = read.ends
    out["date_precision"] = read.precisions
    out["date_approximate"] = pd.Series(read.approximate, index=out.index, dtype=bool)
    out["time"] = read.times
    out["time_end"] = read.time_ends
    out["sequence_key"] = _sequence_keys(cells.sequences)
    if "description" in out.columns and any(r.words for r in readings):
        out["description"] = _with_date_words(out["description"].tolist(), readings)
    return out


def _with_date_words(descriptions: list[Any], readings: list[DateReading]) -> list[Any]:
    """Descriptions, the date cell's words taking the place of an empty one."""
    return [
        reading.words if reading.words and _blank(text) else text
        for text, reading in zip(descriptions, readings, strict=True)
    ]


# ------------------------------------------------- each distinct value once


class _CellReader:
    """read_date with the review's period and today fixed, each distinct cell
    read once per date order."""

    def __init__(self, period: Period, today: dt.date) -> None:
        self.period = period if period != (None, None) else None
        self.today = today
        self.seen: dict[Any, DateReading] = {}

    def read(self, value: Any, order: str) -> DateReading:
        key = (order, value) if type(value) is str else (order, type(value), value)
        try:
            found = self.seen.get(key)
        except TypeError:  # an unhashable cell: read it, do not keep it
            return self._read(value, order)
        if found is None:
            found = self.seen[key] = self._read(value, order)
        return found

    def _read(self, value: Any, order: str) -> DateReading:
        return read_date(
            value,
            period=self.period,
            date_order=order,  # type: ignore[arg-type]
            today=self.today,
        )


class _TimeReader:
    """The separate time (and end time) columns, each distinct pair read once.

    ``read`` gives (time, end time, time readable, end time readable).
    """

    def __init__(self) -> None:
        self.seen: dict[Any, tuple[str | None, str | None, bool, bool]] = {}

    def read(
        self, value: Any, end_value: Any
    ) -> tuple[str | None, str | None, bool, bool]:
        # The type is part of the key: 1, 1.0 and True are equal but read apart.
        key = (value.__class__, value, end_value.__class__, end_value)
        try:
            found = self.seen.get(key)
        except TypeError:
            return _time_cells(value, end_value)
        if found is None:
            found = self.seen[key] = _time_cells(value, end_value)
        return found


class _Checks:
    """For each distinct reading: its ISO start and end, and the problems its
    interval has (in the future, outside the period, before the birth) as
    (issue code, message words) pairs."""

    def __init__(self, subject: Person | None, period: Period, today: dt.date):
        self.subject, self.period, self.today = subject, period, today
        # Keyed on id(); the reading is kept in the value so the id stays its own.
        self.seen: dict[int, tuple[DateReading, str, str, list[Any]]] = {}

    def of(self, reading: DateReading) -> tuple[str, str, list[Any]]:
        found = self.seen.get(id(reading))
        if found is None:
            start, end = reading.start, reading.end
            problems = (
                _range_checks(reading, self.subject, self.period, self.today)
                if reading.known
                else []
            )
            found = self.seen[id(reading)] = (
                reading,
                start.isoformat() if start else "",
                end.isoformat() if end else "",
                problems,
            )
        return found[1], found[2], found[3]


def _tables(
    files: list[str], locations: list[str], orders: list[Any]
) -> list[list[int]]:
    """Row positions of each file's table (sheet or Word table), in the order
    the rows were written."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(files, locations, strict=True)):
        members = groups.get(key)
        if members is None:
            groups[key] = [i]
        else:
            members.append(i)
    keys = [_order(v) for v in orders]
    for members in groups.values():
        if not _ascending([keys[i] for i in members]):
            members.sort(key=lambda i: (keys[i], i))
    return list(groups.values())


def _ascending(keys: list[float]) -> bool:
    """Already in order (no NaN): sorting would change nothing."""
    return all(a <= b for a, b in zip(keys, keys[1:], strict=False))


def _sequence_keys(values: list[Any]) -> list[float]:
    seen: dict[Any, float] = {}
    keys = []
    for value in values:
        key = (value.__class__, value)
        try:
            found = seen.get(key)
        except TypeError:
            found = sequence_key(value)
        if found is None:
            found = seen[key] = sequence_key(value)
        keys.append(found)
    return keys


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


def _texts(values: list[Any]) -> list[str]:
    return [v if type(v) is str else _text(v) for v in values]


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


def _month_first_files(
    files: list[str], texts: list[str], order_of: dict[str, str]
) -> list[Issue]:
    """A file whose numeric dates only ever read month first (04/23/2019) and
    never only day first (23/04/2019): its dates that read either way
    (03/04/2019) were probably meant month first too."""
    kinds: dict[str, str] = {}
    # per file: [month first only, day first only, read either way, first such]
    counts: dict[str, list[Any]] = {}
    for file_name, text in zip(files, texts, strict=True):
        if order_of[file_name] != "DMY":
            continue
        tally = counts.get(file_name)
        if tally is None:
            tally = counts[file_name] = [0, 0, 0, ""]
        kind = kinds.get(text)
        if kind is None:
            kind = kinds[text] = _numeric_kind(text)
        if kind == "month":
            tally[0] += 1
        elif kind == "day":
            tally[1] += 1
        elif kind == "either":
            tally[2] += 1
            if tally[2] == 1:
                tally[3] = text
    found = []
    for file_name, (month_first, day_first, either, example) in counts.items():
        if not month_first or day_first or not either:
            continue
        only = "date" if month_first == 1 else "dates"
        found.append(
            make_issue(
                "date-column-month-first",
                source_file=file_name,
                column="date",
                value=example,
                detail=f"{month_first} {only} in it can only be read month first, "
                f"none only day first, and {either} read either way",
            )
        )
    return found


def _numeric_kind(text: str) -> str:
    """How a numeric date reads: "day" (only day first), "month" (only month
    first), "either", or "" (not numeric, or the same both ways)."""
    match = _NUMERIC_START.match(text)
    if not match:
        return ""
    first, second = int(match.group(1)), int(match.group(2))
    if 12 < first <= 31 and 1 <= second <= 12:
        return "day"
    if 12 < second <= 31 and 1 <= first <= 12:
        return "month"
    if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
        return "either"
    return ""


def _problem_issue(reading: DateReading, place: dict[str, Any]) -> Issue:
    severity: Literal["warning"] | None = None
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
    reader: _CellReader,
    order: str,
    issues: list[Issue],
) -> DateReading:
    """Start Date and End Date columns (Chronolator): one interval."""
    end = reader.read(end_text, order)
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
    return replace(
        reading,
        end=end.end,
        precision="range",
        approximate=reading.approximate or end.approximate,
    )


def _time_cells(
    value: Any, end_value: Any
) -> tuple[str | None, str | None, bool, bool]:
    """The separate time (and end time) columns: (time, end time, time
    readable, end time readable)."""
    time = time_end = None
    if isinstance(value, str):
        time, time_end, ok = read_time_text(value)
    else:
        time, ok = read_time(None if _blank(value) else value)
    ok_end = True
    if end_value is not None and not _blank(end_value):
        end, ok_end = read_time(end_value)
        time_end = end or time_end
    return time, time_end, ok, ok_end


def _range_checks(
    reading: DateReading,
    subject: Person | None,
    period: Period,
    today: dt.date,
) -> list[tuple[str, dict[str, str]]]:
    """In the future, outside the review period, before the child's birth:
    (issue code, message words) pairs."""
    found: list[tuple[str, dict[str, str]]] = []
    start, end = reading.start, reading.end
    if start is not None and start > today:
        found.append(("date-in-future", {}))
    low, high = period
    outside = (low is not None and end is not None and end < low) or (
        high is not None and start is not None and start > high
    )
    if outside:
        found.append(("date-outside-period", {"detail": _period_text(period)}))
    person = subject
    birth = person.date_of_birth if person is not None else None
    if person is not None and birth is not None and end is not None and end < birth:
        words = {"person": person.label, "detail": long_date(birth)}
        found.append(("date-before-birth", words))
    return found


def _period_text(period: tuple[dt.date | None, dt.date | None]) -> str:
    low, high = period
    if low and high:
        return f"{long_date(low)} to {long_date(high)}"
    if low:
        return f"from {long_date(low)}"
    return f"up to {long_date(high)}"  # type: ignore[arg-type]
