"""Entries built row by row, as normalisation hands them to the linker."""

from __future__ import annotations

from typing import Any

import pandas as pd

from chronomerge.model import make_entry_id

KINDS = {
    "Children's Social Care": "childrens_social_care",
    "Police": "police",
    "Health Visiting": "health_visiting",
    "GP": "gp",
    "Hospital": "hospital",
    "School": "education",
    "Ambulance Service": "ambulance",
}


def entry(
    agency: str,
    date: str,
    event_type: str,
    description: str,
    *,
    end: str | None = None,
    precision: str = "day",
    time: str = "",
    row: int | None = None,
    file: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One normalised entry; the id comes from its file and row."""
    file = file or agency.lower().replace(" ", "_").replace("'", "") + ".csv"
    row = row if row is not None else entry.counter.get(file, 1) + 1
    entry.counter[file] = row
    return {
        "entry_id": make_entry_id(file, "", row),
        "agency": agency,
        "agency_kind": KINDS.get(agency, "other"),
        "source_file": file,
        "source_location": "",
        "source_row": row,
        "date_text": date if precision != "day" else _uk(date),
        "date_start": date if precision == "day" else extra.pop("start"),
        "date_end": end or (date if precision == "day" else extra.pop("stop")),
        "date_precision": precision,
        "date_approximate": extra.pop("approximate", False),
        "time": time,
        "event_type": event_type,
        "secondary_types": extra.pop("secondary_types", ""),
        "description": description,
        "person": extra.pop("person", ""),
        "practitioner": extra.pop("practitioner", ""),
        "outcome": extra.pop("outcome", ""),
        **extra,
    }


entry.counter = {}  # type: ignore[attr-defined]


def _uk(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """Entries as a DataFrame; the row counters start again for the next test."""
    entry.counter.clear()  # type: ignore[attr-defined]
    return pd.DataFrame(list(rows))
