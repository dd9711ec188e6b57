"""Generate a held-out review for measuring chronomerge: corpus 3.

    python bench/corpus3/generate.py --seed 31 --out /tmp/review31 [--entries 900]

Writes a review folder: ten agency files in layouts agencies send and the
other corpora do not use (a police workbook with a cover sheet and one sheet
per calendar year under merged title cells, times as "2318"; an academy's
safeguarding export with one sheet per school year; a hospital trust's Word
file with one table per year, a narrative column and dates such as "Tuesday
3rd March 2020"; a drug service's Word table whose date cell spans the
entries of one day (merged vertically); a children's services case-system
CSV with step codes and wrapped notes; a GP extract in cp1252 with a title
line; a probation contact list with a title block and outcome codes; an
ambulance CAD list with "23:18:00" times), a review.toml and a truth.csv with the
same columns as sample_data/child_a/truth.csv, one row per entry, keyed on
source_file, source_location and source_row exactly as chronomerge reports
them. Texts use practitioners' shorthand (HV, SW, DV, s47, ICPC, NFA, WNB,
DNA, MASH, PPN) and UK date habits ("03/02/2020", "3rd Feb 20", "Feb 2020",
"w/c", "approx", "?"). The same occurrence told by several agencies shares
a true_event_id, with a day's delay, other words or a summary beside a
detailed note. Same seed, same bytes.

Beside truth.csv (whose last eight columns say what each entry records of
Child C, child_seen, child_seen_alone, child_spoken_to, child_words, and of
either child of the family, family_*), truth_sharing.csv, truth_conflicts.csv
and truth_people.csv, read from what the generator planted (truth.py, with
each template's note in notes.py), for bench/sharing.py, conflicts.py,
experience.py and people.py. Adding them changed no agency file or
review.toml (tests/test_corpus3.py pins seeds 31 and 32). There are no key
practice episodes to find: occurrences fall at random through the period.

THIS CORPUS IS HELD OUT, and cleaner than corpus 2: it was written without
reading schemas/, chronomerge/normalise/, chronomerge/link/, the heading
synonyms, sample_data/samplegen/ or corpus 2's wording. Report figures on it;
never change a rule, a word list or a weight to improve them. If it is ever
used for tuning, it is no longer held out: write a fourth.
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

from bench.corpus3.story import (  # noqa: E402
    ANY_DAY,
    FAMILIES,
    MEETINGS,
    PEOPLE,
    PERIOD,
    SHARED,
    SINGLE,
    TAILS,
    Rec,
    Story,
)
from bench.corpus3.truth import (  # noqa: E402
    CONFLICT_COLUMNS,
    EXPERIENCE_COLUMNS,
    PEOPLE_COLUMNS,
    SHARING_COLUMNS,
    experience,
    truth_conflicts,
    truth_people,
    truth_sharing,
)

FIXED_STAMP = "2021-07-19T10:00:00Z"
ZIP_TIME = (2021, 7, 19, 10, 0, 0)
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip

TRUTH_COLUMNS = [
    "source_file", "source_location", "source_row", "agency", "true_event_id",
    "person", "date_text", "date_start", "date_end", "date_precision",
    "date_approximate", "time", "event_type", "description", "planted",
    "true_date", "shared", *EXPERIENCE_COLUMNS,
]  # fmt: skip

# agency key -> name, kind, file, layout, columns (heading, content), date habit
AGENCIES: dict[str, dict] = {
    "police": {
        "name": "Harrowden Constabulary",
        "kind": "police",
        "file": "Harrowden_Constabulary_LCSPR_return.xlsx",
        "writer": "xlsx",
        "sheets": "calendar",
        "titles": [
            "HARROWDEN CONSTABULARY  -  OFFICIAL SENSITIVE",
            "Agency chronology for the LCSPR (Child C): police contact, year {year}",
        ],
        "columns": [
            ("Date", "excel_date"),
            ("Time", "time"),
            ("Occurrence No.", "ref"),
            ("Classification", "code"),
            ("Summary of police contact", "text"),
            ("Result / disposal", "outcome"),
        ],
        "date": "slash",
        "time": "hhmm",
        "cover": [
            ("Agency", "Harrowden Constabulary"),
            ("Completed by", "DS, Public Protection Unit"),
            ("Period covered", "01/01/2019 to 30/06/2021"),
            ("Systems searched", "Niche RMS, STORM command and control, PNC"),
            ("Note", "Sheets are by calendar year. Times are 24 hour."),
        ],
        "workers": [],
    },
    "csc": {
        "name": "Harrowden County Council Children's Services",
        "kind": "childrens_social_care",
        "file": "HCC_Childrens_Services_case_export.csv",
        "writer": "csv",
        "encoding": "utf-8-sig",
        "delimiter": ",",
        "columns": [
            ("Person ID", "person_id"),
            ("Step Code", "code"),
            ("Step Start", "datetime"),
            ("Worker", "worker"),
            ("Case Note Text", "text"),
        ],
        "date": "slash",
        "wrap": 0.35,
        "workers": ["SW J. Okonjo", "SW R. Tamsett", "TM A. Vyas", "SSW P. Lunn"],
    },
    "hospital": {
        "name": "Mid-Harrowden Hospitals NHS Foundation Trust",
        "kind": "hospital",
        "file": "MHH_NHS_FT_chronology.docx",
        "writer": "docx",
        "by_year": True,
        "title": "Mid-Harrowden Hospitals NHS Foundation Trust - chronology of "
        "involvement (Child C and family)",
        "columns": [
            ("Date", "date"),
            ("Time", "time"),
            ("Department", "code"),
            ("Narrative", "text"),
            ("Analysis / comment", "comment"),
        ],
        "date": "d_mon_yyyy",
        "workers": [],
    },
    "hv": {
        "name": "Harrowden Community Health 0-19 Service",
        "kind": "health_visiting",
        "file": "0-19_Health_Visiting_ChildC.xlsx",
        "writer": "xlsx",
        "sheets": "one",
        "sheet": "HV records",
        "titles": [
            "Harrowden Community Health NHS Trust - 0-19 Service",
            "Health visiting chronology, Child C",
            "Prepared by the Named Nurse for Safeguarding Children",
        ],
        "columns": [
            ("Date of contact", "date"),
            ("Contact type", "code"),
            ("Practitioner", "worker"),
            ("Details of contact / action", "text"),
        ],
        "date": "ordinal_yy",
        "approx": 0.04,
        "workers": ["HV (Band 6)", "CNN", "HV student", "Named HV"],
    },
    "gp": {
        "name": "Elmgate Medical Practice",
        "kind": "gp",
        "file": "Elmgate_MP_record_extract.csv",
        "writer": "csv",
        "encoding": "cp1252",
        "delimiter": ",",
        "preamble": ["Elmgate Medical Practice \u2013 safeguarding extract for LCSPR"],
        "columns": [
            ("Date", "date"),
            ("Clinician", "worker"),
            ("Consultation Type", "code"),
            ("Patient", "patient"),
            ("Entry", "text"),
        ],
        "date": "dash_mon",
        "workers": ["Dr Haq", "Dr Ellison", "ANP Ruddock", "PN Shah"],
    },
    "housing": {
        "name": "Stonebridge Homes Housing Association",
        "kind": "housing",
        "file": "Stonebridge_Homes_contact_log.xlsx",
        "writer": "xlsx",
        "sheets": "one",
        "sheet": "Contact log",
        "titles": [],
        "columns": [
            ("Date", "date"),
            ("Contact type", "code"),
            ("Officer", "worker"),
            ("Notes", "text"),
            ("Follow up", "outcome"),
        ],
        "date": "slash",
        "month": 0.08,
        "week": 0.05,
        "approx": 0.05,
        "workers": ["HO D. Frain", "TSO M. Kowal", "Repairs"],
    },
    "drugs": {
        "name": "Pathways Drug and Alcohol Service",
        "kind": "substance_misuse",
        "file": "Pathways_DandA_chronology.docx",
        "writer": "docx",
        "by_year": False,
        "title": "PATHWAYS - Drug & Alcohol Service. Chronology for Safeguarding "
        "Partnership review",
        "columns": [
            ("Date", "date"),
            ("Appt type", "code"),
            ("Attended", "attended"),
            ("Keyworker notes", "text"),
        ],
        "date": "slash_short",
        "month": 0.04,
        "merge_dates": True,
        "workers": [],
    },
    "probation": {
        "name": "Probation Service South Central Region",
        "kind": "probation",
        "file": "Probation_SC_contact_list.csv",
        "writer": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "preamble": [
            "Probation Service - South Central Region",
            "Contact list for: Partner (CRN X123456)",
        ],
        "columns": [
            ("CRN", "crn"),
            ("Contact Date", "date"),
            ("Contact Type", "code"),
            ("Outcome", "outcome_code"),
            ("Notes", "text"),
        ],
        "date": "dotted",
        "workers": [],
    },
    "school": {
        "name": "Oakfield Primary Academy (Harrowden Learning Trust)",
        "kind": "education",
        "file": "Oakfield_Primary_Academy_safeguarding.xlsx",
        "writer": "xlsx",
        "sheets": "academic",
        "titles": ["Oakfield Primary Academy - safeguarding records {year}"],
        "columns": [
            ("Date/Time", "datetime"),
            ("Student", "patient"),
            ("Category", "code"),
            ("Incident", "text"),
            ("Action taken", "outcome"),
            ("Added by", "worker"),
        ],
        "date": "slash",
        "workers": ["DSL", "Deputy DSL", "Class teacher", "FSW", "Office"],
    },
    "ambulance": {
        "name": "Wessex Coast Ambulance Service NHS Trust",
        "kind": "ambulance",
        "file": "WCAS_incident_list.csv",
        "writer": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "columns": [
            ("Incident Date", "date"),
            ("Time of Call", "time"),
            ("CAD Ref", "ref"),
            ("Chief Complaint", "code"),
            ("Clinical narrative", "text"),
            ("Disposition", "conveyed"),
        ],
        "date": "slash",
        "time": "seconds",
        "workers": [],
    },
}

COMMENTS = [
    "",
    "",
    "",
    "Safeguarding not considered at this attendance.",
    "Good practice: routine enquiry made.",
    "No professional curiosity about the injury.",
    "Information not shared with HV.",
]


# --- dates ------------------------------------------------------------------------
def ordinal(n: int) -> str:
    if 11 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def date_text(style: str, rec: Rec, rng: random.Random) -> str:
    """How this agency writes the date of this entry."""
    d = rec.day
    if rec.precision == "month":
        return (
            f"{MONTHS[d.month - 1][:3]} {d.year}"
            if rng.random() < 0.5
            else (f"{MONTHS[d.month - 1]} {d.year}")
        )
    if rec.precision == "week":
        return f"w/c {d:%d/%m/%Y}"
    if style == "slash":
        text = f"{d:%d/%m/%Y}"
    elif style == "d_mon_yyyy":
        text = f"{d.day} {d:%b %Y}"
    elif style == "ordinal_yy":
        text = f"{ordinal(d.day)} {d:%b %y}"
    elif style == "dash_mon":
        text = f"{d:%d-%b-%Y}"
    elif style == "slash_short":
        text = f"{d.day}/{d.month}/{d:%y}"
    elif style == "dotted":
        text = f"{d:%d.%m.%Y}"
    else:
        raise ValueError(style)
    if rec.approximate:
        return pick_approx(text, rng)
    if rng.random() < spec_weekday.get(style, 0.0):
        return f"{d:%A} {ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}"
    return text


# a date habit of one writer: "Tuesday 3rd March 2020"
spec_weekday = {"d_mon_yyyy": 0.2}


def time_text(habit: str, hhmm: str) -> str:
    """A time as the agency's system writes it ("2318", "23:18:00")."""
    if not hhmm or not habit:
        return hhmm
    if habit == "hhmm":
        return hhmm.replace(":", "")
    if habit == "seconds":
        return f"{hhmm}:00"
    raise ValueError(habit)


def pick_approx(text: str, rng: random.Random) -> str:
    return [f"approx {text}", f"{text}?", f"c. {text}", f"{text} (approx)"][
        rng.randrange(4)
    ]


def date_range(rec: Rec) -> tuple[str, str]:
    d = rec.day
    if rec.precision == "month":
        start = d.replace(day=1)
        nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return start.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()
    if rec.precision == "week":
        return d.isoformat(), (d + dt.timedelta(days=6)).isoformat()
    return d.isoformat(), d.isoformat()


def blur(rec: Rec, spec: dict, rng: random.Random) -> None:
    """Some agencies write some dates loosely: a month, a week, 'approx'."""
    rec.true_day = rec.true_day or rec.day
    roll = rng.random()
    month, week, approx = (
        spec.get("month", 0),
        spec.get("week", 0),
        spec.get("approx", 0),
    )
    if roll < month:
        rec.precision = "month"
        rec.planted.append("month_only")
    elif roll < month + week:
        rec.precision = "week"
        rec.day -= dt.timedelta(days=rec.day.weekday())
        rec.planted.append("week")
    elif roll < month + week + approx:
        rec.approximate = True
        rec.planted.append("approx")


# --- the history --------------------------------------------------------------------
def history(seed: int, entries: int) -> list[tuple[str, Rec, int]]:
    """(true_event_id, account, number of agencies telling it), in no order."""
    rng = random.Random(seed)
    story = Story(rng, FAMILIES[seed % len(FAMILIES)])
    start, end = PERIOD
    span = (end - start).days
    shared_kinds, shared_w = zip(*SHARED.items(), strict=True)
    single_kinds, single_w = zip(*SINGLE.items(), strict=True)
    out: list[tuple[str, Rec, int]] = []
    meetings: list[dt.date] = []
    k = 0
    while len(out) < entries:
        d = start + dt.timedelta(days=rng.randrange(span))
        if rng.random() < 0.22:
            kind = rng.choices(shared_kinds, shared_w)[0]
            if kind not in ANY_DAY and d.weekday() >= 5:
                d += dt.timedelta(days=7 - d.weekday())
            if kind in MEETINGS:
                # one meeting of a kind about this family in a week, not two
                if any(abs((d - m).days) <= 6 for m in meetings):
                    continue
                meetings.append(d)
            story.kind = kind
            occurrences = getattr(story, kind)(d)
        else:
            agency = rng.choices(single_kinds, single_w)[0]
            if agency not in ("police", "ambulance") and d.weekday() >= 5:
                d += dt.timedelta(days=7 - d.weekday())
            story.kind = ""
            occurrences = story.single(agency, d)
        for recs in occurrences:
            for r in recs:  # the first account is written on the day itself
                r.true_day = recs[0].day
                if r.day != r.true_day:
                    r.planted.append("day_out")
            recs = [r for r in recs if start <= r.day <= end]
            if not recs:
                continue
            k += 1
            n_agencies = len({r.agency for r in recs})
            out.extend((f"E{k:04d}", r, n_agencies) for r in recs)
    return out


# --- cells --------------------------------------------------------------------------
def split_outcome(text: str, rng: random.Random) -> tuple[str, str]:
    """The last sentence as the result, as some systems record it apart."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    if len(parts) >= 2 and rng.random() < 0.6:
        return " ".join(parts[:-1]), parts[-1]
    return text, ""


def rows_for(key: str, items: list[tuple[str, Rec, int]], rng: random.Random):
    """Each entry's cells and its truth, in the file's order."""
    spec = AGENCIES[key]
    for _tid, rec, _n in items:
        blur(rec, spec, rng)
    items = sorted(items, key=lambda it: (it[1].day, it[1].time, it[0]))
    kinds = [c for _, c in spec["columns"]]
    out = []
    for n, (tid, rec, shared) in enumerate(items):
        text = str(rec.text)
        if rng.random() < 0.35:
            tails = TAILS[key]
            text = f"{text} {tails[rng.randrange(len(tails))]}"
        outcome = ""
        if "outcome" in kinds:
            text, outcome = split_outcome(text, rng)
        if spec.get("wrap") and rng.random() < spec["wrap"]:
            text = "\n".join(re.split(r"(?<=[.!?])\s+", text))
        dtext = date_text(spec["date"], rec, rng)
        written_time = rec.time if ("time" in kinds or "datetime" in kinds) else ""
        if "datetime" in kinds and rec.precision != "day":
            written_time = ""
        cells: list = []
        for col in kinds:
            if col == "date":
                cells.append(dtext)
            elif col == "excel_date":
                if rec.precision == "day" and not rec.approximate:
                    cells.append(dt.datetime.combine(rec.day, dt.time()))
                else:
                    cells.append(dtext)
            elif col == "datetime":
                cells.append(f"{dtext} {written_time}".strip())
            elif col == "time":
                cells.append(time_text(spec.get("time", ""), written_time))
            elif col == "text":
                cells.append(text)
            elif col == "outcome":
                cells.append(outcome)
            elif col == "code":
                cells.append(rec.code)
            elif col == "worker":
                cells.append(spec["workers"][rng.randrange(len(spec["workers"]))])
            elif col == "ref":
                cells.append(f"{key[:3].upper()}-{rec.day:%y%m%d}-{100 + n * 3:04d}")
            elif col == "person_id":
                cells.append("P40" + {"sib": "1172"}.get(rec.person, "1173"))
            elif col == "patient":
                cells.append(PEOPLE[rec.person])
            elif col == "crn":
                cells.append("X123456")
            elif col == "comment":
                cells.append(COMMENTS[rng.randrange(len(COMMENTS))])
            elif col == "attended":
                cells.append(
                    "DNA" if rec.etype == "was_not_brought" else
                    ("Y" if rec.etype in ("substance_misuse", "core_group") else "")
                )  # fmt: skip
            elif col == "outcome_code":
                cells.append(
                    "FTA - unacceptable" if rec.etype == "was_not_brought"
                    else "ATTC - Attended, complied" if rec.etype == "probation"
                    else ""
                )  # fmt: skip
            elif col == "conveyed":
                cells.append(
                    "Conveyed" if "onveyed to" in rec.text else "See and treat"
                )
            else:
                raise ValueError(col)
        start, end = date_range(rec)
        written = dtext
        if "datetime" in kinds:
            written = f"{dtext} {written_time}".strip()
        elif "excel_date" in kinds and isinstance(
            cells[kinds.index("excel_date")], dt.datetime
        ):
            written = f"{rec.day:%d/%m/%Y}"
        truth = {
            "agency": spec["name"],
            "true_event_id": tid,
            "person": PEOPLE[rec.person],
            "date_text": written,
            "date_start": start,
            "date_end": end,
            "date_precision": rec.precision,
            "date_approximate": "true" if rec.approximate else "false",
            "time": written_time,
            "event_type": rec.etype,
            "description": text,
            "planted": ";".join(rec.planted),
            "true_date": (rec.true_day or rec.day).isoformat(),
            "shared": str(shared),
            **experience(rec),
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


def sheet_name(spec: dict, rec: Rec) -> str:
    d = rec.day
    if spec["sheets"] == "calendar":
        return str(d.year)
    if spec["sheets"] == "academic":
        first = d.year if d.month >= 9 else d.year - 1
        return f"{first}-{(first + 1) % 100:02d}"
    return spec["sheet"]


def write_xlsx(path: Path, spec: dict, rows) -> list[tuple[str, int]]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    grey = PatternFill("solid", fgColor="D9D9D9")
    width = len(spec["columns"])
    sheets: dict[str, list] = {}
    for row in rows:
        sheets.setdefault(sheet_name(spec, row[2]), []).append(row)
    if spec.get("cover"):
        cover = wb.create_sheet("Cover")
        for r, line in enumerate(spec["cover"], start=1):
            cover.cell(r, 1, line[0]).font = Font(bold=True)
            if len(line) > 1:
                cover.cell(r, 2, line[1])
        cover.column_dimensions["A"].width = 28
        cover.column_dimensions["B"].width = 60
    where: dict[int, tuple[str, int]] = {}
    for name, mine in sheets.items():
        ws = wb.create_sheet(name)
        r = 0
        for title in spec["titles"]:
            r += 1
            ws.cell(r, 1, title.format(year=name)).font = Font(bold=True, size=12)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        if spec["titles"]:
            r += 1  # a blank row under the title block
        r += 1
        for c, (heading, _) in enumerate(spec["columns"], start=1):
            cell = ws.cell(r, c, heading)
            cell.font = Font(bold=True)
            cell.fill = grey
        ws.freeze_panes = ws.cell(r + 1, 1)
        for cells, _truth, rec in mine:
            r += 1
            for c, value in enumerate(cells, start=1):
                if value == "":
                    continue
                cell = ws.cell(r, c, value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(value, str) and len(value) > 40:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            where[id(rec)] = (name, r)
        for c, (_, col) in enumerate(spec["columns"], start=1):
            wide = {"text": 80, "outcome": 36}.get(col, 15)
            ws.column_dimensions[chr(64 + c)].width = wide
    stamp = dt.datetime(2021, 7, 19, 10, 0, 0)
    wb.properties.creator = "chronomerge corpus 3"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.save(path)
    fix_zip(path)
    return [where[id(rec)] for _c, _t, rec in rows]


def write_docx(path: Path, spec: dict, rows) -> list[tuple[str, int]]:
    from docx import Document

    doc = Document()
    doc.add_paragraph(spec["title"]).runs[0].bold = True
    doc.add_paragraph(
        "OFFICIAL-SENSITIVE. Entries are summarised from the electronic record; "
        "see the final column for the agency's own analysis where given."
    )
    groups: list[list] = []
    for row in rows:
        year = row[2].day.year
        if spec["by_year"] and groups and groups[-1][0][2].day.year != year:
            groups.append([])
        if not groups:
            groups.append([])
        groups[-1].append(row)
    where = []
    for t, group in enumerate(groups, start=1):
        if spec["by_year"]:
            doc.add_heading(f"{group[0][2].day.year}", level=2)
        table = doc.add_table(rows=1, cols=len(spec["columns"]))
        table.style = "Table Grid"
        for c, (heading, _) in enumerate(spec["columns"]):
            table.rows[0].cells[c].text = heading
        above = None
        for i, (cells, _truth, _rec) in enumerate(group):
            row = table.add_row()
            for c, value in enumerate(cells):
                same_day = above is not None and above.text == str(value)
                if c == 0 and spec.get("merge_dates") and same_day:
                    # one date cell spanning the entries of that day
                    above.merge(row.cells[0])
                    continue
                row.cells[c].text = str(value)
            above = row.cells[0]
            where.append((f"table {t}", i + 2))
        doc.add_paragraph("")
    props = doc.core_properties
    stamp = dt.datetime(2021, 7, 19, 10, 0, 0)
    props.author = "chronomerge corpus 3"
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
    record = 0
    for text in spec.get("preamble", []):
        w.writerow([text])
        record += 1
    w.writerow([h for h, _ in spec["columns"]])
    record += 1
    where = []
    for cells, _truth, _rec in rows:
        w.writerow([str(v) for v in cells])
        record += 1
        where.append(("", record))
    path.write_bytes(buf.getvalue().encode(spec["encoding"], errors="replace"))
    return where


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "csv": write_csv}


def review_toml(seed: int) -> str:
    fam = FAMILIES[seed % len(FAMILIES)]
    people = [
        ("child", "subject child", "2016-09-21"),
        ("sib", "sister", "2011-03-04"),
        ("mum", "mother", "1990-06-17"),
        ("partner", "mother's partner", "1987-11-29"),
        ("dad", "father of Child C and Sibling 1", "1985-02-08"),
    ]
    lines = [
        "# Fictional review written by bench/corpus3/generate.py. Held out: never",
        "# tune chronomerge on it. Every name, place and agency is invented.",
        "",
        "[review]",
        f'name = "Child C LCSPR (corpus 3, seed {seed})"',
        'marking = "OFFICIAL-SENSITIVE"',
        f"period_start = {PERIOD[0].isoformat()}",
        f"period_end = {PERIOD[1].isoformat()}",
        'subject = "Child C"',
        "",
        "[thresholds]",
        "gap_days = 28",
    ]
    for key, role, dob in people:
        first, last = fam[key]
        aliases = [f"{first} {last}", first]
        if key in ("mum", "partner", "dad"):
            aliases.append(("Ms " if key == "mum" else "Mr ") + last)
        quoted = ", ".join(f'"{a}"' for a in aliases)
        lines += [
            "",
            "[[people]]",
            f'label = "{PEOPLE[key]}"',
            f'role = "{role}"',
            f"date_of_birth = {dob}",
            f"aliases = [{quoted}]",
        ]
    for spec in AGENCIES.values():
        lines += [
            "",
            "[[agencies]]",
            f'name = "{spec["name"]}"',
            f'kind = "{spec["kind"]}"',
            f'files = ["{spec["file"]}"]',
        ]
    return "\n".join(lines) + "\n"


def generate(seed: int, out: Path, entries: int = 900) -> Path:
    """Write the review for ``seed`` into ``out``; returns ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 104729 + 3)
    items = history(seed, entries)
    truth_rows = []
    placed = []  # (file|location|row, true event, account) for truth.py
    for key, spec in AGENCIES.items():
        mine = [it for it in items if it[1].agency == key]
        if not mine:
            continue
        rows = rows_for(key, mine, rng)
        where = WRITERS[spec["writer"]](out / spec["file"], spec, rows)
        for (location, row), (_cells, truth, rec) in zip(where, rows, strict=True):
            placed.append(
                (f"{spec['file']}|{location}|{row}", truth["true_event_id"], rec)
            )
            truth_rows.append(
                {
                    "source_file": spec["file"],
                    "source_location": location,
                    "source_row": str(row),
                    **truth,
                }
            )
    (out / "review.toml").write_text(review_toml(seed), encoding="utf-8")
    write_csv_rows(out / "truth.csv", TRUTH_COLUMNS, truth_rows)
    write_csv_rows(
        out / "truth_sharing.csv", SHARING_COLUMNS, truth_sharing(placed, AGENCIES)
    )
    later = {key for key, _tid, rec in placed if rec.told_later}
    write_csv_rows(
        out / "truth_conflicts.csv",
        CONFLICT_COLUMNS,
        truth_conflicts(truth_rows, later),
    )
    family = FAMILIES[seed % len(FAMILIES)]
    people = truth_people([rec for _k, _t, rec in placed], family, AGENCIES)
    write_csv_rows(out / "truth_people.csv", PEOPLE_COLUMNS, people)
    return out


def write_csv_rows(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@contextmanager
def corpus3_reviews(
    seeds: Sequence[int] = (31, 32), entries: int = 900
) -> Iterator[list[Path]]:
    """Corpus 3 reviews for ``seeds`` in a temporary folder, removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="chronomerge-corpus3-"))
    try:
        yield [generate(seed, tmp / f"seed{seed}", entries) for seed in seeds]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--entries", type=int, default=900, help="about this many")
    args = parser.parse_args(argv)
    generate(args.seed, args.out, args.entries)
    print(f"corpus 3, seed {args.seed}: {args.out}")


if __name__ == "__main__":
    main()
