"""A date written over separate columns (Day | Month | Year), joined into one.

Some agencies' systems export the day, month and year of each entry in
columns of their own. Read one by one, the year alone looks like a date and
every entry would be dated by its year; joined, each row has its date. The
headings of each part are rules as data (``schemas/columns.toml``
``[date_parts]``); the cells must fit the part they are headed as, so a
"Day" column of weekdays is not taken for days of the month.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..normalise.dates.vocabulary import WORDS
from ..resources import load_toml
from .headers import normalise_heading

PARTS = ("day", "month", "year")
_DAY = re.compile(r"(\d{1,2})(?:\.0+)?(?:st|nd|rd|th)?", re.IGNORECASE)
_NUMBER = re.compile(r"(\d{1,4})(?:\.0+)?")


@cache
def _headings() -> dict[str, str]:
    """Normalised heading -> the date part it names."""
    table = load_toml("columns.toml").get("date_parts", {})
    return {normalise_heading(h): part for part in PARTS for h in table.get(part, [])}


def part_named(heading: str) -> str | None:
    """The date part a heading names ("Month" -> "month"), if any."""
    return _headings().get(normalise_heading(heading)) if heading else None


def day_of(text: str) -> int | None:
    m = _DAY.fullmatch(text.strip())
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None


def month_of(text: str) -> int | None:
    text = text.strip().rstrip(".").lower()
    if text in WORDS.months:
        return WORDS.months[text]
    m = _NUMBER.fullmatch(text)
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 12 else None


def year_of(text: str) -> int | None:
    m = _NUMBER.fullmatch(text.strip())
    if not m or len(m.group(1)) not in (2, 4):
        return None
    year = int(m.group(1))
    return year + 2000 if year < 100 else year


_READERS = {"day": day_of, "month": month_of, "year": year_of}


def fits(part: str, values: Sequence[str]) -> bool:
    """Every filled value reads as that part (at least one filled)."""
    filled = [v for v in values if v.strip()]
    return bool(filled) and all(_READERS[part](v) is not None for v in filled)


def join_date(day: str, month: str, year: str) -> str:
    """One row's parts as a date the date reader reads, day first, the
    month by name so that nothing is left to order ("4 March 2019"). A part
    that does not read is kept as written, so the date stage reports the
    cell rather than a guess; an empty row gives an empty date."""
    if not (day.strip() or month.strip() or year.strip()):
        return ""
    number = month_of(month)
    month_text = WORDS.month_names[number - 1] if number else month.strip()
    return " ".join(t for t in (day.strip(), month_text, year.strip()) if t)


def describe(headings: dict[str, str]) -> str:
    """Plain words for the mapping: which columns were joined."""
    names = [f"'{headings[p]}'" for p in PARTS if p in headings]
    joined = (
        names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    )
    return (
        f"The date of each entry was joined from the columns {joined} "
        "(its day, month and year written apart)."
    )
