"""Choose the tables of a file that hold the chronology, and their headers.

A workbook's guidance and example sheets, a Word document's cover table and
chronomerge's own outputs are skipped (and listed); a Word table without a
header that carries on the table before it is read with that table's columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..agencies import normalise_name
from ..catalogue import make_issue
from ..model import Issue
from ..resources import load_toml
from .content import SAMPLE_ROWS, choose_columns, guess_header
from .headers import (
    HEADER_WINDOW,
    HeaderChoice,
    Mapping,
    expected_headings,
    find_header,
    headings_found,
    normalise_heading,
)
from .raw import FileContext, RawTable, row_texts
from .safety import FileProblem

# Headings of chronomerge's own outputs (chronology, issues, gaps, flags) and of
# answer keys built like them: such files are never agency chronologies.
_OUTPUT_MARKERS: tuple[frozenset[str], ...] = (
    frozenset({"source file", "source row"}),
    frozenset({"scope", "start", "end", "days"}),
    frozenset({"flag", "date", "summary"}),
    frozenset({"flag", "date", "entries"}),
    frozenset({"severity", "code", "message"}),
    frozenset({"entry id", "date as written"}),  # the panel pack's sheets
    frozenset({"event group", "entry ids"}),
    frozenset({"episode start", "episode end"}),  # key practice episodes
    frozenset({"send entry id", "receipt entry id"}),  # the sharing ledger
    frozenset({"send entry", "receipt entries"}),  # its answer key
    frozenset({"decision entry id", "known as"}),  # what was known
    frozenset({"first entry id", "second entry id"}),  # conflicting accounts
    frozenset({"first source file", "second source file"}),  # their answer key
    frozenset({"person", "first mention", "last mention"}),  # people.csv
    frozenset({"person", "household", "not known to health or care"}),  # its truth
)
OUTPUT_REASON = "it looks like a chronomerge output or answer key, not a chronology"


@dataclass
class Chosen:
    table: RawTable
    header: HeaderChoice | None  # None: continues the table before it
    mapping: Mapping
    start: int  # index of the first data row
    continues: str = ""


def source_headings() -> frozenset[str]:
    spec = load_toml("columns.toml")["columns"]["agency"]
    return frozenset(normalise_heading(h) for h in spec.get("source_headings", []))


def _skip_words() -> list[str]:
    words = load_toml("columns.toml").get("sheets", {}).get("skip", [])
    return [normalise_name(w) for w in words]


def title_lines(rows: Sequence[Sequence[str]]) -> list[str]:
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
    """True when one of the first rows holds the headings of an output."""
    filled = [row for row in rows[:12] if any(row)][:4]
    for row in filled:
        found = {normalise_heading(h) for h in row if h}
        if any(found >= marker for marker in _OUTPUT_MARKERS):
            return True
    return False


def _header_index(table: RawTable, header_row: int | None) -> int | None:
    if header_row is None:
        return None
    for index, number in enumerate(table.numbers[: HEADER_WINDOW * 50]):
        if number == header_row:
            return index
    return -1


def place(ctx: FileContext, table: RawTable) -> str:
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
) -> tuple[list[Chosen], list[Issue]]:
    """The tables that hold the chronology, each with its header and mapping."""
    override = ctx.override
    overrides = override.columns if override else None
    wanted = [s.casefold() for s in override.sheets] if override else []
    header_row = override.header_row if override else None
    chosen: list[Chosen] = []
    issues: list[Issue] = []
    unrecognised: list[RawTable] = []
    outputs: list[RawTable] = []
    carried: list[str] = []
    for table in tables:
        head = [row_texts(r) for r in table.rows[: HEADER_WINDOW + 1]]
        reason = _not_read(table, wanted, head)
        if reason:
            issues.append(_skip(ctx, table, reason))
            continue
        if _is_output(head):
            outputs.append(table)
            issues.append(_skip(ctx, table, OUTPUT_REASON))
            continue
        index = _header_index(table, header_row)
        if index is not None and index >= len(head):
            head = [row_texts(r) for r in table.rows[: index + 2]]
        header = None if index == -1 else find_header(head, overrides, index)
        if carried and table.may_continue:
            table.titles = [*carried, *table.titles]
            carried = []
        if header is not None:
            start = header.index + header.span
            below = [row_texts(r) for r in table.rows[start : start + SAMPLE_ROWS]]
            mapping = choose_columns(
                header.headings, overrides, below, table.column_label
            )
            header = replace(header, mapping=mapping)
            chosen.append(Chosen(table, header, mapping, start))
            continue
        previous = chosen[-1] if chosen else None
        if previous is not None and _continues(table, previous.table):
            chosen.append(
                Chosen(table, None, previous.mapping, 0, previous.table.location)
            )
            continue
        guessed = None if index == -1 else _guess(table, overrides)
        if guessed is not None:
            chosen.append(
                Chosen(table, guessed, guessed.mapping, guessed.index + guessed.span)
            )
            issues.append(_guessed_issue(ctx, table, guessed))
            continue
        unrecognised.append(table)
        if table.may_continue:
            # A cover table ("Agency | Police") titles the table after it.
            carried.extend(title_lines([row_texts(r) for r in table.rows[:20]]))
        found = ", ".join(f"'{h}'" for h in headings_found(head, 6)) or "none"
        reason = f"no header row was recognised (headings found: {found})"
        issues.append(_skip(ctx, table, reason))
    if ctx.allow_sheet_skips and len(chosen) > 1:
        chosen, more = _skip_guidance_sheets(chosen, ctx)
        issues.extend(more)
    if not chosen and outputs:
        raise FileProblem("file-skipped", reason=OUTPUT_REASON)
    if not chosen and unrecognised:
        issues.append(_no_header(ctx, unrecognised))
    return chosen, issues


def _not_read(table: RawTable, wanted: list[str], head: list[list[str]]) -> str:
    """Why a table is not read at all ("" when it may be)."""
    if wanted and table.location.casefold() not in wanted:
        return "the review file names other sheets for this file"
    if table.skip_reason:
        return table.skip_reason
    if not any(any(r) for r in head) and not any(any(row_texts(r)) for r in table.rows):
        return "it is empty"
    return ""


def _continues(table: RawTable, previous: RawTable) -> bool:
    """A headerless Word table as wide as the one before it carries on that
    table (a table split across pages)."""

    def width(t: RawTable) -> int:
        return max((len(r) for r in t.rows), default=0)

    return (
        table.may_continue and previous.may_continue and width(table) == width(previous)
    )


def _guess(table: RawTable, overrides: dict[str, str] | None) -> HeaderChoice | None:
    """A table without a recognised header, read by its cells (or None)."""
    rows = [row_texts(r) for r in table.rows[: SAMPLE_ROWS + HEADER_WINDOW]]
    return guess_header(rows, overrides, table.column_label)


def _guessed_issue(ctx: FileContext, table: RawTable, header: HeaderChoice) -> Issue:
    """The warning for a table read without a recognised header: what was
    done, and how to say what its columns are."""
    found = ", ".join(f"'{h}'" for h in header.headings if h) or "none"
    issue = make_issue(
        "no-header",
        severity="warning",
        source_file=ctx.name,
        source_location=table.location,
        source_row=table.numbers[header.index] if header.span else None,
        where=place(ctx, table),
        found=found,
        expected=", ".join(f"'{h}'" for h in expected_headings()),
    )
    number = table.numbers[header.index]
    if header.span:
        done = (
            f"Its rows were read all the same: row {number} as the headings and "
            "every row below it as an entry"
        )
    else:
        done = (
            f"Its rows were read all the same, every row from row {number} as an entry"
        )
    return replace(
        issue,
        message=f"{issue.message} {done}, with the columns chosen by what they "
        "hold (check the columns listed for it).",
    )


def _skip_guidance_sheets(
    chosen: list[Chosen], ctx: FileContext
) -> tuple[list[Chosen], list[Issue]]:
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
    head = [row_texts(r) for r in table.rows[:HEADER_WINDOW]]
    found = ", ".join(f"'{h}'" for h in headings_found(head)) or "none"
    where = place(ctx, table) if len(tables) == 1 else ctx.name
    return make_issue(
        "no-header",
        source_file=ctx.name,
        source_location=table.location if len(tables) == 1 else "",
        where=where,
        found=found,
        expected=", ".join(f"'{h}'" for h in expected_headings()),
    )
