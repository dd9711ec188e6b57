"""Columns found by what their cells hold, when the headings do not say.

Agencies head their columns in ways no synonym list foresees ("Incident
details", "Narrative of involvement", a blank heading). The cells say more
than the heading: dates read as dates, the entry's text is the longest free
text, and a type of contact is a short list of values used again and again
that name kinds of contact. So a table keeps its rows whatever its headings:

- :func:`choose_columns` maps a recognised header, then fills in from the
  cells the date, description and type columns no heading named (and keeps
  an empty column from winning over a full one);
- :func:`guess_header` reads a table whose header was not recognised: its
  first row of headings (or none, when that row is already data) and the
  columns chosen by their cells, provided one column holds dates.

Every choice made from the cells is said in plain words in
``Mapping.inferred``; a review file's ``columns`` mapping overrides it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..normalise.dates.cell import read_date
from ..normalise.events import read_type_column, vocabulary
from ..resources import load_toml
from . import date_parts
from .headers import (
    HEADER_WINDOW,
    ColumnChoice,
    HeaderChoice,
    Mapping,
    assign_columns,
    clean_heading,
    column_words,
    part_columns,
)

# Rows below the header whose cells are looked at (from the top: the same
# rows every run, so the same choice).
SAMPLE_ROWS = 200
# A column is a date column when this share of its filled cells read as dates.
DATE_SHARE = 0.6
# Free text: at least this many words and characters a cell on average (an
# entry's narrative; names, codes and short labels fall below).
TEXT_WORDS = 3.5
TEXT_CHARS = 30
# A short vocabulary: at most this many words a value, and values repeated
# (distinct values at most this share of the filled cells).
VOCABULARY_WORDS = 4.0
VOCABULARY_SHARE = 0.5
# A type column: this share of its filled cells name a kind of contact.
TYPE_SHARE = 0.6
# Cells longer than this are read for a date by their start only.
_DATE_CELL_CHARS = 100
_DATE_HEAD_CHARS = 60
_NOT_DATES = frozenset({"date-unreadable", "date-missing"})

_WORD = re.compile(r"[^\W\d_]{2,}")

Label = Callable[[int], str]


@dataclass(frozen=True)
class Profile:
    """What one column's cells hold."""

    rows: int  # data rows looked at
    filled: int  # cells with text
    dates: int  # cells that read as a date (words after it allowed)
    bare_dates: int  # cells that are only a date
    chars: int  # characters in all filled cells
    words: int  # words in all filled cells
    lettered: int  # cells with a word in them (not only numbers or codes)
    distinct: int  # distinct values
    values: tuple[str, ...]  # the distinct values, most used first (20 at most)
    counts: tuple[int, ...]  # how often each of those is used

    @property
    def date_share(self) -> float:
        return self.dates / self.filled if self.filled else 0.0

    @property
    def mean_words(self) -> float:
        return self.words / self.filled if self.filled else 0.0

    @property
    def is_dates(self) -> bool:
        return self.dates > 0 and self.date_share >= DATE_SHARE

    @property
    def is_vocabulary(self) -> bool:
        """A short list of values used again and again ("Home visit")."""
        return (
            self.filled >= 3
            and self.distinct <= max(2, VOCABULARY_SHARE * self.filled)
            and self.mean_words <= VOCABULARY_WORDS
            and not self.is_dates
        )

    @property
    def is_free_text(self) -> bool:
        return (
            self.filled > 0
            and self.mean_words >= TEXT_WORDS
            and self.chars >= TEXT_CHARS * self.filled
            and self.date_share < 0.5
            and not self.is_vocabulary
        )


@lru_cache(maxsize=65536)
def date_cell(text: str) -> tuple[bool, bool]:
    """(reads as a date, is only a date) for one cell's text; a long cell by
    its start ("12/01/2019 - Mother attended A&E with ...")."""
    if not any(c.isdigit() for c in text[:48]):
        return False, False
    if len(text) > _DATE_CELL_CHARS:
        text = text[:_DATE_HEAD_CHARS]
    reading = read_date(text)
    if reading.problem in _NOT_DATES:
        return False, False
    if reading.problem == "date-year-suspicious" and text.strip().isdigit():
        return False, False  # a bare number ("000", "1234") is no year to go by
    return True, not reading.words


def profile_columns(rows: Sequence[Sequence[str]], width: int) -> list[Profile]:
    """A :class:`Profile` of each of ``width`` columns of data rows (cell text)."""
    data = [r for r in rows[:SAMPLE_ROWS] if any(c.strip() for c in r)]
    profiles: list[Profile] = []
    for j in range(width):
        cells = [r[j].strip() for r in data if j < len(r) and r[j].strip()]
        counts: dict[str, int] = {}
        dates = bare = chars = words = lettered = 0
        for cell in cells:
            counts[cell] = counts.get(cell, 0) + 1
            chars += len(cell)
            words += len(cell.split())
            lettered += _WORD.search(cell) is not None
            is_date, only = date_cell(cell)
            dates += is_date
            bare += only
        common = sorted(counts, key=lambda v: (-counts[v], v))[:20]
        profiles.append(
            Profile(
                rows=len(data),
                filled=len(cells),
                dates=dates,
                bare_dates=bare,
                chars=chars,
                words=words,
                lettered=lettered,
                distinct=len(counts),
                values=(*common,),
                counts=tuple(counts[v] for v in common),
            )
        )
    return profiles


def choose_columns(
    headings: Sequence[str],
    overrides: dict[str, str] | None,
    rows: Sequence[Sequence[str]],
    label: Label | None = None,
    *,
    guessed: bool = False,
) -> Mapping:
    """The mapping of a table's columns from its headings and its cells.

    Args:
        headings: the header's headings, in column order.
        overrides: the review file's ``columns`` for this file (they win).
        rows: cell text of the rows below the header.
        label: how a column without a heading is named ("Column B").
        guessed: the header was not recognised (see :func:`infer_columns`).
    """
    width = max([len(headings), *(len(r) for r in rows[:SAMPLE_ROWS])])
    padded = [*headings, *([""] * (width - len(headings)))]
    profiles = profile_columns(rows, width)
    mapping = assign_columns(padded, overrides, [p.filled for p in profiles])
    return infer_columns(mapping, profiles, label, guessed=guessed)


def infer_columns(
    mapping: Mapping,
    profiles: Sequence[Profile],
    label: Label | None = None,
    *,
    guessed: bool = False,
) -> Mapping:
    """The mapping with the date, description and type columns that no heading
    named found from the cells, each with its reason in ``inferred``.

    Only columns whose heading matched nothing, or matched only by a part of a
    joined heading, are taken; a column the review file maps is never moved.
    The type column is looked for only where the headings are the agency's
    own (the header was not recognised, or named no description): where they
    are familiar, a column they do not name is kept as the author headed it.
    """
    work = _Inference(
        list(mapping.choices),
        dict(mapping.inferred),
        profiles,
        label or (lambda j: f"Column {j + 1}"),
    )
    work.check_joined_headings()
    work.release_contradicted()
    work.join_date_parts()
    work.find_date()
    work.prefer_free_text()
    work.find_description()
    work.restore_released()
    if "agency_type" not in work.held() and (guessed or "description" in work.inferred):
        work.find_type()
    if work.inferred == mapping.inferred and work.choices == mapping.choices:
        return mapping
    return Mapping(work.choices, mapping.duplicates, work.inferred, work.date_parts)


@dataclass
class _Inference:
    """The column choices of one table as they are revised by their cells,
    with the reason for each revision in plain words."""

    choices: list[ColumnChoice]
    inferred: dict[str, str]
    profiles: Sequence[Profile]
    name: Label
    # position -> the choice its heading gave, set aside for what its cells hold
    released: dict[int, ColumnChoice] = field(default_factory=dict)
    # date part ("day", "month", "year") -> the position of its column
    date_parts: dict[str, int] = field(default_factory=dict)

    def held(self) -> set[str]:
        return {c.column for c in self.choices if c.column}

    def open_columns(self) -> list[int]:
        return [
            c.position
            for c in self.choices
            if c.how in ("none", "part") and c.position < len(self.profiles)
        ]

    def take(self, pos: int, column: str, reason: str) -> None:
        old = self.choices[pos]
        self.choices[pos] = replace(old, column=column, score=0.0, how="content")
        heading = old.heading or self.name(pos)
        before = self.released.pop(pos, None)
        instead = (
            f", not the {column_words(before.column)} its heading suggests,"
            if before is not None and before.column
            else ""
        )
        self.inferred[column] = (
            f"The column '{heading}' was taken as the {column_words(column)}"
            f"{instead} because {reason}."
        )

    def drop(self, pos: int) -> None:
        self.choices[pos] = replace(
            self.choices[pos], column=None, score=0.0, how="none"
        )

    def _named_description(
        self, test: Callable[[Profile], bool]
    ) -> ColumnChoice | None:
        """The column a heading names as the description, if its cells pass."""
        return next(
            (
                c
                for c in self.choices
                if c.column == "description"
                and c.how in ("exact", "fuzzy", "part")
                and c.position < len(self.profiles)
                and test(self.profiles[c.position])
            ),
            None,
        )

    def check_joined_headings(self) -> None:
        """A joined heading's part is checked against the cells: "Type of
        contact / Event" holding short repeated labels is the type, not the
        description."""
        for c in list(self.choices):
            if c.how != "part" or c.position >= len(self.profiles):
                continue
            p = self.profiles[c.position]
            if _fits(c.column, p):
                continue
            self.drop(c.position)
            for other in part_columns(c.heading):
                if other not in self.held() and _fits(other, p):
                    self.choices[c.position] = replace(c, column=other)
                    self.inferred[other] = (
                        f"The column '{c.heading}' was taken as the "
                        f"{column_words(other)}, not the "
                        f"{column_words(c.column or '')}, "
                        "because of what its cells hold."
                    )
                    break

    def release_contradicted(self) -> None:
        """A column headed as a label (columns.toml [content] labels) whose
        cells are dates, where no other column holds dates, or the longest
        free text, where no heading names the description, is set aside for
        :meth:`find_date` and :meth:`find_description` to weigh by its cells
        ("Recorded" read as the agency's "Record", holding dates)."""
        labels = _label_columns()
        profiles = self.profiles
        held = {
            c.column: profiles[c.position]
            for c in self.choices
            if c.column and c.position < len(profiles)
        }
        dated = "date" in held and held["date"].is_dates
        for c in list(self.choices):
            if c.column not in labels or c.how not in ("exact", "fuzzy", "part"):
                continue
            if c.position >= len(profiles):
                continue
            p = profiles[c.position]
            if (p.is_dates and not dated) or (
                p.is_free_text and "description" not in held
            ):
                self.released[c.position] = c
                self.drop(c.position)

    def restore_released(self) -> None:
        """Give back its heading's meaning to a column set aside but not
        taken for anything else."""
        for pos, choice in sorted(self.released.items()):
            if choice.column not in self.held():
                self.choices[pos] = choice
        self.released.clear()

    def join_date_parts(self) -> None:
        """A date written over Day | Month | Year columns ([date_parts] in
        columns.toml), where no column holds the date: a month and a year
        column at least, headed so and holding what their headings say."""
        if "date" in self.held():
            return
        found: dict[str, int] = {}
        for c in self.choices:
            part = date_parts.part_named(c.heading)
            if part is None or part in found or c.column is not None:
                continue
            if c.position < len(self.profiles) and date_parts.fits(
                part, self.profiles[c.position].values
            ):
                found[part] = c.position
        if "month" not in found or "year" not in found:
            return
        for pos in found.values():
            self.choices[pos] = replace(self.choices[pos], how="date part")
        self.date_parts = dict(sorted(found.items(), key=lambda kv: kv[1]))
        self.inferred["date"] = date_parts.describe(
            {part: self.choices[pos].heading for part, pos in found.items()}
        )

    def find_date(self) -> None:
        """The column of dates no heading named; else a column headed as the
        description ("Entry", "Details") whose cells start with a date: the
        words after each date become the description."""
        if "date" in self.held():
            return
        profiles = self.profiles
        dated = [j for j in self.open_columns() if profiles[j].is_dates]
        if dated:
            j = max(
                dated,
                key=lambda k: (profiles[k].bare_dates, profiles[k].dates, -k),
            )
            p = profiles[j]
            self.take(
                j, "date", f"{p.dates} of its {p.filled} filled cells read as dates"
            )
            return
        # Only where most cells have words after their date: a column headed
        # as the description that holds nothing but dates (or a number that
        # reads as one) would leave every description empty.
        named = self._named_description(
            lambda p: p.is_dates and 2 * p.bare_dates < p.filled
        )
        if named is not None:
            p = profiles[named.position]
            self.take(
                named.position,
                "date",
                f"{p.dates} of its {p.filled} filled cells start with a date",
            )

    def prefer_free_text(self) -> None:
        """A description column of short labels gives way to a column of free
        text at least twice as long ("Event": "Home visit" beside the
        narrative), or to the words after the dates when it holds numbers."""
        short = self._named_description(lambda p: not p.is_free_text)
        if short is None:
            return
        profiles = self.profiles
        p = profiles[short.position]
        texts = [
            j
            for j in self.open_columns()
            if profiles[j].is_free_text and profiles[j].chars >= 2 * max(p.chars, 1)
        ]
        if texts:
            j = max(texts, key=lambda k: (profiles[k].chars, -k))
            self.drop(short.position)
            words = round(profiles[j].mean_words)
            self.take(
                j,
                "description",
                f"it holds the longest text ({words} words a row), where "
                f"'{short.heading or self.name(short.position)}' holds short labels",
            )
        elif 2 * p.lettered < p.filled and _date_words_column(self.choices, profiles):
            self.drop(short.position)

    def find_description(self) -> None:
        """The column of longest free text; else the words after the dates."""
        if "description" in self.held():
            return
        profiles = self.profiles
        texts = [j for j in self.open_columns() if profiles[j].is_free_text]
        if texts:
            j = max(texts, key=lambda k: (profiles[k].chars, -k))
            words = round(profiles[j].mean_words)
            self.take(
                j, "description", f"it holds the longest text ({words} words a row)"
            )
            return
        carrier = _date_words_column(self.choices, profiles)
        if carrier is not None:
            self.inferred["description"] = (
                f"The words after the date in the column '{carrier}' were "
                "taken as the description."
            )

    def find_type(self) -> None:
        """A short list of repeated values that name kinds of contact."""
        typed = _type_columns(self.open_columns(), self.profiles)
        if typed:
            j, _share = typed
            shown = ", ".join(f"'{v}'" for v in self.profiles[j].values[:3])
            self.take(
                j,
                "agency_type",
                "it holds a short list of repeated values that name kinds of "
                f"contact (such as {shown})",
            )


@lru_cache(maxsize=1)
def _label_columns() -> frozenset[str]:
    """Columns of short labels (columns.toml [content] labels)."""
    spec = load_toml("columns.toml").get("content", {})
    return frozenset(spec.get("labels", []))


def _fits(column: str | None, p: Profile) -> bool:
    """Whether a column's cells agree with the meaning a heading part gives it."""
    if p.filled == 0:
        return True
    if column == "date":
        return p.is_dates
    if column == "description":
        return not p.is_vocabulary and not p.is_dates
    if column == "agency_type":
        return not p.is_free_text
    return True


def _date_words_column(
    choices: Sequence[ColumnChoice], profiles: Sequence[Profile]
) -> str | None:
    """The date column's heading when most of its cells carry words after the
    date (the date stage makes them the description)."""
    for c in choices:
        if c.column == "date" and c.position < len(profiles):
            p = profiles[c.position]
            if p.dates and (p.dates - p.bare_dates) * 2 >= p.filled:
                return c.heading or f"Column {c.position + 1}"
    return None


def _type_columns(
    positions: Sequence[int], profiles: Sequence[Profile]
) -> tuple[int, float] | None:
    """The column of a short repeated vocabulary whose values mostly name a
    kind of contact (as the event types read a type column), with that share."""
    vocab = vocabulary()
    best: tuple[float, int, int] | None = None
    for j in positions:
        p = profiles[j]
        if not p.is_vocabulary or p.distinct > len(p.values):
            continue
        known = sum(
            n
            for v, n in zip(p.values, p.counts, strict=True)
            if read_type_column(v, vocab).status == "mapped"
        )
        share = known / p.filled
        if share >= TYPE_SHARE and (best is None or (share, p.filled, -j) > best):
            best = (share, p.filled, -j)
    return None if best is None else (-best[2], best[0])


# --- a header that was not recognised ---------------------------------------


def guess_header(
    rows: Sequence[Sequence[str]],
    overrides: dict[str, str] | None = None,
    label: Label | None = None,
) -> HeaderChoice | None:
    """Read a table whose header row was not recognised.

    The first row with two or more different cells among the first
    :data:`~chronomerge.ingest.headers.HEADER_WINDOW` (or else the first
    non-blank row) gives the headings (a title merged across the columns
    repeats one text, so it is passed over); if it already reads as data (a date
    where the date column is), the table has no header row and every row is
    an entry. The table is read only when a column holds dates, so guidance
    text, cover sheets and lists of names stay skipped.

    Args:
        rows: cell text of the table's first rows (:data:`SAMPLE_ROWS` used).
    """
    rows = [list(r) for r in rows[: SAMPLE_ROWS + 1]]
    width = max((len(r) for r in rows), default=0)
    filled = [i for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not filled or width == 0:
        return None
    # Two different values make a row a candidate: a title merged across the
    # columns fills every cell with one text, and is a title, not headings.
    wide = [
        i
        for i in filled
        if i < HEADER_WINDOW and len({c.strip() for c in rows[i] if c.strip()}) >= 2
    ]
    index = wide[0] if wide else filled[0]
    if _looks_like_cover(rows[index:], width):
        return None
    headings = [clean_heading(c) for c in rows[index]]
    mapping = choose_columns(
        headings, overrides, rows[index + 1 :], label, guessed=True
    )
    date_at = _date_position(mapping, rows[index + 1 :])
    first_is_data = (
        date_at is not None
        and date_cell(
            rows[index][date_at].strip() if date_at < len(rows[index]) else ""
        )[0]
    )
    if date_at is None or first_is_data:
        mapping = choose_columns(
            [""] * width, overrides, rows[index:], label, guessed=True
        )
        if _date_position(mapping, rows[index:]) is None:
            return None
        return HeaderChoice(index, 0, [""] * width, mapping, guessed=True)
    return HeaderChoice(index, 1, headings, mapping, guessed=True)


def _date_position(mapping: Mapping, rows: Sequence[Sequence[str]]) -> int | None:
    """The date column, when one of its cells below reads as a date (for a
    date written over Day | Month | Year columns, its year column, when one
    row's parts joined read as a date)."""
    parts = mapping.date_parts
    if parts:

        def part(row: Sequence[str], name: str) -> str:
            j = parts.get(name)
            return row[j].strip() if j is not None and j < len(row) else ""

        joined = (
            date_parts.join_date(part(r, "day"), part(r, "month"), part(r, "year"))
            for r in rows[:SAMPLE_ROWS]
        )
        return parts["year"] if any(date_cell(t)[0] for t in joined if t) else None
    for c in mapping.choices:
        if c.column == "date":
            j = c.position
            cells = (r[j].strip() for r in rows[:SAMPLE_ROWS] if j < len(r))
            return j if any(date_cell(t)[0] for t in cells if t) else None
    return None


def _looks_like_cover(rows: Sequence[Sequence[str]], width: int) -> bool:
    """A cover table of labels and values ("Agency | Police", "Author | ...",
    "Date completed | 01/02/2020"): two columns, the first of short labels
    in words (no dates, not numbers)."""
    data = [r for r in rows if any(c.strip() for c in r)]
    used = [j for j in range(width) if any(j < len(r) and r[j].strip() for r in data)]
    if len(used) != 2 or len(data) > 12:
        return False
    first = profile_columns(data, used[0] + 1)[used[0]]
    labels = (
        first.mean_words <= VOCABULARY_WORDS and 5 * first.lettered >= 4 * first.filled
    )
    return first.dates == 0 and labels
