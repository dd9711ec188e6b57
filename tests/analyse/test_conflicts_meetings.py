"""Possibly one meeting, dated differently: two records of a meeting of the
family's professionals a day or two apart that the linker kept in separate
events, with no agency in both (``near_meetings`` of schemas/sharing.toml)."""

from __future__ import annotations

import csv

import pytest

from chronomerge import merge
from chronomerge.analyse.conflicts import NEAR, conflicting_accounts

REVIEW = """
[review]
name = "Meeting test review"
subject = "Child F"
period_start = 2022-01-01
period_end = 2022-12-31

[[people]]
label = "Child F"
date_of_birth = 2016-02-01

[[agencies]]
name = "Aldwick Children's Services"
kind = "childrens_social_care"
files = ["csc*.csv"]

[[agencies]]
name = "Birchfield CAMHS"
kind = "camhs"
files = ["camhs*.csv"]

[[agencies]]
name = "Coldharbour Homes"
kind = "housing"
files = ["housing*.csv"]

[[agencies]]
name = "Dunmore Primary School"
kind = "education"
files = ["school*.csv"]
"""

# (file, date, words, event type, the event the test groups it in)
ROWS = [
    ("csc", "13/06/2022", "Core group held, plan reviewed.", "core_group", "G1"),
    ("camhs", "13/06/2022", "Clinician joined core group.", "core_group", "G1"),
    ("housing", "14/06/2022", "Officer attended professionals meeting.",
     "professionals_meeting", "G2"),
    # two meetings a day apart with the school at both: two meetings
    ("csc", "04/07/2022", "Core group held, actions agreed.", "core_group", "G3"),
    ("school", "04/07/2022", "DSL attended core group.", "core_group", "G3"),
    ("school", "05/07/2022", "DSL attended CIN meeting.", "cin_meeting", "G4"),
    ("housing", "05/07/2022", "Officer attended CIN meeting.", "cin_meeting", "G4"),
    # a report asked for a conference and sent is not a record of it
    ("csc", "08/08/2022", "Core group held, plan agreed.", "core_group", "G5"),
    ("camhs", "10/08/2022", "Request for CAMHS report for case conference. "
     "Report sent.", "cp_conference", "G6"),
]  # fmt: skip


@pytest.fixture(scope="module")
def conflicts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("meetings")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    for name in {r[0] for r in ROWS}:
        with (folder / f"{name}_log.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["Date", "Entry"])
            writer.writerows([(d, w) for n, d, w, _, _ in ROWS if n == name])
    chron = merge(folder)
    entries = chron.entries.copy()
    # the events as a linker might have grouped them, rightly or wrongly
    for _, _, words, etype, group in ROWS:
        at = entries["description"] == words
        assert at.sum() == 1
        entries.loc[at, ["event_type", "event_group"]] = [etype, group]
    return conflicting_accounts(entries, chron.review)


def test_a_meeting_split_across_events_is_possibly_one(conflicts):
    """The housing officer's professionals meeting of 14/06, in an event of
    its own, is possibly the core group of 13/06: one row (lower confidence)
    against the first record of the earlier event."""
    near = conflicts[conflicts["conflict"] == NEAR]
    june = near[near["second_date"] == "2022-06-14"]
    assert len(june) == 1
    row = june.iloc[0]
    assert row["first_date"] == "2022-06-13"
    assert row["second_agency"] == "Coldharbour Homes"
    assert row["confidence"] == "lower"
    assert "no agency records both" in row["why"]


def test_meetings_with_an_agency_at_both_are_left_alone(conflicts):
    """The school recorded both the core group of 04/07 and the CIN meeting
    of 05/07: two meetings, not one dated differently."""
    near = conflicts[conflicts["conflict"] == NEAR]
    assert not (near["second_date"] == "2022-07-05").any()
    assert not (near["first_date"] == "2022-07-05").any()


def test_a_report_sent_for_a_conference_is_not_a_record_of_it(conflicts):
    """CAMHS sent the report social care asked for a case conference two
    days after a core group: a report sent (the ledger's send to social
    care), not the conference possibly dated differently."""
    near = conflicts[conflicts["conflict"] == NEAR]
    assert not (near["second_date"] == "2022-08-10").any()
