"""The rules of conflicting accounts (``[conflicts]`` of schemas/sharing.toml),
the names of the kinds of conflict, and the small helpers every kind's rows
share (minutes of a time, a UK date, both accounts side by side)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..resources import load_toml

DATES, TIMES, INJURY = "dates differ", "times differ", "injury described differently"
NEAR = "possibly the same event, dated differently"
OUTCOMES, PEOPLE = "outcomes differ", "people present differ"
HIGH, LOWER = "high", "lower"


@dataclass(frozen=True)
class ConflictRules:
    """``[conflicts]`` of schemas/sharing.toml, read once."""

    time_minutes: int
    received_later: frozenset[str]
    looking_back: re.Pattern[str] | None
    sides: dict[str, str]  # word -> side
    injury: re.Pattern[str]
    near_days: int = 3
    near_minutes: int = 15
    near_similarity: float = 0.5
    near_skip_types: frozenset[str] = frozenset()
    near_meetings: frozenset[str] = frozenset()
    closed: re.Pattern[str] | None = None
    further: re.Pattern[str] | None = None
    outcome_not: re.Pattern[str] | None = None
    present: re.Pattern[str] | None = None
    absent: re.Pattern[str] | None = None
    only: re.Pattern[str] | None = None
    midnight_minutes: int = 0


def _words(words: list[str]) -> re.Pattern[str] | None:
    """Any of ``words`` as whole words, any case (None: no words)."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(
        r"(?<![\w])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w])",
        re.IGNORECASE,
    )


@cache
def conflict_rules() -> ConflictRules:
    """The conflict rules of schemas/sharing.toml (cached)."""
    data = load_toml("sharing.toml")["conflicts"]
    sides = {w.casefold(): side for side, words in data["sides"].items() for w in words}
    parts = sorted(data["body_parts"], key=len, reverse=True)
    words = "|".join(re.escape(w) for w in sorted(sides, key=len, reverse=True))
    pattern = rf"\b({words})\.?\s+(?:side\s+of\s+(?:the\s+)?)?(?:\w+\s+)??" + (
        rf"({'|'.join(re.escape(p) for p in parts)})\b"
    )
    return ConflictRules(
        time_minutes=int(data["time_minutes"]),
        midnight_minutes=int(data.get("midnight_minutes", 0)),
        received_later=frozenset(data.get("received_later", [])),
        looking_back=re.compile(
            "|".join(rf"\b{re.escape(w)}\b" for w in data["looking_back"])
        )
        if data.get("looking_back")
        else None,
        sides=sides,
        injury=re.compile(pattern, re.IGNORECASE),
        near_days=int(data.get("near_days", 3)),
        near_minutes=int(data.get("near_minutes", 15)),
        near_similarity=float(data.get("near_similarity", 0.5)),
        near_skip_types=frozenset(data.get("near_skip_types", [])),
        near_meetings=frozenset(data.get("near_meetings", [])),
        closed=_words(data.get("outcome_closed", [])),
        further=_words(data.get("outcome_further", [])),
        outcome_not=_words(data.get("outcome_not", [])),
        present=_words(data.get("present_words", [])),
        absent=_words(data.get("absent_words", [])),
        only=_words(data.get("only_words", [])),
    )


def minutes(text: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def uk(iso_day: str) -> str:
    year, month, day = iso_day.split("-")
    return f"{day}/{month}/{year}"


def before(day: Any, other: Any) -> bool:
    """``day`` an ISO date earlier than ``other`` (False when either is blank)."""
    return bool(day) and bool(other) and str(day) < str(other)


def account(row: Any, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}_entry_id": row.entry_id,
        f"{prefix}_agency": row.agency,
        f"{prefix}_date": row.date_start,
        f"{prefix}_time": row.time,
        f"{prefix}_account": row.description,
    }
