"""An agency's colour comes from its kind, decided by the same rule ingest uses."""

from __future__ import annotations

import pandas as pd

from chronomerge.agencies import AgencyResolver
from chronomerge.export.style import agency_styles
from chronomerge.resources import load_toml
from chronomerge.review import Agency, ReviewSettings


def test_an_agency_with_no_kind_is_coloured_by_the_kind_its_name_gives():
    kinds = load_toml("agencies.toml")["kinds"]
    review = ReviewSettings(agencies=[Agency(name="Riverside Hub", kind="education")])
    entries = pd.DataFrame(
        {
            "agency": ["Riverside Constabulary", "Riverside Hub", "Elm Court"],
            "agency_kind": ["", "", ""],
        }
    )
    styles = agency_styles(entries, review)
    resolver = AgencyResolver(review)
    assert resolver.named("Riverside Constabulary")[1] == "police"
    police = kinds["police"]["colour"].lstrip("#").upper()
    assert styles["Riverside Constabulary"].colour == police
    school = kinds["education"]["colour"].lstrip("#").upper()
    assert styles["Riverside Hub"].colour == school
    assert styles["Elm Court"].colour == kinds["other"]["colour"].lstrip("#").upper()
