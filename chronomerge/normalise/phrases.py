"""Find many phrases in text at once: one compiled regular expression.

The taxonomy has about two thousand keywords. Trying them one by one over
100,000 entries would take minutes; folded into a prefix tree (a trie) and
written out as one pattern, the regular-expression engine tries only the
branches that share the next character, so a text is scanned once.

Phrase syntax (the same as schemas/event_types.toml documents):
- matching ignores case, on whole words;
- a space matches any run of spaces, hyphens or underscores;
- an apostrophe or a full stop may be left out ("childrens", "s47");
- ``*`` at the end of a word matches any ending ("referr*");
- a case-sensitive phrase matches only with its own capitals (these are
  matched in a second, small pattern over the text as written).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_SEP_CHARS = " -_\t\n\r"
_SEP = r"[\s\-_]+"
_APOSTROPHES = "'’"
_KEY_DROP = re.compile(r"['’.]")
_KEY_SEP = re.compile(r"[\s\-_]+")


def phrase_key(text: str) -> str:
    """The form under which a phrase and the text it matched are looked up.

    Example:
        >>> phrase_key("Children’s  Social-Care")
        'childrens social care'
    """
    return _KEY_SEP.sub(" ", _KEY_DROP.sub("", text.lower())).strip()


def _atoms(phrase: str, case_sensitive: bool) -> list[str]:
    atoms: list[str] = []
    for char in phrase.strip():
        if char in _SEP_CHARS:
            if not atoms or atoms[-1] != _SEP:
                atoms.append(_SEP)
        elif char in _APOSTROPHES:
            atoms.append("['’]?")
        elif char == ".":
            atoms.append(r"\.?")
        elif char == "*":
            atoms.append(r"\w*")
        else:
            atoms.append(re.escape(char if case_sensitive else char.lower()))
    return atoms


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


def _atom_rank(atom: str) -> int:
    # Literal characters first, so that "referral to csc" is tried before
    # "referr*" swallows "referral"; optional parts next; wildcards last.
    if atom == r"\w*":
        return 2
    return 1 if atom.endswith("?") else 0


def _emit(node: _Node) -> str:
    items = sorted(node.children.items(), key=lambda kv: _atom_rank(kv[0]))
    branches = [atom + _emit(child) for atom, child in items]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if node.terminal:
        # Greedy: the longer phrase is tried first, the shorter on failure.
        return f"(?:{body})?"
    return body


def trie_pattern(atom_lists: Iterable[list[str]]) -> str:
    """One pattern matching any of the atom sequences, longest first."""
    root = _Node()
    for atoms in atom_lists:
        node = root
        for atom in atoms:
            node = node.children.setdefault(atom, _Node())
        node.terminal = True
    return _emit(root)


@dataclass(frozen=True)
class Phrase:
    """A phrase to find and whether its capitals must match."""

    text: str
    case_sensitive: bool = False


class PhraseMatcher:
    """Finds phrases in text, longest match first, never overlapping.

    ``find`` returns (start, end, key) where key is the matched phrase's
    :func:`phrase_key` (for a ``*`` phrase, the key of the phrase as written).

    Phrases that ignore case are matched in the lower-cased text by a pattern
    compiled without ``re.IGNORECASE``: that lets the engine skip ahead on
    literal characters and is about twice as fast.
    """

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        phrases_list = list(phrases)
        plain: list[list[str]] = []
        exact: list[list[str]] = []
        self._wild: list[tuple[re.Pattern[str], str]] = []
        self._exact_keys: set[str] = set()
        seen: set[tuple[str, bool]] = set()
        for phrase in phrases_list:
            text = phrase.text.strip()
            if not phrase.case_sensitive:
                text = text.lower()
            if not text or (text, phrase.case_sensitive) in seen:
                continue
            seen.add((text, phrase.case_sensitive))
            target = exact if phrase.case_sensitive else plain
            target.append(_atoms(text, phrase.case_sensitive))
            if "*" not in text:
                self._exact_keys.add(phrase_key(text))
            else:
                key = phrase_key(text)
                wild = re.escape(key).replace(r"\*", r"\w*").replace(r"\ ", " ")
                self._wild.append((re.compile(wild), key))
        self.pattern = _compile(plain)
        # Case-sensitive phrases (capitals) start with one of a few capital
        # letters, which the engine scans for quickly; the word boundary
        # before them is checked after the match.
        self.exact_pattern = (
            re.compile(rf"(?:{trie_pattern(exact)})(?!\w)") if exact else None
        )
        self._keys: dict[str, str] = {}

    def key_of(self, matched: str) -> str:
        """The key of a matched text (resolving ``*`` phrases)."""
        cached = self._keys.get(matched)
        if cached is not None:
            return cached
        key = phrase_key(matched)
        if key not in self._exact_keys:
            for wild, wild_key in self._wild:
                if wild.fullmatch(key):
                    key = wild_key
                    break
        self._keys[matched] = key
        return key

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every phrase found in text, as (start, end, key), in text order."""
        spans = [
            (m.start(), m.end(), m.group()) for m in self.pattern.finditer(text.lower())
        ]
        if self.exact_pattern is not None:
            for m in self.exact_pattern.finditer(text):
                start = m.start()
                if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                    continue
                spans = _add_span(spans, (start, m.end(), m.group()))
        return [(start, end, self.key_of(matched)) for start, end, matched in spans]


def _compile(atom_lists: list[list[str]]) -> re.Pattern[str]:
    body = trie_pattern(atom_lists) if atom_lists else r"(?!x)x"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _add_span(
    spans: list[tuple[int, int, str]], new: tuple[int, int, str]
) -> list[tuple[int, int, str]]:
    """Add a span unless a longer one overlaps it; drop the shorter it overlaps."""
    overlapping = [s for s in spans if s[0] < new[1] and new[0] < s[1]]
    if any(s[1] - s[0] >= new[1] - new[0] for s in overlapping):
        return spans
    return sorted([s for s in spans if s not in overlapping] + [new])
