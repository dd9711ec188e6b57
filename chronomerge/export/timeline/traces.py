"""The entries' traces: markers in their kind's colour and their type's
shape (hollow when the date is approximate), bars across imprecise dates,
and lines joining the entries of one event."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

import plotly.graph_objects as go

from ..style import event_type_codes
from .placing import Placed, Point
from .values import esc, lane_numbers, texts, times, type_label

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


def entry_traces(placed: Placed, webgl: bool) -> list[Any]:
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
        name = esc(style.kind if webgl else type_label(key))
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
                    customdata=texts([p.entry_id for p in bars for _ in range(3)]),
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


def link_traces(placed: Placed) -> list[Any]:
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
    ids: list[str] = []  # each point's entry, for the Person control
    for group in sorted(groups):
        first_in_lane: dict[int, Point] = {}
        for point in sorted(groups[group], key=lambda p: (p.lane, p.x, p.entry_id)):
            first_in_lane.setdefault(point.lane, point)
        if len(first_in_lane) < 2:
            continue
        xs += [p.x for p in first_in_lane.values()] + [None]
        ys += [p.lane for p in first_in_lane.values()] + [None]
        ids += [p.entry_id for p in first_in_lane.values()] + [""]
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
            customdata=texts(ids),
            meta={"role": "links"},
        )
    ]
