"""The flags' traces: a marker for each flag in its own lane, and a ring
round each entry a flag names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from ..style import cell_text, long_date, split_ids
from .hover import FLAG_TITLES, MAX_NAMED, wrap
from .placing import FLAG_COLOUR, FLAG_LANE, Placed, has_rows
from .values import day, esc, lane_numbers, texts, times

if TYPE_CHECKING:
    from ...chronology import Chronology


def flag_traces(chronology: Chronology, placed: Placed, webgl: bool) -> list[Any]:
    """Flag markers in their own lane, and a ring round each entry they name."""
    flags = chronology.flags
    if not has_rows(flags) or FLAG_LANE not in placed.lane_of:
        return []
    by_id = {p.entry_id: p for p in placed.points}
    named = {p.entry_id for p in placed.points if p.flagged}
    xs, notes = [], []
    for row in flags.to_dict("records"):
        ids = split_ids(row.get("entry_ids"))
        named.update(ids)
        members = [by_id[i] for i in ids if i in by_id]
        when = day(row.get("date"))
        if when is None and not members:
            continue
        code = cell_text(row.get("flag"))
        title = (
            cell_text(row.get("rule_label"))
            or cell_text(row.get("title"))
            or FLAG_TITLES.get(code, code)
        )
        lines = [
            f"<b>Flag: {esc(title)}</b>",
            esc(long_date(when) if when else members[0].when),
            wrap(row.get("summary")),
        ]
        if members:
            names = [f"{m.agency} ({m.when})" for m in members[:MAX_NAMED]]
            if len(members) > MAX_NAMED:
                names.append(f"and {len(members) - MAX_NAMED} more")
            lines.append("<b>Entries:</b> " + wrap("; ".join(names)))
        lines.append("<i>A prompt for the panel to consider, not a finding.</i>")
        xs.append(when.isoformat() if when else min(p.x for p in members))
        notes.append("<br>".join(lines))
    traces: list[Any] = [
        go.Scatter(
            x=times(xs),
            y=lane_numbers([placed.lane_of[FLAG_LANE]] * len(xs)),
            mode="markers",
            name="Flag: a prompt for the panel",
            legendgroup="flags",
            legendrank=10,
            marker={
                "symbol": "triangle-down",
                "size": 15,
                "color": FLAG_COLOUR,
                "line": {"width": 1, "color": "white"},
            },
            hovertext=texts(notes),
            hoverinfo="text",
            meta={"role": "flags"},
        )
    ]
    ringed = [p for p in placed.points if p.entry_id in named]
    if ringed:
        scatter = go.Scattergl if webgl else go.Scatter
        traces.append(
            scatter(
                x=times([p.x for p in ringed]),
                y=lane_numbers([p.lane for p in ringed]),
                mode="markers",
                name="Entry named in a flag",
                legendgroup="flags",
                legendrank=11,
                marker={
                    "symbol": "circle-open",
                    "size": 19,
                    "color": FLAG_COLOUR,
                    "line": {"width": 1.5, "color": FLAG_COLOUR},
                },
                hoverinfo="skip",
                customdata=texts([p.entry_id for p in ringed]),
                meta={"role": "flagged"},
            )
        )
    return traces
