"""Candidate pairs by date: only entries whose dates could be one occurrence
are ever compared, never all pairs.

Exact dates pair with those up to ``day_tolerance`` days either side (agencies
slip a day); a week ('w/c 04/03/2019', up to ``imprecise_days``) with what it
overlaps. An imprecise date ('March 2019', 'Spring 2018') pairs with what its
interval overlaps, but only when the texts are very close
(``imprecise_text_similarity``); two entries of one agency only when their
texts are near-identical (``same_agency_text_similarity``), on the same
date and from separate files (two teams' records; a repeat within one file is
a validation warning, not a link).

Pairs come block by block: a pair belongs to the block of days holding the
earlier of its two dates, and a block holds about ``budget`` pairs whatever
the number of entries per day, so a review with many agencies and busy days
never holds all its pairs at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..resources import load_toml
from ..review import LinkingSettings
from .comparison_dates import refers_back, sent_received, sent_received_rules
from .prepared import EntryArrays

Similarity = Callable[[np.ndarray, np.ndarray, float], np.ndarray]

BLOCK_PAIRS = 400_000  # pairs generated at once, before any is dropped
MAX_INTERVAL_DAYS = 124


@dataclass(frozen=True)
class Candidates:
    """Pairs of entry positions (``left`` before ``right`` in date order) and
    the similarity of their texts (0-100; NaN where no gate needed it)."""

    left: np.ndarray
    right: np.ndarray
    text: np.ndarray

    def __len__(self) -> int:
        return len(self.left)


@dataclass(frozen=True)
class Keys:
    """Evidence without which no pair can reach the threshold.

    With the default weights two entries of different, unrelated event types,
    neither naming the other's agency and without close times cannot score
    enough to link, whatever their texts say; so within the date window only
    pairs that share a type (main or secondary), have compatible types, name
    each other's agency, give times close together on one day, or lack a
    type need comparing. The linker works out whether the weights in use make
    that so (see linker._keys) and passes None when they do not.

    Attributes:
        compatible: pairs of event-type codes often used for one event.
        minutes: times at most this far apart on the same first day are a
            key (None: not).
        groups: the type codes of each compatibility group (two types of
            one group are a key).
        vague: type codes that count as no type (paired like untyped ones).
        received_days: entries naming an agency pair with that agency's
            entries this many days on (not only the tolerance), for the date
            comparison's sent_received level (0: not), when they are at most
            ``working_days`` working days apart (see sent_received).
    """

    compatible: tuple[tuple[int, int], ...] = ()
    minutes: float | None = None
    groups: tuple[tuple[int, ...], ...] = ()
    vague: tuple[int, ...] = ()
    received_days: int = 0
    working_days: int = 0


def _ranges(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (p, q) with starts[p] <= q < stops[p], built without a Python loop
    (in 32-bit numbers when they fit: half the memory to walk through)."""
    counts = np.maximum(stops - starts, 0)
    total = int(counts.sum())
    wide = max(total, len(starts), int(stops.max()) if len(stops) else 0) >= 2**31
    kind: type[np.signedinteger] = np.int64 if wide else np.int32
    counts = counts.astype(kind)
    owner = np.repeat(np.arange(len(starts), dtype=kind), counts)
    offsets = np.cumsum(counts, dtype=kind) - counts
    q = np.arange(total, dtype=kind)
    q += np.repeat((starts - offsets).astype(kind), counts)
    return owner, q


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)


class _Run:
    """Entries sorted by first day (then id), and where each one's window ends.

    An entry's window holds the entries starting from its own first day up to
    its last day plus the tolerance: the later entries its dates can meet.
    """

    def __init__(self, prep: EntryArrays, subset: np.ndarray, tol: int) -> None:
        self.pos = subset[np.lexsort((prep.rank[subset], prep.start[subset]))]
        self.start = prep.start[self.pos]
        self.reach = prep.end[self.pos] + tol

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Index range of the entries whose first day is in [first, last)."""
        lo, hi = np.searchsorted(self.start, [first, last], side="left")
        return int(lo), int(hi)


class _Within:
    """Pairs of two entries of one set (one event type): each entry with the
    entries after it in its window."""

    def __init__(self, prep: EntryArrays, subset: np.ndarray, tol: int) -> None:
        self.run = _Run(prep, subset, tol)
        self.stop = np.searchsorted(self.run.start, self.run.reach, side="right")

    def counts(self) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.run.pos)
        return self.run.pos, np.maximum(self.stop - np.arange(n) - 1, 0)

    def pairs(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.run.span(first, last)
        if hi <= lo:
            return _empty()
        owner, q = _ranges(np.arange(lo, hi) + 1, self.stop[lo:hi])
        return self.run.pos[owner + lo], self.run.pos[q]


class _Across:
    """Pairs of one entry of ``a`` and one of ``b``: an entry of ``a`` with the
    entries of ``b`` in its window, and one of ``b`` with the entries of ``a``
    starting after it (a tie is taken once, from ``a``)."""

    def __init__(self, prep: EntryArrays, a: np.ndarray, b: np.ndarray, tol: int):
        self.a, self.b = _Run(prep, a, tol), _Run(prep, b, tol)
        self.a_lo = np.searchsorted(self.b.start, self.a.start, side="left")
        self.a_hi = np.searchsorted(self.b.start, self.a.reach, side="right")
        self.b_lo = np.searchsorted(self.a.start, self.b.start, side="right")
        self.b_hi = np.searchsorted(self.a.start, self.b.reach, side="right")

    def counts(self) -> tuple[np.ndarray, np.ndarray]:
        return (
            np.concatenate([self.a.pos, self.b.pos]),
            np.maximum(
                np.concatenate([self.a_hi - self.a_lo, self.b_hi - self.b_lo]), 0
            ),
        )

    def pairs(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        out_l, out_r = [], []
        for mine, other, lo, hi in (
            (self.a, self.b, self.a_lo, self.a_hi),
            (self.b, self.a, self.b_lo, self.b_hi),
        ):
            i, j = mine.span(first, last)
            if j <= i:
                continue
            owner, q = _ranges(lo[i:j], hi[i:j])
            out_l.append(mine.pos[owner + i])
            out_r.append(other.pos[q])
        if not out_l:
            return _empty()
        return np.concatenate(out_l), np.concatenate(out_r)


class _Clock:
    """Pairs of entries with the same first day whose times are at most
    ``minutes`` apart (the time comparison counts a time given with a week or
    a month too, and only on one first day)."""

    def __init__(self, prep: EntryArrays, usable: np.ndarray, minutes: float) -> None:
        timed = usable[~np.isnan(prep.minutes[usable])]
        # Days far apart on the clock, so no window reaches the next day.
        clock = prep.start[timed] * 1e6 + prep.minutes[timed]
        order = np.argsort(clock, kind="stable")
        self.pos, clock = timed[order], clock[order]
        self.start = prep.start[self.pos]
        self.stop = np.searchsorted(clock, clock + minutes, side="right")

    def counts(self) -> tuple[np.ndarray, np.ndarray]:
        return self.pos, np.maximum(self.stop - np.arange(len(self.pos)) - 1, 0)

    def pairs(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = np.searchsorted(self.start, [first, last], side="left")
        owner, q = _ranges(np.arange(lo, hi) + 1, self.stop[lo:hi])
        return self.pos[owner + lo], self.pos[q]


class _Refers:
    """Pairs of an entry whose text refers to earlier days ('last night',
    'over the weekend') and the exact-day entries on those days, however far
    back (the date comparison's level refers_back)."""

    def __init__(self, prep: EntryArrays, usable: np.ndarray) -> None:
        exact = usable[prep.is_day[usable]]
        self.run = _Run(prep, exact, 0)
        self.mine = exact[prep.refers[exact]]
        self.first = prep.refer_first[self.mine]
        self.last = prep.refer_last[self.mine]

    def _spans(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        """Per referring entry, the run's index range of the days it refers to
        that fall in [first, last)."""
        start = self.run.start
        lo = np.searchsorted(start, np.maximum(self.first, first), side="left")
        hi = np.searchsorted(start, np.minimum(self.last + 1, last), side="left")
        return lo, np.maximum(hi, lo)

    def counts(self) -> tuple[np.ndarray, np.ndarray]:
        # Each pair is counted at its earlier entry (the day referred to).
        lo, hi = self._spans(-(2**62), 2**62)
        diff = np.zeros(len(self.run.pos) + 1, dtype=np.int64)
        np.add.at(diff, lo, 1)
        np.add.at(diff, hi, -1)
        return self.run.pos, np.cumsum(diff)[:-1]

    def pairs(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        if not len(self.mine):
            return _empty()
        lo, hi = self._spans(first, last)
        owner, q = _ranges(lo, hi)
        return self.run.pos[q], self.mine[owner]


def received_keys() -> Keys:
    """Keys for the sent-and-received pairs alone (schemas/linking.toml
    [sent_received]): what every-pair blocking adds beyond the tolerance."""
    working = sent_received_rules()[1]
    days = 0 if working <= 0 else working + 2 * (working // 5 + 1)
    return Keys(received_days=days, working_days=working)


def _naming(
    prep: EntryArrays, usable: np.ndarray, wide: int
) -> list[_Within | _Across | _Clock]:
    """Entries naming an agency, with that agency's entries ``wide`` days on."""
    sources: list[_Within | _Across | _Clock] = []
    named = prep.named.mask[usable]
    kind_bit = prep.kind_bit[usable]
    for bit in np.unique(kind_bit[kind_bit != 0]).tolist():
        naming = usable[(named & np.uint64(bit)) != 0]
        if len(naming):
            sources.append(_Across(prep, naming, usable[kind_bit == bit], wide))
    return sources


def _sources(prep: EntryArrays, usable: np.ndarray, tol: int, keys: Keys | None):
    """What makes the pairs: every date-window pair, or only keyed ones."""
    sources: list[Any] = []
    if prep.refers[usable].any():
        sources.append(_Refers(prep, usable))
    if keys is None:
        # Every pair in the window, and sent-and-received pairs beyond it.
        wide = received_keys().received_days
        return [*sources, _Within(prep, usable, tol)] + (
            _naming(prep, usable, wide) if wide > tol else []
        )
    code = prep.type_code[usable]
    secondary = prep.secondary.mask[usable]
    for c in np.unique(code[code >= 0]).tolist():
        has = (code == c) | ((secondary >> np.uint64(c)) & np.uint64(1) == 1)
        sources.append(_Within(prep, usable[has], tol))
    for x, y in keys.compatible:
        a, b = usable[code == x], usable[code == y]
        if len(a) and len(b):
            sources.append(_Across(prep, a, b, tol))
    for group in keys.groups:
        members = usable[np.isin(code, group)]
        if len(np.unique(prep.type_code[members])) > 1:
            sources.append(_Within(prep, members, tol))
    untyped = usable[(code < 0) | np.isin(code, keys.vague)]
    if len(untyped):
        sources.append(_Across(prep, untyped, usable, tol))
    sources += _naming(prep, usable, max(tol, keys.received_days))
    if keys.minutes is not None:
        sources.append(_Clock(prep, usable, keys.minutes))
        sources += _midnight(prep, usable, keys.minutes)
    one = _one_interval(prep, usable)
    if len(one) > 1:
        # Imprecise dates each the only one of its agency on its interval
        # (the date comparison's level same_interval).
        sources.append(_Within(prep, one, tol))
    joint = usable[prep.joint[usable]]
    if len(joint) > 1:
        # Both texts say the work was joint (agency_named level both_joint).
        sources.append(_Within(prep, joint, tol))
    meetings = prep.meetings.mask[usable]
    for code in sorted(prep.meetings.code.values()):
        # Entries that are or name one kind of meeting (the event_type
        # level named_meeting).
        has = usable[(meetings & np.uint64(1 << code)) != 0]
        if len(has) > 1:
            sources.append(_Within(prep, has, tol))
    return sources


def _one_interval(prep: EntryArrays, usable: np.ndarray) -> np.ndarray:
    """Entries of an imprecise date that are the only ones of their agency
    on it, or as many as [imprecise] max_per_interval allows."""
    most = int(
        load_toml("linking.toml").get("imprecise", {}).get("max_per_interval", 0)
    )
    return usable[~prep.is_day[usable] & (prep.interval_count[usable] <= most)]


def _midnight(prep: EntryArrays, usable: np.ndarray, minutes: float) -> list[Any]:
    """Late-evening entries with early-morning ones of the same or the next
    day: times close across midnight (the time comparison's gaps)."""
    m = prep.minutes[usable]
    late = usable[m >= 1440 - minutes]
    early = usable[m <= minutes]
    return [_Across(prep, late, early, 1)] if len(late) and len(early) else []


def _per_day(prep: EntryArrays, sources) -> tuple[np.ndarray, np.ndarray]:
    """Each first day that makes pairs, and how many (before any is dropped)."""
    weight = np.zeros(prep.n, dtype=np.float64)
    for source in sources:
        pos, counts = source.counts()
        weight += np.bincount(pos, weights=counts, minlength=prep.n)
    anchors = np.flatnonzero(weight)
    if len(anchors) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    days, at = np.unique(prep.start[anchors], return_inverse=True)
    return days, np.bincount(at, weights=weight[anchors])


def _blocks(prep: EntryArrays, sources, budget: int) -> list[tuple[int, int]]:
    """Ranges of days [first, last), each making at most ``budget`` pairs
    (counted before any is dropped), or one day that alone makes more."""
    return _day_ranges(*_per_day(prep, sources), budget)


def _day_ranges(
    days: np.ndarray, per_day: np.ndarray, budget: int
) -> list[tuple[int, int]]:
    if len(days) == 0:
        return []
    firsts: list[int] = []
    made = 0.0
    for day, pairs in zip(days.tolist(), per_day.tolist(), strict=True):
        if not firsts or made + pairs > budget:
            firsts.append(day)
            made = 0.0
        made += pairs
    lasts = [*firsts[1:], int(days[-1]) + 1]
    return list(zip(firsts, lasts, strict=True))


def _spread_blocks(
    prep: EntryArrays, sources, budget: int, spread: int
) -> list[tuple[int, int]]:
    """The blocks, or, when they would make more than ``spread`` pairs, about
    that many in small blocks of days spread evenly over the review (every
    k-th block): a sample of the candidates without making them all."""
    days, per_day = _per_day(prep, sources)
    total = float(per_day.sum())
    if spread <= 0 or total <= spread:
        return _day_ranges(days, per_day, budget)
    pieces = 32
    small = _day_ranges(days, per_day, max(spread // pieces, 1))
    step = max(int(np.ceil(len(small) / pieces)), 1)
    return small[step // 2 :: step]


class _Narrow:
    """The columns _settle reads for every pair, in 32-bit numbers where they
    fit (half the memory to walk through for millions of pairs)."""

    def __init__(self, prep: EntryArrays) -> None:
        fits = prep.n < 2**31
        small = np.int32 if fits else np.int64

        def narrow(values: np.ndarray) -> np.ndarray:
            if len(values) and (values.min() < -(2**31) or values.max() >= 2**31):
                return values
            return values.astype(small)

        self.n = prep.n
        self.start, self.end = narrow(prep.start), narrow(prep.end)
        self.rank, self.by_rank = narrow(prep.rank), narrow(prep.by_rank)
        self.agency, self.file = narrow(prep.agency), narrow(prep.file)
        self.type_code, self.is_day = narrow(prep.type_code), prep.is_day
        self.named, self.kind_bit = prep.named, prep.kind_bit
        self.passed_on = prep.passed_on
        self.refers = prep.refers
        self.refer_first, self.refer_last = prep.refer_first, prep.refer_last


def _settle(
    prep: EntryArrays | _Narrow,
    settings: LinkingSettings,
    left: np.ndarray,
    right: np.ndarray,
    keys: Keys | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Only pairs that may be one occurrence by their dates and agencies, each
    once, in one orientation and order (earlier date, then smaller id, on the
    left; in date order, then id order)."""
    keep = _dates_meet(prep, int(settings.day_tolerance), left, right)
    keep |= refers_back(prep, left, right)
    received = keys if keys is not None else received_keys()
    if received.received_days > int(settings.day_tolerance):
        keep |= _sent_received(prep, int(settings.day_tolerance), received, left, right)
    keep &= _agencies_allow(prep, left, right)
    left, right = left[keep], right[keep]
    start_l, start_r = prep.start[left], prep.start[right]
    rank_l, rank_r = prep.rank[left], prep.rank[right]
    swap = (start_l > start_r) | ((start_l == start_r) & (rank_l > rank_r))
    first = np.where(swap, rank_r, rank_l)
    second = np.where(swap, rank_l, rank_r)
    day = np.minimum(start_l, start_r)
    return _sorted_once(prep, day, first, second)


def _dates_meet(
    prep: EntryArrays | _Narrow, tol: int, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Pairs whose dates can be one occurrence: two exact days at most the
    tolerance apart; a day and an imprecise date (or two imprecise ones) only
    when the intervals overlap (the tolerance is for slips in exact dates)."""
    both_day = prep.is_day[left] & prep.is_day[right]
    meet = np.abs(prep.start[left] - prep.start[right]) <= tol
    other = np.flatnonzero(~both_day)
    if len(other):
        a, b = left[other], right[other]
        meet[other] = np.maximum(prep.start[a], prep.start[b]) <= np.minimum(
            prep.end[a], prep.end[b]
        )
    return meet


def _sent_received(
    prep: EntryArrays | _Narrow,
    tol: int,
    keys: Keys,
    left: np.ndarray,
    right: np.ndarray,
) -> np.ndarray:
    """Exact dates beyond the tolerance that the date comparison reads as
    one thing sent and received (see comparison_dates.sent_received)."""
    gap = np.abs(prep.start[left] - prep.start[right])
    ks = np.flatnonzero((gap > tol) & (gap <= keys.received_days))
    out = np.zeros(len(left), dtype=bool)
    if len(ks):
        out[ks] = sent_received(prep, left[ks], right[ks], keys.working_days)
    return out


def _agencies_allow(
    prep: EntryArrays | _Narrow, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Entries of two agencies, or one agency's two teams' records of one
    date: the same type in separate files (its text gate is near-identical
    text); a repeat within one file is a validation matter, never a link (and
    an entry is never paired with itself: it has one file)."""
    allow = prep.agency[left] != prep.agency[right]
    same = np.flatnonzero(~allow)
    if len(same):
        a, b = left[same], right[same]
        allow[same] = (
            (prep.file[a] != prep.file[b])
            & (prep.start[a] == prep.start[b])
            & (prep.end[a] == prep.end[b])
            & (prep.type_code[a] == prep.type_code[b])
        )
    return allow


def _sorted_once(
    prep: EntryArrays | _Narrow, day: np.ndarray, first: np.ndarray, second: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (by the ranks of their left and right entries) each once, in
    order of the left's first day, then the ranks; as positions. One sort of
    one packed number when day and ranks fit in 63 bits."""
    if len(day) == 0:
        return prep.by_rank[first], prep.by_rank[second]
    rank_bits = max(int(prep.n - 1).bit_length(), 1)
    lo = int(day.min())
    day_bits = max(int(day.max()) - lo, 1).bit_length()
    if day_bits + 2 * rank_bits <= 63:
        key = (day - lo).astype(np.int64) << np.int64(2 * rank_bits)
        key |= first.astype(np.int64) << np.int64(rank_bits)
        key |= second.astype(np.int64)
        key = np.sort(key)
        key = key[np.r_[True, key[1:] != key[:-1]]]
        mask = np.int64((1 << rank_bits) - 1)
        first = (key >> np.int64(rank_bits)) & mask
        second = key & mask
        return prep.by_rank[first], prep.by_rank[second]
    key = np.sort(first.astype(np.int64) * np.int64(prep.n) + second)
    key = key[np.r_[True, key[1:] != key[:-1]]]
    left, right = prep.by_rank[key // prep.n], prep.by_rank[key % prep.n]
    order = np.argsort(prep.start[left], kind="stable")
    return left[order], right[order]


class CandidateBlocks:
    """A review's candidate pairs cut into blocks of days, each made on its
    own: the linker can make and score blocks in any order, in any process,
    and put them back in date order.

    See candidate_pairs for the arguments; ``spread`` > 0 asks for a sample
    of about that many pairs when there are more (see _spread_blocks).
    """

    def __init__(
        self,
        prep: EntryArrays,
        settings: LinkingSettings,
        keys: Keys | None = None,
        budget: int = BLOCK_PAIRS,
        max_interval_days: int = MAX_INTERVAL_DAYS,
        spread: int = 0,
    ) -> None:
        self.settings, self.keys = settings, keys
        self.bounds: list[tuple[int, int]] = []
        self.sources: list[Any] = []
        tol = int(settings.day_tolerance)
        width = prep.end - prep.start + 1
        usable = np.flatnonzero(prep.dated & (width <= max_interval_days))
        if len(usable) < 2:
            return
        if prep.n < 2**31:
            usable = usable.astype(np.int32)
        self.sources = _sources(prep, usable, tol, keys)
        self.narrow = _Narrow(prep)
        self.bounds = _spread_blocks(prep, self.sources, budget, spread)

    def __len__(self) -> int:
        return len(self.bounds)

    def block(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Block ``i``'s pairs that may be one occurrence (see _settle)."""
        first, last = self.bounds[i]
        parts = [source.pairs(first, last) for source in self.sources]
        left = np.concatenate([p[0] for p in parts])
        right = np.concatenate([p[1] for p in parts])
        return _settle(self.narrow, self.settings, left, right, self.keys)


def candidate_blocks(
    prep: EntryArrays,
    settings: LinkingSettings,
    keys: Keys | None = None,
    budget: int = BLOCK_PAIRS,
    max_interval_days: int = MAX_INTERVAL_DAYS,
    spread: int = 0,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Candidate pairs block by block, in date order, before the text gates.

    Every pair comes once, in the block of its earlier date; concatenated,
    the blocks are the candidates in the order candidate_pairs gives them.
    See CandidateBlocks for the arguments.
    """
    blocks = CandidateBlocks(prep, settings, keys, budget, max_interval_days, spread)
    for i in range(len(blocks)):
        left, right = blocks.block(i)
        if len(left):
            yield left, right


def gates(
    prep: EntryArrays, settings: LinkingSettings, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """The text similarity each pair needs to stay a candidate (0: none).

    Imprecise dates need very close texts; one agency's two entries need
    near-identical texts. A week ('w/c 04/03/2019') is narrow enough to pair
    on overlap alone. Two entries naming one interval ('March 2019' twice)
    need less (schemas/linking.toml [imprecise]) unless either agency has
    many entries on it.
    """
    width = prep.end - prep.start + 1
    narrow = width <= int(settings.imprecise_days)
    gate = np.where(
        narrow[left] & narrow[right], 0.0, float(settings.imprecise_text_similarity)
    )
    rules = load_toml("linking.toml").get("imprecise", {})
    count = prep.interval_count
    one = (
        (prep.start[left] == prep.start[right])
        & (prep.end[left] == prep.end[right])
        & (count[left] <= int(rules.get("max_per_interval", 0)))
        & (count[right] <= int(rules.get("max_per_interval", 0)))
    )
    lower = float(rules.get("same_interval_text_similarity", 100))
    gate = np.where(one & (gate > 0), np.minimum(gate, lower), gate)
    same_agency = prep.agency[left] == prep.agency[right]
    return np.where(
        same_agency,
        np.maximum(gate, float(settings.same_agency_text_similarity)),
        gate,
    )


def candidate_pairs(
    prep: EntryArrays,
    settings: LinkingSettings,
    similarity: Similarity,
    keys: Keys | None = None,
    max_interval_days: int = MAX_INTERVAL_DAYS,
    budget: int = BLOCK_PAIRS,
) -> Candidates:
    """Pairs worth scoring, with their text similarity where a gate needed it.

    Args:
        prep: the entries as arrays.
        settings: the review's linking settings (tolerance, text gates).
        similarity: scores paired normalised texts 0-100.
        keys: when given, only date-window pairs carrying one of these keys
            (see Keys); None compares every pair in the date window.
        max_interval_days: imprecise dates wider than this (a year, 'before
            2019') are too vague to link automatically; the author can still
            link them in the review file.
        budget: pairs generated at once (see candidate_blocks).
    """
    out_l, out_r, out_t = [], [], []
    for left, right in candidate_blocks(
        prep, settings, keys, budget, max_interval_days
    ):
        gate = gates(prep, settings, left, right)
        gated = np.flatnonzero(gate > 0)
        text = np.full(len(left), np.nan)
        if len(gated):
            # Below the lowest gate the exact value does not matter: the
            # scorer may stop early and give 0.
            text[gated] = similarity(
                prep.content[left[gated]],
                prep.content[right[gated]],
                float(gate[gated].min()),
            )
        keep = (gate <= 0) | (text >= gate)
        out_l.append(left[keep])
        out_r.append(right[keep])
        out_t.append(text[keep])
    if not out_l:
        return Candidates(*_empty(), np.zeros(0))
    return Candidates(
        left=np.concatenate(out_l),
        right=np.concatenate(out_r),
        text=np.concatenate(out_t),
    )
