"""The sharing ledger as a picture: agencies as points on a circle, an arrow
from each sender to each recipient as wide as what was sent, and how much
of it the recipient records receiving.

Plain SVG written here (no library, no script), so the page is one small
self-contained file that works with no network, and the same ledger gives
the same bytes. In Jupyter, ``IPython.display.SVG(sharing_svg(ledger))``
shows it inline.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .style import AgencyStyle, cell_text

SIZE = 760
MARGIN = 200  # room for the agencies' names either side
RADIUS = 250
NODE = 16
MAX_WIDTH = 14.0
RECEIVED_COLOUR = "#1b6b3a"
UNRECEIVED_COLOUR = "#b35900"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(frozen=True)
class Pair:
    """What one agency sent to another, as the ledger counts it."""

    sender: str
    recipient: str
    sent: int
    received: int


def sharing_pairs(ledger: pd.DataFrame) -> list[Pair]:
    """Sends and receipts per (sender, recipient), sorted by their names."""
    if ledger.empty:
        return []
    counts: dict[tuple[str, str], list[int]] = {}
    for row in ledger.itertuples(index=False):
        key = (cell_text(row.from_agency), cell_text(row.to_agency))
        tally = counts.setdefault(key, [0, 0])
        tally[0] += 1
        tally[1] += 1 if cell_text(row.receipt_entry_id) else 0
    return [Pair(s, r, n, k) for (s, r), (n, k) in sorted(counts.items())]


def _place(names: list[str]) -> dict[str, tuple[float, float]]:
    centre = SIZE / 2
    step = 2 * math.pi / max(len(names), 1)
    return {
        name: (
            round(centre + RADIUS * math.sin(i * step), 1),
            round(centre - RADIUS * math.cos(i * step), 1),
        )
        for i, name in enumerate(names)
    }


def _arrow(pair: Pair, at: dict[str, tuple[float, float]], widest: int) -> str:
    (x1, y1), (x2, y2) = at[pair.sender], at[pair.recipient]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    # Bend to the right of the direction, so A->B and B->A are both seen.
    bend = 0.18 * length
    cx, cy = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
    sx, sy = x1 + ux * NODE, y1 + uy * NODE
    ex, ey = x2 - ux * (NODE + 4), y2 - uy * (NODE + 4)
    width = 1.5 + (MAX_WIDTH - 1.5) * pair.sent / max(widest, 1)
    share = pair.received / pair.sent if pair.sent else 0.0
    colour = RECEIVED_COLOUR if share >= 0.5 else UNRECEIVED_COLOUR
    said = (
        f"{pair.sender} to {pair.recipient}: {pair.sent} sent, "
        f"{pair.received} with a record of receipt"
    )
    path = f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
    dash = "" if pair.received == pair.sent else ' stroke-dasharray="14 6"'
    label_x, label_y = (sx + 2 * cx + ex) / 4, (sy + 2 * cy + ey) / 4
    return (
        f"<g><title>{html.escape(said)}</title>"
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-opacity="0.75" '
        f'stroke-width="{width:.1f}"{dash} marker-end="url(#arrow)"/>'
        f'<text x="{label_x:.1f}" y="{label_y:.1f}" font-size="11" '
        f'text-anchor="middle" fill="#222" stroke="#fff" stroke-width="3" '
        f'paint-order="stroke">{pair.received}/{pair.sent}</text></g>'
    )


def sharing_svg(
    ledger: pd.DataFrame, styles: dict[str, AgencyStyle] | None = None
) -> str:
    """The picture as one SVG element (with its namespace, so it also
    stands alone). ``styles`` colours each agency as the other outputs do."""
    pairs = sharing_pairs(ledger)
    names = sorted({p.sender for p in pairs} | {p.recipient for p in pairs})
    at = _place(names)
    widest = max((p.sent for p in pairs), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{-MARGIN} 0 {SIZE + 2 * MARGIN} {SIZE}" '
        f'width="{SIZE + 2 * MARGIN}" height="{SIZE}" role="img" '
        'aria-label="What each agency sent to another, and what was received">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" '
        'orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    ]
    parts += [_arrow(p, at, widest) for p in pairs if p.sender != p.recipient]
    for name in names:
        x, y = at[name]
        style = (styles or {}).get(name)
        fill = f"#{style.colour}" if style else "#5b6770"
        centre = SIZE / 2
        anchor = "start" if x > centre + 1 else "end" if x < centre - 1 else "middle"
        offset = NODE + 6
        tx = x + (offset if anchor == "start" else -offset if anchor == "end" else 0)
        ty = y + (-offset if y < SIZE / 2 and anchor == "middle" else 4)
        ty = ty + (offset + 8 if y > SIZE / 2 and anchor == "middle" else 0)
        parts.append(
            f"<g><title>{html.escape(name)}</title>"
            f'<circle cx="{x}" cy="{y}" r="{NODE}" fill="{fill}" stroke="#222"/>'
            f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="13" '
            f'text-anchor="{anchor}">{html.escape(name)}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def sharing_page(
    ledger: pd.DataFrame,
    title: str,
    styles: dict[str, AgencyStyle] | None = None,
    known: str = "",
) -> str:
    """A self-contained HTML page: the picture, a key and the pairs' table,
    then ``known`` (the What was known section's HTML, when given)."""
    pairs = sharing_pairs(ledger)
    rows = "\n".join(
        f"<tr><td>{html.escape(p.sender)}</td><td>{html.escape(p.recipient)}</td>"
        f"<td>{p.sent}</td><td>{p.received}</td><td>{p.sent - p.received}</td></tr>"
        for p in pairs
    )
    heading = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{heading}: what each agency shared and knew</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; margin: 1.5em; color: #222; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border: 1px solid #999; padding: 0.3em 0.6em; text-align: left; }}
.key span {{ display: inline-block; width: 2em; height: 0.4em; margin: 0 0.4em; }}
</style>
</head>
<body>
<h1>{heading}: what each agency shared and knew</h1>
<p>Each arrow runs from the agency that recorded sending information (a
referral, a notification, a letter, a call) to the agency it was sent to. Its
width is how many sends; the label is how many the recipient's own chronology
records receiving, out of those sent. A dashed arrow has sends with no record
of receipt: a prompt for the panel to ask about, not a finding. The rows
behind it are sharing.csv and the workbook's Sharing sheet.</p>
<p class="key"><span style="background:{RECEIVED_COLOUR}"></span>half or more
received <span style="background:{UNRECEIVED_COLOUR}"></span>less than half
received</p>
{sharing_svg(ledger, styles)}
<table>
<thead><tr><th>From</th><th>To</th><th>Sent</th><th>Received</th>
<th>No record of receipt</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
{known}
</body>
</html>
"""


def write_sharing_page(
    ledger: pd.DataFrame,
    path: str | Path,
    title: str,
    styles: dict[str, AgencyStyle] | None = None,
    known: str = "",
) -> Path:
    """Write :func:`sharing_page` to ``path`` (UTF-8)."""
    out = Path(path)
    out.write_text(sharing_page(ledger, title, styles, known), encoding="utf-8")
    return out
