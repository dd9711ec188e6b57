"""CSV outputs are safe to open in a spreadsheet (issue 16): a cell that
Excel or LibreOffice would read as a formula gets a leading apostrophe in
every CSV chronomerge writes, while the DataFrames, ``write_tables(exact=True)``
and ``merge --exact-csv`` keep the text exactly.

Agency files (CSV and xlsx) carrying formula payloads in their cells, their
file name, sheet name and agency are merged for real; LibreOffice then opens
every CSV with formula evaluation on and must find no formula and no link.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from office_helpers import SOFFICE, convert
from typer.testing import CliRunner

from chronomerge.cli import app
from chronomerge.export.tables import write_csv
from chronomerge.pipeline import build_pack

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+1+1 visited",
    "-2+3 home visit",
    "@SUM(1;2)",
    "\t=1+1 after a tab",
    "\r=1+1 after a return",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NEGATIVE = re.compile(r"-\d+(\.\d+)?")
WORKER = "=cmd|' /C calc'!A0"


def _agency_files(folder: Path) -> list[Path]:
    """A CSV named like a formula, with a formula agency, payload events, a
    formula date and a worker DDE payload; and an xlsx whose sheet name,
    text cells and one unsaved formula start like formulas."""
    folder.mkdir()
    rows = [["Date", "Agency", "Event", "Worker", "Balance"]]
    for day, payload in enumerate(PAYLOADS, start=1):
        rows.append([f"0{day}/03/2019", "=Evil agency", payload, WORKER, "-5"])
    rows.append(["01/09/2019", "=Evil agency", "Home visit, child seen", "Jo", "-2.5"])
    rows.append(["=1+1", "=Evil agency", "Telephone call", "Jo", "3"])
    housing = folder / "=Housing.csv"
    with housing.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "@Visits"
    sheet.append(["Date", "Details", "Outcome"])
    for row, payload in enumerate(PAYLOADS, start=2):
        sheet.cell(row=row, column=1, value=f"{row + 8}/06/2019")
        for column, text in ((2, payload), (3, "@outcome")):
            cell = sheet.cell(row=row, column=column)
            cell.value = text
            cell.data_type = "s"  # text that looks like a formula, not one
    # A real formula with no saved result: chronomerge writes its text itself.
    sheet.append(["20/07/2019", '=CONCAT("a","b")', "ok"])
    police = folder / "Police.xlsx"
    book.save(police)
    return [housing, police]


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _could_run(cell: str) -> bool:
    return cell.startswith(TRIGGERS) and not PLAIN_NEGATIVE.fullmatch(cell)


def _neutralised(cell: str) -> bool:
    return cell.startswith("'") and cell[1:].startswith(TRIGGERS)


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """One real merge: the default CSVs in ``safe``, exact ones in ``exact``."""
    root = tmp_path_factory.mktemp("csv_safety")
    inputs = _agency_files(root / "inputs")
    chronology, _ = build_pack(inputs, root / "safe", outputs=("csv",))
    manifest = json.loads((root / "safe" / "manifest.json").read_text("utf-8"))
    exact_paths = chronology.write_tables(root / "exact", exact=True)
    return chronology, manifest, root / "safe", exact_paths


def test_no_csv_cell_can_run_as_a_formula(pack):
    _, manifest, safe, _ = pack
    names = sorted(p.name for p in safe.glob("*.csv"))
    assert {"chronology.csv", "issues.csv", "gaps.csv", "groups.csv"} <= set(names)
    changed = 0
    for name in names:
        for row in _cells(safe / name):
            assert not [c for c in row if _could_run(c)], (name, row)
            changed += sum(_neutralised(c) for c in row)
    assert manifest["csv_exact"] is False
    assert manifest["csv_cells_neutralised"] == changed > 0


def test_each_payload_is_written_with_an_apostrophe(pack):
    _, _, safe, _ = pack
    table = pd.read_csv(safe / "chronology.csv", dtype=str, keep_default_na=False)
    read_in = {p.strip() for p in PAYLOADS}  # ingest trims the cell's edges
    assert {"'" + p for p in read_in} <= set(table["description"])
    assert '\'=CONCAT("a","b")' in set(table["description"])
    assert set(table["source_file"]) == {"'=Housing.csv", "Police.xlsx"}
    assert "'@Visits" in set(table["source_location"])
    assert "'=Evil agency" in set(table["agency"])
    worker = [
        c for c in table.columns if c != "description" and WORKER in "".join(table[c])
    ]
    assert worker and set(table[worker[0]]) >= {"'" + WORKER}
    # A plain negative number is only ever that number: left as it is.
    balance = [c for c in table.columns if "-2.5" in set(table[c])]
    assert balance and {"-5", "-2.5", "3"} <= set(table[balance[0]])
    issues = _cells(safe / "issues.csv")
    assert any("'=1+1" in row for row in issues), "the unreadable date's value"
    assert any("'=Housing.csv" in row for row in issues)
    gaps = pd.read_csv(safe / "gaps.csv", dtype=str, keep_default_na=False)
    assert "'=Evil agency" in set(gaps["scope"])
    groups = pd.read_csv(safe / "groups.csv", dtype=str, keep_default_na=False)
    assert any(a.startswith("'=Evil agency") for a in groups["agencies"])


def test_the_dataframes_and_exact_csvs_keep_the_text(pack):
    chronology, _, safe, exact_paths = pack
    entries = chronology.entries
    read_in = {p.strip() for p in PAYLOADS}
    assert read_in <= set(entries["description"])
    assert {"=Housing.csv", "Police.xlsx"} == set(entries["source_file"])
    assert "=Evil agency" in set(entries["agency"])
    assert not any(
        isinstance(v, str) and v.startswith("'")
        for frame in (entries, chronology.issues, chronology.gaps, chronology.groups)
        for v in frame.to_numpy().ravel()
    )
    assert chronology.manifest["csv_exact"] is True
    assert chronology.manifest["csv_cells_neutralised"] == 0
    for path in exact_paths:
        exact, safe_rows = _cells(path), _cells(safe / path.name)
        assert len(exact) == len(safe_rows), path.name
        for exact_row, safe_row in zip(exact, safe_rows, strict=True):
            undone = [c[1:] if _neutralised(c) else c for c in safe_row]
            assert exact_row == undone, path.name
    exact = pd.read_csv(exact_paths[0], dtype=str, keep_default_na=False)
    assert read_in <= set(exact["description"])


def test_write_csv_neutralises_tab_and_return_and_leaves_the_rest(tmp_path):
    # Ingest trims a cell's edges, so a tab or a return first is tried here,
    # on the writer every CSV output goes through.
    texts = [
        "\t=1+1",
        "\r=1+1",
        "=1+1",
        "+44 20 7946 0000",
        "- seen at home",
        "-",
        "@here",
        "-5",
        "-0.5",
        "-1e5",
        "2019-03-01",
        "Home visit",
        "'quoted'",
        "",
    ]
    frame = pd.DataFrame({"text": texts, "flag": [True, False] * 7})
    changed = write_csv(frame, tmp_path / "t.csv", ["text", "flag"])
    back = pd.read_csv(tmp_path / "t.csv", dtype=str, keep_default_na=False)
    assert list(back["text"]) == [
        "'\t=1+1",
        "'\r=1+1",
        "'=1+1",
        "'+44 20 7946 0000",
        "'- seen at home",
        "'-",
        "'@here",
        "-5",
        "-0.5",
        "'-1e5",
        "2019-03-01",
        "Home visit",
        "'quoted'",
        "",
    ]
    assert list(back["flag"]) == ["true", "false"] * 7
    assert changed == 8
    assert write_csv(frame, tmp_path / "e.csv", ["text", "flag"], exact=True) == 0
    exact = pd.read_csv(tmp_path / "e.csv", dtype=str, keep_default_na=False)
    assert list(exact["text"]) == texts


def test_merge_exact_csv_option_gives_the_exact_text(tmp_path):
    inputs = _agency_files(tmp_path / "inputs")
    runner = CliRunner()
    for flag, folder in (([], "safe"), (["--exact-csv"], "exact")):
        args = ["merge", *map(str, inputs), "--out", str(tmp_path / folder), "-q"]
        result = runner.invoke(app, args + flag)
        assert result.exit_code == 0, result.output
    safe = pd.read_csv(tmp_path / "safe" / "chronology.csv", dtype=str)
    exact = pd.read_csv(tmp_path / "exact" / "chronology.csv", dtype=str)
    read_in = {p.strip() for p in PAYLOADS}
    assert read_in <= set(exact["description"])
    assert not read_in & set(safe["description"])
    manifests = {
        folder: json.loads((tmp_path / folder / "manifest.json").read_text("utf-8"))
        for folder in ("safe", "exact")
    }
    assert manifests["exact"]["csv_exact"] is True
    assert manifests["exact"]["csv_cells_neutralised"] == 0
    assert manifests["safe"]["csv_exact"] is False
    assert manifests["safe"]["csv_cells_neutralised"] > 0
    help_text = runner.invoke(app, ["merge", "--help"], terminal_width=200).output
    assert "--exact-csv" in help_text


def test_the_local_page_downloads_neutralised_csvs(tmp_path):
    from starlette.testclient import TestClient

    from chronomerge.serve import create_app

    inputs = _agency_files(tmp_path / "inputs")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in inputs:
            zf.write(path, f"review/{path.name}")
    app_ = create_app(None, token="t", port_ref=[8767])
    with TestClient(app_, base_url="http://127.0.0.1:8767") as client:
        client.get("/?token=t")
        started = client.post(
            "/pack",
            files={"files": ("review.zip", buffer.getvalue(), "application/zip")},
            follow_redirects=False,
        )
        assert started.status_code == 303
        job = started.headers["location"].rsplit("/", 1)[1]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = client.get(f"/jobs/{job}.json").json()
            if status["status"] != "running":
                break
            time.sleep(0.5)
        assert status["status"] == "done", client.get(f"/pack/{job}").text
        got = client.get(f"/jobs/{job}/files/chronology.csv?download=1")
        client.post(f"/jobs/{job}/delete")
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8"))))
    assert not [c for row in rows for c in row if _could_run(c)]
    cells = {c for row in rows for c in row}
    assert {"'" + p.strip() for p in PAYLOADS} <= cells


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed, so the CSVs cannot be "
    "opened as a spreadsheet would open them; CI installs it",
)
def test_libreoffice_finds_no_formula_and_no_link(pack, tmp_path):
    _, _, safe, exact_paths = pack
    # Comma, double quote, UTF-8, from line 1, ..., token 13: evaluate formulas.
    evaluate = (
        "Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1,true"
    )
    sources = sorted(safe.glob("*.csv"))
    control = tmp_path / "exact_chronology.csv"
    control.write_bytes(exact_paths[0].read_bytes())
    books = convert([*sources, control], tmp_path, "xlsx", infilter=evaluate)
    for source, book in zip(sources, books[:-1], strict=True):
        sheet = openpyxl.load_workbook(book).active
        shown = []
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (source.name, cell.coordinate)
                assert cell.hyperlink is None, (source.name, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith("="), (source.name, cell.value)
                    shown.append(cell.value)
        if source.name == "chronology.csv":
            assert '\'=HYPERLINK("http://x","y")' in shown
    # The check can fail: the exact CSV, opened the same way, holds formulas.
    exact = openpyxl.load_workbook(books[-1]).active
    assert any(c.data_type == "f" for row in exact.iter_rows() for c in row)


def test_macro_enabled_files_are_read_as_data(tmp_path):
    """A .xlsm and a .docm carrying a VBA project: their rows are read, the
    macro part is never read into any output."""
    from docx import Document

    marker = b"MACRO-PART-7f3c"
    folder = tmp_path / "inputs"
    folder.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["Date", "Details"])
    book.active.append(["01/03/2019", "Workbook row"])
    book.save(tmp_path / "w.xlsx")
    document = Document()
    table = document.add_table(rows=2, cols=2)
    for r, (date, text) in enumerate([("Date", "Details"), ("02/03/2019", "Doc row")]):
        table.cell(r, 0).text, table.cell(r, 1).text = date, text
    document.save(tmp_path / "d.docx")
    for source, target, main, part in (
        ("w.xlsx", "GP.xlsm", b"spreadsheetml.sheet.main+xml", "xl/vbaProject.bin"),
        (
            "d.docx",
            "School.docm",
            b"wordprocessingml.document.main+xml",
            "word/vbaProject.bin",
        ),
    ):
        macro_type = (
            b"ms-excel.sheet.macroEnabled.main+xml"
            if target.endswith("xlsm")
            else b"ms-word.document.macroEnabled.main+xml"
        )
        with (
            zipfile.ZipFile(tmp_path / source) as zin,
            zipfile.ZipFile(folder / target, "w") as zout,
        ):
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == "[Content_Types].xml":
                    data = data.replace(main, macro_type).replace(
                        b"</Types>",
                        b'<Default Extension="bin" ContentType="application/'
                        b'vnd.ms-office.vbaProject"/></Types>',
                    )
                zout.writestr(info, data)
            zout.writestr(part, b"\xd0\xcf\x11\xe0" + marker * 64)
    chronology, written = build_pack(folder, tmp_path / "out", outputs=("csv",))
    assert sorted(chronology.entries["description"]) == ["Doc row", "Workbook row"]
    for path in written:
        assert marker not in path.read_bytes(), path.name


def test_write_csv_finds_a_formula_start_in_any_row_of_any_column(tmp_path):
    """The writer looks for formula starts in a whole column at once: one
    start on the last row, or on the first, is still found; a NUL followed
    by '=' inside a cell is not a start; a column with none is left as is."""
    many = ["Home visit"] * 500
    frame = pd.DataFrame(
        {
            "last": [*many, "=1+1"],
            "first": ["@here", *many],
            "inside": ["seen\x00=1+1", *many],
            "none": [f"entry {k}" for k in range(501)],
        }
    )
    changed = write_csv(frame, tmp_path / "t.csv", list(frame.columns))
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        back = list(csv.DictReader(handle))
    assert changed == 2
    assert back[-1]["last"] == "'=1+1" and back[0]["last"] == "Home visit"
    assert back[0]["first"] == "'@here" and back[1]["first"] == "Home visit"
    assert back[0]["inside"] == "seen\x00=1+1"
    assert [r["none"] for r in back] == list(frame["none"])
