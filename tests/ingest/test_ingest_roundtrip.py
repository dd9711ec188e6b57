"""chronomerge's own files: filled templates are read, outputs are not."""

from __future__ import annotations

import openpyxl
import pytest
from docx import Document
from ingest_helpers import write_csv, write_xlsx

from chronomerge.export.template import write_template
from chronomerge.ingest import read_inputs
from chronomerge.review import Agency, ReviewSettings

REVIEW = ReviewSettings(agencies=[Agency(name="Northshire Police", kind="police")])


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_filled_template_reads_with_its_agency(tmp_path, suffix):
    path = write_template(
        tmp_path / f"police{suffix}", REVIEW, agency="Northshire Police"
    )
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        header = next(
            r for r in sheet.iter_rows() if any(c.value == "Date" for c in r)
        )[0].row
        sheet.cell(header + 1, 1, "01/02/2019")
        sheet.cell(header + 1, 5, "Home visit")
        book.save(path)
    else:
        document = Document(path)
        table = document.tables[0]
        table.cell(1, 0).text = "01/02/2019"
        table.cell(1, 4).text = "Home visit"
        document.save(path)
    result = read_inputs(path, REVIEW)
    e = result.entries
    assert list(e.description) == ["Home visit"] and list(e.date) == ["01/02/2019"]
    assert (e.agency[0], e.agency_basis[0]) == ("Northshire Police", "title")
    assert not [i for i in result.issues if i.severity == "error"]


def test_chronomerge_outputs_in_an_input_folder_are_skipped(tmp_path):
    write_csv(
        tmp_path / "groups.csv",
        [["event_group", "entry_ids", "size"], ["G1", "E1", "1"]],
    )
    write_xlsx(
        tmp_path / "panel_pack.xlsx",
        {
            "About": [["Child A LCSPR"]],
            "Chronology": [
                ["Merged chronology"],
                [
                    "Date as written",
                    "Date read as",
                    "Agency",
                    "Description",
                    "Entry id",
                ],
                ["01/02/2019", "2019-02-01", "Police", "Visit", "E123"],
            ],
        },
    )
    document = Document()
    document.core_properties.comments = "Written by chronomerge 0.1.0"
    table = document.add_table(rows=2, cols=2)
    for c, text in enumerate(["Date", "Event"]):
        table.cell(0, c).text = text
    document.save(tmp_path / "chronology.docx")
    write_csv(tmp_path / "police.csv", [["Date", "Details"], ["01/02/2019", "Visit"]])
    result = read_inputs(tmp_path)
    status = {f.name: f.status for f in result.files}
    assert status == {
        "chronology.docx": "skipped",
        "groups.csv": "skipped",
        "panel_pack.xlsx": "skipped",
        "police.csv": "read",
    }
    assert list(result.entries.source_file) == ["police.csv"]
