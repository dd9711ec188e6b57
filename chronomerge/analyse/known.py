"""What each agency knew when it made a decision (known.csv, the workbook's
"What was known" sheet).

For every decision entry (a closure, a step-down, no further action, a
strategy discussion's or conference's outcome, a decision not to refer:
schemas/sharing.toml ``[decisions]``), three lists of the entries dated in
the weeks before it:

- *recorded itself*: the deciding agency's own entries;
- *shared with it*: other agencies' entries the sharing ledger says were
  sent to it and received (its receipt dated by the decision);
- *not known to it*: other agencies' notable entries (an injury, a domestic
  abuse incident, a missed appointment...) and their sends to it with no
  receipt, of events it has no entry of itself and no record of being told.

A panel asks exactly this of a decision; the lists are the chronology's
record, prompts for that question, never a finding of what anyone knew.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from ..model import KNOWN_COLUMNS, text_column
from ..resources import load_toml
from ..review import ReviewSettings
from .dated import Dated, dated_entries, iso, uk
from .sharing import sharing_ledger


@dataclass(frozen=True)
class DecisionRules:
    """``[decisions]`` of schemas/sharing.toml, read once."""

    lookback_days: int
    notable_types: frozenset[str]
    list_limit: int
    types: dict[str, str]  # event type -> the decision in words
    made_by: dict[str, frozenset[str]]  # event type -> agency kinds deciding
    words: tuple[tuple[str, re.Pattern[str]], ...]
    own: str
    shared: str
    unknown: str


@cache
def decision_rules() -> DecisionRules:
    """The decision rules of schemas/sharing.toml (cached)."""
    data = load_toml("sharing.toml")["decisions"]
    lists = data["lists"]
    return DecisionRules(
        lookback_days=int(data["lookback_days"]),
        notable_types=frozenset(data.get("notable_types", [])),
        list_limit=int(data.get("list_limit", 40)),
        types=dict(data.get("types", {})),
        made_by={t: frozenset(k) for t, k in data.get("made_by", {}).items()},
        words=tuple((k, re.compile(v)) for k, v in data.get("words", {}).items()),
        own=str(lists["own"]),
        shared=str(lists["shared"]),
        unknown=str(lists["unknown"]),
    )


def decision_words(event_type: str, kind: str, text: str, rules: DecisionRules) -> str:
    """The decision an entry of an agency of this kind records, in words (""
    when it is not one)."""
    makers = rules.made_by.get(event_type)
    typed = event_type in rules.types and (makers is None or kind in makers)
    said = [rules.types[event_type]] if typed else []
    lowered = text.lower()
    said += [
        label for label, p in rules.words if p.search(lowered) and label not in said
    ]
    return "; ".join(said)


@dataclass(frozen=True)
class _Ledger:
    """The sharing ledger's sends to each agency, as day numbers."""

    by_agency: dict[str, list[tuple[str, float, str, float, str, str]]]
    days: dict[str, np.ndarray]  # by_agency's send days, sorted (undated: inf)

    @classmethod
    def of(cls, sharing: pd.DataFrame, agencies: set[str]) -> _Ledger:
        found: dict[str, list[tuple[str, float, str, float, str, str]]] = {}
        if sharing.empty:
            return cls(found, {})
        for row in sharing.itertuples(index=False):
            to = str(row.to_agency)
            if to not in agencies:
                continue
            sent = _day(str(row.send_date))
            got = _day(str(row.received_date))
            found.setdefault(to, []).append(
                (str(row.send_entry_id), sent, str(row.receipt_entry_id), got,
                 str(row.what), str(row.matched_how))
            )  # fmt: skip
        days: dict[str, np.ndarray] = {}
        for to, sends in found.items():
            sends.sort(key=lambda s: (np.inf if np.isnan(s[1]) else s[1], s[0]))
            days[to] = np.array(
                [np.inf if np.isnan(s[1]) else s[1] for s in sends], dtype=float
            )
        return cls(found, days)


def _day(text: str) -> float:
    if not text:
        return float("nan")
    return float((np.datetime64(text) - np.datetime64("1970-01-01")).astype(int))


def known_at_decisions(
    entries: pd.DataFrame,
    review: ReviewSettings,
    *,
    sharing: pd.DataFrame | None = None,
    dated: Dated | None = None,
) -> pd.DataFrame:
    """What was known at each decision: one row per decision and listed entry
    (KNOWN_COLUMNS), decisions in date order, each list latest first.

    Args:
        entries: the linked entries (``event_group`` joins an event's records).
        review: the review settings.
        sharing: the sharing ledger (computed from the entries when None).
        dated: the dated entries, when the caller has built them already.

    Returns:
        Rows of ``decision_entry_id``, ``decision_date``, ``deciding_agency``,
        ``decision`` (in words), ``known_as`` (the list: "recorded itself",
        "shared with it", "not known to it"), the listed entry's id (its
        date, agency, type and words join from the entries by id) and
        ``why`` it is in that list.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> known = known_at_decisions(chron.entries, chron.review)  # doctest: +SKIP
        >>> known.groupby(["decision_entry_id", "known_as"]).size()  # doctest: +SKIP
    """
    rules = decision_rules()
    if dated is None:
        dated = dated_entries(entries, review)
    if sharing is None:
        sharing = sharing_ledger(entries, review)
    rows = dated.rows
    if rows.empty:
        return pd.DataFrame(columns=list(KNOWN_COLUMNS))
    pos = dated.col("pos").astype(np.int64)
    outcome = text_column(entries, "outcome").to_numpy(dtype=object)[pos]
    order = np.lexsort((pos, dated.col("start")))
    view = _View.of(dated, outcome, order)
    view = replace(view, notable=np.isin(view.etype, list(rules.notable_types)))
    ledger = _Ledger.of(sharing, set(view.agency.tolist()))
    out: list[tuple[str, ...]] = []
    for k, said in _decisions(view, rules):
        out.extend(_lists(view, k, said, ledger, rules))
    return pd.DataFrame(out, columns=list(KNOWN_COLUMNS))


def _decisions(view: _View, rules: DecisionRules) -> list[tuple[int, str]]:
    """The positions of the decisions, in date order, with each decision in
    words: decision_words over every entry at once (each pattern searched
    over the column, not entry by entry)."""
    n = len(view.etype)
    said: list[list[str]] = [[] for _ in range(n)]
    etype = pd.Series(view.etype, dtype=object)
    for event_type, words in rules.types.items():
        typed = (etype == event_type).to_numpy(dtype=bool, copy=True)
        makers = rules.made_by.get(event_type)
        if makers is not None:
            typed &= np.isin(view.kind, list(makers))
        for k in np.flatnonzero(typed).tolist():
            said[k].append(words)
    lowered = pd.Series(view.text, dtype=object).str.lower()
    for label, pattern in rules.words:
        found = lowered.str.contains(pattern, regex=True).to_numpy(dtype=bool)
        for k in np.flatnonzero(found).tolist():
            if label not in said[k]:
                said[k].append(label)
    return [(k, "; ".join(words)) for k, words in enumerate(said) if words]


@dataclass(frozen=True)
class _View:
    """The dated entries in date order, as arrays."""

    ids: np.ndarray
    agency: np.ndarray
    kind: np.ndarray
    etype: np.ndarray
    start: np.ndarray
    end: np.ndarray
    gid: np.ndarray
    description: np.ndarray
    text: np.ndarray
    at: dict[str, int]  # entry id -> position
    # (agency, event group) -> the first position where that agency records it
    first: dict[tuple[str, Any], int]
    notable: np.ndarray | None = None  # the entries of rules.notable_types
    _firsts: dict[str, np.ndarray] = field(default_factory=dict)

    def firsts(self, agency: str) -> np.ndarray:
        """Per entry, the first position where ``agency`` records its event
        group (past the end when it never does): made once an agency."""
        found = self._firsts.get(agency)
        if found is None:
            never = len(self.gid) + 1
            found = np.array(
                [self.first.get((agency, g), never) for g in self.gid.tolist()],
                dtype=np.int64,
            )
            self._firsts[agency] = found
        return found

    @classmethod
    def of(cls, dated: Dated, outcome: np.ndarray, order: np.ndarray) -> _View:
        ids = dated.col("entry_id")[order]
        description = dated.col("description")[order]
        text = np.array(
            [f"{d}. {o}" for d, o in zip(description, outcome[order], strict=True)],
            dtype=object,
        )
        return cls(
            ids=ids,
            agency=np.asarray(dated.col("agency"), dtype=object)[order],
            kind=np.asarray(dated.col("kind"), dtype=object)[order],
            etype=np.asarray(dated.col("type"), dtype=object)[order],
            start=dated.col("start")[order],
            end=dated.col("end")[order],
            gid=dated.col("gid")[order],
            description=description,
            text=text,
            at={str(e): i for i, e in enumerate(ids)},
            first=_first_records(
                np.asarray(dated.col("agency"), dtype=object)[order],
                dated.col("gid")[order],
            ),
        )


def _first_records(agency: np.ndarray, gid: np.ndarray) -> dict[tuple[str, Any], int]:
    """Where each agency first records each event group, so "does the deciding
    agency have an entry of this event by the decision" is one lookup."""
    first: dict[tuple[str, Any], int] = {}
    for k, key in enumerate(zip(agency.tolist(), gid.tolist(), strict=True)):
        first.setdefault(key, k)
    return first


# Why an entry is in its list: its own words, or None for the list's usual
# words, made only for the entries shown (a long list is cut to its latest).
Why = str | None


def _said(why: Why, usual: Callable[[int], str], j: int) -> str:
    return usual(j) if why is None else why


def _lists(
    view: _View, k: int, said: str, ledger: _Ledger, rules: DecisionRules
) -> list[tuple[str, ...]]:
    agency, day = view.agency[k], int(view.start[k])
    lo = day - rules.lookback_days
    first = int(np.searchsorted(view.start, lo, side="left"))
    window = np.arange(first, k)  # before the decision, in date order
    # an imprecise date ("May 2018") running past the decision is not before it
    window = window[view.end[window] <= day]
    mine = view.agency[window] == agency
    own = window[mine]
    firsts = view.firsts(agency)  # the deciding agency knows j when <= k
    shared: dict[int, Why] = {}
    unreceived: dict[int, Why] = {}
    sends = ledger.by_agency.get(agency, [])
    days = ledger.days.get(agency)
    if days is not None:  # only the sends inside the lookback
        sends = sends[
            int(np.searchsorted(days, lo, side="left")) : int(
                np.searchsorted(days, day, side="right")
            )
        ]
    for send_id, sent, receipt, got, what, how in sends:
        at = view.at.get(send_id)
        if at is None or at >= k or np.isnan(sent) or sent < lo:
            continue
        sender = view.agency[at]
        if receipt and not np.isnan(got) and got <= day:
            shared[at] = (
                f"{sender} recorded sending it ({what}) on {uk(sent)}; an entry "
                f"of {agency} dated {uk(got)} records receiving it ({how})."
            )
        else:
            late = receipt and not np.isnan(got)
            later = f" (its receipt is dated {uk(got)}, after it)" if late else ""
            unreceived[at] = (
                f"{sender} recorded sending it to {agency} ({what}) on {uk(sent)}; "
                f"{agency} has no record of receiving it before the decision"
                f"{later}."
            )
    notable = view.notable
    assert notable is not None
    theirs = window[~mine & notable[window]]
    theirs = theirs[firsts[theirs] > k]
    # None: the list's usual words, made only for the entries shown
    if shared:
        theirs = theirs[~np.isin(theirs, list(shared))]
    unknown: dict[int, Why] = dict.fromkeys(theirs.tolist())
    for j, why in unreceived.items():
        if firsts[j] > k:
            unknown[j] = why

    def not_known(j: int) -> str:
        return (
            f"Recorded by {view.agency[j]} on {uk(view.start[j])}; {agency} has "
            "no entry of this event and no record of it being shared with it "
            "before the decision."
        )

    head = (str(view.ids[k]), iso(day), str(agency), said)
    own_words = f"{agency}'s own entry."
    own_why: dict[int, Why] = dict.fromkeys(own.tolist())
    out: list[tuple[str, ...]] = []
    for name, listed, usual in (
        (rules.own, own_why, lambda _j: own_words),
        (rules.shared, dict(shared), not_known),
        (rules.unknown, unknown, not_known),
    ):
        out.extend(_listed(view, head, name, listed, usual, rules.list_limit))
    return out


def _listed(
    view: _View,
    head: tuple[str, ...],
    name: str,
    listed: dict[int, Why],
    usual: Callable[[int], str],
    limit: int,
) -> list[tuple[str, ...]]:
    """One list's rows, latest first, the oldest beyond ``limit`` counted.
    The listed entry is named by its id alone: its date, agency, type and
    words are its row of chronology.csv, not repeated for every decision."""
    keys = sorted(listed, reverse=True)
    rows = [
        (*head, name, str(view.ids[j]), _said(listed[j], usual, j))
        for j in keys[:limit]
    ]
    if len(keys) > limit:
        more = len(keys) - limit
        rows.append(
            (
                *head,
                name,
                "",
                f"and {more} earlier entr{'y' if more == 1 else 'ies'} in "
                f"this list, not shown (the latest {limit} are).",
            )
        )
    return rows
