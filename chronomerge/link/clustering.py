"""Event groups from scored pairs, without chaining unrelated entries.

Greedy complete linkage: pairs are taken best first, and two groups join only
when every entry of one matches every entry of the other (score at or above
the threshold), so an entry cannot drag in a neighbour's neighbour. A group
holds at most one entry per agency unless their texts are near-identical.
Refused pairs never share a group.

The author's links apply last: the entries a link decision lists end up in
one group together with the groups they were already in (the groups merge),
unless a refusal keeps two of their entries apart; then those groups stay
apart and the clash is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Clusters:
    """The outcome: a group label per entry position and how it was decided.

    Attributes:
        label: per entry, the position of its group's root.
        forced_pairs: pairs (a < b) that share a group because of the author.
        conflicts: refused pairs a link decision would have put together.
    """

    label: np.ndarray
    forced_pairs: set[tuple[int, int]] = field(default_factory=set)
    conflicts: list[tuple[int, int]] = field(default_factory=list)


_SLICE = 1 << 16


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class _Groups:
    """Union-find that keeps the members of each group of several."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def of(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def join(self, a: int, b: int) -> None:
        members = self.of(a) + self.of(b)
        self.members.pop(b, None)
        self.parent[b] = a
        self.members[a] = members


@dataclass
class _Pairs:
    """Which entries may share a group, each pair as one code (lo * width + hi).

    Attributes:
        width: the code's multiplier (the number of entries, at least 1).
        codes: per scored pair, its code.
        edges: the codes of the pairs scoring at or above the threshold.
        same_ok: the codes of pairs of one agency whose texts are near-identical.
        refused: the codes of the pairs the author refused.
        agency_of: agency code per entry.
        failed: pairs of roots known not to fit (groups only grow, so they
            never will).
    """

    width: int
    codes: np.ndarray
    edges: set[int]
    same_ok: set[int]
    refused: set[int]
    agency_of: list[int]
    failed: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def build(
        cls,
        n: int,
        agency: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        same_agency_ok: np.ndarray,
        refused: Iterable[tuple[int, int]],
    ) -> _Pairs:
        """Sets of codes, so that checking a pair is one lookup."""
        size = np.int64(max(n, 1))
        codes = lo * size + hi
        return cls(
            width=int(size),
            codes=codes,
            edges=set(codes.tolist()),
            same_ok=set(codes[same_agency_ok].tolist()),
            refused={
                int(a) * int(size) + int(b) for a, b in (_key(*p) for p in refused)
            },
            agency_of=agency.tolist(),
        )

    def code(self, x: int, y: int) -> int:
        """The pair's code, whichever way round."""
        return x * self.width + y if x < y else y * self.width + x

    def fits(self, groups: _Groups, ra: int, rb: int) -> bool:
        """Every member of one group matches every member of the other.

        A failure is remembered: groups only grow, so the two groups that
        hold these roots can never fit later either.
        """
        failed = self.failed
        if (ra, rb) in failed:
            return False
        edges, refused, same_ok = self.edges, self.refused, self.same_ok
        agency_of, width = self.agency_of, self.width
        for x in groups.of(ra):
            agency_x = agency_of[x]
            for y in groups.of(rb):
                key = x * width + y if x < y else y * width + x
                if (
                    key not in edges
                    or key in refused
                    or (agency_x == agency_of[y] and key not in same_ok)
                ):
                    failed.add((ra, rb))
                    failed.add((rb, ra))
                    return False
        return True

    def clash(self, groups: _Groups, ra: int, rb: int) -> tuple[int, int] | None:
        """A refused pair that joining these two groups would put together."""
        for x in groups.of(ra):
            for y in groups.of(rb):
                if self.code(x, y) in self.refused:
                    return _key(x, y)
        return None


def cluster(
    n: int,
    rank: np.ndarray,
    agency: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    score: np.ndarray,
    same_agency_ok: np.ndarray,
    forced_groups: Iterable[list[int]] = (),
    refused: Iterable[tuple[int, int]] = (),
) -> Clusters:
    """Group entry positions.

    Args:
        n: number of entries.
        rank: each entry's place in entry-id order (ties are broken by id,
            so the result never depends on the order entries came in).
        agency: agency code per entry.
        left, right, score: the pairs scoring at or above the threshold
            (each pair once) and their scores.
        same_agency_ok: per pair, whether two entries of one agency may
            share a group (their texts are near-identical).
        forced_groups: the author's links, as lists of positions.
        refused: the author's refusals, as pairs of positions.
    """
    groups = _Groups(n)
    lo = np.minimum(left, right).astype(np.int64)
    hi = np.maximum(left, right).astype(np.int64)
    pairs = _Pairs.build(n, agency, lo, hi, same_agency_ok, refused)
    ranks = rank.tolist()
    _join_best_first(groups, pairs, rank, ranks, lo, hi, score, same_agency_ok)
    forced_pairs, conflicts = _join_links(groups, pairs, ranks, forced_groups)
    label = np.fromiter((groups.find(k) for k in range(n)), dtype=np.int64, count=n)
    return Clusters(label=label, forced_pairs=forced_pairs, conflicts=conflicts)


def _join_best_first(
    groups: _Groups,
    pairs: _Pairs,
    rank: np.ndarray,
    ranks: list[int],
    lo: np.ndarray,
    hi: np.ndarray,
    score: np.ndarray,
    same_agency_ok: np.ndarray,
) -> None:
    """Complete linkage: take the pairs best first (ties in entry-id order),
    joining their groups whenever every member fits with every other."""
    rank_lo, rank_hi = np.minimum(rank[lo], rank[hi]), np.maximum(rank[lo], rank[hi])
    order = np.lexsort((rank_hi, rank_lo, -score))
    members = groups.members
    refused_set, agency_of = pairs.refused, pairs.agency_of
    # Best first, a slice at a time (Python lists of every pair at once would
    # cost more memory than the pairs themselves).
    for at in range(0, len(order), _SLICE):
        part = order[at : at + _SLICE]
        for a, b, key, ok in zip(
            lo[part].tolist(),
            hi[part].tolist(),
            pairs.codes[part].tolist(),
            same_agency_ok[part].tolist(),
            strict=True,
        ):
            ra, rb = groups.find(a), groups.find(b)
            if ra == rb:
                continue
            if ra not in members and rb not in members:
                # Two entries on their own: the pair itself decides.
                if key in refused_set or (agency_of[a] == agency_of[b] and not ok):
                    continue
            elif not pairs.fits(groups, ra, rb):
                continue
            # The smaller id's root stays the root: the same on every run.
            if ranks[ra] > ranks[rb]:
                ra, rb = rb, ra
            groups.join(ra, rb)


def _join_links(
    groups: _Groups,
    pairs: _Pairs,
    ranks: list[int],
    forced_groups: Iterable[list[int]],
) -> tuple[set[tuple[int, int]], list[tuple[int, int]]]:
    """The author's links merge whole groups, in the order the file lists them.

    Returns the pairs now together because of the author, and the refused
    pairs that kept two groups apart (each a clash to report).
    """
    forced_pairs: set[tuple[int, int]] = set()
    conflicts: list[tuple[int, int]] = []
    for listed in forced_groups:
        ordered = sorted(set(listed), key=lambda k: ranks[k])
        for other in ordered[1:]:
            ra, rb = groups.find(ordered[0]), groups.find(other)
            if ra == rb:
                continue
            bad = pairs.clash(groups, ra, rb)
            if bad is not None:
                conflicts.append(bad)
                continue
            for x in groups.of(ra):
                for y in groups.of(rb):
                    forced_pairs.add(_key(x, y))
            groups.join(ra, rb)
    return forced_pairs, conflicts
