"""The panel pack of the sample review (sample_data/child_a), reopened and read
as a panel member would: the Word rows whole, each source where it belongs,
secondary types brief, and the files that are not chronologies set apart."""

from __future__ import annotations

from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from chronomerge.export.style import event_type_label, event_type_short, split_ids
from chronomerge.pipeline import build_pack

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"
pytestmark = [
    pytest.mark.skipif(not SAMPLE.is_dir(), reason="no sample review"),
    pytest.mark.slow,  # one merge of the sample review, about 5 seconds
]
NOT_CHRONOLOGIES = [
    "review.toml",
    "truth.csv",
    "truth_episodes.csv",
    "truth_flags.csv",
    "truth_gaps.csv",
    "truth_people.csv",
]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_pack")
    build_pack(SAMPLE, out, outputs=("csv", "xlsx", "docx"))
    return out


@pytest.fixture(scope="module")
def entries(pack) -> pd.DataFrame:
    frame = pd.read_csv(pack / "chronology.csv", dtype=str, keep_default_na=False)
    return frame.set_index("entry_id")


def _entry_rows(pack: Path) -> list:
    """The Word chronology table's entry rows (not the header or gap rows)."""
    table = docx.Document(str(pack / "chronology.docx")).tables[1]
    return [r for r in table.rows[1:] if not r.cells[0].text.startswith("Gap:")]


def test_word_rows_whole_with_their_source_file(pack, entries):
    """The first Police row once read ', Police chronology, row 6': the row was
    split across two pages, and the file name filled its line so the comma
    after it began the next. Rows are now kept on one page and the file name
    has a line of its own."""
    rows = _entry_rows(pack)
    assert len(rows) == len(entries)
    police = entries.index[entries.agency == "Wexmoor Police"][0]
    seen = set()
    for row in rows:
        trpr = row._tr.trPr
        assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None
        lines = [p.text for p in row.cells[-1].paragraphs]
        entry_id = lines[-1].rsplit("(", 1)[-1].rstrip(")")
        entry = entries.loc[entry_id]
        assert lines[-2] == entry.source_file
        assert lines[-1] == (
            f"{entry.source_location + ', ' if entry.source_location else ''}"
            f"row {entry.source_row} ({entry_id})"
        )
        assert not any(line.startswith(",") for line in lines)
        seen.add(entry_id)
    assert police in seen and seen == set(entries.index)


def test_secondary_types_brief_and_complete(pack, entries):
    book = load_workbook(pack / "panel_pack.xlsx", read_only=True)
    sheet = book["Chronology"].iter_rows(values_only=True)
    heads = next(sheet)
    at = {h: heads.index(h) for h in ("Entry id", "Event type", "Other types")}
    several = 0
    for row in sheet:
        entry = entries.loc[row[at["Entry id"]]]
        assert row[at["Event type"]] == event_type_label(entry.event_type)
        shorts = [event_type_short(c) for c in split_ids(entry.secondary_types)]
        assert (row[at["Other types"]] or "") == "; ".join(shorts)
        several += len(shorts) >= 2
    book.close()
    assert several  # the sample has entries with two or more other types
    words = {
        row.cells[2].paragraphs[-1].text
        for row in _entry_rows(pack)
        if len(row.cells[2].paragraphs) > 1
    }
    assert words and all(w.startswith("also: ") for w in words)


def test_files_that_are_not_chronologies_are_set_apart(pack):
    book = load_workbook(pack / "panel_pack.xlsx", read_only=True)
    rows = [r or (None, None) for r in book["About"].iter_rows(values_only=True)]
    book.close()
    firsts = [r[0] for r in rows]
    inputs, unread = firsts.index("Inputs"), firsts.index("Files not read")
    read_names = [r[0] for r in rows[inputs + 2 : unread] if r[0]]
    assert not set(NOT_CHRONOLOGIES) & set(read_names)
    assert len(read_names) == 10  # the ten agency files
    listed = {r[0]: r[1] for r in rows[unread + 2 :] if r[0] in NOT_CHRONOLOGIES}
    assert sorted(listed) == sorted(NOT_CHRONOLOGIES)
    for name, why in listed.items():
        assert why.startswith(f"{name} was not read because")
