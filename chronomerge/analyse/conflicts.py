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

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from ..model import CONFLICT_COLUMNS, text_column
from ..resources import load_toml
from ..review import ReviewSettings
from .people import Known, known_people
from .sharing import sharing_ledger, sharing_rules

_BOTH = re.compile(r"\b(?:left|l|right|r)\s+(?:and|&)\s+(?:left|l|right|r)\b", re.I)
DATES, TIMES, INJURY = "dates differ", "times differ", "injury described differently"
NEAR = "possibly the same event, dated differently"
OUTCOMES, PEOPLE = "outcomes differ", "people present differ"
HIGH, LOWER = "high", "lower"
_CLAUSE = re.compile(r"[.;!?\n]+|,\s*but\b|\bbut\b|,|\bwhile\b|\bwhereas\b", re.I)
_JOINER = re.compile(r"^(?:\s|\band\b|&|\bor\b|/)*$", re.I)


@dataclass(frozen=True)
class ConflictRules:
    """``[conflicts]`` of schemas/sharing.toml, read once."""

    time_minutes: int
    received_later: frozenset[str]
    looking_back: re.Pattern[str] | None
    sides: dict[str, str]  # word -> side
    injury: re.Pattern[str]
    near_days: int = 3
    near_minutes: int = 15
    near_similarity: float = 0.5
    near_skip_types: frozenset[str] = frozenset()
    near_meetings: frozenset[str] = frozenset()
    closed: re.Pattern[str] | None = None
    further: re.Pattern[str] | None = None
    outcome_not: re.Pattern[str] | None = None
    present: re.Pattern[str] | None = None
    absent: re.Pattern[str] | None = None
    only: re.Pattern[str] | None = None
    midnight_minutes: int = 0


def _words(words: list[str]) -> re.Pattern[str] | None:
    """Any of ``words`` as whole words, any case (None: no words)."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w])",
        re.IGNORECASE,
    )


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
        midnight_minutes=int(data.get("midnight_minutes", 0)),
        received_later=frozenset(data.get("received_later", [])),
        looking_back=re.compile(
            "|".join(rf"\b{re.escape(w)}\b" for w in data["looking_back"])
        )
        if data.get("looking_back")
        else None,
        sides=sides,
        injury=re.compile(pattern, re.IGNORECASE),
        near_days=int(data.get("near_days", 3)),
        near_minutes=int(data.get("near_minutes", 15)),
        near_similarity=float(data.get("near_similarity", 0.5)),
        near_skip_types=frozenset(data.get("near_skip_types", [])),
        near_meetings=frozenset(data.get("near_meetings", [])),
        closed=_words(data.get("outcome_closed", [])),
        further=_words(data.get("outcome_further", [])),
        outcome_not=_words(data.get("outcome_not", [])),
        present=_words(data.get("present_words", [])),
        absent=_words(data.get("absent_words", [])),
        only=_words(data.get("only_words", [])),
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
        if r.receipt_entry_id
        and r.what in rules.received_later
        and not _before(r.received_date, r.send_date)
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
    pairs |= _received_later(frame, sharing, rules)
    out = _exchange_conflicts(frame, sharing, rules)
    incoming = sharing_rules().incoming
    near = _near_duplicates(frame, pairs, rules, incoming)
    near += _across_midnight(frame, rules)
    seen = {frozenset((r["first_entry_id"], r["second_entry_id"])) for r in near}
    near += [
        row
        for row in _near_meetings(frame, rules, _sent_for_meetings(sharing))
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
        found = _group_conflicts(str(group), rows, pairs, rules, incoming)
        found += _outcome_conflicts(str(group), rows, rules)
        found += _people_conflicts(str(group), rows, rules, people)
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


def _received_later(
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


def _exchange_conflicts(
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
            if not _before(got.date_start, sent.date_start):
                continue  # received after it was sent: as expected
            why = (
                f"{sent.agency} records sending the {r.what} on "
                f"{_uk(sent.date_start)} and {got.agency} records receiving it "
                f"on {_uk(got.date_start)}, before it was sent."
            )
        else:
            why = (
                f"{sent.agency} records the {r.what} on "
                f"{_uk(sent.date_start)} and {got.agency}'s record of the same "
                f"exchange is dated {_uk(got.date_start)}."
            )
        group = sent.event_group or got.event_group
        found.append(
            {
                "event_group": group,
                "agencies_recording": int(groups.get(group, 2)) if group else 2,
                "conflict": DATES,
                **_account(sent, "first"),
                **_account(got, "second"),
                "why": why,
            }
        )
    return found


def _before(day: Any, other: Any) -> bool:
    """``day`` an ISO date earlier than ``other`` (False when either is blank)."""
    return bool(day) and bool(other) and str(day) < str(other)


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


def _near_duplicates(
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
                    **_account(first, "first"),
                    **_account(second, "second"),
                    "why": f"Not linked as one event: {first.agency} records "
                    f"a {first.event_type.replace('_', ' ')} on "
                    f"{_uk(first.date_start)}, {second.agency} on "
                    f"{_uk(second.date_start)} ({k} day{'s' if k > 1 else ''} "
                    f"later), {alike}. The records may differ on the date; "
                    "please check.",
                    "confidence": LOWER,
                }
            )
    return found


def _across_midnight(frame: pd.DataFrame, rules: ConflictRules) -> list[dict[str, Any]]:
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
    start, end = _minutes(first.time), _minutes(second.time)
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
        **_account(late, "first"),
        **_account(early, "second"),
        "why": f"Not linked as one event: on {_uk(date)} {late.agency} records "
        f"a {late.event_type.replace('_', ' ')} at {late.time}, {early.agency} "
        f"a {early.event_type.replace('_', ' ')} at {early.time}, "
        f"{1440 - apart} minutes apart across midnight. One time may be on the "
        "wrong side of midnight; please check.",
        "confidence": LOWER,
    }


def _sent_for_meetings(sharing: pd.DataFrame) -> frozenset[str]:
    """The entries the ledger reads as a letter, email or report sent for a
    meeting (sharing.toml `meeting_sends`): "Report sent" for a case
    conference is not an account of the conference."""
    if sharing.empty:
        return frozenset()
    wanted = sharing_rules().meeting_sends
    return frozenset(sharing.loc[sharing["what"].isin(wanted), "send_entry_id"])


def _near_meetings(
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
                        **_account(first, "first"),
                        **_account(second, "second"),
                        "why": f"Not linked as one event: {first.agency} records "
                        f"a {first.event_type.replace('_', ' ')} on "
                        f"{_uk(first.date_start)}, {second.agency} a "
                        f"{second.event_type.replace('_', ' ')} on "
                        f"{_uk(second.date_start)} ({k} day{'s' if k > 1 else ''} "
                        "later), and no agency records both: possibly one "
                        "meeting. The records may differ on the date; please "
                        "check.",
                        "confidence": LOWER,
                    }
                )
    return found


def _alike(first: Any, second: Any, rules: ConflictRules) -> str:
    """Why two entries look like one event ("" when they do not)."""
    start, end = _minutes(first.time), _minutes(second.time)
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


def outcome_of(text: str, rules: ConflictRules) -> str:
    """ "closed", "further" or "" (neither, or both): what an account says
    became of the event, clause by clause."""
    closed = further = False
    for clause in _CLAUSE.split(text):
        if rules.closed is not None and rules.closed.search(clause):
            closed = True
        elif rules.further is not None and rules.further.search(clause):
            negated = rules.outcome_not is not None and rules.outcome_not.search(clause)
            further = further or not negated
    if closed != further:
        return "closed" if closed else "further"
    return ""


def _outcome_conflicts(
    group: str, rows: list[Any], rules: ConflictRules
) -> list[dict[str, Any]]:
    """One agency's account of the event closes it, another's takes it
    further (the outcome column when there is one, else the description)."""
    said: dict[str, dict[str, Any]] = {"closed": {}, "further": {}}
    for r in rows:
        what = outcome_of(r.outcome or r.description, rules)
        if what:
            said[what].setdefault(r.agency, r)
    count = len({r.agency for r in rows})
    found: list[dict[str, Any]] = []
    for agency, first in said["closed"].items():
        for other, second in said["further"].items():
            if other == agency:
                continue
            found.append(
                {
                    "event_group": group,
                    "agencies_recording": count,
                    "conflict": OUTCOMES,
                    **_account(first, "first"),
                    **_account(second, "second"),
                    "why": f"The records differ on the outcome: {agency} records "
                    f"“{_short(first.outcome or first.description)}”, {other} "
                    f"“{_short(second.outcome or second.description)}”; please "
                    "check.",
                }
            )
    return found


def _short(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


@cache
def _names(people: tuple[Known, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every word naming a person (longest first, so
    "mother's partner" is the partner), and word -> person."""
    word_of: dict[str, str] = {}
    for known in people:
        for word in known.words:
            word_of.setdefault(_plain(word), known.person)
    ordered = sorted(word_of, key=len, reverse=True)
    parts = [re.escape(w).replace(r"\ ", r"[\s\-]+") for w in ordered]
    return re.compile(
        r"(?<![\w'’])(?:" + "|".join(parts) + r")(?![\w'’])", re.I
    ), word_of


def _plain(text: str) -> str:
    return re.sub(r"['’]", "'", " ".join(text.casefold().split()))


def presence(
    text: str, rules: ConflictRules, people: tuple[Known, ...]
) -> tuple[dict[str, str], frozenset[str]]:
    """Who an account says was there ("present") or not ("absent"), and
    whom it says were the only ones there, clause by clause ("Mother and
    partner present", "partner not present", "only mother present")."""
    if not people or rules.present is None:
        return {}, frozenset()
    pattern, word_of = _names(people)
    said: dict[str, str] = {}
    only: set[str] = set()
    carried: list[str] = []
    for clause in _CLAUSE.split(text):
        hits = list(pattern.finditer(clause))
        if not hits:
            carried = []
            continue
        names = carried + [word_of.get(_plain(h.group(0)), "") for h in hits]
        names = [n for n in names if n]
        if rules.absent is not None and rules.absent.search(clause):
            state = "absent"
        elif rules.present.search(clause):
            state = "present"
            if rules.only is not None and rules.only.search(clause):
                only.update(names)
        else:
            rest = pattern.sub(" ", clause)
            carried = names if _JOINER.match(rest) else []
            continue
        for name in names:
            said[name] = "both" if said.get(name, state) != state else state
        carried = []
    return {n: s for n, s in said.items() if s != "both"}, frozenset(only)


def _people_conflicts(
    group: str, rows: list[Any], rules: ConflictRules, people: list[Known]
) -> list[dict[str, Any]]:
    """One account has a person there, another has them not there (or only
    someone else there)."""
    everyone = tuple(people)
    adults = {k.person for k in people if k.adult}
    said = [
        (r, *presence(f"{r.description}. {r.outcome}", rules, everyone)) for r in rows
    ]
    said = [s for s in said if s[1]]
    count = len({r.agency for r in rows})
    found: list[dict[str, Any]] = []
    for i, (first, mine, mine_only) in enumerate(said):
        for second, theirs, theirs_only in said[i + 1 :]:
            if first.agency == second.agency:
                continue
            for person in sorted(mine.keys() | theirs.keys()):
                why = _presence_differs(
                    person,
                    (first, mine.get(person), mine_only),
                    (second, theirs.get(person), theirs_only),
                    adults,
                )
                if why:
                    found.append(
                        {
                            "event_group": group,
                            "agencies_recording": count,
                            "conflict": PEOPLE,
                            **_account(first, "first"),
                            **_account(second, "second"),
                            "why": "The records differ on who was present: "
                            f"{why}; please check.",
                        }
                    )
    return found


def _presence_differs(
    person: str,
    one: tuple[Any, str | None, frozenset[str]],
    two: tuple[Any, str | None, frozenset[str]],
    adults: set[str],
) -> str:
    """Why two accounts (entry, what each says of ``person``, whom each says
    were the only ones there) differ on ``person`` ("" when they do not)."""
    for (there, state, _), (away, other, only) in ((one, two), (two, one)):
        if state != "present":
            continue
        if other == "absent":
            return f"{there.agency} records {person} there, {away.agency} not there"
        if other is None and only and person in adults and person not in only:
            names = ", ".join(sorted(only))
            return f"{there.agency} records {person} there, {away.agency} only {names}"
    return ""
