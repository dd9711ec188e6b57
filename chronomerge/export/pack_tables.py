"""The rows of the panel pack's tables, as plain values.

Kept apart from the writers so the workbook (and anything else) can show the
same rows; each function returns headings, column widths and rows, and never
touches a file.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..model import CHRONOLOGY_COLUMNS, EXTRA_PREFIX
from .episodes import all_episodes
from .style import (
    AgencyStyle,
    cell_text,
    event_type_codes,
    event_type_label,
    event_type_short,
    join_unique,
    read_as,
    source_position,
    split_ids,
    uk_date,
)

ORPHAN_REASON = (
    "The entry this note was written against is not in this merge (its file, "
    "sheet or row changed, or the file was left out). Find the entry again and "
    "copy the note to it; the note stays here until then."
)

if TYPE_CHECKING:
    from ..chronology import Chronology
OPTIONAL_COLUMNS: dict[str, str] = {
    "sequence": "Sequence",
    "date_end_text": "End date as written",
    "time_end": "End time",
    "agency_type": "Agency's type",
    "description": "Description",
    "practitioner": "Practitioner",
    "person": "Person",
    "outcome": "Action / outcome",
    "analysis": "Agency analysis",
    "risk": "Risk",
    "child_seen": "Child seen",
    "seen_alone": "Seen alone",
}
Rows = Iterator[list[Any]]


def col(frame: pd.DataFrame, name: str) -> list[str]:
    """A column as display text, or blanks when the frame lacks it."""
    if name not in frame.columns:
        return [""] * len(frame)
    series = frame[name]
    if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        return series.fillna("").tolist()
    return [cell_text(v) for v in series.tolist()]


def number(value: Any) -> int | float | str:
    """A count or score as a number when it is one (Excel can sum and sort it)."""
    text = cell_text(value)
    try:
        as_float = float(text)
    except ValueError:
        return text
    return int(as_float) if as_float.is_integer() else as_float


def made_by(manifest: dict[str, Any], default: str) -> str:
    """The chronomerge version the manifest records (else ``default``)."""
    return str(
        manifest.get("chronomerge_version") or manifest.get("version") or default
    )


@cache
def _label(code: str) -> str:
    return event_type_label(code)


def group_members(entries: pd.DataFrame) -> dict[str, list[int]]:
    """Event group -> positions of its entries, in chronology order; an entry
    with no group is a group of its own, named by its entry id."""
    members: dict[str, list[int]] = {}
    for i, (group, entry_id) in enumerate(
        zip(col(entries, "event_group"), col(entries, "entry_id"), strict=True)
    ):
        members.setdefault(group or entry_id, []).append(i)
    return members


def event_label(code: str) -> str:
    """The label of an entry's main event type."""
    return _label(code)


def other_types(secondary: str) -> str:
    """An entry's secondary event types by their short names, '; '-joined:
    every type is kept, in a few words each, so the row stays short."""
    return "; ".join(event_type_short(c) for c in split_ids(secondary))


def chronology_rows(chronology: Chronology) -> Rows:
    """The Chronology sheet's rows, in the order of ``chronology.entries``.

    Columns: date as written, read as, time, age, agency, event type, other
    types, description, action/outcome, analysis, linked event, also recorded
    by, flags, source, entry id.
    """
    e = chronology.entries
    c = {name: col(e, name) for name in SHOWN_COLUMNS}
    approx = e["date_approximate"].tolist() if "date_approximate" in e else []
    members = group_members(e)
    for i in range(len(e)):
        group = c["event_group"][i] or c["entry_id"][i]
        group_rows = members.get(group, [i])
        linked = len(group_rows) > 1
        yield [
            c["date_text"][i],
            read_as(
                c["date_start"][i],
                c["date_end"][i],
                c["date_precision"][i],
                approx[i] if approx else False,
            ),
            c["time"][i],
            c["age"][i],
            c["agency"][i],
            _label(c["event_type"][i]),
            other_types(c["secondary_types"][i]),
            c["description"][i],
            c["outcome"][i],
            c["analysis"][i],
            group if linked else "",
            join_unique(c["agency"][j] for j in group_rows if j != i),
            "; ".join(split_ids(c["flags"][i])),
            source_position(
                c["source_file"][i], c["source_location"][i], c["source_row"][i]
            ),
            c["entry_id"][i],
        ]


# The entries' columns the pack and the Word chronology show, read once as
# text: the contract's (its date_approximate is shown through date_text),
# with the agency's own outcome and analysis, the secondary types and the age.
SHOWN_COLUMNS: tuple[str, ...] = (
    *(c for c in CHRONOLOGY_COLUMNS if c != "date_approximate"),
    "secondary_types",
    "outcome",
    "analysis",
    "age",
)


def combined_events(
    chronology: Chronology, styles: dict[str, AgencyStyle]
) -> tuple[list[str], list[float], Rows]:
    """One row per event group, each agency's account in its own column.

    Agency cells are ``(text, agency)`` pairs so the writer can shade them.
    """
    e = chronology.entries
    agencies = list(styles)
    heads = ["Linked event", "Date", "Event type", "Agencies", *agencies]
    widths = [13.0, 16, 22, 9, *([account_width(len(agencies))] * len(agencies))]
    c = {n: col(e, n) for n in ("date_text", "time", "agency", "event_type")}
    desc, outcome = col(e, "description"), col(e, "outcome")

    def rows() -> Rows:
        for group, positions in group_members(e).items():
            accounts: dict[str, list[str]] = {}
            for j in positions:
                text = desc[j]
                if outcome[j]:
                    text += f"\nAction / outcome: {outcome[j]}"
                accounts.setdefault(c["agency"][j], []).append(text)
            dates = join_unique(
                (f"{c['date_text'][j]} {c['time'][j]}".strip() for j in positions),
                "; ",
            )
            yield [
                group if len(positions) > 1 else "",
                dates,
                join_unique((_label(c["event_type"][j]) for j in positions), "; "),
                len(accounts),
                *[("\n\n".join(accounts.get(a, [])), a) for a in agencies],
            ]

    return heads, widths, rows()


def account_width(agencies: int) -> float:
    """The width of each agency's column on "Combined events": 40 for a few
    agencies, narrower for many (at least 24), so the sheet prints readably
    across one A3 page rather than shrinking to a blur."""
    return float(min(40, max(24, ACCOUNT_WIDTHS // max(agencies, 1))))


ACCOUNT_WIDTHS = 240  # width units shared by the agency columns of Combined events


def linked_events(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """Groups of more than one entry: members, score, and why they were linked."""
    e, g = chronology.entries, chronology.groups
    heads = ["Linked event", "Date", "Agencies", "Entries", "Score", "Reasons"]
    heads += ["Decided", "Members", "Entry ids"]
    widths = [13.0, 16, 24, 8, 8, 56, 12, 70, 28]
    info = {group: i for i, group in enumerate(col(g, "event_group")) if group}
    score, reasons, decided = col(g, "score"), col(g, "reasons"), col(g, "decided")
    c = {n: col(e, n) for n in ("entry_id", "agency", "date_text", "description")}

    def rows() -> Rows:
        for group, positions in group_members(e).items():
            if len(positions) < 2:
                continue
            k = info.get(group)
            members = "\n".join(
                f"{c['agency'][j]}, {c['date_text'][j]}: {_short(c['description'][j])}"
                for j in positions
            )
            yield [
                group,
                join_unique((c["date_text"][j] for j in positions), "; "),
                join_unique(c["agency"][j] for j in positions),
                len(positions),
                number(score[k]) if k is not None else "",
                reasons[k] if k is not None else "",
                decided[k] if k is not None else "",
                members,
                "; ".join(c["entry_id"][j] for j in positions),
            ]

    return heads, widths, rows()


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def gaps(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """Periods with no entry: all agencies first, then each agency."""
    g = chronology.gaps
    heads = ["Scope", "Last entry before", "First entry after", "Days"]
    scope, start, end, days = (col(g, n) for n in ("scope", "start", "end", "days"))
    order = sorted(range(len(g)), key=lambda i: (scope[i] != "all", scope[i], start[i]))
    rows = (
        [
            "All agencies" if scope[i] == "all" else scope[i],
            start[i],
            end[i],
            number(days[i]),
        ]
        for i in order
    )
    return heads, [24.0, 18, 18, 8], rows


def flags(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """Prompts for the panel, with the agencies of the entries behind each."""
    f, e = chronology.flags, chronology.entries
    agency_of = dict(zip(col(e, "entry_id"), col(e, "agency"), strict=True))
    heads = ["Flag", "Date", "Summary", "Agencies", "Entry ids"]
    code, date, summary, ids = (
        col(f, n) for n in ("flag", "date", "summary", "entry_ids")
    )
    rows = (
        [
            code[i],
            date[i],
            summary[i],
            join_unique(agency_of.get(x, "") for x in split_ids(ids[i])),
            "; ".join(split_ids(ids[i])),
        ]
        for i in range(len(f))
    )
    return heads, [26.0, 12, 70, 24, 28], rows


EPISODE_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Status", 22),
    ("From", 11),
    ("To", 11),
    ("Title", 40),
    ("Days", 6),
    ("Events", 7),
    ("Agencies", 30),
    ("Entries", 8),
    ("Why", 60),
)


def episodes(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """Key practice episodes in date order, each saying whether the author
    accepted it or chronomerge proposed it (a prompt, not yet decided)."""
    rows = (
        [
            e.status_text,
            uk_date(e.start),
            uk_date(e.end),
            e.title,
            number(e.days),
            number(e.events),
            "; ".join(e.agencies),
            len(e.entries),
            e.why,
        ]
        for e in all_episodes(chronology)
    )
    heads = [h for h, _ in EPISODE_HEADINGS]
    return heads, [w for _, w in EPISODE_HEADINGS], rows


VOICE_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Date", 11),
    ("Agency", 24),
    ("What", 20),
    ("Entry", 70),
    ("Why", 40),
    ("Entry id", 14),
)


def voice(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """The entries carrying the child's own words or how the child was seen
    to present (voice.csv), for the author's "voice of the child" section."""
    frame = getattr(chronology, "voice", None)
    if frame is None or frame.empty:
        frame = pd.DataFrame(columns=["entry_id", "date", "agency", "what", "text"])
    names = ("date", "agency", "what", "text", "why", "entry_id")
    values = [col(frame, n) for n in names]
    rows = (
        [
            uk_date(v[k]) if n == "date" else v[k]
            for n, v in zip(names, values, strict=True)
        ]
        for k in range(len(frame))
    )
    return [h for h, _ in VOICE_HEADINGS], [w for _, w in VOICE_HEADINGS], rows


PEOPLE_FLAG = "adult_not_known_to_health_or_care"
PEOPLE_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Person", 20),
    ("Role", 20),
    ("Adult", 9),
    ("Named as", 30),
    ("First mention", 12),
    ("Last mention", 12),
    ("Entries", 8),
    ("Agencies", 40),
    ("Agency kinds", 24),
    ("Prompt for the panel", 60),
    ("Entry ids", 45),
)
ADULT_TEXT = {"true": "yes", "false": "no", "yes": "yes", "no": "no"}
# Entry ids a People cell lists (13 characters and a separator each): within
# Excel's 32,767 characters a cell; people.csv keeps every one.
MAX_PERSON_IDS = 2000


def _person_ids(ids: list[str]) -> str:
    """The ids '; '-joined, the first MAX_PERSON_IDS and a count of the rest."""
    if len(ids) <= MAX_PERSON_IDS:
        return "; ".join(ids)
    rest = len(ids) - MAX_PERSON_IDS
    return (
        "; ".join(ids[:MAX_PERSON_IDS])
        + f"; and {rest:,} more (people.csv lists every one)"
    )


def people(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """The register of people (people.csv) with the prompt, if any, that
    names each one beside them and their entries' ids in chronology order.

    The register holds labels and role words only, never an alias, and is
    pseudonymised with the rest of the pack, so the sheet shows what the
    review agreed to call each person.
    """
    p = getattr(chronology, "people", None)
    if p is None:
        p = pd.DataFrame()
    order = {x: i for i, x in enumerate(col(chronology.entries, "entry_id"))}
    prompts = person_prompts(chronology)
    names: tuple[str, ...] = ("person", "role", "adult", "named_as")
    names += ("first_mention", "last_mention", "entries", "agencies")
    names += ("agency_kinds", "entry_ids")
    c = {n: col(p, n) for n in names}

    def rows() -> Rows:
        for i in range(len(p)):
            ids = sorted(split_ids(c["entry_ids"][i]), key=lambda x: order.get(x, -1))
            yield [
                c["person"][i],
                c["role"][i],
                ADULT_TEXT.get(c["adult"][i].casefold(), "not known"),
                "; ".join(split_ids(c["named_as"][i])),
                uk_date(c["first_mention"][i]),
                uk_date(c["last_mention"][i]),
                number(c["entries"][i]),
                "; ".join(split_ids(c["agencies"][i])),
                "; ".join(split_ids(c["agency_kinds"][i])),
                "\n".join(prompts.get(c["person"][i], [])),
                _person_ids(ids),
            ]

    heads = [h for h, _ in PEOPLE_HEADINGS]
    return heads, [w for _, w in PEOPLE_HEADINGS], rows()


def person_prompts(chronology: Chronology) -> dict[str, list[str]]:
    """Person -> the summaries of the flags (PEOPLE_FLAG) that name them: a
    summary begins with the person's label, as the rule writes it."""
    f, p = chronology.flags, getattr(chronology, "people", None)
    people = col(p, "person") if p is not None else []
    found: dict[str, list[str]] = {}
    for code, summary in zip(col(f, "flag"), col(f, "summary"), strict=True):
        if code != PEOPLE_FLAG:
            continue
        who = [x for x in people if x and summary.startswith((x + " ", x + ","))]
        if who:
            found.setdefault(max(who, key=len), []).append(summary)
    return found


def validation(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """Every validation issue, in the order the merge reported them."""
    i = chronology.issues
    names: tuple[str, ...] = (
        "severity", "code", "source_file", "source_location", "source_row"
    )  # fmt: skip
    names += ("column", "value", "message")
    heads = ["Severity", "Code", "File", "Sheet or table", "Row", "Column", "Value"]
    heads.append("What is wrong and what to do")
    values = [col(i, n) for n in names]
    rows = (
        [
            number(v[k]) if n == "source_row" else v[k]
            for n, v in zip(names, values, strict=True)
        ]
        for k in range(len(i))
    )
    return heads, [9.0, 20, 22, 14, 7, 14, 24, 70], rows


def agency_entries(
    chronology: Chronology, agency: str, agencies: list[str] | None = None
) -> tuple[list[str], list[float], Rows]:
    """One agency's entries as it submitted them (after mapping), in file order.

    ``agencies``: every entry's agency as text (``col(entries, "agency")``),
    when the caller has it, so a sheet per agency reads the column once.
    """
    e = chronology.entries
    if "agency" in e:
        names = agencies if agencies is not None else col(e, "agency")
        mine = e[np.array([name == agency for name in names], dtype=bool)]
    else:
        mine = e.iloc[0:0]
    row_number = pd.to_numeric(mine.get("source_row"), errors="coerce")
    mine = (
        mine.assign(_row=row_number).sort_values(
            ["source_file", "source_location", "_row"], kind="stable"
        )
        if len(mine)
        else mine
    )
    optional = [
        n
        for n in OPTIONAL_COLUMNS
        if n in mine.columns and (n == "description" or any(col(mine, n)))
    ]
    extras = [
        n for n in mine.columns if n.startswith(EXTRA_PREFIX) and any(col(mine, n))
    ]
    heads = ["Entry id", "File", "Sheet or table", "Row", "Date as written", "Time"]
    heads += [OPTIONAL_COLUMNS[n] for n in optional]
    heads += [n[len(EXTRA_PREFIX) :] for n in extras]
    heads += ["Event type (mapped)", "Date read as"]
    widths = [13.0, name_width(col(mine, "source_file")), 14, 6, 14, 7]
    widths += [60.0 if n == "description" else 24.0 for n in optional]
    widths += [24.0] * len(extras) + [22.0, 22.0]
    base: tuple[str, ...] = ("entry_id", "source_file", "source_location", "source_row")
    base += ("date_text", "time")
    values = {n: col(mine, n) for n in (*base, *optional, *extras)}
    events = col(mine, "event_type")
    starts, ends, precisions = (
        col(mine, n) for n in ("date_start", "date_end", "date_precision")
    )
    approx = mine["date_approximate"].tolist() if "date_approximate" in mine else []

    def rows() -> Rows:
        for k in range(len(mine)):
            yield [
                *(
                    number(values[n][k]) if n == "source_row" else values[n][k]
                    for n in (*base, *optional, *extras)
                ),
                _label(events[k]),
                read_as(
                    starts[k], ends[k], precisions[k], approx[k] if approx else False
                ),
            ]

    return heads, widths, rows()


def name_width(names: list[str], least: float = 14, most: float = 36) -> float:
    """A column width that holds the longest file name on one line (between
    ``least`` and ``most``), so a sheet of one file's rows is not every row
    two lines tall for its name."""
    longest = max((len(n) for n in names), default=0)
    return float(min(most, max(least, math.ceil(longest / 1.1) + 1)))


def summary_blocks(
    chronology: Chronology, agencies: list[str]
) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Counts for the Summary sheet: by period (month, or quarter or year for a
    long review) and by event type, one column per agency."""
    e = chronology.entries
    agency = col(e, "agency")
    start = pd.to_datetime(
        pd.Series(col(e, "date_start")), format="%Y-%m-%d", errors="coerce"
    )
    end = pd.to_datetime(
        pd.Series(col(e, "date_end")), format="%Y-%m-%d", errors="coerce"
    ).fillna(start)
    unit, freq = "month", "M"
    if start.notna().any():
        span = start.max().to_period("M").ordinal - start.min().to_period("M").ordinal
        if span > 36:
            unit, freq = ("quarter", "Q") if span <= 600 else ("year", "Y")
    first = start.dt.to_period(freq).array
    last = end.dt.to_period(freq).array
    texts = {p.ordinal: _period_text(p, unit) for p in pd.unique(first.dropna())}
    spans = f"Spans more than one {unit}"
    labels = [
        "Date not known" if is_na else texts[a] if a == b else spans
        for a, b, is_na in zip(first.asi8, last.asi8, first.isna(), strict=True)
    ]
    periods: list[str] = []
    if start.notna().any():
        periods = [
            _period_text(p, unit)
            for p in pd.period_range(start.min(), start.max(), freq=freq)
        ]
    periods += [
        x for x in ("Spans more than one " + unit, "Date not known") if x in labels
    ]
    by_period = _crosstab(labels, agency, periods, agencies)
    types = col(e, "event_type")
    present = set(types)
    order = [c for c in event_type_codes() if c in present]
    order += sorted(present - set(order))
    by_type = _crosstab(types, agency, order, agencies)
    for row in by_type[:-1]:
        row[0] = _label(row[0]) if row[0] else "(none)"
    return [
        (
            f"Entries by agency and {unit}",
            [unit.capitalize(), *agencies, "Total"],
            by_period,
        ),
        ("Event types by agency", ["Event type", *agencies, "Total"], by_type),
    ]


def _period_text(period: pd.Period, unit: str) -> str:
    if unit == "month":
        return period.strftime("%Y-%m")
    if unit == "quarter":
        return f"{period.year} Q{period.quarter}"
    return str(period.year)


def _crosstab(
    keys: list[str], agency: list[str], rows: list[str], agencies: list[str]
) -> list[list[Any]]:
    counts: dict[tuple[str, str], int] = {}
    for k, a in zip(keys, agency, strict=True):
        counts[k, a] = counts.get((k, a), 0) + 1
    table: list[list[Any]] = []
    for k in rows:
        cells = [counts.get((k, a), 0) for a in agencies]
        table.append([k, *cells, sum(cells)])
    totals = [sum(row[i] for row in table) for i in range(1, len(agencies) + 2)]
    table.append(["Total", *totals])
    return table


CHANGE_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Change", 10),
    ("Agency", 20),
    ("Date as written", 14),
    ("Column", 14),
    ("Before", 45),
    ("After", 45),
    ("Entry id before", 14),
    ("Entry id now", 14),
    ("Why", 40),
)


def changes(frame: pd.DataFrame) -> tuple[list[str], list[float], Rows]:
    """What changed since the previous merge, as changes.csv has it."""
    names = ("change", "agency", "date", "column", "before", "after")
    columns = [col(frame, n) for n in (*names, "entry_id_old", "entry_id_new", "why")]
    rows = ([c[i] for c in columns] for i in range(len(frame)))
    return (
        [h for h, _ in CHANGE_HEADINGS],
        [w for _, w in CHANGE_HEADINGS],
        rows,
    )
