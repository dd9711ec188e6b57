"""Event types: give every entry a code from the contract's taxonomy.

The agency's own type column is read first (its values mapped through the
keywords of schemas/event_types.toml, fuzzily where a value is misspelt),
unless the description names a more specific event; otherwise the words of
the description, then of the outcome, decide, read the way practitioners
write (the first clause that names an event, then priorities: see
:mod:`.taxonomy`). The other events an entry names become
``secondary_types``. ``event_type_source`` says how the main type was
decided (``column``, ``text`` or ``default``) so a person can check it.

Speed: every keyword is compiled into one pattern (see :mod:`.phrases`) and
each distinct text is classified once (bench/events.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache

import pandas as pd
from rapidfuzz import fuzz, process

from ..catalogue import make_issue
from ..model import Issue, text_of
from ..resources import load_toml
from ..review import ReviewSettings
from .phrases import phrase_key
from .taxonomy import DEFAULT_TYPE, Ranked, Vocabulary

Source = str  # "column", "text" or "default"


@dataclass(frozen=True)
class ColumnReading:
    """What a value in the agency's type column says.

    status is ``blank`` (empty), ``generic`` (says nothing, e.g. "Case note"),
    ``mapped`` (codes, main first) or ``unknown``.
    """

    status: str
    codes: tuple[str, ...] = ()


def read_type_column(value: str, vocab: Vocabulary | None = None) -> ColumnReading:
    """What a value of the agency's own type column says.

    The value is read like a description (keywords first); failing that it
    is compared with every keyword and label, so a misspelt "Stratergy Mtg"
    still maps. A value that matches nothing is ``unknown``.

    Example:
        >>> read_type_column("Core Grp Mtg").codes
        ('core_group',)
    """
    vocab = vocab or vocabulary()
    text = " ".join(str(value).split())
    if not text:
        return ColumnReading("blank")
    plain = vocab.expand(text).lower().strip(" .:;")
    if plain in vocab.generic:
        return ColumnReading("generic")
    as_code = plain.replace(" ", "_")
    if as_code in vocab.types:
        if as_code == DEFAULT_TYPE:
            return ColumnReading("generic")
        return ColumnReading("mapped", (as_code,))
    # A type column holds a label, so generic words count here ("Clinic",
    # "Meeting"); a more specific description still wins (classify_events).
    ranked = vocab.classify(text)
    if ranked.main:
        return ColumnReading("mapped", ranked.codes)
    choices, codes = _fuzzy_choices(vocab)
    best = process.extractOne(
        phrase_key(plain), choices, scorer=fuzz.ratio, score_cutoff=vocab.fuzzy_cutoff
    )
    if best is not None:
        return ColumnReading("mapped", (codes[best[2]],))
    return ColumnReading("unknown")


@cache
def _fuzzy_choices(vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """Keywords and labels to compare a type-column value with."""
    choices: list[str] = []
    codes: list[str] = []
    for code, kind in vocab.types.items():
        if code == DEFAULT_TYPE:
            continue
        for key in [
            phrase_key(kind.label),
            code.replace("_", " "),
            *vocab.keyword_keys[code],
        ]:
            # Very short keys ("ed", "cin") would match too many typos.
            if len(key) >= 5 and "*" not in key:
                choices.append(key)
                codes.append(code)
    return choices, codes


@cache
def vocabulary() -> Vocabulary:
    """The shipped taxonomy, compiled once per process."""
    return Vocabulary(load_toml("event_types.toml"))


def event_type_codes() -> list[str]:
    """Every code of the taxonomy, in the contract's order."""
    return list(vocabulary().types)


def event_type_labels() -> dict[str, str]:
    """Code -> label, for drop-down lists and documentation."""
    return {code: kind.label for code, kind in vocabulary().types.items()}


def classify_text(text: str, agency_kind: str = "") -> Ranked:
    """The types a piece of text names: ``main`` (or None) and ``others``.

    Example:
        >>> classify_text("Call to HV for update. Missed clinic last week.").main
        'information_sharing'
    """
    return vocabulary().classify(text, agency_kind)


# --- the DataFrame stage ---------------------------------------------------


def _column(entries: pd.DataFrame, name: str) -> list[str]:
    if name not in entries.columns:
        return [""] * len(entries)
    return [text_of(v) for v in entries[name].tolist()]


def _agency_kinds(entries: pd.DataFrame, review: ReviewSettings) -> list[str]:
    """Each entry's agency kind: the column ingest adds, else the review file's
    agency of that name, else the review file's agency whose files match."""
    kinds = _column(entries, "agency_kind")
    by_name = {a.name.lower(): a.kind for a in review.agencies if a.kind}
    agencies = _column(entries, "agency")
    files = _column(entries, "source_file")
    by_file: dict[str, str] = {}

    def file_kind(name: str) -> str:
        if name not in by_file:
            by_file[name] = next(
                (
                    a.kind
                    for a in review.agencies
                    if a.kind and any(fnmatch(name.lower(), p.lower()) for p in a.files)
                ),
                "",
            )
        return by_file[name]

    return [
        k or by_name.get(a.lower(), "") or file_kind(f)
        for k, a, f in zip(kinds, agencies, files, strict=True)
    ]


def _secondary(main: str, *groups: Iterable[str]) -> str:
    seen = [main]
    for group in groups:
        seen += [code for code in group if code not in seen]
    return ";".join(seen[1:])


def classify_events(
    entries: pd.DataFrame, review: ReviewSettings
) -> tuple[pd.DataFrame, list[Issue]]:
    """Add ``event_type``, ``secondary_types`` and ``event_type_source``.

    The agency's own type column (``agency_type``) decides first, unless the
    description names a more specific event (a type of higher priority:
    column "Meeting", description "CIN meeting held" is a CIN meeting); a
    value in it that matches no type is reported (``event-type-unknown``)
    and the words decide instead. Then the description, then the outcome
    (whose types are otherwise secondary). When nothing decides, the agency kind's
    default type (``default_for`` in event_types.toml) or ``other``, with
    source ``default``.

    Args:
        entries: ingested entries with ``description``; optional
            ``agency_type``, ``outcome``, ``agency``, ``agency_kind`` and the
            provenance columns.
        review: the review settings (agency kinds when entries lack them).

    Returns:
        A copy of the entries with the three columns, and the issues found.
    """
    vocab = vocabulary()
    descriptions = _column(entries, "description")
    outcomes = _column(entries, "outcome")
    values = _column(entries, "agency_type")
    kinds = _agency_kinds(entries, review)
    texts: dict[tuple[str, str], Ranked] = {}
    columns: dict[str, ColumnReading] = {}

    def ranked(text: str, kind: str) -> Ranked:
        hit = texts.get((text, kind))
        if hit is None:
            hit = texts[(text, kind)] = vocab.classify(text, kind)
        return hit

    main_types: list[str] = []
    secondary: list[str] = []
    sources: list[Source] = []
    unknown: list[int] = []
    for i, (desc, outcome, value, kind) in enumerate(
        zip(descriptions, outcomes, values, kinds, strict=True)
    ):
        reading = columns.get(value)
        if reading is None:
            reading = columns[value] = read_type_column(value, vocab)
        if reading.status == "unknown":
            unknown.append(i)
        from_desc = ranked(desc, kind)
        from_outcome = ranked(outcome, kind)
        if reading.status == "mapped" and not (
            from_desc.main
            and vocab.weight(from_desc.main, kind)
            > vocab.weight(reading.codes[0], kind)
        ):
            main, source = reading.codes[0], "column"
        elif from_desc.main:
            main, source = from_desc.main, "text"
        elif from_outcome.main:
            main, source = from_outcome.main, "text"
        else:
            main, source = vocab.default_for(kind), "default"
        main_types.append(main)
        secondary.append(
            _secondary(main, reading.codes, from_desc.codes, from_outcome.codes)
        )
        sources.append(source)
    out = entries.copy()
    out["event_type"] = pd.Series(main_types, index=entries.index, dtype="object")
    out["secondary_types"] = pd.Series(secondary, index=entries.index, dtype="object")
    out["event_type_source"] = pd.Series(sources, index=entries.index, dtype="object")
    return out, [_unknown_issue(entries, i, values[i]) for i in unknown]


def _unknown_issue(entries: pd.DataFrame, i: int, value: str) -> Issue:
    row = entries.iloc[i]
    source_row = text_of(row.get("source_row"))
    return make_issue(
        "event-type-unknown",
        source_file=text_of(row.get("source_file")),
        source_location=text_of(row.get("source_location")),
        source_row=int(float(source_row)) if source_row else None,
        column="agency_type",
        value=value,
    )
