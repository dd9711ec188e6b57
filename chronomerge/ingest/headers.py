"""Find the header row of a table and map its headings to canonical columns.

The header is chosen by how well its cells match the headings agencies use
(schemas/columns.toml), never by its position: title rows, notes and blank
rows often sit above it, and some agencies split it over two rows. Near-misses
("Detials", "Date of Contact ") are matched fuzzily with rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from ..model import INPUT_COLUMNS, REQUIRED_INPUT_COLUMNS
from ..resources import load_toml

EXTRA = "extra"
# Fuzzy matches below this similarity (0-100) are not trusted.
FUZZY_CUTOFF = 85.0
# A heading matched by one of its parts ("Concern / action"): trusted less than
# a whole heading, more than a near-miss of one.
PART_SCORE = 90.0
# Headings are short; longer cells are data or guidance text.
MAX_HEADING_CHARS = 80
# Rows searched for the header, from the top of a sheet, table or file.
HEADER_WINDOW = 40

_NON_WORD = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_DATA_LIKE = re.compile(r"^\s*\??\s*\d{1,4}\s*[/.\-]\s*\d{1,2}|^\s*[\d.,:\s£$%-]+$")


def normalise_heading(text: str) -> str:
    """A heading reduced for matching: lower case, words only, single spaces.

    Example:
        >>> normalise_heading("  Date & Time ")
        'date and time'
    """
    lowered = text.casefold().replace("’", "'").replace("'", "").replace("&", " and ")
    words = _NON_WORD.sub(" ", lowered).strip()
    return words or text.strip().casefold()


def clean_heading(text: str) -> str:
    """A heading as written, with runs of white space (and line breaks) made one."""
    return " ".join(str(text).split())


@cache
def _synonyms() -> dict[str, str]:
    """Normalised heading -> canonical column, from schemas/columns.toml."""
    table: dict[str, str] = {}
    for column, spec in load_toml("columns.toml")["columns"].items():
        for heading in spec["headings"]:
            table.setdefault(normalise_heading(heading), column)
        table.setdefault(normalise_heading(column.replace("_", " ")), column)
    return table


@cache
def _choices() -> tuple[list[str], list[str]]:
    syn = _synonyms()
    keys = [k for k in syn if len(k) >= 4]
    return keys, [syn[k] for k in keys]


@cache
def _combined() -> tuple[re.Pattern[str], dict[str, int]]:
    """The separators of a joined heading, and which column wins among parts."""
    spec = load_toml("columns.toml").get("combined", {})
    marks = sorted(spec.get("separators", []), key=len, reverse=True)
    pattern = "|".join(
        rf"\s+{re.escape(m.strip())}\s+" if m.strip().isalpha() else re.escape(m)
        for m in marks
    )
    order = {c: i for i, c in enumerate(spec.get("priority", INPUT_COLUMNS))}
    return re.compile(pattern or "(?!)", re.IGNORECASE), order


def part_columns(text: str) -> list[str]:
    """The columns the parts of a joined heading name, the likeliest first
    (columns.toml [combined] priority); [] for a heading of one part.

    Example:
        >>> part_columns("Type of contact / Event")
        ['description', 'agency_type']
    """
    splitter, order = _combined()
    parts = [p for p in splitter.split(text) if p.strip()]
    if len(parts) < 2:
        return []
    found = {c for c in (match_heading(p)[0] for p in parts) if c}
    return sorted(found, key=lambda c: (order.get(c, len(order)), c))


def match_parts(text: str) -> str | None:
    """The column a joined heading means, from its parts.

    Each part is matched on its own; when they name different columns the
    priority in columns.toml [combined] decides (a column holding the text and
    the outcome is the description).

    Example:
        >>> match_parts("Details and outcome")
        'description'
    """
    found = part_columns(text)
    return found[0] if found else None


@lru_cache(maxsize=8192)
def match_heading(text: str) -> tuple[str | None, float]:
    """The canonical column a heading means, and how sure (100 = exact).

    Tries the heading as written, then without bracketed notes ("Date
    (DD/MM/YYYY)"), then part by part for a joined heading ("Concern /
    action", :data:`PART_SCORE`), then a fuzzy match for misspellings.

    Example:
        >>> match_heading("Detials")
        ('description', 85.7...)
    """
    raw = clean_heading(text)
    if not raw or len(raw) > MAX_HEADING_CHARS:
        return None, 0.0
    syn = _synonyms()
    norm = normalise_heading(raw)
    if norm in syn:
        return syn[norm], 100.0
    bare = normalise_heading(_BRACKETS.sub(" ", raw))
    if bare and bare in syn:
        return syn[bare], 99.0
    joined = match_parts(_BRACKETS.sub(" ", raw))
    if joined:
        return joined, PART_SCORE
    keys, columns = _choices()
    best: tuple[str | None, float] = (None, 0.0)
    for candidate in {norm, bare} - {""}:
        if len(candidate) < 4:
            continue
        found = process.extractOne(
            candidate, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        if found and found[1] > best[1]:
            best = (columns[found[2]], float(found[1]))
    return best


@dataclass(frozen=True)
class ColumnChoice:
    """What one column of a table became."""

    position: int
    heading: str  # as written (white space tidied); "" when blank
    column: str | None  # canonical column, or None: kept as an extra column
    score: float  # 100 exact, less for fuzzy, 0 for none
    how: str  # "override", "exact", "fuzzy", "none"


@dataclass
class Mapping:
    """The columns of one table: canonical columns and extra columns."""

    choices: list[ColumnChoice]
    duplicates: list[tuple[str, list[str]]] = field(default_factory=list)
    # canonical column -> why it was chosen by the cells rather than the
    # heading, in plain words (shown by validate, kept in the manifest)
    inferred: dict[str, str] = field(default_factory=dict)
    # a date written over columns: part ("day", "month", "year") -> position
    date_parts: dict[str, int] = field(default_factory=dict)

    def part_at(self, position: int) -> str | None:
        """The date part the column at ``position`` holds, if any."""
        return next((p for p, j in self.date_parts.items() if j == position), None)

    @property
    def columns(self) -> dict[str, str]:
        """Heading -> canonical column or "extra" (for the manifest)."""
        out: dict[str, str] = {}
        for choice in self.choices:
            label = choice.heading or f"Column {choice.position + 1}"
            key = label
            n = 2
            while key in out:
                key = f"{label} ({n})"
                n += 1
            part = self.part_at(choice.position)
            out[key] = choice.column or (f"date ({part})" if part else EXTRA)
        return out

    @property
    def canonical(self) -> set[str]:
        return {c.column for c in self.choices if c.column}


def _override_table(overrides: dict[str, str] | None) -> dict[str, str]:
    if not overrides:
        return {}
    return {normalise_heading(k): v.strip() for k, v in overrides.items()}


def assign_columns(
    headings: Sequence[str],
    overrides: dict[str, str] | None = None,
    filled: Sequence[int] | None = None,
) -> Mapping:
    """Map headings (in column order) to canonical columns, each used once.

    A review-file override wins; then the best match keeps a canonical column
    when two headings both look like it (ties go to the leftmost), and the
    other is kept as an extra column and reported.

    ``filled`` (cells holding text in each column, from the rows below the
    header) keeps an empty column from winning over a full one: a column
    less than half as full as another with the same meaning never wins, and
    an empty loser is not reported (nothing in it is set aside).
    """
    wanted = _override_table(overrides)
    candidates: list[tuple[int, str, str | None, float, str]] = []
    for pos, raw in enumerate(headings):
        heading = clean_heading(raw)
        key = normalise_heading(heading) if heading else ""
        if heading and key in wanted:
            target = wanted[key]
            column = target if target in INPUT_COLUMNS else None
            candidates.append((pos, heading, column, 1000.0, "override"))
            continue
        column, score = match_heading(heading) if heading else (None, 0.0)
        how = "none" if column is None else ("exact" if score >= 99 else "fuzzy")
        candidates.append((pos, heading, column, score, how))
    by_heading = _winners(candidates, None)
    winner = _winners(candidates, filled) if filled is not None else by_heading
    count = (lambda pos: filled[pos] if pos < len(filled) else 0) if filled else None
    choices: list[ColumnChoice] = []
    losers: dict[str, list[str]] = {}
    for pos, heading, column, score, how in candidates:
        if column and winner.get(column) != pos:
            if count is None or count(pos) > 0:
                losers.setdefault(column, []).append(heading)
            choices.append(ColumnChoice(pos, heading, None, score, "duplicate"))
        else:
            choices.append(ColumnChoice(pos, heading, column, score, how))
    duplicates = [
        (column, [choices[winner[column]].heading, *others])
        for column, others in losers.items()
    ]
    inferred = {
        column: _fuller_reason(
            column, choices[pos], choices[by_heading[column]], filled or ()
        )
        for column, pos in winner.items()
        if by_heading.get(column) != pos
    }
    return Mapping(choices, duplicates, inferred)


def _fuller_reason(
    column: str, taken: ColumnChoice, passed: ColumnChoice, filled: Sequence[int]
) -> str:
    empty = passed.position >= len(filled) or not filled[passed.position]
    return (
        f"The column '{_label(taken)}' was taken as the {column_words(column)} "
        f"because '{_label(passed)}' is {'empty' if empty else 'nearly empty'}."
    )


def _winners(
    candidates: list[tuple[int, str, str | None, float, str]],
    filled: Sequence[int] | None,
) -> dict[str, int]:
    """Canonical column -> the position that keeps it."""
    fullest: dict[str, int] = {}
    if filled is not None:
        for pos, _heading, column, _score, _how in candidates:
            if column:
                n = filled[pos] if pos < len(filled) else 0
                fullest[column] = max(fullest.get(column, 0), n)

    def rank(c: tuple[int, str, str | None, float, str]) -> tuple[bool, float, int]:
        pos, _heading, column, score, how = c
        if filled is None or how == "override" or column is None:
            return (False, -score, pos)
        n = filled[pos] if pos < len(filled) else 0
        return (2 * n < fullest[column], -score, pos)

    winner: dict[str, int] = {}
    for pos, _heading, column, _score, _how in sorted(candidates, key=rank):
        if column and column not in winner:
            winner[column] = pos
    return winner


def _label(choice: ColumnChoice) -> str:
    return choice.heading or f"Column {choice.position + 1}"


def column_words(column: str) -> str:
    """A canonical column in plain words ("the type of contact")."""
    spec = load_toml("columns.toml")["columns"].get(column, {})
    label = str(spec.get("label", column.replace("_", " ")))
    return "date" if column == "date" else label[0].lower() + label[1:]


def map_headings(
    headings: list[str], overrides: dict[str, str] | None = None
) -> dict[str, str]:
    """Heading -> canonical column, or "extra" for a column kept as it is.

    Pure and reusable (the template checker and ``chronomerge validate`` use
    it). ``overrides`` is a review file's ``columns`` table for one file.

    Example:
        >>> map_headings(["Date of Contact", "Detials", "Worker", "Notes"])
        {'Date of Contact': 'date', 'Detials': 'description', ...}
    """
    return assign_columns(headings, overrides).columns


# --- finding the header row ------------------------------------------------


@dataclass(frozen=True)
class HeaderChoice:
    """The header found in a table: where it is and what its columns mean."""

    index: int  # 0-based index of its first row in the rows searched
    span: int  # 1 or 2 rows; 0: no header row, the table starts at index
    headings: list[str]
    mapping: Mapping
    guessed: bool = False  # not recognised: its first row taken as the headings


def _row_score(cells: Sequence[str]) -> tuple[int, int, float, set[str]]:
    """(non-empty cells, matched cells, total score, canonical columns)."""
    filled = matched = 0
    total = 0.0
    found: set[str] = set()
    for cell in cells:
        text = cell.strip() if isinstance(cell, str) else ""
        if not text:
            continue
        filled += 1
        column, score = match_heading(text)
        if column:
            matched += 1
            total += score / 100
            found.add(column)
    return filled, matched, total, found


def _is_strong(filled: int, matched: int, found: set[str]) -> bool:
    """Enough known headings to trust a row as the header."""
    if len(found) < 2 or not found & set(REQUIRED_INPUT_COLUMNS):
        return False
    return matched >= max(2, 0.4 * filled)


def _looks_like_data(cells: Sequence[str]) -> bool:
    return any(isinstance(c, str) and c and _DATA_LIKE.match(c) for c in cells)


def _combine(top: Sequence[str], bottom: Sequence[str]) -> list[str]:
    """Headings of a two-row header: per column the best of top, bottom, both."""
    width = max(len(top), len(bottom))
    out: list[str] = []
    for j in range(width):
        a = clean_heading(top[j]) if j < len(top) else ""
        b = clean_heading(bottom[j]) if j < len(bottom) else ""
        if not a or not b or a == b:
            out.append(a or b)
            continue
        options = [f"{a} {b}", b, a]
        scored = [(match_heading(o)[1], -i, o) for i, o in enumerate(options)]
        best = max(scored)
        out.append(best[2] if best[0] > 0 else f"{a} {b}")
    return out


def _pad(row: Sequence[str], width: int) -> list[str]:
    return [*row, *([""] * (width - len(row)))]


def find_header(
    rows: Sequence[Sequence[str]],
    overrides: dict[str, str] | None = None,
    header_index: int | None = None,
) -> HeaderChoice | None:
    """The header of a table, from the text of its first rows.

    Args:
        rows: cell text of the first rows (at most :data:`HEADER_WINDOW` used).
        overrides: heading -> column from the review file; those headings count
            as known.
        header_index: a header row fixed by the review file (0-based here).

    Returns:
        The first row that holds enough known headings (with the row below it
        when that adds headings), or None.
    """
    wanted = _override_table(overrides)

    def score(cells: Sequence[str]) -> tuple[int, int, float, set[str]]:
        filled, matched, total, found = _row_score(cells)
        for cell in cells:
            key = normalise_heading(cell) if isinstance(cell, str) and cell else ""
            if key in wanted and wanted[key] in INPUT_COLUMNS:
                found.add(wanted[key])
                matched += 1
        return filled, matched, total, found

    def choice(index: int, span: int) -> HeaderChoice:
        if span == 1:
            headings = [clean_heading(c) for c in rows[index]]
        else:
            headings = _combine(rows[index], rows[index + 1])
        return HeaderChoice(index, span, headings, assign_columns(headings, overrides))

    if header_index is not None:
        if 0 <= header_index < len(rows):
            return choice(header_index, 1)
        return None
    window = min(len(rows), HEADER_WINDOW)
    for i in range(window):
        filled, matched, _total, found = score(rows[i])
        if filled == 0:
            continue
        strong = _is_strong(filled, matched, found)
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is None or _looks_like_data(nxt):
            if strong:
                return choice(i, 1)
            continue
        n_filled, n_matched, _n_total, n_found = score(nxt)
        if not strong and _is_strong(n_filled, n_matched, n_found):
            continue  # a title or group row above the real header
        width = max(len(rows[i]), len(nxt))
        pair = _combine(_pad(rows[i], width), _pad(nxt, width))
        p_filled, p_matched, _p_total, p_found = score(pair)
        better = len(p_found) > len(found) and p_matched > matched
        if better and _is_strong(p_filled, p_matched, p_found):
            return choice(i, 2)
        if strong:
            return choice(i, 1)
    return None


def headings_found(rows: Sequence[Sequence[str]], limit: int = 12) -> list[str]:
    """Short non-empty cells of the first rows, to show in a no-header message."""
    seen: list[str] = []
    for row in rows[:HEADER_WINDOW]:
        for cell in row:
            text = clean_heading(cell) if isinstance(cell, str) else ""
            if text and len(text) <= MAX_HEADING_CHARS and text not in seen:
                seen.append(text)
            if len(seen) >= limit:
                return seen
    return seen


def expected_headings() -> list[str]:
    """The main heading of each required column, for messages."""
    spec = load_toml("columns.toml")["columns"]
    return [spec[c]["headings"][0] for c in REQUIRED_INPUT_COLUMNS] + [
        spec["time"]["headings"][0],
        spec["agency"]["headings"][3],
    ]
