"""The values the timeline hands Plotly: agency text escaped, dates as
stamps, coordinates and per-point text as the arrays Plotly reads fastest,
and event types' labels."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from ..style import cell_text, event_type_label


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


@cache
def type_label(code: str) -> str:
    """An event type's label (its code when it has none)."""
    return event_type_label(code) or code
