"""The command line: a thin layer, each command calling one public function."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, cast

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from . import __version__
from .checking import ValidationReport, validate_files
from .chronology import Chronology
from .errors import ChronomergeError
from .export.template import write_template
from .export.writing import parse_outputs
from .init_review import init_review
from .pipeline import (
    build_pack,
    build_publication,
    build_timeline,
    find_conflicts,
    find_episodes,
    find_known,
    find_people,
    find_sharing,
    find_voice,
)
from .review import read_review, record_decision
from .tracker import tracker


class _PlainErrors(TyperGroup):
    """Every command's ChronomergeError becomes one plain line and exit 2,
    here once rather than in each command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ChronomergeError as exc:
            _fail(exc)


app = typer.Typer(
    name="chronomerge",
    cls=_PlainErrors,
    help="Merge agency chronologies into one multi-agency chronology for a "
    "child safeguarding practice review. Works offline; never changes the "
    "agencies' files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)

InputsArg = Annotated[list[Path], typer.Argument(help="Agency files and folders.")]
ReviewOpt = Annotated[
    Path | None,
    typer.Option(
        "--review",
        "-r",
        help="The review file (review.toml).",
        exists=True,
        dir_okay=False,
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="Review period start, YYYY-MM-DD.")
]
ToOpt = Annotated[
    str | None, typer.Option("--to", help="Review period end, YYYY-MM-DD.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress shown.")]
QuietSummaryOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress or summary.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chronomerge {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Merge agency chronologies for a child safeguarding practice review."""


def _fail(exc: ChronomergeError) -> NoReturn:
    err.print(f"chronomerge: {exc}", markup=False)
    raise typer.Exit(2)


def _existing(paths: list[Path]) -> list[Path]:
    """The paths, once each is known to exist (one plain line if not)."""
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise ChronomergeError(f"{path} does not exist.")
    return paths


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the review file.")],
    name: Annotated[str, typer.Option(help="The review's name.")] = "Child A LCSPR",
) -> None:
    """Write a commented review.toml, ready to edit, in DIRECTORY."""

    path = init_review(directory, name=name)
    typer.echo(
        f"Wrote {path}. Edit it, then run: chronomerge merge FILES "
        f"--review {path} --out pack"
    )


@app.command()
def merge(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs.")],
    review: ReviewOpt = None,
    from_date: FromOpt = None,
    to_date: ToOpt = None,
    gap_days: Annotated[
        int | None,
        typer.Option(help="Report gaps longer than this many days (default 28)."),
    ] = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            "--notes",
            help="A previous panel_pack.xlsx whose 'Panel notes' are carried over "
            "(default: the one already in --out, if any).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    pseudonymise: Annotated[
        bool,
        typer.Option(
            "--pseudonymise",
            help="Replace every name and alias listed in the review file with "
            "the review's label (e.g. 'Mother') in all outputs.",
        ),
    ] = False,
    outputs: Annotated[
        str,
        typer.Option(
            "--outputs",
            help="Which outputs to write, separated by commas: csv (the CSV "
            "files), xlsx (panel_pack.xlsx), docx (chronology.docx), html "
            "(timeline.html). manifest.json is always written.",
        ),
    ] = "csv,xlsx,docx,html",
    exact_csv: Annotated[
        bool,
        typer.Option(
            "--exact-csv",
            help="Write every CSV cell exactly as read. Off by default because "
            "a cell starting with =, +, -, @, a tab or a carriage return would "
            "run as a formula or link when the CSV is opened in a spreadsheet, "
            "so such cells get a leading apostrophe; use this only for CSVs "
            "read by programs.",
        ),
    ] = False,
    quiet: QuietSummaryOpt = False,
) -> None:
    """Merge agency chronologies into one chronology and the panel pack.

    Writes chronology.csv, gaps.csv, flags.csv, issues.csv, groups.csv,
    panel_pack.xlsx, chronology.docx, timeline.html and manifest.json into OUT
    (--outputs picks fewer, for a quick rerun). Exit status 0 when the merge
    completed (problems in the files are reported in issues.csv), 2 when
    nothing could be read or an option is wrong.
    """

    chosen = parse_outputs(outputs)
    with _progress(quiet) as progress:
        chronology, written = build_pack(
            _existing(inputs),
            out,
            review,
            notes_from=notes,
            pseudonymise=pseudonymise,
            outputs=chosen,
            exact_csv=exact_csv,
            progress=progress,
            from_date=from_date,
            to_date=to_date,
            gap_days=gap_days,
        )
    if not quiet:
        _print_merge_summary(chronology, out, [p.name for p in written])


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None] | None]:
    """A spinner naming the stage, stopped however the work ends (none when
    quiet)."""
    if quiet:
        yield None
        return
    with err.status("Starting…") as status:
        yield lambda stage: status.update(f"{stage[:1].upper()}{stage[1:]}…")


def _print_merge_summary(chronology: Chronology, out: Path, names: list[str]) -> None:

    summary = chronology.summary()
    table = Table(show_header=False, box=None, pad_edge=False)
    for key, value in summary.items():
        table.add_row(str(key).capitalize(), str(value))
    proposed = chronology.manifest.get("counts", {}).get("episodes_proposed")
    if proposed:
        table.add_row("Episodes proposed", f"{proposed} (see episodes.csv)")
    pseudo = chronology.manifest.get("pseudonymised")
    if pseudo:
        table.add_row("Names replaced", str(pseudo["replacements"]))
    changes = chronology.manifest.get("changes") or {}
    if changes.get("compared"):
        table.add_row(
            "Since the last merge",
            f"{changes['added']} entries added, {changes['removed']} removed, "
            f"{changes['changed']} changed (see changes.csv)",
        )
    weights = chronology.manifest.get("linking_weights") or {}
    if weights.get("levels"):
        table.add_row("Linking weights", _weights_in_words(weights))
    err.print(table)
    if "panel_pack.xlsx" in names and "issues.csv" in names:
        done = f"Outputs written to {out}/ (start with panel_pack.xlsx; problems "
        done += "to fix are in issues.csv)."
    else:
        done = f"Written to {out}/: {', '.join(names)}."
    err.print(done, markup=False)


def _weights_in_words(weights: dict[str, Any]) -> str:
    """One line on how the linking weights were set (manifest.json has each)."""
    levels = weights["levels"]
    moved = [r for r in levels if abs(r["weight"] - r["default_weight"]) >= 0.05]
    if not weights.get("estimated"):
        return "the defaults (see linking_weights in manifest.json)"
    if not moved:
        return "estimated from this review, all as the defaults (manifest.json)"
    top = max(moved, key=lambda r: abs(r["weight"] - r["default_weight"]))
    change = top["weight"] - top["default_weight"]
    return (
        f"estimated from this review: {len(moved)} of {len(levels)} levels moved, "
        f"most {top['comparison']} {top['level'].replace('_', ' ')} "
        f"({change:+.2f} bits); each in manifest.json"
    )


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Agency chronology files.")],
    review: ReviewOpt = None,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="Also write a workbook copy with each problem cell highlighted "
            "and commented, and an Issues sheet.",
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON.")
    ] = False,
) -> None:
    """Check agency chronologies and say what to fix, row by row.

    Exit status 1 when there are errors to fix, 0 otherwise (warnings are
    things to check), 2 when a file or the review file cannot be used.
    """

    report = validate_files(_existing(files), review)
    if annotate is not None:
        report.annotate(annotate)
    if as_json:
        typer.echo(report.to_json())
    else:
        _print_report(report, annotate)
    raise typer.Exit(1 if report.has_errors else 0)


def _print_report(report: ValidationReport, annotate: Path | None) -> None:

    out = Console(highlight=False)
    if not out.is_terminal:
        out = Console(highlight=False, width=160)
    summary = report.summary()
    for record in report.files:
        if not record.was_read:
            continue
        for part in record.tables:
            mapping = ", ".join(
                f"{heading} → {column}" for heading, column in part.columns.items()
            )
            where = record.name + (f" ({part.location})" if part.location else "")
            out.print(
                f"[bold]{where}[/bold]: {part.rows} entries; columns read as: {mapping}"
            )
            for reason in part.inferred.values():
                out.print(f"  {reason}")
    verdict = (
        "[bold green]No problems found.[/bold green]"
        if not (summary["errors"] or summary["warnings"])
        else f"[bold]{summary['errors']} to fix[/bold], "
        f"{summary['warnings']} to check, {summary['info']} notes."
    )
    out.print(f"{summary['entries']} entries in {summary['files']} file(s). {verdict}")
    if len(report.issues):
        table = Table(show_lines=False, expand=True)
        for heading in (
            "",
            "File",
            "Sheet/table",
            "Row",
            "Column",
            "Problem and how to fix it",
        ):
            table.add_column(heading, overflow="fold")
        colours = {"error": "red", "warning": "yellow", "info": "default"}
        for problem in report.problems():
            table.add_row(
                f"[{colours[problem['severity']]}]{problem['label']}[/]",
                problem["file"],
                problem["location"],
                problem["row"],
                problem["column"],
                problem["message"],
            )
        out.print(table)
    if annotate is not None:
        out.print(f"Annotated copy written to {annotate}.")


@app.command()
def template(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (.xlsx or .docx).")
    ],
    review: ReviewOpt = None,
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="xlsx or docx (default: from OUTPUT)."),
    ] = None,
    agency: Annotated[str, typer.Option(help="The agency the template is for.")] = "",
) -> None:
    """Write the blank chronology template to send to agencies.

    It has the review's name, period and agreed names, guidance on what to
    include and how to write dates, and drop-down lists (xlsx).
    """

    if format not in (None, "xlsx", "docx"):
        _fail(ChronomergeError("--format is xlsx or docx."))
    kind = cast(Literal["xlsx", "docx"] | None, format)
    path = write_template(output, read_review(review), format=kind, agency=agency)
    typer.echo(f"Wrote {path}.")


@app.command()
def timeline(
    inputs: InputsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")],
    review: ReviewOpt = None,
    from_date: FromOpt = None,
    to_date: ToOpt = None,
) -> None:
    """Write the interactive timeline as one self-contained HTML file.

    The page works with no network connection and sends nothing anywhere.
    """

    path = build_timeline(
        _existing(inputs), output, review, from_date=from_date, to_date=to_date
    )
    typer.echo(f"Wrote {path}.")


@app.command()
def serve(
    review: ReviewOpt = None,
    port: Annotated[
        int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).")
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the browser.")
    ] = False,
) -> None:
    """Open the checks and the pack as a page in your browser, on this computer only.

    The page is served on 127.0.0.1 with an access token in its address; it
    sends nothing anywhere. Stop it with Ctrl+C.
    """
    from .serve import serve as run_server

    run_server(
        read_review(review),
        port=port,
        open_browser=not no_browser,
        announce=lambda address: err.print(
            f"chronomerge is open at {address}\nPress Ctrl+C to stop; uploaded "
            "files are deleted when it stops.",
            markup=False,
            soft_wrap=True,
        ),
    )


@app.command()
def episodes(
    inputs: InputsArg,
    review: ReviewOpt = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Add the new proposals to the review file as [[episodes]] with "
            'status = "proposed", keeping its comments.',
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """List the key practice episodes: the review file's, and those proposed.

    Proposals are prompts for the author: in the review file, set an episode's
    status to "accepted" or "dropped", rename it, or change its dates to merge
    or split episodes; later merges keep those decisions.
    """

    with _progress(quiet) as progress:
        found = find_episodes(_existing(inputs), review, write=write, progress=progress)
    out = Console(highlight=False)
    if found.empty:
        out.print("No key practice episodes were found or proposed.")
        return
    table = Table(show_lines=False, expand=True)
    for heading in ("From", "To", "Status", "Episode", "Why"):
        table.add_column(heading, overflow="fold")
    for row in found.itertuples(index=False):
        table.add_row(
            _uk_day(row.episode_start), _uk_day(row.episode_end), row.status,
            row.title, row.why,
        )  # fmt: skip
    out.print(table)
    if write:
        added = int((found["status"] == "proposed").sum())
        out.print(f"Proposed episodes are in the review file ({added} listed).")


@app.command()
def people(
    inputs: InputsArg,
    review: ReviewOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """List the people the entries name, and the agencies that named each.

    The review file's people (found by their label, aliases and role words)
    and family or household members named by role ("mum's partner", "MGM").
    Aliases are real names: they are searched for but never shown. A merge
    writes the same list as people.csv and the People sheet.
    """

    with _progress(quiet) as progress:
        found = find_people(_existing(inputs), review, progress=progress)
    out = Console(highlight=False)
    if found.empty:
        out.print("No one the review file lists, and no family role, is named.")
        return
    table = Table(show_lines=False, expand=True)
    table.add_column("Person (role)", overflow="fold", ratio=2, min_width=12)
    table.add_column("Adult", no_wrap=True)
    table.add_column("Named from, to", overflow="fold", min_width=10)
    table.add_column("Entries", no_wrap=True, justify="right")
    table.add_column("Agencies", overflow="fold", ratio=3)
    for row in found.itertuples(index=False):
        role = f" ({row.role})" if row.role and row.role != row.person else ""
        adult = "not known" if row.adult == "" else "yes" if row.adult else "no"
        days = [_uk_day(d) for d in (row.first_mention, row.last_mention) if d]
        table.add_row(
            f"{row.person}{role}", adult, " to ".join(dict.fromkeys(days)),
            str(row.entries), "; ".join(str(row.agencies).split(";")),
        )  # fmt: skip
    out.print(table)


@app.command()
def voice(
    inputs: InputsArg,
    review: ReviewOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """List the entries with the child's own words or observed presentation.

    A starting point for the review's "voice of the child" section: each
    entry that records what the child said, or how the child was seen to
    look or behave, with the words that put it there. merge writes the same
    list as voice.csv and the workbook's "Voice of the child" sheet.
    """

    with _progress(quiet) as progress:
        found = find_voice(_existing(inputs), review, progress=progress)
    out = Console(highlight=False)
    if found.empty:
        out.print("No entry records the child's words or how the child presented.")
        return
    table = Table(show_lines=False, expand=True)
    for heading in ("Date", "Agency", "What", "Entry"):
        table.add_column(heading, overflow="fold")
    for row in found.itertuples(index=False):
        day = _uk_day(row.date) if row.date else "undated"
        table.add_row(day, row.agency, row.what, row.text)
    out.print(table)
    words = int((found["what"] == "child's words").sum())
    out.print(
        f"{len(found)} entries: {words} with the child's words, "
        f"{len(found) - words} with observed presentation."
    )


@app.command()
def conflicts(
    inputs: InputsArg,
    review: ReviewOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """List where two agencies' accounts of one event differ.

    Dates, times, outcomes, the people present or an injury's side that the
    records give differently, both accounts side by side: prompts to check
    the records, never a finding of which is right. merge writes the same
    rows as conflicts.csv and the workbook's Conflicts sheet.
    """

    with _progress(quiet) as progress:
        found = find_conflicts(_existing(inputs), review, progress=progress)
    out = Console(highlight=False)
    if found.empty:
        out.print("No two agencies' accounts of one event differ.")
        return
    table = Table(show_lines=True, expand=True)
    for heading in ("Differ", "First account", "Second account", "Why"):
        table.add_column(heading, overflow="fold")
    for row in found.itertuples(index=False):
        accounts = [
            f"{agency}, {_uk_day(day) if day else 'undated'}: {account}"
            for agency, day, account in (
                (row.first_agency, row.first_date, row.first_account),
                (row.second_agency, row.second_date, row.second_account),
            )
        ]
        table.add_row(row.conflict, *accounts, row.why)
    out.print(table)
    out.print(f"{len(found)} conflicting accounts: prompts to check, not findings.")


@app.command()
def sharing(
    inputs: InputsArg,
    review: ReviewOpt = None,
    unreceived: Annotated[
        bool,
        typer.Option(
            "--unreceived",
            help="Only the sends whose recipient has no record of receiving them.",
        ),
    ] = False,
    map_page: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="Also write the picture of who shared with whom to this HTML "
            "file (self-contained, works offline).",
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """List what each agency sent to another, and whether the other recorded it.

    A send is an entry saying information was passed on (a referral, a
    notification, a letter, a call to another agency); its receipt is the
    recipient's own entry of it. The same rows are sharing.csv and the
    workbook's Sharing sheet. They are prompts for the panel, not findings.
    """
    with _progress(quiet) as progress:
        found = find_sharing(
            _existing(inputs), review, progress=progress, page=map_page
        )
    if unreceived and not found.empty:
        found = found[found["receipt_entry_id"] == ""]
    out = Console(highlight=False)
    if found.empty:
        out.print("No information sharing was found in the entries.")
        return
    table = Table(show_lines=False, expand=True)
    for heading in ("Sent", "From", "To", "What", "Status", "Why"):
        table.add_column(heading, overflow="fold")
    for row in found.itertuples(index=False):
        table.add_row(
            _uk_day(row.send_date) if row.send_date else "undated", row.from_agency,
            row.to_agency, row.what, row.status, row.why,
        )  # fmt: skip
    out.print(table)
    counts = found["status"].value_counts()
    said = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    out.print(f"{len(found)} sends: {said}.")
    if map_page is not None:
        out.print(f"The picture is in {map_page}.")


@app.command()
def known(
    inputs: InputsArg,
    review: ReviewOpt = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Only this agency's decisions (its name or a word of it).",
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """List what was known at each decision: what the deciding agency recorded
    itself, what others shared with it, and what others recorded that it has
    no record of, in the weeks before.

    The same rows are known.csv and the workbook's What was known sheet. They
    are the chronology's record, prompts for the panel, not findings.
    """
    with _progress(quiet) as progress:
        found = find_known(_existing(inputs), review, agency=agency, progress=progress)
    out = Console(highlight=False)
    if found.empty:
        out.print("No decisions were found in the entries.")
        return
    for decision_id, rows in found.groupby("decision_entry_id", sort=False):
        first = rows.iloc[0]
        out.print(
            f"\n{_uk_day(first.decision_date)}  {first.deciding_agency}: "
            f"{first.decision} ({decision_id})",
            markup=False,
        )
        for name, listed in rows.groupby("known_as", sort=False):
            shown = listed[listed["entry_id"] != ""]
            line = f"  {name}: {len(shown)} entr{'y' if len(shown) == 1 else 'ies'}"
            beyond = listed.loc[listed["entry_id"] == "", "why"]
            out.print(line + "".join(f"; {why}" for why in beyond), markup=False)
    decisions = found["decision_entry_id"].nunique()
    out.print(f"\n{decisions} decisions; every entry and why is in known.csv.")


def _uk_day(iso_day: str) -> str:
    """2019-04-03 as 03/04/2019."""
    year, month, day = iso_day.split("-")
    return f"{day}/{month}/{year}"


@app.command()
def decide(
    action: Annotated[
        str,
        typer.Argument(
            help="link (these entries record one event) or unlink (these two never do)."
        ),
    ],
    entries: Annotated[
        list[str],
        typer.Argument(help="Entry ids, from the entry_id column of the pack."),
    ],
    review: Annotated[
        Path,
        typer.Option(
            "--review",
            "-r",
            help="The review file to record the decision in.",
            exists=True,
            dir_okay=False,
        ),
    ],
) -> None:
    """Record the author's decision on linking in the review file.

    The review file keeps its comments; the decision applies on every later
    merge, and the pack's About sheet lists it.
    """

    if action not in ("link", "unlink"):
        _fail(ChronomergeError("The decision is link or unlink."))
    if action == "unlink" and len(entries) != 2:
        _fail(ChronomergeError("An unlink decision names two entry ids."))
    if action == "link":
        record_decision(review, link=entries)
    else:
        record_decision(review, unlink=entries)
    typer.echo(f"Recorded in {review}: {action} {' '.join(entries)}.")


@app.command()
def publish(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the files.")],
    review: ReviewOpt = None,
    entry: Annotated[
        list[str] | None,
        typer.Option(
            "--entry",
            "-e",
            help="An entry id to publish (repeat for more); replaces the review "
            "file's [publish] entries.",
        ),
    ] = None,
    episodes: Annotated[
        str | None,
        typer.Option(
            help="accepted (publish the accepted key practice episodes) or none."
        ),
    ] = None,
    dates: Annotated[
        str | None,
        typer.Option(help="day (as recorded) or month (every date to the month)."),
    ] = None,
    quiet: QuietSummaryOpt = False,
) -> None:
    """Write a summary for publication and a jigsaw-risk report for the author.

    Only the selected entries and episodes are published: names become the
    review's labels, identifiers are removed and dates of birth become ages.
    jigsaw_risks.csv lists what could still identify the family in
    combination, each with a safer wording: it is for the author, not for
    publication.
    """

    with _progress(quiet) as progress:
        published, written = build_publication(
            _existing(inputs),
            out,
            review,
            entries=entry or None,
            episodes=episodes,
            dates=dates,
            progress=progress,
        )
    if quiet:
        return
    out_console = Console(highlight=False)
    out_console.print(
        f"Published {len(published.summary)} rows. {len(published.risks)} "
        f"detail(s) that could identify the family in combination are listed "
        f"in {written[-1].name}, for you and not for publication."
    )
    for path in written:
        out_console.print(f"  {path}", markup=False)


@app.command()
def status(
    inputs: InputsArg,
    review: ReviewOpt = None,
    today: Annotated[
        str | None,
        typer.Option(
            help="The day to count overdue chronologies to, YYYY-MM-DD "
            "(default: today)."
        ),
    ] = None,
    no_check: Annotated[
        bool,
        typer.Option(
            "--no-check",
            help="Only find each agency's files (status 'received'), without "
            "reading and checking them.",
        ),
    ] = False,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv", help="Also write the tracker as a CSV file.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Show each agency's chronology: not received, received, checked with
    errors, checked clean or resubmitted, with the dates and how late.

    The agencies asked, and their deadlines, come from the review file's
    [[agencies]] (asked, deadline_days or deadline). A file is received on
    the date in its name, else its file date (when it was last saved).
    """
    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        _fail(ChronomergeError(f"--today {today}: write the date as YYYY-MM-DD."))
    table_data = tracker(_existing(inputs), review, check=not no_check, today=day)
    if csv is not None:
        table_data.to_csv(csv, index=False, encoding="utf-8", lineterminator="\n")
    out = Console(highlight=False)
    if not out.is_terminal:
        out = Console(highlight=False, width=160)
    table = Table(expand=True)
    headings = ("Agency", "Status", "Asked", "Deadline", "Received", "Timeliness")
    for heading in (*headings, "To fix"):
        table.add_column(heading, overflow="fold")
    for row in table_data.itertuples(index=False):
        received = _uk_day(row.received) if row.received else ""
        if row.resubmitted:
            received += f" (new version {_uk_day(row.resubmitted)})"
        table.add_row(
            str(row.agency), str(row.status),
            _uk_day(row.asked) if row.asked else "",
            _uk_day(row.deadline) if row.deadline else "",
            received, str(row.timeliness), str(row.errors),
        )  # fmt: skip
    out.print(table)
    counts = table_data["status"].value_counts()
    said = ", ".join(f"{n} {state}" for state, n in counts.sort_index().items())
    out.print(f"{len(table_data)} agencies: {said}.")


def main() -> None:
    """Entry point of the ``chronomerge`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
