"""Details in a summary for publication that could identify a family in
combination ("jigsaw identification"): named schools and surgeries, agencies,
streets, places, jobs and unusual household facts.

Each finding is a prompt for the author with a suggested safer wording,
never a change made for them: the author knows which details the public
already has. The words and patterns are in schemas/jigsaw.toml; the review's
own agencies and the places its ``[publish]`` table lists are added to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .agencies import schema_kinds
from .identifiers import first_names
from .resources import load_toml
from .review import ReviewSettings


@dataclass(frozen=True)
class Risk:
    """One detail: its kind (a key of jigsaw.toml's ``[why]``), the text as
    written, where it starts in the text, and a safer wording."""

    kind: str
    text: str
    start: int
    suggestion: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@cache
def jigsaw_schema() -> dict[str, Any]:
    """schemas/jigsaw.toml (cached: treat as read-only)."""
    return load_toml("jigsaw.toml")


def _exact(words: Iterable[str]) -> str:
    """Whole phrases as written, longest first."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in parts)


def _phrases(words: Iterable[str]) -> str:
    """Whole phrases, longest first, spaces matching any run of spaces."""
    parts = sorted(
        {w.casefold() for w in words if w.strip()}, key=lambda w: (-len(w), w)
    )
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in parts)


# A word of a proper name: a capital then small letters ("St", "Mary's",
# "Brookfield", "McAllister"). Abbreviations ("GP", "CP", "PoP") are not
# names of places: they are how agencies write their own work.
_CAP = r"(?:St\.?|(?:Mc|Mac|O['’])?[A-Z][a-z][a-z'’\-]*)"


_SMALL_WORD = re.compile(r"(?<![\w'’])[a-z][a-z]+(?![\w'’])")


def _capitalised(phrase: str) -> str:
    """Each word's first letter in capitals ("children's centre" ->
    "Children's Centre"), as a name is written."""
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


class JigsawRules:
    """The patterns for one review: schemas/jigsaw.toml plus the review's
    agencies and the places its ``[publish]`` table lists."""

    def __init__(
        self,
        review: ReviewSettings | None = None,
        common_words: Iterable[str] = (),
    ) -> None:
        """``common_words``: words the review's files write in small letters
        ("initial", "open"): a capitalised one of them after "at" or "to"
        starts a sentence or a heading, not a place name."""
        data = jigsaw_schema()
        review = review or ReviewSettings()
        self.why: dict[str, str] = dict(data["why"])
        self.removed: dict[str, str] = dict(data["removed"])
        self.removed_after: dict[str, Any] = dict(data["removed_after"])
        self._names_it = re.compile(
            rf"(?<![\w'’])(?:{_phrases(self.removed_after['words'])})[\s:#(\-]*$",
            re.IGNORECASE,
        )
        self.agency_kinds: dict[str, str] = dict(data["agency_kinds"])
        rare = data["rare_event"]
        self.rare_types = frozenset(rare["types"])
        self.seasons = {int(k): str(v) for k, v in rare["seasons"].items()}

        setting = {k.casefold(): v for k, v in data["setting"]["words"].items()}
        self._setting_words = setting
        # The setting's word is capitalised too: "Brookfield Primary" is a
        # name, "Child B's school" is not.
        self._setting = re.compile(
            rf"(?<![\w'’])(?:{_CAP}\s+)+(?:{_exact(map(_capitalised, setting))})"
            rf"(?![\w'’])"
        )
        street = data["street"]
        street_words = _exact(map(_capitalised, street["words"]))
        self._street = re.compile(
            rf"(?<![\w'’])(?:\d{{1,4}}[A-Za-z]?,?\s+)?(?:{_CAP}\s+)+(?:{street_words})(?![\w'’])"
        )
        self.street_suggestion = str(street["suggestion"])
        place = data["place"]
        self._place = re.compile(
            rf"(?<![\w'’])(?i:{_phrases(place['after'])})\s+({_CAP}(?:\s+{_CAP})?)"
            rf"(?![\w'’])"
        )
        self.place_suggestion = str(place["suggestion"])
        not_places = {w.casefold() for w in place["not_places"]}
        for person in review.people:
            not_places |= {w.casefold() for w in person.label.split()}
        # The words agencies are known by ("Early Help", "Front Door") name
        # services, not places.
        for kind in schema_kinds().values():
            for name in (kind["name"], *kind.get("aliases", [])):
                not_places |= {w.casefold() for w in name.split()}
        not_places |= set(common_words)
        self._not_places = frozenset(not_places) | first_names()
        occupation = data["occupation"]
        self._occupation = re.compile(
            rf"(?<![\w'’])(?:(?:{_phrases(occupation['before'])})\s+(?:an?\s+)?"
            rf"(?:{_phrases(occupation['words'])})|(?:{_phrases(occupation['phrases'])}))"
            rf"(?![\w'’])",
            re.IGNORECASE,
        )
        self.occupation_suggestion = str(occupation["suggestion"])
        self._household = [
            # A pattern asking for capitals ("[A-Z]") is read as written.
            (re.compile(pattern, 0 if "[A-Z]" in pattern else re.IGNORECASE), wording)
            for pattern, wording in data["household"].items()
        ]
        self._agencies = self._agency_pattern(review)
        places = [p for p in review.publish.places if p.strip()]
        self._author_places = (
            re.compile(rf"(?<![\w'’])(?:{_phrases(places)})(?![\w'’])", re.IGNORECASE)
            if places
            else None
        )

    def _agency_pattern(
        self, review: ReviewSettings
    ) -> tuple[re.Pattern[str], dict[str, str]] | None:
        """The review's agency names and aliases (two words or more: "Police"
        alone names no one), each with its kind's wording."""
        wording: dict[str, str] = {}
        for agency in review.agencies:
            safe = self.agency_kinds.get(agency.kind, self.agency_kinds["other"])
            for name in (agency.name, *agency.aliases):
                key = " ".join(name.casefold().split())
                if len(key.split()) >= 2 and key not in wording:
                    wording[key] = safe
        if not wording:
            return None
        pattern = re.compile(rf"(?<![\w'’])(?:{_phrases(wording)})(?![\w'’])", re.I)
        return pattern, wording

    def names_it(self, before: str) -> bool:
        """Whether the words just before an identifier already say what it
        is ("NHS no.", "tel:")."""
        return self._names_it.search(before[-40:]) is not None

    @staticmethod
    def small_words(texts: Iterable[str]) -> frozenset[str]:
        """The words written in small letters anywhere in ``texts``."""
        found: set[str] = set()
        for text in texts:
            found.update(_SMALL_WORD.findall(text))
        return frozenset(found)

    def agency_wording(self, kind: str) -> str:
        """How the summary names an agency of this kind ("the school")."""
        return self.agency_kinds.get(kind, self.agency_kinds["other"])

    def find(self, text: str) -> list[Risk]:
        """Every detail in ``text``, in text order; where two overlap, the
        longer stays ("Castle Lane Surgery", not "Castle Lane")."""
        if not text:
            return []
        found: list[Risk] = []
        if self._agencies is not None:
            pattern, wording = self._agencies
            for m in pattern.finditer(text):
                key = " ".join(m.group().casefold().split())
                found.append(Risk("agency", m.group(), m.start(), wording[key]))
        if self._author_places is not None:
            for m in self._author_places.finditer(text):
                found.append(
                    Risk("author_place", m.group(), m.start(), self.place_suggestion)
                )
        for m in self._setting.finditer(text):
            found.append(
                Risk("setting", m.group(), m.start(), self._setting_wording(m.group()))
            )
        for m in self._street.finditer(text):
            found.append(Risk("street", m.group(), m.start(), self.street_suggestion))
        for m in self._place.finditer(text):
            words = m.group(1)
            if self._is_place(words):
                found.append(Risk("place", words, m.start(1), self.place_suggestion))
        for m in self._occupation.finditer(text):
            found.append(
                Risk("occupation", m.group(), m.start(), self.occupation_suggestion)
            )
        for pattern, wording in self._household:
            for m in pattern.finditer(text):
                found.append(Risk("household", m.group(), m.start(), wording))
        return _longest(found)

    def _setting_wording(self, name: str) -> str:
        lowered = " ".join(name.casefold().split())
        for word in sorted(self._setting_words, key=len, reverse=True):
            if lowered.endswith(word):
                return str(self._setting_words[word])
        return "a local service"

    def _is_place(self, words: str) -> bool:
        first = re.sub(r"['’]s$", "", words.split()[0]).casefold()
        return first not in self._not_places


def _longest(found: list[Risk]) -> list[Risk]:
    """Overlapping findings reduced to the longest (then the earliest kind
    listed), in text order."""
    order = sorted(found, key=lambda r: (-len(r.text), r.start))
    kept: list[Risk] = []
    for risk in order:
        if all(risk.end <= k.start or risk.start >= k.end for k in kept):
            kept.append(risk)
    return sorted(kept, key=lambda r: (r.start, r.kind))


def season_of(month: int, year: int, seasons: dict[int, str]) -> str:
    """``in spring 2019``; December counts with the winter of the next year's
    start ("winter 2019 to 2020")."""
    season = seasons[month]
    if season == "winter":
        first = year if month == 12 else year - 1
        return f"in winter {first} to {first + 1}"
    return f"in {season} {year}"
