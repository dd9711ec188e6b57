"""The sharing ledger's unlinked receipts: the recipient's record of a
referral coming in that names the sender is its receipt without sharing a
word of the matter; a record that names another day than the send's records
another occurrence; a record after the window that names the sender and the
send's day is a late receipt. Each rule has a case it must leave alone."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from chronomerge import merge
from chronomerge.analyse.sharing import sharing_ledger

REVIEW = """
[review]
name = "Unlinked receipt test review"
subject = "Child D"
period_start = 2022-01-01
period_end = 2022-12-31

[[people]]
label = "Child D"
date_of_birth = 2015-06-01

[[agencies]]
name = "Marlow Road Police"
kind = "police"
files = ["police*.csv"]

[[agencies]]
name = "Ferndale Primary School"
kind = "education"
files = ["school*.csv"]

[[agencies]]
name = "Hazel Tree Nursery"
kind = "education"
files = ["nursery*.csv"]

[[agencies]]
name = "Ashcombe Recovery Service"
kind = "substance_misuse"
files = ["recovery*.csv"]

[[agencies]]
name = "Ferndale Children's Social Care"
kind = "childrens_social_care"
files = ["csc*.csv"]
"""


def _write(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Entry"])
        writer.writerows(rows)


@pytest.fixture(scope="module", params=[True, False], ids=["linked", "unlinked"])
def ledger(chron, request) -> pd.DataFrame:
    return _ledger(chron, request.param)


@pytest.fixture(scope="module")
def chron(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unlinked")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        folder / "police_log.csv",
        [
            # a PPN whose receipt, days later, names the incident's day
            ("07/03/2022", "Officers attended a verbal argument. PPN submitted."),
            # a PPN whose only candidate receipt names another day
            ("04/05/2022", "Neighbour reported shouting. PPN submitted."),
            # the school's referral of a different month, named by the
            # recovery service's record of a referral from police (below)
            ("01/08/2022", "Referred father to Ashcombe Recovery Service."),
            # a PPN whose only later record names neither its day nor a
            # notification coming in
            ("12/10/2022", "Concern for welfare call. PPN submitted."),
        ],
    )
    _write(
        folder / "school_log.csv",
        [
            # a referral: the recipient's intake record names the school only
            ("14/06/2022", "Referred Child D to children's social care."),
            # information shared: the next day's intake record naming the
            # school is its receipt too
            ("20/09/2022", "Shared with social care."),
            # a referral (a Monday) whose only candidate is three working
            # days later, sharing no word of it
            ("07/11/2022", "Referred Child D to children's social care."),
        ],
    )
    _write(
        folder / "nursery_log.csv",
        # the same day as a call social care logged from the school
        [("03/10/2022", "Rang social care re Child D's absence.")],
    )
    _write(
        folder / "csc_log.csv",
        [
            # eight working days after the PPN of 07/03, naming its day
            (
                "17/03/2022",
                "Police report of an argument at the home on 07/03 logged in MASH.",
            ),
            # two days after the PPN of 04/05, but naming 28/04
            ("06/05/2022", "Police notification dated 28/04 received in MASH."),
            ("15/06/2022", "Referral received from the school. Allocated."),
            ("21/09/2022", "New referral from the school - bruising seen."),
            ("03/10/2022", "Referral received from Ferndale Primary School."),
            ("24/10/2022", "Police report of a welfare concern logged in MASH."),
            ("10/11/2022", "Referral received from the school. Allocated."),
        ],
    )
    _write(
        folder / "recovery_log.csv",
        [("02/08/2022", "Referral in from police: alcohol. Triage booked.")],
    )
    return merge(folder)


def _ledger(chron, linked: bool) -> pd.DataFrame:
    """The ledger, with the linker's groups (``linked``) or with none, so
    every receipt is found by the unlinked search."""
    entries = chron.entries.copy()
    if not linked:
        entries["event_group"] = ""
    found = sharing_ledger(entries, chron.review)
    ids, words = chron.entries["entry_id"], chron.entries["description"]
    texts = dict(zip(ids, words, strict=True))
    return found.assign(
        send_text=found["send_entry_id"].map(texts),
        receipt_text=found["receipt_entry_id"].map(texts).fillna(""),
    )


def _row(ledger: pd.DataFrame, date: str) -> pd.Series:
    rows = ledger[ledger["send_date"] == date]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_a_referral_is_received_by_an_intake_record_naming_the_sender(ledger):
    """ "Referral received from the school" shares no word of the
    referral's matter, but names the school and records a referral coming
    in the next day: the referral's receipt."""
    row = _row(ledger, "2022-06-14")
    assert row["status"] == "received"
    assert row["receipt_text"].startswith("Referral received from the school")
    recovery = _row(ledger, "2022-08-01")
    assert recovery["to_kind"] == "substance_misuse"
    assert recovery["receipt_text"].startswith("Referral in from police")


def test_an_intake_record_days_later_sharing_no_word_is_left_alone(chron):
    """Three working days after a referral, the recipient's record of a
    referral from the same school, with none of its words, may be another
    referral: unlinked, it is not taken for the receipt."""
    row = _row(_ledger(chron, linked=False), "2022-11-07")
    assert row["status"] == "no record of receipt"


def test_information_shared_is_received_by_the_next_days_intake_record(ledger):
    """Information shared with social care: the next day's record of a
    referral from the school, with none of its words, is its receipt (a
    record of something coming in from the sender within a working day)."""
    row = _row(ledger, "2022-09-20")
    assert row["status"] == "received"
    assert row["received_date"] == "2022-09-21"


def test_a_record_naming_another_agency_of_the_kind_is_left_alone(chron):
    """The nursery rang social care the day it logged a referral from Ferndale
    Primary School: both are education, but the record names the school by
    name, so it is not the nursery's call (unlinked, it is not the receipt)."""
    found = _ledger(chron, linked=False)
    row = _row(found[found["to_kind"] == "childrens_social_care"], "2022-10-03")
    assert row["from_agency"] == "Hazel Tree Nursery"
    assert row["status"] == "no record of receipt"


def test_a_record_naming_the_sends_day_is_received_late(ledger):
    """A PPN's receipt eight working days later that names the send's day
    and the police (in no words of a notification coming in) is listed as
    received late, not as unreceived."""
    row = _row(ledger, "2022-03-07")
    assert row["status"] == "received late"
    assert row["received_date"] == "2022-03-17"


def test_a_later_record_naming_neither_day_nor_intake_is_left_alone(ledger):
    """Eight working days after a PPN, a record naming the police but not
    the PPN's day, and no notification coming in: no receipt."""
    row = _row(ledger, "2022-10-12")
    assert row["status"] == "no record of receipt"


def test_a_record_naming_another_day_is_not_the_receipt(ledger):
    """A notification of the incident of 28/04, logged two days after a PPN
    of 04/05, is another occurrence's receipt: the PPN of 04/05 is unreceived."""
    row = _row(ledger, "2022-05-04")
    assert row["status"] == "no record of receipt"
    assert row["receipt_entry_id"] == ""


SHORT_REVIEW = """
[review]
name = "Short name test review"
subject = "Child E"
period_start = 2022-01-01
period_end = 2022-12-31

[[people]]
label = "Child E"
date_of_birth = 2015-06-01

[[agencies]]
name = "Harbour Lane Recovery"
kind = "substance_misuse"
files = ["recovery*.csv"]

[[agencies]]
name = "Tenby Youth Justice Service"
kind = "youth_justice"
files = ["yjs*.csv"]

[[agencies]]
name = "Tenby Housing Options"
kind = "housing"
files = ["housing*.csv"]

[[agencies]]
name = "Kelso Probation Unit"
kind = "probation"
files = ["probation*.csv"]
"""


def test_an_agency_is_named_by_the_first_words_of_its_name(tmp_path):
    """ "Referral to Harbour Lane" names Harbour Lane Recovery; "Tenby Youth"
    names no agency, since Tenby begins two agencies' names (a place)."""
    (tmp_path / "review.toml").write_text(SHORT_REVIEW, encoding="utf-8")
    _write(
        tmp_path / "probation_log.csv",
        [
            ("03/02/2022", "Referral to Harbour Lane for alcohol work."),
            ("10/02/2022", "Referral to Tenby Youth re brother."),
        ],
    )
    _write(tmp_path / "recovery_log.csv", [("01/02/2022", "Key work session.")])
    _write(tmp_path / "yjs_log.csv", [("01/02/2022", "Home visit.")])
    _write(tmp_path / "housing_log.csv", [("01/02/2022", "Tenancy check.")])
    chron = merge(tmp_path)
    found = sharing_ledger(chron.entries, chron.review)
    sent = dict(zip(found["send_date"], found["to_agency"], strict=True))
    assert sent.get("2022-02-03") == "Harbour Lane Recovery"
    assert "2022-02-10" not in sent


def test_a_late_receipt_belongs_to_the_nearer_send(tmp_path):
    """Two PPNs three weeks apart and one record of a PPN received the day
    after the second: it is the second's receipt, and the first, which
    would have taken it as received late, has no record of receipt. A lone
    PPN received late keeps its late receipt when the record dates it back
    to the send (its day, or "last week"); an undated record weeks later is
    as likely another PPN's, so the send has no record of receipt."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        tmp_path / "police_log.csv",
        [
            ("04/04/2022", "Domestic incident at the address. PPN submitted."),
            ("25/04/2022", "Domestic incident at the address. PPN submitted."),
            ("06/06/2022", "Domestic incident at the address. PPN submitted."),
            ("05/09/2022", "Domestic incident at the address. PPN submitted."),
            ("01/11/2022", "Domestic incident at the address. PPN submitted."),
        ],
    )
    _write(
        tmp_path / "csc_log.csv",
        [
            ("26/04/2022", "PPN received from police re domestic incident."),
            ("20/06/2022", "PPN dated 06/06 received from police."),
            ("14/09/2022", "PPN received from police (sent last week)."),
            ("21/11/2022", "PPN received from police re domestic incident."),
        ],
    )
    found = _ledger(merge(tmp_path), linked=False)
    first, second = _row(found, "2022-04-04"), _row(found, "2022-04-25")
    assert second["received_date"] == "2022-04-26"
    assert first["status"] == "no record of receipt"
    for sent, received in (("2022-06-06", "2022-06-20"), ("2022-09-05", "2022-09-14")):
        lone = _row(found, sent)
        assert (lone["status"], lone["received_date"]) == ("received late", received)
    undated = _row(found, "2022-11-01")
    assert undated["status"] == "no record of receipt"


def test_the_sender_is_named_where_the_record_says_it_came_in(tmp_path):
    """A record of a contact from the school that asks the police for
    checks names the police, but not as where it came from: not the
    receipt of the police's PPN. "PPN received from police" is."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        tmp_path / "police_log.csv",
        [
            ("07/03/2022", "Domestic incident at the address. PPN submitted."),
            ("04/07/2022", "Domestic incident at the address. PPN submitted."),
        ],
    )
    _write(
        tmp_path / "csc_log.csv",
        [
            ("08/03/2022", "Contact received (school): Child D upset. "
             "Checks with police requested."),
            ("05/07/2022", "PPN received from police, RAG green."),
        ],
    )  # fmt: skip
    found = _ledger(merge(tmp_path), linked=False)
    assert _row(found, "2022-03-07")["status"] == "no record of receipt"
    assert _row(found, "2022-07-04")["received_date"] == "2022-07-05"


def test_a_record_timed_before_the_send_is_not_its_receipt(tmp_path):
    """A referral social care logged at 16:34 is not the receipt of the PPN
    about an incident the police attended at 19:27 that day; the next day's
    record at 09:10 is. Untimed records are dated only."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    rows = [
        ("01/03/2022", "19:27", "Domestic incident at the address. PPN submitted."),
        ("10/05/2022", "21:00", "Domestic incident at the address. PPN submitted."),
    ]
    with (tmp_path / "police_log.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("Date", "Time", "Entry"), *rows])
    rows = [
        ("01/03/2022", "16:34", "PPN received from police re domestic incident."),
        ("02/03/2022", "09:10", "PPN received from police re domestic incident."),
        ("10/05/2022", "", "PPN received from police re domestic incident."),
    ]
    with (tmp_path / "csc_log.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("Date", "Time", "Entry"), *rows])
    chron = merge(tmp_path)
    assert set(chron.entries["time"]) >= {"19:27", "16:34", ""}
    found = _ledger(chron, linked=False)
    assert _row(found, "2022-03-01")["received_date"] == "2022-03-02"
    assert _row(found, "2022-05-10")["received_date"] == "2022-05-10"


def test_each_receipt_is_the_receipt_of_one_send(tmp_path):
    """Two PPNs the police recorded on one day and one record of a PPN
    received: the receipt of the nearer in time, the other has no record of
    receipt. A record naming the GP as its source is the GP's referral's
    receipt, not the school's the same day: the school's is the front
    door's "Contact - " record naming the school."""
    (tmp_path / "review.toml").write_text(
        REVIEW
        + '\n[[agencies]]\nname = "Elm Grove Surgery"\nkind = "gp"\n'
        + 'files = ["gp*.csv"]\n',
        encoding="utf-8",
    )
    head = ("Date", "Time", "Entry")
    police = [
        ("02/03/2022", "10:05", "Shoplifting, Child D present. PPN submitted."),
        ("02/03/2022", "22:40", "Domestic incident at the address. PPN submitted."),
    ]
    csc = [
        ("03/03/2022", "09:00", "PPN received from police, RAG green."),
        ("11/05/2022", "11:00", "MASH contact from GP re bruising seen on arm."),
        ("11/05/2022", "15:00", "Contact - Ferndale Primary concern that Child D "
         "came in hungry with no coat."),
    ]  # fmt: skip
    gp = [("11/05/2022", "", "Safeguarding referral to MASH re bruising on arm.")]
    school = [("11/05/2022", "", "MASH referral sent - came in hungry, no coat.")]
    for name, rows in (("police", police), ("csc", csc), ("gp", gp),
                       ("school", school)):  # fmt: skip
        with (tmp_path / f"{name}_log.csv").open("w", encoding="utf-8") as f:
            csv.writer(f).writerows([head, *rows])
    for linked in (True, False):
        found = _ledger(merge(tmp_path), linked=linked)
        ppn = found[found["send_date"] == "2022-03-02"].set_index("send_text")
        assert ppn["receipt_text"].tolist().count("") == 1
        assert ppn.loc[police[1][2], "received_date"] == "2022-03-03"
        may = found[found["send_date"] == "2022-05-11"].set_index("from_agency")
        assert may.loc["Elm Grove Surgery", "receipt_text"] == csc[1][2]
        assert may.loc["Ferndale Primary School", "receipt_text"] == csc[2][2]


def test_a_report_asked_for_a_conference_goes_to_its_holder(tmp_path):
    """ "Request for school report for case conference. Report sent." names
    no recipient, but social care holds a child protection conference and
    asked: the report is sent to it. A report taken to the conference
    itself is the conference, not a send."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    asked = "Request for school report for case conference. Report sent."
    _write(
        tmp_path / "school_log.csv",
        [
            ("07/03/2022", asked),
            ("14/03/2022", "DSL attended the child protection conference with "
             "a report."),
        ],
    )  # fmt: skip
    _write(tmp_path / "csc_log.csv", [("14/03/2022", "ICPC held; CP plan.")])
    chron = merge(tmp_path)
    entries = chron.entries
    typed = dict(zip(entries["description"], entries["event_type"], strict=True))
    assert typed[asked] == "cp_conference"
    found = _ledger(chron, linked=True)
    assert found["send_text"].tolist() == [asked]
    assert found["to_kind"].tolist() == ["childrens_social_care"]


@pytest.mark.parametrize("nursery_keyworker", [False, True])
def test_a_role_many_agencies_have_names_the_one_that_writes_of_it(
    tmp_path, nursery_keyworker
):
    """ "Phoned keyworker" names the recovery service when its own entries
    alone open with its keyworker ("Keyworker attended the core group");
    when the nursery's do too, the word names no agency."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        tmp_path / "recovery_log.csv",
        [("03/03/2022", "Keyworker attended the core group. Script reviewed.")],
    )
    nursery = "Keyworker settled Child D at drop off." if nursery_keyworker else ""
    _write(
        tmp_path / "nursery_log.csv",
        [("04/03/2022", nursery or "Child D settled well at drop off.")],
    )
    _write(
        tmp_path / "csc_log.csv",
        [
            ("10/03/2022", "Case note: phoned keyworker."),
            ("11/03/2022", "Core group: attended by SW, DSL, keyworker."),
        ],
    )
    found = _ledger(merge(tmp_path), linked=False)
    sent = found[found["send_text"] == "Case note: phoned keyworker."]
    wanted = [] if nursery_keyworker else ["substance_misuse"]
    assert sent["to_kind"].tolist() == wanted


def test_the_other_side_of_a_call_is_its_receipt(tmp_path):
    """ "Phoned Ashcombe Recovery" and the service's "SW rang for update"
    that day share no word of the matter, but the service recorded a call
    from social care: the call's receipt. Its record of a call a week later
    is not."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        tmp_path / "csc_log.csv",
        [
            ("07/03/2022", "Case note: phoned Ashcombe Recovery."),
            ("04/04/2022", "Case note: phoned Ashcombe Recovery."),
        ],
    )
    _write(
        tmp_path / "recovery_log.csv",
        [
            ("07/03/2022", "SW rang for update. Consent in place."),
            ("11/04/2022", "SW rang for update. Consent in place."),
        ],
    )
    found = _ledger(merge(tmp_path), linked=False)
    assert _row(found, "2022-03-07")["received_date"] == "2022-03-07"
    assert _row(found, "2022-04-04")["status"] == "no record of receipt"


def test_a_replys_receipt_records_asking(tmp_path):
    """The school shared what the recovery service asked for: the service's
    record of asking is the receipt, its record of a meeting at the school
    two days later is not."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    shared = "Info requested by Ashcombe Recovery; shared with consent."
    _write(tmp_path / "school_log.csv", [("07/03/2022", shared),
                                          ("02/05/2022", shared)])  # fmt: skip
    _write(
        tmp_path / "recovery_log.csv",
        [
            ("09/03/2022", "Attended core group at Ferndale Primary School."),
            ("02/05/2022", "Info requested from Ferndale Primary School."),
        ],
    )
    found = _ledger(merge(tmp_path), linked=False)
    found = found[found["from_agency"] == "Ferndale Primary School"]
    assert _row(found, "2022-03-07")["status"] == "no record of receipt"
    assert _row(found, "2022-05-02")["received_date"] == "2022-05-02"


@pytest.mark.parametrize("linked", [True, False])
def test_the_recipients_own_referral_out_is_not_a_receipt(tmp_path, linked):
    """The school's referral to the recovery service and the service's own
    referral of Child D's weight to the dietitian two days later are both
    referrals about weight; the second is a referral out, not the first's
    receipt. The service's record of the school's referral coming in is."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        tmp_path / "school_log.csv",
        [
            ("07/03/2022", "Referral to Ashcombe Recovery re weight and hygiene."),
            ("02/05/2022", "Referral to Ashcombe Recovery re weight and hygiene."),
        ],
    )
    _write(
        tmp_path / "recovery_log.csv",
        [
            ("09/03/2022", "Referred to dietitian re weight and hygiene."),
            ("03/05/2022", "Referral received from Ferndale Primary School."),
        ],
    )
    found = _ledger(merge(tmp_path), linked=linked)
    found = found[found["from_agency"] == "Ferndale Primary School"]
    assert _row(found, "2022-03-07")["status"] == "no record of receipt"
    assert _row(found, "2022-05-02")["received_date"] == "2022-05-03"


def test_an_agency_is_named_by_its_initials_written_in_capitals(tmp_path):
    """ "CS" names Ashby Children's Services (its initials without the place
    its name begins with) and "EHH" Ashby Early Help Hub; "AS" would name
    Ashby Ambulance Service, but the entries write "as" as a word."""
    review = """
[review]
subject = "Child D"
period_start = 2022-01-01
period_end = 2022-12-31

[[agencies]]
name = "Marlow Road Police"
kind = "police"
files = ["police*.csv"]

[[agencies]]
name = "Ashby Children's Services"
kind = "childrens_social_care"
files = ["csc*.csv"]

[[agencies]]
name = "Ashby Early Help Hub"
kind = "early_help"
files = ["help*.csv"]

[[agencies]]
name = "Ashby Ambulance Service"
kind = "ambulance"
files = ["ambulance*.csv"]
"""
    (tmp_path / "review.toml").write_text(review, encoding="utf-8")
    _write(
        tmp_path / "police_log.csv",
        [
            ("07/03/2022", "Domestic incident. Concerns passed to CS."),
            ("08/03/2022", "Welfare check. Referral to EHH for parenting."),
            ("09/03/2022", "Call graded as urgent; details passed to AS."),
        ],
    )
    _write(tmp_path / "csc_log.csv", [("07/03/2022", "Police concern read.")])
    _write(tmp_path / "help_log.csv", [("08/03/2022", "Referral in from police.")])
    _write(tmp_path / "ambulance_log.csv", [("09/03/2022", "Crew attended.")])
    found = _ledger(merge(tmp_path), linked=False)
    sent = dict(zip(found["send_date"], found["to_kind"], strict=True))
    assert sent == {"2022-03-07": "childrens_social_care", "2022-03-08": "early_help"}
