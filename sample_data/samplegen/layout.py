"""Turn the history's records into each agency's rows, with its habits.

Here each agency gets its way of writing dates and times, a record now and
then dated a day out, the deliberate problems validation should find, and the
fictional real names that slip into text. Rows come out sorted as the agency
would list them.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import replace

from . import dates
from .history import FLAG_TYPES, History, Record

# Plain day forms each agency uses, with weights.
MIX: dict[str, list[tuple[str, float]]] = {
    "police": [("dmy", 0.86), ("dmy2", 0.14)],
    "csc": [("excel", 1.0)],
    "hospital": [("dmy", 0.6), ("dmy_dot", 0.2), ("dmy_dot2", 0.1), ("d_mon_y", 0.1)],
    "hv": [("ord_month_y", 0.3), ("d_month_y", 0.3), ("dmy", 0.3), ("d_mon_y", 0.1)],
    "gp": [("dmy", 0.8), ("dmy2", 0.2)],
    "school": [
        ("ord_month_y", 0.4),
        ("dmy", 0.4),
        ("d_mon_y", 0.1),
        ("split_ord", 0.1),
    ],
    "midwifery": [("d_month_y", 0.5), ("excel", 0.4), ("dmy", 0.1)],
    "amh": [("dmy", 0.6), ("d_month_y", 0.4)],
    "housing": [("dmy", 0.7), ("split_ord", 0.15), ("d_month_y", 0.15)],
    "idva": [("excel", 0.5), ("dmy_dot", 0.5)],
}
# Special forms: agency -> [(form, how many)].
QUOTA: dict[str, list[tuple[str, int]]] = {
    "csc": [("serial_text", 3), ("nk", 1), ("impossible", 1)],
    "hv": [("wc", 3), ("q_day", 1), ("sept", 1)],
    "gp": [("unreadable", 1)],
    "hospital": [("sept", 1)],
    "school": [("yearless", 2), ("weekday_yearless", 1), ("month_first", 1),
               ("blank", 1), ("wc", 1), ("sept", 1)],
    "midwifery": [("month_d_y", 2), ("q_day", 1), ("approx_day", 1)],
    "amh": [("approx_day", 2), ("nk", 1)],
    "idva": [("approx_day", 1)],
}  # fmt: skip
PLANTED_FORM = {
    "nk": "unknown_date",
    "blank": "missing_date",
    "impossible": "impossible_date",
    "unreadable": "unreadable_date",
    "month_first": "month_first_date",
}
NEEDS_NEIGHBOURS = {"wc", "yearless", "weekday_yearless"}
GP_PLANS = ["review 2/52", "safety netting advice given", "routine follow-up",
            "see practice nurse"]  # fmt: skip
HOSPITAL_TIMES = [("colon", 0.4), ("pm", 0.25), ("hhmm", 0.2), ("hrs", 0.15)]


def arrange(h: History) -> dict[str, list[Record]]:
    """Rows per agency, sorted, with forms, readings and planted problems."""
    rng = h.rng
    day_out(h)
    rows: dict[str, list[Record]] = {}
    for record in h.records:
        rows.setdefault(record.agency, []).append(record)
    for agency, records in rows.items():
        records.sort(key=lambda r: (r.date, r.time or "99:99", r.seq))
        special_forms(h, agency, records)
        for record in records:
            if not record.form:
                forms, weights = zip(*MIX[agency], strict=True)
                record.form = rng.choices(forms, weights)[0]
            if agency == "police" and record.time and rng.random() < 0.05:
                record.time = ""  # some entries carry the date alone
    period = (h.review.period_start, h.review.period_end)
    for record in h.records:
        if record.reading is None:
            record.reading = dates.render(record.form, record.date, rng, period)
        label = PLANTED_FORM.get(record.form)
        if label:
            record.planted.append(label)
    plant_problems(h, rows)
    aliases(h)
    house_styles(h, rows)
    return rows


def day_out(h: History) -> None:
    """About one in twenty records of shared events is dated a day out."""
    rng, L = h.rng, h.review.days
    seen: set[str] = set()
    shared, movable = 0, []
    for record in h.records:
        primary = record.event_id not in seen
        seen.add(record.event_id)
        if record.shared < 2:
            continue
        shared += 1
        if not primary and not record.locked and record.event_type not in FLAG_TYPES:
            movable.append(record)
    for record in rng.sample(movable, min(len(movable), round(shared / 20))):
        moved = record.date + dt.timedelta(days=rng.choice([-1, 1]))
        t = h.review.t(moved)
        if not 0 <= t < L or any(a <= t <= b for a, b, _ in h.plan.strict):
            continue
        if any(lo <= t <= hi and keys is None for lo, hi, keys in h.plan.quiet):
            continue
        if any(
            other.agency == record.agency
            and other.date == moved
            and other.description == record.description
            for other in h.records
        ):
            # onto the day of the agency's identical record (of a repeat of
            # the event): nothing in the files could tell the two apart
            continue
        record.date = moved
        record.planted.append("day_out")


def _plain(record: Record) -> bool:
    return (
        not record.locked
        and not record.form
        and record.reading is None
        and record.event_type not in FLAG_TYPES
    )


def special_forms(h: History, agency: str, records: list[Record]) -> None:
    """Give a few records of this agency the forms its quota asks for."""
    rng = h.rng
    n = len(records)
    for form, count in QUOTA.get(agency, []):
        picks = []
        for i, record in enumerate(records):
            if not 0 <= h.review.t(record.date) < h.review.days:
                continue
            if form == "sept":  # a plain day form: any record may have it
                if (
                    not record.form
                    and record.reading is None
                    and record.date.month == 9
                ):
                    picks.append(i)
                continue
            if not _plain(record):
                continue
            if not dates.supports(form, record.date):
                continue
            if form in NEEDS_NEIGHBOURS:
                if i == 0 or i == n - 1:
                    continue
                prev, nxt = records[i - 1], records[i + 1]
                if not (_plain(prev) or prev.form in MIX_FORMS) or not (
                    _plain(nxt) or nxt.form in MIX_FORMS
                ):
                    continue
                if form == "wc":
                    monday = record.date - dt.timedelta(days=record.date.weekday())
                    sunday = monday + dt.timedelta(days=6)
                    if (monday - prev.date).days > 14 or (nxt.date - sunday).days > 14:
                        continue
                    if monday < h.review.period_start or _in_quiet(h, monday, sunday):
                        continue
                elif not prev.date.year == record.date.year == nxt.date.year:
                    continue
                if prev.form in NEEDS_NEIGHBOURS or nxt.form in NEEDS_NEIGHBOURS:
                    continue
            picks.append(i)
        for i in sorted(rng.sample(picks, min(count, len(picks)))):
            record = records[i]
            if form in NEEDS_NEIGHBOURS:
                if records[i - 1].form in NEEDS_NEIGHBOURS or (
                    records[i + 1].form in NEEDS_NEIGHBOURS
                ):
                    continue
                for j in (i - 1, i + 1):
                    neighbour = records[j]
                    if not neighbour.form:
                        neighbour.form = _default_with_year(agency, rng)
                    neighbour.locked = True
            record.form = form
            record.locked = True


MIX_FORMS = {form for mix in MIX.values() for form, _ in mix}


def _in_quiet(h: History, first: dt.date, last: dt.date) -> bool:
    """Whether the days touch a gap or a single-agency window of the plan."""
    lo, hi = h.review.t(first), h.review.t(last)
    windows = [(a, b) for a, b, keys in h.plan.quiet if keys is None]
    windows += [(a, b) for a, b, _ in h.plan.strict]
    return any(lo <= b and a <= hi for a, b in windows)


def _default_with_year(agency: str, rng: random.Random) -> str:
    forms, weights = zip(*MIX[agency], strict=True)
    return rng.choices(forms, weights)[0]


def _benign(records: list[Record], kinds: set[str]) -> list[Record]:
    return [
        r
        for r in records
        if not r.locked
        and r.kind in kinds
        and r.event_type not in FLAG_TYPES
        and r.reading is not None
        and r.reading.precision == "day"
        and not r.planted
    ]


def plant_problems(h: History, rows: dict[str, list[Record]]) -> None:
    """The deliberate problems: a copied row, a missing description, a real
    name that is not an agreed pseudonym, an NHS number."""
    rng = h.rng
    csc = rows["csc"]
    original = rng.choice(_benign(csc, {"sw_visit"}))
    copy = replace(original, rid=len(h.records), planted=["duplicate_row"], locked=True)
    original.locked = True
    h.records.append(copy)
    csc.insert(csc.index(original) + 1, copy)

    empty = rng.choice(_benign(rows["hv"], {"hv_clinic", "hv_visit"}))
    empty.description = ""
    empty.planted.append("missing_description")
    empty.locked = True

    callouts = _benign(rows["police"], {"callout"})
    if callouts:
        call = rng.choice(callouts)
        call.description = (
            "Concern for welfare: call from neighbour Brenda Hollis reporting "
            "shouting and a baby crying. Officers attended, words only."
        )
        call.planted.append("real_name")
        call.locked = True
    concern = rng.choice(
        _benign(rows["school"], {"school_concern", "school_attendance"})
    )
    concern.description += " Collected at 3.15 by aunt Shannon Doyle."
    concern.planted.append("real_name")
    concern.locked = True

    for agency, kinds, text in (
        ("gp", {"gp_child"}, " NHS no. {n}."),
        ("hospital", {"outpatient"}, " (NHS number {n})"),
    ):
        record = rng.choice(_benign(rows[agency], kinds))
        record.description += text.format(n=nhs_number(rng))
        record.planted.append("nhs_number")
        record.locked = True


def nhs_number(rng: random.Random) -> str:
    """A checksum-valid NHS number in the 999 range kept for test data."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = (
            11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        )
        if check == 11:
            check = 0
        if check != 10:
            text = "".join(map(str, digits + [check]))
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def aliases(h: History) -> None:
    """Some entries use a person's real (fictional) name, as real files do."""
    rng = h.rng
    by_label = {p.label: p.aliases for p in h.review.people}
    for record in h.records:
        if not record.description or rng.random() >= 0.04:
            continue
        present = [
            label
            for label in by_label
            if re.search(rf"\b{re.escape(label)}\b", record.description)
        ]
        if not present:
            continue
        label = rng.choice(present)
        alias = rng.choice(by_label[label])
        record.description = re.sub(
            rf"\b{re.escape(label)}\b", alias, record.description, count=1
        )
        record.planted.append("alias_name")


def house_styles(h: History, rows: dict[str, list[Record]]) -> None:
    """Curly quotes and dashes in the GP extract (cp1252), multi-line cells in
    the GP extract and the mental health document."""
    rng = h.rng
    untimed = {
        "information_sharing",
        "ed_attendance",
        "domestic_abuse",
        "cp_conference",
    }
    for agency, share in (
        ("gp", 0.0),
        ("midwifery", 0.3),
        ("idva", 0.3),
        ("hospital", 0.1),
    ):
        for record in rows.get(agency, []):
            keep = agency == "hospital" and record.event_type == "ed_attendance"
            if (record.event_type in untimed or rng.random() < share) and not keep:
                record.time = ""
            record.time_text = time_text(agency, record.time, rng)
    for record in rows.get("gp", []):
        text = record.description.replace("'", "\u2019").replace(" - ", " \u2013 ")
        if record.event_type == "gp_consultation" and rng.random() < 0.3:
            plan = record.outcome or rng.choice(GP_PLANS)
            text = f"{text}\nPlan: {plan}"
        record.description = text
    for record in rows.get("amh", []):
        if ". " in record.description and rng.random() < 0.15:
            head, tail = record.description.split(". ", 1)
            record.description = f"{head}.\n{tail}"


def time_text(agency: str, time: str, rng: random.Random) -> str:
    """The time as the agency writes it in a separate time column."""
    if not time or agency != "hospital":
        return time
    hh, mm = int(time[:2]), int(time[3:])
    style = rng.choices(*zip(*HOSPITAL_TIMES, strict=True))[0]
    if style == "pm":
        suffix = "am" if hh < 12 else "pm"
        return f"{(hh % 12) or 12}.{mm:02d}{suffix}"
    if style == "hhmm":
        return f"{hh:02d}{mm:02d}"
    if style == "hrs":
        return f"{hh:02d}.{mm:02d}hrs"
    return time
