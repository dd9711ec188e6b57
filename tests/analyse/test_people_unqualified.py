"""A relation word said alone ("children with grandmother") and "his mum"
after an adult's name, in files about the child (analyse/mentions.py), on
agency files written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv  # noqa: E402

from chronomerge.pipeline import merge  # noqa: E402

REVIEW = """[review]
name = "Unqualified test"
subject = "Child C"
period_start = 2021-01-01
period_end = 2021-12-31

[[people]]
label = "Child C"
role = "subject child"
date_of_birth = 2015-04-02
aliases = ["Milo Tern", "Milo"]

[[people]]
label = "Mother"
role = "mother"
aliases = ["Gemma Tern", "Gemma", "Ms Tern"]

[[people]]
label = "Partner"
role = "mother's partner"
aliases = ["Lee Rusk", "Lee", "Mr Rusk"]

[[agencies]]
name = "Eastholm Children's Services"
kind = "childrens_social_care"
files = ["csc*"]

[[agencies]]
name = "Eastholm Hospital"
kind = "hospital"
files = ["hospital*"]

[[agencies]]
name = "Eastholm School"
kind = "education"
files = ["school*"]
"""
CSC = [
    ["Date", "Details"],
    ["03/02/2021", "Milo placed with maternal grandmother for one week."],
    [
        "09/03/2021",
        "Gemma says she and Lee have separated, he is staying with his mum.",
    ],
]
HOSPITAL = [
    ["Date", "Details"],
    ["10/02/2021", "Gemma attended ED after a fall. Children with grandmother."],
]
SCHOOL = [
    ["Date", "Details"],
    ["06/05/2021", "Milo upset, said he misses his mum."],
    ["13/05/2021", "Milo collected by paternal grandmother."],
]


def _register(path: Path, school: list[list[str]]):
    (path / "review.toml").write_text(REVIEW)
    write_csv(path / "csc_notes.csv", CSC)
    write_csv(path / "hospital_log.csv", HOSPITAL)
    write_csv(path / "school_log.csv", school)
    return merge(path).people.set_index("person")


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    return _register(tmp_path_factory.mktemp("unqualified"), SCHOOL[:2])


def test_grandmother_alone_is_the_one_grandmother_named(register):
    # "maternal grandmother" (children's services), then "grandmother" alone
    agencies = register.loc["Maternal grandmother", "agencies"]
    assert agencies == "Eastholm Children's Services;Eastholm Hospital"


def test_grandmother_alone_names_no_one_when_two_are_named(tmp_path):
    register = _register(tmp_path, SCHOOL)
    assert register.loc["Maternal grandmother", "agencies"] == (
        "Eastholm Children's Services"
    )
    assert register.loc["Paternal grandmother", "agencies"] == "Eastholm School"


def test_his_mum_after_an_adult_is_that_adults_mother(register):
    assert register.loc["Partner's mother", "agencies"] == (
        "Eastholm Children's Services"
    )
    # after the child's name, "his mum" is the child's mother
    assert "Eastholm School" in register.loc["Mother", "agencies"]
    assert "Eastholm School" not in register.loc["Partner's mother", "agencies"]


AGED_REVIEW = (
    REVIEW.replace(
        '[[people]]\nlabel = "Mother"',
        '[[people]]\nlabel = "Sibling 1"\nrole = "sister"\ndate_of_birth = 2011-03-04\n'
        'aliases = ["Tia"]\n\n[[people]]\nlabel = "Mother"',
    )
    + '\n[[agencies]]\nname = "Eastholm Ambulance"\nkind = "ambulance"\n'
    + 'files = ["amb*"]\n'
)
AMBULANCE = [
    ["Date", "Details"],
    ["08/02/2021", "Female found collapsed by 10 yr old daughter, who rang 999."],
    ["09/02/2021", "Call re 9yo with cut hand, treated on scene."],
]


def test_a_child_named_by_age_is_the_child_of_that_age(tmp_path):
    (tmp_path / "review.toml").write_text(AGED_REVIEW)
    write_csv(tmp_path / "amb_log.csv", AMBULANCE)
    register = merge(tmp_path).people.set_index("person")
    # Tia is 9 on the day, Milo 5: the "10 yr old daughter" is Tia; "9yo"
    # alone names a patient, not a person of the family
    assert register.loc["Sibling 1", "agencies"] == "Eastholm Ambulance"
    assert register.loc["Sibling 1", "entries"] == 1
    assert register.loc["Child C", "agencies"] == ""
