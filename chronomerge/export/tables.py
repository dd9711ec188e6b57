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
    EPISODE_COLUMNS,
    FLAG_COLUMNS,
    GAP_COLUMNS,
    ISSUE_COLUMNS,
    PEOPLE_COLUMNS,
    SEEN_COLUMNS,
    VOICE_COLUMNS,
    output_columns,
    text_of,
)

if TYPE_CHECKING:
    from ..chronology import Chronology


def _text_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Every cell as text, booleans as true/false, missing as empty."""
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        if column not in frame.columns:
            out[column] = ""
            continue
        series = frame[column]
        if series.dtype == bool or str(series.dtype) == "boolean":
            out[column] = series.map({True: "true", False: "false"}).fillna("")
        elif _all_text(series):  # as _cell_text gives, without a call a cell
            out[column] = series.astype(object).fillna("")
        else:
            out[column] = series.map(_cell_text)
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


def neutralise(texts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A text frame with :func:`spreadsheet_safe` applied to every cell, and
    how many cells it changed (the input is not modified)."""
    out = texts.copy()
    changed = 0
    for column in out.columns:
        series = out[column]
        if series.empty:
            continue
        starts = series.str[:1].isin(FORMULA_STARTS)
        if not starts.any():
            continue
        risky = starts & ~series.str.fullmatch(_PLAIN_NEGATIVE.pattern)
        out.loc[risky, column] = "'" + series[risky]
        changed += int(risky.sum())
    return out, changed


def write_csv(
    frame: pd.DataFrame, path: Path, columns: list[str], *, exact: bool = False
) -> int:
    """Write a frame as UTF-8 CSV with a header row and '\\n' line endings;
    cells neutralised (:func:`neutralise`) unless ``exact``.

    Python's writer quotes a field holding a line feed but not one holding
    only a carriage return, which every reader takes for a line break (the
    row would split, and what follows the return would start a cell of its
    own); a file with a carriage return in any cell has every field quoted.

    Returns how many cells were neutralised.
    """
    texts = _text_frame(frame, columns)
    changed = 0
    if not exact:
        texts, changed = neutralise(texts)
    returns = any("\r" in "".join(texts[c].tolist()) for c in texts)
    texts.to_csv(
        path,
        index=False,
        encoding="utf-8",
        lineterminator="\n",
        quoting=csv.QUOTE_ALL if returns else csv.QUOTE_MINIMAL,
    )
    return changed


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
