"""What frames the entries: one band per lane, the accepted key practice
episodes, the review period, births and deaths across every lane, the axes
with their zoom buttons, the key and the note on how to read it."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from ...review import ReviewInfo, ReviewSettings
from ..episodes import Episode
from ..style import long_date
from .episodes import EPISODES_HOW_TO_READ, episode_marks
from .placing import Lane, Placed
from .values import esc

if TYPE_CHECKING:
    from ...chronology import Chronology

TOP, BOTTOM = 120, 130  # room for the title and zoom buttons; for the note
LEGEND_TITLE = "Click to show or hide;<br>double-click for one alone"
PERIOD_COLOUR = "#444444"
KEY_DATE_COLOUR = "#222222"
RANGE_BUTTONS = [
    {"count": 1, "label": "1 month", "step": "month", "stepmode": "backward"},
    {"count": 6, "label": "6 months", "step": "month", "stepmode": "backward"},
    {"count": 1, "label": "1 year", "step": "year", "stepmode": "backward"},
    {"step": "all", "label": "All"},
]
HOW_TO_READ = (
    "Hover over a marker to read the entry; its colour shows the kind of event"
    " and its shape the event type.<br>Hollow marker: the date is approximate. "
    "Grey bar: the date is a period (a week, month, term, season...), drawn "
    "across it.<br>Lines join entries that record the same event."
)


@dataclass(frozen=True)
class KeyDate:
    """A date marked by a line across every lane (a birth, a death)."""

    x: str
    text: str  # Plotly text, already escaped
    solid: bool = True


def frame_figure(
    fig: go.Figure,
    review: ReviewSettings,
    lanes: list[Lane],
    *,
    extent: list[str],
    key_dates: list[KeyDate],
    dated: int,
    undated: int,
    episodes: list[Episode] | None = None,
) -> None:
    """Lay out the lanes, the axes and the marks around the traces.

    The height gives each lane room and the legend (one key a line) all of
    its keys, so nothing scrolls inside the plot.
    """
    info = review.review
    keys = [t.name or "" for t in fig.data if t.showlegend is not False]
    height = TOP + BOTTOM + max(300, 46 * len(lanes), 19 * len(keys) + 70)
    shapes, annotations = _marks(info, lanes, key_dates)
    if episodes:
        bands, labels = episode_marks(episodes)
        shapes[len(lanes) : len(lanes)] = bands  # over the lanes, under the rest
        annotations += labels
    note = _note(dated, undated)
    if episodes:
        note["text"] += EPISODES_HOW_TO_READ
    annotations.append(note)
    fig.update_layout(
        template="plotly_white",
        title=_title(info),
        font={"family": "Arial, 'Liberation Sans', Helvetica, sans-serif", "size": 12},
        height=height,
        margin=_margins(lanes, keys),
        hovermode="closest",
        hoverdistance=12,
        hoverlabel={
            "bgcolor": "white",
            "font": {"size": 12, "color": "#222222"},
            "align": "left",
        },
        dragmode="zoom",
        legend={
            "title": {"text": LEGEND_TITLE},
            "groupclick": "togglegroup",
            "itemsizing": "constant",
            "tracegroupgap": 0,
            "font": {"size": 11},
        },
        shapes=shapes,
        annotations=annotations,
        xaxis=_time_axis(height, extent),
        yaxis=_lane_axis(lanes),
    )


def _marks(
    info: ReviewInfo, lanes: list[Lane], key_dates: list[KeyDate]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The shapes and their labels: a band per lane, the review period, and
    a line across every lane at each key date, its label staggered over
    three heights so labels of near dates do not overlap."""
    shapes = [_band(i, lane.tint) for i, lane in enumerate(lanes)]
    annotations: list[dict[str, Any]] = []
    _period(info.period_start, info.period_end, shapes, annotations)
    for index, mark in enumerate(sorted(key_dates, key=lambda k: k.x)):
        shapes.append(_vline(mark.x, KEY_DATE_COLOUR, "solid" if mark.solid else "dot"))
        annotations.append(_label(mark.x, mark.text, 2 + 18 * (index % 3)))
    return shapes, annotations


def _title(info: ReviewInfo) -> dict[str, Any]:
    """The protective marking above the review's name, at the top left."""
    return {
        "text": f'<span style="font-size:12px;color:#8B0000"><b>'
        f"{esc(info.marking)}</b></span><br>{esc(info.name)}: who was "
        "involved when",
        "x": 0.01,
        "xanchor": "left",
        "yref": "container",
        "y": 1,
        "yanchor": "top",
        "pad": {"t": 10},
    }


def _time_axis(height: int, extent: list[str]) -> dict[str, Any]:
    """The date axis: a spike line to read a date off, the zoom buttons just
    above the plot (placed in the plot's own units, hence the height), and
    "All" showing ``extent``."""
    return {
        "type": "date",
        "showgrid": True,
        "gridcolor": "rgba(0,0,0,0.08)",
        "showspikes": True,
        "spikemode": "across",
        "spikesnap": "cursor",
        "spikethickness": 1,
        "spikedash": "dot",
        "spikecolor": "#888888",
        "rangeselector": {
            "buttons": RANGE_BUTTONS,
            "x": 0,
            "y": 1 + 24 / (height - TOP - BOTTOM),
            "yanchor": "bottom",
        },
        "autorangeoptions": {"include": extent},
    }


def _lane_axis(lanes: list[Lane]) -> dict[str, Any]:
    """One tick per lane, named in the lane's colour, first lane at the top."""
    n = len(lanes)
    return {
        "tickvals": list(range(n)),
        "ticktext": [
            f'<span style="color:{lane.colour}">■</span> {esc(lane.name)}'
            for lane in lanes
        ],
        "range": [n - 0.5, -0.5],
        "fixedrange": True,  # lanes stay put; time zooms
        "showgrid": False,
        "zeroline": False,
        "automargin": False,
    }


def _margins(lanes: list[Lane], keys: list[str]) -> dict[str, Any]:
    """Margins sized to the lane names and the legend, fixed in advance.

    Left to Plotly ("automargin"), they are found by drawing the figure,
    measuring it and drawing it again: a second WebGL draw, which costs a
    second or more at 20,000 entries in a browser without a graphics card.
    """

    def width(text: str, per_char: float) -> int:
        plain = html.unescape(re.sub(r"<[^>]+>", "", text))
        return int(per_char * len(plain))

    longest_lane = max([width(lane.name, 7.2) for lane in lanes], default=0)
    longest_key = max(
        [width(k, 6.4) for k in [*keys, *LEGEND_TITLE.split("<br>")]], default=0
    )
    return {
        "l": min(360, max(100, 36 + longest_lane)),
        "r": min(560, max(160, 64 + longest_key)),
        "t": TOP,
        "b": BOTTOM,
        "autoexpand": False,
    }


def _band(lane: int, tint: str) -> dict[str, Any]:
    return {
        "type": "rect",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": lane - 0.5,
        "y1": lane + 0.5,
        "fillcolor": tint,
        "opacity": 0.7,
        "line": {"width": 0},
        "layer": "below",
    }


def _vline(x: str, colour: str, dash: str) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "x0": x,
        "x1": x,
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": 2 if dash == "solid" else 1.5, "dash": dash},
        "layer": "above",
    }


def _label(x: str, text: str, shift: int) -> dict[str, Any]:
    return {
        "text": text,
        "x": x,
        "xref": "x",
        "y": 1,
        "yref": "paper",
        "yanchor": "top",
        "xanchor": "left",
        "yshift": -shift,
        "showarrow": False,
        "bgcolor": "rgba(255,255,255,0.85)",
        "font": {"size": 11, "color": KEY_DATE_COLOUR},
    }


def _period(
    start: dt.date | None,
    end: dt.date | None,
    shapes: list[dict[str, Any]],
    notes: list[dict[str, Any]],
) -> None:
    """The review period: a band above the plot and a dashed line at each end."""
    after_end = end + dt.timedelta(days=1) if end is not None else None
    for day in (start, after_end):
        if day is not None:
            shapes.append(_vline(day.isoformat(), PERIOD_COLOUR, "dash"))
    if start is not None and after_end is not None:
        text = f"Review period: {long_date(start)} to {long_date(end)}"
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "x0": start.isoformat(),
                "x1": after_end.isoformat(),
                "yref": "paper",
                "ysizemode": "pixel",
                "yanchor": 1.0,
                "y0": 0,
                "y1": 16,
                "fillcolor": PERIOD_COLOUR,
                "line": {"width": 0},
                "label": {"text": esc(text), "font": {"size": 11, "color": "white"}},
            }
        )
    elif start is not None:
        notes.append(_label(start.isoformat(), "Review period starts", 0))
    elif after_end is not None:
        notes.append(_label(after_end.isoformat(), "Review period ends", 0))


def _note(dated: int, undated: int) -> dict[str, Any]:
    """How to read the timeline, and what it cannot show."""
    text = HOW_TO_READ
    if undated:
        one = undated == 1
        text += (
            f"<br><b>{undated} {'entry has' if one else 'entries have'} no "
            f"readable date and {'is' if one else 'are'} not drawn</b>; "
            f"{'it is' if one else 'they are'} in the chronology."
        )
    if not dated:
        text += "<br><b>There is no dated entry to draw.</b>"
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -40,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"size": 11, "color": "#444444"},
    }


def extent(chronology: Chronology, placed: Placed) -> list[str]:
    """The dates "All" shows: the entries, the review period and the child's
    birth, with a little room either side so nothing sits on the edge."""
    info = chronology.review.review
    subject = chronology.review.subject_person
    days = [placed.first, placed.last, info.period_start, info.period_end]
    days.append(subject.date_of_birth if subject else None)
    known = [d for d in days if d is not None]
    if not known:
        return []
    low, high = min(known), max(known) + dt.timedelta(days=1)
    room = max(dt.timedelta(days=7), (high - low) * 0.02)
    return [(low - room).isoformat(), (high + room).isoformat()]


def key_dates(chronology: Chronology, placed: Placed) -> list[KeyDate]:
    """The child's birth, other people's births inside the timeline, deaths."""
    review = chronology.review
    subject = review.subject_person
    first = placed.first or review.review.period_start
    last = placed.last or review.review.period_end
    marks = []
    for person in review.people:
        born = person.date_of_birth
        if born is None:
            continue
        is_subject = subject is not None and person is subject
        inside = bool(first and last and first - dt.timedelta(days=31) <= born <= last)
        if is_subject or inside:
            text = f"<b>{esc(person.label)} born</b> {esc(long_date(born))}"
            marks.append(KeyDate(born.isoformat(), text, solid=is_subject))
    seen: set[str] = set()
    for point in sorted(placed.points, key=lambda p: p.x):
        key = point.group or point.entry_id
        if point.event_type != "death" or key in seen or len(seen) >= 3:
            continue
        seen.add(key)
        marks.append(KeyDate(point.x, f"<b>Death recorded</b> {esc(point.when)}"))
    return marks
