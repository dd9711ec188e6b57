"""The gaps: shaded where nobody recorded anything, across every lane
or inside one agency's, each labelled with its length."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..style import cell_text, long_date
from .values import day, esc, stamp, times

# Gaps are hatched in grey over a paler lane: "nothing recorded here", in no
# colour a kind of event uses. The whole-review gaps are the darker.
GAP_TEXT = "#333333"
GAP_STYLES = {
    "all": ("No entry from any agency (gap)", 0.9, 0.55, 30, 12),
    "one": ("No entry from this agency (gap)", 0.5, 0.4, 31, 10),
}


def gap_traces(gaps: pd.DataFrame | None, lane_of: dict[str, int]) -> list[Any]:
    """Shaded gaps: across every lane when no agency recorded anything, else
    inside the one agency's lane; each labelled with its length."""
    if gaps is None or len(gaps) == 0:
        return []
    top, bottom = -0.5, len(lane_of) - 0.5
    areas: dict[str, tuple[list[Any], list[Any]]] = {"all": ([], []), "one": ([], [])}
    marks: dict[str, list[tuple[str, float, str, str]]] = {"all": [], "one": []}
    for row in gaps.to_dict("records"):
        start, end = day(row.get("start")), day(row.get("end"))
        if start is None or end is None or end <= start:
            continue
        scope = cell_text(row.get("scope"))
        days = cell_text(row.get("days")) or str((end - start).days)
        if scope.casefold() == "all":
            kind, y0, y1, y_mark, who = "all", top, bottom, bottom - 0.2, "any agency"
        elif scope in lane_of:
            lane = lane_of[scope]
            kind, y0, y1, y_mark, who = (
                "one",
                lane - 0.42,
                lane + 0.42,
                lane - 0.27,
                scope,
            )
        else:
            continue
        xs, ys = areas[kind]
        s, e = start.isoformat(), end.isoformat()
        xs += [s, e, e, s, s, None]
        ys += [y0, y0, y1, y1, y0, None]
        hover = (
            f"<b>{esc(days)} days with no entry from {esc(who)}</b><br>"
            f"from {esc(long_date(start))} to {esc(long_date(end))}<br>"
            "<i>(no entry dated to the day or week)</i>"
        )
        middle = stamp(dt.datetime.combine(start, dt.time()) + (end - start) / 2)
        marks[kind].append((middle, y_mark, f"{esc(days)} days", hover))
    traces: list[Any] = []
    for kind, (name, ink, pale, rank, size) in GAP_STYLES.items():
        xs, ys = areas[kind]
        if not xs:
            continue
        common = {"name": name, "legendgroup": f"gaps-{kind}"}
        traces.append(
            go.Scatter(
                x=times(xs),
                y=np.array([np.nan if y is None else y for y in ys]),
                mode="lines",
                fill="toself",
                fillcolor=f"rgba(255,255,255,{pale})",
                fillpattern={
                    "shape": "/",
                    "fgcolor": f"rgba(60,60,60,{ink})",
                    "size": 8,
                    "solidity": 0.2 if kind == "all" else 0.12,
                },
                line={"width": 0, "color": "rgba(0,0,0,0)"},
                legendrank=rank,
                hoverinfo="skip",
                meta={"role": f"gaps-{kind}"},
                **common,
            )
        )
        mark_xs, mark_ys, labels, hovers = zip(*marks[kind], strict=True)
        traces.append(
            go.Scatter(
                x=times(mark_xs),
                y=np.array(mark_ys),
                mode="text",
                text=list(labels),
                textfont={"color": GAP_TEXT, "size": size},
                hovertext=list(hovers),
                hoverinfo="text",
                showlegend=False,
                meta={"role": f"gap-labels-{kind}"},
                **common,
            )
        )
    return traces
