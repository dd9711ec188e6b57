"""The key practice episodes the author accepted: a shaded band behind the
lanes from each episode's first day to its last, labelled at the foot of
the plot with its number; hovering the label gives its title and dates.

Only accepted episodes are drawn. A proposal is a prompt the author has not
decided on; drawn on the panel's timeline it would read as the review's own
structure. The proposals are on the workbook's Episodes sheet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..episodes import Episode
from ..style import long_date
from .values import esc

# Neutral: a pale warm grey, unlike the lanes' tints, the hatched grey gaps
# and the dark review-period band.
EPISODE_FILL = "rgba(120,105,80,0.13)"
EPISODE_LINE = "rgba(120,105,80,0.55)"
EPISODE_TEXT = "#4A3F2E"
EPISODES_HOW_TO_READ = (
    "<br>Shaded columns: the key practice episodes the review author accepted;"
    " hover over a label for the episode's title and dates."
)


def episode_marks(
    episodes: list[Episode],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A band and a label for each accepted episode, numbered in date order;
    labels staggered over two heights so near episodes' labels stay apart."""
    shapes, labels = [], []
    for number, episode in enumerate(episodes, start=1):
        try:
            after = dt.date.fromisoformat(episode.end) + dt.timedelta(days=1)
            dt.date.fromisoformat(episode.start)
        except ValueError:
            continue
        shapes.append(_band(number, episode.start, after.isoformat()))
        labels.append(_label(number, episode, 4 + 18 * ((number - 1) % 2)))
    return shapes, labels


def _band(number: int, start: str, after_end: str) -> dict[str, Any]:
    return {
        "type": "rect",
        "name": f"episode-{number}",
        "xref": "x",
        "x0": start,
        "x1": after_end,
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "fillcolor": EPISODE_FILL,
        "line": {"width": 1, "color": EPISODE_LINE, "dash": "dot"},
        "layer": "below",
    }


def _label(number: int, episode: Episode, shift: int) -> dict[str, Any]:
    title = episode.title.strip() or "Key practice episode"
    hover = (
        f"<b>Episode {number}: {esc(title)}</b><br>"
        f"{esc(long_date(episode.start))} to {esc(long_date(episode.end))}<br>"
        "<i>accepted by the review author</i>"
    )
    return {
        "name": f"episode-{number}",
        "text": f"<b>Episode {number}</b>",
        "hovertext": hover,
        "x": episode.start,
        "xref": "x",
        "y": 0,
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": "left",
        "yshift": shift,
        "showarrow": False,
        "bgcolor": "rgba(255,255,255,0.85)",
        "font": {"size": 11, "color": EPISODE_TEXT},
    }
