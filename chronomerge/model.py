"""Canonical column names shared by every stage, and the Issue record.

The stages pass pandas DataFrames to each other; the names below are the only
place those column names are spelled out.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

import pandas as pd

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# --- Canonical input columns: what a heading in an agency's file maps to. ---
# (schemas/columns.toml lists the headings agencies use for each.)
INPUT_COLUMNS: tuple[str, ...] = (
    "date",  # date of the entry (may also hold the time)
    "date_end",  # end date, where a table has one (Chronolator)
    "time",
    "time_end",
    "sequence",  # Event Ref / Sequence / No.: orders entries within a day
    "agency",  # agency, organisation, service, team, source of information
    "agency_type",  # the agency's own type / category of contact
    "description",
    "practitioner",
    "outcome",  # action taken, outcome, decision, next steps
    "analysis",  # agency analysis, comment, learning, impact
    "person",  # subject, who
    "risk",
    "child_seen",
    "seen_alone",
)
REQUIRED_INPUT_COLUMNS: tuple[str, ...] = ("date", "description")
EXTRA_PREFIX = "extra."

# --- Provenance, added by ingest to every row. ---
PROVENANCE_COLUMNS: tuple[str, ...] = (
    "source_file",  # file name, no folders
    "source_location",  # sheet name, "table N", or "" for CSV
    "source_row",  # row as a person finds it (see docs/contract.md)
    "source_path",  # full path as given (not written to outputs)
    "source_order",  # 0-based position of the row in its file (for sorting)
)
# Ingest also adds "agency" (always filled) and "agency_basis" (how it was decided),
# and "date_raw": the date cell as read (str, datetime/date, or number for an
# Excel serial). "date" holds its text as written.

# --- The output contract: chronology.csv, in this order. ---
CHRONOLOGY_COLUMNS: tuple[str, ...] = (
    "entry_id",
    "agency",
    "source_file",
    "source_location",
    "source_row",
    "date_text",
    "date_start",
    "date_end",
    "date_precision",
    "date_approximate",
    "time",
    "event_type",
    "description",
    "event_group",
    "flags",
)
# Extra output columns written after the contract's, when present.
CHRONOLOGY_EXTRA_COLUMNS: tuple[str, ...] = (
    "secondary_types",
    "event_type_source",
    "event_type_confidence",
    "age",
    "sequence",
    "agency_type",
    "person",
    "practitioner",
    "outcome",
    "analysis",
    "risk",
    "child_seen",
    "seen_alone",
    "date_end_text",
    "time_end",
)

DATE_PRECISIONS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "season",
    "term",
    "quarter",
    "year",
    "range",
    "unknown",
)

GAP_COLUMNS: tuple[str, ...] = ("scope", "start", "end", "days")
FLAG_COLUMNS: tuple[str, ...] = ("flag", "date", "entry_ids", "summary")
ISSUE_COLUMNS: tuple[str, ...] = (
    "severity",
    "code",
    "source_file",
    "source_location",
    "source_row",
    "column",
    "value",
    "message",
)


def text_of(value: Any) -> str:
    """A cell as text: missing (None, NaN, NA) is empty, anything else str()."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists and other non-scalars
        pass
    return str(value)


def make_entry_id(source_file: str, source_location: str, source_row: int) -> str:
    """A stable id from the provenance alone.

    It depends only on where the row sits, so it is the same on every run and
    does not change when another file is added to the review.
    """
    key = f"{source_file}\x1f{source_location}\x1f{source_row}".encode()
    return "E" + hashlib.sha256(key).hexdigest()[:10]


@dataclass(frozen=True)
class Issue:
    """One validation problem, pointing at a file, sheet or table, row and column."""

    severity: Severity
    code: str
    source_file: str = ""
    source_location: str = ""
    source_row: int | None = None
    column: str = ""
    value: str = ""
    message: str = ""

    def as_tuple(self) -> tuple[Any, str, str]:
        """(row, column, code): compact form for tests."""
        return (self.source_row, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The issue as a plain dict, keyed like the columns of issues.csv."""
        return asdict(self)


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """Issues as a DataFrame, errors first, then by file and row."""
    if not issues:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in ISSUE_COLUMNS})
    order = {s: i for i, s in enumerate(SEVERITIES)}
    rows = sorted(
        issues,
        key=lambda i: (
            order[i.severity],
            i.source_file,
            i.source_location,
            i.source_row if i.source_row is not None else -1,
            i.column,
            i.code,
        ),
    )
    frame = pd.DataFrame(
        [r.to_dict() for r in rows], columns=[f.name for f in fields(Issue)]
    )
    frame["source_row"] = frame["source_row"].astype("Int64")
    return frame
