"""The CSV and JSON outputs: chronology.csv, gaps.csv, flags.csv, issues.csv,
groups.csv and manifest.json, exactly as docs/contract.md defines them.

A CSV is opened by panel members in Excel or LibreOffice, which read a cell
beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula: an agency cell ``=HYPERLINK(...)`` would become a
live link. Every CSV cell is therefore neutralised as OWASP advises (a leading
apostrophe, see :func:`spreadsheet_safe`) unless exact text is asked for.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..compare import CHANGE_COLUMNS
from ..model import (
    CONFLICT_COLUMNS,
    EPISODE_COLUMNS,
    FLAG_COLUMNS,
    GAP_COLUMNS,
    ISSUE_COLUMNS,
    KNOWN_COLUMNS,
    PEOPLE_COLUMNS,
    SEEN_COLUMNS,
    SHARING_COLUMNS,
    VOICE_COLUMNS,
    output_columns,
    text_of,
)

if TYPE_CHECKING:
    from ..chronology import Chronology


def _text_columns(frame: pd.DataFrame, columns: list[str]) -> list[list[str]]:
    """Each column's cells as text, booleans as true/false, missing as empty
    (a column the frame lacks is empty)."""
    empty = [""] * len(frame)
    out: list[list[str]] = []
    for column in columns:
        if column not in frame.columns:
            out.append(empty)
            continue
        series = frame[column]
        if series.dtype == bool or str(series.dtype) == "boolean":
            series = series.map({True: "true", False: "false"}).fillna("")
        elif _all_text(series):  # as _cell_text gives, without a call a cell
            series = series.astype(object).fillna("")
        else:
            series = series.map(_cell_text)
        out.append(series.tolist())
    return out


def _all_text(series: pd.Series) -> bool:
    """Whether every cell is a str or missing (text columns, most of them)."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in (
        "string",
        "empty",
    )


def _cell_text(value: Any) -> str:
    """As model.text_of, with the contract's true/false and no '.0' on counts."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text_of(value)


# The first characters that make a spreadsheet read a cell as a formula
# (OWASP, "CSV Injection"): =, +, -, @, and a tab or carriage return (which
# some programs skip before reading the rest as one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number ("-3", "-0.5") is only ever read as that number.
_PLAIN_NEGATIVE = re.compile(r"-\d+(?:\.\d+)?")


def spreadsheet_safe(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as
    a formula; anything else, and a plain negative number, as it is.

    Example:
        >>> print(spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("+1+1 seen"))
        '=HYPERLINK(1) '+1+1 seen
        >>> spreadsheet_safe("-3"), spreadsheet_safe("Home visit")
        ('-3', 'Home visit')
    """
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NEGATIVE.fullmatch(text):
        return "'" + text
    return text


def write_csv(
    frame: pd.DataFrame, path: Path, columns: list[str], *, exact: bool = False
) -> int:
    """Write a frame as UTF-8 CSV with a header row and '\\n' line endings;
    cells neutralised (:func:`spreadsheet_safe`) unless ``exact``.

    Python's writer quotes a field holding a line feed but not one holding
    only a carriage return, which every reader takes for a line break (the
    row would split, and what follows the return would start a cell of its
    own); a file with a carriage return in any cell has every field quoted.

    The cells go to the csv module as lists, column by column: what
    DataFrame.to_csv writes, without a frame of text built first and a
    string method called on every cell to find the few a spreadsheet would
    read as formulas (known.csv alone is four rows an entry).

    Returns how many cells were neutralised.
    """
    texts = _text_columns(frame, columns)
    changed = 0
    returns = False
    for k, cells in enumerate(texts):
        joined = _SEPARATOR.join(cells)
        if not exact and _may_start_formula(cells, joined):
            safe = [spreadsheet_safe(text) for text in cells]
            changed += sum(a is not b for a, b in zip(safe, cells, strict=True))
            texts[k] = cells = safe
        returns = returns or "\r" in joined
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(
            handle,
            lineterminator="\n",
            quoting=csv.QUOTE_ALL if returns else csv.QUOTE_MINIMAL,
        )
        writer.writerow(columns)
        writer.writerows(zip(*texts, strict=True))
    return changed


# A column's cells are joined to look for formula starts in one search
# rather than a call a cell. A cell holding the separator can only make a
# column be looked at cell by cell when it need not be, never the reverse.
_SEPARATOR = "\x00"
_AFTER_SEPARATOR = re.compile(
    re.escape(_SEPARATOR) + "[" + re.escape("".join(FORMULA_STARTS)) + "]"
)


def _may_start_formula(cells: list[str], joined: str) -> bool:
    """Whether any of ``cells`` (``joined`` by _SEPARATOR) may begin as a
    formula: True for every column that has one, and for a few that do not."""
    if cells and cells[0].startswith(FORMULA_STARTS):
        return True
    return _AFTER_SEPARATOR.search(joined) is not None


def write_tables(
    chronology: Chronology, out_dir: Path, *, exact: bool = False
) -> tuple[list[Path], int]:
    """Write the CSV outputs of a Chronology into ``out_dir``.

    Returns the files written and how many cells were neutralised (none when
    ``exact``: the text exactly as the DataFrames hold it).
    """
    tables = [
        (
            chronology.entries,
            "chronology.csv",
            output_columns(chronology.entries),
        ),
        (chronology.gaps, "gaps.csv", _with_extras(chronology.gaps, GAP_COLUMNS)),
        (chronology.flags, "flags.csv", _with_extras(chronology.flags, FLAG_COLUMNS)),
        (chronology.issues, "issues.csv", list(ISSUE_COLUMNS)),
        (chronology.groups, "groups.csv", list(chronology.groups.columns)),
    ]
    not_seen, episodes = chronology.not_seen, chronology.episodes
    tables.append((not_seen, "child_not_seen.csv", list(not_seen.columns)))
    tables.append((episodes, "episodes.csv", _with_extras(episodes, EPISODE_COLUMNS)))
    people = chronology.people
    tables.append((people, "people.csv", _with_extras(people, PEOPLE_COLUMNS)))
    changes = changes_frame(chronology)
    tables.append((changes, "changes.csv", list(CHANGE_COLUMNS)))
    tables.append(
        (chronology.seen, "seen.csv", _with_extras(chronology.seen, SEEN_COLUMNS))
    )
    voice = chronology.voice
    tables.append((voice, "voice.csv", _with_extras(voice, VOICE_COLUMNS)))
    sharing = chronology.sharing
    tables.append((sharing, "sharing.csv", _with_extras(sharing, SHARING_COLUMNS)))
    known = chronology.known
    tables.append((known, "known.csv", _with_extras(known, KNOWN_COLUMNS)))
    conflicts = chronology.conflicts
    columns = _with_extras(conflicts, CONFLICT_COLUMNS)
    tables.append((conflicts, "conflicts.csv", columns))
    written: list[Path] = []
    changed = 0
    for frame, name, columns in tables:
        changed += write_csv(frame, out_dir / name, columns, exact=exact)
        written.append(out_dir / name)
    return written, changed


def changes_frame(chronology: Chronology) -> pd.DataFrame:
    """What changed since the previous merge (no rows when nothing was
    compared)."""
    if chronology.comparison is None:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    return chronology.comparison.changes


def _with_extras(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    return [*columns, *[c for c in frame.columns if c not in columns]]


def write_manifest(manifest: dict[str, Any], path: Path) -> Path:
    """manifest.json, keys sorted so it repeats byte for byte."""
    path.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False, default=str)
        + "\n",
        encoding="utf-8",
    )
    return path
