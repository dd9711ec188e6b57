"""The information-sharing ledger: sends read from real agency files,
matched to the recipients' own entries, and measured on the sample review
against the sends its generator planted (truth_sharing.csv)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from chronomerge import find_sharing, merge
from chronomerge.analyse.sharing import (
    AgencyNames,
    read_sends,
    sharing_ledger,
    sharing_rules,
)
from chronomerge.model import SHARING_COLUMNS
from chronomerge.review import parse_review

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "child_a"

REVIEW = """
[review]
name = "Sharing test review"
subject = "Child B"
period_start = 2021-01-01
period_end = 2021-12-31

[[people]]
label = "Child B"
date_of_birth = 2015-03-01

[[agencies]]
name = "Northfield Academy"
kind = "education"
files = ["school*.csv"]

[[agencies]]
name = "Riverside Children's Services"
kind = "childrens_social_care"
files = ["social*.csv"]
"""


def _write(path: Path, rows: list[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Type of contact", "Details"])
        writer.writerows(rows)


@pytest.fixture(scope="module")
def review_folder(tmp_path_factory) -> Path:
    """A school and a social care chronology (no GP file), written as CSV."""
    folder = tmp_path_factory.mktemp("sharing")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        folder / "school_log.csv",
        [
            ("01/03/2021", "Welfare", "Child B upset at drop off; logged."),
            # received two working days later by social care, which names us
            (
                "05/03/2021",
                "Referral",
                "Concerns about bruising on Child B's "
                "arm; referral emailed to children's services.",
            ),  # fmt: skip
            # to an agency with no chronology in the review
            ("10/05/2021", "Letter", "Letter copied to GP re Child B's absences."),
            # never recorded by social care
            (
                "14/06/2021",
                "Call",
                "Phone call to duty social worker about "
                "Child B's weight loss and missed meals.",
            ),  # fmt: skip
        ],
    )
    _write(
        folder / "social_care.csv",
        [
            (
                "09/03/2021",
                "Contact",
                "Referral received from Northfield Academy: bruising to Child B's arm.",
            ),  # fmt: skip
            ("20/04/2021", "Visit", "Home visit, Child B seen alone."),
            ("30/06/2021", "Visit", "Home visit, Child B seen with mother."),
        ],
    )
    return folder


@pytest.fixture(scope="module")
def ledger(review_folder: Path) -> pd.DataFrame:
    return merge(review_folder).sharing


def test_every_send_is_a_row_with_its_recipient(ledger):
    assert list(ledger.columns) == list(SHARING_COLUMNS)
    sent = ledger[["send_date", "from_agency", "to_kind", "what"]]
    assert sent.values.tolist() == [
        ["2021-03-05", "Northfield Academy", "childrens_social_care", "referral"],
        ["2021-05-10", "Northfield Academy", "gp", "letter"],
        ["2021-06-14", "Northfield Academy", "childrens_social_care",
         "telephone call"],
    ]  # fmt: skip


def test_a_receipt_naming_the_sender_is_matched_in_working_days(ledger, review_folder):
    first = ledger.iloc[0]
    entries = merge(review_folder).entries.set_index("entry_id")
    receipt = entries.loc[first["receipt_entry_id"]]
    assert receipt["agency"] == "Riverside Children's Services"
    assert first["received_date"] == "2021-03-09"
    # Friday 5 March to Tuesday 9 March: two working days
    assert int(first["working_days"]) == 2
    assert first["status"] == "received"
    assert first["matched_how"] == "linked"
    assert "is linked to it (the same event)" in first["why"]


def test_an_unlinked_receipt_names_the_sender_and_the_matter(review_folder):
    """With no event linked, the receipt is found by its words: it names the
    sender and the bruising, two working days later."""
    chron = merge(review_folder)
    ledger = sharing_ledger(chron.entries.assign(event_group=""), chron.review)
    first = ledger.iloc[0]
    assert first["matched_how"] == "names the sender"
    assert first["received_date"] == "2021-03-09"
    assert "names Northfield Academy, 2 working days later" in first["why"]
    # the call about weight loss: social care's later visits say nothing of it
    assert ledger.iloc[2]["receipt_entry_id"] == ""


def test_no_chronology_and_no_receipt_are_told_apart(ledger):
    gp, call = ledger.iloc[1], ledger.iloc[2]
    assert gp["status"] == "recipient has no chronology"
    assert "no chronology from" in gp["why"]
    assert call["status"] == "no record of receipt"
    assert call["receipt_entry_id"] == ""
    assert "may wish to consider whether it was received" in call["why"]


def test_sharing_csv_and_the_sharing_sheet(review_folder, tmp_path):
    chron = merge(review_folder)
    chron.write(tmp_path, outputs=("csv", "xlsx"))
    written = pd.read_csv(tmp_path / "sharing.csv", dtype=str, keep_default_na=False)
    assert written["send_entry_id"].tolist() == chron.sharing["send_entry_id"].tolist()
    book = openpyxl.load_workbook(tmp_path / "panel_pack.xlsx", read_only=True)
    rows = list(book["Sharing"].iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Sent", "From", "To", "What", "Received", "Working days", "Status"
    )  # fmt: skip
    assert rows[1][:7] == (
        "05/03/2021", "Northfield Academy", "Riverside Children's Services",
        "referral", "09/03/2021", 2, "received",
    )  # fmt: skip
    assert len(rows) == 4


def test_the_inputs_are_not_read_again_as_a_chronology(review_folder, tmp_path):
    """sharing.csv beside the agency files is an output, never an agency."""
    folder = tmp_path / "review"
    shutil.copytree(review_folder, folder)
    merge(folder).write(folder / "pack", outputs=("csv",))
    again = merge(folder)
    assert not any("sharing" in str(a) for a in set(again.entries["agency"]))
    skipped = again.issues[again.issues["source_file"] == "sharing.csv"]
    assert skipped["code"].tolist() == ["file-skipped"]


@pytest.mark.parametrize(
    ("text", "writer", "kinds"),
    [
        ("Letter copied to the health visitor and GP.", "hospital",
         ["health_visiting", "gp"]),
        ("Mum advised to see GP about her mood.", "health_visiting", []),
        ("Information passed to police via 101.", "education", ["police"]),
        ("Discussed with the DSL at the school gate.", "childrens_social_care",
         ["education"]),
        ("Liaison with nursery nurse re weight.", "health_visiting", []),
        ("CSC referral completed online.", "gp", ["childrens_social_care"]),
        ("Social worker telephoned for an update; attendance figures shared.",
         "education", ["childrens_social_care"]),
        ("Attendance figures shared at the school gate.", "education", []),
        ("Referral from the GP received.", "childrens_social_care", []),
    ],
)  # fmt: skip
def test_recipients_read_from_the_words(text, writer, kinds):
    rules = sharing_rules()
    names = AgencyNames(parse_review("[review]\nsubject = 'Child'\n"), rules)
    assert [s.kind for s in read_sends(text, writer, names, rules)] == kinds


def _sample_scores() -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from bench.sharing import measure

    return measure(SAMPLE, show=False)


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample review")
def test_the_planted_sends_and_receipts_of_the_sample_are_found():
    scores = _sample_scores()
    assert scores["planted"] >= 100
    assert scores["found"] >= 0.95
    assert scores["receipts"] >= 0.95
    assert scores["precision"] >= 0.9
    assert scores["receipt_precision"] >= 0.9
    # every planted unreceived send, the one the linker grouped with the
    # health visitor's record of a notification among them
    assert scores["unreceived"] == 1.0


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample review")
def test_the_late_school_referral_is_received_late():
    ledger = find_sharing(SAMPLE)
    truth = pd.read_csv(SAMPLE / "truth_flags.csv", dtype=str)
    planted = truth[
        (truth["flag"] == "referral_not_received") & (truth["expected"] == "fire")
    ]["entries"].iloc[0]
    entries = merge(SAMPLE).entries
    key = entries["source_file"] + "|" + entries["source_location"].astype(str)
    key = key + "|" + entries["source_row"].astype(str)
    send_id = entries.loc[key == planted, "entry_id"].iloc[0]
    row = ledger[ledger["send_entry_id"] == send_id].iloc[0]
    assert row["status"] == "received late"
    assert int(row["working_days"]) > sharing_rules().late_working_days


def test_the_sharing_command_lists_the_unreceived(review_folder):
    done = subprocess.run(
        [sys.executable, "-m", "chronomerge", "sharing", str(review_folder),
         "--unreceived", "-q"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no record of receipt" in done.stdout
    assert "2 sends" in done.stdout


def test_the_picture_is_one_offline_page_of_the_ledger(review_folder, tmp_path):
    chron = merge(review_folder)
    first = chron.write_sharing_map(tmp_path / "sharing.html")
    again = chron.write_sharing_map(tmp_path / "again.html")
    page = first.read_text(encoding="utf-8")
    assert page == again.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # nothing to fetch: no script, no link, no address but the SVG namespace
    assert "<script" not in page and "<link" not in page
    assert re.findall(r"https?://[^\s\"']+", page) == ["http://www.w3.org/2000/svg"]
    assert (
        "Northfield Academy to Riverside Children&#x27;s Services: 2 sent, "
        "1 with a record of receipt" in page
    )
    assert "Northfield Academy to GP: 1 sent, 0 with a record of receipt" in page


def test_the_sharing_command_writes_the_picture(review_folder, tmp_path):
    page = tmp_path / "map.html"
    done = subprocess.run(
        [sys.executable, "-m", "chronomerge", "sharing", str(review_folder),
         "--map", str(page), "-q"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "<svg" in page.read_text(encoding="utf-8")
