"""How the panel pack looks and names things: agency colours, event type labels,
dates and cell text, shared by the workbook and the Word chronology so both
show an agency in the same colour and an event type by the same words.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from ..agencies import AgencyResolver
from ..resources import load_toml
from ..review import ReviewSettings

# Characters XML 1.0 (so xlsx and docx) cannot hold; they are shown as U+FFFD so
# the reader sees that something was there rather than losing it silently.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TINT_SHARE = 0.2  # a review-file colour's share in its row tint (the rest white)


@dataclass(frozen=True)
class AgencyStyle:
    """An agency's colours as ``RRGGBB`` hex (no ``#``).

    Attributes:
        name: the agency as outputs name it.
        colour: its marker colour (key, agency cell).
        text: the text colour to print on ``colour``.
        tint: the light shade for its table rows, read with black text.
    """

    name: str
    colour: str
    text: str
    tint: str


def agency_styles(
    entries: pd.DataFrame, review: ReviewSettings | None = None
) -> dict[str, AgencyStyle]:
    """The colours of every agency in ``entries`` (and the review file), in key order.

    The review file's ``agencies[].colour`` wins; otherwise the colours of the
    agency's kind in ``schemas/agencies.toml``: the kind from the review file,
    else the entries' ``agency_kind``, else the kind the agencies rule gives its
    name (:class:`~chronomerge.agencies.AgencyResolver`), else ``other``.
    """
    review = review or ReviewSettings()
    kinds = load_toml("agencies.toml")["kinds"]
    declared = {a.name.casefold(): a for a in review.agencies}
    resolver = AgencyResolver(review)
    entry_kinds = _entry_kinds(entries)
    styles: dict[str, AgencyStyle] = {}
    for name in agency_order(entries, review):
        agency = declared.get(name.casefold())
        kind = (agency.kind if agency else "") or entry_kinds.get(name, "")
        if kind not in kinds:  # the one rule ingest uses, asked of the name
            kind = resolver.named(name)[1] or "other"
        base = kinds.get(kind, kinds["other"])
        if agency is not None and agency.colour:
            colour = agency.colour.lstrip("#").upper()
            styles[name] = AgencyStyle(name, colour, text_on(colour), tint_of(colour))
        else:
            styles[name] = AgencyStyle(
                name,
                base["colour"].lstrip("#").upper(),
                base["text"].lstrip("#").upper(),
                base["tint"].lstrip("#").upper(),
            )
    return styles


def agency_order(
    entries: pd.DataFrame, review: ReviewSettings | None = None
) -> list[str]:
    """Agencies in the review file's order, then the rest alphabetically."""
    present = []
    if "agency" in entries.columns:
        present = [cell_text(a) for a in pd.unique(entries["agency"])]
    present = [a for a in present if a]
    ordered: list[str] = []
    seen: set[str] = set()
    for agency in review.agencies if review else []:
        for name in present:
            if name.casefold() == agency.name.casefold() and name not in seen:
                ordered.append(name)
                seen.add(name)
    rest = sorted((a for a in present if a not in seen), key=str.casefold)
    return ordered + rest


def _entry_kinds(entries: pd.DataFrame) -> dict[str, str]:
    """The most common ``agency_kind`` of each agency's entries."""
    if "agency_kind" not in entries.columns or "agency" not in entries.columns:
        return {}
    pairs = entries[["agency", "agency_kind"]].astype(str)
    pairs = pairs[pairs["agency_kind"].str.strip() != ""]
    if pairs.empty:
        return {}
    counts = pairs.value_counts().reset_index()
    counts.columns = ["agency", "agency_kind", "n"]
    counts = counts.sort_values(
        ["agency", "n", "agency_kind"], ascending=[True, False, True]
    )
    return dict(counts.drop_duplicates("agency")[["agency", "agency_kind"]].values)


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_on(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with ``hex_colour`` (WCAG)."""
    lum = _luminance(hex_colour)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return "000000" if on_black >= on_white else "FFFFFF"


def tint_of(hex_colour: str, share: float = TINT_SHARE) -> str:
    """A light shade of ``hex_colour`` for table rows (mixed with white)."""
    parts = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(255 - share * (255 - p)):02X}" for p in parts)


# --- event types ---


def event_type_label(code: Any) -> str:
    """A short label for an event type code, from ``schemas/event_types.toml``.

    The taxonomy's labels explain each code at length; a table cell shows the
    first clause (before ``;`` or ``:``, and before the first comma when that
    still leaves three words), with a capital letter. Unknown codes are shown
    as written.
    """
    return _type_label(cell_text(code))


@cache
def _type_label(code: str) -> str:
    """event_type_label for a code's text: a pack labels tens of thousands of
    entries with a few dozen codes, so each label is made once."""
    types = load_toml("event_types.toml")["types"]
    if code not in types:
        return code
    label = re.split(r"[;:]", types[code]["label"], maxsplit=1)[0].strip()
    if label.casefold().startswith("none of"):
        return "Other"
    head = _first_clause(label)
    if head != label and len(head.split()) >= 3:
        label = head
    return label[:1].upper() + label[1:]


def _first_clause(label: str) -> str:
    """The label up to its first comma outside brackets."""
    depth = 0
    for i, char in enumerate(label):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            return label[:i].strip()
    return label


# Short names for the secondary types listed beside an entry's main type
# ("also: Arrest or court; Case closed"): the taxonomy's labels explain each
# type at length, and five of them in one cell make a row very tall. The About
# sheet's key gives each short name with the type's full meaning.
SHORT_LABELS: dict[str, str] = {
    "referral_csc": "Referral to social care",
    "referral_other": "Referral to other service",
    "strategy_discussion": "Strategy discussion",
    "s47_enquiry": "Section 47 enquiry",
    "cp_medical": "Child protection medical",
    "cp_conference": "Child protection conference",
    "core_group": "Core group",
    "cp_plan": "Child protection plan",
    "looked_after": "Became looked after",
    "cin_meeting": "Child in need meeting",
    "assessment": "Social care assessment",
    "early_help": "Early help",
    "home_visit": "Home visit",
    "health_contact": "Health visiting or midwifery",
    "gp_consultation": "GP consultation",
    "ed_attendance": "A&E or urgent care",
    "hospital_admission": "Hospital admission",
    "outpatient": "Outpatient appointment",
    "was_not_brought": "Missed appointment",
    "no_access": "No access visit",
    "domestic_abuse": "Domestic abuse",
    "police_incident": "Police call-out",
    "criminal_justice": "Arrest or court",
    "marac": "MARAC",
    "education_attendance": "School attendance",
    "education_exclusion": "School exclusion",
    "education_concern": "School safeguarding concern",
    "injury": "Injury",
    "missing_episode": "Missing from home or care",
    "household_change": "Household change",
    "escalation": "Escalation",
    "mental_health": "Mental health",
    "substance_misuse": "Drug or alcohol service",
    "housing": "Housing",
    "probation": "Probation or youth justice",
    "ambulance": "Ambulance",
    "professionals_meeting": "Professionals meeting",
    "information_sharing": "Information sharing",
    "case_closure": "Case closed",
    "birth": "Birth",
    "death": "Death",
    "other": "Other",
}


def event_type_short(code: Any) -> str:
    """A few words for an event type, to list secondary types compactly
    (the full label for a code without a short name; unknown codes as written)."""
    code = cell_text(code)
    return SHORT_LABELS.get(code) or event_type_label(code)


def event_type_description(code: Any) -> str:
    """The taxonomy's full label for a code (empty when unknown)."""
    types = load_toml("event_types.toml")["types"]
    return types.get(cell_text(code), {}).get("label", "")


def event_type_codes() -> list[str]:
    """Every event type code, in the taxonomy's order."""
    return list(load_toml("event_types.toml")["types"])


# --- text and dates ---


def cell_text(value: Any) -> str:
    """Any cell value as display text: missing is empty, whole floats lose ``.0``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def clean_text(value: Any) -> str:
    """Display text that XML can hold: control characters become U+FFFD."""
    text = cell_text(value)
    if ILLEGAL_XML.search(text):
        text = ILLEGAL_XML.sub("\ufffd", text)
    return text


def is_true(value: Any) -> bool:
    """True for True and for the words the CSV writes (``true``, ``yes``, ``1``)."""
    if isinstance(value, bool):
        return value
    return cell_text(value).strip().casefold() in {"true", "yes", "y", "1"}


def uk_date(iso: Any) -> str:
    """``2019-04-03`` as ``03/04/2019``; anything unreadable as written."""
    return _uk_date_text(cell_text(iso))


@cache
def _uk_date_text(text: str) -> str:
    """uk_date of a text: a review has a few thousand distinct dates, shown on
    many rows of many sheets, so each is turned round once."""
    try:
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def long_date(value: Any) -> str:
    """A date in words, ``3 April 2019`` (empty when missing)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(cell_text(value))
        except ValueError:
            return cell_text(value)
    return f"{value.day} {value:%B %Y}"


def read_as(start: Any, end: Any, precision: Any, approximate: Any = False) -> str:
    """The normalised interval in words a panel member can check.

    Examples: ``2019-04-03``; ``2019-04-01 to 2019-04-30 (month)``;
    ``not known``. ``approximate`` adds ``, approximate``.
    """
    start, end, precision = cell_text(start), cell_text(end), cell_text(precision)
    if not start and not end:
        text = "not known"
    elif start == end or not end:
        text = start if precision in ("", "day") else f"{start} ({precision})"
    else:
        text = f"{start} to {end}" + (f" ({precision})" if precision else "")
    if is_true(approximate):
        text += ", approximate"
    return text


def source_position(file: Any, location: Any, row: Any) -> str:
    """Where a person finds the entry: ``police.xlsx, Sheet1, row 5``."""
    parts = [cell_text(file), cell_text(location)]
    row_text = cell_text(row)
    if row_text:
        parts.append(f"row {row_text}")
    return ", ".join(p for p in parts if p)


def split_ids(value: Any) -> list[str]:
    """A ';'-joined list as its items, blanks dropped."""
    return [p.strip() for p in cell_text(value).split(";") if p.strip()]


def join_unique(values: Iterable[str], sep: str = ", ") -> str:
    """Join the distinct non-empty values, keeping their first order."""
    return sep.join(dict.fromkeys(v for v in values if v))
