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
or not. The rules are data in ``[conflicts]`` of schemas/sharing.toml; a
conflict is a prompt to check the records, never a finding of who is right.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from ..model import CONFLICT_COLUMNS, text_column
from ..resources import load_toml
from ..review import ReviewSettings
from .sharing import sharing_ledger, sharing_rules

_BOTH = re.compile(r"\b(?:left|l|right|r)\s+(?:and|&)\s+(?:left|l|right|r)\b", re.I)
DATES, TIMES, INJURY = "dates differ", "times differ", "injury described differently"


@dataclass(frozen=True)
class ConflictRules:
    """``[conflicts]`` of schemas/sharing.toml, read once."""

    time_minutes: int
    received_later: frozenset[str]
    looking_back: re.Pattern[str] | None
    sides: dict[str, str]  # word -> side
    injury: re.Pattern[str]


@cache
def conflict_rules() -> ConflictRules:
    """The conflict rules of schemas/sharing.toml (cached)."""
    data = load_toml("sharing.toml")["conflicts"]
    sides = {w.casefold(): side for side, words in data["sides"].items() for w in words}
    parts = sorted(data["body_parts"], key=len, reverse=True)
    words = "|".join(re.escape(w) for w in sorted(sides, key=len, reverse=True))
    pattern = rf"\b({words})\.?\s+(?:side\s+of\s+(?:the\s+)?)?(?:\w+\s+)??" + (
        rf"({'|'.join(re.escape(p) for p in parts)})\b"
    )
    return ConflictRules(
        time_minutes=int(data["time_minutes"]),
        received_later=frozenset(data.get("received_later", [])),
        looking_back=re.compile(
            "|".join(rf"\b{re.escape(w)}\b" for w in data["looking_back"])
        )
        if data.get("looking_back")
        else None,
        sides=sides,
        injury=re.compile(pattern, re.IGNORECASE),
    )


def _minutes(text: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def injury_sides(text: str, rules: ConflictRules) -> dict[str, str]:
    """Body part -> side, for each part the text places on one side."""
    found: dict[str, str] = {}
    text = _BOTH.sub("both", text)  # "left and right wrist": no one side
    for match in rules.injury.finditer(text):
        side = rules.sides[match.group(1).casefold()]
        part = match.group(2).casefold()
        found[part] = "both" if found.get(part, side) != side else side
    return {p: s for p, s in found.items() if s != "both"}


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
        if r.receipt_entry_id and r.what in rules.received_later
    }
    frame = pd.DataFrame(
        {
            name: text_column(entries, name, clean=name != "entry_id").to_numpy()
            for name in (
                "entry_id", "event_group", "agency", "date_start", "date_precision",
                "time", "description", "outcome",
            )
        }
    )  # fmt: skip
    out = _exchange_conflicts(frame, sharing, rules)
    taken = {(r["first_entry_id"], r["second_entry_id"]) for r in out}
    frame = frame[frame["event_group"] != ""]
    several = frame.groupby("event_group")["agency"].transform("nunique") >= 2
    frame = frame[several].sort_values(
        ["event_group", "date_start", "time", "agency", "entry_id"], kind="stable"
    )
    texts = frame["description"] + " " + frame["outcome"]
    sides = {t: injury_sides(t, rules) for t in pd.unique(texts)}
    frame = frame.assign(sides=texts.map(sides))
    incoming = sharing_rules().incoming
    by_group: dict[str, list[Any]] = {}
    for record in frame.itertuples(index=False):
        by_group.setdefault(record.event_group, []).append(record)
    for group, rows in by_group.items():
        for row in _group_conflicts(str(group), rows, pairs, rules, incoming):
            key = (row["first_entry_id"], row["second_entry_id"])
            if key not in taken and key[::-1] not in taken:
                out.append(row)
    result = pd.DataFrame(out, columns=list(CONFLICT_COLUMNS))
    if not result.empty:
        result = result.sort_values(
            ["first_date", "event_group", "second_entry_id"], kind="stable"
        ).reset_index(drop=True)
    return result


def _exchange_conflicts(
    frame: pd.DataFrame, sharing: pd.DataFrame, rules: ConflictRules
) -> list[dict[str, Any]]:
    """A call or a reply and the record of it the ledger matched, dated to
    the day on different days: two records of one exchange that disagree."""
    if sharing.empty:
        return []
    rows = frame.set_index("entry_id", drop=False)
    groups = frame.groupby("event_group")["agency"].nunique()
    found: list[dict[str, Any]] = []
    for r in sharing.itertuples(index=False):
        if not r.receipt_entry_id or r.what in rules.received_later:
            continue
        sent, got = rows.loc[r.send_entry_id], rows.loc[r.receipt_entry_id]
        days = {sent.date_precision.lower(), got.date_precision.lower()}
        if days != {"day"} or sent.date_start == got.date_start:
            continue
        group = sent.event_group or got.event_group
        found.append(
            {
                "event_group": group,
                "agencies_recording": int(groups.get(group, 2)) if group else 2,
                "conflict": DATES,
                **_account(sent, "first"),
                **_account(got, "second"),
                "why": f"{sent.agency} records the {r.what} on "
                f"{_uk(sent.date_start)} and {got.agency}'s record of the same "
                f"exchange is dated {_uk(got.date_start)}.",
            }
        )
    return found


def _account(row: Any, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}_entry_id": row.entry_id,
        f"{prefix}_agency": row.agency,
        f"{prefix}_date": row.date_start,
        f"{prefix}_time": row.time,
        f"{prefix}_account": row.description,
    }


def _group_conflicts(
    group: str,
    rows: list[Any],
    pairs: set[frozenset[str]],
    rules: ConflictRules,
    incoming: re.Pattern[str] | None,
) -> list[dict[str, Any]]:
    """The conflicts inside one event; ``rows`` in date, time, agency order."""
    count = len({r.agency for r in rows})
    head = {"event_group": group, "agencies_recording": count}
    found: list[dict[str, Any]] = []
    day = [r for r in rows if r.date_precision.lower() == "day" and r.date_start]
    if len({r.date_start for r in day}) > 1:
        votes = Counter(
            d for _, d in dict.fromkeys((r.agency, r.date_start) for r in day)
        )
        usual = min(votes, key=lambda d: (-votes[d], d))
        anchor = next(r for r in day if r.date_start == usual)
        for other in day:
            if other.date_start == usual or other.agency == anchor.agency:
                continue
            if frozenset((anchor.entry_id, other.entry_id)) in pairs:
                continue  # a send and its receipt: received later, not a conflict
            later = other if other.date_start > anchor.date_start else anchor
            said = later.description.lower()
            if incoming is not None and incoming.search(said):
                continue  # the later one records hearing of it: not a conflict
            if rules.looking_back is not None and rules.looking_back.search(said):
                continue  # "missing last night": it dates itself back
            found.append(
                {
                    **head,
                    "conflict": DATES,
                    **_account(anchor, "first"),
                    **_account(other, "second"),
                    "why": f"{anchor.agency} dates it {_uk(anchor.date_start)} "
                    f"(as {votes[usual]} of the {count} agencies do), "
                    f"{other.agency} {_uk(other.date_start)}.",
                }
            )
    timed: dict[str, list[Any]] = {}
    for r in day:
        if r.time:
            timed.setdefault(r.date_start, []).append(r)
    for date in sorted(timed):
        anchor, *others = timed[date]
        start = _minutes(anchor.time)
        for other in others:
            end = _minutes(other.time)
            if start is None or end is None or other.agency == anchor.agency:
                continue
            if abs(end - start) > rules.time_minutes:
                found.append(
                    {
                        **head,
                        "conflict": TIMES,
                        **_account(anchor, "first"),
                        **_account(other, "second"),
                        "why": f"On {_uk(date)} {anchor.agency} records "
                        f"{anchor.time} and {other.agency} {other.time}, "
                        f"{abs(end - start)} minutes apart.",
                    }
                )
    sided = [r for r in rows if r.sides]
    for i, first in enumerate(sided):
        for second in sided[i + 1 :]:
            if first.agency == second.agency:
                continue
            mine, theirs = first.sides, second.sides
            for part in sorted(mine.keys() & theirs.keys()):
                if mine[part] != theirs[part]:
                    found.append(
                        {
                            **head,
                            "conflict": INJURY,
                            **_account(first, "first"),
                            **_account(second, "second"),
                            "why": f"{first.agency} describes the {part} as "
                            f"{mine[part]}, {second.agency} as {theirs[part]}.",
                        }
                    )
    return found


def _uk(iso_day: str) -> str:
    year, month, day = iso_day.split("-")
    return f"{day}/{month}/{year}"
