"""The flag rules' checks, one function each, named by the rule's code: dated
entries in, flags out (labels, descriptions and settings: schemas/flags.toml).

Common ground for every rule (the flags module lists them):

- Only entries with a known date count, and a rule is set off only by entries
  inside the review period (an entry whose dates overlap it).
- A rule is set off by an entry's main ``event_type``; what answers it (a
  referral, a MARAC, a police entry) may be its main or a secondary type, and
  may lie just outside the period: a referral the day after the period ends
  still answers a domestic abuse incident on its last day.
- One occurrence recorded by several agencies (one ``event_group``) counts
  once and is named by all its entries.
- Imprecise dates never make a flag that may be wrong: entries count as
  "within N days" of each other only when they surely are, and an answering
  entry counts when it may lie in the window. "From that day to N days
  after" is the window from the entry's first day to N days after its last.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ..agencies import schema_kinds
from ..model import text_column
from ..review import ReviewSettings
from .ages import add_months, date_of_birth, format_age
from .dated import (
    CSC_KIND,
    Dated,
    Intervals,
    Occurrence,
    about_child,
    bounds,
    has_type,
    mentions,
    name_entries,
    number_word,
    occurrences,
    runs_within,
    to_date,
    to_day,
    uk,
)
from .people import Reading, household_adults


@dataclass(frozen=True)
class Found:
    """One flag before it becomes a row: its day, entries and sentence."""

    day: int
    labels: tuple[int, ...]
    summary: str


@dataclass
class Context:
    """What a rule reads: the dated entries, the review and its settings."""

    dated: Dated
    review: ReviewSettings
    rule: str
    _cache: dict[Any, Any] = field(default_factory=dict)
    # the merged entries, every column (a rule reading the register needs
    # the columns the dated rows leave out); None: the dated rows only
    entries: pd.DataFrame | None = None
    # people.read_people(entries, review), when the caller has read it
    people: Reading | None = None

    @property
    def rows(self) -> pd.DataFrame:
        return self.dated.rows

    def setting(self, key: str) -> Any:
        return self.review.flag_setting(self.rule, key)

    def number(self, key: str) -> int:
        """A whole-number setting (its type is checked when the review file
        is read, against schemas/flags.toml)."""
        return int(self.setting(key))

    def intervals(self, key: Any, mask: Callable[[], pd.Series]) -> Intervals:
        """Sorted intervals of the rows picked by ``mask``, built once."""
        if key not in self._cache:
            self._cache[key] = Intervals.of(self.rows[mask()])
        return self._cache[key]

    def about_child(self) -> pd.Series:
        """Rows that may be about the subject child (not plainly an adult's)."""
        if "about_child" not in self._cache:
            self._cache["about_child"] = about_child(self.rows["person"], self.review)
        return self._cache["about_child"]

    def kinds_present(self) -> frozenset[str]:
        return frozenset(self.dated.col("kind"))

    def occurrences(self, trigger: pd.Series) -> list[Occurrence]:
        return occurrences(self.dated, trigger)

    def main_type(self, codes: Iterable[str]) -> pd.Series:
        return has_type(self.rows, codes, secondary=False)

    def any_type(self, codes: Iterable[str]) -> pd.Series:
        return has_type(self.rows, codes, secondary=True)

    def name(self, labels: Sequence[int], *, agency: bool = True) -> str:
        return name_entries(self.dated, labels, agency=agency)


def _in_order(dated: Dated, labels: Iterable[int]) -> tuple[int, ...]:
    """Entries in date, then agency, then id order."""
    start, agency, ids = dated.col("start"), dated.col("agency"), dated.col("entry_id")
    return tuple(sorted(labels, key=lambda i: (start[i], agency[i], ids[i])))


def _joined(found: Sequence[Occurrence], run: Iterable[int]) -> tuple[int, ...]:
    return tuple(label for i in run for label in found[i].members)


def _span_words(
    found: Sequence[Occurrence], run: Sequence[int], count: int, days: int
) -> str:
    first, last = found[run[0]].start, found[run[-1]].end
    if last - first <= days:
        return f"within {days} days"
    return (
        f"between {uk(first)} and {uk(last)}, {number_word(count)} or more of "
        f"them within {days} days"
    )


def _runs(ctx: Context, code: str, *, child_only: bool) -> Iterable[tuple[Any, ...]]:
    """Runs of ``code`` occurrences: (occurrences, run, reached, count, days)."""
    count, days = ctx.number("count"), ctx.number("days")
    trigger = ctx.main_type({code})
    if child_only:
        trigger &= ctx.about_child()
    found = ctx.occurrences(trigger)
    if len(found) < max(count, 1):
        return []
    return [
        (found, run, reached, count, days)
        for run, reached in runs_within(*bounds(found), count, days)
    ]


def repeated_was_not_brought(ctx: Context) -> list[Found]:
    flags = []
    for found, run, reached, count, days in _runs(
        ctx, "was_not_brought", child_only=True
    ):
        labels = _in_order(ctx.dated, _joined(found, run))
        flags.append(
            Found(
                found[reached].start,
                labels,
                f"{number_word(len(run)).capitalize()} appointments were recorded "
                f"as was not brought or not attended "
                f"{_span_words(found, run, count, days)} ({ctx.name(labels)}). "
                "The panel may wish to consider whether the pattern of missed "
                "appointments was recognised and followed up.",
            )
        )
    return flags


def repeated_no_access(ctx: Context) -> list[Found]:
    flags = []
    for found, run, reached, count, days in _runs(ctx, "no_access", child_only=False):
        labels = _in_order(ctx.dated, _joined(found, run))
        flags.append(
            Found(
                found[reached].start,
                labels,
                f"{number_word(len(run)).capitalize()} visits were recorded with "
                f"no access {_span_words(found, run, count, days)} "
                f"({ctx.name(labels)}). The panel may wish to consider when the "
                "child was last seen and how the visits were followed up.",
            )
        )
    return flags


def da_no_referral(ctx: Context) -> list[Found]:
    days = ctx.number("days")
    found = ctx.occurrences(ctx.main_type({"domestic_abuse"}))
    if not found:
        return []
    answers = ctx.intervals(
        "referral_or_marac", lambda: ctx.any_type({"referral_csc", "marac"})
    )
    starts, ends = bounds(found)
    none = answers.count(starts, ends + days) == 0
    return [
        Found(
            found[i].start,
            found[i].members,
            f"A domestic abuse incident was recorded ({ctx.name(found[i].members)})"
            f" with no referral to children's social care or MARAC recorded by any "
            f"agency from that day to {days} days after. The panel may wish to "
            "consider whether a referral was considered and why.",
        )
        for i in np.flatnonzero(none)
    ]


def referral_not_received(ctx: Context) -> list[Found]:
    days = ctx.number("days")
    rows = ctx.rows
    if CSC_KIND not in ctx.kinds_present():
        return []  # no chronology from children's social care to check against
    found = ctx.occurrences(
        ctx.main_type({"referral_csc"}) & (rows["kind"] != CSC_KIND)
    )
    if not found:
        return []
    csc = ctx.intervals("csc", lambda: rows["kind"] == CSC_KIND)
    starts, ends = bounds(found)
    none = csc.count(starts, ends + days) == 0
    kind = ctx.dated.col("kind")
    flags = []
    for i in np.flatnonzero(none):
        occ = found[i]
        # Social care's own record of the same referral, dated after the window,
        # is named too: the delay is what the panel may want to look at.
        late = [m for m in occ.members if kind[m] == CSC_KIND]
        sent = [m for m in occ.members if kind[m] != CSC_KIND]
        senders = " and ".join(sorted({str(ctx.dated.col("agency")[m]) for m in sent}))
        record = (
            f"; its first record of this referral is {ctx.name(late)}" if late else ""
        )
        flags.append(
            Found(
                occ.start,
                (*sent, *late),
                f"{senders} recorded a referral to children's social care "
                f"({ctx.name(sent, agency=False)}), and children's social care has "
                "no entry from "
                f"that day to {days} days after{record}. The panel may wish to "
                "consider whether the referral was received and how it was "
                "handled.",
            )
        )
    return flags


_SINGLE_TYPES = {
    "domestic_abuse": "A domestic abuse incident",
    "injury": "An injury",
    "ed_attendance": "An emergency department attendance",
}


def single_agency_knowledge(ctx: Context) -> list[Found]:
    """Known to one agency: no entry at all by another agency within N days.

    "An entry of another agency" is any entry, whatever its type, dated within
    N days either side of the occurrence (the contract's words, read literally).
    """
    days = ctx.number("days")
    rows = ctx.rows
    found = [
        o for o in ctx.occurrences(ctx.main_type(_SINGLE_TYPES)) if len(o.agencies) == 1
    ]
    if not found:
        return []
    everyone = ctx.intervals("all", lambda: pd.Series(True, index=rows.index))
    types = ctx.dated.col("type")
    flags = []
    for occ in found:
        agency = occ.agencies[0]
        own = ctx.intervals(
            ("agency", agency), partial(operator.eq, rows["agency"], agency)
        )
        lo, hi = occ.start - days, occ.end + days
        if int(everyone.count(lo, hi)) - int(own.count(lo, hi)) > 0:
            continue
        main = {types[m] for m in occ.members}
        what = next(text for code, text in _SINGLE_TYPES.items() if code in main)
        flags.append(
            Found(
                occ.start,
                occ.members,
                f"{what} was recorded by {agency} only "
                f"({ctx.name(occ.members, agency=False)}), "
                f"with no entry by any other agency within {days} days either "
                "side. The panel may wish to consider whether this was shared with "
                "the other agencies involved.",
            )
        )
    return flags


def non_mobile_bruising(ctx: Context) -> list[Found]:
    """An injury to the child before ``max_age_months`` (most babies are not
    yet mobile). An injury noted as a secondary type counts when the text names
    the child, since a bruise is often seen during a routine visit; text about
    an adult alone ("Mother attended ED with a swollen wrist") does not.
    Injuries within ``days`` of each other (the visit, the referral, the
    medical) are one situation and one flag."""
    born = date_of_birth(ctx.review)
    if born is None:
        return []
    months, days = ctx.number("max_age_months"), ctx.number("days")
    first, limit = to_day(born), to_day(add_months(born, months))
    rows = ctx.rows
    maybe = ctx.about_child() & ctx.any_type({"injury"})
    child, adult = mentions(rows.loc[maybe, "description"], ctx.review)
    main = ctx.main_type({"injury"})[maybe]
    trigger = ((main & (child | ~adult)) | child).reindex(rows.index, fill_value=False)
    found = [o for o in ctx.occurrences(trigger) if o.start >= first and o.end < limit]
    clusters: list[list[Occurrence]] = []
    for occ in found:
        if clusters and occ.start - max(o.end for o in clusters[-1]) <= days:
            clusters[-1].append(occ)
        else:
            clusters.append([occ])
    flags = []
    for cluster in clusters:
        start, end = cluster[0].start, cluster[0].end
        labels = _in_order(ctx.dated, (m for o in cluster for m in o.members))
        age = format_age(born, to_date(start), exact=start == end)
        flags.append(
            Found(
                start,
                labels,
                f"An injury or mark was recorded when {ctx.review.review.subject} "
                f"was {age} old ({ctx.name(labels)}), an age at which most babies "
                "are not yet mobile. The panel may wish to consider whether the "
                "local guidance on bruising and injuries in non-mobile babies was "
                "followed.",
            )
        )
    return flags


def strategy_without_police_or_health(ctx: Context) -> list[Found]:
    """A strategy discussion with no police or no health entry within N days
    either side. Only agencies that supplied a chronology are looked for."""
    days = ctx.number("days")
    health = frozenset(str(k) for k in ctx.setting("health_kinds"))
    rows = ctx.rows
    present = ctx.kinds_present()
    wanted = []
    if "police" in present:
        wanted.append(("the police", frozenset({"police"})))
    if present & health:
        wanted.append(("a health agency", health))
    found = ctx.occurrences(ctx.main_type({"strategy_discussion"}))
    if not found or not wanted:
        return []
    kind = ctx.dated.col("kind")
    flags = []
    for occ in found:
        own_kinds = {kind[m] for m in occ.members}
        lo, hi = occ.start - days, occ.end + days
        missing = []
        for words, kinds in wanted:
            if own_kinds & kinds:
                continue
            near = ctx.intervals(kinds, partial(rows["kind"].isin, kinds))
            if int(near.count(lo, hi)) == 0:
                missing.append(words)
        if missing:
            flags.append(
                Found(
                    occ.start,
                    occ.members,
                    f"A strategy discussion was recorded ({ctx.name(occ.members)}) "
                    f"with no entry by {' or '.join(missing)} within {days} days "
                    "either side. The panel may wish to consider who took part in "
                    "the discussion and how information was shared.",
                )
            )
    return flags


def rereferral_after_closure(ctx: Context) -> list[Found]:
    """A referral to children's social care after it closed the case: one flag
    per closure, naming the referrals that surely followed within N days."""
    days = ctx.number("days")
    rows = ctx.rows
    closures = ctx.occurrences(
        ctx.main_type({"case_closure"}) & (rows["kind"] == CSC_KIND)
    )
    referrals = ctx.occurrences(ctx.main_type({"referral_csc"}))
    if not closures or not referrals:
        return []
    closures = sorted(closures, key=lambda o: (o.end, o.start))
    ends = np.array([o.end for o in closures], dtype=np.int64)
    ref_starts, _ = bounds(referrals)
    latest = np.searchsorted(ends, ref_starts, side="left") - 1
    followed: dict[int, list[int]] = {}
    for r, c in enumerate(latest.tolist()):
        if c < 0 or referrals[r].group == closures[c].group:
            continue
        if referrals[r].end - closures[c].start <= days:
            followed.setdefault(c, []).append(r)
    flags = []
    for c, refs in sorted(followed.items()):
        closure = closures[c].members
        later = _in_order(ctx.dated, _joined(referrals, refs))
        flags.append(
            Found(
                referrals[refs[0]].start,
                (*closure, *later),
                f"Children's social care closed the case ({ctx.name(closure)}) and "
                f"a new referral followed within {days} days ({ctx.name(later)}). "
                "The panel may wish to consider the decision to close and what "
                "had changed.",
            )
        )
    return flags


def repeated_da_no_marac(ctx: Context) -> list[Found]:
    """``count`` domestic abuse incidents within ``days`` with no MARAC entry
    between them or up to ``marac_days`` after the last. A MARAC starts the
    count again."""
    count, days = ctx.number("count"), ctx.number("days")
    after = ctx.number("marac_days")
    found = ctx.occurrences(ctx.main_type({"domestic_abuse"}))
    if len(found) < max(count, 1):
        return []
    is_marac = ctx.any_type({"marac"})
    marac = ctx.intervals("marac", lambda: is_marac)
    marac_starts = np.sort(ctx.rows.loc[is_marac, "start"].to_numpy(dtype=np.int64))
    starts, _ = bounds(found)
    segment = np.searchsorted(marac_starts, starts, side="left")
    flags = []
    for seg in np.unique(segment):
        part = [found[i] for i in np.flatnonzero(segment == seg)]
        for run, reached in runs_within(*bounds(part), count, days):
            if int(marac.count(part[run[0]].start, part[run[-1]].end + after)) > 0:
                continue
            labels = _in_order(ctx.dated, _joined(part, run))
            flags.append(
                Found(
                    part[reached].start,
                    labels,
                    f"{number_word(len(run)).capitalize()} domestic abuse incidents "
                    f"were recorded {_span_words(part, run, count, days)} "
                    f"({ctx.name(labels)}) with no MARAC referral or meeting "
                    f"recorded from the first to {after} days after the last. The "
                    "panel may wish to consider whether a MARAC referral was "
                    "considered.",
                )
            )
    return flags


def adult_not_known_to_health_or_care(ctx: Context) -> list[Found]:
    """An adult of the household (people.household_adults) named by some services
    (police, probation, housing, substance misuse) but by none of those that see the
    child at home (health visiting, midwifery, the GP, children's social care):
    national learning on adults unseen by the child's services. Only when one of the
    latter supplied a chronology, or every adult would be unseen; only entries
    inside the period set it off, but an entry of the latter at any date answers it."""
    recorded_by = set(ctx.setting("recorded_by"))
    not_by = set(ctx.setting("not_by"))
    if not ctx.kinds_present() & not_by:
        return []
    rows = ctx.rows
    # the register's own reading (people.read_people) over every column
    entries = ctx.entries if ctx.entries is not None else rows
    every_kind = (
        text_column(entries, "agency_kind").to_numpy()
        if "agency_kind" in entries.columns
        else ctx.dated.col("kind").astype(str)
    )
    pos = ctx.dated.col("pos").astype(np.int64) if ctx.entries is not None else None
    kinds, start = ctx.dated.col("kind"), ctx.dated.col("start")
    in_period = ctx.dated.col("in_period").astype(bool)
    by_kind = np.isin(kinds.astype(str), sorted(recorded_by)) & in_period
    flags = []
    reading = ctx.people if ctx.entries is not None else None
    for known, every in household_adults(entries, ctx.review, reading=reading):
        if set(every_kind[every].astype(str)) & not_by:
            continue
        hit = every[pos] if pos is not None else every
        named = hit & by_kind
        if not named.any():
            continue
        labels = _in_order(ctx.dated, rows.index[named])
        agencies = sorted(set(rows["agency"].astype(str)[named]))
        who = (
            known.person
            if known.role in ("", known.person)
            else (f"{known.person} ({known.role})")
        )
        flags.append(
            Found(
                int(start[named].min()),
                labels,
                f"{who} is named in {number_word(len(labels))} "
                f"entr{'y' if len(labels) == 1 else 'ies'} by "
                f"{' and '.join(agencies)} ({ctx.name(labels, agency=False)}), "
                f"and in none by {_kind_names(not_by)}. The panel may wish to "
                f"consider whether the agencies that see the child at home knew "
                f"of {known.person}.",
            )
        )
    return flags


def _kind_names(kinds: Iterable[str]) -> str:
    """ "Children's Social Care, GP, Health Visiting or Midwifery"."""
    names = schema_kinds()
    said = [
        str(names.get(k, {}).get("name", k.replace("_", " "))) for k in sorted(kinds)
    ]
    return ", ".join(said[:-1]) + " or " + said[-1] if len(said) > 1 else said[0]
