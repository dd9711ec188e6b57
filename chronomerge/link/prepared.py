"""Entries as arrays the linker works on: day numbers, times in minutes,
normalised texts and what each text names. Built once per run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .text import TextRules

_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class Prepared:
    """One row per entry, in the input's order (position ``k``).

    Attributes:
        ids: entry ids.
        agency: agency code (equal codes: one agency).
        agency_name, kind: the agency as written, and its kind key.
        start, end: first and last day as day numbers; ``dated`` says which
            entries have a date at all.
        is_day: the date is one day (an exact date).
        approximate: the writer marked the date uncertain.
        minutes: time of day in minutes, NaN when none.
        event_type: the taxonomy code; ``secondary``: the other codes.
        content: normalised description (for similarity scoring).
        named_kinds: agency kinds each text names; ``joint``: says "joint".
        people: person tokens each text names; ``subject``: the child's token.
        source_file, date_text: provenance and the date as written (reasons).
    """

    ids: np.ndarray
    agency: np.ndarray
    agency_name: np.ndarray
    kind: np.ndarray
    start: np.ndarray
    end: np.ndarray
    dated: np.ndarray
    is_day: np.ndarray
    approximate: np.ndarray
    minutes: np.ndarray
    event_type: np.ndarray
    secondary: list[frozenset[str]]
    content: np.ndarray
    named_kinds: list[frozenset[str]]
    joint: np.ndarray
    people: list[frozenset[str]]
    source_file: np.ndarray
    date_text: np.ndarray
    raw_description: np.ndarray
    subject: str = ""
    person_labels: dict[str, str] | None = None

    @property
    def n(self) -> int:
        return len(self.ids)


def _text_column(entries: pd.DataFrame, name: str) -> pd.Series:
    """A column as clean strings ('' for missing), whatever its dtype."""
    if name not in entries.columns:
        return pd.Series([""] * len(entries), index=entries.index, dtype=object)
    col = entries[name]
    return col.where(col.notna(), "").astype(str).str.strip()


def _days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    parsed = pd.to_datetime(
        values.where(values != ""), errors="coerce", format="ISO8601"
    )
    ok = parsed.notna().to_numpy()
    days = np.zeros(len(values), dtype=np.int64)
    if ok.any():
        stamps = parsed[ok].to_numpy().astype("datetime64[D]")
        days[ok] = (stamps - _EPOCH).astype(np.int64)
    return days, ok


def _minutes(values: pd.Series) -> np.ndarray:
    parts = values.str.extract(r"^(\d{1,2})[:.](\d{2})")
    hours = pd.to_numeric(parts[0], errors="coerce")
    mins = pd.to_numeric(parts[1], errors="coerce")
    return (hours * 60 + mins).to_numpy(dtype=float)


def _bools(entries: pd.DataFrame, name: str) -> np.ndarray:
    if name not in entries.columns:
        return np.zeros(len(entries), dtype=bool)
    col = entries[name]
    text = col.where(col.notna(), "").astype(str).str.strip().str.lower()
    return text.isin(["true", "1", "yes", "y", "t"]).to_numpy()


def prepare(entries: pd.DataFrame, rules: TextRules) -> Prepared:
    """Arrays for linking, from normalised entries (see link_entries)."""
    ids = _text_column(entries, "entry_id")
    agency = _text_column(entries, "agency")
    codes = pd.factorize(agency.str.casefold(), sort=True)[0].astype(np.int64)
    start, ok_start = _days(_text_column(entries, "date_start"))
    end, ok_end = _days(_text_column(entries, "date_end"))
    end = np.where(ok_end, end, start)
    dated = ok_start & (end >= start)
    precision = _text_column(entries, "date_precision").str.lower()
    is_day = dated & (start == end) & (precision != "unknown").to_numpy()

    description = _text_column(entries, "description")
    extra = (
        _text_column(entries, "outcome")
        + " "
        + _text_column(entries, "practitioner")
        + " "
        + _text_column(entries, "person")
    )
    # Each distinct text is normalised once: agencies repeat stock phrases.
    expanded = {t: rules.expand(t) for t in pd.unique(description)}
    expanded_extra = {t: rules.expand(t) for t in pd.unique(extra)}
    content_of = {t: rules.content(e) for t, e in expanded.items()}
    content = description.map(content_of).to_numpy(dtype=object)
    full = [
        expanded[d] + " " + expanded_extra[x]
        for d, x in zip(description, extra, strict=True)
    ]
    named_cache: dict[str, tuple[frozenset[str], bool, frozenset[str]]] = {}
    named, joint, people = [], [], []
    for text in full:
        hit = named_cache.get(text)
        if hit is None:
            hit = (
                rules.agencies_named(text),
                rules.says_joint(text),
                rules.people_named(text),
            )
            named_cache[text] = hit
        named.append(hit[0])
        joint.append(hit[1])
        people.append(hit[2])

    secondary = [
        frozenset(s for s in (p.strip() for p in text.split(";")) if s)
        for text in _text_column(entries, "secondary_types")
    ]
    return Prepared(
        ids=ids.to_numpy(dtype=object),
        agency=codes,
        agency_name=agency.to_numpy(dtype=object),
        kind=_text_column(entries, "agency_kind").to_numpy(dtype=object),
        start=start,
        end=end,
        dated=dated,
        is_day=is_day,
        approximate=_bools(entries, "date_approximate"),
        minutes=_minutes(_text_column(entries, "time")),
        event_type=_text_column(entries, "event_type").to_numpy(dtype=object),
        secondary=secondary,
        content=content,
        named_kinds=named,
        joint=np.array(joint, dtype=bool),
        people=people,
        source_file=_text_column(entries, "source_file").to_numpy(dtype=object),
        date_text=_text_column(entries, "date_text").to_numpy(dtype=object),
        raw_description=description.to_numpy(dtype=object),
        subject=rules.subject,
        person_labels=rules.person_labels,
    )
