"""Raw tables, as every reader hands them over, and cell text.

Readers (Excel, Word, delimited text) turn a file into :class:`RawTable`
objects: cell values by row, with the row numbers a person sees. Everything
after that is the same for every format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..agencies import AgencyResolver
from ..model import Issue, TableRecord
from ..review import FileOverride

TIME_COLUMNS = frozenset({"time", "time_end"})  # shown as HH:MM


@dataclass
class RawTable:
    """One table as read: cell values (str, or typed for Excel) by row."""

    location: str
    rows: list[list[Any]]
    numbers: Sequence[int]  # row number a person sees, one per row
    titles: list[str] = field(default_factory=list)  # text above the table
    hidden: set[int] = field(default_factory=set)  # hidden row numbers
    column_label: Callable[[int], str] = lambda j: f"Column {j + 1}"
    may_continue: bool = False  # Word: may carry on the table before it
    skip_reason: str = ""  # set by a reader that will not read the table
    hidden_sheet: bool = False  # a hidden or very hidden worksheet
    plain: bool = False  # every cell is str without "\r" (Word, delimited text)
    # Excel: row number -> cells whose formula had no saved result (kept as text)
    unsaved_formulas: dict[int, list[str]] = field(default_factory=dict)
    # Word: row number -> columns whose text was copied down from a cell
    # merged vertically over this row
    merged_down: dict[int, list[int]] = field(default_factory=dict)


def cell_text(value: Any, column: str | None = None) -> str:
    """A cell's text as a person sees it (dates DD/MM/YYYY, times HH:MM)."""
    if value is None:
        return ""
    kind = value.__class__
    if kind is str:
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip()
    if kind is float:
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if isinstance(value, dt.datetime):
        if column in TIME_COLUMNS and value.year < 1901:
            return f"{value.hour:02d}:{value.minute:02d}"
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return str(value).strip()


@lru_cache(maxsize=65536)
def _datetime_text(value: dt.datetime) -> str:
    """DD/MM/YYYY, with " HH:MM" when the cell has a time (dates repeat: cached)."""
    text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if value.hour or value.minute or value.second:
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


def row_texts(row: Sequence[Any]) -> list[str]:
    return [
        c.strip() if c.__class__ is str and "\r" not in c else cell_text(c) for c in row
    ]


@dataclass
class FileContext:
    """What assembling needs to know about the file being read."""

    name: str
    path: str
    override: FileOverride | None
    resolver: AgencyResolver
    max_rows: int
    allow_sheet_skips: bool = False  # workbooks: skip guidance/example sheets


@dataclass
class FileEntries:
    """The entries and the report of one file."""

    columns: dict[str, list[Any]]
    tables: list[TableRecord]
    issues: list[Issue]
    rows: int
