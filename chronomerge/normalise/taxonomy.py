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
   ("low mood" in a mental health service's record); otherwise they decide
   only when nothing else does, and only for agencies that usually record
   that type.
6. Who writes matters: an agency's own contact words ("seen", "met",
   "support call") name its default type ("IDVA met Mother. Housing options
   discussed." is the IDVA's contact, not a housing event), and some words
   mean a type only for one kind of agency ("contact" from children's social
   care is a referral).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from .phrases import Phrase, PhraseMatcher, phrase_key

DEFAULT_TYPE = "other"

_CONTACT = "@contact"  # lookup marker: the agency's own contact word

# Clause kinds, in the order they may decide the main type; NEGATE marks a
# negation ("no PPN submitted"), which is not a clause.
NORMAL, TOPIC, PLAN, NEGATE = 0, 1, 2, -1
# A reason clause ("as SW in court", "because ..."): why something happened,
# never the event itself (see Vocabulary._reasons_aside).
REASON = 5
_CLAUSE_END = frozenset(".;:!?\n()[]")


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
    # How the main type was named: 0 in an event clause, 1 in a topic clause
    # ("re ..."), 3 or more by a generic word only (see Vocabulary.classify).
    tier: int = 0
    # The clause kind each of ``others`` was named in (2: only in a plan).
    other_tiers: tuple[int, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return ((self.main,) if self.main else ()) + self.others


@dataclass
class _TypeWords:
    """The taxonomy's words gathered type by type, before they are compiled."""

    strong: dict[str, set[str]] = field(default_factory=dict)
    weak: dict[str, set[str]] = field(default_factory=dict)
    excluded: dict[str, set[str]] = field(default_factory=dict)
    by_agency: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    patterns: list[str] = field(default_factory=list)
    pattern_codes: list[str] = field(default_factory=list)

    def without_exclusions(self, table: dict[str, set[str]]) -> dict[str, frozenset]:
        """Each key's codes less those its exclusions deny."""
        return {k: frozenset(v - self.excluded.get(k, set())) for k, v in table.items()}


class Vocabulary:
    """The taxonomy, compiled: one phrase matcher for every keyword."""

    def __init__(
        self,
        data: dict,
        agency_names: dict[str, str] | None = None,
        abbreviations: dict[str, str] | None = None,
    ) -> None:
        settings = data.get("settings", {})
        # An agency's name ("probation") in another agency's record names who
        # the writer dealt with, not that agency's own kind of event.
        self._agency_names = {phrase_key(k): v for k, v in (agency_names or {}).items()}
        self.counterpart_codes = frozenset(settings.get("counterpart_types", []))
        self.agency_bonus = int(settings.get("agency_bonus", 0))
        self.word_penalty = float(settings.get("word_penalty", 0))
        self.head_types = frozenset(settings.get("head_types", []))
        self.fuzzy_cutoff = float(settings.get("column_fuzzy_cutoff", 86))
        self.negation_window = int(settings.get("negation_window", 3))
        self._read_shorthand(data.get("words", {}))
        # Full stops, colons, brackets and line breaks; dashes only between
        # spaces (two patterns: the first skips quickly over ordinary text).
        self._separators = re.compile(r"[.!?;:\n()\[\]]")
        self._dashes = re.compile(r"\s[-–—]+\s")
        phrases = self._read_markers(settings)
        self.generic = frozenset(
            self.expand(v).lower().strip()
            for v in settings.get("generic_column_values", [])
        )
        self.types: dict[str, EventType] = {}
        self.defaults: dict[str, str] = {}
        words = _TypeWords()
        for code, spec in data["types"].items():
            self._read_type(code, spec, words, phrases)
        self._read_abbreviations(abbreviations or {}, words, phrases)
        self._strong = words.without_exclusions(words.strong)
        self._weak = words.without_exclusions(words.weak)
        self._by_agency = {k: frozenset(v) for k, v in words.by_agency.items()}
        self._lookup = self._build_lookup(settings, phrases)
        self.matcher = PhraseMatcher(phrases)
        self._tables: dict[str, dict[str, tuple[float, int]]] = {}
        self._pattern_codes = words.pattern_codes
        self._compile_patterns(words.patterns)
        self.keyword_keys = {
            code: sorted(k for k, v in self._strong.items() if code in v)
            for code in self.types
        }

    def _read_shorthand(self, words: dict[str, str]) -> None:
        """[words]: shorthand ("mtg") expanded in type-column values and
        folded into every keyword's variants."""
        self._words = {phrase_key(k): v for k, v in words.items()}
        alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
        self._words_re = re.compile(
            rf"(?<![\w'’])(?:{'|'.join(alternatives)})(?![\w'’])", re.I
        )
        self._shorthand = [
            (
                short.lower(),
                lng.lower(),
                re.compile(rf"(?<![\w'’]){re.escape(lng.lower())}(?![\w'’])"),
            )
            for short, lng in words.items()
        ]

    def _read_markers(self, settings: dict) -> list[Phrase]:
        """Topic, plan and negation words: the phrases that mark clauses."""
        self._markers: dict[str, int] = {}
        phrases: list[Phrase] = []
        for setting, kind in (
            ("topic_words", TOPIC),
            ("plan_words", PLAN),
            ("reason_words", REASON),
            ("negation_words", NEGATE),
        ):
            for word in settings.get(setting, []):
                self._markers[phrase_key(word)] = kind
                phrases.append(Phrase(word.lower()))
        return phrases

    def _read_type(
        self, code: str, spec: dict, words: _TypeWords, phrases: list[Phrase]
    ) -> None:
        """One [types.<code>] table: its ranking, words, agency words, patterns."""
        etype = EventType(
            code=code,
            label=spec["label"],
            priority=int(spec.get("priority", 0)),
            agencies=frozenset(spec.get("agencies", [])),
            default_for=frozenset(spec.get("default_for", [])),
        )
        self.types[code] = etype
        for agency in etype.default_for:
            self.defaults.setdefault(agency, code)
        for setting, target, sensitive in (
            ("keywords", words.strong, False),
            ("abbreviations", words.strong, True),
            ("weak", words.weak, False),
            ("exclude", words.excluded, False),
        ):
            for word in spec.get(setting, []):
                for text in [word] if sensitive else self.variants(word):
                    target.setdefault(phrase_key(text), set()).add(code)
                    phrases.append(Phrase(text, sensitive))
        for agency, agency_words in spec.get("agency_words", {}).items():
            for word in agency_words:
                for text in self.variants(word):
                    words.by_agency.setdefault(phrase_key(text), set()).add(
                        (code, agency)
                    )
                    phrases.append(Phrase(text))
        for pattern in spec.get("patterns", []):
            words.patterns.append(_lower_pattern(pattern))
            words.pattern_codes.append(code)

    def _read_abbreviations(
        self, table: dict[str, str], words: _TypeWords, phrases: list[Phrase]
    ) -> None:
        """The shared abbreviations (schemas/abbreviations.toml) whose
        expansion is a whole keyword ("CG": "core group") name that keyword's
        types when written in capitals, as linking reads them: one word, and
        not a word the taxonomy already gives a meaning."""
        for short, expansion in sorted(table.items()):
            codes = words.strong.get(phrase_key(expansion))
            key = phrase_key(short)
            if not codes or not short.isalnum() or key in words.strong:
                continue
            if key in words.weak or key in self._markers:
                continue
            words.strong[key] = set(codes)
            phrases.append(Phrase(short.upper(), True))

    def _build_lookup(
        self, settings: dict, phrases: list[Phrase]
    ) -> dict[str, tuple[tuple[str, bool, str | None], ...]]:
        """Phrase key -> (code, weak, agency kind or None) for every match."""
        lookup: dict[str, list[tuple[str, bool, str | None]]] = {}
        for table, is_weak in ((self._strong, False), (self._weak, True)):
            for key, codes in table.items():
                lookup.setdefault(key, []).extend(
                    (c, is_weak, None) for c in sorted(codes)
                )
        for key, pairs in self._by_agency.items():
            lookup.setdefault(key, []).extend((c, False, a) for c, a in sorted(pairs))
        # An agency's own contact words name its default type (see _find).
        for word in settings.get("contact_words", []):
            for text in self.variants(word):
                key = phrase_key(text)
                lookup.setdefault(key, []).append((_CONTACT, False, None))
                phrases.append(Phrase(text))
        # Keys that name nothing (exclusions) stay: they only swallow text.
        return {k: tuple(v) for k, v in lookup.items() if v}

    def _compile_patterns(self, patterns: list[str]) -> None:
        """The types' regular expressions, each gated by its first words."""
        self._patterns = [re.compile(p) for p in patterns]
        # One pass finds which patterns can match at all: each is tried only
        # when a text holds one of the plain words it starts with.
        gates = [_gate(p) for p in patterns]
        self._always = [i for i, gate in enumerate(gates) if not gate]
        self._gate_map: dict[str, list[int]] = {}
        for i, gate in enumerate(gates):
            # "telephone call" is implied by "call": keep the shortest words
            for word in gate:
                if not any(other != word and other in word for other in gate):
                    self._gate_map.setdefault(word, []).append(i)
        self._gate_words = sorted(self._gate_map)

    # --- words ----------------------------------------------------------------

    def expand(self, text: str) -> str:
        """Text with shorthand ("mtg", "appt", "strat") written out."""
        return self._words_re.sub(lambda m: self._words[phrase_key(m.group())], text)

    def variants(self, phrase: str) -> list[str]:
        """A keyword and its shorthand forms ("strategy meeting", "strat mtg").

        A part written "(a|b)" gives one phrase per alternative:
        "(SW|HV) (rang|phoned)" is four phrases.

        Shorthand is folded into the keywords rather than expanded in each
        text, so a text is scanned only once.
        """
        forms = _alternatives(phrase.lower())
        for short, long, long_pattern in self._shorthand:
            forms += [
                long_pattern.sub(_replacement(short), f)
                for f in forms
                if long in f and long_pattern.search(f)
            ]
        return list(dict.fromkeys(forms))

    def is_weak_word(self, text: str) -> bool:
        """Whether a text is one of the taxonomy's generic (weak) words."""
        return phrase_key(text) in self._weak

    def weight(self, code: str, agency_kind: str = "") -> int:
        """A type's priority, plus the bonus when the agency usually records it."""
        kind = self.types[code]
        bonus = self.agency_bonus if agency_kind in kind.agencies else 0
        return kind.priority + bonus

    def weak_outranks(self, code: str, agency_kind: str) -> bool:
        """Whether a generic word of ``code`` names it even in the records of
        an agency with a default type: the agency usually records it, and it
        outranks the default ("custody" in a youth justice record is a
        custody, not a supervision contact; "phoned" in a GP's is not)."""
        default = self.defaults.get(agency_kind)
        kind = self.types.get(code)
        return (
            default is not None
            and kind is not None
            and agency_kind in kind.agencies
            and kind.priority > self.types[default].priority
        )

    def default_for(self, agency_kind: str) -> str:
        """The type an agency's entries get when nothing else decides."""
        return self.defaults.get(agency_kind, DEFAULT_TYPE)

    # --- finding and ranking -----------------------------------------------

    def _agency_table(self, agency_kind: str) -> dict[str, tuple[float, int]]:
        """Per code, for one agency kind: its weight (priority plus the
        agency bonus) and the tier offset of its weak words (0: count in
        full, 3: decide last, -1: ignored)."""
        table = self._tables.get(agency_kind)
        if table is None:
            default = self.defaults.get(agency_kind)
            table = {}
            for code, kind in self.types.items():
                usual = bool(agency_kind) and agency_kind in kind.agencies
                if code == default:
                    weak = 0
                elif not agency_kind or usual:
                    weak = 3
                else:
                    weak = -1
                table[code] = (
                    kind.priority + (self.agency_bonus if usual else 0),
                    weak,
                )
            self._tables[agency_kind] = table
        return table

    def scan(
        self, text: str, agency_kind: str = ""
    ) -> tuple[list[Mention], list[int], list[int]]:
        """Every type the text names (where, and whether by a weak word), and
        the clauses: their start positions and kinds (NORMAL, TOPIC, PLAN)."""
        found, marks, lowered = self._find(text, agency_kind)
        mentions = [Mention(code, start, weak) for code, start, weak, _ in found]
        starts, kinds = self._clauses(text, marks)
        return mentions, starts, kinds

    def _find(
        self, text: str, agency_kind: str
    ) -> tuple[list[tuple[str, int, bool, int]], list[tuple[int, int]], str]:
        found: list[tuple[str, int, bool, int]] = []
        marks: list[tuple[int, int]] = []
        negations: list[int] = []
        for start, end, key in self.matcher.find(text):
            entries = self._lookup.get(key)
            if entries is None:
                marker = self._markers.get(key)
                if marker == NEGATE:
                    negations.append(end)
                elif marker is not None:
                    marks.append((end, marker))
                continue
            for code, weak, agency in entries:
                if code == _CONTACT:
                    if agency_kind in self.defaults:
                        found.append((self.defaults[agency_kind], start, False, end))
                elif agency is None or agency == agency_kind:
                    weak = weak or self._counterpart(key, code, agency_kind)
                    found.append((code, start, weak, end))
        lowered = text.lower()
        tried = set(self._always)
        for word in self._gate_words:
            if word in lowered:
                tried.update(self._gate_map[word])
        for i in sorted(tried):
            for match in self._patterns[i].finditer(lowered):
                start = match.start()
                if start and lowered[start - 1].isalnum():
                    continue  # starts inside a word
                found.append((self._pattern_codes[i], start, False, match.end()))
                break
        if negations:
            found = [f for f in found if not self._negated(lowered, negations, f[1])]
        return found, marks, lowered

    def _counterpart(self, key: str, code: str, agency_kind: str) -> bool:
        """Whether a keyword is only another agency's name: a type of
        `counterpart_types` named by an alias of an agency whose own type it
        is, in the record of an agency of another kind. It then counts as a
        generic word (deciding only for agencies that record that type)."""
        if not agency_kind or code not in self.counterpart_codes:
            return False
        named = self._agency_names.get(key)
        own = self.types[code].default_for
        return named is not None and named in own and agency_kind not in own

    def _negated(self, lowered: str, negations: list[int], start: int) -> bool:
        """Whether a mention at start follows a negation closely, in its clause."""
        for end in negations:
            if end <= start:
                between = lowered[end:start]
                if between.count(" ") <= self.negation_window and not (
                    _CLAUSE_END.intersection(between)
                ):
                    return True
        return False

    def _clauses(
        self, text: str, marks: list[tuple[int, int]]
    ) -> tuple[list[int], list[int]]:
        size = len(text)
        marks = marks + [
            (end, NORMAL)
            for end in (m.end() for m in self._separators.finditer(text))
            # a full stop ends a clause only before a space ("9.40" does not)
            if end == size or text[end - 1] in "\n()[]" or text[end].isspace()
        ]
        if "-" in text or "–" in text or "—" in text:
            marks += [(m.end(), NORMAL) for m in self._dashes.finditer(text)]
        starts, kinds = [0], [NORMAL]
        for end, kind in sorted(marks):
            # A topic inside a plan stays a plan; a new sentence starts afresh.
            if kind == NORMAL or kinds[-1] != PLAN:
                starts.append(end)
                kinds.append(kind)
        return starts, kinds

    def _topic_only(
        self,
        text: str,
        marks: list[tuple[int, int]],
        candidates: list[tuple[str, int, float, int]],
    ) -> int:
        """TOPIC when every mention of the one type the text names is in a
        topic clause ("Discussed the CP plan", "spoke about DA"): what was
        talked about is not what was done. Else NORMAL."""
        starts, kinds = self._clauses(text, marks)
        clause_kinds = {kinds[bisect_right(starts, c[1]) - 1] for c in candidates}
        return TOPIC if clause_kinds == {TOPIC} else NORMAL

    def mentions(self, text: str, agency_kind: str = "") -> list[Mention]:
        """Every type the text names, where, and whether by a weak word."""
        return self.scan(text, agency_kind)[0]

    def classify(self, text: str, agency_kind: str = "") -> Ranked:
        """The main type a text names (see the module docstring) and the others."""
        found, marks, lowered = self._find(text, agency_kind)
        table = self._agency_table(agency_kind)
        candidates = []
        if self.head_types:
            found = _heads_first(found, text, self.head_types)
        for code, start, weak, _ in found:
            weight, weak_tier = table[code]
            if weak:
                if weak_tier < 0:
                    continue
                candidates.append((code, start, weight, weak_tier))
            else:
                candidates.append((code, start, weight, 0))
        if not candidates:
            return Ranked(None, ())
        candidates, reasons = self._reasons_aside(text, marks, candidates)
        if not candidates:
            return Ranked(None, reasons, 0, (TOPIC,) * len(reasons))
        if (
            len({c[0] for c in candidates}) == 1
            and not reasons
            and not any(kind == PLAN for _, kind in marks)
        ):
            code, tier = candidates[0][0], min(c[3] for c in candidates)
            if tier == 0 and any(kind == TOPIC for _, kind in marks):
                tier = self._topic_only(text, marks, candidates)
            has_default = agency_kind in self.defaults
            main: str | None = (
                code
                if tier == 0 or not has_default or self.weak_outranks(code, agency_kind)
                else None
            )
            if main is None and tier == 0 and code != DEFAULT_TYPE:
                return Ranked(None, (code,))
            return Ranked(main, (), tier)
        starts, kinds = self._clauses(text, marks)
        best: dict[str, tuple[int, int, float, int]] = {}
        penalty = self.word_penalty
        for code, start, weight, weak_tier in candidates:
            clause = bisect_right(starts, start) - 1
            words = lowered.count(" ", starts[clause], start)
            rank = (kinds[clause] + weak_tier, clause, penalty * words - weight, start)
            if code not in best or rank < best[code]:
                best[code] = rank
        ordered = sorted(best, key=best.__getitem__)
        first_tier = best[ordered[0]][0]
        has_default = agency_kind in self.defaults
        if first_tier in (NORMAL, TOPIC) or (first_tier in (3, 4) and not has_default):
            main = ordered[0]
        else:
            main = None
        others = tuple(
            c for c in ordered if c not in (main, DEFAULT_TYPE) and best[c][0] < 3
        )
        tiers = tuple(best[c][0] for c in others)
        extra = tuple(c for c in reasons if c not in (main, *others))
        return Ranked(main, others + extra, first_tier, tiers + (TOPIC,) * len(extra))

    def _reasons_aside(
        self,
        text: str,
        marks: list[tuple[int, int]],
        candidates: list[tuple[str, int, float, int]],
    ) -> tuple[list[tuple[str, int, float, int]], tuple[str, ...]]:
        """The candidates outside reason clauses, and the codes named only
        inside them: "CG held late as SW in court" records a core group, and
        the court is why it was late, so it is at most a secondary type."""
        if not any(kind == REASON for _, kind in marks):
            return candidates, ()
        starts, kinds = self._clauses(text, marks)
        inside = [kinds[bisect_right(starts, c[1]) - 1] == REASON for c in candidates]
        kept = [
            c for c, is_reason in zip(candidates, inside, strict=True) if not is_reason
        ]
        named = {c[0] for c in kept}
        reasons = [c[0] for c, r in zip(candidates, inside, strict=True) if r]
        return kept, tuple(dict.fromkeys(c for c in reasons if c not in named))


def _heads_first(
    found: list[tuple[str, int, bool, int]], text: str, head_types: frozenset[str]
) -> list[tuple[str, int, bool, int]]:
    """A type named just before one of ``head_types``, with only a space
    between ("S47 strategy meeting", "DV MARAC"), qualifies it: the later
    phrase is the head of the noun phrase, the event; the modifier counts as
    named after it (as if at the head's end), so it stays a secondary type."""
    heads = {
        start: end
        for code, start, weak, end in found
        if not weak and code in head_types
    }
    out = []
    for code, start, weak, end in found:
        after = end + 1
        head_end = heads.get(after) if text[end:after] == " " else None
        if head_end is not None and not weak:
            start = head_end
        out.append((code, start, weak, end))
    return out


def _replacement(text: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that is ``text`` as it is (no backslash escapes)."""
    return lambda _match: text


_GROUP = re.compile(r"\(([^()]*\|[^()]*)\)")


def _alternatives(phrase: str) -> list[str]:
    """A phrase with each "(a|b)" part replaced by each alternative."""
    match = _GROUP.search(phrase)
    if not match:
        return [phrase]
    head, tail = phrase[: match.start()], phrase[match.end() :]
    return [
        form
        for option in match.group(1).split("|")
        for form in _alternatives(head + option.strip() + tail)
    ]


_LITERAL_HEAD = re.compile(r"[a-z0-9' &-]+")


def _gate(pattern: str) -> tuple[str, ...]:
    """Words one of which a text must contain for the pattern to match: the
    literal starts of its first part ("contact", or each of "(?:call|email)").
    Empty when the pattern does not start with plain words."""
    if pattern.startswith("(?:"):
        depth, end = 0, -1
        for i, char in enumerate(pattern):
            depth += {"(": 1, ")": -1}.get(char, 0) if pattern[i - 1 : i] != "\\" else 0
            if depth == 0:
                end = i
                break
        options = _split_top(pattern[3:end])
    else:
        options = [pattern]
    heads = []
    for option in options:
        head = _LITERAL_HEAD.match(option)
        if not head or len(head.group().strip()) < 2:
            return ()
        heads.append(head.group().strip())
    return tuple(heads)


def _split_top(body: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for i, char in enumerate(body):
        escaped = i > 0 and body[i - 1] == "\\"
        if char == "(" and not escaped:
            depth += 1
        elif char == ")" and not escaped:
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


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
