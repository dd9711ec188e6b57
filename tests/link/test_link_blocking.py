"""Candidate pairs come from dates, never from comparing every pair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from link_helpers import entry, frame

from chronomerge.link.blocking import candidate_pairs
from chronomerge.link.comparisons import TextSimilarity
from chronomerge.link.prepared import entry_arrays
from chronomerge.link.text import build_rules
from chronomerge.review import LinkingSettings

SIMILARITY = TextSimilarity("text").similarity


def pairs_of(entries, **settings):
    prep = entry_arrays(entries, build_rules())
    found = candidate_pairs(prep, LinkingSettings(**settings), SIMILARITY)
    return {
        tuple(sorted((prep.ids[a], prep.ids[b])))
        for a, b in zip(found.left, found.right, strict=True)
    }


@pytest.mark.parametrize(
    ("second_date", "tolerance", "paired"),
    [
        ("2019-03-12", 1, True),
        ("2019-03-13", 1, True),
        ("2019-03-11", 1, True),
        ("2019-03-14", 1, False),
        ("2019-03-14", 2, True),
        ("2019-03-13", 0, False),
    ],
)
def test_exact_dates_pair_within_the_tolerance(second_date, tolerance, paired):
    rows = frame(
        entry("Police", "2019-03-12", "domestic_abuse", "DA call-out"),
        entry("Children's Social Care", second_date, "referral_csc", "Police notice"),
    )
    assert bool(pairs_of(rows, day_tolerance=tolerance)) is paired


def test_imprecise_dates_pair_only_when_texts_are_very_close():
    month = {"precision": "month", "start": "2019-03-01", "stop": "2019-03-31"}
    rows = frame(
        entry("Police", "2019-03-12", "domestic_abuse", "Mother assaulted by partner"),
        entry(
            "GP", "March 2019", "domestic_abuse", "Mother assaulted by partner", **month
        ),
        entry(
            "School",
            "March 2019",
            "domestic_abuse",
            "Child said there was shouting at home",
            **month,
        ),
    )
    ids = rows["entry_id"].tolist()
    assert pairs_of(rows) == {tuple(sorted((ids[0], ids[1])))}


@pytest.mark.parametrize(("days", "paired"), [(7, True), (6, False)])
def test_a_week_pairs_with_what_it_overlaps_like_an_exact_date(days, paired):
    rows = frame(
        entry("Police", "2019-03-12", "domestic_abuse", "Mother assaulted by partner"),
        entry(
            "School",
            "w/c 11/03/2019",
            "domestic_abuse",
            "Child said there was shouting at home",
            precision="week",
            start="2019-03-11",
            stop="2019-03-17",
        ),
    )
    assert bool(pairs_of(rows, imprecise_days=days)) is paired


def test_imprecise_dates_must_overlap_not_just_come_near():
    rows = frame(
        entry("Police", "2019-03-31", "domestic_abuse", "Mother assaulted by partner"),
        entry(
            "GP",
            "April 2019",
            "domestic_abuse",
            "Mother assaulted by partner",
            precision="month",
            start="2019-04-01",
            stop="2019-04-30",
        ),
    )
    assert pairs_of(rows) == set()


def test_one_agency_pairs_only_when_two_files_say_the_same_on_one_date():
    rows = frame(
        entry("Police", "2019-03-12", "domestic_abuse", "DA call-out to the home"),
        entry(
            "Police",
            "2019-03-12",
            "domestic_abuse",
            "DA call-out to the home.",
            file="police_ppu.csv",
        ),
        entry("Police", "2019-03-12", "police_incident", "Concern for welfare call"),
        # A repeat within one file is a validation warning, not a link.
        entry("Police", "2019-03-12", "domestic_abuse", "DA call-out to the home"),
        # Near-identical on the next day: two occurrences.
        entry(
            "Police",
            "2019-03-13",
            "domestic_abuse",
            "DA call-out to the home",
            file="police_ppu.csv",
        ),
    )
    ids = rows["entry_id"].tolist()
    assert pairs_of(rows) == {
        tuple(sorted((ids[0], ids[1]))),
        tuple(sorted((ids[3], ids[1]))),
    }


def test_rows_of_one_file_naming_teams_are_one_agency():
    rows = frame(
        entry(
            "CPN",
            "2019-03-12",
            "mental_health",
            "Mother seen, mood low",
            file="amh.docx",
        ),
        entry(
            "Care coordinator",
            "2019-03-12",
            "mental_health",
            "Mother seen, mood low",
            file="amh.docx",
        ),
        entry(
            "Police",
            "2019-03-12",
            "mental_health",
            "Mother seen, mood low",
            file="composite.xlsx",
        ),
        entry(
            "Children's Social Care",
            "2019-03-12",
            "mental_health",
            "Mother seen, mood low",
            file="composite.xlsx",
        ),
    )
    ids = rows["entry_id"].tolist()
    found = pairs_of(rows)
    assert tuple(sorted((ids[0], ids[1]))) not in found
    assert tuple(sorted((ids[2], ids[3]))) in found


def test_undated_and_vague_entries_are_never_candidates():
    rows = frame(
        entry("Police", "2019-03-12", "domestic_abuse", "Mother assaulted"),
        entry(
            "GP",
            "N/K",
            "domestic_abuse",
            "Mother assaulted",
            precision="unknown",
            start="",
            stop="",
        ),
        entry(
            "School",
            "2019",
            "domestic_abuse",
            "Mother assaulted",
            precision="year",
            start="2019-01-01",
            stop="2019-12-31",
        ),
    )
    assert pairs_of(rows) == set()


def test_pairs_grow_with_entries_per_day_not_with_all_pairs():
    days = 200
    rows = frame(
        *(
            entry(
                agency,
                f"2019-{1 + d // 28:02d}-{1 + d % 28:02d}",
                "home_visit",
                f"visit {d}",
            )
            for d in range(days)
            for agency in ("Police", "GP", "School")
        )
    )
    prep = entry_arrays(rows, build_rules())
    found = candidate_pairs(prep, LinkingSettings(), SIMILARITY)
    # Three agencies a day: 3 pairs that day, 9 with each neighbouring day.
    assert len(found) <= days * (3 + 9)
    assert len(found) < len(rows) * (len(rows) - 1) // 2 / 50
    # Exact dates of different agencies need no text gate: none was compared.
    assert np.isnan(found.text).all()


def _mixed_day():
    kinds = [
        (
            "Police",
            "domestic_abuse",
            "DA call-out, Mother assaulted, officers attended",
        ),
        ("Children's Social Care", "referral_csc", "Police notification of DA"),
        ("GP", "gp_consultation", "Mother seen re low mood"),
        ("Health Visiting", "home_visit", "Joint visit with SW, baby weighed"),
        ("Children's Social Care", "home_visit", "Joint visit with HV"),
        ("School", "education_attendance", "Sibling 1 late"),
        ("Hospital", "ed_attendance", "Child A seen in ED with a bruise"),
        ("Police", "police_incident", "Call from hospital re bruise"),
    ]
    rows = []
    for day in ("2019-03-11", "2019-03-12", "2019-03-13"):
        for hour, (agency, kind, text) in enumerate(kinds):
            rows.append(entry(agency, day, kind, text, time=f"{9 + hour:02d}:00"))
    return frame(*rows)


def test_blocking_keys_lose_no_pair_that_could_link():
    import chronomerge.link.linker as linker
    from chronomerge.link import link_entries
    from chronomerge.review import ReviewSettings

    entries = _mixed_day()
    # Weights fixed: estimation learns from the candidate pairs, the keys'.
    fixed = ReviewSettings(linking=LinkingSettings(estimate_weights=False))
    keyed = link_entries(entries, fixed)
    every = linker._keys
    try:
        linker._keys = lambda *args: None
        unkeyed = link_entries(entries, fixed)
    finally:
        linker._keys = every
    # Fewer pairs compared, and the same pairs kept: none that could link
    # was lost, and a pair kept either way scored the same.
    assert keyed.compared < unkeyed.compared
    assert keyed.event_group.equals(unkeyed.event_group)
    pd.testing.assert_frame_equal(keyed.pairs, unkeyed.pairs)
    assert (unkeyed.pairs["score"] >= 0.5).any()


@pytest.mark.parametrize(
    ("spec", "keyed"),
    [
        ({}, True),
        ({"name": "event_type", "different": 0.0}, False),
        # Best case without keys: -4 + 0 - 4 + 3 + 4 = -1 bits, below the cut;
        # one more comparison worth a bit or more makes keys unsafe.
        ({"name": "extra", "type": "text", "scorer": "ratio"}, False),
        (
            {
                "name": "extra",
                "type": "text",
                "scorer": "ratio",
                "levels": [90],
                "weights": [0.5, 0.0],
            },
            True,
        ),
    ],
)
def test_keys_are_used_only_when_the_weights_make_them_safe(spec, keyed):
    from chronomerge.link.comparisons import build_comparisons, type_rules
    from chronomerge.link.linker import _keys

    settings = LinkingSettings(comparisons=[spec] if spec else [])
    prep = entry_arrays(_mixed_day(), build_rules())
    found = _keys(build_comparisons(settings), -4.0, 0.5, type_rules(), prep)
    assert (found is not None) is keyed
