"""Hostile and odd agency files: nothing outside the inputs reaches a pack,
links are never followed, one bad file never stops the others, and no row is
lost to a limit, a wide sheet or a formula without its result.

Every file here is written by the test. The secret file each hostile input
points at holds a unique marker; after a real merge with every output, the
marker must appear in no output (inside the workbook and Word zips too).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import write_csv, write_docx, write_xlsx
from openpyxl import Workbook

from chronomerge.ingest import read_inputs
from chronomerge.pipeline import build_pack

GOOD = [
    ["Date", "Description"],
    ["04/03/2019", "Health visitor home visit; baby weighed and seen with mother"],
    ["11/03/2019", "Health visitor telephoned mother to arrange the next visit"],
]
SSML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- helpers ------------------------------------------------------------------
def secret(tmp_path: Path) -> tuple[Path, str]:
    """A file outside the inputs holding a unique marker."""
    marker = f"SECRET{uuid.uuid4().hex.upper()}"
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{marker}\nroot:x:0:0:{marker}\n", encoding="utf-8")
    return path, marker


def doctype(target: Path) -> str:
    return f'<!DOCTYPE x [<!ENTITY e SYSTEM "{target.as_uri()}">]>'


def rewrite_part(path: Path, member: str, data: bytes, rename: str = "") -> Path:
    """Replace one part of a zip package (optionally under a new name)."""
    with zipfile.ZipFile(path) as source:
        items = [(i, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, old in items:
            if info.filename == member:
                out.writestr(rename or member, data)
            else:
                out.writestr(info, old)
    return path


def with_entity(xml: bytes, dtd: str, prefix: str = "") -> bytes:
    """``xml`` with its declaration kept and a DTD (after ``prefix``) added."""
    text = xml.decode("utf-8")
    if text.startswith("<?xml"):
        end = text.index("?>") + 2
        head, body = text[:end], text[end:]
    else:
        head, body = '<?xml version="1.0" encoding="UTF-8"?>', text
    return (head + "\n" + prefix + dtd + "\n" + body).encode("utf-8")


def xlsx_shared_strings(path: Path, dtd: str, part_name: str) -> Path:
    """A workbook whose shared strings (under ``part_name``) use entity &e;."""
    sheet = (
        f'<worksheet xmlns="{SSML}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
        "</sheetData></worksheet>"
    )
    strings = (
        f'<sst xmlns="{SSML}" count="4" uniqueCount="4"><si><t>Date</t></si>'
        "<si><t>Description</t></si><si><t>04/03/2019</t></si>"
        "<si><t>Home visit, the secret: &e;</t></si></sst>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "http://schemas.openxmlformats.org/package/2006/content-types"
    ooxml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="{ct}">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ooxml}'
            '.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ooxml}'
            '.worksheet+xml"/>'
            f'<Override PartName="/{part_name}" ContentType="{ooxml}'
            '.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship '
            f'Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{SSML}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" '
            f'Target="/{part_name}"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?>' + sheet)
        z.writestr(part_name, with_entity(strings.encode(), dtd))
    return path


def docx_with_entity(path: Path, dtd: str, prefix: str = "") -> Path:
    write_docx(path, [[["Date", "Description"], ["04/03/2019", "Visit &e; seen"]]])
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml")
    xml = xml.replace(b"Visit &amp;e; seen", b"Visit &e; seen")
    return rewrite_part(path, "word/document.xml", with_entity(xml, dtd, prefix))


def odf(path: Path, mimetype: str, content: str) -> Path:
    """A minimal OpenDocument package."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            f'manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
        z.writestr("content.xml", content)
    return path


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def ods_with_entity(path: Path, dtd: str) -> Path:
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p>'
            "</table:table-cell>"
            for v in row
        )
        + "</table:table-row>"
        for row in [["Date", "Description"], ["04/03/2019", "Visit &e; seen"]]
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<office:document-content '
        f'{ODF_NS}><office:body><office:spreadsheet><table:table table:name="Log">'
        f"{cells}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    return odf(path, "application/vnd.oasis.opendocument.spreadsheet", content)


def odt_with_entity(path: Path, dtd: str) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<office:document-content '
        f"{ODF_NS}><office:body><office:text><table:table>"
        "<table:table-row><table:table-cell><text:p>Date</text:p></table:table-cell>"
        "<table:table-cell><text:p>Description</text:p></table:table-cell>"
        "</table:table-row><table:table-row><table:table-cell><text:p>04/03/2019"
        "</text:p></table:table-cell><table:table-cell><text:p>Visit &e; seen"
        "</text:p></table:table-cell></table:table-row></table:table>"
        "</office:text></office:body></office:document-content>"
    )
    return odf(path, "application/vnd.oasis.opendocument.text", content)


def output_text(folder: Path) -> str:
    """Every output's text, the parts of the Office zips expanded."""
    texts: list[str] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(b"PK"):
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    texts.append(package.read(name).decode("utf-8", "replace"))
        else:
            texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


def issues_of(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "issues.csv", dtype=str, keep_default_na=False)


def codes_for(issues: pd.DataFrame, name: str) -> list[str]:
    return issues.loc[issues["source_file"] == name, "code"].tolist()


# --- XML entities, every format -------------------------------------------------
def test_no_entity_reaches_any_output_in_any_format(tmp_path):
    target, marker = secret(tmp_path)
    dtd = doctype(target)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "Health.csv", GOOD)
    hostile = {
        "strings.xlsx": xlsx_shared_strings(
            inputs / "strings.xlsx", dtd, "xl/sharedStrings.xml"
        ),
        # The shared strings under a name no ".xml" check would look at.
        "strings_renamed.xlsx": xlsx_shared_strings(
            inputs / "strings_renamed.xlsx", dtd, "xl/strings.dat"
        ),
        "macro.xlsm": xlsx_shared_strings(
            inputs / "macro.xlsm", dtd, "xl/sharedStrings.xml"
        ),
        "document.docx": docx_with_entity(inputs / "document.docx", dtd),
        # A comment holding what looks like an element before the DTD.
        "comment.docx": docx_with_entity(
            inputs / "comment.docx", dtd, prefix="<!-- <a> -->"
        ),
        "macro.docm": docx_with_entity(inputs / "macro.docm", dtd),
        "sheet.ods": ods_with_entity(inputs / "sheet.ods", dtd),
        "text.odt": odt_with_entity(inputs / "text.odt", dtd),
        # A Word document saved under a legacy name is read as what it is.
        "renamed.doc": docx_with_entity(inputs / "renamed.doc", dtd),
    }
    # A workbook whose sheet part is UTF-16 without a byte order mark.
    utf16 = write_xlsx(inputs / "utf16.xlsx", {"S": GOOD})
    with zipfile.ZipFile(utf16) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = sheet.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    sheet = with_entity(sheet.encode(), dtd).decode("utf-8")
    rewrite_part(
        utf16, "xl/worksheets/sheet1.xml", sheet.encode("utf-16-le"), rename=""
    )
    hostile["utf16.xlsx"] = utf16

    out = tmp_path / "out"
    chronology, _ = build_pack([inputs], out)
    assert marker not in output_text(out)
    assert marker not in chronology.entries.to_csv()
    issues = issues_of(out)
    for name in hostile:
        assert codes_for(issues, name) == ["file-unsafe"], name
        message = issues.loc[issues["source_file"] == name, "message"].iloc[0]
        assert "document type" in message and name in message
    entries = chronology.entries
    assert set(entries["source_file"]) == {"Health.csv"}
    assert len(entries) == 2
    assert list(target.parent.iterdir()) == [target]  # nothing written beside it


def test_an_ordinary_comment_before_the_root_is_still_read(tmp_path):
    path = write_docx(tmp_path / "ok.docx", [GOOD])
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    end = xml.index("?>") + 2
    xml = xml[:end] + "<!-- written by a <b>converter</b> -->" + xml[end:]
    rewrite_part(path, "word/document.xml", xml.encode("utf-8"))
    result = read_inputs(path)
    assert result.files_read == 1
    assert len(result.entries) == 2


# --- links and special files ----------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_are_reported_and_never_followed(tmp_path):
    target, marker = secret(tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    write_csv(other / "Police.csv", [["Date", "Description"], ["01/01/2019", marker]])
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "Health.csv", GOOD)
    (inputs / "agency.csv").symlink_to(target)
    (inputs / "loop.csv").symlink_to(inputs / "loop.csv")
    (inputs / "nowhere.csv").symlink_to(tmp_path / "missing.csv")
    (inputs / "zero.csv").symlink_to("/dev/zero")
    (inputs / "folder").symlink_to(other, target_is_directory=True)
    os.mkfifo(inputs / "pipe.csv")  # would block a plain open()
    given = tmp_path / "given.csv"
    given.symlink_to(target)

    out = tmp_path / "out"
    chronology, _ = build_pack([inputs, given], out)
    assert marker not in output_text(out)
    issues = issues_of(out)
    for name in ("agency.csv", "loop.csv", "nowhere.csv", "zero.csv", "folder"):
        assert codes_for(issues, name) == ["file-link"], name
        assert (
            "copy the file itself"
            in issues.loc[issues["source_file"] == name, "message"].iloc[0]
        )
    assert codes_for(issues, "given.csv") == ["file-link"]
    assert codes_for(issues, "pipe.csv") == ["file-skipped"]
    assert set(chronology.entries["source_file"]) == {"Health.csv"}
    files = {f["name"]: f["status"] for f in chronology.manifest["inputs"]}
    assert files["agency.csv"] == "skipped"
    assert files["Health.csv"] == "read"


# --- one bad file never stops the others -----------------------------------------
def bad_files(folder: Path) -> dict[str, bytes]:
    """Files of every kind that cannot be read, by name."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    good = write_xlsx(folder / "_good.xlsx", {"S": GOOD}).read_bytes()
    (folder / "_good.xlsx").unlink()
    return {
        "legacy.doc": ole + b"\x00" * 600,
        "legacy_text.doc": b"This is not a Word file at all.\n",
        "cut_short.xlsx": good[: len(good) // 2],
        "locked.xlsx": ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64,
        "empty.csv": b"",
        "web_page.xls": b"<html><body><table><tr><td>x</td></tr></table></body></html>",
        "scan.docx": b"%PDF-1.4 not really a Word file",
        "panic.xlsb": xlsb_that_panics(),
    }


def xlsb_that_panics() -> bytes:
    """An .xlsb whose workbook record is cut short: python-calamine panics on it
    (a pyo3 PanicException, which is not an Exception)."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/xl/workbook.bin" ContentType="application/'
            'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship '
            f'Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.bin"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/_rels/workbook.bin.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship '
            f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.bin"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.bin",
            bytes([0x83, 0x01, 0x00, 0x9C, 0x01, 0x01, 0x00, 0x84, 0x01, 0x00]),
        )
        z.writestr("xl/worksheets/sheet1.bin", b"")
    return buffer.getvalue()


def test_a_folder_of_good_and_bad_files_merges_the_good(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "Health.csv", GOOD)
    for name, data in bad_files(tmp_path).items():
        (inputs / name).write_bytes(data)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "chronomerge", "merge", str(inputs), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "RUST_BACKTRACE": "0"},
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    chronology = pd.read_csv(out / "chronology.csv", dtype=str, keep_default_na=False)
    assert (chronology["source_file"] == "Health.csv").sum() == 2
    issues = issues_of(out)
    for name in bad_files(tmp_path):
        errors = issues[
            (issues["source_file"] == name) & (issues["severity"] == "error")
        ]
        assert len(errors) >= 1, name
        assert name in errors["message"].iloc[0]
    panic = issues.loc[issues["source_file"] == "panic.xlsb", "code"].tolist()
    assert panic == ["file-corrupt"]


def test_nothing_readable_names_every_file_and_why(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    book = Workbook()
    book.save(inputs / "blank.xlsx")  # a workbook with no cells at all
    document = write_docx(inputs / "letter.docx", [])  # a document with no table
    del document
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "chronomerge",
            "merge",
            str(inputs),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2
    said = " ".join(run.stderr.split())
    assert "blank.xlsx" in said and "letter.docx" in said
    assert "no cells" in said and "no table" in said
    result = read_inputs(inputs)
    errors = [i for i in result.issues if i.severity == "error"]
    assert {i.source_file for i in errors} == {"blank.xlsx", "letter.docx"}
    checked = subprocess.run(
        [sys.executable, "-m", "chronomerge", "validate", str(inputs), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 1  # validate says what to fix, as merge does
    report = json.loads(checked.stdout)
    problems = [p for p in report["issues"] if p["severity"] == "error"]
    assert {p["source_file"] for p in problems} == {"blank.xlsx", "letter.docx"}
    assert any("no cells" in p["message"] for p in problems)


# --- rows never lost --------------------------------------------------------------
def test_formula_cells_without_saved_results_keep_their_row(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(GOOD[0])
    sheet.append(GOOD[1])
    sheet["A3"] = "=DATE(2019,3,5)"  # openpyxl saves no result for a formula
    sheet["B3"] = '=CONCATENATE("School nurse ","saw the child")'
    sheet.append(GOOD[2])
    book.save(tmp_path / "formulas.xlsx")
    result = read_inputs(tmp_path / "formulas.xlsx")
    rows = result.entries.set_index("source_row")
    assert list(rows.index) == [2, 3, 4]
    assert rows.loc[3, "description"] == (
        '=CONCATENATE("School nurse ","saw the child")'
    )
    found = [i for i in result.issues if i.code == "formula-unsaved"]
    assert [(i.source_row, i.severity) for i in found] == [(3, "warning")]
    assert "A3, B3" in found[0].message


def test_a_sheet_five_thousand_columns_wide_keeps_every_row(tmp_path):
    book = Workbook()
    sheet = book.active
    for row in GOOD:
        sheet.append(row)
    sheet.cell(row=4, column=5000, value="stray note far to the right")
    sheet.cell(row=4, column=1, value="18/03/2019")
    sheet.cell(row=4, column=2, value="School reported the child was absent")
    book.save(tmp_path / "wide.xlsx")
    result = read_inputs(tmp_path / "wide.xlsx")
    assert list(result.entries["source_row"]) == [2, 3, 4]
    assert "stray note far to the right" in result.entries.to_csv()


def test_a_row_far_down_the_sheet_is_read(tmp_path):
    book = Workbook()
    sheet = book.active
    for row in GOOD:
        sheet.append(row)
    sheet.cell(row=1_048_000, column=1, value="25/03/2019")
    sheet.cell(row=1_048_000, column=2, value="Police attended the address late")
    book.save(tmp_path / "far.xlsx")
    result = read_inputs(tmp_path / "far.xlsx")
    assert list(result.entries["source_row"]) == [2, 3, 1_048_000]
    assert result.entries["description"].iloc[-1] == "Police attended the address late"
    assert not [i for i in result.issues if i.severity == "error"]


def test_inputs_are_never_modified(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "Health.csv", GOOD)
    target, _marker = secret(tmp_path)
    (inputs / "text.odt").write_bytes(
        odt_with_entity(tmp_path / "t.odt", doctype(target)).read_bytes()
    )
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    build_pack([inputs], tmp_path / "out", outputs=("csv",))
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before
    shutil.rmtree(tmp_path / "out")


# --- conversions: nothing fetched from outside the file ----------------------------
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def odt_table(path: Path, extra: str = "") -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>'
        f"{extra}<table:table><table:table-column table:number-columns-repeated="
        '"2"/><table:table-row><table:table-cell><text:p>Date'
        "</text:p></table:table-cell><table:table-cell><text:p>Description</text:p>"
        "</table:table-cell></table:table-row><table:table-row><table:table-cell>"
        "<text:p>04/03/2019</text:p></table:table-cell><table:table-cell><text:p>"
        "Health visitor home visit, baby seen</text:p></table:table-cell>"
        "</table:table-row></table:table></office:text></office:body>"
        "</office:document-content>"
    )
    return odf(path, "application/vnd.oasis.opendocument.text", content)


def test_documents_that_would_fetch_outside_content_are_refused(tmp_path):
    target, marker = secret(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    section = (
        '<text:section text:name="s"><text:section-source '
        f'xlink:href="{target.as_uri()}" xlink:type="simple"/></text:section>'
    )
    odt_table(inputs / "linked.odt", section)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
    field = f'INCLUDETEXT "{target}"'.encode("utf-16-le")
    (inputs / "fields.doc").write_bytes(ole + b"\x00" * 64 + field + b"\x00" * 64)
    result = read_inputs(inputs)
    refused = {i.source_file: i.code for i in result.issues if i.severity == "error"}
    assert refused == {"linked.odt": "file-unsafe", "fields.doc": "file-unsafe"}
    assert all(
        "outside itself" in i.message for i in result.issues if i.code == "file-unsafe"
    )
    assert marker not in result.entries.to_csv()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_plain_odt_is_converted_without_network_and_read(tmp_path):
    path = odt_table(tmp_path / "plain.odt")
    result = read_inputs(path)
    assert result.files_read == 1
    assert list(result.entries["description"]) == [
        "Health visitor home visit, baby seen"
    ]
    assert [i.code for i in result.issues if i.code == "file-converted"]


def test_a_password_protected_opendocument_file_says_so(tmp_path):
    path = ods_with_entity(tmp_path / "locked.ods", "")
    rewrite_part(
        path,
        "META-INF/manifest.xml",
        b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
        b'tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-'
        b'path="content.xml" manifest:media-type="text/xml"><manifest:encryption-'
        b'data manifest:checksum-type="SHA1"/></manifest:file-entry>'
        b"</manifest:manifest>",
    )
    result = read_inputs(path)
    assert [i.code for i in result.issues] == ["file-encrypted"]
    assert "password" in result.issues[0].message
