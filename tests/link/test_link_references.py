"""Entries that refer to an earlier day in words, times across midnight, and
meetings both texts name: merged from CSV files written here, as an author
would hand them in."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from link_helpers import entry, frame

from chronomerge import merge
from chronomerge.link import link_entries
from chronomerge.link.text import build_rules

CSC, POLICE, HV = "Children's Social Care", "Police", "Health Visiting"

REVIEW = """
[review]
name = "Reference test review"
subject = "Child R"
period_start = 2019-01-01
period_end = 2019-12-31

[[people]]
label = "Child R"
date_of_birth = 2012-05-01

[[agencies]]
name = "Eastcombe Police"
kind = "police"
files = ["police*.csv"]

[[agencies]]
name = "Fairlight Primary School"
kind = "education"
files = ["school*.csv"]

[[agencies]]
name = "Greyfield Ambulance Service"
kind = "ambulance"
files = ["ambulance*.csv"]

[[agencies]]
name = "Eastcombe Children's Services"
kind = "childrens_social_care"
files = ["csc*.csv"]

[[agencies]]
name = "Eastcombe Health Visiting"
kind = "health_visiting"
files = ["hv*.csv"]
"""

# (file, date, time, words)
ROWS = [
    # Tuesday evening's call-out, and the school's next-morning record of it.
    ("police", "19/03/2019", "21:40",
     "Called to home address. Mother assaulted by partner, children present "
     "upstairs. Partner arrested."),
    ("school", "20/03/2019", "08:50",
     "Operation Encompass: police attended home last night, mother "
     "assaulted by partner, Child R present. Class teacher informed."),
    # A Saturday incident the school hears of on Monday: two days on, beyond
    # the review's day tolerance, but the words say when.
    ("police", "23/03/2019", "14:10",
     "Neighbour reported shouting at the address. Officers attended, partner "
     "had left, words exchanged only."),
    ("school", "25/03/2019", "09:05",
     "Child R said the police came round over the weekend because of shouting "
     "at home. Welfare check with DSL."),
    # A call at 23:35 and the ambulance at 00:35 the next day: an hour apart.
    ("police", "10/05/2019", "23:35",
     "999 call from Mother, partner threatening her with a knife, Child R "
     "present."),
    ("ambulance", "11/05/2019", "00:35",
     "Adult female with cut to hand, assault reported, police on scene. "
     "Conveyed to hospital."),
    # A bail breach the health visitor hears of three days on, with its date.
    ("police", "02/07/2019", "19:20",
     "Partner found at the address in breach of bail conditions, removed "
     "by officers. Child R asleep upstairs."),
    ("hv", "05/07/2019", "11:00",
     "Notification from police: partner breached bail at home on 02/07, "
     "removed by officers, Child R asleep."),
    # Two visits to the home on one day by two practitioners: two visits.
    ("csc", "04/06/2019", "10:00",
     "Home visit by social worker. Child R seen alone in bedroom, room tidy, "
     "food in cupboards."),
    ("hv", "04/06/2019", "15:30",
     "Home visit for new baby weight check. Baby feeding well, sibling at "
     "school."),
]  # fmt: skip


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("references")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    for name in dict.fromkeys(r[0] for r in ROWS):
        with (folder / f"{name}_log.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["Date", "Time", "Details"])
            writer.writerows([(d, t, w) for n, d, t, w in ROWS if n == name])
    return merge(folder)


def _group_of(merged, words: str) -> str:
    entries = merged.entries
    at = entries["description"].str.startswith(words)
    assert at.sum() == 1, words
    return str(entries.loc[at, "event_group"].iloc[0])


def _reasons(merged, group: str) -> str:
    groups = merged.groups
    return str(groups.loc[groups["event_group"] == group, "reasons"].iloc[0])


def test_a_next_morning_last_night_entry_links_to_the_evening_incident(merged):
    group = _group_of(merged, "Called to home address")
    assert _group_of(merged, "Operation Encompass: police") == group
    assert "refers to 19/03/2019 ('last night')" in _reasons(merged, group)


def test_over_the_weekend_reaches_back_beyond_the_day_tolerance(merged):
    group = _group_of(merged, "Neighbour reported shouting")
    assert _group_of(merged, "Child R said the police came round") == group
    assert "refers to 23/03/2019" in _reasons(merged, group)
    # The weekend's words do not reach the Tuesday incident a week earlier.
    assert _group_of(merged, "Called to home address") != group


def test_times_across_midnight_are_an_hour_apart(merged):
    group = _group_of(merged, "999 call from Mother")
    assert _group_of(merged, "Adult female with cut to hand") == group
    assert "60 minutes apart across midnight (23:35 and 00:35)" in _reasons(
        merged, group
    )


def test_two_different_same_day_visits_stay_apart(merged):
    assert _group_of(merged, "Home visit by social worker") != _group_of(
        merged, "Home visit for new baby"
    )


def test_a_monday_notice_about_yesterday_evening_is_about_sunday():
    """'Encompass' alone reaches back over a weekend; with 'yesterday
    evening' the words agree only on the day before."""
    rules = build_rules()
    assert rules.days_back(rules.expand("Operation Encompass notice received")) == (
        1,
        3,
        "encompass",
    )
    said = rules.expand("Encompass: police attended yesterday evening")
    assert rules.days_back(said) == (1, 1, "yesterday")
    assert rules.days_back(rules.expand("Seen in clinic, well.")) == (0, 0, "")


def test_a_meeting_both_texts_name_links_whatever_its_types():
    """'CG attended' typed a health contact and a core group typed
    information sharing: both name one core group that day."""
    entries = frame(
        entry(HV, "2020-08-07", "health_contact", "CG attended. HV to visit weekly."),
        entry(CSC, "2020-08-07", "information_sharing", "Core group held, plan kept."),
        entry(
            POLICE, "2020-08-07", "police_incident", "Shoplifting report, no arrest."
        ),
    )
    result = link_entries(entries)
    groups = result.event_group.tolist()
    assert groups[0] == groups[1] != groups[2]
    reasons = result.groups.loc[result.groups["size"] == 2, "reasons"].iloc[0]
    assert "both about a core group meeting" in reasons


def test_joint_work_both_texts_describe_counts_for_the_link():
    entries = frame(
        entry(CSC, "2020-05-20", "home_visit", "Joint visit. Mother seen, calm."),
        entry(HV, "2020-05-20", "health_contact", "Joint visit, weight check done."),
    )
    result = link_entries(entries)
    ids = result.event_group.index
    pair = result.pairs
    assert pair["agency_named_level"].astype(str).tolist() == ["both_joint"]
    assert (
        result.explain(
            entries.loc[ids[0], "entry_id"], entries.loc[ids[1], "entry_id"]
        ).count("both described as joint work")
        == 1
    )


def test_an_earlier_day_named_by_its_date_links_to_that_day(merged):
    group = _group_of(merged, "Partner found at the address")
    assert _group_of(merged, "Notification from police") == group
    assert "refers to 02/07/2019 ('02/07')" in _reasons(merged, group)


def test_two_month_only_entries_alike_link_though_of_one_contact_type():
    """'March 2020' and 'March 2020 (exact date n/k)', each its agency's only
    entry that month, texts alike: one occurrence, though two contacts of
    one type on one exact day would need more."""
    month = {"precision": "month", "start": "2020-03-01", "stop": "2020-03-31"}
    entries = frame(
        entry(
            CSC,
            "March 2020",
            "early_help",
            "Family moved to temporary accommodation after eviction; early "
            "help worker allocated.",
            **month,
        ),
        entry(
            HV,
            "March 2020 (exact date n/k)",
            "early_help",
            "Family moved to temporary accommodation following eviction. "
            "Early help support offered.",
            **month,
        ),
    )
    result = link_entries(entries)
    groups = result.event_group.tolist()
    assert groups[0] == groups[1]
    assert result.pairs["date_level"].astype(str).tolist() == ["same_interval"]
