"""Pseudonymised output: every name the review file lists becomes its label.

A review file's ``[[people]]`` give each person's label (``Mother``) and the
names they go by in the agencies' files (``aliases``). ``--pseudonymise``
replaces those names, as whole words and whatever their case, everywhere the
outputs print text, and says how many replacements it made.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..review import Person, ReviewSettings

if TYPE_CHECKING:
    from ..chronology import Chronology

MANIFEST_KEY = "pseudonymised"


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class Pseudonymiser:
    """Replaces listed names with labels; one compiled pattern, longest name first.

    Example:
        >>> from chronomerge.review import Person
        >>> p = Pseudonymiser([Person(label="Mother", aliases=["Jane Smith", "Jane"])])
        >>> p.replace("Jane Smith said JANE's car...")
        ('Mother said Mother's car...', 2)
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self.labels: dict[str, str] = {}
        for person in people:
            for alias in person.aliases:
                key = _key(alias)
                # One letter would wipe out words like "a"; a label for itself is
                # no replacement.
                if len(key) < 2 or key == _key(person.label) or key in self.labels:
                    continue
                self.labels[key] = person.label
        names = sorted(self.labels, key=lambda k: (-len(k), k))
        alternatives = [r"\s+".join(map(re.escape, n.split())) for n in names]
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )

    def __bool__(self) -> bool:
        return self.pattern is not None

    def _label(self, match: re.Match[str]) -> str:
        return self.labels.get(_key(match.group(0)), match.group(0))

    def replace(self, text: str) -> tuple[str, int]:
        """``text`` with every listed name replaced, and how many were."""
        if self.pattern is None or not text:
            return text, 0
        return self.pattern.subn(self._label, text)

    def replace_any(self, value: Any) -> tuple[Any, int]:
        """Like :meth:`replace` for a cell: non-text values are left as they are."""
        if isinstance(value, str):
            return self.replace(value)
        return value, 0

    def frame(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        """A copy of ``frame`` with names replaced in every text cell and heading."""
        out = frame.copy()
        total = 0
        renames: dict[str, str] = {}
        for column in out.columns:
            if isinstance(column, str):
                new_name, n = self.replace(column)
                if n and new_name not in out.columns:
                    renames[column] = new_name
                    total += n
            series = out[column]
            if series.dtype.kind in "biufcmM":
                continue
            values = series.tolist()
            changed = False
            for i, value in enumerate(values):
                if isinstance(value, str) and value:
                    new, n = self.pattern.subn(self._label, value)  # type: ignore[union-attr]
                    if n:
                        values[i] = new
                        total += n
                        changed = True
            if changed:
                out[column] = pd.Series(values, index=out.index, dtype=series.dtype)
        if renames:
            out = out.rename(columns=renames)
        return out, total

    def nested(self, value: Any) -> Any:
        """Names replaced in every string inside dicts and lists (the manifest)."""
        if isinstance(value, str):
            return self.replace(value)[0]
        if isinstance(value, dict):
            return {self.nested(k): self.nested(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.nested(v) for v in value)
        return value


def pseudonymiser(review: ReviewSettings) -> Pseudonymiser:
    """The replacer for a review's listed people."""
    return Pseudonymiser(review.people)


def pseudonymise(chronology: Chronology) -> tuple[Chronology, int]:
    """A copy of ``chronology`` with every listed name replaced by its label.

    Names and aliases from ``chronology.review.people`` are replaced as whole
    words, whatever their case, longest first, in every text column (and
    column heading) of the entries, issues, gaps, flags, groups, episodes (an
    author's episode title may name the child), people, seen and voice (the
    child's words quote the entries), in the
    review's name and in the manifest. The count returned is of replacements
    in the tables; the manifest records it under ``"pseudonymised"`` so the
    writers can treat carried-over panel notes the same way.

    Returns:
        The new Chronology and the number of replacements made.
    """
    replacer = pseudonymiser(chronology.review)
    manifest = copy.deepcopy(chronology.manifest)
    if not replacer:
        manifest[MANIFEST_KEY] = {"replacements": 0}
        return dataclasses.replace(chronology, manifest=manifest), 0
    total = 0
    tables: dict[str, pd.DataFrame] = {}
    names = ("entries", "issues", "gaps", "flags", "groups", "episodes", "people")
    for name in (*names, "seen", "voice"):
        tables[name], count = replacer.frame(getattr(chronology, name))
        total += count
    review = chronology.review
    new_name = replacer.replace(review.review.name)[0]
    if new_name != review.review.name:
        info = review.review.model_copy(update={"name": new_name})
        review = review.model_copy(update={"review": info})
    manifest = replacer.nested(manifest)
    manifest[MANIFEST_KEY] = {"replacements": total}
    return (
        dataclasses.replace(chronology, review=review, manifest=manifest, **tables),
        total,
    )


def is_pseudonymised(chronology: Chronology) -> bool:
    """Whether :func:`pseudonymise` made this chronology."""
    return MANIFEST_KEY in (chronology.manifest or {})
