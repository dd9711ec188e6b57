"""Every sample file reads with every row accounted for against truth.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import hashes

from chronomerge.ingest import read_inputs
from chronomerge.review import read_review

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"
KEY = ["source_file", "source_location", "source_row"]

pytestmark = pytest.mark.skipif(
    not (SAMPLE / "truth.csv").is_file(), reason="sample_data/child_a not generated"
)


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    frame["source_row"] = frame["source_row"].astype(int)
    return frame


@pytest.fixture(scope="module")
def result():
    before = hashes(SAMPLE)
    found = read_inputs(SAMPLE, read_review(SAMPLE / "review.toml"))
    assert hashes(SAMPLE) == before, "reading changed an input file"
    return found


def test_every_truth_row_read_once_at_its_position(result, truth):
    entries = result.entries
    assert not entries.duplicated(KEY).any()
    got = sorted(entries[KEY].itertuples(index=False, name=None))
    want = sorted(truth[KEY].itertuples(index=False, name=None))
    assert got == want


def test_rows_per_file_match_and_every_agency_file_is_read(result, truth):
    status = {f.name: (f.status, f.rows) for f in result.files}
    for name, rows in truth.groupby("source_file").size().items():
        assert status[name] == ("read", rows), name
    assert {n for n, (s, _r) in status.items() if s != "read"} == {
        "review.toml",
        "truth.csv",
        "truth_episodes.csv",
        "truth_sharing.csv",
        "truth_flags.csv",
        "truth_gaps.csv",
        "truth_people.csv",
    }


def test_text_date_and_agency_as_the_truth_says(result, truth):
    merged = truth.merge(result.entries, on=KEY, suffixes=("_truth", ""))
    assert len(merged) == len(truth)
    for column_truth, column in [
        ("description_truth", "description"),
        ("date_text", "date"),
        ("agency_truth", "agency"),
    ]:
        wrong = merged[merged[column_truth] != merged[column]]
        assert wrong.empty, wrong[[*KEY, column_truth, column]].head().to_string()
    assert set(merged.agency_basis) == {"review"}


def test_entries_keep_file_order(result, truth):
    for name, rows in truth.groupby("source_file", sort=False):
        mine = result.entries[result.entries.source_file == name]
        ordered = mine.sort_values("source_order")[KEY[1:]]
        assert list(ordered.itertuples(index=False, name=None)) == list(
            rows[KEY[1:]].itertuples(index=False, name=None)
        )
        assert list(mine.source_order) == list(range(len(mine)))


def test_without_a_review_file_agencies_come_from_titles_and_names():
    review = read_review(SAMPLE / "review.toml")
    kinds = {}
    for agency in review.agencies:
        for pattern in agency.files:
            kinds[pattern.split("*")[0]] = agency.kind
    entries = read_inputs(SAMPLE).entries
    for name, group in entries.groupby("source_file"):
        expected = next(k for prefix, k in kinds.items() if name.startswith(prefix))
        basis = set(group.agency_basis)
        if basis == {"default"}:
            assert set(group.agency) == {Path(name).stem}
        else:
            assert set(group.agency_kind) == {expected}, name
    assert (entries.agency_basis == "default").sum() < len(entries) / 5
