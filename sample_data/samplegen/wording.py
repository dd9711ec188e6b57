# ruff: noqa: E501  (wording tables: one template a line reads best)
"""How each agency words each kind of event.

Every kind of true event has, per agency that records it, a few ways of
writing it: (event_type, the agency's own contact type, description, outcome).
``[[a|b|c]]`` picks one alternative; ``{M}`` and friends are the review's
agreed names. Agencies abbreviate (SW, HV, DA, ED, strat, CP conf, WNB, DNA,
NFA), paraphrase and now and then misspell, as real chronologies do.
"""

from __future__ import annotations

import random
import re

# kind -> agency -> [(event_type, contact type, description, outcome)]
# fmt: off
T: dict[str, dict[str, list[tuple[str, ...]]]] = {
    "antenatal": {
        "midwifery": [
            ("health_contact", "Antenatal appointment", "Antenatal check at [[Fenbridge Community Hub|the surgery|home]]. {M} [[well|tired but well|reports poor sleep]]. BP and urine NAD, fundal height on track. Asked about DA in private - [[denied|no concerns disclosed|not asked as {P} present]].", "Next appointment booked"),
            ("health_contact", "Antenatal", "AN contact. {M} [[attended alone|attended with {P}|attended with {G}]]. Foetal movements felt. [[Discussed infant feeding|Discussed safe sleep|Mood discussed, low at times]].", ""),
        ],
        "gp": [
            ("gp_consultation", "Face to face", "{M} seen: [[pregnancy related back pain|heartburn in pregnancy|anxiety in pregnancy]]. Advice given.", ""),
        ],
    },
    "perinatal_referral": {
        "gp": [
            ("referral_other", "Referral", "{M} disclosed low mood and poor sleep in pregnancy, PHQ-9 score 14. Referral to perinatal mental health team.", "Referral sent"),
        ],
    },
    "amh_assessment": {
        "amh": [
            ("mental_health", "Assessment", "Perinatal MH assessment of {M}. History of depression since teens, previous overdose at 17. Lives with {P} and {S}. Plan: fortnightly [[CPN|care coordinator]] contact.", ""),
        ],
    },
    "birth": {
        "midwifery": [
            ("birth", "Delivery", "<seen>{C} born by [[SVD|normal delivery]] at Fenbridge General, weight [[3.1|3.2|2.9]]kg. {P} present. {M} well.", "Postnatal care on ward"),
        ],
        "hospital": [
            ("birth", "Maternity", "<seen>Birth of {C} on delivery suite. Baby well, Apgars 9/10.", "Transferred to postnatal ward"),
        ],
    },
    "birth_notification": {
        "hv": [
            ("information_sharing", "Birth notification", "Birth notification received for {C}. New birth visit to be booked.", ""),
        ],
    },
    "pn_visit": {
        "midwifery": [
            ("home_visit", "Postnatal visit", "<seen>Postnatal home visit. [[Baby feeding well|Baby feeding 3 hourly, weight loss within normal range|Jaundice noted, mild]]. {M} [[tearful|well|tired]]. Home [[cluttered|clean and tidy|very cold]].", ""),
            ("home_visit", "PN HV", "PN home visit day [[3|5|10]]. Safe sleep advice reinforced, [[Moses basket seen|<seen>baby sleeping in {M}'s bed - advised]].", ""),
        ],
    },
    "pn_discharge": {
        "midwifery": [
            ("information_sharing", "Transfer of care", "Discharged from midwifery care. Handover to health visiting team, mood and housing flagged.", "Handover sent to HV"),
        ],
    },
    "new_birth": {
        "hv": [
            ("health_contact", "New birth review", "<seen>New birth review completed at home. {C} feeding well. {M} scored 12 on EPDS - advised to see GP. {P} present throughout [[and answered for {M}|]].", "Universal plus"),
        ],
    },
    "six_week_mother": {
        "gp": [
            ("gp_consultation", "Postnatal check", "{M} 6 week postnatal check. Mood low, [[continues|restarted]] sertraline 50mg. Contraception discussed.", "Review 4 weeks"),
        ],
    },
    "six_week_child": {
        "gp": [
            ("gp_consultation", "Baby check", "<seen>{C} 6-8 week baby check: hips, heart, eyes NAD. 1st imms given.", "2nd imms booked"),
        ],
    },
    "ed_mother": {
        "hospital": [
            ("ed_attendance", "ED", "{M} attended ED with swollen right wrist, says she fell on the stairs. X-ray: no fracture. Triage note: quiet, reluctant to say more. Not asked about DA.", "Discharged, analgesia"),
        ],
    },
    "bruise": {
        "hv": [
            ("injury", "Home visit", "<seen>HV home visit. 1cm bluish bruise seen on {C}'s left cheek. {M} unable to explain, said {S} may have [[poked|knocked]] her. {C} not yet rolling.", "Referred to MASH same day"),
        ],
    },
    "hv_referral": {
        "hv": [
            ("referral_csc", "Referral", "Referral made to MASH by telephone and written follow-up re bruise to non-mobile baby.", "Awaiting outcome"),
        ],
        "csc": [
            ("referral_csc", "Contact", "Contact from HV: bruise to left cheek of {C} (non-mobile, approx 4 months). Unexplained.", "Progress to strategy discussion"),
        ],
    },
    "strategy": {
        "csc": [
            ("strategy_discussion", "Strategy discussion", "Strategy discussion held. Present: SW, [[DS|DC]] (police), {H}. Threshold for s47 met; [[single agency|joint]] enquiry agreed.", "S47 enquiry"),
            ("strategy_discussion", "Strategy meeting", "Strat meeting (SW, police, {H}). Agreed s47 enquiries, CP medical to be arranged.", "S47 enquiry"),
        ],
        "police": [
            ("strategy_discussion", "Strategy", "Strategy discussion with CSC and health. Joint investigation agreed[[| - officer to visit with SW]].", "Crime report raised"),
            ("strategy_discussion", "Strat", "Strat disscussion attended by DC. Agreed CSC lead s47, police to carry out checks.", "Checks completed"),
        ],
        "hospital": [
            ("strategy_discussion", "Paediatrics", "Named nurse attended strategy discussion by telephone. CP medical offered.", ""),
        ],
        "hv": [
            ("strategy_discussion", "Strategy discussion", "HV attended strategy discussion by phone. Shared health history and recent contacts.", ""),
        ],
        "school": [
            ("strategy_discussion", "Meeting", "DSL joined strategy meeting by Teams. Shared {S}'s attendance and recent disclosures.", ""),
        ],
    },
    "cp_medical": {
        "hospital": [
            ("cp_medical", "CP medical", "<seen>Child protection medical of {C} by consultant paediatrician. Bruise [[consistent with|possibly consistent with]] a grip mark; skeletal survey [[normal|clear]].", "Report to CSC"),
        ],
        "csc": [
            ("cp_medical", "CP medical", "<seen>CP medical completed at Fenbridge General: bruise could not be explained by the account given. Skeletal survey clear.", ""),
        ],
    },
    "s47": {
        "csc": [
            ("s47_enquiry", "S47 enquiry", "<seen>Section 47 enquiry started. {C} and {S} seen[[| alone ({S})]]. {M} and {P} spoken to.", "ICPC to be considered"),
        ],
    },
    "assessment": {
        "csc": [
            ("assessment", "Assessment", "Child and family assessment [[started|completed|authorised by TM]].", "[[CIN plan|Step down to early help|NFA]]"),
            ("assessment", "Single assessment", "Single assessment [[opened|concluded]]: concerns about {M}'s mood, DA and home conditions.", ""),
        ],
    },
    "cin_meeting": {
        "csc": [
            ("cin_meeting", "CIN meeting", "CIN meeting held at home. [[Progress on plan slow|Home conditions improved|{P} did not attend]].", "Plan reviewed"),
        ],
        "hv": [
            ("cin_meeting", "Meeting", "HV attended CIN review. Growth on 25th centile, development on track.", ""),
        ],
        "school": [
            ("cin_meeting", "Meeting", "DSL attended CIN meeting for {S}. Attendance [[91|88|86]]%.", ""),
        ],
    },
    "sw_visit": {
        "csc": [
            ("home_visit", "Home visit", "<seen>[[Announced|Unannounced]] home visit by SW. {C} seen [[in cot|on {M}'s lap|asleep]]. {M} [[presented well|appeared low|was tired]]. [[Home conditions adequate|Kitchen dirty, no food in fridge|Smell of cannabis noted]].", ""),
            ("home_visit", "Statutory visit", "SW visit. {S} seen [[alone in bedroom|with {M}]]. Said things are '[[ok|fine|a bit shouty]]' at home.", ""),
        ],
    },
    "hv_visit": {
        "hv": [
            ("home_visit", "Home visit", "<seen>HV home visit. {C} weighed: {kg}kg. [[{advice}|Safe sleep reinforced|Home safety advice]]. {M} [[engaged well|seemed distracted|said {P} was at work]].", ""),
            ("home_visit", "Targeted HV", "Targeted home visit. [[No concerns noted|Home cluttered, smoke alarm not working - referred to fire service|<seen>{C} had nappy rash, advice given]].", ""),
        ],
    },
    "joint_visit": {
        "csc": [
            ("home_visit", "Joint visit", "<seen>Joint home visit with HV (health visitor). {C} observed [[playing|feeding]], [[no marks seen|no injuries seen]]. Discussed safety plan with {M}.", ""),
        ],
        "hv": [
            ("home_visit", "Joint visit", "<seen>Joint HV with SW. Development checked, {C} [[babbling|sitting with support|pulling to stand]]. {M} agreed to attend clinic.", ""),
        ],
    },
    "da_incident": {
        "police": [
            ("domestic_abuse", "Domestic incident", "DA incident. Call from {M} reporting {P} [[pushed her into a door frame|grabbed her by the throat|threw a mug at her]] during an argument about money. {C} present [[in pram|in cot upstairs]]. {P} left before police arrival. DASH: [[medium|high]].", "PPN to follow"),
            ("domestic_abuse", "Domestic", "Domestic incident at home address. Neighbour reported shouting and a child screaming. {M} had redness to neck, declined to make a statement. DASH [[medium|standard]].", "Crime recorded, suspect circulated"),
        ],
        "gp": [
            ("domestic_abuse", "Information received", "Information from MASH: DA incident at home, police attended. [[Read coded|Added to records]].", ""),
        ],
        "idva": [
            ("domestic_abuse", "Incident", "Police DA incident reported to service: {P} assaulted {M} at home, children present.", ""),
        ],
    },
    "callout": {
        "police": [
            ("police_incident", "Concern for welfare", "Concern for welfare call from neighbour at no. [[14|16|9]]: shouting and baby crying. Officers attended, all occupants safe, words only.", "No offences, NFA"),
            ("police_incident", "ASB", "ASB report: [[loud music|youths gathering|fireworks]] outside address. Attended, advice given.", "NFA"),
            ("police_incident", "Concern for welfare", "<seen>CFW: {M} not answering phone, {G} worried. Attended, {M} and children safe and well.", "Closed"),
            ("police_incident", "Crime report", "{M} reported [[her phone stolen|damage to her car|a window smashed at the address]]. [[No suspects|Enquiries made, no CCTV]].", "Filed"),
            ("police_incident", "Stop search", "{P} stopped and searched in town centre: [[small amount of cannabis found, community resolution|nothing found]].", "", "P"),
            ("missing_episode", "Missing person", "{M} reported {S} missing after he did not come home from the park. Found 40 minutes later at a friend's house.", "Return interview offered", "S"),
        ],
    },
    "cfw": {
        "police": [
            ("police_incident", "Concern for welfare", "Concern for welfare call from neighbour: [[shouting|banging]] and a baby crying at the address. Officers attended, all occupants safe, words only.", "No offences, NFA"),
        ],
    },
    "ppn": {
        "police": [
            ("referral_csc", "PPN", "PPN submitted to MASH re DA incident; {C} and {S} [[present|in the house]].", "Notification sent"),
        ],
        "csc": [
            ("referral_csc", "Contact", "Contact received from police (PPN) re DA incident at home. [[Information shared with HV and school|MASH checks completed]].", "[[Refer to assessment team|NFA - information only]]"),
            ("referral_csc", "Police notification", "Police notification: DA between {M} and {P}. Children present.", "MASH screening"),
        ],
    },
    "da_notice": {
        "hv": [
            ("information_sharing", "Notification", "MASH notification received of DA incident at home on {ref}. [[Flag added to records|To discuss at next contact]].", ""),
        ],
        "school": [
            ("information_sharing", "Police notification", "Call from police (next-day school notification) about a DA incident at {S}'s home on {ref}. Class teacher informed.", ""),
        ],
    },
    "arrest": {
        "police": [
            ("criminal_justice", "Custody", "{P} arrested for assault on {M} and taken into custody. Interviewed, [[charged|released under investigation]].", "[[Bail conditions: not to contact {M}|RUI]]"),
        ],
    },
    "court": {
        "police": [
            ("criminal_justice", "Court", "{P} appeared at Fenbridge Magistrates. [[Pleaded not guilty, trial date set|Case adjourned|Fined and restraining order made]].", ""),
        ],
    },
    "case_closure": {
        "csc": [
            ("case_closure", "Closure", "Case closed to CSC. [[Stepped down to early help|NFA, no further role for CSC|CIN plan ended]].", "Closed"),
        ],
    },
    "school_referral": {
        "school": [
            ("referral_csc", "Referral", "{S} told class teacher '{P} hit mum and she cried'. Referral made to MASH by DSL.", "Referral sent"),
        ],
        "csc": [
            ("referral_csc", "Contact", "Contact from Brookfield Primary: {S} disclosed DA at home. Progress to strategy.", ""),
        ],
    },
    "school_referral_late": {
        "school": [
            ("referral_csc", "Referral", "{S} came to school hungry and unwashed for the [[third|fourth]] day; said there was no food at home. Referral emailed to MASH.", "Referral sent"),
        ],
        "csc": [
            ("referral_csc", "Contact", "Referral from school received (emailed [[last week|on {ref}]]): {S} hungry and unkempt. Not actioned earlier due to inbox issue.", "Allocate for assessment"),
        ],
    },
    "gp_referral": {
        "gp": [
            ("referral_csc", "Referral", "{M} disclosed {P} controls money and checks her phone. Referral to CSC made with consent.", "Referral sent"),
        ],
        "csc": [
            ("referral_csc", "Contact", "Contact received from GP re coercive control by {P}. Consent given.", "Assessment"),
        ],
    },
    "conference": {
        "csc": [
            ("cp_conference", "ICPC", "Initial child protection conference. {C} and {S} made subject of CP plans under [[neglect|emotional abuse]].", "CP plan"),
            ("cp_conference", "RCPC", "Review CP conference. Plans [[ended, step down to CIN|continue]].", ""),
        ],
        "police": [
            ("cp_conference", "Conference", "CP conf attended by PPU officer. Police information shared.", ""),
        ],
        "hv": [
            ("cp_conference", "Conference", "HV attended CP conference and submitted report.", "Core group member"),
        ],
        "gp": [
            ("cp_conference", "Conference", "Report sent to child protection conference; GP unable to attend.", ""),
        ],
        "school": [
            ("cp_conference", "Conference", "DSL attended CP conference for {S}.", ""),
        ],
    },
    "core_group": {
        "csc": [
            ("core_group", "Core group", "Core group meeting. [[Actions reviewed|Progress mixed]]; {M} [[attended|did not attend]].", ""),
        ],
        "hv": [
            ("core_group", "Core group", "Attended core group. Reported [[weight gain|missed clinic]].", ""),
        ],
        "school": [
            ("core_group", "Meeting", "Core group: school reported {S}'s attendance and punctuality.", ""),
        ],
    },
    "wnb_hospital": {
        "hospital": [
            ("was_not_brought", "Outpatients", "{C} WNB to paediatric outpatient clinic ([[reflux|weight|hip]] review). Letter to GP and HV.", "New appointment sent"),
        ],
    },
    "wnb_hv": {
        "hv": [
            ("was_not_brought", "Clinic", "{C} not brought to [[development review|clinic]]. WNB. Telephoned {M}, no answer.", "Re-offer"),
        ],
    },
    "wnb_gp": {
        "gp": [
            ("was_not_brought", "Immunisation", "{C} DNA [[12 month|pre-school booster|1 year]] immunisation appointment. WNB letter sent.", ""),
        ],
    },
    "marac_referral": {
        "police": [
            ("marac", "MARAC", "MARAC referral submitted (DASH high risk).", ""),
        ],
        "idva": [
            ("marac", "Referral", "MARAC referral received from police. Case allocated to IDVA.", "IDVA allocated"),
        ],
    },
    "marac_repeat": {
        "idva": [
            ("marac", "Referral", "Repeat MARAC referral made by IDVA after further incident.", "Listed for next MARAC"),
        ],
    },
    "marac_meeting": {
        "idva": [
            ("marac", "MARAC", "Case heard at MARAC. Actions: target hardening, flag on address.", ""),
        ],
        "police": [
            ("marac", "MARAC", "MARAC meeting: police actions agreed (marker on address).", ""),
        ],
        "csc": [
            ("marac", "MARAC", "SW attended MARAC.", ""),
        ],
        "hv": [
            ("marac", "MARAC", "MARAC information shared with HV; flag added to records.", ""),
        ],
    },
    "idva_contact": {
        "idva": [
            ("other", "Telephone", "Support call to {M}. Safety plan reviewed. [[{M} says {P} has moved out|{M} unsure about staying with {P}|{M} did not want to talk]].", ""),
            ("other", "Face to face", "IDVA met {M} at [[Fenbridge Library|the children's centre|home]]. [[DA recovery course discussed|Non-molestation order explained|Housing options discussed]].", ""),
        ],
    },
    "school_injury": {
        "school": [
            ("injury", "Injury", "{S} arrived with bruise to upper arm. Said he fell off the trampoline. Body map completed.", "Logged, parent informed"),
        ],
    },
    "head_injury": {
        "hospital": [
            ("ed_attendance", "ED", "<seen>{C} brought to ED by ambulance, drowsy, boggy swelling to right parietal area. {M}'s account: fell from sofa. CT: skull fracture.", "Admitted to paediatric ward"),
        ],
        "police": [
            ("police_incident", "Call from hospital", "Call from hospital re unexplained head injury to {C}. Officers attended ward.", "Investigation opened"),
        ],
    },
    "hospital_referral": {
        "hospital": [
            ("referral_csc", "Referral", "Referral to CSC: unexplained skull fracture in {C}.", ""),
        ],
        "csc": [
            ("referral_csc", "Contact", "<seen>Contact from hospital: {C} admitted with skull fracture, account not consistent.", "Strategy discussion"),
        ],
    },
    "admission": {
        "hospital": [
            ("hospital_admission", "Ward", "<seen>{C} admitted to paediatric ward for observation. Skeletal survey [[booked|completed]].", ""),
        ],
    },
    "police_protection": {
        "police": [
            ("looked_after", "PPO", "Police protection powers used for {C} and {S}. Placed with {G}.", ""),
        ],
        "csc": [
            ("looked_after", "Police protection", "{C} and {S} placed with {G} under police protection. Legal planning meeting arranged.", ""),
        ],
    },
    "ed_sibling": {
        "hospital": [
            ("ed_attendance", "ED", "{S} attended ED with {M}: [[wheeze|asthma attack]], nebulised. [[Safeguarding checks done, no concerns|No concerns]].", "Discharged to GP"),
        ],
        "gp": [
            ("ed_attendance", "A&E letter", "A&E discharge letter: {S} seen with asthma exacerbation, [[steroids given|salbutamol inhaler issued]].", ""),
        ],
    },
    "ed_child": {
        "hospital": [
            ("ed_attendance", "ED", "<seen>{C} brought to ED by {M} with [[fever|vomiting|a rash|a cough]]. Examined, [[viral illness|no serious cause found]]. Safeguarding questions: no concerns.", "Discharged with advice"),
        ],
        "gp": [
            ("ed_attendance", "A&E letter", "<seen>ED discharge summary: {C} seen with [[fever|vomiting|rash]], discharged home.", ""),
        ],
    },
    "outpatient": {
        "hospital": [
            ("outpatient", "Outpatients", "<seen>{C} seen in paediatric clinic with {M}: [[reflux|weight|hip click]] review. [[Improving|Stable|Discharged]].", ""),
        ],
    },
    "gp_mother": {
        "gp": [
            ("gp_consultation", "Face to face", "{M} seen: [[low mood|insomnia|back pain|anxiety]]. [[Sertraline continued|Sertraline increased to 100mg|Signposted to talking therapies]].", ""),
            ("gp_consultation", "Telephone", "Tel consultation with {M}: [[medication review|fit note|headaches]].", ""),
        ],
    },
    "gp_child": {
        "gp": [
            ("gp_consultation", "Face to face", "<seen>{C} seen with {M}: [[nappy rash|cough and cold|vomiting|eczema]]. [[Advice given|Emollient prescribed|Safety netting advice]].", ""),
        ],
    },
    "gp_sibling": {
        "gp": [
            ("gp_consultation", "Face to face", "{S} seen with {M}: [[ear infection|asthma review|headlice|tummy ache]].", ""),
        ],
    },
    "gp_letter": {
        "gp": [
            ("information_sharing", "Letter", "Letter received from [[CSC re assessment|health visitor re weight|perinatal MH team|paediatric clinic]]. Scanned to records.", ""),
        ],
    },
    "imms": {
        "gp": [
            ("gp_consultation", "Immunisation", "<seen>{C} [[2nd|3rd]] primary imms given by practice nurse.", ""),
        ],
    },
    "csc_info": {
        "csc": [
            ("information_sharing", "Telephone", "Telephone call [[to HV|from school|to GP surgery|from IDVA]] for update. [[No new concerns|Concerns about {M}'s mood|School report {S} tired]].", ""),
            ("information_sharing", "Email", "Email [[from housing re rent arrears|to police requesting checks|from school with attendance data]].", ""),
            ("other", "Management oversight", "Management oversight by TM: [[continue plan|visit frequency to increase|consider PLO]].", ""),
        ],
    },
    "liaison_hv": {
        "csc": [
            ("information_sharing", "Telephone", "Call to HV for update. [[Weight gain good|Missed clinic last week|{M} engaging better]].", ""),
        ],
        "hv": [
            ("information_sharing", "Liaison", "[[Telephone call from SW|SW rang]] for update; shared [[recent weights|clinic attendance|EPDS score]].", ""),
        ],
    },
    "liaison_school": {
        "csc": [
            ("information_sharing", "Telephone", "Call to school (DSL) re {S}. [[Attendance improving|{S} seems settled|Late most mornings]].", ""),
        ],
        "school": [
            ("information_sharing", "Communication", "SW phoned for update on {S}; DSL shared [[attendance|behaviour log|recent concerns]].", ""),
        ],
    },
    "liaison_gp": {
        "csc": [
            ("information_sharing", "Email", "Email to GP requesting health information for assessment.", ""),
        ],
        "gp": [
            ("information_sharing", "Request", "Request from CSC for information; summary of {M}'s and children's records sent.", ""),
        ],
    },
    "csc_no_access": {
        "csc": [
            ("no_access", "No access", "Unannounced visit, no answer at the door. Card left.", ""),
        ],
    },
    "hv_clinic": {
        "hv": [
            ("health_contact", "Clinic", "<seen>{C} seen in baby clinic with {M}. Weight [[gain good|static|on 9th centile]].", ""),
            ("health_contact", "Telephone", "Telephone contact with {M}. [[Sleep advice|Feeding advice|Mood check, EPDS offered]].", ""),
            ("health_contact", "Development review", "<seen>{review}. {C} [[on track|slight delay in gross motor]].", ""),
        ],
    },
    "hv_no_access": {
        "hv": [
            ("no_access", "No access", "Planned home visit, no access. Card left asking {M} to call.", "Re-arrange"),
        ],
    },
    "hv_info": {
        "hv": [
            ("information_sharing", "Liaison", "Liaison [[with GP re EPDS score|with SW|with nursery nurse]].", ""),
        ],
    },
    "school_attendance": {
        "school": [
            ("education_attendance", "Attendance", "{S} [[absent|late|absent, no reason given|late, arrived 9.40]]. [[First day call made|Mum said he was poorly]].", ""),
            ("education_attendance", "Attendance", "Attendance meeting with {M}: {S} at [[87|84|89]]%.", "Monitoring"),
        ],
    },
    "school_concern": {
        "school": [
            ("education_concern", "Welfare concern", "{S} [[tired in class|upset at drop-off|uniform unwashed|said he was hungry]]. Logged on the safeguarding log.", "Monitor"),
        ],
    },
    "school_info": {
        "school": [
            ("information_sharing", "Communication", "[[Phone call to SW|Email to SW|Update from SW]] re {S}.", ""),
        ],
    },
    "term_summary": {
        "school": [
            ("education_attendance", "Attendance summary", "Attendance for the term: {S} [[86|88|91]]%, [[7|9|12]] lates.", ""),
        ],
    },
    "amh_appt": {
        "amh": [
            ("mental_health", "Appointment", "CPN appointment with {M}. [[Mood improving|Mood low, passive thoughts of self-harm, no plan|Anxious about CSC involvement]].", ""),
            ("mental_health", "Telephone", "Telephone review with {M}. [[Medication adherence discussed|Sleep poor]].", ""),
        ],
    },
    "amh_summary": {
        "amh": [
            ("mental_health", "History", "{M} reports relapse in low mood [[after {P} moved back in|around this time|following the CSC assessment]].", ""),
            ("mental_health", "History", "{M} [[stopped taking sertraline|had a short period of improved mood]] (as reported by {M} later).", ""),
            ("referral_other", "History", "{M} self-referred to talking therapies (as reported by {M} later).", ""),
        ],
    },
    "housing_contact": {
        "housing": [
            ("housing", "Tenancy", "[[Repairs request: damp in bedroom|Rent arrears letter sent|Tenancy visit completed|Complaint from neighbour about noise]].", ""),
            ("housing", "Tenancy", "Housing officer call with {M} about [[arrears|repairs|a transfer request]].", ""),
        ],
    },
    "housing_summary": {
        "housing": [
            ("housing", "Tenancy", "[[Rent arrears accrued|Repeated repairs reports about damp|Transfer application on hold]].", ""),
            ("household_change", "Household", "[[{P} moved into the property|{P} understood to be staying most nights|{G} staying to help with the children]] (not reported to housing at the time).", ""),
        ],
    },
}
# fmt: on

MISSPELL = {
    "received": "recieved",
    "separate": "seperate",
    "attended": "attneded",
    "immediately": "immediatly",
    "appointment": "appointmnet",
    "concerns": "concerens",
    "discussed": "dicussed",
}
_CHOICE = re.compile(r"\[\[(.*?)\]\]")
# What a template (or one of its alternatives) says of Child A, for truth.csv:
# <seen> (a practitioner saw the child, as the entry records it), <alone>
# (seen or spoken to alone), <spoken> (spoken to), <words> (the child's own
# words). Marks are taken out of the text before anything else is done to it.
_MARK = re.compile(r"<(seen|alone|spoken|words)>")
CHILD_MARKS = ("seen", "alone", "spoken", "words")


def agencies_for(kind: str) -> list[str]:
    return list(T[kind])


def render(
    kind: str, agency: str, rng: random.Random, names: dict[str, str], **extra: str
) -> tuple[str, str, str, str, str]:
    """(event_type, contact type, description, outcome, person key, child
    marks) for one record; the person key ("P", "S", ...) is "" when the kind
    decides; the marks (space-separated CHILD_MARKS) say what it records of
    Child A."""
    event_type, ctype, text, outcome, *who = rng.choice(T[kind][agency])
    fields = {**names, **extra}
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    outcome = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), outcome)
    text, child = _MARK.sub("", text), " ".join(sorted(set(_MARK.findall(text))))
    text = text.format(**fields).replace("  ", " ").strip()
    outcome = outcome.format(**fields)
    if rng.random() < 0.04:
        for right, wrong in MISSPELL.items():
            if right in text:
                text = text.replace(right, wrong, 1)
                break
    return event_type, ctype, text, outcome, (who[0] if who else ""), child
