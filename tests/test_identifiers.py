"""Identifying details in free text: each finder on what it must and must not
report, the Modulus 11 check, and the names check against agreed names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronomerge.identifiers import (
    NameFinder,
    find_dates_of_birth,
    find_emails,
    find_identifiers,
    find_nhs_numbers,
    find_ni_numbers,
    find_phone_numbers,
    find_postcodes,
    first_names,
    nhs_checksum_ok,
)


def _check_digit(nine: str) -> int:
    """The Modulus 11 check digit, written out independently of the module."""
    total = 0
    for position, digit in enumerate(nine):
        total += int(digit) * (10 - position)
    remainder = total % 11
    return 0 if remainder == 0 else 11 - remainder  # 10 means "no valid number"


@settings(deadline=None)  # a busy machine must not fail it
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_modulus_11_accepts_exactly_the_right_check_digit(nine):
    check = _check_digit(nine)
    for last in range(10):
        assert nhs_checksum_ok(nine + str(last)) == (last == check)


@pytest.mark.parametrize("value", ["943476591", "94347659190", "94347a5919", ""])
def test_modulus_11_needs_ten_digits(value):
    assert not nhs_checksum_ok(value)


def _valid(nine: str) -> str:
    check = _check_digit(nine)
    assert check != 10
    return nine + str(check)


NHS_VALID = _valid("401023213")  # starts with 4, as England and Wales issue
NHS_VALID_OTHER = _valid("123456782")  # passes the check, starts with 1
NHS_INVALID = NHS_VALID[:9] + str((int(NHS_VALID[9]) + 1) % 10)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"NHS no: {NHS_VALID[:3]} {NHS_VALID[3:6]} {NHS_VALID[6:]}", True),
        (f"NHS number {NHS_INVALID}", True),  # the words say so: reported anyway
        (f"nhs no. {NHS_INVALID[:3]}-{NHS_INVALID[3:6]}-{NHS_INVALID[6:]}", True),
        (f"Seen; {NHS_VALID_OTHER[:3]} {NHS_VALID_OTHER[3:6]} {NHS_VALID_OTHER[6:]}",
         True),  # 3-3-4 and passes the check
        (f"Number on file {NHS_VALID}", True),  # bare, issued range, passes
        (f"Number on file {NHS_VALID_OTHER}", False),  # bare, not an issued range
        (f"Number on file {NHS_INVALID}", False),
        (f"Crime ref {NHS_VALID}", False),
        (f"Log {NHS_VALID[:3]} {NHS_VALID[3:6]} {NHS_VALID[6:]}", False),
        (f"{NHS_VALID}1", False),  # eleven digits
        ("Seen 12/03/2019 at 14:35", False),
    ],
)  # fmt: skip
def test_nhs_numbers(text, found):
    assert bool(find_nhs_numbers(text)) == found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NI number AB 12 34 56 C", "AB 12 34 56 C"),
        ("JT123456A on the form", "JT123456A"),
        ("national insurance no jt123456a", "jt123456a"),
        ("code jt123456a", None),  # small letters, no words saying so
        ("GB123456A", None),  # prefixes never issued
        ("QQ123456C", None),  # Q is never a first letter
        ("AB123456E", None),  # last letter A-D only
    ],
)
def test_ni_numbers(text, value):
    found = find_ni_numbers(text)
    assert [f.value for f in found] == ([value] if value else [])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mum's mobile 07700 900123, rang twice", "07700 900123"),
        ("Tel: 0161 496 0000", "0161 496 0000"),
        ("call (0161) 496 0000 after 5", "(0161) 496 0000"),
        ("+44 7700 900456 (mobile)", "+44 7700 900456"),
        ("NSPCC helpline 0808 800 5000", None),  # freephone: an organisation
        ("Council 0300 123 4567", None),
        ("Seen 12/03/2019 at 0930", None),
        ("Log 0412 of 12/03", None),
        ("ref 0123456789", None),  # ten digits with the 0: too short for the UK
    ],
)
def test_phone_numbers(text, value):
    found = find_phone_numbers(text)
    assert [f.value for f in found] == ([value] if value else [])


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("email jane.doe@example.org or mash@council.gov.uk.",
         ["jane.doe@example.org", "mash@council.gov.uk"]),
        ("Mother's o'neil+1@mail.co.uk", ["o'neil+1@mail.co.uk"]),
        ("meet @ 3pm", []),
        ("no email", []),
    ],
)  # fmt: skip
def test_emails(text, values):
    assert [f.value for f in find_emails(text)] == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("lives at 12 High St, M1 1AE", ["M1 1AE"]),
        ("SW1A 2AA and B12 9QQ", ["SW1A 2AA", "B12 9QQ"]),
        ("moved to the M1 area", []),  # the area alone is not identifying
        ("Year 10 at school", []),
        ("m1 1ae", []),  # written in small letters: not read as a postcode
    ],
)
def test_postcodes(text, values):
    assert [f.value for f in find_postcodes(text)] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("DOB 12/03/2015", "DOB 12/03/2015"),
        ("(D.O.B: 3rd May 2016)", "D.O.B: 3rd May 2016"),
        ("born on 12.03.15 at home", "born on 12.03.15"),
        ("date of birth is 1 March 2014", "date of birth is 1 March 2014"),
        ("Child A born at 39 weeks on 12/03/2015", "born at 39 weeks on 12/03/2015"),
        ("Born March 12, 2015", "Born March 12, 2015"),
        ("Child A born at 39 weeks, weight 3.2kg", None),
        ("Birth plan discussed 12/03/2015", None),
    ],
)
def test_dates_of_birth(text, value):
    found = find_dates_of_birth(text)
    assert [f.value for f in found] == ([value] if value else [])


def test_first_name_list_is_shipped_and_leaves_out_common_words():
    names = first_names()
    assert len(names) > 2000
    for name in ["sarah", "mohammed", "jack", "aoife", "olivia", "agnieszka"]:
        assert name in names
    for word in ["will", "may", "mark", "hope", "summer", "amber", "non"]:
        assert word not in names


AGREED = ["Child A", "Mother", "Ruby Pearce", "Ruby", "Leanne Pearce", "Ms Pearce"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Collected by aunt Shannon Doyle", ["Shannon Doyle"]),
        ("Seen by Emma O'Brien and Tom SMITH", ["Emma O'Brien", "Tom SMITH"]),
        ("Lily-Mae Smith's bruise", ["Lily-Mae Smith"]),
        ("Emma Green visited", ["Emma Green"]),
        ("Ruby Pearce seen in clinic", []),  # an alias in the review file
        ("Leanne attended with Ruby", []),  # single names are not pairs
        ("Victoria Road, Grace Academy, Rose Cottage", []),  # places
        ("Mother and Child A seen", []),
        ("Summer Term report", []),
        ("Will Mother attend?", []),
        ("Dr Patel reviewed", []),  # a title and a surname, no first name
    ],
)
def test_names_not_agreed(text, values):
    assert [f.value for f in NameFinder(AGREED).find(text)] == values


def test_a_pair_is_agreed_when_both_words_belong_to_one_agreed_name():
    finder = NameFinder(["Sarah Louise Jones"])
    assert finder.find("Sarah Jones attended") == []
    assert finder.find("Sarah Louise attended") == []
    assert [f.value for f in finder.find("Sarah Smith attended")] == ["Sarah Smith"]


def test_find_identifiers_orders_and_does_not_double_count():
    text = f"Mother (DOB 07/12/1991) NHS {NHS_VALID}, tel 07700 900123, Sarah Jones"
    found = find_identifiers(text, NameFinder())
    assert [f.code for f in found] == [
        "possible-date-of-birth",
        "possible-nhs-number",
        "possible-phone-number",
        "possible-name",
    ]
    assert find_identifiers(text) == [f for f in found if f.code != "possible-name"]
    assert find_identifiers("Home visit, all well.", NameFinder()) == []
