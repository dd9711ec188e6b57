# ruff: noqa: E501  (wording: one account per line reads better than wrapped)
"""Corpus 3's family history: who did what, when, and how each agency wrote it.

Written from scratch for corpus 3 (held out): none of its wording comes from
sample_data/samplegen/, bench/corpus2/ or schemas/. Each occurrence is one real
thing that happened (a meeting, an incident, a visit); each agency that knew
of it writes its own account, in its own words, sometimes a day late, with
its own category code. The event type on each account is the taxonomy code a
reviewer would give that entry.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

PERIOD = (dt.date(2019, 1, 1), dt.date(2021, 6, 30))

# label in review.toml -> key used in the templates
PEOPLE = {
    "child": "Child C",
    "sib": "Sibling 1",
    "mum": "Mother",
    "partner": "Partner",
    "dad": "Father",
}

FAMILIES = [
    {
        "child": ("Mason", "Dawlish"),
        "sib": ("Chloe", "Dawlish"),
        "mum": ("Kerry", "Dawlish"),
        "partner": ("Ryan", "Tolley"),
        "dad": ("Gareth", "Finch"),
    },
    {
        "child": ("Alfie", "Maddox"),
        "sib": ("Tia", "Maddox"),
        "mum": ("Gemma", "Maddox"),
        "partner": ("Lee", "Carver"),
        "dad": ("Craig", "Sumner"),
    },
    {
        "child": ("Harley", "Brennan"),
        "sib": ("Lacey", "Brennan"),
        "mum": ("Stacey", "Brennan"),
        "partner": ("Jordan", "Pike"),
        "dad": ("Wayne", "Ashdown"),
    },
]


@dataclass
class Rec:
    """One agency's account of an occurrence."""

    agency: str
    day: dt.date  # the day the agency wrote down
    etype: str
    text: str
    person: str = "child"
    time: str = ""
    code: str = ""  # the agency's own category / step / contact type
    outcome: str = ""
    precision: str = "day"  # day, week or month as written
    approximate: bool = False
    true_day: dt.date | None = None
    planted: list[str] = field(default_factory=list)
    # what the truth files read (bench/corpus3/truth.py): an account the
    # agency only heard of afterwards (a notification, a contact received),
    # and the agency a call was made to when the words do not name it
    told_later: bool = False
    to: str = ""


class Filled(str):
    """An account's words, with the templates they were written from (the
    account's own first, then those of the values filled into it), so the
    truth files can read what each template plants (bench/corpus3/notes.py).
    The agency files are written from ``str(text)``: the words alone."""

    templates: tuple[str, ...]

    def __new__(cls, text: str, templates: tuple[str, ...]) -> Filled:
        obj = super().__new__(cls, text)
        obj.templates = templates
        return obj


def pick(rng: random.Random, options):
    return options[rng.randrange(len(options))]


class Story:
    """Accounts for one family; each method returns the accounts of one
    occurrence (or of several, for a single agency's entry)."""

    def __init__(self, rng: random.Random, family: dict[str, tuple[str, str]]):
        self.rng = rng
        f = family
        self.kind = ""  # the occurrence being told (set by the history)
        self.extra: dict[str, str] = {}
        self.n = {
            "c": f["child"][0],
            "s": f["sib"][0],
            "m": f["mum"][0],
            "p": f["partner"][0],
            "f": f["dad"][0],
            "ms": f"Ms {f['mum'][1]}",
            "mr": f"Mr {f['partner'][1]}",
            "pfull": f"{f['partner'][0]} {f['partner'][1]}",
            "mfull": f"{f['mum'][0]} {f['mum'][1]}",
        }

    # --- helpers -------------------------------------------------------------------
    def fill(self, text: str, **extra: str) -> str:
        self.extra = extra
        inner = tuple(t for v in extra.values() for t in getattr(v, "templates", ()))
        return Filled(text.format(**self.n, **extra), (str(text), *inner))

    def t(self, options, **extra: str) -> str:
        return self.fill(pick(self.rng, options), **extra)

    def clock(self, lo: int, hi: int) -> str:
        h = self.rng.randrange(lo, hi)
        return f"{h % 24:02d}:{self.rng.randrange(0, 60, 1):02d}"

    def later(self, d: dt.date, max_days: int = 1, weekdays: bool = True) -> dt.date:
        """The day an agency wrote it: the same day mostly, sometimes later."""
        out = d
        if self.rng.random() < 0.3:
            out = d + dt.timedelta(days=self.rng.randint(1, max_days))
        while weekdays and out.weekday() >= 5:
            out += dt.timedelta(days=1)
        return out

    def rec(self, agency: str, day: dt.date, etype: str, text: str, **kw) -> Rec:
        more = SHARED_MORE.get((self.kind, agency), [])
        if more and self.rng.random() < 0.5:
            # another worker's way of writing the same account
            text = self.fill(pick(self.rng, more), **self.extra)
        return Rec(agency, day, etype, text, **kw)

    # --- occurrences several agencies record ----------------------------------------
    def strategy(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        worry = pick(rng, ["bruising to {c}'s cheek", "DV in the home",
                           "{c} found alone in the flat", "disclosure by {s}",
                           "mark on {c}'s arm seen at nursery"])  # fmt: skip
        worry = self.fill(worry)
        recs = [
            self.rec(
                "csc",
                d,
                "strategy_discussion",
                self.t(
                    [
                        "Strategy discussion held via Teams. Present: SW, DS from PPU, HV, "
                        "school DSL. Concern: {w}. Threshold for s47 met - single agency "
                        "enquiry by CSC.",
                        "Strat held with police and health re {w}. Agreed joint s47, CP "
                        "medical to be arranged today.",
                        "Multi-agency strategy meeting (chaired by TM). Info shared by all "
                        "agencies re {w}. Outcome: s.47 enquiries to commence.",
                    ],
                    w=worry,
                ),
                code="STRAT",
                time=self.clock(9, 16),
            ),
            self.rec(
                "police",
                self.later(d),
                "strategy_discussion",
                self.t(
                    [
                        "Strategy discussion with CSC. PPU DS attended. Police checks "
                        "shared. Decision s47 - joint visit with SW.",
                        "Strat disc re {c}. Police to complete intel checks on {p}; no "
                        "criminal investigation at this stage.",
                        "Attended strat meeting re {w}. Record of discussion on Niche.",
                    ],
                    w=worry,
                ),
                code="Child Protection - Strategy",
                time=self.clock(9, 17),
            ),
        ]
        if rng.random() < 0.7:
            recs.append(
                self.rec(
                    "hv",
                    d,
                    "strategy_discussion",
                    self.t(
                        [
                            "HV took part in strategy discussion by phone. Shared last contact "
                            "and growth. Agreed s47.",
                            "Strategy meeting - HV attended. Concerns re {w} discussed. HV to "
                            "share health records with SW.",
                        ],
                        w=worry,
                    ),
                    code="Multi-agency",
                    person="child",
                )
            )
        if rng.random() < 0.5:
            recs.append(
                self.rec(
                    "school",
                    d,
                    "strategy_discussion",
                    self.t(
                        [
                            "DSL joined strategy discussion. Information given re {s}'s "
                            "attendance and presentation.",
                            "Strategy meeting call, DSL attended. School to monitor {s} and "
                            "report any disclosures.",
                        ]
                    ),
                    code="Safeguarding - multi agency",
                    person="sib",
                )
            )
        return [recs]

    def conference(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        initial = rng.random() < 0.45
        name = "ICPC" if initial else "RCPC"
        plan = pick(rng, ["neglect", "emotional harm", "physical harm"])
        outcome = (
            f"{self.n['c']} and {self.n['s']} made subject to CP plans under "
            f"category of {plan}."
            if initial
            else pick(
                rng,
                [
                    "CP plans to continue.",
                    "Plans continue, next RCPC in 6 months.",
                    "Agreed CP plans can end; step down to CIN.",
                ],
            )  # fmt: skip
        )
        recs = [
            self.rec(
                "csc",
                d,
                "cp_conference",
                self.t(
                    [
                        "{k} held. {o}",
                        "{k} - all agencies present except GP (report sent). {o}",
                        "{k}. Parents attended with advocate. {o}",
                    ],
                    k=name,
                    o=outcome,
                ),
                code=name,
                time=self.clock(9, 15),
            ),
            self.rec(
                "hv",
                d,
                "cp_conference",
                self.t(
                    [
                        "Attended {k}. HV report shared with parents beforehand. {o}",
                        "{k} attended - see minutes when received. {o}",
                    ],
                    k=name,
                    o=outcome,
                ),
                code="Conference",
            ),
        ]
        if rng.random() < 0.6:
            recs.append(
                self.rec(
                    "school",
                    d,
                    "cp_conference",
                    self.t(
                        [
                            "DSL attended {k} for {s}. {o}",
                            "{k} - school report submitted, DSL attended. {o}",
                        ],
                        k=name,
                        o=outcome,
                    ),
                    code="Safeguarding - multi agency",
                    person="sib",
                )
            )
        if rng.random() < 0.4:
            recs.append(
                self.rec(
                    "police",
                    self.later(d, 2),
                    "cp_conference",
                    self.t(
                        [
                            "Police report provided to {k}. Officer did not attend, duties.",
                            "PPU attended {k}. Police history shared.",
                        ],
                        k=name,
                    ),
                    code="Child Protection - Conference",
                )
            )
        if rng.random() < 0.4:
            recs.append(
                self.rec(
                    "drugs",
                    d,
                    "cp_conference",
                    self.t(
                        [
                            "Keyworker attended {k} for {m}'s children. Shared engagement "
                            "and test results.",
                            "Attended {k}. Reported {m} engaging well, last screen clear.",
                        ],
                        k=name,
                    ),
                    person="mum",
                    code="Multi-agency meeting",
                )
            )
        return [recs]

    def core_group(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        recs = [
            self.rec(
                "csc",
                d,
                "core_group",
                self.t(
                    [
                        "Core group meeting held at school. Plan reviewed - progress slow "
                        "on home conditions.",
                        "CG held. {m} attended, {p} did not. Actions updated.",
                        "Core group (virtual). Some progress, {m} attending Pathways.",
                    ]
                ),
                code="CG",
                time=self.clock(9, 16),
            ),
        ]
        if rng.random() < 0.8:
            recs.append(
                self.rec(
                    "hv",
                    d,
                    "core_group",
                    self.t(
                        [
                            "Core group attended. HV to increase visits to fortnightly.",
                            "Attended CG at school. Discussed {c}'s weight and routines.",
                        ]
                    ),
                    code="Multi-agency",
                )
            )
        if rng.random() < 0.6:
            recs.append(
                self.rec(
                    "school",
                    d,
                    "core_group",
                    self.t(
                        [
                            "Core group held in school. {s}'s attendance at 84% discussed.",
                            "CG - DSL attended. Uniform and lunches raised.",
                        ]
                    ),
                    code="Safeguarding - multi agency",
                    person="sib",
                )
            )
        if rng.random() < 0.4:
            recs.append(
                self.rec(
                    "housing",
                    self.later(d),
                    "core_group",
                    self.t(
                        [
                            "Attended core group meeting. Updated on repairs and rent account.",
                            "Core group - HO attended re property condition.",
                        ]
                    ),
                    code="Meeting",
                    person="mum",
                )
            )
        if rng.random() < 0.4:
            recs.append(
                self.rec(
                    "drugs",
                    d,
                    "core_group",
                    self.t(
                        [
                            "Core group meeting - keyworker attended and gave update on "
                            "{m}'s script.",
                            "CG attended, shared that {m} has missed 2 appts.",
                        ]
                    ),
                    code="Multi-agency meeting",
                    person="mum",
                )
            )
        return [recs]

    def cin_meeting(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        recs = [
            self.rec(
                "csc",
                d,
                "cin_meeting",
                self.t(
                    [
                        "CIN review meeting held. Plan to continue for 3 months.",
                        "CIN meeting. {m} engaging, agreed plan can step down at next "
                        "review if progress kept.",
                    ]
                ),
                code="CINM",
                time=self.clock(9, 16),
            ),
        ]
        if rng.random() < 0.7:
            recs.append(
                self.rec(
                    "school",
                    d,
                    "cin_meeting",
                    self.t(
                        [
                            "CIN meeting attended by DSL.",
                            "DSL at CIN review for {s}. School actions: breakfast club place.",
                        ]
                    ),
                    code="Safeguarding - multi agency",
                    person="sib",
                )
            )
        if rng.random() < 0.6:
            recs.append(
                self.rec(
                    "hv",
                    self.later(d),
                    "cin_meeting",
                    self.t(
                        [
                            "CIN review attended. HV to continue universal plus.",
                            "Child in need meeting - HV update given.",
                        ]
                    ),
                    code="Multi-agency",
                )
            )
        return [recs]

    def marac(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        text_csc = self.t(
            [
                "MARAC - {m} heard as high risk victim. Actions: CSC to update "
                "assessment.",
                "Case heard at MARAC. Safety plan, target hardening requested.",
            ]
        )
        recs = [
            self.rec(
                "police",
                d,
                "marac",
                self.t(
                    [
                        "MARAC meeting. Case heard, {p} perp. Police action: flag address.",
                        "MARAC - case discussed, high risk DASH. Marker placed on address.",
                    ]
                ),
                code="MARAC",
                person="mum",
            ),
            self.rec("csc", d, "marac", text_csc, code="MARAC", person="mum"),
        ]
        for agency, code, options in (
            ("hv", "Multi-agency", ["MARAC info shared by HV. Children under 5 in "
                                    "household.", "HV research for MARAC, attended."]),
            ("housing", "Meeting", ["MARAC - HO attended, offered sanctuary scheme.",
                                    "Attended MARAC. Management move discussed."]),
            ("probation", "MARAC", ["MARAC attended re {p}. Licence conditions "
                                    "shared.", "PP attended MARAC for {p}."]),
        ):  # fmt: skip
            if rng.random() < 0.55:
                person = "partner" if agency == "probation" else "mum"
                recs.append(self.rec(agency, d, "marac", self.t(options),
                                     code=code, person=person))  # fmt: skip
        return [recs]

    def domestic(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        hurt = rng.random() < 0.35
        tm = self.clock(19, 27)
        if tm < "06:00":
            d += dt.timedelta(days=1)
        recs = [
            self.rec(
                "police",
                d,
                "domestic_abuse",
                self.t(
                    [
                        "DV incident at home address. {m} reports {p} pushed her into the "
                        "door frame. Children present, asleep upstairs. DASH medium. "
                        "{p} left prior to arrival.",
                        "Call from neighbour - shouting and banging at address. Officers "
                        "attended, verbal argument between {m} and {p} only. {c} and {s} "
                        "seen. DASH standard. PPN submitted.",
                        "999 call from {m}: {p} drunk and threatening. {p} arrested for "
                        "common assault. DASH high - MARAC referral.",
                        "Domestic - {m} states {p} took her phone and would not let her "
                        "leave. Both children in the property. PPN to MASH.",
                    ]
                ),
                person="mum",
                time=tm,
                code="Domestic - Incident",
            ),
        ]
        if hurt:
            recs.append(
                self.rec(
                    "ambulance",
                    d,
                    "ambulance",
                    self.t(
                        [
                            "Call to address: adult female assaulted, facial injury. Police on "
                            "scene. Treated on scene, refused conveyance.",
                            "Cat 2 - female c/o head injury following alleged assault by "
                            "partner. Conveyed to ED.",
                        ]
                    ),
                    person="mum",
                    time=self.clock(int(tm[:2]), int(tm[:2]) + 1),
                    code="Assault",
                )
            )
        if rng.random() < 0.55:
            nxt = d + dt.timedelta(days=1)
            while nxt.weekday() >= 5:
                nxt += dt.timedelta(days=1)
            recs.append(
                self.rec(
                    "school",
                    nxt,
                    "domestic_abuse",
                    self.t(
                        [
                            "Op Encompass call from police: DA incident at home last night, "
                            "{s} present. Class teacher informed.",
                            "Operation Encompass notification received. {s} quiet in class, "
                            "offered time with ELSA.",
                        ]
                    ),
                    person="sib",
                    code="Domestic abuse",
                    time=self.clock(8, 10),
                    told_later=True,
                )
            )
        return [recs]

    def child_ed(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        tm = self.clock(8, 23)
        recs = [
            self.rec(
                "hospital",
                d,
                "ed_attendance",
                self.t(
                    [
                        "ED attendance - {c} brought by {m} with burn to hand, says pulled "
                        "a mug of tea over. Dressed, d/c. Safeguarding checklist done.",
                        "Attended Children's ED with {m}: fall from sofa, bump to forehead. "
                        "No LOC. Head injury advice given.",
                        "ED - {c} with bruise to upper arm, explanation vague. Paeds "
                        "review. Referral to MASH made.",
                        "Attended ED with high temp and cough. Dx viral. D/C home with "
                        "safety netting.",
                    ]
                ),
                time=tm,
                code="Paediatric ED",
            ),
        ]
        if rng.random() < 0.35:
            recs.append(self.rec("ambulance", d, "ambulance", self.t([
                "Call re 3yo with injury at home. Assessed and conveyed to ED with "
                "mother.",
                "Child, fall, mum worried. Obs normal. Conveyed to children's ED.",
            ]), time=self.clock(max(int(tm[:2]) - 1, 0), int(tm[:2])),
                code="Fall / injury"))  # fmt: skip
        return [recs]

    def joint_visit(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        other = pick(rng, ["hv", "police"])
        recs = [
            self.rec(
                "csc",
                d,
                "home_visit",
                self.t(
                    [
                        "Joint home visit with {o}. {c} seen and spoken with. Home cluttered, "
                        "no food in fridge.",
                        "Joint HV with {o}. Seen {c} in his bedroom. {m} tearful.",
                        "Visited with {o}, announced. Both children seen. Smell of cannabis.",
                    ],
                    o="HV" if other == "hv" else "police",
                ),
                code="CPV",
                time=self.clock(9, 17),
            ),
        ]
        if other == "hv":
            recs.append(
                self.rec(
                    "hv",
                    d,
                    "home_visit",
                    self.t(
                        [
                            "Joint visit with SW. {c} weighed, 14kg. Home conditions poor.",
                            "Home visit with social worker. Advice re safe sleep and routines.",
                        ]
                    ),
                    code="Home visit",
                )
            )
        else:
            recs.append(
                self.rec(
                    "police",
                    d,
                    "home_visit",
                    self.t(
                        [
                            "Joint visit with CSC under s47. Children seen. No offences "
                            "disclosed.",
                            "Attended address with SW. Checks on {p}, not present.",
                        ]
                    ),
                    code="Child Protection - Visit",
                )
            )
        return [recs]

    def referral(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        who = pick(rng, ["school", "school", "hv", "gp", "housing", "hospital"])
        reason = self.fill(pick(rng, [
            "{s} came in hungry and said there was no food at home",
            "{c} has a mark on his face",
            "{m} appeared under the influence at pick up",
            "neighbours report children left alone",
            "{s} said {p} hits mum",
        ]))  # fmt: skip
        texts = {
            "school": ("education", "Referral to MASH by DSL: {r}. Online form "
                       "completed.", "sib"),
            "hv": ("Referral", "Referral to MASH by HV: {r}.", "child"),
            "gp": ("Letter", "Safeguarding referral to children's services: {r}.",
                   "child"),
            "housing": ("Safeguarding", "Safeguarding concern raised with MASH: {r}.",
                        "child"),
            "hospital": ("Safeguarding", "Safeguarding team referral to MASH: {r}.",
                         "child"),
        }  # fmt: skip
        code, text, person = texts[who]
        if who == "school":
            code = "Safeguarding - referral"
        recs = [
            self.rec(
                who,
                d,
                "referral_csc",
                self.fill(text, r=reason),
                person=person,
                code=code,
            ),  # fmt: skip
            self.rec(
                "csc",
                self.later(d),
                "referral_csc",
                self.t(
                    [
                        "Contact received from {w}: {r}. MASH checks requested.",
                        "MASH contact from {w} re {r}. RAG amber.",
                        "Contact - {w} concern that {r}. Passed to duty team.",
                    ],
                    w={
                        "school": "Oakfield Primary",
                        "hv": "health visitor",
                        "gp": "GP",
                        "housing": "housing officer",
                        "hospital": "hospital",
                    }[who],
                    r=reason,
                ),
                code="CON",
                person=person,
                time=self.clock(9, 17),
                told_later=True,
            ),  # fmt: skip
        ]
        return [recs]

    def pro_meeting(self, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        recs = [
            self.rec(
                "csc",
                d,
                "professionals_meeting",
                self.t(
                    [
                        "Professionals meeting re lack of progress. Agreed to seek legal "
                        "advice.",
                        "Prof's meeting held - parents not invited. Discussed disguised "
                        "compliance.",
                    ]
                ),
                code="PM",
                time=self.clock(9, 16),
            ),
        ]
        for agency, options, person in (
            ("hv", ["Professionals meeting attended. Shared concern re missed "
                    "appointments.", "Attended profs meeting at CSC offices."], "child"),
            ("school", ["DSL at professionals meeting.", "Professionals meeting - "
                        "attendance data shared."], "sib"),
            ("drugs", ["Keyworker attended professionals meeting.", "Profs "
                       "meeting - update on {m}'s testing."], "mum"),
        ):  # fmt: skip
            if rng.random() < 0.6:
                recs.append(self.rec(agency, d, "professionals_meeting",
                                     self.t(options), person=person,
                                     code="Multi-agency"))  # fmt: skip
        return [recs]

    def three_way(self, d: dt.date) -> list[list[Rec]]:
        return [[
            self.rec("probation", d, "probation", self.t([
                "3-way with Pathways keyworker. {p} reports cutting down on "
                "alcohol.",
                "Joint appt with D&A worker. {p} engaging; next appt in 2/52.",
            ]), person="partner", code="Planned office visit"),
            self.rec("drugs", d, "substance_misuse", self.t([
                "Three-way meeting with probation. Alcohol use reviewed, AUDIT 19.",
                "Joint session with PP. Discussed relapse prevention.",
            ]), person="partner", code="Joint appointment"),
        ]]  # fmt: skip

    def arrest(self, d: dt.date) -> list[list[Rec]]:
        recs = [
            self.rec(
                "police",
                d,
                "criminal_justice",
                self.t(
                    [
                        "{p} arrested on warrant for breach of bail. Remanded to court.",
                        "{pfull} arrested for assault on {m}. Charged and bailed with "
                        "conditions not to contact.",
                        "{p} interviewed under caution re criminal damage. RUI.",
                    ]
                ),
                person="partner",
                time=self.clock(7, 23),
                code="Arrest",
            ),
        ]
        if self.rng.random() < 0.6:
            recs.append(self.rec("probation", self.later(d, 2), "criminal_justice",
                                 self.t([
                "Police notify {p} arrested. Enforcement being considered.",
                "Informed by police of arrest. Recall request submitted.",
            ]), person="partner", code="Other agency contact",
                told_later=True))  # fmt: skip
        return [recs]

    def call(self, d: dt.date) -> list[list[Rec]]:
        other = pick(self.rng, ["hv", "school", "gp", "drugs"])
        who = {"hv": "HV", "school": "DSL", "gp": "GP surgery", "drugs": "keyworker"}
        mine = {
            "hv": ("Call from SW asking for update on {c}. Last seen 3/52 ago.",
                   "Multi-agency", "child"),
            "school": ("Phone call from SW, attendance update given for {s}.",
                       "Communication", "sib"),
            "gp": ("Telephone call from social worker requesting info for "
                   "assessment.", "Third party", "child"),
            "drugs": ("SW rang for update. Consent in place. Told {m} last tested "
                      "positive for cocaine.", "Professional contact", "mum"),
        }  # fmt: skip
        text, code, person = mine[other]
        return [
            [
                self.rec(
                    "csc",
                    d,
                    "information_sharing",
                    self.t(
                        [
                            "Telephone call to {w} for update.",
                            "Spoke to {w} - info shared for assessment.",
                            "Case note: phoned {w}.",
                        ],
                        w=who[other],
                    ),
                    code="CN",
                    person=person,
                    time=self.clock(9, 17),
                    to=other,
                ),
                self.rec(
                    other,
                    d,
                    "information_sharing",
                    self.fill(text),
                    code=code,
                    person=person,
                ),  # fmt: skip
            ]
        ]

    # --- single-agency entries -----------------------------------------------------
    def single(self, agency: str, d: dt.date) -> list[list[Rec]]:
        rng = self.rng
        options = SINGLE_TEMPLATES[agency]
        etype, code, person, texts = options[rng.randrange(len(options))]
        kw = {}
        if agency in ("police", "ambulance"):
            kw["time"] = self.clock(0, 24)
        elif agency in ("csc", "school") or rng.random() < 0.3:
            kw["time"] = self.clock(8, 18)
        return [[self.rec(agency, d, etype, self.t(texts), code=code,
                          person=person, **kw)]]  # fmt: skip


# agency -> [(event type, agency's code, person, texts)]
SINGLE_TEMPLATES: dict[str, list[tuple[str, str, str, list[str]]]] = {
    "police": [
        ("police_incident", "Concern for safety", "child", [
            "Concern for welfare call - child heard crying for long periods. "
            "Attended, {m} present, child fine. No further police action.",
            "Report of 2 young children playing on the road unsupervised. Area "
            "search, children returned to {m}.",
        ]),
        ("police_incident", "ASB", "mum", [
            "ASB - complaint from neighbour re loud music and visitors at all "
            "hours. Words of advice.",
            "Neighbour dispute. Allegation of threats by {p}. No offences.",
        ]),
        ("domestic_abuse", "Domestic - Non crime", "mum", [
            "Verbal domestic between {m} and {p} reported by {m} by phone. "
            "Officers attended, {p} had left. DASH standard, PPN submitted.",
            "{m} called to say ex-partner {f} sending abusive texts. Advice given. "
            "Harassment warning considered.",
        ]),
        ("criminal_justice", "Custody / court", "partner", [
            "{p} appeared at magistrates court - pleaded guilty, community order "
            "12 months with RAR.",
            "{pfull} charged with possession with intent (Class B). Remanded.",
        ]),
        ("missing_episode", "Missing person", "sib", [
            "{s} reported missing by {m} at 21:30, returned 23:10 by own accord. "
            "Return interview requested.",
            "Missing episode: {s} not home from school. Located at friend's "
            "address. Low risk.",
        ]),
        ("information_sharing", "Intel", "partner", [
            "Intel log: {p} believed to be associating with known drug users. For info.",
            "Niche check requested by probation re {p}; result emailed to OM.",
        ]),
    ],
    "csc": [
        ("referral_csc", "CON", "child", [
            "Contact from anon caller: children being left home alone. Passed to "
            "MASH.",
            "PPN received from police re DA incident. MASH RAG green, NFA at "
            "this stage, letter to {m}.",
        ]),
        ("assessment", "CFA", "child", [
            "C&F assessment started. Allocated SW.",
            "Single assessment completed. Recommendation: CIN plan.",
            "Assessment authorised by TM - outcome CP enquiries.",
        ]),
        ("s47_enquiry", "S47", "child", [
            "S47 enquiry commenced following strategy discussion.",
            "Section 47 concluded - concerns substantiated. ICPC requested.",
        ]),
        ("home_visit", "CPV", "child", [
            "Statutory visit. {c} seen alone in his bedroom. Home cluttered.",
            "Unannounced visit. Both children seen. {p} present, would not engage.",
            "Home visit. {m} says {p} no longer visiting. Kitchen clean, food in.",
        ]),
        ("no_access", "CPV", "child", [
            "Unannounced visit - NA. Curtains drawn, calling card left.",
            "Visited, no answer at door. Text sent to {m}.",
        ]),
        ("case_closure", "CLOSE", "child", [
            "Case closed - NFA, no role for CSC.",
            "Stepped down to early help. Case closed to social care.",
        ]),
        ("information_sharing", "CN", "mum", [
            "Email to HV and school with update following visit.",
            "Email from probation: {p} released on licence, address to be "
            "confirmed.",
        ]),
        ("household_change", "CN", "mum", [
            "{m} told SW that {p} has moved back in with her and the children.",
            "{m} says she and {p} have separated, he is staying with his mum.",
        ]),
        ("cp_plan", "CPP", "child", [
            "CP plan ended. Children to be supported on CIN plan.",
        ]),
        ("escalation", "ESC", "child", [
            "Escalation received from school re decision to close. TM reviewed.",
        ]),
    ],
    "hospital": [
        ("outpatient", "Paediatric OPD", "child", [
            "Seen in paediatric clinic re weight faltering. Plotted 2nd centile. "
            "Review 3 months.",
            "Audiology clinic, hearing normal. Discharged.",
            "Community paediatrician review - speech delay, referred to SALT.",
        ]),
        ("was_not_brought", "Paediatric OPD", "child", [
            "WNB to paeds clinic. 2nd WNB - letter to GP and HV.",
            "Was not brought to dietetics appointment. Re-booked.",
        ]),
        ("ed_attendance", "Adult ED", "mum", [
            "{m} attended ED - overdose of paracetamol, 16 tablets. Seen by "
            "psych liaison. Children with grandmother.",
            "{m} in ED with hand injury, states fell. Routine enquiry re DA - "
            "declined.",
        ]),
        ("hospital_admission", "Ward", "child", [
            "Admitted to children's ward with bronchiolitis. Discharged after 2 "
            "nights.",
            "{c} admitted overnight for observation after head injury. D/C home.",
        ]),
        ("information_sharing", "Safeguarding team", "child", [
            "Safeguarding team liaison with HV re ED attendance.",
            "Discharge summary sent to GP and HV.",
        ]),
    ],
    "hv": [
        ("health_contact", "Developmental review", "child", [
            "2-2.5 yr review at clinic. ASQ: communication below cut off. "
            "Advice given.",
            "Universal plus contact. Weight 13.2kg. Teeth brushing discussed.",
            "Growth check in clinic, weight tracking 9th centile.",
        ]),
        ("home_visit", "Home visit", "child", [
            "HV home visit. {c} playing, appropriately dressed. {m} low in mood.",
            "Visit at home - {p} present. Dog not kept separate from {c}.",
        ]),
        ("no_access", "Home visit", "child", [
            "Visit - no access. Card left. Will try again next week.",
            "Planned visit, no reply. Phoned {m}, no answer.",
        ]),
        ("was_not_brought", "Clinic", "child", [
            "WNB to clinic for 2 year review. Letter sent to parent.",
            "DNA immunisation appointment - {c} not brought. GP informed.",
        ]),
        ("information_sharing", "Telephone", "mum", [
            "Phoned GP to share concern re {m}'s mood.",
        ]),
        ("referral_other", "Referral", "child", [
            "Referral to SALT made with {m}'s consent.",
            "Referred to children's centre for stay and play.",
        ]),
    ],
    "gp": [
        ("gp_consultation", "Face to face", "child", [
            "Seen with {m}. 4/7 cough and fever. Chest clear. Calpol, safety "
            "netting.",
            "Rash on trunk. Viral. Reassured.",
            "Eczema review. Emollients reissued.",
        ]),
        ("gp_consultation", "Telephone consultation", "mum", [
            "Tel cons - {m} low mood, poor sleep. PHQ9 18. Sertraline started.",
            "Medication review by telephone. Says drinking 'a bit'.",
        ]),
        ("was_not_brought", "DNA", "child", [
            "WNB - 8 wk imms. Letter sent.",
            "Did not attend booked appointment. Recall letter.",
        ]),
        ("referral_other", "Referral", "mum", [
            "Referred to talking therapies (IAPT).",
            "Referral to Pathways D&A service.",
        ]),
        ("information_sharing", "Correspondence", "child", [
            "Letter from ED: attendance, burn to hand. Filed, coded safeguarding.",
            "Request for GP report for case conference. Report sent.",
        ]),
    ],
    "housing": [
        ("housing", "Rent", "mum", [
            "Rent arrears now 1,240. Letter sent offering payment plan.",
            "NOSP served for rent arrears.",
            "Tenancy warning letter re noise complaints from neighbours.",
        ]),
        ("home_visit", "Visit", "mum", [
            "Tenancy visit. Property in poor condition, dog mess in garden. "
            "Children's bedroom bare.",
        ]),
        ("no_access", "Visit", "mum", [
            "Tenancy audit visit - no access. Card left.",
            "Gas safety check - no access, 2nd attempt.",
        ]),
        ("household_change", "Tenancy", "mum", [
            "{m} asked to add {p} to the tenancy. Declined, advised re housing "
            "benefit.",
            "Neighbour says a man is living at the property.",
        ]),
        ("referral_other", "Support", "mum", [
            "Referral to tenancy sustainment officer for budgeting support.",
        ]),
    ],
    "drugs": [
        ("substance_misuse", "Keywork", "mum", [
            "Keywork session. {m} reports using crack 2-3 times a week. Harm "
            "reduction advice, naloxone given.",
            "Script review, methadone 40ml. Urine screen positive for cocaine.",
            "1:1 session. {m} says she has not used for 3 weeks. Negative test.",
        ]),
        ("was_not_brought", "Keywork", "mum", [
            "DNA keywork appointment. Text sent.",
            "Did not attend - 3rd in a row. Discharge letter to be considered.",
        ]),
        ("case_closure", "Discharge", "mum", [
            "Discharged from service due to non-engagement. GP informed.",
        ]),
        ("information_sharing", "Professional contact", "mum", [
            "Email to SW with test results.",
            "Liaison with GP re prescribing.",
        ]),
        ("referral_other", "Referral in", "mum", [
            "Referral received from GP for {m}. Triage booked.",
        ]),
    ],
    "probation": [
        ("probation", "Planned office visit", "partner", [
            "Supervision appt. {p} attended on time. Discussed relationship with "
            "{m} - says they are just friends.",
            "Office visit. Completed session 4 of BBR. Drug test negative.",
            "Supervision: {p} states he is living at his mother's address.",
        ]),
        ("was_not_brought", "Failed to attend", "partner", [
            "FTA supervision. Warning letter issued.",
            "{p} did not attend, no acceptable reason. 1st warning.",
        ]),
        ("information_sharing", "Other agency contact", "partner", [
            "DV checks with police: 3 call outs to {m}'s address.",
            "Safeguarding check with children's services - children on CP plan.",
        ]),
        ("criminal_justice", "Court", "partner", [
            "{p} sentenced: 18 months, suspended for 2 years, 20 RAR days.",
            "Released on licence from HMP. Licence conditions: not to contact {m}.",
        ]),
    ],
    "school": [
        ("education_attendance", "Attendance", "sib", [
            "{s}'s attendance 82% this half term. Letter to parent.",
            "First day absence call - no reason given. Home visit by FSW.",
            "Attendance meeting with {m}, EWO present. Improvement plan agreed.",
        ]),
        ("education_concern", "Safeguarding - concern", "sib", [
            "{s} came in without coat, hungry. Breakfast provided.",
            "{s} said 'mum and {p} were shouting all night'. Logged, DSL aware.",
            "Bruise noted on {s}'s shin, says fell on trampoline. Monitor.",
        ]),
        ("education_concern", "Safeguarding - concern", "child", [
            "{c} (nursery class) collected late by {p}, smelt of alcohol. DSL "
            "informed.",
        ]),
        ("education_exclusion", "Behaviour", "sib", [
            "{s} given 1 day suspension for hitting a member of staff.",
        ]),
        ("information_sharing", "Communication", "sib", [
            "Email to SW with attendance figures.",
            "Info requested by HV about {c}; shared with consent.",
        ]),
    ],
    "ambulance": [
        ("ambulance", "Mental health", "mum", [
            "Call from {m}, reports taking tablets. Conveyed to ED.",
        ]),
        ("ambulance", "Breathing", "child", [
            "Call from mum - child with breathing difficulty. Treated at home, "
            "advised GP.",
        ]),
    ],
}  # fmt: skip

# more accounts of the same kinds, in other hands and moods: a short line from
# one worker, a long note from another, as a real chronology mixes them
EXTRA_TEMPLATES: dict[str, list[tuple[str, str, str, list[str]]]] = {
    "police": [
        ("police_incident", "Concern for safety", "child", [
            "Call from member of public - toddler at upstairs window, window wide open. "
            "Officers attended, {m} asleep on sofa, woken. Words of advice re supervision. "
            "PPN submitted.",
            "Welfare check requested by CSC as SW unable to gain access. Officers attended "
            "21:15, {m} and both children present and safe.",
            "Anonymous report children left home alone. Attended - {s} (10) looking after "
            "{c}. {m} returned 20 mins later from shop.",
        ]),
        ("police_incident", "Crime - theft / damage", "mum", [
            "Crime report: {m} reports her car window smashed outside address. "
            "No suspects, NFA pending further information.",
            "Report of criminal damage to front door of address. {m} believes it was "
            "youths from the next street. No evidence, filed.",
        ]),
        ("police_incident", "Crime - assault", "sib", [
            "{s} reported assaulted by older girl on way home from school. Statement "
            "taken with {m} present.",
        ]),
        ("domestic_abuse", "Domestic - Incident", "mum", [
            "DA. {m} rang 101 to report {p} outside shouting and kicking door. Left "
            "before police arrival. DASH completed - standard. Children present.",
            "Domestic incident - {p} reports {m} threw a plate at him. Both intoxicated. "
            "Counter allegations, no further action. PPN x2 (both children).",
            "DV - {m} attended front counter to report {p} has been controlling money "
            "and phone. Coercive control crime recorded.",
        ]),
        ("criminal_justice", "Custody / court", "partner", [
            "{p} in custody for drink driving. Charged, court date set.",
            "Remand hearing - {p} remanded in custody to Crown Court.",
            "Bail conditions for {pfull}: not to enter street of {m}'s address.",
        ]),
        ("missing_episode", "Missing person", "sib", [
            "MFH report: {s}, aged 10, left home after argument with {p}. Found by "
            "officers in park 2 hrs later. Return home interview referral sent.",
        ]),
    ],
    "csc": [
        ("referral_csc", "CON", "child", [
            "Contact from ED: {c} attended with burn, delay in presentation. Progress "
            "to C&F assessment.",
            "Contact received from police (PPN) following DV at address; 3rd in 6 "
            "months. MASH to gather info from partners.",
            "Re-referral from school. Previous closure NFA 4 months ago. Strategy "
            "discussion to be convened.",
            "Contact from maternal grandmother worried about {m}'s drinking. Advice "
            "given, MASH checks.",
        ]),
        ("assessment", "CFA", "child", [
            "Assessment visit - spoke with {m} about history and support network. {p} "
            "declined to take part.",
            "C&F assessment completed day 38 - outcome CIN plan, allocated to long "
            "term team.",
            "Single assessment in progress; genogram and ecomap completed with {m}.",
        ]),
        ("s47_enquiry", "S47", "child", [
            "S47 enquiries: {c} seen and examined by SW with {m}'s consent; photos of "
            "bruise taken.",
            "Outcome of s47: concerns not substantiated but child at risk of "
            "significant harm - CIN.",
            "S.47 visit, spoke to {s} alone at school about home.",
        ]),
        ("home_visit", "CINV", "child", [
            "CIN visit. {m} tired, house tidier than last time. {c} watching TV, "
            "nappy wet through.",
            "Announced visit, {p} answered door. {c} seen asleep in cot. No concerns "
            "noted on this occasion.",
            "Home visit with family support worker; routines chart agreed with {m}.",
            "Visit after school. {s} showed SW her bedroom, new bed delivered.",
        ]),
        ("no_access", "CINV", "child", [
            "Attempted home visit, no response. Neighbour said family away at "
            "grandmother's.",
            "NA on visit. Dog barking, no one came to door. Will return tomorrow.",
        ]),
        ("case_closure", "CLOSE", "child", [
            "Closure summary: CIN plan ended, progress sustained. NFA.",
            "MASH outcome: NFA by CSC, advice and signposting to {m}.",
            "Case closed following CIN review - step down to universal services.",
        ]),
        ("looked_after", "LAC", "child", [
            "{c} and {s} placed with maternal grandmother under s20 for one week "
            "while {m} in hospital.",
        ]),
        ("household_change", "CN", "mum", [
            "New partner disclosed: {m} says she is seeing {pfull}. Checks requested.",
        ]),
        ("case_closure", "EH", "child", [
            "Step down to Early Help - TAF meeting arranged with school.",
        ]),
    ],
    "hospital": [
        ("outpatient", "Paediatric OPD", "child", [
            "Paeds OPD: weight 12.1kg (2nd-9th centile). Dietetic advice. {m} "
            "attended with {c}, engaged well.",
            "Seen in ophthalmology clinic - squint. Glasses prescribed.",
            "ENT clinic: recurrent tonsillitis, listed for tonsillectomy.",
        ]),
        ("was_not_brought", "Paediatric OPD", "child", [
            "WNB/DNA - paediatric follow up. Safeguarding WNB policy followed, "
            "letter to GP, HV informed.",
            "{c} not brought to ENT clinic. 3rd missed appt. Discussed with "
            "safeguarding team.",
        ]),
        ("ed_attendance", "Paediatric ED", "child", [
            "Children's ED: {c} ingested one of mum's tablets (sertraline). Obs 4 "
            "hrs, medically fit. Referral to HV and MASH.",
            "ED - {c} with finger trapped in door. X-ray NAD. Explanation consistent.",
        ]),
        ("ed_attendance", "Adult ED", "mum", [
            "{m} brought in by ambulance intoxicated, GCS 14. Discharged self "
            "next morning. Children's whereabouts not recorded.",
        ]),
        ("hospital_admission", "Ward", "mum", [
            "{m} admitted to ward 12 with pancreatitis (alcohol related). "
            "Discharged 4 days later.",
        ]),
        ("cp_medical", "Child protection medical", "child", [
            "CP medical by consultant paediatrician: bruising to left cheek "
            "consistent with a slap. Skeletal survey not indicated.",
            "Child protection medical - marks on back. Opinion: non-accidental "
            "injury cannot be excluded.",
        ]),
        ("mental_health", "Psychiatric liaison", "mum", [
            "Psychiatric liaison assessment of {m} following OD. Low risk, "
            "referred to crisis team.",
        ]),
    ],
    "hv": [
        ("health_contact", "Telephone", "child", [
            "Telephone contact with {m} - she asked for help with {c}'s sleep. Sleep "
            "diary posted.",
            "Phone call to {m} to rebook missed review. Agreed clinic next week.",
        ]),
        ("health_contact", "Developmental review", "child", [
            "3 yr review. Speech: few words, not combining. Referred to SALT. {m} "
            "reports {c} 'a handful'.",
            "Weighed at drop-in clinic: 12.8kg. {m} says {c} eating well.",
            "Contact at children's centre. {c} playing alongside others, good eye "
            "contact.",
        ]),
        ("home_visit", "Home visit", "child", [
            "Targeted visit at home. Stairgate missing, discussed home safety. "
            "{c} clean and appropriately dressed. {m} says {p} moved out.",
            "Home visit: smell of cannabis in flat. {m} denies use. SW informed.",
        ]),
        ("was_not_brought", "Clinic", "child", [
            "WNB/DNA for 27 month check - 2nd time. Escalated to named nurse.",
        ]),
        ("information_sharing", "Telephone", "child", [
            "Email from SW: {c} now on CIN plan. HV caseload updated to universal "
            "partnership plus.",
            "Liaison with GP: {m} prescribed antidepressants.",
        ]),
    ],
    "gp": [
        ("gp_consultation", "Face to face", "child", [
            "Seen with mum. Ear pain 2/7. O/E R TM red, bulging. Amoxicillin.",
            "Bruise on shin seen at consultation for cough. Mum says playground. "
            "Consistent, no further action.",
            "Constipation. Movicol. Diet advice given to {m}.",
        ]),
        ("gp_consultation", "Face to face", "mum", [
            "{m} - anxiety, not sleeping, worried about money. Signposted to "
            "Citizens Advice. Declined medication.",
            "Pill check. Smoker 15/day. Asked re home safety - says fine.",
            "Alcohol: AUDIT-C 9. Brief intervention, leaflet for Pathways.",
        ]),
        ("gp_consultation", "Telephone consultation", "partner", [
            "Tel cons {p}: back pain, requests codeine. Declined, physio referral.",
        ]),
        ("was_not_brought", "DNA", "mum", [
            "DNA - smear recall. Letter.",
            "{m} did not attend medication review. 2nd DNA.",
        ]),
        ("information_sharing", "Correspondence", "child", [
            "Letter received: WNB to paediatric clinic. Coded, alert added.",
            "Notification from CSC - {c} subject to CP plan. Alert on record.",
            "HV liaison meeting - discussed family, concerns re {m}'s mood.",
        ]),
    ],
    "housing": [
        ("housing", "Rent", "mum", [
            "Phone call from {m} re rent account - UC payment delayed. Direct "
            "payment to landlord (APA) requested.",
            "Possession hearing adjourned on terms. Arrears \u00a3980.",
            "Complaint from neighbour: shouting late at night and door slamming. "
            "ASB case opened.",
        ]),
        ("housing", "Repairs", "mum", [
            "Repairs: broken front door lock reported by {m}; emergency job raised.",
            "Repairs inspection visit - damp in children's room. Works ordered.",
        ]),
        ("home_visit", "Visit", "mum", [
            "Unannounced tenancy visit with TSO. Rubbish bags in hallway, strong "
            "smell. Children not seen, at school.",
            "Visited - {m} present with {c}. Discussed tenancy conditions and "
            "visitors to property.",
        ]),
        ("household_change", "Tenancy", "mum", [
            "{m} reports {p} now living with her. Advised to tell UC.",
            "{m} says {p} has moved out following police involvement.",
        ]),
    ],
    "drugs": [
        ("substance_misuse", "Keywork", "mum", [
            "Assessment appt with {m}: alcohol daily, approx 1 bottle wine, "
            "occasional cocaine at weekends. Children cared for by grandmother when "
            "using. Plan: community detox to be discussed.",
            "Group session attended (SMART recovery).",
            "Breathalyser 0.00. {m} positive about progress, reports support from "
            "mother.",
            "Telephone keywork due to Covid. {m} says using 'on and off'.",
        ]),
        ("substance_misuse", "Keywork", "partner", [
            "Keywork with {p}: alcohol 20 units a day, declines detox. Discussed "
            "impact on children in household.",
        ]),
        ("was_not_brought", "Keywork", "mum", [
            "DNA. Rang {m} - no answer. Voicemail left.",
            "WNB/DNA x2 this month - letter sent re engagement.",
        ]),
        ("information_sharing", "Professional contact", "mum", [
            "Phone call from HV - shared that {m} has relapsed.",
            "Update emailed to probation re {p}'s attendance.",
        ]),
    ],
    "probation": [
        ("probation", "Planned office visit", "partner", [
            "Supervision. {p} arrived 40 mins late, smelt of alcohol. Session "
            "rearranged.",
            "Induction appointment. Licence conditions explained, {p} signed.",
            "Supervision by phone (Covid). {p} states relationship with {m} is over.",
        ]),
        ("home_visit", "Home visit", "partner", [
            "Home visit to {p}'s approved address - his mother present. Room seen.",
        ]),
        ("was_not_brought", "Failed to attend", "partner", [
            "{p} FTA - 2nd unacceptable absence. Breach proceedings started.",
        ]),
        ("information_sharing", "Other agency contact", "partner", [
            "Police DV unit call-out info shared: {p} named in 2 incidents at {m}'s "
            "address.",
            "Email to SW re {p}'s risk assessment (RoSH medium to children).",
        ]),
        ("criminal_justice", "Court", "partner", [
            "Breach hearing: order continued with 10 extra RAR days.",
            "Recalled to custody. {p} arrested at {m}'s address.",
        ]),
    ],
    "school": [
        ("education_attendance", "Attendance", "sib", [
            "{s} late 6 times this month. Parent spoken to at gate.",
            "Persistent absence letter sent - attendance 78%.",
            "{s} not in, mum rang: 'sickness'. 4th Monday absence this term.",
        ]),
        ("education_concern", "Safeguarding - concern", "sib", [
            "{s} disclosed that {p} 'grabbed her arm' last night. DSL spoke to {s}, "
            "MASH consulted.",
            "{s} wearing same clothes all week, hair not brushed. Uniform from "
            "lost property given.",
            "Staff noticed {s} hiding food from lunch in bag. Logged.",
            "{s} upset in class, said she doesn't want to go home because of the "
            "shouting.",
        ]),
        ("education_concern", "Safeguarding - concern", "child", [
            "{c} (nursery) has scratch on cheek, {m} says the dog. Photographed "
            "and logged.",
        ]),
        ("education_exclusion", "Behaviour", "sib", [
            "Fixed term exclusion 2 days - {s} threw chair in class.",
            "Internal exclusion, then sent home for rest of day after fighting.",
        ]),
        ("information_sharing", "Communication", "sib", [
            "Call to HV re {c} (nursery) - concern about speech.",
            "Records transferred to SW on request.",
        ]),
        ("referral_other", "Early help", "sib", [
            "Referral to school nurse re {s}'s weight and hygiene.",
            "Early Help referral made with {m}'s consent - support with routines.",
        ]),
    ],
    "ambulance": [
        ("ambulance", "Falls", "child", [
            "Child fell down stairs at home. Crew assessed, no injury found. "
            "Left at home with {m}; stairgate advice.",
        ]),
        ("ambulance", "Unconscious / fainting", "mum", [
            "Female found collapsed in kitchen by 10 yr old daughter, who rang 999. "
            "Intoxicated. Conveyed to ED. Children left with neighbour.",
        ]),
    ],
}  # fmt: skip
for _agency, _more in EXTRA_TEMPLATES.items():
    SINGLE_TEMPLATES[_agency] += _more

# occurrence kind -> weight
SHARED = {
    "strategy": 3,
    "conference": 2,
    "core_group": 3,
    "cin_meeting": 1.5,
    "marac": 1,
    "domestic": 3,
    "child_ed": 1.5,
    "joint_visit": 1.5,
    "referral": 2,
    "pro_meeting": 1,
    "three_way": 0.7,
    "arrest": 1,
    "call": 2,
}
SINGLE = {
    "csc": 5,
    "police": 3,
    "hospital": 2,
    "hv": 4,
    "gp": 3,
    "housing": 2,
    "drugs": 2,
    "probation": 2,
    "school": 4,
    "ambulance": 0.6,
}
MEETINGS = {
    "strategy",
    "conference",
    "core_group",
    "cin_meeting",
    "marac",
    "pro_meeting",
}
ANY_DAY = {"domestic", "child_ed", "arrest"}

# type-neutral follow-ups an agency adds to a note, so texts repeat less
TAILS = {
    "csc": ["Discussed in supervision.", "Chronology updated.", "Mosaic updated.",
            "Next statutory visit within 10 working days.", "TM aware."],
    "police": ["Niche updated.", "Log closed.", "Supervisor reviewed.",
               "Markers checked.", "BWV recorded."],
    "hospital": ["Seen by registrar.", "Obs within normal range.",
                 "Safeguarding checklist completed.", "Notes scanned."],
    "hv": ["Plan: review in 4/52.", "Records updated on SystmOne.",
           "Advice leaflet given.", "Discussed at HV supervision."],
    "gp": ["Safety netting advice.", "Review if not settling.", "Coded."],
    "housing": ["Case note added.", "Diary for follow up in 14 days.",
                "Manager informed."],
    "drugs": ["Care plan reviewed.", "Risk assessment updated.",
              "Next appt 1/52."],
    "probation": ["OASys to be reviewed.", "Next appt 1/52.", "SPO aware."],
    "school": ["CPOMS alert to DSL.", "Parents informed.",
               "Class teacher to monitor."],
    "ambulance": ["Care record left.", "Safeguarding referral considered."],
}  # fmt: skip

# (occurrence kind, agency) -> other ways that agency writes its account; the
# fields are those the account's own wording has ({w} the worry, {k} the
# conference, {o} its outcome or the other agency, {r} the reason)
SHARED_MORE: dict[tuple[str, str], list[str]] = {
    ("strategy", "csc"): [
        "Strategy discussion. Attendees: SW, TM (chair), DC from CAIT, named nurse, "
        "DSL. Information shared: {w}; 3 previous contacts to MASH; {p} has "
        "history of violence. Decision: s47 enquiry (joint), visit today, CP "
        "medical if marks seen. Safety plan: {m} to keep {p} away from home.",
        "Strat - {w}. s47 agreed. Police to interview {m}.",
        "S.47 strategy meeting held by phone at 14:00 due to {w}. Agreed all "
        "agencies to share information; SW and police to visit jointly.",
    ],
    ("strategy", "police"): [
        "CAIT: strategy discussion attended re {w}. Joint investigation, "
        "ABE interview of {s} to be considered.",
        "Strat meeting - outcome s47 single agency (CSC). No police action.",
    ],
    ("strategy", "hv"): [
        "Strategy discussion - named nurse and HV took part. Health information "
        "shared re {w}.",
    ],
    ("strategy", "school"): [
        "Strat meeting with SW and police, DSL attended. Shared disclosure log.",
    ],
    ("conference", "csc"): [
        "{k} chaired by IRO. Agencies present: HV, school, police, Pathways. "
        "{m} attended, {p} sent apologies. {o}",
        "Child protection conference ({k}). {o} Core group to meet within 10 "
        "working days.",
    ],
    ("conference", "hv"): [
        "Child protection conference - HV attended and shared report. {o}",
    ],
    ("conference", "school"): [
        "Child protection conference ({k}) attended by deputy DSL. {o}",
    ],
    ("core_group", "csc"): [
        "Core group meeting: attended by SW, HV, DSL, keyworker. {m} present. "
        "Actions: HV to do weekly weights, school to monitor, {m} to attend "
        "Pathways. Next CG in 4 weeks.",
        "CG held late (4pm) as SW in court. Brief update only.",
        "Core group. {p} attended for first time, hostile. Plan reviewed.",
    ],
    ("core_group", "hv"): [
        "Core group meeting at CSC offices - HV gave update, {c} growing well.",
    ],
    ("core_group", "school"): [
        "DSL attended core group; reported {s} more settled in class.",
    ],
    ("cin_meeting", "csc"): [
        "CIN review. Attendees: SW, {m}, DSL, HV. Plan updated: parenting course, "
        "{p} to engage with Pathways. Review in 3 months.",
        "Child in need meeting held at home.",
    ],
    ("domestic", "police"): [
        "Domestic incident. Call from {s} (aged 10) to 999 saying mum and {p} "
        "fighting. On arrival {m} had red mark to neck, declined to make a "
        "statement. {p} arrested for assault (s.39). DASH high - referral to "
        "MARAC and IDVA. PPN submitted for both children.",
        "DA - third party call. Attended, all parties deny anything happened. "
        "DASH refused by {m}. Children seen, safe and well.",
        "Verbal DV, {m} wanted {p} removed. {p} left willingly to his mother's. "
        "Standard risk.",
    ],
    ("domestic", "school"): [
        "Encompass: police attended DV at home yesterday evening, {s} present. "
        "DSL checked in with {s} at start of day.",
    ],
    ("child_ed", "hospital"): [
        "Paeds ED. 3yo brought by {m} 4hrs after fall from bunk bed, swollen "
        "wrist. X-ray: buckle fracture. Delay in presentation noted, discussed "
        "with safeguarding nurse.",
        "ED attendance: {c} vomiting and D&V. Rehydrated, home.",
    ],
    ("joint_visit", "csc"): [
        "Joint visit with {o} as part of s47. {m} shown marks on {c}'s arm; "
        "explanation: fell off scooter. Photographs taken.",
    ],
    ("referral", "school"): [
        "MASH referral sent by DSL - {r}.",
    ],
    ("referral", "csc"): [
        "MASH: contact received ({w}) - {r}. Checks with police and health "
        "requested. Decision within 24 hrs.",
        "Referral from {w}: {r}. TM decision - C&F assessment.",
    ],
    ("call", "csc"): [
        "Phone call with {w}, information shared about family and recent concerns.",
    ],
    ("arrest", "police"): [
        "{p} arrested at {m}'s address for breach of non-molestation order. "
        "Interviewed, charged, remanded for court.",
    ],
    ("pro_meeting", "csc"): [
        "Professionals meeting. Concerns re drift; agreed to escalate to legal "
        "gateway meeting.",
    ],
}
