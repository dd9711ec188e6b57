"""The event taxonomy of schemas/event_types.toml, compiled for matching, and
the rules that pick an entry's main event type from the words it uses.

How the main type is chosen, in the order a practitioner writes:
1. The entry is cut into clauses at full stops, semicolons, colons, brackets
   and dashes. The earliest clause that names an event decides ("Call to HV
   for update. Missed clinic last week." is a call, not a missed appointment).
2. Words after "re", "regarding", "following", "says" and the like describe
   what the entry is about or what someone reported: they decide only when
   the clauses before them name nothing ("PPN submitted to MASH re DA
   incident" is a referral).
3. Words after "consider", "to be", "Plan:", "arranged" are plans, not
   events: they never decide the main type, only add secondary types.
4. Within a clause, the type with the higher ``priority`` wins, less a small
   penalty for each word before it, plus a bonus when the agency usually
   records that type.
5. Generic ("weak") words count in full for the agency's own default type
   ("seen" in a GP record is a consultation); otherwise they decide only when
   nothing else does, and only for agencies that usually record that type.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .phrases import Phrase, PhraseMatcher, phrase_key

DEFAULT_TYPE = "other"

# Clause kinds, in the order they may decide the main type.
NORMAL, TOPIC, PLAN = 0, 1, 2
_WORD_START = re.compile(r"(?<!\w)\w")


@dataclass(frozen=True)
class EventType:
    """One code of the taxonomy and how it ranks."""

    code: str
    label: str
    priority: int
    agencies: frozenset[str]
    default_for: frozenset[str]


@dataclass(frozen=True)
class Mention:
    """A type named in a text: its code, where, and whether by a weak word."""

    code: str
    start: int
    weak: bool


@dataclass(frozen=True)
class Ranked:
    """The types a text points to. ``main`` is None when nothing in the text
    decides (the agency's default type, or ``other``, then applies)."""

    main: str | None
    others: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return ((self.main,) if self.main else ()) + self.others


def _marker_pattern(words: list[str]) -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        body = re.escape(word.lower()).replace(r"\ ", r"\s+")
        parts.append(body + (r"(?!\w)" if word[-1].isalnum() else ""))
    return r"(?<!\w)(?:" + "|".join(parts) + ")" if parts else r"(?!x)x"


class Vocabulary:
    """The taxonomy, compiled: one phrase matcher for every keyword."""

    def __init__(self, data: dict) -> None:
        settings = data.get("settings", {})
        self.agency_bonus = int(settings.get("agency_bonus", 0))
        self.word_penalty = float(settings.get("word_penalty", 0))
        self.fuzzy_cutoff = float(settings.get("column_fuzzy_cutoff", 86))
        words = data.get("words", {})
        self._words = {phrase_key(k): v for k, v in words.items()}
        alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
        self._words_re = re.compile(
            rf"(?<![\w'’])(?:{'|'.join(alternatives)})(?![\w'’])", re.I
        )
        self._shorthand = [
            (
                short.lower(),
                re.compile(rf"(?<![\w'’]){re.escape(lng.lower())}(?![\w'’])"),
            )
            for short, lng in words.items()
        ]
        self._clauses = re.compile(
            r"(?P<sep>[.!?;:]+(?=\s|$)|\n|[()\[\]]|\s[-–—]+\s)"
            rf"|(?P<topic>{_marker_pattern(settings.get('topic_words', []))})"
            rf"|(?P<plan>{_marker_pattern(settings.get('plan_words', []))})"
        )
        self.generic = frozenset(
            self.expand(v).lower().strip()
            for v in settings.get("generic_column_values", [])
        )
        self.types: dict[str, EventType] = {}
        self.defaults: dict[str, str] = {}
        strong: dict[str, set[str]] = {}
        weak: dict[str, set[str]] = {}
        excluded: dict[str, set[str]] = {}
        by_agency: dict[str, set[tuple[str, str]]] = {}
        phrases: list[Phrase] = []
        patterns: list[str] = []
        self._pattern_codes: list[str] = []
        for code, spec in data["types"].items():
            kind = EventType(
                code=code,
                label=spec["label"],
                priority=int(spec.get("priority", 0)),
                agencies=frozenset(spec.get("agencies", [])),
                default_for=frozenset(spec.get("default_for", [])),
            )
            self.types[code] = kind
            for agency in kind.default_for:
                self.defaults.setdefault(agency, code)
            for field, target, sensitive in (
                ("keywords", strong, False),
                ("abbreviations", strong, True),
                ("weak", weak, False),
                ("exclude", excluded, False),
            ):
                for word in spec.get(field, []):
                    for text in [word] if sensitive else self.variants(word):
                        target.setdefault(phrase_key(text), set()).add(code)
                        phrases.append(Phrase(text, sensitive))
            for agency, agency_words in spec.get("agency_words", {}).items():
                for word in agency_words:
                    for text in self.variants(word):
                        by_agency.setdefault(phrase_key(text), set()).add(
                            (code, agency)
                        )
                        phrases.append(Phrase(text))
            for pattern in spec.get("patterns", []):
                patterns.append(_lower_pattern(pattern))
                self._pattern_codes.append(code)
        self.matcher = PhraseMatcher(phrases)
        self._strong = {
            k: frozenset(v - excluded.get(k, set())) for k, v in strong.items()
        }
        self._weak = {k: frozenset(v - excluded.get(k, set())) for k, v in weak.items()}
        self._by_agency = {k: frozenset(v) for k, v in by_agency.items()}
        self._patterns = [re.compile(p) for p in patterns]
        self.keyword_keys = {
            code: sorted(k for k, v in self._strong.items() if code in v)
            for code in self.types
        }

    # --- words ----------------------------------------------------------------

    def expand(self, text: str) -> str:
        """Text with shorthand ("mtg", "appt", "strat") written out."""
        return self._words_re.sub(lambda m: self._words[phrase_key(m.group())], text)

    def variants(self, phrase: str) -> list[str]:
        """A keyword and its shorthand forms ("strategy meeting", "strat mtg").

        Shorthand is folded into the keywords rather than expanded in each
        text, so a text is scanned only once.
        """
        forms = [phrase.lower()]
        for short, long_pattern in self._shorthand:
            forms += [
                long_pattern.sub(lambda _m, s=short: s, f)
                for f in forms
                if long_pattern.search(f)
            ]
        return list(dict.fromkeys(forms))

    def weight(self, code: str, agency_kind: str = "") -> int:
        """A type's priority, plus the bonus when the agency usually records it."""
        kind = self.types[code]
        bonus = self.agency_bonus if agency_kind in kind.agencies else 0
        return kind.priority + bonus

    def default_for(self, agency_kind: str) -> str:
        """The type an agency's entries get when nothing else decides."""
        return self.defaults.get(agency_kind, DEFAULT_TYPE)

    # --- finding and ranking -----------------------------------------------

    def mentions(self, text: str, agency_kind: str = "") -> list[Mention]:
        """Every type the text names, where, and whether by a weak word."""
        found: list[Mention] = []
        for start, key in self.matcher.find(text):
            found += [Mention(code, start, False) for code in self._strong.get(key, ())]
            found += [Mention(code, start, True) for code in self._weak.get(key, ())]
            found += [
                Mention(code, start, False)
                for code, agency in self._by_agency.get(key, ())
                if agency == agency_kind
            ]
        if self._patterns:
            lowered = text.lower()
            for code, pattern in zip(self._pattern_codes, self._patterns, strict=True):
                for match in pattern.finditer(lowered):
                    start = match.start()
                    if start and lowered[start - 1].isalnum():
                        continue  # starts inside a word
                    found.append(Mention(code, start, False))
                    break
        return found

    def _clause_marks(self, lowered: str) -> tuple[list[int], list[int]]:
        """Clause start positions and their kinds (NORMAL, TOPIC, PLAN)."""
        starts, kinds = [0], [NORMAL]
        for match in self._clauses.finditer(lowered):
            kind = (
                NORMAL
                if match.lastgroup == "sep"
                else (TOPIC if match.lastgroup == "topic" else PLAN)
            )
            if kind == NORMAL or kinds[-1] != PLAN:
                starts.append(match.end())
                kinds.append(kind)
        return starts, kinds

    def classify(self, text: str, agency_kind: str = "") -> Ranked:
        """The main type a text names (see the module docstring) and the others."""
        mentions = self.mentions(text, agency_kind)
        if not mentions:
            return Ranked(None, ())
        lowered = text.lower()
        starts, kinds = self._clause_marks(lowered)
        default = self.defaults.get(agency_kind)
        best: dict[str, tuple[int, int, float, int]] = {}
        for mention in mentions:
            kind = self.types[mention.code]
            clause = bisect_right(starts, mention.start) - 1
            tier = kinds[clause]
            if mention.weak and mention.code != default:
                if agency_kind and agency_kind not in kind.agencies:
                    continue
                tier += 3  # weak words decide last
            words = len(_WORD_START.findall(lowered, starts[clause], mention.start))
            score = kind.priority - self.word_penalty * words
            if agency_kind and agency_kind in kind.agencies:
                score += self.agency_bonus
            rank = (tier, clause, -score, mention.start)
            if mention.code not in best or rank < best[mention.code]:
                best[mention.code] = rank
        if not best:
            return Ranked(None, ())
        ordered = sorted(best, key=best.__getitem__)
        first_tier = best[ordered[0]][0]
        if first_tier in (NORMAL, TOPIC) or (first_tier in (3, 4) and not default):
            main: str | None = ordered[0]
        else:
            main = None
        others = tuple(c for c in ordered if c != main and best[c][0] < 3)
        return Ranked(main, others)


def _lower_pattern(pattern: str) -> str:
    """A pattern for lower-cased text, without a leading ``\\b``.

    Letters outside escapes are lower-cased so the pattern runs without
    ``re.IGNORECASE``, and the leading word boundary is checked after the
    match: both let the engine skip ahead to the pattern's first word.
    """
    pattern = re.sub(
        r"\\.|[A-Z]",
        lambda m: m.group().lower() if len(m.group()) == 1 else m.group(),
        pattern,
    )
    return pattern.removeprefix("\\b")
