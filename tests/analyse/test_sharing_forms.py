"""The sharing ledger's send forms (schemas/sharing.toml), read from words
written for this test, and corpus 2's sharing truth, written the same way
every time from the generator's own entries."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from chronomerge.analyse.sharing import (
    AgencyNames,
    names_day,
    read_sends,
    sharing_rules,
)
from chronomerge.review import parse_review

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "writer", "kinds"),
    [
        # the recipient before the verb
        ("Home visit cancelled, police notified.", "childrens_social_care",
         ["police"]),
        ("Discharged after two missed sessions; GP informed.", "camhs", ["gp"]),
        ("Told by mum that school informed by the nurse.", "gp", []),
        # a conversation, a call with someone, a request sent
        ("Spoke with the health visitor about weight.", "gp", ["health_visiting"]),
        ("Phone call with offender manager re licence.", "childrens_social_care",
         ["probation"]),
        ("Records requested from the surgery.", "hospital", ["gp"]),
        # the recipient that goes without saying, and its negation
        ("Officers attended. Safeguarding referral made.", "ambulance",
         ["childrens_social_care"]),
        ("Verbal argument only, no PPN submitted.", "police", []),
        # an answer to a request, given
        ("Social worker phoned for an update; attendance given.", "education",
         ["childrens_social_care"]),
        # more verbs of passing on, the recipient after or before them
        ("Safeguarding concern raised with MASH: bruise seen.", "housing",
         ["childrens_social_care"]),
        ("Concern raised by the school at the meeting.", "childrens_social_care",
         []),
        ("Records transferred to SW on request.", "education",
         ["childrens_social_care"]),
        ("DSL spoke to the pupil, MASH consulted.", "education",
         ["childrens_social_care"]),
        ("Consulted by the GP about a rash.", "health_visiting", []),
        # a PPN goes to social care even when another clause names a
        # recipient, but not when its own clause names one
        ("Referral to MARAC and IDVA. PPN submitted for both children.",
         "police", ["domestic_abuse", "childrens_social_care"]),
        ("Referral to MARAC. PPN submitted to the health visitor.", "police",
         ["domestic_abuse", "health_visiting"]),
        # services by their usual short names, one outside the review
        ("Referred to SALT with mum's consent.", "health_visiting", ["other"]),
        ("Referral to the D&A service.", "gp", ["substance_misuse"]),
        # every NHS provider has a named nurse: escalating to one stays
        # within the writer's agency, a paediatrician is the hospital's
        ("Second WNB; escalated to named nurse.", "health_visiting", []),
        ("Referred to the paediatrician re weight.", "health_visiting",
         ["hospital"]),
        # a talk with the family is not a send, unless an agency joins it
        ("Spoke to mum about salt in baby food.", "health_visiting", []),
        ("Spoke to Child alone at school about home.", "childrens_social_care",
         []),
        ("Discussed with mum and the GP.", "health_visiting", ["gp"]),
        ("Spoke to the GP about mum.", "health_visiting", ["gp"]),
        # a check made with an agency asks what it holds
        ("Safeguarding check with children's services - on CP plan.",
         "probation", ["childrens_social_care"]),
        ("DV checks with police: two call outs.", "probation", ["police"]),
        ("Checked with mum that the bruise had faded.", "gp", []),
        ("Contact received. Checks with police and health requested.",
         "childrens_social_care", []),
        # a bare verb answers a request only when its clause asks nothing,
        # and advice is given to the family
        ("Informed by police of arrest. Recall request submitted.",
         "probation", []),
        ("Call from SW asking for update. Advice leaflet given.",
         "health_visiting", []),
        # a return (home) interview after a missing episode is arranged by
        # the local authority, so asking for one goes to social care
        ("Found in the park. Return home interview referral sent.", "police",
         ["childrens_social_care"]),
        ("Returned by own accord. Return interview requested.", "police",
         ["childrens_social_care"]),
        ("Return interview completed by the SW.", "childrens_social_care", []),
        ("Back home. No return interview requested.", "police", []),
        # the recipient and "referral" alone make a clause; not a referral
        # from someone ("following GP referral")
        ("Back pain, codeine declined, physio referral.", "gp", ["other"]),
        ("Arrested. DASH high - MARAC referral.", "police", ["domestic_abuse"]),
        ("Seen in clinic following GP referral.", "hospital", []),
        ("GP referral received for mum.", "substance_misuse", []),
        # a children's centre is the local authority's early help
        ("Referred to children's centre for stay and play.", "health_visiting",
         ["early_help"]),
    ],
)  # fmt: skip
def test_send_forms(text, writer, kinds):
    rules = sharing_rules()
    names = AgencyNames(parse_review("[review]\nsubject = 'Child'\n"), rules)
    assert [s.kind for s in read_sends(text, writer, names, rules)] == kinds


def test_a_receipt_names_the_day_of_the_send():
    day = float((pd.Timestamp("2021-03-15") - pd.Timestamp("1970-01-01")).days)
    assert names_day("Notification re the incident on 15/03. Logged.", day)
    assert names_day("Letter dated 15.03.21 received.", day)
    assert not names_day("Letter dated 15.03.20 received.", day)
    assert not names_day("Seen on 16/03.", day)


def test_corpus2_sharing_truth_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT))
    from bench.corpus2.generate import generate

    first = generate(11, tmp_path / "a", entries=300)
    again = generate(11, tmp_path / "b", entries=300)
    text = (first / "truth_sharing.csv").read_bytes()
    assert text == (again / "truth_sharing.csv").read_bytes()
    sharing = pd.read_csv(first / "truth_sharing.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(first / "truth.csv", dtype=str, keep_default_na=False)
    keys = set(
        truth["source_file"]
        + "|"
        + truth["source_location"]
        + "|"
        + truth["source_row"]
    )
    assert len(sharing) >= 20
    assert set(sharing["send_entry"]) <= keys
    receipts = {k for r in sharing["receipt_entries"] for k in r.split(";") if k}
    assert receipts <= keys
    assert set(sharing["received"]) == {"true", "false"}
    assert (sharing["received"] == "true").tolist() == (
        sharing["receipt_entries"] != ""
    ).tolist()
