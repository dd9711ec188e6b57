"""Conflicting accounts: two agencies' records of one event that disagree,
found in files written here and measured on the sample review against the
records its generator dated a day out (truth.csv ``planted``: day_out)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl
import pytest

from chronomerge import merge
from chronomerge.analyse.conflicts import conflict_rules, injury_sides
from chronomerge.model import CONFLICT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "child_a"

REVIEW = """
[review]
name = "Conflicts test review"
subject = "Child C"
period_start = 2022-01-01
period_end = 2022-12-31

[[people]]
label = "Child C"
date_of_birth = 2021-06-01

[[agencies]]
name = "Eastford Police"
kind = "police"
files = ["police*.csv"]

[[agencies]]
name = "Eastford General Hospital"
kind = "hospital"
files = ["hospital*.csv"]
"""


def _write(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Time", "Type of contact", "Details"])
        writer.writerows(rows)


@pytest.fixture(scope="module")
def chron(tmp_path_factory):
    folder = tmp_path_factory.mktemp("conflicts")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        folder / "police_log.csv",
        [
            ("03/02/2022", "21:40", "Incident", "Call from hospital: Child C "
             "brought to ED with a bruise to the left cheek. Officers attended "
             "the ward, mother spoken to."),
        ],
    )  # fmt: skip
    _write(
        folder / "hospital_log.csv",
        [
            ("03/02/2022", "19:05", "ED", "Child C brought to ED by mother: "
             "bruise to right cheek, mother says a fall from the sofa. Police "
             "attended the ward."),
        ],
    )  # fmt: skip
    return merge(folder)


def test_both_accounts_side_by_side(chron):
    conflicts = chron.conflicts
    assert list(conflicts.columns) == list(CONFLICT_COLUMNS)
    assert chron.entries["event_group"].nunique() == 1, "the two are linked"
    found = dict(zip(conflicts["conflict"], conflicts["why"], strict=True))
    assert set(found) == {"times differ", "injury described differently"}
    assert "155 minutes apart" in found["times differ"]
    assert "the cheek" in found["injury described differently"]
    row = conflicts.iloc[0]
    assert row["agencies_recording"] == 2
    agencies = {row["first_agency"], row["second_agency"]}
    assert agencies == {"Eastford Police", "Eastford General Hospital"}


def test_the_conflicts_sheet(chron, tmp_path):
    path = chron.write_workbook(tmp_path / "panel_pack.xlsx")
    rows = list(openpyxl.load_workbook(path, read_only=True)["Conflicts"].values)
    assert rows[0][:3] == ("Conflict", "Agencies recording the event", "First agency")
    assert len(rows) == 1 + len(chron.conflicts)


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Bruise to L cheek and right upper arm.", {"cheek": "left",
                                                    "upper arm": "right"}),
        ("Swelling to the left side of the head.", {"head": "left"}),
        ("Marks on left and right wrist.", {}),
        ("Bruising seen, no side given.", {}),
    ],
)  # fmt: skip
def test_injury_sides(text, sides):
    assert injury_sides(text, conflict_rules()) == sides


@pytest.mark.skipif(not SAMPLE.exists(), reason="no sample review")
def test_the_planted_date_conflicts_of_the_sample():
    sys.path.insert(0, str(ROOT))
    from bench.conflicts import measure_sample

    scores = measure_sample(SAMPLE, show=False)
    assert scores["planted"] >= 5
    assert scores["found"] == scores["observable"], "every planted conflict seen"
    for right, rows in scores["precision"].values():
        assert rows == 0 or right / rows >= 0.9


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Seen by the duty worker. Outcome: no further action, case closed.", "closed"),
        ("Strategy discussion held; no further action.", ""),
        ("Agreed to proceed to section 47 enquiries.", "further"),
        ("Threshold for strategy discussion not met; advice given.", ""),
        ("Home visit, family settled.", ""),
    ],
)  # fmt: skip
def test_what_an_account_says_became_of_the_event(text, outcome):
    from chronomerge.analyse.conflicts import outcome_of

    assert outcome_of(text, conflict_rules()) == outcome


PEOPLE_REVIEW = (
    REVIEW
    + """
[[people]]
label = "Mother"

[[people]]
label = "Partner"
aliases = ["Mr Dane"]
"""
)


def test_people_present_and_outcomes_that_differ(tmp_path):
    """One event, two accounts: the police have the partner there and take
    it further; the hospital has him not there and closes it. Both are
    listed, side by side; an event whose accounts agree gives neither."""
    (tmp_path / "review.toml").write_text(PEOPLE_REVIEW, encoding="utf-8")
    _write(
        tmp_path / "police_log.csv",
        [
            ("10/05/2022", "", "Incident", "Officers attended the ward about "
             "Child C's bruising. Mother and Mr Dane present. Referred to "
             "children's social care for a strategy discussion."),
            ("20/06/2022", "", "Incident", "Officers attended the ward about "
             "Child C's scald. Mother present. Referred to children's social "
             "care for a strategy discussion."),
        ],
    )  # fmt: skip
    _write(
        tmp_path / "hospital_log.csv",
        [
            ("10/05/2022", "", "ED", "Child C seen on the ward about bruising, "
             "police attended. Mother present, partner not present. No "
             "further action, discharged home."),
            ("20/06/2022", "", "ED", "Child C seen on the ward about a scald, "
             "police attended. Mother present. Referred to children's social "
             "care for a strategy discussion."),
        ],
    )  # fmt: skip
    chron = merge(tmp_path)
    assert chron.entries["event_group"].nunique() == 2, "each pair is linked"
    c = chron.conflicts
    kinds = set(c["conflict"])
    assert {"outcomes differ", "people present differ"} <= kinds
    may = chron.entries.set_index("entry_id")["date_start"].astype(str)
    for row in c.itertuples(index=False):
        assert may[row.first_entry_id].startswith("2022-05-10"), row.why
        assert row.first_account and row.second_account


def test_times_near_across_midnight_are_possibly_one_event(tmp_path):
    """The police record a domestic at 23:35 and the hospital an assault
    seen at 00:35, both dated 7 May and not linked: an hour apart across
    midnight, possibly one event with one time on the wrong side of it (a
    lower confidence). 12:10 and 13:40 the same day are not near across
    midnight, nor a minor injury seen at 00:20 on another day."""
    (tmp_path / "review.toml").write_text(REVIEW, encoding="utf-8")
    _write(
        tmp_path / "police_log.csv",
        [
            ("07/05/2022", "23:35", "Incident", "Domestic at the address, "
             "neighbour heard shouting. Partner arrested."),
            ("09/06/2022", "12:10", "Incident", "Shoplifting at the market."),
        ],
    )  # fmt: skip
    _write(
        tmp_path / "hospital_log.csv",
        [
            ("07/05/2022", "00:35", "ED", "Mother seen in ED, laceration to "
             "lip, says assaulted."),
            ("09/06/2022", "13:40", "ED", "Child C seen in ED with a rash."),
            ("08/05/2022", "00:20", "ED", "Child C seen in ED with a rash."),
        ],
    )  # fmt: skip
    found = merge(tmp_path).conflicts
    times = found[found["conflict"] == "times differ"]
    assert times[["first_time", "second_time"]].values.tolist() == [["23:35", "00:35"]]
    assert times["confidence"].tolist() == ["lower"]
    assert "across midnight" in times["why"].iloc[0]
