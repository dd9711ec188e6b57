"""Sentence structure decides the event type, read as a merge reads an
agency's CSV file: the head of a noun phrase is the event its qualifier
describes (event_types.toml `head_types`), and a clause about what comes
next is a plan, not the event (`plan_words`). Each rule has a case it
decides and one it must leave alone. Wording here is the tests' own."""

from __future__ import annotations

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
