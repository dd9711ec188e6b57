"""Build entries frames and review files for the analysis tests.

Dates are written as day offsets from the review period's start (1 January
2019) so each case reads as "day 0, day 91".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from chronomerge.model import CHRONOLOGY_COLUMNS, CHRONOLOGY_EXTRA_COLUMNS
from chronomerge.review import ReviewSettings, parse_review

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
