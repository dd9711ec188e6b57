"""Read one date cell: :func:`read_date` and its :class:`DateReading`.

:func:`read_date` turns one cell (text, an Excel date cell or serial number)
into a :class:`DateReading`: the interval it denotes, how precise it is,
whether the writer marked it uncertain, a time where the cell holds one, and
the problem when it cannot be read.

The fast rules of :mod:`chronomerge.normalise.dates.single` read nearly every
cell; dateparser is only the cached last resort, set so it stays day first
and never fills in today's day, month or year for a part that is missing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from numbers import Real
from typing import Any, Literal

from .ranges import Open, read_tokens, yearless_template
from .single import (
    Context,
    Fail,
    Span,
    day_span,
    month_span,
    plain_numeric,
    serial_span,
)
from .times import read_time_text, split_time
from .tokens import clean, tokenise
from .vocabulary import (
    APPROX_RE,
    MAX_YEAR,
    MIN_YEAR,
    MONTHS,
    NOT_KNOWN,
    WORDS,
    alternatives,
)

DateOrder = Literal["DMY", "MDY", "YMD"]
Period = tuple[dt.date | None, dt.date | None]

# A year further than this from the review period is reported as possibly
# mistyped (dates.toml: years.suspicious_distance).
FAR_YEARS = WORDS.far_years
_MAY_HOLD_TIME = re.compile(r":|\d\s*(?:[ap]m|hrs?|hours)\b|noon|midday|midnight")
# The commonest forms, read without tokenising: 12/03/2019 (after "?" or
# "approx", before a time), 12th March 2019, Tuesday 12 March 2019, March 2019.
# The markers and weekdays come from dates.toml, as the long way's do.
_PLAIN_NUMERIC = re.compile(
    rf"\s*({WORDS.fast_approx})?"
    r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})"
    r"(?:\s+(?:at\s+)?(\d{1,2}:\d{2}|\d{1,2}[.:]\d{2}\s?[ap]m|\d{1,2}\.\d{2}"
    r"|\d{1,2}\.\d{2}\s?hrs|\d{3,4}\s?hrs))?\s*",
    re.IGNORECASE,
)
_PLAIN_NAMED = re.compile(
    rf"\s*(?:(?:{alternatives(WORDS.weekdays) or '(?!)'}),?\s+)?"
    r"(?:(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\s*",
    re.IGNORECASE,
)
_SERIAL = re.compile(r"\s*\d{5}(?:\.\d+)?\s*$")
_QUERIED_TIME = re.compile(
    r"\?\s*(?=\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]m|hrs?)?\)?$)"
)
# Where a date may end and words begin: a dash, colon or comma between spaces,
# an opening bracket, or a space. Dates are short: only the first characters
# of a cell are searched.
_WORDS_CUT = re.compile(r"\s+[-–—]+\s*|\s*[–—]\s*|\s*[:;,]\s+|\s*[(\[]|\s+")
_WORDS_LEAD = " \t-–—:;,."
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_DATE_CHARS = 48


@dataclass(frozen=True, slots=True)
class DateReading:
    """What one date cell says.

    Attributes:
        start, end: the interval (both the same day for an exact date); None
            when unknown, or open at one end ("before 2019" with no period).
        precision: one of ``model.DATE_PRECISIONS``.
        approximate: the writer marked it uncertain (?, approx, c., circa...),
            or the year was not written.
        time, time_end: ``HH:MM`` when the cell holds a time.
        problem: an issue code (``date-unreadable``, ``date-impossible``,
            ``date-month-first``, ``date-year-suspicious``, ``date-missing``,
            ``date-range-reversed``) or ``date-year-inferred`` for a date
            written without a year, which :meth:`with_year` completes.
        detail: words for the issue message, e.g. "February has 28 days in 2019".
        yearless: for a date with no year: (month, day, end month, end day or
            0 for the month's last day, years the end runs on).
        words: words written after the date in the same cell ("June 2018 -
            First CIN assessment" gives "First CIN assessment"); the date is
            read from the text before them. The date stage makes them the
            description when the entry has none; ``date_text`` keeps the cell
            as written either way.
    """

    start: dt.date | None
    end: dt.date | None
    precision: str = "unknown"
    approximate: bool = False
    time: str | None = None
    problem: str | None = None
    detail: str = ""
    time_end: str | None = None
    yearless: tuple[int, int, int, int, int] | None = None
    words: str = ""

    @property
    def known(self) -> bool:
        return self.start is not None or self.end is not None

    def with_year(self, year: int) -> DateReading | None:
        """The year-less date in ``year`` (None when it does not exist then)."""
        if self.yearless is None:
            return self
        month, day, end_month, end_day, carry = self.yearless
        try:
            start = dt.date(year, month, day)
            if self.precision in ("day", "week"):
                days = 6 if self.precision == "week" else 0
                end = start + dt.timedelta(days=days)
                return replace(self, start=start, end=end, problem=None, yearless=None)
            end_year = year + carry
            if end_day == 0:
                end = dt.date(end_year, end_month, 1)
                end = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                end -= dt.timedelta(days=1)
            else:
                end = dt.date(end_year, end_month, end_day)
        except ValueError:
            return None
        return replace(self, start=start, end=end, problem=None, yearless=None)


def _missing(detail: str = "", approximate: bool = False) -> DateReading:
    return DateReading(None, None, "unknown", approximate, None, "date-missing", detail)


def _problem(code: str, detail: str = "", approximate: bool = False) -> DateReading:
    return DateReading(None, None, "unknown", approximate, None, code, detail)


def read_date(
    value: Any,
    *,
    period: Period | None = None,
    date_order: DateOrder = "DMY",
    today: dt.date | None = None,
) -> DateReading:
    """Read one date cell.

    Args:
        value: text, ``datetime``/``date`` (an Excel date cell), a number (an
            Excel serial day, 1900 date system; 2019 alone is a year), or None.
        period: the review period, which picks the century of two-digit years
            and closes "before"/"after" ranges.
        date_order: the order of numeric dates in this file (UK: DMY).
        today: the day that counts as today (for two-digit years when there is
            no period, and "to date").

    Example:
        >>> r = read_date("mid-March 2019")
        >>> r.start, r.end, r.precision
        (datetime.date(2019, 3, 11), datetime.date(2019, 3, 20), 'range')
    """
    today = today or dt.date.today()
    start, end = period or (None, None)
    if isinstance(value, str):
        return _read_text(value, date_order, start, end, today)
    if value is None:
        return _missing()
    if isinstance(value, dt.datetime):
        if value != value:  # NaT
            return _missing()
        time = None
        if (value.hour, value.minute, value.second) != (0, 0, 0):
            time = f"{value.hour:02d}:{value.minute:02d}"
        return _checked(
            Span(value.date(), value.date(), "day"),
            Context(date_order, start, end, today),
            False,
            time,
            None,
        )
    if isinstance(value, dt.date):
        return _checked(
            Span(value, value, "day"),
            Context(date_order, start, end, today),
            False,
            None,
            None,
        )
    if isinstance(value, dt.time):
        return _problem("date-unreadable", "it is a time with no date")
    if isinstance(value, bool) or not isinstance(value, Real):
        return _read_text(str(value), date_order, start, end, today)
    return _read_number(float(value), Context(date_order, start, end, today))


def _read_number(number: float, ctx: Context) -> DateReading:
    """A number in a date cell: a year (1900-2100) or an Excel serial day."""
    if math.isnan(number):
        return _missing()
    if number.is_integer() and MIN_YEAR <= number <= MAX_YEAR:
        year = int(number)
        return _checked(
            Span(dt.date(year, 1, 1), dt.date(year, 12, 31), "year"),
            ctx,
            False,
            None,
            None,
        )
    if number < 1 or math.isinf(number):
        return _problem("date-unreadable", "it is a number, not a date")
    if number.is_integer() and number < MIN_YEAR:
        return _problem("date-year-suspicious", f"the year {int(number)}")
    whole = math.floor(number)
    span = serial_span(whole)
    time = None
    minutes = round((number - whole) * 24 * 60)
    if 0 < minutes < 24 * 60:
        time = f"{minutes // 60:02d}:{minutes % 60:02d}"
    return _finish(span, ctx, False, time, None)


@lru_cache(maxsize=1 << 17)
def _read_text(
    text: str,
    order: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
    today: dt.date,
) -> DateReading:
    """Read date text (cached: chronologies repeat the same dates)."""
    ctx = Context(order, period_start, period_end, today)
    if _SERIAL.match(text):
        return _read_number(float(text), ctx)  # an Excel serial sent as text
    fast = _fast(text, ctx)
    if fast is not None:
        return fast
    reading = _read_long(text, ctx)
    if reading.problem == "date-unreadable":
        return _date_then_words(text, ctx) or reading
    return reading


def _date_then_words(text: str, ctx: Context) -> DateReading | None:
    """A date followed by words ("12/03/2019 - home visit", "June 2018 First
    CIN assessment"): the longest start of the cell that reads as a date, with
    the words after it kept in ``words``. None when no start reads."""
    cuts = [m.start() for m in _WORDS_CUT.finditer(text, 0, _DATE_CHARS)]
    for cut in reversed(cuts):
        head, rest = text[:cut].strip(), _tidy_words(text[cut:])
        if not head or not _LETTERS.search(rest):
            continue
        found = _fast(head, ctx) or _read_long(head, ctx)
        if found.problem not in ("date-unreadable", "date-missing"):
            return replace(found, words=rest)
    return None


def _tidy_words(rest: str) -> str:
    """The words after a date without the dash or brackets that set them off."""
    rest = rest.strip().lstrip(_WORDS_LEAD).strip()
    if rest[:1] in "([" and rest[-1:] in ")]" and rest.count("(") <= 1:
        rest = rest[1:-1].strip()
    return rest


def _read_long(text: str, ctx: Context) -> DateReading:
    """Every form: clean, mark uncertainty, take off a time, read the tokens."""
    order = ctx.order
    cleaned = clean(text)
    if "?" in cleaned:  # "?10:00": the time is uncertain, not the date
        cleaned = _QUERIED_TIME.sub(" ", cleaned)
    approximate = False
    if APPROX_RE.search(cleaned):
        approximate = True
        cleaned = " ".join(APPROX_RE.sub(" ", cleaned).split())
    if not cleaned.strip(" .,-/:;()"):
        return _missing("not known" if approximate else "", approximate)
    if cleaned in NOT_KNOWN or cleaned.removeprefix("date ") in NOT_KNOWN:
        return _missing("not known", approximate)
    time = time_end = None
    result: Span | Fail | Open | None = None
    split = split_time(cleaned) if _MAY_HOLD_TIME.search(cleaned) else None
    if split is not None:
        rest, time, time_end = split
        if time == "00:00" and re.search(r"\b00:00:00\b", cleaned):
            time = None  # a date-only value written out with a midnight time
        result = read_tokens(tokenise(rest), ctx)
    if result is None:
        time = time_end = None
        result = read_tokens(tokenise(cleaned), ctx)
    if result is None or isinstance(result, Fail):
        split = split_time(cleaned, lenient=True)
        if split is not None:
            found = read_tokens(tokenise(split[0]), ctx)
            if (
                isinstance(found, Span)
                and found.precision == "day"
                and (not found.yearless)
            ):
                result, time, time_end = found, split[1], split[2]
    if result is None and _worth_fallback(cleaned):
        plain = " ".join(APPROX_RE.sub(" ", text.lower()).split())
        day = _dateparser_day(plain, order)
        if day is not None:
            result = Span(day, day, "day")
    if result is None:
        return _problem("date-unreadable", "", approximate)
    return _finish(result, ctx, approximate, time, time_end)


def _fast(text: str, ctx: Context) -> DateReading | None:
    """The commonest forms read without tokenising; None sends the text the
    long way (which reads these forms the same, only slower)."""
    found = _PLAIN_NUMERIC.fullmatch(text)
    if found:
        mark, first, second, year, clock = found.groups()
        time = time_end = None
        if clock:
            time, time_end, ok = read_time_text(clock)
            if not ok:
                return None
        span = plain_numeric(first, second, year, ctx)
        return _finish(span, ctx, mark is not None, time, time_end)
    found = _PLAIN_NAMED.fullmatch(text)
    if found:
        day, name, year = found.groups()
        month = MONTHS.get(name.lower())
        if month is None or not MIN_YEAR <= int(year) <= MAX_YEAR:
            return None
        if day is None:
            span = month_span(int(year), month, month, "month")
        else:
            span = day_span(int(year), month, int(day))
        return _finish(span, ctx, False, None, None)
    return None


def _finish(
    result: Span | Fail | Open | None,
    ctx: Context,
    approximate: bool,
    time: str | None,
    time_end: str | None,
) -> DateReading:
    if result is None:
        return _problem("date-unreadable", "", approximate)
    if isinstance(result, Fail):
        return replace(_problem(result.problem, result.detail, approximate), time=time)
    if isinstance(result, Open):
        return DateReading(
            result.start, result.end, "range", approximate, time, None, "", time_end
        )
    if result.yearless:
        return DateReading(
            None,
            None,
            result.precision,
            True,
            time,
            "date-year-inferred",
            "",
            time_end,
            yearless_template(result),
        )
    return _checked(result, ctx, approximate, time, time_end)


def _checked(
    span: Span,
    ctx: Context,
    approximate: bool,
    time: str | None,
    time_end: str | None,
) -> DateReading:
    """Keep dates within 1900-2100; flag a year far from the review period."""
    for day in (span.start, span.end):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            return _problem("date-year-suspicious", f"the year {day.year}", approximate)
    problem, detail = span.problem, span.detail
    lo, hi = ctx.period_start, ctx.period_end
    if lo or hi:
        lo_year = (lo or hi).year  # type: ignore[union-attr]
        hi_year = (hi or lo).year  # type: ignore[union-attr]
        if span.end.year < lo_year - FAR_YEARS:
            problem, detail = "date-year-suspicious", f"the year {span.end.year}"
        elif span.start.year > hi_year + FAR_YEARS:
            problem, detail = "date-year-suspicious", f"the year {span.start.year}"
    return DateReading(
        span.start,
        span.end,
        span.precision,
        approximate,
        time,
        problem,
        detail,
        time_end,
    )


# ----------------------------------------------------------- the fallback


def _worth_fallback(cleaned: str) -> bool:
    """Only text that looks like a date goes to dateparser: it spends
    milliseconds on each string, and turns a lone weekday into a date."""
    tokens = tokenise(cleaned)
    if not 2 <= len(tokens) <= 12:
        return False
    numbers = sum(t.kind in "abYAXZN" for t in tokens)
    months = sum(t.kind == "M" for t in tokens)
    unknown = sum(t.kind in "wU" for t in tokens)
    has_year = any(t.kind == "Y" or t.kind == "A" for t in tokens)
    return has_year and unknown <= 3 and (months >= 1 or numbers >= 3)


@lru_cache(maxsize=4096)
def _dateparser_day(text: str, order: str) -> dt.date | None:
    """dateparser, day first, refusing any text that lacks a day, month or year.

    Its traps (see the tests): month first by default; with PREFER_DATES_FROM
    'past' "03/04/19" can come back in 1919; it drops the "?" of "?22 May
    2016"; it reads "Tuesday" as a date; it returns nothing for "w/c", "mid-
    March", "Spring" and "c." forms.
    """
    import dateparser  # slow to import; most runs never need it

    settings = {
        "DATE_ORDER": order,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "STRICT_PARSING": True,
        "PARSERS": ["absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, TypeError, OverflowError, KeyError):
        return None
    return None if found is None else found.date()


def fallback_calls() -> int:
    """How many texts have gone to dateparser in this process (for tests and
    benchmarks: the fast rules should leave it almost nothing)."""
    return _dateparser_day.cache_info().misses
