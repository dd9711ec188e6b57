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

Similarity = Callable[[np.ndarray, np.ndarray], np.ndarray]


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


def candidate_pairs(
    prep: Prepared,
    settings: LinkingSettings,
    similarity: Similarity,
    max_interval_days: int = 124,
) -> Candidates:
    """Pairs worth scoring, with their text similarity.

    Args:
        prep: the entries as arrays.
        settings: the review's linking settings (tolerance, text gates).
        similarity: scores paired normalised texts 0-100.
        max_interval_days: imprecise dates wider than this (a year, 'before
            2019') are too vague to link automatically; the author can still
            link them in the review file.
    """
    tol = int(settings.day_tolerance)
    width = prep.end - prep.start + 1
    usable = np.flatnonzero(prep.dated & (width <= max_interval_days))
    # Sort by start day; ties by entry id so the pair order never depends on
    # the order the files were read in.
    order = usable[np.lexsort((prep.rank[usable], prep.start[usable]))]
    starts = prep.start[order]
    ends = prep.end[order]
    stop = np.searchsorted(starts, ends + tol, side="right")
    first, second = _ranges(np.arange(len(order)) + 1, stop)
    left, right = order[first], order[second]

    same_agency = prep.agency[left] == prep.agency[right]
    both_day = prep.is_day[left] & prep.is_day[right]
    # A week ('w/c 04/03/2019') is narrow enough to pair on overlap alone.
    narrow = width <= int(settings.imprecise_days)
    both_narrow = narrow[left] & narrow[right]
    # A day entry against an imprecise one must fall inside its interval
    # (the tolerance is for slips in exact dates only).
    inside = (prep.start[right] <= prep.end[left] + np.where(both_day, tol, 0)) & (
        prep.start[left] <= prep.end[right]
    )
    keep = inside
    left, right = left[keep], right[keep]
    same_agency, both_day = same_agency[keep], both_day[keep]
    both_narrow = both_narrow[keep]

    # One agency's two entries are one occurrence only when two of its
    # teams wrote it up the same way in separate files on the same date; a
    # repeat within one file is a validation matter, never a link.
    twin = (
        (prep.file[left] != prep.file[right])
        & (prep.start[left] == prep.start[right])
        & (prep.end[left] == prep.end[right])
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
    text[gated] = similarity(prep.content[left[gated]], prep.content[right[gated]])
    keep = (gate <= 0) | (text >= gate)
    return Candidates(left=left[keep], right=right[keep], text=text[keep])
