"""The child's experience (analyse/experience.py): seen, seen alone, spoken
to and the child's words per entry; seen.csv and voice.csv; on agency files
written here with their own wording, and on the sample."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv, write_xlsx  # noqa: E402

from chronomerge.analyse.experience import (  # noqa: E402
    NOTHING_SAID,
    Reader,
    child_experience,
    last_seen,
    voice_of_the_child,
)
from chronomerge.model import SEEN_COLUMNS, VOICE_COLUMNS  # noqa: E402
from chronomerge.pipeline import merge  # noqa: E402
from chronomerge.review import parse_review  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "child_a"

REVIEW = """[review]
name = "Experience test"
subject = "Child C"
period_start = 2021-01-01
period_end = 2021-06-30

[[people]]
label = "Child C"
role = "subject child"
date_of_birth = 2014-05-02
aliases = ["Maisie Cole", "Maisie"]

[[people]]
label = "Mother"
role = "mother"
aliases = ["Dawn Cole", "Dawn"]

[[people]]
label = "Brother"
role = "brother"
aliases = ["Tyler"]

[[agencies]]
name = "Eastvale Children's Social Care"
kind = "childrens_social_care"
files = ["csc*"]

[[agencies]]
name = "Eastvale School"
kind = "education"
files = ["school*"]

[[agencies]]
name = "Eastvale Hospital"
kind = "hospital"
files = ["hospital*"]
"""
# (date, contact, text, seen, alone, spoken, words): what each entry records.
CSC = [
    ("05/01/2021", "Home visit", "Home visit. Maisie seen alone in her bedroom, "
     "she said 'I like it when Nana comes'.", True, True, True, True),
    ("19/01/2021", "Home visit", "Unannounced visit, no reply at the door. "
     "Card left.", False, False, False, False),
    ("02/02/2021", "Home visit", "Child C asleep, not seen. Mother spoken to "
     "on the doorstep.", False, False, False, False),
    ("16/02/2021", "Home visit", "Child C seen with mother present; appeared "
     "quiet and tired.", True, False, False, False),
    ("01/03/2021", "Telephone", "Telephone call with Dawn. She said the "
     "children were fine.", False, False, False, False),
    ("15/03/2021", "Home visit", "Visit. Tyler seen alone, said he is being "
     "bullied. Maisie at her nan's.", False, False, False, False),
    ("29/03/2021", "Direct work", "Direct work session with Child C, spoken "
     "to alone at school about her wishes and feelings.", True, True, True, False),
    ("12/04/2021", "Home visit", "Unable to see Child C as she was at a "
     "friend's house.", False, False, False, False),
]  # fmt: skip
SCHOOL = [
    # The child spoke to the teacher in person: the school saw her, with no
    # parent there (a school day, schemas/experience.toml [settings]).
    ("22/03/2021", "Disclosure", 'Maisie told her class teacher "mummy was '
     'crying all night".', True, True, True, True),
    ("26/04/2021", "Welfare", "Mother said Maisie had been unwell all week.",
     False, False, False, False),
]  # fmt: skip
HOSPITAL = [
    ("10/05/2021", "ED", "Maisie Cole brought to ED by ambulance with a "
     "head injury.", True, False, False, False),
]  # fmt: skip
COLUMNS = ("child_was_seen", "child_seen_alone", "child_spoken_to", "child_words")


def _rows(entries: list[tuple]) -> list[list[str]]:
    return [["Date", "Contact type", "Details"], *[list(e[:3]) for e in entries]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("experience")
    (path / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_csv(path / "csc_chronology.csv", _rows(CSC))
    write_xlsx(path / "school_log.xlsx", {"Log": _rows(SCHOOL)})
    write_csv(path / "hospital.csv", _rows(HOSPITAL))
    return path


@pytest.fixture(scope="module")
def chron(folder):
    return merge(folder)


def _by_text(chron) -> dict[str, pd.Series]:
    return {row["description"]: row for _, row in chron.entries.iterrows()}


@pytest.mark.parametrize("planted", [*CSC, *SCHOOL, *HOSPITAL], ids=lambda p: p[2][:40])
def test_each_entry_reads_as_written(chron, planted):
    row = _by_text(chron)[planted[2]]
    expected = dict(zip(COLUMNS, planted[3:], strict=True))
    assert {c: bool(row[c]) for c in COLUMNS} == expected, row["child_seen_why"]


def test_each_entry_says_why(chron):
    rows = _by_text(chron)
    assert "seen alone" in rows[CSC[0][2]]["child_seen_why"]
    assert '"no reply"' in rows[CSC[1][2]]["child_seen_why"]
    assert "not seen" in rows[CSC[2][2]]["child_seen_why"]
    why = rows[HOSPITAL[0][2]]["child_seen_why"]
    assert why.startswith("seen:") and "brought to" in why
    assert "child's words" in rows[SCHOOL[0][2]]["child_seen_why"]
    assert rows[CSC[4][2]]["child_seen_why"] == NOTHING_SAID


def test_the_agencys_own_column_decides(tmp_path):
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_csv(
        tmp_path / "csc.csv",
        [
            ["Date", "Details", "Child seen", "Seen alone"],
            ["05/01/2021", "Home visit, Maisie seen in lounge.", "No", ""],
            ["06/01/2021", "Home visit.", "Yes", "Yes"],
        ],
    )
    rows = _by_text(merge(tmp_path))
    assert not rows["Home visit, Maisie seen in lounge."]["child_was_seen"]
    visit = rows["Home visit."]
    assert visit["child_was_seen"] and visit["child_seen_alone"]
    assert "column" in visit["child_seen_why"]


def test_a_sentence_with_no_name_is_about_the_entrys_person():
    review = parse_review(REVIEW)
    reader = Reader(review)
    text = "Seen on own at school. Said she is happy at home."
    about_child = reader.read(text, reader.person_topic("Child C"))
    assert about_child.seen and about_child.alone and about_child.words
    about_nobody = reader.read(text, reader.person_topic("Mother"))
    assert not about_nobody.seen and not about_nobody.words


def test_seen_csv_stretches_between_sightings(chron):
    seen = chron.seen
    assert list(seen.columns) == list(SEEN_COLUMNS)
    every = seen[(seen["scope"] == "all") & (seen["kind"] == "seen")]
    # Sightings on 05/01, 16/02, 22/03 (school), 29/03 and 10/05, in a period
    # 01/01 to 30/06.
    assert every[["from", "to", "days"]].values.tolist() == [
        ["2021-01-01", "2021-01-05", 4],
        ["2021-01-05", "2021-02-16", 42],
        ["2021-02-16", "2021-03-22", 34],
        ["2021-03-22", "2021-03-29", 7],
        ["2021-03-29", "2021-05-10", 42],
        ["2021-05-10", "2021-06-30", 51],
    ]
    ids = chron.entries.set_index("description")["entry_id"]
    assert every["to_entry"].iloc[1] == ids[CSC[3][2]]
    assert every["from_entry"].iloc[0] == ""
    assert every["why"].iloc[0].startswith("from the start of the review period")
    # Seen alone on 05/01, at school on 22/03 (no parent there) and 29/03.
    alone = seen[(seen["scope"] == "all") & (seen["kind"] == "seen_alone")]
    assert alone[["from", "to"]].values.tolist() == [
        ["2021-01-01", "2021-01-05"],
        ["2021-01-05", "2021-03-22"],
        ["2021-03-22", "2021-03-29"],
        ["2021-03-29", "2021-06-30"],
    ]
    school = seen[seen["scope"] == "Eastvale School"]
    assert school[["kind", "from", "to", "days"]].values.tolist() == [
        ["seen", "2021-01-01", "2021-03-22", 80],
        ["seen", "2021-03-22", "2021-06-30", 100],
        ["seen_alone", "2021-01-01", "2021-03-22", 80],
        ["seen_alone", "2021-03-22", "2021-06-30", 100],
    ]
    assert "from the last entry of Eastvale School" in school["why"].iloc[-1]
    hospital = seen[(seen["scope"] == "Eastvale Hospital")]
    assert "no entry of Eastvale Hospital" in hospital["why"].iloc[-1]


def test_days_since_seen(chron):
    rows = _by_text(chron)
    assert rows[CSC[0][2]]["days_since_seen"] == 0
    assert rows[CSC[1][2]]["days_since_seen"] == 14
    assert rows[SCHOOL[0][2]]["days_since_seen_alone"] == 0  # at school
    assert rows[SCHOOL[1][2]]["days_since_seen_alone"] == 28


def test_voice_extract(chron):
    voice = chron.voice
    assert list(voice.columns) == list(VOICE_COLUMNS)
    found = dict(zip(voice["text"], voice["what"], strict=True))
    assert found == {
        CSC[0][2]: "child's words",
        CSC[3][2]: "observed presentation",
        SCHOOL[0][2]: "child's words",
        HOSPITAL[0][2]: "observed presentation",  # a head injury seen
    }
    assert list(voice["date"]) == sorted(voice["date"])
    pd.testing.assert_frame_equal(
        voice.reset_index(drop=True),
        voice_of_the_child(chron.entries, chron.review).reset_index(drop=True),
    )


def test_outputs_and_rerun_bytes(chron, folder, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    chron.write(first, outputs="csv,xlsx,docx")
    merge(folder).write(second, outputs="csv,xlsx,docx")
    for name in ("seen.csv", "voice.csv", "chronology.csv", "chronology.docx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    with (first / "chronology.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert {*COLUMNS, "child_seen_why", "days_since_seen"} <= set(header)
    voice = pd.read_csv(first / "voice.csv", dtype=str, keep_default_na=False)
    assert len(voice) == 4
    book = openpyxl.load_workbook(first / "panel_pack.xlsx", read_only=True)
    assert "Voice of the child" in book.sheetnames
    cells = [
        [c for c in row if c is not None]
        for row in book["Voice of the child"].iter_rows(values_only=True)
    ]
    texts = {c for row in cells for c in row if isinstance(c, str)}
    assert SCHOOL[0][2] in texts and CSC[0][2] in texts
    document = docx.Document(str(first / "chronology.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Head")]
    assert headings[-1] == "Voice of the child"
    last = document.tables[-1]
    assert [c.text for c in last.rows[0].cells] == ["Date", "Agency", "What", "Entry"]
    assert {r.cells[3].text for r in last.rows[1:]} == set(voice["text"])


def test_the_functions_on_a_frame_alone(chron):
    entries = chron.entries.drop(columns=[*COLUMNS, "child_seen_why"])
    again = child_experience(entries, chron.review)
    for column in COLUMNS:
        assert again[column].tolist() == chron.entries[column].tolist()
    pd.testing.assert_frame_equal(last_seen(entries, chron.review), chron.seen)


def test_sample_agrees_with_its_truth():
    truth = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    entries = merge(SAMPLE).entries.assign(
        source_row=lambda f: f["source_row"].astype(str)
    )
    key = ["source_file", "source_location", "source_row"]
    joined = truth.merge(entries, on=key, suffixes=("_truth", ""))
    assert len(joined) == len(truth)
    pairs = {
        "child_seen_truth": "child_was_seen",
        "child_seen_alone_truth": "child_seen_alone",
        "child_spoken_to_truth": "child_spoken_to",
        "child_words_truth": "child_words",
    }
    for real, ours in pairs.items():
        right = (joined[real] == "true") == joined[ours].astype(bool)
        assert right.mean() >= 0.95, (real, right.mean())
    # The sample plants sightings, so the seen comparison says something.
    assert (joined["child_seen_truth"] == "true").sum() > 100


# (text, seen, alone, spoken, words) for the Reader alone: None = no view.
PHRASES = [
    ("Child C was seen and spoken to alone.", True, True, True, False),
    ("Saw Maisie alone in her room.", True, True, False, False),
    ("Child C stated that she misses her dad.", None, False, True, True),
    ("Home visit - children seen and spoken to.", True, False, True, False),
    ("Telephone call to mum, Child C heard crying.", None, False, False, False),
    ("Mother told SW that Child C is fine.", None, False, False, False),
    ("Child C was told by mother to go upstairs.", None, False, False, False),
    ("Child C not seen alone as mother refused.", True, False, False, False),
    ("Child C's views: 'I want to live with nan'.", None, False, True, True),
    ("Maisie collected by a man said to be mum's friend.", None, False, False, False),
    ("Tyler seen alone, said he is being bullied.", None, False, False, False),
    ("Maisie spoken to alone. She said her room is cold.", True, True, True, True),
]


@pytest.mark.parametrize("planted", PHRASES, ids=lambda p: p[0][:40])
def test_phrases_read_as_written(planted):
    reading = Reader(parse_review(REVIEW)).read(planted[0])
    got = (reading.seen, reading.alone, reading.spoken, reading.words)
    assert got == planted[1:]


def test_pseudonymised_voice_names_no_one(chron, tmp_path):
    copy, replaced = chron.pseudonymised()
    assert replaced
    copy.write(tmp_path, outputs="csv")
    for name in ("voice.csv", "seen.csv", "chronology.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "Maisie" not in text and "Dawn" not in text, name
    assert "Child C told her class teacher" in (tmp_path / "voice.csv").read_text(
        encoding="utf-8"
    )


def test_whom_family_counts_the_other_children(chron):
    text = CSC[5][2]  # "Tyler seen alone, said he is being bullied. ..."
    rows = chron.entries[chron.entries["description"] == text]
    subject = child_experience(rows, chron.review)
    assert not subject["child_was_seen"].iloc[0]
    family = child_experience(rows, chron.review, whom="family")
    assert family[list(COLUMNS)].iloc[0].tolist() == [True, True, True, True]
    with pytest.raises(ValueError, match="whom"):
        child_experience(rows, chron.review, whom="everyone")


def test_the_review_file_says_whom(folder, tmp_path):
    """[experience] whom = "family" in the review file counts the brother
    seen alone, in the merge's own columns and in voice.csv; an unknown
    value stops the merge with the setting named."""
    family = tmp_path / "family"
    family.mkdir()
    for path in folder.iterdir():
        (family / path.name).write_bytes(path.read_bytes())
    review = (folder / "review.toml").read_text(encoding="utf-8")
    (family / "review.toml").write_text(
        review.replace("[review]", '[experience]\nwhom = "family"\n\n[review]', 1),
        encoding="utf-8",
    )
    rows = _by_text(merge(family))
    assert rows[CSC[5][2]]["child_was_seen"] and rows[CSC[5][2]]["child_words"]
    assert not _by_text(merge(folder))[CSC[5][2]]["child_was_seen"]
    (family / "review.toml").write_text(
        review.replace("[review]", '[experience]\nwhom = "everyone"\n\n[review]', 1),
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="whom"):
        merge(family)


KIND_REVIEW = (
    REVIEW
    + """
[[agencies]]
name = "Eastvale Police"
kind = "police"
files = ["police*"]

[[agencies]]
name = "Eastvale CAMHS"
kind = "camhs"
files = ["camhs*"]
"""
)
# (date, contact, text, seen): the kind of contact decides, as written.
POLICE = [
    ("03/02/2021", "Crime", "Maisie Cole arrested for criminal damage, "
     "interviewed with an appropriate adult.", True),
    ("04/02/2021", "Crime", "Dawn Cole arrested for assault on Maisie.", False),
]  # fmt: skip
CAMHS = [
    ("08/02/2021", "Appointment", "Maisie attended CAMHS appointment.", True),
    ("22/02/2021", "Appointment", "Maisie attended; anxiety discussed.", True),
    ("08/03/2021", "Appointment", "Attended. Sleep improving.", True),
    ("22/03/2021", "Appointment", "Telephone review with mother.", False),
]  # fmt: skip


def test_the_kind_of_contact_says_the_child_was_seen(tmp_path):
    """Police entries name victims and suspects alike: the child is seen
    when named first; a children-only service's entry naming no one is about
    the child it mostly writes about; a phone call sees no one."""
    (tmp_path / "review.toml").write_text(KIND_REVIEW, encoding="utf-8")
    header = ["Date", "Contact type", "Details"]
    write_csv(tmp_path / "police.csv", [header, *[list(e[:3]) for e in POLICE]])
    write_csv(tmp_path / "camhs.csv", [header, *[list(e[:3]) for e in CAMHS]])
    rows = _by_text(merge(tmp_path))
    for planted in (*POLICE, *CAMHS):
        row = rows[planted[2]]
        assert bool(row["child_was_seen"]) is planted[3], (
            planted[2],
            row["child_seen_why"],
        )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Child C: 'I don't want to go back'.", True),
        ("Child C: I miss my dad.", True),
        ("Risk for Child C: high.", False),
        ("Child C reported missing by mother.", False),
    ],
)
def test_a_colon_or_a_verb_gives_the_childs_words_only_when_they_speak(text, words):
    reader = Reader(parse_review(REVIEW))
    assert reader.read(text, reader.person_topic("Child C")).words is words
