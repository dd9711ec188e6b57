"""How the register reads who an entry names (analyse/mentions.py): a
possessive role, an adult-facing file's own subject named only by role, and
a review file's role with detail, on agency files written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv, write_xlsx  # noqa: E402

from chronomerge.pipeline import merge  # noqa: E402

REVIEW = """[review]
name = "Reading test"
subject = "Child C"
period_start = 2021-01-01
period_end = 2021-12-31

[[people]]
label = "Child C"
role = "subject child"
date_of_birth = 2015-04-02
aliases = ["Milo Tern"]

[[people]]
label = "Sibling 1"
role = "half-brother"
date_of_birth = 2020-02-02
aliases = ["Alfie Rusk", "Alfie"]

[[people]]
label = "Mother"
role = "mother"
date_of_birth = 1990-05-01
aliases = ["Gemma Tern", "Gemma", "Ms Tern"]

[[people]]
label = "Carer"
role = "mother's partner (lives at the address), father of Sibling 1"
aliases = ["Lee Rusk", "Lee", "Mr Rusk"]

[[people]]
label = "Nan"
role = "maternal grandmother (kinship carer)"
aliases = ["Pat Tern"]

[[agencies]]
name = "Eastholm Police"
kind = "police"
files = ["police*"]

[[agencies]]
name = "Eastholm Probation"
kind = "probation"
files = ["probation*"]

[[agencies]]
name = "Eastholm Housing"
kind = "housing"
files = ["housing*"]

[[agencies]]
name = "Eastholm School"
kind = "education"
files = ["school*"]
"""
POLICE = [
    ["Date", "Details"],
    ["03/02/2021", "Call from Gemma's mother reporting shouting at the address."],
    ["09/03/2021", "Ms Tern reported a man at the door; said to be her mum's friend."],
]
PROBATION = [
    ["Date", "Details"],
    ["10/02/2021", "Supervision. PoP says he is staying at his mother's for now."],
    ["17/02/2021", "Home visit. PoP not in; partner said he was at work."],
    ["24/02/2021", "Supervision. PoP reported on time, he was calm."],
]
HOUSING = [
    ["Date", "Details"],
    ["05/04/2021", "Tenant rang about damp; tenant's brother now staying."],
    ["12/04/2021", "Visit re arrears, tenant at home."],
]
SCHOOL = [
    ["Date", "Details"],
    ["06/05/2021", "Milo said 'Lee shouted at me'. Logged by DSL."],
    ["13/05/2021", "Milo collected by a man said to be mum's friend."],
]


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    path = tmp_path_factory.mktemp("reading")
    (path / "review.toml").write_text(REVIEW)
    write_xlsx(path / "police_log.xlsx", {"Log": POLICE})
    write_csv(path / "probation_contacts.csv", PROBATION)
    write_csv(path / "housing_notes.csv", HOUSING)
    write_csv(path / "school_log.csv", SCHOOL)
    return merge(path).people.set_index("person")


def _agencies(register, person: str) -> str:
    return str(register.loc[person, "agencies"])


def test_a_possessive_role_is_read_through_the_possessor(register):
    # "Gemma's mother": the Mother's mother, the review file's Nan
    assert "Eastholm Police" in _agencies(register, "Nan")
    # "mum's friend" (police and school) is a person of their own, shown by
    # the role words, never by a real name
    friend = register.loc["Mother's friend"]
    assert friend.agencies == "Eastholm Police;Eastholm School"
    assert "Gemma" not in friend.named_as and "mum's friend" in friend.named_as


def test_a_files_own_subject_named_by_role(register):
    # the probation file names no one: "he" makes its PoP the man, the Carer;
    # its "partner" is his partner, the Mother, and "his mother" his own
    assert "Eastholm Probation" in _agencies(register, "Carer")
    assert "Eastholm Probation" in _agencies(register, "Mother")
    assert _agencies(register, "Carer's mother") == "Eastholm Probation"
    assert "Eastholm Probation" not in _agencies(register, "Nan")
    # the housing file's "tenant" is the adult most in the chronology, the
    # Mother, and the tenant's brother her brother, the uncle
    assert "Eastholm Housing" in _agencies(register, "Mother")
    assert "Eastholm Housing" not in _agencies(register, "Carer")
    assert _agencies(register, "Uncle") == "Eastholm Housing"


def test_a_role_with_detail_is_read_past_its_detail(register):
    assert register.loc["Nan", "role"] == "maternal grandmother (kinship carer)"
    # the Carer holds "mother's partner": the role-word row is not listed,
    # and a quoted first name is his
    assert "Mother's partner" not in register.index
    assert "Eastholm School" in _agencies(register, "Carer")
    assert "Maternal grandmother" not in register.index
