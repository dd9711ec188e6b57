"""The date comparison: how close two entries' dates are and how exact,
with the days a text refers to ('last night') and one thing sent and
received a few working days apart.

Kept apart from :mod:`.comparisons` because dates carry most of the rules
(intervals, tolerances, working days, words that point back a day); the
blocking stage uses the same tests to choose its candidate pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..resources import load_toml
from ..workdays import holiday_array
from .comparison_base import Comparison, PairView, _level_weights, day_text

__all__ = [
    "DateDistance",
    "refers_back",
    "sent_received",
    "sent_received_rules",
    "working_days",
]


class DateDistance(Comparison):
    """How close the two dates are, and how exact."""

    type = "date"
    defaults = {
        "same_day": 0.0,
        "one_day_apart": -3.5,
        "within_tolerance": -5.0,
        "day_in_interval": -2.0,
        "intervals_overlap": -2.5,
        "same_interval": 1.0,
        "refers_back": -0.5,
        "approximate": -1.0,
    }
    bonus = ("approximate",)
    labels = (
        "same_day",
        "one_day_apart",
        "within_tolerance",
        "day_in_interval",
        "intervals_overlap",
        "same_interval",
        "sent_received",
        "refers_back",
    )

    def compute(self, pairs: PairView) -> tuple[np.ndarray, np.ndarray]:
        p, a, b = pairs.prep, pairs.left, pairs.right
        day_a, day_b = p.is_day[a], p.is_day[b]
        # Two exact days: 0 same day, 1 a day apart, 2 further (most pairs,
        # so the gap is worked out once, in small numbers).
        gap = np.minimum(np.abs(p.start[a] - p.start[b]), 2).astype(np.int8)
        levels = np.where(day_a & day_b, gap, np.int8(4))
        levels[day_a ^ day_b] = 3
        # Two imprecise dates naming one interval: 'March 2019' twice, unless
        # either agency has many entries on it (a month of routine contacts).
        most = int(
            load_toml("linking.toml").get("imprecise", {}).get("max_per_interval", 0)
        )
        ks = np.flatnonzero(~day_a & ~day_b)
        if len(ks):
            ka, kb = a[ks], b[ks]
            one = (p.start[ka] == p.start[kb]) & (p.end[ka] == p.end[kb])
            one &= (p.interval_count[ka] <= most) & (p.interval_count[kb] <= most)
            levels[ks[one]] = 5
        s = self.settings
        weight, most = sent_received_rules()
        levels[sent_received(p, a, b, most)] = 6
        levels[refers_back(p, a, b)] = 7
        weights = _level_weights(
            levels, [*(s[x] for x in self.labels[:6]), weight, s["refers_back"]]
        )
        weights = weights + np.where(
            p.approximate[a] | p.approximate[b], s["approximate"], 0.0
        )
        return levels, weights

    def reason_keys(self, pairs: PairView, ks: np.ndarray) -> list[Any]:
        p, a, b = pairs.prep, pairs.left[ks], pairs.right[ks]
        return [
            p.start[a],
            p.start[b],
            p.is_day[a],
            p.date_text[a],
            p.date_text[b],
            p.approximate[a] | p.approximate[b],
            p.refer_words[a],
            p.refer_words[b],
            p.agency_name[a],
            p.agency_name[b],
        ]

    def describe(self, pairs: PairView, k: int, level: int) -> str:
        p = pairs.prep
        a, b = pairs.left[k], pairs.right[k]
        sa, sb = int(p.start[a]), int(p.start[b])
        if level == 0:
            text = f"same day ({day_text(sa)})"
        elif level in (1, 2):
            days = abs(sa - sb)
            apart = "a day apart" if days == 1 else f"{days} days apart"
            text = f"{apart} ({day_text(min(sa, sb))} and {day_text(max(sa, sb))})"
        elif level == 3:
            day, span = (sa, b) if p.is_day[a] else (sb, a)
            text = f"{day_text(day)} falls within '{p.date_text[span]}'"
        elif level == 5:
            text = f"one interval ('{p.date_text[a]}' and '{p.date_text[b]}')"
        elif level == 7:
            later, earlier = (a, b) if sa > sb else (b, a)
            text = (
                f"the {p.agency_name[later]} entry of {day_text(p.start[later])} "
                f"refers to {day_text(p.start[earlier])} "
                f"('{p.refer_words[later]}')"
            )
        elif level == 6:
            first, last = sorted((sa, sb))
            text = (
                f"sent and received {working_days(first, last)} working day(s) "
                f"apart ({day_text(first)} and {day_text(last)})"
            )
        else:
            text = f"dates overlap ('{p.date_text[a]}' and '{p.date_text[b]}')"
        if p.approximate[a] or p.approximate[b]:
            text += ", a date marked approximate"
        return text


def refers_back(p: Any, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs of two exact days where the later entry's text refers to the
    earlier one's day in words ('police attended last night': see
    schemas/linking.toml [date_references])."""
    if len(p.refers) == 0:
        return np.zeros(len(a), dtype=bool)
    out = np.zeros(len(a), dtype=bool)
    ks = np.flatnonzero((p.refers[a] | p.refers[b]) & p.is_day[a] & p.is_day[b])
    if len(ks):
        ka, kb = a[ks], b[ks]
        a_to_b = (
            p.refers[ka]
            & (p.start[kb] < p.start[ka])
            & (p.refer_first[ka] <= p.start[kb])
            & (p.start[kb] <= p.refer_last[ka])
        )
        b_to_a = (
            p.refers[kb]
            & (p.start[ka] < p.start[kb])
            & (p.refer_first[kb] <= p.start[ka])
            & (p.start[ka] <= p.refer_last[kb])
        )
        out[ks] = a_to_b | b_to_a
    return out


def sent_received_rules() -> tuple[float, int]:
    """schemas/linking.toml [sent_received]: the level's weight (bits) and
    the most working days between sending and receiving (0: no such level)."""
    rules = load_toml("linking.toml").get("sent_received", {})
    return float(rules.get("weight", 0.0)), int(rules.get("working_days", 0))


def working_days(first: Any, last: Any) -> Any:
    """Working days (Monday to Friday, not a bank holiday) from one day number
    to a later one: Friday to Monday is one."""
    epoch = np.datetime64("1970-01-01", "D")
    return np.busday_count(
        epoch + np.asarray(first).astype("timedelta64[D]"),
        epoch + np.asarray(last).astype("timedelta64[D]"),
        holidays=holiday_array(),
    )


def sent_received(p: Any, a: np.ndarray, b: np.ndarray, most: int) -> np.ndarray:
    """Pairs that read as one thing sent and received: two exact days, one
    to ``most`` working days apart, the earlier entry recording sending to the
    later one's agency or the later recording receiving from the earlier
    one's ([passing_on] words, the agency named)."""
    out = np.zeros(len(a), dtype=bool)
    if most <= 0 or len(p.passed_on) == 0:
        return out
    maybe = p.is_day[a] & p.is_day[b] & (p.start[a] != p.start[b])
    maybe &= (p.passed_on[a] | p.passed_on[b]) != 0
    ks = np.flatnonzero(maybe)
    if len(ks):
        swap = p.start[a[ks]] > p.start[b[ks]]
        first = np.where(swap, b[ks], a[ks])
        last = np.where(swap, a[ks], b[ks])
        names, bit, how = p.named.mask, p.kind_bit, p.passed_on
        sent = ((how[first] & 1) != 0) & ((names[first] & bit[last]) != 0)
        received = ((how[last] & 2) != 0) & ((names[last] & bit[first]) != 0)
        apart = working_days(p.start[first], p.start[last])
        out[ks] = (sent | received) & (apart >= 1) & (apart <= most)
    return out
