"""The composite chronology as a Word document: ``chronology.docx``.

Landscape A4; title, review period and a key to the agencies' colours; then
every entry in one table whose header row repeats on every page, each
agency's rows shaded in its colour, the entries that record one event placed
together ("also recorded by"), and gaps noted where they fall in time. A row
is kept on one page (a row broken across a page boundary reads as two
entries, the second without a date) unless it is too tall for a page.

python-docx builds a table cell by cell, which takes minutes for tens of
thousands of rows, so the tables are written as WordprocessingML text and
streamed into ``word/document.xml`` in place of marker paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from .._version import __version__
from ..errors import ExportError
from .episodes import Episode, accepted_episodes
from .pack_tables import (
    SHOWN_COLUMNS,
    col,
    event_label,
    group_members,
    made_by,
    other_types,
)
from .package import fill_package
from .pseudonymise import MANIFEST_KEY
from .repeatable import FIXED_DATETIME
from .style import (
    AgencyStyle,
    agency_styles,
    cell_text,
    clean_text,
    is_true,
    join_unique,
    long_date,
    read_as,
    split_ids,
)

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(29.7), Cm(21.0), Cm(1.5)
TWIPS_PER_CM = 567
USABLE_TWIPS = round((29.7 - 3.0) * TWIPS_PER_CM)
HEADER_FILL = "404040"
GAP_FILL = "F2F2F2"
GREY_TEXT = "595959"
GREY = AgencyStyle("", "BBBBBB", "000000", "EEEEEE")
MARKER = "CHRONOMERGE-TABLE-{}"
CHRONOLOGY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Date", 2.5),
    ("Agency", 2.8),
    ("Event", 3.3),
    ("What happened", 8.7),
    ("Action, outcome and analysis", 5.2),
    ("Linked event, flags and source", 4.2),
)

CHRONOLOGY_NOTE = (
    "Entries are in date order. Entries by several agencies that record one "
    "event are placed together and say which other agencies recorded it. "
    "Grey rows mark a gap: a period with no entry by any agency."
)
EPISODES_NOTE = (
    " The entries are divided at the key practice episodes the review author "
    "accepted in the review file, each under its own heading, with the entries "
    "before, between and after them under headings of their own."
)

if TYPE_CHECKING:
    from ..chronology import Chronology
# Keeping a row on one page: Word and LibreOffice move a row that must not
# split to the next page, but one taller than a page is cut off by Word. A row
# is kept whole when its tallest cell takes at most PAGE_LINES lines, counted
# generously at CHARS_PER_CM characters of 9pt Arial to a centimetre (a page
# of the table holds about 45 lines).
CHARS_PER_CM = 5.5
PAGE_LINES = 38


def write_document(chronology: Chronology, path: str | Path) -> Path:
    """Write the Word composite chronology.

    Args:
        chronology: the merged chronology.
        path: where to write (usually ``DIR/chronology.docx``).

    Returns:
        The path written.

    Raises:
        ExportError: when the file cannot be written.
    """
    path = Path(path)
    info = chronology.review.review
    styles = agency_styles(chronology.entries, chronology.review)
    doc = _skeleton(info.name, info.marking)
    tables: list[Iterable[str]] = []

    def table_here(xml: Iterable[str]) -> None:
        doc.add_paragraph(MARKER.format(len(tables)))
        tables.append(xml)

    doc.add_paragraph(f"Multi-agency chronology: {clean_text(info.name)}", "Title")
    for line in _front_lines(chronology, styles):
        doc.add_paragraph(line).paragraph_format.space_after = Pt(3)
    doc.add_heading("Key to agencies", level=1)
    table_here(_key_table(chronology, styles))
    doc.add_heading("Chronology", level=1)
    episodes = accepted_episodes(chronology)
    _note(doc, CHRONOLOGY_NOTE + (EPISODES_NOTE if episodes else ""))
    if episodes:
        pending = _all_gaps(chronology)  # shared: the tables are written in order
        for heading, note, rows in episode_sections(chronology, episodes):
            doc.add_heading(heading, level=2)
            if note:
                _note(doc, note)
            if rows:
                table_here(_chronology_table(chronology, styles, rows, pending))
    else:
        table_here(_chronology_table(chronology, styles))
    agency_gaps = _agency_gap_rows(chronology)
    if agency_gaps:
        doc.add_heading("Gaps in each agency's record", level=1)
        table_here(
            _table(
                [
                    ("Agency", 8.0),
                    ("Last entry before", 6.0),
                    ("First entry after", 6.0),
                    ("Days", 6.7),
                ],
                agency_gaps,
            )
        )
    if len(chronology.flags):
        doc.add_heading("Prompts for the panel", level=1)
        _note(
            doc,
            "Possible missed opportunities found by simple rules: prompts for "
            "the panel to consider, not findings.",
        )
        table_here(
            _table(
                [("Flag", 5.0), ("Date", 2.7), ("Summary", 13.0), ("Agencies", 6.0)],
                _flag_rows(chronology),
            )
        )
    voice = getattr(chronology, "voice", None)
    if voice is not None and len(voice):
        doc.add_heading("Voice of the child", level=1)
        _note(doc, VOICE_NOTE)
        table_here(
            _table(
                [("Date", 2.7), ("Agency", 6.0), ("What", 4.0), ("Entry", 14.0)],
                _voice_rows(voice),
            )
        )
    try:
        _save(doc, tables, path)
    except OSError as exc:
        raise ExportError(
            f"{path}: the Word chronology could not be written ({exc})."
        ) from exc
    return path


def _skeleton(title: str, marking: str) -> Any:
    """A landscape A4 document with the marking in header and footer and page
    numbers, fixed properties, and 9pt Arial with no space after paragraphs
    (table cells then need no paragraph properties of their own)."""
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "chronomerge"
    props.title = clean_text(title)
    props.created = props.modified = FIXED_DATETIME
    props.revision = 1
    props.comments = f"Written by chronomerge {__version__}"
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = section.footer_distance = Cm(0.8)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(clean_text(marking)).bold = True
    head.add_run(f"    {clean_text(title)}")
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(f"{clean_text(marking)}    Page ").bold = False
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")
    return doc


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    parts = (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> '
        + instruction
        + " </w:instrText></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r {ns}><w:t>1</w:t></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    )
    for part in parts:
        paragraph._p.append(parse_xml(part.format(ns=nsdecls("w"))))


def _note(doc: Any, text: str) -> None:
    paragraph = doc.add_paragraph(text)
    paragraph.paragraph_format.space_after = Pt(6)


def _front_lines(chronology: Chronology, styles: dict[str, AgencyStyle]) -> list[str]:
    info, manifest = chronology.review.review, chronology.manifest
    period = "not set in the review file"
    if info.period_start or info.period_end:
        period = (
            f"{long_date(info.period_start) or 'the first entry'} to "
            f"{long_date(info.period_end) or 'the last entry'}"
        )
    linked = sum(len(m) > 1 for m in group_members(chronology.entries).values())
    lines = [
        f"Protective marking: {info.marking}",
        f"Review period: {period}",
        f"Subject: {info.subject}",
        f"{len(chronology.entries)} entries from {len(styles)} agencies; {linked} "
        f"events recorded by more than one agency; {len(chronology.gaps)} gaps; "
        f"{len(chronology.flags)} prompts for the panel.",
    ]
    if MANIFEST_KEY in manifest:
        count = manifest[MANIFEST_KEY].get("replacements", 0)
        lines.append(
            f"Names are pseudonymised: {count} names were replaced by the labels "
            "the review file gives."
        )
    lines.append(
        f"Produced by chronomerge {made_by(manifest, __version__)}. The "
        "panel pack workbook holds the same entries with validation, summaries "
        "and a column for panel notes."
    )
    return [clean_text(line) for line in lines]


# --- WordprocessingML text ---


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _runs(
    text: str, *, bold: bool = False, colour: str = "", small: bool = False
) -> str:
    """Runs for ``text``; line breaks and tabs kept as Word breaks and tabs."""
    text = clean_text(text)
    if not text:
        return ""
    props = ("<w:b/>" if bold else "") + (
        f'<w:color w:val="{colour}"/>' if colour else ""
    )
    props += '<w:sz w:val="15"/>' if small else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = "<w:br/>".join(
        "<w:tab/>".join(
            f'<w:t xml:space="preserve">{_esc(part)}</w:t>' if part else ""
            for part in line.split("\t")
        )
        for line in lines
    )
    return f"<w:r>{rpr}{body}</w:r>"


def _cell(width: int, runs: Sequence[str] | str, fill: str = "", span: int = 1) -> str:
    """One table cell: ``runs`` is a paragraph's runs, or a list of paragraphs."""
    paragraphs = [runs] if isinstance(runs, str) else list(runs) or [""]
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    body = "".join(f"<w:p>{p}</w:p>" for p in paragraphs)
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def _table_start(widths: Sequence[int], headings: Sequence[str]) -> str:
    """Table properties, grid and a header row repeated on every page."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = 'w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"'
    borders = "".join(
        f"<w:{side} {border}/>"
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    head = "".join(
        _cell(w, _runs(h, bold=True, colour="FFFFFF"), HEADER_FILL)
        for w, h in zip(widths, headings, strict=True)
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"
    )


def _widths(columns: Sequence[tuple[str, float]]) -> list[int]:
    return [round(cm * TWIPS_PER_CM) for _, cm in columns]


def _table(
    columns: Sequence[tuple[str, float]], rows: Iterable[Sequence[Any]]
) -> Iterator[str]:
    """A plain table: text cells, shaded when given as ``(text, fill)``."""
    widths = _widths(columns)
    yield _table_start(widths, [h for h, _ in columns])
    for row in rows:
        cells = []
        texts = []
        for w, value in zip(widths, row, strict=True):
            text, fill = value if isinstance(value, tuple) else (value, "")
            texts.append((cell_text(text), w))
            cells.append(_cell(w, _runs(cell_text(text)), fill))
        yield f"{_row_start(texts)}{''.join(cells)}</w:tr>"
    yield "</w:tbl>"


def _key_table(chronology: Chronology, styles: dict[str, AgencyStyle]) -> Iterator[str]:
    widths = _widths([("Agency", 8.0), ("Entries", 3.0), ("Dates covered", 8.0)])
    yield _table_start(widths, ["Agency", "Entries", "Dates covered"])
    agency = col(chronology.entries, "agency")
    starts = col(chronology.entries, "date_start")
    ends = col(chronology.entries, "date_end")
    for name, look in styles.items():
        mine = [i for i, a in enumerate(agency) if a == name]
        first = min((starts[i] for i in mine if starts[i]), default="")
        last = max((ends[i] or starts[i] for i in mine), default="")
        covered = (
            f"{long_date(first)} to {long_date(last)}" if first else "no readable dates"
        )
        yield (
            "<w:tr>"
            + _cell(widths[0], _runs(name, bold=True, colour=look.text), look.colour)
            + _cell(widths[1], _runs(str(len(mine))), look.tint)
            + _cell(widths[2], _runs(covered), look.tint)
            + "</w:tr>"
        )
    yield "</w:tbl>"


def display_order(chronology: Chronology) -> list[int]:
    """Entry positions in chronology order, with each linked event's entries
    moved up to its first entry so they sit together."""
    members = group_members(chronology.entries)
    groups = col(chronology.entries, "event_group")
    ids = col(chronology.entries, "entry_id")
    order: list[int] = []
    placed: set[str] = set()
    for i in range(len(ids)):
        group = groups[i] or ids[i]
        if group in placed:
            continue
        placed.add(group)
        order.extend(members.get(group, [i]))
    return order


Columns = dict[str, list[str]]


def _chronology_table(
    chronology: Chronology,
    styles: dict[str, AgencyStyle],
    rows: Section | None = None,
    pending: list[tuple[str, str, str]] | None = None,
) -> Iterator[str]:
    """Rows in display order, with a grey row for each all-agency gap placed
    before the first entry dated on or after the gap's end.

    ``rows``: one section's entry positions (all, by default), and
    ``pending`` the gaps not yet placed, shared by the sections' tables; the
    gaps left after the last section's entries close its table.
    """
    e = chronology.entries
    widths = _widths(CHRONOLOGY_COLUMNS)
    total = sum(widths)
    yield _table_start(widths, [h for h, _ in CHRONOLOGY_COLUMNS])
    c = {n: col(e, n) for n in SHOWN_COLUMNS}
    approx = e["date_approximate"].tolist() if "date_approximate" in e else []
    members = group_members(e)
    if pending is None:
        pending = _all_gaps(chronology)
    order = display_order(chronology) if rows is None else rows.positions
    for i in order:
        start = c["date_start"][i]
        while pending and start and pending[0][1] <= start:
            yield _gap_row(pending.pop(0), total)
        look = styles.get(c["agency"][i], GREY)
        yield _entry_row(c, i, widths, look, _date_runs(c, i, approx), members)
    if rows is None or rows.last:
        while pending:
            yield _gap_row(pending.pop(0), total)
    yield "</w:tbl>"


@dataclass
class Section:
    """The entry positions under one heading of the chronology."""

    positions: list[int]
    last: bool = False  # the last table: the gaps left over close it


def episode_sections(
    chronology: Chronology, episodes: list[Episode]
) -> list[tuple[str, str, Section | None]]:
    """The chronology divided at the accepted episodes: (heading, note,
    entries) for the entries before the first, each episode, those between
    two and after the last (empty ones left out; an episode with no entry
    keeps its heading and says so), then any entries with no readable date.

    Each linked event stays together, in the section of its first entry; a
    section never goes back in time, so every entry is shown once, in the
    order of the undivided table.
    """
    e = chronology.entries
    starts, groups, ids = (col(e, n) for n in ("date_start", "event_group", "entry_id"))
    buckets: list[list[int]] = [[] for _ in range(2 * len(episodes) + 2)]
    current, group, undated = 0, None, False
    for i in display_order(chronology):
        if (groups[i] or ids[i]) != group:
            group = groups[i] or ids[i]
            undated = not starts[i]
            if not undated:
                current = max(current, _section_of(starts[i], episodes))
        buckets[-1 if undated else current].append(i)
    found: list[tuple[str, str, Section | None]] = []
    for k, positions in enumerate(buckets):
        heading, note = _section_heading(k, episodes)
        if positions or (k % 2 and k < 2 * len(episodes)):
            found.append((heading, note, Section(positions) if positions else None))
    for _, _, rows in reversed(found):
        if rows is not None:
            rows.last = True
            break
    return found


def _section_of(day: str, episodes: list[Episode]) -> int:
    """Bucket of an ISO day: 2k before episode k, 2k+1 inside it, and
    2 x the number of episodes after the last."""
    for k, episode in enumerate(episodes):
        if day < episode.start:
            return 2 * k
        if day <= episode.end:
            return 2 * k + 1
    return 2 * len(episodes)


def _section_heading(k: int, episodes: list[Episode]) -> tuple[str, str]:
    """The heading and note of bucket ``k`` (see :func:`_section_of`)."""
    count = len(episodes)
    if k == 2 * count + 1:
        return "Entries with no readable date", ""
    if k == 0:
        return "Before the first episode", ""
    if k == 2 * count:
        return "After the last episode", ""
    if k % 2 == 0:
        return f"Between episodes {k // 2} and {k // 2 + 1}", ""
    episode = episodes[k // 2]
    name = f": {clean_text(episode.title)}" if episode.title.strip() else ""
    heading = f"Episode {k // 2 + 1}{name} ({episode.dates})"
    note = (
        f"A key practice episode accepted by the review author, "
        f"{long_date(episode.start)} to {long_date(episode.end)}."
    )
    if not episode.entries:
        note += " No entry is dated inside it."
    return heading, note


def _entry_row(
    c: Columns,
    i: int,
    widths: list[int],
    look: AgencyStyle,
    date: list[str],
    members: dict[str, list[int]],
) -> str:
    """One entry's row, in its agency's colours (the agency cell in the full
    colour, the others in its tint), kept on one page when it fits."""
    texts = (
        (c["description"][i], widths[3]),
        (c["outcome"][i] + " " + c["analysis"][i], widths[4]),
    )
    return (
        _row_start(texts)
        + _cell(widths[0], date, look.tint)
        + _cell(
            widths[1],
            _runs(c["agency"][i], bold=True, colour=look.text),
            look.colour,
        )
        + _cell(
            widths[2],
            _event_runs(c["event_type"][i], c["secondary_types"][i]),
            look.tint,
        )
        + _cell(widths[3], _runs(c["description"][i]), look.tint)
        + _cell(widths[4], _action_runs(c, i), look.tint)
        + _cell(widths[5], _side_runs(c, i, members), look.tint)
        + "</w:tr>"
    )


def _date_runs(c: Columns, i: int, approx: list[Any]) -> list[str]:
    """The date as the agency wrote it (and its time, unless written in it);
    below it, how it was read, when that is not plainly the one day."""
    start = c["date_start"][i]
    date = [_runs(c["date_text"][i] or "(no date)", bold=True)]
    if c["time"][i] and c["time"][i] not in c["date_text"][i]:
        date.append(_runs(c["time"][i]))
    exact = c["date_precision"][i] in ("day", "") and start
    is_approx = approx and is_true(approx[i])
    if not exact or is_approx:
        read = read_as(start, c["date_end"][i], c["date_precision"][i], is_approx)
        date.append(_runs(f"read as {read}", colour=GREY_TEXT, small=True))
    return date


def _action_runs(c: Columns, i: int) -> list[str]:
    """The action or outcome and the agency's analysis, each named."""
    action = []
    if c["outcome"][i]:
        action.append(_runs("Action / outcome: ", bold=True) + _runs(c["outcome"][i]))
    if c["analysis"][i]:
        action.append(_runs("Agency analysis: ", bold=True) + _runs(c["analysis"][i]))
    return action


def _side_runs(c: Columns, i: int, members: dict[str, list[int]]) -> list[str]:
    """Which other agencies recorded the same event, the flags naming the
    entry, and where it came from (small and grey)."""
    side = []
    group = c["event_group"][i] or c["entry_id"][i]
    others = [j for j in members.get(group, [i]) if j != i]
    if others:
        also = join_unique(c["agency"][j] for j in others)
        side.append(_runs(f"Linked event {group}: also recorded by {also}", bold=True))
    flags = split_ids(c["flags"][i])
    if flags:
        side.append(_runs("Flags: " + "; ".join(flags)))
    side.extend(
        _runs(line, colour=GREY_TEXT, small=True)
        for line in _source_lines(
            c["source_file"][i],
            c["source_location"][i],
            c["source_row"][i],
            c["entry_id"][i],
        )
    )
    return side


def _event_runs(code: str, secondary: str) -> list[str]:
    """The event type, with any secondary types below it, by their short
    names, in small grey text."""
    runs = [_runs(event_label(code))]
    others = other_types(secondary)
    if others:
        runs.append(_runs(f"also: {others}", colour=GREY_TEXT, small=True))
    return runs


def _source_lines(file: str, location: str, row: str, entry_id: str) -> list[str]:
    """Where the entry came from, as two lines: the file name on its own
    (a long name then never pushes the comma after it onto the next line),
    then the sheet or table, the row and the entry id."""
    place = [p for p in (location, f"row {row}" if row else "") if p]
    rest = ", ".join(place) + f" ({entry_id})" if place else f"({entry_id})"
    return [file, rest] if file else [rest]


def _row_start(texts: Iterable[tuple[str, int]]) -> str:
    """``<w:tr>``, with the row kept on one page when it fits a page."""
    lines = max((_lines(text, width) for text, width in texts), default=1)
    return "<w:tr><w:trPr><w:cantSplit/></w:trPr>" if lines <= PAGE_LINES else "<w:tr>"


def _lines(text: str, width: int) -> int:
    """Lines a text takes in a column ``width`` twips wide (an estimate)."""
    per_line = max(int(width / TWIPS_PER_CM * CHARS_PER_CM), 1)
    return sum(-(-len(line) // per_line) or 1 for line in text.split("\n"))


def _all_gaps(chronology: Chronology) -> list[tuple[str, str, str]]:
    """All-agency gaps as (start, end, days), in date order."""
    g = chronology.gaps
    scope, start, end, days = (col(g, n) for n in ("scope", "start", "end", "days"))
    found = [
        (start[i], end[i], days[i])
        for i in range(len(g))
        if scope[i] in ("all", "") and end[i]
    ]
    return sorted(found, key=lambda gap: (gap[1], gap[0]))


def _gap_row(gap: tuple[str, str, str], width: int) -> str:
    start, end, days = gap
    text = (
        f"Gap: no entry by any agency for {days} days, from {long_date(start)} "
        f"to {long_date(end)}."
    )
    span = len(CHRONOLOGY_COLUMNS)
    cell = _cell(width, _runs(text, bold=True, colour=GREY_TEXT), GAP_FILL, span)
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>"


def _agency_gap_rows(chronology: Chronology) -> list[list[Any]]:
    g = chronology.gaps
    scope, start, end, days = (col(g, n) for n in ("scope", "start", "end", "days"))
    rows = [
        [scope[i], long_date(start[i]), long_date(end[i]), days[i]]
        for i in range(len(g))
        if scope[i] not in ("all", "")
    ]
    return sorted(rows, key=lambda r: r[0].casefold())


VOICE_NOTE = (
    "The entries that record the child's own words, or how the child was seen "
    "to look or behave, in date order: a starting point for the review's "
    "account of the child's lived experience, to be checked against each "
    "agency's record."
)


def _voice_rows(voice: Any) -> Iterator[list[Any]]:
    for date, agency, what, text in zip(
        *(col(voice, n) for n in ("date", "agency", "what", "text")), strict=True
    ):
        yield [long_date(date) if date else "Not known", agency, what, text]


def _flag_rows(chronology: Chronology) -> Iterator[list[Any]]:
    f, e = chronology.flags, chronology.entries
    agency_of = dict(zip(col(e, "entry_id"), col(e, "agency"), strict=True))
    code, date, summary, ids = (
        col(f, n) for n in ("flag", "date", "summary", "entry_ids")
    )
    for i in range(len(f)):
        agencies = join_unique(agency_of.get(x, "") for x in split_ids(ids[i]))
        yield [code[i], long_date(date[i]), summary[i], agencies]


# --- saving ---


def _save(doc: Any, tables: list[Iterable[str]], path: Path) -> None:
    """Save, then stream each table's XML into document.xml in place of its
    marker paragraph (the other parts are copied as they are)."""
    skeleton = path.with_name(path.name + ".part")
    try:
        doc.save(skeleton)

        def fill(data: bytes, out: IO[bytes]) -> None:
            _write_document_xml(data.decode("utf-8"), tables, out)

        fill_package(skeleton, path, {"word/document.xml": fill})
    finally:
        skeleton.unlink(missing_ok=True)


def _write_document_xml(xml: str, tables: list[Iterable[str]], out: IO[bytes]) -> None:
    position = 0
    for number, table in enumerate(tables):
        marker = xml.index(MARKER.format(number), position)
        p_start = max(xml.rfind("<w:p>", 0, marker), xml.rfind("<w:p ", 0, marker))
        p_end = xml.index("</w:p>", marker) + len("</w:p>")
        out.write(xml[position:p_start].encode("utf-8"))
        chunk: list[str] = []
        size = 0
        for piece in table:
            chunk.append(piece)
            size += len(piece)
            if size > 1 << 20:
                out.write("".join(chunk).encode("utf-8"))
                chunk, size = [], 0
        out.write("".join(chunk).encode("utf-8"))
        # Word needs a paragraph between two tables and before the section end.
        out.write(b"<w:p/>")
        position = p_end
    out.write(xml[position:].encode("utf-8"))
