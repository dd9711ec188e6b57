"""Render the README pictures of the panel pack: the workbook and the Word table.

    .venv/bin/python docs/make_pictures.py [MERGE_DIR] [--out docs/images]
        [--rows 28] [--word-page 2] [--dpi 120]

Writes ``workbook.png`` and ``word.png`` into --out (the names the README
links). MERGE_DIR is the --out folder of a ``chronomerge merge`` run (it holds
panel_pack.xlsx and chronology.docx). Without it, the sample review in
sample_data/child_a is merged and pseudonymised (as ``chronomerge merge
--pseudonymise`` does) and written to a temporary folder.

Each file is converted with LibreOffice (``soffice --headless --convert-to
pdf``, with a throw-away profile) and one page is rendered to PNG with
poppler's ``pdftoppm``: the first rows of the Chronology sheet (Date as
written to Also recorded by, on one A4 landscape page), and a page of the
Word chronology (the table, its header repeated).
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
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "child_a"
WORKBOOK_ROWS = 28  # rows of the Chronology sheet in the picture (a linked event)
LAST_HEADING = "Also recorded by"  # the picture's last column
WORKBOOK_PNG, WORD_PNG = "workbook.png", "word.png"


def _need(program: str, how: str) -> str:
    path = shutil.which(program)
    if path is None:
        sys.exit(f"make_pictures: {program} is not installed; {how}")
    return path


def _merge_sample(folder: Path) -> Path:
    """Merge the sample review as ``chronomerge merge --pseudonymise`` does and
    write the pack files into ``folder``."""
    from chronomerge.pipeline import build_pack

    chronology, _ = build_pack(
        SAMPLE, folder, pseudonymise=True, outputs=("csv", "xlsx", "docx")
    )
    count = chronology.manifest["pseudonymised"]["replacements"]
    print(f"merged {len(chronology.entries)} entries; {count} names replaced")
    return folder


def _chronology_only(pack: Path, target: Path, rows: int) -> Path:
    """A copy of the pack holding only the top of the Chronology sheet, on one
    A4 landscape page, so the picture is readable rather than the whole sheet
    shrunk to a page."""
    book = load_workbook(pack)
    for name in book.sheetnames:
        if name != "Chronology":
            del book[name]
    ws = book["Chronology"]
    heads = [c.value for c in ws[1]]
    last = get_column_letter(heads.index(LAST_HEADING) + 1)
    ws.print_area = f"A1:{last}{min(ws.max_row, rows)}"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToHeight = 1
    ws.page_margins = PageMargins(
        left=0.2, right=0.2, top=0.5, bottom=0.4, header=0.2, footer=0.2
    )
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


def _to_png(pdftoppm: str, pdf: Path, page: int, target: Path, dpi: int) -> Path:
    stem = target.with_suffix("")
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            str(dpi),
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
        help="where to write workbook.png and word.png",
    )
    parser.add_argument(
        "--rows",
        type=int,
        default=WORKBOOK_ROWS,
        help="rows of the Chronology sheet in workbook.png (with its heading)",
    )
    parser.add_argument(
        "--word-page", type=int, default=2, help="the Word page in word.png"
    )
    parser.add_argument("--dpi", type=int, default=120, help="resolution")
    args = parser.parse_args()
    soffice = _need("soffice", "install LibreOffice")
    pdftoppm = _need(
        "pdftoppm", "install poppler-utils (apt-get install poppler-utils)"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = args.merge_dir or _merge_sample(work / "pack")
        pack = _chronology_only(
            folder / "panel_pack.xlsx", work / "workbook.xlsx", args.rows
        )
        pictures = [
            _to_png(
                pdftoppm,
                _to_pdf(soffice, pack, work),
                1,
                args.out / WORKBOOK_PNG,
                args.dpi,
            ),
            _to_png(
                pdftoppm,
                _to_pdf(soffice, folder / "chronology.docx", work),
                args.word_page,
                args.out / WORD_PNG,
                args.dpi,
            ),
        ]
    for picture in pictures:
        print(f"wrote {picture}")


if __name__ == "__main__":
    main()
