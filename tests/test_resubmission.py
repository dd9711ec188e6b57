"""A resubmitted agency file against the previous merge: exactly the rows
added, removed and edited are reported, reordered rows are not, and every
panel note lands on its entry or is listed as orphaned. Real files: a CSV
and a workbook written here, notes typed into the pack with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from chronomerge.compare import compare_entries
from chronomerge.export.notes import REMOVED_REASON, SECOND_LOOK
from chronomerge.pipeline import build_pack

REVIEW = """
[review]
name = "Resubmission test"

[[agencies]]
name = "Northshire Police"
kind = "police"
files = ["police*.csv"]

[[agencies]]
name = "Riverside Surgery"
kind = "gp"
files = ["gp*.xlsx"]
"""
HEAD = ["Date", "Description", "Outcome"]
A = ["02/03/2019", "Officers attended a report of a loud argument at the flat", "NFA"]
B = ["05/03/2019", "Mother called to say the father had left the address", "Logged"]
C = [
    "09/03/2019",
    "Neighbour reported a child crying for an hour late at night",
    "Visit",
]
D = [
    "12/03/2019",
    "Safe and well check completed with mother and both children",
    "None",
]
E = ["15/03/2019", "DASH risk assessment completed with mother, graded medium", "MARAC"]
F = ["15/03/2019", "Referral made to children's social care after the incident", "Sent"]
G = ["20/03/2019", "Father arrested on suspicion of breach of bail conditions", "Bail"]
H = ["28/03/2019", "Information shared with the school safeguarding lead", "Shared"]
# The new version: X inserted, C removed, E and F swapped, D's date and G's
# description and outcome edited.
X = [
    "03/03/2019",
    "Welfare call to the house after an anonymous email to the force",
    "OK",
]
D2 = ["13/03/2019", *D[1:]]
G2 = [
    "20/03/2019",
    "Father arrested on suspicion of breaching his bail conditions at the flat",
    "Charged",
]
GP = [
    ["Date", "Details"],
    ["04/03/2019", "Mother seen at the surgery with low mood, medication reviewed"],
    ["18/03/2019", "Child seen for a routine immunisation appointment with mother"],
]


def write_csv(path: Path, rows: list[list[str]], day: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    stamp = dt.datetime(2019, 6, day, 12).timestamp()
    os.utime(path, (stamp, stamp))


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


def note_on(pack: Path, notes: dict[str, str]) -> dict[str, str]:
    """Type notes into the pack's Chronology sheet, against the entries whose
    description begins with each key; returns entry id -> note."""
    book = load_workbook(pack)
    sheet = book["Chronology"]
    heads = [c.value for c in sheet[1]]
    desc, ids, col = (
        heads.index("Description"),
        heads.index("Entry id"),
        heads.index("Panel notes"),
    )
    written = {}
    for row in sheet.iter_rows(min_row=2):
        text = str(row[desc].value or "")
        for start, note in notes.items():
            if text.startswith(start):
                row[col].value = note
                written[str(row[ids].value)] = note
    book.save(pack)
    assert len(written) == len(notes)
    return written


def pack_notes(pack: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(description -> note on the Chronology sheet, orphan id -> (note, why))."""
    book = load_workbook(pack, read_only=True)
    rows = list(book["Chronology"].iter_rows(values_only=True))
    heads = list(rows[0])
    desc, col = heads.index("Description"), heads.index("Panel notes")
    placed = {str(r[desc]): str(r[col]) for r in rows[1:] if r[col]}
    orphans = {}
    if "Orphaned notes" in book.sheetnames:
        for r in list(book["Orphaned notes"].iter_rows(values_only=True))[1:]:
            orphans[str(r[0])] = (str(r[1]), str(r[2]))
    return placed, orphans


@pytest.fixture(scope="module")
def rerun(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agency_files")
    out = tmp_path_factory.mktemp("pack")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_csv(folder / "police_chronology.csv", [HEAD, A, B, C, D, E, F, G, H], 1)
    write_xlsx(folder / "gp_records.xlsx", GP)
    first, _ = build_pack(folder, out, outputs="csv,xlsx")
    entries = first.entries
    ids_before = dict(zip(entries["description"], entries["entry_id"], strict=True))
    typed = note_on(
        out / "panel_pack.xlsx",
        {
            A[1][:30]: "note on A",
            C[1][:30]: "note on C",
            D[1][:30]: "note on D",
            E[1][:30]: "note on E",
            G[1][:30]: "note on G",
            GP[1][1][:30]: "note on the GP entry",
        },
    )
    write_csv(folder / "police_chronology_v2.csv", [HEAD, A, X, B, D2, F, E, G2, H], 20)
    second, _ = build_pack(
        folder, out, outputs="csv,xlsx", notes_from=out / "panel_pack.xlsx"
    )
    return first, second, out, ids_before, typed


def test_the_newer_version_is_used_and_the_earlier_listed(rerun):
    _first, second, _out, _ids, _typed = rerun
    assert set(second.entries["source_file"]) == {
        "police_chronology_v2.csv",
        "gp_records.xlsx",
    }
    said = second.issues[second.issues["code"] == "file-superseded"]
    assert said["source_file"].tolist() == ["police_chronology.csv"]


def test_exactly_the_changes_made(rerun):
    _first, second, out, ids_before, _typed = rerun
    changes = pd.read_csv(out / "changes.csv", dtype=str, keep_default_na=False)
    found = sorted(
        (r.change, r.column, r.before, r.after) for r in changes.itertuples()
    )
    assert found == sorted(
        [
            ("added", "", "", X[1]),
            ("removed", "", C[1], ""),
            ("changed", "date_text", D[0], D2[0]),
            ("changed", "description", G[1], G2[1]),
            ("changed", "outcome", G[2], G2[2]),
        ]
    )
    removed = changes[changes["change"] == "removed"]
    assert removed["entry_id_old"].tolist() == [ids_before[C[1]]]
    assert set(changes["agency"]) == {"Northshire Police"}
    assert all(changes["why"].str.len() > 20)
    assert second.manifest["changes"] == {
        "compared": True,
        "added": 1,
        "removed": 1,
        "changed": 2,
    }
    book = load_workbook(out / "panel_pack.xlsx", read_only=True)
    assert len(list(book["Changes"].iter_rows())) == 1 + 5


def test_every_note_on_its_entry_or_orphaned(rerun):
    _first, _second, out, ids_before, _typed = rerun
    placed, orphans = pack_notes(out / "panel_pack.xlsx")
    assert placed[A[1]] == "note on A"
    assert placed[E[1]] == "note on E"  # reordered: follows its entry
    assert placed[GP[1][1]] == "note on the GP entry"
    assert placed[D[1]].startswith(f"[{SECOND_LOOK}: date text]")
    assert placed[D[1]].endswith("note on D")
    assert placed[G2[1]] == f"[{SECOND_LOOK}: description, outcome]\nnote on G"
    assert len(placed) == 5
    assert orphans == {ids_before[C[1]]: ("note on C", REMOVED_REASON)}


def test_nothing_changed_gives_no_changes(rerun):
    first, _second, _out, _ids, _typed = rerun
    previous = pd.DataFrame(first.entries.astype(str))
    shuffled = first.entries.iloc[::-1].reset_index(drop=True)
    comparison = compare_entries(previous, shuffled)
    assert comparison.compared and comparison.changes.empty
    assert all(new == old for old, (new, what) in comparison.moves.items())
    assert not any(what for _new, what in comparison.moves.values())


def test_first_merge_has_nothing_to_compare(rerun):
    first, _second, _out, _ids, _typed = rerun
    assert first.manifest["changes"]["compared"] is False


def test_a_row_inserted_in_the_same_file_moves_no_note(tmp_path: Path):
    """The agency saves over its file with a row near the top: every later
    row's id moves, yet only that row is a change and every note follows."""
    folder, out = tmp_path / "files", tmp_path / "pack"
    folder.mkdir()
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_csv(folder / "police_chronology.csv", [HEAD, A, B, D, E], 1)
    build_pack(folder, out, outputs="csv,xlsx")
    typed = note_on(out / "panel_pack.xlsx", {B[1][:30]: "B", E[1][:30]: "E"})
    write_csv(folder / "police_chronology.csv", [HEAD, X, A, B, D, E], 2)
    second, _ = build_pack(
        folder, out, outputs="csv,xlsx", notes_from=out / "panel_pack.xlsx"
    )
    changes = pd.read_csv(out / "changes.csv", dtype=str, keep_default_na=False)
    assert changes[["change", "after"]].values.tolist() == [["added", X[1]]]
    placed, orphans = pack_notes(out / "panel_pack.xlsx")
    assert placed == {B[1]: "B", E[1]: "E"} and not orphans
    entries = second.entries
    now = dict(zip(entries["description"], entries["entry_id"], strict=True))
    before = {note: entry_id for entry_id, note in typed.items()}
    # The ids did move (a row was inserted above), the notes with them.
    assert now[B[1]] != before["B"] and now[E[1]] != before["E"]


def test_a_rerun_into_the_same_folder_keeps_the_panel_notes(tmp_path: Path):
    """No --notes: the pack the merge would overwrite gives its notes to the
    new one, so rerunning into the folder the panel annotated loses none."""
    folder, out = tmp_path / "files", tmp_path / "pack"
    folder.mkdir()
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    write_csv(folder / "police_chronology.csv", [HEAD, A, B, D], 1)
    build_pack(folder, out, outputs="csv,xlsx")
    note_on(out / "panel_pack.xlsx", {B[1][:30]: "ask police about B"})
    build_pack(folder, out, outputs="csv,xlsx")
    placed, orphans = pack_notes(out / "panel_pack.xlsx")
    assert placed == {B[1]: "ask police about B"} and not orphans
    build_pack(folder, out, outputs="csv")  # no pack written: none read
    assert pack_notes(out / "panel_pack.xlsx")[0] == placed
