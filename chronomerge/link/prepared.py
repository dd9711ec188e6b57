"""Entries as arrays the linker works on: day numbers, times in minutes,
normalised texts and what each text names. Built once per run.

Sets (the agencies a text names, the people it names, an entry's secondary
types) are held as bit masks over a small vocabulary, and each distinct text's
words as a sparse row, so that comparing a million pairs stays in numpy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .text import TextRules, stem

_EPOCH = np.datetime64("1970-01-01", "D")
_BITS = 63  # a mask holds at most this many names; more are left out of it


@dataclass(frozen=True)
class Words:
    """Each distinct normalised text's words, as a sparse row of word ids.

    Attributes:
        row: the distinct text each entry has (index into ``ptr``).
        ptr, ids: row r's word ids are ``ids[ptr[r]:ptr[r + 1]]``, sorted.
        idf: per word id, how rare the word is among these entries (log
            inverse document frequency): a shared 'fracture' counts for more
            than a shared 'seen'.
        total: per row, the sum of its words' idf.
        vocab: word id -> word (stemmed); ``surface``: stem -> word as written.
    """

    row: np.ndarray
    ptr: np.ndarray
    ids: np.ndarray
    idf: np.ndarray
    total: np.ndarray
    vocab: list[str]
    surface: dict[str, str]

    def of(self, k: int) -> np.ndarray:
        r = self.row[k]
        return self.ids[self.ptr[r] : self.ptr[r + 1]]

    def overlap(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """IDF-weighted Jaccard (0-100) of each pair's word sets, vectorised.

        Each distinct pair of texts is measured once: agencies repeat stock
        phrases, and the words of every pair are laid out side by side.
        """
        rows = max(len(self.ptr) - 1, 1)
        key = self.row[left] * np.int64(rows) + self.row[right]
        key, inverse = np.unique(key, return_inverse=True)
        return self._overlap(key // rows, key % rows)[inverse.reshape(-1)]

    def _overlap(self, ra: np.ndarray, rb: np.ndarray) -> np.ndarray:
        lens = self.ptr[ra + 1] - self.ptr[ra]
        total = int(lens.sum())
        pair = np.repeat(np.arange(len(ra)), lens)
        offsets = np.cumsum(lens) - lens
        word = self.ids[
            np.repeat(self.ptr[ra], lens) + np.arange(total) - np.repeat(offsets, lens)
        ]
        size = max(len(self.vocab), 1)
        # (row, word) keys of every row, ascending because rows and ids are.
        owner = np.repeat(np.arange(len(self.ptr) - 1), np.diff(self.ptr))
        keys = owner.astype(np.int64) * size + self.ids
        wanted = rb[pair].astype(np.int64) * size + word
        at = np.searchsorted(keys, wanted)
        found = keys[np.minimum(at, len(keys) - 1)] == wanted if len(keys) else at < 0
        shared = np.bincount(
            pair[found], weights=self.idf[word[found]], minlength=len(ra)
        )
        union = self.total[ra] + self.total[rb] - shared
        return np.where(union > 0, 100.0 * shared / np.maximum(union, 1e-12), 0.0)


@dataclass(frozen=True)
class Masks:
    """Sets of names per entry as bit masks: ``mask[k]`` has bit ``code[name]``."""

    mask: np.ndarray
    code: dict[str, int]

    def names(self, k: int) -> list[str]:
        bits = int(self.mask[k])
        return [n for n, c in self.code.items() if bits >> c & 1] if bits else []

    def bit(self, name: str) -> int:
        """The mask bit of a name (0 when the name is not in the vocabulary)."""
        c = self.code.get(name)
        return 0 if c is None else 1 << c


@dataclass(frozen=True)
class EntryArrays:
    """One row per entry, in the input's order (position ``k``).

    Attributes:
        ids: entry ids; ``rank``: their sorted order (ties broken by id);
            ``by_rank``: the position of each rank.
        agency: agency code (see _agency_units): equal codes, one agency.
        file: source file code.
        agency_name, kind: the agency as written, and its kind key.
        start, end: first and last day as day numbers; ``dated`` says which
            entries have a date at all.
        is_day: the date is one day (an exact date).
        approximate: the writer marked the date uncertain.
        minutes: time of day in minutes, NaN when none.
        event_type: the taxonomy code; ``type_code`` its number (-1: none),
            ``types`` the numbering; ``secondary``: the other codes as a mask.
        content: normalised description (for similarity scoring); ``words``.
        named: agency kinds each text names (mask over kinds); ``kind_bit``:
            each entry's own kind's bit; ``joint``: the text says "joint";
            ``passed_on``: it records sending (bit 1: 'referral to') or
            receiving (bit 2: 'referral from'); ``passed_with``: the agency
            kinds named next to those words (a mask over ``named``'s kinds).
        people: people each text names (mask); ``subject``: the child's token.
        date_text: the date as written (for reasons).
        interval_count: entries of the same agency with the same first and
            last day (how many share an imprecise date like 'March 2019').
        refers: the text of an exact-day entry refers to an earlier day
            ('last night'); ``refer_first``, ``refer_last``: the days it may
            refer to (day numbers); ``refer_words``: the words that say so.
        meetings: meeting types each entry is or its text names (mask over
            schemas/linking.toml [meeting_terms]).
    """

    ids: np.ndarray
    rank: np.ndarray
    by_rank: np.ndarray
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
    type_code: np.ndarray
    types: dict[str, int]
    secondary: Masks
    content: np.ndarray
    words: Words
    named: Masks
    kind_bit: np.ndarray
    joint: np.ndarray
    people: Masks
    date_text: np.ndarray
    interval_count: np.ndarray = field(default_factory=lambda: np.zeros(0))
    passed_on: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    passed_with: np.ndarray = field(
        default_factory=lambda: np.zeros(0, dtype=np.uint64)
    )
    subject: str = ""
    person_labels: dict[str, str] = field(default_factory=dict)
    refers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    refer_first: np.ndarray = field(default_factory=lambda: np.zeros(0))
    refer_last: np.ndarray = field(default_factory=lambda: np.zeros(0))
    refer_words: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    meetings: Masks = field(
        default_factory=lambda: Masks(np.zeros(0, dtype=np.uint64), {})
    )

    @property
    def n(self) -> int:
        return len(self.ids)


def _text_column(entries: pd.DataFrame, name: str) -> np.ndarray:
    """A column as clean strings ('' for missing), whatever its dtype."""
    if name not in entries.columns:
        return np.full(len(entries), "", dtype=object)
    col = entries[name]
    values = col.astype(object).where(col.notna(), "").to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return values
    return np.array(
        [v if type(v) is str else str(v) for v in values.tolist()], dtype=object
    )


def _unique_map(values: np.ndarray, func: Callable[[Any], Any]) -> list[Any]:
    """``func`` applied once per distinct value, spread back to every row."""
    codes, uniques = pd.factorize(values)
    results = [func(v) for v in uniques.tolist()]
    return [results[c] for c in codes.tolist()]


def _days(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO dates as day numbers; ``ok`` marks the readable ones."""
    parsed = pd.to_datetime(
        pd.Series(values, dtype=object).replace("", None),
        errors="coerce",
        format="ISO8601",
    )
    ok = parsed.notna().to_numpy()
    days = np.zeros(len(values), dtype=np.int64)
    if ok.any():
        stamps = parsed[ok].to_numpy().astype("datetime64[D]")
        days[ok] = (stamps - _EPOCH).astype(np.int64)
    return days, ok


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})")


def _minutes(text: str) -> float:
    match = _TIME.match(text) if text else None
    if match is None:
        return math.nan
    return float(int(match.group(1)) * 60 + int(match.group(2)))


def _masks(sets: list[frozenset[str]], vocabulary: Iterable[str] = ()) -> Masks:
    """Bit masks of name sets; names past the 63rd are left out of the masks."""
    names = sorted(set(vocabulary) | {n for s in set(sets) for n in s})
    code = {n: i for i, n in enumerate(names[:_BITS])}
    cache: dict[frozenset[str], int] = {}
    out = np.zeros(len(sets), dtype=np.uint64)
    for k, names_k in enumerate(sets):
        bits = cache.get(names_k)
        if bits is None:
            bits = 0
            for n in names_k:
                if n in code:
                    bits |= 1 << code[n]
            cache[names_k] = bits
        out[k] = bits
    return Masks(mask=out, code=code)


def _agency_units(
    agency: np.ndarray, files: np.ndarray, kinds: np.ndarray
) -> np.ndarray:
    """One code per agency.

    Rows with one agency name are one agency; so are the rows of one file of
    one kind of agency, whatever team each row names ('CPN', 'Care
    coordinator'); a row of no known kind counts as its file's usual kind. A
    composite file whose rows are police and social care stays two agencies.
    """
    frame = pd.DataFrame({"a": agency, "f": files, "k": kinds})
    rows = frame.groupby(["a", "f", "k"], sort=True).ngroup().to_numpy()
    combos = frame.drop_duplicates().sort_values(["a", "f", "k"]).to_numpy()
    counts = frame[(frame.f != "") & (frame.k != "")].value_counts(["f", "k"])
    usual: dict[str, str] = {}
    for (file, kind), _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        usual.setdefault(file, kind)

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for name, file, kind in combos.tolist():
        a = find("a:" + name.casefold())
        if file:
            u = find(f"u:{file}\x1f{kind or usual.get(file, '')}")
            if a != u:
                parent[max(a, u)] = min(a, u)
    roots = [find("a:" + name.casefold()) for name, _f, _k in combos.tolist()]
    ranks = {r: i for i, r in enumerate(sorted(set(roots)))}
    per_combo = np.array([ranks[r] for r in roots], dtype=np.int64)
    return per_combo[rows]


def _words(content: np.ndarray, expanded: dict[str, str]) -> Words:
    row, uniques = pd.factorize(content)
    bags = [sorted(set(text.split())) for text in uniques.tolist()]
    vocab = sorted({w for bag in bags for w in bag})
    index = {w: i for i, w in enumerate(vocab)}
    lens = np.array([len(bag) for bag in bags], dtype=np.int64)
    ptr = np.zeros(len(bags) + 1, dtype=np.int64)
    np.cumsum(lens, out=ptr[1:])
    ids = np.fromiter(
        (index[w] for bag in bags for w in bag), dtype=np.int64, count=int(lens.sum())
    )
    # Document frequency counts entries, not distinct texts.
    per_row = np.bincount(row, minlength=len(bags))
    df = np.bincount(ids, weights=np.repeat(per_row, lens), minlength=len(vocab))
    idf = np.log((1.0 + len(content)) / (1.0 + df)) + 1.0
    total = np.bincount(
        np.repeat(np.arange(len(bags)), lens), weights=idf[ids], minlength=len(bags)
    )
    # Each stem as written: the first of its words in sorted order.
    written: set[str] = set()
    for text in expanded.values():
        written.update(text.split())
    surface: dict[str, str] = {}
    for token in sorted(written):
        root = stem(token)
        if root in index and root not in surface:
            surface[root] = token
    return Words(
        row=row.astype(np.int64),
        ptr=ptr,
        ids=ids,
        idf=idf,
        total=total,
        vocab=vocab,
        surface=surface,
    )


def entry_arrays(
    entries: pd.DataFrame, rules: TextRules, kinds: Iterable[str] = ()
) -> EntryArrays:
    """Arrays for linking, from normalised entries (see link_entries).

    Args:
        entries: the normalised entries.
        rules: the text rules (abbreviations, pseudonyms, names of agencies).
        kinds: agency kinds to number first (schemas/agencies.toml), so masks
            are the same whatever the entries hold.
    """
    ids = _text_column(entries, "entry_id")
    agency = _text_column(entries, "agency")
    files = _text_column(entries, "source_file")
    kind = _text_column(entries, "agency_kind")
    dates = _dates(entries)
    # Each distinct text is normalised once: agencies repeat stock phrases.
    description = _text_column(entries, "description")
    expanded = {t: rules.expand(t) for t in pd.unique(description).tolist()}
    content = np.array(
        _unique_map(description, lambda t: rules.content(expanded[t])), dtype=object
    )
    named = _names(entries, description, expanded, rules, kinds, kind)
    types = _types(entries)
    units = _agency_units(agency, files, kind)
    rank, order = _ranks(ids)
    refer = _refers(description, expanded, rules, dates)
    return EntryArrays(
        ids=ids,
        rank=rank,
        by_rank=order,
        agency=units,
        file=pd.factorize(files, sort=True)[0].astype(np.int64),
        agency_name=agency,
        kind=kind,
        start=dates.start,
        end=dates.end,
        dated=dates.dated,
        is_day=dates.is_day,
        approximate=np.array(
            _unique_map(
                _text_column(entries, "date_approximate"),
                lambda t: t.strip().lower() in ("true", "1", "yes", "y", "t"),
            ),
            dtype=bool,
        ),
        minutes=np.array(
            _unique_map(_text_column(entries, "time"), _minutes), dtype=float
        ),
        event_type=types.event_type,
        type_code=types.type_code,
        types=types.secondary.code,
        secondary=types.secondary,
        content=content,
        words=_words(content, expanded),
        named=named.agencies,
        kind_bit=named.kind_bit,
        joint=named.joint,
        people=named.people,
        date_text=_text_column(entries, "date_text"),
        interval_count=_interval_count(units, dates.start, dates.end),
        passed_on=named.passed_on,
        passed_with=named.passed_with,
        subject=rules.subject,
        person_labels=dict(rules.person_labels),
        refers=refer.refers,
        refer_first=refer.first,
        refer_last=refer.last,
        refer_words=refer.words,
        meetings=_meetings(description, expanded, rules, types.event_type),
    )


class _Refers(NamedTuple):
    """The earlier days exact-day entries refer to (see EntryArrays)."""

    refers: np.ndarray
    first: np.ndarray
    last: np.ndarray
    words: np.ndarray


def _refers(
    description: np.ndarray,
    expanded: dict[str, str],
    rules: TextRules,
    dates: _Dates,
) -> _Refers:
    """Which exact-day entries refer to an earlier day in words, and which
    days: a next-morning 'police attended last night' names the day before."""
    back = _unique_map(description, lambda t: rules.days_back(expanded[t]))
    lo = np.array([b[0] for b in back], dtype=np.int64)
    hi = np.array([b[1] for b in back], dtype=np.int64)
    words = np.array([b[2] for b in back], dtype=object)
    _dated_back(description, dates, rules.dated_back, lo, hi, words)
    refers = dates.is_day & (words != "") & (hi > 0)
    return _Refers(
        refers=refers,
        first=np.where(refers, dates.start - hi, dates.start),
        last=np.where(refers, dates.start - lo, dates.start),
        words=np.where(refers, words, ""),
    )


_DAY_MONTH = re.compile(
    r"(?<![0-9])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![0-9]|[/.][0-9])"
)


def _dated_back(
    description: np.ndarray,
    dates: _Dates,
    rule: tuple[frozenset[str], int],
    lo: np.ndarray,
    hi: np.ndarray,
    words: np.ndarray,
) -> None:
    """Exact earlier days a text names by date ('DA incident at home on
    20/05'), set in place where no words said otherwise: day first, the
    year the entry's own when not given (the year before if that is later
    than the entry), at most ``rule[1]`` days back, after one of
    ``rule[0]``'s words."""
    before, most = rule
    if most <= 0 or not before:
        return

    def named(text: str) -> list[re.Match[str]]:
        """The day-month dates of a text written after one of the words."""
        return [
            m
            for m in _DAY_MONTH.finditer(text)
            if (ahead := text[: m.start()].split()) and ahead[-1].lower() in before
        ]

    found = _unique_map(description, named)
    for k in np.flatnonzero(dates.is_day & (words == "")).tolist():
        if not found[k]:
            continue
        own = _EPOCH + np.timedelta64(int(dates.start[k]), "D")
        year = int(str(own)[:4])
        for m in found[k]:
            day = _day_of(int(m.group(1)), int(m.group(2)), m.group(3), year)
            if day is not None and day > own and m.group(3) is None:
                day = _day_of(int(m.group(1)), int(m.group(2)), None, year - 1)
            gap = int((own - day).astype(int)) if day is not None else 0
            if 1 <= gap <= most:
                lo[k] = hi[k] = gap
                words[k] = m.group(0)
                break


def _day_of(day: int, month: int, year_text: str | None, year: int) -> Any:
    """The day as numpy's date, or None when it is no date."""
    if year_text is not None:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        return np.datetime64(f"{year:04d}-{month:02d}-{day:02d}", "D")
    except ValueError:
        return None


def _meetings(
    description: np.ndarray,
    expanded: dict[str, str],
    rules: TextRules,
    event_type: np.ndarray,
) -> Masks:
    """The meeting types each entry is (its type) or its text names."""
    kinds = sorted(set(rules.meeting_terms.values()))
    named = _unique_map(description, lambda t: rules.meetings_named(expanded[t]))
    own = _unique_map(
        event_type, lambda t: frozenset([t]) if t in kinds else frozenset()
    )
    return _masks([a | b for a, b in zip(named, own, strict=True)], kinds)


class _Dates(NamedTuple):
    """Each entry's first and last day (day numbers) and what kind of date."""

    start: np.ndarray
    end: np.ndarray
    dated: np.ndarray
    is_day: np.ndarray


def _dates(entries: pd.DataFrame) -> _Dates:
    """Day numbers of the dates; a missing or earlier end counts as the start.

    An entry is dated when its first day reads and its last is not before it,
    and is one day when both are the same and the precision is known.
    """
    start, ok_start = _days(_text_column(entries, "date_start"))
    end, ok_end = _days(_text_column(entries, "date_end"))
    end = np.where(ok_end, end, start)
    dated = ok_start & (end >= start)
    precision = _text_column(entries, "date_precision")
    known = np.array(_unique_map(precision, lambda p: p.lower() != "unknown"))
    is_day = dated & (start == end) & known.astype(bool)
    return _Dates(start=start, end=end, dated=dated, is_day=is_day)


class _Named(NamedTuple):
    """What each entry's texts name, as masks (see EntryArrays)."""

    agencies: Masks
    kind_bit: np.ndarray
    joint: np.ndarray
    people: Masks
    passed_on: np.ndarray
    passed_with: np.ndarray


def _names(
    entries: pd.DataFrame,
    description: np.ndarray,
    expanded: dict[str, str],
    rules: TextRules,
    kinds: Iterable[str],
    kind: np.ndarray,
) -> _Named:
    """The agencies and people an entry names, and whether it says 'joint'.

    Read from the description and from the outcome, practitioner and person
    together, since any of them may name the other agency; each distinct text
    is read once.
    """

    def facts(
        text: str,
    ) -> tuple[frozenset[str], bool, frozenset[str], int, frozenset[str]]:
        return (
            rules.agencies_named(text),
            rules.says_joint(text),
            rules.people_named(text),
            rules.says_sent(text) + 2 * rules.says_received(text),
            rules.passed_with(text),
        )

    described = _unique_map(description, lambda t: facts(expanded[t]))
    extra = (
        pd.Series(_text_column(entries, "outcome"), dtype=object)
        + " "
        + _text_column(entries, "practitioner")
        + " "
        + _text_column(entries, "person")
    ).to_numpy(dtype=object)
    extras = _unique_map(extra, lambda t: facts(rules.expand(t)))
    both = list(zip(described, extras, strict=True))
    named = _masks([d[0] | x[0] for d, x in both], kinds)
    return _Named(
        agencies=named,
        kind_bit=np.array(_unique_map(kind, named.bit), dtype=np.uint64),
        joint=np.array([d[1] or x[1] for d, x in both], dtype=bool),
        people=_masks([d[2] | x[2] for d, x in both]),
        passed_on=np.array([d[3] | x[3] for d, x in both], dtype=np.int8),
        passed_with=_bits_of([d[4] | x[4] for d, x in both], named),
    )


def _bits_of(sets: list[frozenset[str]], masks: Masks) -> np.ndarray:
    """Name sets as bits of an existing mask numbering (names it lacks: none)."""
    cache: dict[frozenset[str], int] = {}
    out = np.zeros(len(sets), dtype=np.uint64)
    for k, names in enumerate(sets):
        bits = cache.get(names)
        if bits is None:
            bits = cache[names] = sum(masks.bit(n) for n in names)
        out[k] = bits
    return out


class _Types(NamedTuple):
    """Each entry's event type, its number, and its other types as a mask."""

    event_type: np.ndarray
    type_code: np.ndarray
    secondary: Masks


def _types(entries: pd.DataFrame) -> _Types:
    """Event types numbered by the mask of secondary types, so that an entry's
    type and another's secondary types compare as bits (-1: no type)."""
    event_type = _text_column(entries, "event_type")
    secondary_sets = _unique_map(
        _text_column(entries, "secondary_types"),
        lambda text: frozenset(s for s in (p.strip() for p in text.split(";")) if s),
    )
    secondary = _masks(secondary_sets, set(event_type.tolist()) - {""})
    codes = secondary.code
    type_code = np.array(
        _unique_map(event_type, lambda t: codes.get(t, -1)), dtype=np.int64
    )
    return _Types(event_type=event_type, type_code=type_code, secondary=secondary)


def _ranks(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each entry's place in entry-id order (ties by position), and the
    position of each place: what makes results independent of input order."""
    order = np.lexsort((np.arange(len(ids)), pd.factorize(ids, sort=True)[0]))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank, order


def _interval_count(
    units: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Entries of the same agency with the same first and last day."""
    interval = pd.DataFrame({"a": units, "s": start, "e": end})
    count = interval.groupby(["a", "s", "e"])["a"].transform("size")
    return count.to_numpy(dtype=np.int64)
