# ruff: noqa: E501  (a pattern reads best on one line)
"""The people around the child in corpus 2, as planted: truth_people.csv.

Who an entry mentions is decided from what the generator wrote: the names,
aliases and role words this corpus's own templates use for each family
member (history.py and plot.py), and the pupil column of the school and
nursery logs (which names the entry's child), read the way the writing
agency means them: in the probation and
substance misuse files "partner" is the mother (the person on probation's
partner); elsewhere it is the mother's partner. Collective words
("children", "parents", "family") and passers-by (neighbours, callers,
friends of Sibling 1) name no one here, nor does an entry about someone
that does not name them ("Arrears £640. Letter sent.").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bench.corpus2.history import Rec

COLUMNS = [
    "person", "role", "adult", "household", "agencies",
    "not_known_to_health_or_care",
]  # fmt: skip

# key -> person (the review file's label, or the entries' role words), role,
# adult, member of the child's household
REVIEW_PEOPLE = {
    "child": ("Child B", "child", False, True),
    "sib": ("Sibling 1", "sibling", False, True),
    "baby": ("Sibling 2", "sibling", False, True),
    "mum": ("Mother", "mother", True, True),
    # the father of Sibling 2, living at the address for much of the period
    "partner": ("Partner", "mother's partner", True, True),
    # story mode only: the mother's brother, staying at the address
    "uncle": ("Uncle", "uncle", True, True),
}
# people the review file does not list, named by role in the entries
OTHERS = {
    "mgm": ("maternal grandmother", "maternal grandmother", True, False),
    "friend": ("mum's friend", "other", True, False),
    "pgm": ("partner's mother", "other", True, False),
}
# kinds that mean the person was known to police, probation, housing or
# substance misuse, and the kinds of health visiting, midwifery, GP and
# children's social care
KNOWN_ELSEWHERE = {"police", "probation", "housing", "substance_misuse"}
HEALTH_OR_CARE = {"health_visiting", "midwifery", "gp", "childrens_social_care"}
PARTNER_MEANS_MOTHER = {"probation", "substance"}


def patterns(family: dict, uncle: str | None) -> dict[str, re.Pattern[str]]:
    """Each person's names and role words in this corpus's templates."""
    c, s, b = family["child"][0], family["sib"][0], family["baby"][0]
    m, msur = family["mum"]
    p, psur = family["partner"]
    out = {
        "child": rf"\b{c}\b",
        "sib": rf"\b{s}\b|\bnephew\b",
        "baby": rf"\b{b}\b",
        "mum": rf"\b{m}\b(?!'s mother)|\bMs {msur}\b|(?<!his )\b(?:mum|Mum|mummy|IP|tenant|Tenant)\b",
        "partner": rf"\b{p}\b|\bMr {psur}\b|\b{psur.upper()}\b|\bPoP\b|\bsuspect\b|\bdaddy\b|\bex-partner\b",
        "mgm": rf"\bKerry's mother\b|\b{m}'s mother\b",
        "friend": r"\bmum's friend\b",
        "pgm": r"\bhis (?:mum|mother)'s\b",
    }
    if uncle:
        out["uncle"] = rf"\b{uncle}\b|\bbrother\b"
    return {k: re.compile(v) for k, v in out.items()}


def mentions(
    rec: Rec, pats: dict[str, re.Pattern[str]], pupil_column: bool = False
) -> set[str]:
    """The people one entry names (keys of REVIEW_PEOPLE and OTHERS)."""
    text = str(rec.text)
    found = {rec.person} if pupil_column else set()
    found |= {k for k, pat in pats.items() if pat.search(text)}
    if re.search(r"\bpartner\b", text):
        found.add("mum" if rec.agency in PARTNER_MEANS_MOTHER else "partner")
    return found


def truth_people(
    recs: Iterable[Rec], family: dict, agencies: dict[str, dict], uncle: str | None
) -> list[dict[str, str]]:
    """One row per person, the review file's people first, then the others."""
    pats = patterns(family, uncle)
    known: dict[str, set[str]] = {}
    pupils = {
        key
        for key, spec in agencies.items()
        if any(col == "pupil" for _, col in spec["columns"])
    }
    for rec in recs:
        for key in mentions(rec, pats, rec.agency in pupils):
            known.setdefault(key, set()).add(rec.agency)
    keys = [k for k in REVIEW_PEOPLE if k != "uncle" or uncle]
    keys += [k for k in OTHERS if k in known]
    rows = []
    for key in keys:
        person, role, adult, household = {**REVIEW_PEOPLE, **OTHERS}[key]
        mine = known.get(key, set())
        kinds = {agencies[a]["kind"] for a in mine}
        hidden = (
            adult
            and household
            and bool(kinds & KNOWN_ELSEWHERE)
            and not kinds & HEALTH_OR_CARE
        )
        rows.append(
            {
                "person": person,
                "role": role,
                "adult": str(adult).lower(),
                "household": str(household).lower(),
                "agencies": ";".join(sorted(agencies[a]["name"] for a in mine)),
                "not_known_to_health_or_care": str(hidden).lower(),
            }
        )
    return rows
