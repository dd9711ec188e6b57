"""The timeline figure put together: the entries placed in their lanes,
their hover text, the traces (gaps, links, entries, flags) and the frame;
and written as the page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from ..episodes import accepted_episodes
from .conflicts import conflict_traces
from .display import TimelineFigure
from .flags import flag_traces
from .frame import extent, frame_figure, key_dates
from .gaps import gap_traces
from .hover import describe
from .page import write_page
from .people import filtered_traces, person_points
from .placing import place
from .traces import entry_traces, link_traces

if TYPE_CHECKING:
    from ...chronology import Chronology

# From this many dated entries the markers are drawn with WebGL: SVG slows
# down past a few thousand points, WebGL stays smooth at 20,000 and more.
WEBGL_FROM = 2000


def timeline_figure(chronology: Chronology, *, webgl: bool | None = None) -> go.Figure:
    """The timeline as a Plotly figure.

    Args:
        chronology: the merged chronology.
        webgl: draw the entries with WebGL (``Scattergl``); by default only
            from :data:`WEBGL_FROM` dated entries, where SVG would be slow.
            WebGL markers are all round: other shapes cost seconds to draw
            in a browser without a graphics card, so colour and the legend
            tell the event types apart there.

    Returns:
        A ``plotly.graph_objects.Figure`` whose display and HTML export keep
        Plotly's "send to cloud" control switched off.
    """
    placed, rows = place(chronology)
    describe(chronology, placed.points, rows)
    if webgl is None:
        webgl = len(placed.points) >= WEBGL_FROM
    traces: list[Any] = []
    traces += gap_traces(chronology.gaps, placed.lane_of)
    traces += link_traces(placed)
    traces += entry_traces(placed, webgl)
    traces += flag_traces(chronology, placed, webgl)
    traces += conflict_traces(chronology, placed)
    fig = TimelineFigure(data=traces)
    frame_figure(
        fig,
        chronology.review,
        placed.lanes,
        extent=extent(chronology, placed),
        key_dates=key_dates(chronology, placed),
        dated=len(placed.points),
        undated=placed.undated,
        episodes=accepted_episodes(chronology),
    )
    people = person_points(getattr(chronology, "people", None), fig.data)
    if people:
        fig.layout.meta = {"people": people, "people_traces": filtered_traces(fig.data)}
    return fig


def write_timeline(chronology: Chronology, path: str | Path) -> Path:
    """Write the timeline as one HTML file that needs no network.

    plotly.js is inside the file; a Content-Security-Policy forbids every
    connection; the same chronology gives the same bytes.

    Returns:
        The path written.
    """
    fig = timeline_figure(chronology)
    review = chronology.review.review
    return write_page(fig, path, title=review.name, marking=review.marking)
