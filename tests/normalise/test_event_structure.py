"""Sentence structure decides the event type, read as a merge reads an
agency's CSV file: the head of a noun phrase is the event its qualifier
describes (event_types.toml `head_types`), a clause about what comes next
is a plan, not the event (`plan_words`), a clause saying why ("as SW was
in court") is not the event either (`reason_words`), and the outcome of a
referral ("MASH outcome: NFA") is its closure (event_scoring.toml
[[actions]]), as a visit nobody came to the door for is no access
([attempts] failure_cues). Each rule has a case it decides and one it must
leave alone. Wording here is the tests' own."""

from __future__ import annotations

from chronomerge.normalise.event_scores import scoring_rules
from chronomerge.pipeline import read_and_check
from chronomerge.review import Agency, ReviewSettings
from tests.normalise.test_event_rules_on_files import typed_from_file


def test_a_meeting_qualified_by_another_type_is_the_meeting(tmp_path):
    got = typed_from_file(
        tmp_path,
        "childrens_social_care",
        [
            "S.47 strategy meeting held by phone with police and school.",
            # left alone: the qualifier is not right before the meeting
            "S.47 enquiry started by phone; strategy meeting with police later.",
        ],
    )
    assert got == ["strategy_discussion", "s47_enquiry"]


def test_what_comes_next_is_not_the_event(tmp_path):
    got = typed_from_file(
        tmp_path,
        "childrens_social_care",
        [
            "Case discussed in supervision. Next home visit in 2 weeks.",
            # left alone: the visit itself, with the next one planned
            "Home visit, children seen. Next visit in 2 weeks.",
        ],
    )
    # the visit is only planned: the note names no event it records
    assert got == ["other", "home_visit"]


def test_a_reason_clause_does_not_name_the_event(tmp_path):
    texts = [
        "Meeting held late as SW was in court.",
        "Visit to mother brought forward because of the court hearing.",
        # left alone: the court hearing is the main clause's own event
        "Court hearing adjourned as the parents had no solicitor.",
    ]
    got = typed_from_file(tmp_path, "childrens_social_care", texts)
    assert got == ["professionals_meeting", "home_visit", "criminal_justice"]


def test_an_entry_naming_only_a_reason_is_uncertain(tmp_path):
    # nothing before "as" names an event: the court is only why it was late,
    # so the type is said to be uncertain rather than given confidently
    path = tmp_path / "csc.csv"
    path.write_text("Date,Details\n04/03/2021,Held late as SW was in court.\n")
    review = ReviewSettings(
        agencies=[Agency(name="CSC", kind="childrens_social_care", files=[path.name])]
    )
    checked = read_and_check([path], review)
    confidence = checked.entries["event_type_confidence"].iloc[0]
    assert confidence < scoring_rules().threshold
    assert [i.code for i in checked.issues] == ["event-type-uncertain"]


def test_the_outcome_of_a_referral_is_not_the_referral(tmp_path):
    got = typed_from_file(
        tmp_path,
        "childrens_social_care",
        [
            "MASH outcome: NFA, advice and signposting to mother.",
            "Referral outcome - no further action, universal services.",
            # left alone: an outcome that is not a closure
            "Outcome: s.47 enquiries to start today.",
        ],
    )
    assert got == ["case_closure", "case_closure", "s47_enquiry"]


def test_a_visit_where_nobody_came_to_the_door_is_no_access(tmp_path):
    got = typed_from_file(
        tmp_path,
        "childrens_social_care",
        [
            "Visited at 10am, no one came to the door.",
            # left alone: somebody did come to the door
            "Visited at 10am, mother came to the door and the children were seen.",
        ],
    )
    assert got == ["no_access", "home_visit"]
