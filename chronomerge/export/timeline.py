"""The interactive timeline: one lane per agency, the gaps and the flags.

Panel members who would rather look than read see who was involved when,
where nobody was, where several agencies saw the same thing and where the
flags fall. :func:`timeline_figure` builds the Plotly figure (for Jupyter);
:func:`write_timeline` writes it as one self-contained HTML page that works
with no network (see ``timeline_html``).

All text from the agencies is escaped before it reaches Plotly, whose hover
and legend text understand a little HTML: a description holding ``<script>``
is shown as those characters.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..chronology import Chronology
from .style import (
    agency_styles,
    cell_text,
    event_type_codes,
    event_type_label,
    is_true,
    long_date,
    source_position,
    split_ids,
)
from .timeline_html import TimelineFigure, write_page

# From this many dated entries the markers are drawn with WebGL: SVG slows
# down past a few thousand points, WebGL stays smooth at 20,000 and more.
WEBGL_FROM = 2000
WRAP_WIDTH = 64  # characters per line of hover text
MAX_DESCRIPTION_LINES = 14
MAX_NAMED = 6  # entries named in a hover before "and N more"

FLAG_COLOUR = "#CC3311"
GAP_COLOUR = "204,51,17"  # as r,g,b: gaps are shaded in it at low opacity
LINK_COLOUR = "rgba(40,40,40,0.55)"
PERIOD_BAR_COLOUR = "rgba(40,40,40,0.30)"
LEGEND_MARKER_COLOUR = "#555555"
KEY_DATE_COLOUR = "#222222"
FLAG_LANE = "Flags for the panel"
NO_AGENCY = "Agency not recorded"
MARGIN = {"l": 10, "r": 10, "t": 120, "b": 110}

# One marker shape per event type, chosen so the commonest and the most
# serious types are easy to tell apart; every shape has a hollow ("-open")
# form, used for approximate dates.
SYMBOLS: dict[str, str] = {
    "referral_csc": "triangle-right",
    "referral_other": "triangle-ne",
    "strategy_discussion": "diamond",
    "s47_enquiry": "diamond-tall",
    "cp_medical": "cross",
    "cp_conference": "diamond-wide",
    "core_group": "hexagon",
    "cp_plan": "star-diamond",
    "looked_after": "star-square",
    "cin_meeting": "hexagon2",
    "assessment": "square",
    "early_help": "pentagon",
    "home_visit": "triangle-up",
    "health_contact": "circle",
    "gp_consultation": "octagon",
    "ed_attendance": "cross",
    "hospital_admission": "diamond-cross",
    "outpatient": "circle",
    "was_not_brought": "x",
    "no_access": "circle-x",
    "domestic_abuse": "hexagram",
    "police_incident": "triangle-down",
    "criminal_justice": "bowtie",
    "marac": "star-triangle-up",
    "education_attendance": "triangle-left",
    "education_exclusion": "triangle-sw",
    "education_concern": "star-triangle-down",
    "injury": "star",
    "missing_episode": "hourglass",
    "household_change": "triangle-nw",
    "escalation": "triangle-se",
    "mental_health": "pentagon",
    "substance_misuse": "hexagon",
    "housing": "square",
    "probation": "bowtie",
    "ambulance": "cross",
    "professionals_meeting": "diamond",
    "information_sharing": "circle",
    "case_closure": "square-x",
    "birth": "circle-cross",
    "death": "x",
    "other": "circle",
}
FALLBACK_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "pentagon")

FLAG_TITLES: dict[str, str] = {
    "repeated_was_not_brought": "Appointments missed more than once",
    "da_no_referral": "Domestic abuse with no referral recorded",
    "referral_not_received": "Referral with no record of it arriving",
    "single_agency_knowledge": "Known to one agency only",
    "non_mobile_bruising": "Bruising on a baby not yet mobile",
    "strategy_without_police_or_health": "Strategy discussion without police or health",
    "repeated_no_access": "No access or child not seen more than once",
    "rereferral_after_closure": "Referred again soon after the case closed",
    "repeated_da_no_marac": "Repeated domestic abuse with no MARAC",
}


def esc(value: Any) -> str:
    """Text made safe for Plotly's hover, legend and label text.

    Plotly reads ``<br>``, ``<b>`` and a few more tags in these strings, so
    ``&``, ``<`` and ``>`` from the agencies' files are written as entities:
    the reader sees the characters, and nothing in them acts as markup.
    """
    return html.escape(cell_text(value), quote=False)


def wrap(value: Any, width: int = WRAP_WIDTH, max_lines: int | None = None) -> str:
    """Escaped text broken into lines of at most ``width`` characters."""
    lines: list[str] = []
    for paragraph in cell_text(value).splitlines() or [""]:
        lines.extend(_wrap_line(paragraph, width))
    while lines and not lines[-1]:
        lines.pop()
    if max_lines is not None and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], "… (continues in the chronology)"]
    return "<br>".join(esc(line) for line in lines)


def _wrap_line(text: str, width: int) -> list[str]:
    """Greedy word wrap (``textwrap`` is too slow for 20,000 hover texts);
    a word longer than a line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


@cache
def _type_label(code: str) -> str:
    return event_type_label(code) or code


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(cell_text(value).strip()[:10])
    except ValueError:
        return None


def _stamp(moment: dt.datetime) -> str:
    """An x value Plotly reads as a date and time (minutes are enough)."""
    if moment.hour == 0 and moment.minute == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")


def _clock(value: Any) -> dt.time | None:
    text = cell_text(value).strip()
    try:
        return dt.time.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class Point:
    """One dated entry where the timeline draws it."""

    entry_id: str
    agency: str
    lane: int
    event_type: str
    x: str  # marker position
    start: str  # interval drawn as a bar ("" for one day)
    end: str
    approximate: bool
    flagged: bool
    group: str
    hover: str = ""
    when: str = ""  # the date in words, for other entries' hover text


@dataclass
class Layout:
    """The lanes and the dated entries placed in them."""

    lanes: list[str]
    lane_of: dict[str, int]
    colours: dict[str, str]
    tints: dict[str, str]
    points: list[Point] = field(default_factory=list)
    undated: int = 0
    first: dt.date | None = None
    last: dt.date | None = None

    def colour(self, lane: str) -> str:
        """A lane's colour as ``#RRGGBB``."""
        return FLAG_COLOUR if lane == FLAG_LANE else self.colours.get(lane, "#BBBBBB")

    @property
    def colourscale(self) -> list[list[Any]]:
        """Lane number -> lane colour, as a Plotly colour scale."""
        top = max(1, len(self.lanes) - 1)
        scale = [[i / top, self.colour(name)] for i, name in enumerate(self.lanes)]
        return scale if len(scale) > 1 else [*scale, [1.0, scale[0][1]]]


def timeline_figure(chronology: Chronology, *, webgl: bool | None = None) -> go.Figure:
    """The timeline as a Plotly figure.

    Args:
        chronology: the merged chronology.
        webgl: draw the entries with WebGL (``Scattergl``); by default only
            from :data:`WEBGL_FROM` dated entries, where SVG would be slow.

    Returns:
        A ``plotly.graph_objects.Figure`` whose display and HTML export keep
        Plotly's "send to cloud" control switched off.
    """
    layout = _place(chronology)
    if webgl is None:
        webgl = len(layout.points) >= WEBGL_FROM
    scatter = go.Scattergl if webgl else go.Scatter
    traces: list[Any] = []
    traces += _lane_gaps(chronology, layout)
    traces += _links(layout)
    traces += _entries(layout, scatter)
    traces += _flags(chronology, layout, scatter)
    fig = TimelineFigure(data=traces)
    _decorate(fig, chronology, layout)
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


# --- placing the entries ---


def _place(chronology: Chronology) -> Layout:
    entries = chronology.entries
    review = chronology.review
    styles = agency_styles(entries, review)
    agencies = list(styles)
    names = entries["agency"] if "agency" in entries.columns else [""] * len(entries)
    if any(cell_text(name) not in styles for name in names):
        agencies.append(NO_AGENCY)
    lanes = ([FLAG_LANE] if _has_rows(chronology.flags) else []) + agencies
    layout = Layout(
        lanes=lanes,
        lane_of={name: i for i, name in enumerate(lanes)},
        colours={n: "#" + s.colour for n, s in styles.items()},
        tints={n: "#" + s.tint for n, s in styles.items()},
    )
    records = entries.to_dict("records") if len(entries) else []
    ages = _ages(chronology)
    subject = esc(review.review.subject)
    placed: list[tuple[Point, dict[str, Any]]] = []
    for index, row in enumerate(records):
        start = _day(row.get("date_start"))
        if start is None:
            layout.undated += 1
            continue
        end = _day(row.get("date_end")) or start
        end = max(end, start)
        clock = _clock(row.get("time")) if end == start else None
        if end > start:
            # The bar covers every day of the interval, to the end of its last.
            first = dt.datetime.combine(start, dt.time())
            last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
            x = _stamp(first + (last - first) / 2)
            bar = (_stamp(first), _stamp(last))
        else:
            x = _stamp(dt.datetime.combine(start, clock or dt.time()))
            bar = ("", "")
        agency = cell_text(row.get("agency"))
        agency = agency if agency in styles else NO_AGENCY
        point = Point(
            entry_id=cell_text(row.get("entry_id")) or f"row {index + 1}",
            agency=agency,
            lane=layout.lane_of.get(agency, 0),
            event_type=cell_text(row.get("event_type")) or "other",
            x=x,
            start=bar[0],
            end=bar[1],
            approximate=is_true(row.get("date_approximate")),
            flagged=bool(split_ids(row.get("flags"))),
            group=cell_text(row.get("event_group")),
            when=long_date(start) + ("" if end == start else f" to {long_date(end)}"),
        )
        layout.first = min(layout.first or start, start)
        layout.last = max(layout.last or end, end)
        placed.append((point, row | {"age": ages[index]}))
    layout.points = [p for p, _ in placed]
    related = _related(chronology, layout.points)
    for point, row in placed:
        point.hover = _entry_hover(point, row, subject, related.get(point.entry_id))
    return layout


def _has_rows(frame: pd.DataFrame | None) -> bool:
    return frame is not None and len(frame) > 0


def _ages(chronology: Chronology) -> list[str]:
    """The child's age at each entry: the merge's ``age`` column when present."""
    entries = chronology.entries
    if "age" in entries.columns:
        return [cell_text(v) for v in entries["age"]]
    try:
        from ..analyse.ages import child_ages
    except ImportError:  # pragma: no cover - the analysis stage is optional here
        return [""] * len(entries)
    return [cell_text(v) for v in child_ages(entries, chronology.review)]


def _related(chronology: Chronology, points: list[Point]) -> dict[str, str]:
    """Hover lines naming the other entries of each entry's event group."""
    by_group: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        if point.group:
            by_group[point.group].append(point)
    reasons: dict[str, str] = {}
    groups = chronology.groups
    if _has_rows(groups) and "reasons" in groups.columns:
        for group, reason in zip(
            groups["event_group"], groups["reasons"], strict=False
        ):
            reasons[cell_text(group)] = cell_text(reason)
    lines: dict[str, str] = {}
    for group, members in by_group.items():
        if len(members) < 2:
            continue
        for point in members:
            others = [m for m in members if m is not point]
            named = [f"{m.agency} ({m.when})" for m in others[:MAX_NAMED]]
            if len(others) > MAX_NAMED:
                named.append(f"and {len(others) - MAX_NAMED} more")
            text = "<b>Same event as:</b> " + wrap("; ".join(named))
            if reasons.get(group):
                text += "<br><i>Linked because: " + wrap(reasons[group]) + "</i>"
            lines[point.entry_id] = text
    return lines


def _entry_hover(point: Point, row: dict[str, Any], subject: str, related: Any) -> str:
    written = cell_text(row.get("date_text"))
    clock = cell_text(row.get("time"))
    if clock and clock not in written:
        written = f"{written} {clock}".strip()
    precision = cell_text(row.get("date_precision"))
    meaning = point.when
    if precision and precision != "day":
        meaning += f" ({precision})"
    if point.approximate:
        meaning += ", approximate"
    label = esc(_type_label(point.event_type))
    also = [_type_label(c) for c in split_ids(row.get("secondary_types"))]
    lines = [
        f"<b>{esc(written) or 'No date written'}</b>  <i>read as {esc(meaning)}</i>",
        f"<b>{esc(point.agency)}</b> · {label}",
    ]
    if also:
        lines.append("Also: " + esc(", ".join(also)))
    age = cell_text(row.get("age"))
    if age:
        lines.append(f"Age of {subject}: {esc(age)}")
    description = wrap(row.get("description"), max_lines=MAX_DESCRIPTION_LINES)
    lines.append(description or "<i>(no description)</i>")
    if related:
        lines.append(related)
    flags = split_ids(row.get("flags"))
    if flags:
        titles = [FLAG_TITLES.get(f, f.replace("_", " ")) for f in flags]
        lines.append("<b>Flagged:</b> " + esc("; ".join(titles)))
    where = source_position(
        row.get("source_file"), row.get("source_location"), row.get("source_row")
    )
    lines.append(f"<i>{esc(where)}</i>")
    return "<br>".join(lines)


# --- traces ---


def _symbol(code: str) -> str:
    if code in SYMBOLS:
        return SYMBOLS[code]
    return FALLBACK_SYMBOLS[sum(map(ord, code)) % len(FALLBACK_SYMBOLS)]


def _type_order(points: list[Point]) -> list[str]:
    present = {p.event_type for p in points}
    known = [c for c in event_type_codes() if c in present]
    return known + sorted(present - set(known))


def _markers(
    points: list[Point],
    layout: Layout,
    scatter: Any,
    code: str,
    name: str,
    symbol: str,
    approximate: bool,
) -> Any:
    """The markers of one event type, hollow where the date is approximate.

    Colours are given as lane numbers on a colour scale of the lanes' colours:
    Plotly checks a list of colour names one by one, which takes seconds at
    20,000 entries, while numbers pass at once.
    """
    return scatter(
        x=[p.x for p in points],
        y=[p.lane for p in points],
        mode="markers",
        name=name,
        legendgroup=code,
        showlegend=False,
        marker={
            "symbol": symbol + "-open" if approximate else symbol,
            "size": 11,
            "color": [p.lane for p in points],
            "colorscale": layout.colourscale,
            "cmin": 0,
            "cmax": max(1, len(layout.lanes) - 1),
            "showscale": False,
            "line": {"width": 1.5, "color": "rgba(0,0,0,0.55)"},
        },
        hovertext=[p.hover for p in points],
        hoverinfo="text",
        customdata=[p.entry_id for p in points],
        meta={"role": "entries", "event_type": code, "approximate": approximate},
    )


def _entries(layout: Layout, scatter: Any) -> list[Any]:
    """Per event type: a legend key, the bars of imprecise dates, the markers."""
    traces: list[Any] = []
    by_type: dict[str, list[Point]] = defaultdict(list)
    for point in layout.points:
        by_type[point.event_type].append(point)
    for rank, code in enumerate(_type_order(layout.points)):
        points = by_type[code]
        symbol = _symbol(code)
        name = esc(_type_label(code))
        # Plotly draws a legend key in the first point's colour; a key of its
        # own keeps it neutral, since the markers carry the agency colours.
        traces.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                legendgroup=code,
                legendrank=100 + rank,
                marker={
                    "symbol": symbol,
                    "size": 10,
                    "color": LEGEND_MARKER_COLOUR,
                    "line": {"width": 1, "color": "white"},
                },
                hoverinfo="skip",
                meta={"role": "key", "event_type": code},
            )
        )
        bars = [p for p in points if p.start]
        if bars:
            xs: list[str | None] = []
            ys: list[float | None] = []
            for p in bars:
                xs += [p.start, p.end, None]
                ys += [p.lane, p.lane, None]
            traces.append(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": PERIOD_BAR_COLOUR, "width": 5},
                    legendgroup=code,
                    showlegend=False,
                    hoverinfo="skip",
                    name=name,
                    meta={"role": "periods", "event_type": code},
                )
            )
        for approximate in (False, True):
            some = [p for p in points if p.approximate == approximate]
            if some:
                traces.append(
                    _markers(some, layout, scatter, code, name, symbol, approximate)
                )
    return traces


def _links(layout: Layout) -> list[Any]:
    """Lines joining the entries of one event group across the lanes.

    One line per group through its first entry in each lane; entries of one
    group in one lane already sit side by side. SVG, like the period bars:
    WebGL lines cost seconds more to set up in a browser without a GPU.
    """
    groups: dict[str, list[Point]] = defaultdict(list)
    for point in layout.points:
        if point.group:
            groups[point.group].append(point)
    xs: list[str | None] = []
    ys: list[int | None] = []
    for group in sorted(groups):
        first_in_lane: dict[int, Point] = {}
        for point in sorted(groups[group], key=lambda p: (p.lane, p.x, p.entry_id)):
            first_in_lane.setdefault(point.lane, point)
        members = list(first_in_lane.values())
        if len(members) < 2:
            continue
        xs += [p.x for p in members] + [None]
        ys += [p.lane for p in members] + [None]
    if not xs:
        return []
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name="Same event, recorded more than once",
            legendgroup="links",
            legendrank=20,
            line={"color": LINK_COLOUR, "width": 1.5},
            hoverinfo="skip",
            meta={"role": "links"},
        )
    ]


def _flags(chronology: Chronology, layout: Layout, scatter: Any) -> list[Any]:
    """Flag markers in their own lane, and a ring round each entry they name."""
    flags = chronology.flags
    if not _has_rows(flags) or FLAG_LANE not in layout.lane_of:
        return []
    by_id = {p.entry_id: p for p in layout.points}
    named: set[str] = {p.entry_id for p in layout.points if p.flagged}
    xs, texts = [], []
    for row in flags.to_dict("records"):
        ids = split_ids(row.get("entry_ids"))
        named.update(ids)
        members = [by_id[i] for i in ids if i in by_id]
        day = _day(row.get("date"))
        if day is not None:
            x = day.isoformat()
        elif members:
            x = min(p.x for p in members)
        else:
            continue
        code = cell_text(row.get("flag"))
        title = cell_text(row.get("title")) or FLAG_TITLES.get(code) or code
        lines = [
            f"<b>Flag: {esc(title)}</b>",
            esc(long_date(day) if day else members[0].when),
            wrap(row.get("summary")),
        ]
        if members:
            names = [f"{m.agency} ({m.when})" for m in members[:MAX_NAMED]]
            if len(members) > MAX_NAMED:
                names.append(f"and {len(members) - MAX_NAMED} more")
            lines.append("<b>Entries:</b> " + wrap("; ".join(names)))
        lines.append("<i>A prompt for the panel to consider, not a finding.</i>")
        xs.append(x)
        texts.append("<br>".join(lines))
    traces: list[Any] = [
        go.Scatter(
            x=xs,
            y=[layout.lane_of[FLAG_LANE]] * len(xs),
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
            hovertext=texts,
            hoverinfo="text",
            hoverlabel={"bordercolor": FLAG_COLOUR},
            meta={"role": "flags"},
        )
    ]
    ringed = [p for p in layout.points if p.entry_id in named]
    if ringed:
        traces.append(
            scatter(
                x=[p.x for p in ringed],
                y=[p.lane for p in ringed],
                mode="markers",
                name="Entry named in a flag",
                legendgroup="flags",
                legendrank=11,
                marker={
                    "symbol": "circle-open",
                    "size": 21,
                    "color": FLAG_COLOUR,
                    "line": {"width": 2, "color": FLAG_COLOUR},
                },
                hoverinfo="skip",
                meta={"role": "flagged"},
            )
        )
    return traces


def _lane_gaps(chronology: Chronology, layout: Layout) -> list[Any]:
    """Shaded gaps: across every lane when no agency recorded anything, else
    inside the one agency's lane; each labelled with its length."""
    gaps = chronology.gaps
    if not _has_rows(gaps):
        return []
    top, bottom = -0.5, len(layout.lanes) - 0.5
    shapes: dict[str, tuple[list[Any], list[Any]]] = {"all": ([], []), "one": ([], [])}
    marks: dict[str, list[tuple[str, float, str, str]]] = {"all": [], "one": []}
    for row in gaps.to_dict("records"):
        start, end = _day(row.get("start")), _day(row.get("end"))
        if start is None or end is None or end <= start:
            continue
        scope = cell_text(row.get("scope"))
        days = cell_text(row.get("days")) or str((end - start).days)
        span = f"from {long_date(start)} to {long_date(end)}"
        if scope.casefold() == "all":
            kind, y0, y1, y_mark = "all", top, bottom, top + 0.22
            text = (
                f"<b>{esc(days)} days with no entry from any agency</b><br>"
                f"{esc(span)}<br><i>(no entry dated to the day or week)</i>"
            )
        elif scope in layout.lane_of:
            lane = layout.lane_of[scope]
            kind, y0, y1, y_mark = "one", lane - 0.42, lane + 0.42, lane - 0.27
            text = (
                f"<b>{esc(days)} days with no entry from {esc(scope)}</b><br>"
                f"{esc(span)}<br><i>(no entry dated to the day or week)</i>"
            )
        else:
            continue
        xs, ys = shapes[kind]
        s, e = start.isoformat(), end.isoformat()
        xs += [s, e, e, s, s, None]
        ys += [y0, y0, y1, y1, y0, None]
        mid = dt.datetime.combine(start, dt.time()) + (end - start) / 2
        marks[kind].append((_stamp(mid), y_mark, f"{esc(days)} days", text))
    traces: list[Any] = []
    styles = {
        "all": ("No entry from any agency (gap)", 0.18, 30),
        "one": ("No entry from this agency (gap)", 0.16, 31),
    }
    for kind, (name, alpha, rank) in styles.items():
        xs, ys = shapes[kind]
        if not xs:
            continue
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=f"rgba({GAP_COLOUR},{alpha})",
                line={"width": 0, "color": f"rgba({GAP_COLOUR},{alpha})"},
                name=name,
                legendgroup=f"gaps-{kind}",
                legendrank=rank,
                hoverinfo="skip",
                meta={"role": f"gaps-{kind}"},
            )
        )
        x, y, label, hover = zip(*marks[kind], strict=True)
        traces.append(
            go.Scatter(
                x=list(x),
                y=list(y),
                mode="text",
                text=list(label),
                textfont={
                    "color": f"rgb({GAP_COLOUR})",
                    "size": 12 if kind == "all" else 10,
                },
                hovertext=list(hover),
                hoverinfo="text",
                name=name,
                legendgroup=f"gaps-{kind}",
                showlegend=False,
                meta={"role": f"gap-labels-{kind}"},
            )
        )
    return traces


# --- axes, lanes, key dates ---


def _decorate(fig: go.Figure, chronology: Chronology, layout: Layout) -> None:
    review = chronology.review
    info = review.review
    n = len(layout.lanes)
    keys = sum(1 for trace in fig.data if trace.showlegend is not False)
    height = MARGIN["t"] + MARGIN["b"] + max(300, 46 * n, 19 * keys + 70)
    ticks = []
    for name in layout.lanes:
        colour = layout.colour(name)
        ticks.append(f'<span style="color:{colour}">■</span> {esc(name)}')
    shapes: list[dict[str, Any]] = []
    for lane, name in enumerate(layout.lanes):
        tint = "#FBE6E1" if name == FLAG_LANE else layout.tints.get(name, "#EEEEEE")
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": lane - 0.5,
                "y1": lane + 0.5,
                "fillcolor": tint,
                "opacity": 0.55,
                "line": {"width": 0},
                "layer": "below",
            }
        )
    annotations: list[dict[str, Any]] = []
    _period(info, shapes, annotations)
    _key_dates(chronology, layout, shapes, annotations)
    note = (
        "Hover over a marker to read the entry. Hollow marker: the date is "
        "approximate. Grey bar: the date is a period (a week, month, term, "
        "season...), drawn across it. Lines join entries that record the same event."
    )
    if layout.undated:
        one = layout.undated == 1
        note += (
            f"<br><b>{layout.undated} {'entry has' if one else 'entries have'} "
            f"no readable date and {'is' if one else 'are'} not drawn</b>; "
            f"{'it is' if one else 'they are'} in the chronology."
        )
    if not layout.points:
        note += "<br><b>There is no dated entry to draw.</b>"
    annotations.append(
        {
            "text": note,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "yshift": -52,
            "xanchor": "left",
            "yanchor": "top",
            "align": "left",
            "showarrow": False,
            "font": {"size": 11, "color": "#444"},
        }
    )
    fig.update_layout(
        template="plotly_white",
        title={
            "text": f'<span style="font-size:12px;color:#8B0000"><b>'
            f"{esc(info.marking)}</b></span><br>{esc(info.name)}: who was "
            "involved when",
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 10},
        },
        font={"family": "Arial, 'Liberation Sans', Helvetica, sans-serif", "size": 12},
        height=height,
        margin=MARGIN,
        hovermode="closest",
        hoverdistance=12,
        hoverlabel={
            "bgcolor": "white",
            "font": {"size": 12, "color": "#222"},
            "align": "left",
        },
        dragmode="zoom",
        legend={
            "title": {
                "text": "Click to show or hide;<br>double-click to show one alone"
            },
            "groupclick": "togglegroup",
            "itemsizing": "constant",
            "tracegroupgap": 0,
            "font": {"size": 11},
        },
        shapes=shapes,
        annotations=annotations,
        xaxis={
            "type": "date",
            "showgrid": True,
            "gridcolor": "rgba(0,0,0,0.08)",
            "showspikes": True,
            "spikemode": "across",
            "spikesnap": "cursor",
            "spikethickness": 1,
            "spikedash": "dot",
            "spikecolor": "#888",
            "rangeselector": {
                "buttons": [
                    {
                        "count": 1,
                        "label": "1 month",
                        "step": "month",
                        "stepmode": "backward",
                    },
                    {
                        "count": 6,
                        "label": "6 months",
                        "step": "month",
                        "stepmode": "backward",
                    },
                    {
                        "count": 1,
                        "label": "1 year",
                        "step": "year",
                        "stepmode": "backward",
                    },
                    {"step": "all", "label": "All"},
                ],
                "x": 0,
                "y": 1 + 24 / (height - MARGIN["t"] - MARGIN["b"]),
                "yanchor": "bottom",
            },
            "autorangeoptions": {"include": _extent(chronology, layout)},
        },
        yaxis={
            "tickvals": list(range(n)),
            "ticktext": ticks,
            "range": [n - 0.5, -0.5],
            "fixedrange": True,
            "showgrid": False,
            "zeroline": False,
            "automargin": True,
        },
    )


def _extent(chronology: Chronology, layout: Layout) -> list[str]:
    """The dates "All" shows: the entries, the review period and the child's
    birth, with a little room either side so nothing sits on the edge."""
    info = chronology.review.review
    subject = chronology.review.subject_person
    days = [layout.first, layout.last, info.period_start, info.period_end]
    days.append(subject.date_of_birth if subject else None)
    known = [d for d in days if d is not None]
    if not known:
        return []
    low, high = min(known), max(known) + dt.timedelta(days=1)
    room = max(dt.timedelta(days=7), (high - low) * 0.02)
    return [(low - room).isoformat(), (high + room).isoformat()]


def _vline(x: str, colour: str, dash: str, width: float = 1.5) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "x0": x,
        "x1": x,
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": width, "dash": dash},
        "layer": "above",
    }


def _label(x: str, text: str, colour: str, shift: int) -> dict[str, Any]:
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
        "font": {"size": 11, "color": colour},
    }


def _period(
    info: Any, shapes: list[dict[str, Any]], notes: list[dict[str, Any]]
) -> None:
    """The review period: a band above the plot and a dashed line at each end."""
    start, end = info.period_start, info.period_end
    if start is None and end is None:
        return
    for day, word in ((start, "starts"), (end, "ends")):
        if day is not None:
            x = (
                day.isoformat()
                if word == "starts"
                else (day + dt.timedelta(days=1)).isoformat()
            )
            shapes.append(_vline(x, "#444444", "dash"))
    if start is not None and end is not None:
        text = f"Review period: {long_date(start)} to {long_date(end)}"
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "x0": start.isoformat(),
                "x1": (end + dt.timedelta(days=1)).isoformat(),
                "yref": "paper",
                "ysizemode": "pixel",
                "yanchor": 1.0,
                "y0": 0,
                "y1": 16,
                "fillcolor": "#444444",
                "line": {"width": 0},
                "label": {"text": esc(text), "font": {"size": 11, "color": "white"}},
            }
        )
    else:
        day = start if start is not None else end
        word = "starts" if start is not None else "ends"
        notes.append(_label(day.isoformat(), f"Review period {word}", "#444444", 0))


def _key_dates(
    chronology: Chronology,
    layout: Layout,
    shapes: list[dict[str, Any]],
    notes: list[dict[str, Any]],
) -> None:
    """The child's birth, other people's births within the timeline, deaths."""
    review = chronology.review
    subject = review.subject_person
    first = layout.first or review.review.period_start
    last = layout.last or review.review.period_end
    marks: list[tuple[str, str, str, str]] = []
    for person in review.people:
        born = person.date_of_birth
        if born is None:
            continue
        is_subject = subject is not None and person is subject
        inside = (
            first is not None
            and last is not None
            and first - dt.timedelta(days=31) <= born <= last
        )
        if is_subject or inside:
            text = f"<b>{esc(person.label)} born</b> {esc(long_date(born))}"
            style = "solid" if is_subject else "dot"
            marks.append((born.isoformat(), text, KEY_DATE_COLOUR, style))
    deaths = [p for p in layout.points if p.event_type == "death"]
    seen: set[str] = set()
    for point in sorted(deaths, key=lambda p: p.x):
        key = point.group or point.entry_id
        if key in seen or len(seen) >= 3:
            continue
        seen.add(key)
        text = f"<b>Death recorded</b> {esc(point.when)}"
        marks.append((point.x, text, KEY_DATE_COLOUR, "solid"))
    for index, (x, text, colour, dash) in enumerate(sorted(marks)):
        shapes.append(_vline(x, colour, dash, 2 if dash == "solid" else 1.5))
        notes.append(_label(x, text, colour, 2 + 18 * (index % 3)))
