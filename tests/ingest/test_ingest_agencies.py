"""Agency detection (chronomerge.agencies)."""

from __future__ import annotations

import pytest

from chronomerge.agencies import AgencyResolver, normalise_name
from chronomerge.review import Agency, FileOverride, ReviewSettings

DEFAULT = AgencyResolver(ReviewSettings())
REVIEW = ReviewSettings(
    agencies=[
        Agency(name="Wexmoor Police", kind="police", files=["wex_pol*.xlsx"]),
        Agency(name="Castle Lane Surgery", aliases=["CLS"]),
        Agency(name="Fenbridge Hospitals", kind="hospital"),
        Agency(name="St Anne's Hospital", kind="hospital"),
    ],
    files=[FileOverride(match="odd*.csv", agency="Castle Lane Surgery")],
)
WITH_REVIEW = AgencyResolver(REVIEW)


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("Child A LCSPR - Police chronology v3 FINAL.xlsx", ("Police", "police")),
        (
            "CSC_chronology_Child_A.xlsx",
            ("Children's Social Care", "childrens_social_care"),
        ),
        (
            "children's social care chronology.docx",
            ("Children's Social Care", "childrens_social_care"),
        ),
        ("Fenbridge_Hospitals_chronology.docx", ("Hospital", "hospital")),
        ("HV_0-19_chronology.docx", ("Health Visiting", "health_visiting")),
        ("Edward Street notes.csv", None),  # "ED" only as a whole word
        ("Policeman's ball.xlsx", None),
    ],
)
def test_file_names(name, agency):
    assert DEFAULT.from_filename(name) == agency


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        # A kind the review has one agency of is named as the review names it.
        ("Northshire Constabulary", ("Wexmoor Police", "police")),
        ("Wexmoor Police PPU", ("Wexmoor Police", "police")),  # review first
        ("police", ("Wexmoor Police", "police")),  # the review's one police agency
        ("CLS", ("Castle Lane Surgery", "gp")),  # kind inferred from "surgery"
        ("Emergency Department", ("Hospital", "hospital")),  # two review hospitals
        ("Acme Charity", None),
    ],
)
def test_values_prefer_the_review_then_the_longest_alias(text, agency):
    assert WITH_REVIEW.match(text) == agency


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        (["Chronology", "Agency: Northshire Constabulary"], ("Police", "police")),
        (["Police chronology", "Organisation - Acme Charity"], ("Acme Charity", "")),
        (
            ["Child A LCSPR", "Health visiting chronology"],
            ("Health Visiting", "health_visiting"),
        ),
        (
            [
                "Please record every contact with the police, health services, "
                "schools and children's social care in date order below."
            ],
            None,
        ),
    ],
)
def test_title_lines(lines, agency):
    assert DEFAULT.from_title(lines) == agency


def test_file_level_order_review_then_title_then_name():
    assert WITH_REVIEW.for_file("wex_pol_2.XLSX", ["Agency: GP"]).basis == "review"
    assert WITH_REVIEW.for_file("odd_one.csv", []).name == "Castle Lane Surgery"
    choice = WITH_REVIEW.for_file("gp notes.csv", ["Agency: Northshire Police"])
    assert (choice.name, choice.basis) == ("Wexmoor Police", "title")
    choice = DEFAULT.for_file("gp notes.csv", [])
    assert (choice.name, choice.basis) == ("GP", "filename")
    choice = DEFAULT.for_file("notes 2019.csv", [])
    assert (choice.name, choice.kind, choice.basis) == ("notes 2019", "", "default")


def test_normalise_name():
    assert normalise_name("Children’s Social-Care (MASH) & A&E") == (
        "childrens social care mash and a and e"
    )


def test_entry_kinds_keep_ingests_kind_and_fill_by_the_same_rule(tmp_path):
    """A frame read by ingest keeps its kinds; a frame made by hand (an
    analyst's, with no agency_kind column) gets the kinds ingest would give
    the same agency names, the review file's first."""
    from ingest_helpers import write_csv

    from chronomerge.agencies import entry_kinds
    from chronomerge.ingest import read_inputs

    review = ReviewSettings(agencies=[Agency(name="Riverside Hub", kind="school")])
    rows = [["Date", "Agency", "Details"]]
    rows += [["01/03/2019", "Northshire Constabulary", "Call-out to the address"]]
    rows += [["02/03/2019", "Riverside Hub", "Late to school again"]]
    rows += [["03/03/2019", "Health Visiting Team", "New birth visit"]]
    entries = read_inputs(write_csv(tmp_path / "mixed.csv", rows), review).entries
    assert list(entry_kinds(entries, review)) == list(entries["agency_kind"])
    assert list(entries["agency_kind"]) == ["police", "school", "health_visiting"]
    by_hand = entries[["agency", "description"]].copy()
    assert list(entry_kinds(by_hand, review)) == list(entries["agency_kind"])
    by_hand["agency_kind"] = ["", "nursery", ""]
    kinds = list(entry_kinds(by_hand, review))
    assert kinds == ["police", "nursery", "health_visiting"]
