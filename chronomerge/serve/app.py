"""The local web page: routes and the work behind each form."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..checking import validate_files
from ..chronology import Chronology
from ..export.sharing_map import CSP as SHARING_CSP
from ..export.template import write_template
from ..pipeline import build_pack
from ..review import ReviewSettings
from .jobs import Job, JobStore, plain_message
from .security import LocalOnly
from .uploads import UploadError, UploadLimits, save_uploads

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'self'"
)
PACK_FILES = {
    "panel_pack.xlsx": "Panel workbook (Excel)",
    "chronology.docx": "Composite chronology (Word)",
    "timeline.html": "Interactive timeline (web page)",
    "chronology.csv": "Chronology (CSV)",
    "issues.csv": "Problems found (CSV)",
    "gaps.csv": "Gaps (CSV)",
    "flags.csv": "Possible missed opportunities (CSV)",
    "groups.csv": "Linked events (CSV)",
    "episodes.csv": "Key practice episodes proposed (CSV)",
    "people.csv": "People named, and the agencies that named them (CSV)",
    "seen.csv": "Time between the child being seen, by each agency (CSV)",
    "voice.csv": "Voice of the child: the child's words and presentation (CSV)",
    "sharing.html": "What each agency shared and knew (web page)",
    "sharing.csv": "Information shared between agencies (CSV)",
    "known.csv": "What was known at each decision (CSV)",
    "conflicts.csv": "Where agencies' accounts of one event differ (CSV)",
    "manifest.json": "Manifest (inputs and settings)",
}


TIMELINE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
    "connect-src 'none'; frame-ancestors 'self'"
)
# Pages shown inside the pack's page, each with the policy its own file sets:
# the sharing page has no script at all, only its inline styles.
INLINE_CSP = {
    "timeline.html": TIMELINE_CSP,
    "sharing.html": SHARING_CSP + "; frame-ancestors 'self'",
}
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def create_app(
    review: ReviewSettings | None = None,
    *,
    token: str,
    port_ref: list[int],
    limits: UploadLimits | None = None,
) -> Starlette:
    """The Starlette application (``port_ref[0]`` is set once the port is known).

    What the handlers need (the review, the job store, the limits, the page
    templates) is kept on ``app.state``, so the handlers are plain module-level
    functions and each request reads it from ``request.app.state``. The token
    and port are kept there too, but it is the ``LocalOnly`` middleware that
    checks them, before any handler runs.
    """
    limits = limits or UploadLimits()
    app = Starlette(
        routes=_routes(),
        middleware=[Middleware(LocalOnly, token=token, port_ref=port_ref)],
        lifespan=_lifespan,
        **_body_limit(limits),
    )
    app.state.review = review or ReviewSettings()
    app.state.limits = limits
    app.state.store = JobStore()
    app.state.templates = _templates()
    app.state.token = token
    app.state.port_ref = port_ref
    return app


def _routes() -> list[BaseRoute]:
    """Every address the page answers; anything else is Starlette's 404."""
    static = Path(__file__).parent / "static"
    return [
        Route("/", home),
        Route("/check", check_form, methods=["GET"]),
        Route("/check", check_run, methods=["POST"]),
        Route("/pack", pack_form, methods=["GET"]),
        Route("/pack", pack_run, methods=["POST"]),
        Route("/pack/{job}", pack_status),
        Route("/jobs/{job}.json", job_json),
        Route("/jobs/{job}/files/{name}", job_file),
        Route("/jobs/{job}/delete", job_delete, methods=["POST"]),
        Route("/template.{fmt}", template_file),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]


def _templates() -> Environment:
    """The page templates, autoescaped so an uploaded file's text cannot add HTML."""
    return Environment(
        loader=PackageLoader("chronomerge.serve", "templates"),
        autoescape=select_autoescape(default=True),
    )


def _body_limit(limits: UploadLimits) -> dict[str, Any]:
    """Starlette's own cap on a request body, where this Starlette has one.

    A little over the upload limit, so that the uploads code can still refuse
    an oversized form with its own message.
    """
    extra: dict[str, Any] = {}
    if "max_body_size" in inspect.signature(Starlette.__init__).parameters:
        extra["max_body_size"] = int(limits.max_total_mb * 1024 * 1024) + 1024 * 1024
    return extra


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    """Remove every job's folder when the server stops."""
    try:
        yield
    finally:
        _store(app).close()


def _store(app: Starlette) -> JobStore:
    """The jobs of this server (typed access to ``app.state.store``)."""
    store: JobStore = app.state.store
    return store


def _review(request: Request) -> ReviewSettings:
    """The review settings the server was started with."""
    review: ReviewSettings = request.app.state.review
    return review


def _page(
    request: Request, name: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """A page from the templates, with the review's details and the page headers."""
    env: Environment = request.app.state.templates
    html = env.get_template(name).render(review=_review(request).review, **context)
    return HTMLResponse(html, status_code=status, headers=_headers())


async def home(request: Request) -> Response:
    """The start page."""
    return _page(request, "home.html")


async def check_form(request: Request) -> Response:
    """The form for checking a chronology before it is sent."""
    return _page(request, "check.html")


async def _receive(
    request: Request, kind: str, field: str
) -> tuple[Job, list[Path]] | str:
    """Save the form's files in a new job's folder, or say why not."""
    store = _store(request.app)
    limits: UploadLimits = request.app.state.limits
    job = store.new(kind)
    try:
        async with request.form(max_files=limits.max_files + 5) as form:
            uploads = [f for f in form.getlist(field) if isinstance(f, UploadFile)]
            return job, await save_uploads(uploads, job.inputs, limits, job.notes)
    except UploadError as exc:
        store.delete(job.id)
        return str(exc)


async def check_run(request: Request) -> Response:
    """Check the uploaded chronology while the person waits (it is quick)."""
    received = await _receive(request, "check", "file")
    if isinstance(received, str):
        return _page(request, "check.html", status=400, error=received)
    job, saved = received
    job.stage = "Checking"
    await asyncio.to_thread(_check, job, saved, _review(request))
    if job.status == "failed":
        return _page(request, "check.html", status=400, error=job.error)
    return _page(request, "check_result.html", job=job, report=job.result)


async def pack_form(request: Request) -> Response:
    """The form for building the panel pack."""
    return _page(request, "pack.html")


async def pack_run(request: Request) -> Response:
    """Start building the pack in the background and send the browser to its page.

    Building takes long enough that the page shows progress instead of waiting.
    """
    received = await _receive(request, "pack", "files")
    if isinstance(received, str):
        return _page(request, "pack.html", status=400, error=received)
    job, saved = received
    settings = _review(request)
    _store(request.app).run(job, lambda j: _pack(j, saved, settings))
    return Response(status_code=303, headers={"location": f"/pack/{job.id}"})


async def pack_status(request: Request) -> Response:
    """The pack's page: progress while it runs, then the files to download."""
    job = _job(_store(request.app), request, "pack")
    if job is None:
        return _page(request, "gone.html", status=404)
    if job.status == "running":
        return _page(request, "pack_wait.html", job=job)
    return _page(
        request,
        "pack_result.html",
        job=job,
        files=_files(job),
        **_experience(job),
        **_conflicts(job),
    )


async def job_json(request: Request) -> Response:
    """A job's status and stage, polled by the waiting page."""
    job = _store(request.app).get(request.path_params["job"])
    if job is None:
        return JSONResponse({"status": "gone"}, status_code=404)
    return JSONResponse(
        {"status": job.status, "stage": job.stage},
        headers={"cache-control": "no-store"},
    )


async def job_file(request: Request) -> Response:
    """One of a job's output files, and only the files a job is known to write."""
    job = _store(request.app).get(request.path_params["job"])
    name = request.path_params["name"]
    allowed = set(PACK_FILES) | {"annotated.xlsx"}
    if job is None or name not in allowed or not (job.outputs / name).is_file():
        return _page(request, "gone.html", status=404)
    inline = name in INLINE_CSP and "download" not in request.query_params
    headers = _headers()
    if inline:
        # the timeline runs its own bundled scripts, and may fetch nothing
        headers["content-security-policy"] = INLINE_CSP[name]
        return FileResponse(job.outputs / name, media_type="text/html", headers=headers)
    return FileResponse(job.outputs / name, filename=name, headers=headers)


async def job_delete(request: Request) -> Response:
    """Delete a job's folder now rather than when it expires."""
    _store(request.app).delete(request.path_params["job"])
    return _page(request, "deleted.html")


async def template_file(request: Request) -> Response:
    """A blank chronology template for this review, written in a job's folder.

    The folder is deleted as soon as the file is read, so nothing is left behind.
    """
    fmt = request.path_params["fmt"]
    if fmt not in ("xlsx", "docx"):
        return _page(request, "gone.html", status=404)
    store = _store(request.app)
    job = store.new("template")
    path = job.outputs / f"chronology_template.{fmt}"
    await asyncio.to_thread(write_template, path, _review(request), format=fmt)
    data = path.read_bytes()
    store.delete(job.id)
    headers = _headers()
    headers["content-disposition"] = f'attachment; filename="chronology_template.{fmt}"'
    return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)


def _headers() -> dict[str, str]:
    return {
        "content-security-policy": PAGE_CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "cache-control": "no-store",
    }


def _job(store: JobStore, request: Request, kind: str) -> Job | None:
    job = store.get(request.path_params["job"])
    return job if job is not None and job.kind == kind else None


def _files(job: Job) -> list[tuple[str, str]]:
    return [
        (name, label)
        for name, label in PACK_FILES.items()
        if (job.outputs / name).is_file()
    ]


# How many voice entries and unseen stretches the pack's page shows (the
# CSV files and the workbook hold them all).
PAGE_VOICE_ROWS = 50
PAGE_UNSEEN_ROWS = 5


def _experience(job: Job) -> dict[str, Any]:
    """The voice of the child and the longest stretches no agency recorded
    the child seen, for the pack's page."""
    chronology = job.result
    voice = getattr(chronology, "voice", None)
    seen = getattr(chronology, "seen", None)
    rows: list[dict[str, Any]] = []
    unseen: list[dict[str, Any]] = []
    if voice is not None and len(voice):
        rows = voice.head(PAGE_VOICE_ROWS).to_dict("records")
    if seen is not None and len(seen):
        every = seen[(seen["scope"] == "all") & (seen["kind"] == "seen")]
        longest = every.sort_values(["days", "from"], ascending=[False, True])
        unseen = longest.head(PAGE_UNSEEN_ROWS).to_dict("records")
    for row in rows:
        row["date"] = _uk(row["date"]) or "Not known"
    for row in unseen:
        row["from"], row["to"] = _uk(row["from"]), _uk(row["to"])
    total = 0 if voice is None else len(voice)
    return {"voice": rows, "voice_total": total, "unseen": unseen}


PAGE_CONFLICT_ROWS = 50


def _conflicts(job: Job) -> dict[str, Any]:
    """Where agencies' accounts of one event differ, both side by side, for
    the pack's page (conflicts.csv and the workbook hold them all)."""
    conflicts = getattr(job.result, "conflicts", None)
    if conflicts is None or not len(conflicts):
        return {"conflicts": [], "conflicts_total": 0}
    rows = conflicts.head(PAGE_CONFLICT_ROWS).to_dict("records")
    for row in rows:
        row["first_date"] = _uk(row["first_date"]) or "Not known"
        row["second_date"] = _uk(row["second_date"]) or "Not known"
    return {"conflicts": rows, "conflicts_total": len(conflicts)}


def _uk(iso_day: str) -> str:
    """2019-04-03 as 03/04/2019 (empty stays empty)."""
    parts = str(iso_day).split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else ""


def _check(job: Job, saved: list[Path], settings: ReviewSettings) -> None:
    """Validate the uploaded file(s) and write the annotated workbook."""
    try:
        report = validate_files(saved, settings)
        report.annotate(job.outputs / "annotated.xlsx")
        job.result = report
        job.status = "done"
    except Exception as exc:  # a hostile file must never stop the server
        job.error = plain_message(exc)
        job.status = "failed"
    finally:
        shutil.rmtree(job.inputs, ignore_errors=True)


def _pack(job: Job, saved: list[Path], settings: ReviewSettings) -> Chronology:
    def progress(stage: str) -> None:
        job.stage = stage.capitalize()

    chronology, _written = build_pack(saved, job.outputs, settings, progress=progress)
    # the page of who shared what with whom, and what was known at decisions
    chronology.write_sharing_map(job.outputs / "sharing.html")
    return chronology
