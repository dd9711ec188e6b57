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
from .prepared import EntryArrays

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


def _canonical(prep: EntryArrays, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """A code per pair from the two entries' ranks, whichever way round."""
    a, b = prep.rank[left], prep.rank[right]
    return np.minimum(a, b).astype(np.int64) * np.int64(prep.n) + np.maximum(a, b)


def candidate_sample(
    prep: EntryArrays,
    settings_: LinkingSettings,
    keys: Keys | None,
    text: TextSimilarity,
    limit: int,
    seed: int,
    spread: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At most ``limit`` candidate pairs (those blocking makes and the text
    gates let through), the ones whose pair hash is smallest, in pair order;
    with every pair's text similarity. When blocking would make more than
    ``spread`` pairs (> 0), they are drawn from evenly spread blocks of days
    holding about that many."""
    left_parts, right_parts, hash_parts = [], [], []
    held = 0
    # A large review's sample comes from blocks of days spread over it, so
    # that not every candidate pair is made twice (here and when scoring).
    blocks = candidate_blocks(prep, settings_, keys, spread=spread)
    for left, right in blocks:
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
    prep: EntryArrays, text: TextSimilarity, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    return text.similarity(prep.content[left], prep.content[right])


def random_pairs(
    prep: EntryArrays, count: int, days: tuple[int, int], seed: int
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


@dataclass(frozen=True)
class _Config:
    """schemas/linking.toml [estimation] with its defaults, read in one place."""

    seed: int
    fixed: set[str]
    fixed_levels: set[str]
    cap: float
    strength: float
    min_pairs: int
    min_matches: Any  # as written, for the note
    candidate_pairs: int
    spread: int
    random_pairs: int
    days: tuple[int, int]
    iterations: int
    reference: dict[str, Any]

    @classmethod
    def read(cls, cfg: dict[str, Any]) -> _Config:
        """The settings from the [estimation] table (or a bench script's own)."""
        days = tuple(int(d) for d in cfg.get("random_days", [2, 60]))
        return cls(
            seed=int(cfg.get("seed", 15)),
            fixed=set(cfg.get("fixed", ["date"])),
            fixed_levels=set(cfg.get("fixed_levels", ["unknown", "not needed"])),
            cap=float(cfg.get("max_change", 1.5)),
            strength=float(cfg.get("prior_pairs", 30)),
            min_pairs=int(cfg.get("min_pairs", 200)),
            min_matches=cfg.get("min_matches", 20),
            candidate_pairs=int(cfg.get("candidate_pairs", 50_000)),
            spread=int(cfg.get("sample_from_pairs", 800_000)),
            random_pairs=int(cfg.get("random_pairs", 20_000)),
            days=(days[0], days[1]),
            iterations=int(cfg.get("iterations", 30)),
            reference=cfg.get("reference", {}),
        )


def estimate(
    prep: EntryArrays,
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
    cfg = _Config.read(settings() if config is None else config)
    left, right, sim = candidate_sample(
        prep, settings_, keys, text, cfg.candidate_pairs, cfg.seed, cfg.spread
    )
    u_left, u_right = random_pairs(prep, cfg.random_pairs, cfg.days, cfg.seed)
    train = PairView(prep, left, right, sim, types)
    levels, weights = _levels(comparisons, train)
    estimated = [c for c in comparisons if c.type not in cfg.fixed]
    u_levels = _random_levels(
        prep, comparisons, estimated, u_left, u_right, text, types, cfg.min_pairs
    )
    model = _Model.start(
        comparisons, estimated, levels, weights, u_levels, len(left), prior, cfg
    )
    first = model.posterior()
    summary: dict[str, Any] = {
        "estimated": False,
        "seed": cfg.seed,
        "candidate_pairs": len(left),
        "random_pairs": len(u_left),
        "expected_matches": round(float(first.sum()), 1),
        "iterations": 0,
    }
    too_few = _too_few(len(left), len(u_left), first, cfg)
    if too_few:
        summary["note"] = too_few
    else:
        gamma, summary["iterations"] = model.fit(first, cfg.iterations)
        summary["estimated"] = True
        summary["expected_matches"] = round(float(gamma.sum()), 1)
        summary["note"] = _estimated_note(len(left), len(u_left), gamma, cfg)
    return Estimate(
        comparisons=model.in_force(summary["estimated"]),
        weights=model.frame(),
        summary=summary,
    )


def _random_levels(
    prep: EntryArrays,
    comparisons: list[Comparison],
    estimated: list[Comparison],
    u_left: np.ndarray,
    u_right: np.ndarray,
    text: TextSimilarity,
    types: TypeRules,
    min_pairs: int,
) -> dict[str, np.ndarray]:
    """The random pairs' level for each estimated comparison: what gives u.

    Random pairs are compared as if on one day, so that the time of day still
    counts while the date (weeks apart by design) does not.
    """
    same_day = dataclasses.replace(prep, start=np.zeros_like(prep.start))
    u_view = PairView(
        same_day, u_left, u_right, _similarity(prep, text, u_left, u_right), types
    )
    u_levels, _ = _levels(estimated, u_view)
    # Texts of one kind of event share words whatever the occurrence (two
    # home visits both say 'home visit'), and candidate pairs are mostly of
    # one kind: the text comparisons' u comes from the random pairs whose
    # types agree or are related, so that agreement is not counted twice.
    alike = _alike_types(comparisons, u_view)
    for c in estimated:
        if c.type in TEXTUAL and alike.sum() >= min_pairs:
            u_levels[c.name] = u_levels[c.name][alike]
    return u_levels


def _references(
    comparisons: list[Comparison],
    defaults: dict[str, np.ndarray],
    reference: dict[str, Any],
) -> dict[str, np.ndarray]:
    """What the same estimate gives on the reviews the defaults were set on.

    log2 m/u per level, from schemas/linking.toml [estimation.reference]. A
    weight moves by how far this review's estimate is from that, so the
    defaults' allowance for evidence that comes together (a shared type and
    shared words) stays. A level without one is compared with its default.
    """
    return {
        c.name: np.array(
            [
                float(reference.get(c.name, {}).get(label, defaults[c.name][i]))
                for i, label in enumerate(c.labels)
            ]
        )
        for c in comparisons
    }


def _too_few(n_pairs: int, n_u: int, first: np.ndarray, cfg: _Config) -> str:
    """Why the defaults are kept (too little to estimate from), or ''."""
    if n_pairs < cfg.min_pairs or n_u < cfg.min_pairs:
        return (
            f"Default weights: too few pairs to estimate from ({n_pairs} "
            f"candidate and {n_u} random pairs; {cfg.min_pairs} of each needed)."
        )
    if first.sum() < float(cfg.min_matches):
        return (
            "Default weights: too few likely links to estimate from (about "
            f"{first.sum():.0f}; {cfg.min_matches} needed)."
        )
    return ""


def _estimated_note(n_pairs: int, n_u: int, gamma: np.ndarray, cfg: _Config) -> str:
    """The summary's plain words when the weights were estimated."""
    return (
        "Weights estimated from this review's own entries: "
        f"{n_pairs:,} candidate pairs (about {gamma.sum():.0f} of them "
        f"likely one occurrence) and {n_u:,} random pairs of entries "
        f"{cfg.days[0]}-{cfg.days[1]} days apart. Each weight moved by how far "
        "this review's estimate is from the same estimate on the reviews "
        f"the defaults were set on, at most {cfg.cap:g} bits; the date weights "
        "as set."
    )


@dataclass
class _Model:
    """The weights being estimated and what expectation-maximisation needs.

    Keyed by comparison name: the weight per level in force (``tables``),
    the defaults and the references they move from, the last raw estimate
    (log2 m/u), which levels may move (``free``), and the expected matched
    (``m_counts``) and random (``u_counts``) pairs at each level.
    """

    comparisons: list[Comparison]
    estimated: list[Comparison]
    levels: dict[str, np.ndarray]
    extra: dict[str, np.ndarray]
    fixed_total: np.ndarray
    defaults: dict[str, np.ndarray]
    tables: dict[str, np.ndarray]
    raw: dict[str, np.ndarray]
    refs: dict[str, np.ndarray]
    free: dict[str, np.ndarray]
    u_counts: dict[str, np.ndarray]
    u_total: dict[str, float]
    m_counts: dict[str, np.ndarray]
    cap: float
    strength: float

    @classmethod
    def start(
        cls,
        comparisons: list[Comparison],
        estimated: list[Comparison],
        levels: dict[str, np.ndarray],
        weights: dict[str, np.ndarray],
        u_levels: dict[str, np.ndarray],
        n_pairs: int,
        prior: float,
        cfg: _Config,
    ) -> _Model:
        """The model at the defaults, for ``n_pairs`` candidate pairs."""
        defaults = {c.name: _table(c) for c in comparisons}
        # What each pair's weight holds besides its level's (the agency
        # comparison's 'joint' bonus, the date's 'approximate').
        extra = {
            c.name: weights[c.name] - defaults[c.name][levels[c.name]]
            for c in comparisons
        }
        fixed_total = np.full(n_pairs, prior, dtype=float)
        for c in comparisons:
            if c.type in cfg.fixed:
                fixed_total += weights[c.name]
        free = {
            c.name: np.array(
                [
                    label in c.level_weights() and label not in cfg.fixed_levels
                    for label in c.labels
                ]
            )
            for c in estimated
        }
        u_counts = {
            c.name: np.bincount(u_levels[c.name], minlength=len(c.labels)).astype(float)
            for c in estimated
        }
        return cls(
            comparisons=comparisons,
            estimated=estimated,
            levels=levels,
            extra=extra,
            fixed_total=fixed_total,
            defaults=defaults,
            tables={name: t.copy() for name, t in defaults.items()},
            raw={name: np.full(len(t), np.nan) for name, t in defaults.items()},
            refs=_references(comparisons, defaults, cfg.reference),
            free=free,
            u_counts=u_counts,
            u_total={name: max(float(v.sum()), 1.0) for name, v in u_counts.items()},
            m_counts={c.name: np.zeros(len(c.labels)) for c in estimated},
            cap=cfg.cap,
            strength=cfg.strength,
        )

    def posterior(self) -> np.ndarray:
        """Each candidate pair's chance of being one occurrence, as weighted now."""
        total = self.fixed_total.copy()
        for c in self.estimated:
            total += self.tables[c.name][self.levels[c.name]] + self.extra[c.name]
        return 1.0 / (1.0 + np.exp2(-np.clip(total, -60, 60)))

    def fit(self, first: np.ndarray, iterations: int) -> tuple[np.ndarray, int]:
        """Iterate until the weights settle; the final chances and the steps taken.

        The weights are then rounded (so reruns give the same bits) and the
        matched-pair counts reported are those under the rounded weights.
        """
        gamma, steps = first, 0
        for step in range(iterations):
            moved = self._step(gamma)
            gamma = self.posterior()
            steps = step + 1
            if moved < 1e-4:
                break
        for c in self.estimated:
            self.tables[c.name] = np.round(self.tables[c.name], 3)
        gamma = self.posterior()
        for c in self.estimated:
            self.m_counts[c.name] = np.bincount(
                self.levels[c.name], weights=gamma, minlength=len(c.labels)
            ).astype(float)
        return gamma, steps

    def _step(self, gamma: np.ndarray) -> float:
        """One round: m from the likely pairs, each free weight pulled from its
        default by the estimate's distance from the reference; the largest move."""
        moved = 0.0
        for c in self.estimated:
            lv, k = self.levels[c.name], len(c.labels)
            mc = np.bincount(lv, weights=gamma, minlength=k).astype(float)
            self.m_counts[c.name] = mc
            m = (mc + 0.5) / (gamma.sum() + 0.5 * k)
            u = (self.u_counts[c.name] + 0.5) / (self.u_total[c.name] + 0.5 * k)
            em = np.log2(m / u)
            self.raw[c.name] = em
            base = self.defaults[c.name]
            pull = mc / (mc + self.strength)
            new = base + pull * np.clip(em - self.refs[c.name], -self.cap, self.cap)
            new = np.where(self.free[c.name], new, base)
            moved = max(moved, float(np.abs(new - self.tables[c.name]).max()))
            self.tables[c.name] = new
        return moved

    def in_force(self, estimated: bool) -> list[Comparison]:
        """The comparisons with the estimated weights, or as given if not."""
        out = []
        for c in self.comparisons:
            if c.name in self.free:
                changes = {
                    label: float(self.tables[c.name][i])
                    for i, label in enumerate(c.labels)
                    if self.free[c.name][i]
                }
                out.append(c.with_level_weights(changes) if estimated else c)
            else:
                out.append(c)
        return out

    def frame(self) -> pd.DataFrame:
        """The weights table (WEIGHT_COLUMNS), one row per comparison level."""
        frame = _weights_frame(
            self.comparisons,
            self.defaults,
            self.tables,
            self.m_counts,
            self.u_counts,
            self.free,
        )
        frame["estimate"] = [
            round(float(v), 3)
            for c in self.comparisons
            for v in self.raw[c.name].tolist()
        ]
        frame["reference"] = [
            round(float(v), 3)
            for c in self.comparisons
            for v in self.refs[c.name].tolist()
        ]
        return frame


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
