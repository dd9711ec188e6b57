"""Render the README pictures of the panel pack: the workbook and the Word table.

    .venv/bin/python docs/make_pictures.py [MERGE_DIR] [--out docs/images]

MERGE_DIR is the --out folder of a ``chronomerge merge`` run (it holds
panel_pack.xlsx and chronology.docx). Without it, the sample review in
sample_data/child_a is merged, pseudonymised and written to a temporary folder.

Each file is converted with LibreOffice (``soffice --headless --convert-to
pdf``, with a throw-away profile) and one page is rendered to PNG with
poppler's ``pdftoppm``: the first rows of the Chronology sheet, and the
second page of the Word chronology (the table, its header repeated).
Needs LibreOffice and poppler-utils (``apt-get install poppler-utils``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "child_a"
WORKBOOK_ROWS = 22  # rows of the Chronology sheet in the picture
WORKBOOK_LAST_COLUMN = "L"  # Date as written ... Flags
DPI = 110


def _need(program: str, how: str) -> str:
    path = shutil.which(program)
    if path is None:
        sys.exit(f"make_pictures: {program} is not installed; {how}")
    return path


def _merge_sample(folder: Path) -> Path:
    """Merge the sample review and write the pack files into ``folder``."""
    from chronomerge import merge
    from chronomerge.export.document import write_document
    from chronomerge.export.pseudonymise import pseudonymise
    from chronomerge.export.workbook import write_workbook

    chronology, count = pseudonymise(merge(SAMPLE))
    print(f"merged {len(chronology.entries)} entries; {count} names replaced")
    write_workbook(chronology, folder / "panel_pack.xlsx")
    write_document(chronology, folder / "chronology.docx")
    return folder


def _chronology_only(pack: Path, target: Path) -> Path:
    """A copy of the pack holding only the top of the Chronology sheet, so the
    picture is readable rather than the whole sheet shrunk to a page."""
    book = load_workbook(pack)
    for name in book.sheetnames:
        if name != "Chronology":
            del book[name]
    ws = book["Chronology"]
    ws.print_area = f"A1:{WORKBOOK_LAST_COLUMN}{min(ws.max_row, WORKBOOK_ROWS)}"
    book.save(target)
    return target


def _to_pdf(soffice: str, source: Path, work: Path) -> Path:
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    pdf = work / (source.stem + ".pdf")
    if not pdf.exists():
        sys.exit(f"make_pictures: LibreOffice made no PDF from {source.name}")
    return pdf


def _to_png(pdftoppm: str, pdf: Path, page: int, target: Path) -> Path:
    stem = target.with_suffix("")
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            str(DPI),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "merge_dir",
        nargs="?",
        type=Path,
        help="a merge's --out folder (default: merge the sample)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "images",
        help="where to write the PNG files",
    )
    args = parser.parse_args()
    soffice = _need("soffice", "install LibreOffice")
    pdftoppm = _need(
        "pdftoppm", "install poppler-utils (apt-get install poppler-utils)"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = args.merge_dir or _merge_sample(work)
        pack = _chronology_only(folder / "panel_pack.xlsx", work / "workbook.xlsx")
        pictures = [
            _to_png(
                pdftoppm,
                _to_pdf(soffice, pack, work),
                1,
                args.out / "panel_pack_workbook.png",
            ),
            _to_png(
                pdftoppm,
                _to_pdf(soffice, folder / "chronology.docx", work),
                2,
                args.out / "panel_pack_word.png",
            ),
        ]
    for picture in pictures:
        print(f"wrote {picture}")


if __name__ == "__main__":
    main()
