"""What was read from each input is a typed record: the manifest, validate's
JSON and its messages all take it from the same FileRecord and TableRecord."""

from __future__ import annotations

import dataclasses
import json

import pytest
from ingest_helpers import write_csv, write_docx, write_xlsx

from chronomerge.checking import validate_files
from chronomerge.ingest import read_inputs
from chronomerge.model import FileRecord, TableRecord
from chronomerge.pipeline import merge

ROWS = [
    ["Date", "Event", "Details", "Worker"],
    ["03/02/2019", "Visit", "Home visit; the baby was seen asleep in a cot.", "HV1"],
    ["05/02/2019", "Call", "Mother rang to move the clinic appointment.", "HV1"],
    ["07/02/2019", "Visit", "Nobody answered the door; a card was left.", "HV2"],
]


def test_records_are_typed_and_frozen(tmp_path):
    write_xlsx(tmp_path / "health_visiting.xlsx", {"Contacts": ROWS})
    write_csv(tmp_path / "school.csv", [["Date", "Details"], ["04/02/2019", "Late"]])
    (tmp_path / "picture.jpg").write_bytes(b"\xff\xd8\xff")
    result = read_inputs(tmp_path)
    by_name = {record.name: record for record in result.files}
    assert all(isinstance(record, FileRecord) for record in result.files)
    workbook = by_name["health_visiting.xlsx"]
    assert workbook.was_read and workbook.rows == 3 and len(workbook.sha256) == 64
    (table,) = workbook.tables
    assert isinstance(table, TableRecord)
    assert (table.location, table.header_row, table.rows) == ("Contacts", 1, 3)
    assert by_name["school.csv"].encoding and by_name["school.csv"].delimiter == ","
    assert (
        by_name["picture.jpg"].status == "skipped" and not by_name["picture.jpg"].tables
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        workbook.status = "failed"  # type: ignore[misc]


def test_manifest_inputs_are_the_records_without_their_paths(tmp_path):
    write_xlsx(tmp_path / "health_visiting.xlsx", {"Contacts": ROWS})
    write_csv(tmp_path / "school.csv", [["Date", "Details"], ["04/02/2019", "Late"]])
    chronology = merge(tmp_path)
    records = {r.name: r for r in read_inputs(tmp_path).files}
    for item in chronology.manifest["inputs"]:
        record = records[item["name"]]
        assert "path" not in item and record.path.endswith(item["name"])
        written = item.pop("rows_written")
        assert item == record.to_dict(with_path=False)
        assert written == len(
            chronology.entries[chronology.entries.source_file == item["name"]]
        )
    counts = chronology.manifest["counts"]
    assert counts["files_read"] == 2 and counts["rows_read"] == 4


def test_optional_facts_appear_only_when_set(tmp_path):
    path = write_csv(tmp_path / "gp.csv", [["Date", "Details"], ["04/02/2019", "Seen"]])
    (record,) = read_inputs(path).files
    written = record.to_dict()
    assert "read_as" not in written and "converted_from" not in written
    assert "header_guessed" not in written["tables"][0]
    assert set(written["tables"][0]) >= {"location", "columns", "rows", "agency"}


def test_validate_names_the_agencys_own_heading_from_the_record(tmp_path):
    rows = [row[:] for row in ROWS]
    rows[2][0] = "31/02/2019"  # no such day
    path = write_docx(tmp_path / "hv.docx", [rows])
    report = validate_files(path)
    (record,) = report.files
    (table,) = record.tables
    headings = table.headings()
    assert headings["date"] == "Date"
    assert report.headings()[("hv.docx", table.location)] == headings
    wrong = report.issues[report.issues.column == "date"]
    assert len(wrong) >= 1 and (wrong.source_row == 3).any()
    data = json.loads(report.to_json())
    assert data["files"] == [record.to_dict(with_path=False)]
    assert data["summary"]["files"] == 1
