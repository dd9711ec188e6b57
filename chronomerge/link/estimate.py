"""Comparison weights estimated from the review's own entries, without labels.

The Fellegi-Sunter model, as Splink estimates it: a level's weight is
log2(m/u), where u is how often two entries that are NOT one occurrence show
that level and m how often two that ARE one occurrence do.

- u comes from random pairs of entries of different agencies dated a few
  weeks apart (none can be one occurrence), drawn with a fixed seed from the
  entries in entry-id order, so the same entries give the same pairs whatever
  order they come in.
- m comes from expectation-maximisation over the review's candidate pairs (a
  fixed sample of them, chosen by a hash of the two entry ids): each pair's
  chance of being one occurrence under the current weights, then the levels'
  shares among the likely ones, again and again.
- The defaults (schemas/linking.toml) are the starting point and the prior:
  each estimate is pulled back towards its default by ``prior_pairs`` pairs'
  worth of belief and moves at most ``max_change`` bits, and a review too
  small to say keeps the defaults.

Settings are in schemas/linking.toml [estimation].
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..resources import load_toml
from ..review import LinkingSettings
from .blocking import Keys, candidate_blocks, gates
from .comparisons import Comparison, PairView, TextSimilarity, TypeRules
from .prepared import Prepared

WEIGHT_COLUMNS: tuple[str, ...] = (
    "comparison",
    "level",
    "default_weight",
    "weight",
    "m",
    "u",
    "matched_pairs",
    "random_pairs",
    "estimated",
    "estimate",
    "reference",
)


@dataclass
class Estimate:
    """The comparisons to use and how their weights were arrived at.

    Attributes:
        comparisons: the comparisons with the weights in force.
        weights: one row per comparison level (see WEIGHT_COLUMNS): the
            default and the weight in force (bits), m and u, the expected
            matched pairs and the random pairs showing the level, and whether
            the level was estimated.
        summary: what was estimated from, in numbers and in plain words
            (``note``).
    """

    comparisons: list[Comparison]
    weights: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)


def settings() -> dict[str, Any]:
    return dict(load_toml("linking.toml").get("estimation", {}))


def _mix(x: np.ndarray, seed: int) -> np.ndarray:
    """splitmix64 of each value: a hash that is the same on every machine."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15) * np.uint64(seed + 1)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _canonical(prep: Prepared, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """A code per pair from the two entries' ranks, whichever way round."""
    a, b = prep.rank[left], prep.rank[right]
    return np.minimum(a, b).astype(np.int64) * np.int64(prep.n) + np.maximum(a, b)


def candidate_sample(
    prep: Prepared,
    settings_: LinkingSettings,
    keys: Keys | None,
    text: TextSimilarity,
    limit: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At most ``limit`` candidate pairs (those blocking makes and the text
    gates let through), the ones whose pair hash is smallest, in pair order;
    with every pair's text similarity."""
    left_parts, right_parts, hash_parts = [], [], []
    held = 0
    for left, right in candidate_blocks(prep, settings_, keys):
        h = _mix(_canonical(prep, left, right), seed)
        left_parts.append(left)
        right_parts.append(right)
        hash_parts.append(h)
        held += len(left)
        if held > 4 * limit:  # keep memory bounded: only the smallest hashes
            left_parts, right_parts, hash_parts = _smallest(
                left_parts, right_parts, hash_parts, 2 * limit
            )
            held = len(left_parts[0])
    if not left_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    # Gates first (they drop pairs), then the smallest hashes of the rest.
    left, right = np.concatenate(left_parts), np.concatenate(right_parts)
    h = np.concatenate(hash_parts)
    sim = _similarity(prep, text, left, right)
    gate = gates(prep, settings_, left, right)
    ok = (gate <= 0) | (sim >= gate)
    left, right, h, sim = left[ok], right[ok], h[ok], sim[ok]
    order = np.lexsort((_canonical(prep, left, right), h))[:limit]
    order = order[np.argsort(_canonical(prep, left[order], right[order]))]
    return left[order], right[order], sim[order]


def _smallest(lefts, rights, hashes, keep):
    left, right, h = (np.concatenate(x) for x in (lefts, rights, hashes))
    if len(h) > keep:
        at = np.argpartition(h, keep)[:keep]
        left, right, h = left[at], right[at], h[at]
    return [left], [right], [h]


def _similarity(
    prep: Prepared, text: TextSimilarity, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    return text.similarity(prep.content[left], prep.content[right])


def random_pairs(
    prep: Prepared, count: int, days: tuple[int, int], seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``count`` random pairs of entries of different agencies whose
    first days are ``days`` apart (inclusive): none can be one occurrence.

    Drawn from the dated entries in (first day, id) order with a fixed seed,
    so the same entries give the same pairs in any order.
    """
    dated = np.flatnonzero(prep.dated)
    if len(dated) < 2 or count <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    pos = dated[np.lexsort((prep.rank[dated], prep.start[dated]))]
    start = prep.start[pos]
    rng = np.random.default_rng(seed)
    lo_days, hi_days = days
    draws = 4 * count
    i = rng.integers(0, len(pos), size=draws)
    lo = np.searchsorted(start, start[i] + lo_days, side="left")
    hi = np.searchsorted(start, start[i] + hi_days, side="right")
    room = hi - lo
    j = lo + np.floor(rng.random(draws) * np.maximum(room, 1)).astype(np.int64)
    ok = room > 0
    j = np.minimum(j, len(pos) - 1)
    ok &= prep.agency[pos[i]] != prep.agency[pos[j]]
    left, right = pos[i[ok]][:count], pos[j[ok]][:count]
    return left, right


def _levels(
    comparisons: list[Comparison], view: PairView
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Each comparison's level and weight for every pair of ``view``."""
    levels, weights = {}, {}
    for c in comparisons:
        levels[c.name], weights[c.name] = c.compute(view)
    return levels, weights


TEXTUAL = ("text", "shared_words")


def _alike_types(comparisons: list[Comparison], view: PairView) -> np.ndarray:
    """Pairs whose event types are the same, related, compatible or unknown."""
    kind = next((c for c in comparisons if c.type == "event_type"), None)
    if kind is None:
        return np.ones(len(view), dtype=bool)
    levels, _ = kind.compute(view)
    different = kind.labels.index("different")
    return levels != different


def _table(c: Comparison) -> np.ndarray:
    """Weight per level index (levels the settings do not set weigh 0)."""
    set_ = c.level_weights()
    return np.array([set_.get(label, 0.0) for label in c.labels], dtype=float)


def estimate(
    prep: Prepared,
    comparisons: list[Comparison],
    settings_: LinkingSettings,
    prior: float,
    text: TextSimilarity,
    types: TypeRules,
    keys: Keys | None,
    config: dict[str, Any] | None = None,
) -> Estimate:
    """The comparisons with weights estimated from these entries (see module).

    Deterministic: the same entries, in any order, give the same weights.
    ``config`` replaces schemas/linking.toml [estimation] (bench scripts).
    """
    cfg = settings() if config is None else config
    seed = int(cfg.get("seed", 15))
    fixed = set(cfg.get("fixed", ["date"]))
    fixed_levels = set(cfg.get("fixed_levels", ["unknown", "not needed"]))
    cap = float(cfg.get("max_change", 1.5))
    strength = float(cfg.get("prior_pairs", 30))
    min_pairs = int(cfg.get("min_pairs", 200))

    left, right, sim = candidate_sample(
        prep, settings_, keys, text, int(cfg.get("candidate_pairs", 50_000)), seed
    )
    days = tuple(int(d) for d in cfg.get("random_days", [2, 60]))
    u_left, u_right = random_pairs(
        prep, int(cfg.get("random_pairs", 20_000)), (days[0], days[1]), seed
    )
    train = PairView(prep, left, right, sim, types)
    levels, weights = _levels(comparisons, train)
    # Random pairs are compared as if on one day (for the time of day).
    same_day = dataclasses.replace(prep, start=np.zeros_like(prep.start))
    u_view = PairView(
        same_day, u_left, u_right, _similarity(prep, text, u_left, u_right), types
    )
    estimated = [c for c in comparisons if c.type not in fixed]
    u_levels, _ = _levels(estimated, u_view)
    # Texts of one kind of event share words whatever the occurrence (two
    # home visits both say 'home visit'), and candidate pairs are mostly of
    # one kind: the text comparisons' u comes from the random pairs whose
    # types agree or are related, so that agreement is not counted twice.
    alike = _alike_types(comparisons, u_view)
    for c in estimated:
        if c.type in TEXTUAL and alike.sum() >= min_pairs:
            u_levels[c.name] = u_levels[c.name][alike]

    defaults = {c.name: _table(c) for c in comparisons}
    tables = {name: t.copy() for name, t in defaults.items()}
    raw = {name: np.full(len(t), np.nan) for name, t in defaults.items()}
    # What the same estimate gives on the reviews the defaults were set on
    # (log2 m/u per level; schemas/linking.toml [estimation.reference]): a
    # weight moves by how far this review's estimate is from that, so the
    # defaults' allowance for evidence that comes together (a shared type
    # and shared words) stays. A level without one is compared with its
    # default.
    reference = cfg.get("reference", {})
    refs = {
        c.name: np.array(
            [
                float(reference.get(c.name, {}).get(label, defaults[c.name][i]))
                for i, label in enumerate(c.labels)
            ]
        )
        for c in comparisons
    }
    # What each pair's weight holds besides its level's (the agency
    # comparison's 'joint' bonus, the date's 'approximate').
    extra = {
        c.name: weights[c.name] - defaults[c.name][levels[c.name]] for c in comparisons
    }
    fixed_total = np.full(len(left), prior, dtype=float)
    for c in comparisons:
        if c.type in fixed:
            fixed_total += weights[c.name]
    free = {
        c.name: np.array(
            [
                label in c.level_weights() and label not in fixed_levels
                for label in c.labels
            ]
        )
        for c in estimated
    }
    u_counts = {
        c.name: np.bincount(u_levels[c.name], minlength=len(c.labels)).astype(float)
        for c in estimated
    }
    u_total = {name: max(float(v.sum()), 1.0) for name, v in u_counts.items()}

    def posterior() -> np.ndarray:
        total = fixed_total.copy()
        for c in estimated:
            total += tables[c.name][levels[c.name]] + extra[c.name]
        return 1.0 / (1.0 + np.exp2(-np.clip(total, -60, 60)))

    n_u = len(u_left)
    first = posterior()
    summary: dict[str, Any] = {
        "estimated": False,
        "seed": seed,
        "candidate_pairs": len(left),
        "random_pairs": n_u,
        "expected_matches": round(float(first.sum()), 1),
        "iterations": 0,
    }
    m_counts = {c.name: np.zeros(len(c.labels)) for c in estimated}
    if len(left) < min_pairs or n_u < min_pairs:
        summary["note"] = (
            f"Default weights: too few pairs to estimate from ({len(left)} "
            f"candidate and {n_u} random pairs; {min_pairs} of each needed)."
        )
    elif first.sum() < float(cfg.get("min_matches", 20)):
        summary["note"] = (
            "Default weights: too few likely links to estimate from (about "
            f"{first.sum():.0f}; {cfg.get('min_matches', 20)} needed)."
        )
    else:
        gamma = first
        for step in range(int(cfg.get("iterations", 30))):
            moved = 0.0
            for c in estimated:
                lv, k = levels[c.name], len(c.labels)
                mc = np.bincount(lv, weights=gamma, minlength=k).astype(float)
                m_counts[c.name] = mc
                m = (mc + 0.5) / (gamma.sum() + 0.5 * k)
                u = (u_counts[c.name] + 0.5) / (u_total[c.name] + 0.5 * k)
                em = np.log2(m / u)
                raw[c.name] = em
                base = defaults[c.name]
                pull = mc / (mc + strength)
                new = base + pull * np.clip(em - refs[c.name], -cap, cap)
                new = np.where(free[c.name], new, base)
                moved = max(moved, float(np.abs(new - tables[c.name]).max()))
                tables[c.name] = new
            gamma = posterior()
            summary["iterations"] = step + 1
            if moved < 1e-4:
                break
        for c in estimated:
            tables[c.name] = np.round(tables[c.name], 3)
        gamma = posterior()
        for c in estimated:
            m_counts[c.name] = np.bincount(
                levels[c.name], weights=gamma, minlength=len(c.labels)
            ).astype(float)
        summary["estimated"] = True
        summary["expected_matches"] = round(float(gamma.sum()), 1)
        summary["note"] = (
            "Weights estimated from this review's own entries: "
            f"{len(left):,} candidate pairs (about {gamma.sum():.0f} of them "
            f"likely one occurrence) and {n_u:,} random pairs of entries "
            f"{days[0]}-{days[1]} days apart. Each weight moved by how far "
            "this review's estimate is from the same estimate on the reviews "
            f"the defaults were set on, at most {cap:g} bits; the date weights "
            "as set."
        )
    out = []
    for c in comparisons:
        if c.name in free:
            changes = {
                label: float(tables[c.name][i])
                for i, label in enumerate(c.labels)
                if free[c.name][i]
            }
            out.append(c.with_level_weights(changes) if summary["estimated"] else c)
        else:
            out.append(c)
    frame = _weights_frame(comparisons, defaults, tables, m_counts, u_counts, free)
    frame["estimate"] = [
        round(float(v), 3) for c in comparisons for v in raw[c.name].tolist()
    ]
    frame["reference"] = [
        round(float(v), 3) for c in comparisons for v in refs[c.name].tolist()
    ]
    return Estimate(comparisons=out, weights=frame, summary=summary)


def _weights_frame(comparisons, defaults, tables, m_counts, u_counts, free):
    rows = []
    for c in comparisons:
        mc, uc = m_counts.get(c.name), u_counts.get(c.name)
        for i, label in enumerate(c.labels):
            m = u = np.nan
            if mc is not None and mc.sum() > 0:
                m = float(mc[i] / mc.sum())
            if uc is not None and uc.sum() > 0:
                u = float(uc[i] / uc.sum())
            rows.append(
                {
                    "comparison": c.name,
                    "level": label,
                    "default_weight": float(defaults[c.name][i]),
                    "weight": float(tables[c.name][i]),
                    "m": round(m, 6),
                    "u": round(u, 6),
                    "matched_pairs": round(float(mc[i]), 2) if mc is not None else 0.0,
                    "random_pairs": int(uc[i]) if uc is not None else 0,
                    "estimated": bool(c.name in free and free[c.name][i]),
                }
            )
    return pd.DataFrame(rows, columns=list(WEIGHT_COLUMNS))
