"""Text as the linker compares it: abbreviations, pseudonyms, stop words."""

from __future__ import annotations

import pytest

from chronomerge.link.text import build_rules, normalise_text, tokens
from chronomerge.review import parse_review

REVIEW = parse_review(
    """
[review]
subject = "Child A"

[[people]]
label = "Child A"
aliases = ["Jayden Marsh", "Jayden"]

[[people]]
label = "Mother"
role = "mother"
aliases = ["Kerry Marsh", "Kerry"]

[[people]]
label = "Mr B"
role = "mother's partner"
aliases = ["Dean Cole"]
"""
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Strat disc with SW", "strategy discussion social worker"),
        ("strat mtg", "strategy discussion"),
        ("CP conf held", "child protection conference held"),
        ("ICPC", "initial child protection conference"),
        ("Seen in A&E", "seen emergency department"),
        ("seen at A & E", "seen emergency department"),
        ("taken to ED", "taken emergency department"),
        ("S.47 agreed", "section 47 agre"),
        ("s47 enquiry", "section 47 enquiry"),
        ("HV visit", "health visitor visit"),
        ("DA incident reported", "domestic abuse incident report"),
        ("domestic violence", "domestic abuse"),
        ("WNB to clinic", "not brought clinic"),
        ("DNA appt", "not attend appointment"),
        ("NFA", "no further action"),
        ("Mum’s bruises", "mother s bruis"),
    ],
)
def test_abbreviations_expanded_and_stop_words_dropped(raw, expected):
    assert normalise_text(raw) == expected


def test_expanded_forms_meet_in_the_middle():
    rules = build_rules()
    assert normalise_text("Strat disc, SW, PC", rules) == normalise_text(
        "Strategy discussion with the social worker and a police officer", rules
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jayden seen with Kerry", "seen mother"),
        ("Kerry Marsh and Dean Cole argued", "mother mrb argu"),
        ("Child A seen by Mother", "seen mother"),
    ],
)
def test_pseudonyms_and_real_names_become_one_token(raw, expected):
    assert normalise_text(raw, build_rules(REVIEW)) == expected


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        ("Joint visit with police", {"police"}),
        ("Joint home visit with SW", {"childrens_social_care"}),
        ("PC attended, HV informed", {"police", "health_visiting"}),
        ("Taken to A&E by ambulance", {"hospital", "ambulance"}),
        ("Mother seen at home", set()),
    ],
)
def test_agencies_named_in_text(raw, kinds):
    rules = build_rules()
    assert rules.agencies_named(rules.expand(raw)) == kinds


@pytest.mark.parametrize(
    ("raw", "joint"),
    [("Joint visit with police", True), ("Visit by SW", False)],
)
def test_joint_work_is_seen(raw, joint):
    rules = build_rules()
    assert rules.says_joint(rules.expand(raw)) is joint


def test_people_named_use_review_labels_and_family_roles():
    rules = build_rules(REVIEW)
    assert rules.people_named(rules.expand("Kerry and Dean Cole argued")) == {
        "mother",
        "mrb",
    }
    plain = build_rules()
    assert plain.people_named(plain.expand("Dad collected Child A")) == {
        "father",
        "childa",
    }


def test_tokens_split_punctuation_and_lower_case():
    assert tokens("S.47/Strat—CP-conf") == ["s", "47", "strat", "cp", "conf"]
