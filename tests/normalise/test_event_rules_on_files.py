"""Two event-type rules read as a merge reads them, from files the tests
write: a practitioner's role names the agency a referral went to
(schemas/sharing.toml [roles]), and an ambulance service's every entry is a
call-out (event_scoring.toml [prior_use] firm_kinds). Each has a case it
decides and one it must leave alone. Wording here is the tests' own."""

from __future__ import annotations

import csv
from pathlib import Path

from chronomerge.normalise.recipients import practitioner_roles
from chronomerge.pipeline import read_and_check
from chronomerge.review import Agency, ReviewSettings


def typed_from_file(tmp_path: Path, kind: str, texts: list[str]) -> list[str]:
    """Event types of one agency's CSV file, one dated row per text."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{kind}_chronology.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Date", "Details"])
        for day, text in enumerate(texts, start=1):
            writer.writerow([f"{day:02d}/03/2021", text])
    review = ReviewSettings(
        agencies=[Agency(name=f"The {kind} service", kind=kind, files=[path.name])]
    )
    entries = read_and_check([path], review).entries
    assert list(entries["description"]) == texts  # every row read, in order
    return entries["event_type"].tolist()


def test_the_roles_are_sharing_toml_roles():
    roles = practitioner_roles()
    assert roles["sw"] == "childrens_social_care"
    assert roles["om"] == "probation"  # offender manager (probation)


def test_a_role_names_the_agency_a_referral_went_to(tmp_path):
    got = typed_from_file(
        tmp_path,
        "gp",
        [
            "Referral sent to the SW about the bruise.",
            "Referral sent to the OM about his threats.",
            "Referral sent to the Swan Centre about the bruise.",
        ],
    )
    # "the SW" is children's social care: a referral there is referral_csc
    assert got[0] == "referral_csc"
    # left alone: a role of another agency (the offender manager is
    # probation), and a name that only begins with a role's letters
    assert got[1:] == ["referral_other", "referral_other"]


def test_an_ambulance_service_records_call_outs(tmp_path):
    texts = [
        "Attended address: woman assaulted by partner, injuries to face.",
        "Attended: baby not breathing, CPR, pronounced life extinct.",
    ]
    # the crew's finding (an assault between partners) is what the call-out
    # was about, in the ambulance service's own records
    ambulance = typed_from_file(tmp_path / "a", "ambulance", texts)
    assert ambulance[0] == "ambulance"
    # left alone: a death outranks the call-out, and the same words in a
    # police log are that log's domestic incident
    assert ambulance[1] == "death"
    police = typed_from_file(tmp_path / "p", "police", texts)
    assert police == ["domestic_abuse", "death"]


def test_an_ambulance_services_referral_is_a_referral_not_a_call_out(tmp_path):
    got = typed_from_file(
        tmp_path,
        "ambulance",
        [
            "Safeguarding referral made to children's social care re baby.",
            "Attended address: child fell from sofa, bump to head, not conveyed.",
        ],
    )
    # a crew's referral to another agency is the referral, not its own service
    assert got[0] == "referral_csc"
    # left alone: an ordinary call-out stays the ambulance service's own
    assert got[1] == "ambulance"
