"""Flag rules on entries built here: each fires, near-misses do not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analyse_helpers import (
    day,
    entry,
    frame,
    position_ids,
    review,
    sample_review,
    truth_csv,
    truth_entries,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from chronomerge.analyse.dated import Intervals, runs_within
from chronomerge.analyse.flags import RULES, find_flags, flags_by_entry, rules_table
from chronomerge.errors import ReviewFileError
from chronomerge.model import FLAG_COLUMNS
from chronomerge.review import FLAG_DEFAULTS

CSC = "Children's Social Care"
E = entry

# (case, entries, extra review TOML, expected flags as entry-id lists)
CASES = {
    "repeated_was_not_brought": [
        (
            "90 days apart",
            [
                E("a", "GP", 0, "was_not_brought"),
                E("b", "Health Visiting", 90, "was_not_brought"),
            ],
            "",
            [["a", "b"]],
        ),
        (
            "91 days apart",
            [E("a", "GP", 0, "was_not_brought"), E("b", "GP", 91, "was_not_brought")],
            "",
            [],
        ),
        (
            "one missed appointment recorded twice",
            [
                E("a", "GP", 10, "was_not_brought", event_group="g"),
                E("b", "Health Visiting", 10, "was_not_brought", event_group="g"),
            ],
            "",
            [],
        ),
        (
            "a chain is one flag",
            [
                E("a", "GP", 0, "was_not_brought"),
                E("b", "GP", 80, "was_not_brought"),
                E("c", "GP", 160, "was_not_brought"),
            ],
            "",
            [["a", "b", "c"]],
        ),
        (
            "count from the review file",
            [E("a", "GP", 0, "was_not_brought"), E("b", "GP", 30, "was_not_brought")],
            "[flags.repeated_was_not_brought]\ncount = 3\n",
            [],
        ),
        (
            "days from the review file",
            [E("a", "GP", 0, "was_not_brought"), E("b", "GP", 100, "was_not_brought")],
            "[flags.repeated_was_not_brought]\ndays = 120\n",
            [["a", "b"]],
        ),
        (
            "the mother's appointment",
            [
                E("a", "GP", 0, "was_not_brought"),
                E("b", "GP", 5, "was_not_brought", person="Mother"),
            ],
            "",
            [],
        ),
        (
            "one before the period",
            [E("a", "GP", -10, "was_not_brought"), E("b", "GP", 10, "was_not_brought")],
            "",
            [],
        ),
        (
            "unknown date",
            [
                E("a", "GP", None, "was_not_brought"),
                E("b", "GP", 10, "was_not_brought"),
            ],
            "",
            [],
        ),
        (
            "a month surely within 90 days",
            [
                E("a", "GP", 59, "was_not_brought", end=89, precision="month"),
                E("b", "GP", 120, "was_not_brought"),
            ],
            "",
            [["a", "b"]],
        ),
        (
            "a month that may be more than 90 days",
            [
                E("a", "GP", 59, "was_not_brought", end=89, precision="month"),
                E("b", "GP", 151, "was_not_brought"),
            ],
            "",
            [],
        ),
        (
            "switched off",
            [E("a", "GP", 0, "was_not_brought"), E("b", "GP", 1, "was_not_brought")],
            "[flags.repeated_was_not_brought]\nenabled = false\n",
            [],
        ),
    ],
    "da_no_referral": [
        ("no referral", [E("a", "Police", 10, "domestic_abuse")], "", [["a"]]),
        (
            "referral on day 7",
            [
                E("a", "Police", 10, "domestic_abuse"),
                E("b", "Police", 17, "referral_csc"),
            ],
            "",
            [],
        ),
        (
            "referral on day 8",
            [
                E("a", "Police", 10, "domestic_abuse"),
                E("b", "Police", 18, "referral_csc"),
            ],
            "",
            [["a"]],
        ),
        (
            "referral the day before",
            [E("a", "Police", 10, "domestic_abuse"), E("b", "GP", 9, "referral_csc")],
            "",
            [["a"]],
        ),
        (
            "MARAC by another agency",
            [
                E("a", "Police", 10, "domestic_abuse"),
                E("b", "Health Visiting", 12, "marac"),
            ],
            "",
            [],
        ),
        (
            "referral in the entry itself",
            [E("a", "Police", 10, "domestic_abuse", secondary_types="referral_csc")],
            "",
            [],
        ),
        (
            "one incident known to two agencies",
            [
                E("a", "Police", 10, "domestic_abuse", event_group="g"),
                E("b", "School", 11, "domestic_abuse", event_group="g"),
            ],
            "",
            [["a", "b"]],
        ),
        (
            "referral after the period's end still answers",
            [
                E("a", "Police", 730, "domestic_abuse"),
                E("b", "Police", 732, "referral_csc"),
            ],
            "",
            [],
        ),
        (
            "days from the review file",
            [
                E("a", "Police", 10, "domestic_abuse"),
                E("b", "Police", 18, "referral_csc"),
            ],
            "[flags.da_no_referral]\ndays = 10\n",
            [],
        ),
    ],
    "referral_not_received": [
        (
            "nothing from social care",
            [E("a", "School", 10, "referral_csc"), E("b", CSC, 18, "assessment")],
            "",
            [["a"]],
        ),
        (
            "social care on day 7",
            [E("a", "School", 10, "referral_csc"), E("b", CSC, 17, "assessment")],
            "",
            [],
        ),
        (
            "social care in the same group",
            [
                E("a", "School", 10, "referral_csc", event_group="g"),
                E("b", CSC, 9, "referral_csc", event_group="g"),
            ],
            "",
            [],
        ),
        (
            "social care's own referral record",
            [E("a", CSC, 10, "referral_csc")],
            "",
            [],
        ),
        (
            "no social care chronology",
            [E("a", "School", 10, "referral_csc"), E("b", "GP", 30, "other")],
            "",
            [],
        ),
    ],
    "single_agency_knowledge": [
        (
            "alone",
            [E("a", "Hospital", 100, "ed_attendance"), E("b", "GP", 115, "other")],
            "",
            [["a"]],
        ),
        (
            "another agency on day 14",
            [E("a", "Hospital", 100, "ed_attendance"), E("b", "GP", 114, "other")],
            "",
            [],
        ),
        (
            "another agency 14 days before",
            [E("a", "Police", 100, "domestic_abuse"), E("b", "School", 86, "other")],
            "",
            [],
        ),
        (
            "same agency nearby",
            [E("a", "Hospital", 100, "injury"), E("b", "Hospital", 101, "outpatient")],
            "",
            [["a"]],
        ),
        (
            "recorded by two agencies",
            [
                E("a", "Hospital", 100, "ed_attendance", event_group="g"),
                E("b", "GP", 130, "gp_consultation", event_group="g"),
            ],
            "",
            [],
        ),
        ("not one of its types", [E("a", "Hospital", 100, "outpatient")], "", []),
    ],
    "non_mobile_bruising": [
        (
            "a bruise at five months",
            [E("a", "Health Visiting", 140, "injury")],
            "",
            [["a"]],
        ),
        ("at six months", [E("a", "Health Visiting", 151, "injury")], "", []),
        (
            "noticed at a routine contact",
            [
                E(
                    "a",
                    "Health Visiting",
                    60,
                    "health_contact",
                    secondary_types="injury",
                    description="HV visit. Small bruise seen on baby's cheek.",
                )
            ],
            "",
            [["a"]],
        ),
        (
            "a secondary injury that does not name the child",
            [E("a", "Health Visiting", 60, "health_contact", secondary_types="injury")],
            "",
            [],
        ),
        (
            "the mother's injury in the text",
            [
                E(
                    "a",
                    "Hospital",
                    60,
                    "ed_attendance",
                    secondary_types="injury",
                    description="Mother attended ED with a swollen wrist.",
                )
            ],
            "",
            [],
        ),
        (
            "visit, referral and medical in one week are one flag",
            [
                E("a", "Health Visiting", 60, "injury"),
                E(
                    "b",
                    "Health Visiting",
                    60,
                    "referral_csc",
                    secondary_types="injury",
                    description="Referral to MASH re bruise to Child A.",
                ),
                E("c", "Hospital", 66, "injury"),
                E("d", "Hospital", 80, "injury"),
            ],
            "",
            [["a", "b", "c"], ["d"]],
        ),
        (
            "the mother's injury",
            [E("a", "Hospital", 60, "injury", person="Mother")],
            "",
            [],
        ),
        (
            "the child named",
            [E("a", "Hospital", 60, "injury", person="Child A and Mother")],
            "",
            [["a"]],
        ),
        (
            "months from the review file",
            [E("a", "Health Visiting", 200, "injury")],
            "[flags.non_mobile_bruising]\nmax_age_months = 9\n",
            [["a"]],
        ),
    ],
    "strategy_without_police_or_health": [
        (
            "police and health there",
            [
                E("a", CSC, 50, "strategy_discussion"),
                E("b", "Police", 51, "other"),
                E("c", "GP", 48, "other"),
            ],
            "",
            [],
        ),
        (
            "no police",
            [
                E("a", CSC, 50, "strategy_discussion"),
                E("b", "Police", 53, "other"),
                E("c", "GP", 50, "other"),
            ],
            "",
            [["a"]],
        ),
        (
            "recorded by police and health",
            [
                E("a", CSC, 50, "strategy_discussion", event_group="g"),
                E("b", "Police", 50, "strategy_discussion", event_group="g"),
                E("c", "Hospital", 50, "strategy_discussion", event_group="g"),
            ],
            "",
            [],
        ),
    ],
    "repeated_no_access": [
        (
            "30 days apart",
            [E("a", "Health Visiting", 10, "no_access"), E("b", CSC, 40, "no_access")],
            "",
            [["a", "b"]],
        ),
        (
            "31 days apart",
            [E("a", "Health Visiting", 10, "no_access"), E("b", CSC, 41, "no_access")],
            "",
            [],
        ),
    ],
    "rereferral_after_closure": [
        (
            "90 days after",
            [E("a", CSC, 10, "case_closure"), E("b", "Police", 100, "referral_csc")],
            "",
            [["a", "b"]],
        ),
        (
            "91 days after",
            [E("a", CSC, 10, "case_closure"), E("b", "Police", 101, "referral_csc")],
            "",
            [],
        ),
        (
            "the same day",
            [E("a", CSC, 10, "case_closure"), E("b", CSC, 10, "referral_csc")],
            "",
            [],
        ),
        (
            "referral before closure",
            [E("a", CSC, 10, "case_closure"), E("b", "Police", 5, "referral_csc")],
            "",
            [],
        ),
        (
            "another agency's closure",
            [E("a", "GP", 10, "case_closure"), E("b", "Police", 20, "referral_csc")],
            "",
            [],
        ),
        (
            "two referrals after one closure",
            [
                E("a", CSC, 10, "case_closure"),
                E("b", "Police", 20, "referral_csc"),
                E("c", "School", 40, "referral_csc"),
            ],
            "",
            [["a", "b", "c"]],
        ),
    ],
    "repeated_da_no_marac": [
        (
            "three in a year",
            [
                E("a", "Police", 0, "domestic_abuse"),
                E("b", "Police", 100, "domestic_abuse"),
                E("c", "Police", 365, "domestic_abuse"),
            ],
            "",
            [["a", "b", "c"]],
        ),
        (
            "three in a year and a day",
            [
                E("a", "Police", 0, "domestic_abuse"),
                E("b", "Police", 100, "domestic_abuse"),
                E("c", "Police", 366, "domestic_abuse"),
            ],
            "",
            [],
        ),
        (
            "MARAC after the second",
            [
                E("a", "Police", 0, "domestic_abuse"),
                E("b", "Police", 100, "domestic_abuse"),
                E("m", "Police", 120, "marac"),
                E("c", "Police", 200, "domestic_abuse"),
            ],
            "",
            [],
        ),
        (
            "MARAC soon after the third",
            [
                E("a", "Police", 0, "domestic_abuse"),
                E("b", "Police", 100, "domestic_abuse"),
                E("c", "Police", 200, "domestic_abuse"),
                E("m", "Police", 228, "marac"),
            ],
            "",
            [],
        ),
        (
            "MARAC too late",
            [
                E("a", "Police", 0, "domestic_abuse"),
                E("b", "Police", 100, "domestic_abuse"),
                E("c", "Police", 200, "domestic_abuse"),
                E("m", "Police", 229, "marac"),
            ],
            "",
            [["a", "b", "c"]],
        ),
        (
            "one incident, three agencies",
            [
                E("a", "Police", 10, "domestic_abuse", event_group="g"),
                E("b", "School", 11, "domestic_abuse", event_group="g"),
                E("c", "GP", 12, "domestic_abuse", event_group="g"),
            ],
            "",
            [],
        ),
    ],
    "adult_not_known_to_health_or_care": [
        (
            "named by the police, never by health visiting",
            [
                E("a", "Police", 10, "police_incident", description="Jane Smith held"),
                E("h", "Health Visiting", 20, "home_visit", description="Baby fed"),
            ],
            "",
            [["a"]],
        ),
        (
            "named by health visiting too",
            [
                E("a", "Police", 10, "police_incident", description="Jane Smith held"),
                E("h", "Health Visiting", 20, "home_visit", description="Mother seen"),
            ],
            "",
            [],
        ),
        (
            "no service that sees the child at home in the review",
            [E("a", "Police", 10, "police_incident", description="Jane Smith held")],
            "",
            [],
        ),
        (
            "named by role only",
            [
                E(
                    "a",
                    "Police",
                    10,
                    "domestic_abuse",
                    description="Mum's partner held",
                ),
                E("h", "Health Visiting", 5, "home_visit", description="Mother seen"),
            ],
            "",
            [["a"]],
        ),
        (
            "switched off",
            [
                E("a", "Police", 10, "police_incident", description="Jane Smith held"),
                E("h", "Health Visiting", 20, "home_visit", description="Baby fed"),
            ],
            "[flags.adult_not_known_to_health_or_care]\nenabled = false\n",
            [],
        ),
    ],
}
TABLE = [
    pytest.param(rule, rows, extra, expected, id=f"{rule}: {case}")
    for rule, cases in CASES.items()
    for case, rows, extra, expected in cases
]


@pytest.mark.parametrize(("rule", "rows", "extra", "expected"), TABLE)
def test_rule(rule: str, rows: list[dict], extra: str, expected: list[list[str]]):
    flags = find_flags(frame(*rows), review(extra))
    mine = flags[flags["flag"] == rule]
    assert [sorted(ids.split(";")) for ids in mine["entry_ids"]] == expected


def test_every_rule_is_tested_and_has_defaults():
    assert set(CASES) == set(RULES) == set(FLAG_DEFAULTS)
    for rule, cases in CASES.items():
        outcomes = {bool(expected) for *_, expected in cases}
        assert outcomes == {True, False}, f"{rule} needs a case that fires and one not"


def test_non_mobile_bruising_needs_a_date_of_birth():
    rows = frame(E("a", "Health Visiting", 60, "injury"))
    text = review().model_dump(mode="json")
    text["people"] = []
    settings = type(review())(**text)
    assert "non_mobile_bruising" not in set(find_flags(rows, settings)["flag"])
    assert "non_mobile_bruising" in set(find_flags(rows, review())["flag"])


def test_strategy_names_only_the_missing_agencies():
    rows = frame(
        E("a", CSC, 50, "strategy_discussion"),
        E("b", "Police", 50, "other"),
    )
    flags = find_flags(rows, review())
    summary = flags.loc[flags["flag"] == "strategy_without_police_or_health", "summary"]
    assert summary.str.contains("a health agency").all()
    assert not summary.str.contains("the police").any()


def test_columns_summary_and_order():
    rows = frame(
        E("w1", "GP", 30, "was_not_brought"),
        E("w2", "Health Visiting", 60, "was_not_brought"),
        E("d", "Police", 45, "domestic_abuse"),
    )
    flags = find_flags(rows, review())
    assert list(flags.columns[: len(FLAG_COLUMNS)]) == list(FLAG_COLUMNS)
    assert {"rule_label", "agencies"} <= set(flags.columns)
    # A repeated pattern is dated when it could first be seen: the second entry.
    assert list(flags["flag"]) == [
        "da_no_referral",
        "single_agency_knowledge",
        "repeated_was_not_brought",
    ]
    assert list(flags["date"]) == [day(45), day(45), day(60)]
    wnb = flags.set_index("flag").loc["repeated_was_not_brought"]
    assert "GP 31/01/2019" in wnb["summary"]
    assert "Health Visiting 02/03/2019" in wnb["summary"]
    assert wnb["agencies"] == "GP;Health Visiting"
    assert wnb["summary"].startswith("Two appointments")


def test_same_output_whatever_the_row_order():
    rows = frame(
        E("a", "GP", 0, "was_not_brought"),
        E("b", "GP", 40, "was_not_brought"),
        E("c", "Police", 41, "domestic_abuse", event_group="g"),
        E("d", "School", 41, "domestic_abuse", event_group="g"),
        E("e", CSC, 200, "strategy_discussion"),
        E("f", "Hospital", 300, "injury"),
    )
    first = find_flags(rows, review())
    shuffled = rows.sample(frac=1, random_state=3).set_index(pd.Index(range(10, 16)))
    pd.testing.assert_frame_equal(first, find_flags(shuffled, review()))
    assert len(first) >= 4


def test_flags_by_entry():
    flags = pd.DataFrame(
        {
            "flag": ["single_agency_knowledge", "da_no_referral", "x"],
            "date": ["2019-01-01"] * 3,
            "entry_ids": ["E1", "E1;E2", "E3"],
            "summary": [""] * 3,
        }
    )
    assert flags_by_entry(flags) == {
        "E1": "da_no_referral;single_agency_knowledge",
        "E2": "da_no_referral",
        "E3": "x",
    }


def test_no_entries_or_no_dates_gives_an_empty_frame():
    for rows in (frame(E("a", "GP", None, "was_not_brought")), frame()):
        flags = find_flags(rows, review())
        assert flags.empty
        assert list(flags.columns[:4]) == list(FLAG_COLUMNS)


def test_a_setting_that_is_not_a_number_is_refused_in_plain_words():
    # Refused as the review file is read, before any rule runs.
    with pytest.raises(ReviewFileError, match="flags.da_no_referral.days") as info:
        review('[flags.da_no_referral]\ndays = "a week"\n')
    assert "should be a whole number of days" in str(info.value)
    assert "'a week'" in str(info.value)


def test_rules_table_lists_every_rule_with_its_settings():
    table = rules_table(review("[flags.da_no_referral]\ndays = 10\n"))
    assert list(table["flag"]) == list(RULES)
    row = table.set_index("flag").loc["da_no_referral"]
    assert "10 days" in row["description"]
    assert row["settings"] == "days = 10"
    assert "{" not in "".join(table["description"])


PLANTED = truth_csv("truth_flags.csv")


@pytest.fixture(scope="module")
def sample_flags() -> pd.DataFrame:
    return find_flags(truth_entries(), sample_review())


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(row, id=f"{row['flag']}: {row['case']} ({row['expected']})")
        for row in PLANTED.to_dict("records")
    ],
)
def test_sample_planted_flags_fire_and_near_misses_do_not(sample_flags, case):
    planted = set(position_ids(case["entries"]))
    mine = sample_flags[sample_flags["flag"] == case["flag"]]
    named = [set(ids.split(";")) for ids in mine["entry_ids"]]
    if case["expected"] == "fire":
        hits = [d for d, ids in zip(mine["date"], named, strict=True) if planted <= ids]
        assert hits == [case["date"]]
    else:
        assert not any(planted & ids for ids in named)


def test_sample_contract_rules_fire_nowhere_else(sample_flags):
    """truth_flags.csv lists every firing of the rules it covers."""
    covered = set(PLANTED["flag"])
    expected = PLANTED[PLANTED["expected"] == "fire"]
    mine = sample_flags[sample_flags["flag"].isin(covered)]
    assert sorted(zip(mine["flag"], mine["date"], strict=True)) == sorted(
        zip(expected["flag"], expected["date"], strict=True)
    )


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 100), st.integers(0, 30)), min_size=0, max_size=25
    ),
    window=st.tuples(st.integers(-10, 120), st.integers(0, 40)),
)
def test_interval_counts_agree_with_checking_each_pair(spans, window):
    lo, hi = window[0], window[0] + window[1]
    intervals = Intervals([s for s, _ in spans], [s + w for s, w in spans])
    expected = sum(1 for s, w in spans if s <= hi and s + w >= lo)
    assert int(intervals.count(lo, hi)) == expected


@settings(max_examples=200, deadline=None)
@given(
    days=st.lists(st.integers(0, 400), min_size=0, max_size=15, unique=True),
    count=st.integers(2, 4),
    within=st.integers(1, 120),
)
def test_runs_hold_every_qualifying_window_and_nothing_else(days, count, within):
    starts = np.array(sorted(days), dtype=np.int64)
    runs = runs_within(starts, starts, count, within)
    # Every occurrence that starts a window of `count` within `within` days is
    # in a run; every member of a run is in such a window.
    qualifying = set()
    for i, first in enumerate(starts):
        window = [j for j in range(i, len(starts)) if starts[j] - first <= within]
        if len(window) >= count:
            qualifying |= set(window)
    members = [m for run, _ in runs for m in run]
    assert sorted(members) == sorted(qualifying)
    for run, reached in runs:
        assert run == sorted(run) and reached in run
        assert starts[reached] - starts[run[0]] <= within
