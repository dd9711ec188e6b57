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
from functools import cache

import pandas as pd
from rapidfuzz import fuzz, process

from ..abbreviations import abbreviations
from ..agencies import AgencyResolver, schema_kinds
from ..catalogue import make_issue
from ..model import Issue, text_of
from ..resources import load_toml
from ..review import ReviewSettings
from .event_scores import (
    Scored,
    ScoringRules,
    column_synonym,
    score_entry,
    scoring_rules,
)
from .phrases import phrase_key
from .recipients import RecipientReader
from .taxonomy import DEFAULT_TYPE, Ranked, Vocabulary

Source = str  # "column", "text" or "default"


@dataclass(frozen=True)
class ColumnReading:
    """What a value in the agency's type column says.

    status is ``blank`` (empty), ``generic`` (says nothing, e.g. "Case note"),
    ``mapped`` (codes, main first) or ``unknown``. ``how`` says how a mapped
    value matched: ``synonym`` (schemas/event_scoring.toml), ``agency_generic``
    (a synonym of one agency kind that is a generic word elsewhere, such as
    "Contact" in a probation file), ``strong`` (a code or keyword), ``weak``
    (a generic word such as "Meeting") or ``fuzzy`` (a misspelling).
    """

    status: str
    codes: tuple[str, ...] = ()
    how: str = ""


def read_type_column(
    value: str, vocab: Vocabulary | None = None, agency_kind: str = ""
) -> ColumnReading:
    """What a value of the agency's own type column says.

    The agency kind's synonyms come first ("Supervision" in a probation
    service's column is a probation contact); then the value is read like a
    description (keywords first); failing that it is compared with every
    keyword and label, so a misspelt "Stratergy Mtg" still maps. A value that
    matches nothing is ``unknown``.

    Example:
        >>> read_type_column("Core Grp Mtg").codes
        ('core_group',)
    """
    vocab = vocab or vocabulary()
    text = " ".join(str(value).split())
    if not text:
        return ColumnReading("blank")
    synonym = column_synonym(vocab.expand(text), agency_kind, scoring_rules())
    plain = vocab.expand(text).lower().strip(" .:;")
    if synonym:
        return ColumnReading("mapped", (synonym,), _synonym_how(vocab, plain, text))
    if plain in vocab.generic:
        return ColumnReading("generic")
    as_code = plain.replace(" ", "_")
    if as_code in vocab.types:
        if as_code == DEFAULT_TYPE:
            return ColumnReading("generic")
        return ColumnReading("mapped", (as_code,), "strong")
    # A type column holds a label, so generic words count here ("Clinic",
    # "Meeting"); a more specific description still wins (classify_events).
    ranked = vocab.classify(text)
    if ranked.main:
        return ColumnReading(
            "mapped", ranked.codes, "weak" if ranked.tier >= 3 else "strong"
        )
    choices, codes = _fuzzy_choices(vocab)
    best = process.extractOne(
        phrase_key(plain), choices, scorer=fuzz.ratio, score_cutoff=vocab.fuzzy_cutoff
    )
    if best is not None:
        return ColumnReading("mapped", (codes[best[2]],), "fuzzy")
    return ColumnReading("unknown")


def _synonym_how(vocab: Vocabulary, plain: str, text: str) -> str:
    """How strongly a [column_synonyms] value names its type.

    A value that is a generic word everywhere else ("Contact", "Meeting")
    and means a type only for one kind of agency says what that agency
    usually records (``agency_generic``): it counts little, so that clear
    words in the description still decide.
    """
    generic = plain in vocab.generic or vocab.is_weak_word(plain)
    if generic and column_synonym(vocab.expand(text), "", scoring_rules()) is None:
        return "agency_generic"
    return "synonym"


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
    """The shipped taxonomy, compiled once per process, with the agency
    names of schemas/agencies.toml (see Vocabulary's counterpart_types)."""
    names = {
        alias: kind
        for kind, spec in schema_kinds().items()
        for alias in [spec["name"], *spec.get("aliases", [])]
    }
    return Vocabulary(load_toml("event_types.toml"), names, abbreviations())


def event_type_codes() -> list[str]:
    """Every code of the taxonomy, in the contract's order."""
    return list(vocabulary().types)


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


def _secondary(main: str, *groups: Iterable[str]) -> str:
    seen = [main]
    for group in groups:
        seen += [code for code in group if code not in seen]
    return ";".join(seen[1:])


def classify_events(
    entries: pd.DataFrame, review: ReviewSettings
) -> tuple[pd.DataFrame, list[Issue]]:
    """Add ``event_type``, ``secondary_types``, ``event_type_source`` and
    ``event_type_confidence``.

    Every signal gives points to the codes it supports (see
    :mod:`.event_scores` and schemas/event_scoring.toml): the agency's own type
    column (``agency_type``), the description's words as practitioners write
    them and what the writer did (the verb near the start), who a referral was
    sent to (:mod:`.recipients`), the outcome's words, and the agency's kind
    as a prior. A type column value that matches no type is reported
    (``event-type-unknown``). ``event_type_source`` says which signal the
    winner came from: ``column``, ``text``, ``group`` (a generic meeting named
    by another agency's entry of the same day) or ``default`` (only the
    agency's kind, or nothing: ``other``). An entry whose confidence is below
    the threshold gets an info issue (``event-type-uncertain``) so its author
    can check it.

    Args:
        entries: ingested entries with ``description``; optional
            ``agency_type``, ``outcome``, ``agency``, ``agency_kind``,
            ``date_start``, ``date_precision`` and the provenance columns.
        review: the review settings (its agencies name referral recipients).

    Returns:
        A copy of the entries with the four columns, and the issues found.
    """
    typer = _Typer(vocabulary(), scoring_rules(), review)
    values = _column(entries, "agency_type")
    rows = list(
        zip(
            _column(entries, "description"),
            _column(entries, "outcome"),
            values,
            _column(entries, "agency_kind"),  # settled once, by ingest
            strict=True,
        )
    )
    scored: list[Scored] = []
    secondary: list[str] = []
    unknown: list[int] = []
    for i, (desc, outcome, value, kind) in enumerate(rows):
        if typer.reading(value, kind).status == "unknown":
            unknown.append(i)
        result, others = typer.entry(desc, outcome, value, kind)
        scored.append(result)
        secondary.append(others)
    _with_review_priors(entries, rows, scored, secondary, typer)
    main_types = [r.main for r in scored]
    sources = [r.source for r in scored]
    confidence = [r.confidence for r in scored]
    _same_day_meetings(entries, main_types, sources, confidence, typer.rules)
    out = entries.copy()
    for name, values_, dtype in (
        ("event_type", main_types, "object"),
        ("secondary_types", secondary, "object"),
        ("event_type_source", sources, "object"),
        ("event_type_confidence", confidence, "float64"),
    ):
        out[name] = pd.Series(values_, index=entries.index, dtype=dtype)
    issues = [_unknown_issue(entries, i, values[i]) for i in unknown]
    issues += _uncertain_issues(entries, main_types, confidence, typer.rules)
    return out, issues


def review_priors(
    agencies: list[str], scored: list[Scored], rules: ScoringRules
) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each agency's usual types, estimated from this review: the shares of
    its confidently typed entries (typed by their own words or type column),
    times ``[review_prior] points``. Only agencies with enough such entries
    get one (entries with no agency name are no agency's); the codes are
    sorted so the result does not depend on order."""
    settings = rules.review_prior
    counts: dict[str, dict[str, int]] = {}
    for agency, result in zip(agencies, scored, strict=True):
        if (
            agency
            and result.source in ("text", "column")
            and (result.confidence >= settings.min_confidence)
        ):
            table = counts.setdefault(agency, {})
            table[result.main] = table.get(result.main, 0) + 1
    out: dict[str, tuple[tuple[str, float], ...]] = {}
    for agency, table in counts.items():
        total = sum(table.values())
        if total < settings.min_entries:
            continue
        out[agency] = tuple(
            (code, round(settings.points * n / total, 6))
            for code, n in sorted(table.items())
            if n / total >= settings.min_share
        )
    return out


def _with_review_priors(
    entries: pd.DataFrame,
    rows: list[tuple[str, str, str, str]],
    scored: list[Scored],
    secondary: list[str],
    typer: _Typer,
) -> None:
    """Type again, with the agency's estimated prior, the entries that only
    the agency's kind or nothing decided, or that were typed uncertainly."""
    rules = typer.rules
    if rules.review_prior.points <= 0:
        return
    agencies = _column(entries, "agency")
    priors = review_priors(agencies, scored, rules)
    for i, (desc, outcome, value, kind) in enumerate(rows):
        prior = priors.get(agencies[i])
        weak = scored[i].source == "default" or scored[i].confidence < rules.threshold
        if prior and weak:
            scored[i], secondary[i] = typer.entry(desc, outcome, value, kind, prior)


class _Typer:
    """One review's typing: every distinct text, column value and entry is
    read once (a review repeats its wording)."""

    def __init__(
        self, vocab: Vocabulary, rules: ScoringRules, review: ReviewSettings
    ) -> None:
        self.vocab = vocab
        self.rules = rules
        self.recipients = RecipientReader(rules.recipients, AgencyResolver(review))
        self._texts: dict[tuple[str, str], Ranked] = {}
        self._columns: dict[tuple[str, str], ColumnReading] = {}
        self._entries: dict[tuple, tuple[Scored, str]] = {}

    def ranked(self, text: str, kind: str) -> Ranked:
        """The types a text names, for this agency kind."""
        hit = self._texts.get((text, kind))
        if hit is None:
            hit = self._texts[(text, kind)] = self.vocab.classify(text, kind)
        return hit

    def reading(self, value: str, kind: str) -> ColumnReading:
        """What a type-column value says, for this agency kind."""
        hit = self._columns.get((value, kind))
        if hit is None:
            hit = self._columns[(value, kind)] = read_type_column(
                value, self.vocab, kind
            )
        return hit

    def entry(
        self,
        desc: str,
        outcome: str,
        value: str,
        kind: str,
        prior: tuple[tuple[str, float], ...] = (),
    ) -> tuple[Scored, str]:
        """The scored main type and the secondary types of one entry
        (``prior``: the agency's usual types estimated from the review)."""
        key = (desc, outcome, value, kind, prior)
        hit = self._entries.get(key)
        if hit is None:
            hit = self._entries[key] = self._score(desc, outcome, value, kind, prior)
        return hit

    def _shared(self, desc: str, kind: str) -> bool:
        """Whether the first sentence passes something other than a referral
        between agencies (what was passed names no referral type)."""
        passed = self.recipients.shared_object(desc)
        if passed is None:
            return False
        named = self.ranked(passed, kind).codes
        return not self.rules.recipients.referral_codes.intersection(named)

    def _score(
        self,
        desc: str,
        outcome: str,
        value: str,
        kind: str,
        prior: tuple[tuple[str, float], ...],
    ) -> tuple[Scored, str]:
        reading = self.reading(value, kind)
        from_desc = self.ranked(desc, kind)
        from_outcome = self.ranked(outcome, kind)
        mapped = reading.status == "mapped"
        named = (*from_desc.codes, *from_outcome.codes, *reading.codes)
        recipient = ""
        # only a referral has a recipient to read ("refer" also finds the
        # actions that name one)
        if "refer" in desc.lower() or self.rules.recipients.referral_codes.intersection(
            named
        ):
            recipient = self.recipients.kind(desc, kind)
        result = score_entry(
            self.vocab,
            self.rules,
            text=desc,
            desc=from_desc,
            outcome=from_outcome,
            column_codes=reading.codes if mapped else (),
            column_how=reading.how if mapped else "",
            kind=kind,
            recipient_code=self.recipients.code_for(recipient),
            exchanged=self.recipients.exchanged(desc, kind),
            shared=self._shared(desc, kind),
            review_prior=prior,
        )
        others = _secondary(
            result.main, reading.codes, from_desc.codes, from_outcome.codes
        )
        return result, others


def _uncertain_issues(
    entries: pd.DataFrame,
    main_types: list[str],
    confidence: list[float],
    rules: ScoringRules,
) -> list[Issue]:
    """An info issue for each entry typed with confidence below the threshold."""
    low = [i for i, c in enumerate(confidence) if c < rules.threshold]
    if not low:
        return []
    where = _provenance_lists(entries)
    return [
        make_issue(
            "event-type-uncertain",
            **{k: v[i] for k, v in where.items()},
            column="event_type",
            value=main_types[i],
            confidence=f"{confidence[i]:.2f}",
        )
        for i in low
    ]


def _same_day_meetings(
    entries: pd.DataFrame,
    main_types: list[str],
    sources: list[str],
    confidence: list[float],
    rules: ScoringRules,
) -> None:
    """A generic meeting recorded on a day when another agency records one
    named kind of meeting (a core group, a conference) is that meeting.
    The named meetings must be confidently typed; the generic one need not be
    uncertain, since its words name no kind.

    Typing happens before linking, so "the same event group" is approximated
    by the day: only entries dated to the day, only when that day's named
    meetings are all of one kind and confidently typed. Changes the lists in
    place; deterministic (no order dependence beyond the entries' own).
    """
    if not rules.group_generic or "date_start" not in entries.columns:
        return
    days = _column(entries, "date_start")
    precision = _column(entries, "date_precision")
    agencies = _column(entries, "agency")
    named: dict[str, set[tuple[str, str]]] = {}
    for i, code in enumerate(main_types):
        if (
            code in rules.group_named
            and precision[i] == "day"
            and days[i]
            and confidence[i] >= rules.group_below
        ):
            named.setdefault(days[i], set()).add((code, agencies[i]))
    if not named:
        return
    for i, code in enumerate(main_types):
        # A generic meeting is not checked for confidence: however clearly
        # its words say "meeting", they say nothing of the meeting's kind.
        if code not in rules.group_generic or precision[i] != "day":
            continue
        found = named.get(days[i], set())
        codes = {c for c, a in found if a != agencies[i]}
        if len(codes) == 1:
            main_types[i] = codes.pop()
            sources[i] = "group"


def _provenance(entries: pd.DataFrame, i: int) -> dict:
    row = entries.iloc[i]
    source_row = text_of(row.get("source_row"))
    return {
        "source_file": text_of(row.get("source_file")),
        "source_location": text_of(row.get("source_location")),
        "source_row": int(float(source_row)) if source_row else None,
    }


def _provenance_lists(entries: pd.DataFrame) -> dict[str, list]:
    """Where each entry came from, as issue fields (one list per field)."""
    rows = _column(entries, "source_row")
    return {
        "source_file": _column(entries, "source_file"),
        "source_location": _column(entries, "source_location"),
        "source_row": [int(float(r)) if r else None for r in rows],
    }


def _unknown_issue(entries: pd.DataFrame, i: int, value: str) -> Issue:
    return make_issue(
        "event-type-unknown",
        **_provenance(entries, i),
        column="agency_type",
        value=value,
    )
