"""Seen read from an entry's structure, not its wording alone: the
children's belongings are not the children, "found by officers" after the
child goes missing, and a patient column that names the child (on agency
files written here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv  # noqa: E402

from chronomerge.pipeline import merge  # noqa: E402

REVIEW = """[review]
name = "Structure test"
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
name = "Westshire Housing"
kind = "housing"
files = ["housing*"]

[[agencies]]
name = "Westshire Police"
kind = "police"
files = ["police*"]

[[agencies]]
name = "Westshire GP"
kind = "gp"
files = ["gp*"]
"""
HOUSING = [
    ["Date", "Contact type", "Details"],
    ["04/01/2022", "Home visit", "Tenancy visit. Damp in the children's bedroom."],
    ["11/01/2022", "Home visit", "Tenancy visit. Children playing in the garden."],
]
POLICE = [
    ["Date", "Details"],
    ["03/03/2022", "MFH report: Kian left home after an argument. Found by officers "
     "in the park."],
    ["17/03/2022", "MFH report: Kian left home after an argument. Not found."],
]  # fmt: skip
GP = [
    ["Date", "Patient", "Consultation type", "Details"],
    ["07/02/2022", "Kian Rowe", "Face to face", "Eczema review. Emollients reissued."],
    ["08/02/2022", "Jo Rowe", "Face to face", "Eczema review. Emollients reissued."],
    [
        "09/02/2022",
        "Kian Rowe",
        "Telephone",
        "Telephone review of eczema. Cream reissued.",
    ],
    ["10/02/2022", "Kian Rowe", "Face to face", "Constipation. Advice given to Jo."],
]
# (file, text, patient, seen)
CASES = [
    ("housing", HOUSING[1][2], "", False),
    ("housing", HOUSING[2][2], "", True),
    ("police", POLICE[1][1], "", True),
    ("police", POLICE[2][1], "", False),
    ("gp", GP[1][3], "Kian Rowe", True),
    ("gp", GP[2][3], "Jo Rowe", False),
    ("gp", GP[3][3], "Kian Rowe", False),
    # the patient column names the child: the consultation is his, whoever
    # else the entry names
    ("gp", GP[4][3], "Kian Rowe", True),
]


@pytest.fixture(scope="module")
def entries(tmp_path_factory):
    path = tmp_path_factory.mktemp("structure")
    (path / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_csv(path / "housing_log.csv", HOUSING)
    write_csv(path / "police_log.csv", POLICE)
    write_csv(path / "gp_extract.csv", GP)
    write_csv(path / "housing_words.csv", [["Date", "Details"], *WORDS_ROWS])
    return merge(path).entries


# (date, text, the child's words)
WORDS = [
    ("01/04/2022", "Info requested by HV about Kian; shared with consent.", False),
    ("02/04/2022", "Jo reports Kian 'a handful' at bedtime.", False),
    ("03/04/2022", "Visit re rent. Kian said 'I am scared of the dog'.", True),
    ("04/04/2022", "Kian came in. Said he was hungry.", True),
]
# (date, text, seen): a first sentence that starts with a seeing word and
# names no one is the child's when the child is the only child named
SEEING = [
    ("05/04/2022", "Weighed at clinic: 30kg. Jo says Kian eating well.", True),
    ("06/04/2022", "Weighed at clinic: 30kg. Jo says the children eat well.", False),
    ("07/04/2022", "Phoned Jo. She says Kian eating well.", False),
]
WORDS_ROWS = [[d, t] for d, t, _ in [*WORDS, *SEEING]]


@pytest.mark.parametrize("case", SEEING, ids=lambda c: c[1][:40])
def test_a_seeing_word_with_no_one_named_is_the_only_childs(entries, case):
    row = entries[entries["description"] == case[1]].iloc[0]
    assert bool(row["child_was_seen"]) is case[2], row["child_seen_why"]


@pytest.mark.parametrize("case", WORDS, ids=lambda c: c[1][:40])
def test_the_childs_words_are_the_childs(entries, case):
    # no one speaks in "shared with consent"; a quote after mum's "reports"
    # is hers
    row = entries[entries["description"] == case[1]].iloc[0]
    assert bool(row["child_words"]) is case[2], row["child_seen_why"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}: {c[1][:30]} {c[2]}")
def test_seen_from_the_entrys_structure(entries, case):
    kind, text, patient, seen = case
    rows = entries[(entries["description"] == text) & (entries["agency_kind"] == kind)]
    if patient:
        rows = rows[rows["person"].astype(str).str.contains(patient.split()[0])]
    assert len(rows) == 1
    assert bool(rows["child_was_seen"].iloc[0]) is seen, rows["child_seen_why"].iloc[0]


FAMILY_REVIEW = """[review]
name = "Family structure test"
subject = "Child D"
period_start = 2022-01-01
period_end = 2022-06-30

[experience]
whom = "family"

[[people]]
label = "Child D"
role = "subject child"
date_of_birth = 2019-03-04
aliases = ["Kian Rowe", "Kian"]

[[people]]
label = "Mother"
role = "mother"
aliases = ["Jo Rowe", "Jo"]

[[agencies]]
name = "Westshire Hospital"
kind = "hospital"
files = ["hospital*"]

[[agencies]]
name = "Westshire Ambulance"
kind = "ambulance"
files = ["ambulance*"]
"""
HOSPITAL = [
    ["Date", "Department", "Details"],
    ["07/02/2022", "Paediatric OPD", "Seen in eye clinic - squint. Glasses given."],
    ["08/02/2022", "Adult OPD", "Seen in eye clinic - squint. Glasses given."],
    ["09/02/2022", "ED", "Attended Children's ED with Jo: bump to forehead."],
]
AMBULANCE = [
    ["Date", "Outcome", "Details"],
    ["09/02/2022", "See and treat", "Call from neighbour - child fell down stairs. "
     "Treated at home."],
    ["10/02/2022", "Hear and treat", "Call from neighbour - child fell down stairs. "
     "Advice given."],
    ["11/02/2022", "Conveyed", "Call re 2yo with a burn. Assessed and conveyed to ED."],
    ["12/02/2022", "See and treat", "Adult with chest pain, child protection "
     "concern noted. Treated on scene."],
    ["13/02/2022", "Hear and treat", "Call re 2yo with a cough. Assessed as low "
     "acuity."],
    ["14/02/2022", "See and treat", "Pregnant female, unborn child due in May. "
     "Treated on scene."],
]  # fmt: skip
# (kind, text, department, seen)
FAMILY_CASES = [
    ("hospital", HOSPITAL[1][2], "Paediatric OPD", True),
    ("hospital", HOSPITAL[2][2], "Adult OPD", False),
    ("hospital", HOSPITAL[3][2], "ED", True),
    ("ambulance", AMBULANCE[1][2], "", True),
    ("ambulance", AMBULANCE[2][2], "", False),
    ("ambulance", AMBULANCE[3][2], "", True),
    ("ambulance", AMBULANCE[4][2], "", False),
    ("ambulance", AMBULANCE[5][2], "", False),
    ("ambulance", AMBULANCE[6][2], "", False),
]


@pytest.fixture(scope="module")
def family_entries(tmp_path_factory):
    path = tmp_path_factory.mktemp("family_structure")
    (path / "review.toml").write_text(FAMILY_REVIEW, encoding="utf-8")
    write_csv(path / "hospital_log.csv", HOSPITAL)
    write_csv(path / "ambulance_log.csv", AMBULANCE)
    return merge(path).entries


@pytest.mark.parametrize(
    "case", FAMILY_CASES, ids=lambda c: f"{c[0]}: {c[1][:30]} {c[2]}"
)
def test_seen_from_a_column_and_an_unnamed_child(family_entries, case):
    # a children's department's patient, "child" in an ambulance log (never
    # "child protection"), a sentence that starts "Assessed", and the crew's
    # own "See and treat" over the call that started it
    kind, text, department, seen = case
    rows = family_entries[
        (family_entries["description"] == text)
        & (family_entries["agency_kind"] == kind)
    ]
    if department:
        rows = rows[rows["agency_text"] == department]
    assert len(rows) == 1
    assert bool(rows["child_was_seen"].iloc[0]) is seen, rows["child_seen_why"].iloc[0]
