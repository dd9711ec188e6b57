"""Named comparisons: levels, weights, plain-word reasons, and their dict form
in the review file."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from link_helpers import entry, frame

from chronomerge.errors import ReviewFileError
from chronomerge.link import REGISTRY, build_comparisons, comparison_from_dict
from chronomerge.link.comparison_dates import working_days
from chronomerge.link.comparisons import PairView, type_rules
from chronomerge.link.prepared import entry_arrays
from chronomerge.link.text import build_rules
from chronomerge.review import LinkingSettings, parse_review
from chronomerge.workdays import working_days_between

CSC, POLICE, HV, HOSPITAL = (
    "Children's Social Care",
    "Police",
    "Health Visiting",
    ("Hospital"),
)


def view(a, b, text=50.0):
    prep = entry_arrays(frame(a, b), build_rules())
    return PairView(prep, np.array([0]), np.array([1]), np.array([text]), type_rules())


def judge(name, a, b, text=50.0):
    comparison = {c.name: c for c in build_comparisons(LinkingSettings())}[name]
    pairs = view(a, b, text)
    levels, weights = comparison.compute(pairs)
    level = int(levels[0])
    return (
        comparison.labels[level],
        float(weights[0]),
        comparison.describe(pairs, 0, level),
    )


@pytest.mark.parametrize(
    ("a", "b", "label", "words"),
    [
        (("2019-03-12",), ("2019-03-12",), "same_day", "same day (12/03/2019)"),
        (
            ("2019-03-12",),
            ("2019-03-13",),
            "one_day_apart",
            "a day apart (12/03/2019 and 13/03/2019)",
        ),
        (("2019-03-12",), ("2019-03-14",), "within_tolerance", "2 days apart"),
        (
            ("2019-03-12",),
            ("w/c 11/03/2019", "2019-03-11", "2019-03-17", "week"),
            "day_in_interval",
            "12/03/2019 falls within 'w/c 11/03/2019'",
        ),
        (
            ("March 2019", "2019-03-01", "2019-03-31", "month"),
            ("w/c 11/03/2019", "2019-03-11", "2019-03-17", "week"),
            "intervals_overlap",
            "dates overlap ('March 2019' and 'w/c 11/03/2019')",
        ),
    ],
)
def test_date_distance(a, b, label, words):
    def make(agency, spec):
        if len(spec) == 1:
            return entry(agency, spec[0], "other", "x")
        text, start, stop, precision = spec
        return entry(
            agency, text, "other", "x", precision=precision, start=start, stop=stop
        )

    got_label, weight, reason = judge("date", make(CSC, a), make(POLICE, b))
    assert got_label == label
    assert words in reason


def test_approximate_dates_weigh_less():
    plain = judge(
        "date",
        entry(CSC, "2019-03-12", "other", "x"),
        entry(POLICE, "2019-03-12", "other", "x"),
    )
    approx = judge(
        "date",
        entry(CSC, "2019-03-12", "other", "x", approximate=True),
        entry(POLICE, "2019-03-12", "other", "x"),
    )
    assert approx[1] < plain[1]
    assert "approximate" in approx[2]


@pytest.mark.parametrize(
    ("ta", "tb", "label", "words"),
    [
        (
            "strategy_discussion",
            "strategy_discussion",
            "same_meeting",
            "both a strategy discussion",
        ),
        (
            "domestic_abuse",
            "domestic_abuse",
            "same_incident",
            "both a domestic abuse incident",
        ),
        ("home_visit", "home_visit", "same_contact", "both a home visit"),
        (
            "strategy_discussion",
            "s47_enquiry",
            "compatible",
            "a strategy discussion and a section 47 enquiry (often one event)",
        ),
        ("ed_attendance", "injury", "related_incident", "often one event"),
        ("core_group", "professionals_meeting", "related_meeting", "often one"),
        ("referral_other", "referral_csc", "related", "often one event"),
        ("education_attendance", "criminal_justice", "different", "different"),
        ("home_visit", "other", "unknown", ""),
        ("home_visit", "", "unknown", ""),
    ],
)
def test_event_type_agreement(ta, tb, label, words):
    got = judge(
        "event_type",
        entry(CSC, "2019-03-12", ta, "x"),
        entry(POLICE, "2019-03-12", tb, "x"),
    )
    assert got[0] == label
    assert words in got[2]


def test_meetings_count_for_more_than_contacts():
    meeting = judge(
        "event_type",
        entry(CSC, "2019-03-12", "cp_conference", "x"),
        entry(POLICE, "2019-03-12", "cp_conference", "x"),
    )
    incident = judge(
        "event_type",
        entry(POLICE, "2019-03-12", "domestic_abuse", "x"),
        entry(HV, "2019-03-12", "domestic_abuse", "x"),
    )
    visit = judge(
        "event_type",
        entry(CSC, "2019-03-12", "home_visit", "x"),
        entry(HV, "2019-03-12", "home_visit", "x"),
    )
    different = judge(
        "event_type",
        entry(CSC, "2019-03-12", "education_attendance", "x"),
        entry(HV, "2019-03-12", "criminal_justice", "x"),
    )
    assert meeting[1] > incident[1] > 0 > visit[1] > different[1]


def test_secondary_type_counts():
    got = judge(
        "event_type",
        entry(
            HOSPITAL,
            "2019-03-12",
            "ed_attendance",
            "x",
            secondary_types="referral_csc;injury",
        ),
        entry(CSC, "2019-03-12", "referral_csc", "x"),
    )
    assert got[0] == "secondary"


@pytest.mark.parametrize(
    ("ta", "tb", "label", "words"),
    [
        ("10:00", "10:05", "within_20", "times 5 minutes apart (10:00 and 10:05)"),
        ("10:00", "10:00", "within_20", "same time (10:00)"),
        ("10:00", "10:50", "within_60", "50 minutes apart"),
        ("09:00", "17:30", "far", "510 minutes apart"),
        ("09:00", "", "unknown", ""),
    ],
)
def test_time_proximity(ta, tb, label, words):
    got = judge(
        "time",
        entry(CSC, "2019-03-12", "other", "x", time=ta),
        entry(POLICE, "2019-03-12", "other", "x", time=tb),
    )
    assert got[0] == label
    assert words in got[2]


@pytest.mark.parametrize(
    ("text_a", "text_b", "label", "words"),
    [
        ("Joint visit with police", "Visit with SW", "both", "described as joint"),
        (
            "Joint visit with police",
            "Visit to the home",
            "one",
            "Police named in the Children's Social Care entry",
        ),
        ("Visit to the home", "Visit to the home", "neither", ""),
    ],
)
def test_agency_named(text_a, text_b, label, words):
    got = judge(
        "agency_named",
        entry(CSC, "2019-03-12", "home_visit", text_a),
        entry(POLICE, "2019-03-12", "home_visit", text_b),
    )
    assert got[0] == label
    assert words in got[2]


@pytest.mark.parametrize(
    ("text_a", "text_b", "label"),
    [
        ("Mother seen by GP", "Mother seen at clinic", "same"),
        ("Mother seen by GP", "Child A seen at clinic", "different"),
        ("Seen by GP", "Child A seen at clinic", "unknown"),
    ],
)
def test_people_named(text_a, text_b, label):
    got = judge(
        "people",
        entry(CSC, "2019-03-12", "other", text_a),
        entry(POLICE, "2019-03-12", "other", text_b),
    )
    assert got[0] == label


@pytest.mark.parametrize(
    ("value", "label"), [(95.0, "90+"), (80.0, "75+"), (61.0, "60+"), (10.0, "lower")]
)
def test_text_levels(value, label):
    got = judge(
        "text",
        entry(CSC, "2019-03-12", "other", "a"),
        entry(POLICE, "2019-03-12", "other", "b"),
        text=value,
    )
    assert got[0] == label
    assert got[2] == f"texts {value:.0f}% alike"


def test_every_comparison_round_trips_through_its_dict_form():
    for comparison in build_comparisons(LinkingSettings()):
        again = comparison_from_dict(comparison.to_dict())
        assert again.to_dict() == comparison.to_dict()
        assert type(again) is REGISTRY[comparison.to_dict()["type"]]


def test_review_file_changes_adds_and_drops_comparisons():
    review = parse_review(
        """
[[linking.comparisons]]
name = "time"
weights = [3.0, 1.0, 0.0, -5.0]

[[linking.comparisons]]
name = "people"
enabled = false

[[linking.comparisons]]
name = "text_order"
type = "text"
scorer = "token_sort_ratio"
levels = [80]
weights = [1.0, 0.0]
"""
    )
    found = {c.name: c.to_dict() for c in build_comparisons(review.linking)}
    assert "people" not in found
    assert found["time"]["weights"] == [3.0, 1.0, 0.0, -5.0]
    assert found["time"]["levels"] == [20, 60, 180]
    assert found["text_order"]["scorer"] == "token_sort_ratio"


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ({"name": "time", "window": 3}, "unknown setting 'window'"),
        ({"name": "colour"}, "unknown (type|comparison) 'colour'"),
        ({"name": "t2", "type": "text", "scorer": "nonsense"}, "unknown scorer"),
        ({"name": "text", "levels": [90], "weights": [1.0]}, "one weight more"),
        ({"type": "text"}, "without a name"),
    ],
)
def test_bad_comparison_settings_say_what_is_wrong(spec, words):
    # Refused when the settings are made (review.py checks them as the file
    # is read; pydantic reports the check's error) or, failing that, when
    # the comparisons are built: either way in the same words.
    with pytest.raises((ReviewFileError, ValueError), match=words):
        build_comparisons(LinkingSettings(comparisons=[spec]))


def test_sent_and_received_count_bank_holidays_as_the_tracker_does():
    # Friday 24 May 2019 to Tuesday 28 May: the Monday was the spring bank
    # holiday, so one working day, the same count the submission tracker uses.
    friday, tuesday = dt.date(2019, 5, 24), dt.date(2019, 5, 28)
    epoch = dt.date(1970, 1, 1)
    counted = working_days((friday - epoch).days, (tuesday - epoch).days)
    assert int(counted) == working_days_between(friday, tuesday) == 1
