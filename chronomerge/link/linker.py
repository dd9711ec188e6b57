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
from .blocking import Keys, candidate_pairs
from .clustering import Clusters, cluster
from .comparisons import (
    AgencyNamed,
    Comparison,
    DateDistance,
    EventTypeAgreement,
    PairView,
    PeopleNamed,
    SharedWords,
    TextSimilarity,
    TimeProximity,
    TypeRules,
    build_comparisons,
    type_rules,
)
from .explain import FORCED_REASON, group_reasons, reason_columns
from .prepared import Prepared, prepare
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
        pairs: every candidate pair scored, with each comparison's level and
            weight (bits), the total, the score and whether it was linked.
        issues: problems with the review file's decisions.
        comparisons: the comparisons used, in their dict form.
    """

    event_group: pd.Series
    groups: pd.DataFrame
    pairs: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    comparisons: list[dict[str, Any]] = field(default_factory=list)
    _scored: _Scored | None = field(default=None, repr=False, compare=False)

    def explain(self, entry_a: str, entry_b: str) -> str:
        """Why two entries scored as they did ('' when they were never compared).

        The pairs table gives reasons only for linked pairs and near misses;
        this works for any scored pair.
        """
        if self._scored is None:
            return ""
        return self._scored.explain(entry_a, entry_b)


@dataclass
class _Scored:
    """The scored pairs and what explains them, kept for reasons on demand."""

    comparisons: list[Comparison]
    levels: dict[str, np.ndarray]
    pairs: PairView
    score: np.ndarray
    cache: dict[int, str] = field(default_factory=dict)
    columns: dict[str, dict[int, str]] = field(default_factory=dict)
    index: dict[tuple[str, str], int] | None = None

    def reasons(self, k: int) -> str:
        return self.explain_many(np.array([k]))[0]

    def explain_many(self, ks: np.ndarray) -> list[str]:
        """Reasons for many pairs, kept for the groups that need them again."""
        todo = np.array([k for k in ks.tolist() if k not in self.cache], dtype=int)
        if len(todo):
            columns = reason_columns(self.comparisons, self.levels, self.pairs, todo)
            for name, texts in columns.items():
                self.columns.setdefault(name, {}).update(
                    zip(todo.tolist(), texts, strict=True)
                )
            for i, k in enumerate(todo.tolist()):
                self.cache[k] = "; ".join(
                    t for t in (columns[c.name][i] for c in self.comparisons) if t
                )
        return [self.cache[k] for k in ks.tolist()]

    def describe(self, name: str, k: int) -> str:
        """One comparison's reason for pair ``k``."""
        if k not in self.cache:
            self.explain_many(np.array([k]))
        return self.columns[name][k]

    def explain(self, entry_a: str, entry_b: str) -> str:
        if self.index is None:
            ids = self.pairs.prep.ids
            self.index = {}
            for k, (a, b) in enumerate(
                zip(self.pairs.left, self.pairs.right, strict=True)
            ):
                self.index[(ids[a], ids[b])] = k
                self.index[(ids[b], ids[a])] = k
        k = self.index.get((entry_a, entry_b))
        return "" if k is None else self.reasons(k)


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


def _cut(threshold: float) -> float:
    """The threshold as a total weight in bits."""
    t = min(max(float(threshold), 1e-12), 1 - 1e-12)
    return float(np.log2(t / (1 - t)))


def _keys(
    comparisons: list[Comparison],
    prior: float,
    threshold: float,
    types: TypeRules,
    prep: Prepared,
) -> Keys | None:
    """Blocking keys that lose no pair able to link, or None when the weights
    in use let a pair with none of them link (then every date-window pair is
    compared).

    A pair without keys has different, unrelated types, names neither agency
    and gives no close times: its best possible total is the prior, the
    'different' type weight, nothing from agencies named, the best non-close
    time weight and the best weight of every other comparison.
    """
    best = prior
    minutes: float | None = None
    for c in comparisons:
        s = c.settings
        if isinstance(c, EventTypeAgreement):
            best += float(s["different"])
        elif isinstance(c, AgencyNamed):
            best += 0.0
        elif isinstance(c, TimeProximity):
            weights = [float(w) for w in s["weights"]]
            close = [
                float(m) for m, w in zip(s["levels"], weights, strict=False) if w > 0
            ]
            minutes = max(close) if close else None
            best += max([0.0] + [w for w in weights if w <= 0])
        elif isinstance(c, DateDistance):
            best += max(float(v) for k, v in s.items() if k != "approximate") + max(
                0.0, float(s["approximate"])
            )
        elif isinstance(c, TextSimilarity | SharedWords):
            best += max(0.0, *(float(w) for w in s["weights"]))
        elif isinstance(c, PeopleNamed):
            best += max(0.0, float(s["same"]), float(s["different"]))
        else:
            return None  # a comparison this bound does not know
    if not any(isinstance(c, EventTypeAgreement) for c in comparisons):
        return None
    if best >= _cut(threshold):
        return None
    codes = prep.types
    compatible = tuple(
        sorted(
            (codes[x], codes[y])
            for x, y in (tuple(p) for p in types.compatible if len(p) == 2)
            if x in codes and y in codes
        )
    )
    return Keys(compatible=compatible, minutes=minutes)


def _score(
    comparisons: list[Comparison],
    pairs: PairView,
    prior: float,
    text: TextSimilarity,
    settings: LinkingSettings,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """Each comparison's levels and weights, and each pair's total in bits.

    The costly comparisons (text similarity, shared words) run last, and
    only on the pairs they could still lift to the threshold: every pair that
    links is among them; the others get the level "not needed".
    """
    levels: dict[str, np.ndarray] = {}
    weights: dict[str, np.ndarray] = {}
    total = np.full(len(pairs), prior, dtype=float)
    for comparison in comparisons:
        if not comparison.costly:
            lv, wt = comparison.compute(pairs)
            levels[comparison.name], weights[comparison.name] = lv, wt
            total += wt
    cut = _cut(settings.threshold)
    costly = [c for c in comparisons if c.costly]
    still = sum(c.best_weight for c in costly)
    for comparison in costly:
        need = np.flatnonzero(total + still >= cut)
        still -= comparison.best_weight
        if comparison is text:
            todo = need[np.isnan(pairs.text[need])]
            p = pairs.prep
            pairs.text[todo] = text.similarity(
                p.content[pairs.left[todo]], p.content[pairs.right[todo]]
            )
        sub = PairView(
            pairs.prep,
            pairs.left[need],
            pairs.right[need],
            pairs.text[need],
            pairs.types,
        )
        lv = np.full(len(pairs), len(comparison.labels) - 1, dtype=np.int8)
        wt = np.zeros(len(pairs), dtype=float)
        lv[need], wt[need] = comparison.compute(sub)
        levels[comparison.name], weights[comparison.name] = lv, wt
        total += wt
    return levels, weights, total


def _group_ids(label: np.ndarray, ids: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """ "G" + the hex part of each group's smallest entry id, per entry."""
    smallest = np.full(len(label), len(label), dtype=np.int64)
    np.minimum.at(smallest, label, rank)
    by_rank = np.empty(len(ids), dtype=object)
    by_rank[rank] = ids
    first = by_rank[smallest[label]] if len(ids) else by_rank
    names = {i: "G" + (i[1:] if i.startswith("E") else i) for i in set(first.tolist())}
    return np.array([names[i] for i in first.tolist()], dtype=object)


def _pair_key(pairs: PairView, k: int) -> tuple[int, int]:
    a, b = int(pairs.left[k]), int(pairs.right[k])
    return (a, b) if a < b else (b, a)


def _member_order(prep: Prepared, members: list[int]) -> list[int]:
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
    prep = prepare(entries, build_rules(review))
    comparisons = build_comparisons(settings)
    text = next(
        (c for c in comparisons if c.name == "text" and isinstance(c, TextSimilarity)),
        None,
    ) or TextSimilarity("text")
    types = type_rules()
    prior = float(load_toml("linking.toml").get("prior", -4.0))
    keys = _keys(comparisons, prior, settings.threshold, types, prep)
    cands = candidate_pairs(prep, settings, text.similarity, keys)
    pairs = PairView(prep, cands.left, cands.right, cands.text, types)
    levels, weights, total = _score(comparisons, pairs, prior, text, settings)
    score = 1.0 / (1.0 + np.exp2(-total))

    left, right = cands.left, cands.right
    above = np.flatnonzero(score >= settings.threshold)
    edges = {_pair_key(pairs, k): float(score[k]) for k in above}
    same = prep.agency[left] == prep.agency[right]
    near_identical = same & (cands.text >= settings.same_agency_text_similarity)
    same_ok = {_pair_key(pairs, k) for k in np.flatnonzero(near_identical)}

    position: dict[str, int] = {}
    for k, entry_id in enumerate(prep.ids):
        position.setdefault(str(entry_id), k)
    forced, refused, issues = _decisions(review, position)
    result = cluster(prep.n, prep.rank, prep.agency, edges, same_ok, forced, refused)
    for a, b in result.conflicts:
        issues.append(
            make_issue(
                "decision-conflict",
                column="decisions",
                value=prep.ids[a],
                other=prep.ids[b],
            )
        )

    scored = _Scored(comparisons, levels, pairs, score)
    group_id = _group_ids(result.label, prep.ids, prep.rank)
    event_group = pd.Series(group_id, index=entries.index, name="event_group")
    # The pairs table first: it explains every linked pair in one batch, and
    # the groups reuse those reasons.
    pair_frame = _pairs_frame(prep, scored, weights, total, result.label)
    groups = _groups_frame(prep, result, group_id, scored)
    return LinkResult(
        event_group=event_group,
        groups=groups,
        pairs=pair_frame,
        issues=issues,
        comparisons=[c.to_dict() for c in comparisons],
        _scored=scored,
    )


def _groups_frame(
    prep: Prepared, result: Clusters, group_id: np.ndarray, scored: _Scored
) -> pd.DataFrame:
    label, pairs, score = result.label, scored.pairs, scored.score
    counts = np.bincount(label, minlength=prep.n)
    multi = np.flatnonzero(counts[label] > 1)
    members_of: dict[int, list[int]] = {}
    for k in multi:
        members_of.setdefault(int(label[k]), []).append(int(k))
    same_group = label[pairs.left] == label[pairs.right]
    pair_ks: dict[int, list[int]] = {}
    for k in np.flatnonzero(same_group):
        pair_ks.setdefault(int(label[pairs.left[k]]), []).append(int(k))
    forced_of: dict[int, set[tuple[int, int]]] = {}
    for key in result.forced_pairs:
        forced_of.setdefault(int(label[key[0]]), set()).add(key)

    iso = np.where(
        prep.dated, prep.start.astype("datetime64[D]").astype(str).astype(object), ""
    )

    ids, agencies = prep.ids.tolist(), prep.agency_name.tolist()
    types, scores = prep.event_type.tolist(), score.tolist()
    rows = []
    for root, members in members_of.items():
        ordered = _member_order(prep, members)
        ks = pair_ks.get(root, [])
        forced_here = forced_of.get(root, set())
        # Every pair in a group is either the author's or scored at or above
        # the threshold; the group's score is its weakest pair (1.0: forced).
        values = [1.0 if _pair_key(pairs, k) in forced_here else scores[k] for k in ks]
        if forced_here:
            values.append(1.0)
        group_score = min(values) if values else float("nan")
        rows.append(
            {
                "event_group": group_id[members[0]],
                "entry_ids": ";".join(ids[m] for m in ordered),
                "agencies": ";".join(agencies[m] for m in ordered),
                "size": len(members),
                "score": round(group_score, 4),
                "reasons": _group_reasons(scored, ks, ordered, bool(forced_here)),
                "decided": "forced" if forced_here else "auto",
                "date_start": iso[ordered[0]],
                "event_types": ";".join(dict.fromkeys(types[m] for m in ordered)),
            }
        )
    single = np.flatnonzero(counts[label] == 1)
    singles = pd.DataFrame(
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
    groups = pd.concat(
        [pd.DataFrame(rows, columns=list(GROUP_COLUMNS)), singles], ignore_index=True
    )
    groups["size"] = groups["size"].astype(int)
    groups["score"] = groups["score"].astype(float)
    blank_last = groups["date_start"].eq("")
    groups = (
        groups.assign(_blank=blank_last)
        .sort_values(["_blank", "date_start", "event_group"], kind="stable")
        .drop(columns="_blank")
        .reset_index(drop=True)
    )
    return groups


def _group_reasons(
    scored: _Scored, ks: list[int], ordered: list[int], forced: bool
) -> str:
    if len(ordered) == 2 and len(ks) == 1:
        lead = [FORCED_REASON] if forced else []
        return "; ".join([*lead, scored.reasons(ks[0])])
    return (
        group_reasons(
            scored.comparisons, scored.pairs, ks, ordered, forced, scored.describe
        )
        or FORCED_REASON
    )


def _pairs_frame(
    prep: Prepared,
    scored: _Scored,
    weights: dict[str, np.ndarray],
    total: np.ndarray,
    label: np.ndarray,
) -> pd.DataFrame:
    pairs, score = scored.pairs, scored.score
    a, b = pairs.left, pairs.right
    data: dict[str, Any] = {
        "entry_id_l": prep.ids[a],
        "entry_id_r": prep.ids[b],
        "agency_l": prep.agency_name[a],
        "agency_r": prep.agency_name[b],
        "text_similarity": np.round(pairs.text, 1),
    }
    for comparison in scored.comparisons:
        names = np.asarray(comparison.labels, dtype=object)
        data[f"{comparison.name}_level"] = names[scored.levels[comparison.name]]
        data[f"{comparison.name}_weight"] = np.round(weights[comparison.name], 3)
    data["weight"] = np.round(total, 3)
    data["score"] = np.round(score, 4)
    linked = label[a] == label[b]
    data["linked"] = linked
    # Reasons for the linked pairs; LinkResult.explain gives any other's.
    reasons = np.full(len(a), "", dtype=object)
    ks = np.flatnonzero(linked)
    reasons[ks] = scored.explain_many(ks)
    data["reasons"] = reasons
    return pd.DataFrame(data)
