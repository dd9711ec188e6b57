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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..review import LinkingSettings
from .prepared import Prepared

Similarity = Callable[[np.ndarray, np.ndarray, float], np.ndarray]


@dataclass(frozen=True)
class Candidates:
    """Pairs of entry positions (``left`` before ``right`` in date order) and
    the similarity of their texts (0-100; NaN where no gate needed it)."""

    left: np.ndarray
    right: np.ndarray
    text: np.ndarray

    def __len__(self) -> int:
        return len(self.left)


def _ranges(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (p, q) with starts[p] <= q < stops[p], built without a Python loop."""
    counts = np.maximum(stops - starts, 0)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(starts)), counts)
    offsets = np.cumsum(counts) - counts
    q = np.arange(total) - np.repeat(offsets, counts) + np.repeat(starts, counts)
    return owner, q


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
        minutes: same-day times at most this far apart are a key (None: not).
    """

    compatible: tuple[tuple[int, int], ...] = ()
    minutes: float | None = None


def _window(prep: Prepared, subset: np.ndarray, tol: int) -> tuple[np.ndarray, ...]:
    """Pairs within ``subset`` whose date windows meet (each pair once)."""
    if len(subset) < 2:
        return _empty()
    order = subset[np.lexsort((prep.rank[subset], prep.start[subset]))]
    starts = prep.start[order]
    stop = np.searchsorted(starts, prep.end[order] + tol, side="right")
    first, second = _ranges(np.arange(len(order)) + 1, stop)
    return order[first], order[second]


def _cross(
    prep: Prepared, a: np.ndarray, b: np.ndarray, tol: int
) -> tuple[np.ndarray, ...]:
    """Pairs of one entry of ``a`` and one of ``b`` whose date windows meet."""
    if len(a) == 0 or len(b) == 0:
        return _empty()
    # Exact dates and intervals apart, so one long interval in ``b`` does not
    # widen the search for every entry of ``a``.
    day = prep.end[b] == prep.start[b]
    out_a, out_b = [], []
    for part in (b[day], b[~day]):
        if len(part) == 0:
            continue
        part = part[np.argsort(prep.start[part], kind="stable")]
        starts = prep.start[part]
        widest = int((prep.end[part] - starts).max())
        lo = np.searchsorted(starts, prep.start[a] - tol - widest, side="left")
        hi = np.searchsorted(starts, prep.end[a] + tol, side="right")
        owner, q = _ranges(lo, hi)
        out_a.append(a[owner])
        out_b.append(part[q])
    return np.concatenate(out_a), np.concatenate(out_b)


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)


def _keyed(
    prep: Prepared, usable: np.ndarray, tol: int, keys: Keys
) -> tuple[np.ndarray, np.ndarray]:
    """The date-window pairs that carry at least one key (see Keys)."""
    parts: list[tuple[np.ndarray, ...]] = []
    code = prep.type_code[usable]
    secondary = prep.secondary.mask[usable]
    for c in np.unique(code[code >= 0]).tolist():
        has = (code == c) | ((secondary >> np.uint64(c)) & np.uint64(1) == 1)
        parts.append(_window(prep, usable[has], tol))
    for x, y in keys.compatible:
        parts.append(_cross(prep, usable[code == x], usable[code == y], tol))
    parts.append(_cross(prep, usable[code < 0], usable, tol))
    named = prep.named.mask[usable]
    kind_bit = prep.kind_bit[usable]
    for bit in np.unique(kind_bit[kind_bit != 0]).tolist():
        naming = usable[(named & np.uint64(bit)) != 0]
        parts.append(_cross(prep, naming, usable[kind_bit == bit], tol))
    if keys.minutes is not None:
        timed = usable[~np.isnan(prep.minutes[usable]) & prep.is_day[usable]]
        clock = prep.start[timed] * 1440.0 + prep.minutes[timed]
        order = timed[np.argsort(clock, kind="stable")]
        clock = np.sort(clock, kind="stable")
        stop = np.searchsorted(clock, clock + keys.minutes, side="right")
        first, second = _ranges(np.arange(len(order)) + 1, stop)
        parts.append((order[first], order[second]))
    left = np.concatenate([p[0] for p in parts]) if parts else _empty()[0]
    right = np.concatenate([p[1] for p in parts]) if parts else _empty()[1]
    return left, right


def candidate_pairs(
    prep: Prepared,
    settings: LinkingSettings,
    similarity: Similarity,
    keys: Keys | None = None,
    max_interval_days: int = 124,
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
    """
    tol = int(settings.day_tolerance)
    width = prep.end - prep.start + 1
    usable = np.flatnonzero(prep.dated & (width <= max_interval_days))
    if keys is None:
        left, right = _window(prep, usable, tol)
    else:
        left, right = _keyed(prep, usable, tol, keys)

    # One orientation per pair (earlier date, then smaller id, on the left),
    # each pair once, and only pairs whose dates really meet.
    swap = (prep.start[left] > prep.start[right]) | (
        (prep.start[left] == prep.start[right]) & (prep.rank[left] > prep.rank[right])
    )
    left, right = np.where(swap, right, left), np.where(swap, left, right)
    keep = left != right
    left, right = left[keep], right[keep]
    if keys is not None and len(left):
        key = np.sort(prep.rank[left] * np.int64(prep.n) + prep.rank[right])
        key = key[np.r_[True, key[1:] != key[:-1]]]
        by_rank = np.argsort(prep.rank)
        left, right = by_rank[key // prep.n], by_rank[key % prep.n]
    order = np.lexsort((prep.rank[right], prep.rank[left], prep.start[left]))
    left, right = left[order], right[order]

    both_day = prep.is_day[left] & prep.is_day[right]
    # A day entry against an imprecise one must fall inside its interval
    # (the tolerance is for slips in exact dates only).
    reach = np.where(both_day, tol, 0)
    inside = (
        np.maximum(prep.start[left], prep.start[right])
        <= np.minimum(prep.end[left], prep.end[right]) + reach
    )
    left, right = left[inside], right[inside]
    same_agency = prep.agency[left] == prep.agency[right]
    # A week ('w/c 04/03/2019') is narrow enough to pair on overlap alone.
    narrow = width <= int(settings.imprecise_days)
    both_narrow = narrow[left] & narrow[right]

    # One agency's two entries are one occurrence only when two of its
    # teams wrote it up the same way (same type, near-identical text) in
    # separate files on the same date; a repeat within one file is a
    # validation matter, never a link.
    twin = (
        (prep.file[left] != prep.file[right])
        & (prep.start[left] == prep.start[right])
        & (prep.end[left] == prep.end[right])
        & (prep.type_code[left] == prep.type_code[right])
    )
    keep = ~same_agency | twin
    left, right = left[keep], right[keep]
    same_agency, both_narrow = same_agency[keep], both_narrow[keep]

    # Texts are compared here only where a gate needs them; the linker
    # compares the rest where the comparison could change the outcome.
    gate = np.where(both_narrow, 0.0, float(settings.imprecise_text_similarity))
    gate = np.where(
        same_agency,
        np.maximum(gate, float(settings.same_agency_text_similarity)),
        gate,
    )
    gated = np.flatnonzero(gate > 0)
    text = np.full(len(left), np.nan)
    if len(gated):
        # Below the lowest gate the exact value does not matter: the scorer
        # may stop early and give 0.
        text[gated] = similarity(
            prep.content[left[gated]],
            prep.content[right[gated]],
            float(gate[gated].min()),
        )
    keep = (gate <= 0) | (text >= gate)
    return Candidates(left=left[keep], right=right[keep], text=text[keep])
