"""Choosing the outputs (--outputs) and writing them side by side: real
merges of the sample review, compared byte for byte with outputs written one
at a time in this process."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chronomerge.errors import ChronomergeError, ExportError
from chronomerge.export.writing import parse_outputs
from chronomerge.pipeline import build_pack

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "child_a"
CSVS = {
    "chronology.csv",
    "gaps.csv",
    "flags.csv",
    "issues.csv",
    "groups.csv",
    "child_not_seen.csv",
    "episodes.csv",
    "people.csv",
    "changes.csv",
    "seen.csv",
    "voice.csv",
}
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="no sample review")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chronomerge", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory) -> tuple[object, Path]:
    out = tmp_path_factory.mktemp("parallel")
    chronology, _written = build_pack(SAMPLE, out)
    return chronology, out


def test_csv_only_writes_the_csvs_and_the_manifest(tmp_path):
    done = cli("merge", str(SAMPLE), "--out", str(tmp_path), "--outputs", "csv", "-q")
    assert done.returncode == 0, done.stderr
    assert set(files(tmp_path)) == CSVS | {"manifest.json"}
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"] == sorted(CSVS)


def test_two_outputs_without_the_csvs_still_write_the_manifest(tmp_path):
    _chron, written = build_pack(SAMPLE, tmp_path, outputs="docx,xlsx")
    assert [p.name for p in written] == [
        "panel_pack.xlsx",
        "chronology.docx",
        "manifest.json",
    ]
    assert set(files(tmp_path)) == {p.name for p in written}


def test_a_wrong_name_is_a_plain_error_naming_the_valid_ones(tmp_path):
    out = tmp_path / "pack"
    done = cli("merge", str(SAMPLE), "--out", str(out), "--outputs", "csv,pdf")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "'pdf'" in done.stderr
    for name in ("csv", "xlsx", "docx", "html"):
        assert name in done.stderr
    assert not out.exists()  # stopped before reading or writing anything


def test_parse_outputs_keeps_the_fixed_order():
    assert parse_outputs(None) == ("csv", "xlsx", "docx", "html")
    assert parse_outputs(" HTML, csv ,html") == ("csv", "html")
    assert parse_outputs(("docx", "xlsx")) == ("xlsx", "docx")
    with pytest.raises(ChronomergeError, match="Choose one or more"):
        parse_outputs(",")


def test_side_by_side_bytes_equal_outputs_written_one_at_a_time(side_by_side, tmp_path):
    chronology, parallel = side_by_side
    for name in ("html", "docx", "csv", "xlsx"):  # a different order, in-process
        chronology.write(tmp_path, outputs=(name,))
    one, other = files(parallel), files(tmp_path)
    assert set(one) == set(other)
    assert len(one) == len(CSVS) + 4
    for name in one:
        if name != "manifest.json":
            assert one[name] == other[name], name
    manifest = json.loads(one["manifest.json"])
    assert manifest["outputs"] == sorted(set(one) - {"manifest.json"})


def test_workers_started_beside_another_thread_write_the_same_bytes(
    side_by_side, tmp_path
):
    """With a second thread running (as under the command line's progress
    display) workers come from a forkserver instead of a fork."""
    _chronology, parallel = side_by_side
    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait)
    waiter.start()
    try:
        build_pack(SAMPLE, tmp_path)
    finally:
        stop.set()
        waiter.join()
    assert files(tmp_path) == files(parallel)


def test_an_error_in_a_worker_is_the_plain_error_a_user_sees(tmp_path):
    not_a_pack = tmp_path / "notes.xlsx"
    not_a_pack.write_bytes(b"not a workbook")
    with pytest.raises(ExportError) as parallel:
        build_pack(SAMPLE, tmp_path / "a", notes_from=not_a_pack)
    with pytest.raises(ExportError) as alone:
        build_pack(SAMPLE, tmp_path / "b", notes_from=not_a_pack, outputs="xlsx")
    assert str(parallel.value) == str(alone.value)
    assert parallel.value.__cause__ is None  # no worker traceback attached
    done = cli(
        "merge", str(SAMPLE), "--out", str(tmp_path / "c"), "--notes", str(not_a_pack)
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(alone.value) in " ".join(done.stderr.split())
