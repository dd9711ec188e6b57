"""Seen alone by the wording (and, where a review lists them, by the setting)
and spoken to by the kind of contact (schemas/experience.toml [settings],
[talking], [alone] with_child and handover): on agency files written here
with their own wording."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv, write_xlsx  # noqa: E402

from chronomerge.analyse.experience import Reader  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402
from chronomerge.review import parse_review  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

REVIEW = """[review]
name = "Settings test"
subject = "Child E"
period_start = 2023-01-01
period_end = 2023-12-31

[experience]
whom = "family"

[[people]]
label = "Child E"
role = "subject child"
date_of_birth = 2009-02-11
aliases = ["Ellis Hart", "Ellis"]

[[people]]
label = "Sibling 1"
role = "sister"
date_of_birth = 2016-07-20
aliases = ["Ruby Hart", "Ruby"]

[[people]]
label = "Mother"
role = "mother"
aliases = ["Gemma Hart", "Gemma"]

[[people]]
label = "Stepfather"
role = "mother's partner"
aliases = ["Dean Price", "Dean"]

[[agencies]]
name = "Northfield Primary School"
kind = "education"
files = ["school*"]

[[agencies]]
name = "Northfield Youth Justice Service"
kind = "youth_justice"
files = ["yjs*"]

[[agencies]]
name = "Northfield CAMHS"
kind = "camhs"
files = ["camhs*"]

[[agencies]]
name = "Northfield Ambulance Service"
kind = "ambulance"
files = ["ambulance*"]

[[agencies]]
name = "Northfield Police"
kind = "police"
files = ["police*"]

[[agencies]]
name = "Northfield Children's Social Care"
kind = "childrens_social_care"
files = ["csc*"]
"""
# (date, contact, text, seen, alone, spoken); a school row's "alone" is what
# a review listing the school day in [settings] reads (shipped: not alone).
SCHOOL = [
    # At school, no parent there: seen alone (where the review counts the
    # setting), even when her words name one.
    ("09/01/2023", "Welfare concern", "Ruby came into class hungry and asked "
     "her teacher for toast.", True, True, True),
    ("16/01/2023", "Welfare concern", "Ruby told the TA 'Dean shouts at "
     "mummy'. Logged for DSL.", True, True, True),
    # The handing over, or a parent named with her: someone was there.
    ("23/01/2023", "Welfare concern", "Ruby tearful at drop off and clung "
     "to her mum.", True, False, False),
    ("30/01/2023", "Welfare concern", "Ruby has a graze on her knee, Gemma "
     "says she fell off her bike.", True, False, False),
    # A parent phoned: the child was not seen at all.
    ("06/02/2023", "Phone call", "Phone call from Gemma, Ruby off sick "
     "today.", False, False, False),
    # A school writes about its pupil: an entry naming no one is about her
    # ([contact_rules] children_only), unless it was a letter.
    ("13/02/2023", "Welfare concern", "No PE kit again for the third week, "
     "trainers split.", True, True, False),
    ("20/02/2023", "Welfare concern", "Letter sent home about attendance "
     "at 88%.", False, False, False),
    # An exchange of information about her is no contact with her.
    ("27/02/2023", "Welfare concern", "Info requested by social care about "
     "Ruby's attendance.", False, False, False),
]  # fmt: skip
POLICE = [
    # "Located" after the child went missing: officers saw him.
    ("03/05/2023", "Missing", "Ellis Hart reported missing by Gemma. Located "
     "by officers at the bus station, taken home.", True, False, False),
    ("10/05/2023", "Missing", "Gemma reported Ellis missing. Not located "
     "overnight, returned himself next day.", False, False, False),
]  # fmt: skip
YJS = [
    ("13/02/2023", "Session", "1:1 session at the YJS office. Worked on "
     "victim awareness.", True, True, True),
    ("20/02/2023", "Session", "Planned session with Ellis. Discussed his "
     "curfew and knife crime.", True, True, True),
    ("27/02/2023", "Session", "Planned session with Ellis and Gemma. "
     "Reviewed the referral order plan.", True, False, True),
    ("06/03/2023", "Session", "Ellis attended but declined to talk. "
     "Rebooked.", True, False, False),
]  # fmt: skip
CAMHS = [
    # An appointment names its patient, not who came: not alone.
    ("13/03/2023", "Appointment", "Clinic appointment with Ellis. Mood "
     "a little better, sleeping more.", True, False, True),
    ("20/03/2023", "Telephone", "Telephone review with Ellis. No thoughts "
     "of self-harm this week.", False, False, True),
    ("27/03/2023", "Telephone", "Telephone call with Gemma about the "
     "waiting list.", False, False, False),
]  # fmt: skip
AMBULANCE = [
    # A crew writes the patient's age, not the name: under 18 is a child of
    # the family; an adult patient with the children at home is not.
    ("01/06/2023", "Incident", "8 year old with asthma attack, nebuliser "
     "given on scene.", True, False, False),
    ("08/06/2023", "Incident", "34yo female, fall at home. Children in the "
     "house with grandmother.", False, False, False),
]  # fmt: skip
CSC = [
    # A social worker's visit: seen alone only where the entry says so.
    ("03/04/2023", "Home visit", "Home visit. Ellis and Ruby seen, Gemma "
     "present throughout.", True, False, False),
    ("17/04/2023", "Home visit", "Home visit. Ellis seen alone in his room, "
     "said he wants to stay.", True, True, True),
]  # fmt: skip
COLUMNS = ("child_was_seen", "child_seen_alone", "child_spoken_to")


def _rows(entries: list[tuple]) -> list[list[str]]:
    return [["Date", "Contact type", "Details"], *[list(e[:3]) for e in entries]]


@pytest.fixture(scope="module")
def entries(tmp_path_factory):
    path = tmp_path_factory.mktemp("settings")
    (path / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_xlsx(path / "school_log.xlsx", {"CPOMS": _rows(SCHOOL)})
    write_csv(path / "yjs_contacts.csv", _rows(YJS))
    write_csv(path / "camhs_notes.csv", _rows(CAMHS))
    write_csv(path / "csc_chronology.csv", _rows(CSC))
    write_csv(path / "police_log.csv", _rows(POLICE))
    write_csv(path / "ambulance_calls.csv", _rows(AMBULANCE))
    return merge(path).entries.set_index("description")


@pytest.mark.parametrize(
    "planted",
    [*SCHOOL, *YJS, *CAMHS, *CSC, *POLICE, *AMBULANCE],
    ids=lambda p: p[2][:40],
)
def test_each_entry_reads_as_written(entries, planted):
    row = entries.loc[planted[2]]
    seen, alone, spoken = planted[3:]
    if planted in SCHOOL:
        alone = False  # shipped: seen alone only where the entry says so
    expected = dict(zip(COLUMNS, (seen, alone, spoken), strict=True))
    assert {c: bool(row[c]) for c in COLUMNS} == expected, row["child_seen_why"]


def test_the_session_says_why(entries):
    camhs = entries.loc[CAMHS[1][2], "child_seen_why"]
    assert "is a conversation with the child" in camhs


SETTING = 'education = ["education_concern", "education_exclusion", "injury"]'


def test_a_review_may_count_a_school_day_as_seen_alone(tmp_path):
    """With the school day listed in [settings] (a partnership's own rules
    folder), a pupil seen there with no parent named is seen alone, and the
    entry says why; the handing over or a parent named keeps it not alone."""
    rules = (ROOT / "schemas" / "experience.toml").read_text(encoding="utf-8")
    assert "\n[settings]\n" in rules
    rules = rules.replace("\n[settings]\n", f"\n[settings]\n{SETTING}\n", 1)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "experience.toml").write_text(rules, encoding="utf-8")
    folder = tmp_path / "review"
    folder.mkdir()
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_xlsx(folder / "school_log.xlsx", {"CPOMS": _rows(SCHOOL)})
    script = (
        "import json, sys; from chronomerge import merge; "
        "e = merge(sys.argv[1]).entries; "
        "print(json.dumps([[t, bool(a), w] for t, a, w in zip(e.description, "
        "e.child_seen_alone, e.child_seen_why)]))"
    )
    env = {**os.environ, "CHRONOMERGE_SCHEMAS": str(tmp_path / "schemas")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    read = {text: (alone, why) for text, alone, why in json.loads(done.stdout)}
    assert {t: read[t][0] for _, _, t, *_ in SCHOOL} == {
        text: alone for _, _, text, _, alone, _ in SCHOOL
    }
    assert "where no parent or carer is there" in read[SCHOOL[0][2]][1]


def test_an_age_names_a_child_of_the_family_only():
    """An age is any child's: it names the child when the columns are about
    the family's children, never the review's own child alone."""
    review = parse_review(REVIEW)
    text = "12yo found in the park by officers, seen and taken home."
    assert Reader(review, "family").read(text).names_child
    assert not Reader(review, "subject").read(text).names_child
    adult = "19 year old seen by officers."
    assert not Reader(review, "family").read(adult).names_child
