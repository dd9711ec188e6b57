"""Ranges and open ends: "3-5 March 2019", "Nov/Dec 2006", "before 12/03/2019",
"w/c 04/03/2019", "2015 - present".

A range is two readings joined, the left one borrowing the year or month it
leaves out from the right one. "before" and "after" ranges are closed by the
review period, and left open when there is none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .single import (
    Context,
    Fail,
    Result,
    Span,
    last_day,
    long_date,
    single,
)
from .tokens import Tok, shape_of
from .vocabulary import (
    AFTER_EXCLUSIVE,
    AFTER_INCLUSIVE,
    BEFORE_EXCLUSIVE,
    BEFORE_INCLUSIVE,
    FILLERS,
    ONWARDS,
    PRESENT,
    RANGE_WORDS,
    WORDS,
)

_DAY = dt.timedelta(days=1)


_PREFIX_WORDS = frozenset(
    p[0]
    for group in (BEFORE_EXCLUSIVE, BEFORE_INCLUSIVE, AFTER_EXCLUSIVE, AFTER_INCLUSIVE)
    for p in group
)
_SUFFIX_WORDS = frozenset(p[-1] for p in ONWARDS)
_LONGEST = max(
    (
        len(p)
        for group in (
            BEFORE_EXCLUSIVE,
            BEFORE_INCLUSIVE,
            AFTER_EXCLUSIVE,
            AFTER_INCLUSIVE,
            ONWARDS,
        )
        for p in group
    ),
    default=1,
)


def _starts_with(words: list[Tok], phrases: tuple[tuple[str, ...], ...]) -> int:
    values = [t.value if t.kind == "w" else None for t in words[:_LONGEST]]
    for phrase in phrases:
        n = len(phrase)
        if len(words) > n and tuple(values[:n]) == phrase:
            return n
    return 0


def _ends_with(words: list[Tok], phrases: tuple[tuple[str, ...], ...]) -> int:
    values = [t.value if t.kind == "w" else None for t in words[-_LONGEST:]]
    for phrase in phrases:
        n = len(phrase)
        if len(words) > n and tuple(values[-n:]) == phrase:
            return n
    return 0


def _open_range(
    inner: Result, ctx: Context, *, before: bool, inclusive: bool
) -> Result | Open:
    """before/after X: a range closed by the review period (open when none)."""
    if not isinstance(inner, Span):
        return inner
    if inner.yearless:
        return None
    if before:
        end = inner.end if inclusive else inner.start - _DAY
        start = (
            ctx.period_start if ctx.period_start and ctx.period_start <= end else None
        )
        return Open(start, end)
    begin = inner.start if inclusive else inner.end + _DAY
    close = ctx.period_end if ctx.period_end and ctx.period_end >= begin else None
    return Open(begin, close)


@dataclass(frozen=True, slots=True)
class Open:
    """A range with one end left open (no review period to close it)."""

    start: dt.date | None
    end: dt.date | None
    precision: str = "range"


def _present(ctx: Context) -> dt.date:
    return ctx.period_end if ctx.period_end else ctx.today


def _prefixed(tokens: list[Tok], ctx: Context) -> Result | Open:
    """'before', 'prior to', 'by', 'after', 'since' and the like."""
    if not tokens or tokens[0].kind != "w" or tokens[0].value not in _PREFIX_WORDS:
        return None
    for phrases, before, inclusive in (
        (BEFORE_EXCLUSIVE, True, False),
        (BEFORE_INCLUSIVE, True, True),
        (AFTER_EXCLUSIVE, False, False),
        (AFTER_INCLUSIVE, False, True),
    ):
        n = _starts_with(tokens, phrases)
        if n:
            inner = read_tokens(tokens[n:], ctx)
            if isinstance(inner, Open):
                return None
            return _open_range(inner, ctx, before=before, inclusive=inclusive)
    return None


def read_tokens(tokens: list[Tok], ctx: Context) -> Result | Open:
    """A whole date text: prefixes, ranges, then a single reading."""
    while tokens and tokens[0].kind == "-":
        tokens = tokens[1:]
    found = _prefixed(tokens, ctx)
    if found is not None:
        return found
    while tokens and tokens[0].kind == "w" and tokens[0].value in FILLERS:
        tokens = tokens[1:]
    if not tokens:
        return None
    head = tokens[0]
    if head.kind in "KL":
        return _week(tokens[1:], ctx, ending=head.kind == "L")
    found = _prefixed(tokens, ctx)
    if found is not None:
        return found
    last = tokens[-1]
    n = 0
    if last.kind == "w" and last.value in _SUFFIX_WORDS:
        n = _ends_with(tokens, ONWARDS)
    if n:
        rest = tokens[:-n]
        if rest and rest[0].kind == "w" and rest[0].value in WORDS.onwards_openers:
            rest = rest[1:]
        inner = read_tokens(rest, ctx)
        if isinstance(inner, Open):
            return None
        return _open_range(inner, ctx, before=False, inclusive=True)
    found = single(tokens, ctx)
    if found is not None:
        return found
    return _range(tokens, ctx)


def _week(tokens: list[Tok], ctx: Context, *, ending: bool) -> Result:
    """w/c 04/03/2019: the week from that day; w/e: the week to that day."""
    day = single(tokens, ctx)
    if not isinstance(day, Span):
        return day
    if day.precision != "day":
        return None
    if ending:
        return replace(day, start=day.start - 6 * _DAY, precision="week")
    return replace(day, end=day.start + 6 * _DAY, precision="week")


def _range(tokens: list[Tok], ctx: Context) -> Result | Open:
    """Two readings joined: 'between 3 and 5 March 2019', 'Nov/Dec 2006'."""
    words = tokens
    if words[0].kind == "w" and words[0].value in WORDS.range_openers:
        words = words[1:]
    joins = [
        i
        for i, t in enumerate(words)
        if 0 < i < len(words) - 1
        and ((t.kind == "w" and t.value in RANGE_WORDS) or t.kind == "-")
    ]
    # Word joins first ("to", "and"), then separators from the middle out.
    joins.sort(key=lambda i: (words[i].kind == "-", abs(2 * i - len(words))))
    failure: Result = None
    for i in joins:
        left, right = words[:i], words[i + 1 :]
        while right and right[0].kind == "-":
            right = right[1:]
        if (
            words[i].kind == "-"
            and words[i].value != "spaced"
            and not _fits(left, right)
        ):
            continue
        end = _range_end(right, ctx)
        if not isinstance(end, Span):
            failure = failure or end
            continue
        start = single(left, ctx, end)
        if not isinstance(start, Span):
            failure = failure or start
            continue
        joined = _join(start, end, left, ctx)
        if joined is not None:
            return joined
    if words is not tokens:
        found = single(words, ctx)  # "from 12/03/2019": the day it started
        if found is not None:
            return found
    if len(joins) >= 2:
        return _list(words, ctx) or failure
    return failure


def _fits(left: list[Tok], right: list[Tok]) -> bool:
    """A separator with no spaces joins a range only when the left end reads
    like the start of the right ('3-5 March', 'Nov/Dec 2006', '2015-2020'),
    so 12/03/2019 is never read as '12/03' to '2019'."""
    if len(right) == 1 and right[0].kind == "w" and right[0].value in PRESENT:
        return True
    left_shape, _ = shape_of(left)
    right_shape, _ = shape_of(right)
    return bool(left_shape) and right_shape.startswith(left_shape)


def _range_end(tokens: list[Tok], ctx: Context) -> Result:
    if len(tokens) == 1 and tokens[0].kind == "w" and tokens[0].value in PRESENT:
        today = _present(ctx)
        return Span(today, today, "day")
    return single(tokens, ctx)


def _join(start: Span, end: Span, left: list[Tok], ctx: Context) -> Result:
    """One range from its two ends. A left end that borrowed its year and now
    comes after the right end is read a year earlier ("Dec-Jan 2019")."""
    if end.yearless and not start.yearless:
        dated = _with_year(end, start.start.year)
        if dated is not None and dated.end < start.start:
            dated = _with_year(dated, start.start.year + 1)
        if dated is None:
            return None
        end = dated
    if start.start > end.end and start.inherited:
        year_before = replace(end, start=dt.date(end.start.year - 1, 1, 1))
        earlier = single(left, ctx, year_before)
        if isinstance(earlier, Span):
            start = earlier
    if start.start > end.end:
        return Fail(
            "date-range-reversed",
            f"it ends on {long_date(end.end)}, before it starts on "
            f"{long_date(start.start)}",
        )
    if start.yearless != end.yearless:
        return None
    if (start.start, start.end) == (end.start, end.end):
        return end
    joined = Span(start.start, end.end, "range", start.yearless and end.yearless)
    warned = start if start.problem else end
    joined.problem, joined.detail = warned.problem, warned.detail
    return joined


def _list(words: list[Tok], ctx: Context) -> Result:
    """'12/03/2019, 14/03/2019 and 20/03/2019': from the first to the last."""
    parts: list[list[Tok]] = [[]]
    for tok in words:
        if tok.kind == "w" and tok.value in WORDS.list_joins:
            parts.append([])
        else:
            parts[-1].append(tok)
    if len(parts) < 3 or not all(parts):
        return None
    last = single(parts[-1], ctx)
    if not isinstance(last, Span):
        return last
    spans = [last]
    for part in parts[:-1]:
        span = single(part, ctx, last)
        if not isinstance(span, Span):
            return span
        spans.append(span)
    if len({s.yearless for s in spans}) != 1:
        return None
    start = min(s.start for s in spans)
    end = max(s.end for s in spans)
    return Span(start, end, "range", last.yearless)


def _with_year(span: Span, year: int) -> Span | None:
    """A year-less span moved to ``year`` (None when 29 February is not there)."""
    shift = year - span.start.year
    try:
        start = span.start.replace(year=span.start.year + shift)
        end_year = span.end.year + shift
        end_day = span.end.day
        if span.end.day == last_day(span.end.year, span.end.month):
            end_day = last_day(end_year, span.end.month)
        end = span.end.replace(year=end_year, day=end_day)
    except ValueError:
        return None
    return replace(span, start=start, end=end, yearless=False)


def yearless_template(span: Span) -> tuple[int, int, int, int, int]:
    """(month, day, end month, end day or 0 for the month's last, years on)."""
    end_day = span.end.day
    if end_day == last_day(span.end.year, span.end.month):
        end_day = 0
    return (
        span.start.month,
        span.start.day,
        span.end.month,
        end_day,
        span.end.year - span.start.year,
    )
