"""Combine every signal about an entry's event type into points per code.

Keywords alone were tuned on one generator's wording; what generalises is
the rest of what a practitioner's note says: which agency wrote it, its own
type column, what the writer *did* (the verb near the start of a clause)
rather than what the note mentions in passing, and whether a type is the
subject of the note or the event. The weights live in
schemas/event_scoring.toml; this module reads them, checks them against the
taxonomy, and adds them up. The code with most points wins; its confidence is
its share of exp(points / temperature), with a fixed weight for "none of
these", so an entry named by one clear phrase is near 1 and one decided only
by who wrote it is low.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..resources import load_toml
from .attempts import AttemptRules, apply_attempt, read_attempt_rules
from .phrases import phrase_key
from .recipients import (
    RecipientRules,
    apply_exchange,
    apply_recipient,
    apply_shared,
    read_recipient_rules,
)
from .taxonomy import PLAN, Ranked, Vocabulary

_SENTENCE_END = re.compile(r"[.!?;\n](?:\s|$)|\n")
_SEGMENT_CUT = re.compile(r",|;|:|\s[-–—]+\s|\s(?:and|then|&)\s")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Action:
    """A verb that names what the practitioner did, and the types it replaces."""

    code: str
    pattern: re.Pattern[str]
    instead_of: frozenset[str]


@dataclass(frozen=True)
class Combination:
    """A type named with certain words is another type."""

    when: frozenset[str]
    only_main: bool
    words: tuple[re.Pattern[str], ...]  # every one must be found
    then: str
    bonus: float
    except_words: re.Pattern[str] | None
    # a code the text itself must name (as main or secondary type) and the
    # writer's kinds the rule holds for; empty: no condition
    named: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReviewPrior:
    """``[review_prior]``: the agency's usual types estimated from the review."""

    points: float  # a code that is all of the agency's confident entries
    min_entries: int  # confident entries an agency needs for an estimate
    min_confidence: float  # what counts as confidently typed
    min_share: float  # codes below this share get no prior
    replaces_kind: bool  # the estimate stands in for the kind's [priors]


@dataclass(frozen=True)
class ScoringRules:
    """schemas/event_scoring.toml, read and checked."""

    priority_scale: float
    secondary_points: float
    outcome_secondary_points: float
    temperature: float
    unknown_points: float
    threshold: float
    text_points: dict[str, float]
    outcome_points: dict[str, float]
    column_points: dict[str, float]
    priors: dict[str, dict[str, float]]
    synonyms: dict[str, dict[str, str]]
    subject_codes: frozenset[str]
    subject_penalty: float
    subject_action_penalty: float
    head_words: int
    subordinators: re.Pattern[str]
    first_action_points: float
    later_action_points: float
    actions: tuple[Action, ...]
    combinations: tuple[Combination, ...]
    group_generic: frozenset[str]
    group_named: frozenset[str]
    group_below: float
    prior_clear_text: frozenset[str]
    prior_clear_column: frozenset[str]
    prior_with_clear_words: float
    firm_kinds: frozenset[str]
    meeting_generic: frozenset[str]
    meeting_formal: frozenset[str]
    meeting_bonus: float
    meeting_absence: frozenset[str]
    recipients: RecipientRules
    attempts: AttemptRules
    review_prior: ReviewPrior
    # [own_service]: types that record one kind of agency's own service (a
    # school's concern log, a GP's consultation); written by another kind
    # they rank below any other type the words name, by `margin`
    own_service: frozenset[str] = frozenset()
    own_service_margin: float = 0.5


def _check_code(code: str, codes: set[str], where: str) -> str:
    if code not in codes:
        raise ValueError(f"event_scoring.toml: {where}: {code!r} is not an event type")
    return code


def _codes(values: list[str], codes: set[str], where: str) -> frozenset[str]:
    return frozenset(_check_code(c, codes, where) for c in values)


def _read_priors(
    data: dict[str, Any], codes: set[str], kinds: set[str]
) -> dict[str, dict[str, float]]:
    priors: dict[str, dict[str, float]] = {}
    for kind, table in data.get("priors", {}).items():
        if kind not in kinds:
            raise ValueError(f"event_scoring.toml: priors: unknown agency {kind!r}")
        priors[kind] = {
            _check_code(c, codes, f"priors.{kind}"): float(v) for c, v in table.items()
        }
    return priors


def _read_synonyms(
    data: dict[str, Any], codes: set[str], kinds: set[str]
) -> dict[str, dict[str, str]]:
    synonyms: dict[str, dict[str, str]] = {}
    for kind, table in data.get("column_synonyms", {}).items():
        if kind != "*" and kind not in kinds:
            raise ValueError(f"event_scoring.toml: column_synonyms: {kind!r}")
        synonyms[kind] = {
            phrase_key(k): _check_code(v, codes, f"column_synonyms.{kind}")
            for k, v in table.items()
        }
    return synonyms


def _read_actions(data: dict[str, Any], codes: set[str]) -> tuple[Action, ...]:
    return tuple(
        Action(
            _check_code(a["code"], codes, "actions"),
            re.compile(a["pattern"]),
            _codes(a.get("instead_of", []), codes, "actions"),
        )
        for a in data.get("actions", [])
    )


def _read_combinations(
    data: dict[str, Any], codes: set[str], kinds: set[str]
) -> tuple[Combination, ...]:
    for c_ in data.get("combinations", []):
        for kind in c_.get("kinds", []):
            if kind not in kinds:
                raise ValueError(f"event_scoring.toml: combinations: {kind!r}")
    return tuple(
        Combination(
            _codes(c_["when"], codes, "combinations"),
            bool(c_.get("only_main", True)),
            tuple(re.compile(w) for w in c_["words"]),
            _check_code(c_["then"], codes, "combinations"),
            float(c_.get("bonus", 1.0)),
            re.compile(c_["except_words"]) if c_.get("except_words") else None,
            _codes(c_.get("named", []), codes, "combinations"),
            frozenset(c_.get("kinds", [])),
        )
        for c_ in data.get("combinations", [])
    )


def read_rules(data: dict[str, Any], codes: set[str], kinds: set[str]) -> ScoringRules:
    """The scoring rules, checked: every code a taxonomy code, every agency
    kind one of schemas/agencies.toml, every pattern a valid expression."""
    s = data["settings"]
    structure = data["structure"]
    words = sorted(structure["subordinators"], key=len, reverse=True)
    subjects = data["subjects"]
    group = data.get("group", {})
    meetings = data.get("meetings", {})
    prior = data.get("prior_use", {})
    own = data.get("own_service", {})
    return ScoringRules(
        priority_scale=float(s["priority_scale"]),
        secondary_points=float(s["secondary_points"]),
        outcome_secondary_points=float(s["outcome_secondary_points"]),
        temperature=float(s["temperature"]),
        unknown_points=float(s["unknown_points"]),
        threshold=float(s["confidence_threshold"]),
        text_points={k: float(v) for k, v in data["text_points"].items()},
        outcome_points={k: float(v) for k, v in data["outcome_points"].items()},
        column_points={k: float(v) for k, v in data["column_points"].items()},
        priors=_read_priors(data, codes, kinds),
        synonyms=_read_synonyms(data, codes, kinds),
        subject_codes=_codes(subjects["codes"], codes, "subjects"),
        subject_penalty=float(subjects["subject_penalty"]),
        subject_action_penalty=float(subjects["subject_action_penalty"]),
        head_words=int(structure["head_words"]),
        subordinators=re.compile(
            r"(?<![\w'’])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'’])"
        ),
        first_action_points=float(structure["first_action_points"]),
        later_action_points=float(structure["later_action_points"]),
        actions=_read_actions(data, codes),
        combinations=_read_combinations(data, codes, kinds),
        group_generic=_codes(group.get("generic", []), codes, "group"),
        group_named=_codes(group.get("named", []), codes, "group"),
        group_below=float(group.get("below", 0)),
        prior_clear_text=frozenset(prior.get("clear_text", [])),
        prior_clear_column=frozenset(prior.get("clear_column", [])),
        prior_with_clear_words=float(prior.get("with_clear_words", 1.0)),
        firm_kinds=frozenset(prior.get("firm_kinds", [])),
        meeting_generic=_codes(meetings.get("generic", []), codes, "meetings"),
        meeting_formal=_codes(meetings.get("formal", []), codes, "meetings"),
        meeting_bonus=float(meetings.get("bonus", 1.0)),
        meeting_absence=_codes(meetings.get("absence", []), codes, "meetings"),
        recipients=read_recipient_rules(data.get("recipients", {}), codes, kinds),
        attempts=read_attempt_rules(data.get("attempts", {}), codes),
        review_prior=_read_review_prior(data.get("review_prior", {})),
        own_service=_codes(own.get("codes", []), codes, "own_service"),
        own_service_margin=float(own.get("margin", 0.5)),
    )


def _read_review_prior(data: dict[str, Any]) -> ReviewPrior:
    return ReviewPrior(
        points=float(data.get("points", 0.0)),
        min_entries=int(data.get("min_entries", 10)),
        min_confidence=float(data.get("min_confidence", 0.8)),
        min_share=float(data.get("min_share", 0.05)),
        replaces_kind=bool(data.get("replaces_kind", False)),
    )


@cache
def scoring_rules() -> ScoringRules:
    """The shipped rules, read once per process, checked against the codes of
    schemas/event_types.toml and the kinds of schemas/agencies.toml."""
    codes = set(load_toml("event_types.toml")["types"])
    kinds = set(load_toml("agencies.toml")["kinds"])
    return read_rules(load_toml("event_scoring.toml"), codes, kinds)


# --- sentence structure ----------------------------------------------------


def first_sentence(text: str) -> str:
    """The text up to its first full stop, semicolon or line break."""
    match = _SENTENCE_END.search(text)
    return text[: match.start()] if match else text


def head_spans(sentence: str, rules: ScoringRules) -> list[tuple[int, int]]:
    """Where the practitioner's action may be named: the first words of each
    part of the sentence (cut at commas, "and", dashes), up to a
    subordinator ("following", "re", "due to"), after which the words say
    what the entry is about."""
    spans: list[tuple[int, int]] = []
    start = 0
    cuts = [m.span() for m in _SEGMENT_CUT.finditer(sentence)] + [
        (len(sentence), len(sentence))
    ]
    for cut_start, cut_end in cuts:
        part = sentence[start:cut_start]
        sub = rules.subordinators.search(part)
        end = start + (sub.start() if sub else len(part))
        words = list(_WORD.finditer(sentence, start, end))
        if words:
            last = words[min(len(words), rules.head_words) - 1]
            spans.append((words[0].start(), last.end()))
        start = cut_end
    return spans


def actions_of(text: str, rules: ScoringRules) -> tuple[Action, ...]:
    """The actions named at the heads of the first sentence's parts, first
    named first (one per part)."""
    sentence = first_sentence(text).lower()
    if not sentence.strip():
        return ()
    if rules is scoring_rules():
        return _shipped_actions(sentence)
    return _sentence_actions(sentence, rules)


@lru_cache(maxsize=1 << 16)
def _shipped_actions(sentence: str) -> tuple[Action, ...]:
    # Many entries open with the same words ("Home visit.", "DNA"): once each.
    return _sentence_actions(sentence, scoring_rules())


def _sentence_actions(sentence: str, rules: ScoringRules) -> tuple[Action, ...]:
    matches = sorted(
        (m.start(), i)
        for i, action in enumerate(rules.actions)
        for m in action.pattern.finditer(sentence)
    )
    if not matches:
        return ()
    found: list[Action] = []
    for start, end in head_spans(sentence, rules):
        for at, i in matches:
            if start <= at < end:
                if rules.actions[i] not in found:
                    found.append(rules.actions[i])
                break
    return tuple(found)


# --- adding up -------------------------------------------------------------


def _tier_name(tier: int) -> str:
    return "event" if tier == 0 else "topic" if tier == 1 else "weak"


@dataclass(frozen=True)
class Scored:
    """The points of every code with any, and the winner's confidence."""

    main: str
    source: str  # "column", "text" or "default"
    confidence: float
    points: tuple[tuple[str, float], ...]


def confidence_of(points: dict[str, float], main: str, rules: ScoringRules) -> float:
    """The winner's share of exp(points / temperature), with "none of these"."""
    t = rules.temperature
    top = max([*points.values(), rules.unknown_points])
    total = math.exp((rules.unknown_points - top) / t) + sum(
        math.exp((p - top) / t) for p in points.values() if p > 0
    )
    mine = points.get(main, 0.0)
    return math.exp((mine - top) / t) / total if mine > 0 else 0.0


class _Tally:
    """Points per code, and which codes the column and the text gave points."""

    def __init__(self) -> None:
        self.points: dict[str, float] = {}
        self.from_column: set[str] = set()
        self.from_text: set[str] = set()

    def add(self, code: str, value: float, bucket: set[str] | None = None) -> None:
        self.points[code] = self.points.get(code, 0.0) + value
        if bucket is not None and value > 0:
            bucket.add(code)


def score_entry(
    vocab: Vocabulary,
    rules: ScoringRules,
    *,
    text: str,
    desc: Ranked,
    outcome: Ranked,
    column_codes: tuple[str, ...],
    column_how: str,
    kind: str,
    recipient_code: str = "",
    exchanged: bool = False,
    shared: bool = False,
    review_prior: tuple[tuple[str, float], ...] = (),
) -> Scored:
    """Points per code from every signal, the winner and its confidence.

    ``recipient_code`` is the referral code the referral's recipient means
    (see :mod:`.recipients`), or "" when the entry names none; ``exchanged``
    says the entry opens with a call or letter between agencies; ``shared``
    that its first sentence passes something other than a referral to or
    from another agency;
    ``review_prior`` is the agency's usual types estimated from the review
    (see events.review_priors), counted like the kind's prior.
    """
    tally = _Tally()
    _column_signal(tally, vocab, rules, column_codes, column_how, kind)
    _words_signal(tally, vocab, rules, desc, outcome, kind)
    actions = actions_of(text, rules)
    _action_signal(tally, actions, rules)
    if exchanged:
        apply_exchange(tally.points, tally.from_text, rules.recipients)
    if shared and not exchanged:
        apply_shared(tally.points, tally.from_text, rules.recipients)
    if kind in rules.firm_kinds and not (exchanged or shared or recipient_code):
        scale = 1.0  # its own service, unless it refers or passes something on
    elif exchanged or shared:
        scale = rules.prior_with_clear_words
    else:
        scale = _prior_scale(rules, desc, column_codes, column_how)
        if scale == 1.0 and _own_weak_words(vocab, rules, desc, kind):
            scale = rules.prior_with_clear_words
    fixed = rules.priors.get(kind, {})
    if review_prior and rules.review_prior.replaces_kind:
        fixed = {}
    for code, prior in [*fixed.items(), *review_prior]:
        tally.add(code, prior * scale)
    if kind:
        _subject_signal(tally, vocab, rules, actions, kind)
        _own_service_signal(tally, vocab, rules, kind)
    points, from_text = tally.points, tally.from_text
    if rules.combinations and points:
        _combine(points, from_text, text.lower(), rules, kind)
    _formal_meeting(tally, rules)
    apply_recipient(points, from_text, recipient_code, rules.recipients)
    apply_attempt(points, from_text, text, rules.attempts)
    return _winner(tally, vocab, rules, kind)


def _prior_scale(
    rules: ScoringRules, desc: Ranked, column_codes: tuple[str, ...], how: str
) -> float:
    """How much of the agency's prior counts: all of it when the entry's own
    words are unclear, a tie-breaker's share when the description names an
    event (not a subject such as an injury) in an event clause or the type
    column names one clearly."""
    clear_text = (
        bool(desc.main)
        and desc.main not in rules.subject_codes  # what it is about, not an event
        and _tier_name(desc.tier) in rules.prior_clear_text
    )
    clear_column = bool(column_codes) and how in rules.prior_clear_column
    return rules.prior_with_clear_words if clear_text or clear_column else 1.0


def _own_weak_words(
    vocab: Vocabulary, rules: ScoringRules, desc: Ranked, kind: str
) -> bool:
    """Whether the description names, by a generic word, a type that this
    kind of agency usually records and that outranks its default ("custody"
    in a youth justice record): a word that is vague elsewhere is then as
    clear as a keyword, so the kind's prior is only a tie-breaker."""
    return (
        desc.main is not None
        and desc.main not in rules.subject_codes
        and _tier_name(desc.tier) == "weak"
        and vocab.weak_outranks(desc.main, kind)
        and desc.main not in rules.priors.get(kind, {})
    )


def _column_signal(
    tally: _Tally,
    vocab: Vocabulary,
    rules: ScoringRules,
    codes: tuple[str, ...],
    how: str,
    kind: str,
) -> None:
    """The agency's own type column: its main code, then the others it names."""
    if not codes:
        return
    main = codes[0]
    value = rules.column_points[how] + rules.priority_scale * vocab.weight(main, kind)
    tally.add(main, value, tally.from_column)
    for code in codes[1:]:
        tally.add(code, rules.outcome_secondary_points, tally.from_column)


def _words_signal(
    tally: _Tally,
    vocab: Vocabulary,
    rules: ScoringRules,
    desc: Ranked,
    outcome: Ranked,
    kind: str,
) -> None:
    """The description's and the outcome's words, main type and others."""
    scale = rules.priority_scale
    for ranked, main_points, other_points in (
        (desc, rules.text_points, rules.secondary_points),
        (outcome, rules.outcome_points, rules.outcome_secondary_points),
    ):
        if ranked.main:
            value = main_points[_tier_name(ranked.tier)]
            weight = scale * vocab.weight(ranked.main, kind)
            tally.add(ranked.main, value + weight, tally.from_text)
        for code, tier in zip(ranked.others, ranked.other_tiers, strict=True):
            if tier < PLAN:  # a plan ("consider PLO") is not an event
                tally.add(code, other_points, tally.from_text)


def _action_signal(
    tally: _Tally, actions: tuple[Action, ...], rules: ScoringRules
) -> None:
    """What the writer did: the action's code gains, what it replaces loses."""
    for i, action in enumerate(actions):
        value = rules.first_action_points if i == 0 else rules.later_action_points
        tally.add(action.code, value, tally.from_text)
        for code in action.instead_of:
            if code in tally.points and code != action.code:
                tally.points[code] -= value


def _subject_signal(
    tally: _Tally,
    vocab: Vocabulary,
    rules: ScoringRules,
    actions: tuple[Action, ...],
    kind: str,
) -> None:
    """Subjects (an injury, housing) lose where the agency does not usually
    record them, and more where the sentence names an action."""
    points = tally.points
    for code in rules.subject_codes & points.keys():
        if kind not in vocab.types[code].agencies:
            points[code] -= rules.subject_penalty
        if actions and all(a.code != code for a in actions):
            points[code] -= rules.subject_action_penalty


def _own_service_signal(
    tally: _Tally, vocab: Vocabulary, rules: ScoringRules, kind: str
) -> None:
    """A type that records another kind of agency's own service (a school's
    concern, a GP's consultation) is what a housing officer's or a GP's
    entry mentions, not what its writer did: it ranks below any other type
    the words name ("Safeguarding concern raised with MASH" from housing is
    the referral). The agency's own type column naming it is kept."""
    points = tally.points
    for code in rules.own_service & points.keys():
        if kind in vocab.types[code].agencies or code in tally.from_column:
            continue
        others = [
            points[c] for c in tally.from_text if c != code and points.get(c, 0) > 0
        ]
        if others and points[code] > 0:
            points[code] = min(points[code], max(others) - rules.own_service_margin)


def _formal_meeting(tally: _Tally, rules: ScoringRules) -> None:
    """A meeting whose formal kind the text or type column names (a core
    group, a conference) is that kind, not the generic professionals meeting,
    not what the agency usually records, and not someone's absence from it
    (a core group the parents did not attend was held): the formal kind
    outranks them."""
    points = tally.points
    named = tally.from_text | tally.from_column
    formal = [c for c in rules.meeting_formal if c in named and points[c] > 0]
    if not formal:
        return
    top = max(points.values())
    # the entry is the meeting when its type column or its leading words
    # say so; then an absence from it is not a missed appointment
    if any(c in tally.from_column or points[c] == top for c in formal):
        for code in rules.meeting_absence & points.keys():
            points[code] = min(points[code], 0.0)
        top = max(points.values())
    leaders = {c for c, p in points.items() if p == top}
    beaten = rules.meeting_generic | (points.keys() - named)
    if not leaders <= beaten:
        return
    best = max(formal, key=lambda c: (points[c], c))
    points[best] = top + rules.meeting_bonus


def _winner(tally: _Tally, vocab: Vocabulary, rules: ScoringRules, kind: str) -> Scored:
    """The code with most points (ties: the taxonomy's order), its source and
    its confidence."""
    positive = {c: p for c, p in tally.points.items() if p > 0}
    if positive:
        order = _orders(vocab)
        main = max(positive, key=lambda c: (positive[c], -order[c]))
    else:
        main = vocab.default_for(kind)
    if main in tally.from_column:
        source = "column"
    elif main in tally.from_text:
        source = "text"
    else:
        source = "default"
    return Scored(
        main,
        source,
        round(confidence_of(positive, main, rules), 3),
        tuple(sorted(positive.items())),
    )


def _combine(
    points: dict[str, float],
    from_text: set[str],
    lowered: str,
    rules: ScoringRules,
    kind: str = "",
) -> None:
    """Apply [[combinations]]: the target gets the trigger's points and a bonus."""
    for combo in rules.combinations:
        if combo.kinds and kind not in combo.kinds:
            continue
        if combo.named and not combo.named & from_text:
            continue
        if combo.only_main:
            top = max(points.values())
            trigger = [c for c, p in points.items() if p == top]
        else:
            trigger = list(points)
        hits = [c for c in trigger if c in combo.when]
        if not hits or not all(w.search(lowered) for w in combo.words):
            continue
        if combo.except_words and combo.except_words.search(lowered):
            continue
        target = max(points[c] for c in hits) + combo.bonus
        if points.get(combo.then, 0.0) < target:
            points[combo.then] = target
            from_text.add(combo.then)


@cache
def _orders(vocab: Vocabulary) -> dict[str, int]:
    """Ties go to the type listed first in the taxonomy (deterministic)."""
    return {code: i for i, code in enumerate(vocab.types)}


def column_synonym(value: str, kind: str, rules: ScoringRules) -> str | None:
    """The code a type-column value means by [column_synonyms], if any."""
    key = phrase_key(value).strip(" .:;")
    return rules.synonyms.get(kind, {}).get(key) or rules.synonyms.get("*", {}).get(key)
