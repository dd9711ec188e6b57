"""Links that do not hinge on the event type: two agencies' types for one
occurrence may differ, and still time and text disagreement keep two
occurrences apart; two month-only entries of one occurrence can link."""

from __future__ import annotations

from link_helpers import entry, frame

from chronomerge.link import link_entries
from chronomerge.review import LinkingSettings, ReviewSettings

CSC, POLICE, HV, GP, SCHOOL = (
    "Children's Social Care",
    "Police",
    "Health Visiting",
    "GP",
    "School",
)


def _one_group(result, a, b) -> bool:
    groups = result.event_group
    ids = list(result.event_group.index)
    return groups[ids[a]] == groups[ids[b]]


def test_two_meetings_of_one_day_typed_differently_still_link():
    entries = frame(
        entry(
            CSC,
            "2019-03-12",
            "core_group",
            "Core group meeting held. Plan reviewed; home conditions improved, "
            "attendance still poor.",
        ),
        entry(
            HV,
            "2019-03-12",
            "professionals_meeting",
            "Attended core group. Plan reviewed, home conditions better; "
            "attendance remains a worry.",
        ),
    )
    result = link_entries(entries)
    assert _one_group(result, 0, 1)
    reasons = result.groups.loc[result.groups["size"] == 2, "reasons"].iloc[0]
    assert "a professionals meeting and a core group meeting (often one" in reasons
    # Weighed as before compatibility groups (a listed pair, -1.5 bits
    # against +7 for one type), the types' disagreement vetoed the link.
    old = ReviewSettings(
        linking=LinkingSettings(
            comparisons=[{"name": "event_type", "related_meeting": -1.5}]
        )
    )
    assert not _one_group(link_entries(entries, old), 0, 1)


def test_an_incident_and_its_report_link_though_typed_differently():
    entries = frame(
        entry(
            POLICE,
            "2019-05-20",
            "police_incident",
            "Call to address: Mother and Partner arguing, Mother had a cut lip. "
            "Partner arrested.",
            time="23:10",
        ),
        entry(
            CSC,
            "2019-05-20",
            "domestic_abuse",
            "EDT: domestic abuse at home, Partner arrested by police, Mother "
            "had a cut lip.",
            time="23:40",
        ),
    )
    assert _one_group(link_entries(entries), 0, 1)


def test_two_visits_of_one_day_by_two_agencies_stay_apart():
    entries = frame(
        entry(
            HV,
            "2019-06-04",
            "home_visit",
            "Home visit: Child A weighed 7.1kg, feeding well. Mother tired.",
            time="09:30",
        ),
        entry(
            CSC,
            "2019-06-04",
            "home_visit",
            "Unannounced home visit by SW. Sibling 1 seen in bedroom; "
            "concerns about the state of the kitchen.",
            time="15:45",
        ),
        # The same with one typed differently (a health contact).
        entry(
            HV,
            "2019-07-09",
            "health_contact",
            "Home visit: Child A weighed 7.6kg, immunisations discussed.",
            time="09:00",
        ),
        entry(
            CSC,
            "2019-07-09",
            "home_visit",
            "Announced home visit by SW. Mother presented well; partner not seen.",
            time="16:00",
        ),
    )
    result = link_entries(entries)
    assert not _one_group(result, 0, 1)
    assert not _one_group(result, 2, 3)
    # Time and text disagreement are what count against each pair.
    why = result.explain(entries.entry_id[2], entries.entry_id[3])
    assert "times 420 minutes apart" in why


def _month(agency: str, event_type: str, text: str, month: str = "June 2018"):
    return entry(
        agency,
        month,
        event_type,
        text,
        precision="month",
        start="2018-06-01",
        stop="2018-06-30",
    )


def test_two_month_only_entries_of_one_occurrence_link():
    entries = frame(
        _month(
            CSC,
            "assessment",
            "Child in need assessment started after the school's referral about "
            "neglect.",
        ),
        _month(
            SCHOOL,
            "referral_csc",
            "School referred concerns about neglect to social care; a child in "
            "need assessment was started.",
        ),
    )
    result = link_entries(entries)
    assert _one_group(result, 0, 1)
    why = result.groups.loc[result.groups["size"] == 2, "reasons"].iloc[0]
    assert "one interval ('June 2018' and 'June 2018')" in why
    # One interval needs less alike texts than the review's
    # imprecise_text_similarity asks of other imprecise dates.
    strict = ReviewSettings(linking=LinkingSettings(imprecise_text_similarity=99))
    assert _one_group(link_entries(entries, strict), 0, 1)


def test_a_month_of_routine_contacts_does_not_fuse():
    def routine(count: int):
        return frame(
            *[
                _month(agency, "health_contact", "Mother seen for routine contact.")
                for agency in (GP, HV)
                for _ in range(count)
            ]
        )

    # One entry each on 'June 2018': one interval, identical texts: linked.
    assert (link_entries(routine(1)).groups["size"] == 2).all()
    # Four each: the month is crowded, no pair is more likely than another.
    result = link_entries(routine(4))
    assert (result.groups["size"] == 1).all()
    crowded = routine(4)
    why = link_entries(crowded).explain(crowded.entry_id[0], crowded.entry_id[4])
    assert why.startswith("dates overlap")


def test_the_only_entries_of_two_agencies_on_one_month_link_on_agreeing_words():
    """Each agency has one entry dated 'June 2018' and both tell of one move
    in their own words and types: each is the other's only candidate."""
    move = [
        _month(
            GP,
            "household_change",
            "New address registered: mother and children moved to Orchard Close.",
        ),
        _month(
            CSC,
            "other",
            "Mother says she and the children moved to Orchard Close this month.",
        ),
    ]
    result = link_entries(frame(*move))
    assert _one_group(result, 0, 1)
    why = result.groups.loc[result.groups["size"] == 2, "reasons"].iloc[0]
    assert "one interval ('June 2018' and 'June 2018')" in why
    assert "both mention 'children', 'close', 'mother', 'moved'" in why
    # Weighed as a crowded month is (one interval counted against), the
    # pair stays apart.
    old = ReviewSettings(
        linking=LinkingSettings(comparisons=[{"name": "date", "same_interval": -1.5}])
    )
    assert not _one_group(link_entries(frame(*move), old), 0, 1)
    # A second entry of social care on that month: neither is its agency's
    # only one, so the pair needs the close texts of other imprecise dates.
    second = _month(CSC, "home_visit", "Home visit, children seen at Orchard Close.")
    crowded = link_entries(frame(*move, second))
    assert not _one_group(crowded, 0, 1)
