"""Gaps and child-not-seen periods on entries built here."""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from analyse_helpers import (
    day,
    entry,
    frame,
    review,
    sample_review,
    truth_csv,
    truth_entries,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from chronomerge.analyse.gaps import (
    NOT_SEEN_COLUMNS,
    child_not_seen,
    find_gaps,
    seen_evidence,
    seen_value,
)
from chronomerge.model import GAP_COLUMNS

E = entry
CSC = "Children's Social Care"


def gaps_of(rows, settings, scope: str = "all") -> list[tuple[str, str, int]]:
    found = find_gaps(frame(*rows), settings)
    found = found[found["scope"] == scope]
    return [
        (s, e, int(d))
        for s, e, d in zip(found.start, found.end, found.days, strict=True)
    ]


@pytest.mark.parametrize(
    ("rows", "settings", "expected"),
    [
        pytest.param(
            [E("a", "GP", 10, "other"), E("b", "Police", 39, "other")],
            review(),
            [(day(10), day(39), 29)],
            id="29 days is a gap",
        ),
        pytest.param(
            [E("a", "GP", 10, "other"), E("b", "Police", 38, "other")],
            review(),
            [],
            id="28 days is not",
        ),
        pytest.param(
            [E("a", "GP", 10, "other"), E("b", "Police", 38, "other")],
            review("[thresholds]\ngap_days = 27\n"),
            [(day(10), day(38), 28)],
            id="threshold from the review file",
        ),
        pytest.param(
            [
                E("a", "GP", 10, "other", end=16, precision="week"),
                E("b", "Police", 50, "other", end=56, precision="week"),
            ],
            review(),
            [(day(16), day(50), 34)],
            id="a week entry covers its week",
        ),
        pytest.param(
            [
                E("a", "GP", 10, "other", end=16, precision="week"),
                E("b", "GP", 12, "other"),
                E("c", "GP", 45, "other"),
            ],
            review(),
            [(day(16), day(45), 29)],
            id="an earlier entry that lasts longer bounds the gap",
        ),
        pytest.param(
            [
                E("a", "GP", 10, "other"),
                E("m", "GP", 31, "other", end=58, precision="month"),
                E("b", "GP", 70, "other"),
            ],
            review(),
            [(day(10), day(70), 60)],
            id="a month entry does not fill a gap",
        ),
        pytest.param(
            [
                E("a", "GP", 10, "other"),
                E("u", "GP", None, "other"),
                E("b", "GP", 70, "other"),
            ],
            review(),
            [(day(10), day(70), 60)],
            id="unknown dates ignored",
        ),
        pytest.param(
            [
                E("x", "GP", -100, "other"),
                E("a", "GP", 20, "other"),
                E("b", "GP", 40, "other"),
                E("y", "GP", 900, "other"),
            ],
            review(),
            [],
            id="entries outside the period bound nothing, edges are no gap",
        ),
        pytest.param(
            [E("a", "GP", 40, "other"), E("b", "GP", 100, "other")],
            review(period=("2019-03-01", "2020-12-31")),
            [],
            id="an entry before a later period start is left out",
        ),
    ],
)
def test_gaps_all_agencies(rows, settings, expected):
    assert gaps_of(rows, settings) == expected


def test_gaps_without_a_period_run_from_first_to_last_entry():
    rows = [E("x", "GP", -100, "other"), E("a", "GP", 20, "other")]
    found = gaps_of(rows, review(period=(None, None)))
    assert found == [(day(-100), day(20), 120)]


def test_each_agency_has_its_own_scope_all_first():
    rows = [
        E("p1", "Police", 0, "other"),
        E("g1", "GP", 5, "other"),
        E("p2", "Police", 30, "other"),
        E("g2", "GP", 60, "other"),
        E("c1", CSC, 61, "other"),
        E("c2", CSC, 200, "other"),
    ]
    found = find_gaps(frame(*rows), review())
    assert list(found.columns) == list(GAP_COLUMNS)
    assert found["days"].dtype.kind == "i"
    assert list(zip(found.scope, found.start, found.end, found.days, strict=True)) == [
        ("all", day(30), day(60), 30),
        ("all", day(61), day(200), 139),
        (CSC, day(61), day(200), 139),
        ("GP", day(5), day(60), 55),
        ("Police", day(0), day(30), 30),
    ]


def test_gaps_are_the_same_whatever_the_row_order():
    rows = frame(
        *(E(f"e{i}", ["GP", "Police"][i % 2], i * 17, "other") for i in range(20))
    )
    first = find_gaps(rows, review())
    shuffled = rows.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(first, find_gaps(shuffled, review()))
    assert len(first) > 0


def test_no_dated_entries_gives_an_empty_frame():
    found = find_gaps(frame(E("a", "GP", None, "other")), review())
    assert found.empty and list(found.columns) == list(GAP_COLUMNS)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Yes", True),
        ("y", True),
        ("Seen alone", True),
        ("TRUE", True),
        ("No", False),
        ("N", False),
        ("not seen - asleep", False),
        ("No (at nursery)", False),
        ("N/A", None),
        ("n/k", None),
        ("", None),
        ("with mother", None),
    ],
)
def test_seen_value(cell, expected):
    assert seen_value(cell) is expected


@pytest.mark.parametrize(
    ("event_type", "text", "cell", "expected"),
    [
        ("home_visit", "Home visit. Child A seen in the bedroom.", "", True),
        ("home_visit", "Home visit, baby was seen asleep in cot", "", True),
        ("home_visit", "HV visit, child not seen as at nursery", "", False),
        ("home_visit", "SW did not see the child; mother said asleep", "", False),
        ("home_visit", "Child not seen at first; child seen later", "", None),
        ("home_visit", "Sibling 1 seen alone in bedroom", "", None),
        ("home_visit", "Mother seen at home", "", None),
        ("gp_consultation", "Child A seen by GP with a cough", "", True),
        ("domestic_abuse", "Child A seen by officers", "", None),
        ("home_visit", "Child A not seen", "Yes", True),
    ],
)
def test_seen_evidence(event_type, text, cell, expected):
    rows = frame(E("a", "GP", 10, event_type, description=text, child_seen=cell))
    assert seen_evidence(rows, review()).iloc[0] is expected


def test_seen_text_about_someone_else_does_not_count():
    text = "Home visit, baby seen asleep"
    rows = frame(
        E("a", "GP", 10, "home_visit", description=text, person="Mother"),
        E("b", "GP", 10, "home_visit", description=text, person="Child A"),
    )
    assert seen_evidence(rows, review()).tolist() == [None, True]


def test_child_not_seen_periods():
    rows = [
        E("s1", "Health Visiting", 0, "home_visit", child_seen="Yes"),
        E("n1", "Health Visiting", 20, "home_visit", child_seen="No"),
        E("x", "Police", 25, "police_incident"),
        E("n2", "Health Visiting", 40, "no_access", child_seen="not seen"),
        E("s2", CSC, 50, "home_visit", description="Child A seen and spoken to"),
        E("s3", "Health Visiting", 70, "home_visit", child_seen="Y"),
        E("s4", "Health Visiting", 80, "home_visit", child_seen="Y"),
        E("u", "Health Visiting", None, "home_visit", child_seen="Y"),
    ]
    found = child_not_seen(frame(*rows), review())
    assert list(found.columns) == list(NOT_SEEN_COLUMNS)
    as_tuples = list(
        zip(
            found.scope,
            found.start,
            found.end,
            found.days,
            found.last_seen_entry,
            found.not_seen_entries,
            strict=True,
        )
    )
    assert as_tuples == [
        ("all", day(0), day(50), 50, "s1", "n1;n2"),
        ("Health Visiting", day(0), day(70), 70, "s1", "n1;n2"),
    ]


def test_child_not_seen_is_empty_when_nothing_records_it():
    rows = frame(E("a", "GP", 0, "other"), E("b", "GP", 100, "other"))
    found = child_not_seen(rows, review())
    assert found.empty and list(found.columns) == list(NOT_SEEN_COLUMNS)


def test_child_not_seen_uses_the_gap_threshold():
    rows = [
        E("s1", "Health Visiting", 0, "home_visit", child_seen="Yes"),
        E("s2", "Health Visiting", 40, "home_visit", child_seen="Yes"),
    ]
    assert len(child_not_seen(frame(*rows), review())) == 2
    settings = review("[thresholds]\ngap_days = 40\n")
    assert child_not_seen(frame(*rows), settings).empty


def test_gaps_match_the_sample_truth():
    found = find_gaps(truth_entries(), sample_review())
    truth = truth_csv("truth_gaps.csv").astype({"days": "int64"})
    as_rows = sorted(found.itertuples(index=False, name=None))
    assert as_rows == sorted(truth.itertuples(index=False, name=None))
    planted = truth[(truth["scope"] == "all") & (truth["days"] >= 60)]
    assert len(planted) >= 3
    # Sorted as the contract says: "all" first, then agency name, then start.
    scopes = list(found["scope"])
    assert scopes[: len(planted)] == ["all"] * len(planted)
    rest = found.iloc[len(planted) :]
    assert list(rest.itertuples(index=False)) == sorted(rest.itertuples(index=False))


def test_child_not_seen_scopes_only_agencies_that_visit():
    seen = "Child A seen with Mother"
    rows = [
        E("g1", "GP", 0, "gp_consultation", description=seen),
        E("s1", CSC, 5, "home_visit", description="Child A seen asleep"),
        E("na", CSC, 20, "no_access"),
        E("g2", "GP", 60, "gp_consultation", description=seen),
        E("s2", CSC, 70, "home_visit", description="Child A seen in cot"),
    ]
    found = child_not_seen(frame(*rows), review())
    assert list(
        zip(found.scope, found.start, found.end, found.not_seen_entries, strict=True)
    ) == [
        ("all", day(5), day(60), "na"),
        (CSC, day(5), day(70), "na"),
    ]


def _gaps_by_coverage(spans: list[tuple[int, int]], threshold: int) -> list[tuple]:
    """The same gaps found another way: mark every covered day, then measure
    each uncovered stretch between two covered days."""
    covered = sorted({d for start, end in spans for d in range(start, end + 1)})
    return [
        (day(a), day(b), b - a)
        for a, b in zip(covered, covered[1:], strict=False)
        if b - a > threshold
    ]


@functools.cache
def _review_with_threshold(threshold: int):
    return review(f"[thresholds]\ngap_days = {threshold}\n")


@settings(max_examples=60, deadline=None)
@given(
    spans=st.lists(
        st.tuples(
            st.integers(0, 400), st.sampled_from([0, 0, 0, 6]), st.sampled_from("PG")
        ),
        min_size=1,
        max_size=30,
    ),
    threshold=st.integers(1, 60),
)
def test_gaps_agree_with_a_day_by_day_count(spans, threshold):
    agencies = {"P": "Police", "G": "GP"}
    rows = frame(
        *(
            E(
                f"e{i}",
                agencies[a],
                s,
                "other",
                end=s + w,
                precision="week" if w else "day",
            )
            for i, (s, w, a) in enumerate(spans)
        )
    )
    found = find_gaps(rows, _review_with_threshold(threshold))
    for scope, keep in (("all", "PG"), ("Police", "P"), ("GP", "G")):
        mine = found[found["scope"] == scope]
        chosen = [(s, s + w) for s, w, a in spans if a in keep]
        assert list(zip(mine.start, mine.end, mine.days, strict=True)) == (
            _gaps_by_coverage(chosen, threshold)
        )
