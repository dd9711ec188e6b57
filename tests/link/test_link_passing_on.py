"""A referral or notification recorded by its sender and by its receiver a
working day or two apart is one occurrence; a household change two agencies
date only to the month is one; an agency named by an acronym or by the name
the review file gives it counts as named."""

from __future__ import annotations

import numpy as np
from link_helpers import entry, frame

from chronomerge.link import link_entries
from chronomerge.link.comparison_dates import working_days
from chronomerge.link.prepared import entry_arrays
from chronomerge.link.text import build_rules
from chronomerge.review import Agency, ReviewSettings

GP, CSC, HV, POLICE = "GP", "Children's Social Care", "Health Visiting", "Police"


def _together(result) -> bool:
    return result.event_group.nunique() == 1


def _level(result, name: str) -> str:
    return str(result.pairs[f"{name}_level"].iloc[0]) if len(result.pairs) else ""


def _referral(sent: str, received: str, received_text: str):
    return frame(
        entry(
            GP,
            sent,
            "referral_csc",
            "Mother disclosed partner takes her money and checks her phone. "
            "Referral to CSC made with consent.",
        ),
        entry(CSC, received, "information_sharing", received_text),
    )


def test_working_days_skip_the_weekend():
    epoch = np.datetime64("1970-01-01", "D")
    friday = int((np.datetime64("2019-07-05", "D") - epoch).astype(int))
    monday = friday + 3
    assert working_days(friday, monday) == 1
    assert working_days(friday, friday + 1) == 1
    assert working_days(friday - 1, monday) == 2


def test_a_referral_sent_on_friday_and_received_on_monday_links():
    # Three calendar days apart: beyond the day tolerance, one working day.
    entries = _referral(
        "2019-07-05",
        "2019-07-08",
        "Contact received from GP: mother reports controlling partner.",
    )
    result = link_entries(entries)
    assert _together(result)
    assert _level(result, "date") == "sent_received"
    reasons = result.groups["reasons"].iloc[0]
    assert "sent and received 1 working day(s) apart" in reasons


def test_sent_and_received_needs_the_words_and_the_agency_named():
    # The same texts a week of working days apart: two occurrences.
    far = _referral(
        "2019-07-01",
        "2019-07-10",
        "Contact received from GP: mother reports controlling partner.",
    )
    assert not _together(link_entries(far))
    # Next working day, but the later entry neither receives nor names the GP.
    unnamed = _referral(
        "2019-07-05", "2019-07-08", "Home visit; mother and children seen."
    )
    result = link_entries(unnamed)
    assert not _together(result)
    # (The GP's words still date it as sent and received: the earlier entry
    # records sending to the later one's agency; that alone does not link.)
    assert not result.pairs["linked"].any()


def test_the_earlier_entry_must_be_the_sender():
    # Received first and sent later: the wrong way round for one referral.
    entries = frame(
        entry(CSC, "2019-07-05", "referral_csc", "Contact received from GP re mother."),
        entry(GP, "2019-07-08", "information_sharing", "Referral to CSC made."),
    )
    result = link_entries(entries)
    assert _level(result, "date") != "sent_received"


def test_two_month_only_household_changes_of_one_move_link():
    entries = frame(
        entry(
            POLICE,
            "March 2020",
            "household_change",
            "Intelligence: partner now living at the address with mother and "
            "the children.",
            precision="month",
            start="2020-03-01",
            stop="2020-03-31",
        ),
        entry(
            CSC,
            "March 2020",
            "household_change",
            "Partner understood to be living at the address with mother and "
            "children now.",
            precision="month",
            start="2020-03-01",
            stop="2020-03-31",
        ),
    )
    result = link_entries(entries)
    assert _together(result)
    assert _level(result, "date") == "same_interval"
    assert _level(result, "event_type") == "same_incident"


def test_agencies_named_by_acronym_or_by_the_reviews_own_name():
    review = ReviewSettings(agencies=[Agency(name="Castle Lane Surgery", kind="gp")])
    rules = build_rules(review)
    named = {
        text: sorted(rules.agencies_named(rules.expand(text)))
        for text in (
            "Joint visit with the NPS officer",
            "Letter from Castle Lane Surgery scanned",
            "CYPS informed of the disclosure",
            "Discussed her mental health",
        )
    }
    assert "probation" in named["Joint visit with the NPS officer"]
    assert named["Letter from Castle Lane Surgery scanned"] == ["gp"]
    assert named["CYPS informed of the disclosure"] == ["childrens_social_care"]
    assert named["Discussed her mental health"] == []  # a subject, not a service
    entries = frame(
        entry(HV, "2019-02-01", "home_visit", "Joint visit with Castle Lane Surgery."),
        entry(GP, "2019-02-01", "home_visit", "Home visit with HV."),
    )
    prep = entry_arrays(entries, build_rules(review))
    gp_bit = prep.kind_bit[1]
    assert gp_bit != 0 and (prep.named.mask[0] & gp_bit) == gp_bit
    assert np.array_equal(prep.passed_on, [0, 0])


def test_one_end_naming_the_other_as_where_it_came_from_counts_across_types():
    """The school records a concern; children's social care records the
    contact received from school the same day, typed otherwise. The words say
    one passed it to the other: that counts for the pair, whatever the types."""
    entries = frame(
        entry(
            "School",
            "2020-02-03",
            "education_concern",
            "Pupil arrived with a cut lip and said dad was cross. DSL informed.",
        ),
        entry(
            CSC,
            "2020-02-03",
            "information_sharing",
            "Contact received from school about a cut lip; mother to be spoken to.",
        ),
    )
    result = link_entries(entries)
    assert _level(result, "passing_on") == "passed_on"
    assert result.pairs["passing_on_weight"].iloc[0] > 0


def test_naming_another_agency_without_passing_anything_on_is_not_enough():
    entries = frame(
        entry(
            "School",
            "2020-02-03",
            "education_attendance",
            "Attendance reviewed with the education welfare officer.",
        ),
        entry(
            CSC,
            "2020-02-03",
            "home_visit",
            "Home visit: mother says school are supportive.",
        ),
    )
    result = link_entries(entries)
    assert not _together(result)
    if len(result.pairs):
        assert _level(result, "passing_on") == "neither"


def _camhs_referrals(school_text: str, camhs_text: str):
    return frame(
        entry("School", "2020-03-11", "referral_other", school_text),
        entry(
            "CAMHS",
            "2020-03-11",
            "referral_other",
            camhs_text,
            agency_kind="camhs",
        ),
    )


def test_a_referral_recorded_by_its_referrer_and_its_receiver_links():
    """The same referral type on both entries, one naming the other's agency:
    the referrer's and the receiver's record of one referral, not two
    practitioners' contacts (schemas/linking.toml [type_referrals])."""
    entries = _camhs_referrals(
        "Referral made to CAMHS for low mood and poor sleep, mother agreed.",
        "New referral triaged: low mood, sleep. Choice appointment to be offered.",
    )
    result = link_entries(entries)
    assert _together(result)
    assert _level(result, "event_type") == "same_incident"
    assert "both a referral to another service" in result.groups["reasons"].iloc[0]


def test_two_referrals_to_other_services_naming_neither_agency_stay_apart():
    entries = frame(
        entry(
            "School",
            "2020-03-11",
            "referral_other",
            "Referral made for speech and language support.",
        ),
        entry(GP, "2020-03-11", "referral_other", "Referral made for physiotherapy."),
    )
    result = link_entries(entries)
    assert not _together(result)
    if len(result.pairs):
        assert _level(result, "event_type") == "same_contact"
