"""What each agency sent to another, and whether the other recorded it:
the information-sharing ledger (sharing.csv).

A chronology says "referral to MASH", "letter to GP and HV", "SW rang for
update; shared recent weights". Each such entry is a *send*: from its agency,
to the agency its words name (resolved with the agency names of
schemas/agencies.toml, the review file's agencies and the role words of
schemas/sharing.toml), what (a referral, a letter, a call), when. Each send is
matched to a *receipt* in the recipient's own entries: one linked to it (the
same event), else one within a few working days that names the sender or
records the same matter. A send with no receipt is the generalisation of the
``referral_not_received`` flag to every pair of agencies. Every record says
why; they are prompts for the panel, never findings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..agencies import AgencyResolver, entry_kinds, normalise_name, schema_kinds
from ..model import SHARING_COLUMNS, text_column
from ..normalise.recipients import recipient_window
from ..resources import load_toml
from ..review import ReviewSettings
from ..workdays import holiday_array
from .dated import day_numbers, iso, uk

_WORD = re.compile(r"[a-z0-9]+")
# a day written in an entry's words ("incident on 15/03", "dated 31.03.19")
_DAY = re.compile(
    r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?(?![\d/]|\.\d)"
)
LINKED = "linked"
_CLAUSES = re.compile(r"[.;:!?\n()\[\]]|,\s")
# where a recipient named before its verb is looked for, a dash between
# words ends a clause too ("DASH high - MARAC referral")
_PARTS = re.compile(r"[.;:!?\n()\[\]]|,\s|\s[-–—]+\s")
NAMED = "names the sender"
MATTER = "same matter"
LATE = "names the sender and the matter, later"


@dataclass(frozen=True)
class SharingRules:
    """schemas/sharing.toml, read once."""

    to: re.Pattern[str]
    before: tuple[re.Pattern[str], ...]
    bare: re.Pattern[str] | None
    request: re.Pattern[str] | None
    window_words: int
    short_name_words: int
    window_stop: re.Pattern[str] | None
    ignore_names: frozenset[str]
    meeting_types: frozenset[str]
    roles: dict[str, tuple[str, ...]]
    what: tuple[tuple[str, re.Pattern[str]], ...]
    what_default: str
    working_days: int
    days_before: int
    late_working_days: int
    late_search_working_days: int
    incoming: re.Pattern[str] | None
    matter_types: frozenset[str]
    common_words: frozenset[str]
    receipt_precisions: frozenset[str]
    status: dict[str, str]
    records: dict[str, re.Pattern[str]] = field(default_factory=dict)
    implied: tuple[tuple[str, re.Pattern[str]], ...] = ()
    meeting_sends: frozenset[str] = frozenset()
    intake_what: frozenset[str] = frozenset()
    intake: re.Pattern[str] | None = None
    other_day_days: int = 0
    intake_working_days: int = 0
    family_words: frozenset[str] = frozenset()
    # minutes an unlinked receipt may be timed before its send (None: times
    # are not compared)
    early_minutes: int | None = None
    # "emailed last week" -> "week": words that date a send before its receipt
    back_references: tuple[tuple[re.Pattern[str], str], ...] = ()
    # meeting type -> the one agency kind that holds it ([decisions.made_by])
    meeting_holders: dict[str, str] = field(default_factory=dict)
    # role words any agency may use ("keyworker"), settled per review
    own_roles: tuple[str, ...] = ()
    # an agency's initials name it when at least this many letters (0: never)
    initials_letters: int = 0


@lru_cache(maxsize=1 << 18)
def _has(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` is found in the lower-cased ``text``, searched once
    per distinct text: the receipt search asks the same of an entry for
    every send near it."""
    return pattern.search(text.lower()) is not None


def _either(patterns: Iterable[str]) -> re.Pattern[str] | None:
    listed = [f"(?:{p})" for p in patterns]
    return re.compile("|".join(listed)) if listed else None


@cache
def sharing_rules() -> SharingRules:
    """The rules of schemas/sharing.toml (cached), checked against the
    agency kinds of schemas/agencies.toml."""
    data = load_toml("sharing.toml")
    sending, receipt = data["sending"], data["receipt"]
    kinds = schema_kinds()
    for kind in data.get("roles", {}):
        if kind not in kinds:
            raise ValueError(f"sharing.toml: roles.{kind}: not an agency kind")
    for kind in sending.get("implied", {}):
        if kind not in kinds:
            raise ValueError(
                f"sharing.toml: sending.implied.{kind}: not an agency kind"
            )
    to = _either(sending["to_patterns"])
    if to is None:
        raise ValueError("sharing.toml: sending.to_patterns is empty")
    return SharingRules(
        to=to,
        before=tuple(re.compile(p) for p in sending.get("before_patterns", [])),
        bare=_either(sending.get("bare_patterns", [])),
        request=_either(sending.get("request_patterns", [])),
        window_words=int(sending.get("window_words", 8)),
        short_name_words=int(sending.get("short_name_words", 0)),
        window_stop=_either(
            rf"\b{re.escape(w)}\b" for w in sending.get("window_stops", [])
        ),
        ignore_names=frozenset(
            normalise_name(n) for n in sending.get("ignore_names", [])
        ),
        meeting_types=frozenset(sending.get("meeting_types", [])),
        roles={k: tuple(v) for k, v in data.get("roles", {}).items()},
        what=tuple(
            (label, re.compile(p)) for label, p in data["what"]["patterns"].items()
        ),
        what_default=str(data["what"].get("default", "information")),
        working_days=int(receipt["working_days"]),
        days_before=int(receipt.get("days_before", 0)),
        late_working_days=int(receipt["late_working_days"]),
        late_search_working_days=int(
            receipt.get("late_search_working_days", receipt["late_working_days"])
        ),
        incoming=_either(receipt.get("incoming_patterns", [])),
        matter_types=frozenset(receipt.get("matter_types", [])),
        common_words=frozenset(w.casefold() for w in receipt.get("common_words", [])),
        receipt_precisions=frozenset(receipt.get("receipt_precisions", [])),
        status=dict(data["status"]),
        records={
            label: re.compile(p) for label, p in receipt.get("records", {}).items()
        },
        implied=tuple(
            (kind, re.compile(p))
            for kind, patterns in sending.get("implied", {}).items()
            for p in patterns
        ),
        meeting_sends=frozenset(sending.get("meeting_sends", [])),
        intake_what=frozenset(receipt.get("intake_what", [])),
        intake=_either(receipt.get("intake_patterns", [])),
        other_day_days=int(receipt.get("other_day_days", 0)),
        intake_working_days=int(receipt.get("intake_working_days", 0)),
        family_words=frozenset(w.casefold() for w in sending.get("family_words", [])),
        back_references=_back_references(receipt.get("back_references", {})),
        own_roles=tuple(str(r) for r in sending.get("own_roles", [])),
        initials_letters=int(sending.get("initials_letters", 0)),
        meeting_holders={
            etype: kinds[0]
            for etype, kinds in data.get("decisions", {}).get("made_by", {}).items()
            if len(kinds) == 1
        },
        early_minutes=(
            int(receipt["early_minutes"]) if "early_minutes" in receipt else None
        ),
    )


_UNITS = ("day", "week", "month")


def _back_references(table: dict[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """`[receipt.back_references]`, checked: pattern -> day, week or month."""
    for pattern, unit in table.items():
        if unit not in _UNITS:
            raise ValueError(
                f"sharing.toml: receipt.back_references: {pattern!r}: {unit!r} "
                f"is not one of {', '.join(_UNITS)}"
            )
    return tuple((re.compile(p), unit) for p, unit in table.items())


def refers_back(text: str, day: float, sent: float, rules: SharingRules) -> bool:
    """Whether an entry dated ``day`` dates something it received to the day,
    week or month before its own, and the send of day ``sent`` is in it:
    "Referral from school received (emailed last week)" on a Saturday is
    the referral of the Thursday before, not one of two days later."""
    if np.isnan(day) or np.isnan(sent):
        return False
    when = _as_date(day)
    sent_on = _as_date(sent)
    lowered = text.lower()
    for pattern, unit in rules.back_references:
        if not pattern.search(lowered):
            continue
        if unit == "day" and (when - sent_on).days == 1:
            return True
        weeks = when.isocalendar()[:2], sent_on.isocalendar()[:2]
        if unit == "week" and _week_before(*weeks):
            return True
        months = (when.year * 12 + when.month) - (sent_on.year * 12 + sent_on.month)
        if unit == "month" and months == 1:
            return True
    return False


def _week_before(week: tuple[int, int], sent: tuple[int, int]) -> bool:
    """Whether ISO week ``sent`` is the one before ``week``."""
    year, number = week
    before = (year, number - 1) if number > 1 else (year - 1, 52)
    return sent == before or (number == 1 and sent == (year - 1, 53))


def _capitals_only(text: str, initials: str) -> bool:
    """Whether ``initials`` is a whole word of ``text`` and every time in
    capitals ("CS", never "cs" or "Cs")."""
    found = re.findall(rf"(?<![\w'’]){re.escape(initials)}(?![\w'’])", text, re.I)
    return bool(found) and all(f == initials.upper() for f in found)


class AgencyNames:
    """Every agency a piece of text names, longest name first: the review
    file's agencies and aliases, the schema's kinds and the role words."""

    def __init__(self, review: ReviewSettings, rules: SharingRules) -> None:
        self.resolver = AgencyResolver(review)
        table: list[tuple[str, str]] = []  # (normalised alias, kind)
        # (normalised name or alias, kind, agency): which agency of a kind
        self.own_names: list[tuple[str, str, str]] = []
        for agency in review.agencies:
            kind = self.resolver.named(agency.name)[1]
            table += [(normalise_name(a), kind) for a in [agency.name, *agency.aliases]]
            self.own_names += [
                (normalise_name(a), kind, agency.name)
                for a in [agency.name, *agency.aliases]
            ]
        for kind, spec in schema_kinds().items():
            names = [spec["name"], *spec.get("aliases", []), *rules.roles.get(kind, ())]
            table += [(normalise_name(a), kind) for a in names]
        # after every given name, so a given name or alias always wins
        table += self._short_names(review, rules.short_name_words)
        seen: set[str] = set()
        self.table = []
        for alias, kind in sorted(table, key=lambda row: -len(row[0])):
            if alias and kind and alias not in seen and alias not in rules.ignore_names:
                seen.add(alias)
                self.table.append((alias, kind))
        self._cache: dict[str, tuple[str, ...]] = {}
        people = [w for p in review.people for w in [p.label, *p.aliases]]
        self.people = tuple(
            sorted(
                {normalise_name(w) for w in [*people, *rules.family_words]} - {""},
                key=len,
                reverse=True,
            )
        )
        ignored = {*rules.common_words, *(a for a, _ in self.table), *people}
        self._ignored = frozenset(
            _stem(w) for x in ignored for w in _WORD.findall(x.casefold())
        )
        self._words: dict[str, frozenset[str]] = {}
        self._another: dict[tuple[str, str, str], bool] = {}
        self._normal: dict[str, str] = {}
        # (text, sender kind) -> _heard_from, for one review's rules
        self.heard_from: dict[tuple[str, str], bool] = {}

    def _short_names(self, review: ReviewSettings, words: int) -> list[tuple[str, str]]:
        """An agency's name cut to its first ``words`` words ("Open Road" for
        "Open Road Recovery", "St Wilfrid's" for "St Wilfrid's CE Academy"):
        how the other agencies write it. Not when the first word begins
        another agency's name too (a place: "Ashby Children's Services" and
        "Ashby Early Help Hub"), nor when two agencies share the short name."""
        if words <= 0:
            return []
        split = [(normalise_name(a.name).split(), a.name) for a in review.agencies]
        firsts = [w[0] for w, _ in split if w]
        short: dict[str, list[tuple[str, str]]] = {}
        for name_words, name in split:
            if len(name_words) > words and firsts.count(name_words[0]) == 1:
                kind = self.resolver.named(name)[1]
                short.setdefault(" ".join(name_words[:words]), []).append((kind, name))
        found = {n: k[0] for n, k in short.items() if len(k) == 1 and k[0][0]}
        self.own_names += [(n, kind, name) for n, (kind, name) in found.items()]
        return [(n, kind) for n, (kind, _) in found.items()]

    def learn_initials(
        self, review: ReviewSettings, texts: list[str], letters: int
    ) -> None:
        """Name an agency by its initials, with and without the place its
        name begins with ("CS" and "ACS" for "Ashby Children's Services"),
        when the entries write them only in capitals: an abbreviation, not
        a word ("AS" for "Ashby Ambulance Service" is also "as")."""
        if letters <= 0:
            return
        split = [(normalise_name(a.name).split(), a.name) for a in review.agencies]
        firsts = [w[0] for w, _ in split if w]
        found: dict[str, list[str]] = {}
        for words, name in split:
            kind = self.resolver.named(name)[1]
            place = len(words) > 2 and firsts.count(words[0]) > 1
            for part in (words, words[1:]) if place else (words,):
                initials = "".join(w[0] for w in part)
                if len(initials) >= letters and kind:
                    found.setdefault(initials, []).append(kind)
        known = {alias for alias, _ in self.table}
        joined = "\n".join(texts)
        learnt = [
            (initials, kinds[0])
            for initials, kinds in sorted(found.items())
            if len(set(kinds)) == 1
            and initials not in known
            and _capitals_only(joined, initials)
        ]
        self._add(learnt)

    def _add(self, learnt: list[tuple[str, str]]) -> None:
        """Names learnt from the review, after every name it was given."""
        if learnt:
            self.table = sorted([*self.table, *learnt], key=lambda row: -len(row[0]))
            self._cache.clear()

    def learn_roles(
        self, texts: Iterable[tuple[str, str]], roles: Iterable[str]
    ) -> None:
        """Name an agency kind by a role word many agencies have ("keyworker")
        when one kind alone writes of it as the subject of a clause of its own
        entries ("Keyworker attended the meeting"): that kind's own staff.
        Others write of it as who they phoned ("phoned keyworker") or list
        it ("attended by SW, HV, keyworker").
        ``texts``: (writer kind, entry text) pairs."""
        wanted = [n for n in dict.fromkeys(normalise_name(r) for r in roles) if n]
        if not wanted:
            return
        writers: dict[str, set[str]] = {}
        for kind, text in texts:
            for part in _PARTS.split(text):
                lead = normalise_name(part)
                for role in wanted:
                    if lead.startswith(f"{role} "):  # not a list's item
                        writers.setdefault(role, set()).add(kind)
        known = {alias for alias, _ in self.table}
        learnt = [
            (role, next(iter(kinds)))
            for role, kinds in sorted(writers.items())
            if len(kinds) == 1 and role not in known and next(iter(kinds))
        ]
        self._add(learnt)

    def starts_with_person(self, window: str) -> bool:
        """Whether a recipient window begins with a person of the family
        ("spoke to mum about school" is a talk with mum, not a send)."""
        padded = f"{normalise_name(window)} "
        for lead in ("", "the ", "a "):
            if any(padded.startswith(f"{lead}{p} ") for p in self.people):
                return True
        return False

    def names_another(self, text: str, kind: str, agency: str) -> bool:
        """Whether the text names, by its name, an agency of the review of
        ``kind`` other than ``agency`` ("Contact from St Wilfrid's DSL" is
        not a nursery's call, although both are education)."""
        key = (text, kind, agency)
        found = self._another.get(key)
        if found is None:
            padded = f" {self.normalised(text)} "
            found = any(
                k == kind and name != agency and f" {alias} " in padded
                for alias, k, name in self.own_names
                if alias
            )
            self._another[key] = found
        return found

    def normalised(self, text: str) -> str:
        """normalise_name of ``text``, worked out once per distinct text."""
        found = self._normal.get(text)
        if found is None:
            self._normal[text] = found = normalise_name(text)
        return found

    def matter_words(self, text: str) -> frozenset[str]:
        """The words of an entry that say what it is about (not the common
        words, the agencies' names or the people's)."""
        found = self._words.get(text)
        if found is None:
            words = {_stem(w) for w in _WORD.findall(text.casefold()) if len(w) >= 3}
            self._words[text] = found = frozenset(words - self._ignored)
        return found

    def kinds(self, text: str) -> tuple[str, ...]:
        """The agency kinds the text names, in the order it names them."""
        found = self._cache.get(text)
        if found is not None:
            return found
        padded = f" {normalise_name(text)} "
        taken: list[tuple[int, int, str]] = []
        for alias, kind in self.table:
            for key in (f" {alias} ", f" {alias}s "):
                at = padded.find(key)
                while at >= 0:
                    span = (at + 1, at + len(key) - 1)
                    if not any(a < span[1] and span[0] < b for a, b, _ in taken):
                        taken.append((*span, kind))
                    at = padded.find(key, at + 1)
        ordered: list[str] = []
        for _, _, kind in sorted(taken):
            if kind not in ordered:
                ordered.append(kind)
        self._cache[text] = found = tuple(ordered)
        return found


@dataclass(frozen=True)
class Send:
    """One entry's send to one recipient kind, and the words that said so.

    ``reply``: the send answers the recipient's request ("SW rang for update;
    shared recent weights"), so the recipient's own record of asking is its
    receipt."""

    kind: str
    words: str
    reply: bool = False


def read_sends(
    text: str, writer_kind: str, names: AgencyNames, rules: SharingRules
) -> list[Send]:
    """The recipients an entry's words send to (never its own agency kind)."""
    lowered = text.lower()
    found: list[Send] = []

    def add(kind: str, words: str, reply: bool = False) -> None:
        if kind and kind != writer_kind and all(s.kind != kind for s in found):
            found.append(Send(kind, words, reply))

    named_any = False
    for match in rules.to.finditer(lowered):
        window = recipient_window(text, match.end(), rules.window_words)
        stop = rules.window_stop.search(window.lower()) if rules.window_stop else None
        if stop is not None:
            window = window[: stop.start()]
        if names.starts_with_person(window):
            # "discussed with mum and the GP": the GP still heard it
            _, joined, window = window.partition(" and ")
            if not joined:
                continue
        for kind in names.kinds(window):
            named_any = True
            add(kind, f"{text[match.start() : match.end()]} {window}".strip())
    for clause in _PARTS.split(text):
        start = len(clause) - len(clause.lstrip())
        words = clause.split()
        for cut in range(1, min(3, len(words) - 1) + 1):
            rest = " ".join(words[cut:]).lower()
            if any(p.match(rest) for p in rules.before):
                for kind in names.kinds(" ".join(words[:cut])):
                    named_any = True
                    add(kind, clause[start:].strip())
                break
    for kind, pattern in rules.implied:
        implied = pattern.search(lowered)
        if implied and not (named_any and _clause_names(text, implied, names)):
            add(kind, text[implied.start() : implied.end()])
    if named_any or found or rules.bare is None or rules.request is None:
        return found
    bare = _answer(lowered, rules)
    if bare and rules.request.search(lowered):
        others = [k for k in names.kinds(text) if k != writer_kind]
        if len(others) == 1:
            add(others[0], text[bare.start() : bare.end()], reply=True)
    return found


def _to_holder(text: str, etype: str, writer: str, rules: SharingRules) -> list[Send]:
    """A report asked for a meeting and sent, naming no recipient, answers
    the agency that holds the meeting ([decisions.made_by]): "Request for GP
    report for case conference. Report sent." is sent to social care. (A
    report taken to the meeting itself is the meeting, which the linker
    joins.)"""
    holder = rules.meeting_holders.get(etype, "")
    if not holder or holder == writer or rules.request is None:
        return []
    lowered = text.lower()
    bare = _answer(lowered, rules) if rules.bare is not None else None
    if bare is None or not rules.request.search(lowered):
        return []
    return [Send(holder, text[bare.start() : bare.end()], reply=True)]


def _answer(lowered: str, rules: SharingRules) -> re.Match[str] | None:
    """The first bare verb of sending whose own clause asks nothing: in
    "Recall request submitted" the writer sent its own request, it did not
    answer one."""
    assert rules.bare is not None and rules.request is not None
    for bare in rules.bare.finditer(lowered):
        starts = [0, *(m.end() for m in _CLAUSES.finditer(lowered))]
        start = max(s for s in starts if s <= bare.start())
        end = _CLAUSES.search(lowered, bare.end())
        clause = lowered[start : end.start() if end else len(lowered)]
        if not rules.request.search(clause):
            return bare
    return None


def _clause_names(text: str, match: re.Match[str], names: AgencyNames) -> bool:
    """Whether the clause holding ``match`` names an agency: "PPN submitted
    for both children" after "referral to MARAC" still goes where a PPN
    goes, but "PPN submitted to HV" goes to the HV alone."""
    starts = [0, *(m.end() for m in _CLAUSES.finditer(text))]
    start = max(s for s in starts if s <= match.start())
    end = _CLAUSES.search(text, match.end())
    return bool(names.kinds(text[start : end.start() if end else len(text)]))


def _stem(word: str) -> str:
    """A word without a plural "s", for comparing two entries' words."""
    word = word.casefold()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def what_was_sent(text: str, rules: SharingRules) -> str:
    """What was sent, in words for the panel (schemas/sharing.toml [what])."""
    for label, pattern in rules.what:
        if _has(pattern, text):
            return label
    return rules.what_default


def sharing_ledger(entries: pd.DataFrame, review: ReviewSettings) -> pd.DataFrame:
    """Every send an entry records, matched to its receipt (SHARING_COLUMNS).

    Args:
        entries: the linked entries (``event_group`` joins an event's
            records); ``agency_kind`` as ingest settled it, or decided again
            from the agency's name.
        review: the review settings (its agencies and their aliases).

    Returns:
        One row per (send entry, recipient), in date then entry order: the
        recipient's agency (the review's agency of that kind, when it has
        exactly one) and kind, what was sent, the receipt entry and its date,
        the working days between, how it was matched (``linked``, ``names
        the sender``, ``same matter`` or ""), a status in plain words and why.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> sharing_ledger(chron.entries, chron.review)["status"].value_counts()
        ... # doctest: +SKIP
    """

    rules = sharing_rules()
    names = AgencyNames(review, rules)
    frame = _Frame.of(entries, entry_kinds(entries, review))
    names.learn_roles(
        ((frame.kind[i], frame.description[i]) for i in frame.order),
        rules.own_roles,
    )
    names.learn_initials(
        review,
        [f"{frame.description[i]} {frame.outcome[i]}" for i in frame.order],
        rules.initials_letters,
    )
    sends: list[tuple[int, Send, str]] = []
    replies: dict[int, set[str]] = {}  # entry -> kinds it answered
    for i in frame.order:
        text = f"{frame.description[i]}. {frame.outcome[i]}".strip(". ")
        if frame.etype[i] in rules.meeting_types and (
            what_was_sent(text, rules) not in rules.meeting_sends
        ):
            continue
        found = read_sends(text, frame.kind[i], names, rules)
        for send in found or _to_holder(text, frame.etype[i], frame.kind[i], rules):
            sends.append((i, send, text))
            if send.reply:
                replies.setdefault(i, set()).add(send.kind)
    rows = [
        _row(frame, i, send, text, names, rules, replies) for i, send, text in sends
    ]
    _one_receipt_each(frame, sends, rows, names, rules, replies)
    return pd.DataFrame(rows, columns=list(SHARING_COLUMNS))


_RANK = {LINKED: 0, NAMED: 0, MATTER: 1, LATE: 2}


def _one_receipt_each(
    frame: _Frame,
    sends: list[tuple[int, Send, str]],
    rows: list[dict[str, Any]],
    names: AgencyNames,
    rules: SharingRules,
    replies: dict[int, set[str]],
) -> None:
    """Give each receipt to one send, best first, and search again for the
    others (in place): the recipient recorded one referral, not two. The
    best names the sender as where it came from, then was matched the
    surest way, then is nearest in working days (and in time of day, where
    both give one), then comes first. A record
    that names two senders as sources ("referral from school and GP") is
    the receipt of one send of each; one linked to two records of one
    occurrence by the sender (the same event) is the receipt of both."""
    at = {str(frame.ids[j]): j for j in range(len(frame.ids))}
    taken: dict[int, frozenset[int]] = {}
    for _ in range(len(rows)):
        claims: dict[str, list[int]] = {}
        for n, row in enumerate(rows):
            if row["receipt_entry_id"]:
                claims.setdefault(row["receipt_entry_id"], []).append(n)
        losers = []
        for receipt, claimed in claims.items():
            if len(claimed) > 1:
                j = at[receipt]
                losers += _losers(frame, j, claimed, sends, rows, names, rules)
        if not losers:
            return
        for n in sorted(losers):
            i, send, text = sends[n]
            j = at[rows[n]["receipt_entry_id"]]
            taken[n] = taken.get(n, frozenset()) | {j}
            rows[n] = _row(frame, i, send, text, names, rules, replies, taken[n])


def _losers(
    frame: _Frame,
    j: int,
    claimed: list[int],
    sends: list[tuple[int, Send, str]],
    rows: list[dict[str, Any]],
    names: AgencyNames,
    rules: SharingRules,
) -> list[int]:
    """The sends of ``claimed`` that lose receipt ``j`` to a better one."""
    text = f"{frame.description[j]}. {frame.outcome[j]}"

    def heard(n: int) -> bool:
        return _heard_from(text, frame.kind[sends[n][0]], names, rules)

    def key(n: int) -> tuple[bool, int, int, float, int]:
        gap = rows[n]["working_days"]
        far = abs(int(gap)) if gap != "" else 10**6
        minutes = abs(frame.minute[j] - frame.minute[sends[n][0]])
        near = 10.0**9 if np.isnan(minutes) else float(minutes)
        return (not heard(n), _RANK[rows[n]["matched_how"]], far, near, n)

    def same_event(n: int, k: int) -> bool:
        one, other = sends[n][0], sends[k][0]
        group = frame.group[one]
        same_agency = frame.agency[one] == frame.agency[other]
        return bool(group) and same_agency and group == frame.group[other]

    kept: list[int] = []
    lost: list[int] = []
    for n in sorted(claimed, key=key):
        sender = frame.kind[sends[n][0]]
        if (
            not kept
            or any(same_event(n, k) for k in kept)
            or (heard(n) and all(frame.kind[sends[k][0]] != sender for k in kept))
        ):
            kept.append(n)
        else:
            lost.append(n)
    return lost


@dataclass(frozen=True)
class _Frame:
    """The entries' columns the ledger reads, as arrays."""

    ids: np.ndarray
    agency: np.ndarray
    kind: np.ndarray
    group: np.ndarray
    etype: np.ndarray
    description: np.ndarray
    outcome: np.ndarray
    precision: np.ndarray
    day: np.ndarray  # float, NaN when undated
    minute: np.ndarray  # minutes from the day number 0, NaN without a time
    order: list[int]  # positions in date then entry-id order
    by_kind: dict[str, list[int]]
    by_group: dict[str, list[int]]
    kind_days: dict[str, np.ndarray]  # by_kind's day numbers (undated: inf)
    # What the receipt search works out once per recipient kind (see _Pool).
    memo: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: pd.DataFrame, kinds: pd.Series) -> _Frame:
        def col(name: str) -> np.ndarray:
            return text_column(entries, name).to_numpy(dtype=object)

        ids = text_column(entries, "entry_id", clean=False).to_numpy(dtype=object)
        day = day_numbers(text_column(entries, "date_start"))
        kind = kinds.fillna("").astype(str).to_numpy(dtype=object)
        group = col("event_group")
        undated = np.isnan(day)
        order = np.lexsort((ids.astype(str), np.where(undated, np.inf, day)))
        by_kind: dict[str, list[int]] = {}
        by_group: dict[str, list[int]] = {}
        for i in order.tolist():
            by_kind.setdefault(kind[i], []).append(i)
            if group[i]:
                by_group.setdefault(group[i], []).append(i)
        kind_days = {
            k: np.where(np.isnan(day[v]), np.inf, day[v]) for k, v in by_kind.items()
        }
        return cls(
            ids=ids,
            agency=col("agency"),
            kind=kind,
            group=group,
            etype=col("event_type"),
            description=col("description"),
            outcome=col("outcome"),
            precision=text_column(entries, "date_precision", lower=True).to_numpy(
                dtype=object
            ),
            day=day,
            minute=day * 1440 + _minutes(text_column(entries, "time")),
            order=order.tolist(),
            by_kind=by_kind,
            by_group=by_group,
            kind_days=kind_days,
        )


def _minutes(times: pd.Series) -> np.ndarray:
    """``HH:MM`` as minutes after midnight (NaN when there is no time)."""
    parts = times.str.extract(r"^\s*(\d{1,2}):(\d{2})\s*$").astype(float)
    return (parts[0] * 60 + parts[1]).to_numpy(dtype=float)


def _timed_before(frame: _Frame, i: int, j: int, rules: SharingRules) -> bool:
    """Whether entry ``j`` is timed before send ``i`` (both giving a time)
    by more than `early_minutes`: a referral logged at 16:34 is not the
    receipt of a PPN about an incident at 19:27 that day."""
    if rules.early_minutes is None:
        return False
    gap = frame.minute[i] - frame.minute[j]
    return bool(gap > rules.early_minutes)  # NaN compares False


@lru_cache(maxsize=1 << 16)
def _working_days(first: float, last: float) -> int:
    """Working days from one day number to another (negative when earlier)."""
    a, b = np.datetime64(iso(first)), np.datetime64(iso(last))
    off = holiday_array()
    if b >= a:
        return int(np.busday_count(a, b, holidays=off))
    return -int(np.busday_count(b, a, holidays=off))


def _recipient_name(frame: _Frame, kind: str, names: AgencyNames) -> str:
    """The review's agency of that kind when the entries hold exactly one,
    else the kind's name (worked out once a kind)."""
    key = ("recipient", kind)
    if key not in frame.memo:
        present = sorted({str(frame.agency[i]) for i in frame.by_kind.get(kind, [])})
        if len(present) == 1:
            frame.memo[key] = present[0]
        else:
            frame.memo[key] = str(schema_kinds().get(kind, {}).get("name", kind))
    return str(frame.memo[key])


class _Pool:
    """One recipient kind's entries as arrays, in date order, so a send's
    window of possible receipts is cut down with numpy before any is read
    one by one: an entry that neither names the sender nor is the same kind
    of matter can never be a receipt."""

    def __init__(self, frame: _Frame, kind: str, names: AgencyNames, rules: Any):
        self.frame, self.names = frame, names
        self.index = np.asarray(frame.by_kind.get(kind, []), dtype=np.int64)
        self.days = frame.kind_days.get(kind, np.zeros(0))
        texts = [f"{frame.description[j]}. {frame.outcome[j]}" for j in self.index]
        self.texts = texts
        self.incoming = np.array(
            [
                rules.incoming is None or bool(rules.incoming.search(t.lower()))
                for t in texts
            ],
            dtype=bool,
        )
        self.etype = frame.etype[self.index] if len(self.index) else np.zeros(0, object)
        wanted = rules.receipt_precisions
        self.precise = np.array(
            [not wanted or frame.precision[j] in wanted for j in self.index],
            dtype=bool,
        )
        self._named: dict[str, np.ndarray] = {}
        # which name any day at all: only those can name a send's day
        self.names_a_day = np.array([bool(_days_named(t)) for t in texts], dtype=bool)
        self.intake = np.array(
            [
                rules.intake is not None and bool(rules.intake.search(t.lower()))
                for t in texts
            ],
            dtype=bool,
        )

    @classmethod
    def of(cls, frame: _Frame, kind: str, names: AgencyNames, rules: Any) -> _Pool:
        key = ("pool", kind)
        if key not in frame.memo:
            frame.memo[key] = cls(frame, kind, names, rules)
        pool: _Pool = frame.memo[key]
        return pool

    def names_kind(self, sender: str) -> np.ndarray:
        """Which of the pool's entries name an agency of kind ``sender``."""
        found = self._named.get(sender)
        if found is None:
            kinds = self.names.kinds
            found = np.array([sender in kinds(t) for t in self.texts], dtype=bool)
            self._named[sender] = found
        return found

    def name_day(self, window: slice, day: float) -> np.ndarray:
        """Which of the window's entries name the day ``day`` (names_day),
        reading only those that name a day at all."""
        found = np.zeros(window.stop - window.start, dtype=bool)
        for at in np.flatnonzero(self.names_a_day[window]).tolist():
            found[at] = names_day(self.texts[window.start + at], day)
        return found


def _receipt(
    frame: _Frame,
    i: int,
    send: Send,
    names: AgencyNames,
    rules: SharingRules,
    replies: dict[int, set[str]],
    taken: frozenset[int] = frozenset(),
) -> tuple[int, str] | None:
    """The recipient's entry that received send ``i``, and how it was found
    (never one of ``taken``: the receipts of nearer sends)."""
    group = frame.group[i]
    linked = [
        j
        for j in frame.by_group.get(group, [])
        if frame.kind[j] == send.kind
        and j not in taken
        and linked_receipt(frame, i, j, names, rules)
    ]
    if group and linked:
        return linked[0], LINKED
    key = ("receipts", i, send)
    found = frame.memo.get(key)
    if found is None:
        frame.memo[key] = found = _candidates(frame, i, send, names, rules, replies)
    best: tuple[int, float, int, str] | None = None
    for candidate in found:
        if candidate[2] not in taken and (best is None or candidate[:2] < best[:2]):
            best = candidate
    return None if best is None else (best[2], best[3])


def _candidates(
    frame: _Frame,
    i: int,
    send: Send,
    names: AgencyNames,
    rules: SharingRules,
    replies: dict[int, set[str]],
) -> list[tuple[int, float, int, str]]:
    """Every unlinked entry of the recipient that could be send ``i``'s
    receipt, as (rank, days apart, entry, how) in the order searched: worked
    out once per send, since which are taken changes but not what each is."""
    kind = send.kind
    sender = frame.kind[i]
    sent_text = f"{frame.description[i]}. {frame.outcome[i]}"
    sent_words = names.matter_words(sent_text)
    what = what_was_sent(sent_text, rules)
    intake_send = what in rules.intake_what
    # the other side of a call records a call ([receipt.records])
    exchange = rules.records.get(what)

    start = frame.day[i]
    if np.isnan(start):
        return []
    last_day = _after(start, rules.working_days)
    intake_day = _after(start, rules.intake_working_days)
    late_day = _after(start, rules.late_search_working_days)
    soon_day = _after(start, rules.late_working_days)
    found: list[tuple[int, float, int, str]] = []
    pool = _Pool.of(frame, kind, names, rules)
    # only the recipient's entries inside the window that name the sender or
    # are the same kind of matter (the loop below needs one or the other)
    lo = int(np.searchsorted(pool.days, start - rules.days_before, side="left"))
    hi = int(np.searchsorted(pool.days, late_day, side="right"))
    window = slice(lo, hi)
    heard = pool.incoming[window] | pool.intake[window] | pool.name_day(window, start)
    hit = pool.names_kind(sender)[window] & (send.reply | heard)
    if frame.etype[i] in rules.matter_types:
        hit |= pool.etype[window] == frame.etype[i]
    if intake_send:
        hit |= pool.intake[window]
    keep = hit & pool.precise[window] & (pool.index[window] != i)
    for j in pool.index[window][keep].tolist():
        day = frame.day[j]
        early = day < start - rules.days_before
        if np.isnan(day) or early or day > late_day or j == i:
            continue
        if _timed_before(frame, i, j, rules):
            continue
        if rules.receipt_precisions and (
            frame.precision[j] not in rules.receipt_precisions
        ):
            continue
        text = f"{frame.description[j]}. {frame.outcome[j]}"
        answered = sender in replies.get(j, ())
        # a reply's receipt is the recipient's record of asking or hearing
        asked = send.reply and _asked_or_heard(text, rules)
        dated = names_day(text, start)
        if not dated and names_other_day(text, day, start, rules):
            continue
        names_sender = (
            sender in names.kinds(text)
            and bool(asked or dated or _heard_from(text, sender, names, rules))
            and not names.names_another(text, sender, str(frame.agency[i]))
        )
        intake = _intake_record(frame, j, text, rules) or (
            exchange is not None and _has(exchange, text)
        )
        if not (
            asked
            or answered
            or dated
            or (names_sender and intake and start <= day <= intake_day)
            or sent_words & names.matter_words(text)
        ):
            continue
        matter = _same_matter(frame, i, j, rules, intake_send)
        if day > last_day:
            if not (names_sender and (matter or dated)):
                continue
            if not (dated or day <= soon_day or refers_back(text, day, start, rules)):
                continue  # nothing dates it back to this send
            how, rank = LATE, 2
        elif names_sender:
            how, rank = NAMED, 0
        elif matter and not _sends_elsewhere(text, kind, sender, names, rules):
            how, rank = MATTER, 1
        else:
            continue
        found.append((rank, abs(day - start), j, how))
    return found


def linked_receipt(
    frame: _Frame, i: int, j: int, names: AgencyNames, rules: SharingRules
) -> bool:
    """Whether entry ``j``, linked to send ``i``, is its receipt: it shares a
    word of the matter, is the same kind of matter, or names the sender as a
    source and records the same kind of exchange (a call's receipt records a
    call: ``[receipt.records]``). A wrong link must not stand for a receipt:
    a notification the recipient logged the same day is not the other side
    of the sender's phone call."""
    sent_text = f"{frame.description[i]}. {frame.outcome[i]}"
    text = f"{frame.description[j]}. {frame.outcome[j]}"
    sender = frame.kind[i]
    if sender not in names.kinds(text) and _sends_elsewhere(
        text, frame.kind[j], sender, names, rules
    ):
        return False  # its own referral out, linked for being one too
    if names.matter_words(sent_text) & names.matter_words(text):
        return True
    if names_day(text, frame.day[i]):
        return True
    if names_other_day(text, frame.day[j], frame.day[i], rules):
        return False
    if _same_matter(frame, i, j, rules, sent_text=sent_text):
        return True
    lowered = text.lower()
    if not (_heard(text, rules) and frame.kind[i] in names.kinds(text)):
        return False
    exchange = rules.records.get(what_was_sent(sent_text, rules))
    return exchange is None or bool(exchange.search(lowered))


def _heard_from(
    text: str, sender: str, names: AgencyNames, rules: SharingRules
) -> bool:
    """Whether one clause of an entry both names the sender's kind and has
    words of receiving: "PPN received from police", not "contact received
    (health visitor); checks with police requested"."""
    key = (text, sender)
    found = names.heard_from.get(key)
    if found is None:
        found = any(
            sender in names.kinds(clause) and _heard(clause, rules)
            for clause in _CLAUSES.split(text)
        )
        names.heard_from[key] = found
    return found


def _sends_elsewhere(
    text: str, kind: str, sender: str, names: AgencyNames, rules: SharingRules
) -> bool:
    """Whether an entry of ``kind`` records its own send to agencies other
    than ``sender``: "Referred to children's centre" is the health
    visitor's referral out, not its record of the school's referral in,
    although both are referrals."""
    sent = [s.kind for s in read_sends(text, kind, names, rules)]
    return bool(sent) and sender not in sent


def _asked_or_heard(text: str, rules: SharingRules) -> bool:
    """Whether an entry records asking (`request_patterns`, or a call:
    `[receipt.records]`) or something coming in: "Attended core group at
    school" is not the health visitor's record of asking the school, "Info
    requested from school" and "Call to school (DSL)" are."""
    asked = rules.request is not None and _has(rules.request, text)
    called = any(_has(p, text) for p in rules.records.values())
    return asked or called or _heard(text, rules)


def _heard(text: str, rules: SharingRules) -> bool:
    """Whether an entry has words of receiving: `incoming_patterns`, or the
    words of a referral coming in (`intake_patterns`)."""
    if rules.incoming is None:
        return True
    return _has(rules.incoming, text) or (
        rules.intake is not None and _has(rules.intake, text)
    )


def _intake_record(frame: _Frame, j: int, text: str, rules: SharingRules) -> bool:
    """Whether entry ``j`` records something coming in: typed as one of
    `matter_types` (a referral), or worded as one (`intake_patterns`)."""
    if frame.etype[j] in rules.matter_types:
        return True
    return rules.intake is not None and _has(rules.intake, text)


def _same_matter(
    frame: _Frame,
    i: int,
    j: int,
    rules: SharingRules,
    intake_send: bool | None = None,
    sent_text: str = "",
) -> bool:
    """Whether entry ``j`` records the same kind of matter as send ``i``: the
    same main type of ``matter_types``, or a referral sent and ``j`` records
    one coming in (``intake_patterns``), however each was typed."""
    if frame.etype[j] in rules.matter_types and frame.etype[j] == frame.etype[i]:
        return True
    if intake_send is None:
        intake_send = what_was_sent(sent_text, rules) in rules.intake_what
    if not intake_send or rules.intake is None:
        return False
    text = f"{frame.description[j]}. {frame.outcome[j]}"
    return _has(rules.intake, text)


@cache
def _days_named(text: str) -> frozenset[tuple[int, int, int]]:
    """The days an entry's words name (day, month, year or 0), day first."""
    found = set()
    for d, m, y in _DAY.findall(text):
        day, month = int(d), int(m)
        if 1 <= day <= 31 and 1 <= month <= 12:
            year = int(y) + (2000 if len(y) == 2 else 0) if y else 0
            found.add((day, month, year))
    return frozenset(found)


def names_day(text: str, day: float) -> bool:
    """Whether the words name the day ``day`` (a receipt that says which
    incident or letter it is: "notification re incident on 15/03")."""
    named = _days_named(text)
    if not named or np.isnan(day):
        return False
    when = _as_date(day)
    return (when.day, when.month, 0) in named or (
        when.day,
        when.month,
        when.year,
    ) in named


def names_other_day(text: str, day: float, sent: float, rules: SharingRules) -> bool:
    """Whether the words of an entry dated ``day`` name an earlier day, up to
    `other_day_days` before it, that is neither the send's day ``sent`` nor
    up to `days_before` before it (the incident a send is about): "police
    notification dated 07.04.20 received" is the receipt of the PPN of the
    7th, not of one sent on the 10th."""
    named = _days_named(text)
    days = rules.other_day_days
    if not named or days <= 0 or np.isnan(day) or np.isnan(sent):
        return False
    when = _as_date(day)
    sent_on = _as_date(sent)
    for d, m, y in named:
        for year in [y] if y else [when.year, when.year - 1]:
            try:
                named_on = when.replace(year=year, month=m, day=d)
            except ValueError:
                continue
            before_send = (sent_on - named_on).days
            if 0 <= (when - named_on).days <= days and not (
                0 <= before_send <= rules.days_before
            ):
                return True
    return False


@lru_cache(maxsize=1 << 16)
def _as_date(day: float) -> dt.date:
    """The calendar date of day number ``day`` (asked of the same few
    hundred days many thousand times)."""
    return np.datetime64(iso(day)).astype(object)


@lru_cache(maxsize=1 << 16)
def _after(day: float, working_days: int) -> float:
    """The day number ``working_days`` working days after ``day``."""
    last = np.busday_offset(
        np.datetime64(iso(day)), working_days, roll="forward", holidays=holiday_array()
    )
    return float((last - np.datetime64("1970-01-01")).astype(int))


def _row(
    frame: _Frame,
    i: int,
    send: Send,
    text: str,
    names: AgencyNames,
    rules: SharingRules,
    replies: dict[int, set[str]],
    taken: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    to_agency = _recipient_name(frame, send.kind, names)
    sender = str(frame.agency[i])
    day = frame.day[i]
    said = f"{sender} recorded \u201c{send.words}\u201d"
    row: dict[str, Any] = {
        "send_entry_id": frame.ids[i],
        "send_date": "" if np.isnan(day) else iso(day),
        "from_agency": sender,
        "to_agency": to_agency,
        "to_kind": send.kind,
        "what": what_was_sent(text, rules),
        "receipt_entry_id": "",
        "received_date": "",
        "working_days": "",
        "matched_how": "",
    }
    status = rules.status
    if send.kind not in frame.by_kind:
        row["status"] = status["no_chronology"]
        row["why"] = (
            f"{said}; the review has no chronology from {to_agency}, so whether "
            "it was received cannot be seen here."
        )
        return row
    found = _receipt(frame, i, send, names, rules, replies, taken)
    if found is None:
        window = rules.working_days
        row["status"] = status["unreceived"]
        linked = [
            j
            for j in frame.by_group.get(frame.group[i], [])
            if frame.group[i]
            if frame.kind[j] == send.kind
        ]
        none_linked = f"no entry of {to_agency} is linked to it"
        if linked:
            j = linked[0]
            when = "undated" if np.isnan(frame.day[j]) else uk(frame.day[j])
            none_linked = (
                f"the entry of {to_agency} dated {when} linked to it records "
                f"neither this {row['what']} nor its matter, so is not counted "
                "as its receipt"
            )
        row["why"] = (
            f"{said}; {none_linked}, and no entry from that "
            f"day to {window} working days after names {sender} and the same "
            "matter. The panel may wish to consider whether it was received."
        )
        return row
    j, how = found
    received = frame.day[j]
    gap = "" if np.isnan(day) or np.isnan(received) else _working_days(day, received)
    late = how == LATE or (
        how == LINKED and gap != "" and int(gap) > rules.late_working_days
    )
    when = "undated" if np.isnan(received) else uk(received)
    reason = {
        LINKED: "is linked to it (the same event)",
        NAMED: f"names {sender}",
        MATTER: "records the same matter",
        LATE: f"names {sender} and records the same matter",
    }[how]
    after = "" if gap == "" else f", {gap} working day{'s' if gap != 1 else ''} later"
    row.update(
        receipt_entry_id=frame.ids[j],
        received_date="" if np.isnan(received) else iso(received),
        working_days=gap,
        matched_how=how,
        status=status["late"] if late else status["received"],
        why=f"{said}; an entry of {to_agency} dated {when} {reason}{after}.",
    )
    return row
