"""The interactive timeline: one lane per agency, the gaps and the flags.

Panel members who would rather look than read see who was involved when,
where nobody was, where several agencies saw the same thing and where the
flags fall. :func:`timeline_figure` builds the Plotly figure (for Jupyter);
:func:`write_timeline` writes it as one self-contained HTML page that works
with no network (``timeline_html`` draws the frame and the page).

Lanes are in the agencies' colours; a marker's colour says what kind of
event it is (child protection, health, police...) and its shape which event
type. All text from the agencies is escaped before it reaches Plotly, whose
hover and legend text understand a little HTML: a description holding
``<script>`` is shown as those characters.
"""

from __future__ import annotations

import datetime as dt
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
from .timeline_html import (
    KeyDate,
    Lane,
    TimelineFigure,
    day,
    esc,
    frame_figure,
    gap_traces,
    lane_numbers,
    stamp,
    text,
    texts,
    times,
    write_page,
)

# From this many dated entries the markers are drawn with WebGL: SVG slows
# down past a few thousand points, WebGL stays smooth at 20,000 and more.
WEBGL_FROM = 2000
WRAP_WIDTH = 64  # characters per line of hover text
MAX_DESCRIPTION_LINES = 14
MAX_NAMED = 6  # entries named in a hover before "and N more"

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
LINK_COLOUR = "rgba(40,40,40,0.55)"
PERIOD_BAR_COLOUR = "rgba(40,40,40,0.30)"
OUTLINE = {"width": 1, "color": "rgba(0,0,0,0.6)"}

# Kinds of event, each in one colour (Paul Tol's colour-blind-safe palettes);
# within a kind every event type has its own shape, in the order of SHAPES.
KIND_TABLE = """
#AA3377 | Child protection | referral_csc strategy_discussion s47_enquiry cp_medical
#AA3377 | Child protection | cp_conference core_group cp_plan looked_after escalation
#0077BB | Social care and early help | assessment cin_meeting early_help home_visit
#0077BB | Social care and early help | referral_other case_closure
#009988 | Health | health_contact gp_consultation ed_attendance hospital_admission
#009988 | Health | outpatient ambulance mental_health substance_misuse birth
#EE7733 | Missed contact | was_not_brought no_access
#CC3311 | Domestic abuse and police | domestic_abuse police_incident criminal_justice
#CC3311 | Domestic abuse and police | marac probation
#EE3377 | Harm and danger | injury missing_episode death
#AA9922 | Education | education_attendance education_exclusion education_concern
#33BBEE | Home and household | household_change housing
#777777 | Meetings and messages | professionals_meeting information_sharing
#BBBBBB | Other | other
"""
# Shapes that have a hollow ("-open") form, used for approximate dates.
SHAPES = str.split(
    "circle square diamond triangle-up triangle-down pentagon hexagram star "
    "triangle-right"
)

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


@dataclass(frozen=True)
class Look:
    """How one event type is drawn: its kind's colour and its own shape."""

    kind: str
    colour: str
    symbol: str
    rank: int  # its place in the legend


@cache
def _looks() -> dict[str, Look]:
    looks: dict[str, Look] = {}
    within: dict[str, int] = defaultdict(int)
    for line in KIND_TABLE.strip().splitlines():
        colour, kind, codes = (part.strip() for part in line.split("|"))
        for code in codes.split():
            shape = SHAPES[within[kind] % len(SHAPES)]
            looks[code] = Look(kind, colour, shape, len(looks))
            within[kind] += 1
    return looks


def look(code: str) -> Look:
    """The colour and shape of an event type (unknown codes look like "other")."""
    looks = _looks()
    if code in looks:
        return looks[code]
    other = looks["other"]
    return Look(other.kind, other.colour, other.symbol, len(looks))


@cache
def _type_label(code: str) -> str:
    return event_type_label(code) or code


def wrap(value: Any, width: int = WRAP_WIDTH, max_lines: int | None = None) -> str:
    """Escaped text broken into lines of at most ``width`` characters."""
    lines: list[str] = []
    for paragraph in text(value).splitlines() or [""]:
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
    line: list[str] = []
    size = -1  # the line's length, counting the space before a next word
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(" ".join(line))
                line, size = [], -1
            lines.append(word[:width])
            word = word[width:]
        if size + 1 + len(word) <= width:
            line.append(word)
            size += 1 + len(word)
        else:
            lines.append(" ".join(line))
            line, size = [word], len(word)
    lines.append(" ".join(line))
    return lines


def _clock(value: Any) -> dt.time | None:
    written = text(value).strip()
    try:
        return dt.time.fromisoformat(written) if written else None
    except ValueError:
        return None


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
    placed = _place(chronology)
    if webgl is None:
        webgl = len(placed.points) >= WEBGL_FROM
    traces: list[Any] = []
    traces += gap_traces(chronology.gaps, placed.lane_of)
    traces += _links(placed)
    traces += _entries(placed, webgl)
    traces += _flags(chronology, placed, webgl)
    fig = TimelineFigure(data=traces)
    frame_figure(
        fig,
        chronology.review,
        placed.lanes,
        extent=_extent(chronology, placed),
        key_dates=_key_dates(chronology, placed),
        dated=len(placed.points),
        undated=placed.undated,
    )
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


def _place(chronology: Chronology) -> Placed:
    entries = chronology.entries
    styles = agency_styles(entries, chronology.review)
    lanes = [Lane(n, "#" + s.colour, "#" + s.tint) for n, s in styles.items()]
    names = entries["agency"] if "agency" in entries.columns else [""] * len(entries)
    if any(cell_text(name) not in styles for name in names):
        lanes.append(Lane(NO_AGENCY, "#BBBBBB", "#EEEEEE"))
    if _has_rows(chronology.flags):
        lanes.insert(0, Lane(FLAG_LANE, FLAG_COLOUR, FLAG_TINT))
    placed = Placed(lanes, {lane.name: i for i, lane in enumerate(lanes)})
    records = _records(entries)
    ages = _ages(chronology)
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(records):
        point = _point(row, index, placed)
        if point is None:
            placed.undated += 1
            continue
        placed.points.append(point)
        rows.append(row | {"age": ages[index]})
    related = _related(chronology, placed.points)
    subject = esc(chronology.review.review.subject)
    for point, row in zip(placed.points, rows, strict=True):
        point.hover = _entry_hover(point, row, subject, related.get(point.entry_id))
    return placed


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


def _has_rows(frame: pd.DataFrame | None) -> bool:
    return frame is not None and len(frame) > 0


def _ages(chronology: Chronology) -> list[str]:
    """The child's age at each entry: the merge's ``age`` column when present."""
    entries = chronology.entries
    if "age" in entries.columns:
        return [cell_text(v) for v in entries["age"]]
    from ..analyse.ages import child_ages

    return [cell_text(v) for v in child_ages(entries, chronology.review)]


def _related(chronology: Chronology, points: list[Point]) -> dict[str, str]:
    """Hover lines naming the other entries of each entry's event group."""
    by_group: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        if point.group:
            by_group[point.group].append(point)
    reasons: dict[str, str] = {}
    groups = chronology.groups
    if _has_rows(groups) and {"event_group", "reasons"} <= set(groups.columns):
        for group, reason in zip(groups["event_group"], groups["reasons"], strict=True):
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
    """Date as written (and as read), agency, type, age, text, links, source."""
    written = text(row.get("date_text"))
    clock = text(row.get("time"))
    if clock and clock not in written:
        written = f"{written} {clock}".strip()
    meaning = point.when
    precision = text(row.get("date_precision"))
    if precision and precision != "day":
        meaning += f" ({precision})"
    if point.approximate:
        meaning += ", approximate"
    lines = [
        f"<b>{esc(written) or 'No date written'}</b>  <i>read as {esc(meaning)}</i>",
        f"<b>{esc(point.agency)}</b> · {esc(_type_label(point.event_type))}",
    ]
    also = [_type_label(c) for c in split_ids(row.get("secondary_types"))]
    if also:
        lines.append("Also: " + esc(", ".join(also)))
    age = text(row.get("age"))
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


def _entries(placed: Placed, webgl: bool) -> list[Any]:
    """The markers, and the bars of imprecise dates, in legend groups.

    With SVG, one legend item per event type, each in its kind's colour and
    its own shape; the item is a trace of its own so it always shows the
    filled shape. With WebGL every marker is round, so the legend has one
    item per kind of event. The bars share their markers' legend group, so
    one click hides both.
    """
    groups: dict[str, list[Point]] = defaultdict(list)
    for point in placed.points:
        groups[look(point.event_type).kind if webgl else point.event_type].append(point)
    taxonomy = {code: i for i, code in enumerate(event_type_codes())}
    traces: list[Any] = []
    for key in sorted(groups, key=lambda k: (_rank(k, webgl), taxonomy.get(k, 0), k)):
        points = groups[key]
        style = look(points[0].event_type)
        name = esc(style.kind if webgl else _type_label(key))
        symbol = "circle" if webgl else style.symbol
        common = {"name": name, "legendgroup": key, "legendrank": 100 + style.rank}
        if not webgl:
            traces.append(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker={"symbol": symbol, "size": 10, "color": style.colour},
                    hoverinfo="skip",
                    meta={"role": "key", "event_type": key},
                    **common,
                )
            )
        bars = [p for p in points if p.start]
        if bars:
            traces.append(
                go.Scatter(
                    x=times([x for p in bars for x in (p.start, p.end, None)]),
                    y=lane_numbers([y for p in bars for y in (p.lane, p.lane, None)]),
                    mode="lines",
                    line={"color": PERIOD_BAR_COLOUR, "width": 5},
                    showlegend=False,
                    hoverinfo="skip",
                    meta={"role": "periods", "group": key},
                    **common,
                )
            )
        shown = webgl
        for approximate in (False, True):
            some = [p for p in points if p.approximate == approximate]
            if some:
                traces.append(_markers(some, webgl, symbol, approximate, shown, common))
                shown = False
    return traces


def _rank(key: str, webgl: bool) -> int:
    if not webgl:
        return look(key).rank
    return min(v.rank for v in _looks().values() if v.kind == key)


def _markers(
    points: list[Point],
    webgl: bool,
    symbol: str,
    approximate: bool,
    shown: bool,
    common: dict[str, Any],
) -> Any:
    """One trace of markers, hollow where the date is approximate."""
    scatter = go.Scattergl if webgl else go.Scatter
    return scatter(
        x=times([p.x for p in points]),
        y=lane_numbers([p.lane for p in points]),
        mode="markers",
        showlegend=shown,
        marker={
            "symbol": symbol + "-open" if approximate else symbol,
            "size": 11,
            "color": look(points[0].event_type).colour,
            "line": OUTLINE,
        },
        hovertext=texts([p.hover for p in points]),
        hoverinfo="text",
        customdata=texts([p.entry_id for p in points]),
        meta={
            "role": "entries",
            "group": common["legendgroup"],
            "approximate": approximate,
        },
        **common,
    )


def _links(placed: Placed) -> list[Any]:
    """Lines joining the entries of one event group across the lanes.

    One line per group through its first entry in each lane; entries of one
    group in one lane already sit side by side. SVG, like the period bars:
    WebGL lines cost seconds more to set up in a browser without a GPU.
    """
    groups: dict[str, list[Point]] = defaultdict(list)
    for point in placed.points:
        if point.group:
            groups[point.group].append(point)
    xs: list[str | None] = []
    ys: list[int | None] = []
    for group in sorted(groups):
        first_in_lane: dict[int, Point] = {}
        for point in sorted(groups[group], key=lambda p: (p.lane, p.x, p.entry_id)):
            first_in_lane.setdefault(point.lane, point)
        if len(first_in_lane) < 2:
            continue
        xs += [p.x for p in first_in_lane.values()] + [None]
        ys += [p.lane for p in first_in_lane.values()] + [None]
    if not xs:
        return []
    return [
        go.Scatter(
            x=times(xs),
            y=lane_numbers(ys),
            mode="lines",
            name="Same event, recorded more than once",
            legendgroup="links",
            legendrank=20,
            line={"color": LINK_COLOUR, "width": 1.5},
            hoverinfo="skip",
            meta={"role": "links"},
        )
    ]


def _flags(chronology: Chronology, placed: Placed, webgl: bool) -> list[Any]:
    """Flag markers in their own lane, and a ring round each entry they name."""
    flags = chronology.flags
    if not _has_rows(flags) or FLAG_LANE not in placed.lane_of:
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
                meta={"role": "flagged"},
            )
        )
    return traces


# --- what frames the traces ---


def _extent(chronology: Chronology, placed: Placed) -> list[str]:
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


def _key_dates(chronology: Chronology, placed: Placed) -> list[KeyDate]:
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
