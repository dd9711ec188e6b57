"""Weights estimated from each review's own entries: deterministic, bounded,
reported in LinkResult and in the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import chronomerge as cm
from chronomerge.link import link_entries
from chronomerge.link.estimate import WEIGHT_COLUMNS, settings
from chronomerge.model import make_entry_id
from chronomerge.review import LinkingSettings, ReviewSettings, read_review

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, ReviewSettings]:
    """The sample review's entries as truth.csv dates and types them."""
    review = read_review(SAMPLE / "review.toml")
    entries = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    entries["entry_id"] = [
        make_entry_id(f, loc, int(r))
        for f, loc, r in zip(
            entries.source_file,
            entries.source_location,
            entries.source_row,
            strict=True,
        )
    ]
    kinds = {a.name: a.kind for a in review.agencies}
    entries["agency_kind"] = entries["agency"].map(kinds).fillna("")
    return entries, review


@pytest.fixture(scope="module")
def linked(sample):
    return link_entries(*sample)


def test_weights_are_the_same_run_after_run_and_in_any_row_order(sample, linked):
    entries, review = sample
    again = link_entries(entries, review)
    pd.testing.assert_frame_equal(linked.weights, again.weights, check_exact=True)
    pd.testing.assert_frame_equal(linked.groups, again.groups, check_exact=True)
    assert linked.estimation == again.estimation

    shuffled = entries.sample(frac=1.0, random_state=7)
    other = link_entries(shuffled, review)
    pd.testing.assert_frame_equal(linked.weights, other.weights, check_exact=True)
    pd.testing.assert_frame_equal(linked.groups, other.groups, check_exact=True)
    by_id = dict(zip(entries.entry_id, linked.event_group, strict=True))
    assert dict(zip(shuffled.entry_id, other.event_group, strict=True)) == by_id


def test_weights_are_estimated_and_stay_near_the_defaults(linked):
    w = linked.weights
    assert list(w.columns) == list(WEIGHT_COLUMNS)
    assert linked.estimation["estimated"] is True
    assert linked.estimation["random_pairs"] >= settings()["min_pairs"]
    moved = (w["weight"] - w["default_weight"]).abs()
    assert moved.max() <= settings()["max_change"] + 1e-9
    assert (moved[w["estimated"]] > 0).any()
    # Levels not estimated (the dates, unknown times) keep their defaults.
    fixed = w[~w["estimated"]]
    assert (fixed["weight"] == fixed["default_weight"]).all()
    assert set(w.loc[w["comparison"] == "date", "estimated"]) == {False}
    # m and u are shares of the levels of each estimated comparison.
    for _name, part in w[w["comparison"] != "date"].groupby("comparison"):
        assert part["m"].sum() == pytest.approx(1.0, abs=1e-4)
        assert part["u"].sum() == pytest.approx(1.0, abs=1e-4)
    # The weights in force are the comparisons' settings.
    text = next(c for c in linked.comparisons if c["name"] == "text")
    in_force = w[(w["comparison"] == "text") & w["estimated"]]["weight"].tolist()
    assert text["weights"] == in_force


def test_meetings_typed_differently_raise_the_weight_of_related_meetings(sample):
    entries, review = sample
    entries = entries.copy()
    meetings = ["core_group", "cin_meeting", "cp_conference", "strategy_discussion"]
    hv = entries["agency"].str.contains("Health Visiting")
    entries.loc[hv & entries["event_type"].isin(meetings), "event_type"] = (
        "professionals_meeting"
    )
    w = link_entries(entries, review).weights.set_index(["comparison", "level"])
    row = w.loc[("event_type", "related_meeting")]
    assert row["matched_pairs"] > 10
    assert row["weight"] > row["default_weight"]


def test_a_small_review_keeps_the_default_weights(sample):
    entries, review = sample
    small = link_entries(entries.head(60), review)
    assert small.estimation["estimated"] is False
    assert "too few" in small.estimation["note"]
    assert (small.weights["weight"] == small.weights["default_weight"]).all()


def test_estimation_can_be_turned_off(sample):
    entries, review = sample
    off = review.model_copy(
        update={
            "linking": review.linking.model_copy(update={"estimate_weights": False})
        }
    )
    fixed = link_entries(entries, off)
    assert fixed.estimation["estimated"] is False
    assert "turned off" in fixed.estimation["note"]
    assert (fixed.weights["weight"] == fixed.weights["default_weight"]).all()
    plain = link_entries(entries, ReviewSettings(linking=LinkingSettings()))
    assert plain.estimation["estimated"] is True


def test_manifest_of_a_merge_names_the_weights_in_plain_words():
    merged = cm.merge([SAMPLE])
    weights = merged.manifest["linking_weights"]
    json.dumps(weights)  # it goes into manifest.json
    assert weights["estimated"] is True
    assert weights["note"].startswith("Weights estimated from this review")
    levels = {(r["comparison"], r["level"]): r for r in weights["levels"]}
    assert (
        levels[("date", "same_day")]["in_words"]
        == "date same day: +0.00 bits (default)"
    )
    changed = [r for r in weights["levels"] if r["weight"] != r["default_weight"]]
    assert changed and all(
        "estimated from this review" in r["in_words"] for r in changed
    )


def test_merge_summary_says_how_the_weights_were_set(tmp_path):
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "chronomerge", "merge", str(SAMPLE)]
        + ["--out", str(tmp_path), "--outputs", "csv"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "Linking weights estimated from this review:" in said
    assert "levels moved" in said and "each in manifest.json" in said
    written = json.loads((tmp_path / "manifest.json").read_text())
    assert written["linking_weights"]["levels"]
