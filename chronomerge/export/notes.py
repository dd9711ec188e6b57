"""Panel notes: carried from a previous panel pack into the next, by entry id.

Panel members write in the "Panel notes" column of the Chronology sheet.
When the chronology is merged again (an agency sends a corrected file), every
note follows its entry; a note whose entry is no longer there goes to the
"Orphaned notes" sheet, and is read back from there next time, so no note is
ever dropped.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ..errors import ExportError

CHRONOLOGY_SHEET = "Chronology"
ORPHANS_SHEET = "Orphaned notes"
ENTRY_ID_HEADING = "Entry id"
NOTES_HEADING = "Panel notes"


def read_notes(path: str | Path) -> dict[str, str]:
    """The panel notes of a previous ``panel_pack.xlsx``: entry id -> note.

    Reads the Chronology sheet's "Panel notes" column, found by its heading
    wherever the panel moved it, and the notes listed on an "Orphaned notes"
    sheet. Blank notes are left out.

    Raises:
        ExportError: when the file cannot be opened or has no Chronology sheet
            with "Entry id" and "Panel notes" headings.
    """
    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExportError(
            f"{path.name}: the panel notes could not be read ({exc}). Give the "
            "panel_pack.xlsx of an earlier merge, saved as an Excel workbook."
        ) from exc
    try:
        if CHRONOLOGY_SHEET not in book.sheetnames:
            raise ExportError(
                f"{path.name} has no sheet called {CHRONOLOGY_SHEET!r}, so it is not "
                "a panel pack chronomerge wrote. Give the panel_pack.xlsx of an "
                "earlier merge."
            )
        notes = _sheet_notes(book[CHRONOLOGY_SHEET].iter_rows(values_only=True))
        if notes is None:
            raise ExportError(
                f"{path.name}: the {CHRONOLOGY_SHEET} sheet has no {ENTRY_ID_HEADING!r}"
                f" and {NOTES_HEADING!r} columns in its first row. Put the headings "
                "back as chronomerge wrote them and try again."
            )
        if ORPHANS_SHEET in book.sheetnames:
            orphans = _sheet_notes(book[ORPHANS_SHEET].iter_rows(values_only=True))
            for entry_id, note in (orphans or {}).items():
                notes[entry_id] = _combine(notes.get(entry_id, ""), note)
        return notes
    finally:
        book.close()


def _sheet_notes(rows: Iterable[tuple[Any, ...]]) -> dict[str, str] | None:
    """Entry id -> note from rows whose header names both columns (any row of
    the first ten, so a title above the table is allowed)."""
    id_col = note_col = None
    notes: dict[str, str] = {}
    for number, row in enumerate(rows):
        if id_col is None or note_col is None:
            if number >= 10:
                return None
            headings = [_text(v).strip().casefold() for v in row]
            if (
                ENTRY_ID_HEADING.casefold() in headings
                and NOTES_HEADING.casefold() in headings
            ):
                id_col = headings.index(ENTRY_ID_HEADING.casefold())
                note_col = headings.index(NOTES_HEADING.casefold())
            continue
        entry_id = _text(row[id_col]).strip() if id_col < len(row) else ""
        note = _text(row[note_col]) if note_col < len(row) else ""
        if entry_id and note.strip():
            notes[entry_id] = _combine(notes.get(entry_id, ""), note)
    return notes if id_col is not None else None


def _combine(first: str, second: str) -> str:
    if not first or first == second:
        return second
    if not second:
        return first
    return f"{first}\n\n{second}"


def _text(value: Any) -> str:
    """A typed-in note as text (Excel may have made a number or date of it)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def place_notes(
    notes: dict[str, str], entry_ids: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Split notes into those whose entry is present and the orphans.

    Returns:
        (notes for present entries, notes whose entry no longer exists), the
        orphans in the order they were read.
    """
    present = set(entry_ids)
    kept = {k: v for k, v in notes.items() if k in present}
    orphans = {k: v for k, v in notes.items() if k not in present}
    return kept, orphans


SECOND_LOOK = "Changed since this note was written - please look again"
REMOVED_REASON = (
    "The agency's new version no longer has the entry this note was written "
    "against (see the Changes sheet). Copy the note to another entry if it "
    "still applies; it stays here until then."
)


def follow_entries(
    notes: dict[str, str],
    moves: dict[str, tuple[str, str]],
    removed: Iterable[str] = (),
) -> tuple[dict[str, str], dict[str, str]]:
    """Notes moved from the previous merge's entry ids to this merge's.

    ``moves`` (compare.Comparison.moves): previous id -> (id now, the
    columns that changed). A note on an unchanged entry follows it, even when
    its id or row moved; one on a changed entry follows it and is marked for
    a second look (SECOND_LOOK, naming the columns); one on a removed entry
    stays under its old id, so it is listed as orphaned. Notes on ids the
    previous merge did not have are kept as they are.

    Returns:
        (notes by entry id, the reason each note on a removed entry is
        orphaned).
    """
    gone = set(removed)
    moved: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for entry_id, note in notes.items():
        target, changed = moves.get(entry_id, (entry_id, ""))
        if changed:
            note = _marked(note, changed)
        if entry_id in gone:
            reasons[entry_id] = REMOVED_REASON
        moved[target] = _combine(moved.get(target, ""), note)
    return moved, reasons


def _marked(note: str, changed: str) -> str:
    """The note with one second-look line first (an older one replaced)."""
    first, _, rest = note.partition("\n")
    if first.startswith(f"[{SECOND_LOOK}"):
        note = rest
    columns = changed.replace(";", ", ").replace("_", " ")
    return f"[{SECOND_LOOK}: {columns}]\n{note}"
