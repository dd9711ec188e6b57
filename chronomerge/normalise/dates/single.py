"""The fast rules that turn one date text into an interval.

The shape of a text's tokens (``aMY`` for "12 March 2019", see
:mod:`chronomerge.normalise.dates.tokens`) picks the rule that reads it; ranges
are read in :mod:`chronomerge.normalise.dates.ranges`. Nothing here guesses:
a text no rule fits returns None, and the caller decides what to do.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from .tokens import Tok, number_tok, shape_of
from .vocabulary import (
    HALF_TERMS,
    MAX_YEAR,
    MIN_YEAR,
    MODIFIERS,
    MONTH_NAMES,
    ORDINAL_WORDS,
    SEASONS,
    TERMS,
    WORDS,
)

_PLACEHOLDER_YEAR = 2000  # a leap year, for dates written without a year
_DAY = dt.timedelta(days=1)


class Context(NamedTuple):
    """What a reading depends on besides the text."""

    order: str  # "DMY", "MDY" or "YMD"
    period_start: dt.date | None
    period_end: dt.date | None
    today: dt.date


# Span and Fail are internal and built for every text read, so they are not
# frozen (a frozen dataclass is several times slower to build); treat them
# as immutable all the same.
@dataclass(slots=True)
class Span:
    """An interval read from text. ``yearless``: the year was not written."""

    start: dt.date
    end: dt.date
    precision: str
    yearless: bool = False
    inherited: bool = False  # the year was borrowed from the other end of a range
    problem: str | None = None  # read, but with a warning (e.g. month first)
    detail: str = ""


@dataclass(slots=True)
class Fail:
    """A text that is a date but a wrong one (the problem is an issue code)."""

    problem: str
    detail: str


Result = Span | Fail | None


def long_date(day: dt.date) -> str:
    """'3 April 2019': for messages."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def last_day(year: int, month: int) -> int:
    """Days in the month (a table: calendar.monthrange also works out weekdays)."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month]


def month_span(year: int, first: int, last: int, precision: str) -> Span:
    """Whole months ``first``..``last``; ``last`` < ``first`` runs into next year."""
    end_year = year + 1 if last < first else year
    return Span(
        dt.date(year, first, 1),
        dt.date(end_year, last, last_day(end_year, last)),
        precision,
    )


def days_detail(day: int, month: int, year: int | None) -> str:
    """Why a day does not exist: 'February has 28 days in 2019'."""
    if month < 1 or month > 12:
        return f"there is no month {month}"
    if day < 1:
        return "there is no day 0"
    name = MONTH_NAMES[month - 1]
    if month == 2:
        if year is None:
            return "February has at most 29 days"
        return f"February has {last_day(year, 2)} days in {year}"
    return f"{name} has {last_day(2001, month)} days"


# --------------------------------------------------------------------- years


def two_digit_year(yy: int, ctx: Context) -> int:
    """The century nearest the review period; with none, the latest year that
    is not in the future (the contract)."""
    candidates = (1900 + yy, 2000 + yy)
    lo = ctx.period_start or ctx.period_end
    hi = ctx.period_end or ctx.period_start
    if lo is None or hi is None:
        later = 2000 + yy
        return later if later <= ctx.today.year else 1900 + yy

    def distance(year: int) -> int:
        if lo.year <= year <= hi.year:
            return 0
        return min(abs(year - lo.year), abs(year - hi.year))

    return min(candidates, key=lambda y: (distance(y), -y))


def _year(tok: Tok, ctx: Context) -> int | Fail | None:
    """The year a token gives: 4 digits as written, 2 digits by the period."""
    digits = tok.text
    if tok.ordinal:
        return None
    if tok.kind in ("a", "A"):
        if len(digits) != 2:
            return None
        return two_digit_year(int(digits), ctx)
    if tok.kind in ("Y", "b"):
        year = int(digits)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return Fail("date-year-suspicious", f"the year {year}")
        return year
    return None


def day_span(
    year: int | None, month: int, day: int, *, inherited: bool = False
) -> Span | Fail:
    """One day, checked: 31/02 is a Fail with the reason."""
    known = year if year is not None else _PLACEHOLDER_YEAR
    if not 1 <= month <= 12 or day < 1 or day > last_day(known, month):
        return Fail("date-impossible", days_detail(day, month, year))
    day_date = dt.date(known, month, day)
    return Span(day_date, day_date, "day", year is None, inherited)


# ------------------------------------------------------------ single readings

Handler = Callable[[list[Tok], Context, "Span | None"], Result]
_RULES: list[tuple[re.Pattern[str], Handler]] = []


def _rule(shape: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _RULES.append((re.compile(shape), handler))
        return handler

    return register


def _inherit_year(ctx_span: Span | None) -> int | None:
    if ctx_span is None or ctx_span.yearless:
        return None
    return ctx_span.start.year


@_rule(r"a-?a-?[aYb]")
def _numeric(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    a, b, c = (t for t in toks if t.kind != "-")
    return numeric_date(a, b, c, ctx)


def numeric_date(a: Tok, b: Tok, c: Tok, ctx: Context) -> Result:
    """Three numbers in the file's order (12/03/2019 is 12 March in DMY)."""
    if ctx.order == "YMD":
        year = _year(a, ctx)
        month, day = b.value, c.value
    else:
        year = _year(c, ctx)
        first, second = a.value, b.value
        day, month = (first, second) if ctx.order == "DMY" else (second, first)
    if year is None or isinstance(year, Fail):
        return year
    return _checked_numeric(int(day), int(month), year, ctx)


def plain_numeric(first: str, second: str, year_digits: str, ctx: Context) -> Result:
    """12/03/2019 given as its three digit strings (the fast path)."""
    if ctx.order == "YMD":
        toks = [number_tok(d) for d in (first, second, year_digits)]
        return numeric_date(toks[0], toks[1], toks[2], ctx)
    if len(year_digits) == 2:
        year = two_digit_year(int(year_digits), ctx)
    else:
        year = int(year_digits)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return Fail("date-year-suspicious", f"the year {year}")
    a, b = int(first), int(second)
    day, month = (a, b) if ctx.order == "DMY" else (b, a)
    return _checked_numeric(day, month, year, ctx)


def _checked_numeric(day: int, month: int, year: int | None, ctx: Context) -> Result:
    """A numeric day and month in the file's order; a value that only reads
    the other way round is reported, never swapped silently."""
    span = day_span(year, month, day)
    if not isinstance(span, Fail) or not 1 <= day <= 12 or not 12 < month <= 31:
        return span
    swapped = day_span(year, day, month)
    if isinstance(swapped, Fail):
        return span
    if ctx.order == "DMY":
        # Only readable month first: read so, and say so (never silently).
        return replace(
            swapped,
            problem="date-month-first",
            detail=f"read month first it is {long_date(swapped.start)}",
        )
    return Fail(
        "date-impossible",
        f"this file's dates are set to be month first, and there is no month {month}",
    )


@_rule(r"Y-?a-?a")
def _iso(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    y, m, d = (t for t in toks if t.kind != "-")
    year = _year(y, ctx)
    if not isinstance(year, int):
        return year
    return day_span(year, int(m.value), int(d.value))


@_rule(r"a-[Yb]")
def _numeric_month(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    month, year = toks[0].value, _year(toks[2], ctx)
    if not isinstance(year, int):
        return year
    if not 1 <= int(month) <= 12:
        return Fail("date-impossible", f"there is no month {month}")
    return month_span(year, int(month), int(month), "month")


@_rule(r"Y-a")
def _year_and_two(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    """2019-03 (a month), 2018/19 or 2015-20 (the years from one to the other)."""
    year = _year(toks[0], ctx)
    if not isinstance(year, int):
        return year
    two = int(toks[2].text)
    if len(toks[2].text) != 2:
        return None
    if two == (year + 1) % 100 or not 1 <= two <= 12:
        end = year // 100 * 100 + two
        if end <= year:
            return None
        return Span(dt.date(year, 1, 1), dt.date(end, 12, 31), "range")
    return month_span(year, two, two, "month")


@_rule(r"a-a")
def _day_month(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """12/03 (a day without a year); 03/19 (March 2019) when it cannot be one."""
    if ctx.order == "YMD":
        return None
    if toks[0].ordinal or toks[2].ordinal:
        return None  # 12th-14th: two days, no month
    first, second = int(toks[0].value), int(toks[2].value)
    year = _inherit_year(inherit)
    day, month = (first, second) if ctx.order == "DMY" else (second, first)
    if 1 <= month <= 12 and 1 <= day <= last_day(year or _PLACEHOLDER_YEAR, month):
        return day_span(year, month, day, inherited=year is not None)
    if 1 <= first <= 12 and len(toks[2].text) == 2 and second > 12:
        full = two_digit_year(second, ctx)
        return month_span(full, first, first, "month")
    return _checked_numeric(day, month, year, ctx)


@_rule(r"Y|b|A")
def _year_only(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    year = _year(toks[0], ctx)
    if not isinstance(year, int):
        return year
    return Span(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


@_rule(r"a")
def _bare_day(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """ "3" in "3-5 March 2019": the day of the month the range ends in."""
    if inherit is None or inherit.precision != "day":
        return None
    span = day_span(inherit.start.year, inherit.start.month, int(toks[0].value))
    if isinstance(span, Span):
        span = replace(span, yearless=inherit.yearless)
    return span


@_rule(r"aM(?:-?[YbAa])?")
def _day_month_name(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """12 March 2019, 12-Mar-19, 11 December (no year)."""
    words = [t for t in toks if t.kind != "-"]
    year: int | Fail | None
    if len(words) == 2:
        year = _inherit_year(inherit)
    else:
        year = _year(words[2], ctx)
        if not isinstance(year, int):
            return year
    return day_span(
        year,
        int(words[1].value),
        int(words[0].value),
        inherited=len(words) == 2 and year is not None,
    )


@_rule(r"Ma(?:[YbAa])?")
def _month_name_day(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """Month first where the words make it plain: March 1 2006, September 26."""
    year = _year(toks[2], ctx) if len(toks) > 2 else _inherit_year(inherit)
    if isinstance(year, Fail) or (len(toks) > 2 and year is None):
        return year
    return day_span(
        year,
        int(toks[0].value),
        int(toks[1].value),
        inherited=len(toks) == 2 and year is not None,
    )


@_rule(r"M(?:[YbA]|-a)?")
def _month(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    month = int(toks[0].value)
    year = _year(toks[-1], ctx) if len(toks) > 1 else _inherit_year(inherit)
    if isinstance(year, Fail):
        return year
    span = month_span(year or _PLACEHOLDER_YEAR, month, month, "month")
    return replace(
        span, yearless=year is None, inherited=len(toks) == 1 and year is not None
    )


@_rule(r"E(?:M(?:[YbA]|-a)?|[YbA])")
def _modified(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """early/mid/late March 2019 (days 1-10, 11-20, 21-end); early 2019."""
    part = MODIFIERS[str(toks[0].value)]
    if toks[1].kind != "M":
        year = _year(toks[1], ctx)
        if not isinstance(year, int):
            return year
        first, last = WORDS.part_months[part]
        return replace(month_span(year, first, last, "range"))
    whole = _month(toks[1:], ctx, inherit)
    if not isinstance(whole, Span):
        return whole
    start, end = whole.start, whole.end
    first, last = (min(day, end.day) for day in WORDS.part_days[part])
    return replace(
        whole,
        start=start.replace(day=first),
        end=end.replace(day=last),
        precision="range",
    )


@_rule(r"S(?:[YbA]|Y-[aY]|a)?")
def _season(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """Spring 2018 (March-May); winter 2018/19 (December 2018-February 2019)."""
    name = str(toks[0].value)
    if name not in SEASONS:
        return None  # a school term's name only
    first, last = SEASONS[name]
    year = _year(toks[1], ctx) if len(toks) > 1 else _inherit_year(inherit)
    if isinstance(year, Fail) or (len(toks) > 1 and year is None):
        return year  # None: "Autumn 1" is a half term, not a season
    # winter 2018/19: the two years must follow on
    if len(toks) > 3 and (
        first < last or int(toks[3].text[-2:]) != (int(year or 0) + 1) % 100
    ):
        return None
    span = month_span(year or _PLACEHOLDER_YEAR, first, last, "season")
    return replace(span, yearless=year is None)


@_rule(r"S(?:T[YbAa]|[YbA]T|Ta[YbA]|a[YbA]|aT[YbA]|T|a)")
def _term(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """Autumn term 2018 (September-December); Autumn 1 2018 (a half term)."""
    name = str(toks[0].value)
    if name not in TERMS:
        return None
    rest = list(toks[1:])
    year_tok = next((t for t in rest if t.kind in "YbA"), None)
    if year_tok is None and rest[-1].kind == "a" and len(rest[-1].text) == 2:
        year_tok = rest[-1]  # autumn term 18
    numbers = [t for t in rest if t.kind == "a" and t is not year_tok]
    if numbers:
        half = HALF_TERMS.get((name, int(numbers[0].value)))
        if half is None:
            return None
        first, last = half
    elif year_tok is None and not any(t.kind == "T" for t in rest):
        return None
    else:
        first, last = TERMS[name]
    year = _year(year_tok, ctx) if year_tok else _inherit_year(inherit)
    if isinstance(year, Fail):
        return year
    span = month_span(year or _PLACEHOLDER_YEAR, first, last, "term")
    return replace(span, yearless=year is None)


@_rule(r"Qa[YbA]?|Qa-[YbA]|[YbA]Qa|[aO]Q[YbA]")
def _quarter(toks: list[Tok], ctx: Context, inherit: Span | None) -> Result:
    """Q1 2019 (January-March), 2019 Q3, first quarter of 2019."""
    number = next(t for t in toks if t.kind in "aO")
    which = ORDINAL_WORDS[str(number.value)] if number.kind == "O" else number.value
    years = [t for t in toks if t.kind in "YbA"]
    year = _year(years[0], ctx) if years else _inherit_year(inherit)
    if isinstance(year, Fail):
        return year
    if not 1 <= int(which) <= 4:
        return None
    first = 3 * (int(which) - 1) + 1
    span = month_span(year or _PLACEHOLDER_YEAR, first, first + 2, "quarter")
    return replace(span, yearless=year is None)


@_rule(r"Ry(?:Y-[aY]|Y)|Y-[aY]Ry|Fy(?:Y-[aY]|Y)|Y-[aY]Fy")
def _school_or_financial_year(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    """Academic year 2018/19 (September-August), financial year (April-March)."""
    years = [t for t in toks if t.kind == "Y"]
    year = _year(years[0], ctx)
    if not isinstance(year, int):
        return year
    first = (
        WORDS.academic_first_month
        if any(t.kind == "R" for t in toks)
        else WORDS.financial_first_month
    )
    span = month_span(year, first, (first - 2) % 12 + 1, "range")
    return span


@_rule(r"X")
def _serial_text(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    """43537: an Excel serial number that arrived as text."""
    return serial_span(int(toks[0].value))


@_rule(r"Z")
def _compact(toks: list[Tok], ctx: Context, _: Span | None) -> Result:
    """20190312 or 12032019."""
    text = toks[0].text
    if text[:2] in ("19", "20"):
        span = day_span(int(text[:4]), int(text[4:6]), int(text[6:]))
        if isinstance(span, Span):
            return span
    if ctx.order == "DMY":
        return day_span(int(text[4:]), int(text[2:4]), int(text[:2]))
    return None


def serial_span(serial: int) -> Span | Fail | None:
    """An Excel serial day number (1900 date system) as a day."""
    if serial < 1:
        return None
    if serial == 60:  # Excel's 29 February 1900, which did not exist
        return Fail("date-impossible", "February has 28 days in 1900")
    base = dt.date(1899, 12, 31) if serial < 60 else dt.date(1899, 12, 30)
    try:
        day = base + dt.timedelta(days=serial)
    except OverflowError:
        return Fail("date-year-suspicious", "the number is too large to be a date")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return Fail("date-year-suspicious", f"the year {day.year}")
    return Span(day, day, "day")


def single(tokens: list[Tok], ctx: Context, inherit: Span | None = None) -> Result:
    """One date (no range): the first rule whose shape fits and that reads it."""
    shape, toks = shape_of(tokens)
    if not shape:
        return None
    for handler in _handlers(shape):
        found = handler(toks, ctx, inherit)
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4096)
def _handlers(shape: str) -> tuple[Handler, ...]:
    """The rules whose shape pattern fits (few shapes recur: cached)."""
    return tuple(h for pattern, h in _RULES if pattern.fullmatch(shape))
