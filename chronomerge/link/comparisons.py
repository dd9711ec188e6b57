"""Small named comparisons, each adding a weight to a candidate pair's score
and saying in plain words why.

In the Splink style: every comparison sorts a pair into a level (same day, a
day apart, ...), each level carries a weight in bits (log2 of how much likelier
that evidence is for one event than for two), and each comparison has a dict
form, so the review file can change it by name:

    [[linking.comparisons]]
    name = "time"
    weights = [3.0, 1.0, 0.0, -4.0]

Defaults live in schemas/linking.toml. The base class and the pairs it sees
are in :mod:`.comparison_base`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from ..errors import ReviewFileError
from ..resources import load_toml
from ..review import LinkingSettings
from .comparison_base import (
    Comparison,
    PairView,
    TypeRules,
    _bins,
    _level_weights,
    day_text,
    type_rules,
)
from .comparison_dates import DateDistance

__all__ = [
    "REGISTRY",
    "AgencyNamed",
    "Comparison",
    "DateDistance",
    "EventTypeAgreement",
    "PairView",
    "PassingOn",
    "PeopleNamed",
    "SharedWords",
    "TextSimilarity",
    "TimeProximity",
    "TypeRules",
    "build_comparisons",
    "comparison_from_dict",
    "day_text",
    "type_rules",
]


class EventTypeAgreement(Comparison):
    """Same event type, types of one compatibility group, or kinds no group
    joins.

    How much the same type counts depends on its kind (schemas/linking.toml
    [type_kinds]): a meeting several agencies attend is one event; two home
    visits the same day are usually two. Different types of one group
    ([type_groups]) are weak evidence either way, so that a type one agency
    chose differently never vetoes a link the rest supports; only kinds no
    group joins count strongly against.
    """

    type = "event_type"
    defaults = {
        "same_meeting": 7.0,
        "same_incident": 5.0,
        "same_contact": -1.5,
        "same_other": 2.0,
        "related_meeting": 4.0,
        "related_incident": 2.0,
        "compatible": -1.5,
        "related": -1.5,
        "secondary": -2.0,
        "different": -4.5,
        "unknown": -1.0,
        "named_meeting": 4.0,
    }
    labels = (
        "same_meeting",
        "same_incident",
        "same_contact",
        "same_other",
        "related_meeting",
        "related_incident",
        "compatible",
        "related",
        "secondary",
        "different",
        "unknown",
        "named_meeting",
    )
    # Levels a meeting both entries name outweighs (see _named_meeting).
    below_named = (
        "same_contact",
        "same_other",
        "related_incident",
        "compatible",
        "related",
        "secondary",
        "different",
        "unknown",
    )

    @staticmethod
    def table(codes: dict[str, int], rules: TypeRules) -> np.ndarray:
        """Level of every pair of type codes; the last row and column are for
        no type (code -1)."""
        at = {label: i for i, label in enumerate(EventTypeAgreement.labels)}
        size = len(codes) + 1
        table = np.full((size, size), at["different"], dtype=np.int8)
        kind_level = {"meeting": 0, "incident": 1, "contact": 2}
        related = {
            "meeting": at["related_meeting"],
            "incident": at["related_incident"],
        }
        names = sorted(codes, key=lambda code: codes[code])
        for x in names:
            for y in names:
                if x == y:
                    level = kind_level.get(rules.kinds.get(x, ""), 3)
                else:
                    kind = rules.related_kind(x, y)
                    if kind in related:
                        level = related[kind]
                    elif frozenset((x, y)) in rules.compatible:
                        level = at["compatible"]
                    elif kind:
                        level = at["related"]
                    else:
                        continue
                table[codes[x], codes[y]] = level
        vague = [codes[v] for v in rules.vague if v in codes]
        for c in [*vague, size - 1]:
            table[c, :] = table[:, c] = at["unknown"]
        return table

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        p, rules = pairs.prep, pairs.types
        codes = p.types  # type -> number, shared with the secondary masks
        at = {label: i for i, label in enumerate(self.labels)}
        ta, tb = p.type_code[pairs.left], p.type_code[pairs.right]
        key = (tuple(sorted(codes.items())), rules)
        cached = self.__dict__.get("_table")
        if cached is None or cached[0] != key:
            cached = self.__dict__["_table"] = (key, self.table(codes, rules))
        levels = cached[1][ta, tb]  # -1 (no type): the last row
        # A main type among the other's secondary types beats "different"
        # (secondary types are a weaker signal: many entries carry several);
        # asked only of the pairs whose types differ.
        ks = np.flatnonzero(levels == at["different"])
        if len(ks):
            la, lb, ka, kb = pairs.left[ks], pairs.right[ks], ta[ks], tb[ks]
            sec_a, sec_b = p.secondary.mask[la], p.secondary.mask[lb]
            one = np.uint64(1)
            bit_a = np.maximum(ka, 0).astype(np.uint64)
            bit_b = np.maximum(kb, 0).astype(np.uint64)
            in_b = (ka >= 0) & ((sec_b >> bit_a) & one == 1)
            in_a = (kb >= 0) & ((sec_a >> bit_b) & one == 1)
            levels[ks[in_a | in_b]] = at["secondary"]
        # A referral is one event for the referrer and the service receiving
        # it; two referrers on one day made two referrals.
        for name, kinds in rules.receivers.items():
            if name in codes and kinds and name not in rules.vague:
                # Which entries are by a receiving agency: asked once per
                # entry, not once per pair.
                by_receiver = np.isin(p.kind, kinds)
                ks = np.flatnonzero((ta == codes[name]) & (tb == codes[name]))
                got = by_receiver[pairs.left[ks]] | by_receiver[pairs.right[ks]]
                levels[ks[~got]] = at["same_contact"]
        self._one_referral(pairs, levels, ta, tb)
        self._named_meeting(pairs, levels)
        s = self.settings
        return levels, _level_weights(levels, [s[x] for x in self.labels])

    def _one_referral(
        self, pairs: PairView, levels: np.ndarray, ta: np.ndarray, tb: np.ndarray
    ) -> None:
        """Levels for the two ends of one referral, set in place.

        One referral type on both entries, one naming the other's agency, is
        the referrer's and the receiver's record of it: one occurrence each
        hears of, like an incident (a same-type "contact" otherwise counts
        against).
        """
        p, rules = pairs.prep, pairs.types
        at = {label: i for i, label in enumerate(self.labels)}
        codes = [p.types[t] for t in sorted(rules.referrals) if t in p.types]
        ks = np.flatnonzero((ta == tb) & np.isin(ta, codes))
        if len(ks):
            a_names_b, b_names_a = AgencyNamed._flags(
                pairs, pairs.left[ks], pairs.right[ks]
            )
            levels[ks[a_names_b | b_names_a]] = at["same_incident"]

    def _named_meeting(self, pairs: PairView, levels: np.ndarray) -> None:
        """Level named_meeting, set in place: both entries are or name one
        kind of meeting (schemas/linking.toml [meeting_terms]), whatever
        types they were given ('CG attended' typed a health contact and a
        core group), unless their types already say more."""
        p = pairs.prep
        if len(p.meetings.mask) == 0 or not p.meetings.code:
            return
        at = {label: i for i, label in enumerate(self.labels)}
        weaker = np.isin(levels, [at[x] for x in self.below_named])
        ks = np.flatnonzero(weaker)
        if len(ks):
            shared = p.meetings.mask[pairs.left[ks]] & p.meetings.mask[pairs.right[ks]]
            levels[ks[shared != 0]] = at["named_meeting"]

    def reason_keys(self, pairs: PairView, ks: np.ndarray) -> list[Any]:
        p = pairs.prep
        return [
            p.event_type[pairs.left[ks]],
            p.event_type[pairs.right[ks]],
            p.meetings.mask[pairs.left[ks]] & p.meetings.mask[pairs.right[ks]]
            if len(p.meetings.mask)
            else np.zeros(len(ks), dtype=np.uint64),
        ]

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        p, names = pairs.prep, pairs.types
        x, y = p.event_type[pairs.left[k]], p.event_type[pairs.right[k]]
        label = self.labels[level]
        if label.startswith("same_"):
            return f"both {names.name(x)}"
        if label in ("related_meeting", "related_incident", "compatible", "related"):
            return f"{names.name(x)} and {names.name(y)} (often one event)"
        if label == "secondary":
            return f"{names.name(x)} and {names.name(y)}, one mentioning the other"
        if label == "different":
            return f"different types ({names.name(x)}; {names.name(y)})"
        if label == "named_meeting":
            a, b = pairs.left[k], pairs.right[k]
            bits = int(p.meetings.mask[a] & p.meetings.mask[b])
            kinds = [t for t, c in sorted(p.meetings.code.items()) if bits >> c & 1]
            meeting = names.name(kinds[0]) if kinds else "one meeting"
            return (
                f"{names.name(x)} and {names.name(y)}, both about {meeting}"
                if x != y
                else f"both {names.name(x)}, both about {meeting}"
            )
        return ""


class _WeightList(Comparison):
    """A comparison whose levels' weights are the ``weights`` list, in the
    order of its labels."""

    def level_weights(self) -> dict[str, float]:
        weights = [float(w) for w in self.settings["weights"]]
        return dict(zip(self.labels[: len(weights)], weights, strict=True))

    def with_level_weights(self, weights: dict[str, float]) -> Comparison:
        known = self.level_weights()
        new = [float(weights.get(label, w)) for label, w in known.items()]
        return type(self)(self.name, **{**self.settings, "weights": new})


class TextSimilarity(_WeightList):
    """How alike the normalised texts are (rapidfuzz, 0-100).

    Computed only for pairs whose outcome it could change (and for every pair
    a blocking gate needs); the others show "not needed" and no weight.
    """

    type = "text"
    costly = True
    cost = 2
    defaults = {
        "scorer": "token_set_ratio",
        "levels": [90, 75, 60, 45],
        "weights": [3.0, 2.0, 1.5, 1.0, 0.0],
    }

    @property
    def labels(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*(f"{x}+" for x in self.settings["levels"]), "lower", "not needed")

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

    def similarity(
        self, left: np.ndarray, right: np.ndarray, cutoff: float | None = None
    ) -> np.ndarray:
        """Similarity 0-100 of paired texts, computed in C (0 below ``cutoff``)."""
        if len(left) == 0:
            return np.zeros(0, dtype=np.float64)
        return process.cpdist(
            left.tolist(),
            right.tolist(),
            scorer=self.scorer,
            score_cutoff=cutoff,
            workers=1,
        ).astype(np.float64)

    def values(self, pairs: PairView) -> np.ndarray:
        if self.name == "text":
            return pairs.text
        c = pairs.prep.content
        return self.similarity(c[pairs.left], c[pairs.right])

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        sim = self.values(pairs)
        levels = _bins(sim, list(self.settings["levels"]))
        levels[np.isnan(sim)] = len(self.settings["levels"]) + 1
        weights = [*self.settings["weights"], 0.0]
        return levels, _level_weights(levels, weights)

    def reason_keys(self, pairs: PairView, ks: np.ndarray) -> list[Any] | None:
        return [pairs.text[ks]] if self.name == "text" else None

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        if level > len(self.settings["levels"]):
            return ""
        if self.name == "text":
            value = float(pairs.text[k])
        else:
            c = pairs.prep.content
            value = float(self.scorer(c[pairs.left[k]], c[pairs.right[k]]))
        return f"texts {value:.0f}% alike"


class SharedWords(_WeightList):
    """How much of the two texts' meaning is in words they share, rare words
    counting for more (a shared 'fracture' outweighs a shared 'seen').

    The measure is the IDF-weighted Jaccard of the two sets of words, 0-100.
    """

    type = "shared_words"
    costly = True
    cost = 1
    defaults = {"levels": [60, 40, 25, 10], "weights": [4.0, 3.5, 3.0, 2.0, 0.0]}

    @property
    def labels(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*(f"{x}+" for x in self.settings["levels"]), "lower", "not needed")

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        value = pairs.prep.words.overlap(pairs.left, pairs.right)
        levels = _bins(value, list(self.settings["levels"]))
        return levels, _level_weights(levels, list(self.settings["weights"]))

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        return self.describe_many(pairs, np.array([k]), np.array([level]))[0]

    def describe_many(
        self, pairs: PairView, ks: np.ndarray, levels: np.ndarray
    ) -> list[str]:
        words = pairs.prep.words
        idf, vocab, surface = words.idf, words.vocab, words.surface
        rows_a = words.row[pairs.left[ks]].tolist()
        rows_b = words.row[pairs.right[ks]].tolist()
        cut = len(self.settings["levels"])
        seen: dict[tuple[int, int], str] = {}
        out = []
        for ra, rb, level in zip(rows_a, rows_b, levels.tolist(), strict=True):
            if level >= cut:
                out.append("")
                continue
            text = seen.get((ra, rb))
            if text is None:
                shared = set(words.ids[words.ptr[ra] : words.ptr[ra + 1]].tolist())
                shared &= set(words.ids[words.ptr[rb] : words.ptr[rb + 1]].tolist())
                # Rarest first; ties by word, so it reads the same every run.
                best = sorted(shared, key=lambda w: (-idf[w], vocab[w]))[:4]
                text = (
                    "both mention "
                    + ", ".join(f"'{surface.get(vocab[w], vocab[w])}'" for w in best)
                    if best
                    else ""
                )
                seen[(ra, rb)] = text
            out.append(text)
        return out


class TimeProximity(_WeightList):
    """How close the two times of day are, when both entries give one."""

    type = "time"
    defaults = {"levels": [20, 60, 180], "weights": [4.0, 1.2, 0.0, -1.0]}

    @property
    def labels(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*(f"within_{x}" for x in self.settings["levels"]), "far", "unknown")

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        cuts = list(self.settings["levels"])
        gap = self.gaps(pairs, max(cuts))
        levels = _bins(gap, cuts, above=False)
        levels[np.isnan(gap)] = len(cuts) + 1
        weights = [*self.settings["weights"], 0.0]
        return levels, _level_weights(levels, weights)

    @staticmethod
    def gaps(pairs: PairView, most: float) -> np.ndarray:
        """Minutes between the two times (NaN: not comparable).

        On one day, the shorter way round the clock when neither time is
        midnight itself (00:00 often stands for no time): 23:35 and 00:35 are
        an hour apart, the date of one written for the other. On days one
        apart, from the earlier day's time to the later day's across
        midnight, when that is at most ``most`` minutes (a call at 23:35 and
        the attendance it led to at 00:35).
        """
        p, a, b = pairs.prep, pairs.left, pairs.right
        ma, mb = p.minutes[a], p.minutes[b]
        days = p.start[b] - p.start[a]
        gap = np.abs(ma - mb)
        real = (ma != 0) & (mb != 0)
        gap = np.where(real, np.minimum(gap, 1440 - gap), gap)
        across = np.where(days > 0, mb + 1440 - ma, ma + 1440 - mb)
        next_day = (np.abs(days) == 1) & (across <= most)
        gap = np.where(next_day, across, gap)
        return np.where((days == 0) | next_day, gap, np.nan)

    def reason_keys(self, pairs: PairView, ks: np.ndarray) -> list[Any]:
        p = pairs.prep
        return [
            p.minutes[pairs.left[ks]],
            p.minutes[pairs.right[ks]],
            p.start[pairs.left[ks]] - p.start[pairs.right[ks]],
        ]

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        if level > len(self.settings["levels"]):
            return ""
        p = pairs.prep
        ma, mb = p.minutes[pairs.left[k]], p.minutes[pairs.right[k]]
        fa, fb = (f"{int(m) // 60:02d}:{int(m) % 60:02d}" for m in (ma, mb))
        one = slice(k, k + 1)
        view = PairView(
            p, pairs.left[one], pairs.right[one], pairs.text[one], pairs.types
        )
        gap = int(self.gaps(view, max(self.settings["levels"]))[0])
        if gap == 0:
            return f"same time ({fa})"
        if gap == abs(ma - mb):
            first, second = sorted([fa, fb])
            return f"times {gap} minutes apart ({first} and {second})"
        # Across midnight: the later clock time first.
        day_a, day_b = p.start[pairs.left[k]], p.start[pairs.right[k]]
        first, second = (fa, fb) if (day_a, -ma) < (day_b, -mb) else (fb, fa)
        return f"times {gap} minutes apart across midnight ({first} and {second})"


class AgencyNamed(Comparison):
    """One entry names the other's agency: 'joint visit with police'."""

    type = "agency_named"
    defaults = {"both": 7.0, "one": 1.5, "joint": 1.5, "both_joint": 2.0}
    bonus = ("joint",)
    labels = ("both", "one", "neither", "both_joint")

    @staticmethod
    def _flags(pairs: PairView, a: Any, b: Any) -> tuple[Any, Any]:
        p = pairs.prep
        names = p.named.mask
        a_names_b = (names[a] & p.kind_bit[b]) != 0
        b_names_a = (names[b] & p.kind_bit[a]) != 0
        return a_names_b, b_names_a

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        a_names_b, b_names_a = self._flags(pairs, pairs.left, pairs.right)
        levels = np.full(len(pairs), 2, dtype=np.int8)
        levels[a_names_b | b_names_a] = 1
        levels[a_names_b & b_names_a] = 0
        p = pairs.prep
        joint_a, joint_b = p.joint[pairs.left], p.joint[pairs.right]
        levels[(levels == 2) & joint_a & joint_b] = 3
        s = self.settings
        weights = _level_weights(levels, [s["both"], s["one"], 0.0, s["both_joint"]])
        weights = weights + np.where(
            (joint_a | joint_b) & (levels < 2), s["joint"], 0.0
        )
        return levels, weights

    def reason_keys(self, pairs: PairView, ks: np.ndarray) -> list[Any]:
        p, a, b = pairs.prep, pairs.left[ks], pairs.right[ks]
        a_names_b, b_names_a = self._flags(pairs, a, b)
        return [
            p.agency_name[a],
            p.agency_name[b],
            a_names_b,
            b_names_a,
            p.joint[a] | p.joint[b],
        ]

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        if level == 2:
            return ""
        if level == 3:
            return "both described as joint work"
        p = pairs.prep
        a, b = pairs.left[k], pairs.right[k]
        a_names_b, b_names_a = self._flags(pairs, a, b)
        parts = []
        if a_names_b:
            parts.append(f"{p.agency_name[b]} named in the {p.agency_name[a]} entry")
        if b_names_a:
            parts.append(f"{p.agency_name[a]} named in the {p.agency_name[b]} entry")
        if p.joint[a] or p.joint[b]:
            parts.append("described as joint work")
        return ", ".join(parts)


class PeopleNamed(Comparison):
    """Whether the two texts name the same people (the subject child aside)."""

    type = "people"
    defaults = {"same": 0.0, "different": -1.5}
    labels = ("same", "different", "unknown")

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        people = pairs.prep.people
        ma, mb = people.mask[pairs.left], people.mask[pairs.right]
        shared = ma & mb
        others = np.uint64(~np.uint64(people.bit(pairs.prep.subject)))
        levels = np.full(len(pairs), 2, dtype=np.int8)
        both = (ma != 0) & (mb != 0)
        levels[both & (shared == 0)] = 1
        levels[both & ((shared & others) != 0)] = 0
        s = self.settings
        return levels, _level_weights(levels, [s["same"], s["different"], 0.0])

    def describe_many(
        self, pairs: PairView, ks: np.ndarray, levels: np.ndarray
    ) -> list[str]:
        people = pairs.prep.people.mask
        keys = zip(
            people[pairs.left[ks]].tolist(),
            people[pairs.right[ks]].tolist(),
            levels.tolist(),
            ks.tolist(),
            strict=True,
        )
        seen: dict[tuple[int, int, int], str] = {}
        out = []
        for ma, mb, level, k in keys:
            text = seen.get((ma, mb, level))
            if text is None:
                text = seen[(ma, mb, level)] = self.describe(pairs, k, level)
            out.append(text)
        return out

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        prep = pairs.prep
        labels = prep.person_labels

        def names(tokens: set[str]) -> str:
            return ", ".join(sorted(labels.get(t, t) for t in tokens))

        pa = set(prep.people.names(pairs.left[k]))
        pb = set(prep.people.names(pairs.right[k]))
        if level == 0:
            return "both name " + names(pa & pb - {prep.subject})
        if level == 1:
            return f"they name different people ({names(pa)}; {names(pb)})"
        return ""


class PassingOn(Comparison):
    """An entry names the other's agency and records passing something on
    to it or receiving it from it ('contact from school', 'referral to
    CAMHS'): the sender's and the receiver's records of one contact, however
    differently each agency types and words it.

    Independent of the date comparison's sent_received level (which says the
    days fit a sending and a receiving); this one says the words do.
    """

    type = "passing_on"
    defaults = {"passed_on": 2.5}
    labels = ("passed_on", "neither")

    @staticmethod
    def _flags(pairs: PairView, a: Any, b: Any) -> tuple[Any, Any]:
        p = pairs.prep
        if len(p.passed_with) == 0:
            none = np.zeros(len(np.atleast_1d(a)), dtype=bool)
            return none, none
        a_names_b, b_names_a = AgencyNamed._flags(pairs, a, b)
        # When each names the other, agency_named already says it all.
        one = a_names_b ^ b_names_a
        with_ = p.passed_with
        a_to_b = one & ((with_[a] & p.kind_bit[b]) != 0)
        return a_to_b, one & ((with_[b] & p.kind_bit[a]) != 0)

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        a_to_b, b_to_a = self._flags(pairs, pairs.left, pairs.right)
        levels = np.where(a_to_b | b_to_a, np.int8(0), np.int8(1)).astype(np.int8)
        return levels, _level_weights(levels, [self.settings["passed_on"], 0.0])

    def reason_keys(self, pairs: PairView, ks: np.ndarray) -> list[Any]:
        p, a, b = pairs.prep, pairs.left[ks], pairs.right[ks]
        a_to_b, b_to_a = self._flags(pairs, a, b)
        return [p.agency_name[a], p.agency_name[b], a_to_b, b_to_a]

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        if level != 0:
            return ""
        p = pairs.prep
        a, b = pairs.left[k], pairs.right[k]
        a_to_b, _ = self._flags(pairs, np.array([a]), np.array([b]))
        writer, other = (a, b) if a_to_b[0] else (b, a)
        how = int(p.passed_on[writer])
        verb = {1: "sending to", 2: "receiving from"}.get(how, "passing on with")
        return (
            f"the {p.agency_name[writer]} entry records {verb} {p.agency_name[other]}"
        )


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
        PassingOn,
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
