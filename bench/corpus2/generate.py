"""Generate a held-out review for measuring chronomerge: corpus 2.

    python bench/corpus2/generate.py --seed 11 --out /tmp/review11 [--entries 900]
    python bench/corpus2/generate.py --story --seed 21 --out /tmp/story21

Writes a review folder: eleven agency files (twelve in story mode) in the
layouts real agencies send (workbooks with title rows above the headings,
Word tables, CSVs in cp1252 or with semicolons or a title line), a
review.toml and a truth.csv with the same columns as
sample_data/child_a/truth.csv, one row per entry,
keyed on source_file, source_location and source_row exactly as chronomerge
reports them. Same seed, same bytes.

truth.csv ends with four columns on the child's experience, `child_seen`,
`child_seen_alone` (no parent or carer present), `child_spoken_to` and
`child_words` (the child's own words quoted or reported), true or false, for
any of the family's children, as each template is annotated (history.Said).
truth_people.csv lists the people around the child, as planted (people.py):
`person` (the review file's label, or the entries' role words, e.g.
"maternal grandmother"), `role`, `adult`, `household`, `agencies` (those
whose files name them) and `not_known_to_health_or_care` (an adult of the
household named by police, probation, housing or substance misuse but never
by health visiting, midwifery, GP or children's social care).

Story mode (`--story`, `generate(..., story=True)`; seeds 21 and 22 suggested)
organises the history around 4 to 6 planted key practice episodes (a
referral, strategy discussion, section 47 enquiry and conference; a domestic
abuse incident and its MARAC; a sibling missing and exploited; children not
seen and legal planning; a step-down and closure; a re-referral: plot.py),
each a burst of several agencies' entries ending in a decision, with
everyday entries around them and no other conferences, strategy discussions
or MARACs, and writes truth_episodes.csv (`episode_start`, `episode_end`,
`title`). It adds a twelfth agency, a health visiting service for Sibling 2,
and plants the mother's brother, staying at the address, named by police,
housing and probation and never by children's social care or the health
visitor (a `not_known_to_health_or_care` adult, listed in review.toml). The default mode
(no --story; seeds 11 and 12 for the other benchmarks) writes the same agency
files and review.toml as before story mode existed: only truth files change.

THIS CORPUS IS HELD OUT. Its wording, headings, agencies and date habits were
written without looking at sample_data/samplegen/ or at the keyword lists in
schemas/, so that figures on it say how chronomerge does on files it was not
tuned on. Tune on sample_data/, report on corpus 2, and never edit a keyword
list, a heading synonym or a linking weight to make corpus 2 pass: prefer a
signal that generalises. If this corpus ever becomes a tuning set, write a
third one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bench.corpus2.history import (  # noqa: E402
    FAMILIES,
    PERSON,
    SHARED,
    SINGLE,
    Occurrence,
    Rec,
    Story,
    flags_of,
)
from bench.corpus2.people import COLUMNS as PEOPLE_COLUMNS  # noqa: E402
from bench.corpus2.people import truth_people  # noqa: E402
from bench.corpus2.plot import DECISION_KINDS, Episode, Plot, plant  # noqa: E402
from bench.corpus2.truth_conflicts import COLUMNS as CONFLICT_COLUMNS  # noqa: E402
from bench.corpus2.truth_conflicts import truth_conflicts  # noqa: E402
from bench.corpus2.truth_sharing import COLUMNS as SHARING_COLUMNS  # noqa: E402
from bench.corpus2.truth_sharing import truth_sharing  # noqa: E402

PERIOD = (dt.date(2018, 9, 1), dt.date(2021, 3, 31))
FIXED_STAMP = "2021-04-06T09:00:00Z"
ZIP_TIME = (2021, 4, 6, 9, 0, 0)
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip

TRUTH_COLUMNS = [
    "source_file", "source_location", "source_row", "agency", "true_event_id",
    "person", "date_text", "date_start", "date_end", "date_precision",
    "date_approximate", "time", "event_type", "description", "planted",
    "true_date", "shared",
    "child_seen", "child_seen_alone", "child_spoken_to", "child_words",
]  # fmt: skip
EPISODE_COLUMNS = ["episode_start", "episode_end", "title"]
# what an entry says of the children (history.Said's flags), by truth column
EXPERIENCE = {
    "child_seen": "seen",
    "child_seen_alone": "alone",
    "child_spoken_to": "spoken",
    "child_words": "words",
}

# agency key -> name, kind, file, and how the file is laid out
AGENCIES: dict[str, dict] = {
    "police": {
        "name": "Northvale Police",
        "kind": "police",
        "file": "Northvale_Police_incident_extract.xlsx",
        "writer": "xlsx",
        "sheet": "Extract",
        "titles": [
            "NORTHVALE POLICE - OFFICIAL SENSITIVE",
            "Niche extract: incidents linked to persons/address - LCSPR Child B",
            "",
        ],
        "columns": [
            ("Date/Time", "datetime"),
            ("Occurrence ref", "ref"),
            ("Incident type", "kind"),
            ("Incident details", "text"),
            ("OIC", "worker"),
        ],
        "date": "dotted_yy",
        "workers": ["PC 2231", "PC 1187", "DC 904", "PS 412", "PCSO 6620"],
        "key_sheet": [
            ("Abbreviation", "Meaning"),
            ("DASH", "Domestic abuse, stalking and harassment risk checklist"),
            ("PPN", "Public protection notice"),
            ("CFW", "Concern for welfare"),
            ("IP", "Injured party"),
            ("BWV", "Body worn video"),
            ("OIC", "Officer in the case"),
        ],
    },
    "csc": {
        "name": "Ashby Children's Services",
        "kind": "childrens_social_care",
        "file": "Ashby_Childrens_Services_chronology.xlsx",
        "writer": "xlsx",
        "sheet": "Chronology",
        "titles": ["Chronology of significant events - Child B and siblings"],
        "columns": [
            ("Date", "date"),
            ("Time", "time"),
            ("Contact type", "kind"),
            ("Summary of contact", "text"),
            ("Worker", "worker"),
        ],
        "date": "slash_yyyy_note",
        "workers": ["SW1", "SW2", "TM", "Duty SW", "MASH"],
        "line_breaks": True,
    },
    "probation": {
        "name": "Probation Service, Ashby PDU",
        "kind": "probation",
        "file": "Probation_Ashby_PDU_contact_log.docx",
        "writer": "docx",
        "title": "Probation Service - contact log (partner of mother)",
        "columns": [
            ("Date", "date"),
            ("Contact type", "kind"),
            ("Details and outcome", "text"),
            ("Practitioner", "worker"),
        ],
        "date": "d_mon_yy",
        "workers": ["OM", "PSO", "SPO", "OM (cover)"],
    },
    "yjs": {
        "name": "Ashby Youth Justice Service",
        "kind": "youth_justice",
        "file": "YJS_chronology.docx",
        "writer": "docx",
        "title": "Youth Justice Service chronology",
        "columns": [
            ("Date", "date"),
            ("Event", "empty"),
            ("Details", "text"),
            ("Worker", "worker"),
        ],
        "date": "slash_nopad",
        "workers": ["YJW", "YJ case manager", "RJ worker"],
    },
    "ambulance": {
        "name": "Midshire Ambulance Service",
        "kind": "ambulance",
        "file": "Midshire_Ambulance_incidents.csv",
        "writer": "csv",
        "encoding": "utf-8-sig",
        "delimiter": ",",
        "preamble": ["Midshire Ambulance Service NHS Trust - incidents at address"],
        "columns": [
            ("Incident no", "ref"),
            ("Date/Time", "datetime"),
            ("Incident details", "text"),
            ("Outcome / decision", "outcome"),
        ],
        "date": "slash_yyyy",
        "workers": [],
    },
    "school": {
        "name": "St Wilfrid's CE Academy",
        "kind": "education",
        "file": "St_Wilfrids_safeguarding_log.xlsx",
        "writer": "xlsx",
        "sheet": "Log",
        "titles": ["St Wilfrid's CE Academy", "Safeguarding log (CPOMS export)"],
        "columns": [
            ("Date", "excel_date"),
            ("Pupil", "pupil"),
            ("Category", "kind"),
            ("Concern / action", "text"),
            ("Outcome / decision", "outcome"),
            ("Staff", "worker"),
        ],
        "date": "slash_yyyy",
        "workers": ["DSL", "DDSL", "Class teacher", "TA", "Office"],
    },
    "nursery": {
        "name": "Little Owls Day Nursery",
        "kind": "education",
        "file": "Little_Owls_nursery_log.csv",
        "writer": "csv",
        "encoding": "cp1252",
        "delimiter": ";",
        "columns": [
            ("Date", "date"),
            ("Child", "pupil"),
            ("What happened", "text"),
            ("Key person", "worker"),
        ],
        "date": "ordinal_month",
        "workers": ["KP", "Manager", "Deputy"],
    },
    "camhs": {
        "name": "Midshire CAMHS",
        "kind": "camhs",
        "file": "CAMHS_chronology.docx",
        "writer": "docx",
        "title": "CAMHS - chronology of involvement",
        "split_year": True,
        "columns": [
            ("Date", "date"),
            ("Contact", "kind"),
            ("Clinician", "worker"),
            ("Notes", "text"),
        ],
        "date": "dotted_yyyy",
        "workers": ["CPN", "Psychologist", "Duty clinician"],
        "line_breaks": True,
    },
    "substance": {
        "name": "Open Road Recovery",
        "kind": "substance_misuse",
        "file": "Open_Road_Recovery_contacts.csv",
        "writer": "csv",
        "encoding": "cp1252",
        "delimiter": ",",
        "columns": [
            ("Date", "date"),
            ("Contact type", "kind"),
            ("Summary", "text"),
            ("Keyworker", "worker"),
        ],
        "date": "dash_mon",
        "workers": ["RW", "Prescriber", "Group facilitator"],
    },
    "earlyhelp": {
        "name": "Ashby Early Help Hub",
        "kind": "early_help",
        "file": "Early_Help_case_notes.txt",
        "writer": "csv",
        "encoding": "utf-16",
        "delimiter": "\t",
        "columns": [
            ("Date of contact", "date"),
            ("Contact type", "kind"),
            ("Details and outcome", "text"),
            ("Worker", "worker"),
        ],
        "date": "slash_short",
        "workers": ["FSW", "EH lead", "Parenting practitioner"],
    },
    "housing": {
        "name": "Ashby Homes",
        "kind": "housing",
        "file": "Ashby_Homes_tenancy_notes.xlsx",
        "writer": "xlsx",
        "sheet": "Notes",
        "titles": [],
        "columns": [
            ("Date", "date"),
            ("Type", "kind"),
            ("What happened", "text"),
            ("Officer", "worker"),
        ],
        "date": "slash_short",
        "workers": ["TO", "Income officer", "ASB officer"],
    },
}

# story mode adds a health visiting service, for Sibling 2 (born 2017)
STORY_AGENCIES: dict[str, dict] = {
    **AGENCIES,
    "hv": {
        "name": "Midshire 0-19 Health Visiting",
        "kind": "health_visiting",
        "file": "Health_Visiting_SystmOne_extract.csv",
        "writer": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "preamble": ["SystmOne - 0-19 Service - Health Visiting journal extract"],
        "columns": [
            ("Date", "date"),
            ("Staff", "worker"),
            ("Contact type", "kind"),
            ("Journal entry", "text"),
        ],
        "date": "slash_yyyy",
        "workers": ["HV", "CNN", "Staff nurse", "HV student"],
    },
}
STORY_SINGLE = [*SINGLE, ("hv", 6)]

MEETINGS = {
    "core_group", "conference", "strategy", "cin_meeting", "marac",
    "team_around_family",
}  # fmt: skip

# a type column's words for entries that did not bring their own
KIND_WORDS = {
    "mental_health": "Appointment",
    "was_not_brought": "Appointment",
    "no_access": "Visit",
    "information_sharing": "Liaison",
    "case_closure": "Closure",
    "referral_other": "Referral",
    "core_group": "Meeting",
    "cp_conference": "Meeting",
    "probation": "Session",
    "criminal_justice": "Court",
}


# --- dates ------------------------------------------------------------------------
def date_text(style: str, rec: Rec) -> str:
    d = rec.day
    if rec.precision == "month":
        if style == "slash_yyyy_note":
            return f"{MONTHS[d.month - 1]} {d.year} (exact date n/k)"
        return f"{MONTHS[d.month - 1]} {d.year}"
    if style == "slash_yyyy_note":
        style = "slash_yyyy"
    if rec.precision == "week":
        return f"w/c {d.day}/{d.month}/{d:%y}"
    if style == "dotted_yy":
        return f"{d:%d.%m.%y}"
    if style == "dotted_yyyy":
        return f"{d:%d.%m.%Y}"
    if style == "slash_yyyy":
        return f"{d:%d/%m/%Y}"
    if style == "slash_nopad":
        return f"{d.day}/{d.month}/{d.year}"
    if style == "slash_short":
        return f"{d.day}/{d.month}/{d:%y}"
    if style == "d_mon_yy":
        return f"{d.day} {d:%b %y}"
    if style == "dash_mon":
        return f"{d:%d-%b-%Y}"
    if style == "ordinal_month":
        n = d.day
        suffix = (
            "th"
            if 11 <= n % 100 <= 13
            else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        )
        return f"{n}{suffix} {MONTHS[d.month - 1]} {d.year}"
    raise ValueError(style)


def date_range(rec: Rec) -> tuple[str, str]:
    d = rec.day
    if rec.precision == "month":
        nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return d.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()
    if rec.precision == "week":
        return d.isoformat(), (d + dt.timedelta(days=6)).isoformat()
    return d.isoformat(), d.isoformat()


# --- the history --------------------------------------------------------------------
def history(seed: int, entries: int) -> list[tuple[str, Rec, int]]:
    """(true_event_id, entry, number of agencies recording it), in no order."""
    rng = random.Random(seed)
    story = Story(rng, FAMILIES[seed % len(FAMILIES)])
    out: list[tuple[str, Rec, int]] = []
    fill(rng, story, entries, out, SHARED)
    return out


def story_history(
    seed: int, entries: int
) -> tuple[list[tuple[str, Rec, int]], list[Episode], Plot]:
    """Story mode: the planted episodes and the hidden adult first, then
    everyday entries around them (no decisions between the episodes)."""
    rng = random.Random(seed)
    plot = Plot(rng, FAMILIES[seed % len(FAMILIES)])
    start, end = PERIOD
    out: list[tuple[str, Rec, int]] = []
    episodes = []
    k = 0
    for episode, occurrences in plant(plot, start, end):
        episodes.append(episode)
        k = add(occurrences, out, k)
    for _ in range(rng.choice([5, 6, 7])):
        d = start + dt.timedelta(days=rng.randrange((end - start).days))
        k = add(plot.hidden_adult(d), out, k)
    everyday = [(kind, w) for kind, w in SHARED if kind not in DECISION_KINDS]
    fill(rng, plot, entries, out, everyday, k, STORY_SINGLE)
    return out, episodes, plot


def add(occurrences: list[Occurrence], out: list[tuple[str, Rec, int]], k: int) -> int:
    """Number and keep the occurrences' entries inside the period."""
    start, end = PERIOD
    for occ in occurrences:
        recs = [r for r in occ.recs if start <= r.day <= end]
        if not recs:
            continue
        k += 1
        n_agencies = len({r.agency for r in recs})
        out.extend((f"T{k:04d}", r, n_agencies) for r in recs)
    return k


def fill(
    rng: random.Random,
    story: Story,
    entries: int,
    out: list[tuple[str, Rec, int]],
    shared: list[tuple[str, int]],
    k: int = 0,
    single: list[tuple[str, int]] = SINGLE,
) -> None:
    """Occurrences drawn at random over the period until ``entries``."""
    start, end = PERIOD
    span = (end - start).days
    shared_kinds, shared_w = zip(*shared, strict=True)
    single_kinds, single_w = zip(*single, strict=True)
    meetings: list[dt.date] = []
    while len(out) < entries:
        d = start + dt.timedelta(days=rng.randrange(span))
        if rng.random() < 0.2:
            kind = rng.choices(shared_kinds, shared_w)[0]
            anyday = kind in ("domestic_callout", "missing", "arrest")
            if not anyday and d.weekday() >= 5:
                d += dt.timedelta(days=7 - d.weekday())
            if kind in MEETINGS:
                # one family has one meeting about it in a few days, not two
                if any(abs((d - m).days) <= 3 for m in meetings):
                    continue
                meetings.append(d)
            occurrences: list[Occurrence] = getattr(story, kind)(d)
        else:
            agency = rng.choices(single_kinds, single_w)[0]
            if agency not in ("police", "ambulance") and d.weekday() >= 5:
                d += dt.timedelta(days=7 - d.weekday())
            occurrences = story.single(agency, d)
        k = add(occurrences, out, k)


# --- cells --------------------------------------------------------------------------
def split_outcome(text: str, rng: random.Random) -> tuple[str, str]:
    """The last sentence as the outcome, as some systems record it apart."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    if len(parts) >= 2 and rng.random() < 0.6:
        return " ".join(parts[:-1]), parts[-1]
    return text, ""


def rows_for(
    key: str,
    items: list[tuple[str, Rec, int]],
    rng: random.Random,
    agencies: dict[str, dict] = AGENCIES,
):
    """Each entry's cells and its truth, in the file's order."""
    spec = agencies[key]
    items = sorted(items, key=lambda it: (it[1].day, it[1].time, it[0]))
    has_outcome = any(c == "outcome" for _, c in spec["columns"])
    out = []
    for n, (tid, rec, shared) in enumerate(items):
        text, outcome = str(rec.text), ""
        if has_outcome:
            text, outcome = split_outcome(rec.text, rng)
        if spec.get("line_breaks") and rng.random() < 0.25:
            # several things in one cell, a line each
            text = "\n".join(re.split(r"(?<=[.!?])\s+", text))
        dtext = date_text(spec["date"], rec)
        cells = []
        for _heading, col in spec["columns"]:
            if col == "date":
                cells.append(dtext)
            elif col == "excel_date":
                if rec.precision == "day":
                    cells.append(dt.datetime.combine(rec.day, dt.time()))
                else:
                    cells.append(dtext)
            elif col == "datetime":
                cells.append(f"{dtext} {rec.time}".strip())
            elif col == "time":
                cells.append(rec.time)
            elif col == "text":
                cells.append(text)
            elif col == "outcome":
                cells.append(outcome)
            elif col == "kind":
                cells.append(rec.kind_col or KIND_WORDS.get(rec.etype, "Contact"))
            elif col == "worker":
                cells.append(rng.choice(spec["workers"]))
            elif col == "ref":
                cells.append(f"{key[:2].upper()}/{rec.day:%y}/{4000 + n * 7:05d}")
            elif col == "pupil":
                person = {"baby": "Sibling 2", "sib": "Sibling 1"}.get(
                    rec.person, "Child B"
                )
                cells.append(person)
            elif col == "empty":
                cells.append("")
        start, end = date_range(rec)
        truth = {
            "agency": spec["name"],
            "true_event_id": tid,
            "person": PERSON[rec.person],
            "date_text": f"{dtext} {rec.time}".strip()
            if any(c == "datetime" for _, c in spec["columns"])
            else dtext,
            "date_start": start,
            "date_end": end,
            "date_precision": rec.precision,
            "date_approximate": "false",
            "time": rec.time,
            "event_type": rec.etype,
            "description": text,
            "planted": "",
            "true_date": start,
            "shared": str(shared),
            **{
                col: str(flag in flags_of(rec.text)).lower()
                for col, flag in EXPERIENCE.items()
            },
        }
        out.append((cells, truth, rec))
    return out


# --- writers ------------------------------------------------------------------------
def fix_zip(path: Path) -> None:
    """Fixed timestamps inside and on the parts, so reruns are byte-identical."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    stamp = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = stamp.sub(rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<3>", data)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, data)


def write_xlsx(path: Path, spec: dict, rows) -> list[tuple[str, int]]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    r = 1
    for title in spec["titles"]:
        if title:
            ws.cell(r, 1, title).font = Font(bold=True)
            ws.merge_cells(
                start_row=r, start_column=1, end_row=r, end_column=len(spec["columns"])
            )
        r += 1
    for c, (heading, _) in enumerate(spec["columns"], start=1):
        ws.cell(r, c, heading).font = Font(bold=True)
    where = []
    for cells, _truth, _rec in rows:
        r += 1
        for c, value in enumerate(cells, start=1):
            if value == "":
                continue
            cell = ws.cell(r, c, value)
            if isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
        where.append((spec["sheet"], r))
    widths = {"text": 70, "outcome": 40}
    for c, (_, col) in enumerate(spec["columns"], start=1):
        ws.column_dimensions[chr(64 + c)].width = widths.get(col, 16)
    if spec.get("key_sheet"):
        key = wb.create_sheet("Key")
        for row in spec["key_sheet"]:
            key.append(list(row))
    stamp = dt.datetime(2021, 4, 6, 9, 0, 0)
    wb.properties.creator = "chronomerge corpus 2"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.save(path)
    fix_zip(path)
    return where


def write_docx(path: Path, spec: dict, rows) -> list[tuple[str, int]]:
    from docx import Document

    doc = Document()
    doc.add_paragraph(spec["title"]).runs[0].bold = True
    doc.add_paragraph("OFFICIAL-SENSITIVE. Prepared for the LCSPR panel.")
    groups: list[list] = []
    if spec.get("split_year"):
        for row in rows:
            year = row[2].day.year
            if not groups or groups[-1][0][2].day.year != year:
                groups.append([])
            groups[-1].append(row)
    else:
        groups = [rows]
    where = []
    for t, group in enumerate(groups, start=1):
        if spec.get("split_year"):
            doc.add_paragraph(f"{group[0][2].day.year}")
        table = doc.add_table(rows=1, cols=len(spec["columns"]))
        table.style = "Table Grid"
        for c, (heading, _) in enumerate(spec["columns"]):
            table.rows[0].cells[c].text = heading
        for i, (cells, _truth, _rec) in enumerate(group):
            row = table.add_row()
            for c, value in enumerate(cells):
                row.cells[c].text = str(value)
            where.append((f"table {t}", i + 2))
        doc.add_paragraph("")
    props = doc.core_properties
    stamp = dt.datetime(2021, 4, 6, 9, 0, 0)
    props.author = "chronomerge corpus 2"
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = ""
    props.revision = 1
    doc.save(path)
    fix_zip(path)
    return where


def write_csv(path: Path, spec: dict, rows) -> list[tuple[str, int]]:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=spec["delimiter"], lineterminator="\r\n")
    line = 0
    for text in spec.get("preamble", []):
        w.writerow([text])
        line += 1
    w.writerow([h for h, _ in spec["columns"]])
    line += 1
    where = []
    for cells, _truth, _rec in rows:
        w.writerow([str(v) for v in cells])
        line += 1
        where.append(("", line))
    path.write_bytes(buf.getvalue().encode(spec["encoding"], errors="replace"))
    return where


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "csv": write_csv}


def review_toml(
    seed: int, uncle: str | None = None, agencies: dict[str, dict] = AGENCIES
) -> str:
    fam = FAMILIES[seed % len(FAMILIES)]
    people = [
        ("Child B", "subject child", "2010-05-14", "child"),
        ("Sibling 1", "brother", "2004-11-02", "sib"),
        ("Sibling 2", "half-sister", "2017-01-23", "baby"),
        ("Mother", "mother", "1986-03-09", "mum"),
        ("Partner", "mother's partner, father of Sibling 2", "1983-07-30", "partner"),
    ]
    lines = [
        "# Fictional review generated by bench/corpus2/generate.py (held out:",
        "# never tune chronomerge on it). Every name, place and agency is invented.",
        "",
        "[review]",
        f'name = "Child B LCSPR (corpus 2, seed {seed})"',
        'marking = "OFFICIAL-SENSITIVE"',
        f"period_start = {PERIOD[0].isoformat()}",
        f"period_end = {PERIOD[1].isoformat()}",
        'subject = "Child B"',
        "",
        "[thresholds]",
        "gap_days = 28",
    ]
    for label, role, dob, key in people:
        first, last = fam[key]
        aliases = [f"{first} {last}", first]
        if key in ("mum", "partner"):
            aliases.append(("Ms " if key == "mum" else "Mr ") + last)
        quoted = ", ".join(f'"{a}"' for a in aliases)
        lines += [
            "",
            "[[people]]",
            f'label = "{label}"',
            f'role = "{role}"',
            f"date_of_birth = {dob}",
            f"aliases = [{quoted}]",
        ]
    if uncle:
        # story mode: the mother's brother, found by the review's own enquiries
        lines += [
            "",
            "[[people]]",
            'label = "Uncle"',
            'role = "maternal uncle"',
            "date_of_birth = 1989-02-17",
            f'aliases = ["{uncle} {fam["mum"][1]}", "{uncle}"]',
        ]
    for spec in agencies.values():
        lines += [
            "",
            "[[agencies]]",
            f'name = "{spec["name"]}"',
            f'kind = "{spec["kind"]}"',
            f'files = ["{spec["file"]}"]',
        ]
    return "\n".join(lines) + "\n"


def write_csv_rows(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def generate(seed: int, out: Path, entries: int = 900, story: bool = False) -> Path:
    """Write the review for ``seed`` into ``out``; returns ``out``.

    ``story``: a history organised around 4 to 6 planted key practice
    episodes, with truth_episodes.csv (bench/corpus2/plot.py)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 7919 + 1)
    family = FAMILIES[seed % len(FAMILIES)]
    uncle = None
    episodes: list[Episode] = []
    agencies = STORY_AGENCIES if story else AGENCIES
    if story:
        items, episodes, plot = story_history(seed, entries)
        uncle = plot.u
    else:
        items = history(seed, entries)
    truth_rows = []
    placed = []  # (file|location|row, true event, entry) for truth_sharing.py
    for key, spec in agencies.items():
        mine = [it for it in items if it[1].agency == key]
        if not mine:
            continue
        rows = rows_for(key, mine, rng, agencies)
        where = WRITERS[spec["writer"]](out / spec["file"], spec, rows)
        for (location, row), (_cells, truth, _rec) in zip(where, rows, strict=True):
            placed.append(
                (f"{spec['file']}|{location}|{row}", truth["true_event_id"], _rec)
            )
            truth_rows.append(
                {
                    "source_file": spec["file"],
                    "source_location": location,
                    "source_row": str(row),
                    **truth,
                }
            )
    (out / "review.toml").write_text(
        review_toml(seed, uncle, agencies), encoding="utf-8"
    )
    write_csv_rows(out / "truth.csv", TRUTH_COLUMNS, truth_rows)
    conflicts = truth_conflicts(truth_rows)
    write_csv_rows(out / "truth_conflicts.csv", CONFLICT_COLUMNS, conflicts)
    if not story:  # plot.py's story templates are not annotated for sharing
        sharing = truth_sharing(placed, agencies)
        write_csv_rows(out / "truth_sharing.csv", SHARING_COLUMNS, sharing)
    people = truth_people((it[1] for it in items), family, agencies, uncle)
    write_csv_rows(out / "truth_people.csv", PEOPLE_COLUMNS, people)
    if story:
        write_csv_rows(
            out / "truth_episodes.csv",
            EPISODE_COLUMNS,
            [
                {
                    "episode_start": e.start.isoformat(),
                    "episode_end": e.end.isoformat(),
                    "title": e.title,
                }
                for e in episodes
            ],
        )
    return out


@contextmanager
def corpus2_reviews(
    seeds: Sequence[int] = (11, 12), entries: int = 900, story: bool = False
) -> Iterator[list[Path]]:
    """Corpus 2 reviews for ``seeds`` in a temporary folder, removed afterwards
    (``story``: in story mode, e.g. seeds 21 and 22)."""
    tmp = Path(tempfile.mkdtemp(prefix="chronomerge-corpus2-"))
    try:
        yield [
            generate(seed, tmp / f"seed{seed}", entries, story=story) for seed in seeds
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--entries", type=int, default=900, help="about this many")
    parser.add_argument(
        "--story",
        action="store_true",
        help="plant key practice episodes (truth_episodes.csv); try seeds 21 and 22",
    )
    args = parser.parse_args(argv)
    generate(args.seed, args.out, args.entries, story=args.story)
    mode = " (story)" if args.story else ""
    print(f"corpus 2, seed {args.seed}{mode}: {args.out}")


if __name__ == "__main__":
    main()
