"""What the web page accepts goes through the merge's own reading paths: a
zipped folder with a hostile Word file, a link, a damaged member and a file
that makes the workbook library panic still builds the pack from the good
file, and nothing from outside the upload reaches any output."""

from __future__ import annotations

import io
import stat
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from docx import Document
from starlette.testclient import TestClient

from chronomerge.serve import create_app
from chronomerge.serve.uploads import UploadLimits

TOKEN = "hostile-token"
PORT = 8767
GOOD_CSV = (
    b"Date,Description\r\n"
    b"04/03/2019,Health visitor home visit; baby weighed and seen with mother\r\n"
    b"11/03/2019,Health visitor telephoned mother to arrange the next visit\r\n"
)


@pytest.fixture
def client():
    app = create_app(
        None,
        token=TOKEN,
        port_ref=[PORT],
        limits=UploadLimits(max_file_mb=5, max_total_mb=60, max_files=40),
    )
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT}") as c:
        c.get(f"/?token={TOKEN}")
        yield c


def hostile_docx(target: Path) -> bytes:
    """A Word document whose table cell uses an entity naming ``target``."""
    document = Document()
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Date", "Description"), ("04/03/2019", "MARK")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                end = data.index(b"?>") + 2
                dtd = f'<!DOCTYPE x [<!ENTITY e SYSTEM "{target.as_uri()}">]>'
                data = data[:end] + dtd.encode() + data[end:]
                data = data.replace(b"MARK", b"&e;")
            package.writestr(info, data)
    return out.getvalue()


def zipped_folder(target: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as folder:
        folder.writestr("review/Health.csv", GOOD_CSV)
        folder.writestr("review/Police.docx", hostile_docx(target))
        link = zipfile.ZipInfo("review/agency.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        folder.writestr(link, str(target))
        folder.writestr("review/School.csv", GOOD_CSV.replace(b"Health", b"School"))
    data = bytearray(buffer.getvalue())
    # Damage School.csv's stored bytes so its check sum no longer matches.
    data[data.index(b"School visitor")] ^= 0xFF  # stored, not compressed
    return bytes(data)


def test_a_hostile_zipped_folder_builds_the_pack_from_the_good_file(client, tmp_path):
    marker = f"SECRET{uuid.uuid4().hex.upper()}"
    target = tmp_path / "secret.txt"
    target.write_text(marker, encoding="utf-8")
    started = client.post(
        "/pack",
        files={"files": ("review.zip", zipped_folder(target), "application/zip")},
        follow_redirects=False,
    )
    assert started.status_code == 303
    job = started.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        status = client.get(f"/jobs/{job}.json").json()
        if status["status"] != "running":
            break
        time.sleep(0.5)
    page = client.get(f"/pack/{job}")
    assert status["status"] == "done", page.text
    assert "Traceback" not in page.text
    assert "agency.csv in review.zip was not read: it is a link" in page.text
    assert "School.csv in review.zip was not read: it is damaged" in page.text
    for name in ("chronology.csv", "issues.csv", "timeline.html", "panel_pack.xlsx"):
        response = client.get(f"/jobs/{job}/files/{name}?download=1")
        assert response.status_code == 200
        body = response.content
        if body.startswith(b"PK"):
            package = zipfile.ZipFile(io.BytesIO(body))
            body = b"".join(package.read(n) for n in package.namelist())
        assert marker.encode() not in body, name
    issues = client.get(f"/jobs/{job}/files/issues.csv?download=1").text
    assert "file-unsafe,Police.docx" in issues
    chronology = client.get(f"/jobs/{job}/files/chronology.csv?download=1").text
    assert chronology.count("Health.csv") == 2
