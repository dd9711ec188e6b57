"""Conflicts inside one linked event: dates, times, injuries described on
different sides, outcomes (closed against taken further) and the people
present."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from .conflicts_rules import (
    DATES,
    INJURY,
    OUTCOMES,
    PEOPLE,
    TIMES,
    ConflictRules,
    account,
    minutes,
    uk,
)
from .people import Known

_BOTH = re.compile(r"\b(?:left|l|right|r)\s+(?:and|&)\s+(?:left|l|right|r)\b", re.I)
_CLAUSE = re.compile(r"[.;!?\n]+|,\s*but\b|\bbut\b|,|\bwhile\b|\bwhereas\b", re.I)
_JOINER = re.compile(r"^(?:\s|\band\b|&|\bor\b|/)*$", re.I)


def injury_sides(text: str, rules: ConflictRules) -> dict[str, str]:
    """Body part -> side, for each part the text places on one side."""
    found: dict[str, str] = {}
    text = _BOTH.sub("both", text)  # "left and right wrist": no one side
    for match in rules.injury.finditer(text):
        side = rules.sides[match.group(1).casefold()]
        part = match.group(2).casefold()
        found[part] = "both" if found.get(part, side) != side else side
    return {p: s for p, s in found.items() if s != "both"}


def group_conflicts(
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
                    **account(anchor, "first"),
                    **account(other, "second"),
                    "why": f"{anchor.agency} dates it {uk(anchor.date_start)} "
                    f"(as {votes[usual]} of the {count} agencies do), "
                    f"{other.agency} {uk(other.date_start)}.",
                }
            )
    timed: dict[str, list[Any]] = {}
    for r in day:
        if r.time:
            timed.setdefault(r.date_start, []).append(r)
    for date in sorted(timed):
        anchor, *others = timed[date]
        start = minutes(anchor.time)
        for other in others:
            end = minutes(other.time)
            if start is None or end is None or other.agency == anchor.agency:
                continue
            if abs(end - start) > rules.time_minutes:
                found.append(
                    {
                        **head,
                        "conflict": TIMES,
                        **account(anchor, "first"),
                        **account(other, "second"),
                        "why": f"On {uk(date)} {anchor.agency} records "
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
                            **account(first, "first"),
                            **account(second, "second"),
                            "why": f"{first.agency} describes the {part} as "
                            f"{mine[part]}, {second.agency} as {theirs[part]}.",
                        }
                    )
    return found


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


def outcome_conflicts(
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
                    **account(first, "first"),
                    **account(second, "second"),
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


def people_conflicts(
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
                            **account(first, "first"),
                            **account(second, "second"),
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
