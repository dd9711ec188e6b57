"""Event-type signals that hold across agencies' wording (issue #15): a
police log naming domestic abuse, something passed to another agency, a
referral's recipient named before the word, what was only talked about, a
generic word of a graver type the agency records, a meeting someone did not
attend, a school's record of an absence. Wording here is the tests' own;
each signal has a case it decides and one it must leave alone."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from chronomerge.normalise.events import classify_events
from chronomerge.review import ReviewSettings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_event_signals import typed  # noqa: E402


def test_a_police_log_that_names_domestic_abuse_is_a_domestic_incident():
    rows = [
        ("police", "Officers called to the flat: verbal argument, DASH "
                   "completed, standard risk. Domestic."),
        ("police", "Officers called to the flat about noise; words of "
                   "advice given."),
    ]  # fmt: skip
    first, second = typed(rows)
    assert first == "domestic_abuse"
    assert second != "domestic_abuse"


def test_something_sent_to_another_agency_is_information_sharing():
    rows = [
        ("education", "Copy of the attendance record sent to the social worker."),
        ("gp", "Referral to the social worker about the bruise, consent given."),
    ]
    shared, referred = typed(rows)
    assert shared == "information_sharing"  # what was sent, not a referral
    assert referred == "referral_csc"  # a referral names itself


def test_a_recipient_named_before_the_word_referral():
    rows = [("gp", "CAMHS referral made for low mood.")]
    assert typed(rows) == ["referral_other"]


def test_what_was_talked_about_is_not_the_event():
    # The one type the note names is only what was discussed: the agency's
    # own contact (its type column, the visit) is the event.
    rows = [
        ("probation", "Office appointment kept. Discussed the new CP plan with him."),
        ("childrens_social_care", "Home visit, children seen. Spoke about DA."),
    ]
    assert typed(rows, type_column=["Supervision", ""]) == ["probation", "home_visit"]


def test_a_type_named_as_what_happened_still_decides():
    rows = [
        ("probation", "CP plan for the children ended today, he was told at the "
                      "appointment."),
        ("childrens_social_care", "DA incident reported by police overnight."),
    ]  # fmt: skip
    assert typed(rows, type_column=["Supervision", ""]) == ["cp_plan", "domestic_abuse"]


def test_a_generic_word_of_a_graver_usual_type_names_it():
    # "custody" alone is vague, but a youth justice service usually records
    # custody and court, which outrank its supervision contacts; a health
    # visitor's "rang" (information sharing, below its default) stays hers.
    rows = [
        ("youth_justice", "Worker attended custody with him as appropriate adult."),
        ("health_visiting", "Mum rang, feeding going well."),
    ]
    assert typed(rows) == ["criminal_justice", "health_contact"]


def test_a_meeting_someone_did_not_attend_was_held():
    frame = pd.DataFrame(
        {
            "description": [
                "Parents did not attend, no apologies. Plan reviewed.",
                "Mum did not attend the clinic. SW informed, core group on Friday.",
                "Multi-agency meeting with the SW and parents about the plan.",
            ],
            "agency_kind": ["childrens_social_care", "health_visiting", "education"],
            "agency": ["Social care", "Health visiting", "School"],
            "agency_type": ["Core group", "", ""],
            "date_start": ["2021-03-01"] * 3,
            "date_precision": ["day"] * 3,
        }
    )
    out, _ = classify_events(frame, ReviewSettings())
    # the type column says core group: the parents' absence does not make it
    # a missed appointment, and it is sure enough to name the school's
    # meeting of that day
    assert out["event_type"].tolist() == [
        "core_group",
        "was_not_brought",  # left alone: a missed clinic naming a core group
        "core_group",
    ]
    assert out["event_type_confidence"][0] >= 0.9
    assert out["event_type_source"][2] == "group"


def test_a_school_recording_the_child_did_not_attend_records_an_absence():
    rows = [
        ("education", "Did not attend today, no call from home."),
        ("education", "Not brought to the school nurse clinic."),  # an appointment
        ("gp", "Did not attend the asthma review."),  # not a school
    ]
    assert typed(rows) == ["education_attendance", "was_not_brought", "was_not_brought"]
