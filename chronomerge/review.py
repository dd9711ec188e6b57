"""The review file (review.toml): the period, people, agencies, thresholds and
the author's decisions. Every setting has a default, so a folder of files
alone is enough to merge.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .comparison_rules import check_comparisons
from .errors import ReviewFileError, SettingError
from .flag_rules import check_flags, flag_rules, flags_json_schema

DateOrder = Literal["DMY", "MDY", "YMD"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReviewInfo(_Strict):
    """Who and when: from the Terms of Reference."""

    name: str = Field("Untitled review", description="The review's name.")
    marking: str = Field(
        "OFFICIAL-SENSITIVE", description="Protective marking printed on outputs."
    )
    period_start: dt.date | None = Field(
        None, description="First day of the review period (Terms of Reference)."
    )
    period_end: dt.date | None = Field(
        None, description="Last day of the review period."
    )
    subject: str = Field(
        "Child A", description="Label of the child the review is about."
    )

    @model_validator(mode="after")
    def _period_in_order(self) -> ReviewInfo:
        if (
            self.period_start
            and self.period_end
            and self.period_start > self.period_end
        ):
            raise ValueError("period_start is after period_end")
        return self


class Person(_Strict):
    """A person as the review names them (pseudonym) and the names they go by."""

    label: str = Field(description="The agreed name, e.g. 'Child A' or 'Mother'.")
    role: str = Field("", description="Relationship to the child.")
    date_of_birth: dt.date | None = Field(None, description="Date of birth.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Real names and other names used in the files (replaced when "
        "pseudonymising).",
    )
    household: bool | None = Field(
        None,
        description="Whether the person lives in the child's household (for the "
        "prompt on adults known to some services only); unset: read from their "
        "role and what the entries say.",
    )


class Agency(_Strict):
    """An agency taking part, the names it goes by and the files that are its."""

    name: str = Field(description="The agency's name as it appears in outputs.")
    kind: str = Field("", description="A kind from schemas/agencies.toml, e.g. police.")
    aliases: list[str] = Field(default_factory=list, description="Other names.")
    colour: str | None = Field(
        None, pattern=r"^#[0-9A-Fa-f]{6}$", description="Colour as #RRGGBB."
    )
    files: list[str] = Field(
        default_factory=list,
        description="File names or glob patterns (e.g. 'police*.xlsx') that are "
        "this agency's.",
    )
    asked: dt.date | None = Field(
        None, description="The day the agency was asked for its chronology."
    )
    deadline_days: int | None = Field(
        None,
        ge=1,
        le=260,
        description="Working days after 'asked' the agency has to send it "
        "(weekends and England and Wales bank holidays not counted).",
    )
    deadline: dt.date | None = Field(
        None, description="The last day to send it (instead of deadline_days)."
    )

    @model_validator(mode="after")
    def _deadline_is_clear(self) -> Agency:
        if self.deadline is not None and self.deadline_days is not None:
            raise ValueError(
                "give either deadline (a date) or deadline_days (working days "
                "after asked), not both"
            )
        if self.deadline_days is not None and self.asked is None:
            raise ValueError(
                "deadline_days counts from the day the agency was asked: add asked"
            )
        if self.deadline and self.asked and self.deadline < self.asked:
            raise ValueError("deadline is before asked")
        return self


class FileOverride(_Strict):
    """Settings for one input file that the automatic reading gets wrong."""

    match: str = Field(description="File name or glob pattern.")
    agency: str | None = Field(None, description="The agency the file belongs to.")
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Heading as written -> canonical column (date, time, "
        "description, agency_type, outcome, analysis, ...).",
    )
    date_order: DateOrder = Field("DMY", description="Order of numeric dates.")
    header_row: int | None = Field(
        None, ge=1, description="Row number of the header, when it is not found."
    )
    sheets: list[str] = Field(
        default_factory=list, description="Only read these sheets (workbooks)."
    )


class LinkingSettings(_Strict):
    """How entries of different agencies are recognised as one event."""

    threshold: float = Field(
        0.5, ge=0, le=1, description="Score from which two entries are linked."
    )
    day_tolerance: int = Field(
        1, ge=0, le=7, description="Days apart that still count as the same day."
    )
    imprecise_text_similarity: float = Field(
        80,
        ge=0,
        le=100,
        description="Text similarity (0-100) needed to link entries whose dates "
        "are imprecise.",
    )
    imprecise_days: int = Field(
        7,
        ge=1,
        le=366,
        description="A date spanning more days than this (a month, a season, a "
        "term) is imprecise; one spanning fewer (a week, 'w/c') links like an "
        "exact date when it overlaps.",
    )
    same_agency_text_similarity: float = Field(
        95,
        ge=0,
        le=100,
        description="Text similarity (0-100) above which two entries of one "
        "agency may sit in one group.",
    )
    comparisons: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Extra or changed comparisons, each a table with 'name' and "
        "its settings.",
    )
    estimate_weights: bool = Field(
        True,
        description="Estimate the comparisons' weights from this review's own "
        "entries (no labels needed), starting from the defaults and kept close "
        "to them; false uses the defaults as they are.",
    )

    @field_validator("comparisons", mode="before")
    @classmethod
    def _known_comparisons(cls, value: Any) -> Any:
        """Each comparison and setting is one schemas/linking.toml lists, of
        its kind (SettingError says where, for :func:`parse_review`)."""
        return check_comparisons(value)


class FlagRule(_Strict):
    """Settings of one flag rule: ``enabled``, and the rule's own settings as
    schemas/flags.toml lists them (unknown rules and settings, and values of
    the wrong type, are refused when the file is read)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    enabled: bool = Field(True, description="Run this rule.")


class Thresholds(_Strict):
    """Numbers the analysis uses."""

    gap_days: int = Field(28, ge=1, description="A gap longer than this is reported.")


class Limits(_Strict):
    """Safety limits on inputs."""

    max_file_mb: float = Field(200, gt=0, description="Largest input file (MB).")
    max_uncompressed_mb: float = Field(
        1000, gt=0, description="Largest declared uncompressed size of an xlsx/docx."
    )
    max_compression_ratio: float = Field(
        200, gt=1, description="Largest compressed-to-uncompressed ratio allowed."
    )
    max_rows: int = Field(
        1_000_000, gt=0, description="Most rows read from one sheet, table or CSV."
    )


class Decisions(_Strict):
    """The author's manual decisions, applied on every run."""

    link: list[list[str]] = Field(
        default_factory=list, description="Groups of entry ids to link as one event."
    )
    unlink: list[list[str]] = Field(
        default_factory=list, description="Pairs of entry ids never to link."
    )


class Episode(_Strict):
    """A key practice episode as the author keeps it in the review file.

    chronomerge proposes episodes (episodes.csv); ``chronomerge episodes
    --write`` adds the proposals here as ``proposed``. The author accepts,
    renames, re-dates (to merge two, or split one) or drops them; accepted
    episodes are the review's own on every later merge, and a proposal the
    author dropped is not offered again.
    """

    start: dt.date = Field(description="First day of the episode.")
    end: dt.date = Field(description="Last day of the episode.")
    title: str = Field("", description="The episode's title, as the review calls it.")
    status: Literal["proposed", "accepted", "dropped"] = Field(
        "accepted",
        description="proposed (added by chronomerge, not yet decided), accepted, "
        "or dropped (not an episode; not proposed again).",
    )
    note: str = Field("", description="Why it was proposed, or the author's note.")

    @model_validator(mode="after")
    def _in_order(self) -> Episode:
        if self.start > self.end:
            raise ValueError("start is after end")
        return self


class PublishSettings(_Strict):
    """What ``chronomerge publish`` puts in the summary for publication."""

    entries: list[str] = Field(
        default_factory=list,
        description="Entry ids (the entry_id column) of the entries to publish.",
    )
    episodes: Literal["accepted", "none"] = Field(
        "none",
        description='"accepted" publishes the key practice episodes the author '
        'accepted, one row each; "none" publishes none.',
    )
    dates: Literal["day", "month"] = Field(
        "day",
        description='"month" gives every date, in the date column and in the '
        'text, to the month only; "day" keeps them as the agencies wrote them.',
    )
    places: list[str] = Field(
        default_factory=list,
        description="Local place names to report wherever a published row "
        "names them (the jigsaw-risk report).",
    )

    @field_validator("entries")
    @classmethod
    def _entry_ids(cls, value: list[str]) -> list[str]:
        for entry_id in value:
            if not re.fullmatch(r"E[0-9a-f]{10}", entry_id):
                raise ValueError(
                    f"'{entry_id}' is not an entry id: copy it from the entry_id "
                    "column, e.g. E1a2b3c4d5e"
                )
        return value


class ExperienceSettings(_Strict):
    """Who the child's experience columns are about (seen, spoken to...)."""

    whom: Literal["subject", "family"] | None = Field(
        None,
        description='"subject": the review\'s child only; "family": any child '
        "of the family (the review file's people under 18, and brothers and "
        "sisters), for a review of a sibling group. Unset: "
        "schemas/experience.toml's [child] whom.",
    )


# Each flag rule's settings with their defaults (from schemas/flags.toml).
FLAG_DEFAULTS: dict[str, dict[str, Any]] = {
    code: rule.defaults for code, rule in flag_rules().items()
}


class ReviewSettings(_Strict):
    """Everything the review file can set. ``ReviewSettings()`` is all defaults."""

    review: ReviewInfo = Field(default_factory=ReviewInfo)
    people: list[Person] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    files: list[FileOverride] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    linking: LinkingSettings = Field(default_factory=LinkingSettings)
    flags: dict[str, FlagRule] = Field(
        default_factory=dict, json_schema_extra=flags_json_schema()
    )
    limits: Limits = Field(default_factory=Limits)
    decisions: Decisions = Field(default_factory=Decisions)
    episodes: list[Episode] = Field(
        default_factory=list,
        description="Key practice episodes: chronomerge's proposals and the "
        "author's decisions on them.",
    )
    allowed_names: list[str] = Field(
        default_factory=list,
        description="Names that may appear in the text (e.g. a professional's "
        "role name) without a warning.",
    )
    publish: PublishSettings = Field(
        default_factory=PublishSettings,
        description="What the summary for publication holds (chronomerge publish).",
    )
    experience: ExperienceSettings = Field(
        default_factory=ExperienceSettings,
        description="Who the child's experience columns are about.",
    )

    @model_validator(mode="before")
    @classmethod
    def _known_flag_settings(cls, data: Any) -> Any:
        """Every ``[flags.<rule>]`` setting is one schemas/flags.toml lists,
        of its type (SettingError says where, for :func:`parse_review`)."""
        if isinstance(data, dict) and "flags" in data:
            data = {**data, "flags": check_flags(data["flags"])}
        return data

    def flag_setting(self, rule: str, key: str) -> Any:
        """A flag rule's setting, from the review file or its default."""
        rule_cfg = self.flags.get(rule)
        extra = rule_cfg.model_extra if rule_cfg is not None else None
        if extra and key in extra:
            return extra[key]
        return FLAG_DEFAULTS[rule][key]

    def flag_enabled(self, rule: str) -> bool:
        """Whether a flag rule runs (every rule does unless switched off)."""
        cfg = self.flags.get(rule)
        return True if cfg is None else cfg.enabled

    @property
    def subject_person(self) -> Person | None:
        """The subject child as listed in [[people]], if listed."""
        for person in self.people:
            if person.label == self.review.subject:
                return person
        return None

    def override_for(self, file_name: str) -> FileOverride | None:
        """The first [[files]] entry whose pattern matches this file name."""
        from fnmatch import fnmatch

        for override in self.files:
            if fnmatch(file_name.lower(), override.match.lower()):
                return override
        return None

    def with_overrides(self, **settings: Any) -> ReviewSettings:
        """A copy with command-line style settings applied (they win).

        Known keys: period_start/from_date, period_end/to_date, gap_days, name.
        """
        review = self.review.model_dump()
        thresholds = self.thresholds.model_dump()
        for key, value in settings.items():
            if value is None:
                continue
            if key in ("period_start", "from_date"):
                review["period_start"] = _as_date(value)
            elif key in ("period_end", "to_date"):
                review["period_end"] = _as_date(value)
            elif key == "gap_days":
                thresholds["gap_days"] = int(value)
            elif key == "name":
                review["name"] = str(value)
            else:
                raise TypeError(f"unknown setting {key!r}")
        data = self.model_dump()
        data["review"] = review
        data["thresholds"] = thresholds
        return ReviewSettings.model_validate(data)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReviewFileError(
            f"'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2019-04-01."
        ) from None


def read_review(path: str | Path | None = None) -> ReviewSettings:
    """Read a review file; ``None`` gives every default.

    Example:
        >>> settings = read_review("sample_data/child_a/review.toml")  # doctest: +SKIP
        >>> settings.review.period_start, settings.thresholds.gap_days  # doctest: +SKIP
        (datetime.date(2018, 4, 1), 28)

    Raises:
        ReviewFileError: with a one-line message naming the file, the line and
            what is wrong.
    """
    if path is None:
        return ReviewSettings()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ReviewFileError(f"{path}: cannot be read ({exc.strerror}).") from exc
    return parse_review(text, str(path))


def parse_review(text: str, name: str = "review.toml") -> ReviewSettings:
    """Parse review-file text (see :func:`read_review`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReviewFileError(f"{name}: {_toml_message(exc)}") from exc
    try:
        return ReviewSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, SettingError):
            loc = cause.loc
        line = _line_of(text, loc)
        where = f"line {line}" if line else "setting"
        dotted = ".".join(str(p) for p in loc) or "(top level)"
        raise ReviewFileError(
            f"{name}: {where}: {dotted}: {_pydantic_message(dict(err))}"
        ) from exc


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    msg = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", msg)
    if match:
        body = msg[: match.start()].strip()
        return f"line {match.group(1)}: {body} (column {match.group(2)})"
    return msg


def _pydantic_message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown setting; check its spelling against the documentation"
    if kind.startswith("date"):
        return "not a valid date; write it as YYYY-MM-DD, e.g. 2019-04-01"
    msg = str(err.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of a setting, from its location in the data."""
    lines = text.splitlines()
    # Walk tables: "[a]" / "[a.b]" / "[[a]]" headers, counting array entries.
    path: list[Any] = []
    counts: dict[str, int] = {}
    header_line: dict[tuple[Any, ...], int] = {}
    key_line: dict[tuple[Any, ...], int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line.startswith("[["):
            name = line.strip("[] ")
            counts[name] = counts.get(name, -1) + 1
            path = [*name.split("."), counts[name]]
            header_line[tuple(path)] = number
        elif line.startswith("["):
            path = line.strip("[] ").split(".")
            header_line[tuple(path)] = number
        elif "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0].strip().strip('"')
            key_line[(*path, *key.split("."))] = number
    for cut in range(len(loc), 0, -1):
        prefix = tuple(loc[:cut])
        if prefix in key_line:
            return key_line[prefix]
        if prefix in header_line:
            return header_line[prefix]
    for table, number in sorted(header_line.items(), key=lambda kv: kv[1]):
        if loc and table[: len(loc)] == tuple(loc):
            return number
    return None


def review_json_schema() -> dict[str, Any]:
    """The JSON Schema of the review file (kept in schemas/review.schema.json)."""
    schema = ReviewSettings.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "chronomerge review file (review.toml)"
    return schema


def record_decision(
    path: str | Path,
    *,
    link: list[str] | None = None,
    unlink: list[str] | None = None,
) -> ReviewSettings:
    """Add the author's decision to a review file, keeping its comments.

    ``link`` lists entry ids to link as one event; ``unlink`` two entry ids
    never to link. The decision applies on every later merge.

    Example:
        >>> record_decision("review.toml", unlink=["E1a2b3c4d5e", "E9f8e7d6c5b"])
        ... # doctest: +SKIP
    """
    import tomlkit

    path = Path(path)
    document = tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    decisions = document.setdefault("decisions", tomlkit.table())
    for key, ids in (("link", link), ("unlink", unlink)):
        if not ids:
            continue
        if len(ids) < 2:
            raise ReviewFileError(f"A {key} decision needs two or more entry ids.")
        existing = decisions.setdefault(key, tomlkit.array())
        if list(ids) not in [list(item) for item in existing]:
            existing.append(list(ids))
    text = tomlkit.dumps(document)
    settings = parse_review(text, str(path))
    path.write_text(text, encoding="utf-8")
    return settings


def record_episodes(path: str | Path, episodes: list[dict[str, Any]]) -> ReviewSettings:
    """Add proposed episodes to a review file as ``[[episodes]]`` tables with
    status "proposed", keeping its comments; one with the dates of an episode
    the file already has (in any status) is left out, so the author's
    decisions stand and nothing is offered twice.

    ``episodes``: dicts with ``episode_start``, ``episode_end`` (ISO dates),
    ``title`` and ``why``, as episodes.csv has them.

    Example:
        >>> chron = merge("sample_data/child_a")  # doctest: +SKIP
        >>> record_episodes("review.toml", chron.episodes.to_dict("records"))
        ... # doctest: +SKIP
    """
    import tomlkit

    path = Path(path)
    document = tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    kept = parse_review(tomlkit.dumps(document), str(path)).episodes
    known = {(e.start, e.end) for e in kept}
    tables = document.get("episodes")
    if tables is None:
        tables = tomlkit.aot()
        document.append("episodes", tables)
    for proposal in episodes:
        start = dt.date.fromisoformat(str(proposal["episode_start"]))
        end = dt.date.fromisoformat(str(proposal["episode_end"]))
        if (start, end) in known:
            continue
        known.add((start, end))
        table = tomlkit.table()
        table.add("start", start)
        table.add("end", end)
        table.add("title", str(proposal.get("title", "")))
        table.add("status", "proposed")
        table.add("note", str(proposal.get("why", "")))
        tables.append(table)
    text = tomlkit.dumps(document)
    settings = parse_review(text, str(path))
    path.write_text(text, encoding="utf-8")
    return settings
