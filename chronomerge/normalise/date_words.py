"""The words of UK date writing: months, weekdays, seasons, terms and the small
words around a date ("w/c", "mid", "prior to", "N/K").

Each word maps to a token kind used by :mod:`chronomerge.normalise.date_text`.
The intervals that seasons, terms and quarters denote follow the contract
(docs/contract.md) and are kept here so they are easy to check.
"""

from __future__ import annotations

import re

MONTH_NAMES: tuple[str, ...] = (
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

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTHS[_name.lower()] = _number
    MONTHS[_name[:3].lower()] = _number
MONTHS.update(
    {
        "sept": 9,
        "febuary": 2,
        "feburary": 2,
        "febraury": 2,
        "janurary": 1,
        "janaury": 1,
        "setember": 9,
        "septmber": 9,
        "ocotber": 10,
        "novemeber": 11,
        "decemeber": 12,
        "agust": 8,
    }
)

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "weds": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

# Seasons (meteorological, as the contract says): first and last month.
# Winter runs from December into February of the next year.
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}

# School terms: first and last month. The spring term ends at Easter, which
# moves; the contract approximates it as January to March.
TERMS: dict[str, tuple[int, int]] = {
    "autumn": (9, 12),
    "spring": (1, 3),
    "summer": (4, 7),
}
# Half terms ("Autumn 1", "Spring 2"), by whole months.
HALF_TERMS: dict[tuple[str, int], tuple[int, int]] = {
    ("autumn", 1): (9, 10),
    ("autumn", 2): (11, 12),
    ("spring", 1): (1, 2),
    ("spring", 2): (2, 3),
    ("summer", 1): (4, 5),
    ("summer", 2): (6, 7),
}

# early / mid / late: days 1-10, 11-20, 21-end of a month (the contract);
# the same thirds of a year are January-April, May-August, September-December.
MODIFIERS: dict[str, str] = {
    "early": "early",
    "beginning": "early",
    "begining": "early",
    "start": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "late",
}

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "last": 4,
}

# Token kinds for words. Anything not listed is an unknown word ("U").
WORD_KINDS: dict[str, str] = {
    **dict.fromkeys(SEASONS, "S"),
    "term": "T",
    "trm": "T",
    **dict.fromkeys(MODIFIERS, "E"),
    "q": "Q",
    "qtr": "Q",
    "quarter": "Q",
    **dict.fromkeys(ORDINAL_WORDS, "O"),
    "wkc": "K",  # week commencing (see WEEK_PHRASES)
    "wke": "L",  # week ending
    "academic": "R",
    "school": "R",
    "financial": "F",
    "fiscal": "F",
    "year": "y",
    "yr": "y",
}

# Words that carry no meaning for the interval.
FILLERS: frozenset[str] = frozenset(
    {
        "on",
        "in",
        "at",
        "during",
        "dated",
        "date",
        "born",
        "the",
        "of",
        "sometime",
        "some",
        "time",
        "around",
        "dob",
        "occurred",
        "approximate",
    }
)

# Markers of uncertainty (the contract: ?, approx, c., circa, around, about).
APPROX_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?:approx(?:imately)?|approx\.|circa|ca\.|c\.|c(?=\s)|"
    r"around|about|roughly|est\.|estimated|possibly|probably|unsure)"
    r"(?=$|[\s)\d])\.?"
    r"|~|\?"
)

# Cells that say the date is not known.
NOT_KNOWN: frozenset[str] = frozenset(
    {
        "n/k",
        "nk",
        "n.k.",
        "n.k",
        "n / k",
        "not known",
        "unknown",
        "unk",
        "date unknown",
        "date not known",
        "date n/k",
        "n/a",
        "na",
        "n.a.",
        "not applicable",
        "not recorded",
        "date not recorded",
        "not stated",
        "none",
        "no date",
        "tbc",
        "tba",
        "tbd",
        "-",
        "--",
        "---",
        "x",
        "nil",
        "various",
        "ongoing",
    }
)

# Prefixes that close a range at one end (longest first).
BEFORE_EXCLUSIVE: tuple[tuple[str, ...], ...] = (
    ("earlier", "than"),
    ("prior", "to"),
    ("before",),
    ("prior",),
    ("pre",),
)
BEFORE_INCLUSIVE: tuple[tuple[str, ...], ...] = (
    ("no", "later", "than"),
    ("on", "or", "before"),
    ("up", "to"),
    ("until",),
    ("till",),
    ("til",),
    ("by",),
)
AFTER_EXCLUSIVE: tuple[tuple[str, ...], ...] = (
    ("later", "than"),
    ("after",),
    ("post",),
    ("following",),
)
AFTER_INCLUSIVE: tuple[tuple[str, ...], ...] = (
    ("on", "or", "after"),
    ("since",),
)
ONWARDS: tuple[tuple[str, ...], ...] = (
    ("onwards",),
    ("onward",),
    ("and", "after"),
    ("or", "after"),
    ("or", "later"),
    ("and", "later"),
)
PRESENT: frozenset[str] = frozenset(
    {"present", "now", "date", "ongoing", "current", "today", "todate"}
)
RANGE_WORDS: frozenset[str] = frozenset(
    {"to", "until", "till", "til", "through", "thru", "and", "or", "&", ",", ";"}
)

# Phrases rewritten before reading: week commencing / ending, ordinals.
WEEK_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:w\s?/\s?c|w\.\s?c\.?|wc|w\s?/\s?b|wb|wk\s?/\s?c|wkc|"
            r"w(?:ee)?k\.?\s+(?:commencing|comm?\.?|beginning|beg\.?|starting|of))"
            r"(?=[\s\d:]|$)"
        ),
        " wkc ",
    ),
    (
        re.compile(r"\b(?:w\s?/\s?e|w\.\s?e\.?|w(?:ee)?k\.?\s+ending)(?=[\s\d:]|$)"),
        " wke ",
    ),
)
