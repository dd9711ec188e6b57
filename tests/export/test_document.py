"""The Word composite chronology, reopened with python-docx and checked."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from panel_fixtures import big_chronology, sample_chronology

from chronomerge.export.document import CHRONOLOGY_COLUMNS, write_document
from chronomerge.export.style import agency_styles, event_type_label

ENTRY_ID = re.compile(r"\((E[0-9a-f]{10})\)\s*$")


def _doc(tmp_path: Path, chronology=None, name="chronology.docx") -> Path:
    return write_document(chronology or sample_chronology(), tmp_path / name)


def _rows(document) -> list:
    """The chronology table's rows after its header."""
    return document.tables[1].rows[1:]


def _entry_id(row) -> str | None:
    match = ENTRY_ID.search(row.cells[-1].text)
    return match.group(1) if match else None


def _fill(cell) -> str:
    shd = cell._tc.tcPr.find(qn("w:shd"))
    return shd.get(qn("w:fill")) if shd is not None else ""


def test_every_entry_once(tmp_path):
    chronology = sample_chronology()
    document = docx.Document(str(_doc(tmp_path, chronology)))
    ids = [_entry_id(row) for row in _rows(document)]
    ids = [i for i in ids if i]
    assert sorted(ids) == sorted(chronology.entries["entry_id"])
    assert len(set(ids)) == len(ids)
    texts = {row.cells[3].text for row in _rows(document) if len(row.cells) > 3}
    for description in chronology.entries["description"]:
        assert description.replace("\x07", "\ufffd") in texts


def test_landscape_with_marking_and_page_numbers(tmp_path):
    chronology = sample_chronology()
    document = docx.Document(str(_doc(tmp_path, chronology)))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    marking = chronology.review.review.marking
    assert marking in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    assert marking in footer.text
    fields = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert chronology.review.review.name in body
    assert "Review period: 1 January 2019 to 31 December 2019" in body


def test_header_row_repeats_on_every_page(tmp_path):
    document = docx.Document(str(_doc(tmp_path)))
    table = document.tables[1]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == [h for h, _ in CHRONOLOGY_COLUMNS]
    for row in table.rows[1:]:
        trpr = row._tr.trPr
        assert trpr is None or trpr.find(qn("w:tblHeader")) is None


def test_agency_key_and_shading(tmp_path):
    chronology = sample_chronology()
    styles = agency_styles(chronology.entries, chronology.review)
    document = docx.Document(str(_doc(tmp_path, chronology)))
    key = document.tables[0]
    assert [r.cells[0].text for r in key.rows[1:]] == list(styles)
    for row in key.rows[1:]:
        assert _fill(row.cells[0]) == styles[row.cells[0].text].colour
    for row in _rows(document):
        if not _entry_id(row):
            continue
        look = styles[row.cells[1].text]
        assert _fill(row.cells[1]) == look.colour
        fills = [_fill(c) for c in row.cells]
        assert set(fills[:1] + fills[2:]) == {look.tint}


def test_linked_events_sit_together(tmp_path):
    chronology = sample_chronology()
    entries = chronology.entries.set_index("entry_id")
    document = docx.Document(str(_doc(tmp_path, chronology)))
    rows = [(i, _entry_id(r), r) for i, r in enumerate(_rows(document))]
    position = {entry_id: i for i, entry_id, _ in rows if entry_id}
    for group, part in chronology.entries.groupby("event_group"):
        if len(part) < 2:
            continue
        places = sorted(position[e] for e in part.entry_id)
        assert places == list(range(places[0], places[0] + len(part)))
        for entry_id in part.entry_id:
            note = rows[position[entry_id]][2].cells[-1].text
            others = set(part.agency) - {entries.loc[entry_id, "agency"]}
            assert f"Linked event {group}: also recorded by" in note
            assert all(agency in note for agency in others)


def test_gaps_noted_where_they_fall(tmp_path):
    chronology = sample_chronology()
    entries = chronology.entries
    starts = dict(zip(entries.entry_id, entries.date_start, strict=True))
    document = docx.Document(str(_doc(tmp_path, chronology)))
    rows = list(_rows(document))
    gap_rows = [i for i, r in enumerate(rows) if r.cells[0].text.startswith("Gap:")]
    whole = chronology.gaps[chronology.gaps.scope == "all"]
    assert len(gap_rows) == len(whole)
    for i, (_, gap) in zip(gap_rows, whole.sort_values("end").iterrows(), strict=True):
        assert f"for {gap.days} days" in rows[i].cells[0].text
        before = [starts[_entry_id(r)] for r in rows[:i] if _entry_id(r)]
        after = [starts[_entry_id(r)] for r in rows[i + 1 :] if _entry_id(r)]
        assert max(before) <= gap.start
        assert min(d for d in after if d) >= gap.end
    agency_gaps = chronology.gaps[chronology.gaps.scope != "all"]
    gap_table = document.tables[2]
    assert [r.cells[0].text for r in gap_table.rows[1:]] == list(agency_gaps.scope)


def test_flags_listed_for_the_panel(tmp_path):
    chronology = sample_chronology()
    document = docx.Document(str(_doc(tmp_path, chronology)))
    table = document.tables[-1]
    assert [r.cells[2].text for r in table.rows[1:]] == list(chronology.flags.summary)


def test_same_bytes_every_run(tmp_path):
    assert (
        _doc(tmp_path, name="a.docx").read_bytes()
        == _doc(tmp_path, name="b.docx").read_bytes()
    )


def test_empty_chronology(tmp_path):
    chronology = sample_chronology()
    chronology.entries = chronology.entries.iloc[0:0]
    chronology.gaps = chronology.gaps.iloc[0:0]
    chronology.flags = chronology.flags.iloc[0:0]
    document = docx.Document(str(_doc(tmp_path, chronology)))
    assert len(document.tables[1].rows) == 1


def test_text_that_looks_like_markup_stays_text(tmp_path):
    chronology = sample_chronology()
    text = "<w:p>&amp; </w:tbl> line one\nline two\ttabbed ]]>"
    chronology.entries.loc[2, "description"] = text
    document = docx.Document(str(_doc(tmp_path, chronology)))
    cells = [r.cells[3].text for r in _rows(document) if len(r.cells) > 3]
    assert text in cells


@pytest.mark.slow
def test_large_review_every_row(tmp_path):
    chronology = big_chronology(20_000)
    path = _doc(tmp_path, chronology)
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    table = root.findall(f".//{qn('w:tbl')}")[1]
    rows = table.findall(qn("w:tr"))
    ids = []
    for row in rows[1:]:
        text = "".join(row.findall(f"{qn('w:tc')}")[-1].itertext())
        match = ENTRY_ID.search(text)
        if match:
            ids.append(match.group(1))
    assert sorted(ids) == sorted(chronology.entries["entry_id"])


def _kept_whole(row) -> bool:
    trpr = row._tr.trPr
    return trpr is not None and trpr.find(qn("w:cantSplit")) is not None


def test_rows_are_kept_on_one_page_unless_taller_than_a_page(tmp_path):
    chronology = sample_chronology()
    # A description of 6,000 characters cannot fit one page: kept whole, Word
    # would cut it off at the foot of the page, so it is left free to split.
    chronology.entries.loc[4, "description"] = "Long account. " * 430
    document = docx.Document(str(_doc(tmp_path, chronology)))
    long_id = chronology.entries.loc[4, "entry_id"]
    rows = [r for r in _rows(document) if _entry_id(r)]
    assert len(rows) == len(chronology.entries)
    for row in rows:
        assert _kept_whole(row) == (_entry_id(row) != long_id), _entry_id(row)
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def test_source_file_on_its_own_line(tmp_path):
    chronology = sample_chronology()
    entries = chronology.entries.set_index("entry_id")
    document = docx.Document(str(_doc(tmp_path, chronology)))
    for row in _rows(document):
        entry_id = _entry_id(row)
        if not entry_id:
            continue
        lines = [p.text for p in row.cells[-1].paragraphs]
        entry = entries.loc[entry_id]
        assert lines[-2] == entry.source_file
        place = ", ".join(
            p for p in (entry.source_location, f"row {entry.source_row}") if p
        )
        assert lines[-1] == f"{place} ({entry_id})"
        assert not any(line.lstrip().startswith(",") for line in lines)


def test_secondary_types_listed_briefly(tmp_path):
    chronology = sample_chronology()
    chronology.entries.loc[1, "secondary_types"] = (
        "criminal_justice;case_closure;referral_csc;information_sharing"
    )
    entry_id = chronology.entries.loc[1, "entry_id"]
    document = docx.Document(str(_doc(tmp_path, chronology)))
    row = next(r for r in _rows(document) if _entry_id(r) == entry_id)
    main, also = (p.text for p in row.cells[2].paragraphs)
    assert main == event_type_label(chronology.entries.loc[1, "event_type"])
    assert also == (
        "also: Arrest or court; Case closed; Referral to social care; "
        "Information sharing"
    )
