"""The held-out corpus 2 generator (bench/corpus2/): deterministic, and every
truth row names exactly one entry of a real merge. No accuracy is asserted
here: corpus 2 is for reporting figures, never for tuning to them."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import chronomerge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus2.generate import AGENCIES, generate  # noqa: E402

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
    agency_files = {
        p.name for p in folder.iterdir() if not p.name.startswith("truth")
    } - {"review.toml"}
    assert set(truth["source_file"]) == agency_files


# sha256 of seed 11's agency files and review.toml (900 entries), from the
# generator before story mode and the people and experience truth were added:
# those must change truth files only
SEED11_FILES = "7988f95c067a34c0f02d6626b000000838115fc4ac974eef6f2d9dcbb4a403b8"
ROLES = {
    "child", "sibling", "mother", "father", "mother's partner",
    "maternal grandmother", "paternal grandmother", "grandparent", "aunt",
    "uncle", "other",
}  # fmt: skip
PEOPLE_COLUMNS = [
    "person", "role", "adult", "household", "agencies",
    "not_known_to_health_or_care",
]  # fmt: skip
EXPERIENCE = ["child_seen", "child_seen_alone", "child_spoken_to", "child_words"]


def _agency_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        if not p.name.startswith("truth"):
            digest.update(p.name.encode() + b"\0" + p.read_bytes())
    return digest.hexdigest()


def test_default_mode_agency_files_unchanged(tmp_path: Path) -> None:
    folder = generate(11, tmp_path / "seed11")
    assert _agency_hash(folder) == SEED11_FILES
    assert not (folder / "truth_episodes.csv").exists()
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    assert list(truth.columns[-4:]) == EXPERIENCE


def test_story_same_seed_same_bytes(tmp_path: Path) -> None:
    first = _files(generate(21, tmp_path / "a", entries=300, story=True))
    second = _files(generate(21, tmp_path / "b", entries=300, story=True))
    assert first == second
    assert {"truth_episodes.csv", "truth_people.csv", "truth.csv"} <= set(first)
    plain = _files(generate(21, tmp_path / "c", entries=300))
    assert plain["truth.csv"] != first["truth.csv"]
    assert "truth_episodes.csv" not in plain


@pytest.mark.parametrize("seed", [21, 22])
def test_story_episodes_inside_the_period(tmp_path: Path, seed: int) -> None:
    folder = generate(seed, tmp_path / "review", entries=400, story=True)
    review = tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))
    start = str(review["review"]["period_start"])
    end = str(review["review"]["period_end"])
    episodes = pd.read_csv(folder / "truth_episodes.csv", dtype=str)
    assert list(episodes.columns) == ["episode_start", "episode_end", "title"]
    assert 4 <= len(episodes) <= 6
    for row in episodes.itertuples(index=False):
        dt.date.fromisoformat(row.episode_start)  # ISO dates
        assert start <= row.episode_start <= row.episode_end <= end
        assert row.title.strip()
    # in date order, and never overlapping
    assert list(episodes["episode_end"][:-1]) < list(episodes["episode_start"][1:])
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    for row in episodes.itertuples(index=False):
        inside = truth[
            (truth["date_start"] >= row.episode_start)
            & (truth["date_end"] <= row.episode_end)
        ]
        # a burst of activity by several agencies
        assert inside["agency"].nunique() >= 3, row.title
        assert len(inside) >= 8, row.title


@pytest.mark.parametrize(("seed", "story"), [(3, False), (22, True)])
def test_people_truth(tmp_path: Path, seed: int, story: bool) -> None:
    folder = generate(seed, tmp_path / "review", entries=400, story=story)
    review = tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))
    names = {a["name"] for a in review["agencies"]}
    kinds = {a["name"]: a["kind"] for a in review["agencies"]}
    labels = [p["label"] for p in review["people"]]
    people = pd.read_csv(folder / "truth_people.csv", dtype=str, keep_default_na=False)
    assert list(people.columns) == PEOPLE_COLUMNS
    assert not people["person"].duplicated().any()
    # the review file's people first, every one of them
    assert list(people["person"][: len(labels)]) == labels
    assert set(people["role"]) <= ROLES
    for col in ["adult", "household", "not_known_to_health_or_care"]:
        assert set(people[col]) <= {"true", "false"}
    for row in people.itertuples(index=False):
        mine = row.agencies.split(";") if row.agencies else []
        assert mine == sorted(mine) and set(mine) <= names, row.person
        by = {kinds[a] for a in mine}
        hidden = (
            row.adult == "true"
            and row.household == "true"
            and bool(by & {"police", "probation", "housing", "substance_misuse"})
            and not by & {"health_visiting", "midwifery", "gp", "childrens_social_care"}
        )
        assert (row.not_known_to_health_or_care == "true") == hidden, row.person
    child = people.set_index("person").loc["Child B"]
    assert child["role"] == "child" and child["adult"] == "false"
    if story:
        hidden_adults = people[people["not_known_to_health_or_care"] == "true"]
        assert len(hidden_adults) >= 1
        # named by police, and nowhere in social care's or health visiting's files
        uncle = hidden_adults.iloc[0]
        alias = next(p for p in review["people"] if p["label"] == uncle["person"])
        truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
        care = {"childrens_social_care", "health_visiting"}
        assert care <= set(kinds.values())  # story mode has a health visitor
        texts = truth.loc[truth["agency"].map(kinds).isin(care), "description"]
        for name in alias["aliases"]:
            assert not texts.str.contains(name).any()
        police = truth.loc[truth["agency"].map(kinds) == "police", "description"]
        assert police.str.contains(alias["aliases"][-1]).any()


@pytest.mark.parametrize(("seed", "story"), [(4, False), (21, True)])
def test_experience_truth(tmp_path: Path, seed: int, story: bool) -> None:
    folder = generate(seed, tmp_path / "review", entries=900, story=story)
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    flags = truth[EXPERIENCE] == "true"
    assert set(truth[EXPERIENCE].stack()) == {"true", "false"}
    # seen alone is seen; the child's words mean the child was spoken to
    assert not (flags["child_seen_alone"] & ~flags["child_seen"]).any()
    assert not (flags["child_words"] & ~flags["child_spoken_to"]).any()
    # a realistic mix: seen with a parent, seen alone, spoken to without being
    # seen (a phone call), words recorded, and visits where no child was seen
    assert (flags["child_seen"] & ~flags["child_seen_alone"]).sum() >= 20
    assert flags["child_seen_alone"].sum() >= 20
    assert (flags["child_spoken_to"] & ~flags["child_seen"]).sum() >= 1
    assert flags["child_words"].sum() >= 10
    visits = truth["event_type"].isin(["home_visit", "no_access"])
    assert (visits & ~flags["child_seen"]).sum() >= 10
    # the child's words are quoted or reported in the entry (in files with no
    # outcome column, where the description is the whole entry)
    whole = {
        spec["name"]
        for spec in AGENCIES.values()
        if all(col != "outcome" for _, col in spec["columns"])
    }
    words = truth[flags["child_words"] & truth["agency"].isin(whole)]
    assert len(words) >= 5
    reported = "'|said|told|disclosed|says"
    assert words["description"].str.contains(reported, case=False).all()


def test_story_truth_rows_are_entries(tmp_path: Path) -> None:
    folder = generate(22, tmp_path / "review", entries=300, story=True)
    chron = chronomerge.merge(folder, folder / "review.toml")
    entries = chron.entries[KEY].copy()
    entries["source_location"] = entries["source_location"].fillna("").astype(str)
    entries["source_row"] = entries["source_row"].astype(int).astype(str)
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    got = sorted(map(tuple, entries.to_numpy()))
    assert got == sorted(map(tuple, truth[KEY].to_numpy()))
