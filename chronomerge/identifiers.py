"""Find identifying details in free text: NHS and National Insurance numbers,
phone numbers, email addresses, postcodes, dates of birth and personal names.

A chronology should name people only by the review's agreed names. These
checks are prompts, not proof: each finding becomes a warning for the agency
to look at. The word lists and thresholds are in schemas/validation.toml and
the first names in schemas/first_names.txt.

Speed: each check first asks a cheap question of the text (does it hold a
digit, an "@", a capital letter?) and runs the heavier test only when it
does, so 100,000 entries take a few seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from phonenumbers import Leniency, PhoneNumberMatcher

from .resources import load_toml, read_text


@dataclass(frozen=True)
class Finding:
    """One possible identifier: the issue code, the text found, where it starts."""

    code: str
    value: str
    start: int


# --- NHS numbers --------------------------------------------------------------

# No look-behind at the start, so the engine can skip ahead to the next digit;
# what comes before the number is checked after the match.
_TEN_DIGITS = re.compile(r"(\d{3})([ \-]?)(\d{3})\2(\d{4})(?![\d/])")
_NOT_BEFORE = frozenset("0123456789/.-")
_HAS_DIGIT_RUN = re.compile(r"\d{2}")
_HAS_DIGIT = re.compile(r"\d")


def nhs_checksum_ok(digits: str) -> bool:
    """Whether a 10-digit string passes the NHS Modulus 11 check.

    The first nine digits are weighted 10 down to 2; 11 minus the remainder
    of their sum by 11 is the check digit (11 counts as 0; 10 never occurs in
    a real number).

    Example:
        >>> nhs_checksum_ok("9434765919")
        True
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


@dataclass(frozen=True)
class _NhsRules:
    context: re.Pattern[str]
    other: re.Pattern[str]
    window: int
    first_digits: frozenset[str]


@cache
def _nhs_rules() -> _NhsRules:
    spec = load_toml("validation.toml")["nhs_number"]
    return _NhsRules(
        context=_word_list_pattern(spec["context"]),
        other=_word_list_pattern(spec["other_context"]),
        window=int(spec["window"]),
        first_digits=frozenset(spec["issued_first_digits"]),
    )


def _word_list_pattern(words: Iterable[str]) -> re.Pattern[str]:
    parts = sorted((re.escape(w).replace(r"\ ", r"[\s.:]*") for w in words), key=len)
    return re.compile(rf"(?<!\w)(?:{'|'.join(reversed(parts))})(?!\w)", re.I)


def find_nhs_numbers(text: str) -> list[Finding]:
    """10-digit numbers that are probably NHS numbers.

    About one random 10-digit number in eleven passes the Modulus 11 check,
    so the words before the number are weighed: "NHS" (or "NHS no") makes it
    one whatever the check says; a crime or log reference makes it not one;
    with no words either way, the number must pass the check and be written
    3-3-4 (``943 476 5919``) or start as numbers issued in England and Wales do.
    """
    rules = _nhs_rules()
    found = []
    for match in _TEN_DIGITS.finditer(text):
        if match.start() and text[match.start() - 1] in _NOT_BEFORE:
            continue
        digits = match.group(1) + match.group(3) + match.group(4)
        before = text[max(0, match.start() - rules.window) : match.start()]
        if rules.context.search(before):
            found.append(Finding("possible-nhs-number", match.group(), match.start()))
            continue
        if not nhs_checksum_ok(digits) or rules.other.search(before):
            continue
        spaced = bool(match.group(2))
        if spaced or digits[0] in rules.first_digits:
            found.append(Finding("possible-nhs-number", match.group(), match.start()))
    return found


# --- National Insurance numbers ----------------------------------------------

_NI = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])\s?(\d{2})\s?(\d{2})\s?"
    r"(\d{2})\s?([A-D])(?![A-Za-z0-9])",
    re.I,
)
_SIX_DIGITS = re.compile(r"\d\d\s?\d\d\s?\d\d")
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
_NI_CONTEXT = re.compile(r"\b(?:NI|NINO|national\s+insurance)\b", re.I)


def find_ni_numbers(text: str) -> list[Finding]:
    """National Insurance numbers (two letters, six digits, A-D: QQ 12 34 56 C).

    Written in capitals they are reported on sight; in small letters only
    after words such as "NI number".
    """
    if not _SIX_DIGITS.search(text):
        return []
    found = []
    for match in _NI.finditer(text):
        prefix = match.group(1).upper()
        if prefix in _NI_BAD_PREFIXES:
            continue
        value = match.group()
        if value != value.upper() and not _NI_CONTEXT.search(
            text[max(0, match.start() - 30) : match.start()]
        ):
            continue
        found.append(Finding("possible-ni-number", value, match.start()))
    return found


# --- phone numbers ---------------------------------------------------------------

_PHONE_HINT = re.compile(r"(?:\+\s?44|(?<!\d)\(?0)\s?\d[\d \-()]{7,}")
_PHONE_PREFIX = re.compile(r"^(?:\+\s?44|\(?0)")


@cache
def _ignored_phone_prefixes() -> tuple[str, ...]:
    return tuple(load_toml("validation.toml")["phone_number"]["ignore_prefixes"])


def find_phone_numbers(text: str) -> list[Finding]:
    """UK phone numbers (with the phonenumbers package, region GB).

    Only numbers written as people dial them in the UK (starting 0 or +44)
    with ten digits after the 0 count, so dates, times and references do not;
    freephone and other organisation numbers are left alone. Numbers in the
    ranges Ofcom keeps for drama (07700 900xxx) are reported too: they look
    like phone numbers to a reader.
    """
    if not _PHONE_HINT.search(text):
        return []
    found = []
    ignored = _ignored_phone_prefixes()
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        national = str(match.number.national_number)
        if not _PHONE_PREFIX.match(raw) or len(national) < 10:
            continue
        if ("0" + national).startswith(ignored):
            continue
        found.append(Finding("possible-phone-number", raw, match.start))
    return found


# --- email addresses and postcodes -------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+'-])[A-Za-z0-9][\w.+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?<!\.)"
)
_LETTER_DIGIT = re.compile(r"[A-Z]\d")
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?|GIR)\s?"
    r"\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)


def find_emails(text: str) -> list[Finding]:
    """Email addresses."""
    if "@" not in text:
        return []
    return [
        Finding("possible-email", m.group(), m.start()) for m in _EMAIL.finditer(text)
    ]


def find_postcodes(text: str) -> list[Finding]:
    """Full UK postcodes in capitals (``M1 1AE``, ``SW1A 2AA``); an area alone
    (``M1``) is not identifying and is not reported."""
    if not _LETTER_DIGIT.search(text):
        return []
    return [
        Finding("possible-postcode", m.group(), m.start())
        for m in _POSTCODE.finditer(text)
    ]


# --- dates of birth ---------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}\s?[/.\-]\s?\d{{1,2}}\s?[/.\-]\s?\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
# A date written in text ("12/03/2015", "3rd May 2016", "May 3, 2016"), for
# readers that need to find or change dates in free text (publish).
DATE_IN_TEXT = re.compile(rf"(?<![\w/.\-]){_DATE}(?![\w/])", re.I)
_DOB_WORDS = ("dob", "d.o.b", "d o b", "birth", "born")
_DOB = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born\b(?:[^.;\n]{{0,30}}?\bon)?)"
    rf"\s*[:\-–]?\s*(?:is\s+|was\s+|of\s+)?{_DATE}",
    re.I,
)


def find_dates_of_birth(text: str) -> list[Finding]:
    """Dates of birth written in text: "DOB 12/03/2015", "born on 3rd May 2016",
    "date of birth: 12.03.15"."""
    lowered = text.lower()
    if not any(word in lowered for word in _DOB_WORDS) or not _HAS_DIGIT_RUN.search(
        text
    ):
        return []
    return [
        Finding("possible-date-of-birth", m.group(), m.start())
        for m in _DOB.finditer(text)
    ]


# --- personal names ------------------------------------------------------------------

# A capitalised word (the first name is looked up before anything else is
# tried: most capitalised words in a chronology are not first names).
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+")
# What may follow a first name: a second part ("Lily-Mae"), then a surname,
# capitalised or in capitals ("Smith", "McDonald", "O'Brien", "SMITH").
_SURNAME_AFTER = re.compile(
    r"(?:-[A-Z][a-z]+)?[ \t]+("
    r"(?:Mc|Mac|O['’]|D['’]|De|Di|Le|La|Van|Von)?[A-Z](?:[a-z]+|[A-Z]+)"
    r"(?:[-'’][A-Z][A-Za-z]+)*)(?:['’]s)?(?![\w'’])"
)
_NAME_SPLIT = re.compile(r"[\s\-]+")


@cache
def first_names() -> frozenset[str]:
    """The shipped first names (schemas/first_names.txt), lower-cased."""
    lines = read_text("first_names.txt").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and line[0] != "#"
    )


@cache
def _not_surnames() -> frozenset[str]:
    return frozenset(
        w.lower() for w in load_toml("validation.toml")["names"]["not_surnames"]
    )


class NameFinder:
    """Capitalised first name + surname pairs that are not agreed names.

    Args:
        agreed: names the text may use: the review's labels, aliases and
            allowed names. A pair is agreed when both its words belong to one
            agreed name ("Sarah Jones" for the alias "Sarah Louise Jones").
        names: first names to look for (default: the shipped list).
    """

    def __init__(self, agreed: Iterable[str] = (), names: frozenset[str] | None = None):
        self.first_names = first_names() if names is None else names
        self.not_surnames = _not_surnames()
        self.agreed = [words for words in map(_name_words, agreed) if words]

    def is_agreed(self, first: str, second: str) -> bool:
        """Whether both words of a pair belong to one agreed name."""
        words = _name_words(first) | _name_words(second)
        return any(words <= name for name in self.agreed)

    def find(self, text: str) -> list[Finding]:
        """Possible real names in text."""
        found = []
        for match in _CAPITALISED.finditer(text):
            first = match.group()
            if first.lower() not in self.first_names:
                continue
            after = _SURNAME_AFTER.match(text, match.end())
            if after is None:
                continue
            second = after.group(1)
            surname = second.lower()
            if len(second) < 2 or surname in self.not_surnames:
                continue
            if surname.rstrip("s") in self.not_surnames:
                continue
            if self.is_agreed(first, second):
                continue
            full = text[match.start() : after.start(1) + len(second)]
            found.append(Finding("possible-name", full, match.start()))
        return found


def _name_words(name: str) -> frozenset[str]:
    """The words of a name, lower-cased, letters only ("O'Brien" -> obrien)."""
    words = (re.sub(r"[^a-z]", "", w) for w in _NAME_SPLIT.split(name.lower()))
    return frozenset(w for w in words if w)


# --- all together --------------------------------------------------------------------


def find_identifiers(text: str, names: NameFinder | None = None) -> list[Finding]:
    """Every possible identifier in text, in text order.

    Args:
        text: a cell's text.
        names: the names check to run, or None to leave names out.
    """
    found: list[Finding] = []
    if _HAS_DIGIT.search(text):
        found += find_postcodes(text)
        if _HAS_DIGIT_RUN.search(text):
            found += find_nhs_numbers(text)
            found += find_phone_numbers(text)
            found += find_ni_numbers(text)
            found += find_dates_of_birth(text)
    found += find_emails(text)
    if names is not None:
        found += names.find(text)
    return sorted(_drop_contained(found), key=lambda f: (f.start, f.code))


def _drop_contained(found: list[Finding]) -> list[Finding]:
    """An NHS number is not a phone number too: drop a finding lying inside
    a longer one (the longer, more specific finding stays)."""
    if len(found) < 2:
        return found
    spans = [(f.start, f.start + len(f.value)) for f in found]
    kept = []
    for i, f in enumerate(found):
        s, e = spans[i]
        inside = any(
            j != i
            and spans[j][0] <= s
            and e <= spans[j][1]
            and (spans[j][1] - spans[j][0] > e - s or j < i)
            for j in range(len(found))
        )
        if not inside:
            kept.append(f)
    return kept
