"""The words of UK date writing: months, weekdays, seasons, terms and the small
words around a date ("w/c", "mid", "prior to", "N/K"), with the thresholds of
the date checks.

They are data, read once from ``schemas/dates.toml`` so a partnership can
adapt them without editing code; :func:`vocabulary` turns that data into the
tables and patterns the reader uses. Each word maps to a token kind used by
:mod:`chronomerge.normalise.dates.single`. Only the week commencing / ending
patterns stay here: they are patterns of marks ("w/c", "w.c.", "wk/c"), not
word lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...errors import ChronomergeError
from ...resources import load_toml

Phrases = tuple[tuple[str, ...], ...]
Span = tuple[int, int]


@dataclass(frozen=True)
class Vocabulary:
    """Everything ``dates.toml`` says, as the reader uses it."""

    month_names: tuple[str, ...]
    months: dict[str, int]
    weekdays: frozenset[str]
    seasons: dict[str, Span]
    terms: dict[str, Span]
    half_terms: dict[tuple[str, int], Span]
    parts: dict[str, str]
    part_days: dict[str, Span]
    part_months: dict[str, Span]
    quarter_ordinals: dict[str, int]
    academic_first_month: int
    financial_first_month: int
    min_year: int
    max_year: int
    far_years: int
    word_kinds: dict[str, str]
    fillers: frozenset[str]
    not_known: frozenset[str]
    approx_re: re.Pattern[str]
    fast_approx: str
    before_exclusive: Phrases
    before_inclusive: Phrases
    after_exclusive: Phrases
    after_inclusive: Phrases
    onwards: Phrases
    onwards_openers: frozenset[str]
    present: frozenset[str]
    range_words: frozenset[str]
    range_openers: frozenset[str]
    list_joins: frozenset[str]
    ordered_share: float
    min_ordered_rows: int
    time_leading_re: re.Pattern[str]
    blank_times: frozenset[str]


def _words(items: Iterable[str]) -> list[str]:
    return [" ".join(str(item).lower().split()) for item in items]


def _phrases(items: Iterable[str]) -> Phrases:
    """Phrases as word tuples, longest first (a longer phrase wins)."""
    found = [tuple(item.split()) for item in _words(items)]
    return tuple(sorted(found, key=len, reverse=True))


def _span(pair: Any) -> Span:
    first, last = (int(v) for v in pair)
    return first, last


def alternatives(items: Iterable[str]) -> str:
    """A regex alternation of literal texts, longest first, so "approx." is
    tried before "approx"."""
    ordered = sorted(set(items), key=lambda text: (-len(text), text))
    return "|".join(re.escape(text) for text in ordered)


def _check(data: dict[str, Any]) -> None:
    """Stop with plain words when an edited ``dates.toml`` cannot work."""
    problems: list[str] = []

    def months_in(where: str, pair: Any) -> None:
        if len(pair) != 2 or not all(1 <= int(m) <= 12 for m in pair):
            problems.append(f"{where} should be [first month, last month], 1 to 12")

    if len(data["months"]["names"]) != 12:
        problems.append("months.names should list the 12 months in order")
    for word, number in data["months"].get("other_spellings", {}).items():
        if not 1 <= int(number) <= 12:
            problems.append(f"months.other_spellings.{word} should be 1 to 12")
    for name, pair in data["seasons"].items():
        months_in(f"seasons.{name}", pair)
    school = data["school_terms"]
    for name, pair in school["spans"].items():
        months_in(f"school_terms.spans.{name}", pair)
        if name.lower() not in {k.lower() for k in data["seasons"]}:
            problems.append(f"school term '{name}' should also be a season word")
    for name, halves in school.get("half_terms", {}).items():
        for n, pair in enumerate(halves, start=1):
            months_in(f"school_terms.half_terms.{name} (half {n})", pair)
    parts = data["parts"]
    for name, pair in parts["months"].items():
        months_in(f"parts.months.{name}", pair)
    for name, (first, last) in parts["days"].items():
        if not 1 <= int(first) <= int(last):
            problems.append(f"parts.days.{name} should be [first day, last day]")
    for word, part in parts["words"].items():
        if part not in parts["days"] or part not in parts["months"]:
            problems.append(
                f"parts.words.{word} means '{part}', which parts.days and "
                "parts.months should both give"
            )
    years = data["years"]
    if not int(years["earliest"]) < int(years["latest"]):
        problems.append("years.earliest should come before years.latest")
    for kind in ("academic", "financial"):
        if not 1 <= int(years[kind]["first_month"]) <= 12:
            problems.append(f"years.{kind}.first_month should be 1 to 12")
    if not 0 < float(data["row_order"]["ordered_share"]) <= 1:
        problems.append("row_order.ordered_share should be above 0 and at most 1")
    if problems:
        raise ChronomergeError(
            "The date rules in dates.toml cannot be used: " + "; ".join(problems)
        )


def vocabulary(data: dict[str, Any]) -> Vocabulary:
    """Build the reader's tables from the parsed ``dates.toml``.

    Raises:
        ChronomergeError: when the data cannot work (a month 13, a part of
            the month with no days), saying what to change.
    """
    _check(data)
    month_names = tuple(str(n) for n in data["months"]["names"])
    seasons = {k.lower(): _span(v) for k, v in data["seasons"].items()}
    school = data["school_terms"]
    terms = {k.lower(): _span(v) for k, v in school["spans"].items()}
    half_terms = {
        (name.lower(), n): _span(pair)
        for name, halves in school.get("half_terms", {}).items()
        for n, pair in enumerate(halves, start=1)
    }
    parts = {k.lower(): str(v).lower() for k, v in data["parts"]["words"].items()}
    quarters = data["quarters"]
    ordinals = {k.lower(): int(v) for k, v in quarters["ordinals"].items()}
    years = data["years"]

    # Token kinds for words; a word in two lists takes the later kind.
    word_kinds: dict[str, str] = {
        **dict.fromkeys([*seasons, *terms], "S"),
        **dict.fromkeys(_words(school["words"]), "T"),
        **dict.fromkeys(parts, "E"),
        **dict.fromkeys(_words(quarters["words"]), "Q"),
        **dict.fromkeys(ordinals, "O"),
        "wkc": "K",  # week commencing (see WEEK_PHRASES)
        "wke": "L",  # week ending
        **dict.fromkeys(_words(years["academic"]["words"]), "R"),
        **dict.fromkeys(_words(years["financial"]["words"]), "F"),
        **dict.fromkeys(_words(years["words"]), "y"),
    }
    approx_re, fast_approx = _approximate_patterns(data["approximate"])
    ranges = data["ranges"]
    opened = ranges["open"]
    order = data["row_order"]
    times = data["times"]
    leading = alternatives(_words(times["leading_words"]))
    return Vocabulary(
        month_names=month_names,
        months=_months(month_names, data["months"].get("other_spellings", {})),
        weekdays=frozenset(_words(data["weekdays"]["words"])),
        seasons=seasons,
        terms=terms,
        half_terms=half_terms,
        parts=parts,
        part_days={k.lower(): _span(v) for k, v in data["parts"]["days"].items()},
        part_months={k.lower(): _span(v) for k, v in data["parts"]["months"].items()},
        quarter_ordinals=ordinals,
        academic_first_month=int(years["academic"]["first_month"]),
        financial_first_month=int(years["financial"]["first_month"]),
        min_year=int(years["earliest"]),
        max_year=int(years["latest"]),
        far_years=int(years["suspicious_distance"]),
        word_kinds=word_kinds,
        fillers=frozenset(_words(data["fillers"]["words"])),
        not_known=frozenset(_words(data["not_known"]["texts"])),
        approx_re=approx_re,
        fast_approx=fast_approx,
        before_exclusive=_phrases(opened["before"]),
        before_inclusive=_phrases(opened["up_to"]),
        after_exclusive=_phrases(opened["after"]),
        after_inclusive=_phrases(opened["since"]),
        onwards=_phrases(opened["onwards"]),
        onwards_openers=frozenset(_words(opened["onwards_openers"])),
        present=frozenset(_words(ranges["present"])),
        range_words=frozenset(_words(ranges["joins"])),
        range_openers=frozenset(_words(ranges["openers"])),
        list_joins=frozenset(_words(ranges["list_joins"])),
        ordered_share=float(order["ordered_share"]),
        min_ordered_rows=int(order["min_rows"]),
        time_leading_re=re.compile(f"^(?:{leading})\\s*" if leading else "(?!)"),
        blank_times=frozenset(["", *_words(times["not_known"])]),
    )


def _months(names: tuple[str, ...], other: dict[str, Any]) -> dict[str, int]:
    """Month number by its name, its first three letters and other spellings."""
    months: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        months[name.lower()] = number
        months[name[:3].lower()] = number
    for word, number in other.items():
        months[str(word).lower()] = int(number)
    return months


def _approximate_patterns(approx: dict[str, Any]) -> tuple[re.Pattern[str], str]:
    """The pattern of the words and marks that make a date approximate
    ("approx", "c.", "?"), and the same markers only at the start of a
    numeric date, for the reader's shortcut."""
    words = alternatives(_words(approx["words"]))
    spaced = alternatives(_words(approx.get("spaced_words", [])))
    marks = alternatives(approx.get("marks", []))
    standing = f"(?:{words})(?=$|[\\s)\\d])" if words else ""
    if spaced:
        standing = "|".join(filter(None, [standing, f"(?:{spaced})(?=\\s)"]))
    pieces = [f"(?:^|(?<=[\\s(]))(?:{standing})\\.?"] if standing else []
    pieces += [marks] if marks else []
    fast = [f"(?:{words})(?=[\\s\\d])"] if words else []
    fast += [f"(?:{spaced})(?=\\s)"] if spaced else []
    fast += [marks] if marks else []
    return re.compile("|".join(pieces) or "(?!)"), "|".join(fast) or "(?!)"


WORDS = vocabulary(load_toml("dates.toml"))

MONTH_NAMES = WORDS.month_names
MONTHS = WORDS.months
WEEKDAYS = WORDS.weekdays
SEASONS = WORDS.seasons
TERMS = WORDS.terms
HALF_TERMS = WORDS.half_terms
MODIFIERS = WORDS.parts
ORDINAL_WORDS = WORDS.quarter_ordinals
WORD_KINDS = WORDS.word_kinds
FILLERS = WORDS.fillers
NOT_KNOWN = WORDS.not_known
APPROX_RE = WORDS.approx_re
BEFORE_EXCLUSIVE = WORDS.before_exclusive
BEFORE_INCLUSIVE = WORDS.before_inclusive
AFTER_EXCLUSIVE = WORDS.after_exclusive
AFTER_INCLUSIVE = WORDS.after_inclusive
ONWARDS = WORDS.onwards
PRESENT = WORDS.present
RANGE_WORDS = WORDS.range_words
MIN_YEAR, MAX_YEAR = WORDS.min_year, WORDS.max_year

# Phrases rewritten before reading: week commencing / ending.
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
