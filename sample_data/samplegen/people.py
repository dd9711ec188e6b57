"""The review itself, drawn from the seed: period, people and agencies.

Every name, place and agency here is invented. The files use the review's
agreed names (Child A, Mother, ...); the aliases are the fictional "real"
names that slip into some entries, as they do in real chronologies.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

CHILD_NAMES = ["Lily-Mae", "Ava", "Poppy", "Isla", "Freya", "Evie", "Ruby", "Maisie"]
SIBLING_NAMES = ["Tyler", "Mason", "Riley", "Kai", "Jayden", "Alfie", "Logan"]
MOTHER_NAMES = ["Kerry", "Jade", "Stacey", "Chelsea", "Danielle", "Leanne", "Zoë"]
SURNAMES = ["Carter", "Walsh", "Hughes", "Pearce", "Mellor", "Ashworth", "Burrows"]
PARTNERS = ["Jordan Reece", "Kyle Mason", "Dean Fletcher", "Liam Barker", "Reece Hart"]
FATHERS = ["Daniel Price", "Craig Holt", "Ryan Shaw", "Lee Marsden", "Gary Lowe"]
GRANDMOTHERS = ["Carol", "Sandra", "Julie", "Tracey", "Lorraine"]
# Real-looking names of people the review does not list (planted: real_name).
STRANGERS = ["Brenda Hollis", "Shannon Doyle"]


@dataclass(frozen=True)
class Person:
    label: str
    role: str
    dob: dt.date
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class AgencyInfo:
    key: str
    name: str
    kind: str
    pattern: str


AGENCIES: tuple[AgencyInfo, ...] = (
    AgencyInfo("police", "Wexmoor Police", "police", "Wexmoor_Police_chronology*.xlsx"),
    AgencyInfo(
        "csc",
        "Wexmoor Children's Social Care",
        "childrens_social_care",
        "CSC_chronology_Child_A*.xlsx",
    ),
    AgencyInfo(
        "hospital",
        "Fenbridge Hospitals NHS Foundation Trust",
        "hospital",
        "Fenbridge_Hospitals_chronology*.docx",
    ),
    AgencyInfo(
        "hv",
        "Wexmoor 0-19 Health Visiting Service",
        "health_visiting",
        "HV_0-19_chronology*.docx",
    ),
    AgencyInfo(
        "gp", "Castle Lane Surgery", "gp", "Castle_Lane_Surgery_GP_extract*.csv"
    ),
    AgencyInfo(
        "school",
        "Brookfield Primary School",
        "education",
        "Brookfield_Primary_safeguarding_log*.csv",
    ),
    AgencyInfo(
        "midwifery",
        "Fenbridge Community Midwifery",
        "midwifery",
        "Community_Midwifery_chronology*.xlsx",
    ),
    AgencyInfo(
        "amh",
        "Wexmoor Adult Mental Health Service",
        "adult_mental_health",
        "Adult_Mental_Health_chronology*.docx",
    ),
    AgencyInfo("housing", "Wexmoor Homes", "housing", "Wexmoor_Homes_housing*.csv"),
    AgencyInfo(
        "idva",
        "Wexmoor Domestic Abuse Service (IDVA)",
        "domestic_abuse",
        "IDVA_service_chronology*.xlsx",
    ),
)
AGENCY = {a.key: a for a in AGENCIES}


@dataclass(frozen=True)
class Review:
    name: str
    period_start: dt.date
    period_end: dt.date
    people: tuple[Person, ...]
    labels: dict[str, str] = field(default_factory=dict)  # short key -> label

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.period_end - self.period_start).days + 1

    def day(self, t: int) -> dt.date:
        return self.period_start + dt.timedelta(days=t)

    def t(self, day: dt.date) -> int:
        return (day - self.period_start).days

    def person(self, label: str) -> Person:
        return next(p for p in self.people if p.label == label)


def make_review(seed: int, birth_offset: int) -> Review:
    """Period and people for a seed; Child A is born ``birth_offset`` days in."""
    rng = random.Random(seed * 7919 + 17)
    start = dt.date(2017 + rng.randrange(4), rng.choice([1, 4, 7, 10]), 1)
    end = start.replace(year=start.year + 2) - dt.timedelta(days=1)
    surname = rng.choice(SURNAMES)
    child, sibling = rng.choice(CHILD_NAMES), rng.choice(SIBLING_NAMES)
    mother, gran = rng.choice(MOTHER_NAMES), rng.choice(GRANDMOTHERS)
    partner, father = rng.choice(PARTNERS), rng.choice(FATHERS)

    def born(years: int) -> dt.date:
        return start - dt.timedelta(days=365 * years + rng.randrange(300))

    child_dob = start + dt.timedelta(days=birth_offset)
    people = (
        Person("Child A", "subject child", child_dob, (f"{child} {surname}", child)),
        Person(
            "Mother",
            "mother",
            born(26),
            (f"{mother} {surname}", mother, f"Ms {surname}"),
        ),
        Person(
            "Father",
            "father of Child A and Sibling 1",
            born(29),
            (father, father.split()[0], f"Mr {father.split()[1]}"),
        ),
        Person(
            "Partner",
            "mother's partner",
            born(24),
            (partner, partner.split()[0], f"Mr {partner.split()[1]}"),
        ),
        Person("Sibling 1", "brother", born(7), (f"{sibling} {surname}", sibling)),
        Person(
            "Maternal Grandmother",
            "mother's mother",
            born(52),
            (f"{gran} {surname}", gran),
        ),
    )
    labels = {
        "C": "Child A",
        "M": "Mother",
        "F": "Father",
        "P": "Partner",
        "S": "Sibling 1",
        "G": "Maternal Grandmother",
    }
    return Review("Child A LCSPR (fictional)", start, end, people, labels)


def review_toml(review: Review, gap_days: int = 28) -> str:
    """The review file, written by hand so its bytes repeat."""
    lines = [
        "# Fictional review generated by sample_data/generate.py.",
        "# Every name, place and agency in it is invented.",
        "",
        "[review]",
        f'name = "{review.name}"',
        'marking = "OFFICIAL-SENSITIVE"',
        f"period_start = {review.period_start.isoformat()}",
        f"period_end = {review.period_end.isoformat()}",
        'subject = "Child A"',
        "",
        "[thresholds]",
        f"gap_days = {gap_days}",
    ]
    for person in review.people:
        aliases = ", ".join(f'"{a}"' for a in person.aliases)
        lines += [
            "",
            "[[people]]",
            f'label = "{person.label}"',
            f'role = "{person.role}"',
            f"date_of_birth = {person.dob.isoformat()}",
            f"aliases = [{aliases}]",
        ]
    for agency in AGENCIES:
        lines += [
            "",
            "[[agencies]]",
            f'name = "{agency.name}"',
            f'kind = "{agency.kind}"',
            f'files = ["{agency.pattern}"]',
        ]
    return "\n".join(lines) + "\n"
