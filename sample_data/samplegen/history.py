"""The true history of the fictional review, and each agency's records of it.

The story is scripted in phases (pregnancy, birth, a bruise to a non-mobile
baby, child in need, closure, re-referral, child protection, step-down, a
final serious incident), with three quiet stretches of 60+ days and the
situations the flag rules look for placed at known dates. Routine contacts
are then drawn day by day for each agency, never inside the quiet stretches.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from . import dates, wording
from .people import Review

# Event types the flag rules look at: always written with a plain day date.
FLAG_TYPES = frozenset(
    ["domestic_abuse", "injury", "ed_attendance", "was_not_brought", "referral_csc",
     "marac"]
)  # fmt: skip
TIMED = frozenset(["police", "hospital", "gp", "midwifery", "idva"])
PERSON = {
    "Mother": "antenatal perinatal_referral amh_assessment six_week_mother ed_mother "
    "da_incident arrest court gp_mother gp_referral idva_contact amh_appt amh_summary "
    "marac_referral marac_repeat marac_meeting callout cfw",
    "Sibling 1": "school_referral school_referral_late school_injury ed_sibling "
    "gp_sibling school_attendance school_concern school_info term_summary",
}
KIND_PERSON = {k: who for who, kinds in PERSON.items() for k in kinds.split()}
# Hours during which each kind happens (24-hour clock).
HOURS = {
    "da_incident": (18, 24),
    "callout": (0, 24),
    "ed_child": (9, 23),
    "head_injury": (7, 10),
    "ed_mother": (19, 23),
    "ed_sibling": (16, 22),
}


@dataclass
class Record:
    """One entry in one agency's file."""

    rid: int
    agency: str
    event_id: str
    kind: str
    person: str
    event_type: str
    ctype: str
    description: str
    outcome: str
    date: dt.date
    true_date: dt.date
    time: str = ""
    form: str = ""
    planted: list[str] = field(default_factory=list)
    shared: int = 1
    locked: bool = False
    seq: int = 0
    reading: Any = None  # a date reading fixed when the record was made
    time_text: str = ""  # the time as written in a separate time column
    child: str = ""  # what the entry records of Child A (wording.CHILD_MARKS)


@dataclass
class Plan:
    """Key dates (days from the period start) and the planted cases."""

    t: dict[str, int] = field(default_factory=dict)
    cases: list[tuple[str, str, list[int], str]] = field(default_factory=list)
    quiet: list[tuple[int, int, frozenset[str] | None]] = field(default_factory=list)
    # Windows around single-agency cases: only the named agency may have an
    # entry (even an imprecise one) overlapping them.
    strict: list[tuple[int, int, str]] = field(default_factory=list)
    # The key practice episodes an author would organise the review around:
    # (first day, last day, title), days from the period start.
    episodes: list[tuple[int, int, str]] = field(default_factory=list)


class History:
    """Builds records event by event."""

    def __init__(self, review: Review, rng: random.Random, prefix: str = ""):
        self.review = review
        self.rng = rng
        self.prefix = prefix
        self.records: list[Record] = []
        self.plan = Plan()
        self._events = 0
        self.names = dict(review.labels)

    # --- events -----------------------------------------------------------
    def add(
        self,
        kind: str,
        t: int,
        agencies: list[str] | None = None,
        *,
        offsets: dict[str, int] | None = None,
        form: str = "",
        locked: bool = False,
        hour: int | None = None,
        **extra: str,
    ) -> list[Record]:
        """One true event on day ``t``, recorded by ``agencies`` (default: all
        that have wording for the kind)."""
        rng = self.rng
        agencies = agencies or wording.agencies_for(kind)
        self._events += 1
        event_id = f"{self.prefix}T{self._events:04d}"
        lo, hi = HOURS.get(kind, (8, 18))
        base = (hour if hour is not None else rng.randrange(lo, hi)) * 60 + rng.choice(
            [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]
        )
        true_date = self.review.day(t)
        out = []
        for agency in agencies:
            names = dict(
                self.names, H=rng.choice(["named nurse", "HV", "GP"]), **self._baby(t)
            )
            event_type, ctype, text, outcome, who, child = wording.render(
                kind, agency, rng, names, **extra
            )
            minutes = (base + (rng.randrange(0, 25) if out else 0)) % 1440
            shift = (offsets or {}).get(agency, 0)
            record = Record(
                rid=len(self.records),
                agency=agency,
                event_id=event_id,
                kind=kind,
                person=names[who] if who else KIND_PERSON.get(kind, "Child A"),
                event_type=event_type,
                ctype=ctype,
                description=text,
                outcome=outcome,
                date=true_date + dt.timedelta(days=shift),
                true_date=true_date,
                time=f"{minutes // 60:02d}:{minutes % 60:02d}"
                if agency in TIMED
                else "",
                form=form,
                locked=locked,
                seq=len(self.records),
                child=child,
            )
            self.records.append(record)
            out.append(record)
        for record in out:
            record.shared = len(out)
        return out

    def _baby(self, t: int) -> dict[str, str]:
        """Weight, advice and review that suit Child A's age on day ``t``."""
        age = (self.review.day(t) - self.review.person("Child A").dob).days
        months = max(age, 0) / 30.4
        kg = 3.3 + 0.8 * min(months, 3) + 0.45 * min(max(months - 3, 0), 3)
        kg += 0.25 * max(months - 6, 0) + self.rng.choice([-0.2, 0.0, 0.1, 0.2])
        advice = (
            "Feeding discussed" if months < 5 else "Weaning discussed"
            if months < 10 else "Dental health advice"
        )  # fmt: skip
        review = (
            "6-8 week review" if months < 3 else "3-4 month contact" if months < 8
            else "9-12 month review" if months < 15 else "2 year review"
        )  # fmt: skip
        return {"kg": f"{kg:.1f}", "advice": advice, "review": review}

    def one(self, kind: str, t: int, agency: str, **kw) -> Record:
        return self.add(kind, t, [agency], **kw)[0]

    def quiet(self, lo: int, hi: int, agencies: str | None = None) -> None:
        """No routine contacts in [lo, hi] (for these agencies, or all)."""
        keys = frozenset(agencies.split()) if agencies else None
        self.plan.quiet.append((lo, hi, keys))

    def case(self, rule: str, expected: str, records: list[Record], note: str) -> None:
        for record in records:
            record.locked = True
        self.plan.cases.append((rule, expected, [r.rid for r in records], note))

    def is_quiet(self, agency: str, t: int) -> bool:
        return any(
            lo <= t <= hi and (keys is None or agency in keys)
            for lo, hi, keys in self.plan.quiet
        )


def script(h: History) -> None:
    """The scripted story: phases, gaps and the planted flag situations."""
    rng, L = h.rng, h.review.days
    r = rng.randint
    tb = h.review.t(h.review.person("Child A").dob)
    g1s = tb + r(45, 49)
    sa = g1s + r(61, 68)
    bruise = sa + r(16, 19)
    c1 = bruise + r(80, 88)
    g2e = c1 + r(61, 67)
    icpc = g2e + r(14, 17)
    rcpc = icpc + r(88, 92)
    c2 = rcpc + r(28, 33)
    f0 = c2 + r(61, 67)
    end = L - r(9, 12)
    h.plan.t.update(
        birth=tb, gap1_start=g1s, sa_fire=sa, bruise=bruise, closure1=c1,
        rereferral=g2e, icpc=icpc, rcpc=rcpc, closure2=c2, sa_near=f0, final=end,
    )  # fmt: skip
    for lo, hi in ((g1s + 1, sa + 14), (c1 + 1, g2e - 1), (c2 + 1, f0 + 14)):
        h.quiet(lo, hi)
    h.plan.strict += [(sa - 14, sa + 14, "hospital"), (f0 - 14, f0 + 14, "school")]

    # Before the period: a historic incident (planted: outside_period).
    old = h.one("da_incident", -r(300, 420), "police", locked=True)
    old.description = (
        "Historic DA incident at previous address between Mother and Father "
        "(then partner). Father arrested, NFA. Sibling 1 present."
    )
    old.planted.append("outside_period")

    # Pregnancy and birth.
    for t in range(r(2, 6), tb - 3, r(12, 16)):
        h.one("antenatal", t, "midwifery")
    h.one("perinatal_referral", r(20, 30), "gp")
    h.one("amh_assessment", r(36, 44), "amh")
    h.add("birth", tb, ["midwifery", "hospital"])
    h.one("birth_notification", tb + r(1, 2), "hv")
    for t in (tb + 1, tb + 3, tb + r(5, 6), tb + r(9, 10)):
        h.one("pn_visit", t, "midwifery")
    h.one("pn_discharge", tb + 14, "midwifery")
    h.one("new_birth", tb + r(11, 13), "hv")
    screen = h.one("imms", tb + r(20, 24), "gp")
    screen.description = "Newborn blood spot results normal; hearing screen clear."
    screen.child = ""  # the text no longer says the child was seen
    # Gap 1 starts after the 6-8 week checks: Mother's and the baby's GP
    # appointments on one day are two events, not one.
    h.one("six_week_mother", g1s, "gp", locked=True, hour=10)
    h.one("six_week_child", g1s, "gp", locked=True, hour=10)
    # Gap 1 ends with an ED attendance nobody else knows of (planted: fires).
    ed = h.one("ed_mother", sa, "hospital", locked=True)
    h.case(
        "single_agency_knowledge", "fire", [ed], "ED attendance known to hospital only"
    )

    # Bruise to a non-mobile baby.
    hv_bruise = h.one("bruise", bruise, "hv", locked=True)
    h.case("non_mobile_bruising", "fire", [hv_bruise], "bruise, baby about 4 months")
    h.add("hv_referral", bruise, ["hv", "csc"])
    h.add("strategy", bruise + 1, ["csc", "police", "hospital"])
    h.add("cp_medical", bruise + 1, ["hospital", "csc"])
    h.one("s47", bruise + 2, "csc")
    h.one("assessment", bruise + 3, "csc")
    h.one("imms", bruise + 6, "gp")
    # Two different home visits on one day (SW and HV): not one event.
    h.one("sw_visit", bruise + 10, "csc", locked=True)
    h.one("hv_visit", bruise + 10, "hv", locked=True)
    h.add("cin_meeting", bruise + 28, ["csc", "hv", "school"])
    h.add("joint_visit", bruise + r(33, 36), ["csc", "hv"])
    h.add("cin_meeting", bruise + 58, ["csc", "hv", "school"])
    h.one("imms", bruise + r(36, 40), "gp")
    da_standard(h, bruise + r(20, 24), mention="gp")
    # Two separate police call-outs on one day.
    d2 = bruise + r(44, 50)
    h.one("cfw", d2, "police", locked=True, hour=rng.randrange(0, 5))
    da_standard(h, d2, arrest=True)
    h.one("court", d2 + r(20, 30), "police")
    h.one("assessment", c1 - 2, "csc")
    h.one("case_closure", c1, "csc", locked=True)

    # Re-referral after gap 2, child protection.
    h.add("school_referral", g2e, ["school", "csc"], locked=True)
    h.add("strategy", g2e + 1, ["csc", "police", "school", "hv"])
    h.one("s47", g2e + 2, "csc")
    h.add("conference", icpc, ["csc", "police", "hv", "gp", "school"])
    for k in (12, 40, 70):
        h.add("core_group", icpc + k + r(0, 3), ["csc", "hv", "school"])
    h.add("conference", rcpc, ["csc", "police", "hv", "school"])
    h.add("cin_meeting", rcpc + 18, ["csc", "hv", "school"])
    h.one("case_closure", c2, "csc", locked=True)
    w1 = h.one("wnb_hospital", icpc + r(18, 22), "hospital")
    w2 = h.one("wnb_hv", w1_t(h, w1) + r(30, 45), "hv")
    h.case("repeated_was_not_brought", "fire", [w1, w2], "two WNB within 90 days")
    da_fire = h.one("da_incident", icpc + r(29, 32), "police")
    da_fire.description = (
        "Domestic incident: verbal argument between Mother and Partner, no "
        "assault disclosed. Children asleep upstairs. Words only."
    )
    da_fire.outcome = "NFA, no PPN submitted"
    h.case("da_no_referral", "fire", [da_fire], "DA with no referral or MARAC")
    d3 = icpc + r(48, 52)
    da_standard(h, d3, arrest=True)
    h.add("marac_referral", d3 + 2, ["police", "idva"])
    marac = h.add("marac_meeting", d3 + r(18, 22), ["idva", "police", "csc", "hv"])
    d4 = rcpc + r(8, 12)
    da4 = h.add("da_incident", d4, ["police", "idva"])
    h.one("marac_repeat", d4 + 3, "idva")
    h.case(
        "da_no_referral", "must_not_fire", da4[:1], "MARAC referral on day 3, no PPN"
    )
    h.one("court", d3 + r(25, 35), "police")

    # Final phase.
    si = h.one("school_injury", f0, "school", locked=True)
    h.one("gp_sibling", f0 + 11, "gp", locked=True)
    h.case("single_agency_knowledge", "must_not_fire", [si], "GP entry 11 days later")
    gp_ref = h.add("gp_referral", f0 + 15, ["gp", "csc"], offsets={"csc": 6})
    h.quiet(f0 + 15, f0 + 21, "csc")
    h.case("referral_not_received", "must_not_fire", gp_ref[:1], "CSC entry on day 6")
    w3 = h.one("wnb_hospital", f0 + r(17, 19), "hospital")
    da5 = f0 + 25
    near = h.one("da_incident", da5, "police")
    near.outcome = "PPN delayed"
    h.add("ppn", da5 + 6, ["police", "csc"], locked=True)
    h.case("da_no_referral", "must_not_fire", [near], "PPN on day 6")
    h.one("assessment", f0 + 24, "csc")
    h.one("case_closure", f0 + 60, "csc")
    late = f0 + r(70, 74)
    sref = h.one("school_referral_late", late, "school", locked=True)
    ref = h.review.day(late)
    csc_late = h.one(
        "school_referral_late", late + 9, "csc", locked=True,
        ref=f"{ref.day:02d}/{ref.month:02d}",
    )  # fmt: skip
    csc_late.event_id = sref.event_id
    sref.shared = csc_late.shared = 2
    h.quiet(late, late + 8, "csc")
    h.case("referral_not_received", "fire", [sref], "CSC first records it 9 days later")
    h.add("strategy", late + 10, ["csc", "police", "school"])
    h.one("s47", late + 11, "csc")
    w4 = h.one("wnb_gp", w1_t(h, w3) + r(96, 103), "gp")
    h.case("repeated_was_not_brought", "must_not_fire", [w3, w4], "WNB 96+ days apart")
    h.add("head_injury", end, ["hospital", "police"], hour=8)
    h.add("hospital_referral", end, ["hospital", "csc"])
    h.add("strategy", end + 1, ["csc", "police", "hospital"])
    h.add("admission", end + 1, ["hospital"])
    h.add("cp_medical", end + 2, ["hospital", "csc"])
    h.add("police_protection", end + 2, ["police", "csc"])
    h.quiet(end - 3, L, "")  # nothing routine after the incident
    after = h.one("idva_contact", L + r(20, 30), "idva", locked=True)
    after.description = (
        "Case closed to IDVA: no contact from Mother since the incident."
    )
    after.event_type, after.ctype = "case_closure", "Closure"
    after.planted.append("outside_period")
    # Quiet stretches get the odd imprecise summary entry (they do not count).
    h.plan.t.update(da_fire=h.review.t(da_fire.date), late_referral=late)
    h.plan.episodes += [
        (bruise, bruise + 3, "Bruise to a non-mobile baby: referral, strategy "
         "discussion, child protection medical and section 47 enquiry"),
        (g2e, icpc, "Re-referral by the school: strategy discussion, section 47 "
         "enquiry and initial child protection conference"),
        (d3, h.review.t(marac[0].date), "Domestic abuse with an arrest: MARAC "
         "referral and MARAC meeting"),
        (late, late + 11, "School referral first recorded by social care nine "
         "days later: strategy discussion and section 47 enquiry"),
        (end, end + 2, "Head injury: hospital referral, strategy discussion, "
         "admission, child protection medical and police protection"),
    ]  # fmt: skip


def w1_t(h: History, record: Record) -> int:
    return h.review.t(record.date)


def da_standard(h: History, t: int, *, mention: str = "", arrest: bool = False) -> None:
    """A DA call-out notified to children's social care the next day."""
    agencies = ["police"] + ([mention] if mention else [])
    h.add("da_incident", t, agencies)
    h.add("ppn", t + 1, ["police", "csc"])
    # Later messages about it are occurrences of their own.
    day = h.review.day(t)
    ref = f"{day.day:02d}/{day.month:02d}"
    h.add("da_notice", t + h.rng.randint(2, 4), ["hv"], ref=ref)
    h.add("da_notice", t + 1, ["school"], ref=ref)
    if arrest:
        h.one("arrest", t + 1, "police")


# Routine contacts: agency -> ((kind, weight), ...) and daily rate by phase.
ROUTINE = {
    "csc": (
        ("sw_visit", 6),
        ("csc_info", 4),
        ("csc_no_access", 1),
        ("liaison_hv", 2),
        ("liaison_school", 1),
        ("liaison_gp", 1),
    ),
    "hv": (("hv_clinic", 5), ("hv_visit", 4), ("hv_no_access", 1), ("hv_info", 1)),
    "gp": (("gp_mother", 5), ("gp_child", 4), ("gp_sibling", 1), ("gp_letter", 2)),
    "hospital": (("outpatient", 4), ("ed_sibling", 1), ("ed_child", 1)),
    "school": (("school_attendance", 5), ("school_concern", 3), ("school_info", 2)),
    "police": (("callout", 1),),
    "midwifery": (("antenatal", 1), ("pn_visit", 0)),
    "amh": (("amh_appt", 1),),
    "housing": (("housing_contact", 1),),
    "idva": (("idva_contact", 1),),
}


def rates(h: History, agency: str, t: int) -> float:
    """Chance of a routine contact by ``agency`` on day ``t``."""
    p = h.plan.t
    birth, bruise = p["birth"], p["bruise"]
    in_cin = bruise <= t <= p["closure1"]
    in_cp = p["rereferral"] <= t <= p["closure2"]
    final = t >= p["sa_near"] + 15
    if agency == "csc":
        return 0.4 if in_cin else 0.55 if in_cp else 0.3 if final else 0.0
    if agency == "hv":
        if t < birth:
            return 0.0
        return 0.3 if in_cin or in_cp else 0.18
    if agency == "gp":
        return 0.18 if t >= birth else 0.1
    if agency == "hospital":
        return 0.09
    if agency == "school":
        day = h.review.day(t)
        holiday = (
            day.month == 8
            or (day.month, day.day) >= (12, 20)
            or (day.month, day.day) <= (1, 3)
            or day.weekday() >= 5
        )
        return 0.0 if holiday else 0.22
    if agency == "police":
        return 0.06
    if agency == "midwifery":
        return 0.08 if t < birth else 0.3 if t < birth + 14 else 0.0
    if agency == "amh":
        return 0.13 if t > 40 else 0.0
    if agency == "housing":
        return 0.07
    if agency == "idva":
        start = p["icpc"] + 56
        return 0.25 if start < t < start + 150 else 0.08 if t > start else 0.0
    return 0.0


DENSITY = 1.04  # scales every routine rate: about 900 entries a history
SHARED = {"ed_sibling", "ed_child", "liaison_hv", "liaison_school", "liaison_gp"}


def routine(h: History) -> None:
    """Routine contacts, day by day, outside the quiet stretches."""
    rng, L = h.rng, h.review.days
    for agency, kinds in ROUTINE.items():
        names = [k for k, _ in kinds]
        weights = [w for _, w in kinds]
        for t in range(L):
            rate = rates(h, agency, t) * DENSITY
            if rate == 0 or rng.random() >= rate or h.is_quiet(agency, t):
                continue
            kind = rng.choices(names, weights)[0]
            if kind == "gp_child" and t < h.plan.t["birth"]:
                kind = "gp_mother"
            if agency == "midwifery" and t > h.plan.t["birth"]:
                kind = "pn_visit"
            agencies = wording.agencies_for(kind) if kind in SHARED else [agency]
            if any(h.is_quiet(a, t) for a in agencies):
                continue
            h.add(kind, t, agencies)


# Imprecise summaries: forms each agency uses for entries written after the fact.
SUMMARY_FORMS = {
    "amh_summary": ["c_month", "season", "between", "before", "prior_mid", "emlate",
                    "circa_month", "month", "season", "emlate", "c_month"],
    "housing_summary": ["mid_hyphen", "month_slash", "month_span", "after_month",
                        "season", "month", "emlate", "month_slash"],
    "term_summary": ["term_autumn", "term_spring", "term_summer"],
}  # fmt: skip
AGENCY_OF = {
    "amh_summary": "amh",
    "housing_summary": "housing",
    "term_summary": "school",
}


def summaries(h: History) -> None:
    """Imprecise entries, placed where their interval avoids the strict windows."""
    rng, L = h.rng, h.review.days
    period = (h.review.period_start, h.review.period_end)
    for kind, forms in SUMMARY_FORMS.items():
        for form in forms:
            for _ in range(500):
                t = rng.randrange(10, L - 20)
                day = h.review.day(t)
                if not dates.supports(form, day):
                    continue
                reading = dates.render(form, day, rng, period)
                lo, hi = h.review.t(reading.start), h.review.t(reading.end)
                if lo < 0 or hi >= L or hi < lo:
                    continue
                agency = AGENCY_OF[kind]
                if any(
                    lo <= b and a <= hi and agency != own for a, b, own in h.plan.strict
                ):
                    continue
                rec = h.one(kind, t, agency, form=form, locked=True)
                rec.reading = reading
                break
    # A year entry from before the period (planted: outside_period).
    year = h.review.period_start.year - 1
    rec = h.one(
        "housing_summary", -r_days(h, year), "housing", form="year", locked=True
    )
    rec.event_type, rec.ctype = "housing", "Tenancy"
    rec.description = "Family first housed by Wexmoor Homes at current address."
    rec.planted.append("outside_period")


def r_days(h: History, year: int) -> int:
    """Days before the period start to a mid-year date of ``year``."""
    return (h.review.period_start - dt.date(year, 6, 15)).days
