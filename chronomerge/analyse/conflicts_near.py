"""Near-duplicates the linker kept apart: two agencies' entries of one kind a
few days apart with times or words alike, and two entries of one day whose
times are near across midnight (lower confidence)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pandas as pd

from .conflicts_rules import LOWER, NEAR, TIMES, ConflictRules, account, minutes, uk


def near_duplicates(
    frame: pd.DataFrame,
    pairs: set[frozenset[str]],
    rules: ConflictRules,
    incoming: re.Pattern[str] | None,
) -> list[dict[str, Any]]:
    """Two agencies' entries of the same kind of event a few days apart that
    the linker kept apart, with times or words alike: possibly one event
    dated differently (a lower confidence: they may be two events)."""
    kind = frame["event_type"]
    day = frame[
        (frame["date_precision"].str.lower() == "day")
        & (frame["date_start"] != "")
        & (kind != "")
        & ~kind.isin(rules.near_skip_types)
    ]
    stamps = pd.to_datetime(day["date_start"], format="%Y-%m-%d", errors="coerce")
    day = day[stamps.notna()]
    if day.empty:
        return []
    number = (stamps[stamps.notna()] - pd.Timestamp("1970-01-01")).dt.days
    linked = frame[frame["event_group"] != ""]
    agencies: dict[str, frozenset[str]] = {}
    for group, agency in zip(linked["event_group"], linked["agency"], strict=True):
        agencies[group] = agencies.get(group, frozenset()) | {agency}
    records = list(day.itertuples(index=False))
    keyed = pd.DataFrame(
        {
            "t": day["event_type"].to_numpy(),
            "n": number.to_numpy(),
            "i": range(len(day)),
        }
    )
    found: list[dict[str, Any]] = []
    for k in range(1, rules.near_days + 1):
        later = keyed.assign(n=keyed["n"] - k)
        matched = keyed.merge(later, on=["t", "n"], suffixes=("", "_b"))
        for i, j in zip(matched["i"], matched["i_b"], strict=True):
            first, second = records[i], records[j]
            if first.agency == second.agency:
                continue
            mine = agencies.get(first.event_group, frozenset({first.agency}))
            theirs = agencies.get(second.event_group, frozenset({second.agency}))
            if second.agency in mine or first.agency in theirs:
                continue  # each event has the other agency's account already
            if frozenset((first.entry_id, second.entry_id)) in pairs:
                continue  # a send and its receipt
            said = second.description.lower()
            if incoming is not None and incoming.search(said):
                continue
            if rules.looking_back is not None and rules.looking_back.search(said):
                continue
            alike = _alike(first, second, rules)
            if not alike:
                continue
            found.append(
                {
                    "event_group": first.event_group or second.event_group,
                    "agencies_recording": len(mine | theirs),
                    "conflict": NEAR,
                    **account(first, "first"),
                    **account(second, "second"),
                    "why": f"Not linked as one event: {first.agency} records "
                    f"a {first.event_type.replace('_', ' ')} on "
                    f"{uk(first.date_start)}, {second.agency} on "
                    f"{uk(second.date_start)} ({k} day{'s' if k > 1 else ''} "
                    f"later), {alike}. The records may differ on the date; "
                    "please check.",
                    "confidence": LOWER,
                }
            )
    return found


def _alike(first: Any, second: Any, rules: ConflictRules) -> str:
    """Why two entries look like one event ("" when they do not)."""
    start, end = minutes(first.time), minutes(second.time)
    if start is not None and end is not None and abs(end - start) <= rules.near_minutes:
        return f"both at about the same time of day ({first.time}, {second.time})"
    if _similarity(first.description, second.description) >= rules.near_similarity:
        return "described in much the same words"
    return ""


@cache
def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]{4,}", text.casefold()))


def _similarity(first: str, second: str) -> float:
    """The share of words (four letters or more) two texts have in common."""
    a, b = _content(first), _content(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def across_midnight(frame: pd.DataFrame, rules: ConflictRules) -> list[dict[str, Any]]:
    """Two agencies' entries dated the same day that the linker kept apart,
    whose times are far apart on the clock but near across midnight (23:35
    and 00:35): possibly one event with one time put on the wrong side of
    midnight (a lower confidence). Event types that happen often are left
    out (`near_skip_types`), as for near days."""
    if rules.midnight_minutes <= 0:
        return []
    kind = frame["event_type"]
    timed = frame[
        (frame["date_precision"].str.lower() == "day")
        & (frame["date_start"] != "")
        & (frame["time"] != "")
        & (kind != "")
        & ~kind.isin(rules.near_skip_types)
    ]
    found: list[dict[str, Any]] = []
    for date, day in timed.groupby("date_start", sort=True):
        records = list(day.itertuples(index=False))
        for i, first in enumerate(records):
            for second in records[i + 1 :]:
                row = _midnight_pair(first, second, str(date), rules)
                if row is not None:
                    found.append(row)
    return found


def _midnight_pair(
    first: Any, second: Any, date: str, rules: ConflictRules
) -> dict[str, Any] | None:
    """The row for two entries of one day near across midnight, or None."""
    start, end = minutes(first.time), minutes(second.time)
    if start is None or end is None or first.agency == second.agency:
        return None
    if first.event_group and first.event_group == second.event_group:
        return None  # one event: compared inside it
    apart = abs(end - start)
    if apart <= rules.time_minutes or 1440 - apart > rules.midnight_minutes:
        return None
    late, early = (first, second) if start > end else (second, first)
    return {
        "event_group": first.event_group or second.event_group,
        "agencies_recording": 2,
        "conflict": TIMES,
        **account(late, "first"),
        **account(early, "second"),
        "why": f"Not linked as one event: on {uk(date)} {late.agency} records "
        f"a {late.event_type.replace('_', ' ')} at {late.time}, {early.agency} "
        f"a {early.event_type.replace('_', ' ')} at {early.time}, "
        f"{1440 - apart} minutes apart across midnight. One time may be on the "
        "wrong side of midnight; please check.",
        "confidence": LOWER,
    }
