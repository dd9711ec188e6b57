"""Near meetings: two records of a meeting a few days apart, kept in separate
events with no agency in both (possibly one meeting dated differently)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

import pandas as pd

from .conflicts_rules import LOWER, NEAR, ConflictRules, account, uk
from .sharing import sharing_rules


def sent_for_meetings(sharing: pd.DataFrame) -> frozenset[str]:
    """The entries the ledger reads as a letter, email or report sent for a
    meeting (sharing.toml `meeting_sends`): "Report sent" for a case
    conference is not an account of the conference."""
    if sharing.empty:
        return frozenset()
    wanted = sharing_rules().meeting_sends
    return frozenset(sharing.loc[sharing["what"].isin(wanted), "send_entry_id"])


def near_meetings(
    frame: pd.DataFrame, rules: ConflictRules, sent: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Two records of a meeting (`near_meetings` kinds, perhaps different
    ones: a core group one agency calls a professionals meeting) up to
    `near_days` apart that the linker kept in separate events, with no
    agency in both: possibly one meeting dated differently (lower
    confidence). A meeting of the family's professionals is held once in a
    few days, and each agency attends it once; two meetings a day apart
    would share an agency. One row for each record of the later event,
    against the earlier event's first record. Not ``sent``: a report sent
    for a meeting, not a record of it."""
    if not rules.near_meetings:
        return []
    meetings = frame[
        (frame["date_precision"].str.lower() == "day")
        & frame["event_type"].isin(rules.near_meetings)
        & ~frame["entry_id"].isin(sent)
    ]
    stamps = pd.to_datetime(meetings["date_start"], format="%Y-%m-%d", errors="coerce")
    meetings = meetings[stamps.notna()].assign(
        n=(stamps[stamps.notna()] - pd.Timestamp("1970-01-01")).dt.days,
        event=lambda m: m["event_group"].where(m["event_group"] != "", m["entry_id"]),
    )
    if meetings.empty:
        return []
    meetings = meetings.sort_values(["n", "entry_id"], kind="stable")
    linked = frame[frame["event_group"] != ""]
    agencies: dict[str, frozenset[str]] = {}
    for group, agency in zip(linked["event_group"], linked["agency"], strict=True):
        agencies[group] = agencies.get(group, frozenset()) | {agency}
    events: dict[str, list[Any]] = {}
    for record in meetings.itertuples(index=False):  # in order of day
        events.setdefault(record.event, []).append(record)
    found: list[dict[str, Any]] = []
    done: set[tuple[str, str]] = set()
    # the events in order of their first day: those 1 to near_days later
    # are one slice of them (a search, not every pair of the review's events)
    order = list(events.items())
    days = [records[0].n for _, records in order]
    for event, records in order:
        first = records[0]
        mine = agencies.get(first.event_group, frozenset({first.agency}))
        lo = bisect_left(days, first.n + 1)
        hi = bisect_right(days, first.n + rules.near_days)
        for other, later in order[lo:hi]:
            k = later[0].n - first.n
            if other == event or (event, other) in done:
                continue
            theirs = agencies.get(later[0].event_group, frozenset({later[0].agency}))
            if mine & theirs:
                continue  # an agency at both: two meetings
            if any(r.n != later[0].n for r in later) or any(
                r.n != first.n for r in records
            ):
                continue  # an event whose own records differ on the day
            done.add((event, other))
            for second in later:
                found.append(
                    {
                        "event_group": first.event_group or second.event_group,
                        "agencies_recording": len(mine | theirs),
                        "conflict": NEAR,
                        **account(first, "first"),
                        **account(second, "second"),
                        "why": f"Not linked as one event: {first.agency} records "
                        f"a {first.event_type.replace('_', ' ')} on "
                        f"{uk(first.date_start)}, {second.agency} a "
                        f"{second.event_type.replace('_', ' ')} on "
                        f"{uk(second.date_start)} ({k} day{'s' if k > 1 else ''} "
                        "later), and no agency records both: possibly one "
                        "meeting. The records may differ on the date; please "
                        "check.",
                        "confidence": LOWER,
                    }
                )
    return found
