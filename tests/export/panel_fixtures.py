"""Hand-built chronologies for the panel pack tests (the pipeline comes later).

``sample_chronology()`` is a small fictional review: five agencies, linked
events, gaps, flags, issues, tricky text (formula-like, control characters)
and named people. ``big_chronology(n)`` generates ``n`` plain entries.
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from chronomerge.chronology import Chronology
from chronomerge.model import (
    CHRONOLOGY_COLUMNS,
    FLAG_COLUMNS,
    GAP_COLUMNS,
    ISSUE_COLUMNS,
    make_entry_id,
)
from chronomerge.review import ReviewSettings

# Real-looking names the review file lists; none may survive pseudonymising.
NAMES = [
    "Jane Smith",
    "Jane",
    "Smith",
    "Darren O'Neill",
    "Dazza",
    "Kayden Smith",
    "Kayden",
]

REVIEW = ReviewSettings.model_validate(
    {
        "review": {
            "name": "Child K & family",
            "marking": "OFFICIAL-SENSITIVE",
            "period_start": dt.date(2019, 1, 1),
            "period_end": dt.date(2019, 12, 31),
            "subject": "Child K",
        },
        "people": [
            {"label": "Child K", "aliases": ["Kayden Smith", "Kayden"]},
            {"label": "Mother", "aliases": ["Jane Smith", "Jane", "Smith"]},
            {"label": "Partner", "aliases": ["Darren O'Neill", "Dazza"]},
        ],
        "agencies": [
            {"name": "Police", "kind": "police"},
            {"name": "Children's Social Care", "kind": "childrens_social_care"},
            {"name": "Northtown GP", "kind": "gp", "colour": "#AA3377"},
        ],
    }
)

# agency, kind, file, sheet, row, date_text, start, end, precision, approx, time,
# event_type, description, outcome, analysis, group
_ROWS = [
    (
        "Police",
        "police",
        "police.xlsx",
        "Chronology",
        2,
        "03/01/2019",
        "2019-01-03",
        "2019-01-03",
        "day",
        False,
        "22:15",
        "domestic_abuse",
        "Call from Jane Smith: partner Darren O'Neill shouting, Kayden crying.",
        "DASH completed, standard risk.",
        "",
        "G1",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        2,
        "3rd Jan 2019",
        "2019-01-03",
        "2019-01-03",
        "day",
        False,
        "",
        "referral_csc",
        "Police notification received re DA at home of JANE SMITH.",
        "NFA, letter to mother.",
        "Should have been a strategy discussion.",
        "G1",
    ),
    (
        "Northtown GP",
        "gp",
        "gp.csv",
        "",
        2,
        "10.01.19",
        "2019-01-10",
        "2019-01-10",
        "day",
        False,
        "09:30",
        "gp_consultation",
        "=SUM(A1:A9) Mum (Jane) low mood.",
        "+ sertraline started",
        "",
        "G2",
    ),
    (
        "Health Visiting",
        "health_visiting",
        "hv.xlsx",
        "Sheet1",
        5,
        "Jan 2019",
        "2019-01-01",
        "2019-01-31",
        "month",
        True,
        "",
        "health_contact",
        "-Weight check, Kayden Smith on 9th centile.",
        "@HV to revisit",
        "",
        "G3",
    ),
    (
        "Northtown Primary School",
        "education",
        "school.xlsx",
        "Log",
        3,
        "14/01/2019",
        "2019-01-14",
        "2019-01-14",
        "day",
        False,
        "",
        "education_concern",
        "\tKayden said 'Dazza hit mum'.\x07",
        "DSL referred to MASH.",
        "",
        "G4",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        3,
        "14/01/2019",
        "2019-01-14",
        "2019-01-14",
        "day",
        False,
        "",
        "referral_csc",
        "Referral from school: child disclosure about partner.",
        "Strategy discussion",
        "",
        "G4",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        4,
        "15/01/2019",
        "2019-01-15",
        "2019-01-15",
        "day",
        False,
        "10:00",
        "strategy_discussion",
        "Strategy discussion with police and health.",
        "S47 agreed.",
        "",
        "G5",
    ),
    (
        "Police",
        "police",
        "police.xlsx",
        "Chronology",
        3,
        "15/01/19",
        "2019-01-15",
        "2019-01-15",
        "day",
        False,
        "10:00",
        "strategy_discussion",
        "Attended strategy discussion re Kayden.",
        "",
        "",
        "G5",
    ),
    (
        "Northtown GP",
        "gp",
        "gp.csv",
        "",
        3,
        "15 January 2019",
        "2019-01-15",
        "2019-01-15",
        "day",
        False,
        "",
        "strategy_discussion",
        "GP contributed to strat by phone.",
        "",
        "",
        "G5",
    ),
]
_MORE = [
    # (agency, kind, file, sheet, date, type, description, group or "")
    (
        "Health Visiting",
        "health_visiting",
        "hv.xlsx",
        "Sheet1",
        "2019-02-04",
        "was_not_brought",
        "WNB 6-8 week review.",
        "",
    ),
    (
        "Health Visiting",
        "health_visiting",
        "hv.xlsx",
        "Sheet1",
        "2019-02-20",
        "was_not_brought",
        "WNB rearranged review; letter to Ms Smith.",
        "",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        "2019-02-25",
        "assessment",
        "Single assessment completed, CIN plan.",
        "",
    ),
    (
        "Northtown Primary School",
        "education",
        "school.xlsx",
        "Log",
        "2019-03-01",
        "education_attendance",
        "Attendance 82% this term.",
        "",
    ),
    (
        "Police",
        "police",
        "police.xlsx",
        "Chronology",
        "2019-06-10",
        "domestic_abuse",
        "Neighbour reports shouting; Dazza arrested.",
        "G6",
    ),
    (
        "Hospital",
        "",
        "ed.xlsx",
        "ED",
        "2019-06-10",
        "ed_attendance",
        "Jane attended ED with facial bruising, said she fell.",
        "G6",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        "2019-06-12",
        "referral_csc",
        "Notification from police.",
        "",
    ),
    (
        "Northtown GP",
        "gp",
        "gp.csv",
        "",
        "2019-06-20",
        "gp_consultation",
        "Follow-up: bruising healing.",
        "",
    ),
    (
        "Health Visiting",
        "health_visiting",
        "hv.xlsx",
        "Sheet1",
        "2019-07-01",
        "home_visit",
        "Home visit, Kayden seen alone? no.",
        "",
    ),
    (
        "Northtown Primary School",
        "education",
        "school.xlsx",
        "Log",
        "2019-07-19",
        "education_concern",
        "End of term: concerns about hunger.",
        "",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        "2019-09-02",
        "cin_meeting",
        "CIN review, plan continues.",
        "G7",
    ),
    (
        "Northtown Primary School",
        "education",
        "school.xlsx",
        "Log",
        "2019-09-02",
        "cin_meeting",
        "School attended CIN review.",
        "G7",
    ),
    (
        "Health Visiting",
        "health_visiting",
        "hv.xlsx",
        "Sheet1",
        "2019-09-02",
        "cin_meeting",
        "HV sent report to CIN review.",
        "G7",
    ),
    (
        "Police",
        "police",
        "police.xlsx",
        "Chronology",
        "2019-10-05",
        "police_incident",
        "Concern for welfare call.",
        "",
    ),
    (
        "Northtown GP",
        "gp",
        "gp.csv",
        "",
        "2019-10-22",
        "was_not_brought",
        "DNA asthma review.",
        "",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        "2019-11-30",
        "case_closure",
        "Case closed, stepped down to early help.",
        "",
    ),
    (
        "Hospital",
        "",
        "ed.xlsx",
        "ED",
        "2019-12-14",
        "ed_attendance",
        "Kayden Smith, head injury, mother says fell from sofa.",
        "",
    ),
    (
        "Police",
        "police",
        "police.xlsx",
        "Chronology",
        "2019-12-20",
        "domestic_abuse",
        "DA incident; SMITH refuses to make statement.",
        "",
    ),
    (
        "Northtown Primary School",
        "education",
        "school.xlsx",
        "Log",
        "",
        "other",
        "Undated note: uniform grant given.",
        "",
    ),
    (
        "Children's Social Care",
        "childrens_social_care",
        "csc.docx",
        "table 1",
        "",
        "other",
        "",
        "",
    ),
]


def _entries() -> pd.DataFrame:
    records = []
    for row in _ROWS:
        (
            agency,
            kind,
            file,
            sheet,
            source_row,
            text,
            start,
            end,
            precision,
            approx,
            time,
            event,
            desc,
            outcome,
            analysis,
            group,
        ) = row
        records.append(
            dict(
                agency=agency,
                agency_kind=kind,
                source_file=file,
                source_location=sheet,
                source_row=source_row,
                date_text=text,
                date_start=start,
                date_end=end,
                date_precision=precision,
                date_approximate=approx,
                time=time,
                event_type=event,
                description=desc,
                outcome=outcome,
                analysis=analysis,
                event_group=group,
            )
        )
    next_row: dict[str, int] = {}
    for agency, kind, file, sheet, date, event, desc, group in _MORE:
        source_row = next_row.get(file, 20)
        next_row[file] = source_row + 1
        text = dt.date.fromisoformat(date).strftime("%d/%m/%Y") if date else "N/K"
        records.append(
            dict(
                agency=agency,
                agency_kind=kind,
                source_file=file,
                source_location=sheet,
                source_row=source_row,
                date_text=text,
                date_start=date,
                date_end=date,
                date_precision="day" if date else "unknown",
                date_approximate=False,
                time="",
                event_type=event,
                description=desc,
                outcome="",
                analysis="",
                event_group=group,
            )
        )
    frame = pd.DataFrame(records)
    frame["entry_id"] = [
        make_entry_id(f, loc, r)
        for f, loc, r in zip(
            frame.source_file, frame.source_location, frame.source_row, strict=True
        )
    ]
    # An entry with no group of its own shares none: its group is its id.
    frame["event_group"] = frame["event_group"].where(
        frame["event_group"] != "", "S" + frame["entry_id"].str[1:]
    )
    frame["age"] = ["1y " + str(m) + "m" for m in range(len(frame))]
    frame["secondary_types"] = ""
    frame.loc[0, "secondary_types"] = "police_incident"
    frame["extra.Risk level"] = ""
    frame.loc[frame.agency == "Police", "extra.Risk level"] = "Standard"
    frame["flags"] = ""
    dated = frame[frame.date_start != ""].sort_values(
        ["date_start", "time", "agency", "source_row"], kind="stable"
    )
    undated = frame[frame.date_start == ""]
    frame = pd.concat([dated, undated], ignore_index=True)
    wnb = frame.index[frame.event_type == "was_not_brought"][:2]
    frame.loc[wnb, "flags"] = "repeated_was_not_brought"
    da = frame.index[frame.event_type == "domestic_abuse"][-1]
    frame.loc[da, "flags"] = "da_no_referral;single_agency_knowledge"
    cols = list(CHRONOLOGY_COLUMNS) + [
        c for c in frame.columns if c not in CHRONOLOGY_COLUMNS
    ]
    return frame[cols]


def sample_chronology() -> Chronology:
    """The small review: 29 entries, 6 agencies, 7 linked events."""
    entries = _entries()
    groups = []
    for group, part in entries.groupby("event_group", sort=False):
        groups.append(
            dict(
                event_group=group,
                entry_ids=";".join(part.entry_id),
                agencies=";".join(dict.fromkeys(part.agency)),
                size=len(part),
                score=0.92 if len(part) > 1 else "",
                reasons="same day; similar words (84)" if len(part) > 1 else "",
                decided="",
            )
        )
    wnb = entries[entries["flags"].str.contains("repeated")]
    da = entries[entries["flags"].str.contains("da_no")]
    flags = pd.DataFrame(
        [
            dict(
                flag="repeated_was_not_brought",
                date=wnb.date_start.iat[-1],
                entry_ids=";".join(wnb.entry_id),
                summary="Kayden Smith was not brought to 2 appointments in 90 days.",
            ),
            dict(
                flag="da_no_referral",
                date=da.date_start.iat[0],
                entry_ids=";".join(da.entry_id),
                summary="Domestic abuse recorded (Jane Smith) with no referral within "
                "7 days.",
            ),
            dict(
                flag="single_agency_knowledge",
                date=da.date_start.iat[0],
                entry_ids=";".join(da.entry_id),
                summary="Only Police recorded this incident.",
            ),
        ],
        columns=list(FLAG_COLUMNS),
    )
    gaps = pd.DataFrame(
        [
            dict(scope="all", start="2019-03-01", end="2019-06-10", days=101),
            dict(scope="all", start="2019-07-19", end="2019-09-02", days=45),
            dict(scope="Police", start="2019-01-15", end="2019-06-10", days=146),
        ],
        columns=list(GAP_COLUMNS),
    )
    issues = pd.DataFrame(
        [
            dict(
                severity="warning",
                code="date-unreadable",
                source_file="school.xlsx",
                source_location="Log",
                source_row=34,
                column="date",
                value="N/K",
                message="The date 'N/K' could not be read. Write it as DD/MM/YYYY.",
            ),
            dict(
                severity="error",
                code="row-empty-description",
                source_file="csc.docx",
                source_location="table 1",
                source_row=30,
                column="description",
                value="",
                message="This entry has no description; add one.",
            ),
            dict(
                severity="info",
                code="name-found",
                source_file="gp.csv",
                source_location="",
                source_row=2,
                column="description",
                value="=Jane",
                message="A name (Jane) was found; is it pseudonymised?",
            ),
        ],
        columns=list(ISSUE_COLUMNS),
    )
    manifest = {
        "version": "0.1.0",
        "inputs": [
            {
                "name": n,
                "sha256": f"{i:064x}",
                "rows": int((entries.source_file == n).sum()),
            }
            for i, n in enumerate(sorted(set(entries.source_file)))
        ],
        "counts": {"entries": len(entries)},
    }
    return Chronology(
        entries=entries,
        issues=issues,
        gaps=gaps,
        flags=flags,
        groups=pd.DataFrame(groups),
        review=REVIEW,
        manifest=manifest,
    )


AGENCIES = [
    ("Police", "police"),
    ("Children's Social Care", "childrens_social_care"),
    ("GP", "gp"),
    ("Health Visiting", "health_visiting"),
    ("School", "education"),
    ("Hospital", "hospital"),
]
WORDS = [
    "seen",
    "at",
    "home",
    "mother",
    "reports",
    "partner",
    "left",
    "school",
    "attendance",
    "concern",
    "referral",
    "strategy",
    "discussion",
    "visit",
    "no",
    "access",
    "bruise",
    "injury",
    "letter",
    "call",
    "health",
    "visitor",
    "GP",
    "appointment",
    "outcome",
    "plan",
    "review",
]


def big_chronology(n: int, seed: int = 7) -> Chronology:
    """``n`` generated entries over six agencies and ten years, every third
    one linked with its neighbour."""
    rng = random.Random(seed)
    day0 = dt.date(2012, 1, 1)
    records = []
    for i in range(n):
        agency, kind = AGENCIES[i % len(AGENCIES)]
        day = day0 + dt.timedelta(days=i * 3650 // max(n, 1))
        file = f"{kind}.xlsx"
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))
        records.append(
            dict(
                entry_id=make_entry_id(file, "Sheet1", i + 2),
                agency=agency,
                source_file=file,
                source_location="Sheet1",
                source_row=i + 2,
                date_text=day.strftime("%d/%m/%Y"),
                date_start=day.isoformat(),
                date_end=day.isoformat(),
                date_precision="day",
                date_approximate=False,
                time="",
                event_type=rng.choice(
                    ["home_visit", "gp_consultation", "referral_csc", "other"]
                ),
                description=words.capitalize() + ".",
                event_group=f"G{i // 2}" if i % 6 < 2 else f"S{i}",
                flags="",
                agency_kind=kind,
                outcome="Plan reviewed." if i % 4 else "",
                analysis="",
            )
        )
    entries = pd.DataFrame(records)
    groups = (
        entries.groupby("event_group", sort=False)
        .agg(
            entry_ids=("entry_id", ";".join),
            agencies=("agency", ";".join),
            size=("entry_id", "size"),
        )
        .reset_index()
    )
    groups["score"] = 0.8
    groups["reasons"] = "same day"
    empty = {
        c: pd.DataFrame(columns=list(cols))
        for c, cols in (
            ("issues", ISSUE_COLUMNS),
            ("gaps", GAP_COLUMNS),
            ("flags", FLAG_COLUMNS),
        )
    }
    return Chronology(entries=entries, groups=groups, **empty)
