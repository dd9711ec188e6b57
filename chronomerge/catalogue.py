"""Every issue code, defined once: default severity and message template.

Codes are kebab-case and never renamed once released (tools and reviews rely
on them). Messages are for a non-technical person: what is wrong, then how to
fix it. Templates use ``str.format`` fields; ``{value}`` is the cell's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Issue, Severity


@dataclass(frozen=True)
class IssueKind:
    code: str
    severity: Severity
    title: str
    template: str


def _k(code: str, severity: Severity, title: str, template: str) -> IssueKind:
    return IssueKind(code, severity, title, template)


_KINDS: list[IssueKind] = [
    # --- files ---
    _k("file-skipped", "info", "File skipped", "{file} was not read because {reason}."),
    _k(
        "file-superseded",
        "info",
        "Earlier version not used",
        "{file} was not read because {newer} is a newer version of the same "
        "chronology ({why}). Remove {file} from the folder if that is wrong.",
    ),
    _k(
        "file-unsupported",
        "error",
        "File type not supported",
        "{file} is a {kind} file, which chronomerge cannot read. {how}",
    ),
    _k(
        "file-converted",
        "info",
        "File converted",
        "{file} was converted from {kind} with LibreOffice before reading. Check the "
        "entries from it; saving it as {target} yourself avoids this step.",
    ),
    _k(
        "file-encrypted",
        "error",
        "File is password-protected",
        "{file} is protected with a password, so it cannot be read. Ask the agency "
        "to send a copy without a password (by a secure route), or open it, remove "
        "the password and save it again.",
    ),
    _k(
        "file-corrupt",
        "error",
        "File is damaged",
        "{file} could not be opened: {detail}. Open it in Excel or Word to check it, "
        "save it again, and add it back. If it will not open, ask the agency to send "
        "it again.",
    ),
    _k(
        "file-empty",
        "error",
        "File is empty",
        "{file} is empty (0 bytes). Ask the agency to send the file again.",
    ),
    _k(
        "file-too-large",
        "error",
        "File too large",
        "{file} is larger than the limit ({detail}). Split it, or raise the limit "
        "in the review file under [limits].",
    ),
    _k(
        "file-unsafe",
        "error",
        "File looks unsafe",
        "{file} was not read because {detail}. This can be a damaged or a hostile "
        "file. Ask the agency to save the chronology again as a new file.",
    ),
    _k(
        "file-link",
        "warning",
        "Link to another file",
        "{file} was not read because it is a link to another file (a shortcut), "
        "and chronomerge never follows links: copy the file itself into the "
        "folder and run again.",
    ),
    _k(
        "file-misnamed",
        "info",
        "File named for another format",
        "{file} is really {kind}, whatever its name says, and was read as one. "
        "Renaming it to end in {suffix} avoids confusion.",
    ),
    _k(
        "file-nothing-read",
        "error",
        "Nothing read from a file",
        "Nothing could be taken from {file}: {detail}. Check that the chronology "
        "is in a table, one row per entry, with a header row (the template shows "
        "how), then add the file again.",
    ),
    _k(
        "formula-unsaved",
        "warning",
        "Formula without a saved result",
        "The cell(s) {cells} hold formulas whose results were not saved in the "
        "file; chronomerge never calculates formulas, so the formula text was kept "
        "instead. Open the file in Excel, let it calculate, save it and send it "
        "again.",
    ),
    _k(
        "no-table",
        "error",
        "No chronology table",
        "{file} has no table, so no entries could be read. The chronology must be "
        "in a table (one row per entry). Ask the agency to use the template.",
    ),
    _k(
        "no-header",
        "error",
        "No header row found",
        "No header row was recognised in {where}. Headings found: {found}. "
        "Expected headings such as: {expected}. Add a header row, or map the "
        "columns for this file in the review file under [[files]].",
    ),
    _k(
        "sheet-skipped",
        "info",
        "Sheet skipped",
        "Sheet '{sheet}' in {file} was not read: {reason}.",
    ),
    _k(
        "table-skipped",
        "info",
        "Table skipped",
        "In {file}, {table} was not read: {reason}.",
    ),
    _k(
        "sheet-hidden",
        "info",
        "Hidden sheet read",
        "Sheet '{sheet}' in {file} is hidden; its entries were read all the same.",
    ),
    _k(
        "rows-hidden",
        "info",
        "Hidden rows read",
        "{count} hidden row(s) in {where} were read all the same: {rows}.",
    ),
    _k(
        "cell-merged-down",
        "info",
        "Merged cell shared",
        "The {cells} cell of this row is merged with the row above in the Word "
        "table, so its text ('{value}') was given to this row too. Check that it "
        "belongs to this entry.",
    ),
    _k(
        "too-many-rows",
        "error",
        "Too many rows",
        "{where} has more rows than the limit ({detail}). The rows from row "
        "{first} on were kept as text only: each row's cells are joined into its "
        "description, and their dates and other columns were not read. Raise the "
        "limit in the review file under [limits] (max_rows) to read them fully.",
    ),
    _k(
        "column-unmapped",
        "info",
        "Column kept as extra",
        "The heading '{value}' does not match a known column; its contents are "
        "kept as an extra column. If it holds the date or the description, map it "
        "in the review file under [[files]].",
    ),
    _k(
        "column-duplicate",
        "warning",
        "Two columns with one meaning",
        "The headings {detail} both look like the {column} column; the first is "
        "used and the other is kept as an extra column. Rename one of them.",
    ),
    _k(
        "column-missing",
        "error",
        "Required column missing",
        "{where} has no {column} column. Headings found: {found}. Add a column "
        "headed '{heading}', or map one in the review file under [[files]].",
    ),
    _k(
        "agency-guessed",
        "info",
        "Agency taken from the file name",
        "The agency for {file} was taken from {basis}: '{agency}'. If that is "
        "wrong, list the file under its agency in the review file.",
    ),
    # --- dates and times ---
    _k(
        "date-missing",
        "error",
        "Date missing",
        "This entry has no date. Add the date as DD/MM/YYYY; if it is not known "
        "exactly, write what is known, such as 'March 2019' or 'w/c 04/03/2019'.",
    ),
    _k(
        "date-unreadable",
        "error",
        "Date not understood",
        "The date '{value}' could not be read. Write it as DD/MM/YYYY (for "
        "example 04/03/2019), or as 'March 2019', 'w/c 04/03/2019', 'mid-April "
        "2018', 'Spring 2018' or '?22/05/2016' when it is uncertain.",
    ),
    _k(
        "date-impossible",
        "error",
        "Date does not exist",
        "The date '{value}' does not exist: {detail}. Correct the day or month.",
    ),
    _k(
        "date-month-first",
        "warning",
        "Dates may be month first",
        "The date '{value}' can only be read month first (MM/DD/YYYY). UK dates "
        "are day first. If this file writes dates month first, set date_order = "
        '"MDY" for it in the review file; otherwise correct the date.',
    ),
    _k(
        "date-year-suspicious",
        "warning",
        "Year looks wrong",
        "The year in '{value}' ({detail}) is far from the review period. Check "
        "the year; it may be mistyped.",
    ),
    _k(
        "date-in-future",
        "warning",
        "Date in the future",
        "The date '{value}' is in the future. Check the year and the day and "
        "month (UK dates are day first).",
    ),
    _k(
        "date-outside-period",
        "warning",
        "Outside the review period",
        "The date '{value}' is outside the review period ({detail}). The entry "
        "is kept; check the date, or remove the entry if it is not needed.",
    ),
    _k(
        "date-before-birth",
        "info",
        "Before the child's birth",
        "The date '{value}' is before {person}'s date of birth ({detail}). That "
        "is expected for antenatal entries; otherwise check the date.",
    ),
    _k(
        "date-out-of-order",
        "warning",
        "Entry out of date order",
        "This entry ({value}) is out of date order with the rows around it, "
        "though the rest of the table is in order. Check the date.",
    ),
    _k(
        "date-year-inferred",
        "info",
        "Year assumed",
        "The date '{value}' has no year; {detail} was assumed from the entries "
        "around it. Add the year to be sure.",
    ),
    _k(
        "date-range-reversed",
        "warning",
        "Date range ends before it starts",
        "The dates in '{value}' run backwards: {detail}. Check both dates; the "
        "entry is kept at its start date where that is known.",
    ),
    _k(
        "date-column-month-first",
        "warning",
        "A file's dates look month first",
        "The dates in {file} look month first (MM/DD/YYYY): {detail}. UK dates "
        "are day first, so a date that reads either way, such as '{value}', was "
        "read day first. If this file writes dates month first, set date_order "
        '= "MDY" for it in the review file.',
    ),
    _k(
        "time-unreadable",
        "warning",
        "Time not understood",
        "The time '{value}' could not be read. Write it as HH:MM in 24-hour "
        "time, for example 14:35.",
    ),
    # --- content ---
    _k(
        "description-missing",
        "error",
        "Description missing",
        "This entry has no description. Add what happened, who was involved and "
        "what was done.",
    ),
    _k(
        "description-too-short",
        "warning",
        "Description too short",
        "The description '{value}' is too short to understand on its own. Say "
        "what happened, who was involved and what was done.",
    ),
    _k(
        "event-type-unknown",
        "warning",
        "Type of event not recognised",
        "The type '{value}' is not one of the review's event types; it was read "
        "from the description instead. Use one of the types in the template's "
        "drop-down list.",
    ),
    _k(
        "event-type-uncertain",
        "info",
        "Type of event uncertain",
        "The entry does not say clearly what kind of event it was; "
        "chronomerge chose '{value}' but is not sure (confidence {confidence} "
        "of 1). Check it, or fill in the type column with one of the types "
        "in the template's drop-down list.",
    ),
    _k(
        "event-type-from-group",
        "info",
        "Type of event taken from its event group",
        "The entry does not say clearly what kind of event it was (chronomerge "
        "read it as '{old}'), but the other entries of its event group, from "
        "{agencies}, record it as '{value}', so it was given that type. Check it, "
        "or fill in the type column.",
    ),
    _k(
        "row-duplicate",
        "warning",
        "Entry repeated",
        "This row repeats row {detail} of the same file word for word. Remove "
        "one copy if it was pasted twice.",
    ),
    _k(
        "possible-nhs-number",
        "warning",
        "Possible NHS number",
        "'{value}' looks like an NHS number. Remove it: the chronology should "
        "identify people only by the review's agreed names.",
    ),
    _k(
        "possible-ni-number",
        "warning",
        "Possible National Insurance number",
        "'{value}' looks like a National Insurance number. Remove it.",
    ),
    _k(
        "possible-phone-number",
        "warning",
        "Possible phone number",
        "'{value}' looks like a phone number. Remove it.",
    ),
    _k(
        "possible-email",
        "warning",
        "Possible email address",
        "'{value}' looks like an email address. Remove it.",
    ),
    _k(
        "possible-postcode",
        "warning",
        "Possible postcode",
        "'{value}' looks like a full postcode. Remove it or give only the area.",
    ),
    _k(
        "possible-date-of-birth",
        "warning",
        "Possible date of birth",
        "'{value}' looks like a date of birth. Remove it: use the review's names "
        "instead.",
    ),
    _k(
        "possible-name",
        "warning",
        "Possible real name",
        "'{value}' looks like a person's name that is not one of the review's "
        "agreed names ({detail}). Replace it with the agreed name, or add it to "
        "allowed_names in the review file if it is not a real person's name.",
    ),
    # --- linking and review decisions ---
    _k(
        "decision-unknown-entry",
        "warning",
        "Decision names an unknown entry",
        "The review file's decision names entry '{value}', which is not in this "
        "merge. Check the entry id against chronology.csv.",
    ),
    _k(
        "decision-conflict",
        "warning",
        "Decisions contradict each other",
        "The review file both links and refuses to link entries '{value}' and "
        "'{other}'. They were kept apart; remove one of the two decisions.",
    ),
    _k(
        "note-orphaned",
        "info",
        "Panel note for a removed entry",
        "A panel note for entry '{value}' was carried over, but the entry is no "
        "longer in the chronology; it is listed on the 'Orphaned notes' sheet.",
    ),
]

CATALOGUE: dict[str, IssueKind] = {k.code: k for k in _KINDS}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def make_issue(
    code: str,
    *,
    source_file: str = "",
    source_location: str = "",
    source_row: int | None = None,
    column: str = "",
    value: Any = "",
    severity: Severity | None = None,
    **context: Any,
) -> Issue:
    """Build an Issue from its code, rendering the catalogue's message.

    Example:
        >>> make_issue("date-unreadable", source_file="police.csv", source_row=4,
        ...            column="Date", value="31st Febuary").severity
        'error'
    """
    kind = CATALOGUE[code]
    text = "" if value is None else str(value)
    fields = _Blank(value=text, file=source_file, column=column, **context)
    return Issue(
        severity=severity or kind.severity,
        code=code,
        source_file=source_file,
        source_location=source_location,
        source_row=source_row,
        column=column,
        value=text,
        message=kind.template.format_map(fields),
    )
