"""``chronomerge init``: write a commented review.toml ready to edit."""

from __future__ import annotations

from pathlib import Path

from .errors import ChronomergeError

REVIEW_TEMPLATE = """\
# chronomerge review file: the settings for one review.
# Every setting has a default; delete what you do not need.
# Dates are written YYYY-MM-DD. Lines starting with # are comments.

# Names that may appear in entries without a warning (e.g. a place or a team).
allowed_names = []

[review]
name = "{name}"
# Protective marking printed in the header and footer of every output.
marking = "OFFICIAL-SENSITIVE"
# The review period from the Terms of Reference.
# period_start = 2018-04-01
# period_end = 2020-03-31
# The label of the child the review is about (as in [[people]] below).
subject = "Child A"

# The people as the review names them, with the names used for them in the
# agencies' files (aliases are replaced by the label with --pseudonymise).
[[people]]
label = "Child A"
role = "subject child"
# date_of_birth = 2017-06-12
aliases = []

[[people]]
label = "Mother"
role = "mother"
aliases = []
# household = true  (lives with the child; unset: read from role and entries)

# The agencies taking part. kind is one of the kinds in schemas/agencies.toml
# (childrens_social_care, police, gp, health_visiting, midwifery, hospital,
# ambulance, education, early_help, housing, probation, youth_justice,
# adult_mental_health, camhs, substance_misuse, domestic_abuse).
# files: the file names (or patterns such as "police*.xlsx") that are theirs.
# [[agencies]]
# name = "Police"
# kind = "police"
# aliases = ["Constabulary"]
# colour = "#117733"
# files = ["*police*"]

# Fix how one file is read when the automatic reading gets it wrong.
# [[files]]
# match = "GP chronology.csv"
# agency = "GP"
# date_order = "DMY"        # DMY (UK, default), MDY or YMD
# header_row = 3
# columns = {{ "Date seen" = "date", "Entry" = "description" }}

[thresholds]
# A period longer than this many days with no entry is reported as a gap.
gap_days = 28

[linking]
# Score (0 to 1) from which entries of different agencies are linked as one event.
threshold = 0.5
# Days apart that still count as the same day for a linked event.
day_tolerance = 1

# Flag rules: prompts for the panel. Each can be switched off or tuned.
# [flags.repeated_was_not_brought]
# count = 2
# days = 90
# [flags.da_no_referral]
# days = 7
# [flags.referral_not_received]
# days = 7
# [flags.single_agency_knowledge]
# days = 14
# [flags.non_mobile_bruising]
# max_age_months = 6
# [flags.repeated_no_access]
# enabled = false

[limits]
max_file_mb = 200
max_rows = 1000000

# The author's decisions, by entry id (from chronology.csv), kept across runs.
[decisions]
link = []      # e.g. [["E1a2b3c4d5e", "E9f8e7d6c5b"]]
unlink = []    # e.g. [["E1a2b3c4d5e", "E0a1b2c3d4e"]]

# The summary for publication (`chronomerge publish`): the entries to publish
# by entry id, and/or the accepted key practice episodes; dates to the "day"
# or the "month"; local place names to look out for in the published text.
[publish]
entries = []   # e.g. ["E1a2b3c4d5e"]
episodes = "none"
dates = "day"
places = []

# Who the child's experience columns (seen, seen alone, spoken to, the
# child's words) are about: "subject", the review's child; "family", any
# child of the family, for a review of a sibling group. Unset: "subject".
[experience]
# whom = "family"

# Key practice episodes: `chronomerge episodes --write` adds chronomerge's
# proposals here with status = "proposed". Set each to "accepted" or
# "dropped", give it the review's own title, or change its dates to merge or
# split episodes; later merges keep what you decide. For example:
# [[episodes]]
# start = 2019-03-11
# end = 2019-03-29
# title = "Referral by the school, strategy discussion and conference"
# status = "accepted"
"""


def init_review(directory: str | Path, name: str = "Child A LCSPR") -> Path:
    """Write ``review.toml`` in ``directory`` (created if needed).

    Refuses to overwrite an existing review file.

    Example:
        >>> path = init_review("/tmp/my-review")  # doctest: +SKIP
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "review.toml"
    if target.exists():
        raise ChronomergeError(
            f"{target} already exists; edit it, or choose another folder."
        )
    target.write_text(REVIEW_TEMPLATE.format(name=name), encoding="utf-8")
    return target
