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
import re
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


# --- people (truth_people.csv) ----------------------------------------------
# What the generator knows of the people it wrote into the files. For the
# review file's people: the role schemas/people.toml gives them (else the
# review file's own), and whether they live in the child's household. The
# wording also names some people by a role word rather than by label: "mum"
# (Mother, in the school's and the police's words), and two people the review
# file does not list, "aunt Shannon Doyle" and "neighbour Brenda Hollis"
# (layout.plant_problems), each known by the role the entry gives them.
PEOPLE_COLUMNS = [
    "person", "role", "adult", "household", "agencies", "not_known_to_health_or_care"
]  # fmt: skip
LISTED_ROLES = {
    "Child A": ("subject child", True),
    "Mother": ("Mother", True),
    "Father": ("Father", False),  # lives elsewhere since the historic incident
    "Partner": ("Mother's partner", True),
    "Sibling 1": ("brother", True),
    "Maternal Grandmother": ("Maternal grandmother", False),
}
ROLE_WORDS = {"mum": "Mother"}  # a listed person named by a role word
# Role word -> (person, adult, of the family): people the review does not list.
UNLISTED = {"aunt": ("Aunt", True, True), "neighbour": ("Neighbour", True, False)}
# The flag adult_not_known_to_health_or_care, as schemas/flags.toml sets it.
RECORDED_BY = frozenset(["police", "probation", "housing", "substance_misuse"])
NOT_BY = frozenset(["health_visiting", "midwifery", "gp", "childrens_social_care"])


@dataclass(frozen=True)
class Written:
    """One record as a file holds it: its agency and the text of its cells."""

    agency: str
    kind: str
    texts: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None


def _words(text: str) -> re.Pattern[str]:
    """A whole word; a quote may open it ('Partner hit mum')."""
    return re.compile(rf"(?<!\w)(?<!\w['’]){re.escape(text)}(?![\w])")


def people(
    written: list[Written],
    listed: list[tuple[str, tuple[str, ...], dt.date]],
    ps: dt.date,
    pe: dt.date,
) -> list[list[str]]:
    """truth_people.csv's rows: each person the files name (``listed``: the
    review file's people as label, aliases, date of birth), with the agencies
    whose files name them and whether the flag should fire for them."""
    seekers: dict[str, list[re.Pattern[str]]] = {}
    facts: dict[str, tuple[str, bool, bool, bool]] = {}  # role, adult, household, kin
    for label, aliases, dob in listed:
        seekers[label] = [_words(label), *(_words(a) for a in aliases)]
        role, household = LISTED_ROLES[label]
        facts[label] = (role, (ps - dob).days / 365.25 >= 18, household, True)
    for word, label in ROLE_WORDS.items():
        seekers[label].append(re.compile(rf"\b{word}\b", re.I))
    for word, (label, adult, kin) in UNLISTED.items():
        seekers[label] = [re.compile(rf"\b{word}\b", re.I)]
        facts[label] = (label, adult, False, kin)
    by: dict[str, list[Written]] = {label: [] for label in seekers}
    for record in written:
        for label, patterns in seekers.items():
            if any(p.search(t) for t in record.texts for p in patterns):
                by[label].append(record)
    kinds_present = {r.kind for r in written}
    rows = []
    for label, records in by.items():
        if not records:
            continue
        role, adult, household, kin = facts[label]
        inside = [r for r in records if r.start and ps <= r.start and r.end <= pe]
        fires = (
            adult
            and kin
            and bool(kinds_present & NOT_BY)
            and any(r.kind in RECORDED_BY for r in inside)
            and not any(r.kind in NOT_BY for r in records)
        )
        rows.append(
            [
                label,
                role,
                str(adult).lower(),
                str(household).lower(),
                ";".join(sorted({r.agency for r in records})),
                str(fires).lower(),
            ]
        )
    return rows
