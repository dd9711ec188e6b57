"""The lanes (one per agency, and one for the flags) and each dated entry
placed in its lane: a marker, and a bar when its date is a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..style import agency_styles, cell_text, is_true, long_date, split_ids
from .values import day, stamp, text

if TYPE_CHECKING:
    from ...chronology import Chronology

# The entries' columns the timeline reads; the others stay behind.
SHOWN_COLUMNS = str.split(
    "entry_id agency event_type event_group flags secondary_types date_text "
    "date_start date_end date_precision date_approximate time description "
    "source_file source_location source_row"
)

FLAG_LANE = "Flags for the panel"
NO_AGENCY = "Agency not recorded"
FLAG_COLOUR = "#222222"
FLAG_TINT = "#E4E4E4"


@dataclass(frozen=True)
class Lane:
    """One swimlane: its name and colours (``#RRGGBB``)."""

    name: str
    colour: str
    tint: str


@dataclass
class Point:
    """One dated entry where the timeline draws it."""

    entry_id: str
    agency: str
    lane: int
    event_type: str
    x: str  # the marker's position
    start: str  # the bar across an imprecise date ("" for one day)
    end: str
    approximate: bool
    flagged: bool
    group: str
    when: str  # the date in words, for other entries' hover text
    hover: str = ""


@dataclass
class Placed:
    """The lanes and the dated entries placed in them."""

    lanes: list[Lane]
    lane_of: dict[str, int]
    points: list[Point] = field(default_factory=list)
    undated: int = 0
    first: dt.date | None = None
    last: dt.date | None = None


def place(chronology: Chronology) -> tuple[Placed, list[dict[str, Any]]]:
    """The lanes and the dated entries in them; with each placed entry's row
    (the columns the timeline shows, and the child's age), for its hover."""
    entries = chronology.entries
    styles = agency_styles(entries, chronology.review)
    lanes = [Lane(n, "#" + s.colour, "#" + s.tint) for n, s in styles.items()]
    names = entries["agency"] if "agency" in entries.columns else [""] * len(entries)
    if any(cell_text(name) not in styles for name in names):
        lanes.append(Lane(NO_AGENCY, "#BBBBBB", "#EEEEEE"))
    if has_rows(chronology.flags):
        lanes.insert(0, Lane(FLAG_LANE, FLAG_COLOUR, FLAG_TINT))
    placed = Placed(lanes, {lane.name: i for i, lane in enumerate(lanes)})
    records = _records(entries)
    ages = _ages(entries)
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(records):
        point = _point(row, index, placed)
        if point is None:
            placed.undated += 1
            continue
        placed.points.append(point)
        rows.append(row | {"age": ages[index]})
    return placed, rows


def _records(entries: pd.DataFrame) -> list[dict[str, Any]]:
    """The entries as rows of text, holding only the columns the timeline
    shows: a merge carries many more, and each cell is made text once,
    column by column, rather than again at every use."""
    rows: list[dict[str, Any]] = [{} for _ in range(len(entries))]
    for column in SHOWN_COLUMNS:
        if column not in entries.columns:
            continue
        values = entries[column].tolist()
        if column != "date_approximate":  # read by is_true, as it is
            values = [text(v) for v in values]
        for row, value in zip(rows, values, strict=True):
            row[column] = value
    return rows


def _point(row: dict[str, Any], index: int, placed: Placed) -> Point | None:
    """Where an entry goes: a marker, and a bar when its date is a period."""
    start = day(row.get("date_start"))
    if start is None:
        return None
    end = max(day(row.get("date_end")) or start, start)
    if end > start:
        # The bar covers every day of the interval, to the end of its last.
        first = dt.datetime.combine(start, dt.time())
        after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
        x, bar = stamp(first + (after - first) / 2), (stamp(first), stamp(after))
        when = f"{long_date(start)} to {long_date(end)}"
    else:
        clock = _clock(row.get("time")) or dt.time()
        x, bar = stamp(dt.datetime.combine(start, clock)), ("", "")
        when = long_date(start)
    agency = text(row.get("agency"))
    agency = agency if agency in placed.lane_of else NO_AGENCY
    placed.first = min(placed.first or start, start)
    placed.last = max(placed.last or end, end)
    return Point(
        entry_id=text(row.get("entry_id")) or f"row {index + 1}",
        agency=agency,
        lane=placed.lane_of[agency],
        event_type=text(row.get("event_type")) or "other",
        x=x,
        start=bar[0],
        end=bar[1],
        approximate=is_true(row.get("date_approximate")),
        flagged=bool(split_ids(row.get("flags"))),
        group=text(row.get("event_group")),
        when=when,
    )


def has_rows(frame: pd.DataFrame | None) -> bool:
    """Whether an optional frame (gaps, flags, groups) holds anything."""
    return frame is not None and len(frame) > 0


def _ages(entries: pd.DataFrame) -> list[str]:
    """The child's age at each entry, from the ``age`` column the analyse
    stage adds; none at all when the frame has no such column (one built by
    hand): export draws what it is given and works out nothing an earlier
    stage owns, so a hover shows no age rather than one computed here."""
    if "age" not in entries.columns:
        return [""] * len(entries)
    return [cell_text(v) for v in entries["age"]]


def _clock(value: Any) -> dt.time | None:
    written = text(value).strip()
    try:
        return dt.time.fromisoformat(written) if written else None
    except ValueError:
        return None
