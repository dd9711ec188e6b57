"""What changed since the previous merge: entries added, removed, and
changed cell by cell, matched by content (never by row number, so an
inserted row does not make every later row "changed").

An entry of the new merge is the same as one of the previous merge when the
agency is the same and every compared column (schemas/submissions.toml
``[changes]``) is the same; of the rest, when its description is alike
(rapidfuzz, words in any order) and its date close. Ties go to the closer
date, then to the earlier entry, so the result is the same on every run.
The matches also say where each panel note goes (export/notes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .model import text_column
from .resources import load_toml

CHANGE_COLUMNS: tuple[str, ...] = (
    "change",
    "agency",
    "entry_id_old",
    "entry_id_new",
    "date",
    "column",
    "before",
    "after",
    "why",
)
# Larger blocks of unmatched entries are compared only within one date.
_MAX_PAIRS = 4_000_000


@dataclass(frozen=True)
class ChangeRules:
    """schemas/submissions.toml ``[changes]``."""

    columns: tuple[str, ...]
    min_similarity: float
    day_tolerance: int
    date_changed_similarity: float


@cache
def change_rules() -> ChangeRules:
    spec = load_toml("submissions.toml")["changes"]
    return ChangeRules(
        columns=tuple(spec["columns"]),
        min_similarity=float(spec["min_similarity"]),
        day_tolerance=int(spec["day_tolerance"]),
        date_changed_similarity=float(spec["date_changed_similarity"]),
    )


@dataclass
class Comparison:
    """The previous merge against this one.

    Attributes:
        changes: CHANGE_COLUMNS: one row per entry added or removed, one per
            changed cell of an entry that was edited.
        moves: previous entry id -> (its entry id now, the columns that
            changed, ';'-joined, "" when none): where a panel note goes.
        removed: previous entry ids no longer there.
        compared: False when there was no previous merge to compare with.
    """

    changes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(CHANGE_COLUMNS))
    )
    moves: dict[str, tuple[str, str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    compared: bool = False

    def counts(self) -> dict[str, Any]:
        """Entries added, removed and changed (for the manifest and summary)."""
        change = self.changes["change"] if len(self.changes) else pd.Series([])
        edited = self.changes.loc[change == "changed", "entry_id_new"]
        return {
            "compared": self.compared,
            "added": int((change == "added").sum()),
            "removed": int((change == "removed").sum()),
            "changed": int(edited.nunique()),
        }


def read_previous(path: str | Path) -> pd.DataFrame | None:
    """The chronology.csv of a previous merge (a folder or the file), as
    text; None when there is none."""
    path = Path(path)
    if path.is_dir():
        path = path / "chronology.csv"
    if not path.is_file():
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError, pd.errors.ParserError):
        return None
    if not {"entry_id", "agency", "description"} <= set(frame.columns):
        return None
    return frame


def _day_numbers(text: pd.Series) -> np.ndarray:
    """ISO dates as day numbers (NaN when empty): to measure days apart."""
    days = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return (days - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)


def _cells(frame: pd.DataFrame, column: str) -> list[str]:
    """A column's text as chronology.csv holds it, without the apostrophe
    that keeps a formula from running."""
    values = text_column(frame, column).tolist()
    return [
        v[1:] if v[:1] == "'" and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v
        for v in values
    ]


def compare_entries(
    previous: pd.DataFrame | None,
    current: pd.DataFrame,
    rules: ChangeRules | None = None,
) -> Comparison:
    """Compare the entries of a previous merge (its chronology.csv) with this
    merge's; see the module's description."""
    if previous is None:
        return Comparison()
    rules = rules or change_rules()
    columns = [c for c in rules.columns if c in current.columns or c in previous]
    old = _Side(previous, columns)
    new = _Side(current, columns)
    pairs: list[tuple[int, int, float]] = []
    for agency in sorted(set(old.agency) | set(new.agency)):
        olds = [i for i, a in enumerate(old.agency) if a == agency]
        news = [j for j, a in enumerate(new.agency) if a == agency]
        pairs.extend(_exact(old, new, olds, news))
        done_old = {p[0] for p in pairs}
        done_new = {p[1] for p in pairs}
        rest_old = [i for i in olds if i not in done_old]
        rest_new = [j for j in news if j not in done_new]
        pairs.extend(_alike(old, new, rest_old, rest_new, rules))
    return _comparison(old, new, pairs, columns)


class _Side:
    """One merge's entries as lists, for matching."""

    def __init__(self, frame: pd.DataFrame, columns: Sequence[str]) -> None:
        self.ids = text_column(frame, "entry_id").tolist()
        self.agency = text_column(frame, "agency").tolist()
        self.cells = {c: _cells(frame, c) for c in columns}
        self.text = [d.casefold() for d in self.cells.get("description", [])] or [
            ""
        ] * len(self.ids)
        self.day = _day_numbers(text_column(frame, "date_start"))
        self.date = text_column(frame, "date_text").tolist()
        self.columns = list(columns)

    def key(self, i: int) -> tuple[str, ...]:
        return tuple(self.cells[c][i] for c in self.columns)


def _exact(
    old: _Side, new: _Side, olds: list[int], news: list[int]
) -> list[tuple[int, int, float]]:
    """Entries the same in every compared column, paired in order."""
    waiting: dict[tuple[str, ...], list[int]] = {}
    for i in olds:
        waiting.setdefault(old.key(i), []).append(i)
    pairs = []
    for j in news:
        queue = waiting.get(new.key(j))
        if queue:
            pairs.append((queue.pop(0), j, 100.0))
    return pairs


def _alike(
    old: _Side,
    new: _Side,
    olds: list[int],
    news: list[int],
    rules: ChangeRules,
) -> list[tuple[int, int, float]]:
    """Edited entries: alike descriptions, close dates; best pairs first."""
    if not olds or not news:
        return []
    blocks = [(olds, news)]
    if len(olds) * len(news) > _MAX_PAIRS:
        by_day: dict[float, tuple[list[int], list[int]]] = {}
        for i in olds:
            by_day.setdefault(float(old.day[i]), ([], []))[0].append(i)
        for j in news:
            by_day.setdefault(float(new.day[j]), ([], []))[1].append(j)
        blocks = [b for b in by_day.values() if b[0] and b[1]]
    candidates: list[tuple[float, float, int, int]] = []
    for block_old, block_new in blocks:
        scores = cdist(
            [old.text[i] for i in block_old],
            [new.text[j] for j in block_new],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=rules.min_similarity,
        )
        for a, b in zip(*np.nonzero(scores), strict=True):
            i, j = block_old[a], block_new[b]
            apart = abs(old.day[i] - new.day[j])
            apart = 1e9 if np.isnan(apart) else float(apart)
            score = float(scores[a, b])
            if apart > rules.day_tolerance and score < rules.date_changed_similarity:
                continue
            candidates.append((-score, apart, i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for negative, _apart, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, -negative))
    return pairs


def _comparison(
    old: _Side, new: _Side, pairs: list[tuple[int, int, float]], columns: list[str]
) -> Comparison:
    rows: list[dict[str, Any]] = []
    moves: dict[str, tuple[str, str]] = {}
    matched_old = {i for i, _, _ in pairs}
    matched_new = {j for _, j, _ in pairs}
    for i, j, score in sorted(pairs, key=lambda p: p[1]):
        differ = [c for c in columns if old.cells[c][i] != new.cells[c][j]]
        moves[old.ids[i]] = (new.ids[j], ";".join(differ))
        for column in differ:
            rows.append(
                {
                    "change": "changed",
                    "agency": new.agency[j],
                    "entry_id_old": old.ids[i],
                    "entry_id_new": new.ids[j],
                    "date": new.date[j],
                    "column": column,
                    "before": old.cells[column][i],
                    "after": new.cells[column][j],
                    "why": f"the same entry, edited: same agency, descriptions "
                    f"{score:.0f}% alike, dates {_apart(old, new, i, j)}",
                }
            )
    for j in range(len(new.ids)):
        if j not in matched_new:
            rows.append(
                {
                    "change": "added",
                    "agency": new.agency[j],
                    "entry_id_old": "",
                    "entry_id_new": new.ids[j],
                    "date": new.date[j],
                    "column": "",
                    "before": "",
                    "after": new.cells["description"][j]
                    if "description" in new.cells
                    else "",
                    "why": "no entry of the previous merge matches it by agency, "
                    "date and text",
                }
            )
    removed = [old.ids[i] for i in range(len(old.ids)) if i not in matched_old]
    for i in range(len(old.ids)):
        if i not in matched_old:
            rows.append(
                {
                    "change": "removed",
                    "agency": old.agency[i],
                    "entry_id_old": old.ids[i],
                    "entry_id_new": "",
                    "date": old.date[i],
                    "column": "",
                    "before": old.cells["description"][i]
                    if "description" in old.cells
                    else "",
                    "after": "",
                    "why": "no entry of this merge matches it by agency, date and text",
                }
            )
    changes = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    changes = changes.sort_values("agency", kind="stable").reset_index(drop=True)
    return Comparison(changes, moves, removed, compared=True)


def _apart(old: _Side, new: _Side, i: int, j: int) -> str:
    apart = abs(old.day[i] - new.day[j])
    if np.isnan(apart):
        return "not both known"
    if apart == 0:
        return "the same"
    return f"{int(apart)} day(s) apart"
