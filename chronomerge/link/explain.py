"""Reasons in plain words, for a pair and for a whole event group.

A panel member should be able to check a link against the entries: "same day
(12/03/2019); both a strategy discussion; texts 78% alike; Police named in the
Children's Social Care entry".
"""

from __future__ import annotations

import numpy as np

from .comparisons import Comparison, PairView, day_text
from .prepared import Prepared

FORCED_REASON = "linked by the review author"


def pair_reasons(
    comparisons: list[Comparison],
    levels: dict[str, np.ndarray],
    pairs: PairView,
    k: int,
) -> list[str]:
    """The describe-why of each comparison for pair ``k``, blanks left out."""
    out = []
    for comparison in comparisons:
        text = comparison.describe(pairs, k, int(levels[comparison.name][k]))
        if text:
            out.append(text)
    return out


def _date_summary(prep: Prepared, members: list[int]) -> str:
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


def _type_summary(comparison_names: dict[str, str], prep: Prepared, members) -> str:
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
    levels: dict[str, np.ndarray],
    pairs: PairView,
    pair_ks: list[int],
    members: list[int],
    forced: bool,
) -> str:
    """Reasons for one group of several entries, ';'-separated.

    For two entries, their pair's reasons. For more, each comparison's reasons
    over the group's pairs are summarised: one date, one type, the range of
    text similarity, and every agency named.
    """
    lead = [FORCED_REASON] if forced else []
    if not pair_ks:
        return "; ".join(lead)
    if len(members) == 2:
        return "; ".join(lead + pair_reasons(comparisons, levels, pairs, pair_ks[0]))
    prep = pairs.prep
    out = list(lead)
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
            lo, hi = min(values), max(values)
            out.append(
                f"texts {lo:.0f}% alike"
                if round(lo) == round(hi)
                else f"texts {lo:.0f}-{hi:.0f}% alike"
            )
            continue
        seen: list[str] = []
        for k in pair_ks:
            text = comparison.describe(pairs, k, int(levels[comparison.name][k]))
            parts = text.split(", ") if comparison.type == "agency_named" else [text]
            for part in parts if text else []:
                if part not in seen:
                    seen.append(part)
        if seen:
            out.append(", ".join(seen))
    return "; ".join(out)
