"""The timeline as one HTML page that works, and stays, offline.

The page holds plotly.js itself, so nothing is fetched; Plotly's "send to
cloud" and "edit in Chart Studio" controls, which would upload the figure
with every description in it, are switched off; and a Content-Security-Policy
forbids every connection and every script but the page's own two (named by
their SHA-256 hashes). The same figure always gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

from .._version import __version__
from ..errors import ExportError

DIV_ID = "chronomerge-timeline"
DATA_ID = "chronomerge-figure"

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
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "timeline", "scale": 2},
    **NO_CLOUD,
}

# Runs once plotly.js is loaded. Where the browser has no WebGL (some remote
# desktops), the WebGL traces are redrawn with SVG: slower, but complete.
RENDER_SCRIPT = """(function () {
  "use strict";
  var gd = document.getElementById(%(div)s);
  var config = %(config)s;
  function figure() {
    return JSON.parse(document.getElementById(%(data)s).textContent);
  }
  function draw(fig) {
    return Plotly.newPlot(gd, fig.data, fig.layout, config);
  }
  draw(figure()).then(function () {
    if (!gd.querySelector(".no-webgl")) { return null; }
    var fig = figure();
    fig.data.forEach(function (trace) {
      if (trace.type === "scattergl") { trace.type = "scatter"; }
    });
    document.documentElement.setAttribute("data-webgl-fallback", "true");
    Plotly.purge(gd);
    return draw(fig);
  }).then(function () {
    document.documentElement.setAttribute("data-rendered", "true");
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
<script type="application/json" id="%(data_id)s">%(figure)s</script>
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


@cache
def _plotlyjs() -> tuple[str, str]:
    """plotly.js and its CSP hash (read once: it is 4.8 MB)."""
    text = get_plotlyjs()
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


def figure_json(fig: go.Figure) -> str:
    """The figure's data and layout as JSON that can sit in a script element.

    Plotly's own encoder writes every ``<``, ``>`` and ``/`` as ``\\u`` escapes,
    which makes hover text full of ``<br>`` half as long again; only ``</``
    and ``<!`` can end or confuse the element, so only they are escaped.
    """
    spec = fig.to_dict()
    plain = json.loads(to_json_plotly({"data": spec["data"], "layout": spec["layout"]}))
    text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "\\u003c/").replace("<!", "\\u003c!")


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
        "figure": figure_json(fig),
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
