"""The panel pack workbook, reopened with openpyxl (and calamine) and checked."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import unescape

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from panel_fixtures import big_chronology, sample_chronology
from python_calamine import CalamineWorkbook

from chronomerge.errors import ExportError
from chronomerge.export.notes import read_notes
from chronomerge.export.pack_about import NO_REASON
from chronomerge.export.pack_tables import account_width, group_members
from chronomerge.export.style import (
    SHORT_LABELS,
    agency_styles,
    clean_text,
    event_type_codes,
    event_type_description,
    event_type_label,
    event_type_short,
)
from chronomerge.export.workbook import CHRONOLOGY_HEADINGS, write_workbook
from chronomerge.resources import load_toml


def _pack(tmp_path: Path, chronology=None, name="panel_pack.xlsx", **kw) -> Path:
    return write_workbook(chronology or sample_chronology(), tmp_path / name, **kw)


HEADINGS = [h for h, _ in CHRONOLOGY_HEADINGS]
DESCRIPTION = HEADINGS.index("Description") + 1  # 1-based column number


def _rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_every_entry_once_in_date_order(tmp_path):
    chronology = sample_chronology()
    book = load_workbook(_pack(tmp_path, chronology))
    ids = [row["Entry id"] for row in _rows(book["Chronology"])]
    assert ids == chronology.entries["entry_id"].tolist()
    assert len(set(ids)) == len(ids)


def test_sheets_and_columns(tmp_path):
    chronology = sample_chronology()
    book = load_workbook(_pack(tmp_path, chronology))
    agencies = list(agency_styles(chronology.entries, chronology.review))
    assert book.sheetnames == [
        "About",
        "Chronology",
        "Episodes",
        "Voice of the child",
        "People",
        "Combined events",
        "Linked events",
        "Gaps",
        "Flags",
        "Sharing",
        "What was known",
        "Conflicts",
        "Validation",
        "Summary",
        *agencies,
    ]
    heads = [c.value for c in book["Chronology"][1]]
    assert heads == [h for h, _ in CHRONOLOGY_HEADINGS]
    assert heads[-2:] == ["Entry id", "Panel notes"]
    combined = [c.value for c in book["Combined events"][1]]
    assert combined[4:] == agencies
    groups = group_members(chronology.entries)
    assert book["Combined events"].max_row == len(groups) + 1
    linked = [g for g, m in groups.items() if len(m) > 1]
    assert [r["Linked event"] for r in _rows(book["Linked events"])] == linked
    assert book["Gaps"].max_row == len(chronology.gaps) + 1
    assert book["Flags"].max_row == len(chronology.flags) + 1
    assert book["Validation"].max_row == len(chronology.issues) + 1
    for agency in agencies:
        mine = chronology.entries[chronology.entries.agency == agency]
        ids = [r["Entry id"] for r in _rows(book[agency])]
        assert sorted(ids) == sorted(mine.entry_id)


def test_combined_events_put_each_agency_account_in_its_column(tmp_path):
    chronology = sample_chronology()
    book = load_workbook(_pack(tmp_path, chronology))
    entries = chronology.entries
    rows = {r["Linked event"]: r for r in _rows(book["Combined events"])}
    for group, part in entries.groupby("event_group"):
        if len(part) < 2:
            continue
        for agency, description in zip(part.agency, part.description, strict=True):
            assert clean_text(description) in rows[group][agency]


def test_summary_counts_every_entry(tmp_path):
    chronology = sample_chronology()
    book = load_workbook(_pack(tmp_path, chronology))
    totals = [r for r in book["Summary"].iter_rows(values_only=True) if r[0] == "Total"]
    assert len(totals) == 2
    counts = chronology.entries["agency"].value_counts()
    agencies = list(agency_styles(chronology.entries, chronology.review))
    for total in totals:
        assert total[-1] == len(chronology.entries)
        assert list(total[1:-1]) == [counts[a] for a in agencies]


def test_about_lists_agencies_and_inputs(tmp_path):
    chronology = sample_chronology()
    book = load_workbook(_pack(tmp_path, chronology))
    values = [v for row in book["About"].iter_rows(values_only=True) for v in row]
    assert chronology.review.review.marking in values
    for item in chronology.manifest["inputs"]:
        assert item["name"] in values and item["sha256"] in values
    for agency in agency_styles(chronology.entries, chronology.review):
        assert agency in values


def test_rows_shaded_in_agency_colours(tmp_path):
    chronology = sample_chronology()
    ws = load_workbook(_pack(tmp_path, chronology))["Chronology"]
    kinds = load_toml("agencies.toml")["kinds"]
    declared = {a.name: a for a in chronology.review.agencies}
    agency_col = [c.value for c in ws[1]].index("Agency")
    description_col = [c.value for c in ws[1]].index("Description")
    for row in ws.iter_rows(min_row=2):
        agency = row[agency_col].value
        fill = row[agency_col].fill.fgColor.rgb[-6:]
        tint = row[description_col].fill.fgColor.rgb[-6:]
        if agency in declared and declared[agency].colour:
            assert fill == declared[agency].colour.lstrip("#").upper()
        else:
            kind = (
                chronology.entries.loc[
                    chronology.entries.agency == agency, "agency_kind"
                ].iat[0]
                or {"Hospital": "hospital"}[agency]
            )
            assert fill == kinds[kind]["colour"].lstrip("#").upper()
            assert tint == kinds[kind]["tint"].lstrip("#").upper()
        assert row[description_col].alignment.wrap_text


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+44 7700 900123",
        "-5 bruises",
        "@SUM(A1:A2)",
        "\t=cmd|' /C calc'!A0",
        '=HYPERLINK("http://example.invalid","click")',
        "  leading and trailing spaces  ",
        "code _x0041_ stays as written",
    ],
)
def test_text_can_never_become_a_formula(tmp_path, text):
    chronology = sample_chronology()
    chronology.entries.loc[3, "description"] = text
    chronology.entries.loc[3, "outcome"] = text
    path = _pack(tmp_path, chronology)
    cell = load_workbook(path)["Chronology"].cell(row=5, column=DESCRIPTION)
    assert cell.data_type == "s"
    # Excel, LibreOffice and calamine unescape _xHHHH_; openpyxl does not.
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Chronology")
    assert sheet.to_python()[4][DESCRIPTION - 1] == text
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >/]", package.read(name)), name


def test_print_setup_and_view(tmp_path):
    chronology = sample_chronology()
    book = load_workbook(_pack(tmp_path, chronology))
    ws = book["Chronology"]
    assert ws.freeze_panes == "A2"
    last = get_column_letter(len(HEADINGS))
    assert ws.auto_filter.ref == f"A1:{last}{len(chronology.entries) + 1}"
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert (
        widths[get_column_letter(DESCRIPTION)]
        == dict(CHRONOLOGY_HEADINGS)["Description"]
    )
    marking = chronology.review.review.marking
    for sheet in book.worksheets:
        # Every sheet: one page wide, marking at the top and the foot of every
        # page, page numbers; each table's heading row on every page.
        setup = sheet.page_setup
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert marking in sheet.oddHeader.center.text
        assert marking in sheet.oddFooter.right.text
        assert "&P" in sheet.oddFooter.center.text
        if sheet.title not in ("About", "Summary"):
            assert sheet.print_title_rows == "$1:$1", sheet.title
        # Wide sheets on A3 landscape, the rest on A4 (paper sizes 8 and 9).
        width = sum(d.width for d in sheet.column_dimensions.values())
        wide = setup.orientation == "landscape" and width > 205
        assert setup.paperSize == (8 if wide else 9), sheet.title
    assert ws.page_setup.paperSize == 8  # the Chronology
    assert ws.page_setup.orientation == "landscape"
    assert book["About"].page_setup.orientation == "portrait"
    assert book["Gaps"].page_setup.paperSize == 9


@pytest.mark.parametrize(
    ("agencies", "width"), [(1, 40), (6, 40), (8, 30), (10, 24), (30, 24)]
)
def test_combined_events_columns_narrow_as_agencies_grow(tmp_path, agencies, width):
    assert account_width(agencies) == width
    chronology = sample_chronology()
    entries = chronology.entries
    entries["agency"] = [f"Agency {i % agencies:02d}" for i in range(len(entries))]
    ws = load_workbook(_pack(tmp_path, chronology))["Combined events"]
    heads = [c.value for c in ws[1]]
    present = entries["agency"].nunique()
    assert heads[4:] == sorted(set(entries["agency"]))
    for number in range(5, 5 + present):
        assert ws.column_dimensions[get_column_letter(number)].width == width


def test_summary_labels_wrap_rather_than_being_cut(tmp_path):
    ws = load_workbook(_pack(tmp_path))["Summary"]
    holds = ws.column_dimensions["A"].width * 1.1  # characters a line holds
    long_labels = 0
    for row in ws.iter_rows(min_row=1):
        label = row[0].value
        if not isinstance(label, str) or row[0].font.bold:
            continue
        assert row[0].alignment.wrap_text, label
        if len(label) > holds:
            long_labels += 1
            assert ws.row_dimensions[row[0].row].height >= 30, label
    assert long_labels  # the sample has event type labels longer than a line


def _write_notes(path: Path, notes: dict[str, object]) -> None:
    book = load_workbook(path)
    ws = book["Chronology"]
    heads = [c.value for c in ws[1]]
    id_col, note_col = heads.index("Entry id") + 1, heads.index("Panel notes") + 1
    for row in range(2, ws.max_row + 1):
        entry_id = ws.cell(row=row, column=id_col).value
        if entry_id in notes:
            ws.cell(row=row, column=note_col).value = notes[entry_id]
    book.save(path)


def _notes_by_id(path: Path) -> dict[str, str]:
    rows = _rows(load_workbook(path)["Chronology"])
    return {r["Entry id"]: r["Panel notes"] for r in rows if r["Panel notes"]}


def test_notes_carried_over_and_orphans_kept(tmp_path):
    chronology = sample_chronology()
    ids = chronology.entries["entry_id"].tolist()
    first = _pack(tmp_path, chronology, "first.xlsx")
    notes = {ids[0]: "Ask HV why no visit", ids[5]: 42, ids[-1]: "Gone later"}
    _write_notes(first, notes)
    assert read_notes(first) == {k: str(v) for k, v in notes.items()}

    # The agency corrected its file: the last entry is no longer there.
    fewer = sample_chronology()
    fewer.entries = fewer.entries.iloc[:-1].reset_index(drop=True)
    second = _pack(tmp_path, fewer, "second.xlsx", notes_from=first)
    assert _notes_by_id(second) == {ids[0]: "Ask HV why no visit", ids[5]: "42"}
    orphans = _rows(load_workbook(second)["Orphaned notes"])
    assert [(r["Entry id"], r["Panel notes"]) for r in orphans] == [
        (ids[-1], "Gone later")
    ]

    # Merged again from the second pack, in place: the orphan is still kept,
    # and when the entry comes back its note returns to it.
    third = _pack(tmp_path, sample_chronology(), "second.xlsx", notes_from=second)
    assert _notes_by_id(third) == {k: str(v) for k, v in notes.items()}
    assert "Orphaned notes" not in load_workbook(third).sheetnames


def test_notes_from_a_file_that_is_not_a_pack(tmp_path):
    other = tmp_path / "other.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(other, sheet_name="Data", index=False)
    with pytest.raises(ExportError, match="no sheet called 'Chronology'"):
        _pack(tmp_path, notes_from=other)
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(ExportError, match="could not be read"):
        _pack(tmp_path, notes_from=text)


@pytest.mark.parametrize(
    "names",
    [
        ["Police: [Met] / CAIT*?", "Police  Met   CAIT"],
        ["A" * 40, "A" * 40 + " team"],
        ["History", "'Quoted'", "Chronology"],
    ],
)
def test_agency_sheet_names_follow_excel_rules(tmp_path, names):
    chronology = sample_chronology()
    agencies = chronology.entries["agency"].unique()
    for old, new in zip(agencies, names, strict=False):
        chronology.entries.loc[chronology.entries.agency == old, "agency"] = new
    book = load_workbook(_pack(tmp_path, chronology))
    lowered = [n.casefold() for n in book.sheetnames]
    assert len(set(lowered)) == len(lowered)
    for name in book.sheetnames:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")
    agency_sheets = book.sheetnames[book.sheetnames.index("Summary") + 1 :]
    ids = [r["Entry id"] for s in agency_sheets for r in _rows(book[s])]
    assert sorted(ids) == sorted(chronology.entries.entry_id)


def test_awkward_text_is_kept_readable(tmp_path):
    chronology = sample_chronology()
    chronology.entries.loc[1, "description"] = "bell\x07 and null\x00 " + "x" * 40_000
    path = _pack(tmp_path, chronology)
    value = load_workbook(path)["Chronology"].cell(row=3, column=DESCRIPTION).value
    assert value.startswith("bell\ufffd and null\ufffd ")
    assert len(value) <= 32_767 and value.endswith("are in chronology.csv]")


def test_same_bytes_every_run(tmp_path):
    first = _pack(tmp_path, name="a.xlsx").read_bytes()
    assert first == _pack(tmp_path, name="b.xlsx").read_bytes()


def test_empty_chronology(tmp_path):
    chronology = sample_chronology()
    chronology.entries = chronology.entries.iloc[0:0]
    chronology.groups = chronology.groups.iloc[0:0]
    book = load_workbook(_pack(tmp_path, chronology))
    assert book["Chronology"].max_row == 1
    assert "Summary" in book.sheetnames


@pytest.mark.slow
def test_large_review_streams_every_row(tmp_path):
    chronology = big_chronology(20_000)
    path = _pack(tmp_path, chronology)
    # calamine reads 20,000 rows in a second; openpyxl's reader takes a minute.
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("Chronology").to_python()
    entry_id = HEADINGS.index("Entry id")
    assert [r[entry_id] for r in rows[1:]] == chronology.entries["entry_id"].tolist()
    agency_rows = sum(
        len(book.get_sheet_by_name(name).to_python()) - 1
        for name in book.sheet_names[book.sheet_names.index("Summary") + 1 :]
    )
    assert agency_rows == len(chronology.entries)


def _cell_of(ws, heading: str, entry_id: str):
    heads = [c.value for c in ws[1]]
    id_col, col = heads.index("Entry id"), heads.index(heading)
    for row in ws.iter_rows(min_row=2):
        if row[id_col].value == entry_id:
            return row[col]
    raise AssertionError(f"{entry_id} is not on the sheet")


def test_other_types_in_their_own_column_by_short_names(tmp_path):
    chronology = sample_chronology()
    entries = chronology.entries
    entries.loc[1, "secondary_types"] = (
        "criminal_justice;case_closure;referral_csc;information_sharing"
    )
    book = load_workbook(_pack(tmp_path, chronology))
    ws = book["Chronology"]
    for i, entry_id in enumerate(entries.entry_id):
        event = _cell_of(ws, "Event type", entry_id)
        assert event.value == event_type_label(entries.event_type[i])
    other = _cell_of(ws, "Other types", entries.entry_id[1])
    assert other.value == (
        "Arrest or court; Case closed; Referral to social care; Information sharing"
    )
    description = _cell_of(ws, "Description", entries.entry_id[1])
    assert other.font.size < description.font.size
    assert other.alignment.wrap_text
    # The About sheet's key gives each short name's full meaning and code.
    key = {row[2]: row for row in book["About"].iter_rows(values_only=True)}
    assert key["criminal_justice"][3] == "Arrest or court"
    assert key["criminal_justice"][1] == event_type_description("criminal_justice")


def _about_block(book, title: str) -> list[tuple]:
    """The rows of an About sheet table, after its title and heading row."""
    rows = list(book["About"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title) + 2
    end = next((i for i in range(start, len(rows)) if rows[i][0] is None), len(rows))
    return rows[start:end]


def test_files_not_read_listed_apart_with_the_reason(tmp_path):
    chronology = sample_chronology()
    chronology.manifest["inputs"] += [
        {"name": "review.toml", "sha256": "a" * 64, "rows": 0, "status": "skipped"},
        {"name": "broken.xlsx", "sha256": "b" * 64, "rows": 0, "status": "failed"},
        {"name": "odd.csv", "sha256": "c" * 64, "rows": 0, "status": "failed"},
    ]
    problems = [
        ("info", "file-converted", "broken.xlsx", "broken.xlsx was converted."),
        ("error", "file-corrupt", "broken.xlsx", "broken.xlsx could not be opened."),
        ("info", "file-skipped", "review.toml", "review.toml is the review file."),
    ]
    extra = pd.DataFrame(
        [dict(severity=s, code=c, source_file=f, message=m) for s, c, f, m in problems],
        columns=chronology.issues.columns,
    )
    chronology.issues = pd.concat([chronology.issues, extra], ignore_index=True)
    book = load_workbook(_pack(tmp_path, chronology))
    read = [r[0] for r in _about_block(book, "Inputs")]
    assert read == [i["name"] for i in chronology.manifest["inputs"][:-3]]
    assert [r[:2] for r in _about_block(book, "Files not read")] == [
        ("review.toml", "review.toml is the review file."),
        ("broken.xlsx", "broken.xlsx could not be opened."),
        ("odd.csv", NO_REASON),
    ]


def test_every_event_type_has_a_short_name():
    shorts = [event_type_short(code) for code in event_type_codes()]
    assert set(SHORT_LABELS) == set(event_type_codes())
    assert len(set(shorts)) == len(shorts)  # no two types share a short name
    for code, short in zip(event_type_codes(), shorts, strict=True):
        assert len(short) <= 28, code
        assert len(short) <= len(event_type_label(code)), code
    assert event_type_short("not_a_code") == "not_a_code"


def test_agency_sheets_hold_the_file_name_on_one_line(tmp_path):
    chronology = sample_chronology()
    book = load_workbook(_pack(tmp_path, chronology))
    for agency in agency_styles(chronology.entries, chronology.review):
        ws = book[agency]
        names = [r["File"] for r in _rows(ws)]
        width = ws.column_dimensions["B"].width
        assert ws["B1"].value == "File"
        assert width * 1.1 >= max(len(n) for n in names), agency
        assert 14 <= width <= 36


def test_same_bytes_every_run_for_a_larger_review(tmp_path):
    """Thousands of rows over six agencies, each with its own looks, and
    notes carried from an earlier pack (some orphaned): rerun, the same bytes;
    every sheet holds its rows and every cell keeps its agency's tint."""
    chronology = big_chronology(3_001)
    ids = chronology.entries["entry_id"].tolist()
    earlier = _pack(tmp_path, chronology, name="earlier.xlsx")
    _write_notes(earlier, {ids[5]: "Check the GP letter", ids[-1]: "Entry removed"})
    chronology.entries = chronology.entries.iloc[:-1]  # that entry is gone
    ids = ids[:-1]
    first = _pack(tmp_path, chronology, name="a.xlsx", notes_from=earlier)
    second = _pack(tmp_path, chronology, name="b.xlsx", notes_from=earlier)
    assert first.read_bytes() == second.read_bytes()
    book = CalamineWorkbook.from_path(str(first))
    rows = book.get_sheet_by_name("Chronology").to_python()
    assert [r[HEADINGS.index("Entry id")] for r in rows[1:]] == ids
    assert rows[6][HEADINGS.index("Panel notes")] == "Check the GP letter"
    orphans = book.get_sheet_by_name("Orphaned notes").to_python()
    assert orphans[1][1] == "Entry removed"
    styles = agency_styles(chronology.entries, chronology.review)
    ws = load_workbook(first, read_only=True)["Chronology"]
    agency_col = HEADINGS.index("Agency")
    for number, row in enumerate(ws.iter_rows(min_row=2, max_row=200)):
        look = styles[rows[number + 1][agency_col]]
        assert row[0].fill.start_color.rgb.endswith(look.tint)
        assert row[agency_col].fill.start_color.rgb.endswith(look.colour)
        assert row[agency_col].font.b
        assert row[HEADINGS.index("Other types")].font.sz == 10
        assert not row[HEADINGS.index("Panel notes")].fill.fill_type


def test_each_text_is_stored_once_however_many_cells_show_it(tmp_path):
    """A description is shown on the Chronology, its agency's sheet and in
    What was known beside every decision it preceded: the package keeps it
    once, in the shared strings, and every sheet's cell points to it."""
    chronology = sample_chronology()
    path = _pack(tmp_path, chronology)
    with zipfile.ZipFile(path) as package:
        strings = package.read("xl/sharedStrings.xml").decode("utf-8")
        names = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        sheets = b"".join(package.read(n) for n in names)
    items = [
        unescape(t) for t in re.findall(r"<si><t[^>]*>(.*?)</t></si>", strings, re.S)
    ]
    assert len(items) == len(set(items))
    cells = sheets.count(b' t="s">')
    assert f'count="{cells}" uniqueCount="{len(items)}"' in strings
    assert b"inlineStr" not in sheets
    description = chronology.entries["description"].iloc[3]
    assert items.count(description) == 1
    book = load_workbook(path, read_only=True)
    shown = [
        sheet.title
        for sheet in book.worksheets
        if any(description in row for row in sheet.iter_rows(values_only=True))
    ]
    assert len(shown) >= 2, shown
