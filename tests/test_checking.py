"""The agency representative's loop: a blank template, filled in, validates
clean and merges with nothing lost; problems come back row by row, in an
annotated workbook whose cells are highlighted and commented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

import chronomerge as cm
from chronomerge.checking import validate_files
from chronomerge.export.annotate import FILLS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "child_a"
REVIEW = SAMPLE / "review.toml"

ROWS = [
    (
        "04/03/2019",
        "10:15",
        "Home visit",
        "Child A",
        "Unannounced home visit by the social worker. Child A seen with Mother in the "
        "living room; home conditions poor.",
        "Social worker",
        "Discussed with manager; strategy discussion requested.",
        "Yes",
        "No",
    ),
    (
        "05/03/2019",
        "14:00",
        "Strategy discussion",
        "Child A",
        "Strategy discussion held with police and the health visitor about Child A's "
        "bruising.",
        "Team manager",
        "Section 47 enquiry agreed.",
        "",
        "",
    ),
    (
        "w/c 11/03/2019",
        "",
        "Child protection conference",
        "Child A",
        "Initial child protection conference: Child A made subject of a plan under "
        "neglect.",
        "Conference chair",
        "Core group set for the following week.",
        "",
        "",
    ),
]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chronomerge", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def fill_xlsx(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Chronology"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Date")
    for offset, row in enumerate(ROWS, start=1):
        for col, value in enumerate(row, start=1):
            ws.cell(header + offset, col, value)
    wb.save(path)


def fill_docx(path: Path) -> None:
    document = docx.Document(str(path))
    table = document.tables[-1]
    for index, row in enumerate(ROWS, start=1):
        for cell, value in zip(table.rows[index].cells, row, strict=False):
            cell.text = value
    document.save(str(path))


@pytest.mark.parametrize(
    ("suffix", "fill"), [(".xlsx", fill_xlsx), (".docx", fill_docx)]
)
def test_filled_template_validates_clean_and_merges_whole(tmp_path, suffix, fill):
    path = tmp_path / f"Police chronology{suffix}"
    done = run_cli(
        "template",
        "-o",
        str(path),
        "--review",
        str(REVIEW),
        "--agency",
        "Wexmoor Police",
    )
    assert done.returncode == 0, done.stderr
    fill(path)
    report = validate_files(path, REVIEW)
    assert report.summary()["errors"] == 0, report.issues.to_string()
    assert report.summary()["entries"] == len(ROWS)
    assert set(report.entries["agency"]) == {"Wexmoor Police"}
    chronology = cm.merge(path, REVIEW)
    assert len(chronology.entries) == len(ROWS)
    assert sorted(chronology.entries["event_type"]) == sorted(
        ["home_visit", "strategy_discussion", "cp_conference"]
    )
    week = chronology.entries[chronology.entries["date_text"] == "w/c 11/03/2019"]
    assert week[["date_start", "date_end", "date_precision"]].values.tolist() == [
        ["2019-03-11", "2019-03-17", "week"]
    ]


def test_template_has_guidance_dropdowns_frozen_header_and_marking(tmp_path):
    path = cm.write_template(tmp_path / "t.xlsx", REVIEW, agency="Castle Lane Surgery")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Chronology"
    ws = wb["Chronology"]
    assert "Agency: Castle Lane Surgery" in [c.value for c in ws["A"][:5]]
    assert ws.freeze_panes is not None
    assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE"
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert len(lists) == 4
    people = [c.value for c in wb["Lists"]["B"][1:] if c.value]
    assert "Child A" in people and "Mother" in people
    guide = " ".join(str(c.value) for c in wb["Guidance"]["A"] if c.value)
    assert "day first" in guide and "w/c 04/03/2019" in guide


BAD_CSV = (
    "Date,Time,Details of event\n"
    "04/03/2019,10:00,Home visit by the social worker; Child A seen with Mother.\n"
    "31/02/2019,11:00,Telephone call from the school about attendance concerns.\n"
    "04/03/2019,25:99,Strategy discussion held with police and health visitor.\n"
    "05/03/2019,,\n"
)


def test_annotated_copy_highlights_and_comments_each_problem(tmp_path):
    source = tmp_path / "school.csv"
    source.write_text(BAD_CSV, encoding="utf-8")
    before = source.read_bytes()
    out = tmp_path / "annotated.xlsx"
    report = validate_files(source, REVIEW)
    report.annotate(out)
    assert source.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Issues"
    sheet = wb[wb.sheetnames[1]]
    assert [c.value for c in sheet[1]] == ["Date", "Time", "Details of event"]
    impossible = sheet["A3"]
    assert impossible.value == "31/02/2019"
    assert impossible.fill.fgColor.rgb.endswith(FILLS["error"])
    assert "February" in impossible.comment.text
    assert sheet["B4"].fill.fgColor.rgb.endswith(FILLS["warning"])
    assert "25:99" in sheet["B4"].comment.text
    assert "no description" in sheet["C5"].comment.text
    assert sheet["A2"].comment is None
    issues = [[c.value for c in row] for row in wb["Issues"].iter_rows(min_row=2)]
    assert {(r[3], r[4]) for r in issues} >= {
        ("3", "Date"),
        ("4", "Time"),
        ("5", "Details of event"),
    }
    links = [c.hyperlink.location for c in wb["Issues"]["G"][1:] if c.hyperlink]
    assert any(link.endswith("!A3") for link in links)


def test_validate_command_exit_status_and_json(tmp_path):
    bad = tmp_path / "school.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    done = run_cli("validate", str(bad), "--review", str(REVIEW), "--json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["summary"]["errors"] >= 2
    assert {i["code"] for i in data["issues"]} >= {
        "date-impossible",
        "description-missing",
    }
    good = tmp_path / "good.csv"
    good.write_text(
        "Date,Details of event\n04/03/2019,Home visit by the social "
        "worker; Child A seen with Mother in the kitchen.\n",
        encoding="utf-8",
    )
    clean = run_cli(
        "validate",
        str(good),
        "--review",
        str(REVIEW),
        "--annotate",
        str(tmp_path / "a.xlsx"),
    )
    assert clean.returncode == 0, clean.stdout
    assert "No problems found" in clean.stdout
    assert (tmp_path / "a.xlsx").exists()


def test_validate_table_names_row_column_and_fix(tmp_path):
    bad = tmp_path / "school.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    done = run_cli("validate", str(bad), "--review", str(REVIEW))
    assert "Details of event" in done.stdout
    assert "February has 28 days" in done.stdout
    lines = done.stdout.splitlines()
    first_problem = next(i for i, line in enumerate(lines) if "Must fix" in line)
    assert all("Note" not in line for line in lines[:first_problem])
