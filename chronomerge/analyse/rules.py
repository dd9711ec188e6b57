"""The flag rules, one function each: dated entries in, flags out.

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

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ReviewFileError
from ..review import ReviewSettings
from ._frame import (
    CSC_KIND,
    Dated,
    Intervals,
    has_type,
    name_entries,
    number_word,
    occurrences,
    runs_within,
    to_date,
    to_day,
    uk,
)
from .ages import add_months, date_of_birth, format_age

# Words for the adults around a child, to tell a mother's missed appointment
# from the child's when the entry names the person.
_ADULT_WORDS = (
    "mother|mum|mom|father|dad|stepfather|stepmother|step-father|step-mother"
    "|partner|boyfriend|girlfriend|grandmother|grandfather|nan|uncle|aunt|parent"
    "|carer|adult"
)


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

    @property
    def rows(self) -> pd.DataFrame:
        return self.dated.rows

    def setting(self, key: str) -> Any:
        return self.review.flag_setting(self.rule, key)

    def number(self, key: str) -> int:
        """A whole-number setting, refused in plain words when it is not one."""
        value = self.setting(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ReviewFileError(
                f"review file: flags.{self.rule}.{key} should be a whole number, "
                f"not {value!r}."
            )
        return int(value)

    def intervals(self, key: Any, mask: Callable[[], pd.Series]) -> Intervals:
        """Sorted intervals of the rows picked by ``mask``, built once."""
        if key not in self._cache:
            self._cache[key] = Intervals.of(self.rows[mask()])
        return self._cache[key]

    def about_child(self) -> pd.Series:
        """Rows that may be about the subject child (not plainly an adult's)."""
        if "about_child" not in self._cache:
            self._cache["about_child"] = _about_child(self.rows, self.review)
        return self._cache["about_child"]

    def kinds_present(self) -> frozenset[str]:
        return frozenset(self.rows["kind"])

    def name(self, labels: Sequence[int]) -> str:
        return name_entries(self.rows, labels)


def _words(values: Iterable[str]) -> str:
    return "|".join(re.escape(v.lower()) for v in values if v and v.strip())


def _about_child(rows: pd.DataFrame, review: ReviewSettings) -> pd.Series:
    """False only when the person column names someone else and not the child."""
    subject = [review.review.subject]
    others: list[str] = []
    for person in review.people:
        names = [person.label, *person.aliases]
        (subject if person.label == review.review.subject else others).extend(names)
    child = re.compile(rf"\b({_words(subject)})\b", re.IGNORECASE)
    other_words = _words(others)
    adult = re.compile(
        rf"\b({_ADULT_WORDS}{'|' + other_words if other_words else ''})\b",
        re.IGNORECASE,
    )

    def check(person: str) -> bool:
        if not person:
            return True
        return bool(child.search(person)) or not adult.search(person)

    return rows["person"].map(check).astype(bool)


def _members(occ: pd.DataFrame, which: Iterable[int]) -> tuple[int, ...]:
    labels: list[int] = []
    for i in which:
        labels.extend(occ.at[i, "members"])
    return tuple(labels)


def _span_words(occ: pd.DataFrame, run: Sequence[int], count: int, days: int) -> str:
    first, last = int(occ.at[run[0], "start"]), int(occ.at[run[-1], "end"])
    if last - first <= days:
        return f"within {days} days"
    return (
        f"between {uk(first)} and {uk(last)}, {number_word(count)} or more of "
        f"them within {days} days"
    )


def _repeated(ctx: Context, code: str, child_only: bool) -> list[tuple[Any, ...]]:
    """Runs of ``code`` occurrences: (occurrences, run, count, days)."""
    count, days = ctx.number("count"), ctx.number("days")
    trigger = has_type(ctx.rows, {code}, secondary=False)
    if child_only:
        trigger &= ctx.about_child()
    occ = occurrences(ctx.dated, trigger)
    if len(occ) < max(count, 1):
        return []
    starts = occ["start"].to_numpy(dtype=np.int64)
    ends = occ["end"].to_numpy(dtype=np.int64)
    return [(occ, run, count, days) for run in runs_within(starts, ends, count, days)]


def repeated_was_not_brought(ctx: Context) -> list[Found]:
    found = []
    for occ, run, count, days in _repeated(ctx, "was_not_brought", child_only=True):
        labels = _members(occ, run)
        found.append(
            Found(
                int(occ.at[run[0], "start"]),
                labels,
                f"{number_word(len(run)).capitalize()} appointments were recorded "
                f"as was not brought or not attended "
                f"{_span_words(occ, run, count, days)} ({ctx.name(labels)}). "
                "The panel may wish to consider whether the pattern of missed "
                "appointments was recognised and followed up.",
            )
        )
    return found


def repeated_no_access(ctx: Context) -> list[Found]:
    found = []
    for occ, run, count, days in _repeated(ctx, "no_access", child_only=False):
        labels = _members(occ, run)
        found.append(
            Found(
                int(occ.at[run[0], "start"]),
                labels,
                f"{number_word(len(run)).capitalize()} visits were recorded with "
                f"no access {_span_words(occ, run, count, days)} "
                f"({ctx.name(labels)}). The panel may wish to consider when the "
                "child was last seen and how the visits were followed up.",
            )
        )
    return found


def da_no_referral(ctx: Context) -> list[Found]:
    days = ctx.number("days")
    occ = occurrences(
        ctx.dated, has_type(ctx.rows, {"domestic_abuse"}, secondary=False)
    )
    if occ.empty:
        return []
    answers = ctx.intervals(
        "referral_or_marac",
        lambda: has_type(ctx.rows, {"referral_csc", "marac"}, secondary=True),
    )
    starts = occ["start"].to_numpy(dtype=np.int64)
    ends = occ["end"].to_numpy(dtype=np.int64)
    none = answers.count(starts, ends + days) == 0
    return [
        Found(
            int(occ.at[i, "start"]),
            occ.at[i, "members"],
            f"A domestic abuse incident was recorded ({ctx.name(occ.at[i, 'members'])})"
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
    sent = has_type(rows, {"referral_csc"}, secondary=False) & (
        rows["kind"] != CSC_KIND
    )
    occ = occurrences(ctx.dated, sent)
    if occ.empty:
        return []
    csc = ctx.intervals("csc", lambda: rows["kind"] == CSC_KIND)
    starts = occ["start"].to_numpy(dtype=np.int64)
    ends = occ["end"].to_numpy(dtype=np.int64)
    none = csc.count(starts, ends + days) == 0
    found = []
    for i in np.flatnonzero(none):
        labels = occ.at[i, "members"]
        if (rows.loc[list(labels), "kind"] == CSC_KIND).any():
            continue
        senders = " and ".join(occ.at[i, "agencies"])
        found.append(
            Found(
                int(occ.at[i, "start"]),
                labels,
                f"{senders} recorded a referral to children's social care "
                f"({ctx.name(labels)}), and children's social care has no entry "
                f"from that day to {days} days after. The panel may wish to "
                "consider whether the referral was received and how it was handled.",
            )
        )
    return found


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
    occ = occurrences(ctx.dated, has_type(rows, _SINGLE_TYPES, secondary=False))
    occ = occ[occ["agencies"].map(len) == 1]
    if occ.empty:
        return []
    everyone = ctx.intervals("all", lambda: pd.Series(True, index=rows.index))
    found = []
    for i in occ.index:
        agency = occ.at[i, "agencies"][0]
        own = ctx.intervals(("agency", agency), lambda a=agency: rows["agency"] == a)
        lo, hi = int(occ.at[i, "start"]) - days, int(occ.at[i, "end"]) + days
        if int(everyone.count(lo, hi)) - int(own.count(lo, hi)) > 0:
            continue
        labels = occ.at[i, "members"]
        main = set(rows.loc[list(labels), "type"])
        what = next(text for code, text in _SINGLE_TYPES.items() if code in main)
        found.append(
            Found(
                int(occ.at[i, "start"]),
                labels,
                f"{what} was recorded by {agency} only ({ctx.name(labels)}), with "
                f"no entry by any other agency within {days} days either side. "
                "The panel may wish to consider whether this was shared with the "
                "other agencies involved.",
            )
        )
    return found


def non_mobile_bruising(ctx: Context) -> list[Found]:
    """An injury to the child before ``max_age_months`` (most babies are not
    yet mobile); an injury noted as a secondary type counts, since a bruise is
    often seen during a routine contact."""
    born = date_of_birth(ctx.review)
    if born is None:
        return []
    months = ctx.number("max_age_months")
    first, limit = to_day(born), to_day(add_months(born, months))
    rows = ctx.rows
    trigger = has_type(rows, {"injury"}, secondary=True) & ctx.about_child()
    occ = occurrences(ctx.dated, trigger)
    found = []
    for i in occ.index:
        start, end = int(occ.at[i, "start"]), int(occ.at[i, "end"])
        if start < first or end >= limit:
            continue
        labels = occ.at[i, "members"]
        exact = start == end
        age = format_age(born, to_date(start), exact=exact)
        found.append(
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
    return found


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
    occ = occurrences(
        ctx.dated, has_type(rows, {"strategy_discussion"}, secondary=False)
    )
    if occ.empty or not wanted:
        return []
    found = []
    for i in occ.index:
        labels = occ.at[i, "members"]
        own_kinds = set(rows.loc[list(labels), "kind"])
        lo, hi = int(occ.at[i, "start"]) - days, int(occ.at[i, "end"]) + days
        missing = []
        for words, kinds in wanted:
            if own_kinds & kinds:
                continue
            near = ctx.intervals(kinds, lambda k=kinds: rows["kind"].isin(k))
            if int(near.count(lo, hi)) == 0:
                missing.append(words)
        if missing:
            found.append(
                Found(
                    int(occ.at[i, "start"]),
                    labels,
                    f"A strategy discussion was recorded ({ctx.name(labels)}) with "
                    f"no entry by {' or '.join(missing)} within {days} days either "
                    "side. The panel may wish to consider who took part in the "
                    "discussion and how information was shared.",
                )
            )
    return found


def rereferral_after_closure(ctx: Context) -> list[Found]:
    """A referral to children's social care after it closed the case: one flag
    per closure, naming the referrals that surely followed within N days."""
    days = ctx.number("days")
    rows = ctx.rows
    closed = has_type(rows, {"case_closure"}, secondary=False) & (
        rows["kind"] == CSC_KIND
    )
    closures = occurrences(ctx.dated, closed)
    referrals = occurrences(
        ctx.dated, has_type(rows, {"referral_csc"}, secondary=False)
    )
    if closures.empty or referrals.empty:
        return []
    closures = closures.sort_values(["end", "start"]).reset_index(drop=True)
    ends = closures["end"].to_numpy(dtype=np.int64)
    found = []
    latest = np.searchsorted(ends, referrals["start"].to_numpy(np.int64), "left") - 1
    followed: dict[int, list[int]] = {}
    for r, c in zip(referrals.index, latest, strict=True):
        if c < 0 or referrals.at[r, "group"] == closures.at[c, "group"]:
            continue
        if int(referrals.at[r, "end"]) - int(closures.at[c, "start"]) <= days:
            followed.setdefault(int(c), []).append(r)
    for c, refs in sorted(followed.items()):
        closure = closures.at[c, "members"]
        later = _members(referrals, refs)
        found.append(
            Found(
                int(referrals.at[refs[0], "start"]),
                (*closure, *later),
                f"Children's social care closed the case ({ctx.name(closure)}) and "
                f"a new referral followed within {days} days ({ctx.name(later)}). "
                "The panel may wish to consider the decision to close and what "
                "had changed.",
            )
        )
    return found


def repeated_da_no_marac(ctx: Context) -> list[Found]:
    """``count`` domestic abuse incidents within ``days`` with no MARAC entry
    between them or up to ``marac_days`` after the last. A MARAC starts the
    count again."""
    count, days = ctx.number("count"), ctx.number("days")
    after = ctx.number("marac_days")
    rows = ctx.rows
    occ = occurrences(ctx.dated, has_type(rows, {"domestic_abuse"}, secondary=False))
    if len(occ) < max(count, 1):
        return []
    is_marac = has_type(rows, {"marac"}, secondary=True)
    marac = ctx.intervals("marac", lambda: is_marac)
    marac_starts = np.sort(rows.loc[is_marac, "start"].to_numpy(dtype=np.int64))
    starts = occ["start"].to_numpy(dtype=np.int64)
    segment = np.searchsorted(marac_starts, starts, side="left")
    found = []
    for seg in np.unique(segment):
        part = occ[segment == seg].reset_index(drop=True)
        p_starts = part["start"].to_numpy(dtype=np.int64)
        p_ends = part["end"].to_numpy(dtype=np.int64)
        for run in runs_within(p_starts, p_ends, count, days):
            last = run[-1]
            window = (int(part.at[run[0], "start"]), int(p_ends[last]) + after)
            if int(marac.count(*window)) > 0:
                continue
            labels = _members(part, run)
            found.append(
                Found(
                    int(part.at[run[0], "start"]),
                    labels,
                    f"{number_word(len(run)).capitalize()} domestic abuse incidents "
                    f"were recorded {_span_words(part, run, count, days)} "
                    f"({ctx.name(labels)}) with no MARAC referral or meeting "
                    f"recorded from the first to {after} days after the last. The "
                    "panel may wish to consider whether a MARAC referral was "
                    "considered.",
                )
            )
    return found
