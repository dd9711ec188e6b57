"""The information sharing planted in the story: who sent what to whom, and
whether the recipient recorded receiving it (truth_sharing.csv).

A record *sends* when its agency's words say it passed information to another
agency (a referral, a notification, a letter, a call to, a handover). It was
*received* when the recipient agency recorded the same true event, or, for a
send whose event is the sender's alone (police notifications passed on by
social care), the recipient's record of the event named in ``RECEIPT_KIND``
within ``RECEIPT_DAYS``. Sharing at a multi-agency meeting (strategy discussion,
conference, core group) is not a send: the meeting is the linked event.
Only words the agency's file holds count: the health visitors' file has no
outcome column, so the bruise's "Referred to MASH same day" is never written
and the send is the referral entry of the same day.
"""

from __future__ import annotations

import datetime as dt

from .history import History, Record

# kind -> sender agency key -> [(recipient agency key, words the record must
# hold, or "" for always)]: alternatives are picked when the text is written.
SENDS: dict[str, dict[str, list[tuple[str, str]]]] = {
    "perinatal_referral": {"gp": [("amh", "")]},
    "pn_discharge": {"midwifery": [("hv", "")]},
    "hv_referral": {"hv": [("csc", "")]},
    "ppn": {"police": [("csc", "")], "csc": [("hv", "shared with HV"),
                                              ("school", "shared with HV")]},
    "school_referral": {"school": [("csc", "")]},
    "school_referral_late": {"school": [("csc", "")]},
    "gp_referral": {"gp": [("csc", "")]},
    "cp_medical": {"hospital": [("csc", "")]},
    "wnb_hospital": {"hospital": [("gp", ""), ("hv", "")]},
    "marac_referral": {"police": [("idva", "")]},
    "hospital_referral": {"hospital": [("csc", "")]},
    "liaison_hv": {"csc": [("hv", "")], "hv": [("csc", "")]},
    "liaison_school": {"csc": [("school", "")], "school": [("csc", "")]},
    "liaison_gp": {"csc": [("gp", "")], "gp": [("csc", "")]},
    "csc_info": {"csc": [("hv", "to HV"), ("gp", "to GP"), ("police", "to police")]},
    "hv_info": {"hv": [("gp", "with GP"), ("csc", "with SW")]},
    "school_info": {"school": [("csc", "to SW")]},
}  # fmt: skip
# (kind, sender, recipient) -> the recipient's kind of record that received it
# when the recipient did not record the send's own event.
RECEIPT_KIND = {
    ("ppn", "csc", "hv"): "da_notice",
}
RECEIPT_DAYS = 4


def planted_sends(history: History) -> list[tuple[Record, str, list[Record]]]:
    """(send record, recipient agency key, the recipient's records of it)."""
    by_event: dict[str, list[Record]] = {}
    for record in history.records:
        by_event.setdefault(record.event_id, []).append(record)
    found = []
    for record in history.records:
        for recipient, words in SENDS.get(record.kind, {}).get(record.agency, []):
            if words and words not in record.description:
                continue
            found.append(
                (record, recipient, _receipts(history, record, recipient, by_event))
            )
    return found


def _receipts(
    history: History, sent: Record, recipient: str, by_event: dict[str, list[Record]]
) -> list[Record]:
    kind = RECEIPT_KIND.get((sent.kind, sent.agency, recipient))
    if kind is None:
        return [r for r in by_event[sent.event_id] if r.agency == recipient]
    latest = sent.date + dt.timedelta(days=RECEIPT_DAYS)
    return [
        r
        for r in history.records
        if r.kind == kind and r.agency == recipient and sent.date <= r.date <= latest
    ]
