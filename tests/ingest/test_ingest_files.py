"""Bad inputs give one clear issue each and never stop the other files."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from ingest_helpers import codes, hashes, write_csv, write_docx, write_xlsx

from chronomerge.ingest import convert, read_inputs
from chronomerge.review import ReviewSettings

GOOD = [["Date", "Details"], ["01/01/2019", "Home visit"]]
BOMB_DTD = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def ole_file(path, encrypted=True):
    body = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    names = ["EncryptionInfo", "EncryptedPackage"] if encrypted else ["WordDocument"]
    for name in names:
        body += name.encode("utf-16-le").ljust(64, b"\0") + bytes(64)
    path.write_bytes(bytes(body))
    return path


def replace_part(path, part, data):
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts[part] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return path


def single(path, review=None):
    result = read_inputs(path, review)
    assert len(result.files) == 1
    return result, result.files[0]


def test_lock_and_review_files_are_skipped(tmp_path):
    (tmp_path / "~$police.xlsx").write_bytes(b"\x00lock")
    (tmp_path / "review.toml").write_text("[review]\n")
    result = read_inputs(tmp_path)
    assert codes(result) == ["file-skipped", "file-skipped"]
    assert [f.status for f in result.files] == ["skipped", "skipped"]
    assert "lock file" in result.issues[1].message


def test_hidden_and_system_files_in_folders_are_ignored(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.csv").write_text("Date,Details\n1,2\n")
    write_csv(tmp_path / "gp.csv", GOOD)
    result = read_inputs(tmp_path)
    assert [f.name for f in result.files] == ["gp.csv"]


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.docx", "empty.csv"])
def test_zero_byte_files(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    result, record = single(tmp_path / name)
    assert codes(result) == ["file-empty"] and record.status == "failed"


@pytest.mark.parametrize("name", ["protected.xlsx", "protected.docx", "p.xlsm"])
def test_password_protected_office_files(tmp_path, name):
    result, record = single(ole_file(tmp_path / name))
    assert codes(result) == ["file-encrypted"]
    assert "password" in result.issues[0].message


def test_legacy_binary_under_a_new_extension(tmp_path):
    result, _ = single(ole_file(tmp_path / "old.docx", encrypted=False))
    assert codes(result) == ["file-unsupported"]
    assert "older Word format" in result.issues[0].message


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_truncated_files(tmp_path, suffix):
    good = tmp_path / f"good{suffix}"
    if suffix == ".xlsx":
        write_xlsx(good, {"S": GOOD})
    else:
        write_docx(good, [GOOD])
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    result, record = single(cut)
    assert codes(result) == ["file-corrupt"] and record.status == "failed"
    assert "cut short" in result.issues[0].message


def test_text_saved_under_an_excel_name(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("<html><table><tr><td>Date</td></tr></table></html>")
    result, _ = single(path)
    assert codes(result) == ["file-corrupt"]
    assert "not really an Excel file" in result.issues[0].message


def test_zip_bomb_by_compression_ratio(tmp_path):
    path = write_xlsx(tmp_path / "bomb.xlsx", {"S": GOOD})
    replace_part(path, "xl/media/padding.bin", bytes(40 * 1024 * 1024))
    result, _ = single(path)
    assert codes(result) == ["file-unsafe"]
    assert "zip bombs" in result.issues[0].message


def test_declared_uncompressed_size_over_the_limit(tmp_path):
    path = write_docx(tmp_path / "large.docx", [GOOD])
    replace_part(path, "word/media/photo.bin", bytes(range(256)) * 8192)
    review = ReviewSettings.model_validate({"limits": {"max_uncompressed_mb": 1}})
    result, _ = single(path, review)
    assert codes(result) == ["file-too-large"]
    assert "max_uncompressed_mb" in result.issues[0].message


def test_file_size_limit(tmp_path):
    path = write_csv(tmp_path / "big.csv", GOOD * 2000)
    review = ReviewSettings.model_validate({"limits": {"max_file_mb": 0.01}})
    result, _ = single(path, review)
    assert codes(result) == ["file-too-large"]


@pytest.mark.parametrize("where", ["start", "after a long comment"])
def test_xml_entity_bomb_in_word(tmp_path, where):
    path = write_docx(tmp_path / "bomb.docx", [GOOD])
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    body = xml[xml.index("<w:document") :].replace("Home visit", "&lol9;")
    padding = "<!--" + "x" * 100_000 + "-->" if where != "start" else ""
    part = BOMB_DTD.replace("?>", "?>" + padding, 1) + body
    replace_part(path, "word/document.xml", part.encode())
    result, _ = single(path)
    assert codes(result) == ["file-unsafe"]
    assert len(result.entries) == 0


@pytest.mark.parametrize("where", ["start", "after a long comment"])
def test_xml_entity_bomb_in_excel(tmp_path, where):
    path = write_xlsx(tmp_path / "bomb.xlsx", {"S": GOOD})
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    body = xml[xml.index("<worksheet") :]
    padding = "<!--" + "x" * 200_000 + "-->" if where != "start" else ""
    part = (BOMB_DTD.replace("?>", "?>" + padding, 1) + body).encode()
    replace_part(path, "xl/worksheets/sheet1.xml", part)
    result, _ = single(path)
    assert codes(result) == ["file-unsafe"]


def test_workbook_without_its_parts(tmp_path):
    path = tmp_path / "hollow.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "nothing here")
    result, record = single(path)
    assert codes(result) == ["file-corrupt"] and record.status == "failed"


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("chronology.pdf", "Word or Excel file the PDF was made from"),
        ("chronology.rtf", "Save As > Word Document"),
    ],
)
def test_unsupported_formats_say_how_to_convert(tmp_path, name, advice):
    (tmp_path / name).write_bytes(b"%PDF-1.4 or {\\rtf1}")
    result, record = single(tmp_path / name)
    assert codes(result) == ["file-unsupported"] and record.status == "failed"
    assert advice in result.issues[0].message


def test_legacy_word_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    ole_file(tmp_path / "old.doc", encrypted=False)
    result, _ = single(tmp_path / "old.doc")
    assert codes(result) == ["file-unsupported"]
    assert "install LibreOffice" in result.issues[0].message


def test_docx_saved_with_a_doc_name_is_read(tmp_path):
    write_docx(tmp_path / "renamed.doc", [GOOD])
    result, record = single(tmp_path / "renamed.doc")
    assert record.status == "read" and len(result.entries) == 1


def test_files_that_are_not_chronologies(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    write_csv(
        tmp_path / "gaps.csv",
        [["scope", "start", "end", "days"], ["all", "a", "b", "3"]],
    )
    result = read_inputs(tmp_path)
    assert [f.status for f in result.files] == ["skipped", "skipped"]
    assert codes(result) == ["file-skipped", "file-skipped"]


def test_exact_copies_are_read_once(tmp_path):
    write_csv(tmp_path / "gp.csv", GOOD)
    shutil.copy(tmp_path / "gp.csv", tmp_path / "gp (1).csv")
    result = read_inputs(tmp_path)
    assert [f.status for f in result.files] == ["read", "skipped"]
    assert [f.name for f in result.files] == ["gp (1).csv", "gp.csv"]
    assert len(result.entries) == 1
    assert "exact copy of gp (1).csv" in result.issues[-1].message


def test_a_bad_file_never_stops_the_others_and_nothing_is_modified(tmp_path):
    write_csv(tmp_path / "a_gp.csv", GOOD)
    (tmp_path / "b_empty.xlsx").write_bytes(b"")
    ole_file(tmp_path / "c_locked.docx")
    write_xlsx(tmp_path / "d_police.xlsx", {"S": GOOD})
    (tmp_path / "e_cut.docx").write_bytes(b"PK\x03\x04broken")
    write_docx(tmp_path / "f_hv.docx", [GOOD])
    (tmp_path / "~$d_police.xlsx").write_bytes(b"lock")
    before = hashes(tmp_path)
    result = read_inputs(tmp_path)
    assert hashes(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)
    status = {f.name: f.status for f in result.files}
    assert status == {
        "a_gp.csv": "read",
        "b_empty.xlsx": "failed",
        "c_locked.docx": "failed",
        "d_police.xlsx": "read",
        "e_cut.docx": "failed",
        "f_hv.docx": "read",
        "~$d_police.xlsx": "skipped",
    }
    assert sorted(result.entries.source_file) == [
        "a_gp.csv",
        "d_police.xlsx",
        "f_hv.docx",
    ]
    assert result.files_read == 3
    for record in result.files:
        assert len(record.sha256) == 64 and record.bytes >= 0


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice is not installed")
def test_legacy_formats_converted_with_libreoffice(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    write_docx(source / "hv.docx", [GOOD + [["02/01/2019", "Clinic"]]])
    write_xlsx(source / "police.xlsx", {"Chron": GOOD})
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    # LibreOffice drops python-docx tables when it writes .doc straight from
    # .docx, so the .doc is made from the .odt.
    steps = [
        ("odt", source / "hv.docx", inputs),
        ("doc", inputs / "hv.odt", inputs),
        ("xls", source / "police.xlsx", inputs),
        ("ods", source / "police.xlsx", inputs),
    ]
    for target, path, out in steps:
        subprocess.run(
            [
                convert.soffice(),
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    before = hashes(inputs)
    result = read_inputs(inputs)
    assert hashes(inputs) == before  # nothing changed, no lock file left
    counts = result.entries.groupby("source_file").size().to_dict()
    assert counts == {"hv.doc": 2, "hv.odt": 2, "police.ods": 1, "police.xls": 1}
    assert codes(result).count("file-converted") == 2
    assert set(result.entries.query("source_file == 'police.xls'").source_location) == {
        "Chron"
    }


def test_a_missing_file_is_an_error_not_a_crash(tmp_path):
    write_csv(tmp_path / "gp.csv", GOOD)
    result = read_inputs([tmp_path / "gone.xlsx", tmp_path / "gp.csv"])
    assert [f.status for f in result.files] == ["failed", "read"]
    assert result.issues[0].severity == "error"
    assert "not found" in result.issues[0].message


def test_one_name_in_two_formats_is_read_twice_not_taken_for_a_version(tmp_path):
    # "police.csv" and "police.xlsx" carry no version mark: neither replaces
    # the other, so every row of both is read; a name with a mark ("v2") does
    # replace the unmarked one.
    rows = [["Date", "Details"], ["03/02/2019", "Police attended the home."]]
    write_csv(tmp_path / "Police_chronology.csv", rows)
    write_xlsx(
        tmp_path / "Police_chronology.xlsx",
        {"Chronology": [rows[0], ["04/02/2019", "Follow-up call to mother."]]},
    )
    result = read_inputs(tmp_path)
    assert sorted(result.entries["source_file"]) == [
        "Police_chronology.csv",
        "Police_chronology.xlsx",
    ]
    assert "file-superseded" not in codes(result)
    write_csv(tmp_path / "Police_chronology_v2.csv", [*rows, ["05/02/2019", "NFA."]])
    again = read_inputs(tmp_path)
    assert set(again.entries["source_file"]) == {"Police_chronology_v2.csv"}
    assert codes(again).count("file-superseded") == 2


def test_an_answer_key_of_conflicting_accounts_is_not_read_as_an_agency(tmp_path):
    """A key naming pairs of records by source file (as a test corpus ships
    beside its agency files) is skipped, not read as rows with no words."""
    write_csv(tmp_path / "police.csv", GOOD)
    key = [
        ["conflict", "first_source_file", "first_source_row", "second_source_file",
         "second_source_row"],
        ["dates differ", "police.csv", "2", "gp.csv", "7"],
    ]  # fmt: skip
    write_csv(tmp_path / "pairs.csv", key)
    result = read_inputs(tmp_path)
    status = {Path(f.path).name: f.status for f in result.files}
    assert status == {"pairs.csv": "skipped", "police.csv": "read"}
    assert "file-skipped" in codes(result)
