"""Attempted contacts that failed: a visit or appointment nobody answered.

"Joint visit. No answer at door. Card left." names a visit, and a keyword
list reads it as one; what makes it a no-access visit is the failure cue,
wherever in the entry it is written. The rule is general: an attempt word
(a visit, an appointment, knocking at the address) anywhere in the entry,
and a failure cue (no answer, not at home, nobody in, unable to gain entry,
card left) that is not negated in its own clause and not followed by the
door being opened, make the entry the failure's code. A cue in a clause that
is about a telephone call ("rang mum, no answer") is not a failed visit.
Every word list is data (``[attempts]`` of schemas/event_scoring.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_CLAUSE_END = re.compile(r"[.;:!?\n()\[\]]|\s[-–—]+\s")


def _either(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@dataclass(frozen=True)
class AttemptRules:
    """``[attempts]``: what an attempt is, what a failure is, what it means."""

    attempt: re.Pattern[str] | None
    failure: re.Pattern[str] | None
    negation: re.Pattern[str] | None  # just before the cue, in its clause
    not_a_visit: re.Pattern[str] | None  # in the cue's clause: a phone call
    recovered: re.Pattern[str] | None  # after the cue: the door was opened
    code: str
    bonus: float
    base_points: float  # what a failed attempt earns when nothing else is named


def read_attempt_rules(data: dict[str, Any], codes: set[str]) -> AttemptRules:
    """``[attempts]``, checked: its code is a taxonomy code."""
    code = data.get("code", "")
    if code and code not in codes:
        raise ValueError(f"event_scoring.toml: attempts.code: {code!r}")
    return AttemptRules(
        attempt=_either(data.get("attempt_patterns", [])),
        failure=_either(data.get("failure_cues", [])),
        negation=_either(data.get("negation_patterns", [])),
        not_a_visit=_either(data.get("not_a_visit_patterns", [])),
        recovered=_either(data.get("recovered_patterns", [])),
        code=code,
        bonus=float(data.get("bonus", 1.0)),
        base_points=float(data.get("base_points", 0.0)),
    )


def _clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause's text before a match, and after it."""
    before = text[:start]
    cuts = list(_CLAUSE_END.finditer(before))
    head = before[cuts[-1].end() :] if cuts else before
    after = text[end:]
    stop = _CLAUSE_END.search(after)
    return head, after[: stop.start()] if stop else after


def attempt_outcome(text: str, rules: AttemptRules) -> str:
    """``failed`` for an attempted visit or appointment that failed,
    ``recovered`` for one whose failure the entry then undoes (the door was
    opened after all), else ""."""
    if rules.attempt is None or rules.failure is None or not rules.code:
        return ""
    lowered = text.lower()
    cues = list(rules.failure.finditer(lowered))  # rarer than attempts: first
    if not cues or not rules.attempt.search(lowered):
        return ""
    for cue in cues:
        head, tail = _clause_around(lowered, cue.start(), cue.end())
        if rules.negation is not None and rules.negation.search(head):
            continue
        if rules.not_a_visit is not None and (
            rules.not_a_visit.search(head) or rules.not_a_visit.search(tail)
        ):
            continue
        recovered = rules.recovered
        if recovered is not None and recovered.search(lowered, cue.end()):
            return "recovered"
        return "failed"
    return ""


def apply_attempt(
    points: dict[str, float], from_text: set[str], text: str, rules: AttemptRules
) -> None:
    """A failed attempt's code outranks what the attempt was (a visit); an
    attempt that succeeded after all is not a failure, whatever its words."""
    outcome = attempt_outcome(text, rules)
    if outcome == "recovered" and points.get(rules.code, 0.0) > 0:
        points[rules.code] = 0.0
    if outcome != "failed":
        return
    target = max([*points.values(), rules.base_points]) + rules.bonus
    if points.get(rules.code, 0.0) < target:
        points[rules.code] = target
        from_text.add(rules.code)
