"""Plotly's configuration for every display of the timeline, with the
cloud controls off: the page, ``show()``, Jupyter and Plotly's own HTML."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

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
