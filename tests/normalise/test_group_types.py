"""An uncertain entry takes the type its event group agrees on, after linking
(chronomerge/normalise/group_types.py, event_scoring.toml [consensus]): read
as a merge reads three agencies' CSV files that the tests write, one meeting
recorded by each. Wording here is the tests' own."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from chronomerge.normalise.group_types import (
    consensus_rules,
    group_consensus,
    read_consensus_rules,
)
from chronomerge.pipeline import merge
from chronomerge.review import Agency, ReviewSettings

CSC = "Core group meeting held at Oak Primary. Mother and DSL attended; plan reviewed."
HV = "Core group meeting at Oak Primary attended by HV; mother present, plan reviewed."


def merged(tmp_path: Path, school: str, school_type: str = ""):
    """Three agencies' records of one morning's meeting, merged."""
    rows = {"childrens_social_care": CSC, "health_visiting": HV, "education": school}
    agencies = []
    for kind, text in rows.items():
        path = tmp_path / f"{kind}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["Date", "Time", "Type", "Details"])
            typed = school_type if kind == "education" else ""
            writer.writerow(["04/03/2021", "10:00", typed, text])
        agencies.append(
            Agency(name=f"The {kind} service", kind=kind, files=[path.name])
        )
    chronology = merge([tmp_path], ReviewSettings(agencies=agencies))
    entries = chronology.entries.set_index("agency")
    return entries.loc["The education service"], entries, chronology.issues


def test_an_uncertain_entry_takes_its_groups_type(tmp_path):
    # the school's note names no kind of event: only its kind decided it
    school, entries, issues = merged(
        tmp_path,
        "Attended at Oak Primary with mother 10:00, plan reviewed and actions agreed.",
    )
    assert entries["event_group"].nunique() == 1  # the three are linked
    assert school["event_type"] == "core_group"
    assert school["event_type_source"] == "group"
    assert school["event_type_confidence"] >= consensus_rules().others_at_least
    mine = issues[issues["source_file"] == "education.csv"]
    # the uncertain reading's issue is replaced by one saying why
    assert mine["code"].tolist() == ["event-type-from-group"]
    message = mine["message"].iloc[0]
    assert "education_concern" in message and "The health_visiting service" in message


def test_a_confident_reading_is_kept(tmp_path):
    school, entries, issues = merged(
        tmp_path,
        "Child protection conference at Oak Primary 10:00 attended with mother, "
        "plan reviewed and actions agreed.",
    )
    assert entries["event_group"].nunique() == 1
    assert (school["event_type"], school["event_type_source"]) == (
        "cp_conference",
        "text",
    )
    assert "event-type-from-group" not in set(issues["code"])


def test_the_agencys_own_type_column_is_kept(tmp_path):
    # a type column value keeps its type whatever the group says
    school, _, _ = merged(
        tmp_path,
        "Attended at Oak Primary with mother 10:00, plan reviewed and actions agreed.",
        school_type="Safeguarding",
    )
    assert school["event_type"] == "education_concern"
    assert school["event_type_source"] == "column"


def _frame(rows: list[tuple[str, str, float, str, str]]) -> pd.DataFrame:
    kinds = {"Police": "police", "Hospital": "hospital", "School": "education"}
    frame = pd.DataFrame(
        rows,
        columns=[
            "event_group",
            "event_type",
            "event_type_confidence",
            "event_type_source",
            "agency",
        ],
    )
    return frame.assign(agency_kind=frame["agency"].map(kinds).fillna(""))


def test_a_divided_group_or_an_incident_changes_nothing():
    rules = read_consensus_rules({"below": 0.5, "others_at_least": 0.8})
    divided = _frame(
        [
            ("G1", "professionals_meeting", 0.3, "text", "School"),
            ("G1", "core_group", 0.95, "text", "CSC"),
            ("G1", "cp_conference", 0.9, "text", "Health"),
        ]
    )
    assert group_consensus(divided, rules) == []
    # an incident's agencies each record their own part of it
    incident = _frame(
        [
            ("G2", "police_incident", 0.4, "text", "Police"),
            ("G2", "ed_attendance", 0.97, "text", "Hospital"),
            # typed by the police's kind alone: a police log is not an
            # ED attendance, whatever the hospital records
            ("G4", "police_incident", 0.3, "default", "Police"),
            ("G4", "ed_attendance", 0.97, "text", "Hospital"),
        ]
    )
    assert group_consensus(incident, rules) == []
    # the same rows in another order: the same answer
    meeting = _frame(
        [
            ("G3", "professionals_meeting", 0.3, "text", "School"),
            ("G3", "core_group", 0.95, "text", "CSC"),
        ]
    )
    forward = group_consensus(meeting, rules)
    backward = group_consensus(meeting.iloc[::-1].reset_index(drop=True), rules)
    assert [(r.old, r.new) for r in forward] == [
        ("professionals_meeting", "core_group")
    ]
    assert [(r.old, r.new, r.confidence) for r in backward] == [
        (r.old, r.new, r.confidence) for r in forward
    ]
