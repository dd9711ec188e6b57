"""Date text as agencies write it, with the interval the contract says it denotes.

Each form renders one true date as text (or a workbook cell) and returns the
reading a correct normaliser must produce: start, end, precision and whether
the writer marked it uncertain. The rules are the contract's: UK day first,
early/mid/late = days 1-10/11-20/21-end (precision ``range``), seasons and
school terms as listed there, ``w/c`` = the week from that Monday, ``before``/
``after`` closed by the review period, year-less dates approximate.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

MONTHS = [calendar.month_name[m] for m in range(1, 13)]
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept",
                "Oct", "Nov", "Dec"]  # fmt: skip
EXCEL_EPOCH = dt.date(1899, 12, 30)

# Forms whose reading has day or week precision (they count for gaps).
DAY_FORMS = frozenset(
    ["dmy", "dmy2", "dmy_dot", "dmy_dot2", "d_month_y", "d_mon_y", "ord_month_y",
     "split_ord", "month_d_y", "yearless", "weekday_yearless", "q_day", "approx_day",
     "excel", "serial_text", "month_first", "sept"]
)  # fmt: skip
# Imprecise forms and what they need of the true date.
SEASONS = {"Spring": (3, 4, 5), "Summer": (6, 7, 8), "Autumn": (9, 10, 11)}
TERMS = {"Autumn": (9, 12), "Spring": (1, 3), "Summer": (4, 7)}


@dataclass(frozen=True)
class Reading:
    """A date as written and as the contract reads it."""

    text: str
    start: dt.date | None
    end: dt.date | None
    precision: str
    approximate: bool = False
    cell: Any = None  # what goes in a workbook cell (text unless a real date)

    @property
    def cell_value(self) -> Any:
        return self.text if self.cell is None else self.cell


def ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def excel_serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def supports(form: str, d: dt.date) -> bool:
    """Whether ``form`` can describe the true date ``d`` truthfully."""
    if form == "season":
        return any(d.month in months for months in SEASONS.values())
    if form == "term":
        return any(a <= d.month <= b for a, b in TERMS.values())
    if form == "month_first":
        return d.day > 12
    if form == "impossible":
        return d.month in (4, 6, 9, 11)
    if form == "between":
        return 2 <= d.day <= 26
    if form == "mid_hyphen":
        return 11 <= d.day <= 20
    if form == "sept":
        return d.month == 9
    if form.startswith("term_"):
        a, b = TERMS[form[5:].capitalize()]
        return a <= d.month <= b
    return True


def render(
    form: str, d: dt.date, rng: random.Random, period: tuple[dt.date, dt.date]
) -> Reading:
    """Write true date ``d`` in ``form``; the reading is what the text denotes."""
    ps, pe = period
    dmy = f"{d.day:02d}/{d.month:02d}/{d.year}"
    day = (d, d, "day")
    if form == "dmy":
        return Reading(dmy, *day)
    if form == "dmy2":
        return Reading(f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}", *day)
    if form == "dmy_dot":
        return Reading(f"{d.day:02d}.{d.month:02d}.{d.year}", *day)
    if form == "dmy_dot2":
        return Reading(f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}", *day)
    if form == "d_month_y":
        return Reading(f"{d.day} {MONTHS[d.month - 1]} {d.year}", *day)
    if form in ("d_mon_y", "sept"):
        return Reading(f"{d.day} {SHORT_MONTHS[d.month - 1]} {d.year}", *day)
    if form == "ord_month_y":
        return Reading(f"{d.day}{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}", *day)
    if form == "split_ord":
        text = f"{d.day} {ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}"
        return Reading(text, *day)
    if form == "month_d_y":
        return Reading(f"{MONTHS[d.month - 1]} {d.day} {d.year}", *day)
    if form == "yearless":
        return Reading(f"{d.day} {MONTHS[d.month - 1]}", *day, approximate=True)
    if form == "weekday_yearless":
        text = f"{calendar.day_name[d.weekday()]} {MONTHS[d.month - 1]} {d.day}"
        return Reading(text, *day, approximate=True)
    if form == "q_day":
        text = rng.choice([f"?{d.day} {MONTHS[d.month - 1]} {d.year}", f"?{dmy}"])
        return Reading(text, *day, approximate=True)
    if form == "approx_day":
        word = rng.choice(["approx", "around", "about", "approx."])
        return Reading(f"{word} {dmy}", *day, approximate=True)
    if form == "excel":
        return Reading(dmy, *day, cell=dt.datetime(d.year, d.month, d.day))
    if form == "serial_text":
        return Reading(str(excel_serial(d)), *day)
    if form == "month_first":
        return Reading(f"{d.month:02d}/{d.day:02d}/{d.year}", *day)
    if form == "wc":
        monday = d - dt.timedelta(days=d.weekday())
        text = f"w/c {monday.day:02d}/{monday.month:02d}/{monday.year}"
        return Reading(text, monday, monday + dt.timedelta(days=6), "week")
    if form in ("month", "c_month", "circa_month"):
        start, end = d.replace(day=1), month_end(d.year, d.month)
        name = f"{MONTHS[d.month - 1]} {d.year}"
        if form == "month":
            return Reading(name, start, end, "month")
        word = "c." if form == "c_month" else rng.choice(["circa", "approx."])
        return Reading(f"{word} {name}", start, end, "month", approximate=True)
    if form == "mid_hyphen":
        text = f"mid-{MONTHS[d.month - 1]} {d.year}"
        return Reading(text, d.replace(day=11), d.replace(day=20), "range")
    if form == "emlate":
        part, lo, hi = (
            ("early", 1, 10)
            if d.day <= 10
            else ("mid", 11, 20)
            if d.day <= 20
            else ("late", 21, calendar.monthrange(d.year, d.month)[1])
        )
        month = MONTHS[d.month - 1]
        if part == "mid" and rng.random() < 0.5:
            text = f"mid-{month} {d.year}"
        else:
            text = (
                f"{part.capitalize() if rng.random() < 0.3 else part} {month} {d.year}"
            )
        return Reading(text, d.replace(day=lo), d.replace(day=hi), "range")
    if form == "season":
        name = next(n for n, months in SEASONS.items() if d.month in months)
        months = SEASONS[name]
        return Reading(
            f"{name} {d.year}",
            dt.date(d.year, months[0], 1),
            month_end(d.year, months[-1]),
            "season",
        )
    if form == "term" or form.startswith("term_"):
        name = next(n for n, (a, b) in TERMS.items() if a <= d.month <= b)
        a, b = TERMS[name]
        word = rng.choice(["term", "Term"])
        return Reading(
            f"{name} {word} {d.year}",
            dt.date(d.year, a, 1),
            month_end(d.year, b),
            "term",
        )
    if form == "between":
        last = calendar.monthrange(d.year, d.month)[1]
        lo = max(1, d.day - rng.randint(1, 2))
        hi = min(last, d.day + rng.randint(0, 2))
        text = f"between {lo} and {hi} {MONTHS[d.month - 1]} {d.year}"
        return Reading(text, d.replace(day=lo), d.replace(day=hi), "range")
    if form == "month_slash":
        y, m = (
            (d.year, d.month - 1)
            if d.month == 12 or rng.random() < 0.5
            else (d.year, d.month)
        )
        if m == 0:
            m = 1
        text = f"{MONTHS[m - 1]}/{MONTHS[m]} {y}"
        return Reading(text, dt.date(y, m, 1), month_end(y, m + 1), "range")
    if form == "month_span":
        y1, m1 = _add_months(d.year, d.month, -rng.randint(1, 4))
        y2, m2 = _add_months(d.year, d.month, rng.randint(1, 4))
        first, last = dt.date(y1, m1, 1), month_end(y2, m2)
        if first < ps:
            y1, m1 = ps.year, ps.month
            first = dt.date(y1, m1, 1)
        if last > pe:
            y2, m2 = pe.year, pe.month
            last = month_end(y2, m2)
        text = f"{MONTHS[m1 - 1]} {y1} \u2013 {MONTHS[m2 - 1]} {y2}"
        return Reading(text, first, last, "range")
    if form == "before":
        limit = d + dt.timedelta(days=rng.randint(3, 30))
        text = f"before {limit.day:02d}/{limit.month:02d}/{limit.year}"
        return Reading(text, ps, limit - dt.timedelta(days=1), "range")
    if form == "prior_mid":
        y, m = (d.year, d.month) if d.day <= 10 else _add_months(d.year, d.month, 1)
        text = f"prior to mid {MONTHS[m - 1]} {y}"
        return Reading(text, ps, dt.date(y, m, 10), "range")
    if form == "after_month":
        y, m = _add_months(d.year, d.month, -1)
        start = dt.date(*_add_months(y, m, 1), 1)
        return Reading(f"after {MONTHS[m - 1]} {y}", start, pe, "range")
    if form == "year":
        return Reading(
            str(d.year), dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), "year"
        )
    if form == "nk":
        return Reading(rng.choice(["N/K", "N/K", "n/k"]), None, None, "unknown")
    if form == "blank":
        return Reading("", None, None, "unknown")
    if form == "impossible":
        text = (
            f"31/{d.month:02d}/{d.year}"
            if d.month in (4, 6, 9, 11)
            else f"30/02/{d.year}"
        )
        return Reading(text, None, None, "unknown")
    if form == "unreadable":
        return Reading(
            f"{d.day:02d}/{d.month}/{d.year}{d.day % 10}", None, None, "unknown"
        )
    raise ValueError(f"unknown date form {form!r}")


def precise(form: str) -> bool:
    """Whether the form's reading has day or week precision."""
    return form in DAY_FORMS or form == "wc"
