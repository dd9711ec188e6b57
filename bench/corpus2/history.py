# ruff: noqa: E501  (the wording reads best one entry to a line)
"""The family's history as occurrences, each recorded by one or more agencies
in that agency's own words.

The wording here is written for this corpus alone, in the manner of real
agency entries (terse, abbreviations, what was done then what came of it,
several things in one cell, words mentioned in passing that are not the
event). It must not be copied from sample_data/ or chosen by reading
schemas/: it is a held-out test of them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

FAMILIES = [
    {
        "child": ("Mia", "Walsh"),
        "sib": ("Tyler", "Walsh"),
        "baby": ("Ava", "Hollis"),
        "mum": ("Kerry", "Walsh"),
        "partner": ("Dean", "Hollis"),
        "street": "Cedar Walk",
        "new_street": "Foundry Lane",
    },
    {
        "child": ("Lacey", "Doyle"),
        "sib": ("Connor", "Doyle"),
        "baby": ("Freya", "Marsh"),
        "mum": ("Gemma", "Doyle"),
        "partner": ("Scott", "Marsh"),
        "street": "Orchard Rise",
        "new_street": "Kiln Street",
    },
    {
        "child": ("Poppy", "Nolan"),
        "sib": ("Reece", "Nolan"),
        "baby": ("Isla", "Grady"),
        "mum": ("Shannon", "Nolan"),
        "partner": ("Wayne", "Grady"),
        "street": "Mill Croft",
        "new_street": "Tanners Row",
    },
]

PERSON = {
    "child": "Child B",
    "sib": "Sibling 1",
    "baby": "Sibling 2",
    "mum": "Mother",
    "partner": "Partner",
    "uncle": "Uncle",  # story mode only (plot.py)
}


class Said(str):
    """An entry's words, annotated with what they say of the family's children.

    The flags are the truth for the child's experience (truth.csv's last
    four columns), written beside each template so that a reader can check
    them: ``seen`` (a practitioner of the recording agency saw a child),
    ``alone`` (seen with no parent or carer present), ``spoken`` (the child
    was spoken with) and ``words`` (the child's own words recorded, quoted or
    reported: "said that", "told"). ``alone`` implies ``seen``, ``words``
    implies ``spoken``. A plain str says none of them.
    """

    flags: frozenset[str]

    def __new__(cls, text: str, flags: str | frozenset[str] = "") -> Said:
        obj = super().__new__(cls, text)
        got = set(flags.split() if isinstance(flags, str) else flags)
        if "alone" in got:
            got.add("seen")
        if "words" in got:
            got.add("spoken")
        obj.flags = frozenset(got)
        return obj


S = Said


def flags_of(text: str) -> frozenset[str]:
    """What ``text`` says of the children (empty for a plain str)."""
    return getattr(text, "flags", frozenset())


@dataclass
class Rec:
    """One agency's entry for one occurrence."""

    agency: str
    day: dt.date
    text: str
    etype: str
    person: str = "child"
    time: str = ""
    precision: str = "day"  # day, week, month
    outcome: str = ""
    kind_col: str = ""  # what the agency writes in its type column, if any


@dataclass
class Occurrence:
    recs: list[Rec] = field(default_factory=list)


class Story:
    """Writes occurrences for one family with one random generator."""

    def __init__(self, rng: random.Random, family: dict) -> None:
        self.rng = rng
        self.f = family
        self.c = family["child"][0]
        self.s = family["sib"][0]
        self.b = family["baby"][0]
        self.m = family["mum"][0]
        self.p = family["partner"][0]
        self.msur = family["mum"][1]
        self.psur = family["partner"][1]
        self.addr = f"{rng.randint(3, 58)} {family['street']}"

    # --- helpers ---------------------------------------------------------------
    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def maybe(self, text: str, p: float = 0.5) -> str:
        return text if self.rng.random() < p else ""

    def join(self, *parts: str) -> str:
        kept = [x for x in parts if x and x.strip()]
        text = " ".join(x.strip() for x in kept)
        flags = frozenset().union(*(flags_of(x) for x in kept))
        return Said(text, flags) if flags else text

    def clock(self, lo: int = 8, hi: int = 18) -> str:
        return f"{self.rng.randint(lo, hi):02d}:{self.rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]):02d}"

    def night(self) -> str:
        h = self.rng.choice([19, 20, 21, 22, 23, 0, 1, 2])
        return f"{h:02d}:{self.rng.randrange(60):02d}"

    def ip(self) -> str:
        """How police write the mother's name."""
        return self.pick(
            f"{self.m} {self.msur.upper()}", f"{self.msur.upper()} {self.m}", "IP"
        )

    def sus(self) -> str:
        return self.pick(
            f"{self.p} {self.psur.upper()}", f"{self.psur.upper()} {self.p}", "suspect"
        )

    def pop(self) -> str:
        """How probation write the partner: person on probation."""
        return self.pick("PoP", self.p, f"Mr {self.psur}", "PoP")

    def kids(self) -> str:
        return self.pick(
            f"{self.c}, {self.s} and {self.b}",
            "3 children",
            "children",
            f"{self.c} and {self.b}",
        )

    def sw(self) -> str:
        return self.pick("SW", "allocated SW", "social worker", "SW (Ashby CS)")

    # --- shared occurrences ----------------------------------------------------
    def domestic_callout(self, d: dt.date) -> list[Occurrence]:
        t = self.night()
        who = self.pick("neighbour", "Kerry's mother", "anon caller", "child")
        police = self.join(
            self.pick(
                f"999 call from {who} - shouting and screaming from address.",
                f"Call from {who} reporting male and female arguing, banging heard.",
                f"Report of domestic at {self.addr}, caller ({who}) heard a female crying for help.",
                f"{self.ip()} called 999 stating ex-partner would not leave and had pushed her.",
            ),
            self.pick(
                f"Officers attended, {self.sus()} had left prior to arrival.",
                f"Officers on scene, {self.sus()} arrested for common assault.",
                f"Attended. {self.ip()} had redness to neck, declined to provide statement.",
                "Attended - verbal argument only per both parties, no offences disclosed.",
            ),
            self.pick(
                "DASH: high.",
                "DASH medium.",
                "DASH completed - standard.",
                "DASH refused.",
            ),
            self.maybe(f"{self.kids()} present, asleep upstairs.", 0.6),
            self.maybe("PPN submitted.", 0.7),
            self.maybe("BWV on.", 0.3),
        )
        # police systems often grade a domestic as the call came in
        dom = self.pick(
            "Domestic",
            "Domestic incident",
            "Disturbance",
            "Concern for welfare",
            "Incident",
        )
        occ = Occurrence(
            [Rec("police", d, police, "domestic_abuse", "mum", t, kind_col=dom)]
        )
        if self.rng.random() < 0.45:
            amb = self.join(
                self.pick(
                    "Cat 2. F pt, ? assaulted by partner.",
                    "Cat 3 - female c/o facial pain following alleged assault.",
                    "Called by police to address: adult female injured in domestic.",
                ),
                self.pick(
                    "Small laceration to lip cleaned, obs within normal range.",
                    "Swelling L eye, no LOC. Obs stable.",
                    "Bruising to upper arms noted.",
                ),
                self.pick(
                    "Pt declined conveyance, capacity assessed.",
                    "Conveyed to ED.",
                    "Left in care of police.",
                ),
                self.maybe("Children in property - police aware.", 0.6),
            )
            late = (int(t[:2]) + 1) % 24
            occ.recs.append(
                Rec("ambulance", d, amb, "ambulance", "mum", f"{late:02d}{t[2:]}")
            )
        out = [occ]
        if self.rng.random() < 0.6:
            later = d + dt.timedelta(days=self.rng.choice([2, 3, 4]))
            csc = self.join(
                self.pick(
                    f"PPN received from police re incident on {d:%d/%m}.",
                    f"Police notification (DA) dated {d:%d.%m.%y} received in MASH.",
                    f"MASH contact - police report of domestic at home {d:%d/%m}.",
                ),
                self.pick(
                    "RAG amber, passed to allocated SW.",
                    "Sent to team for info, case open.",
                    "Checks completed, threshold for S47 not met, for assessment.",
                ),
            )
            out.append(
                Occurrence(
                    [Rec("csc", later, csc, "referral_csc", "mum", kind_col="Contact")]
                )
            )
        if self.rng.random() < 0.4 and d.weekday() < 4:
            nxt = d + dt.timedelta(days=1)
            sch = self.join(
                self.pick(
                    "Op Encompass call received re incident at home last night.",
                    "Operation Encompass notification from police - DA at home address.",
                ),
                self.pick(
                    f"Class teacher made aware, {self.c} to be monitored.",
                    S(
                        f"DSL checked in with {self.c} at break - quiet but said she was ok.",
                        "alone words",
                    ),
                    "Logged. Nothing noted in class.",
                ),
            )
            out.append(
                Occurrence(
                    [Rec("school", nxt, sch, "information_sharing", kind_col="Info")]
                )
            )
        return out

    def core_group(self, d: dt.date) -> list[Occurrence]:
        csc = self.join(
            self.pick(
                "Core group held.",
                "Core group meeting at Children's Centre.",
                "CG meeting (Teams).",
                "Core group - reviewed CP plan.",
            ),
            self.pick(
                f"{self.m} attended, {self.p} did not.",
                f"{self.m} and {self.p} both attended.",
                f"{self.m} left early, upset.",
                "Parents did not attend, no apologies.",
            ),
            self.pick(
                "Actions: school to continue daily check-ins.",
                "Plan updated, home conditions still a concern.",
                "Some progress with routines, DA work not started.",
                f"{self.s}'s YJS order discussed.",
            ),
        )
        occ = Occurrence([Rec("csc", d, csc, "core_group", kind_col="Core group")])
        options = ["school", "nursery", "probation", "camhs", "housing"]
        self.rng.shuffle(options)
        words = {
            "school": [
                f"DSL attended multi-agency meeting re {self.c} at the Children's Centre. Attendance and presentation shared.",
                f"Professionals meeting (core group) - DSL attended. Reported {self.c} often hungry on arrival.",
                f"Meeting with SW, FSW and parents re {self.c}'s plan. School to provide breakfast club place.",
            ],
            "nursery": [
                f"Manager went to multi agency meeting for {self.b}. Said {self.b} settled, some days not collected on time.",
                f"Attended core group for {self.b}, key person report sent beforehand.",
            ],
            "probation": [
                f"OM attended professionals meeting re partner's children (CP). {self.pop()} not invited.",
                "Attended multi-agency meeting for partner's children by Teams, shared compliance update.",
                "Multi agency mtg re children - OM gave update on RAR days and DA programme.",
            ],
            "camhs": [
                f"Clinician joined core group by phone re {self.s}. Update on sessions given.",
            ],
            "housing": [
                "TO attended professionals meeting re family. Arrears and repairs discussed.",
            ],
        }
        for a in options[: self.rng.choice([1, 1, 2, 3])]:
            who = "baby" if a == "nursery" else "sib" if a == "camhs" else "child"
            day = d if self.rng.random() < 0.85 else d + dt.timedelta(days=1)
            occ.recs.append(
                Rec(a, day, self.pick(*words[a]), "core_group", who, kind_col="Meeting")
            )
        return [occ]

    def conference(self, d: dt.date) -> list[Occurrence]:
        initial = self.rng.random() < 0.4
        name = (
            self.pick("ICPC", "Initial CP conference")
            if initial
            else self.pick("RCPC", "Review conference", "Review CP conf")
        )
        csc = self.join(
            f"{name}.",
            self.pick(
                "Children made subject of CP plans, category neglect.",
                "Plans to continue, category emotional abuse.",
                "Unanimous decision - children to remain on CP plans.",
                "Plan under category of neglect and emotional harm.",
            ),
            self.maybe(f"{self.p} attended with advocate.", 0.3),
        )
        occ = Occurrence([Rec("csc", d, csc, "cp_conference", kind_col="Conference")])
        words = {
            "school": f"DSL attended {name}. School report submitted. {self.c} to stay on plan.",
            "police": f"{name} - DC attended, disclosed police history for the address.",
            "probation": f"Report provided to {name}. OM attended, {self.pop()} compliance shared.",
            "nursery": f"{name} - manager attended for {self.b}. Key person report shared.",
            "camhs": f"Letter sent for {name} re {self.s} as unable to attend; clinician joined second half.",
        }
        opts = list(words)
        self.rng.shuffle(opts)
        for a in opts[: self.rng.choice([1, 2, 3])]:
            who = {"nursery": "baby", "camhs": "sib"}.get(a, "child")
            occ.recs.append(
                Rec(a, d, words[a], "cp_conference", who, kind_col="Meeting")
            )
        return [occ]

    def strategy(self, d: dt.date) -> list[Occurrence]:
        csc = self.join(
            self.pick(
                "Strat discussion with police and school DSL.",
                "Strategy meeting held (police, health, school).",
                "Strategy discussion by phone.",
            ),
            self.pick(
                "Agreed S47 single agency, visit today.",
                "Threshold met for joint S47. CP medical to be arranged.",
                "NFA under S47, for C&F assessment.",
            ),
        )
        police = self.join(
            self.pick(
                "Strategy discussion with CSC - ",
                "Attended strat mtg at Civic Centre. ",
                "Strat call with social care re bruising. ",
            ),
            self.pick(
                "joint investigation agreed, ABE to be considered.",
                "no criminal investigation at this time.",
                "officer to accompany SW on visit.",
            ),
        )
        occ = Occurrence(
            [
                Rec("csc", d, csc, "strategy_discussion", kind_col="Strategy"),
                Rec("police", d, police, "strategy_discussion", time=self.clock(9, 17)),
            ]
        )
        if self.rng.random() < 0.5:
            occ.recs.append(
                Rec(
                    "school",
                    d,
                    self.pick(
                        "DSL took part in strategy call. Shared concerns and attendance.",
                        "Strat discussion - DSL invited by phone, shared chronology of concerns.",
                    ),
                    "strategy_discussion",
                    kind_col="Meeting",
                )
            )
        return [occ]

    def school_concern(self, d: dt.date) -> list[Occurrence]:
        what = self.rng.choice(["bruise", "hungry", "disclosure", "presentation"])
        text = {
            "bruise": self.join(
                self.pick(
                    S(
                        f"TA noticed bruise to {self.c}'s upper arm when changing for PE.",
                        "alone",
                    ),
                    S(f"{self.c} came in with a mark on her cheek.", "alone"),
                    S("Bruising to L wrist seen at breakfast club.", "alone"),
                ),
                self.pick(
                    S(f"{self.c} said '{self.p} grabbed me'.", "alone words"),
                    S(f"{self.c} said she fell off her bike.", "alone words"),
                    S("Would not say how it happened.", "alone spoken"),
                ),
                "Body map done.",
                self.pick(
                    "DSL called Front Door, advised SW would visit.",
                    "Referral made to MASH by phone and form.",
                    "DSL rang CS - passed to allocated SW.",
                ),
            ),
            "hungry": self.join(
                S(
                    f"{self.c} asking staff for food, said nothing for tea last night.",
                    "alone words",
                ),
                self.pick("Uniform dirty, smelt of smoke.", "Hair unbrushed 3rd day."),
                self.pick(
                    "DSL informed SW by email.",
                    "Logged on CPOMS, referral to Front Door.",
                ),
            ),
            "disclosure": self.join(
                self.pick(
                    S(
                        f"{self.c} told class teacher mum and {self.p} were shouting and 'he hit the door'.",
                        "alone words",
                    ),
                    S(f"{self.c} disclosed she was scared to go home.", "alone words"),
                    S(
                        f"{self.c} upset in class, said she hides under the bed when they fight.",
                        "alone words",
                    ),
                ),
                "Recorded verbatim.",
                self.pick(
                    "DSL contacted Front Door.",
                    "Call to SW - SW to visit after school.",
                ),
            ),
            "presentation": self.join(
                S(f"{self.c} very tired, fell asleep in class.", "alone"),
                self.pick(
                    "Mum not answering calls.",
                    S(f"Said {self.b} was crying all night.", "alone words"),
                ),
                "DSL rang CS duty, info shared.",
            ),
        }[what]
        occ = Occurrence(
            [Rec("school", d, text, "education_concern", kind_col="Concern")]
        )
        if self.rng.random() < 0.75:
            csc = self.join(
                self.pick(
                    "Contact from St Wilfrid's DSL:",
                    "Call from school (DSL) -",
                    "Contact received from school:",
                ),
                {
                    "bruise": f"bruise seen on {self.c}, body map completed.",
                    "hungry": f"{self.c} arriving hungry and unkempt.",
                    "disclosure": f"{self.c} disclosed arguments at home.",
                    "presentation": f"{self.c} tired, mum not contactable.",
                }[what],
                self.pick(
                    "Passed to SW.",
                    "For SW to visit.",
                    "Case open - info to team.",
                ),
            )
            # a contact to social care, as social care records it
            occ.recs.append(Rec("csc", d, csc, "referral_csc", kind_col="Contact"))
        return [occ]

    def referral_other(self, d: dt.date) -> list[Occurrence]:
        kind = self.rng.choice(["camhs_school", "camhs_csc", "substance_probation"])
        if kind == "substance_probation":
            src = self.join(
                self.pick(
                    f"Referral to Open Road for {self.pop()} (alcohol).",
                    f"Referred {self.pop()} to Open Road drug & alcohol service.",
                    "Referral sent to substance misuse service, PoP consented.",
                ),
                self.maybe("Linked to DA risk.", 0.5),
            )
            dst = self.join(
                self.pick(
                    "Referral received from probation.",
                    "New referral (probation OM) -",
                    "Referral in from OM:",
                ),
                self.pick(
                    "alcohol use linked to offending.",
                    "cannabis and alcohol.",
                    "requests keywork.",
                ),
                self.pick("Triage appt booked.", "For allocation."),
            )
            a, b_, who = "probation", "substance", "partner"
        else:
            src_agency = "school" if kind == "camhs_school" else "csc"
            src = self.join(
                self.pick(
                    f"Referral to CAMHS for {self.s}",
                    f"CAMHS referral made ({self.s})",
                    f"Referred {self.s} to CAMHS",
                ),
                self.pick(
                    "- low mood and self harm.",
                    "re anger and sleep.",
                    "- cutting disclosed to tutor.",
                ),
            )
            dst = self.join(
                self.pick(
                    f"Referral received from {'school' if src_agency == 'school' else 'social care'}",
                    "New referral",
                    "Ref rec'd",
                ),
                self.pick(
                    "- self harm, low mood.",
                    f"for {self.s} re anger.",
                    "- risk to self.",
                ),
                self.pick("Triaged amber.", "Choice appt to be offered.", "Screened."),
            )
            a, b_, who = src_agency, "camhs", "sib"
        lag = self.rng.choice([0, 0, 1])
        return [
            Occurrence(
                [
                    Rec(a, d, src, "referral_other", who, kind_col="Referral"),
                    Rec(
                        b_,
                        d + dt.timedelta(days=lag),
                        dst,
                        "referral_other",
                        who,
                        kind_col="Referral",
                    ),
                ]
            )
        ]

    def joint_no_access(self, d: dt.date) -> list[Occurrence]:
        t = self.clock(9, 16)
        csc = self.join(
            self.pick(
                "Joint visit with housing officer - no reply.",
                "Joint HV with TO. No answer at door.",
            ),
            self.pick(
                "Curtains drawn, dog barking.",
                "TV heard inside.",
                "Car on drive.",
            ),
            "Card left.",
            self.maybe("Mum then texted to say she was at the doctors.", 0.4),
        )
        hous = self.join(
            self.pick(
                "Joint visit with SW - no access.",
                "Visit with children's services - no answer.",
            ),
            self.pick("Calling card left.", "Letter put through door."),
        )
        return [
            Occurrence(
                [
                    Rec("csc", d, csc, "no_access", "mum", t, kind_col="Home visit"),
                    Rec("housing", d, hous, "no_access", "mum", kind_col="Visit"),
                ]
            )
        ]

    def month_move(self, d: dt.date) -> list[Occurrence]:
        m1 = d.replace(day=1)
        new = self.f["new_street"]
        recs = [
            Rec(
                "housing",
                m1,
                self.pick(
                    f"Family moved to {new} (management transfer).",
                    f"Tenancy at {new} signed, keys given.",
                ),
                "housing",
                "mum",
                precision="month",
                kind_col="Tenancy",
            ),
            Rec(
                self.pick("school", "csc"),
                m1,
                self.pick(
                    f"Family moved house to {new}.",
                    f"Change of address - now living at {new}.",
                    f"Mum reports they have moved to {new}.",
                ),
                "housing",
                "mum",
                precision="month",
                kind_col="Info",
            ),
        ]
        return [Occurrence(recs)]

    def month_moved_in(self, d: dt.date) -> list[Occurrence]:
        m1 = d.replace(day=1)
        return [
            Occurrence(
                [
                    Rec(
                        "csc",
                        m1,
                        self.pick(
                            f"{self.p} moved into the family home.",
                            f"Understood {self.p} now living at address with mum and children.",
                        ),
                        "household_change",
                        "partner",
                        precision="month",
                    ),
                    Rec(
                        "probation",
                        m1,
                        self.pick(
                            "PoP reports he has moved in with partner and her 3 children.",
                            "Change of address: PoP now residing with partner and children. Checks requested.",
                        ),
                        "household_change",
                        "partner",
                        precision="month",
                    ),
                ]
            )
        ]

    def missing(self, d: dt.date) -> list[Occurrence]:
        t = self.night()
        police = self.join(
            f"{self.s} {self.msur.upper()} reported missing by mum.",
            self.pick(
                "Last seen 16:00 leaving school.",
                "Left after argument with mum's partner.",
                "Not returned from friend's.",
            ),
            self.pick(
                "Graded medium risk.",
                S(
                    "Located by officers in town centre at 02:10, returned home.",
                    "seen",
                ),
                S(
                    "Returned of own accord 23:40, safe and well check done.",
                    "seen spoken",
                ),
            ),
        )
        occ = Occurrence(
            [Rec("police", d, police, "missing_episode", "sib", t, kind_col="Missing")]
        )
        if self.rng.random() < 0.6:
            occ.recs.append(
                Rec(
                    self.pick("csc", "yjs"),
                    d + dt.timedelta(days=self.rng.choice([0, 1])),
                    self.pick(
                        f"Missing notification - {self.s} missing overnight, returned.",
                        f"{self.s} reported missing last night, found by police.",
                    ),
                    "missing_episode",
                    "sib",
                    kind_col="Missing",
                )
            )
        out = [occ]
        if self.rng.random() < 0.5:
            rhi = d + dt.timedelta(days=self.rng.choice([2, 3, 5]))
            out.append(
                Occurrence(
                    [
                        Rec(
                            "csc",
                            rhi,
                            self.pick(
                                S(
                                    f"RHI completed with {self.s}. Says he was at a mate's, would not give address.",
                                    "alone words",
                                ),
                                S(
                                    f"Return home interview - {self.s} declined to talk.",
                                    "alone",
                                ),
                            ),
                            "missing_episode",
                            "sib",
                        )
                    ]
                )
            )
        return out

    def arrest(self, d: dt.date) -> list[Occurrence]:
        t = self.clock(12, 23)
        offence = self.pick(
            "theft from shop", "criminal damage", "possession of cannabis", "assault"
        )
        police = self.join(
            S(f"{self.s} {self.msur.upper()} arrested for {offence}.", "seen"),
            self.pick(
                S(
                    "Interviewed with AA present, released under investigation.",
                    "alone spoken",
                ),
                "Charged, bailed to YC.",
                "Youth caution given.",
                "NFA.",
            ),
        )
        yjs = self.join(
            self.pick(
                S(f"YJ worker attended custody as AA for {self.s}.", "alone"),
                f"{self.s} arrested ({offence}) - informed by custody.",
                f"Custody call: {self.s} held for {offence}.",
            ),
            self.pick("Mum unable to attend.", "Released late evening.", ""),
        )
        return [
            Occurrence(
                [
                    Rec(
                        "police",
                        d,
                        police,
                        "criminal_justice",
                        "sib",
                        t,
                        kind_col="Arrest",
                    ),
                    Rec("yjs", d, yjs, "criminal_justice", "sib"),
                ]
            )
        ]

    def marac(self, d: dt.date) -> list[Occurrence]:
        occ = Occurrence(
            [
                Rec(
                    "police",
                    d,
                    self.pick(
                        f"Case heard at MARAC. Actions: flag address, {self.ip()} to be offered IDVA.",
                        "MARAC - case discussed, repeat. Tactical options for suspect agreed.",
                    ),
                    "marac",
                    "mum",
                    kind_col="MARAC",
                )
            ]
        )
        extra = {
            "probation": "MARAC attended. Info on PoP's licence conditions shared; action to review risk level.",
            "csc": "MARAC held - SW attended. Children's plan shared.",
            "housing": "MARAC: housing to fit additional locks (sanctuary scheme).",
        }
        opts = list(extra)
        self.rng.shuffle(opts)
        for a in opts[: self.rng.choice([1, 2, 3])]:
            occ.recs.append(Rec(a, d, extra[a], "marac", "mum"))
        return [occ]

    def joint_probation_substance(self, d: dt.date) -> list[Occurrence]:
        return [
            Occurrence(
                [
                    Rec(
                        "probation",
                        d,
                        self.pick(
                            "Joint appt with Open Road keyworker at office. PoP reports drinking less, 4 days/week.",
                            "3 way meeting with OM, PoP and drug worker. Agreed to restart script.",
                        ),
                        "probation",
                        "partner",
                        kind_col="Office",
                    ),
                    Rec(
                        "substance",
                        d,
                        self.pick(
                            "Joint session with probation OM. Alcohol diary reviewed, units down.",
                            "Seen at probation with OM. Plan: ORT review with prescriber.",
                        ),
                        "substance_misuse",
                        "partner",
                        kind_col="Keywork",
                    ),
                ]
            )
        ]

    def cin_meeting(self, d: dt.date) -> list[Occurrence]:
        occ = Occurrence(
            [
                Rec(
                    "csc",
                    d,
                    self.pick(
                        "CIN review held at school.",
                        "CIN meeting - plan reviewed.",
                        "Child in need review.",
                    )
                    + " "
                    + self.pick(
                        "Mum engaging. Plan to continue 3 months.",
                        "Attendance improving.",
                        "Agreed step down to Early Help at next review.",
                    ),
                    "cin_meeting",
                    kind_col="CIN",
                ),
                Rec(
                    "school",
                    d,
                    self.pick(
                        f"CIN meeting in school for {self.c}. DSL and class teacher attended.",
                        f"Hosted CIN review. {self.c}'s attendance now 92%.",
                    ),
                    "cin_meeting",
                    kind_col="Meeting",
                ),
            ]
        )
        return [occ]

    def same_day_visits(self, d: dt.date) -> list[Occurrence]:
        """Two different home visits on one day by two agencies: must not link."""
        t1, t2 = "10:30", "15:15"
        if self.rng.random() < 0.5:
            t1, t2 = t2, t1
        other = self.rng.choice(["probation", "housing"])
        first = Rec(
            "csc",
            d,
            self.join(
                self.pick(
                    S(f"Home visit. Seen {self.c} and {self.b}.", "seen"),
                    S("Announced HV, mum and children present.", "seen"),
                    S(f"Unannounced visit - {self.m} home with {self.b}.", "seen"),
                ),
                self.pick(
                    "Home conditions poor, dishes piled up, no food in fridge.",
                    "Home tidy. Children's rooms seen.",
                    S(
                        f"{self.c} seen alone in bedroom, said things are 'ok'.",
                        "alone words",
                    ),
                ),
            ),
            "home_visit",
            "child",
            t1,
            kind_col="Home visit",
        )
        if other == "probation":
            second = Rec(
                "probation",
                d,
                self.pick(
                    "Home visit to PoP's address. Seen PoP alone, partner at work.",
                    "HV to approved address - PoP present, property checked.",
                ),
                "home_visit",
                "partner",
                kind_col="Home visit",
            )
        else:
            second = Rec(
                "housing",
                d,
                self.pick(
                    "Tenancy visit - damp in back bedroom, repairs raised.",
                    "Visit re arrears. Tenant at home, payment plan agreed.",
                ),
                "home_visit",
                "mum",
                kind_col="Visit",
            )
        return [Occurrence([first]), Occurrence([second])]

    def team_around_family(self, d: dt.date) -> list[Occurrence]:
        """A TAF meeting, recorded by early help and by the school."""
        eh = self.join(
            self.pick(
                "TAF meeting held at school.",
                "TAF review.",
                "Team around the family mtg.",
            ),
            self.pick(
                "Mum attended. Plan: routines, school attendance, debt advice.",
                f"Mum attended with {self.b}. Progress on bedtimes, attendance still low.",
                "Mum did not attend - plan reviewed without her, FSW to visit.",
            ),
        )
        sch = self.pick(
            f"TAF meeting in school re {self.c} - DSL and class teacher attended.",
            f"Early help meeting (TAF) held here, attendance figures shared for {self.c}.",
            "DSL chaired TAF review. Actions for school: breakfast club, ELSA sessions.",
        )
        return [
            Occurrence(
                [
                    Rec("earlyhelp", d, eh, "early_help", kind_col="TAF"),
                    Rec("school", d, sch, "early_help", kind_col="Meeting"),
                ]
            )
        ]

    def referral_early_help(self, d: dt.date) -> list[Occurrence]:
        src = self.pick(
            f"EHA started with mum and referral to Early Help Hub sent for {self.c}.",
            "Referral to Early Help made with mum's consent (routines, attendance).",
            f"Request for support sent to Early Help re {self.c}, mum agreed.",
        )
        dst = self.join(
            self.pick(
                "Referral received from St Wilfrid's.",
                "Request for support in from school.",
                "New referral - school (DSL).",
            ),
            self.pick(
                "Allocated to FSW.", "For allocation at panel.", "Consent checked."
            ),
        )
        lag = self.rng.choice([0, 1, 1, 2])
        return [
            Occurrence(
                [
                    Rec("school", d, src, "referral_other", kind_col="Referral"),
                    Rec(
                        "earlyhelp",
                        d + dt.timedelta(days=lag),
                        dst,
                        "referral_other",
                        kind_col="Referral",
                    ),
                ]
            )
        ]

    def joint_dna(self, d: dt.date) -> list[Occurrence]:
        """A joint appointment missed, each service in its own words."""
        return [
            Occurrence(
                [
                    Rec(
                        "probation",
                        d,
                        self.pick(
                            "DNA 3 way appt with Open Road. No contact from PoP. Warning letter.",
                            "PoP did not attend joint appt with drug worker. Enforcement considered.",
                        ),
                        "was_not_brought",
                        "partner",
                        kind_col="Office",
                    ),
                    Rec(
                        "substance",
                        d,
                        self.pick(
                            "DNAed joint session at probation. OM to follow up.",
                            "Did not attend joint appt with OM. Text sent.",
                        ),
                        "was_not_brought",
                        "partner",
                        kind_col="DNA",
                    ),
                ]
            )
        ]

    def joint_home_visit(self, d: dt.date) -> list[Occurrence]:
        """A joint visit: one occurrence, two agencies."""
        t = self.clock(9, 16)
        return [
            Occurrence(
                [
                    Rec(
                        "csc",
                        d,
                        self.pick(
                            S(
                                f"Joint HV with FSW. {self.c} and {self.b} seen. Mum low, talked about debts.",
                                "seen",
                            ),
                            S(
                                "Joint visit with early help worker, all children seen. Home cluttered but warm.",
                                "seen",
                            ),
                        ),
                        "home_visit",
                        "child",
                        t,
                        kind_col="Home visit",
                    ),
                    Rec(
                        "earlyhelp",
                        d,
                        self.pick(
                            S(
                                "Joint visit with SW. Children seen. Agreed FSW to help with a budget plan.",
                                "seen",
                            ),
                            "Visited with social worker - mum engaged, kids' bedrooms seen.",
                        ),
                        "home_visit",
                        "child",
                        kind_col="Visit",
                    ),
                ]
            )
        ]

    def _one_earlyhelp(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.15:
            monday = d - dt.timedelta(days=d.weekday())
            text = self.pick(
                "2 sessions with mum on bedtime routines (Triple P wk 3).",
                "Phone contact with mum x3 re school mornings.",
                "FSW sessions this week: budgeting and meal planning.",
            )
            return Rec(
                "earlyhelp",
                monday,
                text,
                "early_help",
                "mum",
                precision="week",
                kind_col="Sessions",
            )
        if r < 0.45:
            text = self.join(
                self.pick(
                    "FSW visit.",
                    "Home visit by FSW.",
                    "Visit to mum at home.",
                ),
                self.pick(
                    S(
                        "Worked on morning routine chart with the children.",
                        "seen spoken",
                    ),
                    S(
                        f"Mum tired, {self.b} unsettled. Food bank voucher given.",
                        "seen",
                    ),
                    "House untidy, mum says partner not around.",
                    S(f"{self.c} showed FSW her reading book.", "seen"),
                ),
            )
            return Rec("earlyhelp", d, text, "home_visit", "mum", kind_col="Visit")
        if r < 0.6:
            text = self.pick(
                "Visit - no answer. Left a card.",
                "Arrived for planned visit, no one in. Text sent to mum.",
                "No access - curtains closed, no reply to knocking.",
            )
            return Rec("earlyhelp", d, text, "no_access", "mum", kind_col="Visit")
        if r < 0.78:
            text = self.pick(
                "EHA completed with mum. Needs: routines, money, attendance.",
                "EHA review - outcome star scores improving.",
                "Parenting course wk 4 - mum attended.",
            )
            return Rec("earlyhelp", d, text, "early_help", "mum", kind_col="Assessment")
        if r < 0.93:
            text = self.pick(
                "Call to school re attendance, 87% this term.",
                "Email to HV re speech referral for Ava.".replace("Ava", self.b),
                "Spoke to housing officer about arrears.",
            )
            return Rec(
                "earlyhelp", d, text, "information_sharing", "mum", kind_col="Liaison"
            )
        text = self.pick(
            "Case closed - plan outcomes met.",
            "Closed to Early Help: escalated to CS (step up).",
        )
        return Rec("earlyhelp", d, text, "case_closure", "mum", kind_col="Closure")

    # --- single-agency entries --------------------------------------------------
    def single(self, agency: str, d: dt.date) -> list[Occurrence]:
        rec = getattr(self, f"_one_{agency}")(d)
        return [Occurrence([rec])]

    def _one_police(self, d: dt.date) -> Rec:
        r = self.rng.random()
        t = self.night() if r < 0.5 else self.clock()
        if r < 0.35:
            text = self.join(
                self.pick(
                    "Concern for welfare -",
                    "CFW call:",
                    "Call from school re welfare:",
                ),
                self.pick(
                    f"{self.ip()} not answering door to family.",
                    "children heard crying for long periods.",
                    f"{self.m} said to be drunk with baby.",
                ),
                self.pick(
                    S("Officers attended, all safe and well.", "seen"),
                    "Attended, no concerns, home tidy.",
                    "Words of advice given.",
                ),
            )
            return Rec("police", d, text, "police_incident", "mum", t, kind_col="CFW")
        if r < 0.55:
            text = self.join(
                self.pick(
                    "ASB report: youths throwing stones at cars,",
                    "Report of youths in stairwell,",
                    "Stop search in park,",
                ),
                self.pick(
                    f"{self.s} {self.msur.upper()} named.",
                    f"{self.s} identified on CCTV.",
                    S(f"{self.s} among group, nothing found.", "seen"),
                ),
                self.pick("Words of advice.", "Parent informed.", "No further action."),
            )
            return Rec("police", d, text, "police_incident", "sib", t, kind_col="ASB")
        if r < 0.72:
            text = self.pick(
                "Intel shared with CSC: male believed to be staying at address.",
                f"Probation request for DV checks on {self.p} {self.psur.upper()} - callouts disclosed.",
                "Email to CSC with previous callouts to address.",
                "Info sent to MASH re call history.",
            )
            return Rec(
                "police", d, text, "information_sharing", "partner", t, kind_col="Info"
            )
        if r < 0.86:
            text = self.pick(
                f"{self.sus()} charged with assault by beating, remanded for court.",
                f"{self.p} {self.psur.upper()} appeared at court, bail with conditions not to contact IP.",
                f"{self.sus()} pleaded guilty, sentenced to community order with RAR.",
            )
            return Rec(
                "police", d, text, "criminal_justice", "partner", t, kind_col="Custody"
            )
        text = self.pick(
            f"Neighbour dispute - {self.m} reports being threatened over noise.",
            "Report of theft of bike from garden. Crime recorded.",
            f"Call from {self.m}: her car window smashed.",
        )
        return Rec("police", d, text, "police_incident", "mum", t, kind_col="Crime")

    def _one_csc(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.3:
            text = self.join(
                self.pick(
                    "HV.",
                    "Statutory visit.",
                    "Home visit following the referral from school.",
                    "Visit to home.",
                    "Unannounced HV re bruise reported by school.",
                ),
                self.pick(
                    S(f"{self.c} seen alone, spoke about school.", "alone spoken"),
                    S(
                        f"Children seen. {self.b} in nappy that needed changing.",
                        "seen",
                    ),
                    f"{self.m} reports {self.p} no longer visits, not believed.",
                    "Mum tearful, says she is not coping with money.",
                ),
                self.maybe(
                    self.pick(
                        "Discussed DA and safety plan.",
                        "Police involvement last week discussed.",
                        "Referral to food bank made.",
                    ),
                    0.5,
                ),
            )
            return Rec(
                "csc",
                d,
                text,
                "home_visit",
                "child",
                self.maybe(self.clock(), 0.5),
                kind_col="Home visit",
            )
        if r < 0.4:
            text = self.join(
                self.pick(
                    "HV - no reply.",
                    "Attempted home visit, no answer at door.",
                    "Unannounced HV: curtains drawn, no answer.",
                    "Visited, no one home. Neighbour said family out.",
                ),
                self.pick("Card left.", "Texted mum.", "Will try again Friday."),
            )
            return Rec(
                "csc",
                d,
                text,
                "no_access",
                "mum",
                self.maybe(self.clock(), 0.5),
                kind_col="Home visit",
            )
        if r < 0.62:
            text = self.pick(
                f"Call to {self.c}'s school - attendance 84%, late most days.",
                "Email from health visitor re missed development check.",
                f"Telephone call with OM (probation) re {self.p}'s compliance.",
                "Rang CAMHS for update - Tyler on waiting list.".replace(
                    "Tyler", self.s
                ),
                "Letter to GP confirming core group date.",
                "Spoke to nursery manager - Ava attending 3 days.".replace(
                    "Ava", self.b
                ),
            )
            return Rec(
                "csc", d, text, "information_sharing", "mum", kind_col="Phone call"
            )
        if r < 0.75:
            text = self.pick(
                "C&F assessment started.",
                "Assessment completed - outcome CIN plan.",
                "Single assessment authorised by TM. Recommend CP.",
                f"Assessment: {self.m} seen for parenting assessment session 2 of 4.",
            )
            return Rec("csc", d, text, "assessment", "child", kind_col="Assessment")
        if r < 0.85:
            text = self.pick(
                "Management oversight - case to remain open, visits fortnightly.",
                "Supervision with TM. Case reviewed.",
                "Case transferred to new SW.",
                "Chronology updated.",
            )
            return Rec("csc", d, text, "other", "child", kind_col="Case note")
        if r < 0.93:
            text = self.pick(
                f"Mum did not bring {self.c} to CP medical at 2pm.",
                "Parents DNA'd family group conference.",
                f"{self.m} failed to attend parenting assessment session.",
            )
            return Rec("csc", d, text, "was_not_brought", "mum", kind_col="Appointment")
        text = self.pick(
            "Case closed to CS, stepped down to Early Help.",
            "Case closure authorised. NFA.",
            "CP plan ended at RCPC, now CIN.",
        )
        etype = "cp_plan" if "CP plan ended" in text else "case_closure"
        return Rec("csc", d, text, etype, "child", kind_col="Closure")

    def _one_probation(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.45:
            text = self.join(
                self.pick(
                    "Supervision appt.",
                    "Office appt - PoP reported on time.",
                    "Sup session (phone).",
                    "Planned supervision.",
                    "RAR session: thinking skills.",
                ),
                self.pick(
                    "Discussed relationship with partner, PoP says things are calm.",
                    "PoP says he is staying at his mum's, not partner's.",
                    "Talked about police callout last week, PoP minimised.",
                    "Work on triggers. PoP presented as low.",
                    "Discussed the children's CP plan, PoP angry with social worker.",
                    "Employment - starting labouring work Monday.",
                ),
                self.maybe("Risk level remains high.", 0.3),
            )
            return Rec(
                "probation", d, text, "probation", "partner", kind_col="Supervision"
            )
        if r < 0.6:
            text = self.join(
                self.pick(
                    "Did not attend appt.",
                    "DNA supervision.",
                    "PoP failed to attend.",
                    "Missed appt, no contact.",
                ),
                self.pick(
                    "Warning letter issued.",
                    "Rang, no answer. Text sent.",
                    "Says he was ill, evidence requested.",
                ),
            )
            return Rec(
                "probation",
                d,
                text,
                "was_not_brought",
                "partner",
                kind_col="Supervision",
            )
        if r < 0.78:
            text = self.pick(
                "DV checks requested from police.",
                "Email to CSC SW re PoP's address.",
                "Safeguarding checks returned from CS - children on CP plans.",
                "Call from SW: concern PoP staying at partner's address.",
                "Letter to GP for PoP's medication history.",
            )
            return Rec(
                "probation",
                d,
                text,
                "information_sharing",
                "partner",
                kind_col="Contact",
            )
        if r < 0.88:
            text = self.pick(
                "HV to PoP - seen, address suitable.",
                "Home visit - PoP not in, partner answered, said he was at work.",
                "Unannounced home visit to PoP's flat. Seen.",
            )
            return Rec(
                "probation", d, text, "home_visit", "partner", kind_col="Home visit"
            )
        text = self.pick(
            "Breach - returned to court, order to continue with extra RAR days.",
            "PSR prepared for court.",
            "Sentenced: 18 month community order, RAR 30 days, BBR programme.",
        )
        return Rec(
            "probation", d, text, "criminal_justice", "partner", kind_col="Court"
        )

    def _one_yjs(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.5:
            text = self.join(
                self.pick(
                    S(f"Intervention session with {self.s}.", "alone spoken"),
                    S(f"Session at school with {self.s}.", "alone spoken"),
                    S("1:1 session at YJS office.", "alone spoken"),
                    S("Reparation session.", "seen"),
                ),
                self.pick(
                    "Worked on consequences, engaged well.",
                    "Talked about the arrest and peer group.",
                    S(f"{self.s} disclosed cannabis use daily.", "words"),
                    "Short session, he was tired and flat.",
                ),
            )
            return Rec("yjs", d, text, "probation", "sib")
        if r < 0.68:
            text = self.join(
                self.pick(
                    f"{self.s} did not attend.",
                    f"{self.s} DNA'd session.",
                    "Not at home for planned session.",
                    "DNA.",
                ),
                self.pick("Mum unaware where he was.", "Letter sent.", "Rebooked."),
            )
            etype = "no_access" if "Not at home" in text else "was_not_brought"
            return Rec("yjs", d, text, etype, "sib")
        if r < 0.82:
            text = self.pick(
                "Referral order panel - contract agreed.",
                "Court: 9 month referral order.",
                "Panel review - progress noted.",
            )
            etype = "criminal_justice" if text.startswith("Court") else "probation"
            return Rec("yjs", d, text, etype, "sib")
        text = self.pick(
            "Call with CAMHS re Tyler's assessment.".replace("Tyler", self.s),
            "Email to school for attendance.",
            "Spoke to SW re risk of exploitation.",
        )
        return Rec("yjs", d, text, "information_sharing", "sib")

    def _one_ambulance(self, d: dt.date) -> Rec:
        t = self.night() if self.rng.random() < 0.6 else self.clock()
        who, text = self.rng.choice(
            [
                (
                    "baby",
                    self.join(
                        "Cat 2 - 2yo difficulty breathing.",
                        self.pick(
                            S("Croup sounding cough, conveyed to ED with mum.", "seen"),
                            S("Obs ok, advice given, not conveyed.", "seen"),
                        ),
                    ),
                ),
                (
                    "mum",
                    self.join(
                        "Female fallen on stairs, intoxicated.",
                        self.pick(
                            "Minor head injury, conveyed.",
                            "Refused conveyance. Children in house with partner.",
                        ),
                    ),
                ),
                (
                    "sib",
                    self.join(
                        S("15yo M found by friends, ? intoxicated.", "alone"),
                        self.pick("Conveyed to ED.", "Handed to mum, advice given."),
                        self.maybe("Safeguarding referral raised.", 0.5),
                    ),
                ),
                (
                    "sib",
                    self.join(
                        S("Youth assaulted in park, laceration to head.", "alone"),
                        "Police on scene. Conveyed to ED.",
                    ),
                ),
            ]
        )
        return Rec("ambulance", d, text, "ambulance", who, t)

    def _one_school(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.08:
            monday = d - dt.timedelta(days=d.weekday())
            text = self.pick(
                f"{self.c} late 4 out of 5 days this week, mum oversleeping.",
                f"{self.c} absent Mon-Wed, no reason given. Home visit by EWO, no answer.",
                "Attendance this week 60%.",
            )
            return Rec(
                "school",
                monday,
                text,
                "education_attendance",
                precision="week",
                kind_col="Attendance",
            )
        if r < 0.3:
            text = self.pick(
                f"{self.c} absent, no call from home. First day call made, no answer.",
                f"Late again - {self.c} arrived 9.40.",
                "Attendance letter 1 sent home - 88% this half term.",
                f"{self.c} absent 3 days, mum says tummy bug.",
                "Attendance meeting with mum - target set.",
            )
            return Rec("school", d, text, "education_attendance", kind_col="Attendance")
        if r < 0.6:
            text = self.join(
                self.pick(
                    S(f"{self.c} upset at drop off, didn't want mum to leave.", "seen"),
                    S(f"{self.c} said '{self.p} shouts at mummy'.", "alone words"),
                    S("No PE kit for 3 weeks, shoes with holes.", "alone"),
                    S(
                        f"{self.c} collected by unknown male, said to be mum's friend.",
                        "seen",
                    ),
                    S(f"Head lice again. {self.c} scratching.", "alone"),
                    S(
                        f"{self.c} has not eaten lunch, says she's not hungry.",
                        "alone words",
                    ),
                ),
                self.pick(
                    "Logged, DSL aware.",
                    "Monitoring.",
                    "Shared with SW.",
                    "DSL spoke to mum at collection.",
                ),
            )
            return Rec("school", d, text, "education_concern", kind_col="Concern")
        if r < 0.7:
            text = self.pick(
                S(
                    f"{self.c} hit another child at lunch. Fixed term suspension 1 day.",
                    "alone",
                ),
                S(f"Internal exclusion - {self.c} swore at staff.", "alone"),
                S("1 day FTE for throwing a chair.", "alone"),
            )
            etype = "education_exclusion"
            return Rec("school", d, text, etype, kind_col="Behaviour")
        if r < 0.88:
            text = self.pick(
                "SW rang for update, attendance and presentation given.",
                "Email from SW re core group date.",
                "Call to CAMHS about Tyler's referral - on waiting list.".replace(
                    "Tyler", self.s
                ),
                "Chronology sent to SW.",
            )
            return Rec("school", d, text, "information_sharing", kind_col="Info")
        text = self.pick(
            "Meeting with mum re reading support, home reading log agreed.",
            "Parents evening - mum came, discussed spelling.",
            f"{self.c} started nurture group.",
        )
        return Rec("school", d, text, "other", kind_col="Other")

    def _one_nursery(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.1:
            text = self.join(
                self.pick(
                    S(
                        f"{self.b} arrived with scratch on cheek, mum says the cat.",
                        "seen",
                    ),
                    S(
                        f"Bruise on {self.b}'s shin at drop off - mum said she fell at the park.",
                        "seen",
                    ),
                ),
                "Existing injury form signed by mum.",
            )
            return Rec("nursery", d, text, "injury", "baby")
        if r < 0.4:
            text = self.join(
                self.pick(
                    S(f"{self.b} nappy very full on arrival, sore bottom.", "seen"),
                    S(
                        f"{self.b} collected late (6.40pm), mum smelt of alcohol.",
                        "seen",
                    ),
                    S(f"{self.b} said 'daddy cross'.", "alone words"),
                    S(f"{self.b} very hungry at breakfast, ate 3 bowls.", "alone"),
                ),
                self.pick(
                    "Recorded, manager informed.",
                    "DSL rang SW.",
                    "",
                ),
            )
            return Rec("nursery", d, text, "education_concern", "baby")
        if r < 0.7:
            text = self.pick(
                f"{self.b} not in, no call.",
                f"{self.b} absent - mum rang, poorly.",
                f"{self.b} not attended all week, calls not answered.",
                f"{self.b} back after 2 weeks off.",
            )
            return Rec("nursery", d, text, "education_attendance", "baby")
        if r < 0.88:
            text = self.pick(
                f"Rang SW re {self.b}'s attendance.",
                "Email to HV about speech - 2 year check done?",
                S(f"SW called in to see {self.b}.", "alone"),
            )
            etype = "information_sharing"
            return Rec("nursery", d, text, etype, "baby")
        text = self.pick(
            f"{self.b} moved to toddler room.",
            "Key person changed.",
            "Funded hours started (2 year old offer).",
        )
        return Rec("nursery", d, text, "other", "baby")

    def _one_camhs(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.45:
            text = self.join(
                self.pick(
                    S(f"Choice appt with {self.s} and mum.", "seen spoken"),
                    S("Partnership session 3.", "seen spoken"),
                    S(f"Seen {self.s} in clinic.", "seen spoken"),
                    S(f"Telephone review with {self.s}.", "spoken"),
                ),
                self.pick(
                    "Low mood, sleeping 3-4 hrs. Risk assessment updated.",
                    "Denies current self harm. Safety plan reviewed.",
                    S("Talked about home, says mum's partner 'winds him up'.", "words"),
                    "Engaged better today.",
                ),
            )
            return Rec("camhs", d, text, "mental_health", "sib")
        if r < 0.7:
            text = self.join(
                self.pick("WNB.", "DNA.", f"{self.s} not brought to appt.", "DNA'd."),
                self.pick(
                    "Letter to mum and GP.",
                    "Second missed appt - discuss at MDT.",
                    "Rebooked.",
                ),
            )
            return Rec("camhs", d, text, "was_not_brought", "sib")
        if r < 0.9:
            text = self.pick(
                "Letter to GP following assessment.",
                "Call from YJS worker for update.",
                "Email to school SENCo.",
                "Consultation with SW re home situation.",
            )
            return Rec("camhs", d, text, "information_sharing", "sib")
        text = self.pick(
            "Discharged - not engaging.",
            "Closed after 3 WNB, GP informed.",
        )
        return Rec("camhs", d, text, "case_closure", "sib")

    def _one_substance(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.5:
            text = self.join(
                self.pick(
                    "Keywork session.",
                    "1:1 keywork.",
                    "Group - Alcohol awareness wk 2.",
                    "Prescriber review.",
                ),
                self.pick(
                    "Drinking 6-8 cans a day. Says he is cutting down.",
                    "UDS +ve cannabis.",
                    "Reports 2 weeks abstinent.",
                    "Talked about relationship with partner and kids.",
                ),
            )
            return Rec(
                "substance", d, text, "substance_misuse", "partner", kind_col="Keywork"
            )
        if r < 0.75:
            text = self.join(
                self.pick(
                    "DNAed.", "DNA.", "Did not attend keywork.", "No show for group."
                ),
                self.pick("Text reminder sent.", "OM informed.", "2nd DNA this month."),
            )
            return Rec(
                "substance", d, text, "was_not_brought", "partner", kind_col="DNA"
            )
        text = self.pick(
            "Email to OM with attendance summary.",
            "Letter to GP re script.",
            "Call from SW asking about engagement.",
        )
        return Rec(
            "substance", d, text, "information_sharing", "partner", kind_col="Liaison"
        )

    def _one_housing(self, d: dt.date) -> Rec:
        r = self.rng.random()
        if r < 0.45:
            text = self.pick(
                "Arrears £640. Letter sent.",
                "NOSP served for rent arrears.",
                "Repair reported: broken front door lock.",
                "ASB complaint from neighbour - noise late at night.",
                "Tenant rang re damp, job raised.",
                "Payment plan agreed £10/week.",
            )
            return Rec("housing", d, text, "housing", "mum", kind_col="Tenancy")
        if r < 0.6:
            text = self.pick(
                "Gas safety visit - no access. Card left.",
                "Visit, no answer. 2nd attempt.",
                "Appt for repairs - tenant not in.",
            )
            return Rec("housing", d, text, "no_access", "mum", kind_col="Visit")
        if r < 0.78:
            text = self.pick(
                "Tenancy visit. Property cluttered, smell of cannabis.",
                S(
                    "Home visit - tenant and 3 children present. Dog in kitchen.",
                    "seen",
                ),
                "Visited re ASB, tenant denies.",
            )
            return Rec("housing", d, text, "home_visit", "mum", kind_col="Visit")
        text = self.pick(
            "Email from SW asking for tenancy details.",
            "Info shared with police re ASB log.",
            "Call from probation re who lives at address.",
        )
        return Rec("housing", d, text, "information_sharing", "mum", kind_col="Contact")


# occurrence kinds and their weights (shared ones), then single-agency weights
SHARED = [
    ("domestic_callout", 10),
    ("core_group", 8),
    ("conference", 3),
    ("strategy", 3),
    ("school_concern", 8),
    ("referral_other", 4),
    ("joint_no_access", 3),
    ("month_move", 1),
    ("month_moved_in", 1),
    ("missing", 4),
    ("arrest", 3),
    ("marac", 2),
    ("joint_probation_substance", 4),
    ("cin_meeting", 3),
    ("same_day_visits", 6),
    ("team_around_family", 3),
    ("referral_early_help", 2),
    ("joint_dna", 2),
    ("joint_home_visit", 2),
]
SINGLE = [
    ("police", 10),
    ("csc", 14),
    ("probation", 12),
    ("yjs", 7),
    ("ambulance", 3),
    ("school", 12),
    ("nursery", 7),
    ("camhs", 6),
    ("substance", 6),
    ("housing", 6),
    ("earlyhelp", 7),
]
