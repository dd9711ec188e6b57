"""Both panel pack files open in LibreOffice without repair: each is converted
to PDF with ``soffice --headless`` (installed here and in CI)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from office_helpers import SOFFICE, convert
from panel_fixtures import sample_chronology

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
