"""The page's work, over HTTP: check a file, download the annotated copy and
the template, build the pack from the sample review."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from chronomerge.serve import create_app
from chronomerge.serve.uploads import UploadLimits

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "child_a"
TOKEN = "page-token"
PORT = 8766

BAD_CSV = (
    b"Date,Time,Details of event\r\n"
    b"04/03/2019,10:00,Home visit by the social worker; Child A seen with Mother.\r\n"
    b"31/02/2019,11:00,Telephone call from the school about Child A's attendance.\r\n"
    b"not a date,,Strategy discussion held with police and health.\r\n"
)


@pytest.fixture
def client():
    app = create_app(
        None,
        token=TOKEN,
        port_ref=[PORT],
        limits=UploadLimits(max_file_mb=1, max_total_mb=60, max_files=40),
    )
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT}") as c:
        c.get(f"/?token={TOKEN}")
        yield c


def test_check_lists_problems_and_gives_the_annotated_copy(client):
    page = client.post("/check", files={"file": ("school.csv", BAD_CSV, "text/csv")})
    assert page.status_code == 200
    assert "31/02/2019" in page.text
    assert "not a date" in page.text
    assert "Must fix" in page.text
    link = page.text.split('href="/jobs/')[1].split('"')[0]
    annotated = client.get("/jobs/" + link)
    assert annotated.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(annotated.content))
    assert wb.sheetnames[0] == "Issues"
    rows = [[c.value for c in row] for row in wb["Issues"].iter_rows(min_row=2)]
    assert any(r[3] == "3" and "February" in (r[5] or "") for r in rows)
    assert any(r[3] == "4" for r in rows)


def test_check_without_a_file_says_so(client):
    page = client.post("/check", files={"file": ("", b"", "text/csv")})
    assert page.status_code == 400
    assert "No file was chosen" in page.text


def test_oversized_upload_is_refused_with_a_message(client):
    page = client.post(
        "/check", files={"file": ("big.csv", b"x" * (1024 * 1024 + 10), "text/csv")}
    )
    assert page.status_code == 400
    assert "larger than 1 MB" in page.text


def test_hostile_file_gets_a_plain_message_and_the_server_goes_on(client):
    page = client.post("/check", files={"file": ("broken.xlsx", b"PK\x03\x04junk")})
    assert page.status_code in (200, 400)
    assert "Traceback" not in page.text
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_template_downloads(client, fmt):
    response = client.get(f"/template.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample_data/child_a is missing")
def test_pack_from_a_zipped_folder(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(SAMPLE.iterdir()):
            if path.suffix.lower() in {
                ".xlsx",
                ".docx",
                ".csv",
            } and not path.name.startswith("truth"):
                zf.write(path, f"child_a/{path.name}")
    started = client.post(
        "/pack",
        files={"files": ("child_a.zip", buffer.getvalue(), "application/zip")},
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
    page = client.get(f"/pack/{job}")
    assert "Panel workbook" in page.text
    assert "Longest times no agency recorded the child as seen" in page.text
    assert "Voice of the child" in page.text
    voice = client.get(f"/jobs/{job}/files/voice.csv?download=1")
    assert voice.status_code == 200 and voice.text.startswith("entry_id,date,")
    assert "People named in the entries" in page.text
    assert "Where agencies&#39; accounts of one event differ" in page.text
    listed = client.get(f"/jobs/{job}/files/conflicts.csv?download=1").text
    conflicts = list(csv.DictReader(io.StringIO(listed)))
    assert conflicts  # the sample's planted date conflicts
    for row in conflicts[:50]:
        assert f"<td>{escape(row['conflict'])}</td>" in page.text
    people = client.get(f"/jobs/{job}/files/people.csv?download=1").text
    names = [row["person"] for row in csv.DictReader(io.StringIO(people))]
    assert names
    for name in names:
        assert f"<td>{escape(name)}</td>" in page.text
    workbook = client.get(f"/jobs/{job}/files/panel_pack.xlsx?download=1")
    wb = openpyxl.load_workbook(io.BytesIO(workbook.content), read_only=True)
    assert "Chronology" in wb.sheetnames
    timeline = client.get(f"/jobs/{job}/files/timeline.html")
    assert "connect-src 'none'" in timeline.headers["content-security-policy"]
    sharing = client.get(f"/jobs/{job}/files/sharing.html")
    assert "script-src" not in sharing.headers["content-security-policy"]
    assert "What was known at each decision" in sharing.text
    assert f"/jobs/{job}/files/sharing.html" in page.text
    store = client.app.state.store
    assert not (store.root / job / "inputs").exists(), "uploads must be deleted"
    client.post(f"/jobs/{job}/delete")
    assert not (store.root / job).exists()


def test_the_pack_page_lists_each_agency_asked_and_its_status():
    from chronomerge.review import parse_review

    review = parse_review(
        '[[agencies]]\nname = "Northshire Police"\nkind = "police"\n'
        'files = ["police*.csv"]\ndeadline = 2019-05-01\n\n'
        '[[agencies]]\nname = "Riverside Surgery"\nkind = "gp"\n'
        'files = ["gp*.csv"]\n',
        "review.toml",
    )
    app = create_app(review, token=TOKEN, port_ref=[PORT])
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT}") as client:
        client.get(f"/?token={TOKEN}")
        started = client.post(
            "/pack",
            files={"files": ("police_chronology.csv", BAD_CSV, "text/csv")},
            follow_redirects=False,
        )
        job = started.headers["location"].rsplit("/", 1)[1]
        deadline = time.monotonic() + 60
        while client.get(f"/jobs/{job}.json").json()["status"] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        page = client.get(f"/pack/{job}").text
    table = page.split("<h2>Submissions</h2>")[1].split("</table>")[0]
    rows = [r.split("</tr>")[0] for r in table.split("<tr>")[2:]]
    assert "Northshire Police</td><td>checked with errors</td><td>2019-05-01" in rows[0]
    assert "Riverside Surgery</td><td>not received</td>" in rows[1]
    assert "chronomerge status" in page
