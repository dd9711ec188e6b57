"""The people the entries name, and which agencies knew of each.

A panel asks who was in the child's life and which agencies knew of them
(national learning on "unseen" adults: a male carer known to the police or
probation but not to health visiting or social care). The register lists
the review file's people, by their labels and aliases, and the family and
household members agencies name by role (schemas/people.toml) where the file
lists no one for that role: each with the first and last entry naming them
and the agencies that did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ..model import EXTRA_PREFIX, PEOPLE_COLUMNS, text_column
from ..resources import load_toml
from ..review import Person, ReviewSettings
from .dated import Dated, dated_entries, iso
from .mentions import (
    AFTER,
    BEFORE,
    alternation,
    kinship,
    plain,
    read_entries,
    relations,
)

ADULT_YEARS = 18


@dataclass(frozen=True)
class Known:
    """A person the register looks for: how the review names them, their
    role, whether they are an adult (None: not known), the words that name
    them, the ones the register may show (the label and role words, never an
    alias: aliases are real names) and where they come from."""

    person: str
    role: str
    adult: bool | None
    words: tuple[str, ...]
    shown: tuple[str, ...]
    source: str  # "review file", "role words" or "relation"
    kin: str = ""  # the schemas/people.toml role, or "child", for [kinship]


@cache
def _roles() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    data = load_toml("people.toml")
    roles = {role: tuple(words) for role, words in data["roles"].items()}
    return roles, frozenset(data["adults"]["roles"])


def _role_of(text: str) -> str:
    """The role of schemas/people.toml a review file's role or label names:
    the whole text ("mum's partner"), else its first part that names one,
    so detail is read past ("maternal grandmother (carer)", "mother's
    partner, father of Sibling 2"), and a possessive chain through
    [kinship] ("mother's mother")."""
    roles, _adults = _roles()
    words = {_plain(w): role for role, said in roles.items() for w in said}
    words.update({_plain(role): role for role in roles})
    parts = [text, *re.split(r"[,;()/]|\band\b|\s-\s", text)]
    for part in parts:
        key = _plain(part)
        if key in words:
            return words[key]
    relation = relations()
    for part in parts:
        steps = [s for s in re.split(r"['’]s\s+", part.strip()) if s.strip()]
        if len(steps) < 2:
            continue
        role = words.get(_plain(steps[0]), "")
        for step in steps[1:]:
            role = kinship().get(f"{role}.{relation.get(_plain(step), '')}", "")
        if role:
            return role
    return ""


def _plain(text: str) -> str:
    return plain(text)


def known_people(review: ReviewSettings) -> list[Known]:
    """The review file's people, then the roles no one in it holds."""
    roles, adults = _roles()
    found: list[Known] = []
    claimed: set[str] = set()
    for person in review.people:
        role = _role_of(person.role) or _role_of(person.label)
        claimed.add(role)
        shown = [person.label, *roles.get(role, ())]
        words = [*shown, *person.aliases]
        adult = _adult(person, role, review)
        found.append(
            Known(
                person.label,
                person.role or role,
                adult,
                tuple(dict.fromkeys(w for w in words if w.strip())),
                tuple(dict.fromkeys(w for w in shown if w.strip())),
                "review file",
                role or ("child" if adult is False else ""),
            )
        )
    for role, said in roles.items():
        if role not in claimed:
            adult = True if role in adults else None  # a neighbour: not known
            found.append(Known(role, role, adult, said, said, "role words", role))
    return found


def _adult(person: Person, role: str, review: ReviewSettings) -> bool | None:
    """Adult by date of birth (18 at the period's start, or its end), else by
    role; never by today's date, so the register is the same on every run."""
    if person.label == review.review.subject:
        return False
    when = review.review.period_start or review.review.period_end
    if person.date_of_birth is not None and when is not None:
        years = (when - person.date_of_birth).days / 365.25
        return years >= ADULT_YEARS
    _roles_table, adults = _roles()
    return True if role in adults else None


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Whole words, any case, an apostrophe optional, spaces or hyphens alike;
    a quote may open a name and a possessive 's close it."""
    return re.compile(BEFORE + "(?:" + alternation(words) + ")" + AFTER, re.I)


def mention_masks(texts: pd.Series, people: Sequence[Known]) -> dict[str, np.ndarray]:
    """For each person, which texts name them (once per distinct text)."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=False)
    out: dict[str, np.ndarray] = {}
    for known in people:
        pattern = _pattern(known.words)
        hit = np.array([bool(pattern.search(str(t))) for t in uniques], dtype=bool)
        out[known.person] = hit[codes] if len(codes) else np.zeros(0, dtype=bool)
    return out


def entry_texts(frame: pd.DataFrame) -> pd.Series:
    """What names a person in an entry: the columns schemas/people.toml
    [search] lists (person, description, outcome, analysis) and, with its
    ``extra``, the agency's own columns (extra.*), joined."""
    search = load_toml("people.toml").get("search", {})
    names = list(search.get("columns", ["person", "description"]))
    if search.get("extra", False):
        names += sorted(c for c in frame.columns if str(c).startswith(EXTRA_PREFIX))
    texts = text_column(frame, names[0], clean=False)
    for name in names[1:]:
        if name in frame.columns:
            texts = texts.str.cat(text_column(frame, name, clean=False), sep=" \n ")
    return texts


# the people the register lists, and for each which entries name them
Reading = tuple[list[Known], dict[str, np.ndarray]]


def read_people(entries: pd.DataFrame, review: ReviewSettings) -> Reading:
    """The people the register lists (the review file's, the roles no one
    holds, the people chains lead to) and, for each, which entries name
    them: the one reading the register and the flags share."""
    listed = known_people(review)
    texts = entry_texts(entries)
    reader, masks = read_entries(entries, texts, listed)
    _aged_children(entries, texts, review, masks)
    people = [
        *listed,
        *(
            Known(name, name.casefold(), adult, (), tuple(sorted(said)), "relation")
            for name, (adult, said) in sorted(reader.found.items())
        ),
    ]
    return people, masks


def _aged_children(
    entries: pd.DataFrame,
    texts: pd.Series,
    review: ReviewSettings,
    masks: dict[str, np.ndarray],
) -> None:
    """A child named by age and kinship ("her 10 yr old daughter"), as an
    ambulance crew or a police log writes them: the review file's child whose
    age on the entry's date is nearest, within [aged] ``years`` (people.toml),
    when one is nearest. An age alone ("Call re 3yo") names a patient, not
    a person of the family, so it is not read here."""
    rules = load_toml("people.toml").get("aged", {})
    ages = alternation(list(rules.get("age_words", [])))
    kin = alternation(list(rules.get("kin", [])))
    pattern = re.compile(rf"(?<!\w)(\d{{1,2}})\s*(?:{ages})\s+(?:{kin})(?!\w)", re.I)
    children = [
        p
        for p in review.people
        if p.date_of_birth is not None
        and p.label in masks
        and _adult(p, "", review) is False
    ]
    if not children or "date_start" not in entries.columns:
        return
    when = pd.to_datetime(entries["date_start"], errors="coerce").to_numpy()
    limit = float(rules.get("years", 2))
    for k, text in enumerate(texts.astype(str).to_numpy()):
        if pd.isna(when[k]):
            continue
        for hit in pattern.finditer(text):
            said = int(hit.group(1))
            gaps = sorted(
                (
                    abs(
                        (when[k] - np.datetime64(p.date_of_birth))
                        / np.timedelta64(1, "D")
                        / 365.25
                        - said
                    ),
                    p.label,
                )
                for p in children
            )
            near = [g for g in gaps if g[0] <= limit]
            if near and (len(near) == 1 or near[0][0] < near[1][0]):
                masks[near[0][1]][k] = True


def household_adults(
    entries: pd.DataFrame, review: ReviewSettings, *, reading: Reading | None = None
) -> list[tuple[Known, np.ndarray]]:
    """The adults of the child's household, each with the entries naming
    them (schemas/people.toml [household]): by the review file's
    ``household`` when it gives one, else by role (a parent, a parent's
    partner), else by what an entry naming them says ("lives with", "moved
    in"). Decided from the file's structure, not a word list of people, so a
    grandparent named only as "Gemma's mother" is not of the household.
    ``reading``: read_people(entries, review) when the caller has it."""
    rules = load_toml("people.toml").get("household", {})
    roles = set(rules.get("roles", []))
    words = _pattern(list(rules.get("words", [])))
    people, masks = reading if reading is not None else read_people(entries, review)
    says = entry_texts(entries).astype(str).str.contains(words, regex=True)
    lives = says.to_numpy(dtype=bool)
    given = {p.label: p.household for p in review.people}
    out = []
    for known in people:
        if not known.adult:
            continue
        hit = masks[known.person]
        setting = given.get(known.person) if known.source == "review file" else None
        if setting is None:
            setting = known.kin in roles or bool((hit & lives).any())
        if setting:
            out.append((known, hit))
    return out


def people_register(
    entries: pd.DataFrame,
    review: ReviewSettings,
    *,
    dated: Dated | None = None,
    reading: Reading | None = None,
) -> pd.DataFrame:
    """One row per person named (PEOPLE_COLUMNS), the review file's first.

    ``first_mention`` and ``last_mention`` are the dates of the first and last
    dated entries naming them; ``entries`` counts every entry that does (an
    undated one too); ``agencies`` and ``agency_kinds`` are those that named
    them; ``entry_ids`` (';'-joined, sorted) are the entries that name them,
    so the pack and the timeline can show a person's entries. A role no one
    in the review file holds is listed only when an entry
    names it.
    """
    if dated is None:
        dated = dated_entries(entries, review)
    people, masks = reading if reading is not None else read_people(entries, review)
    start, pos = dated.col("start"), dated.col("pos")
    day_of = np.full(len(entries), -1, dtype=np.int64)
    day_of[pos] = start
    agencies = text_column(entries, "agency").to_numpy()
    kinds = text_column(entries, "agency_kind").to_numpy()
    ids = text_column(entries, "entry_id").to_numpy()
    rows = []
    for known in people:
        hit = masks[known.person]
        if known.source != "review file" and not hit.any():
            continue
        days = day_of[hit & (day_of >= 0)]
        rows.append(
            {
                "person": known.person,
                "role": known.role,
                "adult": "" if known.adult is None else known.adult,
                "named_as": ";".join(known.shown),
                "first_mention": iso(int(days.min())) if len(days) else "",
                "last_mention": iso(int(days.max())) if len(days) else "",
                "entries": int(hit.sum()),
                "agencies": ";".join(sorted(set(agencies[hit]))),
                "agency_kinds": ";".join(sorted(set(kinds[hit]) - {""})),
                "entry_ids": ";".join(sorted(set(ids[hit]) - {""})),
            }
        )
    return pd.DataFrame(rows, columns=list(PEOPLE_COLUMNS))
