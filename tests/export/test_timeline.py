# ruff: noqa: E501  (the fixture is a table: one entry a line)
"""The timeline figure and its HTML page, on a hand-built chronology.

``timeline_chronology()`` is a small fictional review (also used by the
browser test): six agencies, imprecise and approximate dates, linked events,
gaps, flags, an entry with no readable date and descriptions that try to
inject markup.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import html
import json
import math
import re
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chronomerge.chronology import Chronology
from chronomerge.errors import ExportError
from chronomerge.export.style import event_type_codes
from chronomerge.export.timeline import (
    FLAG_LANE,
    WEBGL_FROM,
    WRAP_WIDTH,
    look,
    page_html,
    safe_config,
    timeline_figure,
    write_timeline,
)
from chronomerge.model import FLAG_COLUMNS, GAP_COLUMNS, ISSUE_COLUMNS, make_entry_id
from chronomerge.review import ReviewSettings

SCRIPT_ATTACK = "Mum said <script>window.__pwned = 1</script> nothing more."
IMG_ATTACK = 'Photo <img src=x onerror="window.__pwned = 2"> & A&E letter'

REVIEW = ReviewSettings.model_validate(
    {
        "review": {
            "name": "Child T <Thornbury> & family",
            "marking": "OFFICIAL-SENSITIVE",
            "period_start": dt.date(2019, 1, 1),
            "period_end": dt.date(2019, 12, 31),
            "subject": "Child T",
        },
        "people": [
            {"label": "Child T", "date_of_birth": dt.date(2018, 11, 20)},
            {"label": "Mother", "date_of_birth": dt.date(1995, 3, 2)},
            {"label": "Sibling", "date_of_birth": dt.date(2019, 9, 14)},
        ],
        "agencies": [
            {"name": "Police", "kind": "police"},
            {"name": "Children's Social Care", "kind": "childrens_social_care"},
            {"name": "Northtown GP", "kind": "gp", "colour": "#AA3377"},
        ],
    }
)

# agency, kind, date_text, start, end, precision, approximate, time, event_type,
# description, group (linked entries share one), flags
# fmt: off
ROWS = [
    ('Police', 'police', '03/01/2019', '2019-01-03', '2019-01-03', 'day', False, '22:40', 'domestic_abuse', 'Call from neighbour: shouting at the flat. Officers attended, mother had a cut lip, partner left before arrival.', 'G1', 'da_no_referral'),
    ("Children's Social Care", 'childrens_social_care', '04/01/19', '2019-01-04', '2019-01-04', 'day', False, '', 'referral_csc', 'PPN received from police about the incident on 3 January.', 'G1', ''),
    ('Northtown GP', 'gp', '10 Jan 2019', '2019-01-10', '2019-01-10', 'day', False, '09:10', 'gp_consultation', 'Child T seen with cold symptoms. Mother appeared tired.', '', ''),
    ('Health Visiting', 'health_visiting', 'w/c 14/01/2019', '2019-01-14', '2019-01-20', 'week', False, '', 'health_contact', 'Planned contact; weight on the 9th centile.', '', ''),
    ('Police', 'police', 'January 2019', '2019-01-01', '2019-01-31', 'month', False, '', 'police_incident', 'Two calls about noise; no crime recorded.', '', ''),
    ("Children's Social Care", 'childrens_social_care', '18/01/2019', '2019-01-18', '2019-01-18', 'day', False, '', 'strategy_discussion', 'Strategy discussion with police and health visiting.', 'G2', ''),
    ('Police', 'police', '18/01/2019', '2019-01-18', '2019-01-18', 'day', False, '', 'strategy_discussion', 'Attended strategy discussion.', 'G2', ''),
    ('Health Visiting', 'health_visiting', '18/01/2019', '2019-01-18', '2019-01-18', 'day', False, '', 'strategy_discussion', 'HV attended strategy meeting by phone.', 'G2', ''),
    ('Northtown GP', 'gp', '24/01/2019', '2019-01-24', '2019-01-24', 'day', False, '', 'was_not_brought', 'WNB for 8 week immunisations.', '', 'repeated_was_not_brought'),
    ('Northtown GP', 'gp', '07/02/2019', '2019-02-07', '2019-02-07', 'day', False, '', 'was_not_brought', 'WNB again; letter sent.', '', 'repeated_was_not_brought'),
    ("Children's Social Care", 'childrens_social_care', 'early February 2019', '2019-02-01', '2019-02-10', 'range', False, '', 'assessment', 'Child and family assessment started.', '', ''),
    ('Hill & Dale Housing', 'housing', '12/02/2019', '2019-02-12', '2019-02-12', 'day', False, '', 'housing', 'Rent arrears letter; tenancy warning.', '', ''),
    ('Health Visiting', 'health_visiting', 'c. 20/02/2019', '2019-02-20', '2019-02-20', 'day', True, '', 'home_visit', 'Home visit, approximate date from notes.', '', ''),
    ("Children's Social Care", 'childrens_social_care', 'Spring 2019', '2019-03-01', '2019-05-31', 'season', False, '', 'cin_meeting', 'CIN meetings held through the spring.', '', ''),
    ('Oakfield Primary', 'education', 'Spring term 2019', '2019-01-01', '2019-03-31', 'term', False, '', 'education_attendance', 'Sibling attendance 81% this term.', '', ''),
    ('Oakfield Primary', 'education', '05/03/2019', '2019-03-05', '2019-03-05', 'day', False, '', 'education_concern', SCRIPT_ATTACK, '', ''),
    ('Northtown GP', 'gp', '08/03/2019', '2019-03-08', '2019-03-08', 'day', False, '', 'injury', 'Bruise to left cheek, mother says fell against cot. ' * 6, '', 'single_agency_knowledge'),
    ('Police', 'police', 'March 2019?', '2019-03-01', '2019-03-31', 'month', True, '', 'criminal_justice', 'Partner bailed (date not recorded exactly).', '', ''),
    ("Children's Social Care", 'childrens_social_care', '15/03/2019', '2019-03-15', '2019-03-15', 'day', False, '', 'home_visit', IMG_ATTACK, 'G3', ''),
    ('Health Visiting', 'health_visiting', '15/03/2019', '2019-03-15', '2019-03-15', 'day', False, '', 'home_visit', 'Joint visit with social worker.', 'G3', ''),
    ('Hill & Dale Housing', 'housing', 'between 1 and 5 April 2019', '2019-04-01', '2019-04-05', 'range', False, '', 'housing', 'Housing options interview.', '', ''),
    ('Northtown GP', 'gp', '11/04/2019', '2019-04-11', '2019-04-11', 'day', False, '', 'gp_consultation', 'Mother: low mood, started sertraline.', '', ''),
    ("Children's Social Care", 'childrens_social_care', '16/04/2019', '2019-04-16', '2019-04-16', 'day', False, '', 'cp_conference', 'Initial child protection conference: CP plan, neglect.', 'G4', ''),
    ('Police', 'police', '16/04/2019', '2019-04-16', '2019-04-16', 'day', False, '', 'cp_conference', 'Police report submitted to ICPC.', 'G4', ''),
    ('Northtown GP', 'gp', '16/04/2019', '2019-04-16', '2019-04-16', 'day', False, '', 'cp_conference', 'GP report sent; did not attend.', 'G4', ''),
    ('Health Visiting', 'health_visiting', '16/04/2019', '2019-04-16', '2019-04-16', 'day', False, '', 'cp_conference', 'HV attended ICPC.', 'G4', ''),
    ("Children's Social Care", 'childrens_social_care', '30/04/2019', '2019-04-30', '2019-04-30', 'day', False, '', 'core_group', 'First core group.', '', ''),
    ('Police', 'police', '15/05/2019', '2019-05-15', '2019-05-15', 'day', False, '', 'domestic_abuse', 'DA incident; partner arrested.', '', ''),
    ('Hope <b>House</b> Refuge', 'domestic_abuse', '20/05/2019', '2019-05-20', '2019-05-20', 'day', False, '', 'referral_other', 'Referral for outreach support.', '', ''),
    ("Children's Social Care", 'childrens_social_care', '28/05/2019', '2019-05-28', '2019-05-28', 'day', False, '', 'core_group', 'Core group; mother engaging.', '', ''),
    ('Health Visiting', 'health_visiting', '03/06/2019', '2019-06-03', '2019-06-03', 'day', False, '', 'no_access', 'No access visit.', '', ''),
    ('Northtown GP', 'gp', 'Summer 2019', '2019-06-01', '2019-08-31', 'season', True, '', 'outpatient', 'Paediatric clinic some time in the summer.', '', ''),
    ("Children's Social Care", 'childrens_social_care', '20/08/2019', '2019-08-20', '2019-08-20', 'day', False, '', 'cp_conference', 'Review conference; plan continues.', '', ''),
    ('Police', 'police', '02/09/2019', '2019-09-02', '2019-09-02', 'day', False, '', 'police_incident', 'Concern for welfare call.', '', ''),
    ('Oakfield Primary', 'education', 'Autumn term 2019', '2019-09-01', '2019-12-31', 'term', False, '', 'education_attendance', 'Attendance improved to 94%.', '', ''),
    ('Health Visiting', 'health_visiting', '14/09/2019', '2019-09-14', '2019-09-14', 'day', False, '', 'birth', 'Sibling born at 36 weeks.', '', ''),
    ('Northtown GP', 'gp', '2/10/2019', '2019-10-02', '2019-10-02', 'day', False, '', 'gp_consultation', 'New birth check.', '', ''),
    ("Children's Social Care", 'childrens_social_care', '22/10/2019', '2019-10-22', '2019-10-22', 'day', False, '', 'case_closure', 'Stepped down to early help.', '', ''),
    ('Police', 'police', '2019', '2019-01-01', '2019-12-31', 'year', False, '', 'other', 'Various intelligence logs during the year.', '', ''),
    ('Hill & Dale Housing', 'housing', '11 December', '2019-12-11', '2019-12-11', 'day', True, '', 'housing', 'Moved to new tenancy.', '', ''),
    ('Northtown GP', 'gp', 'N/K', '', '', 'unknown', False, '', 'gp_consultation', 'Date not known: letter filed.', '', ''),
]
# fmt: on


def timeline_chronology() -> Chronology:
    """The fixture: 41 entries (40 dated) across six agencies."""
    records = []
    counts: dict[str, int] = {}
    for row in ROWS:
        (
            agency,
            kind,
            text,
            start,
            end,
            precision,
            approx,
            time,
            etype,
            desc,
            group,
            flags,
        ) = row
        file = f"{kind}.xlsx"
        counts[file] = counts.get(file, 1) + 1
        entry_id = make_entry_id(file, "Chronology", counts[file])
        records.append(
            {
                "entry_id": entry_id,
                "agency": agency,
                "agency_kind": kind,
                "source_file": file,
                "source_location": "Chronology",
                "source_row": counts[file],
                "date_text": text,
                "date_start": start,
                "date_end": end,
                "date_precision": precision,
                "date_approximate": approx,
                "time": time,
                "event_type": etype,
                "description": desc,
                "event_group": group or f"G-{entry_id}",
                "flags": flags,
                "age": _age(start),
                "secondary_types": "injury" if etype == "gp_consultation" else "",
            }
        )
    entries = pd.DataFrame(records)
    ids = {
        g: ";".join(entries.loc[entries.event_group == g, "entry_id"])
        for g in entries.event_group
    }
    groups = pd.DataFrame(
        [
            {
                "event_group": g,
                "entry_ids": members,
                "agencies": ";".join(entries.loc[entries.event_group == g, "agency"]),
                "size": members.count(";") + 1,
                "score": 0.9 if ";" in members else 1.0,
                "reasons": "same day; similar words" if ";" in members else "",
            }
            for g, members in ids.items()
        ]
    )
    by_flag = {
        f: ";".join(entries.loc[entries["flags"].str.contains(f), "entry_id"])
        for f in (
            "da_no_referral",
            "repeated_was_not_brought",
            "single_agency_knowledge",
        )
    }
    flags = pd.DataFrame(
        [
            (
                "da_no_referral",
                "2019-01-03",
                by_flag["da_no_referral"],
                "Police recorded domestic abuse on 3 January 2019; no agency recorded a referral within 7 days.",
            ),
            (
                "repeated_was_not_brought",
                "2019-02-07",
                by_flag["repeated_was_not_brought"],
                "Child T was not brought to 2 appointments within 90 days.",
            ),
            (
                "single_agency_knowledge",
                "2019-03-08",
                by_flag["single_agency_knowledge"],
                "An injury on 8 March 2019 <b>is</b> known to Northtown GP only.",
            ),
        ],
        columns=list(FLAG_COLUMNS),
    )
    gaps = pd.DataFrame(
        [
            ("all", "2019-06-03", "2019-08-20", 78),
            ("Police", "2019-01-18", "2019-04-16", 88),
            ("Northtown GP", "2019-04-16", "2019-10-02", 169),
        ],
        columns=list(GAP_COLUMNS),
    )
    return Chronology(
        entries=entries,
        issues=pd.DataFrame(columns=list(ISSUE_COLUMNS)),
        gaps=gaps,
        flags=flags,
        groups=groups,
        review=REVIEW,
    )


def _age(start: str) -> str:
    if not start:
        return ""
    days = (dt.date.fromisoformat(start) - dt.date(2018, 11, 20)).days
    return "pre-birth" if days < 0 else f"{days // 30}m {days % 30}d"


# --- helpers ---


@pytest.fixture(scope="module")
def chronology() -> Chronology:
    return timeline_chronology()


@pytest.fixture(scope="module")
def figure(chronology):
    return timeline_figure(chronology)


def traces(fig, role: str) -> list:
    return [t for t in fig.data if (t.meta or {}).get("role") == role]


def entry_points(fig) -> dict[str, tuple]:
    """entry_id -> (trace, index) over every entries trace."""
    found = {}
    for trace in traces(fig, "entries"):
        for index, entry_id in enumerate(trace.customdata):
            found[entry_id] = (trace, index)
    return found


def iso(values) -> list[str | None]:
    """x values (milliseconds since 1970) as the dates and times they stand
    for, written as Plotly would read them; a break in a line (NaN) as None."""
    out: list[str | None] = []
    for value in values:
        if value is None or math.isnan(value):
            out.append(None)
            continue
        moment = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=float(value))
        out.append(
            moment.strftime(
                "%Y-%m-%d" if moment.time() == dt.time() else "%Y-%m-%d %H:%M"
            )
        )
    return out


def tags(text: str) -> set[str]:
    return set(re.findall(r"</?\s*([a-zA-Z]+)", text))


ALLOWED_TAGS = {"b", "i", "br", "span"}


def html_esc(text: str) -> str:
    return html.escape(text, quote=False)


# --- the figure ---


def test_every_dated_entry_is_one_marker(chronology, figure):
    dated = chronology.entries[chronology.entries["date_start"] != ""]
    points = entry_points(figure)
    assert sorted(points) == sorted(dated["entry_id"])
    assert sum(len(t.x) for t in traces(figure, "entries")) == len(dated)


def test_undated_entries_are_counted_on_the_figure(chronology, figure):
    undated = int((chronology.entries["date_start"] == "").sum())
    notes = " ".join(a.text for a in figure.layout.annotations)
    assert undated == 1
    assert "1 entry has no readable date and is not drawn" in notes


def test_one_lane_per_agency_flags_first_then_review_order(chronology, figure):
    ticks = [
        re.sub(r"<[^>]+>", "", t).replace("■", "").strip()
        for t in figure.layout.yaxis.ticktext
    ]
    declared = [a.name for a in chronology.review.agencies]
    others = sorted(set(chronology.entries["agency"]) - set(declared), key=str.casefold)
    expected = [FLAG_LANE, *declared, *others]
    assert [html.unescape(t) for t in ticks] == expected
    assert list(figure.layout.yaxis.tickvals) == list(range(len(expected)))


@pytest.mark.parametrize(
    ("agency", "colour", "tint"),
    [
        ("Northtown GP", "#AA3377", "#EED6E4"),  # the review file's colour wins
        ("Police", "#117733", "#CFE8D6"),  # its kind's colours in agencies.toml
        ("Health Visiting", "#88CCEE", "#E3F3FA"),
        ("Hill & Dale Housing", "#77AADD", "#DDEAF6"),
    ],
)
def test_each_lane_is_in_its_agencys_colours(chronology, figure, agency, colour, tint):
    ticks = [
        html.unescape(re.sub(r"<[^>]+>", "", t)) for t in figure.layout.yaxis.ticktext
    ]
    lane = [t.replace("■", "").strip() for t in ticks].index(agency)
    assert f'<span style="color:{colour}">' in figure.layout.yaxis.ticktext[lane]
    (band,) = [s for s in figure.layout.shapes if s.yref == "y" and s.y0 == lane - 0.5]
    assert band.fillcolor == tint
    points = entry_points(figure)
    ids = chronology.entries.loc[
        (chronology.entries["agency"] == agency)
        & (chronology.entries["date_start"] != ""),
        "entry_id",
    ]
    assert len(ids) > 0
    for entry_id in ids:
        trace, index = points[entry_id]
        assert trace.y[index] == lane


def test_markers_are_coloured_by_kind_and_shaped_by_event_type(figure):
    keys = {t.meta["event_type"]: t.marker for t in traces(figure, "key")}
    for trace in traces(figure, "entries"):
        key = keys[trace.meta["group"]]
        assert trace.marker.color == key.color == look(trace.meta["group"]).colour
        assert trace.marker.symbol.removesuffix("-open") == key.symbol
    # One kind, one colour, a shape each; another kind, another colour.
    assert keys["strategy_discussion"].color == keys["cp_conference"].color
    assert keys["strategy_discussion"].symbol != keys["cp_conference"].symbol
    assert keys["was_not_brought"].color != keys["gp_consultation"].color
    looks = {(look(c).colour, look(c).symbol) for c in event_type_codes()}
    assert len(looks) == len(event_type_codes())  # every type drawn its own way


def test_each_event_type_has_a_legend_key_that_toggles_its_markers(chronology, figure):
    dated = chronology.entries[chronology.entries["date_start"] != ""]
    keys = {t.meta["event_type"]: t for t in traces(figure, "key")}
    assert set(keys) == set(dated["event_type"])
    for trace in traces(figure, "entries") + traces(figure, "periods"):
        code = trace.meta["group"]
        assert trace.legendgroup == code == keys[code].legendgroup
        assert trace.showlegend is False
    assert figure.layout.legend.groupclick == "togglegroup"
    symbols = {t.meta["event_type"]: t.marker.symbol for t in traces(figure, "key")}
    assert symbols["was_not_brought"] != symbols["home_visit"]


def test_approximate_dates_have_hollow_markers(chronology, figure):
    points = entry_points(figure)
    for row in chronology.entries[chronology.entries["date_start"] != ""].itertuples():
        trace, _ = points[row.entry_id]
        assert trace.marker.symbol.endswith("-open") == bool(row.date_approximate)
        assert trace.meta["approximate"] == bool(row.date_approximate)


@pytest.mark.parametrize(
    ("date_text", "bar"),
    [
        ("January 2019", ("2019-01-01", "2019-02-01")),
        ("w/c 14/01/2019", ("2019-01-14", "2019-01-21")),
        ("Spring 2019", ("2019-03-01", "2019-06-01")),
        ("Autumn term 2019", ("2019-09-01", "2020-01-01")),
        ("between 1 and 5 April 2019", ("2019-04-01", "2019-04-06")),
    ],
)
def test_imprecise_dates_are_bars_across_their_interval(
    chronology, figure, date_text, bar
):
    bars = set()
    for trace in traces(figure, "periods"):
        xs = iso(trace.x)
        for i in range(0, len(xs), 3):
            bars.add((xs[i], xs[i + 1]))
            assert xs[i + 2] is None
    assert bar in bars
    row = chronology.entries.loc[chronology.entries["date_text"] == date_text].iloc[0]
    trace, index = entry_points(figure)[row.entry_id]
    # The marker sits inside the bar.
    assert bar[0] <= iso(trace.x)[index] <= bar[1]


def test_one_day_entries_have_no_bar(chronology, figure):
    count = sum(len(t.x) // 3 for t in traces(figure, "periods"))
    dated = chronology.entries[chronology.entries["date_start"] != ""]
    assert count == int((dated["date_start"] != dated["date_end"]).sum())


def test_linked_entries_are_joined_across_lanes(chronology, figure):
    (links,) = traces(figure, "links")
    segments, current = [], []
    for x, y in zip(iso(links.x), links.y, strict=True):
        if x is None:
            segments.append(current)
            current = []
        else:
            current.append((x, y))
    entries = chronology.entries
    multi = entries.groupby("event_group")["agency"].nunique()
    assert len(segments) == int((multi > 1).sum())  # G1..G4
    g4 = entries[entries["event_group"] == "G4"]
    lanes = sorted(y for seg in segments for _, y in seg if len(seg) == len(g4))
    assert len(lanes) == 4 and len(set(lanes)) == 4


def test_gaps_are_shaded_with_their_length(chronology, figure):
    (every, *_) = traces(figure, "gaps-all")
    (label,) = traces(figure, "gap-labels-all")
    assert list(label.text) == ["78 days"]
    assert "78 days with no entry from any agency" in label.hovertext[0]
    # The shading spans every lane.
    top, bottom = -0.5, len(figure.layout.yaxis.tickvals) - 0.5
    assert {np.nanmin(every.y), np.nanmax(every.y)} == {top, bottom}
    (one,) = traces(figure, "gap-labels-one")
    assert sorted(one.text) == ["169 days", "88 days"]
    assert any("no entry from Police" in h for h in one.hovertext)
    # The agency's gap sits inside its lane: 88 days of Police, lane 1.
    (lane_fill,) = traces(figure, "gaps-one")
    police = list(lane_fill.y[:5])
    assert min(police) > 0.5 and max(police) < 1.5
    assert iso(lane_fill.x[:2]) == ["2019-01-18", "2019-04-16"]
    # The whole-review gap is hatched darker than an agency's.
    ink = lambda t: float(t.fillpattern.fgcolor.rsplit(",", 1)[1].rstrip(")"))  # noqa: E731
    assert ink(every) > ink(lane_fill)
    assert every.fillpattern.solidity > lane_fill.fillpattern.solidity


def test_flags_are_markers_that_explain_themselves(chronology, figure):
    (flags,) = traces(figure, "flags")
    assert len(flags.x) == len(chronology.flags)
    assert set(flags.y) == {0}
    for text, summary in zip(flags.hovertext, chronology.flags["summary"], strict=True):
        assert "not a finding" in text
        assert "Entries:" in text
        plain = html.unescape(re.sub(r"<br>", " ", text))
        assert " ".join(html_esc(summary).split()) in " ".join(
            re.sub(r"<br>", " ", text).split()
        )
        assert plain
    (ringed,) = traces(figure, "flagged")
    named = {i for ids in chronology.flags["entry_ids"] for i in ids.split(";")}
    assert len(ringed.x) == len(named)


def test_hover_shows_date_as_written_agency_type_age_and_wrapped_text(
    chronology, figure
):
    row = chronology.entries[chronology.entries["event_type"] == "injury"].iloc[0]
    trace, index = entry_points(figure)[row.entry_id]
    text = trace.hovertext[index]
    lines = text.split("<br>")
    assert lines[0].startswith("<b>08/03/2019</b>")
    assert "read as 8 March 2019" in lines[0]
    assert "<b>Northtown GP</b> · Injury seen or reported" in text
    assert f"Age of Child T: {row.age}" in text
    description = [line for line in lines if "Bruise" in line or "cot" in line]
    assert len(description) > 3  # long text is wrapped, not one wide line
    assert all(len(html.unescape(line)) <= WRAP_WIDTH for line in description)
    assert "Flagged:" in text and "Known to one agency only" in text
    assert "gp.xlsx, Chronology, row" in text


def test_hover_names_the_other_entries_of_a_linked_event(chronology, figure):
    row = chronology.entries[
        (chronology.entries["event_group"] == "G1")
        & (chronology.entries["agency"] == "Police")
    ].iloc[0]
    trace, index = entry_points(figure)[row.entry_id]
    text = trace.hovertext[index]
    assert "Same event as:" in text
    assert "Children&#x27;s Social Care" not in text  # quotes need no escaping
    assert "Children's Social Care (4 January 2019)" in text
    assert "same day; similar words" in text


def test_entries_without_ages_are_drawn_with_no_age(chronology, figure):
    """The analyse stage gives every merged entry its age; a frame without
    the column (built by hand) is drawn whole, and no hover shows an age."""
    entries = chronology.entries.drop(columns="age")
    no_ages = dataclasses.replace(chronology, entries=entries)
    drawn = entry_points(timeline_figure(no_ages))
    with_ages = entry_points(figure)
    assert set(drawn) == set(with_ages)
    assert len(drawn) == (entries["date_start"] != "").sum() == 40
    aged = 0
    for entry_id, (trace, index) in drawn.items():
        lines = trace.hovertext[index].split("<br>")
        assert not any(line.startswith("Age of") for line in lines)
        aged_trace, aged_index = with_ages[entry_id]
        aged_lines = aged_trace.hovertext[aged_index].split("<br>")
        aged += len(aged_lines) - len(lines)
        assert [x for x in aged_lines if not x.startswith("Age of")] == lines
    assert aged == 40  # with ages, every dated entry's hover had its age


@pytest.mark.parametrize(
    "attack", [SCRIPT_ATTACK, IMG_ATTACK, "Hope <b>House</b> Refuge"]
)
def test_agency_text_is_escaped_everywhere(figure, attack):
    escaped = html_esc(attack)
    strings = []
    for trace in figure.data:
        hover = trace.hovertext if trace.hovertext is not None else []
        strings += [str(v) for v in hover if v]
        strings += [str(trace.name or "")]
    strings += list(figure.layout.yaxis.ticktext)
    strings += [a.text for a in figure.layout.annotations] + [figure.layout.title.text]
    assert any(escaped in s for s in strings)
    assert not any(attack in s for s in strings)
    for s in strings:
        assert tags(s) <= ALLOWED_TAGS, s


def test_title_carries_the_marking_and_escaped_review_name(figure):
    title = figure.layout.title.text
    assert "OFFICIAL-SENSITIVE" in title
    assert "Child T &lt;Thornbury&gt; &amp; family" in title


def test_review_period_birth_and_key_dates_are_marked(figure):
    lines = [s for s in figure.layout.shapes if s.type == "line"]
    xs = {s.x0 for s in lines}
    assert {
        "2019-01-01",
        "2020-01-01",
    } <= xs  # the period's first day and the day after its last
    assert "2018-11-20" in xs  # Child T's birth
    assert "2019-09-14" in xs  # the sibling's, inside the timeline
    assert "1995-03-02" not in xs  # the mother's, long before it
    band = [s for s in figure.layout.shapes if s.label and s.label.text]
    assert band[0].label.text == "Review period: 1 January 2019 to 31 December 2019"
    texts = [a.text for a in figure.layout.annotations]
    assert any("Child T born" in t and "20 November 2018" in t for t in texts)
    # "All" shows the child's birth with room to spare.
    low, high = figure.layout.xaxis.autorangeoptions.include
    assert low < "2018-11-20" and high > "2020-01-01"


def test_zoom_and_range_buttons(figure):
    buttons = figure.layout.xaxis.rangeselector.buttons
    assert [b.label for b in buttons] == ["1 month", "6 months", "1 year", "All"]
    assert [(b.step, b.count) for b in buttons[:3]] == [
        ("month", 1),
        ("month", 6),
        ("year", 1),
    ]
    assert buttons[3].step == "all"
    assert figure.layout.yaxis.fixedrange is True  # lanes stay put; time zooms


def test_small_reviews_use_svg_and_large_ones_webgl(chronology, figure):
    assert {t.type for t in traces(figure, "entries")} == {"scatter"}
    gl = timeline_figure(chronology, webgl=True)
    assert {t.type for t in traces(gl, "entries")} == {"scattergl"}
    # WebGL markers are all round (other shapes are slow without a GPU).
    assert {t.marker.symbol for t in traces(gl, "entries")} <= {"circle", "circle-open"}
    assert sum(len(t.x) for t in traces(gl, "entries")) == 40
    big = bigger(chronology, WEBGL_FROM)
    fig = timeline_figure(big)
    assert {t.type for t in traces(fig, "entries")} == {"scattergl"}
    assert sum(len(t.x) for t in traces(fig, "entries")) >= WEBGL_FROM


def test_with_webgl_the_legend_names_kinds_of_event(chronology):
    gl = timeline_figure(chronology, webgl=True)
    entries = traces(gl, "entries")
    assert traces(gl, "key") == []
    shown = [t.name for t in entries if t.showlegend is not False]
    kinds = {look(code).kind for code in chronology.entries["event_type"]}
    assert sorted(shown) == sorted(html_esc(k) for k in kinds)
    for trace in entries:  # one colour per kind; every entry in its kind's trace
        codes = chronology.entries.set_index("entry_id").loc[list(trace.customdata)]
        assert {look(c).kind for c in codes["event_type"]} == {trace.meta["group"]}
        assert trace.marker.color == look(codes["event_type"].iloc[0]).colour
    bars = traces(gl, "periods")
    assert {t.legendgroup for t in bars} <= {t.legendgroup for t in entries}


def bigger(chronology: Chronology, at_least: int) -> Chronology:
    """The fixture's entries repeated, each copy a year later, with new ids."""
    dated = int((chronology.entries["date_start"] != "").sum())
    copies = []
    for n in range(at_least // dated + 1):
        copy = chronology.entries.copy()
        for column in ("date_start", "date_end"):
            copy[column] = copy[column].map(
                lambda d, n=n: f"{int(d[:4]) + n}{d[4:]}" if d else d
            )
        copy["entry_id"] = copy["entry_id"] + f"-{n}"
        copy["event_group"] = copy["event_group"] + f"-{n}"
        copies.append(copy)
    entries = pd.concat(copies, ignore_index=True)
    return Chronology(
        entries=entries,
        issues=chronology.issues,
        gaps=chronology.gaps,
        flags=chronology.flags,
        groups=chronology.groups,
        review=chronology.review,
    )


def test_an_empty_chronology_still_draws(tmp_path):
    empty = Chronology(
        entries=pd.DataFrame(columns=["entry_id", "agency", "date_start", "date_end"]),
        issues=pd.DataFrame(),
        gaps=pd.DataFrame(),
        flags=pd.DataFrame(),
        groups=pd.DataFrame(),
    )
    fig = timeline_figure(empty)
    assert traces(fig, "entries") == []
    assert "no dated entry" in " ".join(a.text for a in fig.layout.annotations)
    assert write_timeline(empty, tmp_path / "t.html").stat().st_size > 1_000_000


def test_an_entry_without_agency_gets_a_lane_of_its_own(chronology):
    entries = chronology.entries.copy()
    entries.loc[0, "agency"] = ""
    fig = timeline_figure(
        Chronology(
            entries,
            chronology.issues,
            chronology.gaps,
            chronology.flags,
            chronology.groups,
            chronology.review,
        )
    )
    ticks = list(fig.layout.yaxis.ticktext)
    assert ticks[-1].endswith("Agency not recorded")
    trace, index = entry_points(fig)[entries.loc[0, "entry_id"]]
    assert trace.y[index] == len(ticks) - 1


# --- the page ---


@pytest.fixture(scope="module")
def page(chronology, tmp_path_factory) -> str:
    path = write_timeline(
        chronology, tmp_path_factory.mktemp("timeline") / "timeline.html"
    )
    return path.read_text(encoding="utf-8")


def scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, flags=re.S)


def packed(page: str, element: str) -> str:
    """The text a page carries deflated in base64 in the element ``element``."""
    (found,) = re.findall(
        rf'<script type="application/octet-stream" id="{element}">(.*?)</script>',
        page,
        flags=re.S,
    )
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", found)  # nothing but base64
    return zlib.decompress(base64.b64decode(found)).decode("utf-8")


def test_the_page_is_one_file_that_fetches_nothing(page):
    assert len(scripts(page)) == 1  # the call that unpacks plotly.js and draws
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link\b", page)
    assert not re.search(r"<(img|iframe|object|embed)\b", page)
    assert "cdn.plot.ly" not in page.split("<script")[0]
    plotly_js = packed(page, "chronomerge-plotly")  # carried packed: a third
    assert "Plotly" in plotly_js and len(plotly_js) > 3_000_000
    assert len(page) < len(plotly_js) / 2


def test_the_cloud_controls_are_off(page):
    (render,) = scripts(page)
    config = json_object_after(render, "var config = ")
    assert config["showSendToCloud"] is False
    assert config["showEditInChartStudio"] is False
    assert config["showLink"] is False
    assert config["plotlyServerURL"] == ""
    assert config["displaylogo"] is False


def json_object_after(text: str, marker: str) -> dict:
    start = text.index(marker) + len(marker)
    return json.JSONDecoder().raw_decode(text[start:])[0]


def csp_of(page: str) -> dict[str, list[str]]:
    (content,) = re.findall(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page
    )
    policy = {}
    for part in html.unescape(content).split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def test_the_content_security_policy_forbids_connections(page):
    policy = csp_of(page)
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
    assert set(policy["img-src"]) == {"data:", "blob:"}
    assert "'unsafe-inline'" not in policy["script-src"]
    # Exactly the page's two scripts may run, named by their hashes: the one
    # it runs and plotly.js, which that one unpacks and adds to the page.
    hashes = {
        "'sha256-"
        + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        + "'"
        for s in [*scripts(page), packed(page, "chronomerge-plotly")]
    }
    assert set(policy["script-src"]) == hashes  # SVG page: no 'unsafe-eval'
    assert page.index("Content-Security-Policy") < page.index("<script")


def test_webgl_pages_allow_eval_for_plotly_only(chronology):
    page = page_html(timeline_figure(chronology, webgl=True), title="t", marking="m")
    policy = csp_of(page)
    assert "'unsafe-eval'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["connect-src"] == ["'none'"]


def page_data(page: str) -> str:
    """The figure's JSON as the page carries it: deflated, in base64."""
    return packed(page, "chronomerge-figure")


def test_no_markup_from_the_agencies_reaches_the_page(page):
    for attack in (SCRIPT_ATTACK, IMG_ATTACK):
        assert attack not in page
    assert "window.__pwned" not in page  # not even as escaped text: packed
    data = page_data(page)
    assert "window.__pwned" in data  # the text is there, as text
    assert "&lt;script&gt;" in data and "&lt;img src=x onerror=" in data
    for attack in (SCRIPT_ATTACK, IMG_ATTACK):
        assert attack not in data


def test_the_page_carries_the_figure_plotly_draws(chronology, page):
    fig = json.loads(page_data(page))
    drawn = timeline_figure(chronology)
    assert [t["type"] for t in fig["data"]] == [t.type for t in drawn.data]
    assert fig["layout"]["xaxis"]["type"] == "date"
    shown = [t for t in fig["data"] if (t.get("meta") or {}).get("role") == "entries"]
    for sent, trace in zip(shown, traces(drawn, "entries"), strict=True):
        assert sent["x"]["dtype"] == "f8"  # milliseconds, as a typed array
        xs = np.frombuffer(base64.b64decode(sent["x"]["bdata"]), "<f8")
        assert iso(xs) == iso(trace.x)
        ys = np.frombuffer(base64.b64decode(sent["y"]["bdata"]), sent["y"]["dtype"])
        assert list(ys) == list(trace.y)
        assert sent["hovertext"] == list(trace.hovertext)
        assert "customdata" not in sent  # entry ids: not shown, not sent


def test_a_big_page_sends_typed_arrays_and_stays_small(chronology, tmp_path):
    """At a few thousand entries the page holds no list of date strings and
    grows by well under a kilobyte per entry beyond plotly.js itself."""
    big = bigger(chronology, 3000)
    dated = int((big.entries["date_start"] != "").sum())
    page = write_timeline(big, tmp_path / "big.html").read_text(encoding="utf-8")
    empty = (
        write_timeline(
            Chronology(
                entries=pd.DataFrame(columns=["entry_id", "agency", "date_start"]),
                issues=big.issues,
                gaps=big.gaps,
                flags=pd.DataFrame(columns=list(FLAG_COLUMNS)),
                groups=pd.DataFrame(),
                review=big.review,
            ),
            tmp_path / "empty.html",
        )
        .stat()
        .st_size
    )
    per_entry = (len(page.encode()) - empty) / dated
    assert per_entry < 100  # 355 bytes as lists of text, 29 typed and packed
    data = page_data(page)
    assert len(data) > 200 * dated  # the hover text is all there, unpacked
    fig = json.loads(data)
    for trace in fig["data"]:
        role = (trace.get("meta") or {}).get("role")
        if role in ("entries", "periods", "links", "flagged"):
            assert set(trace["x"]) == {"dtype", "bdata"}, role
            assert set(trace["y"]) == {"dtype", "bdata"}, role
    assert not re.search(r'"x":\["\d{4}-\d\d-\d\d', data)  # no list of dates
    assert len(re.findall(r'"\d{4}-\d\d-\d\d[ "]', data)) < 200  # layout, gaps


def test_the_same_chronology_gives_the_same_bytes(chronology, tmp_path):
    first = write_timeline(chronology, tmp_path / "a.html").read_bytes()
    second = write_timeline(timeline_chronology(), tmp_path / "b.html").read_bytes()
    assert first == second
    assert b"chronomerge-timeline" in first


def test_the_title_and_marking_are_escaped_in_the_page(page):
    assert (
        "<title>OFFICIAL-SENSITIVE: Child T &lt;Thornbury&gt; &amp; family (timeline)</title>"
        in page
    )
    assert page.count('<p class="marking">OFFICIAL-SENSITIVE</p>') == 2


def test_a_folder_that_cannot_be_written_is_an_export_error(chronology, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="could not be written"):
        write_timeline(chronology, blocker / "timeline.html")


def test_jupyter_and_html_exports_keep_the_cloud_controls_off(figure):
    exported = figure.to_html(include_plotlyjs=False, config={"showSendToCloud": True})
    assert '"showSendToCloud": true' not in exported
    assert '"showEditInChartStudio": false' in exported
    bundle = figure._repr_mimebundle_()
    for value in bundle.values():
        text = value if isinstance(value, str) else str(value)
        assert 'showSendToCloud": true' not in text
    assert safe_config({"showSendToCloud": True, "scrollZoom": False}) == {
        **safe_config(),
        "scrollZoom": False,
    }


@pytest.mark.slow
def test_the_bytes_do_not_depend_on_the_python_process(tmp_path):
    """Set and dict order can change with PYTHONHASHSEED; the page must not."""
    import os
    import subprocess
    import sys

    here = Path(__file__).resolve().parent
    digests = set()
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.html"
        code = (
            f"import sys; sys.path.insert(0, {str(here)!r})\n"
            "from test_timeline import timeline_chronology\n"
            "from chronomerge.export.timeline import write_timeline\n"
            f"write_timeline(timeline_chronology(), {str(out)!r})\n"
        )
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1
