"""Both panel pack files open in LibreOffice without repair: each is converted
to PDF with ``soffice --headless`` (installed here and in CI)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from office_helpers import SOFFICE, convert
from panel_fixtures import big_chronology, sample_chronology
from python_calamine import CalamineWorkbook

from chronomerge.export.document import write_document
from chronomerge.export.pseudonymise import pseudonymise
from chronomerge.export.workbook import write_workbook

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not installed, so the files cannot be "
        "checked by converting them; CI installs it",
    ),
]


def _to_pdf(source: Path, tmp_path: Path) -> Path:
    return convert([source], tmp_path, "pdf")[0]


@pytest.mark.parametrize(
    ("name", "writer"),
    [("panel_pack.xlsx", write_workbook), ("chronology.docx", write_document)],
)
def test_libreoffice_converts_the_output(tmp_path, name, writer):
    chronology, _ = pseudonymise(sample_chronology())
    pdf = _to_pdf(writer(chronology, tmp_path / name), tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    # More than one page: the whole table was laid out, not an empty shell.
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) > 1


def test_libreoffice_reads_every_row_of_a_larger_pack(tmp_path):
    """LibreOffice opens a pack of thousands of streamed rows and saves it
    again with every entry of the Chronology and every agency sheet's rows."""
    chronology = big_chronology(2_000)
    pack = write_workbook(chronology, tmp_path / "panel_pack.xlsx")
    (tmp_path / "again").mkdir()
    resaved = convert([pack], tmp_path / "again", "xlsx")[0]
    book = CalamineWorkbook.from_path(str(resaved))
    rows = book.get_sheet_by_name("Chronology").to_python()
    entry_id = rows[0].index("Entry id")
    assert [r[entry_id] for r in rows[1:]] == chronology.entries["entry_id"].tolist()
    original = CalamineWorkbook.from_path(str(pack))
    assert book.sheet_names == original.sheet_names
    for name in original.sheet_names:
        assert len(book.get_sheet_by_name(name).to_python()) == len(
            original.get_sheet_by_name(name).to_python()
        ), name
