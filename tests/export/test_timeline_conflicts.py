"""The timeline marks each entry whose account of an event differs from
another agency's (conflicts.csv), with both accounts in its hover."""

from __future__ import annotations

import sys
from pathlib import Path

from chronomerge import merge
from chronomerge.export.timeline import timeline_figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analyse"))
from test_conflicts import REVIEW, _write  # noqa: E402

POLICE = [
    ("03/02/2022", "21:40", "Incident", "Call from hospital: Child C brought "
     "to ED with a bruise to the left cheek. Officers attended the ward."),
    ("10/03/2022", "10:00", "Enquiry", "Checks on the address completed."),
]  # fmt: skip
HOSPITAL = [
    ("03/02/2022", "19:05", "ED", "Child C brought to ED by mother: bruise to "
     "right cheek, mother says a fall from the sofa. Police attended the ward."),
]  # fmt: skip


def conflicting_review(folder: Path) -> Path:
    """A review folder whose police and hospital accounts of one ED visit
    differ in time and in the side of the injury."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(folder / "police_log.csv", POLICE)
    _write(folder / "hospital_log.csv", HOSPITAL)
    return folder


def test_each_entry_of_a_conflict_is_marked_with_both_accounts(tmp_path):
    chron = merge(conflicting_review(tmp_path / "review"))
    assert len(chron.conflicts) == 2  # times, and the injury's side
    fig = timeline_figure(chron)
    marks = [t for t in fig.data if (t.meta or {}).get("role") == "conflicts"]
    assert len(marks) == 1
    named = set(chron.conflicts["first_entry_id"]) | set(
        chron.conflicts["second_entry_id"]
    )
    assert set(marks[0].customdata) == named
    hover = " ".join(marks[0].hovertext)
    assert "Accounts differ: times differ" in hover
    assert "Accounts differ: injury described differently" in hover
    assert "right cheek" in hover and "left cheek" in hover  # the other account
    assert "not a finding" in hover


def test_no_conflict_no_mark(tmp_path):
    folder = conflicting_review(tmp_path / "review")
    (folder / "hospital_log.csv").unlink()
    chron = merge(folder)
    fig = timeline_figure(chron)
    assert not [t for t in fig.data if (t.meta or {}).get("role") == "conflicts"]


def test_the_conflicts_command_lists_both_accounts(tmp_path):
    from typer.testing import CliRunner

    from chronomerge.cli import app

    folder = conflicting_review(tmp_path / "review")
    result = CliRunner().invoke(
        app, ["conflicts", str(folder), "--quiet"], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    assert "times differ" in result.output
    assert "injury described differently" in result.output
    assert "Eastford Police" in result.output and "Eastford General" in result.output
    assert "2 conflicting accounts" in result.output
    (folder / "hospital_log.csv").unlink()
    alone = CliRunner().invoke(app, ["conflicts", str(folder), "--quiet"])
    assert alone.exit_code == 0
    assert "No two agencies' accounts of one event differ." in alone.output
