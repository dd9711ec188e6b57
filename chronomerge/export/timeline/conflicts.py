"""The conflicting accounts' trace: a mark on each entry whose account of an
event differs from another agency's (conflicts.csv), with both accounts in
its hover, so the panel sees where the records disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from ..style import cell_text
from .hover import wrap
from .placing import Placed, has_rows
from .values import esc, lane_numbers, texts, times

if TYPE_CHECKING:
    from ...chronology import Chronology

CONFLICT_COLOUR = "#B35900"


def conflict_traces(chronology: Chronology, placed: Placed) -> list[Any]:
    """One marker over each entry named in a conflict, its hover listing
    every conflict it is part of, the other account beside its own."""
    conflicts = getattr(chronology, "conflicts", None)
    if conflicts is None or not has_rows(conflicts):
        return []
    by_id = {p.entry_id: p for p in placed.points}
    notes: dict[str, list[str]] = {}
    for row in conflicts.to_dict("records"):
        for mine, other in (("first", "second"), ("second", "first")):
            entry_id = cell_text(row.get(f"{mine}_entry_id"))
            if entry_id not in by_id:
                continue
            notes.setdefault(entry_id, []).append(
                f"<b>Accounts differ: {esc(cell_text(row.get('conflict')))}</b><br>"
                f"{wrap(row.get('why'))}<br><b>The other account</b> "
                f"({esc(cell_text(row.get(f'{other}_agency')))}, "
                f"{esc(cell_text(row.get(f'{other}_date')))}): "
                f"{wrap(row.get(f'{other}_account'))}"
            )
    if not notes:
        return []
    marked = [p for p in placed.points if p.entry_id in notes]
    hover = [
        "<br>".join(notes[p.entry_id])
        + "<br><i>A prompt to check the records, not a finding.</i>"
        for p in marked
    ]
    return [
        go.Scatter(
            x=times([p.x for p in marked]),
            y=lane_numbers([p.lane for p in marked]),
            mode="markers",
            name="Accounts differ: see the Conflicts sheet",
            legendgroup="conflicts",
            legendrank=12,
            marker={
                "symbol": "diamond-open",
                "size": 17,
                "color": CONFLICT_COLOUR,
                "line": {"width": 2, "color": CONFLICT_COLOUR},
            },
            hovertext=texts(hover),
            hoverinfo="text",
            customdata=texts([p.entry_id for p in marked]),
            meta={"role": "conflicts"},
        )
    ]
