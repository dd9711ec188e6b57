"""The author decides: links to force and links to refuse, by entry id, applied
the same way on every run."""

from __future__ import annotations

import pytest
from link_helpers import entry, frame

from chronomerge.link import link_entries
from chronomerge.review import parse_review

CSC, POLICE, HV, GP = "Children's Social Care", "Police", "Health Visiting", "GP"


def sample():
    return frame(
        entry(CSC, "2019-03-12", "strategy_discussion", "Strategy discussion held."),
        entry(POLICE, "2019-03-12", "strategy_discussion", "Strat disc with CSC."),
        entry(HV, "2019-04-02", "home_visit", "HV visit, baby weighed."),
        entry(CSC, "2019-04-02", "home_visit", "SW visit, Child A seen."),
        entry(GP, "2019-04-20", "gp_consultation", "Child A seen with a cough."),
    )


def review_with(link=(), unlink=()):
    def toml_list(groups):
        return (
            "["
            + ", ".join("[" + ", ".join(f'"{i}"' for i in g) + "]" for g in groups)
            + "]"
        )

    return parse_review(
        f"[decisions]\nlink = {toml_list(link)}\nunlink = {toml_list(unlink)}\n"
    )


def grouped(entries, result):
    out = {}
    for k, group in result.event_group.items():
        out.setdefault(group, set()).add(entries["entry_id"][k])
    return {frozenset(m) for m in out.values() if len(m) > 1}


def test_without_decisions_the_meeting_links_and_the_visits_do_not():
    entries = sample()
    ids = list(entries["entry_id"])
    assert grouped(entries, link_entries(entries, review_with())) == {
        frozenset(ids[:2])
    }


def test_forced_link_joins_entries_the_linker_kept_apart():
    entries = sample()
    ids = list(entries["entry_id"])
    result = link_entries(entries, review_with(link=[[ids[2], ids[3]]]))
    assert grouped(entries, result) == {frozenset(ids[:2]), frozenset(ids[2:4])}
    row = result.groups[result.groups["size"] == 2].set_index("decided")
    assert row.loc["forced", "score"] == 1.0
    assert row.loc["forced", "reasons"].startswith("linked by the review author")
    assert row.loc["auto", "score"] < 1.0


def test_forced_link_of_entries_on_different_dates_and_one_agency():
    entries = sample()
    ids = list(entries["entry_id"])
    result = link_entries(entries, review_with(link=[[ids[4], ids[2], ids[0]]]))
    # ids[0] was linked with ids[1] (one strategy discussion): it comes along.
    assert grouped(entries, result) == {frozenset([*ids[:3], ids[4]])}


def near_miss():
    """A strategy discussion two agencies recorded (linked), and the health
    visitor's note of it a week later, which the linker cannot link."""
    return frame(
        entry(CSC, "2019-03-12", "strategy_discussion", "Strategy discussion held."),
        entry(POLICE, "2019-03-12", "strategy_discussion", "Strat disc with CSC."),
        entry(HV, "2019-03-19", "information_sharing", "Told of last week's strat."),
    )


@pytest.mark.parametrize("named", [0, 1])
def test_a_link_merges_the_groups_its_entries_were_in(named):
    """Linking the near miss to either account of the meeting puts it with
    both: the author's link never splits a group the linker made."""
    entries = near_miss()
    ids = list(entries["entry_id"])
    assert grouped(entries, link_entries(entries, review_with())) == {
        frozenset(ids[:2])
    }
    result = link_entries(entries, review_with(link=[[ids[2], ids[named]]]))
    assert grouped(entries, result) == {frozenset(ids)}
    row = result.groups[result.groups["size"] == 3].iloc[0]
    assert row["decided"] == "forced" and row["score"] < 1.0
    assert row["reasons"].startswith("linked by the review author")
    assert result.issues == []


def test_links_sharing_an_entry_make_one_group():
    entries = sample()
    ids = list(entries["entry_id"])
    result = link_entries(
        entries, review_with(link=[[ids[2], ids[3]], [ids[3], ids[4]]])
    )
    assert grouped(entries, result) == {frozenset(ids[:2]), frozenset(ids[2:])}


def test_a_refusal_keeps_the_groups_of_a_link_apart():
    entries = near_miss()
    ids = list(entries["entry_id"])
    review = review_with(link=[[ids[2], ids[0]]], unlink=[[ids[1], ids[2]]])
    result = link_entries(entries, review)
    assert grouped(entries, result) == {frozenset(ids[:2])}
    assert [(i.code, {i.value, i.message.split("'")[3]}) for i in result.issues] == [
        ("decision-conflict", {ids[1], ids[2]})
    ]


def test_refused_link_keeps_apart_what_the_linker_joined():
    entries = sample()
    ids = list(entries["entry_id"])
    result = link_entries(entries, review_with(unlink=[[ids[1], ids[0]]]))
    assert grouped(entries, result) == set()
    assert result.issues == []


def test_decisions_naming_unknown_entries_are_reported_and_the_rest_applied():
    entries = sample()
    ids = list(entries["entry_id"])
    result = link_entries(
        entries,
        review_with(link=[[ids[2], "E0000000000", ids[3]]], unlink=[["Enope", ids[0]]]),
    )
    assert frozenset(ids[2:4]) in grouped(entries, result)
    found = sorted((i.code, i.column, i.value) for i in result.issues)
    assert found == [
        ("decision-unknown-entry", "decisions.link", "E0000000000"),
        ("decision-unknown-entry", "decisions.unlink", "Enope"),
    ]
    assert all("not in this merge" in i.message for i in result.issues)


def test_a_link_and_a_refusal_of_the_same_pair_is_a_conflict_and_kept_apart():
    entries = sample()
    ids = list(entries["entry_id"])
    result = link_entries(
        entries,
        review_with(link=[[ids[2], ids[3], ids[4]]], unlink=[[ids[4], ids[2]]]),
    )
    groups = grouped(entries, result)
    assert not any(ids[2] in g and ids[4] in g for g in groups)
    assert [i.code for i in result.issues] == ["decision-conflict"]


def test_decisions_survive_a_rerun_with_rows_in_another_order():
    entries = sample()
    ids = list(entries["entry_id"])
    review = review_with(link=[[ids[2], ids[3]]], unlink=[[ids[0], ids[1]]])
    first = link_entries(entries, review)
    again = link_entries(entries.iloc[::-1], review)
    assert grouped(entries, first) == grouped(entries, again) == {frozenset(ids[2:4])}
    assert first.groups.equals(again.groups)
