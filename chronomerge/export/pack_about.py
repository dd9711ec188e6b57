"""The rows of the panel pack's About sheet: what the pack is, who it covers,
the files it was made from (and those in the input folders that were not
read, with the reason), how to read it, and the key to event types.

Like pack_tables, plain values and never a file; a row may begin with a
marker (HEADING, TABLE_HEAD, AGENCY_KEY) saying how the writer shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .episodes import all_episodes
from .pack_tables import Rows, col, group_members, made_by, number
from .pseudonymise import MANIFEST_KEY
from .style import (
    cell_text,
    event_type_codes,
    event_type_description,
    event_type_label,
    event_type_short,
    long_date,
)

if TYPE_CHECKING:
    from ..chronology import Chronology

HEADING = "\x00heading"  # markers (never cell text: \x00 cannot be in a cell)
TABLE_HEAD = "\x00table-head"
AGENCY_KEY = "\x00agency"
NO_REASON = "No reason was recorded; see the Validation sheet."


def about_rows(chronology: Chronology, version: str, agencies: list[str]) -> Rows:
    """The About sheet: marker rows (HEADING, TABLE_HEAD, AGENCY_KEY) and plain
    label/value rows; ``agencies`` in key order."""
    review, e, manifest = chronology.review, chronology.entries, chronology.manifest
    info = review.review
    period = "not set in the review file"
    if info.period_start or info.period_end:
        period = (
            f"{long_date(info.period_start) or 'the first entry'} to "
            f"{long_date(info.period_end) or 'the last entry'}"
        )
    severities = col(chronology.issues, "severity")
    yield [HEADING, info.name]
    yield ["Protective marking", info.marking]
    yield ["Review period", period]
    yield ["Subject", info.subject]
    yield ["Entries", len(e)]
    yield ["Linked events", sum(len(m) > 1 for m in group_members(e).values())]
    yield ["Gaps", len(chronology.gaps)]
    yield ["Flags", len(chronology.flags)]
    yield ["Key practice episodes", _episode_count(chronology)]
    yield [
        "Validation issues",
        ", ".join(
            f"{severities.count(s)} {word}{'s' if severities.count(s) != 1 else ''}"
            for s, word in (
                ("error", "error"),
                ("warning", "warning"),
                ("info", "note"),
            )
        ),
    ]
    if MANIFEST_KEY in manifest:
        count = manifest[MANIFEST_KEY].get("replacements", 0)
        yield [
            "Names",
            f"Pseudonymised: {count} names replaced by the labels the review "
            "file gives (for example 'Mother').",
        ]
    changes = manifest.get("changes") or {}
    if changes.get("added") or changes.get("removed") or changes.get("changed"):
        yield [
            "Since the last merge",
            f"{changes['added']} entries added, {changes['removed']} removed, "
            f"{changes['changed']} changed (see the Changes sheet)",
        ]
    yield ["Produced by", f"chronomerge {made_by(manifest, version)}"]
    yield []
    yield [HEADING, "Agencies"]
    yield [TABLE_HEAD, "Agency", "Dates covered", "Entries"]
    starts, ends, agency = col(e, "date_start"), col(e, "date_end"), col(e, "agency")
    for name in agencies:
        mine = [i for i, a in enumerate(agency) if a == name]
        first = min((starts[i] for i in mine if starts[i]), default="")
        last = max(
            (ends[i] or starts[i] for i in mine if ends[i] or starts[i]), default=""
        )
        covered = f"{first} to {last}" if first else "no readable dates"
        yield [AGENCY_KEY, name, covered, len(mine)]
    yield from _submission_rows(chronology)
    yield []
    yield from _input_rows(chronology)
    yield []
    yield [HEADING, "How to read this pack"]
    yield from ([sheet, text] for sheet, text in HOW_TO_READ)
    yield []
    yield [HEADING, "Event types"]
    yield [TABLE_HEAD, "Event type", "Meaning", "Code", "In 'Other types'"]
    for code in event_type_codes():
        yield [
            event_type_label(code),
            event_type_description(code),
            code,
            event_type_short(code),
        ]


def _submission_rows(chronology: Chronology) -> Rows:
    """The submission tracker, when the review file sets when agencies were
    asked or their deadlines, or an agency sent a new version."""
    table = chronology.submissions
    if table.empty:
        return
    asked, deadline, status = (col(table, n) for n in ("asked", "deadline", "status"))
    if not any(asked) and not any(deadline) and "resubmitted" not in status:
        return
    yield []
    yield [HEADING, "Submissions"]
    yield [TABLE_HEAD, "Agency", "Status", "Received", "Deadline and timeliness"]
    names, received = col(table, "agency"), col(table, "received")
    again, timeliness = col(table, "resubmitted"), col(table, "timeliness")
    basis = col(table, "received_from")
    for i, name in enumerate(names):
        got = f"{received[i]} ({basis[i]})" if basis[i] else received[i]
        got += f"; new version {again[i]}" if again[i] else ""
        due = f"{deadline[i]}: {timeliness[i]}" if deadline[i] else timeliness[i]
        yield [name, status[i], got, due]


def _episode_count(chronology: Chronology) -> str:
    """``2 accepted by the author, 6 proposed by chronomerge``."""
    found = all_episodes(chronology)
    accepted = sum(e.accepted for e in found)
    return (
        f"{accepted} accepted by the author, {len(found) - accepted} proposed "
        "by chronomerge (see the Episodes sheet)"
    )


def _input_rows(chronology: Chronology) -> Rows:
    """The files read, with their SHA-256 and rows; then the files in the
    input folders that were not read (the review file, an answer key, a
    damaged file), each with the reason, so none looks like an empty input."""
    items = [
        i for i in chronology.manifest.get("inputs", []) or [] if isinstance(i, dict)
    ]
    read = [i for i in items if i.get("status", "read") == "read"]
    unread = [i for i in items if i.get("status", "read") != "read"]
    yield [HEADING, "Inputs"]
    yield [TABLE_HEAD, "File", "SHA-256", "Rows read"]
    for item in read:
        yield [
            cell_text(item.get("name", "")),
            cell_text(item.get("sha256", "")),
            number(item.get("rows", item.get("rows_read", ""))),
        ]
    if not unread:
        return
    reasons = _file_reasons(chronology.issues)
    yield []
    yield [HEADING, "Files not read"]
    yield [TABLE_HEAD, "File", "Why it was not read"]
    for item in unread:
        name = cell_text(item.get("name", ""))
        yield [name, reasons.get(name) or NO_REASON]


def _file_reasons(issues: pd.DataFrame) -> dict[str, str]:
    """File name -> the message that says why it was not read: its
    file-skipped note or file-level error (file-corrupt ...) first, else its
    first error, else its first note."""
    files, codes = col(issues, "source_file"), col(issues, "code")
    severities, messages = col(issues, "severity"), col(issues, "message")
    reasons: dict[str, tuple[int, str]] = {}
    for name, code, severity, message in zip(
        files, codes, severities, messages, strict=True
    ):
        rank = 2 - (severity == "error")
        said = code in ("file-skipped", "file-superseded")
        if said or (rank == 1 and code.startswith("file-")):
            rank = 0
        if name and message and rank < reasons.get(name, (3, ""))[0]:
            reasons[name] = (rank, message)
    return {name: message for name, (_, message) in reasons.items()}


HOW_TO_READ: tuple[tuple[str, str], ...] = (
    (
        "Chronology",
        "Every entry from every agency, in date order, each agency's "
        "rows in its colour. 'Date as written' is the agency's own words; 'Date read "
        "as' is how chronomerge understood it. 'Event type' is the main type; "
        "'Other types' names the other types the entry mentions, in short (the "
        "key below gives each one's meaning). Write in the 'Panel notes' column: "
        "the notes follow their entries when the pack is made again.",
    ),
    (
        "Episodes",
        "Key practice episodes: periods of intense activity or decision the "
        "review may be organised around, in date order. 'Accepted by the "
        "author' ones are the review's own (from the review file); 'Proposed by "
        "chronomerge' ones are prompts worked out from the entries, not yet "
        "decided: the author accepts, renames, re-dates or drops them in the "
        "review file. 'Entries' counts the entries dated inside; 'Why' says why "
        "each was proposed.",
    ),
    (
        "Voice of the child",
        "The entries that record the child's own words (what the child said "
        "or told someone), or how the child was seen to look or behave, in "
        "date order: a starting point for the review's section on the child's "
        "lived experience. 'Why' gives the words that put each entry here; "
        "the author checks each against the agency's record.",
    ),
    (
        "Orphaned notes",
        "Only when notes were carried over: notes whose entry is "
        "not in this merge. They are kept, never dropped.",
    ),
    (
        "People",
        "The people the entries name (by the review's labels and role words, "
        "never real names), the agencies that named them, and any prompt.",
    ),
    ("Combined events", "One row per event, each agency's account side by side."),
    (
        "Linked events",
        "Entries of several agencies that record the same event, "
        "with the score and the reasons for linking them. Check them.",
    ),
    ("Gaps", "Periods with no entry, for all agencies together and for each agency."),
    (
        "Flags",
        "Possible missed opportunities: prompts for the panel to "
        "consider, not findings.",
    ),
    (
        "Sharing",
        "What each agency sent to another (a referral, a notification, a "
        "letter, a call) and whether the other's own chronology records "
        "receiving it: linked to the same event, or an entry within a few "
        "working days naming the sender. 'No record of receipt' is a prompt "
        "to ask, not a finding; 'Why' says how each was read.",
    ),
    (
        "What was known",
        "For each decision (a closure, a step-down, no further action, a "
        "strategy discussion's or conference's outcome): the decision's entry, "
        "then the entries of the weeks before it in three lists: what the "
        "deciding agency recorded itself, what others shared with it (and it "
        "recorded receiving), and what others recorded that it has no record "
        "of. Filter 'Deciding agency' to read one agency's decisions. The "
        "lists are the chronology's record, not a finding of what anyone knew.",
    ),
    (
        "Conflicts",
        "Where two agencies' accounts of one event differ: dates or times, or "
        "an injury described on different sides. Both accounts side by side, "
        "with how many agencies recorded the event. A prompt to check the "
        "records, not a finding of which is right.",
    ),
    ("Validation", "Problems found in the agencies' files, and how to fix them."),
    ("Summary", "Entries by agency over time, and event types by agency."),
    ("Agency sheets", "Each agency's entries as it submitted them, in file order."),
    (
        "Printing",
        "Each sheet prints one page wide with its headings on every page. The "
        "wide sheets (Chronology, Combined events, most agency sheets) are set to "
        "A3 landscape so the text stays readable; with only A4, choose A4 when "
        "printing. The Word chronology (chronology.docx) is made for A4.",
    ),
)
