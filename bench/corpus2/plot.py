# ruff: noqa: E501  (the wording reads best one entry to a line)
"""Story mode for corpus 2: a history organised around key practice episodes.

A real review is organised around a few episodes: a referral and the
strategy discussion, section 47 enquiry and conference that followed it; a
domestic abuse incident and its MARAC; a step-down and closure; a
re-referral. ``Plot`` plants 4 to 6 of them, each a burst of activity by
several agencies ending in a decision, and remembers each one's first and
last day and a plain title: the truth for truth_episodes.csv. It also plants
the mother's brother, staying at the address, known to police, housing and
probation but never named to children's social care: the "hidden adult" the
people truth is for.

The wording is written for this corpus alone (never copied from sample_data/
or chosen by reading schemas/). Texts about the children carry ``S(text,
flags)``: what the entry says of the child being seen, seen alone, spoken to
and heard (see history.Said).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bench.corpus2.history import FAMILIES, Occurrence, Rec, S, Story

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip

# the mother's brother, by family (same order as history.FAMILIES)
UNCLES = ["Craig", "Darren", "Liam"]

# decisions happen inside the planted episodes, not at random in between
DECISION_KINDS = {"conference", "strategy", "marac", "cin_meeting"}
# nor are cases closed or plans ended at random
DECISION_TYPES = {"case_closure", "cp_plan"}


@dataclass
class Episode:
    title: str
    start: dt.date
    end: dt.date


# Sibling 1's date of birth, as review.toml gives it
SIBLING_1_BORN = dt.date(2004, 11, 2)


def age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def in_school_holiday(d: dt.date) -> bool:
    """Roughly the Christmas and summer holidays in England."""
    md = (d.month, d.day)
    return md >= (12, 18) or md <= (1, 5) or (7, 22) <= md <= (9, 3)


def weekday(d: dt.date) -> dt.date:
    """The next working day, for meetings and office contacts."""
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def month_words(start: dt.date, end: dt.date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{MONTHS[start.month - 1]} {start.year}"
    if start.year == end.year:
        return f"{MONTHS[start.month - 1]} to {MONTHS[end.month - 1]} {end.year}"
    return (
        f"{MONTHS[start.month - 1]} {start.year} to {MONTHS[end.month - 1]} {end.year}"
    )


class Plot(Story):
    """A Story that also plants key practice episodes and a hidden adult."""

    def __init__(self, rng, family: dict) -> None:
        super().__init__(rng, family)
        self.u = UNCLES[FAMILIES.index(family)]
        # the periods the children are on child protection plans (set by plant)
        self.on_plan: list[tuple[dt.date, dt.date]] = []

    # --- everyday entries that fit the story -------------------------------------
    def core_group(self, d: dt.date) -> list[Occurrence]:
        """Core groups only while the children are on plans."""
        if not any(a < d < b for a, b in self.on_plan):
            return []
        return super().core_group(d)

    def _one_csc(self, d: dt.date) -> Rec:
        rec = super()._one_csc(d)
        while rec.etype in DECISION_TYPES:
            rec = super()._one_csc(d)
        return rec

    def _one_earlyhelp(self, d: dt.date) -> Rec:
        rec = super()._one_earlyhelp(d)
        while rec.etype in DECISION_TYPES:
            rec = super()._one_earlyhelp(d)
        return rec

    # --- helpers ---------------------------------------------------------------
    def day(self, d: dt.date, n: int, working: bool = True) -> dt.date:
        out = d + dt.timedelta(days=n)
        return weekday(out) if working else out

    def uncle(self) -> str:
        """How police write the mother's brother."""
        return self.pick(
            f"{self.u} {self.msur.upper()}", f"{self.msur.upper()} {self.u}"
        )

    # --- the episodes ----------------------------------------------------------
    def ep_referral(self, d: dt.date) -> tuple[str, list[Occurrence]]:
        c, b, s, p = self.c, self.b, self.s, self.p
        d = weekday(d)
        d1, d2, d3 = self.day(d, 1), self.day(d, 2), self.day(d, 3)
        occs = [
            Occurrence(
                [
                    Rec(
                        "school",
                        d,
                        self.join(
                            S(
                                f"{c} came into class with bruising to her left cheek and ear. Asked by DSL, {c} said '{p} slapped me because I wouldn't go to bed'.",
                                "alone words",
                            ),
                            "Body map done. DSL rang Front Door at 10.20.",
                        ),
                        "injury",
                        kind_col="Concern",
                    ),
                    Rec(
                        "csc",
                        d,
                        f"Contact from school DSL: bruising to {c}'s face, {c} has named mum's partner. Accepted as a referral, strategy discussion to be held.",
                        "referral_csc",
                        kind_col="Contact",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        d1,
                        f"Strategy discussion (police, school, paediatrics). Threshold met for joint S47. CP medical today, {p} not to have unsupervised contact with the children.",
                        "strategy_discussion",
                        kind_col="Strategy",
                    ),
                    Rec(
                        "police",
                        d1,
                        f"Strategy discussion with CSC re facial bruising to {c} - joint S47 investigation, {self.sus()} to be interviewed.",
                        "strategy_discussion",
                        "child",
                        self.clock(9, 12),
                        kind_col="Strategy",
                    ),
                    Rec(
                        "school",
                        d1,
                        "DSL joined strategy discussion by phone, shared attendance and earlier concerns.",
                        "strategy_discussion",
                        kind_col="Meeting",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        d1,
                        S(
                            f"CP medical at the Children's Centre with mum. {c} seen by paediatrician: bruising consistent with a slap.",
                            "seen",
                        ),
                        "cp_medical",
                        kind_col="Medical",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        d2,
                        self.join(
                            "S47 joint home visit with DC.",
                            S(
                                f"{c} seen alone in her bedroom, told SW she is scared when {p} has been drinking.",
                                "alone words",
                            ),
                            S(f"{b} seen with mum, appeared well.", "seen"),
                            f"Mum agreed {p} will stay away while enquiries continue.",
                        ),
                        "s47_enquiry",
                        "child",
                        self.clock(10, 16),
                        kind_col="Home visit",
                    ),
                    Rec(
                        "police",
                        d2,
                        S(
                            f"Joint visit with SW under S47. {c} spoken to with SW, mum not in the room. ABE to be arranged.",
                            "alone spoken",
                        ),
                        "s47_enquiry",
                        "child",
                        self.clock(10, 16),
                        kind_col="S47",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "police",
                        d3,
                        f"{self.sus()} voluntary interview re assault on a child. Denies, says she fell. Released under investigation.",
                        "criminal_justice",
                        "partner",
                        self.clock(13, 18),
                        kind_col="Custody",
                    ),
                    Rec(
                        "probation",
                        d3,
                        "Police informed OM: PoP interviewed re injury to partner's daughter. PoP to stay at his mother's address for now.",
                        "criminal_justice",
                        "partner",
                        kind_col="Contact",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "nursery",
                        self.day(d, 4),
                        S(
                            f"SW visited to see {b} at nursery. {b} played with SW, no marks seen.",
                            "alone",
                        ),
                        "s47_enquiry",
                        "baby",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 7),
                        "S47 outcome: concerns substantiated. Initial child protection conference requested.",
                        "s47_enquiry",
                        kind_col="Assessment",
                    )
                ]
            ),
        ]
        icpc = self.day(d, 14)
        occs.append(
            Occurrence(
                [
                    Rec(
                        "csc",
                        icpc,
                        f"Initial child protection conference. {c}, {s} and {b} made subject of CP plans, category physical abuse. Core group in 10 days.",
                        "cp_conference",
                        kind_col="Conference",
                    ),
                    Rec(
                        "school",
                        icpc,
                        f"DSL attended ICPC for {c}, school report shared. CP plan agreed.",
                        "cp_conference",
                        kind_col="Meeting",
                    ),
                    Rec(
                        "police",
                        icpc,
                        "ICPC attended by DC, police checks on the household shared.",
                        "cp_conference",
                        "child",
                        kind_col="Meeting",
                    ),
                    Rec(
                        "probation",
                        icpc,
                        f"OM attended ICPC for partner's children. Report on {self.pop()} shared.",
                        "cp_conference",
                        "partner",
                        kind_col="Meeting",
                    ),
                    Rec(
                        "nursery",
                        icpc,
                        f"Manager attended ICPC for {b}, key person report shared.",
                        "cp_conference",
                        "baby",
                    ),
                    Rec(
                        "hv",
                        icpc,
                        f"HV attended ICPC for {b}. Health report shared: growth fine, speech delayed.",
                        "cp_conference",
                        "baby",
                        kind_col="Meeting",
                    ),
                ]
            )
        )
        return (
            "Referral to children's social care, strategy discussion, section 47 enquiry and initial child protection conference",
            occs,
        )

    def ep_domestic(self, d: dt.date) -> tuple[str, list[Occurrence]]:
        c, b, p = self.c, self.b, self.p
        t = self.night()
        nxt = self.day(d, 1)
        occs = [
            Occurrence(
                [
                    Rec(
                        "police",
                        d,
                        self.join(
                            f"999 call from {self.ip()}: {self.sus()} smashing the kitchen and threatening her with a knife.",
                            f"Officers attended, {self.sus()} arrested at scene.",
                            S(
                                f"{c} found hiding on the landing, told officers 'he said he would kill mummy'.",
                                "alone words",
                            ),
                            f"{b} asleep in cot, not woken.",
                            "DASH high. PPN submitted. BWV on.",
                        ),
                        "domestic_abuse",
                        "mum",
                        t,
                        kind_col="Domestic",
                    ),
                    Rec(
                        "ambulance",
                        d,
                        "Called by police: adult female, cut to hand and bruising to neck after alleged assault. Conveyed to ED.",
                        "ambulance",
                        "mum",
                        f"{(int(t[:2]) + 1) % 24:02d}{t[2:]}",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "school",
                        nxt,
                        self.join(
                            "Operation Encompass call: DA at home last night, partner arrested.",
                            S(
                                f"DSL met {c} at the gate. She said she 'didn't sleep' and was worried about mum.",
                                "alone words",
                            ),
                        ),
                        "information_sharing",
                        kind_col="Info",
                    ),
                    Rec(
                        "nursery",
                        nxt,
                        S(
                            f"Police call-out at home overnight (Op Encompass). {b} quiet, slept most of the morning.",
                            "alone",
                        ),
                        "information_sharing",
                        "baby",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "police",
                        nxt,
                        f"{self.sus()} charged with ABH and threats to kill, remanded to court.",
                        "criminal_justice",
                        "partner",
                        self.clock(9, 17),
                        kind_col="Custody",
                    ),
                    Rec(
                        "probation",
                        nxt,
                        "PoP charged with ABH on partner, remanded. Risk of serious harm reviewed: high.",
                        "criminal_justice",
                        "partner",
                        kind_col="Court",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 2),
                        "Police notification (high risk DA, children present) received in MASH. Case open - SW to visit today.",
                        "referral_csc",
                        "mum",
                        kind_col="Contact",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 2),
                        self.join(
                            "Home visit after the DA incident.",
                            f"{c} at school. {b} asleep upstairs, not seen.",
                            f"Mum said {p} will not come back. Safety plan agreed, IDVA referral made.",
                        ),
                        "home_visit",
                        "mum",
                        self.clock(12, 16),
                        kind_col="Home visit",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "housing",
                        self.day(d, 5),
                        "Call from IDVA: tenant at high risk. Referral for sanctuary scheme.",
                        "referral_other",
                        "mum",
                        kind_col="Contact",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 6),
                        S(
                            f"Visit to school to see {c}. Seen alone, drew a picture of the night and said she wants {p} 'to go away forever'.",
                            "alone words",
                        ),
                        "home_visit",
                        "child",
                        kind_col="Visit",
                    )
                ]
            ),
        ]
        marac = self.day(d, self.rng.choice([13, 15, 20]))
        occs.append(
            Occurrence(
                [
                    Rec(
                        "police",
                        marac,
                        f"MARAC: repeat high risk case heard. Actions: address flagged, {self.ip()} to work with IDVA, bail conditions to be monitored.",
                        "marac",
                        "mum",
                        kind_col="MARAC",
                    ),
                    Rec(
                        "probation",
                        marac,
                        "MARAC attended. PoP remanded; OM to share release date with IDVA.",
                        "marac",
                        "partner",
                    ),
                    Rec(
                        "csc",
                        marac,
                        "MARAC - SW attended. Children's CP plan and safety plan shared.",
                        "marac",
                        "mum",
                    ),
                    Rec(
                        "housing",
                        marac,
                        "MARAC: housing to complete sanctuary scheme works and flag tenancy.",
                        "marac",
                        "mum",
                    ),
                ]
            )
        )
        occs.append(
            Occurrence(
                [
                    Rec(
                        "housing",
                        self.day(marac, 2),
                        "Sanctuary scheme: extra locks and door chain fitted.",
                        "housing",
                        "mum",
                        kind_col="Repair",
                    )
                ]
            )
        )
        return "Domestic abuse incident at home, partner charged, and MARAC", occs

    def ep_missing(self, d: dt.date) -> tuple[str, list[Occurrence]]:
        s = self.s
        sib = f"{s} {self.msur.upper()}"
        occs = [
            Occurrence(
                [
                    Rec(
                        "police",
                        d,
                        f"{sib} reported missing by mum, not returned from school. Graded high risk, known to associate with older males.",
                        "missing_episode",
                        "sib",
                        self.night(),
                        kind_col="Missing",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "police",
                        self.day(d, 2, working=False),
                        S(
                            f"{sib} located in a flat in Dunmere with two adult males, £300 cash and 2 phones on him. Returned home, safe and well check done.",
                            "seen spoken",
                        ),
                        "missing_episode",
                        "sib",
                        self.night(),
                        kind_col="Missing",
                    ),
                    Rec(
                        "csc",
                        self.day(d, 2),
                        f"Missing notification: {s} missing 2 nights, found out of area with adult males.",
                        "missing_episode",
                        "sib",
                        kind_col="Missing",
                    ),
                    Rec(
                        "yjs",
                        self.day(d, 2),
                        f"Police told YJS {s} was found in Dunmere after 2 nights missing.",
                        "missing_episode",
                        "sib",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 4),
                        S(
                            f"Return home interview with {s} at school. He said 'I owe them, I have to go when they ring'.",
                            "alone words",
                        ),
                        "missing_episode",
                        "sib",
                    )
                ]
            ),
        ]
        strat = self.day(d, 5)
        occs.append(
            Occurrence(
                [
                    Rec(
                        "csc",
                        strat,
                        f"Strategy meeting (exploitation): police, YJS, school, CAMHS. Criminal exploitation risk high for {s}. S47 agreed, NRM referral to be made.",
                        "strategy_discussion",
                        "sib",
                        kind_col="Strategy",
                    ),
                    Rec(
                        "police",
                        strat,
                        f"Exploitation strategy meeting re {s}. Intelligence on the Dunmere address shared, disruption plan agreed.",
                        "strategy_discussion",
                        "sib",
                        self.clock(9, 12),
                    ),
                    Rec(
                        "yjs",
                        strat,
                        f"YJ case manager attended strategy meeting for {s}, exploitation risk assessment to be done together.",
                        "strategy_discussion",
                        "sib",
                    ),
                    Rec(
                        "camhs",
                        strat,
                        f"Clinician joined strategy meeting re {s} by phone.",
                        "strategy_discussion",
                        "sib",
                    ),
                ]
            )
        )
        occs += [
            Occurrence(
                [
                    Rec(
                        "yjs",
                        self.day(d, 7),
                        S(
                            f"1:1 with {s} at YJS office. Told YJW he is frightened of the men, did not want mum told.",
                            "alone words",
                        ),
                        "probation",
                        "sib",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "police",
                        self.day(d, 10, working=False),
                        f"{sib} arrested with another youth in possession of 12 wraps of crack cocaine. Interviewed with AA, released under investigation; NRM referral noted.",
                        "criminal_justice",
                        "sib",
                        self.clock(15, 23),
                        kind_col="Arrest",
                    ),
                    Rec(
                        "yjs",
                        self.day(d, 10, working=False),
                        S(
                            f"YJ worker attended custody as AA for {s}. He would not talk in interview.",
                            "alone",
                        ),
                        "criminal_justice",
                        "sib",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 12),
                        f"Child exploitation risk assessment completed for {s}: high. NRM referral submitted.",
                        "assessment",
                        "sib",
                        kind_col="Assessment",
                    )
                ]
            ),
        ]
        return "Sibling 1 missing, exploitation strategy meeting and arrest", occs

    def ep_not_seen(self, d: dt.date) -> tuple[str, list[Occurrence]]:
        c, b = self.c, self.b
        d = weekday(d)
        occs = [
            Occurrence(
                [
                    Rec(
                        "csc",
                        d,
                        "Statutory visit - no answer, curtains closed. Card left.",
                        "no_access",
                        "mum",
                        self.clock(10, 15),
                        kind_col="Home visit",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "school",
                        self.day(d, 1),
                        f"{c} absent 3rd day, no contact from mum. DSL emailed SW.",
                        "education_attendance",
                        kind_col="Attendance",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "nursery",
                        self.day(d, 2),
                        f"{b} not attended all week, calls to mum not answered. Manager rang SW.",
                        "education_attendance",
                        "baby",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 3),
                        "Joint visit with housing officer - no access. Dog heard, TV on.",
                        "no_access",
                        "mum",
                        self.clock(10, 15),
                        kind_col="Home visit",
                    ),
                    Rec(
                        "housing",
                        self.day(d, 3),
                        "Joint visit with SW - no answer. Letter left.",
                        "no_access",
                        "mum",
                        kind_col="Visit",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 2),
                        self.join(
                            "Phone call to mum, who would not agree a visit.",
                            S(
                                f"SW asked to speak to {c}: she came on the phone briefly and said she was 'ok, just poorly'.",
                                "words",
                            ),
                        ),
                        "information_sharing",
                        "child",
                        kind_col="Phone call",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "police",
                        self.day(d, 3, working=False),
                        self.join(
                            "Concern for welfare at request of CSC: children not seen for 2 weeks.",
                            S(
                                f"Officers gained entry with mum's agreement. {c} and {b} seen, home in very poor condition, little food.",
                                "seen",
                            ),
                        ),
                        "police_incident",
                        "child",
                        self.night(),
                        kind_col="CFW",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 4),
                        self.join(
                            "Unannounced visit with TM after police welfare check.",
                            S(
                                f"Children seen. {c} spoken to alone, said there was 'no food for ages'.",
                                "alone words",
                            ),
                            "Written agreement with mum.",
                        ),
                        "home_visit",
                        "child",
                        self.clock(9, 12),
                        kind_col="Home visit",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 8),
                        "Legal planning meeting: threshold for PLO met. Letter before proceedings to be sent.",
                        "professionals_meeting",
                        kind_col="Legal",
                    )
                ]
            ),
        ]
        rcpc = self.day(d, 11)
        occs.append(
            Occurrence(
                [
                    Rec(
                        "csc",
                        rcpc,
                        "Review child protection conference: plans to continue, category changed to neglect. PLO started.",
                        "cp_conference",
                        kind_col="Conference",
                    ),
                    Rec(
                        "school",
                        rcpc,
                        f"DSL attended RCPC for {c}. Attendance 71% this term.",
                        "cp_conference",
                        kind_col="Meeting",
                    ),
                    Rec(
                        "nursery",
                        rcpc,
                        f"RCPC - manager attended for {b}.",
                        "cp_conference",
                        "baby",
                    ),
                    Rec(
                        "earlyhelp",
                        rcpc,
                        "FSW attended RCPC, update on routines work given.",
                        "cp_conference",
                        "mum",
                        kind_col="Meeting",
                    ),
                ]
            )
        )
        return (
            "Children not seen, police welfare check, legal planning and review child protection conference",
            occs,
        )

    def ep_step_down(self, d: dt.date) -> tuple[str, list[Occurrence]]:
        c, b = self.c, self.b
        d = weekday(d)
        occs = [
            Occurrence(
                [
                    Rec(
                        "csc",
                        d,
                        "Review conference: CP plans ended, children to be supported under a child in need plan.",
                        "cp_plan",
                        kind_col="Conference",
                    ),
                    Rec(
                        "school",
                        d,
                        f"DSL at RCPC: {c}'s CP plan ended, now CIN.",
                        "cp_plan",
                        kind_col="Meeting",
                    ),
                    Rec(
                        "probation",
                        d,
                        "Report to RCPC for partner's children. CP plans ended.",
                        "cp_plan",
                        "partner",
                        kind_col="Meeting",
                    ),
                ]
            ),
        ]
        cin = self.day(d, 12)
        occs += [
            Occurrence(
                [
                    Rec(
                        "csc",
                        cin,
                        "CIN review: progress maintained, agreed step down to Early Help.",
                        "cin_meeting",
                        kind_col="CIN",
                    ),
                    Rec(
                        "school",
                        cin,
                        f"CIN review in school for {c} - step down to Early Help agreed.",
                        "cin_meeting",
                        kind_col="Meeting",
                    ),
                    Rec(
                        "earlyhelp",
                        cin,
                        "FSW attended CIN review, step-down to Early Help agreed.",
                        "cin_meeting",
                        "mum",
                        kind_col="Meeting",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(cin, 2),
                        S(
                            f"Final visit. {c} and {b} seen with mum. {c} said things are 'better now'.",
                            "seen words",
                        ),
                        "home_visit",
                        "child",
                        kind_col="Home visit",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(cin, 5),
                        "Case closed to CS: stepped down to Early Help. Closure letter to mum.",
                        "case_closure",
                        kind_col="Closure",
                    ),
                    Rec(
                        "earlyhelp",
                        self.day(cin, 5),
                        "Step-down from CS received. Allocated to FSW.",
                        "case_closure",
                        "mum",
                        kind_col="Referral",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "nursery",
                        self.day(cin, 6),
                        f"SW rang: case closed, Early Help now lead for {b}.",
                        "information_sharing",
                        "baby",
                    )
                ]
            ),
        ]
        taf = self.day(cin, 14)
        occs.append(
            Occurrence(
                [
                    Rec(
                        "earlyhelp",
                        taf,
                        "First TAF after step-down. Mum attended. Plan: routines, attendance, debt advice.",
                        "early_help",
                        "mum",
                        kind_col="TAF",
                    ),
                    Rec(
                        "school",
                        taf,
                        f"TAF at school for {c} after step-down from CS.",
                        "early_help",
                        kind_col="Meeting",
                    ),
                ]
            )
        )
        return (
            "Child protection plans ended, step-down to early help and case closure",
            occs,
        )

    def ep_rereferral(self, d: dt.date) -> tuple[str, list[Occurrence]]:
        c, b, p = self.c, self.b, self.p
        d = weekday(d)
        d1 = self.day(d, 1)
        occs = [
            Occurrence(
                [
                    Rec(
                        "school",
                        d,
                        S(
                            f"{c} told TA that {p} is back living at home and 'shouts all night'. {c} frightened to go home.",
                            "alone words",
                        ),
                        "education_concern",
                        kind_col="Concern",
                    ),
                    Rec(
                        "csc",
                        d,
                        f"Re-referral from school (case closed earlier this year): {c} says mum's partner is living at home again.",
                        "referral_csc",
                        kind_col="Contact",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        d1,
                        "Strategy discussion with police and school: S47 agreed, visit today.",
                        "strategy_discussion",
                        kind_col="Strategy",
                    ),
                    Rec(
                        "police",
                        d1,
                        f"Strat discussion with CSC: {self.sus()} believed living at address in breach of bail conditions.",
                        "strategy_discussion",
                        "partner",
                        self.clock(9, 12),
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        d1,
                        self.join(
                            "S47 visit.",
                            S(f"{c} seen alone at school first.", "alone"),
                            S(f"Home: {b} seen with mum.", "seen"),
                            f"Men's clothes in the bedroom, mum denies {p} is there.",
                        ),
                        "s47_enquiry",
                        "child",
                        kind_col="Home visit",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "probation",
                        self.day(d, 2),
                        "Call from SW: PoP believed living at partner's address with the children. Licence conditions reviewed, recall considered.",
                        "information_sharing",
                        "partner",
                        kind_col="Contact",
                    )
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "police",
                        self.day(d, 4, working=False),
                        f"{self.sus()} arrested at the address for breach of bail. Children present with mum.",
                        "criminal_justice",
                        "partner",
                        self.night(),
                        kind_col="Arrest",
                    ),
                    Rec(
                        "probation",
                        self.day(d, 5),
                        "PoP recalled to custody following arrest at partner's address.",
                        "criminal_justice",
                        "partner",
                        kind_col="Court",
                    ),
                ]
            ),
            Occurrence(
                [
                    Rec(
                        "csc",
                        self.day(d, 8),
                        "S47 completed: ICPC requested.",
                        "s47_enquiry",
                        kind_col="Assessment",
                    )
                ]
            ),
        ]
        icpc = self.day(d, 15)
        occs.append(
            Occurrence(
                [
                    Rec(
                        "csc",
                        icpc,
                        "Initial child protection conference: children made subject of CP plans again, category emotional abuse.",
                        "cp_conference",
                        kind_col="Conference",
                    ),
                    Rec(
                        "school",
                        icpc,
                        f"DSL attended ICPC for {c}.",
                        "cp_conference",
                        kind_col="Meeting",
                    ),
                    Rec(
                        "probation",
                        icpc,
                        "OM attended ICPC for partner's children; PoP in custody.",
                        "cp_conference",
                        "partner",
                        kind_col="Meeting",
                    ),
                ]
            )
        )
        return (
            "Re-referral after closure, strategy discussion, section 47 enquiry and initial child protection conference",
            occs,
        )

    # --- health visiting (story mode's twelfth agency) ---------------------------
    def _one_hv(self, d: dt.date) -> Rec:
        b, p = self.b, self.p
        r = self.rng.random()
        if r < 0.35:
            text = self.join(
                self.pick(
                    "Home visit.",
                    "HV home visit (targeted caseload).",
                    "Planned home contact.",
                ),
                self.pick(
                    S(f"{b} seen with mum, weighed, on 25th centile.", "seen"),
                    S(
                        f"{b} seen, playing with bricks; few words, SALT referral discussed.",
                        "seen",
                    ),
                    S(
                        f"Mum and {b} seen. {p} in the lounge, introduced as {b}'s dad, did not engage.",
                        "seen",
                    ),
                    f"Mum said {b} was asleep upstairs, not seen. Visit rebooked.",
                    "Mum low in mood, EPDS repeated. Home cluttered.",
                ),
            )
            return Rec("hv", d, text, "health_contact", "baby", kind_col="Home visit")
        if r < 0.5:
            text = self.pick(
                S(
                    f"2-2.5 year review at home. {b} seen with mum; speech delayed, ASQ below cut-off in communication.",
                    "seen",
                ),
                S(f"Clinic: {b} brought by mum for weight and immunisations.", "seen"),
            )
            return Rec("hv", d, text, "health_contact", "baby", kind_col="Review")
        if r < 0.65:
            text = self.pick(
                "No access for planned contact. Card left, letter to mum.",
                "Visit - no reply at door, curtains closed.",
            )
            return Rec("hv", d, text, "no_access", "baby", kind_col="Home visit")
        if r < 0.75:
            text = self.pick(
                f"{b} WNB to hearing clinic. Second time.",
                f"WNB - {b} not brought to speech and language appointment.",
            )
            return Rec("hv", d, text, "was_not_brought", "baby", kind_col="WNB")
        if r < 0.88:
            text = self.pick(
                f"Telephone contact with mum: {b} has a cough, advice given.",
                "Mum rang for advice about sleep and tantrums.",
            )
            return Rec("hv", d, text, "health_contact", "mum", kind_col="Telephone")
        text = self.pick(
            "Email to SW re missed reviews.",
            "Liaison with nursery re speech: key person to share targets.",
            "Safeguarding supervision: case discussed, continue universal partnership plus.",
            "Letter to GP re WNB.",
        )
        return Rec("hv", d, text, "information_sharing", "baby", kind_col="Liaison")

    # --- the mother's brother, never named to children's social care ------------
    def hidden_adult(self, d: dt.date) -> list[Occurrence]:
        """One entry about the mother's brother, staying at the address."""
        k = self.rng.randrange(6)
        if k == 0:
            rec = Rec(
                "police",
                d,
                f"Intel: {self.uncle()} ({self.m}'s brother) believed to be staying at {self.addr}. Previous for supply and violence.",
                "information_sharing",
                "uncle",
                self.clock(),
                kind_col="Info",
            )
        elif k == 1:
            rec = Rec(
                "police",
                d,
                f"Drugs warrant at {self.addr}: {self.uncle()} arrested, cannabis and cash seized. Children at school.",
                "criminal_justice",
                "uncle",
                self.clock(6, 9),
                kind_col="Warrant",
            )
        elif k == 2:
            rec = Rec(
                "police",
                d,
                f"Vehicle stop: {self.uncle()} driving, {self.s} {self.msur.upper()} (nephew, {age(SIBLING_1_BORN, d)}) passenger. Words of advice, {self.s} taken home.",
                "police_incident",
                "uncle",
                self.night(),
                kind_col="Stop",
            )
        elif k == 3:
            rec = Rec(
                "housing",
                d,
                "Neighbour reports tenant's brother has moved in and there are visitors at all hours. Letter re unauthorised occupant.",
                "housing",
                "uncle",
                kind_col="Tenancy",
            )
        elif k == 4:
            rec = Rec(
                "housing",
                d,
                f"Tenancy visit: male at the property said to be tenant's brother {self.u}, staying 'till he gets a flat'.",
                "home_visit",
                "uncle",
                kind_col="Visit",
            )
        else:
            rec = Rec(
                "probation",
                d,
                f"PoP says partner's brother {self.u} is living at the address and 'brings trouble'.",
                "probation",
                "partner",
                kind_col="Supervision",
            )
        return [Occurrence([rec])]

    def episode_builders(
        self,
    ) -> list[Callable[[dt.date], tuple[str, list[Occurrence]]]]:
        """The 4 to 6 episodes of this family's review, in the order they happen."""
        optional = [
            self.ep_domestic,
            self.ep_missing,
            self.ep_not_seen,
            self.ep_rereferral,
        ]
        n = self.rng.choice([4, 5, 6])
        drop = set(self.rng.sample(range(len(optional)), 6 - n))
        kept = [f for i, f in enumerate(optional) if i not in drop]
        middle = [f for f in kept if f != self.ep_rereferral]
        last = [f for f in kept if f == self.ep_rereferral]
        return [self.ep_referral, *middle, self.ep_step_down, *last]


def plant(
    plot: Plot, start: dt.date, end: dt.date
) -> list[tuple[Episode, list[Occurrence]]]:
    """The planted episodes, each in its own slot of the period, never overlapping."""
    builders = plot.episode_builders()
    span = (end - start).days - 45  # room for the last one to finish in the period
    slot = span // len(builders)
    out = []
    plan_from = None
    for i, build in enumerate(builders):
        anchor = start + dt.timedelta(days=i * slot + plot.rng.randrange(slot - 50))
        while in_school_holiday(anchor):
            # the school is at the heart of most episodes: start one in term
            anchor = start + dt.timedelta(days=i * slot + plot.rng.randrange(slot - 50))
        title, occs = build(anchor)
        days = [r.day for o in occs for r in o.recs]
        first, last = min(days), max(days)
        out.append((Episode(f"{title}, {month_words(first, last)}", first, last), occs))
        if build in (plot.ep_referral, plot.ep_rereferral):
            plan_from = last  # the initial conference made the plans
        elif build == plot.ep_step_down and plan_from:
            plot.on_plan.append((plan_from, first))
            plan_from = None
    if plan_from:
        plot.on_plan.append((plan_from, end))
    return out
