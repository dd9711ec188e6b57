"""The panel pack: ``panel_pack.xlsx``, the collated workbook the panel works from.

Sheets: About, Chronology (every entry in date order, with a "Panel notes"
column), Episodes (the key practice episodes: the author's accepted ones and
chronomerge's proposals, in date order), Voice of the child (entries with the
child's words or observed presentation), People (the register of people the
entries name, with the prompt that names each), Orphaned notes (only when carried
notes lost their entry), Combined events, Linked events, Gaps, Flags,
Sharing (the information-sharing ledger: each send and whether its
recipient records it), What was known (each decision with what the deciding
agency recorded, was told, and had no record of), Conflicts (where agencies'
accounts of one event differ, side by side), Validation, Summary, then
one sheet per agency.
Every text cell is written as text, so an entry beginning with ``=``, ``+``,
``-`` or ``@`` can never become a formula. Rows are streamed to temporary
files, so a review of 100,000 entries fits in memory.

Printing: every sheet prints one page wide, its heading row on every page,
the marking in the page header and footer. A sheet wider than A4 landscape
holds at about 70% (the 16-column Chronology, Combined events with many
agencies, most agency sheets) is set to A3 landscape: fitted to A4 the
Chronology's 11pt text would print at about 5pt, on A3 at about 7.5pt. An
office with only A4 can still choose A4 when printing (the sheet is then
shrunk to fit); the Word chronology is the A4 print of the same entries.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from .._version import __version__
from ..errors import ExportError
from . import pack_about as about
from . import pack_tables as tables
from . import sharing_tables
from .notes import (
    CHRONOLOGY_SHEET,
    ENTRY_ID_HEADING,
    NOTES_HEADING,
    ORPHANS_SHEET,
    follow_entries,
    place_notes,
    read_notes,
)
from .package import Filler, fill_package
from .pseudonymise import is_pseudonymised, pseudonymiser
from .repeatable import FIXED_DATETIME
from .style import ILLEGAL_XML, AgencyStyle, agency_styles, cell_text, clean_text

if TYPE_CHECKING:
    from ..chronology import Chronology

EPISODES_SHEET = "Episodes"
CHANGES_SHEET = "Changes"
VOICE_SHEET = "Voice of the child"
SHARING_SHEET = "Sharing"
KNOWN_SHEET = "What was known"
CONFLICTS_SHEET = "Conflicts"
PEOPLE_SHEET = "People"
EXCEL_CELL_LIMIT = 32_767
HEADER_FILL = "404040"
LINE_HEIGHT = 15.0  # points per line of the default font (Calibri 11)
CHARS_PER_WIDTH = 1.1  # characters per column width unit, allowing for wrapping
MAX_ROW_HEIGHT = 409.0  # Excel's tallest row
FONT_SIZE = 11.0
SMALL_SIZE = 10.0  # secondary text (other event types)
GREY_TEXT = "404040"
# Paper: width units (about one character of Calibri 11 each, 5.25pt) that
# A4 landscape holds, between 0.4-inch margins, at 70% scale; wider sheets
# print on A3 landscape.
A4_LANDSCAPE_UNITS = 205.0
PAPER_A4, PAPER_A3 = "9", "8"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Value = str | int | float | None


@dataclass(frozen=True)
class Cell:
    """A value with its look: ``fill`` and ``font`` as ``RRGGBB`` (or empty)."""

    value: Value
    fill: str = ""
    font: str = ""
    bold: bool = False
    size: float = 0.0  # points; 0 is the default 11


# A cell's look without its value: (fill, font, bold, size), as in Cell. A
# row of many cells is given its values and a tuple of looks, one a column,
# shared by every row that looks the same (an agency's rows), so the large
# sheets make no object per cell.
Look = tuple[str, str, bool, float]
PLAIN: Look = ("", "", False, 0.0)
_PLAIN_LOOKS: tuple[Look, ...] = ()


class _Book:
    """A workbook whose rows are written as SpreadsheetML text.

    openpyxl lays out the package (styles, print set-up, frozen panes,
    filters, column widths) from sheets it sees as empty; the rows, built here
    as text, are streamed into each sheet's ``<sheetData>`` on saving, and
    each distinct text once into the shared strings (What was known shows an
    entry beside every decision it preceded: kept inline, its words were
    written again each time, 60% of the package's text at 22k entries).
    openpyxl's own cell writer takes about 50 microseconds a cell, minutes
    for a large review; text takes a few.
    """

    def __init__(self, marking: str, title: str) -> None:
        self.book = Workbook(write_only=True)
        self.marking = marking
        self.title = title
        self._styles: dict[tuple[str, str, bool, bool, float], int] = {}
        self._names: set[str] = set()
        self._sheets: dict[str, _SheetRows] = {}
        # Lines each (text, line width) wraps to: a description is shown on
        # several sheets, at the same width, so it is counted once.
        self._wrapped: dict[tuple[str, int], int] = {}
        # Each distinct text's (text as shown, cell XML after its style,
        # length, whether it holds a line break): agency names, dates, list
        # names and descriptions recur on many rows and sheets (What was
        # known repeats an entry for every decision it preceded), so each is
        # checked and escaped once, and kept once in the shared strings.
        self._bodies: dict[str, tuple[str, str, int, bool]] = {}
        self._strings = _SharedStrings()
        self._references = 0  # text cells, the table's count
        self.book.properties.creator = "chronomerge"
        self.book.properties.title = clean_text(title)
        self.book.properties.created = FIXED_DATETIME
        self.book.properties.modified = FIXED_DATETIME

    def style(
        self,
        ws: Any,
        fill: str,
        font: str,
        bold: bool,
        wrap: bool,
        size: float = 0.0,
    ) -> int:
        """The workbook's style number for a look, registered on first use."""
        key = (fill, font, bold, wrap, size)
        if key not in self._styles:
            cell = WriteOnlyCell(ws)
            if fill:
                cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
            cell.font = Font(
                name="Calibri",
                size=size or FONT_SIZE,
                color=font or None,
                bold=bold,
            )
            cell.alignment = Alignment(wrap_text=wrap, vertical="top")
            self._styles[key] = cell.style_id
        return self._styles[key]

    def sheet_name(self, wanted: str) -> str:
        """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, not
        starting or ending with an apostrophe, unique whatever the case."""
        name = _SHEET_FORBIDDEN.sub(" ", clean_text(wanted).replace("\ufffd", " "))
        name = re.sub(r"\s+", " ", name).strip().strip("'").strip() or "Agency"
        if name.casefold() == "history":
            name = "History (agency)"
        base, number = name[:31].strip(), 1
        candidate = base
        while candidate.casefold() in self._names:
            number += 1
            suffix = f" ({number})"
            candidate = base[: 31 - len(suffix)].rstrip() + suffix
        self._names.add(candidate.casefold())
        return candidate

    def sheet(
        self,
        title: str,
        widths: Sequence[float],
        *,
        header: bool = True,
        landscape: bool = True,
    ) -> Any:
        """A new sheet with column widths and print set-up: one page wide
        (A3 when too wide for A4 landscape, see the module docstring), the
        marking in the page header and footer, page numbers."""
        ws = self.book.create_sheet(self.sheet_name(title))
        self._sheets[ws.title] = _SheetRows(widths)
        for number, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(number)].width = width
        if header:
            ws.freeze_panes = "A2"
            ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        wide = landscape and sum(widths) > A4_LANDSCAPE_UNITS
        ws.page_setup.paperSize = PAPER_A3 if wide else PAPER_A4
        ws.page_margins = PageMargins(
            left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3
        )
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.gridLines = True
        ws.oddHeader.center.text = _hf(self.marking)
        ws.oddHeader.center.font = "Arial,Bold"
        ws.oddHeader.left.text = _hf(self.title)
        ws.oddFooter.center.text = "Page &P of &N"
        ws.oddFooter.right.text = _hf(self.marking)
        return ws

    def table(
        self,
        title: str,
        headings: Sequence[str],
        widths: Sequence[float],
        rows: Iterable[Sequence[Any]],
        *,
        styled: bool = False,
    ) -> Any:
        """A sheet holding one table: bold header row, autofilter, wrapped text.

        A row item may be a plain value or a :class:`Cell` giving its colours;
        with ``styled`` each row is a pair (values, looks), ``looks`` a tuple
        of one :data:`Look` a column. ``rows`` may be a generator (the rows
        are streamed, not kept).
        """
        ws = self.sheet(title, widths)
        self.header_row(ws, headings)
        count = 0
        if styled:
            for values, looks in rows:
                self.row(ws, values, looks=looks)
                count += 1
        else:
            for row in rows:
                self.row(ws, row)
                count += 1
        last = get_column_letter(len(headings))
        ws.auto_filter.ref = f"A1:{last}{count + 1}"
        return ws

    def header_row(self, ws: Any, headings: Sequence[str]) -> None:
        self.row(ws, [Cell(h, HEADER_FILL, "FFFFFF", True) for h in headings])

    def _column(
        self, ws: Any, sheet: _SheetRows, k: int, look: Look, wrap: bool
    ) -> tuple[int, int, float]:
        """Column ``k``'s (style number, characters a line holds or 0 when
        the text is not wrapped, line height scale) for a look."""
        key = (k, look, wrap)
        found = sheet.columns.get(key)
        if found is None:
            fill, font, bold, size = look
            style = self.style(ws, fill, font, bold, wrap, size)
            width = 0
            if wrap:
                per_line = sheet.per_line
                width = per_line[k] if k < len(per_line) else 10
                if bold:  # bold letters are wider
                    width = max(int(width * 0.88), 1)
                if size:  # smaller letters: more to a line, lines less tall
                    width = max(int(width * FONT_SIZE / size), 1)
            found = (style, width, size / FONT_SIZE if size else 1.0)
            sheet.columns[key] = found
        return found

    def row(
        self,
        ws: Any,
        values: Sequence[Any],
        wrap: bool = True,
        looks: tuple[Look, ...] = _PLAIN_LOOKS,
    ) -> None:
        """Append a row. Text is stored as text (shared strings), never as a
        formula; wrapped rows get a height that shows all their text, since
        neither Excel's nor LibreOffice's import fits rows to their text.
        ``looks`` gives each column's look (plain beyond it); a :class:`Cell`
        brings its own.

        This loop runs for every cell of the pack, so it is kept plain.
        """
        sheet = self._sheets[ws.title]
        sheet.count += 1
        number = str(sheet.count)
        self.style(ws, "", "", False, wrap)  # the plain look first, as ever
        layout = sheet.layouts.get((looks, wrap))
        if layout is None:
            layout = [
                self._column(ws, sheet, k, look, wrap) for k, look in enumerate(looks)
            ]
            sheet.layouts[looks, wrap] = layout
        shown = len(layout)
        letters = sheet.letters
        plain = sheet.plain.get(wrap)
        if plain is None or len(plain) < len(values):
            # the plain look of every column (it registers no new style: the
            # plain look is registered above), made once a sheet
            plain = [
                self._column(ws, sheet, k, PLAIN, wrap)
                for k in range(max(len(values), len(letters)))
            ]
            sheet.plain[wrap] = plain
        wrapped = self._wrapped
        bodies = self._bodies
        references = 0
        height = LINE_HEIGHT
        cells: list[str] = []
        append = cells.append
        for k, value in enumerate(values):
            if type(value) is Cell:
                look = (value.fill, value.font, value.bold, value.size)
                style, width, scale = self._column(ws, sheet, k, look, wrap)
                value = value.value
            elif k < shown:
                style, width, scale = layout[k]
            else:
                style, width, scale = plain[k]
            ref = (letters[k] if k < len(letters) else _letter(k + 1)) + number
            text = value if type(value) is str else _as_text(value)
            if text is None:
                append(f'<c r="{ref}" s="{style}"><v>{value}</v></c>')
                continue
            if not text:
                append(f'<c r="{ref}" s="{style}"/>')
                continue
            known = bodies.get(text)
            if known is None:
                known = bodies[text] = _cell_body(text, self._strings)
            shown_text, body, size, lined = known
            if width and (size > width or lined):
                lines = wrapped.get((shown_text, width))
                if lines is None:
                    lines = wrapped[shown_text, width] = _lines(shown_text, width)
                tall = lines * LINE_HEIGHT * scale
                if tall > height:
                    height = tall
            append(f'<c r="{ref}" s="{style}{body}')
            references += 1
        custom = ""
        if height > LINE_HEIGHT:
            height = min(math.ceil(height * 4) / 4, MAX_ROW_HEIGHT)
            custom = f' ht="{height:g}" customHeight="1"'
        sheet.write(f'<row r="{number}"{custom}>{"".join(cells)}</row>')
        self._references += references

    def save(self, path: Path) -> None:
        """Save the package with openpyxl, then stream the rows into it."""
        skeleton = path.with_name(path.name + ".part")
        try:
            self.book.save(skeleton)
            with zipfile.ZipFile(skeleton) as package:
                parts = _sheet_parts(package)
            fillers: dict[str, Filler] = {
                member: self._sheets[name].fill
                for member, name in parts.items()
                if name in self._sheets
            }
            # openpyxl lays out no shared strings for empty sheets: the part,
            # its content type and the workbook's link to it are added here.
            fillers[_CONTENT_TYPES] = _adding(_STRINGS_TYPE, "</Types>")
            fillers[_WORKBOOK_RELS] = _adding(_STRINGS_REL, "</Relationships>")
            fill_package(
                skeleton, path, fillers, added={_STRINGS_PART: self._write_strings}
            )
        finally:
            skeleton.unlink(missing_ok=True)
            for sheet in self._sheets.values():
                sheet.close()
            self._strings.close()

    def _write_strings(self, _skeleton: bytes, out: IO[bytes]) -> None:
        """xl/sharedStrings.xml: every distinct text once, in the order the
        cells' numbers give."""
        out.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns='
            f'"{_MAIN_NS}" count="{self._references}" '
            f'uniqueCount="{self._strings.unique}">'.encode()
        )
        self._strings.copy_to(out)
        out.write(b"</sst>")


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRINGS_PART = "xl/sharedStrings.xml"
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_STRINGS_REL = (
    '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdStrings"/>'
)


def _adding(element: str, before: str) -> Filler:
    """A filler writing a part with ``element`` put before its closing tag."""

    def fill(skeleton: bytes, out: IO[bytes]) -> None:
        text = skeleton.decode("utf-8")
        at = text.rindex(before)
        out.write((text[:at] + element + text[at:]).encode("utf-8"))

    return fill


class _SheetRows:
    """One sheet's row text, in memory until it grows large, then on disk."""

    def __init__(self, widths: Sequence[float]) -> None:
        # Characters a line of each column holds (a width unit holds about
        # one character of the default font).
        self.per_line = [max(int(w * CHARS_PER_WIDTH), 1) for w in widths]
        self.letters = [_letter(k + 1) for k in range(max(len(widths), 26))]
        self.count = 0
        # Looks compiled to (style, line width, scale): per column, per row.
        self.columns: dict[tuple[int, Look, bool], tuple[int, int, float]] = {}
        self.layouts: dict[tuple[tuple[Look, ...], bool], list[Any]] = {}
        # The plain look of each column, wrapped or not (row's default).
        self.plain: dict[bool, list[tuple[int, int, float]]] = {}
        self._rows = _Spool()  # closed by close(), after the package is written
        self.write = self._rows.write

    def fill(self, skeleton: bytes, out: IO[bytes]) -> None:
        """Write the sheet's XML with these rows in its empty ``<sheetData>``."""
        head, tail = _SHEET_DATA.split(skeleton.decode("utf-8"), maxsplit=1)
        out.write(head.encode("utf-8") + b"<sheetData>")
        self._rows.copy_to(out)
        out.write(b"</sheetData>" + tail.encode("utf-8"))

    def close(self) -> None:
        self._rows.close()


class _Spool:
    """Text written in order, in memory until it grows large, then on disk."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=16 << 20)  # noqa: SIM115
        self._pending: list[str] = []

    def write(self, text: str) -> None:
        """Keep a piece of text; pieces go to the file a few hundred at a time."""
        self._pending.append(text)
        if len(self._pending) >= 512:
            self._flush()

    def _flush(self) -> None:
        self._file.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()

    def copy_to(self, out: IO[bytes]) -> None:
        """Write everything kept, as UTF-8, to ``out``."""
        self._flush()
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 1 << 20)

    def close(self) -> None:
        self._file.close()


class _SharedStrings:
    """The shared strings table as it grows: each distinct text's ``<si>``
    element, spooled (only its number stays in memory, with the text's)."""

    def __init__(self) -> None:
        self.unique = 0
        self._items = _Spool()

    def add(self, element: str) -> int:
        """Add one ``<si>`` element; its number."""
        self._items.write(element)
        self.unique += 1
        return self.unique - 1

    def copy_to(self, out: IO[bytes]) -> None:
        self._items.copy_to(out)

    def close(self) -> None:
        self._items.close()


_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4})_")


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each worksheet -> its sheet name, from workbook.xml."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): (rel.get("Target") or "").lstrip("/")
        for rel in rels.findall("p:Relationship", ns)
    }
    parts = {}
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        if target and not target.startswith("xl/"):
            target = "xl/" + target
        parts[target] = sheet.get("name", "")
    return parts


_SPACE = frozenset(" \t\n\r")


@cache
def _letter(number: int) -> str:
    return get_column_letter(number)


def _as_text(value: Any) -> str | None:
    """The text of a cell, or None when it is a number to store as one."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else ""
    if isinstance(value, str):
        return value
    return cell_text(value)


def _cell_body(text: str, strings: _SharedStrings) -> tuple[str, str, int, bool]:
    """A non-empty text as a cell shows it (see _excel_text), the end of its
    ``<c>`` element after the style number, its length and whether it holds
    a line break (what Book.row needs to size the row). The text is added
    to the shared ``strings``."""
    if len(text) > EXCEL_CELL_LIMIT or ILLEGAL_XML.search(text):
        text = _excel_text(text)
    keep = ' xml:space="preserve"' if text[0] in _SPACE or text[-1] in _SPACE else ""
    number = strings.add(f"<si><t{keep}>{_xml_text(text)}</t></si>")
    body = f'" t="s"><v>{number}</v></c>'
    return text, body, len(text), "\n" in text


def _xml_text(text: str) -> str:
    """Text for a ``<t>`` element. Excel reads ``_xHHHH_`` as a character code,
    so a literal one is protected by escaping its underscore."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text or ">" in text:
        text = text.replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1_", text)
    return text


def _lines(text: str, per_line: int) -> int:
    """Lines a text takes when wrapped at spaces in a column holding
    ``per_line`` characters (a word longer than a line is broken)."""
    total = 0
    for line in text.split("\n"):
        count, used = 1, -1
        for word in line.split(" "):
            size = len(word)
            if used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used > 0:
                count += 1
            count += (size - 1) // per_line if size > per_line else 0
            used = (size % per_line or per_line) if size > per_line else size
        total += count
    return total


def _excel_text(text: str) -> str:
    """Text Excel can hold: no control characters, at most 32,767 characters
    (a longer text is cut with a note; chronology.csv keeps all of it)."""
    if ILLEGAL_XML.search(text):
        text = clean_text(text)
    if len(text) > EXCEL_CELL_LIMIT:
        note = (
            f" [cut here: Excel holds {EXCEL_CELL_LIMIT:,} characters in a cell; "
            f"all {len(text):,} are in chronology.csv]"
        )
        text = text[: EXCEL_CELL_LIMIT - len(note)] + note
    return text


def _hf(text: str) -> str:
    """Header and footer text: '&' starts a code there, so it is doubled."""
    return clean_text(text).replace("&", "&&")


def write_workbook(
    chronology: Chronology,
    path: str | Path,
    *,
    notes_from: str | Path | None = None,
) -> Path:
    """Write the panel pack workbook.

    Args:
        chronology: the merged chronology.
        path: where to write (usually ``DIR/panel_pack.xlsx``).
        notes_from: an earlier panel pack whose "Panel notes" are carried over
            by entry id (it may be ``path`` itself: it is read first). Notes
            whose entry is gone are listed on an "Orphaned notes" sheet.

    Returns:
        The path written.

    Raises:
        ExportError: when ``notes_from`` is not a readable panel pack or the
            file cannot be written.
    """
    path = Path(path)
    notes = read_notes(notes_from) if notes_from is not None else {}
    if notes and is_pseudonymised(chronology):
        replacer = pseudonymiser(chronology.review)
        notes = {k: replacer.replace(v)[0] for k, v in notes.items()}
    entries = chronology.entries
    ids = tables.col(entries, "entry_id")
    comparison = chronology.comparison
    reasons: dict[str, str] = {}
    if comparison is not None and notes:
        notes, reasons = follow_entries(notes, comparison.moves, comparison.removed)
    kept, orphans = place_notes(notes, ids)
    styles = agency_styles(entries, chronology.review)
    info = chronology.review.review
    pack = _Book(info.marking, info.name)

    _about_sheet(pack, chronology, styles)
    _chronology_sheet(pack, chronology, styles, kept)
    pack.table(EPISODES_SHEET, *tables.episodes(chronology))
    pack.table(VOICE_SHEET, *tables.voice(chronology))
    pack.table(PEOPLE_SHEET, *tables.people(chronology))
    if orphans:
        pack.table(
            ORPHANS_SHEET,
            [ENTRY_ID_HEADING, NOTES_HEADING, "Why it is here"],
            [14, 60, 60],
            (
                [entry_id, note, reasons.get(entry_id, tables.ORPHAN_REASON)]
                for entry_id, note in orphans.items()
            ),
        )
    if comparison is not None and len(comparison.changes):
        pack.table(CHANGES_SHEET, *tables.changes(comparison.changes))
    heads, widths, rows = tables.combined_events(chronology, styles)
    pack.table("Combined events", heads, widths, _styled(rows, styles), styled=True)
    for title, (heads, widths, rows) in [
        ("Linked events", tables.linked_events(chronology)),
        ("Gaps", tables.gaps(chronology)),
        ("Flags", tables.flags(chronology)),
        (SHARING_SHEET, sharing_tables.sharing(chronology)),
        (KNOWN_SHEET, sharing_tables.known(chronology)),
        (CONFLICTS_SHEET, sharing_tables.conflicts(chronology)),
        ("Validation", tables.validation(chronology)),
    ]:
        pack.table(title, heads, widths, rows)
    _summary_sheet(pack, chronology, styles)
    agency_of = tables.col(chronology.entries, "agency")
    for agency in styles:
        heads, widths, rows = tables.agency_entries(chronology, agency, agency_of)
        looks = ((styles[agency].tint, "", False, 0.0),) * len(heads)
        pack.table(agency, heads, widths, ((row, looks) for row in rows), styled=True)
    try:
        pack.save(path)
    except OSError as exc:
        raise ExportError(
            f"{path}: the workbook could not be written ({exc})."
        ) from exc
    return path


def _styled(rows: Iterable[list[Any]], styles: dict[str, AgencyStyle]) -> Any:
    """Rows whose items are (value, agency) pairs, shaded in the agency's tint,
    as (values, looks) pairs."""
    known: dict[tuple[Look, ...], tuple[Look, ...]] = {}
    for row in rows:
        values, looks = [], []
        for v in row:
            if isinstance(v, tuple):
                tint = styles[v[1]].tint if v[1] in styles and v[0] else ""
                looks.append((tint, "", False, 0.0) if tint else PLAIN)
                v = v[0]
            else:
                looks.append(PLAIN)
            values.append(v)
        key = tuple(looks)
        yield values, known.setdefault(key, key)


OTHER_TYPES_HEADING = "Other types"
CHRONOLOGY_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Date as written", 12),
    ("Date read as", 16),
    ("Time", 6),
    ("Age", 7),
    ("Agency", 15),
    ("Event type", 20),
    (OTHER_TYPES_HEADING, 16),
    ("Description", 50),
    ("Action / outcome", 28),
    ("Agency analysis", 28),
    ("Linked event", 13),
    ("Also recorded by", 15),
    ("Flags", 14),
    ("Source", 20),
    (ENTRY_ID_HEADING, 13),
    (NOTES_HEADING, 32),
)


def _chronology_sheet(
    pack: _Book,
    chronology: Chronology,
    styles: dict[str, AgencyStyle],
    notes: dict[str, str],
) -> None:
    """Every entry in date order, each agency's rows shaded in its tint."""
    headings = [h for h, _ in CHRONOLOGY_HEADINGS]
    widths = [w for _, w in CHRONOLOGY_HEADINGS]
    grey = AgencyStyle("", "BBBBBB", "000000", "EEEEEE")

    def looks_of(look: AgencyStyle) -> tuple[Look, ...]:
        tint: Look = (look.tint, "", False, 0.0)
        out = [tint] * len(headings)
        out[4] = (look.colour, look.text, True, 0.0)
        out[6] = (look.tint, GREY_TEXT, False, SMALL_SIZE)
        out[-1] = PLAIN  # panel notes
        return tuple(out)

    looks = {name: looks_of(look) for name, look in styles.items()}
    unknown = looks_of(grey)

    def rows() -> Iterable[tuple[list[Any], tuple[Look, ...]]]:
        for row in tables.chronology_rows(chronology):
            row.append(notes.get(row[-1], ""))
            yield row, looks.get(row[4], unknown)

    ws = pack.table(CHRONOLOGY_SHEET, headings, widths, rows(), styled=True)
    ws.sheet_properties.tabColor = HEADER_FILL


def _about_sheet(
    pack: _Book, chronology: Chronology, styles: dict[str, AgencyStyle]
) -> None:
    """What the pack is, who it covers, where it came from, and how to read it."""
    ws = pack.sheet("About", [28, 66, 22, 24], header=False, landscape=False)
    grey = AgencyStyle("", "BBBBBB", "000000", "EEEEEE")
    for row in about.about_rows(chronology, __version__, list(styles)):
        marker = row[0] if row else None
        if marker == about.HEADING:
            pack.row(ws, [Cell(row[1], bold=True)], wrap=False)
        elif marker == about.AGENCY_KEY:
            look = styles.get(row[1], grey)
            pack.row(ws, [Cell(row[1], look.colour, look.text, True), *row[2:]])
        elif marker == about.TABLE_HEAD:
            pack.row(ws, [Cell(v, HEADER_FILL, "FFFFFF", True) for v in row[1:]])
        else:
            pack.row(ws, row)


def _summary_sheet(
    pack: _Book, chronology: Chronology, styles: dict[str, AgencyStyle]
) -> None:
    """Entries by agency by month (or quarter), and event types by agency."""
    agencies = list(styles)
    ws = pack.sheet("Summary", [46] + [14] * (len(agencies) + 1), header=False)
    for block_number, (title, heads, rows) in enumerate(
        tables.summary_blocks(chronology, agencies)
    ):
        if block_number:
            pack.row(ws, [])
        pack.row(ws, [Cell(title, bold=True)], wrap=False)
        pack.row(
            ws,
            [Cell(heads[0], HEADER_FILL, "FFFFFF", True)]
            + [
                Cell(h, styles[h].colour, styles[h].text, True)
                if h in styles
                else Cell(h, HEADER_FILL, "FFFFFF", True)
                for h in heads[1:]
            ],
        )
        for row in rows:
            pack.row(ws, row)
