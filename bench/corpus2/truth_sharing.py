"""truth_sharing.csv for corpus 2: which entries send information to another
agency, to whom, which of the recipient's entries received each, and which
sends have no receipt (bench/sharing.py measures the ledger against it).

Written from what history.py generates, never from chronomerge's rules: each
send template of history.py is listed below with the agency that writes it
and the agency its words send to (read by a person from the template, as a
reviewer would read the entry). A send's receipts are the recipient's entries
of the same occurrence (the same true event); a police "PPN submitted" is
received by the social care contact that history.py writes as a separate
occurrence two to four days later, naming the incident's date. A send whose
recipient records nothing of it is unreceived; one to an agency with no
chronology in the review (a GP; a health visitor outside story mode) is
unreceived as well (the ledger says "recipient has no chronology").

Not sends: what is shared at a meeting (the meeting is the event), a
practitioner passing a case to a colleague, letters or texts to the family,
an entry recording what came in ("Email from SW", "informed by custody").
Story mode's plot.py is not annotated: the file is written in the default
mode only (seeds 11 and 12).
"""

from __future__ import annotations

import datetime as dt
import re

COLUMNS = [
    "send_entry",
    "send_date",
    "from_agency",
    "to_agency",
    "to_kind",
    "received",
    "receipt_entries",
    "true_event_id",
]

# (writing agency key, template words, recipient agency key), in history.py's
# order. A recipient key that is no agency of the review is a kind's name.
SENDS: list[tuple[str, str, str]] = [
    # domestic_callout
    ("police", r"\bPPN submitted\.", "csc"),
    # school_concern
    ("school", r"DSL called Front Door", "csc"),
    ("school", r"Referral made to MASH", "csc"),
    ("school", r"DSL rang CS\b", "csc"),
    ("school", r"DSL informed SW by email", "csc"),
    ("school", r"referral to Front Door", "csc"),
    ("school", r"DSL contacted Front Door", "csc"),
    ("school", r"Call to SW - SW to visit", "csc"),
    # referral_other
    ("probation", r"Referral to Open Road|Referred .* to Open Road", "substance"),
    ("probation", r"Referral sent to substance misuse service", "substance"),
    ("school", r"Referral to CAMHS|CAMHS referral made|Referred .* to CAMHS", "camhs"),
    ("csc", r"Referral to CAMHS|CAMHS referral made|Referred .* to CAMHS", "camhs"),
    # referral_early_help
    ("school", r"referral to Early Help Hub sent", "earlyhelp"),
    ("school", r"Referral to Early Help made", "earlyhelp"),
    ("school", r"Request for support sent to Early Help", "earlyhelp"),
    # early help's own entries
    ("earlyhelp", r"Call to school re attendance", "school"),
    ("earlyhelp", r"Email to HV re speech referral", "health_visiting"),
    ("earlyhelp", r"Spoke to housing officer", "housing"),
    # police
    ("police", r"Intel shared with CSC", "csc"),
    ("police", r"Probation request for DV checks .* callouts disclosed", "probation"),
    ("police", r"Email to CSC with previous callouts", "csc"),
    ("police", r"Info sent to MASH", "csc"),
    # children's services
    ("csc", r"Call to .*'s school - attendance", "school"),
    ("csc", r"Telephone call with OM \(probation\)", "probation"),
    ("csc", r"Rang CAMHS for update", "camhs"),
    ("csc", r"Letter to GP confirming core group date", "gp"),
    ("csc", r"Spoke to nursery manager", "nursery"),
    # probation
    ("probation", r"DV checks requested from police", "police"),
    ("probation", r"Email to CSC SW re PoP's address", "csc"),
    ("probation", r"Letter to GP for PoP's medication history", "gp"),
    # youth justice
    ("yjs", r"Call with CAMHS re", "camhs"),
    ("yjs", r"Email to school for attendance", "school"),
    ("yjs", r"Spoke to SW re risk of exploitation", "csc"),
    # ambulance: a safeguarding referral about a child goes to social care
    ("ambulance", r"Safeguarding referral raised", "csc"),
    # school
    ("school", r"Shared with SW\.", "csc"),
    ("school", r"SW rang for update, attendance and presentation given", "csc"),
    ("school", r"Call to CAMHS about .*'s referral", "camhs"),
    ("school", r"Chronology sent to SW", "csc"),
    # nursery
    ("nursery", r"DSL rang SW", "csc"),
    ("nursery", r"Rang SW re .*'s attendance", "csc"),
    ("nursery", r"Email to HV about speech", "health_visiting"),
    # CAMHS
    ("camhs", r"Letter to mum and GP", "gp"),
    ("camhs", r"Letter to GP following assessment", "gp"),
    ("camhs", r"Email to school SENCo", "school"),
    ("camhs", r"GP informed", "gp"),
    ("camhs", r"Consultation with SW re home situation", "csc"),
    # substance misuse
    ("substance", r"OM informed", "probation"),
    ("substance", r"Email to OM with attendance summary", "probation"),
    ("substance", r"Letter to GP re script", "gp"),
    # housing
    ("housing", r"Info shared with police re ASB log", "police"),
]
_SENDS = [(a, re.compile(p), to) for a, p, to in SENDS]

# kinds with no chronology in the default review: their names for the truth
ABSENT = {"gp": "GP", "health_visiting": "Health Visiting"}

# Placed: (the truth's key "file|location|row", true event id, history.Rec)
Placed = tuple[str, str, object]


def _ppn_receipts(rec, placed: list[Placed]) -> list[str]:
    """Social care's contact for the police incident of ``rec``: a separate
    occurrence 2 to 4 days later whose words give the incident's date."""
    dates = (f"{rec.day:%d/%m}", f"{rec.day:%d.%m.%y}")
    return [
        key
        for key, _tid, other in placed
        if other.agency == "csc"
        and other.etype == "referral_csc"
        and 2 <= (other.day - rec.day).days <= 4
        and any(d in str(other.text) for d in dates)
    ]


def truth_sharing(placed: list[Placed], agencies: dict[str, dict]) -> list[dict]:
    """One row per (send entry, recipient), in the entries' file order."""
    by_event: dict[str, list[Placed]] = {}
    for item in placed:
        by_event.setdefault(item[1], []).append(item)
    rows = []
    for key, tid, rec in placed:
        to = _recipient(rec)
        if to is None:
            continue
        if to == "csc" and rec.agency == "police" and "PPN submitted" in rec.text:
            receipts = _ppn_receipts(rec, placed)
        else:
            receipts = [k for k, _t, r in by_event[tid] if r.agency == to]
        spec = agencies.get(to)
        rows.append(
            {
                "send_entry": key,
                "send_date": rec.day.isoformat()
                if isinstance(rec.day, dt.date)
                else "",
                "from_agency": agencies[rec.agency]["name"],
                "to_agency": spec["name"] if spec else ABSENT[to],
                "to_kind": spec["kind"] if spec else to,
                "received": "true" if receipts else "false",
                "receipt_entries": ";".join(receipts),
                "true_event_id": tid,
            }
        )
    return rows


def _recipient(rec) -> str | None:
    """The agency an entry sends to (at most one per entry in history.py)."""
    for agency, pattern, to in _SENDS:
        if rec.agency == agency and pattern.search(str(rec.text)):
            return to
    return None
