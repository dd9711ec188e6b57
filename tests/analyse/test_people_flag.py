"""The prompt adult_not_known_to_health_or_care reads people as the register
does (possessives, a file's own subject) and fires only for the household,
on agency files written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv, write_xlsx  # noqa: E402

from chronomerge.pipeline import merge  # noqa: E402

FLAG = "adult_not_known_to_health_or_care"
REVIEW = """[review]
name = "Household test"
subject = "Child D"
period_start = 2021-01-01
period_end = 2021-12-31

[[people]]
label = "Child D"
role = "subject child"
date_of_birth = 2020-08-14
aliases = ["Ellie Marsh"]

[[people]]
label = "Mother"
role = "mother"
date_of_birth = 1994-05-20
aliases = ["Kerry Marsh", "Kerry"]
{extra}
[[agencies]]
name = "Eastshire Police"
kind = "police"
files = ["police*"]

[[agencies]]
name = "Eastshire Health Visiting"
kind = "health_visiting"
files = ["hv*"]
"""
POLICE = [
    ["Date", "Details"],
    ["14/02/2021", "Kerry's brother arrested for assault; he is living at the address"],
    ["03/05/2021", "Kerry's mother rang about shouting she heard from her own flat."],
    ["21/09/2021", "Kerry's brother seen leaving the address late at night."],
]
HV = [
    ["Date", "Details"],
    ["10/01/2021", "Home visit: Ellie weighed, Mother coping well."],
    ["12/06/2021", "Clinic: Ellie brought by Mother, growth on track."],
]


def _folder(path: Path, extra: str = "") -> Path:
    path.mkdir()
    (path / "review.toml").write_text(REVIEW.format(extra=extra))
    write_xlsx(path / "police_log.xlsx", {"Log": POLICE})
    write_csv(path / "hv_notes.csv", HV)
    return path


@pytest.fixture(scope="module")
def chronology(tmp_path_factory):
    return merge(_folder(tmp_path_factory.mktemp("household") / "review"))


def _prompted(chron) -> list[str]:
    flags = chron.flags
    return flags[flags.flag == FLAG].summary.tolist()


def test_an_adult_named_by_a_possessive_who_lives_there_is_a_prompt(chronology):
    people = chronology.people.set_index("person")
    assert people.loc["Uncle", "agencies"] == "Eastshire Police"
    prompts = _prompted(chronology)
    assert len(prompts) == 1
    assert prompts[0].startswith("Uncle is named in two entries by Eastshire Police")


def test_a_grandparent_outside_the_household_is_not_a_prompt(chronology):
    people = chronology.people.set_index("person")
    assert people.loc["Maternal grandmother", "agencies"] == "Eastshire Police"
    assert not any("grandmother" in s for s in _prompted(chronology))


def test_the_review_file_decides_the_household_when_it_says(tmp_path):
    extra = """
[[people]]
label = "Maternal grandmother"
role = "maternal grandmother"
household = true

[[people]]
label = "Uncle"
role = "maternal uncle"
household = false
"""
    prompts = _prompted(merge(_folder(tmp_path / "review", extra)))
    assert len(prompts) == 1
    assert prompts[0].startswith(
        "Maternal grandmother (maternal grandmother) is named in one entry"
    )
