"""The information-sharing ledger as the panel pack shows it (the Sharing
sheet): one row a send, who sent what to whom and when, and whether the
recipient's own chronology records receiving it, with why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .pack_tables import Rows, col
from .style import uk_date

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
