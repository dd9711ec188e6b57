"""Ingest: read every agency chronology into one table of entries.

Excel, Word and delimited text in any layout: the header row is found by its
headings, columns are mapped to canonical names (schemas/columns.toml), blank
rows are skipped and every other row becomes exactly one entry with its
provenance. A file that cannot be read is reported as an issue; it never stops
the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..agencies import AgencyResolver
from ..catalogue import make_issue
from ..model import INPUT_COLUMNS, FileRecord, Issue
from ..review import ReviewSettings
from .files import discover, read_file
from .headers import map_headings
from .tables import AGENCY_TEXT, BASE_COLUMNS
from .versions import superseded_issue, superseded_record, versions

__all__ = ["IngestResult", "map_headings", "read_inputs", "ENTRY_COLUMNS"]

# The columns of IngestResult.entries, before any extra.* columns.
ENTRY_COLUMNS: tuple[str, ...] = (*BASE_COLUMNS, *INPUT_COLUMNS, AGENCY_TEXT)


@dataclass
class IngestResult:
    """What ingest read.

    Attributes:
        entries: one row per non-blank input row: provenance (source_file,
            source_location, source_row, source_path, source_order), agency,
            agency_kind, agency_basis, date_raw, the canonical input columns
            (str), agency_text (the agency cell as written) and extra.*
            columns for headings that map to nothing.
        issues: problems found while reading.
        files: one record per input considered (name, path, sha256, bytes,
            format, status, rows, tables with their column mapping).
    """

    entries: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    files: list[FileRecord] = field(default_factory=list)

    @property
    def files_read(self) -> int:
        """How many inputs were read (the pipeline exits 2 when none was)."""
        return sum(1 for f in self.files if f.was_read)


def read_inputs(
    inputs: str | Path | Iterable[str | Path],
    review: ReviewSettings | None = None,
) -> IngestResult:
    """Read files and folders of agency chronologies.

    Never raises for a bad file: each problem is an issue and the file's
    record says ``status`` "failed" or "skipped".

    Example:
        >>> result = read_inputs("sample_data/child_a")  # doctest: +SKIP
        >>> result.entries[["source_file", "source_row", "agency"]].head()
    """
    review = review or ReviewSettings()
    resolver = AgencyResolver(review)
    issues: list[Issue] = []
    files: list[FileRecord] = []
    blocks: list[dict[str, list[Any]]] = []
    seen: dict[str, str] = {}
    found = versions(discover(inputs), resolver)
    for version in found:
        path = version.path
        if version.superseded_by is not None:
            files.append(superseded_record(version))
            issues.append(superseded_issue(version, found))
            continue
        outcome = read_file(path, review, resolver)
        record = outcome.record
        digest = record.sha256
        if outcome.entries is not None and digest in seen:
            record = replace(record, status="skipped", rows=0, tables=())
            reason = f"it is an exact copy of {seen[digest]}, which was read"
            issues.append(
                make_issue("file-skipped", source_file=path.name, reason=reason)
            )
            files.append(record)
            continue
        if outcome.entries is not None and digest:
            seen[digest] = path.name
        issues.extend(outcome.issues)
        files.append(record)
        if outcome.entries is not None and outcome.entries.rows:
            blocks.append(outcome.entries.columns)
    return IngestResult(_frame(blocks), issues, files)


def _frame(blocks: list[dict[str, list[Any]]]) -> pd.DataFrame:
    """One DataFrame from the files' columns (extra columns filled with "")."""
    extras: list[str] = []
    for block in blocks:
        for name in block:
            if name not in ENTRY_COLUMNS and name not in extras:
                extras.append(name)
    data: dict[str, Any] = {}
    for name in (*ENTRY_COLUMNS, *extras):
        if len(blocks) == 1 and name in blocks[0]:
            values = blocks[0][name]
        else:
            values = []
            for block in blocks:
                column = block.get(name)
                if column is None:
                    column = [""] * len(block["source_file"])
                values.extend(column)
        if name in ("source_row", "source_order"):
            data[name] = pd.Series(values, dtype="int64")
        elif name == "date_raw":
            data[name] = pd.Series(values, dtype="object")
        else:
            data[name] = pd.Series(values, dtype="str")
    return pd.DataFrame(data)
