"""Read times as practitioners write them: 14:35, 2.35pm, 1435, 14.35hrs, 8.43 am.

A time can sit in its own column or in the date cell ("12/03/2019 14:35"), so
this module offers both a reader for a whole cell (:func:`read_time`) and a
splitter that takes a time off the start or end of a date's text
(:func:`split_time`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from numbers import Real
from typing import Any

from .vocabulary import WORDS

# One clock reading. Groups: hour, minutes, am/pm, "hrs"; or HHMM; or a word.
_CLOCK = (
    r"(?:(?P<h{n}>\d{{1,2}})(?:[:.h](?P<m{n}>\d{{2}})(?::\d{{2}}(?:\.\d+)?)?)?"
    r"|(?P<hm{n}>\d{{3,4}}))"
    r"\s*(?P<ap{n}>[ap]m)?\s*(?P<hrs{n}>hrs?|hours|h)?"
    r"|(?P<word{n}>noon|midday|midnight|12 noon|12 midday)"
)
_RANGE_JOIN = r"\s*(?:-|to|until|till)\s*"
_WHOLE = re.compile(
    r"(?:"
    + _CLOCK.format(n=1)
    + r")(?:"
    + _RANGE_JOIN
    + r"(?:"
    + _CLOCK.format(n=2)
    + r"))?"
)
_AMPM = re.compile(r"\b([ap])\.\s?m\b\.?")
# Words before a time and time cells that say it is not known (dates.toml).
_APPROX_WORDS = WORDS.time_leading_re
_BLANK_TIMES = WORDS.blank_times

# A time inside a date cell. Strict forms cannot be part of a date (they have
# a colon, am/pm or "hrs"); lenient forms (14.35, 1435) are only tried when
# the text does not read as a date otherwise.
_STRICT_CLOCK = (
    r"(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]m)?(?:\s*(?:hrs?|hours))?"
    r"|\d{1,2}(?:[.:]\d{2})?\s*[ap]m(?:\s*(?:hrs?|hours))?"
    r"|\d{1,2}\.\d{2}\s*(?:hrs?|hours)|\d{3,4}\s*(?:hrs?|hours)"
    r"|(?:12\s*)?(?:noon|midday)|midnight)"
)
_LENIENT_CLOCK = r"(?:\d{1,2}\.\d{2}|\d{4})"
_ZONE = r"(?:\s*(?:z|utc|gmt|bst|[+]\d{2}:?\d{2}))?"


def _split_patterns(clock: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    pair = rf"(?P<t1>{clock})(?:{_RANGE_JOIN}(?P<t2>{clock}))?{_ZONE}"
    at_end = re.compile(
        rf"^(?P<rest>.*?)(?:^|[\s,(@t]|\bat)\s*(?:at\s+|@\s*)?\(?{pair}\)?$"
    )
    at_start = re.compile(rf"^\(?{pair}\)?(?:\s*[,-]\s*|\s+on\s+|\s+)(?P<rest>.+)$")
    return at_end, at_start


_STRICT_SPLIT = _split_patterns(_STRICT_CLOCK)
_LENIENT_SPLIT = _split_patterns(_LENIENT_CLOCK)


def _clock(hour: str | None, minute: str | None, ampm: str | None) -> str | None:
    """HH:MM from parts, or None when the parts are not a time of day."""
    if hour is None:
        return None
    h = int(hour)
    m = int(minute) if minute else 0
    if m > 59:
        return None
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm == "pm" else 0)
    elif h > 23:
        return None
    return f"{h:02d}:{m:02d}"


def _from_match(match: re.Match[str], n: int) -> str | None:
    word = match.group(f"word{n}")
    if word:
        return "00:00" if word == "midnight" else "12:00"
    hm = match.group(f"hm{n}")
    ampm = match.group(f"ap{n}")
    if hm:
        hour, minute = hm[:-2], hm[-2:]
    else:
        hour, minute = match.group(f"h{n}"), match.group(f"m{n}")
        # A lone hour ("14") is only a time with am/pm or "hrs" after it.
        if minute is None and not ampm and not match.group(f"hrs{n}"):
            return None
    return _clock(hour, minute, ampm)


def clean_time_text(text: str) -> str:
    """Lower case, one space, a.m./p.m. as am/pm, no question marks."""
    text = " ".join(text.lower().split())
    text = _AMPM.sub(r"\1m", text)
    return text.replace("?", "").strip()


@lru_cache(maxsize=16384)
def read_time_text(text: str) -> tuple[str | None, str | None, bool]:
    """(start, end, ok) for a time cell's text; end is set for "14:00-15:30"."""
    cleaned = clean_time_text(text)
    if cleaned in _BLANK_TIMES:
        return None, None, True
    cleaned = _APPROX_WORDS.sub("", cleaned).strip(" ~()")
    match = _WHOLE.fullmatch(cleaned)
    if not match:
        return None, None, False
    first = _from_match(match, 1)
    if first is None:
        return None, None, False
    second = None
    if match.group("h2") or match.group("hm2") or match.group("word2"):
        second = _from_match(match, 2)
        if second is None:
            return first, None, False
    return first, second, True


def _from_number(value: float) -> str | None:
    """A number in a time column: an Excel fraction of a day, or 14.35 / 1435."""
    if value < 0 or math.isnan(value):
        return None
    if value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
    if float(value).is_integer():
        number = int(value)
        return _clock(str(number // 100), f"{number % 100:02d}", None)
    if value < 24:
        # Typed as 14.35 and stored by Excel as a number.
        hour, minute = f"{value:.2f}".split(".")
        return _clock(hour, minute, None)
    fraction = value - math.floor(value)  # a date-time serial: keep its time
    return _from_number(fraction)


def read_time(value: Any) -> tuple[str | None, bool]:
    """Read a time cell as ``HH:MM`` (24-hour).

    Returns ``(time, ok)``: ``(None, True)`` for a blank or "N/K" cell,
    ``(None, False)`` for text that is not a time.

    Example:
        >>> read_time("2.35pm"), read_time("1435"), read_time("?10:00")
        (('14:35', True), ('14:35', True), ('10:00', True))
    """
    if value is None:
        return None, True
    if isinstance(value, dt.datetime):
        return f"{value.hour:02d}:{value.minute:02d}", True
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}", True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, Real):
        number = float(value)
        if math.isnan(number):
            return None, True
        result = _from_number(number)
        return result, result is not None
    start, _end, ok = read_time_text(str(value))
    return start, ok


def split_time(
    text: str, *, lenient: bool = False
) -> tuple[str, str, str | None] | None:
    """Take a time off the end (or start) of cleaned date text.

    Returns ``(rest, time, time_end)`` or None when no time is there. Strict
    mode only finds forms that cannot belong to a date (a colon, am/pm,
    "hrs"); lenient mode also finds 14.35 and 1435, for when the text does not
    read as a date with them.
    """
    patterns = _LENIENT_SPLIT if lenient else _STRICT_SPLIT
    for pattern in patterns:
        match = pattern.match(text)
        if not match:
            continue
        rest = match.group("rest").strip(" ,@-(")
        rest = re.sub(r"\s*\bat$", "", rest)
        if not rest:
            continue
        first, second, ok = read_time_text(match.group("t1"))
        if not ok or first is None:
            continue
        if match.group("t2"):
            second, _, ok2 = read_time_text(match.group("t2"))
            if not ok2:
                second = None
        return rest, first, second
    return None
