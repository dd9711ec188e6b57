"""Event types from the other entries of an event group, after linking.

An entry's own words may not say what kind of event it was ("Attended,
brief update only"), while the other agencies' entries of the same occurrence
say it plainly ("Core group held"). Once linking has put them in one event
group, the uncertain entry takes the type the group's confident entries agree
on, provided that type is compatible with its own reading (the kinds
schemas/linking.toml joins: two meetings of one day, a vague type). A
confident own reading is never overridden, nor a type the agency's own type
column gave, and a group whose confident entries disagree changes nothing.
The thresholds are ``[consensus]`` in schemas/event_scoring.toml.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from ..catalogue import make_issue
from ..link.comparison_base import TypeRules, type_rules
from ..model import Issue, text_of
from ..resources import load_toml
from .events import vocabulary

UNCERTAIN = "event-type-uncertain"
FROM_GROUP = "event-type-from-group"


@dataclass(frozen=True)
class ConsensusRules:
    """``[consensus]`` of schemas/event_scoring.toml."""

    below: float  # own confidence under which the group may retype an entry
    others_at_least: float  # what counts as a confident reading of the others
    min_agreeing: int  # confident other entries that must agree
    keep_sources: frozenset[str]  # own sources never retyped ("column")
    # kinds of linking.toml [type_groups] in which one occurrence has one type
    kinds: frozenset[str] = frozenset({"meeting"})
    # own sources that said nothing of the event (only the agency's kind
    # decided): any type the agency's kind usually records may replace them
    open_sources: frozenset[str] = frozenset({"default"})


@dataclass(frozen=True)
class Retyped:
    """One entry the group retyped: its position, old and new type, and why."""

    position: int
    old: str
    new: str
    confidence: float
    agencies: tuple[str, ...]


def read_consensus_rules(data: dict[str, Any]) -> ConsensusRules:
    """The ``[consensus]`` table (an empty table turns the step off)."""
    return ConsensusRules(
        below=float(data.get("below", 0.0)),
        others_at_least=float(data.get("others_at_least", 1.0)),
        min_agreeing=int(data.get("min_agreeing", 1)),
        keep_sources=frozenset(data.get("keep_sources", [])),
        kinds=frozenset(data.get("kinds", ["meeting"])),
        open_sources=frozenset(data.get("open_sources", ["default"])),
    )


@cache
def consensus_rules() -> ConsensusRules:
    """The shipped rules, read once per process."""
    return read_consensus_rules(load_toml("event_scoring.toml").get("consensus", {}))


@cache
def _type_rules() -> TypeRules:
    return type_rules()


def compatible(own: str, other: str, types: TypeRules, kinds: frozenset[str]) -> bool:
    """Whether the group's ``other`` may replace ``own``: a vague own type, or
    a compatibility group of one of ``kinds`` that both share (two records of
    one meeting). Not linking's [type_pairs]: an incident and the hospital's
    attendance are one occurrence, but each agency rightly records its part."""
    return own in types.vague or types.related_kind(own, other) in kinds


def group_consensus(
    entries: pd.DataFrame,
    rules: ConsensusRules | None = None,
    types: TypeRules | None = None,
) -> list[Retyped]:
    """The entries whose type their event group decides, in entry order.

    Needs ``event_group``, ``event_type``, ``event_type_confidence``,
    ``event_type_source`` and ``agency``. Pure and deterministic: the answer
    depends only on the rows, not on their order within a group.
    """
    rules = rules or consensus_rules()
    types = types or _type_rules()
    needed = {"event_group", *_RETYPED_COLUMNS, "agency"}
    if rules.below <= 0 or entries.empty or not needed <= set(entries.columns):
        return []
    groups = [text_of(g) for g in entries["event_group"].tolist()]
    codes = [text_of(c) for c in entries["event_type"].tolist()]
    sources = [text_of(s) for s in entries["event_type_source"].tolist()]
    confidence = [float(c) for c in entries["event_type_confidence"].fillna(0.0)]
    agencies = [text_of(a) for a in entries["agency"].tolist()]
    kinds = _texts(entries, "agency_kind")
    usual = {code: spec.agencies for code, spec in vocabulary().types.items()}
    members: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        if group:
            members[group].append(i)
    out: list[Retyped] = []
    for i, group in enumerate(groups):
        if (
            len(members.get(group, ())) < 2
            or confidence[i] >= rules.below
            or sources[i] in rules.keep_sources
        ):
            continue
        sure = [
            j
            for j in members[group]
            if j != i and confidence[j] >= rules.others_at_least
        ]
        agreed = {codes[j] for j in sure}
        if len(sure) < rules.min_agreeing or len(agreed) != 1:
            continue
        new = agreed.pop()
        if new == codes[i]:
            continue
        if not compatible(codes[i], new, types, rules.kinds) and not (
            sources[i] in rules.open_sources and kinds[i] in usual.get(new, ())
        ):
            continue
        out.append(
            Retyped(
                i,
                codes[i],
                new,
                round(min(confidence[j] for j in sure), 3),
                tuple(sorted({agencies[j] for j in sure})),
            )
        )
    return out


def _texts(entries: pd.DataFrame, name: str) -> list[str]:
    if name not in entries.columns:
        return [""] * len(entries)
    return [text_of(v) for v in entries[name].tolist()]


def retype_by_group(
    entries: pd.DataFrame, issues: list[Issue]
) -> tuple[pd.DataFrame, list[Issue]]:
    """The linked entries with the group's type where the group decides it
    (``event_type_source`` = ``group``), and the issues with each retyped
    entry's ``event-type-uncertain`` replaced by ``event-type-from-group``,
    which says why."""
    changed = group_consensus(entries)
    if not changed:
        return entries, issues
    out = entries.copy()
    where = [_where(entries, r.position) for r in changed]
    column = {name: out.columns.get_loc(name) for name in _RETYPED_COLUMNS}
    for r in changed:
        out.iat[r.position, column["event_type"]] = r.new
        out.iat[r.position, column["event_type_source"]] = "group"
        out.iat[r.position, column["event_type_confidence"]] = r.confidence
    gone = set(where)
    kept = [i for i in issues if not (i.code == UNCERTAIN and _key(i) in gone)]
    return out, kept + [_issue(r, w) for r, w in zip(changed, where, strict=True)]


_RETYPED_COLUMNS = ("event_type", "event_type_source", "event_type_confidence")


def _where(entries: pd.DataFrame, i: int) -> tuple[str, str, int | None]:
    row = entries.iloc[i]
    source_row = text_of(row.get("source_row"))
    return (
        text_of(row.get("source_file")),
        text_of(row.get("source_location")),
        int(float(source_row)) if source_row else None,
    )


def _key(issue: Issue) -> tuple[str, str, int | None]:
    return (issue.source_file, issue.source_location, issue.source_row)


def _issue(r: Retyped, where: tuple[str, str, int | None]) -> Issue:
    return make_issue(
        FROM_GROUP,
        source_file=where[0],
        source_location=where[1],
        source_row=where[2],
        column="event_type",
        value=r.new,
        old=r.old,
        agencies=", ".join(r.agencies),
    )
