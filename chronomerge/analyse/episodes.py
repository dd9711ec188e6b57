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
import re
from bisect import bisect_left, bisect_right
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
    min_score: float = 0.0
    min_burst: float = 0.0
    burst_days: int = 1
    min_agencies: int = 1
    max_days: int = 0  # 0: runs are never split
    weights: tuple[tuple[str, float], ...] = ()
    default_weight: float = 1.0
    after_end: frozenset[str] = frozenset()
    # type -> ((words pattern, title word, weight or None), ...), otherwise word
    from_text: tuple[
        tuple[str, tuple[tuple[re.Pattern[str], str, float | None], ...], str], ...
    ] = ()
    min_shared: int = 1
    lead_in_below: float = 0.0  # 0: a run may start with any step
    handover: dict[str, str] | None = None  # type -> words, after a closure
    handover_days: int = 0

    def weight(self, kind: str) -> float:
        return dict(self.weights).get(kind, self.default_weight)


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
        min_score=float(settings.get("min_score", 0.0)),
        min_burst=float(settings.get("min_burst", 0.0)),
        burst_days=int(settings.get("burst_days", 1)),
        min_agencies=int(settings.get("min_agencies", 1)),
        max_days=int(settings.get("max_days", 0)),
        weights=tuple(
            (k, float(v)) for k, v in data.get("weights", {}).items() if k != "default"
        ),
        default_weight=float(data.get("weights", {}).get("default", 1.0)),
        after_end=frozenset(data["ends"].get("then", [])),
        from_text=tuple(
            (
                kind,
                tuple(_text_rule(r) for r in table.get("rules", [])),
                table["otherwise"],
            )
            for kind, table in data["titles"].get("from_text", {}).items()
        ),
        min_shared=int(settings.get("min_shared", 1)),
        lead_in_below=float(settings.get("lead_in_below", 0.0)),
        handover=dict(data.get("handover", {}).get("types", {})),
        handover_days=int(data.get("handover", {}).get("within_days", 0)),
    )


def _text_rule(rule: dict[str, Any]) -> tuple[re.Pattern[str], str, float | None]:
    """One [[titles.from_text.<type>.rules]]: its words as one whole-word pattern."""
    words = "|".join(re.escape(w) for w in sorted(rule["words"], key=len, reverse=True))
    weight = rule.get("weight")
    return (
        re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE),
        str(rule["title"]),
        None if weight is None else float(weight),
    )


@dataclass(frozen=True)
class _Event:
    """One notable occurrence: its day, its notable types, its entries."""

    day: int
    types: frozenset[str]
    agencies: tuple[str, ...]
    entry_ids: tuple[str, ...]
    # (type, title word, its weight, the rank of the [titles.from_text] rule)
    labels: tuple[tuple[str, str, float, int], ...] = ()
    weight: float = 1.0  # its heaviest type's [weights]


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
    weighed = _usual_weight(events, dated, rules)
    handovers = _handover_days(dated, rules)
    rows = []
    for whole in _runs(events, rules):
        run = _lead_in(whole, rules)
        if not _proposed(run, rules, weighed):
            run = whole  # the steps before it are part of what makes it one
        if _proposed(run, rules, weighed):
            rows.append(_episode_row(run, dated, rules, rate, weighed, handovers))
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
    kinds_of = _entry_kinds(dated, rules, named)
    notable = pd.Series(
        close & np.array([bool(k) for k in kinds_of], dtype=bool), rows.index
    )
    entry_ids = dated.col("entry_id")
    found: list[_Event] = []
    for occurrence in occurrences(dated, notable):
        members = [m for m in occurrence.members if close[m] and kinds_of[m]]
        if members:
            kinds = frozenset(k for m in members for k in kinds_of[m])
            found.append(
                _event(
                    occurrence,
                    kinds,
                    entry_ids,
                    _labels(members, kinds_of, dated, rules),
                )
            )
    # the steps in day order, so each incident reads only its lead_days
    steps = sorted((e for e in found if e.types & set(rules.words)), key=_day)
    days = [step.day for step in steps]
    return [
        e for e in found if e.types & set(rules.words) or _led(e, steps, days, rules)
    ]


def _day(event: _Event) -> int:
    return event.day


def _entry_kinds(
    dated: Dated, rules: EpisodeRules, named: dict[str, str]
) -> list[frozenset[str]]:
    """Each dated entry's notable types: its main type when named (secondary
    types are often plans or mentions: "consider PLO", "NFA by police")."""
    return [frozenset({str(main)} & set(named)) for main in dated.col("type").tolist()]


def _labels(
    members: Sequence[int],
    kinds_of: Sequence[frozenset[str]],
    dated: Dated,
    rules: EpisodeRules,
) -> tuple[tuple[tuple[str, str, float, int], ...], float]:
    """An occurrence's title word for each of its types, and its weight: a
    type with [titles.from_text] rules is named from its entries' words (the
    first rule that matches), so a mention never names a status change."""
    words = {**rules.triggers, **rules.words}
    texts = dated.col("description")
    refine = {kind: (found, otherwise) for kind, found, otherwise in rules.from_text}
    labels: list[tuple[str, str, float, int]] = []
    weight = 0.0
    for kind in sorted({k for m in members for k in kinds_of[m]}):
        label, heavy, rank = words[kind], rules.weight(kind), 0
        if kind in refine:
            found, label = refine[kind]
            rank = len(found)
            said = " ".join(str(texts[m]) for m in members if kind in kinds_of[m])
            for at, (pattern, title, override) in enumerate(found):
                if pattern.search(said):
                    label, rank = title, at
                    heavy = heavy if override is None else override
                    break
        labels.append((kind, label, heavy, rank))
        weight = max(weight, heavy)
    return tuple(labels), weight


def _led(
    event: _Event, steps: Sequence[_Event], days: Sequence[int], rules: EpisodeRules
) -> bool:
    """True when, within lead_days of an incident, a step of practice follows
    that an agency which recorded the incident took part in (the agency that
    saw it acted on it). ``steps`` in day order, ``days`` their days."""
    seen = set(event.agencies)
    first = bisect_left(days, event.day)
    last = bisect_right(days, event.day + rules.lead_days)
    return any(seen & set(step.agencies) for step in steps[first:last])


def _event(
    occurrence: Occurrence,
    kinds: frozenset[str],
    ids: Any,
    named: tuple[tuple[tuple[str, str, float, int], ...], float],
) -> _Event:
    return _Event(
        occurrence.start,
        kinds,
        occurrence.agencies,
        tuple(str(ids[m]) for m in occurrence.members),
        named[0],
        named[1],
    )


def _runs(events: Sequence[_Event], rules: EpisodeRules) -> list[list[_Event]]:
    """Notable occurrences joined while each follows the run within
    join_days (or a [[follows]] step's time); a closure ends its run but for
    further closing steps ([ends] then); a run longer than max_days is split
    at its widest gap."""
    runs: list[list[_Event]] = []
    for event in events:
        run = runs[-1] if runs else None
        if run is not None and _joins(run, event, rules):
            closed = bool(run[-1].types & rules.ends)
            if not closed or event.types & rules.after_end:
                run.append(event)
                continue
        runs.append([event])
    return [part for run in runs for part in _split(run, rules)]


def _lead_in(run: list[_Event], rules: EpisodeRules) -> list[_Event]:
    """The run from its first incident or step weighing lead_in_below or
    more: a request for support sent to another service days before a
    conference is what came before the episode, not its start (used when the
    rest is an episode without them)."""
    steps = set(rules.words)
    at = 0
    while (
        at < len(run) - 1
        and run[at].types & steps
        and not run[at].types & set(rules.triggers)
        and run[at].weight < rules.lead_in_below
    ):
        at += 1
    return run[at:]


def _handover_days(dated: Dated, rules: EpisodeRules) -> np.ndarray:
    """The sorted days of the [handover] types' entries (dated to the day or
    week, inside the period): the receiving service's first meeting after a
    step-down or closure."""
    if not rules.handover or dated.rows.empty:
        return np.zeros(0, dtype=np.int64)
    rows = dated.rows
    picked = (
        rows["precision"].isin(CLOSE_PRECISIONS).to_numpy()
        & np.isin(dated.col("type").astype(str), list(rules.handover))
        & dated.col("in_period").astype(bool)
    )
    return np.sort(dated.col("start")[picked].astype(np.int64))


def _handed_over(
    run: Sequence[_Event], rules: EpisodeRules, handovers: np.ndarray
) -> int | None:
    """The day of the first [handover] entry within its days after the run's
    closure (None when the run does not end in one, or none follows)."""
    closed = run[-1].types & rules.ends
    if not closed or not len(handovers):
        return None
    day = run[-1].day
    at = int(np.searchsorted(handovers, day, side="right"))
    if at < len(handovers) and handovers[at] - day <= rules.handover_days:
        return int(handovers[at])
    return None


def _split(run: list[_Event], rules: EpisodeRules) -> list[list[_Event]]:
    """The run, or its parts either side of its widest gap while longer than
    max_days (the earliest widest gap, so the split is deterministic)."""
    if rules.max_days <= 0 or len(run) < 2 or run[-1].day - run[0].day < rules.max_days:
        return [run]
    gaps = [b.day - a.day for a, b in zip(run, run[1:], strict=False)]
    at = gaps.index(max(gaps)) + 1
    return _split(run[:at], rules) + _split(run[at:], rules)


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


def _proposed(run: Sequence[_Event], rules: EpisodeRules, usual: float) -> bool:
    decided = any(event.types & rules.decisions for event in run)
    enough = len(run) >= rules.min_events or (
        decided and len(run) >= rules.min_with_decision
    )
    agencies = len({a for event in run for a in event.agencies})
    shared = max(len(event.agencies) for event in run)
    return (
        enough
        and _score(run) >= rules.min_score
        and agencies >= rules.min_agencies
        and shared >= rules.min_shared
        and _burst(run, rules, usual) >= rules.min_burst
    )


def _burst(run: Sequence[_Event], rules: EpisodeRules, usual: float) -> float:
    """How many times the review's usual weight per rate_days the run weighs
    per rate_days (over at least burst_days, so one busy day is not a
    burst of its own)."""
    if usual <= 0:
        return float("inf")
    days = max(run[-1].day - run[0].day + 1, rules.burst_days)
    return _score(run) * rules.rate_days / days / usual


def _score(run: Sequence[_Event]) -> float:
    """What a run weighs: its occurrences' [weights] added up."""
    return sum(event.weight for event in run)


def _usual_rate(events: Sequence[_Event], dated: Dated, rules: EpisodeRules) -> float:
    """Notable occurrences per rate_days over the review period (or the span
    of the entries when the period is open)."""
    if not events:
        return 0.0
    return len(events) * rules.rate_days / _span(dated)


def _usual_weight(events: Sequence[_Event], dated: Dated, rules: EpisodeRules) -> float:
    """The notable occurrences' weight per rate_days over the review: the
    review's own base rate, which a burst is measured against."""
    if not events:
        return 0.0
    return _score(events) * rules.rate_days / _span(dated)


def _span(dated: Dated) -> int:
    starts = dated.col("start")
    lo = dated.period_start if dated.period_start is not None else int(starts.min())
    hi = dated.period_end if dated.period_end is not None else int(starts.max())
    return max(hi - lo + 1, 1)


def _episode_row(
    run: Sequence[_Event],
    dated: Dated,
    rules: EpisodeRules,
    rate: float,
    usual: float,
    handovers: np.ndarray | None = None,
) -> dict[str, Any]:
    first, last = run[0].day, run[-1].day
    handed = None if handovers is None else _handed_over(run, rules, handovers)
    last = last if handed is None else handed
    agencies = sorted({a for event in run for a in event.agencies})
    inside = _entries_between(dated, first, last)
    why = _why(run, rules, rate, len(agencies), usual)
    if handed is not None:
        why = (
            f"{why[:-1]}; it ends at the first meeting of the service the case "
            f"was handed to after the closure ({uk(handed)}; "
            f"{' or '.join(sorted(set((rules.handover or {}).values())))})."
        )
    return {
        "episode_start": iso(first),
        "episode_end": iso(last),
        "title": _title(run, rules, first, last),
        "status": "proposed",
        "days": last - first + 1,
        "events": len(run),
        "agencies": ";".join(agencies),
        "entries": ";".join(inside),
        "why": why,
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
    """The heaviest events' words (at most title_events), in title order."""
    order = {k: i for i, k in enumerate(rules.title_order)}
    last_place = len(order)
    heavy: dict[tuple[str, str, int], float] = {}
    for event in run:
        for kind, label, weight, rank in event.labels:
            key = (kind, label, rank)
            heavy[key] = max(weight, heavy.get(key, weight))

    def place(key: tuple[str, str, int]) -> tuple[int, str, int, str]:
        return order.get(key[0], last_place), key[0], key[2], key[1]

    heaviest = sorted(heavy, key=lambda key: (-heavy[key], place(key)))
    named = [key[1] for key in sorted(heaviest[: rules.title_events], key=place)]
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


def _why(
    run: Sequence[_Event],
    rules: EpisodeRules,
    rate: float,
    agencies: int,
    usual: float,
) -> str:
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
    burst = _burst(run, rules, usual)
    said.append(
        f"together they weigh {_score(run):g} (a decision weighs more than a "
        "referral to another service; schemas/episodes.toml)"
        + (
            f", {burst:.1f} times the review's usual weight for {rules.rate_days} days"
            if usual > 0
            else ""
        )
    )
    decisions = [
        (event.day, label)
        for event in run
        for kind, label, _, _ in event.labels
        if kind in rules.decisions
    ]
    if decisions:
        listed = "; ".join(f"{label} on {uk(d)}" for d, label in decisions[:4])
        said.append(f"decisions: {listed}")
    return "; ".join(said) + "."
