"""The held-out corpus 3 generator (bench/corpus3/): deterministic, and every
truth row names exactly one entry of a real merge. No accuracy is asserted
here: corpus 3 is for reporting figures, never for tuning to them."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import chronomerge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus3.generate import generate  # noqa: E402

KEY = ["source_file", "source_location", "source_row"]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = _files(generate(5, tmp_path / "a", entries=150))
    second = _files(generate(5, tmp_path / "b", entries=150))
    assert first.keys() == second.keys()
    assert len(first) >= 10  # the agency files, review.toml and truth.csv
    for name in first:
        assert first[name] == second[name], name
    other = _files(generate(6, tmp_path / "c", entries=150))
    assert other["truth.csv"] != first["truth.csv"]


@pytest.mark.parametrize("seed", [3, 4])
def test_every_truth_row_is_one_entry(tmp_path: Path, seed: int) -> None:
    folder = generate(seed, tmp_path / "review", entries=200)
    chron = chronomerge.merge(folder, folder / "review.toml")
    entries = chron.entries[KEY].copy()
    entries["source_location"] = entries["source_location"].fillna("").astype(str)
    entries["source_row"] = entries["source_row"].astype(int).astype(str)
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    assert len(truth) >= 200
    assert not truth.duplicated(KEY).any()
    counts = entries.value_counts(KEY)
    per_truth_row = [counts.get(tuple(k), 0) for k in truth[KEY].to_numpy()]
    unmatched = [
        tuple(k)
        for k, n in zip(truth[KEY].to_numpy(), per_truth_row, strict=True)
        if n != 1
    ]
    assert unmatched == []
    agency_files = {p.name for p in folder.iterdir()} - {"review.toml", "truth.csv"}
    assert set(truth["source_file"]) == agency_files
