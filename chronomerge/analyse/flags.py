"""Flags (flags.csv): possible missed opportunities, as prompts for the panel.

Each rule has a stable code, a label, a description and settings, all in
schemas/flags.toml (:mod:`..flag_rules`); the review file's ``[flags.<code>]``
tables change the settings, checked when the file is read. :data:`RULES` pairs
each with its check, the function of :mod:`.rules` named by the code, so the
documentation and the workbook can show them; how the rules read dates,
event groups and the review period is set out in :mod:`.rules`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..flag_rules import flag_rules
from ..model import FLAG_COLUMNS
from ..review import FLAG_DEFAULTS, ReviewSettings
from . import rules as r
from .dated import Dated, dated_entries, iso
from .people import Reading

FLAG_EXTRA_COLUMNS: tuple[str, ...] = ("rule_label", "agencies")


@dataclass(frozen=True)
class Rule:
    """One flag rule: what it is called, when it fires, and the check itself.

    ``description`` may name settings in braces ({days}); :meth:`describe`
    fills them from a review file.
    """

    code: str
    label: str
    description: str
    check: Callable[[r.Context], list[r.Found]]

    @property
    def defaults(self) -> dict[str, Any]:
        """The rule's settings when the review file does not change them."""
        return dict(FLAG_DEFAULTS[self.code])

    def settings(self, review: ReviewSettings | None = None) -> dict[str, Any]:
        """The settings in force for a review (defaults when ``None``)."""
        review = review or ReviewSettings()
        return {key: review.flag_setting(self.code, key) for key in self.defaults}

    def describe(self, review: ReviewSettings | None = None) -> str:
        """The description with the review's settings filled in."""
        values = {
            k: ", ".join(map(str, v)) if isinstance(v, list) else v
            for k, v in self.settings(review).items()
        }
        return self.description.format(**values)


RULES: dict[str, Rule] = {
    code: Rule(code, spec.label, spec.description, getattr(r, code))
    for code, spec in flag_rules().items()
}


def rules_table(review: ReviewSettings | None = None) -> pd.DataFrame:
    """Every rule with its label, description, settings and whether it runs.

    For the documentation and the workbook's notes sheet.

    Example:
        >>> rules_table()[["flag", "settings"]].head(2)  # doctest: +SKIP
                               flag              settings
        0  repeated_was_not_brought  count = 2; days = 90
        1            da_no_referral              days = 7
    """
    review = review or ReviewSettings()
    return pd.DataFrame(
        [
            {
                "flag": rule.code,
                "label": rule.label,
                "description": rule.describe(review),
                "settings": "; ".join(
                    f"{k} = {', '.join(map(str, v)) if isinstance(v, list) else v}"
                    for k, v in rule.settings(review).items()
                ),
                "enabled": review.flag_enabled(rule.code),
            }
            for rule in RULES.values()
        ]
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=object) for c in (*FLAG_COLUMNS, *FLAG_EXTRA_COLUMNS)}
    )


def find_flags(
    entries: pd.DataFrame,
    review: ReviewSettings,
    *,
    dated: Dated | None = None,
    people: Reading | None = None,
) -> pd.DataFrame:
    """Every enabled rule's flags over the merged entries (flags.csv).

    Args:
        entries: the normalised, linked entries (chronology columns; those
            missing are read as empty).
        review: the review settings (period, date of birth, thresholds).
        dated: ``dated_entries(entries, review)`` when the caller has built it
            already (:func:`~chronomerge.analyse.stage.analyse_entries` does).
        people: ``read_people(entries, review)`` likewise (the register's
            reading, which a flag of adults reads too).

    Returns:
        Columns flag, date (ISO), entry_ids (';'-joined, in date order),
        summary, rule_label, agencies (';'-joined), sorted by date, then flag
        code, then entry ids.

    Example:
        Flags with a rule's setting changed, without merging again:

        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> data = chron.review.model_dump()  # doctest: +SKIP
        >>> data["flags"] = {"repeated_no_access": {"count": 3}}  # doctest: +SKIP
        >>> stricter = ReviewSettings.model_validate(data)  # doctest: +SKIP
        >>> find_flags(chron.entries, stricter)["flag"].value_counts()
        ... # doctest: +SKIP
    """
    if dated is None:
        dated = dated_entries(entries, review)
    if dated.rows.empty:
        return _empty()
    entry_ids, agencies = dated.col("entry_id"), dated.col("agency")
    records = []
    for rule in RULES.values():
        if not review.flag_enabled(rule.code):
            continue
        ctx = r.Context(dated, review, rule.code, entries=entries, people=people)
        for found in rule.check(ctx):
            labels = list(found.labels)
            records.append(
                {
                    "flag": rule.code,
                    "date": iso(found.day),
                    "entry_ids": ";".join(entry_ids[labels]),
                    "summary": found.summary,
                    "rule_label": rule.label,
                    "agencies": ";".join(sorted(set(agencies[labels]))),
                }
            )
    if not records:
        return _empty()
    flags = pd.DataFrame(records, columns=[*FLAG_COLUMNS, *FLAG_EXTRA_COLUMNS])
    flags = flags.sort_values(["date", "flag", "entry_ids"], kind="stable")
    return flags.reset_index(drop=True)


def flags_by_entry(flags: pd.DataFrame) -> dict[str, str]:
    """Entry id -> the ';'-joined, sorted codes of the flags that name it.

    For the ``flags`` column of chronology.csv.
    """
    codes: dict[str, set[str]] = {}
    for code, ids in zip(flags["flag"], flags["entry_ids"], strict=True):
        for entry_id in str(ids).split(";"):
            if entry_id:
                codes.setdefault(entry_id, set()).add(str(code))
    return {entry_id: ";".join(sorted(c)) for entry_id, c in sorted(codes.items())}
