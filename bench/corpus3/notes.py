# ruff: noqa: E501  (one template's note per line reads best)
"""What each of corpus 3's templates plants, read by a person from its words.

The truth files of corpus 3 (truth_sharing.csv, truth_people.csv and the
child's experience columns of truth.csv: bench/corpus3/truth.py) are read
from these notes, never from chronomerge's rules or output. Each note is
keyed on the start of one template of story.py (its words before the family's
names are filled in; a test checks that each key starts exactly one template)
and says:

- ``c`` and ``s``: what the recording agency's practitioner did with Child C
  and with Sibling 1 at this contact: ``seen``; ``alone`` (seen with no parent
  or carer present: at school, found in the street); ``spoken`` (spoken
  with); ``words`` (the child's own words recorded, quoted or reported).
  ``alone`` implies ``seen`` and ``words`` implies ``spoken``. Words a parent
  reports ("mum says the child is eating well") are the parent's;
- ``to``: the agencies the entry sends information to (a referral, a call,
  an email, a letter, "GP informed"): keys of generate.AGENCIES, or of
  EXTERNAL below for services with no chronology in the review. Not a send:
  what is shared at a meeting (the meeting is the event), a letter or text to
  the family, what came in ("Email from SW", "Phone call from HV"), a case
  passed within the agency ("Passed to MASH", "escalated to named nurse"),
  signposting or a leaflet, or a plan to share later;
- ``names``: the people the words name by a role word rather than by name
  ("mum", "his mother", "grandmother", "10 yr old daughter"). Names are found
  by truth.py from the family's own names, which the generator knows.

A template with no note plants none of these. The tails of TAILS (a
follow-up sentence an agency adds) plant nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass

FLAGS = ("seen", "alone", "spoken", "words")


@dataclass(frozen=True)
class Note:
    c: frozenset[str] = frozenset()
    s: frozenset[str] = frozenset()
    to: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


def _flags(text: str) -> frozenset[str]:
    got = set(text.split())
    assert got <= set(FLAGS), text
    if "alone" in got:
        got.add("seen")
    if "words" in got:
        got.add("spoken")
    return frozenset(got)


def N(c: str = "", s: str = "", to: str = "", names: str = "") -> Note:
    return Note(_flags(c), _flags(s), tuple(to.split()), tuple(names.split()))


# services a corpus 3 entry sends to that have no chronology in the review:
# key -> (name, agency kind)
EXTERNAL = {
    "salt": ("Speech and language therapy", "other"),
    "physio": ("Physiotherapy", "other"),
    "iapt": ("Talking therapies (IAPT)", "adult_mental_health"),
    "crisis": ("Crisis team", "adult_mental_health"),
    "centre": ("Children's centre", "early_help"),
    "early_help": ("Early Help", "early_help"),
    "marac": ("MARAC and IDVA service", "domestic_abuse"),
}

# the people named by role words (truth.py's keys)
ROLE_PEOPLE = {"mum", "partner", "sib", "dad", "mgm", "pgm"}

NOTES: dict[str, Note] = {
    # --- occurrences several agencies record ---------------------------------------
    # domestic abuse
    "Call from neighbour - shouting and banging at address.": N(
        c="seen", s="seen", to="csc"
    ),
    "999 call from {m}: {p} drunk and threatening.": N(to="marac"),
    "Domestic - {m} states {p} took her phone": N(to="csc"),
    "Cat 2 - female c/o head injury following alleged assault by partner": N(
        names="partner"
    ),
    "Operation Encompass notification received.": N(s="seen"),
    "Domestic incident. Call from {s} (aged 10) to 999 saying mum": N(
        to="marac csc", names="mum"
    ),
    "DA - third party call.": N(c="seen", s="seen"),
    "Encompass: police attended DV at home yesterday evening": N(s="seen spoken"),
    # a child in the emergency department
    "ED attendance - {c} brought by {m} with burn": N(c="seen"),
    "Attended Children's ED with {m}: fall from sofa": N(c="seen"),
    "ED - {c} with bruise to upper arm": N(c="seen", to="csc"),
    "Attended ED with high temp and cough.": N(c="seen"),
    "Call re 3yo with injury at home.": N(c="seen", names="mum"),
    "Child, fall, mum worried.": N(c="seen", names="mum"),
    "Paeds ED. 3yo brought by {m}": N(c="seen"),
    "ED attendance: {c} vomiting": N(c="seen"),
    # joint visits
    "Joint home visit with {o}. {c} seen and spoken with.": N(c="seen spoken"),
    "Joint HV with {o}. Seen {c} in his bedroom.": N(c="seen"),
    "Visited with {o}, announced. Both children seen.": N(c="seen", s="seen"),
    "Joint visit with SW. {c} weighed": N(c="seen"),
    "Joint visit with CSC under s47. Children seen.": N(c="seen", s="seen"),
    "Joint visit with {o} as part of s47. {m} shown marks on {c}'s arm": N(c="seen"),
    # referrals to children's social care (the contact received is the receipt)
    "Referral to MASH by DSL: {r}.": N(to="csc"),
    "Referral to MASH by HV: {r}.": N(to="csc"),
    "Safeguarding referral to children's services: {r}.": N(to="csc"),
    "Safeguarding concern raised with MASH: {r}.": N(to="csc"),
    "Safeguarding team referral to MASH: {r}.": N(to="csc"),
    "MASH referral sent by DSL - {r}.": N(to="csc"),
    "{s} said {p} hits mum": N(names="mum"),
    # --- single-agency entries -------------------------------------------------------
    # police
    "Concern for welfare call - child heard crying": N(c="seen"),
    "Report of 2 young children playing on the road": N(c="alone", s="alone"),
    "Verbal domestic between {m} and {p}": N(to="csc"),
    "{s} reported missing by {m} at 21:30": N(to="csc"),
    "Missing episode: {s} not home from school.": N(s="seen"),
    "Niche check requested by probation": N(to="probation"),
    "Call from member of public - toddler at upstairs window": N(c="seen", to="csc"),
    "Welfare check requested by CSC": N(c="seen", s="seen"),
    "Anonymous report children left home alone.": N(c="alone", s="alone"),
    "{s} reported assaulted by older girl": N(s="seen words"),
    "Domestic incident - {p} reports {m} threw a plate": N(to="csc"),
    "MFH report: {s}, aged 10": N(s="alone", to="csc"),
    # children's social care
    "Statutory visit. {c} seen alone in his bedroom.": N(c="alone"),
    "Unannounced visit. Both children seen.": N(c="seen", s="seen"),
    "Email to HV and school with update following visit.": N(to="hv school"),
    "{m} says she and {p} have separated, he is staying with his mum.": N(names="pgm"),
    "Contact from maternal grandmother": N(names="mgm"),
    "S47 enquiries: {c} seen and examined": N(c="seen"),
    "S.47 visit, spoke to {s} alone at school": N(s="alone spoken"),
    "CIN visit. {m} tired": N(c="seen"),
    "Announced visit, {p} answered door. {c} seen asleep in cot.": N(c="seen"),
    "Visit after school. {s} showed SW her bedroom": N(s="seen"),
    "Attempted home visit, no response. Neighbour said family away at grandmother's.": N(
        names="mgm"
    ),
    "{c} and {s} placed with maternal grandmother": N(names="mgm"),
    # hospital
    "Seen in paediatric clinic re weight faltering.": N(c="seen"),
    "Audiology clinic, hearing normal.": N(c="seen"),
    "Community paediatrician review - speech delay, referred to SALT.": N(
        c="seen", to="salt"
    ),
    "WNB to paeds clinic. 2nd WNB - letter to GP and HV.": N(to="gp hv"),
    "{m} attended ED - overdose of paracetamol": N(names="mgm"),
    "Admitted to children's ward with bronchiolitis.": N(c="seen"),
    "{c} admitted overnight for observation": N(c="seen"),
    "Safeguarding team liaison with HV re ED attendance.": N(to="hv"),
    "Discharge summary sent to GP and HV.": N(to="gp hv"),
    "Paeds OPD: weight 12.1kg": N(c="seen"),
    "Seen in ophthalmology clinic": N(c="seen"),
    "ENT clinic: recurrent tonsillitis": N(c="seen"),
    "WNB/DNA - paediatric follow up.": N(to="gp hv"),
    "Children's ED: {c} ingested one of mum's tablets": N(
        c="seen", to="hv csc", names="mum"
    ),
    "ED - {c} with finger trapped in door.": N(c="seen"),
    "CP medical by consultant paediatrician": N(c="seen"),
    "Child protection medical - marks on back.": N(c="seen"),
    "Psychiatric liaison assessment of {m} following OD.": N(to="crisis"),
    # health visiting
    "2-2.5 yr review at clinic.": N(c="seen"),
    "Universal plus contact. Weight 13.2kg.": N(c="seen"),
    "Growth check in clinic": N(c="seen"),
    "HV home visit. {c} playing": N(c="seen"),
    "Visit at home - {p} present. Dog not kept separate from {c}.": N(c="seen"),
    "DNA immunisation appointment - {c} not brought. GP informed.": N(to="gp"),
    "Phoned GP to share concern": N(to="gp"),
    "Referral to SALT made": N(to="salt"),
    "Referred to children's centre for stay and play.": N(to="centre"),
    "3 yr review. Speech: few words": N(c="seen", to="salt"),
    "Weighed at drop-in clinic": N(c="seen"),
    "Contact at children's centre. {c} playing alongside others": N(c="seen"),
    "Targeted visit at home. Stairgate missing": N(c="seen"),
    "Home visit: smell of cannabis in flat. {m} denies use. SW informed.": N(to="csc"),
    # the health visitor tells the GP what it learnt (as substance misuse's
    # "Liaison with GP re prescribing." below): a send, left out at first
    "Liaison with GP: {m} prescribed antidepressants.": N(to="gp"),
    # GP
    "Seen with {m}. 4/7 cough and fever.": N(c="seen"),
    "Rash on trunk.": N(c="seen"),
    "Eczema review.": N(c="seen"),
    "Referred to talking therapies (IAPT).": N(to="iapt"),
    "Referral to Pathways D&A service.": N(to="drugs"),
    "Request for GP report for case conference. Report sent.": N(to="csc"),
    "Seen with mum. Ear pain": N(c="seen", names="mum"),
    "Bruise on shin seen at consultation for cough. Mum says": N(c="seen", names="mum"),
    "Constipation. Movicol.": N(c="seen"),
    "Tel cons {p}: back pain": N(to="physio"),
    # housing
    "Visited - {m} present with {c}.": N(c="seen"),
    # substance misuse
    "Assessment appt with {m}: alcohol daily": N(names="mgm"),
    "Breathalyser 0.00.": N(names="mgm"),
    "Discharged from service due to non-engagement. GP informed.": N(to="gp"),
    "Email to SW with test results.": N(to="csc"),
    "Liaison with GP re prescribing.": N(to="gp"),
    "Update emailed to probation": N(to="probation"),
    # probation
    "Supervision: {p} states he is living at his mother's address.": N(names="pgm"),
    "Home visit to {p}'s approved address - his mother present.": N(names="pgm"),
    "DV checks with police": N(to="police"),
    "Safeguarding check with children's services": N(to="csc"),
    "Email to SW re {p}'s risk assessment": N(to="csc"),
    # school
    "{s} not in, mum rang": N(names="mum"),
    "{s} came in without coat, hungry.": N(s="alone"),
    "{s} said 'mum and {p} were shouting all night'.": N(s="alone words", names="mum"),
    "Bruise noted on {s}'s shin, says fell on trampoline.": N(s="alone words"),
    "{c} (nursery class) collected late by {p}": N(c="seen"),
    "Email to SW with attendance figures.": N(to="csc"),
    "Info requested by HV about {c}; shared with consent.": N(to="hv"),
    "{s} disclosed that {p} 'grabbed her arm'": N(s="alone words", to="csc"),
    "{s} wearing same clothes all week": N(s="alone"),
    "Staff noticed {s} hiding food": N(s="alone"),
    "{s} upset in class, said she doesn't want to go home": N(s="alone words"),
    "{c} (nursery) has scratch on cheek": N(c="seen"),
    "Call to HV re {c} (nursery)": N(to="hv"),
    "Records transferred to SW on request.": N(to="csc"),
    "Referral to school nurse": N(to="hv"),
    "Early Help referral made": N(to="early_help"),
    # ambulance
    "Child fell down stairs at home. Crew assessed": N(c="seen"),
    "Female found collapsed in kitchen by 10 yr old daughter": N(names="sib"),
    "Call from mum - child with breathing difficulty.": N(c="seen", names="mum"),
}


def note_of(template: str) -> Note:
    """The note of the template ``template`` (an empty note if it has none)."""
    for key, note in NOTES.items():
        if template.startswith(key):
            return note
    return Note()
