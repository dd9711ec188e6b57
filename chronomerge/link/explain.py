"""Reasons in plain words, for a pair and for a whole event group.

A panel member should be able to check a link against the entries: "same day
(12/03/2019); both a strategy discussion; texts 78% alike; Police named in the
Children's Social Care entry".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .comparisons import Comparison, PairView, day_text
from .prepared import EntryArrays

FORCED_REASON = "linked by the review author"


def reason_columns(
    comparisons: list[Comparison],
    levels: dict[str, np.ndarray],
    pairs: PairView,
    ks: np.ndarray,
) -> dict[str, list[str]]:
    """Each comparison's reason for many pairs at once."""
    return {c.name: c.describe_many(pairs, ks, levels[c.name][ks]) for c in comparisons}


def _date_summary(prep: EntryArrays, members: list[int]) -> str:
    days = {int(prep.start[m]) for m in members if prep.is_day[m]}
    vague = [m for m in members if not prep.is_day[m]]
    parts = []
    if len(days) == 1 and not vague:
        return f"same day ({day_text(days.pop())})"
    if days:
        lo, hi = min(days), max(days)
        parts.append(
            day_text(lo) if lo == hi else f"dated {day_text(lo)} to {day_text(hi)}"
        )
    parts += [f"'{prep.date_text[m]}'" for m in vague]
    return "dates " + ", ".join(parts)


def _type_summary(comparison_names: dict[str, str], prep: EntryArrays, members) -> str:
    codes = list(dict.fromkeys(prep.event_type[m] for m in members))
    codes = [c for c in codes if c]
    if not codes:
        return ""
    name = comparison_names.get
    if len(codes) == 1:
        return f"all {name(codes[0], codes[0])}"
    return "types: " + ", ".join(name(c, c) for c in codes)


def group_reasons(
    comparisons: list[Comparison],
    pairs: PairView,
    pair_ks: list[int],
    members: list[int],
    forced: bool,
    describe: Callable[[str, int], str],
) -> str:
    """Reasons for one group of several entries, ';'-separated.

    Each comparison's reasons over the group's pairs are summarised: one
    date, one type, the range of text similarity, and every agency named.
    ``describe(name, k)`` gives comparison ``name``'s reason for pair ``k``.
    """
    out = [FORCED_REASON] if forced else []
    if not pair_ks:
        return "; ".join(out)
    prep = pairs.prep
    for comparison in comparisons:
        if comparison.type == "date":
            out.append(_date_summary(prep, members))
            continue
        if comparison.type == "event_type":
            text = _type_summary(pairs.types.names, prep, members)
            if text:
                out.append(text)
            continue
        if comparison.type == "text" and comparison.name == "text":
            values = [float(pairs.text[k]) for k in pair_ks]
            values = [v for v in values if v == v]
            if values:
                lo, hi = min(values), max(values)
                out.append(
                    f"texts {lo:.0f}% alike"
                    if round(lo) == round(hi)
                    else f"texts {lo:.0f}-{hi:.0f}% alike"
                )
            continue
        seen: dict[str, None] = {}
        for k in pair_ks:
            text = describe(comparison.name, k)
            if not text:
                continue
            parts = text.split(", ") if comparison.type == "agency_named" else [text]
            seen.update(dict.fromkeys(parts))
        if seen:
            out.append(", ".join(seen))
    return "; ".join(out)
