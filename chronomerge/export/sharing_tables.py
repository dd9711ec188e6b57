"""The information-sharing ledger and what was known at each decision, as
the panel pack shows them: the Sharing sheet (one row a send: who sent what
to whom and when, and whether the recipient's own chronology records
receiving it, with why) and the What was known sheet (each decision with
its three lists)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .pack_tables import Rows, col
from .style import event_type_label, uk_date

if TYPE_CHECKING:
    from ..chronology import Chronology

SHARING_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Sent", 11),
    ("From", 28),
    ("To", 28),
    ("What", 16),
    ("Received", 11),
    ("Working days", 9),
    ("Status", 18),
    ("Send entry id", 14),
    ("Receipt entry id", 14),
    ("Why", 80),
)


def sharing(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """The ledger's rows, in the order sharing.csv has them."""
    frame = chronology.sharing
    names = (
        "send_date", "from_agency", "to_agency", "what", "received_date",
        "working_days", "status", "send_entry_id", "receipt_entry_id", "why",
    )  # fmt: skip
    columns = [col(frame, n) for n in names]

    def rows() -> Rows:
        for i in range(len(frame)):
            row: list[Any] = [c[i] for c in columns]
            row[0], row[4] = uk_date(row[0]), uk_date(row[4])
            row[5] = int(float(row[5])) if row[5] else ""
            yield row

    heads = [h for h, _ in SHARING_HEADINGS]
    return heads, [w for _, w in SHARING_HEADINGS], rows()


KNOWN_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Decision date", 11),
    ("Deciding agency", 26),
    ("Decision", 22),
    ("List", 16),
    ("Entry date", 11),
    ("Agency", 26),
    ("Type", 18),
    ("Entry", 60),
    ("Why", 60),
    ("Decision entry id", 14),
    ("Entry id", 14),
)
DECISION_LIST = "the decision"


def known(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """What was known at each decision: the decision's own entry first (List
    "the decision"), then its three lists, latest entry first. Every row
    repeats the decision's date and agency so the sheet filters by agency;
    each listed entry's date, agency, type and words come from its entry
    (known.csv names it by id)."""
    frame = chronology.known
    names = (
        "decision_date", "deciding_agency", "decision", "known_as",
        "why", "decision_entry_id", "entry_id",
    )  # fmt: skip
    columns = [col(frame, n) for n in names]
    entry = entry_cells(chronology)

    def rows() -> Rows:
        current = ""
        blank = ("", "", "", "")
        for i in range(len(frame)):
            date, agency, said, name, why, decision_id, entry_id = (
                c[i] for c in columns
            )
            if decision_id != current:
                current = decision_id
                day = uk_date(date)
                yield [
                    day, agency, said, DECISION_LIST, day, agency, "",
                    entry.get(decision_id, blank)[3], "", decision_id, decision_id,
                ]  # fmt: skip
            on, by, kind, words = entry.get(entry_id, blank) if entry_id else blank
            yield [
                uk_date(date), agency, said, name, on, by, kind, words, why,
                decision_id, entry_id,
            ]  # fmt: skip

    heads = [h for h, _ in KNOWN_HEADINGS]
    return heads, [w for _, w in KNOWN_HEADINGS], rows()


def entry_cells(chronology: Chronology) -> dict[str, tuple[str, str, str, str]]:
    """Each entry's (UK date, agency, event type label, description) by id,
    as the What was known lists show a listed entry."""
    entries = chronology.entries
    ids = col(entries, "entry_id")
    starts = col(entries, "date_start")
    agencies = col(entries, "agency")
    types = col(entries, "event_type")
    said = col(entries, "description")
    return {
        ids[i]: (
            uk_date(starts[i]),
            agencies[i],
            event_type_label(types[i]) if types[i] else "",
            said[i],
        )
        for i in range(len(ids))
    }


CONFLICT_HEADINGS: tuple[tuple[str, float], ...] = (
    ("Conflict", 18),
    ("Agencies recording the event", 10),
    ("First agency", 24),
    ("First date", 11),
    ("First time", 7),
    ("First account", 50),
    ("Second agency", 24),
    ("Second date", 11),
    ("Second time", 7),
    ("Second account", 50),
    ("Why", 50),
    ("Event group", 12),
    ("First entry id", 14),
    ("Second entry id", 14),
)


def conflicts(chronology: Chronology) -> tuple[list[str], list[float], Rows]:
    """Conflicting accounts of one event, both side by side."""
    frame = chronology.conflicts
    names = (
        "conflict", "agencies_recording", "first_agency", "first_date",
        "first_time", "first_account", "second_agency", "second_date",
        "second_time", "second_account", "why", "event_group",
        "first_entry_id", "second_entry_id",
    )  # fmt: skip
    columns = [col(frame, n) for n in names]

    def rows() -> Rows:
        for i in range(len(frame)):
            row: list[Any] = [c[i] for c in columns]
            row[1] = int(float(row[1])) if row[1] else ""
            row[3], row[7] = uk_date(row[3]), uk_date(row[7])
            yield row

    heads = [h for h, _ in CONFLICT_HEADINGS]
    return heads, [w for _, w in CONFLICT_HEADINGS], rows()
