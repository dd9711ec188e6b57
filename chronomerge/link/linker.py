"""Link entries that record one occurrence into event groups, and say why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..catalogue import make_issue
from ..model import Issue
from ..resources import load_toml
from ..review import LinkingSettings, ReviewSettings
from .blocking import BLOCK_PAIRS, Keys
from .clustering import Clusters, cluster
from .comparison_dates import sent_received_rules
from .comparisons import (
    AgencyNamed,
    Comparison,
    DateDistance,
    EventTypeAgreement,
    PairView,
    PassingOn,
    PeopleNamed,
    SharedWords,
    TextSimilarity,
    TimeProximity,
    TypeRules,
    build_comparisons,
    type_rules,
)
from .estimate import WEIGHT_COLUMNS, Estimate, estimate
from .explain import FORCED_REASON, group_reasons, reason_columns
from .prepared import EntryArrays, entry_arrays
from .scoring import ScoredPairs, cut_bits, score_of, score_pairs
from .text import build_rules

GROUP_COLUMNS: tuple[str, ...] = (
    "event_group",
    "entry_ids",
    "agencies",
    "size",
    "score",
    "reasons",
    "decided",
    "date_start",
    "event_types",
)


@dataclass
class LinkResult:
    """What linking found.

    Attributes:
        event_group: group id per entry, aligned to the entries' index. The id
            is "G" and the hex part of the group's smallest entry id, so it is
            the same on every run; an entry recorded once has its own group.
        groups: one row per group (see GROUP_COLUMNS): members in date and
            agency order, agencies, size, score (lowest pair score; 1.0 for a
            group the author linked; NaN for one entry), reasons in plain
            words, and how it was decided ("auto", "forced", "").
        pairs: the candidate pairs that could reach the threshold and
            scored at least 0.05, with each comparison's level and weight
            (bits), the total, the score, whether it was linked, and the
            reasons of linked pairs. Weaker pairs are compared but not kept.
        issues: problems with the review file's decisions.
        comparisons: the comparisons used, in their dict form (with the
            weights in force).
        compared: candidate pairs compared (kept in ``pairs`` or not).
        weights: one row per comparison level: the default weight and the
            weight in force (bits), m and u, the expected matched pairs and
            the random pairs showing it, and whether it was estimated from
            this review (see chronomerge.link.estimate).
        estimation: how the weights were arrived at, in numbers and in plain
            words (``note``).
    """

    event_group: pd.Series
    groups: pd.DataFrame
    pairs: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    comparisons: list[dict[str, Any]] = field(default_factory=list)
    compared: int = 0
    weights: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(WEIGHT_COLUMNS))
    )
    estimation: dict[str, Any] = field(default_factory=dict)
    _scored: _Scored | None = field(default=None, repr=False, compare=False)

    def weights_summary(self) -> dict[str, Any]:
        """The weights for manifest.json: how they were arrived at, and each
        level's default and weight in force, in plain words."""
        rows = []
        for r in self.weights.itertuples(index=False):
            said = f"{r.comparison} {r.level.replace('_', ' ')}: "
            if r.estimated and r.weight != r.default_weight:
                said += (
                    f"{r.weight:+.2f} bits, estimated from this review "
                    f"(default {r.default_weight:+.2f})"
                )
            else:
                said += f"{r.weight:+.2f} bits (default)"
            rows.append(
                {
                    "comparison": r.comparison,
                    "level": r.level,
                    "default_weight": r.default_weight,
                    "weight": r.weight,
                    "m": None if r.m != r.m else r.m,
                    "u": None if r.u != r.u else r.u,
                    "estimated": bool(r.estimated),
                    "in_words": said,
                }
            )
        return {**self.estimation, "levels": rows}

    def explain(self, entry_a: str, entry_b: str) -> str:
        """Why two entries scored as they did, in plain words.

        The pairs table gives reasons only for linked pairs; this works for
        any two entries, compared or not ('' for an unknown entry id).
        """
        if self._scored is None:
            return ""
        return self._scored.explain(entry_a, entry_b)


@dataclass
class _Scored:
    """The kept pairs and what explains them, kept for reasons on demand."""

    comparisons: list[Comparison]
    levels: dict[str, np.ndarray]
    pairs: PairView
    score: np.ndarray
    texts: TextSimilarity
    codes: np.ndarray | None = None
    position: dict[str, int] | None = None

    def reasons(self, ks: np.ndarray) -> tuple[list[str], dict[str, list[str]]]:
        """Reasons for pairs ``ks``, and each comparison's part of them."""
        columns = reason_columns(self.comparisons, self.levels, self.pairs, ks)
        joined: dict[tuple[str, ...], str] = {}
        out = []
        for parts in zip(*(columns[c.name] for c in self.comparisons), strict=True):
            text = joined.get(parts)
            if text is None:
                text = joined[parts] = "; ".join(t for t in parts if t)
            out.append(text)
        return out, columns

    def explain(self, entry_a: str, entry_b: str) -> str:
        prep = self.pairs.prep
        if self.position is None or self.codes is None:
            self.position = {}
            for k, entry_id in enumerate(prep.ids.tolist()):
                self.position.setdefault(str(entry_id), k)
            lo = np.minimum(self.pairs.left, self.pairs.right).astype(np.int64)
            hi = np.maximum(self.pairs.left, self.pairs.right).astype(np.int64)
            self.codes = lo * prep.n + hi
        a, b = self.position.get(entry_a), self.position.get(entry_b)
        if a is None or b is None:
            return ""
        found = np.flatnonzero(self.codes == min(a, b) * prep.n + max(a, b))
        if len(found):
            return self.reasons(found[:1])[0][0]
        # A pair not kept: every comparison, the texts included, afresh, with
        # the earlier date (then the smaller id) on the left, as blocking does.
        if (prep.start[b], prep.rank[b]) < (prep.start[a], prep.rank[a]):
            a, b = b, a
        left, right = np.array([a]), np.array([b])
        text = self.texts.similarity(prep.content[left], prep.content[right])
        view = PairView(prep, left, right, text, self.pairs.types)
        levels = {c.name: c.compute(view)[0] for c in self.comparisons}
        single = _Scored(self.comparisons, levels, view, np.zeros(1), self.texts)
        return single.reasons(np.array([0]))[0][0]


def _decisions(
    review: ReviewSettings, position: dict[str, int]
) -> tuple[list[list[int]], list[tuple[int, int]], list[Issue]]:
    """The author's links and refusals as positions, and unknown ids as issues."""
    issues: list[Issue] = []
    reported: set[tuple[str, str]] = set()

    def known(ids: list[str], column: str) -> list[int]:
        out = []
        for entry_id in ids:
            key = str(entry_id).strip()
            if key in position:
                out.append(position[key])
            elif (column, key) not in reported:
                reported.add((column, key))
                issues.append(
                    make_issue("decision-unknown-entry", column=column, value=key)
                )
        return out

    forced = [known(group, "decisions.link") for group in review.decisions.link]
    refused: list[tuple[int, int]] = []
    for group in review.decisions.unlink:
        members = known(group, "decisions.unlink")
        refused += [
            (a, b) for i, a in enumerate(members) for b in members[i + 1 :] if a != b
        ]
    return [g for g in forced if len(set(g)) > 1], refused, issues


def _keys(
    comparisons: list[Comparison],
    prior: float,
    threshold: float,
    types: TypeRules,
    prep: EntryArrays,
) -> Keys | None:
    """Blocking keys that lose no pair able to link, or None when the weights
    in use let a pair with none of them link (then every date-window pair is
    compared).

    A pair without keys has different, unrelated types, names neither agency,
    names no meeting the other is or names, is not joint work in both texts,
    refers to no day the other is on and gives no close times: its best
    possible total is the prior, the 'different' type weight, nothing from
    agencies named, the best non-close time weight and the best weight of
    every other comparison.
    """
    best = prior
    minutes: float | None = None
    received = working = 0
    for c in comparisons:
        s = c.settings
        if isinstance(c, EventTypeAgreement):
            best += float(s["different"])
        elif isinstance(c, AgencyNamed | PassingOn):
            # Each needs an agency named or both texts saying joint: keys.
            best += 0.0
        elif isinstance(c, TimeProximity):
            weights = [float(w) for w in s["weights"]]
            close = [
                float(m) for m, w in zip(s["levels"], weights, strict=False) if w > 0
            ]
            minutes = max(close) if close else None
            best += max([0.0] + [w for w in weights if w <= 0])
        elif isinstance(c, DateDistance):
            best += _keyless_date_weight(c)
            working = sent_received_rules()[1]
            received = _received_days(working)
        elif isinstance(c, TextSimilarity | SharedWords):
            best += max(0.0, *(float(w) for w in s["weights"]))
        elif isinstance(c, PeopleNamed):
            best += max(0.0, float(s["same"]), float(s["different"]))
        else:
            return None  # a comparison this bound does not know
    if not any(isinstance(c, EventTypeAgreement) for c in comparisons):
        return None
    if best >= cut_bits(threshold):
        return None
    codes = prep.types
    compatible = tuple(
        sorted(
            (codes[x], codes[y])
            for x, y in (tuple(p) for p in types.compatible if len(p) == 2)
            if x in codes and y in codes
        )
    )
    groups = tuple(
        tuple(sorted(codes[t] for t in members if t in codes))
        for _kind, members in (types.groups[g] for g in sorted(types.groups))
    )
    vague = tuple(sorted(codes[t] for t in types.vague if t in codes))
    return Keys(
        compatible=compatible,
        minutes=minutes,
        groups=tuple(g for g in groups if len(g) > 1),
        vague=vague,
        received_days=received,
        working_days=working,
    )


def _keyless_date_weight(date: Comparison) -> float:
    """The most the date comparison gives a pair without keys: its levels
    that blocking keys itself (one interval, a day referred to, sent and
    received) left out, its approximate bonus in."""
    keyed = {"same_interval", "refers_back", "sent_received"}
    weights = [w for label, w in date.level_weights().items() if label not in keyed]
    bonus = sum(max(0.0, float(date.settings[k])) for k in date.bonus)
    return max(0.0, *weights) + bonus


def _received_days(working: int) -> int:
    """Calendar days that ``working`` working days can span (weekends)."""
    return 0 if working <= 0 else working + 2 * (working // 5 + 1)


def _group_ids(label: np.ndarray, ids: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """ "G" + the hex part of each group's smallest entry id, per entry."""
    smallest = np.full(len(label), len(label), dtype=np.int64)
    np.minimum.at(smallest, label, rank)
    by_rank = np.empty(len(ids), dtype=object)
    by_rank[rank] = ids
    first = by_rank[smallest[label]] if len(ids) else by_rank
    names = {i: "G" + (i[1:] if i.startswith("E") else i) for i in set(first.tolist())}
    return np.array([names[i] for i in first.tolist()], dtype=object)


def _member_order(prep: EntryArrays, members: list[int]) -> list[int]:
    undated = 1 << 40
    return sorted(
        members,
        key=lambda m: (
            int(prep.start[m]) if prep.dated[m] else undated,
            -1.0 if np.isnan(prep.minutes[m]) else float(prep.minutes[m]),
            str(prep.agency_name[m]).casefold(),
            prep.ids[m],
        ),
    )


def link_entries(
    entries: pd.DataFrame, review: ReviewSettings | None = None
) -> LinkResult:
    """Give every entry an event group: entries recording one occurrence share it.

    Args:
        entries: normalised entries (entry_id, agency, agency_kind, date_start,
            date_end, date_precision, date_approximate, time, event_type,
            secondary_types, description, person, practitioner, outcome, ...).
            Missing columns count as blank.
        review: the review settings: [linking] thresholds and comparisons, the
            people (pseudonyms), and [decisions] link / unlink.

    Returns:
        A LinkResult; the entries are not changed.

    Example:
        >>> result = link_entries(entries, read_review("review.toml"))
        >>> entries["event_group"] = result.event_group
    """
    review = review or ReviewSettings()
    settings = review.linking
    prep = entry_arrays(entries, build_rules(review))
    weighed = _weigh(prep, settings)
    kept = score_pairs(
        prep,
        weighed.comparisons,
        settings,
        weighed.prior,
        weighed.text,
        weighed.types,
        weighed.keys,
        BLOCK_PAIRS,
    )
    score = score_of(kept.total)
    result, issues = _cluster(prep, kept, score, review)
    return _link_result(entries, prep, weighed, kept, score, result, issues)


@dataclass
class _Weighed:
    """The comparisons and weights scoring uses, and how they were arrived at.

    Attributes:
        comparisons: the comparisons with the weights in force.
        text: the text comparison (its gates decide which pairs are compared).
        types: the event-type rules.
        prior: the prior (bits) every pair starts from.
        keys: the blocking keys, or None when every date-window pair is compared.
        found: the estimate, its weights table and summary as in force.
    """

    comparisons: list[Comparison]
    text: TextSimilarity
    types: TypeRules
    prior: float
    keys: Keys | None
    found: Estimate


def _text_comparison(comparisons: list[Comparison]) -> TextSimilarity | None:
    """The comparison named 'text', if it compares texts."""
    return next(
        (c for c in comparisons if c.name == "text" and isinstance(c, TextSimilarity)),
        None,
    )


def _weigh(prep: EntryArrays, settings: LinkingSettings) -> _Weighed:
    """The review's comparisons, with weights estimated from its own entries
    unless the review turns that off or the estimate would make blocking lose
    pairs that could link."""
    comparisons = build_comparisons(settings)
    text = _text_comparison(comparisons) or TextSimilarity("text")
    types = type_rules()
    prior = float(load_toml("linking.toml").get("prior", -4.0))
    keys = _keys(comparisons, prior, settings.threshold, types, prep)
    found = estimate(prep, comparisons, settings, prior, text, types, keys)
    if not settings.estimate_weights:
        _defaults_in_force(found)
    elif found.summary["estimated"]:
        comparisons, keys = _safe_weights(
            comparisons, found, prior, settings.threshold, types, prep, keys
        )
        text = _text_comparison(comparisons) or text  # the one scoring gates with
    return _Weighed(comparisons, text, types, prior, keys, found)


def _defaults_in_force(found: Estimate) -> None:
    """Say in the weights table and summary that the defaults are used, as the
    review file asks (the estimate is still shown beside them)."""
    found.summary.update(
        estimated=False,
        note="Default weights: estimation is turned off in the review file "
        "([linking] estimate_weights = false).",
    )
    found.weights["weight"] = found.weights["default_weight"]
    found.weights["estimated"] = False


def _cluster(
    prep: EntryArrays, kept: ScoredPairs, score: np.ndarray, review: ReviewSettings
) -> tuple[Clusters, list[Issue]]:
    """Groups from the pairs at or above the threshold and the author's
    decisions; problems with the decisions as issues."""
    settings = review.linking
    left, right = kept.left, kept.right
    above = np.flatnonzero(score >= settings.threshold)
    near_identical = (prep.agency[left[above]] == prep.agency[right[above]]) & (
        kept.text[above] >= settings.same_agency_text_similarity
    )
    position: dict[str, int] = {}
    for k, entry_id in enumerate(prep.ids.tolist()):
        position.setdefault(str(entry_id), k)
    forced, refused, issues = _decisions(review, position)
    result = cluster(
        prep.n,
        prep.rank,
        prep.agency,
        left[above],
        right[above],
        score[above],
        near_identical,
        forced,
        refused,
    )
    for a, b in result.conflicts:
        issues.append(
            make_issue(
                "decision-conflict",
                column="decisions",
                value=prep.ids[a],
                other=prep.ids[b],
            )
        )
    return result, issues


def _link_result(
    entries: pd.DataFrame,
    prep: EntryArrays,
    weighed: _Weighed,
    kept: ScoredPairs,
    score: np.ndarray,
    result: Clusters,
    issues: list[Issue],
) -> LinkResult:
    """The groups, the pairs table and the reasons, kept for explain()."""
    comparisons = weighed.comparisons
    left, right = kept.left, kept.right
    pairs = PairView(prep, left, right, kept.text, weighed.types)
    scored = _Scored(comparisons, kept.levels, pairs, score, weighed.text)
    group_id = _group_ids(result.label, prep.ids, prep.rank)
    event_group = pd.Series(group_id, index=entries.index, name="event_group")
    # Reasons for every linked pair, in one batch: the pairs table shows them
    # and the groups' reasons are made from them.
    linked = np.flatnonzero(result.label[left] == result.label[right])
    reasons, columns = scored.reasons(linked)
    groups = _groups_frame(prep, result, group_id, scored, linked, reasons, columns)
    del columns
    pair_frame = _pairs_frame(prep, scored, kept, linked, reasons)
    return LinkResult(
        event_group=event_group,
        groups=groups,
        pairs=pair_frame,
        issues=issues,
        comparisons=[c.to_dict() for c in comparisons],
        compared=kept.compared,
        weights=weighed.found.weights,
        estimation=weighed.found.summary,
        _scored=scored,
    )


def _safe_weights(
    defaults: list[Comparison],
    found: Any,
    prior: float,
    threshold: float,
    types: TypeRules,
    prep: EntryArrays,
    keys: Keys | None,
) -> tuple[list[Comparison], Keys | None]:
    """The estimated comparisons, unless they would make the blocking keys
    unsafe where the defaults keep them safe (then comparing every pair in
    the date window would be needed): then the changes are halved until the
    keys hold, or the defaults are kept. The weights table says what is in
    force."""
    for share in (1.0, 0.5, 0.25, 0.0):
        chosen = [
            d.with_level_weights(
                {
                    k: round(v + share * (e.level_weights()[k] - v), 3)
                    for k, v in d.level_weights().items()
                }
            )
            for d, e in zip(defaults, found.comparisons, strict=True)
        ]
        new_keys = _keys(chosen, prior, threshold, types, prep)
        if keys is None or new_keys is not None:
            if share < 1.0:
                table = found.weights
                table["weight"] = (
                    table["default_weight"]
                    + share * (table["weight"] - table["default_weight"])
                ).round(3)
                found.summary["note"] += (
                    f" Changes scaled to {share:.0%} so that blocking stays exact."
                )
            return chosen, new_keys
    return defaults, keys  # not reached: share 0 gives the defaults


def _groups_frame(
    prep: EntryArrays,
    result: Clusters,
    group_id: np.ndarray,
    scored: _Scored,
    linked: np.ndarray,
    reasons: list[str],
    columns: dict[str, list[str]],
) -> pd.DataFrame:
    """One row per group; ``linked`` are the pairs within a group (ascending),
    ``reasons`` and ``columns`` their reasons, whole and per comparison."""
    label = result.label
    counts = np.bincount(label, minlength=prep.n)
    members_of, pair_ks, forced_of = _group_index(
        label, counts, scored.pairs.left[linked], result.forced_pairs
    )
    iso = np.where(
        prep.dated, prep.start.astype("datetime64[D]").astype(str).astype(object), ""
    )
    maker = _GroupRows(prep, scored, linked, reasons, columns, group_id, iso)
    rows = [
        maker.row(members, pair_ks.get(root, []), forced_of.get(root, set()))
        for root, members in members_of.items()
    ]
    single = np.flatnonzero(counts[label] == 1)
    groups = pd.concat(
        [
            pd.DataFrame(rows, columns=list(GROUP_COLUMNS)),
            _singles_frame(prep, group_id, iso, single),
        ],
        ignore_index=True,
    )
    groups["size"] = groups["size"].astype(int)
    groups["score"] = groups["score"].astype(float)
    return _in_date_order(groups)


def _group_index(
    label: np.ndarray,
    counts: np.ndarray,
    linked_left: np.ndarray,
    forced_pairs: set[tuple[int, int]],
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, set[tuple[int, int]]]]:
    """Per group of several (by root): its members in position order, its
    pairs (as indexes into the linked pairs) and the pairs the author forced."""
    members_of: dict[int, list[int]] = {}
    for k in np.flatnonzero(counts[label] > 1).tolist():
        members_of.setdefault(int(label[k]), []).append(k)
    pair_ks: dict[int, list[int]] = {}
    for i, root in enumerate(label[linked_left].tolist()):
        pair_ks.setdefault(root, []).append(i)
    forced_of: dict[int, set[tuple[int, int]]] = {}
    for key in forced_pairs:
        forced_of.setdefault(int(label[key[0]]), set()).add(key)
    return members_of, pair_ks, forced_of


class _GroupRows:
    """The row of each group of several, from the linked pairs and their reasons.

    The columns are made Python lists once, so each group's row reads them
    without going back to numpy for every member.
    """

    def __init__(
        self,
        prep: EntryArrays,
        scored: _Scored,
        linked: np.ndarray,
        reasons: list[str],
        columns: dict[str, list[str]],
        group_id: np.ndarray,
        iso: np.ndarray,
    ) -> None:
        pairs = scored.pairs
        self.prep, self.scored, self.group_id, self.iso = prep, scored, group_id, iso
        self.reasons, self.columns = reasons, columns
        self.ids, self.agencies = prep.ids.tolist(), prep.agency_name.tolist()
        self.types, self.scores = (
            prep.event_type.tolist(),
            scored.score[linked].tolist(),
        )
        self.lefts = pairs.left[linked].tolist()
        self.rights = pairs.right[linked].tolist()
        self.ks = linked.tolist()

    def row(
        self, members: list[int], mine: list[int], forced_here: set[tuple[int, int]]
    ) -> dict[str, Any]:
        """One group: ``mine`` its pairs, ``forced_here`` those the author linked."""
        ordered = _member_order(self.prep, members)
        return {
            "event_group": self.group_id[members[0]],
            "entry_ids": ";".join(self.ids[m] for m in ordered),
            "agencies": ";".join(self.agencies[m] for m in ordered),
            "size": len(members),
            "score": round(self._score(mine, forced_here), 4),
            "reasons": self._why(ordered, mine, forced_here),
            "decided": "forced" if forced_here else "auto",
            "date_start": self.iso[ordered[0]],
            "event_types": ";".join(dict.fromkeys(self.types[m] for m in ordered)),
        }

    def _score(self, mine: list[int], forced_here: set[tuple[int, int]]) -> float:
        """The group's weakest pair (1.0 for the author's pairs; NaN for none).

        Every pair in a group is either the author's or scored at or above
        the threshold.
        """
        values = [
            1.0
            if _key(self.lefts[i], self.rights[i]) in forced_here
            else self.scores[i]
            for i in mine
        ]
        if forced_here:
            values.append(1.0)
        return min(values) if values else float("nan")

    def _why(
        self, ordered: list[int], mine: list[int], forced_here: set[tuple[int, int]]
    ) -> str:
        """The group's reasons: a pair's own, or a summary over its pairs."""
        if len(ordered) == 2 and len(mine) == 1:
            lead = [FORCED_REASON] if forced_here else []
            return "; ".join([*lead, self.reasons[mine[0]]])
        columns = self.columns
        at = {self.ks[i]: i for i in mine}

        def describe(name: str, k: int) -> str:
            return columns[name][at[k]]

        return (
            group_reasons(
                self.scored.comparisons,
                self.scored.pairs,
                [self.ks[i] for i in mine],
                ordered,
                bool(forced_here),
                describe,
            )
            or FORCED_REASON
        )


def _singles_frame(
    prep: EntryArrays, group_id: np.ndarray, iso: np.ndarray, single: np.ndarray
) -> pd.DataFrame:
    """The rows of entries recorded once (a group of their own), in one go."""
    return pd.DataFrame(
        {
            "event_group": group_id[single],
            "entry_ids": prep.ids[single],
            "agencies": prep.agency_name[single],
            "size": 1,
            "score": np.nan,
            "reasons": "",
            "decided": "",
            "date_start": iso[single],
            "event_types": prep.event_type[single],
        }
    )


def _in_date_order(groups: pd.DataFrame) -> pd.DataFrame:
    """Groups by first date, undated last, then by id: the same on every run."""
    blank_last = groups["date_start"].eq("")
    return (
        groups.assign(_blank=blank_last)
        .sort_values(["_blank", "date_start", "event_group"], kind="stable")
        .drop(columns="_blank")
        .reset_index(drop=True)
    )


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _pairs_frame(
    prep: EntryArrays,
    scored: _Scored,
    kept: ScoredPairs,
    linked: np.ndarray,
    reasons: list[str],
) -> pd.DataFrame:
    """The kept pairs as a table: agencies and levels as categories, weights
    as float32 (the weights are handed over, not copied)."""
    pairs, score = scored.pairs, scored.score
    a, b = pairs.left, pairs.right
    agency, names = pd.factorize(prep.agency_name, sort=True)
    data: dict[str, Any] = {
        "entry_id_l": prep.ids[a],
        "entry_id_r": prep.ids[b],
        "agency_l": pd.Categorical.from_codes(agency[a], categories=names),
        "agency_r": pd.Categorical.from_codes(agency[b], categories=names),
        "text_similarity": np.round(pairs.text, 1),
    }
    for comparison in scored.comparisons:
        data[f"{comparison.name}_level"] = pd.Categorical.from_codes(
            kept.levels[comparison.name], categories=list(comparison.labels)
        )
        data[f"{comparison.name}_weight"] = kept.weights.pop(comparison.name)
    data["weight"] = np.round(kept.total, 3)
    data["score"] = np.round(score, 4)
    flags = np.zeros(len(a), dtype=bool)
    flags[linked] = True
    data["linked"] = flags
    # Reasons for the linked pairs; LinkResult.explain gives any other's.
    column = np.full(len(a), "", dtype=object)
    column[linked] = reasons
    data["reasons"] = column
    return pd.DataFrame(data, copy=False)  # the columns are new arrays already
