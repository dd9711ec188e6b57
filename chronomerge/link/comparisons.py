"""Small named comparisons, each adding a weight to a candidate pair's score
and saying in plain words why.

In the Splink style: every comparison sorts a pair into a level (same day, a
day apart, ...), each level carries a weight in bits (log2 of how much likelier
that evidence is for one event than for two), and each comparison has a dict
form, so the review file can change it by name:

    [[linking.comparisons]]
    name = "time"
    weights = [3.0, 1.0, 0.0, -4.0]

Defaults live in schemas/linking.toml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

import numpy as np
from rapidfuzz import fuzz, process

from ..errors import ReviewFileError
from ..resources import load_toml
from ..review import LinkingSettings
from .prepared import Prepared

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

    def name(self, code: str) -> str:
        return self.names.get(code, f"a {code.replace('_', ' ')}")


def type_rules() -> TypeRules:
    data = load_toml("linking.toml")
    return TypeRules(
        kinds=dict(data.get("type_kinds", {})),
        compatible=frozenset(
            frozenset(p) for p in data.get("type_pairs", {}).get("compatible", [])
        ),
        names=dict(data.get("type_names", {})),
    )


@dataclass(frozen=True)
class PairView:
    """Candidate pairs (positions ``left``/``right`` into ``prep``)."""

    prep: Prepared
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

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"


def _level_weights(levels: np.ndarray, weights: list[float]) -> np.ndarray:
    return np.asarray(weights, dtype=float)[levels]


class DateDistance(Comparison):
    """How close the two dates are, and how exact."""

    type = "date"
    defaults = {
        "same_day": 2.5,
        "one_day_apart": -1.5,
        "within_tolerance": -3.0,
        "day_in_interval": -0.5,
        "intervals_overlap": -1.0,
        "approximate": -1.0,
    }
    labels = (
        "same_day",
        "one_day_apart",
        "within_tolerance",
        "day_in_interval",
        "intervals_overlap",
    )

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        p, a, b = pairs.prep, pairs.left, pairs.right
        both_day = p.is_day[a] & p.is_day[b]
        one_day = p.is_day[a] ^ p.is_day[b]
        gap = np.abs(p.start[a] - p.start[b])
        levels = np.full(len(a), 4, dtype=np.int8)
        levels[one_day] = 3
        levels[both_day & (gap > 1)] = 2
        levels[both_day & (gap == 1)] = 1
        levels[both_day & (gap == 0)] = 0
        s = self.settings
        weights = _level_weights(levels, [s[label] for label in self.labels])
        weights = weights + np.where(
            p.approximate[a] | p.approximate[b], s["approximate"], 0.0
        )
        return levels, weights

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        p = pairs.prep
        a, b = int(pairs.left[k]), int(pairs.right[k])
        da, db = day_text(p.start[a]), day_text(p.start[b])
        if level == 0:
            text = f"same day ({da})"
        elif level in (1, 2):
            first, second = sorted([(p.start[a], da), (p.start[b], db)])
            days = abs(int(p.start[a]) - int(p.start[b]))
            apart = "a day apart" if days == 1 else f"{days} days apart"
            text = f"{apart} ({first[1]} and {second[1]})"
        elif level == 3:
            day, span = (a, b) if p.is_day[a] else (b, a)
            text = f"{day_text(p.start[day])} falls within '{p.date_text[span]}'"
        else:
            text = f"dates overlap ('{p.date_text[a]}' and '{p.date_text[b]}')"
        if p.approximate[a] or p.approximate[b]:
            text += ", a date marked approximate"
        return text


class EventTypeAgreement(Comparison):
    """Same event type, types often used for one event, or different types.

    How much the same type counts depends on its kind (schemas/linking.toml
    [type_kinds]): a meeting several agencies attend is one event; two home
    visits the same day are usually two.
    """

    type = "event_type"
    defaults = {
        "same_meeting": 6.0,
        "same_incident": 4.0,
        "same_contact": 1.0,
        "same_other": 2.5,
        "compatible": 3.0,
        "secondary": 2.0,
        "different": -3.0,
        "unknown": 0.0,
    }
    labels = (
        "same_meeting",
        "same_incident",
        "same_contact",
        "same_other",
        "compatible",
        "secondary",
        "different",
        "unknown",
    )

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        p, types = pairs.prep, pairs.types
        kind_level = {"meeting": 0, "incident": 1, "contact": 2}
        levels = np.empty(len(pairs), dtype=np.int8)
        cache: dict[tuple[str, str], int] = {}
        ta, tb = p.event_type[pairs.left], p.event_type[pairs.right]
        for k, (x, y) in enumerate(zip(ta, tb, strict=True)):
            level = cache.get((x, y))
            if level is None:
                if not x or not y:
                    level = 7
                elif x == y:
                    level = kind_level.get(types.kinds.get(x, ""), 3)
                elif frozenset((x, y)) in types.compatible:
                    level = 4
                else:
                    level = 6
                cache[(x, y)] = level
            levels[k] = level
        # A main type among the other's secondary types beats "different".
        for k in np.flatnonzero(levels == 6):
            a, b = pairs.left[k], pairs.right[k]
            if ta[k] in p.secondary[b] or tb[k] in p.secondary[a]:
                levels[k] = 5
        s = self.settings
        weights = _level_weights(levels, [s[x] for x in self.labels])
        return levels, weights

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        p, names = pairs.prep, pairs.types
        a, b = int(pairs.left[k]), int(pairs.right[k])
        x, y = p.event_type[a], p.event_type[b]
        if level <= 3:
            return f"both {names.name(x)}"
        if level == 4:
            return f"{names.name(x)} and {names.name(y)} (often one event)"
        if level == 5:
            return f"{names.name(x)} and {names.name(y)}, one mentioning the other"
        if level == 6:
            return f"different types ({names.name(x)}; {names.name(y)})"
        return ""


class TextSimilarity(Comparison):
    """How alike the normalised texts are (rapidfuzz, 0-100)."""

    type = "text"
    defaults = {
        "scorer": "token_set_ratio",
        "levels": [90, 75, 60, 45],
        "weights": [6.0, 3.5, 1.5, 0.0, -2.0],
    }

    @property
    def labels(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*(f"{x}+" for x in self.settings["levels"]), "lower")

    def __init__(self, name: str | None = None, **settings: Any) -> None:
        super().__init__(name, **settings)
        scorer = getattr(fuzz, str(self.settings["scorer"]), None)
        if scorer is None or str(self.settings["scorer"]).startswith("_"):
            raise ReviewFileError(
                f"linking comparison '{self.name}': unknown scorer "
                f"'{self.settings['scorer']}'; use a rapidfuzz.fuzz scorer such "
                "as token_set_ratio, token_sort_ratio or ratio."
            )
        if len(self.settings["weights"]) != len(self.settings["levels"]) + 1:
            raise ReviewFileError(
                f"linking comparison '{self.name}': give one weight more than "
                "levels (the last weight is for texts below every level)."
            )
        self.scorer = scorer

    def similarity(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Similarity 0-100 of paired texts, computed in C on both cores."""
        if len(left) == 0:
            return np.zeros(0, dtype=np.float32)
        return process.cpdist(
            list(left), list(right), scorer=self.scorer, workers=-1
        ).astype(np.float32)

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        if self.name == "text":
            sim = pairs.text
        else:
            c = pairs.prep.content
            sim = self.similarity(c[pairs.left], c[pairs.right])
        cuts = np.asarray(self.settings["levels"], dtype=float)
        levels = np.full(len(sim), len(cuts), dtype=np.int8)
        for i in range(len(cuts) - 1, -1, -1):
            levels[sim >= cuts[i]] = i
        return levels, _level_weights(levels, list(self.settings["weights"]))

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        if self.name == "text":
            value = float(pairs.text[k])
        else:
            c = pairs.prep.content
            value = float(self.scorer(c[pairs.left[k]], c[pairs.right[k]]))
        return f"texts {value:.0f}% alike"


class SharedWords(Comparison):
    """How much of the two texts' meaning is in words they share, rare words
    counting for more (a shared 'fracture' outweighs a shared 'seen').

    The measure is the IDF-weighted Jaccard of the two sets of words, 0-100.
    """

    type = "shared_words"
    defaults = {"levels": [60, 40, 25, 10], "weights": [3.0, 2.0, 1.0, 0.0, -1.0]}

    @property
    def labels(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*(f"{x}+" for x in self.settings["levels"]), "lower")

    @staticmethod
    def overlap(prep: Prepared, a: int, b: int) -> float:
        wa, wb = prep.words[a], prep.words[b]
        if not wa or not wb:
            return 0.0
        idf = prep.idf
        shared = sum(idf[w] for w in wa & wb)
        return 100.0 * shared / sum(idf[w] for w in wa | wb)

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        prep = pairs.prep
        value = np.fromiter(
            (
                self.overlap(prep, a, b)
                for a, b in zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)
            ),
            dtype=float,
            count=len(pairs),
        )
        cuts = list(self.settings["levels"])
        levels = np.full(len(value), len(cuts), dtype=np.int8)
        for i in range(len(cuts) - 1, -1, -1):
            levels[value >= cuts[i]] = i
        return levels, _level_weights(levels, list(self.settings["weights"]))

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        prep = pairs.prep
        a, b = int(pairs.left[k]), int(pairs.right[k])
        shared = sorted(prep.words[a] & prep.words[b], key=lambda w: (-prep.idf[w], w))
        if not shared or level >= len(self.settings["levels"]):
            return ""
        return "both mention " + ", ".join(
            f"'{prep.surface.get(w, w)}'" for w in shared[:4]
        )


class TimeProximity(Comparison):
    """How close the two times of day are, when both entries give one."""

    type = "time"
    defaults = {"levels": [20, 60, 180], "weights": [2.5, 1.0, 0.0, -3.0]}

    @property
    def labels(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*(f"within_{x}" for x in self.settings["levels"]), "far", "unknown")

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        p = pairs.prep
        ma, mb = p.minutes[pairs.left], p.minutes[pairs.right]
        gap = np.abs(ma - mb)
        cuts = list(self.settings["levels"])
        levels = np.full(len(gap), len(cuts), dtype=np.int8)
        for i in range(len(cuts) - 1, -1, -1):
            levels[gap <= cuts[i]] = i
        unknown = np.isnan(gap) | (p.start[pairs.left] != p.start[pairs.right])
        levels[unknown] = len(cuts) + 1
        weights = list(self.settings["weights"]) + [0.0]
        return levels, _level_weights(levels, weights)

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        p = pairs.prep
        ma, mb = p.minutes[pairs.left[k]], p.minutes[pairs.right[k]]
        if np.isnan(ma) or np.isnan(mb) or level > len(self.settings["levels"]):
            return ""
        fa, fb = (f"{int(m) // 60:02d}:{int(m) % 60:02d}" for m in (ma, mb))
        gap = int(abs(ma - mb))
        if gap == 0:
            return f"same time ({fa})"
        first, second = sorted([fa, fb])
        return f"times {gap} minutes apart ({first} and {second})"


class AgencyNamed(Comparison):
    """One entry names the other's agency: 'joint visit with police'."""

    type = "agency_named"
    defaults = {"both": 4.0, "one": 2.5, "joint": 1.5}
    labels = ("both", "one", "neither")

    def _flags(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        p = pairs.prep
        a_names_b = np.fromiter(
            (
                p.kind[b] in p.named_kinds[a]
                for a, b in zip(pairs.left, pairs.right, strict=True)
            ),
            dtype=bool,
            count=len(pairs),
        )
        b_names_a = np.fromiter(
            (
                p.kind[a] in p.named_kinds[b]
                for a, b in zip(pairs.left, pairs.right, strict=True)
            ),
            dtype=bool,
            count=len(pairs),
        )
        return a_names_b, b_names_a

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        a_names_b, b_names_a = self._flags(pairs)
        levels = np.full(len(pairs), 2, dtype=np.int8)
        levels[a_names_b | b_names_a] = 1
        levels[a_names_b & b_names_a] = 0
        s = self.settings
        weights = _level_weights(levels, [s["both"], s["one"], 0.0])
        joint = pairs.prep.joint[pairs.left] | pairs.prep.joint[pairs.right]
        weights = weights + np.where(joint & (levels < 2), s["joint"], 0.0)
        return levels, weights

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        if level == 2:
            return ""
        p = pairs.prep
        a, b = int(pairs.left[k]), int(pairs.right[k])
        parts = []
        if p.kind[b] in p.named_kinds[a]:
            parts.append(f"{p.agency_name[b]} named in the {p.agency_name[a]} entry")
        if p.kind[a] in p.named_kinds[b]:
            parts.append(f"{p.agency_name[a]} named in the {p.agency_name[b]} entry")
        if p.joint[a] or p.joint[b]:
            parts.append("described as joint work")
        return ", ".join(parts)


class PeopleNamed(Comparison):
    """Whether the two texts name the same people (the subject child aside)."""

    type = "people"
    defaults = {"same": 0.5, "different": -2.5}
    labels = ("same", "different", "unknown")

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        people, subject = pairs.prep.people, {pairs.prep.subject}
        levels = np.full(len(pairs), 2, dtype=np.int8)
        for k, (a, b) in enumerate(zip(pairs.left, pairs.right, strict=True)):
            pa, pb = people[a], people[b]
            if pa and pb:
                shared = pa & pb
                if shared - subject:
                    levels[k] = 0
                elif not shared:
                    levels[k] = 1
        s = self.settings
        return levels, _level_weights(levels, [s["same"], s["different"], 0.0])

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        prep = pairs.prep
        labels = prep.person_labels or {}

        def names(tokens: frozenset[str]) -> str:
            return ", ".join(sorted(labels.get(t, t) for t in tokens))

        pa, pb = prep.people[pairs.left[k]], prep.people[pairs.right[k]]
        if level == 0:
            return "both name " + names(pa & pb - {prep.subject})
        if level == 1:
            return f"they name different people ({names(pa)}; {names(pb)})"
        return ""


REGISTRY: dict[str, type[Comparison]] = {
    cls.type: cls
    for cls in (
        DateDistance,
        EventTypeAgreement,
        TextSimilarity,
        SharedWords,
        TimeProximity,
        AgencyNamed,
        PeopleNamed,
    )
}


def comparison_from_dict(spec: dict[str, Any]) -> Comparison:
    """A comparison from its dict form (``name``, optional ``type``, settings)."""
    spec = dict(spec)
    name = str(spec.pop("name", "") or spec.get("type", ""))
    kind = str(spec.pop("type", "") or name)
    cls = REGISTRY.get(kind)
    if cls is None:
        raise ReviewFileError(
            f"linking comparison '{name}': unknown type '{kind}'; known types: "
            + ", ".join(REGISTRY)
            + "."
        )
    return cls(name, **spec)


def build_comparisons(settings: LinkingSettings) -> list[Comparison]:
    """schemas/linking.toml's comparisons, changed or added to by the review.

    A review entry with the name of a default changes only the settings it
    gives; ``enabled = false`` drops it; a new name adds a comparison (give
    its ``type``).
    """
    specs: dict[str, dict[str, Any]] = {}
    for spec in load_toml("linking.toml").get("comparisons", []):
        specs[spec["name"]] = dict(spec)
    for spec in settings.comparisons:
        name = str(spec.get("name", "") or "")
        if not name:
            raise ReviewFileError(
                "linking comparison without a name: give each [[linking."
                "comparisons]] a name such as 'text' or 'time'."
            )
        specs[name] = {**specs.get(name, {}), **spec}
    return [
        comparison_from_dict({k: v for k, v in spec.items() if k != "enabled"})
        for spec in specs.values()
        if spec.get("enabled", True)
    ]
