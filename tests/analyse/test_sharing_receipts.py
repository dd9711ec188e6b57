"""The sharing ledger's receipts: an entry the linker grouped with a send is
its receipt only when it records that send, the other side of the same
exchange (a wrong link must not stand for a receipt)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from chronomerge import merge
from chronomerge.analyse.sharing import sharing_ledger

REVIEW = """
[review]
name = "Receipt test review"
subject = "Child C"
period_start = 2022-01-01
period_end = 2022-12-31

[[people]]
label = "Child C"
date_of_birth = 2020-06-01

[[agencies]]
name = "Hollin Lane Health Visiting"
kind = "health_visiting"
files = ["hv*.csv"]

[[agencies]]
name = "Sandford Children's Services"
kind = "childrens_social_care"
files = ["csc*.csv"]
"""


def _write(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Entry"])
        writer.writerows(rows)


@pytest.fixture(scope="module")
def chron(tmp_path_factory):
    folder = tmp_path_factory.mktemp("receipts")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        folder / "csc_log.csv",
        [
            # a call nobody at the health visiting service recorded
            ("07/03/2022", "Telephone call to the health visitor, no reply."),
            # a call the health visitor did record
            ("11/04/2022", "Rang HV to ask about clinic attendance."),
        ],
    )
    _write(
        folder / "hv_records.csv",
        [
            # the same day as the first call, about something else
            ("07/03/2022", "Notification received from the social worker of a "
             "police attendance at the home on 05/03. Plan: discuss at next visit."),
            ("11/04/2022", "Phone call from social worker asking about clinic "
             "attendance; told them Child C last weighed in March."),
        ],
    )  # fmt: skip
    return merge(folder)


def _linked(chron, send: str, receipt: str) -> pd.DataFrame:
    """The entries with ``send`` and ``receipt`` grouped as one event, as a
    linker might (rightly or wrongly), and the ledger of them."""
    entries = chron.entries.copy()
    texts = entries["description"].astype(str)
    pair = texts.str.startswith(send) | texts.str.startswith(receipt)
    assert pair.sum() == 2
    entries["event_group"] = ""
    entries.loc[pair, "event_group"] = "G1"
    ledger = sharing_ledger(entries, chron.review)
    return ledger[ledger["send_date"] == entries.loc[pair, "date_start"].min()]


def test_a_wrong_link_is_not_counted_as_the_receipt(chron):
    """The health visitor's record of a notification, grouped with the
    social worker's call, names the social worker and "received" but records
    no call and none of the call's matter: the call is listed as unreceived,
    and the why column says why the linked entry was not counted."""
    row = _linked(chron, "Telephone call", "Notification received").iloc[0]
    assert row["to_kind"] == "health_visiting"
    assert row["what"] == "telephone call"
    assert row["status"] == "no record of receipt"
    assert row["receipt_entry_id"] == ""
    assert (
        "dated 07/03/2022 linked to it records neither this telephone call"
        in (row["why"])
    )


def test_a_linked_record_of_the_call_is_its_receipt(chron):
    """The other side of a call, linked to it, is its receipt."""
    row = _linked(chron, "Rang HV", "Phone call from social worker").iloc[0]
    assert row["status"] == "received"
    assert row["matched_how"] == "linked"
    assert row["received_date"] == "2022-04-11"
