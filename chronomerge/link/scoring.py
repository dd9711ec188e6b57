"""Candidate pairs scored block by block, keeping only pairs that could link.

The cheap comparisons (dates, types, times, agencies and people named) run
first on every candidate pair of a block. A pair whose total, plus the best
the costly comparisons (shared words, text similarity) could add, stays below
the threshold cannot link whatever its texts say: it is dropped before any
text is compared, and is not kept. The costly comparisons then run, the
cheaper first, each on the pairs it could still lift to the threshold (the
others show "not needed"), and each distinct pair of texts is compared once.
Pairs scoring under PAIRS_FLOOR (5%) are not kept either. Only the kept
pairs' levels and weights are held, in small types, so memory follows the
pairs that matter, not every pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import workers as processes
from ..review import LinkingSettings
from ..workers import cores, in_order
from .blocking import BLOCK_PAIRS, CandidateBlocks, Keys, gates
from .comparisons import Comparison, PairView, TextSimilarity, TypeRules
from .prepared import EntryArrays

_MARGIN = 1e-9  # bits


PAIRS_FLOOR = 0.05  # pairs scoring under this are compared but not kept


def score_of(total: np.ndarray) -> np.ndarray:
    """Scores 0-1 from totals in bits."""
    return 1.0 / (1.0 + np.exp2(-total))


def cut_bits(threshold: float) -> float:
    """The threshold as a total weight in bits."""
    t = min(max(float(threshold), 1e-12), 1 - 1e-12)
    return float(np.log2(t / (1 - t)))


@dataclass
class ScoredPairs:
    """The kept pairs (positions ``left``/``right``), in date order.

    Attributes:
        text: similarity of the texts (0-100; NaN where not needed).
        levels: per comparison, each pair's level (index into its labels).
        weights: per comparison, each pair's weight in bits (3 decimals).
        total: each pair's total in bits, prior included (full precision).
        compared: candidate pairs whose cheap comparisons were computed,
            kept or not.
    """

    left: np.ndarray
    right: np.ndarray
    text: np.ndarray
    levels: dict[str, np.ndarray]
    weights: dict[str, np.ndarray]
    total: np.ndarray
    compared: int = 0

    def __len__(self) -> int:
        return len(self.left)


class _Texts:
    """Text similarity of pairs, each distinct pair of texts scored once."""

    def __init__(self, prep: EntryArrays, text: TextSimilarity) -> None:
        self.prep, self.text = prep, text
        row = prep.words.row
        self.rows = max(int(row.max()) + 1 if len(row) else 1, 1)
        # One entry holding each distinct normalised text.
        self.holder = np.zeros(self.rows, dtype=np.int64)
        self.holder[row] = np.arange(len(row))

    def __call__(
        self, left: np.ndarray, right: np.ndarray, cutoff: float | None = None
    ) -> np.ndarray:
        if len(left) == 0:
            return np.zeros(0, dtype=np.float64)
        row = self.prep.words.row
        key = row[left] * np.int64(self.rows) + row[right]
        key, inverse = np.unique(key, return_inverse=True)
        content = self.prep.content
        values = self.text.similarity(
            content[self.holder[key // self.rows]],
            content[self.holder[key % self.rows]],
            cutoff,
        )
        return values[inverse.reshape(-1)]


def _cheap(
    prep: EntryArrays,
    left: np.ndarray,
    right: np.ndarray,
    comparisons: list[Comparison],
    prior: float,
    need: float,
    types: TypeRules,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]
]:
    """The cheap comparisons, in their order, each on the pairs that the
    ones before left able to total ``need`` bits with the best the rest
    could add: the others are dropped as they go (they could never be kept).
    Returns the pairs left, their totals, levels and weights."""
    cheap = [c for c in comparisons if not c.costly]
    bounds = [c.upper_weight for c in cheap]
    levels: dict[str, np.ndarray] = {}
    weights: dict[str, np.ndarray] = {}
    total = np.full(len(left), prior, dtype=float)
    for i, comparison in enumerate(cheap):
        view = PairView(prep, left, right, np.full(len(left), np.nan), types)
        lv, wt = comparison.compute(view)
        levels[comparison.name], weights[comparison.name] = lv, wt
        total += wt
        alive = np.flatnonzero(total + sum(bounds[i + 1 :]) >= need - _MARGIN)
        if len(alive) < len(total):
            left, right, total = left[alive], right[alive], total[alive]
            levels = {k: v[alive] for k, v in levels.items()}
            weights = {k: v[alive] for k, v in weights.items()}
    return left, right, total, levels, weights


def _score_block(
    prep: EntryArrays,
    left: np.ndarray,
    right: np.ndarray,
    comparisons: list[Comparison],
    prior: float,
    cut: float,
    settings: LinkingSettings,
    texts: _Texts,
    types: TypeRules,
) -> dict[Any, np.ndarray] | None:
    """One block's kept pairs: positions, text similarity, total, and each
    comparison's level and weight (3 decimals, float32)."""
    costly = [c for c in comparisons if c.costly]
    still = sum(c.best_weight for c in costly)
    left, right, total, levels, weights = _cheap(
        prep, left, right, comparisons, prior, cut - still, types
    )
    keep = np.flatnonzero(total + still >= cut)
    left, right, total = left[keep], right[keep], total[keep]
    levels = {k: v[keep] for k, v in levels.items()}
    weights = {k: v[keep] for k, v in weights.items()}

    # The text gates of blocking (imprecise dates, one agency's two entries).
    gate = gates(prep, settings, left, right)
    text = np.full(len(left), np.nan)
    gated = np.flatnonzero(gate > 0)
    if len(gated):
        # Below the lowest gate the exact value does not matter: the scorer
        # may stop early and give 0.
        text[gated] = texts(left[gated], right[gated], float(gate[gated].min()))
    ok = np.flatnonzero((gate <= 0) | (text >= gate))
    if len(ok) < len(left):
        left, right, total, text = left[ok], right[ok], total[ok], text[ok]
        levels = {k: v[ok] for k, v in levels.items()}
        weights = {k: v[ok] for k, v in weights.items()}
    if len(left) == 0:
        return None

    # The costly comparisons, the cheaper first, each only where it could
    # still lift the pair to the threshold (a hair's margin, so that rounding
    # in another order of sums never leaves out a pair that links).
    running = total.copy()
    for comparison in sorted(costly, key=lambda c: c.cost):
        need = np.flatnonzero(running + still >= cut - _MARGIN)
        still -= comparison.best_weight
        if comparison is texts.text:
            todo = need[np.isnan(text[need])]
            text[todo] = texts(left[todo], right[todo])
        sub = PairView(prep, left[need], right[need], text[need], types)
        lv = np.full(len(left), len(comparison.labels) - 1, dtype=np.int8)
        wt = np.zeros(len(left), dtype=float)
        lv[need], wt[need] = comparison.compute(sub)
        levels[comparison.name], weights[comparison.name] = lv, wt
        running += wt
    # The total in one fixed order: the cheap comparisons, then the costly
    # ones, each in the order the settings list them.
    for comparison in costly:
        total += weights[comparison.name]
    # Pairs scoring under the floor are not kept (none can link).
    floor = min(PAIRS_FLOOR, float(settings.threshold))
    kept = np.flatnonzero(score_of(total) >= floor)
    index = np.int32 if prep.n < 2**31 else np.int64
    out: dict[Any, np.ndarray] = {
        "left": left[kept].astype(index),
        "right": right[kept].astype(index),
        "text": text[kept],
        "total": total[kept],
    }
    for name, lv in levels.items():
        out[("level", name)] = lv[kept]
        out[("weight", name)] = np.round(weights[name][kept], 3).astype(np.float32)
    return out


# Blocks (of up to BLOCK_PAIRS candidate pairs, about 50 ms each to score
# here) worth scoring in worker processes: fewer are scored faster in this
# process than workers start. A forked worker starts in a fraction of a
# second; one from a forkserver (other threads running: the command line's
# progress display) imports the package and unpickles the entries, a second
# or more. At 22,000 entries a review makes 8 blocks (0.4 s here), at 100,000
# about 170.
WORKERS_FROM_BLOCKS = {"fork": 24, "forkserver": 48, "spawn": 64}


def _workers(blocks: int) -> int:
    """Worker processes worth starting for ``blocks`` blocks (1: none)."""
    method = processes.start_method()
    return cores() if blocks >= WORKERS_FROM_BLOCKS.get(method, 64) else 1


@dataclass
class _Job:
    """What scoring a block needs, handed to worker processes as one."""

    prep: EntryArrays
    blocks: CandidateBlocks
    comparisons: list[Comparison]
    prior: float
    cut: float
    settings: LinkingSettings
    texts: _Texts
    types: TypeRules


def _score_blocks(
    job: _Job, pieces: Sequence[int]
) -> list[tuple[int, dict[Any, np.ndarray] | None]]:
    """The candidate pairs compared and the kept pairs of each block asked."""
    out: list[tuple[int, dict[Any, np.ndarray] | None]] = []
    for i in pieces:
        left, right = job.blocks.block(i)
        if not len(left):
            out.append((0, None))
            continue
        part = _score_block(
            job.prep,
            left,
            right,
            job.comparisons,
            job.prior,
            job.cut,
            job.settings,
            job.texts,
            job.types,
        )
        out.append((len(left), part))
    return out


def score_pairs(
    prep: EntryArrays,
    comparisons: list[Comparison],
    settings: LinkingSettings,
    prior: float,
    text: TextSimilarity,
    types: TypeRules,
    keys: Keys | None,
    budget: int = BLOCK_PAIRS,
    workers: int = 0,
) -> ScoredPairs:
    """Every candidate pair that could reach the threshold, scored; those
    scoring at least PAIRS_FLOOR (or the threshold, if lower) are kept.

    Args:
        prep: the entries as arrays.
        comparisons: the comparisons in force, in their order.
        settings: the review's linking settings.
        prior: the prior in bits.
        text: the comparison whose similarity the text gates use.
        types: the event-type rules.
        keys: blocking keys (see blocking.Keys), or None for every date pair.
        budget: candidate pairs generated at once.
        workers: worker processes scoring blocks side by side (0: as many as
            the review's size is worth and the cores allow; 1: none).
    """
    blocks = CandidateBlocks(prep, settings, keys, budget)
    cut = cut_bits(settings.threshold)
    job = _Job(
        prep, blocks, comparisons, prior, cut, settings, _Texts(prep, text), types
    )
    made = in_order(_score_blocks, job, len(blocks), workers or _workers(len(blocks)))
    compared = sum(count for count, _part in made)
    parts = [part for _count, part in made if part is not None]
    names = [c.name for c in comparisons]
    if not parts:
        return ScoredPairs(
            left=np.zeros(0, dtype=np.int32),
            right=np.zeros(0, dtype=np.int32),
            text=np.zeros(0),
            levels={n: np.zeros(0, dtype=np.int8) for n in names},
            weights={n: np.zeros(0, dtype=np.float32) for n in names},
            total=np.zeros(0),
            compared=compared,
        )

    def joined(key: Any) -> np.ndarray:
        """One field of every block; the blocks let go of it as it goes."""
        return np.concatenate([part.pop(key) for part in parts])

    return ScoredPairs(
        left=joined("left"),
        right=joined("right"),
        text=joined("text"),
        levels={n: joined(("level", n)) for n in names},
        weights={n: joined(("weight", n)) for n in names},
        total=joined("total"),
        compared=compared,
    )
