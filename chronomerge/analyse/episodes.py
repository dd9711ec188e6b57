"""Key practice episodes proposed from the merged chronology.

A review is organised around a few periods of intense activity or decision
(a referral and what followed it; a strategy discussion, its enquiry and the
conference). Finding them is what a panel does by hand; here they are
proposed from the occurrences of notable event types (schemas/episodes.toml),
each with its dates, a title from its main events, its entries and why it was
proposed. They are prompts for the author, never findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from ..model import EPISODE_COLUMNS
from ..resources import load_toml
from ..review import Episode, ReviewSettings
from .dated import (
    CLOSE_PRECISIONS,
    Dated,
    Occurrence,
    dated_entries,
    iso,
    occurrences,
    to_day,
    uk,
)


@dataclass(frozen=True)
class EpisodeRules:
    """schemas/episodes.toml, read once."""

    join_days: int
    min_events: int
    min_with_decision: int
    rate_days: int
    words: dict[str, str]  # steps of practice
    triggers: dict[str, str]  # incidents that start an episode
    lead_days: int
    decisions: frozenset[str]
    ends: frozenset[str]
    follows: dict[tuple[str, str], int]
    title_events: int
    title_order: tuple[str, ...]


@cache
def episode_rules() -> EpisodeRules:
    """The rules of schemas/episodes.toml (cached)."""
    data = load_toml("episodes.toml")
    settings = data["settings"]
    return EpisodeRules(
        join_days=int(settings["join_days"]),
        min_events=int(settings["min_events"]),
        min_with_decision=int(settings["min_with_decision"]),
        rate_days=int(settings["rate_days"]),
        words=dict(data["types"]),
        triggers=dict(data["triggers"]["types"]),
        lead_days=int(data["triggers"]["lead_days"]),
        decisions=frozenset(data["decisions"]["types"]),
        ends=frozenset(data["ends"]["types"]),
        follows={
            (f["first"], f["then"]): int(f["within_days"])
            for f in data.get("follows", [])
        },
        title_events=int(data["titles"]["title_events"]),
        title_order=tuple(data["titles"]["order"]),
    )


@dataclass(frozen=True)
class _Event:
    """One notable occurrence: its day, its notable types, its entries."""

    day: int
    types: frozenset[str]
    agencies: tuple[str, ...]
    entry_ids: tuple[str, ...]


def propose_episodes(
    entries: pd.DataFrame, review: ReviewSettings, *, dated: Dated | None = None
) -> pd.DataFrame:
    """The key practice episodes this chronology suggests (EPISODE_COLUMNS).

    Each row: first and last day (ISO), a suggested title, its length in days,
    how many notable occurrences and which agencies, the ';'-joined entry ids
    of every entry inside it (routine contacts too), and why it was proposed.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> propose_episodes(chron.entries, chron.review)[["episode_start", "title"]]
        ... # doctest: +SKIP
    """
    rules = episode_rules()
    if dated is None:
        dated = dated_entries(entries, review)
    return _proposals(_notable_events(dated, rules), dated, rules)


def _proposals(
    events: Sequence[_Event], dated: Dated, rules: EpisodeRules
) -> pd.DataFrame:
    rate = _usual_rate(events, dated, rules)
    rows = [
        _episode_row(run, dated, rules, rate)
        for run in _runs(events, rules)
        if _proposed(run, rules)
    ]
    return pd.DataFrame(rows, columns=list(EPISODE_COLUMNS))


def review_episodes(
    entries: pd.DataFrame, review: ReviewSettings, *, dated: Dated | None = None
) -> pd.DataFrame:
    """The episodes as the review has them: the review file's accepted and
    still-proposed ``[[episodes]]`` with the entries inside their dates, then
    chronomerge's proposals for periods the file does not cover yet (a
    proposal overlapping any of the file's episodes, dropped ones included,
    has been dealt with by the author and is not offered again). In date
    order; ``status`` says which is which."""
    rules = episode_rules()
    if dated is None:
        dated = dated_entries(entries, review)
    events = _notable_events(dated, rules)
    proposed = _proposals(events, dated, rules)
    if not review.episodes:
        return proposed
    kept = [e for e in review.episodes if e.status != "dropped"]
    rows = [_author_row(e, events, dated, rules) for e in kept]
    taken = [(to_day(e.start), to_day(e.end)) for e in review.episodes]
    for row in proposed.to_dict("records"):
        lo = to_day(dt.date.fromisoformat(row["episode_start"]))
        hi = to_day(dt.date.fromisoformat(row["episode_end"]))
        if not any(lo <= end and start <= hi for start, end in taken):
            rows.append(row)
    rows.sort(key=lambda r: (r["episode_start"], r["episode_end"], r["title"]))
    return pd.DataFrame(rows, columns=list(EPISODE_COLUMNS))


def _author_row(
    episode: Episode, events: Sequence[_Event], dated: Dated, rules: EpisodeRules
) -> dict[str, Any]:
    """A review file's episode with what the chronology holds inside it."""
    first, last = to_day(episode.start), to_day(episode.end)
    inside = [e for e in events if first <= e.day <= last]
    made = _title(inside, rules, first, last) if inside else ""
    agencies = sorted({a for e in inside for a in e.agencies})
    said = (
        "accepted by the author"
        if episode.status == "accepted"
        else "proposed, not yet decided by the author"
    )
    note = f"{said} (review file)" + (f": {episode.note}" if episode.note else ".")
    return {
        "episode_start": iso(first),
        "episode_end": iso(last),
        "title": episode.title or made,
        "status": episode.status,
        "days": last - first + 1,
        "events": len(inside),
        "agencies": ";".join(agencies),
        "entries": ";".join(_entries_between(dated, first, last)),
        "why": note,
    }


def _notable_events(dated: Dated, rules: EpisodeRules) -> list[_Event]:
    """The occurrences of a step of practice, and the incidents a step
    follows within lead_days, dated to the day or week inside the review
    period, in date order."""
    rows = dated.rows
    close = rows["precision"].isin(CLOSE_PRECISIONS).to_numpy()
    named = {**rules.triggers, **rules.words}
    notable = pd.Series(close & rows["type"].isin(list(named)).to_numpy(), rows.index)
    types, entry_ids = dated.col("type"), dated.col("entry_id")
    found: list[_Event] = []
    for occurrence in occurrences(dated, notable):
        members = [m for m in occurrence.members if close[m] and types[m] in named]
        if members:
            kinds = frozenset(str(types[m]) for m in members)
            found.append(_event(occurrence, kinds, entry_ids))
    steps = [e for e in found if e.types & set(rules.words)]
    return [e for e in found if e.types & set(rules.words) or _led(e, steps, rules)]


def _led(event: _Event, steps: Sequence[_Event], rules: EpisodeRules) -> bool:
    """True when, within lead_days of an incident, a step of practice follows
    that an agency which recorded the incident took part in (the agency that
    saw it acted on it)."""
    seen = set(event.agencies)
    return any(
        0 <= step.day - event.day <= rules.lead_days and seen & set(step.agencies)
        for step in steps
    )


def _event(occurrence: Occurrence, kinds: frozenset[str], ids: Any) -> _Event:
    return _Event(
        occurrence.start,
        kinds,
        occurrence.agencies,
        tuple(str(ids[m]) for m in occurrence.members),
    )


def _runs(events: Sequence[_Event], rules: EpisodeRules) -> list[list[_Event]]:
    """Notable occurrences joined while each follows the run within
    join_days (or a [[follows]] step's time); a closure ends its run."""
    runs: list[list[_Event]] = []
    for event in events:
        run = runs[-1] if runs else None
        open_run = run is not None and not (run[-1].types & rules.ends)
        if open_run and run is not None and _joins(run, event, rules):
            run.append(event)
            continue
        runs.append([event])
    return runs


def _joins(run: Sequence[_Event], event: _Event, rules: EpisodeRules) -> bool:
    if event.day - run[-1].day <= rules.join_days:
        return True
    for earlier in run:
        for first in earlier.types:
            for then in event.types:
                within = rules.follows.get((first, then))
                if within is not None and 0 <= event.day - earlier.day <= within:
                    return True
    return False


def _proposed(run: Sequence[_Event], rules: EpisodeRules) -> bool:
    decided = any(event.types & rules.decisions for event in run)
    return len(run) >= rules.min_events or (
        decided and len(run) >= rules.min_with_decision
    )


def _usual_rate(events: Sequence[_Event], dated: Dated, rules: EpisodeRules) -> float:
    """Notable occurrences per rate_days over the review period (or the span
    of the entries when the period is open)."""
    if not events:
        return 0.0
    starts = dated.col("start")
    lo = dated.period_start if dated.period_start is not None else int(starts.min())
    hi = dated.period_end if dated.period_end is not None else int(starts.max())
    span = max(hi - lo + 1, 1)
    return len(events) * rules.rate_days / span


def _episode_row(
    run: Sequence[_Event], dated: Dated, rules: EpisodeRules, rate: float
) -> dict[str, Any]:
    first, last = run[0].day, run[-1].day
    agencies = sorted({a for event in run for a in event.agencies})
    inside = _entries_between(dated, first, last)
    return {
        "episode_start": iso(first),
        "episode_end": iso(last),
        "title": _title(run, rules, first, last),
        "status": "proposed",
        "days": last - first + 1,
        "events": len(run),
        "agencies": ";".join(agencies),
        "entries": ";".join(inside),
        "why": _why(run, rules, rate, len(agencies)),
    }


def _entries_between(dated: Dated, first: int, last: int) -> list[str]:
    """Every dated entry whose dates fall inside the episode, in date order."""
    starts, ends = dated.col("start"), dated.col("end")
    inside = (starts >= first) & (ends <= last) & dated.col("in_period").astype(bool)
    picked = np.flatnonzero(inside)
    ids = dated.col("entry_id")
    order = np.lexsort((ids[picked], starts[picked]))
    return [str(ids[i]) for i in picked[order]]


def _title(run: Sequence[_Event], rules: EpisodeRules, first: int, last: int) -> str:
    words = {**rules.triggers, **rules.words}
    seen = {kind for event in run for kind in event.types}
    named = [words[k] for k in rules.title_order if k in seen]
    named += sorted(words[k] for k in seen if k not in rules.title_order)
    named = named[: rules.title_events]
    said = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"{said[:1].upper()}{said[1:]}, {_months(first, last)}"


def _months(first: int, last: int) -> str:
    """'October 2018', 'March to April 2019' or 'December 2019 to January 2020'."""
    a, b = pd.Timestamp(iso(first)), pd.Timestamp(iso(last))
    if (a.year, a.month) == (b.year, b.month):
        return f"{a:%B %Y}"
    if a.year == b.year:
        return f"{a:%B} to {b:%B %Y}"
    return f"{a:%B %Y} to {b:%B %Y}"


def _why(run: Sequence[_Event], rules: EpisodeRules, rate: float, agencies: int) -> str:
    first, last = run[0], run[-1]
    days = last.day - first.day + 1
    plural = "agency" if agencies == 1 else "agencies"
    said = [
        f"{len(run)} events of practice or incidents leading to them, recorded "
        f"by {agencies} {plural} in {days} day{'s' if days != 1 else ''} "
        f"({uk(first.day)} to {uk(last.day)})"
    ]
    if rate > 0:
        said.append(
            f"the review as a whole has about {rate:.1f} in {rules.rate_days} days"
        )
    decisions = [
        (event.day, kind)
        for event in run
        for kind in sorted(event.types & rules.decisions)
    ]
    if decisions:
        listed = "; ".join(f"{rules.words[k]} on {uk(d)}" for d, k in decisions[:4])
        said.append(f"decisions: {listed}")
    return "; ".join(said) + "."
