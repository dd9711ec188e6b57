"""The held-out corpus 3 generator (bench/corpus3/): deterministic, and every
truth row names exactly one entry of a real merge. No accuracy is asserted
here: corpus 3 is for reporting figures, never for tuning to them."""

from __future__ import annotations

import re
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


def _data_rows(path: Path, headings: list[str]) -> set[tuple[str, str, str]]:
    """The non-blank rows under each table's heading row, read straight from
    the file (not by chronomerge), keyed as chronomerge reports them."""
    import csv

    from docx import Document
    from openpyxl import load_workbook

    out: set[tuple[str, str, str]] = set()
    if path.suffix == ".xlsx":
        wb = load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            below = False
            for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else str(v).strip() for v in row]
                if cells[: len(headings)] == headings:
                    below = True
                elif below and any(cells):
                    out.add((path.name, ws.title, str(r)))
    elif path.suffix == ".docx":
        for t, table in enumerate(Document(str(path)).tables, start=1):
            assert [c.text for c in table.rows[0].cells] == headings
            for i, _row in enumerate(table.rows[1:], start=2):
                out.add((path.name, f"table {t}", str(i)))
    else:
        text = path.read_bytes().decode(
            "cp1252" if "Elmgate" in path.name else "utf-8-sig"
        )
        records = list(csv.reader(text.splitlines(keepends=True)))
        start = next(i for i, r in enumerate(records) if r == headings)
        for n, record in enumerate(records[start + 1 :], start=start + 2):
            if any(c.strip() for c in record):
                out.add((path.name, "", str(n)))
    return out


def test_every_non_blank_row_has_a_truth_row(tmp_path: Path) -> None:
    from bench.corpus3.generate import AGENCIES

    folder = generate(33, tmp_path / "review", entries=300)
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    keys = set(map(tuple, truth[KEY].to_numpy()))
    rows: set[tuple[str, str, str]] = set()
    for spec in AGENCIES.values():
        if (folder / spec["file"]).exists():
            headings = [h for h, _ in spec["columns"]]
            rows |= _data_rows(folder / spec["file"], headings)
    assert rows == keys


def test_truth_codes_and_shared_occurrences(tmp_path: Path) -> None:
    contract = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    taxonomy = contract.split("## Event taxonomy", 1)[1]
    codes = set(re.findall(r"^\| `([a-z_0-9]+)` \|", taxonomy, flags=re.M))
    folder = generate(34, tmp_path / "review", entries=400)
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    assert set(truth["event_type"]) <= codes
    assert len(set(truth["event_type"])) >= 25  # a review's range, not a few
    per_event = truth.groupby("true_event_id")["agency"]
    # one account per agency of each occurrence, and shared says how many
    assert (per_event.nunique() == per_event.size()).all()
    assert (
        truth["shared"].astype(int)
        == truth.groupby("true_event_id")["agency"].transform("size")
    ).all()
    assert (per_event.size() >= 2).sum() >= 20
    # some accounts of one occurrence are dated a day or two after it
    assert (truth["planted"].str.contains("day_out")).any()
