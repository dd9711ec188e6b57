"""Canonical column names shared by every stage, and the Issue record.

The stages pass pandas DataFrames to each other; ``ENTRY_SCHEMA`` says, as
data, which column each stage adds, what it holds and whether chronology.csv
writes it, and ``check_entries`` holds each stage to it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import numpy as np
import pandas as pd

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
# How each severity is named to a person (validate, the annotated copy).
SEVERITY_LABELS: dict[str, str] = {
    "error": "Must fix",
    "warning": "Check",
    "info": "Note",
}

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

# --- The entries frame passed between the stages, as data. ---
Stage = Literal["ingest", "ids", "dates", "events", "link", "analyse"]
STAGES: tuple[Stage, ...] = ("ingest", "ids", "dates", "events", "link", "analyse")
Kind = Literal["text", "int", "float", "bool", "any"]


@dataclass(frozen=True)
class EntryColumn:
    """One column of the entries frame: what it holds, the stage that adds it,
    and whether chronology.csv writes it (``contract`` columns always, in this
    order; ``extra`` columns after them when present; ``no``: working only)."""

    name: str
    kind: Kind
    stage: Stage
    written: Literal["contract", "extra", "no"] = "no"


def _columns(stage: Stage, kind: Kind, names: tuple[str, ...]) -> list[EntryColumn]:
    return [EntryColumn(n, kind, stage) for n in names]


# In the order chronology.csv writes them: the contract's columns, then the
# extra ones; then the working columns no output writes.
ENTRY_SCHEMA: tuple[EntryColumn, ...] = (
    EntryColumn("entry_id", "text", "ids", "contract"),
    EntryColumn("agency", "text", "ingest", "contract"),
    EntryColumn("source_file", "text", "ingest", "contract"),
    EntryColumn("source_location", "text", "ingest", "contract"),
    EntryColumn("source_row", "int", "ingest", "contract"),
    EntryColumn("date_text", "text", "dates", "contract"),
    EntryColumn("date_start", "text", "dates", "contract"),
    EntryColumn("date_end", "text", "dates", "contract"),
    EntryColumn("date_precision", "text", "dates", "contract"),
    EntryColumn("date_approximate", "bool", "dates", "contract"),
    EntryColumn("time", "text", "dates", "contract"),
    EntryColumn("event_type", "text", "events", "contract"),
    EntryColumn("description", "text", "ingest", "contract"),
    EntryColumn("event_group", "text", "link", "contract"),
    EntryColumn("flags", "text", "analyse", "contract"),
    EntryColumn("secondary_types", "text", "events", "extra"),
    EntryColumn("event_type_source", "text", "events", "extra"),
    EntryColumn("event_type_confidence", "float", "events", "extra"),
    EntryColumn("age", "any", "analyse", "extra"),
    *(
        EntryColumn(n, "text", "ingest", "extra")
        for n in (
            "sequence",
            "agency_type",
            "person",
            "practitioner",
            "outcome",
            "analysis",
            "risk",
            "child_seen",
            "seen_alone",
        )
    ),
    EntryColumn("date_end_text", "text", "dates", "extra"),
    EntryColumn("time_end", "text", "dates", "extra"),
    # The child's experience (analyse/experience.py).
    *(
        EntryColumn(n, "bool", "analyse", "extra")
        for n in ("child_was_seen", "child_seen_alone", "child_spoken_to")
    ),
    EntryColumn("child_words", "bool", "analyse", "extra"),
    EntryColumn("child_seen_why", "text", "analyse", "extra"),
    EntryColumn("days_since_seen", "any", "analyse", "extra"),
    EntryColumn("days_since_seen_alone", "any", "analyse", "extra"),
    # Working columns.
    EntryColumn("source_path", "text", "ingest"),
    EntryColumn("source_order", "int", "ingest"),
    EntryColumn("agency_kind", "text", "ingest"),
    EntryColumn("agency_basis", "text", "ingest"),
    EntryColumn("date_raw", "any", "ingest"),
    EntryColumn("date", "text", "ingest"),
    EntryColumn("agency_text", "text", "ingest"),
    *_columns("dates", "text", ("time_text", "time_end_text")),
    EntryColumn("sequence_key", "float", "dates"),
)

# --- The output contract: chronology.csv, in this order. ---
CHRONOLOGY_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in ENTRY_SCHEMA if c.written == "contract"
)
# Extra output columns written after the contract's, when present.
CHRONOLOGY_EXTRA_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in ENTRY_SCHEMA if c.written == "extra"
)


def output_columns(entries: pd.DataFrame) -> list[str]:
    """chronology.csv's columns for these entries: the contract's, then the
    schema's extras the entries have, agency_kind, then the agency's own
    extra.* columns in name order."""
    known = [c for c in CHRONOLOGY_EXTRA_COLUMNS if c in entries.columns]
    if "agency_kind" in entries.columns:
        known.append("agency_kind")
    extras = sorted(c for c in entries.columns if c.startswith(EXTRA_PREFIX))
    return [*CHRONOLOGY_COLUMNS, *known, *extras]


class EntriesSchemaError(RuntimeError):
    """A stage handed on an entries frame that breaks the schema: a bug in
    chronomerge, never a problem with an agency's file."""


def _kind_ok(series: pd.Series, kind: Kind) -> bool:
    dtype = series.dtype
    if kind == "any" or len(series) == 0:
        return True
    if kind == "text":
        return pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(
            dtype
        )
    if kind == "int":
        return pd.api.types.is_integer_dtype(dtype)
    if kind == "float":
        return pd.api.types.is_float_dtype(dtype)
    return pd.api.types.is_bool_dtype(dtype)


def check_entries(entries: pd.DataFrame, after: Stage) -> pd.DataFrame:
    """The frame as it is, once every column the stages up to ``after`` add
    is present with its kind; else EntriesSchemaError naming each fault.

    Cheap (dtypes only), so the pipeline runs it at each stage's exit."""
    done = set(STAGES[: STAGES.index(after) + 1])
    faults = []
    for column in ENTRY_SCHEMA:
        if column.stage not in done:
            continue
        if column.name not in entries.columns:
            faults.append(f"{column.name} missing")
        elif not _kind_ok(entries[column.name], column.kind):
            faults.append(
                f"{column.name} is {entries[column.name].dtype}, not {column.kind}"
            )
    if faults:
        raise EntriesSchemaError(f"entries after {after}: " + "; ".join(faults))
    return entries


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
# The outputs a merge can write (chronomerge merge --outputs), in the order
# they are named; manifest.json is always written.
OUTPUTS: tuple[str, ...] = ("csv", "xlsx", "docx", "html")
# episodes.csv: the key practice episodes proposed (analyse/episodes.py).
EPISODE_COLUMNS: tuple[str, ...] = (
    "episode_start",
    "episode_end",
    "title",
    "status",
    "days",
    "events",
    "agencies",
    "entries",
    "why",
)
# people.csv: the people the entries name (analyse/people.py).
PEOPLE_COLUMNS: tuple[str, ...] = (
    "person",
    "role",
    "adult",
    "named_as",
    "first_mention",
    "last_mention",
    "entries",
    "agencies",
    "agency_kinds",
    "entry_ids",
)
# seen.csv: the stretches between sightings of the child (analyse/experience.py).
SEEN_COLUMNS: tuple[str, ...] = (
    "scope",
    "kind",
    "from",
    "to",
    "days",
    "from_entry",
    "to_entry",
    "why",
)
# voice.csv: the entries carrying the child's words or observed presentation.
VOICE_COLUMNS: tuple[str, ...] = ("entry_id", "date", "agency", "what", "text", "why")
# sharing.csv: the information-sharing ledger (analyse/sharing.py).
SHARING_COLUMNS: tuple[str, ...] = (
    "send_entry_id",
    "send_date",
    "from_agency",
    "to_agency",
    "to_kind",
    "what",
    "receipt_entry_id",
    "received_date",
    "working_days",
    "matched_how",
    "status",
    "why",
)
# known.csv: what was known at each decision (analyse/known.py).
KNOWN_COLUMNS: tuple[str, ...] = (
    "decision_entry_id",
    "decision_date",
    "deciding_agency",
    "decision",
    "known_as",
    "entry_id",
    "why",
)
# conflicts.csv: where agencies' accounts of one event differ (analyse/conflicts.py).
CONFLICT_COLUMNS: tuple[str, ...] = (
    "event_group",
    "agencies_recording",
    "conflict",
    "first_entry_id",
    "first_agency",
    "first_date",
    "first_time",
    "first_account",
    "second_entry_id",
    "second_agency",
    "second_date",
    "second_time",
    "second_account",
    "why",
)
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


# How a true flag may be written in a column (the CSV writes "true"; agencies
# and hand-made frames write the others).
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t"})


def text_column(
    entries: pd.DataFrame, name: str, *, lower: bool = False, clean: bool = True
) -> pd.Series:
    """A column as strings ("" for missing, NaN or absent columns).

    ``clean`` strips white space (and ``lower`` lower-cases), once per distinct
    value; ids made by the pipeline need neither, and skipping it saves
    hashing 100,000 distinct strings.
    """
    if name not in entries.columns:
        return pd.Series("", index=entries.index, dtype=object)
    column = entries[name]
    if not clean:
        if not pd.api.types.is_string_dtype(column):
            column = column.astype(object).where(column.notna(), "").astype(str)
        values = column.to_numpy(dtype=object, na_value="")
        return pd.Series(values, index=entries.index, dtype=object)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    cleaned = pd.Index(uniques, dtype=object).astype(str).str.strip()
    if lower:
        cleaned = cleaned.str.lower()
    table = np.append(cleaned.to_numpy(dtype=object), "")
    return pd.Series(table[codes], index=entries.index, dtype=object)


def true_column(entries: pd.DataFrame, name: str) -> np.ndarray:
    """A column of flags as booleans: True, or one of TRUE_WORDS in any case;
    anything else, missing or an absent column is False."""
    if name not in entries.columns:
        return np.zeros(len(entries), dtype=bool)
    column = entries[name]
    if column.dtype == bool:
        return column.to_numpy()
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    truth = [
        value is True or (not isinstance(value, bool) and _true_word(value))
        for value in uniques
    ]
    return np.append(np.array(truth, dtype=bool), False)[codes]


def _true_word(value: Any) -> bool:
    return str(value).strip().casefold() in TRUE_WORDS


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


# --- What was read from each input: the manifest's "inputs", validate's report. ---
FileStatus = Literal["read", "failed", "skipped"]


@dataclass(frozen=True)
class TableRecord:
    """How one table (a sheet, a Word table, a CSV) was read.

    ``columns`` maps each heading as the agency wrote it to the canonical
    column chosen for it; ``inferred`` names the columns chosen by their
    cells rather than their heading, with the reason.
    """

    location: str
    header_row: int | None
    header_rows: int
    columns: dict[str, str]
    rows: int
    agency: str
    agency_basis: str
    header_guessed: bool = False
    inferred: dict[str, str] = field(default_factory=dict)
    repeated_headers: int = 0
    continues: str = ""
    hidden_rows: int = 0

    def headings(self) -> dict[str, str]:
        """Canonical column -> the agency's own heading (the first, where two
        headings were read as one column), so a message names what they see."""
        found: dict[str, str] = {}
        for heading, column in self.columns.items():
            found.setdefault(column, heading)
        return found

    def to_dict(self) -> dict[str, Any]:
        """The record as the manifest writes it: optional facts only when set."""
        out: dict[str, Any] = {
            "location": self.location,
            "header_row": self.header_row,
            "header_rows": self.header_rows,
            "columns": dict(self.columns),
            "rows": self.rows,
            "agency": self.agency,
            "agency_basis": self.agency_basis,
        }
        optional = {
            "header_guessed": self.header_guessed,
            "inferred": dict(self.inferred),
            "repeated_headers": self.repeated_headers,
            "continues": self.continues,
            "hidden_rows": self.hidden_rows,
        }
        out.update({key: value for key, value in optional.items() if value})
        return out


@dataclass(frozen=True)
class FileRecord:
    """One input considered: what it is, whether it was read, and its tables.

    ``read_as`` is set when the contents are of another format than the name
    says; ``converted_from`` when LibreOffice turned it into a format read
    directly; ``encoding`` and ``delimiter`` for CSV and text files.
    """

    name: str
    path: str
    format: str
    status: FileStatus = "skipped"
    sha256: str = ""
    bytes: int = 0
    rows: int = 0
    tables: tuple[TableRecord, ...] = ()
    read_as: str = ""
    converted_from: str = ""
    encoding: str = ""
    delimiter: str = ""

    @property
    def was_read(self) -> bool:
        """True when at least one table of the file became entries."""
        return self.status == "read"

    def to_dict(self, *, with_path: bool = True) -> dict[str, Any]:
        """The record as the manifest and validate's JSON write it."""
        out: dict[str, Any] = {"name": self.name}
        if with_path:
            out["path"] = self.path
        out.update(
            sha256=self.sha256,
            bytes=self.bytes,
            format=self.format,
            status=self.status,
            rows=self.rows,
            tables=[table.to_dict() for table in self.tables],
        )
        optional = {
            "read_as": self.read_as,
            "converted_from": self.converted_from,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
        }
        out.update({key: value for key, value in optional.items() if value})
        return out
