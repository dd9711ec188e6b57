"""The child's experience: was the child seen, seen alone, spoken to, and are
the child's own words recorded; how long the child went unseen; and the
entries an author draws on for the "voice of the child".

Reviews ask first what the child's day-to-day life was like and whether
practitioners saw and heard the child. Each entry is read once (each distinct
text once) with the words of schemas/experience.toml:

- the agency's own "child seen" / "seen alone" cells decide when filled;
- otherwise the text: a sentence that names the child (the review's subject,
  its aliases, "the baby") with a "seen" word next to the name ("Child A seen
  in cot", "saw Child A"), unless negated ("not seen", "unable to see", "no
  reply"); a group that includes the child ("children seen") counts too;
- an in-person contact (emergency department, baby check, clinic, home visit)
  whose first family member named is the child is a sighting, unless made by
  phone, letter or email;
- the child's words: a speech verb or a quotation whose nearest person named
  before it is the child ("Child A said ...", "Child A told the teacher ...",
  "seen alone, said things are 'ok'"); never a parent's account.

Every entry says why (``child_seen_why``), in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from ..agencies import entry_kinds
from ..model import SEEN_COLUMNS, VOICE_COLUMNS, text_column
from ..resources import load_toml
from ..review import ReviewSettings
from .dated import CLOSE_PRECISIONS, Dated, dated_entries, iso
from .gaps import seen_value
from .people import known_people

# The columns child_experience adds to the entries (chronology.csv extras).
EXPERIENCE_COLUMNS: tuple[str, ...] = (
    "child_was_seen",
    "child_seen_alone",
    "child_spoken_to",
    "child_words",
    "child_seen_why",
)
# Who counts as the child (schemas/experience.toml [child] whom).
WHOM: tuple[str, ...] = ("subject", "family")
WORDS_LABEL = "child's words"
# child_seen_why for an entry that says nothing of the child being seen.
NOTHING_SAID = "not seen: nothing in the entry says the child was seen"
PRESENTATION_LABEL = "observed presentation"
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_QUOTE = "'\"‘’“”"  # noqa: RUF001 (curly quotes are what agencies type)
# Words that may stand between "seen" and the child ("bruise seen on Child A").
_LINKS = frozenset({"on", "of", "to", "with", "at", "in"})
_JOIN = re.compile(r"\s*(,|&|and|,\s*and)\s*", re.I)
_PASSIVE = re.compile(r"\b(was|were|been|being|is)\b", re.I)


@cache
def _rules() -> dict[str, dict[str, Any]]:
    return load_toml("experience.toml")


def _alternation(words: Iterable[str]) -> str:
    """Whole words or phrases, longest first; a space matches spaces or a hyphen."""
    parts = []
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        text = re.escape(word.casefold()).replace(r"\ ", r"[\s\-]+")
        text = text.replace("'", "['’]?")  # noqa: RUF001
        parts.append(text)
    return "|".join(parts) or r"(?!x)x"


def _words(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’])(?:{_alternation(words)})(?!\w)", re.I)  # noqa: RUF001


def _aged(words: Iterable[str]) -> re.Pattern[str]:
    """An age under 18 followed by one of ``words`` ("2yo", "15 year old")."""
    if not list(words):
        return re.compile(r"(?!x)x")
    return re.compile(
        rf"(?<![\w.])(?:1[0-7]|[0-9])\s?(?:{_alternation(words)})(?!\w)", re.I
    )


def _unnamed(rules: dict[str, Any], whom: str) -> re.Pattern[str]:
    """With the family's children counted, how a log names a child it does
    not name ("Child fell down stairs", "toddler at window"), not followed by
    the words of a service or status ("child protection", "child in need"),
    nor after words for a child not yet born ("unborn child")."""
    if whom != "family" or not rules.get("unnamed"):
        return re.compile(r"(?!x)x")
    skip = _alternation(rules.get("unnamed_not_before", []))
    behind = "".join(
        rf"(?<!{re.escape(w.casefold())}\s)" for w in rules.get("unnamed_not_after", [])
    )
    return re.compile(
        rf"{behind}(?<![\w'’])(?:{_alternation(rules['unnamed'])})(?![\w'’])"  # noqa: RUF001
        rf"(?!\s+(?:{skip})(?!\w))",
        re.I,
    )


@dataclass(frozen=True)
class Mention:
    """A person named in a sentence: where, and who ("child", "group",
    "family" or "practitioner")."""

    start: int
    end: int
    who: str
    possessive: bool


@dataclass(frozen=True)
class Reading:
    """What one entry's text says of the child, with the words that decided."""

    seen: bool | None = None
    seen_why: str = ""
    alone: bool = False
    alone_why: str = ""
    spoken: bool = False
    spoken_why: str = ""
    words: bool = False
    words_why: str = ""
    first_is_child: bool = False
    presentation: str = ""
    names_child: bool = False
    names_family: bool = False
    away: str = ""
    # An "alone" phrase in a sentence that names no one ("1:1 session at
    # the office"): alone when the entry is about the child.
    alone_unnamed: str = ""
    # A parent or carer named, or the handing over, in a sentence naming the
    # child ("Child A upset at drop off"): someone was there.
    accompanied: str = ""
    declined: str = ""


class Reader:
    """The experience word lists compiled for one review's child."""

    def __init__(self, review: ReviewSettings, whom: str | None = None) -> None:
        rules = _rules()
        whom = whom or review.experience.whom or str(rules["child"]["whom"])
        if whom not in WHOM:
            raise ValueError(f"whom is {whom!r}, not one of {', '.join(WHOM)}")
        child = [review.review.subject, *rules["child"]["words"]]
        family = list(rules["others"]["words"])
        children = {review.review.subject}
        if whom == "family":
            child += rules["child"]["family_words"]
            sibling = _words(rules["child"]["family_words"])
            children |= {
                k.person
                for k in known_people(review)
                if k.source == "review file"
                and (
                    k.adult is False
                    or (
                        k.adult is None
                        and bool(sibling.search(k.role + " " + k.person))
                    )
                )
            }
        for person in review.people:
            names = [person.label, *person.aliases]
            (child if person.label in children else family).extend(names)
        ages = rules["child"]["age_words"] if whom == "family" else []
        # one child counts: the review's only child, or the family's children
        self.one_child = whom == "family" or not any(
            k.source == "review file"
            and k.adult is False
            and k.person != review.review.subject
            for k in known_people(review)
        )
        self.who = [
            ("child", _words(child)),
            ("child", _aged(ages)),
            ("child", _unnamed(rules["child"], whom)),
            ("group", _words(rules["child"]["groups"])),
            ("family", _words(family)),
            ("practitioner", _words(rules["practitioners"]["words"])),
            ("pronoun", _words(rules["pronouns"]["words"])),
        ]
        self.places = re.compile(
            rf"['’]s\s+(?:{_alternation(rules['child'].get('places', []))})(?!\w)",  # noqa: RUF001
            re.I,
        )
        self.seeing = re.compile(
            rf"^\W*(?:{_alternation(rules['pronouns'].get('seeing', []))})(?!\w)", re.I
        )
        self.implicit = re.compile(
            rf"^\W*(?:{_alternation(rules['pronouns']['implicit'])})(?!\w)", re.I
        )
        seen = rules["seen"]
        self.seen_after = _words(seen["after"])
        self.seen_before = _words(seen["before"])
        self.negation = _words(seen["negations"])
        self.not_seen = _words(seen["not_seen"])
        self.alone = _words(rules["alone"]["phrases"])
        self.not_alone = _words(rules["alone"]["not_alone"])
        self.seen_not_alone = _words(rules["alone"]["seen_not_alone"])
        self.with_child = _words(rules["alone"]["with_child"])
        self.handover = _words(rules["alone"]["handover"])
        self.declined = _words(rules["spoken"]["declined"])
        self.own = re.compile(
            rf"['’]s\s+(?:{_alternation(rules['words']['own'])})\s*[:\-–{_QUOTE}]",  # noqa: RUF001
            re.I,
        )
        spoken = rules["spoken"]
        self.spoken_after = _words(spoken["after"])
        self.spoken_before = _words(spoken["before"])
        self.spoken_phrases = _words(spoken["phrases"])
        self.verbs = _words(rules["words"]["verbs"])
        self.words_negation = _words(rules["words"]["negations"])
        self.first_person = _words(rules["words"]["first_person"])
        self.hearsay = re.compile(
            rf"\s+(?:{_alternation(rules['words']['hearsay'])})(?!\w)", re.I
        )
        self.presentation = _words(rules["presentation"]["words"])
        self.away = _words(rules["contact_rules"]["away"])
        self.unspoken = re.compile(
            rf"\s+(?:{_alternation(rules['words'].get('unspoken', []))})(?!\w)", re.I
        )
        self.callers = re.compile(
            rf"(?:{_alternation(rules['contact_rules'].get('callers', []))})\W*$",
            re.I,
        )
        self.away_after = re.compile(
            rf"\s+(?:{_alternation(rules['contact_rules']['away_after'])})(?!\w)",
            re.I,
        )
        self._cache: dict[tuple[str, str], Reading] = {}

    # --- one text ---------------------------------------------------------
    def read(self, text: str, topic: str = "") -> Reading:
        """What ``text`` says of the child (each distinct text read once).

        ``topic`` is who the entry is about before any name ("child" when
        its person column names the child): a sentence with no name of its
        own ("Seen alone. Said she is happy.") is about them."""
        key = (text, topic)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._read(text, topic)
        return found

    def person_topic(self, person: str) -> str:
        """ "child" when a person column names the child first, else ""."""
        first = next(
            (m.who for m in self.mentions(person) if m.who != "practitioner"), ""
        )
        return "child" if first == "child" else ""

    def _resolved(self, sentence: str, topic: str) -> list[Mention]:
        """The sentence's mentions, each pronoun read as the sentence's first
        person named before it (or the topic), and a sentence that starts
        with "Seen ..." or "Said ..." given the topic as its subject."""
        people = self.mentions(sentence)
        out: list[Mention] = []
        if topic and self.implicit.match(sentence):
            out.append(Mention(0, 0, topic, False))
        for m in people:
            if m.who == "pronoun":
                earlier = [p.who for p in out if p.who not in ("practitioner",)]
                m = Mention(m.start, m.end, earlier[0] if earlier else topic, False)
            out.append(m)
        return out

    def mentions(self, sentence: str) -> list[Mention]:
        """The people a sentence names, in order (a longer match wins)."""
        spans: list[Mention] = []
        for who, pattern in self.who:
            for match in pattern.finditer(sentence):
                tail = sentence[match.end() : match.end() + 2]
                spans.append(
                    Mention(match.start(), match.end(), who, tail[:2] in {"'s", "’s"})  # noqa: RUF001
                )
        spans.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for span in spans:
            if not kept or span.start >= kept[-1].end:
                kept.append(span)
        return kept

    def _read(self, text: str, topic: str) -> Reading:
        sentences = [s for s in _SENTENCE.split(str(text)) if s.strip()]
        seen_yes: list[str] = []
        seen_no: list[str] = []
        alone_yes: list[str] = []
        spoken: list[str] = []
        words: list[str] = []
        shown: list[str] = []
        away: list[str] = []
        unnamed: list[str] = []
        accompanied: list[str] = []
        first_family = ""
        any_child = any_family = False
        if not topic and sentences and self.seeing.match(sentences[0]):
            topic = self._only_child(sentences)
        for sentence in sentences:
            # "not seen alone" says the child was seen, with someone there.
            sentence = self.seen_not_alone.sub("seen (not alone)", sentence)
            people = self._resolved(sentence, topic)
            # "the children's bedroom": a group's belongings, not the children;
            # "Call from mum - child ...": the caller is not whom it is about
            present = [
                m
                for m in people
                if not (
                    m.who == "group" and m.possessive and not self._place(sentence, m)
                )
                and not self._caller(sentence, m)
            ]
            if not first_family:
                first_family = next(
                    (m.who for m in present if m.who not in ("practitioner", "")), ""
                )
            names_child = any(m.who in ("child", "group") for m in people)
            named_any = any(m.who != "practitioner" for m in people)
            own = self._own_mentions(sentence, people)
            any_child |= any(m in present for m in own)
            any_family |= any(m.who in ("child", "group", "family") for m in people)
            if own and (elsewhere := self._away(sentence, own)):
                away.append(elsewhere)
            self._seen(sentence, people, seen_yes, seen_no)
            if (names_child or not named_any) and (
                hit := self.not_seen.search(sentence)
            ):
                seen_no.append(hit.group(0))
            speaker = self._speakers(sentence, people, topic)
            words += speaker
            spoken += self._spoken(sentence, people)
            if any(m.who == "child" for m in people):
                alone_yes += self._alone(sentence, people)
                accompanied += self._accompanied(sentence, people)
                if hit := self.presentation.search(sentence):
                    shown.append(hit.group(0))
            elif not any(m.who == "family" for m in people):
                unnamed += [h.group(0) for h in self.alone.finditer(sentence)]
            topic = next(
                (m.who for m in present if m.who not in ("practitioner", "")), topic
            )
        seen = True if seen_yes else False if seen_no else None
        return Reading(
            seen=seen,
            seen_why=_said(seen_yes[0] if seen_yes else seen_no[0] if seen_no else ""),
            alone=bool(alone_yes) and seen is not False,
            alone_why=_said(alone_yes[0]) if alone_yes else "",
            spoken=bool(spoken or words),
            spoken_why=_said(spoken[0]) if spoken else "",
            words=bool(words),
            words_why=_said(words[0]) if words else "",
            first_is_child=first_family in ("child", "group"),
            presentation=shown[0] if shown else "",
            names_child=any_child,
            names_family=any_family,
            away=away[0] if away else "",
            alone_unnamed=unnamed[0] if unnamed and not alone_yes else "",
            accompanied=accompanied[0] if accompanied else "",
            declined=hit.group(0) if (hit := self.declined.search(text)) else "",
        )

    def _inside_account(
        self, sentence: str, people: Sequence[Mention], m: Mention
    ) -> bool:
        """Whether the child's name comes after another family member's
        account verb ("Mum reports Child A 'a handful'"): the quote is hers."""
        return any(
            hit.start() < m.start
            and (before := [p for p in people if p.end <= hit.start()])
            and before[-1].who == "family"
            for hit in self.verbs.finditer(sentence)
        )

    def _only_child(self, sentences: Sequence[str]) -> str:
        """ "child" when the entry's children named (anywhere, even in a
        parent's account) are the child alone: "Weighed at clinic. Mum says
        Child A eating well." was the child weighed."""
        whom = {m.who for s in sentences for m in self.mentions(s)}
        return "child" if "child" in whom and "group" not in whom else ""

    def _place(self, sentence: str, m: Mention) -> bool:
        """Whether a group's possessive names a place for children as patients
        ("Children's ED", "children's ward"), where the child is, unlike
        "the children's bedroom"."""
        return bool(self.places.match(sentence, m.end))

    def _caller(self, sentence: str, m: Mention) -> bool:
        """Whether the person is named as the one who called or reported
        ("Call from mum", "reported by neighbour"), not whom it is about."""
        return m.who == "family" and bool(
            self.callers.search(_last_words(sentence[: m.start], 3))
        )

    def _own_mentions(self, sentence: str, people: Sequence[Mention]) -> list[Mention]:
        """The child's (or group's) mentions that are not inside another
        family member's account ("Mother said Child A was unwell")."""
        accounts = [
            hit.start()
            for hit in self.verbs.finditer(sentence)
            if (before := [m for m in people if m.end <= hit.start()])
            and before[-1].who == "family"
        ]
        return [
            m
            for m in people
            if m.who in ("child", "group") and not any(a < m.start for a in accounts)
        ]

    def _away(self, sentence: str, own: Sequence[Mention]) -> str:
        """Words that put the child elsewhere: an away word in the sentence,
        or one right after the child's name ("Child A at her nan's")."""
        if hit := self.away.search(sentence):
            return hit.group(0)
        for m in own:
            if hit := self.away_after.match(sentence, m.end):
                return sentence[m.start : hit.end()].strip()
        return ""

    def _seen(
        self,
        sentence: str,
        people: Sequence[Mention],
        yes: list[str],
        no: list[str],
    ) -> None:
        """A "seen" word just after the child's name, or just before it."""
        for k, m in enumerate(people):
            if m.who not in ("child", "group"):
                continue
            last = k  # "Child A and Sibling 1 seen": the names as one
            while last + 1 < len(people) and _JOIN.fullmatch(
                sentence[people[last].end : people[last + 1].start]
            ):
                last += 1
            end = people[last].end
            stop = people[last + 1].start if last + 1 < len(people) else len(sentence)
            after = _first_words(sentence[end:stop], 5)
            if not m.possessive and (hit := self.seen_after.search(after)):
                phrase = sentence[m.start : end + len(after)].strip(" ,:")
                negated = self.negation.search(after[: hit.start()])
                (no if negated else yes).append(phrase)
                continue
            if phrase := _just_before(self.seen_before, sentence, m):
                negated = self.negation.search(_last_words(sentence[: m.start], 5))
                (no if negated else yes).append(phrase)

    def _speakers(
        self, sentence: str, people: Sequence[Mention], topic: str
    ) -> list[str]:
        """Speech whose nearest person named before it is the child."""
        found = []
        for hit in self.verbs.finditer(sentence):
            before = [m for m in people if m.end <= hit.start()]
            if before:
                who, gap = before[-1].who, sentence[before[-1].end : hit.start()]
            elif not sentence[: hit.start()].strip(" -–,:" + _QUOTE):  # noqa: RUF001
                who, gap = topic, ""
                if self.unspoken.match(sentence, hit.end()):
                    continue  # "...about Child A; shared with consent": no one speaks
            else:
                continue
            if who != "child" or self.words_negation.search(gap):
                continue
            if self.hearsay.match(sentence, hit.end()):
                continue
            if _PASSIVE.search(gap) and hit.group(0).lower() in {"told", "asked"}:
                continue
            found.append(_clip(sentence, hit.start(), hit.end()))
        for m in people:
            if m.who != "child":
                continue
            tail = sentence[m.end : m.end + 3].lstrip(" ")
            rest = sentence[m.end :].lstrip(" :")
            # "Child A: 'I want to go home'", not a label ("... for Child A: high").
            quoted = tail[:1] in set(_QUOTE) or (
                tail[:1] == ":"
                and (rest[:1] in set(_QUOTE) or self.first_person.search(rest))
            )
            if (
                quoted
                and not m.possessive
                and not self._inside_account(sentence, people, m)
            ):
                found.append(_clip(sentence, m.start, m.end + 3))
            elif m.possessive and self.own.match(sentence, m.end):
                found.append(_clip(sentence, m.start, m.end + 12))
        return found

    def _spoken(self, sentence: str, people: Sequence[Mention]) -> list[str]:
        found = []
        for k, m in enumerate(people):
            if m.who not in ("child", "group"):
                continue
            stop = people[k + 1].start if k + 1 < len(people) else len(sentence)
            after = _first_words(sentence[m.end : stop], 5)
            hit = None if m.possessive else self.spoken_after.search(after)
            if hit and not self.words_negation.search(after[: hit.start()]):
                found.append(sentence[m.start : m.end + hit.end()].strip())
            phrase = _just_before(self.spoken_before, sentence, m)
            if phrase and not self.negation.search(_last_words(sentence[: m.start], 6)):
                found.append(phrase)
        named = any(m.who == "child" for m in people)
        if named and (hit := self.spoken_phrases.search(sentence)):
            found.append(hit.group(0))
        return found

    def _alone(self, sentence: str, people: Sequence[Mention]) -> list[str]:
        """An "alone" phrase whose nearest person named before it is the child."""
        found = []
        for hit in self.alone.finditer(sentence):
            before = [m for m in people if m.end <= hit.start()]
            if not before or before[-1].who != "child":
                continue
            near = sentence[max(0, hit.start() - 20) : hit.end() + 25]
            if self.not_alone.search(near):
                continue
            found.append(sentence[before[-1].start : hit.end()].strip())
        for k, m in enumerate(people):
            # "session with Child A", not "session with Child A and mum".
            if m.who != "child" or not (
                phrase := _just_before(self.with_child, sentence, m)
            ):
                continue
            nxt = people[k + 1] if k + 1 < len(people) else None
            joined = nxt is not None and _JOIN.fullmatch(sentence[m.end : nxt.start])
            if not (joined and nxt is not None and nxt.who == "family"):
                found.append(phrase)
        return found

    def _accompanied(self, sentence: str, people: Sequence[Mention]) -> list[str]:
        """A parent or carer named in a sentence naming the child, before any
        account ("Child A arrived with a scratch, mum says ..."; never
        "Child A said 'mum shouts'"), or the handing over ("at drop off")."""
        found = [h.group(0) for h in self.handover.finditer(sentence)]
        verb = self.verbs.search(sentence)
        cut = verb.start() if verb else len(sentence)
        found += [
            sentence[m.start : m.end]
            for m in people
            if m.who == "family" and m.start < cut
        ]
        return found


def _just_before(pattern: re.Pattern[str], sentence: str, m: Mention) -> str:
    """The phrase of ``pattern`` right before the name ("saw Child A"), with
    at most one linking word between ("bruise seen on Child A's cheek")."""
    before = _last_words(sentence[: m.start], 3)
    for hit in pattern.finditer(before):
        gap = before[hit.end() :].split()
        if not gap or (len(gap) == 1 and gap[0].lower() in _LINKS):
            return (before[hit.start() :] + sentence[m.start : m.end]).strip()
    return ""


def _first_words(text: str, n: int) -> str:
    match = re.match(r"\s*(?:\S+\s*){0,%d}" % n, text)  # noqa: UP031
    return match.group(0) if match else text


def _last_words(text: str, n: int) -> str:
    match = re.search(r"(?:\S+\s*){0,%d}$" % n, text)  # noqa: UP031
    return match.group(0) if match else text


def _clip(sentence: str, start: int, end: int, width: int = 60) -> str:
    """The sentence around [start, end), cut at whole words."""
    lo = max(0, start - width // 2)
    hi = min(len(sentence), end + width)
    if lo > 0:
        lo = sentence.find(" ", lo) + 1 or lo
        lo = min(lo, start)
    if hi < len(sentence):
        cut = sentence.rfind(" ", end, hi)
        hi = cut if cut > 0 else hi
    return sentence[lo:hi].strip()


def _said(phrase: str) -> str:
    return f'the entry says "{" ".join(phrase.split())}"' if phrase else ""


# --- per entry --------------------------------------------------------------


def child_experience(
    entries: pd.DataFrame, review: ReviewSettings, *, whom: str | None = None
) -> pd.DataFrame:
    """For each entry: was the child seen, seen alone, spoken to, and are the
    child's own words recorded (EXPERIENCE_COLUMNS, indexed like ``entries``).

    The agency's "child seen" / "seen alone" cells decide when filled; then
    what the description says; then the kind of contact (an in-person
    contact whose first family member named is the child). ``child_seen_why``
    gives the words that decided each, in plain words. ``whom`` is who
    counts as the child: "subject" (the review's child) or "family" (any
    child of the family: the review file's people under 18, and sibling
    words; a person of no known age counts when their role is a sibling's);
    by default the review file's ``[experience] whom``, else
    schemas/experience.toml's ``[child] whom``.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> child_experience(chron.entries, chron.review)["child_was_seen"].mean()
        ... # doctest: +SKIP
    """
    reader = Reader(review, whom)
    rules = _rules()
    texts = text_column(entries, "description", clean=False).to_numpy()
    topics = _topics(reader, entries)
    kinds = entry_kinds(entries, review).to_numpy()
    seen_cells = text_column(entries, "child_seen").to_numpy()
    alone_cells = text_column(entries, "seen_alone").to_numpy()
    types = text_column(entries, "event_type").to_numpy()
    contact = text_column(entries, "agency_type").to_numpy()
    encounter = set(rules["encounters"]["types"])
    not_seen_types = set(rules["seen"]["not_seen_types"])
    remote = _words(rules["encounters"]["remote"])
    cell_value = {v: seen_value(v) for v in pd.unique(np.r_[seen_cells, alone_cells])}
    # Each distinct (text, person, cells, type, contact) is decided once.
    keys = pd.DataFrame(
        {"a": texts, "b": topics, "c": seen_cells, "d": alone_cells, "e": types}
    )
    contacts = Contacts(rules)
    serves = contacts.serves(reader, entries, texts, topics, kinds)
    if reader.one_child:  # a children's department's patient is the child
        serves = serves | contacts.childrens_department(entries)
    keys = keys.assign(f=contact, g=kinds, h=serves)
    codes = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    firsts = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    n = len(firsts)
    seen = np.zeros(n, dtype=bool)
    alone = np.zeros(n, dtype=bool)
    spoken = np.zeros(n, dtype=bool)
    words = np.zeros(n, dtype=bool)
    why = np.empty(n, dtype=object)
    for k, i in enumerate(firsts):
        reading = reader.read(texts[i], topics[i])
        parts: list[str] = []
        cell = cell_value[seen_cells[i]]
        if cell is not None:
            seen[k] = cell
            parts.append(
                f'seen: the agency\'s "child seen" column says "{seen_cells[i]}"'
            )
        elif reading.seen is not None:
            seen[k] = reading.seen
            parts.append(
                f"{'seen' if reading.seen else 'not seen'}: {reading.seen_why}"
            )
        elif types[i] in not_seen_types:
            parts.append(f"not seen: {types[i].replace('_', ' ')}")
        elif (
            types[i] in encounter
            and reading.first_is_child
            and not reading.away
            and (
                contacts.in_person.search(contact[i])
                or not (remote.search(texts[i]) or remote.search(contact[i]))
            )
        ):
            seen[k] = True
            parts.append(
                f"seen: a {types[i].replace('_', ' ')} about the child, in person"
            )
        elif reason := contacts.sighting(
            reading,
            texts[i],
            contact[i],
            kinds[i],
            types[i],
            bool(serves[i]),
            patient=topics[i] == "child",
        ):
            seen[k] = True
            parts.append(reason)
        alone_cell = cell_value[alone_cells[i]]
        if alone_cell is not None:
            alone[k] = alone_cell and seen[k]
            parts.append(
                f'alone: the agency\'s "seen alone" column says "{alone_cells[i]}"'
            )
        elif reading.alone and seen[k]:
            alone[k] = True
            parts.append(f"alone: {reading.alone_why}")
        elif seen[k] and (reason := contacts.alone(reading, kinds[i], types[i])):
            alone[k] = True
            parts.append(reason)
        elif seen[k] and reading.alone_unnamed and (topics[i] or serves[i]):
            alone[k] = True
            parts.append(f"alone: {_said(reading.alone_unnamed)}")
        spoken[k] = reading.spoken
        if reading.spoken and reading.spoken_why:
            parts.append(f"spoken to: {reading.spoken_why}")
        elif reason := contacts.talking(reading, kinds[i], types[i], bool(serves[i])):
            spoken[k] = True
            parts.append(reason)
        words[k] = reading.words
        if reading.words:
            parts.append(f"child's words: {reading.words_why}")
        why[k] = "; ".join(parts) or NOTHING_SAID
    return pd.DataFrame(
        {
            "child_was_seen": seen[codes],
            "child_seen_alone": alone[codes],
            "child_spoken_to": spoken[codes],
            "child_words": words[codes],
            "child_seen_why": pd.Series(
                why[codes] if len(codes) else [], index=entries.index, dtype=object
            ),
        },
        index=entries.index,
    )


class Contacts:
    """schemas/experience.toml's [contacts]: the kinds of contact (agency
    kind x event type) at which the child is seen unless the entry says
    otherwise, and the child spoken to in person as a sighting."""

    def __init__(self, rules: dict[str, dict[str, Any]]) -> None:
        self.types = {k: set(v) for k, v in rules["contacts"].items()}
        extra = rules["contact_rules"]
        self.of_the_child = set(extra["of_the_child"])
        self.first_named = set(extra["first_named"])
        self.children_only = set(extra["children_only"])
        self.remote = _words([*rules["encounters"]["remote"], *extra["remote"]])
        self.paperwork = set(extra["not_in_person_types"])
        self.in_person = _words(rules["encounters"].get("in_person", []))
        self.departments = _words(extra.get("childrens_departments", []))
        self.settings = {k: set(v) for k, v in rules["settings"].items()}
        self.conversations = {k: set(v) for k, v in rules["talking"].items()}

    def alone(self, reading: Reading, kind: str, event_type: str) -> str:
        """Why the child, seen, was seen alone by the setting ([settings]:
        a school day, no parent there), or "" when a sentence naming the
        child names a parent or carer, or the handing over."""
        if event_type not in self.settings.get(kind, ()) or reading.accompanied:
            return ""
        return (
            f"alone: seen at a {event_type.replace('_', ' ')} of "
            f"{kind.replace('_', ' ')}, where no parent or carer is there, and "
            "the entry names none"
        )

    def talking(
        self, reading: Reading, kind: str, event_type: str, serves: bool
    ) -> str:
        """Why the child was spoken to by the kind of contact ([talking]: a
        mental health or youth justice session), or ""."""
        if event_type not in self.conversations.get(kind, ()) or reading.declined:
            return ""
        if not (reading.names_child or (serves and not reading.names_family)):
            return ""
        return (
            f"spoken to: a {event_type.replace('_', ' ')} session of "
            f"{kind.replace('_', ' ')} is a conversation with the child unless "
            "the entry says they would not talk"
        )

    def serves(
        self,
        reader: Reader,
        entries: pd.DataFrame,
        texts: np.ndarray,
        topics: np.ndarray,
        kinds: np.ndarray,
    ) -> np.ndarray:
        """For each entry, whether its agency works with children only (a
        children_only kind) and mostly writes about the child: of its entries
        that name someone of the family, most name the child first."""
        agencies = text_column(entries, "agency").to_numpy()
        named: dict[str, int] = {}
        first: dict[str, int] = {}
        for text, topic, agency, kind in zip(
            texts, topics, agencies, kinds, strict=True
        ):
            if kind not in self.children_only:
                continue
            reading = reader.read(text, topic)
            if reading.names_family:
                named[agency] = named.get(agency, 0) + 1
                first[agency] = first.get(agency, 0) + reading.first_is_child
        serves = {a: 2 * first.get(a, 0) > n for a, n in named.items()}
        return np.array([serves.get(a, False) for a in agencies], dtype=bool)

    def childrens_department(self, entries: pd.DataFrame) -> np.ndarray:
        """Whether each entry's own department or service column (the
        hospital's "Paediatric OPD") says it is a children's service, so an
        entry naming no one of the family is about a child of it."""
        department = text_column(entries, "agency_text")
        return department.str.contains(self.departments, regex=True).to_numpy(
            dtype=bool
        )

    def _in_person(self, text: str, contact: str) -> bool:
        """No remote means in the first sentence or the contact column, or
        the contact column says in person ("See and treat": the crew was
        there, whatever the call that started it)."""
        if self.in_person.search(contact):
            return True
        first = next((s for s in _SENTENCE.split(text) if s.strip()), "")
        return not self.remote.search(first) and not self.remote.search(contact)

    def sighting(
        self,
        reading: Reading,
        text: str,
        contact: str,
        kind: str,
        event_type: str,
        serves: bool,
        *,
        patient: bool = False,
    ) -> str:
        """Why the entry records the child seen by the kind of contact, or "".

        ``serves``: the entry's agency works with children only and mostly
        writes about this child, so an entry naming no one of the family is
        about them. ``patient``: the entry's person column names the child
        (a GP record's patient), so the contact is the child's whoever else
        it names ("Diet advice given to mum")."""
        if not self._in_person(text, contact):
            return ""
        what = event_type.replace("_", " ")
        who = kind.replace("_", " ")
        named = patient or (
            reading.first_is_child if kind in self.first_named else reading.names_child
        )
        if (
            event_type in self.types.get(kind, ())
            and not reading.away
            and (
                named
                or event_type in self.of_the_child
                or (serves and not reading.names_family and text.strip() != "")
            )
        ):
            return (
                f"seen: a {what} of {who} about the child; the child is seen at "
                "such a contact unless the entry says otherwise"
            )
        if reading.spoken and event_type not in self.paperwork:
            return "seen: the child was spoken to, in person"
        return ""


def _topics(reader: Reader, entries: pd.DataFrame) -> np.ndarray:
    """Who each entry is about before any name: its person column's reading."""
    persons = text_column(entries, "person")
    topic_of = {p: reader.person_topic(p) for p in pd.unique(persons)}
    return persons.map(topic_of).to_numpy()


def with_experience(entries: pd.DataFrame, review: ReviewSettings) -> pd.DataFrame:
    """The entries with EXPERIENCE_COLUMNS added (or refreshed)."""
    found = child_experience(entries, review)
    return entries.assign(**{c: found[c] for c in EXPERIENCE_COLUMNS})


def _experienced(entries: pd.DataFrame, review: ReviewSettings) -> pd.DataFrame:
    if all(c in entries.columns for c in EXPERIENCE_COLUMNS):
        return entries
    return with_experience(entries, review)


# --- last seen --------------------------------------------------------------

_KINDS = (("seen", "child_was_seen"), ("seen_alone", "child_seen_alone"))


def last_seen(
    entries: pd.DataFrame, review: ReviewSettings, *, dated: Dated | None = None
) -> pd.DataFrame:
    """The stretches between sightings of the child (seen.csv), per scope.

    For scope ``all`` and then each agency (name order), and for each kind
    (``seen``, ``seen_alone``): from the review period's start to the first
    sighting, between each two sightings on different days, and from the last
    to the period's end. A sighting is an entry of day or week precision in
    the review period recording the child seen (or seen alone); ``days`` is
    how long the child went unseen (by that scope). An agency that never
    records the child seen has one stretch, the whole period.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> seen = last_seen(chron.entries, chron.review)  # doctest: +SKIP
        >>> seen.query("scope == 'all' and kind == 'seen'").nlargest(3, "days")
        ... # doctest: +SKIP
    """
    entries = _experienced(entries, review)
    if dated is None:
        dated = dated_entries(entries, review)
    rows = dated.rows
    rows = rows[rows["in_period"] & rows["precision"].isin(CLOSE_PRECISIONS)]
    p_start, p_end = dated.period_start, dated.period_end
    out: list[dict[str, object]] = []
    agencies = sorted(set(rows["agency"].astype(str)))
    for kind, column in _KINDS:
        flag = entries[column].to_numpy(dtype=bool)[rows["pos"].to_numpy()]
        sightings = rows[flag]
        scopes: list[tuple[str, pd.DataFrame]] = [("all", sightings)]
        scopes += [(a, sightings[sightings["agency"] == a]) for a in agencies]
        for scope, part in scopes:
            out += _stretches(scope, kind, part, p_start, p_end)
    frame = pd.DataFrame(out, columns=list(SEEN_COLUMNS))
    frame["days"] = frame["days"].astype("int64")
    key = frame["scope"] != "all"
    frame = frame.assign(_k=key).sort_values(
        ["_k", "scope", "kind", "from"], kind="stable"
    )
    return frame.drop(columns="_k").reset_index(drop=True)


def _stretches(
    scope: str,
    kind: str,
    part: pd.DataFrame,
    p_start: int | None,
    p_end: int | None,
) -> list[dict[str, object]]:
    what = "seen alone" if kind == "seen_alone" else "seen"
    who = "any agency" if scope == "all" else scope
    ordered = part.sort_values(["start", "entry_id"])
    days = ordered["start"].to_numpy()
    ids = ordered["entry_id"].to_numpy()
    first_of = {int(d): str(e) for d, e in zip(days[::-1], ids[::-1], strict=True)}
    found: list[dict[str, object]] = []

    def add(lo: int, hi: int, lo_id: str, hi_id: str, why: str) -> None:
        if hi > lo:
            found.append(
                {
                    "scope": scope,
                    "kind": kind,
                    "from": iso(lo),
                    "to": iso(hi),
                    "days": int(hi - lo),
                    "from_entry": lo_id,
                    "to_entry": hi_id,
                    "why": why,
                }
            )

    if not len(days):
        if p_start is not None and p_end is not None:
            add(
                p_start,
                p_end,
                "",
                "",
                f"no entry of {who} records the child {what} in the review period",
            )
        return found
    distinct = np.unique(days)
    last_of = {int(d): str(e) for d, e in zip(days, ids, strict=True)}
    if p_start is not None and distinct[0] > p_start:
        add(
            p_start,
            int(distinct[0]),
            "",
            first_of[int(distinct[0])],
            f"from the start of the review period to the first entry of {who} "
            f"recording the child {what}",
        )
    for lo, hi in zip(distinct[:-1], distinct[1:], strict=True):
        add(
            int(lo),
            int(hi),
            last_of[int(lo)],
            first_of[int(hi)],
            f"no entry of {who} records the child {what} between these entries",
        )
    if p_end is not None and distinct[-1] < p_end:
        add(
            int(distinct[-1]),
            p_end,
            last_of[int(distinct[-1])],
            "",
            f"from the last entry of {who} recording the child {what} "
            "to the end of the review period",
        )
    return found


def days_since_seen(
    entries: pd.DataFrame, review: ReviewSettings, *, dated: Dated | None = None
) -> pd.DataFrame:
    """For each dated entry, days since any agency last recorded the child
    seen (and seen alone), that day counting as 0; empty (NA) before the
    first sighting or for an undated entry.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> days_since_seen(chron.entries, chron.review).max()  # doctest: +SKIP
    """
    entries = _experienced(entries, review)
    if dated is None:
        dated = dated_entries(entries, review)
    rows = dated.rows
    close = rows["in_period"] & rows["precision"].isin(CLOSE_PRECISIONS)
    pos = rows["pos"].to_numpy()
    start = rows["start"].to_numpy()
    out = {}
    for kind, column in _KINDS:
        flag = entries[column].to_numpy(dtype=bool)[pos] & close.to_numpy()
        sighted = np.unique(start[flag])
        values = pd.array([pd.NA] * len(entries), dtype="Int64")
        if len(sighted):
            at = np.searchsorted(sighted, start, side="right") - 1
            ok = at >= 0
            values[pos[ok]] = start[ok] - sighted[at[ok]]
        out[f"days_since_{kind}"] = values
    return pd.DataFrame(out, index=entries.index)


# --- voice of the child -------------------------------------------------------


def voice_of_the_child(entries: pd.DataFrame, review: ReviewSettings) -> pd.DataFrame:
    """The entries that carry the child's own words, or how the child was
    seen to present (voice.csv), in date order.

    ``what`` is "child's words" or "observed presentation" (an entry
    recording the child seen whose sentence naming the child describes how
    they looked or behaved); ``text`` is the entry's description; ``why`` the
    words that decided.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> voice_of_the_child(chron.entries, chron.review)["what"].value_counts()
        ... # doctest: +SKIP
    """
    entries = _experienced(entries, review)
    reader = Reader(review)
    texts = text_column(entries, "description", clean=False).to_numpy()
    topics = _topics(reader, entries)
    ids = text_column(entries, "entry_id", clean=False).to_numpy()
    dates = text_column(entries, "date_start").to_numpy()
    agencies = text_column(entries, "agency").to_numpy()
    words = entries["child_words"].to_numpy(dtype=bool)
    seen = entries["child_was_seen"].to_numpy(dtype=bool)
    rows = []
    for i in np.flatnonzero(words | seen):
        reading = reader.read(texts[i], topics[i])
        if words[i]:
            what, why = WORDS_LABEL, reading.words_why
        elif reading.presentation:
            what = PRESENTATION_LABEL
            why = f'the child was seen and the entry says "{reading.presentation}"'
        else:
            continue
        rows.append(
            {
                "entry_id": ids[i],
                "date": dates[i],
                "agency": agencies[i],
                "what": what,
                "text": texts[i],
                "why": why,
            }
        )
    frame = pd.DataFrame(rows, columns=list(VOICE_COLUMNS))
    # Date order (undated last), then the entries' own order.
    order = frame["date"].where(frame["date"] != "", "9999")
    return frame.iloc[np.argsort(order.to_numpy(dtype=str), kind="stable")].reset_index(
        drop=True
    )
