"""Turn the raw tables of one file into entries with provenance.

Every reader (Excel, Word, delimited text) hands over :class:`RawTable`
objects: cell values by row, with the row numbers a person sees. This module
finds each table's header, maps its columns, skips blank rows and builds one
entry per remaining row, so every format follows the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..catalogue import make_issue
from ..model import EXTRA_PREFIX, INPUT_COLUMNS, REQUIRED_INPUT_COLUMNS, Issue
from ..normalise.agencies import AgencyChoice, AgencyResolver, normalise_name
from ..resources import load_toml
from ..review import FileOverride
from .headers import (
    HEADER_WINDOW,
    HeaderChoice,
    Mapping,
    expected_headings,
    find_header,
    headings_found,
    normalise_heading,
)
from .safety import FileProblem

# Columns every entry carries besides the canonical input columns.
BASE_COLUMNS: tuple[str, ...] = (
    "source_file",
    "source_location",
    "source_row",
    "source_path",
    "source_order",
    "agency",
    "agency_kind",
    "agency_basis",
    "date_raw",
)
AGENCY_TEXT = "agency_text"  # the agency cell as written, when there is one
_TIME_COLUMNS = frozenset({"time", "time_end"})
# Headings of chronomerge's own outputs (chronology, issues, gaps, flags) and of
# answer keys built like them: such files are never agency chronologies.
_OUTPUT_MARKERS: tuple[frozenset[str], ...] = (
    frozenset({"source file", "source row"}),
    frozenset({"scope", "start", "end", "days"}),
    frozenset({"flag", "date", "summary"}),
    frozenset({"flag", "date", "entries"}),
    frozenset({"severity", "code", "message"}),
)
OUTPUT_REASON = "it looks like a chronomerge output or answer key, not a chronology"


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
        if column in _TIME_COLUMNS and value.year < 1901:
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


def _row_texts(row: Sequence[Any]) -> list[str]:
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
    tables: list[dict[str, Any]]
    issues: list[Issue]
    rows: int


@dataclass
class _Chosen:
    table: RawTable
    header: HeaderChoice | None  # None: continues the table before it
    mapping: Mapping
    start: int  # index of the first data row
    continues: str = ""


def _source_headings() -> frozenset[str]:
    spec = load_toml("columns.toml")["columns"]["agency"]
    return frozenset(normalise_heading(h) for h in spec.get("source_headings", []))


def _skip_words() -> list[str]:
    words = load_toml("columns.toml").get("sheets", {}).get("skip", [])
    return [normalise_name(w) for w in words]


def _title_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows above a header as title lines ("Agency: Police")."""
    lines: list[str] = []
    for row in rows:
        cells = [c for c in row if c]
        if len(cells) == 2 and not cells[0].rstrip().endswith((":", "-")):
            lines.append(f"{cells[0]}: {cells[1]}")
        elif cells:
            lines.append(" ".join(cells))
    return lines


def _is_output(rows: Sequence[Sequence[str]]) -> bool:
    """True when the first non-empty row holds the headings of an output."""
    for row in rows:
        if any(row):
            found = {normalise_heading(h) for h in row if h}
            return any(found >= marker for marker in _OUTPUT_MARKERS)
    return False


def _header_index(table: RawTable, header_row: int | None) -> int | None:
    if header_row is None:
        return None
    for index, number in enumerate(table.numbers[: HEADER_WINDOW * 50]):
        if number == header_row:
            return index
    return -1


def _where(ctx: FileContext, table: RawTable) -> str:
    if not table.location:
        return ctx.name
    if table.location.startswith("table "):
        return f"{table.location} of {ctx.name}"
    return f"sheet '{table.location}' of {ctx.name}"


def _skip(ctx: FileContext, table: RawTable, reason: str) -> Issue:
    if table.location.startswith("table "):
        return make_issue(
            "table-skipped",
            source_file=ctx.name,
            source_location=table.location,
            table=table.location,
            reason=reason,
        )
    return make_issue(
        "sheet-skipped",
        source_file=ctx.name,
        source_location=table.location,
        sheet=table.location,
        reason=reason,
    )


def choose_tables(
    tables: list[RawTable], ctx: FileContext
) -> tuple[list[_Chosen], list[Issue]]:
    """The tables that hold the chronology, each with its header and mapping."""
    override = ctx.override
    overrides = override.columns if override else None
    wanted = [s.casefold() for s in override.sheets] if override else []
    header_row = override.header_row if override else None
    chosen: list[_Chosen] = []
    issues: list[Issue] = []
    unrecognised: list[RawTable] = []
    outputs: list[RawTable] = []
    carried: list[str] = []
    for table in tables:
        if wanted and table.location.casefold() not in wanted:
            reason = "the review file names other sheets for this file"
            issues.append(_skip(ctx, table, reason))
            continue
        if table.skip_reason:
            issues.append(_skip(ctx, table, table.skip_reason))
            continue
        head = [_row_texts(r) for r in table.rows[: HEADER_WINDOW + 1]]
        if not any(any(r) for r in head) and not any(
            any(_row_texts(r)) for r in table.rows
        ):
            issues.append(_skip(ctx, table, "it is empty"))
            continue
        if _is_output(head):
            outputs.append(table)
            issues.append(_skip(ctx, table, OUTPUT_REASON))
            continue
        index = _header_index(table, header_row)
        header = None if index == -1 else find_header(head, overrides, index)
        if carried and table.may_continue:
            table.titles = [*carried, *table.titles]
            carried = []
        if header is not None:
            start = header.index + header.span
            chosen.append(_Chosen(table, header, header.mapping, start))
            continue
        previous = chosen[-1] if chosen else None
        width = max((len(r) for r in table.rows), default=0)
        if (
            table.may_continue
            and previous is not None
            and previous.table.may_continue
            and width == max((len(r) for r in previous.table.rows), default=0)
        ):
            chosen.append(
                _Chosen(table, None, previous.mapping, 0, previous.table.location)
            )
            continue
        unrecognised.append(table)
        if table.may_continue:
            # A cover table ("Agency | Police") titles the table after it.
            carried.extend(_title_lines([_row_texts(r) for r in table.rows[:20]]))
        found = ", ".join(f"'{h}'" for h in headings_found(head, 6)) or "none"
        reason = f"no header row was recognised (headings found: {found})"
        issues.append(_skip(ctx, table, reason))
    if ctx.allow_sheet_skips and len(chosen) > 1:
        chosen, more = _skip_guidance_sheets(chosen, ctx)
        issues.extend(more)
    if not chosen and unrecognised:
        issues.append(_no_header(ctx, unrecognised))
    if not chosen and outputs and not unrecognised:
        raise FileProblem("file-skipped", reason=OUTPUT_REASON)
    return chosen, issues


def _skip_guidance_sheets(
    chosen: list[_Chosen], ctx: FileContext
) -> tuple[list[_Chosen], list[Issue]]:
    """Drop example and guidance sheets when another sheet holds the chronology."""
    words = _skip_words()

    def is_guidance(name: str) -> bool:
        padded = f" {normalise_name(name)} "
        return any(f" {w} " in padded for w in words)

    keep = [c for c in chosen if not is_guidance(c.table.location)]
    if not keep:
        return chosen, []
    issues = [
        _skip(ctx, c.table, "its name says it is guidance or an example")
        for c in chosen
        if c not in keep
    ]
    return keep, issues


def _no_header(ctx: FileContext, tables: list[RawTable]) -> Issue:
    table = tables[0]
    head = [_row_texts(r) for r in table.rows[:HEADER_WINDOW]]
    found = ", ".join(f"'{h}'" for h in headings_found(head)) or "none"
    where = _where(ctx, table) if len(tables) == 1 else ctx.name
    return make_issue(
        "no-header",
        source_file=ctx.name,
        source_location=table.location if len(tables) == 1 else "",
        where=where,
        found=found,
        expected=", ".join(f"'{h}'" for h in expected_headings()),
    )


class _Columns:
    """Entry columns of one file, filled table by table."""

    def __init__(self) -> None:
        names = [*BASE_COLUMNS, *INPUT_COLUMNS, AGENCY_TEXT]
        self.data: dict[str, list[Any]] = {name: [] for name in names}
        self.length = 0

    def add(self, name: str, values: list[Any]) -> None:
        column = self.data.get(name)
        if column is None:
            column = self.data[name] = [""] * self.length
        column.extend(values)

    def close_block(self, size: int) -> None:
        self.length += size
        for column in self.data.values():
            if len(column) < self.length:
                column.extend([""] * (self.length - len(column)))


def _extra_names(labels: list[str]) -> list[str]:
    names: list[str] = []
    for label in labels:
        name = EXTRA_PREFIX + label
        n = 2
        while name in names:
            name = f"{EXTRA_PREFIX}{label} ({n})"
            n += 1
        names.append(name)
    return names


def _column_issues(ctx: FileContext, chosen: _Chosen, number: int) -> list[Issue]:
    issues: list[Issue] = []
    table = chosen.table
    spec = load_toml("columns.toml")["columns"]
    common = {"source_file": ctx.name, "source_location": table.location}
    for choice in chosen.mapping.choices:
        if choice.heading and choice.how == "none":
            issues.append(
                make_issue(
                    "column-unmapped", **common, source_row=number, value=choice.heading
                )
            )
    for column, headings in chosen.mapping.duplicates:
        detail = " and ".join(f"'{h}'" for h in headings)
        issues.append(
            make_issue(
                "column-duplicate",
                **common,
                source_row=number,
                column=column,
                detail=detail,
            )
        )
    have = chosen.mapping.canonical
    found = ", ".join(f"'{c.heading}'" for c in chosen.mapping.choices if c.heading)
    for column in REQUIRED_INPUT_COLUMNS:
        if column not in have:
            issues.append(
                make_issue(
                    "column-missing",
                    **common,
                    source_row=number,
                    column=column,
                    where=_where(ctx, table),
                    found=found or "none",
                    heading=spec[column]["headings"][0],
                )
            )
    return issues


def _hidden_issue(ctx: FileContext, table: RawTable, numbers: list[int]) -> Issue:
    shown = ", ".join(str(n) for n in numbers[:10])
    if len(numbers) > 10:
        shown += f" and {len(numbers) - 10} more"
    return make_issue(
        "rows-hidden",
        source_file=ctx.name,
        source_location=table.location,
        count=len(numbers),
        where=_where(ctx, table),
        rows=f"rows {shown}",
    )


def assemble(tables: list[RawTable], ctx: FileContext) -> FileEntries:
    """Entries of one file: header found, columns mapped, blank rows skipped."""
    chosen, issues = choose_tables(tables, ctx)
    out = _Columns()
    reports: list[dict[str, Any]] = []
    resolver = ctx.resolver
    review_agency = resolver.from_review(ctx.name)
    carried_title: tuple[str, str] | None = None
    guessed = False
    reported_headings: set[tuple[str, ...]] = set()
    source_heads = _source_headings()
    order = 0
    for item in chosen:
        table = item.table
        header = item.header
        head_texts = [_row_texts(r) for r in table.rows[: item.start]]
        header_number = table.numbers[header.index] if header else None
        # --- the agency when no agency column says otherwise ---
        title = resolver.from_title(
            [*table.titles, *_title_lines(head_texts[: header.index if header else 0])]
        )
        carried_title = title or carried_title
        if review_agency:
            fallback = AgencyChoice(*review_agency, "review")
        elif carried_title:
            fallback = AgencyChoice(*carried_title, "title")
        else:
            fallback = resolver.for_file(ctx.name, [])
        if fallback.basis in ("filename", "default") and not guessed:
            guessed = True
            basis = "the file name" if fallback.basis == "filename" else "its name"
            issues.append(
                make_issue(
                    "agency-guessed",
                    source_file=ctx.name,
                    basis=basis,
                    agency=fallback.name,
                )
            )
        # --- rows ---
        raw_rows = table.rows[item.start :]
        numbers = list(table.numbers[item.start :])
        if len(raw_rows) > ctx.max_rows:
            issues.append(
                make_issue(
                    "too-many-rows",
                    source_file=ctx.name,
                    source_location=table.location,
                    where=_where(ctx, table),
                    detail=f"{ctx.max_rows:,} rows",
                )
            )
            raw_rows = raw_rows[: ctx.max_rows]
            numbers = numbers[: ctx.max_rows]
        header_texts = head_texts[header.index] if header and header.span == 1 else None
        keep, texts = _data_rows(raw_rows, header_texts, table.plain)
        width = max([len(t) for t in texts] + [len(item.mapping.choices)], default=0)
        for t in texts:
            if len(t) < width:
                t.extend([""] * (width - len(t)))
        cells_of = _stripped if table.plain else _as_is
        count = len(texts)
        mapping = item.mapping
        # --- columns ---
        report_columns: dict[str, str] = {}
        extra_labels: list[tuple[int, str]] = []
        canonical: dict[str, int] = {}
        agency_source = False
        for j in range(width):
            choice = mapping.choices[j] if j < len(mapping.choices) else None
            if choice is not None and choice.column:
                canonical[choice.column] = j
                report_columns[choice.heading] = choice.column
                if choice.column == "agency":
                    agency_source = normalise_heading(choice.heading) in source_heads
                continue
            heading = choice.heading if choice is not None else ""
            if not heading and not any(cells_of(texts, j)):
                continue
            extra_labels.append((j, heading or table.column_label(j)))
        names = _extra_names([label for _, label in extra_labels])
        for (j, _label), name in zip(extra_labels, names, strict=True):
            report_columns[name[len(EXTRA_PREFIX) :]] = "extra"
            out.add(name, cells_of(texts, j))
        typed = not table.plain
        for column in INPUT_COLUMNS:
            j = canonical.get(column)
            if j is None:
                continue
            if typed and column in _TIME_COLUMNS:
                values = [
                    cell_text(raw_rows[i][j] if j < len(raw_rows[i]) else "", column)
                    for i in keep
                ]
            else:
                values = cells_of(texts, j)
            out.add(AGENCY_TEXT if column == "agency" else column, values)
        j = canonical.get("date")
        if j is None:
            date_raw: list[Any] = [""] * count
        elif typed:
            date_raw = [_raw(raw_rows[i], j) for i in keep]
        else:
            date_raw = cells_of(texts, j)
        out.add("date_raw", date_raw)
        # --- agency per row ---
        j = canonical.get("agency")
        agencies, kinds, bases = _agencies(
            cells_of(texts, j) if j is not None else None,
            count,
            fallback,
            resolver,
            agency_source,
        )
        out.add("agency", agencies)
        out.add("agency_kind", kinds)
        out.add("agency_basis", bases)
        # --- provenance ---
        out.add("source_file", [ctx.name] * count)
        out.add("source_location", [table.location] * count)
        out.add("source_row", [numbers[i] for i in keep])
        out.add("source_path", [ctx.path] * count)
        out.add("source_order", list(range(order, order + count)))
        order += count
        out.close_block(count)
        # --- report ---
        if table.hidden_sheet:
            issues.append(
                make_issue(
                    "sheet-hidden",
                    source_file=ctx.name,
                    source_location=table.location,
                    sheet=table.location,
                )
            )
        hidden = [numbers[i] for i in keep if numbers[i] in table.hidden]
        if hidden:
            issues.append(_hidden_issue(ctx, table, hidden))
        key = tuple(c.heading for c in mapping.choices)
        if header is not None and key not in reported_headings:
            reported_headings.add(key)
            issues.extend(_column_issues(ctx, item, header_number or 0))
        report: dict[str, Any] = {
            "location": table.location,
            "header_row": header_number,
            "header_rows": header.span if header else 0,
            "columns": report_columns,
            "rows": count,
            "agency": fallback.name,
            "agency_basis": fallback.basis,
        }
        repeated = _repeated_headers(raw_rows, keep, header_texts, table.plain)
        if repeated:
            report["repeated_headers"] = repeated
        if item.continues:
            report["continues"] = item.continues
        if hidden:
            report["hidden_rows"] = len(hidden)
        reports.append(report)
    return FileEntries(out.data, reports, issues, out.length)


def _raw(row: Sequence[Any], j: int) -> Any:
    value = row[j] if j < len(row) else ""
    if value is None:
        return ""
    if value.__class__ is str:
        return cell_text(value)
    return value


def _agencies(
    values: list[str] | None,
    count: int,
    fallback: AgencyChoice,
    resolver: AgencyResolver,
    source_column: bool,
) -> tuple[list[str], list[str], list[str]]:
    """Agency, kind and basis for every row.

    An agency column decides; a source column (a department, a record) only
    where neither the review file nor a title line names the agency.
    """
    if values is None:
        return (
            [fallback.name] * count,
            [fallback.kind] * count,
            [fallback.basis] * count,
        )
    if source_column and fallback.basis in ("review", "title"):
        return (
            [fallback.name] * count,
            [fallback.kind] * count,
            [fallback.basis] * count,
        )
    decided: dict[str, tuple[str, str, str]] = {}
    for value in set(values):
        found = resolver.for_value(value) if value else None
        if found is None and value and not source_column:
            found = (" ".join(value.split()), "")
        if found is None:
            decided[value] = (fallback.name, fallback.kind, fallback.basis)
        else:
            decided[value] = (found[0], found[1], "column")
    rows = [decided[v] for v in values]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def _repeated_headers(
    raw_rows: list[list[Any]], keep: list[int], header: list[str] | None, plain: bool
) -> int:
    """How many rows left out of a table were copies of its header row."""
    if header is None or len(keep) == len(raw_rows):
        return 0
    kept = set(keep)
    count = 0
    for i, row in enumerate(raw_rows):
        if i not in kept and row:
            text = [c.strip() for c in row] if plain else _row_texts(row)
            count += text == header
    return count


def _stripped(rows: list[list[str]], j: int) -> list[str]:
    return [r[j].strip() for r in rows]


def _as_is(rows: list[list[str]], j: int) -> list[str]:
    return [r[j] for r in rows]


def _data_rows(
    raw_rows: list[list[Any]], header: list[str] | None, plain: bool
) -> tuple[list[int], list[list[Any]]]:
    """Indices and cells of the non-blank rows (a repeated header is not data).

    Plain tables (text cells without carriage returns) keep their cells as
    they are and are stripped column by column later, which is much faster.
    """
    keep: list[int] = []
    rows: list[list[Any]] = []
    first = header[0] if header else None
    if plain:
        for i, row in enumerate(raw_rows):
            if not "".join(row).strip():
                continue
            if (
                header is not None
                and row
                and row[0].strip() == first
                and [c.strip() for c in row] == header
            ):
                continue
            keep.append(i)
            rows.append(row)
        return keep, rows
    for i, row in enumerate(raw_rows):
        text = _row_texts(row)
        if any(text) and text != header:
            keep.append(i)
            rows.append(text)
    return keep, rows
