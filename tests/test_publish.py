"""chronomerge publish: the summary for publication and the jigsaw-risk report,
on the sample review and on an agency file written here with planted details."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from chronomerge.cli import app
from chronomerge.errors import ChronomergeError, ReviewFileError
from chronomerge.identifiers import DATE_IN_TEXT, NameFinder, find_identifiers
from chronomerge.jigsaw import JigsawRules
from chronomerge.pipeline import build_publication, merge
from chronomerge.publish import RISK_COLUMNS, SUMMARY_COLUMNS, publish
from chronomerge.review import ReviewSettings, parse_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "child_a"
UNSELECTED = "Quillfeather"  # a word only an unselected entry holds

REVIEW = """
[review]
name = "Child P review of Sally Okafor"
period_start = 2019-01-01
period_end = 2020-12-31
subject = "Child P"

[[people]]
label = "Child P"
role = "subject child"
date_of_birth = 2016-04-03
aliases = ["Sally Okafor", "Sally"]

[[people]]
label = "Mother"
role = "mother"
date_of_birth = 1990-02-11
aliases = ["Grace Okafor", "Grace", "Ms Okafor"]

[[people]]
label = "Partner"
role = "mother's partner"
aliases = ["Dwayne Fitch", "Dwayne"]

[[agencies]]
name = "Harbourside Health Visiting"
kind = "health_visiting"
files = ["hv*.csv"]

[[agencies]]
name = "Millbrook Infant School"
kind = "education"
files = ["school*.csv"]

[publish]
places = ["Saltmarsh"]
"""

# Each selected row, with the details planted in it: (kind, text) pairs the
# risk report must list. The last row is left out of every selection.
ROWS = [
    (
        "hv_visit.csv",
        "04/02/2019",
        "Home visit to 27 Larkspur Close. Grace said Dwayne works as a taxi driver "
        "and is often away.",
        [("street", "27 Larkspur Close"), ("occupation", "works as a taxi driver")],
    ),
    (
        "hv_visit.csv",
        "18/03/2019",
        "Sally Okafor (DOB 03/04/2016) seen with Grace at Pennick Road Medical "
        "Centre; NHS 943 476 5919, tel 07700 900123, email grace.o@example.org, "
        "address postcode WX4 7QT. Neighbour Janet Moorcroft present.",
        [("setting", "Pennick Road Medical Centre")],
    ),
    (
        "hv_visit.csv",
        "02/05/2019",
        "Grace told HV the family moved to Kettlewick after the eviction; she is "
        "expecting twins and Sally is one of seven children.",
        [
            ("place", "Kettlewick"),
            ("household", "twins"),
            ("household", "one of seven children"),
        ],
    ),
    (
        "school_log.csv",
        "10/09/2019",
        "Sally started in reception at St Anselm's Academy. Millbrook Infant "
        "School shared her records. Sally has Marfan syndrome.",
        [
            ("setting", "St Anselm's Academy"),
            ("agency", "Millbrook Infant School"),
            ("household", "Marfan syndrome"),
        ],
    ),
    (
        "school_log.csv",
        "14/10/2019",
        "Sally admitted to hospital overnight after a fall at home in Saltmarsh. "
        "Seen again on 21/10/2019.",
        [("author_place", "Saltmarsh")],
    ),
    (
        "hv_visit.csv",
        "03/04/2016",
        "Sally born at home; midwife recorded her birthday as 03/04/2016. Grace "
        "said Sally was born on 3rd April 2016 at 6am.",
        [],
    ),
    (
        "school_log.csv",
        "20/11/2019",
        f"Class teacher {UNSELECTED} noted Sally was tired; her birthday is "
        "03/04/2016 and she lives at 9 Orchard Way.",
        [],
    ),
]


def _write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    files: dict[str, list[list[str]]] = {}
    for name, date, text, _ in ROWS:
        files.setdefault(name, []).append([date, text])
    for name, rows in files.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Date", "Details"])
            writer.writerows(rows)
    return folder


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):
    """The folder with planted details, merged, and the ids of the selected
    rows in ROWS order (the last row unselected)."""
    folder = _write_folder(tmp_path_factory.mktemp("planted"))
    chronology = merge(folder)
    entries = chronology.entries
    ids = []
    for _, _, text, _ in ROWS:
        found = entries[entries["description"] == text]
        assert len(found) == 1, text
        ids.append(str(found["entry_id"].iloc[0]))
    return folder, chronology, ids[:-1], ids[-1]


def _output_text(folder: Path) -> str:
    """Every byte the publish command wrote, as text: the CSVs and the HTML as
    they are, and each part of the Word file unzipped."""
    parts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                parts += [
                    archive.read(n).decode("utf-8", "replace")
                    for n in archive.namelist()
                ]
        else:
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _listed_names(review: ReviewSettings) -> list[str]:
    return [
        alias
        for person in review.people
        for alias in person.aliases
        if alias.casefold() != person.label.casefold()
    ]


def _agreed(review: ReviewSettings) -> NameFinder:
    agreed = [review.review.subject, *review.allowed_names]
    for person in review.people:
        agreed += [person.label, *person.aliases]
    return NameFinder(agreed)


# --- the planted file ---------------------------------------------------------


def test_every_planted_detail_is_reported(planted, tmp_path: Path):
    _, chronology, selected, _ = planted
    published = publish(chronology, entries=selected)
    assert list(published.risks.columns) == list(RISK_COLUMNS)
    by_row = {
        (row, kind, detail)
        for row, kind, detail in published.risks[["row", "kind", "detail"]].itertuples(
            index=False
        )
    }
    summary = published.summary.set_index("source_id")
    for entry_id, (_, _, _, details) in zip(selected, ROWS, strict=False):
        row = int(summary.loc[entry_id, "row"])
        for kind, detail in details:
            assert (row, kind, detail) in by_row, (kind, detail)
    # Every finding says why and suggests a safer wording.
    assert published.risks["why"].str.len().min() > 20
    assert published.risks["suggestion"].str.len().min() > 3
    risks = published.risks
    suggestions = dict(zip(risks["detail"], risks["suggestion"], strict=True))
    assert suggestions["27 Larkspur Close"] == "the family home"
    assert suggestions["St Anselm's Academy"] == "a school"
    assert suggestions["Millbrook Infant School"] == "the school"
    # The admission is a rare event given to the day: its date is reported.
    admission = summary.loc[selected[4]]
    rare = published.risks[published.risks["kind"] == "rare_event"]
    assert list(rare["row"]) == [admission["row"]]
    assert rare["where"].iloc[0] == "date"
    assert rare["suggestion"].iloc[0] == "in autumn 2019"


def test_no_listed_name_or_identifier_and_nothing_unselected(planted, tmp_path):
    folder, chronology, selected, unselected = planted
    published, written = build_publication(folder, tmp_path / "out", entries=selected)
    assert [p.name for p in written] == [
        "published_summary.docx",
        "published_summary.html",
        "published_summary.csv",
        "jigsaw_risks.csv",
    ]
    everything = _output_text(tmp_path / "out")
    for name in _listed_names(chronology.review):
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", everything, re.I), name
    for value in (
        "943 476 5919",
        "07700 900123",
        "grace.o@example.org",
        "WX4 7QT",
        "Janet Moorcroft",
        "03/04/2016",
    ):
        assert value not in everything, value
    assert UNSELECTED.casefold() not in everything.casefold()
    assert "Orchard" not in everything
    assert unselected not in everything
    finder = _agreed(chronology.review)
    for text in published.summary["text"]:
        assert find_identifiers(text, finder) == [], text
    assert find_identifiers(_docx_text(written[0]), finder) == []
    # The date of birth became the child's age at the entry's date.
    assert "Child P (aged 2)" in published.summary["text"].iloc[2]
    # Words that say what was there are not repeated: "NHS [removed]".
    assert "NHS [removed], tel [removed]" in published.summary["text"].iloc[2]
    assert "Neighbour [name removed] present" in published.summary["text"].iloc[2]
    assert published.summary["child_age"].tolist()[1:3] == ["aged 2", "aged 2"]
    # Each row says what was changed in it, and where it came from.
    changes = published.summary["changes"].iloc[2]
    for words in ("NHS number removed", "phone number removed", "postcode removed"):
        assert words in changes
    assert published.summary["source_id"].tolist() == [*selected[-1:], *selected[:-1]]


def test_a_date_of_birth_is_never_published(planted):
    """An entry dated on a listed date of birth is given to the month, and
    the date written in its text is removed (born that day: "born")."""
    _, chronology, selected, _ = planted
    published = publish(chronology, entries=selected[-1:])
    row = published.summary.iloc[0]
    assert row["date"] == "April 2016"
    assert row["text"] == (
        "Child P born at home; midwife recorded her birthday as [date of birth "
        "removed]. Mother said Child P was born at 6am."
    )
    assert "date of birth given to the month" in row["changes"]
    assert published.risks.empty


def test_dates_by_month_leave_no_day_anywhere(planted, tmp_path: Path):
    _, chronology, selected, _ = planted
    published = publish(chronology, entries=selected, dates="month")
    assert published.summary["date"].tolist() == [
        "April 2016",
        "February 2019",
        "March 2019",
        "May 2019",
        "September 2019",
        "October 2019",
    ]
    for text in published.summary["text"]:
        assert not DATE_IN_TEXT.search(text), text
    assert "Seen again on October 2019" in published.summary["text"].iloc[5]
    # Given to the month, the admission's date no longer points at one day.
    assert "rare_event" not in set(published.risks["kind"])


def test_rerun_writes_the_same_bytes_and_word_opens(planted, tmp_path: Path):
    folder, _, selected, _ = planted
    first, _ = build_publication(folder, tmp_path / "a", entries=selected)
    build_publication(folder, tmp_path / "b", entries=selected)
    for name in sorted(p.name for p in (tmp_path / "a").iterdir()):
        assert (tmp_path / "a" / name).read_bytes() == (
            tmp_path / "b" / name
        ).read_bytes()
    doc = Document(str(tmp_path / "a" / "published_summary.docx"))
    table = doc.tables[0]
    assert len(table.rows) == len(first.summary) + 1
    assert [c.text for c in table.rows[0].cells][:2] == ["Row", "Date"]
    page = (tmp_path / "a" / "published_summary.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")
    assert "default-src 'none'" in page


def test_the_review_file_selects_and_episodes_publish_their_title(tmp_path: Path):
    folder = _write_folder(tmp_path / "review")
    ids = [
        str(i)
        for i in merge(folder).entries.sort_values("date_start")["entry_id"].iloc[:2]
    ]
    text = (folder / "review.toml").read_text(encoding="utf-8")
    text = text.replace(
        'places = ["Saltmarsh"]',
        f'places = ["Saltmarsh"]\nentries = {ids!r}\nepisodes = "accepted"'.replace(
            "'", '"'
        ),
    )
    text += (
        "\n[[episodes]]\nstart = 2019-09-01\nend = 2019-10-31\n"
        'title = "Starting school and the fall: Sally Okafor"\nstatus = "accepted"\n'
        "\n[[episodes]]\nstart = 2019-11-01\nend = 2019-11-30\n"
        'title = "Not decided yet"\nstatus = "proposed"\n'
    )
    (folder / "review.toml").write_text(text, encoding="utf-8")
    published = publish(folder)
    assert published.summary["source"].tolist() == ["entry", "entry", "episode"]
    episode = published.summary.iloc[2]
    assert episode["source_id"] == "episode 2019-09-01 to 2019-10-31"
    assert episode["text"] == "Starting school and the fall: Child P"
    assert episode["date"] == "01/09/2019 to 31/10/2019"
    every = " ".join(published.summary.astype(str).to_numpy().ravel())
    assert "Not decided" not in every and "Marfan" not in every


def test_selection_mistakes_are_plain_errors(planted):
    _, chronology, _, _ = planted
    with pytest.raises(ChronomergeError, match="Nothing is selected"):
        publish(chronology)
    with pytest.raises(ChronomergeError, match="not in the chronology: Eabcdef01234"):
        publish(chronology, entries=["Eabcdef01234"])
    with pytest.raises(ChronomergeError, match="day or month"):
        publish(chronology, entries=[], episodes="accepted", dates="week")
    with pytest.raises(
        ReviewFileError, match=r"line 3: publish\.entries.*not an entry id"
    ):
        parse_review('[publish]\n\nentries = ["row 12"]\n')


def test_command_writes_the_files(planted, tmp_path: Path):
    folder, _, selected, _ = planted
    out = tmp_path / "cli"
    args = ["publish", str(folder), "--out", str(out), "--dates", "month"]
    for entry_id in selected[:2]:
        args += ["--entry", entry_id]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Published 2 rows" in result.output
    with (out / "published_summary.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(SUMMARY_COLUMNS)
    assert [r["source_id"] for r in rows] == selected[:2]
    failed = CliRunner().invoke(app, ["publish", str(folder), "--out", str(out)])
    assert failed.exit_code == 2 and "Nothing is selected" in failed.output


# --- the sample review ----------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return merge(SAMPLE)


def test_sample_summary_holds_no_name_or_identifier(sample, tmp_path: Path):
    """Every sample entry with a name or identifier in it, the school's
    referral and the child's admission: nothing listed or found survives."""
    finder = _agreed(sample.review)
    entries = sample.entries
    chosen = [
        str(i)
        for i, text in zip(entries["entry_id"], entries["description"], strict=True)
        if find_identifiers(str(text), finder) or "Brookfield" in str(text)
    ]
    admitted = entries[entries["event_type"] == "hospital_admission"]
    chosen += [str(i) for i in admitted["entry_id"]]
    named = entries[entries["description"].str.contains("Ruby|Leanne|Liam", na=False)]
    chosen += [str(i) for i in named["entry_id"].iloc[:5]]
    published = publish(sample, entries=chosen)
    published.write(tmp_path)
    everything = _output_text(tmp_path)
    for name in _listed_names(sample.review):
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", everything, re.I), name
    for text in published.summary["text"]:
        assert find_identifiers(text, finder) == [], text
    assert len(published.summary) == len(set(chosen))
    # The sample's identifying details: the named school in the referral and
    # the exact date of each admission.
    risks = published.risks
    assert "Brookfield Primary" in set(risks.loc[risks["kind"] == "setting", "detail"])
    rare_rows = set(risks.loc[risks["kind"] == "rare_event", "source_id"])
    assert set(admitted["entry_id"]) <= rare_rows
    # Nothing else from the chronology: only the chosen entries' rows.
    unchosen = set(entries["entry_id"]) - set(chosen)
    assert not any(entry_id in everything for entry_id in unchosen)


def test_sample_files_stay_as_they_are(sample, tmp_path: Path):
    """Publishing reads the agency files and never changes them."""
    before = {p.name: p.read_bytes() for p in SAMPLE.iterdir()}
    copy = tmp_path / "child_a"
    shutil.copytree(SAMPLE, copy)
    ids = [str(i) for i in sample.entries["entry_id"].iloc[:3]]
    build_publication(copy, tmp_path / "out", entries=ids)
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


# --- the rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Strategy discussion held; referred to CSC and to Mother's GP.",
        "Child seen in the main road outside school by officers.",
        "Case heard at the Family Court in March; home visit in the morning.",
        "Spoke to Mother at home. Letter sent to the school nurse.",
    ],
)
def test_ordinary_wording_is_no_risk(text: str):
    review = parse_review(REVIEW)
    assert JigsawRules(review).find(text) == []
