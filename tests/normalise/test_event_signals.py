"""Event-type signals that do not hang on particular words: who a referral
was sent to, failed visits, the formal kind of a meeting, and the agency's
usual type as a tie-breaker. Wording here is the tests' own."""

from __future__ import annotations

import pandas as pd

from chronomerge.normalise.events import classify_events
from chronomerge.review import Agency, ReviewSettings


def typed(
    rows: list[tuple[str, str]],
    review: ReviewSettings | None = None,
    type_column: list[str] | None = None,
) -> list[str]:
    """Event types of (agency kind, description) rows, as the stage gives them."""
    frame = pd.DataFrame(
        {
            "description": [text for _, text in rows],
            "agency_kind": [kind for kind, _ in rows],
            "agency": [kind for kind, _ in rows],
            "agency_type": type_column or [""] * len(rows),
        }
    )
    out, _ = classify_events(frame, review or ReviewSettings())
    return out["event_type"].tolist()


# --- who a referral was sent to ------------------------------------------------


def test_a_referral_to_an_agency_the_review_names_is_typed_by_its_kind():
    text = "Referral made to Brightstart Hub about the bruising."
    plain = ReviewSettings()
    local = ReviewSettings(
        agencies=[Agency(name="Brightstart Hub", kind="childrens_social_care")]
    )
    # An unknown service is another service; once the review says the
    # Brightstart Hub is its children's social care front door, it is a
    # referral to children's social care.
    assert typed([("gp", text)], plain) == ["referral_other"]
    assert typed([("gp", text)], local) == ["referral_csc"]


def test_recipients_named_by_the_schema_aliases():
    rows = [
        ("gp", "Referred to the community mental health team for assessment."),
        ("health_visiting", "Referral sent to the family hub, mum consented."),
        ("education", "DSL referred the concern to the front door."),
        ("gp", "Referral made to children's services about the bruise."),
        (
            "education",
            "Concern passed to the local authority duty desk, referral made.",
        ),
    ]
    assert typed(rows) == [
        "referral_other",
        "referral_other",
        "referral_csc",
        "referral_csc",
        "referral_csc",
    ]


def test_a_referral_received_belongs_to_the_receiving_agency():
    text = "New referral received from the school nurse. Allocated for triage."
    assert typed([("camhs", text), ("childrens_social_care", text)]) == [
        "referral_other",
        "referral_csc",
    ]


def test_naming_a_recipient_does_not_make_an_entry_a_referral():
    rows = [("health_visiting", "Home visit. Growth chart sent to the GP.")]
    assert typed(rows) == ["home_visit"]


# --- attempted visits that failed ----------------------------------------------


def test_a_visit_with_a_failure_cue_in_a_later_sentence_is_no_access():
    rows = [
        (
            "childrens_social_care",
            "Unannounced visit with the student SW. Knocked "
            "several times, nobody home. Left a calling card.",
        ),
        ("housing", "Gas safety appointment - tenant not in."),
        ("health_visiting", "New birth visit. Could not get access, note left."),
    ]
    assert typed(rows) == ["no_access", "no_access", "no_access"]


def test_a_failure_cue_is_read_only_in_its_own_clause():
    rows = [
        # a phone call unanswered is not a failed visit
        (
            "health_visiting",
            "Visit arranged for Friday. Rang mum to confirm, no reply.",
        ),
        # negated just before the cue, in its clause
        (
            "childrens_social_care",
            "Home visit; mum was not out when visited, the children were seen.",
        ),
        # the door was answered after all
        (
            "childrens_social_care",
            "Home visit - no answer at first, then mum "
            "answered and the children were seen.",
        ),
        ("childrens_social_care", "Home visit, children seen in their bedrooms."),
    ]
    got = typed(rows)
    assert "no_access" not in got[0:1]
    assert got[1:] == ["home_visit", "home_visit", "home_visit"]


# --- the formal kind of a meeting --------------------------------------------


def test_a_meeting_named_by_its_formal_kind_beats_the_generic_meeting():
    rows = [
        (
            "education",
            "Multi-agency meeting (the child protection conference) - "
            "head of year attended.",
        ),
        (
            "housing",
            "Officer joined the professionals meeting, which was the "
            "core group, by video.",
        ),
        ("probation", "Attended the MARAC as the partner's offender manager."),
    ]
    assert typed(rows) == ["cp_conference", "core_group", "marac"]


def test_a_formal_meeting_in_the_type_column_beats_the_agency_usual_type():
    rows = [("probation", "Attended with the SW and the school, actions agreed.")]
    assert typed(rows, type_column=["Core Group"]) == ["core_group"]
    assert typed(rows, type_column=["Supervision"]) == ["probation"]


def test_a_generic_meeting_on_the_day_of_another_agency_core_group_is_one():
    frame = pd.DataFrame(
        {
            "description": [
                "Core group meeting held, plan reviewed.",
                "Practice manager attended a multi-agency meeting about the family.",
                "Practice manager attended a multi-agency meeting about the family.",
            ],
            "agency": ["CSC", "GP", "GP"],
            "agency_kind": ["childrens_social_care", "gp", "gp"],
            "agency_type": ["", "", ""],
            "date_start": ["2024-03-05", "2024-03-05", "2024-03-19"],
            "date_precision": ["day", "day", "day"],
        }
    )
    out, _ = classify_events(frame, ReviewSettings())
    assert out["event_type"].tolist() == [
        "core_group",
        "core_group",
        "professionals_meeting",
    ]
    assert out["event_type_source"].tolist()[1] == "group"


# --- the agency's usual type: a tie-breaker, not a veto ----------------------


def test_clear_words_outweigh_the_agency_usual_type():
    rows = [
        ("housing", "Went to the multi-agency meeting held for the family."),
        ("probation", "Letter to the health visitor asking about the baby's weight."),
        # nothing clear: the agency's usual type decides
        ("housing", "Rent account reviewed, arrears of two months."),
        ("probation", "Reported as instructed."),
        # a subject (an injury, drink) is what the entry is about, not the event:
        # the ambulance service's own type still wins
        ("ambulance", "Man found collapsed and intoxicated in the street."),
    ]
    assert typed(rows) == [
        "professionals_meeting",
        "information_sharing",
        "housing",
        "probation",
        "ambulance",
    ]


def test_a_generic_type_column_value_one_agency_reads_as_its_own_type(tmp_path):
    """'Contact' means a probation contact only because a probation service
    wrote it: with clear words the words decide, without them the agency."""
    from chronomerge import merge

    path = tmp_path / "probation_service_chronology.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        import csv

        writer = csv.writer(handle)
        writer.writerow(["Date", "Contact type", "Details"])
        writer.writerow(
            ["03/02/2024", "Contact", "Email to the school DSL asking for attendance."]
        )
        writer.writerow(
            ["10/02/2024", "Contact", "Reported on time, discussed his work hours."]
        )
        writer.writerow(
            [
                "17/02/2024",
                "Office appointment",
                "Seen with his partner, no concerns raised.",
            ]
        )
    entries = merge([path]).entries.sort_values("date_start")
    assert entries["agency_type"].tolist() == [
        "Contact",
        "Contact",
        "Office appointment",
    ]
    assert entries["event_type"].tolist() == [
        "information_sharing",
        "probation",
        "probation",
    ]


# --- another agency's name is who the writer dealt with -------------------------


def test_another_agency_name_is_not_that_agency_event():
    rows = [
        ("housing", "Phone call from probation asking who is on the tenancy."),
        ("childrens_social_care", "Emailed the probation service for an update."),
        # in the agency's own record its name is its own work
        ("probation", "Probation appointment, attended on time."),
        ("youth_justice", "Youth offending team session at the office."),
    ]
    assert typed(rows) == [
        "information_sharing",
        "information_sharing",
        "probation",
        "probation",
    ]


# --- a call or letter between agencies ------------------------------------------


def test_a_call_between_agencies_is_information_sharing_whatever_it_was_about():
    rows = [
        (
            "childrens_social_care",
            "Phoned the health visitor - baby's weight is on the 9th centile.",
        ),
        (
            "childrens_social_care",
            "Letter to the surgery with the date of the core group.",
        ),
        ("education", "Emailed the school nurse about his attendance this term."),
        # a call to the family is the agency's own contact, not sharing
        ("domestic_abuse", "Support call to mum, safety plan reviewed."),
    ]
    got = typed(rows)
    assert got[:3] == ["information_sharing"] * 3
    assert got[3] != "information_sharing"


# --- each agency's usual types, estimated from the review ---------------------


def _one_agency(texts: list[str], kind: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "description": texts,
            "agency": ["Compass Project"] * len(texts),
            "agency_kind": [kind] * len(texts),
            "agency_type": [""] * len(texts),
        }
    )


def test_an_agency_of_unknown_kind_gets_its_usual_type_from_its_own_entries():
    usual = [
        f"Keywork session {n}: drinking reduced, alcohol diary reviewed."
        for n in range(12)
    ]
    vague = "Attended as arranged, progress discussed."
    alone, _ = classify_events(_one_agency([vague]), ReviewSettings())
    together, _ = classify_events(_one_agency([*usual, vague]), ReviewSettings())
    assert set(together["event_type"][:12]) == {"substance_misuse"}
    # on its own the vague entry says nothing; beside its agency's other
    # entries it is that agency's usual work
    assert alone["event_type"].iloc[0] == "other"
    assert together["event_type"].iloc[-1] == "substance_misuse"
    # the same inputs give the same result
    again, _ = classify_events(_one_agency([*usual, vague]), ReviewSettings())
    assert again.equals(together)


def test_an_agency_with_varied_work_gets_no_estimated_prior():
    varied = [
        "Home visit, children seen.",
        "Strategy discussion held with police.",
        "Core group meeting, plan reviewed.",
        "Child protection conference held.",
    ] * 3
    vague = "Management oversight: plan to continue."
    out, _ = classify_events(_one_agency([*varied, vague]), ReviewSettings())
    assert out["event_type"].iloc[-1] == "other"


def test_an_attempt_that_was_unsuccessful_is_no_access_and_confident():
    rows = [
        ("childrens_social_care", "Duty worker attempted to visit; unsuccessful."),
        (
            "childrens_social_care",
            "Tried to see the carer at the flat without success.",
        ),
        # "unsuccessful" about a referral is no visit
        ("childrens_social_care", "Referral to CAMHS unsuccessful, not accepted."),
    ]
    frame = pd.DataFrame(
        {
            "description": [t for _, t in rows],
            "agency_kind": [k for k, _ in rows],
            "agency": ["CSC"] * 3,
            "agency_type": [""] * 3,
        }
    )
    out, _ = classify_events(frame, ReviewSettings())
    assert out["event_type"].tolist() == ["no_access", "no_access", "referral_other"]
    assert (out["event_type_confidence"][:2] >= 0.5).all()


def test_entries_without_an_agency_name_share_no_estimated_prior():
    usual = [f"Keywork session {n}: alcohol diary reviewed." for n in range(12)]
    frame = _one_agency([*usual, "Attended as arranged, progress discussed."])
    frame["agency"] = ""
    out, _ = classify_events(frame, ReviewSettings())
    assert out["event_type"].iloc[-1] == "other"


def test_a_call_from_someone_to_the_police_starts_an_incident():
    from chronomerge.agencies import AgencyResolver
    from chronomerge.normalise.event_scores import scoring_rules
    from chronomerge.normalise.recipients import RecipientReader

    reader = RecipientReader(scoring_rules().recipients, AgencyResolver())
    incoming = "Phone call from the hospital about a baby with a broken arm."
    outgoing = "Phoned the hospital for the discharge date."
    assert reader.exchanged(incoming, "health_visiting")
    assert not reader.exchanged(incoming, "police")
    assert reader.exchanged(outgoing, "police")
    assert not reader.exchanged("Phoned mum to arrange a visit.", "health_visiting")
