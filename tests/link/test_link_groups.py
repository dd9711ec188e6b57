"""Event groups: one occurrence, several accounts; never chained, never forced
together by a neighbour; explained in plain words."""

from __future__ import annotations

import pandas as pd
import pytest
from link_helpers import entry, frame

from chronomerge.link import GROUP_COLUMNS, link_entries
from chronomerge.review import ReviewSettings

CSC, POLICE, HV, GP = "Children's Social Care", "Police", "Health Visiting", "GP"
HOSPITAL, SCHOOL = "Hospital", "School"


def strategy_discussion():
    return frame(
        entry(
            CSC,
            "2019-03-12",
            "strategy_discussion",
            "Strategy discussion held with police and health re bruising to "
            "Child A's ear. S47 agreed.",
            time="10:00",
        ),
        entry(
            POLICE,
            "2019-03-12",
            "strategy_discussion",
            "Strat disc with CSC re bruise to ear. Joint S47 to follow.",
            time="10:05",
        ),
        entry(
            HV,
            "2019-03-13",
            "strategy_discussion",
            "HV attended strategy meeting by phone, bruising to ear discussed",
        ),
    )


def groups_of(entries, review=None):
    result = link_entries(entries, review or ReviewSettings())
    ids = entries["entry_id"]
    found = {}
    for k, group in result.event_group.items():
        found.setdefault(group, set()).add(ids[k])
    return sorted(sorted(m) for m in found.values() if len(m) > 1), result


def test_one_meeting_three_accounts_is_one_group():
    entries = strategy_discussion()
    groups, result = groups_of(entries)
    assert groups == [sorted(entries["entry_id"])]
    row = result.groups.iloc[0]
    assert row["size"] == 3 and row["decided"] == "auto"
    assert 0.5 <= row["score"] <= 1.0
    assert row["agencies"].split(";") == [CSC, POLICE, HV]
    assert "all a strategy discussion" in row["reasons"]
    assert "texts" in row["reasons"] and "% alike" in row["reasons"]


def test_two_visits_the_same_day_stay_apart():
    entries = frame(
        entry(
            CSC,
            "2019-04-02",
            "home_visit",
            "SW home visit. Child A seen in bedroom, home conditions poor.",
        ),
        entry(
            HV,
            "2019-04-02",
            "home_visit",
            "HV home visit. Baby weighed, mother reports low mood.",
        ),
    )
    groups, result = groups_of(entries)
    assert groups == []
    assert list(result.groups["size"]) == [1, 1]
    assert result.groups["decided"].tolist() == ["", ""]


def test_a_joint_visit_names_the_other_agency_and_is_linked():
    entries = frame(
        entry(
            CSC,
            "2019-05-02",
            "home_visit",
            "Joint home visit with health visitor. Child A seen.",
        ),
        entry(
            HV,
            "2019-05-02",
            "home_visit",
            "Joint visit with SW, baby weighed and seen.",
        ),
    )
    groups, result = groups_of(entries)
    assert len(groups) == 1
    reasons = result.groups.loc[result.groups["size"] == 2, "reasons"].iloc[0]
    assert "same day (02/05/2019)" in reasons
    assert "both a home visit" in reasons
    assert "named in the" in reasons


def test_mother_and_child_gp_appointments_same_day_stay_apart():
    entries = frame(
        entry(
            GP,
            "2019-06-03",
            "gp_consultation",
            "Mother seen by GP re low mood, sertraline started.",
        ),
        entry(
            HOSPITAL,
            "2019-06-03",
            "outpatient",
            "Child A seen in paediatric clinic for weight review.",
        ),
    )
    assert groups_of(entries)[0] == []


def test_day_apart_slip_links_with_enough_evidence():
    entries = frame(
        entry(
            POLICE,
            "2019-07-20",
            "domestic_abuse",
            "DA incident: Mother assaulted by partner, partner arrested. "
            "Child A present. Notification to CSC.",
        ),
        entry(
            CSC,
            "2019-07-21",
            "referral_csc",
            "Police notification received: domestic abuse incident, Mother "
            "assaulted by partner who was arrested, Child A present.",
        ),
    )
    groups, result = groups_of(entries)
    assert len(groups) == 1
    assert "a day apart (20/07/2019 and 21/07/2019)" in result.groups.iloc[0]["reasons"]


def test_no_chaining_every_member_must_match_the_group():
    # A matches B strongly and B matches C, but A and C are different events
    # of one day: C must not be pulled into A's group through B.
    entries = frame(
        entry(
            POLICE,
            "2019-08-01",
            "police_incident",
            "Concern for welfare call: Child A found alone at park, returned home.",
        ),
        entry(
            CSC,
            "2019-08-01",
            "police_incident",
            "Police report Child A found alone at park, returned home, "
            "missing later that evening from home.",
        ),
        entry(
            SCHOOL,
            "2019-08-01",
            "missing_episode",
            "Child A missing from home in the evening, school informed by CSC.",
        ),
    )
    groups, _ = groups_of(entries)
    for members in groups:
        assert len(members) <= 2


def test_at_most_one_entry_per_agency_unless_near_identical():
    entries = frame(
        entry(
            CSC,
            "2019-09-10",
            "cp_conference",
            "Initial child protection conference, "
            "Child A made subject of CP plan under neglect.",
        ),
        entry(POLICE, "2019-09-10", "cp_conference", "ICPC attended, CP plan neglect."),
        entry(POLICE, "2019-09-10", "cp_conference", "Officer gave report to ICPC."),
    )
    groups, _ = groups_of(entries)
    assert len(groups) == 1 and len(groups[0]) == 2
    copied = frame(
        entry(CSC, "2019-09-10", "cp_conference", "ICPC held: CP plan neglect."),
        entry(POLICE, "2019-09-10", "cp_conference", "ICPC attended. CP plan neglect."),
        entry(
            POLICE,
            "2019-09-10",
            "cp_conference",
            "ICPC attended, CP plan (neglect)",
            file="police_ppu.xlsx",
        ),
    )
    groups, _ = groups_of(copied)
    assert [len(g) for g in groups] == [3]


def test_group_ids_are_the_smallest_member_id_and_singletons_get_their_own():
    entries = strategy_discussion()
    extra = frame(entry(GP, "2019-01-05", "gp_consultation", "Immunisations given."))
    entries = pd.concat([entries, extra], ignore_index=True)
    result = link_entries(entries, ReviewSettings())
    smallest = min(entries["entry_id"][:3])
    assert set(result.event_group[:3]) == {"G" + smallest[1:]}
    assert result.event_group[3] == "G" + entries["entry_id"][3][1:]
    assert result.event_group.index.equals(entries.index)
    assert list(result.groups.columns[: len(GROUP_COLUMNS)]) == list(GROUP_COLUMNS)
    assert len(result.groups) == 2
    single = result.groups[result.groups["size"] == 1].iloc[0]
    assert pd.isna(single["score"]) and single["reasons"] == ""


def test_the_same_input_in_any_order_gives_the_same_groups():
    entries = pd.concat(
        [
            strategy_discussion(),
            frame(
                entry(CSC, "2019-05-02", "home_visit", "Joint visit with HV."),
                entry(HV, "2019-05-02", "home_visit", "Joint visit with SW."),
                entry(GP, "2019-05-02", "gp_consultation", "Mother seen re mood."),
            ),
        ],
        ignore_index=True,
    )
    first = link_entries(entries, ReviewSettings())
    shuffled = entries.sample(frac=1, random_state=3)
    second = link_entries(shuffled, ReviewSettings())
    assert first.event_group.sort_index().equals(second.event_group.sort_index())
    pd.testing.assert_frame_equal(first.groups, second.groups)


def test_pairs_show_each_comparison_contribution():
    result = link_entries(strategy_discussion(), ReviewSettings())
    pairs = result.pairs
    assert len(pairs) == 3
    for name in ("date", "event_type", "text", "time", "agency_named", "people"):
        assert f"{name}_weight" in pairs and f"{name}_level" in pairs
    weights = pairs[[c for c in pairs if c.endswith("_weight")]].sum(axis=1)
    assert (weights - 4.0 - pairs["weight"]).abs().max() < 0.01  # prior -4 bits
    assert pairs["linked"].all()
    assert pairs["reasons"].str.contains("both a strategy discussion").all()


@pytest.mark.parametrize("threshold", [0.5, 0.999999])
def test_threshold_from_the_review_file_decides(threshold):
    review = ReviewSettings.model_validate({"linking": {"threshold": threshold}})
    entries = frame(
        entry(CSC, "2019-05-02", "home_visit", "Joint home visit with HV."),
        entry(HV, "2019-05-02", "home_visit", "Joint home visit with social worker."),
    )
    groups, _ = groups_of(entries, review)
    assert len(groups) == (1 if threshold == 0.5 else 0)


def test_a_referral_links_referrer_and_social_care_not_two_referrers():
    entries = frame(
        entry(
            POLICE,
            "2019-05-20",
            "referral_csc",
            "PPN submitted to MASH re DA incident; Child A and Sibling 1 present.",
        ),
        entry(
            SCHOOL,
            "2019-05-20",
            "referral_csc",
            "Call from police about a DA incident at Sibling 1's home. Class "
            "teacher informed.",
        ),
        entry(
            CSC,
            "2019-05-20",
            "referral_csc",
            "Contact received from police (PPN) re DA incident at home.",
        ),
    )
    groups, _ = groups_of(entries)
    ids = entries["entry_id"]
    assert sorted([ids[0], ids[2]]) in groups
    assert not any(ids[0] in g and ids[1] in g for g in groups)
