"""The CSV and JSON outputs: chronology.csv, gaps.csv, flags.csv, issues.csv,
groups.csv and manifest.json, exactly as docs/contract.md defines them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..model import (
    CHRONOLOGY_COLUMNS,
    CHRONOLOGY_EXTRA_COLUMNS,
    EXTRA_PREFIX,
    FLAG_COLUMNS,
    GAP_COLUMNS,
    ISSUE_COLUMNS,
    text_of,
)


def chronology_columns(entries: pd.DataFrame) -> list[str]:
    """Output column order: the contract's, then known extras, then extra.*."""
    known = [c for c in CHRONOLOGY_EXTRA_COLUMNS if c in entries.columns]
    if "agency_kind" in entries.columns:
        known.append("agency_kind")
    extras = sorted(c for c in entries.columns if c.startswith(EXTRA_PREFIX))
    return [*CHRONOLOGY_COLUMNS, *known, *extras]


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
        else:
            out[column] = series.map(_cell_text)
    return out


def _cell_text(value: Any) -> str:
    """As model.text_of, with the contract's true/false and no '.0' on counts."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text_of(value)


def write_csv(frame: pd.DataFrame, path: Path, columns: list[str]) -> Path:
    """Write a frame as UTF-8 CSV with a header row and '\\n' line endings."""
    _text_frame(frame, columns).to_csv(
        path, index=False, encoding="utf-8", lineterminator="\n"
    )
    return path


def write_tables(chronology: Any, out_dir: Path) -> list[Path]:
    """Write the CSV outputs of a Chronology into ``out_dir``."""
    written = [
        write_csv(
            chronology.entries,
            out_dir / "chronology.csv",
            chronology_columns(chronology.entries),
        ),
        write_csv(
            chronology.gaps,
            out_dir / "gaps.csv",
            _with_extras(chronology.gaps, GAP_COLUMNS),
        ),
        write_csv(
            chronology.flags,
            out_dir / "flags.csv",
            _with_extras(chronology.flags, FLAG_COLUMNS),
        ),
        write_csv(chronology.issues, out_dir / "issues.csv", list(ISSUE_COLUMNS)),
        write_csv(
            chronology.groups, out_dir / "groups.csv", list(chronology.groups.columns)
        ),
    ]
    not_seen = getattr(chronology, "not_seen", None)
    if not_seen is not None:
        written.append(
            write_csv(not_seen, out_dir / "child_not_seen.csv", list(not_seen.columns))
        )
    return written


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
