"""Content checks on entries: each problem is an Issue with a stable code.

What is checked here: a missing or too-short description, a row repeated
word for word within one file, and identifying details in the text (NHS and
National Insurance numbers, phone numbers, email addresses, postcodes, dates
of birth, and names that are not the review's agreed names). Missing
columns and unreadable dates are reported by ingest and the date reader.

The thresholds and word lists are in schemas/validation.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from .catalogue import make_issue
from .identifiers import Finding, NameFinder, find_identifiers
from .model import EXTRA_PREFIX, Issue, text_of
from .resources import load_toml
from .review import ReviewSettings

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class _Where:
    source_file: str
    source_location: str
    source_row: int | None


@dataclass(frozen=True)
class DescriptionRules:
    """When a description is too short (schemas/validation.toml [description])."""

    min_words: int
    placeholders: frozenset[str]


@cache
def description_rules() -> DescriptionRules:
    spec = load_toml("validation.toml")["description"]
    return DescriptionRules(
        min_words=int(spec["min_words"]),
        placeholders=frozenset(p.lower() for p in spec["placeholders"]),
    )


def description_problem(text: str, rules: DescriptionRules | None = None) -> str | None:
    """The issue code for a description, or None when it is fine.

    Example:
        >>> description_problem("As above")
        'description-too-short'
    """
    rules = rules or description_rules()
    plain = " ".join(text.split())
    if not plain:
        return "description-missing"
    if plain.lower().rstrip(".") in rules.placeholders:
        return "description-too-short"
    if len(plain) >= 40 and plain.count(" ") >= rules.min_words:
        return None  # plainly long enough: spare the word count
    if len(_WORD.findall(plain)) < rules.min_words:
        return "description-too-short"
    return None


def validate_entries(entries: pd.DataFrame, review: ReviewSettings) -> list[Issue]:
    """Content checks on every entry (see the module docstring).

    Args:
        entries: ingested entries: ``description`` and the provenance
            columns; ``date_text`` (or ``date``), ``time``, ``outcome`` and
            other text columns when present.
        review: the review settings: agreed names (people's labels and
            aliases, ``allowed_names``) for the names check.

    Returns:
        Issues by file, sheet or table and row, each naming the column where
        it was found.
    """
    if entries.empty:
        return []
    places = list(_places(entries))
    issues: list[Issue] = []
    issues += check_descriptions(entries, places)
    issues += check_duplicates(entries, places)
    issues += check_identifiers(entries, review, places)
    # Stable sort: within a row, descriptions, repeats, then identifiers.
    return sorted(
        issues,
        key=lambda i: (
            i.source_file,
            i.source_location,
            i.source_row if i.source_row is not None else -1,
        ),
    )


def _texts(entries: pd.DataFrame, column: str) -> list[str]:
    """A column as text, "" for blanks (vectorised: called on every column)."""
    if column not in entries.columns:
        return [""] * len(entries)
    series = entries[column]
    blank = series.isna()
    return series.astype(str).where(~blank, "").tolist()


def _places(entries: pd.DataFrame) -> Iterator[_Where]:
    files = _texts(entries, "source_file")
    locations = _texts(entries, "source_location")
    rows = (
        entries["source_row"].tolist()
        if "source_row" in entries.columns
        else [None] * len(entries)
    )
    for file, location, row in zip(files, locations, rows, strict=True):
        yield _Where(file, location, None if text_of(row) == "" else int(row))


def _issue(code: str, where: _Where, column: str, value: str, **context: Any) -> Issue:
    return make_issue(
        code,
        source_file=where.source_file,
        source_location=where.source_location,
        source_row=where.source_row,
        column=column,
        value=value,
        **context,
    )


def check_descriptions(entries: pd.DataFrame, places: list[_Where]) -> list[Issue]:
    """description-missing and description-too-short."""
    if "description" not in entries.columns:
        return []  # ingest reports the missing column once, not per row
    rules = description_rules()
    issues = []
    seen: dict[str, str | None] = {}
    for text, where in zip(_texts(entries, "description"), places, strict=True):
        code = seen.get(text, "")
        if code == "":
            code = seen[text] = description_problem(text, rules)
        if code:
            issues.append(_issue(code, where, "description", text.strip()))
    return issues


def check_duplicates(entries: pd.DataFrame, places: list[_Where]) -> list[Issue]:
    """row-duplicate: the same date, time and description twice in one file.

    The later copy is reported and its message names the first.
    """
    if "description" not in entries.columns:
        return []
    date_column = "date_text" if "date_text" in entries.columns else "date"
    files = _texts(entries, "source_path") if "source_path" in entries else None
    keys = zip(
        files or [w.source_file for w in places],
        _texts(entries, date_column),
        _texts(entries, "time"),
        _texts(entries, "description"),
        strict=True,
    )
    first_seen: dict[tuple[str, str, str, str], _Where] = {}
    issues = []
    for (file, date, time, description), where in zip(keys, places, strict=True):
        text = " ".join(description.split())
        if not text:
            continue
        key = (file, " ".join(date.split()), time.strip(), text)
        first = first_seen.setdefault(key, where)
        if first is where:
            continue
        detail = str(first.source_row)
        if first.source_location != where.source_location and first.source_location:
            detail += f" ({first.source_location})"
        issues.append(
            _issue("row-duplicate", where, "description", text, detail=detail)
        )
    return issues


def identifier_columns(entries: pd.DataFrame) -> tuple[list[str], set[str]]:
    """The columns searched for identifiers, and those also searched for names."""
    spec = load_toml("validation.toml")["identifiers"]
    extra = [c for c in entries.columns if str(c).startswith(EXTRA_PREFIX)]
    columns = [c for c in spec["columns"] if c in entries.columns] + extra
    names = {c for c in spec["name_columns"] if c in entries.columns} | set(extra)
    return columns, names


def agreed_names(review: ReviewSettings) -> list[str]:
    """Every name the text may use: people's labels and aliases, the subject,
    the allowed names and the agencies' names."""
    names = [review.review.subject, *review.allowed_names]
    for person in review.people:
        names += [person.label, *person.aliases]
    for agency in review.agencies:
        names += [agency.name, *agency.aliases]
    return [n for n in names if n and n.strip()]


def _labels_detail(review: ReviewSettings) -> str:
    """The agreed names to quote in a message: labels only (never aliases,
    which are the real names being kept out of the chronology)."""
    labels = list(dict.fromkeys(p.label for p in review.people))
    if not labels:
        return "none are listed in the review file yet"
    shown = ", ".join(labels[:8])
    more = len(labels) - 8
    return shown + (f" and {more} more" if more > 0 else "")


def check_identifiers(
    entries: pd.DataFrame, review: ReviewSettings, places: list[_Where]
) -> list[Issue]:
    """possible-nhs-number, -ni-number, -phone-number, -email, -postcode,
    -date-of-birth and -name, in each text column where they are found."""
    columns, name_columns = identifier_columns(entries)
    finder = NameFinder(agreed_names(review))
    detail = _labels_detail(review)
    cache: dict[tuple[str, bool], list[Finding]] = {}
    issues = []
    for column in columns:
        with_names = column in name_columns
        for text, where in zip(_texts(entries, column), places, strict=True):
            if not text.strip():
                continue
            key = (text, with_names)
            found = cache.get(key)
            if found is None:
                found = cache[key] = find_identifiers(
                    text, finder if with_names else None
                )
            for finding in found:
                issues.append(
                    _issue(finding.code, where, column, finding.value, detail=detail)
                )
    return issues
