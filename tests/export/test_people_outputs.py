"""The register of people in the outputs: the pack's People sheet, the
prompt beside the person it names, no alias anywhere, and the command
`chronomerge people`, on agency files written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))
from ingest_helpers import write_csv, write_xlsx  # noqa: E402

from chronomerge import find_people  # noqa: E402
from chronomerge.cli import app  # noqa: E402
from chronomerge.export.pack_tables import PEOPLE_HEADINGS  # noqa: E402
from chronomerge.pipeline import build_pack  # noqa: E402

REVIEW = """[review]
name = "Register test"
subject = "Child D"
period_start = 2021-01-01
period_end = 2021-12-31

[[people]]
label = "Child D"
role = "subject child"
date_of_birth = 2020-09-14
aliases = ["Nell Orchard", "Nell"]

[[people]]
label = "Mother"
role = "mother"
aliases = ["Tamsin Orchard", "Tamsin"]

[[people]]
label = "Man 1"
role = "stepfather"
aliases = ["Owen Braddock", "Mr Braddock"]

[[agencies]]
name = "Eastvale Constabulary"
kind = "police"
files = ["eastvale*"]

[[agencies]]
name = "Eastvale Housing"
kind = "housing"
files = ["housing*"]

[[agencies]]
name = "Eastvale GP"
kind = "gp"
files = ["gp*"]
"""
POLICE = [
    ["Occurrence date", "Summary"],
    ["12/02/2021", "Mr Braddock reported missing van; seen at the flat later."],
    ["30/08/2021", "Neighbour call: raised voices, Owen Braddock spoken to."],
]
HOUSING = [
    ["Date", "Note", "Present"],
    ["03/05/2021", "Tenancy visit. Stepfather present, Tamsin said rent is paid.", ""],
    ["20/07/2021", "Gas safety check completed, no issues.", "MGF"],
]
GP = [
    ["Date", "Consultation"],
    ["19/03/2021", "Child D seen with Mother for cough; Nell well otherwise."],
    ["11/10/2021", "Mother reviewed, mood better. MGF drove her to surgery."],
]
ALIASES = ("Braddock", "Owen", "Tamsin", "Orchard", "Nell")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("register")
    (path / "review.toml").write_text(REVIEW)
    write_xlsx(path / "eastvale_log.xlsx", {"Log": POLICE})
    write_csv(path / "housing_notes.csv", HOUSING)
    write_csv(path / "gp_extract.csv", GP)
    return path


def _rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    heads = rows[0]
    return [dict(zip(heads, r, strict=False)) for r in rows[1:]]


def _every_cell(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield from (str(v) for v in row if v is not None)


@pytest.fixture(scope="module")
def pack(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    chronology, _ = build_pack(folder, out, outputs="csv,xlsx")
    return chronology, out


def test_the_people_sheet_holds_every_register_row(pack):
    chronology, out = pack
    book = load_workbook(out / "panel_pack.xlsx")
    assert book.sheetnames.index("People") > book.sheetnames.index("Episodes")
    sheet = book["People"]
    assert [c.value for c in sheet[1]] == [h for h, _ in PEOPLE_HEADINGS]
    assert sheet.column_dimensions["J"].width >= 50  # the prompt is readable
    rows = _rows(sheet)
    people = chronology.people
    assert [r["Person"] for r in rows] == people.person.tolist()
    assert [r["Person"] for r in rows] == [
        "Child D",
        "Mother",
        "Man 1",
        "Maternal grandfather",
        "Neighbour",
    ]
    by = {r["Person"]: r for r in rows}
    assert by["Man 1"]["Agencies"] == "Eastvale Constabulary; Eastvale Housing"
    assert by["Man 1"]["Entries"] == 3 and by["Man 1"]["Adult"] == "yes"
    assert by["Man 1"]["First mention"] == "12/02/2021"
    assert by["Child D"]["Adult"] == "no"
    # Named only in a column of the agency's own (kept as extra.Present).
    assert by["Maternal grandfather"]["Agencies"] == "Eastvale GP; Eastvale Housing"
    assert by["Neighbour"]["Adult"] == "not known"  # not of the family
    # The entry ids are the Chronology sheet's, in its order.
    order = [r["Entry id"] for r in _rows(book["Chronology"])]
    for row, ids in zip(rows, people.entry_ids, strict=True):
        shown = row["Entry ids"].split("; ")
        assert sorted(shown) == sorted(ids.split(";"))
        assert shown == sorted(shown, key=order.index)


def test_the_prompt_is_beside_the_person_it_names(pack):
    chronology, out = pack
    flags = chronology.flags
    mine = flags[flags.flag == "adult_not_known_to_health_or_care"]
    assert len(mine) == 1 and mine.summary.iloc[0].startswith("Man 1 ")
    by = {
        r["Person"]: r for r in _rows(load_workbook(out / "panel_pack.xlsx")["People"])
    }
    assert by["Man 1"]["Prompt for the panel"] == mine.summary.iloc[0]
    assert by["Mother"]["Prompt for the panel"] is None  # the GP named her


def test_no_alias_in_the_register_and_none_in_a_pseudonymised_pack(
    pack, folder, tmp_path
):
    _, out = pack
    sheet = load_workbook(out / "panel_pack.xlsx")["People"]
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    assert not [a for a in ALIASES if a in text]
    chronology, _ = build_pack(folder, tmp_path, outputs="xlsx", pseudonymise=True)
    book = load_workbook(tmp_path / "panel_pack.xlsx")
    cells = " ".join(_every_cell(book))
    assert not [a for a in ALIASES if a in cells]
    rows = _rows(book["People"])
    assert [r["Person"] for r in rows] == [
        "Child D",
        "Mother",
        "Man 1",
        "Maternal grandfather",
        "Neighbour",
    ]
    assert {r["Person"]: r["Entries"] for r in rows}["Man 1"] == 3


def test_the_pack_is_the_same_bytes_when_made_again(folder, pack, tmp_path):
    _, out = pack
    build_pack(folder, tmp_path, outputs="csv,xlsx")
    for name in ("panel_pack.xlsx", "people.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_the_people_command_prints_the_register(folder):
    result = CliRunner().invoke(
        app, ["people", str(folder), "-q"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    register = find_people(folder)
    for person in register.person:
        assert person in result.output
    assert "Man 1 (stepfather)" in result.output
    assert "Eastvale Constabulary; Eastvale Housing" in result.output
    assert "12/02/2021 to 30/08/2021" in result.output
    assert not [a for a in ALIASES if a in result.output]


def test_the_timeline_carries_each_persons_points(pack):
    from chronomerge.export.timeline import timeline_figure

    chronology, _ = pack
    fig = timeline_figure(chronology)
    people = fig.layout.meta["people"]
    register = chronology.people.set_index("person")
    assert [p["person"] for p in people] == list(register.index)
    dated = set(chronology.entries.entry_id[chronology.entries.date_start != ""])
    for person in people:
        ids = {
            fig.data[int(number)].customdata[j]
            for number, at in person["points"].items()
            for j in at
        }
        wanted = set(register.loc[person["person"], "entry_ids"].split(";")) & dated
        assert ids == wanted and person["entries"] == len(wanted)


def test_a_register_left_beside_the_files_is_not_read_as_one(pack, folder, tmp_path):
    import shutil

    from chronomerge.pipeline import merge

    _, out = pack
    for path in folder.iterdir():
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(out / "people.csv", tmp_path / "people.csv")
    root = Path(__file__).resolve().parents[2]
    truth = root / "sample_data" / "child_a" / "truth_people.csv"
    shutil.copy(truth, tmp_path / "truth_people.csv")
    chronology = merge(tmp_path)
    assert set(chronology.entries.source_file) == {
        "eastvale_log.xlsx",
        "housing_notes.csv",
        "gp_extract.csv",
    }
    skipped = chronology.issues[chronology.issues.code == "file-skipped"]
    for name in ("people.csv", "truth_people.csv"):
        why = skipped[skipped.source_file == name].message.tolist()
        assert why and "chronomerge output or answer key" in why[0], name


def test_a_person_named_in_thousands_of_entries_fits_one_cell(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "review.toml").write_text(REVIEW)
    rows = [["Date", "Consultation"]]
    rows += [
        [f"{1 + k % 28:02d}/{1 + k // 28 % 12:02d}/2021", f"Mother seen, note {k}."]
        for k in range(2100)
    ]
    write_csv(folder / "gp_extract.csv", rows)
    chronology, _ = build_pack(folder, tmp_path / "out", outputs="csv,xlsx")
    book = load_workbook(tmp_path / "out" / "panel_pack.xlsx", read_only=True)
    by = {r["Person"]: r for r in _rows(book["People"])}
    cell = by["Mother"]["Entry ids"]
    assert len(cell) < 32_767 and cell.endswith(
        "and 100 more (people.csv lists every one)"
    )
    mother = chronology.people.set_index("person").loc["Mother"]
    assert len(mother.entry_ids.split(";")) == 2100  # people.csv keeps them all
