"""The right answers: gaps and flag firings computed over the truth entries.

The definitions are the contract's, read as follows (README.md says the same):
- only entries inside the review period count (start and end within it);
- gaps: per scope, the distinct start dates of day- or week-precision entries;
  two consecutive ones more than ``gap_days`` apart make a gap (start, end,
  days = end - start); nothing is reported before the first or after the last;
- flag windows are inclusive; "within 14 days" is either side; an entry of
  another agency counts when it has day or week precision and starts in the
  window;
- repeated_was_not_brought: one firing per maximal set of was_not_brought
  entries within ``days`` of the latest, dated the latest.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

CSC = "childrens_social_care"
SAK_TYPES = ("domestic_abuse", "injury", "ed_attendance")


@dataclass(frozen=True)
class Entry:
    """What the rules need of one truth row."""

    position: str  # file|location|row
    rid: int
    batch: int
    agency: str
    kind: str  # the agency's kind (schemas/agencies.toml)
    event_type: str
    person: str
    start: dt.date | None
    end: dt.date | None
    precision: str


def in_period(e: Entry, ps: dt.date, pe: dt.date) -> bool:
    return e.start is not None and ps <= e.start and e.end <= pe


def gaps(
    entries: list[Entry], ps: dt.date, pe: dt.date, gap_days: int, agencies: list[str]
) -> list[tuple[str, str, str, int]]:
    """(scope, start, end, days) for 'all' and then each agency in order."""
    days: dict[str, set[dt.date]] = defaultdict(set)
    for e in entries:
        if e.precision in ("day", "week") and in_period(e, ps, pe):
            days["all"].add(e.start)
            days[e.agency].add(e.start)
    out = []
    for scope in ["all", *agencies]:
        ordered = sorted(days.get(scope, ()))
        for a, b in zip(ordered, ordered[1:], strict=False):
            if (b - a).days > gap_days:
                out.append((scope, a.isoformat(), b.isoformat(), (b - a).days))
    return out


class _Index:
    """Start dates of precise in-period entries, per agency, for windows."""

    def __init__(self, entries: list[Entry]):
        self.by_agency: dict[str, list[dt.date]] = defaultdict(list)
        self.all: list[dt.date] = []
        for e in entries:
            if e.precision in ("day", "week"):
                self.by_agency[e.agency].append(e.start)
                self.all.append(e.start)
        for values in self.by_agency.values():
            values.sort()
        self.all.sort()
        self.spans = [
            (e.start, e.end, e.agency)
            for e in entries
            if e.precision not in ("day", "week")
        ]

    @staticmethod
    def count(values: list[dt.date], lo: dt.date, hi: dt.date) -> int:
        return bisect.bisect_right(values, hi) - bisect.bisect_left(values, lo)

    def others(self, agency: str, lo: dt.date, hi: dt.date) -> int:
        return self.count(self.all, lo, hi) - self.count(
            self.by_agency.get(agency, []), lo, hi
        )

    def others_overlapping(self, agency: str, lo: dt.date, hi: dt.date) -> int:
        """Like ``others`` but also counting imprecise entries that overlap."""
        loose = sum(1 for s, e, a in self.spans if a != agency and s <= hi and lo <= e)
        return self.others(agency, lo, hi) + loose


def flags(
    entries: list[Entry],
    ps: dt.date,
    pe: dt.date,
    dob: dt.date | None,
    settings: dict[str, int] | None = None,
) -> tuple[list[tuple[str, dt.date, list[Entry]]], int]:
    """Every firing of the four contract rules (and the non-mobile bruising
    rule); also how many single-agency answers would change if imprecise
    entries of other agencies counted by overlap (0 means unambiguous)."""
    cfg = {"wnb_days": 90, "wnb_count": 2, "da_days": 7, "rnr_days": 7, "sak_days": 14}
    cfg.update(settings or {})
    inside = [e for e in entries if in_period(e, ps, pe)]
    index = _Index(inside)
    csc_days = sorted(
        e.start for e in inside if e.kind == CSC and e.precision in ("day", "week")
    )
    referral_days = sorted(
        e.start
        for e in inside
        if e.event_type in ("referral_csc", "marac") and e.precision == "day"
    )
    fired: list[tuple[str, dt.date, list[Entry]]] = []
    day = dt.timedelta(days=1)

    wnb = sorted(
        (
            e
            for e in inside
            if e.event_type == "was_not_brought" and e.precision == "day"
        ),
        key=lambda e: (e.start, e.position),
    )
    windows = []
    for j, e in enumerate(wnb):
        lo = e.start - cfg["wnb_days"] * day
        windows.append([w for w in wnb[: j + 1] if w.start >= lo])
    for j, window in enumerate(windows):
        later = windows[j + 1] if j + 1 < len(windows) else []
        if len(window) >= cfg["wnb_count"] and not set(window) <= set(later):
            fired.append(("repeated_was_not_brought", window[-1].start, window))

    ambiguous = 0
    for e in sorted(inside, key=lambda e: (e.start, e.position)):
        if e.precision != "day":
            continue
        d = e.start
        if e.event_type == "domestic_abuse":
            hi = d + cfg["da_days"] * day
            if _Index.count(referral_days, d, hi) == 0:
                fired.append(("da_no_referral", d, [e]))
        if e.event_type == "referral_csc" and e.kind != CSC:
            hi = d + cfg["rnr_days"] * day
            if _Index.count(csc_days, d, hi) == 0:
                fired.append(("referral_not_received", d, [e]))
        if e.event_type in SAK_TYPES:
            lo, hi = d - cfg["sak_days"] * day, d + cfg["sak_days"] * day
            strict = index.others(e.agency, lo, hi) == 0
            loose = index.others_overlapping(e.agency, lo, hi) == 0
            ambiguous += strict != loose
            if strict:
                fired.append(("single_agency_knowledge", d, [e]))
        baby = dob is not None and d < _add_months(dob, 6)
        if e.event_type == "injury" and e.person == "Child A" and baby:
            fired.append(("non_mobile_bruising", d, [e]))
    return fired, ambiguous


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
