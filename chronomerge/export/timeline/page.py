"""The timeline's page: one self-contained HTML file.

The page holds plotly.js itself, so nothing is fetched, and the figure with
its coordinates as typed arrays, both deflated (:func:`pack`: plotly.js is
4.8 MB as text, 1.9 MB packed); Plotly's "send to
cloud" control, which would upload the figure with every description in it,
is switched off; and a Content-Security-Policy forbids every connection and
every script but the page's own two (named by their SHA-256 hashes). The
same figure always gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from ..._version import __version__
from ...errors import ExportError
from .display import PLOT_CONFIG

DIV_ID = "chronomerge-timeline"
DATA_ID = "chronomerge-figure"
PLOTLY_ID = "chronomerge-plotly"
PEOPLE_ID = "chronomerge-people"
PACK_LEVEL = 6  # deflate: 9 is 2% smaller and twice as slow to write
PLOTLY_PACK_LEVEL = 9  # plotly.js is packed once a process, so the smallest

# The page's one parser-run script. plotly.js and the figure arrive deflated
# and in base64 (plotly.js in a third of its 4.8 MB, the figure in a fifth of
# its JSON); the browser inflates both natively, runs plotly.js as an inline
# script the policy allows by its hash, then draws. Where the browser has no
# WebGL (some remote desktops), the WebGL traces are redrawn with SVG:
# slower, but complete.
RENDER_SCRIPT = """(function () {
  "use strict";
  var gd = document.getElementById(%(div)s);
  var config = %(config)s;
  // WebGL at the screen's resolution (Plotly's default, twice it, makes a
  // plain screen draw four times the pixels).
  config.plotGlPixelRatio = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  function unpack(id) {
    var packed = document.getElementById(id).textContent.trim();
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
  // The "Person" control: only the entries naming the person chosen (the
  // register's entries, in layout.meta.people), their period bars with them.
  function personControl() {
    var meta = gd.layout.meta || {};
    var people = meta.people || [];
    var box = document.getElementById(%(people)s);
    var select = box && box.querySelector("select");
    var note = box && box.querySelector("output");
    if (!people.length || !select) { return; }
    // Points not naming the person get no lane (NaN): Plotly neither draws
    // nor hovers them, and the dates, hover text and axes stay as they are.
    var kept = {};
    function original(i) {
      if (!kept[i]) {
        var full = gd._fullData.filter(function (t) { return t.index === i; })[0];
        kept[i] = { spec: gd.data[i].y, y: full.y };
      }
      return kept[i];
    }
    var numbers = meta.people_traces || [];
    numbers.forEach(original);
    var types = {
      "xaxis.type": gd._fullLayout.xaxis.type,
      "yaxis.type": gd._fullLayout.yaxis.type
    };
    people.forEach(function (who, k) {
      var option = document.createElement("option");
      option.value = String(k);
      option.textContent = who.person +
        (who.role && who.role !== who.person ? " (" + who.role + ")" : "") +
        ": " + who.entries + (who.entries === 1 ? " entry" : " entries");
      select.appendChild(option);
    });
    function show() {
      var who = select.value === "" ? null : people[Number(select.value)];
      var ys = numbers.map(function (i) {
        var o = original(i);
        if (!who) { return o.spec; }
        var y = new Float64Array(o.y.length).fill(NaN);
        (who.points[String(i)] || []).forEach(function (j) { y[j] = o.y[j]; });
        return y;
      });
      note.textContent = who
        ? "Showing the " + who.entries + " dated " +
          (who.entries === 1 ? "entry" : "entries") + " naming " + who.person + "."
        : "";
      // Restyling data makes Plotly guess the axes' types again (the dates
      // would become plain numbers): they are kept as drawn.
      return Plotly.update(gd, { y: ys }, types, numbers).then(function () {
        document.documentElement.setAttribute("data-person", who ? who.person : "");
      });
    }
    select.addEventListener("change", show);
    box.hidden = false;
  }
  if (typeof DecompressionStream === "undefined") {
    gd.textContent = "This browser is too old to show the timeline: open the " +
      "file in a current Edge, Chrome, Firefox or Safari.";
    return;
  }
  unpack(%(plotly)s).then(function (js) {
    var script = document.createElement("script");
    script.textContent = js;  // allowed by its hash, as if written in the page
    document.head.appendChild(script);
    return unpack(%(data)s);
  }).then(function (json) {
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
    personControl();
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
.people { margin: 6px 12px 0; font-size: 13px; color: #222222; }
.people output { margin-left: 8px; color: #444444; }
</style>
</head>
<body>
<p class="marking">%(marking)s</p>
<p class="people" id="%(people_id)s" hidden><label>Person:
<select><option value="">Everyone: all entries</option></select></label>
<output></output></p>
<div id="%(div_id)s"></div>
<noscript><p class="about">The timeline needs JavaScript, which this browser
has switched off. The same entries are in the chronology workbook and the
Word chronology.</p></noscript>
<p class="about">Made by chronomerge %(version)s. Everything this page needs is
inside it: it works with no network connection and sends nothing anywhere.</p>
<p class="marking">%(marking)s</p>
<script type="application/octet-stream" id="%(data_id)s">%(figure)s</script>
<script type="application/octet-stream" id="%(plotly_id)s">%(plotlyjs)s</script>
<script>%(render)s</script>
</body>
</html>
"""


# Chromium's compile hint: plotly.js runs most of itself while drawing the
# first plot, so compiling it eagerly, on load, saves about 0.1 s of the
# first draw; other browsers read a comment.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


@cache
def _plotlyjs() -> tuple[str, str]:
    """plotly.js packed as the page carries it, and the CSP hash of the
    script it becomes (made once a process: it is 4.8 MB)."""
    text = COMPILE_HINT + get_plotlyjs()
    return pack(text, PLOTLY_PACK_LEVEL), script_hash(text)


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


def pack(text: str, level: int = PACK_LEVEL) -> str:
    """Text deflated (zlib's format) and in base64, as the page carries its
    figure.

    Hover text repeats agency names, labels and markup entry after entry;
    deflated it takes a fifth of the room, and the browser inflates it with
    its own ``DecompressionStream``. Base64 holds no ``<`` or ``&``, so no
    agency text can end the element it sits in. Same text, same bytes.
    """
    packer = zlib.compressobj(level, zlib.DEFLATED, 15, 9)
    raw = packer.compress(text.encode("utf-8")) + packer.flush()
    return base64.b64encode(raw).decode("ascii")


def unpack(packed: str) -> str:
    """The text of a page's packed element: the figure's JSON or plotly.js
    (for tests and tools)."""
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def page_html(fig: go.Figure, *, title: str, marking: str) -> str:
    """The whole page as text."""
    plotlyjs, plotly_hash = _plotlyjs()
    render = RENDER_SCRIPT % {
        "div": json.dumps(DIV_ID),
        "data": json.dumps(DATA_ID),
        "plotly": json.dumps(PLOTLY_ID),
        "people": json.dumps(PEOPLE_ID),
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
        "plotly_id": PLOTLY_ID,
        "people_id": PEOPLE_ID,
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
