"""Who a referral was sent to, read from the entry's own words.

A keyword list cannot know every service a practitioner refers to ("referred
to the Compass team", "referral made to Bridges"), but the sentence says who
received it: the words after "referral to", "referred to", "sent to",
"passed to", "contacted". Those words are resolved with the agency names of
schemas/agencies.toml and the review file's own agencies (the same
:class:`~chronomerge.agencies.AgencyResolver` that settles each
file's agency), so a referral to any agency the review knows is typed by
that agency's kind: children's social care is ``referral_csc``, another
kind is ``referral_other``. A referral an agency records as *received*
("new referral", "referral received from school") was sent to that agency
itself. The patterns and the kind-to-code table are data
(``[recipients]`` of schemas/event_scoring.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..agencies import AgencyResolver
from ..resources import load_toml

UNLISTED = "unlisted_service"  # a recipient kind: a service no name resolves
_CAPITALISED = re.compile(r"(?:the\s+)?[A-Z][\w'’&-]*")
_SENTENCE_END = re.compile(r"[.;!?\n](?:\s|$)")
_CLAUSE_END = re.compile(r"[.;:!?\n()\[\]]|\s[-–—]+\s|,\s")


@dataclass(frozen=True)
class RecipientRules:
    """``[recipients]``: where a recipient is named and what it means."""

    sent: re.Pattern[str] | None  # "referral to": the recipient follows
    received: re.Pattern[str] | None  # "referral received": the writer received it
    window_words: int
    codes: dict[str, str]  # agency kind -> code ("" leaves the type alone)
    default_code: str
    referral_codes: frozenset[str]  # the codes a recipient decides between
    bonus: float
    exchange: re.Pattern[str] | None  # "rang", "letter to": the other party follows
    exchange_code: str
    exchange_points: float
    exchange_instead_of: frozenset[str]
    # kinds for which a call *from* someone starts an incident (emergency
    # services log every incoming call as a call-out), not information shared
    incoming_starts_incident: frozenset[str]
    # "chronology sent to SW", "checks requested from police": something
    # passed between agencies in the first sentence ([recipients.shared])
    shared: re.Pattern[str] | None = None
    shared_points: float = 0.0
    shared_instead_of: frozenset[str] = frozenset()
    # practitioners' roles that stand for their agency ("SW": children's
    # social care), where the agency names find nothing (sharing.toml [roles])
    roles: tuple[tuple[re.Pattern[str], str], ...] = ()
    # "CAMHS referral made": the recipient named before the referral (the
    # pattern's group "who")
    before: re.Pattern[str] | None = None
    # a referral sent to a named service no agency name resolves ("referred
    # to Open Road") gets `default_code`: children's social care is always
    # known by its names
    unlisted_services: bool = False


def practitioner_roles() -> dict[str, str]:
    """Each practitioner's role and the agency kind it stands for: the
    ``[roles]`` of schemas/sharing.toml, one list for the ledger and for
    event types alike."""
    roles = load_toml("sharing.toml").get("roles", {})
    return {role.lower(): kind for kind, names in roles.items() for role in names}


def read_recipient_rules(
    data: dict[str, Any], codes: set[str], kinds: set[str]
) -> RecipientRules:
    """``[recipients]``, checked: codes of the taxonomy, kinds of agencies.toml."""

    def code(value: str, where: str) -> str:
        if value and value not in codes:
            raise ValueError(f"event_scoring.toml: recipients.{where}: {value!r}")
        return value

    by_kind = {}
    for kind, value in data.get("codes", {}).items():
        if kind not in kinds:
            raise ValueError(f"event_scoring.toml: recipients.codes: {kind!r}")
        by_kind[kind] = code(value, f"codes.{kind}")
    sent = data.get("sent_patterns", [])
    exchange = data.get("exchange", {})
    shared = data.get("shared", {})
    received = data.get("received_patterns", [])
    return RecipientRules(
        sent=re.compile("|".join(f"(?:{p})" for p in sent)) if sent else None,
        received=(
            re.compile("|".join(f"(?:{p})" for p in received)) if received else None
        ),
        window_words=int(data.get("window_words", 6)),
        codes=by_kind,
        default_code=code(data.get("default_code", ""), "default_code"),
        referral_codes=frozenset(
            code(c, "referral_codes") for c in data.get("referral_codes", [])
        ),
        bonus=float(data.get("bonus", 1.0)),
        exchange=_either(exchange.get("patterns", [])),
        exchange_code=code(exchange.get("code", ""), "exchange.code"),
        exchange_points=float(exchange.get("points", 0.0)),
        exchange_instead_of=frozenset(
            code(c, "exchange.instead_of") for c in exchange.get("instead_of", [])
        ),
        incoming_starts_incident=frozenset(
            exchange.get("incoming_starts_incident", [])
        ),
        roles=tuple(
            (re.compile(rf"(?<![\w'’]){re.escape(role.lower())}(?![\w'’])"), kind)
            for role, kind in sorted(practitioner_roles().items())
            if _known(kind, kinds, "roles")
        ),
        before=_either(data.get("before_patterns", [])),
        unlisted_services=bool(data.get("unlisted_services", False)),
        shared=_either(shared.get("patterns", [])),
        shared_points=float(shared.get("points", 0.0)),
        shared_instead_of=frozenset(
            code(c, "shared.instead_of") for c in shared.get("instead_of", [])
        ),
    )


def _known(kind: str, kinds: set[str], where: str) -> bool:
    if kind not in kinds:
        raise ValueError(f"event_scoring.toml: recipients.{where}: {kind!r}")
    return True


def _either(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def recipient_window(text: str, end: int, words: int) -> str:
    """The words after a "sent to" phrase, up to the clause's end."""
    rest = text[end:]
    stop = _CLAUSE_END.search(rest)
    if stop:
        rest = rest[: stop.start()]
    return " ".join(rest.split()[:words])


class RecipientReader:
    """Reads recipients for one review (its agencies and the schema's)."""

    def __init__(self, rules: RecipientRules, resolver: AgencyResolver) -> None:
        self.rules = rules
        self.resolver = resolver
        self._cache: dict[tuple[str, str], str] = {}

    def kind(self, text: str, writer_kind: str) -> str:
        """The agency kind that received the entry's referral, or ""."""
        key = (text, writer_kind)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._read(text, writer_kind)
        return found

    def _read(self, text: str, writer_kind: str) -> str:
        lowered = text.lower()
        unlisted = False
        if self.rules.sent is not None:
            for match in self.rules.sent.finditer(lowered):
                window = recipient_window(text, match.end(), self.rules.window_words)
                named = self.counterpart(window)
                if named:
                    return named
                unlisted = unlisted or bool(_CAPITALISED.match(window.strip()))
        if self.rules.before is not None:
            for match in self.rules.before.finditer(lowered):
                named = self.counterpart(text[match.start("who") : match.end("who")])
                if named:
                    return named
        received = self.rules.received
        if writer_kind and received is not None and received.search(lowered):
            return writer_kind
        return UNLISTED if unlisted and self.rules.unlisted_services else ""

    def counterpart(self, window: str) -> str:
        """The agency kind the words name: by the agency names, else by a
        practitioner's role ("the SW"); "" when neither names one."""
        named = self.resolver.match(window)
        if named and named[1]:
            return named[1]
        lowered = window.lower()
        for pattern, kind in self.rules.roles:
            if pattern.search(lowered):
                return kind
        return ""

    def exchanged(self, text: str, writer_kind: str = "") -> bool:
        """Whether the entry opens with a call, email or letter to or from
        another agency (one the agency names resolve), not the family."""
        pattern = self.rules.exchange
        if pattern is None:
            return False
        match = pattern.match(text.lower())
        if match is None:
            return False
        incoming = " from" in match.group()
        if incoming and writer_kind in self.rules.incoming_starts_incident:
            return False
        window = recipient_window(text, match.end(), self.rules.window_words)
        return bool(self.counterpart(window))

    def shared_object(self, text: str) -> str | None:
        """What the first sentence says besides whom it passes something to
        or asks something of ("Chronology sent to" in "Chronology sent to
        SW."), or None when it passes nothing to an agency the agency names
        resolve. The caller decides whether those words name a
        referral ("Contact received from police (PPN)"): then the entry is
        the referral, whoever received it."""
        pattern = self.rules.shared
        if pattern is None:
            return None
        lowered = text.lower()
        end = _SENTENCE_END.search(lowered)
        stop = end.start() if end else len(text)
        for match in pattern.finditer(lowered, 0, stop):
            window = recipient_window(text, match.end(), self.rules.window_words)
            if self.counterpart(window):
                after = lowered.find(window.lower(), match.end()) + len(window)
                return f"{text[: match.end()]} {text[after:stop]}".strip()
        return None

    def code_for(self, recipient_kind: str) -> str:
        """The referral code a recipient of this kind means ("": no change)."""
        if not recipient_kind:
            return ""
        return self.rules.codes.get(recipient_kind, self.rules.default_code)


def apply_recipient(
    points: dict[str, float], from_text: set[str], code: str, rules: RecipientRules
) -> None:
    """Move the referral's points to the code its recipient means.

    Only when a referral code has points already: naming a recipient does not
    make an entry a referral, it says which kind of referral it is.
    """
    held = [c for c in rules.referral_codes if points.get(c, 0.0) > 0]
    if not code or not held:
        return
    best = max(points[c] for c in held)
    for other in held:
        if other != code:
            points[other] = min(points[other], 0.0)
    points[code] = max(points.get(code, 0.0), best + rules.bonus)
    from_text.add(code)


def apply_exchange(
    points: dict[str, float], from_text: set[str], rules: RecipientRules
) -> None:
    """A call or letter between agencies is information sharing: the topic it
    was about (an attendance figure, a waiting list, a meeting date) loses
    what the exchange gains."""
    code, value = rules.exchange_code, rules.exchange_points
    if not code:
        return
    points[code] = points.get(code, 0.0) + value
    from_text.add(code)
    for other in rules.exchange_instead_of & points.keys():
        if other != code:
            points[other] -= value


def apply_shared(
    points: dict[str, float], from_text: set[str], rules: RecipientRules
) -> None:
    """Something passed between agencies that is not a referral is
    information sharing: the recipient ("sent to MASH") does not make it a
    referral, and what was passed (checks about domestic abuse, a plan's
    date) is its topic: those codes (``instead_of``) lose what it gains."""
    code, value = rules.exchange_code, rules.shared_points
    if not code or value <= 0:
        return
    points[code] = points.get(code, 0.0) + value
    from_text.add(code)
    for other in (rules.shared_instead_of | rules.referral_codes) & points.keys():
        if other != code:
            points[other] -= value
