"""Where the agencies' accounts of one event disagree (the Conflicts sheet).

Inside each linked event (an ``event_group``), the accounts are compared:
dates that differ (both recorded to the day), times more than an hour apart,
an injury to the same part of the body described on different sides. Each
conflict lists both accounts side by side, with how many agencies recorded
the event (corroborated it). A written send (a referral, a letter) and
the receipt the sharing ledger matched to it are not a conflict of dates: a
referral arrives after it is sent, and an entry recording that it heard of
the event ("notification received", "call from police") dated after the
others is not one either; but a call's two records should agree, so
a call or reply the ledger matched to a receipt on another day is one, linked
or not; a written send whose receipt is dated before it is one too. Two
entries of the same kind of event a few days apart that the linker kept
apart, with times or words alike, are listed as "possibly the same event,
dated differently" (``confidence`` lower). Outcomes are compared (one
account says closed or no further action, another that it went further)
and the people present (one account names a person there, another says
they were not, or that only someone else was). The rules are data in
``[conflicts]`` of schemas/sharing.toml; a conflict is a prompt to check
the records, never a finding of who is right.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model import CONFLICT_COLUMNS, text_column
from ..review import ReviewSettings
from .conflicts_events import (
    group_conflicts,
    injury_sides,
    outcome_conflicts,
    outcome_of,
    people_conflicts,
    presence,
)
from .conflicts_exchange import exchange_conflicts, received_later_pairs
from .conflicts_meetings import near_meetings, sent_for_meetings
from .conflicts_near import across_midnight, near_duplicates
from .conflicts_rules import (
    DATES,
    HIGH,
    INJURY,
    LOWER,
    NEAR,
    OUTCOMES,
    PEOPLE,
    TIMES,
    ConflictRules,
    before,
    conflict_rules,
)
from .people import known_people
from .sharing import sharing_ledger, sharing_rules

__all__ = [
    "DATES", "HIGH", "INJURY", "LOWER", "NEAR", "OUTCOMES", "PEOPLE", "TIMES",
    "ConflictRules", "conflict_rules", "conflicting_accounts", "injury_sides",
    "outcome_of", "presence",
]  # fmt: skip


def conflicting_accounts(
    entries: pd.DataFrame,
    review: ReviewSettings,
    *,
    sharing: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every conflict between two agencies' accounts of one linked event
    (CONFLICT_COLUMNS), in date order of the event.

    Each row: the event group, how many agencies recorded it
    (``agencies_recording``), the conflict in words, both entries (id,
    agency, date, time, description) and why.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> conflicting_accounts(chron.entries, chron.review)["conflict"]
        ... # doctest: +SKIP
    """
    rules = conflict_rules()
    if sharing is None:
        sharing = sharing_ledger(entries, review)
    pairs = {
        frozenset((str(r.send_entry_id), str(r.receipt_entry_id)))
        for r in sharing.itertuples(index=False)
        if r.receipt_entry_id
        and r.what in rules.received_later
        and not before(r.received_date, r.send_date)
    }
    frame = pd.DataFrame(
        {
            name: text_column(entries, name, clean=name != "entry_id").to_numpy()
            for name in (
                "entry_id", "event_group", "agency", "date_start", "date_precision",
                "time", "description", "outcome", "event_type",
            )
        }
    )  # fmt: skip
    pairs |= received_later_pairs(frame, sharing, rules)
    out = exchange_conflicts(frame, sharing, rules)
    incoming = sharing_rules().incoming
    near = near_duplicates(frame, pairs, rules, incoming)
    near += across_midnight(frame, rules)
    seen = {frozenset((r["first_entry_id"], r["second_entry_id"])) for r in near}
    near += [
        row
        for row in near_meetings(frame, rules, sent_for_meetings(sharing))
        if frozenset((row["first_entry_id"], row["second_entry_id"])) not in seen
    ]
    taken = {(r["first_entry_id"], r["second_entry_id"]) for r in out}
    frame = frame[frame["event_group"] != ""]
    several = frame.groupby("event_group")["agency"].transform("nunique") >= 2
    frame = frame[several].sort_values(
        ["event_group", "date_start", "time", "agency", "entry_id"], kind="stable"
    )
    texts = frame["description"] + " " + frame["outcome"]
    sides = {t: injury_sides(t, rules) for t in pd.unique(texts)}
    frame = frame.assign(sides=texts.map(sides))
    people = known_people(review)
    by_group: dict[str, list[Any]] = {}
    for record in frame.itertuples(index=False):
        by_group.setdefault(record.event_group, []).append(record)
    for group, rows in by_group.items():
        found = group_conflicts(str(group), rows, pairs, rules, incoming)
        found += outcome_conflicts(str(group), rows, rules)
        found += people_conflicts(str(group), rows, rules, people)
        for row in found:
            key = (row["first_entry_id"], row["second_entry_id"])
            if key not in taken and key[::-1] not in taken:
                out.append(row)
    out += [
        row
        for row in near
        if (row["first_entry_id"], row["second_entry_id"]) not in taken
        and (row["second_entry_id"], row["first_entry_id"]) not in taken
    ]
    for row in out:
        row.setdefault("confidence", HIGH)
    result = pd.DataFrame(out, columns=list(CONFLICT_COLUMNS))
    if not result.empty:
        result = result.sort_values(
            ["first_date", "event_group", "second_entry_id"], kind="stable"
        ).reset_index(drop=True)
    return result
