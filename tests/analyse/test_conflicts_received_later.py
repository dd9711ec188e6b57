"""A referral and its recipient's later records linked to it are not a
conflict of dates: the recipient acts on it after it was sent. Another
agency's record of the event on another day still is."""

from __future__ import annotations

import csv

import pytest

from chronomerge import merge
from chronomerge.analyse.conflicts import DATES, conflicting_accounts

REVIEW = """
[review]
name = "Received later test review"
subject = "Child G"
period_start = 2022-01-01
period_end = 2022-12-31

[[people]]
label = "Child G"
date_of_birth = 2016-02-01

[[agencies]]
name = "Elmstead Children's Services"
kind = "childrens_social_care"
files = ["csc*.csv"]

[[agencies]]
name = "Greywell Primary School"
kind = "education"
files = ["school*.csv"]

[[agencies]]
name = "Greywell Police"
kind = "police"
files = ["police*.csv"]
"""

# (file, date, words, the event the test groups it in)
ROWS = [
    ("school", "04/04/2022", "Referral to children's social care re bruise.", "G1"),
    ("csc", "06/04/2022", "Assessment visit, Child G seen at home.", "G1"),
    ("school", "02/05/2022", "Referral to children's social care re a cut lip.", "G2"),
    ("police", "04/05/2022", "Officers attended the home, Child G seen.", "G2"),
]


@pytest.fixture(scope="module")
def conflicts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("later")
    (folder / "review.toml").write_text(REVIEW, encoding="utf-8")
    for name in {r[0] for r in ROWS}:
        with (folder / f"{name}_log.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["Date", "Entry"])
            writer.writerows([(d, w) for n, d, w, _ in ROWS if n == name])
    chron = merge(folder)
    entries = chron.entries.copy()
    for _, _, words, group in ROWS:
        at = entries["description"] == words
        assert at.sum() == 1
        entries.loc[at, "event_group"] = group
    return conflicting_accounts(entries, chron.review)


def test_the_recipients_later_record_is_not_a_conflict(conflicts):
    """Social care's visit two days after the school's referral to it."""
    dated = conflicts[conflicts["conflict"] == DATES]
    assert not (dated["second_date"] == "2022-04-06").any()
    assert not (dated["first_date"] == "2022-04-06").any()


def test_another_agencys_record_on_another_day_still_is(conflicts):
    """The police are not the referral's recipient: their record of the
    event two days later is still listed as dates that differ."""
    dated = conflicts[conflicts["conflict"] == DATES]
    may = dated[dated["event_group"] == "G2"]
    assert len(may) == 1
    assert set(may.iloc[0][["first_date", "second_date"]]) == {
        "2022-05-02",
        "2022-05-04",
    }
