"""A type that records one kind of agency's own service (a school's concern
log) is, in another kind's entry, what the entry mentions: it ranks below
the other type the words name (event_scoring.toml [own_service]). Read as a
merge reads it, from files the tests write; wording here is the tests' own."""

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
