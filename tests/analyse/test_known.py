"""What was known at each decision: the three lists, checked against the
sample review's truth (truth.csv, truth_sharing.csv: written by the
generator from what it planted, not by chronomerge) and read back from the
workbook's What was known sheet as a panel member would."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from chronomerge import merge
from chronomerge.analyse.known import decision_rules, decision_words

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "child_a"
CSC = "Wexmoor Children's Social Care"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="no sample review")


@cache
def chronology():
    return merge(SAMPLE)


def _rows(name: str) -> list[dict[str, str]]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if "source_file" in row:
            row["pos"] = "|".join(
                (row["source_file"], row["source_location"], row["source_row"])
            )
    return rows


def expected_lists(decision: dict[str, str]) -> dict[str, set[str]]:
    """The three lists the truth gives for one planted CSC decision: CSC's
    own entries in the lookback, the planted sends to CSC it received by
    then, and the other agencies' notable entries (and unreceived sends to
    CSC) of events CSC never recorded."""
    rules = decision_rules()
    truth, sends = _rows("truth.csv"), _rows("truth_sharing.csv")
    at = {t["pos"]: t for t in truth}
    day = dt.date.fromisoformat(decision["date_start"])
    first = day - dt.timedelta(days=rules.lookback_days)

    def before(t: dict[str, str]) -> bool:
        return bool(
            t["date_start"]
            and first <= dt.date.fromisoformat(t["date_start"])
            and dt.date.fromisoformat(t["date_end"]) <= day
            and t["pos"] != decision["pos"]
        )

    own = {t["pos"] for t in truth if t["agency"] == CSC and before(t)}
    to_csc = [s for s in sends if s["to_agency"] == CSC and before(at[s["send_entry"]])]
    shared = {
        s["send_entry"]
        for s in to_csc
        if s["received"] == "true"
        and min(at[p]["date_start"] for p in s["receipt_entries"].split(";"))
        <= decision["date_start"]
    }
    recorded = {
        t["true_event_id"]
        for t in truth
        if t["agency"] == CSC and t["date_start"] and t["date_start"] <= str(day)
    }
    unknown = {
        t["pos"]
        for t in truth
        if t["agency"] != CSC
        and before(t)
        and t["event_type"] in rules.notable_types
        and t["true_event_id"] not in recorded
        and t["pos"] not in shared
    } | {
        s["send_entry"]
        for s in to_csc
        if s["send_entry"] not in shared
        and at[s["send_entry"]]["true_event_id"] not in recorded
    }
    return {rules.own: own, rules.shared: shared, rules.unknown: unknown}


def positions(chron) -> dict[str, str]:
    """entry_id -> "file|location|row", the truth's key."""
    e = chron.entries
    keys = e["source_file"] + "|" + e["source_location"].astype(str)
    keys = keys + "|" + e["source_row"].astype(str)
    return dict(zip(e["entry_id"], keys, strict=True))


def found_lists(decision_pos: str) -> dict[str, set[str]]:
    chron = chronology()
    position = positions(chron)
    entry_id = {p: i for i, p in position.items()}[decision_pos]
    known = chron.known[chron.known["decision_entry_id"] == entry_id]
    rules = decision_rules()
    return {
        name: {position[i] for i in known.loc[known["known_as"] == name, "entry_id"]}
        for name in (rules.own, rules.shared, rules.unknown)
    }


def closures() -> list[dict[str, str]]:
    return [
        t
        for t in _rows("truth.csv")
        if t["agency"] == CSC and t["event_type"] == "case_closure"
    ]


def test_the_last_planted_closure_has_exactly_the_three_lists():
    """The closure that follows the final referral, 60 days on: every list as
    the truth gives it, entry for entry."""
    decision = closures()[-1]
    expected, found = expected_lists(decision), found_lists(decision["pos"])
    assert all(expected.values()), "each list has entries"
    assert found == expected


@pytest.mark.parametrize("which", [0, 1, 2])
def test_every_planted_closure_lists_what_the_truth_says(which):
    """Each CSC closure: nothing listed that the truth does not give, and at
    least 95% of each list (the rest are entries the event typing reads
    differently, e.g. an injury seen at a home visit)."""
    decision = closures()[which]
    expected, found = expected_lists(decision), found_lists(decision["pos"])
    for name, listed in expected.items():
        assert found[name] <= listed, name
        assert len(found[name]) >= 0.95 * len(listed), name


def test_the_what_was_known_sheet_shows_the_three_lists(tmp_path):
    chron = chronology()
    path = chron.write_workbook(tmp_path / "panel_pack.xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True)["What was known"]
    rows = list(sheet.iter_rows(values_only=True))
    heads = list(rows[0])
    decision = closures()[-1]
    expected = expected_lists(decision)
    position = positions(chron)
    entry_id = {p: i for i, p in position.items()}[decision["pos"]]
    mine = [dict(zip(heads, r, strict=True)) for r in rows[1:]]
    mine = [r for r in mine if r["Decision entry id"] == entry_id]
    assert mine[0]["List"] == "the decision"
    assert mine[0]["Entry"] == decision["description"]
    assert mine[0]["Decision date"] == dt.date.fromisoformat(
        decision["date_start"]
    ).strftime("%d/%m/%Y")
    for name, listed in expected.items():
        shown = {position[r["Entry id"]] for r in mine if r["List"] == name}
        assert shown == listed, name
    lists = [r["List"] for r in mine[1:]]
    assert lists == sorted(lists, key=[*expected].index), "lists in order"
    assert all(r["Why"] for r in mine[1:])


@pytest.mark.parametrize(
    ("event_type", "kind", "text", "said"),
    [
        ("case_closure", "childrens_social_care", "Closed.", "case closure"),
        ("strategy_discussion", "childrens_social_care", "Strategy held.",
         "strategy discussion outcome"),
        # an attendee's record of the meeting is not its decision
        ("strategy_discussion", "police", "DC attended strategy.", ""),
        ("police_incident", "police", "Words only. NFA.", "no further action"),
        ("assessment", "childrens_social_care", "Assessment done: step down to "
         "early help.", "step down"),
        ("health_contact", "gp", "Decided not to refer; will review.",
         "decision not to refer"),
        ("health_contact", "gp", "Seen for a cough.", ""),
    ],
)  # fmt: skip
def test_decisions_read_from_type_and_words(event_type, kind, text, said):
    assert decision_words(event_type, kind, text, decision_rules()) == said


def test_the_known_command_lists_one_agencys_decisions():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "chronomerge", "known", str(SAMPLE), "--agency",
         "social care", "-q"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Wexmoor Children's Social Care: case closure" in done.stdout
    assert "Wexmoor Police" not in done.stdout
    assert "not known to it:" in done.stdout


def test_the_local_page_shows_the_decisions_filterable_by_agency(tmp_path):
    """The sharing page's What was known section: one block a decision, an
    agency filter made of CSS alone (the page runs no script)."""
    chron = chronology()
    page = chron.write_sharing_map(tmp_path / "sharing.html").read_text("utf-8")
    assert "<script" not in page
    decisions = chron.known["decision_entry_id"].nunique()
    assert page.count('<details class="d a') == decisions
    agencies = sorted(set(chron.known["deciding_agency"]))
    for i, agency in enumerate(agencies, start=1):
        label = agency.replace("'", "&#x27;")
        assert f'<label for="f{i}">{label}</label>' in page
        assert f"#f{i}:checked ~ .decisions .d:not(.a{i})" in page


def test_the_known_command_counts_shown_entries_and_says_how_many_more(tmp_path):
    """A list longer than [decisions] list_limit shows its latest entries and
    a line for the rest: the command counts the entries, not that line."""
    import os
    import re
    import subprocess
    import sys

    rules = (ROOT / "schemas" / "sharing.toml").read_text(encoding="utf-8")
    rules, swapped = re.subn(r"(?m)^list_limit = \d+$", "list_limit = 2", rules)
    assert swapped == 1
    (tmp_path / "sharing.toml").write_text(rules, encoding="utf-8")
    env = {**os.environ, "CHRONOMERGE_SCHEMAS": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "chronomerge", "known", str(SAMPLE), "-q"],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    counts = re.findall(r"^  [^:]+: (\d+) entr", done.stdout, re.M)
    assert counts and max(int(n) for n in counts) == 2
    more = r": 2 entries; and \d+ earlier entr(y|ies) in this list"
    assert re.search(more, done.stdout)
