"""The hover text of each placed entry: its date as written and as read,
agency, type, the child's age, description, the entries of the same event,
flags and where it came from; escaped and wrapped for Plotly."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..style import cell_text, source_position, split_ids
from .placing import Point, has_rows
from .values import esc, text, type_label

if TYPE_CHECKING:
    from ...chronology import Chronology

WRAP_WIDTH = 64  # characters per line of hover text
MAX_DESCRIPTION_LINES = 14
MAX_NAMED = 6  # entries named in a hover before "and N more"

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


def describe(
    chronology: Chronology, points: list[Point], rows: list[dict[str, Any]]
) -> None:
    """Give each placed entry its hover text (``rows``: each point's row, as
    :func:`placing.place` returns them), once every entry is placed, so the
    text can name the other entries of the same event."""
    related = _related(chronology, points)
    subject = esc(chronology.review.review.subject)
    for point, row in zip(points, rows, strict=True):
        point.hover = _entry_hover(point, row, subject, related.get(point.entry_id))


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


def _related(chronology: Chronology, points: list[Point]) -> dict[str, str]:
    """Hover lines naming the other entries of each entry's event group."""
    by_group: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        if point.group:
            by_group[point.group].append(point)
    reasons: dict[str, str] = {}
    groups = chronology.groups
    if has_rows(groups) and {"event_group", "reasons"} <= set(groups.columns):
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


def _entry_hover(
    point: Point, row: dict[str, Any], subject: str, related: str | None
) -> str:
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
        f"<b>{esc(point.agency)}</b> · {esc(type_label(point.event_type))}",
    ]
    also = [type_label(c) for c in split_ids(row.get("secondary_types"))]
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
