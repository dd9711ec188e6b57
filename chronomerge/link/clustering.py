"""Event groups from scored pairs, without chaining unrelated entries.

Greedy complete linkage: pairs are taken best first, and two groups join only
when every entry of one matches every entry of the other (score at or above
the threshold), so an entry cannot drag in a neighbour's neighbour. A group
holds at most one entry per agency unless their texts are near-identical.
The author's forced links join first; refused pairs never share a group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Clusters:
    """The outcome: a group label per entry position and how it was decided."""

    label: np.ndarray
    forced_pairs: set[tuple[int, int]] = field(default_factory=set)
    conflicts: list[tuple[int, int]] = field(default_factory=list)


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class _Groups:
    """Union-find that keeps each group's members."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def of(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def join(self, a: int, b: int) -> None:
        members = self.of(a) + self.of(b)
        self.members.pop(b, None)
        self.parent[b] = a
        self.members[a] = members


def cluster(
    n: int,
    rank: np.ndarray,
    agency: np.ndarray,
    edges: dict[tuple[int, int], float],
    same_agency_ok: set[tuple[int, int]],
    forced_groups: Iterable[list[int]] = (),
    refused: Iterable[tuple[int, int]] = (),
) -> Clusters:
    """Group entry positions.

    Args:
        n: number of entries.
        rank: each entry's place in entry-id order (ties are broken by id,
            so the result never depends on the order entries came in).
        agency: agency code per entry.
        edges: pairs (a < b) scoring at or above the threshold, with score.
        same_agency_ok: pairs of one agency whose texts are near-identical.
        forced_groups: the author's links, as lists of positions.
        refused: the author's refusals, as pairs of positions.
    """
    groups = _Groups(n)
    refused_set = {_key(a, b) for a, b in refused}
    forced_pairs: set[tuple[int, int]] = set()
    conflicts: list[tuple[int, int]] = []

    def clash(ra: int, rb: int) -> tuple[int, int] | None:
        for x in groups.of(ra):
            for y in groups.of(rb):
                if _key(x, y) in refused_set:
                    return _key(x, y)
        return None

    for members in forced_groups:
        ordered = sorted(set(members), key=lambda k: rank[k])
        for other in ordered[1:]:
            ra, rb = groups.find(ordered[0]), groups.find(other)
            if ra == rb:
                continue
            bad = clash(ra, rb)
            if bad is not None:
                conflicts.append(bad)
                continue
            for x in groups.of(ra):
                for y in groups.of(rb):
                    forced_pairs.add(_key(x, y))
            groups.join(ra, rb)

    def fits(ra: int, rb: int) -> bool:
        for x in groups.of(ra):
            for y in groups.of(rb):
                key = _key(x, y)
                if key in refused_set or key not in edges:
                    return False
                if agency[x] == agency[y] and key not in same_agency_ok:
                    return False
        return True

    keys = list(edges)
    if keys:
        a = np.array([k[0] for k in keys], dtype=np.int64)
        b = np.array([k[1] for k in keys], dtype=np.int64)
        scores = np.array([edges[k] for k in keys], dtype=float)
        lo, hi = np.minimum(rank[a], rank[b]), np.maximum(rank[a], rank[b])
        order = np.lexsort((hi, lo, -scores)).tolist()
    else:
        order = []
    for i in order:
        ra, rb = groups.find(keys[i][0]), groups.find(keys[i][1])
        if ra == rb or not fits(ra, rb):
            continue
        # The smaller id's root stays the root: the same on every run.
        if rank[ra] > rank[rb]:
            ra, rb = rb, ra
        groups.join(ra, rb)

    label = np.fromiter((groups.find(k) for k in range(n)), dtype=np.int64, count=n)
    return Clusters(label=label, forced_pairs=forced_pairs, conflicts=conflicts)
