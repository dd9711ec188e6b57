"""Entries as arrays the linker works on: day numbers, times in minutes,
normalised texts and what each text names. Built once per run.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .text import TextRules, stem

_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class Prepared:
    """One row per entry, in the input's order (position ``k``).

    Attributes:
        ids: entry ids.
        agency: agency code (see _agency_units): equal codes, one agency.
        file: source file code.
        agency_name, kind: the agency as written, and its kind key.
        start, end: first and last day as day numbers; ``dated`` says which
            entries have a date at all.
        is_day: the date is one day (an exact date).
        approximate: the writer marked the date uncertain.
        minutes: time of day in minutes, NaN when none.
        event_type: the taxonomy code; ``secondary``: the other codes.
        content: normalised description (for similarity scoring).
        words: each content's distinct words; ``idf``: how rare each word is
            among these entries (log inverse document frequency), so a
            shared 'fracture' counts for more than a shared 'seen';
            ``surface``: a word as written, for reasons.
        named_kinds: agency kinds each text names; ``joint``: says "joint".
        people: person tokens each text names; ``subject``: the child's token.
        date_text: the date as written (for reasons).
    """

    ids: np.ndarray
    agency: np.ndarray
    file: np.ndarray
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
    words: list[frozenset[str]]
    idf: dict[str, float]
    surface: dict[str, str]
    named_kinds: list[frozenset[str]]
    joint: np.ndarray
    people: list[frozenset[str]]
    date_text: np.ndarray
    raw_description: np.ndarray
    subject: str = ""
    person_labels: dict[str, str] | None = None

    @property
    def n(self) -> int:
        return len(self.ids)


def _text_column(entries: pd.DataFrame, name: str) -> np.ndarray:
    """A column as clean strings ('' for missing), whatever its dtype."""
    if name not in entries.columns:
        return np.full(len(entries), "", dtype=object)
    col = entries[name]
    values = col.astype(object).where(col.notna(), "").tolist()
    return np.array(
        [v.strip() if type(v) is str else str(v).strip() for v in values],
        dtype=object,
    )


def _days(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO dates as day numbers; ``ok`` marks the readable ones."""
    parsed = pd.to_datetime(
        pd.Series(values).replace("", None), errors="coerce", format="ISO8601"
    )
    ok = parsed.notna().to_numpy()
    days = np.zeros(len(values), dtype=np.int64)
    if ok.any():
        stamps = parsed[ok].to_numpy().astype("datetime64[D]")
        days[ok] = (stamps - _EPOCH).astype(np.int64)
    return days, ok


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})")


def _minutes(values: np.ndarray) -> np.ndarray:
    out = np.full(len(values), np.nan)
    for k, text in enumerate(values):
        if text:
            match = _TIME.match(text)
            if match:
                out[k] = int(match.group(1)) * 60 + int(match.group(2))
    return out


def _bools(entries: pd.DataFrame, name: str) -> np.ndarray:
    text = _text_column(entries, name)
    return np.array(
        [t.lower() in ("true", "1", "yes", "y", "t") for t in text], dtype=bool
    )


def _agency_units(
    agency: np.ndarray, files: np.ndarray, kinds: np.ndarray
) -> np.ndarray:
    """One code per agency.

    Rows with one agency name are one agency; so are the rows of one file of
    one kind of agency, whatever team each row names ('CPN', 'Care
    coordinator'); a row of no known kind counts as its file's usual kind. A
    composite file whose rows are police and social care stays two agencies.
    """
    rows = list(zip(agency.tolist(), files.tolist(), kinds.tolist(), strict=True))
    usual: dict[str, str] = {}
    counts: dict[tuple[str, str], int] = {}
    for _name, file, kind in rows:
        if file and kind:
            counts[(file, kind)] = counts.get((file, kind), 0) + 1
    for (file, kind), n in sorted(counts.items()):
        best = usual.get(file)
        if best is None or n > counts[(file, best)]:
            usual[file] = kind

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for name, file, kind in dict.fromkeys(rows):
        a = find("a:" + name.casefold())
        if file:
            u = find(f"u:{file}\x1f{kind or usual.get(file, '')}")
            if a != u:
                parent[max(a, u)] = min(a, u)
    ranks = {r: k for k, r in enumerate(sorted({find(x) for x in list(parent)}))}
    return np.array(
        [ranks[find("a:" + name.casefold())] for name, _f, _k in rows],
        dtype=np.int64,
    )


def _unique_map(values: np.ndarray, func) -> list:
    """``func`` applied once per distinct value, spread back to every row."""
    cache = {v: func(v) for v in dict.fromkeys(values.tolist())}
    return [cache[v] for v in values.tolist()]


def prepare(entries: pd.DataFrame, rules: TextRules) -> Prepared:
    """Arrays for linking, from normalised entries (see link_entries)."""
    ids = _text_column(entries, "entry_id")
    agency = _text_column(entries, "agency")
    files = _text_column(entries, "source_file")
    kind = _text_column(entries, "agency_kind")
    codes = _agency_units(agency, files, kind)
    file_codes = pd.factorize(files, sort=True)[0].astype(np.int64)
    start, ok_start = _days(_text_column(entries, "date_start"))
    end, ok_end = _days(_text_column(entries, "date_end"))
    end = np.where(ok_end, end, start)
    dated = ok_start & (end >= start)
    precision = _text_column(entries, "date_precision")
    known = np.array([p.lower() != "unknown" for p in precision], dtype=bool)
    is_day = dated & (start == end) & known

    # Each distinct text is normalised once: agencies repeat stock phrases.
    description = _text_column(entries, "description")
    expanded = {t: rules.expand(t) for t in dict.fromkeys(description.tolist())}
    content = np.array(
        _unique_map(description, lambda t: rules.content(expanded[t])), dtype=object
    )

    words = _unique_map(content, lambda c: frozenset(c.split()))
    counts: dict[str, int] = {}
    for bag in words:
        for word in bag:
            counts[word] = counts.get(word, 0) + 1
    idf = {w: math.log((1 + len(words)) / (1 + n)) + 1.0 for w, n in counts.items()}
    surface: dict[str, str] = {}
    for text in expanded.values():
        for token in text.split():
            root = stem(token)
            if root in counts and (root not in surface or token < surface[root]):
                surface[root] = token

    def facts(text: str) -> tuple[frozenset[str], bool, frozenset[str]]:
        return (
            rules.agencies_named(text),
            rules.says_joint(text),
            rules.people_named(text),
        )

    described = _unique_map(description, lambda t: facts(expanded[t]))
    extra = np.array(
        [
            " ".join(parts).strip()
            for parts in zip(
                _text_column(entries, "outcome"),
                _text_column(entries, "practitioner"),
                _text_column(entries, "person"),
                strict=True,
            )
        ],
        dtype=object,
    )
    extras = _unique_map(extra, lambda t: facts(rules.expand(t)))
    named = [d[0] | x[0] for d, x in zip(described, extras, strict=True)]
    joint = np.array(
        [d[1] or x[1] for d, x in zip(described, extras, strict=True)], dtype=bool
    )
    people = [d[2] | x[2] for d, x in zip(described, extras, strict=True)]

    secondary = _unique_map(
        _text_column(entries, "secondary_types"),
        lambda text: frozenset(s for s in (p.strip() for p in text.split(";")) if s),
    )
    return Prepared(
        ids=ids,
        agency=codes,
        file=file_codes,
        agency_name=agency,
        kind=kind,
        start=start,
        end=end,
        dated=dated,
        is_day=is_day,
        approximate=_bools(entries, "date_approximate"),
        minutes=_minutes(_text_column(entries, "time")),
        event_type=_text_column(entries, "event_type"),
        secondary=secondary,
        content=content,
        words=words,
        idf=idf,
        surface=surface,
        named_kinds=named,
        joint=joint,
        people=people,
        date_text=_text_column(entries, "date_text"),
        raw_description=description,
        subject=rules.subject,
        person_labels=rules.person_labels,
    )
