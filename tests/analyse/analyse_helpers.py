"""Build entries frames and review files for the analysis tests.

Dates are written as day offsets from the review period's start (1 January
2019) so each case reads as "day 0, day 91".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from chronomerge.model import (
    CHRONOLOGY_COLUMNS,
    CHRONOLOGY_EXTRA_COLUMNS,
    make_entry_id,
)
from chronomerge.review import ReviewSettings, parse_review, read_review

DAY0 = dt.date(2019, 1, 1)
AGENCIES = {
    "Police": "police",
    "Children's Social Care": "childrens_social_care",
    "GP": "gp",
    "Health Visiting": "health_visiting",
    "Hospital": "hospital",
    "School": "education",
}
REVIEW_TOML = """
[review]
subject = "Child A"
{period}

[[people]]
label = "Child A"
date_of_birth = 2018-12-01

[[people]]
label = "Mother"
aliases = ["Jane Smith"]
"""


def day(offset: int | None) -> str:
    """Day ``offset`` of the review as an ISO date ("" for None)."""
    return "" if offset is None else (DAY0 + dt.timedelta(days=offset)).isoformat()


def review(
    extra: str = "",
    *,
    agencies: dict[str, str] | None = None,
    period: tuple[str | None, str | None] = ("2019-01-01", "2020-12-31"),
) -> ReviewSettings:
    """The test review file, parsed as a user's would be, plus ``extra`` TOML.

    ``period`` gives the review period's first and last days (None: not set).
    """
    lines = [
        f"{key} = {value}"
        for key, value in zip(("period_start", "period_end"), period, strict=True)
        if value
    ]
    text = REVIEW_TOML.format(period="\n".join(lines))
    for name, kind in (AGENCIES if agencies is None else agencies).items():
        text += f'\n[[agencies]]\nname = "{name}"\nkind = "{kind}"\n'
    return parse_review(text + "\n" + extra)


def entry(
    entry_id: str, agency: str, when: int | None, event_type: str, **extra: Any
) -> dict[str, Any]:
    """One entry on day ``when`` (an exact day unless ``date_end``/``precision``)."""
    end = extra.pop("end", when)
    precision = extra.pop("precision", "day" if when is not None else "unknown")
    row = {
        "entry_id": entry_id,
        "agency": agency,
        "agency_kind": AGENCIES.get(agency, ""),
        "source_file": f"{agency}.xlsx",
        "source_location": "Sheet1",
        "source_row": 2,
        "date_text": day(when),
        "date_start": day(when),
        "date_end": day(end),
        "date_precision": precision,
        "date_approximate": False,
        "time": "",
        "event_type": event_type,
        "secondary_types": "",
        "description": f"{event_type} recorded by {agency}",
        "person": "",
        "child_seen": "",
        "seen_alone": "",
        "outcome": "",
        "event_group": f"G-{entry_id}",
    }
    row.update(extra)
    return row


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """The entries as the pipeline hands them over (every column present)."""
    columns = list(dict.fromkeys([*CHRONOLOGY_COLUMNS, *CHRONOLOGY_EXTRA_COLUMNS]))
    columns += ["agency_kind", "seen_alone", "outcome"]
    data = pd.DataFrame(list(rows))
    for column in dict.fromkeys(columns):
        if column not in data.columns:
            data[column] = ""
    return data


# --- The sample review's truth (sample_data/child_a) -----------------------

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"


def sample_review() -> ReviewSettings:
    return read_review(SAMPLE / "review.toml")


# truth.csv's answers for the child's experience (bench/experience.py).
TRUTH_ANSWERS = ("child_seen", "child_seen_alone", "child_spoken_to", "child_words")


def truth_entries() -> pd.DataFrame:
    """The sample's truth.csv as the pipeline would hand it over: entry ids
    from the provenance, agency kinds from review.toml, one event group per
    true event."""
    truth = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    # The child's experience columns are answers, not an agency's cells.
    truth = truth.drop(columns=[c for c in TRUTH_ANSWERS if c in truth.columns])
    kinds = {agency.name: agency.kind for agency in sample_review().agencies}
    truth["entry_id"] = [
        make_entry_id(f, loc, int(row))
        for f, loc, row in zip(
            truth["source_file"],
            truth["source_location"],
            truth["source_row"],
            strict=True,
        )
    ]
    truth["agency_kind"] = truth["agency"].map(kinds).fillna("")
    truth["event_group"] = truth["true_event_id"]
    return truth


def truth_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE / name, dtype=str, keep_default_na=False)


def position_ids(positions: str) -> list[str]:
    """'file|location|row;...' (truth_flags.csv) as entry ids."""
    ids = []
    for position in positions.split(";"):
        source_file, location, row = position.split("|")
        ids.append(make_entry_id(source_file, location, int(row)))
    return ids
