"""Who an entry names, read the way the writing agency means it.

A probation officer's "partner" is the partner of the person on probation; a
housing officer's "tenant" is the tenant; "Shannon's mother" is the
maternal grandmother and "mum's friend" a person of their own. The register
(people.py) reads an entry in three steps, all from schemas/people.toml:
possessive chains ([relations], [kinship]), then the words of an
adult-facing file's own subject ([subject]), then each person's own words.
A word read in an earlier step is not read again, so "his mum" in a
probation log is not the child's mother.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..model import text_column
from ..resources import load_toml

if TYPE_CHECKING:  # people.py imports this module
    from .people import Known


@cache
def _rules() -> dict[str, Any]:
    return load_toml("people.toml")


def plain(text: str) -> str:
    """Lower case, single spaces, no apostrophes: how words are compared."""
    return re.sub(r"['’]", "", " ".join(text.casefold().split()))


def word_regex(word: str) -> str:
    """A word or phrase as a regex: any case, spaces or hyphens alike, an
    apostrophe optional."""
    text = re.escape(plain(word)).replace(r"\ ", r"[\s\-]+")
    return re.sub(r"(?<=\w)s\b", r"['’]?s", text) if "s" in text else text


def alternation(words: Sequence[str]) -> str:
    """Longest first, so "mum's partner" wins over "mum"."""
    uniq = sorted({w for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(word_regex(w) for w in uniq) or r"(?!x)x"


# Whole words: not inside a word, but a quote may open one ('Wayne grabbed
# me') and a possessive 's may close it (Wayne's).
BEFORE = r"(?<!\w)(?<!\w['’])"
AFTER = r"(?!\w)(?!['’](?!s\b)\w)"


def relations() -> dict[str, str]:
    """Each relation word, plain, to its relation ("mum" -> "mother")."""
    out: dict[str, str] = {}
    for relation, words in _rules().get("relations", {}).items():
        for word in words:
            out.setdefault(plain(word), relation)
    return out


def kinship() -> dict[str, str]:
    return dict(_rules().get("kinship", {}))


def subject_rules() -> dict[str, Any]:
    return dict(_rules().get("subject", {}))


@dataclass
class Reader:
    """The people of one review and the rules that read entries for them;
    ``found`` collects the people chains lead to that no one listed."""

    people: list[Known]
    found: dict[str, tuple[bool | None, set[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.owner: dict[str, str] = {}
        for known in self.people:
            for word in known.words:
                self.owner.setdefault(plain(word), known.person)
        self.kin = {k.person: k.kin for k in self.people}
        self.adult = {k.person: k.adult for k in self.people}
        self.aliases = {
            k.person: {plain(w) for w in k.words} - {plain(w) for w in k.shown}
            for k in self.people
        }
        self.by_role: dict[str, str] = {}
        for known in self.people:
            if known.kin and known.kin != "child":
                self.by_role.setdefault(known.kin, known.person)
        rel = relations()
        self.relation_of = rel
        # "father of Sibling 2" in a role: Sibling 2's father, whatever [kinship]
        labels = {plain(k.person): k.person for k in self.people}
        self.edges: dict[tuple[str, str], str] = {}
        for known in self.people:
            for m in re.finditer(r"(\w[\w\s]*?)\s+of\s+([^,;()]+)", known.role):
                relation = rel.get(plain(m.group(1).split()[-1]))
                other = labels.get(plain(m.group(2)))
                if relation and other:
                    self.edges.setdefault((other, relation), known.person)
        rules = subject_rules()
        self.subject_words = {plain(w) for w in rules.get("words", [])}
        self.relative = {plain(w) for w in rules.get("relative", [])}
        rels = alternation(list(rel))
        names = alternation(list(self.owner) + list(self.subject_words))
        steps = rf"(?:['’]s\s+(?:{rels}){AFTER})"
        self.chain = re.compile(
            rf"{BEFORE}(?:(?P<name>{names})(?P<s1>{steps}+)"
            rf"|(?P<pron>his|her)\s+(?P<s2>(?:{rels}){AFTER}{steps}*))",
            re.I,
        )
        # a file about the child: "her mum" is not read as a chain, unless
        # the person named just before is an adult the pronoun fits
        self.name_chain = re.compile(
            rf"{BEFORE}(?P<name>{names})(?P<s1>{steps}+)", re.I
        )
        self.pron_chain = re.compile(
            rf"{BEFORE}(?P<pron>his|her)\s+(?P<s2>(?:{rels}){AFTER}{steps}*)", re.I
        )
        self.gender = {k.person: _gender(k) for k in self.people}
        self.rel_words = re.compile(rels, re.I)
        self.own = re.compile(
            BEFORE + "(?:" + alternation(list(self.subject_words)) + ")" + AFTER,
            re.I,
        )
        relative_words = [w for w, r in rel.items() if r in self.relative]
        self.bare = re.compile(
            BEFORE + "(?:" + alternation(relative_words) + ")" + AFTER, re.I
        )
        self.patterns = {
            k.person: re.compile(
                BEFORE + "(?:" + alternation(k.words) + ")" + AFTER, re.I
            )
            for k in self.people
        }

    def relate(self, person: str, relation: str) -> str | None:
        """The person ``relation`` of ``person`` is, by [kinship] from their
        role, else (from an adult) a person of their own; None from a child
        with no [kinship] row (a child's friend names no one here)."""
        if (person, relation) in self.edges:
            return self.edges[(person, relation)]
        target = kinship().get(f"{self.kin.get(person, '')}.{relation}")
        if target:
            return self.by_role.get(target)
        if not self.adult.get(person) and not (
            person in self.found and self.found[person][0]
        ):
            return None
        name = f"{person}'s {relation}"
        adult = True if relation in ("mother", "father", "partner") else None
        self.found.setdefault(name, (adult, set()))
        return name

    def read(self, text: str, subject: str) -> set[str]:
        """The people ``text`` names, in a file about ``subject`` ("" for a
        file about the child)."""
        named: set[str] = set()
        rest = text
        chain = self.chain if subject else self.name_chain
        for m in chain.finditer(text):
            if m.groupdict().get("pron"):
                who: str | None = subject
                steps = m.group("s2")
            else:
                word = plain(m.group("name"))
                steps = m.group("s1")
                who = self._word(word, subject)
            if who is None:
                continue
            named.add(who)
            for rel in self.rel_words.findall(steps):
                relation = self.relation_of.get(plain(rel))
                who = self.relate(who, relation) if who and relation else None
                if who is None:
                    break
            if who is not None:
                named.add(who)
                if who in self.found and self._shown(m):
                    self.found[who][1].add(" ".join(m.group(0).split()))
            rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
        if not subject:
            rest = self._pronoun_chains(text, rest, named)
        if subject:
            for pattern, hit in ((self.own, subject), (self.bare, None)):
                for m in pattern.finditer(rest):
                    who = hit or self.relate(
                        subject, self.relation_of.get(plain(m.group(0)), "")
                    )
                    if who:
                        named.add(who)
                    rest = (
                        rest[: m.start()]
                        + " " * (m.end() - m.start())
                        + rest[m.end() :]
                    )
        for person, pattern in self.patterns.items():
            if person not in named and pattern.search(rest):
                named.add(person)
        return named

    def _pronoun_chains(self, text: str, rest: str, named: set[str]) -> str:
        """In a file about the child, "his mum" after "Ryan" in the same
        sentence is Ryan's mother: the person named nearest before the
        pronoun, when they are an adult of the pronoun's gender (after the
        child's name it stays the child's mother, read by role words)."""
        for m in self.pron_chain.finditer(rest):
            cut = max(text.rfind(c, 0, m.start()) for c in ".!?\n")
            before = rest[cut + 1 : m.start()]
            nearest = max(
                (
                    (hit.end(), p)
                    for p, pat in self.patterns.items()
                    for hit in pat.finditer(before)
                ),
                default=None,
            )
            if nearest is None:
                continue
            adult: str = nearest[1]
            gender = "male" if m.group("pron").lower() == "his" else "female"
            if not self.adult.get(adult) or self.gender.get(adult) != gender:
                continue
            who: str | None = adult
            for rel in self.rel_words.findall(m.group("s2")):
                relation = self.relation_of.get(plain(rel))
                who = self.relate(who, relation) if who and relation else None
                if who is None:
                    break
            if who is None:
                continue
            named.add(who)
            if who in self.found:
                self.found[who][1].add(" ".join(m.group(0).split()))
            rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
        return rest

    def _word(self, word: str, subject: str) -> str | None:
        if subject and word in self.subject_words:
            return subject
        if subject and self.relation_of.get(word) in self.relative:
            return self.relate(subject, self.relation_of[word])
        return self.owner.get(word)

    def _shown(self, m: re.Match[str]) -> bool:
        """A chain the register may show: its possessor is not a real name."""
        word = plain(m.group("name") or "")
        return not any(word in names for names in self.aliases.values())


def _gender(known: Known) -> str:
    rules = _rules().get("gender", {})
    for word in known.words:
        first = word.split()[0] if word.split() else ""
        if first in rules.get("male_titles", []):
            return "male"
        if first in rules.get("female_titles", []):
            return "female"
    if known.kin in rules.get("male_roles", []):
        return "male"
    if known.kin in rules.get("female_roles", []):
        return "female"
    return ""


def file_subjects(
    entries: pd.DataFrame, texts: pd.Series, people: Sequence[Known]
) -> dict[str, str]:
    """The adult each adult-facing agency's file is about ([subject] kinds):
    the review file's adult its entries name by a real name most often, when
    that is at least ``named_share`` of them; else the one its pronouns'
    gender points to (in ``pronoun_entries`` entries at least); of several
    (or with no pronouns), the one the whole chronology names most, the
    adult most in the child's life (a tenancy log that says only "tenant").
    An agency with no clear subject is left out,
    and its words are read as a children's file's."""
    rules = subject_rules()
    kinds = set(rules.get("kinds", []))
    adults = [k for k in people if k.source == "review file" and k.adult]
    if not adults or "agency" not in entries.columns:
        return {}
    agency = text_column(entries, "agency").to_numpy()
    kind = text_column(entries, "agency_kind").to_numpy()
    values = texts.to_numpy()
    # each distinct text searched once (an entry's words recur across rows)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    distinct_text = [str(t) for t in distinct]
    named = {}
    for known in adults:
        aliases = set(known.words) - set(known.shown)
        pattern = re.compile(
            BEFORE + "(?:" + alternation(list(aliases)) + ")" + AFTER, re.I
        )
        named[known.person] = _searched(pattern, distinct_text)[codes]
    male = re.compile(
        BEFORE + "(?:" + alternation(rules.get("male", [])) + ")" + AFTER, re.I
    )
    female = re.compile(
        BEFORE + "(?:" + alternation(rules.get("female", [])) + ")" + AFTER, re.I
    )
    said_male = _searched(male, distinct_text)
    said_female = _searched(female, distinct_text)
    overall = {}
    for known in adults:
        pattern = re.compile(
            BEFORE + "(?:" + alternation(known.words) + ")" + AFTER, re.I
        )
        overall[known.person] = int(_searched(pattern, distinct_text).sum())
    out: dict[str, str] = {}
    for name in sorted(set(agency[np.isin(kind, sorted(kinds))])):
        rows = agency == name
        counts = sorted(((int(named[p][rows].sum()), p) for p in named), reverse=True)
        enough = max(1.0, float(rules.get("named_share", 0.05)) * int(rows.sum()))
        if counts[0][0] >= enough and (len(counts) == 1 or counts[0][0] > counts[1][0]):
            out[name] = counts[0][1]
            continue
        said = codes[rows]
        he = int(said_male[said].sum())
        she = int(said_female[said].sum())
        gender = "male" if he > she else "female" if she > he else ""
        if max(he, she) < int(rules.get("pronoun_entries", 2)):
            gender = ""  # one "he" in a tenancy log may be a visitor's
        fits = sorted(
            (
                (overall[k.person], k.person)
                for k in adults
                if not gender or _gender(k) == gender
            ),
            reverse=True,
        )
        if fits and (len(fits) == 1 or fits[0][0] > fits[1][0]):
            out[name] = fits[0][1]
    return out


def _searched(pattern: re.Pattern[str], texts: Sequence[str]) -> np.ndarray:
    """Whether ``pattern`` is found in each text, as a boolean array."""
    return np.fromiter(
        (pattern.search(t) is not None for t in texts), dtype=bool, count=len(texts)
    )


def read_entries(
    entries: pd.DataFrame, texts: pd.Series, people: Sequence[Known]
) -> tuple[Reader, dict[str, np.ndarray]]:
    """For each person (and each one a chain leads to), which entries name
    them; each distinct text read once per file subject."""
    reader = Reader(list(people))
    subjects = file_subjects(entries, texts, people)
    agency = text_column(entries, "agency").to_numpy()
    about = np.array([subjects.get(a, "") for a in agency], dtype=object)
    pairs = pd.MultiIndex.from_arrays([texts.astype(str).to_numpy(), about])
    codes, uniques = pd.factorize(pairs, use_na_sentinel=False)
    read = [reader.read(str(text), str(subject)) for text, subject in uniques]
    everyone = [k.person for k in people] + sorted(reader.found)
    out: dict[str, np.ndarray] = {}
    for person in everyone:
        hit = np.array([person in r for r in read], dtype=bool)
        out[person] = hit[codes] if len(codes) else np.zeros(0, dtype=bool)
    _unqualified(texts, people, out)
    return reader, out


def _unqualified(
    texts: pd.Series, people: Sequence[Known], out: dict[str, np.ndarray]
) -> None:
    """A relation word said alone ("grandmother", "nan") is the one person
    of its [unqualified] roles the review file lists or the entries name by
    the qualified role, when there is just one ("maternal grandmother" and
    later "children with grandmother"); with two or none it names no one."""
    codes, uniques = pd.factorize(texts.astype(str), use_na_sentinel=False)
    for group in _rules().get("unqualified", {}).values():
        roles = set(group.get("roles", []))
        holders = [
            k.person
            for k in people
            if k.kin in roles and (k.source == "review file" or out[k.person].any())
        ]
        if len(holders) != 1 or not len(codes):
            continue
        pattern = re.compile(
            BEFORE + "(?:" + alternation(group.get("words", [])) + ")" + AFTER, re.I
        )
        hit = np.array([bool(pattern.search(t)) for t in uniques], dtype=bool)
        out[holders[0]] = out[holders[0]] | hit[codes]
