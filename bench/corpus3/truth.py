"""Corpus 3's truth beyond event types and links, read from what it planted.

- the child's experience columns of truth.csv (``experience``): what the
  notes of the entry's template (notes.py) say the recording agency did with
  Child C (child_*) and with either child of the family (family_*);
- truth_sharing.csv (``truth_sharing``): each entry that sends to another
  agency (its template's note, or the agency a call was made to), the
  recipient, and the recipient's accounts of the same occurrence (its
  receipts; none: unreceived);
- truth_conflicts.csv (``truth_conflicts``): pairs of two agencies' accounts
  of one occurrence, both dated to the day, on different days (an account
  written up late: story.Story.later), or on the same day at times over an
  hour apart. Not a pair: an account the agency only heard of afterwards
  (``Rec.told_later``: a notification the next day, a contact received);
- truth_people.csv (``truth_people``): the people the entries name, by the
  family's names the generator filled in, the role words of the notes, and
  the patient or pupil column (which names the entry's person);
  ``not_known_to_health_or_care`` as schemas/flags.toml describes the flag:
  an adult of the child's family (the review file's people) or household
  named by police, probation, housing or substance misuse and by no health
  visitor, midwife, GP or social worker (the Father, named by police only).

Never from chronomerge's rules or output, and no phrase list of another
corpus. Corpus 3 plants no key practice episodes (its occurrences fall at
random through the period), so there is no truth_episodes.csv.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bench.corpus2.truth_conflicts import conflict_pairs
from bench.corpus3.notes import EXTERNAL, Note, note_of
from bench.corpus3.story import PEOPLE, Rec

SHARING_COLUMNS = [
    "send_entry", "send_date", "from_agency", "to_agency", "to_kind",
    "received", "receipt_entries", "true_event_id",
]  # fmt: skip
CONFLICT_COLUMNS = [
    "conflict", "true_event_id",
    "first_source_file", "first_source_location", "first_source_row",
    "second_source_file", "second_source_location", "second_source_row",
]  # fmt: skip
PEOPLE_COLUMNS = [
    "person", "role", "adult", "household", "agencies",
    "not_known_to_health_or_care",
]  # fmt: skip
# truth.csv's experience columns -> the note's flag
EXPERIENCE = {
    "seen": "seen",
    "seen_alone": "alone",
    "spoken_to": "spoken",
    "words": "words",
}
EXPERIENCE_COLUMNS = [f"{who}_{c}" for who in ("child", "family") for c in EXPERIENCE]

# Placed: (the truth's key "file|location|row", true event id, story.Rec)
Placed = tuple[str, str, Rec]


def _note(rec: Rec) -> Note:
    templates = getattr(rec.text, "templates", ())
    return note_of(templates[0]) if templates else Note()


def experience(rec: Rec) -> dict[str, str]:
    """The eight experience columns of one account, "true" or "false"."""
    note = _note(rec)
    out = {}
    for column, flag in EXPERIENCE.items():
        out[f"child_{column}"] = str(flag in note.c).lower()
        out[f"family_{column}"] = str(flag in note.c | note.s).lower()
    return out


def truth_sharing(placed: Sequence[Placed], agencies: dict[str, dict]) -> list[dict]:
    """One row per (send entry, recipient), in the entries' file order."""
    by_event: dict[str, list[Placed]] = {}
    for item in placed:
        by_event.setdefault(item[1], []).append(item)
    rows = []
    for key, tid, rec in placed:
        sends = [*_note(rec).to, *([rec.to] if rec.to else [])]
        for to in dict.fromkeys(s for s in sends if s != rec.agency):
            receipts = [k for k, _t, r in by_event[tid] if r.agency == to]
            name, kind = (
                (agencies[to]["name"], agencies[to]["kind"])
                if to in agencies
                else EXTERNAL[to]
            )
            rows.append(
                {
                    "send_entry": key,
                    "send_date": rec.day.isoformat(),
                    "from_agency": agencies[rec.agency]["name"],
                    "to_agency": name,
                    "to_kind": kind,
                    "received": "true" if receipts else "false",
                    "receipt_entries": ";".join(receipts),
                    "true_event_id": tid,
                }
            )
    return rows


def truth_conflicts(
    truth_rows: Sequence[dict[str, str]], heard_later: set[str]
) -> list[dict[str, str]]:
    """The conflict pairs of one review, in truth-row order; ``heard_later``
    holds the keys ("file|location|row") of accounts told afterwards."""

    def told_later(a: dict[str, str], b: dict[str, str]) -> bool:
        return bool({_where(a), _where(b)} & heard_later)

    return conflict_pairs(truth_rows, told_later)


_WHERE = ("source_file", "source_location", "source_row")


def _where(row: dict[str, str]) -> str:
    return "|".join(row[k] for k in _WHERE)


# key -> person (the review file's label, or role words), role, adult, in the
# child's household (the partner moves in and out of it through the period)
REVIEW_PEOPLE = {
    "child": (PEOPLE["child"], "subject child", False, True),
    "sib": (PEOPLE["sib"], "sister", False, True),
    "mum": (PEOPLE["mum"], "mother", True, True),
    "partner": (PEOPLE["partner"], "mother's partner", True, True),
    "dad": (PEOPLE["dad"], "father of Child C and Sibling 1", True, False),
}
OTHERS = {
    "mgm": ("maternal grandmother", "maternal grandmother", True, False),
    "pgm": ("partner's mother", "other", True, False),
}
KNOWN_ELSEWHERE = {"police", "probation", "housing", "substance_misuse"}
HEALTH_OR_CARE = {"health_visiting", "midwifery", "gp", "childrens_social_care"}


def name_patterns(family: dict[str, tuple[str, str]]) -> dict[str, re.Pattern[str]]:
    """Each family member's names as the generator fills them in."""
    out = {}
    for key, (first, last) in family.items():
        names = [first, f"{first} {last}"]
        if key in ("mum", "partner", "dad"):
            names.append(("Ms " if key == "mum" else "Mr ") + last)
        out[key] = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names))
    return out


def mentions(
    rec: Rec, pats: dict[str, re.Pattern[str]], patient_column: bool
) -> set[str]:
    """The people one account names (keys of REVIEW_PEOPLE and OTHERS)."""
    found = {rec.person} if patient_column else set()
    found |= {k for k, pat in pats.items() if pat.search(str(rec.text))}
    for template in getattr(rec.text, "templates", ()):
        found |= set(note_of(template).names)
    return found


def truth_people(
    recs: Sequence[Rec], family: dict[str, tuple[str, str]], agencies: dict[str, dict]
) -> list[dict[str, str]]:
    """One row per person, the review file's people first, then the others."""
    pats = name_patterns(family)
    patients = {
        key
        for key, spec in agencies.items()
        if any(col == "patient" for _, col in spec["columns"])
    }
    known: dict[str, set[str]] = {}
    for rec in recs:
        for key in mentions(rec, pats, rec.agency in patients):
            known.setdefault(key, set()).add(rec.agency)
    keys = [*REVIEW_PEOPLE, *(k for k in OTHERS if k in known)]
    rows = []
    for key in keys:
        person, role, adult, household = {**REVIEW_PEOPLE, **OTHERS}[key]
        mine = known.get(key, set())
        kinds = {agencies[a]["kind"] for a in mine}
        # an adult of the family (the review file's people) or household
        hidden = (
            adult
            and (household or key in REVIEW_PEOPLE)
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
