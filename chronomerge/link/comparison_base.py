"""What every comparison shares: the pairs it sees, the event-type rules, and
the Comparison base class (levels, weights in bits, reasons in plain words).

The comparisons themselves are in :mod:`.comparisons`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ..errors import ReviewFileError
from ..resources import load_toml
from .prepared import EntryArrays

_EPOCH = dt.date(1970, 1, 1)


@cache
def day_text(day: int) -> str:
    """A day number as a UK date: 12/03/2019."""
    return (_EPOCH + dt.timedelta(days=int(day))).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class TypeRules:
    """What schemas/linking.toml says about event types."""

    kinds: dict[str, str]
    compatible: frozenset[frozenset[str]]
    names: dict[str, str]
    receivers: dict[str, list[str]]
    # Compatibility groups: name -> (kind, types); and the vague types that
    # say nothing about the kind of event (they count as no type).
    groups: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    vague: frozenset[str] = frozenset()
    # Referral types: the same one on both entries, one naming the other's
    # agency, is the referrer's and the receiver's record of one referral.
    referrals: frozenset[str] = frozenset()

    def name(self, code: str) -> str:
        return self.names.get(code, f"a {code.replace('_', ' ')}")

    def related_kind(self, x: str, y: str) -> str:
        """The strongest kind of group two types share ('' for none):
        meeting, then incident, then contact."""
        shared = {kind for kind, types in self.groups.values() if {x, y} <= types}
        for kind in ("meeting", "incident", "contact"):
            if kind in shared:
                return kind
        return next(iter(sorted(shared)), "")


def type_rules() -> TypeRules:
    data = load_toml("linking.toml")
    groups: dict[str, tuple[str, frozenset[str]]] = {}
    vague: frozenset[str] = frozenset()
    for name, spec in data.get("type_groups", {}).items():
        if name == "vague":
            vague = frozenset(spec)
        else:
            groups[name] = (str(spec.get("kind", "contact")), frozenset(spec["types"]))
    return TypeRules(
        kinds=dict(data.get("type_kinds", {})),
        compatible=frozenset(
            frozenset(p) for p in data.get("type_pairs", {}).get("compatible", [])
        ),
        names=dict(data.get("type_names", {})),
        receivers={k: list(v) for k, v in data.get("type_receivers", {}).items()},
        groups=groups,
        vague=vague,
        referrals=frozenset(data.get("type_referrals", {}).get("types", [])),
    )


@dataclass(frozen=True)
class PairView:
    """Candidate pairs (positions ``left``/``right`` into ``prep``)."""

    prep: EntryArrays
    left: np.ndarray
    right: np.ndarray
    text: np.ndarray
    types: TypeRules

    def __len__(self) -> int:
        return len(self.left)


class Comparison:
    """One named comparison. Subclasses set ``type``, ``defaults`` and ``labels``."""

    type: ClassVar[str] = ""
    defaults: ClassVar[dict[str, Any]] = {}
    labels: ClassVar[tuple[str, ...]] = ()
    # Costly comparisons run last, only on pairs they could lift to the
    # threshold; the rest get their last level, "not needed", and no weight.
    costly: ClassVar[bool] = False
    # Among the costly ones, the cheaper run first (shared words are counted
    # in numpy; text similarity compares strings).
    cost: ClassVar[int] = 0
    # Settings added on top of a level's weight (a date marked approximate,
    # work described as joint): counted in upper_weight.
    bonus: ClassVar[tuple[str, ...]] = ()

    def __init__(self, name: str | None = None, **settings: Any) -> None:
        unknown = sorted(set(settings) - set(self.defaults))
        if unknown:
            raise ReviewFileError(
                f"linking comparison '{name or self.type}': unknown setting "
                f"'{unknown[0]}'; its settings are: {', '.join(self.defaults)}."
            )
        self.name = name or self.type
        self.settings = {**self.defaults, **settings}

    def to_dict(self) -> dict[str, Any]:
        """The form the review file and schemas/linking.toml use."""
        return {"name": self.name, "type": self.type, **self.settings}

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        """Each pair's level (index into ``labels``) and weight in bits."""
        raise NotImplementedError

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        """Why pair ``k`` scored as it did, in plain words ('' for nothing)."""
        raise NotImplementedError

    def describe_many(
        self, pairs: PairView, ks: np.ndarray, levels: np.ndarray
    ) -> list[str]:
        """describe() for many pairs (``levels`` are theirs, in order).

        When the comparison says what its reason depends on (reason_keys),
        each distinct reason is written once and shared.
        """
        keys = self.reason_keys(pairs, ks)
        if keys is None:
            return [
                self.describe(pairs, k, lv)
                for k, lv in zip(ks.tolist(), levels.tolist(), strict=True)
            ]
        return _once(pairs, ks, levels, keys, self.describe)

    def reason_keys(self, pairs: PairView, ks: np.ndarray) -> list[Any] | None:
        """Per pair ``ks``, the values its reason depends on besides its
        level (None: not said, so each pair is described on its own)."""
        return None

    def level_weights(self) -> dict[str, float]:
        """The weight (bits) of each level its settings set, by label (the
        levels weight estimation may change)."""
        s = self.settings
        return {
            label: float(s[label])
            for label in self.labels
            if isinstance(s.get(label), int | float) and not isinstance(s[label], bool)
        }

    def with_level_weights(self, weights: dict[str, float]) -> Comparison:
        """The same comparison with some levels' weights changed."""
        known = self.level_weights()
        changed = {k: float(v) for k, v in weights.items() if k in known}
        return type(self)(self.name, **{**self.settings, **changed})

    @property
    def upper_weight(self) -> float:
        """No pair can get more from this comparison: its best level plus
        any bonus (so scoring can drop pairs that cannot reach the threshold
        before the rest is computed)."""
        best = max(0.0, *self.level_weights().values())
        return best + sum(max(0.0, float(self.settings[k])) for k in self.bonus)

    @property
    def best_weight(self) -> float:
        """The largest weight this comparison can give (costly ones)."""
        return max(0.0, *(float(w) for w in self.settings.get("weights", [0.0])))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"


def _once(
    pairs: PairView,
    ks: np.ndarray,
    levels: np.ndarray,
    keys: list[Any],
    describe: Callable[[PairView, int, int], str],
) -> list[str]:
    """describe() once per distinct (level, keys), shared by equal pairs."""
    if len(ks) == 0:
        return []
    code = np.zeros(len(ks), dtype=np.int64)
    for column in [levels, *keys]:
        values, uniques = pd.factorize(np.asarray(column), use_na_sentinel=False)
        code = code * max(len(uniques), 1) + values
        code = pd.factorize(code)[0]
    holder = np.zeros(int(code.max()) + 1, dtype=np.int64)
    holder[code] = np.arange(len(ks))
    texts = np.array(
        [describe(pairs, int(ks[i]), int(levels[i])) for i in holder.tolist()],
        dtype=object,
    )
    return texts[code].tolist()


def _level_weights(levels: np.ndarray, weights: list[float]) -> np.ndarray:
    return np.asarray(weights, dtype=float)[levels]


def _bins(value: np.ndarray, cuts: list[float], above: bool = True) -> np.ndarray:
    """Level per value: the first cut it reaches (at or above, or at or below)."""
    levels = np.full(len(value), len(cuts), dtype=np.int8)
    for i in range(len(cuts) - 1, -1, -1):
        levels[(value >= cuts[i]) if above else (value <= cuts[i])] = i
    return levels
