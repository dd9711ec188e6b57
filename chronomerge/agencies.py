"""Which agency recorded an entry, and of what kind: from a column, the
review file, a title line, the file name, or (last) the file name itself.

Ingest settles each entry's agency and kind with this one rule; every later
stage that needs a kind (event types, the analysis, a referral's recipient)
reads ingest's ``agency_kind`` or, for a frame made by hand, asks the same
rule (:func:`entry_kinds`), so a kind is never decided two ways.

Names are matched as whole words (a plural "s" allowed), ignoring case and
punctuation, against the
review file's agencies first and then the kinds in schemas/agencies.toml; the
longest matching name wins, so "Child A LCSPR - Police chronology v3 FINAL"
is Police and "children's social care" beats "social care".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import PurePath

import pandas as pd

from .resources import load_toml
from .review import ReviewSettings

Basis = str  # "column", "review", "title", "filename", "default"

_NON_WORD = re.compile(r"[^0-9a-z]+")
# "Agency: Police", "Organisation - Northshire NHS Trust", "Name of agency: ..."
_LABEL = re.compile(
    r"^\s*(?:name\s+of\s+(?:the\s+)?)?(?:agency|organi[sz]ation|service|provider)"
    r"(?:\s+name)?\s*[:\-–—]\s*(?P<value>\S.*?)\s*$",
    re.IGNORECASE,
)
# Title lines longer than this are sentences (guidance), not titles.
MAX_TITLE_WORDS = 14


def normalise_name(text: str) -> str:
    """Text reduced for whole-word name matching.

    Example:
        >>> normalise_name("Children’s Social-Care (MASH)")
        'childrens social care mash'
    """
    lowered = str(text).casefold().replace("’", "'").replace("'", "")
    lowered = lowered.replace("&", " and ")
    return _NON_WORD.sub(" ", lowered).strip()


@dataclass(frozen=True)
class AgencyChoice:
    """An agency and how it was decided."""

    name: str
    kind: str  # a kind key of schemas/agencies.toml, or ""
    basis: Basis


@cache
def schema_kinds() -> dict[str, dict]:
    """The agency kinds of schemas/agencies.toml."""
    return load_toml("agencies.toml")["kinds"]


def _alias_table(pairs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(normalised alias, name, kind), longest alias first."""
    seen: set[str] = set()
    table = []
    for alias, name, kind in pairs:
        key = normalise_name(alias)
        if key and key not in seen:
            seen.add(key)
            table.append((key, name, kind))
    table.sort(key=lambda row: -len(row[0]))
    return table


def _find(table: list[tuple[str, str, str]], text: str) -> tuple[str, str] | None:
    padded = f" {normalise_name(text)} "
    if padded.isspace():
        return None
    for key, name, kind in table:
        if f" {key} " in padded or f" {key}s " in padded:
            return name, kind
    return None


class AgencyResolver:
    """Decides the agency of files and entries for one review.

    Example:
        >>> AgencyResolver(ReviewSettings()).match("Northshire Constabulary")
        ('Police', 'police')
    """

    def __init__(self, review: ReviewSettings | None = None) -> None:
        self.review = review or ReviewSettings()
        kinds = schema_kinds()
        schema_pairs = []
        for key, spec in kinds.items():
            for alias in [spec["name"], *spec.get("aliases", [])]:
                schema_pairs.append((alias, spec["name"], key))
        self._schema = _alias_table(schema_pairs)
        review_pairs = []
        self._by_kind: dict[str, list[tuple[str, str]]] = {}
        self._review_kind: dict[str, str] = {}
        for agency in self.review.agencies:
            kind = agency.kind or self._kind_of(agency.name, agency.aliases)
            self._review_kind[agency.name.casefold()] = kind
            for alias in [agency.name, *agency.aliases]:
                review_pairs.append((alias, agency.name, kind))
            if kind:
                self._by_kind.setdefault(kind, []).append((agency.name, kind))
        self._review = _alias_table(review_pairs)
        self._value_cache: dict[str, tuple[str, str] | None] = {}

    def _kind_of(self, name: str, aliases: list[str]) -> str:
        for text in [name, *aliases]:
            found = _find(self._schema, text)
            if found:
                return found[1]
        return ""

    def match(self, text: str) -> tuple[str, str] | None:
        """(agency name, kind) named in a piece of text, or None.

        Review agencies come first; a schema kind is reported under the
        review's name for it when the review has exactly one agency of that
        kind.
        """
        if not text:
            return None
        found = _find(self._review, text)
        if found:
            return found
        found = _find(self._schema, text)
        if found:
            same_kind = self._by_kind.get(found[1], [])
            if len(same_kind) == 1:
                return same_kind[0]
            return found
        return None

    def for_value(self, value: str) -> tuple[str, str] | None:
        """An agency column's cell mapped to a known agency (cached)."""
        if value in self._value_cache:
            return self._value_cache[value]
        found = self.match(value)
        self._value_cache[value] = found
        return found

    def named(self, name: str) -> tuple[str, str]:
        """A name given by the review file, with its kind."""
        kind = self._review_kind.get(name.casefold())
        if kind is not None:
            return name, kind
        found = self.match(name)
        return (name, found[1]) if found else (name, "")

    def from_review(self, file_name: str) -> tuple[str, str] | None:
        """The agency the review file gives this file, if any."""
        override = self.review.override_for(file_name)
        if override is not None and override.agency:
            return self.named(override.agency)
        lowered = file_name.lower()
        for agency in self.review.agencies:
            for pattern in agency.files:
                if fnmatch(lowered, pattern.lower()):
                    return self.named(agency.name)
        return None

    def from_title(self, lines: list[str]) -> tuple[str, str] | None:
        """The agency named by a title line above the table, if any."""
        texts = [" ".join(str(line).split()) for line in lines]
        for text in texts:
            label = _LABEL.match(text)
            if label:
                value = label.group("value")
                return self.match(value) or (value, "")
        for text in texts:
            if text and len(text.split()) <= MAX_TITLE_WORDS:
                found = self.match(text)
                if found:
                    return found
        return None

    def from_filename(self, file_name: str) -> tuple[str, str] | None:
        """The agency named in the file name, if any."""
        return self.match(PurePath(file_name).stem)

    def for_file(self, file_name: str, titles: list[str]) -> AgencyChoice:
        """The agency of a file's entries when no agency column says otherwise."""
        found = self.from_review(file_name)
        if found:
            return AgencyChoice(*found, "review")
        found = self.from_title(titles)
        if found:
            return AgencyChoice(*found, "title")
        found = self.from_filename(file_name)
        if found:
            return AgencyChoice(*found, "filename")
        return AgencyChoice(PurePath(file_name).stem, "", "default")


def entry_kinds(entries: pd.DataFrame, review: ReviewSettings) -> pd.Series:
    """Each entry's agency kind: the one ingest settled (``agency_kind``),
    else, for a frame made by hand or an agency ingest could not place, the
    kind ingest's own rule gives its agency's name. One rule for every stage
    that needs a kind, so none decides it differently."""
    index = entries.index
    kinds = (
        entries["agency_kind"].fillna("").astype(str)
        if "agency_kind" in entries.columns
        else pd.Series("", index=index, dtype=object)
    )
    if "agency" not in entries.columns or not (kinds == "").any():
        return kinds
    resolver = AgencyResolver(review)
    names = entries["agency"].fillna("").astype(str)
    by_name = {name: resolver.named(name)[1] for name in names[kinds == ""].unique()}
    return kinds.where(kinds != "", names.map(by_name).fillna(""))
