"""Word tables: document order, merges, content controls, tracked changes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from ingest_helpers import (
    W,
    cells_of,
    codes,
    edit_docx,
    paragraph,
    run,
    w,
    write_docx,
)

from chronomerge.ingest import read_inputs
from chronomerge.ingest.word import read_tables_fast, read_tables_lxml

HEADER = ["Date", "Details", "Worker"]


def rows_of(path):
    result = read_inputs(path)
    e = result.entries
    return result, list(
        zip(e.source_location, e.source_row, e.description, strict=True)
    )


def test_rows_numbered_inside_their_table_with_title_agency(tmp_path):
    path = write_docx(
        tmp_path / "report.docx",
        [
            [
                HEADER,
                ["01/01/2019", "First", "HV1"],
                ["", "", ""],
                ["02/01/2019", "Second", ""],
            ]
        ],
        before=["Child A LCSPR", "Agency: Health Visiting"],
    )
    result, rows = rows_of(path)
    assert rows == [("table 1", 2, "First"), ("table 1", 4, "Second")]
    assert set(result.entries.agency) == {"Health Visiting"}
    assert set(result.entries.agency_basis) == {"title"}
    assert result.files[0].tables[0].header_row == 1


def test_continued_table_with_repeated_header_is_one_chronology(tmp_path):
    path = write_docx(
        tmp_path / "hv.docx",
        [
            [HEADER, ["01/01/2019", "a", ""], ["02/01/2019", "b", ""]],
            [HEADER, ["03/01/2019", "c", ""]],
            [["04/01/2019", "d", ""], ["05/01/2019", "e", ""]],
        ],
        between=[""],
    )
    result, rows = rows_of(path)
    assert rows == [
        ("table 1", 2, "a"),
        ("table 1", 3, "b"),
        ("table 2", 2, "c"),
        ("table 3", 1, "d"),
        ("table 3", 2, "e"),
    ]
    tables = result.files[0].tables
    assert [t.header_row for t in tables] == [1, 1, None]
    assert tables[2].continues == "table 2"
    assert list(result.entries.source_order) == [0, 1, 2, 3, 4]


def test_cover_table_skipped_and_its_agency_line_used(tmp_path):
    path = write_docx(
        tmp_path / "x.docx",
        [
            [["Agency", "Wexmoor Police"], ["Author", "DS Example"]],
            [HEADER, ["01/01/2019", "a", ""]],
        ],
    )
    result, rows = rows_of(path)
    assert rows == [("table 2", 2, "a")]
    assert "table-skipped" in codes(result)
    assert set(result.entries.agency) == {"Police"}


def _content_control_doc(tmp_path):
    path = write_docx(
        tmp_path / "controls.docx",
        [[HEADER, ["01/01/2019", "", "HV1"], ["02/01/2019", "Plain", "HV2"]]],
    )

    def edit(root):
        row = cells_of(root)[1]
        # Cell 2 of row 2 sits inside a content control (row-level w:sdt).
        tc = row[1]
        sdt = w("sdt")
        sdt.append(w("sdtPr"))
        content = etree_sub(sdt, "sdtContent")
        tc.addprevious(sdt)
        content.append(tc)
        tc.remove(tc.find(f"{W}p"))
        tc.append(paragraph(run("Inside a content control")))
        # Run-level content control, tracked insertion and deletion in cell 3.
        third = row[2]
        p = third.find(f"{W}p")
        inner = w("sdt")
        etree_sub(inner, "sdtContent").append(run(" plus control"))
        ins = w("ins", id="1", author="A")
        ins.append(run(" inserted"))
        deleted = w("del", id="2", author="A")
        deleted.append(run("deleted words", tag="delText"))
        p.extend([inner, ins, deleted])

    return edit_docx(path, edit)


def etree_sub(parent, tag):
    child = w(tag)
    parent.append(child)
    return child


def test_content_controls_and_tracked_changes(tmp_path):
    path = _content_control_doc(tmp_path)
    result, rows = rows_of(path)
    e = result.entries
    assert list(e.description) == ["Inside a content control", "Plain"]
    assert list(e.practitioner) == ["HV1 plus control inserted", "HV2"]
    assert "deleted" not in " ".join(e.practitioner)


def _merged_doc(tmp_path):
    document = Document()
    table = document.add_table(rows=5, cols=4)
    heads = ["Date", "Time", "Details", "Outcome"]
    for c, h in enumerate(heads):
        table.cell(0, c).text = h
    table.cell(1, 0).text = "01/01/2019"
    table.cell(1, 1).text = "10:00"
    table.cell(1, 2).text = "Details spanning two columns"
    table.cell(1, 2).merge(table.cell(1, 3))
    table.cell(2, 0).text = "02/01/2019"
    table.cell(2, 2).text = "Vertical merge starts"
    table.cell(2, 3).text = "NFA"
    table.cell(2, 2).merge(table.cell(3, 2))
    table.cell(3, 0).text = "03/01/2019"
    table.cell(4, 0).text = "04/01/2019"
    table.cell(4, 1).text = "Line one\nLine two"
    table.cell(4, 2).text = "Tab\there"
    table.cell(4, 2).add_paragraph("Second paragraph")
    path = tmp_path / "merged.docx"
    document.save(path)
    return path


def test_a_cell_merged_down_belongs_to_every_row_it_spans(tmp_path):
    result, rows = rows_of(_merged_doc(tmp_path))
    e = result.entries
    assert list(e.source_row) == [2, 3, 4, 5]
    # Across: the text sits in the first column it spans, the next stays its own.
    # Down: every row the merged cell spans has its text.
    assert list(e.description) == [
        "Details spanning two columns",
        "Vertical merge starts",
        "Vertical merge starts",
        "Tab\there\nSecond paragraph",
    ]
    assert list(e.outcome) == ["", "NFA", "", ""]
    assert list(e.time) == ["10:00", "", "", "Line one\nLine two"]
    notes = [i for i in result.issues if i.code == "cell-merged-down"]
    assert [(i.source_row, i.column, i.value) for i in notes] == [
        (4, "", "Vertical merge starts")
    ]
    assert "'Details'" in notes[0].message


def _day_merged_doc(tmp_path, *, prefix_header_merge=False):
    """A drug service's layout: one date cell merged down over a day's entries,
    with a heading spanning two columns (Time and Worker under "Seen by")."""
    document = Document()
    document.add_paragraph("Riverside Recovery - keyworker record")
    table = document.add_table(rows=7, cols=4)
    heads = ["Date", "Seen by", "", "Keyworker notes"]
    for c, h in enumerate(heads):
        if h:
            table.cell(0, c).text = h
    table.cell(0, 1).merge(table.cell(0, 2))
    rows = [
        (
            "05/02/2020",
            "09:30",
            "KW1",
            "Morning drop-in; mum attended alone, spoke about sleep.",
        ),
        ("", "14:00", "KW1", "Phoned mum back about the prescription change."),
        ("", "16:45", "KW2", "Mum did not attend the group; text message sent."),
        ("06/02/2020", "10:00", "KW1", "Home visit; children at school, flat tidy."),
        ("07/02/2020", "11:15", "KW2", "Urine screen taken at clinic."),
        ("", "", "KW2", "Referral to the parenting course discussed and agreed."),
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(3, 0))  # 05/02 spans three rows
    table.cell(5, 0).merge(table.cell(6, 0))  # 07/02 spans two
    table.cell(5, 1).merge(table.cell(6, 1))  # and so does its time
    path = tmp_path / "Riverside_Recovery.docx"
    document.save(path)
    return path


def test_a_date_merged_over_a_days_entries_dates_each_of_them(tmp_path):
    path = _day_merged_doc(tmp_path)
    result = read_inputs(path)
    e = result.entries
    assert list(e.source_row) == [2, 3, 4, 5, 6, 7]
    assert list(e.date_raw) == [
        "05/02/2020",
        "05/02/2020",
        "05/02/2020",
        "06/02/2020",
        "07/02/2020",
        "07/02/2020",
    ]
    assert [d[:7] for d in e.description] == [
        "Morning",
        "Phoned ",
        "Mum did",
        "Home vi",
        "Urine s",
        "Referra",
    ]
    notes = {i.source_row: i for i in result.issues if i.code == "cell-merged-down"}
    assert sorted(notes) == [3, 4, 7]
    assert "'Date'" in notes[3].message and "05/02/2020" in notes[3].message
    assert "'Date' and 'Seen by'" in notes[7].message
    assert not [i for i in result.issues if i.code == "date-missing"]


def test_a_merged_date_reads_the_same_by_both_readers(tmp_path):
    data = zipfile.ZipFile(_day_merged_doc(tmp_path)).read("word/document.xml")
    fast = read_tables_fast(data)
    slow = read_tables_lxml(io.BytesIO(data))
    assert [t.rows for t in fast] == [t.rows for t in slow]
    assert [t.merged_down for t in fast] == [t.merged_down for t in slow]
    assert fast[0].merged_down == {3: [0], 4: [0], 7: [0, 1]}
    # the heading spanning two columns shifts none of the columns after it
    assert fast[0].rows[0] == ["Date", "Seen by", "", "Keyworker notes"]
    assert [row[3][:7] for row in fast[0].rows[1:]] == [
        "Morning",
        "Phoned ",
        "Mum did",
        "Home vi",
        "Urine s",
        "Referra",
    ]


def _nested_doc(tmp_path):
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Date"
    table.cell(0, 1).text = "Details"
    table.cell(1, 0).text = "01/01/2019"
    cell = table.cell(1, 1)
    cell.text = "Before nested"
    inner = cell.add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = f"n{r}{c}"
    cell.add_paragraph("After nested")
    path = tmp_path / "nested.docx"
    document.save(path)
    return path


def test_nested_table_text_stays_in_its_cell(tmp_path):
    result, rows = rows_of(_nested_doc(tmp_path))
    # python-docx ends the cell's nested table with an empty paragraph.
    assert rows == [
        ("table 1", 2, "Before nested\nn00\nn01\nn10\nn11\n\nAfter nested"),
    ]


def test_chronolator_columns(tmp_path):
    heads = [
        "Event Ref",
        "Start Date",
        "Start Time",
        "End Date",
        "End Time",
        "Source of Information",
        "Event",
        "Comment",
    ]
    row = [
        "1",
        "?22 May 2016",
        "14:00",
        "23/05/2016",
        "15:00",
        "HV1 diary",
        "Visit",
        "ok",
    ]
    path = write_docx(tmp_path / "chronolator.docx", [[heads, row]])
    result = read_inputs(path)
    e = result.entries.iloc[0]
    assert (e.sequence, e.date, e.time, e.date_end, e.time_end) == (
        "1",
        "?22 May 2016",
        "14:00",
        "23/05/2016",
        "15:00",
    )
    assert (e.description, e.analysis, e.agency_text) == ("Visit", "ok", "HV1 diary")
    # "HV1 diary" names a record, not an agency: the agency comes from the file.
    assert e.agency == "chronolator" and e.agency_basis == "default"


def test_docm_is_read(tmp_path):
    source = write_docx(
        tmp_path / "a.docx", [[HEADER, ["01/01/2019", "macro doc", ""]]]
    )
    target = tmp_path / "macro.docm"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml",
                )
            zout.writestr(info, data)
    source.unlink()
    result, rows = rows_of(target)
    assert rows == [("table 1", 2, "macro doc")]
    assert result.files[0].format == "docm"


def test_document_without_a_table(tmp_path):
    document = Document()
    document.add_paragraph("01/01/2019 Home visit, all well.")
    path = tmp_path / "prose.docx"
    document.save(path)
    result = read_inputs(path)
    assert codes(result) == ["no-table"]
    assert result.files[0].status == "failed"
    assert "prose.docx has no table" in result.issues[0].message


def test_tables_without_a_chronology_header(tmp_path):
    path = write_docx(tmp_path / "odd.docx", [[["Name", "Role"], ["A", "B"]]])
    result = read_inputs(path)
    assert codes(result) == ["table-skipped", "no-header"]
    assert "'Name', 'Role'" in result.issues[-1].message


@pytest.mark.parametrize(
    "build",
    [
        lambda t: write_docx(t / "p.docx", [[HEADER, ["a & b <c>", "x\ny", "\tz"]]]),
        _content_control_doc,
        _merged_doc,
        _day_merged_doc,
        _nested_doc,
    ],
)
def test_fast_scan_and_lxml_walk_agree(tmp_path, build):
    path = build(tmp_path)
    data = zipfile.ZipFile(path).read("word/document.xml")
    fast = read_tables_fast(data)
    slow = read_tables_lxml(io.BytesIO(data))
    assert [t.rows for t in fast] == [t.rows for t in slow]
    assert [t.titles for t in fast] == [t.titles for t in slow]


def test_page_header_names_the_agency(tmp_path):
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Wexmoor Constabulary - chronology"
    table = document.add_table(rows=2, cols=2)
    for c, text in enumerate(["Date", "Details"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "01/01/2019"
    table.cell(1, 1).text = "Call"
    path = tmp_path / "chron.docx"
    document.save(path)
    e = read_inputs(path).entries
    assert (e.agency[0], e.agency_basis[0]) == ("Police", "title")


def test_entity_declarations_refused_even_past_the_scan():
    from chronomerge.ingest.safety import FileProblem

    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r>'
        "<w:t>&b;</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    with pytest.raises(FileProblem) as caught:
        read_tables_lxml(io.BytesIO(xml.encode()))
    assert caught.value.code == "file-unsafe"


SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.docx")), ids=lambda p: p.name)
def test_fast_scan_and_lxml_walk_agree_on_the_sample(path):
    data = zipfile.ZipFile(path).read("word/document.xml")
    fast = read_tables_fast(data)
    slow = read_tables_lxml(io.BytesIO(data))
    assert [t.rows for t in fast] == [t.rows for t in slow]
    assert [t.titles for t in fast] == [t.titles for t in slow]


def test_large_tables_are_read_in_parts_with_the_same_result(tmp_path, monkeypatch):
    from chronomerge.ingest.word import fast as wordfast

    rows = [HEADER] + [
        [
            f"{d % 28 + 1:02d}/01/2019",
            f"Entry {d}" + ("\tTabbed" if d % 7 == 0 else ""),
            "",
        ]
        for d in range(60)
    ]
    path = write_docx(tmp_path / "long.docx", [rows])
    data = zipfile.ZipFile(path).read("word/document.xml")
    whole = read_tables_fast(data)
    monkeypatch.setattr(wordfast, "_CHUNK", 1500)
    parts = read_tables_fast(data)
    slow = read_tables_lxml(io.BytesIO(data))
    assert [t.rows for t in parts] == [t.rows for t in whole] == [t.rows for t in slow]
    assert len(parts[0].rows) == 61 and parts[0].rows[8][1] == "Entry 7\tTabbed"
