"""Event types read the abbreviations linking reads (schemas/abbreviations.toml),
as a merge reads them from files the tests write. Wording here is the tests' own."""

from __future__ import annotations

from chronomerge.abbreviations import abbreviations
from chronomerge.link.text import normalise_text
from tests.normalise.test_event_rules_on_files import typed_from_file


def test_one_table_for_linking_and_event_types():
    table = abbreviations()
    assert table["cg"] == "core group"
    # linking expands the same table
    assert normalise_text("CG attended") == normalise_text("core group attended")


def test_a_short_form_in_capitals_names_its_expansions_type(tmp_path):
    got = typed_from_file(
        tmp_path,
        "substance_misuse",
        [
            "CG attended, keyworker gave an update on engagement.",
            "ICPC held, children made subject to plans.",
            "Cg.",  # not written in capitals: not the abbreviation
        ],
    )
    assert got[0] == "core_group"
    assert got[1] == "cp_conference"
    assert got[2] != "core_group"
