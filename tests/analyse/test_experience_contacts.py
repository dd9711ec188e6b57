"""The kind of contact as a sighting (schemas/experience.toml [contacts]):
on agency files written here with their own wording."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv  # noqa: E402

from chronomerge.pipeline import merge  # noqa: E402

REVIEW = """[review]
name = "Contacts test"
subject = "Child D"
period_start = 2022-01-01
period_end = 2022-06-30

[[people]]
label = "Child D"
role = "subject child"
date_of_birth = 2012-03-04
aliases = ["Kian Rowe", "Kian"]

[[people]]
label = "Mother"
role = "mother"
aliases = ["Jo Rowe", "Jo"]

[[agencies]]
name = "Westshire Children's Social Care"
kind = "childrens_social_care"
files = ["csc*"]

[[agencies]]
name = "Westshire Police"
kind = "police"
files = ["police*"]
"""
# (date, contact, text, seen)
CSC = [
    ("04/01/2022", "Home visit", "Home visit. Kian playing with his cars, "
     "Jo made tea.", True),
    ("18/01/2022", "Home visit", "Home visit. Kian at his dad's for the week. "
     "Jo spoke about rent arrears.", False),
    ("01/02/2022", "Home visit", "Home visit. Jo said Kian was poorly "
     "last week.", False),
    ("15/02/2022", "Telephone", "Phoned Jo. Kian doing well.", False),
]  # fmt: skip
POLICE = [
    ("03/03/2022", "Arrest", "Kian Rowe arrested for shoplifting. Released "
     "with words of advice.", True),
    ("17/03/2022", "Arrest", "Jo Rowe arrested for assaulting Kian Rowe.", False),
]  # fmt: skip


@pytest.fixture(scope="module")
def entries(tmp_path_factory):
    path = tmp_path_factory.mktemp("contacts")
    (path / "review.toml").write_text(REVIEW, encoding="utf-8")
    head = ["Date", "Contact type", "Details"]
    write_csv(path / "csc_log.csv", [head, *[list(e[:3]) for e in CSC]])
    write_csv(path / "police_log.csv", [head, *[list(e[:3]) for e in POLICE]])
    return merge(path).entries.set_index("description")


@pytest.mark.parametrize("planted", [*CSC, *POLICE], ids=lambda p: p[2][:40])
def test_the_kind_of_contact_says_seen_unless_the_entry_says_otherwise(
    entries, planted
):
    row = entries.loc[planted[2]]
    assert bool(row["child_was_seen"]) is planted[3], row["child_seen_why"]


def test_a_sighting_by_contact_says_why(entries):
    why = entries.loc[POLICE[0][2], "child_seen_why"]
    assert "unless the entry says otherwise" in why
