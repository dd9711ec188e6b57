"""Around the timeline's traces: lanes, gaps, axes, key dates, and the page.

:func:`frame_figure` draws what frames the entries (one band per agency lane,
the review period, births and deaths, the zoom buttons, the key). The page
(:func:`write_page`) holds plotly.js itself, so nothing is fetched, and the
figure with its coordinates as typed arrays, deflated (:func:`pack`); Plotly's
"send to cloud" control, which would upload the figure with every description
in it, is switched off; and a Content-Security-Policy forbids every connection
and every script but the page's own two (named by their SHA-256 hashes). The
same figure always gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
import warnings
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from .._version import __version__
from ..errors import ExportError
from ..review import ReviewSettings
from .style import cell_text, long_date

DIV_ID = "chronomerge-timeline"
DATA_ID = "chronomerge-figure"
PACK_LEVEL = 6  # deflate: 9 is 2% smaller and twice as slow to write

# Plotly's configuration for every display of the timeline. The cloud keys
# are forced off even when a caller passes its own configuration.
NO_CLOUD: dict[str, Any] = {
    "showLink": False,
    "sendData": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "plotlyServerURL": "",
}
PLOT_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "typesetMath": False,  # a "$...$" in a description stays text
    "responsive": True,
    "scrollZoom": False,  # the wheel scrolls the page; drag or the buttons zoom
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "timeline", "scale": 2},
    **NO_CLOUD,
}

# Runs once plotly.js is loaded. The figure arrives deflated and in base64
# (a fifth of its JSON); the browser inflates it natively. Where the browser
# has no WebGL (some remote desktops), the WebGL traces are redrawn with SVG:
# slower, but complete.
RENDER_SCRIPT = """(function () {
  "use strict";
  var gd = document.getElementById(%(div)s);
  var config = %(config)s;
  // WebGL at the screen's resolution (Plotly's default, twice it, makes a
  // plain screen draw four times the pixels).
  config.plotGlPixelRatio = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  function unpack() {
    var packed = document.getElementById(%(data)s).textContent.trim();
    var bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(packed) : null;
    if (!bytes) {
      var text = atob(packed);
      bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    }
    var stream = new Blob([bytes]).stream()
      .pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text();
  }
  function draw(json) {
    var fig = JSON.parse(json);
    return Plotly.newPlot(gd, fig.data, fig.layout, config);
  }
  if (typeof DecompressionStream === "undefined") {
    gd.textContent = "This browser is too old to show the timeline: open the " +
      "file in a current Edge, Chrome, Firefox or Safari.";
    return;
  }
  unpack().then(function (json) {
    return draw(json).then(function () {
      if (!gd.querySelector(".no-webgl")) { return null; }
      var fig = JSON.parse(json);
      fig.data.forEach(function (trace) {
        if (trace.type === "scattergl") { trace.type = "scatter"; }
      });
      document.documentElement.setAttribute("data-webgl-fallback", "true");
      Plotly.purge(gd);
      return Plotly.newPlot(gd, fig.data, fig.layout, config);
    });
  }).then(function () {
    // Marked once the browser has painted the drawn plot (two frames on).
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        performance.mark("chronomerge-drawn");
        document.documentElement.setAttribute("data-rendered", "true");
      });
    });
  });
})();
"""

PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%(csp)s">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chronomerge %(version)s">
<title>%(marking)s: %(title)s (timeline)</title>
<style>
html, body { margin: 0; font-family: Arial, "Liberation Sans", Helvetica, sans-serif; }
.marking { margin: 0; padding: 4px 12px; text-align: center; font-weight: bold;
  letter-spacing: 0.05em; background: #8B0000; color: #FFFFFF; }
.about { margin: 4px 12px 8px; font-size: 12px; color: #444444; }
#%(div_id)s { width: 100%%; height: %(height)spx; }
</style>
</head>
<body>
<p class="marking">%(marking)s</p>
<div id="%(div_id)s"></div>
<noscript><p class="about">The timeline needs JavaScript, which this browser
has switched off. The same entries are in the chronology workbook and the
Word chronology.</p></noscript>
<p class="about">Made by chronomerge %(version)s. Everything this page needs is
inside it: it works with no network connection and sends nothing anywhere.</p>
<p class="marking">%(marking)s</p>
<script type="application/octet-stream" id="%(data_id)s">%(figure)s</script>
<script>%(plotlyjs)s</script>
<script>%(render)s</script>
</body>
</html>
"""


def safe_config(config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The timeline's Plotly configuration, with a caller's settings on top,
    except that nothing can switch the cloud controls back on."""
    return {**PLOT_CONFIG, **(config or {}), **NO_CLOUD}


class TimelineFigure(go.Figure):
    """A Plotly figure whose every display keeps the cloud controls off.

    Plotly's default configuration offers a "send to cloud" button that would
    upload the whole figure, descriptions included. Jupyter, ``show()`` and
    the HTML exports of this figure use :func:`safe_config` instead.
    """

    def show(self, *args: Any, **kwargs: Any) -> None:
        kwargs["config"] = safe_config(kwargs.get("config"))
        with _quiet_config():
            super().show(*args, **kwargs)

    def _ipython_display_(self) -> None:
        if pio.renderers.render_on_display and pio.renderers.default:
            with _quiet_config():
                pio.show(self, config=safe_config())
        else:
            print(repr(self))

    def _repr_mimebundle_(
        self,
        include: Any = None,
        exclude: Any = None,
        validate: bool = True,
        **kwargs: Any,
    ) -> dict[str, Any]:
        kwargs["config"] = safe_config(kwargs.get("config"))
        with _quiet_config():
            return super()._repr_mimebundle_(include, exclude, validate, **kwargs)

    def to_html(self, *args: Any, **kwargs: Any) -> str:
        kwargs["config"] = safe_config(kwargs.get("config"))
        with _quiet_config():
            return super().to_html(*args, **kwargs)

    def write_html(self, *args: Any, **kwargs: Any) -> None:
        kwargs["config"] = safe_config(kwargs.get("config"))
        with _quiet_config():
            super().write_html(*args, **kwargs)


@contextmanager
def _quiet_config() -> Iterator[None]:
    """plotly.py warns about the cloud keys that plotly.js 3 dropped; they stay
    for older plotly.js (e.g. a JupyterLab extension's) and are harmless."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"\s*Unrecognized config options")
        yield


# --- the frame: lanes, axes, period, key dates ---

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


def esc(value: Any) -> str:
    """Text made safe for Plotly's hover, legend and label text.

    Plotly reads ``<br>``, ``<b>`` and a few more tags in these strings, so
    ``&``, ``<`` and ``>`` from the agencies' files are written as entities:
    the reader sees the characters, and nothing in them acts as markup.
    """
    return html.escape(text(value), quote=False)


def text(value: Any) -> str:
    """:func:`cell_text`, with text itself passed straight through (the
    timeline asks for hundreds of thousands of cells)."""
    return value if type(value) is str else cell_text(value)


@dataclass(frozen=True)
class Lane:
    """One swimlane: its name and colours (``#RRGGBB``)."""

    name: str
    colour: str
    tint: str


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
) -> None:
    """Lay out the lanes, the axes and the marks around the traces."""
    info = review.review
    n = len(lanes)
    keys = [t.name or "" for t in fig.data if t.showlegend is not False]
    height = TOP + BOTTOM + max(300, 46 * n, 19 * len(keys) + 70)
    margin = _margins(lanes, keys)
    shapes = [_band(i, lane.tint) for i, lane in enumerate(lanes)]
    annotations: list[dict[str, Any]] = []
    _period(info.period_start, info.period_end, shapes, annotations)
    for index, mark in enumerate(sorted(key_dates, key=lambda k: k.x)):
        shapes.append(_vline(mark.x, KEY_DATE_COLOUR, "solid" if mark.solid else "dot"))
        annotations.append(_label(mark.x, mark.text, 2 + 18 * (index % 3)))
    annotations.append(_note(dated, undated))
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
        margin=margin,
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
        xaxis={
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
        },
        yaxis={
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
        },
    )


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


# --- gaps: shaded where nobody recorded anything ---

# Gaps are hatched in grey over a paler lane: "nothing recorded here", in no
# colour a kind of event uses. The whole-review gaps are the darker.
GAP_TEXT = "#333333"
GAP_STYLES = {
    "all": ("No entry from any agency (gap)", 0.9, 0.55, 30, 12),
    "one": ("No entry from this agency (gap)", 0.5, 0.4, 31, 10),
}


def day(value: Any) -> dt.date | None:
    """An ISO date from a cell, or None."""
    try:
        return dt.date.fromisoformat(text(value).strip()[:10])
    except ValueError:
        return None


def stamp(moment: dt.datetime) -> str:
    """An x value Plotly reads as a date and time (minutes are enough)."""
    if moment.hour == 0 and moment.minute == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")


def times(stamps: Sequence[str | None]) -> np.ndarray:
    """x values as Plotly reads them fastest: milliseconds since 1970 in a
    float64 array, on the date axis; ``None`` (a break in a line) is NaN."""
    moments = np.array([s or "NaT" for s in stamps], dtype="datetime64[ms]")
    values = moments.astype("int64").astype("float64")
    values[np.isnat(moments)] = np.nan
    return values


def lane_numbers(numbers: Sequence[int | None]) -> np.ndarray:
    """y values (lane numbers) in the smallest array that holds them; with a
    ``None`` (a break in a line) as NaN in float32."""
    lanes = [n for n in numbers if n is not None]
    if len(lanes) < len(numbers):
        return np.array([np.nan if n is None else n for n in numbers], "float32")
    return np.array(lanes, "uint8" if max(lanes, default=0) < 256 else "int32")


def texts(values: Sequence[str]) -> np.ndarray:
    """Per-point text as an object array: Plotly takes it without checking
    each string again (seconds at 100,000 entries)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


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


# --- the page ---


# Chromium's compile hint: plotly.js runs most of itself while drawing the
# first plot, so compiling it eagerly, on load, saves about 0.1 s of the
# first draw; other browsers read a comment.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


@cache
def _plotlyjs() -> tuple[str, str]:
    """plotly.js and its CSP hash (read once: it is 4.8 MB)."""
    text = COMPILE_HINT + get_plotlyjs()
    return text, script_hash(text)


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def uses_webgl(fig: go.Figure) -> bool:
    """Whether any trace is drawn with WebGL."""
    return any(str(trace.type).endswith("gl") for trace in fig.data)


def content_security_policy(script_hashes: list[str], *, webgl: bool) -> str:
    """The tightest policy the page works under.

    Only the page's own scripts run (by hash), and no connection of any kind
    is allowed. plotly.js's WebGL layer (regl) builds its shader code with
    ``new Function``, so a page with WebGL traces needs ``'unsafe-eval'``;
    it lets the page's own scripts compile code, never run injected ones.
    Plotly sets styles inline, hence ``style-src 'unsafe-inline'``; images
    are only the ones it draws itself (``data:`` and ``blob:``).
    """
    scripts = " ".join(script_hashes) + (" 'unsafe-eval'" if webgl else "")
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


# Plotly's names for the typed arrays it reads from base64 ("bdata").
TYPED = {"float64": "f8", "float32": "f4", "int8": "i1", "uint8": "u1",
         "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4"}  # fmt: skip
# Trace properties the page never shows (the entry ids are for Python users).
NOT_SHOWN = ("customdata",)


def _plain(value: Any) -> Any:
    """JSON for what :mod:`json` cannot write: numeric arrays as Plotly's
    typed arrays (base64 of the raw little-endian bytes), text arrays as
    lists."""
    if isinstance(value, np.ndarray):
        code = TYPED.get(value.dtype.name)
        if code is None:
            return value.tolist()
        raw = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))
        return {"dtype": code, "bdata": base64.b64encode(raw.tobytes()).decode()}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} in the figure")


def figure_json(fig: go.Figure) -> str:
    """The figure's data and layout as compact JSON: coordinates as typed
    arrays, hover text as it is (the page packs it, so nothing needs
    escaping), nothing the page does not show."""
    data = []
    for trace in fig.data:
        spec = trace.to_plotly_json()
        data.append({k: v for k, v in spec.items() if k not in NOT_SHOWN})
    layout = fig.layout.to_plotly_json()
    return json.dumps(
        {"data": data, "layout": layout},
        ensure_ascii=False,
        separators=(",", ":"),
        default=_plain,
    )


def pack(text: str) -> str:
    """Text deflated (zlib's format) and in base64, as the page carries its
    figure.

    Hover text repeats agency names, labels and markup entry after entry;
    deflated it takes a fifth of the room, and the browser inflates it with
    its own ``DecompressionStream``. Base64 holds no ``<`` or ``&``, so no
    agency text can end the element it sits in. Same text, same bytes.
    """
    packer = zlib.compressobj(PACK_LEVEL, zlib.DEFLATED, 15, 9)
    raw = packer.compress(text.encode("utf-8")) + packer.flush()
    return base64.b64encode(raw).decode("ascii")


def unpack(packed: str) -> str:
    """The figure's JSON from a page's packed data (for tests and tools)."""
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def page_html(fig: go.Figure, *, title: str, marking: str) -> str:
    """The whole page as text."""
    plotlyjs, plotly_hash = _plotlyjs()
    render = RENDER_SCRIPT % {
        "div": json.dumps(DIV_ID),
        "data": json.dumps(DATA_ID),
        "config": json.dumps(PLOT_CONFIG, sort_keys=True),
    }
    csp = content_security_policy(
        [plotly_hash, script_hash(render)], webgl=uses_webgl(fig)
    )
    height = fig.layout.height or 600
    return PAGE % {
        "csp": html.escape(csp),
        "version": html.escape(__version__),
        "title": html.escape(title),
        "marking": html.escape(marking),
        "div_id": DIV_ID,
        "data_id": DATA_ID,
        "figure": pack(figure_json(fig)),
        "height": int(height),
        "plotlyjs": plotlyjs,
        "render": render,
    }


def write_page(fig: go.Figure, path: str | Path, *, title: str, marking: str) -> Path:
    """Write the page; the same figure gives the same bytes.

    Raises:
        ExportError: when the file cannot be written, saying why.
    """
    path = Path(path)
    text = page_html(fig, title=title, marking=marking)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise ExportError(
            f"The timeline could not be written to {path} ({exc.strerror}). "
            "Check the folder exists and you may write to it."
        ) from exc
    return path
