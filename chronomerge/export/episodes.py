"""The key practice episodes as the outputs show them.

``Chronology.episodes`` (episodes.csv) holds the review file's accepted
episodes and chronomerge's proposals. The workbook lists them all, each
saying whose it is; the Word chronology and the timeline show only the
accepted ones, since a proposal is a prompt the author has not decided on
and the panel should not read it as the review's structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from .style import cell_text, split_ids, uk_date

if TYPE_CHECKING:
    from ..chronology import Chronology

ACCEPTED = "accepted"
STATUS_TEXT = {
    ACCEPTED: "Accepted by the author",
    "proposed": "Proposed by chronomerge (not yet decided)",
}


@dataclass(frozen=True)
class Episode:
    """One episode of episodes.csv, as text (dates ISO)."""

    start: str
    end: str
    title: str
    status: str
    days: str
    events: str
    agencies: tuple[str, ...]
    entries: tuple[str, ...]
    why: str

    @property
    def accepted(self) -> bool:
        return self.status == ACCEPTED

    @property
    def status_text(self) -> str:
        """The status in words for the panel."""
        return STATUS_TEXT.get(self.status, STATUS_TEXT["proposed"])

    @property
    def dates(self) -> str:
        """``12/10/2018 to 15/10/2018`` (one date when it is one day)."""
        first, last = uk_date(self.start), uk_date(self.end)
        return first if first == last else f"{first} to {last}"


def _col(frame: pd.DataFrame, name: str) -> list[str]:
    if name not in frame.columns:
        return [""] * len(frame)
    return [cell_text(v) for v in frame[name].tolist()]


def all_episodes(chronology: Chronology) -> list[Episode]:
    """Every episode of the chronology, in date order (then title)."""
    frame = getattr(chronology, "episodes", None)
    if frame is None or len(frame) == 0:
        return []
    names = ("episode_start", "episode_end", "title", "status", "days", "events")
    start, end, title, status, days, events = (_col(frame, n) for n in names)
    agencies, entries, why = (_col(frame, n) for n in ("agencies", "entries", "why"))
    found = [
        Episode(
            start=start[i],
            end=end[i] or start[i],
            title=title[i],
            status=status[i].strip().casefold() or "proposed",
            days=days[i],
            events=events[i],
            agencies=tuple(split_ids(agencies[i])),
            entries=tuple(split_ids(entries[i])),
            why=why[i],
        )
        for i in range(len(frame))
        if start[i]
    ]
    return sorted(found, key=lambda e: (e.start, e.end, e.title))


def accepted_episodes(chronology: Chronology) -> list[Episode]:
    """The episodes the author accepted, in date order."""
    return [e for e in all_episodes(chronology) if e.accepted]
