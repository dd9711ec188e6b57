"""A type that records one kind of agency's own service (a school's concern
log) is, in another kind's entry, what the entry mentions: it ranks below
the other type the words name (event_scoring.toml [own_service]); records
asked for, checked with or transferred to another agency are information
shared ([recipients.shared]). Read as a merge reads them, from files the
tests write; wording here is the tests' own."""

from __future__ import annotations

from chronomerge.normalise.event_scores import scoring_rules
from tests.normalise.test_event_rules_on_files import typed_from_file

TEXTS = [
    "Safeguarding concern raised with MASH: children left unsupervised overnight.",
    "Safeguarding concern: children left unsupervised overnight.",
]


def test_the_own_service_types_are_read_from_the_schema():
    assert "education_concern" in scoring_rules().own_service
    assert "ed_attendance" not in scoring_rules().own_service


def test_a_schools_type_in_a_housing_log_yields_to_the_referral(tmp_path):
    housing = typed_from_file(tmp_path / "h", "housing", TEXTS)
    assert housing[0] == "referral_csc"
    # left alone: named with no other type, it stands
    assert housing[1] == "education_concern"
    # and in the school's own record it is the school's concern
    school = typed_from_file(tmp_path / "s", "education", TEXTS)
    assert school[1] == "education_concern"


def test_records_asked_for_checked_or_transferred_are_information_shared(tmp_path):
    got = typed_from_file(
        tmp_path / "e",
        "education",
        [
            "Attendance details requested by the HV; sent the same day.",
            "File transferred to the SW at the new school's request.",
        ],
    )
    assert got == ["information_sharing", "information_sharing"]
    probation = typed_from_file(
        tmp_path / "p",
        "probation",
        ["DA checks with police: two call outs to the partner's flat this year."],
    )
    assert probation == ["information_sharing"]
    # left alone: a visit asked of the police by another agency is the
    # police's own call-out
    police = typed_from_file(
        tmp_path / "o",
        "police",
        ["Welfare check requested by the SW. Officers attended, all safe."],
    )
    assert police != ["information_sharing"]
