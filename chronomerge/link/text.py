"""Text made comparable: abbreviations expanded, pseudonyms unified, stop words
dropped, and the agencies and people a text names picked out.

Agencies word one occurrence very differently ("strat disc with SW and PC" and
"Strategy discussion held with children's social care and police"), so the
linker compares normalised text, never the raw cell. The word lists live in
schemas/linking.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..abbreviations import abbreviations
from ..resources import load_toml
from ..review import ReviewSettings

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; punctuation and symbols split words."""
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def _phrase(text: str) -> str:
    return " ".join(tokens(text))


@cache
def stem(word: str) -> str:
    """A light suffix stripper: 'bruises', 'bruised', 'bruising' -> 'bruis'."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    """A regex matching any phrase as whole words, longest first."""
    if not phrases:
        return None
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


@dataclass(frozen=True)
class TextRules:
    """The word lists of schemas/linking.toml plus the review's people.

    Attributes:
        multiword: abbreviations of more than one word (matched by regex).
        single: one-word abbreviations (looked up token by token).
        stop_words: words dropped before texts are compared.
        aliases: regex of people's names and labels, and the token each becomes.
        agency_terms: per agency kind, a regex of phrases that name it.
        person_terms: regex of role words, and the person token each means.
        joint: regex of words saying work was done jointly.
        sent_re, received_re: regexes of words saying something was sent
            to another agency, or received from one.
        subject: the subject child's token (named in nearly every entry).
        person_labels: person token -> the name reasons print.
        refers: phrase -> (least, most) days before the entry's own date it
            refers to ('last night'); ``refers_re`` matches them.
        meeting_terms: phrase -> the meeting type it names; ``meeting_re``.
    """

    multiword: dict[str, str]
    multiword_re: re.Pattern[str] | None
    single: dict[str, str]
    stop_words: frozenset[str]
    aliases: dict[str, str]
    aliases_re: re.Pattern[str] | None
    agency_terms: dict[str, str]
    agency_re: re.Pattern[str] | None
    person_terms: dict[str, str]
    person_re: re.Pattern[str] | None
    joint_re: re.Pattern[str] | None
    sent_re: re.Pattern[str] | None
    received_re: re.Pattern[str] | None
    subject: str
    person_labels: dict[str, str]
    refers: dict[str, tuple[int, int]] = field(default_factory=dict)
    refers_re: re.Pattern[str] | None = None
    meeting_terms: dict[str, str] = field(default_factory=dict)
    meeting_re: re.Pattern[str] | None = None
    dated_back: tuple[frozenset[str], int] = (frozenset(), 0)

    def expand(self, text: str) -> str:
        """Lower-case words with pseudonyms unified and abbreviations expanded."""
        phrase = " ".join(tokens(text))
        if self.aliases_re is not None:
            phrase = self.aliases_re.sub(lambda m: self.aliases[m.group(0)], phrase)
        if self.multiword_re is not None:
            phrase = self.multiword_re.sub(lambda m: self.multiword[m.group(0)], phrase)
        single = self.single
        return " ".join([single.get(t, t) for t in phrase.split()])

    def content(self, expanded: str) -> str:
        """The words that carry meaning, stemmed, for similarity scoring."""
        stop = self.stop_words
        return " ".join([stem(t) for t in expanded.split() if t not in stop])

    def agencies_named(self, expanded: str) -> frozenset[str]:
        """Agency kinds a text names ('joint visit with police' -> police)."""
        if self.agency_re is None:
            return frozenset()
        return frozenset(self.agency_terms[m] for m in self.agency_re.findall(expanded))

    def people_named(self, expanded: str) -> frozenset[str]:
        """Person tokens a text names (review labels, or family roles)."""
        if self.person_re is None:
            return frozenset()
        return frozenset(self.person_terms[m] for m in self.person_re.findall(expanded))

    def days_back(self, expanded: str) -> tuple[int, int, str]:
        """The days before its own date a text refers to ('last night': 1 to
        1) and the words that say so; (0, 0, '') when it names no earlier day.
        Several references give the days all of them allow (an Encompass
        notice on a Monday 'about yesterday evening' is about Sunday), or,
        when they disagree, the narrowest one's."""
        found = self.refers_re.findall(expanded) if self.refers_re else []
        if not found:
            return 0, 0, ""
        ranges = sorted(
            ((*self.refers[f], f) for f in dict.fromkeys(found)),
            key=lambda r: (r[1] - r[0], r[0], r[2]),
        )
        lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
        if lo > hi:
            lo, hi = ranges[0][0], ranges[0][1]
        return lo, hi, ranges[0][2]

    def meetings_named(self, expanded: str) -> frozenset[str]:
        """Meeting types a text names ('CG attended' -> core_group)."""
        if self.meeting_re is None:
            return frozenset()
        return frozenset(
            self.meeting_terms[m] for m in self.meeting_re.findall(expanded)
        )

    def says_joint(self, expanded: str) -> bool:
        return bool(self.joint_re and self.joint_re.search(expanded))

    def says_sent(self, expanded: str) -> bool:
        """The text records sending ('referral to', 'informed')."""
        return bool(self.sent_re and self.sent_re.search(expanded))

    def says_received(self, expanded: str) -> bool:
        """The text records receiving ('referral from', 'received')."""
        return bool(self.received_re and self.received_re.search(expanded))

    def passed_with(
        self, expanded: str, before: int = 2, after: int = 3
    ) -> frozenset[str]:
        """Agency kinds a text names next to its words of sending or receiving
        (up to ``before`` words ahead of them or ``after`` words behind):
        'contact received from school', 'referral to CAMHS', 'CAMHS referral
        made' name who it passed to or came from; 'class teacher informed'
        names no one."""
        if self.agency_re is None:
            return frozenset()
        found: set[str] = set()
        for pattern in (self.sent_re, self.received_re):
            if pattern is None:
                continue
            for m in pattern.finditer(expanded):
                ahead = " ".join(expanded[: m.start()].split()[-before:])
                behind = " ".join(expanded[m.end() :].split()[:after])
                for window in (ahead, behind):
                    found.update(
                        self.agency_terms[t] for t in self.agency_re.findall(window)
                    )
        return frozenset(found)


def person_token(label: str) -> str:
    """The single token a person's label becomes: 'Child A' -> 'childa'."""
    return "".join(tokens(label)) or "person"


def build_rules(review: ReviewSettings | None = None) -> TextRules:
    """Text rules from schemas/linking.toml and the review file's people."""
    data = load_toml("linking.toml")
    review = review or ReviewSettings()
    multiword: dict[str, str] = {}
    single: dict[str, str] = {}
    for raw, expansion in abbreviations().items():
        key, value = _phrase(raw), _phrase(expansion)
        if not key:
            continue
        (multiword if " " in key else single)[key] = value

    aliases: dict[str, str] = {}
    person_terms: dict[str, str] = {}
    subject = person_token(review.review.subject)
    labels = {subject: review.review.subject}
    for person in review.people:
        token = person_token(person.label)
        labels[token] = person.label
        for name in [person.label, *person.aliases]:
            phrase = _phrase(name)
            if phrase:
                aliases[phrase] = token
        person_terms[token] = token
        if person.role:
            person_terms.setdefault(_phrase(person.role), token)
    aliases.setdefault(_phrase(review.review.subject), subject)
    person_terms.setdefault(subject, subject)
    # Family roles name people too; a review's own labels win over them.
    for role, words in data.get("person_terms", {}).items():
        for word in words:
            person_terms.setdefault(_phrase(word), role)
        labels.setdefault(role, role)

    agency_terms: dict[str, str] = {}
    for kind, words in data.get("agency_terms", {}).items():
        for word in words:
            agency_terms.setdefault(_phrase(word), kind)
    for phrase, kind in _agency_names(review):
        expanded = " ".join(single.get(t, t) for t in _expanded(phrase, multiword))
        if expanded:
            agency_terms.setdefault(expanded, kind)

    joint = [_phrase(w) for w in data.get("joint", {}).get("terms", [])]
    refers = {
        _phrase(k): (int(v[0]), int(v[1]))
        for k, v in data.get("date_references", {}).items()
    }
    dated = data.get("dated_references", {})
    meetings = {
        _phrase(word): kind
        for kind, words in data.get("meeting_terms", {}).items()
        for word in words
    }
    stop = {_phrase(w) for w in data.get("words", {}).get("stop", [])}
    stop.add(subject)
    return TextRules(
        multiword=multiword,
        multiword_re=_alternation(list(multiword)),
        single=single,
        stop_words=frozenset(stop),
        aliases=aliases,
        aliases_re=_alternation(list(aliases)),
        agency_terms=agency_terms,
        agency_re=_alternation(list(agency_terms)),
        person_terms=person_terms,
        person_re=_alternation(list(person_terms)),
        joint_re=_alternation(joint),
        sent_re=_alternation(
            [_phrase(w) for w in data.get("passing_on", {}).get("sent", [])]
        ),
        received_re=_alternation(
            [_phrase(w) for w in data.get("passing_on", {}).get("received", [])]
        ),
        subject=subject,
        person_labels=labels,
        refers=refers,
        refers_re=_alternation(list(refers)),
        meeting_terms=meetings,
        meeting_re=_alternation(list(meetings)),
        dated_back=(
            frozenset(str(w).lower() for w in dated.get("after", [])),
            int(dated.get("most_days", 0)),
        ),
    )


def _expanded(phrase: str, multiword: dict[str, str]) -> list[str]:
    """A phrase's words with the many-word abbreviations expanded."""
    if multiword:
        phrase = _alternation(list(multiword)).sub(  # type: ignore[union-attr]
            lambda m: multiword[m.group(0)], phrase
        )
    return phrase.split()


def _agency_names(review: ReviewSettings) -> list[tuple[str, str]]:
    """Other ways a text names an agency, with its kind: the acronyms of
    schemas/agencies.toml ('CYPS', 'NPS', 'CMHT': written in capitals, they
    name a service, where 'mental health' or 'domestic abuse' may name a
    subject) and the review file's own agency names and aliases."""
    found: list[tuple[str, str]] = []
    for kind, spec in sorted(load_toml("agencies.toml").get("kinds", {}).items()):
        for alias in spec.get("aliases", []):
            if kind != "other" and re.fullmatch(r"[A-Z0-9&]{2,}", alias):
                found.append((_phrase(alias), kind))
    for agency in review.agencies:
        if agency.kind and agency.kind != "other":
            found += [(_phrase(n), agency.kind) for n in [agency.name, *agency.aliases]]
    found += _short_names(review)
    return [(phrase, kind) for phrase, kind in found if phrase]


def _short_names(review: ReviewSettings) -> list[tuple[str, str]]:
    """The first two words of each agency's name, where they are its own:
    practitioners write 'St Wilfrid's' for 'St Wilfrid's CE Academy' and
    'Open Road' for 'Open Road Recovery'. Two words that begin another
    agency's name too, or that are not shorter than the name, are left out
    (a place several agencies share: 'Ashby Homes', 'Ashby Police')."""
    names = [
        (tokens(n), agency.kind)
        for agency in review.agencies
        if agency.kind and agency.kind != "other"
        for n in [agency.name, *agency.aliases]
    ]
    heads: dict[tuple[str, ...], set[str]] = {}
    for words, kind in names:
        heads.setdefault(tuple(words[:2]), set()).add(kind)
    firsts: dict[str, set[str]] = {}
    for words, kind in names:
        if words:
            firsts.setdefault(words[0], set()).add(kind)
    return [
        (" ".join(words[:2]), kind)
        for words, kind in names
        if len(words) > 2
        and len(heads[tuple(words[:2])]) == 1
        and len(firsts[words[0]]) == 1
    ]


def normalise_text(text: str, rules: TextRules | None = None) -> str:
    """Normalised text as the linker compares it.

    Example:
        >>> normalise_text("Strat disc with SW & PC re: DA")
        'strategy discussion social worker police officer domestic abuse'
    """
    rules = rules or build_rules()
    return rules.content(rules.expand(text))
