"""The people the entries name, and the agencies that named them
(analyse/people.py), on agency files written here with their own wording."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv, write_xlsx  # noqa: E402

from chronomerge.analyse.people import known_people, people_register  # noqa: E402
from chronomerge.model import PEOPLE_COLUMNS  # noqa: E402
from chronomerge.pipeline import build_pack, merge  # noqa: E402

REVIEW = """[review]
name = "People test"
subject = "Child B"
period_start = 2020-01-01
period_end = 2020-12-31

[[people]]
label = "Child B"
role = "subject child"
date_of_birth = 2019-11-02
aliases = ["Poppy Hale"]

[[people]]
label = "Mother"
role = "mother"
date_of_birth = 1995-03-01
aliases = ["Sian Hale", "Sian", "Ms Hale"]

[[people]]
label = "Partner"
role = "mum's partner"
aliases = ["Kyle Dunmore", "Mr Dunmore"]

[[agencies]]
name = "Northfield Police"
kind = "police"
files = ["police*"]

[[agencies]]
name = "Northfield Probation"
kind = "probation"
files = ["probation*"]

[[agencies]]
name = "Northfield Health Visiting"
kind = "health_visiting"
files = ["hv*"]
"""
POLICE = [
    ["Date", "Details"],
    ["04/03/2020", "Mr Dunmore stopped in a car outside the address; no offences."],
    ["19/06/2020", "Call from Ms Hale: mum's boyfriend shouting in the street."],
]
PROBATION = [
    ["Date", "Contact type", "Details"],
    [
        "11/05/2020",
        "Supervision",
        "Kyle Dunmore reported; says he now lives with Sian.",
    ],
]
HV = [
    ["Date", "Details"],
    ["02/02/2020", "Home visit: Poppy weighed, Mother coping well."],
    ["07/07/2020", "Clinic: MGM brought the baby; Mother at work."],
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("people")
    (path / "review.toml").write_text(REVIEW)
    write_xlsx(path / "police_log.xlsx", {"Log": POLICE})
    write_csv(path / "probation_contacts.csv", PROBATION)
    write_csv(path / "hv_notes.csv", HV)
    return path


def test_each_person_with_their_mentions_and_the_agencies_that_named_them(folder):
    chronology = merge(folder)
    people = chronology.people
    assert list(people.columns) == list(PEOPLE_COLUMNS)
    by = people.set_index("person")
    assert list(people.person) == [
        "Child B",
        "Mother",
        "Partner",
        "Maternal grandmother",
    ]
    partner = by.loc["Partner"]
    assert partner.agencies == "Northfield Police;Northfield Probation"
    assert partner.agency_kinds == "police;probation"
    assert (partner.first_mention, partner.last_mention) == (
        "2020-03-04",
        "2020-06-19",
    )
    assert partner.entries == 3 and bool(partner.adult)  # by role, no birth date
    assert not bool(by.loc["Child B"].adult) and bool(by.loc["Mother"].adult)
    assert by.loc["Mother"].entries == 4  # by label and by alias
    grandmother = by.loc["Maternal grandmother"]  # named by role only
    assert grandmother.agencies == "Northfield Health Visiting"
    assert grandmother.entries == 1


def test_aliases_are_searched_for_but_never_written(folder, tmp_path):
    chronology, written = build_pack(folder, tmp_path / "pack", outputs="csv")
    named = ";".join(chronology.people.named_as)
    assert "Dunmore" not in named and "Hale" not in named
    assert "mum's partner" in named.split(";")
    text = (tmp_path / "pack" / "people.csv").read_text(encoding="utf-8")
    assert "Dunmore" not in text and "Kyle" not in text
    assert text.splitlines()[0] == ",".join(PEOPLE_COLUMNS)


def test_roles_nobody_in_the_review_holds_are_listed_only_when_named(folder):
    chronology = merge(folder)
    listed = set(chronology.people.person)
    assert "Lodger" not in listed and "Father's partner" not in listed
    people = {k.person: k for k in known_people(chronology.review)}
    assert people["Partner"].source == "review file"
    assert people["Lodger"].source == "role words"


def test_the_register_does_not_depend_on_row_order(folder):
    chronology = merge(folder)
    shuffled = chronology.entries.sample(frac=1, random_state=7)
    again = people_register(shuffled, chronology.review)
    assert again.equals(people_register(chronology.entries, chronology.review))


def test_an_adult_named_only_by_police_and_probation_is_a_prompt(folder):
    flags = merge(folder).flags
    mine = flags[flags.flag == "adult_not_known_to_health_or_care"]
    assert len(mine) == 1
    row = mine.iloc[0]
    assert row.date == "2020-03-04"
    assert row.summary.startswith("Partner (mum's partner) is named in three entries")
    assert "Northfield Police and Northfield Probation" in row.summary
    assert "none by Children's Social Care, GP, Health Visiting or Midwifery" in (
        row.summary
    )
    assert len(row.entry_ids.split(";")) == 3  # Mother is named by health visiting


def test_no_prompt_when_no_service_that_sees_the_child_sent_a_chronology(
    folder, tmp_path
):
    import shutil

    copy = tmp_path / "no_hv"
    shutil.copytree(folder, copy)
    (copy / "hv_notes.csv").unlink()
    flags = merge(copy).flags
    assert "adult_not_known_to_health_or_care" not in set(flags.flag)


def test_without_a_review_period_adults_are_judged_by_role_not_today():
    from chronomerge.review import parse_review

    text = REVIEW.replace("period_start = 2020-01-01\n", "").replace(
        "period_end = 2020-12-31\n", ""
    )
    people = {k.person: k for k in known_people(parse_review(text))}
    assert people["Mother"].adult is True  # by role: no period to age her at
    assert people["Child B"].adult is False
    assert people["Partner"].adult is True
