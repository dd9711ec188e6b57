"""Conflicts between a send and the receipt the sharing ledger matched to it:
which pairs are received later (not a conflict of dates), and a call or
reply whose two records are dated on different days."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .conflicts_rules import DATES, ConflictRules, account, before, uk


def received_later_pairs(
    frame: pd.DataFrame, sharing: pd.DataFrame, rules: ConflictRules
) -> set[frozenset[str]]:
    """A send of what is read after it is sent (`received_later`) and each
    later record of its recipient linked to it: the recipient received it
    and acted on it after it was sent, which is not a conflict of dates
    (whichever of them the ledger took for its receipt)."""
    linked = frame[(frame["event_group"] != "") & (frame["date_start"] != "")]
    if sharing.empty or linked.empty:
        return set()
    # each group's records as plain tuples: one dict, not a frame a group
    by_group: dict[str, list[tuple[str, str, str]]] = {}
    sent: dict[str, str] = {}
    for entry, group, agency, day in zip(
        linked["entry_id"], linked["event_group"], linked["agency"],
        linked["date_start"], strict=True,
    ):  # fmt: skip
        by_group.setdefault(group, []).append((agency, day, entry))
        sent[entry] = group
    found: set[frozenset[str]] = set()
    for r in sharing.itertuples(index=False):
        group = sent.get(r.send_entry_id)
        if r.what not in rules.received_later or not group or not r.send_date:
            continue
        found |= {
            frozenset((str(r.send_entry_id), str(entry)))
            for agency, day, entry in by_group[group]
            if agency == r.to_agency and day > r.send_date
        }
    return found


def exchange_conflicts(
    frame: pd.DataFrame, sharing: pd.DataFrame, rules: ConflictRules
) -> list[dict[str, Any]]:
    """A call or a reply and the record of it the ledger matched, dated to
    the day on different days: two records of one exchange that disagree."""
    if sharing.empty:
        return []
    # each entry's record by id (a dict: one lookup a send, not a pandas row)
    rows = {r.entry_id: r for r in frame.itertuples(index=False)}
    groups = frame.groupby("event_group")["agency"].nunique()
    found: list[dict[str, Any]] = []
    for r in sharing.itertuples(index=False):
        if not r.receipt_entry_id:
            continue
        sent, got = rows[r.send_entry_id], rows[r.receipt_entry_id]
        days = {sent.date_precision.lower(), got.date_precision.lower()}
        if days != {"day"} or sent.date_start == got.date_start:
            continue
        if r.what in rules.received_later:
            if not before(got.date_start, sent.date_start):
                continue  # received after it was sent: as expected
            why = (
                f"{sent.agency} records sending the {r.what} on "
                f"{uk(sent.date_start)} and {got.agency} records receiving it "
                f"on {uk(got.date_start)}, before it was sent."
            )
        else:
            why = (
                f"{sent.agency} records the {r.what} on "
                f"{uk(sent.date_start)} and {got.agency}'s record of the same "
                f"exchange is dated {uk(got.date_start)}."
            )
        group = sent.event_group or got.event_group
        found.append(
            {
                "event_group": group,
                "agencies_recording": int(groups.get(group, 2)) if group else 2,
                "conflict": DATES,
                **account(sent, "first"),
                **account(got, "second"),
                "why": why,
            }
        )
    return found
