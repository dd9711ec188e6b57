"""Turn the raw tables of one file into entries with provenance.

Each chosen table's columns are mapped, blank rows skipped, and every other
row becomes one entry with its provenance and agency, so every format follows
the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..agencies import AgencyChoice, AgencyResolver
from ..catalogue import make_issue
from ..model import (
    EXTRA_PREFIX,
    INPUT_COLUMNS,
    PROVENANCE_COLUMNS,
    REQUIRED_INPUT_COLUMNS,
    Issue,
    TableRecord,
)
from ..resources import load_toml
from .choose import Chosen, choose_tables, place, source_headings, title_lines
from .date_parts import join_date
from .headers import normalise_heading
from .raw import (
    TIME_COLUMNS,
    FileContext,
    FileEntries,
    RawTable,
    cell_text,
    row_texts,
)

__all__ = ["AGENCY_TEXT", "BASE_COLUMNS", "FileContext", "RawTable", "assemble"]

BASE_COLUMNS: tuple[str, ...] = (
    *PROVENANCE_COLUMNS,
    "agency",
    "agency_kind",
    "agency_basis",
    "date_raw",
)
AGENCY_TEXT = "agency_text"  # the agency cell as written, when there is one


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


def _extra_names(labels: list[str], taken: set[str]) -> list[str]:
    """extra.<heading> for each label, numbered where a heading repeats."""
    names: list[str] = []
    used = {EXTRA_PREFIX + t for t in taken}
    for label in labels:
        name = EXTRA_PREFIX + label
        n = 2
        while name in names or name in used:
            name = f"{EXTRA_PREFIX}{label} ({n})"
            n += 1
        names.append(name)
    return names


def _column_issues(ctx: FileContext, chosen: Chosen, number: int | None) -> list[Issue]:
    issues: list[Issue] = []
    table = chosen.table
    spec = load_toml("columns.toml")["columns"]
    common: dict[str, Any] = {
        "source_file": ctx.name,
        "source_location": table.location,
    }
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
        if column not in have and column not in chosen.mapping.inferred:
            issues.append(
                make_issue(
                    "column-missing",
                    **common,
                    source_row=number,
                    column=column,
                    where=place(ctx, table),
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
        where=place(ctx, table),
        rows=f"rows {shown}",
    )


def assemble(tables: list[RawTable], ctx: FileContext) -> FileEntries:
    """Entries of one file: header found, columns mapped, blank rows skipped."""
    chosen, issues = choose_tables(tables, ctx)
    out = _Columns()
    reports: list[TableRecord] = []
    carried_title: tuple[str, str] | None = None
    guessed = False
    reported_headings: set[tuple[str, ...]] = set()
    for item in chosen:
        table, header = item.table, item.header
        head_texts = [row_texts(r) for r in table.rows[: item.start]]
        title = ctx.resolver.from_title(
            [*table.titles, *title_lines(head_texts[: header.index if header else 0])]
        )
        carried_title = title or carried_title
        fallback = _fallback_agency(ctx, carried_title)
        if fallback.basis in ("filename", "default") and not guessed:
            guessed = True
            issues.append(_guessed_issue(ctx, fallback))
        rows = _table_rows(item, head_texts, ctx, issues)
        report_columns, canonical = _add_columns(out, item, rows)
        _add_agency(out, item, rows, canonical.get("agency"), fallback, ctx)

        _add_provenance(out, rows, ctx, item.table.location, start=out.length)
        out.close_block(len(rows.keep))
        hidden = [rows.numbers[i] for i in rows.keep if rows.numbers[i] in table.hidden]
        issues.extend(_table_issues(ctx, table, hidden))
        if table.merged_down:
            issues.extend(_merged_issues(ctx, item, rows))
        key = tuple(c.heading for c in item.mapping.choices)
        if header is not None and key not in reported_headings:
            reported_headings.add(key)
            number = table.numbers[header.index] if header.span else None
            issues.extend(_column_issues(ctx, item, number))
        reports.append(_table_report(item, rows, report_columns, fallback, hidden))
    return FileEntries(out.data, reports, issues, out.length)


@dataclass
class _Rows:
    """One table's data rows: as read (``raw``), their row numbers, which of
    them are entries (``keep``) and their cells as text, padded to ``width``."""

    raw: list[list[Any]]
    numbers: list[int]
    keep: list[int]
    texts: list[list[str]]
    width: int
    header_texts: list[str] | None

    def cells(self, plain: bool, j: int) -> list[str]:
        return _stripped(self.texts, j) if plain else _as_is(self.texts, j)


def _fallback_agency(
    ctx: FileContext, carried_title: tuple[str, str] | None
) -> AgencyChoice:
    """The agency of rows no agency column names: the review file's, else a
    title's, else the file name's."""
    review_agency = ctx.resolver.from_review(ctx.name)
    if review_agency:
        return AgencyChoice(*review_agency, "review")
    if carried_title:
        return AgencyChoice(*carried_title, "title")
    return ctx.resolver.for_file(ctx.name, [])


def _guessed_issue(ctx: FileContext, fallback: AgencyChoice) -> Issue:
    basis = "the file name" if fallback.basis == "filename" else "its name"
    return make_issue(
        "agency-guessed", source_file=ctx.name, basis=basis, agency=fallback.name
    )


def _table_rows(
    item: Chosen, head_texts: list[list[str]], ctx: FileContext, issues: list[Issue]
) -> _Rows:
    """The rows below the header; past ``max_rows`` text only, with an issue."""
    table, header = item.table, item.header
    raw_rows = table.rows[item.start :]
    numbers = list(table.numbers[item.start :])
    if len(raw_rows) > ctx.max_rows:
        issues.append(
            make_issue(
                "too-many-rows",
                source_file=ctx.name,
                source_location=table.location,
                where=place(ctx, table),
                detail=f"{ctx.max_rows:,} rows",
                first=f"{numbers[ctx.max_rows]:,}",
            )
        )
        raw_rows = _text_only_past(raw_rows, ctx.max_rows, item.mapping)
    header_texts = head_texts[header.index] if header and header.span == 1 else None
    keep, texts = _data_rows(raw_rows, header_texts, table.plain)
    width = max([len(t) for t in texts] + [len(item.mapping.choices)], default=0)
    for t in texts:
        if len(t) < width:
            t.extend([""] * (width - len(t)))
    return _Rows(raw_rows, numbers, keep, texts, width, header_texts)


def _add_columns(
    out: _Columns, item: Chosen, rows: _Rows
) -> tuple[dict[str, str], dict[str, int]]:
    """Add the mapped and extra columns; return the report of columns and
    where each mapped column is."""
    table, mapping = item.table, item.mapping
    plain = table.plain
    report_columns: dict[str, str] = {}
    extra_labels: list[tuple[int, str]] = []
    canonical: dict[str, int] = {}
    for col in range(rows.width):
        choice = mapping.choices[col] if col < len(mapping.choices) else None
        if choice is not None and choice.column:
            canonical[choice.column] = col
            heading = choice.heading or table.column_label(col)
            report_columns[heading] = choice.column
            continue
        heading = choice.heading if choice is not None else ""
        if not heading and not any(rows.cells(plain, col)):
            continue
        extra_labels.append((col, heading or table.column_label(col)))
    names = _extra_names([label for _, label in extra_labels], set(report_columns))
    for (col, _label), name in zip(extra_labels, names, strict=True):
        part = mapping.part_at(col)
        report_columns[name[len(EXTRA_PREFIX) :]] = (
            f"date ({part})" if part else "extra"
        )
        out.add(name, rows.cells(plain, col))
    for column in INPUT_COLUMNS:
        j = canonical.get(column)
        if j is None:
            continue
        if not plain and column in TIME_COLUMNS:
            values = [
                cell_text(rows.raw[i][j] if j < len(rows.raw[i]) else "", column)
                for i in rows.keep
            ]
        else:
            values = rows.cells(plain, j)
        out.add(AGENCY_TEXT if column == "agency" else column, values)
    j = canonical.get("date")
    if j is None and mapping.date_parts:
        date_raw: list[Any] = _joined_dates(rows, plain, mapping.date_parts)
        out.add("date", date_raw)
    elif j is None:
        date_raw = [""] * len(rows.keep)
    elif not plain:
        date_raw = [_raw(rows.raw[i], j) for i in rows.keep]
    else:
        date_raw = rows.cells(plain, j)
    out.add("date_raw", date_raw)
    return report_columns, canonical


def _joined_dates(rows: _Rows, plain: bool, parts: dict[str, int]) -> list[Any]:
    """Each row's date from its Day | Month | Year cells, joined as one."""
    cells = {part: rows.cells(plain, j) for part, j in parts.items()}
    blank = [""] * len(rows.keep)
    return [
        join_date(day, month, year)
        for day, month, year in zip(
            cells.get("day", blank), cells["month"], cells["year"], strict=True
        )
    ]


def _add_agency(
    out: _Columns,
    item: Chosen,
    rows: _Rows,
    column: int | None,
    fallback: AgencyChoice,
    ctx: FileContext,
) -> None:
    """Each row's agency, kind and how it was decided."""
    cells, names_source = None, False
    if column is not None:
        cells = rows.cells(item.table.plain, column)
        heading = item.mapping.choices[column].heading
        names_source = normalise_heading(heading) in source_headings()
    agencies, kinds, bases = _agencies(
        cells, len(rows.keep), fallback, ctx.resolver, names_source
    )
    out.add("agency", agencies)
    out.add("agency_kind", kinds)
    out.add("agency_basis", bases)


def _add_provenance(
    out: _Columns, rows: _Rows, ctx: FileContext, location: str, *, start: int
) -> None:
    """Where each entry came from: file, sheet or table, row, and its order."""
    count = len(rows.keep)
    out.add("source_file", [ctx.name] * count)
    out.add("source_location", [location] * count)
    out.add("source_row", [rows.numbers[i] for i in rows.keep])
    out.add("source_path", [ctx.path] * count)
    out.add("source_order", list(range(start, start + count)))


def _table_issues(ctx: FileContext, table: RawTable, hidden: list[int]) -> list[Issue]:
    """A hidden sheet, and hidden rows read as entries."""
    found = []
    if table.hidden_sheet:
        found.append(
            make_issue(
                "sheet-hidden",
                source_file=ctx.name,
                source_location=table.location,
                sheet=table.location,
            )
        )
    if hidden:
        found.append(_hidden_issue(ctx, table, hidden))
    return found


def _merged_issues(ctx: FileContext, item: Chosen, rows: _Rows) -> list[Issue]:
    """One note per entry given the text of a cell merged down over it, naming
    the cell by its heading (the copy is made by the Word reader)."""
    headings = {c.position: c.heading for c in item.mapping.choices}
    found = []
    for i in rows.keep:
        number = rows.numbers[i]
        columns = item.table.merged_down.get(number)
        if not columns:
            continue
        names = [headings.get(j) or f"column {j + 1}" for j in columns]
        found.append(
            make_issue(
                "cell-merged-down",
                source_file=ctx.name,
                source_location=item.table.location,
                source_row=number,
                cells=" and ".join(f"'{n}'" for n in names),
                value=" / ".join(str(rows.raw[i][j]).strip() for j in columns),
            )
        )
    return found


def _table_report(
    item: Chosen,
    rows: _Rows,
    report_columns: dict[str, str],
    fallback: AgencyChoice,
    hidden: list[int],
) -> TableRecord:
    """How one table was read, for the manifest and validate."""
    table, header, mapping = item.table, item.header, item.mapping
    return TableRecord(
        location=table.location,
        header_row=table.numbers[header.index] if header and header.span else None,
        header_rows=header.span if header else 0,
        columns=report_columns,
        rows=len(rows.keep),
        agency=fallback.name,
        agency_basis=fallback.basis,
        header_guessed=bool(header is not None and header.guessed),
        inferred=dict(sorted(mapping.inferred.items())),
        repeated_headers=_repeated_headers(
            rows.raw, rows.keep, rows.header_texts, table.plain
        ),
        continues=item.continues,
        hidden_rows=len(hidden),
    )


def _text_only_past(rows: list[list[Any]], limit: int, mapping: Any) -> list[list[Any]]:
    """Rows past ``limit`` kept as text only: each row's cells joined into its
    description cell, so the row is an entry (nothing is lost) while the
    limit still bounds the work of reading its columns."""
    where = next((c.position for c in mapping.choices if c.column == "description"), 0)
    kept = rows[:limit]
    for row in rows[limit:]:
        text = " | ".join(t for t in row_texts(row) if t)
        cells: list[Any] = [""] * (where + 1)
        cells[where] = text
        kept.append(cells)
    return kept


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
            text = [c.strip() for c in row] if plain else row_texts(row)
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
        text = row_texts(row)
        if any(text) and text != header:
            keep.append(i)
            rows.append(text)
    return keep, rows
